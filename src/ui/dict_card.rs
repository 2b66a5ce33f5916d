//! The dictionary card: what CC-CEDICT says about the reader's selection, in a popover beside
//! it (below, or above when there is more room there; never over it). Opened by D or the
//! selection popup's 查 button, it follows the selection while open (a double-click elsewhere
//! looks up that word; clicking a longer or shorter word selects and shows it) and closes with
//! Esc, its × button, or when the selection goes. Positions are view chars of the reader's view.
//!
//! While the dictionary is still being built (on a worker, `ui/dictionary.rs`) the card says so
//! with a spinner and fills in on the frame it is ready; no frame waits for it.

use std::ops::Range;

use egui::{Align2, Color32, FontFamily, FontId, Pos2, Rect, RichText};

use super::command::Command;
use super::dictionary::{self, RelatedWord, ViewLookup};
use super::document::Document;
use super::i18n::{DictText as D, tr};
use super::theme::{Palette, traditional_family};
use crate::corpus::ArticleId;
use crate::dict::{Entry, marked_in_gloss};
use crate::text::ViewKind;

/// Width of the card, in points (less in a narrow pane).
const CARD_WIDTH: f32 = 380.0;
/// Space between the selection and the card.
const GAP: f32 = 8.0;
/// The most related words listed in each group (the text around a selection rarely has more).
const RELATED_LIMIT: usize = 12;

/// The card's source line (proper names, the same in every language).
const SOURCE: &str = "CC-CEDICT · CC BY-SA 4.0";

/// What the card describes: view chars of an article's view.
#[derive(Clone, Debug, PartialEq)]
pub struct CardTarget {
    /// The article.
    pub article: ArticleId,
    /// The view the chars are in.
    pub view: ViewKind,
    /// The selection, in view chars.
    pub chars: Range<usize>,
}

/// The card's state.
#[derive(Default)]
pub struct DictCard {
    /// What it describes; `None` when closed.
    target: Option<CardTarget>,
    /// The lookup of `target`, once the dictionary is ready.
    content: Option<(CardTarget, ViewLookup)>,
    /// The card's size last frame: its list is sized from the frame before, so the card takes a
    /// frame or two to fit new content, and asks for them.
    last_size: Option<egui::Vec2>,
}

/// Where the card goes: the selection's rect on screen (`None` when scrolled away) and the
/// reader pane's.
pub struct CardPlace {
    /// The selection's bounding rect, if on screen.
    pub anchor: Option<Rect>,
    /// The reader pane.
    pub pane: Rect,
}

impl DictCard {
    /// True while the card is shown.
    pub fn is_open(&self) -> bool {
        self.target.is_some()
    }

    /// What the card describes, if open.
    pub fn target(&self) -> Option<&CardTarget> {
        self.target.as_ref()
    }

    /// The lookup the card shows, once the dictionary is ready.
    pub fn shown(&self) -> Option<&ViewLookup> {
        self.content
            .as_ref()
            .filter(|(target, _)| Some(target) == self.target.as_ref())
            .map(|(_, lookup)| lookup)
    }

    /// True while the card waits for the dictionary.
    pub fn is_waiting(&self) -> bool {
        self.is_open() && self.shown().is_none()
    }

    /// Shows the card for `target`.
    pub fn open(&mut self, target: CardTarget) {
        self.target = Some(target);
    }

    /// Hides the card.
    pub fn close(&mut self) {
        self.target = None;
        self.content = None;
        self.last_size = None;
    }

    /// Esc closes the card; read before the shortcut table so that Esc closes the card first
    /// (and nothing else) while it is open.
    pub fn command_from_input(&self, ctx: &egui::Context) -> Option<Command> {
        let escape = self.is_open()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
        escape.then_some(Command::CloseDictCard)
    }

    /// Keeps the card on the reader's selection (call once per frame before drawing): another
    /// selection is looked up instead, no selection (or another article) closes the card.
    pub fn follow(&mut self, article: Option<ArticleId>, view: ViewKind, selection: Range<usize>) {
        let Some(target) = &self.target else {
            return;
        };
        match article {
            Some(article) if !selection.is_empty() => {
                let now = CardTarget {
                    article,
                    view,
                    chars: selection,
                };
                if *target != now {
                    self.target = Some(now);
                }
            }
            _ => self.close(),
        }
    }

