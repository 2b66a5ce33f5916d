//! Drawing the corpus search panel (a full-width panel under the reader): the query with its
//! toggles and progress, sort and filter, the actions, and the concordance, virtualised (only
//! rows on screen are laid out; their text comes from a worker). Also the list's keys: ↑/↓,
//! Page Up/Down, Home/End and Enter walk and open the rows while the list has focus.

use egui::text::{LayoutJob, TextWrapping};
use egui::{
    Color32, FontFamily, FontId, Id, Key, Modifiers, Rect, Response, Role, Sense, TextFormat,
    WidgetInfo, pos2, vec2,
};

use super::CorpusSearch;
use super::concordance::{HitFilter, SortBy};
use super::tag_hits::TagHitsInput;
use crate::annotate::Tag;
use crate::corpus::{ArticleMeta, Corpus};
use crate::text::ViewKind;
use crate::ui::command::{Command, SearchCommand};
use crate::ui::i18n::{DialogText, SearchText as S, tr, trf};
use crate::ui::reader::found_colour;
use crate::ui::theme::{Palette, traditional_family};

/// Height of a concordance row.
const ROW_HEIGHT: f32 = 26.0;
/// Text size of the rows.
const ROW_FONT: f32 = 14.0;
/// Space between a context and the hit.
const GAP: f32 = 6.0;
/// Rows Page Up/Down move.
const PAGE_ROWS: isize = 10;

/// The list's id (it takes keyboard focus).
fn list_id() -> Id {
    Id::unique("pizhu-concordance-list")
}

/// What the panel shows besides its own state.
pub struct PanelInput<'a> {
    /// The open folder (titles, dates).
    pub corpus: &'a Corpus,
    /// The view the hits are shown in (the reader's).
    pub view: ViewKind,
    /// The tag set.
    pub tags: &'a [Tag],
    /// The folder is being scanned or indexed.
    pub indexing: bool,
    /// The folder's annotations are open.
    pub can_tag: bool,
    /// Colours.
    pub palette: &'a Palette,
    /// Dark theme.
    pub dark: bool,
}

/// Where a row's parts go.
struct Columns {
    article: Rect,
    date: Option<Rect>,
    /// Left context, hit and right context share this.
    kwic: Rect,
    /// Where hits start.
    hit_x: f32,
}

impl Columns {
    fn of(rect: Rect) -> Self {
        let inner = rect.shrink2(vec2(6.0, 0.0));
        let width = inner.width();
        let article_width = (width * 0.2).clamp(110.0, 260.0);
        let date_width = if width >= 900.0 { 86.0 } else { 0.0 };
        let article = Rect::from_min_size(inner.min, vec2(article_width, inner.height()));
        let date = (date_width > 0.0).then(|| {
            Rect::from_min_size(
                pos2(article.max.x + 8.0, inner.min.y),
                vec2(date_width, inner.height()),
            )
        });
        let kwic_left = date.map_or(article.max.x, |d| d.max.x) + 12.0;
        let kwic = Rect::from_min_max(pos2(kwic_left, inner.min.y), inner.max);
        Self {
            article,
            date,
            kwic,
            hit_x: kwic.min.x + kwic.width() * 0.45,
        }
    }
}

