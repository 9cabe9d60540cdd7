//! CLI behaviour: builds into temporary folders, summaries, and every bad-input error.

use crate::common::*;
use predicates::prelude::*;
use std::fs;

#[test]
fn help_lists_subcommands_with_examples() {
    briefly()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("build").and(predicate::str::contains("summarize")));
    briefly().args(["build", "--help"]).assert().success().stdout(predicate::str::contains("Examples:"));
}

#[test]
fn build_writes_all_formats_into_dated_folder() {
    let out = tempfile::tempdir().unwrap();
    build_fixture("minimal", out.path(), "md,html,json")
        .success()
        .stderr(predicate::str::contains("built brief.md, brief.html, brief.json"));
    let dir = out.path().join("2025-W10");
    let names: Vec<String> = {
        let mut v: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names, ["brief.html", "brief.json", "brief.md"]);
    let md = fs::read_to_string(dir.join("brief.md")).unwrap();
    insta::assert_snapshot!("minimal_md", md);
    let html = fs::read_to_string(dir.join("brief.html")).unwrap();
    insta::assert_snapshot!("minimal_html", html);
}

#[test]
fn hostile_text_stays_literal_in_every_format() {
    let out = tempfile::tempdir().unwrap();
    let formats = if cfg!(feature = "pdf") { "md,html,pdf,json" } else { "md,html,json" };
    build_fixture("hostile", out.path(), formats).success();
    let dir = out.path().join("2025-W01");
    let html = fs::read_to_string(dir.join("brief.html")).unwrap();
    assert!(!html.contains("<script>alert"), "live script in HTML");
    assert!(!html.contains("<label>"), "live tag in HTML");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"), "script not shown as text");
    assert!(html.contains("{{ x }}") && html.contains("{% if %}"), "template code altered");

    // The Markdown, rendered by a CommonMark parser, shows the text literally.
    let md = fs::read_to_string(dir.join("brief.md")).unwrap();
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(&mut rendered, pulldown_cmark::Parser::new(&md));
    assert!(!rendered.contains("<script>alert"), "live script from Markdown");
    assert!(!rendered.contains("<em>b</em>") && rendered.contains("*b*"), "emphasis was interpreted");
    assert!(rendered.contains("{{ x }}") && rendered.contains("{% if %}"));

    let json: serde_json::Value = serde_json::from_slice(&fs::read(dir.join("brief.json")).unwrap()).unwrap();
    let all = json.to_string();
    assert!(all.contains("#panic(\\\"x\\\") and $x$ and *b* and @ref and <label>"));

    if !cfg!(feature = "pdf") {
        eprintln!("SKIP: PDF part (built without the `pdf` feature)");
        return;
    }
    let pdf = fs::read(dir.join("brief.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    if have("pdftotext") {
        let text = squash(&pdftotext(&dir.join("brief.pdf")));
        for needle in [
            "<script>alert(1)</script>",
            "#panic(\"x\") and $x$ and *b* and @ref and <label>",
            "{{ x }} and {% if %}",
            "backslash \\ and \"quotes\" and // a comment and /* another */",
            "[brackets] and `backticks` and _underscores_",
        ] {
            assert!(text.contains(needle), "PDF lacks literal `{needle}`:\n{text}");
        }
    }
}

#[test]
fn summarize_prints_sentences_within_budget() {
    let assert = briefly().args(["summarize", "--words", "40", "seeds"]).assert().success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let words: usize = out.split_whitespace().count();
    assert!(words > 0 && words <= 40, "{words} words:\n{out}");
    let seeds: String = fs::read_dir(root("seeds"))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    for line in out.lines() {
        assert!(seeds.contains(line), "not verbatim: {line}");
    }
    briefly()
        .args(["summarize", "--sentences", "2", "--format", "json", "seeds/003_5288975b4e2e6b95.txt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"file\": \"003_5288975b4e2e6b95.txt\""));
}

#[test]
fn summarize_errors_are_clear() {
    let empty = tempfile::tempdir().unwrap();
    briefly()
        .arg("summarize")
        .arg(empty.path())
        .assert()
        .failure()
        .stderr(predicate::str::contains("no articles found"));
    briefly()
        .args(["summarize", "no/such/file.txt"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("`no/such/file.txt` not found"));
}

/// Arguments reach the program as the bytes the shell gave (the binary reads C's `argv` itself,
/// `src/main.rs`): a file name that is not UTF-8 is read, and named in errors.
#[cfg(unix)]
#[test]
fn arguments_that_are_not_utf8_are_passed_through() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    let text = "Ministers agreed on a new budget for the harbour on Monday after long talks.\n\n\
                The harbour budget funds dredging and two new cranes over three years.\n";
    if fs::write(dir.path().join(name), text).is_err() {
        return; // a file system that refuses non-UTF-8 names (not ext4, tmpfs)
    }
    briefly()
        .args(["summarize", "--words", "30"])
        .arg(dir.path().join(name))
        .assert()
        .success()
        .stdout(predicate::str::contains("harbour"));
    briefly()
        .arg("summarize")
        .arg(dir.path().join(std::ffi::OsStr::from_bytes(b"missing-\xff.txt")))
        .assert()
        .failure()
        .stderr(predicate::str::contains("missing-\u{fffd}.txt` not found"));
}

/// Runs a build that must fail, returns stderr; checks nothing was written.
fn failing_build(args: &[&str], dir: &std::path::Path) -> String {
    let out = dir.join("out");
    let a = briefly()
        .args(["build", "--formats", "md,html,json"])
        .args(args)
        .arg("--out")
        .arg(&out)
        .assert()
        .failure()
        .code(1);
    assert!(!out.exists() || fs::read_dir(&out).unwrap().next().is_none(), "partial output written");
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "expected one error line, got:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn bad_input_gives_one_clear_error_line() {
    let t = tempfile::tempdir().unwrap();
    let p = |name: &str| t.path().join(name);
    let s = |path: &std::path::Path| path.to_str().unwrap().to_string();
    let cfg = p("brief.yaml");
    fs::write(&cfg, "title: T\ndate: 2025-01-01\n").unwrap();

    let err = failing_build(&["--config", &s(&cfg), "--input", &s(&p("missing"))], t.path());
    assert!(err.contains("input folder") && err.contains("missing"), "{err}");

    fs::create_dir(p("empty")).unwrap();
    let err = failing_build(&["--config", &s(&cfg), "--input", &s(&p("empty"))], t.path());
    assert!(err.contains("no articles in"), "{err}");

    fs::create_dir(p("latin1")).unwrap();
    fs::write(p("latin1/a.txt"), b"Title\n\nCaf\xe9 society met on Monday to talk.\n").unwrap();
    let err = failing_build(&["--config", &s(&cfg), "--input", &s(&p("latin1"))], t.path());
    assert!(err.contains("a.txt") && err.contains("invalid UTF-8 at line 3"), "{err}");

    fs::create_dir(p("badfm")).unwrap();
    fs::write(p("badfm/a.md"), "---\ntitle: ok\ndate: [unclosed\n---\nBody text here.\n").unwrap();
    let err = failing_build(&["--config", &s(&cfg), "--input", &s(&p("badfm"))], t.path());
    assert!(err.contains("a.md") && err.contains("invalid front matter: line "), "{err}");

    let bad_cfg = p("bad.yaml");
    fs::write(&bad_cfg, "title: T\ncolour: red\n").unwrap();
    let err = failing_build(&["--config", &s(&bad_cfg), "--input", "seeds"], t.path());
    assert!(
        err.contains("bad.yaml")
            && err.contains("unknown field `colour`")
            && err.contains("line 2, column 1"),
        "{err}"
    );

    fs::create_dir(p("tpl")).unwrap();
    fs::write(p("tpl/brief.html"), "<h1>{{ title }</h1>").unwrap();
    let err =
        failing_build(&["--config", &s(&cfg), "--input", "seeds", "--templates", &s(&p("tpl"))], t.path());
    assert!(err.contains("brief.html") && err.contains("line 1"), "{err}");

    fs::write(p("tpl/brief.html"), "<h1>{{ no_such_field }}</h1>").unwrap();
    let err =
        failing_build(&["--config", &s(&cfg), "--input", "seeds", "--templates", &s(&p("tpl"))], t.path());
    assert!(err.contains("brief.html") && err.contains("no_such_field"), "{err}");
}

#[test]
fn failed_build_keeps_previous_brief() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    let build = || {
        let mut cmd = briefly();
        cmd.arg("build")
            .arg("--config")
            .arg(root("tests/fixtures/minimal/brief.yaml"))
            .arg("--input")
            .arg(root("tests/fixtures/minimal/articles"))
            .arg("--out")
            .arg(&out)
            .args(["--formats", "md,html"]);
        cmd
    };
    build().assert().success();
    let before = fs::read(out.join("2025-W10/brief.md")).unwrap();
    fs::create_dir(t.path().join("tpl")).unwrap();
    fs::write(t.path().join("tpl/brief.html"), "{{ missing }}").unwrap();
    build().arg("--templates").arg(t.path().join("tpl")).assert().failure();
    assert_eq!(fs::read(out.join("2025-W10/brief.md")).unwrap(), before);
    let leftovers: Vec<_> =
        fs::read_dir(out.join("2025-W10")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");
}

#[test]
fn user_template_overrides_default() {
    let t = tempfile::tempdir().unwrap();
    fs::write(t.path().join("brief.md"), "CUSTOM {{ title }} {{ topics | length }}\n").unwrap();
    let out = t.path().join("out");
    briefly()
        .args([
            "build",
            "--config",
            "tests/fixtures/minimal/brief.yaml",
            "--input",
            "tests/fixtures/minimal/articles",
            "--formats",
            "md",
        ])
        .arg("--templates")
        .arg(t.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(out.join("2025-W10/brief.md")).unwrap(),
        "CUSTOM Harbour and rail weekly 2\n"
    );
}

#[test]
fn source_date_epoch_sets_date_when_config_has_none() {
    let t = tempfile::tempdir().unwrap();
    let cfg = t.path().join("c.yaml");
    fs::write(&cfg, "title: T\n").unwrap();
    briefly()
        .env("SOURCE_DATE_EPOCH", "1764720000")
        .args(["build", "--formats", "json", "--input", "tests/fixtures/minimal/articles", "--config"])
        .arg(&cfg)
        .arg("--out")
        .arg(t.path().join("out"))
        .assert()
        .success();
    assert!(t.path().join("out/2025-W49/brief.json").exists());
}

#[test]
fn init_writes_config_and_seeds_then_refuses() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("proj");
    briefly().arg("init").arg(&dir).assert().success();
    let cfg = fs::read_to_string(dir.join("brief.yaml")).unwrap();
    assert!(cfg.starts_with("# briefly configuration"));
    briefly::config::BriefConfig::parse(&cfg).expect("the init config parses");
    assert!(dir.join("seeds").is_dir());
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 2, "init writes nothing else");
    briefly()
        .arg("init")
        .arg(&dir)
        .assert()
        .failure()
        .stderr(predicate::str::contains("refusing to overwrite"));
    assert_eq!(fs::read_to_string(dir.join("brief.yaml")).unwrap(), cfg);
}

