//! File-system helpers with the path in every error, and atomic writes.
//!
//! In: paths and bytes. Out: text read as UTF-8 (CRLF normalised to LF), or files written
//! through a temporary sibling and renamed into place, so a failed or killed build never leaves
//! a half-written output. A brief folder is replaced as a whole ([`write_dir_atomic`]): a
//! reader, or a build killed at any moment, sees the old brief or the new one, never a mix.

use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Largest input file read (bigger files are refused rather than exhausting memory).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a UTF-8 text file of at most [`MAX_FILE_BYTES`]. Errors name the file; invalid UTF-8
/// reports the line. A UTF-8 byte-order mark is dropped and CRLF/CR line ends become LF. Only
/// regular files are read (see [`read_capped`]).
pub fn read_text(path: &Path) -> Result<String> {
    read_text_capped(path, MAX_FILE_BYTES)
}

/// [`read_text`] with a smaller size limit (configs, gazetteers, `brief.json`).
pub fn read_text_capped(path: &Path, cap: u64) -> Result<String> {
    let bytes = read_capped(path, cap)?;
    decode_text(&bytes).with_context(|| format!("cannot read `{}` as text", path.display()))
}

/// Reads at most `cap` bytes of a regular file: the file is opened without blocking (a FIFO
/// or device would otherwise wait or never end), checked to be a regular file on the open
/// descriptor (so a file swapped in after a check is caught), and read through a bounded
/// reader. Larger files are refused, never read to the end.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).with_context(|| format!("failed to read `{}`", path.display()))?;
    let meta = file.metadata().with_context(|| format!("failed to read `{}`", path.display()))?;
    if !meta.is_file() {
        bail!(
            "`{}` is not a regular file (a folder, device or pipe); only regular files are read",
            path.display()
        );
    }
    if meta.len() > cap {
        bail!("`{}` is too large ({} bytes, limit {cap})", path.display(), meta.len());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("failed to read `{}`", path.display()))?;
    if bytes.len() as u64 > cap {
        bail!("`{}` is too large (more than {cap} bytes)", path.display());
    }
    Ok(bytes)
}

/// Where a path leads, for confinement checks: the canonical path (symlinks resolved) when it
/// exists, or `None` when it does not (nothing to read there).
pub fn resolve(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// Whether `path` exists and resolves, symlinks included, inside the folder `root` (itself
/// canonical). A path that does not exist resolves nowhere: `false`.
pub fn resolves_inside(path: &Path, root: &Path) -> bool {
    resolve(path).is_some_and(|p| p.starts_with(root))
}

/// The regular files of `dir` whose names pass `wanted`, sorted by name, skipping hidden
/// files, sub-folders, devices, FIFOs and broken or looping links. When `root` (canonical) is
/// given, an entry that is a link leading outside `root` is skipped with a warning (returned)
/// instead of being read. Returned paths are the entries' own paths (ids come from their names).
pub fn list_files(
    dir: &Path,
    root: Option<&Path>,
    wanted: &dyn Fn(&Path) -> bool,
) -> Result<(Vec<PathBuf>, Vec<String>)> {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("failed to list `{}`", dir.display()))? {
        let entry = entry.with_context(|| format!("failed to list `{}`", dir.display()))?;
        let path = entry.path();
        if entry.file_name().as_encoded_bytes().starts_with(b".") || !wanted(&path) {
            continue;
        }
        let Ok(target) = std::fs::metadata(&path) else { continue }; // broken link or loop
        if !target.is_file() {
            continue;
        }
        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
        if is_link
            && let Some(root) = root
            && !resolves_inside(&path, root)
        {
            warnings.push(format!(
                "`{}` is a link to a file outside the project folder; skipped",
                path.display()
            ));
            continue;
        }
        files.push(path);
    }
    files.sort();
    Ok((files, warnings))
}

/// Decodes bytes as UTF-8 text (see [`read_text`]).
pub fn decode_text(bytes: &[u8]) -> Result<String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        bail!("file is UTF-16 encoded; save it as UTF-8");
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if bytes.contains(&0) {
        bail!("file contains NUL bytes (binary, not text)");
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            bail!("invalid UTF-8 at line {line} (byte {at}); save the file as UTF-8");
        }
    };
    Ok(if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_string() })
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed, then
/// renamed over the target. Parent folders are created; temporaries of killed writes of the
/// same file are removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    remove_leftovers(dir, &format!(".{name}.tmp-"));
    let tmp = temp_sibling(path);
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("failed to write `{}`", path.display()));
    }
    Ok(())
}

