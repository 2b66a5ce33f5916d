//! The reader pane: an article's view laid out paragraph by paragraph, only where visible.
//!
//! Positions here are view chars of the current view; the document's offset maps turn them into
//! Original chars. This file holds the pane's state (document, selection, reading position) and
//! what the pointer does to it; `layout.rs` estimates and measures paragraph heights (prefix
//! sums, so a frame costs the visible paragraphs only, whatever the article's length) and draws
//! the visible ones; `paragraph.rs` styles one paragraph; `overlay.rs` maps the annotations into
//! the view; `ruby.rs` paints pinyin over the laid-out rows and `word.rs` selects a word on a
//! double-click (issue 11); `ambiguity.rs` marks the 简/繁 conversion's guesses and offers
//! their candidates.

mod ambiguity;
mod found;
pub mod kinsoku;
mod layout;
mod marks;
mod overlay;
mod paragraph;
mod progress;
mod ruby;
#[cfg(test)]
mod tests;
mod word;

use std::ops::Range;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::text::CCursor;
use egui::{Pos2, vec2};

use super::annotations::{Annotations, lock};
use super::command::Command;
use super::document::{Document, Loading, ViewText};
use super::i18n::{Annotating as A, Reading as R, tr, trf};
use super::settings::Settings;
use super::theme::{Palette, Typography, reading_family};
use crate::annotate::{AnnotationId, Tag};
use crate::corpus::ArticleMeta;
use crate::text::{Bias, ViewKind};
use ambiguity::CandidatePopup;
use layout::{LayoutCache, LayoutKey, Marked, PaneOutput, galley_for, paragraphs_ui};
use overlay::Overlay;
use paragraph::ParagraphStyle;
pub use word::DictLink;

pub use found::{FoundMarks, found_colour};

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

/// A keyboard scroll, carried out on the next frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScrollRequest {
    /// This many screens (each a screen less one line) down (positive) or up.
    Pages(i32),
    /// The start of the article.
    Start,
    /// The end of the article.
    End,
}

/// The reader's scroll area as last drawn, in content points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScrollGeometry {
    /// How far down the content the viewport starts.
    pub offset: f32,
    /// The viewport's height.
    pub viewport: f32,
    /// The content's height (partly estimated: paragraphs not yet on screen are estimated).
    pub content: f32,
}

impl ScrollGeometry {
    /// How far through the article the reader is: 0 at the top, 1 when the end is on screen.
    pub fn progress(&self) -> f32 {
        let scrollable = self.content - self.viewport;
        if scrollable <= 0.5 {
            1.0
        } else {
            (self.offset / scrollable).clamp(0.0, 1.0)
        }
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
    /// A keyboard scroll for the next frame.
    pending_scroll: Option<ScrollRequest>,
    /// Frames left to keep the end in view after End: measuring the last paragraphs changes
    /// the content's height.
    follow_end: u8,
    /// The scroll area as last drawn.
    pub geometry: Option<ScrollGeometry>,
    /// The text column's width in ems (CJK characters a line), as last drawn.
    column_ems: Option<f32>,
    layout: LayoutCache,
    /// The open article's annotations in the current view.
    overlay: Overlay,
    /// A range that flashes after a jump, until the instant.
    flash: Option<(Range<usize>, Instant)>,
    /// Where the tag popup appears (the pointer where the last drag ended).
    popup_pos: Option<Pos2>,
    /// Screen position of the text column's top-left content corner and its margin, last frame.
    last_origin: Option<(Pos2, f32)>,
    /// The find bar's hits in the current view (set by the app before drawing).
    pub found: FoundMarks,
    /// Bring these view chars into view (a third down the pane) on the next frame, unless they
    /// are on screen already.
    pending_reveal: Option<Range<usize>>,
    /// Pinyin ruby of the views (computed on workers, painted over the rows).
    ruby: ruby::RubyCache,
    /// Double-click word selection and the dictionary card's place.
    pub dict: DictLink,
    /// The candidates of a clicked guess (issue 11).
    candidates: Option<CandidatePopup>,
}

impl Reader {
    /// Shows `document`, scrolled to the top.
    pub fn show_document(&mut self, document: Arc<Document>) {
        self.document = Some(document);
        self.selection = None;
        self.load_error = None;
        self.top_char = 0;
        self.pending_top = Some(0);
        self.pending_reveal = None;
        self.pending_scroll = None;
        self.follow_end = 0;
        self.geometry = None;
        self.layout = LayoutCache::default();
        self.overlay = Overlay::default();
        self.flash = None;
        self.candidates = None;
    }

