//! Concepts: the units of information the selection objective counts.
//!
//! In: candidate sentences. Out: for each sentence the sorted ids of the concepts it mentions,
//! and a weight per concept. A concept is a pair of adjacent stemmed words, not both stop words
//! ("hun sen", "sen reject", "of parliament"), as in ICSISumm (Gillick & Favre 2009), or a single
//! content word with a smaller weight. Weight = how many documents mention the concept (how many
//! sentences, for a single document); concepts mentioned by too few documents weigh 0. A
//! sentence repeated verbatim in another document (wire updates, reprints) adds no mentions.
//! Ids are assigned in order of first appearance, so everything is deterministic.

use crate::segment::Sentence;
use crate::text;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A small, fast, deterministic hasher (FxHash's multiply-rotate) for the lookup tables; the
/// tables are never iterated into output, so their order does not matter.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.write_u64(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        // The last 0–7 bytes, without a variable-length copy.
        let tail = chunks.remainder().iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        if !chunks.remainder().is_empty() {
            self.write_u64(tail);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        // The product's low bits depend only on the input's low bits, and hashbrown picks the
        // bucket from the low bits: bring the well-mixed high bits down (as rustc-hash 2 does).
        // Without this every word pair with the same second word probes the same buckets.
        self.0.rotate_left(26)
    }
}

/// [`FxHasher`] as a `HashMap` hasher.
pub type FxBuild = BuildHasherDefault<FxHasher>;

/// Id of a word stem, with whether the word is a stop word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    stem: u32,
    stop: bool,
}

/// The tokens of many sentences, computed once for every selection over them (`build` selects
/// the BLUF from all sentences and each section from its topic's): words found in parallel,
/// stemmed and numbered in sentence order. Concept ids do not depend on the stem numbers
/// (they are numbered by first appearance among the candidates), so selecting from these
/// tokens gives exactly the picks of tokenizing per call.
pub struct Tokenized {
    /// Tokens of each sentence, in order.
    pub of: Vec<Vec<Token>>,
}

/// Sentences per parallel batch in [`Tokenized::new`] (bounds the memory of word strings).
const TOKEN_BATCH: usize = 8192;

impl Tokenized {
    /// The tokens of `texts`.
    pub fn new(texts: &[&str]) -> Tokenized {
        use rayon::prelude::*;
        let mut tokenizer = Tokenizer::new(texts.len());
        let mut of = Vec::with_capacity(texts.len());
        for batch in texts.chunks(TOKEN_BATCH) {
            let words: Vec<Vec<String>> = batch
                .par_iter()
                .map(|t| {
                    let mut out = Vec::new();
                    for_each_word(t, &mut String::new(), |w| out.push(w.to_string()));
                    out
                })
                .collect();
            of.extend(words.iter().map(|ws| ws.iter().map(|w| tokenizer.token(w)).collect::<Vec<Token>>()));
        }
        Tokenized { of }
    }
}

/// Word → token, with a cache per distinct word.
struct Tokenizer {
    words: HashMap<String, Token, FxBuild>,
    stems: HashMap<String, u32, FxBuild>,
}

impl Tokenizer {
    fn new(words_guess: usize) -> Tokenizer {
        Tokenizer {
            words: HashMap::with_capacity_and_hasher(words_guess / 4, FxBuild::default()),
            stems: HashMap::with_capacity_and_hasher(words_guess / 4, FxBuild::default()),
        }
    }

    /// The token of a lower-cased word.
    fn token(&mut self, w: &str) -> Token {
        if let Some(t) = self.words.get(w) {
            return *t;
        }
        let stop = text::is_stop_word(w) || w.chars().count() < 2;
        let stem = crate::stem::stem(w);
        let n = self.stems.len() as u32;
        let id = match self.stems.get(stem.as_ref()) {
            Some(&id) => id,
            None => {
                self.stems.insert(stem.into_owned(), n);
                n
            }
        };
        let t = Token { stem: id, stop };
        self.words.insert(w.to_string(), t);
        t
    }

    /// Stemmed tokens of a text, in order, into `out`.
    fn tokenize(&mut self, text: &str, out: &mut Vec<Token>, buf: &mut String) {
        out.clear();
        for_each_word(text, buf, |w| out.push(self.token(w)));
    }
}

/// Second element of a single-word concept's key.
const NO_WORD: u32 = u32::MAX;

/// How concepts are weighted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weighting {
    /// Weight of a content word relative to a word pair with the same frequency.
    pub unigram: f64,
    /// Minimum document frequency, as a fraction of the number of documents (at least 1).
    pub min_df_fraction: f64,
}

