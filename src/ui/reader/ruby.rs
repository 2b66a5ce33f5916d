//! Pinyin ruby in the reader: tone-marked pinyin above each Han character, painted over the
//! laid-out paragraphs. Positions are view chars of the current view; the ruby of a view
//! (`crate::dict::Ruby`) is indexed exactly like it, so the text, its offsets, the selection and
//! the highlights are the same with ruby on or off: only the layout makes room.
//!
//! Three pieces, each behind a small hook in `layout.rs`:
//! - [`make_room`] reshapes a paragraph's [`LayoutJob`] when ruby is on: taller rows (the text is
//!   centred in its row, so half the extra height is above it; with labels on, room for them
//!   above the ruby too) and a little space between Han characters, so that most syllables fit over their own character at full size;
//! - [`RubyCache`] computes the ruby of a view once, on a worker (word-aware, through 净文 in 原文,
//!   with the crawl's own readings where [`SourcePinyin`] says so), and keeps it per view;
//! - [`RubyPainter::paint`] paints one paragraph's syllables from its galley's glyph positions,
//!   each centred over its character. Neighbours never overlap: where two syllables would, the
//!   longer one gives up the space its neighbour does not need, and a syllable that still does
//!   not fit is drawn smaller. Placements are cached per galley.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use egui::text::{ByteIndex, LayoutJob, LayoutSection};
use egui::{Color32, FontId, Galley, Pos2, vec2};

use super::paragraph::LOST_MARK;
use crate::corpus::ArticleId;
use crate::dict::{Dictionary, Ruby, SourcePinyin, Syllable, is_han};
use crate::jobs::Job;
use crate::text::ViewKind;
use crate::ui::document::Document;
use crate::ui::theme::{Palette, Typography};

/// Ruby size as a fraction of its character's size.
const RUBY_SCALE: f32 = 0.5;
/// Ruby is at least this many points where the text allows (small body text), so that the tone
/// marks stay legible.
const RUBY_MIN_SIZE: f32 = 8.0;
/// Extra space between two Han characters when ruby is on, in ems.
const HAN_SPACING: f32 = 0.4;
/// Space kept between neighbouring syllables, in ems of the ruby size.
const SIDE_GAP: f32 = 0.25;
/// Space between a syllable's descenders and its character's ink, in ems of the character.
const RUBY_GAP: f32 = 0.06;
/// Space kept above a syllable's tone marks inside the row, in ems of the character.
const TOP_MARGIN: f32 = 0.04;
/// Noto Sans CJK, in ems of the font size (the only font the reader uses; measured with
/// epaint 0.37): the line box (hhea ascender 1.16 + descender 0.288), the top of a Han
/// character's ink above the baseline, and the extent of lowercase pinyin: tone marks up to
/// 0.94 (`ǚ`), descenders (`g`, `j`, `y`) down to 0.25.
const FONT_HEIGHT: f32 = 1.448;
const FONT_ASCENT: f32 = 1.16;
const HAN_INK_TOP: f32 = 0.85;
const PINYIN_INK_TOP: f32 = 0.94;
const PINYIN_INK_BOTTOM: f32 = 0.25;

/// The ruby size over a character of `size` points.
fn ruby_size(size: f32) -> f32 {
    (size * RUBY_SCALE).max(RUBY_MIN_SIZE.min(size * 0.6))
}

/// The extra row height that makes room for ruby over text of `size` points in rows of
/// `line_height`, and for `labels` points more above the ruby (the tags' labels, when they are
/// on): what the syllables and labels need above the characters' ink, less what the row already
/// has there, twice (the text stays centred in its row).
fn extra_line_height(size: f32, line_height: f32, labels: f32) -> f32 {
    let needed = (TOP_MARGIN * size) + band_height(size) + labels;
    let above_ink = (line_height - FONT_HEIGHT * size) / 2.0 + (FONT_ASCENT - HAN_INK_TOP) * size;
    (2.0 * (needed - above_ink)).max(0.0).ceil()
}

/// How far above a Han character's ink the ruby band reaches, for text of `size` points: where
/// the tags' labels go when ruby is on (`marks::paint_labels`).
pub(super) fn band_height(size: f32) -> f32 {
    RUBY_GAP * size + (PINYIN_INK_TOP + PINYIN_INK_BOTTOM) * ruby_size(size)
}

