//! The Import… dialog: doccano JSONL, brat or Label Studio files come back as pre-annotations.
//!
//! Three steps, each where it belongs:
//! 1. Preview: the core's [`plan`] runs on a worker (reads the files and the corpus, writes
//!    nothing) and its report is shown: added, already present, re-anchored, unmatched with why.
//! 2. Apply: a worker loads the plan's articles' annotations with the store's
//!    [`DocumentLoader`](crate::annotate::DocumentLoader) ([`ImportPlan::load_documents`]: reads
//!    their sidecars without the store's lock, so the window never waits on the disk), with a
//!    progress bar and Cancel (a cancelled or failed load changes nothing and keeps the preview).
//! 3. The app then commits the plan on the UI thread as a command
//!    ([`ImportPlan::commit_loaded`]: memory only, one undo step) and the window's debounced save
//!    writes the files, like any edit.
//!
//! The report stays visible after Apply. Offsets in the files are in the view they state (or the
//! one chosen here); the core converts them to Original chars. Choices persist in
//! [`ImportChoices`]. Its strings are in `i18n/export.rs` ([`ImportText`]); the core's report is
//! worded here from its counts.
//!
//! [`ImportText`]: super::i18n::ImportText

use std::path::{Path, PathBuf};

use egui::RichText;
use serde::{Deserialize, Serialize};

use super::annotations::{SharedStore, lock};
use super::command::Command;
use super::export_dialog::view_label;
use super::file_picker::{Pick, Picked, Picker, beside, nothing_picked, typed_path};
use super::i18n::{DialogText as D, ExportText, ImportText as T, tr, trf};
use super::in_view::shortened;
use super::theme::Palette;
use crate::annotate::LoadedDocument;
use crate::export::import::{
    ImportError, ImportFormat, ImportOptions, ImportPlan, ImportReport, Outcome, ReportItem, plan,
};
use crate::jobs::Job;
use crate::text::ViewKind;

/// The import formats, as the dialog remembers them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportKind {
    /// doccano JSONL.
    #[default]
    Doccano,
    /// brat standoff.
    Brat,
    /// Label Studio tasks JSON.
    LabelStudio,
}

impl ImportKind {
    /// Every format, in the dialog's order.
    pub const ALL: [Self; 3] = [Self::Doccano, Self::Brat, Self::LabelStudio];

    /// The core's format.
    pub fn format(self) -> ImportFormat {
        match self {
            Self::Doccano => ImportFormat::Doccano,
            Self::Brat => ImportFormat::Brat,
            Self::LabelStudio => ImportFormat::LabelStudio,
        }
    }

    /// The button (the format's name, the same in every language) and what it reads.
    fn label(self) -> (&'static str, &'static str) {
        let (name, hint) = match self {
            Self::Doccano => ("doccano (jsonl)", T::DoccanoHint),
            Self::Brat => ("brat", T::BratHint),
            Self::LabelStudio => ("labelstudio", T::LabelStudioHint),
        };
        (name, tr(hint))
    }

    /// File name extensions the file dialog offers.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Doccano => &["jsonl", "json"],
            Self::Brat => &["ann"],
            Self::LabelStudio => &["json"],
        }
    }
}

/// The dialog's choices, remembered between runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportChoices {
    /// The files' format.
    pub format: ImportKind,
    /// The view the offsets refer to; `None`: what the file states, else the Original.
    pub view: Option<ViewKind>,
    /// Refuse labels that are not tags (instead of creating tags).
    pub strict: bool,
    /// Where the file dialog opens.
    pub folder: Option<PathBuf>,
    /// The files last imported (or typed), one a line.
    pub paths: String,
}

impl ImportChoices {
    /// The core's options.
    pub fn options(&self) -> ImportOptions {
        ImportOptions {
            format: self.format.format(),
            view: self.view,
            unit: None,
            strict: self.strict,
        }
    }
}

/// What a plan was made for: a change makes the preview stale.
type PlannedFor = (PathBuf, Vec<PathBuf>, ImportOptions);

/// News from the worker that loads the plan's articles.
enum OpenEvent {
    /// Articles loaded so far, of all.
    Progress(usize, usize),
    /// The plan back, with its articles loaded or why not.
    Done(Box<ImportPlan>, Result<Vec<LoadedDocument>, ImportError>),
}

/// A plan whose articles are loaded, ready for [`ImportPlan::commit_loaded`].
pub struct OpenedImport {
    /// The plan.
    pub plan: ImportPlan,
    /// Its articles, loaded outside the store.
    pub loaded: Vec<LoadedDocument>,
}

