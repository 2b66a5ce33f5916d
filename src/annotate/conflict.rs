//! Save conflicts that cannot be merged: a sidecar or `pizhu.ron` that someone else changed on
//! disk since the store read it, into something this version cannot read (it does not parse, or
//! a newer Pizhu wrote it). Everything else is merged by the save itself
//! ([`save`](super::save), [`merge`](mod@super::merge)). Kept until the user picks a
//! [`Resolution`]; applying it touches memory only.
//!
//! Offsets in the annotations kept here are chars of the article's Original text.

use super::document::Document;
use super::merge::MergeReport;
use super::sidecar::{DiskState, SidecarError};
use super::store::StoreError;

/// How to resolve a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Merge with their version. Their version is unreadable whenever a conflict is left to
    /// resolve (readable ones are merged by the save), so this is refused with
    /// [`StoreError::TheirsUnreadable`]; kept for callers that ask anyway.
    Merge,
    /// Keep the in-memory version: the next save overwrites their damaged file. Refused for a
    /// file from a newer Pizhu ([`StoreError::TheirsNewer`]): that would drop its new fields.
    KeepOurs,
    /// Drop the in-memory version and take theirs: the document becomes read-only with their
    /// file's error, as if it had been opened so, until the file is fixed and reopened.
    TakeTheirs,
}

/// A conflict found by a save, waiting for a [`Resolution`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingConflict {
    /// What is on disk.
    pub found: DiskState,
    /// Why their version cannot be merged (one sentence naming the file).
    pub problem: String,
    /// Their file is from a newer Pizhu: it must never be overwritten.
    pub newer: bool,
}

impl PendingConflict {
    /// The conflict a save reports for their unreadable file.
    pub(super) fn new(found: DiskState, problem: &SidecarError) -> Self {
        Self {
            found,
            problem: problem.to_string(),
            newer: problem.is_newer_version(),
        }
    }
}

/// A `pizhu.ron` conflict found by a save, waiting for a [`Resolution`].
#[derive(Clone, Debug)]
pub(super) struct CorpusConflict {
    /// What is on disk, and why it cannot be merged.
    pub(super) pending: PendingConflict,
}

impl Document {
    /// Applies `how` to this document's `conflict` (taken from it). When the resolution is
    /// refused, the conflict is put back.
    pub(super) fn resolve(
        &mut self,
        conflict: PendingConflict,
        how: Resolution,
    ) -> Result<Option<MergeReport>, StoreError> {
        match how {
            Resolution::Merge => {
                let path = self.sidecar_path.clone();
                self.conflict = Some(conflict);
                Err(StoreError::TheirsUnreadable(path))
            }
            Resolution::KeepOurs if conflict.newer => {
                let path = self.sidecar_path.clone();
                self.conflict = Some(conflict);
                Err(StoreError::TheirsNewer(path))
            }
            Resolution::KeepOurs => {
                self.disk = conflict.found;
                self.dirty = true;
                self.revision += 1;
                Ok(None)
            }
            Resolution::TakeTheirs => {
                self.annotations.clear();
                self.anchors.clear();
                self.base.clear();
                self.disk = conflict.found;
                self.dirty = false;
                self.revision += 1;
                self.load_error = Some(SidecarError::Unreadable {
                    path: self.sidecar_path.clone(),
                    problem: conflict.problem,
                });
                Ok(None)
            }
        }
    }
}

impl CorpusConflict {
    /// Applies `how` to our `pizhu.ron`: only `KeepOurs` of a damaged (not newer) file can be
    /// applied; returns the disk state the next save expects to replace.
    pub(super) fn resolve(
        &self,
        how: Resolution,
        path: &std::path::Path,
    ) -> Result<DiskState, StoreError> {
        match how {
            Resolution::Merge | Resolution::TakeTheirs => {
                Err(StoreError::TheirsUnreadable(path.to_owned()))
            }
            Resolution::KeepOurs if self.pending.newer => {
                Err(StoreError::TheirsNewer(path.to_owned()))
            }
            Resolution::KeepOurs => Ok(self.pending.found.clone()),
        }
    }
}
