//! Stage 1, ingest: an input folder → `Vec<Article>`.
//!
//! In: a folder of `.txt`, `.md` and `.html` files, and feed files (`.xml`, `.rss`, `.atom`,
//! JSON Feed `.json`: one article per item, see [`feed`]); other files are ignored, sub-folders
//! are not searched. Out: one [`Article`] per file (per item of a feed file), sorted by file
//! name, each with its metadata (front matter, then the config's `sources:` entry, then what the
//! text itself says) and its body as plain-text [`Block`]s that keep a map back to byte offsets
//! in the file.
//!
//! Plain text: the first non-empty line is the title when it reads like a headline (no
//! sentence-final period, or at most 20 words); a leading `date YYYY-MM-DD` token is taken as the
//! date and removed. Lines are paragraphs, except that hard-wrapped lines (a line without final
//! punctuation followed by one starting in lower case) are joined.
//!
//! Whatever the format, control characters (but tab and line feed) and bidirectional
//! embeddings, overrides and isolates are removed from the body, title, outlet and author
//! before sentences are cut ([`crate::text::is_hidden_control`]); each removal is listed with
//! the lines cleaning dropped, shown with `\u{…}` escapes.

pub mod clean;
pub mod feed;
pub mod front_matter;
pub mod html;
pub mod markdown;

use crate::config::SourceMeta;
use crate::date::Date;
use anyhow::{Context, Result, bail};
pub use markdown::Block;
use serde::Serialize;
use sha2::Digest;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One source article, ready for segmentation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    /// File name, the article's stable identifier (`000_57d4.txt`).
    pub id: String,
    /// Path as given on the command line (not serialized into briefs).
    #[serde(skip)]
    pub path: PathBuf,
    /// Headline.
    pub title: String,
    /// Outlet / publication.
    pub outlet: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Web address.
    pub url: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Other front-matter keys.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// Body text blocks (paragraphs and headings), in order.
    #[serde(skip)]
    pub blocks: Vec<Block>,
    /// Lines removed by cleaning (captions, bylines, …), for `briefly build -v`.
    #[serde(skip)]
    pub dropped: Vec<clean::Dropped>,
    /// SHA-256 of the file text, for the brief's input hash: computed by [`load_articles`]
    /// (and [`load_article`] when asked); `None` otherwise (summaries do not need it).
    #[serde(skip)]
    pub digest: Option<[u8; 32]>,
}

/// Longest source address kept (longer ones are not real addresses).
pub const MAX_URL_BYTES: usize = 2048;

/// Extensions read as articles.
pub const ARTICLE_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

/// Lists the article files of `dir`, sorted by file name (see [`crate::fs::list_files`]: only
/// regular files; with `root`, links that lead outside it are skipped with a warning).
pub fn list_article_files(dir: &Path, root: Option<&Path>) -> Result<(Vec<PathBuf>, Vec<String>)> {
    let meta =
        std::fs::metadata(dir).with_context(|| format!("input folder `{}` not found", dir.display()))?;
    if !meta.is_dir() {
        bail!("input `{}` is not a folder", dir.display());
    }
    crate::fs::list_files(dir, root, &|path| {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
            || feed::is_feed_file(path)
    })
}

/// Articles read from a folder, and what was skipped on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The articles, in file-name order.
    pub articles: Vec<Article>,
    /// Files skipped (links leading outside the project), one line each.
    pub warnings: Vec<String>,
}

/// Loads every article of `dir` (see the module doc). An empty folder is an error.
pub fn load_articles(dir: &Path, sources: &BTreeMap<String, SourceMeta>) -> Result<Vec<Article>> {
    Ok(load_articles_with(dir, None, sources, &|_| {}, &|| {})?.articles)
}

