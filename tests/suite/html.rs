//! The HTML pages and the archive: HTML5 parse errors, semantic structure, internal and relative
//! links, the Atom feed, contrast of the colour schemes, and (when Chromium is installed) a real
//! browser: the rendered DOM shows the brief, screenshots are produced, and a page built from
//! hostile articles contains nothing the articles injected.

use crate::common::*;
use dom_query::Document;
use predicates::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Builds the seeds (HTML, Markdown, JSON) and the minimal fixture into one output folder, so the
/// archive lists two briefs. Returns (temp dir, output folder).
fn build_archive() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("briefs");
    briefly()
        .args(["build", "--config", "brief.yaml", "--input", "seeds", "--formats", "md,html,json", "--out"])
        .arg(&out)
        .assert()
        .success();
    build_fixture("minimal", &out, "html,json").success();
    (t, out)
}

fn parse(path: &Path) -> (Document, String) {
    let html = std::fs::read_to_string(path).unwrap();
    (Document::from(html.as_str()), html)
}

fn ids(doc: &Document) -> Vec<String> {
    doc.select("[id]").nodes().iter().filter_map(|n| n.attr("id")).map(|s| s.to_string()).collect()
}

fn hrefs(doc: &Document) -> Vec<String> {
    doc.select("[href]").nodes().iter().filter_map(|n| n.attr("href")).map(|s| s.to_string()).collect()
}

/// No parse errors, exactly one h1, the semantic landmarks, unique ids, every `#…` link resolves
/// and nothing is fetched from elsewhere.
fn check_page(path: &Path, landmarks: &[&str]) -> Document {
    let (doc, html) = parse(path);
    let errors = doc.errors.borrow().clone();
    assert!(errors.is_empty(), "{}: HTML5 parse errors: {errors:?}", path.display());
    assert!(html.starts_with("<!DOCTYPE html>"), "{}: no doctype", path.display());
    assert_eq!(doc.select("h1").length(), 1, "{}: not exactly one h1", path.display());
    for l in landmarks {
        assert!(doc.select(l).length() >= 1, "{}: no <{l}>", path.display());
    }
    assert_eq!(doc.select("main").length(), 1, "{}", path.display());
    let all = ids(&doc);
    let unique: BTreeSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "{}: duplicate ids", path.display());
    for h in hrefs(&doc) {
        if let Some(frag) = h.strip_prefix('#').filter(|f| !f.is_empty()) {
            assert!(all.iter().any(|i| i == frag), "{}: link {h} has no target", path.display());
        }
    }
    // Self-contained: nothing loaded from elsewhere, no scripts.
    assert_eq!(doc.select("script, img, iframe, object, embed, link[rel~=stylesheet], [src]").length(), 0);
    let style = doc.select("style").text().to_string();
    assert!(!style.contains("url(") && !style.contains("@import"), "{}: external CSS", path.display());
    doc
}

#[test]
fn brief_and_index_parse_cleanly_and_every_link_resolves() {
    // The checker does report HTML5 parse errors.
    let bad = Document::from("<!DOCTYPE html><p>a</div><b>");
    assert!(!bad.errors.borrow().is_empty(), "html5ever reported no parse error for broken HTML");
    let (_t, out) = build_archive();
    let brief_path = out.join("2025-W49/brief.html");
    let brief = check_page(&brief_path, &["header", "nav", "main", "section", "article", "footer"]);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("2025-W49/brief.json")).unwrap()).unwrap();
    // Anchors on every topic and point, and the table of contents links them.
    let brief_ids = ids(&brief);
    let toc = hrefs(&Document::from(brief.select("nav").html().to_string()));
    for t in json["topics"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        assert!(brief_ids.iter().any(|i| i == id), "topic {id} has no anchor");
        assert!(toc.contains(&format!("#{id}")), "topic {id} not in the contents");
        for p in t["points"].as_array().unwrap() {
            let pid = p["id"].as_str().unwrap();
            assert!(brief_ids.iter().any(|i| i == pid), "point {pid} has no anchor");
        }
    }
    // Citations point into the sources list.
    let cites: Vec<String> =
        brief.select("a.cite").nodes().iter().filter_map(|n| n.attr("href")).map(|h| h.to_string()).collect();
    assert!(!cites.is_empty() && cites.iter().all(|h| h.starts_with("#source-")));
    assert_eq!(brief.select("div.marking").length(), 2, "marking banner at top and bottom");
    check_page(&out.join("2025-W10/brief.html"), &["header", "nav", "main", "section", "article"]);

    // The archive: every relative link reaches an existing file (and an id there).
    let index = check_page(&out.join("index.html"), &["header", "main", "article"]);
    let mut relative = 0;
    for h in hrefs(&index) {
        if h.starts_with('#') {
            continue;
        }
        assert!(!h.contains(':') && h.starts_with("./"), "not a relative link starting with ./: {h}");
        let (file, frag) = h.split_once('#').unwrap_or((&h, ""));
        let target = out.join(file);
        assert!(target.is_file(), "index.html links to missing {h}");
        if !frag.is_empty() {
            let (doc, _) = parse(&target);
            assert!(ids(&doc).iter().any(|i| i == frag), "index.html links to missing anchor {h}");
        }
        relative += 1;
    }
    assert!(relative >= 10, "only {relative} links in index.html");
    let titles: Vec<String> =
        index.select("article h2").nodes().iter().map(|n| n.text().to_string()).collect();
    assert_eq!(titles, ["NATO, the United States and the Ukraine peace talks", "Harbour and rail weekly"]);
}

