//! Walks a folder and reads every article's metadata on worker threads, in order, cancellably.
//!
//! The walk runs on the calling thread: it lists candidate files in natural order of their
//! relative paths (component by component, `file2` before `file10`), skipping hidden entries and
//! Pizhu's own files, and resolves what needs no reading (not a regular file, symlink loop).
//! Then `options.threads` workers pull file indices from an atomic counter, read and decode each
//! file and compute its [`ArticleMeta`]; the calling thread puts their results back in order and
//! hands them to the sink. Nothing here keeps article text: only metadata leaves a worker.
//! With a [`ScanCache`] in the options, an unchanged file is described from the cache without
//! being read, and the cache sees every file a worker reads.

use std::cmp::Ordering;
use std::ffi::{OsStr, OsString};
use std::fs::FileType;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering as AtomicOrdering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::ArticleMeta;
use super::article::{ReadError, open_regular, read_prefix, read_rest};
use super::cache::{CachedFile, FileStamp, ReadFile, ScanCache};
use super::decode::{DecodeError, SNIFF_BYTES, decode_vec, sniff_binary};
use super::meta::article_meta_and_clean;

/// The default size limit: larger files are skipped (64 MiB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Extensions of article files, compared case-insensitively.
pub const ARTICLE_EXTENSIONS: [&str; 3] = ["txt", "md", "text"];

/// How to scan.
#[derive(Clone, Debug)]
pub struct ScanOptions {
    /// Files larger than this are skipped (default 64 MB).
    pub max_file_bytes: u64,
    /// Worker threads (default: available parallelism).
    pub threads: usize,
    /// Takes unchanged files' results from an earlier scan and sees every file read (default
    /// none: every file is read).
    pub cache: Option<Arc<dyn ScanCache>>,
}

