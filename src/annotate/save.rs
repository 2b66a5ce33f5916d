//! Saving the store in three steps, so no file I/O happens under the store's lock (helix's
//! `save_impl`):
//!
//! 1. **Snapshot** (under the store's lock, cheap): [`AnnotationStore::snapshot`](super::AnnotationStore::snapshot)
//!    (super::AnnotationStore::snapshot) copies what each dirty file should hold, the disk state
//!    it expects to replace, the merge base, and the document's revision into a [`SaveBatch`].
//! 2. **Write** (anywhere, e.g. a worker thread; no store access): [`SaveBatch::write`] takes the
//!    OS [`lock`](super::lock) of the storage root for each file, reads the file, and if it still
//!    holds what the store last saw, replaces it atomically; if someone else changed it, merges
//!    their version three-way ([`merge`](mod@super::merge)) and writes the merge; only a version that
//!    cannot be read (damaged, or from a newer Pizhu) is left alone as a conflict. The lock is
//!    released after the rename.
//! 3. **Record** (under the store's lock, cheap): [`AnnotationStore::record`](super::AnnotationStore::record)
//!    (super::AnnotationStore::record) takes the new disk state and base, adopts a merge, and
//!    marks a document clean only if it was not edited since its snapshot (its revision is
//!    unchanged): edits made during the write stay unsaved.
//!
//! Offsets inside the written annotations are chars of each article's Original text.

use std::path::PathBuf;
use std::time::Duration;

use super::anchor::reanchor;
use super::document::DocKey;
use super::io::SharedIo;
use super::lock::StorageLock;
use super::merge::{MergeReport, merge, merge_corpus};
use super::model::Annotation;
use super::sidecar::{
    self, CorpusFile, DiskState, SidecarError, SidecarFile, corpus_file_to_string, io_error,
    sidecar_to_string,
};
use crate::text::chars::TextIndex;

/// What a save wrote.
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
    /// Someone else had changed the file; their version and ours were merged and the merge was
    /// written (for `pizhu.ron` the report is empty).
    Merged(Box<MergeReport>),
    /// Someone else changed the file into something this version cannot read (damaged, or from a
    /// newer Pizhu): not written; see
    /// [`AnnotationStore::resolve_conflict`](super::AnnotationStore::resolve_conflict).
    Conflict,
    /// Writing failed (or the lock could not be taken); the document stays unsaved.
    Failed(SidecarError),
}

