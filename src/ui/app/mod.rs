//! The application: its state and how it is built, laid out like rerun's viewer `app/`.
//!
//! Each frame eframe calls `logic` (`logic.rs`: drain background jobs; also while the window is
//! hidden) and then `ui` (`panels.rs`: read the shortcuts, draw the panels, side panels before the
//! central one, collecting [`Command`]s), and the commands run after drawing
//! (`command_handling.rs`, the only place that edits the annotation store; workers hand their
//! results back as commands).

mod command_handling;
mod dictionary;
mod export_import;
mod logic;
mod panels;
mod reading;
mod search_handling;
#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::time::Instant;

use super::about::About;
use super::annotation_counts::AnnotationCounts;
use super::annotation_panel::AnnotationPanel;
use super::annotations::{self, Annotations};
use super::article_list::ArticleList;
use super::command::Command;
use super::conversion::Conversion;
use super::corpus_search::CorpusSearch;
use super::dict_card::DictCard;
use super::error::{RunError, UiError};
use super::export_dialog::ExportDialog;
use super::find_bar::FindBar;
use super::help::Help;
use super::i18n::{self, Language};
use super::import_dialog::ImportDialog;
use super::library::{IndexCache, Library};
use super::open_dialog::OpenDialog;
use super::phrases_window::PhrasesWindow;
use super::reader::Reader;
use super::reading_positions::ReadingPositions;
use super::responsive::{Docking, Drawers};
use super::settings::Settings;
use super::status_bar::{Level, Message, Messages};
use super::tag_all::TagAll;
use super::tag_editor::TagEditor;
use super::theme;
use crate::annotate::{AnnotationId, DocKey, DocStatus, LoadedDocument};
use crate::corpus::{ArticleId, ArticleMeta};
use crate::jobs::Job;
use crate::text::ViewConverters;

/// The key under which eframe stores [`Settings`].
const SETTINGS_KEY: &str = "pizhu-settings";

/// The window icon (`assets/icons/pizhu-128.png`, drawn from `assets/icons/pizhu.svg`).
static WINDOW_ICON: &[u8] = include_bytes!("../../../assets/icons/pizhu-128.png");

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
pub fn run(folder: Option<PathBuf>, started: Instant) -> Result<(), RunError> {
    if let Some(folder) = &folder
        && !folder.is_dir()
    {
        return Err(RunError::NotAFolder(folder.clone()));
    }
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("批注 Pizhu")
        // Wayland finds the icon and name through the desktop entry `pizhu.desktop`.
        .with_app_id("pizhu")
        .with_inner_size([1280.0, 820.0])
        .with_min_inner_size([640.0, 480.0]);
    match eframe::icon_data::from_png_bytes(WINDOW_ICON) {
        Ok(icon) => viewport = viewport.with_icon(std::sync::Arc::new(icon)),
        Err(error) => log::warn!("cannot decode the window icon: {error}"),
    }
    let options = eframe::NativeOptions {
        viewport,
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
            if let Some(data_dir) = ReadingPositions::default_data_dir() {
                app.remember_positions_in(data_dir);
            }
            app.started = Some(started);
            Ok(Box::new(app))
        }),
    )?;
    Ok(())
}

/// The application.
pub struct PizhuApp {
    /// What persists.
    pub settings: Settings,
    /// The system's language, read once at start (used while the setting is `None`).
    system_language: Language,
    /// The language the window's title was last set in (`None`: not yet).
    titled_in: Option<Language>,
    /// The open folder and its list.
    pub library: Library,
    /// The reader pane.
    pub reader: Reader,
    /// The article open (or opening) in the reader.
    pub current: Option<ArticleId>,
    /// The open folder's annotations (none until its store opened).
    pub annotations: Option<Annotations>,
    /// The annotation being worked on.
    focus: AnnotationFocus,
    /// The panels' and dialogs' own state.
    panels: Panels,
    /// Annotations per article, for the list.
    counts: AnnotationCounts,
    /// What the status bar says.
    messages: Messages,
    /// Commands to run after drawing.
    commands: Vec<Command>,
    /// Open the first listed article once the scan lists one.
    select_first_on_scan: bool,
    /// The annotations of folders left behind, saving until everything is on disk.
    retiring: Vec<Annotations>,
    /// Documents being opened for an undo (`true`) or redo across articles.
    replay_opening: Option<(Job<Vec<LoadedDocument>>, bool)>,
    /// Building the conversion dictionaries off the UI thread; reports a failure.
    warm_up: Option<Job<Result<(), String>>>,
    /// The 简/繁 views' converters (regional choices, the folder's user phrases) and the jobs
    /// that build them and render the open article with them.
    conversion: Conversion,
    ctx: egui::Context,
    /// When the process started, until the first frame has been drawn.
    started: Option<Instant>,
    /// Where each article of the open folder was left.
    positions: ReadingPositions,
    /// The open article waits for the folder's positions to restore its place.
    restore_pending: Option<ArticleId>,
    /// The panels that are drawers in narrow windows.
    drawers: Drawers,
    /// Which panels dock this frame (the others are drawers).
    docking: Docking,
    /// Where the reader pane was drawn last frame (windows open centred over it).
    reader_rect: Option<egui::Rect>,
}

