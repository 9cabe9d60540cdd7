//! Shared helpers for the integration tests.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `briefly` binary, run from the crate root with no leaking environment.
pub fn briefly() -> Command {
    let mut cmd = Command::cargo_bin("briefly").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env_remove("SOURCE_DATE_EPOCH");
    cmd
}

/// Path of a file in the crate.
pub fn root(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Builds a fixture folder (`tests/fixtures/<name>/{brief.yaml,articles}`) into `out`.
pub fn build_fixture(name: &str, out: &Path, formats: &str) -> assert_cmd::assert::Assert {
    let dir = root(&format!("tests/fixtures/{name}"));
    briefly()
        .args(["build", "--config"])
        .arg(dir.join("brief.yaml"))
        .arg("--input")
        .arg(dir.join("articles"))
        .arg("--out")
        .arg(out)
        .args(["--formats", formats])
        .assert()
}

/// Whether a command-line tool is installed.
pub fn have(tool: &str) -> bool {
    std::process::Command::new(tool).arg("-v").output().is_ok()
}

/// Text of a PDF via poppler's `pdftotext` (layout off, one string).
pub fn pdftotext(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext").arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Collapses all whitespace runs to one space (PDF text wraps lines anywhere).
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