impl SaveOutcome {
    /// The file holds our annotations now (written or merged).
    pub fn is_saved(&self) -> bool {
        matches!(self, Self::Saved | Self::Merged(_))
    }
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

/// The files a store wants written, snapshotted from it (step 1). Holds no reference to the
/// store: write it on any thread, then hand the result back to
/// [`AnnotationStore::record`](super::AnnotationStore::record).
#[derive(Debug)]
pub struct SaveBatch {
    pub(super) io: SharedIo,
    /// The storage root, whose `.pizhu.lock` is taken for each file.
    pub(super) lock_root: PathBuf,
    /// The storage root may be created (the user data folder), else it must exist.
    pub(super) create_folders: bool,
    /// How long to wait for another Pizhu's lock.
    pub(super) lock_wait: Duration,
    /// Sidecars first, `pizhu.ron` last.
    pub(super) files: Vec<PendingSave>,
}

/// One file the store wants written.
#[derive(Debug)]
pub(super) struct PendingSave {
    /// Where.
    pub(super) path: PathBuf,
    /// The file as the store last read or wrote it.
    pub(super) expected: DiskState,
    /// The document's (or tag set's) revision at the snapshot.
    pub(super) revision: u64,
    /// The contents to write.
    pub(super) contents: Contents,
}

/// The contents of a `PendingSave`.
#[derive(Debug)]
pub(super) enum Contents {
    /// An article's sidecar.
    Sidecar {
        /// Which document.
        key: DocKey,
        /// Ours.
        file: SidecarFile,
        /// The annotations as last read or written: the merge base.
        base: Vec<Annotation>,
        /// The article's text, to anchor their annotations when they were written for another
        /// version of it.
        text: TextIndex,
    },
    /// `pizhu.ron`.
    Corpus {
        /// Ours.
        file: CorpusFile,
        /// The file as last read or written (`None`: there was no file).
        base: Option<CorpusFile>,
    },
}

/// A written batch (step 2), to hand to [`AnnotationStore::record`](super::AnnotationStore::record).
#[derive(Debug)]
pub struct WrittenBatch {
    pub(super) files: Vec<WrittenFile>,
}

/// One written file.
#[derive(Debug)]
pub(super) struct WrittenFile {
    pub(super) save: PendingSave,
    pub(super) result: Result<Written, SidecarError>,
}

/// What the disk holds after a successful write.
#[derive(Debug)]
pub(super) struct Written {
    /// The file's new state.
    pub(super) state: DiskState,
    /// Their version was merged in: what was written, and the report.
    pub(super) merged: Option<Merged>,
}

/// A merge that was written.
#[derive(Debug)]
pub(super) enum Merged {
    /// The annotations now on disk.
    Sidecar(Box<MergeReport>),
    /// `pizhu.ron` now on disk.
    Corpus(Box<CorpusFile>),
}

impl SaveBatch {
    /// True when nothing needs writing.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// How many files the batch writes.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Writes every file (step 2). Each file is written under the storage root's OS lock,
    /// taken and released per file so other writers interleave; `held`: the caller already
    /// holds it (the command line takes it before loading) and it is not taken again.
    pub fn write(self, held: Option<&StorageLock>) -> WrittenBatch {
        let Self {
            io,
            lock_root,
            create_folders,
            lock_wait,
            files,
        } = self;
        let files = files
            .into_iter()
            .map(|save| {
                let result = match held {
                    Some(_) => save.write(&*io, create_folders),
                    None => StorageLock::acquire(&lock_root, lock_wait, create_folders)
                        .map_err(SidecarError::from)
                        .and_then(|_lock| save.write(&*io, create_folders)),
                };
                WrittenFile { save, result }
            })
            .collect();
        WrittenBatch { files }
    }
}

impl WrittenBatch {
    /// How many files were written (or merged) successfully.
    pub fn saved(&self) -> usize {
        self.files.iter().filter(|f| f.result.is_ok()).count()
    }
}

impl PendingSave {
    /// Writes the file (the caller holds the lock): ours if the disk still holds what the store
    /// expects, else the merge with theirs; their unreadable version is left alone
    /// ([`SidecarError::Conflict`] / [`SidecarError::CorpusConflict`]).
    fn write(
        &self,
        io: &dyn super::io::SidecarIo,
        create_folders: bool,
    ) -> Result<Written, SidecarError> {
        let path = &self.path;
        let ours = self.serialise()?;
        let current = io.read(path).map_err(|e| io_error(path, e))?;
        let (their_bytes, found) = match current {
            Some((bytes, state)) => (Some(bytes), state),
            None => (None, DiskState::Absent),
        };
        if their_bytes.as_deref() == Some(ours.as_bytes()) {
            // Already on disk (ours, or someone wrote exactly what we were about to).
            return Ok(Written {
                state: found,
                merged: None,
            });
        }
        let unchanged = found.same_content(&self.expected);
        let Some(theirs) = their_bytes.filter(|_| !unchanged) else {
            // Nobody else wrote it; or someone deleted it since: ours is recreated, as a
            // deletion of a whole file cannot be told from a `git checkout` of an old tree,
            // and recreating never loses an annotation.
            let state = self.replace(io, ours.as_bytes(), create_folders)?;
            return Ok(Written {
                state,
                merged: None,
            });
        };
        match &self.contents {
            Contents::Sidecar {
                file, base, text, ..
            } => {
                let mut their_file = sidecar::parse_sidecar(path, &theirs).map_err(|problem| {
                    SidecarError::Conflict {
                        path: path.clone(),
                        problem: Box::new(problem),
                        found: found.clone(),
                    }
                })?;
                if their_file.document.fingerprint != file.document.fingerprint
                    || their_file.document.chars != file.document.chars
                {
                    // Written for another version of the article: find theirs in ours.
                    for annotation in &mut their_file.annotations {
                        reanchor(text, annotation);
                    }
                }
                let report = merge(base, &file.annotations, &their_file.annotations);
                let merged = SidecarFile {
                    version: file.version,
                    document: file.document.clone(),
                    annotations: report.annotations.clone(),
                };
                let bytes = sidecar_to_string(&merged, path)?;
                let state = if bytes.as_bytes() == theirs.as_slice() {
                    found
                } else {
                    self.replace(io, bytes.as_bytes(), create_folders)?
                };
                Ok(Written {
                    state,
                    merged: Some(Merged::Sidecar(Box::new(report))),
                })
            }
            Contents::Corpus { file, base } => {
                let their_file = sidecar::parse_corpus_file(path, &theirs).map_err(|problem| {
                    SidecarError::CorpusConflict {
                        path: path.clone(),
                        problem: Box::new(problem),
                        found: found.clone(),
                    }
                })?;
                let merged = merge_corpus(base.as_ref(), file, &their_file);
                let bytes = corpus_file_to_string(&merged, path)?;
                let state = if bytes.as_bytes() == theirs.as_slice() {
                    found
                } else {
                    self.replace(io, bytes.as_bytes(), create_folders)?
                };
                Ok(Written {
                    state,
                    merged: Some(Merged::Corpus(Box::new(merged))),
                })
            }
        }
    }

    fn serialise(&self) -> Result<String, SidecarError> {
        match &self.contents {
            Contents::Sidecar { file, .. } => sidecar_to_string(file, &self.path),
            Contents::Corpus { file, .. } => corpus_file_to_string(file, &self.path),
        }
    }

    /// Atomically replaces the file; in the user data folder its mirror folders are created.
    fn replace(
        &self,
        io: &dyn super::io::SidecarIo,
        bytes: &[u8],
        create_folders: bool,
    ) -> Result<DiskState, SidecarError> {
        if create_folders && let Some(parent) = self.path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
        }
        io.write_atomic(&self.path, bytes)
            .map_err(|e| io_error(&self.path, e))
    }
}
