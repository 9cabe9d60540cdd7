//! Saved web pages: the article text of an `.html`/`.htm` file, the way reader modes find it.
//!
//! In: the page's HTML. Out: [`Page`] — title, outlet, date and author from the page's metadata
//! (`<title>`, OpenGraph, `article:published_time`, JSON-LD, bylines) and the article body as
//! Markdown text, with navigation, ads, comments and scripts dropped. Extraction is
//! dom_smoothie (a port of Mozilla's Readability); the Markdown then goes through the same
//! paragraph splitter as `.md` articles. Sentence spans of HTML sources therefore point into the
//! extracted text, not into the HTML file.

use crate::date::Date;
use anyhow::{Result, anyhow};
use dom_smoothie::{Config, Readability, TextMode};

/// What a saved page yields.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Headline.
    pub title: Option<String>,
    /// Site / outlet name.
    pub outlet: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Byline.
    pub author: Option<String>,
    /// Article body as Markdown.
    pub markdown: String,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|s| !s.is_empty())
}

/// Largest saved page read (bytes). Real article pages are well under a few MiB; the reader
/// mode's work grows with the page, so a planted page must not be allowed to be arbitrarily big.
pub const MAX_HTML_BYTES: usize = 16 * 1024 * 1024;

/// Deepest element nesting passed to the reader mode. Readability's scoring walks ancestors
/// and descendants, which is quadratic in the depth: 20,000 nested `<div>`s took 83 s. Real
/// pages nest a few dozen levels.
pub const MAX_DEPTH: usize = 256;

/// Extracts the article of a saved page.
pub fn extract(html: &str) -> Result<Page> {
    if html.len() > MAX_HTML_BYTES {
        return Err(anyhow!(
            "the HTML page is too large ({} bytes, limit {MAX_HTML_BYTES}) to be a saved article",
            html.len()
        ));
    }
    let html = flatten_deep_nesting(html, MAX_DEPTH);
    let cfg = Config { text_mode: TextMode::Markdown, ..Default::default() };
    let mut reader = Readability::new(html.as_ref(), None, Some(cfg))
        .map_err(|e| anyhow!("cannot parse the HTML page: {e}"))?;
    let article = reader.parse().map_err(|e| anyhow!("no article text found in the HTML page: {e}"))?;
    let author = non_empty(article.byline.clone())
        .map(|b| b.strip_prefix("By ").or_else(|| b.strip_prefix("by ")).unwrap_or(&b).to_string());
    Ok(Page {
        title: non_empty(Some(article.title.clone())),
        outlet: non_empty(article.site_name.clone()),
        date: article.published_time.as_deref().and_then(Date::parse),
        author,
        markdown: article.text_content.to_string(),
    })
}

/// The readable text of an HTML fragment (a feed item's content) as Markdown, through the same
/// reader mode as [`extract`] without its minimum article length; empty when it has none. Plain
/// text (a summary without tags) comes out as it is, entities decoded.
pub fn fragment_text(html: &str) -> String {
    if html.len() > MAX_HTML_BYTES {
        return String::new();
    }
    let page = format!(
        "<!DOCTYPE html><html><head><title></title></head><body><article>{html}</article></body></html>"
    );
    let page = flatten_deep_nesting(&page, MAX_DEPTH);
    let cfg = Config { text_mode: TextMode::Markdown, char_threshold: 0, ..Default::default() };
    let text = Readability::new(page.as_ref(), None, Some(cfg))
        .and_then(|mut r| r.parse())
        .map(|a| a.text_content.to_string())
        .unwrap_or_default();
    text.trim().to_string()
}

