//! The reader's side of the dictionary: a double-click selects the dictionary word around the
//! character under the pointer, and the dictionary card learns where the selection is on screen.
//! Positions are view chars of the current view.
//!
//! The dictionary is built on a worker the first time it is needed; a double-click before it is
//! ready selects the character at once and grows the selection to its word on the first frame
//! the dictionary is there (no frame waits).

use std::ops::Range;

use egui::{Pos2, Rect, vec2};

use super::{Reader, Selection};
use crate::corpus::ArticleId;
use crate::text::ViewKind;
use crate::ui::dictionary;
use crate::ui::document::{Document, ViewText};

/// What the reader keeps for the dictionary.
#[derive(Default)]
pub struct DictLink {
    /// The dictionary card is open: the tag popup stays away from it.
    pub card_open: bool,
    /// A double-click waiting for the dictionary: the article, view and char.
    pending_word: Option<(ArticleId, ViewKind, usize)>,
    /// The reader pane's rect last frame.
    pub(super) pane: Option<Rect>,
}

impl Reader {
    /// The reader pane on screen, as drawn last frame.
    pub fn pane_rect(&self) -> Option<Rect> {
        self.dict.pane
    }

    /// True while a double-click waits for the dictionary to select its word, or the pinyin of
    /// the view is being computed.
    pub fn is_dictionary_busy(&self) -> bool {
        self.dict.pending_word.is_some() || self.ruby.is_busy()
    }

    /// The bounding rect on screen of view chars `range`, from the rows drawn last frame (the
    /// visible part only; `None` when none of it is on screen).
    pub fn screen_rect_of_range(&self, view: &ViewText, range: Range<usize>) -> Option<Rect> {
        let (origin, margin) = self.last_origin?;
        let mut found: Option<Rect> = None;
        let first = view.paragraph_at(range.start);
        let last = view.paragraph_at(range.end.saturating_sub(1).max(range.start));
        for i in first..=last {
            let (Some(galley), Some(top)) = (self.layout.galleys.get(&i), self.layout.tops.get(i))
            else {
                continue;
            };
            let paragraph = &view.paragraphs[i].chars;
            let start = range.start.max(paragraph.start) - paragraph.start;
            let end = range.end.min(paragraph.end).saturating_sub(paragraph.start);
            let mut row_start = 0;
            for placed in &galley.rows {
                let row_chars = placed.row.char_count_excluding_newline().0;
                let (a, b) = (start.max(row_start), end.min(row_start + row_chars));
                if a < b {
                    let x0 = placed.pos.x + placed.row.x_offset((a - row_start).into());
                    let x1 = placed.pos.x + placed.row.x_offset((b - row_start).into());
                    let rect = Rect::from_min_max(
                        Pos2::new(x0, placed.pos.y),
                        Pos2::new(x1, placed.pos.y + placed.row.size.y),
                    )
                    .translate(origin.to_vec2() + vec2(margin, *top));
                    found = Some(found.map_or(rect, |f| f.union(rect)));
                }
                row_start += row_chars + usize::from(placed.ends_with_newline);
            }
        }
        let pane = self.dict.pane?;
        found.map(|r| r.intersect(pane)).filter(|r| r.is_positive())
    }

    /// The view char under screen position `pos` (the glyph, not the gap nearest to it), in
    /// the paragraph that holds view char `near`, from the rows drawn last frame.
    pub(super) fn char_under(&self, view: &ViewText, pos: Pos2, near: usize) -> Option<usize> {
        let (origin, margin) = self.last_origin?;
        let i = view.paragraph_at(near);
        let galley = self.layout.galleys.get(&i)?;
        let top = *self.layout.tops.get(i)?;
        let local = pos - (origin + vec2(margin, top));
        let mut row_start = 0;
        let rows = galley.rows.len();
        for (r, placed) in galley.rows.iter().enumerate() {
            let row_chars = placed.row.char_count_excluding_newline().0;
            if local.y < placed.pos.y + placed.row.size.y || r + 1 == rows {
                let x = local.x - placed.pos.x;
                let k = placed
                    .row
                    .glyphs
                    .iter()
                    .enumerate()
                    .min_by(|(_, a), (_, b)| {
                        let da = (a.pos.x + a.advance_width / 2.0 - x).abs();
                        let db = (b.pos.x + b.advance_width / 2.0 - x).abs();
                        da.total_cmp(&db)
                    })
                    .map(|(k, _)| k)?;
                return Some(view.paragraphs[i].chars.start + row_start + k);
            }
            row_start += row_chars + usize::from(placed.ends_with_newline);
        }
        None
    }

    /// A double-click on view char `char_index`: selects the dictionary word around it, or the
    /// char until the dictionary is ready (`notify` wakes the UI then).
    pub(super) fn select_word(
        &mut self,
        document: &Document,
        kind: ViewKind,
        char_index: usize,
        notify: impl Fn() + Send + Sync + 'static,
    ) {
        let range = match dictionary::ready_or_load(notify) {
            Some(dict) => dictionary::word_at(dict, document, kind, char_index),
            None => {
                self.dict.pending_word = Some((document.id, kind, char_index));
                char_index..char_index + 1
            }
        };
        self.selection = Some(Selection {
            anchor: range.start,
            head: range.end,
        });
    }

    /// Grows a double-click's selection to its word once the dictionary is ready, unless the
    /// selection changed meanwhile. Call once per frame.
    pub(super) fn finish_word_selection(&mut self, document: &Document, kind: ViewKind) {
        let Some((article, view, char_index)) = self.dict.pending_word else {
            return;
        };
        if article != document.id || view != kind {
            self.dict.pending_word = None;
            return;
        }
        let Some(dict) = crate::dict::Dictionary::try_shared() else {
            if crate::dict::Dictionary::is_ready() {
                // Built, but failed (a broken build): the char stays selected.
                self.dict.pending_word = None;
            }
            return;
        };
        self.dict.pending_word = None;
        if self.selection.map(Selection::range) == Some(char_index..char_index + 1) {
            let range = dictionary::word_at(dict, document, kind, char_index);
            self.selection = Some(Selection {
                anchor: range.start,
                head: range.end,
            });
        }
    }
}
