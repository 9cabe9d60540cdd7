//! Concepts: the units of information the selection objective counts.
//!
//! In: candidate sentences. Out: for each sentence the sorted ids of the concepts it mentions
//! (and of those that are single words, for near-duplicate tests), and a weight per concept. A concept is a pair of adjacent stemmed words, not both stop words
//! ("hun sen", "sen reject", "of parliament"), as in ICSISumm (Gillick & Favre 2009), or a single
//! content word with a smaller weight. Weight = how many documents mention the concept (how many
//! sentences, for a single document); concepts mentioned by too few documents weigh 0. A
//! sentence repeated verbatim in another document (wire updates, reprints) adds no mentions.
//! Ids are assigned in order of first appearance, so everything is deterministic.

use crate::segment::Sentence;
use crate::text;
use hashbrown::HashTable;
use rustc_hash::FxBuildHasher as FxBuild;
use std::collections::HashMap;
use std::hash::BuildHasher;

/// Distinct sequences (word bytes, stem ids) stored as [`Rows`] and numbered in order of first
/// insertion: one allocation for thousands of words instead of one each (and as many frees).
struct Interner<T> {
    rows: Rows<T>,
    /// (hash, number) of each sequence.
    table: HashTable<(u64, u32)>,
}

impl<T: Copy + Eq> Interner<T> {
    fn with_capacity(rows: usize, items: usize) -> Interner<T> {
        Interner { rows: Rows::with_capacity(rows, items), table: HashTable::with_capacity(rows) }
    }

    /// The number of `s` (whose hash is `hash`), if inserted.
    fn find(&self, hash: u64, s: &[T]) -> Option<u32> {
        self.table.find(hash, |&(h, i)| h == hash && self.rows.row(i as usize) == s).map(|&(_, i)| i)
    }

    /// Inserts `s`, which must not be there yet, and returns its number.
    fn insert(&mut self, hash: u64, s: &[T]) -> u32 {
        let i = self.rows.len() as u32;
        self.rows.items.extend_from_slice(s);
        self.rows.ends.push(self.rows.items.len());
        self.table.insert_unique(hash, (hash, i), |&(h, _)| h);
        i
    }
}

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
///
/// A week's brief weighs only a few thousand of its sentences (each selection's pool is at
/// most a few thousand leads), so [`Tokenized::lazy`] starts with none and
/// [`Tokenized::ensure`] tokenizes a pool's sentences when a selection needs them.
pub struct Tokenized {
    /// Tokens of each sentence, in order (empty until tokenized).
    pub of: Vec<Vec<Token>>,
    /// Whether each sentence is tokenized.
    done: Vec<bool>,
    /// Word → token, kept across calls so that tokens stay comparable.
    tokenizer: Tokenizer,
}

/// Sentences per parallel batch in [`Tokenized::new`] (bounds the memory of word strings).
const TOKEN_BATCH: usize = 8192;

impl Tokenized {
    /// The tokens of `texts`.
    pub fn new(texts: &[&str]) -> Tokenized {
        let mut t = Tokenized {
            of: vec![Vec::new(); texts.len()],
            done: vec![false; texts.len()],
            tokenizer: Tokenizer::new(texts.len()),
        };
        let all: Vec<usize> = (0..texts.len()).collect();
        t.ensure(&all, |i| texts[i]);
        t
    }

    /// `n` sentences, none tokenized yet.
    pub fn lazy(n: usize) -> Tokenized {
        Tokenized { of: vec![Vec::new(); n], done: vec![false; n], tokenizer: Tokenizer::new(0) }
    }

