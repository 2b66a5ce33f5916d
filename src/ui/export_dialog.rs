//! The Export… dialog (Ctrl+E): format, view, offset unit, scope, tags and destination; the
//! export runs on a worker thread with a progress bar and Cancel, and ends in a result line with
//! the written path, the manifest's counts (what was not exported and why) and "Open folder".
//! Its strings are in `i18n/export.rs`; the result is worded on the UI thread from the worker's
//! data.
//!
//! The export itself is the core's [`export`] (the CLI's too): it reads the sidecars on disk,
//! never the store, and writes nothing until it has finished. So that it sees the window's latest
//! edits, its worker first waits (briefly, reading [`AnnotationStore::has_unsaved`] under the
//! store's lock) for the window's debounced save; edits that still could not be saved are named
//! in the result. Offsets are the core's business: the dialog only picks the view and the unit.
//! The choices persist in [`ExportChoices`] (part of the window's settings).
//!
//! [`AnnotationStore::has_unsaved`]: crate::annotate::AnnotationStore::has_unsaved

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::RichText;
use serde::{Deserialize, Serialize};

use super::annotations::{SharedStore, lock};
use super::command::Command;
use super::file_picker::{Pick, Picked, Picker, beside, nothing_picked, typed_path};
use super::i18n::{DialogText as D, ExportText as T, tr, trf};
use super::in_view::shortened;
use super::reveal::{Reveal, reveal};
use super::theme::Palette;
use crate::annotate::{Tag, TagId};
use crate::corpus::ArticleMeta;
use crate::export::{
    ExportError, ExportOutcome, ExportRequest, Format, Manifest, OffsetUnit, Progress, TagFilter,
    export,
};
use crate::format::human_bytes;
use crate::jobs::{Job, Reporter};
use crate::text::ViewKind;

/// How long the export waits for the window's debounced save (0.8 s after an edit) before it
/// exports what is on disk.
const SAVE_WAIT: Duration = Duration::from_secs(5);
/// At most one progress event per this interval reaches the UI.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);
/// How many problems the result lists (all are counted; the manifest file has them all).
const PROBLEMS_LISTED: usize = 500;

/// Which articles to export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportScope {
    /// The article open in the reader.
    Article,
    /// The articles the list shows (its filter applied), in list order.
    Listed,
    /// Every article of the folder.
    #[default]
    Folder,
}

/// The dialog's choices, remembered between runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportChoices {
    /// The format.
    pub format: Format,
    /// The view whose text is exported; `None`: the reading view at the time of the export.
    pub view: Option<ViewKind>,
    /// The offset unit; `None`: the format's default.
    pub unit: Option<OffsetUnit>,
    /// Which articles.
    pub scope: ExportScope,
    /// Only annotations with these tag ids (`none`: plain highlights); `None`: all.
    pub tags: Option<BTreeSet<String>>,
    /// Also export articles without (selected) annotations.
    pub include_unannotated: bool,
    /// Also write the report as `<destination>.pizhu-export.json` (folder exports hold it).
    pub write_manifest: bool,
    /// The folder the last export went to: the next one is suggested there.
    pub folder: Option<PathBuf>,
}

impl Default for ExportChoices {
    fn default() -> Self {
        Self {
            format: Format::Jsonl,
            view: None,
            unit: None,
            scope: ExportScope::Folder,
            tags: None,
            include_unannotated: false,
            write_manifest: false,
            folder: None,
        }
    }
}

/// The tag filter's name for plain highlights (as on the command line).
const HIGHLIGHTS: &str = "none";

impl ExportChoices {
    /// The view exported when the reader shows `reading`.
    pub fn view_or(&self, reading: ViewKind) -> ViewKind {
        self.view.unwrap_or(reading)
    }

    /// The unit the export is asked for (`None`: the format's default; also for formats without
    /// offsets and for W3C, whose unit is fixed).
    pub fn unit_for_format(&self) -> Option<OffsetUnit> {
        match unit_rule(self.format) {
            UnitRule::Choose => self.unit.filter(|u| *u != self.format.default_unit()),
            UnitRule::Fixed(_) => None,
        }
    }

