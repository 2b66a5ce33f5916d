//! The left panel: filter box, sort, and the virtualised list of articles.

use egui::text::{LayoutJob, TextWrapping};
use egui::{FontId, Rect, Role, Sense, TextFormat, WidgetInfo, vec2};

use super::command::{Command, SearchCommand};
use super::i18n::{self, Reading as R, tr, trf};
use super::library::Library;
use super::settings::SortKey;
use super::theme::Palette;
use crate::corpus::{ArticleId, ArticleMeta};

/// Height of one row (title line and details line).
const ROW_HEIGHT: f32 = 48.0;

/// List state that is not the library's.
#[derive(Default)]
pub struct ArticleList {
    /// Scroll so that this row is visible on the next frame.
    pub scroll_to_row: Option<usize>,
    /// The list's scroll offset last frame.
    offset: f32,
}

impl ArticleList {
    /// Draws the panel. Filter and sort edits change the library's rows directly (they are list
    /// state, not corpus edits); choosing an article sends a command.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        library: &mut Library,
        current: Option<ArticleId>,
        annotation_counts: &std::collections::HashMap<ArticleId, usize>,
        palette: &Palette,
        commands: &mut Vec<Command>,
    ) {
        ui.add_space(6.0);
        let filter = egui::TextEdit::singleline(&mut library.filter)
            .hint_text(tr(R::FilterHint))
            .desired_width(f32::INFINITY);
        if ui.add(filter).on_hover_text(tr(R::FilterTooltip)).changed() {
            library.invalidate_rows();
            self.scroll_to_row = Some(0);
        }
        ui.horizontal(|ui| {
            let total = library.corpus.articles.len();
            let shown = library.rows.len();
            let count = if shown == total {
                trf(R::ArticleCount, &[("n", &total)])
            } else {
                trf(R::ArticlesShown, &[("shown", &shown), ("total", &total)])
            };
            ui.label(egui::RichText::new(count).color(palette.dim).small());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let mut sort = library.sort;
                egui::ComboBox::from_label(tr(R::Sort))
                    .selected_text(sort.label())
                    .show_ui(ui, |ui| {
                        for key in SortKey::ALL {
                            ui.selectable_value(&mut sort, key, key.label());
                        }
                    });
                if sort != library.sort {
                    commands.push(Command::SetSort(sort));
                }
            });
        });
        ui.separator();
        full_text_offer_ui(ui, library, palette, commands);

        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("article-list")
            .auto_shrink(false);
        if let Some(row) = self.scroll_to_row.take() {
            let visible = ui.available_height();
            let current_offset = self.offset;
            let top = row as f32 * ROW_HEIGHT;
            if top < current_offset {
                scroll = scroll.vertical_scroll_offset(top);
            } else if top + ROW_HEIGHT > current_offset + visible {
                scroll = scroll.vertical_scroll_offset(top + ROW_HEIGHT - visible);
            }
        }
        let output = scroll.show_rows(ui, ROW_HEIGHT, library.rows.len(), |ui, range| {
            ui.spacing_mut().item_spacing.y = 0.0;
            for &id in &library.rows[range] {
                if let Some(meta) = library.corpus.get(id)
                    && row_ui(
                        ui,
                        meta,
                        Some(id) == current,
                        annotation_counts.get(&id).copied().unwrap_or(0),
                        palette,
                    )
                    .clicked()
                {
                    commands.push(Command::SelectArticle(id));
                }
            }
        });
        self.offset = output.state.clamped_offset().y;
    }
}

/// When the filter lists nothing: says what it searched and offers the full-text search with
/// the same query (issue 13).
fn full_text_offer_ui(
    ui: &mut egui::Ui,
    library: &Library,
    palette: &Palette,
    commands: &mut Vec<Command>,
) {
    let query = library.filter.trim();
    if query.is_empty() || !library.rows.is_empty() || library.corpus.articles.is_empty() {
        return;
    }
    ui.label(egui::RichText::new(trf(R::NoMatch, &[("query", &query)])).color(palette.dim));
    if ui
        .button(trf(R::SearchFullText, &[("query", &query)]))
        .on_hover_text(tr(R::SearchFullTextHint))
        .clicked()
    {
        commands.push(Command::Search(SearchCommand::SearchFor(query.to_owned())));
    }
    ui.separator();
}

fn row_ui(
    ui: &mut egui::Ui,
    meta: &ArticleMeta,
    selected: bool,
    annotations: usize,
    palette: &Palette,
) -> egui::Response {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, ROW_HEIGHT), Sense::click());
    response.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, &meta.title));
    if !ui.is_rect_visible(rect) {
        return response;
    }
    let painter = ui.painter();
    if selected {
        painter.rect_filled(rect.shrink(1.0), 4.0, ui.visuals().selection.bg_fill);
    } else if response.hovered() {
        painter.rect_filled(
            rect.shrink(1.0),
            4.0,
            ui.visuals().widgets.hovered.weak_bg_fill,
        );
    }
    let inner = rect.shrink2(vec2(8.0, 5.0));
    let text_color = if selected {
        ui.visuals().selection.stroke.color
    } else {
        palette.text
    };

    // Title, one line, elided.
    let mut title = LayoutJob::single_section(
        meta.title.clone(),
        TextFormat::simple(FontId::proportional(14.5), text_color),
    );
    title.wrap = TextWrapping::truncate_at_width(inner.width());
    let galley = ui.fonts_mut(|f| f.layout_job(title));
    painter.galley(inner.min, galley, text_color);

    // Details: badge, date, source, length.
    let details_y = inner.min.y + 22.0;
    let badge_rect = Rect::from_min_size(egui::pos2(inner.min.x, details_y), vec2(18.0, 17.0));
    painter.rect_filled(badge_rect, 3.0, palette.accent.gamma_multiply(0.15));
    painter.text(
        badge_rect.center(),
        egui::Align2::CENTER_CENTER,
        i18n::script_badge(meta.script),
        FontId::proportional(11.5),
        palette.accent,
    );
    let mut parts: Vec<&str> = Vec::with_capacity(3);
    if let Some(date) = &meta.date {
        parts.push(date);
    }
    if let Some(source) = &meta.source {
        parts.push(source);
    }
    let length = trf(R::Chars, &[("n", &meta.text_chars)]);
    parts.push(&length);
    let count = trf(R::RowAnnotations, &[("n", &annotations)]);
    if annotations > 0 {
        parts.push(&count);
    }
    let mut details = LayoutJob::single_section(
        parts.join(" · "),
        TextFormat::simple(FontId::proportional(12.0), palette.dim),
    );
    details.wrap = TextWrapping::truncate_at_width(inner.width() - 26.0);
    let galley = ui.fonts_mut(|f| f.layout_job(details));
    painter.galley(
        egui::pos2(inner.min.x + 26.0, details_y),
        galley,
        palette.dim,
    );
    response
}
