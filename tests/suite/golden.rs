//! The committed `briefs/` must be exactly what the code makes from `seeds/` and `brief.yaml`.
//! Re-bless after a deliberate change with `BLESS=1 cargo test --test golden`. The build tests
//! need the `pdf` feature (the committed briefs include `brief.pdf`).

use crate::common::*;
#[cfg(feature = "pdf")]
use std::collections::BTreeMap;
#[cfg(feature = "pdf")]
use std::path::Path;

#[cfg(feature = "pdf")]
fn build_seeds(out: &Path) {
    briefly()
        .args(["build", "--config", "brief.yaml", "--input", "seeds", "--out"])
        .arg(out)
        .assert()
        .success();
}

#[cfg(feature = "pdf")]
#[test]
fn committed_briefs_match_the_code() {
    let tmp = tempfile::tempdir().unwrap();
    build_seeds(tmp.path());
    let built = files(tmp.path());
    let committed_dir = root("briefs");
    if std::env::var_os("BLESS").is_some() {
        for (rel, bytes) in &built {
            let p = committed_dir.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
    }
    let committed = files(&committed_dir);
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&committed), names(&built), "briefs/ has missing or extra files; re-bless with BLESS=1");
    for (rel, bytes) in &built {
        assert!(
            committed[rel] == *bytes,
            "briefs/{rel} differs from what the code builds; re-bless with BLESS=1 cargo test --test golden"
        );
    }
}

#[cfg(feature = "pdf")]
#[test]
fn two_builds_are_byte_identical() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    build_seeds(a.path());
    build_seeds(b.path());
    let (fa, fb) = (files(a.path()), files(b.path()));
    // brief.{md,html,pdf,json} and the archive's index.html and feed.xml.
    assert_eq!(fa.len(), 6, "{:?}", fa.keys());
    assert_eq!(fa, fb);
}

#[test]
fn every_key_point_is_verbatim_from_its_source() {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root("briefs/2025-W49/brief.json")).unwrap()).unwrap();
    let sources = json["sources"].as_array().unwrap();
    let mut points: Vec<&serde_json::Value> = json["bluf"].as_array().unwrap().iter().collect();
    for t in json["topics"].as_array().unwrap() {
        points.extend(t["points"].as_array().unwrap());
    }
    assert!(points.len() >= 10, "only {} points", points.len());
    for p in points {
        let text = p["text"].as_str().unwrap();
        let mut verbatim = 0;
        for c in p["citations"].as_array().unwrap() {
            let n = c["source"].as_u64().unwrap() as usize;
            let file = sources[n - 1]["file"].as_str().unwrap();
            let src = std::fs::read_to_string(root(&format!("seeds/{file}"))).unwrap();
            let [s, e] = [c["span"][0].as_u64().unwrap() as usize, c["span"][1].as_u64().unwrap() as usize];
            let cited = &src[s..e];
            // The point's own source has it word for word at the cited span; other sources
            // merged into the point say the same thing in a sentence of their own.
            if cited == text {
                verbatim += 1;
            } else {
                assert!(
                    cited.split_whitespace().count() >= 5,
                    "citation of {file} is not a sentence: {cited}"
                );
            }
        }
        assert!(verbatim >= 1, "point not verbatim at any cited span: {text}");
        assert!(
            sources.iter().any(|s| std::fs::read_to_string(root(&format!(
                "seeds/{}",
                s["file"].as_str().unwrap()
            )))
            .unwrap()
            .contains(text)),
            "point not verbatim in any source: {text}"
        );
    }
}

#[test]
fn pdf_shows_title_and_every_topic_heading() {
    if !have("pdftotext") {
        eprintln!("SKIP: pdftotext (poppler-utils) is not installed");
        return;
    }
    let text = squash(&pdftotext(&root("briefs/2025-W49/brief.pdf")));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root("briefs/2025-W49/brief.json")).unwrap()).unwrap();
    assert!(text.contains(&squash(json["title"].as_str().unwrap())), "{text}");
    for t in json["topics"].as_array().unwrap() {
        let name = squash(t["name"].as_str().unwrap());
        assert!(text.contains(&name), "missing heading {name}");
    }
    assert!(text.contains("TLP:CLEAR"));
}
