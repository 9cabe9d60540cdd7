//! Stage 3, topics: sentences → topic assignments.
//!
//! In: all sentences and the topics (configured: name, keywords, description; or discovered by
//! [`discover`]). Out: for each sentence, the topic it belongs to (if any) and its relevance.
//! Scoring is Okapi BM25 (k1 = 1.2, b = 0.75) of the topic's terms (name + keywords +
//! description, stemmed and stop-worded) against each sentence as a document; a sentence joins
//! its best-scoring topic, ties going to the topic listed first. With no topics at all, every
//! sentence belongs to one topic, [`DEFAULT_TOPIC`].
//!
//! Discovery is deterministic keyphrase clustering: two-word phrases of content words (not
//! proper names) are ranked by how many sources and sentences use them; the best phrases whose
//! sentences do not overlap much with an already chosen topic become topics, labelled with the
//! phrase as most often written and expanded with the words that co-occur with it most.

use crate::config::TopicConfig;
use crate::segment::Sentence;
use crate::text;
use std::collections::{BTreeMap, BTreeSet};

/// Name of the single topic used when the config lists none.
pub const DEFAULT_TOPIC: &str = "Key developments";
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// A topic with its query terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    /// Section heading.
    pub name: String,
    /// Distinct stemmed query terms.
    pub terms: Vec<String>,
}

/// Where a sentence landed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assignment {
    /// Index into the topic list.
    pub topic: usize,
    /// BM25 score of the sentence for that topic (> 0), normalised so the topic's best is 1.
    pub relevance: f64,
}

/// Topics from config, or the default single topic.
pub fn from_config(topics: &[TopicConfig]) -> Vec<Topic> {
    if topics.is_empty() {
        return vec![Topic { name: DEFAULT_TOPIC.to_string(), terms: Vec::new() }];
    }
    topics
        .iter()
        .map(|t| {
            let mut query = t.name.clone();
            for k in &t.keywords {
                query.push(' ');
                query.push_str(k);
            }
            if let Some(d) = &t.description {
                query.push(' ');
                query.push_str(d);
            }
            let terms: BTreeSet<String> = text::terms(&query).into_iter().collect();
            Topic { name: t.name.clone(), terms: terms.into_iter().collect() }
        })
        .collect()
}

/// Assigns each sentence to its best topic (see the module doc).
pub fn assign(sentences: &[Sentence], topics: &[Topic]) -> Vec<Option<Assignment>> {
    let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    assign_with(sentences, &text::TermTable::new(&texts), topics)
}

/// [`assign`] with the sentences' terms already computed (`table.of[i]` for sentence `i`).
pub fn assign_with(
    sentences: &[Sentence],
    table: &text::TermTable,
    topics: &[Topic],
) -> Vec<Option<Assignment>> {
    if topics.len() == 1 && topics[0].terms.is_empty() {
        return sentences.iter().map(|_| Some(Assignment { topic: 0, relevance: 1.0 })).collect();
    }
    // Only query terms matter: count them per sentence in one pass over its terms.
    let mut qid: BTreeMap<&str, usize> = BTreeMap::new();
    for t in topics.iter().flat_map(|t| &t.terms) {
        let n = qid.len();
        qid.entry(t.as_str()).or_insert(n);
    }
    // Query number of each term id (usize::MAX: not a query term).
    let mut query_of = vec![usize::MAX; table.vocab.len()];
    for (t, &q) in &qid {
        if let Some(id) = table.id(t) {
            query_of[id as usize] = q;
        }
    }
    let mut df = vec![0usize; qid.len()];
    let mut total_len = 0usize;
    let docs: Vec<(usize, Vec<u32>)> = table
        .of
        .iter()
        .map(|terms| {
            total_len += terms.len();
            let mut tf = vec![0u32; qid.len()];
            for &t in terms {
                if let Some(q) = query_of.get(t as usize).filter(|&&q| q != usize::MAX) {
                    tf[*q] += 1;
                }
            }
            for (q, &f) in tf.iter().enumerate() {
                df[q] += usize::from(f > 0);
            }
            (terms.len(), tf)
        })
        .collect();
    let n = docs.len() as f64;
    let avg_len = total_len as f64 / n.max(1.0);
    let idf: Vec<f64> = df.iter().map(|&f| (1.0 + (n - f as f64 + 0.5) / (f as f64 + 0.5)).ln()).collect();
    let scores: Vec<Vec<f64>> = docs
        .iter()
        .map(|(len, tf)| {
            topics
                .iter()
                .map(|topic| {
                    topic
                        .terms
                        .iter()
                        .map(|q| {
                            let q = qid[q.as_str()];
                            let tf = f64::from(tf[q]);
                            if tf == 0.0 {
                                return 0.0;
                            }
                            let len_norm = 1.0 - B + B * *len as f64 / avg_len.max(1.0);
                            idf[q] * tf * (K1 + 1.0) / (tf + K1 * len_norm)
                        })
                        .sum()
                })
                .collect()
        })
        .collect();
    let mut best_per_topic = vec![0.0f64; topics.len()];
    let best: Vec<Option<(usize, f64)>> = scores
        .iter()
        .map(|row| {
            let mut best: Option<(usize, f64)> = None;
            for (t, &s) in row.iter().enumerate() {
                if s > 0.0 && best.is_none_or(|(_, b)| s > b) {
                    best = Some((t, s));
                }
            }
            if let Some((t, s)) = best {
                best_per_topic[t] = best_per_topic[t].max(s);
            }
            best
        })
        .collect();
    best.into_iter()
        .map(|b| b.map(|(topic, s)| Assignment { topic, relevance: s / best_per_topic[topic] }))
        .collect()
}

