//! Saving the store: the three steps of a save ([`AnnotationStore::snapshot`] under the store's
//! lock, [`SaveBatch::write`](crate::annotate::SaveBatch::write) anywhere, [`AnnotationStore::record`] under the lock again), the
//! all-at-once [`AnnotationStore::save_dirty`] of the command line, the move to the user data
//! folder when the corpus folder refuses writes, and the rescue copies made on exit.
//!
//! Offsets are not touched here: the annotations are saved as they are (chars of each
//! article's Original text).

use std::path::{Path, PathBuf};

use super::AnnotationStore;
use crate::annotate::conflict::{CorpusConflict, PendingConflict};
use crate::annotate::document::DocKey;
use crate::annotate::location::StorageLocation;
use crate::annotate::lock::StorageLock;
use crate::annotate::merge::{merge, merge_corpus};
use crate::annotate::save::{
    Contents, Merged, PendingSave, SaveBatch, SaveOutcome, SaveReport, SaveTarget, WrittenBatch,
};
use crate::annotate::sidecar::{self, CorpusFile, DiskState, SidecarError};

impl AnnotationStore {
    /// Writes every dirty sidecar (and `pizhu.ron` if needed) now: the three steps of a save
    /// ([`snapshot`](Self::snapshot), [`SaveBatch::write`](crate::annotate::SaveBatch::write), [`record`](Self::record)) on this
    /// thread, taking the storage root's OS lock for each file. One report per file it tried.
    ///
    /// A dirty document with no annotations and no file on disk needs no file and is just
    /// marked clean. When the last annotation of an article is deleted, its sidecar is
    /// rewritten with an empty list rather than deleted (a deletion would lose the fingerprint
    /// and could not be merged). The first sidecar saved also writes `pizhu.ron`, so the tag
    /// ids it uses are defined beside it.
    pub fn save_dirty(&mut self) -> Vec<SaveReport> {
        let batch = self.snapshot();
        let written = batch.write(None);
        self.record(written)
    }

    /// [`save_dirty`](Self::save_dirty) while the caller holds the storage root's lock (taken
    /// with [`lock_storage`](Self::lock_storage) before loading).
    pub fn save_dirty_locked(&mut self, lock: &StorageLock) -> Vec<SaveReport> {
        let batch = self.snapshot();
        let written = batch.write(Some(lock));
        self.record(written)
    }

    /// Step 1 of a save: snapshots every dirty, writable document that needs a file, then
    /// `pizhu.ron` if it is dirty or does not exist yet while sidecars are written. Cheap (copies
    /// annotations, no I/O); a document with no annotations, no file and nothing read from
    /// elsewhere is marked clean instead.
    pub fn snapshot(&mut self) -> SaveBatch {
        let mut files = Vec::new();
        for (key, doc) in &mut self.docs {
            if !doc.dirty || doc.load_error.is_some() {
                continue;
            }
            if doc.disk == DiskState::Absent && doc.annotations.is_empty() && doc.base.is_empty() {
                doc.dirty = false;
                continue;
            }
            files.push(PendingSave {
                path: doc.sidecar_path.clone(),
                expected: doc.disk.clone(),
                revision: doc.revision,
                contents: Contents::Sidecar {
                    key: key.clone(),
                    file: doc.sidecar_file(),
                    base: doc.base.clone(),
                    text: doc.text.clone(),
                },
            });
        }
        let corpus_needed =
            self.corpus_dirty || (self.corpus_disk == DiskState::Absent && !files.is_empty());
        if corpus_needed && self.corpus_error.is_none() {
            files.push(PendingSave {
                path: self.location.corpus_file_path(),
                expected: self.corpus_disk.clone(),
                revision: self.corpus_revision,
                contents: Contents::Corpus {
                    file: self.corpus.clone(),
                    base: self.corpus_base.clone(),
                },
            });
        }
        SaveBatch {
            io: self.io.clone(),
            lock_root: self.location.sidecar_root().to_owned(),
            create_folders: self.location.creates_folders(),
            lock_wait: self.lock_wait,
            files,
        }
    }

    /// Step 3 of a save: records what writing a batch did. A written file gives its document
    /// the new disk state and merge base; the document is clean unless it was edited after its
    /// snapshot. A merge is adopted (our edits since the snapshot merged on top), and undo steps
    /// of ids their side changed are forgotten. A conflict waits for
    /// [`resolve_conflict`](Self::resolve_conflict); a failure leaves the document unsaved.
    pub fn record(&mut self, written: WrittenBatch) -> Vec<SaveReport> {
        let mut reports = Vec::with_capacity(written.files.len());
        for file in written.files {
            let PendingSave {
                path,
                revision,
                contents,
                ..
            } = file.save;
            let result = file.result;
            let (target, outcome) = match contents {
                Contents::Sidecar { key, file, .. } => {
                    let outcome = self.record_document(&key, revision, file, result);
                    (SaveTarget::Document(key), outcome)
                }
                Contents::Corpus { file, .. } => (
                    SaveTarget::Corpus,
                    self.record_corpus(revision, file, result),
                ),
            };
            reports.push(SaveReport {
                target,
                path,
                outcome,
            });
        }
        reports
    }