impl CorpusSearch {
    /// Takes the keys that walk the rows while the list has keyboard focus, before the
    /// window's shortcuts see them (↑/↓ there move through the article list).
    pub fn take_list_keys(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if !self.open || !ctx.memory(|m| m.has_focus(list_id())) {
            return;
        }
        let rows = self.concordance.rows().len();
        if rows == 0 {
            return;
        }
        let step = ctx.input_mut(|i| {
            if i.consume_key(Modifiers::NONE, Key::ArrowDown) {
                Some(1)
            } else if i.consume_key(Modifiers::NONE, Key::ArrowUp) {
                Some(-1)
            } else if i.consume_key(Modifiers::NONE, Key::PageDown) {
                Some(PAGE_ROWS)
            } else if i.consume_key(Modifiers::NONE, Key::PageUp) {
                Some(-PAGE_ROWS)
            } else if i.consume_key(Modifiers::NONE, Key::Home) {
                Some(isize::MIN / 2)
            } else if i.consume_key(Modifiers::NONE, Key::End) {
                Some(isize::MAX / 2)
            } else if i.consume_key(Modifiers::NONE, Key::Enter) {
                Some(0)
            } else {
                None
            }
        });
        if let Some(step) = step {
            let row = match self.selected {
                Some(row) => row.saturating_add_signed(step).min(rows - 1),
                None => 0,
            };
            self.open_row(row, commands);
        }
    }

    /// Selects row `row`, scrolls to it and opens its hit.
    fn open_row(&mut self, row: usize, commands: &mut Vec<Command>) {
        let Some((_, hit)) = self.concordance.hit_of_row(row) else {
            return;
        };
        commands.push(Command::Search(SearchCommand::OpenHit {
            article: hit.article,
            original: hit.original.clone(),
        }));
        self.selected = Some(row);
        self.scroll_to_row = Some(row);
    }

