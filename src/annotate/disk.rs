//! The disk side of annotation files: what a file looked like when it was read or written
//! ([`DiskState`]), writing only if it still looks so, and atomic replacement.
//!
//! Byte-level and format-agnostic: no offsets, no RON. Errors are plain [`io::Error`]s; the
//! caller knows the file and attaches its path ([`SidecarError::Io`](super::SidecarError::Io)).
//!
//! - A write goes to a temp file in the same folder, is fsynced, then renamed over the target
//!   (then the folder is fsynced), so a crash leaves either the old or the new file, never half.
//! - Before writing, the file on disk is compared (blake3 of its bytes) with what was loaded; if
//!   someone else changed it, nothing is written and the caller gets their bytes. A changed mtime
//!   alone (`touch`) is not a conflict.

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
    pub(super) fn of(bytes: &[u8], modified: Option<SystemTime>) -> Self {
        Self {
            modified,
            size: bytes.len() as u64,
            hash: blake3::hash(bytes),
        }
    }
}

impl DiskState {
    /// Same content (or both absent)?
    pub(super) fn same_content(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Absent, Self::Absent) => true,
            (Self::Present(a), Self::Present(b)) => a.size == b.size && a.hash == b.hash,
            _ => false,
        }
    }
}

/// Reads the bytes and stamp of `path`; `None` when there is no file.
pub(super) fn read_with_state(path: &Path) -> io::Result<Option<(Vec<u8>, DiskState)>> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let modified = fs::metadata(path).and_then(|m| m.modified()).ok();
    let state = DiskState::Present(DiskStamp::of(&bytes, modified));
    Ok(Some((bytes, state)))
}

/// What a checked write found.
pub(super) enum Checked {
    /// The file now holds the bytes (written, or already identical); its new state.
    Written(DiskState),
    /// Someone else changed the file: nothing was written.
    Conflict {
        /// What is on disk.
        found: DiskState,
        /// Their bytes, if the file exists.
        bytes: Option<Vec<u8>>,
    },
}

/// Writes `bytes` to `path` atomically if the file still is as `expected`.
///
/// The check and the rename are not atomic together: another program's write that lands in
/// between is lost. Only an OS file lock held from the check through the rename would close that
/// gap (issue 9).
pub(super) fn write_checked(
    path: &Path,
    bytes: &[u8],
    expected: &DiskState,
) -> io::Result<Checked> {
    let current = read_with_state(path)?;
    let found = current
        .as_ref()
        .map_or(DiskState::Absent, |(_, state)| state.clone());
    if !found.same_content(expected) {
        // Someone else wrote it. If they wrote exactly what we were about to, there is nothing
        // to resolve.
        if let Some((theirs, _)) = &current
            && theirs.as_slice() == bytes
        {
            return Ok(Checked::Written(found));
        }
        return Ok(Checked::Conflict {
            found,
            bytes: current.map(|(bytes, _)| bytes),
        });
    }
    if let Some((on_disk, _)) = &current
        && on_disk.as_slice() == bytes
    {
        return Ok(Checked::Written(found));
    }
    write_atomic(path, bytes)?;
    let state = read_with_state(path)?.map_or(DiskState::Absent, |(_, state)| state);
    Ok(Checked::Written(state))
}

/// Replaces `path` with `bytes` atomically: temp file in the same folder (created if missing),
/// write, fsync, rename, fsync the folder. A new file gets mode 0644 minus the umask; an
/// existing file keeps its permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".pizhu-").suffix(".tmp");
    #[cfg(unix)]
    let permissions = {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).map_or_else(|_| fs::Permissions::from_mode(0o644), |m| m.permissions())
    };
    #[cfg(unix)]
    builder.permissions(permissions);
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    // On error the temp file is dropped, which deletes it.
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
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

    #[test]
    fn checked_write_compares_content_not_mtime() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("批注.annotations.ron");
        let Checked::Written(first) =
            write_checked(&path, "甲".as_bytes(), &DiskState::Absent).unwrap()
        else {
            panic!("an absent file is written");
        };
        // Same bytes rewritten by someone else (a new mtime): still no conflict.
        write_atomic(&path, "甲".as_bytes()).unwrap();
        assert!(matches!(
            write_checked(&path, "乙".as_bytes(), &first).unwrap(),
            Checked::Written(_)
        ));
        // Different bytes: a conflict carrying theirs, and the file is left alone.
        let Checked::Conflict { bytes, .. } =
            write_checked(&path, "丙".as_bytes(), &first).unwrap()
        else {
            panic!("a changed file is a conflict");
        };
        assert_eq!(bytes.as_deref(), Some("乙".as_bytes()));
        assert_eq!(fs::read_to_string(&path).unwrap(), "乙");
    }
}