    /// Tokenizes the sentences of `wanted` (indexes; `text(i)` is sentence `i`) not tokenized
    /// yet: words found in parallel, then numbered in order.
    pub fn ensure<'t>(&mut self, wanted: &[usize], text: impl Fn(usize) -> &'t str + Sync) {
        use rayon::prelude::*;
        let mut missing: Vec<usize> = wanted.iter().copied().filter(|&i| !self.done[i]).collect();
        missing.sort_unstable();
        missing.dedup();
        for batch in missing.chunks(TOKEN_BATCH) {
            let words: Vec<Vec<String>> = batch
                .par_iter()
                .map(|&i| {
                    let mut out = Vec::new();
                    text::for_each_word(text(i), &mut String::new(), |w, _| out.push(w.to_string()));
                    out
                })
                .collect();
            for (&i, ws) in batch.iter().zip(&words) {
                self.of[i] = ws.iter().map(|w| self.tokenizer.token(w)).collect();
                self.done[i] = true;
            }
        }
    }
}

/// Word → token, with a cache per distinct word.
struct Tokenizer {
    /// Tokens of words of up to 15 bytes, by [`text::packed`] word.
    short: HashMap<Packed, Token, PackedBuild>,
    /// Longer words.
    words: Interner<u8>,
    /// Token of each word of `words`.
    tokens: Vec<Token>,
    /// Ids of stems of up to 15 bytes, by packed stem; ids count from 0 in order of first
    /// appearance across both tables.
    short_stems: HashMap<Packed, u32, PackedBuild>,
    /// Longer stems, and the id of each.
    stems: Interner<u8>,
    long_stem_ids: Vec<u32>,
}

impl Tokenizer {
    fn new(words_guess: usize) -> Tokenizer {
        Tokenizer {
            short: HashMap::with_capacity_and_hasher(words_guess / 4, PackedBuild::default()),
            words: Interner::with_capacity(0, 0),
            tokens: Vec::new(),
            short_stems: HashMap::with_capacity_and_hasher(words_guess / 4, PackedBuild::default()),
            stems: Interner::with_capacity(0, 0),
            long_stem_ids: Vec::new(),
        }
    }

    /// The token of a lower-cased word.
    fn token(&mut self, w: &str) -> Token {
        // Most words fit in a number: one integer comparison instead of hashing and comparing
        // strings.
        let short = text::packed(w).map(halves);
        let hash = match short {
            Some(key) => {
                if let Some(&t) = self.short.get(&key) {
                    return t;
                }
                0
            }
            None => {
                let hash = FxBuild.hash_one(w.as_bytes());
                if let Some(i) = self.words.find(hash, w.as_bytes()) {
                    return self.tokens[i as usize];
                }
                hash
            }
        };
        // Fewer than two characters: a stop word too.
        let stop = text::is_stop_word(w) || w.chars().nth(1).is_none();
        let (short_stems, stems, long_ids) =
            (&mut self.short_stems, &mut self.stems, &mut self.long_stem_ids);
        let id = crate::stem::with_stem(w, |stem| {
            // Stem ids count from 0 across both tables.
            let new_id = (short_stems.len() + long_ids.len()) as u32;
            match text::packed_bytes(stem) {
                Some(k) => *short_stems.entry(halves(k)).or_insert(new_id),
                None => {
                    let hash = FxBuild.hash_one(stem);
                    match stems.find(hash, stem) {
                        Some(i) => long_ids[i as usize],
                        None => {
                            stems.insert(hash, stem);
                            long_ids.push(new_id);
                            new_id
                        }
                    }
                }
            }
        });
        let t = Token { stem: id, stop };
        match short {
            Some(key) => {
                self.short.insert(key, t);
            }
            None => {
                self.words.insert(hash, w.as_bytes());
                self.tokens.push(t);
            }
        }
        t
    }

    /// Stemmed tokens of a text, in order, appended to `out`.
    fn tokenize(&mut self, text: &str, out: &mut Vec<Token>, buf: &mut String) {
        text::for_each_word(text, buf, |w, _| out.push(self.token(w)));
    }
}

/// No concept (in [`Concepts`]' table of content-word concepts).
const NO_CONCEPT: u32 = u32::MAX;

