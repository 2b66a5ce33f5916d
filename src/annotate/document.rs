//! One opened article in the annotation store: its key, its text, its annotations in reading
//! order with where each one stands, applying an [`Edit`] (which returns the inverse), and its
//! save status.
//!
//! All offsets are chars (code points) of the article's Original text, half-open. The
//! [`AnnotationStore`](super::AnnotationStore) owns the documents and is the only caller; this
//! file knows nothing of other documents, the undo history or the disk.

use std::collections::HashMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use super::anchor::{AnchorState, reanchor};
use super::conflict::PendingConflict;
use super::location::is_plain_relative;
use super::model::{Annotation, AnnotationId, ModelError, check_range};
use super::sidecar::{
    DiskState, DocumentHeader, FORMAT_VERSION, InvalidContent, SidecarError, SidecarFile,
};
use super::store::StoreError;
use super::tags::TagId;
use crate::text::chars::TextIndex;

/// An opened article: its path relative to the corpus root (`2023/001.txt`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocKey(pub(super) PathBuf);

impl DocKey {
    /// A key for `relative`, which must stay inside the corpus (no root, no `..`).
    pub fn new(relative: impl AsRef<Path>) -> Result<Self, StoreError> {
        let relative = relative.as_ref();
        if !is_plain_relative(relative) {
            return Err(StoreError::OutsideCorpus(relative.to_owned()));
        }
        // Drop `.` components so `./a.txt` and `a.txt` are one document.
        let normal: PathBuf = relative
            .components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .collect();
        Ok(Self(normal))
    }

    /// The path relative to the corpus root.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl fmt::Display for DocKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.display())
    }
}

/// A change to one document's annotations. Applying one returns its inverse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Adds an annotation (its id must be new in the document). Timestamps are kept as given.
    Create(Annotation),
    /// Removes an annotation.
    Delete(AnnotationId),
    /// Tags (or, with `None`, untags) an annotation.
    SetTag {
        /// Which.
        id: AnnotationId,
        /// The new tag.
        tag: Option<TagId>,
    },
    /// Replaces an annotation's note.
    SetNote {
        /// Which.
        id: AnnotationId,
        /// The new note.
        note: String,
    },
    /// Moves an annotation to a new char range; quote, prefix and suffix are re-read.
    Move {
        /// Which.
        id: AnnotationId,
        /// New start char.
        start: usize,
        /// New end char.
        end: usize,
    },
    /// Replaces an annotation (same id) wholesale; the inverse of `Move`, so undoing a move of
    /// an orphan restores its old quote too.
    Replace(Annotation),
    /// Several edits as one undo step (e.g. "tag all occurrences"); all or nothing.
    Batch(Vec<Edit>),
}

/// How a document's annotations stand, for the status bar and the side panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocStatus {
    /// Saved (or nothing to save).
    Clean,
    /// Changed since the last save.
    Unsaved,
    /// The last save found the sidecar changed on disk; waiting for a resolution.
    Conflict,
    /// The sidecar failed to load (or is from a newer Pizhu); no edits, no writes.
    ReadOnly,
}

/// Counts of anchor states in a document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AnchorSummary {
    /// At their stored offsets.
    pub anchored: usize,
    /// Found elsewhere by exact quote.
    pub moved: usize,
    /// Found by approximate quote.
    pub fuzzy: usize,
    /// Not found.
    pub orphans: usize,
}

/// One opened article.
#[derive(Debug)]
pub(super) struct Document {
    /// The article's file name, written into its sidecar's header.
    pub(super) file_name: String,
    /// Where its sidecar is written.
    pub(super) sidecar_path: PathBuf,
    /// The Original text.
    pub(super) text: TextIndex,
    /// `blake3:<hex>` of the Original (computed once, on the loading thread).
    pub(super) fingerprint: String,
    /// Reading order: sorted by (start, end, id). Orphans sit at their old offsets.
    pub(super) annotations: Vec<Annotation>,
    /// How each annotation anchored in `text`.
    pub(super) anchors: HashMap<AnnotationId, AnchorState>,
    /// The sidecar as last read or written (at `sidecar_path`).
    pub(super) disk: DiskState,
    /// The annotations as last read from or written to disk (anchored in `text`): the common
    /// ancestor of a three-way merge with a version someone else wrote meanwhile.
    pub(super) base: Vec<Annotation>,
    /// Bumped by every change of `annotations`, so a save that finishes after further edits
    /// knows it did not write them.
    pub(super) revision: u64,
    /// When the store last used this document (its LRU clock).
    pub(super) last_used: u64,
    /// Fingerprint and length in the sidecar as loaded (to notice a changed article).
    pub(super) loaded_header: Option<DocumentHeader>,
    /// Changed since the last save.
    pub(super) dirty: bool,
    /// The sidecar failed to load: no edits, no writes.
    pub(super) load_error: Option<SidecarError>,
    /// The last save found the sidecar changed on disk in a way that cannot be merged.
    pub(super) conflict: Option<PendingConflict>,
}

