//! The reader window (eframe/egui): a thin layer over the core.
//!
//! `logic()` drains background jobs; `ui()` draws (side panels before the central one) and
//! collects [`Command`]s, which [`PizhuApp::run_commands`] carries out after drawing. Panels never
//! touch files: scans and article loads run on worker threads (`crate::jobs`).

use super::{
    annotation_panel, annotations, article_list, command, document, library, open_dialog, reader,
    settings, side_panel, status_bar, tag_all, tag_editor, theme, toolbar,
};

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::annotate::{Annotation, AnnotationId, DocKey, Edit, TagId};
use crate::corpus::{ArticleId, ArticleMeta};
use crate::text::ViewKind;
use crate::text::convert::{Converter, Target};
use command::Command;
use document::Loading;
use library::Library;
use reader::Reader;
use settings::Settings;
use status_bar::{Level, Message};

/// Colours offered to new tags, in turn.
const NEW_TAG_COLOURS: [[u8; 3]; 6] = [
    [0x8E, 0x6C, 0xC9],
    [0x3A, 0xA6, 0x9B],
    [0xD9, 0x7B, 0x3C],
    [0x5B, 0x8D, 0xD9],
    [0xC9, 0x4F, 0x7C],
    [0x7A, 0x9A, 0x3A],
];

/// Said when an edit comes for an article whose annotations could not be opened.
const NOT_OPEN: &str = "This article's annotations are not open.";

/// The key under which eframe stores [`Settings`].
const SETTINGS_KEY: &str = "pizhu-settings";

/// The sample corpus shipped with the source.
pub fn bundled_seeds() -> Option<PathBuf> {
    let candidates = [
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds"),
        PathBuf::from("seeds"),
    ];
    candidates.into_iter().find(|p| p.is_dir())
}

