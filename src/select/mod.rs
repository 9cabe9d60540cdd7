//! Stage 4, select: the extractive selection engine.
//!
//! In: candidate sentences (with an optional relevance weight each, e.g. their topic score) and
//! [`Params`] (word budget, sentence cap). Out: the picked sentences with their scores, in
//! pick order. `build` calls it once per topic and once for the BLUF; `summarize` calls it once
//! for a whole cluster — one engine for both.
//!
//! Method: concept coverage under a length budget (ICSISumm, Gillick & Favre 2009), maximised
//! greedily by gain per word^r (Lin & Bilmes 2011):
//! * candidates ([`clean`]): sentences of 10–55 words that end like a sentence and are not
//!   wire-service furniture; sentences that start with a quotation mark are never picked, those
//!   that start by pointing back ("He", "But", "This") count half;
//! * concepts ([`concepts`]): adjacent stemmed word pairs (not both stop words) weighted by the
//!   number of documents that mention them, and content words at a fraction of that weight;
//!   a sentence repeated verbatim across documents counts once;
//! * objective: total weight of the distinct concepts the picked sentences cover, plus a lead
//!   prior (a sentence at position p of its article adds `position_prior / (p + 1)` times the
//!   mean concept weight of a candidate); sentences whose content words are mostly in an
//!   already picked sentence are skipped; the best single sentence replaces the greedy set if
//!   it alone scores higher.
//!
//! Deterministic: no randomness, no hash-order iteration; ties broken by (document, position,
//! candidate index).

pub mod clean;
pub mod concepts;

pub use clean::{MAX_WORDS, MIN_WORDS, eligible, ends_like_sentence};

use crate::segment::Sentence;
use crate::text;
use concepts::{Concepts, Token, Weighting};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Selection limits and objective parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Maximum total words of the picked sentences.
    pub max_words: usize,
    /// Maximum number of sentences.
    pub max_sentences: usize,
    /// Objective parameters.
    pub tuning: Tuning,
}

impl Params {
    /// Limits with the default objective.
    pub fn new(max_words: usize, max_sentences: usize) -> Params {
        Params { max_words, max_sentences, tuning: Tuning::default() }
    }

    /// Limits with the brief objective ([`Tuning::brief`]).
    pub fn brief(max_words: usize, max_sentences: usize) -> Params {
        Params { max_words, max_sentences, tuning: Tuning::brief() }
    }
}

/// Objective parameters; see the module doc. The defaults were tuned on the development half
/// of DUC 2004 task 2 (see `bench/README-selection.md`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    /// Weight of a content word relative to a word pair (tuned: 0.4).
    pub unigram_weight: f64,
    /// Minimum document frequency of a concept, as a fraction of the documents (0.3: 3 of 10).
    pub min_df_fraction: f64,
    /// Cost exponent r: the greedy picks by gain / words^r (tuned: 0.9).
    pub cost_exponent: f64,
    /// Lead prior, in mean candidate gains, of a sentence at position 0 (tuned: 1.0).
    pub position_prior: f64,
    /// Content-word containment at or above which a sentence duplicates a picked one.
    pub duplicate_containment: f64,
    /// Factor on a sentence that starts with a quotation mark.
    pub quote_factor: f64,
    /// Factor on a sentence whose first word refers back (pronoun, connective).
    pub dangling_factor: f64,
    /// Shortest candidate sentence, in words (at least [`MIN_WORDS`]).
    pub min_words: usize,
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning {
            unigram_weight: 0.4,
            min_df_fraction: 0.3,
            cost_exponent: 0.9,
            position_prior: 1.0,
            duplicate_containment: 0.7,
            quote_factor: 0.0,
            dangling_factor: 0.5,
            min_words: 10,
        }
    }
}

impl Tuning {
    /// The objective for brief sections and the BLUF: a weak lead prior. News clusters for a
    /// brief are small (a handful of outlets) and their opening lines are often framing
    /// ("The dynamics of international relations are …"); what several sources report should
    /// outrank what one source put first. Not tuned on DUC (which rewards lead sentences).
    pub fn brief() -> Tuning {
        Tuning { position_prior: 0.25, ..Tuning::default() }
    }
}

/// One picked sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    /// Index into the candidate slice.
    pub candidate: usize,
    /// The engine's score for the sentence when it was picked (higher is better).
    pub score: f64,
}

/// Fewer words left than this are not worth a cut sentence ([`select_cut`]).
pub const MIN_FILL_WORDS: usize = 4;

