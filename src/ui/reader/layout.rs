//! The reader's virtualised layout: paragraph heights (estimated, then measured) as prefix sums,
//! the galleys of the visible paragraphs, and the drawing of only those, with what the pointer
//! did. Positions are view chars of the current view.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use egui::{Galley, Pos2, Rect, Sense, vec2};

use super::Selection;
use super::ambiguity;
use super::found::{FoundMarks, paint_found};
use super::overlay::Overlay;
use super::paragraph::{
    self, Paint, ParagraphStyle, lost_char_tooltips_ui, paint_range, paragraph_job,
};
use super::ruby::{self, RubyPainter};
use super::{kinsoku, marks};
use crate::corpus::ArticleId;
use crate::text::ViewKind;
use crate::text::convert::Ambiguity;
use crate::ui::document::ViewText;
use crate::ui::theme::Typography;

/// Everything that changes how paragraphs are laid out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct LayoutKey {
    pub(super) article: ArticleId,
    pub(super) view: ViewKind,
    pub(super) column_width: f32,
    pub(super) font_size: f32,
    pub(super) dark: bool,
    pub(super) hide_boilerplate: bool,
    /// Pinyin ruby is on (rows make room for it).
    pub(super) ruby: bool,
    /// Tags' labels are drawn above their spans (L).
    pub(super) labels: bool,
}

/// Paragraph heights (estimated, then measured) and the galleys of visible paragraphs.
#[derive(Default)]
pub(super) struct LayoutCache {
    pub(super) key: Option<LayoutKey>,
    heights: Vec<f32>,
    measured: Vec<bool>,
    /// `tops[i]` is the y of paragraph `i`; `tops[n]` the total height.
    pub(super) tops: Vec<f32>,
    tops_dirty: bool,
    pub(super) galleys: HashMap<usize, Arc<Galley>>,
}

impl LayoutCache {
    pub(super) fn reset(&mut self, key: LayoutKey, view: &ViewText, typography: &Typography) {
        self.key = Some(key);
        self.galleys.clear();
        let (row_height, em_width) = if key.ruby {
            ruby::estimate(typography)
        } else {
            (typography.row_height(), 1.0)
        };
        self.heights = view
            .paragraphs
            .iter()
            .map(|p| {
                if p.is_empty() || (key.hide_boilerplate && p.boilerplate) {
                    return 0.0;
                }
                let rows = (p.ems * em_width * typography.font_size / key.column_width)
                    .ceil()
                    .max(1.0);
                rows * row_height + typography.paragraph_spacing
            })
            .collect();
        self.measured = vec![false; self.heights.len()];
        self.tops_dirty = true;
    }

    pub(super) fn tops(&mut self) -> &[f32] {
        if self.tops_dirty {
            self.tops.clear();
            self.tops.reserve(self.heights.len() + 1);
            let mut y = 0.0;
            self.tops.push(y);
            for h in &self.heights {
                y += h;
                self.tops.push(y);
            }
            self.tops_dirty = false;
        }
        &self.tops
    }

    /// The paragraph at content height `y`.
    pub(super) fn paragraph_at_y(&mut self, y: f32) -> usize {
        let tops = self.tops();
        let n = tops.len().saturating_sub(1);
        tops.partition_point(|t| *t <= y)
            .saturating_sub(1)
            .min(n.saturating_sub(1))
    }
}

/// What the paragraphs pane reports back.
pub(super) struct PaneOutput {
    pub(super) origin: Pos2,
    pub(super) top_char: usize,
    pub(super) pointer_char: Option<usize>,
    pub(super) press_char: Option<usize>,
    pub(super) pointer_pos: Option<Pos2>,
    pub(super) drag_started: bool,
    pub(super) dragging: bool,
    pub(super) clicked: bool,
    pub(super) double_clicked: bool,
    pub(super) shift: bool,
    /// The marked guess under the pointer, if any (issue 11).
    pub(super) guess: Option<Ambiguity>,
}

