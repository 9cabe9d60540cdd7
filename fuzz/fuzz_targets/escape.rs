//! Escaping for the three output formats and analyst-written Markdown.
//!
//! Properties (each is what the function's doc comment promises):
//! - `escape_markdown` ("renders literally"): placed after text on a line (`Old: …`, as in
//!   `diff::to_markdown`) it renders to one paragraph of plain text, with no raw HTML, code,
//!   emphasis, link, image or other inline markup, and the text is the input modulo whitespace
//!   (and NUL vs U+FFFD). When the value does not itself start with
//!   indentation (space, tab or a line break, which the function does not promise to handle),
//!   the same holds at the start of a line, as the content of a list item (`- …`, as in
//!   `cmd::summarize` and the brief template) and of a heading (`## …`): no block markup.
//! - `escape_typst`: `#"…";` whose inner part is exactly `typst_string`.
//! - `typst_string`: `"…"`, the inside has no unescaped `"`, every `\` starts a valid Typst
//!   escape (`\\ \" \n \r \t \u{hex}`), no raw control characters, and decoding the escapes
//!   gives back the input exactly (the content is shown verbatim).
//! - `to_safe_html`: only tags that pulldown-cmark itself writes for the enabled features,
//!   only their attributes (no `on…=`, no arbitrary attribute), and every `href`/`src` has no
//!   scheme or an `http`, `https` or `mailto` scheme (no `javascript:`, `data:` …).
//! - `to_typst`: outside Typst string literals the output is only the fixed markup vocabulary
//!   (`#emph[`, `#strong[`, `#[`, `]`, `#link("…")[`, `#raw("…");`, `#linebreak();`, list
//!   markers at line starts, spaces, newlines); brackets balance; link targets are http(s) or
//!   mailto; every literal is valid (as above).
//!
//! `neutralise_raw_html` has its own target (`neutralise`).
#![no_main]

use briefly::ingest::markdown::{to_safe_html, to_typst};
use briefly::render::templates::{escape_markdown, escape_typst, typst_string};
use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The options briefly parses analyst Markdown with (`ingest::markdown::parser_options`).
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Text modulo whitespace; NUL as U+FFFD (CommonMark may replace it, pulldown-cmark keeps it).
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).map(|c| if c == '\0' { '\u{FFFD}' } else { c }).collect()
}

// ---------------------------------------------------------------- escape_markdown

#[derive(Clone, Copy, Debug)]
enum Context {
    AfterText,
    LineStart,
    ListItem,
    Heading,
}

/// Renders `esc` in `ctx` and returns its text; panics on any event other than the
/// context's own container and plain text.
fn check_markdown_in(ctx: Context, input: &str, esc: &str) {
    let (doc, prefix) = match ctx {
        Context::AfterText => (format!("Old: {esc}"), "Old:"),
        Context::LineStart => (esc.to_string(), ""),
        Context::ListItem => (format!("- {esc}"), ""),
        Context::Heading => (format!("## {esc}"), ""),
    };
    let mut text = String::new();
    for event in Parser::new_ext(&doc, options()) {
        let ok = match &event {
            Event::Text(t) => {
                text.push_str(t);
                true
            }
            Event::SoftBreak | Event::HardBreak => true,
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {
                matches!(ctx, Context::AfterText | Context::LineStart | Context::ListItem)
            }
            Event::Start(Tag::List(None) | Tag::Item) | Event::End(TagEnd::List(false) | TagEnd::Item) => {
                matches!(ctx, Context::ListItem)
            }
            Event::Start(Tag::Heading { level: pulldown_cmark::HeadingLevel::H2, .. })
            | Event::End(TagEnd::Heading(pulldown_cmark::HeadingLevel::H2)) => {
                matches!(ctx, Context::Heading)
            }
            _ => false,
        };
        assert!(
            ok,
            "escape_markdown: {event:?} in {ctx:?}\ninput: {input:?}\nescaped: {esc:?}\ndoc: {doc:?}"
        );
    }
    assert_eq!(
        squash(&text),
        squash(&format!("{prefix}{input}")),
        "escape_markdown: text changed in {ctx:?}\ninput: {input:?}\nescaped: {esc:?}\ndoc: {doc:?}"
    );
}

