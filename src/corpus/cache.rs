//! The scan's cache hook: an unchanged file's metadata comes from an earlier scan instead of
//! being read and decoded again, and a cache sees every file a scan reads (the search index is
//! built that way, on the scan's worker threads, from the text the scan decoded anyway).
//!
//! A file is "unchanged" when its [`FileStamp`] (size, modification time, inode) is the one
//! recorded: reading it is what the cache saves, so its content is not hashed. Offsets in what
//! passes through here are chars of the Original, as everywhere in [`crate::corpus`].

use std::fmt;
use std::fs::Metadata;
use std::path::Path;

use super::decode::Decoded;
use super::{ArticleMeta, SkipReason};
use crate::text::clean::Cleaned;

/// What identifies a file's content without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FileStamp {
    /// Size in bytes.
    pub bytes: u64,
    /// Modification time, nanoseconds since the Unix epoch (negative before it).
    pub modified_ns: i64,
    /// Inode number (0 where the platform has none): a file replaced by a rename is new.
    pub inode: u64,
}

impl FileStamp {
    /// The stamp of a file's metadata (of the file a symlink points to, if given that).
    pub fn of(metadata: &Metadata) -> Self {
        let modified_ns = metadata.modified().map_or(0, |time| {
            match time.duration_since(std::time::UNIX_EPOCH) {
                Ok(after) => i64::try_from(after.as_nanos()).unwrap_or(i64::MAX),
                Err(before) => {
                    i64::try_from(before.duration().as_nanos()).map_or(i64::MIN, |ns| -ns)
                }
            }
        });
        Self {
            bytes: metadata.len(),
            modified_ns,
            inode: inode(metadata),
        }
    }

    /// The stamp of the file at `path` (following symlinks), or `None` if it cannot be read.
    pub fn of_path(path: &Path) -> Option<Self> {
        std::fs::metadata(path)
            .ok()
            .filter(Metadata::is_file)
            .map(|metadata| Self::of(&metadata))
    }
}

/// Takes [`FileStamp`]s like [`FileStamp::of_path`], but on Unix relative to the file's folder,
/// kept open between calls: a scan worker's run of files mostly shares one folder, and
/// `fstatat` on a name skips the lookup of every component of the full path (~8% of the CPU of
/// checking a 100 000-file folder against its index).
#[derive(Debug, Default)]
pub(super) struct StampReader {
    #[cfg(unix)]
    folder: Option<(std::path::PathBuf, rustix::fd::OwnedFd)>,
}

impl StampReader {
    /// The stamp of the file at `path` (following symlinks), or `None` if it cannot be read or
    /// is not a regular file: the same as [`FileStamp::of_path`].
    pub(super) fn stamp(&mut self, path: &Path) -> Option<FileStamp> {
        #[cfg(unix)]
        if let (Some(parent), Some(name)) = (path.parent(), path.file_name()) {
            use rustix::fs::{AtFlags, FileType, Mode, OFlags};
            if self.folder.as_ref().is_none_or(|(open, _)| open != parent) {
                let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
                self.folder = rustix::fs::open(parent, flags, Mode::empty())
                    .ok()
                    .map(|fd| (parent.to_owned(), fd));
            }
            if let Some((_, folder)) = &self.folder {
                let stat = rustix::fs::statat(folder, name, AtFlags::empty()).ok()?;
                return (FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile)
                    .then(|| stamp_of_stat(&stat));
            }
        }
        FileStamp::of_path(path)
    }
}

/// [`FileStamp::of`] from a raw `stat`: the same nanoseconds `Metadata::modified` gives
/// (`seconds × 10⁹ + nanoseconds`, also before the epoch), saturated alike.
#[cfg(unix)]
// The field types differ between targets; on some the casts change nothing.
#[allow(clippy::unnecessary_cast)]
fn stamp_of_stat(stat: &rustix::fs::Stat) -> FileStamp {
    let ns = stat.st_mtime as i128 * 1_000_000_000 + stat.st_mtime_nsec as i128;
    FileStamp {
        bytes: stat.st_size as u64,
        modified_ns: i64::try_from(ns).unwrap_or(if ns < 0 { i64::MIN } else { i64::MAX }),
        inode: stat.st_ino as u64,
    }
}

#[cfg(unix)]
fn inode(metadata: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(metadata)
}

#[cfg(not(unix))]
fn inode(_metadata: &Metadata) -> u64 {
    0
}

/// What an earlier scan made of a file.
#[derive(Clone, Debug)]
pub enum CachedFile {
    /// An article; the scan sets `path` and `relative` to the file's own.
    Article(Box<ArticleMeta>),
    /// Not listed, for a reason that depends only on the content (binary, undecodable).
    Skipped(SkipReason),
    /// An extension-less file that is not text.
    Ignored,
}

/// What a scan worker made of a file it read, lent to [`ScanCache::record`].
#[derive(Clone, Copy, Debug)]
pub enum ReadFile<'a> {
    /// An article: its decoded Original, its Clean view and its metadata.
    Article {
        /// The decoded file.
        decoded: &'a Decoded,
        /// Its Clean view (text and map to the Original, in chars).
        cleaned: &'a Cleaned,
        /// Its metadata, as the scan reports it.
        meta: &'a ArticleMeta,
    },
    /// Not listed. Reasons that do not depend on the content alone (unreadable, too large)
    /// come here too; a cache should not keep them.
    Skipped(&'a SkipReason),
    /// An extension-less file that is not text.
    Ignored,
}

/// A cache a scan consults before reading a file and tells what it read. Both methods run on
/// the scan's worker threads, for files in any order, so they must be cheap and thread-safe.
pub trait ScanCache: Send + Sync + fmt::Debug {
    /// What an earlier scan made of the file at `relative` (`/`-separated, relative to the
    /// corpus root) if its stamp is still `stamp`; `None` reads the file.
    fn lookup(&self, relative: &str, stamp: &FileStamp) -> Option<CachedFile>;

    /// Called for every file the scan read (after `lookup` said `None`), with the stamp taken
    /// before reading it.
    fn record(&self, relative: &str, stamp: &FileStamp, file: ReadFile<'_>);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    #[test]
    fn stamps_relative_to_the_folder_are_the_stamps_of_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("子/孙")).unwrap();
        std::fs::write(root.join("a.txt"), "经济").unwrap();
        std::fs::write(root.join("子/b.txt"), "經濟𠮷").unwrap();
        std::fs::write(root.join("子/孙/c.txt"), "").unwrap();
        // Before the epoch, and with nanoseconds.
        let old = std::time::UNIX_EPOCH - std::time::Duration::new(86_400, 123_456_789);
        std::fs::File::options()
            .write(true)
            .open(root.join("子/b.txt"))
            .unwrap()
            .set_modified(old)
            .unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("a.txt"), root.join("子/link.txt")).unwrap();
        let paths = [
            "a.txt",
            "子/b.txt",
            "子/孙/c.txt",
            "子/link.txt",
            "子/孙",
            "子/missing.txt",
            "missing/a.txt",
            "a.txt",
        ];
        let mut reader = StampReader::default();
        let mut found = 0;
        for relative in paths {
            let path = root.join(relative);
            let expected = FileStamp::of_path(&path);
            found += usize::from(expected.is_some());
            assert_eq!(reader.stamp(&path), expected, "{relative}");
        }
        assert_eq!(found, if cfg!(unix) { 5 } else { 4 });
        let b = FileStamp::of_path(&root.join("子/b.txt")).unwrap();
        assert_eq!(b.modified_ns, -86_400_123_456_789);
    }
}