/// Stems, concept ids and weights of one cluster of candidates.
pub struct Concepts {
    /// For [`Concepts::of_text`]; absent when built from [`Tokenized`].
    tokenizer: Option<Tokenizer>,
    ids: HashMap<u64, u32, FxBuild>,
    buf: String,
    /// Concepts of each candidate: sorted, unique ids.
    pub of: Vec<Vec<u32>>,
    /// Content-word stems of each candidate (sorted, unique), for near-duplicate tests.
    pub stems_of: Vec<Vec<u32>>,
    /// Weight of each concept id (0 = below the frequency threshold).
    pub weight: Vec<f64>,
}

impl Concepts {
    /// Extracts and weights the concepts of `sentences`.
    pub fn new(sentences: &[&Sentence], weighting: Weighting) -> Concepts {
        Concepts::build(sentences, None, weighting)
    }

    /// [`Concepts::new`] from tokens computed beforehand (`tokens[i]` for `sentences[i]`).
    pub fn from_tokens(sentences: &[&Sentence], tokens: &[&[Token]], weighting: Weighting) -> Concepts {
        Concepts::build(sentences, Some(tokens), weighting)
    }

    fn build(sentences: &[&Sentence], given: Option<&[&[Token]]>, weighting: Weighting) -> Concepts {
        // Sized up front (a word is ~6 bytes of text, and makes at most two concepts): growing
        // these tables cost more than filling them.
        let words_guess = sentences.iter().map(|s| s.text.len()).sum::<usize>() / 6 + 16;
        let mut c = Concepts {
            tokenizer: given.is_none().then(|| Tokenizer::new(words_guess)),
            ids: HashMap::with_capacity_and_hasher(words_guess, FxBuild::default()),
            buf: String::new(),
            of: Vec::with_capacity(sentences.len()),
            stems_of: Vec::with_capacity(sentences.len()),
            weight: Vec::new(),
        };
        let mut docs: Vec<usize> = sentences.iter().map(|s| s.doc).collect();
        docs.sort_unstable();
        docs.dedup();
        let n_docs = docs.len();
        let mut mentions: Vec<(u32, usize)> = Vec::new(); // (concept, document or sentence)
        let mut seen: HashSet<Vec<u32>, FxBuild> = HashSet::default();
        let mut tokens = Vec::new();
        for (i, s) in sentences.iter().enumerate() {
            match (given, c.tokenizer.as_mut()) {
                (Some(given), _) => {
                    tokens.clear();
                    tokens.extend_from_slice(given[i]);
                }
                (None, Some(t)) => t.tokenize(&s.text, &mut tokens, &mut c.buf),
                (None, None) => tokens.clear(),
            }
            let repeat = !seen.insert(tokens.iter().map(|t| t.stem).collect());
            let mut ids = Vec::with_capacity(2 * tokens.len());
            for key in keys(&tokens) {
                let n = c.ids.len() as u32;
                ids.push(*c.ids.entry(key).or_insert(n));
            }
            ids.sort_unstable();
            ids.dedup();
            if !repeat {
                let unit = if n_docs >= 2 { docs.binary_search(&s.doc).unwrap_or(0) } else { i };
                mentions.extend(ids.iter().map(|&id| (id, unit)));
            }
            let mut stems: Vec<u32> = tokens.iter().filter(|t| !t.stop).map(|t| t.stem).collect();
            stems.sort_unstable();
            stems.dedup();
            c.stems_of.push(stems);
            c.of.push(ids);
        }
        // Mentions counted once per unit. Units arrive in order when the sentences do (always
        // so from `segment`): then the last unit seen per concept suffices; otherwise sort.
        let mut freq = vec![0usize; c.ids.len()];
        if mentions.windows(2).all(|w| w[0].1 <= w[1].1) {
            let mut last = vec![usize::MAX; c.ids.len()];
            for &(id, unit) in &mentions {
                if last[id as usize] != unit {
                    last[id as usize] = unit;
                    freq[id as usize] += 1;
                }
            }
        } else {
            mentions.sort_unstable();
            mentions.dedup();
            for &(id, _) in &mentions {
                freq[id as usize] += 1;
            }
        }
        let mut unigram = vec![false; c.ids.len()];
        for (&key, &id) in &c.ids {
            unigram[id as usize] = key as u32 == NO_WORD;
        }
        let weights = |min: usize| -> Vec<f64> {
            freq.iter()
                .zip(&unigram)
                .map(|(&f, &u)| match (f < min, u) {
                    (true, _) => 0.0,
                    (false, true) => weighting.unigram * f as f64,
                    (false, false) => f as f64,
                })
                .collect()
        };
        let min_df = ((weighting.min_df_fraction * n_docs as f64).round() as usize).max(1);
        c.weight = weights(min_df);
        if c.weight.iter().all(|&w| w == 0.0) {
            c.weight = weights(1);
        }
        c
    }