    /// The tag filter, or why it cannot be used.
    pub fn tag_filter(&self) -> Result<Option<TagFilter>, String> {
        let Some(chosen) = &self.tags else {
            return Ok(None);
        };
        let mut filter = TagFilter::default();
        for name in chosen {
            if name == HIGHLIGHTS {
                filter.highlights = true;
            } else {
                // An id remembered from another folder is kept, and matches nothing here.
                filter
                    .tags
                    .insert(TagId::new(name).map_err(|e| e.to_string())?);
            }
        }
        if filter.tags.is_empty() && !filter.highlights {
            return Err(tr(T::ChooseATag).to_owned());
        }
        Ok(Some(filter))
    }
}

/// Whether a format lets the user choose the offset unit.
enum UnitRule {
    /// Code points or UTF-16.
    Choose,
    /// Fixed; why, in words.
    Fixed(T),
}

fn unit_rule(format: Format) -> UnitRule {
    match format {
        Format::Conll | Format::Html | Format::Markdown => UnitRule::Fixed(T::NoOffsets),
        Format::W3c => UnitRule::Fixed(T::W3cUnit),
        Format::Jsonl | Format::Brat | Format::LabelStudio | Format::Csv => UnitRule::Choose,
    }
}

/// The format's button (its name, the same in every language) and what it is for.
fn format_label(format: Format) -> (&'static str, &'static str) {
    let (name, hint) = match format {
        Format::Jsonl => ("jsonl (doccano)", T::JsonlHint),
        Format::Brat => ("brat", T::BratHint),
        Format::Conll => ("conll", T::ConllHint),
        Format::LabelStudio => ("labelstudio", T::LabelStudioHint),
        Format::Csv => ("csv", T::CsvHint),
        Format::Html => ("html", T::HtmlHint),
        Format::W3c => ("w3c", T::W3cHint),
        Format::Markdown => ("markdown", T::MarkdownHint),
    };
    (name, tr(hint))
}

/// The view's button in the Export and Import dialogs: its full name (原文, 简体, Simplified…),
/// longer than the toolbar's short signs.
pub fn view_label(kind: ViewKind) -> &'static str {
    super::i18n::view_name(kind)
}

fn unit_label(unit: OffsetUnit) -> &'static str {
    tr(match unit {
        OffsetUnit::CodePoint => T::CodePoints,
        OffsetUnit::Utf16 => T::Utf16,
    })
}

/// The manifest's counts in one line, in the window's language (the core's
/// [`Manifest::summary`] is the CLI's English).
fn summary(manifest: &Manifest) -> String {
    let c = &manifest.counts;
    let view = ViewKind::ALL
        .into_iter()
        .find(|kind| kind.name() == manifest.view)
        .map_or_else(|| manifest.view.clone(), |kind| view_label(kind).to_owned());
    let mut parts = vec![trf(
        T::Summary,
        &[
            ("articles", &c.articles),
            ("annotations", &c.annotations),
            ("view", &view),
            (
                "unit",
                &tr(match manifest.offsets {
                    OffsetUnit::CodePoint => T::CodePointsInSentence,
                    OffsetUnit::Utf16 => T::Utf16InSentence,
                }),
            ),
        ],
    )];
    let not: Vec<String> = [
        (c.not_in_view, T::NotInView),
        (c.orphans, T::Orphans),
        (c.dropped, T::Dropped),
        (c.highlights_omitted, T::HighlightsOmitted),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, key)| trf(key, &[("n", &n)]))
    .collect();
    if !not.is_empty() {
        let list = not.join(tr(T::ListSeparator));
        parts.push(trf(T::NotExported, &[("list", &list)]));
    }
    if c.adjusted > 0 {
        parts.push(trf(T::Adjusted, &[("n", &c.adjusted)]));
    }
    if c.articles_failed > 0 {
        parts.push(trf(T::ArticlesFailed, &[("n", &c.articles_failed)]));
    }
    parts.join(tr(T::PartSeparator))
}

/// What the dialog needs to know about the window.
pub struct ExportContext<'a> {
    /// The open folder (empty when none).
    pub corpus_root: &'a Path,
    /// The article open in the reader.
    pub article: Option<&'a ArticleMeta>,
    /// Articles the list shows.
    pub listed: usize,
    /// Articles in the folder.
    pub total: usize,
    /// The reader's view.
    pub reading_view: ViewKind,
    /// The folder's tag set.
    pub tags: &'a [Tag],
}

