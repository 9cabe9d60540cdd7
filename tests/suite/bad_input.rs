//! Bad input never panics: every case gives one clear error line naming the file, or a clean
//! skip, and writes nothing (issue #8's corpus; more cases come with that issue).

use crate::common::*;
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

/// Builds the minimal fixture with a user template folder holding `brief.md` = `template`.
/// Templates that loop for ever get a 3 s render deadline; the others 50 s, so that a loaded
/// machine never turns "stopped at the output cap" into "stopped by the deadline".
fn build_with_md_template(template: &str) -> Failed {
    let deadline_ms = if template.contains("{% endfor %}{% endfor %}") && !template.contains("{{") {
        "3000"
    } else {
        "50000"
    };
    build_failing(&[("brief.md", template)], "md", &[("BRIEFLY_RENDER_TIMEOUT_MS", deadline_ms)])
}

#[test]
fn runaway_templates_give_one_clear_error() {
    let big_output = format!(
        "{{% for i in range(end=100000) %}}{{% for j in range(end=100000) %}}{{{{ title }}}}{}{{% endfor %}}{{% endfor %}}",
        "x".repeat(1000)
    );
    let cases = [
        ("{% if %}", "brief.md"),
        ("{{ title | nosuchfilter }}", "nosuchfilter"),
        // Tera's own range() would allocate this and abort the process.
        ("{% for i in range(end=1000000000) %}x{% endfor %}", "more than the limit"),
        // Ten billion iterations: stopped by the render deadline.
        (
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
            "did not finish",
        ),
        // Gigabytes of output: stopped at the output cap. A kilobyte a step, so the cap (64 MiB)
        // comes long before the deadline even on a busy machine.
        (big_output.as_str(), "larger than"),
        ("{% include \"brief.md\" %}", "include cycle"),
    ];
    for (template, msg) in cases {
        let f = build_with_md_template(template);
        let err = &f.stderr;
        assert_eq!(err.lines().count(), 1, "{template}: {err}");
        assert!(err.contains("brief.md") && err.contains(msg), "{template}: {err}");
        assert!(!f.out_exists, "{template}: output written");
    }
}

#[test]
fn a_sentence_of_100000_words_is_handled() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("in");
    fs::create_dir(&dir).unwrap();
    let words: Vec<String> = (0..100_000).map(|i| format!("word{}", i % 977)).collect();
    fs::write(dir.join("long.txt"), format!("A very long sentence\n\n{}.\n", words.join(" "))).unwrap();
    fs::copy(root("seeds/004_84301d29c00dabfb.txt"), dir.join("ok.txt")).unwrap();
    build(&dir, &t.path().join("out")).success();
    let b: serde_json::Value =
        serde_json::from_slice(&fs::read(t.path().join("out/2025-W49/brief.json")).unwrap()).unwrap();
    assert_eq!(b["coverage"]["articles"], 2);
    // Far beyond the 55-word limit of a key point: it is never picked.
    assert!(!serde_json::to_string(&b["topics"]).unwrap().contains("word1 word2"));
}

/// A single-line file of 50 MB (below the 64 MiB read limit): read and analysed, no panic.
/// Ignored in `cargo test` (tens of seconds); `bench/scale.sh` runs it.
#[test]
#[ignore]
fn a_50_mb_single_line_file_is_handled() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("in");
    fs::create_dir(&dir).unwrap();
    let unit = "The delegates met again in the old hall and agreed to talk once more next week. ";
    let line: String = unit.repeat(50_000_000 / unit.len());
    fs::write(dir.join("huge.txt"), format!("Huge\n\n{line}\n")).unwrap();
    fs::copy(root("seeds/004_84301d29c00dabfb.txt"), dir.join("ok.txt")).unwrap();
    briefly()
        .args(["build", "-q", "--formats", "md,json", "--config", "brief.yaml", "--input"])
        .arg(&dir)
        .arg("--out")
        .arg(t.path().join("out"))
        .timeout(std::time::Duration::from_secs(600))
        .assert()
        .success();
    assert!(t.path().join("out/2025-W49/brief.md").is_file());
}

/// Issue 29, finding 8: a config error names the line of the mistake, not the line where the
/// mapping holding it starts.
#[test]
fn config_errors_name_the_right_line() {
    let t = tempfile::tempdir().unwrap();
    fs::create_dir(t.path().join("seeds")).unwrap();
    fs::copy(root("seeds/004_84301d29c00dabfb.txt"), t.path().join("seeds/a.txt")).unwrap();
    for (config, line, says) in [
        ("title: T\nformats: [md]\ndate: 2025-13-45\n", 3, "invalid date `2025-13-45`"),
        ("title: T\nformats: [md]\ndate: yesterday\n", 3, "invalid date `yesterday`"),
        (
            "title: T\nformats: [md]\nsources:\n  a.txt:\n    outlet: X\n    date: 2025-02-30\n",
            6,
            "invalid date",
        ),
        ("title: T\nformats: [md]\ndate: 2025-12-04\n# a comment\ntitle: U\n", 5, "duplicate field `title`"),
        (
            "title: T\nsections:\n  bluf: true\n  quotes: false\n  bluf: false\nformats: [md]\n",
            5,
            "duplicate field `bluf`",
        ),
        (
            "title: T\nsources:\n  a.txt: {outlet: X}\n  b.txt: {outlet: Y}\n  a.txt: {outlet: Z}\n",
            5,
            "duplicate",
        ),
        ("title: T\nformats: [md]\nbluf_sentences: 9\n", 3, "bluf_sentences"),
        ("title: T\nformats: [md]\nnumber: 'a b'\n", 3, "number"),
    ] {
        fs::write(t.path().join("brief.yaml"), config).unwrap();
        let a = briefly().current_dir(t.path()).args(["build", "-q"]).assert().failure().code(1);
        let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
        assert_eq!(err.lines().count(), 1, "{config}: {err}");
        assert!(err.contains(&format!("line {line}")) && err.contains(says), "{config}: {err}");
    }
}

/// Something other than a regular file where the config should be is named once, by what it is.
#[cfg(unix)]
#[test]
fn a_config_that_is_a_device_or_fifo_says_what_it_is() {
    let t = tempfile::tempdir().unwrap();
    let fifo = t.path().join("fifo.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    let mut cases = vec![(std::path::PathBuf::from("/dev/null"), "a device")];
    if made {
        cases.push((fifo, "a named pipe"));
    }
    for (config, what) in cases {
        let a = briefly().arg("build").arg("--config").arg(&config).assert().failure().code(1);
        let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert_eq!(err.matches("not a regular file").count(), 1, "{err}");
        assert!(err.contains(&format!("is {what}, not a regular file")), "{err}");
    }
}
