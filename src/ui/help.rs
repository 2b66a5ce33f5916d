//! The keyboard help (F1, ?, or the toolbar's ? button): every key of the shortcut table
//! (`shortcuts::SHORTCUTS`), grouped as the table groups them, and what the mouse does.
//! Esc, F1, ? or a click outside closes it.

use egui::{Color32, RichText};

use super::command::Command;
use super::i18n::{Reading as R, tr};
use super::shortcuts::{self, HelpEntry};
use super::theme::Palette;

/// What the mouse does (not in the key table): (gesture, description); `None`: the key's name.
const MOUSE_ROWS: [(Option<R>, R); 5] = [
    (Some(R::MouseDrag), R::MouseDragDoes),
    (Some(R::MouseShiftClick), R::MouseShiftClickDoes),
    (None, R::MouseCopyDoes),
    (Some(R::MouseClickHighlight), R::MouseClickHighlightDoes),
    (Some(R::MouseHover), R::MouseHoverDoes),
];

/// The help's widest: keys and a description a line.
const MAX_WIDTH: f32 = 720.0;
/// The key column's width: the description column starts here, so every group lines up.
const KEY_COLUMN: f32 = 250.0;

/// The help window's state.
#[derive(Default)]
pub struct Help {
    /// Shown.
    pub open: bool,
}

impl Help {
    /// Draws the help when open. Closing goes through [`Command::ToggleHelp`].
    pub fn ui(&mut self, ctx: &egui::Context, palette: &Palette, commands: &mut Vec<Command>) {
        if !self.open {
            return;
        }
        let screen = ctx.content_rect();
        let is_mac = ctx.os() == egui::os::OperatingSystem::Mac;
        let groups = shortcuts::help_entries(is_mac);
        // One column of groups, as wide as reads well and never wider than the window: two
        // columns of key grids overran the modal at 1024 points.
        let width = (screen.width() - 64.0).clamp(200.0, MAX_WIDTH);
        let response = egui::Modal::new(egui::Id::unique("pizhu-help")).show(ctx, |ui| {
            ui.set_width(width);
            ui.horizontal(|ui| {
                ui.heading(tr(R::HelpTitle));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button(tr(R::HelpClose)).clicked() {
                        commands.push(Command::ToggleHelp);
                    }
                });
            });
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height((screen.height() - 140.0).max(120.0))
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    ui.set_width(width - ui.spacing().scroll.allocated_width());
                    for (group, entries) in &groups {
                        group_ui(ui, group.label(), entries, palette);
                    }
                    mouse_ui(ui, palette);
                });
        });
        if response.backdrop_response.clicked() {
            commands.push(Command::ToggleHelp);
        }
    }
}

fn group_ui(ui: &mut egui::Ui, heading: &str, entries: &[HelpEntry], palette: &Palette) {
    ui.add_space(6.0);
    ui.label(RichText::new(heading).strong().color(palette.heading));
    for entry in entries {
        row_ui(ui, palette, tr(entry.description), |ui| {
            // `1 / 2 / … / 9` reads better as `1 – 9`.
            let run = entry.keys.len() > 3 && entry.keys.iter().all(|k| k.chars().count() == 1);
            let keys: Vec<&str> = if run {
                vec![
                    entry.keys[0].as_str(),
                    entry.keys[entry.keys.len() - 1].as_str(),
                ]
            } else {
                entry.keys.iter().map(String::as_str).collect()
            };
            let separator = if run { "–" } else { "/" };
            for (i, keys) in keys.iter().enumerate() {
                if i > 0 {
                    ui.label(RichText::new(separator).color(palette.dim));
                }
                key_cap(ui, keys, palette);
            }
        });
    }
}

fn mouse_ui(ui: &mut egui::Ui, palette: &Palette) {
    ui.add_space(6.0);
    ui.label(RichText::new(tr(R::Mouse)).strong().color(palette.heading));
    let features = shortcuts::POINTER_ACTIONS
        .iter()
        .map(|&(gesture, _, description)| (Some(gesture), description));
    for (gesture, description) in MOUSE_ROWS.into_iter().chain(features) {
        let keys = gesture.map_or("Ctrl+C", tr);
        row_ui(ui, palette, tr(description), |ui| {
            key_cap(ui, keys, palette)
        });
    }
}

/// One row: the keys in a fixed-width column, then the description, wrapped in what is left.
fn row_ui(
    ui: &mut egui::Ui,
    palette: &Palette,
    description: &str,
    keys: impl FnOnce(&mut egui::Ui),
) {
    ui.horizontal_top(|ui| {
        let height = ui.spacing().interact_size.y;
        ui.allocate_ui_with_layout(
            egui::vec2(KEY_COLUMN, height),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_min_width(KEY_COLUMN);
                keys(ui);
            },
        );
        ui.add(egui::Label::new(RichText::new(description).color(palette.text)).wrap());
    });
    ui.add_space(2.0);
}

/// A key drawn as a small key cap.
fn key_cap(ui: &mut egui::Ui, keys: &str, palette: &Palette) {
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.0, palette.dim))
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(5, 1))
        .fill(Color32::TRANSPARENT)
        .show(ui, |ui| {
            ui.label(RichText::new(keys).monospace().color(palette.text));
        });
}
