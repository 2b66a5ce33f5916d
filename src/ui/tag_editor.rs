//! The tag-set window: add, rename, recolour, rebind keys, remove (asking first when in use).
//! Edits go out as commands; the store checks them (unique ids and keys).

use super::command::{Command, TagChange};
use super::i18n::{DialogText, TagText as T, tr, trf};
use crate::annotate::{Tag, TagId};

/// Window state.
#[derive(Default)]
pub struct TagEditor {
    /// The window is shown.
    pub open: bool,
    new_id: String,
    new_label: String,
    /// A removal waiting for confirmation: the tag and how many annotations use it.
    pub confirm_remove: Option<(TagId, usize)>,
}

impl TagEditor {
    /// Draws the window over `tags` (a snapshot of the store's tag set), first opened centred
    /// on `center` (the reader's centre).
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        tags: &[Tag],
        center: egui::Pos2,
        commands: &mut Vec<Command>,
    ) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        egui::Window::new(tr(T::TagSet))
            .id(egui::Id::unique("pizhu-tag-set"))
            .collapsible(false)
            .open(&mut open)
            .resizable(false)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(center)
            .show(ctx, |ui| {
                ui.label(tr(T::TagSetIntro));
                egui::Grid::new("tags")
                    .num_columns(5)
                    .spacing([8.0, 4.0])
                    .show(ui, |ui| {
                        ui.strong(tr(T::Colour));
                        ui.strong(tr(T::Label));
                        ui.strong(tr(T::Id));
                        ui.strong(tr(T::Key));
                        ui.end_row();
                        for tag in tags {
                            let mut colour = tag.colour;
                            if ui.color_edit_button_srgb(&mut colour).changed() {
                                commands.push(Command::ChangeTag(TagChange::Recolour(
                                    tag.id.clone(),
                                    colour,
                                )));
                            }
                            let mut label = tag.label.clone();
                            let response =
                                ui.add(egui::TextEdit::singleline(&mut label).desired_width(110.0));
                            if response.changed() && !label.trim().is_empty() {
                                commands.push(Command::ChangeTag(TagChange::Rename(
                                    tag.id.clone(),
                                    label,
                                )));
                            }
                            ui.label(tag.id.as_str());
                            let mut key = tag.key;
                            egui::ComboBox::from_id_salt(("key", tag.id.as_str()))
                                .width(48.0)
                                .selected_text(key.map_or("—".to_owned(), |k| k.to_string()))
                                .show_ui(ui, |ui| {
                                    ui.selectable_value(&mut key, None, "—");
                                    for k in 1..=9 {
                                        ui.selectable_value(&mut key, Some(k), k.to_string());
                                    }
                                });
                            if key != tag.key {
                                commands.push(Command::ChangeTag(TagChange::Rebind(
                                    tag.id.clone(),
                                    key,
                                )));
                            }
                            if ui.button(tr(T::Remove)).clicked() {
                                commands.push(Command::ChangeTag(TagChange::Remove {
                                    id: tag.id.clone(),
                                    force: false,
                                }));
                            }
                            ui.end_row();
                        }
                    });
                ui.separator();
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut self.new_id)
                            .hint_text(tr(T::IdHint))
                            .desired_width(110.0),
                    );
                    ui.add(
                        egui::TextEdit::singleline(&mut self.new_label)
                            .hint_text(tr(T::LabelHint))
                            .desired_width(110.0),
                    );
                    if ui.button(tr(T::Add)).clicked() {
                        commands.push(Command::ChangeTag(TagChange::Add {
                            id: self.new_id.trim().to_owned(),
                            label: self.new_label.trim().to_owned(),
                        }));
                        self.new_id.clear();
                        self.new_label.clear();
                    }
                });
                if let Some((id, uses)) = self.confirm_remove.clone() {
                    ui.separator();
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        trf(T::ConfirmRemove, &[("id", &id), ("uses", &uses)]),
                    );
                    ui.horizontal(|ui| {
                        if ui.button(tr(T::RemoveAnyway)).clicked() {
                            commands
                                .push(Command::ChangeTag(TagChange::Remove { id, force: true }));
                            self.confirm_remove = None;
                        }
                        if ui.button(tr(DialogText::Cancel)).clicked() {
                            self.confirm_remove = None;
                        }
                    });
                }
            });
        self.open &= open;
    }
}
