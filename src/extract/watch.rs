//! What to watch: forward-looking statements, scored.
//!
//! In: [`Article`]s (dates), [`Sentence`]s and the brief date. Out: [`WatchItem`]s, best first
//! (ties: document, then sentence order), so the caller keeps the top N.
//!
//! A sentence is forward-looking when it says `will`, `is expected to`, `plans to`, `is scheduled
//! to`, `is set to`, `next week`, `upcoming`, … or names a date after the brief date. The score
//! adds the markers' weights (halved inside quotation marks) and a bonus for a date after the
//! brief date, and is discounted for hedges (`could`, `might`, `would`) and for older articles
//! (a week old halves it). Left out: headlines, conditionals (`if … will`), sentences whose
//! dates all lie on or before the brief date (the event has passed or is under way), and
//! past-tense reports of plans (`was expected to`).

use super::is_title_line;
use super::timeline::{Found, Granularity, period_end};
use crate::date::Date;
use crate::ingest::Article;
use crate::segment::Sentence;
use crate::tokens::{Tok, quoted_spans};
use serde::Serialize;
use std::borrow::Cow;

/// One forward-looking statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WatchItem {
    /// The sentence, verbatim.
    pub text: String,
    /// Article index.
    pub doc: usize,
    /// Sentence position.
    pub index: usize,
    /// Score (higher is more clearly forward-looking and fresher).
    pub score: f64,
    /// The forward-looking markers found (`will`, `is expected to`, `next week`, `date`).
    pub markers: Vec<String>,
    /// Earliest date after the brief date (a period ending after it) named by the sentence, if any.
    pub date: Option<Date>,
    /// Precision of `date`.
    pub granularity: Option<Granularity>,
}

const HEDGES: &[&str] = &["could", "might", "may", "would"];

/// Scores the forward-looking sentences of `sentences` against `brief_date` (see the module doc).
pub fn extract(articles: &[Article], sentences: &[Sentence], brief_date: Date) -> Vec<WatchItem> {
    let toks = super::tokenize_all(sentences);
    let dates = super::timeline::dates_of(articles, sentences, &toks);
    extract_with(articles, sentences, &toks, &dates, brief_date)
}

/// [`extract`] with the tokens and the dates of each sentence already found
/// ([`super::tokenize_all`], [`super::timeline::dates_of`]).
pub fn extract_with(
    articles: &[Article],
    sentences: &[Sentence],
    toks: &[Vec<Tok>],
    dates: &[Vec<Found>],
    brief_date: Date,
) -> Vec<WatchItem> {
    let mut out = items(articles, sentences, toks, dates, brief_date);
    rank(&mut out);
    out
}

/// The watch items of `sentences`, in sentence order (unranked): [`extract_with`] before
/// [`rank`], which can run on a part of the sentences at a time.
pub(crate) fn items(
    articles: &[Article],
    sentences: &[Sentence],
    toks: &[Vec<Tok>],
    dates: &[Vec<Found>],
    brief_date: Date,
) -> Vec<WatchItem> {
    use rayon::prelude::*;
    sentences
        .par_iter()
        .zip(toks)
        .zip(dates)
        .filter(|((s, _), _)| !is_title_line(s) && crate::text::word_count(&s.text) >= 6)
        .filter_map(|((s, toks), found)| {
            score(s, toks, found, articles.get(s.doc).and_then(|a| a.date), brief_date)
        })
        .collect()
}

/// Watch items best first: by score, then in reading order.
pub(crate) fn rank(items: &mut [WatchItem]) {
    items.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)).then(a.index.cmp(&b.index)));
}