/// The annotation the user works on, shared by the reader and the side panel.
#[derive(Default)]
struct AnnotationFocus {
    /// Selected in the reader and the side panel.
    selected: Option<AnnotationId>,
    /// The note being edited in the side panel.
    note_draft: Option<(AnnotationId, String)>,
    /// Give the note field keyboard focus when it is next drawn.
    focus_note: bool,
}

impl AnnotationFocus {
    /// Nothing selected, no note draft (another article or folder).
    fn clear(&mut self) {
        self.selected = None;
        self.note_draft = None;
    }
}

/// The panels' and dialogs' own state; what they show comes from the app.
#[derive(Default)]
struct Panels {
    list: ArticleList,
    annotations: AnnotationPanel,
    tag_editor: TagEditor,
    tag_all: TagAll,
    open_dialog: OpenDialog,
    /// The find bar over the reader (issue 13).
    find: FindBar,
    /// The corpus search panel (issue 13).
    search: CorpusSearch,
    /// The dictionary card and the About box (issue 11).
    dict_card: DictCard,
    about: About,
    help: Help,
    phrases: PhrasesWindow,
    export: ExportDialog,
    import: ImportDialog,
}

impl PizhuApp {
    /// Sets up the app on `ctx`: fonts, theme, and the scan of the first folder.
    pub fn new(ctx: &egui::Context, settings: Settings, folder: Option<PathBuf>) -> Self {
        Self::with_index_cache(ctx, settings, folder, IndexCache::User)
    }