impl Document {
    /// A document with no annotations yet; its sidecar is expected to be absent.
    pub(super) fn new(key: &DocKey, sidecar_path: PathBuf, text: TextIndex) -> Self {
        Self {
            file_name: key
                .path()
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
            sidecar_path,
            fingerprint: text.fingerprint(),
            text,
            annotations: Vec::new(),
            anchors: HashMap::new(),
            disk: DiskState::Absent,
            base: Vec::new(),
            revision: 0,
            last_used: 0,
            loaded_header: None,
            dirty: false,
            load_error: None,
            conflict: None,
        }
    }

    /// Takes the annotations of a sidecar read from disk (as `state`) and anchors them in the
    /// text. The document becomes unsaved when re-anchoring changed an annotation, or when the
    /// article changed since the sidecar was written (so the next save records the new
    /// fingerprint).
    ///
    /// A sidecar written for this very text (same fingerprint and length) with an annotation
    /// that does not quote the text at its offsets, but is found elsewhere (or past the end of
    /// the text), was damaged or edited by hand: it is refused ([`InvalidContent::QuoteMismatch`],
    /// [`InvalidContent::PastTheText`]) rather than moved, so no save "repairs" it without the
    /// user. One whose quote is nowhere is an orphan, kept exactly as it is (as orphans are).
    pub(super) fn adopt(
        &mut self,
        file: SidecarFile,
        state: DiskState,
    ) -> Result<(), SidecarError> {
        let article_changed = file.document.fingerprint != self.fingerprint
            || file.document.chars != self.text.chars();
        let stored = file.annotations;
        self.annotations = stored.clone();
        let changed = self.reanchor_all();
        if !article_changed && let Some(problem) = self.damage(&stored) {
            self.annotations.clear();
            self.anchors.clear();
            return Err(SidecarError::Invalid {
                path: self.sidecar_path.clone(),
                problem,
            });
        }
        self.disk = state;
        self.base = self.annotations.clone();
        self.dirty = changed || (article_changed && !self.annotations.is_empty());
        self.loaded_header = Some(file.document);
        Ok(())
    }

    /// The first stored annotation that re-anchoring moved although the article is unchanged:
    /// past the end of the text, or not quoting the text at its offsets.
    fn damage(&self, stored: &[Annotation]) -> Option<InvalidContent> {
        let chars = self.text.chars();
        stored.iter().find_map(|a| {
            let moved = matches!(
                self.anchors.get(&a.id),
                Some(AnchorState::Moved { .. } | AnchorState::Fuzzy { .. })
            );
            if !moved {
                None
            } else if a.end > chars {
                Some(InvalidContent::PastTheText {
                    id: a.id.clone(),
                    end: a.end,
                    chars,
                })
            } else {
                Some(InvalidContent::QuoteMismatch {
                    id: a.id.clone(),
                    start: a.start,
                    end: a.end,
                })
            }
        })
    }

    fn position(&self, id: &AnnotationId) -> Result<usize, StoreError> {
        self.annotations
            .iter()
            .position(|a| &a.id == id)
            .ok_or_else(|| StoreError::UnknownAnnotation(id.clone()))
    }

    fn insert_sorted(&mut self, annotation: Annotation) {
        let i = self
            .annotations
            .partition_point(|a| a.order_key() < annotation.order_key());
        self.annotations.insert(i, annotation);
    }

    fn remove_at(&mut self, i: usize) -> Annotation {
        let removed = self.annotations.remove(i);
        self.anchors.remove(&removed.id);
        removed
    }

    /// Anchors `annotation` in this text, records its state and inserts it.
    fn insert_anchored(&mut self, mut annotation: Annotation) {
        let state = reanchor(&self.text, &mut annotation);
        self.anchors.insert(annotation.id.clone(), state);
        self.insert_sorted(annotation);
    }