/// Relevance of a sentence by its position in its article: news states its story first, so
/// the lead weighs 1 and later sentences less (½ at the fifth, ⅓ at the ninth): a story's points
/// come from what its articles lead with rather than from background paragraphs they repeat.
pub fn lead_weight(s: &Sentence) -> f64 {
    1.0 / (1.0 + s.index as f64 / 4.0)
}

/// Share of the smaller sorted set that the other set also has.
pub fn containment(a: &[u32], b: &[u32]) -> f64 {
    let small = a.len().min(b.len());
    if small == 0 {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / small as f64
}

/// The selection state of one call: concepts and per-candidate data.
struct Engine<'a> {
    candidates: &'a [&'a Sentence],
    concepts: Concepts,
    words: Vec<usize>,
    /// gain / cost divisor: words^r.
    cost: Vec<f64>,
    /// Relevance × form factor; 0 = not a candidate.
    factor: Vec<f64>,
    prior: Vec<f64>,
    tuning: Tuning,
}

impl<'a> Engine<'a> {
    fn new(
        candidates: &'a [&'a Sentence],
        tokens: Option<&[&[Token]]>,
        relevance: Option<&[f64]>,
        tuning: Tuning,
    ) -> Engine<'a> {
        let weighting = Weighting { unigram: tuning.unigram_weight, min_df_fraction: tuning.min_df_fraction };
        let concepts = match tokens {
            Some(t) => Concepts::from_tokens(candidates, t, weighting),
            None => Concepts::new(candidates, weighting),
        };
        let words: Vec<usize> = candidates.iter().map(|s| text::word_count(&s.text)).collect();
        let cost = words.iter().map(|&w| (w.max(1) as f64).powf(tuning.cost_exponent)).collect();
        let max_rel = relevance.map_or(1.0, |r| r.iter().copied().fold(0.0, f64::max));
        let mut factor: Vec<f64> = (0..candidates.len())
            .map(|i| {
                let r = relevance.map_or(1.0, |r| r[i]);
                let s = candidates[i];
                if words[i] < tuning.min_words
                    || !(r > 0.0 && max_rel > 0.0)
                    || !clean::eligible_with_words(s, words[i])
                {
                    return 0.0;
                }
                let quote = if clean::starts_with_quote(&s.text) { tuning.quote_factor } else { 1.0 };
                let dangling = if clean::starts_dangling(&s.text) { tuning.dangling_factor } else { 1.0 };
                quote * dangling * r / max_rel
            })
            .collect();
        // Exact duplicates (same concepts, hence the same content words): only the earliest is a
        // candidate.
        let mut order: Vec<usize> = (0..candidates.len()).filter(|&i| factor[i] > 0.0).collect();
        let sort_key = |i: usize| (concepts.of(i), key(candidates[i]), i);
        order.sort_by(|&a, &b| sort_key(a).cmp(&sort_key(b)));
        for w in order.windows(2) {
            if concepts.of(w[0]) == concepts.of(w[1]) {
                factor[w[1]] = 0.0;
            }
        }
        // Lead prior, in units of the mean concept weight of a candidate.
        let (sum, n) = (0..candidates.len())
            .filter(|&i| factor[i] > 0.0)
            .map(|i| concepts.of(i).iter().map(|&c| concepts.weight[c as usize]).sum::<f64>())
            .fold((0.0, 0usize), |(s, n), g| (s + g, n + 1));
        let mean_gain = if n == 0 { 0.0 } else { sum / n as f64 };
        let prior =
            candidates.iter().map(|s| tuning.position_prior * mean_gain / (s.index as f64 + 1.0)).collect();
        Engine { candidates, concepts, words, cost, factor, prior, tuning }
    }

    /// Weight of the concepts `ids` not yet `covered`.
    fn coverage_gain(&self, ids: &[u32], covered: &[bool]) -> f64 {
        ids.iter().filter(|&&c| !covered[c as usize]).map(|&c| self.concepts.weight[c as usize]).sum()
    }

    /// Objective gain of adding candidate `i`.
    fn gain(&self, i: usize, covered: &[bool]) -> f64 {
        (self.coverage_gain(self.concepts.of(i), covered) + self.prior[i]) * self.factor[i]
    }

    fn cover(&self, i: usize, covered: &mut [bool]) {
        for &c in self.concepts.of(i) {
            covered[c as usize] = true;
        }
    }

    /// Whether `(score, candidate)` `a` beats `b`: higher score, then earlier document and
    /// position, then lower index.
    fn better(&self, a: (f64, usize), b: (f64, usize)) -> bool {
        match a.0.total_cmp(&b.0) {
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal => (key(self.candidates[a.1]), a.1) < (key(self.candidates[b.1]), b.1),
        }
    }

    fn duplicates(&self, i: usize, picks: &[Pick]) -> bool {
        picks.iter().any(|p| {
            containment(self.concepts.words_of(i), self.concepts.words_of(p.candidate))
                >= self.tuning.duplicate_containment
        })
    }

    fn open(&self, params: &Params) -> Vec<usize> {
        (0..self.candidates.len())
            .filter(|&i| self.factor[i] > 0.0 && self.words[i] <= params.max_words)
            .collect()
    }

    /// Greedy by gain / words^r within the budget (Lin & Bilmes 2011, algorithm 1): the best
    /// ratio is taken if it fits and is not a near-duplicate, else dropped; repeat.
    ///
    /// Evaluated lazily (Minoux's accelerated greedy): a candidate's gain can only shrink as
    /// concepts get covered, so a ratio computed earlier is an upper bound; a heap ordered like
    /// [`Engine::better`] pops the candidate with the best bound, which is the true best as
    /// soon as its bound is fresh. Same picks as re-evaluating every candidate every round.
    fn greedy(&self, params: &Params) -> Vec<Pick> {
        let mut covered = vec![false; self.concepts.weight.len()];
        let mut heap: BinaryHeap<Bound> =
            self.open(params).into_iter().map(|i| self.bound(i, &covered, 0)).collect();
        let mut picks: Vec<Pick> = Vec::new();
        let mut used = 0;
        while picks.len() < params.max_sentences {
            let Some(top) = heap.pop() else { break };
            if top.round != picks.len() {
                heap.push(self.bound(top.candidate, &covered, picks.len()));
                continue;
            }
            if top.gain <= 0.0 {
                break;
            }
            let i = top.candidate;
            if used + self.words[i] > params.max_words || self.duplicates(i, &picks) {
                continue;
            }
            used += self.words[i];
            self.cover(i, &mut covered);
            picks.push(Pick { candidate: i, score: top.gain });
        }
        picks
    }

    /// Candidate `i`'s ratio as of `round` (the number of picks so far).
    fn bound(&self, i: usize, covered: &[bool], round: usize) -> Bound {
        let gain = self.gain(i, covered);
        let (doc, index) = key(self.candidates[i]);
        Bound { ratio: gain / self.cost[i], tie: (doc, index, i), candidate: i, gain, round }
    }

    fn value(&self, picks: &[Pick]) -> f64 {
        let mut covered = vec![false; self.concepts.weight.len()];
        let mut total = 0.0;
        for p in picks {
            total += self.gain(p.candidate, &covered);
            self.cover(p.candidate, &mut covered);
        }
        total
    }

    fn select(&self, params: &Params) -> Vec<Pick> {
        let picks = self.greedy(params);
        // The best single sentence, if it alone is worth more (the greedy's guarantee).
        let none = vec![false; self.concepts.weight.len()];
        let single = self
            .open(params)
            .into_iter()
            .map(|i| (self.gain(i, &none), i))
            .reduce(|a, b| if self.better(b, a) { b } else { a });
        match single {
            Some((g, i)) if g > self.value(&picks) => vec![Pick { candidate: i, score: g }],
            _ => picks,
        }
    }

    /// The candidate whose first `left` words add the most concept weight to `picks` (no lead
    /// prior: the prefix is not a lead sentence), and how many of its words to keep.
    fn fill(&mut self, picks: &[Pick], left: usize) -> Option<(Pick, usize)> {
        let mut covered = vec![false; self.concepts.weight.len()];
        for p in picks {
            self.cover(p.candidate, &mut covered);
        }
        // The gain of a whole sentence bounds the gain of its first words: they mention a
        // subset of its concepts (a word never spans whitespace) and weights are ≥ 0 (in
        // floating point too: a sum of non-negative terms only shrinks when terms are left out).
        // So candidates are tried from the highest bound down, and once the bound is below the
        // best prefix found, no later one can win: the result of trying them all, for a few
        // tokenizations instead of hundreds.
        let mut order: Vec<(f64, usize)> = (0..self.candidates.len())
            .filter(|&i| self.factor[i] > 0.0 && !picks.iter().any(|p| p.candidate == i))
            .map(|i| (self.coverage_gain(self.concepts.of(i), &covered) * self.factor[i], i))
            .collect();
        order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut best: Option<(f64, usize)> = None;
        for (bound, i) in order {
            // Nothing later can win, or add anything at all (a gain of 0 is never picked).
            if bound <= 0.0 || best.is_some_and(|(g, _)| bound < g) {
                break;
            }
            if self.duplicates(i, picks) {
                continue;
            }
            let text = &self.candidates[i].text;
            let prefix = match text.split_whitespace().nth(left) {
                // Byte offset of the first word past the budget.
                Some(w) => &text[..w.as_ptr() as usize - text.as_ptr() as usize],
                None => text.as_str(),
            };
            let ids = self.concepts.of_text(prefix);
            let g = self.coverage_gain(&ids, &covered) * self.factor[i];
            if best.is_none_or(|b| self.better((g, i), b)) {
                best = Some((g, i));
            }
        }
        let (g, i) = best?;
        (g > 0.0).then_some((Pick { candidate: i, score: g }, left.min(self.words[i])))
    }
}

