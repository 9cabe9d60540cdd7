//! File-system helpers with the path in every error, atomic writes, and the output lock.
//!
//! In: paths and bytes. Out: text read as UTF-8 (CRLF normalised to LF), bounded reads that never
//! follow a symbolic link ([`read_capped`]), or files written through a temporary sibling and
//! renamed into place, so a failed or killed build never leaves a half-written output. A brief
//! folder is replaced as a whole ([`write_dir_atomic`]): a reader, or a build killed at any
//! moment, sees the old brief or the new one, never a mix. [`lock_output`] makes builds of one
//! output folder take turns.
//!
//! The output folder may hold anything a shared project brought along, so the writers trust only
//! the folder they are given, nothing below it: a symbolic link, a folder or a device where a
//! file or a brief folder is to be written is refused (never followed, never replaced),
//! temporaries are created exclusively (`O_EXCL`: a planted link at their name is not followed),
//! only regular files are carried over from an old brief folder, and only the temporaries of
//! processes that no longer run are cleaned up.

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

/// Reads at most `cap` bytes of a regular file, following links (callers confine paths
/// first, see [`list_files`]): the file is opened without blocking (a FIFO or device would
/// otherwise wait or never end), checked to be a regular file on the open descriptor (so a file
/// swapped in after a check is caught), and read through a bounded reader. Larger files are
/// refused, never read to the end.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).with_context(|| format!("failed to read `{}`", path.display()))?;
    read_open_file(file, path, cap)
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

/// The first component of `base/rel` below `base` that is a symbolic link, if any (`rel` walked
/// as written, each prefix checked with `symlink_metadata`; the walk stops at the first one
/// that does not exist). `base` itself is not checked.
pub fn first_link(base: &Path, rel: &Path) -> Option<PathBuf> {
    let mut at = base.to_path_buf();
    for c in rel.components() {
        at.push(c);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => return Some(at),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

/// Where `path` leads once it is created: the canonical path (symlinks resolved) of its
/// nearest existing ancestor, followed by the components below it that do not exist yet (`.`
/// dropped, `..` taking the one before it back). So two paths can be compared for overlap
/// before either exists. `None` when not even the current folder resolves.
pub fn resolve_planned(path: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let mut existing = path;
    let mut below = Vec::new(); // the components that do not exist, last first
    loop {
        let at = if existing.as_os_str().is_empty() { Path::new(".") } else { existing };
        if let Ok(real) = std::fs::canonicalize(at) {
            let mut out = real;
            for c in below.iter().rev() {
                match c {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(name) => out.push(name),
                    _ => {}
                }
            }
            return Some(out);
        }
        let last = existing.components().next_back()?;
        if matches!(last, Component::RootDir | Component::Prefix(_)) {
            return None;
        }
        below.push(last);
        existing = existing.parent()?;
    }
}

/// How two canonical paths overlap, if they do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlap {
    /// The same folder.
    Same,
    /// The first holds the second (at any depth).
    Contains,
    /// The first lies inside the second (at any depth).
    Inside,
}

/// Whether `a` is, contains or lies inside `b` (both canonical, as [`resolve_planned`] makes
/// them; compared component by component).
pub fn overlap(a: &Path, b: &Path) -> Option<Overlap> {
    if a == b {
        Some(Overlap::Same)
    } else if b.starts_with(a) {
        Some(Overlap::Contains)
    } else if a.starts_with(b) {
        Some(Overlap::Inside)
    } else {
        None
    }
}

/// Something other than a regular file (a folder, a symbolic link, a device …) stands where a
/// file is to be written. [`write_atomic`] leaves it alone and fails with this error, so a
/// caller can tell it from a failed write (`err.downcast_ref::<InTheWay>()`).
#[derive(Debug, thiserror::Error)]
#[error("`{}` is {what}, not a file", path.display())]
pub struct InTheWay {
    /// Where the file was to go.
    pub path: PathBuf,
    /// What is there instead: "a folder", "a symbolic link", "a device" … (see [`kind`]).
    pub what: &'static str,
}

/// What a file type is, in words, for errors: "a symbolic link", "a folder", "a file", "a named
/// pipe", "a device", "a socket" or "a special file" (a noun phrase, so a message can go on
/// with ", not a regular file" without saying it twice).
fn kind(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    use std::os::unix::fs::FileTypeExt;
    if t.is_symlink() {
        return "a symbolic link";
    } else if t.is_dir() {
        return "a folder";
    } else if t.is_file() {
        return "a file";
    }
    #[cfg(unix)]
    if t.is_fifo() {
        return "a named pipe";
    } else if t.is_char_device() || t.is_block_device() {
        return "a device";
    } else if t.is_socket() {
        return "a socket";
    }
    "a special file"
}

/// `N MiB` when `bytes` is a whole number of MiB, else `N bytes`.
fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

/// Opens `path` for reading without following a symbolic link in its last component (Unix
/// `O_NOFOLLOW`; `O_NONBLOCK` so that opening a planted FIFO does not hang).
fn open_nofollow(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::other("symbolic link"));
    }
    options.open(path)
}

