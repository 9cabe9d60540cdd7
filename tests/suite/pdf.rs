//! The PDF read back with poppler and qpdf: metadata, fonts, structure, text on every page,
//! literal hostile text, Cyrillic and Greek, PDF/A-2b. Each check is skipped (with `SKIP` on
//! stderr) when its tool is not installed; `.ci/run` installs poppler-utils and qpdf.
#![cfg(feature = "pdf")]

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Builds `config` + `input` once per test process into the target's scratch folder and
/// returns the brief folder.
fn built(name: &str, config: &Path, input: &Path, folder: &str) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("pdf-test-{name}"));
    let _ = std::fs::remove_dir_all(&out);
    briefly()
        .args(["build", "--formats", "pdf,json", "--config"])
        .arg(config)
        .arg("--input")
        .arg(input)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    out.join(folder)
}

fn seeds() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| built("seeds", &root("brief.yaml"), &root("seeds"), "2025-W49"))
}

fn pdfa_fixture() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = root("tests/fixtures/pdfa");
        built("pdfa", &dir.join("brief.yaml"), &dir.join("articles"), "PU-2025-49-v2")
    })
}

fn tool(name: &str) -> bool {
    let ok = Command::new(name).arg("--version").output().is_ok();
    if !ok {
        eprintln!("SKIP: {name} is not installed (apt-get install poppler-utils qpdf)");
    }
    ok
}

fn run(name: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(name).args(args).arg(pdf).output().unwrap();
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `pdfinfo` fields as (key, value).
fn pdfinfo(pdf: &Path) -> Vec<(String, String)> {
    run("pdfinfo", &["-isodates"], pdf)
        .lines()
        .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string())))
        .collect()
}

fn field<'a>(info: &'a [(String, String)], key: &str) -> &'a str {
    info.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or_else(|| panic!("no {key}"))
}

/// Text of each page (`pdftotext` separates pages with form feeds).
fn pages(pdf: &Path) -> Vec<String> {
    let text = pdftotext(pdf);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Whitespace squashed, and a line break after a hyphen or dash joined (lines break there).
fn norm(s: &str) -> String {
    squash(s).replace("- ", "-").replace("— ", "—").replace("– ", "–")
}

fn json(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("brief.json")).unwrap()).unwrap()
}

fn assert_only_embedded_fonts(pdf: &Path) {
    let fonts = run("pdffonts", &[], pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts listed:\n{fonts}");
    for row in rows {
        // Columns: name type encoding emb sub uni object-id; `emb` is the 4th from the end.
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}\n{fonts}");
    }
}