/// How concepts are weighted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weighting {
    /// Weight of a content word relative to a word pair with the same frequency.
    pub unigram: f64,
    /// Minimum document frequency, as a fraction of the number of documents (at least 1).
    pub min_df_fraction: f64,
}

/// Rows of items stored end to end (one allocation for all rows).
pub struct Rows<T> {
    items: Vec<T>,
    /// End offset of each row in `items`.
    ends: Vec<usize>,
}

impl<T> Default for Rows<T> {
    fn default() -> Rows<T> {
        Rows { items: Vec::new(), ends: Vec::new() }
    }
}

impl<T> Rows<T> {
    fn with_capacity(rows: usize, items: usize) -> Rows<T> {
        Rows { items: Vec::with_capacity(items), ends: Vec::with_capacity(rows) }
    }

    /// The number of rows.
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Row `i`.
    pub fn row(&self, i: usize) -> &[T] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.items[start..self.ends[i]]
    }
}

/// Stems, concept ids and weights of one cluster of candidates.
pub struct Concepts {
    /// For [`Concepts::of_text`]; absent when built from [`Tokenized`].
    tokenizer: Option<Tokenizer>,
    /// Concept ids of word pairs, by [`Key::Pair`].
    ids: HashMap<u64, u32, FxBuild>,
    /// Concept id of each content word, by stem id ([`NO_CONCEPT`] if none).
    unigram_ids: Vec<u32>,
    buf: String,
    /// Concepts of each candidate: sorted, unique ids.
    of: Rows<u32>,
    /// The single-word concepts of each candidate (its content words, one id per stem),
    /// sorted: for near-duplicate tests.
    words: Rows<u32>,
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

    /// Concepts of candidate `i`: sorted, unique ids.
    pub fn of(&self, i: usize) -> &[u32] {
        self.of.row(i)
    }

    /// The content words of candidate `i`, as the ids of their single-word concepts (one per
    /// stem), ascending: for near-duplicate tests.
    pub fn words_of(&self, i: usize) -> &[u32] {
        self.words.row(i)
    }

