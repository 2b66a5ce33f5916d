//! `AnnotationStore`: the annotations of one corpus in memory and the only way to change them:
//! opening and closing documents, edit/undo/redo dispatch, saving, queries and the tag set.
//!
//! All offsets are chars (code points) of each article's Original text. The parts live beside
//! this file: one opened article is a [`Document`](super::document) (its text, annotations in
//! reading order, anchors, merge base, revision and status), the undo and redo stacks are an
//! [`UndoHistory`], a file changed on disk into something unreadable is a
//! [conflict](super::conflict), and the three steps of a save are in [`save`](super::save).
//! This folder holds the store itself (this file: documents, edits, queries, tags, settings),
//! `loader` (opening a document off the store's lock) and `saving` (the store's side of a
//! save, the data-folder fallback and the rescue copies on exit).
//!
//! Life of an edit: the UI builds an [`Edit`], [`AnnotationStore::edit`] applies it and records
//! its inverse in the [`UndoHistory`]; the document becomes dirty and its revision grows. A
//! save [snapshots](AnnotationStore::snapshot) the dirty files under the store's lock, writes
//! them elsewhere ([`SaveBatch::write`](crate::annotate::SaveBatch::write), which holds the OS lock of the storage root and merges
//! what other programs wrote meanwhile), and [records](AnnotationStore::record) the result;
//! [`AnnotationStore::save_dirty`] does all three at once (the command line, tests). A sidecar
//! that failed to load makes its document read-only: every edit is refused and the file is
//! never written.
//!
//! No method that takes `&mut self` waits on the disk except the ones that say so (opening the
//! store, [`open_document`](AnnotationStore::open_document), [`reload`](AnnotationStore::reload),
//! [`save_dirty`](AnnotationStore::save_dirty)); the window uses the
//! [`DocumentLoader`] and the three save steps instead, so its lock is never held across I/O.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::anchor::AnchorState;
use super::conflict::{CorpusConflict, PendingConflict, Resolution};
use super::document::{AnchorSummary, DocKey, DocStatus, Document, Edit};
use super::history::{Stack, UndoHistory};
use super::io::{FileSystem, SharedIo};
use super::location::StorageLocation;
use super::lock::{DEFAULT_LOCK_WAIT, StorageLock};
use super::merge::MergeReport;
use super::model::{Annotation, AnnotationId, ModelError};
use super::sidecar::{self, CorpusFile, CorpusSettings, DiskState, SidecarError};
use super::tags::{Tag, TagError, TagId, TagSet};
use crate::text::chars::{TextIndex, find_occurrences};

mod loader;
mod saving;
#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests;

use loader::key_for;
pub use loader::{DocumentLoader, LoadedDocument};

/// Documents kept in memory by [`AnnotationStore::evict_unused`] by default: those not shown and
/// not unsaved beyond this many are dropped, least recently used first.
pub const DEFAULT_OPEN_DOCUMENTS: usize = 64;

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
    /// The file on disk is from a newer Pizhu: overwriting it would drop what this version
    /// cannot read.
    #[error("{} was written by a newer Pizhu and is never overwritten by this one", .0.display())]
    TheirsNewer(PathBuf),
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
    io: SharedIo,
    lock_wait: Duration,
    corpus: CorpusFile,
    /// The tags as last read or written (`None`: no file yet), the base of a tag-set merge.
    corpus_base: Option<CorpusFile>,
    corpus_disk: DiskState,
    corpus_dirty: bool,
    corpus_revision: u64,
    corpus_error: Option<SidecarError>,
    corpus_conflict: Option<CorpusConflict>,
    docs: BTreeMap<DocKey, Document>,
    history: UndoHistory,
    /// The LRU clock: bumped each time a document is used.
    clock: u64,
}

impl AnnotationStore {
    /// The store of the corpus at `corpus_root`: decides where files live
    /// ([`StorageLocation::resolve`]) and loads `pizhu.ron` (defaults when there is none).
    /// Reads the disk.
    pub fn open(corpus_root: &Path) -> Result<Self, StoreError> {
        Ok(Self::with_location(StorageLocation::resolve(corpus_root)?))
    }