    /// Shows `document`, the open article rendered again (other converters or user phrases,
    /// guesses found), keeping the reading position and the selection of view `view` on the same
    /// Original text, as a view switch does.
    pub fn replace_document(&mut self, document: Arc<Document>, view: ViewKind) {
        let Some(old) = self.document.take() else {
            self.show_document(document);
            return;
        };
        let (before, after) = (&old.view(view).view, &document.view(view).view);
        let original = before.map.original_from_view(self.top_char, Bias::Before);
        let top = after.map.view_from_original(original, Bias::Before);
        self.selection = self.selection.map(|s| {
            let range = after.view_range(before.original_range(s.range()));
            Selection {
                anchor: range.start,
                head: range.end,
            }
        });
        self.flash = self
            .flash
            .take()
            .map(|(range, until)| (after.view_range(before.original_range(range)), until));
        self.top_char = top;
        self.pending_top = Some(top);
        self.layout = LayoutCache::default();
        self.overlay = Overlay::default();
        self.candidates = None;
        self.document = Some(document);
    }

    /// Closes the candidates popup of a guess, if open.
    pub fn close_candidates(&mut self) {
        self.candidates = None;
    }

    /// The candidates offered by the open popup of a guess (for tests and scripts).
    pub fn offered_candidates(&self) -> Option<Vec<&str>> {
        self.candidates.as_ref().map(CandidatePopup::candidates)
    }

    /// Scrolls, on the next frame, so that view chars `range` are on screen (a third of the way
    /// down), unless they already are.
    pub fn reveal(&mut self, range: Range<usize>) {
        self.pending_reveal = Some(range);
    }

    /// Selects view chars `range` (a search hit) and scrolls to it. The tag popup waits for
    /// the next drag; keys 1–9 tag the selection at once.
    pub fn select_range(&mut self, range: Range<usize>) {
        self.selection = Some(Selection {
            anchor: range.start,
            head: range.end,
        });
        self.popup_pos = None;
        self.reveal(range);
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
        self.candidates = None;
    }

    /// Briefly highlights view chars `range` (after a jump).
    pub fn flash(&mut self, range: Range<usize>) {
        self.flash = Some((range, Instant::now() + Duration::from_millis(900)));
    }

    /// Scrolls so that view char `char_index` is at the top.
    pub fn scroll_to_char(&mut self, char_index: usize) {
        self.pending_top = Some(char_index);
    }

    /// Brings view char `char_index` into view, a third down the pane, unless it is on screen.
    pub fn reveal_char(&mut self, char_index: usize) {
        self.pending_reveal = Some(char_index..char_index + 1);
    }

    /// Scrolls by screens or to an end on the next frame.
    pub fn scroll(&mut self, request: ScrollRequest) {
        self.pending_scroll = Some(request);
    }

    /// How many CJK characters fit on a line of the text column, as last drawn.
    pub fn chars_per_line(&self) -> Option<f32> {
        self.column_ems
    }

