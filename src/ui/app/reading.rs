//! Reading comfort in the app (issue 12): the keyboard reading commands, Esc, the help, span
//! labels, the drawers, and the reading positions (remembered per folder, restored when an
//! article opens again).

use std::path::PathBuf;

use super::PizhuApp;
use crate::text::Bias;
use crate::ui::command::Command;
use crate::ui::reader::ScrollRequest;
use crate::ui::reading_positions::ReadingPositions;
use crate::ui::status_bar::Level;

impl PizhuApp {
    /// Keeps reading positions in files under `data_dir` (the window passes the user data
    /// folder; without this call they last the session). Call before the first frame.
    pub fn remember_positions_in(&mut self, data_dir: PathBuf) {
        self.positions = ReadingPositions::new(Some(data_dir));
    }

    /// Where article `relative` of the open folder was left (an Original char), if remembered.
    pub fn remembered_position(&self, relative: &str) -> Option<usize> {
        self.positions.get(relative)
    }

    /// Writes unsaved reading positions now, on this thread (on exit; tests). Returns what
    /// went wrong.
    pub fn save_positions_now(&mut self) -> Option<String> {
        self.positions
            .save_blocking()
            .map(|problem| problem.to_string())
    }

    /// True while the keyboard help is shown.
    pub fn help_is_open(&self) -> bool {
        self.panels.help.open
    }

    /// Which drawers are open: (article list, side panel).
    pub fn open_drawers(&self) -> (bool, bool) {
        (self.drawers.list_open, self.drawers.side_open)
    }

    /// Carries out the reading commands.
    pub(super) fn run_reading_command(&mut self, command: Command) {
        match command {
            Command::ScrollPages(pages) => self.reader.scroll(ScrollRequest::Pages(pages)),
            Command::ScrollToStart => self.reader.scroll(ScrollRequest::Start),
            Command::ScrollToEnd => self.reader.scroll(ScrollRequest::End),
            Command::ToggleHelp => self.panels.help.open = !self.panels.help.open,
            Command::ToggleLabels => self.settings.show_labels = !self.settings.show_labels,
            Command::ToggleArticleList => self.drawers.list_open = !self.drawers.list_open,
            Command::Escape => self.escape(),
            _ => {}
        }
    }

    /// Esc: the topmost window or dialog closes, else the find bar, else a drawer; else the
    /// text selection clears; else the annotation is deselected.
    fn escape(&mut self) {
        let panels = &mut self.panels;
        // A dialog with work running stays: it shows the progress and the Cancel button.
        let (export_busy, import_busy) = (panels.export.is_busy(), panels.import.is_busy());
        let idle_dialog = |open: &mut bool, busy: bool| !busy && std::mem::take(open);
        if std::mem::take(&mut panels.help.open)
            || std::mem::take(&mut panels.about.open)
            || panels.phrases.close()
            || std::mem::take(&mut panels.tag_editor.open)
            || std::mem::take(&mut panels.open_dialog.open)
            || idle_dialog(&mut panels.export.open, export_busy)
            || idle_dialog(&mut panels.import.open, import_busy)
        {
            return;
        }
        if self.panels.find.is_open() {
            // Closing the find bar selects its current hit.
            self.run_search_command(crate::ui::command::SearchCommand::CloseFindBar);
            return;
        }
        if self.drawers.close_one() {
            return;
        }
        if self.reader.selection.take().is_some() {
            return;
        }
        self.focus.clear();
    }

    /// Takes the reading positions' news (call once per frame from `logic`): restores the open
    /// article's position once its folder's positions arrive.
    pub(super) fn poll_positions(&mut self) {
        let news = self.positions.poll(self.notify());
        if let Some(due) = self.positions.save_due_in() {
            self.ctx.request_repaint_after(due);
        }
        for problem in news.problems {
            self.report(Level::Error, problem.message());
        }
        if news.loaded && self.reader.document.is_some() {
            self.restore_position();
        }
    }

    /// Scrolls the article just shown to where it was left, if remembered (and known yet).
    pub(super) fn restore_position(&mut self) {
        let (Some(document), Some(meta)) = (self.reader.document.clone(), self.current_meta())
        else {
            return;
        };
        let remembered = self.positions.get(&meta.relative);
        if self.positions.is_loading() {
            // Restored when the positions arrive; until then the start is not recorded.
            self.restore_pending = Some(document.id);
            return;
        }
        self.restore_pending = None;
        if Some(document.id) != self.current {
            return;
        }
        if let Some(original) = remembered {
            let view = &document.view(self.settings.view).view;
            let top = view.map.view_from_original(original, Bias::Before);
            self.reader.scroll_to_char(top);
        }
    }

    /// Records where the open article is read (call after drawing, every frame: cheap).
    pub(super) fn note_position(&mut self) {
        if self.restore_pending.is_some() || self.reader.loading.is_some() {
            return;
        }
        let (Some(document), Some(meta)) = (&self.reader.document, self.current_meta()) else {
            return;
        };
        // Only once the article has been drawn at its restored place.
        if self.reader.geometry.is_none() || Some(document.id) != self.current {
            return;
        }
        let Some(original) = self.reader.top_original_char(self.settings.view) else {
            return;
        };
        let relative = meta.relative.clone();
        self.positions.set(&relative, original);
    }
}
