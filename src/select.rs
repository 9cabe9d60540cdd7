//! Stage 4, select: the extractive selection engine.
//!
//! In: candidate sentences (with an optional relevance weight each, e.g. their topic score) and
//! [`Params`] (word budget, sentence cap). Out: the picked sentences with their scores, in
//! pick order. `build` calls it once per topic and once for the BLUF; `summarize` calls it once
//! for a whole cluster — one engine for both.
//!
//! Method: sentences are TF-IDF vectors over stemmed content terms; centrality is LexRank
//! (PageRank on the cosine-similarity graph, damping 0.85); picking is greedy maximal marginal
//! relevance (centrality × relevance minus similarity to what is already picked), skipping
//! sentences that would exceed the word budget and near-duplicates (cosine ≥ 0.5).
//! Deterministic: fixed iteration count, ties broken by (document, position).

use crate::segment::Sentence;
use crate::text;
use std::collections::BTreeMap;

/// Selection limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Maximum total words of the picked sentences.
    pub max_words: usize,
    /// Maximum number of sentences.
    pub max_sentences: usize,
}

/// One picked sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    /// Index into the candidate slice.
    pub candidate: usize,
    /// The engine's score for the sentence when it was picked (higher is better).
    pub score: f64,
}

/// Sentences shorter than this are never picked (fragments, datelines, captions).
pub const MIN_WORDS: usize = 6;
/// Sentences longer than this are never picked (run-ons, lists glued together).
pub const MAX_WORDS: usize = 70;
/// Two sentences at least this similar (cosine) say the same thing.
pub const DUPLICATE_SIMILARITY: f64 = 0.5;
const DAMPING: f64 = 0.85;
const ITERATIONS: usize = 40;
const LAMBDA: f64 = 0.7;

type Vector = Vec<(usize, f64)>; // sorted (term id, weight), unit length

fn vectors(sentences: &[&Sentence]) -> Vec<Vector> {
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let docs: Vec<Vec<usize>> = sentences
        .iter()
        .map(|s| {
            text::terms(&s.text)
                .into_iter()
                .map(|t| {
                    let n = ids.len();
                    *ids.entry(t).or_insert(n)
                })
                .collect()
        })
        .collect();
    let mut df = vec![0usize; ids.len()];
    for d in &docs {
        let mut seen = d.clone();
        seen.sort_unstable();
        seen.dedup();
        for t in seen {
            df[t] += 1;
        }
    }
    let n = docs.len() as f64;
    docs.into_iter()
        .map(|d| {
            let mut tf: BTreeMap<usize, f64> = BTreeMap::new();
            for t in d {
                *tf.entry(t).or_default() += 1.0;
            }
            let mut v: Vector =
                tf.into_iter().map(|(t, f)| (t, f * ((n + 1.0) / (df[t] as f64 + 0.5)).ln())).collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            v
        })
        .collect()
}

/// Cosine similarity of two unit vectors.
fn cosine(a: &Vector, b: &Vector) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Similarity of two sentences' texts (cosine of TF-IDF vectors fitted on the pair).
pub fn similarity(a: &Sentence, b: &Sentence) -> f64 {
    let v = vectors(&[a, b]);
    cosine(&v[0], &v[1])
}

fn lexrank(vecs: &[Vector]) -> Vec<f64> {
    let n = vecs.len();
    if n == 0 {
        return Vec::new();
    }
    let mut edges: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for i in 0..n {
        for j in (i + 1)..n {
            let s = cosine(&vecs[i], &vecs[j]);
            if s > 0.1 {
                edges[i].push((j, s));
                edges[j].push((i, s));
            }
        }
    }
    let out_weight: Vec<f64> = edges.iter().map(|e| e.iter().map(|(_, w)| w).sum()).collect();
    let mut rank = vec![1.0 / n as f64; n];
    for _ in 0..ITERATIONS {
        let mut next = vec![(1.0 - DAMPING) / n as f64; n];
        let mut dangling = 0.0;
        for i in 0..n {
            if out_weight[i] == 0.0 {
                dangling += rank[i];
                continue;
            }
            for &(j, w) in &edges[i] {
                next[j] += DAMPING * rank[i] * w / out_weight[i];
            }
        }
        next.iter_mut().for_each(|r| *r += DAMPING * dangling / n as f64);
        rank = next;
    }
    let max = rank.iter().cloned().fold(0.0, f64::max);
    if max > 0.0 {
        rank.iter_mut().for_each(|r| *r /= max);
    }
    rank
}

