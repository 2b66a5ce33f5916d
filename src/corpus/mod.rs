//! A folder of articles: scanning, decoding and per-article metadata.
//!
//! [`scan()`] walks a folder and streams [`ScanEvent`]s; [`Corpus::push`] folds them into a
//! [`Corpus`]; [`Article::load`] reads one article's Original. Offsets here are chars of the
//! decoded Original (see [`crate::text`]).
//!
//! - [`scan`](mod@scan): the parallel read/decode/emit pipeline, [`ScanOptions`], [`ScanEvent`],
//!   [`SkipReason`]; its walk of the folder (names and file types only) is in `walk.rs`, also
//!   as a streaming iterator (`Walker`) for the export, which reads each candidate itself with
//!   the scan's rules (`candidate.rs`).
//! - [`natural`]: the natural order of names the walk lists folders in.
//! - [`article`]: reading one article file (shared by the scan and [`Article::load`]).
//! - [`decode`]: bytes → Original text ([`TextEncoding`], [`DecodeError`]).
//! - [`meta`]: title, date, source and counts for the article list ([`ArticleMeta`]).

pub mod article;
pub mod cache;
pub(crate) mod candidate;
pub mod decode;
pub mod meta;
pub mod natural;
pub mod scan;
pub(crate) mod walk;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use serde::Serialize;

pub use article::{Article, ArticleError};
pub use cache::{CachedFile, FileStamp, ReadFile, ScanCache};
pub use decode::{DecodeError, Decoded, TextEncoding};
pub use meta::article_meta;
pub use natural::natural_cmp;
pub(crate) use scan::scan_with_cache_after_walk;
pub use scan::{
    DEFAULT_MAX_FILE_BYTES, ScanError, ScanEvent, ScanOptions, ScanSummary, SkipReason,
    SkippedFile, scan,
};

use crate::text::Script;

/// What the article list shows of one article, computed by the scan (and again by
/// [`ArticleMeta::refreshed`] when the article is read after it changed on disk).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleMeta {
    /// The real path on disk (may not be valid UTF-8).
    pub path: PathBuf,
    /// The path relative to the corpus root, for display (lossy if not UTF-8).
    pub relative: String,
    /// First non-empty line that is neither boilerplate nor appended, as the Clean view shows
    /// it (the line after a masthead such as `簡陽市融媒體中心`); the file name if none.
    pub title: String,
    /// Publication date as written (`2023-12-21`, `2023年12月21日`), normalised to `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Source (`来源:白云时事` → `白云时事`), else the masthead the article opens with.
    pub source: Option<String>,
    /// 简 / 繁 / mixed.
    pub script: Script,
    /// Length of the Original, in chars (what offsets index).
    pub chars: usize,
    /// The article's own text in chars, as the list shows it (`字`): the Clean view without
    /// boilerplate, appended related articles and whitespace ([`meta::text_chars`]).
    pub text_chars: usize,
    /// Size of the file, in bytes.
    pub bytes: u64,
    /// The encoding the file was decoded from.
    pub encoding: TextEncoding,
    /// Inline-pinyin artefacts the Clean view removes.
    pub artefacts_removed: usize,
    /// Characters the crawl lost (shown as U+FFFD in the Clean view).
    pub lost_chars: usize,
}

/// An article's index in its corpus (scan order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ArticleId(pub usize);

/// An opened folder: its articles in scan order, and what was skipped.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    /// The folder.
    pub root: PathBuf,
    /// Articles in natural order of their relative paths; `ArticleId(i)` is `articles[i]`.
    pub articles: Vec<ArticleMeta>,
    /// Files that are not shown, with the reason.
    pub skipped: Vec<SkippedFile>,
}

impl Corpus {
    /// An empty corpus for `root` (filled by a scan).
    pub fn new(root: PathBuf) -> Self {
        Self {
            root,
            ..Self::default()
        }
    }

    /// Scans `root` into a new corpus (blocking; the UI runs [`scan()`] on a worker thread and
    /// folds the events it forwards with [`Corpus::push`]).
    pub fn open(
        root: &Path,
        options: &ScanOptions,
        cancel: &AtomicBool,
    ) -> Result<(Self, ScanSummary), ScanError> {
        let mut corpus = Self::new(root.to_owned());
        let summary = scan(root, options, cancel, |event| corpus.push(event))?;
        Ok((corpus, summary))
    }

    /// Folds one scan event into the corpus (events must come in scan order).
    pub fn push(&mut self, event: ScanEvent) {
        match event {
            ScanEvent::Found(candidates) => self.articles.reserve(candidates),
            ScanEvent::Article(meta) => self.articles.push(meta),
            ScanEvent::Skipped(skipped) => self.skipped.push(skipped),
        }
    }

    /// The metadata of an article.
    pub fn get(&self, id: ArticleId) -> Option<&ArticleMeta> {
        self.articles.get(id.0)
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    /// True when the corpus has no article.
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// Articles with their ids, in scan order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (ArticleId, &ArticleMeta)> {
        self.articles
            .iter()
            .enumerate()
            .map(|(index, meta)| (ArticleId(index), meta))
    }

    /// The article whose path relative to the root is `relative` (as shown, `/`-separated).
    pub fn find_relative(&self, relative: &str) -> Option<ArticleId> {
        self.articles
            .iter()
            .position(|meta| meta.relative == relative)
            .map(ArticleId)
    }

    /// Reads the Original of an article (same decoding and size limit as the scan's default).
    pub fn load(&self, id: ArticleId) -> Option<Result<Article, ArticleError>> {
        self.get(id).map(|meta| Article::load(&meta.path))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    #[test]
    fn push_folds_events_in_order_and_ids_index_articles() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("第2篇.txt"), "第二篇\n正文").unwrap();
        std::fs::write(dir.path().join("第10篇.txt"), "第十篇\n正文").unwrap();
        std::fs::write(dir.path().join("坏.txt"), b"\0\0\x01").unwrap();
        let (corpus, summary) =
            Corpus::open(dir.path(), &ScanOptions::default(), &AtomicBool::new(false)).unwrap();
        assert_eq!((summary.articles, summary.skipped), (2, 1));
        assert_eq!(corpus.len(), 2);
        let titles: Vec<_> = corpus.iter().map(|(_, meta)| meta.title.as_str()).collect();
        assert_eq!(titles, ["第二篇", "第十篇"]);
        assert_eq!(corpus.find_relative("第10篇.txt"), Some(ArticleId(1)));
        assert_eq!(corpus.skipped[0].reason, SkipReason::Binary);
        let article = corpus.load(ArticleId(1)).unwrap().unwrap();
        assert_eq!(article.original(), "第十篇\n正文");
        assert!(corpus.load(ArticleId(2)).is_none());
    }
}
