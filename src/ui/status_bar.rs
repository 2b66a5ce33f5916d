//! The bottom bar: the save state (with Retry and "save in the data folder" when a save
//! failed), folder, article, encoding, background work and messages.

use egui::RichText;

use super::annotations::SaveState;
use super::command::Command;
use super::library::Library;
use super::theme::Palette;
use crate::corpus::ArticleMeta;

/// How serious a message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Something worked.
    Info,
    /// Something failed; nothing was lost.
    Error,
}

/// A message for the user.
#[derive(Clone, Debug)]
pub struct Message {
    /// How serious.
    pub level: Level,
    /// One sentence.
    pub text: String,
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

    /// The newest, which the bar shows.
    pub fn latest(&self) -> Option<&Message> {
        self.list.last()
    }

    /// Drops the newest (the bar's × button).
    pub fn dismiss_latest(&mut self) {
        self.list.pop();
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

/// What the bar shows about saving.
#[derive(Clone, Copy, Debug)]
pub struct SaveStatus<'a> {
    /// The open folder's save state.
    pub state: &'a SaveState,
    /// The last save failed because the folder cannot be written: offer the data folder.
    pub offer_data_dir: bool,
}

/// Draws the bar.
pub fn status_bar_ui(
    ui: &mut egui::Ui,
    library: &Library,
    meta: Option<&ArticleMeta>,
    message: Option<&Message>,
    save: Option<SaveStatus<'_>>,
    palette: &Palette,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        if let Some(SaveStatus {
            state,
            offer_data_dir,
        }) = save
        {
            let (text, colour) = match state {
                SaveState::Saved => ("已保存 Saved".to_owned(), palette.dim),
                SaveState::Unsaved => ("未保存 Unsaved".to_owned(), palette.accent),
                SaveState::Saving => ("保存中 Saving…".to_owned(), palette.accent),
                SaveState::Error(error) => (format!("保存失败 Not saved: {error}"), palette.lost),
            };
            ui.label(RichText::new(text).color(colour));
            if matches!(state, SaveState::Error(_)) {
                if ui
                    .small_button("重试 Retry")
                    .on_hover_text("Save again now")
                    .clicked()
                {
                    commands.push(Command::RetrySave);
                }
                if offer_data_dir
                    && ui
                        .small_button("保存到数据目录 Save in the data folder")
                        .on_hover_text(
                            "This folder cannot be written: keep its annotations in your user data folder from now on",
                        )
                        .clicked()
                {
                    commands.push(Command::SaveToDataDir);
                }
            }
            ui.separator();
        }
        if let Some(scan) = &library.scan {
            ui.spinner();
            let progress = scan.progress().unwrap_or(0.0);
            let label = match scan.found {
                Some(found) => format!("扫描 Scanning {} / {found}", scan.done),
                None => format!("扫描 Scanning {}…", scan.root.display()),
            };
            ui.add(
                egui::ProgressBar::new(progress)
                    .desired_width(160.0)
                    .text(label),
            );
            if ui.button("取消 Cancel").clicked() {
                commands.push(Command::CancelScan);
            }
            ui.separator();
        }
        // Corpus search (issue 13): after the scan, its job finishes the search index.
        if library.scan.is_none() && library.is_indexing() {
            ui.spinner();
            ui.label(RichText::new("建索引 Indexing for search…").color(palette.dim));
            ui.separator();
        }
        if let Some(message) = message {
            let color = match message.level {
                Level::Info => palette.dim,
                Level::Error => palette.lost,
            };
            ui.label(egui::RichText::new(&message.text).color(color));
            if ui.small_button("×").on_hover_text("Dismiss").clicked() {
                commands.push(Command::DismissMessage);
            }
            ui.separator();
        }
        let root = &library.corpus.root;
        if !root.as_os_str().is_empty() {
            ui.label(egui::RichText::new(root.display().to_string()).color(palette.dim));
        }
        if let Some(meta) = meta {
            ui.label(egui::RichText::new(format!("/ {}", meta.relative)).color(palette.dim));
            ui.separator();
            ui.label(egui::RichText::new(meta.encoding.to_string()).color(palette.dim));
        }
        if let Some(summary) = &library.last_summary
            && library.scan.is_none()
        {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(
                    egui::RichText::new(format!(
                        "{} articles · {} skipped · {:.0} ms{}",
                        summary.articles,
                        summary.skipped,
                        summary.elapsed.as_secs_f64() * 1000.0,
                        if summary.cancelled {
                            " · cancelled"
                        } else {
                            ""
                        }
                    ))
                    .color(palette.dim),
                );
            });
        }
    });
}
