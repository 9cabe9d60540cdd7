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

/// Most attributes a tag keeps (its first ones). The HTML parser checks each new attribute of
/// a tag against the ones before it, so one tag with 200,000 attributes took 18 s; real tags
/// carry a few dozen at most (a broken `<meta>` whose unescaped quote turns a sentence into
/// attributes: 64 words).
pub const MAX_ATTRIBUTES: usize = 256;

/// Most elements (start tags, comments and `<!…>`/`<?…>` declarations) passed to the parser;
/// the tags after them are dropped and their text kept. The 91 real pages of our extraction
/// benchmark have at most 1,600; the limit bounds the document tree of a planted page.
pub const MAX_ELEMENTS: usize = 100_000;

/// Markup as the HTML parsers in briefly see it: at most [`MAX_ELEMENTS`] elements, each tag
/// cut back to its first [`MAX_ATTRIBUTES`] attributes ([`cap_markup`]), then elements nested
/// deeper than [`MAX_DEPTH`] flattened ([`flatten_deep_nesting`]). Two linear passes over the
/// bytes; an ordinary page comes back unchanged (borrowed).
pub fn tame(html: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    match cap_markup(html, MAX_ATTRIBUTES, MAX_ELEMENTS) {
        Cow::Borrowed(h) => flatten_deep_nesting(h, MAX_DEPTH),
        Cow::Owned(capped) => match flatten_deep_nesting(&capped, MAX_DEPTH) {
            Cow::Borrowed(_) => Cow::Owned(capped),
            Cow::Owned(flat) => Cow::Owned(flat),
        },
    }
}