impl Default for ScanOptions {
    fn default() -> Self {
        Self {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            cache: None,
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
    /// Relative to the corpus root, for display (a folder ends with `/`).
    pub relative: String,
    /// Why.
    pub reason: SkipReason,
}

/// What a scan reports, in order.
#[derive(Debug)]
pub enum ScanEvent {
    /// The walk found this many candidate files (sent once, before any article). Every candidate
    /// becomes an `Article` or a `Skipped`, except files without an extension that turn out not
    /// to be text: those are counted in [`ScanSummary::ignored`] and send nothing.
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
    /// Entries that are not articles and not worth a reason: other extensions, hidden entries
    /// (a hidden folder counts once), Pizhu's own files, extension-less files that are not text.
    pub ignored: usize,
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
///
/// `sink` runs on the calling thread. The walk comes first, then [`ScanEvent::Found`], then one
/// event per candidate in natural path order. Setting `cancel` (checked per file by the walk and
/// the workers) stops the scan soon; the summary then says `cancelled`, and the events sent so
/// far are an in-order prefix. A cancel during the walk sends no event at all.
pub fn scan(
    root: &Path,
    options: &ScanOptions,
    cancel: &AtomicBool,
    mut sink: impl FnMut(ScanEvent),
) -> Result<ScanSummary, ScanError> {
    let started = Instant::now();
    let mut summary = ScanSummary::default();
    let Some(walk) = walk(root, cancel)? else {
        summary.cancelled = true;
        summary.elapsed = started.elapsed();
        return Ok(summary);
    };
    summary.ignored = walk.ignored;
    sink(ScanEvent::Found(walk.candidates.len()));

    // Results by candidate index; the walk already resolved some.
    let mut slots: Vec<Option<Outcome>> = Vec::with_capacity(walk.candidates.len());
    let mut jobs = Vec::new();
    for (index, candidate) in walk.candidates.into_iter().enumerate() {
        match candidate {
            Candidate::Read(job) => {
                jobs.push((index, job));
                slots.push(None);
            }
            Candidate::Skip(skipped) => slots.push(Some(Outcome::Skipped(skipped))),
        }
    }

    let mut emitter = Emitter {
        slots,
        next: 0,
        summary: &mut summary,
    };
    emitter.emit_ready(&mut sink);

    let threads = options.threads.clamp(1, jobs.len().max(1));
    let next_job = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel::<(usize, Outcome, u64)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (jobs, next_job) = (&jobs, &next_job);
            scope.spawn(move || {
                while !cancel.load(AtomicOrdering::Relaxed) {
                    let next = next_job.fetch_add(1, AtomicOrdering::Relaxed);
                    let Some((index, job)) = jobs.get(next) else {
                        break;
                    };
                    let (outcome, bytes_read) = read_candidate(job, options);
                    if sender.send((*index, outcome, bytes_read)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        while !emitter.finished() {
            if cancel.load(AtomicOrdering::Relaxed) {
                break;
            }
            // A timeout, so that a cancel is seen while the workers read large files.
            match receiver.recv_timeout(Duration::from_millis(50)) {
                Ok((index, outcome, bytes_read)) => {
                    emitter.summary.bytes += bytes_read;
                    emitter.fill(index, outcome);
                    emitter.emit_ready(&mut sink);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                // The workers stopped early: cancelled (or one panicked, which the scope reports).
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        // Leaving the scope joins the workers; they stop at their next file once cancelled.
    });
    // Only a cancel leaves the scan unfinished; one that came after the last event changes
    // nothing.
    let finished = emitter.finished();
    summary.cancelled = !finished && cancel.load(AtomicOrdering::Relaxed);
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// What a worker made of one candidate.
enum Outcome {
    Article(Box<ArticleMeta>),
    Skipped(SkippedFile),
    /// An extension-less file that is not text.
    Ignored,
}

/// The reorder buffer: results arrive in any order and leave in candidate order.
struct Emitter<'a> {
    slots: Vec<Option<Outcome>>,
    /// The next candidate to send to the sink.
    next: usize,
    summary: &'a mut ScanSummary,
}

impl Emitter<'_> {
    fn fill(&mut self, index: usize, outcome: Outcome) {
        if let Some(slot) = self.slots.get_mut(index) {
            *slot = Some(outcome);
        }
    }

    fn emit_ready(&mut self, sink: &mut impl FnMut(ScanEvent)) {
        while let Some(outcome) = self.slots.get_mut(self.next).and_then(Option::take) {
            self.next += 1;
            match outcome {
                Outcome::Article(meta) => {
                    self.summary.articles += 1;
                    sink(ScanEvent::Article(*meta));
                }
                Outcome::Skipped(skipped) => {
                    self.summary.skipped += 1;
                    sink(ScanEvent::Skipped(skipped));
                }
                Outcome::Ignored => self.summary.ignored += 1,
            }
        }
    }

    fn finished(&self) -> bool {
        self.next == self.slots.len()
    }
}

/// A file for a worker to read.
#[derive(Debug)]
struct Job {
    path: PathBuf,
    relative: String,
    /// No extension: an article only if its start looks like text.
    sniff: bool,
}

/// Describes one file, from the cache when it has not changed, else by reading it; also returns
/// the bytes read.
fn read_candidate(job: &Job, options: &ScanOptions) -> (Outcome, u64) {
    let limit = options.max_file_bytes;
    // Over the limit, the file is skipped as it would be without a cache.
    let cache = options.cache.as_deref().and_then(|cache| {
        let stamp = FileStamp::of_path(&job.path).filter(|stamp| stamp.bytes <= limit)?;
        Some((cache, stamp))
    });
    let Some((cache, stamp)) = cache else {
        return read_file(job, limit, None);
    };
    match cache.lookup(&job.relative, &stamp) {
        Some(CachedFile::Article(mut meta)) => {
            meta.path = job.path.clone();
            meta.relative = job.relative.clone();
            return (Outcome::Article(meta), 0);
        }
        Some(CachedFile::Skipped(reason)) => {
            let skipped = SkippedFile {
                path: job.path.clone(),
                relative: job.relative.clone(),
                reason,
            };
            return (Outcome::Skipped(skipped), 0);
        }
        Some(CachedFile::Ignored) => return (Outcome::Ignored, 0),
        None => {}
    }
    let (outcome, bytes_read) = read_file(job, limit, Some((cache, &stamp)));
    match &outcome {
        Outcome::Skipped(skipped) => {
            cache.record(&job.relative, &stamp, ReadFile::Skipped(&skipped.reason))
        }
        Outcome::Ignored => cache.record(&job.relative, &stamp, ReadFile::Ignored),
        // Recorded by `read_file`, which still has the text.
        Outcome::Article(_) => {}
    }
    (outcome, bytes_read)
}

/// Reads, decodes and describes one file; also returns the bytes read. An article is shown to
/// `cache` with its text.
fn read_file(job: &Job, limit: u64, cache: Option<(&dyn ScanCache, &FileStamp)>) -> (Outcome, u64) {
    let skip = |reason| {
        Outcome::Skipped(SkippedFile {
            path: job.path.clone(),
            relative: job.relative.clone(),
            reason,
        })
    };
    let read_failed = |err| match err {
        ReadError::Io(err) => skip(SkipReason::Unreadable(io_reason(&err))),
        ReadError::NotRegularFile if job.sniff => Outcome::Ignored,
        ReadError::NotRegularFile => skip(SkipReason::NotRegularFile),
        ReadError::TooLarge { bytes } => skip(SkipReason::TooLarge { bytes, limit }),
    };
    let (mut file, len) = match open_regular(&job.path) {
        Ok(opened) => opened,
        Err(err) => return (read_failed(err), 0),
    };
    let prefix = if job.sniff {
        match read_prefix(&mut file, SNIFF_BYTES) {
            Ok(prefix) if sniff_binary(&prefix) => return (Outcome::Ignored, prefix.len() as u64),
            Ok(prefix) => prefix,
            Err(err) => return (read_failed(err), 0),
        }
    } else {
        Vec::new()
    };
    let bytes = match read_rest(file, len, limit, prefix) {
        Ok(bytes) => bytes,
        Err(err) => return (read_failed(err), 0),
    };
    let bytes_read = bytes.len() as u64;
    let outcome = match decode_vec(bytes) {
        Ok(decoded) => {
            let (meta, cleaned) = article_meta_and_clean(
                job.path.clone(),
                job.relative.clone(),
                bytes_read,
                &decoded,
            );
            if let Some((cache, stamp)) = cache {
                let file = ReadFile::Article {
                    decoded: &decoded,
                    cleaned: &cleaned,
                    meta: &meta,
                };
                cache.record(&job.relative, stamp, file);
            }
            Outcome::Article(Box::new(meta))
        }
        Err(DecodeError::Binary) if job.sniff => Outcome::Ignored,
        Err(DecodeError::Binary) => skip(SkipReason::Binary),
        Err(err @ DecodeError::Undecodable { .. }) => {
            skip(SkipReason::Undecodable(err.to_string()))
        }
    };
    (outcome, bytes_read)
}

/// An I/O error in words a reader of the skipped list understands.
fn io_reason(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::NotFound => "not found (a broken link?)".to_owned(),
        _ => err.to_string(),
    }
}

/// The walk's result: candidates in scan order.
#[derive(Debug, Default)]
struct Walk {
    candidates: Vec<Candidate>,
    ignored: usize,
}

#[derive(Debug)]
enum Candidate {
    Read(Job),
    /// Resolved by the walk: no need to read it.
    Skip(SkippedFile),
}

/// What identifies a folder, to notice a symlink leading back into the walk.
#[cfg(unix)]
type DirId = (u64, u64);
#[cfg(not(unix))]
type DirId = PathBuf;

#[cfg(unix)]
fn dir_id(_path: &Path, metadata: &std::fs::Metadata) -> io::Result<DirId> {
    use std::os::unix::fs::MetadataExt;
    Ok((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn dir_id(path: &Path, _metadata: &std::fs::Metadata) -> io::Result<DirId> {
    std::fs::canonicalize(path)
}

/// True for "too many levels of symbolic links" (`ELOOP`), which `std` cannot name yet.
fn is_loop_error(err: &io::Error) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    const ELOOP: Option<i32> = Some(40);
    #[cfg(any(
        target_vendor = "apple",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd"
    ))]
    const ELOOP: Option<i32> = Some(62);
    #[cfg(not(any(
        target_os = "linux",
        target_os = "android",
        target_vendor = "apple",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd"
    )))]
    const ELOOP: Option<i32> = None;
    ELOOP.is_some() && err.raw_os_error() == ELOOP
}

/// One folder being walked.
struct Frame {
    children: std::vec::IntoIter<Child>,
    id: DirId,
    /// Its path relative to the root, with a trailing `/` (empty for the root).
    relative: String,
}

/// An entry of a folder.
struct Child {
    name: OsString,
    path: PathBuf,
    file_type: io::Result<FileType>,
}

/// What an entry's name says it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NameKind {
    /// `.txt`, `.md`, `.text`.
    Article,
    /// No extension: sniff it.
    NoExtension,
    Other,
}

