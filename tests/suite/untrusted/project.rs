//! A throw-away project folder (brief.yaml, seeds/) for the tests of this binary, and a way to
//! run `briefly` inside it.

use crate::common::{briefly, root};
use std::fs;
use std::path::{Path, PathBuf};

/// A project in a temporary folder: `proj/brief.yaml`, `proj/seeds/` with the two articles of
/// `tests/fixtures/minimal`, and an `outside/` folder beside it that nothing may touch.
pub struct Project {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
    pub outside: PathBuf,
}

impl Project {
    /// A project whose `brief.yaml` is `config` (a date and formats are added).
    pub fn new(config: &str) -> Project {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("proj");
        Project::in_folder(tmp, dir, config)
    }

    /// A project in `dir` (inside `tmp`), which may already exist.
    pub fn in_folder(tmp: tempfile::TempDir, dir: PathBuf, config: &str) -> Project {
        let outside = tmp.path().join("outside");
        fs::create_dir_all(dir.join("seeds")).unwrap();
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("secret.txt"), "TOPSECRET-4711 the launch codes are under the mat.\n")
            .unwrap();
        for a in ["a-harbour.md", "b-rail.txt"] {
            fs::copy(root(&format!("tests/fixtures/minimal/articles/{a}")), dir.join("seeds").join(a))
                .unwrap();
        }
        fs::write(dir.join("brief.yaml"), format!("date: 2025-03-07\nformats: [md, html, json]\n{config}"))
            .unwrap();
        Project { tmp, dir, outside }
    }

    /// `briefly ARGS` run in the project folder.
    pub fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        briefly().current_dir(&self.dir).args(args).timeout(std::time::Duration::from_secs(180)).assert()
    }

    /// `briefly build -q` in the project folder.
    pub fn build(&self) -> assert_cmd::assert::Assert {
        self.run(&["build", "-q"])
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Every byte the project's output folder holds, as text (lossy), for "not in the brief" checks.
    pub fn all_output(&self) -> String {
        crate::common::files(&self.dir.join("briefs"))
            .values()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// stdout + stderr of a finished command.
pub fn output_of(a: &assert_cmd::assert::Assert) -> String {
    let o = a.get_output();
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Whether `git` can be run.
pub fn have_git() -> bool {
    std::process::Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Runs git in `dir` (test set-up only), with a fixed identity.
pub fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}