/// Picks sentences from `candidates`; `relevance` (same length, ≥ 0) weights each, or all 1.
/// Picked sentences are whole and their words total at most `params.max_words`.
pub fn select(candidates: &[&Sentence], relevance: Option<&[f64]>, params: Params) -> Vec<Pick> {
    if candidates.is_empty() || params.max_sentences == 0 {
        return Vec::new();
    }
    Engine::new(candidates, None, relevance, params.tuning).select(&params)
}

/// [`select`] with the candidates' tokens computed beforehand ([`concepts::Tokenized`];
/// `tokens[i]` for `candidates[i]`): the same picks, without tokenizing again.
pub fn select_tokenized(
    candidates: &[&Sentence],
    tokens: &[&[Token]],
    relevance: Option<&[f64]>,
    params: Params,
) -> Vec<Pick> {
    if candidates.is_empty() || params.max_sentences == 0 {
        return Vec::new();
    }
    Engine::new(candidates, Some(tokens), relevance, params.tuning).select(&params)
}

/// [`select`], then the words left in the budget filled with the beginning of the sentence
/// whose first words add the most to the objective: `(picks, Some((pick, words to keep)))`.
/// For `summarize` with a word budget (DUC systems were all cut at the limit); `build` never
/// cuts sentences.
pub fn select_cut(
    candidates: &[&Sentence],
    relevance: Option<&[f64]>,
    params: Params,
) -> (Vec<Pick>, Option<(Pick, usize)>) {
    if candidates.is_empty() || params.max_sentences == 0 {
        return (Vec::new(), None);
    }
    let mut engine = Engine::new(candidates, None, relevance, params.tuning);
    let picks = engine.select(&params);
    let used: usize = picks.iter().map(|p| engine.words[p.candidate]).sum();
    let left = params.max_words.saturating_sub(used);
    let filler = if left >= MIN_FILL_WORDS && picks.len() < params.max_sentences {
        engine.fill(&picks, left)
    } else {
        None
    };
    (picks, filler)
}

