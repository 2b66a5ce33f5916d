//! The reader's footer: a thin bar under the text column and the percentage read, as e-book
//! readers show it.

use std::ops::Range;

use egui::{Align2, FontId, Rect, Sense, pos2, vec2};

use crate::ui::theme::Palette;

/// Height of the footer below the text.
pub(super) const FOOTER_HEIGHT: f32 = 22.0;

/// Room for the percentage at the bar's right end.
const PERCENT_WIDTH: f32 = 44.0;

/// Draws the footer below the scroll area: the bar spans the text column (x range `column`),
/// the percentage sits at its right end.
pub(super) fn footer_ui(ui: &mut egui::Ui, column: Range<f32>, progress: f32, palette: &Palette) {
    let (rect, response) =
        ui.allocate_exact_size(vec2(ui.available_width(), FOOTER_HEIGHT), Sense::hover());
    let percent = (progress * 100.0).round() as u32;
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::ProgressIndicator, true, format!("{percent}%"))
    });
    let y = rect.center().y;
    let bar_start = column.start;
    let bar_end = (column.end - PERCENT_WIDTH).max(bar_start + 10.0);
    let track = Rect::from_min_max(pos2(bar_start, y - 1.0), pos2(bar_end, y + 1.0));
    let painter = ui.painter();
    painter.rect_filled(track, 1.0, palette.dim.gamma_multiply(0.35));
    let filled = Rect::from_min_max(
        track.min,
        pos2(bar_start + (bar_end - bar_start) * progress, track.max.y),
    );
    painter.rect_filled(filled, 1.0, palette.dim);
    painter.text(
        pos2(column.end, y),
        Align2::RIGHT_CENTER,
        format!("{percent}%"),
        FontId::proportional(12.0),
        palette.dim,
    );
}
