//! How one paragraph of the reader looks: its text styled (boilerplate dimmed, lost chars
//! marked, annotations in their tag colours) and ranges painted under it. Positions are view
//! chars of the current view.

use std::ops::Range;

use egui::text::{CCursor, LayoutJob, TextWrapping};
use egui::{Align, FontFamily, Galley, Pos2, Rect, Sense, TextFormat, vec2};

use super::overlay::Span;
use crate::ui::document::ViewText;
use crate::ui::i18n::{Reading, trf};
use crate::ui::theme::{Palette, Typography};

/// How paragraphs look.
pub(super) struct ParagraphStyle {
    pub(super) typography: Typography,
    pub(super) palette: Palette,
    pub(super) family: FontFamily,
    pub(super) column_width: f32,
    pub(super) hide_boilerplate: bool,
    /// The paragraph shown as the article's heading (its first line of real text).
    pub(super) heading: Option<usize>,
    /// The article title, as the text area's accessible name.
    pub(super) title: String,
    /// How strongly tag colours are painted under the text (per theme).
    pub(super) highlight_strength: f32,
    /// Draw the tags' labels above their spans.
    pub(super) show_labels: bool,
    /// Pinyin ruby is on: rows make room for it (`ruby::make_room`).
    pub(super) ruby: bool,
    /// Dark theme (the find bar's hits are painted more strongly).
    pub(super) dark: bool,
    /// The colour of the conversion's guesses, when they are marked (`ambiguity.rs`).
    pub(super) guesses: Option<egui::Color32>,
}

impl ParagraphStyle {
    /// Rows are taller than their text, making room for labels or ruby above it: marks under
    /// the text cover the text's height, not the room.
    pub(super) fn rows_make_room(&self) -> bool {
        self.ruby || self.show_labels
    }
}

/// The styled text of paragraph `i`: body text, boilerplate dimmed, lost chars marked,
/// annotations in their tag colours (the innermost one's; `marks.rs` underlines overlaps).
/// `row_starts` are paragraph chars that must begin a row (see `kinsoku.rs`).
pub(super) fn paragraph_job(
    view: &ViewText,
    i: usize,
    spans: &[Span],
    style: &ParagraphStyle,
    row_starts: &[usize],
) -> LayoutJob {
    let paragraph = &view.paragraphs[i];
    let source = &view.view.text[paragraph.bytes.clone()];
    // U+FFFD has no glyph in the bundled fonts; show the CJK mark for a missing character, 〓.
    // Both are one char and three UTF-8 bytes, so char and byte offsets stay the same.
    let shown;
    let text = if source.contains(REPLACEMENT) {
        shown = source.replace(REPLACEMENT, LOST_MARK);
        shown.as_str()
    } else {
        source
    };
    let palette = &style.palette;
    let is_heading = style.heading == Some(i);
    let (size, line_height) = if is_heading {
        let size = (style.typography.font_size * 1.4).round();
        (size, (size * 1.45).round() + style.typography.label_space)
    } else {
        (style.typography.font_size, style.typography.row_height())
    };
    let base = TextFormat {
        font_id: egui::FontId::new(size, style.family.clone()),
        color: if is_heading {
            palette.heading
        } else if paragraph.boilerplate {
            palette.dim
        } else {
            palette.text
        },
        line_height: Some(line_height),
        ..TextFormat::default()
    };
    let mut job = LayoutJob {
        wrap: TextWrapping::wrap_at_width(style.column_width),
        justify: true,
        halign: Align::LEFT,
        ..LayoutJob::default()
    };
    let start = paragraph.chars.start;
    let len = paragraph.chars.len();
    let lost = lost_in(view, paragraph.chars.clone());
    if lost.is_empty() && spans.is_empty() && row_starts.is_empty() {
        job.append(text, 0.0, base);
        return job;
    }
    // Cut the paragraph where any span or lost char begins or ends, and where a row must
    // start (paragraph chars).
    let mut cuts: Vec<usize> = vec![0, len];
    cuts.extend(row_starts.iter().filter(|p| **p < len));
    for span in spans {
        cuts.push(span.range.start.saturating_sub(start).min(len));
        cuts.push(span.range.end.saturating_sub(start).min(len));
    }
    for &p in lost {
        cuts.push(p - start);
        cuts.push(p - start + 1);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let mut format = base.clone();
        // Rows that make room for labels or ruby are taller than the text, and egui fills a
        // glyph's whole row with its background: then `paint_backgrounds` paints them instead.
        if !style.rows_make_room() {
            format.background = background(start + a..start + b, spans, lost, style)
                .unwrap_or(egui::Color32::TRANSPARENT);
        }
        if lost.binary_search(&(start + a)).is_ok() {
            format.color = palette.lost;
        }
        // Wider than the column: this char cannot stay on the row before it, and a row's first
        // glyph sits at the row's left edge, so the space never shows (`kinsoku.rs`).
        let leading_space = if row_starts.contains(&a) {
            style.column_width + style.typography.font_size
        } else {
            0.0
        };
        job.append(&text[bytes[a]..bytes[b]], leading_space, format);
    }
    job
}

