//! Annotations: the model, the sidecar files, re-anchoring and the store with undo.
//!
//! Every offset in this module is a Unicode code point (char) of an article's Original text,
//! half-open `[start, end)`; views map to and from it with their `OffsetMap`. No UI code here.
//!
//! - [`model`]: [`Annotation`], [`AnnotationId`].
//! - [`tags`]: [`TagSet`], [`Tag`], [`TagId`] (the default 人物 PER … 其他 MISC).
//! - [`sidecar`]: `<file>.annotations.ron` and `pizhu.ron`: types, RON text, parse errors with
//!   line and column, reading and writing them.
//! - [`disk`]: [`DiskState`] and atomic replacement.
//! - [`io`]: [`SidecarIo`], the file I/O behind a trait (tests inject slow or failing writers).
//! - [`lock`]: [`StorageLock`], the OS lock (`.pizhu.lock`) every writer holds from reading a
//!   file through replacing it.
//! - [`merge`](mod@merge): three-way [`merge`](merge()) by id of the base, our and their
//!   annotations (and [`merge_tags`] of tag sets).
//! - [`location`]: beside the articles, or the user data folder for read-only corpora.
//! - [`anchor`]: finding annotations again after an article changed.
//! - [`store`]: [`AnnotationStore`]: opening documents (also off-thread with a
//!   [`DocumentLoader`]), edit/undo/redo, saving, queries, tags, dropping unused documents.
//! - [`document`]: one opened article ([`DocKey`], [`Edit`], [`DocStatus`]).
//! - [`history`]: [`UndoHistory`], undo and redo steps across documents.
//! - [`conflict`]: [`PendingConflict`] (a file changed into something unreadable), [`Resolution`].
//! - [`save`]: [`SaveBatch`], [`SaveReport`]; a save snapshots, writes (under the OS lock,
//!   merging), then records.
//! - [`TextIndex`] and [`find_occurrences`] (from [`crate::text::chars`]): slicing by char.
//! - [`in_view`](mod@in_view): an annotation rendered in a view ([`in_view()`]): view range, quote, context,
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
pub mod conflict;
pub mod disk;
pub mod document;
pub mod history;
pub mod in_view;
pub mod io;
pub mod location;
pub mod lock;
pub mod merge;
pub mod model;
pub mod save;
pub mod sidecar;
pub mod store;
pub mod tags;

pub use crate::text::chars::{TextIndex, find_occurrences};
pub use anchor::{AnchorState, Location, locate, reanchor};
pub use conflict::{PendingConflict, Resolution};
pub use disk::DiskState;
pub use document::{AnchorSummary, DocKey, DocStatus, Edit};
pub use history::{HistoryEntry, UndoHistory};
pub use in_view::{InView, IndexedView, Placement, in_view};
pub use io::{FileSystem, SharedIo, SidecarIo};
pub use location::{StorageKind, StorageLocation};
pub use lock::{DEFAULT_LOCK_WAIT, LOCK_FILE_NAME, LockError, StorageLock};
pub use merge::{BothEdited, MergeReport, Side, merge, merge_corpus, merge_tags};
pub use model::{Annotation, AnnotationId, CONTEXT_CHARS, ModelError};
pub use save::{SaveBatch, SaveOutcome, SaveReport, SaveTarget, WrittenBatch};
pub use sidecar::{
    CorpusFile, CorpusSettings, DocumentHeader, InvalidContent, ParseProblem, SidecarError,
    SidecarFile,
};
pub use store::{
    AnnotationStore, DEFAULT_OPEN_DOCUMENTS, DocumentLoader, LoadedDocument, OpenReport, StoreError,
};
pub use tags::{Tag, TagError, TagId, TagSet};