    /// The store for an explicit location. A `pizhu.ron` that fails to load leaves the default
    /// tags in memory and the tag set read-only ([`AnnotationStore::corpus_load_error`]).
    /// Reads the disk.
    pub fn with_location(location: StorageLocation) -> Self {
        Self::with_io(location, FileSystem::shared())
    }

    /// The store for an explicit location whose files are read and written through `io` (tests
    /// inject slow or failing writers). Reads `pizhu.ron` through it.
    pub fn with_io(location: StorageLocation, io: SharedIo) -> Self {
        let mut store = Self {
            corpus: CorpusFile::default(),
            corpus_base: None,
            corpus_disk: DiskState::Absent,
            corpus_dirty: false,
            corpus_revision: 0,
            corpus_error: None,
            corpus_conflict: None,
            docs: BTreeMap::new(),
            history: UndoHistory::default(),
            clock: 0,
            lock_wait: DEFAULT_LOCK_WAIT,
            location,
            io,
        };
        let path = store.location.corpus_file_path();
        match sidecar::read_corpus_file_with(&*store.io, &path) {
            Ok(Some(loaded)) => {
                store.corpus_base = Some(loaded.value.clone());
                store.corpus = loaded.value;
                store.corpus_disk = loaded.state;
            }
            Ok(None) => {
                if let Some(fallback) = store.location.fallback_corpus_file_path() {
                    match sidecar::read_corpus_file_with(&*store.io, &fallback) {
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

    /// Reads and writes through `io` from now on (tests inject slow or failing writers).
    pub fn set_io(&mut self, io: SharedIo) {
        self.io = io;
    }

    /// The I/O the store reads and writes through.
    pub fn io(&self) -> SharedIo {
        self.io.clone()
    }

    /// Waits up to `wait` for another Pizhu's lock when writing (default
    /// [`DEFAULT_LOCK_WAIT`]).
    pub fn set_lock_wait(&mut self, wait: Duration) {
        self.lock_wait = wait;
    }

    /// Where this corpus's files live.
    pub fn location(&self) -> &StorageLocation {
        &self.location
    }

    /// Takes the OS lock of the storage root now, waiting as [`set_lock_wait`](Self::set_lock_wait)
    /// (Self::set_lock_wait) says. Hold it across a load, edits and
    /// [`save_dirty_locked`](Self::save_dirty_locked) so no other Pizhu writes in between.
    pub fn lock_storage(&self) -> Result<StorageLock, SidecarError> {
        Ok(self.location.lock(self.lock_wait)?)
    }

    /// A loader for this store's documents, to open articles on another thread.
    pub fn loader(&self) -> DocumentLoader {
        DocumentLoader {
            location: self.location.clone(),
            io: self.io.clone(),
        }
    }

    /// The key of an article path (absolute under the corpus root, or relative to it).
    pub fn key_for(&self, article_path: &Path) -> Result<DocKey, StoreError> {
        key_for(&self.location, article_path)
    }

    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    /// Opens an article's annotations: reads its sidecar (or, for a read-only corpus, the one
    /// shipped beside it), and anchors every annotation in `original`. Reads the disk under
    /// `&mut self`: the window uses [`loader`](Self::loader) and [`insert`](Self::insert).
    ///
    /// A sidecar that fails to load does not fail this call: the document opens read-only and
    /// the error is kept ([`AnnotationStore::load_error`]). Opening an open document again with
    /// a different text (the article was reloaded) re-anchors its annotations and forgets its
    /// undo steps; with the same text it changes nothing.
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
        if self.docs.contains_key(&key) {
            return Ok(self.reopen(&key, text, None));
        }
        let loaded = self.loader().load_key(&key, text);
        Ok(self.insert(LoadedDocument { key, doc: loaded }))
    }

    /// Adds a document loaded by a [`DocumentLoader`]. If it is open already, the open one is
    /// kept (with its unsaved edits); only when the article's text changed is it re-anchored
    /// (a clean one is replaced by the loaded one, which was anchored on the loading thread).
    pub fn insert(&mut self, loaded: LoadedDocument) -> OpenReport {
        let LoadedDocument { key, doc } = loaded;
        if self.docs.contains_key(&key) {
            let text = doc.text.clone();
            return self.reopen(&key, text, Some(doc));
        }
        let mut doc = doc;
        let path = self.location.sidecar_path(key.path());
        if doc.sidecar_path != path {
            // Loaded before the store moved to the data folder: what it read is the file beside
            // the article, which the data folder's copy does not replace yet.
            doc.sidecar_path = path;
            doc.disk = DiskState::Absent;
        }
        doc.last_used = self.tick();
        let report = OpenReport {
            key: key.clone(),
            summary: doc.summary(),
            read_only: doc.load_error.is_some(),
            changed: doc.dirty,
        };
        self.docs.insert(key, doc);
        report
    }

    /// An open document met again with `text` (and, if given, freshly loaded as `fresh`).
    fn reopen(&mut self, key: &DocKey, text: TextIndex, fresh: Option<Document>) -> OpenReport {
        let now = self.tick();
        let mut changed = false;
        if let Some(doc) = self.docs.get_mut(key) {
            doc.last_used = now;
            if doc.text.text() != text.text() {
                match fresh {
                    Some(mut fresh) if !doc.dirty && doc.conflict.is_none() => {
                        fresh.last_used = now;
                        fresh.revision = doc.revision + 1;
                        changed = fresh.dirty;
                        *doc = fresh;
                    }
                    _ => {
                        doc.fingerprint = text.fingerprint();
                        doc.text = text;
                        changed = doc.reanchor_all();
                        doc.revision += 1;
                        doc.dirty |= changed;
                    }
                }
                self.history.forget(key);
            }
        }
        match self.docs.get(key) {
            Some(doc) => OpenReport {
                summary: doc.summary(),
                read_only: doc.load_error.is_some(),
                changed,
                key: key.clone(),
            },
            None => OpenReport {
                key: key.clone(),
                summary: AnchorSummary::default(),
                read_only: false,
                changed: false,
            },
        }
    }

    /// Re-reads a document's sidecar from disk (e.g. after the user fixed a corrupt file).
    /// Refused while it has unsaved changes. Forgets its undo steps. Reads the disk.
    pub fn reload(&mut self, key: &DocKey) -> Result<OpenReport, StoreError> {
        let doc = self.doc(key)?;
        if doc.dirty {
            return Err(StoreError::Unsaved(key.clone()));
        }
        let text = doc.text.clone();
        let fresh = self.loader().load_key(key, text);
        self.docs.remove(key);
        self.history.forget(key);
        Ok(self.insert(LoadedDocument {
            key: key.clone(),
            doc: fresh,
        }))
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

    /// Drops documents from memory, least recently used first, until at most `capacity` are
    /// open; never one in `keep` (the one shown), unsaved, or in conflict. Their undo steps
    /// stay: undoing one needs the document opened again first
    /// ([`documents_to_open_for`](Self::documents_to_open_for)). Returns how many were dropped.
    pub fn evict_unused(&mut self, keep: &[DocKey], capacity: usize) -> usize {
        if self.docs.len() <= capacity {
            return 0;
        }
        let mut candidates: Vec<(u64, DocKey)> = self
            .docs
            .iter()
            .filter(|(key, doc)| !doc.dirty && doc.conflict.is_none() && !keep.contains(key))
            .map(|(key, doc)| (doc.last_used, key.clone()))
            .collect();
        candidates.sort();
        let excess = self.docs.len() - capacity;
        let mut dropped = 0;
        for (_, key) in candidates.into_iter().take(excess) {
            self.docs.remove(&key);
            dropped += 1;
        }
        dropped
    }

    /// The documents the next undo (`undo`) or redo changes that are not open: open them (with
    /// a [`DocumentLoader`] and [`insert`](Self::insert)) before replaying the step.
    pub fn documents_to_open_for(&self, undo: bool) -> Vec<DocKey> {
        self.history
            .next_step_documents(undo)
            .into_iter()
            .filter(|key| !self.docs.contains_key(*key))
            .cloned()
            .collect()
    }

    fn doc(&self, key: &DocKey) -> Result<&Document, StoreError> {
        self.docs
            .get(key)
            .ok_or_else(|| StoreError::NotOpen(key.clone()))
    }

    /// Applies an edit to a document without recording it; returns its inverse. A failed edit
    /// (including any part of a batch) changes nothing.
    pub fn apply(&mut self, key: &DocKey, edit: Edit) -> Result<Edit, StoreError> {
        let now = self.tick();
        let doc = self
            .docs
            .get_mut(key)
            .ok_or_else(|| StoreError::NotOpen(key.clone()))?;
        if doc.load_error.is_some() {
            return Err(StoreError::ReadOnly(key.clone()));
        }
        doc.last_used = now;
        let inverse = doc.apply(edit)?;
        doc.dirty = true;
        doc.revision += 1;
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

    /// Applies edits to several documents as one undo step, document by document: each
    /// document's edits all or none, and a document that refuses them (read-only, closed) is
    /// skipped and returned with the reason, not a reason to undo the others. Returns how many
    /// edits were applied and the documents skipped.
    pub fn edit_each(&mut self, edits: Vec<(DocKey, Edit)>) -> (usize, Vec<(DocKey, StoreError)>) {
        let mut by_doc: Vec<(DocKey, Vec<Edit>)> = Vec::new();
        for (key, edit) in edits {
            match by_doc.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push(edit),
                None => by_doc.push((key, vec![edit])),
            }
        }
        let mut applied = 0;
        let mut inverses = Vec::with_capacity(by_doc.len());
        let mut skipped = Vec::new();
        for (key, list) in by_doc {
            let count = list.len();
            let edit = if count == 1 {
                list.into_iter().next().unwrap_or(Edit::Batch(Vec::new()))
            } else {
                Edit::Batch(list)
            };
            match self.apply(&key, edit) {
                Ok(inverse) => {
                    applied += count;
                    inverses.push((key, inverse));
                }
                Err(error) => skipped.push((key, error)),
            }
        }
        self.history.record_group(inverses);
        (applied, skipped)
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
    /// error the step stays on the stack and nothing changes (a document of the step that is
    /// not open fails with [`StoreError::NotOpen`]: open it and undo again).
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

    /// Resolves a document's unmergeable save conflict (see [`Resolution`]). Touches memory
    /// only. After `KeepOurs` the document is unsaved; after `TakeTheirs` it is read-only and
    /// its undo steps are forgotten.
    pub fn resolve_conflict(
        &mut self,
        key: &DocKey,
        how: Resolution,
    ) -> Result<Option<MergeReport>, StoreError> {
        let doc = self
            .docs
            .get_mut(key)
            .ok_or_else(|| StoreError::NotOpen(key.clone()))?;
        let Some(conflict) = doc.conflict.take() else {
            return Err(StoreError::NoConflict(key.clone()));
        };
        let report = doc.resolve(conflict, how)?;
        if how == Resolution::TakeTheirs {
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

    /// Is the document unsaved?
    pub fn is_dirty(&self, key: &DocKey) -> bool {
        self.docs.get(key).is_some_and(|d| d.dirty)
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
        self.corpus_revision += 1;
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
        self.corpus_revision += 1;
        Ok(&mut self.corpus.settings)
    }

    /// Why `pizhu.ron` failed to load, if it did.
    pub fn corpus_load_error(&self) -> Option<&SidecarError> {
        self.corpus_error.as_ref()
    }

    /// The unmergeable `pizhu.ron` conflict found by the last save, if any.
    pub fn corpus_conflict(&self) -> Option<&PendingConflict> {
        self.corpus_conflict.as_ref().map(|c| &c.pending)
    }

    /// Resolves a `pizhu.ron` conflict: only `KeepOurs` of a damaged (not newer) file applies
    /// (readable versions are merged by the save itself).
    pub fn resolve_corpus_conflict(&mut self, how: Resolution) -> Result<(), StoreError> {
        let Some(conflict) = self.corpus_conflict.take() else {
            return Err(StoreError::NoConflict(DocKey(PathBuf::from(
                sidecar::CORPUS_FILE_NAME,
            ))));
        };
        let path = self.location.corpus_file_path();
        match conflict.resolve(how, &path) {
            Ok(state) => {
                self.corpus_disk = state;
                self.corpus_dirty = true;
                self.corpus_revision += 1;
                Ok(())
            }
            Err(error) => {
                self.corpus_conflict = Some(conflict);
                Err(error)
            }
        }
    }
}

fn count_tags(annotations: &[Annotation]) -> BTreeMap<Option<TagId>, usize> {
    let mut counts = BTreeMap::new();
    for annotation in annotations {
        *counts.entry(annotation.tag.clone()).or_insert(0) += 1;
    }
    counts
}
