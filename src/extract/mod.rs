//! Extractors (issue #4): actors, quotes, a timeline and "what to watch" from segmented articles.
//!
//! In: the [`Article`]s (for their dates), their [`Sentence`]s (from `segment::split_all`), the
//! brief date and an optional [`Gazetteer`]. Out: [`Extracted`], plain owned structs that cite
//! `(doc, index)` sentences. Everything is rule-based, offline and deterministic: output order
//! never depends on hash iteration, and every sort has an explicit tie-break. No input panics;
//! the work is linear (plus sorting) in the number of sentences.
//!
//! The shared pieces live here: a small tokenizer that keeps byte offsets ([`tokenize`]) and the
//! word lists ([`lexicon`]) the extractors agree on.

pub mod actors;
pub mod lexicon;
pub mod quotes;
pub mod timeline;
pub mod watch;

use crate::date::Date;
use crate::ingest::Article;
use crate::segment::Sentence;
use serde::Serialize;

pub use actors::{Actor, ActorIndex, ActorKind, Gazetteer, GazetteerEntry, MAX_GAZETTEER_BYTES, Mention};
pub use quotes::Quote;
pub use timeline::{Event, Granularity};
pub use watch::WatchItem;

/// A sentence reference: article index and sentence position, as in [`Sentence`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Cite {
    /// Article index.
    pub doc: usize,
    /// Sentence position in the article.
    pub index: usize,
}

impl Cite {
    /// The citation of a sentence.
    pub fn of(s: &Sentence) -> Cite {
        Cite { doc: s.doc, index: s.index }
    }
}

/// Everything the extractors found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extracted {
    /// People and organisations, most mentioned first.
    pub actors: Vec<Actor>,
    /// Attributed quotations, in reading order (doc, sentence).
    pub quotes: Vec<Quote>,
    /// Dated events, oldest first.
    pub timeline: Vec<Event>,
    /// Forward-looking statements, best first.
    pub watch: Vec<WatchItem>,
}

/// Runs the four extractors. `brief_date` anchors "what to watch"; article dates anchor
/// relative dates. The gazetteer (if any) adds and corrects actors.
pub fn extract_all(
    articles: &[Article],
    sentences: &[Sentence],
    brief_date: Date,
    gazetteer: Option<&Gazetteer>,
) -> Extracted {
    // Actors then quotes (which need the actors), alongside the timeline and watch items;
    // each extractor's result is in a fixed order whatever runs on which thread.
    let ((index, quotes), (timeline, watch)) = rayon::join(
        || {
            let index = actors::extract(sentences, gazetteer);
            let quotes = quotes::extract(sentences, &index);
            (index, quotes)
        },
        || {
            let dates = timeline::dates_of(articles, sentences);
            rayon::join(
                || timeline::extract_with(sentences, &dates),
                || watch::extract_with(articles, sentences, &dates, brief_date),
            )
        },
    );
    Extracted { actors: index.actors, quotes, timeline, watch }
}

/// One token of a sentence: a word (letters/digits with inner `.`, `'`, `’`, `-`, e.g. `U.S.`,
/// `Russia’s`, `Secretary-General`) or a single punctuation character, with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok<'a> {
    /// The token text, a slice of the sentence.
    pub text: &'a str,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset after the last byte.
    pub end: usize,
}

/// Abbreviations whose final period belongs to the word.
const DOTTED: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Gov", "Rep", "Gen", "Col", "Lt", "Capt", "Amb", "St", "Jr",
    "Sr", "Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Adm", "Maj", "Sgt", "No",
    "vs",
];

impl<'a> Tok<'a> {
    /// Whether the token is a word (starts with a letter or digit).
    pub fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphanumeric)
    }

    /// Whether the token starts with an upper-case letter.
    pub fn is_cap(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether the token ends in a possessive `'s` / `’s`.
    pub fn possessive(&self) -> bool {
        self.text.len() > 2 && (self.text.ends_with("'s") || self.text.ends_with("’s"))
    }

    /// The token without a possessive suffix.
    pub fn base(&self) -> &'a str {
        self.text.strip_suffix("'s").or_else(|| self.text.strip_suffix("’s")).unwrap_or(self.text)
    }

    /// Lower-cased [`Tok::base`].
    pub fn lower(&self) -> String {
        self.base().to_lowercase()
    }

    /// Whether the token is this punctuation character.
    pub fn is(&self, c: char) -> bool {
        self.text.len() == c.len_utf8() && self.text.starts_with(c)
    }
}

fn is_inner_joiner(c: char) -> bool {
    matches!(c, '.' | '\'' | '’' | '-' | '\u{2011}')
}

/// Splits `text` into [`Tok`]s; whitespace is dropped. Never panics; linear in the length.
pub fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(c) = text[pos..].chars().next() {
        let start = pos;
        pos += c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        if !c.is_alphanumeric() {
            out.push(Tok { text: &text[start..pos], start, end: pos });
            continue;
        }
        loop {
            let mut rest = text[pos..].chars();
            match rest.next() {
                Some(d) if d.is_alphanumeric() => pos += d.len_utf8(),
                Some(j) if is_inner_joiner(j) && rest.next().is_some_and(char::is_alphanumeric) => {
                    pos += j.len_utf8()
                }
                _ => break,
            }
        }
        let word = &text[start..pos];
        let single_initial = word.chars().count() == 1 && c.is_uppercase();
        if text[pos..].starts_with('.') && (word.contains('.') || DOTTED.contains(&word) || single_initial) {
            pos += 1;
            // `E.U.’s`: the possessive after an abbreviation's period.
            for suffix in ["’s", "'s"] {
                if text[pos..].starts_with(suffix)
                    && !text[pos + suffix.len()..].chars().next().is_some_and(char::is_alphanumeric)
                {
                    pos += suffix.len();
                }
            }
        }
        out.push(Tok { text: &text[start..pos], start, end: pos });
    }
    out
}