/// What the worker tells the dialog.
enum ExportEvent {
    /// Waiting for the window's save to write the latest edits.
    WaitingForSave,
    /// Articles done so far.
    Progress(Progress),
    /// The end.
    Finished {
        result: Result<ExportOutcome, ExportError>,
        /// Edits were still unsaved when the export read the files.
        unsaved: bool,
    },
}

struct Running {
    job: Job<ExportEvent>,
    progress: Progress,
    waiting_for_save: bool,
    destination: PathBuf,
    folder_export: bool,
}

/// How the last export ended.
enum Finished {
    Done {
        outcome: Box<ExportOutcome>,
        /// What "Open folder" opens.
        folder: PathBuf,
        /// The export has what was on disk; newer edits could not be saved in time.
        unsaved: bool,
    },
    Failed(String),
}

/// The dialog's state.
#[derive(Default)]
pub struct ExportDialog {
    /// The dialog is shown.
    pub open: bool,
    /// The typed destination.
    path: String,
    /// The destination last suggested; while the field holds it, it follows the choices.
    suggested: String,
    picker: Option<Picker>,
    /// What the file dialog or the last check said.
    note: Option<String>,
    running: Option<Running>,
    finished: Option<Finished>,
    reveal: Option<Reveal>,
    reveal_error: Option<String>,
}

impl ExportDialog {
    /// Shows the dialog.
    pub fn show(&mut self) {
        self.open = true;
    }

    /// True while an export runs.
    pub fn is_busy(&self) -> bool {
        self.running.is_some()
    }

    /// The path of the last finished export's main file or folder.
    pub fn last_written(&self) -> Option<&Path> {
        match &self.finished {
            Some(Finished::Done { outcome, .. }) => outcome.written.first().map(PathBuf::as_path),
            _ => None,
        }
    }

    /// Shows why the export cannot start.
    pub fn fail(&mut self, why: String) {
        self.finished = Some(Finished::Failed(why));
    }

    /// The destination as typed, made absolute: `~/` is the home folder, a relative path is
    /// relative to `base` (where the suggestion is).
    pub fn destination(&self, base: &Path) -> Result<PathBuf, String> {
        let typed = self.path.trim();
        if typed.is_empty() {
            return Err(tr(T::TypeDestination).to_owned());
        }
        if typed == "-" {
            return Err(tr(T::NoStdout).to_owned());
        }
        typed_path(typed, base)
    }