/// [`load_articles`] with links confined to `root` (see [`list_article_files`]), calling
/// `found` with the number of files once they are listed and `done` after each file is read
/// (from any thread), for progress reports.
pub fn load_articles_with(
    dir: &Path,
    root: Option<&Path>,
    sources: &BTreeMap<String, SourceMeta>,
    found: &dyn Fn(usize),
    done: &(dyn Fn() + Sync),
) -> Result<Loaded> {
    let (files, warnings) = list_article_files(dir, root)?;
    if files.is_empty() {
        bail!("no articles in `{}` (expected .txt, .md or .html files, or feed files)", dir.display());
    }
    found(files.len());
    use rayon::prelude::*;
    // Read and parsed in parallel; collected in file order (the first error in file order wins).
    let articles = files
        .par_iter()
        .map(|p| {
            let a = load_file(p, sources, true);
            done();
            a
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect::<Result<Vec<_>>>()?;
    let mut warnings = warnings;
    let mut all = Vec::new();
    for (a, w) in articles {
        all.extend(a);
        warnings.extend(w);
    }
    if all.is_empty() {
        bail!("no articles in `{}` ({})", dir.display(), warnings.join("; "));
    }
    Ok(Loaded { articles: all, warnings })
}

/// The articles of one file: one, or one per item of a feed file ([`feed::load`]), with the
/// items skipped for lack of text as warnings.
pub fn load_file(
    path: &Path,
    sources: &BTreeMap<String, SourceMeta>,
    digest: bool,
) -> Result<(Vec<Article>, Vec<String>)> {
    if feed::is_feed_file(path) {
        return feed::load(path, sources, digest);
    }
    load_article(path, sources, digest).map(|a| (vec![a], Vec::new()))
}

/// The id of an article file: its name. A name that is not UTF-8 is shown lossily and gets
/// `~` and 8 hex digits of the SHA-256 of its raw bytes before the extension
/// (`bad\u{FFFD}~1a2b3c4d.txt`), so two such names never share an id and the extension still
/// says the format.
pub fn file_id(path: &Path) -> String {
    let Some(name) = path.file_name() else { return String::new() };
    if let Some(s) = name.to_str() {
        return s.to_string();
    }
    let digest = sha2::Sha256::digest(name.as_encoded_bytes());
    let tag: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    let stem = Path::new(name).file_stem().unwrap_or(name).to_string_lossy();
    match Path::new(name).extension() {
        Some(ext) => format!("{stem}~{tag}.{}", ext.to_string_lossy()),
        None => format!("{stem}~{tag}"),
    }
}

/// Loads one article file, with its [`Article::digest`] if `digest`.
pub fn load_article(path: &Path, sources: &BTreeMap<String, SourceMeta>, digest: bool) -> Result<Article> {
    let text = crate::fs::read_text(path)?;
    let id = file_id(path);
    let meta = sources.get(&id);
    parse_article(&id, &text, meta).with_context(|| format!("in `{}`", path.display())).map(|mut a| {
        a.path = path.to_path_buf();
        if digest {
            a.digest = Some(sha2::Sha256::digest(text.as_bytes()).into());
        }
        a
    })
}

/// Parses article text (see the module doc); `id` is the file name.
pub fn parse_article(id: &str, text: &str, meta: Option<&SourceMeta>) -> Result<Article> {
    let lower = id.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        return parse_html_article(id, text, meta);
    }
    let (fm, body, base) = front_matter::split(text)?;
    let is_markdown = lower.ends_with(".md") || lower.ends_with(".markdown");
    let mut blocks = if is_markdown { markdown::to_blocks(body, base) } else { plain_blocks(body, base) };

    let mut date = fm.date;
    let mut title = fm.title.clone();
    // A leading `date YYYY-MM-DD` token in the first block (seen in saved articles).
    if let Some(first) = blocks.first_mut()
        && let Some((d, rest_at)) = leading_date(&first.text)
    {
        date = date.or(Some(d));
        let shift = rest_at;
        let rest = first.text[shift..].to_string();
        first.map = vec![(0, first.source_offset(shift))];
        first.text = rest;
        if first.text.trim().is_empty() {
            blocks.remove(0);
        }
    }
    // The first line is the headline only if article text follows it (a one-paragraph file,
    // such as a wire story saved without headline, is all body).
    if title.is_none()
        && blocks.len() > 1
        && let Some(first) = blocks.first()
        && (first.heading || (!is_markdown && looks_like_headline(&first.text)))
    {
        title = Some(first.text.trim().to_string());
        blocks.remove(0);
    }
    let found = Found {
        title: title.map(|t| clean::clean_title(&t)),
        outlet: fm.outlet,
        date,
        url: fm.url,
        author: fm.author,
        extra: fm.extra,
    };
    finish(id, text, blocks, found, meta)
}

/// An article from Markdown text that is not a file of its own (a feed item): `id` is its id,
/// `found` the metadata its source gave.
pub(crate) fn from_markdown(
    id: &str,
    markdown: &str,
    found: Found,
    meta: Option<&SourceMeta>,
) -> Result<Article> {
    let blocks = markdown::to_blocks(markdown, 0);
    finish(id, markdown, blocks, found, meta)
}

/// Metadata an article file itself yields (front matter, page metadata, header lines).
pub(crate) struct Found {
    pub(crate) title: Option<String>,
    pub(crate) outlet: Option<String>,
    pub(crate) date: Option<Date>,
    pub(crate) url: Option<String>,
    pub(crate) author: Option<String>,
    pub(crate) extra: BTreeMap<String, serde_json::Value>,
}

/// Longest text of a [`clean::Dropped`] entry for removed control characters (characters).
const MAX_SHOWN_CHARS: usize = 200;

/// Removes [`crate::text::is_hidden_control`] characters from a block (whitespace controls
/// become a space) and keeps its map to the source right: every character kept still maps to
/// its own bytes. Returns the block's text as it was, when anything was removed.
fn strip_block(block: &mut Block) -> Option<String> {
    let text = crate::text::strip_controls(&block.text)?;
    let mut map: Vec<(usize, usize)> = Vec::with_capacity(block.map.len() + 2);
    let mut at = 0usize;
    for (i, c) in block.text.char_indices() {
        let kept = if !crate::text::is_hidden_control(c) {
            c
        } else if c.is_whitespace() {
            ' '
        } else {
            continue;
        };
        let source = block.source_offset(i);
        if map.last().is_none_or(|&(t, s)| s + (at - t) != source) {
            map.push((at, source));
        }
        at += kept.len_utf8();
    }
    debug_assert_eq!(at, text.len());
    let old = std::mem::replace(&mut block.text, text);
    block.map = map;
    Some(old)
}

/// `text` with hidden controls shown as escapes, at most [`MAX_SHOWN_CHARS`] characters.
fn shown_controls(text: &str) -> String {
    let shown = crate::text::show_controls(text.trim());
    match shown.char_indices().nth(MAX_SHOWN_CHARS) {
        Some((i, _)) => format!("{} …", &shown[..i]),
        None => shown,
    }
}

/// Cleans the body, merges metadata (config `sources:` entry over the file's own, then the date
/// in the file name) and builds the [`Article`]. `body_text` is what block offsets point into
/// (the file, or the text extracted from a page).
///
/// Every format passes here, so this is where control characters and bidirectional overrides
/// ([`crate::text::is_hidden_control`]) leave the body, title, outlet and author: before
/// sentences are cut (a sentence stays a verbatim slice of its block, whose map still points
/// at the right bytes of the file). Each removal is listed with the lines cleaning dropped,
/// the original shown with escapes (`\u{202e}`) for `briefly build -v`; a field's entry has
/// line 0 (it is metadata, not a line of the body).
fn finish(
    id: &str,
    body_text: &str,
    mut blocks: Vec<Block>,
    mut found: Found,
    meta: Option<&SourceMeta>,
) -> Result<Article> {
    let mut removed = Vec::new();
    for b in &mut blocks {
        if let Some(old) = strip_block(b) {
            let at = b.source_offset(0).min(body_text.len());
            let line = body_text.as_bytes()[..at].iter().filter(|&&c| c == b'\n').count() + 1;
            removed.push(clean::Dropped {
                line,
                text: shown_controls(&old),
                reason: "control characters removed",
            });
        }
    }
    blocks.retain(|b| !b.text.trim().is_empty());
    let mut meta = meta.cloned().unwrap_or_default();
    let mut strip = |field: &mut Option<String>, reason: &'static str| {
        if let Some(value) = field.as_mut()
            && let Some(clean) = crate::text::strip_controls(value)
        {
            removed.push(clean::Dropped { line: 0, text: shown_controls(value), reason });
            *value = clean;
        }
    };
    for (field, reason) in [
        (&mut meta.title, "control characters removed from the title"),
        (&mut found.title, "control characters removed from the title"),
        (&mut meta.outlet, "control characters removed from the outlet"),
        (&mut found.outlet, "control characters removed from the outlet"),
        (&mut meta.author, "control characters removed from the author"),
        (&mut found.author, "control characters removed from the author"),
    ] {
        strip(field, reason);
    }
    let (blocks, dropped) = clean::clean(blocks, found.title.as_deref().unwrap_or(""), body_text);
    if blocks.iter().all(|b| b.text.trim().is_empty()) {
        bail!("the article has no text");
    }
    let mut dropped: Vec<clean::Dropped> = removed.into_iter().chain(dropped).collect();
    dropped.sort_by_key(|d| d.line);
    let title = meta.title.or(found.title).unwrap_or_else(|| fallback_title(&blocks[0].text));
    // Single-line fields are capped (a hostile file must not typeset a megabyte headline);
    // an address too long to be real is dropped.
    let line = |s: String| crate::text::cap_line(&s, crate::text::MAX_LINE_CHARS);
    Ok(Article {
        id: id.to_string(),
        path: PathBuf::from(id),
        title: line(title),
        outlet: meta.outlet.or(found.outlet).map(line).filter(|s| !s.is_empty()),
        date: meta.date.or(found.date).or_else(|| date_in_file_name(id)),
        url: meta.url.or(found.url).filter(|u| u.len() <= MAX_URL_BYTES),
        author: meta.author.or(found.author).map(line).filter(|s| !s.is_empty()),
        extra: found.extra,
        blocks,
        dropped,
        digest: None,
    })
}