#[test]
fn seeds_pdf_metadata_pages_fonts_and_structure() {
    let pdf = seeds().join("brief.pdf");
    let brief = json(seeds());
    if tool("pdfinfo") {
        let info = pdfinfo(&pdf);
        assert_eq!(field(&info, "Title"), brief["title"].as_str().unwrap());
        let n: usize = field(&info, "Pages").parse().unwrap();
        assert!(n >= 3, "{n} pages");
        assert!(field(&info, "Subject").contains("2025-W49"), "{info:?}");
        let keywords = field(&info, "Keywords");
        for t in brief["topics"].as_array().unwrap() {
            assert!(keywords.contains(t["name"].as_str().unwrap()), "keywords {keywords}");
        }
        assert!(field(&info, "CreationDate").starts_with("2025-12-04"), "{info:?}");
        assert_eq!(field(&info, "Tagged"), "yes");
        assert!(field(&info, "Creator").starts_with("briefly "), "{info:?}");
        if tool("pdftotext") {
            assert_eq!(pages(&pdf).len(), n);
        }
    }
    if tool("pdffonts") {
        assert_only_embedded_fonts(&pdf);
    }
    if tool("qpdf") {
        run("qpdf", &["--check"], &pdf);
    }
    if tool("qpdf") {
        // The document language in the catalog (objects uncompressed to read it).
        let out = Command::new("qpdf")
            .args(["--qdf", "--object-streams=disable"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let plain = String::from_utf8_lossy(&out.stdout);
        assert!(plain.contains("/Lang (en-GB)"), "no document language");
    }
}

#[test]
fn seeds_pdf_text_has_marking_on_every_page_headings_and_every_point() {
    if !tool("pdftotext") {
        return;
    }
    let pdf = seeds().join("brief.pdf");
    let brief = json(seeds());
    let pages = pages(&pdf);
    for (i, page) in pages.iter().enumerate() {
        assert_eq!(page.matches("TLP:CLEAR").count(), 2, "page {} lacks the marking top and bottom", i + 1);
        let page = squash(page).replace(" / ", "/");
        assert!(page.contains(&format!("{}/{}", i + 1, pages.len())), "page {} number", i + 1);
    }
    let text = norm(&pages.concat());
    for needle in
        ["2025-W49", "version 1", "040000Z DEC 25", "Foreign-policy desk officers", "BOTTOM LINE UP FRONT"]
    {
        assert!(text.contains(needle), "missing {needle}");
    }
    let mut points: Vec<&serde_json::Value> = brief["bluf"].as_array().unwrap().iter().collect();
    for t in brief["topics"].as_array().unwrap() {
        assert!(text.contains(&norm(t["name"].as_str().unwrap())), "missing heading {}", t["name"]);
        points.extend(t["points"].as_array().unwrap());
    }
    assert!(points.len() >= 10);
    for p in points {
        let s = norm(p["text"].as_str().unwrap());
        assert!(text.contains(&s), "missing point: {s}");
    }
    let hash = brief["method"]["input_hash"].as_str().unwrap();
    assert!(text.contains(hash), "method lacks the input hash");
}

#[test]
fn pdfa_fixture_declares_pdfa_2b_and_renders_cyrillic_and_greek() {
    let dir = pdfa_fixture();
    let pdf = dir.join("brief.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    let xmp = String::from_utf8_lossy(&bytes);
    assert!(
        xmp.contains("<pdfaid:part>2</pdfaid:part>") || xmp.contains("pdfaid:part=\"2\""),
        "no PDF/A part 2 in the XMP"
    );
    assert!(
        xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>")
            || xmp.contains("pdfaid:conformance=\"B\""),
        "no PDF/A conformance B in the XMP"
    );
    if tool("qpdf") {
        run("qpdf", &["--check"], &pdf);
    }
    if tool("pdffonts") {
        assert_only_embedded_fonts(&pdf);
    }
    if tool("pdfinfo") {
        let info = pdfinfo(&pdf);
        assert_eq!(field(&info, "Title"), "Baltic and Aegean weekly");
        assert_eq!(field(&info, "Author"), "Policy Unit \"North\" #1");
        assert!(field(&info, "Subject").contains("PU-2025-49, version 2"), "{info:?}");
        assert_eq!(field(&info, "Keywords"), "Baltic security, Aegean diplomacy");
    }
    if !tool("pdftotext") {
        return;
    }
    let pages = pages(&pdf);
    for (i, page) in pages.iter().enumerate() {
        assert_eq!(
            page.matches("OFFICIAL-SENSITIVE #X $Y$ <Z>").count(),
            2,
            "page {} lacks the literal marking in capitals:\n{page}",
            i + 1
        );
    }
    let text = norm(&pages.concat());
    for needle in [
        "Kęstutis Budrys",
        "«Безопасность для всех»",
        "«Мы рядом»",
        "«Ασφάλεια στο Αιγαίο»",
        "«Νέοι κανόνες για τα πλοία»",
        "PU-2025-49",
        "version 2",
        "POLICY UNIT \"NORTH\" #1",
    ] {
        assert!(text.contains(needle), "PDF lacks `{needle}`:\n{text}");
    }
    // URLs break across lines after a slash.
    assert!(text.replace(' ', "").contains("https://example.org/vilnius?a=1&b=2"), "URL missing");
}

#[test]
fn hostile_fixture_pdf_is_valid_and_literal() {
    let dir = root("tests/fixtures/hostile");
    let out = built("hostile", &dir.join("brief.yaml"), &dir.join("articles"), "2025-W01");
    let pdf = out.join("brief.pdf");
    if tool("qpdf") {
        run("qpdf", &["--check"], &pdf);
    }
    if !tool("pdftotext") {
        return;
    }
    let text = squash(&pdftotext(&pdf));
    for needle in [
        "Headline with <script>alert(1)</script> and #panic(\"title\")",
        "#panic(\"x\") and $x$ and *b* and @ref and <label>",
        "backslash \\ and \"quotes\" and // a comment and /* another */",
        "[brackets] and `backticks` and _underscores_",
    ] {
        assert!(text.contains(needle), "PDF lacks literal `{needle}`:\n{text}");
    }
}
