//! "Tag all occurrences in the folder": finds a text in every article script-insensitively
//! (in each article's 简 view, so `黃坤明` also finds `黄坤明`), shows the count first, then, once
//! confirmed, builds the annotations. Searching and building run on worker threads (so does
//! converting the text to 简: the first conversion may build the dictionaries); the workers
//! never write the store: the app inserts the documents they loaded and creates the annotations
//! (one undo step) as a command, like every other edit. An article whose annotations are
//! read-only is skipped and reported, not a reason to tag none.
//!
//! Offsets are Original chars. The search keeps only ranges, never whole texts.

use std::ops::Range;
use std::path::PathBuf;

use super::annotations::{SharedStore, lock};
use super::command::Command;
use super::i18n::{DialogText, TagText as T, tr, trf};
use crate::annotate::{
    Annotation, DocKey, DocumentLoader, Edit, LoadedDocument, StoreError, TagId, find_occurrences,
};
use crate::corpus::{Article, ArticleError};
use crate::jobs::Job;
use crate::text::clean::clean;
use crate::text::convert::{Converter, Target};
use crate::text::{View, ViewKind};

/// What the search found in one article: Original char ranges (not the text: a folder of
/// 100 000 articles would keep them all).
pub struct Found {
    path: PathBuf,
    ranges: Vec<Range<usize>>,
}

enum SearchEvent {
    Progress(usize),
    Found(Found),
    Failed(ArticleError),
}

/// What confirming the dialog produces: the annotations to create, per article, the documents
/// that had to be opened for them, and the articles skipped.
#[derive(Debug, Default)]
pub struct Prepared {
    /// Documents not open in the store yet, loaded on the worker.
    pub documents: Vec<LoadedDocument>,
    /// The annotations to create.
    pub edits: Vec<(DocKey, Edit)>,
    /// Articles left alone, with the reason (read-only annotations, unreadable article).
    pub skipped: Vec<String>,
}

enum State {
    Searching {
        job: Job<SearchEvent>,
        done: usize,
        found: Vec<Found>,
    },
    Ready(Vec<Found>),
    /// Confirmed: opening the articles' annotations and building the new ones.
    /// The worker's result, and the articles it skipped for reasons the UI thread words.
    Preparing(Job<(Prepared, Vec<Skip>)>),
}

/// The dialog and its jobs.
#[derive(Default)]
pub struct TagAll {
    state: Option<State>,
    needle: String,
    tag: Option<TagId>,
    total: usize,
    /// Articles the search could not read.
    failures: Vec<ArticleError>,
    /// The search covers the whole folder (else the open article only).
    whole_folder: bool,
}

