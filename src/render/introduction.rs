//! The analyst's introduction (Markdown in `brief.yaml`), rendered for each output format.
//!
//! In: the Markdown as written. Out: Markdown for `brief.md` ([`safe_markdown`]), HTML
//! ([`to_safe_html`]) and Typst markup ([`to_typst`]), all held to one rule: raw HTML becomes
//! text, images become their alt text, and only links [`crate::url::safe_url`] allows stay
//! links. The `Brief` keeps the Markdown as written; the views made here are template context
//! only ([`super::view`]).

use crate::ingest::markdown::parser_options;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

fn safe_url(url: &str) -> bool {
    crate::url::safe_url(url).is_some()
}

/// Renders analyst-written Markdown to HTML with raw HTML shown as text, images dropped
/// (their alt text stays, as text: an image would be a request the page promises not to
/// make) and links kept only to addresses [`crate::url::safe_url`] allows (others become their
/// text).
pub fn to_safe_html(markdown: &str) -> String {
    let mut live_links: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, parser_options()).filter_map(|event| match event {
        Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let live = safe_url(dest_url);
            live_links.push(live);
            live.then_some(event)
        }
        Event::End(TagEnd::Link) => live_links.pop().unwrap_or(false).then_some(event),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Analyst-written Markdown for Markdown output (`brief.md`), held to the same rules as the
/// HTML and Typst renderings: raw HTML escaped ([`neutralise_raw_html`]), every image replaced
/// by its alt text, links whose address [`crate::url::safe_url`] refuses replaced by their
/// text, and reference definitions with such addresses removed. Everything else is the
/// analyst's Markdown unchanged. Should a rewrite ever leave something unsafe, the whole text
/// is escaped instead (shown literally).
pub fn safe_markdown(markdown: &str) -> String {
    let mut text = neutralise_raw_html(markdown);
    for _ in 0..8 {
        let edits = unsafe_spans(&text);
        if edits.is_empty() {
            return text;
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for (range, replacement) in edits {
            out.push_str(&text[last..range.start]);
            out.push_str(&replacement);
            last = range.end;
        }
        out.push_str(&text[last..]);
        text = neutralise_raw_html(&out);
    }
    crate::output::escape_markdown(markdown)
}

/// Spans of `markdown` to replace for [`safe_markdown`], in order and not overlapping: images
/// and unsafe links (by their text, escaped), definitions of unsafe link targets (by nothing).
fn unsafe_spans(markdown: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let parser = Parser::new_ext(markdown, parser_options());
    let mut spans: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut open: Option<(std::ops::Range<usize>, String, usize)> = None; // range, text, depth
    let mut iter = parser.into_offset_iter();
    for (event, range) in iter.by_ref() {
        if let Some((_, text, depth)) = open.as_mut() {
            match &event {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => *depth += 1,
                Event::End(TagEnd::Link | TagEnd::Image) => {
                    if *depth == 0 {
                        let (r, t, _) = open.take().expect("open span");
                        spans.push((r, crate::output::escape_markdown(&t)));
                    } else {
                        *depth -= 1;
                    }
                }
                _ => {}
            }
            continue;
        }
        match &event {
            Event::Start(Tag::Image { .. }) => open = Some((range, String::new(), 0)),
            Event::Start(Tag::Link { dest_url, .. }) if !safe_url(dest_url) => {
                open = Some((range, String::new(), 0))
            }
            _ => {}
        }
    }
    for (_, def) in iter.reference_definitions().iter() {
        if !safe_url(&def.dest) {
            spans.push((def.span.clone(), String::new()));
        }
    }
    spans.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut kept: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (r, t) in spans {
        if kept.last().is_none_or(|(k, _)| r.start >= k.end) {
            kept.push((r, t));
        }
    }
    kept
}

/// Analyst-written Markdown for Markdown output: unchanged, except that raw HTML is escaped
/// (`<b>` → `&lt;b>`) so it shows as text instead of becoming live markup in a viewer.
pub fn neutralise_raw_html(markdown: &str) -> String {
    // Escaping one tag can complete or uncover another (`<img onerror=…<b>` → `<img
    // onerror=…&lt;b>`; found by fuzzing): repeat until the Markdown parses without raw HTML.
    // Each round escapes at least one `<`; past a few rounds, every `<` is escaped (code spans
    // then show `&lt;`, but nothing can be HTML without a `<`).
    let mut text = markdown.to_string();
    for _ in 0..8 {
        let has_html = Parser::new_ext(&text, parser_options())
            .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
        if !has_html {
            return text;
        }
        text = neutralise_once(&text);
    }
    text.replace('<', "&lt;")
}

/// One round of [`neutralise_raw_html`]: `<` → `&lt;` inside each raw-HTML event.
fn neutralise_once(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut last = 0;
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        if matches!(event, Event::Html(_) | Event::InlineHtml(_)) && range.start >= last {
            out.push_str(&markdown[last..range.start]);
            out.push_str(&markdown[range.clone()].replace('<', "&lt;"));
            last = range.end;
        }
    }
    out.push_str(&markdown[last..]);
    out
}

/// Renders analyst-written Markdown as Typst markup: paragraphs, emphasis, strong emphasis,
/// inline code, bullet and numbered lists and http(s)/mailto links. Every piece of text
/// becomes a Typst string literal (the same escaping as template values), so nothing in it
/// can act as Typst markup or code; raw HTML is shown as text, images as their alt text.
pub fn to_typst(markdown: &str) -> String {
    use crate::output::{escape_typst, typst_string};
    let mut out = String::new();
    let mut lists: Vec<bool> = Vec::new(); // ordered?
    for event in Parser::new_ext(markdown, parser_options()) {
        match event {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(&escape_typst(&t)),
            Event::Code(t) => out.push_str(&format!("#raw({});", typst_string(&t))),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push_str("#linebreak();"),
            Event::Start(Tag::Emphasis) => out.push_str("#emph["),
            Event::Start(Tag::Strong) => out.push_str("#strong["),
            Event::End(TagEnd::Emphasis | TagEnd::Strong) => out.push(']'),
            Event::Start(Tag::Link { dest_url, .. }) => {
                if safe_url(&dest_url) {
                    out.push_str(&format!("#link({})[", typst_string(&dest_url)));
                } else {
                    out.push_str("#[");
                }
            }
            Event::End(TagEnd::Link) => out.push(']'),
            Event::Start(Tag::List(start)) => lists.push(start.is_some()),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                out.push('\n');
            }
            Event::Start(Tag::Item) => {
                out.push('\n');
                out.push_str(&"  ".repeat(lists.len().saturating_sub(1)));
                out.push_str(if lists.last() == Some(&true) { "+ " } else { "- " });
            }
            Event::End(TagEnd::Paragraph) if lists.is_empty() => out.push_str("\n\n"),
            Event::End(TagEnd::Heading(_)) => out.push_str("\n\n"),
            _ => {}
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_in_markdown_is_escaped() {
        // Found by fuzzing: escaping the inner tag completed the outer one.
        for hostile in [
            "x <img src=x onerror=alert(1)<b>",
            ">[<!t\n><!t",
            "x <b title=\"`\"> `<img src=x onerror=alert(1)>`",
            "> <div>\n    <img src=x onerror=alert(1)>\n",
            "<div>\n```\n\n```\n<img src=x onerror=alert(1)>\n```\n",
            "<a <b <c <d <e <f <g <h <i <j onclick=x>",
        ] {
            let out = neutralise_raw_html(hostile);
            assert_eq!(out.replace("&lt;", "<"), hostile);
            assert!(
                !Parser::new_ext(&out, parser_options())
                    .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))),
                "{hostile:?} → {out:?}"
            );
        }
        let md = neutralise_raw_html("Keep **bold** and `a<b`.\n\n<script>x</script>\n\nand <b>this</b>.\n");
        assert_eq!(md, "Keep **bold** and `a<b`.\n\n&lt;script>x&lt;/script>\n\nand &lt;b>this&lt;/b>.\n");
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, Parser::new(&md));
        assert!(!html.contains("<script") && !html.contains("<b>"), "{html}");
    }

    #[test]
    fn typst_from_markdown_is_markup_only_where_markdown_says_so() {
        let t = to_typst(
            "This week: the **harbour strike** and *rail*.\n\n- one #panic(\"x\")\n- two $x$ <b>\n\n[site](https://e.org) [bad](javascript:alert(1)) `a*b`",
        );
        assert!(t.contains("#strong[#\"harbour strike\";]"), "{t}");
        assert!(t.contains("#emph[#\"rail\";]"), "{t}");
        assert!(t.contains("- #\"one #panic(\\\"x\\\")\";"), "{t}");
        assert!(t.contains("#link(\"https://e.org\")[#\"site\";]"), "{t}");
        assert!(!t.contains("javascript"), "{t}");
        assert!(t.contains("#raw(\"a*b\");"), "{t}");
    }

    #[test]
    fn the_introduction_follows_one_link_rule_in_every_format() {
        let intro = "See ![t](https://tracker.example/p.gif) and [x](javascript:alert(1)), [r][bad], \
                     <javascript:alert(2)>, [**ok**](https://example.org/a) or [mail](mailto:desk@example.org) \
                     [![inner](https://tracker.example/i.gif)](https://example.org/b).\n\n[bad]: data:text/html,hi\n";
        let md = safe_markdown(intro);
        let html = to_safe_html(intro);
        let typ = to_typst(intro);
        for (name, out) in [("md", &md), ("html", &html), ("typst", &typ)] {
            assert!(!out.contains("tracker.example"), "{name}: image kept: {out}");
            // (`javascript:alert(2)` may stay as plain text; it is no link.)
            assert!(!out.contains("(javascript:") && !out.contains("data:text"), "{name}: {out}");
            assert!(
                !out.contains("href=\"javascript:") && !out.contains("link(\"javascript"),
                "{name}: {out}"
            );
            assert!(
                out.contains("https://example.org/a") && out.contains("mailto:desk@example.org"),
                "{name}: {out}"
            );
            assert!(
                out.contains("https://example.org/b"),
                "{name}: a safe link around an image stays: {out}"
            );
        }
        assert!(md.contains("[**ok**](https://example.org/a)") && md.contains("See t and x,"), "{md}");
        assert!(!html.contains("<img") && html.contains("See t and x"), "{html}");
        // What is left parses to no image, no raw HTML and only safe links.
        for e in Parser::new_ext(&md, parser_options()) {
            match e {
                Event::Start(Tag::Image { .. }) | Event::Html(_) | Event::InlineHtml(_) => panic!("{md}"),
                Event::Start(Tag::Link { dest_url, .. }) => assert!(safe_url(&dest_url), "{md}"),
                _ => {}
            }
        }
    }

    #[test]
    fn safe_html_neutralises_raw_html_and_links() {
        let html = to_safe_html(
            "Hi <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://e.org)\n\n<img src=x onerror=alert(1)>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://e.org\""), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }
}
