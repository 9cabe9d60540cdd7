//! Reading a file of an earlier commit, for `compare_with: REV:PATH` and `briefly diff REV:PATH`.
//!
//! In: the folder to start from (the project folder, or the current folder for `diff`), a
//! revision and a path relative to that folder. Out: the file's bytes (at most a cap), or one
//! error line. The repository folder may come from someone else (a clone, an unpacked zip), so
//! git runs as plumbing with nothing in that folder able to start a program:
//! * `git cat-file blob` (no textconv, filters, pager or hooks), after `--end-of-options`,
//!   with a revision checked by [`valid_revision`] (never starting with `-`) and a path of plain
//!   components (no `..`, not absolute) read as `REV:./PATH`, relative to the start folder;
//! * `safe.bareRepository=explicit`, so a folder holding the files of a bare repository is never
//!   taken for one (git would otherwise read its `config`);
//! * no lazy fetch (`GIT_NO_LAZY_FETCH=1`, git ≥ 2.44) and `protocol.allow=never` (every transport,
//!   older gits included), so a promisor remote's `uploadpack` command is never run;
//! * `core.fsmonitor=false`, `core.hooksPath=/dev/null`, no terminal prompt, stdin closed.
//!
//! A revision a config names ([`read_own_file`], `compare_with:`) is read only from the
//! project's own repository: the `.git` folder directly in the project folder, named to git
//! (`GIT_DIR`, `GIT_WORK_TREE`, `GIT_COMMON_DIR`, `GIT_OBJECT_DIRECTORY`) instead of found. A
//! `.git` file (a `gitdir:` link), a `.git` link, a repository above the project folder, and a
//! `.git` folder that borrows from another repository (a `commondir` file, object alternates, a
//! symbolic link anywhere inside it) are refused, never followed. A revision typed on the
//! command line ([`read_file`], `briefly diff`) is read from the repository git finds.

use anyhow::{Context, Result, bail};
use std::io::Read;
use std::path::{Component, Path};
use std::process::{Command, Stdio};

/// Largest file read from git.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Whether `rev` is a revision briefly passes to git: a name such as `HEAD`, `HEAD~1`,
/// `main^`, `origin/main`, `v1.2`, `HEAD@{2}` or a commit hash, made of ASCII letters, digits
/// and `._/~^@{}+-`, starting with a letter or digit, without `..` and at most 200 bytes.
pub fn valid_revision(rev: &str) -> bool {
    !rev.is_empty()
        && rev.len() <= 200
        && rev.as_bytes()[0].is_ascii_alphanumeric()
        && !rev.contains("..")
        && rev.bytes().all(|b| b.is_ascii_alphanumeric() || b"._/~^@{}+-".contains(&b))
}

/// Whether `path` is a path briefly looks up in a commit: relative, plain components only.
pub fn valid_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('-')
        && Path::new(path).components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        && !path.chars().any(|c| c.is_control() || c == ':')
}

/// The bytes of `path` (relative to `dir`) at revision `rev` of the repository `dir` is in (as
/// git finds it: for a revision the user typed).
pub fn read_file(dir: &Path, rev: &str, path: &str) -> Result<Vec<u8>> {
    run(dir, rev, path, None)
}

/// The bytes of `path` (relative to the project folder `root`) at revision `rev` of the
/// project's own repository: the real `.git` folder directly in `root` (see [`own_repository`]);
/// for a revision an untrusted config names.
pub fn read_own_file(root: &Path, rev: &str, path: &str) -> Result<Vec<u8>> {
    let root = if root.as_os_str().is_empty() { Path::new(".") } else { root };
    let root = std::fs::canonicalize(root)
        .with_context(|| format!("project folder `{}` not found", root.display()))?;
    let git_dir = own_repository(&root)?;
    run(&root, rev, path, Some(&git_dir))
}