    /// How far through the article the reader is (0–1), once drawn.
    pub fn progress(&self) -> Option<f32> {
        self.document.as_ref()?;
        Some(self.geometry?.progress())
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
        self.dict.pane = Some(ui.max_rect());
        let Some(document) = self.document.clone() else {
            empty_state_ui(
                ui,
                self.loading.is_some(),
                self.load_error.as_deref(),
                &palette,
            );
            return;
        };
        let typography = Typography::new(settings.font_size).with_labels(settings.show_labels);
        let view = document.view(settings.view);
        // The scroll bar takes its own room beside the text (`theme::install_style`).
        let scroll_bar = ui.spacing().scroll.allocated_width();
        let available = ui.available_width() - scroll_bar;
        let column_width = typography.column_width(available).round();
        let margin = ((available - column_width) / 2.0).max(0.0);
        self.column_ems = Some(column_width / typography.font_size);

        ui.add_space(typography.font_size * 0.8);
        ui.horizontal(|ui| {
            ui.add_space(margin);
            ui.vertical(|ui| {
                ui.set_max_width(column_width);
                header_ui(ui, settings.view, meta, view, &palette);
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
            ruby: settings.show_pinyin,
            labels: settings.show_labels,
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
            family: reading_family(settings.view, meta.map(|m| m.script)),
            column_width,
            hide_boilerplate: settings.hide_boilerplate,
            heading: heading_paragraph(&document, settings.view),
            title: meta.map(|m| m.title.clone()).unwrap_or_default(),
            highlight_strength: super::tag_colours::highlight_strength(settings.theme),
            show_labels: settings.show_labels,
            ruby: settings.show_pinyin,
            dark: settings.theme == super::theme::Theme::Dark,
            guesses: (settings.show_ambiguities && view.ambiguities.is_some())
                .then(|| ambiguity::mark_colour(settings.theme == super::theme::Theme::Dark)),
        };
        self.finish_word_selection(&document, settings.view);
        let ruby = settings
            .show_pinyin
            .then(|| {
                let ctx = ui.ctx().clone();
                let notify = move || ctx.request_repaint();
                self.ruby
                    .ruby_for(&document, settings.view, settings.source_pinyin, notify)
            })
            .flatten();

        let footer_height = progress::FOOTER_HEIGHT;
        if self.follow_end > 0 {
            // While End follows the content's growing height, the offset it sets can pass the
            // previous frame's end for a frame; rubber-banding would spring it back, short of
            // the end (seen at some column widths).
            ui.spacing_mut().scroll.kinetic.rubber_band = false;
        }
        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("reader")
            .auto_shrink(false)
            // Always there, so the column never narrows when a longer article opens.
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
            .max_height((ui.available_height() - footer_height).max(40.0))
            .scroll_source(egui::scroll_area::ScrollSource {
                drag: egui::scroll_area::DragScroll::Never,
                ..egui::scroll_area::ScrollSource::ALL
            });
        if let Some(offset) = self.requested_offset(ui, view, &style) {
            scroll = scroll.vertical_scroll_offset(offset);
        }
        let marked = Marked {
            selection: self.selection,
            selected: marks
                .selected
                .and_then(|id| self.overlay.span(id))
                .map(|s| s.range.clone()),
            flash: self.flash.as_ref().map(|(r, _)| r.clone()),
            found: &self.found,
        };
        let layout = &mut self.layout;
        let overlay = &self.overlay;
        let ruby = ruby.map(|r| self.ruby.painter(r, ruby::ruby_colour(&palette)));
        let output = scroll.show_viewport(ui, |ui, viewport| {
            paragraphs_ui(
                ui, viewport, view, layout, overlay, &style, margin, &marked, ruby,
            )
        });
        self.last_origin = Some((output.inner.origin, margin));
        let geometry = ScrollGeometry {
            offset: output.state.clamped_offset().y,
            viewport: output.inner_rect.height(),
            content: output.content_size.y,
        };
        if self.geometry != Some(geometry) && self.follow_end > 0 {
            ui.ctx().request_repaint();
        }
        self.geometry = Some(geometry);
        let column =
            output.inner_rect.min.x + margin..output.inner_rect.min.x + margin + column_width;
        progress::footer_ui(ui, column, geometry.progress(), &palette);
        let PaneOutput {
            origin: _,
            top_char,
            pointer_char,
            press_char,
            pointer_pos,
            drag_started,
            dragging,
            clicked,
            double_clicked,
            shift,
            guess,
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
            } else if double_clicked {
                let under = pointer_pos
                    .and_then(|pos| self.char_under(view, pos, pointer_char))
                    .unwrap_or(pointer_char);
                let ctx = ui.ctx().clone();
                self.select_word(&document, settings.view, under, move || {
                    ctx.request_repaint();
                });
                self.popup_pos = pointer_pos;
            } else if clicked
                && let Some(guess) = &guess
                && let Some(pos) = pointer_pos
            {
                // A marked guess: offer its candidates (issue 11).
                self.selection = None;
                self.candidates = CandidatePopup::open(
                    &document,
                    settings.view,
                    guess,
                    pos,
                    style.family.clone(),
                    ui.ctx().cumulative_pass_nr(),
                );
            } else if clicked {
                self.selection = None;
                self.candidates = None;
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
            && !self.dict.card_open
        {
            tag_popup_ui(ui, pos, marks.tags, marks.editable, commands);
        }
        if let Some(popup) = &self.candidates
            && (!popup.is_for(document.id, settings.view) || !popup.ui(ui, commands))
        {
            self.candidates = None;
        }
        let copy = ui.input(|i| {
            i.events.iter().any(|e| matches!(e, egui::Event::Copy))
                || (i.modifiers.command && i.key_pressed(egui::Key::C))
        });
        if copy && self.selection.is_some_and(|s| s.anchor != s.head) {
            commands.push(Command::CopySelection);
        }
    }

    /// Where a pending jump, reveal or keyboard scroll wants the scroll offset this frame.
    fn requested_offset(
        &mut self,
        ui: &egui::Ui,
        view: &ViewText,
        style: &ParagraphStyle,
    ) -> Option<f32> {
        if let Some(top) = self.pending_top.take() {
            self.pending_scroll = None;
            self.follow_end = 0;
            return Some(self.y_of_char(ui, view, top, style));
        }
        if let Some(range) = self.pending_reveal.take() {
            self.follow_end = 0;
            let y = self.y_of_char(ui, view, range.start, style);
            let row = style.typography.row_height();
            let bottom = self.y_of_char(ui, view, range.end.saturating_sub(1), style) + 2.0 * row;
            return match self.geometry {
                Some(g) if y >= g.offset && bottom <= g.offset + g.viewport => None,
                Some(g) => Some((y - g.viewport / 3.0).max(0.0)),
                None => Some(y),
            };
        }
        if let Some(request) = self.pending_scroll.take() {
            self.follow_end = 0;
            match request {
                ScrollRequest::Start => return Some(0.0),
                ScrollRequest::End => self.follow_end = 3,
                ScrollRequest::Pages(pages) => {
                    let geometry = self.geometry?;
                    return Some(self.page_offset(ui, view, style, geometry, pages));
                }
            }
        }
        if self.follow_end > 0 {
            self.follow_end -= 1;
            let viewport = self.geometry.map_or(0.0, |g| g.viewport);
            let content = *self.layout.tops().last().unwrap_or(&0.0);
            return Some((content - viewport).max(0.0));
        }
        None
    }

    /// The offset `pages` screens away, each a screen less one line, snapped so that no row is
    /// cut at the top: the last whole row of the screen becomes the first of the next (and the
    /// first becomes the last when going back).
    fn page_offset(
        &mut self,
        ui: &egui::Ui,
        view: &ViewText,
        style: &ParagraphStyle,
        geometry: ScrollGeometry,
        pages: i32,
    ) -> f32 {
        let row = style.typography.row_height();
        let step = (geometry.viewport - row).max(row);
        let max = (geometry.content - geometry.viewport).max(0.0);
        let mut offset = geometry.offset;
        for _ in 0..pages.unsigned_abs() {
            let target = offset + step * pages.signum() as f32;
            let snapped = match self.row_at(ui, view, style, target) {
                // Forward: the row there starts the next screen, whole.
                Some(rows) if pages > 0 && rows.start > offset => rows.start,
                // Back: a row cut by the top edge is skipped, so the old first row stays whole
                // at the bottom.
                Some(rows) if pages < 0 && rows.start < target => rows.end,
                _ => target,
            };
            offset = snapped.clamp(0.0, max);
        }
        offset
    }

    /// The content y range of the text row at content y `y` (`None` between paragraphs).
    fn row_at(
        &mut self,
        ui: &egui::Ui,
        view: &ViewText,
        style: &ParagraphStyle,
        y: f32,
    ) -> Option<Range<f32>> {
        if view.paragraphs.is_empty() {
            return None;
        }
        let i = self.layout.paragraph_at_y(y.max(0.0));
        let galley = galley_for(ui, view, i, &mut self.layout, &self.overlay, style);
        let top = self.layout.tops()[i];
        galley
            .rows
            .iter()
            .map(|placed| top + placed.min_y()..top + placed.max_y())
            .find(|rows| rows.contains(&y))
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

/// The small popup at a selection: one button per tag, and highlight (when the article's
/// annotations can be edited), and 查 (look the selection up in the dictionary).
fn tag_popup_ui(
    ui: &egui::Ui,
    pos: Pos2,
    tags: &[Tag],
    editable: bool,
    commands: &mut Vec<Command>,
) {
    egui::Area::new(egui::Id::unique("pizhu-tag-popup"))
        .fixed_pos(pos + vec2(8.0, 14.0))
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.set_max_width(360.0);
                    for tag in tags.iter().filter(|_| editable) {
                        let colour =
                            egui::Color32::from_rgb(tag.colour[0], tag.colour[1], tag.colour[2]);
                        let key = tag.key.map(|k| format!("{k} ")).unwrap_or_default();
                        let label = egui::RichText::new(format!("{key}{}", tag.label))
                            .background_color(colour.gamma_multiply(0.35));
                        if ui.button(label).on_hover_text(tag.id.as_str()).clicked() {
                            commands.push(Command::AnnotateSelection(Some(tag.id.clone())));
                        }
                    }
                    if editable && ui.button(tr(A::PopupHighlight)).clicked() {
                        commands.push(Command::AnnotateSelection(None));
                    }
                    if ui
                        .button(tr(A::LookUp))
                        .on_hover_text(tr(A::LookUpHint))
                        .clicked()
                    {
                        commands.push(Command::LookUpSelection);
                    }
                });
            });
        });
}

/// The popup's dictionary button (tests click it).
pub fn look_up_button() -> &'static str {
    tr(A::LookUp)
}

