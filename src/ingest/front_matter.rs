//! YAML front matter: `---` block at the top of an article.
//!
//! In: the whole file text. Out: [`FrontMatter`] (typed known keys, the rest kept in `extra`)
//! and the body after the closing `---`, plus the body's byte offset in the file so sentence
//! spans can point back into the original.

use crate::date::Date;
use anyhow::{Result, anyhow, bail};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Largest front matter accepted (a saved article's metadata is a few hundred bytes).
const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

/// Known front-matter keys; anything else lands in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct FrontMatter {
    /// Article headline.
    pub title: Option<String>,
    /// Publication or outlet (`source:` is accepted as an alias).
    #[serde(alias = "source")]
    pub outlet: Option<String>,
    /// Publication date (`YYYY-MM-DD`, a time may follow).
    #[serde(deserialize_with = "lenient_date")]
    pub date: Option<Date>,
    /// Web address.
    pub url: Option<String>,
    /// Author or byline.
    pub author: Option<String>,
    /// Every other key, passed through to the brief's source entry.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

fn lenient_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    let v: Option<serde_yaml::Value> = Option::deserialize(d)?;
    match v {
        None | Some(serde_yaml::Value::Null) => Ok(None),
        Some(serde_yaml::Value::String(s)) => Date::parse(&s)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid date `{s}` (expected YYYY-MM-DD)"))),
        Some(other) => Err(serde::de::Error::custom(format!("invalid date {other:?} (expected YYYY-MM-DD)"))),
    }
}

/// Splits front matter from the body. Text without a leading `---` line has no front matter.
/// Returns the front matter, the body and the body's byte offset in `text`.
pub fn split(text: &str) -> Result<(FrontMatter, &str, usize)> {
    let Some(after_open) = text.strip_prefix("---\n") else {
        return Ok((FrontMatter::default(), text, 0));
    };
    let mut offset = 4;
    let mut yaml_end = None;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            yaml_end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, body_start)) = yaml_end else {
        bail!("front matter opened with `---` on line 1 is never closed (did you forget the closing `---`?)");
    };
    let yaml = &text[4..yaml_end];
    if yaml.len() > MAX_FRONT_MATTER_BYTES {
        bail!("front matter is larger than {MAX_FRONT_MATTER_BYTES} bytes");
    }
    let fm = parse_yaml(yaml)?;
    Ok((fm, &text[body_start..], body_start))
}

fn parse_yaml(yaml: &str) -> Result<FrontMatter> {
    if yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    serde_yaml::from_str::<FrontMatter>(yaml).map_err(|e| {
        // Positions are relative to the YAML; the file has one `---` line before it.
        let msg = crate::config::yaml_error(e).to_string();
        match msg.strip_prefix("line ").and_then(|r| r.split_once(',')) {
            Some((n, rest)) => match n.parse::<usize>() {
                Ok(n) => anyhow!("invalid front matter: line {}{rest}", n + 1),
                Err(_) => anyhow!("invalid front matter: {msg}"),
            },
            None => anyhow!("invalid front matter: {msg}"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_known_and_extra_keys() {
        let (fm, body, off) = split(
            "---\ntitle: A \"quoted\" title\nsource: Reuters\ndate: 2025-12-03\ntags: [x]\n---\nBody.\n",
        )
        .unwrap();
        assert_eq!(fm.title.as_deref(), Some("A \"quoted\" title"));
        assert_eq!(fm.outlet.as_deref(), Some("Reuters"));
        assert_eq!(fm.date.unwrap().to_string(), "2025-12-03");
        assert_eq!(fm.extra["tags"], serde_json::json!(["x"]));
        assert_eq!(body, "Body.\n");
        assert_eq!(off, 75);
    }

    #[test]
    fn no_front_matter_is_whole_text() {
        let (fm, body, off) = split("Title\n\nBody").unwrap();
        assert_eq!(fm, FrontMatter::default());
        assert_eq!((body, off), ("Title\n\nBody", 0));
    }

    #[test]
    fn errors_carry_file_lines() {
        let err = split("---\ntitle: x\n  bad: [\n---\nbody").unwrap_err().to_string();
        assert!(err.contains("line "), "{err}");
        assert!(split("---\ntitle: x\nbody").unwrap_err().to_string().contains("never closed"));
        let err = split("---\ntitle: x\ndate: yesterday\n---\n").unwrap_err().to_string();
        assert!(err.contains("invalid date `yesterday`"), "{err}");
    }
}