#[test]
fn atom_feed_is_well_formed_with_one_entry_per_brief() {
    let (_t, out) = build_archive();
    let xml = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("feed.xml is not well-formed XML");
    let atom = "http://www.w3.org/2005/Atom";
    let root = doc.root_element();
    assert!(root.has_tag_name((atom, "feed")));
    let child = |n: roxmltree::Node, name: &str| -> String {
        n.children().find(|c| c.has_tag_name((atom, name))).and_then(|c| c.text()).unwrap_or("").to_string()
    };
    assert_eq!(child(root, "updated"), "2025-12-04T00:00:00Z", "feed updated = newest brief date");
    assert!(child(root, "id").starts_with("urn:uuid:"));
    let entries: Vec<roxmltree::Node> = root.children().filter(|c| c.has_tag_name((atom, "entry"))).collect();
    assert_eq!(entries.len(), 2);
    assert_eq!(child(entries[0], "updated"), "2025-12-04T00:00:00Z");
    assert_eq!(child(entries[1], "updated"), "2025-03-07T00:00:00Z");
    let mut entry_ids = BTreeSet::new();
    for e in &entries {
        assert!(!child(*e, "title").is_empty());
        assert!(entry_ids.insert(child(*e, "id")));
        let link = e.children().find(|c| c.has_tag_name((atom, "link"))).unwrap();
        let href = link.attribute("href").unwrap();
        assert!(href.starts_with("./") && out.join(href).is_file(), "{href}");
    }
    // Rebuilding changes nothing (no clock).
    build_fixture("minimal", &out, "html,json").success();
    assert_eq!(std::fs::read_to_string(out.join("feed.xml")).unwrap(), xml);
}

#[test]
fn unreadable_brief_folder_is_skipped_with_a_warning() {
    let (_t, out) = build_archive();
    std::fs::create_dir_all(out.join("2024-01-01")).unwrap();
    std::fs::write(out.join("2024-01-01/brief.json"), "{ broken").unwrap();
    build_fixture("minimal", &out, "html")
        .success()
        .stderr(predicates::str::contains("warning: `").and(predicates::str::contains("2024-01-01")));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!index.contains("2024-01-01") && index.contains("2025-W10&#x2F;brief.html"));
}

#[test]
fn hostile_input_makes_no_markup_or_live_links() {
    let t = tempfile::tempdir().unwrap();
    build_fixture("hostile-html", t.path(), "html,json").success();
    let page = t.path().join("2025-W06/brief.html");
    let doc = check_page(&page, &["header", "nav", "main", "article"]);
    assert_safe_dom(&doc, "brief.html");
    let (index, _) = parse(&t.path().join("index.html"));
    assert_safe_dom(&index, "index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("&lt;svg onload=alert(4)&gt;"), "article text not shown literally");
    // The one safe source URL is linked (escaped); the script and data URLs are not.
    assert!(
        html.contains("href=\"https:&#x2F;&#x2F;example.org&#x2F;ok?a=1&amp;b=2\""),
        "safe URL not linked"
    );
    let feed = std::fs::read_to_string(t.path().join("feed.xml")).unwrap();
    roxmltree::Document::parse(&feed).expect("feed with hostile text is not well-formed");
}

/// Elements and attributes a brief or index may contain; anything else was injected.
const ELEMENTS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "style",
    "link",
    "body",
    "div",
    "header",
    "nav",
    "main",
    "article",
    "section",
    "footer",
    "h1",
    "h2",
    "p",
    "ol",
    "ul",
    "li",
    "a",
    "span",
    "strong",
    "em",
    "code",
    "figure",
    "blockquote",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "time",
];
const ATTRIBUTES: &[&str] = &[
    "lang",
    "charset",
    "name",
    "content",
    "class",
    "id",
    "href",
    "rel",
    "type",
    "title",
    "role",
    "aria-label",
    "aria-labelledby",
    "datetime",
];