/// The line under the title: date, source, encoding, script, length, what 净文 removed. At the
/// UI's size whatever the reading size, on one line (elided, the whole line on hover).
fn header_ui(
    ui: &mut egui::Ui,
    kind: ViewKind,
    meta: Option<&ArticleMeta>,
    view: &ViewText,
    palette: &Palette,
) {
    let Some(meta) = meta else {
        return;
    };
    let mut parts: Vec<String> = Vec::new();
    parts.extend(meta.date.clone());
    parts.extend(meta.source.clone());
    parts.push(meta.encoding.to_string());
    parts.push(super::i18n::script_badge(meta.script).to_owned());
    parts.push(trf(R::Chars, &[("n", &meta.text_chars)]));
    if kind != ViewKind::Original && (meta.artefacts_removed > 0 || meta.lost_chars > 0) {
        parts.push(trf(
            R::HeaderRemoved,
            &[
                ("pinyin", &meta.artefacts_removed),
                ("lost", &meta.lost_chars),
            ],
        ));
    }
    let boilerplate = view.boilerplate_lines;
    if boilerplate > 0 {
        parts.push(trf(R::HeaderBoilerplate, &[("n", &boilerplate)]));
    }
    ui.add(
        egui::Label::new(egui::RichText::new(parts.join("  ·  ")).color(palette.dim)).truncate(),
    );
}