/// A candidate's gain/cost ratio, computed when `round` picks had been made; ordered like
/// [`Engine::better`] (higher ratio, then earlier document, position and index), so the
/// greatest is the best.
struct Bound {
    ratio: f64,
    tie: (usize, usize, usize),
    candidate: usize,
    gain: f64,
    round: usize,
}

impl Ord for Bound {
    fn cmp(&self, other: &Bound) -> Ordering {
        self.ratio.total_cmp(&other.ratio).then_with(|| other.tie.cmp(&self.tie))
    }
}

impl PartialOrd for Bound {
    fn partial_cmp(&self, other: &Bound) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Bound {
    fn eq(&self, other: &Bound) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Bound {}

fn key(s: &Sentence) -> (usize, usize) {
    (s.doc, s.index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(doc: usize, index: usize, text: &str) -> Sentence {
        Sentence { doc, index, block: 0, heading: false, text: text.into(), span: (0, text.len()) }
    }

    fn texts<'a>(c: &[&'a Sentence], picks: &[Pick]) -> Vec<&'a str> {
        picks.iter().map(|p| c[p.candidate].text.as_str()).collect()
    }

    fn words_of(c: &[&Sentence], picks: &[Pick]) -> usize {
        picks.iter().map(|p| text::word_count(&c[p.candidate].text)).sum()
    }