    /// Looks the target up once the dictionary is ready (never waits; `notify` wakes the UI
    /// when it is).
    pub fn refresh(
        &mut self,
        document: Option<&Document>,
        notify: impl Fn() + Send + Sync + 'static,
    ) {
        let Some(target) = &self.target else {
            return;
        };
        if self.shown().is_some() {
            return;
        }
        let Some(document) = document.filter(|d| d.id == target.article) else {
            return;
        };
        if let Some(dict) = dictionary::ready_or_load(notify) {
            let lookup = dictionary::lookup(dict, document, target.view, target.chars.clone());
            self.content = Some((target.clone(), lookup));
        }
    }

    /// Draws the card, if open. `selected_text` is the selection as the view shows it (the
    /// heading while the dictionary loads).
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        place: &CardPlace,
        selected_text: &str,
        palette: &Palette,
        commands: &mut Vec<Command>,
    ) {
        let Some(target) = &self.target else {
            return;
        };
        let id = egui::Id::unique("pizhu-dict-card");
        let width = CARD_WIDTH.min(place.pane.width() - 2.0 * GAP).max(160.0);
        let height = ctx
            .memory(|m| m.area_rect(id))
            .map_or(260.0, |r| r.height());
        let (pos, pivot, max_height) = placement(place, width, height);
        let shown = egui::Area::new(id)
            .order(egui::Order::Foreground)
            .pivot(pivot)
            .fixed_pos(pos)
            .constrain_to(place.pane)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_width(width);
                    close_row_ui(ui, commands);
                    // An area lays its content out in last frame's rect: give the list its
                    // full height now, so that the card fits new content at once.
                    let list = Rect::from_min_size(
                        ui.cursor().min,
                        egui::vec2(ui.available_width(), max_height),
                    );
                    ui.scope_builder(egui::UiBuilder::new().max_rect(list), |ui| {
                        egui::ScrollArea::vertical()
                            .id_salt("pizhu-dict-card-scroll")
                            .max_height(max_height)
                            .auto_shrink([false, true])
                            .show(ui, |ui| match self.shown() {
                                Some(lookup) => {
                                    lookup_ui(ui, lookup, target.view, palette, commands);
                                }
                                None => loading_ui(ui, selected_text, target.view, palette),
                            });
                    });
                    ui.add_space(4.0);
                    ui.label(RichText::new(SOURCE).size(11.0).color(palette.dim));
                });
            });
        let size = shown.response.rect.size();
        if self.last_size != Some(size) {
            self.last_size = Some(size);
            ctx.request_repaint();
        }
    }
}

/// Where the card goes: its position, pivot and the most height its list may take.
fn placement(place: &CardPlace, width: f32, height: f32) -> (Pos2, Align2, f32) {
    let pane = place.pane;
    let Some(anchor) = place.anchor else {
        // The selection is scrolled away: the pane's top right corner.
        let pos = Pos2::new(pane.right() - width - 2.0 * GAP, pane.top() + GAP);
        return (pos, Align2::LEFT_TOP, (pane.height() * 0.6).max(120.0));
    };
    let x = anchor
        .left()
        .min(pane.right() - width - 2.0 * GAP)
        .max(pane.left() + GAP);
    let room_below = pane.bottom() - anchor.bottom() - 2.0 * GAP;
    let room_above = anchor.top() - pane.top() - 2.0 * GAP;
    // The frame, the close row and the footer take about 70 points besides the list.
    let chrome = 70.0;
    if room_below >= height || room_below >= room_above {
        let pos = Pos2::new(x, anchor.bottom() + GAP);
        (pos, Align2::LEFT_TOP, (room_below - chrome).max(80.0))
    } else {
        let pos = Pos2::new(x, anchor.top() - GAP);
        (pos, Align2::LEFT_BOTTOM, (room_above - chrome).max(80.0))
    }
}

fn close_row_ui(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr(D::Heading)).size(12.0).weak());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .add(egui::Button::new("×").frame(false))
                .on_hover_text(tr(D::CloseHint))
                .clicked()
            {
                commands.push(Command::CloseDictCard);
            }
        });
    });
}

fn loading_ui(ui: &mut egui::Ui, selected: &str, view: ViewKind, palette: &Palette) {
    ui.label(headword_text(
        selected,
        26.0,
        family_for(view),
        palette.heading,
    ));
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(RichText::new(tr(D::Loading)).color(palette.dim));
    });
}

