//! Feed documents: RSS 2.0, RSS 1.0, Atom and JSON Feed, parsed by feed-rs.
//!
//! In: the bytes of a feed (a file saved into the input folder, or a response `briefly fetch`
//! downloaded). Out: [`Feed`] — the feed's title and its items (title, link, date, author and
//! the item's own HTML content or summary), ordered by date then link; and, for `build`, one
//! [`Article`] per item ([`load`]) with the id `FILE#N` (`news.rss#3`: the third item in that
//! order), outlet = the feed's title. Item HTML goes through the same reader-mode path as saved
//! pages ([`super::html::fragment_text`]): it is untrusted text, never live HTML.

use super::Article;
use crate::config::SourceMeta;
use crate::date::Date;
use anyhow::{Result, anyhow};
use std::collections::BTreeMap;
use std::path::Path;

/// Extensions read as feed files.
pub const FEED_EXTENSIONS: &[&str] = &["xml", "rss", "atom", "json"];

/// Most items read from one feed (a real feed lists tens).
pub const MAX_ITEMS: usize = 2000;

/// A parsed feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    /// The feed's title (the outlet's name, usually).
    pub title: Option<String>,
    /// Items, by date (undated last) then link.
    pub items: Vec<Item>,
}

/// One feed item.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Headline (tags removed, whitespace collapsed).
    pub title: Option<String>,
    /// The article's address (http/https only).
    pub link: Option<String>,
    /// Publication date (else the last update).
    pub date: Option<Date>,
    /// Author names, comma-separated.
    pub author: Option<String>,
    /// The item's own HTML: full content (`content:encoded`, Atom `content`), else the summary.
    pub html: Option<String>,
}

/// Whether a file name has a feed extension.
pub fn is_feed_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| FEED_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Text with tags removed and whitespace collapsed (titles and names may be HTML-typed).
fn plain(s: &str) -> Option<String> {
    let text = if s.contains('<') || s.contains('&') {
        dom_query::Document::fragment(super::html::tame(s).as_ref()).root().text().to_string()
    } else {
        s.to_string()
    };
    let out = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!out.is_empty()).then_some(out)
}

/// Parses a feed document; an error says why it is not one.
pub fn parse(bytes: &[u8]) -> Result<Feed> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| anyhow!("not a readable feed: {e}"))?;
    let mut items: Vec<Item> = feed
        .entries
        .into_iter()
        .take(MAX_ITEMS)
        .map(|e| {
            let link = e
                .links
                .iter()
                .filter(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .chain(e.links.iter())
                .find_map(|l| crate::url::web_url(&l.href))
                .or_else(|| crate::url::web_url(&e.id));
            let date = e.published.or(e.updated).and_then(|d| Date::parse(&d.to_rfc3339()));
            let authors: Vec<String> =
                e.authors.iter().filter_map(|p| p.name.as_deref().and_then(plain)).collect();
            let html = e
                .content
                .and_then(|c| c.body)
                .filter(|b| !b.trim().is_empty())
                .or_else(|| e.summary.map(|s| s.content).filter(|s| !s.trim().is_empty()));
            Item {
                title: e.title.and_then(|t| plain(&t.content)),
                link,
                date,
                author: (!authors.is_empty()).then(|| authors.join(", ")),
                html,
            }
        })
        .collect();
    items.sort_by(|a, b| {
        (a.date.is_none(), a.date, &a.link, &a.title).cmp(&(b.date.is_none(), b.date, &b.link, &b.title))
    });
    Ok(Feed { title: feed.title.and_then(|t| plain(&t.content)), items })
}

/// The readable text of an item's HTML (Markdown, as for saved pages); empty when none.
pub fn item_text(item: &Item) -> String {
    item.html.as_deref().map(super::html::fragment_text).unwrap_or_default()
}