fn score(
    s: &Sentence,
    toks: &[Tok],
    found: &[Found],
    article_date: Option<Date>,
    brief_date: Date,
) -> Option<WatchItem> {
    let words: Vec<Cow<str>> =
        toks.iter().filter(|t| t.is_word()).map(|t| crate::text::lower(t.text)).collect();
    let word_toks: Vec<&Tok> = toks.iter().filter(|t| t.is_word()).collect();
    let spans = quoted_spans(&s.text);
    let quoted = |t: &Tok| crate::tokens::in_spans(&spans, t.start(), t.end());

    let mut total = 0.0;
    let mut markers: Vec<String> = Vec::new();
    let mut first_marker: Option<usize> = None;
    let mut any_outside = false;
    for (i, word) in words.iter().enumerate() {
        for &(m, w) in crate::lexicon::watch_markers() {
            // Most words start no marker: compare the first word before splitting.
            if !m.strip_prefix(&**word).is_some_and(|rest| rest.is_empty() || rest.starts_with(' ')) {
                continue;
            }
            let len = m.split(' ').count();
            if words.len() >= i + len && m.split(' ').zip(&words[i..]).all(|(p, w)| w == p) {
                // `political will`, `the will of`: a noun, not the future.
                if m == "will" && (i == 0 || words.get(i + 1).is_some_and(|n| n == "of")) {
                    continue;
                }
                let inside = quoted(word_toks[i]);
                total += if inside { w * 0.5 } else { w };
                any_outside |= !inside;
                first_marker.get_or_insert(i);
                if !markers.iter().any(|x| x == m) {
                    markers.push(m.to_string());
                }
            }
        }
    }

    // Dates: future ones add weight, only-past ones disqualify; a date only a speaker names
    // inside a quotation does neither.
    let found: Vec<&Found> = found
        .iter()
        .filter(|f| !super::only_quoted(&s.text, &spans, &f.expression))
        .filter(|f| !is_report_date(&s.text, f, article_date))
        .collect();
    let future: Vec<_> = found.iter().filter(|f| ahead(f, brief_date, article_date)).collect();
    let past_only = !found.is_empty() && future.is_empty();
    if past_only {
        return None;
    }
    let next = future.iter().min_by_key(|f| (f.date, f.granularity)).map(|f| (f.date, f.granularity));
    // A date alone looks ahead only when it lies after the day the article was written: "police
    // said Monday they had rounded up …" on that Monday is a report.
    if total <= 0.0 && next.is_some_and(|(d, _)| article_date.is_some_and(|a| d <= a)) {
        return None;
    }
    if next.is_some() {
        total += 3.0;
        markers.push("date".to_string());
    }
    if total <= 0.0 {
        return None;
    }

    // Conditionals: an `if`/`unless` before the first marker in the sentence.
    if let Some(fm) = first_marker
        && words[..fm].iter().any(|w| w == "if" || w == "unless")
        && next.is_none()
    {
        return None;
    }
    // Past reports of plans.
    if words.windows(3).any(|w| matches!(&*w[0], "was" | "were") && w[1] == "expected" && w[2] == "to")
        && !any_outside
    {
        return None;
    }
    let mut factor = 1.0;
    if words.iter().any(|w| HEDGES.contains(&&**w)) {
        factor *= 0.6;
    }
    if !any_outside && next.is_none() {
        factor *= 0.5;
    }
    factor *= match article_date {
        Some(a) if a < brief_date => 1.0 / (1.0 + (brief_date.to_days() - a.to_days()) as f64 / 7.0),
        Some(_) => 1.0,
        None => 0.5,
    };
    Some(WatchItem {
        text: s.text.clone(),
        doc: s.doc,
        index: s.index,
        score: (total * factor * 1000.0).round() / 1000.0,
        markers,
        date: next.map(|n| n.0),
        granularity: next.map(|n| n.1),
    })
}

/// Whether a day is when the statement was made, not when its event is: a day no later than
/// the article's that opens the sentence ("Also Wednesday, the minister said the talks would go
/// on …") or sits beside the reporting verb ("…, an official told reporters on Wednesday").
fn is_report_date(text: &str, f: &Found, article_date: Option<Date>) -> bool {
    if f.granularity != Granularity::Day || article_date.is_none_or(|a| f.date > a) {
        return false;
    }
    let Some(at) = text.find(&f.expression) else { return false };
    let before: Vec<&str> = text[..at].split_whitespace().collect();
    let after: Vec<&str> = text[at + f.expression.len()..].split_whitespace().collect();
    let reporting = |w: &&str| {
        matches!(
            w.trim_matches(|c: char| !c.is_alphabetic()),
            "said" | "says" | "told" | "announced" | "added" | "stated"
        )
    };
    let opens = before.iter().all(|w| matches!(*w, "Also" | "On" | "also" | "on"))
        && text[at + f.expression.len()..].starts_with(',')
        && text.contains(" said ");
    let beside = before.iter().rev().take(4).any(reporting) || after.iter().take(2).any(reporting);
    opens || beside
}

