//! The app's side of the Export… and Import… dialogs: building the export request from the
//! window's state (folder, open article, the list as filtered), starting the workers, taking
//! their news each frame, and committing an import to the store (the one store edit here, made
//! on the UI thread as a command, one undo step).
//!
//! Store calls, by thread:
//! - UI thread: `tags()` (the dialog's tag list, the same snapshot the tag editor reads) and
//!   [`ImportPlan::commit_loaded`] in [`PizhuApp::commit_import`] (inserts the loaded articles,
//!   then commits: memory only), then [`Annotations::changed`].
//! - Export worker: `has_unsaved()` only, to wait for the window's debounced save.
//! - Import worker: none. It loads the articles' annotations with the store's loader (taken on
//!   the UI thread), never holding the store's lock while it reads the disk
//!   ([`ImportPlan::load_documents`]).
//!
//! [`ImportPlan::commit_loaded`]: crate::export::import::ImportPlan::commit_loaded
//! [`ImportPlan::load_documents`]: crate::export::import::ImportPlan::load_documents
//! [`Annotations::changed`]: crate::ui::annotations::Annotations::changed

use std::path::Path;

use super::PizhuApp;
use crate::annotate::Tag;
use crate::export::{ArticleRef, Destination, ExportOptions, ExportRequest, Scope};
use crate::ui::annotations;
use crate::ui::export_dialog::{ExportContext, ExportScope, suggestion_folder};
use crate::ui::i18n::{DialogText, ExportText, ImportText, tr, trf};
use crate::ui::status_bar::Level;
use crate::ui::theme::Palette;

impl PizhuApp {
    /// Takes the export's and the import's news. Part of `logic`.
    pub(super) fn poll_export_import(&mut self) {
        if let Some((error, message)) = self.panels.export.poll() {
            let level = if error { Level::Error } else { Level::Info };
            self.report(level, message);
        }
        if self.panels.import.poll() {
            self.send(crate::ui::command::Command::CommitImport);
        }
    }

    /// Draws both dialogs.
    pub(super) fn export_import_ui(
        &mut self,
        ctx: &egui::Context,
        palette: &Palette,
        commands: &mut Vec<crate::ui::command::Command>,
    ) {
        if self.panels.export.open {
            let tags: Vec<Tag> = self
                .annotations
                .as_ref()
                .map(|a| annotations::lock(&a.store).tags().tags().to_vec())
                .unwrap_or_default();
            let input = ExportContext {
                corpus_root: &self.library.corpus.root,
                article: self.current.and_then(|id| self.library.corpus.get(id)),
                listed: self.library.rows.len(),
                total: self.library.corpus.articles.len(),
                reading_view: self.settings.view,
                tags: &tags,
            };
            self.panels
                .export
                .ui(ctx, &mut self.settings.export, &input, palette, commands);
        }
        self.panels.import.ui(
            ctx,
            &mut self.settings.import,
            &self.library.corpus.root,
            palette,
            commands,
        );
    }

    /// Builds the export the dialog describes and starts it on a worker thread.
    pub(super) fn start_export(&mut self) {
        if self.panels.export.is_busy() {
            return;
        }
        match self.export_request() {
            Ok(request) => {
                let store = self.annotations.as_ref().map(|a| a.store.clone());
                let folder = match &request.destination {
                    Destination::Folder(path) | Destination::File(path) => {
                        path.parent().map(Path::to_owned)
                    }
                    Destination::Stdout => None,
                };
                if let Err(error) = self.panels.export.start(request, store, self.notify()) {
                    self.panels
                        .export
                        .fail(trf(ExportText::CannotStart, &[("error", &error)]));
                    return;
                }
                if folder.is_some() {
                    self.settings.export.folder = folder;
                }
            }
            Err(why) => self.panels.export.fail(why),
        }
    }

    /// The export the dialog describes, or why there is none.
    fn export_request(&self) -> Result<ExportRequest, String> {
        let root = self.library.corpus.root.clone();
        if root.as_os_str().is_empty() {
            return Err(tr(DialogText::OpenFolderFirst).to_owned());
        }
        let choices = &self.settings.export;
        let base = suggestion_folder(choices, &root);
        let path = self.panels.export.destination(&base)?;
        let scope = match choices.scope {
            ExportScope::Article => {
                let meta = self
                    .current_meta()
                    .ok_or_else(|| tr(ExportText::NoArticleOpen).to_owned())?;
                Scope::Articles(vec![ArticleRef::from(meta)])
            }
            ExportScope::Listed => Scope::Articles(
                self.library
                    .rows
                    .iter()
                    .filter_map(|id| self.library.corpus.get(*id))
                    .map(ArticleRef::from)
                    .collect(),
            ),
            ExportScope::Folder => Scope::Corpus,
        };
        let format = choices.format;
        let options = ExportOptions {
            format,
            view: choices.view_or(self.settings.view),
            unit: choices.unit_for_format(),
            tags: choices.tag_filter()?,
            include_unannotated: choices.include_unannotated,
        };
        let manifest_path = (choices.write_manifest && !format.writes_folder()).then(|| {
            let mut name = path.file_name().unwrap_or_default().to_owned();
            name.push(".pizhu-export.json");
            path.with_file_name(name)
        });
        Ok(ExportRequest {
            corpus_root: root,
            scope,
            options,
            destination: Destination::for_format(format, &path),
            manifest_path,
        })
    }

    /// Starts the import's dry run.
    pub(super) fn preview_import(&mut self) {
        let root = self.library.corpus.root.clone();
        if root.as_os_str().is_empty() {
            return self
                .panels
                .import
                .fail(tr(DialogText::OpenFolderFirst).to_owned());
        }
        let notify = self.notify();
        self.panels
            .import
            .start_preview(&root, &self.settings.import, notify);
    }

    /// Opens the previewed import's articles on a worker; [`PizhuApp::commit_import`] follows.
    pub(super) fn apply_import(&mut self) {
        let Some(annotations) = &self.annotations else {
            return self
                .panels
                .import
                .fail(tr(ImportText::AnnotationsNotOpen).to_owned());
        };
        if let Some(error) = annotations::lock(&annotations.store).corpus_load_error() {
            let why = trf(ImportText::TagSetUnreadable, &[("error", &error)]);
            return self.panels.import.fail(why);
        }
        let store = annotations.store.clone();
        let root = self.library.corpus.root.clone();
        let notify = self.notify();
        self.panels
            .import
            .start_apply(&root, &self.settings.import, store, notify);
    }

    /// Creates the import's annotations: one undo step, saved like any edit.
    pub(super) fn commit_import(&mut self) {
        let root = self.library.corpus.root.clone();
        let Some(opened) = self.panels.import.take_opened(&root) else {
            return;
        };
        let Some(annotations) = &mut self.annotations else {
            return;
        };
        let result = opened
            .plan
            .commit_loaded(&mut annotations::lock(&annotations.store), opened.loaded);
        if result.is_ok() {
            annotations.changed();
        }
        match &result {
            Ok(report) => self.report(
                Level::Info,
                trf(
                    ImportText::ImportedStatus,
                    &[
                        ("n", &(report.added + report.reanchored)),
                        ("unmatched", &report.unmatched),
                    ],
                ),
            ),
            Err(error) => self.report(
                Level::Error,
                trf(ImportText::NothingImported, &[("error", &error)]),
            ),
        }
        self.panels.import.applied(result);
    }
}
