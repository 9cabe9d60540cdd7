//! `briefly fetch`: this week's articles from the project's feeds and links, saved as sources.
//!
//! In: [`Options`] — the feeds and addresses to read ([`feeds::Sources`]), the input folder, the
//! state file (`.briefly/fetch.json` in the project folder), a date window, the internal hosts
//! the user opened ([`guard::AllowList`]; everything else must be public) and the run's
//! deadline. Out: one Markdown file per new article in the input folder (front matter `title`,
//! `outlet`, `author`, `date`, `url`, `feed`, and `text_from: feed` when the page gave no text and
//! the feed's own did; then the text, images as their alt text only), the updated state, and a
//! [`Report`]. The state is data, not authority: entries are checked one by one when read
//! (`load_state`) and a broken one never stops a run.
//!
//! The network is read in parallel (`jobs` workers, at most [`http::PER_HOST`] requests per
//! host); everything after that — duplicates, names, writes, the state — is decided in one pass
//! in source order (feeds in config order, items by date then link), so the same responses give
//! the same files. A second run sends the validators of the first (`If-None-Match`,
//! `If-Modified-Since`) and downloads nothing that has not changed; pages already saved are only
//! asked again when they had validators; a feed with an item that could not be saved is read in
//! full next time, so the item is tried again. Duplicates are dropped by canonical address and by a
//! hash of the text. A file is never overwritten with different content: a changed article (the
//! same address, other text) goes beside it (`NAME-2.md`), and so does another article whose
//! name is taken, without being reported as a change. Requests the run's deadline stops are
//! reported in one warning and tried again next run. Every file and the state are written atomically
//! ([`crate::fs::write_atomic`]), only inside the input folder and the project's `.briefly/`.

pub mod feeds;
pub mod guard;
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
    /// Internal hosts and ranges the user opened (`--allow-host`); the public internet is open.
    pub allow: guard::AllowList,
    /// The whole run's deadline: no request starts after it, those under way stop.
    pub deadline: Option<std::time::Duration>,
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

/// Reads the state, which is data, not authority: a missing file is a fresh start, an
/// unreadable one too (with a warning: nothing is overwritten without it, only downloaded
/// again). Entries are taken one by one; an entry of the wrong shape, a page whose `file` is
/// not a name fetch makes ([`feeds::is_own_file_name`]: a plain file name in the input folder)
/// or whose validators are not [`http::valid_header_value`]s is left out, as if never saved;
/// a feed's invalid validators are dropped (the feed is read in full). One warning in all.
fn load_state(path: &Path, warnings: &mut Vec<String>) -> State {
    if std::fs::symlink_metadata(path).is_err() {
        return State::default();
    }
    let read = crate::fs::read_capped_nofollow(path, MAX_STATE_BYTES)
        .and_then(|b| crate::fs::decode_text(&b))
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).map_err(anyhow::Error::from))
        .and_then(|v| match v {
            serde_json::Value::Object(m) => Ok(m),
            _ => bail!("not a JSON object"),
        });
    let top = match read {
        Ok(m) => m,
        Err(e) => {
            warnings.push(format!("`{}` unreadable ({e:#}); starting afresh", path.display()));
            return State::default();
        }
    };
    let mut state = State::default();
    // Left out: how many, and the first reason.
    let mut left_out: (usize, Option<String>) = (0, None);
    let mut leave = |why: String| {
        left_out.0 += 1;
        left_out.1.get_or_insert(why);
    };
    let entries = |key: &str, leave: &mut dyn FnMut(String)| match top.get(key) {
        None => serde_json::Map::new(),
        Some(serde_json::Value::Object(m)) => m.clone(),
        Some(_) => {
            leave(format!("`{key}` is not an object"));
            serde_json::Map::new()
        }
    };
    for (url, v) in entries("feeds", &mut leave) {
        match serde_json::from_value::<Validators>(v) {
            Ok(v) if v.is_valid() => {
                state.feeds.insert(url, v);
            }
            Ok(v) => {
                leave(format!("feed {}: a validator is not a valid header value", clip(&url)));
                state.feeds.insert(url, v.valid_only());
            }
            Err(e) => leave(format!("feed {}: {e}", clip(&url))),
        }
    }
    for (url, v) in entries("pages", &mut leave) {
        match serde_json::from_value::<PageState>(v) {
            Ok(p) if !feeds::is_own_file_name(&p.file) => leave(format!(
                "page {}: `{}` is not a plain file name in the input folder",
                clip(&url),
                clip(&p.file)
            )),
            Ok(p) if !p.validators.is_valid() => {
                leave(format!("page {}: a validator is not a valid header value", clip(&url)))
            }
            Ok(p) if !is_text_hash(&p.text) => leave(format!("page {}: `text` is not a SHA-256", clip(&url))),
            Ok(p) => {
                state.pages.insert(url, p);
            }
            Err(e) => leave(format!("page {}: {e}", clip(&url))),
        }
    }
    if let (n, Some(first)) = left_out {
        warnings.push(format!(
            "`{}`: left out {n} entr{} not valid ({first}{}); fetched as new",
            path.display(),
            if n == 1 { "y" } else { "ies" },
            if n > 1 { ", …" } else { "" }
        ));
    }
    state
}

