//! The archive of all briefs: `<out>/index.html` and the Atom feed `<out>/feed.xml`.
//!
//! In: the output folder (each brief in `<out>/<number>[-v<version>]/`, described by its `brief.json`),
//! the brief just built (used for its own folder instead of reading its JSON back, so an
//! HTML-only build is listed too) and the templates (`index.html`). Out: [`Site`], the bytes of
//! `index.html` (briefs newest first with date, title, topics and a link per format present)
//! and of `feed.xml` (one Atom entry per brief), and one warning per brief folder that could
//! not be listed (no, unreadable or too old `brief.json`) — such folders are skipped, never
//! fatal. Links are relative, so the folder can be served from any path. Nothing depends on
//! the clock or on directory order: folders are sorted and the feed's `updated` is the newest
//! brief date. `index.html` is rendered as a [`super::sandbox`] job (in the binary, in its own
//! child process).

use super::Templates;
use crate::brief::{Brief, hex};
use crate::date::Date;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// What the archive reads from a `brief.json`. Only `title` and `date` are required, so
/// briefs written by older versions are still listed.
#[derive(Debug, Clone, Deserialize)]
struct Summary {
    title: String,
    date: Date,
    #[serde(default)]
    marking: Option<String>,
    #[serde(default)]
    audience: Option<String>,
    #[serde(default)]
    topics: Vec<TopicSummary>,
    #[serde(default)]
    bluf: Vec<PointSummary>,
    #[serde(default)]
    version: u32,
}

#[derive(Debug, Clone, Deserialize)]
struct TopicSummary {
    name: String,
    #[serde(default)]
    id: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct PointSummary {
    text: String,
}

/// A labelled relative link (`href` is `None` when there is nothing to link to).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// Text shown.
    pub label: String,
    /// Relative address.
    pub href: Option<String>,
}

/// One brief in the archive.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Folder name (the brief number and version, `2025-W49`, `2025-W49-v2`).
    pub folder: String,
    /// Brief version.
    pub version: u32,
    /// Brief date.
    pub date: Date,
    /// Brief date written out.
    pub date_long: String,
    /// Brief title.
    pub title: String,
    /// Handling marking.
    pub marking: Option<String>,
    /// Intended readers.
    pub audience: Option<String>,
    /// Main link: the first of `brief.html`, `.pdf`, `.md`, `.json` present.
    pub href: String,
    /// Every format present, in that order (`HTML`, `PDF`, `Markdown`, `JSON`).
    pub formats: Vec<Link>,
    /// Topic headings, linked to their section when the brief has an HTML page.
    pub topics: Vec<Link>,
    /// Bottom line up front, for the feed summary.
    pub bluf: Vec<String>,
}

/// The template context of `index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct Archive {
    /// Title of the newest brief (the archive's name).
    pub title: String,
    /// Newest brief date.
    pub updated: Option<Date>,
    /// Newest brief date written out.
    pub updated_long: Option<String>,
    /// Briefs, newest first.
    pub briefs: Vec<Entry>,
    /// Tool name and version.
    pub generator: String,
}

/// The rendered archive.
#[derive(Debug, Clone)]
pub struct Site {
    /// `(path, bytes)` of `index.html` and `feed.xml`.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// Brief folders left out, with the reason.
    pub warnings: Vec<String>,
}

const FORMATS: [(&str, &str); 4] =
    [("brief.html", "HTML"), ("brief.pdf", "PDF"), ("brief.md", "Markdown"), ("brief.json", "JSON")];

