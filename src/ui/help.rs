//! The keyboard help (F1, ?, or the toolbar's ? button): every key of the shortcut table
//! (`shortcuts::SHORTCUTS`), grouped as the table groups them, and what the mouse does.
//! Esc, F1, ? or a click outside closes it.

use egui::{Color32, RichText};

use super::command::Command;
use super::shortcuts::{self, HelpEntry};
use super::theme::Palette;

const TITLE: &str = "键盘 Keyboard";
const CLOSE: &str = "关闭 Close (Esc)";
const MOUSE: &str = "鼠标 Mouse";
/// What the mouse does (not in the key table).
const MOUSE_ROWS: [(&str, &str); 5] = [
    ("Drag", "Select text, across paragraphs"),
    ("Shift+click", "Extend the selection"),
    ("Ctrl+C", "Copy the selected text of the view"),
    (
        "Click a highlight",
        "Select the annotation (its details open at the side)",
    ),
    ("Hover", "Every annotation under the pointer"),
];

/// Below this width the groups stack in one column.
const TWO_COLUMNS_FROM: f32 = 860.0;

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
        let two_columns = screen.width() >= TWO_COLUMNS_FROM;
        let width = if two_columns {
            (screen.width() - 120.0).min(980.0)
        } else {
            screen.width() - 48.0
        };
        let response = egui::Modal::new(egui::Id::unique("pizhu-help")).show(ctx, |ui| {
            ui.set_width(width);
            ui.horizontal(|ui| {
                ui.heading(TITLE);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button(CLOSE).clicked() {
                        commands.push(Command::ToggleHelp);
                    }
                });
            });
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(screen.height() - 140.0)
                .show(ui, |ui| {
                    if two_columns {
                        // Reading and views on the left; annotating, search, files and the
                        // mouse on the right.
                        let split = groups.len().min(2);
                        ui.columns(2, |columns| {
                            for (group, entries) in &groups[..split] {
                                group_ui(&mut columns[0], group.label(), entries, palette);
                            }
                            for (group, entries) in &groups[split..] {
                                group_ui(&mut columns[1], group.label(), entries, palette);
                            }
                            mouse_ui(&mut columns[1], palette);
                        });
                    } else {
                        for (group, entries) in &groups {
                            group_ui(ui, group.label(), entries, palette);
                        }
                        mouse_ui(ui, palette);
                    }
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
    egui::Grid::new(("help", heading))
        .num_columns(2)
        .spacing([14.0, 5.0])
        .show(ui, |ui| {
            for entry in entries {
                ui.horizontal(|ui| {
                    for (i, keys) in entry.keys.iter().enumerate() {
                        if i > 0 {
                            ui.label(RichText::new("/").color(palette.dim));
                        }
                        key_cap(ui, keys, palette);
                    }
                });
                ui.label(entry.description);
                ui.end_row();
            }
        });
}

fn mouse_ui(ui: &mut egui::Ui, palette: &Palette) {
    ui.add_space(6.0);
    ui.label(RichText::new(MOUSE).strong().color(palette.heading));
    egui::Grid::new("help-mouse")
        .num_columns(2)
        .spacing([14.0, 5.0])
        .show(ui, |ui| {
            for (keys, description) in MOUSE_ROWS {
                key_cap(ui, keys, palette);
                ui.label(description);
                ui.end_row();
            }
        });
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
