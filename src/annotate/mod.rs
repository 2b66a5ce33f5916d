//! Annotations: the model, the sidecar files, re-anchoring and the store with undo.
//!
//! Every offset in this module is a Unicode code point (char) of an article's Original text,
//! half-open `[start, end)`; views map to and from it with their `OffsetMap`. No UI code here.
//!
//! - [`model`]: [`Annotation`], [`AnnotationId`].
//! - [`tags`]: [`TagSet`], [`Tag`], [`TagId`] (the default 人物 PER … 其他 MISC).
//! - [`sidecar`]: `<file>.annotations.ron` and `pizhu.ron`: atomic writes, conflict check, merge.
//! - [`location`]: beside the articles, or the user data folder for read-only corpora.
//! - [`anchor`]: finding annotations again after an article changed.
//! - [`store`]: [`AnnotationStore`], [`Edit`], [`UndoHistory`], saving.
//! - [`text_index`]: [`TextIndex`], char↔byte lookups for slicing by char.
//! - [`in_view`]: an annotation rendered in a view ([`in_view()`]): view range, quote, context,
//!   or "not in this view". Exports and panels use it.
//!
//! ```
//! use pizhu::annotate::{Annotation, AnnotationStore, Edit, StorageLocation, TagId};
//! # let dir = tempfile::tempdir().unwrap();
//! let mut store = AnnotationStore::with_location(StorageLocation::beside(dir.path()));
//! let key = store.open_document("001.txt".as_ref(), "省委书记黃坤明在廣州調研。").unwrap().key;
//! let text = store.text(&key).unwrap();
//! let person = Annotation::new_in(text, 4..7, TagId::new("PER").ok(), "").unwrap();
//! assert_eq!(person.quote, "黃坤明");
//! store.edit(&key, Edit::Create(person)).unwrap();
//! store.save_dirty(); // writes 001.txt.annotations.ron and pizhu.ron
//! assert!(dir.path().join("001.txt.annotations.ron").exists());
//! ```

pub mod anchor;
pub mod in_view;
pub mod location;
pub mod model;
pub mod sidecar;
pub mod store;
pub mod tags;
pub mod text_index;

pub use anchor::{AnchorState, Location, locate, reanchor};
pub use in_view::{InView, IndexedView, Placement, in_view};
pub use location::{StorageKind, StorageLocation};
pub use model::{Annotation, AnnotationId, CONTEXT_CHARS, ModelError};
pub use sidecar::{
    BothEdited, CorpusFile, CorpusSettings, DiskState, DocumentHeader, MergeReport, Side,
    SidecarError, SidecarFile, merge,
};
pub use store::{
    AnchorSummary, AnnotationStore, DocKey, DocStatus, Edit, HistoryEntry, OpenReport,
    PendingConflict, Resolution, SaveOutcome, SaveReport, SaveTarget, StoreError, UndoHistory,
    find_occurrences,
};
pub use tags::{Tag, TagError, TagId, TagSet};
pub use text_index::TextIndex;
