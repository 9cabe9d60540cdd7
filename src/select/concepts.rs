//! Concepts: the units of information the selection objective counts.
//!
//! In: candidate sentences. Out: for each sentence the sorted ids of the concepts it mentions,
//! and a weight per concept. A concept is a pair of adjacent stemmed words, not both stop words
//! ("hun sen", "sen reject", "of parliament"), as in ICSISumm (Gillick & Favre 2009); content
//! unigrams can be added with a smaller weight. Weight = how many documents mention the concept
//! (how many sentences, for a single document); concepts mentioned by too few documents weigh 0.
//! Ids are assigned in order of first appearance, so everything is deterministic.

use crate::segment::Sentence;
use crate::text;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;

/// Id of a word stem, with whether the word is a stop word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub stem: u32,
    pub stop: bool,
}

const NO_WORD: u32 = u32::MAX;

/// Stems, concept ids and weights of one cluster of candidates.
pub struct Concepts {
    stemmer: Stemmer,
    words: HashMap<String, Token>,
    stems: HashMap<String, u32>,
    ids: HashMap<(u32, u32), u32>,
    /// Concepts of each candidate: sorted `(id, occurrences)`.
    pub of: Vec<Vec<(u32, u32)>>,
    /// Whether each concept id is a single word (else a word pair).
    pub unigram: Vec<bool>,
    /// Content-word stems of each candidate (sorted, unique), for near-duplicate tests.
    pub stems_of: Vec<Vec<u32>>,
    /// Weight of each concept id (0 = below the frequency threshold).
    pub weight: Vec<f64>,
}

/// How concepts are weighted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weighting {
    /// Weight of a content unigram relative to a bigram with the same frequency.
    pub unigram: f64,
    /// Minimum document frequency, as a fraction of the number of documents (at least 1 doc).
    pub min_df_fraction: f64,
    /// Exponent on frequencies: weight = frequency^exponent.
    pub exponent: f64,
    /// Weight of a word pair.
    pub bigram: f64,
    /// Whether repeated sentences add no mentions.
    pub count_repeats_once: bool,
    /// Content-word containment from which a sentence of another document is a repeat.
    pub near_repeat: f64,
    /// A mention at sentence position p counts 1 / (1 + decay × p) (0: every mention counts 1).
    pub position_decay: f64,
}

