//! What `briefly fetch` reads and how it names what it saves.
//!
//! In: the config's `feeds:` and `urls:` (with the OPML files and address lists they name, read
//! only inside the project folder), feed items, page addresses. Out: the [`Sources`] to fetch,
//! the window filter ([`in_window`]), canonical addresses ([`canonical`]: tracking parameters
//! and fragment dropped) and file names (`YYYY-MM-DD-outlet-slug.md`, [`file_name`]).

use crate::config::{BriefConfig, FeedSource, UrlList};
use crate::date::Date;
use anyhow::{Context, Result, anyhow, bail};
use std::path::Path;

/// Largest OPML file or address list read.
pub const MAX_LIST_BYTES: u64 = 4 * 1024 * 1024;

/// A feed to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedSpec {
    /// Its address.
    pub url: String,
    /// The outlet its articles are from, when the config (or OPML) names it.
    pub outlet: Option<String>,
}

/// Everything one `fetch` reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// Feeds, in config order (OPML outlines in document order), each address once.
    pub feeds: Vec<FeedSpec>,
    /// Single article addresses, each once.
    pub urls: Vec<String>,
}

/// The sources a config names. OPML files and address lists are relative to the config file
/// and must resolve inside `project_root` (canonical), symlinks included; errors name the
/// config file and the line of the key.
pub fn sources(
    config: &BriefConfig,
    config_path: &Path,
    config_text: &str,
    project_root: &Path,
) -> Result<Sources> {
    let read_list = |key: &str, written: &Path| -> Result<String> {
        let path = crate::fs::relative_to(config_path, written);
        let line = crate::config::line_of_key(config_text, key).unwrap_or(0);
        if !crate::fs::resolves_inside(&path, project_root) {
            bail!(
                "invalid config `{}`: line {line}: `{key}`: `{}` is not a file inside the project folder \
                 (symlinks included)",
                config_path.display(),
                written.display()
            );
        }
        crate::fs::read_text_capped(&path, MAX_LIST_BYTES)
            .with_context(|| format!("`{key}` in `{}` (line {line})", config_path.display()))
    };
    let mut out = Sources::default();
    for f in &config.feeds {
        match f {
            FeedSource::Feed { url, outlet } => {
                out.feeds.push(FeedSpec { url: url.clone(), outlet: outlet.clone() })
            }
            FeedSource::Opml { opml } => {
                let text = read_list("feeds", opml)?;
                let found =
                    parse_opml(&text).with_context(|| format!("invalid OPML file `{}`", opml.display()))?;
                out.feeds.extend(found);
            }
        }
    }
    match &config.urls {
        None => {}
        Some(UrlList::List(l)) => out.urls.extend(l.iter().cloned()),
        Some(UrlList::File(file)) => {
            let text = read_list("urls", file)?;
            for (i, line) in text.lines().enumerate() {
                let line = line.split_once('#').map_or(line, |(a, _)| a).trim();
                if line.is_empty() {
                    continue;
                }
                let url = crate::url::web_url(line).ok_or_else(|| {
                    anyhow!(
                        "`{}` line {}: `{line}` is not an http:// or https:// address",
                        file.display(),
                        i + 1
                    )
                })?;
                out.urls.push(url);
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    out.feeds.retain(|f| seen.insert(f.url.clone()));
    out.urls.retain(|u| seen.insert(u.clone()));
    Ok(out)
}

/// The feeds of an OPML document: every `outline` with an http(s) `xmlUrl`, in document order;
/// the outline's `title` (else `text`) is the outlet.
pub fn parse_opml(text: &str) -> Result<Vec<FeedSpec>> {
    let opts = roxmltree::ParsingOptions { allow_dtd: false, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(text, opts).map_err(|e| anyhow!("{e}"))?;
    if !doc.root_element().has_tag_name("opml") {
        bail!("the root element is `{}`, not `opml`", doc.root_element().tag_name().name());
    }
    Ok(doc
        .descendants()
        .filter(|n| n.has_tag_name("outline"))
        .filter_map(|n| {
            let url = crate::url::web_url(n.attribute("xmlUrl")?)?;
            let outlet = n
                .attribute("title")
                .or_else(|| n.attribute("text"))
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|t| !t.is_empty());
            Some(FeedSpec { url, outlet })
        })
        .collect())
}

/// Whether an item dated `date` is in `window` (first and last day, inclusive). Undated items
/// are kept: their page may say when they were published.
pub fn in_window(date: Option<Date>, window: Option<(Date, Date)>) -> bool {
    match (date, window) {
        (Some(d), Some((from, to))) => d >= from && d <= to,
        _ => true,
    }
}

/// Query parameters that only track where a reader came from.
fn is_tracking(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.starts_with("utm_")
        || k.starts_with("mc_")
        || k.starts_with("_hs")
        || matches!(
            k.as_str(),
            "fbclid"
                | "gclid"
                | "dclid"
                | "gclsrc"
                | "msclkid"
                | "yclid"
                | "igshid"
                | "twclid"
                | "ocid"
                | "_ga"
                | "_gl"
                | "ref_src"
                | "ref_url"
                | "cmpid"
                | "wt.mc_id"
                | "s_cid"
                | "mkt_tok"
                | "at_medium"
                | "at_campaign"
                | "xtor"
        )
}

/// The canonical form of an address: scheme and host lower-cased, default port and fragment
/// dropped, tracking parameters (`utm_*`, `fbclid`, `gclid`, …) removed; `None` for anything
/// but an absolute http(s) address.
pub fn canonical(url: &str) -> Option<String> {
    let mut u = url::Url::parse(url.trim()).ok()?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none_or(str::is_empty) {
        return None;
    }
    u.set_fragment(None);
    if u.query().is_some() {
        let kept: Vec<(String, String)> = u
            .query_pairs()
            .filter(|(k, _)| !is_tracking(k))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            u.set_query(None);
        } else {
            u.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    crate::url::web_url(u.as_str())
}

/// A page's own canonical address: `<link rel="canonical">`, else `og:url`, resolved against
/// the address it came from; only http(s). The page is parsed as the reader mode sees it
/// ([`crate::ingest::html::tame`]).
pub fn page_canonical(html: &str, base: &str) -> Option<String> {
    let doc = dom_query::Document::from(crate::ingest::html::tame(html).as_ref());
    let found = doc
        .select("link[rel~=canonical]")
        .attr("href")
        .or_else(|| doc.select("meta[property=\"og:url\"]").attr("content"))?;
    let base = url::Url::parse(base).ok()?;
    canonical(base.join(found.trim()).ok()?.as_str())
}

/// Lower-case ASCII words of `text` joined by `-`, accents folded, at most `max` bytes (cut at
/// a word boundary).
pub fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        let folded = fold(c);
        for f in folded.chars() {
            if f.is_ascii_alphanumeric() {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(f.to_ascii_lowercase());
            } else if f != '\'' && f != '\u{2019}' {
                dash = true;
            }
        }
    }
    if out.len() > max {
        let cut = out[..=max].rfind('-').filter(|&i| i > 0).unwrap_or(max);
        out.truncate(cut);
    }
    out.trim_end_matches('-').to_string()
}

/// A Latin letter with its accent removed (`é` → `e`, `ß` → `ss`), else the character.
fn fold(c: char) -> String {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("çćĉċč", "c"),
        ("ďđ", "d"),
        ("èéêëēĕėęě", "e"),
        ("ĝğġģ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏő", "o"),
        ("ŕŗř", "r"),
        ("śŝşšș", "s"),
        ("ţťŧț", "t"),
        ("ùúûüũūŭůűų", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("źżž", "z"),
    ];
    let lower: String = c.to_lowercase().collect();
    match lower.as_str() {
        "ß" => return "ss".into(),
        "æ" => return "ae".into(),
        "œ" => return "oe".into(),
        "þ" => return "th".into(),
        _ => {}
    }
    let mut chars = lower.chars();
    if let (Some(l), None) = (chars.next(), chars.next()) {
        for (from, to) in TABLE {
            if from.contains(l) {
                return (*to).to_string();
            }
        }
    }
    lower
}

/// The file name of a saved article: `YYYY-MM-DD-outlet-slug.md` (without a date,
/// `outlet-slug.md`); the title slug is at most 60 bytes, the outlet's 30. An article with no
/// usable title is named after 8 hex digits of its address's hash.
pub fn file_name(date: Option<Date>, outlet: Option<&str>, title: Option<&str>, url: &str) -> String {
    let mut parts = Vec::new();
    if let Some(d) = date {
        parts.push(d.to_string());
    }
    let outlet = outlet.map(|o| slug(o, 30)).filter(|s| !s.is_empty());
    parts.extend(outlet);
    let title = title.map(|t| slug(t, 60)).filter(|s| !s.is_empty()).unwrap_or_else(|| {
        use sha2::Digest;
        let d = sha2::Sha256::digest(url.as_bytes());
        crate::brief::hex(&d[..4])
    });
    parts.push(title);
    format!("{}.md", parts.join("-"))
}

/// `name.md` → `name-N.md` (a changed or different article beside an existing file).
pub fn numbered(name: &str, n: usize) -> String {
    match name.strip_suffix(".md") {
        Some(stem) => format!("{stem}-{n}.md"),
        None => format!("{name}-{n}"),
    }
}

/// Longest file name [`is_own_file_name`] accepts (the names [`file_name`] makes, numbered, stay
/// far below it).
pub const MAX_FILE_NAME_BYTES: usize = 200;

/// Whether `name` is a name fetch makes ([`file_name`], [`numbered`]): lower-case ASCII letters,
/// digits and `-`, starting with a letter or digit, then `.md`, at most [`MAX_FILE_NAME_BYTES`]
/// bytes — so a plain file name in the input folder (no separator, no `..`, not hidden). A name
/// from the state file is used only when it is one.
pub fn is_own_file_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".md") else { return false };
    name.len() <= MAX_FILE_NAME_BYTES
        && stem.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && stem.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_addresses() {
        let c = |u| canonical(u);
        assert_eq!(
            c("HTTPS://News.Example.org:443/a/b?utm_source=rss&id=7&fbclid=x&gclid=y#comments").as_deref(),
            Some("https://news.example.org/a/b?id=7")
        );
        assert_eq!(c("https://x.test/a?utm_medium=feed").as_deref(), Some("https://x.test/a"));
        assert_eq!(c("http://x.test:8080/a#top").as_deref(), Some("http://x.test:8080/a"));
        assert_eq!(c("https://x.test/a?b=1&a=2").as_deref(), Some("https://x.test/a?b=1&a=2"));
        assert_eq!(c("javascript:alert(1)"), None);
        assert_eq!(c("ftp://x.test/a"), None);
        assert_eq!(c("/relative"), None);
    }

    #[test]
    fn page_canonical_links() {
        let html = r#"<html><head><link rel="canonical" href="/story?utm_campaign=x"><meta property="og:url" content="https://other.test/"></head></html>"#;
        assert_eq!(page_canonical(html, "https://n.test/amp/story").as_deref(), Some("https://n.test/story"));
        let og = r#"<html><head><meta property="og:url" content="https://n.test/og#x"></head></html>"#;
        assert_eq!(page_canonical(og, "https://n.test/x").as_deref(), Some("https://n.test/og"));
        let bad = r#"<link rel="canonical" href="javascript:alert(1)">"#;
        assert_eq!(page_canonical(bad, "https://n.test/x"), None);
        assert_eq!(page_canonical("<p>none</p>", "https://n.test/x"), None);
    }

    #[test]
    fn slugs_and_file_names() {
        assert_eq!(
            slug("NATO: Ministers' talks — “end” in Brüssel, Ærø & Straße!", 100),
            "nato-ministers-talks-end-in-brussel-aero-strasse"
        );
        assert_eq!(slug("../../etc/passwd", 100), "etc-passwd");
        assert_eq!(slug("a very long title that goes on", 12), "a-very-long");
        assert_eq!(slug("abcdefghijklmnop", 5), "abcde");
        assert_eq!(slug("日本語", 10), "");
        let d = Date::parse("2025-12-03");
        assert_eq!(
            file_name(d, Some("The Harbour Times"), Some("Port strike: spreads"), "https://x.test/1"),
            "2025-12-03-the-harbour-times-port-strike-spreads.md"
        );
        assert_eq!(file_name(None, None, Some("Title"), "u"), "title.md");
        let anon = file_name(d, Some("X"), Some("日本語"), "https://x.test/1");
        assert!(anon.starts_with("2025-12-03-x-") && anon.len() == "2025-12-03-x-".len() + 8 + 3, "{anon}");
        assert_eq!(numbered("a.md", 2), "a-2.md");
    }

    #[test]
    fn own_file_names() {
        let d = Date::parse("2025-12-03");
        let long = "x".repeat(300);
        for made in [
            file_name(d, Some("The Harbour Times"), Some("Port strike: spreads"), "https://x.test/1"),
            file_name(None, None, None, "https://x.test/1"),
            numbered(&file_name(d, Some(&long), Some(&long), "u"), 99),
        ] {
            assert!(is_own_file_name(&made), "{made}");
        }
        for bad in [
            "/abs/path.md",
            "../../x.md",
            "a/b.md",
            "a\\b.md",
            ".hidden.md",
            "-flag.md",
            "..md",
            ".md",
            "a.md.md",
            "A.md",
            "a.txt",
            "a",
            "/proc/self/status",
            "caf\u{e9}.md",
            "a\nb.md",
            "",
        ] {
            assert!(!is_own_file_name(bad), "{bad:?}");
        }
        assert!(is_own_file_name(&format!("{}.md", "a".repeat(MAX_FILE_NAME_BYTES - 3))));
        assert!(!is_own_file_name(&format!("{}.md", "a".repeat(MAX_FILE_NAME_BYTES - 2))));
        assert!(!is_own_file_name(&format!("{}.md", "a".repeat(250))));
    }

    #[test]
    fn window_filter() {
        let w = Some((Date::parse("2025-12-01").unwrap(), Date::parse("2025-12-07").unwrap()));
        assert!(in_window(Date::parse("2025-12-01"), w));
        assert!(in_window(Date::parse("2025-12-07"), w));
        assert!(!in_window(Date::parse("2025-11-30"), w));
        assert!(!in_window(Date::parse("2025-12-08"), w));
        assert!(in_window(None, w));
        assert!(in_window(Date::parse("1999-01-01"), None));
    }

    #[test]
    fn opml_outlines() {
        let opml = r#"<?xml version="1.0"?><opml version="2.0"><head><title>Subs</title></head><body>
<outline text="News"><outline type="rss" text="Harbour" title="The Harbour Times" xmlUrl="https://h.test/rss"/>
<outline type="rss" text="Atom  Desk" xmlUrl="https://a.test/atom"/><outline text="no feed" htmlUrl="https://x.test"/>
<outline text="bad" xmlUrl="file:///etc/passwd"/></outline></body></opml>"#;
        let feeds = parse_opml(opml).unwrap();
        assert_eq!(
            feeds,
            [
                FeedSpec { url: "https://h.test/rss".into(), outlet: Some("The Harbour Times".into()) },
                FeedSpec { url: "https://a.test/atom".into(), outlet: Some("Atom Desk".into()) },
            ]
        );
        assert!(parse_opml("<opml><body><outline").is_err());
        assert!(parse_opml("<rss/>").is_err());
        assert!(parse_opml("<!DOCTYPE x [<!ENTITY a \"b\">]><opml/>").is_err());
    }
}
