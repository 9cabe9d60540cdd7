//! Timeline: dated events.
//!
//! In: [`Article`]s (their dates anchor relative expressions) and [`Sentence`]s. Out: [`Event`]s,
//! oldest first, one per sentence and resolved date, each citing its sentence.
//!
//! Recognised: `3 December 2025`, `December 3, 2025`, `December 3`, `Dec. 3`, `December 2025`,
//! `in November`, `in 2017`, weekdays (`on Wednesday`, `Tuesday`, `Wednesday’s`), `last`/`next`/
//! `this week|month|year`, `yesterday`, `tomorrow`. A day and month without a year take the
//! year that puts them nearest the article date. A weekday is the most recent such day on or
//! before the article date, or the next one on or after it when its clause speaks of the future
//! (`will`, `is expected to`, `scheduled`, `next`, or `to a meeting … on Thursday` without a past
//! verb). Anything relative in an article without a date is left out, never guessed.

use super::{Cite, is_title_line};
use crate::date::{Date, month_number, weekday_number};
use crate::ingest::Article;
use crate::segment::Sentence;
use crate::tokens::{Tok, tokenize};
use serde::Serialize;

/// How precise an event date is. `date` is the first day of the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// A year (`in 2017`).
    Year,
    /// A month (`last month`, `in November`).
    Month,
    /// A week, Monday to Sunday (`next week`).
    Week,
    /// A day.
    Day,
}

/// One dated event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// First day of the period.
    pub date: Date,
    /// Precision of `date`.
    pub granularity: Granularity,
    /// The date expression as written (`on Wednesday`, `December 3`).
    pub expression: String,
    /// The sentence, verbatim.
    pub text: String,
    /// Article index.
    pub doc: usize,
    /// Sentence position.
    pub index: usize,
}

impl Event {
    /// The sentence cited.
    pub fn cite(&self) -> Cite {
        Cite { doc: self.doc, index: self.index }
    }
}

/// A date found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// First day of the period.
    pub date: Date,
    /// Precision.
    pub granularity: Granularity,
    /// Text as written.
    pub expression: String,
}

/// Last day of the period that starts at `date`.
pub fn period_end(date: Date, g: Granularity) -> Date {
    match g {
        Granularity::Day => date,
        Granularity::Week => date.add_days(6),
        Granularity::Month => date.add_months(1).add_days(-1),
        Granularity::Year => Date { year: date.year, month: 12, day: 31 },
    }
}

/// The dates of each sentence ([`dates_in_tokens`], anchored at its article's date; none for
/// title lines), found in parallel from its tokens (`toks[i]` for `sentences[i]`, from
/// [`super::tokenize_all`]): the timeline and what-to-watch both use them.
pub fn dates_of(articles: &[Article], sentences: &[Sentence], toks: &[Vec<Tok>]) -> Vec<Vec<Found>> {
    use rayon::prelude::*;
    sentences
        .par_iter()
        .zip(toks)
        .map(|(s, toks)| {
            if is_title_line(s) {
                return Vec::new();
            }
            dates_in_tokens(&s.text, toks, articles.get(s.doc).and_then(|a| a.date))
        })
        .collect()
}

/// Builds the timeline of `sentences` (see the module doc).
pub fn extract(articles: &[Article], sentences: &[Sentence]) -> Vec<Event> {
    extract_with(sentences, &dates_of(articles, sentences, &super::tokenize_all(sentences)))
}

/// [`extract`] with the dates of each sentence already found ([`dates_of`]).
pub fn extract_with(sentences: &[Sentence], dates: &[Vec<Found>]) -> Vec<Event> {
    use rayon::prelude::*;
    let mut out: Vec<Event> = sentences
        .par_iter()
        .zip(dates)
        .filter(|(s, _)| !is_title_line(s))
        .flat_map_iter(|(s, found)| {
            let mut seen: Vec<(Date, Granularity)> = Vec::new();
            let mut events = Vec::new();
            let spans = crate::tokens::quoted_spans(&s.text);
            // "'They don't want independence tomorrow,' said Marker": a date inside a quotation
            // is the speaker's, not a date of the report.
            for f in found.iter().cloned() {
                if seen.contains(&(f.date, f.granularity))
                    || super::only_quoted(&s.text, &spans, &f.expression)
                {
                    continue;
                }
                seen.push((f.date, f.granularity));
                events.push(Event {
                    date: f.date,
                    granularity: f.granularity,
                    expression: f.expression,
                    text: s.text.clone(),
                    doc: s.doc,
                    index: s.index,
                });
            }
            events
        })
        .collect();
    out.sort_by(|a, b| {
        (a.date, a.granularity, a.doc, a.index, &a.expression).cmp(&(
            b.date,
            b.granularity,
            b.doc,
            b.index,
            &b.expression,
        ))
    });
    out
}