/// Elements whose end tag is optional or that never have content: they do not count as
/// nesting (a page of 10,000 unclosed `<p>`s is flat, not 10,000 deep).
const NON_NESTING: &[&str] = &[
    "area", "base", "br", "col", "dd", "dt", "embed", "hr", "img", "input", "li", "link", "meta", "option",
    "p", "param", "source", "td", "th", "tr", "track", "wbr", "tbody", "thead", "tfoot", "colgroup",
    "optgroup", "rb", "rp", "rt", "rtc",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript", "iframe", "noembed"];

/// Removes the start and end tags of elements nested deeper than `max` (their text stays), in
/// one pass over the bytes; the page is returned unchanged (borrowed) when it nests no deeper.
/// A light tag scanner, not an HTML parser: comments, doctype, processing instructions,
/// quoted attribute values and raw-text elements are skipped as such; elements with optional
/// end tags do not count as nesting.
pub fn flatten_deep_nesting(html: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let b = html.as_bytes();
    // First pass: find out whether anything is too deep (the common case is no).
    let mut too_deep = false;
    scan_tags(b, &mut |_, _, depth_after, _| {
        if depth_after > max {
            too_deep = true;
        }
        !too_deep
    });
    if !too_deep {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    scan_tags(b, &mut |start, end, depth_after, closing| {
        // An opening tag past the limit, or the end tag that closes such an element.
        let deep = if closing { depth_after >= max } else { depth_after > max };
        if deep {
            out.push_str(&html[last..start]);
            last = end;
        }
        true
    });
    out.push_str(&html[last..]);
    std::borrow::Cow::Owned(out)
}

/// Calls `f(start, end, depth after the tag, is end tag)` for each nesting start or end tag
/// of `b`; stops when `f` returns false.
fn scan_tags(b: &[u8], f: &mut dyn FnMut(usize, usize, usize, bool) -> bool) {
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let start = i + off;
        let rest = &b[start + 1..];
        if rest.starts_with(b"!--") {
            i = match memchr::memmem::find(&rest[3..], b"-->") {
                Some(e) => start + 4 + e + 3,
                None => return,
            };
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_at = start + 1 + usize::from(closing);
        let name_len = b[name_at..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'-').count();
        if name_len == 0 || !b[name_at].is_ascii_alphabetic() {
            // `<!doctype>`, `<?xml?>`, or a lone `<` in text.
            i = match memchr::memchr(b'>', &b[start + 1..]) {
                Some(e) if matches!(rest.first(), Some(b'!' | b'?')) => start + 1 + e + 1,
                _ => start + 1,
            };
            continue;
        }
        let name = std::str::from_utf8(&b[name_at..name_at + name_len]).unwrap_or("").to_ascii_lowercase();
        // The tag ends at the first `>` outside a quoted attribute value.
        let mut j = name_at + name_len;
        let mut quote = 0u8;
        while j < b.len() {
            match (quote, b[j]) {
                (0, b'"' | b'\'') => quote = b[j],
                (0, b'>') => break,
                (q, c) if q != 0 && c == q => quote = 0,
                _ => {}
            }
            j += 1;
        }
        if j >= b.len() {
            return;
        }
        let end = j + 1;
        let self_closing = b[j - 1] == b'/';
        if NON_NESTING.contains(&name.as_str()) || (self_closing && !closing) {
            i = end;
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            if !f(start, end, depth, true) {
                return;
            }
            i = end;
            continue;
        }
        depth += 1;
        if !f(start, end, depth, false) {
            return;
        }
        i = end;
        if RAW_TEXT.contains(&name.as_str()) {
            // Skip to the end tag; the scan then sees it and closes the element.
            loop {
                match memchr::memmem::find(&b[i..], b"</") {
                    Some(e) => i += e,
                    None => return,
                }
                let after = &b[i + 2..];
                if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
                    break;
                }
                i += 2;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_flattened_and_shallow_pages_are_untouched() {
        let shallow =
            "<html><body><div><p>One<p>Two <!-- <div> --><script>if (a<b) {}</script></div></body></html>";
        assert!(matches!(flatten_deep_nesting(shallow, 4), std::borrow::Cow::Borrowed(_)));
        let deep = format!("<body>{}<p>Text here.</p>{}</body>", "<div>".repeat(10), "</div>".repeat(10));
        let flat = flatten_deep_nesting(&deep, 4);
        assert_eq!(
            flat,
            format!("<body>{}<p>Text here.</p>{}</body>", "<div>".repeat(3), "</div>".repeat(3))
        );
        // Attributes with `>` in quotes, raw text with tags in it.
        let tricky = format!(
            "{}<span title=\"a>b\">x</span><style>div > p {{}}</style>{}",
            "<section>".repeat(5),
            "</section>".repeat(5)
        );
        let flat = flatten_deep_nesting(&tricky, 3);
        assert!(flat.contains("x") && flat.contains("div > p {}") && !flat.contains("<span"), "{flat}");
        assert_eq!(flat.matches("<section>").count(), 3, "{flat}");
        // Unclosed paragraphs and list items are not nesting.
        let flat_page = format!("<div>{}</div>", "<p>para".repeat(5000));
        assert!(matches!(flatten_deep_nesting(&flat_page, 3), std::borrow::Cow::Borrowed(_)));
    }

    const PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head>
<title>Port strike spreads to second terminal | The Harbour Times</title>
<meta property="og:title" content="Port strike spreads to second terminal">
<meta property="og:site_name" content="The Harbour Times">
<meta property="article:published_time" content="2025-03-06T08:30:00Z">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Port strike spreads to second terminal","datePublished":"2025-03-06T08:30:00Z","author":{"@type":"Person","name":"Jane Quay"}}</script>
<script>trackEverything();</script>
</head><body>
<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="ad-banner advertisement">Buy cheap flights now! Limited offer for subscribers only.</div>
<article>
<h1>Port strike spreads to second terminal</h1>
<p class="byline">By Jane Quay</p>
<p>The dockworkers' strike spread to the southern terminal on Thursday, halting container traffic at both of the city's main berths for the first time in a decade.</p>
<p>Union leaders said the walkout would continue until the operator restored the night-shift bonus that was cut in January, and that talks had not resumed.</p>
<p>The operator said it had diverted four vessels to neighbouring ports and warned that perishable cargo could spoil if the dispute lasted into next week.</p>
<p>Shipping analysts estimated the daily cost of the stoppage at several million euros, most of it borne by importers waiting for spare parts and fresh produce.</p>
</article>
<section class="comments" id="comments"><h2>Comments</h2><p>First! This is outrageous, says a reader.</p></section>
<footer><p>© The Harbour Times. All rights reserved. Privacy policy. Cookie settings.</p></footer>
</body></html>"#;

    #[test]
    fn extracts_article_and_metadata() {
        let page = extract(PAGE).unwrap();
        assert_eq!(page.title.as_deref(), Some("Port strike spreads to second terminal"));
        assert_eq!(page.outlet.as_deref(), Some("The Harbour Times"));
        assert_eq!(page.date.map(|d| d.to_string()).as_deref(), Some("2025-03-06"));
        assert_eq!(page.author.as_deref(), Some("Jane Quay"));
        assert!(page.markdown.contains("halting container traffic"), "{}", page.markdown);
        for junk in [
            "Buy cheap flights",
            "First! This is outrageous",
            "All rights reserved",
            "trackEverything",
            "Sport",
        ] {
            assert!(!page.markdown.contains(junk), "kept `{junk}`:\n{}", page.markdown);
        }
    }

    #[test]
    fn page_without_article_is_an_error_not_a_panic() {
        assert!(
            extract("<html><body><nav>menu</nav></body></html>").is_err()
                || extract("<html><body><nav>menu</nav></body></html>").unwrap().markdown.trim().len() < 20
        );
        let _ = extract("");
        let _ = extract("<<<>>>\u{0}");
    }
}
