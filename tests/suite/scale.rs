//! A brief stays a brief at any size (issue #30): "Also this week" and the sources list are
//! capped by `limits:`, the rest counted in the coverage line and listed in `brief.json`.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

/// A made-up word of `syllables` syllables, the `n`-th of a fixed sequence.
fn word(n: usize, syllables: usize) -> String {
    const ONSETS: [&str; 12] = ["b", "d", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z"];
    const VOWELS: [&str; 5] = ["a", "e", "i", "o", "u"];
    let mut x = n.wrapping_mul(2_654_435_761).wrapping_add(12_345);
    let mut w = String::new();
    for _ in 0..syllables {
        w.push_str(ONSETS[x % 12]);
        x /= 12;
        w.push_str(VOWELS[x % 5]);
        x /= 5;
        x = x.wrapping_mul(31).wrapping_add(7);
    }
    w.push('n');
    w
}

/// Two articles for each of `stories` stories, each story told in words of its own (a town and
/// what happens there), dated in the week before 5 December 2025, one outlet each.
fn stories_corpus(dir: &Path, stories: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for k in 0..stories {
        let w: Vec<String> = (0..16).map(|i| word(k * 16 + i, 3)).collect();
        let place = format!("{}{}", w[0][..1].to_uppercase(), &w[0][1..]);
        for a in 0..2 {
            let text = format!(
                "---\ntitle: \"{place} {} {}, report {a}\"\ndate: 2025-12-0{day}\noutlet: Outlet {k}{a}\n---\n\n\
                 The {} of {place} {} the {} {} and the {} {} after the {} {} {} on Monday.\n\n\
                 In {place} the {} {} {} the {} {} while {} {} {} the {} {} again.\n",
                w[1],
                w[2],
                w[1],
                w[2],
                w[3],
                w[4],
                w[5],
                w[6],
                w[7],
                w[8],
                w[9],
                w[10],
                w[11],
                w[12],
                w[13],
                w[14],
                w[15],
                w[3],
                w[5],
                w[7],
                w[9],
                day = 1 + a + k % 3,
            );
            std::fs::write(dir.join(format!("{k:02}-{a}.md")), text).unwrap();
        }
    }
}

/// Builds `input` with `config` (YAML) into `out` (md, html, json); returns brief.json and brief.md.
fn build(input: &Path, config: &str, out: &Path) -> (Value, String) {
    let cfg = out.with_extension("yaml");
    std::fs::write(&cfg, config).unwrap();
    briefly()
        .args(["build", "-q", "--config"])
        .arg(&cfg)
        .arg("--input")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(["--formats", "md,html,json"])
        .assert()
        .success();
    let dir = out.join("2025-W49");
    let json = serde_json::from_slice(&std::fs::read(dir.join("brief.json")).unwrap()).unwrap();
    (json, std::fs::read_to_string(dir.join("brief.md")).unwrap())
}

const CONFIG: &str = "title: Towns\ndate: 2025-12-05\nauto_topics: 1\n";

#[test]
fn also_this_week_is_capped_and_the_rest_counted_and_listed_in_json() {
    let t = tempfile::tempdir().unwrap();
    let input = t.path().join("in");
    stories_corpus(&input, 8);
    // Uncapped (the default cap is above seven): one story section, seven lines.
    let (all, all_md) = build(&input, CONFIG, &t.path().join("all"));
    assert_eq!(all["also"].as_array().unwrap().len(), 7, "{all_md}");
    assert_eq!(all["coverage"]["stories"]["also_unlisted"], 0);
    // Capped at two: the five further stories, most important first, only in the JSON.
    let (capped, md) = build(&input, &format!("{CONFIG}limits: {{also: 2}}\n"), &t.path().join("capped"));
    let labels = |v: &Value| -> Vec<String> {
        v.as_array().unwrap().iter().map(|e| e["label"].as_str().unwrap().to_string()).collect()
    };
    let (shown, rest) = (labels(&capped["also"]), labels(&capped["also_unlisted"]));
    assert_eq!(shown, labels(&all["also"])[..2]);
    assert_eq!(rest, labels(&all["also"])[2..]);
    assert_eq!(capped["also_unlisted"][0]["story"]["articles"], 2);
    assert_eq!(capped["coverage"]["stories"]["also"], 7);
    assert_eq!(capped["coverage"]["stories"]["also_unlisted"], 5);
    assert!(md.contains("7 also this week (5 not shown)"), "{md}");
    let section = md.split("Also this week\n").nth(1).unwrap().split("\n## ").next().unwrap();
    assert_eq!(section.lines().filter(|l| l.starts_with("- **")).count(), 2, "{section}");
    for label in &rest {
        assert!(!section.contains(label.as_str()), "`{label}` is past the cap");
    }
}

#[test]
fn past_the_sources_cap_only_cited_sources_are_listed() {
    let t = tempfile::tempdir().unwrap();
    let input = t.path().join("in");
    stories_corpus(&input, 8);
    let (all, all_md) = build(&input, CONFIG, &t.path().join("all"));
    assert_eq!(all["sources"].as_array().unwrap().len(), 16);
    assert!(!all_md.contains("further source"));
    let config = format!("{CONFIG}bluf_sentences: 1\nlimits: {{sources: 4, also: 1}}\n");
    let (capped, md) = build(&input, &config, &t.path().join("capped"));
    let numbers = |v: &Value| -> Vec<u64> {
        v.as_array().unwrap().iter().map(|s| s["number"].as_u64().unwrap()).collect()
    };
    let (listed, unlisted) = (numbers(&capped["sources"]), numbers(&capped["sources_unlisted"]));
    // Every number once, in order within each list.
    let mut every: Vec<u64> = listed.iter().chain(&unlisted).copied().collect();
    every.sort_unstable();
    assert_eq!(every, (1..=16).collect::<Vec<u64>>());
    assert!(listed.is_sorted() && unlisted.is_sorted());
    // Listed: exactly the sources the brief cites.
    let text = serde_json::to_string(&capped).unwrap();
    let cited: Vec<u64> = (1..=16).filter(|n| text.contains(&format!("\"source\":{n},"))).collect();
    assert_eq!(listed, cited);
    assert!(!unlisted.is_empty());
    let n = unlisted.len();
    assert!(md.contains(&format!("{n} further sources, not cited, are listed in brief.json only.")), "{md}");
    for s in &listed {
        assert!(md.contains(&format!("<a id=\"source-{s}\"></a>")));
    }
    for s in &unlisted {
        assert!(!md.contains(&format!("<a id=\"source-{s}\"></a>")));
    }
    // The HTML list keeps the sources' numbers.
    let html = std::fs::read_to_string(t.path().join("capped/2025-W49/brief.html")).unwrap();
    assert!(html.contains(&format!("<li id=\"source-{0}\" value=\"{0}\">", listed[0])), "{html}");
}

#[test]
fn prepare_prints_each_article_as_a_json_line_of_sentences_and_terms() {
    let out = briefly().args(["prepare", "seeds"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let mut names: Vec<String> = std::fs::read_dir(root("seeds"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(lines.iter().map(|l| l["file"].as_str().unwrap()).collect::<Vec<_>>(), names);
    for line in &lines {
        let bytes = std::fs::read(root(&format!("seeds/{}", line["file"].as_str().unwrap()))).unwrap();
        let sentences = line["sentences"].as_array().unwrap();
        assert!(!sentences.is_empty());
        for (k, s) in sentences.iter().enumerate() {
            assert_eq!(s["index"], k);
            let (a, b) = (s["span"][0].as_u64().unwrap() as usize, s["span"][1].as_u64().unwrap() as usize);
            assert_eq!(&bytes[a..b], s["text"].as_str().unwrap().as_bytes(), "sentences are verbatim");
            let terms: Vec<String> =
                s["terms"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect();
            assert_eq!(terms, briefly::text::terms(s["text"].as_str().unwrap()));
        }
        assert_eq!(line["language"], "eng");
    }
}

#[test]
fn prepare_names_a_file_it_cannot_read() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("bad.md"), "---\ndate: [not a date\n---\n\nText.\n").unwrap();
    let out = briefly().arg("prepare").arg(t.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("bad.md"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