#[test]
fn templates_are_written_out_and_never_overwritten() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("tpl");
    briefly().args(["templates", "--out"]).arg(&out).assert().success();
    for (name, text) in briefly::render::templates::DEFAULTS {
        assert_eq!(fs::read_to_string(out.join(name)).unwrap(), *text);
    }
    fs::write(out.join("brief.md"), "mine").unwrap();
    briefly()
        .args(["templates", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("brief.md").and(predicate::str::contains("refusing to overwrite")));
    assert_eq!(fs::read_to_string(out.join("brief.md")).unwrap(), "mine");
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        briefly().args(["completions", shell]).assert().success().stdout(predicate::str::contains("briefly"));
    }
    briefly().args(["completions", "cmd.exe"]).assert().failure();
}

#[test]
fn every_subcommand_has_examples_in_help() {
    for sub in ["build", "summarize", "init", "templates", "completions"] {
        briefly().args([sub, "--help"]).assert().success().stdout(predicate::str::contains("Examples:"));
    }
}

#[test]
fn diff_after_removing_an_article_reports_its_points_as_removed() {
    let t = tempfile::tempdir().unwrap();
    let seeds = t.path().join("seeds");
    fs::create_dir(&seeds).unwrap();
    for e in fs::read_dir(root("seeds")).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, seeds.join(p.file_name().unwrap())).unwrap();
    }
    // Version 2 of the same brief number: its own folder beside version 1.
    let v2_config = t.path().join("v2.yaml");
    fs::write(&v2_config, fs::read_to_string(root("brief.yaml")).unwrap() + "\nversion: 2\n").unwrap();
    let build = |config: &std::path::Path| {
        briefly()
            .args(["build", "--formats", "json", "--config"])
            .arg(config)
            .arg("--input")
            .arg(&seeds)
            .arg("--out")
            .arg(t.path().join("briefs"))
            .assert()
            .success();
    };
    build(&root("brief.yaml"));
    let v1_bytes = fs::read(t.path().join("briefs/2025-W49/brief.json")).unwrap();
    let gone = "002_3a030de5e056acd4.txt";
    let gone_text = fs::read_to_string(seeds.join(gone)).unwrap();
    fs::remove_file(seeds.join(gone)).unwrap();
    build(&v2_config);
    assert_eq!(fs::read(t.path().join("briefs/2025-W49/brief.json")).unwrap(), v1_bytes, "v1 untouched");
    let out = briefly()
        .args(["diff", "--format", "json"])
        .arg(t.path().join("briefs/2025-W49"))
        .arg(t.path().join("briefs/2025-W49-v2/brief.json"))
        .assert()
        .success();
    let d: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let texts = |key: &str| -> std::collections::BTreeSet<String> {
        d["sections"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s[key].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap().to_string()))
            .collect()
    };
    let v1: serde_json::Value =
        serde_json::from_slice(&fs::read(t.path().join("briefs/2025-W49/brief.json")).unwrap()).unwrap();
    // The points that came from the removed article: no remaining article has their sentence.
    let remaining: Vec<String> =
        fs::read_dir(&seeds).unwrap().map(|e| fs::read_to_string(e.unwrap().path()).unwrap()).collect();
    let from_gone: std::collections::BTreeSet<String> = std::iter::once(&v1["bluf"])
        .chain(v1["topics"].as_array().unwrap().iter().map(|t| &t["points"]))
        .flat_map(|ps| ps.as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap().to_string()))
        .filter(|text| !remaining.iter().any(|r| r.contains(text.as_str())))
        .collect();
    assert!(!from_gone.is_empty(), "the removed article contributed points");
    assert!(from_gone.iter().all(|t| gone_text.contains(t.as_str())));
    // Version 2 revises version 1: exactly those points are removed, every other one is kept,
    // and what replaces them is added.
    let removed = texts("removed");
    assert_eq!(removed, from_gone);
    let added = texts("added");
    assert!(!added.is_empty() && added.len() <= removed.len(), "{added:?}");
    let v2 = fs::read_to_string(t.path().join("briefs/2025-W49-v2/brief.json")).unwrap();
    for r in &removed {
        assert!(!v2.contains(&serde_json::to_string(r).unwrap()), "reported removed but still in v2: {r}");
    }
    assert!(texts("kept").iter().all(|k| !gone_text.contains(k.as_str())));
}