fn lookup_ui(
    ui: &mut egui::Ui,
    lookup: &ViewLookup,
    view: ViewKind,
    palette: &Palette,
    commands: &mut Vec<Command>,
) {
    if lookup.is_found() {
        entries_ui(ui, &lookup.query, &lookup.entries, palette);
    } else {
        ui.label(headword_text(
            &lookup.query,
            26.0,
            family_for(view),
            palette.heading,
        ));
        ui.label(RichText::new(tr(D::NotFound)).color(palette.lost));
        if let Some(prefix) = &lookup.prefix {
            ui.add_space(2.0);
            ui.label(
                RichText::new(tr(D::StartsWith))
                    .size(12.0)
                    .color(palette.dim),
            );
            related_row_ui(ui, prefix, view, palette, commands);
        }
    }
    for (heading, words) in [
        (tr(D::Longer), &lookup.longer),
        (tr(D::Shorter), &lookup.shorter),
    ] {
        if words.is_empty() {
            continue;
        }
        ui.add_space(6.0);
        ui.separator();
        ui.label(RichText::new(heading).size(12.0).color(palette.dim));
        for word in words.iter().take(RELATED_LIMIT) {
            related_row_ui(ui, word, view, palette, commands);
        }
        if words.len() > RELATED_LIMIT {
            let more = words.len() - RELATED_LIMIT;
            ui.label(RichText::new(format!("… +{more}")).color(palette.dim));
        }
    }
}

/// Every entry of the query: the headword in both scripts (the text's own first), tone-marked
/// pinyin and all glosses; entries that share a headword share its line.
fn entries_ui(ui: &mut egui::Ui, query: &str, entries: &[Entry<'_>], palette: &Palette) {
    let mut last_headword: Option<(&str, &str)> = None;
    for entry in entries {
        let headword = (entry.traditional, entry.simplified);
        if last_headword != Some(headword) {
            if last_headword.is_some() {
                ui.add_space(4.0);
                ui.separator();
            }
            headword_ui(ui, query, entry, palette);
            last_headword = Some(headword);
        } else {
            ui.add_space(4.0);
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(entry.pinyin())
                    .size(17.0)
                    .color(palette.accent),
            );
            if entry.is_proper_noun() {
                ui.label(
                    RichText::new(tr(D::ProperNoun))
                        .size(11.0)
                        .color(palette.dim),
                );
            }
        });
        for (i, gloss) in entry.glosses().enumerate() {
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 6.0;
                ui.label(RichText::new(format!("{}", i + 1)).color(palette.dim));
                ui.label(RichText::new(marked_in_gloss(gloss)).color(palette.text));
            });
        }
    }
}

/// `經濟 经济`: the script the text uses first and large, the other after it when it differs.
fn headword_ui(ui: &mut egui::Ui, query: &str, entry: &Entry<'_>, palette: &Palette) {
    let traditional_first = query == entry.traditional && query != entry.simplified;
    let (first, second) = if traditional_first {
        (entry.traditional, entry.simplified)
    } else {
        (entry.simplified, entry.traditional)
    };
    let family = |word: &str| {
        if word == entry.traditional && word != entry.simplified {
            traditional_family()
        } else {
            FontFamily::Proportional
        }
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(headword_text(first, 26.0, family(first), palette.heading));
        if second != first {
            let script = tr(if traditional_first {
                D::OtherSimplified
            } else {
                D::OtherTraditional
            });
            ui.label(RichText::new(script).size(12.0).color(palette.dim));
            ui.label(headword_text(second, 20.0, family(second), palette.text));
        }
    });
}

fn headword_text(text: &str, size: f32, family: FontFamily, colour: Color32) -> RichText {
    RichText::new(text)
        .font(FontId::new(size, family))
        .color(colour)
}

/// The Noto face the view's text is drawn in.
fn family_for(view: ViewKind) -> FontFamily {
    if view == ViewKind::Traditional {
        traditional_family()
    } else {
        FontFamily::Proportional
    }
}