/// At most 120 characters of an untrusted string, one line.
fn clip(s: &str) -> String {
    crate::text::clip_message(s, 120)
}

/// Whether `s` is 64 lower-case hex digits (a [`text_hash`]).
fn is_text_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
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
    let deadline = opts.deadline.map(|d| std::time::Instant::now() + d);
    let client = Client::new(opts.limits, opts.allow.clone(), deadline);
    // Requests the run's deadline stopped (their addresses) or never started (how many).
    let mut cut: (Vec<String>, usize) = (Vec::new(), 0);

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
            Err(e) if count_cut(&e, &spec.url, &mut cut) => {
                report.failures += 1;
                failed_sources += 1;
            }
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
        report.warnings.extend(cut_warning(&cut, opts.deadline));
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
        // Stopped by the run's deadline: reported together, tried again next run.
        if let Err(e) = &page
            && count_cut(e, &task.url, &mut cut)
        {
            report.failures += 1;
            url_failed += usize::from(item.is_none());
            if let Some((spec, _, _)) = &task.from {
                retry_feeds.insert(spec.url.clone());
            }
            continue;
        }
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
                        Ok((images_as_text(&p.markdown), url, p, body.validators))
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
                let kept = state.pages.get(&task.key).is_some_and(|p| {
                    std::fs::symlink_metadata(input.join(&p.file)).is_ok_and(|m| m.file_type().is_file())
                });
                let what = if kept { "kept the copy saved before" } else { "skipped" };
                report.warnings.push(format!("{}: {reason}; {what}", task.url));
                report.failures += 1;
                url_failed += usize::from(item.is_none() && !kept);
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
        let written = match write_unique(input, &name, contents.as_bytes()) {
            Ok(w) => w,
            Err(e) => {
                report.warnings.push(format!("{}: not saved ({e:#})", task.url));
                report.failures += 1;
                if let Some((spec, _, _)) = &task.from {
                    retry_feeds.insert(spec.url.clone());
                }
                continue;
            }
        };
        // A changed article is the same address with other text; another address whose name
        // is taken is another article.
        if previous.is_some() && written != name {
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
    if let Some(w) = cut_warning(&cut, opts.deadline) {
        report.warnings.push(w);
    }
    let sources = src.feeds.len() + src.urls.len();
    report.all_failed = sources > 0 && failed_sources + url_failed == sources;
    let json = serde_json::to_string_pretty(&state).context("failed to write the fetch state")? + "\n";
    crate::fs::write_atomic(&state_file, json.as_bytes())?;
    Ok(report)
}

/// The item's own text when it is substantial ([`MIN_FEED_WORDS`]), images as their text.
fn feed_text(item: Option<&Item>) -> Option<String> {
    let text = feed_doc::item_text(item?);
    (crate::text::word_count(&text) >= MIN_FEED_WORDS).then(|| images_as_text(&text))
}

/// Whether `e` is a request the run's deadline stopped ([`http::Cut`]); if so it is counted in
/// `cut` (the address when it was under way).
fn count_cut(e: &anyhow::Error, url: &str, cut: &mut (Vec<String>, usize)) -> bool {
    match e.downcast_ref::<http::Cut>() {
        Some(http::Cut::InProgress) => cut.0.push(url.to_string()),
        Some(http::Cut::NotStarted) => cut.1 += 1,
        None => return false,
    }
    true
}

