//! What the app does each frame besides drawing: drains the scan, article loads, saves and the
//! annotation count.

use std::path::PathBuf;

use super::{Level, PizhuApp, Reader, annotations};
use crate::corpus::ArticleId;

impl PizhuApp {
    /// Drains background work: scan messages and a finished article load.
    pub(super) fn poll_jobs(&mut self) {
        let mut update = self.library.poll_scan();
        if let Some(store) = update.store.take() {
            self.pending_store = Some(store);
        }
        if update.replaced {
            let root = self.library.corpus.root.clone();
            self.save_annotations_now();
            self.current = None;
            self.reader = Reader::default();
            self.selected_annotation = None;
            self.note_draft = None;
            self.select_first_on_scan = true;
            self.settings.remember_folder(root);
            self.annotations = match self.pending_store.take() {
                Some(Ok(store)) => {
                    if *store.location().kind() == crate::annotate::StorageKind::DataDir {
                        let text = format!(
                            "This folder is read-only: annotations are kept in {}.",
                            store.location().sidecar_root().display()
                        );
                        self.report(Level::Info, text);
                    }
                    if let Some(error) = store.corpus_load_error() {
                        let text =
                            format!("The tag set file is damaged and was left untouched: {error}");
                        self.report(Level::Error, text);
                    }
                    Some(annotations::Annotations::new(store))
                }
                Some(Err(error)) => {
                    self.report(
                        Level::Error,
                        format!("Annotations are unavailable: {error}"),
                    );
                    None
                }
                None => None,
            };
        }
        if update.failed.is_some() {
            self.pending_store = None;
        }
        let notify = self.notify();
        if let Some(annotations) = &mut self.annotations {
            let problems = annotations.poll_saves(notify);
            if let Some(due) = annotations.save_due_in() {
                self.ctx.request_repaint_after(due);
            }
            for problem in problems {
                self.report(Level::Error, problem);
            }
        }
        if let Some(message) = update.failed {
            self.report(
                Level::Error,
                format!("{message}. The current folder stays open."),
            );
        }
        if update.finished.is_some() {
            self.start_counting_annotations();
        }
        self.poll_annotation_counts();
        if let Some(summary) = update.finished
            && summary.skipped > 0
        {
            self.report(
                Level::Info,
                format!("{} files skipped (see the side panel).", summary.skipped),
            );
        }
        if self.select_first_on_scan
            && self.current.is_none()
            && let Some(first) = self.library.rows.first().copied()
        {
            self.select_first_on_scan = false;
            self.select_article(first);
        }
        if let Some(loading) = &mut self.reader.loading
            && let Some(result) = loading.poll()
        {
            let id = loading.id;
            self.reader.loading = None;
            // A load for an article the user already left is dropped.
            if Some(id) == self.current {
                match result {
                    Ok(document) => {
                        if let Some(notice) = &document.annotation_notice {
                            self.report(Level::Info, notice.clone());
                        }
                        self.reader.show_document(document);
                    }
                    Err(error) => {
                        self.reader.document = None;
                        self.reader.load_error = Some(error.clone());
                        self.report(Level::Error, error);
                    }
                }
            }
        }
    }

    /// Counts the annotations in every article's sidecar, on a worker thread.
    fn start_counting_annotations(&mut self) {
        self.annotation_counts.clear();
        let Some(annotations) = &self.annotations else {
            return;
        };
        let location = annotations::lock(&annotations.store).location().clone();
        let sidecars: Vec<(ArticleId, PathBuf)> = self
            .library
            .corpus
            .articles
            .iter()
            .enumerate()
            .filter_map(|(i, meta)| {
                let relative = meta.path.strip_prefix(location.corpus_root()).ok()?;
                Some((ArticleId(i), location.sidecar_path(relative)))
            })
            .collect();
        let job = crate::jobs::Job::spawn("pizhu-count", self.notify(), move |reporter| {
            for (id, path) in sidecars {
                if reporter.is_cancelled() {
                    return;
                }
                if let Ok(Some(loaded)) = crate::annotate::sidecar::read_sidecar(&path) {
                    reporter.send((id, loaded.value.annotations.len()));
                }
            }
        });
        match job {
            Ok(job) => self.count_job = Some(job),
            Err(error) => log::warn!("cannot count annotations: {error}"),
        }
    }

    fn poll_annotation_counts(&mut self) {
        if let Some(job) = &mut self.count_job {
            for (id, count) in job.drain() {
                self.annotation_counts.insert(id, count);
            }
            if job.is_finished() {
                self.count_job = None;
            }
        }
        // Open articles' counts follow their edits.
        let generation = self.annotations.as_ref().map_or(0, |a| a.generation);
        if generation != self.counted_generation
            && let Some(annotations) = &self.annotations
        {
            if self.relative_index.len() != self.library.corpus.articles.len() {
                self.relative_index = self
                    .library
                    .corpus
                    .articles
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (a.relative.clone(), ArticleId(i)))
                    .collect();
            }
            let store = annotations::lock(&annotations.store);
            for key in store.documents() {
                let relative = key.path().to_string_lossy();
                if let Some(id) = self.relative_index.get(relative.as_ref()) {
                    self.annotation_counts
                        .insert(*id, store.annotations(key).len());
                }
            }
            self.counted_generation = generation;
        }
    }
}