/// One related word: a button with the word and its pinyin (click: select and show it), and its
/// first gloss.
fn related_row_ui(
    ui: &mut egui::Ui,
    word: &RelatedWord,
    view: ViewKind,
    palette: &Palette,
    commands: &mut Vec<Command>,
) {
    let mut pinyins: Vec<String> = Vec::new();
    for entry in &word.entries {
        let pinyin = entry.pinyin();
        if !pinyins.contains(&pinyin) {
            pinyins.push(pinyin);
        }
    }
    let gloss = word
        .entries
        .first()
        .and_then(|e| e.glosses().next())
        .map(marked_in_gloss)
        .unwrap_or_default();
    ui.horizontal(|ui| {
        let mut label = egui::text::LayoutJob::default();
        label.append(
            &word.text,
            0.0,
            egui::TextFormat::simple(FontId::new(16.0, family_for(view)), palette.text),
        );
        label.append(
            &format!(" {}", pinyins.join(" / ")),
            0.0,
            egui::TextFormat::simple(FontId::proportional(13.0), palette.accent),
        );
        if ui
            .add(egui::Button::new(label).frame(false))
            .on_hover_text(tr(D::ShowWordHint))
            .clicked()
        {
            commands.push(Command::LookUpChars(word.chars.clone()));
        }
        ui.add(egui::Label::new(RichText::new(gloss).size(13.0).color(palette.dim)).truncate());
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::vec2;

    fn place(anchor: Option<Rect>) -> CardPlace {
        CardPlace {
            anchor,
            pane: Rect::from_min_size(Pos2::new(300.0, 40.0), vec2(700.0, 760.0)),
        }
    }

    fn rect(x: f32, y: f32) -> Rect {
        Rect::from_min_size(Pos2::new(x, y), vec2(60.0, 30.0))
    }

    #[test]
    fn the_card_goes_beside_the_selection_never_over_it() {
        for y in [50.0, 200.0, 400.0, 600.0, 760.0] {
            let anchor = rect(500.0, y);
            let (pos, pivot, max_height) = placement(&place(Some(anchor)), CARD_WIDTH, 300.0);
            let card_height = 300.0_f32.min(max_height + 70.0);
            let card = pivot.anchor_size(pos, vec2(CARD_WIDTH, card_height));
            assert!(
                !card.intersects(anchor),
                "at y {y}: {card:?} covers {anchor:?}"
            );
        }
        // Near the right edge the card moves left, inside the pane.
        let (pos, _, _) = placement(&place(Some(rect(960.0, 100.0))), CARD_WIDTH, 300.0);
        assert!(pos.x + CARD_WIDTH <= 1000.0);
        // Scrolled away: the pane's corner.
        let (pos, pivot, _) = placement(&place(None), CARD_WIDTH, 300.0);
        assert_eq!(pivot, Align2::LEFT_TOP);
        assert!(place(None).pane.contains(pos));
    }

    #[test]
    fn the_card_follows_the_selection_and_closes_without_one() {
        let mut card = DictCard::default();
        let target = CardTarget {
            article: ArticleId(1),
            view: ViewKind::Clean,
            chars: 3..5,
        };
        card.follow(Some(ArticleId(1)), ViewKind::Clean, 0..0);
        assert!(!card.is_open(), "a closed card stays closed");
        card.open(target.clone());
        assert!(card.is_waiting());
        card.follow(Some(ArticleId(1)), ViewKind::Clean, 3..5);
        assert_eq!(card.target(), Some(&target));
        card.follow(Some(ArticleId(1)), ViewKind::Simplified, 3..5);
        assert_eq!(card.target().map(|t| t.view), Some(ViewKind::Simplified));
        card.follow(Some(ArticleId(1)), ViewKind::Simplified, 4..4);
        assert!(!card.is_open());
        card.open(target);
        card.follow(None, ViewKind::Clean, 3..5);
        assert!(!card.is_open(), "no article, no card");
    }

    #[test]
    fn while_the_dictionary_loads_the_card_says_so() {
        let mut card = DictCard::default();
        card.open(CardTarget {
            article: ArticleId(0),
            view: ViewKind::Clean,
            chars: 0..2,
        });
        let palette = crate::ui::theme::Theme::Light.palette();
        let mut harness = egui_kittest::Harness::builder()
            .with_size(vec2(800.0, 600.0))
            .with_context_setup(crate::ui::theme::install_fonts)
            .build_ui(|ui| {
                let place = CardPlace {
                    anchor: Some(rect(100.0, 100.0)),
                    pane: ui.max_rect(),
                };
                card.ui(ui.ctx(), &place, "經濟", &palette, &mut Vec::new());
            });
        harness.run_steps(2);
        use egui_kittest::kittest::Queryable as _;
        harness.get_by_label(tr(D::Loading));
        harness.get_by_label("經濟");
    }
}
