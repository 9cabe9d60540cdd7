//! Threads and progress (issue #8): the brief is byte-identical whatever the number of worker
//! threads; the progress bar appears only on a terminal, never with `-q` or when stderr is
//! redirected; a 10,000-article corpus builds (ignored in `cargo test`, run by `bench/scale.sh`).

use crate::common::*;
use std::path::Path;

fn build(input: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    let config = out.with_extension("yaml");
    std::fs::write(&config, "title: Synthetic\ndate: 2025-12-31\n").unwrap();
    briefly()
        .args(["build", "--formats", "md,html,json", "--config"])
        .arg(&config)
        .arg("--input")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(extra)
        .timeout(std::time::Duration::from_secs(900))
        .assert()
}

#[test]
fn one_and_two_threads_build_identical_briefs() {
    let t = tempfile::tempdir().unwrap();
    // More than the 64 articles from which sentence splitting also runs in parallel.
    synthetic_corpus(&t.path().join("in"), 150);
    let (one, two) = (t.path().join("one"), t.path().join("two"));
    build(&t.path().join("in"), &one, &["-j", "1"]).success();
    build(&t.path().join("in"), &two, &["--jobs", "2"]).success();
    let (a, b) = (files(&one), files(&two));
    assert!(a.contains_key("2026-W01/brief.json"), "{:?}", a.keys());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(b[k] == *v, "{k} differs between 1 and 2 threads");
    }
    build(&t.path().join("in"), &t.path().join("zero"), &["-j", "0"]).failure().code(2);
}

/// Runs `briefly build` under a pseudo-terminal (util-linux `script`) and returns what the
/// terminal showed.
#[cfg(target_os = "linux")]
fn on_a_terminal(extra: &str) -> Option<String> {
    if !have("script") {
        return None;
    }
    let t = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("briefly");
    let cmd = format!(
        "{} build {extra} --formats md,json --config brief.yaml --input seeds --out {}",
        bin.display(),
        t.path().join("out").display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(root(""))
        .env("BRIEFLY_PROGRESS_DELAY_MS", "0")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(target_os = "linux")]
#[test]
fn the_progress_bar_shows_only_on_a_terminal_and_not_with_q() {
    let Some(shown) = on_a_terminal("") else { return };
    assert!(shown.contains("reading articles") || shown.contains("rendering"), "{shown}");
    let quiet = on_a_terminal("-q").unwrap();
    assert!(!quiet.contains("reading articles") && !quiet.contains("rendering"), "{quiet}");
    // Not a terminal: no bar, only the one-line report.
    let a = briefly()
        .env("BRIEFLY_PROGRESS_DELAY_MS", "0")
        .args(["build", "--formats", "md", "--config", "brief.yaml", "--input", "seeds", "--out"])
        .arg(tempfile::tempdir().unwrap().path().join("out"))
        .assert()
        .success();
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(!err.contains("reading articles") && !err.contains('\u{1b}'), "{err}");
}

/// 10,000 synthetic articles build (the timing is `bench/scale.sh`'s job: tests never assert
/// on time). Ignored in `cargo test`.
#[test]
#[ignore]
fn ten_thousand_articles_build() {
    let t = tempfile::tempdir().unwrap();
    synthetic_corpus(&t.path().join("in"), 10_000);
    build(&t.path().join("in"), &t.path().join("out"), &["-q"]).success();
    let b: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.path().join("out/2026-W01/brief.json")).unwrap()).unwrap();
    assert_eq!(b["coverage"]["articles"], 10_000);
    assert!(!b["topics"].as_array().unwrap().is_empty());
}
