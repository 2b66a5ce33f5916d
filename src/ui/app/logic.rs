//! What the app does each frame besides drawing: takes the news of the background jobs (scan,
//! article load, saves, annotation count, "tag all", documents opened for an undo, the converter
//! warm-up, converters with user phrases, the open article rendered again) and updates the state. Nothing here draws, and nothing here waits on the disk:
//! results that change the annotation store come back as commands.

use std::sync::Arc;

use super::PizhuApp;
use crate::annotate::{AnnotationStore, StorageKind, StoreError};
use crate::jobs::Handoff;
use crate::ui::annotations::{self, Annotations, SaveNews};
use crate::ui::command::Command;
use crate::ui::document::{self, Loaded};
use crate::ui::error::UiError;
use crate::ui::i18n::{Status as S, tr, trf};
use crate::ui::reader::Reader;
use crate::ui::status_bar::Level;

impl PizhuApp {
    /// What `eframe::App::logic` does before each frame (and while the window is hidden): takes
    /// the scan's news, finished saves, annotation counts, a finished article load and the
    /// other jobs' news.
    pub(super) fn poll_jobs(&mut self) {
        self.poll_warm_up();
        let update = self.library.poll_scan();
        if update.replaced {
            self.folder_replaced(update.store);
        }
        let (replaced, index) = (update.replaced, update.index);
        self.poll_saves();
        self.poll_positions();
        if let Some(error) = update.failed {
            self.report_error(UiError::Scan(error));
        }
        if update.finished.is_some() {
            // The paths come from the scan worker: collecting 100 000 of them here took a
            // frame of tens of milliseconds.
            let listed = update.listed.unwrap_or_default();
            let counting = self
                .counts
                .start(self.annotations.as_ref(), listed, self.notify());
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
                trf(S::FilesSkipped, &[("n", &summary.skipped)]),
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
        self.poll_conversion();
        self.poll_export_import();
        if let Some(prepared) = self.panels.tag_all.poll() {
            self.send(Command::ApplyTagAll(Handoff::new(prepared)));
        }
        if let Some((job, undo)) = &mut self.replay_opening {
            let opened = job.drain().pop();
            if opened.is_some() || job.is_finished() {
                let undo = *undo;
                self.replay_opening = None;
                let opened = opened.unwrap_or_default();
                self.send(Command::ReplayOpened(Handoff::new(opened), undo));
            }
        }
    }

    /// Reports a converter warm-up that failed (the conversion then happens, slower, when a view
    /// first needs it).
    fn poll_warm_up(&mut self) {
        let Some(job) = &mut self.warm_up else {
            return;
        };
        let results = job.drain();
        if !job.is_finished() && results.is_empty() {
            return;
        }
        self.warm_up = None;
        match results.into_iter().next() {
            Some(Ok(())) => {}
            Some(Err(why)) => {
                self.report(Level::Error, trf(S::ConverterFailed, &[("error", &why)]))
            }
            None => self.report(Level::Error, tr(S::ConverterStopped).to_owned()),
        }
    }

    /// A newly scanned folder replaced the open one: the old folder's annotations keep saving
    /// in the background until they are on disk (never on this thread), the caches and jobs of
    /// the old folder are dropped, the new store (`store`) opens, and its first article once
    /// listed.
    fn folder_replaced(&mut self, store: Option<Result<AnnotationStore, StoreError>>) {
        let root = self.library.corpus.root.clone();
        if let Some(mut old) = self.annotations.take() {
            old.save_soon();
            self.retiring.push(old);
        }
        self.current = None;
        self.reader = Reader::default();
        self.focus.clear();
        self.counts.reset();
        self.panels.tag_all.cancel();
        self.replay_opening = None;
        self.select_first_on_scan = true;
        self.positions.open_corpus(root.clone(), self.notify());
        self.settings.remember_folder(root);
        self.annotations = match store {
            Some(Ok(store)) => {
                if *store.location().kind() == StorageKind::DataDir {
                    let text = trf(
                        S::KeptInDataDir,
                        &[("folder", &store.location().sidecar_root().display())],
                    );
                    self.report(Level::Info, text);
                }
                if let Some(error) = store.corpus_load_error() {
                    let text = trf(S::TagSetDamaged, &[("error", &error)]);
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
        self.refresh_user_phrases();
    }

    /// Takes converters built with user phrases (as a command) and a re-rendered article, and
    /// starts rendering the open article again when its 简/繁 views do not show what they should
    /// (another variant, source or user phrases, ambiguity marks turned on).
    fn poll_conversion(&mut self) {
        match self.conversion.poll() {
            Some(Ok(built)) => self.send(Command::ConvertersBuilt(built)),
            Some(Err(why)) => self.report(Level::Error, why.to_owned()),
            None => {}
        }
        if let Some(document) = self.conversion.poll_rerender(self.current) {
            self.reader
                .replace_document(Arc::new(document), self.settings.view);
        }
        let wanted = self
            .conversion
            .wanted(self.settings.show_ambiguities, self.settings.clean);
        let notify = self.notify();
        if let Err(error) = self
            .conversion
            .reconcile(self.reader.document.as_ref(), wanted, notify)
        {
            self.report(Level::Error, trf(S::CannotRerender, &[("error", &error)]));
        }
    }

    /// Uses the open folder's user phrases (as the store has them now: after the folder opened,
    /// an edit, or a save that merged another program's changes) and the regional choices of the
    /// settings; converters are rebuilt only when something changed.
    pub(super) fn refresh_user_phrases(&mut self) {
        let phrases = self
            .annotations
            .as_ref()
            .map(|a| annotations::lock(&a.store).settings().user_phrases.clone())
            .unwrap_or_default();
        let notify = self.notify();
        if let Err(error) = self
            .conversion
            .update(self.settings.scripts, phrases, notify)
        {
            self.report(
                Level::Error,
                trf(S::PhrasesInBackground, &[("error", &error)]),
            );
        }
    }

    /// Starts due saves, asks for a finished one to be recorded, and lets the folders left
    /// behind save (they are dropped once everything is on disk).
    fn poll_saves(&mut self) {
        let notify = self.notify();
        if let Some(annotations) = &mut self.annotations {
            match annotations.poll_saves(notify) {
                Ok(true) => self.commands.push(Command::RecordSaves),
                Ok(false) => {}
                Err(problem) => self.report_error(problem),
            }
            if let Some(due) = self.annotations.as_ref().and_then(Annotations::save_due_in) {
                self.ctx.request_repaint_after(due);
            }
        }
        let mut news = Vec::new();
        for old in &mut self.retiring {
            let ctx = self.ctx.clone();
            match old.poll_saves(move || ctx.request_repaint()) {
                Ok(true) => news.extend(old.record_finished(&[])),
                Ok(false) => {}
                Err(problem) => news.push(SaveNews::Problem(problem)),
            }
            if let Some(due) = old.save_due_in() {
                self.ctx.request_repaint_after(due);
            }
        }
        self.retiring.retain(|old| !old.is_settled());
        for item in news {
            self.report_save_news(item, tr(S::PreviousFolder));
        }
    }

    /// Tells the user what a save found (`prefix` says which folder when it is not the open one).
    pub(super) fn report_save_news(&mut self, news: SaveNews, prefix: &str) {
        match news {
            SaveNews::Problem(problem) => {
                self.report(
                    Level::Error,
                    format!("{prefix}{}", UiError::Save(problem).message()),
                );
            }
            SaveNews::Merged { path, report } => {
                let mut text = prefix.to_owned();
                text.push_str(&trf(
                    S::Merged,
                    &[
                        ("path", &path.display()),
                        ("theirs", &report.only_theirs),
                        ("ours", &report.only_ours),
                    ],
                ));
                if report.deleted > 0 {
                    text.push_str(&trf(S::MergedDeleted, &[("n", &report.deleted)]));
                }
                if !report.both_edited.is_empty() {
                    text.push_str(&trf(
                        S::MergedBothEdited,
                        &[("n", &report.both_edited.len())],
                    ));
                }
                if !report.kept_over_delete.is_empty() {
                    text.push_str(&trf(
                        S::MergedKeptOverDelete,
                        &[("n", &report.kept_over_delete.len())],
                    ));
                }
                text.push_str(tr(S::SentenceEnd));
                self.report(Level::Info, text);
            }
        }
    }

    /// Shows a finished article load (unless the user already left that article), adding its
    /// annotations, loaded on the worker, to the store.
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
                meta,
            }) => {
                if let Some(meta) = meta {
                    self.library.refresh_meta(id, meta);
                }
                match annotations {
                    Some(Ok(loaded)) => {
                        let notice = self.annotations.as_mut().and_then(|a| {
                            let mut store = annotations::lock(&a.store);
                            let report = store.insert(loaded);
                            let notice = document::open_notice(&report, &store);
                            drop(store);
                            a.generation += 1;
                            notice
                        });
                        if let Some(notice) = notice {
                            self.report_on_article(Level::Info, notice);
                        }
                    }
                    Some(Err(error)) => self.report_error(UiError::OpenAnnotations(error)),
                    None => {}
                }
                self.reader.show_document(Arc::new(document));
                self.restore_position();
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