impl TagAll {
    /// Starts searching `paths` for `needle` (in simplified form).
    pub fn start(
        &mut self,
        needle: String,
        tag: Option<TagId>,
        paths: Vec<PathBuf>,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<()> {
        self.total = paths.len();
        self.failures.clear();
        let target = needle.clone();
        let job = Job::spawn("pizhu-find-all", notify, move |reporter| {
            // Case is kept: only the script is folded, which keeps char offsets exact.
            let mut simplified = String::new();
            Converter::get(Target::Simplified).convert_into(&target, &mut simplified);
            for (i, path) in paths.into_iter().enumerate() {
                if reporter.is_cancelled() {
                    return;
                }
                match search(&path, &simplified) {
                    Ok(Some(found)) => {
                        reporter.send(SearchEvent::Found(found));
                    }
                    Ok(None) => {}
                    Err(error) => {
                        reporter.send(SearchEvent::Failed(error));
                    }
                }
                if i % 16 == 0 {
                    reporter.send(SearchEvent::Progress(i + 1));
                }
            }
        })?;
        self.needle = needle;
        self.tag = tag;
        self.state = Some(State::Searching {
            job,
            done: 0,
            found: Vec::new(),
        });
        Ok(())
    }

    /// Whether the next search covers the whole folder or the open article only.
    pub fn set_whole_folder(&mut self, whole_folder: bool) {
        self.whole_folder = whole_folder;
    }

    /// Whether the search covers the whole folder.
    pub fn whole_folder(&self) -> bool {
        self.whole_folder
    }

    /// True while a search or the building of the annotations is running.
    pub fn is_busy(&self) -> bool {
        matches!(
            self.state,
            Some(State::Searching { .. } | State::Preparing(_))
        )
    }

    /// Stops whatever runs and closes the dialog (the folder changed).
    pub fn cancel(&mut self) {
        // Dropping a job cancels it.
        self.state = None;
        self.failures.clear();
    }

    /// Takes the jobs' news. Returns the annotations to create once they are built. Call once
    /// per frame.
    pub fn poll(&mut self) -> Option<Prepared> {
        match &mut self.state {
            Some(State::Searching { job, done, found }) => {
                for event in job.drain() {
                    match event {
                        SearchEvent::Progress(n) => *done = n,
                        SearchEvent::Found(f) => found.push(f),
                        SearchEvent::Failed(e) => self.failures.push(e),
                    }
                }
                if job.is_finished() {
                    let found = std::mem::take(found);
                    self.state = Some(State::Ready(found));
                }
                None
            }
            Some(State::Preparing(job)) => {
                let prepared = job.drain().pop();
                if job.is_finished() {
                    self.state = None;
                }
                prepared.map(|(mut prepared, skips)| {
                    prepared.skipped.extend(skips.iter().map(Skip::sentence));
                    prepared
                })
            }
            Some(State::Ready(_)) | None => None,
        }
    }

    /// Builds the annotations for what the search found, on a worker thread (after the user
    /// confirmed). Does nothing unless a search is ready.
    pub fn prepare(
        &mut self,
        store: &SharedStore,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<()> {
        let Some(State::Ready(found)) = self.state.take() else {
            return Ok(());
        };
        let store = store.clone();
        let loader = lock(&store).loader();
        let tag = self.tag.clone();
        let job = Job::spawn("pizhu-tag-all", notify, move |reporter| {
            if let Some(prepared) =
                prepare_all(&store, &loader, found, tag, || reporter.is_cancelled())
            {
                reporter.send(prepared);
            }
        })?;
        self.state = Some(State::Preparing(job));
        Ok(())
    }

    /// Draws the dialog. `can_tag`: the folder's annotations are open.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        tag_label: &str,
        can_tag: bool,
        commands: &mut Vec<Command>,
    ) {
        let Some(state) = &self.state else {
            return;
        };
        let mut close = false;
        let title = tr(if self.whole_folder {
            T::TagAllInFolder
        } else {
            T::TagAllInArticle
        });
        egui::Window::new(title)
            .id(egui::Id::unique(if self.whole_folder {
                "pizhu-tag-all-folder"
            } else {
                "pizhu-tag-all-article"
            }))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.label(format!("“{}” → {tag_label}", self.needle));
                match state {
                    State::Searching { done, .. } => {
                        let progress = *done as f32 / self.total.max(1) as f32;
                        ui.add(
                            egui::ProgressBar::new(progress)
                                .text(trf(T::Searching, &[("done", done), ("total", &self.total)])),
                        );
                        if ui.button(tr(DialogText::Cancel)).clicked() {
                            close = true;
                        }
                    }
                    State::Ready(found) => {
                        let count: usize = found.iter().map(|f| f.ranges.len()).sum();
                        if self.whole_folder {
                            ui.label(trf(
                                T::FoundInFolder,
                                &[
                                    ("count", &count),
                                    ("articles", &found.len()),
                                    ("total", &self.total),
                                ],
                            ));
                        } else {
                            ui.label(trf(T::FoundInArticle, &[("count", &count)]));
                        }
                        if !self.failures.is_empty() {
                            ui.label(trf(T::Unreadable, &[("n", &self.failures.len())]));
                        }
                        ui.label(tr(T::LeftAlone));
                        ui.horizontal(|ui| {
                            if ui
                                .add_enabled(count > 0 && can_tag, egui::Button::new(tr(T::TagAll)))
                                .clicked()
                            {
                                commands.push(Command::ConfirmTagAll);
                            }
                            if ui.button(tr(DialogText::Cancel)).clicked() {
                                close = true;
                            }
                        });
                    }
                    State::Preparing(_) => {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(tr(T::Tagging));
                        });
                    }
                }
            });
        if close {
            self.state = None;
        }
    }
}

