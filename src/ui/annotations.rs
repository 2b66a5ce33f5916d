//! The open folder's annotation store as the window uses it: shared with the workers, edits and
//! undo (called by the app's command handling only), and debounced background saves that never
//! hold the store's lock across I/O.
//!
//! A save is three steps ([`crate::annotate::save`]): the UI thread *snapshots* the dirty files
//! under the lock (cheap), a worker *writes* them (OS lock, merge, fsync, rename), and when it
//! finishes the app runs [`Command::RecordSaves`](super::command::Command::RecordSaves), which
//! *records* the result under the lock. Edits made during a write stay unsaved. A failed save
//! keeps the edits in memory, says why, retries with a growing pause, and offers the user data
//! folder when the corpus folder cannot be written.
//!
//! Offsets in the store are Original chars (the reader maps them into a view, `reader/overlay.rs`).

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::annotate::{
    AnnotationStore, DEFAULT_OPEN_DOCUMENTS, DocKey, Edit, MergeReport, SaveOutcome, SidecarError,
    StorageKind, StoreError, WrittenBatch,
};
use crate::jobs::Job;

/// How long after an edit the annotations are written.
const SAVE_DELAY: Duration = Duration::from_millis(800);
/// The longest pause between retries of a failing save.
const MAX_RETRY_PAUSE: Duration = Duration::from_secs(30);

/// The save state shown in the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Everything is on disk.
    Saved,
    /// Edits wait for the debounce.
    Unsaved,
    /// A save is running.
    Saving,
    /// The last save failed or met a conflict; nothing was overwritten and the edits are kept in
    /// memory. The sentence shown.
    Error(String),
}

/// Why a save did not write a file. Nothing was overwritten; the edits stay in memory.
#[derive(Debug, thiserror::Error)]
pub enum SaveProblem {
    /// The file changed on disk into something that cannot be merged.
    #[error("{0}")]
    Conflict(String),
    /// Writing failed.
    #[error("cannot save: {0}; your annotations are kept in memory")]
    Failed(SidecarError),
    /// The saving thread could not be started.
    #[error("cannot save: {0}; your annotations are kept in memory")]
    CannotStart(std::io::Error),
    /// On exit, a document that could not be saved was copied elsewhere.
    #[error("the annotations of {key} could not be saved to their file; a copy is in {}", path.display())]
    Rescued {
        /// The document.
        key: DocKey,
        /// Where the copy is.
        path: PathBuf,
    },
    /// On exit, a document could not be saved anywhere.
    #[error("the unsaved annotations of {key} could not be written anywhere: {error}")]
    Lost {
        /// The document.
        key: DocKey,
        /// Why the last attempt failed.
        error: Box<SidecarError>,
    },
    /// The saving thread stopped without a result.
    #[error("the save stopped unexpectedly; your annotations are kept in memory")]
    Stopped,
}

impl SaveProblem {
    /// The sentence the status bar shows, in the current language (UI thread only).
    pub fn message(&self) -> String {
        use super::i18n::{Status as S, tr, trf};
        match self {
            Self::Conflict(problem) => problem.clone(),
            Self::Failed(error) => trf(S::CannotSave, &[("error", error)]),
            Self::CannotStart(error) => trf(S::CannotSave, &[("error", error)]),
            Self::Rescued { key, path } => {
                trf(S::Rescued, &[("key", key), ("path", &path.display())])
            }
            Self::Lost { key, error } => trf(S::Lost, &[("key", key), ("error", error)]),
            Self::Stopped => tr(S::SaveStopped).to_owned(),
        }
    }
}

/// What recording a finished save found, for the status bar.
#[derive(Debug)]
pub enum SaveNews {
    /// A file could not be written.
    Problem(SaveProblem),
    /// Another program had changed a file; both versions were merged and written.
    Merged {
        /// The file.
        path: PathBuf,
        /// What the merge did.
        report: Box<MergeReport>,
    },
}

/// A shared store: the UI edits it, workers load documents for it and write its snapshots.
pub type SharedStore = Arc<Mutex<AnnotationStore>>;

