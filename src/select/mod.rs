//! Stage 4, select: the extractive selection engine.
//!
//! In: candidate sentences (with an optional relevance weight each, e.g. their topic score) and
//! [`Params`] (word budget, sentence cap). Out: the picked sentences with their scores, in
//! pick order. `build` calls it once per topic and once for the BLUF; `summarize` calls it once
//! for a whole cluster — one engine for both.
//!
//! Method (concept coverage under a length budget, after ICSISumm, Gillick & Favre 2009, solved
//! greedily as in Lin & Bilmes 2011):
//! * candidates: sentences of 8–55 words that end like a sentence and are not wire-service
//!   furniture ([`clean`]); exact duplicates (same stemmed words) count once;
//! * concepts: adjacent stemmed word pairs (not both stop words) and content words, weighted
//!   by the number of documents that mention them ([`concepts`]);
//! * objective: total weight of the concepts covered by the picked sentences, plus a small
//!   lead-position prior per sentence; picked greedily by gain per word^r within the budget,
//!   skipping near-duplicates of what is already picked; the best single sentence replaces the
//!   greedy set if it scores higher.
//!
//! Deterministic: no randomness; ties broken by (document, position, candidate index).

pub mod clean;
pub mod concepts;

pub use clean::{MAX_WORDS, MIN_WORDS, eligible, ends_like_sentence};

use crate::segment::Sentence;
use crate::text;
use concepts::{Concepts, Weighting};

/// Selection limits and objective parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Maximum total words of the picked sentences.
    pub max_words: usize,
    /// Maximum number of sentences.
    pub max_sentences: usize,
    /// Objective parameters (defaults tuned on the DUC 2004 dev half).
    pub tuning: Tuning,
}

impl Params {
    /// Limits with the default objective.
    pub fn new(max_words: usize, max_sentences: usize) -> Params {
        Params { max_words, max_sentences, tuning: Tuning::default() }
    }
}

/// Objective parameters; see the module doc.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    /// Weight of a content unigram relative to a word pair.
    pub unigram_weight: f64,
    /// Minimum document frequency of a concept, as a fraction of the documents.
    pub min_df_fraction: f64,
    /// Cost exponent r: the greedy picks by gain / words^r.
    pub cost_exponent: f64,
    /// Lead prior: a sentence at position p adds `position_prior / (p + 1)` × mean gain.
    pub position_prior: f64,
    /// Content-word containment at or above which a sentence duplicates a picked one.
    pub duplicate_containment: f64,
    /// Exponent on concept frequencies (weight = frequency^p).
    pub weight_exponent: f64,
    /// Credit decay of repeated word pairs (0 = a pair counts once).
    pub bigram_decay: f64,
    /// Credit decay of repeated content words (0 = a word counts once).
    pub unigram_decay: f64,
    /// Factor on a sentence that starts with a quotation mark.
    pub quote_factor: f64,
    /// Factor on a sentence whose first word refers back (pronoun, connective).
    pub dangling_factor: f64,
    /// Shortest candidate sentence, in words (at least [`MIN_WORDS`]).
    pub min_words: usize,
    /// Concept mentions at sentence position p count 1 / (1 + decay × p).
    pub mention_decay: f64,
    /// Weight of a word pair.
    pub bigram_weight: f64,
    /// Whether a sentence repeated verbatim adds no concept mentions.
    pub repeats_once: bool,
    /// Content-word containment from which a sentence repeats one of another document.
    pub near_repeat: f64,
    /// Greedy restarts from the best first sentences (0 = plain greedy).
    pub starts: usize,
}

