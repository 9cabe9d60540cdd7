//! Post-checks of what a template rendered: a template from a project folder is untrusted, so
//! its output must be inert whatever it says.
//!
//! In: the text a Tera template rendered, the template's origin (for the error) and whether the
//! person typing the command allowed remote resources ([`ENV_REMOTE`]). Out: for HTML, the page
//! with briefly's Content-Security-Policy ([`csp`]) inserted as the first element of `<head>`
//! (after a leading `<meta charset>`), or one error naming the template and the construct; for
//! Markdown, nothing or that error. Typst output is checked in `render::pdf` (its links).
//!
//! The checks parse the output with html5ever, as a browser would (Markdown: rendered to HTML
//! with pulldown-cmark first, as a git host or a viewer would), and refuse, anywhere in the
//! document:
//!
//! * code and embedded content: `<script>`, `<iframe>`, `<frame>`, `<frameset>`, `<object>`,
//!   `<embed>`, `<applet>`, `<portal>`, `<fencedframe>`, `<video>`, `<audio>`, inline `<svg>`
//!   and `<math>` (their own links and animations), `<template>` (declarative shadow DOM), `<base>`;
//! * event handler attributes (`on…`) and `<meta http-equiv>` other than `Content-Type`,
//!   `Content-Language`, `X-UA-Compatible` and `Content-Security-Policy` (a `refresh` redirects);
//! * links (`href` of `<a>`/`<area>`, `action`, `formaction`, `cite`) other than `http:`,
//!   `https:`, `mailto:` and relative ones; network-path references (`//host`, `\\host`) anywhere;
//! * remote resources: an absolute address in `src`, `srcset`, `poster`, `background`,
//!   `data`, `ping`, `manifest`, a `<link>` that loads (any `rel` but a few that never fetch),
//!   and in CSS (`<style>` and `style=`, escapes decoded): `url()`, `@import`, `image()`,
//!   `image-set()`, `src()`; and always `expression()`, `behavior`, `-moz-binding`. With
//!   [`ENV_REMOTE`]`=1`, `https:` images, style sheets and fonts pass (and the policy allows
//!   them: [`CSP_REMOTE`]). Relative resources pass the check; the policy still blocks them.
//!
//! Refused, not repaired: a build with such a template stops with one error line naming the
//! template and what it made, so the author sees it at once. The policy is what blocks loads
//! in a browser; the check makes a page that would try one an error. The opt-in is an
//! environment variable because `brief.yaml` is as untrusted as the template.

use anyhow::{Result, anyhow};
use dom_query::{Document, NodeRef};

/// The Content-Security-Policy of every HTML page: inline styles, nothing else.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// The policy when remote resources are allowed: [`CSP`] plus `https:` images, style sheets
/// and fonts.
pub const CSP_REMOTE: &str = "default-src 'none'; img-src https:; style-src 'unsafe-inline' https:; font-src https:; base-uri 'none'; form-action 'none'";

/// Environment variable that allows `https:` images, style sheets and fonts in templates (`1`).
pub const ENV_REMOTE: &str = "BRIEFLY_ALLOW_REMOTE_RESOURCES";

/// Whether the environment allows remote resources ([`ENV_REMOTE`] is `1`).
pub fn remote_allowed_by_env() -> bool {
    std::env::var(ENV_REMOTE).is_ok_and(|v| v.trim() == "1")
}

/// The policy for `remote`.
pub fn csp(remote: bool) -> &'static str {
    if remote { CSP_REMOTE } else { CSP }
}

/// The `<meta>` element briefly inserts.
fn csp_meta(remote: bool) -> String {
    format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">", csp(remote))
}

/// An HTML page from template `origin`: the policy inserted, then checked (see the module doc).
pub fn html_page(html: &str, origin: &str, remote: bool) -> Result<String> {
    let page = insert_csp(html, &csp_meta(remote));
    let doc = Document::from(page.as_str());
    if !csp_is_first(&doc, remote) {
        return Err(anyhow!(
            "template `{origin}`: briefly cannot put its Content-Security-Policy first in <head> \
             (begin the page with `<!DOCTYPE html>`, `<html>` and `<head>`)"
        ));
    }
    check_tree(doc.root(), remote).map_err(|e| anyhow!("template `{origin}`: the page has {e}"))?;
    Ok(page)
}

