//! File-system helpers with the path in every error, and atomic writes.
//!
//! In: paths and bytes. Out: text read as UTF-8 (CRLF normalised to LF), or files written
//! through a temporary sibling and renamed into place, so a failed or killed build never leaves
//! a half-written output.

use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Largest input file read (bigger files are refused rather than exhausting memory).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a UTF-8 text file. Errors name the file; invalid UTF-8 reports the line.
/// A UTF-8 byte-order mark is dropped and CRLF/CR line ends become LF.
pub fn read_text(path: &Path) -> Result<String> {
    let meta = std::fs::metadata(path).with_context(|| format!("failed to read `{}`", path.display()))?;
    if meta.len() > MAX_FILE_BYTES {
        bail!("`{}` is too large ({} bytes, limit {MAX_FILE_BYTES})", path.display(), meta.len());
    }
    let bytes = std::fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))?;
    decode_text(&bytes).with_context(|| format!("cannot read `{}` as text", path.display()))
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
/// renamed over the target. Parent folders are created.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
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

/// `dir/.name.tmp-PID`: hidden, in the same folder (rename stays on one file system).
pub fn temp_sibling(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