/// Most addresses named in the deadline's warning.
const MAX_CUT_NAMED: usize = 10;

/// The one warning about requests the run's deadline stopped: the slow ones by address.
fn cut_warning(
    (slow, unstarted): &(Vec<String>, usize),
    deadline: Option<std::time::Duration>,
) -> Option<String> {
    if slow.is_empty() && *unstarted == 0 {
        return None;
    }
    let limit = deadline.map(http::seconds).unwrap_or_default();
    let mut out = format!("the run's deadline ({limit}, --deadline) was reached");
    if !slow.is_empty() {
        let named: Vec<&str> = slow.iter().take(MAX_CUT_NAMED).map(String::as_str).collect();
        out.push_str(&format!("; stopped {} slow download(s): {}", slow.len(), named.join(", ")));
        if slow.len() > MAX_CUT_NAMED {
            out.push_str(&format!(" and {} more", slow.len() - MAX_CUT_NAMED));
        }
    }
    if *unstarted > 0 {
        out.push_str(&format!("; {unstarted} not started"));
    }
    out.push_str("; they are tried again next run");
    Some(out)
}

/// Markdown with every image replaced by its alt text (escaped, so it stays text): a saved
/// article loads nothing when a git host shows it. Parsed with pulldown-cmark, so an image is
/// what a Markdown viewer takes for one; repeated until none is left (alt text holding an
/// image), and past [`MAX_IMAGE_PASSES`] every remaining `![` is escaped.
pub fn images_as_text(md: &str) -> String {
    let mut text = std::borrow::Cow::Borrowed(md);
    for _ in 0..MAX_IMAGE_PASSES {
        match images_pass(&text) {
            Some(next) => text = std::borrow::Cow::Owned(next),
            None => return text.into_owned(),
        }
    }
    text.replace("![", "!\\[")
}

/// Rounds of [`images_as_text`] before it escapes what is left.
const MAX_IMAGE_PASSES: usize = 4;

/// One round of [`images_as_text`]; `None` when `md` has no image.
fn images_pass(md: &str) -> Option<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::with_capacity(md.len());
    let (mut last, mut depth, mut alt, mut any) = (0, 0usize, String::new(), false);
    let parser = Parser::new_ext(md, crate::ingest::markdown::parser_options());
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(Tag::Image { .. }) => {
                if depth == 0 {
                    out.push_str(&md[last..range.start]);
                    last = range.end;
                    alt.clear();
                }
                depth += 1;
                any = true;
            }
            Event::End(TagEnd::Image) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.push_str(&markdown_text(
                        alt.split_whitespace().collect::<Vec<_>>().join(" ").as_str(),
                    ));
                }
            }
            Event::Text(t) | Event::Code(t) if depth > 0 => alt.push_str(&t),
            Event::SoftBreak | Event::HardBreak if depth > 0 => alt.push(' '),
            _ => {}
        }
    }
    if !any {
        return None;
    }
    out.push_str(&md[last..]);
    Some(out)
}