/// Markdown from template `origin`, checked as the HTML it becomes (see the module doc).
pub fn markdown(md: &str, origin: &str, remote: bool) -> Result<()> {
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(md, pulldown_cmark::Options::all()),
    );
    let doc = Document::fragment(html.as_str());
    check_tree(doc.root(), remote).map_err(|e| anyhow!("template `{origin}`: the Markdown has {e}"))
}

/// Where `needle` (ASCII, lower case) first occurs in `hay` from `from`, ignoring ASCII case.
fn find_ci(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    (from..=hay.len().checked_sub(needle.len())?)
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The end (after `>`) of the tag that starts at `at`, if it is a tag named `name` (ASCII,
/// lower case).
fn tag_end(b: &[u8], at: usize, name: &[u8]) -> Option<usize> {
    let after = at + 1 + name.len();
    let named =
        b.get(at) == Some(&b'<') && b.get(at + 1..after).is_some_and(|n| n.eq_ignore_ascii_case(name));
    let ends = b.get(after).is_some_and(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'));
    if !(named && ends) {
        return None;
    }
    b[after..].iter().position(|&c| c == b'>').map(|p| after + p + 1)
}

/// `page` with `meta` inserted where it becomes the first element of `<head>`: after the
/// `<head>` tag and a `<meta charset>` right behind it (then after its line break, on a line of
/// its own), else after a leading doctype, else at the start. [`csp_is_first`] checks the result.
fn insert_csp(page: &str, meta: &str) -> String {
    let b = page.as_bytes();
    let mut head = None;
    let mut from = 0;
    while let Some(at) = find_ci(b, b"<head", from) {
        if let Some(end) = tag_end(b, at, b"head") {
            head = Some(end);
            break;
        }
        from = at + 1;
    }
    let at = match head {
        Some(mut at) => {
            let q = at + b[at..].iter().take_while(|c| c.is_ascii_whitespace()).count();
            if let Some(end) = tag_end(b, q, b"meta")
                && find_ci(&b[q..end], b"charset", 0).is_some()
            {
                at = end + usize::from(b.get(end) == Some(&b'\n'));
            }
            at
        }
        None => {
            let q = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
            match tag_end(b, q, b"!doctype") {
                Some(end) => end + usize::from(b.get(end) == Some(&b'\n')),
                None => 0,
            }
        }
    };
    let newline = if page[..at].ends_with('\n') { "\n" } else { "" };
    let mut out = String::with_capacity(page.len() + meta.len() + 1);
    out.push_str(&page[..at]);
    out.push_str(meta);
    out.push_str(newline);
    out.push_str(&page[at..]);
    out
}

/// Whether the first element of the page's `<head>` is briefly's policy, or a `<meta charset>`
/// (only that attribute) followed by it.
fn csp_is_first(doc: &Document, remote: bool) -> bool {
    let Some(head) = doc.head() else { return false };
    let Some(mut first) = head.first_element_child() else { return false };
    let attrs = |n: &NodeRef| -> Vec<(String, String)> {
        n.attrs().iter().map(|a| (a.name.local.to_string(), a.value.to_string())).collect()
    };
    let is_meta = |n: &NodeRef| n.node_name().is_some_and(|t| &*t == "meta");
    if is_meta(&first) && attrs(&first).iter().map(|(k, _)| k.as_str()).eq(["charset"]) {
        match first.next_element_sibling() {
            Some(next) => first = next,
            None => return false,
        }
    }
    let a = attrs(&first);
    is_meta(&first)
        && a.len() == 2
        && a.iter().any(|(k, v)| k == "http-equiv" && v.eq_ignore_ascii_case("content-security-policy"))
        && a.iter().any(|(k, v)| k == "content" && v == csp(remote))
}

/// Elements refused anywhere, with the reason.
fn refused_element(name: &str) -> Option<&'static str> {
    Some(match name {
        "script" => "briefly pages run no code",
        "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "portal" | "fencedframe" => {
            "briefly pages embed no other content"
        }
        "video" | "audio" => "briefly pages play no media",
        "svg" | "math" => "inline SVG and MathML are not checked, so not allowed",
        "template" => "a template element can become live content (declarative shadow DOM)",
        "base" => "it would change where every relative link points",
        _ => return None,
    })
}

/// `http-equiv` values allowed on `<meta>`.
const HTTP_EQUIV: &[&str] =
    &["content-type", "content-language", "x-ua-compatible", "content-security-policy"];

/// `rel` values of a `<link>` that never make the browser fetch anything.
const LINK_NO_FETCH: &[&str] = &[
    "alternate",
    "author",
    "bookmark",
    "canonical",
    "external",
    "help",
    "license",
    "me",
    "next",
    "nofollow",
    "noopener",
    "noreferrer",
    "prev",
    "search",
    "tag",
];

/// What an address is.
#[derive(Debug, PartialEq)]
enum Address {
    /// No scheme: relative to the page (a path, `?query`, `#fragment`).
    Relative,
    /// `//host…` or `\\host…`: another machine, by whatever scheme the page has.
    Network,
    /// An absolute address with this scheme (lower case).
    Scheme(String),
}

/// Classifies `raw` as a browser reads it: leading and trailing controls and spaces ignored,
/// tabs and line breaks anywhere removed, `\` read as `/`.
fn classify(raw: &str) -> Address {
    let url: String =
        raw.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let mut chars = url.chars();
    if matches!((chars.next(), chars.next()), (Some('/' | '\\'), Some('/' | '\\'))) {
        return Address::Network;
    }
    let end = url.find([':', '/', '\\', '?', '#']);
    match end {
        Some(i) if url[i..].starts_with(':') && i > 0 => {
            let scheme = &url[..i];
            let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
            if valid { Address::Scheme(scheme.to_ascii_lowercase()) } else { Address::Relative }
        }
        _ => Address::Relative,
    }
}

/// An address cut to 80 characters, controls escaped, for an error message.
fn shown(url: &str) -> String {
    let mut s: String = url.chars().take(80).flat_map(char::escape_debug).collect();
    if url.chars().nth(80).is_some() {
        s.push('…');
    }
    s
}

/// Checks a link (followed only when the reader clicks it).
fn check_link(url: &str) -> Result<(), String> {
    match classify(url) {
        Address::Relative => Ok(()),
        Address::Scheme(s) if matches!(s.as_str(), "http" | "https" | "mailto") => Ok(()),
        Address::Network => Err(format!(
            "`{}`, an address on another machine without a scheme (write `https://…`)",
            shown(url)
        )),
        Address::Scheme(s) => {
            Err(format!("a `{s}:` address `{}` (links may be http, https, mailto or relative)", shown(url)))
        }
    }
}

/// Checks an address the browser loads by itself.
fn check_resource(url: &str, remote: bool) -> Result<(), String> {
    match classify(url) {
        Address::Relative => Ok(()),
        Address::Scheme(s) if remote && s == "https" => Ok(()),
        Address::Network => Err(format!("the remote resource `{}`{}", shown(url), remote_hint(remote))),
        Address::Scheme(s) if matches!(s.as_str(), "http" | "https") => {
            Err(format!("the remote resource `{}`{}", shown(url), remote_hint(remote)))
        }
        Address::Scheme(s) => Err(format!("a `{s}:` resource `{}` (not allowed)", shown(url))),
    }
}

fn remote_hint(remote: bool) -> String {
    if remote {
        " (only https resources are allowed)".to_string()
    } else {
        format!(" (remote resources are not allowed; {ENV_REMOTE}=1 allows https images, styles and fonts)")
    }
}

/// The addresses of a `srcset` (image candidates: an address, then descriptors up to a comma).
fn srcset_urls(srcset: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return out;
        }
        let end = rest.find(|c: char| c.is_ascii_whitespace()).unwrap_or(rest.len());
        let url = &rest[..end];
        let trimmed = url.trim_end_matches(',');
        out.push(trimmed);
        rest = &rest[end..];
        if trimmed.len() == url.len() {
            // Descriptors, up to the next comma outside parentheses.
            let mut depth = 0usize;
            let stop = rest
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth = depth.saturating_sub(1),
                        ',' if depth == 0 => return true,
                        _ => {}
                    }
                    false
                })
                .map_or(rest.len(), |(i, _)| i);
            rest = &rest[stop..];
        }
    }
}