/// Ranges painted over the text (view chars).
pub(super) struct Marked<'a> {
    pub(super) selection: Option<Selection>,
    pub(super) selected: Option<Range<usize>>,
    pub(super) flash: Option<Range<usize>>,
    /// The find bar's hits.
    pub(super) found: &'a FoundMarks,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn paragraphs_ui(
    ui: &mut egui::Ui,
    viewport: Rect,
    view: &ViewText,
    layout: &mut LayoutCache,
    overlay: &Overlay,
    style: &ParagraphStyle,
    margin: f32,
    marked: &Marked<'_>,
    mut ruby: Option<RubyPainter<'_>>,
) -> PaneOutput {
    let total = *layout.tops().last().unwrap_or(&0.0);
    ui.set_height(total);
    let origin = ui.max_rect().min;
    let content_rect = Rect::from_min_size(origin, vec2(ui.available_width(), total.max(1.0)));
    let response = ui.interact(
        content_rect,
        ui.scope_id().with("text"),
        Sense::click_and_drag(),
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Document, true, &style.title));
    if response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Text);
    }

    let mut top_char = 0;
    if !view.paragraphs.is_empty() {
        let first = layout.paragraph_at_y(viewport.min.y);
        let mut i = first;
        let mut visible = first..first;
        let selection = marked
            .selection
            .map(Selection::range)
            .filter(|r| !r.is_empty());
        while i < view.paragraphs.len() && layout.tops()[i] < viewport.max.y {
            if layout.heights[i] > 0.0 || !layout.measured[i] {
                let galley = galley_for(ui, view, i, layout, overlay, style);
                let top_left = origin + vec2(margin, layout.tops()[i]);
                let paragraph = &view.paragraphs[i];
                let chars = paragraph.chars.clone();
                // Rows that make room for labels or ruby: marks cover the text, not the band.
                let text_only = style.rows_make_room();
                if text_only {
                    let spans = overlay.paragraph(i);
                    paragraph::paint_backgrounds(
                        ui,
                        view,
                        &galley,
                        top_left,
                        chars.clone(),
                        spans,
                        style,
                    );
                }
                if let Some(flash) = &marked.flash {
                    let colour = style.palette.accent.gamma_multiply(0.35);
                    paint_range(
                        ui,
                        &galley,
                        top_left,
                        chars.clone(),
                        flash,
                        Paint::Fill(colour),
                        text_only,
                    );
                }
                if let Some(selected) = &marked.selected {
                    let stroke = egui::Stroke::new(1.5, style.palette.accent);
                    paint_range(
                        ui,
                        &galley,
                        top_left,
                        chars.clone(),
                        selected,
                        Paint::Outline(stroke),
                        text_only,
                    );
                }
                paint_found(
                    ui,
                    &galley,
                    top_left,
                    chars.clone(),
                    marked.found,
                    style.dark,
                    text_only,
                );
                if let Some(selection) = &selection {
                    let fill = Paint::Fill(style.palette.selection);
                    paint_range(
                        ui,
                        &galley,
                        top_left,
                        chars.clone(),
                        selection,
                        fill,
                        text_only,
                    );
                }
                ui.painter()
                    .galley(top_left, galley.clone(), style.palette.text);
                let spans = overlay.paragraph(i);
                marks::paint_overlap_underlines(ui, &galley, top_left, &chars, spans, style);
                if style.show_labels {
                    marks::paint_labels(ui, &galley, top_left, &chars, spans, style);
                }
                if let Some(ruby) = &mut ruby {
                    ruby.paint(ui, &galley, top_left, i, paragraph.chars.clone());
                }
                if let Some(colour) = style.guesses {
                    let size = style.typography.font_size;
                    ambiguity::paint_marks(ui, view, i, &galley, top_left, colour, size);
                }
                lost_char_tooltips_ui(ui, view, i, &galley, top_left, style);
                if i == first {
                    let local = vec2(0.0, viewport.min.y - layout.tops()[i]);
                    top_char = paragraph.chars.start + galley.cursor_from_pos(local).index.0;
                }
            } else if i == first {
                top_char = view.paragraphs[i].chars.start;
            }
            i += 1;
            visible.end = i;
        }
        // Keep only what is on screen (and a little around it).
        let keep = visible.start.saturating_sub(8)..visible.end + 8;
        layout.galleys.retain(|k, _| keep.contains(k));
    }

    let pointer_pos = response.interact_pointer_pos().or(response.hover_pos());
    let pointer_char = pointer_pos
        .and_then(|pos| char_at_pos(ui, view, layout, overlay, style, origin, margin, pos));
    let guess = pointer_pos
        .filter(|_| style.guesses.is_some() && response.hovered() && !response.dragged())
        .and_then(|pos| ambiguity::ambiguity_at(view, layout, origin, margin, pos))
        .cloned();
    if let Some(guess) = &guess {
        let family = style.family.clone();
        response
            .clone()
            .on_hover_ui_at_pointer(|ui| ambiguity::tooltip_ui(ui, guess, family));
    } else if !response.dragged()
        && let Some(char_index) = pointer_char
        && response.hovered()
    {
        let under = overlay.all_at(view.paragraph_at(char_index), char_index);
        if !under.is_empty() {
            let tooltip = marks::hover_text(&under);
            response.clone().on_hover_text_at_pointer(tooltip);
        }
    }
    // A drag is reported once the pointer has moved a little: anchor where it was pressed.
    let press_char = if response.drag_started() {
        ui.input(|i| i.pointer.press_origin())
            .and_then(|pos| char_at_pos(ui, view, layout, overlay, style, origin, margin, pos))
    } else {
        None
    };
    PaneOutput {
        origin,
        top_char,
        pointer_char,
        press_char,
        pointer_pos,
        drag_started: response.drag_started(),
        dragging: response.dragged(),
        clicked: response.clicked(),
        double_clicked: response.double_clicked(),
        shift: ui.input(|i| i.modifiers.shift),
        guess,
    }
}