const PREPOSITIONS: &[&str] =
    &["in", "since", "until", "by", "during", "from", "early", "late", "mid", "before", "after", "through"];

const PAST_VERBS: &[&str] = &[
    "began", "came", "did", "fell", "gave", "got", "had", "held", "led", "left", "lost", "made", "met",
    "ran", "rose", "said", "saw", "sent", "spoke", "struck", "took", "told", "was", "went", "were", "won",
    "wrote",
];

fn number(t: Option<&Tok>) -> Option<u32> {
    let t = t?;
    let digits: String = t.text.chars().take_while(char::is_ascii_digit).collect();
    let rest = &t.text[digits.len()..];
    if digits.is_empty() || digits.len() > 4 || !matches!(rest, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse().ok()
}

fn day_number(t: Option<&Tok>) -> Option<u32> {
    number(t).filter(|d| (1..=31).contains(d) && t.is_some_and(|t| t.text.len() <= 4))
}

fn year_number(t: Option<&Tok>) -> Option<i32> {
    number(t).filter(|y| (1000..=2999).contains(y) && t.is_some_and(|t| t.text.len() == 4)).map(|y| y as i32)
}

/// A month token: capitalised full name or abbreviation (`Dec.`, `Dec`, `Sept.`).
fn month_tok(t: &Tok) -> Option<u32> {
    if !t.is_cap() {
        return None;
    }
    month_number(t.base())
}

/// Tense signal of one token: 1 future ([`crate::lexicon::is_future_word`]: `will`, `expected`,
/// `next`), -1 past (`said`, `-ed`), 0.
fn tense_of(t: &Tok) -> i8 {
    let l = crate::text::lower(t.text);
    if crate::lexicon::is_future_word(&l) {
        1
    } else if PAST_VERBS.contains(&&*l) || (l.len() > 4 && l.ends_with("ed") && t.is_word()) {
        -1
    } else {
        0
    }
}

/// Whether the clause around token `i` speaks of the future (`tense` from [`tense_of`];
/// `sentence_future`: the sentence as a whole does). Looks at most 40 tokens each way.
fn future_at(toks: &[Tok], tense: &[i8], i: usize, sentence_future: bool) -> bool {
    let is_break = |t: &Tok| t.is(',') || t.is(';') || t.is('—') || t.is('–');
    let lo = i.saturating_sub(40);
    let hi = (i + 40).min(toks.len());
    let a = toks[lo..i].iter().rposition(is_break).map_or(lo, |p| lo + p + 1);
    let b = toks[i..hi].iter().position(is_break).map_or(hi, |p| p + i);
    let clause = &tense[a..b];
    if clause.contains(&1) {
        return true;
    }
    if clause.contains(&-1) {
        return false;
    }
    // `to a meeting in Miami on Thursday`: a destination or purpose points ahead.
    if toks[a..i].iter().any(|t| t.text == "to") {
        return true;
    }
    sentence_future
}

/// The year for `month`/`day` without one, by tense: a clause about the future takes the first
/// such day on or after `anchor`, a past one the last on or before it (`abducted on Jan. 29`
/// in a December article is this January, not next), otherwise the nearest.
fn year_by_tense(anchor: Date, month: u32, day: u32, tense: Option<bool>) -> Option<Date> {
    let candidates =
        [anchor.year - 1, anchor.year, anchor.year + 1].into_iter().filter_map(|y| Date::new(y, month, day));
    match tense {
        Some(true) => candidates.filter(|d| *d >= anchor).min(),
        Some(false) => candidates.filter(|d| *d <= anchor).max(),
        None => candidates.min_by_key(|d| (d.to_days() - anchor.to_days()).abs()),
    }
}

/// Every date expression in `text`, resolved against `anchor` (the article date) when relative.
pub fn dates_in(text: &str, anchor: Option<Date>) -> Vec<Found> {
    dates_in_tokens(text, &tokenize(text), anchor)
}

/// Most date expressions read from one sentence (the first ones). A news sentence names a few;
/// one that names more is a list or planted text, and what the timeline and "what to watch"
/// do with each date reads the whole sentence again.
pub const MAX_DATES_PER_SENTENCE: usize = 32;

/// [`dates_in`] with the tokens of `text` already found ([`tokenize`]): at most
/// [`MAX_DATES_PER_SENTENCE`].
pub fn dates_in_tokens(text: &str, toks: &[Tok], anchor: Option<Date>) -> Vec<Found> {
    let n = toks.len();
    let mut out = Vec::new();
    let mut used = vec![false; n];
    let tense: Vec<i8> = toks.iter().map(tense_of).collect();
    let any_past = tense.contains(&-1);
    let sentence_future = tense.contains(&1) && !any_past;
    let future_at = |i: usize| future_at(toks, &tense, i, sentence_future);
    // Tense at token `i` for a day without a year: future, past (the sentence reports what
    // happened), or unknown.
    let tense_at = |i: usize| {
        if future_at(i) {
            Some(true)
        } else if any_past {
            Some(false)
        } else {
            None
        }
    };
    let lower = |i: usize| toks.get(i).map(|t| t.text.to_lowercase()).unwrap_or_default();
    let expr = |a: usize, b: usize| text[toks[a].start()..toks[b].end()].to_string();
    for i in 0..n {
        if out.len() >= MAX_DATES_PER_SENTENCE {
            break;
        }
        if used[i] {
            continue;
        }
        let t = &toks[i];
        if let Some(m) = month_tok(t) {
            let full_or_dotted = t.base().len() > 3 || t.text.ends_with('.');
            // `3 December 2025` / `3 December`.
            let day_before = i.checked_sub(1).and_then(|p| day_number(toks.get(p)).map(|d| (p, d)));
            let day_after = day_number(toks.get(i + 1));
            if let Some((p, d)) = day_before.filter(|(p, _)| !used[*p]) {
                let (date, last) = match year_number(toks.get(i + 1)) {
                    Some(y) => (Date::new(y, m, d), i + 1),
                    None => (anchor.and_then(|a| year_by_tense(a, m, d, tense_at(i))), i),
                };
                if let Some(date) = date {
                    out.push(Found { date, granularity: Granularity::Day, expression: expr(p, last) });
                    used[p..=last].iter_mut().for_each(|u| *u = true);
                }
                continue;
            }
            // `December 3, 2025` / `December 3` / `Dec. 3`.
            if let Some(d) = day_after {
                let with_comma = toks.get(i + 2).is_some_and(|c| c.is(','));
                let y = if with_comma { year_number(toks.get(i + 3)) } else { year_number(toks.get(i + 2)) };
                let (date, last) = match y {
                    Some(y) => (Date::new(y, m, d), if with_comma { i + 3 } else { i + 2 }),
                    None => (anchor.and_then(|a| year_by_tense(a, m, d, tense_at(i))), i + 1),
                };
                if let Some(date) = date {
                    out.push(Found { date, granularity: Granularity::Day, expression: expr(i, last) });
                    used[i..=last].iter_mut().for_each(|u| *u = true);
                }
                continue;
            }
            if !full_or_dotted && t.base() != "May" {
                continue;
            }
            // `December 2025`.
            if let Some(y) = year_number(toks.get(i + 1)) {
                if let Some(date) = Date::new(y, m, 1) {
                    out.push(Found { date, granularity: Granularity::Month, expression: expr(i, i + 1) });
                    used[i..=i + 1].iter_mut().for_each(|u| *u = true);
                }
                continue;
            }
            // `in November`, `last December`.
            let prev = if i > 0 { lower(i - 1) } else { String::new() };
            let Some(a) = anchor else { continue };
            let target = match prev.as_str() {
                "last" => Some(if m < a.month { 0 } else { -1 }),
                "next" => Some(if m > a.month { 0 } else { 1 }),
                p if PREPOSITIONS.contains(&p) => {
                    if future_at(i) {
                        Some(if m >= a.month { 0 } else { 1 })
                    } else {
                        Some(if m <= a.month { 0 } else { -1 })
                    }
                }
                _ => None,
            };
            if let Some(dy) = target
                && let Some(date) = Date::new(a.year + dy, m, 1)
            {
                out.push(Found { date, granularity: Granularity::Month, expression: expr(i - 1, i) });
                used[i] = true;
            }
            continue;
        }
        if let Some(wd) = t.is_cap().then(|| weekday_number(t.base())).flatten() {
            let Some(a) = anchor else { continue };
            let prev = if i > 0 { lower(i - 1) } else { String::new() };
            let (date, from) = match prev.as_str() {
                "last" => (a.add_days(-1).nearest_weekday(wd, false), i - 1),
                "next" => (a.add_days(1).nearest_weekday(wd, true), i - 1),
                "this" => (a.nearest_weekday(wd, future_at(i)), i - 1),
                "on" => (a.nearest_weekday(wd, future_at(i)), i - 1),
                _ => (a.nearest_weekday(wd, future_at(i)), i),
            };
            out.push(Found { date, granularity: Granularity::Day, expression: expr(from, i) });
            used[i] = true;
            continue;
        }
        let l = lower(i);
        match l.as_str() {
            "last" | "next" | "this" => {
                let Some(a) = anchor else { continue };
                let step: i64 = match l.as_str() {
                    "last" => -1,
                    "next" => 1,
                    _ => 0,
                };
                let found = match lower(i + 1).as_str() {
                    "week" => Some((a.monday().add_days(7 * step), Granularity::Week)),
                    "month" => Some((a.add_months(step as i32), Granularity::Month)),
                    "year" => Date::new(a.year + step as i32, 1, 1).map(|d| (d, Granularity::Year)),
                    _ => None,
                };
                if let Some((date, granularity)) = found {
                    out.push(Found { date, granularity, expression: expr(i, i + 1) });
                    used[i..=i + 1].iter_mut().for_each(|u| *u = true);
                }
            }
            "yesterday" | "tomorrow" => {
                let Some(a) = anchor else { continue };
                let date = a.add_days(if l == "yesterday" { -1 } else { 1 });
                out.push(Found { date, granularity: Granularity::Day, expression: expr(i, i) });
            }
            p if PREPOSITIONS.contains(&p) => {
                if let Some(y) = year_number(toks.get(i + 1))
                    && (1900..=2100).contains(&y)
                    && !toks.get(i + 2).is_some_and(|t| t.is('-') || t.is('–'))
                    && let Some(date) = Date::new(y, 1, 1)
                {
                    out.push(Found { date, granularity: Granularity::Year, expression: expr(i, i + 1) });
                    used[i..=i + 1].iter_mut().for_each(|u| *u = true);
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn found(text: &str, anchor: Option<&str>) -> Vec<(String, Granularity, String)> {
        dates_in(text, anchor.map(d))
            .into_iter()
            .map(|f| (f.date.to_string(), f.granularity, f.expression))
            .collect()
    }

    use Granularity::*;

    #[test]
    fn a_sentence_yields_at_most_the_first_dates() {
        let list: Vec<String> = (0..200).map(|i| format!("{} March {}", i % 28 + 1, 1900 + i)).collect();
        let text = format!("The council met on {} and again later.", list.join(", "));
        let found = dates_in(&text, Some(d("2000-01-01")));
        assert_eq!(found.len(), MAX_DATES_PER_SENTENCE);
        assert_eq!(found[0].expression, "1 March 1900");
        assert_eq!(found[MAX_DATES_PER_SENTENCE - 1].expression, list[MAX_DATES_PER_SENTENCE - 1]);
    }

    #[test]
    fn a_day_without_a_year_takes_the_year_its_tense_implies() {
        let anchor = Some(d("1998-12-10"));
        let first = |text: &str| dates_in(text, anchor).first().map(|f| f.date);
        // Past: last January, not next.
        assert_eq!(
            first("The aid worker was abducted on Jan. 29 by unidentified gunmen."),
            Some(d("1998-01-29"))
        );
        // Future: next January.
        assert_eq!(first("The trial will resume on Jan. 29, officials said."), Some(d("1999-01-29")));
        // No tense: the nearest.
        assert_eq!(first("Jan. 5 is the deadline."), Some(d("1999-01-05")));
    }
    #[test]
    fn a_relative_day_inside_a_quotation_dates_nothing() {
        let mut a = crate::ingest::parse_article(
            "t.txt",
            "Title\n\n\"They don't want independence tomorrow,\" said the envoy.\n\nThe envoy arrived in Dili on Sunday, a day later than planned.\n",
            None,
        )
        .unwrap();
        a.date = Some(d("1998-12-21"));
        let s = crate::segment::split_all(std::slice::from_ref(&a));
        let events = extract(&[a], &s);
        let texts: Vec<(&str, String)> =
            events.iter().map(|e| (e.text.as_str(), e.date.to_string())).collect();
        assert_eq!(texts.len(), 1, "{texts:?}");
        assert!(texts[0].0.starts_with("The envoy arrived") && texts[0].1 == "1998-12-20", "{texts:?}");
    }

    #[test]
    fn absolute_dates() {
        assert_eq!(
            found("Signed on 3 March 2019 in Oslo.", None),
            [("2019-03-03".into(), Day, "3 March 2019".into())]
        );
        assert_eq!(
            found("By Sept. 14, 2020, it was over.", None),
            [("2020-09-14".into(), Day, "Sept. 14, 2020".into())]
        );
        assert_eq!(found("It was founded in 1990.", None), [("1990-01-01".into(), Year, "in 1990".into())]);
        assert_eq!(
            found("Sales fell in June 2021.", None),
            [("2021-06-01".into(), Month, "June 2021".into())]
        );
    }

    #[test]
    fn relative_dates_need_the_article_date() {
        assert!(found("The board met on Tuesday and again on March 4.", None).is_empty());
        let a = Some("2024-03-06"); // a Wednesday
        assert_eq!(
            found("The board met on Tuesday and again on March 4.", a),
            [("2024-03-05".into(), Day, "on Tuesday".into()), ("2024-03-04".into(), Day, "March 4".into())]
        );
        assert_eq!(
            found("The board will meet on Friday.", a),
            [("2024-03-08".into(), Day, "on Friday".into())]
        );
        assert_eq!(found("Votes are due Dec. 30.", a), [("2023-12-30".into(), Day, "Dec. 30".into())]);
        assert_eq!(found("It rained last month.", a), [("2024-02-01".into(), Month, "last month".into())]);
        assert_eq!(found("They meet next week.", a), [("2024-03-11".into(), Week, "next week".into())]);
        assert_eq!(
            found("The deal collapsed in November.", a),
            [("2023-11-01".into(), Month, "in November".into())]
        );
        assert_eq!(
            found("Aides invited the minister, who accepted, to a summit in Rome on Thursday.", a),
            [("2024-03-07".into(), Day, "on Thursday".into())]
        );
    }

    #[test]
    fn undated_sentences_and_lookalikes_yield_nothing() {
        let a = Some("2024-03-06");
        for t in [
            "The talks may fail.",
            "Nothing happened.",
            "The 2026 summit in Ankara matters.",
            "Trade rose 28 percent.",
            "",
            "March",
            "In 99999 years.",
        ] {
            assert!(found(t, a).is_empty(), "{t}: {:?}", found(t, a));
        }
    }

    #[test]
    fn timeline_is_sorted_oldest_first() {
        let src = "Title\n\nThe fund opened in 2017. It closed on Monday. It reopens next week.\n";
        let mut a = crate::ingest::parse_article("t.txt", src, None).unwrap();
        a.date = Some(d("2024-03-06"));
        let s = crate::segment::split_all(&[a.clone()]);
        let ev = extract(&[a], &s);
        let dates: Vec<String> = ev.iter().map(|e| e.date.to_string()).collect();
        assert_eq!(dates, ["2017-01-01", "2024-03-04", "2024-03-11"]);
        assert_eq!(ev[1].cite(), Cite { doc: 0, index: 1 });
    }
}