/// CSS with its escapes decoded (`\75 rl(` is `url(`), in lower case.
fn decode_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.extend(c.to_lowercase());
            continue;
        }
        let mut hex = String::new();
        while hex.len() < 6
            && let Some(&h) = chars.peek()
            && h.is_ascii_hexdigit()
        {
            hex.push(h);
            chars.next();
        }
        if hex.is_empty() {
            match chars.next() {
                Some('\n') | None => {}
                Some(other) => out.extend(other.to_lowercase()),
            }
        } else {
            if chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                chars.next();
            }
            let c = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}');
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// How far past a `(` or `@import` the CSS checks look for its address: an address is judged
/// by its start (scheme or `//`), and a bounded look keeps the check linear in the length of
/// the style sheet, however many unclosed `url(` it holds.
const CSS_WINDOW: usize = 4096;

/// The first [`CSS_WINDOW`] bytes of `s` (at a character boundary).
fn window(s: &str) -> &str {
    let mut end = s.len().min(CSS_WINDOW);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The first argument of a CSS function whose `(` is at `open`: a quoted string, or the text up
/// to `)`, trimmed.
fn css_argument(css: &str, open: usize) -> &str {
    let rest = window(&css[open + 1..]).trim_start();
    if let Some(q) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        let body = &rest[1..];
        return &body[..body.find(q).unwrap_or(body.len())];
    }
    rest[..rest.find(')').unwrap_or(rest.len())].trim()
}

