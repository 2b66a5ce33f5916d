//! Annotations readable at a glance, painted over a laid-out paragraph: stacked underlines that
//! tell overlapping spans apart, and brat-style labels (the tag's label in its colour above the
//! span's first row). Positions are view chars; galley positions are the paragraph's chars.

use std::ops::Range;

use egui::{Align2, FontId, Galley, Pos2, Stroke};

use super::overlay::Span;
use super::paragraph::{ParagraphStyle, row_segments};
use crate::ui::tag_colours::readable_on;

/// Underline thickness per stack level: neighbours differ in thickness as well as colour, so two
/// similar tag colours stay apart.
const THICKNESS: [f32; 3] = [2.5, 1.5, 2.0];

/// Gap between stacked underlines.
const GAP: f32 = 1.5;

/// Underlines every span of paragraph chars `paragraph` that overlaps another, one line per
/// span at its stack level, in its colour, below the text.
pub(super) fn paint_overlap_underlines(
    ui: &egui::Ui,
    galley: &Galley,
    top_left: Pos2,
    paragraph: &Range<usize>,
    spans: &[Span],
    style: &ParagraphStyle,
) {
    let below_baseline = (style.typography.font_size * 0.16).round();
    for span in spans.iter().filter(|s| s.overlapping) {
        let Some(range) = within(paragraph, &span.range) else {
            continue;
        };
        let level = usize::from(span.level);
        let thickness = THICKNESS[level % THICKNESS.len()];
        // Each level sits below the previous one, whatever their thicknesses.
        let offset: f32 = (0..level)
            .map(|l| THICKNESS[l % THICKNESS.len()] + GAP)
            .sum::<f32>()
            + below_baseline
            + thickness / 2.0;
        for segment in row_segments(galley, range) {
            let y = top_left.y + segment.baseline + offset;
            ui.painter().hline(
                top_left.x + segment.x.start..=top_left.x + segment.x.end,
                y,
                Stroke::new(thickness, span.colour),
            );
        }
    }
}

/// Draws each tagged span's label above the first row of the span, in the tag's colour made
/// readable on the page. Labels on one row never overprint: a label that would touch the one
/// before it moves right.
pub(super) fn paint_labels(
    ui: &egui::Ui,
    galley: &Galley,
    top_left: Pos2,
    paragraph: &Range<usize>,
    spans: &[Span],
    style: &ParagraphStyle,
) {
    let font = FontId::new(style.typography.label_size(), style.family.clone());
    // Per row, where the last label ended.
    let mut row_ends: Vec<(usize, f32)> = Vec::new();
    for span in spans {
        let Some(label) = &span.label else {
            continue;
        };
        // Only where the span begins: a span from the previous paragraph has its label there.
        if !paragraph.contains(&span.range.start) {
            continue;
        }
        let start = span.range.start - paragraph.start;
        let end = span.range.end.min(paragraph.end) - paragraph.start;
        let Some(segment) = row_segments(galley, start..end.max(start + 1))
            .into_iter()
            .next()
        else {
            continue;
        };
        let free_from = row_ends
            .iter()
            .find(|(row, _)| *row == segment.row)
            .map_or(f32::NEG_INFINITY, |(_, x)| *x);
        let x = segment.x.start.max(free_from);
        let colour = readable_on(span.colour, style.palette.page);
        // Just above the characters' ink (the heading's are larger), or above their pinyin
        // when ruby is on.
        let size = super::ruby::font_size_of(segment.font_height);
        let mut ink_top = size * 0.9;
        if style.ruby {
            ink_top += super::ruby::band_height(size);
        }
        let bottom = top_left.y + segment.baseline - ink_top;
        let rect = ui.painter().text(
            egui::pos2(top_left.x + x, bottom),
            Align2::LEFT_BOTTOM,
            label,
            font.clone(),
            colour,
        );
        let end_x = rect.max.x - top_left.x + 3.0;
        match row_ends.iter_mut().find(|(row, _)| *row == segment.row) {
            Some((_, x)) => *x = end_x,
            None => row_ends.push((segment.row, end_x)),
        }
    }
}

/// What hovering shows: every annotation under the pointer, outermost first.
pub(super) fn hover_text(spans: &[&Span]) -> String {
    spans
        .iter()
        .map(|s| s.tooltip.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Span chars `span` as chars of the paragraph holding view chars `paragraph`.
fn within(paragraph: &Range<usize>, span: &Range<usize>) -> Option<Range<usize>> {
    let (start, end) = (span.start.max(paragraph.start), span.end.min(paragraph.end));
    (start < end).then(|| start - paragraph.start..end - paragraph.start)
}
