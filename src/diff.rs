//! `briefly diff`: what changed between two versions of a brief.
//!
//! In: two `brief.json` documents (from brief folders, JSON files, or `REV:PATH` git
//! revisions). Out: per section (the bottom line, then each topic by name), the points added,
//! removed and kept. Points are matched by content (their stable id, derived from the
//! sentence text), never by position, so reordering is not a change. A point that moved to
//! another topic is reported as kept there.

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

/// The parts of a brief a diff needs (any other field of `brief.json` is ignored).
#[derive(Debug, Clone, Deserialize)]
pub struct BriefView {
    /// Title.
    pub title: String,
    /// Brief date (`YYYY-MM-DD`).
    pub date: String,
    /// Bottom line.
    #[serde(default)]
    pub bluf: Vec<PointView>,
    /// Topic sections.
    #[serde(default)]
    pub topics: Vec<TopicView>,
}

/// A topic section.
#[derive(Debug, Clone, Deserialize)]
pub struct TopicView {
    /// Heading.
    pub name: String,
    /// Points.
    pub points: Vec<PointView>,
}

/// A point.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct PointView {
    /// Stable id derived from the text.
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

/// Changes in one section.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SectionDiff {
    /// Section name (`Bottom line up front` or the topic name).
    pub section: String,
    /// Points only in the new brief.
    pub added: Vec<PointView>,
    /// Points only in the old brief.
    pub removed: Vec<PointView>,
    /// Points in both (by content).
    pub kept: Vec<PointView>,
}

/// The whole comparison.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Diff {
    /// Old brief (title, date).
    pub old: String,
    /// New brief (title, date).
    pub new: String,
    /// Sections in new-brief order, then sections only the old brief had.
    pub sections: Vec<SectionDiff>,
}

const BLUF: &str = "Bottom line up front";

fn sections(b: &BriefView) -> Vec<(String, &[PointView])> {
    let mut out = vec![(BLUF.to_string(), b.bluf.as_slice())];
    out.extend(b.topics.iter().map(|t| (t.name.clone(), t.points.as_slice())));
    out
}

/// Compares two briefs (see the module doc).
pub fn diff(old: &BriefView, new: &BriefView) -> Diff {
    let ids = |b: &BriefView| -> BTreeSet<String> {
        sections(b).iter().flat_map(|(_, ps)| ps.iter().map(|p| p.id.clone())).collect()
    };
    let (old_ids, new_ids) = (ids(old), ids(new));
    let old_sections = sections(old);
    let new_sections = sections(new);
    let mut out = Vec::new();
    for (name, points) in &new_sections {
        let before: &[PointView] = old_sections.iter().find(|(n, _)| n == name).map_or(&[], |(_, p)| p);
        out.push(SectionDiff {
            section: name.clone(),
            added: points.iter().filter(|p| !old_ids.contains(&p.id)).cloned().collect(),
            removed: before.iter().filter(|p| !new_ids.contains(&p.id)).cloned().collect(),
            kept: points.iter().filter(|p| old_ids.contains(&p.id)).cloned().collect(),
        });
    }
    for (name, points) in &old_sections {
        if !new_sections.iter().any(|(n, _)| n == name) {
            out.push(SectionDiff {
                section: name.clone(),
                added: Vec::new(),
                removed: points.iter().filter(|p| !new_ids.contains(&p.id)).cloned().collect(),
                kept: Vec::new(),
            });
        }
    }
    Diff {
        old: format!("{} ({})", old.title, old.date),
        new: format!("{} ({})", new.title, new.date),
        sections: out,
    }
}

