//! Saving the store: what a save reports, and a file snapshotted for writing.
//!
//! A save is three steps, so the file I/O can leave the store's lock: the store *snapshots* what
//! to write (a `PendingSave`: the file's contents and the disk state it expects to replace),
//! the snapshot is *written* (`PendingSave::write`: serialise, check the disk, atomic rename;
//! no store access), and the store *records* what was written (clean, conflict or failure).
//! Today [`AnnotationStore::save_dirty`](super::AnnotationStore::save_dirty) runs all three
//! under one `&mut`. Offsets inside the written annotations are chars of each Original.

use std::path::PathBuf;

use super::document::DocKey;
use super::sidecar::{self, CorpusFile, DiskState, SidecarError, SidecarFile};

/// What [`AnnotationStore::save_dirty`](super::AnnotationStore::save_dirty) wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveTarget {
    /// `pizhu.ron`.
    Corpus,
    /// An article's sidecar.
    Document(DocKey),
}

/// The result of saving one file.
#[derive(Debug)]
pub enum SaveOutcome {
    /// Written (or already identical on disk).
    Saved,
    /// Changed on disk by someone else: not written; resolve with
    /// [`AnnotationStore::resolve_conflict`](super::AnnotationStore::resolve_conflict) (or
    /// `resolve_corpus_conflict`).
    Conflict,
    /// Writing failed; the document stays unsaved.
    Failed(SidecarError),
}

/// One file's save result.
#[derive(Debug)]
pub struct SaveReport {
    /// What was saved.
    pub target: SaveTarget,
    /// Where.
    pub path: PathBuf,
    /// How it went.
    pub outcome: SaveOutcome,
}

/// One file the store wants written, snapshotted from it.
#[derive(Debug)]
pub(super) struct PendingSave {
    /// Where.
    pub(super) path: PathBuf,
    /// The file as the store last read or wrote it: if the disk holds anything else, someone
    /// else changed it and the write is refused.
    pub(super) expected: DiskState,
    /// The contents to write.
    pub(super) contents: Contents,
}

/// The contents of a `PendingSave`.
#[derive(Debug)]
pub(super) enum Contents {
    /// An article's sidecar.
    Sidecar(DocKey, SidecarFile),
    /// `pizhu.ron`.
    Corpus(CorpusFile),
}

impl PendingSave {
    /// Writes the file atomically if the disk still holds what the store expects; returns the
    /// new disk state, or [`SidecarError::Conflict`] / [`SidecarError::CorpusConflict`] with
    /// their version. Touches nothing but the file.
    pub(super) fn write(&self) -> Result<DiskState, SidecarError> {
        match &self.contents {
            Contents::Sidecar(_, file) => sidecar::write_sidecar(&self.path, file, &self.expected),
            Contents::Corpus(file) => sidecar::write_corpus_file(&self.path, file, &self.expected),
        }
    }
}
