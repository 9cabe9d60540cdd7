//! `briefly summarize` on hand-written wire copy: folders, single files, budgets, errors.

use crate::common::*;
use predicates::prelude::*;
use std::fs;

/// Three invented reports, one paragraph per file and no headline (wire style); the second
/// ends in an editor's note without a final stop, as wire fragments do.
fn cluster() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let docs = [
        (
            "WIRE20250303.0001.txt",
            "NORTHPORT, Eastland (AP) -- The harbour authority of Northport closed the old ferry terminal on Monday after a crane collapsed onto the pier. Nobody was hurt when the crane collapsed, the harbour authority said in a statement issued in the afternoon. Ferry services to the islands will run from the new terminal until further notice, officials said.",
        ),
        (
            "WIRE20250304.0002.txt",
            "Inspectors began an inquiry on Tuesday into the crane collapse at the old ferry terminal in Northport. The port union said its engineers had warned about the crane for two years before it collapsed onto the pier. Local shops near the terminal reported fewer customers during the closure, the chamber of commerce said. The union, 3rd graf pvs",
        ),
        (
            "WIRE20250305.0003.txt",
            "The old ferry terminal in Northport will stay closed for at least a month while inspectors examine the collapsed crane, the harbour authority said on Wednesday. Ferry passengers to the islands have been moved to the new terminal, where queues were long on Wednesday morning.",
        ),
    ];
    for (name, text) in docs {
        fs::write(dir.path().join(name), format!("{text}\n")).unwrap();
    }
    dir
}

fn run(args: &[&str], path: &std::path::Path) -> String {
    let a = briefly().arg("summarize").args(args).arg(path).assert().success();
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

#[test]
fn word_budget_is_filled_to_the_word_or_kept_whole() {
    let dir = cluster();
    let all: String =
        fs::read_dir(dir.path()).unwrap().map(|e| fs::read_to_string(e.unwrap().path()).unwrap()).collect();
    let cut = run(&["--words", "40"], dir.path());
    assert_eq!(cut.split_whitespace().count(), 40, "{cut}");
    let whole = run(&["--words", "40", "--whole"], dir.path());
    assert!(whole.split_whitespace().count() <= 40, "{whole}");
    for line in cut.lines().chain(whole.lines()) {
        assert!(all.contains(line), "not verbatim: {line}");
        assert!(!line.contains("(AP)"), "dateline kept: {line}");
    }
    // Deterministic.
    assert_eq!(cut, run(&["--words", "40"], dir.path()));
}

#[test]
fn files_and_sentence_budgets_and_json() {
    let dir = cluster();
    let one = dir.path().join("WIRE20250305.0003.txt");
    let out = run(&["--sentences", "1"], &one);
    assert_eq!(out.lines().count(), 1, "{out}");
    let json = run(&["--sentences", "2", "--format", "json"], dir.path());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 2);
    // Reading order: source date, then position.
    let dates: Vec<&str> = items.iter().map(|s| s["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
}

#[test]
fn empty_and_unreadable_inputs_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, "  \n\n").unwrap();
    briefly()
        .arg("summarize")
        .arg(&empty)
        .assert()
        .failure()
        .stderr(predicate::str::contains("empty.txt").and(predicate::str::contains("has no text")));
    let binary = dir.path().join("binary.txt");
    fs::write(&binary, b"abc\0def").unwrap();
    briefly()
        .arg("summarize")
        .arg(&binary)
        .assert()
        .failure()
        .stderr(predicate::str::contains("binary.txt").and(predicate::str::contains("NUL")));
    // A lone headline has nothing to select.
    let short = dir.path().join("short.txt");
    fs::write(&short, "Harbour reopens\n").unwrap();
    briefly()
        .arg("summarize")
        .arg(&short)
        .assert()
        .failure()
        .stderr(predicate::str::contains("short.txt").and(predicate::str::contains("no sentence to select")));
}
