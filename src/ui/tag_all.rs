//! "Tag all occurrences in the folder": finds a text in every article script-insensitively
//! (in each article's 简 view, so `黃坤明` also finds `黄坤明`), shows the count first, then
//! creates the annotations as one undo step. Searching and applying run on worker threads.

use std::ops::Range;
use std::path::PathBuf;

use super::annotations::{SharedStore, lock};
use super::command::Command;
use crate::annotate::{Annotation, Edit, TagId, find_occurrences};
use crate::corpus::Article;
use crate::jobs::Job;
use crate::text::clean::clean;
use crate::text::convert::{Converter, Target};
use crate::text::{View, ViewKind};

/// What the search found in one article: Original char ranges.
pub struct Found {
    path: PathBuf,
    original: String,
    ranges: Vec<Range<usize>>,
}

enum SearchEvent {
    Progress(usize),
    Found(Found),
    Failed(String),
}

enum State {
    Searching {
        job: Job<SearchEvent>,
        done: usize,
        found: Vec<Found>,
    },
    Ready(Vec<Found>),
    Applying(Job<Result<usize, String>>),
}

/// The dialog and its jobs.
#[derive(Default)]
pub struct TagAll {
    state: Option<State>,
    needle: String,
    tag: Option<TagId>,
    total: usize,
    failures: Vec<String>,
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
        // Case is kept: only the script is folded, which keeps char offsets exact.
        let mut simplified = String::new();
        Converter::get(Target::Simplified).convert_into(&needle, &mut simplified);
        let job = Job::spawn("pizhu-find-all", notify, move |reporter| {
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

    /// True while the dialog is shown.
    pub fn is_open(&self) -> bool {
        self.state.is_some()
    }

    /// True while a search or an apply is running.
    pub fn is_busy(&self) -> bool {
        matches!(
            self.state,
            Some(State::Searching { .. } | State::Applying(_))
        )
    }

    /// Polls the jobs and draws the dialog. Returns how many annotations were created when an
    /// apply finished (or its error).
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        store: Option<&SharedStore>,
        tag_label: &str,
        commands: &mut Vec<Command>,
    ) -> Option<Result<usize, String>> {
        let mut finished = None;
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
            }
            Some(State::Applying(job)) => {
                if let Some(result) = job.drain().pop() {
                    finished = Some(result);
                }
                if job.is_finished() {
                    self.state = None;
                }
            }
            Some(State::Ready(_)) | None => {}
        }
        let Some(state) = &self.state else {
            return finished;
        };
        let mut close = false;
        let mut apply = false;
        egui::Window::new("全部标注 Tag all in folder")
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
                                .text(format!("搜索 Searching {done} / {}", self.total)),
                        );
                        if ui.button("取消 Cancel").clicked() {
                            close = true;
                        }
                    }
                    State::Ready(found) => {
                        let count: usize = found.iter().map(|f| f.ranges.len()).sum();
                        ui.label(format!(
                            "Found {count} occurrences in {} of {} articles (simplified and traditional alike).",
                            found.len(),
                            self.total
                        ));
                        if !self.failures.is_empty() {
                            ui.label(format!("{} articles could not be read.", self.failures.len()));
                        }
                        ui.label("Occurrences already tagged this way are left alone. One undo step.");
                        ui.horizontal(|ui| {
                            if ui
                                .add_enabled(count > 0 && store.is_some(), egui::Button::new("全部标注 Tag all"))
                                .clicked()
                            {
                                apply = true;
                            }
                            if ui.button("取消 Cancel").clicked() {
                                close = true;
                            }
                        });
                    }
                    State::Applying(_) => {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label("标注中 Tagging…");
                        });
                    }
                }
            });
        if close {
            self.state = None;
        }
        if apply && let (Some(State::Ready(found)), Some(store)) = (self.state.take(), store) {
            let store = store.clone();
            let tag = self.tag.clone();
            let ctx = ctx.clone();
            match Job::spawn(
                "pizhu-tag-all",
                move || ctx.request_repaint(),
                move |reporter| {
                    reporter.send(apply_all(&store, found, tag));
                },
            ) {
                Ok(job) => self.state = Some(State::Applying(job)),
                Err(error) => finished = Some(Err(format!("cannot start: {error}"))),
            }
        }
        let _ = commands;
        finished
    }
}

/// Finds `simplified` in the 简 view of the article at `path`; ranges in Original chars.
fn search(path: &std::path::Path, simplified: &str) -> Result<Option<Found>, String> {
    let article = Article::load(path).map_err(|e| e.to_string())?;
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
        original,
        ranges,
    }))
}

/// Opens every article's annotations and creates the missing ones as one undo step.
fn apply_all(store: &SharedStore, found: Vec<Found>, tag: Option<TagId>) -> Result<usize, String> {
    let mut edits = Vec::new();
    for article in found {
        // Lock per article, so the window stays responsive between them.
        let mut store = lock(store);
        let key = store
            .open_document(&article.path, article.original.as_str())
            .map_err(|e| e.to_string())?
            .key;
        let Some(text) = store.text(&key) else {
            continue;
        };
        let existing = store.annotations(&key);
        for range in article.ranges {
            if existing.iter().any(|a| a.range() == range && a.tag == tag) {
                continue;
            }
            let annotation =
                Annotation::new_in(text, range, tag.clone(), "").map_err(|e| e.to_string())?;
            edits.push((key.clone(), Edit::Create(annotation)));
        }
    }
    let count = edits.len();
    lock(store).edit_many(edits).map_err(|e| e.to_string())?;
    Ok(count)
}
