//! A folder of articles: scanning, decoding and per-article metadata.
//!
//! Offsets here are chars of the decoded Original (see [`crate::text`]).

pub mod article;
pub mod decode;
pub mod scan;

use std::path::PathBuf;

use serde::Serialize;

pub use article::{Article, ArticleError};
pub use decode::{DecodeError, Decoded, TextEncoding};
pub use scan::{ScanError, ScanEvent, ScanOptions, ScanSummary, SkipReason, SkippedFile, scan};

use crate::text::Script;

/// What the article list shows of one article, computed once by the scan.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleMeta {
    /// The real path on disk (may not be valid UTF-8).
    pub path: PathBuf,
    /// The path relative to the corpus root, for display (lossy if not UTF-8).
    pub relative: String,
    /// First non-empty line that is not boilerplate.
    pub title: String,
    /// Publication date as written (`2023-12-21`, `2023年12月21日`), normalised to `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Source (`来源:白云时事` → `白云时事`).
    pub source: Option<String>,
    /// 简 / 繁 / mixed.
    pub script: Script,
    /// Length of the Original, in chars.
    pub chars: usize,
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

    /// The metadata of an article.
    pub fn get(&self, id: ArticleId) -> Option<&ArticleMeta> {
        self.articles.get(id.0)
    }
}