    fn build(sentences: &[&Sentence], given: Option<&[&[Token]]>, weighting: Weighting) -> Concepts {
        // Sized up front (a word is ~6 bytes of text, and makes at most two concepts): growing
        // these tables cost more than filling them.
        let words_guess = sentences.iter().map(|s| s.text.len()).sum::<usize>() / 6 + 16;
        let mut c = Concepts {
            tokenizer: given.is_none().then(|| Tokenizer::new(words_guess)),
            // Word pairs: fewer than words (stop-word pairs are not concepts, pairs repeat).
            ids: HashMap::with_capacity_and_hasher(words_guess / 2, FxBuild),
            unigram_ids: Vec::new(),
            buf: String::new(),
            of: Rows::with_capacity(sentences.len(), 2 * words_guess),
            words: Rows::with_capacity(sentences.len(), words_guess),
            weight: Vec::new(),
        };
        let mut docs: Vec<usize> = sentences.iter().map(|s| s.doc).collect();
        docs.sort_unstable();
        docs.dedup();
        let n_docs = docs.len();
        // Mentions are counted once per unit (document, or sentence for a single document).
        // Units arrive in order when the sentences do (always so from `segment`): then the
        // last unit seen per concept suffices; otherwise (concept, unit) pairs are sorted.
        let unit_of =
            |i: usize, s: &Sentence| if n_docs >= 2 { docs.binary_search(&s.doc).unwrap_or(0) } else { i };
        let in_order = n_docs < 2 || sentences.windows(2).all(|w| w[0].doc <= w[1].doc);
        let mut freq: Vec<u32> = Vec::with_capacity(words_guess);
        let mut last: Vec<u32> = Vec::with_capacity(words_guess);
        let mut mentions: Vec<(u32, usize)> = Vec::new(); // (concept, unit), when not in order
        // Whether each concept is a single content word (one per content-word stem).
        let mut is_word: Vec<bool> = Vec::with_capacity(words_guess);
        // Stem sequences seen so far, to find sentences repeated verbatim.
        let mut sequences: Interner<u32> = Interner::with_capacity(sentences.len(), words_guess);
        let mut sequence = Vec::new();
        let mut tokens = Vec::new();
        // The ids of a sentence's concepts older than the sentence, and those it introduces.
        let (mut old, mut fresh) = (Vec::new(), Vec::new());
        for (i, s) in sentences.iter().enumerate() {
            tokens.clear();
            match (given, c.tokenizer.as_mut()) {
                (Some(given), _) => tokens.extend_from_slice(given[i]),
                (None, Some(t)) => t.tokenize(&s.text, &mut tokens, &mut c.buf),
                (None, None) => {}
            }
            sequence.clear();
            sequence.extend(tokens.iter().map(|t| t.stem));
            let hash = FxBuild.hash_one(&sequence);
            let repeat = sequences.find(hash, &sequence).is_some();
            if !repeat {
                sequences.insert(hash, &sequence);
            }
            // Concept ids in order of first appearance. The row is kept sorted and without
            // repeats: ids new in this sentence are made in ascending order and above every
            // older id, so only the older ones need sorting (and their repeats removing).
            let first_new = is_word.len() as u32;
            old.clear();
            fresh.clear();
            for key in keys(&tokens) {
                let n = is_word.len() as u32;
                let id = match key {
                    Key::Pair(k) => *c.ids.entry(k).or_insert(n),
                    Key::Word(stem) => {
                        let stem = stem as usize;
                        if stem >= c.unigram_ids.len() {
                            c.unigram_ids.resize(stem + 1, NO_CONCEPT);
                        }
                        if c.unigram_ids[stem] == NO_CONCEPT {
                            c.unigram_ids[stem] = n;
                        }
                        c.unigram_ids[stem]
                    }
                };
                if id == n {
                    is_word.push(matches!(key, Key::Word(_)));
                    fresh.push(id);
                } else if id < first_new {
                    old.push(id);
                }
                // Otherwise a repeat of an id this sentence made: already in `fresh`.
            }
            old.sort_unstable();
            old.dedup();
            c.of.items.extend_from_slice(&old);
            c.of.items.extend_from_slice(&fresh);
            c.of.ends.push(c.of.items.len());
            c.words.items.extend(c.of.row(i).iter().filter(|&&id| is_word[id as usize]));
            c.words.ends.push(c.words.items.len());
            if !repeat {
                let unit = unit_of(i, s);
                if in_order {
                    freq.resize(is_word.len(), 0);
                    last.resize(is_word.len(), u32::MAX);
                    for &id in c.of.row(i) {
                        if last[id as usize] != unit as u32 {
                            last[id as usize] = unit as u32;
                            freq[id as usize] += 1;
                        }
                    }
                } else {
                    mentions.extend(c.of.row(i).iter().map(|&id| (id, unit)));
                }
            }
        }
        freq.resize(is_word.len(), 0);
        if !in_order {
            mentions.sort_unstable();
            mentions.dedup();
            for &(id, _) in &mentions {
                freq[id as usize] += 1;
            }
        }
        let weights = |min: usize| -> Vec<f64> {
            freq.iter()
                .zip(&is_word)
                .map(|(&f, &u)| match ((f as usize) < min, u) {
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
        let mut ids: Vec<u32> = keys(&tokens)
            .filter_map(|key| match key {
                Key::Pair(k) => self.ids.get(&k).copied(),
                Key::Word(stem) => {
                    self.unigram_ids.get(stem as usize).copied().filter(|&id| id != NO_CONCEPT)
                }
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// A concept of a token sequence, before it has an id.
#[derive(Clone, Copy)]
enum Key {
    /// Two adjacent words, not both stop words: their stem ids, the first in the high half.
    Pair(u64),
    /// A content word: its stem id.
    Word(u32),
}

/// The concepts of `tokens`: the word pairs, then the content words, in order. The one
/// definition for [`Concepts::new`] and [`Concepts::of_text`], which must agree (the bound in
/// `Engine::fill` relies on a prefix's concepts being a subset of the sentence's).
fn keys(tokens: &[Token]) -> impl Iterator<Item = Key> + '_ {
    let pairs = tokens
        .windows(2)
        .filter(|w| !(w[0].stop && w[1].stop))
        .map(|w| Key::Pair((u64::from(w[0].stem) << 32) | u64::from(w[1].stem)));
    pairs.chain(tokens.iter().filter(|t| !t.stop).map(|t| Key::Word(t.stem)))
}

/// A [`text::packed`] key as two halves: 24-byte table entries instead of 32 (a `u128` is
/// 16-byte aligned).
fn halves(k: u128) -> Packed {
    Packed([k as u64, (k >> 64) as u64])
}

/// A packed word or stem, hashed in one step: two multiplications instead of hashing a
/// length and sixteen bytes (the key is looked up for every word of every sentence).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Packed([u64; 2]);

impl std::hash::Hash for Packed {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let h = (self.0[0].wrapping_mul(K) ^ self.0[1]).wrapping_mul(K);
        // The table takes its bucket from the low bits and its tag from the top 7: fold the
        // well-mixed high half onto the low one.
        state.write_u64(h ^ (h >> 32));
    }
}

/// Hashes [`Packed`] keys: keeps the one value their `Hash` writes.
#[derive(Default)]
struct PackedHasher(u64);

impl std::hash::Hasher for PackedHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Not used by `Packed`; any other key still hashes.
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u64(&mut self, h: u64) {
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type PackedBuild = std::hash::BuildHasherDefault<PackedHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    fn s(doc: usize, text: &str) -> Sentence {
        Sentence { doc, index: 0, block: 0, heading: false, text: text.into(), span: (0, 0) }
    }

    #[test]
    fn rows_are_the_sorted_sets_of_each_sentences_concepts() {
        // Repeats within a sentence, ids old and new mixed, a sentence of old ids only.
        let texts = [
            (0, "Hun Sen met Hun Sen's rivals in Phnom Penh."),
            (0, "The rivals of Hun Sen left Phnom Penh for Bangkok."),
            (1, "Bangkok talks: rivals, rivals and Hun Sen again."),
            (1, "Phnom Penh rivals."),
        ];
        let sentences: Vec<Sentence> = texts.iter().map(|&(d, t)| s(d, t)).collect();
        let refs: Vec<&Sentence> = sentences.iter().collect();
        let mut c = Concepts::new(&refs, Weighting { unigram: 0.5, min_df_fraction: 0.0 });
        for (i, (_, t)) in texts.iter().enumerate() {
            let row = c.of(i).to_vec();
            assert!(row.windows(2).all(|w| w[0] < w[1]), "{t}: {row:?}");
            // The same set as looking every concept of the text up again.
            assert_eq!(c.of_text(t), row, "{t}");
        }
    }

    #[test]
    fn concepts_are_pairs_and_content_words_weighted_by_documents() {
        let a = s(0, "Hun Sen rejected the talks.");
        let b = s(1, "Hun Sen agreed to talks.");
        let c = Concepts::new(&[&a, &b], Weighting { unigram: 0.5, min_df_fraction: 0.0 });
        // Shared: the pair "hun sen" (weight 2), content words hun, sen, talk (2 × 0.5 each).
        let shared: f64 =
            c.of(0).iter().filter(|id| c.of(1).contains(id)).map(|&id| c.weight[id as usize]).sum();
        assert_eq!(shared, 2.0 + 3.0 * 1.0);
    }
}
