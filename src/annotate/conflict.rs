//! Save conflicts: a sidecar or `pizhu.ron` that someone else changed on disk since the store
//! read it, kept until the user picks a [`Resolution`], and applying that resolution.
//!
//! Offsets in the annotations compared and merged here are chars of the article's Original text.
//! A save finds the conflict ([`AnnotationStore::save_dirty`](super::AnnotationStore::save_dirty));
//! the store hands it to `Document::resolve` or `CorpusConflict::resolve` and forgets undo
//! steps whose annotations were replaced.

use super::document::Document;
use super::merge::{MergeReport, merge};
use super::sidecar::{CorpusFile, DiskState, SidecarFile};
use super::store::StoreError;
use super::tags::Tag;

/// How to resolve a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Union by id, the later edit winning ([`merge`]); then save overwrites.
    Merge,
    /// Keep the in-memory version; the next save overwrites theirs.
    KeepOurs,
    /// Drop the in-memory version and take theirs.
    TakeTheirs,
}

/// A conflict found by a save, waiting for a [`Resolution`].
#[derive(Clone, Debug)]
pub struct PendingConflict {
    /// The on-disk version, if it exists and parses.
    pub theirs: Option<SidecarFile>,
    /// What is on disk.
    pub found: DiskState,
}

/// A `pizhu.ron` conflict found by a save, waiting for a [`Resolution`].
#[derive(Clone, Debug)]
pub(super) struct CorpusConflict {
    /// Their `pizhu.ron`, if it exists and parses.
    pub(super) theirs: Option<CorpusFile>,
    /// What is on disk.
    pub(super) found: DiskState,
}

impl Document {
    /// Applies `how` to this document's `conflict` (taken from it). `Merge` returns the merge
    /// report. Afterwards the document is unsaved (except after `TakeTheirs` with nothing to
    /// re-anchor). When their version is needed but unreadable, the conflict is put back.
    pub(super) fn resolve(
        &mut self,
        conflict: PendingConflict,
        how: Resolution,
    ) -> Result<Option<MergeReport>, StoreError> {
        let theirs = match (&conflict.theirs, &conflict.found) {
            (Some(file), _) => Some(file.annotations.clone()),
            (None, DiskState::Absent) => Some(Vec::new()),
            (None, DiskState::Present(_)) => None,
        };
        match how {
            Resolution::KeepOurs => {
                self.disk = conflict.found;
                self.dirty = true;
                Ok(None)
            }
            Resolution::TakeTheirs => {
                let Some(theirs) = theirs else {
                    let path = self.sidecar_path.clone();
                    self.conflict = Some(conflict);
                    return Err(StoreError::TheirsUnreadable(path));
                };
                self.annotations = theirs;
                self.disk = conflict.found;
                self.dirty = self.reanchor_all();
                Ok(None)
            }
            Resolution::Merge => {
                let Some(theirs) = theirs else {
                    let path = self.sidecar_path.clone();
                    self.conflict = Some(conflict);
                    return Err(StoreError::TheirsUnreadable(path));
                };
                let report = merge(&self.annotations, &theirs);
                self.annotations = report.annotations.clone();
                self.disk = conflict.found;
                self.reanchor_all();
                self.dirty = true;
                Ok(Some(report))
            }
        }
    }
}

impl CorpusConflict {
    /// Their file exists but does not parse, so it can be neither taken nor merged.
    pub(super) fn theirs_unreadable(&self) -> bool {
        self.theirs.is_none() && self.found != DiskState::Absent
    }

    /// Applies `how` to our `pizhu.ron` and returns the disk state the next save expects.
    /// `Merge` keeps our tags and adds theirs that we lack (without keys that are already
    /// taken), and likewise their user phrases; a tag that cannot be added stops the merge with
    /// its error.
    pub(super) fn resolve(
        self,
        ours: &mut CorpusFile,
        how: Resolution,
    ) -> Result<DiskState, StoreError> {
        match how {
            Resolution::KeepOurs => {}
            Resolution::TakeTheirs => {
                if let Some(theirs) = self.theirs {
                    *ours = theirs;
                }
            }
            Resolution::Merge => {
                // Their user phrases that we lack (same text and scope: ours wins).
                for phrase in self
                    .theirs
                    .iter()
                    .flat_map(|t| t.settings.user_phrases.iter())
                {
                    let ours_phrases = &mut ours.settings.user_phrases;
                    if !ours_phrases
                        .iter()
                        .any(|p| p.from == phrase.from && p.config == phrase.config)
                    {
                        ours_phrases.push(phrase.clone());
                    }
                }
                for tag in self.theirs.into_iter().flat_map(|t| t.tags.tags().to_vec()) {
                    if ours.tags.get(&tag.id).is_some() {
                        continue;
                    }
                    let key = tag.key.filter(|&k| ours.tags.by_key(k).is_none());
                    ours.tags.add(Tag { key, ..tag })?;
                }
            }
        }
        Ok(self.found)
    }
}