#[test]
fn diff_refuses_unknown_revisions_and_paths() {
    briefly()
        .args(["diff", "no-such-rev:briefs/2025-W49", "briefs/2025-W49"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("git revision `no-such-rev`"));
    briefly()
        .args(["diff", "nowhere", "briefs/2025-W49"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("`nowhere` not found"));
}

#[test]
fn week_window_selects_articles_by_date() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    let run = |extra: &[&str]| {
        briefly()
            .args([
                "build",
                "--formats",
                "json",
                "--config",
                "brief.yaml",
                "--input",
                "seeds",
                "--week",
                "2025-W49",
            ])
            .args(extra)
            .arg("--out")
            .arg(&out)
            .assert()
    };
    run(&[]).success().stderr(predicate::str::contains("`001_a94a98ed74756716.txt` has no date; included"));
    let b: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("2025-W49/brief.json")).unwrap()).unwrap();
    let w = &b["coverage"]["window"];
    assert_eq!((w["from"].as_str(), w["to"].as_str()), (Some("2025-12-01"), Some("2025-12-07")));
    assert_eq!((w["excluded"].as_u64(), w["undated"].as_u64()), (Some(2), Some(1)));
    assert_eq!(b["coverage"]["articles"], 3);
    run(&["--strict-dates"]).success().stderr(predicate::str::contains("left out (--strict-dates)"));
    let b: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("2025-W49/brief.json")).unwrap()).unwrap();
    assert_eq!(b["coverage"]["articles"], 2);
}