    /// Runs `request` on a worker thread. `store` is the window's store, whose debounced save
    /// the worker waits for (it only reads [`has_unsaved`]).
    ///
    /// [`has_unsaved`]: crate::annotate::AnnotationStore::has_unsaved
    pub fn start(
        &mut self,
        request: ExportRequest,
        store: Option<SharedStore>,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<()> {
        let destination = request.destination.display_path();
        let folder_export = request.options.format.writes_folder();
        let job = Job::spawn("pizhu-export", notify, move |reporter| {
            let unsaved = wait_for_save(store.as_ref(), reporter);
            let mut last = Instant::now();
            let result = export(&request, reporter.cancel_flag(), &mut |progress| {
                if last.elapsed() >= PROGRESS_EVERY {
                    last = Instant::now();
                    reporter.send(ExportEvent::Progress(progress.clone()));
                }
            });
            reporter.send(ExportEvent::Finished { result, unsaved });
        })?;
        self.finished = None;
        self.reveal = None;
        self.reveal_error = None;
        self.note = None;
        self.running = Some(Running {
            job,
            progress: Progress::default(),
            waiting_for_save: false,
            destination,
            folder_export,
        });
        Ok(())
    }

    /// Takes the worker's news; returns what the status bar should say when an export ended
    /// (and whether it is an error). Call once per frame.
    pub fn poll(&mut self) -> Option<(bool, String)> {
        if let Some(reveal) = &self.reveal
            && let Some(result) = reveal.poll()
        {
            self.reveal = None;
            self.reveal_error = result.err();
        }
        let running = self.running.as_mut()?;
        let mut ended = None;
        for event in running.job.drain() {
            match event {
                ExportEvent::WaitingForSave => running.waiting_for_save = true,
                ExportEvent::Progress(progress) => {
                    running.waiting_for_save = false;
                    running.progress = progress;
                }
                ExportEvent::Finished { result, unsaved } => ended = Some((result, unsaved)),
            }
        }
        if ended.is_none() && !running.job.is_finished() {
            return None;
        }
        let running = self.running.take()?;
        let (finished, message) = match ended {
            Some((Ok(outcome), unsaved)) => {
                let written = outcome
                    .written
                    .first()
                    .cloned()
                    .unwrap_or_else(|| running.destination.clone());
                let folder = if running.folder_export {
                    written.clone()
                } else {
                    written
                        .parent()
                        .map_or_else(|| written.clone(), Path::to_owned)
                };
                // The dialog shows the whole summary; the status bar repeats it only when the
                // dialog was closed meanwhile.
                let message = if self.open {
                    trf(T::ExportedTo, &[("path", &written.display())])
                } else {
                    trf(
                        T::ExportedToSummary,
                        &[
                            ("path", &written.display()),
                            ("summary", &summary(&outcome.manifest)),
                        ],
                    )
                };
                let finished = Finished::Done {
                    outcome: Box::new(outcome),
                    folder,
                    unsaved,
                };
                (finished, (false, message))
            }
            Some((Err(ExportError::Cancelled), _)) => {
                let message = tr(T::Cancelled).to_owned();
                (Finished::Failed(message.clone()), (false, message))
            }
            Some((Err(error), _)) => {
                let message = trf(T::Failed, &[("error", &error)]);
                (Finished::Failed(message.clone()), (true, message))
            }
            None => {
                let message = tr(T::WorkerStopped).to_owned();
                (Finished::Failed(message.clone()), (true, message))
            }
        };
        self.finished = Some(finished);
        Some(message)
    }

    /// Draws the dialog (and polls the file dialog). `choices` are edited in place.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        choices: &mut ExportChoices,
        input: &ExportContext<'_>,
        palette: &Palette,
        commands: &mut Vec<Command>,
    ) {
        self.poll_picker(choices);
        if !self.open {
            return;
        }
        let base = suggestion_folder(choices, input.corpus_root);
        let suggestion = base
            .join(suggested_name(choices, input))
            .display()
            .to_string();
        // The field follows the choices until the user types in it (an emptied field stays
        // empty).
        if self.path == self.suggested || (self.suggested.is_empty() && self.path.is_empty()) {
            self.path.clone_from(&suggestion);
        }
        self.suggested = suggestion;

        let mut open = true;
        super::dialog::show(ctx, tr(T::Title), "pizhu-export-dialog", &mut open, |ui| {
            let running = self.running.is_some();
            ui.add_enabled_ui(!running, |ui| {
                self.form_ui(ui, choices, input, &base, palette);
            });
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let can_start = !running && !input.corpus_root.as_os_str().is_empty();
                if ui
                    .add_enabled(can_start, egui::Button::new(tr(T::Export)))
                    .on_hover_text(tr(T::ExportHint))
                    .clicked()
                {
                    commands.push(Command::StartExport);
                }
                if ui.button(tr(D::Close)).clicked() {
                    self.open = false;
                }
            });
            self.status_ui(ui, palette);
        });
        self.open &= open;
    }

    fn form_ui(
        &mut self,
        ui: &mut egui::Ui,
        choices: &mut ExportChoices,
        input: &ExportContext<'_>,
        base: &Path,
        palette: &Palette,
    ) {
        egui::Grid::new("pizhu-export-form")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                ui.label(tr(T::Format));
                ui.vertical(|ui| {
                    ui.horizontal_wrapped(|ui| {
                        for format in Format::ALL {
                            let (label, hint) = format_label(format);
                            if ui
                                .selectable_label(choices.format == format, label)
                                .on_hover_text(hint)
                                .clicked()
                            {
                                choices.format = format;
                            }
                        }
                    });
                    ui.label(
                        RichText::new(format_label(choices.format).1)
                            .small()
                            .color(palette.dim),
                    );
                });
                ui.end_row();

                ui.label(tr(T::View));
                ui.horizontal_wrapped(|ui| {
                    let chosen = choices.view_or(input.reading_view);
                    for kind in ViewKind::ALL {
                        let mut response = ui.selectable_label(chosen == kind, view_label(kind));
                        if kind == input.reading_view {
                            response = response.on_hover_text(tr(T::ReadingView));
                        }
                        if response.clicked() {
                            // The reading view is remembered as "whatever I read in".
                            choices.view = (kind != input.reading_view).then_some(kind);
                        }
                    }
                });
                ui.end_row();

                ui.label(tr(T::Offsets));
                match unit_rule(choices.format) {
                    UnitRule::Choose => {
                        ui.horizontal_wrapped(|ui| {
                            let default = choices.format.default_unit();
                            let chosen = choices.unit.unwrap_or(default);
                            for unit in [OffsetUnit::CodePoint, OffsetUnit::Utf16] {
                                let hint = tr(match unit {
                                    OffsetUnit::CodePoint => T::CodePointsHint,
                                    OffsetUnit::Utf16 => T::Utf16Hint,
                                });
                                if ui
                                    .selectable_label(chosen == unit, unit_label(unit))
                                    .on_hover_text(hint)
                                    .clicked()
                                {
                                    choices.unit = (unit != default).then_some(unit);
                                }
                            }
                            if chosen == default {
                                ui.label(RichText::new(tr(T::Default)).small().color(palette.dim));
                            }
                        });
                    }
                    UnitRule::Fixed(why) => {
                        ui.label(RichText::new(tr(why)).color(palette.dim));
                    }
                }
                ui.end_row();

                ui.label(tr(T::Scope));
                ui.vertical(|ui| {
                    let article = input.article.map_or_else(
                        || tr(T::ThisArticleNone).to_owned(),
                        |meta| trf(T::ThisArticle, &[("title", &shortened(&meta.title, 24))]),
                    );
                    ui.add_enabled_ui(input.article.is_some(), |ui| {
                        ui.radio_value(&mut choices.scope, ExportScope::Article, article);
                    });
                    let listed = if input.listed == input.total {
                        trf(T::Listed, &[("n", &input.listed)])
                    } else {
                        trf(
                            T::ListedFiltered,
                            &[("n", &input.listed), ("total", &input.total)],
                        )
                    };
                    ui.radio_value(&mut choices.scope, ExportScope::Listed, listed);
                    ui.radio_value(
                        &mut choices.scope,
                        ExportScope::Folder,
                        trf(T::WholeFolder, &[("n", &input.total)]),
                    );
                    ui.checkbox(&mut choices.include_unannotated, tr(T::IncludeUnannotated));
                });
                ui.end_row();

                ui.label(tr(T::Tags));
                tags_ui(ui, choices, input.tags);
                ui.end_row();

                let label = ui.label(tr(T::Destination));
                ui.vertical(|ui| {
                    ui.horizontal(|ui| {
                        ui.add(
                            egui::TextEdit::singleline(&mut self.path)
                                .desired_width(340.0)
                                .hint_text("/path/to/export"),
                        )
                        .labelled_by(label.id)
                        .on_hover_text(trf(T::DestinationHint, &[("base", &base.display())]));
                        let browsing = self.picker.is_some();
                        if ui
                            .add_enabled(!browsing, egui::Button::new(tr(D::Browse)))
                            .clicked()
                        {
                            self.browse(ui.ctx(), choices, base);
                        }
                        if browsing {
                            ui.spinner();
                        }
                    });
                    let what = tr(if choices.format.writes_folder() {
                        T::FolderDestination
                    } else {
                        T::FileDestination
                    });
                    ui.label(RichText::new(what).small().color(palette.dim));
                    if let Some(note) = &self.note {
                        ui.label(RichText::new(note).small().color(palette.lost));
                    }
                    if !choices.format.writes_folder() {
                        ui.checkbox(&mut choices.write_manifest, tr(T::WriteManifest));
                    }
                });
                ui.end_row();
            });
    }

    fn status_ui(&mut self, ui: &mut egui::Ui, palette: &Palette) {
        if let Some(running) = &self.running {
            ui.separator();
            if running.waiting_for_save {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(tr(T::WaitingForSave));
                });
            }
            let progress = &running.progress;
            let fraction = progress
                .total
                .map_or(0.0, |total| progress.done as f32 / total.max(1) as f32);
            let bytes = human_bytes(progress.bytes);
            let text = match progress.total {
                Some(total) => trf(
                    T::ProgressOf,
                    &[
                        ("done", &progress.done),
                        ("total", &total),
                        ("exported", &progress.exported),
                        ("bytes", &bytes),
                    ],
                ),
                None => trf(
                    T::Progress,
                    &[
                        ("done", &progress.done),
                        ("exported", &progress.exported),
                        ("bytes", &bytes),
                    ],
                ),
            };
            ui.add(egui::ProgressBar::new(fraction).text(text));
            ui.horizontal(|ui| {
                if running.job.is_cancelled() {
                    ui.spinner();
                    ui.label(tr(D::Cancelling));
                } else if ui
                    .button(tr(D::Cancel))
                    .on_hover_text(tr(T::CancelHint))
                    .clicked()
                {
                    running.job.cancel();
                }
            });
            return;
        }
        let Some(finished) = &self.finished else {
            return;
        };
        ui.separator();
        match finished {
            Finished::Failed(message) => {
                ui.label(RichText::new(message).color(palette.lost));
            }
            Finished::Done {
                outcome,
                folder,
                unsaved,
            } => {
                let written = outcome
                    .written
                    .first()
                    .map_or_else(String::new, |p| p.display().to_string());
                ui.label(RichText::new(trf(T::Exported, &[("path", &written)])).strong());
                for extra in outcome.written.iter().skip(1) {
                    ui.label(
                        RichText::new(trf(T::AlsoWritten, &[("path", &extra.display())]))
                            .small()
                            .color(palette.dim),
                    );
                }
                ui.label(summary(&outcome.manifest));
                if *unsaved {
                    ui.label(RichText::new(tr(T::Unsaved)).color(palette.lost));
                }
                ui.horizontal(|ui| {
                    let opening = self.reveal.is_some();
                    if ui
                        .add_enabled(!opening, egui::Button::new(tr(D::OpenFolder)))
                        .on_hover_text(folder.display().to_string())
                        .clicked()
                    {
                        let ctx = ui.ctx().clone();
                        self.reveal_error = None;
                        self.reveal = Some(reveal(folder, move || ctx.request_repaint()));
                    }
                    if ui.button(tr(D::CopyPath)).clicked() {
                        ui.ctx().copy_text(written.clone());
                    }
                });
                if let Some(error) = &self.reveal_error {
                    ui.label(RichText::new(error).color(palette.lost));
                }
                problems_ui(
                    ui,
                    &outcome.manifest.problems,
                    outcome.manifest.problems_truncated,
                    palette,
                );
            }
        }
    }

    /// Opens the system file dialog for the destination.
    fn browse(&mut self, ctx: &egui::Context, choices: &ExportChoices, base: &Path) {
        let typed = self.destination(base).ok();
        let directory = typed
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_owned)
            .or_else(|| Some(base.to_owned()));
        let pick = if choices.format.writes_folder() {
            Pick::Folder { directory }
        } else {
            let file_name = typed
                .as_deref()
                .and_then(Path::file_name)
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Pick::SaveFile {
                directory,
                file_name,
            }
        };
        self.note = None;
        match Picker::start(pick, tr(T::Title), ctx) {
            Ok(picker) => self.picker = Some(picker),
            Err(error) => self.note = Some(trf(D::CannotOpenFileDialog, &[("error", &error)])),
        }
    }

    fn poll_picker(&mut self, choices: &ExportChoices) {
        let Some(picker) = &self.picker else {
            return;
        };
        match picker.poll() {
            Picked::Waiting => {}
            Picked::Chosen(paths) => {
                self.picker = None;
                if let Some(path) = paths.into_iter().next() {
                    let mut path = path;
                    // Keep the format's extension when the dialog dropped it.
                    if let Some(extension) = choices.format.extension()
                        && path.extension().is_none()
                    {
                        path.set_extension(extension);
                    }
                    self.path = path.display().to_string();
                }
            }
            Picked::Nothing => {
                self.picker = None;
                self.note = Some(nothing_picked());
            }
        }
    }
}