/// The view char under screen position `pos`.
#[allow(clippy::too_many_arguments)]
pub(super) fn char_at_pos(
    ui: &egui::Ui,
    view: &ViewText,
    layout: &mut LayoutCache,
    overlay: &Overlay,
    style: &ParagraphStyle,
    origin: Pos2,
    margin: f32,
    pos: Pos2,
) -> Option<usize> {
    if view.paragraphs.is_empty() {
        return None;
    }
    let y = pos.y - origin.y;
    let mut i = layout.paragraph_at_y(y.max(0.0));
    // Hidden and empty paragraphs have no text to point at: use the next visible one.
    while i + 1 < view.paragraphs.len() && layout.heights[i] == 0.0 {
        i += 1;
    }
    let galley = galley_for(ui, view, i, layout, overlay, style);
    let local = pos - (origin + vec2(margin, layout.tops()[i]));
    let paragraph = &view.paragraphs[i];
    let within = galley
        .cursor_from_pos(local)
        .index
        .0
        .min(paragraph.chars.len());
    Some(paragraph.chars.start + within)
}

/// Lays out paragraph `i` (cached), and records its real height.
pub(super) fn galley_for(
    ui: &egui::Ui,
    view: &ViewText,
    i: usize,
    layout: &mut LayoutCache,
    overlay: &Overlay,
    style: &ParagraphStyle,
) -> Arc<Galley> {
    if let Some(galley) = layout.galleys.get(&i) {
        return galley.clone();
    }
    let paragraph = &view.paragraphs[i];
    let spans = overlay.paragraph(i);
    let galley = kinsoku::lay_out(
        |job| ui.fonts_mut(|fonts| fonts.layout_job(job)),
        |row_starts| {
            let mut job = paragraph_job(view, i, spans, style, row_starts);
            if style.ruby {
                let labels = if style.show_labels {
                    style.typography.label_space
                } else {
                    0.0
                };
                ruby::make_room(&mut job, labels);
            }
            job
        },
    );
    let hidden = paragraph.is_empty() || (style.hide_boilerplate && paragraph.boilerplate);
    let height = if hidden {
        0.0
    } else {
        galley.size().y + style.typography.paragraph_spacing
    };
    if !layout.measured[i] || layout.heights[i] != height {
        layout.heights[i] = height;
        layout.measured[i] = true;
        layout.tops_dirty = true;
    }
    layout.galleys.insert(i, galley.clone());
    galley
}