    fn record_document(
        &mut self,
        key: &DocKey,
        revision: u64,
        written_file: sidecar::SidecarFile,
        result: Result<crate::annotate::save::Written, SidecarError>,
    ) -> SaveOutcome {
        let written = match result {
            Ok(written) => written,
            Err(SidecarError::Conflict { problem, found, .. }) => {
                if let Some(doc) = self.docs.get_mut(key) {
                    doc.conflict = Some(PendingConflict::new(found, &problem));
                }
                return SaveOutcome::Conflict;
            }
            Err(e) => return SaveOutcome::Failed(e),
        };
        let Some(doc) = self.docs.get_mut(key) else {
            return match written.merged {
                Some(Merged::Sidecar(report)) => SaveOutcome::Merged(report),
                _ => SaveOutcome::Saved,
            };
        };
        doc.disk = written.state;
        doc.conflict = None;
        doc.loaded_header = Some(written_file.document);
        match written.merged {
            Some(Merged::Sidecar(report)) => {
                let on_disk = report.annotations.clone();
                doc.annotations = if doc.revision == revision {
                    on_disk.clone()
                } else {
                    // Edited during the write: our edits since the snapshot, on top of the merge.
                    merge(&written_file.annotations, &doc.annotations, &on_disk).annotations
                };
                doc.reanchor_all();
                doc.revision += 1;
                doc.dirty = doc.annotations != on_disk;
                doc.base = on_disk;
                if !report.changed_by_theirs.is_empty() {
                    // Steps recorded against annotations they changed or deleted may not apply.
                    self.history.forget(key);
                }
                SaveOutcome::Merged(report)
            }
            _ => {
                doc.base = written_file.annotations;
                if doc.revision == revision {
                    doc.dirty = false;
                }
                SaveOutcome::Saved
            }
        }
    }

    fn record_corpus(
        &mut self,
        revision: u64,
        written_file: CorpusFile,
        result: Result<crate::annotate::save::Written, SidecarError>,
    ) -> SaveOutcome {
        let written = match result {
            Ok(written) => written,
            Err(SidecarError::CorpusConflict { problem, found, .. }) => {
                self.corpus_conflict = Some(CorpusConflict {
                    pending: PendingConflict::new(found, &problem),
                });
                return SaveOutcome::Conflict;
            }
            Err(e) => return SaveOutcome::Failed(e),
        };
        self.corpus_disk = written.state;
        self.corpus_conflict = None;
        let on_disk = match written.merged {
            Some(Merged::Corpus(merged)) => {
                // Their changes, with ours made since the snapshot merged on top.
                self.corpus = if self.corpus_revision == revision {
                    (*merged).clone()
                } else {
                    merge_corpus(Some(&written_file), &self.corpus, &merged)
                };
                self.corpus_revision += 1;
                *merged
            }
            _ => written_file,
        };
        self.corpus_dirty = self.corpus != on_disk;
        self.corpus_base = Some(on_disk);
        SaveOutcome::Saved
    }

    /// Moves this corpus's annotation files to the user data folder `data_dir` (when the corpus
    /// folder cannot be written: removed, full, read-only). Touches no file: every unsaved
    /// document, and `pizhu.ron`, are written there by the next save; saved documents stay
    /// where they are and are read from there until they change. Once `pizhu.ron` is in the
    /// data folder, [`StorageLocation::resolve`] keeps choosing it.
    pub fn move_to_data_dir(&mut self, data_dir: &Path) {
        if !self.location.creates_folders() {
            self.location = StorageLocation::in_data_dir(self.location.corpus_root(), data_dir);
        }
        for (key, doc) in &mut self.docs {
            doc.sidecar_path = self.location.sidecar_path(key.path());
            doc.disk = DiskState::Absent;
            if doc.conflict.take().is_some() {
                doc.dirty = true;
            }
        }
        self.corpus_disk = DiskState::Absent;
        self.corpus_conflict = None;
        if self.corpus_error.is_none() {
            self.corpus_dirty = true;
            self.corpus_revision += 1;
        }
    }

    /// The last resort before the window closes: every document still unsaved (its file cannot
    /// be read, or the disk refuses it) is written as a copy beside its sidecar,
    /// `<file>.unsaved-<time>.annotations.ron` (a name the folder scan skips and no article
    /// owns), or failing that under `data_dir/rescued/<corpus key>/`. The documents stay unsaved;
    /// nothing else is touched. Returns, per document, where its copy went or why it could not
    /// be written anywhere.
    pub fn rescue_unsaved(
        &self,
        data_dir: Option<&Path>,
    ) -> Vec<(DocKey, Result<PathBuf, SidecarError>)> {
        let stamp: String = crate::annotate::model::now_rfc3339()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let mut reports = Vec::new();
        for (key, doc) in &self.docs {
            if !doc.dirty || doc.load_error.is_some() {
                continue;
            }
            let name = format!("{}.unsaved-{stamp}.annotations.ron", doc.file_name);
            let beside = doc.sidecar_path.with_file_name(&name);
            let rescued = data_dir.map(|data| {
                data.join("rescued")
                    .join(crate::annotate::location::corpus_key(
                        self.location.corpus_root(),
                    ))
                    .join(key.path())
                    .with_file_name(&name)
            });
            let file = doc.sidecar_file();
            let write = |path: &Path, create: bool| -> Result<PathBuf, SidecarError> {
                let text = sidecar::sidecar_to_string(&file, path)?;
                if create && let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| sidecar::io_error(parent, e))?;
                }
                self.io
                    .write_atomic(path, text.as_bytes())
                    .map_err(|e| sidecar::io_error(path, e))?;
                Ok(path.to_owned())
            };
            let result = match (write(&beside, false), rescued) {
                (Ok(path), _) => Ok(path),
                (Err(_), Some(elsewhere)) => write(&elsewhere, true),
                (Err(e), None) => Err(e),
            };
            reports.push((key.clone(), result));
        }
        reports
    }
}
