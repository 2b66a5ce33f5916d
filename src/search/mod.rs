//! Full-text search of a corpus as a Chinese reader thinks: script-, width- and
//! case-insensitive, blind to crawl damage, every hit an exact Original range.
//!
//! - [`fold`]: the folded text (Clean view → 简 → half-width, lower case), char for char.
//! - [`query`]: a [`Query`] (folded, exact or regex) compiled into a matcher.
//! - [`find`]: hits in one article ([`find_in_clean`], and [`find_in_view`] for the find bar).
//! - [`store`]: the on-disk index (cache folder, one folder per corpus), kept up to date by a
//!   scan through [`IndexUpdate`], a [`ScanCache`](crate::corpus::ScanCache).
//! - [`index`]: the [`SearchIndex`] of one corpus, memory-mapped.
//! - [`engine`]: [`search`] over a whole index on worker threads, [`spawn_search`] and
//!   [`LiveSearch`] for the window.
//! - [`snippet`]: a hit shown in a view with context ([`SnippetMaker`]).
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

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

pub use engine::{
    Hit, HitBatch, LiveSearch, SearchEvent, SearchOptions, SearchSummary, search, spawn_search,
};
pub use find::{ArticleHit, find_in_clean, find_in_view};
pub use index::SearchIndex;
pub use query::{Query, QueryError, QueryOptions};
pub use snippet::{Snippet, SnippetMaker};
pub use store::{CACHE_DIR_ENV, IndexUpdate, UpdateSummary, default_cache_dir};

use crate::corpus::{ArticleError, Corpus, ScanError, ScanEvent, ScanOptions, ScanSummary, scan};

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
    let update = IndexUpdate::begin(root, cache_dir)?;
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
    let (index, update) = update.finish(&corpus, !summary.cancelled)?;
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
