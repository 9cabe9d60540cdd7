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

/// Writes `n` synthetic articles into `dir`, recombined from the sentences of `seeds/` with a
/// fixed pseudo-random sequence (the same corpus every time): Markdown with a title, a date in
/// December 2025 and an outlet, 12–30 sentences in paragraphs of three.
pub fn synthetic_corpus(dir: &Path, n: usize) {
    let mut pool: Vec<String> = Vec::new();
    let mut names: Vec<PathBuf> =
        std::fs::read_dir(root("seeds")).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for p in names {
        for line in std::fs::read_to_string(p).unwrap().lines() {
            for s in line.split_inclusive(". ") {
                let s = s.trim();
                if s.split_whitespace().count() >= 8 && s.ends_with(['.', '!', '?']) {
                    pool.push(s.to_string());
                }
            }
        }
    }
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |m: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % m
    };
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let day = 1 + next(28);
        let count = 12 + next(19);
        let body: Vec<&str> = (0..count).map(|_| pool[next(pool.len())].as_str()).collect();
        let paras: Vec<String> = body.chunks(3).map(|c| c.join(" ")).collect();
        let title: String = pool[next(pool.len())].split_whitespace().take(9).collect::<Vec<_>>().join(" ");
        let text = format!(
            "---\ntitle: \"{}\"\ndate: 2025-12-{day:02}\nsource: Outlet {}\n---\n\n{}\n",
            title.replace('"', ""),
            i % 37,
            paras.join("\n\n")
        );
        std::fs::write(dir.join(format!("{i:05}.md")), text).unwrap();
    }
}

/// Every file under `dir` (recursively), keyed by its path relative to `dir` with `/`
/// separators; empty when `dir` does not exist.
pub fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// What a failed build left behind.
pub struct Failed {
    pub stdout: String,
    pub stderr: String,
    /// Every file under the output folder (empty when it was never created).
    pub written: std::collections::BTreeMap<String, Vec<u8>>,
    /// Whether the output folder exists at all.
    pub out_exists: bool,
}

/// Builds the minimal fixture with `templates` (file name, contents) as the user template
/// folder, in `formats`, with `env` set; expects exit status 1 (an error, not a signal or a
/// panic).
pub fn build_failing(templates: &[(&str, &str)], formats: &str, env: &[(&str, &str)]) -> Failed {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("templates");
    std::fs::create_dir(&dir).unwrap();
    for (name, text) in templates {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let fixture = root("tests/fixtures/minimal");
    let mut cmd = briefly();
    for (k, v) in env {
        cmd.env(k, v);
    }
    let a = cmd
        .args(["build", "--formats", formats, "--config"])
        .arg(fixture.join("brief.yaml"))
        .arg("--input")
        .arg(fixture.join("articles"))
        .arg("--templates")
        .arg(&dir)
        .arg("--out")
        .arg(t.path().join("out"))
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .failure()
        .code(1);
    let out = a.get_output();
    Failed {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        written: files(&t.path().join("out")),
        out_exists: t.path().join("out").exists(),
    }
}
