//! `AnnotationStore`: the annotations of one corpus in memory and the only way to change them:
//! opening and closing documents, edit/undo/redo dispatch, saving, queries and the tag set.
//!
//! All offsets are chars (code points) of each article's Original text. The parts live beside
//! this file: one opened article is a [`Document`](super::document) (its text, annotations in
//! reading order, anchors, merge base, revision and status), the undo and redo stacks are an
//! [`UndoHistory`], a file changed on disk into something unreadable is a
//! [conflict](super::conflict), and the three steps of a save are in [`save`](super::save).
//!
//! Life of an edit: the UI builds an [`Edit`], [`AnnotationStore::edit`] applies it and records
//! its inverse in the [`UndoHistory`]; the document becomes dirty and its revision grows. A
//! save [snapshots](AnnotationStore::snapshot) the dirty files under the store's lock, writes
//! them elsewhere ([`SaveBatch::write`], which holds the OS lock of the storage root and merges
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
use super::merge::{MergeReport, merge, merge_corpus};
use super::model::{Annotation, AnnotationId, ModelError};
use super::save::{
    Contents, Merged, PendingSave, SaveBatch, SaveOutcome, SaveReport, SaveTarget, WrittenBatch,
};
use super::sidecar::{self, CorpusFile, CorpusSettings, DiskState, SidecarError};
use super::tags::{Tag, TagError, TagId, TagSet};
use crate::text::chars::{TextIndex, find_occurrences};

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

/// Loads documents without the store: reads and parses the sidecar and anchors the annotations
/// (the slow part of opening an article), on any thread. [`AnnotationStore::insert`] then adds
/// the result under the store's lock in no time. Get one from [`AnnotationStore::loader`].
#[derive(Clone, Debug)]
pub struct DocumentLoader {
    location: StorageLocation,
    io: SharedIo,
}

/// A document loaded by a [`DocumentLoader`], ready for [`AnnotationStore::insert`].
#[derive(Debug)]
pub struct LoadedDocument {
    key: DocKey,
    doc: Document,
}

impl LoadedDocument {
    /// The document's key.
    pub fn key(&self) -> &DocKey {
        &self.key
    }

    /// Why its sidecar could not be loaded (then the document is read-only).
    pub fn load_error(&self) -> Option<&SidecarError> {
        self.doc.load_error.as_ref()
    }

    /// Its annotations, anchored in its text.
    pub fn annotations(&self) -> &[Annotation] {
        &self.doc.annotations
    }

    /// Its Original text.
    pub fn text(&self) -> &TextIndex {
        &self.doc.text
    }
}

impl DocumentLoader {
    /// The key of an article path (absolute under the corpus root, or relative to it).
    pub fn key_for(&self, article_path: &Path) -> Result<DocKey, StoreError> {
        key_for(&self.location, article_path)
    }

    /// Reads the sidecar of the article at `article_path` (or, for a read-only corpus, the one
    /// shipped beside it) and anchors every annotation in `original`. A sidecar that fails to
    /// load does not fail this call: the document is read-only and keeps the error.
    pub fn load(
        &self,
        article_path: &Path,
        original: impl Into<Arc<str>>,
    ) -> Result<LoadedDocument, StoreError> {
        let key = self.key_for(article_path)?;
        let doc = self.load_key(&key, TextIndex::new(original));
        Ok(LoadedDocument { key, doc })
    }

    fn load_key(&self, key: &DocKey, text: TextIndex) -> Document {
        let mut doc = Document::new(key, self.location.sidecar_path(key.path()), text);
        let loaded = match sidecar::read_sidecar_with(&*self.io, &doc.sidecar_path) {
            Ok(Some(loaded)) => Ok(Some((loaded.value, loaded.state))),
            Ok(None) => match self.location.fallback_sidecar_path(key.path()) {
                // A shipped sidecar is read, but ours does not exist yet: expect it absent.
                Some(fallback) => sidecar::read_sidecar_with(&*self.io, &fallback)
                    .map(|found| found.map(|loaded| (loaded.value, DiskState::Absent))),
                None => Ok(None),
            },
            Err(e) => Err(e),
        };
        let adopted = match loaded {
            Ok(Some((file, state))) => doc.adopt(file, state),
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        };
        if let Err(e) = adopted {
            doc.load_error = Some(e);
        }
        doc
    }
}

