//! `briefly fetch`: this week's articles from the project's feeds and links, saved as sources.
//!
//! In: [`Options`] — the feeds and addresses to read ([`feeds::Sources`]), the input folder, the
//! state file (`.briefly/fetch.json` in the project folder), a date window. Out: one Markdown file
//! per new article in the input folder (front matter `title`, `outlet`, `author`, `date`, `url`,
//! `feed`, and `text_from: feed` when the page gave no text and the feed's own did; then the
//! text), the updated state, and a [`Report`].
//!
//! The network is read in parallel (`jobs` workers, at most [`http::PER_HOST`] requests per
//! host); everything after that — duplicates, names, writes, the state — is decided in one pass
//! in source order (feeds in config order, items by date then link), so the same responses give
//! the same files. A second run sends the validators of the first (`If-None-Match`,
//! `If-Modified-Since`) and downloads nothing that has not changed; pages already saved are only
//! asked again when they had validators; a feed with an item that could not be saved is read in
//! full next time, so the item is tried again. Duplicates are dropped by canonical address and by a
//! hash of the text. A file is never overwritten with different content: a changed article goes
//! beside it (`NAME-2.md`). Every file and the state are written atomically
//! ([`crate::fs::write_atomic`]), only inside the input folder and the project's `.briefly/`.

pub mod feeds;
pub mod http;

use crate::date::Date;
use crate::ingest::feed::{self as feed_doc, Item};
use anyhow::{Context, Result, bail};
use feeds::{FeedSpec, Sources};
use http::{Client, Expect, Fetched, Validators};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Fewest words of a feed item's own text that are saved when its page gives none.
pub const MIN_FEED_WORDS: usize = 50;

/// Fewest words of extracted page text that count as an article.
pub const MIN_PAGE_WORDS: usize = 20;

/// Largest state file read.
const MAX_STATE_BYTES: u64 = 16 * 1024 * 1024;

/// What one `fetch` does.
#[derive(Debug, Clone)]
pub struct Options {
    /// Feeds and addresses.
    pub sources: Sources,
    /// Where articles are saved.
    pub input_dir: PathBuf,
    /// The project folder (canonical); the state goes to `.briefly/fetch.json` in it.
    pub project_root: PathBuf,
    /// Keep feed items dated in this window (first and last day); undated items are kept.
    pub window: Option<(Date, Date)>,
    /// Read the feeds and list what would be downloaded; write nothing.
    pub dry_run: bool,
    /// Parallel downloads.
    pub jobs: usize,
    /// Network limits.
    pub limits: http::Limits,
}

/// What a `fetch` did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Feeds read (downloaded and parsed).
    pub feeds_read: usize,
    /// Feeds unchanged since last time (`304`).
    pub feeds_unchanged: usize,
    /// Files written, in order.
    pub saved: Vec<String>,
    /// Of those, articles that changed since saved: (existing file, new file).
    pub changed: Vec<(String, String)>,
    /// Items dropped as duplicates (same canonical address or same text).
    pub duplicates: usize,
    /// Feeds and pages that failed (one warning each).
    pub failures: usize,
    /// One line per failed feed or page, or item saved from the feed's text: address and reason.
    pub warnings: Vec<String>,
    /// With `--dry-run`: the addresses that would be downloaded.
    pub planned: Vec<String>,
    /// Every source (feed or single address) failed.
    pub all_failed: bool,
}

/// The state kept between runs in `.briefly/fetch.json` (sorted keys: the file diffs well).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct State {
    /// Feed address → validators of its last download.
    feeds: BTreeMap<String, Validators>,
    /// Canonical article address → what was saved from it.
    pages: BTreeMap<String, PageState>,
}

/// One saved article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct PageState {
    /// The file in the input folder.
    file: String,
    /// SHA-256 of its text (whitespace collapsed), hex.
    text: String,
    /// Validators of the page's download.
    #[serde(flatten)]
    validators: Validators,
}