fn check_escape_markdown(input: &str) {
    let esc = escape_markdown(input);
    assert!(!esc.contains(['\n', '\r']), "escape_markdown kept a line break: {esc:?}");
    check_markdown_in(Context::AfterText, input, &esc);
    if !input.starts_with([' ', '\t', '\n', '\r']) {
        for ctx in [Context::LineStart, Context::ListItem, Context::Heading] {
            check_markdown_in(ctx, input, &esc);
        }
    }
}

// ---------------------------------------------------------------- Typst literals

/// Reads a Typst string literal body starting right after the opening `"`; returns the
/// decoded content and the rest after the closing `"`.
fn read_typst_literal(s: &str) -> Result<(String, &str), String> {
    let mut out = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, &s[i + 1..])),
            '\\' => match chars.next().map(|(_, c)| c) {
                Some('\\') => out.push('\\'),
                Some('"') => out.push('"'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('u') => {
                    if chars.next().map(|(_, c)| c) != Some('{') {
                        return Err(format!("`\\u` without `{{` at {i}"));
                    }
                    let mut hex = String::new();
                    loop {
                        match chars.next().map(|(_, c)| c) {
                            Some('}') => break,
                            Some(h) if h.is_ascii_hexdigit() => hex.push(h),
                            other => return Err(format!("bad `\\u{{…}}` at {i}: {other:?}")),
                        }
                    }
                    let v = u32::from_str_radix(&hex, 16).map_err(|e| format!("`\\u{{{hex}}}`: {e}"))?;
                    out.push(char::from_u32(v).ok_or_else(|| format!("`\\u{{{hex}}}` is not a char"))?);
                }
                other => return Err(format!("invalid escape `\\{other:?}` at {i}")),
            },
            c if c.is_control() => return Err(format!("raw control character {c:?} at {i}")),
            c => out.push(c),
        }
    }
    Err("string literal is never closed".into())
}

fn check_typst(input: &str) {
    let lit = typst_string(input);
    let body =
        lit.strip_prefix('"').unwrap_or_else(|| panic!("typst_string does not start with `\"`: {lit:?}"));
    let (decoded, rest) = read_typst_literal(body)
        .unwrap_or_else(|e| panic!("typst_string: {e}\ninput: {input:?}\nliteral: {lit:?}"));
    assert!(
        rest.is_empty(),
        "typst_string: literal ends early, {rest:?} follows\ninput: {input:?}\nliteral: {lit:?}"
    );
    assert_eq!(decoded, input, "typst_string does not round-trip\nliteral: {lit:?}");

    let markup = escape_typst(input);
    assert!(markup.starts_with("#\"") && markup.ends_with("\";"), "escape_typst: {markup:?}");
    assert_eq!(&markup[1..markup.len() - 1], lit, "escape_typst is not `#` + typst_string + `;`");
}

// ---------------------------------------------------------------- to_safe_html

const HTML_TAGS: &[&str] = &[
    "p",
    "em",
    "strong",
    "del",
    "a",
    "img",
    "code",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];
const HTML_ATTRS: &[&str] = &["href", "src", "alt", "title", "start", "style", "class"];