fn name_kind(name: &OsStr) -> NameKind {
    match Path::new(name).extension() {
        None => NameKind::NoExtension,
        Some(extension) => {
            let is_article = extension.to_str().is_some_and(|ext| {
                ARTICLE_EXTENSIONS
                    .iter()
                    .any(|a| ext.eq_ignore_ascii_case(a))
            });
            if is_article {
                NameKind::Article
            } else {
                NameKind::Other
            }
        }
    }
}

/// Hidden entries and Pizhu's own files are never candidates.
fn is_excluded(name: &OsStr) -> bool {
    let bytes = name.as_encoded_bytes();
    bytes.starts_with(b".") || bytes == b"pizhu.ron" || bytes.ends_with(b".annotations.ron")
}

/// Lists a folder's entries that may be candidates, in natural order; returns them and how many
/// were excluded.
fn list_dir(dir: &Path) -> io::Result<(Vec<Child>, usize)> {
    let mut children = Vec::new();
    let mut excluded = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if is_excluded(&name) {
            excluded += 1;
            continue;
        }
        children.push(Child {
            path: entry.path(),
            // From the directory listing on most systems: no stat per file.
            file_type: entry.file_type(),
            name,
        });
    }
    children.sort_by(|a, b| natural_cmp_os(&a.name, &b.name));
    Ok((children, excluded))
}