    /// Like [`PizhuApp::new`], keeping the folders' search indexes in `cache` (tests keep
    /// theirs private; benchmarks choose the folder).
    pub fn with_index_cache(
        ctx: &egui::Context,
        settings: Settings,
        folder: Option<PathBuf>,
        cache: IndexCache,
    ) -> Self {
        theme::install_fonts(ctx);
        theme::install_style(ctx);
        ctx.set_visuals(settings.theme.visuals());
        // Build the conversion dictionaries off the UI thread before anyone needs them.
        let notify = {
            let ctx = ctx.clone();
            move || ctx.request_repaint()
        };
        let scripts = settings.scripts;
        let warm_up = Job::spawn("pizhu-warm-up", notify, move |reporter| {
            let built = std::panic::catch_unwind(|| {
                ViewConverters::new(scripts).warm_up();
                crate::search::fold::warm_up();
            });
            reporter.send(built.map_err(|panic| {
                panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "the dictionaries could not be built".to_owned())
            }));
        });
        let mut messages = Messages::default();
        let warm_up = match warm_up {
            Ok(job) => Some(job),
            Err(error) => {
                // The app sets the language each frame; this message comes before the first.
                i18n::set_current(settings.language.unwrap_or_else(Language::system));
                let text = i18n::trf(i18n::Status::ConverterWarmUp, &[("error", &error)]);
                log::warn!("{text}");
                messages.push(Message::new(Level::Error, text));
                None
            }
        };
        let mut app = Self {
            library: Library::new(settings.sort),
            settings,
            reader: Reader::default(),
            current: None,
            annotations: None,
            focus: AnnotationFocus::default(),
            panels: Panels::default(),
            counts: AnnotationCounts::default(),
            messages,
            commands: Vec::new(),
            select_first_on_scan: true,
            retiring: Vec::new(),
            replay_opening: None,
            warm_up,
            conversion: Conversion::new(scripts),
            ctx: ctx.clone(),
            started: None,
            positions: ReadingPositions::default(),
            restore_pending: None,
            drawers: Drawers::default(),
            docking: Docking {
                list: true,
                side: true,
            },
            reader_rect: None,
            system_language: Language::system(),
            titled_in: None,
        };
        i18n::set_current(app.language());
        app.library.set_index_cache(cache);
        let start = folder
            .or_else(|| app.settings.last_folder.clone().filter(|f| f.is_dir()))
            .or_else(bundled_seeds);
        if let Some(start) = start {
            app.open_folder(start);
        }
        app
    }

    /// One whole frame as eframe runs it (`logic`, then `ui`); what the UI tests drive.
    pub fn ui_frame(&mut self, ui: &mut egui::Ui) {
        i18n::set_current(self.language());
        self.poll_jobs();
        self.frame_ui(ui);
    }

    /// The language the window speaks: the setting's, else the system's.
    pub fn language(&self) -> Language {
        self.settings.language.unwrap_or(self.system_language)
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

    /// The annotation selected in the reader and the side panel.
    pub fn selected_annotation(&self) -> Option<&AnnotationId> {
        self.focus.selected.as_ref()
    }

    /// Annotations per article, as the list shows them (from the sidecars on disk; the open
    /// articles' follow their edits).
    pub fn annotation_counts(&self) -> &std::collections::HashMap<ArticleId, usize> {
        self.counts.by_article()
    }

    /// True while background work runs: a scan (and its search index), an article load, the
    /// annotation count, a "tag all" search, opening documents for an undo, saving a folder left
    /// behind, building converters with user phrases or rendering the open article with new ones,
    /// an export or an import, the dictionary or pinyin the window waits for, the find bar's or the
    /// corpus search's workers.
    pub fn is_busy(&self) -> bool {
        self.library.scan.is_some()
            || self.reader.loading.is_some()
            || self.counts.is_busy()
            || self.panels.tag_all.is_busy()
            || self.library.is_indexing()
            || self.panels.find.is_busy()
            || self.panels.search.is_busy()
            || self.is_dictionary_busy()
            || self.replay_opening.is_some()
            || self.retiring.iter().any(Annotations::has_work)
            || self.conversion.is_busy()
            || self.panels.export.is_busy()
            || self.panels.import.is_busy()
    }

    /// The status bar's messages still kept, oldest first (for tests and scripts).
    pub fn messages(&self) -> Vec<&str> {
        self.messages.texts()
    }

    /// Folders left behind whose annotations are not all on disk yet (still saving, or waiting
    /// for a conflict to be settled; saved again on exit).
    pub fn retiring_folders(&self) -> usize {
        self.retiring.len()
    }

    /// Queues a command, as a widget would.
    pub fn send(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// What a worker calls when it has news: wake the UI.
    fn notify(&self) -> impl Fn() + Send + Sync + 'static {
        let ctx = self.ctx.clone();
        move || ctx.request_repaint()
    }

    /// Tells the user in the status bar (errors are logged too).
    fn report(&mut self, level: Level, text: String) {
        if level == Level::Error {
            log::warn!("{text}");
        }
        self.messages.push(Message::new(level, text));
    }

    /// Tells the user about the open article: shown only while it is open.
    fn report_on_article(&mut self, level: Level, text: String) {
        if level == Level::Error {
            log::warn!("{text}");
        }
        self.messages
            .push(Message::new(level, text).about(self.current));
    }

    /// Shows `error` in the status bar: where a window error becomes its one sentence, once.
    fn report_error(&mut self, error: impl Into<UiError>) {
        self.report(Level::Error, error.into().message());
    }

    /// Whether the open article's annotations can be edited (open, not read-only).
    fn is_editable(&self) -> bool {
        let (Some(key), Some(annotations)) = (self.current_key(), &self.annotations) else {
            return false;
        };
        let status = annotations::lock(&annotations.store).status(&key);
        matches!(status, Some(DocStatus::Clean | DocStatus::Unsaved))
    }

    /// The open article's key in the annotation store.
    fn current_key(&self) -> Option<DocKey> {
        self.reader.document.as_ref()?.key.clone()
    }
}

impl eframe::App for PizhuApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        let language = self.language();
        i18n::set_current(language);
        if self.titled_in != Some(language) {
            self.titled_in = Some(language);
            let title = i18n::tr(i18n::Reading::WindowTitle).to_owned();
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title));
        }
        self.poll_jobs();
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
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
        self.save_before_exit();
        if let Some(problem) = self.save_positions_now() {
            eprintln!("pizhu: {problem}");
        }
        for message in self.messages.errors() {
            eprintln!("pizhu: {}", message.text);
        }
    }
}