    /// Draws the panel (when open) at the bottom of `ui`, and its dialogs.
    pub fn ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, commands: &mut Vec<Command>) {
        if !self.open {
            return;
        }
        let height = ui.available_height();
        let max = (height * 0.7).max(160.0);
        egui::Panel::bottom("corpus-search")
            .resizable(true)
            .default_size((height * 0.4).clamp(160.0, 340.0))
            .size_range(140.0..=max)
            .show(ui, |ui| {
                // Fill the panel's height: a panel shrinks to its content, and an empty list
                // would otherwise leave it at its minimum.
                ui.set_min_height(ui.available_height());
                ui.add_space(4.0);
                self.query_row_ui(ui, input, commands);
                self.controls_row_ui(ui, input, commands);
                if let Some(error) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                }
                ui.separator();
                self.list_ui(ui, input, commands);
            });
        let ctx = ui.ctx().clone();
        let rows = self.concordance.rows();
        let tag_input = TagHitsInput {
            hits: rows.len(),
            articles: if self.tag_hits.is_open() {
                self.concordance.listed_articles()
            } else {
                0
            },
            tags: input.tags,
            marks: self.concordance.marks().map(|marks| (marks, rows)),
            can_tag: input.can_tag,
        };
        self.tag_hits.ui(&ctx, &tag_input, commands);
        self.export.ui(&ctx, rows.len(), commands);
    }

    fn query_row_ui(
        &mut self,
        ui: &mut egui::Ui,
        input: &PanelInput<'_>,
        commands: &mut Vec<Command>,
    ) {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(tr(S::Search)).strong());
            let field = egui::TextEdit::singleline(&mut self.text)
                .id_salt("corpus-search-field")
                .hint_text(tr(S::SearchHint))
                .desired_width(240.0)
                .return_key(None);
            let response = ui.add(field);
            if self.focus_query {
                self.focus_query = false;
                response.request_focus();
            }
            if response.changed() {
                self.wanted = true;
                ui.ctx().request_repaint();
            }
            if response.has_focus() {
                let (enter, down) = ui.input_mut(|i| {
                    (
                        i.consume_key(Modifiers::NONE, Key::Enter),
                        i.consume_key(Modifiers::NONE, Key::ArrowDown),
                    )
                });
                if (enter || down) && !self.concordance.rows().is_empty() {
                    ui.memory_mut(|m| m.request_focus(list_id()));
                    self.open_row(0, commands);
                }
            }
            let exact = ui
                .toggle_value(&mut self.options.exact, tr(S::Exact))
                .on_hover_text(tr(S::CorpusExactHint));
            let regex = ui
                .toggle_value(&mut self.options.regex, tr(S::Regex))
                .on_hover_text(tr(S::CorpusRegexHint));
            if exact.changed() || regex.changed() {
                self.wanted = true;
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .small_button("×")
                    .on_hover_text(tr(S::CloseSearchHint))
                    .clicked()
                {
                    commands.push(Command::Search(SearchCommand::ToggleCorpusSearch));
                }
                self.status_ui(ui, input);
            });
        });
    }

    /// Progress, or what the search found (right to left).
    fn status_ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>) {
        let dim = input.palette.dim;
        if self.live.is_running() {
            if ui.small_button(tr(DialogText::Cancel)).clicked() {
                self.cancel();
            }
            let found = self.concordance.hits().len();
            // Hits come in corpus order: the last one's article says how far the search is.
            let progress = self.concordance.hits().last().map_or(0.0, |hit| {
                (hit.article.0 + 1) as f32 / input.corpus.articles.len().max(1) as f32
            });
            ui.add(
                egui::ProgressBar::new(progress)
                    .desired_width(120.0)
                    .text(trf(S::HitsSoFar, &[("n", &found)])),
            );
            ui.spinner();
            return;
        }
        if self.shown.is_none() {
            if input.indexing {
                ui.label(egui::RichText::new(tr(S::Indexing)).color(dim));
                ui.spinner();
            } else if let Some(error) = &self.index_error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            return;
        }
        let Some(summary) = self.concordance.summary() else {
            return;
        };
        let mut text = trf(
            S::Summary,
            &[
                ("hits", &summary.hits),
                ("articles", &summary.articles_with_hits),
            ],
        );
        if summary.hits > summary.kept {
            text.push_str(&trf(S::FirstListed, &[("n", &summary.kept)]));
        }
        let listed = self.concordance.rows().len();
        if self.concordance.filter() != &HitFilter::All && !self.concordance.is_pending() {
            text.push_str(&trf(S::Shown, &[("n", &listed)]));
        }
        if summary.cancelled {
            text.push_str(tr(S::Cancelled));
        }
        text.push_str(&format!(
            " · {:.0} ms",
            summary.elapsed.as_secs_f64() * 1000.0
        ));
        ui.label(egui::RichText::new(text).color(dim));
    }

    fn controls_row_ui(
        &mut self,
        ui: &mut egui::Ui,
        input: &PanelInput<'_>,
        commands: &mut Vec<Command>,
    ) {
        ui.horizontal(|ui| {
            let mut sort = self.concordance.sort();
            // Each label before its box, read as "Sort: by article".
            let label = ui.label(tr(S::Sort)).id;
            egui::ComboBox::from_id_salt("concordance-sort")
                .selected_text(sort.label())
                .show_ui(ui, |ui| {
                    for key in SortBy::ALL {
                        ui.selectable_value(&mut sort, key, key.label());
                    }
                })
                .response
                .labelled_by(label);
            if sort != self.concordance.sort() {
                commands.push(Command::Search(SearchCommand::SortHits(sort)));
            }
            ui.add_space(8.0);
            let mut filter = self.concordance.filter().clone();
            let label = ui.label(tr(S::Filter)).id;
            egui::ComboBox::from_id_salt("concordance-filter")
                .selected_text(filter_label(&filter, input.tags))
                .show_ui(ui, |ui| {
                    for choice in [
                        HitFilter::All,
                        HitFilter::Annotated,
                        HitFilter::NotAnnotated,
                    ] {
                        let label = filter_label(&choice, input.tags);
                        ui.selectable_value(&mut filter, choice, label);
                    }
                    for tag in input.tags {
                        let choice = HitFilter::Tagged(Some(tag.id.clone()));
                        let label = filter_label(&choice, input.tags);
                        ui.selectable_value(&mut filter, choice, label);
                    }
                    let highlights = HitFilter::Tagged(None);
                    let label = filter_label(&highlights, input.tags);
                    ui.selectable_value(&mut filter, highlights, label);
                })
                .response
                .labelled_by(label);
            if &filter != self.concordance.filter() {
                commands.push(Command::Search(SearchCommand::FilterHits(filter)));
            }
            ui.separator();
            let done = self.concordance.summary().is_some() && !self.live.is_running();
            let listed = self.concordance.rows().len();
            let ready = done && listed > 0 && !self.concordance.is_pending();
            if ui
                .add_enabled(ready && input.can_tag, egui::Button::new(tr(S::TagAllHits)))
                .on_hover_text(tr(S::TagAllHitsHint))
                .clicked()
            {
                self.tag_hits.show(input.tags);
            }
            if ui
                .add_enabled(ready, egui::Button::new(tr(S::ExportCsv)))
                .on_hover_text(tr(S::ExportCsvHint))
                .clicked()
                && let Some((text, index)) = self.shown()
            {
                let (root, text) = (index.root().to_owned(), text.to_owned());
                self.export.show(&root, &text);
            }
            let waiting = if self.shown.is_none() {
                None
            } else if self.concordance.sort_pending() {
                Some(tr(S::Sorting))
            } else if self.concordance.filter().needs_marks() && self.concordance.marks().is_none()
            {
                Some(tr(S::CheckingAnnotations))
            } else {
                None
            };
            if let Some(waiting) = waiting {
                ui.spinner();
                ui.label(egui::RichText::new(waiting).color(input.palette.dim));
            }
        });
    }

    fn list_ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, commands: &mut Vec<Command>) {
        let rows = self.concordance.rows().len();
        if rows == 0 {
            self.visible.clear();
            empty_ui(ui, self, input);
            return;
        }
        // The list takes keyboard focus when clicked; ↑/↓ then walk it (`take_list_keys`).
        let list_rect = ui.available_rect_before_wrap();
        let list = ui.interact(list_rect, list_id(), Sense::click());
        let focused = list.has_focus();
        if focused {
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    list_id(),
                    egui::EventFilter {
                        vertical_arrows: true,
                        ..egui::EventFilter::default()
                    },
                );
            });
        }
        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("concordance")
            .auto_shrink(false);
        let row_step = ROW_HEIGHT + ui.spacing().item_spacing.y;
        if let Some(row) = self.scroll_to_row.take() {
            let visible = list_rect.height();
            let top = row as f32 * row_step;
            if top < self.list_offset {
                scroll = scroll.vertical_scroll_offset(top);
            } else if top + row_step > self.list_offset + visible {
                scroll = scroll.vertical_scroll_offset(top + row_step - visible);
            }
        }
        let family = if input.view == ViewKind::Traditional {
            traditional_family()
        } else {
            FontFamily::Proportional
        };
        let mut visible = std::mem::take(&mut self.visible);
        visible.clear();
        let mut clicked = None;
        let output = scroll.show_rows(ui, ROW_HEIGHT, rows, |ui, range| {
            for row in range {
                let Some((index, hit)) = self.concordance.hit_of_row(row) else {
                    continue;
                };
                visible.push(index);
                let meta = input.corpus.get(hit.article);
                let view = RowView {
                    meta,
                    in_article: self.concordance.in_article(hit.article),
                    text: self.concordance.text(index),
                    selected: self.selected == Some(row),
                    focused,
                    tags: self
                        .concordance
                        .marks()
                        .map(|marks| {
                            marks
                                .tags_of(index as usize)
                                .into_iter()
                                .map(|tag| tag_colour(tag, input.tags))
                                .collect()
                        })
                        .unwrap_or_default(),
                };
                if row_ui(ui, &view, input, &family).clicked() {
                    clicked = Some(row);
                }
            }
        });
        self.list_offset = output.state.clamped_offset().y;
        self.visible = visible;
        if let Some(row) = clicked {
            ui.memory_mut(|m| m.request_focus(list_id()));
            self.open_row(row, commands);
        }
        if let Some((_, index)) = self.shown() {
            let index = std::sync::Arc::clone(index);
            let ctx = ui.ctx().clone();
            let rendered =
                self.concordance
                    .poll_texts(&index, input.view, &self.visible, move || {
                        ctx.request_repaint()
                    });
            if let Err(error) = rendered {
                log::warn!("cannot render the hits: {error}");
            }
        }
    }
}