enum Stage {
    Idle,
    Planning(Job<Result<ImportPlan, ImportError>>),
    Previewed(ImportPlan),
    Opening {
        job: Job<OpenEvent>,
        preview: ImportReport,
        /// Articles loaded, of all.
        progress: (usize, usize),
    },
    /// The articles are loaded: the app commits it (one undo step).
    Opened(Box<OpenedImport>),
    Applied(ImportReport),
    Failed(String),
}

/// The dialog's state.
pub struct ImportDialog {
    /// The dialog is shown.
    pub open: bool,
    picker: Option<Picker>,
    note: Option<String>,
    stage: Stage,
    planned_for: Option<PlannedFor>,
    /// Why the last Apply did not go through (cancelled, or an article could not be read); the
    /// preview stays, to apply again.
    apply_note: Option<String>,
}

impl Default for ImportDialog {
    fn default() -> Self {
        Self {
            open: false,
            picker: None,
            note: None,
            stage: Stage::Idle,
            planned_for: None,
            apply_note: None,
        }
    }
}

impl ImportDialog {
    /// Shows the dialog.
    pub fn show(&mut self) {
        self.open = true;
    }

    /// True while a preview or the opening of the articles runs.
    pub fn is_busy(&self) -> bool {
        matches!(self.stage, Stage::Planning(_) | Stage::Opening { .. })
    }

    /// The report shown: the preview's, or the applied import's.
    pub fn report(&self) -> Option<&ImportReport> {
        match &self.stage {
            Stage::Previewed(plan) => Some(plan.report()),
            Stage::Opened(opened) => Some(opened.plan.report()),
            Stage::Opening { preview, .. } => Some(preview),
            Stage::Applied(report) => Some(report),
            Stage::Idle | Stage::Planning(_) | Stage::Failed(_) => None,
        }
    }

    /// The typed paths, made absolute (relative ones are relative to `base`).
    fn inputs(choices: &ImportChoices, base: &Path) -> Result<Vec<PathBuf>, String> {
        let paths = choices
            .paths
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(|line| typed_path(line, base))
            .collect::<Result<Vec<_>, _>>()?;
        if paths.is_empty() {
            return Err(tr(T::TypeFiles).to_owned());
        }
        Ok(paths)
    }

    /// Shows why the import cannot go on.
    pub fn fail(&mut self, why: String) {
        self.apply_note = None;
        self.stage = Stage::Failed(why);
    }

    /// Plans the import into the corpus at `root` on a worker: the dry run.
    pub fn start_preview(
        &mut self,
        root: &Path,
        choices: &ImportChoices,
        notify: impl Fn() + Send + Sync + 'static,
    ) {
        let inputs = match Self::inputs(choices, &beside(root)) {
            Ok(inputs) => inputs,
            Err(why) => return self.fail(why),
        };
        let options = choices.options();
        let planned_for = (root.to_owned(), inputs.clone(), options.clone());
        let root = root.to_owned();
        self.apply_note = None;
        let job = Job::spawn("pizhu-import-plan", notify, move |reporter| {
            reporter.send(plan(&root, &inputs, &options, reporter.cancel_flag()));
        });
        match job {
            Ok(job) => {
                self.stage = Stage::Planning(job);
                self.planned_for = Some(planned_for);
            }
            Err(error) => self.fail(trf(T::CannotStart, &[("error", &error)])),
        }
    }

    /// Whether the preview shown was made for these choices and paths, in folder `root`.
    fn preview_is_current(&self, root: &Path, choices: &ImportChoices) -> bool {
        let Ok(inputs) = Self::inputs(choices, &beside(root)) else {
            return false;
        };
        self.planned_for.as_ref() == Some(&(root.to_owned(), inputs, choices.options()))
    }