/// Whether an open failed because the last component is a symbolic link (`ELOOP` under
/// `O_NOFOLLOW`).
fn is_link_error(path: &Path, e: &std::io::Error) -> bool {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return true;
    }
    let _ = e;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Reads the regular file `path`, at most `cap` bytes. A symbolic link (not followed), a folder,
/// a device or a file over `cap` is an error naming the file; never more than `cap + 1` bytes
/// are read, whatever size the file claims.
pub fn read_capped_nofollow(path: &Path, cap: u64) -> Result<Vec<u8>> {
    let file = match open_nofollow(path) {
        Ok(f) => f,
        Err(e) if is_link_error(path, &e) => {
            bail!("`{}` is a symbolic link (not followed)", path.display())
        }
        Err(e) => return Err(e).with_context(|| format!("failed to read `{}`", path.display())),
    };
    read_open_file(file, path, cap)
}

/// The bounded read of [`read_capped`] and [`read_capped_nofollow`] on an opened file.
fn read_open_file(file: std::fs::File, path: &Path, cap: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let meta = file.metadata().with_context(|| format!("failed to read `{}`", path.display()))?;
    if !meta.is_file() {
        bail!(
            "`{}` is {}, not a regular file; only regular files are read",
            path.display(),
            kind(meta.file_type())
        );
    }
    let too_large = || anyhow::anyhow!("`{}` is larger than {}", path.display(), size(cap));
    if meta.len() > cap {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("failed to read `{}`", path.display()))?;
    if bytes.len() as u64 > cap {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Creates `path` for writing; fails if anything is there already, a symbolic link included
/// (`O_CREAT | O_EXCL`, which never follows a link).
fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new().write(true).create_new(true).open(path)
}

/// Writes `bytes` to `path` atomically: a new temporary file in the same folder
/// (`.NAME.tmp-PID`, created exclusively), flushed, then renamed over the target. Parent folders
/// are created; temporaries of writes of the same file by processes that have ended are removed
/// (`remove_leftovers`). If something other than a regular file is at `path` (a folder, a
/// symbolic link), nothing is written and the error is an [`InTheWay`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    if let Ok(m) = std::fs::symlink_metadata(path)
        && !m.file_type().is_file()
    {
        return Err(InTheWay { path: path.to_path_buf(), what: kind(m.file_type()) }.into());
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    remove_leftovers(dir, &format!(".{name}.tmp-"));
    let tmp = temp_sibling(path);
    let mut f = create_new(&tmp).with_context(|| format!("failed to create `{}`", tmp.display()))?;
    let result = f.write_all(bytes).and_then(|()| f.sync_all()).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("failed to write `{}`", path.display()));
    }
    Ok(())
}