/// The state file of a project.
pub fn state_path(project_root: &Path) -> PathBuf {
    project_root.join(".briefly").join("fetch.json")
}

/// Reads the state; a missing file is a fresh start, an unreadable one too (with a warning:
/// nothing is overwritten without it, only downloaded again).
fn load_state(path: &Path, warnings: &mut Vec<String>) -> State {
    if std::fs::symlink_metadata(path).is_err() {
        return State::default();
    }
    let read = crate::fs::read_capped_nofollow(path, MAX_STATE_BYTES)
        .and_then(|b| crate::fs::decode_text(&b))
        .and_then(|t| serde_json::from_str::<State>(&t).map_err(anyhow::Error::from));
    match read {
        Ok(s) => s,
        Err(e) => {
            warnings.push(format!("`{}` unreadable ({e:#}); starting afresh", path.display()));
            State::default()
        }
    }
}

/// Runs `f` on every item with `jobs` threads; results in item order.
fn parallel<T: Sync, R: Send>(items: &[T], jobs: usize, f: &(dyn Fn(&T) -> R + Sync)) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let results: std::sync::Mutex<Vec<Option<R>>> =
        std::sync::Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..jobs.clamp(1, items.len().max(1)) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(i) else { break };
                    let r = f(item);
                    if let Ok(mut all) = results.lock() {
                        all[i] = Some(r);
                    }
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().flatten().collect()
}

/// One article to download: a feed item, or a single address.
#[derive(Debug, Clone)]
struct Task {
    /// The address to download.
    url: String,
    /// Its canonical form (the key in the state).
    key: String,
    /// The feed and item it came from.
    from: Option<(FeedSpec, Option<String>, Item)>,
    /// Validators of the saved copy, when this is a check of an article saved before.
    recheck: Option<Validators>,
}