/// Most entries of a `.git` folder [`own_repository`] looks at (a repository of a million
/// loose objects is refused rather than walked for long).
pub const MAX_GIT_ENTRIES: usize = 1_000_000;

/// The `.git` folder of the project folder `root` (canonical), when it is the project's own
/// repository: a real folder, not a file or a link; without a `commondir` file (a linked
/// worktree's, whose refs and objects live elsewhere) or `objects/info/alternates` (objects
/// borrowed from another repository); with no symbolic link anywhere inside it. Otherwise an
/// error saying which, that quotes nothing from the files.
pub fn own_repository(root: &Path) -> Result<std::path::PathBuf> {
    let git_dir = root.join(".git");
    let why = match std::fs::symlink_metadata(&git_dir) {
        Err(_) => {
            Some("the project folder has no `.git` folder (a repository above it is not read)".to_string())
        }
        Ok(m) if m.file_type().is_symlink() => Some("`.git` is a symbolic link (not followed)".to_string()),
        Ok(m) if !m.is_dir() => {
            Some("`.git` is a file (a `gitdir:` link to a repository elsewhere, not followed)".to_string())
        }
        Ok(_) => borrowed(&git_dir),
    };
    match why {
        None => Ok(git_dir),
        Some(why) => bail!(
            "{why}: a `REV:PATH` in brief.yaml is read only from the project's own repository (a real \
             `.git` folder in the project folder); compare with a brief folder instead, or run `briefly diff`"
        ),
    }
}

/// Why the real folder `git_dir` would let git read another repository, if it would.
fn borrowed(git_dir: &Path) -> Option<String> {
    for (file, what) in [
        ("commondir", "a linked worktree's `.git/commondir`: its refs and objects are elsewhere"),
        (
            "objects/info/alternates",
            "`.git/objects/info/alternates`: it borrows objects from another repository",
        ),
    ] {
        if std::fs::symlink_metadata(git_dir.join(file)).is_ok() {
            return Some(format!("the project's `.git` folder has {what}"));
        }
    }
    let mut stack = vec![git_dir.to_path_buf()];
    let mut seen = 0usize;
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Some("a folder inside the project's `.git` cannot be read".to_string());
        };
        for e in entries {
            seen += 1;
            if seen > MAX_GIT_ENTRIES {
                return Some(format!("the project's `.git` folder holds more than {MAX_GIT_ENTRIES} files"));
            }
            let Ok(e) = e else { continue };
            let Ok(kind) = e.file_type() else { continue };
            if kind.is_symlink() {
                let rel = e.path();
                let rel = rel.strip_prefix(git_dir.parent()?).unwrap_or(&rel).to_path_buf();
                return Some(format!("`{}` is a symbolic link (not followed)", rel.display()));
            }
            if kind.is_dir() {
                stack.push(e.path());
            }
        }
    }
    None
}

