//! The archive of all briefs: `<out>/index.html` and the Atom feed `<out>/feed.xml`.
//!
//! In: the output folder (each brief in `<out>/<number>[-v<version>]/`, described by its `brief.json`),
//! the brief just built (used for its own folder instead of reading its JSON back, so an
//! HTML-only build is listed too) and the templates (`index.html`). Out: [`Site`], the bytes of
//! `index.html` (briefs newest first with date, title, topics and a link per format present)
//! and of `feed.xml` (one Atom entry per brief), and one warning per brief folder that could
//! not be listed — such folders are skipped, never fatal. Nothing depends on the clock or on
//! directory order: folders are sorted and the feed's `updated` is the newest brief date.
//! `index.html` is rendered as a [`super::sandbox`] job (in the binary, in its own child process).
//!
//! The output folder may come from someone else (a shared project), so what is in it is
//! untrusted and the rules are strict:
//!
//! * Only real folders whose names are brief identities are listed ([`is_brief_folder_name`]:
//!   what [`crate::brief::folder_name`] makes). A folder named `javascript:alert(1);0` or
//!   `https:evil.example` holding a `brief.json`, or a symbolic link to a brief folder elsewhere,
//!   is left out with a warning.
//! * Every link is relative and starts with `./` (`./2025-W49/brief.html`,
//!   `./2025-W49/brief.html#topic-…`, `./feed.xml`), so no folder name can make it a scheme
//!   (`javascript:`), a network path (`//host`, `\\host`) or an address elsewhere. The only
//!   other link is the skip link `#content` of `index.html`, within the page.
//! * A `brief.json` is read through a bounded reader that follows no symbolic link; one over
//!   [`MAX_BRIEF_JSON`] is left out with a warning. Formats are linked only when their file is a
//!   regular file.
//! * What one brief contributes is capped (title, marking, audience, topics and their names,
//!   BLUF points and the feed summary: the `MAX_*` constants), and at most [`MAX_ENTRIES`]
//!   briefs are listed (the newest), so `index.html` stays far below the 64 MiB output cap of the
//!   templates whatever the folder holds: at worst (a thousand briefs at every cap, in text
//!   that escapes to six bytes a character) about 13 MB, and `feed.xml` about 16 MB; a real
//!   brief adds one or two KB.
//! * [`write()`] leaves alone a folder or a symbolic link standing where `index.html` or
//!   `feed.xml` goes, with a warning instead of a failed build.

use super::Templates;
use crate::brief::{Brief, hex};
use crate::date::Date;
use anyhow::{Context, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

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

/// Largest `brief.json` read (a real brief's is tens of KiB; 4 MiB leaves room for a hundred
/// times that, and bounds the memory and time a planted one costs).
pub const MAX_BRIEF_JSON: u64 = 4 << 20;
/// Longest brief folder name listed (bytes).
pub const MAX_FOLDER_NAME: usize = 128;
/// Most briefs listed: the newest (twenty years of weekly briefs with corrections).
pub const MAX_ENTRIES: usize = 1000;
/// Longest title shown (characters; longer ones end in `…`).
pub const MAX_TITLE: usize = 200;
/// Longest handling marking shown.
pub const MAX_MARKING: usize = 64;
/// Longest audience shown.
pub const MAX_AUDIENCE: usize = 200;
/// Most topics shown per brief (the first ones; discovered topics are at most 12).
pub const MAX_TOPICS: usize = 12;
/// Longest topic name shown.
pub const MAX_TOPIC_NAME: usize = 80;
/// Longest topic anchor linked (`topic-…`; a longer one is not linked).
pub const MAX_TOPIC_ID: usize = 80;
/// Most BLUF points in the feed summary (`bluf_sentences` is at most 6).
pub const MAX_BLUF: usize = 6;
/// Longest BLUF point in the feed summary.
pub const MAX_BLUF_TEXT: usize = 600;
/// Longest feed summary (topics and BLUF) of one brief.
pub const MAX_SUMMARY: usize = 1200;

/// Whether `name` can be a brief folder: 1 to [`MAX_FOLDER_NAME`] ASCII letters, digits, `.`,
/// `_` and `-`, not starting with `.` or `-` (the names [`crate::brief::folder_name`] makes).
/// Such a name, after `./`, is a plain relative path segment in any URL, HTML or XML.
pub fn is_brief_folder_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_FOLDER_NAME
        && !name.starts_with(['.', '-'])
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// `text` cut to at most `max` characters; a cut ends in `…`.
fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some(_) => {
            let end = text.char_indices().nth(max.saturating_sub(1)).map_or(0, |(i, _)| i);
            format!("{}…", &text[..end])
        }
    }
}