/// A saved web page (see [`html`]). Readability keeps the headline in the body when it is in
/// the article element: cleaning drops it as a repeated headline, with captions and credits.
fn parse_html_article(id: &str, text: &str, meta: Option<&SourceMeta>) -> Result<Article> {
    let page = html::extract(text)?;
    let blocks = markdown::to_blocks(&page.markdown, 0);
    let found = Found {
        title: page.title.as_deref().map(clean::clean_title),
        outlet: page.outlet,
        date: page.date,
        url: None,
        author: page.author,
        extra: BTreeMap::new(),
    };
    finish(id, &page.markdown, blocks, found, meta)
}

/// `date 2025-11-29 rest…` → the date and the byte offset where `rest` starts.
fn leading_date(text: &str) -> Option<(Date, usize)> {
    let after = text.trim_start().strip_prefix("date")?;
    let after = after.strip_prefix(':').unwrap_or(after);
    if !after.starts_with(char::is_whitespace) {
        return None;
    }
    let value = after.trim_start();
    let d = Date::parse(value.get(..10)?)?;
    let rest = &value[10..];
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((d, text.len() - rest.trim_start().len()))
}

/// A date written in a file name: `2025-12-03` or a run of exactly 8 digits `20251203`
/// (as in wire-service ids such as `APW20251016.0240`), years 1900–2099.
pub fn date_in_file_name(name: &str) -> Option<Date> {
    let b = name.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    for i in 0..b.len() {
        if !digit(i) || (i > 0 && digit(i - 1)) {
            continue;
        }
        let run = (i..b.len()).take_while(|&j| digit(j)).count();
        let year_ok = |y: &str| y.starts_with("19") || y.starts_with("20");
        if run == 8 && year_ok(&name[i..i + 2]) {
            let d = Date::new(
                name[i..i + 4].parse().ok()?,
                name[i + 4..i + 6].parse().ok()?,
                name[i + 6..i + 8].parse().ok()?,
            );
            if d.is_some() {
                return d;
            }
        }
        if run == 4
            && year_ok(&name[i..i + 2])
            && name.len() >= i + 10
            && !digit(i + 10)
            && let Some(d) = Date::parse(&name[i..i + 10])
        {
            return Some(d);
        }
    }
    None
}