/// Plain text (one line) as Markdown inline text: every character that could start inline
/// markup escaped, and at its start what could start a block (`#`, `-`, `1.` …), since the text
/// may begin a line.
fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    for (i, c) in s.char_indices() {
        let block_start = (i == 0 && "#-+=".contains(c)) || (i == digits && i > 0 && ".)".contains(c));
        if block_start || "\\`*_[]<>!&|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
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
    if !feeds::is_own_file_name(name) {
        bail!("`{}` is not a plain file name in the input folder", crate::text::clip_message(name, 120));
    }
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
    fn images_become_their_text() {
        let images = |md: &str| {
            pulldown_cmark::Parser::new_ext(md, crate::ingest::markdown::parser_options())
                .filter(|e| matches!(e, pulldown_cmark::Event::Start(pulldown_cmark::Tag::Image { .. })))
                .count()
        };
        for (md, want) in [
            ("Text ![a photo](https://t.test/p.gif?u=1) more.", "Text a photo more."),
            ("![](https://t.test/p.gif)", ""),
            ("[![thumb](https://t.test/i.jpg)](https://n.test/a)", "[thumb](https://n.test/a)"),
            ("![a \\[b\\] !\\[c\\](x.png)](https://t.test/s.png)", "a \\[b\\] \\!\\[c\\](x.png)"),
            ("![outer ![inner](https://t.test/1)](https://t.test/2)", "outer inner"),
            ("![ref][r]\n\n[r]: https://t.test/r.png", "ref\n\n[r]: https://t.test/r.png"),
            ("![# heading *x* \\*](https://t.test/h)", "\\# heading x \\*"),
            ("![1. list](https://t.test/h)", "1\\. list"),
            ("| a | ![b](https://t.test/t) |\n|---|---|\n| c | d |", "| a | b |\n|---|---|\n| c | d |"),
            (
                "`![code](https://t.test/c)` and \\![escaped](x)",
                "`![code](https://t.test/c)` and \\![escaped](x)",
            ),
        ] {
            let got = images_as_text(md);
            assert_eq!(got, want, "{md}");
            assert_eq!(images(&got), 0, "{md} → {got}");
        }
        // Deep nesting ends too, with no image left.
        let deep = format!("{}x{}", "![".repeat(50), "](https://t.test/i)".repeat(50));
        assert_eq!(images(&images_as_text(&deep)), 0);
    }

    #[test]
    fn a_hostile_state_is_read_entry_by_entry() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fetch.json");
        let hash = "a".repeat(64);
        let state = serde_json::json!({
            "feeds": {
                "https://f.test/ok": {"etag": "\"1\""},
                "https://f.test/crlf": {"etag": "\"1\"\r\nX: y", "last_modified": "Mon, 01 Dec 2025 00:00:00 GMT"},
                "https://f.test/type": {"etag": 5}
            },
            "pages": {
                "https://p.test/ok": {"file": "2025-12-01-x-ok.md", "text": hash, "etag": "\"p\""},
                "https://p.test/abs": {"file": "/home/u/.profile.md", "text": hash},
                "https://p.test/up": {"file": "../../x.md", "text": hash},
                "https://p.test/long": {"file": format!("{}.md", "a".repeat(250)), "text": hash},
                "https://p.test/crlf": {"file": "b.md", "text": hash, "etag": "\"p\"\nX: y"},
                "https://p.test/hash": {"file": "c.md", "text": "x"},
                "https://p.test/type": {"file": ["a"]}
            },
            "extra": 1
        });
        std::fs::write(&path, state.to_string()).unwrap();
        let mut warnings = Vec::new();
        let got = load_state(&path, &mut warnings);
        assert_eq!(got.pages.keys().collect::<Vec<_>>(), ["https://p.test/ok"]);
        assert_eq!(got.feeds.keys().collect::<Vec<_>>(), ["https://f.test/crlf", "https://f.test/ok"]);
        assert_eq!(
            got.feeds["https://f.test/crlf"],
            Validators { etag: None, last_modified: Some("Mon, 01 Dec 2025 00:00:00 GMT".into()) }
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("left out 8 entries"), "{warnings:?}");
        for bad in ["[]", "{\"pages\": 3}", "{", "\u{0}"] {
            std::fs::write(&path, bad).unwrap();
            let mut warnings = Vec::new();
            assert_eq!(load_state(&path, &mut warnings), State::default(), "{bad}");
            assert_eq!(warnings.len(), 1, "{bad}: {warnings:?}");
        }
    }

    #[test]
    fn the_deadline_warning_names_the_slow_downloads() {
        let d = Some(std::time::Duration::from_secs(600));
        assert_eq!(cut_warning(&(vec![], 0), d), None);
        let slow: Vec<String> = (0..12).map(|i| format!("https://s.test/{i}")).collect();
        let w = cut_warning(&(slow, 3), d).unwrap();
        assert!(w.starts_with("the run's deadline (600 s, --deadline) was reached; stopped 12 slow"), "{w}");
        assert!(w.contains("https://s.test/9") && !w.contains("https://s.test/10,"), "{w}");
        assert!(w.contains("and 2 more; 3 not started; they are tried again next run"), "{w}");
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
