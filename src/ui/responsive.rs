//! A layout that fits any window: which panels dock beside the reader and which become drawers
//! over it, so the text column keeps a comfortable measure (30–38 characters a line).
//!
//! The side panel docks from about 1100 points wide and the article list from about 800, and
//! each only while the reader keeps room for [`MIN_MEASURE_EMS`] characters at the current text
//! size beside it (so very large text folds the panels earlier). A panel that does not dock is
//! a drawer: the toolbar toggles it; the side panel's drawer also opens when an annotation is
//! selected; Esc closes drawers.

use egui::{Id, Order, Rect, Sense, pos2, vec2};

use super::i18n::{Reading, tr};
use super::theme::Palette;

/// Narrower windows show the side panel as a drawer.
pub const SIDE_PANEL_DOCKS_FROM: f32 = 1100.0;
/// Narrower windows show the article list as a drawer too.
pub const LIST_DOCKS_FROM: f32 = 800.0;
/// The fewest characters a line the reader keeps beside docked panels.
pub const MIN_MEASURE_EMS: f32 = 30.0;

/// Default widths of the panels (their last widths are used once drawn).
pub const LIST_WIDTH: f32 = 300.0;
/// See [`LIST_WIDTH`].
pub const SIDE_WIDTH: f32 = 260.0;

/// Where the panels go this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Docking {
    /// The article list is a panel at the left (else a drawer).
    pub list: bool,
    /// The side panel is a panel at the right (else a drawer).
    pub side: bool,
}

impl Docking {
    /// For a window `width` points wide, text of `font_size` points, and panels of the given
    /// widths.
    pub fn for_window(width: f32, font_size: f32, list_width: f32, side_width: f32) -> Self {
        // The column, a margin of one em on each side, and the scroll bar.
        let reader_needs = (MIN_MEASURE_EMS + 2.0) * font_size + 16.0;
        let list = width >= LIST_DOCKS_FROM && width - list_width >= reader_needs;
        let side = list
            && width >= SIDE_PANEL_DOCKS_FROM
            && width - list_width - side_width >= reader_needs;
        Self { list, side }
    }
}

/// The drawers' state and the panels' last widths.
#[derive(Debug)]
pub struct Drawers {
    /// The article list drawer is open.
    pub list_open: bool,
    /// The side panel drawer is open.
    pub side_open: bool,
    /// The docked article list's width last frame.
    pub list_width: f32,
    /// The docked side panel's width last frame.
    pub side_width: f32,
}

impl Default for Drawers {
    fn default() -> Self {
        Self {
            list_open: false,
            side_open: false,
            list_width: LIST_WIDTH,
            side_width: SIDE_WIDTH,
        }
    }
}

impl Drawers {
    /// Closes the topmost open drawer; false if none was open.
    pub fn close_one(&mut self) -> bool {
        std::mem::take(&mut self.list_open) || std::mem::take(&mut self.side_open)
    }
}

/// Which edge a drawer slides from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// The article list.
    Left,
    /// The side panel.
    Right,
}

/// Draws a drawer over `area` (the reader's rect) at `edge`, `width` wide (at most 90% of the
/// area). Returns true when its close button was clicked.
pub fn drawer_ui(
    ctx: &egui::Context,
    id: &str,
    edge: Edge,
    area: Rect,
    width: f32,
    palette: &Palette,
    contents: impl FnOnce(&mut egui::Ui),
) -> bool {
    let width = width.min(area.width() * 0.9);
    let x = match edge {
        Edge::Left => area.min.x,
        Edge::Right => area.max.x - width,
    };
    let rect = Rect::from_min_size(pos2(x, area.min.y), vec2(width, area.height()));
    let mut close = false;
    egui::Area::new(Id::unique(id))
        .order(Order::Middle)
        .fixed_pos(rect.min)
        .sense(Sense::hover())
        .show(ctx, |ui| {
            let frame = egui::Frame::new()
                .fill(palette.panel)
                .inner_margin(egui::Margin::symmetric(8, 6))
                .shadow(egui::Shadow {
                    offset: [0, 0],
                    blur: 16,
                    spread: 0,
                    color: egui::Color32::from_black_alpha(60),
                })
                .stroke(ui.visuals().widgets.noninteractive.bg_stroke);
            frame.show(ui, |ui| {
                let inner = rect.shrink2(vec2(8.0, 6.0));
                ui.set_min_size(inner.size());
                ui.set_max_size(inner.size());
                ui.horizontal(|ui| {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui
                            .small_button("×")
                            .on_hover_text(tr(Reading::CloseDrawer))
                            .clicked()
                        {
                            close = true;
                        }
                    });
                });
                contents(ui);
            });
        });
    close
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_fold_into_drawers_as_the_window_narrows() {
        let dock = |width| Docking::for_window(width, 18.0, LIST_WIDTH, SIDE_WIDTH);
        assert_eq!(
            dock(1400.0),
            Docking {
                list: true,
                side: true
            }
        );
        assert_eq!(
            dock(1280.0),
            Docking {
                list: true,
                side: true
            }
        );
        assert_eq!(
            dock(1024.0),
            Docking {
                list: true,
                side: false
            }
        );
        assert_eq!(
            dock(900.0),
            Docking {
                list: true,
                side: false
            }
        );
        assert_eq!(
            dock(800.0),
            Docking {
                list: false,
                side: false
            }
        );
        assert_eq!(
            dock(720.0),
            Docking {
                list: false,
                side: false
            }
        );
    }

    #[test]
    fn large_text_folds_the_panels_earlier() {
        let docked = Docking::for_window(1280.0, 28.0, LIST_WIDTH, SIDE_WIDTH);
        assert_eq!(
            docked,
            Docking {
                list: true,
                side: false
            }
        );
        // Whatever docks leaves the reader at least 30 characters a line.
        for width in (700..2000).step_by(10) {
            for font in [14.0, 18.0, 22.0, 28.0] {
                let d = Docking::for_window(width as f32, font, LIST_WIDTH, SIDE_WIDTH);
                let panels =
                    if d.list { LIST_WIDTH } else { 0.0 } + if d.side { SIDE_WIDTH } else { 0.0 };
                if panels > 0.0 {
                    let column = width as f32 - panels - 2.0 * font - 16.0;
                    assert!(column / font >= MIN_MEASURE_EMS, "{width} {font} {d:?}");
                }
            }
        }
    }
}
