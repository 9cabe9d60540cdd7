//! The output side (items 4, 5, 10 and 11): a symbolic link planted in the project cannot make a
//! build write, or publish, anything outside it; a planted brief folder never becomes a live
//! link or fails the build; two builds of one project at once both succeed.
//!
//! Each test builds a small project of its own (`brief.yaml`, two articles written here) in a
//! temporary folder, beside an `outside/` folder that must stay exactly as it was.
#![cfg(unix)]

use crate::common::{briefly, files};
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const CONFIG: &str = "title: Harbour and rail weekly
date: 2025-12-04
points_per_topic: 2
words_per_topic: 60
bluf_sentences: 2
topics:
  - name: Harbour strike
    keywords: [strike, dockworkers, harbour, union]
  - name: Rail link
    keywords: [rail, tunnel, trains]
";

const HARBOUR: &str = "---
title: Dockworkers strike at the northern harbour
source: Coastal Gazette
date: 2025-12-02
---
Dockworkers at the northern harbour walked out on Monday after talks with the port operator collapsed.

The union said the strike would continue until the operator restored the night-shift bonus.
Ships were diverted to the southern terminal, where cranes worked through the night.
A spokesperson for the operator said it regretted the union's decision and remained open to talks.
";

const RAIL: &str = "Rail tunnel reopens after repairs

The rail tunnel under the river reopened on Thursday after three weeks of repairs to its drainage system.
Engineers said trains would run at reduced speed until the new pumps were fully tested.
Commuters welcomed the reopening, although the first morning trains were crowded and late.
The regional transport minister said the repairs had cost less than expected.
";

/// What `outside/secret.txt` holds: it must never turn up under the project's `briefs/`.
const SECRET: &str = "SECRET-KEY-5f0c2a9e71";

/// A temporary folder with `project/` (the config plus `extra`, `seeds/` with two articles;
/// the brief is `2025-W49`) and `outside/` (`secret.txt`, `index.html`).
struct Setup {
    _t: tempfile::TempDir,
    project: PathBuf,
    briefs: PathBuf,
    outside: PathBuf,
}

fn setup(extra: &str) -> Setup {
    let t = tempfile::tempdir().unwrap();
    let project = t.path().join("project");
    let outside = t.path().join("outside");
    fs::create_dir_all(project.join("seeds")).unwrap();
    fs::create_dir_all(&outside).unwrap();
    fs::write(project.join("brief.yaml"), format!("{CONFIG}{extra}")).unwrap();
    fs::write(project.join("seeds/a-harbour.md"), HARBOUR).unwrap();
    fs::write(project.join("seeds/b-rail.txt"), RAIL).unwrap();
    fs::write(outside.join("secret.txt"), SECRET).unwrap();
    fs::write(outside.join("index.html"), "<p>the site of someone else</p>").unwrap();
    let briefs = project.join("briefs");
    Setup { _t: t, project, briefs, outside }
}

