//! The reader window (eframe/egui): a thin layer over the core.
//!
//! `logic()` drains background jobs; `ui()` draws (side panels before the central one) and
//! collects [`Command`]s, which [`PizhuApp::run_commands`] carries out after drawing. Panels never
//! touch files: scans and article loads run on worker threads (`crate::jobs`).

mod command_handling;
mod logic;
mod panels;

use super::{
    annotation_panel, annotations, article_list, command, document, library, open_dialog, reader,
    settings, shortcuts, side_panel, status_bar, tag_all, tag_editor, theme, toolbar,
};

use std::path::PathBuf;

use crate::annotate::DocKey;
use crate::corpus::{ArticleId, ArticleMeta};
use crate::text::convert::{Converter, Target};
use command::Command;
use document::Loading;
use library::Library;
use reader::Reader;
use settings::Settings;
use status_bar::{Level, Message};

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