/// The font size of a glyph whose line box is `font_height` points high (`Glyph::font_height`).
pub(super) fn font_size_of(font_height: f32) -> f32 {
    font_height / FONT_HEIGHT
}

/// True for a char ruby can stand over: a Han character, or the mark of a lost one (the crawl
/// may have written its reading).
fn takes_ruby(c: char) -> bool {
    is_han(c) || LOST_MARK.starts_with(c)
}

/// Reshapes a paragraph's layout to make room for ruby (call it only when ruby is on): taller
/// rows, and [`HAN_SPACING`] between Han characters (sections are split where Han text begins
/// and ends; other text keeps its spacing). The text and its char positions are unchanged.
pub(super) fn make_room(job: &mut LayoutJob, labels: f32) {
    let text = job.text.as_str();
    let mut sections = Vec::with_capacity(job.sections.len() * 2);
    let mut previous_takes_ruby = false;
    for section in std::mem::take(&mut job.sections) {
        let size = section.format.font_id.size;
        let spacing = (HAN_SPACING * size).round();
        let mut format = section.format;
        let line_height = format.line_height.unwrap_or(FONT_HEIGHT * size);
        format.line_height = Some(line_height + extra_line_height(size, line_height, labels));
        let mut leading_space = section.leading_space;
        let range = section.byte_range.start.0..section.byte_range.end.0;
        let mut run_start = range.start;
        let mut run_is_han = None;
        let mut flush = |start: usize, end: usize, han: bool, previous: bool| {
            let mut run_format = format.clone();
            let mut lead = std::mem::take(&mut leading_space);
            if han {
                run_format.extra_letter_spacing += spacing;
                if previous {
                    // Two Han runs meet at a section boundary: the spacing between them.
                    lead += spacing;
                }
            }
            sections.push(LayoutSection {
                leading_space: lead,
                byte_range: ByteIndex(start)..ByteIndex(end),
                format: run_format,
            });
        };
        for (offset, c) in text[range.clone()].char_indices() {
            let han = takes_ruby(c);
            let at = range.start + offset;
            match run_is_han {
                None => run_is_han = Some(han),
                Some(was) if was != han => {
                    flush(run_start, at, was, previous_takes_ruby);
                    previous_takes_ruby = was;
                    run_start = at;
                    run_is_han = Some(han);
                }
                Some(_) => {}
            }
        }
        match run_is_han {
            Some(han) => {
                flush(run_start, range.end, han, previous_takes_ruby);
                previous_takes_ruby = text[range].chars().next_back().is_some_and(takes_ruby);
            }
            // An empty section (an empty paragraph) keeps its row.
            None => flush(range.start, range.end, false, false),
        }
    }
    job.sections = sections;
}

/// Row height and em width to estimate paragraph heights with before they are laid out, when
/// ruby is on.
pub(super) fn estimate(typography: &Typography) -> (f32, f32) {
    let row = typography.row_height();
    let extra = extra_line_height(typography.font_size, row, typography.label_space);
    (row + extra, 1.0 + HAN_SPACING)
}

/// The ruby of the open article's views, computed on workers, and what painting it caches.
#[derive(Default)]
pub(super) struct RubyCache {
    article: Option<ArticleId>,
    /// Finished: the ruby of a view with a source setting.
    done: Vec<(ViewKind, SourcePinyin, Arc<Ruby>)>,
    /// Running.
    job: Option<(ViewKind, SourcePinyin, Job<Arc<Ruby>>)>,
    /// A job that ended without a result (the dictionary could not be built): not retried.
    failed: bool,
    /// Laid-out syllables by size (quarter points), uncoloured.
    syllables: HashMap<(Syllable, u16), Arc<Galley>>,
    /// Per paragraph: the galley and ruby the placements were made for, and the placements.
    placed: HashMap<usize, Placed>,
}

/// A paragraph's syllables, placed relative to its galley.
struct Placed {
    galley: Arc<Galley>,
    ruby: Arc<Ruby>,
    syllables: Vec<(Pos2, Arc<Galley>)>,
}

/// More paragraphs than this in the placement cache and it starts afresh (a screen holds tens).
const PLACED_LIMIT: usize = 256;

