//! "Says the same thing": the near-duplicate test of the brief, and the index that finds the
//! sentences it can hold for without testing every pair.
//!
//! In: the sentences' term table ([`crate::text::TermTable`]). Out: [`TermSets`] — each
//! sentence's distinct content terms and the test [`TermSets::same`] — and [`SameIndex`], a set
//! of sentences that answers "which of you says what sentence `i` says" by looking at a few
//! posting lists.
//!
//! **The test.** Two sentences say the same thing when [`SAME_STATEMENT`] of the shorter one's
//! content words are in the other, and at least [`SAME_MIN_SHARED`] words are shared. Used to
//! merge sources behind one point and to keep any statement from appearing twice in a brief.
//!
//! **The index** (prefix filtering, as in set-similarity joins: Chaudhuri, Ganti and Kaushik,
//! ICDE 2006; Bayardo, Ma and Srikant, "Scaling up all pairs similarity search", WWW 2007). The
//! terms of the corpus are ranked rarest first (by the number of sentences holding them, then
//! by id), and every set is kept in that order. If two sets of sizes `m ≤ n` share at least `k`
//! terms, where `k` is the least number the test needs for `m`, then the first `m − k + 1`
//! terms of the smaller set (its *prefix*) include a term of the larger one: the other
//! `k − 1` cannot hold all `k`. So for a query `i` the only members that can pass the test are
//! those at least as large as `i` holding a term of `i`'s prefix, and those smaller than `i`
//! whose prefix holds a term of `i`. The index keeps both posting lists (term → members
//! holding it; term → members whose prefix holds it), and the candidates are tested exactly:
//! the answers are those of the test run against every member, in the same order. Prefixes
//! are made of the rarest terms, so their posting lists are short. [`TermSets::tests`] counts
//! the tests run, for the guard against quadratic passes.

use crate::segment::Sentence;
use std::sync::atomic::{AtomicU64, Ordering};

/// Two sentences say the same thing when this share of the shorter one's content words is in
/// the other (and at least [`SAME_MIN_SHARED`] words are shared). Used to merge sources behind
/// one point and to keep any statement from appearing twice in a brief.
pub const SAME_STATEMENT: f64 = 0.6;
/// Minimum shared content words for [`SAME_STATEMENT`].
pub const SAME_MIN_SHARED: usize = 4;

/// Content-word sets of all sentences, for near-duplicate checks.
pub struct TermSets {
    /// Each sentence's distinct terms, as ranks (0 = the rarest term of the corpus), ascending.
    sets: Vec<Vec<u32>>,
    /// By the size of the smaller set: the shared terms the test needs (more than the size
    /// when no number is enough).
    needed: Vec<usize>,
    /// Tests run ([`TermSets::same`]).
    tests: AtomicU64,
}

impl TermSets {
    /// Sorted, distinct stemmed content-word ids of each sentence.
    pub fn new(sentences: &[Sentence]) -> TermSets {
        let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
        TermSets::from_table(&crate::text::TermTable::new(&texts))
    }

    /// The sets of an existing term table.
    pub fn from_table(table: &crate::text::TermTable) -> TermSets {
        use rayon::prelude::*;
        let by_id: Vec<Vec<u32>> = (0..table.of.len()).into_par_iter().map(|i| table.set(i)).collect();
        // Rank terms rarest first: sentence frequency, then id.
        let mut df = vec![0u32; table.vocab.len()];
        for set in &by_id {
            for &t in set {
                df[t as usize] += 1;
            }
        }
        let mut order: Vec<u32> = (0..table.vocab.len() as u32).collect();
        order.sort_unstable_by_key(|&t| (df[t as usize], t));
        let mut rank = vec![0u32; table.vocab.len()];
        for (r, &t) in order.iter().enumerate() {
            rank[t as usize] = r as u32;
        }
        let sets: Vec<Vec<u32>> = by_id
            .into_par_iter()
            .map(|mut set| {
                for t in &mut set {
                    *t = rank[*t as usize];
                }
                set.sort_unstable();
                set
            })
            .collect();
        let longest = sets.iter().map(Vec::len).max().unwrap_or(0);
        TermSets { sets, needed: (0..=longest).map(needed).collect(), tests: AtomicU64::new(0) }
    }