/// Whether a double quotation mark opens (`Some(true)`), closes (`Some(false)`) or may do
/// either (`None`, the straight `"`). Other characters are not double quotes.
pub(crate) fn quote_kind(c: char) -> Option<Option<bool>> {
    match c {
        '“' | '„' | '«' => Some(Some(true)),
        '”' | '»' => Some(Some(false)),
        '"' => Some(None),
        _ => None,
    }
}

/// Byte spans `[open, close]` of double-quoted passages (the quote characters included).
/// An unclosed quote runs to the end of the text.
pub(crate) fn quoted_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let Some(kind) = quote_kind(c) else { continue };
        match (open, kind) {
            (None, Some(true) | None) => open = Some(i),
            (Some(o), Some(false) | None) => {
                out.push((o, i + c.len_utf8()));
                open = None;
            }
            // A second opening mark: restart from it.
            (Some(_), Some(true)) => open = Some(i),
            (None, Some(false)) => {}
        }
    }
    if let Some(o) = open {
        out.push((o, text.len()));
    }
    out
}

/// Whether `[start, end)` lies inside one of `spans` (sorted, non-overlapping). O(log n).
pub(crate) fn in_spans(spans: &[(usize, usize)], start: usize, end: usize) -> bool {
    let i = spans.partition_point(|&(a, _)| a <= start);
    i > 0 && end <= spans[i - 1].1
}

/// Whether every occurrence of `phrase` in `text` lies inside one of `spans` (from
/// [`quoted_spans`]): a date only a speaker names ("… tomorrow," said Marker).
pub(crate) fn only_quoted(text: &str, spans: &[(usize, usize)], phrase: &str) -> bool {
    !spans.is_empty() && text.match_indices(phrase).all(|(at, p)| in_spans(spans, at, at + p.len()))
}

/// Whether a sentence is a headline-style line ("Reactions from European Leaders"): a heading,
/// or no final punctuation with most words capitalised.
pub(crate) fn is_title_line(s: &Sentence) -> bool {
    if s.heading {
        return true;
    }
    if crate::text::final_punctuation(&s.text).is_some() {
        return false;
    }
    let t = s.text.trim_end_matches(['"', '\'', '”', '’', ')']);
    let words: Vec<&str> = t.split_whitespace().collect();
    let content: Vec<&&str> =
        words.iter().filter(|w| !crate::text::is_stop_word(&w.to_lowercase())).collect();
    let caps = content.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    words.len() <= 16 && caps * 3 >= content.len() * 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn tokenizer_keeps_acronyms_possessives_and_offsets() {
        assert_eq!(
            texts("The E.U.’s chief, U.S. envoy Dr. Smith's Secretary-General on Dec. 3."),
            [
                "The",
                "E.U.’s",
                "chief",
                ",",
                "U.S.",
                "envoy",
                "Dr.",
                "Smith's",
                "Secretary-General",
                "on",
                "Dec.",
                "3",
                "."
            ]
        );
        let s = "Kęstutis Budrys — “yes”";
        for t in tokenize(s) {
            assert_eq!(&s[t.start..t.end], t.text);
        }
        assert!(tokenize("").is_empty());
        assert_eq!(tokenize("Smith's").first().map(|t| t.base()), Some("Smith"));
    }

    #[test]
    fn hostile_input_neither_panics_nor_goes_quadratic() {
        let long_names = "Secretary Kęstutis Budrys said on Wednesday that ".repeat(3000);
        let long_quotes = "“a b c” said he, ".repeat(3000);
        let weekdays = "on Monday and Tuesday ".repeat(3000);
        let texts = [
            "",
            "\"",
            "“”",
            "’s",
            "Mr.",
            "Dec. 32",
            "3 December 99999",
            "in 0000",
            ", , ,",
            "“unclosed quote that goes on and on and on, he said",
            long_names.as_str(),
            long_quotes.as_str(),
            weekdays.as_str(),
        ];
        let body: String = texts.iter().map(|t| format!("{t}\n\n")).collect();
        let mut a = crate::ingest::parse_article("h.txt", &format!("Title\n\n{body}"), None).unwrap();
        a.date = Date::new(2025, 12, 3);
        let mut sentences = crate::segment::split_all(std::slice::from_ref(&a));
        // Also sentences that bypass the segmenter.
        for (i, t) in texts.iter().enumerate() {
            sentences.push(Sentence {
                doc: 0,
                index: 10_000 + i,
                block: 10_000 + i,
                heading: i % 2 == 0,
                text: t.to_string(),
                span: (0, 0),
            });
        }
        let started = std::time::Instant::now();
        let e = extract_all(&[a], &sentences, Date::new(2025, 12, 4).unwrap(), None);
        assert!(started.elapsed().as_secs() < 20, "too slow: {:?}", started.elapsed());
        assert!(e.actors.iter().any(|a| a.name == "Kęstutis Budrys"));
        assert_eq!(extract_all(&[], &[], Date::new(2025, 1, 1).unwrap(), None).actors, []);
    }

    #[test]
    fn quoted_spans_pair_straight_and_curly_quotes() {
        let s = "He said “a b” and \"c d\" then \"e";
        let spans: Vec<&str> = quoted_spans(s).into_iter().map(|(a, b)| &s[a..b]).collect();
        assert_eq!(spans, ["“a b”", "\"c d\"", "\"e"]);
        assert_eq!(quoted_spans("mixed \"open close” end").len(), 1);
        assert!(quoted_spans("none ” here").is_empty());
    }
}
