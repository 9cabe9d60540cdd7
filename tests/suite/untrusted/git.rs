//! Item 1–2: `compare_with:` and `briefly diff` read earlier briefs from git without letting a
//! planted repository run a program, and no user string ever reaches git as an option.

use super::project::{Project, git, have_git, output_of};
use std::fs;
use std::path::Path;

/// Plants the files of a bare repository in `dir` whose promisor remote "fetches" by running a
/// command that creates `marker`.
fn plant_bare_repository(dir: &Path, marker: &Path) {
    fs::create_dir_all(dir.join("refs/heads")).unwrap();
    fs::create_dir_all(dir.join("objects/info")).unwrap();
    fs::create_dir_all(dir.join("objects/pack")).unwrap();
    fs::write(dir.join("HEAD"), "ref: refs/heads/main\n").unwrap();
    fs::write(dir.join("refs/heads/main"), "0123456789abcdef0123456789abcdef01234567\n").unwrap();
    fs::write(
        dir.join("config"),
        format!(
            "[core]\n\trepositoryformatversion = 1\n\tbare = true\n[extensions]\n\tpartialClone = origin\n\
             [remote \"origin\"]\n\turl = {0}/nowhere\n\tpromisor = true\n\tuploadpack = touch {1}; false\n",
            dir.display(),
            marker.display()
        ),
    )
    .unwrap();
}

#[test]
fn a_planted_bare_repository_cannot_run_a_program() {
    if !have_git() {
        eprintln!("SKIP: git is not installed");
        return;
    }
    // An unpacked zip: the project folder itself holds a bare repository's files.
    let p = Project::new("compare_with: \"HEAD:briefs/2025-W09\"\n");
    let marker = p.outside.join("PWNED");
    plant_bare_repository(&p.dir, &marker);
    let a = p.build().failure();
    assert!(!marker.exists(), "git ran the planted command: {}", output_of(&a));
    assert!(output_of(&a).contains("compare_with"), "{}", output_of(&a));
    // `briefly diff` typed in that folder: same rule.
    let a = p.run(&["diff", "HEAD:briefs/2025-W09", "HEAD:briefs/2025-W10"]).failure();
    assert!(!marker.exists(), "git ran the planted command: {}", output_of(&a));

    // A subfolder of a real clone (the README's `cd weekly` routine) holding the same files.
    let t = tempfile::tempdir().unwrap();
    git(t.path(), &["init", "-q"]);
    let weekly = t.path().join("weekly");
    let p = Project::in_folder(t, weekly, "compare_with: \"HEAD:briefs/2025-W09\"\n");
    let marker = p.outside.join("PWNED");
    plant_bare_repository(&p.dir, &marker);
    let a = p.build().failure();
    assert!(!marker.exists(), "git ran the planted command: {}", output_of(&a));
}

#[test]
fn a_revision_is_never_an_option() {
    if !have_git() {
        eprintln!("SKIP: git is not installed");
        return;
    }
    let t = tempfile::tempdir().unwrap();
    git(t.path(), &["init", "-q"]);
    let dir = t.path().join("proj");
    let target = t.path().join("outside/pwned2");
    let p = Project::in_folder(t, dir, &format!("compare_with: \"--output={}:y.json\"\n", target.display()));
    let a = p.build().failure();
    let err = output_of(&a);
    assert!(err.contains("compare_with"), "the error names the key: {err}");
    assert!(!Path::new(&format!("{}:y.json", target.display())).exists(), "git wrote outside: {err}");
    let a =
        p.run(&["diff", "--", &format!("--output={}:y.json", target.display()), "HEAD:briefs/x"]).failure();
    assert!(!Path::new(&format!("{}:y.json", target.display())).exists(), "{}", output_of(&a));
    for bad in ["-p:briefs/x", "HEAD:../../etc/x", "HEAD:/etc/passwd"] {
        let a = p.run(&["diff", bad, "HEAD:briefs/x"]).failure();
        assert!(!output_of(&a).contains("root:"), "{bad}: {}", output_of(&a));
    }
}

#[test]
fn compare_with_and_diff_read_the_project_repository_from_a_subfolder() {
    if !have_git() {
        eprintln!("SKIP: git is not installed");
        return;
    }
    let t = tempfile::tempdir().unwrap();
    git(t.path(), &["init", "-q"]);
    let weekly = t.path().join("weekly");
    let p = Project::in_folder(t, weekly, "");
    p.build().success();
    git(p.tmp.path(), &["add", "weekly"]);
    git(p.tmp.path(), &["commit", "-q", "-m", "week 10"]);
    // Next week: an extra article, compared with last week's brief in git.
    fs::copy(crate::common::root("tests/fixtures/pdfa/articles/b-athens.txt"), p.path("seeds/c-athens.txt"))
        .unwrap();
    let cfg = fs::read_to_string(p.path("brief.yaml")).unwrap();
    fs::write(p.path("brief.yaml"), format!("{cfg}number: next\ncompare_with: \"HEAD:briefs/2025-W10\"\n"))
        .unwrap();
    p.build().success();
    let a = p.run(&["diff", "HEAD:briefs/2025-W10", "briefs/next"]).success();
    assert!(output_of(&a).contains("old: "), "{}", output_of(&a));
}