/// Opens the reader window on `folder` (else the last folder, else the bundled seeds).
/// `started` is when the process started, for the start-up time logged at the first frame.
pub fn run(folder: Option<PathBuf>, started: std::time::Instant) -> anyhow::Result<()> {
    if let Some(folder) = &folder
        && !folder.is_dir()
    {
        anyhow::bail!("{} is not a folder", folder.display());
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("批注 Pizhu")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([720.0, 480.0]),
        // Every machine renders the same: only the bundled fonts.
        system_font_fallback: false,
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "pizhu",
        options,
        Box::new(move |cc| {
            let settings: Settings = cc
                .storage
                .and_then(|s| eframe::get_value(s, SETTINGS_KEY))
                .unwrap_or_default();
            let mut app = PizhuApp::new(&cc.egui_ctx, settings, folder);
            app.started = Some(started);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

/// The application.
pub struct PizhuApp {
    /// What persists.
    pub settings: Settings,
    /// The open folder and its list.
    pub library: Library,
    /// The reader pane.
    pub reader: Reader,
    /// The article open (or opening) in the reader.
    pub current: Option<ArticleId>,
    list: article_list::ArticleList,
    annotation_panel: annotation_panel::AnnotationPanel,
    tag_editor: tag_editor::TagEditor,
    tag_all: tag_all::TagAll,
    open_dialog: open_dialog::OpenDialog,
    /// Newest last.
    messages: Vec<Message>,
    commands: Vec<Command>,
    ctx: egui::Context,
    /// The folder whose scan should open its first article when it arrives.
    select_first_on_scan: bool,
    /// The open folder's annotations (none until its store opened).
    pub annotations: Option<annotations::Annotations>,
    /// A store opened for a folder whose scan has not started yet.
    pending_store: Option<Result<crate::annotate::AnnotationStore, String>>,
    /// The annotation selected in the reader and side panel.
    pub selected_annotation: Option<crate::annotate::AnnotationId>,
    /// The note being edited in the side panel.
    pub note_draft: Option<(crate::annotate::AnnotationId, String)>,
    focus_note: bool,
    /// Annotations per article (from sidecars on disk, the open article's kept live).
    pub annotation_counts: std::collections::HashMap<ArticleId, usize>,
    count_job: Option<crate::jobs::Job<(ArticleId, usize)>>,
    counted_generation: u64,
    /// When the process started, until the first frame has been drawn.
    started: Option<std::time::Instant>,
    /// Article ids by relative path (built when needed).
    relative_index: std::collections::HashMap<String, ArticleId>,
}

impl PizhuApp {
    /// Sets up the app on `ctx`: fonts, theme, and the scan of the first folder.
    pub fn new(ctx: &egui::Context, settings: Settings, folder: Option<PathBuf>) -> Self {
        theme::install_fonts(ctx);
        ctx.set_visuals(settings.theme.visuals());
        // Build the conversion dictionaries off the UI thread before anyone needs them.
        std::thread::Builder::new()
            .name("pizhu-warm-up".to_owned())
            .spawn(|| {
                Converter::get(Target::Simplified).warm_up();
                Converter::get(Target::Traditional).warm_up();
            })
            .ok();
        let mut app = Self {
            library: Library::new(settings.sort),
            settings,
            reader: Reader::default(),
            current: None,
            list: article_list::ArticleList::default(),
            annotation_panel: annotation_panel::AnnotationPanel::default(),
            tag_editor: tag_editor::TagEditor::default(),
            tag_all: tag_all::TagAll::default(),
            open_dialog: open_dialog::OpenDialog::default(),
            messages: Vec::new(),
            commands: Vec::new(),
            ctx: ctx.clone(),
            select_first_on_scan: true,
            annotations: None,
            pending_store: None,
            selected_annotation: None,
            note_draft: None,
            focus_note: false,
            annotation_counts: std::collections::HashMap::new(),
            count_job: None,
            counted_generation: 0,
            relative_index: std::collections::HashMap::new(),
            started: None,
        };
        let start = folder
            .or_else(|| app.settings.last_folder.clone().filter(|f| f.is_dir()))
            .or_else(bundled_seeds);
        if let Some(start) = start {
            app.open_folder(start);
        }
        app
    }

    /// Metadata of the current article.
    pub fn current_meta(&self) -> Option<&ArticleMeta> {
        self.current.and_then(|id| self.library.corpus.get(id))
    }

    /// The article metadata and titles currently listed, in order (for tests and scripts).
    pub fn listed_titles(&self) -> Vec<&str> {
        self.library
            .rows
            .iter()
            .filter_map(|id| self.library.corpus.get(*id))
            .map(|m| m.title.as_str())
            .collect()
    }

    /// True while a scan or an article load is running.
    pub fn is_busy(&self) -> bool {
        self.library.scan.is_some()
            || self.reader.loading.is_some()
            || self.count_job.is_some()
            || self.tag_all.is_busy()
    }

    /// Queues a command, as a widget would.
    pub fn send(&mut self, command: Command) {
        self.commands.push(command);
    }

    fn notify(&self) -> impl Fn() + Send + Sync + 'static {
        let ctx = self.ctx.clone();
        move || ctx.request_repaint()
    }

    fn report(&mut self, level: Level, text: String) {
        if level == Level::Error {
            log::warn!("{text}");
        }
        self.messages.push(Message { level, text });
        if self.messages.len() > 20 {
            self.messages.remove(0);
        }
    }

    fn open_folder(&mut self, folder: PathBuf) {
        if let Err(error) = self.library.start_scan(folder.clone(), self.notify()) {
            self.report(
                Level::Error,
                format!("Cannot scan {}: {error}", folder.display()),
            );
        }
    }

    fn select_article(&mut self, id: ArticleId) {
        let Some(meta) = self.library.corpus.get(id) else {
            return;
        };
        if self.current == Some(id)
            && (self.reader.document.is_some() || self.reader.loading.is_some())
        {
            return;
        }
        self.current = Some(id);
        if let Some(row) = self.library.rows.iter().position(|r| *r == id) {
            self.list.scroll_to_row = Some(row);
        }
        let store = self.annotations.as_ref().map(|a| a.store.clone());
        self.selected_annotation = None;
        self.note_draft = None;
        match Loading::start(id, meta.path.clone(), store, self.notify()) {
            Ok(loading) => self.reader.loading = Some(loading),
            Err(error) => self.report(Level::Error, format!("Cannot open the article: {error}")),
        }
    }

    /// Drains background work: scan messages and a finished article load.
    fn poll_jobs(&mut self) {
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

    /// Keyboard shortcuts that work anywhere but in a text field.
    fn shortcuts(&mut self, ctx: &egui::Context) {
        // Only a text field takes plain keys; a focused button must not swallow 1–9 or T.
        let typing = ctx.text_edit_focused();
        let mut commands = Vec::new();
        ctx.input_mut(|input| {
            let command = |input: &mut egui::InputState, modifiers, key| {
                input.consume_shortcut(&KeyboardShortcut::new(modifiers, key))
            };
            if command(input, Modifiers::COMMAND, Key::O) {
                commands.push(Command::ShowOpenDialog);
            }
            if command(input, Modifiers::COMMAND, Key::Equals)
                || command(input, Modifiers::COMMAND, Key::Plus)
            {
                commands.push(Command::StepFontSize(1));
            }
            if command(input, Modifiers::COMMAND, Key::Minus) {
                commands.push(Command::StepFontSize(-1));
            }
            if command(input, Modifiers::COMMAND, Key::Num0) {
                commands.push(Command::ResetFontSize);
            }
            if typing {
                return;
            }
            if command(input, Modifiers::NONE, Key::ArrowDown)
                || command(input, Modifiers::NONE, Key::J)
            {
                commands.push(Command::MoveSelection(1));
            }
            if command(input, Modifiers::NONE, Key::ArrowUp)
                || command(input, Modifiers::NONE, Key::K)
            {
                commands.push(Command::MoveSelection(-1));
            }
            if command(input, Modifiers::NONE, Key::T) {
                commands.push(Command::CycleView);
            }
            const DIGITS: [Key; 9] = [
                Key::Num1,
                Key::Num2,
                Key::Num3,
                Key::Num4,
                Key::Num5,
                Key::Num6,
                Key::Num7,
                Key::Num8,
                Key::Num9,
            ];
            for (i, key) in DIGITS.into_iter().enumerate() {
                if command(input, Modifiers::NONE, key) {
                    commands.push(Command::AnnotateSelectionWithKey(i as u8 + 1));
                }
            }
            if command(input, Modifiers::NONE, Key::H) {
                commands.push(Command::AnnotateSelection(None));
            }
            if command(input, Modifiers::NONE, Key::N) {
                commands.push(Command::EditNote);
            }
            if command(input, Modifiers::NONE, Key::Delete) {
                commands.push(Command::DeleteSelectedAnnotation);
            }
            if command(input, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z) {
                commands.push(Command::Redo);
            }
            if command(input, Modifiers::COMMAND, Key::Z) {
                commands.push(Command::Undo);
            }
            if command(input, Modifiers::SHIFT, Key::ArrowLeft) {
                commands.push(Command::ExtendSelection(-1));
            }
            if command(input, Modifiers::SHIFT, Key::ArrowRight) {
                commands.push(Command::ExtendSelection(1));
            }
        });
        self.commands.extend(commands);
    }

    /// Carries out the queued commands.
    pub fn run_commands(&mut self) {
        for command in std::mem::take(&mut self.commands) {
            self.run_command(command);
        }
    }

    fn run_command(&mut self, command: Command) {
        match command {
            Command::OpenFolder(folder) => self.open_folder(folder),
            Command::ShowOpenDialog => {
                let current = self.library.corpus.root.clone();
                self.open_dialog
                    .show(Some(current.as_path()).filter(|p| !p.as_os_str().is_empty()));
            }
            Command::CancelScan => self.library.cancel_scan(),
            Command::SelectArticle(id) => self.select_article(id),
            Command::MoveSelection(delta) => {
                if let Some(next) = self.library.step(self.current, delta) {
                    self.select_article(next);
                }
            }
            Command::SetView(kind) => self.set_view(kind),
            Command::CycleView => self.set_view(self.settings.view.next()),
            Command::StepFontSize(step) => {
                self.settings.font_size = theme::step_font_size(self.settings.font_size, step);
            }
            Command::ResetFontSize => self.settings.font_size = theme::DEFAULT_FONT_SIZE,
            Command::ToggleTheme => {
                self.settings.theme = self.settings.theme.toggled();
                self.ctx.set_visuals(self.settings.theme.visuals());
            }
            Command::ToggleHideBoilerplate => {
                self.settings.hide_boilerplate = !self.settings.hide_boilerplate;
            }
            Command::ToggleSidePanel => {
                self.settings.show_side_panel = !self.settings.show_side_panel;
            }
            Command::SetSort(sort) => {
                self.settings.sort = sort;
                self.library.sort = sort;
                self.library.invalidate_rows();
            }
            Command::CopySelection => {
                if let Some(text) = self.reader.selected_text(self.settings.view) {
                    self.ctx.copy_text(text);
                }
            }
            Command::DismissMessage => {
                self.messages.pop();
            }
            Command::AnnotateSelection(tag) => self.annotate_selection(tag),
            Command::AnnotateSelectionWithKey(key) => {
                let tag = self.annotations.as_ref().and_then(|a| {
                    annotations::lock(&a.store)
                        .tags()
                        .by_key(key)
                        .map(|t| t.id.clone())
                });
                match tag {
                    Some(tag) => self.annotate_selection(Some(tag)),
                    None => self.report(Level::Info, format!("No tag is bound to key {key}.")),
                }
            }
            Command::SelectAnnotation(id) => {
                self.note_draft = None;
                self.selected_annotation = id;
            }
            Command::JumpToAnnotation(id) => self.jump_to_annotation(id),
            Command::SetTag(id, tag) => {
                self.edit_current(Edit::SetTag { id, tag });
            }
            Command::SetNote(id, note) => {
                self.edit_current(Edit::SetNote { id, note });
            }
            Command::DeleteAnnotation(id) => {
                if self.selected_annotation.as_ref() == Some(&id) {
                    self.selected_annotation = None;
                    self.note_draft = None;
                }
                self.edit_current(Edit::Delete(id));
            }
            Command::DeleteSelectedAnnotation => {
                if let Some(id) = self.selected_annotation.clone() {
                    self.run_command(Command::DeleteAnnotation(id));
                }
            }
            Command::EditNote => {
                if self.selected_annotation.is_none() {
                    self.annotate_selection(None);
                }
                if let Some(id) = self.selected_annotation.clone() {
                    let note = self.annotation_note(&id).unwrap_or_default();
                    self.note_draft = Some((id, note));
                    self.focus_note = true;
                    self.settings.show_side_panel = true;
                }
            }
            Command::TagAllInArticle(id) => self.tag_all(&id, false),
            Command::TagAllInFolder(id) => self.tag_all(&id, true),
            Command::ExtendSelection(delta) => {
                if let Some(selection) = &mut self.reader.selection {
                    selection.head = selection.head.saturating_add_signed(delta as isize);
                }
            }
            Command::ExtendToSelection(id) => {
                let range = self
                    .reader
                    .document
                    .as_ref()
                    .zip(self.reader.selection)
                    .map(|(document, selection)| {
                        document
                            .view(self.settings.view)
                            .view
                            .original_range(selection.range())
                    });
                match range.filter(|r| !r.is_empty()) {
                    Some(range) => {
                        self.edit_current(Edit::Move {
                            id,
                            start: range.start,
                            end: range.end,
                        });
                        self.reader.selection = None;
                    }
                    None => self.report(Level::Info, "Select the new extent first.".to_owned()),
                }
            }
            Command::ResolveConflict(how) => self.resolve_conflict(how),
            Command::ShowTagEditor => self.tag_editor.open = true,
            Command::ChangeTag(change) => self.change_tag(change),
            Command::Undo => self.undo_redo(true),
            Command::Redo => self.undo_redo(false),
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

    /// Whether the open article's annotations can be edited (open, not read-only).
    fn is_editable(&self) -> bool {
        let (Some(key), Some(annotations)) = (self.current_key(), &self.annotations) else {
            return false;
        };
        let status = annotations::lock(&annotations.store).status(&key);
        matches!(
            status,
            Some(crate::annotate::DocStatus::Clean | crate::annotate::DocStatus::Unsaved)
        )
    }

    fn current_key(&self) -> Option<DocKey> {
        self.reader.document.as_ref()?.key.clone()
    }

    fn annotation_note(&self, id: &AnnotationId) -> Option<String> {
        let key = self.current_key()?;
        let annotations = self.annotations.as_ref()?;
        let store = annotations::lock(&annotations.store);
        Some(store.annotation(&key, id)?.note.clone())
    }

    /// Applies an edit to the open article's annotations, reporting failures. True if done.
    fn edit_current(&mut self, edit: Edit) -> bool {
        let Some(key) = self.current_key() else {
            self.report(Level::Error, NOT_OPEN.to_owned());
            return false;
        };
        let Some(annotations) = &mut self.annotations else {
            return false;
        };
        match annotations.edit(&key, edit) {
            Ok(()) => true,
            Err(error) => {
                self.report(Level::Error, error);
                false
            }
        }
    }

    /// A new annotation of the open article over Original chars `original`.
    fn new_annotation(
        &self,
        original: std::ops::Range<usize>,
        tag: Option<TagId>,
    ) -> Result<Annotation, String> {
        let key = self.current_key().ok_or(NOT_OPEN)?;
        let annotations = self.annotations.as_ref().ok_or(NOT_OPEN)?;
        let store = annotations::lock(&annotations.store);
        let text = store.text(&key).ok_or(NOT_OPEN)?;
        Annotation::new_in(text, original, tag, "").map_err(|e| e.to_string())
    }

    fn annotate_selection(&mut self, tag: Option<TagId>) {
        let Some(document) = self.reader.document.clone() else {
            return;
        };
        let Some(selection) = self
            .reader
            .selection
            .map(|s| s.range())
            .filter(|r| !r.is_empty())
        else {
            self.report(Level::Info, "Select some text first.".to_owned());
            return;
        };
        let original = document
            .view(self.settings.view)
            .view
            .original_range(selection);
        let annotation = match self.new_annotation(original, tag) {
            Ok(annotation) => annotation,
            Err(error) => {
                self.report(Level::Error, error);
                return;
            }
        };
        let id = annotation.id.clone();
        if self.edit_current(Edit::Create(annotation)) {
            self.selected_annotation = Some(id);
            self.reader.selection = None;
        }
    }

    fn jump_to_annotation(&mut self, id: AnnotationId) {
        let (Some(document), Some(annotations)) = (&self.reader.document, &self.annotations) else {
            return;
        };
        let Some(key) = &document.key else {
            return;
        };
        let range = annotations::lock(&annotations.store)
            .annotation(key, &id)
            .map(|a| a.range());
        if let Some(range) = range {
            let view = &document.view(self.settings.view).view;
            let shown = view.view_range(range);
            self.reader.scroll_to_char(shown.start);
            self.reader.flash(shown);
        }
        self.selected_annotation = Some(id);
    }

    fn change_tag(&mut self, change: command::TagChange) {
        use command::TagChange;
        let Some(annotations) = &mut self.annotations else {
            return;
        };
        let result: Result<Option<String>, String> = {
            let mut store = annotations::lock(&annotations.store);
            match change {
                TagChange::Remove { id, force } => match store.remove_tag(&id, force) {
                    Ok(tag) => Ok(Some(format!("Removed tag {} {}.", tag.label, tag.id))),
                    Err(crate::annotate::StoreError::TagInUse { id, uses }) => {
                        self.tag_editor.confirm_remove = Some((id, uses));
                        Ok(None)
                    }
                    Err(error) => Err(error.to_string()),
                },
                change => store
                    .tags_mut()
                    .map_err(|e| e.to_string())
                    .and_then(|tags| {
                        let done = match change {
                            TagChange::Add { id, label } => TagId::new(&id)
                                .map_err(|e| e.to_string())
                                .and_then(|id| {
                                    let colour =
                                        NEW_TAG_COLOURS[tags.len() % NEW_TAG_COLOURS.len()];
                                    let label = if label.is_empty() {
                                        id.to_string()
                                    } else {
                                        label
                                    };
                                    tags.add(crate::annotate::Tag {
                                        id,
                                        label,
                                        colour,
                                        key: None,
                                    })
                                    .map_err(|e| e.to_string())
                                })
                                .map(|_| ()),
                            TagChange::Rename(id, label) => {
                                tags.rename(&id, &label).map_err(|e| e.to_string())
                            }
                            TagChange::Recolour(id, colour) => {
                                tags.recolour(&id, colour).map_err(|e| e.to_string())
                            }
                            TagChange::Rebind(id, key) => {
                                tags.rebind(&id, key).map(|_| ()).map_err(|e| e.to_string())
                            }
                            TagChange::Remove { .. } => Ok(()),
                        };
                        done.map(|()| None)
                    }),
            }
        };
        match result {
            Ok(message) => {
                annotations.changed();
                if let Some(message) = message {
                    self.report(Level::Info, message);
                }
            }
            Err(error) => self.report(Level::Error, error),
        }
    }

    fn resolve_conflict(&mut self, how: crate::annotate::Resolution) {
        let Some(key) = self.current_key() else {
            return;
        };
        let Some(annotations) = &mut self.annotations else {
            return;
        };
        let result = annotations::lock(&annotations.store).resolve_conflict(&key, how);
        match result {
            Ok(report) => {
                annotations.changed();
                let text = match report {
                    Some(merge) => format!(
                        "Merged with the file on disk: {} annotations ({} edited on both sides, the later edit kept).",
                        merge.annotations.len(),
                        merge.both_edited.len()
                    ),
                    None => "Conflict resolved.".to_owned(),
                };
                self.report(Level::Info, text);
            }
            Err(error) => self.report(Level::Error, error.to_string()),
        }
    }

    /// Previews tagging every occurrence of an annotation's text, in this article or the folder.
    fn tag_all(&mut self, id: &AnnotationId, whole_folder: bool) {
        let (Some(document), Some(annotations)) = (&self.reader.document, &self.annotations) else {
            return;
        };
        let Some(key) = &document.key else {
            return;
        };
        let found = annotations::lock(&annotations.store)
            .annotation(key, id)
            .map(|a| (a.range(), a.tag.clone()));
        let Some((range, tag)) = found else {
            return;
        };
        // Search for the text as the Clean view shows it (crawl pinyin removed).
        let clean = document.view(ViewKind::Clean);
        let needle = clean.slice(clean.view.view_range(range)).to_owned();
        if needle.trim().is_empty() {
            return;
        }
        let paths = if whole_folder {
            self.library
                .corpus
                .articles
                .iter()
                .map(|a| a.path.clone())
                .collect()
        } else {
            vec![document.path.clone()]
        };
        if let Err(error) = self.tag_all.start(needle, tag, paths, self.notify()) {
            self.report(Level::Error, format!("Cannot search the folder: {error}"));
        }
    }

    fn undo_redo(&mut self, undo: bool) {
        let current = self.current_key();
        let Some(annotations) = &mut self.annotations else {
            return;
        };
        let result = if undo {
            annotations.undo()
        } else {
            annotations.redo()
        };
        match result {
            Ok(Some(key)) => {
                // Undo across articles: open the article the step belonged to.
                let store = annotations.store.clone();
                if current.as_ref() != Some(&key)
                    && let Some(id) = self.library.corpus.articles.iter().position(|a| {
                        annotations::lock(&store)
                            .key_for(&a.path)
                            .is_ok_and(|k| k == key)
                    })
                {
                    self.select_article(ArticleId(id));
                }
            }
            Ok(None) => {
                let what = if undo { "undo" } else { "redo" };
                self.report(Level::Info, format!("Nothing to {what}."));
            }
            Err(error) => self.report(Level::Error, error),
        }
    }

    /// Writes unsaved annotations now (before switching folders and on exit).
    fn save_annotations_now(&mut self) {
        if let Some(annotations) = &mut self.annotations {
            for problem in annotations.save_blocking() {
                self.report(Level::Error, problem);
            }
        }
    }

    fn set_view(&mut self, kind: ViewKind) {
        if kind == self.settings.view {
            return;
        }
        self.reader.switch_view(self.settings.view, kind);
        self.settings.view = kind;
    }

    /// Draws the whole window into `ui` (also what the UI tests drive).
    pub fn ui_frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.poll_jobs();
        self.shortcuts(&ctx);
        let palette = self.settings.theme.palette();
        let mut commands = std::mem::take(&mut self.commands);

        egui::Panel::top("toolbar").show(ui, |ui| {
            ui.add_space(4.0);
            toolbar::toolbar_ui(ui, &self.settings, &mut commands);
            ui.add_space(2.0);
        });
        let message = self.messages.last().cloned();
        let current_meta = self
            .current
            .and_then(|id| self.library.corpus.get(id))
            .cloned();
        egui::Panel::bottom("status").show(ui, |ui| {
            status_bar::status_bar_ui(
                ui,
                &self.library,
                current_meta.as_ref(),
                message.as_ref(),
                self.annotations.as_ref().map(|a| &a.save_state),
                &palette,
                &mut commands,
            );
        });
        egui::Panel::left("articles")
            .resizable(true)
            .default_size(300.0)
            .size_range(200.0..=600.0)
            .show(ui, |ui| {
                self.list.ui(
                    ui,
                    &mut self.library,
                    self.current,
                    &self.annotation_counts,
                    &palette,
                    &mut commands,
                );
            });
        if self.settings.show_side_panel {
            egui::Panel::right("details")
                .resizable(true)
                .default_size(260.0)
                .size_range(180.0..=500.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("side-panel")
                        .show(ui, |ui| {
                            if let (Some(annotations), Some(key)) =
                                (&self.annotations, self.current_key())
                            {
                                let input = annotation_panel::PanelInput {
                                    annotations,
                                    key: &key,
                                    selected: self.selected_annotation.as_ref(),
                                    note_draft: &mut self.note_draft,
                                    focus_note: &mut self.focus_note,
                                    has_selection: self
                                        .reader
                                        .selection
                                        .is_some_and(|s| s.anchor != s.head),
                                };
                                self.annotation_panel.ui(ui, input, &palette, &mut commands);
                                ui.separator();
                            }
                            side_panel::side_panel_ui(
                                ui,
                                current_meta.as_ref(),
                                &self.library,
                                &palette,
                            );
                        });
                });
        }
        egui::CentralPanel::default()
            .frame(egui::Frame::central_panel(ui.style()).fill(palette.page))
            .show(ui, |ui| {
                let tags: Vec<crate::annotate::Tag> = self
                    .annotations
                    .as_ref()
                    .map(|a| annotations::lock(&a.store).tags().tags().to_vec())
                    .unwrap_or_default();
                let editable = self.is_editable();
                let marks = reader::AnnotationMarks {
                    annotations: self.annotations.as_ref(),
                    selected: self.selected_annotation.as_ref(),
                    tags: &tags,
                    editable,
                };
                self.reader.ui(
                    ui,
                    &self.settings,
                    current_meta.as_ref(),
                    &marks,
                    &mut commands,
                );
            });
        self.open_dialog
            .ui(&ctx, &self.settings.recent_folders, &mut commands);
        if self.tag_all.is_open() {
            let store = self.annotations.as_ref().map(|a| a.store.clone());
            let label = "the same tag";
            if let Some(result) = self.tag_all.ui(&ctx, store.as_ref(), label, &mut commands) {
                match result {
                    Ok(count) => {
                        if let Some(annotations) = &mut self.annotations {
                            annotations.changed();
                        }
                        self.report(
                            Level::Info,
                            format!("Tagged {count} occurrences in the folder (one undo step)."),
                        );
                    }
                    Err(error) => self.report(Level::Error, error),
                }
            }
        }
        if self.tag_editor.open {
            let tags: Vec<crate::annotate::Tag> = self
                .annotations
                .as_ref()
                .map(|a| annotations::lock(&a.store).tags().tags().to_vec())
                .unwrap_or_default();
            self.tag_editor.ui(&ctx, &tags, &mut commands);
        }

        self.commands = commands;
        self.run_commands();
    }
}

impl eframe::App for PizhuApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_frame(ui);
        if let Some(started) = self.started.take() {
            log::info!(
                "first frame drawn {:.0} ms after start",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_annotations_now();
        for message in &self.messages {
            if message.level == Level::Error {
                eprintln!("pizhu: {}", message.text);
            }
        }
    }
}