#[test]
fn bad_windows_are_refused() {
    for (args, msg) in [
        (vec!["--week", "2025-W60"], "invalid --week `2025-W60`"),
        (vec!["--week", "49"], "invalid --week `49`"),
        (vec!["--from", "2025-12-08", "--to", "2025-12-01"], "is after --to"),
        (vec!["--from", "yesterday"], "invalid --from `yesterday`"),
        (vec!["--from", "2030-01-01", "--strict-dates"], "no articles dated 2030-01-01"),
    ] {
        briefly()
            .args([
                "build",
                "--formats",
                "json",
                "--config",
                "brief.yaml",
                "--input",
                "seeds",
                "--out",
                "/nonexistent/out",
            ])
            .args(&args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(msg));
    }
}

#[test]
fn saved_web_page_is_read_like_a_reader_mode() {
    let out = tempfile::tempdir().unwrap();
    build_fixture("webpage", out.path(), "md,json").success();
    let dir = out.path().join("2025-W10");
    let b: serde_json::Value = serde_json::from_slice(&fs::read(dir.join("brief.json")).unwrap()).unwrap();
    let page = b["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["file"].as_str().unwrap().ends_with(".html"))
        .unwrap();
    assert_eq!(page["title"], "Port strike spreads to second terminal");
    assert_eq!(page["outlet"], "The Harbour Times");
    assert_eq!(page["date"], "2025-03-06");
    assert_eq!(page["author"], "Jane Quay");
    let md = fs::read_to_string(dir.join("brief.md")).unwrap();
    assert!(md.contains("southern terminal on Thursday"), "{md}");
    for junk in [
        "Cheap ferry",
        "Outrageous",
        "Solidarity",
        "All rights reserved",
        "Subscribe",
        "document.cookie",
        "Idle cranes",
    ] {
        assert!(!md.contains(junk), "page furniture `{junk}` in the brief:\n{md}");
    }
}

#[test]
fn compare_with_marks_new_points() {
    let t = tempfile::tempdir().unwrap();
    let cfg = fs::read_to_string(root("brief.yaml")).unwrap();
    let build = |compare: &str| -> serde_json::Value {
        let path = t.path().join("brief.yaml");
        fs::write(&path, format!("{cfg}\ncompare_with: \"{compare}\"\n")).unwrap();
        briefly()
            .args(["build", "--formats", "json,md", "--input", "seeds", "--config"])
            .arg(&path)
            .arg("--out")
            .arg(t.path().join("out"))
            .assert()
            .success();
        serde_json::from_slice(&fs::read(t.path().join("out/2025-W49/brief.json")).unwrap()).unwrap()
    };
    let new_flags = |b: &serde_json::Value| -> Vec<bool> {
        b["topics"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| t["points"].as_array().unwrap().iter().map(|p| p["new"].as_bool().unwrap()))
            .collect()
    };
    // Against the same brief (a copy in the project folder: `compare_with` stays inside it):
    // nothing is new.
    fs::create_dir_all(t.path().join("prev")).unwrap();
    fs::copy(root("briefs/2025-W49/brief.json"), t.path().join("prev/brief.json")).unwrap();
    let same = build("prev");
    assert!(new_flags(&same).iter().all(|n| !n));
    // Against an unrelated brief: everything is new, and the Markdown says so.
    let other = t.path().join("other");
    build_fixture("minimal", &other, "json").success();
    let b = build("other/2025-W10");
    assert!(new_flags(&b).iter().all(|n| *n));
    assert!(fs::read_to_string(t.path().join("out/2025-W49/brief.md")).unwrap().contains("**NEW**"));
    // A missing previous brief is an error naming it.
    let path = t.path().join("brief.yaml");
    fs::write(&path, format!("{cfg}\ncompare_with: \"nowhere\"\n")).unwrap();
    briefly()
        .args(["build", "--formats", "json", "--input", "seeds", "--config"])
        .arg(&path)
        .arg("--out")
        .arg(t.path().join("out2"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("compare_with"));
}

#[test]
#[cfg(feature = "pdf")]
fn analyst_markdown_is_formatted_not_printed_raw_in_the_pdf() {
    if !have("pdftotext") {
        eprintln!("SKIP: pdftotext (poppler-utils) is not installed");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    build_fixture("minimal", out.path(), "pdf").success();
    let text = squash(&pdftotext(&out.path().join("2025-W10/brief.pdf")));
    assert!(
        text.contains("This week: the harbour strike and the rail link. <b>raw html</b> stays text."),
        "{text}"
    );
    assert!(!text.contains("**"), "{text}");
}

#[test]
fn a_revision_without_changes_keeps_every_point_and_warns_without_a_predecessor() {
    let t = tempfile::tempdir().unwrap();
    let v2 = t.path().join("v2.yaml");
    fs::write(&v2, fs::read_to_string(root("brief.yaml")).unwrap() + "\nversion: 2\n").unwrap();
    let build = |config: &std::path::Path| {
        briefly()
            .args(["build", "--formats", "json", "--input", "seeds", "--config"])
            .arg(config)
            .arg("--out")
            .arg(t.path().join("briefs"))
            .assert()
            .success()
    };
    // No version 1 yet: a warning, and a fresh selection.
    let a = build(&v2);
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(err.contains("warning: version 2 has no version 1 to revise"), "{err}");
    fs::remove_dir_all(t.path().join("briefs")).unwrap();
    build(&root("brief.yaml"));
    build(&v2);
    let out = briefly()
        .args(["diff", "--format", "json"])
        .arg(t.path().join("briefs/2025-W49"))
        .arg(t.path().join("briefs/2025-W49-v2"))
        .assert()
        .success();
    let d: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    for s in d["sections"].as_array().unwrap() {
        assert!(
            s["added"].as_array().unwrap().is_empty() && s["removed"].as_array().unwrap().is_empty(),
            "{s}"
        );
    }
}

// ---- Stories: a hand-written week of four stories (tests/fixtures/week) ------------------

/// The story (file-name prefix) an article of the week fixture is about; the roundup is both.
fn story_of_file(file: &str) -> &str {
    file.split(['-', '.']).next().unwrap()
}

#[test]
fn stories_lists_each_story_with_its_articles() {
    let out =
        briefly().args(["stories", "--format", "json", "tests/fixtures/week/articles"]).assert().success();
    let r: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(r["articles"], 10);
    let stories = r["stories"].as_array().unwrap();
    let files = |s: &serde_json::Value| -> Vec<String> {
        s["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()).collect()
    };
    assert_eq!(stories.len(), 4, "{stories:?}");
    // Each story holds one story's articles; the roundup is in both stories it covers.
    for s in stories {
        let names = files(s);
        let kinds: std::collections::BTreeSet<&str> =
            names.iter().map(|f| story_of_file(f)).filter(|k| *k != "roundup").collect();
        assert_eq!(kinds.len(), 1, "mixed story: {s}");
    }
    let with_roundup: Vec<&serde_json::Value> =
        stories.iter().filter(|s| files(s).contains(&"roundup.md".to_string())).collect();
    assert_eq!(with_roundup.len(), 2, "the roundup is split between the harbour and the fire stories");
    // Ranked: the two four-article stories first, the single article last; facts are right.
    assert_eq!(stories[0]["articles"], 4);
    assert_eq!(stories[3]["files"], serde_json::json!(["chess.md"]));
    let nurses = stories.iter().find(|s| files(s).contains(&"nurses-1.md".to_string())).unwrap();
    assert_eq!(nurses["first"], "2025-12-02");
    assert_eq!(nurses["last"], "2025-12-04");
    assert_eq!(nurses["outlets"], 1);
    // Labels name the stories: distinct, no time or generic words.
    let labels: Vec<&str> = stories.iter().map(|s| s["label"].as_str().unwrap()).collect();
    let fire = stories.iter().find(|s| files(s).contains(&"fire-1.md".to_string())).unwrap();
    let harbour = stories.iter().find(|s| files(s).contains(&"harbour-1.md".to_string())).unwrap();
    assert!(fire["label"].as_str().unwrap().contains("Castrelo"), "{labels:?}");
    assert!(harbour["label"].as_str().unwrap().contains("Valmora"), "{labels:?}");
    assert_eq!(labels.iter().collect::<std::collections::BTreeSet<_>>().len(), 4, "{labels:?}");

    // Text: one block per story.
    let text = briefly().args(["stories", "tests/fixtures/week/articles"]).assert().success();
    let text = String::from_utf8(text.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("10 articles, 4 stories (3 with two or more articles)"), "{text}");
    assert!(text.contains("4 articles from 3 outlets, 2025-12-02 to 2025-12-05"), "{text}");
    assert!(text.contains("   chess.md\n"), "{text}");
    // Same engine, same answer: the order of the paths does not matter.
    briefly()
        .args(["stories", "--format", "json"])
        .args(["tests/fixtures/week/articles/roundup.md", "tests/fixtures/week/articles"])
        .assert()
        .success()
        .stdout(predicate::eq(out.get_output().stdout.clone()));
    briefly()
        .args(["stories", "no-such-folder"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not found"));
}

/// Builds the week fixture with `config` (YAML text) and returns its brief.json and brief.md.
fn build_week(config: &str) -> (serde_json::Value, String) {
    let t = tempfile::tempdir().unwrap();
    fs::write(t.path().join("brief.yaml"), config).unwrap();
    briefly()
        .args(["build", "-q", "--formats", "md,json", "--input", "tests/fixtures/week/articles", "--config"])
        .arg(t.path().join("brief.yaml"))
        .arg("--out")
        .arg(t.path().join("out"))
        .assert()
        .success();
    let dir = t.path().join("out/2025-W49");
    let json = serde_json::from_slice(&fs::read(dir.join("brief.json")).unwrap()).unwrap();
    (json, fs::read_to_string(dir.join("brief.md")).unwrap())
}

/// The files of a brief's sources, by number.
fn source_files(b: &serde_json::Value) -> Vec<String> {
    b["sources"].as_array().unwrap().iter().map(|s| s["file"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_week_of_stories_gets_a_section_per_story_and_also_this_week() {
    let (b, md) = build_week(&fs::read_to_string(root("tests/fixtures/week/brief.yaml")).unwrap());
    let files = source_files(&b);
    let story_of_point = |p: &serde_json::Value| -> String {
        let n = p["citations"][0]["source"].as_u64().unwrap() as usize;
        story_of_file(&files[n - 1]).to_string()
    };
    // auto_topics: 2 → the two four-article stories get sections, with their facts.
    let topics = b["topics"].as_array().unwrap();
    assert_eq!(topics.len(), 2);
    let mut section_stories = Vec::new();
    for t in topics {
        assert_eq!(t["story"]["articles"], 4, "{t}");
        assert_eq!(t["story"]["outlets"], 3, "{t}");
        let stories: std::collections::BTreeSet<String> =
            t["points"].as_array().unwrap().iter().map(&story_of_point).filter(|s| s != "roundup").collect();
        assert_eq!(stories.len(), 1, "a section holds one story: {t}");
        section_stories.extend(stories);
    }
    section_stories.sort();
    assert_eq!(section_stories, ["fire", "harbour"]);
    // The nurses' story (two articles) is a line of "Also this week", and so is the chess
    // article, a story of this week told once (issue 31: every story of the week appears).
    let also = b["also"].as_array().unwrap();
    assert_eq!(also.len(), 2);
    assert_eq!(story_of_point(&also[0]["point"]), "nurses");
    assert_eq!(also[0]["story"]["articles"], 2);
    assert_eq!(story_of_point(&also[1]["point"]), "chess");
    assert!(b["earlier"].as_array().unwrap().is_empty());
    assert_eq!(
        b["coverage"]["stories"],
        serde_json::json!({"found": 4, "sections": 2, "also": 2, "also_unlisted": 0, "earlier": 0, "single": 0, "left_out": 0, "left_out_articles": 0})
    );
    // BLUF: one point per leading story, each on a different story, each standing alone.
    let bluf: Vec<String> = b["bluf"].as_array().unwrap().iter().map(&story_of_point).collect();
    assert_eq!(bluf.len(), 3);
    let distinct: std::collections::BTreeSet<&String> = bluf.iter().collect();
    assert_eq!(distinct.len(), 3, "{bluf:?}");
    for p in b["bluf"].as_array().unwrap() {
        assert!(briefly::select::clean::stands_alone(p["text"].as_str().unwrap()), "{p}");
    }
    // No sentence (source, position) twice among sections, Also this week, quotes and watch.
    let at = |c: &serde_json::Value| (c["source"].as_u64().unwrap(), c["sentence"].as_u64().unwrap());
    let mut seen = std::collections::BTreeSet::new();
    let shown = topics
        .iter()
        .flat_map(|t| t["points"].as_array().unwrap().iter().map(|p| at(&p["citations"][0])))
        .chain(also.iter().map(|e| at(&e["point"]["citations"][0])))
        .chain(b["quotes"].as_array().unwrap().iter().map(|q| at(&q["citation"])))
        .chain(b["watch"].as_array().unwrap().iter().map(|w| at(&w["citation"])));
    for s in shown {
        assert!(seen.insert(s), "sentence {s:?} appears twice");
    }
    // Timeline entries name their story.
    for e in b["timeline"].as_array().unwrap() {
        let file = &files[e["citation"]["source"].as_u64().unwrap() as usize - 1];
        if file != "chess.md" {
            assert!(e["topic"].is_string(), "{e}");
        }
    }
    // The Markdown shows it all.
    assert!(md.contains("## <a id=\"also\"></a>Also this week"), "{md}");
    assert!(md.contains("*4 articles from 3 outlets, 2025-12-01 to 2025-12-04*"), "{md}");
    assert!(
        md.contains("4 stories: 2 with a section, 2 also this week, 0 earlier, 0 single-article"),
        "{md}"
    );
}

#[test]
fn stories_older_than_the_last_seven_days_are_earlier_never_this_week() {
    // The brief date a week after the newest article: every story is background.
    let config = fs::read_to_string(root("tests/fixtures/week/brief.yaml")).unwrap();
    let config: String =
        config.lines().filter(|l| !l.starts_with("date:")).map(|l| format!("{l}\n")).collect();
    let (b, md) = build_week(&format!("{config}date: 2025-12-13\nnumber: 2025-W49\n"));
    assert!(b["also"].as_array().unwrap().is_empty(), "{}", b["also"]);
    let earlier = b["earlier"].as_array().unwrap();
    assert_eq!(earlier.len(), 1, "{earlier:?}");
    assert_eq!(earlier[0]["story"]["earlier"], true);
    assert_eq!(b["coverage"]["stories"]["earlier"], 1);
    // With no story of this week, the sections are the earlier stories, marked as such.
    for t in b["topics"].as_array().unwrap() {
        assert_eq!(t["story"]["earlier"], true, "{t}");
    }
    assert!(md.contains("## <a id=\"earlier\"></a>Earlier"), "{md}");
    assert!(!md.contains("Also this week"), "{md}");
    assert!(md.contains("*Earlier (background, no article in the last seven days): 4 articles"), "{md}");
    // A brief date inside the week: nothing is earlier.
    let (b, _) = build_week(&format!("{config}date: 2025-12-08\nnumber: 2025-W49\n"));
    assert!(b["earlier"].as_array().unwrap().is_empty());
}

#[test]
fn configured_topics_claim_their_stories_and_the_rest_is_left_out_or_auto() {
    let topic =
        "topics:\n  - name: Port dispute\n    keywords: [dockworkers, port, strike, bonuses, cranes]\n";
    let (b, md) = build_week(&format!("title: T\ndate: 2025-12-05\n{topic}"));
    let files = source_files(&b);
    let topics = b["topics"].as_array().unwrap();
    assert_eq!(topics.len(), 1);
    for p in topics[0]["points"].as_array().unwrap() {
        let file = &files[p["citations"][0]["source"].as_u64().unwrap() as usize - 1];
        assert!(file.starts_with("harbour") || file == "roundup.md", "{file} is not the port story");
    }
    let counts = &b["coverage"]["stories"];
    assert!(counts["left_out"].as_u64().unwrap() >= 2, "{counts}");
    assert!(md.contains("no configured topic covers"), "{md}");
    assert!(b["also"].as_array().unwrap().is_empty());

    // With `auto`, the other stories follow as story sections.
    let (b, _) = build_week(&format!("title: T\ndate: 2025-12-05\nauto_topics: 3\n{topic}  - auto\n"));
    let names: Vec<&str> =
        b["topics"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names[0], "Port dispute");
    assert!(names.iter().any(|n| n.contains("Castrelo")), "{names:?}");
    assert_eq!(b["coverage"]["stories"]["left_out"], 0);
}

/// A project folder in `dir`: the minimal fixture's `brief.yaml` and its articles in `seeds/`.
fn minimal_project(dir: &std::path::Path) {
    fs::create_dir_all(dir.join("seeds")).unwrap();
    fs::copy(root("tests/fixtures/minimal/brief.yaml"), dir.join("brief.yaml")).unwrap();
    for name in ["a-harbour.md", "b-rail.txt"] {
        fs::copy(root(&format!("tests/fixtures/minimal/articles/{name}")), dir.join("seeds").join(name))
            .unwrap();
    }
}

#[test]
fn no_project_here_or_above_says_how_to_start_one() {
    let t = tempfile::tempdir().unwrap();
    // A repository root bounds the search (and keeps it out of the machine's other folders).
    fs::create_dir(t.path().join(".git")).unwrap();
    briefly()
        .current_dir(t.path())
        .arg("build")
        .assert()
        .code(2)
        .stderr("error: no brief.yaml here or above: run `briefly init` to start a project\n");
    // A malformed flag value is a usage error too; a failed build is 1.
    minimal_project(t.path());
    briefly().current_dir(t.path()).args(["build", "--week", "soon"]).assert().code(2);
    fs::write(t.path().join("brief.yaml"), "title: [unclosed\n").unwrap();
    briefly().current_dir(t.path()).arg("build").assert().code(1);
}

#[test]
fn build_finds_the_project_from_a_subfolder() {
    let t = tempfile::tempdir().unwrap();
    fs::create_dir(t.path().join(".git")).unwrap();
    minimal_project(t.path());
    briefly()
        .current_dir(t.path().join("seeds"))
        .args(["-v", "build", "--formats", "md"])
        .assert()
        .success()
        .stderr(predicate::str::contains("using `../brief.yaml`"));
    // Input and output are the project's, not the subfolder's.
    assert!(t.path().join("briefs/2025-W10/brief.md").is_file());
    assert!(!t.path().join("seeds/briefs").exists());
    // `--config` wins over the search.
    let other = tempfile::tempdir().unwrap();
    minimal_project(other.path());
    fs::write(
        other.path().join("brief.yaml"),
        fs::read_to_string(other.path().join("brief.yaml"))
            .unwrap()
            .replace("Harbour and rail weekly", "Other"),
    )
    .unwrap();
    briefly()
        .current_dir(t.path().join("seeds"))
        .args(["build", "--formats", "md", "--config"])
        .arg(other.path().join("brief.yaml"))
        .assert()
        .success();
    assert!(fs::read_to_string(other.path().join("briefs/2025-W10/brief.md")).unwrap().contains("# Other"));
}

#[test]
fn the_search_stops_at_the_repository_root() {
    let t = tempfile::tempdir().unwrap();
    minimal_project(t.path());
    // A repository inside the project folder: its own root bounds the search.
    let repo = t.path().join("repo");
    fs::create_dir_all(repo.join(".git")).unwrap();
    fs::create_dir_all(repo.join("notes")).unwrap();
    briefly()
        .current_dir(repo.join("notes"))
        .arg("build")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no brief.yaml here or above"));
}

#[test]
fn an_article_in_another_language_is_reported_and_counted() {
    let t = tempfile::tempdir().unwrap();
    fs::create_dir(t.path().join(".git")).unwrap();
    minimal_project(t.path());
    fs::write(
        t.path().join("seeds/c-hafen.txt"),
        "Streik im Hafen geht weiter\n\nDie Hafenarbeiter im nördlichen Hafen haben am Montag die Arbeit \
         niedergelegt, nachdem die Gespräche mit dem Betreiber gescheitert waren. Die Gewerkschaft \
         erklärte, der Streik werde fortgesetzt, bis der Betreiber den Nachtzuschlag wieder einführe. \
         Schiffe wurden zum südlichen Terminal umgeleitet, wo die Kräne die ganze Nacht arbeiteten.\n",
    )
    .unwrap();
    briefly().current_dir(t.path()).args(["build", "--formats", "md,json"]).assert().success().stderr(
        predicate::str::contains("warning: `c-hafen.txt`: article in German, not summarised (languages: en)"),
    );
    let dir = t.path().join("briefs/2025-W10");
    let md = fs::read_to_string(dir.join("brief.md")).unwrap();
    assert!(md.contains("; 1 article in German not summarised"), "{md}");
    assert!(md.contains("1 article in German not summarised (languages supported: English)."), "{md}");
    assert!(!md.contains("Hafen"), "a German sentence reached the brief:\n{md}");
    let json: serde_json::Value = serde_json::from_slice(&fs::read(dir.join("brief.json")).unwrap()).unwrap();
    assert_eq!(
        json["coverage"]["not_summarised"],
        serde_json::json!([{ "language": "German", "articles": 1 }])
    );
    assert_eq!(json["coverage"]["articles"], 2);
    // A language the pipeline does not read is refused in the config, naming what it reads.
    let cfg = fs::read_to_string(t.path().join("brief.yaml")).unwrap();
    fs::write(t.path().join("brief.yaml"), format!("{cfg}\nlanguages: [en, de]\n")).unwrap();
    briefly().current_dir(t.path()).arg("build").assert().code(1).stderr(
        predicate::str::contains("`de` is not supported").and(predicate::str::contains("en (English)")),
    );
}

/// Output into a pipe whose reader has gone (`briefly diff … | head -1`) ends the program the
/// way it ends other command-line tools: killed by SIGPIPE, status 141 in the shell, and not a
/// word on stderr. The reader is gone before the first write (`sleep` first), so the test does
/// not depend on how much fits in the pipe.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_output_quietly() {
    let bin = assert_cmd::cargo::cargo_bin("briefly");
    let dir = tempfile::tempdir().unwrap();
    let old = root("briefs/2025-W49/brief.json");
    let mut brief: serde_json::Value = serde_json::from_slice(&fs::read(&old).unwrap()).unwrap();
    brief["topics"] = serde_json::json!([]);
    let new = dir.path().join("brief.json");
    fs::write(&new, brief.to_string()).unwrap();
    for command in [
        format!("'{}' completions bash", bin.display()),
        format!("'{}' diff '{}' '{}'", bin.display(), old.display(), new.display()),
    ] {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!("set -o pipefail; {{ sleep 0.3; {command}; }} | true; echo \"status=$?\" >&2"))
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stderr), "status=141\n", "{command}");
        // The same command into a reader that stays: the whole output, status 0.
        let whole = std::process::Command::new("bash").arg("-c").arg(&command).output().unwrap();
        assert!(whole.status.success() && whole.stdout.len() > 100, "{command}");
    }
}