/// Runs `git cat-file blob REV:./PATH` in `dir`; with `git_dir`, on that repository only.
fn run(dir: &Path, rev: &str, path: &str, git_dir: Option<&Path>) -> Result<Vec<u8>> {
    if !valid_revision(rev) {
        bail!(
            "`{rev}` is not a git revision briefly reads (letters, digits and ._/~^@{{}}+- only, not starting with `-`)"
        );
    }
    if !valid_path(path) {
        bail!("`{path}` is not a path inside the project (no `..`, not absolute)");
    }
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let mut command = Command::new("git");
    if let Some(git_dir) = git_dir {
        // Named, not found: no `.git` file, `core.worktree` or `commondir` redirects git, and
        // `./PATH` is relative to the project folder.
        command
            .env("GIT_DIR", git_dir)
            .env("GIT_COMMON_DIR", git_dir)
            .env("GIT_OBJECT_DIRECTORY", git_dir.join("objects"))
            .env("GIT_WORK_TREE", dir)
            .env_remove("GIT_ALTERNATE_OBJECT_DIRECTORIES")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_NAMESPACE");
    }
    let mut child = command
        .current_dir(dir)
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_PAGER", "cat")
        .args([
            "--no-pager",
            "-c",
            "safe.bareRepository=explicit",
            "-c",
            "protocol.allow=never",
            "-c",
            "core.fsmonitor=false",
            "-c",
            "core.hooksPath=/dev/null",
            "cat-file",
            "blob",
            "--end-of-options",
        ])
        .arg(format!("{rev}:./{path}"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("failed to run git")?;
    let mut out = Vec::new();
    let read = child.stdout.take().map(|s| s.take(MAX_BYTES + 1).read_to_end(&mut out));
    let mut err = Vec::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = (&mut e).take(64 * 1024).read_to_end(&mut err);
    }
    if out.len() as u64 > MAX_BYTES {
        let _ = child.kill();
        let _ = child.wait();
        bail!("`{rev}:{path}` is larger than {MAX_BYTES} bytes");
    }
    let status = child.wait().context("failed to run git")?;
    if let Some(Err(e)) = read {
        return Err(e).context("failed to read from git");
    }
    if !status.success() {
        // git's first line says why (`fatal: path … does not exist in …`).
        let why = String::from_utf8_lossy(&err);
        let first = why.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("git failed");
        bail!("cannot read `{path}` at git revision `{rev}`: {}", crate::text::cap_line(first, 200));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_and_paths_are_checked() {
        for ok in ["HEAD", "HEAD~1", "main^", "origin/main", "v1.2", "HEAD@{2}", "0a1dee2", "a-b_c+d"] {
            assert!(valid_revision(ok), "{ok}");
        }
        for bad in ["", "-p", "--output=/tmp/x", "HEAD..main", "a b", "a;b", "$(x)", ":x", "@{-1}"] {
            assert!(!valid_revision(bad), "{bad}");
        }
        for ok in ["briefs/2025-W48", "briefs/2025-W48/brief.json", "./x.json"] {
            assert!(valid_path(ok), "{ok}");
        }
        for bad in ["", "../x", "a/../../x", "/etc/passwd", "-x", "a:b"] {
            assert!(!valid_path(bad), "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn only_a_real_git_folder_is_the_projects_own() {
        let t = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(t.path()).unwrap();
        let err = |root: &Path| own_repository(root).unwrap_err().to_string();
        assert!(err(&root).contains("no `.git` folder"));
        std::fs::write(root.join(".git"), "gitdir: /elsewhere/.git\n").unwrap();
        assert!(err(&root).contains("`.git` is a file"));
        std::fs::remove_file(root.join(".git")).unwrap();
        std::os::unix::fs::symlink("/elsewhere/.git", root.join(".git")).unwrap();
        assert!(err(&root).contains("`.git` is a symbolic link"));
        std::fs::remove_file(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join(".git/objects/info")).unwrap();
        std::fs::create_dir_all(root.join(".git/refs/heads")).unwrap();
        assert_eq!(own_repository(&root).unwrap(), root.join(".git"));
        std::os::unix::fs::symlink("/elsewhere/.git/refs/heads/main", root.join(".git/refs/heads/main"))
            .unwrap();
        assert!(err(&root).contains("`.git/refs/heads/main` is a symbolic link"), "{}", err(&root));
        std::fs::remove_file(root.join(".git/refs/heads/main")).unwrap();
        std::fs::write(root.join(".git/objects/info/alternates"), "/elsewhere/.git/objects\n").unwrap();
        assert!(err(&root).contains("alternates"));
        std::fs::remove_file(root.join(".git/objects/info/alternates")).unwrap();
        std::fs::write(root.join(".git/commondir"), "/elsewhere/.git\n").unwrap();
        assert!(err(&root).contains("commondir"));
    }

    #[test]
    fn a_bad_revision_never_reaches_git() {
        let err = read_file(Path::new("."), "--output=/tmp/x", "y.json").unwrap_err().to_string();
        assert!(err.contains("not a git revision"), "{err}");
    }
}
