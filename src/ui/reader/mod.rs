//! The reader pane: an article's view laid out paragraph by paragraph, only where visible.
//!
//! Positions here are view chars of the current view; the document's offset maps turn them into
//! Original chars. Paragraph heights are estimated until a paragraph is first laid out, and kept
//! as prefix sums, so a frame costs the visible paragraphs only, whatever the article's length.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::text::{CCursor, LayoutJob, TextWrapping};
use egui::{Align, FontFamily, Galley, Pos2, Rect, Sense, TextFormat, vec2};

use super::annotations::{Annotations, Overlay, Span, lock};
use super::command::Command;
use super::document::{Document, Loading, ViewText};
use super::settings::Settings;
use super::theme::{Palette, Typography, traditional_family};
use crate::annotate::{AnnotationId, Tag};
use crate::corpus::{ArticleId, ArticleMeta};
use crate::text::{Bias, ViewKind};

/// A selection in view chars: `anchor` where the drag began, `head` where it is now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    /// Where the selection began.
    pub anchor: usize,
    /// Where it ends now.
    pub head: usize,
}

impl Selection {
    /// The selected view chars, ordered.
    pub fn range(self) -> Range<usize> {
        self.anchor.min(self.head)..self.anchor.max(self.head)
    }
}

/// Everything that changes how paragraphs are laid out.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LayoutKey {
    article: ArticleId,
    view: ViewKind,
    column_width: f32,
    font_size: f32,
    dark: bool,
    hide_boilerplate: bool,
}

/// Paragraph heights (estimated, then measured) and the galleys of visible paragraphs.
#[derive(Default)]
struct LayoutCache {
    key: Option<LayoutKey>,
    heights: Vec<f32>,
    measured: Vec<bool>,
    /// `tops[i]` is the y of paragraph `i`; `tops[n]` the total height.
    tops: Vec<f32>,
    tops_dirty: bool,
    galleys: HashMap<usize, Arc<Galley>>,
}

impl LayoutCache {
    fn reset(&mut self, key: LayoutKey, view: &ViewText, typography: &Typography) {
        self.key = Some(key);
        self.galleys.clear();
        let row_height = typography.row_height();
        self.heights = view
            .paragraphs
            .iter()
            .map(|p| {
                if p.is_empty() || (key.hide_boilerplate && p.boilerplate) {
                    return 0.0;
                }
                let rows = (p.ems * typography.font_size / key.column_width)
                    .ceil()
                    .max(1.0);
                rows * row_height + typography.paragraph_spacing
            })
            .collect();
        self.measured = vec![false; self.heights.len()];
        self.tops_dirty = true;
    }

    fn tops(&mut self) -> &[f32] {
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
    fn paragraph_at_y(&mut self, y: f32) -> usize {
        let tops = self.tops();
        let n = tops.len().saturating_sub(1);
        tops.partition_point(|t| *t <= y)
            .saturating_sub(1)
            .min(n.saturating_sub(1))
    }
}

/// Reader state.
#[derive(Default)]
pub struct Reader {
    /// The article shown.
    pub document: Option<Arc<Document>>,
    /// The article being opened.
    pub loading: Option<Loading>,
    /// Why the last article could not be opened: the sentence shown in the pane.
    pub load_error: Option<String>,
    /// The text selection, in view chars of the current view.
    pub selection: Option<Selection>,
    /// The first visible view char (the reading position), updated every frame.
    pub top_char: usize,
    /// Scroll so that this view char is at the top on the next frame.
    pending_top: Option<usize>,
    layout: LayoutCache,
    /// The open article's annotations in the current view.
    overlay: Overlay,
    /// A range that flashes after a jump, until the instant.
    flash: Option<(Range<usize>, Instant)>,
    /// Where the tag popup appears (the pointer where the last drag ended).
    popup_pos: Option<Pos2>,
    /// Screen position of the text column's top-left content corner and its margin, last frame.
    last_origin: Option<(Pos2, f32)>,
}

impl Reader {
    /// Shows `document`, scrolled to the top.
    pub fn show_document(&mut self, document: Arc<Document>) {
        self.document = Some(document);
        self.selection = None;
        self.load_error = None;
        self.top_char = 0;
        self.pending_top = Some(0);
        self.layout = LayoutCache::default();
        self.overlay = Overlay::default();
        self.flash = None;
    }

