//! The file I/O of annotation files behind a small trait, so tests (and benches) can slow it
//! down or make it fail: [`SidecarIo`] reads a file with its [`DiskState`] and replaces a file
//! atomically. [`FileSystem`] is the real one.
//!
//! No offsets, no RON: bytes and paths. Everything that reads or writes a sidecar or `pizhu.ron`
//! for the store goes through the store's `SidecarIo` (the OS lock beside them does not: it is
//! always a real file, see [`lock`](super::lock)).

use std::fmt;
use std::io;
use std::path::Path;
use std::sync::Arc;

use super::disk::{self, DiskState};

/// Reading and atomically replacing annotation files. Implementations must be usable from any
/// thread: the window writes on worker threads.
pub trait SidecarIo: Send + Sync + fmt::Debug {
    /// The bytes of `path` and what the file looks like; `Ok(None)` when there is no file.
    fn read(&self, path: &Path) -> io::Result<Option<(Vec<u8>, DiskState)>>;

    /// Replaces `path` with `bytes` so that a crash leaves the old file or the new one, never a
    /// mix; returns the new file's state.
    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> io::Result<DiskState>;
}

/// A shared [`SidecarIo`], as the store and its save jobs hold it.
pub type SharedIo = Arc<dyn SidecarIo>;

/// The real file system: [`disk::read_with_state`] and [`disk::write_atomic`] (temp file in the
/// same folder, fsync, rename, fsync of the folder).
#[derive(Clone, Copy, Debug, Default)]
pub struct FileSystem;

impl FileSystem {
    /// The real file system, shared.
    pub fn shared() -> SharedIo {
        Arc::new(Self)
    }
}

impl SidecarIo for FileSystem {
    fn read(&self, path: &Path) -> io::Result<Option<(Vec<u8>, DiskState)>> {
        disk::read_with_state(path)
    }

    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> io::Result<DiskState> {
        disk::write_atomic(path, bytes)?;
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        Ok(DiskState::Present(disk::DiskStamp::of(bytes, modified)))
    }
}
