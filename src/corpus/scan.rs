//! Scans a folder: reads every article's metadata on worker threads, in order, cancellably.
//!
//! First the walk (`walk.rs`, on the calling thread) lists candidate files in natural order of
//! their relative paths and resolves what needs no reading (not a regular file, symlink loop).
//! Then `options.threads` workers claim runs of file indices from an atomic counter, read and
//! decode each file and compute its [`ArticleMeta`], and send a run's results in one message
//! (see `Batch`); the calling thread puts them back in order and hands them to the sink. Nothing here keeps article text: only metadata leaves a worker, so no
//! offsets either. With a [`ScanCache`] in the options, an unchanged file is described from
//! the cache without being read, and the cache sees every file a worker reads.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering as AtomicOrdering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::ArticleMeta;
use super::article::{ReadError, open_regular, read_prefix, read_rest};
use super::cache::{CachedFile, FileStamp, ReadFile, ScanCache, StampReader};
use super::decode::{DecodeError, SNIFF_BYTES, decode_vec, sniff_binary};
use super::meta::{article_meta, article_meta_and_clean};
use super::walk::{Candidate, Job, walk};

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

/// Why a file is not listed. Errors stay typed until shown: `Display` words them for a reader of
/// the skipped list, and `--json` writes that wording.
#[derive(Clone, Debug, Serialize)]
pub enum SkipReason {
    /// NUL bytes or control characters.
    Binary,
    /// Permission denied or another I/O error.
    Unreadable(#[serde(serialize_with = "serialize_io_reason")] Arc<io::Error>),
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
    Undecodable(#[serde(serialize_with = "serialize_display")] DecodeError),
}

impl SkipReason {
    /// An I/O error met while listing or reading the file.
    pub fn unreadable(error: io::Error) -> Self {
        Self::Unreadable(Arc::new(error))
    }
}

/// I/O errors are equal when they are of the same kind, OS error and message (`io::Error` has no
/// equality of its own).
impl PartialEq for SkipReason {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Unreadable(a), Self::Unreadable(b)) => {
                a.kind() == b.kind()
                    && a.raw_os_error() == b.raw_os_error()
                    && a.to_string() == b.to_string()
            }
            (Self::Undecodable(a), Self::Undecodable(b)) => a == b,
            (
                Self::TooLarge { bytes, limit },
                Self::TooLarge {
                    bytes: other_bytes,
                    limit: other_limit,
                },
            ) => (bytes, limit) == (other_bytes, other_limit),
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

impl Eq for SkipReason {}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Binary => f.write_str("binary file, not text"),
            Self::Unreadable(error) => write!(f, "unreadable: {}", io_reason(error)),
            Self::NotRegularFile => f.write_str("not a regular file"),
            Self::SymlinkLoop => f.write_str("symbolic link loop"),
            Self::TooLarge { bytes, limit } => {
                write!(f, "too large: {bytes} bytes (limit {limit})")
            }
            Self::Undecodable(error) => write!(f, "{error}"),
        }
    }
}

fn serialize_io_reason<S: serde::Serializer>(
    error: &Arc<io::Error>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&io_reason(error))
}

fn serialize_display<S: serde::Serializer>(
    value: &impl std::fmt::Display,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
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
    sink: impl FnMut(ScanEvent),
) -> Result<ScanSummary, ScanError> {
    scan_with_cache_after_walk(root, options, cancel, sink, |options| Some(options.clone()))
}