    /// A hand-made cluster of three reports on one (invented) event.
    fn harbour_cluster() -> Vec<Sentence> {
        vec![
            sent(
                0,
                0,
                "The harbour authority of Northport closed the old ferry terminal on Monday after a crane collapsed.",
            ),
            sent(
                0,
                1,
                "Nobody was hurt when the crane collapsed, the harbour authority said in a statement.",
            ),
            sent(0, 2, "Ferry services to the islands will run from the new terminal until further notice."),
            sent(
                1,
                0,
                "The harbour authority of Northport closed the old ferry terminal on Monday after a crane collapsed there.",
            ),
            sent(
                1,
                1,
                "Engineers from the port union had warned about the crane for two years, union leaders said.",
            ),
            sent(
                1,
                2,
                "Ferry services to the islands will run from the new terminal, the harbour authority said.",
            ),
            sent(
                2,
                0,
                "Inspectors began an inquiry into the crane collapse at the old ferry terminal in Northport.",
            ),
            sent(2, 1, "The port union said engineers had warned about the crane long before it collapsed."),
            sent(
                2,
                2,
                "Local shops near the terminal reported fewer customers during the closure this week.",
            ),
        ]
    }

    #[test]
    fn pretokenized_selection_makes_the_same_picks() {
        let cluster = harbour_cluster();
        let c: Vec<&Sentence> = cluster.iter().collect();
        // Tokens numbered over a larger, reordered set: stem ids differ, picks must not.
        let mut texts: Vec<&str> = vec!["Unrelated words come first here, numbered before the cluster."];
        texts.extend(c.iter().rev().map(|s| s.text.as_str()));
        let tok = concepts::Tokenized::new(&texts);
        let tokens: Vec<&[Token]> = (0..c.len()).map(|i| tok.of[texts.len() - 1 - i].as_slice()).collect();
        for params in [Params::new(40, 9), Params::new(100, 2), Params::brief(60, 3)] {
            let rel: Vec<f64> = (0..c.len()).map(|i| 1.0 + (i % 3) as f64).collect();
            assert_eq!(select_tokenized(&c, &tokens, Some(&rel), params), select(&c, Some(&rel), params));
            assert_eq!(select_tokenized(&c, &tokens, None, params), select(&c, None, params));
        }
    }

    #[test]
    fn redundant_sentences_are_not_both_picked() {
        let s = harbour_cluster();
        let c: Vec<&Sentence> = s.iter().collect();
        let picks = select(&c, None, Params::new(60, 10));
        let t = texts(&c, &picks);
        assert!(t.len() >= 2, "{t:?}");
        // Near-identical leads (doc 0 and doc 1) and the two ferry-service sentences.
        assert!(!(t.contains(&s[0].text.as_str()) && t.contains(&s[3].text.as_str())), "{t:?}");
        assert!(!(t.contains(&s[2].text.as_str()) && t.contains(&s[5].text.as_str())), "{t:?}");
        let mut seen = std::collections::BTreeSet::new();
        assert!(picks.iter().all(|p| seen.insert(p.candidate)), "a sentence picked twice");
    }

    #[test]
    fn shared_facts_beat_single_source_details() {
        let s = harbour_cluster();
        let c: Vec<&Sentence> = s.iter().collect();
        let first = select(&c, None, Params::new(20, 1));
        // The lead (terminal closed after the crane collapsed) is what all three reports share;
        // the shops sentence (one source only) is never the single best pick.
        assert_eq!(first.len(), 1);
        assert!(c[first[0].candidate].text.contains("crane"), "{:?}", texts(&c, &first));
    }

    #[test]
    fn containment_is_the_share_of_the_smaller_set() {
        assert_eq!(containment(&[1, 2, 3], &[2, 3, 4, 5]), 2.0 / 3.0);
        assert_eq!(containment(&[2, 3, 4, 5], &[1, 2, 3]), 2.0 / 3.0);
        assert_eq!(containment(&[1, 4], &[2, 3]), 0.0);
        assert_eq!(containment(&[], &[1]), 0.0);
    }

    #[test]
    fn word_budget_is_respected_exactly() {
        let s = harbour_cluster();
        let c: Vec<&Sentence> = s.iter().collect();
        for budget in [0, 9, 15, 16, 30, 31, 45, 60, 200] {
            let picks = select(&c, None, Params::new(budget, usize::MAX));
            assert!(words_of(&c, &picks) <= budget, "budget {budget}: {}", words_of(&c, &picks));
        }
        // Budget exactly two sentences: 14 + 15 words, with nothing smaller to add.
        let two = [
            sent(0, 0, "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi."),
            sent(1, 0, "Alpha beta gamma delta one two three four five six seven eight nine ten eleven."),
        ];
        let c: Vec<&Sentence> = two.iter().collect();
        let picks = select(&c, None, Params::new(29, 10));
        assert_eq!(words_of(&c, &picks), 29);
        assert_eq!(select(&c, None, Params::new(28, 10)).len(), 1);
        // The sentence cap holds too.
        assert_eq!(select(&c, None, Params::new(100, 1)).len(), 1);
    }

