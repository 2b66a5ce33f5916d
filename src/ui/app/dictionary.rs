//! The app's part of the dictionary, the pinyin ruby and the About box (issue 11): their
//! commands, and drawing the card and the About box after the reader.

use super::PizhuApp;
use crate::ui::command::Command;
use crate::ui::dict_card::{CardPlace, CardTarget, DictCard};
use crate::ui::dictionary;
use crate::ui::i18n::{DictText, tr};
use crate::ui::reader::Selection;
use crate::ui::status_bar::Level;

impl PizhuApp {
    /// The dictionary card (for tests and scripts).
    pub fn dict_card(&self) -> &DictCard {
        &self.panels.dict_card
    }

    /// True while the About box is shown.
    pub fn is_about_open(&self) -> bool {
        self.panels.about.open
    }

    /// Carries out a dictionary, pinyin or About command (others are ignored here).
    pub(super) fn run_dictionary_command(&mut self, command: Command) {
        match command {
            Command::LookUpSelection => self.look_up_selection(),
            Command::LookUpChars(chars) => {
                self.reader.selection = Some(Selection {
                    anchor: chars.start,
                    head: chars.end,
                });
                self.look_up_selection();
            }
            Command::CloseDictCard => {
                self.panels.dict_card.close();
                self.reader.dict.card_open = false;
            }
            Command::TogglePinyin => self.settings.show_pinyin = !self.settings.show_pinyin,
            Command::SetSourcePinyin(source) => self.settings.source_pinyin = source,
            Command::ShowAbout => self.panels.about.open = true,
            _ => {}
        }
    }

    /// Opens the dictionary card on the reader's selection (and starts building the dictionary
    /// if it is not built yet).
    fn look_up_selection(&mut self) {
        let selection = self
            .reader
            .selection
            .map(Selection::range)
            .filter(|r| !r.is_empty());
        let (Some(document), Some(chars)) = (&self.reader.document, selection) else {
            self.report(Level::Info, tr(DictText::SelectFirst).to_owned());
            return;
        };
        self.panels.dict_card.open(CardTarget {
            article: document.id,
            view: self.settings.view,
            chars,
        });
        self.reader.dict.card_open = true;
        dictionary::start_loading(self.notify());
    }

    /// True while the dictionary card or a double-click waits for the dictionary, or pinyin is
    /// being computed.
    pub(super) fn is_dictionary_busy(&self) -> bool {
        self.panels.dict_card.is_waiting() || self.reader.is_dictionary_busy()
    }

    /// Draws the dictionary card (beside the reader's selection, which it follows) and the
    /// About box. Call after the reader.
    pub(super) fn dictionary_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let selection = self.reader.selection.map_or(0..0, Selection::range);
        let article = self.reader.document.as_ref().map(|d| d.id);
        let notify = self.notify();
        let card = &mut self.panels.dict_card;
        card.follow(article, self.settings.view, selection);
        card.refresh(self.reader.document.as_deref(), notify);
        self.reader.dict.card_open = card.is_open();
        let palette = self.settings.theme.palette();
        if let (Some(target), Some(document)) = (card.target(), &self.reader.document) {
            let view = document.view(target.view);
            let place = CardPlace {
                anchor: self.reader.screen_rect_of_range(view, target.chars.clone()),
                pane: self
                    .reader
                    .pane_rect()
                    .unwrap_or_else(|| ctx.content_rect()),
            };
            let selected = view.slice(target.chars.clone());
            card.ui(ctx, &place, selected, &palette, commands);
        }
        self.panels.about.ui(ctx, &palette);
    }
}