/// Lists the briefs under `root` (newest first: date, then version), `current` standing in for its own folder.
pub fn collect(root: &Path, current: Option<&Brief>) -> Result<(Vec<Entry>, Vec<String>)> {
    let mut folders: Vec<String> = Vec::new();
    if root.is_dir() {
        for e in std::fs::read_dir(root).with_context(|| format!("failed to list `{}`", root.display()))? {
            let e = e.with_context(|| format!("failed to list `{}`", root.display()))?;
            let name = e.file_name().to_string_lossy().into_owned();
            // A brief folder holds at least one brief file; other folders are not ours.
            if e.path().is_dir() && FORMATS.iter().any(|(f, _)| e.path().join(f).is_file()) {
                folders.push(name);
            }
        }
    }
    let current_folder = current.map(Brief::folder_name);
    if let Some(c) = &current_folder
        && !folders.contains(c)
    {
        folders.push(c.clone());
    }
    folders.sort();
    let mut entries = Vec::new();
    let mut warnings = Vec::new();
    for folder in folders {
        let dir = root.join(&folder);
        let summary = match current.filter(|_| current_folder.as_deref() == Some(folder.as_str())) {
            Some(b) => serde_json::to_value(b)
                .and_then(serde_json::from_value::<Summary>)
                .context("failed to summarise the brief")?,
            None => match read_summary(&dir.join("brief.json")) {
                Ok(s) => s,
                Err(e) => {
                    warnings.push(format!("`{}` left out of the archive: {e:#}", dir.display()));
                    continue;
                }
            },
        };
        let present: Vec<(&str, &str)> =
            FORMATS.iter().copied().filter(|(file, _)| dir.join(file).is_file()).collect();
        let Some(&(main, _)) = present.first() else {
            warnings.push(format!("`{}` left out of the archive: it has no brief file", dir.display()));
            continue;
        };
        let html = present.iter().any(|(f, _)| *f == "brief.html");
        entries.push(Entry {
            href: format!("{folder}/{main}"),
            formats: present
                .iter()
                .map(|(file, label)| Link {
                    label: label.to_string(),
                    href: Some(format!("{folder}/{file}")),
                })
                .collect(),
            topics: summary
                .topics
                .iter()
                .map(|t| Link {
                    label: t.name.clone(),
                    href: t
                        .id
                        .as_ref()
                        .filter(|id| {
                            html && !id.is_empty()
                                && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                        })
                        .map(|id| format!("{folder}/brief.html#{id}")),
                })
                .collect(),
            bluf: summary.bluf.into_iter().map(|p| p.text).collect(),
            date: summary.date,
            date_long: summary.date.long(),
            title: summary.title,
            marking: summary.marking,
            audience: summary.audience,
            version: summary.version,
            folder,
        });
    }
    entries.sort_by(|a, b| (b.date, b.version, &b.folder).cmp(&(a.date, a.version, &a.folder)));
    Ok((entries, warnings))
}

fn read_summary(path: &Path) -> Result<Summary> {
    if !path.is_file() {
        anyhow::bail!("no brief.json (build with the json format to list it)");
    }
    let text = crate::fs::read_text(path)?;
    serde_json::from_str(&text).context("brief.json is not a brief (unreadable or from an older version)")
}

/// Renders `index.html` and `feed.xml` for the briefs under `root`.
pub fn render(root: &Path, templates: &Templates, current: Option<&Brief>) -> Result<Site> {
    let (briefs, warnings) = collect(root, current)?;
    let archive = Archive {
        title: briefs.first().map(|b| b.title.clone()).unwrap_or_else(|| "Briefs".to_string()),
        updated: briefs.first().map(|b| b.date),
        updated_long: briefs.first().map(|b| b.date_long.clone()),
        briefs,
        generator: format!("briefly {}", env!("CARGO_PKG_VERSION")),
    };
    let context = serde_json::to_value(&archive).context("failed to build the index context")?;
    let job = super::sandbox::Job::Tera { template: "index.html".to_string() };
    let index = super::sandbox::run(templates, context, vec![job], &mut || {}).map_err(|(_, e)| e)?.remove(0);
    let feed = atom_feed(&archive);
    Ok(Site {
        files: vec![(root.join("index.html"), index), (root.join("feed.xml"), feed.into_bytes())],
        warnings,
    })
}

/// Writes the site's files atomically; returns their paths.
pub fn write(site: &Site) -> Result<Vec<PathBuf>> {
    for (path, bytes) in &site.files {
        crate::fs::write_atomic(path, bytes)?;
    }
    Ok(site.files.iter().map(|(p, _)| p.clone()).collect())
}