fn empty_state_ui(ui: &mut egui::Ui, loading: bool, error: Option<&str>, palette: &Palette) {
    ui.centered_and_justified(|ui| {
        if loading {
            ui.spinner();
        } else if let Some(error) = error {
            ui.label(
                egui::RichText::new(trf(R::CannotOpen, &[("error", &error)])).color(palette.lost),
            );
        } else {
            ui.label(
                egui::RichText::new(tr(R::SelectArticle))
                    .size(18.0)
                    .color(palette.dim),
            );
        }
    });
}

/// The paragraph set as the title in view `kind`: the first one with text that is not
/// boilerplate, or the one after it when it is a publisher's masthead (`簡陽市融媒體中心`, which
/// the list shows as the source). The masthead is recognised in the Clean view (the Original
/// may carry crawl pinyin inside it); every view has the same lines, so the index carries over.
/// Looks at the first few paragraphs only.
fn heading_paragraph(document: &Document, kind: ViewKind) -> Option<usize> {
    let first_with_text = |view: &ViewText| {
        let mut candidates = view
            .paragraphs
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.is_empty() && !p.boilerplate)
            .map(|(i, _)| i);
        (candidates.next(), candidates.next())
    };
    let view = document.view(kind);
    let (first, second) = first_with_text(view);
    let clean = document.view(ViewKind::Clean);
    let (clean_first, _) = first_with_text(clean);
    let masthead = clean.paragraphs.len() == view.paragraphs.len()
        && clean_first == first
        && first
            .and_then(|i| clean.view.text.get(clean.paragraphs[i].bytes.clone()))
            .is_some_and(crate::corpus::meta::is_masthead);
    if masthead { second.or(first) } else { first }
}
