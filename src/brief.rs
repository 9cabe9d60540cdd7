//! Stage 5, brief: the typed `Brief` every renderer reads.
//!
//! In: config, articles, sentences, topics and the engine's picks. Out: [`Brief`] — metadata
//! (title, date, audience, marking, coverage window), the BLUF, topic sections of key points
//! with citations, the numbered sources and a method note. It serializes to `brief.json` and is
//! the context of every template. Owned data only; nothing here reads the disk or the clock.

use crate::date::Date;
use crate::ingest::Article;
use crate::segment::Sentence;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The whole brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    /// Title.
    pub title: String,
    /// Brief date.
    pub date: Date,
    /// Brief date written out (`3 December 2025`).
    pub date_long: String,
    /// Intended readers.
    pub audience: Option<String>,
    /// Handling marking (`TLP:CLEAR`).
    pub marking: String,
    /// Analyst-written introduction: Markdown as written in the config, raw HTML escaped.
    pub introduction: Option<String>,
    /// The introduction rendered to HTML with raw HTML neutralised.
    pub introduction_html: Option<String>,
    /// What the brief covers.
    pub coverage: Coverage,
    /// Bottom line up front: the most important points overall.
    pub bluf: Vec<KeyPoint>,
    /// Topic sections, in configured order.
    pub topics: Vec<TopicSection>,
    /// Numbered sources.
    pub sources: Vec<Source>,
    /// How the brief was made.
    pub method: Method,
}

/// Input coverage of the brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// Oldest article date.
    pub from: Option<Date>,
    /// Newest article date.
    pub to: Option<Date>,
    /// Number of articles read.
    pub articles: usize,
    /// Number of sentences read.
    pub sentences: usize,
}

/// One topic section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicSection {
    /// Stable anchor id derived from the name (`topic-the-peace-plan`).
    pub id: String,
    /// Heading.
    pub name: String,
    /// Key points, most important first.
    pub points: Vec<KeyPoint>,
}

/// One extracted statement with its citation(s).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyPoint {
    /// Stable anchor id derived from the text (`p-3f2a9c1b`).
    pub id: String,
    /// The sentence, verbatim from its source.
    pub text: String,
    /// Selection score (rounded to 4 decimals).
    pub score: f64,
    /// Where the sentence comes from.
    pub citations: Vec<Citation>,
}

/// A pointer from a key point to the sentence in a source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    /// Source number in the sources list (1-based).
    pub source: usize,
    /// Source title.
    pub title: String,
    /// Source outlet.
    pub outlet: Option<String>,
    /// Source date.
    pub date: Option<Date>,
    /// Sentence position in the source (0-based).
    pub sentence: usize,
    /// Byte span of the sentence in the source file.
    pub span: [usize; 2],
}

/// One entry of the numbered sources list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// Number (1-based), as cited.
    pub number: usize,
    /// File name of the article.
    pub file: String,
    /// Title.
    pub title: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Web address.
    pub url: Option<String>,
    /// Author.
    pub author: Option<String>,
}

/// How the brief was made, for the method note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Method {
    /// Tool name and version.
    pub tool: String,
    /// Selection method in a few words.
    pub selection: String,
    /// Key points per topic, at most.
    pub points_per_topic: usize,
    /// Word budget per topic.
    pub words_per_topic: usize,
    /// SHA-256 over the input files (names and bytes), hex.
    pub input_hash: String,
}

/// Anchor-safe slug: lower-case ASCII letters and digits joined by `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Stable id of a point: `p-` and the first 8 hex digits of the SHA-256 of its text.
pub fn point_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!("p-{}", hex(&digest[..4]))
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hash of the input set: article file names and contents, in input order.
pub fn input_hash(articles: &[Article]) -> String {
    let mut h = Sha256::new();
    for a in articles {
        h.update(a.id.as_bytes());
        h.update([0]);
        h.update(a.digest);
    }
    hex(&h.finalize())
}

/// The numbered sources list (input order).
pub fn sources(articles: &[Article]) -> Vec<Source> {
    articles
        .iter()
        .enumerate()
        .map(|(i, a)| Source {
            number: i + 1,
            file: a.id.clone(),
            title: a.title.clone(),
            outlet: a.outlet.clone(),
            date: a.date,
            url: a.url.clone(),
            author: a.author.clone(),
        })
        .collect()
}

/// A key point for `sentence`, cited to its article.
pub fn key_point(sentence: &Sentence, score: f64, sources: &[Source]) -> KeyPoint {
    let src = &sources[sentence.doc];
    KeyPoint {
        id: point_id(&sentence.text),
        text: sentence.text.clone(),
        score: (score * 10_000.0).round() / 10_000.0,
        citations: vec![Citation {
            source: src.number,
            title: src.title.clone(),
            outlet: src.outlet.clone(),
            date: src.date,
            sentence: sentence.index,
            span: [sentence.span.0, sentence.span.1],
        }],
    }
}

/// Coverage of a set of articles.
pub fn coverage(articles: &[Article], sentences: usize) -> Coverage {
    Coverage {
        from: articles.iter().filter_map(|a| a.date).min(),
        to: articles.iter().filter_map(|a| a.date).max(),
        articles: articles.len(),
        sentences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_ids_are_stable() {
        assert_eq!(slug("The U.S. & NATO: a new era?"), "the-u-s-nato-a-new-era");
        assert_eq!(slug("  Europe’s role "), "europe-s-role");
        assert_eq!(point_id("abc"), "p-ba7816bf");
        assert_eq!(hex(&[0, 255]), "00ff");
    }

    #[test]
    fn key_point_cites_its_source() {
        let s =
            Sentence { doc: 1, index: 4, block: 2, heading: false, text: "X said y.".into(), span: (10, 19) };
        let srcs = vec![
            Source {
                number: 1,
                file: "a.txt".into(),
                title: "A".into(),
                outlet: None,
                date: None,
                url: None,
                author: None,
            },
            Source {
                number: 2,
                file: "b.txt".into(),
                title: "B".into(),
                outlet: Some("O".into()),
                date: None,
                url: None,
                author: None,
            },
        ];
        let p = key_point(&s, 0.123456, &srcs);
        assert_eq!(p.score, 0.1235);
        assert_eq!(p.citations[0].source, 2);
        assert_eq!(p.citations[0].span, [10, 19]);
        assert_eq!(p.citations[0].outlet.as_deref(), Some("O"));
    }
}
