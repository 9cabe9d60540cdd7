//! Extractors (issue #4): actors, quotes, a timeline and "what to watch" from segmented articles.
//!
//! In: the [`Article`]s (for their dates), their [`Sentence`]s (from `segment::split_all`), the
//! brief date and an optional [`Gazetteer`]. Out: [`Extracted`], plain owned structs that cite
//! `(doc, index)` sentences. Everything is rule-based, offline and deterministic: output order
//! never depends on hash iteration, and every sort has an explicit tie-break. No input panics;
//! the work is linear (plus sorting) in the number of sentences.
//!
//! Every extractor reads each sentence through the same tokens ([`crate::tokens`], found once
//! per sentence here) and the same word lists ([`crate::lexicon`]).

pub mod actors;
pub mod quotes;
pub mod timeline;
pub mod watch;

use crate::date::Date;
use crate::ingest::Article;
use crate::segment::Sentence;
use crate::tokens::{Tok, in_spans, tokenize};
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

/// Sentences tokenised at a time by [`extract_all`] (bounds the memory of token lists).
const EXTRACT_BATCH: usize = 4096;

/// Runs the four extractors. `brief_date` anchors "what to watch"; article dates anchor
/// relative dates. The gazetteer (if any) adds and corrects actors.
pub fn extract_all(
    articles: &[Article],
    sentences: &[Sentence],
    brief_date: Date,
    gazetteer: Option<&Gazetteer>,
) -> Extracted {
    // One tokenisation per sentence, a part of the sentences at a time: name candidates,
    // dates and watch items are found per sentence; only the tokens the quote pass reads are
    // kept (a token list weighs about five times its sentence's text).
    let reads = quotes::reads_tokens(sentences);
    let mut cands = Vec::new();
    let mut dates = Vec::with_capacity(sentences.len());
    let mut watch = Vec::new();
    let mut kept: Vec<Vec<Tok>> = Vec::with_capacity(sentences.len());
    for (part, chunk) in sentences.chunks(EXTRACT_BATCH).enumerate() {
        let toks = tokenize_all(chunk);
        let found = timeline::dates_of(articles, chunk, &toks);
        let (scanned, items) = rayon::join(
            || actors::scan(chunk, &toks),
            || watch::items(articles, chunk, &toks, &found, brief_date),
        );
        cands.extend(scanned);
        watch.extend(items);
        dates.extend(found);
        let reads = &reads[part * EXTRACT_BATCH..];
        kept.extend(toks.into_iter().zip(reads).map(|(mut t, &r)| {
            if r {
                t.shrink_to_fit();
                t
            } else {
                Vec::new()
            }
        }));
    }
    watch::rank(&mut watch);
    // Actors then quotes (which need the actors), alongside the timeline.
    let ((index, quotes), timeline) = rayon::join(
        || {
            let index = actors::resolve(cands, gazetteer);
            let quotes = quotes::extract_with(sentences, &kept, &index);
            (index, quotes)
        },
        || timeline::extract_with(sentences, &dates),
    );
    Extracted { actors: index.actors, quotes, timeline, watch }
}

/// The tokens of each sentence (`out[i]` for `sentences[i]`), found in parallel: what every
/// extractor reads, so a sentence is tokenised once.
pub fn tokenize_all(sentences: &[Sentence]) -> Vec<Vec<Tok<'_>>> {
    use rayon::prelude::*;
    sentences.par_iter().map(|s| tokenize(&s.text)).collect()
}

/// Whether every occurrence of `phrase` in `text` lies inside one of `spans` (from
/// [`crate::tokens::quoted_spans`]): a date only a speaker names ("… tomorrow," said Marker).
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
}
