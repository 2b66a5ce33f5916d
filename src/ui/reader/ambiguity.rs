//! The marks of the conversion's guesses in the 简 and 繁 views: where a character dictionary
//! offered several candidates and no phrase decided (`发` → `發`/`髮`), a dotted underline in a
//! muted colour, just under the glyphs (annotation underlines sit lower, at the bottom of the
//! line, and are solid); hovering lists the candidates; clicking opens a small popup whose
//! buttons add a user phrase for the choice (`发干` → `髮乾`).
//!
//! Positions are view chars of the current view (the ambiguities were found by the worker that
//! rendered the view, `document.rs`); painting and hit-testing touch only the visible
//! paragraphs' galleys, and the candidates' phrases are computed once, when the popup opens.

use std::ops::Range;

use egui::{Color32, Galley, Pos2, RichText, Shape, vec2};

use super::layout::LayoutCache;
use crate::corpus::ArticleId;
use crate::text::ViewKind;
use crate::text::convert::{Ambiguity, PhraseScope, UserPhrase};
use crate::ui::command::Command;
use crate::ui::document::{Document, ViewText};
use crate::ui::i18n::{Views as V, tr, trf};
use crate::ui::phrases_window::phrase_summary;

/// The marks' colour: a muted grey that no tag colour is close to.
pub(super) fn mark_colour(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x9A, 0x96, 0x8E)
    } else {
        Color32::from_rgb(0x86, 0x80, 0x74)
    }
}

/// Paints the dotted underline of every guess in paragraph `i` (drawn at `top_left`).
pub(super) fn paint_marks(
    ui: &egui::Ui,
    view: &ViewText,
    i: usize,
    galley: &Galley,
    top_left: Pos2,
    colour: Color32,
    font_size: f32,
) {
    let paragraph = view.paragraphs[i].chars.clone();
    let ambiguities = view.ambiguities_in(paragraph.clone());
    if ambiguities.is_empty() {
        return;
    }
    let painter = ui.painter();
    for ambiguity in ambiguities {
        let range = ambiguity.view.start.max(paragraph.start) - paragraph.start
            ..ambiguity.view.end.min(paragraph.end) - paragraph.start;
        for (x0, x1, baseline) in row_spans(galley, range) {
            // Just under the ideographs' bottom (about 0.12 em below the baseline).
            let y = top_left.y + baseline + font_size * 0.2;
            let points = [
                Pos2::new(top_left.x + x0 + 1.5, y),
                Pos2::new(top_left.x + x1 - 1.5, y),
            ];
            painter.extend(Shape::dotted_line(&points, colour, 3.0, 0.9));
        }
    }
}

/// For paragraph chars `range`, each row's part: left x, right x and baseline y, in galley
/// coordinates.
fn row_spans(galley: &Galley, range: Range<usize>) -> Vec<(f32, f32, f32)> {
    let mut spans = Vec::new();
    let mut row_start = 0;
    for placed in &galley.rows {
        let glyphs = &placed.row.glyphs;
        let row_end = row_start + glyphs.len();
        let (a, b) = (range.start.max(row_start), range.end.min(row_end));
        if a < b {
            let first = &glyphs[a - row_start];
            let last = &glyphs[b - 1 - row_start];
            spans.push((
                placed.pos.x + first.pos.x,
                placed.pos.x + last.max_x(),
                placed.pos.y + first.pos.y,
            ));
        }
        if row_start >= range.end {
            break;
        }
        row_start = row_end + usize::from(placed.ends_with_newline);
    }
    spans
}

/// The guess under screen position `pos` (only paragraphs already laid out are looked at).
pub(super) fn ambiguity_at<'v>(
    view: &'v ViewText,
    layout: &mut LayoutCache,
    origin: Pos2,
    margin: f32,
    pos: Pos2,
) -> Option<&'v Ambiguity> {
    view.ambiguities.as_ref()?;
    if view.paragraphs.is_empty() {
        return None;
    }
    let i = layout.paragraph_at_y((pos.y - origin.y).max(0.0));
    let top = *layout.tops().get(i)?;
    let galley = layout.galleys.get(&i)?;
    let local = pos - (origin + vec2(margin, top));
    let paragraph = view.paragraphs[i].chars.clone();
    let mut row_start = 0;
    for placed in &galley.rows {
        let rect = placed.rect();
        if (rect.top()..rect.bottom()).contains(&local.y) {
            let within = placed.row.glyphs.iter().position(|glyph| {
                let x0 = placed.pos.x + glyph.pos.x;
                (x0..x0 + glyph.advance_width).contains(&local.x)
            })?;
            let char_index = paragraph.start + row_start + within;
            return view
                .ambiguities_in(paragraph)
                .iter()
                .find(|a| a.view.contains(&char_index));
        }
        row_start += placed.row.glyphs.len() + usize::from(placed.ends_with_newline);
    }
    None
}

