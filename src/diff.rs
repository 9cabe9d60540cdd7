//! `briefly diff`: what changed between two versions of a brief.
//!
//! In: two `brief.json` documents (from brief folders, JSON files, or `REV:PATH` git
//! revisions). Out: per section (the bottom line, then each topic by name), the points added,
//! removed and kept. Points are matched by content (their stable id, derived from the
//! sentence text), never by position, so reordering is not a change. A point that moved to
//! another topic is reported as kept there.

use crate::stored::{BriefView, PointView};
use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

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

/// Largest `brief.json` read.
pub const MAX_JSON_BYTES: u64 = crate::stored::MAX_BYTES;

/// Where a brief is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A brief folder (holding `brief.json`) or a JSON file.
    Path(PathBuf),
    /// `REV:PATH`: a brief folder or JSON file at a git revision, the path relative to `dir`.
    Git {
        /// Folder the path is relative to (and git is started in).
        dir: PathBuf,
        /// Read only from the repository whose `.git` folder is directly in `dir`
        /// ([`crate::git::read_own_file`]): set for `compare_with:`, which an untrusted config
        /// names. Unset (`briefly diff`, typed by the user): the repository git finds.
        own: bool,
        /// Revision, checked by [`crate::git::valid_revision`].
        rev: String,
        /// The folder or `.json` file in that revision.
        path: String,
    },
}

impl Source {
    /// Reads a brief spec (`briefly diff OLD NEW`, `compare_with:`): an existing path (relative
    /// to `base`), else `REV:PATH` with a valid revision and a plain relative path. Nothing
    /// starting with `-` is accepted, so a spec can never act as an option of git.
    pub fn parse(spec: &str, base: &Path) -> Result<Source> {
        if spec.starts_with('-') {
            bail!("`{spec}` starts with `-`: neither a brief folder, a brief.json file nor a git revision");
        }
        let path = if Path::new(spec).is_absolute() { PathBuf::from(spec) } else { base.join(spec) };
        if std::fs::symlink_metadata(&path).is_ok() || Path::new(spec).is_absolute() {
            return Ok(Source::Path(path));
        }
        let Some((rev, rel)) = spec.split_once(':') else {
            bail!("`{spec}` not found (expected a brief folder, a brief.json file or REV:PATH)");
        };
        let rel = rel.trim_end_matches('/');
        if !crate::git::valid_revision(rev) || !crate::git::valid_path(rel) {
            bail!(
                "`{spec}` not found, and not REV:PATH with a git revision (letters, digits, ._/~^@{{}}+-) \
                 and a relative path inside the project"
            );
        }
        Ok(Source::Git { dir: base.to_path_buf(), rev: rev.to_string(), path: rel.to_string(), own: false })
    }

    /// This source, a git revision read only from the project's own repository (see
    /// [`Source::Git`]); a path is returned as it is.
    pub fn own_repository(self) -> Source {
        match self {
            Source::Git { dir, rev, path, .. } => Source::Git { dir, rev, path, own: true },
            path => path,
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Path(p) => write!(f, "{}", p.display()),
            Source::Git { rev, path, .. } => write!(f, "{rev}:{path}"),
        }
    }
}

/// Loads a brief from a spec typed on the command line (see [`Source::parse`]; paths are
/// relative to the current folder).
pub fn load_spec(spec: &str) -> Result<BriefView> {
    load(&Source::parse(spec, Path::new(""))?)
}

/// Loads a brief: a folder holding `brief.json`, a JSON file, or a file or folder at a git
/// revision (read by [`crate::git::read_file`]); at most [`MAX_JSON_BYTES`].
pub fn load(source: &Source) -> Result<BriefView> {
    let (text, origin) = match source {
        Source::Path(path) => {
            let file = if path.is_dir() { path.join("brief.json") } else { path.clone() };
            (crate::fs::read_text_capped(&file, MAX_JSON_BYTES)?, file.display().to_string())
        }
        Source::Git { dir, rev, path, own } => {
            let json = if path.ends_with(".json") { path.clone() } else { format!("{path}/brief.json") };
            let bytes = if *own {
                crate::git::read_own_file(dir, rev, &json)?
            } else {
                crate::git::read_file(dir, rev, &json)?
            };
            let text = crate::fs::decode_text(&bytes)
                .with_context(|| format!("cannot read `{rev}:{json}` as text"))?;
            // A file from git may be anyone's: its parse error says where, not what.
            return crate::stored::parse_unquoted(&text, &format!("{rev}:{json}"));
        }
    };
    crate::stored::parse(&text, &origin)
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
    use crate::output::escape_markdown as esc;
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
    use crate::stored::TopicView;

    fn p(id: &str) -> PointView {
        PointView { id: id.into(), text: format!("text {id}"), citations: vec![1], score: 0.0 }
    }

    fn brief(bluf: &[&str], topics: &[(&str, &[&str])]) -> BriefView {
        BriefView {
            schema_version: crate::brief::SCHEMA_VERSION,
            title: "T".into(),
            date: crate::date::Date::parse("2025-12-04").unwrap(),
            marking: None,
            audience: None,
            version: 1,
            bluf: bluf.iter().map(|i| p(i)).collect(),
            topics: topics
                .iter()
                .map(|(n, ids)| TopicView {
                    name: n.to_string(),
                    id: None,
                    points: ids.iter().map(|i| p(i)).collect(),
                })
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
        assert!(load_spec("no/such/dir").unwrap_err().to_string().contains("not found"));
        assert!(load_spec("-p:x").unwrap_err().to_string().contains("starts with `-`"));
        assert!(Source::parse("HEAD:../../etc", Path::new("")).is_err());
        assert_eq!(
            Source::parse("HEAD~1:briefs/2025-W48/", Path::new("p")).unwrap(),
            Source::Git { dir: "p".into(), rev: "HEAD~1".into(), path: "briefs/2025-W48".into(), own: false }
        );
    }
}