    /// Moves the reading position and selection from view `from` to view `to` through the
    /// Original, so the same text stays at the top of the pane.
    pub fn switch_view(&mut self, from: ViewKind, to: ViewKind) {
        let Some(document) = &self.document else {
            return;
        };
        let (old, new) = (&document.view(from).view, &document.view(to).view);
        let original = old.map.original_from_view(self.top_char, Bias::Before);
        let top = new.map.view_from_original(original, Bias::Before);
        self.selection = self.selection.map(|s| {
            let range = new.view_range(old.original_range(s.range()));
            Selection {
                anchor: range.start,
                head: range.end,
            }
        });
        self.top_char = top;
        self.pending_top = Some(top);
    }

    /// Briefly highlights view chars `range` (after a jump).
    pub fn flash(&mut self, range: Range<usize>) {
        self.flash = Some((range, Instant::now() + Duration::from_millis(900)));
    }

    /// Scrolls so that view char `char_index` is at the top.
    pub fn scroll_to_char(&mut self, char_index: usize) {
        self.pending_top = Some(char_index);
    }

    /// The Original char at the top of the pane.
    pub fn top_original_char(&self, view: ViewKind) -> Option<usize> {
        let document = self.document.as_ref()?;
        Some(
            document
                .view(view)
                .view
                .map
                .original_from_view(self.top_char, Bias::Before),
        )
    }