/// Writes `files` (name, bytes) into folder `dir` so that the folder changes in one step: the
/// files go into a hidden temporary folder beside it (`.NAME.tmp-PID`), together with hard
/// links to (or copies of) the other files already in `dir`, and that folder then takes the
/// place of `dir` by one atomic exchange (Linux `renameat2(RENAME_EXCHANGE)`), or by one rename
/// when `dir` does not exist yet. Where the exchange is not available, each file is renamed
/// into `dir` on its own (every file still whole). Leftovers of killed builds (`.NAME.tmp-*`)
/// are removed first. One build per output folder at a time.
pub fn write_dir_atomic(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    remove_leftovers(parent, &format!(".{name}.tmp-"));
    let tmp = temp_sibling(dir);
    let result = (|| -> Result<()> {
        std::fs::create_dir(&tmp).with_context(|| format!("failed to create `{}`", tmp.display()))?;
        for (file, bytes) in files {
            let path = tmp.join(file);
            let mut f = std::fs::File::create(&path)
                .with_context(|| format!("failed to write `{}`", path.display()))?;
            f.write_all(bytes)
                .and_then(|()| f.sync_all())
                .with_context(|| format!("failed to write `{}`", path.display()))?;
        }
        if !dir.exists() {
            return std::fs::rename(&tmp, dir)
                .with_context(|| format!("failed to create `{}`", dir.display()));
        }
        // Files of the old folder that this build does not write stay.
        for e in std::fs::read_dir(dir).with_context(|| format!("failed to list `{}`", dir.display()))? {
            let e = e.with_context(|| format!("failed to list `{}`", dir.display()))?;
            let file = e.file_name();
            if files.iter().any(|(f, _)| file.to_string_lossy() == *f) || !e.path().is_file() {
                continue;
            }
            let to = tmp.join(&file);
            if std::fs::hard_link(e.path(), &to).is_err() {
                std::fs::copy(e.path(), &to)
                    .with_context(|| format!("failed to copy `{}`", e.path().display()))?;
            }
        }
        if exchange(&tmp, dir).is_ok() {
            return Ok(());
        }
        for (file, _) in files {
            std::fs::rename(tmp.join(file), dir.join(file))
                .with_context(|| format!("failed to write `{}`", dir.join(file).display()))?;
        }
        Ok(())
    })();
    // After an exchange the temporary path holds the old folder; either way it goes.
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

/// Atomically swaps two paths (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (ca, cb) = (CString::new(a.as_os_str().as_bytes())?, CString::new(b.as_os_str().as_bytes())?);
    // SAFETY: both arguments are valid NUL-terminated paths that outlive the call; the syscall
    // reads them and touches no other memory.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "no atomic exchange here"))
}

/// Removes entries of `dir` whose names start with `prefix` (temporaries of killed builds).
fn remove_leftovers(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(prefix) {
            let p = e.path();
            let _ = if p.is_dir() { std::fs::remove_dir_all(&p) } else { std::fs::remove_file(&p) };
        }
    }
}

/// `dir/.name.tmp-PID`: hidden, in the same folder (rename stays on one file system).
pub fn temp_sibling(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_replaced_whole_and_keeps_foreign_files() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("2025-W49");
        write_dir_atomic(&dir, &[("a.md".into(), b"one".to_vec()), ("b.json".into(), b"{}".to_vec())])
            .unwrap();
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        // A leftover of a killed build is cleaned up.
        std::fs::create_dir(t.path().join(".2025-W49.tmp-1")).unwrap();
        write_dir_atomic(&dir, &[("a.md".into(), b"two".to_vec())]).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("a.md")).unwrap(), "two");
        assert_eq!(std::fs::read_to_string(dir.join("b.json")).unwrap(), "{}", "not rebuilt: kept");
        assert_eq!(std::fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine");
        let names: Vec<String> = std::fs::read_dir(t.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into())
            .collect();
        assert_eq!(names, ["2025-W49"], "no temporaries left");
    }

    #[test]
    fn decode_reports_line_of_bad_utf8() {
        let err = decode_text(b"ok\nfine\nbad \xff here").unwrap_err().to_string();
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn decode_normalises_line_ends_and_bom() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFa\r\nb\rc").unwrap(), "a\nb\nc");
        assert!(decode_text(b"\xFF\xFEa\0").is_err());
        assert!(decode_text(b"a\0b").is_err());
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/out.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(p.parent().unwrap()).unwrap().count(), 1);
    }
}