/// Escapes text for XML character data and attribute values. Characters XML 1.0 does not
/// allow (C0 controls other than tab, line feed and carriage return; U+FFFE, U+FFFF) are dropped.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A name-based `urn:uuid:` (the first 128 bits of SHA-256, marked as a version 8 UUID), so feed
/// and entry ids are absolute, stable across rebuilds and need no clock or randomness.
pub fn urn_uuid(name: &str) -> String {
    let d = Sha256::digest(name.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!("urn:uuid:{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

fn rfc3339(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

/// The Atom feed (RFC 4287): one entry per brief, newest first; `updated` is the newest brief
/// date (1970-01-01 for an empty archive). Links are relative to `feed.xml`.
pub fn atom_feed(archive: &Archive) -> String {
    let x = escape_xml;
    let updated = rfc3339(archive.updated.unwrap_or(Date::from_days(0)));
    let mut out = String::new();
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    out.push_str(&format!("  <title>{}</title>\n", x(&archive.title)));
    out.push_str(&format!("  <id>{}</id>\n", urn_uuid(&format!("briefly feed\0{}", archive.title))));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str("  <link rel=\"self\" type=\"application/atom+xml\" href=\"feed.xml\"/>\n");
    out.push_str("  <link rel=\"alternate\" type=\"text/html\" href=\"index.html\"/>\n");
    out.push_str(&format!("  <author><name>{}</name></author>\n", x(&archive.title)));
    out.push_str(&format!("  <generator version=\"{}\">briefly</generator>\n", x(env!("CARGO_PKG_VERSION"))));
    for b in &archive.briefs {
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{} — {}</title>\n", x(&b.title), x(&b.date_long)));
        out.push_str(&format!(
            "    <id>{}</id>\n",
            urn_uuid(&format!("briefly brief\0{}\0{}", b.folder, b.title))
        ));
        out.push_str(&format!("    <updated>{}</updated>\n", rfc3339(b.date)));
        out.push_str(&format!("    <link rel=\"alternate\" href=\"{}\"/>\n", x(&b.href)));
        for t in &b.topics {
            out.push_str(&format!("    <category term=\"{}\"/>\n", x(&t.label)));
        }
        let mut summary = String::new();
        if !b.topics.is_empty() {
            let names: Vec<&str> = b.topics.iter().map(|t| t.label.as_str()).collect();
            summary.push_str(&format!("Topics: {}.", names.join("; ")));
        }
        for p in &b.bluf {
            if !summary.is_empty() {
                summary.push(' ');
            }
            summary.push_str(p);
        }
        if !summary.is_empty() {
            out.push_str(&format!("    <summary type=\"text\">{}</summary>\n", x(&summary)));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping() {
        assert_eq!(escape_xml("a & b <c> \"d\" 'e'"), "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;");
        assert_eq!(escape_xml("]]> <![CDATA[ x"), "]]&gt; &lt;![CDATA[ x");
        assert_eq!(escape_xml("tab\tnl\nbell\u{7}nul\u{0}\u{FFFF}é"), "tab\tnl\nbellnulé");
    }

    #[test]
    fn uuids_are_stable_and_well_formed() {
        let u = urn_uuid("x");
        assert_eq!(u, urn_uuid("x"));
        assert_ne!(u, urn_uuid("y"));
        let hexpart = u.strip_prefix("urn:uuid:").unwrap();
        let groups: Vec<usize> = hexpart.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert_eq!(&hexpart[14..15], "8");
    }

    fn write_json(root: &Path, folder: &str, json: &str) {
        std::fs::create_dir_all(root.join(folder)).unwrap();
        std::fs::write(root.join(folder).join("brief.json"), json).unwrap();
    }

    #[test]
    fn lists_briefs_newest_first_and_skips_bad_folders() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        write_json(root, "2025-01-01", r#"{"title": "Old & <odd>", "date": "2025-01-01"}"#);
        write_json(
            root,
            "2025-02-01",
            r#"{"title": "New", "date": "2025-02-01", "topics": [{"name": "T & U", "id": "topic-t-u"}]}"#,
        );
        std::fs::write(root.join("2025-02-01/brief.html"), "<p>").unwrap();
        write_json(root, "2025-03-01", "{not json");
        write_json(root, "2025-04-01", r#"{"headline": "from another tool"}"#);
        std::fs::create_dir_all(root.join("2025-05-01")).unwrap();
        std::fs::write(root.join("2025-05-01/brief.pdf"), "%PDF").unwrap();
        // Not brief folders: no brief file in them.
        std::fs::create_dir_all(root.join("assets")).unwrap();
        std::fs::write(root.join("assets/style.css"), "p {}").unwrap();
        std::fs::create_dir_all(root.join("empty")).unwrap();
        // A correction of the newest brief lists before it (same date, higher version).
        write_json(root, "2025-W05-v2", r#"{"title": "New, corrected", "date": "2025-02-01", "version": 2}"#);
        let templates = Templates::load(None).unwrap();
        let site = render(root, &templates, None).unwrap();
        assert_eq!(site.warnings.len(), 3, "{:?}", site.warnings);
        assert!(site.warnings.iter().any(|w| w.contains("2025-03-01")));
        assert!(site.warnings.iter().any(|w| w.contains("2025-05-01") && w.contains("no brief.json")));
        let index = String::from_utf8(site.files[0].1.clone()).unwrap();
        let (new, old) = (
            index.find("2025-02-01&#x2F;brief.html").unwrap(),
            index.find("2025-01-01&#x2F;brief.json").unwrap(),
        );
        assert!(new < old, "not newest first");
        assert!(index.find("2025-W05-v2&#x2F;brief.json").unwrap() < new, "version 2 first");
        assert!(!index.contains("assets&#x2F;") && !index.contains("empty&#x2F;"));
        assert!(
            index.contains("Old &amp; &lt;odd&gt;") && index.contains("2025-02-01&#x2F;brief.html#topic-t-u")
        );
        let feed = String::from_utf8(site.files[1].1.clone()).unwrap();
        assert_eq!(feed.matches("<entry>").count(), 3);
        assert!(feed.contains("<updated>2025-02-01T00:00:00Z</updated>\n  <link rel=\"self\""));
        assert!(feed.contains("Old &amp; &lt;odd&gt;") && feed.contains("<category term=\"T &amp; U\"/>"));
        // Deterministic: rendering twice gives the same bytes.
        let again = render(root, &templates, None).unwrap();
        assert_eq!(again.files, site.files);
    }
}
