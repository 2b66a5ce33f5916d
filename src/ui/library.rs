//! The open folder: its corpus, the background scan that fills it, and the article list model
//! (filter and sort). Egui-free apart from the repaint hook passed in.
//!
//! The scan goes through the folder's search index (`crate::search::store`): unchanged files
//! come from it without being read (so a folder opened before lists at once), changed ones are
//! read and indexed on the scan's workers, and the index of the listed corpus (same article ids)
//! is ready when the scan ends.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::annotate::{AnnotationStore, StoreError};
use crate::corpus::{
    ArticleId, ArticleMeta, Corpus, ScanCache, ScanError, ScanEvent, ScanOptions, ScanSummary, scan,
};
use crate::jobs::Job;
use crate::search::{SearchError, SearchIndex, UpdateSummary, default_cache_dir};
use crate::text::convert::{Converter, Target};

use super::settings::SortKey;

/// What the scan worker reports to the UI.
pub enum ScanMessage {
    /// The folder could be read: the scan has begun and `found` files will be examined.
    Started {
        /// Candidate files found by the walk.
        found: usize,
    },
    /// The next articles in scan order, with their search keys (one message for many: a
    /// message per article of a 100 000-article folder cost a repaint request each).
    Articles(Vec<(ArticleMeta, String)>),
    /// A file that is not listed.
    Skipped(crate::corpus::SkippedFile),
    /// The folder's annotation store, opened before the scan (or why it could not be).
    Store(Box<Result<AnnotationStore, StoreError>>),
    /// Every listed article's path and relative path, in id order, sent just before
    /// `Finished` (for workers that need them all, built here rather than on the UI thread).
    Listed(Vec<(PathBuf, String)>),
    /// The scan ended (or could not start).
    Finished(Result<ScanSummary, ScanError>),
    /// The folder's search index, ready after the scan (or why there is none).
    Index(Result<(Arc<SearchIndex>, UpdateSummary), SearchError>),
}

