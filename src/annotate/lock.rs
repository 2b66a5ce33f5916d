//! The OS lock that makes read-modify-write of annotation files safe between processes:
//! `.pizhu.lock` in the storage root (the corpus folder, or its mirror in the user data folder),
//! held from reading a file's disk state through the rename that replaces it.
//!
//! No offsets here. The lock is an advisory `flock`-style lock ([`File::try_lock`], `flock` on
//! Unix, `LockFileEx` on Windows) on a file that is created once and never deleted (deleting a
//! lock file races with a process that just opened it). The kernel releases the lock when its
//! holder exits, even by `SIGKILL`, so a crash never leaves a stale lock behind (git's
//! `index.lock`, which locks by existence, would). A lock is held per open file, so two threads
//! of one process exclude each other as two processes do.
//!
//! One lock per storage root, not per sidecar: corpora live in git, and a hidden lock file beside
//! every article would travel with them. The folder scan skips hidden files, so `.pizhu.lock` is
//! never listed as an article.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The lock file's name, in the storage root.
pub const LOCK_FILE_NAME: &str = ".pizhu.lock";

/// How long a writer waits for another Pizhu's lock before giving up, by default.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(10);

/// Why the lock could not be taken. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another Pizhu held the lock for the whole wait.
    #[error(
        "another Pizhu is writing annotations in {}: its lock {} was held for {:.0} s; nothing was written",
        folder.display(),
        path.display(),
        waited.as_secs_f64()
    )]
    Busy {
        /// The storage root.
        folder: PathBuf,
        /// The lock file.
        path: PathBuf,
        /// How long we waited.
        waited: Duration,
    },
    /// The storage root no longer exists (removed or unmounted).
    #[error("the folder {} is gone, so annotations cannot be written there", folder.display())]
    FolderGone {
        /// The storage root.
        folder: PathBuf,
    },
    /// The lock file could not be opened or locked.
    #[error("cannot lock {}: {source}", path.display())]
    Io {
        /// The lock file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

/// A held lock on a storage root; released when dropped (or when the process dies).
#[derive(Debug)]
pub struct StorageLock {
    file: File,
    path: PathBuf,
}

impl StorageLock {
    /// Locks the storage root `folder`, waiting up to `wait` for another holder (in short sleeps,
    /// so a waiting process costs nothing). `create_folder`: create the folder if it is missing
    /// (the data-folder mirror), else a missing folder is [`LockError::FolderGone`] (a corpus
    /// folder someone removed is not re-created).
    pub fn acquire(folder: &Path, wait: Duration, create_folder: bool) -> Result<Self, LockError> {
        let path = folder.join(LOCK_FILE_NAME);
        if create_folder && let Err(source) = std::fs::create_dir_all(folder) {
            return Err(LockError::Io { path, source });
        }
        let file = open_lock_file(&path).map_err(|source| {
            if source.kind() == io::ErrorKind::NotFound {
                LockError::FolderGone {
                    folder: folder.to_owned(),
                }
            } else {
                LockError::Io {
                    path: path.clone(),
                    source,
                }
            }
        })?;
        let started = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Self { file, path }),
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(source)) => return Err(LockError::Io { path, source }),
            }
            let waited = started.elapsed();
            if waited >= wait {
                return Err(LockError::Busy {
                    folder: folder.to_owned(),
                    path,
                    waited,
                });
            }
            // Short sleeps first (a save holds the lock for milliseconds), then up to 25 ms;
            // jitter from the clock keeps waiting processes from waking in step.
            let jitter = Duration::from_micros(u64::from(started.elapsed().subsec_micros() % 500));
            std::thread::sleep((pause + jitter).min(wait - waited));
            pause = (pause * 2).min(Duration::from_millis(25));
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for StorageLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first makes it prompt and explicit.
        if let Err(e) = self.file.unlock() {
            log::debug!("cannot unlock {}: {e}", self.path.display());
        }
    }
}

/// Opens (creating if needed) the lock file. A lock file we may not write (made by another user)
/// can still be locked through a read-only handle.
fn open_lock_file(path: &Path) -> io::Result<File> {
    match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
    {
        Ok(file) => Ok(file),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => File::open(path),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_then_gives_up_with_a_sentence() {
        let dir = tempfile::tempdir().unwrap();
        let held = StorageLock::acquire(dir.path(), Duration::ZERO, false).unwrap();
        assert!(dir.path().join(LOCK_FILE_NAME).is_file());
        let started = Instant::now();
        let error = StorageLock::acquire(dir.path(), Duration::from_millis(60), false).unwrap_err();
        assert!(started.elapsed() >= Duration::from_millis(60));
        assert!(matches!(error, LockError::Busy { .. }), "{error}");
        assert!(
            error.to_string().contains("another Pizhu is writing"),
            "{error}"
        );
        drop(held);
        let again = StorageLock::acquire(dir.path(), Duration::ZERO, false).unwrap();
        assert_eq!(again.path(), dir.path().join(LOCK_FILE_NAME));
    }

    #[test]
    fn a_waiting_holder_gets_the_lock_when_it_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let held = StorageLock::acquire(dir.path(), Duration::ZERO, false).unwrap();
        let folder = dir.path().to_owned();
        let waiter = std::thread::spawn(move || {
            StorageLock::acquire(&folder, Duration::from_secs(10), false).is_ok()
        });
        std::thread::sleep(Duration::from_millis(50));
        drop(held);
        assert!(waiter.join().unwrap());
    }

    #[test]
    fn a_missing_folder_is_gone_unless_it_may_be_created() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("语料");
        let error = StorageLock::acquire(&missing, Duration::ZERO, false).unwrap_err();
        assert!(matches!(error, LockError::FolderGone { .. }), "{error}");
        assert!(!missing.exists(), "not re-created");
        StorageLock::acquire(&missing, Duration::ZERO, true).unwrap();
        assert!(missing.join(LOCK_FILE_NAME).is_file());
    }
}