    /// Re-anchors every annotation in the current text; true when something changed.
    pub(super) fn reanchor_all(&mut self) -> bool {
        let mut changed = false;
        self.anchors.clear();
        for annotation in &mut self.annotations {
            let before = annotation.clone();
            let state = reanchor(&self.text, annotation);
            changed |= *annotation != before;
            self.anchors.insert(annotation.id.clone(), state);
        }
        self.annotations
            .sort_by(|a, b| a.order_key().cmp(&b.order_key()));
        changed
    }

    pub(super) fn apply(&mut self, edit: Edit) -> Result<Edit, StoreError> {
        match edit {
            Edit::Create(annotation) => {
                if self.annotations.iter().any(|a| a.id == annotation.id) {
                    return Err(StoreError::DuplicateId(annotation.id));
                }
                if annotation.start >= annotation.end || annotation.quote.is_empty() {
                    return Err(ModelError::EmptyRange {
                        start: annotation.start,
                        end: annotation.end,
                    }
                    .into());
                }
                let id = annotation.id.clone();
                self.insert_anchored(annotation);
                Ok(Edit::Delete(id))
            }
            Edit::Delete(id) => {
                let i = self.position(&id)?;
                Ok(Edit::Create(self.remove_at(i)))
            }
            Edit::SetTag { id, tag } => {
                let i = self.position(&id)?;
                let annotation = &mut self.annotations[i];
                let old = std::mem::replace(&mut annotation.tag, tag);
                annotation.touch();
                Ok(Edit::SetTag { id, tag: old })
            }
            Edit::SetNote { id, note } => {
                let i = self.position(&id)?;
                let annotation = &mut self.annotations[i];
                let old = std::mem::replace(&mut annotation.note, note);
                annotation.touch();
                Ok(Edit::SetNote { id, note: old })
            }
            Edit::Move { id, start, end } => {
                check_range(&self.text, &(start..end))?;
                let i = self.position(&id)?;
                let old = self.remove_at(i);
                let mut moved = old.clone();
                moved.start = start;
                moved.end = end;
                moved.refresh_context(&self.text);
                moved.touch();
                self.anchors.insert(id, AnchorState::Anchored);
                self.insert_sorted(moved);
                Ok(Edit::Replace(old))
            }
            Edit::Replace(mut annotation) => {
                let i = self.position(&annotation.id)?;
                let old = self.remove_at(i);
                annotation.touch();
                self.insert_anchored(annotation);
                Ok(Edit::Replace(old))
            }
            Edit::Batch(edits) => {
                let mut inverses: Vec<Edit> = Vec::with_capacity(edits.len());
                for edit in edits {
                    match self.apply(edit) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(error) => {
                            // All or nothing: undo what this batch already did.
                            for inverse in inverses.into_iter().rev() {
                                if let Err(rollback) = self.apply(inverse) {
                                    log::warn!("batch rollback failed: {rollback}");
                                }
                            }
                            return Err(error);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch(inverses))
            }
        }
    }

    pub(super) fn header(&self) -> DocumentHeader {
        DocumentHeader {
            file: self.file_name.clone(),
            chars: self.text.chars(),
            fingerprint: self.fingerprint.clone(),
        }
    }

    pub(super) fn sidecar_file(&self) -> SidecarFile {
        SidecarFile {
            version: FORMAT_VERSION,
            document: self.header(),
            annotations: self.annotations.clone(),
        }
    }

    pub(super) fn summary(&self) -> AnchorSummary {
        let mut summary = AnchorSummary::default();
        for state in self.anchors.values() {
            match state {
                AnchorState::Anchored => summary.anchored += 1,
                AnchorState::Moved { .. } => summary.moved += 1,
                AnchorState::Fuzzy { .. } => summary.fuzzy += 1,
                AnchorState::Orphan => summary.orphans += 1,
            }
        }
        summary
    }

    pub(super) fn status(&self) -> DocStatus {
        if self.load_error.is_some() {
            DocStatus::ReadOnly
        } else if self.conflict.is_some() {
            DocStatus::Conflict
        } else if self.dirty {
            DocStatus::Unsaved
        } else {
            DocStatus::Clean
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    #[test]
    fn doc_keys_stay_inside_the_corpus() {
        assert_eq!(
            DocKey::new("./2023/a.txt").unwrap(),
            DocKey::new("2023/a.txt").unwrap()
        );
        assert!(matches!(
            DocKey::new("../a.txt"),
            Err(StoreError::OutsideCorpus(_))
        ));
    }
}