/// Whether a date lies after the brief date. A day on the brief date itself ("a meeting in Miami
/// on Thursday" in a brief dated that Thursday) is under way or over when the brief is read; a
/// week must start after it ("next week" written a week ago may be this week, and its event may
/// be over); a year must start after it; a month must start after it, or hold both the brief
/// date and the day the article was written ("talks later in December" in a December article; "next month" written
/// in November may be over by the end of December).
fn ahead(f: &Found, brief_date: Date, article_date: Option<Date>) -> bool {
    match f.granularity {
        // "This year" is rarely an event to watch: a year must be a later one.
        Granularity::Day | Granularity::Week | Granularity::Year => f.date > brief_date,
        Granularity::Month => {
            let end = period_end(f.date, f.granularity);
            f.date > brief_date || end > brief_date && article_date.is_some_and(|a| a >= f.date)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(texts: &[&str], article: &str, brief: &str) -> Vec<WatchItem> {
        let body: String = texts.iter().map(|t| format!("{t}\n")).collect();
        let mut a = crate::ingest::parse_article("w.txt", &format!("Title\n\n{body}"), None).unwrap();
        a.date = Date::parse(article);
        let s = crate::segment::split_all(&[a.clone()]);
        extract(&[a], &s, Date::parse(brief).unwrap())
    }

    #[test]
    fn a_report_dated_the_day_of_writing_is_not_ahead() {
        let w = items(
            &[
                "Police said Monday they had rounded up at least 100 migrants near the border.",
                "The court will rule on Tuesday whether the migrants may stay.",
                "The ministers meet in Vienna on Thursday, December 24.",
            ],
            "1998-12-21",
            "1998-12-21",
        );
        let texts: Vec<&str> = w.iter().map(|i| i.text.as_str()).collect();
        assert!(!texts.iter().any(|t| t.starts_with("Police")), "{texts:?}");
        assert!(texts.iter().any(|t| t.starts_with("The court")), "{texts:?}");
        assert!(texts.iter().any(|t| t.starts_with("The ministers")), "{texts:?}");
    }

    #[test]
    fn forward_statements_rank_above_hedged_ones() {
        let w = items(
            &[
                "The ministers are scheduled to meet in Vienna on March 12.",
                "The council will vote on the budget.",
                "Prices could rise if the strike will last, analysts said.",
                "The committee met on Monday and approved the plan.",
            ],
            "2024-03-06",
            "2024-03-06",
        );
        let texts: Vec<&str> = w.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The ministers are scheduled to meet in Vienna on March 12.",
                "The council will vote on the budget."
            ]
        );
        assert_eq!(w[0].date, Date::parse("2024-03-12"));
        assert!(
            w[0].markers.contains(&"is scheduled to".to_string())
                || w[0].markers.contains(&"are scheduled to".to_string())
        );
        assert!(w[0].score > w[1].score);
    }

    #[test]
    fn past_events_and_stale_articles() {
        // The meeting date lies before the brief date: it has happened.
        assert!(
            items(&["The ministers will meet on March 7 in Vienna."], "2024-03-06", "2024-03-20").is_empty()
        );
        // On the brief date itself: under way when the brief is read, not ahead.
        assert!(
            items(&["The ministers will meet in Vienna on Thursday, March 7."], "2024-03-05", "2024-03-07")
                .is_empty()
        );
        assert_eq!(
            items(&["The ministers will meet in Vienna on Friday, March 8."], "2024-03-05", "2024-03-07")[0]
                .date,
            Date::parse("2024-03-08")
        );
        // "Next month" written a month before the brief may be over by now.
        assert!(items(&["The route will open next month."], "1998-11-24", "1998-12-30").is_empty());
        assert_eq!(items(&["The route will open later this month."], "1998-12-02", "1998-12-04").len(), 1);
        // The day of the statement is not the day of its event.
        let w = items(
            &[
                "Also Wednesday, Jan Kowal said the ferry company had invited the town to talks in the near future.",
            ],
            "2024-03-06",
            "2024-03-07",
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].date, None);
        assert!(
            items(
                &["The ministers will meet in Vienna on Thursday, an official told reporters on Wednesday."],
                "2024-03-06",
                "2024-03-07"
            )
            .is_empty()
        );
        // Same statement, fresh vs. a month old: the fresh one scores higher.
        let fresh = items(&["The ministers will discuss the budget at length."], "2024-03-20", "2024-03-20");
        let stale = items(&["The ministers will discuss the budget at length."], "2024-02-20", "2024-03-20");
        assert!(fresh[0].score > stale[0].score);
    }

    #[test]
    fn quotes_and_nouns_are_weak_or_ignored() {
        let w = items(
            &[
                "There is no political will of any kind among the members.",
                "\"We will win this vote easily,\" the senator said last year.",
            ],
            "2024-03-06",
            "2024-03-06",
        );
        assert!(w.is_empty(), "{w:?}");
    }
}
