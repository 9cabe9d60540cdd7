//! The one rule for addresses that become links in a brief.
//!
//! In: an address from untrusted text (article front matter, page metadata, config `sources:`,
//! the analyst's introduction). Out: the address, trimmed, when it may be a live link in every
//! format (Markdown, HTML, Typst/PDF), or `None`. Only absolute `http://`, `https://` and
//! `mailto:` addresses pass, without whitespace, control characters, quotes, backticks or
//! angle brackets; `javascript:`, `data:`, `vbscript:`, `file:`, relative paths, `//host`,
//! `\\host` and `https:host` never do. Source addresses ([`web_url`]) are web pages only.

/// An address that may be a link (see the module doc).
pub fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    let clean = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '`' | '\\'));
    if !clean {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    let ok = if let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) {
        // A host must follow: `https:///x` or `https://` alone would be read as a path.
        rest.chars().next().is_some_and(|c| c != '/')
    } else if let Some(rest) = lower.strip_prefix("mailto:") {
        rest.contains('@') && !rest.starts_with('/')
    } else {
        false
    };
    ok.then(|| url.to_string())
}

/// A web page address for a source: [`safe_url`] restricted to `http://` and `https://`.
pub fn web_url(url: &str) -> Option<String> {
    safe_url(url).filter(|u| !u[..7.min(u.len())].eq_ignore_ascii_case("mailto:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BAD: &[&str] = &[
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "file:///etc/passwd",
        "//evil.test/x",
        "\\\\evil.example",
        "https:evil.example",
        "https:///evil",
        "https:\\\\evil",
        "/relative/path",
        "#anchor",
        "mailto:",
        "https://x.test/\"onmouseover=\"alert(1)",
        "https://x.test/a b",
        "https://x.test/<script>",
        "",
    ];

    #[test]
    fn only_web_and_mail_addresses_pass() {
        for ok in [
            "https://example.org/a?b=1#c",
            "http://x.test",
            "  HTTPS://Example.org/  ",
            "mailto:desk@example.org",
        ] {
            assert_eq!(safe_url(ok).as_deref(), Some(ok.trim()), "{ok}");
        }
        for bad in BAD {
            assert_eq!(safe_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn sources_are_web_pages_only() {
        assert_eq!(web_url("https://x.test/a").as_deref(), Some("https://x.test/a"));
        assert_eq!(web_url("MAILTO:a@b.c"), None);
        for bad in BAD {
            assert_eq!(web_url(bad), None, "{bad}");
        }
    }
}