/// Reads a feed file as articles, one per item with text (see the module doc), and the items
/// skipped (no text), one warning each. A file that is not a feed (a `.json` or `.xml` file of
/// another kind) gives no article and one warning.
pub fn load(
    path: &Path,
    sources: &BTreeMap<String, SourceMeta>,
    digest: bool,
) -> Result<(Vec<Article>, Vec<String>)> {
    use sha2::Digest;
    let bytes = crate::fs::read_capped(path, crate::fs::MAX_FILE_BYTES)?;
    let file = super::file_id(path);
    let feed = match parse(&bytes) {
        Ok(f) => f,
        Err(e) => return Ok((Vec::new(), vec![format!("`{}`: {e}; skipped", path.display())])),
    };
    let hash: Option<[u8; 32]> = digest.then(|| sha2::Sha256::digest(&bytes).into());
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    for (i, item) in feed.items.iter().enumerate() {
        let id = format!("{file}#{}", i + 1);
        let text = item_text(item);
        let found = super::Found {
            title: item.title.as_deref().map(super::clean::clean_title),
            outlet: feed.title.clone(),
            date: item.date,
            url: item.link.clone(),
            author: item.author.clone(),
            extra: BTreeMap::new(),
        };
        match super::from_markdown(&id, &text, found, sources.get(&id)) {
            Ok(mut a) => {
                a.path = path.to_path_buf();
                a.digest = hash;
                articles.push(a);
            }
            Err(e) => warnings.push(format!("`{}` item {}: {e}; skipped", path.display(), i + 1)),
        }
    }
    Ok((articles, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>The Harbour Times</title><link>https://harbour.test/</link>
<item><title>Second: later story</title><link>https://harbour.test/b</link>
<pubDate>Thu, 04 Dec 2025 10:00:00 GMT</pubDate><dc:creator>Jane Quay</dc:creator>
<content:encoded><![CDATA[<p>The second story has a paragraph of text about ships.</p><script>alert(1)</script>]]></content:encoded></item>
<item><title>First &amp; earlier</title><link>https://harbour.test/a?utm_source=rss</link>
<pubDate>Tue, 02 Dec 2025 10:00:00 GMT</pubDate><description>Short summary of the first story.</description></item>
<item><title>Bad link</title><link>javascript:alert(1)</link><description>x</description></item>
</channel></rss>"#;

    #[test]
    fn rss_items_in_date_order_with_metadata() {
        let feed = parse(RSS.as_bytes()).unwrap();
        assert_eq!(feed.title.as_deref(), Some("The Harbour Times"));
        let titles: Vec<_> = feed.items.iter().map(|i| i.title.as_deref().unwrap()).collect();
        assert_eq!(titles, ["First & earlier", "Second: later story", "Bad link"]);
        assert_eq!(feed.items[0].date.unwrap().to_string(), "2025-12-02");
        assert_eq!(feed.items[1].author.as_deref(), Some("Jane Quay"));
        assert_eq!(feed.items[2].link, None, "javascript: is not a link");
        let text = item_text(&feed.items[1]);
        assert!(text.contains("paragraph of text about ships"), "{text}");
        assert!(!text.contains("alert"), "{text}");
    }

    #[test]
    fn atom_and_json_feed() {
        let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Atom &lt;b&gt;Desk&lt;/b&gt;</title><id>urn:x</id><updated>2025-12-01T00:00:00Z</updated>
<entry><title>Entry one</title><id>urn:1</id><link rel="alternate" href="https://atom.test/1"/><updated>2025-12-03T09:00:00Z</updated><author><name>A. Writer</name></author><content type="html">&lt;p&gt;Body of entry one.&lt;/p&gt;</content></entry></feed>"#;
        let feed = parse(atom.as_bytes()).unwrap();
        assert_eq!(feed.title.as_deref(), Some("Atom Desk"));
        assert_eq!(feed.items[0].link.as_deref(), Some("https://atom.test/1"));
        assert_eq!(feed.items[0].author.as_deref(), Some("A. Writer"));
        assert!(item_text(&feed.items[0]).contains("Body of entry one."));
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"JSON Desk","items":[{"id":"1","url":"https://json.test/1","title":"J one","content_html":"<p>Json body.</p>","date_published":"2025-12-05T08:00:00Z"}]}"#;
        let feed = parse(json.as_bytes()).unwrap();
        assert_eq!(feed.title.as_deref(), Some("JSON Desk"));
        assert_eq!(feed.items[0].date.unwrap().to_string(), "2025-12-05");
    }

    #[test]
    fn not_a_feed_is_an_error_not_a_panic() {
        assert!(parse(b"<rss><channel><item><title>x</item>").is_err());
        assert!(parse(b"{\"not\": \"a feed\"}").is_err());
        assert!(parse(b"").is_err());
    }
}
