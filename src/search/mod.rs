//! Full-text search of a corpus as a Chinese reader thinks: script-, width- and
//! case-insensitive, blind to crawl damage, every hit an exact Original range.
//!
//! - [`fold`]: the folded text (Clean view → 简 → half-width, lower case), char for char.
//! - [`query`]: a [`Query`] (folded, exact or regex) compiled into a matcher.
//! - [`find`]: hits in one article ([`find_in_clean`], and [`find_in_view`] for the find bar).
//! - [`store`]: the on-disk index (cache folder, one folder per corpus), kept up to date by a
//!   scan through [`IndexUpdate`], a [`ScanCache`](crate::corpus::ScanCache).
//! - [`index`]: the [`SearchIndex`] of one corpus, memory-mapped.
//! - [`engine`]: [`search`] over a whole index on worker threads, cancellable.
//! - [`snippet`]: a hit shown in a view with context ([`SnippetMaker`]).
//! - Here: [`open_indexed`] (scan a folder with its index, as the window will) and
//!   [`search_folder`] (open and search at once, as `pizhu search` does).
//!
//! Offsets: a [`Hit`] carries Original chars (what annotations use) and Clean-view chars (the
//! folded text's, and the 简 and 繁 views', since their conversions keep every length);
//! snippets are in chars of the view they show. Bytes appear only inside this module.
//!
//! Opening a corpus with its index (what `pizhu search` does, and the window will):
//! ```no_run
//! use std::sync::atomic::AtomicBool;
//! use pizhu::corpus::ScanOptions;
//! use pizhu::search::{Query, QueryOptions, SearchOptions, default_cache_dir, open_indexed, search};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let cache = default_cache_dir().ok_or("no cache folder")?;
//! let cancel = AtomicBool::new(false);
//! let opened = open_indexed("corpus".as_ref(), &cache, ScanOptions::default(), &cancel, |_| {})?;
//! let query = Query::new("经济", QueryOptions::default())?;
//! search(&opened.index, &query, &SearchOptions::default(), &cancel, |batch| {
//!     for hit in &batch.hits {
//!         println!("{:?} {:?}", opened.corpus.articles[hit.article.0].relative, hit.original);
//!     }
//! });
//! # Ok(())
//! # }
//! ```

pub mod engine;
pub mod find;
pub mod fold;
pub mod index;
pub mod manifest;
mod mapped;
pub mod query;
pub mod shard;
pub mod snippet;
pub mod store;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

pub use engine::{Hit, HitBatch, SearchOptions, SearchSummary, search};
pub use find::{ArticleHit, find_in_clean, find_in_view};
pub use index::SearchIndex;
pub use query::{Query, QueryError, QueryOptions};
pub use snippet::{Snippet, SnippetMaker};
pub use store::{CACHE_DIR_ENV, IndexUpdate, UpdateSummary, default_cache_dir};

use crate::corpus::{
    ArticleError, ArticleId, Corpus, ScanError, ScanEvent, ScanOptions, ScanSummary, scan,
    scan_with_cache_after_walk,
};