    /// Loads the previewed plan's articles on a worker, with `store`'s loader (never its lock);
    /// the app commits it when [`ImportDialog::poll`] says so.
    pub fn start_apply(
        &mut self,
        root: &Path,
        choices: &ImportChoices,
        store: SharedStore,
        notify: impl Fn() + Send + Sync + 'static,
    ) {
        if !self.preview_is_current(root, choices) {
            return self.fail(tr(T::PreviewAgain).to_owned());
        }
        let Stage::Previewed(plan) = std::mem::replace(&mut self.stage, Stage::Idle) else {
            return self.fail(tr(T::PreviewFirst).to_owned());
        };
        if let Some(why) = strict_refusal(&plan, choices) {
            self.stage = Stage::Previewed(plan);
            return self.note = Some(why);
        }
        let preview = plan.report().clone();
        let total = plan.document_count();
        // The store's lock is held only to copy its location; the disk is read without it.
        let loader = lock(&store).loader();
        self.apply_note = None;
        let job = Job::spawn("pizhu-import-open", notify, move |reporter| {
            let loaded = plan.load_documents(&loader, reporter.cancel_flag(), |done, total| {
                reporter.send(OpenEvent::Progress(done, total));
            });
            reporter.send(OpenEvent::Done(Box::new(plan), loaded));
        });
        match job {
            Ok(job) => {
                self.stage = Stage::Opening {
                    job,
                    preview,
                    progress: (0, total),
                };
            }
            Err(error) => self.fail(trf(T::CannotStart, &[("error", &error)])),
        }
    }

    /// Takes the workers' news. Returns true when the plan's articles are open and the app
    /// should commit it ([`Command::CommitImport`]). Call once per frame.
    pub fn poll(&mut self) -> bool {
        match &mut self.stage {
            Stage::Planning(job) => {
                if let Some(result) = job.drain().pop() {
                    self.stage = match result {
                        Ok(plan) => Stage::Previewed(plan),
                        Err(ImportError::Cancelled) => {
                            Stage::Failed(tr(T::PreviewCancelled).to_owned())
                        }
                        Err(error) => Stage::Failed(trf(T::CannotImport, &[("error", &error)])),
                    };
                } else if job.is_finished() {
                    self.stage = Stage::Failed(tr(T::PreviewStopped).to_owned());
                }
                false
            }
            Stage::Opening { job, progress, .. } => {
                let mut done = None;
                for event in job.drain() {
                    match event {
                        OpenEvent::Progress(loaded, total) => *progress = (loaded, total),
                        OpenEvent::Done(plan, result) => done = Some((*plan, result)),
                    }
                }
                match done {
                    Some((plan, Ok(loaded))) => {
                        self.stage = Stage::Opened(Box::new(OpenedImport { plan, loaded }));
                        return true;
                    }
                    // Nothing changed: the preview stays, to apply again.
                    Some((plan, Err(ImportError::Cancelled))) => {
                        self.apply_note = Some(tr(T::ImportCancelled).to_owned());
                        self.stage = Stage::Previewed(plan);
                    }
                    Some((plan, Err(error))) => {
                        self.apply_note =
                            Some(trf(T::NothingImportedPreviewKept, &[("error", &error)]));
                        self.stage = Stage::Previewed(plan);
                    }
                    None if job.is_finished() => {
                        self.stage = Stage::Failed(tr(T::ImportStopped).to_owned());
                    }
                    None => {}
                }
                false
            }
            _ => false,
        }
    }

    /// The plan whose articles are loaded, for the app to commit, if it was made for `root`.
    pub fn take_opened(&mut self, root: &Path) -> Option<OpenedImport> {
        if self.planned_for.as_ref().map(|p| p.0.as_path()) != Some(root) {
            if matches!(self.stage, Stage::Opened(_)) {
                self.fail(tr(T::OtherFolder).to_owned());
            }
            return None;
        }
        match std::mem::replace(&mut self.stage, Stage::Idle) {
            Stage::Opened(opened) => Some(*opened),
            other => {
                self.stage = other;
                None
            }
        }
    }

    /// Shows how the commit went.
    pub fn applied(&mut self, result: Result<ImportReport, ImportError>) {
        self.planned_for = None;
        self.stage = match result {
            Ok(report) => Stage::Applied(report),
            Err(error) => Stage::Failed(trf(T::NothingImported, &[("error", &error)])),
        };
    }

