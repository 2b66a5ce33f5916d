//! The app's side of the find bar and the corpus search (issue 13): each frame, the folder's
//! index news and the searches' workers; their commands; a hit opened in the reader. The
//! annotations "tag all hits" builds are created here, through the store, as one undo step.

use super::PizhuApp;
use crate::search::{SearchError, UpdateSummary};
use crate::ui::command::SearchCommand;
use crate::ui::corpus_search::{PanelInput, PollInput, SearchNews};
use crate::ui::error::UiError;
use crate::ui::i18n::{SearchText, trf};
use crate::ui::status_bar::Level;
use crate::ui::theme::{Palette, Theme};

/// The longest reader selection Ctrl+F puts in the find bar.
const PREFILL_CHARS: usize = 100;

impl PizhuApp {
    /// What `poll_jobs` does for search each frame: `replaced` (another folder is shown now)
    /// and `index` (the folder's search index arrived, or could not be built) come from the
    /// scan.
    pub(super) fn poll_search(
        &mut self,
        replaced: bool,
        index: Option<Result<UpdateSummary, SearchError>>,
    ) {
        if replaced {
            self.panels.search.folder_changed();
            self.panels.find.reset();
        }
        match index {
            Some(Ok(summary)) => {
                for note in summary.notes {
                    self.report(Level::Info, trf(SearchText::IndexNote, &[("note", &note)]));
                }
            }
            Some(Err(error)) => {
                let error = UiError::Index(error);
                self.panels.search.index_error = Some(error.to_string());
                self.report_error(error);
            }
            None => {}
        }

        // The find bar follows the article and view shown.
        let document = self.reader.document.clone();
        let view = self.settings.view;
        let top = self.reader.top_char;
        if let Some(hit) = self
            .panels
            .find
            .poll(document.as_ref(), view, top, self.notify())
        {
            self.reader.reveal(hit);
        }
        self.reader.found = self.panels.find.marks(document.map(|d| d.id), view);

        let input = PollInput {
            index: self.library.index.as_ref(),
            store: self.annotations.as_ref().map(|a| &a.store),
            generation: self.annotations.as_ref().map_or(0, |a| a.generation),
            view: self.settings.view,
        };
        let ctx = self.ctx.clone();
        for news in self.panels.search.poll(&input, &ctx) {
            match news {
                SearchNews::Tagging(tagging) => {
                    self.send(crate::ui::command::Command::Search(
                        SearchCommand::ApplyTagHits(Box::new(tagging)),
                    ));
                }
                SearchNews::Exported(Ok(exported)) => {
                    let mut text = trf(
                        SearchText::ExportedHits,
                        &[("n", &exported.rows), ("path", &exported.path.display())],
                    );
                    if exported.unreadable > 0 {
                        text.push_str(&trf(
                            SearchText::UnreadableHits,
                            &[("n", &exported.unreadable)],
                        ));
                    }
                    self.report(Level::Info, text);
                }
                SearchNews::Exported(Err(error)) => self.report_error(UiError::ExportHits(error)),
            }
        }
        self.show_pending_hit();
    }

    /// Draws the corpus search panel (full width, above the status bar) and its dialogs.
    pub(super) fn corpus_search_ui(
        &mut self,
        ui: &mut egui::Ui,
        palette: &Palette,
        commands: &mut Vec<crate::ui::command::Command>,
    ) {
        if !self.panels.search.open {
            return;
        }
        let tags: Vec<crate::annotate::Tag> = self
            .annotations
            .as_ref()
            .map(|a| {
                crate::ui::annotations::lock(&a.store)
                    .tags()
                    .tags()
                    .to_vec()
            })
            .unwrap_or_default();
        let input = PanelInput {
            corpus: &self.library.corpus,
            view: self.settings.view,
            tags: &tags,
            indexing: self.library.is_indexing(),
            can_tag: self.annotations.is_some(),
            palette,
            dark: self.settings.theme == Theme::Dark,
        };
        self.panels.search.ui(ui, &input, commands);
        // A query typed this frame starts now, not at the next frame's poll.
        let ctx = ui.ctx().clone();
        self.panels
            .search
            .start_wanted(self.library.index.as_ref(), self.settings.view, &ctx);
    }