/// Locks the store, recovering from a poisoned lock (a panicked worker must not lose edits).
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
    saving: Option<Job<WrittenBatch>>,
    /// A finished write, waiting for [`record_finished`](Self::record_finished).
    written: Option<WrittenBatch>,
    /// Saves that failed in a row (the retry pause doubles with each).
    failures: u32,
    /// The last failure was the corpus folder's: saving in the data folder would help.
    offer_data_dir: bool,
    /// The user data folder for "save in the data folder" (the platform's by default).
    data_dir: Option<PathBuf>,
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
            written: None,
            failures: 0,
            offer_data_dir: false,
            data_dir: crate::annotate::location::default_data_dir(),
        }
    }

    /// Uses `data_dir` as the user data folder (tests).
    pub fn set_data_dir(&mut self, data_dir: PathBuf) {
        self.data_dir = Some(data_dir);
    }

    /// Applies `edit` to document `key` as one undo step.
    pub fn edit(&mut self, key: &DocKey, edit: Edit) -> Result<(), StoreError> {
        let result = lock(&self.store).edit(key, edit);
        if result.is_ok() {
            self.changed();
        }
        result
    }

    /// Applies edits to several documents as one undo step, skipping (and returning) documents
    /// that refuse theirs. Returns how many edits were applied.
    pub fn edit_each(&mut self, edits: Vec<(DocKey, Edit)>) -> (usize, Vec<(DocKey, StoreError)>) {
        let (applied, skipped) = lock(&self.store).edit_each(edits);
        if applied > 0 {
            self.changed();
        }
        (applied, skipped)
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
        if self.saving.is_none() && !matches!(self.save_state, SaveState::Error(_)) {
            self.save_state = SaveState::Unsaved;
        }
    }

    /// Starts a due save on a worker thread (after a snapshot taken under the lock), and takes
    /// a finished write. Call once per frame. Returns true when a write finished: then run
    /// [`record_finished`](Self::record_finished) (the app does, as a command).
    pub fn poll_saves(
        &mut self,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> Result<bool, SaveProblem> {
        if let Some(saving) = &mut self.saving {
            let written = saving.drain().pop();
            if written.is_none() && !saving.is_finished() {
                return Ok(false);
            }
            self.saving = None;
            if written.is_none() {
                // The worker died (a panic is logged by the hook): nothing was recorded, the
                // documents are still unsaved; try again later.
                let pause = self.failed_again();
                let problem = SaveProblem::Stopped;
                self.save_state = SaveState::Error(retrying(&problem.message(), pause));
                return Err(problem);
            }
            self.written = written;
            return Ok(true);
        }
        if self.written.is_some() || self.save_due.is_none_or(|due| Instant::now() < due) {
            return Ok(false);
        }
        self.save_due = None;
        // Step 1 under the lock: copies, no I/O.
        let batch = lock(&self.store).snapshot();
        if batch.is_empty() {
            if !matches!(self.save_state, SaveState::Error(_)) || self.failures == 0 {
                self.save_state = SaveState::Saved;
            }
            return Ok(false);
        }
        // Step 2 on a worker: lock file, merge, fsync, rename. The store is not touched.
        match Job::spawn("pizhu-save", notify, move |reporter| {
            reporter.send(batch.write(None));
        }) {
            Ok(job) => {
                self.saving = Some(job);
                if !matches!(self.save_state, SaveState::Error(_)) {
                    self.save_state = SaveState::Saving;
                }
                Ok(false)
            }
            Err(error) => {
                self.failed_again();
                let problem = SaveProblem::CannotStart(error);
                self.save_state = SaveState::Error(problem.to_string());
                Err(problem)
            }
        }
    }

    /// Step 3: records the finished write under the lock, and says what the user should know.
    /// Failures keep the edits unsaved and schedule a retry; memory is trimmed to the documents
    /// worth keeping (`keep`: the one shown).
    pub fn record_finished(&mut self, keep: &[DocKey]) -> Vec<SaveNews> {
        let Some(written) = self.written.take() else {
            return Vec::new();
        };
        let mut store = lock(&self.store);
        let reports = store.record(written);
        let mut news = Vec::new();
        let mut failed = false;
        let mut disk_problem = false;
        for report in reports {
            match report.outcome {
                SaveOutcome::Saved => {}
                SaveOutcome::Merged(merge) => {
                    if !merge.took_nothing_from_theirs() || !merge.both_edited.is_empty() {
                        news.push(SaveNews::Merged {
                            path: report.path,
                            report: merge,
                        });
                    }
                }
                SaveOutcome::Conflict => {
                    let problem = match &report.target {
                        crate::annotate::SaveTarget::Document(key) => {
                            store.conflict(key).map(|c| c.problem.clone())
                        }
                        crate::annotate::SaveTarget::Corpus => {
                            store.corpus_conflict().map(|c| c.problem.clone())
                        }
                    };
                    news.push(SaveNews::Problem(SaveProblem::Conflict(
                        problem.unwrap_or_else(|| {
                            super::i18n::trf(
                                super::i18n::Status::ChangedOnDisk,
                                &[("path", &report.path.display())],
                            )
                        }),
                    )));
                }
                SaveOutcome::Failed(error) => {
                    failed = true;
                    disk_problem |= error.is_disk_problem();
                    news.push(SaveNews::Problem(SaveProblem::Failed(error)));
                }
            }
        }
        let beside = *store.location().kind() == StorageKind::BesideArticles;
        let unsaved = store.has_unsaved();
        store.evict_unused(keep, DEFAULT_OPEN_DOCUMENTS);
        drop(store);
        self.generation += 1;
        if failed {
            let pause = self.failed_again();
            self.offer_data_dir = disk_problem && beside;
            let first = news.iter().find_map(|n| match n {
                SaveNews::Problem(problem) => Some(problem.message()),
                SaveNews::Merged { .. } => None,
            });
            self.save_state = SaveState::Error(retrying(&first.unwrap_or_default(), pause));
        } else {
            self.failures = 0;
            self.offer_data_dir = false;
            let conflict = news.iter().find_map(|n| match n {
                SaveNews::Problem(problem) => Some(problem.message()),
                SaveNews::Merged { .. } => None,
            });
            self.save_state = match conflict {
                Some(text) => SaveState::Error(text),
                None if unsaved => SaveState::Unsaved,
                None => SaveState::Saved,
            };
            if unsaved && self.save_due.is_none() && self.save_state == SaveState::Unsaved {
                // Edited during the write: save those edits too.
                self.save_due = Some(Instant::now() + SAVE_DELAY);
            }
        }
        news
    }

    /// One more failure: schedules the retry and returns the pause before it.
    fn failed_again(&mut self) -> Duration {
        self.failures = self.failures.saturating_add(1);
        let pause =
            Duration::from_secs(1 << self.failures.min(5).saturating_sub(1)).min(MAX_RETRY_PAUSE);
        self.save_due = Some(Instant::now() + pause);
        pause
    }

    /// Saves now instead of at the next retry.
    pub fn retry_now(&mut self) {
        self.save_due = Some(Instant::now());
    }

    /// True when the last save failed because the corpus folder cannot be written, so the
    /// status bar offers the user data folder.
    pub fn offers_data_dir(&self) -> bool {
        self.offer_data_dir
    }

    /// Keeps this folder's annotations in the user data folder from now on, and saves there
    /// now. Touches no file on this thread. Returns the folder, or `None` when the platform
    /// has none.
    pub fn move_to_data_dir(&mut self) -> Option<PathBuf> {
        let data_dir = self.data_dir.clone()?;
        let mut store = lock(&self.store);
        store.move_to_data_dir(&data_dir);
        let root = store.location().sidecar_root().to_owned();
        drop(store);
        self.offer_data_dir = false;
        self.failures = 0;
        self.save_due = Some(Instant::now());
        self.save_state = SaveState::Unsaved;
        Some(root)
    }

    /// When the next save is due (for scheduling a repaint).
    pub fn save_due_in(&self) -> Option<Duration> {
        self.save_due
            .map(|due| due.saturating_duration_since(Instant::now()))
    }

    /// True while a write runs or waits to be recorded.
    pub fn is_saving(&self) -> bool {
        self.saving.is_some() || self.written.is_some()
    }

    /// Nothing unsaved and no save running (a folder left behind can be let go).
    pub fn is_settled(&self) -> bool {
        !self.is_saving() && !lock(&self.store).has_unsaved()
    }

    /// A save runs, waits to be recorded, or is scheduled (a retry included). Unsaved edits
    /// that wait for the user (a conflict) are not work.
    pub fn has_work(&self) -> bool {
        self.is_saving() || self.save_due.is_some()
    }

    /// Makes a save due now (a folder being left behind).
    pub fn save_soon(&mut self) {
        if self.save_due.is_none() {
            self.save_due = Some(Instant::now());
        }
    }

    /// Saves everything now, on this thread (on exit only: the window is closing). Waits for a
    /// running write first. Returns what could not be saved.
    pub fn save_blocking(&mut self) -> Vec<SaveProblem> {
        if let Some(saving) = self.saving.take() {
            self.written = saving.wait().pop();
        }
        let mut problems: Vec<SaveProblem> = self
            .record_finished(&[])
            .into_iter()
            .filter_map(|news| match news {
                SaveNews::Problem(problem) => Some(problem),
                SaveNews::Merged { .. } => None,
            })
            .collect();
        self.save_due = None;
        let batch = lock(&self.store).snapshot();
        if !batch.is_empty() {
            self.written = Some(batch.write(None));
            problems = self
                .record_finished(&[])
                .into_iter()
                .filter_map(|news| match news {
                    SaveNews::Problem(problem) => Some(problem),
                    SaveNews::Merged { .. } => None,
                })
                .collect();
        }
        // What still cannot be written is copied where it can be, never dropped in silence.
        for (key, rescued) in lock(&self.store).rescue_unsaved(self.data_dir.as_deref()) {
            problems.push(match rescued {
                Ok(path) => SaveProblem::Rescued { key, path },
                Err(error) => SaveProblem::Lost {
                    key,
                    error: Box::new(error),
                },
            });
        }
        problems
    }
}

/// The save state's sentence for a failed save: what failed, and when it is tried again.
fn retrying(problem: &str, pause: Duration) -> String {
    super::i18n::trf(
        super::i18n::Status::RetryingIn,
        &[("problem", &problem), ("seconds", &pause.as_secs())],
    )
}