    /// Whether sentences `a` and `b` (indexes into the slice given to [`TermSets::new`]) say the
    /// same thing (see [`SAME_STATEMENT`]).
    pub fn same(&self, a: usize, b: usize) -> bool {
        self.tests.fetch_add(1, Ordering::Relaxed);
        let (x, y) = (&self.sets[a], &self.sets[b]);
        let c = crate::select::containment(x, y);
        let shared = (c * x.len().min(y.len()) as f64).round() as usize;
        c >= SAME_STATEMENT && shared >= SAME_MIN_SHARED
    }

    /// How many times [`TermSets::same`] has run.
    pub fn tests(&self) -> u64 {
        self.tests.load(Ordering::Relaxed)
    }

    /// The number of sentences.
    pub fn len(&self) -> usize {
        self.sets.len()
    }

    /// Whether there are no sentences.
    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }

    /// Sentence `i`'s prefix: the rarest terms, one of which any set it is the same as holds
    /// when `i` is the smaller (module doc). Empty when no sentence can be the same as `i`.
    fn prefix(&self, i: usize) -> &[u32] {
        let set = &self.sets[i];
        let k = self.needed[set.len()];
        if k > set.len() { &[] } else { &set[..set.len() - k + 1] }
    }
}

/// The shared terms [`TermSets::same`] needs when the smaller set has `n` terms: the least `k`
/// that passes the test as it computes it; `n + 1` when none does.
fn needed(n: usize) -> usize {
    (SAME_MIN_SHARED..=n).find(|&k| k as f64 / n as f64 >= SAME_STATEMENT).unwrap_or(n + 1)
}

/// A set of sentences indexed for [`SameIndex::same_as`] (module doc): members are added one
/// by one; a query costs the lengths of a few posting lists, not the number of members.
#[derive(Default)]
pub struct SameIndex {
    /// Term rank → members holding the term, in the order they were added.
    holding: Vec<Vec<u32>>,
    /// Term rank → members whose prefix holds the term.
    leading: Vec<Vec<u32>>,
    /// Whether each sentence is a member, by sentence index.
    member: Vec<bool>,
}

impl SameIndex {
    /// An empty index.
    pub fn new() -> SameIndex {
        SameIndex::default()
    }

    /// Adds sentence `i` (of `terms`).
    pub fn insert(&mut self, terms: &TermSets, i: usize) {
        if self.member.len() <= i {
            self.member.resize(i + 1, false);
        }
        if std::mem::replace(&mut self.member[i], true) {
            return;
        }
        let prefix = terms.prefix(i);
        if prefix.is_empty() {
            return;
        }
        let id = i as u32;
        for &r in &terms.sets[i] {
            push(&mut self.holding, r, id);
        }
        for &r in prefix {
            push(&mut self.leading, r, id);
        }
    }

    /// Whether sentence `i` is a member.
    pub fn contains(&self, i: usize) -> bool {
        self.member.get(i).copied().unwrap_or(false)
    }

    /// The members that say the same thing as sentence `i` ([`TermSets::same`]; `i` itself
    /// when it is a member and can be the same as anything), ascending.
    pub fn same_as(&self, terms: &TermSets, i: usize) -> Vec<usize> {
        let mut found = self.candidates(terms, i);
        found.retain(|&j| terms.same(i, j));
        found
    }

    /// Whether a member says the same thing as sentence `i`.
    pub fn any_same(&self, terms: &TermSets, i: usize) -> bool {
        self.candidates(terms, i).into_iter().any(|j| terms.same(i, j))
    }