/// A first line is a headline when it is short: at most 25 words, and at most 20 if it ends
/// like a sentence. A longer first line is the lead paragraph (wire copy often has no headline)
/// and must stay in the body.
fn looks_like_headline(line: &str) -> bool {
    let words = crate::text::word_count(line);
    words <= 25 && !(crate::text::final_punctuation(line).is_some() && words > 20)
}

/// Title for an article whose first line is body text: its first words.
fn fallback_title(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().take(13).collect();
    if words.len() <= 12 {
        words.join(" ")
    } else {
        format!("{} …", words[..12].join(" ").trim_end_matches([',', ';', ':']))
    }
}

/// Plain text → blocks: one per line, hard-wrapped lines joined (see the module doc).
fn plain_blocks(body: &str, base: usize) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut offset = base;
    let mut prev_blank = true;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end();
        if content.trim().is_empty() {
            prev_blank = true;
            continue;
        }
        let lead = content.len() - content.trim_start().len();
        let text = content.trim_start();
        let join = !prev_blank
            && blocks.last().is_some_and(|b| {
                crate::text::final_punctuation(&b.text).is_none()
                    && b.text.split_whitespace().nth(4).is_some()
            })
            && text.starts_with(|c: char| c.is_lowercase());
        if join && let Some(b) = blocks.last_mut() {
            b.text.push(' ');
            b.map.push((b.text.len(), start + lead));
            b.text.push_str(text);
        } else {
            blocks.push(Block::verbatim(text.to_string(), start + lead, false));
        }
        prev_blank = false;
    }
    // A short line without final punctuation between paragraphs is a sub-heading.
    for b in &mut blocks {
        b.heading =
            crate::text::final_punctuation(&b.text).is_none() && b.text.split_whitespace().nth(14).is_none();
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(a: &Article) -> Vec<&str> {
        a.blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn txt_title_and_leading_date() {
        let src = " date 2025-11-29 The US will skip the meeting\n\nBody one.\nBody two.\n";
        let a = parse_article("a.txt", src, None).unwrap();
        assert_eq!(a.date.unwrap().to_string(), "2025-11-29");
        assert_eq!(a.title, "The US will skip the meeting");
        assert_eq!(texts(&a), ["Body one.", "Body two."]);
        let b = &a.blocks[1];
        assert_eq!(&src[b.source_offset(0)..][..9], "Body two.");
    }

    #[test]
    fn long_first_sentence_is_body_not_title() {
        let lead = "Almost all of the foreign ministers gathered in Brussels on Wednesday, a day after inconclusive peace talks between the two sides ended.";
        let a = parse_article("b.txt", &format!("{lead}\nMore.\n"), None).unwrap();
        assert_eq!(texts(&a)[0], lead);
        assert!(a.title.starts_with("Almost all of the foreign ministers"), "{}", a.title);
        assert!(a.title.ends_with('…'));
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let a = parse_article("c.txt", "Title\n\nThe minister said that the talks\nwould continue next week.\nHeading Line\nNext para.\n", None).unwrap();
        assert_eq!(
            texts(&a),
            ["The minister said that the talks would continue next week.", "Heading Line", "Next para."]
        );
    }

    #[test]
    fn markdown_front_matter_and_config_metadata() {
        let meta = SourceMeta { outlet: Some("Config Outlet".into()), ..Default::default() };
        let a = parse_article(
            "d.md",
            "---\ntitle: FM title\nsource: FM Outlet\ndate: 2025-12-01\n---\n# Ignored heading\n\nText *here*.\n",
            Some(&meta),
        )
        .unwrap();
        assert_eq!(a.title, "FM title");
        assert_eq!(a.outlet.as_deref(), Some("Config Outlet"));
        assert_eq!(texts(&a), ["Ignored heading", "Text here."]);
    }

    #[test]
    fn empty_article_is_an_error() {
        assert!(parse_article("e.txt", "   \n\n", None).is_err());
        assert!(parse_article("e.md", "---\ntitle: x\n---\n", None).is_err());
    }

    #[test]
    fn dates_in_file_names() {
        let d = |n| date_in_file_name(n).map(|d| d.to_string());
        assert_eq!(d("APW20251016.0240.txt").as_deref(), Some("2025-10-16"));
        assert_eq!(d("2025-12-03-nato.md").as_deref(), Some("2025-12-03"));
        assert_eq!(d("brief_20251203.txt").as_deref(), Some("2025-12-03"));
        assert_eq!(d("000_57d43543a3f2168e.txt"), None);
        assert_eq!(d("id_123456789.txt"), None);
        assert_eq!(d("20251399.txt"), None);
    }

    #[test]
    fn controls_leave_every_field_and_sentences_keep_their_bytes() {
        let src = "---\ntitle: \"Evil\\0 title \\u202Eevil\"\nauthor: \"A\\x1b[31mB\"\n---\n\nOne \u{202E}two\u{0} three.\r\nNext\u{85}line here.\n";
        let a = parse_article("n.md", src, None).unwrap();
        assert_eq!(a.title, "Evil title evil");
        assert_eq!(a.author.as_deref(), Some("A[31mB"));
        assert_eq!(texts(&a), ["One two three. Next line here."]);
        // Every kept character still maps to its own bytes in the file.
        let b = &a.blocks[0];
        for (i, c) in b.text.char_indices().filter(|&(_, c)| c != ' ') {
            let at = b.source_offset(i);
            assert_eq!(src[at..].chars().next(), Some(c), "{i}");
        }
        let sentences = crate::segment::split_article(&a, 0);
        let (s, e) = sentences[0].span;
        assert_eq!(&src[s..e], "One \u{202E}two\u{0} three.");
        let shown: Vec<(usize, &str, &str)> =
            a.dropped.iter().map(|d| (d.line, d.reason, d.text.as_str())).collect();
        assert_eq!(
            shown,
            [
                (0, "control characters removed from the title", "Evil\\u{0} title \\u{202e}evil"),
                (0, "control characters removed from the author", "A\\u{1b}[31mB"),
                (6, "control characters removed", "One \\u{202e}two\\u{0} three. Next\\u{85}line here."),
            ]
        );
    }

    #[test]
    fn date_token_must_be_a_token() {
        assert!(leading_date("dated 2025-11-29 x").is_none());
        assert!(leading_date("date 2025-11-29x").is_none());
        assert_eq!(leading_date("date: 2025-11-29 Rest").map(|(_, at)| at), Some(17));
    }
}
