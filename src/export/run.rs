//! The export driver: walks the scope and feeds an [`Exporter`] one article at a time, in order.
//!
//! Per article: read its sidecar (read-only: `read_sidecar_with`, never the store, never a write),
//! keep the annotations the options select, load the article, re-anchor each annotation in the
//! current Original ([`locate`], pure), place it in the view ([`place`], the core of
//! [`in_view()`](crate::annotate::in_view())), and hand the result to the exporter in the view's reading order. Annotations
//! the view removed and orphans are reported in the [`Manifest`], never shifted. Offsets handed
//! on are view chars.
//!
//! Threads: the calling thread walks the scope and hands articles in small batches to worker
//! threads that prepare them (the reading, decoding, re-anchoring and rendering — most of the
//! work); one writer thread puts the results back in order and calls the exporter. The folder
//! scope streams the corpus scan's own walk (`Walker`: same candidates, same order, same skip
//! reasons, so exactly the files the window lists are exported, in its order) and the workers
//! read each candidate once with the scan's rules (`read_candidate_text`), computing only the
//! title of the article's metadata, and only for formats that show titles. At most `IN_FLIGHT`
//! batches (each ≤ `BATCH_ARTICLES` articles or about `BATCH_BYTES`) are between the walk and
//! the writer, and the walk holds only its stack of open folder listings, so memory does not
//! grow with the corpus.
//!
//! Built for background jobs: [`export()`] takes a cancel flag (checked per article; a cancelled
//! export writes nothing) and a progress callback, called on the calling thread for every
//! article written, in order (a batch at a time). The folder scope's total is known only when
//! its walk ends (shortly before the export does): until then [`Progress::total`] is `None`.

use std::collections::BTreeMap;
use std::io;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};

use super::manifest::MANIFEST_FILE_NAME;
use super::output::{Destination, Output};
use super::units::UnitMap;
use super::{
    ArticleExport, ExportError, ExportHeader, ExportOptions, ExportedAnnotation, Exporter,
    Manifest, Problem, ProblemKind, exporter,
};
use crate::annotate::in_view::place;
use crate::annotate::io::SidecarIo;
use crate::annotate::model::CONTEXT_CHARS;
use crate::annotate::sidecar::{read_corpus_file, read_sidecar_with, write_atomic};
use crate::annotate::{
    Annotation, DiskState, IndexedView, Placement, SidecarError, StorageLocation, TagSet,
    TextIndex, locate,
};
use crate::corpus::candidate::{CandidateText, read_candidate_text};
use crate::corpus::meta::title_from_clean;
use crate::corpus::walk::{Candidate, Walker};
use crate::corpus::{Article, DEFAULT_MAX_FILE_BYTES, ScanError};
use crate::text::ViewKind;
use crate::text::clean::clean;
use crate::text::convert::Converter;
use crate::text::view::View;

/// Which articles to export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every article of the corpus folder, in the scan's order (what the article list shows).
    Corpus,
    /// These articles, in this order (e.g. the ones the list filter shows, or one file).
    Articles(Vec<ArticleRef>),
}

/// An article of an explicit scope: its path (absolute under the corpus folder, or relative to
/// it) and, when the caller knows it, its title (else it is computed for the formats that show
/// titles).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleRef {
    /// The article file.
    pub path: PathBuf,
    /// Its title as the article list shows it.
    pub title: Option<String>,
}

impl From<PathBuf> for ArticleRef {
    fn from(path: PathBuf) -> Self {
        Self { path, title: None }
    }
}

impl From<&crate::corpus::ArticleMeta> for ArticleRef {
    fn from(meta: &crate::corpus::ArticleMeta) -> Self {
        Self {
            path: meta.path.clone(),
            title: Some(meta.title.clone()),
        }
    }
}

/// Everything an export needs.
#[derive(Clone, Debug)]
pub struct ExportRequest {
    /// The corpus folder (its `pizhu.ron` gives tag labels and colours).
    pub corpus_root: PathBuf,
    /// Which articles.
    pub scope: Scope,
    /// Format, view, unit, tags.
    pub options: ExportOptions,
    /// Where to.
    pub destination: Destination,
    /// Also write the manifest to this file (folder exports always contain
    /// `pizhu-export.json`).
    pub manifest_path: Option<PathBuf>,
}

/// How far an export is, sent after every article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Articles looked at so far.
    pub done: usize,
    /// Files in the scope, once known: at the start for a list of articles, when the walk ends
    /// for the folder scope (the files it found, skipped ones included).
    pub total: Option<usize>,
    /// Articles written so far.
    pub exported: usize,
    /// Bytes written so far.
    pub bytes: u64,
    /// The article just looked at (relative path).
    pub current: String,
}