/// [`scan`], with the options' cache asked for only once the walk is done: `after_walk` gets
/// the options and returns those the workers use (with a cache that was loading meanwhile),
/// or `None` to stop before reading any file (then no event is sent and the summary says
/// `cancelled`). `pizhu search` walks the folder while its index loads.
pub(crate) fn scan_with_cache_after_walk(
    root: &Path,
    options: &ScanOptions,
    cancel: &AtomicBool,
    mut sink: impl FnMut(ScanEvent),
    after_walk: impl FnOnce(&ScanOptions) -> Option<ScanOptions>,
) -> Result<ScanSummary, ScanError> {
    let started = Instant::now();
    let mut summary = ScanSummary::default();
    let Some(walk) = walk(root, cancel)? else {
        summary.cancelled = true;
        summary.elapsed = started.elapsed();
        return Ok(summary);
    };
    let Some(options) = after_walk(options) else {
        summary.cancelled = true;
        summary.elapsed = started.elapsed();
        return Ok(summary);
    };
    let options = &options;
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
    // Bounded, so a slow sink (an export writing every article) holds the workers back instead
    // of the metadata of the whole folder piling up in the channel. Workers send their results
    // in batches (see `Batch`): one message per file cost ~11% of the CPU in thread wake-ups.
    let (sender, receiver) = mpsc::sync_channel::<Vec<Done>>(threads * 4);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (jobs, next_job) = (&jobs, &next_job);
            scope.spawn(move || {
                let mut batch = Batch::new();
                let mut stamps = StampReader::default();
                'claims: while !cancel.load(AtomicOrdering::Relaxed) {
                    // A run of consecutive files, so that a batch fills the emitter's next slots
                    // rather than every other one.
                    let claim = batch.claim_len();
                    let first = next_job.fetch_add(claim, AtomicOrdering::Relaxed);
                    let Some(claimed) = jobs.get(first..(first + claim).min(jobs.len())) else {
                        break;
                    };
                    for (index, job) in claimed {
                        if cancel.load(AtomicOrdering::Relaxed) {
                            break 'claims;
                        }
                        let (outcome, bytes_read) = read_candidate(job, options, &mut stamps);
                        if batch.push((*index, outcome, bytes_read))
                            && sender.send(batch.take()).is_err()
                        {
                            break 'claims;
                        }
                    }
                    if !batch.is_empty() && sender.send(batch.take()).is_err() {
                        break;
                    }
                    if claimed.len() < claim {
                        break;
                    }
                }
                if !batch.is_empty() {
                    sender.send(batch.take()).ok();
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
                Ok(batch) => {
                    for (index, outcome, bytes_read) in batch {
                        emitter.summary.bytes += bytes_read;
                        emitter.fill(index, outcome);
                    }
                    emitter.emit_ready(&mut sink);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                // The workers stopped early: cancelled (or one panicked, which the scope reports).
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        // A worker blocked on the full channel sees it closed and stops.
        drop(receiver);
        // Leaving the scope joins the workers; they stop at their next file once cancelled.
    });
    // Only a cancel leaves the scan unfinished; one that came after the last event changes
    // nothing.
    let finished = emitter.finished();
    summary.cancelled = !finished && cancel.load(AtomicOrdering::Relaxed);
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// A worker's result: candidate index, outcome, bytes read.
type Done = (usize, Outcome, u64);

/// Results a worker has not sent yet. A batch is sent when its claim of files is done, when it
/// is full, or when its oldest result has waited [`BATCH_WAIT`] (a folder of large files still
/// lists steadily). Claims start at one file and double up to [`MAX_CLAIM`], so the first rows
/// come as soon as without batches.
struct Batch {
    done: Vec<Done>,
    since: Option<Instant>,
    claim: usize,
}

/// The most files a worker claims (and sends) at once: a claim of files the cache knows takes
/// well under a millisecond.
const MAX_CLAIM: usize = 128;

/// The longest a finished result waits in a worker's batch.
const BATCH_WAIT: Duration = Duration::from_millis(20);

impl Batch {
    fn new() -> Self {
        Self {
            done: Vec::new(),
            since: None,
            claim: 1,
        }
    }

    /// How many files to claim next.
    fn claim_len(&mut self) -> usize {
        let claim = self.claim;
        self.claim = (self.claim * 2).min(MAX_CLAIM);
        claim
    }

    /// Adds a result; true when the batch should be sent now.
    fn push(&mut self, done: Done) -> bool {
        let since = *self.since.get_or_insert_with(Instant::now);
        self.done.push(done);
        self.done.len() >= MAX_CLAIM || since.elapsed() >= BATCH_WAIT
    }

    fn is_empty(&self) -> bool {
        self.done.is_empty()
    }

    fn take(&mut self) -> Vec<Done> {
        self.since = None;
        std::mem::replace(&mut self.done, Vec::with_capacity(MAX_CLAIM))
    }
}

/// What a worker made of one candidate.
enum Outcome {
    /// Not boxed: a box made on a worker and freed on the scan's thread cost contention on the
    /// allocator's locks (~7% of the CPU of checking 100 000 files against an index).
    Article(ArticleMeta),
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
                    sink(ScanEvent::Article(meta));
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

/// Describes one file, from the cache when it has not changed, else by reading it; also returns
/// the bytes read.
fn read_candidate(job: &Job, options: &ScanOptions, stamps: &mut StampReader) -> (Outcome, u64) {
    let limit = options.max_file_bytes;
    // Over the limit, the file is skipped as it would be without a cache.
    let cache = options.cache.as_deref().and_then(|cache| {
        let stamp = stamps
            .stamp(&job.path)
            .filter(|stamp| stamp.bytes <= limit)?;
        Some((cache, stamp))
    });
    let Some((cache, stamp)) = cache else {
        return read_file(job, limit, None);
    };
    match cache.lookup(&job.relative, &stamp) {
        Some(CachedFile::Article(mut meta)) => {
            meta.path = job.path.clone();
            if meta.relative != job.relative {
                meta.relative = job.relative.clone();
            }
            return (Outcome::Article(*meta), 0);
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
        ReadError::Io(err) => skip(SkipReason::unreadable(err)),
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
            let (path, relative) = (job.path.clone(), job.relative.clone());
            let meta = if let Some((cache, stamp)) = cache {
                // The cache keeps the whole Clean view.
                let (meta, cleaned) = article_meta_and_clean(path, relative, bytes_read, &decoded);
                let file = ReadFile::Article {
                    decoded: &decoded,
                    cleaned: &cleaned,
                    meta: &meta,
                };
                cache.record(&job.relative, stamp, file);
                meta
            } else {
                article_meta(path, relative, bytes_read, &decoded)
            };
            Outcome::Article(meta)
        }
        Err(DecodeError::Binary) if job.sniff => Outcome::Ignored,
        Err(DecodeError::Binary) => skip(SkipReason::Binary),
        Err(err @ DecodeError::Undecodable { .. }) => skip(SkipReason::Undecodable(err)),
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

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    #[test]
    fn io_errors_read_as_words() {
        assert_eq!(
            io_reason(&io::Error::from(io::ErrorKind::PermissionDenied)),
            "permission denied"
        );
    }

    #[test]
    fn skip_reasons_stay_typed_until_shown() {
        let denied = SkipReason::unreadable(io::Error::from(io::ErrorKind::PermissionDenied));
        assert!(
            matches!(&denied, SkipReason::Unreadable(e) if e.kind() == io::ErrorKind::PermissionDenied)
        );
        assert_eq!(denied.to_string(), "unreadable: permission denied");
        assert_eq!(denied, denied.clone());
        assert_ne!(
            denied,
            SkipReason::unreadable(io::Error::from(io::ErrorKind::NotFound))
        );
        let undecodable = SkipReason::Undecodable(DecodeError::Undecodable {
            encoding: "GB18030",
            replaced: 3,
            chars: 4,
        });
        assert_eq!(
            undecodable.to_string(),
            "undecodable: 3 of 4 characters could not be decoded as GB18030"
        );
        // JSON keeps the words the table shows, as before the reasons were typed.
        assert_eq!(
            serde_json::to_string(&[denied, undecodable, SkipReason::Binary]).unwrap(),
            r#"[{"Unreadable":"permission denied"},{"Undecodable":"undecodable: 3 of 4 characters could not be decoded as GB18030"},"Binary"]"#
        );
    }
}