/// Writes `files` (name, bytes) into folder `dir` so that the folder changes in one step: the
/// files go into a new hidden temporary folder beside it (`.NAME.tmp-PID`, created exclusively),
/// together with hard links to (or copies of) the other regular files already in `dir` (only
/// regular files: `carry_over`), and that folder then takes the place of `dir` by one atomic
/// exchange (Linux `renameat2(RENAME_EXCHANGE)`), or by one rename when `dir` does not exist
/// yet. Where the
/// exchange is not available, each file is renamed into `dir` on its own (every file still
/// whole). Temporaries of the same folder left by processes that have ended are removed first
/// (`remove_leftovers`).
///
/// The parent of `dir` is trusted as given; `dir` itself must be a real folder or absent: a
/// symbolic link (a planted `briefs/2025-W49 -> ~/.ssh`) or a file there is an error, and
/// nothing is read through it or written. One build per output folder at a time
/// ([`lock_output`]).
pub fn write_dir_atomic(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
    let exists = match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => bail!(
            "`{}` is a symbolic link: refusing to write the brief through it (remove the link and build again)",
            dir.display()
        ),
        Ok(m) if !m.is_dir() => {
            bail!(
                "`{}` is {}, not a brief folder: remove it and build again",
                dir.display(),
                kind(m.file_type())
            )
        }
        Ok(_) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(e).with_context(|| format!("failed to read `{}`", dir.display())),
    };
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    remove_leftovers(parent, &format!(".{name}.tmp-"));
    let tmp = temp_sibling(dir);
    std::fs::create_dir(&tmp).with_context(|| format!("failed to create `{}`", tmp.display()))?;
    let result = (|| -> Result<()> {
        for (file, bytes) in files {
            let path = tmp.join(file);
            let mut f = create_new(&path).with_context(|| format!("failed to write `{}`", path.display()))?;
            f.write_all(bytes)
                .and_then(|()| f.sync_all())
                .with_context(|| format!("failed to write `{}`", path.display()))?;
        }
        if !exists {
            return std::fs::rename(&tmp, dir)
                .with_context(|| format!("failed to create `{}`", dir.display()));
        }
        let written: Vec<&str> = files.iter().map(|(f, _)| f.as_str()).collect();
        carry_over(dir, &tmp, &written)?;
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

/// Hard-links (or, across file systems, copies) into `to` the files of the old brief folder
/// `from` that this build does not write (`skip`), so files a user put there stay. Only regular
/// files are carried over (checked with `symlink_metadata`, and copies are opened with
/// `O_NOFOLLOW`): a symbolic link, a folder or a device stays behind and goes with the old
/// folder, so a planted `key -> ~/.ssh/id_ed25519` never brings the file it points to into a
/// published brief.
fn carry_over(from: &Path, to: &Path, skip: &[&str]) -> Result<()> {
    for e in std::fs::read_dir(from).with_context(|| format!("failed to list `{}`", from.display()))? {
        let e = e.with_context(|| format!("failed to list `{}`", from.display()))?;
        let name = e.file_name();
        if skip.iter().any(|s| name == **s) {
            continue;
        }
        let src = e.path();
        if !std::fs::symlink_metadata(&src).is_ok_and(|m| m.file_type().is_file()) {
            continue;
        }
        let dst = to.join(&name);
        // `link` does not follow a symbolic link (and `src` is none).
        if std::fs::hard_link(&src, &dst).is_ok() {
            continue;
        }
        let copied = (|| -> std::io::Result<()> {
            let mut input = open_nofollow(&src)?;
            if !input.metadata()?.is_file() {
                return Ok(());
            }
            let mut output = create_new(&dst)?;
            std::io::copy(&mut input, &mut output)?;
            output.sync_all()
        })();
        copied.with_context(|| format!("failed to copy `{}`", src.display()))?;
    }
    Ok(())
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

/// Removes the temporaries `dir/<prefix><PID>` ([`temp_sibling`]) of writes that are over: those
/// of processes that no longer run (`kill(PID, 0)` fails with `ESRCH`), and this process's own
/// (it writes one file at a time, and is about to write this one). The temporary of a build
/// still running is kept, so a concurrent build never loses its work. Entries whose names do not
/// end in a PID are not ours and stay. A leftover link is removed as a link, never followed.
///
/// PID reuse: when the PID of a killed build has since been given to another process, its
/// leftover is kept until that process ends — harmless, a hidden folder stays a little longer. A
/// running build's PID is never taken for dead, so live temporaries are never removed (except
/// across PID namespaces, such as two containers sharing the folder, where another namespace's
/// processes look dead; [`lock_output`] keeps such builds from writing the same folder at once).
fn remove_leftovers(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(prefix)).and_then(parse_pid) else {
            continue;
        };
        if pid != std::process::id() && process_runs(pid) {
            continue;
        }
        let p = e.path();
        let _ = match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_dir() => std::fs::remove_dir_all(&p),
            _ => std::fs::remove_file(&p),
        };
    }
}

