//! The open folder: its corpus, the background scan that fills it, and the article list model
//! (filter and sort). Egui-free apart from the repaint hook passed in.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::annotate::{AnnotationStore, StoreError};
use crate::corpus::{
    ArticleId, ArticleMeta, Corpus, ScanError, ScanEvent, ScanOptions, ScanSummary, scan,
};
use crate::jobs::Job;
use crate::text::convert::{Converter, Target};

use super::settings::SortKey;

/// What the scan worker reports to the UI.
pub enum ScanMessage {
    /// The folder could be read: the scan has begun and `found` files will be examined.
    Started {
        /// Candidate files found by the walk.
        found: usize,
    },
    /// The next article, with its search key.
    Article(Box<ArticleMeta>, String),
    /// A file that is not listed.
    Skipped(crate::corpus::SkippedFile),
    /// The folder's annotation store, opened before the scan (or why it could not be).
    Store(Box<Result<AnnotationStore, StoreError>>),
    /// The scan ended (or could not start).
    Finished(Result<ScanSummary, ScanError>),
}

/// A scan that is running.
pub struct RunningScan {
    /// The folder being scanned.
    pub root: PathBuf,
    job: Job<ScanMessage>,
    /// Files the walk found (known once started).
    pub found: Option<usize>,
    /// Files examined so far.
    pub done: usize,
    started: bool,
    /// The folder's store, held until the scan starts (then the folder replaces the open one).
    store: Option<Result<AnnotationStore, StoreError>>,
}

impl RunningScan {
    /// Fraction done, if known.
    pub fn progress(&self) -> Option<f32> {
        self.found.map(|found| {
            if found == 0 {
                1.0
            } else {
                self.done as f32 / found as f32
            }
        })
    }
}

/// What happened when the scan messages were applied this frame.
#[derive(Debug, Default)]
pub struct ScanUpdate {
    /// A new corpus replaced the previous one.
    pub replaced: bool,
    /// The scan finished with this summary.
    pub finished: Option<ScanSummary>,
    /// The scan failed to start, with this error (the previous corpus is still shown).
    pub failed: Option<ScanError>,
    /// The new folder's annotation store, delivered with `replaced` (or why it could not be
    /// opened).
    pub store: Option<Result<AnnotationStore, StoreError>>,
}

/// The open corpus and its list.
pub struct Library {
    /// Articles and skipped files.
    pub corpus: Corpus,
    /// Per article, a script-insensitive search key: title and source in simplified, lowercase.
    search_keys: Vec<String>,
    /// The scan filling the corpus, if any.
    pub scan: Option<RunningScan>,
    /// The last finished scan.
    pub last_summary: Option<ScanSummary>,
    /// The filter box text.
    pub filter: String,
    /// The list order.
    pub sort: SortKey,
    /// The rows shown, in order (filtered and sorted).
    pub rows: Vec<ArticleId>,
    rows_dirty: bool,
    rows_built: Option<Instant>,
}

impl Library {
    /// An empty library.
    pub fn new(sort: SortKey) -> Self {
        Self {
            corpus: Corpus::default(),
            search_keys: Vec::new(),
            scan: None,
            last_summary: None,
            filter: String::new(),
            sort,
            rows: Vec::new(),
            rows_dirty: false,
            rows_built: None,
        }
    }