    /// Draws the dialog (and polls the file dialog). `choices` are edited in place.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        choices: &mut ImportChoices,
        corpus_root: &Path,
        palette: &Palette,
        commands: &mut Vec<Command>,
    ) {
        self.poll_picker(choices);
        if !self.open {
            return;
        }
        let mut open = true;
        super::dialog::show(ctx, tr(T::Title), "pizhu-import-dialog", &mut open, |ui| {
            let busy = self.is_busy() || matches!(self.stage, Stage::Opened(_));
            ui.add_enabled_ui(!busy, |ui| self.form_ui(ui, choices, palette));
            ui.add_space(6.0);
            let folder_open = !corpus_root.as_os_str().is_empty();
            let current = folder_open && self.preview_is_current(corpus_root, choices);
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(folder_open && !busy, egui::Button::new(tr(T::Preview)))
                    .on_hover_text(tr(T::PreviewHint))
                    .clicked()
                {
                    commands.push(Command::PreviewImport);
                }
                let adds = match &self.stage {
                    Stage::Previewed(plan) => plan.report().added + plan.report().reanchored > 0,
                    _ => false,
                };
                let can_apply = current && !busy && adds;
                if ui
                    .add_enabled(can_apply, egui::Button::new(tr(T::Apply)))
                    .on_hover_text(tr(T::ApplyHint))
                    .on_disabled_hover_text(tr(T::ApplyFirstHint))
                    .clicked()
                {
                    commands.push(Command::ApplyImport);
                }
                self.cancel_ui(ui);
                if ui.button(tr(D::Close)).clicked() {
                    self.open = false;
                }
            });
            if matches!(self.stage, Stage::Previewed(_)) && !current {
                ui.label(
                    RichText::new(tr(T::ChangedSincePreview))
                        .small()
                        .color(palette.dim),
                );
            }
            self.status_ui(ui, choices, palette);
        });
        self.open &= open;
    }

    /// The spinner and Cancel while a worker runs.
    fn cancel_ui(&self, ui: &mut egui::Ui) {
        match &self.stage {
            Stage::Planning(job) => cancel_button_ui(ui, job),
            Stage::Opening { job, .. } => cancel_button_ui(ui, job),
            _ => {}
        }
    }

    fn form_ui(&mut self, ui: &mut egui::Ui, choices: &mut ImportChoices, palette: &Palette) {
        egui::Grid::new("pizhu-import-form")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                ui.label(tr(ExportText::Format));
                ui.vertical(|ui| {
                    ui.horizontal_wrapped(|ui| {
                        for kind in ImportKind::ALL {
                            let (label, hint) = kind.label();
                            if ui
                                .selectable_label(choices.format == kind, label)
                                .on_hover_text(hint)
                                .clicked()
                            {
                                choices.format = kind;
                            }
                        }
                    });
                    ui.label(
                        RichText::new(choices.format.label().1)
                            .small()
                            .color(palette.dim),
                    );
                });
                ui.end_row();

                let label = ui.label(tr(T::Files));
                ui.vertical(|ui| {
                    ui.add(
                        egui::TextEdit::multiline(&mut choices.paths)
                            .desired_rows(2)
                            .desired_width(380.0)
                            .hint_text(tr(T::FilesHint)),
                    )
                    .labelled_by(label.id);
                    ui.horizontal(|ui| {
                        let browsing = self.picker.is_some();
                        if ui
                            .add_enabled(!browsing, egui::Button::new(tr(D::Browse)))
                            .clicked()
                        {
                            self.browse(ui.ctx(), choices, false);
                        }
                        if choices.format == ImportKind::Brat
                            && ui
                                .add_enabled(!browsing, egui::Button::new(tr(T::BrowseFolder)))
                                .clicked()
                        {
                            self.browse(ui.ctx(), choices, true);
                        }
                        if browsing {
                            ui.spinner();
                        }
                    });
                    if let Some(note) = &self.note {
                        ui.label(RichText::new(note).small().color(palette.lost));
                    }
                });
                ui.end_row();

                ui.label(tr(ExportText::View));
                ui.vertical(|ui| {
                    ui.horizontal_wrapped(|ui| {
                        if ui
                            .selectable_label(choices.view.is_none(), tr(T::Auto))
                            .on_hover_text(tr(T::AutoHint))
                            .clicked()
                        {
                            choices.view = None;
                        }
                        for kind in ViewKind::ALL {
                            if ui
                                .selectable_label(choices.view == Some(kind), view_label(kind))
                                .clicked()
                            {
                                choices.view = Some(kind);
                            }
                        }
                    });
                    ui.label(RichText::new(tr(T::ViewNote)).small().color(palette.dim));
                });
                ui.end_row();

                ui.label(tr(T::Labels));
                ui.checkbox(&mut choices.strict, tr(T::Strict));
                ui.end_row();
            });
    }

    fn status_ui(&self, ui: &mut egui::Ui, choices: &ImportChoices, palette: &Palette) {
        let (report, heading) = match &self.stage {
            Stage::Idle => return,
            Stage::Planning(_) => {
                ui.separator();
                ui.label(tr(T::Reading));
                return;
            }
            Stage::Failed(why) => {
                ui.separator();
                ui.label(RichText::new(why).color(palette.lost));
                return;
            }
            Stage::Previewed(plan) => {
                if let Some(note) = &self.apply_note {
                    ui.separator();
                    ui.label(RichText::new(note).color(palette.lost));
                }
                let heading = match strict_refusal(plan, choices) {
                    Some(why) => {
                        ui.separator();
                        ui.label(RichText::new(why).color(palette.lost));
                        tr(T::DryRunNothingChanged)
                    }
                    None => tr(T::DryRunNothingYet),
                };
                (plan.report(), heading)
            }
            Stage::Opening {
                preview,
                progress: (done, total),
                ..
            } => {
                ui.separator();
                let fraction = if *total == 0 {
                    1.0
                } else {
                    *done as f32 / *total as f32
                };
                ui.add(egui::ProgressBar::new(fraction).text(trf(
                    T::ImportingProgress,
                    &[("done", done), ("total", total)],
                )));
                (preview, tr(T::DryRun))
            }
            Stage::Opened(opened) => (opened.plan.report(), tr(T::Importing)),
            Stage::Applied(report) => (report, tr(T::Imported)),
        };
        ui.separator();
        ui.label(RichText::new(heading).strong());
        ui.label(summary(report));
        items_ui(ui, report, palette);
    }

    /// Opens the system file dialog: files (or, for brat, a folder) to import.
    fn browse(&mut self, ctx: &egui::Context, choices: &ImportChoices, folder: bool) {
        let directory = choices.folder.clone();
        let pick = if folder {
            Pick::Folder { directory }
        } else {
            Pick::Files {
                directory,
                extensions: choices.format.extensions(),
            }
        };
        self.note = None;
        match Picker::start(pick, tr(T::Title), ctx) {
            Ok(picker) => self.picker = Some(picker),
            Err(error) => self.note = Some(trf(D::CannotOpenFileDialog, &[("error", &error)])),
        }
    }

    fn poll_picker(&mut self, choices: &mut ImportChoices) {
        let Some(picker) = &self.picker else {
            return;
        };
        match picker.poll() {
            Picked::Waiting => {}
            Picked::Chosen(paths) => {
                self.picker = None;
                choices.folder = paths.first().and_then(|p| p.parent()).map(Path::to_owned);
                for path in paths {
                    if !choices.paths.is_empty() && !choices.paths.ends_with('\n') {
                        choices.paths.push('\n');
                    }
                    choices.paths.push_str(&path.display().to_string());
                }
            }
            Picked::Nothing => {
                self.picker = None;
                self.note = Some(nothing_picked());
            }
        }
    }
}