    /// The text of the paragraphs laid out for the screen (visible ones and a few around them),
    /// in reading order: what the pane actually draws.
    pub fn laid_out_text(&self) -> String {
        let mut paragraphs: Vec<_> = self.layout.galleys.iter().collect();
        paragraphs.sort_by_key(|(i, _)| **i);
        paragraphs
            .into_iter()
            .map(|(_, galley)| galley.job.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Where the gap before view char `char_index` was drawn last frame (the left middle of its
    /// row), if its paragraph is on screen. Tests drag between such points.
    pub fn screen_pos_of_char(&self, view: &ViewText, char_index: usize) -> Option<Pos2> {
        let (origin, margin) = self.last_origin?;
        let i = view.paragraph_at(char_index);
        let galley = self.layout.galleys.get(&i)?;
        let top = *self.layout.tops.get(i)?;
        let within = char_index.checked_sub(view.paragraphs[i].chars.start)?;
        let cursor = galley.pos_from_cursor(CCursor::new(within));
        Some(origin + vec2(margin, top) + cursor.left_center().to_vec2())
    }

    /// The selected text of `view`, if any.
    pub fn selected_text(&self, view: ViewKind) -> Option<String> {
        let range = self.selection?.range();
        if range.is_empty() {
            return None;
        }
        Some(self.document.as_ref()?.view(view).slice(range).to_owned())
    }

    /// Draws the pane.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        settings: &Settings,
        meta: Option<&ArticleMeta>,
        marks: &AnnotationMarks<'_>,
        commands: &mut Vec<Command>,
    ) {
        let palette = settings.theme.palette();
        let Some(document) = self.document.clone() else {
            empty_state_ui(
                ui,
                self.loading.is_some(),
                self.load_error.as_deref(),
                &palette,
            );
            return;
        };
        let typography = Typography::new(settings.font_size);
        let view = document.view(settings.view);
        let column_width = typography.column_width(ui.available_width()).round();
        let margin = ((ui.available_width() - column_width) / 2.0).max(0.0);

        ui.add_space(typography.font_size * 0.8);
        ui.horizontal(|ui| {
            ui.add_space(margin);
            ui.vertical(|ui| {
                ui.set_max_width(column_width);
                header_ui(ui, settings.view, meta, view, &typography, &palette);
            });
        });
        ui.add_space(typography.font_size * 0.6);

        let key = LayoutKey {
            article: document.id,
            view: settings.view,
            column_width,
            font_size: typography.font_size,
            dark: settings.theme == super::theme::Theme::Dark,
            hide_boilerplate: settings.hide_boilerplate,
        };
        if self.layout.key != Some(key) {
            self.layout.reset(key, view, &typography);
        }
        if let (Some(doc_key), Some(annotations)) = (&document.key, marks.annotations) {
            let before = self.overlay.built_for.clone();
            let store = lock(&annotations.store);
            self.overlay
                .refresh(doc_key, settings.view, annotations.generation, view, &store);
            if self.overlay.built_for != before {
                // Colours changed: lay the visible paragraphs out again (heights stay).
                self.layout.galleys.clear();
            }
        }
        let now = Instant::now();
        if self.flash.as_ref().is_some_and(|(_, until)| *until <= now) {
            self.flash = None;
        }
        if let Some((_, until)) = &self.flash {
            ui.ctx()
                .request_repaint_after(until.saturating_duration_since(now));
        }
        let style = ParagraphStyle {
            typography,
            palette,
            family: if settings.view == ViewKind::Traditional {
                traditional_family()
            } else {
                FontFamily::Proportional
            },
            column_width,
            hide_boilerplate: settings.hide_boilerplate,
            heading: view
                .paragraphs
                .iter()
                .position(|p| !p.is_empty() && !p.boilerplate),
            title: meta.map(|m| m.title.clone()).unwrap_or_default(),
            dark: settings.theme == super::theme::Theme::Dark,
        };

        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("reader")
            .auto_shrink(false)
            .scroll_source(egui::scroll_area::ScrollSource {
                drag: egui::scroll_area::DragScroll::Never,
                ..egui::scroll_area::ScrollSource::ALL
            });
        if let Some(top) = self.pending_top.take() {
            scroll = scroll.vertical_scroll_offset(self.y_of_char(ui, view, top, &style));
        }
        let marked = Marked {
            selection: self.selection,
            selected: marks
                .selected
                .and_then(|id| self.overlay.span(id))
                .map(|s| s.range.clone()),
            flash: self.flash.as_ref().map(|(r, _)| r.clone()),
        };
        let layout = &mut self.layout;
        let overlay = &self.overlay;
        let output = scroll.show_viewport(ui, |ui, viewport| {
            paragraphs_ui(ui, viewport, view, layout, overlay, &style, margin, &marked)
        });
        self.last_origin = Some((output.inner.origin, margin));
        let PaneOutput {
            origin: _,
            top_char,
            pointer_char,
            press_char,
            pointer_pos,
            drag_started,
            dragging,
            clicked,
            shift,
        } = output.inner;
        self.top_char = top_char;
        if let Some(pointer_char) = pointer_char {
            if drag_started || (clicked && shift) {
                let anchor = match (shift, self.selection) {
                    (true, Some(selection)) => selection.anchor,
                    _ => press_char.unwrap_or(pointer_char),
                };
                self.selection = Some(Selection {
                    anchor,
                    head: pointer_char,
                });
                self.popup_pos = pointer_pos;
            } else if dragging {
                if let Some(selection) = &mut self.selection {
                    selection.head = pointer_char;
                }
                self.popup_pos = pointer_pos;
            } else if clicked {
                self.selection = None;
                let paragraph = view.paragraph_at(pointer_char);
                let hit = self
                    .overlay
                    .at(paragraph, pointer_char)
                    .map(|s| s.id.clone());
                commands.push(Command::SelectAnnotation(hit));
            }
        }
        if !dragging
            && let (Some(selection), Some(pos)) = (self.selection, self.popup_pos)
            && !selection.range().is_empty()
            && marks.editable
        {
            tag_popup_ui(ui, pos, marks.tags, commands);
        }
        let copy = ui.input(|i| {
            i.events.iter().any(|e| matches!(e, egui::Event::Copy))
                || (i.modifiers.command && i.key_pressed(egui::Key::C))
        });
        if copy && self.selection.is_some_and(|s| s.anchor != s.head) {
            commands.push(Command::CopySelection);
        }
    }

    /// The content y of view char `char_index`, laying out its paragraph if needed.
    fn y_of_char(
        &mut self,
        ui: &egui::Ui,
        view: &ViewText,
        char_index: usize,
        style: &ParagraphStyle,
    ) -> f32 {
        if view.paragraphs.is_empty() {
            return 0.0;
        }
        let i = view.paragraph_at(char_index);
        let galley = galley_for(ui, view, i, &mut self.layout, &self.overlay, style);
        let within = char_index.saturating_sub(view.paragraphs[i].chars.start);
        let row_y = galley.pos_from_cursor(CCursor::new(within)).min.y;
        self.layout.tops()[i] + row_y
    }
}

/// How paragraphs look.
struct ParagraphStyle {
    typography: Typography,
    palette: Palette,
    family: FontFamily,
    column_width: f32,
    hide_boilerplate: bool,
    /// The paragraph shown as the article's heading (its first line of real text).
    heading: Option<usize>,
    /// The article title, as the text area's accessible name.
    title: String,
    /// Dark theme (annotation colours are blended differently).
    dark: bool,
}

/// What the paragraphs pane reports back.
struct PaneOutput {
    origin: Pos2,
    top_char: usize,
    pointer_char: Option<usize>,
    press_char: Option<usize>,
    pointer_pos: Option<Pos2>,
    drag_started: bool,
    dragging: bool,
    clicked: bool,
    shift: bool,
}

/// Ranges painted over the text (view chars).
struct Marked {
    selection: Option<Selection>,
    selected: Option<Range<usize>>,
    flash: Option<Range<usize>>,
}

/// What the reader needs to show and create annotations.
pub struct AnnotationMarks<'a> {
    /// The folder's annotations, if open.
    pub annotations: Option<&'a Annotations>,
    /// The annotation selected in the side panel.
    pub selected: Option<&'a AnnotationId>,
    /// The tag set, for the popup.
    pub tags: &'a [Tag],
    /// Annotations can be created in this article.
    pub editable: bool,
}

#[allow(clippy::too_many_arguments)]
fn paragraphs_ui(
    ui: &mut egui::Ui,
    viewport: Rect,
    view: &ViewText,
    layout: &mut LayoutCache,
    overlay: &Overlay,
    style: &ParagraphStyle,
    margin: f32,
    marked: &Marked,
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
                if let Some(flash) = &marked.flash {
                    let colour = style.palette.accent.gamma_multiply(0.35);
                    paint_range(
                        ui,
                        &galley,
                        top_left,
                        chars.clone(),
                        flash,
                        Paint::Fill(colour),
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
                    );
                }
                if let Some(selection) = &selection {
                    let fill = Paint::Fill(style.palette.selection);
                    paint_range(ui, &galley, top_left, chars, selection, fill);
                }
                ui.painter()
                    .galley(top_left, galley.clone(), style.palette.text);
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
    if !response.dragged()
        && let Some(char_index) = pointer_char
        && response.hovered()
        && let Some(span) = overlay.at(view.paragraph_at(char_index), char_index)
    {
        let tooltip = span.tooltip.clone();
        response.clone().on_hover_text_at_pointer(tooltip);
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
        shift: ui.input(|i| i.modifiers.shift),
    }
}

/// The view char under screen position `pos`.
#[allow(clippy::too_many_arguments)]
fn char_at_pos(
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
fn galley_for(
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
    let job = paragraph_job(view, i, overlay.paragraph(i), style);
    let galley = ui.fonts_mut(|fonts| fonts.layout_job(job));
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

/// The styled text of paragraph `i`: body text, boilerplate dimmed, lost chars marked,
/// annotations in their tag colours (overlaps underlined in the other tag's colour).
fn paragraph_job(view: &ViewText, i: usize, spans: &[Span], style: &ParagraphStyle) -> LayoutJob {
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

const REPLACEMENT: char = '\u{FFFD}';
const LOST_MARK: &str = "〓";

/// The lost-char positions inside view chars `range`.
fn lost_in(view: &ViewText, range: Range<usize>) -> &[usize] {
    let lost = &view.view.lost_chars;
    let start = lost.partition_point(|p| *p < range.start);
    let end = lost.partition_point(|p| *p < range.end);
    &lost[start..end]
}

/// How a range is painted under the text.
enum Paint {
    Fill(egui::Color32),
    Outline(egui::Stroke),
}

/// Paints view chars `range` of the paragraph holding chars `paragraph`, row by row.
fn paint_range(
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

/// The small popup at a selection: one button per tag, and highlight.
fn tag_popup_ui(ui: &egui::Ui, pos: Pos2, tags: &[Tag], commands: &mut Vec<Command>) {
    egui::Area::new(egui::Id::unique("pizhu-tag-popup"))
        .fixed_pos(pos + vec2(8.0, 14.0))
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.set_max_width(360.0);
                    for tag in tags {
                        let colour =
                            egui::Color32::from_rgb(tag.colour[0], tag.colour[1], tag.colour[2]);
                        let key = tag.key.map(|k| format!("{k} ")).unwrap_or_default();
                        let label = egui::RichText::new(format!("{key}{}", tag.label))
                            .background_color(colour.gamma_multiply(0.35));
                        if ui.button(label).on_hover_text(tag.id.as_str()).clicked() {
                            commands.push(Command::AnnotateSelection(Some(tag.id.clone())));
                        }
                    }
                    if ui.button("H 高亮 Highlight").clicked() {
                        commands.push(Command::AnnotateSelection(None));
                    }
                });
            });
        });
}