    /// Starts scanning `root` on a worker thread. `notify` wakes the UI.
    pub fn start_scan(
        &mut self,
        root: PathBuf,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<()> {
        if let Some(scan) = &self.scan {
            scan.job.cancel();
        }
        let worker_root = root.clone();
        let job = Job::spawn("pizhu-scan", notify, move |reporter| {
            if worker_root.is_dir() {
                let store = AnnotationStore::open(&worker_root);
                reporter.send(ScanMessage::Store(Box::new(store)));
            }
            let mut started = false;
            let result = scan(
                &worker_root,
                &ScanOptions::default(),
                reporter.cancel_flag(),
                |event| {
                    let message = match event {
                        ScanEvent::Found(found) => {
                            started = true;
                            ScanMessage::Started { found }
                        }
                        ScanEvent::Article(meta) => {
                            let key = search_key(&meta);
                            ScanMessage::Article(Box::new(meta), key)
                        }
                        ScanEvent::Skipped(file) => ScanMessage::Skipped(file),
                    };
                    reporter.send(message);
                },
            );
            if !started && result.is_ok() {
                reporter.send(ScanMessage::Started { found: 0 });
            }
            reporter.send(ScanMessage::Finished(result));
        })?;
        self.scan = Some(RunningScan {
            root,
            job,
            found: None,
            done: 0,
            started: false,
            store: None,
        });
        Ok(())
    }

    /// Asks the running scan to stop.
    pub fn cancel_scan(&self) {
        if let Some(scan) = &self.scan {
            scan.job.cancel();
        }
    }

    /// Applies the scan's new messages. Call once per frame; cheap when nothing arrived.
    pub fn poll_scan(&mut self) -> ScanUpdate {
        let mut update = ScanUpdate::default();
        let Some(running) = &mut self.scan else {
            return update;
        };
        let messages = running.job.drain();
        let mut finished = running.job.is_finished();
        for message in messages {
            match message {
                ScanMessage::Started { found } => {
                    running.started = true;
                    running.found = Some(found);
                    self.corpus = Corpus::new(running.root.clone());
                    self.search_keys.clear();
                    self.rows.clear();
                    self.rows_dirty = true;
                    update.replaced = true;
                    update.store = running.store.take();
                }
                ScanMessage::Article(meta, key) => {
                    running.done += 1;
                    self.corpus.articles.push(*meta);
                    self.search_keys.push(key);
                    self.rows_dirty = true;
                }
                ScanMessage::Skipped(file) => {
                    running.done += 1;
                    self.corpus.skipped.push(file);
                }
                ScanMessage::Store(store) => running.store = Some(*store),
                ScanMessage::Finished(Ok(summary)) => {
                    update.finished = Some(summary.clone());
                    self.last_summary = Some(summary);
                    finished = true;
                }
                ScanMessage::Finished(Err(error)) => {
                    update.failed = Some(error);
                    finished = true;
                }
            }
        }
        if finished {
            self.scan = None;
            self.rows_dirty = true;
        }
        self.refresh_rows(finished);
        update
    }

    /// Replaces the corpus with `corpus` as if a scan had just delivered it (for tools and
    /// benchmarks that build a corpus in memory).
    pub fn set_corpus(&mut self, corpus: Corpus) {
        self.search_keys = corpus.articles.iter().map(search_key).collect();
        self.corpus = corpus;
        self.invalidate_rows();
    }

    /// Replaces article `id`'s metadata with `meta`, read again after the file changed on disk
    /// (title, counts, date, source), and re-sorts and re-filters the rows with it.
    pub fn refresh_meta(&mut self, id: ArticleId, meta: ArticleMeta) {
        if let Some(row) = self.corpus.articles.get_mut(id.0) {
            *row = meta;
            self.invalidate_rows();
        }
    }

    /// Marks the rows for rebuilding (after the filter or sort changed).
    pub fn invalidate_rows(&mut self) {
        self.rows_dirty = true;
        self.refresh_rows(true);
    }

    /// Rebuilds the rows if needed; while a scan streams in, at most a few times a second.
    fn refresh_rows(&mut self, now: bool) {
        if !self.rows_dirty {
            return;
        }
        let recently = self
            .rows_built
            .is_some_and(|t| t.elapsed() < Duration::from_millis(200));
        if !now && recently && !self.rows.is_empty() {
            return;
        }
        self.rows = self.build_rows();
        self.rows_dirty = false;
        self.rows_built = Some(Instant::now());
    }

    fn build_rows(&self) -> Vec<ArticleId> {
        let needle = normalise(&self.filter);
        let needle = needle.trim();
        let mut rows: Vec<ArticleId> = (0..self.corpus.articles.len())
            .filter(|&i| needle.is_empty() || self.search_keys[i].contains(needle))
            .map(ArticleId)
            .collect();
        let articles = &self.corpus.articles;
        match self.sort {
            SortKey::Name => {}
            SortKey::Date => rows.sort_by(|a, b| {
                let (a, b) = (&articles[a.0].date, &articles[b.0].date);
                // Newest first, undated last; stable, so ties keep scan order.
                b.is_some().cmp(&a.is_some()).then_with(|| b.cmp(a))
            }),
            SortKey::Title => rows.sort_by(|a, b| articles[a.0].title.cmp(&articles[b.0].title)),
        }
        rows
    }

    /// The row after (or before) `current` by `delta`, clamped; the first row if none is current.
    pub fn step(&self, current: Option<ArticleId>, delta: i32) -> Option<ArticleId> {
        if self.rows.is_empty() {
            return None;
        }
        let Some(index) = current.and_then(|c| self.rows.iter().position(|r| *r == c)) else {
            return self.rows.first().copied();
        };
        let next = (index as i64 + i64::from(delta)).clamp(0, self.rows.len() as i64 - 1);
        self.rows.get(next as usize).copied()
    }
}

/// Script-insensitive, case-insensitive form of a text for matching: simplified, lowercase.
pub fn normalise(text: &str) -> String {
    // ASCII converts to itself: no need for (or wait on) the dictionaries.
    if text.is_ascii() {
        return text.to_lowercase();
    }
    let mut simplified = String::with_capacity(text.len());
    Converter::get(Target::Simplified).convert_into(text, &mut simplified);
    simplified.to_lowercase()
}

fn search_key(meta: &ArticleMeta) -> String {
    let mut key = normalise(&meta.title);
    if let Some(source) = &meta.source {
        key.push('\u{1F}');
        key.push_str(&normalise(source));
    }
    key.push('\u{1F}');
    key.push_str(&meta.relative.to_lowercase());
    key
}