/// A path for a warning: control characters (a terminal escape in a planted folder name) are
/// shown escaped.
fn shown(path: &Path) -> String {
    path.display()
        .to_string()
        .chars()
        .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
        .collect()
}

/// Whether `path` is a regular file (not a link, folder or device).
fn is_regular(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

/// Lists the briefs under `root` (newest first: date, then version), `current` standing in for
/// its own folder. Folders that are not listed (see the module rules) come back as warnings.
pub fn collect(root: &Path, current: Option<&Brief>) -> Result<(Vec<Entry>, Vec<String>)> {
    collect_at_most(root, current, MAX_ENTRIES)
}

fn collect_at_most(root: &Path, current: Option<&Brief>, max: usize) -> Result<(Vec<Entry>, Vec<String>)> {
    let mut folders: Vec<String> = Vec::new();
    let mut warnings = Vec::new();
    let left_out = |path: &Path, why: &str| format!("`{}` left out of the archive: {why}", shown(path));
    if root.is_dir() {
        for e in std::fs::read_dir(root).with_context(|| format!("failed to list `{}`", root.display()))? {
            let e = e.with_context(|| format!("failed to list `{}`", root.display()))?;
            let name = e.file_name().to_string_lossy().into_owned();
            // Hidden: temporaries, the lock file, `.git`.
            if name.starts_with('.') {
                continue;
            }
            let path = e.path();
            // The entry itself, not what a link points to.
            let Ok(kind) = e.file_type() else { continue };
            // A brief folder holds at least one brief file; other folders are not ours.
            let holds_a_brief =
                || FORMATS.iter().any(|(f, _)| std::fs::symlink_metadata(path.join(f)).is_ok());
            if kind.is_symlink() {
                if path.is_dir() && holds_a_brief() {
                    warnings.push(left_out(&path, "it is a symbolic link, not a folder of this archive"));
                }
                continue;
            }
            if !kind.is_dir() || !holds_a_brief() {
                continue;
            }
            if !is_brief_folder_name(&name) {
                warnings.push(left_out(
                    &path,
                    &format!(
                        "its name is not a brief folder name (ASCII letters, digits, `.`, `_`, `-`, at most \
                         {MAX_FOLDER_NAME})"
                    ),
                ));
                continue;
            }
            folders.push(name);
        }
    }
    let current_folder = current.map(Brief::folder_name);
    if let Some(c) = &current_folder
        && !folders.contains(c)
    {
        if is_brief_folder_name(c) {
            folders.push(c.clone());
        } else {
            warnings.push(left_out(&root.join(c), "its name is not a brief folder name"));
        }
    }
    folders.sort();
    let mut entries = Vec::new();
    for folder in folders {
        let dir = root.join(&folder);
        let summary = match current.filter(|_| current_folder.as_deref() == Some(folder.as_str())) {
            Some(b) => serde_json::to_value(b)
                .and_then(serde_json::from_value::<crate::stored::BriefView>)
                .context("failed to summarise the brief")?,
            None => match read_summary(&dir.join("brief.json")) {
                Ok(s) => s,
                Err(e) => {
                    warnings.push(left_out(&dir, &format!("{e:#}")));
                    continue;
                }
            },
        };
        let present: Vec<(&str, &str)> =
            FORMATS.iter().copied().filter(|(file, _)| is_regular(&dir.join(file))).collect();
        let Some(&(main, _)) = present.first() else {
            warnings.push(left_out(&dir, "it has no brief file"));
            continue;
        };
        entries.push(entry(folder, summary, main, &present));
    }
    entries.sort_by(|a, b| (b.date, b.version, &b.folder).cmp(&(a.date, a.version, &a.folder)));
    if entries.len() > max {
        warnings.push(format!(
            "{} older briefs left out of the archive (it lists the newest {max})",
            entries.len() - max
        ));
        entries.truncate(max);
    }
    Ok((entries, warnings))
}

/// The archive entry of brief folder `folder` (a checked name): links relative, starting with
/// `./`; text capped.
fn entry(folder: String, summary: crate::stored::BriefView, main: &str, present: &[(&str, &str)]) -> Entry {
    let html = present.iter().any(|(f, _)| *f == "brief.html");
    let anchor = |id: &String| {
        html && !id.is_empty()
            && id.len() <= MAX_TOPIC_ID
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    Entry {
        href: format!("./{folder}/{main}"),
        formats: present
            .iter()
            .map(|(file, label)| Link { label: label.to_string(), href: Some(format!("./{folder}/{file}")) })
            .collect(),
        topics: summary
            .topics
            .iter()
            .take(MAX_TOPICS)
            .map(|t| Link {
                label: clip(&t.name, MAX_TOPIC_NAME),
                href: t.id.as_ref().filter(|id| anchor(id)).map(|id| format!("./{folder}/brief.html#{id}")),
            })
            .collect(),
        bluf: summary.bluf.iter().take(MAX_BLUF).map(|p| clip(&p.text, MAX_BLUF_TEXT)).collect(),
        date: summary.date,
        date_long: summary.date.long(),
        title: clip(&summary.title, MAX_TITLE),
        marking: summary.marking.map(|m| clip(&m, MAX_MARKING)),
        audience: summary.audience.map(|a| clip(&a, MAX_AUDIENCE)),
        version: summary.version,
        folder,
    }
}

fn read_summary(path: &Path) -> Result<crate::stored::BriefView> {
    if std::fs::symlink_metadata(path).is_err() {
        anyhow::bail!("no brief.json (build with the json format to list it)");
    }
    crate::stored::read(path, MAX_BRIEF_JSON)
}

/// Renders `index.html` and `feed.xml` for the briefs under `root`.
pub fn render(root: &Path, templates: &Templates, current: Option<&Brief>) -> Result<Site> {
    render_by(root, templates, current, super::Deadline::start())
}

/// [`render`], before `deadline` (a build's one render deadline, shared with its brief).
pub fn render_by(
    root: &Path,
    templates: &Templates,
    current: Option<&Brief>,
    deadline: super::Deadline,
) -> Result<Site> {
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
    let index = super::sandbox::run(templates, context, vec![job], deadline, &mut || {})
        .map_err(|(_, e)| e)?
        .remove(0);
    let feed = atom_feed(&archive);
    Ok(Site {
        files: vec![(root.join("index.html"), index), (root.join("feed.xml"), feed.into_bytes())],
        warnings,
    })
}

/// Writes the site's files atomically ([`crate::fs::write_atomic`]); returns the paths written
/// and a warning for each file left alone because something that is not a regular file (a
/// folder, a symbolic link) stands in its place. Other write errors are errors.
pub fn write(site: &Site) -> Result<(Vec<PathBuf>, Vec<String>)> {
    let (mut written, mut warnings) = (Vec::new(), Vec::new());
    for (path, bytes) in &site.files {
        match crate::fs::write_atomic(path, bytes) {
            Ok(()) => written.push(path.clone()),
            Err(e) => match e.downcast_ref::<crate::fs::InTheWay>() {
                Some(w) => warnings.push(format!("{w}: not updated (remove it to have it written)")),
                None => return Err(e),
            },
        }
    }
    Ok((written, warnings))
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
/// date (1970-01-01 for an empty archive). Links are relative to `feed.xml` and start with
/// `./`; each entry's summary is at most [`MAX_SUMMARY`] characters.
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
    out.push_str("  <link rel=\"self\" type=\"application/atom+xml\" href=\"./feed.xml\"/>\n");
    out.push_str("  <link rel=\"alternate\" type=\"text/html\" href=\"./index.html\"/>\n");
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
            out.push_str(&format!(
                "    <summary type=\"text\">{}</summary>\n",
                x(&clip(&summary, MAX_SUMMARY))
            ));
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
            index.find("\".&#x2F;2025-02-01&#x2F;brief.html\"").unwrap(),
            index.find("\".&#x2F;2025-01-01&#x2F;brief.json\"").unwrap(),
        );
        assert!(new < old, "not newest first");
        assert!(index.find(".&#x2F;2025-W05-v2&#x2F;brief.json").unwrap() < new, "version 2 first");
        assert!(!index.contains("assets&#x2F;") && !index.contains("empty&#x2F;"));
        assert!(
            index.contains("Old &amp; &lt;odd&gt;")
                && index.contains("\".&#x2F;2025-02-01&#x2F;brief.html#topic-t-u\"")
        );
        let feed = String::from_utf8(site.files[1].1.clone()).unwrap();
        assert_eq!(feed.matches("<entry>").count(), 3);
        assert!(feed.contains("<updated>2025-02-01T00:00:00Z</updated>\n  <link rel=\"self\""));
        assert!(feed.contains("Old &amp; &lt;odd&gt;") && feed.contains("<category term=\"T &amp; U\"/>"));
        // Deterministic: rendering twice gives the same bytes.
        let again = render(root, &templates, None).unwrap();
        assert_eq!(again.files, site.files);
    }

    #[test]
    fn brief_folder_names() {
        for ok in ["2025-W49", "2025-W49-v2", "BR-7", "2025-12-04", "a.b_c", "_x", "9", &"a".repeat(128)] {
            assert!(is_brief_folder_name(ok), "{ok}");
        }
        for bad in [
            "",
            ".",
            "..",
            ".hidden",
            "-x",
            "javascript:alert(document.domain);0",
            "https:evil.example",
            "\\\\evil.example",
            "//evil.example",
            "a/b",
            "a b",
            "a%2Fb",
            "a?b",
            "a#b",
            "a&b",
            "a\"b",
            "é",
            "a\u{1b}[2J",
            &"a".repeat(129),
        ] {
            assert!(!is_brief_folder_name(bad), "{bad:?}");
        }
        // Every name `folder_name` makes passes, whatever the configured number.
        let date = Date::parse("2025-12-04").unwrap();
        for number in
            ["2025-W49", "javascript:alert(1)", "\\\\host\\x", "..", "-", "  ", "é/ü", &"x:".repeat(400)]
        {
            for version in [1, 2, u32::MAX] {
                let name = crate::brief::folder_name(number, version, date);
                assert!(is_brief_folder_name(&name), "{number:?} v{version} -> {name:?}");
            }
        }
    }

    #[test]
    fn clip_cuts_at_characters() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("exactly", 7), "exactly");
        assert_eq!(clip("éééééé", 4), "ééé…");
        assert_eq!(clip("abc", 0), "…");
    }

    /// Every `href` of the archive, decoded from the markup of `index.html` and `feed.xml`.
    fn hrefs(site: &Site) -> Vec<String> {
        site.files
            .iter()
            .flat_map(|(_, bytes)| {
                let text = String::from_utf8(bytes.clone()).unwrap();
                text.split("href=\"")
                    .skip(1)
                    .map(|h| h.split('"').next().unwrap().replace("&#x2F;", "/").replace("&amp;", "&"))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[cfg(unix)]
    #[test]
    fn planted_folders_are_left_out_and_links_stay_inside() {
        let t = tempfile::tempdir().unwrap();
        let (root, outside) = (t.path().join("briefs"), t.path().join("outside"));
        let two_keys = r#"{"title": "x", "date": "2025-01-01"}"#;
        for name in
            ["javascript:alert(document.domain);0", "\\\\evil.example", "https:evil.example", "a\u{1b}]0;x"]
        {
            write_json(&root, name, two_keys);
        }
        write_json(&outside, "2025-W30", r#"{"title": "From elsewhere", "date": "2025-07-25"}"#);
        std::os::unix::fs::symlink(outside.join("2025-W30"), root.join("2025-W30")).unwrap();
        // A brief folder whose files are links: brief.json not followed, brief.html not linked.
        std::fs::create_dir_all(root.join("2025-W31")).unwrap();
        std::os::unix::fs::symlink(outside.join("2025-W30/brief.json"), root.join("2025-W31/brief.json"))
            .unwrap();
        write_json(
            &root,
            "2025-W32",
            r#"{"title": "Real", "date": "2025-08-07", "topics": [{"name": "T", "id": "topic-t"}]}"#,
        );
        std::os::unix::fs::symlink("/etc/passwd", root.join("2025-W32/brief.html")).unwrap();
        // Too large.
        write_json(
            &root,
            "2025-W33",
            &format!(r#"{{"title": "{}", "date": "2025-08-14"}}"#, "x".repeat(5 << 20)),
        );
        // Not a brief folder at all, and hidden: no warning.
        std::fs::create_dir_all(root.join("assets")).unwrap();
        write_json(&root, ".2025-W49.tmp-1", two_keys);
        let templates = Templates::load(None).unwrap();
        let site = render(&root, &templates, None).unwrap();
        let w = &site.warnings;
        assert_eq!(w.len(), 7, "{w:#?}");
        for (name, why) in [
            ("javascript:alert(document.domain);0", "not a brief folder name"),
            ("\\\\evil.example", "not a brief folder name"),
            ("https:evil.example", "not a brief folder name"),
            ("a\\u{1b}]0;x", "not a brief folder name"),
            ("2025-W30", "symbolic link"),
            ("2025-W31", "symbolic link"),
            ("2025-W33", "larger than 4 MiB"),
        ] {
            assert!(w.iter().any(|w| w.contains(name) && w.contains(why)), "{name}: {w:#?}");
        }
        assert!(w.iter().all(|w| !w.contains('\u{1b}')), "a control character reaches the terminal");
        let hrefs = hrefs(&site);
        assert_eq!(
            hrefs,
            [
                "./feed.xml",
                "#content",
                "./feed.xml",
                "./2025-W32/brief.json",
                "./2025-W32/brief.json",
                "./feed.xml",
                "./index.html",
                "./2025-W32/brief.json"
            ]
        );
        let index = String::from_utf8(site.files[0].1.clone()).unwrap();
        assert!(!index.contains("topic-t"), "an anchor into a brief.html that is a link");
    }

    #[test]
    fn one_brief_adds_little_whatever_its_brief_json_says() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        let templates = Templates::load(None).unwrap();
        let empty = render(root, &templates, None).unwrap();
        // Every field as long as it gets, of a character that escapes to six bytes.
        let long = "'".repeat(100_000);
        let topics: Vec<String> = (0..1000)
            .map(|i| format!(r#"{{"name": "{long}", "id": "topic-{}"}}"#, "x".repeat(70 + i % 20)))
            .collect();
        let bluf: Vec<String> = (0..1000).map(|_| format!(r#"{{"text": "{long}"}}"#)).collect();
        let json = format!(
            r#"{{"title": "{long}", "date": "2025-01-01", "marking": "{long}", "audience": "{long}", "topics": [{}], "bluf": [{}]}}"#,
            topics.join(","),
            bluf.join(",")
        );
        let json = &json[..json.len().min(MAX_BRIEF_JSON as usize - 100)];
        // Cut to fit under the cap: close what is open.
        let json = format!("{}\"}}]}}", json.trim_end_matches(|c| c != '\''));
        write_json(root, &"F".repeat(MAX_FOLDER_NAME), &json);
        std::fs::write(root.join("F".repeat(MAX_FOLDER_NAME)).join("brief.html"), "").unwrap();
        let site = render(root, &templates, None).unwrap();
        assert!(site.warnings.is_empty(), "{:?}", site.warnings);
        let (entries, _) = collect(root, None).unwrap();
        assert_eq!(entries[0].topics.len(), MAX_TOPICS);
        assert!(entries[0].topics.iter().all(|t| t.label.chars().count() == MAX_TOPIC_NAME));
        assert_eq!(entries[0].title.chars().count(), MAX_TITLE);
        let per_entry: Vec<usize> = site
            .files
            .iter()
            .zip(&empty.files)
            .map(|((_, full), (_, none))| full.len() - none.len())
            .collect();
        // At most MAX_ENTRIES such briefs: each file stays under a quarter of the 64 MiB cap.
        for (bytes, file) in per_entry.iter().zip(["index.html", "feed.xml"]) {
            assert!(
                bytes * MAX_ENTRIES < super::super::templates::MAX_OUTPUT / 4,
                "{file}: {bytes} bytes per brief"
            );
        }
    }

    #[test]
    fn only_the_newest_briefs_are_listed() {
        let t = tempfile::tempdir().unwrap();
        for day in 1..=5 {
            write_json(
                t.path(),
                &format!("2025-01-0{day}"),
                &format!(r#"{{"title": "B{day}", "date": "2025-01-0{day}"}}"#),
            );
        }
        let (entries, warnings) = collect_at_most(t.path(), None, 3).unwrap();
        let folders: Vec<&str> = entries.iter().map(|e| e.folder.as_str()).collect();
        assert_eq!(folders, ["2025-01-05", "2025-01-04", "2025-01-03"]);
        assert_eq!(warnings, ["2 older briefs left out of the archive (it lists the newest 3)"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_or_link_in_place_of_an_archive_file_is_a_warning() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("briefs");
        write_json(&root, "2025-01-01", r#"{"title": "A", "date": "2025-01-01"}"#);
        std::fs::create_dir(root.join("feed.xml")).unwrap();
        std::fs::write(t.path().join("theirs.html"), "theirs").unwrap();
        std::os::unix::fs::symlink(t.path().join("theirs.html"), root.join("index.html")).unwrap();
        let templates = Templates::load(None).unwrap();
        let site = render(&root, &templates, None).unwrap();
        let (written, warnings) = write(&site).unwrap();
        assert!(written.is_empty());
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("index.html` is a symbolic link"), "{warnings:?}");
        assert!(warnings[1].contains("feed.xml` is a folder"), "{warnings:?}");
        assert_eq!(std::fs::read_to_string(t.path().join("theirs.html")).unwrap(), "theirs");
        std::fs::remove_dir(root.join("feed.xml")).unwrap();
        let (written, warnings) = write(&site).unwrap();
        assert_eq!((written, warnings.len()), (vec![root.join("feed.xml")], 1));
    }
}