    /// Carries out a find bar or corpus search command.
    pub(super) fn run_search_command(&mut self, command: SearchCommand) {
        let view = self.settings.view;
        let article = self.reader.document.as_ref().map(|d| d.id);
        match command {
            SearchCommand::ShowFindBar => {
                let prefill = self
                    .reader
                    .selected_text(view)
                    .filter(|text| !text.contains('\n') && text.chars().count() <= PREFILL_CHARS);
                self.panels.find.show(prefill);
            }
            SearchCommand::FindNext | SearchCommand::FindPrevious => {
                if !self.panels.find.is_open() {
                    self.panels.find.show(None);
                }
                let delta = if command == SearchCommand::FindNext {
                    1
                } else {
                    -1
                };
                if let Some(hit) = self.panels.find.step(delta, article, view) {
                    self.reader.reveal(hit);
                }
            }
            SearchCommand::CloseFindBar => {
                if let Some(hit) = self.panels.find.close(article, view) {
                    self.reader.select_range(hit);
                }
                self.reader.found = Default::default();
            }
            SearchCommand::ToggleCorpusSearch => self.panels.search.toggle(),
            SearchCommand::SearchFor(text) => {
                self.panels.search.search_for(&text);
                let ctx = self.ctx.clone();
                self.panels
                    .search
                    .start_wanted(self.library.index.as_ref(), view, &ctx);
            }
            SearchCommand::SortHits(sort) => self.panels.search.set_sort(sort),
            SearchCommand::FilterHits(filter) => self.panels.search.set_filter(filter),
            SearchCommand::OpenHit { article, original } => {
                self.select_article(article);
                self.panels.search.pending_open = Some((article, original));
                self.show_pending_hit();
            }
            SearchCommand::ConfirmTagHits(tag) => {
                let Some(annotations) = &self.annotations else {
                    self.report_error(UiError::NotOpen);
                    return;
                };
                let store = annotations.store.clone();
                if let Err(error) = self
                    .panels
                    .search
                    .prepare_tagging(tag, store, self.notify())
                {
                    self.report_error(UiError::StartTagging(error));
                }
            }
            SearchCommand::ApplyTagHits(mut tagging) => {
                let Some(annotations) = &mut self.annotations else {
                    return;
                };
                // One undo step; an article that refuses its edits (read-only since, closed) is
                // left out and named, the others are tagged.
                let edits = std::mem::take(&mut tagging.edits);
                let (applied, refused) = annotations.edit_each(edits);
                let refused = refused
                    .iter()
                    .map(|(key, error)| crate::ui::tag_all::skipped_sentence(key, error))
                    .collect();
                tagging.record_applied(applied, refused);
                let level = if tagging.left_some_out() {
                    Level::Error
                } else {
                    Level::Info
                };
                self.report(level, tagging.report());
            }
            SearchCommand::ExportHits(path) => {
                let notify = self.notify();
                let started = self
                    .panels
                    .search
                    .export(path, &self.library.corpus, view, notify);
                if let Err(error) = started {
                    self.report_error(UiError::StartExport(error));
                }
            }
        }
    }

    /// Shows the hit a concordance row asked for once its article is open: selected, in the
    /// current view, scrolled to.
    fn show_pending_hit(&mut self) {
        let Some((article, original)) = self.panels.search.pending_open.clone() else {
            return;
        };
        let shown = self.reader.document.as_ref().map(|d| d.id);
        if shown != Some(article) {
            // Still loading it; forget the hit if the load ended without it or the user left.
            if self.reader.loading.is_none() || self.current != Some(article) {
                self.panels.search.pending_open = None;
            }
            return;
        }
        self.panels.search.pending_open = None;
        let Some(document) = &self.reader.document else {
            return;
        };
        let range = document.view(self.settings.view).view.view_range(original);
        self.focus.selected = None;
        self.reader.select_range(range);
    }
}

/// What tests, benchmarks and scripts read of the searches.
impl PizhuApp {
    /// The find bar.
    pub fn find_bar(&self) -> &crate::ui::find_bar::FindBar {
        &self.panels.find
    }

    /// The corpus search panel.
    pub fn corpus_search(&self) -> &crate::ui::corpus_search::CorpusSearch {
        &self.panels.search
    }

    /// The newest status bar message.
    pub fn status_message(&self) -> Option<&str> {
        self.messages.latest().map(|m| m.text.as_str())
    }
}