impl Concepts {
    /// Extracts and weights the concepts of `sentences`.
    pub fn new(sentences: &[&Sentence], weighting: Weighting) -> Concepts {
        let mut c = Concepts {
            stemmer: Stemmer::create(Algorithm::English),
            words: HashMap::new(),
            stems: HashMap::new(),
            ids: HashMap::new(),
            of: Vec::with_capacity(sentences.len()),
            stems_of: Vec::with_capacity(sentences.len()),
            weight: Vec::new(),
            unigram: Vec::new(),
        };
        let mut docs: Vec<usize> = sentences.iter().map(|s| s.doc).collect();
        docs.sort_unstable();
        docs.dedup();
        let n_docs = docs.len();
        let mut mentions: Vec<(u32, usize, usize)> = Vec::new(); // (concept, doc or sentence, position)
        // A sentence repeated verbatim in another document (wire updates, reprints) is one
        // mention, not one per copy.
        let mut seen: std::collections::HashSet<Vec<u32>> = std::collections::HashSet::new();
        for (i, s) in sentences.iter().enumerate() {
            let tokens = c.tokens(&s.text);
            let mut repeat = !seen.insert(tokens.iter().map(|t| t.stem).collect());
            let mut stems: Vec<u32> = tokens.iter().filter(|t| !t.stop).map(|t| t.stem).collect();
            stems.sort_unstable();
            stems.dedup();
            if !repeat && weighting.near_repeat < 1.0 {
                repeat =
                    c.stems_of.iter().zip(sentences).any(|(o, t)| {
                        t.doc != s.doc && super::containment(&stems, o) >= weighting.near_repeat
                    });
            }
            let mut ids = Vec::new();
            c.pairs(&tokens, true, |key, ids_map| {
                let n = ids_map.len() as u32;
                ids.push(*ids_map.entry(key).or_insert(n));
            });
            let ids = counted(ids);
            let unit = if n_docs >= 2 { docs.binary_search(&s.doc).unwrap_or(0) } else { i };
            if !(repeat && weighting.count_repeats_once) {
                mentions.extend(ids.iter().map(|&(id, _)| (id, unit, s.index)));
            }
            c.stems_of.push(stems);
            c.of.push(ids);
        }
        // One mention per (concept, unit), at its earliest position.
        mentions.sort_unstable();
        mentions.dedup_by(|b, a| a.0 == b.0 && a.1 == b.1);
        let mut freq = vec![0usize; c.ids.len()];
        let mut lead = vec![0.0f64; c.ids.len()];
        for &(id, _, pos) in &mentions {
            freq[id as usize] += 1;
            lead[id as usize] += 1.0 / (1.0 + weighting.position_decay * pos as f64);
        }
        let min_df = ((weighting.min_df_fraction * n_docs as f64).round() as usize).max(1);
        // Unigram keys have NO_WORD as second element; find which ids are unigrams.
        let mut unigram = vec![false; c.ids.len()];
        for (&(_, b), &id) in &c.ids {
            unigram[id as usize] = b == NO_WORD;
        }
        let threshold = |min: usize| -> Vec<f64> {
            freq.iter()
                .zip(&unigram)
                .zip(&lead)
                .map(|((&f, &u), &l)| {
                    if f < min {
                        0.0
                    } else if u {
                        weighting.unigram * l.powf(weighting.exponent)
                    } else {
                        weighting.bigram * l.powf(weighting.exponent)
                    }
                })
                .collect()
        };
        let mut weight = threshold(min_df);
        if weight.iter().all(|&w| w == 0.0) {
            weight = threshold(1);
        }
        c.weight = weight;
        c.unigram = unigram;
        c
    }

    /// Stemmed tokens of a text, in order.
    fn tokens(&mut self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        for w in text::words(text) {
            if let Some(t) = self.words.get(&w) {
                out.push(*t);
                continue;
            }
            let stem = self.stemmer.stem(&w).into_owned();
            let n = self.stems.len() as u32;
            let id = *self.stems.entry(stem).or_insert(n);
            let t = Token { stem: id, stop: text::is_stop_word(&w) || w.chars().count() < 2 };
            self.words.insert(w, t);
            out.push(t);
        }
        out
    }

    /// Calls `f` with each concept key of a token sequence (bigrams not both stop words, and
    /// content unigrams when `unigrams`).
    fn pairs(
        &mut self,
        tokens: &[Token],
        unigrams: bool,
        mut f: impl FnMut((u32, u32), &mut HashMap<(u32, u32), u32>),
    ) {
        for w in tokens.windows(2) {
            if !(w[0].stop && w[1].stop) {
                f((w[0].stem, w[1].stem), &mut self.ids);
            }
        }
        if unigrams {
            for t in tokens.iter().filter(|t| !t.stop) {
                f((t.stem, NO_WORD), &mut self.ids);
            }
        }
    }

    /// Concept ids (known ones only) of any text, e.g. the first words of a sentence.
    pub fn of_text(&mut self, text: &str) -> Vec<(u32, u32)> {
        let tokens = self.tokens(text);
        let mut ids = Vec::new();
        self.pairs(&tokens, true, |key, ids_map| {
            if let Some(&id) = ids_map.get(&key) {
                ids.push(id);
            }
        });
        counted(ids)
    }
}

/// Sorted `(id, occurrences)` of a list of ids.
fn counted(mut ids: Vec<u32>) -> Vec<(u32, u32)> {
    ids.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(ids.len());
    for id in ids {
        match out.last_mut() {
            Some((last, n)) if *last == id => *n += 1,
            _ => out.push((id, 1)),
        }
    }
    out
}
