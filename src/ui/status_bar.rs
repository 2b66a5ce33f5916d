//! The bottom bar, in fixed slots so nothing overprints or jumps: the save state (left, fixed
//! width, with Retry and "save in the data folder" when a save failed), the newest message
//! (elided, the whole sentence on hover), then at the right the open article's path and
//! encoding (elided) and the scan's progress or summary. Messages expire, and a message about
//! an article shows only while that article is open; the kept messages stay listed behind the
//! bar's message button.

use std::time::{Duration, Instant};

use egui::{Align, Layout, RichText, vec2};

use super::annotations::SaveState;
use super::command::Command;
use super::i18n::{Status as S, tr, trf};
use super::library::Library;
use super::theme::Palette;
use crate::corpus::{ArticleId, ArticleMeta};

/// How serious a message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Something worked.
    Info,
    /// Something failed; nothing was lost.
    Error,
}

impl Level {
    /// How long the bar shows a message of this level.
    fn shown_for(self) -> Duration {
        match self {
            Self::Info => Duration::from_secs(8),
            Self::Error => Duration::from_secs(30),
        }
    }
}

/// A message for the user.
#[derive(Clone, Debug)]
pub struct Message {
    /// How serious.
    pub level: Level,
    /// One sentence.
    pub text: String,
    /// The article it is about (`None`: the folder or the app).
    pub article: Option<ArticleId>,
    /// When it was posted.
    pub posted: Instant,
}

impl Message {
    /// A message about the folder or the app, posted now.
    pub fn new(level: Level, text: String) -> Self {
        Self {
            level,
            text,
            article: None,
            posted: Instant::now(),
        }
    }

    /// The same message, about `article`.
    pub fn about(mut self, article: Option<ArticleId>) -> Self {
        self.article = article;
        self
    }

    /// When the bar stops showing it.
    fn expires(&self) -> Instant {
        self.posted + self.level.shown_for()
    }

    fn is_shown(&self, now: Instant, article: Option<ArticleId>) -> bool {
        now < self.expires() && self.article.is_none_or(|a| Some(a) == article)
    }
}

/// The status bar's messages, newest last.
#[derive(Debug, Default)]
pub struct Messages {
    list: Vec<Message>,
}

impl Messages {
    /// How many are kept; older ones are dropped.
    const KEPT: usize = 20;

    /// Adds `message` as the newest.
    pub fn push(&mut self, message: Message) {
        self.list.push(message);
        if self.list.len() > Self::KEPT {
            self.list.remove(0);
        }
    }

    /// The newest, shown or not.
    pub fn latest(&self) -> Option<&Message> {
        self.list.last()
    }

    /// The message the bar shows at `now` while `article` is open: the newest that has not
    /// expired and is about the folder or that article.
    pub fn current(&self, now: Instant, article: Option<ArticleId>) -> Option<&Message> {
        self.list.iter().rev().find(|m| m.is_shown(now, article))
    }

    /// How long until the shown message expires (to repaint then).
    pub fn next_change(&self, now: Instant, article: Option<ArticleId>) -> Option<Duration> {
        self.current(now, article)
            .map(|m| m.expires().saturating_duration_since(now))
    }

    /// Drops the message the bar shows (its × button).
    pub fn dismiss_current(&mut self, now: Instant, article: Option<ArticleId>) {
        if let Some(i) = self.list.iter().rposition(|m| m.is_shown(now, article)) {
            self.list.remove(i);
        }
    }

    /// Every message kept, newest first (the bar's list).
    pub fn all(&self) -> impl Iterator<Item = &Message> {
        self.list.iter().rev()
    }

    /// Every message still kept, oldest first.
    pub fn texts(&self) -> Vec<&str> {
        self.list.iter().map(|m| m.text.as_str()).collect()
    }

    /// The errors still kept, oldest first.
    pub fn errors(&self) -> impl Iterator<Item = &Message> {
        self.list.iter().filter(|m| m.level == Level::Error)
    }
}

/// What the bar shows.
pub struct StatusInput<'a> {
    /// The open folder.
    pub library: &'a Library,
    /// The open article.
    pub meta: Option<&'a ArticleMeta>,
    /// The message to show now.
    pub message: Option<&'a Message>,
    /// Every kept message, newest first.
    pub history: Vec<&'a Message>,
    /// The folder's save state, when its annotations are open.
    pub save: Option<SaveStatus<'a>>,
}

