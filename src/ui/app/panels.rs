//! Drawing one frame of the window: toolbar, status bar, article list, side panel, reader and
//! dialogs, in that order (side panels before the central one). In a narrow window the article
//! list and the side panel are drawers over the reader (`responsive.rs`).

use super::PizhuApp;
use crate::annotate::Tag;
use crate::corpus::ArticleMeta;
use crate::ui::command::Command;
use crate::ui::phrases_window::PhrasesInput;
use crate::ui::responsive::{self, Docking, Edge};
use crate::ui::status_bar::{self, StatusInput};
use crate::ui::theme::Palette;
use crate::ui::toolbar::ToolbarState;
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
        let mut keyed = shortcuts::commands_from_input(&ctx);
        if self.panels.help.open {
            // The help is modal: only the keys that close it.
            keyed.retain(|c| matches!(c, Command::Escape | Command::ToggleHelp));
        }
        self.commands.extend(keyed);
        let palette = self.settings.theme.palette();
        let mut commands = std::mem::take(&mut self.commands);
        self.docking = Docking::for_window(
            ctx.content_rect().width(),
            self.settings.font_size,
            self.drawers.list_width,
            self.drawers.side_width,
        );
        if self.docking.list {
            self.drawers.list_open = false;
        }
        if self.docking.side {
            self.drawers.side_open = false;
        }

        egui::Panel::top("toolbar").show(ui, |ui| {
            ui.add_space(4.0);
            let state = ToolbarState {
                list_is_drawer: !self.docking.list,
                list_open: self.drawers.list_open,
                side_shown: if self.docking.side {
                    self.settings.show_side_panel
                } else {
                    self.drawers.side_open
                },
                help_open: self.panels.help.open,
            };
            toolbar::toolbar_ui(ui, &self.settings, &state, &mut commands);
            ui.add_space(2.0);
        });
        let now = std::time::Instant::now();
        if let Some(change) = self.messages.next_change(now, self.current) {
            ctx.request_repaint_after(change);
        }
        let current_meta = self
            .current
            .and_then(|id| self.library.corpus.get(id))
            .cloned();
        egui::Panel::bottom("status").show(ui, |ui| {
            let input = StatusInput {
                library: &self.library,
                meta: current_meta.as_ref(),
                message: self.messages.current(now, self.current),
                history: self.messages.all().collect(),
                save: self.annotations.as_ref().map(|a| status_bar::SaveStatus {
                    state: &a.save_state,
                    offer_data_dir: a.offers_data_dir(),
                }),
            };
            status_bar::status_bar_ui(ui, &input, &palette, &mut commands);
        });
        self.corpus_search_ui(ui, &palette, &mut commands);
        if self.docking.list {
            let panel = egui::Panel::left("articles")
                .resizable(true)
                .default_size(responsive::LIST_WIDTH)
                .size_range(200.0..=600.0)
                .show(ui, |ui| self.article_list_ui(ui, &palette, &mut commands));
            self.drawers.list_width = panel.response.rect.width();
        }
        if self.docking.side && self.settings.show_side_panel {
            let panel = egui::Panel::right("details")
                .resizable(true)
                .default_size(responsive::SIDE_WIDTH)
                .size_range(180.0..=500.0)
                .show(ui, |ui| {
                    self.side_panel_ui(ui, current_meta.as_ref(), &palette, &mut commands);
                });
            self.drawers.side_width = panel.response.rect.width();
        }
        let central = egui::CentralPanel::default()
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
        let reader_rect = central.response.rect;
        self.reader_rect = Some(reader_rect);
        if !self.docking.list && self.drawers.list_open {
            let width = self.drawers.list_width;
            let close = responsive::drawer_ui(
                &ctx,
                "articles-drawer",
                Edge::Left,
                reader_rect,
                width,
                &palette,
                |ui| self.article_list_ui(ui, &palette, &mut commands),
            );
            self.drawers.list_open &= !close;
        }
        if !self.docking.side && self.drawers.side_open {
            let width = self.drawers.side_width.max(responsive::SIDE_WIDTH);
            let close = responsive::drawer_ui(
                &ctx,
                "details-drawer",
                Edge::Right,
                reader_rect,
                width,
                &palette,
                |ui| self.side_panel_ui(ui, current_meta.as_ref(), &palette, &mut commands),
            );
            self.drawers.side_open &= !close;
        }
        self.panels
            .open_dialog
            .ui(&ctx, &self.settings.recent_folders, &mut commands);
        self.panels.tag_all.ui(
            &ctx,
            crate::ui::i18n::tr(crate::ui::i18n::Annotating::SameTag),
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
            self.panels
                .tag_editor
                .ui(&ctx, &tags, reader_rect.center(), &mut commands);
        }
        self.dictionary_ui(&ctx, &mut commands);
        self.panels.help.ui(&ctx, &palette, &mut commands);

        if self.panels.phrases.is_open() {
            self.user_phrases_window_ui(&ctx, palette, &mut commands);
        }

        self.commands = commands;
        self.run_commands();
        self.note_position();
    }

    /// The article list: filter, sort and rows (a panel, or a drawer in narrow windows).
    fn article_list_ui(
        &mut self,
        ui: &mut egui::Ui,
        palette: &Palette,
        commands: &mut Vec<Command>,
    ) {
        self.panels.list.ui(
            ui,
            &mut self.library,
            self.current,
            self.counts.by_article(),
            palette,
            commands,
        );
    }

    /// The side panel's contents: the annotation tools, then the article's and folder's
    /// details (a panel, or a drawer in narrow windows).
    fn side_panel_ui(
        &mut self,
        ui: &mut egui::Ui,
        current_meta: Option<&ArticleMeta>,
        palette: &Palette,
        commands: &mut Vec<Command>,
    ) {
        let document = self.reader.document.clone();
        let view_kind = self.settings.view;
        egui::ScrollArea::vertical()
            .id_salt("side-panel")
            .show(ui, |ui| {
                if let (Some(annotations), Some(key), Some(document)) =
                    (&self.annotations, self.current_key(), document.as_deref())
                {
                    let input = annotation_panel::PanelInput {
                        annotations,
                        key: &key,
                        view: document.view(view_kind),
                        selected: self.focus.selected.as_ref(),
                        note_draft: &mut self.focus.note_draft,
                        focus_note: &mut self.focus.focus_note,
                        has_selection: self.reader.selection.is_some_and(|s| s.anchor != s.head),
                    };
                    self.panels.annotations.ui(ui, input, palette, commands);
                    ui.separator();
                }
                side_panel::side_panel_ui(ui, current_meta, &self.library, palette);
            });
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
                Some(crate::ui::i18n::tr(crate::ui::i18n::Status::PhrasesNeedFolder).to_owned()),
                None,
            ),
            Some(annotations) => {
                let store = annotations::lock(&annotations.store);
                (
                    store
                        .corpus_load_error()
                        .map(|_| super::command_handling::phrases_read_only()),
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