impl RubyCache {
    /// True while a view's ruby is being computed.
    pub(super) fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    /// The ruby of view `view` of `document` with source setting `source`, if computed; else
    /// starts computing it (`notify` wakes the UI when done) and returns `None`. Never waits.
    pub(super) fn ruby_for(
        &mut self,
        document: &Arc<Document>,
        view: ViewKind,
        source: SourcePinyin,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> Option<Arc<Ruby>> {
        if self.article != Some(document.id) {
            self.article = Some(document.id);
            self.done.clear();
            self.job = None;
            self.placed.clear();
        }
        if let Some((job_view, job_source, job)) = &mut self.job {
            if let Some(ruby) = job.drain().pop() {
                self.done.push((*job_view, *job_source, ruby));
                self.job = None;
            } else if job.is_finished() {
                self.job = None;
                self.failed = true;
            }
        }
        let found = self
            .done
            .iter()
            .find(|(v, s, _)| *v == view && *s == source)
            .map(|(_, _, ruby)| Arc::clone(ruby));
        if found.is_none() && self.job.is_none() && !self.failed {
            let document = Arc::clone(document);
            let spawned = Job::spawn(
                "pizhu-ruby",
                notify,
                move |reporter| match Dictionary::shared() {
                    Ok(dict) => {
                        let original = &document.view(ViewKind::Original).view.text;
                        let shown = &document.view(view).view;
                        reporter.send(Arc::new(dict.view_ruby(shown, original, source)));
                    }
                    Err(error) => log::warn!("no pinyin: {error}"),
                },
            );
            match spawned {
                Ok(job) => self.job = Some((view, source, job)),
                Err(error) => {
                    log::warn!("cannot start computing pinyin: {error}");
                    self.failed = true;
                }
            }
        }
        found
    }

    /// A painter of `ruby` in `colour` for this frame.
    pub(super) fn painter(&mut self, ruby: Arc<Ruby>, colour: Color32) -> RubyPainter<'_> {
        if self.placed.len() > PLACED_LIMIT {
            self.placed.clear();
        }
        RubyPainter {
            cache: self,
            ruby,
            colour,
        }
    }
}

impl super::Reader {
    /// The pinyin computed for view `view` with source setting `source`, if it is.
    pub fn ruby_of(&self, view: ViewKind, source: SourcePinyin) -> Option<Arc<Ruby>> {
        self.ruby
            .done
            .iter()
            .find(|(v, s, _)| *v == view && *s == source)
            .map(|(_, _, ruby)| Arc::clone(ruby))
    }

    /// The syllables painted last (per paragraph index: each syllable's rect relative to the
    /// paragraph's galley, and its text), for tests.
    pub fn placed_ruby(&self) -> Vec<(usize, Vec<(egui::Rect, String)>)> {
        let mut placed: Vec<_> = self
            .ruby
            .placed
            .iter()
            .map(|(i, p)| {
                let syllables = p
                    .syllables
                    .iter()
                    .map(|(pos, galley)| {
                        let text = galley.job.text.clone();
                        (egui::Rect::from_min_size(*pos, galley.size()), text)
                    })
                    .collect();
                (*i, syllables)
            })
            .collect();
        placed.sort_by_key(|(i, _)| *i);
        placed
    }
}

/// The muted colour of ruby on `palette`'s page.
pub(super) fn ruby_colour(palette: &Palette) -> Color32 {
    palette.text.lerp_to_gamma(palette.page, 0.38)
}

/// Paints the ruby of the paragraphs of one frame.
pub(super) struct RubyPainter<'a> {
    cache: &'a mut RubyCache,
    ruby: Arc<Ruby>,
    colour: Color32,
}