/// Runs a fetch (see the module doc). Network and per-item problems are warnings in the report;
/// an error is returned only for what stops the whole run (the input folder or the state cannot
/// be written).
pub fn run(opts: &Options, progress: &dyn crate::progress::Progress) -> Result<Report> {
    let mut report = Report::default();
    let state_file = state_path(&opts.project_root);
    if let Some(link) = crate::fs::first_link(&opts.project_root, Path::new(".briefly/fetch.json")) {
        bail!("`{}` is a symbolic link: refusing to keep the fetch state through it", link.display());
    }
    let mut state = load_state(&state_file, &mut report.warnings);
    let client = Client::new(opts.limits);

    // 1. Feeds.
    let src = &opts.sources;
    progress.stage("reading feeds", Some(src.feeds.len() as u64));
    let fetched = parallel(&src.feeds, opts.jobs, &|f: &FeedSpec| {
        let v = state.feeds.get(&f.url).cloned().unwrap_or_default();
        let r = client.get(&f.url, Expect::Feed, &v).and_then(|got| match got {
            Fetched::NotModified => Ok(None),
            Fetched::Body(b) => feed_doc::parse(&b.bytes).map(|doc| Some((doc, b.validators))),
        });
        progress.step();
        r
    });
    let mut failed_sources = 0;
    let mut tasks: Vec<Task> = Vec::new();
    let mut queued: BTreeSet<String> = BTreeSet::new();
    for (spec, result) in src.feeds.iter().zip(fetched) {
        match result {
            Err(e) => {
                report.warnings.push(format!("{}: {e:#}", spec.url));
                report.failures += 1;
                failed_sources += 1;
            }
            Ok(None) => report.feeds_unchanged += 1,
            Ok(Some((doc, validators))) => {
                report.feeds_read += 1;
                if !opts.dry_run {
                    state.feeds.insert(spec.url.clone(), validators);
                }
                for item in doc.items {
                    if !feeds::in_window(item.date, opts.window) {
                        continue;
                    }
                    let Some(link) = item.link.clone() else { continue };
                    let Some(key) = feeds::canonical(&link) else { continue };
                    if !queued.insert(key.clone()) {
                        report.duplicates += 1;
                        continue;
                    }
                    let recheck = match state.pages.get(&key) {
                        Some(p) if p.validators.is_empty() => continue,
                        Some(p) => Some(p.validators.clone()),
                        None => None,
                    };
                    tasks.push(Task {
                        url: link,
                        key,
                        from: Some((spec.clone(), doc.title.clone(), item)),
                        recheck,
                    });
                }
            }
        }
    }
    for url in &src.urls {
        let Some(key) = feeds::canonical(url) else { continue };
        if !queued.insert(key.clone()) {
            continue;
        }
        let recheck = match state.pages.get(&key) {
            Some(p) if p.validators.is_empty() => continue,
            Some(p) => Some(p.validators.clone()),
            None => None,
        };
        tasks.push(Task { url: url.clone(), key, from: None, recheck });
    }
    if opts.dry_run {
        report.planned = tasks.iter().map(|t| t.url.clone()).collect();
        return Ok(report);
    }

    // 2. Pages.
    progress.stage("downloading articles", Some(tasks.len() as u64));
    let pages = parallel(&tasks, opts.jobs, &|t: &Task| {
        let r = client.get(&t.url, Expect::Page, t.recheck.as_ref().unwrap_or(&Validators::default()));
        progress.step();
        r
    });

    // 3. Decide and write, in order.
    let input = &opts.input_dir;
    std::fs::create_dir_all(input).with_context(|| format!("failed to create `{}`", input.display()))?;
    let mut hashes: BTreeMap<String, String> =
        state.pages.values().map(|p| (p.text.clone(), p.file.clone())).collect();
    let mut url_failed = 0;
    // Feeds with an item that could not be saved: read in full next time (no validators), so
    // the item is tried again even when the feed has not changed.
    let mut retry_feeds: BTreeSet<String> = BTreeSet::new();
    for (task, page) in tasks.iter().zip(pages) {
        let item = task.from.as_ref().map(|(_, _, i)| i);
        // The page's text, or why there is none.
        let extracted = match page {
            Ok(Fetched::NotModified) => continue,
            Ok(Fetched::Body(body)) => {
                let html = http::decode(&body.bytes, body.content_type.as_deref());
                match crate::ingest::html::extract(&html) {
                    Ok(p) if crate::text::word_count(&p.markdown) >= MIN_PAGE_WORDS => {
                        let url = feeds::page_canonical(&html, &body.url)
                            .or_else(|| feeds::canonical(&body.url))
                            .unwrap_or_else(|| task.key.clone());
                        Ok((p.markdown.clone(), url, p, body.validators))
                    }
                    _ => Err("no article text in the page".to_string()),
                }
            }
            Err(e) => Err(format!("{e:#}")),
        };
        let (text, url, page_meta, from_feed, validators) = match extracted {
            Ok((text, url, p, v)) => (text, url, Some(p), false, v),
            // An article saved before stays as it is when its page fails now.
            Err(reason) if task.recheck.is_some() => {
                report.warnings.push(format!("{}: {reason}; kept the copy saved before", task.url));
                report.failures += 1;
                continue;
            }
            Err(reason) => match feed_text(item) {
                Some(t) => {
                    report
                        .warnings
                        .push(format!("{}: {reason}; saved the feed's own text (text_from: feed)", task.url));
                    (t, task.key.clone(), None, true, Validators::default())
                }
                None => {
                    report.warnings.push(format!("{}: {reason}; skipped", task.url));
                    report.failures += 1;
                    url_failed += usize::from(item.is_none());
                    if let Some((spec, _, _)) = &task.from {
                        retry_feeds.insert(spec.url.clone());
                    }
                    continue;
                }
            },
        };
        let hash = text_hash(&text);
        let previous = state.pages.get(&task.key).cloned();
        if let Some(p) = &previous
            && p.text == hash
        {
            // Saved before, unchanged (a page without validators, asked again).
            continue;
        }
        if url != task.key
            && previous.is_none()
            && (state.pages.contains_key(&url) || !queued.insert(url.clone()))
        {
            report.duplicates += 1;
            continue;
        }
        if previous.is_none() && hashes.contains_key(&hash) {
            report.duplicates += 1;
            continue;
        }
        // Metadata: the feed item's, else the page's.
        let (spec, feed_title) = match &task.from {
            Some((s, t, _)) => (Some(s), t.clone()),
            None => (None, None),
        };
        let host = url::Url::parse(&url)
            .ok()
            .and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.").to_string()));
        let meta = Meta {
            title: item
                .and_then(|i| i.title.clone())
                .or_else(|| page_meta.as_ref().and_then(|p| p.title.clone())),
            outlet: spec
                .and_then(|s| s.outlet.clone())
                .or(feed_title)
                .or_else(|| page_meta.as_ref().and_then(|p| p.outlet.clone()))
                .or(host),
            author: item
                .and_then(|i| i.author.clone())
                .or_else(|| page_meta.as_ref().and_then(|p| p.author.clone())),
            date: item.and_then(|i| i.date).or_else(|| page_meta.as_ref().and_then(|p| p.date)),
            url: url.clone(),
            feed: spec.map(|s| s.url.clone()),
            from_feed,
        };
        let contents = article_file(&meta, &text);
        let name = match &previous {
            Some(p) => p.file.clone(),
            None => feeds::file_name(meta.date, meta.outlet.as_deref(), meta.title.as_deref(), &url),
        };
        let written = write_unique(input, &name, contents.as_bytes())?;
        if written != name {
            report.changed.push((name.clone(), written.clone()));
        }
        if !report.saved.contains(&written) {
            report.saved.push(written.clone());
        }
        hashes.insert(hash.clone(), written.clone());
        let entry = PageState { file: written, text: hash, validators };
        if url != task.key {
            state.pages.insert(url.clone(), entry.clone());
        }
        state.pages.insert(task.key.clone(), entry);
    }
    for url in &retry_feeds {
        state.feeds.remove(url);
    }
    let sources = src.feeds.len() + src.urls.len();
    report.all_failed = sources > 0 && failed_sources + url_failed == sources;
    let json = serde_json::to_string_pretty(&state).context("failed to write the fetch state")? + "\n";
    crate::fs::write_atomic(&state_file, json.as_bytes())?;
    Ok(report)
}

