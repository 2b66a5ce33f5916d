//! How one paragraph of the reader looks: its text styled (boilerplate dimmed, lost chars
//! marked, annotations in their tag colours) and ranges painted under it. Positions are view
//! chars of the current view.

use std::ops::Range;

use egui::text::{CCursor, LayoutJob, TextWrapping};
use egui::{Align, FontFamily, Galley, Pos2, Rect, Sense, TextFormat, vec2};

use super::overlay::Span;
use crate::ui::document::ViewText;
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
    /// Dark theme (annotation colours are blended differently).
    pub(super) dark: bool,
    /// Pinyin ruby is on: rows make room for it (`ruby::make_room`).
    pub(super) ruby: bool,
    /// The colour of the conversion's guesses, when they are marked (`ambiguity.rs`).
    pub(super) guesses: Option<egui::Color32>,
}

/// The styled text of paragraph `i`: body text, boilerplate dimmed, lost chars marked,
/// annotations in their tag colours (overlaps underlined in the other tag's colour).
pub(super) fn paragraph_job(
    view: &ViewText,
    i: usize,
    spans: &[Span],
    style: &ParagraphStyle,
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
        (size, (size * 1.45).round())
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
    if lost.is_empty() && spans.is_empty() {
        job.append(text, 0.0, base);
        return job;
    }
    // Cut the paragraph where any span or lost char begins or ends (paragraph chars).
    let mut cuts: Vec<usize> = vec![0, len];
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
        let covering: Vec<&Span> = spans
            .iter()
            .filter(|s| s.range.start <= start + a && start + b <= s.range.end)
            .collect();
        if let Some(inner) = covering.iter().min_by_key(|s| s.range.len()) {
            format.background = inner
                .colour
                .gamma_multiply(if style.dark { 0.45 } else { 0.38 });
            if let Some(other) = covering.iter().find(|s| s.id != inner.id) {
                format.underline = egui::Stroke::new(2.0, other.colour);
            }
        }
        if lost.binary_search(&(start + a)).is_ok() {
            format.color = palette.lost;
            if covering.is_empty() {
                format.background = palette.lost_background;
            }
        }
        job.append(&text[bytes[a]..bytes[b]], 0.0, format);
    }
    job
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

/// Paints view chars `range` of the paragraph holding chars `paragraph`, row by row.
pub(super) fn paint_range(
    ui: &egui::Ui,
    galley: &Galley,
    top_left: Pos2,
    paragraph: Range<usize>,
    range: &Range<usize>,
    paint: Paint,
) {
    let start = range.start.max(paragraph.start);
    let end = range.end.min(paragraph.end);
    if start >= end {
        return;
    }
    let (start, end) = (start - paragraph.start, end - paragraph.start);
    let mut row_start = 0;
    for placed in &galley.rows {
        let row_chars = placed.row.char_count_excluding_newline().0;
        let row_end = row_start + row_chars;
        let (a, b) = (start.max(row_start), end.min(row_end));
        if a < b {
            let x0 = placed.pos.x + placed.row.x_offset((a - row_start).into());
            let x1 = placed.pos.x + placed.row.x_offset((b - row_start).into());
            let rect = Rect::from_min_max(
                top_left + vec2(x0, placed.pos.y),
                top_left + vec2(x1, placed.pos.y + placed.row.size.y),
            );
            match &paint {
                Paint::Fill(colour) => ui.painter().rect_filled(rect, 2.0, *colour),
                Paint::Outline(stroke) => ui.painter().rect_stroke(
                    rect.expand(1.0),
                    2.0,
                    *stroke,
                    egui::StrokeKind::Outside,
                ),
            };
        }
        row_start = row_end + usize::from(placed.ends_with_newline);
    }
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
            .on_hover_text(format!(
                "缺字 Lost character: the crawl destroyed this character \
                 (Original chars {}–{}).",
                original.start, original.end
            ));
    }
}