/// A finished export.
#[derive(Clone, Debug)]
pub struct ExportOutcome {
    /// The report (also in `pizhu-export.json` for folder exports).
    pub manifest: Manifest,
    /// Every file or folder written (the main one first).
    pub written: Vec<PathBuf>,
}

/// Runs an export (blocking; call it from a worker thread in the window). See the module docs.
///
/// `progress` is called on the calling thread as articles are written, in order.
pub fn export(
    request: &ExportRequest,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<ExportOutcome, ExportError> {
    let options = &request.options;
    let unit = options.unit();
    if !options.format.allows_unit(unit) {
        return Err(ExportError::Options(format!(
            "{} positions are Unicode code points by its specification, so --offsets {unit} is not available",
            options.format
        )));
    }
    let root = request.corpus_root.as_path();
    if !root.is_dir() {
        return Err(ExportError::Scan(ScanError::Root {
            path: root.to_owned(),
            source: io::Error::new(io::ErrorKind::NotFound, "not a folder"),
        }));
    }
    let location = StorageLocation::resolve(root)?;
    let mut manifest = Manifest::new(options, root);
    let tags = match read_tag_set(&location) {
        Ok(tags) => tags,
        Err(error) => {
            manifest.add(Problem::file(
                "pizhu.ron",
                ProblemKind::TagSetUnreadable,
                format!("{error}; default tag labels and colours were used"),
            ));
            TagSet::default()
        }
    };
    let mut out = Output::open(&request.destination, options.format, root)?;
    let path = out.path();
    let corpus_name = manifest.corpus.clone();
    let header = ExportHeader {
        format: options.format,
        view: options.view,
        unit,
        tags: &tags,
        corpus_name: &corpus_name,
    };
    let mut exporter = exporter(options.format);
    exporter
        .begin(&mut out, &header)
        .map_err(write_error(&path))?;

    let preparer = Preparer {
        options,
        location: &location,
        unit,
    };
    // Stops the workers and the feeding on a write failure (the caller's flag stays theirs).
    let failed = AtomicBool::new(false);
    let stopped = || cancel.load(Ordering::Relaxed) || failed.load(Ordering::Relaxed);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut writer = Writer {
        header,
        exporter,
        out,
        manifest,
        progress: Progress::default(),
        failure: None,
    };
    let mut scope_result = Ok(());
    let (batch_sender, batches) = mpsc::sync_channel::<Batch>(QUEUE);
    let batches = Mutex::new(batches);
    let total = std::sync::atomic::AtomicUsize::new(usize::MAX);
    std::thread::scope(|scope| {
        let (prepared_sender, prepared) = mpsc::sync_channel::<(usize, Vec<Prepared>)>(QUEUE);
        for _ in 0..workers {
            let (batches, prepared_sender, preparer, stopped) =
                (&batches, prepared_sender.clone(), &preparer, &stopped);
            scope.spawn(move || {
                loop {
                    let batch = match batches.lock() {
                        Ok(batches) => batches.recv(),
                        Err(_) => break,
                    };
                    let Ok(batch) = batch else { break };
                    let results = batch
                        .jobs
                        .iter()
                        .map(|job| preparer.prepare_safely(job, stopped()))
                        .collect();
                    if prepared_sender.send((batch.sequence, results)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(prepared_sender);
        // One event per batch written (with progress for its articles), so the feeder knows
        // how many batches are in flight.
        let (written_sender, written) = mpsc::channel::<Vec<Progress>>();
        let (writer, failed, total) = (&mut writer, &failed, &total);
        scope.spawn(move || writer.run(prepared, &written_sender, failed, total));

        let mut feeder = Feeder {
            sender: Some(batch_sender),
            written,
            progress,
            pending: Vec::new(),
            pending_bytes: 0,
            sent: 0,
            acknowledged: 0,
        };
        match &request.scope {
            Scope::Corpus => match Walker::new(root, cancel) {
                Ok(walker) => {
                    let mut found = 0;
                    for candidate in walker {
                        if stopped() {
                            break;
                        }
                        found += 1;
                        let job = match candidate {
                            Candidate::Read(file) => Job {
                                relative: file
                                    .path
                                    .strip_prefix(root)
                                    .map_or_else(|_| PathBuf::from(&file.relative), Path::to_owned),
                                path: file.path,
                                display: file.relative,
                                title: None,
                                source: Source::Candidate { sniff: file.sniff },
                            },
                            Candidate::Skip(skipped) => Job {
                                path: skipped.path,
                                relative: PathBuf::new(),
                                display: skipped.relative,
                                title: None,
                                source: Source::Skipped(skipped.reason.to_string()),
                            },
                        };
                        // File sizes are not known before reading: batches close by count.
                        if !feeder.push(job, 0) {
                            break;
                        }
                    }
                    if !stopped() {
                        total.store(found, Ordering::Relaxed);
                    }
                }
                Err(error) => scope_result = Err(error.into()),
            },
            Scope::Articles(paths) => {
                total.store(paths.len(), Ordering::Relaxed);
                for article in paths {
                    if stopped() {
                        break;
                    }
                    let relative = match relative_to(root, &article.path) {
                        Ok(relative) => relative,
                        Err(error) => {
                            scope_result = Err(error);
                            failed.store(true, Ordering::Relaxed);
                            break;
                        }
                    };
                    let path = root.join(&relative);
                    let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
                    let job = Job {
                        path,
                        display: display_relative(&relative),
                        relative,
                        title: article.title.clone(),
                        source: Source::Listed,
                    };
                    if !feeder.push(job, bytes) {
                        break;
                    }
                }
            }
        }
        // The workers finish their batches and the writer its articles; keep reporting.
        feeder.finish();
    });
    scope_result?;
    if cancel.load(Ordering::Relaxed) {
        return Err(ExportError::Cancelled);
    }
    let Writer {
        header,
        mut exporter,
        mut out,
        manifest,
        failure,
        ..
    } = writer;
    if let Some(error) = failure {
        return Err(error);
    }
    exporter
        .finish(&mut out, &header, &manifest)
        .map_err(write_error(&path))?;
    if options.format.writes_folder() {
        out.write_file(Path::new(MANIFEST_FILE_NAME), manifest.to_json().as_bytes())
            .map_err(write_error(&path))?;
    }
    let mut written = out.commit()?;
    if let Some(manifest_path) = &request.manifest_path {
        write_atomic(manifest_path, manifest.to_json().as_bytes())
            .map_err(write_error(manifest_path))?;
        written.push(manifest_path.clone());
    }
    Ok(ExportOutcome { manifest, written })
}

/// Capacity of the batch and result queues.
const QUEUE: usize = 4;
/// Batches sent but not yet written: with [`BATCH_BYTES`], bounds the memory of prepared
/// articles waiting to be written in order, whatever the corpus size.
const IN_FLIGHT: usize = 6;
/// A batch closes at this many articles (fewer hand-overs between threads than one by one: each
/// batch wakes three threads, and with 32 the wake-ups took ~10% of a CSV export's CPU time)…
const BATCH_ARTICLES: usize = 64;
/// …or this many bytes of article files.
const BATCH_BYTES: u64 = 1 << 20;

/// Hands articles to the workers in batches, passing the writer's progress on to the caller
/// (on the calling thread), with at most [`IN_FLIGHT`] batches between here and the writer.
struct Feeder<'p> {
    sender: Option<mpsc::SyncSender<Batch>>,
    written: mpsc::Receiver<Vec<Progress>>,
    progress: &'p mut dyn FnMut(&Progress),
    pending: Vec<Job>,
    pending_bytes: u64,
    sent: usize,
    acknowledged: usize,
}

impl Feeder<'_> {
    /// Queues one job; returns false once the workers are gone.
    fn push(&mut self, job: Job, bytes: u64) -> bool {
        self.pending.push(job);
        self.pending_bytes += bytes;
        if self.pending.len() >= BATCH_ARTICLES || self.pending_bytes >= BATCH_BYTES {
            return self.flush();
        }
        true
    }

    fn deliver(&mut self, events: Vec<Progress>) {
        self.acknowledged += 1;
        for event in &events {
            (self.progress)(event);
        }
    }

    fn flush(&mut self) -> bool {
        while let Ok(events) = self.written.try_recv() {
            self.deliver(events);
        }
        if self.pending.is_empty() {
            return true;
        }
        while self.sent - self.acknowledged >= IN_FLIGHT {
            match self.written.recv() {
                Ok(events) => self.deliver(events),
                Err(_) => return false,
            }
        }
        let batch = Batch {
            sequence: self.sent,
            jobs: std::mem::take(&mut self.pending),
        };
        self.pending_bytes = 0;
        self.sent += 1;
        // A closed queue means the workers stopped; the writer reports why.
        self.sender.as_ref().is_some_and(|s| s.send(batch).is_ok())
    }

    /// Sends what is pending, closes the queue and reports until the writer is done.
    fn finish(mut self) {
        self.flush();
        self.sender = None;
        while let Ok(events) = self.written.recv() {
            self.deliver(events);
        }
    }
}

fn write_error(path: &Path) -> impl FnOnce(io::Error) -> ExportError + '_ {
    move |source| ExportError::Write {
        path: path.to_owned(),
        source,
    }
}

/// The tag set of the corpus: its `pizhu.ron` (or, for a read-only corpus, the one shipped in
/// the folder), else the defaults.
fn read_tag_set(location: &StorageLocation) -> Result<TagSet, SidecarError> {
    if let Some(loaded) = read_corpus_file(&location.corpus_file_path())? {
        return Ok(loaded.value.tags);
    }
    if let Some(fallback) = location.fallback_corpus_file_path()
        && let Some(loaded) = read_corpus_file(&fallback)?
    {
        return Ok(loaded.value.tags);
    }
    Ok(TagSet::default())
}

/// The annotations stored for the article at `relative` (the store's own files, or for a
/// read-only corpus the sidecar shipped beside the article); empty when there are none.
fn read_annotations(
    location: &StorageLocation,
    relative: &Path,
) -> Result<Vec<Annotation>, SidecarError> {
    if let Some(loaded) = read_sidecar_with(&ReadOnly, &location.sidecar_path(relative))? {
        return Ok(loaded.value.annotations);
    }
    match location.fallback_sidecar_path(relative) {
        Some(fallback) => Ok(read_sidecar_with(&ReadOnly, &fallback)?
            .map(|loaded| loaded.value.annotations)
            .unwrap_or_default()),
        None => Ok(Vec::new()),
    }
}

/// The export's sidecar reading: the bytes only. The store's reader also stats and hashes each
/// file (its [`DiskState`]) to notice later changes by others, which an export, reading once and
/// never writing, does not need (a stat and a BLAKE3 hash per article: ~5% of its CPU time).
#[derive(Debug)]
struct ReadOnly;

impl SidecarIo for ReadOnly {
    fn read(&self, path: &Path) -> io::Result<Option<(Vec<u8>, DiskState)>> {
        match std::fs::read(path) {
            // The state is dropped unread (see the type's docs).
            Ok(bytes) => Ok(Some((bytes, DiskState::Absent))),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    fn write_atomic(&self, _path: &Path, _bytes: &[u8]) -> io::Result<DiskState> {
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "an export never writes annotation files",
        ))
    }
}

/// `path` relative to the corpus root (it may be given absolute or relative).
fn relative_to(root: &Path, path: &Path) -> Result<PathBuf, ExportError> {
    let outside = || ExportError::OutsideCorpus {
        path: path.to_owned(),
        root: root.to_owned(),
    };
    let relative = if path.is_relative() {
        path.to_owned()
    } else if let Ok(relative) = path.strip_prefix(root) {
        relative.to_owned()
    } else {
        let root = std::fs::canonicalize(root).map_err(|_| outside())?;
        let real = std::fs::canonicalize(path).map_err(|_| outside())?;
        real.strip_prefix(&root).map_err(|_| outside())?.to_owned()
    };
    let plain: PathBuf = relative
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    let is_plain = plain.file_name().is_some()
        && plain
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if is_plain { Ok(plain) } else { Err(outside()) }
}

/// A relative path as the article list shows it: `/`-separated.
pub fn display_relative(relative: &Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The title in the view's script (titles are Clean text; 简/繁 convert it).
fn title_in_view(title: &str, view: ViewKind) -> String {
    match view.target() {
        Some(target) => Converter::get(target).convert(title).text,
        None => title.to_owned(),
    }
}

/// Articles to prepare, numbered in scope order.
struct Batch {
    sequence: usize,
    jobs: Vec<Job>,
}

/// One article (or skipped file) to prepare.
struct Job {
    path: PathBuf,
    relative: PathBuf,
    display: String,
    title: Option<String>,
    source: Source,
}

/// Where a job comes from, which says how to read it.
enum Source {
    /// Named by the caller: read with [`Article::load`], an error is reported.
    Listed,
    /// Found by the folder walk: read with the scan's rules, which may skip or ignore it.
    Candidate {
        /// No extension: an article only if it looks like text.
        sniff: bool,
    },
    /// The walk skipped this file, for this reason: only reported.
    Skipped(String),
}

/// An annotation the view shows, by index into [`PreparedArticle::annotations`].
struct Shown {
    index: usize,
    view_chars: Range<usize>,
}

/// What a worker made of one article: everything the writer needs, owned.
struct PreparedArticle {
    display: String,
    title: String,
    view: IndexedView,
    annotations: Vec<Annotation>,
    /// In the view's reading order.
    shown: Vec<Shown>,
    units: UnitMap,
}

/// A worker's result for one job.
enum Prepared {
    /// Problems and counts only (nothing selected, unreadable, skipped by the scan).
    Nothing {
        display: String,
        problems: Vec<Problem>,
        highlights_omitted: usize,
        without_annotations: bool,
    },
    /// An article to write, with its problems.
    Article {
        article: Box<PreparedArticle>,
        problems: Vec<Problem>,
        highlights_omitted: usize,
    },
    /// An extension-less file that is not text: not an article, not reported (as in the scan).
    Ignored,
    /// The export stopped before this job.
    Stopped,
}

/// Reads, re-anchors and renders one article (runs on the worker threads).
struct Preparer<'a> {
    options: &'a ExportOptions,
    location: &'a StorageLocation,
    unit: super::OffsetUnit,
}

impl Preparer<'_> {
    /// [`Preparer::prepare`], or `Stopped`; a panic becomes a reported problem rather than a
    /// writer waiting for ever.
    fn prepare_safely(&self, job: &Job, stopped: bool) -> Prepared {
        if stopped {
            return Prepared::Stopped;
        }
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.prepare(job))).unwrap_or_else(
            |_| Prepared::Nothing {
                display: job.display.clone(),
                problems: vec![Problem::file(
                    &job.display,
                    ProblemKind::ArticleUnreadable,
                    "internal error while exporting it (please report)".to_owned(),
                )],
                highlights_omitted: 0,
                without_annotations: false,
            },
        )
    }

    fn prepare(&self, job: &Job) -> Prepared {
        let display = job.display.clone();
        let nothing =
            |problems: Vec<Problem>, highlights_omitted, without_annotations| Prepared::Nothing {
                display: display.clone(),
                problems,
                highlights_omitted,
                without_annotations,
            };
        let skipped = |reason: String| {
            let problem = Problem::file(&job.display, ProblemKind::FileSkipped, reason);
            nothing(vec![problem], 0, false)
        };
        // A walk candidate is read first, as the scan reads it before it lists it.
        let mut candidate = None;
        match &job.source {
            Source::Listed => {}
            Source::Skipped(reason) => return skipped(reason.clone()),
            Source::Candidate { sniff } => {
                match read_candidate_text(&job.path, *sniff, DEFAULT_MAX_FILE_BYTES) {
                    CandidateText::Article(decoded) => candidate = Some(decoded.text),
                    CandidateText::Skipped(reason) => return skipped(reason.to_string()),
                    CandidateText::Ignored => return Prepared::Ignored,
                }
            }
        }
        let options = self.options;
        let stored = match read_annotations(self.location, &job.relative) {
            Ok(stored) => stored,
            Err(error) => {
                let problem = Problem::file(
                    &job.display,
                    ProblemKind::AnnotationsUnreadable,
                    format!("{error} (the article was not exported)"),
                );
                return nothing(vec![problem], 0, false);
            }
        };
        let mut highlights_omitted = 0;
        let mut annotations: Vec<Annotation> = Vec::with_capacity(stored.len());
        for annotation in stored {
            if !options
                .tags
                .as_ref()
                .is_none_or(|filter| filter.matches(annotation.tag.as_ref()))
            {
                continue;
            }
            if options.format.needs_labels() && annotation.tag.is_none() {
                highlights_omitted += 1;
                continue;
            }
            annotations.push(annotation);
        }
        if annotations.is_empty() && !options.include_unannotated {
            return nothing(Vec::new(), highlights_omitted, true);
        }
        let text = match candidate {
            Some(text) => text,
            None => match Article::load(&job.path) {
                Ok(article) => article.decoded.text,
                Err(error) => {
                    let problem = Problem::file(
                        &job.display,
                        ProblemKind::ArticleUnreadable,
                        error.to_string(),
                    );
                    return nothing(vec![problem], highlights_omitted, false);
                }
            },
        };
        let original = TextIndex::new(text);
        // The Clean view is made once, for the title and for the views that start from it.
        let needs_title = job.title.is_none() && options.format.shows_titles();
        let cleaned =
            (needs_title || options.view != ViewKind::Original).then(|| clean(original.text()));
        let title = match (&job.title, &cleaned) {
            (Some(title), _) => title.clone(),
            (None, Some(cleaned)) if needs_title => {
                title_from_clean(&job.display, original.text(), cleaned)
            }
            // Not shown by this format.
            _ => String::new(),
        };
        let view = match (options.view, &cleaned) {
            // The Original view is the text itself: share it rather than copy and index it again.
            (ViewKind::Original, _) => IndexedView::original(&original),
            (kind, Some(cleaned)) => IndexedView::new(View::from_clean(cleaned, kind)),
            (kind, None) => IndexedView::render(original.text(), kind),
        };
        let mut problems = Vec::new();
        let mut shown = Vec::with_capacity(annotations.len());
        for (index, annotation) in annotations.iter().enumerate() {
            let location = locate(&original, annotation);
            let placement = place(
                view.map(),
                location.range.clone(),
                location.state.is_anchored(),
            );
            let problem =
                |kind, detail| Problem::annotation(&job.display, annotation, kind, detail);
            match placement {
                Placement::Orphan => problems.push(problem(
                    ProblemKind::Orphan,
                    format!(
                        "{:?} was not found in the changed article (kept in its annotations file)",
                        annotation.quote
                    ),
                )),
                Placement::Removed { .. } => problems.push(problem(
                    ProblemKind::NotInView,
                    format!(
                        "the {} view removed all of {:?} (crawl artefacts such as inline pinyin)",
                        options.view, annotation.quote
                    ),
                )),
                Placement::Shown { range, exact } => {
                    if !exact {
                        problems.push(problem(
                            ProblemKind::EdgesAdjusted,
                            format!(
                                "{:?} reads {:?} in the {} view: its edges lie in text the view removed or rewrote",
                                annotation.quote,
                                view.slice(range.clone()),
                                options.view
                            ),
                        ));
                    }
                    shown.push(Shown {
                        index,
                        view_chars: range,
                    });
                }
            }
        }
        if shown.is_empty() && !options.include_unannotated {
            return nothing(problems, highlights_omitted, true);
        }
        shown.sort_by(|a, b| {
            (
                a.view_chars.start,
                a.view_chars.end,
                &annotations[a.index].id,
            )
                .cmp(&(
                    b.view_chars.start,
                    b.view_chars.end,
                    &annotations[b.index].id,
                ))
        });
        let units = UnitMap::new(view.text(), self.unit);
        let title = title_in_view(&title, options.view);
        Prepared::Article {
            article: Box::new(PreparedArticle {
                display: job.display.clone(),
                title,
                view,
                annotations,
                shown,
                units,
            }),
            problems,
            highlights_omitted,
        }
    }
}