/// The item's own text when it is substantial ([`MIN_FEED_WORDS`]).
fn feed_text(item: Option<&Item>) -> Option<String> {
    let text = feed_doc::item_text(item?);
    (crate::text::word_count(&text) >= MIN_FEED_WORDS).then_some(text)
}

/// SHA-256 (hex) of a text with its whitespace collapsed.
fn text_hash(text: &str) -> String {
    let norm = text.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::brief::hex(&sha2::Sha256::digest(norm.as_bytes()))
}

/// Front-matter fields of a saved article.
#[derive(Debug, Clone, PartialEq)]
struct Meta {
    title: Option<String>,
    outlet: Option<String>,
    author: Option<String>,
    date: Option<Date>,
    url: String,
    feed: Option<String>,
    from_feed: bool,
}

/// A YAML double-quoted scalar: backslash, quote, control and line-break characters escaped,
/// so any title (colons, quotes, newlines, `---`) reads back as itself.
pub fn yaml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The saved file: front matter, a blank line, the text.
fn article_file(m: &Meta, text: &str) -> String {
    let line = |s: &str| crate::text::cap_line(s, crate::text::MAX_LINE_CHARS);
    let mut out = String::from("---\n");
    if let Some(t) = &m.title {
        out.push_str(&format!("title: {}\n", yaml_quote(&line(t))));
    }
    if let Some(o) = &m.outlet {
        out.push_str(&format!("outlet: {}\n", yaml_quote(&line(o))));
    }
    if let Some(a) = &m.author {
        out.push_str(&format!("author: {}\n", yaml_quote(&line(a))));
    }
    if let Some(d) = m.date {
        out.push_str(&format!("date: {d}\n"));
    }
    out.push_str(&format!("url: {}\n", yaml_quote(&m.url)));
    if let Some(f) = &m.feed {
        out.push_str(&format!("feed: {}\n", yaml_quote(f)));
    }
    if m.from_feed {
        out.push_str("text_from: feed\n");
    }
    out.push_str("---\n\n");
    out.push_str(text.trim());
    out.push('\n');
    out
}