/// Finds `simplified` in the 简 view of the article at `path`; ranges in Original chars.
fn search(path: &std::path::Path, simplified: &str) -> Result<Option<Found>, ArticleError> {
    let article = Article::load(path)?;
    let original = article.decoded.text;
    let view = View::from_clean(&clean(&original), ViewKind::Simplified);
    let ranges: Vec<Range<usize>> = find_occurrences(&view.text, simplified)
        .into_iter()
        .map(|r| view.original_range(r))
        .filter(|r| !r.is_empty())
        .collect();
    if ranges.is_empty() {
        return Ok(None);
    }
    Ok(Some(Found {
        path: path.to_owned(),
        ranges,
    }))
}

/// Builds the missing annotations of every article (the app creates them): reads each article
/// again, and loads its annotations unless the store has them open (the store's lock is held
/// only to look, never across I/O). `None` when cancelled.
fn prepare_all(
    store: &SharedStore,
    loader: &DocumentLoader,
    found: Vec<Found>,
    tag: Option<TagId>,
    cancelled: impl Fn() -> bool,
) -> Option<(Prepared, Vec<Skip>)> {
    let mut prepared = Prepared::default();
    let mut skips = Vec::new();
    for article in found {
        if cancelled() {
            return None;
        }
        let name = article.path.display().to_string();
        let original = match Article::load(&article.path) {
            Ok(loaded) => loaded.decoded.text,
            Err(error) => {
                prepared.skipped.push(error.to_string());
                continue;
            }
        };
        let Ok(key) = loader.key_for(&article.path) else {
            skips.push(Skip::OutsideFolder(name));
            continue;
        };
        // What is already tagged this way: from the store if open, else from the file.
        let open: Option<Vec<Range<usize>>> = {
            let store = lock(store);
            store.is_open(&key).then(|| {
                store
                    .annotations(&key)
                    .iter()
                    .filter(|a| a.tag == tag)
                    .map(Annotation::range)
                    .collect()
            })
        };
        let text = crate::annotate::TextIndex::new(original);
        let existing = match open {
            Some(existing) => existing,
            None => {
                let loaded = match loader.load(&article.path, text.shared_text()) {
                    Ok(loaded) => loaded,
                    Err(error) => {
                        prepared.skipped.push(format!("{name}: {error}"));
                        continue;
                    }
                };
                if let Some(error) = loaded.load_error() {
                    skips.push(Skip::ReadOnly(name, error.to_string()));
                    continue;
                }
                let existing = loaded
                    .annotations()
                    .iter()
                    .filter(|a| a.tag == tag)
                    .map(Annotation::range)
                    .collect();
                prepared.documents.push(loaded);
                existing
            }
        };
        for range in article.ranges {
            if existing.contains(&range) {
                continue;
            }
            match Annotation::new_in(&text, range, tag.clone(), "") {
                Ok(annotation) => prepared.edits.push((key.clone(), Edit::Create(annotation))),
                Err(error) => prepared.skipped.push(format!("{name}: {error}")),
            }
        }
    }
    Some((prepared, skips))
}

/// An article the worker left alone for a reason the window words (on the UI thread).
enum Skip {
    /// Its path is not inside the open folder.
    OutsideFolder(String),
    /// Its annotations file could not be read: (path, why).
    ReadOnly(String, String),
}

impl Skip {
    fn sentence(&self) -> String {
        match self {
            Self::OutsideFolder(name) => trf(T::OutsideFolder, &[("name", name)]),
            Self::ReadOnly(name, error) => trf(T::ReadOnly, &[("name", name), ("error", error)]),
        }
    }
}

/// Why a prepared edit was not applied, as one sentence.
pub fn skipped_sentence(key: &DocKey, error: &StoreError) -> String {
    format!("{key}: {error}")
}