/// The key of an article path under `location`'s corpus root (or relative to it).
fn key_for(location: &StorageLocation, article_path: &Path) -> Result<DocKey, StoreError> {
    if article_path.is_relative() {
        return DocKey::new(article_path);
    }
    let root = location.corpus_root();
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

    /// Takes the OS lock of the storage root now, waiting as [`set_lock_wait`]
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

    // ---- saving ----

    /// Writes every dirty sidecar (and `pizhu.ron` if needed) now: the three steps of a save
    /// ([`snapshot`](Self::snapshot), [`SaveBatch::write`], [`record`](Self::record)) on this
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
        result: Result<super::save::Written, SidecarError>,
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
        result: Result<super::save::Written, SidecarError>,
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
        let stamp: String = super::model::now_rfc3339()
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
                    .join(super::location::corpus_key(self.location.corpus_root()))
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
        assert!(store.corpus_conflict().is_none(), "readable versions merge");
        let both = [phrase, ours, other];
        assert_eq!(store.settings().user_phrases, both);
        let on_disk = sidecar::read_corpus_file(&path).unwrap().unwrap().value;
        assert_eq!(on_disk.settings.user_phrases, both);
        assert!(!store.has_unsaved());
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
        let batch = store.snapshot();
        assert_eq!(
            batch.len(),
            2,
            "the sidecar, and pizhu.ron which does not exist yet"
        );
        assert_eq!(
            store.status(&key),
            Some(DocStatus::Unsaved),
            "a snapshot saves nothing"
        );
        assert!(
            !dir.path().join("pizhu.ron").exists(),
            "not written by the snapshot"
        );
        let written = batch.write(None);
        assert_eq!(written.saved(), 2);
        let reports = store.record(written);
        assert!(
            reports
                .iter()
                .all(|r| matches!(r.outcome, SaveOutcome::Saved))
        );
        assert_eq!(store.status(&key), Some(DocStatus::Clean));
        assert!(dir.path().join("a.txt.annotations.ron").exists());
        assert!(dir.path().join("pizhu.ron").exists());
        assert!(
            dir.path().join(".pizhu.lock").exists(),
            "the lock file stays"
        );
        assert!(!store.has_unsaved());
        assert!(store.save_dirty().is_empty(), "nothing left to write");
    }

    #[test]
    fn edits_made_during_a_write_stay_unsaved() {
        let (dir, mut store, key) = store();
        store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap();
        let batch = store.snapshot();
        // The user tags 习近平 while the worker writes.
        let text = store.text(&key).unwrap().clone();
        let late = Annotation::new_in(&text, 16..19, tag("PER"), "").unwrap();
        store.edit(&key, Edit::Create(late.clone())).unwrap();
        let reports = store.record(batch.write(None));
        assert!(reports.iter().all(|r| r.outcome.is_saved()));
        assert_eq!(
            store.status(&key),
            Some(DocStatus::Unsaved),
            "the late edit is not on disk"
        );
        let on_disk = sidecar::read_sidecar(&dir.path().join("a.txt.annotations.ron"))
            .unwrap()
            .unwrap()
            .value;
        assert_eq!(on_disk.annotations.len(), 2);
        store.save_dirty();
        assert_eq!(store.status(&key), Some(DocStatus::Clean));
        let on_disk = sidecar::read_sidecar(&dir.path().join("a.txt.annotations.ron"))
            .unwrap()
            .unwrap()
            .value;
        assert!(on_disk.annotations.contains(&late));
    }

    /// Another writer (the command line) on the same folder: a second store.
    fn other_writer(dir: &Path) -> (AnnotationStore, DocKey) {
        let mut other = AnnotationStore::with_location(StorageLocation::beside(dir));
        let key = other.open_document(Path::new("a.txt"), TEXT).unwrap().key;
        (other, key)
    }

    #[test]
    fn a_file_changed_meanwhile_is_merged_three_ways_not_asked_about() {
        let (dir, mut store, key) = store();
        let text = store.text(&key).unwrap().clone();
        let doomed = Annotation::new_in(&text, 0..2, tag("LOC"), "").unwrap();
        let kept = Annotation::new_in(&text, 16..19, tag("PER"), "").unwrap();
        store.edit(&key, Edit::Create(doomed.clone())).unwrap();
        store.edit(&key, Edit::Create(kept.clone())).unwrap();
        store.save_dirty();
        // We delete one annotation; meanwhile another writer adds one and edits `kept`.
        store.edit(&key, Edit::Delete(doomed.id.clone())).unwrap();
        let (mut other, other_key) = other_writer(dir.path());
        let theirs = Annotation::new_in(&text, 29..31, tag("LOC"), "").unwrap();
        other
            .edit(&other_key, Edit::Create(theirs.clone()))
            .unwrap();
        other
            .edit(
                &other_key,
                Edit::SetNote {
                    id: kept.id.clone(),
                    note: "他们的".into(),
                },
            )
            .unwrap();
        assert!(other.save_dirty().iter().all(|r| r.outcome.is_saved()));

        let reports = store.save_dirty();
        let SaveOutcome::Merged(report) = &reports[0].outcome else {
            panic!("expected a merge: {reports:?}");
        };
        assert_eq!(
            (report.only_theirs, report.deleted),
            (1, 1),
            "their addition, our deletion"
        );
        assert_eq!(store.status(&key), Some(DocStatus::Clean));
        let ids: Vec<&AnnotationId> = store.annotations(&key).iter().map(|a| &a.id).collect();
        assert_eq!(
            ids,
            vec![&kept.id, &theirs.id],
            "the deletion stays deleted"
        );
        assert_eq!(store.annotation(&key, &kept.id).unwrap().note, "他们的");
        let on_disk = sidecar::read_sidecar(&dir.path().join("a.txt.annotations.ron"))
            .unwrap()
            .unwrap()
            .value;
        assert_eq!(on_disk.annotations, store.annotations(&key));
        assert!(
            !store.history().can_undo(),
            "steps recorded against an annotation they changed are forgotten"
        );
    }

    #[test]
    fn a_merge_during_edits_keeps_the_edits_made_during_the_write() {
        let (dir, mut store, key) = store();
        let text = store.text(&key).unwrap().clone();
        let first = Annotation::new_in(&text, 0..2, tag("LOC"), "").unwrap();
        store.edit(&key, Edit::Create(first)).unwrap();
        let batch = store.snapshot();
        let (mut other, other_key) = other_writer(dir.path());
        let theirs = Annotation::new_in(&text, 29..31, tag("LOC"), "").unwrap();
        other
            .edit(&other_key, Edit::Create(theirs.clone()))
            .unwrap();
        other.save_dirty();
        let during = Annotation::new_in(&text, 16..19, tag("PER"), "").unwrap();
        store.edit(&key, Edit::Create(during.clone())).unwrap();
        let reports = store.record(batch.write(None));
        assert!(
            matches!(reports[0].outcome, SaveOutcome::Merged(_)),
            "{reports:?}"
        );
        assert_eq!(store.annotations(&key).len(), 3);
        assert!(store.annotation(&key, &theirs.id).is_some());
        assert!(store.annotation(&key, &during.id).is_some());
        assert_eq!(store.status(&key), Some(DocStatus::Unsaved));
        store.save_dirty();
        let on_disk = sidecar::read_sidecar(&dir.path().join("a.txt.annotations.ron"))
            .unwrap()
            .unwrap()
            .value;
        assert_eq!(on_disk.annotations.len(), 3);
        assert!(
            store.history().can_undo(),
            "their addition leaves our steps valid"
        );
    }

    #[derive(Debug)]
    struct Failing(std::io::ErrorKind);

    impl crate::annotate::SidecarIo for Failing {
        fn read(&self, path: &Path) -> std::io::Result<Option<(Vec<u8>, DiskState)>> {
            crate::annotate::disk::read_with_state(path)
        }
        fn write_atomic(&self, _: &Path, _: &[u8]) -> std::io::Result<DiskState> {
            Err(std::io::Error::from(self.0))
        }
    }

    #[test]
    fn a_failed_write_keeps_the_edits_unsaved_and_the_old_file() {
        let (dir, mut store, key) = store();
        store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap();
        store.save_dirty();
        let path = dir.path().join("a.txt.annotations.ron");
        let before = std::fs::read(&path).unwrap();
        store.set_io(Arc::new(Failing(std::io::ErrorKind::StorageFull)));
        store
            .tag_all_occurrences(&key, "习近平", tag("PER"))
            .unwrap();
        let reports = store.save_dirty();
        let SaveOutcome::Failed(error) = &reports[0].outcome else {
            panic!("{reports:?}")
        };
        assert!(error.is_disk_problem());
        assert_eq!(store.status(&key), Some(DocStatus::Unsaved));
        assert_eq!(std::fs::read(&path).unwrap(), before);
        store.set_io(crate::annotate::FileSystem::shared());
        assert!(store.save_dirty()[0].outcome.is_saved(), "a retry writes");
        assert_eq!(store.status(&key), Some(DocStatus::Clean));
    }

    #[test]
    fn unused_documents_leave_memory_but_not_the_history() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = AnnotationStore::with_location(StorageLocation::beside(dir.path()));
        let keys: Vec<DocKey> = (0..5)
            .map(|i| {
                let name = format!("{i}.txt");
                store.open_document(Path::new(&name), TEXT).unwrap().key
            })
            .collect();
        store
            .tag_all_occurrences(&keys[0], "广州", tag("LOC"))
            .unwrap();
        store.save_dirty();
        store
            .tag_all_occurrences(&keys[1], "广州", tag("LOC"))
            .unwrap(); // unsaved
        let dropped = store.evict_unused(std::slice::from_ref(&keys[4]), 2);
        assert_eq!(dropped, 3);
        assert!(store.is_open(&keys[1]), "unsaved stays");
        assert!(store.is_open(&keys[4]), "the one shown stays");
        assert!(!store.is_open(&keys[0]));
        store.save_dirty();
        store.undo().unwrap(); // keys[1]'s step: open
        assert_eq!(store.documents_to_open_for(true), vec![keys[0].clone()]);
        assert!(matches!(store.undo(), Err(StoreError::NotOpen(_))));
        let loaded = store.loader().load(Path::new("0.txt"), TEXT).unwrap();
        store.insert(loaded);
        assert!(store.documents_to_open_for(true).is_empty());
        assert_eq!(store.undo().unwrap(), Some(keys[0].clone()));
        assert!(store.annotations(&keys[0]).is_empty());
    }

    #[test]
    fn newer_and_damaged_sidecars_open_read_only_and_are_never_rewritten() {
        let (dir, mut store, key) = store();
        store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap();
        store.save_dirty();
        let path = dir.path().join("a.txt.annotations.ron");
        let good = std::fs::read_to_string(&path).unwrap();
        let cases = [
            good.replacen("version: 1", "version: 2", 1),
            good.replacen("note: \"\",", "note: \"\",\n            reviewed: true,", 1),
            // Offsets that do not quote the text, though the quote is found elsewhere.
            good.replacen(
                "start: 0,\n            end: 2,",
                "start: 1,\n            end: 3,",
                1,
            ),
            good.replacen("end: 2,", "end: 200,", 1),
        ];
        for damaged in cases {
            std::fs::write(&path, &damaged).unwrap();
            let mut fresh = AnnotationStore::with_location(StorageLocation::beside(dir.path()));
            let report = fresh.open_document(Path::new("a.txt"), TEXT).unwrap();
            assert!(report.read_only, "{damaged}");
            let error = fresh.load_error(&key).unwrap().to_string();
            assert!(error.contains("a.txt.annotations.ron"), "{error}");
            assert!(matches!(
                fresh.tag_all_occurrences(&key, "习近平", tag("PER")),
                Err(StoreError::ReadOnly(_))
            ));
            assert!(
                fresh
                    .save_dirty()
                    .iter()
                    .all(|r| r.target == SaveTarget::Corpus)
            );
            assert_eq!(
                std::fs::read_to_string(&path).unwrap(),
                damaged,
                "untouched"
            );
        }
        // A quote found nowhere is an orphan, kept exactly, and nothing is rewritten.
        let nowhere = good.replacen("quote: \"广州\"", "quote: \"深圳\"", 1);
        std::fs::write(&path, &nowhere).unwrap();
        let mut fresh = AnnotationStore::with_location(StorageLocation::beside(dir.path()));
        let report = fresh.open_document(Path::new("a.txt"), TEXT).unwrap();
        assert!(!report.read_only && !report.changed);
        assert_eq!(report.summary.orphans, 1);
        assert!(fresh.save_dirty().is_empty());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), nowhere);
    }

    #[test]
    fn a_newer_file_found_by_a_save_is_a_conflict_that_cannot_be_overwritten() {
        let (dir, mut store, key) = store();
        store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap();
        store.save_dirty();
        let path = dir.path().join("a.txt.annotations.ron");
        let newer = std::fs::read_to_string(&path)
            .unwrap()
            .replacen("version: 1", "version: 3", 1);
        std::fs::write(&path, &newer).unwrap();
        store
            .tag_all_occurrences(&key, "习近平", tag("PER"))
            .unwrap();
        assert!(matches!(
            store.save_dirty()[0].outcome,
            SaveOutcome::Conflict
        ));
        let conflict = store.conflict(&key).unwrap();
        assert!(
            conflict.newer && conflict.problem.contains("newer"),
            "{conflict:?}"
        );
        assert!(matches!(
            store.resolve_conflict(&key, Resolution::KeepOurs),
            Err(StoreError::TheirsNewer(_))
        ));
        assert_eq!(store.status(&key), Some(DocStatus::Conflict), "put back");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), newer);
        store
            .resolve_conflict(&key, Resolution::TakeTheirs)
            .unwrap();
        assert_eq!(store.status(&key), Some(DocStatus::ReadOnly));
        store.save_dirty();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            newer,
            "never rewritten"
        );
    }

    #[test]
    fn what_cannot_be_saved_is_rescued_as_a_copy_before_exit() {
        let (dir, mut store, key) = store();
        store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap();
        // Their file is damaged: a conflict, our edits unsaved.
        std::fs::write(dir.path().join("a.txt.annotations.ron"), "不是 RON").unwrap();
        assert!(matches!(
            store.save_dirty()[0].outcome,
            SaveOutcome::Conflict
        ));
        let rescued = store.rescue_unsaved(None);
        let (rescued_key, Ok(path)) = &rescued[0] else {
            panic!("{rescued:?}")
        };
        assert_eq!(rescued_key, &key);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("a.txt.unsaved-") && name.ends_with(".annotations.ron"),
            "{name}"
        );
        let copy = sidecar::read_sidecar(path).unwrap().unwrap().value;
        assert_eq!(copy.annotations.len(), 2);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.txt.annotations.ron")).unwrap(),
            "不是 RON",
            "their file untouched"
        );
        // The folder is gone: the copy goes to the data folder.
        let data = tempfile::tempdir().unwrap();
        let folder = tempfile::tempdir().unwrap();
        let mut gone = AnnotationStore::with_location(StorageLocation::beside(folder.path()));
        let gone_key = gone.open_document(Path::new("b.txt"), TEXT).unwrap().key;
        gone.tag_all_occurrences(&gone_key, "广州", tag("LOC"))
            .unwrap();
        let root = folder.path().to_owned();
        drop(folder);
        assert!(!root.exists());
        let rescued = gone.rescue_unsaved(Some(data.path()));
        let Ok(path) = &rescued[0].1 else {
            panic!("{rescued:?}")
        };
        assert!(
            path.starts_with(data.path().join("rescued")),
            "{}",
            path.display()
        );
        assert_eq!(
            sidecar::read_sidecar(path)
                .unwrap()
                .unwrap()
                .value
                .annotations
                .len(),
            2
        );
    }

    #[test]
    fn moving_to_the_data_dir_writes_there_and_sticks() {
        let (dir, mut store, key) = store();
        store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap();
        let data = tempfile::tempdir().unwrap();
        store.move_to_data_dir(data.path());
        assert!(store.save_dirty().iter().all(|r| r.outcome.is_saved()));
        assert!(!dir.path().join("a.txt.annotations.ron").exists());
        let location = store.location().clone();
        assert_eq!(location.kind(), &crate::annotate::StorageKind::DataDir);
        assert!(location.sidecar_path(Path::new("a.txt")).is_file());
        let again = StorageLocation::resolve_with(dir.path(), data.path(), |_| true);
        assert_eq!(again, location, "the next start keeps the data dir");
    }
}