/// What the list shows when it has no rows.
fn empty_ui(ui: &mut egui::Ui, search: &CorpusSearch, input: &PanelInput<'_>) {
    let dim = input.palette.dim;
    let text = if search.text.trim().is_empty() {
        tr(S::EmptyQuery).to_owned()
    } else if search.shown.is_none() {
        if input.indexing {
            tr(S::BeingIndexed).to_owned()
        } else {
            String::new()
        }
    } else if search.live.is_running() || search.concordance.is_pending() {
        String::new()
    } else if search.concordance.hits().is_empty() {
        trf(S::NothingFound, &[("query", &search.text.trim())])
    } else {
        tr(S::NoHitPasses).to_owned()
    };
    ui.add_space(8.0);
    ui.label(egui::RichText::new(text).color(dim));
}

/// A row's content.
struct RowView<'a> {
    meta: Option<&'a ArticleMeta>,
    in_article: u32,
    text: Option<&'a Result<super::RowText, String>>,
    selected: bool,
    focused: bool,
    /// Colours of the annotations over the hit, when known.
    tags: Vec<Color32>,
}

fn tag_colour(tag: Option<&crate::annotate::TagId>, tags: &[Tag]) -> Color32 {
    tag.and_then(|id| tags.iter().find(|t| t.id == *id))
        .map_or(crate::ui::theme::HIGHLIGHT, |t| {
            Color32::from_rgb(t.colour[0], t.colour[1], t.colour[2])
        })
}

