//! Loading a document without the store: [`DocumentLoader`] reads and parses a sidecar and
//! anchors its annotations on any thread (the slow part of opening an article);
//! [`AnnotationStore::insert`](super::AnnotationStore::insert)(super::AnnotationStore::insert) then adds the
//! [`LoadedDocument`] under the store's lock in no time.
//!
//! Offsets: chars (code points) of the article's Original text.

use std::path::Path;
use std::sync::Arc;

use super::StoreError;
use crate::annotate::document::{DocKey, Document};
use crate::annotate::io::SharedIo;
use crate::annotate::location::StorageLocation;
use crate::annotate::model::Annotation;
use crate::annotate::sidecar::{self, DiskState, SidecarError};
use crate::text::chars::TextIndex;

/// Loads documents without the store: reads and parses the sidecar and anchors the annotations
/// (the slow part of opening an article), on any thread. [`AnnotationStore::insert`](super::AnnotationStore::insert) then adds
/// the result under the store's lock in no time. Get one from [`AnnotationStore::loader`](super::AnnotationStore::loader).
#[derive(Clone, Debug)]
pub struct DocumentLoader {
    pub(super) location: StorageLocation,
    pub(super) io: SharedIo,
}

/// A document loaded by a [`DocumentLoader`], ready for [`AnnotationStore::insert`](super::AnnotationStore::insert).
#[derive(Debug)]
pub struct LoadedDocument {
    pub(super) key: DocKey,
    pub(super) doc: Document,
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

    pub(super) fn load_key(&self, key: &DocKey, text: TextIndex) -> Document {
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
pub(super) fn key_for(
    location: &StorageLocation,
    article_path: &Path,
) -> Result<DocKey, StoreError> {
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