/// A PID written in decimal digits only (no sign, no spaces), as [`temp_sibling`] writes it.
fn parse_pid(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u32>().ok().filter(|&p| p > 0 && i32::try_from(p).is_ok())
}

/// Whether process `pid` exists (`kill(pid, 0)`: success, or `EPERM` for another user's process).
/// Where that cannot be asked, every process is taken to run (leftovers are kept).
fn process_runs(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else { return true };
        // SAFETY: signal 0 sends nothing; the call only checks that the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// `dir/.name.tmp-PID`: hidden, in the same folder (rename stays on one file system).
pub fn temp_sibling(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Name of the lock file in an output folder ([`lock_output`]).
pub const LOCK_FILE: &str = ".briefly.lock";

/// The output folder of a build, locked by [`lock_output`]. Dropping it removes the lock file
/// (and the output folder, when the lock created it and nothing else was written into it), then
/// releases the lock.
#[derive(Debug)]
pub struct OutputLock {
    /// The open lock file; closing it releases the lock.
    _file: std::fs::File,
    path: PathBuf,
    root: PathBuf,
    created_root: bool,
}

/// Waits until this process alone builds into `root`, and keeps it so until the returned
/// [`OutputLock`] is dropped: two builds of one project at once take turns instead of
/// overwriting each other's temporaries. `waiting` is called once if another build holds the
/// lock (before waiting for it).
///
/// The lock is `flock(LOCK_EX)` on `root/.briefly.lock` ([`LOCK_FILE`]), created in `root`
/// (which is created first if missing). The file is opened with `O_NOFOLLOW`: a planted symbolic
/// link in its place is removed (the link, never what it points to) and a real file created; a
/// folder or anything else that is not a regular file there is an error. The holder removes
/// the file before releasing it, so a build that was waiting on it checks, once it has the
/// lock, that the file at the path is still the one it locked (same device and inode), and
/// starts again if not. A killed build releases its lock with its last file descriptor.
pub fn lock_output(root: &Path, waiting: &dyn Fn()) -> Result<OutputLock> {
    let path = root.join(LOCK_FILE);
    let (mut created_root, mut waited, mut links_removed) = (false, false, 0);
    for _ in 0..1000 {
        if !root.exists() {
            std::fs::create_dir_all(root)
                .with_context(|| format!("failed to create `{}`", root.display()))?;
            created_root = true;
        }
        let file = match open_lock_file(&path) {
            Ok(f) => f,
            // The output folder went between creating it and opening the file (an empty one
            // is removed by the build before): again.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) if is_link_error(&path, &e) && links_removed < 3 => {
                links_removed += 1;
                std::fs::remove_file(&path).with_context(|| {
                    format!("`{}` is a symbolic link and cannot be removed", path.display())
                })?;
                continue;
            }
            Err(e) => match std::fs::symlink_metadata(&path) {
                Ok(m) if !m.is_file() => bail!(
                    "`{}` is {}, not briefly's lock file: remove it",
                    path.display(),
                    kind(m.file_type())
                ),
                _ => {
                    return Err(e)
                        .with_context(|| format!("failed to open the lock file `{}`", path.display()));
                }
            },
        };
        let meta = file.metadata().with_context(|| format!("failed to read `{}`", path.display()))?;
        if !meta.is_file() {
            bail!("`{}` is {}, not briefly's lock file: remove it", path.display(), kind(meta.file_type()));
        }
        if !try_lock(&file).with_context(|| format!("failed to lock `{}`", path.display()))? {
            if !waited {
                waited = true;
                waiting();
            }
            lock(&file).with_context(|| format!("failed to lock `{}`", path.display()))?;
        }
        if same_file(&meta, &path) {
            return Ok(OutputLock { _file: file, path, root: root.to_path_buf(), created_root });
        }
    }
    bail!("could not lock `{}`: it keeps changing", path.display())
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still held (the file closes after this): a build waiting on it then sees
        // that the path has gone and locks a new file.
        #[cfg(unix)]
        {
            let _ = std::fs::remove_file(&self.path);
            if self.created_root {
                let _ = std::fs::remove_dir(&self.root);
            }
        }
    }
}

