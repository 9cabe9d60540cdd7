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

/// The bytes of `path` (relative to `dir`) at revision `rev` of the repository `dir` is in.
pub fn read_file(dir: &Path, rev: &str, path: &str) -> Result<Vec<u8>> {
    if !valid_revision(rev) {
        bail!(
            "`{rev}` is not a git revision briefly reads (letters, digits and ._/~^@{{}}+- only, not starting with `-`)"
        );
    }
    if !valid_path(path) {
        bail!("`{path}` is not a path inside the project (no `..`, not absolute)");
    }
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let mut child = Command::new("git")
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

    #[test]
    fn a_bad_revision_never_reaches_git() {
        let err = read_file(Path::new("."), "--output=/tmp/x", "y.json").unwrap_err().to_string();
        assert!(err.contains("not a git revision"), "{err}");
    }
}