/// What hovering a guess shows.
pub(super) fn tooltip_ui(ui: &mut egui::Ui, ambiguity: &Ambiguity, family: egui::FontFamily) {
    ui.label(tr(V::GuessTooltip));
    ui.horizontal(|ui| {
        for candidate in &ambiguity.candidates {
            let text = RichText::new(candidate).family(family.clone()).size(22.0);
            if *candidate == ambiguity.chosen {
                ui.label(text.strong().underline())
                    .on_hover_text(tr(V::GuessShown));
                ui.label(RichText::new("✓").weak());
            } else {
                ui.label(text.weak());
            }
        }
    });
    ui.label(RichText::new(tr(V::GuessClickHint)).weak());
}

/// One candidate in the popup.
struct Choice {
    candidate: String,
    /// The user phrase that shows it (`None` for the one shown, or where none can be made).
    phrase: Option<UserPhrase>,
}

/// The popup of a clicked guess: its candidates, each with the user phrase it would add.
pub(super) struct CandidatePopup {
    /// Where it was clicked.
    pos: Pos2,
    article: ArticleId,
    view: ViewKind,
    /// The text before conversion (净文) and what the view shows.
    from: String,
    chosen: String,
    choices: Vec<Choice>,
    /// The phrase as the view shows it now, for the user phrases window's add row.
    draft: Option<UserPhrase>,
    family: egui::FontFamily,
    /// The egui pass it opened in (that pass's click must not close it).
    opened_pass: u64,
}

impl CandidatePopup {
    /// The popup of `ambiguity` in view `kind` of `document`. Makes the candidates' phrases now
    /// (once; each walks the view text to the guess, a few milliseconds on a 1 MB article).
    pub(super) fn open(
        document: &Document,
        kind: ViewKind,
        ambiguity: &Ambiguity,
        pos: Pos2,
        family: egui::FontFamily,
        pass: u64,
    ) -> Option<Self> {
        let converter = document.rendering().converters.get(kind)?;
        let scope = PhraseScope::for_config(converter.config());
        let view = &document.view(kind).view;
        let cleaned = document.cleaned();
        let context = view.ambiguity_context(ambiguity);
        let phrase_for = |candidate: &str| {
            view.user_phrase_for_choice(cleaned, ambiguity, candidate, context.clone(), scope)
        };
        let choices = ambiguity
            .candidates
            .iter()
            .map(|candidate| Choice {
                candidate: candidate.clone(),
                phrase: (*candidate != ambiguity.chosen)
                    .then(|| phrase_for(candidate))
                    .flatten(),
            })
            .collect();
        let from = document
            .view(ViewKind::Original)
            .slice(ambiguity.original.clone())
            .to_owned();
        Some(Self {
            pos,
            article: document.id,
            view: kind,
            from,
            chosen: ambiguity.chosen.clone(),
            choices,
            draft: phrase_for(&ambiguity.chosen),
            family,
            opened_pass: pass,
        })
    }

    /// True while it belongs to `article` shown in `view`.
    pub(super) fn is_for(&self, article: ArticleId, view: ViewKind) -> bool {
        self.article == article && self.view == view
    }

    /// Draws the popup; false once it should close (a choice made, Esc, a click elsewhere).
    pub(super) fn ui(&self, ui: &egui::Ui, commands: &mut Vec<Command>) -> bool {
        let mut keep = !ui.input(|i| i.key_pressed(egui::Key::Escape));
        let area = egui::Area::new(egui::Id::unique("pizhu-candidates"))
            .fixed_pos(self.pos + vec2(8.0, 14.0))
            .order(egui::Order::Foreground)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(360.0);
                    ui.label(trf(
                        V::GuessChoose,
                        &[("from", &self.from), ("chosen", &self.chosen)],
                    ));
                    for choice in &self.choices {
                        let text = RichText::new(&choice.candidate)
                            .family(self.family.clone())
                            .size(20.0);
                        ui.horizontal(|ui| {
                            if choice.candidate == self.chosen {
                                ui.add_enabled(false, egui::Button::new(text));
                                ui.label(RichText::new(tr(V::GuessShownNow)).weak());
                                return;
                            }
                            let button =
                                ui.add_enabled(choice.phrase.is_some(), egui::Button::new(text));
                            match &choice.phrase {
                                Some(phrase) => {
                                    ui.label(RichText::new(phrase_summary(phrase)).weak());
                                    if button.clicked() {
                                        commands.push(Command::AddUserPhrase(phrase.clone()));
                                        keep = false;
                                    }
                                }
                                None => {
                                    ui.label(RichText::new(tr(V::GuessNoPhrase)).weak());
                                }
                            }
                        });
                    }
                    ui.separator();
                    if ui
                        .button(tr(V::UserPhrases))
                        .on_hover_text(tr(V::UserPhrasesHint))
                        .clicked()
                    {
                        commands.push(Command::ShowUserPhrases(self.draft.clone()));
                        keep = false;
                    }
                });
            });
        if area.response.clicked_elsewhere() && ui.ctx().cumulative_pass_nr() != self.opened_pass {
            keep = false;
        }
        keep
    }

    /// The candidate buttons' labels, in order (for tests).
    pub(super) fn candidates(&self) -> Vec<&str> {
        self.choices.iter().map(|c| c.candidate.as_str()).collect()
    }
}
