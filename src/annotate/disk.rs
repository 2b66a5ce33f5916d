//! The disk side of annotation files: what a file looked like when it was read or written
//! ([`DiskState`]), writing only if it still looks so, and atomic replacement.
//!
//! Byte-level and format-agnostic: no offsets, no RON. Errors are plain [`io::Error`]s; the
//! caller knows the file and attaches its path ([`SidecarError::Io`](super::SidecarError::Io)).
//!
//! - A write goes to a temp file in the same folder, is fsynced, then renamed over the target
//!   (then the folder is fsynced), so a crash leaves either the old or the new file, never half.
//! - Whether a file changed is decided by its content (blake3 of its bytes), never by its mtime
//!   alone: a `touch` is not a change. The check-then-write itself lives in
//!   [`save`](super::save), under the OS [`lock`](super::lock).

use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::time::SystemTime;

/// What a file looked like on disk when it was read or written, to notice other writers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiskState {
    /// There was no file.
    Absent,
    /// There was this file.
    Present(DiskStamp),
}

/// Modification time, size and content hash of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiskStamp {
    /// As reported by the file system (informational: only the hash decides).
    pub modified: Option<SystemTime>,
    /// In bytes.
    pub size: u64,
    /// blake3 of the bytes.
    pub hash: blake3::Hash,
}

impl DiskStamp {
    /// The stamp of `bytes`, read with modification time `modified`.
    pub fn of(bytes: &[u8], modified: Option<SystemTime>) -> Self {
        Self {
            modified,
            size: bytes.len() as u64,
            hash: blake3::hash(bytes),
        }
    }
}

impl DiskState {
    /// Same content (or both absent)?
    pub fn same_content(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Absent, Self::Absent) => true,
            (Self::Present(a), Self::Present(b)) => a.size == b.size && a.hash == b.hash,
            _ => false,
        }
    }
}

/// Reads the bytes and stamp of `path`; `None` when there is no file.
pub fn read_with_state(path: &Path) -> io::Result<Option<(Vec<u8>, DiskState)>> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let modified = fs::metadata(path).and_then(|m| m.modified()).ok();
    let state = DiskState::Present(DiskStamp::of(&bytes, modified));
    Ok(Some((bytes, state)))
}

/// Replaces `path` with `bytes` atomically: temp file in the same folder, write, fsync, rename,
/// fsync the folder. A new file gets mode 0644 minus the umask; an existing file keeps its
/// permissions; a read-only file is refused (`PermissionDenied`). The folder must exist: a
/// corpus folder someone removed is not re-created (the save for the data folder creates its
/// mirror folders first). Errors are the operating system's, without the temp file's name.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    // A file someone made read-only is not replaced behind their back (a rename would succeed:
    // it needs only the folder's permission).
    if fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only",
        ));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".pizhu-").suffix(".tmp");
    #[cfg(unix)]
    let permissions = {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).map_or_else(|_| fs::Permissions::from_mode(0o644), |m| m.permissions())
    };
    #[cfg(unix)]
    builder.permissions(permissions);
    let mut temp = builder.tempfile_in(dir).map_err(without_temp_path)?;
    temp.as_file_mut().write_all(bytes)?;
    temp.as_file().sync_all()?;
    // On error the temp file is dropped, which deletes it.
    temp.persist(path).map_err(|e| without_temp_path(e.error))?;
    sync_dir(dir);
    Ok(())
}

/// `tempfile` appends "at path <temp file>" to its errors; the user knows no temp file, so keep
/// the operating system's error alone (the caller names the real file).
fn without_temp_path(error: io::Error) -> io::Error {
    let os_error = error
        .get_ref()
        .and_then(|inner| inner.source())
        .and_then(|source| source.downcast_ref::<io::Error>())
        .and_then(io::Error::raw_os_error);
    match os_error {
        Some(code) => io::Error::from_raw_os_error(code),
        None => error,
    }
}

/// Makes the rename durable. Best effort: the data is already safe in the renamed file, and some
/// platforms cannot open or sync a folder.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Err(e) = fs::File::open(dir).and_then(|d| d.sync_all()) {
        log::debug!("cannot fsync folder {}: {e}", dir.display());
    }
    #[cfg(not(unix))]
    let _unused = dir;
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    #[test]
    fn a_read_only_file_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("只读.annotations.ron");
        write_atomic(&path, "旧".as_bytes()).unwrap();
        let mut permissions = fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&path, permissions).unwrap();
        let error = write_atomic(&path, "新".as_bytes()).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(fs::read_to_string(&path).unwrap(), "旧");
    }

    #[test]
    fn write_atomic_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.annotations.ron");
        write_atomic(&path, "第一版".as_bytes()).unwrap();
        write_atomic(&path, "第二版".as_bytes()).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "第二版");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from("a.txt.annotations.ron")]
        );
    }
}