fn lost_char_tooltips_ui(
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

fn header_ui(
    ui: &mut egui::Ui,
    kind: ViewKind,
    meta: Option<&ArticleMeta>,
    view: &ViewText,
    typography: &Typography,
    palette: &Palette,
) {
    let Some(meta) = meta else {
        return;
    };
    let mut parts: Vec<String> = Vec::new();
    parts.extend(meta.date.clone());
    parts.extend(meta.source.clone());
    parts.push(meta.encoding.to_string());
    parts.push(meta.script.badge().to_owned());
    parts.push(format!("{} 字", meta.chars));
    if kind != ViewKind::Original && (meta.artefacts_removed > 0 || meta.lost_chars > 0) {
        parts.push(format!(
            "净文: removed {} pinyin, {} lost chars",
            meta.artefacts_removed, meta.lost_chars
        ));
    }
    let boilerplate = view.boilerplate_lines;
    if boilerplate > 0 {
        parts.push(format!("{boilerplate} boilerplate lines"));
    }
    ui.label(
        egui::RichText::new(parts.join("  ·  "))
            .size(typography.font_size * 0.72)
            .color(palette.dim),
    );
}

fn empty_state_ui(ui: &mut egui::Ui, loading: bool, error: Option<&str>, palette: &Palette) {
    ui.centered_and_justified(|ui| {
        if loading {
            ui.spinner();
        } else if let Some(error) = error {
            ui.label(
                egui::RichText::new(format!("无法打开 Cannot open this article:\n{error}"))
                    .color(palette.lost),
            );
        } else {
            ui.label(
                egui::RichText::new("选择左侧的文章开始阅读\nSelect an article to start reading")
                    .size(18.0)
                    .color(palette.dim),
            );
        }
    });
}