fn assert_safe_dom(doc: &Document, what: &str) {
    for n in doc.select("*").nodes() {
        let name = n.node_name().map(|s| s.to_string()).unwrap_or_default();
        assert!(ELEMENTS.contains(&name.as_str()), "{what}: injected element <{name}>");
        for a in n.attrs() {
            let attr = a.name.local.to_string();
            // The template's own Content-Security-Policy is the one `http-equiv` allowed.
            let csp = name == "meta" && attr == "http-equiv" && &*a.value == "Content-Security-Policy";
            assert!(
                csp || ATTRIBUTES.contains(&attr.as_str()),
                "{what}: injected attribute {attr} on <{name}>"
            );
            if attr == "href" {
                let v = a.value.trim().to_ascii_lowercase();
                assert!(
                    v.starts_with('#')
                        || v.starts_with("https://")
                        || v.starts_with("http://")
                        || !v.contains(':'),
                    "{what}: live link {v}"
                );
            }
        }
    }
}

/// WCAG AA: normal text needs a contrast ratio of at least 4.5 against its background, in both
/// colour schemes of both templates.
#[test]
fn colour_schemes_have_aa_contrast() {
    fn luminance(hex: &str) -> f64 {
        let hex =
            if hex.len() == 4 { hex.chars().flat_map(|c| [c, c]).skip(1).collect() } else { hex.to_string() };
        let v: Vec<f64> = (0..3)
            .map(|i| {
                u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16)
                    .unwrap_or_else(|_| panic!("bad colour {hex}")) as f64
                    / 255.0
            })
            .map(|c| if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) })
            .collect();
        0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]
    }
    fn ratio(a: &str, b: &str) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }
    for name in ["templates/brief.html", "templates/index.html"] {
        let text = std::fs::read_to_string(root(name)).unwrap();
        let schemes: Vec<&str> =
            text.lines().filter(|l| l.trim_start().starts_with(":root { --fg")).collect();
        assert!(schemes.len() >= 2, "{name}: light and dark schemes not found");
        for line in schemes {
            let var = |v: &str| -> String {
                let at = line.find(&format!("--{v}: ")).unwrap_or_else(|| panic!("{name}: no --{v}"))
                    + v.len()
                    + 4;
                line[at..].split(';').next().unwrap().trim().to_string()
            };
            for (fg, bg) in [
                ("fg", "bg"),
                ("muted", "bg"),
                ("accent", "bg"),
                ("fg", "box"),
                ("muted", "box"),
                ("accent", "box"),
            ] {
                let r = ratio(&var(fg), &var(bg));
                assert!(r >= 4.5, "{name}: --{fg} on --{bg} has contrast {r:.2} in `{line}`");
            }
        }
        // Marking colours on the black banner.
        for c in ["#ffffff", "#ff2b2b", "#ffc000", "#33ff00"] {
            assert!(ratio(c, "#000000") >= 4.5);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Headless Chromium.
// ---------------------------------------------------------------------------------------------

fn chromium() -> Option<String> {
    let candidates: Vec<String> = match std::env::var("CHROMIUM") {
        Ok(c) => vec![c],
        Err(_) => vec!["chromium".into(), "chromium-browser".into()],
    };
    candidates.into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Runs headless Chromium on `page` with `extra` flags; returns stdout. Fails after two minutes.
fn run_chromium(bin: &str, page: &Path, extra: &[String]) -> String {
    run_chromium_logged(bin, page, extra).0
}

/// [`run_chromium`], also returning what Chromium logged on stderr (console messages, such as
/// Content-Security-Policy violations, with `--enable-logging=stderr`).
fn run_chromium_logged(bin: &str, page: &Path, extra: &[String]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(&url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium failed to start");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).unwrap();
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stderr, &mut s);
        String::from_utf8_lossy(&s).into_owned()
    });
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium exited with {status} on {url}");
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish within two minutes on {url}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (reader.join().unwrap(), err_reader.join().unwrap())
}

fn dump_dom(bin: &str, page: &Path) -> Document {
    let dom = run_chromium(bin, page, &["--dump-dom".to_string()]);
    assert!(dom.contains("<body"), "no DOM dumped for {}", page.display());
    Document::from(dom.as_str())
}

fn screenshot(bin: &str, page: &Path, png: &Path, width: u32, height: u32, extra: &[&str]) {
    let mut flags =
        vec![format!("--screenshot={}", png.display()), format!("--window-size={width},{height}")];
    flags.extend(extra.iter().map(|s| s.to_string()));
    run_chromium(bin, page, &flags);
    let bytes = std::fs::read(png).unwrap_or_else(|_| panic!("no screenshot of {}", page.display()));
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 5_000, "not a PNG: {}", png.display());
}

