//! What the app does each frame besides drawing: takes the news of the background jobs (scan,
//! article load, saves, annotation count, "tag all") and updates the state. Nothing here draws.

use std::sync::Arc;

use super::PizhuApp;
use crate::annotate::{AnnotationStore, StorageKind, StoreError};
use crate::ui::annotations::{self, Annotations};
use crate::ui::command::Command;
use crate::ui::document::{self, Loaded};
use crate::ui::error::UiError;
use crate::ui::reader::Reader;
use crate::ui::status_bar::Level;

impl PizhuApp {
    /// What `eframe::App::logic` does before each frame (and while the window is hidden): takes
    /// the scan's news, finished saves, annotation counts, a finished article load and the
    /// "tag all" jobs' news.
    pub(super) fn poll_jobs(&mut self) {
        let update = self.library.poll_scan();
        if update.replaced {
            self.folder_replaced(update.store);
        }
        let (replaced, index) = (update.replaced, update.index);
        self.poll_saves();
        if let Some(error) = update.failed {
            self.report_error(UiError::Scan(error));
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
        self.poll_load();
        self.poll_search(replaced, index);
        if let Some(prepared) = self.panels.tag_all.poll() {
            match prepared {
                Ok(edits) => self.send(Command::ApplyTagAll(edits)),
                Err(error) => self.report_error(error),
            }
        }
    }

    /// A newly scanned folder replaced the open one: save and close the old one's annotations,
    /// open the new store (`store`), and open its first article once listed.
    fn folder_replaced(&mut self, store: Option<Result<AnnotationStore, StoreError>>) {
        let root = self.library.corpus.root.clone();
        self.save_annotations_now();
        self.current = None;
        self.reader = Reader::default();
        self.focus.clear();
        self.select_first_on_scan = true;
        self.settings.remember_folder(root);
        self.annotations = match store {
            Some(Ok(store)) => {
                if *store.location().kind() == StorageKind::DataDir {
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
                Some(Annotations::new(store))
            }
            Some(Err(error)) => {
                self.report_error(UiError::OpenStore(error));
                None
            }
            None => None,
        };
    }

    /// Starts a due save and reports what a finished one could not write.
    fn poll_saves(&mut self) {
        let notify = self.notify();
        let Some(annotations) = &mut self.annotations else {
            return;
        };
        let problems = annotations.poll_saves(notify);
        if let Some(due) = annotations.save_due_in() {
            self.ctx.request_repaint_after(due);
        }
        for problem in problems {
            self.report_error(problem);
        }
    }

    /// Shows a finished article load (unless the user already left that article).
    fn poll_load(&mut self) {
        let Some(loading) = &mut self.reader.loading else {
            return;
        };
        let Some(result) = loading.poll() else {
            return;
        };
        let id = loading.id;
        self.reader.loading = None;
        if Some(id) != self.current {
            return;
        }
        match result {
            Ok(Loaded {
                document,
                annotations,
            }) => {
                match annotations {
                    Some(Ok(report)) => {
                        let notice = self.annotations.as_ref().and_then(|a| {
                            document::open_notice(&report, &annotations::lock(&a.store))
                        });
                        if let Some(notice) = notice {
                            self.report(Level::Info, notice);
                        }
                    }
                    Some(Err(error)) => self.report_error(UiError::OpenAnnotations(error)),
                    None => {}
                }
                self.reader.show_document(Arc::new(document));
            }
            Err(error) => {
                let error = UiError::Load(error);
                self.reader.document = None;
                self.reader.load_error = Some(error.to_string());
                self.report_error(error);
            }
        }
    }
}
