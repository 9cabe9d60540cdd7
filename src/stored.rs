//! `brief.json` read back: the one type every reader of a written brief uses.
//!
//! In: the text of a `brief.json` of any schema version (1 is the version before
//! `schema_version` was written). Out: [`BriefView`]: title, date, marking, audience, version
//! and the points of the bottom line and of each topic (id, text, cited sources, score) — what
//! `briefly diff`, a revision (`compare_with`, the version a rebuild revises) and the archive
//! need. Other fields are ignored, so briefs written by older and newer versions still read.

use crate::date::Date;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Largest `brief.json` read back (a brief of thousands of sources is well under it).
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// A written brief, as far as its readers need it.
#[derive(Debug, Clone, Deserialize)]
pub struct BriefView {
    /// Schema version ([`crate::brief::SCHEMA_VERSION`]; 1 when the file does not say).
    #[serde(default = "first_version")]
    pub schema_version: u32,
    /// Title.
    pub title: String,
    /// Brief date.
    pub date: Date,
    /// Handling marking.
    #[serde(default)]
    pub marking: Option<String>,
    /// Intended readers.
    #[serde(default)]
    pub audience: Option<String>,
    /// Brief version.
    #[serde(default)]
    pub version: u32,
    /// Bottom line.
    #[serde(default)]
    pub bluf: Vec<PointView>,
    /// Topic sections.
    #[serde(default)]
    pub topics: Vec<TopicView>,
}

fn first_version() -> u32 {
    1
}

/// A topic section.
#[derive(Debug, Clone, Deserialize)]
pub struct TopicView {
    /// Heading.
    pub name: String,
    /// Anchor id in `brief.html`.
    #[serde(default)]
    pub id: Option<String>,
    /// Points.
    #[serde(default)]
    pub points: Vec<PointView>,
}

/// A point.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct PointView {
    /// Stable id derived from the text.
    #[serde(default)]
    pub id: String,
    /// The sentence.
    pub text: String,
    /// Cited source numbers.
    #[serde(default, deserialize_with = "sources_of")]
    pub citations: Vec<usize>,
    /// The engine's score when it was picked (read for revisions, not part of diff output).
    #[serde(default, skip_serializing)]
    pub score: f64,
}

fn sources_of<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<usize>, D::Error> {
    #[derive(Deserialize)]
    struct C {
        source: usize,
    }
    Ok(Vec::<C>::deserialize(d)?.into_iter().map(|c| c.source).collect())
}

/// Parses the text of a `brief.json`; `origin` names it in the error.
pub fn parse(text: &str, origin: &str) -> Result<BriefView> {
    serde_json::from_str(text).with_context(|| format!("`{origin}` is not a brief.json"))
}

/// [`parse`] for text that may not be the project's (a file read from git): the error names
/// `origin`, the kind of problem and its line and column, and quotes nothing of the text (serde
/// would quote a mistyped value whole: `invalid type: string "…", expected u32`). Only a missing
/// field is named, its name being ours.
pub fn parse_unquoted(text: &str, origin: &str) -> Result<BriefView> {
    serde_json::from_str(text).map_err(|e| {
        use serde_json::error::Category;
        let msg = e.to_string();
        let what = match e.classify() {
            Category::Data if msg.starts_with("missing field `") => {
                msg.split(" at line ").next().unwrap_or("missing field").to_string()
            }
            Category::Data => "a value of the wrong type".to_string(),
            Category::Syntax => "invalid JSON".to_string(),
            Category::Eof => "unexpected end of the file".to_string(),
            Category::Io => "read error".to_string(),
        };
        anyhow::anyhow!("`{origin}` is not a brief.json: {what} at line {}, column {}", e.line(), e.column())
    })
}

/// Reads `path` without following a symbolic link, at most `cap` bytes, as a brief.
pub fn read(path: &Path, cap: u64) -> Result<BriefView> {
    let bytes = crate::fs::read_capped_nofollow(path, cap)?;
    let text = crate::fs::decode_text(&bytes).with_context(|| format!("cannot read `{}`", path.display()))?;
    parse(&text, &path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_version_reads() {
        let v1 = r#"{"title":"T","date":"2025-12-04","date_long":"4 December 2025","bluf":[{"id":"a","text":"A.","citations":[{"source":2}]}],"topics":[{"name":"N","points":[]}]}"#;
        let b = parse(v1, "v1").unwrap();
        assert_eq!((b.schema_version, b.bluf[0].citations.clone()), (1, vec![2]));
        let v2 = r#"{"schema_version":2,"title":"T","date":"2025-12-04","marking":"TLP:CLEAR","version":2,"topics":[{"name":"N","id":"topic-n","points":[]}]}"#;
        let b = parse(v2, "v2").unwrap();
        assert_eq!((b.schema_version, b.version, b.topics[0].id.as_deref()), (2, 2, Some("topic-n")));
        assert!(parse("{}", "empty.json").unwrap_err().to_string().contains("empty.json"));
    }

    #[test]
    fn unquoted_errors_say_where_not_what() {
        for (text, says) in [
            (
                r#"{"title":"T","date":"2025-01-01","version":"sk-live-0042"}"#,
                "wrong type at line 1, column 57",
            ),
            (r#"{"title":"sk-live-0042","date":"sk-live-0042"}"#, "wrong type at line 1"),
            (r#"{"title":"sk-live-0042"}"#, "missing field `date` at line 1"),
            ("sk-live-0042", "invalid JSON at line 1, column 1"),
            (r#"{"title":"sk-live-0042"#, "end of the file"),
        ] {
            let err = format!("{:#}", parse_unquoted(text, "HEAD:x.json").unwrap_err());
            assert!(err.starts_with("`HEAD:x.json` is not a brief.json: ") && err.contains(says), "{err}");
            assert!(!err.contains("sk-live"), "{err}");
        }
    }
}