/// Writes prepared articles in scope order (runs on its own thread).
struct Writer<'a> {
    header: ExportHeader<'a>,
    exporter: Box<dyn Exporter + Send>,
    out: Output,
    manifest: Manifest,
    progress: Progress,
    /// A write failed: the export stops.
    failure: Option<ExportError>,
}

impl Writer<'_> {
    fn run(
        &mut self,
        prepared: mpsc::Receiver<(usize, Vec<Prepared>)>,
        written: &mpsc::Sender<Vec<Progress>>,
        failed: &AtomicBool,
        total: &std::sync::atomic::AtomicUsize,
    ) {
        // Batches arrive in any order; they are written in sequence (at most IN_FLIGHT wait).
        let mut waiting: BTreeMap<usize, Vec<Prepared>> = BTreeMap::new();
        let mut next = 0;
        for (sequence, results) in prepared {
            waiting.insert(sequence, results);
            while let Some(results) = waiting.remove(&next) {
                next += 1;
                let mut events = Vec::new();
                for result in results {
                    if self.failure.is_some() {
                        break;
                    }
                    let is_article = match &result {
                        Prepared::Nothing { problems, .. } => {
                            !problems.iter().any(|p| p.kind == ProblemKind::FileSkipped)
                        }
                        Prepared::Article { .. } => true,
                        Prepared::Stopped | Prepared::Ignored => false,
                    };
                    match self.write(result) {
                        Err(source) => {
                            failed.store(true, Ordering::Relaxed);
                            self.failure = Some(ExportError::Write {
                                path: self.out.path(),
                                source,
                            });
                        }
                        Ok(Some(display)) if is_article => {
                            self.progress.done += 1;
                            let known = total.load(Ordering::Relaxed);
                            self.progress.total = (known != usize::MAX).then_some(known);
                            self.progress.exported = self.manifest.counts.articles;
                            self.progress.bytes = self.out.bytes_written();
                            self.progress.current = display;
                            events.push(self.progress.clone());
                        }
                        Ok(_) => {}
                    }
                }
                // The receiver goes away only when the export is over.
                written.send(events).ok();
            }
        }
    }

    /// Writes one result; returns the article's relative path (`None` when stopped).
    fn write(&mut self, result: Prepared) -> io::Result<Option<String>> {
        match result {
            Prepared::Stopped | Prepared::Ignored => Ok(None),
            Prepared::Nothing {
                display,
                problems,
                highlights_omitted,
                without_annotations,
            } => {
                for problem in problems {
                    self.manifest.add(problem);
                }
                self.manifest.counts.highlights_omitted += highlights_omitted;
                if without_annotations {
                    self.manifest.counts.articles_without_annotations += 1;
                }
                Ok(Some(display))
            }
            Prepared::Article {
                article,
                problems,
                highlights_omitted,
            } => {
                for problem in problems {
                    self.manifest.add(problem);
                }
                self.manifest.counts.highlights_omitted += highlights_omitted;
                let PreparedArticle {
                    display,
                    title,
                    view,
                    annotations,
                    shown,
                    units,
                } = *article;
                let tags = self.header.tags;
                let exported: Vec<ExportedAnnotation<'_>> = shown
                    .iter()
                    .map(|s| {
                        let annotation = &annotations[s.index];
                        let range = s.view_chars.clone();
                        ExportedAnnotation {
                            annotation,
                            tag: annotation.tag.as_ref().and_then(|t| tags.get(t)),
                            quote: view.slice(range.clone()),
                            prefix: view
                                .slice(range.start.saturating_sub(CONTEXT_CHARS)..range.start),
                            suffix: view.slice(range.end..range.end.saturating_add(CONTEXT_CHARS)),
                            view_chars: range,
                        }
                    })
                    .collect();
                let article = ArticleExport {
                    ordinal: self.manifest.counts.articles + 1,
                    relative: &display,
                    title: &title,
                    view: &view,
                    annotations: &exported,
                    units: &units,
                };
                let dropped_before = self.manifest.counts.dropped;
                self.exporter
                    .article(&mut self.out, &article, &mut self.manifest)?;
                let dropped = self.manifest.counts.dropped - dropped_before;
                self.manifest.counts.articles += 1;
                self.manifest.counts.annotations += exported.len().saturating_sub(dropped);
                Ok(Some(display))
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;
    use crate::annotate::{AnnotationStore, Edit, TagId};
    use crate::export::Format;
    use crate::jobs::Job;

    /// A corpus of `n` articles, each with one PER annotation saved through the store.
    fn corpus(n: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let mut store = AnnotationStore::with_location(StorageLocation::beside(dir.path()));
        for i in 0..n {
            let name = format!("{i:03}.txt");
            let text = format!("第{i}篇：省委書記黃坤明在廣州調(diào)研。");
            std::fs::write(dir.path().join(&name), &text).unwrap();
            let key = store
                .open_document(Path::new(&name), text.as_str())
                .unwrap()
                .key;
            let start = text.chars().position(|c| c == '黃').unwrap();
            let annotation =
                Annotation::new(&text, start..start + 3, TagId::new("PER").ok(), "").unwrap();
            store.edit(&key, Edit::Create(annotation)).unwrap();
        }
        store.save_dirty();
        dir
    }

    fn request(root: &Path, out: &Path) -> ExportRequest {
        let mut options = ExportOptions::new(Format::Jsonl);
        options.view = ViewKind::Simplified;
        ExportRequest {
            corpus_root: root.to_owned(),
            scope: Scope::Corpus,
            options,
            destination: Destination::File(out.to_owned()),
            manifest_path: None,
        }
    }

    #[test]
    fn a_cancelled_export_writes_nothing() {
        let dir = corpus(3);
        let out = tempfile::tempdir().unwrap();
        let path = out.path().join("x.jsonl");
        let cancel = AtomicBool::new(true);
        let result = export(&request(dir.path(), &path), &cancel, &mut |_| {});
        assert!(matches!(result, Err(ExportError::Cancelled)), "{result:?}");
        assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
    }

    #[test]
    fn runs_as_a_background_job_with_progress() {
        let dir = corpus(5);
        let out = tempfile::tempdir().unwrap();
        let path = out.path().join("x.jsonl");
        let request = request(dir.path(), &path);
        #[derive(Debug)]
        enum Event {
            Progress(Progress),
            Done(Result<ExportOutcome, String>),
        }
        let job = Job::spawn(
            "export-test",
            || {},
            move |reporter| {
                let result = export(&request, reporter.cancel_flag(), &mut |p| {
                    reporter.send(Event::Progress(p.clone()));
                });
                reporter.send(Event::Done(result.map_err(|e| e.to_string())));
            },
        )
        .unwrap();
        let events = job.wait();
        let progress: Vec<&Progress> = events
            .iter()
            .filter_map(|e| match e {
                Event::Progress(p) => Some(p),
                Event::Done(_) => None,
            })
            .collect();
        assert_eq!(progress.len(), 5);
        assert_eq!(progress[4].done, 5);
        assert_eq!(progress[4].total, Some(5));
        assert!(progress[4].bytes > 0);
        let Some(Event::Done(Ok(outcome))) = events.last() else {
            panic!("{events:?}");
        };
        assert_eq!(outcome.manifest.counts.annotations, 5);
        assert_eq!(outcome.written, vec![path.clone()]);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 5);
        // 第0篇：省委書記 is 8 chars: 黃坤明 is 8..11 in the Original and in 简.
        assert!(text.contains("[8,11,\"PER\"]"), "{text}");
        assert!(text.contains("黄坤明") && !text.contains("(diào)"));
    }

    /// The folder scope exports exactly what the scan lists, in its order, with its titles, and
    /// reports what it skips with the scan's reasons.
    #[cfg(unix)]
    #[test]
    fn the_folder_scope_follows_the_scan() {
        use crate::corpus::{ScanEvent, ScanOptions, scan};
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for folder in ["2023/12", "2023/9", ".git"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        let files: [(&str, &[u8]); 9] = [
            (
                "2023/12/10.txt",
                "簡陽市融媒體中心\n何黨生調(diào)研工業項目\n正文。".as_bytes(),
            ),
            ("2023/12/9.txt", "第九篇𠮷\n正文".as_bytes()),
            ("2023/9/1.md", "  \n标题在第二行\n".as_bytes()),
            ("2023/empty.txt", b""),
            ("readme", "无扩展名的文章".as_bytes()),
            ("blob", b"\x00\x01\x02\x03binary\x00\x00"),
            ("binary.txt", b"\x00\x01\x02\x03binary\x00\x00\x00\x00"),
            (".git/hidden.txt", "隐藏".as_bytes()),
            ("page.html", "<p>不是文章</p>".as_bytes()),
        ];
        for (name, bytes) in files {
            std::fs::write(root.join(name), bytes).unwrap();
        }
        std::os::unix::fs::symlink(root.join("2023"), root.join("2023/12/up")).unwrap();

        let cancel = AtomicBool::new(false);
        let mut listed = Vec::new();
        let mut skipped = Vec::new();
        scan(
            root,
            &ScanOptions::default(),
            &cancel,
            |event| match event {
                ScanEvent::Article(meta) => listed.push((meta.relative, meta.title)),
                ScanEvent::Skipped(file) => skipped.push((file.relative, file.reason.to_string())),
                ScanEvent::Found(_) => {}
            },
        )
        .unwrap();
        assert_eq!(listed.len(), 5, "{listed:?}");
        assert_eq!(skipped.len(), 2, "{skipped:?}");

        let out = tempfile::tempdir().unwrap();
        let path = out.path().join("x.jsonl");
        let mut request = request(root, &path);
        request.options.view = ViewKind::Original;
        request.options.include_unannotated = true;
        let mut last = Progress::default();
        let outcome = export(&request, &cancel, &mut |p| last = p.clone()).unwrap();
        let exported: Vec<(String, String)> = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .map(|line| {
                let value: serde_json::Value = serde_json::from_str(line).unwrap();
                let meta = &value["meta"];
                (
                    meta["file"].as_str().unwrap().to_owned(),
                    meta["title"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(exported, listed);
        let reported: Vec<(String, String)> = outcome
            .manifest
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::FileSkipped)
            .map(|p| (p.file.clone(), p.detail.clone()))
            .collect();
        assert_eq!(reported, skipped);
        assert_eq!(outcome.manifest.counts.articles, 5);
        // Known at the end: the walk's candidates (the binary extension-less file included).
        assert_eq!((last.done, last.total), (5, Some(8)));
    }

    #[test]
    fn relative_paths_stay_inside_the_corpus() {
        let root = Path::new("/corpus");
        assert_eq!(
            relative_to(root, Path::new("/corpus/2023/001.txt")).ok(),
            Some(PathBuf::from("2023/001.txt"))
        );
        assert_eq!(
            relative_to(root, Path::new("./a.txt")).ok(),
            Some(PathBuf::from("a.txt"))
        );
        assert!(relative_to(root, Path::new("../a.txt")).is_err());
        assert!(relative_to(root, Path::new("/elsewhere/a.txt")).is_err());
        assert_eq!(
            display_relative(Path::new("2023/新闻.txt")),
            "2023/新闻.txt"
        );
    }

    #[test]
    fn titles_follow_the_view_script() {
        assert_eq!(
            title_in_view("黃坤明調研", ViewKind::Simplified),
            "黄坤明调研"
        );
        assert_eq!(title_in_view("黃坤明", ViewKind::Clean), "黃坤明");
    }
}