    #[test]
    fn cut_fills_the_budget_to_the_word() {
        let s = harbour_cluster();
        let c: Vec<&Sentence> = s.iter().collect();
        let (picks, filler) = select_cut(&c, None, Params::new(40, usize::MAX));
        let used = words_of(&c, &picks);
        let (f, keep) = filler.expect("words left for a cut sentence");
        assert!(!picks.iter().any(|p| p.candidate == f.candidate));
        assert_eq!(used + keep, 40);
        assert!(keep < text::word_count(&c[f.candidate].text));
    }

    /// The bounded search for the cut sentence finds what trying every candidate finds.
    #[test]
    fn cut_sentence_is_the_best_prefix_of_all_candidates() {
        let s = harbour_cluster();
        let c: Vec<&Sentence> = s.iter().collect();
        for budget in 0..120 {
            let params = Params::new(budget, usize::MAX);
            let mut engine = Engine::new(&c, None, None, params.tuning);
            let picks = engine.select(&params);
            let used: usize = picks.iter().map(|p| engine.words[p.candidate]).sum();
            let left = budget - used;
            let found = engine.fill(&picks, left);
            let mut covered = vec![false; engine.concepts.weight.len()];
            picks.iter().for_each(|p| engine.cover(p.candidate, &mut covered));
            let mut best: Option<(f64, usize)> = None;
            for (i, sentence) in c.iter().enumerate() {
                if engine.factor[i] <= 0.0
                    || picks.iter().any(|p| p.candidate == i)
                    || engine.duplicates(i, &picks)
                {
                    continue;
                }
                let prefix = sentence.text.split_whitespace().take(left).collect::<Vec<_>>().join(" ");
                let ids = engine.concepts.of_text(&prefix);
                let g = engine.coverage_gain(&ids, &covered) * engine.factor[i];
                if best.is_none_or(|b| engine.better((g, i), b)) {
                    best = Some((g, i));
                }
            }
            let expected = best.filter(|&(g, _)| g > 0.0).map(|(g, i)| (i, g, left.min(engine.words[i])));
            assert_eq!(found.map(|(p, keep)| (p.candidate, p.score, keep)), expected, "budget {budget}");
        }
    }

    #[test]
    fn ties_break_by_document_then_position() {
        // Two documents with the same sentences: equal gains; the earlier document wins,
        // whatever the order of the candidates.
        let s = [
            sent(
                1,
                0,
                "Ministers from both countries signed the river water treaty in the capital on Friday.",
            ),
            sent(
                0,
                0,
                "Ministers from both countries signed the river water treaty in the capital on Friday.",
            ),
            sent(0, 1, "The treaty shares the river water between farms and cities in both countries."),
            sent(1, 1, "The treaty shares the river water between farms and cities in both countries."),
        ];
        let forward: Vec<&Sentence> = s.iter().collect();
        let backward: Vec<&Sentence> = s.iter().rev().collect();
        for c in [&forward, &backward] {
            let picks = select(c, None, Params::new(100, 2));
            let keys: Vec<(usize, usize)> = picks.iter().map(|p| key(c[p.candidate])).collect();
            assert_eq!(keys, [(0, 0), (0, 1)], "{keys:?}");
            assert_eq!(picks, select(c, None, Params::new(100, 2)), "not deterministic");
        }
    }

    #[test]
    fn headings_short_quoted_and_irrelevant_sentences_are_skipped() {
        let mut h = sent(0, 0, "A heading that is long enough to count as a sentence here");
        h.heading = true;
        let s = [
            h,
            sent(0, 1, "Too short to be a point."),
            sent(0, 2, "\"We will rebuild the terminal within a year,\" the harbour master said."),
            sent(0, 3, "This sentence is relevant and long enough to be picked by the engine."),
        ];
        let c: Vec<&Sentence> = s.iter().collect();
        assert_eq!(texts(&c, &select(&c, None, Params::new(100, 5))), [s[3].text.as_str()]);
        assert!(select(&c, Some(&[1.0, 1.0, 1.0, 0.0]), Params::new(100, 5)).is_empty());
        assert!(select(&[], None, Params::new(100, 5)).is_empty());
    }
}
