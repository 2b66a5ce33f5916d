//! `AnnotationStore`: the annotations of one corpus in memory and the only way to change them:
//! opening and closing documents, edit/undo/redo dispatch, saving, queries and the tag set.
//!
//! All offsets are chars (code points) of each article's Original text. The parts live beside
//! this file: one opened article is a [`Document`](super::document) (its text, annotations in
//! reading order, anchors and status), the undo and redo stacks are an [`UndoHistory`], a file
//! changed on disk by someone else is a [conflict](super::conflict), and the steps of writing a
//! file are in [`save`](super::save).
//!
//! Life of an edit: the UI builds an [`Edit`], [`AnnotationStore::edit`] applies it and records
//! its inverse in the [`UndoHistory`]; the document becomes dirty; the UI calls
//! [`AnnotationStore::save_dirty`] (debounced, and on exit), which writes each dirty sidecar
//! atomically unless it changed on disk ([`SaveOutcome::Conflict`]; then
//! [`AnnotationStore::resolve_conflict`]). A sidecar that failed to load makes its document
//! read-only: every edit is refused and the file is never written.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::anchor::AnchorState;
use super::conflict::{CorpusConflict, PendingConflict, Resolution};
use super::document::{AnchorSummary, DocKey, DocStatus, Document, Edit};
use super::history::{Stack, UndoHistory};
use super::location::StorageLocation;
use super::merge::MergeReport;
use super::model::{Annotation, AnnotationId, ModelError};
use super::save::{Contents, PendingSave, SaveOutcome, SaveReport, SaveTarget};
use super::sidecar::{self, CorpusFile, CorpusSettings, DiskState, SidecarError};
use super::tags::{Tag, TagError, TagId, TagSet};
use crate::text::chars::{TextIndex, find_occurrences};