fn decode_attr(v: &str) -> String {
    v.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The scheme a browser sees in `url` (WHATWG URL parsing: leading C0/space stripped, tab and
/// newline removed, then `alpha *(alnum / + / - / .) :`).
fn url_scheme(url: &str) -> Option<String> {
    let u: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = u.find(':')?;
    let scheme = &u[..colon];
    let mut cs = scheme.chars();
    let first_ok = cs.next().is_some_and(|c| c.is_ascii_alphabetic());
    (first_ok && cs.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then(|| scheme.to_ascii_lowercase())
}

fn check_safe_html(input: &str) {
    let html = to_safe_html(input);
    let fail = |why: String| -> ! { panic!("to_safe_html: {why}\ninput: {input:?}\nhtml: {html:?}") };
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let mut j = i + off + 1;
        if b.get(j) == Some(&b'/') {
            j += 1;
        }
        let name_start = j;
        while j < b.len() && b[j].is_ascii_alphanumeric() {
            j += 1;
        }
        let name = html[name_start..j].to_ascii_lowercase();
        if !HTML_TAGS.contains(&name.as_str()) {
            fail(format!("tag `{}` at {}", &html[i + off..(j + 1).min(html.len())], i + off));
        }
        // Attributes up to `>` / `/>`.
        loop {
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            if html[j..].starts_with('>') {
                j += 1;
                break;
            }
            if html[j..].starts_with("/>") {
                j += 2;
                break;
            }
            let a = j;
            while j < b.len() && !matches!(b[j], b' ' | b'=' | b'>' | b'/' | b'"' | b'\'') {
                j += 1;
            }
            let attr = html[a..j].to_ascii_lowercase();
            if !HTML_ATTRS.contains(&attr.as_str()) {
                fail(format!("attribute `{attr}` on <{name}>"));
            }
            if !html[j..].starts_with("=\"") {
                fail(format!("attribute `{attr}` on <{name}> without a quoted value"));
            }
            j += 2;
            let Some(end) = html[j..].find('"') else { fail(format!("unterminated `{attr}` value")) };
            let value = decode_attr(&html[j..j + end]);
            j += end + 1;
            if matches!(attr.as_str(), "href" | "src") {
                if let Some(scheme) = url_scheme(&value) {
                    if !matches!(scheme.as_str(), "http" | "https" | "mailto") {
                        fail(format!("{attr}={value:?} has scheme `{scheme}`"));
                    }
                }
            }
            if attr == "style" && !value.starts_with("text-align: ") {
                fail(format!("style={value:?}"));
            }
        }
        i = j;
    }
}

// ---------------------------------------------------------------- to_typst

fn check_to_typst(input: &str) {
    let out = to_typst(input);
    let fail = |at: usize, why: &str| -> ! {
        panic!(
            "to_typst: {why} at byte {at}: {:?}\ninput: {input:?}\noutput: {out:?}",
            &out[at..(at + 40).min(out.len())].chars().take(20).collect::<String>()
        )
    };
    let mut rest = out.as_str();
    let mut depth = 0usize;
    let mut line_start = true;
    let pos = |r: &str| out.len() - r.len();
    fn literal(r: &str) -> Result<(String, &str), String> {
        read_typst_literal(r.strip_prefix('"').ok_or("expected a string literal")?)
    }
    while !rest.is_empty() {
        let at = pos(rest);
        if rest.starts_with('\n') {
            rest = &rest[1..];
            line_start = true;
            continue;
        }
        if rest.starts_with(' ') {
            rest = &rest[1..];
            continue;
        }
        // A list marker; the output is trimmed, so an empty last item is a bare `-`/`+`.
        if line_start && (rest.starts_with("- ") || rest.starts_with("+ ") || rest == "-" || rest == "+") {
            rest = &rest[rest.len().min(2)..];
            line_start = false;
            continue;
        }
        line_start = false;
        if let Some(r) = rest.strip_prefix('#').filter(|r| r.starts_with('"')) {
            let (_, r) = literal(r).unwrap_or_else(|e| fail(at, &e));
            rest = r.strip_prefix(';').unwrap_or_else(|| fail(at, "text literal without `;`"));
        } else if let Some(r) = rest.strip_prefix("#raw(") {
            let (_, r) = literal(r).unwrap_or_else(|e| fail(at, &e));
            rest = r.strip_prefix(");").unwrap_or_else(|| fail(at, "`#raw(` not closed by `);`"));
        } else if let Some(r) = rest.strip_prefix("#link(") {
            let (url, r) = literal(r).unwrap_or_else(|e| fail(at, &e));
            let lower = url.trim().to_ascii_lowercase();
            if !["http://", "https://", "mailto:"].iter().any(|p| lower.starts_with(p)) {
                fail(at, &format!("link to {url:?}"));
            }
            rest = r.strip_prefix(")[").unwrap_or_else(|| fail(at, "`#link(…)` without `[`"));
            depth += 1;
        } else if let Some(r) = ["#emph[", "#strong[", "#["].iter().find_map(|p| rest.strip_prefix(p)) {
            rest = r;
            depth += 1;
        } else if let Some(r) = rest.strip_prefix(']') {
            depth = depth.checked_sub(1).unwrap_or_else(|| fail(at, "unbalanced `]`"));
            rest = r;
        } else if let Some(r) = rest.strip_prefix("#linebreak();") {
            rest = r;
        } else {
            fail(at, "markup outside a string literal");
        }
    }
    assert_eq!(depth, 0, "to_typst: {depth} unclosed `[`\ninput: {input:?}\noutput: {out:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    check_escape_markdown(text);
    check_typst(text);
    check_safe_html(text);
    check_to_typst(text);
});