/// Why the index could not be opened or used.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The corpus folder cannot be read.
    #[error("cannot read folder {}: {error}", path.display())]
    Root {
        /// The folder.
        path: PathBuf,
        /// The I/O error (in the message, so not also a `source`: `{:#}` would say it twice).
        error: std::io::Error,
    },
    /// The cache folder cannot be created or written.
    #[error("cannot write the search index in {}: {error}", path.display())]
    Cache {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        error: std::io::Error,
    },
    /// The scan failed.
    #[error(transparent)]
    Scan(#[from] ScanError),
    /// An article file could not be read again (to show it in the Original view).
    #[error(transparent)]
    Article(#[from] ArticleError),
    /// An article file changed since it was indexed.
    #[error("{} changed on disk since it was indexed", path.display())]
    Stale {
        /// The file.
        path: PathBuf,
    },
    /// The article has no text in the index.
    #[error("article {0} is not in the search index")]
    NotIndexed(usize),
    /// [`IndexUpdate::finish`] was called twice.
    #[error("the index update was already finished")]
    Finished,
}

/// A corpus opened together with its search index.
#[derive(Debug)]
pub struct Indexed {
    /// The articles, as the scan listed them.
    pub corpus: Corpus,
    /// The scan's counts.
    pub scan: ScanSummary,
    /// The index of `corpus` (same ids).
    pub index: Arc<SearchIndex>,
    /// What the index update did.
    pub update: UpdateSummary,
}

/// Scans `root` with its index under `cache_dir` (see [`default_cache_dir`]): unchanged files
/// come from the index, changed and new ones are read and indexed on the scan's workers, the
/// index is saved. `on_event` sees every scan event (the window lists articles as they come).
pub fn open_indexed(
    root: &Path,
    cache_dir: &Path,
    mut options: ScanOptions,
    cancel: &AtomicBool,
    mut on_event: impl FnMut(&ScanEvent),
) -> Result<Indexed, SearchError> {
    let started = std::time::Instant::now();
    let Begun {
        update,
        temporary,
        note,
    } = begin(root, cache_dir)?;
    let begun = started.elapsed();
    options.cache = Some(update.clone());
    let mut corpus = Corpus::new(root.to_owned());
    let mut walked = None;
    let summary = scan(root, &options, cancel, |event| {
        if let ScanEvent::Found(_) = event {
            walked = Some(started.elapsed());
        }
        on_event(&event);
        corpus.push(event);
    })?;
    drop(options);
    let scanned = started.elapsed();
    let (index, mut update) = update.finish(&corpus, !summary.cancelled)?;
    // The shards are mapped: a temporary folder can go (its files stay readable while mapped).
    drop(temporary);
    update.notes.extend(note);
    log::debug!(
        "{}: index loaded in {begun:?}, walked by {walked:?}, scanned by {scanned:?}, ready after {:?} ({} reused, {} indexed)",
        root.display(),
        started.elapsed(),
        update.reused,
        update.indexed
    );
    Ok(Indexed {
        corpus,
        scan: summary,
        index: Arc::new(index),
        update,
    })
}

/// Begins an update of the index in `cache_dir`, or, when that folder cannot be written, in a
/// temporary folder, with a note saying so: the index then lasts as long as its mapping (on
/// Unix its files can be deleted once mapped) and is built again at every search. The window
/// begins its scans with it, as [`open_indexed`] does.
pub fn begin(root: &Path, cache_dir: &Path) -> Result<Begun, SearchError> {
    match IndexUpdate::begin(root, cache_dir) {
        Err(SearchError::Cache { path, error }) => {
            let temporary = tempfile::tempdir().map_err(|error| SearchError::Cache {
                path: std::env::temp_dir(),
                error,
            })?;
            let update = IndexUpdate::begin(root, temporary.path())?;
            let note = format!(
                "cannot write the search index in {} ({error}): using a temporary one, built \
                 again at every search (set {CACHE_DIR_ENV} to a writable folder)",
                path.display()
            );
            Ok(Begun {
                update,
                temporary: Some(temporary),
                note: Some(note),
            })
        }
        other => other.map(|update| Begun {
            update,
            temporary: None,
            note: None,
        }),
    }
}

/// An update begun by [`begin`].
#[derive(Debug)]
pub struct Begun {
    /// The update: give it to the scan as its cache, then [`finish`](IndexUpdate::finish) it.
    pub update: Arc<IndexUpdate>,
    /// The temporary folder it uses, if the cache folder could not be written (drop it once
    /// the update is finished: the index's files stay readable while mapped).
    pub temporary: Option<tempfile::TempDir>,
    /// The note saying so, for the user.
    pub note: Option<String>,
}

/// What [`search_folder`] found.
#[derive(Debug)]
pub struct FolderSearch {
    /// The folder, opened with its index (as [`open_indexed`] opens it).
    pub opened: Indexed,
    /// Every hit, in corpus order, with snippets when asked for.
    pub hits: HitBatch,
    /// Counts of the search (`elapsed` covers opening the folder too).
    pub summary: SearchSummary,
}

/// Above this share of files changed since the index was written, [`search_folder`] searches
/// the whole updated index again rather than the changed articles one by one.
const RESEARCH_ALL_PERCENT: usize = 5;

/// Opens `root` with its index and searches it, as `pizhu search` does, in less wall time than
/// [`open_indexed`] then [`search`]: the index as it is on disk is searched at once, beside the
/// scan that checks it against the folder (whose walk and index loading leave a core idle);
/// afterwards the hits of files the scan found unchanged are kept, and files it indexed anew
/// are searched. The result is what [`open_indexed`] then [`search`] would give.
pub fn search_folder(
    root: &Path,
    cache_dir: &Path,
    query: &Query,
    options: &SearchOptions,
    cancel: &AtomicBool,
) -> Result<FolderSearch, SearchError> {
    let started = std::time::Instant::now();
    let early_options = SearchOptions {
        max_hits: usize::MAX,
        ..options.clone()
    };
    // The index loads (then searches as it is on disk) while the folder is walked; the walk
    // waits for it only before checking the files against it.
    let (begun, early, scanned) = std::thread::scope(|scope| {
        let (loaded, wait_loaded) = std::sync::mpsc::sync_channel::<Arc<IndexUpdate>>(1);
        let (early_options, started) = (&early_options, &started);
        let loader = scope.spawn(move || {
            let begun = begin(root, cache_dir);
            log::debug!("index loaded after {:?}", started.elapsed());
            let update = begun.as_ref().ok().map(|begun| begun.update.clone());
            if let Some(update) = &update {
                loaded.send(update.clone()).ok();
            }
            drop(loaded);
            // Its own thread, so that a panic in it (a bug) only costs the head start.
            let early = update.map(|update| {
                scope.spawn(move || {
                    let old_index = update.old_index();
                    let mut all = HitBatch::default();
                    let summary = search(&old_index, query, early_options, cancel, |mut batch| {
                        all.hits.append(&mut batch.hits);
                        all.snippets.append(&mut batch.snippets);
                    });
                    log::debug!("early search done after {:?}", started.elapsed());
                    (old_index, all, summary)
                })
            });
            (begun, early)
        });
        let mut corpus = Corpus::new(root.to_owned());
        let scanned = scan_with_cache_after_walk(
            root,
            &ScanOptions::default(),
            cancel,
            |event| corpus.push(event),
            |options| {
                log::debug!("folder walked after {:?}", started.elapsed());
                let update = wait_loaded.recv().ok()?;
                Some(ScanOptions {
                    cache: Some(update),
                    ..options.clone()
                })
            },
        )
        .map(|summary| (corpus, summary));
        log::debug!("folder checked after {:?}", started.elapsed());
        let (begun, early) = match loader.join() {
            Ok(loaded) => loaded,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        let early = early.and_then(|early| early.join().ok());
        (begun, early, scanned)
    });
    // An index that cannot be opened says why first (the scan then stopped after its walk).
    let Begun {
        update,
        temporary,
        note,
    } = begun?;
    let (corpus, summary) = scanned?;
    let (index, mut update_summary) = update.finish(&corpus, !summary.cancelled)?;
    update_summary.notes.extend(note);
    log::debug!("index updated after {:?}", started.elapsed());
    let opened = Indexed {
        corpus,
        scan: summary,
        index: Arc::new(index),
        update: update_summary,
    };
    drop(temporary);
    let Some((old_index, early, early_summary)) = early else {
        // The early search panicked (a bug): search the updated index instead.
        return Ok(search_opened(opened, query, options, cancel, started));
    };
    let changed = opened.corpus.len() - opened.update.reused.min(opened.corpus.len());
    if early_summary.cancelled || changed * 100 > opened.corpus.len() * RESEARCH_ALL_PERCENT {
        return Ok(search_opened(opened, query, options, cancel, started));
    }

    // Hits of the early search, by old article: they come grouped and in order.
    let mut by_old: Vec<Range<usize>> = vec![0..0; old_index.len()];
    for (i, hit) in early.hits.iter().enumerate() {
        if let Some(range) = by_old.get_mut(hit.article.0) {
            if range.start == range.end {
                *range = i..i + 1;
            } else {
                range.end = i + 1;
            }
        }
    }
    let reused = update.reused_entries(&opened.corpus);
    let mut summary = SearchSummary {
        articles_searched: opened.index.indexed(),
        unindexed: opened.index.len() - opened.index.indexed(),
        ..SearchSummary::default()
    };
    let mut hits = HitBatch::default();
    let mut snippets = options
        .snippets
        .map(|(view, chars)| SnippetMaker::new(&opened.index, view, chars));
    let with_snippets = options.snippets.is_some();
    for (id, reused) in reused.into_iter().enumerate() {
        let before = hits.hits.len();
        match reused {
            Some(old) => {
                if let Some(range) = by_old.get(old) {
                    for i in range.clone() {
                        let mut hit = early.hits[i].clone();
                        hit.article = ArticleId(id);
                        hits.hits.push(hit);
                        if with_snippets && let Some(snippet) = early.snippets.get(i) {
                            hits.snippets.push(snippet.clone());
                        }
                    }
                }
            }
            None => {
                let mut batch =
                    engine::search_articles(&opened.index, query, id..id + 1, snippets.as_mut());
                hits.hits.append(&mut batch.hits);
                hits.snippets.append(&mut batch.snippets);
            }
        }
        let found = hits.hits.len() - before;
        summary.hits += found;
        summary.articles_with_hits += usize::from(found > 0);
    }
    drop(snippets);
    log::debug!("hits merged after {:?}", started.elapsed());
    hits.hits.truncate(options.max_hits);
    hits.snippets.truncate(options.max_hits);
    summary.kept = hits.hits.len();
    summary.first_hit = (!hits.hits.is_empty()).then(|| started.elapsed());
    summary.elapsed = started.elapsed();
    Ok(FolderSearch {
        opened,
        hits,
        summary,
    })
}

/// [`search`] over a freshly opened folder, collected.
fn search_opened(
    opened: Indexed,
    query: &Query,
    options: &SearchOptions,
    cancel: &AtomicBool,
    started: std::time::Instant,
) -> FolderSearch {
    let mut hits = HitBatch::default();
    let mut summary = search(&opened.index, query, options, cancel, |mut batch| {
        hits.hits.append(&mut batch.hits);
        hits.snippets.append(&mut batch.snippets);
    });
    summary.elapsed = started.elapsed();
    FolderSearch {
        opened,
        hits,
        summary,
    }
}