/// Walks `root` depth first, each folder in natural order (which orders the whole list
/// naturally, component by component). `None` when cancelled.
fn walk(root: &Path, cancel: &AtomicBool) -> Result<Option<Walk>, ScanError> {
    let root_error = |source| ScanError::Root {
        path: root.to_owned(),
        source,
    };
    let root_metadata = std::fs::metadata(root).map_err(root_error)?;
    let root_id = dir_id(root, &root_metadata).map_err(root_error)?;
    let (children, excluded) = list_dir(root).map_err(root_error)?;
    let mut walk = Walk {
        ignored: excluded,
        ..Walk::default()
    };
    let mut stack = vec![Frame {
        children: children.into_iter(),
        id: root_id,
        relative: String::new(),
    }];
    while let Some(frame) = stack.last_mut() {
        let Some(child) = frame.children.next() else {
            stack.pop();
            continue;
        };
        if cancel.load(AtomicOrdering::Relaxed) {
            return Ok(None);
        }
        let relative = format!("{}{}", frame.relative, child.name.to_string_lossy());
        let name_kind = name_kind(&child.name);
        let mut skip = |path: PathBuf, relative: String, reason| {
            walk.candidates.push(Candidate::Skip(SkippedFile {
                path,
                relative,
                reason,
            }));
        };

        let file_type = match child.file_type {
            Ok(file_type) => file_type,
            Err(err) => {
                skip(
                    child.path,
                    relative,
                    SkipReason::Unreadable(io_reason(&err)),
                );
                continue;
            }
        };
        // Symlinks are followed: what matters is what they point to.
        let (file_type, metadata) = if file_type.is_symlink() {
            match std::fs::metadata(&child.path) {
                Ok(metadata) => (metadata.file_type(), Some(metadata)),
                Err(err) if is_loop_error(&err) => {
                    skip(child.path, relative, SkipReason::SymlinkLoop);
                    continue;
                }
                Err(err) => {
                    if name_kind == NameKind::Article {
                        skip(
                            child.path,
                            relative,
                            SkipReason::Unreadable(io_reason(&err)),
                        );
                    } else {
                        walk.ignored += 1;
                    }
                    continue;
                }
            }
        } else {
            (file_type, None)
        };

        if file_type.is_dir() {
            let relative = relative + "/";
            let metadata = match metadata {
                Some(metadata) => Ok(metadata),
                None => std::fs::metadata(&child.path),
            };
            let id = match metadata.and_then(|metadata| dir_id(&child.path, &metadata)) {
                Ok(id) => id,
                Err(err) => {
                    skip(
                        child.path,
                        relative,
                        SkipReason::Unreadable(io_reason(&err)),
                    );
                    continue;
                }
            };
            if stack.iter().any(|frame| frame.id == id) {
                skip(child.path, relative, SkipReason::SymlinkLoop);
                continue;
            }
            match list_dir(&child.path) {
                Ok((children, excluded)) => {
                    walk.ignored += excluded;
                    stack.push(Frame {
                        children: children.into_iter(),
                        id,
                        relative,
                    });
                }
                Err(err) => skip(
                    child.path,
                    relative,
                    SkipReason::Unreadable(io_reason(&err)),
                ),
            }
        } else if file_type.is_file() {
            match name_kind {
                NameKind::Article | NameKind::NoExtension => {
                    walk.candidates.push(Candidate::Read(Job {
                        path: child.path,
                        relative,
                        sniff: name_kind == NameKind::NoExtension,
                    }));
                }
                NameKind::Other => walk.ignored += 1,
            }
        } else if name_kind == NameKind::Article {
            // A FIFO, socket or device named like an article. Never opened: a FIFO would block.
            skip(child.path, relative, SkipReason::NotRegularFile);
        } else {
            walk.ignored += 1;
        }
    }
    Ok(Some(walk))
}