    /// Members that may be the same as `i` (a superset of those that are), ascending.
    fn candidates(&self, terms: &TermSets, i: usize) -> Vec<usize> {
        let set = &terms.sets[i];
        let n = set.len();
        let mut out: Vec<usize> = Vec::new();
        // Members at least as large as `i`: they hold a term of its prefix.
        for &r in terms.prefix(i) {
            if let Some(list) = self.holding.get(r as usize) {
                out.extend(list.iter().map(|&j| j as usize).filter(|&j| terms.sets[j].len() >= n));
            }
        }
        // Smaller members: their prefix holds a term of `i`.
        for &r in set {
            if let Some(list) = self.leading.get(r as usize) {
                out.extend(list.iter().map(|&j| j as usize).filter(|&j| terms.sets[j].len() < n));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Appends `id` to the posting list of term rank `r`.
fn push(lists: &mut Vec<Vec<u32>>, r: u32, id: u32) {
    let r = r as usize;
    if lists.len() <= r {
        lists.resize_with(r + 1, Vec::new);
    }
    lists[r].push(id);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-sentence fixture: sentence 0 of article `doc`.
    fn sent(doc: usize, text: &str) -> Sentence {
        Sentence { doc, index: 0, block: 0, heading: false, text: text.into(), span: (0, text.len()) }
    }

    #[test]
    fn same_statement_needs_most_content_words_shared() {
        let s = [
            sent(0, "The crane collapsed at the ferry terminal on Monday morning."),
            sent(1, "A crane collapsed at the old ferry terminal on Monday morning, officials said."),
            sent(2, "Shops reported fewer customers at the ferry terminal."),
            sent(3, "The crane collapsed."),
        ];
        let t = TermSets::new(&s);
        assert!(t.same(0, 1) && t.same(1, 0));
        assert!(!t.same(0, 2), "shares only `ferry terminal`");
        assert!(!t.same(0, 3), "fewer than {SAME_MIN_SHARED} shared words");
    }

    #[test]
    fn the_shared_words_needed_follow_the_test() {
        assert_eq!(needed(3), 4, "three words can never be enough");
        assert_eq!(needed(4), 4);
        assert_eq!(needed(5), 4);
        assert_eq!(needed(7), 5);
        assert_eq!(needed(10), 6);
        assert_eq!(needed(20), 12);
    }

    /// Sentences over a small vocabulary, so that many pairs share words and some say the
    /// same thing: the index must find exactly the pairs the test finds over every pair.
    #[test]
    fn the_index_finds_what_testing_every_pair_finds() {
        let words = [
            "crane", "ferry", "terminal", "harbour", "minister", "budget", "strike", "port", "police",
            "council", "vote", "storm", "bridge", "tariff", "court", "mayor",
        ];
        let mut seed = 7u64;
        let mut next = |m: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % m
        };
        let sentences: Vec<Sentence> = (0..300)
            .map(|k| {
                let len = 2 + next(12);
                let text: Vec<&str> = (0..len).map(|_| words[next(words.len())]).collect();
                sent(k, &(text.join(" ") + "."))
            })
            .collect();
        let terms = TermSets::new(&sentences);
        let members: Vec<usize> = (0..sentences.len()).filter(|i| i % 3 != 1).collect();
        let mut index = SameIndex::new();
        for &m in &members {
            index.insert(&terms, m);
        }
        let mut pairs = 0;
        for i in 0..sentences.len() {
            let every: Vec<usize> = members.iter().copied().filter(|&j| terms.same(i, j)).collect();
            pairs += every.len();
            assert_eq!(index.same_as(&terms, i), every, "sentence {i}");
            assert_eq!(index.any_same(&terms, i), !every.is_empty());
        }
        assert!(pairs > 300, "the fixture has pairs to find ({pairs})");
        assert!(index.contains(0) && !index.contains(1));
    }
}