/// The background of view chars `chars` (inside one span boundary): the innermost covering
/// span's colour, else the lost-char colour for a lost char.
fn background(
    chars: Range<usize>,
    spans: &[Span],
    lost: &[usize],
    style: &ParagraphStyle,
) -> Option<egui::Color32> {
    let inner = spans
        .iter()
        .filter(|s| s.range.start <= chars.start && chars.end <= s.range.end)
        .min_by_key(|s| s.range.len());
    match inner {
        Some(inner) => Some(inner.colour.gamma_multiply(style.highlight_strength)),
        None if lost.binary_search(&chars.start).is_ok() => Some(style.palette.lost_background),
        None => None,
    }
}

/// Paints the annotation and lost-char backgrounds of the paragraph holding view chars
/// `paragraph` over its text's height only, for rows that make room for labels or ruby (see
/// [`paragraph_job`]). The same colours as the job's backgrounds, cut at the same places.
pub(super) fn paint_backgrounds(
    ui: &egui::Ui,
    view: &ViewText,
    galley: &Galley,
    top_left: Pos2,
    paragraph: Range<usize>,
    spans: &[Span],
    style: &ParagraphStyle,
) {
    let lost = lost_in(view, paragraph.clone());
    if spans.is_empty() && lost.is_empty() {
        return;
    }
    let mut cuts: Vec<usize> = vec![paragraph.start, paragraph.end];
    for span in spans {
        cuts.push(span.range.start.clamp(paragraph.start, paragraph.end));
        cuts.push(span.range.end.clamp(paragraph.start, paragraph.end));
    }
    for &p in lost {
        cuts.extend([p, p + 1]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    for pair in cuts.windows(2) {
        let range = pair[0]..pair[1];
        if let Some(colour) = background(range.clone(), spans, lost, style) {
            let fill = Paint::Fill(colour);
            paint_range(ui, galley, top_left, paragraph.clone(), &range, fill, true);
        }
    }
}

pub(super) const REPLACEMENT: char = '\u{FFFD}';
pub(super) const LOST_MARK: &str = "〓";

/// The lost-char positions inside view chars `range`.
pub(super) fn lost_in(view: &ViewText, range: Range<usize>) -> &[usize] {
    let lost = &view.view.lost_chars;
    let start = lost.partition_point(|p| *p < range.start);
    let end = lost.partition_point(|p| *p < range.end);
    &lost[start..end]
}

/// How a range is painted under the text.
pub(super) enum Paint {
    Fill(egui::Color32),
    Outline(egui::Stroke),
}

/// Paints view chars `range` of the paragraph holding chars `paragraph`, row by row: over the
/// whole row, or with `text_only` over the text's height (rows that make room for labels or
/// ruby are taller than their text).
pub(super) fn paint_range(
    ui: &egui::Ui,
    galley: &Galley,
    top_left: Pos2,
    paragraph: Range<usize>,
    range: &Range<usize>,
    paint: Paint,
    text_only: bool,
) {
    let start = range.start.max(paragraph.start);
    let end = range.end.min(paragraph.end);
    if start >= end {
        return;
    }
    for segment in row_segments(galley, start - paragraph.start..end - paragraph.start) {
        let (top, height) = if text_only {
            (segment.text_top, segment.font_height)
        } else {
            (segment.top, segment.height)
        };
        let rect = Rect::from_min_max(
            top_left + vec2(segment.x.start, top),
            top_left + vec2(segment.x.end, top + height),
        );
        match &paint {
            Paint::Fill(colour) => ui.painter().rect_filled(rect, 2.0, *colour),
            Paint::Outline(stroke) => {
                ui.painter()
                    .rect_stroke(rect.expand(1.0), 2.0, *stroke, egui::StrokeKind::Outside)
            }
        };
    }
}

/// The part of one row a range covers, in galley coordinates.
pub(super) struct RowSegment {
    /// Which row of the galley.
    pub(super) row: usize,
    /// Left and right edge.
    pub(super) x: Range<f32>,
    /// The row's top and height.
    pub(super) top: f32,
    pub(super) height: f32,
    /// The row's text baseline (from the galley's top).
    pub(super) baseline: f32,
    /// The height of the font's line box at the range's first char (`Glyph::font_height`):
    /// the heading's is larger than the body's.
    pub(super) font_height: f32,
    /// The top of that line box (the baseline less the font's ascent).
    pub(super) text_top: f32,
}

/// The rows covered by galley chars `range`, one segment per row.
pub(super) fn row_segments(galley: &Galley, range: Range<usize>) -> Vec<RowSegment> {
    let mut segments = Vec::new();
    let mut row_start = 0;
    for (row, placed) in galley.rows.iter().enumerate() {
        let row_chars = placed.row.char_count_excluding_newline().0;
        let row_end = row_start + row_chars;
        let (a, b) = (range.start.max(row_start), range.end.min(row_end));
        if a < b {
            let x0 = placed.pos.x + placed.row.x_offset((a - row_start).into());
            let x1 = placed.pos.x + placed.row.x_offset((b - row_start).into());
            let glyph = placed.row.glyphs.get(a - row_start);
            let baseline = glyph.map_or(placed.pos.y + placed.row.size.y * 0.8, |glyph| {
                placed.pos.y + glyph.pos.y
            });
            let font_height = glyph.map_or(placed.row.size.y, |glyph| glyph.font_height);
            let text_top = glyph.map_or(placed.pos.y, |glyph| baseline - glyph.font_ascent);
            segments.push(RowSegment {
                row,
                x: x0..x1,
                top: placed.pos.y,
                height: placed.row.size.y,
                baseline,
                font_height,
                text_top,
            });
        }
        if row_start >= range.end {
            break;
        }
        row_start = row_end + usize::from(placed.ends_with_newline);
    }
    segments
}

pub(super) fn lost_char_tooltips_ui(
    ui: &mut egui::Ui,
    view: &ViewText,
    i: usize,
    galley: &Galley,
    top_left: Pos2,
    style: &ParagraphStyle,
) {
    let paragraph = &view.paragraphs[i];
    for &position in lost_in(view, paragraph.chars.clone()) {
        let within = position - paragraph.chars.start;
        let cursor = galley.pos_from_cursor(CCursor::new(within));
        let rect = Rect::from_min_size(
            top_left + cursor.min.to_vec2(),
            vec2(style.typography.font_size, cursor.height()),
        );
        let original = view
            .view
            .map
            .original_range_from_view(position..position + 1);
        ui.interact(rect, ui.scope_id().with(("lost", position)), Sense::hover())
            .on_hover_text(trf(
                Reading::LostChar,
                &[("start", &original.start), ("end", &original.end)],
            ));
    }
}