impl RubyPainter<'_> {
    /// Paints the syllables of paragraph `index` (view chars `chars`), laid out as `galley` at
    /// `top_left`.
    pub(super) fn paint(
        &mut self,
        ui: &egui::Ui,
        galley: &Arc<Galley>,
        top_left: Pos2,
        index: usize,
        chars: Range<usize>,
    ) {
        let fresh = self.cache.placed.get(&index).is_some_and(|placed| {
            Arc::ptr_eq(&placed.galley, galley) && Arc::ptr_eq(&placed.ruby, &self.ruby)
        });
        if !fresh {
            let syllables = self.place(ui, galley, chars);
            self.cache.placed.insert(
                index,
                Placed {
                    galley: Arc::clone(galley),
                    ruby: Arc::clone(&self.ruby),
                    syllables,
                },
            );
        }
        let Some(placed) = self.cache.placed.get(&index) else {
            return;
        };
        let painter = ui.painter();
        for (offset, syllable) in &placed.syllables {
            painter.galley(
                top_left + offset.to_vec2(),
                Arc::clone(syllable),
                self.colour,
            );
        }
    }

    /// Where each syllable of the paragraph goes (relative to the galley) and its galley.
    fn place(
        &mut self,
        ui: &egui::Ui,
        galley: &Galley,
        chars: Range<usize>,
    ) -> Vec<(Pos2, Arc<Galley>)> {
        let ruby = Arc::clone(&self.ruby);
        let syllables = ruby.slice(chars);
        let mut placed = Vec::new();
        let mut row_start = 0;
        let mut row: Vec<Slot> = Vec::new();
        for placed_row in &galley.rows {
            row.clear();
            for (k, glyph) in placed_row.row.glyphs.iter().enumerate() {
                let Some(Some(syllable)) = syllables.get(row_start + k) else {
                    continue;
                };
                let size = glyph.font_height / FONT_HEIGHT;
                let ruby_points = ruby_size(size);
                let natural = self.syllable(ui, *syllable, ruby_points);
                let ink_top = placed_row.pos.y + glyph.pos.y - HAN_INK_TOP * size;
                row.push(Slot {
                    syllable: *syllable,
                    centre: placed_row.pos.x + glyph.pos.x + glyph.advance_width / 2.0,
                    half_width: natural.size().x / 2.0,
                    ruby: ruby_points,
                    baseline: ink_top - RUBY_GAP * size - PINYIN_INK_BOTTOM * ruby_points,
                });
            }
            let limits = half_width_limits(&row);
            for (slot, limit) in row.iter().zip(limits) {
                let size = if slot.half_width <= limit {
                    slot.ruby
                } else {
                    slot.ruby * limit / slot.half_width
                };
                let shown = self.syllable(ui, slot.syllable, size);
                let ascent = shown
                    .rows
                    .first()
                    .and_then(|r| r.row.glyphs.first())
                    .map_or(FONT_ASCENT * size, |g| g.pos.y);
                let offset = vec2(slot.centre - shown.size().x / 2.0, slot.baseline - ascent);
                placed.push((offset.to_pos2(), shown));
            }
            row_start += placed_row.row.char_count_excluding_newline().0
                + usize::from(placed_row.ends_with_newline);
        }
        placed
    }

    /// `syllable` laid out at `size` points, rounded down to a quarter point (cached).
    fn syllable(&mut self, ui: &egui::Ui, syllable: Syllable, size: f32) -> Arc<Galley> {
        let quarters = (size * 4.0).floor().clamp(8.0, f32::from(u16::MAX)) as u16;
        Arc::clone(
            self.cache
                .syllables
                .entry((syllable, quarters))
                .or_insert_with(|| {
                    ui.fonts_mut(|fonts| {
                        fonts.layout_no_wrap(
                            syllable.as_str().to_owned(),
                            FontId::proportional(f32::from(quarters) / 4.0),
                            Color32::PLACEHOLDER,
                        )
                    })
                }),
        )
    }
}

/// A syllable over a glyph of a row.
struct Slot {
    syllable: Syllable,
    /// The glyph's centre, in galley x.
    centre: f32,
    /// Half the syllable's width at full ruby size.
    half_width: f32,
    /// Full ruby size.
    ruby: f32,
    /// Where the syllable's baseline goes, in galley y.
    baseline: f32,
}