/// Whether a sentence may be picked at all (length and form).
pub fn eligible(s: &Sentence) -> bool {
    let words = text::word_count(&s.text);
    !s.heading && (MIN_WORDS..=MAX_WORDS).contains(&words) && ends_like_sentence(&s.text)
}

/// Whether text ends like a sentence (final punctuation, possibly inside closing quotes):
/// headings and captions without a full stop are not key points.
pub fn ends_like_sentence(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ']']);
    t.ends_with(['.', '!', '?', '\u{2026}'])
}

/// Picks sentences from `candidates`; `relevance` (same length, ≥ 0) weights each, or all 1.
pub fn select(candidates: &[&Sentence], relevance: Option<&[f64]>, params: Params) -> Vec<Pick> {
    let vecs = vectors(candidates);
    let centrality = lexrank(&vecs);
    let weight = |i: usize| relevance.map_or(1.0, |r| r[i]);
    let mut picks: Vec<Pick> = Vec::new();
    let mut words = 0;
    let mut open: Vec<usize> =
        (0..candidates.len()).filter(|&i| eligible(candidates[i]) && weight(i) > 0.0).collect();
    while picks.len() < params.max_sentences && !open.is_empty() {
        let mut best: Option<(f64, usize)> = None;
        for &i in &open {
            let redundancy = picks.iter().map(|p| cosine(&vecs[i], &vecs[p.candidate])).fold(0.0, f64::max);
            let score = LAMBDA * centrality[i] * weight(i) - (1.0 - LAMBDA) * redundancy;
            let better = match best {
                None => true,
                Some((b, bi)) => score > b || (score == b && key(candidates[i]) < key(candidates[bi])),
            };
            if better {
                best = Some((score, i));
            }
        }
        let Some((score, i)) = best else { break };
        open.retain(|&j| j != i);
        let w = text::word_count(&candidates[i].text);
        let duplicate = picks.iter().any(|p| cosine(&vecs[i], &vecs[p.candidate]) >= DUPLICATE_SIMILARITY);
        if duplicate || words + w > params.max_words {
            continue;
        }
        words += w;
        picks.push(Pick { candidate: i, score });
    }
    picks
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
        let picks = select(&c, None, Params { max_words: 100, max_sentences: 3 });
        let t = texts(&c, &picks);
        assert_eq!(t.len(), 3, "{t:?}");
        assert!(!(t.contains(&s[0].text.as_str()) && t.contains(&s[1].text.as_str())), "{t:?}");
    }

    #[test]
    fn word_budget_is_respected_exactly() {
        let s = [
            sent(0, 0, "one two three four five six seven eight."),
            sent(0, 1, "alpha beta gamma delta epsilon zeta eta theta iota."),
            sent(0, 2, "red green blue cyan magenta yellow black white."),
        ];
        let c: Vec<&Sentence> = s.iter().collect();
        let picks = select(&c, None, Params { max_words: 16, max_sentences: 10 });
        let total: usize = picks.iter().map(|p| text::word_count(&c[p.candidate].text)).sum();
        assert!((8..=16).contains(&total), "{total}");
        assert_eq!(picks.len(), 2);
    }

    #[test]
    fn ties_break_by_document_then_position() {
        let s = [
            sent(1, 0, "Identical words in every single sentence here."),
            sent(0, 3, "Another unrelated statement about harbour cranes today."),
        ];
        let c: Vec<&Sentence> = s.iter().collect();
        let a = select(&c, None, Params { max_words: 100, max_sentences: 1 });
        assert_eq!(c[a[0].candidate].doc, 0);
    }

    #[test]
    fn short_headings_and_zero_relevance_are_skipped() {
        let mut h = sent(0, 0, "A heading that is long enough to count");
        h.heading = true;
        let s =
            [h, sent(0, 1, "Too short."), sent(0, 2, "This sentence is relevant and long enough to pick.")];
        let c: Vec<&Sentence> = s.iter().collect();
        assert_eq!(
            texts(&c, &select(&c, None, Params { max_words: 100, max_sentences: 5 })),
            [s[2].text.as_str()]
        );
        assert!(select(&c, Some(&[1.0, 1.0, 0.0]), Params { max_words: 100, max_sentences: 5 }).is_empty());
    }
}