/// Checks a style sheet or `style` attribute (see the module doc).
fn check_css(css: &str, remote: bool) -> Result<(), String> {
    let css = decode_css(css);
    let squeezed: String = css.chars().filter(|c| !c.is_whitespace()).collect();
    for bad in ["expression(", "behavior:", "-moz-binding"] {
        if squeezed.contains(bad) {
            return Err(format!("`{}` (not allowed)", bad.trim_end_matches([':', '('])));
        }
    }
    let is_name = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_') || !c.is_ascii();
    for (open, _) in css.match_indices('(') {
        let name_start = css[..open].trim_end_matches(is_name).len();
        let name = &css[name_start..open];
        match name {
            "url" | "src" => check_resource(css_argument(&css, open), remote)?,
            "image" | "-webkit-image" | "image-set" | "-webkit-image-set" | "cross-fade"
            | "-webkit-cross-fade" => {
                let inner = window(&css[open + 1..]);
                let mut inner = &inner[..inner.find(')').unwrap_or(inner.len())];
                while let Some(i) = inner.find(['"', '\'']) {
                    let q = &inner[i..i + 1];
                    let body = &inner[i + 1..];
                    let end = body.find(q).unwrap_or(body.len());
                    check_resource(&body[..end], remote)?;
                    inner = &body[(end + 1).min(body.len())..];
                }
            }
            _ => {}
        }
    }
    for (at, _) in css.match_indices("@import") {
        let rest = window(&css[at + "@import".len()..]).trim_start();
        if rest.starts_with("url(") {
            continue; // checked as a url() above
        }
        match rest.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &rest[1..];
                check_resource(&body[..body.find(q).unwrap_or(body.len())], remote)?;
            }
            _ => return Err("an `@import` briefly cannot read (not allowed)".to_string()),
        }
    }
    Ok(())
}