fn filter_label(filter: &HitFilter, tags: &[Tag]) -> String {
    match filter {
        HitFilter::All => tr(S::AllHits).to_owned(),
        HitFilter::Annotated => tr(S::Annotated).to_owned(),
        HitFilter::NotAnnotated => tr(S::NotAnnotated).to_owned(),
        HitFilter::Tagged(None) => tr(S::Highlighted).to_owned(),
        HitFilter::Tagged(Some(id)) => {
            let tag = match tags.iter().find(|t| t.id == *id) {
                Some(tag) => format!("{} {}", tag.label, tag.id),
                None => id.to_string(),
            };
            trf(S::TagFilter, &[("tag", &tag)])
        }
    }
}

/// One concordance row: title ×count | date | left context | hit | right context.
fn row_ui(
    ui: &mut egui::Ui,
    row: &RowView<'_>,
    input: &PanelInput<'_>,
    family: &FontFamily,
) -> Response {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, ROW_HEIGHT), Sense::click());
    let title = row.meta.map_or("", |m| m.title.as_str());
    response.widget_info(|| {
        let label = match row.text {
            Some(Ok(text)) => format!("{title}: {}【{}】{}", text.left, text.hit, text.right),
            Some(Err(why)) => format!("{title}: （{why}）"),
            None => format!("{title}: …"),
        };
        WidgetInfo::selected(Role::Button, true, row.selected, label)
    });
    if !ui.is_rect_visible(rect) {
        return response;
    }
    let palette = input.palette;
    let painter = ui.painter_at(rect);
    if row.selected {
        let fill = if row.focused {
            ui.visuals().selection.bg_fill
        } else {
            ui.visuals().selection.bg_fill.gamma_multiply(0.5)
        };
        painter.rect_filled(rect, 3.0, fill);
    } else if response.hovered() {
        painter.rect_filled(rect, 3.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    let columns = Columns::of(rect);
    let text_colour = if row.selected {
        ui.visuals().selection.stroke.color
    } else {
        palette.text
    };
    let font = FontId::new(ROW_FONT, family.clone());
    let small = FontId::proportional(12.0);
    let mid_y = rect.center().y;

    // Article: tag swatches, title, hits in it.
    let mut x = columns.article.min.x;
    for colour in row.tags.iter().take(3) {
        let swatch = Rect::from_center_size(pos2(x + 4.0, mid_y), vec2(6.0, 12.0));
        painter.rect_filled(swatch, 1.5, *colour);
        x += 8.0;
    }
    let count = painter.layout_no_wrap(format!("×{}", row.in_article), small.clone(), palette.dim);
    let count_x = columns.article.max.x - count.size().x;
    painter.galley(
        pos2(count_x, mid_y - count.size().y / 2.0),
        count,
        palette.dim,
    );
    let title_galley = one_line(
        ui,
        title,
        FontId::proportional(13.0),
        text_colour,
        count_x - 6.0 - x,
    );
    painter.galley(
        pos2(x, mid_y - title_galley.size().y / 2.0),
        title_galley,
        text_colour,
    );

    if let (Some(date_rect), Some(date)) = (columns.date, row.meta.and_then(|m| m.date.as_deref()))
    {
        let date = painter.layout_no_wrap(date.to_owned(), small, palette.dim);
        painter.galley(
            pos2(date_rect.min.x, mid_y - date.size().y / 2.0),
            date,
            palette.dim,
        );
    }

    let kwic = columns.kwic;
    let text = match row.text {
        Some(Ok(text)) => text,
        Some(Err(why)) => {
            let galley = one_line(ui, &format!("（{why}）"), font, palette.lost, kwic.width());
            painter.galley(
                pos2(kwic.min.x, mid_y - galley.size().y / 2.0),
                galley,
                palette.lost,
            );
            return response;
        }
        None => {
            let galley = painter.layout_no_wrap("…".to_owned(), font, palette.dim);
            painter.galley(
                pos2(columns.hit_x, mid_y - galley.size().y / 2.0),
                galley,
                palette.dim,
            );
            return response;
        }
    };
    let context_colour = text_colour.gamma_multiply(0.78);
    // The hit, at the same x in every row.
    let accent = found_colour(input.dark);
    let hit = one_line(
        ui,
        &text.hit,
        font.clone(),
        text_colour,
        kwic.width() * 0.35,
    );
    let hit_rect = Rect::from_min_size(pos2(columns.hit_x, mid_y - hit.size().y / 2.0), hit.size());
    painter.rect_filled(
        hit_rect.expand2(vec2(2.0, 1.0)),
        2.0,
        accent.gamma_multiply(0.22),
    );
    painter.galley(hit_rect.min, hit, text_colour);
    // Left context ends at the hit, cut at the column's left edge.
    let left = painter.layout_no_wrap(text.left.clone(), font.clone(), context_colour);
    let left_end = columns.hit_x - GAP;
    let clip = Rect::from_min_max(pos2(kwic.min.x, rect.min.y), pos2(left_end, rect.max.y));
    painter.with_clip_rect(clip).galley(
        pos2(left_end - left.size().x, mid_y - left.size().y / 2.0),
        left,
        text_colour,
    );
    // Right context from the hit on, cut at the row's end.
    let right_x = hit_rect.max.x + GAP;
    let right = one_line(ui, &text.right, font, context_colour, kwic.max.x - right_x);
    painter.galley(
        pos2(right_x, mid_y - right.size().y / 2.0),
        right,
        text_colour,
    );
    response
}

/// `text` on one line, cut to `width` with an ellipsis.
fn one_line(
    ui: &egui::Ui,
    text: &str,
    font: FontId,
    colour: Color32,
    width: f32,
) -> std::sync::Arc<egui::Galley> {
    let mut job = LayoutJob::single_section(text.to_owned(), TextFormat::simple(font, colour));
    job.wrap = TextWrapping::truncate_at_width(width.max(1.0));
    ui.fonts_mut(|f| f.layout_job(job))
}