/// Waits until the store has nothing unsaved (the window saves 0.8 s after an edit), at most
/// [`SAVE_WAIT`]. Returns true when edits were still unsaved.
fn wait_for_save(store: Option<&SharedStore>, reporter: &Reporter<ExportEvent>) -> bool {
    let Some(store) = store else {
        return false;
    };
    let deadline = Instant::now() + SAVE_WAIT;
    let mut told = false;
    loop {
        // Only this store call, under the lock for a moment.
        if !lock(store).has_unsaved() {
            return false;
        }
        if reporter.is_cancelled() || Instant::now() >= deadline {
            return true;
        }
        if !told {
            told = true;
            reporter.send(ExportEvent::WaitingForSave);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// "All tags" or a chosen subset, with plain highlights as one more choice.
fn tags_ui(ui: &mut egui::Ui, choices: &mut ExportChoices, tags: &[Tag]) {
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            if ui
                .radio(choices.tags.is_none(), tr(T::AllAnnotations))
                .clicked()
            {
                choices.tags = None;
            }
            if ui.radio(choices.tags.is_some(), tr(T::OnlyThese)).clicked()
                && choices.tags.is_none()
            {
                choices.tags = Some(tags.iter().map(|t| t.id.as_str().to_owned()).collect());
            }
        });
        if let Some(chosen) = &mut choices.tags {
            ui.horizontal_wrapped(|ui| {
                for tag in tags {
                    let mut on = chosen.contains(tag.id.as_str());
                    let colour =
                        egui::Color32::from_rgb(tag.colour[0], tag.colour[1], tag.colour[2]);
                    let text = RichText::new(format!("{} {}", tag.label, tag.id))
                        .background_color(colour.gamma_multiply(0.3));
                    if ui.checkbox(&mut on, text).changed() {
                        toggle(chosen, tag.id.as_str(), on);
                    }
                }
                let mut on = chosen.contains(HIGHLIGHTS);
                if ui
                    .checkbox(&mut on, tr(T::Highlights))
                    .on_hover_text(tr(T::HighlightsHint))
                    .changed()
                {
                    toggle(chosen, HIGHLIGHTS, on);
                }
            });
        }
    });
}