/// A spinner and Cancel for `job` (Cancelling… once asked).
fn cancel_button_ui<E: Send + 'static>(ui: &mut egui::Ui, job: &Job<E>) {
    ui.spinner();
    if job.is_cancelled() {
        ui.label(tr(D::Cancelling));
    } else if ui
        .button(tr(D::Cancel))
        .on_hover_text(tr(T::CancelHint))
        .clicked()
    {
        job.cancel();
    }
}

/// Why a strict import of `plan` would be refused, as the command line says it.
fn strict_refusal(plan: &ImportPlan, choices: &ImportChoices) -> Option<String> {
    if !choices.strict || plan.unknown_labels().is_empty() {
        return None;
    }
    let labels: Vec<&str> = plan.unknown_labels().iter().map(String::as_str).collect();
    Some(trf(
        T::StrictRefusal,
        &[("labels", &labels.join(tr(ExportText::ListSeparator)))],
    ))
}

/// The report's counts in one line, in the window's language (the core's
/// [`ImportReport::summary`] is the CLI's English).
pub fn summary(report: &ImportReport) -> String {
    let mut line = trf(
        T::Summary,
        &[
            ("added", &report.added),
            ("present", &report.already_present),
            ("reanchored", &report.reanchored),
            ("unmatched", &report.unmatched),
            ("matched", &report.matched),
            ("documents", &report.documents),
        ],
    );
    if !report.new_tags.is_empty() {
        let tags = report.new_tags.join(tr(ExportText::ListSeparator));
        line.push_str(&trf(T::NewTags, &[("tags", &tags)]));
    }
    line
}