/// The most half width each syllable of a row may take so that no two overlap: between two
/// neighbours the room (their centres' distance less a gap) is shared, and a syllable that needs
/// less than its half leaves the rest to the other.
fn half_width_limits(row: &[Slot]) -> Vec<f32> {
    let mut limits: Vec<f32> = row.iter().map(|s| s.half_width).collect();
    for (i, pair) in row.windows(2).enumerate() {
        let (left, right) = (&pair[0], &pair[1]);
        let gap = SIDE_GAP * left.ruby.min(right.ruby);
        let room = (right.centre - left.centre - gap).max(0.0);
        if left.half_width + right.half_width <= room {
            continue;
        }
        let half = room / 2.0;
        let left_limit = if right.half_width <= half {
            room - right.half_width
        } else {
            half
        };
        let right_limit = if left.half_width <= half {
            room - left.half_width
        } else {
            half
        };
        limits[i] = limits[i].min(left_limit);
        limits[i + 1] = limits[i + 1].min(right_limit);
    }
    limits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(centre: f32, half_width: f32) -> Slot {
        Slot {
            syllable: Syllable::from_marked("jīng").expect("a syllable"),
            centre,
            half_width,
            ruby: 10.0,
            baseline: 0.0,
        }
    }

    #[test]
    fn neighbouring_syllables_never_overlap() {
        // Centres 20 apart; the gap is 2.5, so 17.5 of room between each pair.
        let row = [
            slot(0.0, 8.0),   // fits
            slot(20.0, 6.0),  // short: leaves room to its neighbours
            slot(40.0, 11.0), // long: takes what the short one leaves
            slot(60.0, 12.0), // long beside long: half each
            slot(80.0, 12.0),
        ];
        let limits = half_width_limits(&row);
        assert_eq!(limits[0], 8.0);
        assert_eq!(limits[1], 6.0);
        assert_eq!(limits[2], 17.5 / 2.0);
        assert_eq!(limits[3], 17.5 / 2.0);
        for i in 0..row.len() - 1 {
            let left = row[i].half_width.min(limits[i]);
            let right = row[i + 1].half_width.min(limits[i + 1]);
            assert!(
                row[i].centre + left + 2.5 <= row[i + 1].centre - right + 1e-3,
                "{i} and {} overlap",
                i + 1
            );
        }
        // A long syllable beside a short one keeps its size.
        let limits = half_width_limits(&[slot(0.0, 4.0), slot(20.0, 12.0)]);
        assert_eq!(limits, [4.0, 12.0]);
    }

    #[test]
    fn rows_grow_only_as_much_as_ruby_needs() {
        for size in [14.0, 18.0, 28.0] {
            let typography = Typography::new(size);
            let row = typography.row_height();
            let extra = extra_line_height(size, row, 0.0);
            assert!(extra > 0.0 && extra < row * 0.6, "{size}: {extra}");
            // With the extra height, the syllables fit above the characters.
            assert_eq!(extra_line_height(size, row + extra, 0.0), 0.0);
            // Labels above the ruby need their own room on top of it.
            let labelled = typography.with_labels(true);
            let room = labelled.label_space;
            let with_labels = extra_line_height(size, labelled.row_height(), room);
            assert!(
                labelled.row_height() + with_labels >= row + extra + room,
                "{size}: labels and ruby share no space"
            );
        }
    }

    #[test]
    fn room_is_made_between_han_characters_only() {
        let mut job = LayoutJob::default();
        let format = egui::TextFormat {
            font_id: FontId::proportional(20.0),
            line_height: Some(34.0),
            ..egui::TextFormat::default()
        };
        job.append("經濟GDP，", 0.0, format.clone());
        job.append("𠮷〓發展", 0.0, format);
        let text = job.text.clone();
        make_room(&mut job, 0.0);
        let runs: Vec<(&str, f32, f32)> = job
            .sections
            .iter()
            .map(|s| {
                (
                    &text[s.byte_range.start.0..s.byte_range.end.0],
                    s.format.extra_letter_spacing,
                    s.leading_space,
                )
            })
            .collect();
        assert_eq!(
            runs,
            [
                ("經濟", 8.0, 0.0),
                ("GDP，", 0.0, 0.0),
                ("𠮷〓發展", 8.0, 0.0),
            ]
        );
        assert!(
            job.sections
                .iter()
                .all(|s| s.format.line_height > Some(34.0))
        );
        // Two Han sections that meet keep the spacing between them.
        let mut job = LayoutJob::default();
        job.append("經濟", 0.0, egui::TextFormat::default());
        let highlighted = egui::TextFormat {
            background: Color32::YELLOW,
            ..egui::TextFormat::default()
        };
        job.append("發展", 0.0, highlighted);
        make_room(&mut job, 0.0);
        assert_eq!(
            job.sections[1].leading_space,
            job.sections[1].format.extra_letter_spacing
        );
        assert!(job.sections[1].leading_space > 0.0);
    }
}