/// Where the window keeps the search index of the folders it opens.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum IndexCache {
    /// The user cache folder (`search::default_cache_dir`; a temporary index when there is
    /// none).
    #[default]
    User,
    /// This folder (benchmarks).
    At(PathBuf),
    /// A temporary folder of this window's own, deleted with it (tests).
    Private,
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
    /// The listed articles' paths, held until the scan's end is reported.
    listed: Option<Vec<(PathBuf, String)>>,
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
    /// The search index arrived (what its update did), or could not be built.
    pub index: Option<Result<UpdateSummary, SearchError>>,
    /// With `finished`: every listed article's path and relative path, in id order.
    pub listed: Option<Vec<(PathBuf, String)>>,
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
    /// The search index of `corpus` (same article ids), once its scan has ended.
    pub index: Option<Arc<SearchIndex>>,
    /// The job of the last scan while it finishes the index (after the scan's end).
    indexing: Option<Job<ScanMessage>>,
    /// Where indexes are kept.
    index_cache: IndexCache,
    /// The folder of [`IndexCache::Private`], deleted with the library.
    private_cache: Option<tempfile::TempDir>,
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
            index: None,
            indexing: None,
            index_cache: IndexCache::User,
            private_cache: None,
        }
    }

    /// Keeps the search indexes of the folders scanned from now on in `cache`.
    pub fn set_index_cache(&mut self, cache: IndexCache) {
        if cache == IndexCache::Private && self.private_cache.is_none() {
            match tempfile::Builder::new().prefix("pizhu-index-").tempdir() {
                Ok(dir) => self.private_cache = Some(dir),
                Err(error) => log::warn!("cannot make a private index folder: {error}"),
            }
        }
        self.index_cache = cache;
    }

    /// The folder the next scan keeps its index in (`None`: a temporary index).
    fn index_dir(&self) -> Option<PathBuf> {
        match &self.index_cache {
            IndexCache::User => default_cache_dir(),
            IndexCache::At(dir) => Some(dir.clone()),
            IndexCache::Private => self.private_cache.as_ref().map(|d| d.path().to_owned()),
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
        // The index of the folder shown until now would no longer match the new list.
        self.indexing = None;
        let worker_root = root.clone();
        let index_dir = self.index_dir();
        let job = Job::spawn("pizhu-scan", notify, move |reporter| {
            if worker_root.is_dir() {
                let store = AnnotationStore::open(&worker_root);
                reporter.send(ScanMessage::Store(Box::new(store)));
            }
            // The index update is the scan's cache; without one (the folder cannot be read) the
            // scan reports why.
            let begun = begin_index(&worker_root, index_dir.as_deref());
            let cache = begun
                .as_ref()
                .ok()
                .map(|(begun, _)| Arc::clone(&begun.update) as Arc<dyn ScanCache>);
            let options = ScanOptions {
                cache,
                ..ScanOptions::default()
            };
            // The index is built for the corpus this scan lists: its own copy, in scan order.
            let mut corpus = Corpus::new(worker_root.clone());
            let mut started = false;
            let mut batch = ArticleBatch::default();
            let result = scan(&worker_root, &options, reporter.cancel_flag(), |event| {
                let message = match event {
                    ScanEvent::Found(found) => {
                        started = true;
                        corpus.articles.reserve(found);
                        ScanMessage::Started { found }
                    }
                    ScanEvent::Article(meta) => {
                        let key = search_key(&meta);
                        corpus.articles.push(meta.clone());
                        match batch.push(meta, key) {
                            Some(articles) => ScanMessage::Articles(articles),
                            None => return,
                        }
                    }
                    ScanEvent::Skipped(file) => ScanMessage::Skipped(file),
                };
                reporter.send(message);
            });
            if let Some(articles) = batch.flush() {
                reporter.send(ScanMessage::Articles(articles));
            }
            drop(options);
            if !started && result.is_ok() {
                reporter.send(ScanMessage::Started { found: 0 });
            }
            let complete = result.as_ref().is_ok_and(|summary| !summary.cancelled);
            let scanned = result.is_ok();
            if scanned {
                let listed = corpus
                    .articles
                    .iter()
                    .map(|meta| (meta.path.clone(), meta.relative.clone()))
                    .collect();
                reporter.send(ScanMessage::Listed(listed));
            }
            reporter.send(ScanMessage::Finished(result));
            if scanned {
                let index = begun.and_then(|(begun, note)| {
                    let (index, mut summary) = begun.update.finish(&corpus, complete)?;
                    // The index's files are mapped: a temporary folder may go now.
                    drop(begun.temporary);
                    summary.notes.extend(begun.note);
                    summary.notes.extend(note);
                    Ok((Arc::new(index), summary))
                });
                // Checked here, on the list this worker sent (a pass over 100 000 paths, too
                // long for a frame): cannot fail, as the list and the index come from one
                // scan, but searching an index of other articles would show their text.
                match index {
                    Ok((index, _)) if !index.matches(&corpus) => {
                        log::warn!("the search index does not match the listed folder");
                    }
                    index => {
                        reporter.send(ScanMessage::Index(index));
                    }
                }
            }
        })?;
        self.scan = Some(RunningScan {
            root,
            job,
            found: None,
            done: 0,
            started: false,
            store: None,
            listed: None,
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
        self.poll_indexing(&mut update);
        let Some(running) = &mut self.scan else {
            return update;
        };
        let messages = running.job.drain();
        let mut finished = running.job.is_finished();
        let mut index = None;
        for message in messages {
            match message {
                ScanMessage::Started { found } => {
                    running.started = true;
                    running.found = Some(found);
                    self.index = None;
                    self.corpus = Corpus::new(running.root.clone());
                    // Room for every article at once: growing a list of 100 000 by doubling
                    // copied it (tens of MB) in the frames that took the batches.
                    self.corpus.articles.reserve(found);
                    self.search_keys = Vec::with_capacity(found);
                    self.rows.clear();
                    self.rows_dirty = true;
                    update.replaced = true;
                    update.store = running.store.take();
                }
                ScanMessage::Articles(articles) => {
                    running.done += articles.len();
                    for (meta, key) in articles {
                        self.corpus.articles.push(meta);
                        self.search_keys.push(key);
                    }
                    self.rows_dirty = true;
                }
                ScanMessage::Skipped(file) => {
                    running.done += 1;
                    self.corpus.skipped.push(file);
                }
                ScanMessage::Store(store) => running.store = Some(*store),
                ScanMessage::Listed(listed) => running.listed = Some(listed),
                ScanMessage::Finished(Ok(summary)) => {
                    update.finished = Some(summary.clone());
                    update.listed = running.listed.take();
                    self.last_summary = Some(summary);
                    finished = true;
                }
                ScanMessage::Finished(Err(error)) => {
                    update.failed = Some(error);
                    finished = true;
                }
                ScanMessage::Index(ready) => index = Some(ready),
            }
        }
        if let Some(index) = index {
            self.take_index(index, &mut update);
        }
        if finished {
            // The scan is over; its job may still be finishing the index.
            if let Some(running) = self.scan.take()
                && !running.job.is_finished()
            {
                self.indexing = Some(running.job);
            }
            self.rows_dirty = true;
        }
        self.refresh_rows(finished);
        update
    }

    /// Takes the index from the job that scanned, once it is finished.
    fn poll_indexing(&mut self, update: &mut ScanUpdate) {
        let Some(job) = &mut self.indexing else {
            return;
        };
        let messages = job.drain();
        if job.is_finished() {
            self.indexing = None;
        }
        for message in messages {
            if let ScanMessage::Index(index) = message {
                self.take_index(index, update);
            }
        }
    }

    fn take_index(
        &mut self,
        index: Result<(Arc<SearchIndex>, UpdateSummary), SearchError>,
        update: &mut ScanUpdate,
    ) {
        match index {
            // The worker checked it against the list it sent, which is this one.
            Ok((index, summary)) if index.len() == self.corpus.len() => {
                self.index = Some(index);
                update.index = Some(Ok(summary));
            }
            // Cannot happen (the list and the index come from one scan); searching it would
            // show other articles' text.
            Ok(_) => log::warn!("the search index does not match the listed folder"),
            Err(error) => update.index = Some(Err(error)),
        }
    }

    /// Replaces the corpus with `corpus` as if a scan had just delivered it (for tools and
    /// benchmarks that build a corpus in memory).
    pub fn set_corpus(&mut self, corpus: Corpus) {
        self.search_keys = corpus.articles.iter().map(search_key).collect();
        self.corpus = corpus;
        self.index = None;
        self.invalidate_rows();
    }

    /// True while the scan runs or, after it, while its search index is being finished.
    pub fn is_indexing(&self) -> bool {
        self.scan.is_some() || self.indexing.is_some()
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

/// Articles a batch holds at most before it is sent.
const BATCH_ARTICLES: usize = 4096;
/// A batch is sent when this old (checked as articles come), so the list grows smoothly.
const BATCH_AGE: Duration = Duration::from_millis(20);

/// The scan worker's articles waiting to be sent: the first goes alone at once (the first row
/// shows without delay), the others in batches.
#[derive(Default)]
struct ArticleBatch {
    articles: Vec<(ArticleMeta, String)>,
    /// When the last batch went (`None`: nothing sent yet).
    sent: Option<Instant>,
}

impl ArticleBatch {
    /// Adds an article; returns the batch when it is due.
    fn push(&mut self, meta: ArticleMeta, key: String) -> Option<Vec<(ArticleMeta, String)>> {
        self.articles.push((meta, key));
        let due = self.sent.is_none_or(|sent| sent.elapsed() >= BATCH_AGE)
            || self.articles.len() >= BATCH_ARTICLES;
        if due { self.flush() } else { None }
    }

    /// The articles not sent yet, if any.
    fn flush(&mut self) -> Option<Vec<(ArticleMeta, String)>> {
        if self.articles.is_empty() {
            return None;
        }
        self.sent = Some(Instant::now());
        Some(std::mem::take(&mut self.articles))
    }
}

/// Begins the index update of a scan of `root` in `dir` (a temporary folder when `None`), with
/// a note when the index is temporary for want of a cache folder.
fn begin_index(
    root: &std::path::Path,
    dir: Option<&std::path::Path>,
) -> Result<(crate::search::Begun, Option<String>), SearchError> {
    match dir {
        Some(dir) => crate::search::begin(root, dir).map(|begun| (begun, None)),
        None => {
            let temporary = tempfile::tempdir().map_err(|error| SearchError::Cache {
                path: std::env::temp_dir(),
                error,
            })?;
            let mut begun = crate::search::begin(root, temporary.path())?;
            begun.temporary.get_or_insert(temporary);
            let note = "there is no cache folder for the search index: it is built again at \
                        every opening (set PIZHU_CACHE_DIR to a writable folder)"
                .to_owned();
            Ok((begun, Some(note)))
        }
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

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;
    use crate::corpus::decode::decode;
    use crate::corpus::meta::article_meta;

    fn meta(i: usize) -> ArticleMeta {
        let relative = format!("{i:05}_經濟𠮷.txt");
        let decoded = decode("經濟發展\n２０２３年\n".as_bytes()).unwrap();
        article_meta(
            PathBuf::from("/corpus").join(&relative),
            relative,
            30,
            &decoded,
        )
    }

    /// The first article goes alone at once; the next wait for a full or old batch; the rest
    /// is flushed at the end; nothing is lost or reordered.
    #[test]
    fn articles_are_sent_first_alone_then_in_batches() {
        let mut batch = ArticleBatch::default();
        let first = batch.push(meta(0), "经济".to_owned()).unwrap();
        assert_eq!(first.len(), 1);
        let mut sent = vec![first];
        for i in 1..BATCH_ARTICLES + 10 {
            sent.extend(batch.push(meta(i), format!("key {i}")));
        }
        sent.extend(batch.flush());
        assert!(batch.flush().is_none(), "flushed once");
        let all: Vec<String> = sent
            .iter()
            .flatten()
            .map(|(m, _)| m.relative.clone())
            .collect();
        let expected: Vec<String> = (0..BATCH_ARTICLES + 10).map(|i| meta(i).relative).collect();
        assert_eq!(all, expected);
        assert!(
            sent.len() < 100,
            "batched, not one message an article: {} messages",
            sent.len()
        );
        assert!(sent.iter().all(|b| b.len() <= BATCH_ARTICLES));
    }

    /// A batch older than `BATCH_AGE` goes with the next article, however small.
    #[test]
    fn an_old_batch_goes_with_the_next_article() {
        let mut batch = ArticleBatch::default();
        assert!(batch.push(meta(0), String::new()).is_some());
        assert!(batch.push(meta(1), String::new()).is_none());
        std::thread::sleep(BATCH_AGE + Duration::from_millis(5));
        let sent = batch.push(meta(2), String::new()).unwrap();
        assert_eq!(sent.len(), 2);
    }
}