impl Default for Tuning {
    fn default() -> Tuning {
        let mut t = Tuning {
            unigram_weight: 0.4,
            min_df_fraction: 0.3,
            cost_exponent: 0.9,
            position_prior: 1.0,
            duplicate_containment: 0.7,
            weight_exponent: 1.0,
            starts: 0,
            near_repeat: 1.0,
            repeats_once: true,
            bigram_weight: 1.0,
            mention_decay: 0.0,
            quote_factor: 0.0,
            dangling_factor: 0.5,
            min_words: 10,
            bigram_decay: 0.0,
            unigram_decay: 0.0,
        };
        // TEMP-TUNING: experiment overrides, removed before release.
        if let Ok(v) = std::env::var("BRIEFLY_TUNE") {
            for kv in v.split(',').filter(|s| !s.is_empty()) {
                let (k, x) = kv.split_once('=').unwrap();
                let x: f64 = x.parse().unwrap();
                match k {
                    "u" => t.unigram_weight = x,
                    "df" => t.min_df_fraction = x,
                    "r" => t.cost_exponent = x,
                    "pos" => t.position_prior = x,
                    "dup" => t.duplicate_containment = x,
                    "wexp" => t.weight_exponent = x,
                    "starts" => t.starts = x as usize,
                    "nr" => t.near_repeat = x,
                    "once" => t.repeats_once = x > 0.0,
                    "b" => t.bigram_weight = x,
                    "md" => t.mention_decay = x,
                    "q" => t.quote_factor = x,
                    "dang" => t.dangling_factor = x,
                    "minw" => t.min_words = x as usize,
                    "bd" => t.bigram_decay = x,
                    "ud" => t.unigram_decay = x,
                    _ => panic!("{k}"),
                }
            }
        }
        t
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

/// Share of the content words of the smaller set that the other set also has.
fn containment(a: &[u32], b: &[u32]) -> f64 {
    let small = a.len().min(b.len());
    if small == 0 {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / small as f64
}

/// Similarity of two sentences' texts: the share of content words they have in common
/// (containment of the smaller set).
pub fn similarity(a: &Sentence, b: &Sentence) -> f64 {
    let c = Concepts::new(
        &[a, b],
        Weighting {
            unigram: 0.0,
            min_df_fraction: 0.0,
            exponent: 1.0,
            position_decay: 0.0,
            bigram: 1.0,
            count_repeats_once: true,
            near_repeat: 1.0,
        },
    );
    containment(&c.stems_of[0], &c.stems_of[1])
}

/// The selection state: concepts, candidates, what is covered.
struct Engine<'a> {
    candidates: &'a [&'a Sentence],
    concepts: Concepts,
    words: Vec<usize>,
    weight: Vec<f64>, // relevance × eligibility, per candidate
    prior: Vec<f64>,
    tuning: Tuning,
    bigram_credit: Vec<f64>,
    unigram_credit: Vec<f64>,
}

/// Credit of a concept seen n times, for n = 0..=8: 1 + d + … + d^(n-1).
fn credit_table(d: f64) -> Vec<f64> {
    let mut t = vec![0.0];
    let mut step = 1.0;
    for _ in 0..8 {
        t.push(t[t.len() - 1] + step);
        step *= d;
    }
    t
}

impl<'a> Engine<'a> {
    fn new(candidates: &'a [&'a Sentence], relevance: Option<&[f64]>, tuning: Tuning) -> Engine<'a> {
        let concepts = Concepts::new(
            candidates,
            Weighting {
                unigram: tuning.unigram_weight,
                min_df_fraction: tuning.min_df_fraction,
                exponent: tuning.weight_exponent,
                position_decay: tuning.mention_decay,
                bigram: tuning.bigram_weight,
                count_repeats_once: tuning.repeats_once,
                near_repeat: tuning.near_repeat,
            },
        );
        let words: Vec<usize> = candidates.iter().map(|s| text::word_count(&s.text)).collect();
        let max_rel = relevance.map_or(1.0, |r| r.iter().cloned().fold(0.0, f64::max));
        let mut weight: Vec<f64> = (0..candidates.len())
            .map(|i| {
                let r = relevance.map_or(1.0, |r| r[i]);
                let t = &candidates[i].text;
                let form = if clean::starts_with_quote(t) { tuning.quote_factor } else { 1.0 }
                    * if clean::starts_dangling(t) { tuning.dangling_factor } else { 1.0 };
                if eligible(candidates[i]) && words[i] >= tuning.min_words && r > 0.0 && max_rel > 0.0 {
                    form * r / max_rel
                } else {
                    0.0
                }
            })
            .collect();
        // Exact duplicates (same concepts and stems): only the first counts.
        let mut order: Vec<usize> = (0..candidates.len()).filter(|&i| weight[i] > 0.0).collect();
        order.sort_by(|&a, &b| {
            (&concepts.of[a], &concepts.stems_of[a], key(candidates[a]), a).cmp(&(
                &concepts.of[b],
                &concepts.stems_of[b],
                key(candidates[b]),
                b,
            ))
        });
        for w in order.windows(2) {
            if concepts.of[w[0]] == concepts.of[w[1]] && concepts.stems_of[w[0]] == concepts.stems_of[w[1]] {
                weight[w[1]] = 0.0;
            }
        }
        // Lead prior, scaled by the mean concept weight of a sentence.
        let mean_gain = {
            let (sum, n) = (0..candidates.len())
                .filter(|&i| weight[i] > 0.0)
                .map(|i| concepts.of[i].iter().map(|&(c, _)| concepts.weight[c as usize]).sum::<f64>())
                .fold((0.0, 0usize), |(s, n), g| (s + g, n + 1));
            if n == 0 { 0.0 } else { sum / n as f64 }
        };
        let prior =
            candidates.iter().map(|s| tuning.position_prior * mean_gain / (s.index as f64 + 1.0)).collect();
        Engine {
            candidates,
            concepts,
            words,
            weight,
            prior,
            tuning,
            bigram_credit: credit_table(tuning.bigram_decay),
            unigram_credit: credit_table(tuning.unigram_decay),
        }
    }

    fn gain(&self, i: usize, covered: &[u32]) -> f64 {
        (self.coverage_gain(&self.concepts.of[i], covered) + self.prior[i]) * self.weight[i]
    }

    /// Weight added by concepts `ids` to a summary with concept counts `covered`: each
    /// concept's credit grows with its count as 1 + d + d² + … (d = 0: covered or not).
    fn coverage_gain(&self, ids: &[(u32, u32)], covered: &[u32]) -> f64 {
        ids.iter()
            .map(|&(c, k)| {
                let c = c as usize;
                let table = if self.concepts.unigram[c] { &self.unigram_credit } else { &self.bigram_credit };
                let credit = |n: u32| table[(n as usize).min(table.len() - 1)];
                self.concepts.weight[c] * (credit(covered[c] + k) - credit(covered[c]))
            })
            .sum()
    }

    fn cover(&self, ids: &[(u32, u32)], covered: &mut [u32]) {
        for &(c, k) in ids {
            covered[c as usize] += k;
        }
    }

    fn better(&self, a: (f64, usize), b: (f64, usize)) -> bool {
        match a.0.total_cmp(&b.0) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => (key(self.candidates[a.1]), a.1) < (key(self.candidates[b.1]), b.1),
        }
    }

    fn duplicates(&self, i: usize, picks: &[Pick]) -> bool {
        picks.iter().any(|p| {
            containment(&self.concepts.stems_of[i], &self.concepts.stems_of[p.candidate])
                >= self.tuning.duplicate_containment
        })
    }

    /// Greedy by gain / words^r within the budget (Lin & Bilmes 2011, algorithm 1).
    fn greedy(&self, params: &Params, first: Option<usize>) -> Vec<Pick> {
        let mut covered = vec![0u32; self.concepts.weight.len()];
        let mut open: Vec<usize> = (0..self.candidates.len())
            .filter(|&i| self.weight[i] > 0.0 && self.words[i] <= params.max_words)
            .collect();
        let mut picks: Vec<Pick> = Vec::new();
        let mut used = 0;
        if let Some(i) = first {
            open.retain(|&j| j != i);
            used += self.words[i];
            picks.push(Pick { candidate: i, score: self.gain(i, &covered) });
            self.cover(&self.concepts.of[i], &mut covered);
        }
        while picks.len() < params.max_sentences && !open.is_empty() {
            let mut best: Option<(f64, usize, f64)> = None;
            for &i in &open {
                let g = self.gain(i, &covered);
                let score = g / (self.words[i] as f64).powf(self.tuning.cost_exponent);
                if best.is_none_or(|(b, bi, _)| self.better((score, i), (b, bi))) {
                    best = Some((score, i, g));
                }
            }
            let Some((_, i, g)) = best else { break };
            open.retain(|&j| j != i);
            if g <= 0.0 {
                break;
            }
            if used + self.words[i] > params.max_words || self.duplicates(i, &picks) {
                continue;
            }
            used += self.words[i];
            self.cover(&self.concepts.of[i], &mut covered);
            picks.push(Pick { candidate: i, score: g });
        }
        picks
    }

    fn value(&self, picks: &[Pick]) -> f64 {
        let mut covered = vec![0u32; self.concepts.weight.len()];
        let mut total = 0.0;
        for p in picks {
            total += self.gain(p.candidate, &covered);
            self.cover(&self.concepts.of[p.candidate], &mut covered);
        }
        total
    }

    /// The candidate whose first `left` words add the most weight to `picks`.
    fn fill(&mut self, picks: &[Pick], left: usize) -> Option<(Pick, usize)> {
        let mut covered = vec![0u32; self.concepts.weight.len()];
        for p in picks {
            self.cover(&self.concepts.of[p.candidate], &mut covered);
        }
        let mut best: Option<(f64, usize)> = None;
        for i in 0..self.candidates.len() {
            if self.weight[i] <= 0.0 || picks.iter().any(|p| p.candidate == i) || self.duplicates(i, picks) {
                continue;
            }
            let prefix: Vec<&str> = self.candidates[i].text.split_whitespace().take(left).collect();
            let ids = self.concepts.of_text(&prefix.join(" "));
            let g = self.coverage_gain(&ids, &covered) * self.weight[i];
            if best.is_none_or(|b| self.better((g, i), b)) {
                best = Some((g, i));
            }
        }
        let (g, i) = best?;
        (g > 0.0).then_some((Pick { candidate: i, score: g }, left.min(self.words[i])))
    }

    fn select(&self, params: &Params) -> Vec<Pick> {
        let mut picks = self.greedy(params, None);
        // Multi-start: the greedy again from each of the best first sentences by ratio; the
        // set with the highest objective wins (ties: the plain greedy, then the earlier start).
        if self.tuning.starts > 0 && params.max_sentences > 1 {
            let none = vec![0u32; self.concepts.weight.len()];
            let mut firsts: Vec<(f64, usize)> = (0..self.candidates.len())
                .filter(|&i| self.weight[i] > 0.0 && self.words[i] <= params.max_words)
                .map(|i| (self.gain(i, &none) / (self.words[i] as f64).powf(self.tuning.cost_exponent), i))
                .collect();
            firsts.sort_by(|a, b| {
                if self.better(*a, *b) {
                    std::cmp::Ordering::Less
                } else if self.better(*b, *a) {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            });
            let mut best = self.value(&picks);
            for &(_, i) in firsts.iter().take(self.tuning.starts) {
                let p = self.greedy(params, Some(i));
                let v = self.value(&p);
                if v > best {
                    best = v;
                    picks = p;
                }
            }
        }
        // The best single sentence, if it alone is worth more (keeps the greedy's guarantee).
        let none = vec![0u32; self.concepts.weight.len()];
        let single = (0..self.candidates.len())
            .filter(|&i| {
                self.weight[i] > 0.0 && self.words[i] <= params.max_words && params.max_sentences > 0
            })
            .map(|i| (self.gain(i, &none), i))
            .reduce(|a, b| if self.better(b, a) { b } else { a });
        if let Some((g, i)) = single
            && g > self.value(&picks)
        {
            return vec![Pick { candidate: i, score: g }];
        }
        picks
    }
}