    /// Concept ids (known ones only, sorted, unique) of any text, e.g. the first words of a
    /// sentence.
    /// Needs the concepts to have been built by [`Concepts::new`] (from text); built from
    /// [`Tokenized`], it knows no words and finds none.
    pub fn of_text(&mut self, text: &str) -> Vec<u32> {
        let mut tokens = Vec::new();
        if let Some(t) = self.tokenizer.as_mut() {
            t.tokenize(text, &mut tokens, &mut self.buf);
        }
        let mut ids: Vec<u32> = keys(&tokens).filter_map(|k| self.ids.get(&k).copied()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// Concept keys of a token sequence: word pairs not both stop words, then content words.
fn keys(tokens: &[Token]) -> impl Iterator<Item = u64> + '_ {
    let pair = |a: u32, b: u32| (u64::from(a) << 32) | u64::from(b);
    tokens
        .windows(2)
        .filter(|w| !(w[0].stop && w[1].stop))
        .map(move |w| pair(w[0].stem, w[1].stem))
        .chain(tokens.iter().filter(|t| !t.stop).map(move |t| pair(t.stem, NO_WORD)))
}

/// Calls `f` with each lower-cased word of `text`: runs of letters and digits, joined across
/// inner dots and apostrophes (`U.S.` → `us`, `don't`), possessive `'s` dropped (`Russia's` →
/// `russia`), the same words as [`text::words`] for ordinary prose, without allocating.
fn for_each_word(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    buf.clear();
    let flush = |buf: &mut String, f: &mut dyn FnMut(&str)| {
        if buf.ends_with("'s") {
            buf.truncate(buf.len() - 2);
        }
        if !buf.is_empty() {
            f(buf);
        }
        buf.clear();
    };
    if text.is_ascii() {
        // The same rules on bytes (most news text is ASCII).
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b.is_ascii_alphanumeric() {
                buf.push(b.to_ascii_lowercase() as char);
            } else if !buf.is_empty()
                && matches!(b, b'.' | b'\'')
                && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
            {
                if b == b'\'' {
                    buf.push('\'');
                }
            } else {
                flush(buf, &mut f);
            }
        }
        flush(buf, &mut f);
        return;
    }
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch.is_alphanumeric() {
            if ch.is_ascii() {
                buf.push(ch.to_ascii_lowercase());
            } else {
                buf.extend(ch.to_lowercase());
            }
        } else if !buf.is_empty()
            && matches!(ch, '.' | '\'' | '\u{2019}')
            && chars.peek().is_some_and(|n| n.is_alphanumeric())
        {
            if ch != '.' {
                buf.push('\'');
            }
        } else {
            flush(buf, &mut f);
        }
    }
    flush(buf, &mut f);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(t, &mut String::new(), |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn words_match_the_shared_normaliser_on_prose() {
        for t in [
            "It's 3.5 o'clock in the U.S. -- don't (stop)'s end.",
            "The U.S. and E.U. back Russia's foes.",
            "Rubio’s absence, 3.5 percent and a post-election deal in Phnom Penh.",
        ] {
            assert_eq!(words(t), text::words(t), "{t}");
        }
    }

    #[test]
    fn concepts_are_pairs_and_content_words_weighted_by_documents() {
        let s = |doc, text: &str| Sentence {
            doc,
            index: 0,
            block: 0,
            heading: false,
            text: text.into(),
            span: (0, 0),
        };
        let a = s(0, "Hun Sen rejected the talks.");
        let b = s(1, "Hun Sen agreed to talks.");
        let c = Concepts::new(&[&a, &b], Weighting { unigram: 0.5, min_df_fraction: 0.0 });
        // Shared: the pair "hun sen" (weight 2), content words hun, sen, talk (2 × 0.5 each).
        let shared: f64 =
            c.of[0].iter().filter(|id| c.of[1].contains(id)).map(|&id| c.weight[id as usize]).sum();
        assert_eq!(shared, 2.0 + 3.0 * 1.0);
    }
}