/// The report's items: what was re-anchored, already present or unmatched, and why.
fn items_ui(ui: &mut egui::Ui, report: &ImportReport, palette: &Palette) {
    if report.items.is_empty() {
        return;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    egui::ScrollArea::vertical()
        .id_salt("pizhu-import-items")
        .max_height(180.0)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, report.items.len(), |ui, range| {
            for item in &report.items[range] {
                let (line, colour) = item_line(item, palette);
                // One line per row (the rows have a fixed height); all of it on hover.
                ui.add(egui::Label::new(RichText::new(&line).color(colour)).truncate())
                    .on_hover_text(line);
            }
        });
    if report.items_truncated {
        ui.label(RichText::new(tr(T::MoreItems)).small().color(palette.dim));
    }
}

fn item_line(item: &ReportItem, palette: &Palette) -> (String, egui::Color32) {
    let (outcome, colour) = match item.outcome {
        Outcome::Added => (T::Added, palette.text),
        Outcome::AlreadyPresent => (T::AlreadyPresent, palette.dim),
        Outcome::Reanchored => (T::Reanchored, palette.accent),
        Outcome::Unmatched => (T::Unmatched, palette.lost),
    };
    let outcome = tr(outcome);
    let what = match (&item.label, &item.quote) {
        (Some(label), Some(quote)) => format!(" {label} “{}”", shortened(quote, 20)),
        (Some(label), None) => format!(" {label}"),
        _ => String::new(),
    };
    let file = item
        .file
        .as_deref()
        .map_or_else(String::new, |f| format!(" → {f}"));
    let line = format!(
        "{outcome}: {}{file}{what}: {}",
        item.source,
        item.detail.replace('\n', " ")
    );
    (line, colour)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_is_worded_in_the_window_language() {
        use crate::ui::i18n::{Language, set_current};
        let report = ImportReport {
            documents: 3,
            matched: 2,
            added: 5,
            already_present: 1,
            reanchored: 2,
            unmatched: 4,
            new_tags: vec!["PER".to_owned(), "产品".to_owned()],
            ..ImportReport::default()
        };
        set_current(Language::English);
        assert_eq!(
            summary(&report),
            "5 added, 1 already present, 2 re-anchored, 4 unmatched (2 of 3 documents matched); \
             new tags: PER, 产品"
        );
        set_current(Language::Traditional);
        assert_eq!(
            summary(&report),
            "已新增 5，已存在 1，重新定位 2，未配對 4（3 份文件中配對了 2 份）；新標籤：PER、产品"
        );
    }

    #[test]
    fn typed_paths_are_one_a_line_and_made_absolute() {
        let choices = ImportChoices {
            paths: " a.jsonl \n\n/tmp/导出/b.jsonl\n".to_owned(),
            ..ImportChoices::default()
        };
        assert_eq!(
            ImportDialog::inputs(&choices, Path::new("/corpora")),
            Ok(vec![
                PathBuf::from("/corpora/a.jsonl"),
                PathBuf::from("/tmp/导出/b.jsonl")
            ])
        );
        let empty = ImportChoices::default();
        assert!(ImportDialog::inputs(&empty, Path::new("/corpora")).is_err());
    }

    #[test]
    fn a_preview_goes_stale_when_the_files_or_choices_change() {
        let root = Path::new("/corpora/seeds");
        let mut choices = ImportChoices {
            paths: "/tmp/a.jsonl".to_owned(),
            ..ImportChoices::default()
        };
        let mut dialog = ImportDialog {
            planned_for: Some((
                root.to_owned(),
                vec![PathBuf::from("/tmp/a.jsonl")],
                choices.options(),
            )),
            ..ImportDialog::default()
        };
        assert!(dialog.preview_is_current(root, &choices));
        assert!(!dialog.preview_is_current(Path::new("/corpora/other"), &choices));
        choices.strict = true;
        assert!(!dialog.preview_is_current(root, &choices), "strict changed");
        choices.strict = false;
        choices.paths.push_str("\n/tmp/b.jsonl");
        assert!(
            !dialog.preview_is_current(root, &choices),
            "a file was added"
        );
        // Apply without a current preview changes nothing and says why.
        dialog.start_apply(
            root,
            &choices,
            std::sync::Arc::new(std::sync::Mutex::new(
                crate::annotate::AnnotationStore::with_location(
                    crate::annotate::StorageLocation::beside(root),
                ),
            )),
            || {},
        );
        assert!(!dialog.is_busy());
        assert!(
            matches!(&dialog.stage, Stage::Failed(why) if why == tr(T::PreviewAgain)),
            "says why"
        );
    }
}