/// A candidate phrase during discovery.
#[derive(Default)]
struct Phrase {
    surfaces: BTreeMap<String, usize>,
    docs: BTreeSet<usize>,
    sentences: BTreeSet<usize>,
}

/// Whether a raw word ends with punctuation that separates it from the next word.
fn ends_phrase(raw: &str) -> bool {
    raw.ends_with([',', ';', ':', '.', ')', '"', '\u{201d}', '?', '!'])
}

/// Discovers up to `max` topics from the sentences (see the module doc). Sentences not
/// `eligible` as key points are ignored. Topics come in order of weight (sources × sentences).
pub fn discover(
    sentences: &[Sentence],
    max: usize,
    eligible: impl Fn(&Sentence) -> bool + Sync,
) -> Vec<TopicConfig> {
    let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    discover_with(sentences, &text::TermTable::new(&texts), max, eligible)
}

/// The candidate phrases of one sentence: (stemmed pair, surface form).
pub(crate) fn phrases_of(text: &str) -> Vec<((String, String), String)> {
    /// A whitespace-separated word: as written, without surrounding punctuation, lower-cased
    /// (each word is looked at once, though it is in two pairs).
    struct Word<'a> {
        raw: &'a str,
        clean: &'a str,
        lower: std::borrow::Cow<'a, str>,
    }
    let words: Vec<Word> = text
        .split_whitespace()
        .map(|raw| {
            let clean = raw.trim_matches(|c: char| !c.is_alphanumeric());
            Word { raw, clean, lower: text::lower(clean) }
        })
        .collect();
    let mut out = Vec::new();
    for pair in words.windows(2) {
        let (a, b) = (pair[0].clean, pair[1].clean);
        if ends_phrase(pair[0].raw) || a.chars().count() < 3 || b.chars().count() < 3 {
            continue;
        }
        let (la, lb) = (&*pair[0].lower, &*pair[1].lower);
        let proper_name = a.starts_with(char::is_uppercase) && b.starts_with(char::is_uppercase);
        if text::is_stop_word(la)
            || text::is_stop_word(lb)
            || !la.chars().all(char::is_alphabetic)
            || !lb.chars().all(|c| c.is_alphabetic() || c == '-')
            || proper_name
        {
            continue;
        }
        let (Some(ta), Some(tb)) = (text::first_term(la), text::first_term(lb)) else { continue };
        out.push(((ta, tb), format!("{a} {b}")));
    }
    out
}