/// Why a store operation was refused.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The document is not open in the store.
    #[error("{0} is not open")]
    NotOpen(DocKey),
    /// The path is not inside the corpus.
    #[error("{} is not inside the corpus folder", .0.display())]
    OutsideCorpus(PathBuf),
    /// The sidecar failed to load; the document is read-only until it is fixed and reloaded.
    #[error("annotations of {0} are read-only: their file could not be read")]
    ReadOnly(DocKey),
    /// `pizhu.ron` failed to load; the tag set is read-only.
    #[error("the tag set is read-only: pizhu.ron could not be read")]
    ReadOnlyCorpus,
    /// No annotation has this id in the document.
    #[error("no annotation {0}")]
    UnknownAnnotation(AnnotationId),
    /// An annotation with this id already exists in the document.
    #[error("annotation {0} already exists")]
    DuplicateId(AnnotationId),
    /// The range is empty or outside the text.
    #[error(transparent)]
    Range(#[from] ModelError),
    /// A tag-set edit was refused.
    #[error(transparent)]
    Tag(#[from] TagError),
    /// The tag is used by annotations of open documents; remove with `force` to keep them
    /// (they show as an unknown tag until a tag with that id exists again).
    #[error("tag {id} is used by {uses} annotations")]
    TagInUse {
        /// The tag.
        id: TagId,
        /// Annotations of open documents that use it.
        uses: usize,
    },
    /// There is no conflict to resolve.
    #[error("{0} has no conflict to resolve")]
    NoConflict(DocKey),
    /// The file on disk does not parse, so it cannot be merged or taken.
    #[error("{} cannot be parsed, so it cannot be merged; fix it or keep ours", .0.display())]
    TheirsUnreadable(PathBuf),
    /// The document has unsaved changes (save or undo them first).
    #[error("{0} has unsaved changes")]
    Unsaved(DocKey),
    /// Deciding where annotations live failed.
    #[error(transparent)]
    Sidecar(#[from] SidecarError),
}

/// What opening a document found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenReport {
    /// The document's key.
    pub key: DocKey,
    /// How its annotations anchored.
    pub summary: AnchorSummary,
    /// The sidecar failed to load (see [`AnnotationStore::load_error`]).
    pub read_only: bool,
    /// Re-anchoring changed offsets or context: the document is unsaved.
    pub changed: bool,
}

/// The annotations of one corpus. See the module docs.
#[derive(Debug)]
pub struct AnnotationStore {
    location: StorageLocation,
    corpus: CorpusFile,
    corpus_disk: DiskState,
    corpus_dirty: bool,
    corpus_error: Option<SidecarError>,
    corpus_conflict: Option<CorpusConflict>,
    docs: BTreeMap<DocKey, Document>,
    history: UndoHistory,
}

impl AnnotationStore {
    /// The store of the corpus at `corpus_root`: decides where files live
    /// ([`StorageLocation::resolve`]) and loads `pizhu.ron` (defaults when there is none).
    pub fn open(corpus_root: &Path) -> Result<Self, StoreError> {
        Ok(Self::with_location(StorageLocation::resolve(corpus_root)?))
    }

    /// The store for an explicit location. A `pizhu.ron` that fails to load leaves the default
    /// tags in memory and the tag set read-only ([`AnnotationStore::corpus_load_error`]).
    pub fn with_location(location: StorageLocation) -> Self {
        let mut store = Self {
            corpus: CorpusFile::default(),
            corpus_disk: DiskState::Absent,
            corpus_dirty: false,
            corpus_error: None,
            corpus_conflict: None,
            docs: BTreeMap::new(),
            history: UndoHistory::default(),
            location,
        };
        let path = store.location.corpus_file_path();
        match sidecar::read_corpus_file(&path) {
            Ok(Some(loaded)) => {
                store.corpus = loaded.value;
                store.corpus_disk = loaded.state;
            }
            Ok(None) => {
                if let Some(fallback) = store.location.fallback_corpus_file_path() {
                    match sidecar::read_corpus_file(&fallback) {
                        Ok(Some(loaded)) => store.corpus = loaded.value,
                        Ok(None) => {}
                        Err(e) => store.corpus_error = Some(e),
                    }
                }
            }
            Err(e) => store.corpus_error = Some(e),
        }
        store
    }

    /// Where this corpus's files live.
    pub fn location(&self) -> &StorageLocation {
        &self.location
    }

    /// The key of an article path (absolute under the corpus root, or relative to it).
    pub fn key_for(&self, article_path: &Path) -> Result<DocKey, StoreError> {
        if article_path.is_relative() {
            return DocKey::new(article_path);
        }
        let root = self.location.corpus_root();
        if let Ok(relative) = article_path.strip_prefix(root) {
            return DocKey::new(relative);
        }
        // The root or the path may be spelled differently (symlinks, `..`): compare real paths.
        let canonical = |p: &Path| std::fs::canonicalize(p).ok();
        if let (Some(root), Some(path)) = (canonical(root), canonical(article_path))
            && let Ok(relative) = path.strip_prefix(&root)
        {
            return DocKey::new(relative);
        }
        Err(StoreError::OutsideCorpus(article_path.to_owned()))
    }

    /// Opens an article's annotations: reads its sidecar (or, for a read-only corpus, the one
    /// shipped beside it), and anchors every annotation in `original`.
    ///
    /// A sidecar that fails to load does not fail this call: the document opens read-only and
    /// the error is kept ([`AnnotationStore::load_error`]). Opening an open document again with
    /// a different text (the article was reloaded) re-anchors its annotations in memory and
    /// forgets its undo steps; with the same text it changes nothing.
    ///
    /// When the article changed since the sidecar was written, the document becomes unsaved so
    /// the next save records the new fingerprint and offsets (orphans keep their old ones).
    pub fn open_document(
        &mut self,
        article_path: &Path,
        original: impl Into<Arc<str>>,
    ) -> Result<OpenReport, StoreError> {
        let key = self.key_for(article_path)?;
        let text = TextIndex::new(original);
        if let Some(doc) = self.docs.get_mut(&key) {
            let mut changed = false;
            if doc.text.text() != text.text() {
                doc.text = text;
                changed = doc.reanchor_all();
                doc.dirty |= changed;
                self.history.forget(&key);
            }
            return Ok(OpenReport {
                summary: doc.summary(),
                read_only: doc.load_error.is_some(),
                changed,
                key,
            });
        }
        let doc = self.load_document(&key, text);
        let report = OpenReport {
            key: key.clone(),
            summary: doc.summary(),
            read_only: doc.load_error.is_some(),
            changed: doc.dirty,
        };
        self.docs.insert(key, doc);
        Ok(report)
    }

    fn load_document(&self, key: &DocKey, text: TextIndex) -> Document {
        let mut doc = Document::new(key, self.location.sidecar_path(key.path()), text);
        let loaded = match sidecar::read_sidecar(&doc.sidecar_path) {
            Ok(Some(loaded)) => Ok(Some((loaded.value, loaded.state))),
            Ok(None) => match self.location.fallback_sidecar_path(key.path()) {
                // A shipped sidecar is read, but ours does not exist yet: expect it absent.
                Some(fallback) => sidecar::read_sidecar(&fallback)
                    .map(|found| found.map(|loaded| (loaded.value, DiskState::Absent))),
                None => Ok(None),
            },
            Err(e) => Err(e),
        };
        match loaded {
            Ok(Some((file, state))) => doc.adopt(file, state),
            Ok(None) => {}
            Err(e) => doc.load_error = Some(e),
        }
        doc
    }

    /// Re-reads a document's sidecar from disk (e.g. after the user fixed a corrupt file).
    /// Refused while it has unsaved changes. Forgets its undo steps.
    pub fn reload(&mut self, key: &DocKey) -> Result<OpenReport, StoreError> {
        let doc = self.doc(key)?;
        if doc.dirty {
            return Err(StoreError::Unsaved(key.clone()));
        }
        let text = doc.text.shared_text();
        self.docs.remove(key);
        self.history.forget(key);
        self.open_document(key.path(), text)
    }

    /// Closes a document. Refused while it has unsaved changes. Forgets its undo steps.
    pub fn close_document(&mut self, key: &DocKey) -> Result<(), StoreError> {
        if self.doc(key)?.dirty {
            return Err(StoreError::Unsaved(key.clone()));
        }
        self.docs.remove(key);
        self.history.forget(key);
        Ok(())
    }

    fn doc(&self, key: &DocKey) -> Result<&Document, StoreError> {
        self.docs
            .get(key)
            .ok_or_else(|| StoreError::NotOpen(key.clone()))
    }

    fn doc_mut(&mut self, key: &DocKey) -> Result<&mut Document, StoreError> {
        self.docs
            .get_mut(key)
            .ok_or_else(|| StoreError::NotOpen(key.clone()))
    }

    /// Applies an edit to a document without recording it; returns its inverse. A failed edit
    /// (including any part of a batch) changes nothing.
    pub fn apply(&mut self, key: &DocKey, edit: Edit) -> Result<Edit, StoreError> {
        let doc = self.doc_mut(key)?;
        if doc.load_error.is_some() {
            return Err(StoreError::ReadOnly(key.clone()));
        }
        let inverse = doc.apply(edit)?;
        doc.dirty = true;
        Ok(inverse)
    }

    /// Applies an edit and records it as one undo step.
    pub fn edit(&mut self, key: &DocKey, edit: Edit) -> Result<(), StoreError> {
        let inverse = self.apply(key, edit)?;
        self.history.record(key.clone(), inverse);
        Ok(())
    }

    /// Applies edits to several documents as one undo step; all or nothing.
    pub fn edit_many(&mut self, edits: Vec<(DocKey, Edit)>) -> Result<(), StoreError> {
        let mut inverses: Vec<(DocKey, Edit)> = Vec::with_capacity(edits.len());
        for (key, edit) in edits {
            match self.apply(&key, edit) {
                Ok(inverse) => inverses.push((key, inverse)),
                Err(error) => {
                    self.roll_back(inverses);
                    return Err(error);
                }
            }
        }
        if !inverses.is_empty() {
            self.history.record_group(inverses);
        }
        Ok(())
    }

    /// Undoes applied edits (given as their inverses, in the order they were applied).
    fn roll_back(&mut self, inverses: Vec<(DocKey, Edit)>) {
        for (key, inverse) in inverses.into_iter().rev() {
            if let Err(error) = self.apply(&key, inverse) {
                log::warn!("could not roll back an edit of {key}: {error}");
            }
        }
    }

    /// Undoes the last step; returns a document it changed (`None`: nothing to undo). On
    /// error the step stays on the stack and nothing changes.
    pub fn undo(&mut self) -> Result<Option<DocKey>, StoreError> {
        self.replay(true)
    }

    /// Redoes the last undone step; returns a document it changed (`None`: nothing to redo).
    pub fn redo(&mut self) -> Result<Option<DocKey>, StoreError> {
        self.replay(false)
    }

    /// Applies the newest step of the undo (or redo) stack and moves its inverse to the other.
    fn replay(&mut self, undo: bool) -> Result<Option<DocKey>, StoreError> {
        let from = if undo { Stack::Undo } else { Stack::Redo };
        let step = self.history.pop_step(from);
        let Some(first) = step.first().map(|e| e.doc.clone()) else {
            return Ok(None);
        };
        let mut done: Vec<(DocKey, Edit)> = Vec::with_capacity(step.len());
        let mut failure = None;
        for entry in &step {
            match self.apply(&entry.doc, entry.edit.clone()) {
                Ok(inverse) => done.push((entry.doc.clone(), inverse)),
                Err(error) => {
                    failure = Some(error);
                    break;
                }
            }
        }
        let group = step[0].group;
        if let Some(error) = failure {
            self.roll_back(done);
            self.history.put_back(from, step);
            return Err(error);
        }
        self.history.push_replayed(from.other(), done, group);
        Ok(Some(first))
    }

    /// The undo history (for enabling buttons).
    pub fn history(&self) -> &UndoHistory {
        &self.history
    }

    /// Tags every occurrence of `needle` in the document ([`find_occurrences`]) that has no
    /// annotation with that exact range and tag yet, as one undo step. Returns how many were
    /// created.
    pub fn tag_all_occurrences(
        &mut self,
        key: &DocKey,
        needle: &str,
        tag: Option<TagId>,
    ) -> Result<usize, StoreError> {
        let doc = self.doc(key)?;
        let mut creates = Vec::new();
        for range in find_occurrences(doc.text.text(), needle) {
            let exists = doc
                .annotations
                .iter()
                .any(|a| a.range() == range && a.tag == tag);
            if !exists {
                let annotation = Annotation::new_in(&doc.text, range, tag.clone(), "")?;
                creates.push(Edit::Create(annotation));
            }
        }
        let count = creates.len();
        if count > 0 {
            self.edit(key, Edit::Batch(creates))?;
        }
        Ok(count)
    }

    /// Writes every dirty sidecar (and `pizhu.ron` if dirty) atomically; one report per file
    /// it tried. A dirty document with no annotations and no file on disk needs no file and is
    /// just marked clean. When the last annotation of an article is deleted, its sidecar is
    /// rewritten with an empty list rather than deleted (a deletion could not be checked for
    /// conflicts and would lose the fingerprint). The first sidecar saved also writes
    /// `pizhu.ron`, so the tag ids it uses are defined beside it.
    pub fn save_dirty(&mut self) -> Vec<SaveReport> {
        let mut reports = Vec::new();
        for save in self.snapshot_documents() {
            let written = save.write();
            reports.push(self.record_save(save, written));
        }
        // After the sidecars: saving the first one makes `pizhu.ron` dirty.
        if let Some(save) = self.snapshot_corpus() {
            let written = save.write();
            reports.push(self.record_save(save, written));
        }
        reports
    }

    /// Snapshots every dirty, writable document that needs a file. One with no annotations and
    /// no file on disk is marked clean instead.
    fn snapshot_documents(&mut self) -> Vec<PendingSave> {
        let mut saves = Vec::new();
        for (key, doc) in &mut self.docs {
            if !doc.dirty || doc.load_error.is_some() {
                continue;
            }
            if doc.disk == DiskState::Absent && doc.annotations.is_empty() {
                doc.dirty = false;
                continue;
            }
            saves.push(PendingSave {
                path: doc.sidecar_path.clone(),
                expected: doc.disk.clone(),
                contents: Contents::Sidecar(key.clone(), doc.sidecar_file()),
            });
        }
        saves
    }

    /// Snapshots `pizhu.ron` if it is dirty and loaded without error.
    fn snapshot_corpus(&self) -> Option<PendingSave> {
        (self.corpus_dirty && self.corpus_error.is_none()).then(|| PendingSave {
            path: self.location.corpus_file_path(),
            expected: self.corpus_disk.clone(),
            contents: Contents::Corpus(self.corpus.clone()),
        })
    }

    /// Records what writing a snapshot did: written (clean, with the new disk state), a
    /// conflict to resolve, or a failure (still unsaved).
    ///
    /// The write runs right after the snapshot today, so the document still holds what was
    /// written. Once writes leave the store's lock (issue 9), this is where a document edited
    /// in between must stay dirty.
    fn record_save(
        &mut self,
        save: PendingSave,
        written: Result<DiskState, SidecarError>,
    ) -> SaveReport {
        let PendingSave { path, contents, .. } = save;
        let (target, outcome) = match contents {
            Contents::Sidecar(key, file) => {
                let doc = self.docs.get_mut(&key);
                let outcome = match written {
                    Ok(state) => {
                        if let Some(doc) = doc {
                            doc.disk = state;
                            doc.dirty = false;
                            doc.conflict = None;
                            doc.loaded_header = Some(file.document);
                        }
                        if self.corpus_disk == DiskState::Absent {
                            self.corpus_dirty = true;
                        }
                        SaveOutcome::Saved
                    }
                    Err(SidecarError::Conflict { theirs, found, .. }) => {
                        if let Some(doc) = doc {
                            doc.conflict = Some(PendingConflict {
                                theirs: theirs.map(|t| *t),
                                found,
                            });
                        }
                        SaveOutcome::Conflict
                    }
                    Err(e) => SaveOutcome::Failed(e),
                };
                (SaveTarget::Document(key), outcome)
            }
            Contents::Corpus(_) => {
                let outcome = match written {
                    Ok(state) => {
                        self.corpus_disk = state;
                        self.corpus_dirty = false;
                        self.corpus_conflict = None;
                        SaveOutcome::Saved
                    }
                    Err(SidecarError::CorpusConflict { theirs, found, .. }) => {
                        self.corpus_conflict = Some(CorpusConflict {
                            theirs: theirs.map(|t| *t),
                            found,
                        });
                        SaveOutcome::Conflict
                    }
                    Err(e) => SaveOutcome::Failed(e),
                };
                (SaveTarget::Corpus, outcome)
            }
        };
        SaveReport {
            target,
            path,
            outcome,
        }
    }

    /// Resolves a document's save conflict. `Merge` returns the merge report. Afterwards the
    /// document is unsaved (except after `TakeTheirs` with nothing to re-anchor) and its undo
    /// steps are forgotten when its annotations were replaced.
    pub fn resolve_conflict(
        &mut self,
        key: &DocKey,
        how: Resolution,
    ) -> Result<Option<MergeReport>, StoreError> {
        let doc = self.doc_mut(key)?;
        let Some(conflict) = doc.conflict.take() else {
            return Err(StoreError::NoConflict(key.clone()));
        };
        let report = doc.resolve(conflict, how)?;
        if how != Resolution::KeepOurs {
            self.history.forget(key);
        }
        Ok(report)
    }

    // ---- queries ----

    /// Keys of the open documents, sorted.
    pub fn documents(&self) -> impl Iterator<Item = &DocKey> {
        self.docs.keys()
    }

    /// Is the document open?
    pub fn is_open(&self, key: &DocKey) -> bool {
        self.docs.contains_key(key)
    }

    /// The document's Original text, indexed.
    pub fn text(&self, key: &DocKey) -> Option<&TextIndex> {
        self.docs.get(key).map(|d| &d.text)
    }

    /// The document's annotations in reading order (start, end, id), orphans included at
    /// their old offsets; empty when the document is not open.
    pub fn annotations(&self, key: &DocKey) -> &[Annotation] {
        self.docs.get(key).map_or(&[], |d| &d.annotations)
    }

    /// One annotation.
    pub fn annotation(&self, key: &DocKey, id: &AnnotationId) -> Option<&Annotation> {
        self.annotations(key).iter().find(|a| &a.id == id)
    }

    /// How an annotation anchored.
    pub fn anchor_state(&self, key: &DocKey, id: &AnnotationId) -> Option<&AnchorState> {
        self.docs.get(key)?.anchors.get(id)
    }

    /// Annotations that are placed in the text (not orphans), in reading order.
    pub fn anchored(&self, key: &DocKey) -> impl Iterator<Item = &Annotation> {
        let doc = self.docs.get(key);
        self.annotations(key).iter().filter(move |a| {
            doc.and_then(|d| d.anchors.get(&a.id))
                .is_none_or(AnchorState::is_anchored)
        })
    }

    /// Orphaned annotations, in their old reading order.
    pub fn orphans(&self, key: &DocKey) -> Vec<&Annotation> {
        let Some(doc) = self.docs.get(key) else {
            return Vec::new();
        };
        doc.annotations
            .iter()
            .filter(|a| doc.anchors.get(&a.id) == Some(&AnchorState::Orphan))
            .collect()
    }

    /// Placed annotations that overlap the char range (for a click or a selection); an empty
    /// range finds those containing its position.
    pub fn overlapping(&self, key: &DocKey, range: Range<usize>) -> Vec<&Annotation> {
        self.anchored(key)
            .filter(|a| {
                if range.is_empty() {
                    a.start <= range.start && range.start < a.end
                } else {
                    a.start < range.end && range.start < a.end
                }
            })
            .collect()
    }

    /// Counts per tag in one document (`None` = highlights).
    pub fn document_tag_counts(&self, key: &DocKey) -> BTreeMap<Option<TagId>, usize> {
        count_tags(self.annotations(key))
    }

    /// Counts per tag over all open documents (`None` = highlights).
    pub fn tag_counts(&self) -> BTreeMap<Option<TagId>, usize> {
        let mut counts = BTreeMap::new();
        for doc in self.docs.values() {
            for (tag, n) in count_tags(&doc.annotations) {
                *counts.entry(tag).or_insert(0) += n;
            }
        }
        counts
    }

    /// Anchor state counts of a document.
    pub fn anchor_summary(&self, key: &DocKey) -> AnchorSummary {
        self.docs
            .get(key)
            .map(Document::summary)
            .unwrap_or_default()
    }

    /// Non-overlapping occurrences of `needle` in the document, as char ranges.
    pub fn find_occurrences(&self, key: &DocKey, needle: &str) -> Vec<Range<usize>> {
        self.docs
            .get(key)
            .map(|d| find_occurrences(d.text.text(), needle))
            .unwrap_or_default()
    }

    /// The document's save status.
    pub fn status(&self, key: &DocKey) -> Option<DocStatus> {
        self.docs.get(key).map(Document::status)
    }

    /// Why the document is read-only, if it is.
    pub fn load_error(&self, key: &DocKey) -> Option<&SidecarError> {
        self.docs.get(key)?.load_error.as_ref()
    }

    /// The conflict found by the last save, if any.
    pub fn conflict(&self, key: &DocKey) -> Option<&PendingConflict> {
        self.docs.get(key)?.conflict.as_ref()
    }

    /// Where the document's sidecar is written.
    pub fn sidecar_path(&self, key: &DocKey) -> Option<&Path> {
        self.docs.get(key).map(|d| d.sidecar_path.as_path())
    }

    /// Does anything (a document or the tag set) need saving?
    pub fn has_unsaved(&self) -> bool {
        self.corpus_dirty || self.docs.values().any(|d| d.dirty)
    }

    // ---- tag set ----

    /// The corpus tag set.
    pub fn tags(&self) -> &TagSet {
        &self.corpus.tags
    }

    /// The tag set for editing; marks `pizhu.ron` unsaved. Refused when it failed to load.
    pub fn tags_mut(&mut self) -> Result<&mut TagSet, StoreError> {
        if self.corpus_error.is_some() {
            return Err(StoreError::ReadOnlyCorpus);
        }
        self.corpus_dirty = true;
        Ok(&mut self.corpus.tags)
    }

    /// Annotations of open documents that use `tag`.
    pub fn tag_uses(&self, tag: &TagId) -> usize {
        self.docs
            .values()
            .flat_map(|d| &d.annotations)
            .filter(|a| a.tag.as_ref() == Some(tag))
            .count()
    }

    /// Removes a tag. If open documents use it and `force` is false, refuses with
    /// [`StoreError::TagInUse`] carrying the count, so the UI can ask. Annotations keep the id
    /// either way (sidecars of closed articles cannot be counted cheaply, and no data is lost).
    pub fn remove_tag(&mut self, tag: &TagId, force: bool) -> Result<Tag, StoreError> {
        let uses = self.tag_uses(tag);
        if uses > 0 && !force {
            return Err(StoreError::TagInUse {
                id: tag.clone(),
                uses,
            });
        }
        Ok(self.tags_mut()?.remove(tag)?)
    }

    // ---- corpus settings ----

    /// The corpus settings (the user phrases of the 简 and 繁 views).
    pub fn settings(&self) -> &CorpusSettings {
        &self.corpus.settings
    }

    /// The corpus settings for editing; marks `pizhu.ron` unsaved. Refused when it failed to
    /// load.
    pub fn settings_mut(&mut self) -> Result<&mut CorpusSettings, StoreError> {
        if self.corpus_error.is_some() {
            return Err(StoreError::ReadOnlyCorpus);
        }
        self.corpus_dirty = true;
        Ok(&mut self.corpus.settings)
    }

    /// Why `pizhu.ron` failed to load, if it did.
    pub fn corpus_load_error(&self) -> Option<&SidecarError> {
        self.corpus_error.as_ref()
    }

    /// Their `pizhu.ron` when the last save found it changed (`Some(None)`: changed but
    /// unreadable or deleted).
    pub fn corpus_conflict(&self) -> Option<Option<&CorpusFile>> {
        self.corpus_conflict.as_ref().map(|c| c.theirs.as_ref())
    }

    /// Resolves a `pizhu.ron` conflict. `Merge` keeps our tags and adds theirs that we lack
    /// (without keys that are already taken).
    pub fn resolve_corpus_conflict(&mut self, how: Resolution) -> Result<(), StoreError> {
        let Some(conflict) = self.corpus_conflict.take() else {
            return Err(StoreError::NoConflict(DocKey(PathBuf::from(
                sidecar::CORPUS_FILE_NAME,
            ))));
        };
        if conflict.theirs_unreadable() && how != Resolution::KeepOurs {
            let path = self.location.corpus_file_path();
            self.corpus_conflict = Some(conflict);
            return Err(StoreError::TheirsUnreadable(path));
        }
        self.corpus_disk = conflict.resolve(&mut self.corpus, how)?;
        self.corpus_dirty = true;
        Ok(())
    }
}

fn count_tags(annotations: &[Annotation]) -> BTreeMap<Option<TagId>, usize> {
    let mut counts = BTreeMap::new();
    for annotation in annotations {
        *counts.entry(annotation.tag.clone()).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    const TEXT: &str =
        "广州市委常委会召开会议，传达学习习近平总书记重要讲话精神。广州要坚持稳中求进。";

    fn store() -> (tempfile::TempDir, AnnotationStore, DocKey) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = AnnotationStore::with_location(StorageLocation::beside(dir.path()));
        let key = store.open_document(Path::new("a.txt"), TEXT).unwrap().key;
        (dir, store, key)
    }

    fn tag(s: &str) -> Option<TagId> {
        TagId::new(s).ok()
    }

    #[test]
    fn user_phrases_are_saved_and_merged() {
        use crate::text::convert::{PhraseScope, UserPhrase, upsert_user_phrase};
        let (dir, mut store, _key) = store();
        let phrase = UserPhrase::new("头发", "頭髮", PhraseScope::Traditional);
        upsert_user_phrase(
            &mut store.settings_mut().unwrap().user_phrases,
            phrase.clone(),
        );
        assert!(store.has_unsaved());
        store.save_dirty();
        let path = dir.path().join(sidecar::CORPUS_FILE_NAME);
        let mut theirs = sidecar::read_corpus_file(&path).unwrap().unwrap().value;
        assert_eq!(theirs.settings.user_phrases, std::slice::from_ref(&phrase));
        // Another program adds a phrase while we add another: merging keeps both.
        let other = UserPhrase::new("干", "乾", PhraseScope::Traditional);
        theirs.settings.user_phrases.push(other.clone());
        sidecar::write_atomic(
            &path,
            sidecar::corpus_file_to_string(&theirs, &path)
                .unwrap()
                .as_bytes(),
        )
        .unwrap();
        let ours = UserPhrase::new("后", "後", PhraseScope::Traditional);
        store
            .settings_mut()
            .unwrap()
            .user_phrases
            .push(ours.clone());
        store.save_dirty();
        assert!(store.corpus_conflict().is_some());
        store.resolve_corpus_conflict(Resolution::Merge).unwrap();
        assert_eq!(store.settings().user_phrases, [phrase, ours, other]);
    }

    #[test]
    fn edits_keep_reading_order_and_mark_dirty() {
        let (_dir, mut store, key) = store();
        assert_eq!(store.status(&key), Some(DocStatus::Clean));
        let text = store.text(&key).unwrap().clone();
        let late = Annotation::new_in(&text, 16..19, tag("PER"), "").unwrap();
        let early = Annotation::new_in(&text, 0..2, tag("LOC"), "").unwrap();
        store.edit(&key, Edit::Create(late.clone())).unwrap();
        store.edit(&key, Edit::Create(early.clone())).unwrap();
        let ids: Vec<_> = store
            .annotations(&key)
            .iter()
            .map(|a| a.id.clone())
            .collect();
        assert_eq!(ids, vec![early.id.clone(), late.id.clone()]);
        assert_eq!(store.status(&key), Some(DocStatus::Unsaved));
        assert_eq!(store.overlapping(&key, 17..17).len(), 1);
        assert_eq!(store.annotation(&key, &late.id).unwrap().quote, "习近平");
        assert!(matches!(
            store.edit(&key, Edit::Create(late)),
            Err(StoreError::DuplicateId(_))
        ));
    }

    #[test]
    fn batch_is_all_or_nothing() {
        let (_dir, mut store, key) = store();
        let text = store.text(&key).unwrap().clone();
        let a = Annotation::new_in(&text, 0..2, None, "").unwrap();
        let missing = AnnotationId::from_string("nope");
        let result = store.edit(
            &key,
            Edit::Batch(vec![Edit::Create(a), Edit::Delete(missing)]),
        );
        assert!(matches!(result, Err(StoreError::UnknownAnnotation(_))));
        assert!(store.annotations(&key).is_empty());
        assert!(!store.history().can_undo());
    }

    #[test]
    fn move_rereads_the_quote_and_rejects_bad_ranges() {
        let (_dir, mut store, key) = store();
        let text = store.text(&key).unwrap().clone();
        let a = Annotation::new_in(&text, 16..19, None, "").unwrap();
        let id = a.id.clone();
        store.edit(&key, Edit::Create(a)).unwrap();
        store
            .edit(
                &key,
                Edit::Move {
                    id: id.clone(),
                    start: 16,
                    end: 21,
                },
            )
            .unwrap();
        assert_eq!(store.annotation(&key, &id).unwrap().quote, "习近平总书");
        let too_far = Edit::Move {
            id: id.clone(),
            start: 30,
            end: 99,
        };
        assert!(matches!(
            store.edit(&key, too_far),
            Err(StoreError::Range(ModelError::OutOfBounds { .. }))
        ));
        store.undo().unwrap();
        assert_eq!(store.annotation(&key, &id).unwrap().quote, "习近平");
    }

    #[test]
    fn tag_all_occurrences_is_one_step() {
        let (_dir, mut store, key) = store();
        assert_eq!(
            store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap(),
            2
        );
        assert_eq!(
            store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap(),
            0
        );
        assert_eq!(store.document_tag_counts(&key).get(&tag("LOC")), Some(&2));
        assert_eq!(store.history().undo_len(), 1);
        store.undo().unwrap();
        assert!(store.annotations(&key).is_empty());
    }

    #[test]
    fn removing_a_used_tag_is_refusable() {
        let (_dir, mut store, key) = store();
        store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap();
        let loc = TagId::new("LOC").unwrap();
        assert!(matches!(
            store.remove_tag(&loc, false),
            Err(StoreError::TagInUse { uses: 2, .. })
        ));
        assert_eq!(store.remove_tag(&loc, true).unwrap().label, "地点");
        assert!(store.tags().get(&loc).is_none());
        assert_eq!(
            store.annotations(&key)[0].tag,
            tag("LOC"),
            "annotations keep the id"
        );
    }

    #[test]
    fn save_steps_snapshot_write_record() {
        let (dir, mut store, key) = store();
        store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap();
        let saves = store.snapshot_documents();
        assert_eq!(saves.len(), 1);
        assert_eq!(
            store.status(&key),
            Some(DocStatus::Unsaved),
            "a snapshot saves nothing"
        );
        assert!(
            store.snapshot_corpus().is_none(),
            "pizhu.ron is not dirty yet"
        );
        for save in saves {
            let written = save.write();
            assert!(matches!(
                store.record_save(save, written).outcome,
                SaveOutcome::Saved
            ));
        }
        assert_eq!(store.status(&key), Some(DocStatus::Clean));
        assert!(dir.path().join("a.txt.annotations.ron").exists());
        let corpus = store
            .snapshot_corpus()
            .expect("the first sidecar makes pizhu.ron dirty");
        assert!(
            !dir.path().join("pizhu.ron").exists(),
            "not written by the snapshot"
        );
        let written = corpus.write();
        assert!(matches!(
            store.record_save(corpus, written).outcome,
            SaveOutcome::Saved
        ));
        assert!(!store.has_unsaved());
        assert!(store.save_dirty().is_empty(), "nothing left to write");
    }
}
