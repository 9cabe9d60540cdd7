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
fn compare_with_reads_the_projects_own_repository_and_diff_any() {
    if !have_git() {
        eprintln!("SKIP: git is not installed");
        return;
    }
    // The project is its own repository (`briefly init weekly && cd weekly && git init`).
    let p = Project::new("");
    git(&p.dir, &["init", "-q"]);
    p.build().success();
    git(&p.dir, &["add", "."]);
    git(&p.dir, &["commit", "-q", "-m", "week 10"]);
    next_week(&p);
    p.build().success();
    let a = p.run(&["diff", "HEAD:briefs/2025-W10", "briefs/next"]).success();
    assert!(output_of(&a).contains("old: "), "{}", output_of(&a));
}

/// The project gets one more article and compares with last week's brief in git.
fn next_week(p: &Project) {
    fs::copy(crate::common::root("tests/fixtures/pdfa/articles/b-athens.txt"), p.path("seeds/c-athens.txt"))
        .unwrap();
    let cfg = fs::read_to_string(p.path("brief.yaml")).unwrap();
    fs::write(p.path("brief.yaml"), format!("{cfg}number: next\ncompare_with: \"HEAD:briefs/2025-W10\"\n"))
        .unwrap();
}

/// Issue 29, finding 3: `compare_with:` reads only the repository whose `.git` folder is in
/// the project folder; `briefly diff`, typed by the user, reads the one git finds.
#[test]
fn compare_with_does_not_read_a_repository_above_the_project() {
    if !have_git() {
        eprintln!("SKIP: git is not installed");
        return;
    }
    let t = tempfile::tempdir().unwrap();
    git(t.path(), &["init", "-q"]);
    let weekly = t.path().join("weekly");
    let p = Project::in_folder(t, weekly, "");
    p.build().success();
    // What the repository above holds at that path is not the project's to read.
    let json = p.path("briefs/2025-W10/brief.json");
    fs::write(&json, r#"{"title":"T","date":"2025-03-07","version":"sk-live-ABOVE-0042"}"#).unwrap();
    git(p.tmp.path(), &["add", "weekly"]);
    git(p.tmp.path(), &["commit", "-q", "-m", "week 10"]);
    next_week(&p);
    let a = p.build().failure().code(1);
    let err = output_of(&a);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("compare_with") && err.contains(".git"), "{err}");
    assert!(!err.contains("sk-live") && !err.contains("ABOVE-0042"), "{err}");
    // Typed on the command line, the revision is read from the repository git finds; its
    // parse error says where, not what.
    let a = p.run(&["diff", "HEAD:briefs/2025-W10", "HEAD:briefs/2025-W10"]).failure().code(1);
    let err = output_of(&a);
    assert!(err.contains("HEAD:briefs/2025-W10/brief.json") && err.contains("line 1, column"), "{err}");
    assert!(!err.contains("sk-live") && !err.contains("ABOVE-0042"), "{err}");
}

/// A repository elsewhere on the machine, with a secret where a brief.json would be.
fn other_repository(dir: &Path) -> std::path::PathBuf {
    let other = dir.join("other");
    fs::create_dir_all(other.join("briefs/x")).unwrap();
    git(&other, &["init", "-q", "-b", "main"]);
    fs::write(
        other.join("briefs/x/brief.json"),
        r#"{"title":"T","date":"2025-01-01","version":"sk-live-SECRET-4711"}"#,
    )
    .unwrap();
    git(&other, &["add", "."]);
    git(&other, &["commit", "-q", "-m", "secret"]);
    other.join(".git")
}

#[cfg(unix)]
#[test]
fn a_git_link_to_another_repository_is_not_followed() {
    if !have_git() {
        eprintln!("SKIP: git is not installed");
        return;
    }
    type Plant = fn(&Path, &Path);
    let plants: [(&str, Plant); 5] = [
        // A `.git` file: `gitdir: /elsewhere/.git`.
        ("gitdir file", |proj, other| {
            fs::write(proj.join(".git"), format!("gitdir: {}\n", other.display())).unwrap()
        }),
        // `.git` a symbolic link to the other repository.
        ("link", |proj, other| std::os::unix::fs::symlink(other, proj.join(".git")).unwrap()),
        // A `.git` folder of a linked worktree whose common folder is the other repository.
        ("commondir", |proj, other| {
            fs::create_dir(proj.join(".git")).unwrap();
            fs::write(proj.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
            fs::write(proj.join(".git/commondir"), format!("{}\n", other.display())).unwrap();
        }),
        // A `.git` folder whose objects and refs are links into the other repository.
        ("links inside", |proj, other| {
            fs::create_dir(proj.join(".git")).unwrap();
            fs::write(proj.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
            std::os::unix::fs::symlink(other.join("objects"), proj.join(".git/objects")).unwrap();
            std::os::unix::fs::symlink(other.join("refs"), proj.join(".git/refs")).unwrap();
        }),
        // A `.git` folder that borrows the other repository's objects (alternates) and names
        // its commit.
        ("alternates", |proj, other| {
            fs::create_dir_all(proj.join(".git/objects/info")).unwrap();
            fs::create_dir_all(proj.join(".git/refs/heads")).unwrap();
            fs::write(proj.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
            fs::copy(other.join("refs/heads/main"), proj.join(".git/refs/heads/main")).unwrap();
            fs::write(
                proj.join(".git/objects/info/alternates"),
                format!("{}\n", other.join("objects").display()),
            )
            .unwrap();
        }),
    ];
    for (what, plant) in plants {
        let t = tempfile::tempdir().unwrap();
        let other = other_repository(t.path());
        let dir = t.path().join("proj");
        let p = Project::in_folder(t, dir, "compare_with: \"HEAD:briefs/x\"\n");
        plant(&p.dir, &other);
        let a = p.build().failure().code(1);
        let err = output_of(&a);
        assert_eq!(err.lines().count(), 1, "{what}: {err}");
        assert!(err.contains("compare_with") && err.contains(".git"), "{what}: {err}");
        assert!(!err.contains("sk-live") && !err.contains("SECRET-4711"), "{what}: {err}");
        assert!(!p.all_output().contains("SECRET-4711"), "{what}");
    }
}
