//! Drawing one frame of the window: toolbar, status bar, article list, side panel, reader and
//! dialogs, in that order (side panels before the central one).

use super::PizhuApp;
use crate::annotate::Tag;
use crate::ui::phrases_window::PhrasesInput;
use crate::ui::status_bar;
use crate::ui::{annotation_panel, annotations, reader, shortcuts, side_panel, toolbar};

impl PizhuApp {
    /// What `eframe::App::ui` does each frame: reads the shortcuts, draws the window into `ui`,
    /// then runs the commands that drawing collected.
    pub(super) fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        // Esc closes the dictionary card before any shortcut sees it.
        self.commands
            .extend(self.panels.dict_card.command_from_input(&ctx));
        // The concordance's keys first: while it has focus, ↑/↓ walk its rows.
        self.panels.search.take_list_keys(&ctx, &mut self.commands);
        self.commands.extend(shortcuts::commands_from_input(&ctx));
        let palette = self.settings.theme.palette();
        let mut commands = std::mem::take(&mut self.commands);

        egui::Panel::top("toolbar").show(ui, |ui| {
            ui.add_space(4.0);
            toolbar::toolbar_ui(ui, &self.settings, &mut commands);
            ui.add_space(2.0);
        });
        let message = self.messages.latest().cloned();
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
                self.annotations.as_ref().map(|a| status_bar::SaveStatus {
                    state: &a.save_state,
                    offer_data_dir: a.offers_data_dir(),
                }),
                &palette,
                &mut commands,
            );
        });
        self.corpus_search_ui(ui, &palette, &mut commands);
        egui::Panel::left("articles")
            .resizable(true)
            .default_size(300.0)
            .size_range(200.0..=600.0)
            .show(ui, |ui| {
                self.panels.list.ui(
                    ui,
                    &mut self.library,
                    self.current,
                    self.counts.by_article(),
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
                            if let (Some(annotations), Some(key), Some(document)) = (
                                &self.annotations,
                                self.current_key(),
                                self.reader.document.clone(),
                            ) {
                                let input = annotation_panel::PanelInput {
                                    annotations,
                                    key: &key,
                                    view: document.view(self.settings.view),
                                    selected: self.focus.selected.as_ref(),
                                    note_draft: &mut self.focus.note_draft,
                                    focus_note: &mut self.focus.focus_note,
                                    has_selection: self
                                        .reader
                                        .selection
                                        .is_some_and(|s| s.anchor != s.head),
                                };
                                self.panels
                                    .annotations
                                    .ui(ui, input, &palette, &mut commands);
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
                let tags: Vec<Tag> = self
                    .annotations
                    .as_ref()
                    .map(|a| annotations::lock(&a.store).tags().tags().to_vec())
                    .unwrap_or_default();
                let editable = self.is_editable();
                self.panels.find.ui(ui, &mut commands);
                let marks = reader::AnnotationMarks {
                    annotations: self.annotations.as_ref(),
                    selected: self.focus.selected.as_ref(),
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
        self.panels
            .open_dialog
            .ui(&ctx, &self.settings.recent_folders, &mut commands);
        self.panels.tag_all.ui(
            &ctx,
            "the same tag",
            self.annotations.is_some(),
            &mut commands,
        );
        self.export_import_ui(&ctx, &palette, &mut commands);
        if self.panels.tag_editor.open {
            let tags: Vec<Tag> = self
                .annotations
                .as_ref()
                .map(|a| annotations::lock(&a.store).tags().tags().to_vec())
                .unwrap_or_default();
            self.panels.tag_editor.ui(&ctx, &tags, &mut commands);
        }
        self.dictionary_ui(&ctx, &mut commands);

        if self.panels.phrases.is_open() {
            self.user_phrases_window_ui(&ctx, palette, &mut commands);
        }

        self.commands = commands;
        self.run_commands();
    }
}

impl PizhuApp {
    /// The user phrases window (issue 11): the folder's phrases as the window last saw them.
    fn user_phrases_window_ui(
        &mut self,
        ctx: &egui::Context,
        palette: crate::ui::theme::Palette,
        commands: &mut Vec<crate::ui::command::Command>,
    ) {
        let (read_only, file) = match &self.annotations {
            None => (
                Some("Open a folder first: user phrases are saved in its pizhu.ron.".to_owned()),
                None,
            ),
            Some(annotations) => {
                let store = annotations::lock(&annotations.store);
                (
                    store
                        .corpus_load_error()
                        .map(|_| super::command_handling::PHRASES_READ_ONLY.to_owned()),
                    Some(store.location().corpus_file_path()),
                )
            }
        };
        let input = PhrasesInput {
            phrases: self.conversion.phrases(),
            issues: self.conversion.issues(),
            read_only,
            file,
            palette,
        };
        self.panels.phrases.ui(ctx, &input, commands);
    }
}