/// `briefly build --formats md,html,json` in the project folder.
fn build(project: &Path) -> assert_cmd::assert::Assert {
    briefly().current_dir(project).args(["build", "--formats", "md,html,json"]).assert()
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

/// The `warning:` lines of a build's stderr.
fn warnings(a: &assert_cmd::assert::Assert) -> Vec<String> {
    stderr(a).lines().filter(|l| l.starts_with("warning:")).map(str::to_string).collect()
}

/// Regular files under `dir`, symbolic links not followed: relative path → bytes.
fn regular_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else { continue };
        for e in entries {
            let e = e.unwrap();
            let kind = e.file_type().unwrap();
            if kind.is_dir() {
                stack.push(e.path());
            } else if kind.is_file() {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

/// Nothing under `briefs/` (links not followed) holds the secret of `outside/`.
fn assert_secret_not_published(s: &Setup) {
    for (rel, bytes) in regular_files(&s.briefs) {
        assert!(!String::from_utf8_lossy(&bytes).contains(SECRET), "the secret was copied into briefs/{rel}");
    }
}

fn is_link(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

#[test]
fn a_briefs_link_out_of_the_project_is_refused() {
    let s = setup("");
    symlink(&s.outside, &s.briefs).unwrap();
    let before = files(&s.outside);
    let a = build(&s.project).failure().code(1);
    let err = stderr(&a);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("`briefs`") && err.contains("symbolic link") && err.contains("--out"), "{err}");
    assert_eq!(files(&s.outside), before, "written outside the project");
    // A folder typed on the command line is the user's choice, link or not.
    briefly()
        .current_dir(&s.project)
        .args(["build", "-q", "--formats", "md,html,json", "--out", "briefs"])
        .assert()
        .success();
    assert!(s.outside.join("2025-W49/brief.md").is_file());
}

#[test]
fn an_output_key_through_a_link_is_refused() {
    // Also when the path is written so that the link comes after a folder that does not exist yet.
    for output in ["pub/briefs", "./pub/briefs", "pub", "new/../pub/briefs"] {
        let s = setup(&format!("output: {output}\n"));
        symlink(&s.outside, s.project.join("pub")).unwrap();
        let before = files(&s.outside);
        let a = build(&s.project).failure().code(1);
        let err = stderr(&a);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("brief.yaml")
                && err.contains(&format!("output: {output}`"))
                && err.contains("symbolic link"),
            "{err}"
        );
        assert_eq!(files(&s.outside), before, "written outside the project");
        assert!(!s.project.join("new").exists());
    }
}

#[test]
fn a_brief_folder_linked_out_of_the_project_is_neither_written_nor_carried_over() {
    let s = setup("");
    fs::create_dir(&s.briefs).unwrap();
    symlink(&s.outside, s.briefs.join("2025-W49")).unwrap();
    let before = files(&s.outside);
    let a = build(&s.project).failure().code(1);
    let err = stderr(&a);
    assert!(err.contains("2025-W49") && err.contains("symbolic link"), "{err}");
    assert_eq!(files(&s.outside), before, "written outside the project");
    assert_secret_not_published(&s);
}

#[test]
fn only_regular_files_of_the_old_brief_folder_are_carried_over() {
    let s = setup("");
    build(&s.project).success();
    let dir = s.briefs.join("2025-W49");
    fs::write(dir.join("notes.txt"), "mine").unwrap();
    symlink(s.outside.join("secret.txt"), dir.join("key.txt")).unwrap();
    symlink(&s.outside, dir.join("linked")).unwrap();
    let before = files(&s.outside);
    build(&s.project).success();
    assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine", "a file of the user was lost");
    assert!(!is_link(&dir.join("key.txt")) && !dir.join("key.txt").exists(), "a link was carried over");
    assert!(!is_link(&dir.join("linked")) && !dir.join("linked").exists(), "a link was carried over");
    assert_secret_not_published(&s);
    assert_eq!(files(&s.outside), before);
}

#[test]
fn planted_brief_folders_never_become_links_off_the_archive() {
    let s = setup("");
    let two_keys = r#"{"title":"x","date":"2025-01-01"}"#;
    let planted = ["javascript:alert(document.domain);0", "\\\\evil.example", "https:evil.example"];
    for name in planted {
        fs::create_dir_all(s.briefs.join(name)).unwrap();
        fs::write(s.briefs.join(name).join("brief.json"), two_keys).unwrap();
    }
    // A link to a brief folder elsewhere is not listed either.
    let elsewhere = s.outside.join("2025-W30");
    fs::create_dir(&elsewhere).unwrap();
    fs::write(elsewhere.join("brief.json"), r#"{"title":"Linked in from outside","date":"2025-07-25"}"#)
        .unwrap();
    symlink(&elsewhere, s.briefs.join("2025-W30")).unwrap();
    // A folder with a brief name is listed.
    fs::create_dir(s.briefs.join("2025-W48")).unwrap();
    fs::write(s.briefs.join("2025-W48/brief.json"), r#"{"title":"Last week","date":"2025-11-27"}"#).unwrap();

    let a = build(&s.project).success();
    let warned = warnings(&a);
    for name in planted.iter().chain(&["2025-W30"]) {
        assert!(warned.iter().any(|w| w.contains(name)), "no warning for {name}: {warned:?}");
    }
    let index = fs::read_to_string(s.briefs.join("index.html")).unwrap();
    let doc = dom_query::Document::from(index.as_str());
    let hrefs: Vec<String> =
        doc.select("[href]").nodes().iter().filter_map(|n| n.attr("href")).map(|h| h.to_string()).collect();
    for h in &hrefs {
        // `./` keeps a link inside the archive; only the skip link points into the page.
        assert!(h.starts_with("./") || h == "#content", "index.html links to {h}");
    }
    assert!(hrefs.iter().any(|h| h == "./2025-W49/brief.html"), "{hrefs:?}");
    assert!(hrefs.iter().any(|h| h == "./2025-W48/brief.json"), "{hrefs:?}");
    assert!(hrefs.iter().any(|h| h == "./feed.xml"), "{hrefs:?}");
    for bad in ["javascript", "evil", "Linked in from outside"] {
        assert!(!index.contains(bad), "index.html mentions {bad}");
    }
    let xml = fs::read_to_string(s.briefs.join("feed.xml")).unwrap();
    let feed = roxmltree::Document::parse(&xml).unwrap();
    let links: Vec<&str> = feed.descendants().filter_map(|n| n.attribute("href")).collect();
    assert!(links.len() >= 4, "{links:?}");
    for h in &links {
        assert!(h.starts_with("./"), "feed.xml links to {h}");
    }
    assert_eq!(feed.descendants().filter(|n| n.has_tag_name("entry")).count(), 2);
    assert!(!xml.contains("javascript") && !xml.contains("evil"));
}

#[test]
fn an_oversized_brief_json_is_left_out_not_fatal() {
    let s = setup("");
    let dir = s.briefs.join("2025-W40");
    fs::create_dir_all(&dir).unwrap();
    // 17 MB of a character HTML escapes to six bytes: 100 MB of index.html if it were listed.
    let title = "'".repeat(17 << 20);
    fs::write(dir.join("brief.json"), format!(r#"{{"title":"{title}","date":"2025-10-01"}}"#)).unwrap();
    let a = build(&s.project).success();
    let warned = warnings(&a);
    assert!(warned.iter().any(|w| w.contains("2025-W40") && w.contains("MiB")), "{warned:?}");
    let index = fs::read_to_string(s.briefs.join("index.html")).unwrap();
    assert!(!index.contains("2025-W40") && index.contains("2025-W49"));
    assert!(index.len() < 1 << 20);
}

#[test]
fn a_folder_or_link_where_the_archive_goes_is_a_warning() {
    let s = setup("");
    fs::create_dir_all(s.briefs.join("feed.xml")).unwrap();
    symlink(s.outside.join("index.html"), s.briefs.join("index.html")).unwrap();
    let before = files(&s.outside);
    let a = build(&s.project).success();
    let warned = warnings(&a);
    assert!(warned.iter().any(|w| w.contains("feed.xml") && w.contains("folder")), "{warned:?}");
    assert!(warned.iter().any(|w| w.contains("index.html") && w.contains("symbolic link")), "{warned:?}");
    assert!(s.briefs.join("2025-W49/brief.html").is_file(), "the brief was not written");
    assert!(s.briefs.join("feed.xml").is_dir() && is_link(&s.briefs.join("index.html")));
    assert_eq!(files(&s.outside), before);
}

#[test]
fn a_planted_lock_link_is_not_followed() {
    let s = setup("");
    fs::create_dir(&s.briefs).unwrap();
    symlink(s.outside.join("lock"), s.briefs.join(".briefly.lock")).unwrap();
    let before = files(&s.outside);
    build(&s.project).success();
    assert_eq!(files(&s.outside), before);
    assert!(s.briefs.join("2025-W49/brief.html").is_file());
}

#[test]
fn two_builds_of_one_project_at_once_both_succeed() {
    let single = setup("");
    build(&single.project).success();
    let expected = files(&single.briefs);
    assert_eq!(expected.len(), 5, "{:?}", expected.keys());

    let s = setup("");
    let bin = assert_cmd::cargo::cargo_bin("briefly");
    let start = || {
        Command::new(&bin)
            .current_dir(&s.project)
            .env_remove("SOURCE_DATE_EPOCH")
            .args(["build", "--formats", "md,html,json"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    for pair in 0..12 {
        // Half the pairs start from nothing, half replace the brief of the pair before.
        if pair % 2 == 0 {
            let _ = fs::remove_dir_all(&s.briefs);
        }
        let (a, b) = (start(), start());
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let (ea, eb) = (String::from_utf8_lossy(&a.stderr), String::from_utf8_lossy(&b.stderr));
        assert!(a.status.success() && b.status.success(), "pair {pair}:\n{ea}\n{eb}");
        for e in [&ea, &eb] {
            assert!(e.matches("waiting").count() <= 1, "{e}");
        }
        assert_eq!(files(&s.briefs), expected, "pair {pair}: not what one build writes");
    }
}

#[test]
fn leftovers_of_dead_builds_go_and_live_ones_stay() {
    let s = setup("");
    build(&s.project).success();
    let mut child = Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let live = std::process::id();
    for pid in [dead, live] {
        let tmp = s.briefs.join(format!(".2025-W49.tmp-{pid}"));
        fs::create_dir(&tmp).unwrap();
        fs::write(tmp.join("brief.md"), "half").unwrap();
        fs::write(s.briefs.join(format!(".index.html.tmp-{pid}")), "half").unwrap();
    }
    build(&s.project).success();
    assert!(!s.briefs.join(format!(".2025-W49.tmp-{dead}")).exists(), "leftover of a dead build kept");
    assert!(!s.briefs.join(format!(".index.html.tmp-{dead}")).exists(), "leftover of a dead build kept");
    assert!(s.briefs.join(format!(".2025-W49.tmp-{live}/brief.md")).is_file(), "live temporary removed");
    assert!(s.briefs.join(format!(".index.html.tmp-{live}")).is_file(), "live temporary removed");
}

/// Issue 29, finding 2: `brief.yaml` asks for an output folder that is the project's own data.
/// Each is refused with one line naming `output` (or `number`) and its line, before anything
/// is written.
#[test]
fn an_output_folder_over_the_projects_own_data_is_refused() {
    // CONFIG has 10 lines: the extra keys start at line 11.
    for (extra, key) in [
        ("output: .\nnumber: seeds\n", "output"),
        ("output: .\n", "output"),
        ("output: seeds\n", "output"),
        ("output: ./seeds/\n", "output"),
        ("output: seeds/briefs\n", "output"),
        ("output: .briefly\n", "output"),
        ("output: .briefly/briefs\n", "output"),
        ("templates: tpl\noutput: tpl\n", "output"),
        ("templates: tpl\noutput: tpl/out\n", "output"),
        ("input: briefs/seeds\n", "input"),
        ("number: ../seeds\n", "number"),
        ("number: .git\n", "number"),
        ("number: a/b\n", "number"),
    ] {
        let s = setup(extra);
        fs::create_dir_all(s.project.join("tpl")).unwrap();
        fs::write(s.project.join("tpl/index.html"), "{{ title }}").unwrap();
        fs::create_dir_all(s.project.join("briefs/seeds")).unwrap();
        fs::write(s.project.join("briefs/seeds/a.md"), HARBOUR).unwrap();
        fs::create_dir_all(s.project.join(".briefly")).unwrap();
        fs::write(s.project.join(".briefly/fetch.json"), "{}").unwrap();
        let before = files(&s.project);
        let a = build(&s.project).failure().code(1);
        let err = stderr(&a);
        assert_eq!(err.lines().count(), 1, "{extra}: {err}");
        let line = extra.lines().position(|l| l.starts_with(key)).unwrap() + 11;
        assert!(
            err.contains("brief.yaml")
                && err.contains(&format!("line {line}"))
                && err.contains(&format!("`{key}")),
            "{extra}: {err}"
        );
        assert_eq!(files(&s.project), before, "{extra}: the project was changed");
    }
}

/// The case of the report: `output: .git` with `number: objects` replaced the repository's
/// objects with brief files.
#[test]
fn an_output_folder_in_git_is_refused_and_the_repository_survives() {
    use super::project::{git, have_git};
    if !have_git() {
        eprintln!("SKIP: git is not installed");
        return;
    }
    let s = setup("output: .git\nnumber: objects\n");
    git(&s.project, &["init", "-q"]);
    git(&s.project, &["add", "."]);
    git(&s.project, &["commit", "-q", "-m", "articles"]);
    let before = files(&s.project.join(".git"));
    let a = build(&s.project).failure().code(1);
    let err = stderr(&a);
    assert!(err.contains("line 11") && err.contains("`output: .git`") && err.contains(".git"), "{err}");
    assert_eq!(files(&s.project.join(".git")), before, ".git was changed");
    git(&s.project, &["log", "-q", "-1"]);
    for extra in ["output: .git/briefs\n", "output: ./.git\n"] {
        fs::write(s.project.join("brief.yaml"), format!("{CONFIG}{extra}")).unwrap();
        let a = build(&s.project).failure().code(1);
        assert!(stderr(&a).contains("line 11"), "{extra}: {}", stderr(&a));
        assert_eq!(files(&s.project.join(".git")), before, "{extra}: .git was changed");
    }
}

/// `--out` is typed by the user and may point anywhere, but not at the project's data: a typo
/// must not destroy the articles, the templates or the repository (see SECURITY.md, "Writing").
#[test]
fn out_may_not_be_the_projects_own_data_either() {
    let s = setup("templates: tpl\n");
    fs::create_dir_all(s.project.join("tpl")).unwrap();
    fs::write(s.project.join("tpl/index.html"), "{{ title }}").unwrap();
    fs::create_dir_all(s.project.join(".git")).unwrap();
    let before = files(&s.project);
    for out in ["seeds", "./seeds", ".", "tpl", ".git", ".git/briefs", ".briefly", ".."] {
        let a = briefly()
            .current_dir(&s.project)
            .args(["build", "--formats", "md,html,json", "--out", out])
            .assert()
            .failure()
            .code(1);
        let err = stderr(&a);
        assert_eq!(err.lines().count(), 1, "{out}: {err}");
        assert!(err.contains(&format!("--out {out}")), "{out}: {err}");
        assert_eq!(files(&s.project), before, "{out}: the project was changed");
    }
    // A folder inside the input folder is the user's choice: the build reads only the files
    // directly in the input folder.
    briefly()
        .current_dir(&s.project)
        .args(["build", "-q", "--formats", "md,html,json", "--out", "seeds/site"])
        .assert()
        .success();
    assert!(s.project.join("seeds/site/2025-W49/brief.md").is_file());
}