/// Writes `bytes` as `name` in `dir`, or beside it (`name-2.md`, `-3` …) when a different file is
/// there already; nothing when the same bytes are. Returns the name used.
fn write_unique(dir: &Path, name: &str, bytes: &[u8]) -> Result<String> {
    for n in 1..100 {
        let candidate = if n == 1 { name.to_string() } else { feeds::numbered(name, n) };
        let path = dir.join(&candidate);
        match std::fs::symlink_metadata(&path) {
            Err(_) => {
                crate::fs::write_atomic(&path, bytes)?;
                return Ok(candidate);
            }
            Ok(m) if m.file_type().is_file() => {
                if crate::fs::read_capped_nofollow(&path, crate::fs::MAX_FILE_BYTES)
                    .is_ok_and(|old| old == bytes)
                {
                    return Ok(candidate);
                }
            }
            Ok(_) => {} // a link or folder: never written through, try the next name
        }
    }
    bail!("`{}`: 99 different files of that name already; not saved", dir.join(name).display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_reads_back() {
        let m = Meta {
            title: Some("NATO: \"talks\" end\n--- \\ # not a comment \u{2028}".into()),
            outlet: Some("O'Reilly: News".into()),
            author: Some("- dash".into()),
            date: Date::parse("2025-12-03"),
            url: "https://x.test/a?b=1&c=2".into(),
            feed: Some("https://x.test/rss".into()),
            from_feed: true,
        };
        let text = article_file(&m, "Body text here.\n\n---\n\nMore.");
        let (fm, body, _) = crate::ingest::front_matter::split(&text).unwrap();
        assert_eq!(fm.title.as_deref(), Some("NATO: \"talks\" end --- \\ # not a comment"));
        assert_eq!(fm.outlet.as_deref(), Some("O'Reilly: News"));
        assert_eq!(fm.author.as_deref(), Some("- dash"));
        assert_eq!(fm.date.unwrap().to_string(), "2025-12-03");
        assert_eq!(fm.url.as_deref(), Some("https://x.test/a?b=1&c=2"));
        assert_eq!(fm.extra["feed"], serde_json::json!("https://x.test/rss"));
        assert_eq!(fm.extra["text_from"], serde_json::json!("feed"));
        assert!(body.starts_with("\nBody text here."), "{body}");
        let a = crate::ingest::parse_article("x.md", &text, None).unwrap();
        assert_eq!(a.outlet.as_deref(), Some("O'Reilly: News"));
        // Raw newlines and control characters survive as escapes.
        let (fm, _, _) =
            crate::ingest::front_matter::split(&format!("---\ntitle: {}\n---\n", yaml_quote("a\nb\u{7}c")))
                .unwrap();
        assert_eq!(fm.title.as_deref(), Some("a\nb\u{7}c"));
    }

    #[test]
    fn unique_names_never_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(write_unique(dir.path(), "a.md", b"one").unwrap(), "a.md");
        assert_eq!(write_unique(dir.path(), "a.md", b"one").unwrap(), "a.md");
        assert_eq!(write_unique(dir.path(), "a.md", b"two").unwrap(), "a-2.md");
        assert_eq!(std::fs::read(dir.path().join("a.md")).unwrap(), b"one");
        assert_eq!(write_unique(dir.path(), "a.md", b"two").unwrap(), "a-2.md");
        assert_eq!(write_unique(dir.path(), "a.md", b"three").unwrap(), "a-3.md");
    }
}