fn toggle(set: &mut BTreeSet<String>, name: &str, on: bool) {
    if on {
        set.insert(name.to_owned());
    } else {
        set.remove(name);
    }
}

/// The manifest's problems: what was not exported (or exported with adjusted edges) and why.
fn problems_ui(
    ui: &mut egui::Ui,
    problems: &[crate::export::Problem],
    truncated: bool,
    palette: &Palette,
) {
    if problems.is_empty() {
        return;
    }
    let more = if truncated { "+" } else { "" };
    let n = format!("{}{more}", problems.len());
    egui::CollapsingHeader::new(trf(T::ProblemsHeading, &[("n", &n)]))
        .id_salt("pizhu-export-problems")
        .show(ui, |ui| {
            let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
            let shown = problems.len().min(PROBLEMS_LISTED);
            egui::ScrollArea::vertical()
                .id_salt("pizhu-export-problem-list")
                .max_height(160.0)
                .auto_shrink([false, true])
                .show_rows(ui, row_height, shown, |ui, range| {
                    for problem in &problems[range] {
                        let quote = problem
                            .quote
                            .as_deref()
                            .map_or_else(String::new, |q| format!(" “{}”", shortened(q, 16)));
                        let line = format!(
                            "{}{quote}: {}",
                            problem.file,
                            problem.detail.replace('\n', " ")
                        );
                        // One line per row (the rows have a fixed height); all of it on hover.
                        ui.add(egui::Label::new(&line).truncate())
                            .on_hover_text(line);
                    }
                });
            if problems.len() > shown || truncated {
                ui.label(
                    RichText::new(tr(T::MoreInReport))
                        .small()
                        .color(palette.dim),
                );
            }
        });
}