/// Loads a brief: a folder holding `brief.json`, a JSON file, or `REV:PATH` (a file or folder
/// at a git revision of the repository in the current folder).
pub fn load(spec: &str) -> Result<BriefView> {
    let path = Path::new(spec);
    let (text, origin) = if path.exists() {
        let file = if path.is_dir() { path.join("brief.json") } else { path.to_path_buf() };
        (crate::fs::read_text(&file)?, file.display().to_string())
    } else if let Some((rev, rel)) = spec.split_once(':') {
        let rel = rel.trim_end_matches('/');
        let rel_json = if rel.ends_with(".json") { rel.to_string() } else { format!("{rel}/brief.json") };
        let out = std::process::Command::new("git")
            .args(["show", &format!("{rev}:{rel_json}")])
            .output()
            .context("failed to run git")?;
        if !out.status.success() {
            let why = String::from_utf8_lossy(&out.stderr);
            bail!("cannot read `{rel_json}` at git revision `{rev}`: {}", why.trim());
        }
        (String::from_utf8(out.stdout).context("brief.json is not UTF-8")?, format!("{rev}:{rel_json}"))
    } else {
        bail!("`{spec}` not found (expected a brief folder, a brief.json file or REV:PATH)");
    };
    serde_json::from_str(&text).with_context(|| format!("`{origin}` is not a brief.json"))
}

fn short(p: &PointView) -> String {
    let cites: String = p.citations.iter().map(|c| format!("[{c}]")).collect();
    format!("{} {cites}", p.text)
}

/// Plain-text report: one line per point, `+` added, `-` removed, `=` kept.
pub fn to_text(d: &Diff) -> String {
    let mut s = format!("old: {}\nnew: {}\n", d.old, d.new);
    for sec in &d.sections {
        s.push_str(&format!(
            "\n{} (+{} -{} ={})\n",
            sec.section,
            sec.added.len(),
            sec.removed.len(),
            sec.kept.len()
        ));
        for (mark, list) in [("+", &sec.added), ("-", &sec.removed), ("=", &sec.kept)] {
            for p in list {
                s.push_str(&format!("{mark} {}\n", short(p)));
            }
        }
    }
    s
}

/// Markdown report.
pub fn to_markdown(d: &Diff) -> String {
    use crate::render::templates::escape_markdown as esc;
    let mut s = format!("# Changes\n\nOld: {}  \nNew: {}\n", esc(&d.old), esc(&d.new));
    for sec in &d.sections {
        s.push_str(&format!("\n## {}\n", esc(&sec.section)));
        for (label, list) in [("Added", &sec.added), ("Removed", &sec.removed), ("Kept", &sec.kept)] {
            if list.is_empty() {
                continue;
            }
            s.push_str(&format!("\n{label}:\n\n"));
            for p in list {
                s.push_str(&format!("- {}\n", esc(&short(p))));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(id: &str) -> PointView {
        PointView { id: id.into(), text: format!("text {id}"), citations: vec![1], score: 0.0 }
    }

    fn brief(bluf: &[&str], topics: &[(&str, &[&str])]) -> BriefView {
        BriefView {
            title: "T".into(),
            date: "2025-12-04".into(),
            bluf: bluf.iter().map(|i| p(i)).collect(),
            topics: topics
                .iter()
                .map(|(n, ids)| TopicView { name: n.to_string(), points: ids.iter().map(|i| p(i)).collect() })
                .collect(),
        }
    }

    #[test]
    fn matches_by_content_not_position() {
        let old = brief(&["a"], &[("X", &["b", "c", "d"]), ("Gone", &["g"])]);
        let new = brief(&["a"], &[("X", &["d", "b", "e"]), ("Y", &["c"])]);
        let d = diff(&old, &new);
        let x = d.sections.iter().find(|s| s.section == "X").unwrap();
        assert_eq!(x.added, [p("e")]);
        assert!(x.removed.is_empty(), "c moved to Y: kept there, not removed");
        assert_eq!(x.kept, [p("d"), p("b")]);
        let y = d.sections.iter().find(|s| s.section == "Y").unwrap();
        assert_eq!(y.kept, [p("c")]);
        let gone = d.sections.iter().find(|s| s.section == "Gone").unwrap();
        assert_eq!(gone.removed, [p("g")]);
        assert!(to_text(&d).contains("+ text e [1]"));
        assert!(to_markdown(&d).contains("## Gone"));
    }

    #[test]
    fn loading_errors_are_clear() {
        assert!(load("no/such/dir").unwrap_err().to_string().contains("not found"));
    }
}
