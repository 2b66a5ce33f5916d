//! The open folder's annotation store as the window uses it: shared with the workers, edits and
//! undo (called by the app's command handling only), and debounced background saves.
//!
//! Offsets in the store are Original chars (the reader maps them into a view, `reader/overlay.rs`).

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::annotate::{AnnotationStore, DocKey, Edit, SaveOutcome, SidecarError, StoreError};
use crate::jobs::Job;

/// How long after an edit the annotations are written.
const SAVE_DELAY: Duration = Duration::from_millis(800);

/// The save state shown in the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Everything is on disk.
    Saved,
    /// Edits wait for the debounce.
    Unsaved,
    /// A save is running.
    Saving,
    /// The last save failed or met a conflict; nothing was overwritten. The sentence shown.
    Error(String),
}

/// Why a save did not write a file. Nothing was overwritten; the edits stay in memory.
#[derive(Debug, thiserror::Error)]
pub enum SaveProblem {
    /// The file changed on disk since it was read.
    #[error("{} changed on disk: not overwritten (reload the article to merge)", .0.display())]
    Conflict(PathBuf),
    /// Writing failed.
    #[error("cannot save: {0}")]
    Failed(SidecarError),
    /// The saving thread could not be started.
    #[error("cannot save: {0}")]
    CannotStart(std::io::Error),
}

/// A shared store: the UI edits it, a worker saves it.
pub type SharedStore = Arc<Mutex<AnnotationStore>>;

/// Locks the store, recovering from a poisoned lock (a panicked saver must not lose edits).
pub fn lock(store: &SharedStore) -> MutexGuard<'_, AnnotationStore> {
    store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The annotations of the open folder.
pub struct Annotations {
    /// The store.
    pub store: SharedStore,
    /// Bumped on every change, so views know to rebuild their overlays.
    pub generation: u64,
    /// What the status bar says.
    pub save_state: SaveState,
    save_due: Option<Instant>,
    saving: Option<Job<Vec<SaveProblem>>>,
}

impl Annotations {
    /// Wraps an opened store.
    pub fn new(store: AnnotationStore) -> Self {
        Self {
            store: Arc::new(Mutex::new(store)),
            generation: 0,
            save_state: SaveState::Saved,
            save_due: None,
            saving: None,
        }
    }

    /// Applies `edit` to document `key` as one undo step.
    pub fn edit(&mut self, key: &DocKey, edit: Edit) -> Result<(), StoreError> {
        let result = lock(&self.store).edit(key, edit);
        if result.is_ok() {
            self.changed();
        }
        result
    }

    /// Applies edits to several documents as one undo step (all or none).
    pub fn edit_many(&mut self, edits: Vec<(DocKey, Edit)>) -> Result<(), StoreError> {
        let result = lock(&self.store).edit_many(edits);
        if result.is_ok() {
            self.changed();
        }
        result
    }

    /// Undoes the last edit, in whatever article it was.
    pub fn undo(&mut self) -> Result<Option<DocKey>, StoreError> {
        let result = lock(&self.store).undo();
        if matches!(result, Ok(Some(_))) {
            self.changed();
        }
        result
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) -> Result<Option<DocKey>, StoreError> {
        let result = lock(&self.store).redo();
        if matches!(result, Ok(Some(_))) {
            self.changed();
        }
        result
    }

    /// Records that the store changed (for overlays and the debounced save).
    pub fn changed(&mut self) {
        self.generation += 1;
        self.save_due = Some(Instant::now() + SAVE_DELAY);
        if self.saving.is_none() {
            self.save_state = SaveState::Unsaved;
        }
    }

    /// Starts a due save on a worker thread and collects a finished one. Call once per frame.
    /// Returns what the finished save could not write.
    pub fn poll_saves(&mut self, notify: impl Fn() + Send + Sync + 'static) -> Vec<SaveProblem> {
        let mut problems = Vec::new();
        if let Some(saving) = &mut self.saving {
            let reports: Vec<SaveProblem> = saving.drain().into_iter().flatten().collect();
            if saving.is_finished() {
                self.saving = None;
                self.save_state = match reports.first() {
                    Some(problem) => SaveState::Error(problem.to_string()),
                    None if self.save_due.is_some() => SaveState::Unsaved,
                    None => SaveState::Saved,
                };
                problems = reports;
            }
        }
        if self.saving.is_none() && self.save_due.is_some_and(|due| Instant::now() >= due) {
            self.save_due = None;
            let store = Arc::clone(&self.store);
            match Job::spawn("pizhu-save", notify, move |reporter| {
                reporter.send(save_now(&store));
            }) {
                Ok(job) => {
                    self.saving = Some(job);
                    self.save_state = SaveState::Saving;
                }
                Err(error) => {
                    let problem = SaveProblem::CannotStart(error);
                    self.save_state = SaveState::Error(problem.to_string());
                    problems.push(problem);
                }
            }
        }
        problems
    }

    /// When the next save is due (for scheduling a repaint).
    pub fn save_due_in(&self) -> Option<Duration> {
        self.save_due
            .map(|due| due.saturating_duration_since(Instant::now()))
    }

    /// Saves everything now, on this thread (on exit). Returns the problems.
    pub fn save_blocking(&mut self) -> Vec<SaveProblem> {
        self.save_due = None;
        save_now(&self.store)
    }
}

/// Writes every dirty file; returns the files that could not be saved.
fn save_now(store: &SharedStore) -> Vec<SaveProblem> {
    lock(store)
        .save_dirty()
        .into_iter()
        .filter_map(|report| match report.outcome {
            SaveOutcome::Saved => None,
            SaveOutcome::Conflict => Some(SaveProblem::Conflict(report.path)),
            SaveOutcome::Failed(error) => Some(SaveProblem::Failed(error)),
        })
        .collect()
}