/// Where the destination is suggested (and a typed relative path starts): the last export's
/// folder, else beside the corpus folder.
pub fn suggestion_folder(choices: &ExportChoices, corpus_root: &Path) -> PathBuf {
    choices
        .folder
        .clone()
        .unwrap_or_else(|| beside(corpus_root))
}

/// A file (or folder) name for the export: what, which view, the format's extension.
fn suggested_name(choices: &ExportChoices, input: &ExportContext<'_>) -> String {
    let view = choices.view_or(input.reading_view).name();
    let stem = match (choices.scope, input.article) {
        (ExportScope::Article, Some(meta)) => Path::new(&meta.relative)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned()),
        _ => std::path::absolute(input.corpus_root)
            .ok()
            .and_then(|root| root.file_name().map(|s| s.to_string_lossy().into_owned())),
    }
    .unwrap_or_else(|| "pizhu".to_owned());
    match choices.format {
        Format::Brat => format!("{stem}-{view}-brat"),
        Format::LabelStudio => format!("{stem}-{view}-labelstudio.json"),
        format => format!("{stem}-{view}.{}", format.extension().unwrap_or("txt")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context<'a>(root: &'a Path, article: Option<&'a ArticleMeta>) -> ExportContext<'a> {
        ExportContext {
            corpus_root: root,
            article,
            listed: 3,
            total: 5,
            reading_view: ViewKind::Simplified,
            tags: &[],
        }
    }

    #[test]
    fn names_follow_format_view_and_scope() {
        let root = Path::new("/corpora/seeds");
        let input = context(root, None);
        let mut choices = ExportChoices::default();
        assert_eq!(suggested_name(&choices, &input), "seeds-simplified.jsonl");
        choices.format = Format::Brat;
        choices.view = Some(ViewKind::Original);
        assert_eq!(suggested_name(&choices, &input), "seeds-original-brat");
        choices.format = Format::LabelStudio;
        assert_eq!(
            suggested_name(&choices, &input),
            "seeds-original-labelstudio.json"
        );
        assert_eq!(suggestion_folder(&choices, root), PathBuf::from("/corpora"));
        choices.folder = Some(PathBuf::from("/exports"));
        assert_eq!(suggestion_folder(&choices, root), PathBuf::from("/exports"));
    }

    #[test]
    fn units_are_only_asked_for_where_the_format_allows() {
        let mut choices = ExportChoices {
            unit: Some(OffsetUnit::Utf16),
            ..ExportChoices::default()
        };
        assert_eq!(choices.unit_for_format(), Some(OffsetUnit::Utf16));
        choices.format = Format::W3c;
        assert_eq!(choices.unit_for_format(), None, "W3C is code points");
        choices.format = Format::Conll;
        assert_eq!(choices.unit_for_format(), None, "no offsets");
        choices.format = Format::LabelStudio;
        assert_eq!(choices.unit_for_format(), None, "UTF-16 is its default");
    }

    #[test]
    fn tag_subsets_become_filters() {
        let mut choices = ExportChoices::default();
        assert_eq!(choices.tag_filter(), Ok(None));
        choices.tags = Some(BTreeSet::new());
        assert!(
            choices.tag_filter().is_err(),
            "an empty subset exports nothing"
        );
        choices.tags = Some(["PER".to_owned(), HIGHLIGHTS.to_owned()].into());
        let filter = choices.tag_filter().expect("valid").expect("a filter");
        assert!(filter.highlights);
        assert!(filter.matches(TagId::new("PER").ok().as_ref()));
        assert!(!filter.matches(TagId::new("LOC").ok().as_ref()));
    }

    #[test]
    fn typed_destinations_are_made_absolute() {
        let mut dialog = ExportDialog::default();
        let base = Path::new("/corpora");
        assert!(dialog.destination(base).is_err(), "empty");
        dialog.path = "-".to_owned();
        assert!(dialog.destination(base).is_err(), "standard output");
        dialog.path = " 导出/简.jsonl ".to_owned();
        assert_eq!(
            dialog.destination(base),
            Ok(PathBuf::from("/corpora/导出/简.jsonl"))
        );
        dialog.path = "/tmp/x.csv".to_owned();
        assert_eq!(dialog.destination(base), Ok(PathBuf::from("/tmp/x.csv")));
    }

    #[test]
    fn the_summary_is_worded_in_the_window_language() {
        use crate::export::ExportOptions;
        use crate::ui::i18n::{Language, set_current};
        let mut options = ExportOptions::new(Format::Jsonl);
        options.view = ViewKind::Traditional;
        let mut manifest = Manifest::new(&options, Path::new("/corpora/seeds"));
        manifest.counts.articles = 3;
        manifest.counts.annotations = 12;
        manifest.counts.orphans = 2;
        manifest.counts.dropped = 1;
        manifest.counts.articles_failed = 1;
        set_current(Language::English);
        assert_eq!(
            summary(&manifest),
            "Articles: 3, annotations: 12 (Traditional view, offsets in code points); \
             not exported: 2 orphaned, 1 dropped by the format; unreadable articles: 1"
        );
        set_current(Language::Simplified);
        assert_eq!(
            summary(&manifest),
            "3 篇文章，12 条批注（繁体视图，偏移单位：码位）；\
             未导出：2 条找不到原位、1 条被格式舍弃；1 篇文章无法读取"
        );
        set_current(Language::Traditional);
        assert!(summary(&manifest).starts_with("3 篇文章，12 筆批註（繁體檢視"));
    }

    #[test]
    fn old_settings_without_export_choices_load() {
        let choices: ExportChoices = ron::from_str("(format: csv)").expect("partial");
        assert_eq!(choices.format, Format::Csv);
        assert_eq!(choices.scope, ExportScope::Folder);
    }
}