/// Opens (creating) the lock file without following a symbolic link.
fn open_lock_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(std::io::Error::other("symbolic link"));
    }
    options.open(path)
}

/// `flock(LOCK_EX | LOCK_NB)`: `false` when another open file holds the lock.
#[cfg(unix)]
fn try_lock(file: &std::fs::File) -> std::io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: `file` is open for the whole call; flock only reads the descriptor.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EWOULDBLOCK) { Ok(false) } else { Err(e) }
}

/// `flock(LOCK_EX)`: waits for the lock.
#[cfg(unix)]
fn lock(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    loop {
        // SAFETY: as in `try_lock`.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
            return Ok(());
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

/// Whether `path` is still the file `locked` describes (the holder before us may have removed it).
#[cfg(unix)]
fn same_file(locked: &std::fs::Metadata, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.dev() == locked.dev() && m.ino() == locked.ino())
}

#[cfg(not(unix))]
fn try_lock(file: &std::fs::File) -> std::io::Result<bool> {
    match file.try_lock() {
        Ok(()) => Ok(true),
        Err(std::fs::TryLockError::WouldBlock) => Ok(false),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(not(unix))]
fn lock(file: &std::fs::File) -> std::io::Result<()> {
    file.lock()
}

/// Elsewhere the lock file is never removed, so it is always the one at the path.
#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &Path) -> bool {
    true
}

/// Resolves a path relative to the folder of the config file.
pub fn relative_to(config_path: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() {
        return p.to_path_buf();
    }
    match config_path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(p),
        _ => p.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planned_paths_resolve_through_their_existing_part() {
        let t = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(t.path()).unwrap();
        std::fs::create_dir(real.join("a")).unwrap();
        for (p, want) in
            [("a", "a"), ("a/new/x", "a/new/x"), ("a/./new/../y", "a/y"), ("new/../a", "a"), ("a/..", "")]
        {
            assert_eq!(resolve_planned(&real.join(p)).unwrap(), real.join(want), "{p}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(real.join("a"), real.join("l")).unwrap();
            assert_eq!(resolve_planned(&real.join("l/new")).unwrap(), real.join("a/new"));
        }
        let (a, b) = (Path::new("/p/seeds"), Path::new("/p/seeds/x"));
        assert_eq!(overlap(a, a), Some(Overlap::Same));
        assert_eq!(overlap(a, b), Some(Overlap::Contains));
        assert_eq!(overlap(b, a), Some(Overlap::Inside));
        assert_eq!(overlap(Path::new("/p/seedsx"), a), None, "whole components only");
    }

    #[test]
    fn a_folder_is_replaced_whole_and_keeps_foreign_files() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("2025-W49");
        write_dir_atomic(&dir, &[("a.md".into(), b"one".to_vec()), ("b.json".into(), b"{}".to_vec())])
            .unwrap();
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        // A leftover of a killed build is cleaned up.
        std::fs::create_dir(t.path().join(format!(".2025-W49.tmp-{}", dead_pid()))).unwrap();
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

    /// The PID of a process that has ended (and been reaped).
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into())
            .collect();
        v.sort();
        v
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_carried_over() {
        use std::os::unix::fs::symlink;
        let t = tempfile::tempdir().unwrap();
        let outside = t.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("secret"), "secret").unwrap();
        let dir = t.path().join("briefs/2025-W49");
        write_dir_atomic(&dir, &[("brief.md".into(), b"one".to_vec())]).unwrap();
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        symlink(outside.join("secret"), dir.join("key")).unwrap();
        symlink(&outside, dir.join("folder-link")).unwrap();
        symlink("nowhere", dir.join("dangling")).unwrap();
        std::fs::create_dir(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/inner.txt"), "inner").unwrap();
        let fifo = std::ffi::CString::new(dir.join("pipe").to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        write_dir_atomic(&dir, &[("brief.md".into(), b"two".to_vec())]).unwrap();
        assert_eq!(names(&dir), ["brief.md", "notes.txt"]);
        assert_eq!(std::fs::read_to_string(dir.join("brief.md")).unwrap(), "two");
        assert_eq!(names(&outside), ["secret"]);
        // The same through the copy used across file systems.
        let to = t.path().join("copy");
        std::fs::create_dir(&to).unwrap();
        symlink(outside.join("secret"), dir.join("key")).unwrap();
        carry_over(&dir, &to, &["brief.md"]).unwrap();
        assert_eq!(names(&to), ["notes.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_or_taken_brief_folder_is_refused() {
        use std::os::unix::fs::symlink;
        let t = tempfile::tempdir().unwrap();
        let outside = t.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("secret"), "secret").unwrap();
        let briefs = t.path().join("briefs");
        std::fs::create_dir(&briefs).unwrap();
        symlink(&outside, briefs.join("2025-W49")).unwrap();
        let err =
            write_dir_atomic(&briefs.join("2025-W49"), &[("brief.md".into(), b"x".to_vec())]).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(names(&outside), ["secret"]);
        std::fs::write(briefs.join("2025-W50"), "a file").unwrap();
        let err =
            write_dir_atomic(&briefs.join("2025-W50"), &[("brief.md".into(), b"x".to_vec())]).unwrap_err();
        assert!(err.to_string().contains("is a file, not a brief folder"), "{err}");
        assert_eq!(names(&briefs), ["2025-W49", "2025-W50"], "temporaries left");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_write_leaves_folders_and_links_alone() {
        use std::os::unix::fs::symlink;
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("target"), "theirs").unwrap();
        symlink(t.path().join("target"), t.path().join("index.html")).unwrap();
        std::fs::create_dir(t.path().join("feed.xml")).unwrap();
        for (file, what) in [("index.html", "a symbolic link"), ("feed.xml", "a folder")] {
            let err = write_atomic(&t.path().join(file), b"new").unwrap_err();
            let in_the_way = err.downcast_ref::<InTheWay>().expect("an InTheWay error");
            assert_eq!(in_the_way.what, what);
        }
        assert_eq!(std::fs::read_to_string(t.path().join("target")).unwrap(), "theirs");
        // A link planted at the temporary name of an ended write is removed, not written through.
        let dead = dead_pid();
        symlink(t.path().join("target"), t.path().join(format!(".out.txt.tmp-{dead}"))).unwrap();
        symlink(t.path().join("target"), t.path().join(format!(".out.txt.tmp-{}", std::process::id())))
            .unwrap();
        write_atomic(&t.path().join("out.txt"), b"mine").unwrap();
        assert_eq!(std::fs::read_to_string(t.path().join("target")).unwrap(), "theirs");
        assert_eq!(names(t.path()), ["feed.xml", "index.html", "out.txt", "target"]);
    }

    #[test]
    fn leftovers_are_removed_only_when_their_process_has_ended() {
        let t = tempfile::tempdir().unwrap();
        let (dead, live) = (dead_pid(), std::process::id());
        // A process that runs and is not this one: a child that waits.
        let mut other = std::process::Command::new("sleep").arg("60").spawn().unwrap();
        for name in [
            format!(".a.md.tmp-{dead}"),
            format!(".a.md.tmp-{live}"),
            format!(".a.md.tmp-{}", other.id()),
            ".a.md.tmp-+1".to_string(),
            ".a.md.tmp-x".to_string(),
            ".a.md.tmp-".to_string(),
            format!(".b.md.tmp-{dead}"),
        ] {
            std::fs::write(t.path().join(name), "").unwrap();
        }
        std::fs::create_dir(t.path().join(format!(".a.md.tmp-{}", dead_pid()))).unwrap();
        remove_leftovers(t.path(), ".a.md.tmp-");
        let _ = other.kill();
        let _ = other.wait();
        let mut expected = vec![
            ".a.md.tmp-".to_string(),
            ".a.md.tmp-+1".into(),
            ".a.md.tmp-x".into(),
            format!(".b.md.tmp-{dead}"),
        ];
        expected.push(format!(".a.md.tmp-{}", other.id()));
        expected.sort();
        assert_eq!(names(t.path()), expected);
        assert_eq!(parse_pid("123"), Some(123));
        for bad in ["", "0", "+5", " 5", "5 ", "99999999999", "2147483648"] {
            assert_eq!(parse_pid(bad), None, "{bad:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn capped_reads_stop_at_the_cap_and_follow_no_link() {
        use std::os::unix::fs::symlink;
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("brief.json");
        std::fs::write(&p, vec![b'x'; 1024]).unwrap();
        assert_eq!(read_capped_nofollow(&p, 1024).unwrap().len(), 1024);
        let err = read_capped_nofollow(&p, 1023).unwrap_err().to_string();
        assert!(err.contains("larger than 1023 bytes"), "{err}");
        assert!(read_capped_nofollow(&p, 512).unwrap_err().to_string().contains("larger than"));
        symlink(&p, t.path().join("link.json")).unwrap();
        let err = read_capped_nofollow(&t.path().join("link.json"), 4096).unwrap_err().to_string();
        assert!(err.contains("symbolic link"), "{err}");
        let err = read_capped_nofollow(t.path(), 4096).unwrap_err().to_string();
        assert!(err.contains("a folder"), "{err}");
        assert!(read_capped_nofollow(&t.path().join("missing"), 4096).is_err());
        std::fs::write(&p, vec![b'x'; 3 << 20]).unwrap();
        assert!(read_capped_nofollow(&p, 2 << 20).unwrap_err().to_string().contains("larger than 2 MiB"));
    }

    #[test]
    fn a_second_lock_waits_for_the_first() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("briefs");
        let first = lock_output(&root, &|| panic!("nobody holds it")).unwrap();
        assert!(root.join(LOCK_FILE).is_file());
        let (tx, rx) = std::sync::mpsc::channel();
        let second = {
            let root = root.clone();
            std::thread::spawn(move || {
                let waited = std::sync::atomic::AtomicUsize::new(0);
                let lock = lock_output(&root, &|| {
                    waited.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    tx.send(()).unwrap();
                })
                .unwrap();
                drop(lock);
                waited.into_inner()
            })
        };
        // The second build says it waits, and gets the lock only once the first lets go.
        rx.recv().unwrap();
        assert!(!second.is_finished());
        drop(first);
        assert_eq!(second.join().unwrap(), 1, "waiting is reported once");
        // The lock file goes with the last holder; the output folder, which the first lock
        // created, goes too since nothing was written into it.
        assert!(!root.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_lock_link_is_replaced_not_followed() {
        use std::os::unix::fs::symlink;
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("briefs");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(root.join("2025-W49"), "kept").unwrap();
        symlink(t.path().join("elsewhere"), root.join(LOCK_FILE)).unwrap();
        let lock = lock_output(&root, &|| {}).unwrap();
        assert!(std::fs::symlink_metadata(root.join(LOCK_FILE)).unwrap().is_file());
        assert!(!t.path().join("elsewhere").exists());
        drop(lock);
        assert_eq!(names(&root), ["2025-W49"], "a folder with content stays");
        std::fs::create_dir(root.join(LOCK_FILE)).unwrap();
        let err = lock_output(&root, &|| {}).unwrap_err().to_string();
        assert!(err.contains("a folder, not briefly's lock file"), "{err}");
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