/// Natural order of file names: runs of digits compare by value (`file2` < `file10`), letters
/// case-insensitively; ties are broken case-sensitively and then by the raw bytes, so the order
/// is total and deterministic.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    natural_cmp_folded(a, b).then_with(|| a.cmp(b))
}

/// [`natural_cmp`] for names that may not be UTF-8 (compared lossily, then by their bytes).
pub fn natural_cmp_os(a: &OsStr, b: &OsStr) -> Ordering {
    natural_cmp(&a.to_string_lossy(), &b.to_string_lossy())
        .then_with(|| a.as_encoded_bytes().cmp(b.as_encoded_bytes()))
}

fn natural_cmp_folded(mut a: &str, mut b: &str) -> Ordering {
    loop {
        let (Some(x), Some(y)) = (a.chars().next(), b.chars().next()) else {
            return a.len().cmp(&b.len());
        };
        if x.is_ascii_digit() && y.is_ascii_digit() {
            let (a_digits, a_rest) =
                a.split_at(a.find(|c: char| !c.is_ascii_digit()).unwrap_or(a.len()));
            let (b_digits, b_rest) =
                b.split_at(b.find(|c: char| !c.is_ascii_digit()).unwrap_or(b.len()));
            // By value without parsing (runs may be longer than any integer): fewer significant
            // digits is smaller, then digit by digit. `02` and `2` tie here.
            let (a_value, b_value) = (
                a_digits.trim_start_matches('0'),
                b_digits.trim_start_matches('0'),
            );
            let order = a_value
                .len()
                .cmp(&b_value.len())
                .then_with(|| a_value.cmp(b_value));
            if order != Ordering::Equal {
                return order;
            }
            (a, b) = (a_rest, b_rest);
        } else {
            let fold = |c: char| c.to_lowercase().next().unwrap_or(c);
            let order = fold(x).cmp(&fold(y));
            if order != Ordering::Equal {
                return order;
            }
            (a, b) = (&a[x.len_utf8()..], &b[y.len_utf8()..]);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    #[test]
    fn natural_order_of_names() {
        let mut names = vec![
            "file10.txt",
            "file2.txt",
            "File1.txt",
            "b.txt",
            "a10",
            "a9",
            "第2章.txt",
            "第10章.txt",
            "file02.txt",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "a9",
                "a10",
                "b.txt",
                "File1.txt",
                "file02.txt",
                "file2.txt",
                "file10.txt",
                "第2章.txt",
                "第10章.txt"
            ]
        );
        // Digit runs longer than any integer type.
        assert_eq!(
            natural_cmp("x99999999999999999999999", "x100000000000000000000000"),
            Ordering::Less
        );
        assert_eq!(natural_cmp("a", "a"), Ordering::Equal);
        assert_eq!(natural_cmp("A", "a"), Ordering::Less);
        assert_eq!(natural_cmp("a", "a.txt"), Ordering::Less);
    }

    #[test]
    fn article_names_and_excluded_names() {
        assert_eq!(name_kind(OsStr::new("新闻.TXT")), NameKind::Article);
        assert_eq!(name_kind(OsStr::new("a.Md")), NameKind::Article);
        assert_eq!(name_kind(OsStr::new("a.text")), NameKind::Article);
        assert_eq!(name_kind(OsStr::new("README")), NameKind::NoExtension);
        assert_eq!(name_kind(OsStr::new("a.html")), NameKind::Other);
        assert_eq!(name_kind(OsStr::new("a.txt.bak")), NameKind::Other);
        assert!(is_excluded(OsStr::new(".git")));
        assert!(is_excluded(OsStr::new("pizhu.ron")));
        assert!(is_excluded(OsStr::new("001.txt.annotations.ron")));
        assert!(!is_excluded(OsStr::new("pizhu.ron.txt")));
    }

    #[test]
    fn io_errors_read_as_words() {
        assert_eq!(
            io_reason(&io::Error::from(io::ErrorKind::PermissionDenied)),
            "permission denied"
        );
        assert!(is_loop_error(&io::Error::from_raw_os_error(40)) || !cfg!(target_os = "linux"));
    }
}