/// [`select`], then the words left in the budget filled with the beginning of the sentence
/// whose first words add the most concept weight: `(picks, Some((pick, words to keep)))`.
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
    let mut engine = Engine::new(candidates, relevance, params.tuning);
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

/// Fewer words left than this are not worth a cut sentence.
pub const MIN_FILL_WORDS: usize = 4;

/// Picks sentences from `candidates`; `relevance` (same length, ≥ 0) weights each, or all 1.
pub fn select(candidates: &[&Sentence], relevance: Option<&[f64]>, params: Params) -> Vec<Pick> {
    if candidates.is_empty() || params.max_sentences == 0 {
        return Vec::new();
    }
    Engine::new(candidates, relevance, params.tuning).select(&params)
}

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

    #[test]
    fn redundant_sentences_are_not_both_picked() {
        let s = [
            sent(0, 0, "NATO foreign ministers met in Brussels on Wednesday to discuss Ukraine."),
            sent(1, 0, "NATO foreign ministers met in Brussels on Wednesday to discuss Ukraine talks."),
            sent(2, 0, "Rubio skipped the NATO meeting in Brussels, sending his deputy instead."),
            sent(2, 1, "The ministers also discussed Russian drones over Poland and Romania."),
        ];
        let c: Vec<&Sentence> = s.iter().collect();
        let picks = select(&c, None, Params::new(100, 3));
        let t = texts(&c, &picks);
        assert_eq!(t.len(), 3, "{t:?}");
        assert!(!(t.contains(&s[0].text.as_str()) && t.contains(&s[1].text.as_str())), "{t:?}");
    }

    #[test]
    fn word_budget_is_respected_exactly() {
        let s = [
            sent(0, 0, "one two three four five six seven eight"),
            sent(0, 1, "alpha beta gamma delta epsilon zeta eta theta iota"),
            sent(0, 2, "red green blue cyan magenta yellow black white"),
        ];
        let c: Vec<&Sentence> = s.iter().collect();
        let picks = select(&c, None, Params::new(16, 10));
        let total: usize = picks.iter().map(|p| text::word_count(&c[p.candidate].text)).sum();
        assert!(total <= 16 && total >= 8, "{total}");
        assert_eq!(picks.len(), 2);
    }

    #[test]
    fn ties_break_by_document_then_position() {
        let s = [
            sent(1, 0, "Identical words in every single sentence here."),
            sent(0, 3, "Another unrelated statement about harbour cranes today."),
        ];
        let c: Vec<&Sentence> = s.iter().collect();
        let a = select(&c, None, Params::new(100, 1));
        assert_eq!(c[a[0].candidate].doc, 0);
    }

    #[test]
    fn short_headings_and_zero_relevance_are_skipped() {
        let mut h = sent(0, 0, "A heading that is long enough to count");
        h.heading = true;
        let s =
            [h, sent(0, 1, "Too short."), sent(0, 2, "This sentence is relevant and long enough to pick.")];
        let c: Vec<&Sentence> = s.iter().collect();
        assert_eq!(texts(&c, &select(&c, None, Params::new(100, 5))), [s[2].text.as_str()]);
        assert!(select(&c, Some(&[1.0, 1.0, 0.0]), Params::new(100, 5)).is_empty());
    }
}