/// [`discover`] with the sentences' terms already computed (`table.of[i]` for sentence `i`).
/// Phrases are found in parallel and merged in sentence order: the same topics whatever the
/// number of threads.
pub fn discover_with(
    sentences: &[Sentence],
    table: &text::TermTable,
    max: usize,
    eligible: impl Fn(&Sentence) -> bool + Sync,
) -> Vec<TopicConfig> {
    use rayon::prelude::*;
    let n_docs = sentences.iter().map(|s| s.doc + 1).max().unwrap_or(0);
    let mut phrases: BTreeMap<(String, String), Phrase> = BTreeMap::new();
    let sentence_terms: Vec<Vec<u32>> = (0..sentences.len()).into_par_iter().map(|i| table.set(i)).collect();
    let mut term_df = vec![0usize; table.vocab.len()];
    for terms in &sentence_terms {
        for &t in terms {
            term_df[t as usize] += 1;
        }
    }
    let found: Vec<Vec<((String, String), String)>> =
        sentences.par_iter().map(|s| if eligible(s) { phrases_of(&s.text) } else { Vec::new() }).collect();
    for (si, list) in found.into_iter().enumerate() {
        for (key, surface) in list {
            let p = phrases.entry(key).or_default();
            *p.surfaces.entry(surface).or_default() += 1;
            p.docs.insert(sentences[si].doc);
            p.sentences.insert(si);
        }
    }
    let min_docs = if n_docs >= 2 { 2 } else { 1 };
    let mut ranked: Vec<(&(String, String), &Phrase)> =
        phrases.iter().filter(|(_, p)| p.docs.len() >= min_docs && p.sentences.len() >= 2).collect();
    let weight = |p: &Phrase| p.docs.len() as f64 * (1.0 + p.sentences.len() as f64).ln();
    ranked.sort_by(|a, b| weight(b.1).total_cmp(&weight(a.1)).then_with(|| a.0.cmp(b.0)));
    let mut chosen: Vec<(&(String, String), &Phrase)> = Vec::new();
    for (key, p) in ranked {
        if chosen.len() >= max {
            break;
        }
        let clashes = chosen.iter().any(|(k, q)| {
            let shared = p.sentences.intersection(&q.sentences).count() as f64;
            let smaller = p.sentences.len().min(q.sentences.len()) as f64;
            k.0 == key.0 || k.1 == key.1 || k.0 == key.1 || k.1 == key.0 || shared / smaller > 0.4
        });
        if !clashes {
            chosen.push((key, p));
        }
    }
    let common = sentences.len() / 4 + 1;
    chosen
        .into_iter()
        .map(|(key, p)| {
            // Label: the phrase as most often written (alphabetically first on ties).
            let surface = p
                .surfaces
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(s, _)| s.clone())
                .unwrap_or_default();
            let mut chars = surface.chars();
            let name = chars
                .next()
                .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
                .unwrap_or_default();
            // Keywords: the words that co-occur most with the phrase (not the very common ones).
            let mut co: BTreeMap<&str, usize> = BTreeMap::new();
            for &si in &p.sentences {
                for &id in &sentence_terms[si] {
                    let t = &table.vocab[id as usize];
                    if *t != key.0 && *t != key.1 && term_df[id as usize] < common {
                        *co.entry(t.as_str()).or_default() += 1;
                    }
                }
            }
            let mut co: Vec<(&str, usize)> = co.into_iter().filter(|&(_, c)| c >= 2).collect();
            co.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            let mut keywords = vec![surface.to_lowercase()];
            keywords.extend(co.iter().take(4).map(|(t, _)| t.to_string()));
            TopicConfig { name, keywords, description: None }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(i: usize, text: &str) -> Sentence {
        Sentence { doc: 0, index: i, block: 0, heading: false, text: text.into(), span: (0, 0) }
    }

    #[test]
    fn sentences_go_to_best_matching_topic() {
        let topics = from_config(&[
            TopicConfig {
                name: "Hybrid threats".into(),
                keywords: vec!["drones".into(), "sabotage".into()],
                description: None,
            },
            TopicConfig {
                name: "Peace plan".into(),
                keywords: vec!["negotiations".into()],
                description: None,
            },
        ]);
        let s = [
            sent(0, "Drones violated Polish airspace and a rail line suffered sabotage."),
            sent(1, "The peace plan negotiations continue in Miami."),
            sent(2, "The weather was cold."),
        ];
        let a = assign(&s, &topics);
        assert_eq!(a[0].unwrap().topic, 0);
        assert_eq!(a[1].unwrap().topic, 1);
        assert_eq!(a[2], None);
        assert_eq!(a[1].unwrap().relevance, 1.0);
    }

    #[test]
    fn discovery_finds_shared_phrases_and_labels_them() {
        let texts = [
            (0, "The port strike halted container traffic at the northern harbour on Monday."),
            (1, "Union leaders said the port strike would continue until the bonus returns."),
            (2, "The port strike has cost importers millions of euros this week, analysts said."),
            (0, "The rail tunnel reopened after repairs to its drainage pumps were finished."),
            (1, "Engineers said the rail tunnel would carry trains at reduced speed for a week."),
            (2, "Commuters welcomed the rail tunnel, though the first trains ran late on Thursday."),
            (1, "Jane Quay reported from the harbour for the regional newspaper yesterday."),
            (2, "Jane Quay said the regional newspaper would follow the story closely."),
        ];
        let s: Vec<Sentence> = texts
            .iter()
            .enumerate()
            .map(|(i, (d, t))| Sentence {
                doc: *d,
                index: i,
                block: 0,
                heading: false,
                text: t.to_string(),
                span: (0, 0),
            })
            .collect();
        let topics = discover(&s, 5, |_| true);
        let names: Vec<&str> = topics.iter().map(|t| t.name.as_str()).collect();
        assert!(names.contains(&"Port strike") && names.contains(&"Rail tunnel"), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("Quay")), "proper names are not topics: {names:?}");
        assert_eq!(discover(&s, 5, |_| true), topics, "deterministic");
        assert_eq!(discover(&s, 1, |_| true).len(), 1);
    }

    #[test]
    fn no_topics_means_one_default_topic() {
        let topics = from_config(&[]);
        assert_eq!(topics[0].name, DEFAULT_TOPIC);
        let a = assign(&[sent(0, "Anything at all.")], &topics);
        assert_eq!(a[0], Some(Assignment { topic: 0, relevance: 1.0 }));
    }
}
