//! Bad input never panics: every case gives one clear error line naming the file, or a clean
//! skip, and writes nothing (issue #8's corpus; more cases come with that issue).

mod common;
use common::*;
use std::fs;
use std::path::Path;

fn build(input: &std::path::Path, out: &std::path::Path) -> assert_cmd::assert::Assert {
    briefly()
        .args(["build", "--formats", "md,json", "--config", "brief.yaml", "--input"])
        .arg(input)
        .arg("--out")
        .arg(out)
        .timeout(std::time::Duration::from_secs(120))
        .assert()
}

#[test]
fn each_bad_file_gives_one_clear_error() {
    let cases = [
        ("binary", "image.txt", "NUL"),
        ("empty", "empty.txt", "no text"),
        ("whitespace", "blank.md", "no text"),
        ("utf16", "utf16.txt", "UTF-16"),
        ("bad-utf8", "mixed.txt", "invalid UTF-8 at line 4"),
        ("alias-bomb", "bomb.md", "invalid front matter"),
        ("deep-yaml", "deep.md", "invalid front matter"),
        ("huge-yaml", "huge.md", "front matter is larger than"),
        ("unclosed-front-matter", "open.md", "never closed"),
    ];
    for (case, file, msg) in cases {
        let t = tempfile::tempdir().unwrap();
        let a = build(&root(&format!("tests/fixtures/bad/{case}")), &t.path().join("out")).failure().code(1);
        let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
        assert_eq!(err.lines().count(), 1, "{case}: {err}");
        assert!(err.contains(file) && err.contains(msg), "{case}: {err}");
        assert!(!t.path().join("out").exists(), "{case}: output written");
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_skipped() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("in");
    fs::create_dir(&dir).unwrap();
    std::os::unix::fs::symlink("loop.txt", dir.join("loop.txt")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("self.txt")).unwrap();
    fs::copy(root("seeds/004_84301d29c00dabfb.txt"), dir.join("ok.txt")).unwrap();
    build(&dir, &t.path().join("out")).success();
    let b: serde_json::Value =
        serde_json::from_slice(&fs::read(t.path().join("out/2025-W49/brief.json")).unwrap()).unwrap();
    assert_eq!(b["coverage"]["articles"], 1);
}

#[test]
fn a_folder_without_readable_articles_is_an_error() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("in");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("notes.docx"), b"PK\x03\x04").unwrap();
    fs::write(dir.join(".hidden.txt"), "Hidden\n\nA hidden article is not read by the tool at all.").unwrap();
    build(&dir, &t.path().join("out")).failure().stderr(predicates::str::contains("no articles in"));
}

#[test]
fn a_config_cannot_send_output_outside_its_project() {
    let t = tempfile::tempdir().unwrap();
    let project = t.path().join("team/project");
    fs::create_dir_all(project.join("seeds")).unwrap();
    fs::copy(root("seeds/004_84301d29c00dabfb.txt"), project.join("seeds/a.txt")).unwrap();
    for bad in ["../../x", "/tmp/briefly-elsewhere"] {
        fs::write(project.join("brief.yaml"), format!("title: T\ndate: 2025-12-04\noutput: {bad}\n"))
            .unwrap();
        let a = briefly()
            .current_dir(t.path())
            .args(["build", "--formats", "md", "--config", "team/project/brief.yaml"])
            .assert()
            .failure()
            .code(1);
        let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("brief.yaml") && err.contains("line 3") && err.contains("outside the project"),
            "{err}"
        );
        assert!(!t.path().join("x").exists() && !Path::new("/tmp/briefly-elsewhere").exists());
    }
    // Inside the project it works, relative to the config; so do the default folders.
    fs::write(project.join("brief.yaml"), "title: T\ndate: 2025-12-04\noutput: out/briefs\n").unwrap();
    briefly()
        .current_dir(t.path())
        .args(["build", "--formats", "md", "--config", "team/project/brief.yaml"])
        .assert()
        .success();
    assert!(project.join("out/briefs/2025-W49/brief.md").is_file());
    // An explicit --out may go anywhere.
    briefly()
        .current_dir(t.path())
        .args(["build", "--formats", "md", "--config", "team/project/brief.yaml", "--out", "elsewhere"])
        .assert()
        .success();
    assert!(t.path().join("elsewhere/2025-W49/brief.md").is_file());
}