/// What the bar shows about saving.
#[derive(Clone, Copy, Debug)]
pub struct SaveStatus<'a> {
    /// The open folder's save state.
    pub state: &'a SaveState,
    /// The last save failed because the folder cannot be written: offer the data folder.
    pub offer_data_dir: bool,
}

/// Width of the save-state slot.
const SAVE_SLOT: f32 = 150.0;
/// Width of the scan slot (progress while scanning, else the summary).
const SCAN_SLOT: f32 = 290.0;
/// Below this bar width the scan summary is left out (the progress still shows).
const WIDE: f32 = 1000.0;

/// Draws the bar.
pub fn status_bar_ui(
    ui: &mut egui::Ui,
    input: &StatusInput<'_>,
    palette: &Palette,
    commands: &mut Vec<Command>,
) {
    let height = ui.spacing().interact_size.y;
    let width = ui.available_width();
    ui.horizontal(|ui| {
        ui.set_height(height);
        if let Some(save) = input.save {
            slot(ui, SAVE_SLOT, height, |ui| {
                save_state_ui(ui, save.state, palette)
            });
            if matches!(save.state, SaveState::Error(_)) {
                save_actions_ui(ui, save.offer_data_dir, commands);
            }
            ui.separator();
        }
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            history_ui(ui, &input.history, palette);
            let library = input.library;
            if let Some(scan) = &library.scan {
                slot(ui, SCAN_SLOT, height, |ui| {
                    ui.spinner();
                    let progress = scan.progress().unwrap_or(0.0);
                    let label = match scan.found {
                        Some(found) => trf(S::Scanning, &[("done", &scan.done), ("found", &found)]),
                        None => trf(S::ScanningFolder, &[("folder", &scan.root.display())]),
                    };
                    ui.add(
                        egui::ProgressBar::new(progress)
                            .desired_width(170.0)
                            .text(label),
                    );
                    if ui.button(tr(S::Cancel)).clicked() {
                        commands.push(Command::CancelScan);
                    }
                });
            } else if library.is_indexing() {
                // Corpus search (issue 13): after the scan, its job finishes the search index.
                slot(ui, SCAN_SLOT, height, |ui| {
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        dim_label(ui, tr(S::Indexing).to_owned(), palette);
                        ui.spinner();
                    });
                });
            } else if let Some(summary) = &library.last_summary
                && width >= WIDE
            {
                let mut text = trf(
                    S::ScanSummary,
                    &[
                        ("articles", &summary.articles),
                        ("skipped", &summary.skipped),
                        (
                            "ms",
                            &format!("{:.0}", summary.elapsed.as_secs_f64() * 1000.0),
                        ),
                    ],
                );
                if summary.cancelled {
                    text.push_str(tr(S::ScanCancelled));
                }
                slot(ui, SCAN_SLOT, height, |ui| {
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        dim_label(ui, text, palette);
                    });
                });
            }
            let root = &library.corpus.root;
            if !root.as_os_str().is_empty() {
                let mut location = root.display().to_string();
                if let Some(meta) = input.meta {
                    location.push_str(&format!(" / {}  ·  {}", meta.relative, meta.encoding));
                }
                let room = (ui.available_width() * 0.4).max(80.0);
                slot(ui, room, height, |ui| {
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        dim_label(ui, location, palette);
                    });
                });
            }
            // The message takes what is left, from the left.
            let left = ui.available_width();
            ui.allocate_ui_with_layout(
                vec2(left, height),
                Layout::left_to_right(Align::Center),
                |ui| message_ui(ui, input.message, palette, commands),
            );
        });
    });
}

/// The save state, in the save slot. Saving is work in progress, not a problem: it is drawn
/// dim; only a failed save takes the error colour.
fn save_state_ui(ui: &mut egui::Ui, state: &SaveState, palette: &Palette) {
    let (text, colour) = match state {
        SaveState::Saved => (tr(S::Saved).to_owned(), palette.dim),
        SaveState::Unsaved => (tr(S::Unsaved).to_owned(), palette.text),
        SaveState::Saving => (tr(S::Saving).to_owned(), palette.dim),
        SaveState::Error(error) => (trf(S::NotSaved, &[("error", error)]), palette.lost),
    };
    ui.add(egui::Label::new(RichText::new(text).color(colour)).truncate());
}

