//! What the app does each frame besides drawing: drains the scan, article loads, saves and the
//! annotation count.

use super::PizhuApp;
use crate::ui::annotations;
use crate::ui::reader::Reader;
use crate::ui::status_bar::Level;

impl PizhuApp {
    /// What `eframe::App::logic` does before each frame (and while the window is hidden): takes
    /// the scan's news, a finished article load, finished saves and annotation counts.
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
            self.focus.clear();
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
            let counting = self.counts.start(
                self.annotations.as_ref(),
                &self.library.corpus,
                self.notify(),
            );
            if let Err(error) = counting {
                log::warn!("cannot count annotations: {error}");
            }
        }
        self.counts
            .poll(self.annotations.as_ref(), &self.library.corpus);
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
}
