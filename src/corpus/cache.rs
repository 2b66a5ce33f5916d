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