/// What the user can do about a failed save: retry, or keep the annotations in the data
/// folder when the corpus folder cannot be written.
fn save_actions_ui(ui: &mut egui::Ui, offer_data_dir: bool, commands: &mut Vec<Command>) {
    if ui
        .small_button(tr(S::Retry))
        .on_hover_text(tr(S::RetryHint))
        .clicked()
    {
        commands.push(Command::RetrySave);
    }
    if offer_data_dir
        && ui
            .small_button(tr(S::SaveInDataDir))
            .on_hover_text(tr(S::SaveInDataDirHint))
            .clicked()
    {
        commands.push(Command::SaveToDataDir);
    }
}

fn message_ui(
    ui: &mut egui::Ui,
    message: Option<&Message>,
    palette: &Palette,
    commands: &mut Vec<Command>,
) {
    let Some(message) = message else {
        return;
    };
    let colour = match message.level {
        Level::Info => palette.dim,
        Level::Error => palette.lost,
    };
    if ui.small_button("×").on_hover_text(tr(S::Dismiss)).clicked() {
        commands.push(Command::DismissMessage);
    }
    ui.add(egui::Label::new(RichText::new(&message.text).color(colour)).truncate());
}

/// The kept messages, behind a small button (nothing said is lost when it expires).
fn history_ui(ui: &mut egui::Ui, history: &[&Message], palette: &Palette) {
    if history.is_empty() {
        return;
    }
    ui.menu_button(trf(S::History, &[("n", &history.len())]), |ui| {
        ui.set_max_width(520.0);
        let now = Instant::now();
        for message in history {
            let colour = match message.level {
                Level::Info => palette.text,
                Level::Error => palette.lost,
            };
            let ago = now.saturating_duration_since(message.posted).as_secs();
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(trf(S::SecondsAgo, &[("n", &ago)]))
                        .small()
                        .color(palette.dim),
                );
                ui.label(RichText::new(&message.text).color(colour));
            });
        }
    })
    .response
    .on_hover_text(tr(S::HistoryHint));
}

/// A slot of fixed `width`: its contents never push the rest of the bar.
fn slot(ui: &mut egui::Ui, width: f32, height: f32, add: impl FnOnce(&mut egui::Ui)) {
    let rect = ui
        .allocate_exact_size(vec2(width, height), egui::Sense::hover())
        .0;
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect)
            .layout(Layout::left_to_right(Align::Center).with_main_wrap(false)),
    );
    child.set_clip_rect(rect.intersect(ui.clip_rect()));
    add(&mut child);
}

fn dim_label(ui: &mut egui::Ui, text: String, palette: &Palette) {
    ui.add(egui::Label::new(RichText::new(text).color(palette.dim)).truncate());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_expire_and_belong_to_their_article() {
        let mut messages = Messages::default();
        let now = Instant::now();
        let (first, second) = (Some(ArticleId(1)), Some(ArticleId(2)));
        messages.push(Message::new(Level::Info, "scan done".into()));
        messages.push(Message::new(Level::Info, "moved 2 annotations".into()).about(first));
        let shown = |m: &Messages, at, article| m.current(at, article).map(|m| m.text.clone());
        assert_eq!(
            shown(&messages, now, first).as_deref(),
            Some("moved 2 annotations")
        );
        assert_eq!(
            shown(&messages, now, second).as_deref(),
            Some("scan done"),
            "another article does not show it"
        );
        let later = now + Duration::from_secs(9);
        assert_eq!(shown(&messages, later, first), None, "info expires");
        messages.push(Message::new(Level::Error, "cannot save".into()));
        let later = Instant::now() + Duration::from_secs(9);
        assert_eq!(
            shown(&messages, later, first).as_deref(),
            Some("cannot save"),
            "errors stay longer"
        );
        messages.dismiss_current(later, first);
        assert_eq!(shown(&messages, later, first), None);
        assert_eq!(messages.all().count(), 2, "the list keeps the others");
    }
}