#[test]
fn chromium_shows_the_brief_and_the_archive() {
    let Some(bin) = chromium() else {
        eprintln!("SKIP: chromium is not installed (apt-get install chromium); browser test not run");
        return;
    };
    let (_t, out) = build_archive();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("2025-W49/brief.json")).unwrap()).unwrap();
    let page = out.join("2025-W49/brief.html");
    let dom = dump_dom(&bin, &page);
    let h1 = dom.select("h1").text().to_string();
    assert_eq!(h1, json["title"].as_str().unwrap());
    let headings: Vec<String> = dom.select("main h2").nodes().iter().map(|n| n.text().to_string()).collect();
    for t in json["topics"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        assert!(
            headings.iter().any(|h| h.trim_end_matches('#').trim() == name),
            "heading {name} not in {headings:?}"
        );
    }
    let index = out.join("index.html");
    let idom = dump_dom(&bin, &index);
    assert!(idom.select("article h2").text().contains(json["title"].as_str().unwrap()));

    // Screenshots at desktop and phone widths (kept in $BRIEFLY_SCREENSHOTS when set).
    let keep = std::env::var_os("BRIEFLY_SCREENSHOTS").map(PathBuf::from);
    let shots = tempfile::tempdir().unwrap();
    let dir = keep.clone().unwrap_or_else(|| shots.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    screenshot(&bin, &page, &dir.join("brief-1280.png"), 1280, 2000, &[]);
    screenshot(&bin, &page, &dir.join("brief-390.png"), 390, 2400, &[]);
    screenshot(&bin, &index, &dir.join("index-1280.png"), 1280, 900, &[]);
    if keep.is_some() {
        screenshot(&bin, &index, &dir.join("index-390.png"), 390, 1200, &[]);
        screenshot(
            &bin,
            &page,
            &dir.join("brief-1280-dark.png"),
            1280,
            2000,
            &["--force-dark-mode", "--blink-settings=preferredColorScheme=0"],
        );
        screenshot(&bin, &out.join("2025-W10/brief.html"), &dir.join("minimal-390.png"), 390, 1600, &[]);
    }
}

#[test]
fn chromium_runs_no_script_from_a_hostile_article() {
    let Some(bin) = chromium() else {
        eprintln!("SKIP: chromium is not installed (apt-get install chromium); browser test not run");
        return;
    };
    let t = tempfile::tempdir().unwrap();
    build_fixture("hostile-html", t.path(), "html,json").success();
    let dom = dump_dom(&bin, &t.path().join("2025-W06/brief.html"));
    assert_safe_dom(&dom, "chromium DOM of brief.html");
    // An executed `document.title = 'PWNED'` would have replaced the title.
    assert!(dom.select("title").text().starts_with("Hostile page check <script>"));
    assert!(dom.select("h1").text().contains("<script>document.title='PWNED'</script>"));
    let idom = dump_dom(&bin, &t.path().join("index.html"));
    assert_safe_dom(&idom, "chromium DOM of index.html");
}

#[test]
fn the_content_security_policy_allows_the_inline_style_and_nothing_else() {
    let (_t, out) = build_archive();
    let page = out.join("2025-W49/brief.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">";
    assert!(html.contains(csp), "brief.html has no CSP");
    assert!(std::fs::read_to_string(out.join("index.html")).unwrap().contains(csp), "index.html has no CSP");
    let Some(bin) = chromium() else {
        eprintln!("SKIP: chromium is not installed (apt-get install chromium); browser test not run");
        return;
    };
    let refused = |page: &Path| -> bool {
        let flags = ["--enable-logging=stderr".to_string(), "--v=0".to_string(), "--dump-dom".to_string()];
        let (dom, log) = run_chromium_logged(&bin, page, &flags);
        assert!(dom.contains("<body"), "no DOM for {}", page.display());
        log.contains("Content Security Policy")
    };
    // The check can fail: a policy without 'unsafe-inline' styles is reported by Chromium.
    let strict = out.join("2025-W49/strict.html");
    std::fs::write(&strict, html.replace("style-src 'unsafe-inline'", "style-src 'none'")).unwrap();
    assert!(refused(&strict), "Chromium did not report a refused inline style");
    assert!(!refused(&page), "brief.html breaks its own policy");
    assert!(!refused(&out.join("index.html")), "index.html breaks its own policy");
}
