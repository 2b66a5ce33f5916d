//! The errors the window reports. Each keeps the error it came from, typed, until the status bar
//! shows it: the app renders it there once and logs it once (`log::warn!`).

use std::io;
use std::path::PathBuf;

use super::annotations::SaveProblem;
use super::i18n::{Status as S, tr, trf};
use crate::annotate::StoreError;
use crate::corpus::{ArticleError, ScanError};

/// Something the window could not do; nothing was lost.
#[derive(Debug, thiserror::Error)]
pub enum UiError {
    /// The scan's worker thread could not be started.
    #[error("Cannot scan {}: {source}", folder.display())]
    StartScan {
        /// The folder to scan.
        folder: PathBuf,
        /// Why the thread did not start.
        source: io::Error,
    },
    /// The scan could not read the folder; the folder open before stays.
    #[error("{0}. The current folder stays open.")]
    Scan(ScanError),
    /// The article's loading thread could not be started.
    #[error("Cannot open the article: {0}")]
    StartLoad(io::Error),
    /// The article could not be read or decoded.
    #[error(transparent)]
    Load(ArticleError),
    /// The folder's annotations could not be opened (the folder is shown without them).
    #[error("Annotations are unavailable: {0}")]
    OpenStore(StoreError),
    /// The article's annotations could not be opened.
    #[error("Cannot open annotations: {0}")]
    OpenAnnotations(StoreError),
    /// An edit came for an article whose annotations are not open.
    #[error("This article's annotations are not open.")]
    NotOpen,
    /// The store refused an edit, an undo or redo, a tag change or a conflict resolution.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A save did not write its file.
    #[error(transparent)]
    Save(#[from] SaveProblem),
    /// The "tag all" search's thread could not be started.
    #[error("Cannot search the folder: {0}")]
    StartSearch(io::Error),
    /// The "tag all" thread that builds the annotations could not be started.
    #[error("cannot start: {0}")]
    StartTagging(io::Error),

    // Corpus search (issue 13).
    /// The folder's search index could not be built or opened.
    #[error("Full-text search is unavailable for this folder: {0}")]
    Index(crate::search::SearchError),
    /// The hits could not be exported; nothing was written.
    #[error(transparent)]
    ExportHits(crate::ui::corpus_search::ExportError),
    /// The thread that exports the hits could not be started; nothing was written.
    #[error("Cannot start exporting the hits ({0}); nothing was written.")]
    StartExport(io::Error),
}

impl UiError {
    /// The sentence the status bar shows, in the current language: a translated lead before
    /// the core error, which stays English (UI thread only).
    pub fn message(&self) -> String {
        match self {
            Self::StartScan { folder, source } => trf(
                S::CannotScan,
                &[("folder", &folder.display()), ("error", source)],
            ),
            Self::Scan(error) => trf(S::ScanFailed, &[("error", error)]),
            Self::StartLoad(error) => trf(S::CannotOpenArticle, &[("error", error)]),
            Self::OpenStore(error) => trf(S::StoreUnavailable, &[("error", error)]),
            Self::OpenAnnotations(error) => trf(S::CannotOpenAnnotations, &[("error", error)]),
            Self::NotOpen => tr(S::NotOpen).to_owned(),
            Self::Save(problem) => problem.message(),
            Self::StartSearch(error) => trf(S::CannotSearch, &[("error", error)]),
            Self::StartTagging(error) => trf(S::CannotStart, &[("error", error)]),
            Self::Index(error) => trf(S::NoIndex, &[("error", error)]),
            Self::StartExport(error) => trf(S::CannotStartExport, &[("error", error)]),
            Self::Load(_) | Self::Store(_) | Self::ExportHits(_) => self.to_string(),
        }
    }
}

/// Why [`run`](super::run) could not show the window.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The folder to open is not a folder.
    #[error("{} is not a folder", .0.display())]
    NotAFolder(PathBuf),
    /// eframe could not open the window (no display, no graphics driver…).
    #[error("cannot open the window: {0}")]
    Window(#[from] eframe::Error),
}
