//! Stage 3, topics: sentences → topic assignments.
//!
//! In: all sentences and the configured topics (name, keywords, description). Out: for each
//! sentence, the topic it belongs to (if any) and its relevance. Scoring is Okapi BM25
//! (k1 = 1.2, b = 0.75) of the topic's terms (name + keywords + description, stemmed and
//! stop-worded) against each sentence as a document; a sentence joins its best-scoring topic,
//! ties going to the topic listed first. With no topics configured, every sentence belongs to
//! one topic, [`DEFAULT_TOPIC`].

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
    if topics.len() == 1 && topics[0].terms.is_empty() {
        return sentences.iter().map(|_| Some(Assignment { topic: 0, relevance: 1.0 })).collect();
    }
    let docs: Vec<Vec<String>> = sentences.iter().map(|s| text::terms(&s.text)).collect();
    let n = docs.len() as f64;
    let avg_len = docs.iter().map(Vec::len).sum::<usize>() as f64 / n.max(1.0);
    let mut df: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &docs {
        let distinct: BTreeSet<&str> = d.iter().map(String::as_str).collect();
        for t in distinct {
            *df.entry(t).or_default() += 1;
        }
    }
    let idf = |t: &str| {
        let f = *df.get(t).unwrap_or(&0) as f64;
        (1.0 + (n - f + 0.5) / (f + 0.5)).ln()
    };
    let scores: Vec<Vec<f64>> = docs
        .iter()
        .map(|d| {
            topics
                .iter()
                .map(|topic| {
                    topic
                        .terms
                        .iter()
                        .map(|q| {
                            let tf = d.iter().filter(|t| *t == q).count() as f64;
                            if tf == 0.0 {
                                return 0.0;
                            }
                            let len_norm = 1.0 - B + B * d.len() as f64 / avg_len.max(1.0);
                            idf(q) * tf * (K1 + 1.0) / (tf + K1 * len_norm)
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
    fn no_topics_means_one_default_topic() {
        let topics = from_config(&[]);
        assert_eq!(topics[0].name, DEFAULT_TOPIC);
        let a = assign(&[sent(0, "Anything at all.")], &topics);
        assert_eq!(a[0], Some(Assignment { topic: 0, relevance: 1.0 }));
    }
}