/// Checks every element under `root` (see the module doc); the first problem, described.
fn check_tree(root: NodeRef, remote: bool) -> Result<(), String> {
    for node in root.descendants_it().filter(NodeRef::is_element) {
        let name = node.node_name().map(|n| n.to_string()).unwrap_or_default();
        if let Some(why) = refused_element(&name) {
            return Err(format!("<{name}> ({why})"));
        }
        let attrs = node.attrs();
        let attr = |k: &str| attrs.iter().find(|a| &*a.name.local == k).map(|a| a.value.to_string());
        for a in &attrs {
            let (key, value) = (a.name.local.to_string(), a.value.to_string());
            let on = |e: String| format!("{e} in `{key}` of <{name}>");
            if key.starts_with("on") {
                return Err(format!("the event handler `{key}` on <{name}> (briefly pages run no code)"));
            }
            match key.as_str() {
                "href" if matches!(name.as_str(), "a" | "area") => check_link(&value).map_err(on)?,
                "action" | "formaction" | "cite" => check_link(&value).map_err(on)?,
                "href" if name == "link" => {
                    let rel = attr("rel").unwrap_or_default().to_ascii_lowercase();
                    let fetches = rel.split_ascii_whitespace().any(|r| !LINK_NO_FETCH.contains(&r));
                    if fetches {
                        check_resource(&value, remote).map_err(on)?;
                    } else {
                        check_link(&value).map_err(on)?;
                    }
                }
                "src" | "poster" | "background" | "data" | "ping" | "manifest" | "href" | "codebase"
                | "lowsrc" | "dynsrc" | "icon" | "archive" | "longdesc" => {
                    for url in if key == "ping" {
                        value.split_ascii_whitespace().collect()
                    } else {
                        vec![value.as_str()]
                    } {
                        check_resource(url, remote).map_err(on)?;
                    }
                }
                "srcset" | "imagesrcset" => {
                    for url in srcset_urls(&value) {
                        check_resource(url, remote).map_err(on)?;
                    }
                }
                "srcdoc" => return Err(format!("`srcdoc` on <{name}> (not allowed)")),
                "style" => check_css(&value, remote).map_err(on)?,
                "http-equiv" if !HTTP_EQUIV.contains(&value.trim().to_ascii_lowercase().as_str()) => {
                    return Err(format!("<meta http-equiv=\"{}\"> (not allowed)", shown(&value)));
                }
                _ => {}
            }
        }
        if name == "style" {
            check_css(&node.text(), remote).map_err(|e| format!("{e} in <style>"))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        format!(
            "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>t</title>\n</head>\n<body>{body}</body>\n</html>\n"
        )
    }

    fn refused(body: &str) -> String {
        match html_page(&page(body), "t/brief.html", false) {
            Ok(p) => panic!("not refused: {body}\n{p}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn the_policy_goes_after_the_charset_or_first() {
        let p = html_page(&page("<p>x</p>"), "o", false).unwrap();
        let want = format!("<head>\n<meta charset=\"utf-8\">\n{}\n<title>", csp_meta(false));
        assert!(p.contains(&want), "{p}");
        for (input, starts) in [
            ("<html><HEAD lang=en><title>t</title></head><p>x", "<html><HEAD lang=en><meta http-equiv"),
            ("<!doctype html>\n<p>x", "<!doctype html>\n<meta http-equiv"),
            ("<p>x", "<meta http-equiv"),
            ("", "<meta http-equiv"),
            ("<html><header>h</header>", "<meta http-equiv"),
        ] {
            let p = html_page(input, "o", false).unwrap();
            assert!(p.starts_with(starts), "{input:?} → {p}");
        }
        // Remote resources allowed: the wider policy.
        assert!(html_page("<p>x", "o", true).unwrap().contains(CSP_REMOTE));
    }

    #[test]
    fn a_page_that_keeps_the_policy_from_the_head_is_refused() {
        for input in [
            "<!-- <head> --><html><head><title>t</title>",
            "<html><title>t</title><head><p>x",
            "<html>text first<head></head>",
            "<html><head><meta charset=utf-8 name=x><p>",
        ] {
            let err = html_page(input, "t/brief.html", false).unwrap_err().to_string();
            assert!(
                err.starts_with("template `t/brief.html`: briefly cannot put its Content-Security-Policy"),
                "{input}: {err}"
            );
        }
    }

    #[test]
    fn code_and_embedded_content_are_refused() {
        for (body, want) in [
            ("<script>alert(1)</script>", "<script> (briefly pages run no code)"),
            ("<SCRIPT src=x></SCRIPT>", "<script>"),
            ("<svg><script>alert(1)</script></svg>", "<svg>"),
            ("<iframe srcdoc='x'></iframe>", "<iframe>"),
            ("<object data=x></object>", "<object>"),
            ("<embed src=x>", "<embed>"),
            ("<video src=x></video>", "<video>"),
            ("<template shadowrootmode=open><img src=https://e.example/x></template>", "<template>"),
            ("<base href='https://evil.example/'>", "<base>"),
            ("<noscript><img src='https://e.example/p.gif'></noscript>", "remote resource"),
            ("<p onclick='alert(1)'>x</p>", "the event handler `onclick` on <p>"),
            ("<body onload=x>", "`onload`"),
            ("<img src=x oNeRrOr=alert(1)>", "`onerror`"),
            ("<meta http-equiv=refresh content='0;url=https://e.example'>", "<meta http-equiv=\"refresh\">"),
        ] {
            let err = refused(body);
            assert!(err.starts_with("template `t/brief.html`: the page has "), "{err}");
            assert!(err.contains(want), "{body}: {err}");
        }
    }

    #[test]
    fn only_web_mail_and_relative_links_pass() {
        for body in [
            "<a href='javascript:alert(1)'>x</a>",
            "<a href=' JaVaScRiPt:alert(1)'>x</a>",
            "<a href='java&#x09;script:alert(1)'>x</a>",
            "<a href='java\nscript:alert(1)'>x</a>",
            "<a href='data:text/html,<script>x</script>'>x</a>",
            "<a href='file:///etc/passwd'>x</a>",
            "<a href='vbscript:x'>x</a>",
            "<a href='a:b/../c'>x</a>",
            "<a href='//evil.example/x'>x</a>",
            "<a href='\\\\evil.example\\share'>x</a>",
            "<form action='javascript:x'></form>",
            "<button formaction='data:,x'>b</button>",
        ] {
            assert!(refused(body).contains("of <"), "{body}");
        }
        for body in [
            "<a href='https://example.org/a?b#c'>x</a>",
            "<a href='http://example.org'>x</a>",
            "<a href='mailto:a@example.org'>x</a>",
            "<a href='#topic-1'>x</a>",
            "<a href='./2025-W49/brief.html'>x</a>",
            "<link rel=alternate type=application/atom+xml href=https://example.org/feed.xml>",
        ] {
            let ok = html_page(&page(body), "o", false);
            assert!(ok.is_ok(), "{body}: {ok:?}");
        }
    }

    #[test]
    fn remote_resources_are_refused_unless_allowed() {
        let cases = [
            "<img src='https://e.example/p.gif'>",
            "<img srcset='a.png 1x, https://e.example/p.gif 2x'>",
            "<picture><source srcset='https://e.example/p.gif'><img src=a.png></picture>",
            "<link rel=stylesheet href=https://e.example/s.css>",
            "<link rel='preload' as=font href=https://e.example/f.woff2>",
            "<link rel=icon href=https://e.example/i.png>",
            "<p style='background: url(https://e.example/p.gif)'>x</p>",
            "<p style='background: u\\72 l( \"https://e.example/p.gif\" )'>x</p>",
            "<style>@import 'https://e.example/s.css';</style>",
            "<style>@import url(https://e.example/s.css);</style>",
            "<style>@font-face { font-family: x; src: url('https://e.example/f.woff2') }</style>",
            "<style>p { background: image-set('https://e.example/p.gif' 1x) }</style>",
            "<table background='https://e.example/p.gif'></table>",
            "<a href=x ping='https://e.example/track'>x</a>",
            "<input type=image src='https://e.example/p.gif'>",
        ];
        for body in cases {
            let err = refused(body);
            assert!(err.contains("the remote resource") && err.contains(ENV_REMOTE), "{body}: {err}");
            let allowed = html_page(&page(body), "o", true);
            assert!(allowed.is_ok(), "{body}: {allowed:?}");
        }
        // Even when allowed: only https, and never other schemes.
        for body in [
            "<img src='http://e.example/p.gif'>",
            "<img src='//e.example/p.gif'>",
            "<img src='data:image/png;base64,AAAA'>",
            "<p style='background: url(data:image/png;base64,AAAA)'>x</p>",
            "<img src='file:///etc/passwd'>",
            "<p style='width: expression(alert(1))'>x</p>",
            "<p style='behavior: url(x.htc)'>x</p>",
        ] {
            let err = html_page(&page(body), "o", true).unwrap_err().to_string();
            assert!(err.contains("the page has"), "{body}: {err}");
        }
        // Relative resources pass the check (the policy blocks them).
        for body in [
            "<img src='logo.png' alt=''>",
            "<p style='background: url(#g)'>x</p>",
            "<style>p { color: red }</style>",
        ] {
            assert!(html_page(&page(body), "o", false).is_ok(), "{body}");
        }
    }

    #[test]
    fn markdown_images_links_and_raw_html_are_checked() {
        for (md, want) in [
            ("![x](https://e.example/p.gif?user=1)", "the remote resource"),
            ("text <img src=\"https://e.example/p.gif\"> text", "the remote resource"),
            ("[x](javascript:alert(1))", "a `javascript:` address"),
            ("<javascript:alert(1)>", "a `javascript:` address"),
            ("[x]: file:///etc/passwd\n\n[see][x]", "a `file:` address"),
            ("<script>alert(1)</script>", "<script>"),
            ("<p onmouseover=\"x\">x</p>", "`onmouseover`"),
        ] {
            let err = markdown(md, "t/brief.md", false).unwrap_err().to_string();
            assert!(err.starts_with("template `t/brief.md`: the Markdown has "), "{err}");
            assert!(err.contains(want), "{md}: {err}");
        }
        for md in [
            "# T\n\n1. <a id=\"source-1\"></a>[Title](https://example.org/a) (a.md)\n",
            "[x](#source-1) ![logo](logo.png) <mailto:a@example.org>",
            "\\!\\[x\\](https://e.example/p.gif) \\<img src=x\\>",
        ] {
            assert!(markdown(md, "o", false).is_ok(), "{md}");
        }
        assert!(markdown("![x](https://e.example/p.gif)", "o", true).is_ok());
    }

    #[test]
    fn srcset_candidates() {
        assert_eq!(srcset_urls("a.png 1x, b.png 2x"), ["a.png", "b.png"]);
        assert_eq!(srcset_urls("a.png,b.png"), ["a.png,b.png"]);
        assert_eq!(srcset_urls("a.png, b.png,, c.png 100w"), ["a.png", "b.png", "c.png"]);
        assert_eq!(srcset_urls(" "), Vec::<&str>::new());
    }

    #[test]
    fn addresses_are_read_as_a_browser_reads_them() {
        assert_eq!(classify(" \u{1}JavaScript:x"), Address::Scheme("javascript".into()));
        assert_eq!(classify("jav\tascript:x"), Address::Scheme("javascript".into()));
        assert_eq!(classify("/\\evil.example"), Address::Network);
        assert_eq!(classify("./a:b"), Address::Relative);
        assert_eq!(classify("#x"), Address::Relative);
        assert_eq!(classify(":x"), Address::Relative);
        assert_eq!(decode_css("U\\52 L(x) \\40 import"), "url(x) @import");
    }
}
