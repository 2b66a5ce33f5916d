//! Walks a folder and reads every article's metadata on worker threads, in order, cancellably.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use serde::Serialize;

use super::ArticleMeta;

/// How to scan.
#[derive(Clone, Debug)]
pub struct ScanOptions {
    /// Files larger than this are skipped (default 64 MB).
    pub max_file_bytes: u64,
    /// Worker threads (default: available parallelism).
    pub threads: usize,
}

impl Default for ScanOptions {
    fn default() -> Self {
        Self {
            max_file_bytes: 64 * 1024 * 1024,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        }
    }
}

/// Why a file is not listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum SkipReason {
    /// NUL bytes or control characters.
    Binary,
    /// Permission denied or another I/O error.
    Unreadable(String),
    /// A device, socket, FIFO…
    NotRegularFile,
    /// A symlink that leads back into a folder already being walked.
    SymlinkLoop,
    /// Over the size limit.
    TooLarge {
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// No encoding decodes it cleanly.
    Undecodable(String),
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Binary => f.write_str("binary file, not text"),
            Self::Unreadable(why) => write!(f, "unreadable: {why}"),
            Self::NotRegularFile => f.write_str("not a regular file"),
            Self::SymlinkLoop => f.write_str("symbolic link loop"),
            Self::TooLarge { bytes, limit } => {
                write!(f, "too large: {bytes} bytes (limit {limit})")
            }
            Self::Undecodable(why) => write!(f, "{why}"),
        }
    }
}

/// A file that is not listed, and why.
#[derive(Clone, Debug, Serialize)]
pub struct SkippedFile {
    /// The real path.
    pub path: PathBuf,
    /// Relative to the corpus root, for display.
    pub relative: String,
    /// Why.
    pub reason: SkipReason,
}

/// What a scan reports, in order.
#[derive(Debug)]
pub enum ScanEvent {
    /// The walk found this many candidate files (sent once, before any article).
    Found(usize),
    /// The next article, in scan order.
    Article(ArticleMeta),
    /// A file that is not listed.
    Skipped(SkippedFile),
}

/// Counts at the end of a scan.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ScanSummary {
    /// Articles listed.
    pub articles: usize,
    /// Files skipped.
    pub skipped: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Wall time.
    pub elapsed: Duration,
    /// True when the scan was cancelled before the end.
    pub cancelled: bool,
}

/// Why a scan could not start.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The folder cannot be read.
    #[error("cannot read folder {}: {source}", path.display())]
    Root {
        /// The folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Scans `root`, sending events to `sink` in scan order, until done or `cancel` is set.
pub fn scan(
    root: &Path,
    options: &ScanOptions,
    cancel: &AtomicBool,
    mut sink: impl FnMut(ScanEvent),
) -> Result<ScanSummary, ScanError> {
    // STUB: replaced by the real implementation.
    let _ = (options, cancel, &mut sink);
    std::fs::read_dir(root).map_err(|source| ScanError::Root {
        path: root.to_owned(),
        source,
    })?;
    Ok(ScanSummary::default())
}