/// Extracts the article of a saved page.
pub fn extract(html: &str) -> Result<Page> {
    if html.len() > MAX_HTML_BYTES {
        return Err(anyhow!(
            "the HTML page is too large ({} bytes, limit {MAX_HTML_BYTES}) to be a saved article",
            html.len()
        ));
    }
    let html = tame(html);
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
    let page = tame(&page);
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

/// HTML whitespace inside a tag.
fn tag_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Cuts every start or end tag that has more than `max_attributes` attributes back to its
/// first ones (the tag's `>` kept), and drops every tag after the first `max_elements`
/// elements (start tags, comments, `<!…>` and `<?…>`), keeping the text between them; a
/// raw-text element (`<script>`, `<style>`, …) past the limit goes whole. One pass over the
/// bytes; the page is returned unchanged (borrowed) when it is within both limits.
///
/// Attributes are split the way the HTML tokenizer splits them (names up to whitespace, `/`,
/// `>` or `=`; quoted or unquoted values), so the ones kept are those the parser reads first.
/// Comments, declarations and the content of raw-text elements are skipped as such. A tag
/// left open at the end of the page is cut off there (the parser drops it anyway).
pub fn cap_markup(html: &str, max_attributes: usize, max_elements: usize) -> std::borrow::Cow<'_, str> {
    let b = html.as_bytes();
    let n = b.len();
    let mut out: Option<String> = None;
    // Copied up to here (into `out`).
    let mut last = 0;
    let mut elements = 0usize;
    // Leaves `[from, to)` out of the page.
    let leave_out = |out: &mut Option<String>, last: &mut usize, from: usize, to: usize| {
        let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
        o.push_str(&html[*last..from]);
        *last = to;
    };
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let start = i + off;
        let rest = &b[start + 1..];
        let comment = rest.starts_with(b"!--");
        let closing = rest.first() == Some(&b'/');
        let name_at = start + 1 + usize::from(closing);
        let is_tag = b.get(name_at).is_some_and(u8::is_ascii_alphabetic);
        if comment || !is_tag {
            // A comment, `<!doctype>`, `<?xml?>`, or a lone `<` in text.
            let end = if comment {
                memchr::memmem::find(&rest[3..], b"-->").map(|e| start + 4 + e + 3)
            } else if matches!(rest.first(), Some(b'!' | b'?')) {
                memchr::memchr(b'>', rest).map(|e| start + 1 + e + 1)
            } else {
                i = start + 1;
                continue;
            };
            elements += 1;
            match end {
                Some(end) => {
                    if elements > max_elements {
                        leave_out(&mut out, &mut last, start, end);
                    }
                    i = end;
                    continue;
                }
                None => break,
            }
        }
        let mut j = name_at;
        while j < n && !(tag_space(b[j]) || b[j] == b'/' || b[j] == b'>') {
            j += 1;
        }
        let name = &b[name_at..j];
        // Attributes, counted; `cut` is where the first one past the limit starts.
        let mut count = 0;
        let mut cut = None;
        // Whether the tag ends in `/>` (self-closing).
        let mut slash;
        loop {
            slash = false;
            while j < n && (tag_space(b[j]) || b[j] == b'/') {
                slash = b[j] == b'/';
                j += 1;
            }
            if j >= n || b[j] == b'>' {
                break;
            }
            count += 1;
            if count == max_attributes + 1 {
                cut = Some(j);
            }
            // The name (its first character may be `=`).
            j += 1;
            while j < n && !(tag_space(b[j]) || matches!(b[j], b'/' | b'>' | b'=')) {
                j += 1;
            }
            while j < n && tag_space(b[j]) {
                j += 1;
            }
            if j < n && b[j] == b'=' {
                j += 1;
                while j < n && tag_space(b[j]) {
                    j += 1;
                }
                if j < n && matches!(b[j], b'"' | b'\'') {
                    j = memchr::memchr(b[j], &b[j + 1..]).map_or(n, |e| j + 1 + e + 1);
                } else {
                    while j < n && !(tag_space(b[j]) || b[j] == b'>') {
                        j += 1;
                    }
                }
            }
        }
        if !closing {
            elements += 1;
        }
        let past_limit = elements > max_elements;
        if j >= n {
            // Never closed: the rest of the page is inside this tag.
            if past_limit {
                leave_out(&mut out, &mut last, start, n);
            } else if let Some(c) = cut {
                leave_out(&mut out, &mut last, c, n);
            }
            break;
        }
        if past_limit {
            leave_out(&mut out, &mut last, start, j + 1);
        } else if let Some(c) = cut {
            leave_out(&mut out, &mut last, c, j);
            if let Some(o) = out.as_mut() {
                o.push_str(if slash { "/>" } else { ">" });
            }
            last = j + 1;
        }
        i = j + 1;
        if !closing && RAW_TEXT.iter().any(|r| r.as_bytes().eq_ignore_ascii_case(name)) {
            // Skip to the element's end tag, which the next round reads (and drops past the
            // limit, with the content: code and styles are not text).
            loop {
                match memchr::memmem::find(&b[i..], b"</") {
                    Some(e) => i += e,
                    None => {
                        i = n;
                        break;
                    }
                }
                let after = &b[i + 2..];
                if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name) {
                    break;
                }
                i += 2;
            }
            if past_limit {
                let from = last;
                leave_out(&mut out, &mut last, from, i);
            }
        }
    }
    match out {
        Some(mut o) => {
            o.push_str(&html[last..]);
            std::borrow::Cow::Owned(o)
        }
        None => std::borrow::Cow::Borrowed(html),
    }
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

    #[test]
    fn tags_keep_their_first_attributes_and_ordinary_pages_are_untouched() {
        use std::borrow::Cow;
        let cap = |html: &str, max: usize| cap_markup(html, max, usize::MAX).into_owned();
        assert!(matches!(cap_markup(PAGE, MAX_ATTRIBUTES, MAX_ELEMENTS), Cow::Borrowed(_)));
        assert!(matches!(tame(PAGE), Cow::Borrowed(_)));
        let attrs = |n: usize| (0..n).map(|i| format!(" a{i}=\"{i}\"")).collect::<String>();
        let page = format!("<p>one</p><div{}>two</div><br{}/><p>three</p>", attrs(100), attrs(70));
        assert_eq!(
            cap(&page, 64),
            format!("<p>one</p><div{} >two</div><br{} /><p>three</p>", attrs(64), attrs(64))
        );
        // Values hold `>`, `=`, quotes of the other kind and spaces; unquoted values; names
        // without values; an attribute name that opens with `=`.
        let tricky = r#"<a x='1>2' y="a 'b' = c" z=u/v w =  "q" flag =x k=>text</a>"#;
        assert_eq!(cap(tricky, 3), r#"<a x='1>2' y="a 'b' = c" z=u/v >text</a>"#);
        assert_eq!(cap(tricky, 6), tricky);
        // End tags too; scripts, comments and `<!…>` are not tags.
        let skipped =
            r#"<!DOCTYPE html a b c><!-- <i a b c> --><script>if (a <b c d e) {}</script></p a b c>"#;
        assert_eq!(
            cap(skipped, 2),
            r#"<!DOCTYPE html a b c><!-- <i a b c> --><script>if (a <b c d e) {}</script></p a b >"#
        );
        // A tag never closed ends the page where its attributes run past the limit.
        assert_eq!(cap("<p>x</p><div a b c d", 2), "<p>x</p><div a b ");
        assert_eq!(cap("<p>x</p><div a='b", 2), "<p>x</p><div a='b");
        for junk in ["", "<", "<a", "<a ", "</", "<a b=", "<a b='", "<!--", "<?x", "<script>x", "<!x"] {
            assert_eq!(cap_markup(junk, 1, 1), junk);
        }
    }

    #[test]
    fn tags_past_the_element_limit_are_dropped_and_their_text_kept() {
        let page = "<!doctype html><html><body><p>one</p><!-- c --><p class=x>two</p><script>var a = '<b>';</script><p>three<br/>four</p></body></html>";
        assert_eq!(cap_markup(page, 8, 100), page);
        assert_eq!(cap_markup(page, 8, 4), "<!doctype html><html><body><p>one</p>twothreefour");
        assert_eq!(
            cap_markup(page, 8, 6),
            "<!doctype html><html><body><p>one</p><!-- c --><p class=x>two</p>threefour"
        );
        assert_eq!(cap_markup("<p>a</p><p>b</p><div x='y", 8, 1), "<p>a</p>b");
    }

    #[test]
    fn a_tag_with_200000_attributes_reaches_the_parser_with_the_first() {
        let page = PAGE.replacen(
            "<article>",
            &format!("<article{}>", (0..200_000).map(|i| format!(" a{i}=x")).collect::<String>()),
            1,
        );
        let tamed = tame(&page);
        assert!(tamed.len() < PAGE.len() + 4000, "{} bytes", tamed.len());
        assert_eq!(tamed.matches("=x").count(), MAX_ATTRIBUTES);
        let (a, b) = (extract(&page).unwrap(), extract(PAGE).unwrap());
        assert_eq!(a, b);
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
