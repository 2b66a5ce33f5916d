//! The About box: Pizhu's version and the licences of everything it bundles (fonts, OpenCC's
//! dictionaries, CC-CEDICT, Unihan readings). The texts are consts so the README and this box
//! say the same.

use egui::RichText;

use super::theme::Palette;
use crate::dict::{ATTRIBUTION, CEDICT_DATE};

const TITLE: &str = "关于 About 批注 Pizhu";
const TAGLINE: &str =
    "Read and annotate folders of Chinese articles, with exact offsets in every view.";

/// What Pizhu bundles, and under which licence: (what, licence, where the licence text is).
pub const LICENCES: [(&str, &str, &str); 5] = [
    (
        "批注 Pizhu",
        "MIT OR Apache-2.0",
        "LICENSE-MIT, LICENSE-APACHE",
    ),
    (
        "Noto Sans CJK (fonts)",
        "SIL Open Font License 1.1",
        "fonts/OFL.txt",
    ),
    (
        "OpenCC 1.4.2 dictionaries (简↔繁)",
        "Apache-2.0",
        "assets/opencc/LICENSE",
    ),
    (
        "CC-CEDICT (dictionary)",
        "CC BY-SA 4.0",
        "assets/cedict/LICENSE",
    ),
    (
        "Unicode Unihan readings (pinyin)",
        "Unicode licence (data files and software)",
        "assets/cedict/UNICODE-LICENSE",
    ),
];

/// The About window's state.
#[derive(Default)]
pub struct About {
    /// Shown.
    pub open: bool,
}

impl About {
    /// Draws the window, if open.
    pub fn ui(&mut self, ctx: &egui::Context, palette: &Palette) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        egui::Window::new(TITLE)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_width(460.0)
            .max_height(ctx.content_rect().height() * 0.8)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| about_ui(ui, palette));
            });
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
            open = false;
        }
        self.open = open;
    }
}

fn about_ui(ui: &mut egui::Ui, palette: &Palette) {
    ui.label(
        RichText::new(format!("批注 Pizhu {}", env!("CARGO_PKG_VERSION")))
            .size(20.0)
            .color(palette.heading),
    );
    ui.label(RichText::new(TAGLINE).color(palette.dim));
    ui.add_space(8.0);
    egui::Grid::new("pizhu-licences")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for (what, licence, file) in LICENCES {
                ui.label(what);
                ui.label(RichText::new(licence).strong())
                    .on_hover_text(format!("Licence text: {file}"));
                ui.end_row();
            }
        });
    ui.add_space(8.0);
    ui.label(
        RichText::new(format!("CC-CEDICT release {CEDICT_DATE}"))
            .size(12.0)
            .color(palette.dim),
    );
    ui.label(RichText::new(ATTRIBUTION).size(12.0).color(palette.text));
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::kittest::Queryable as _;

    #[test]
    fn about_names_the_version_and_every_licence() {
        let mut about = About { open: true };
        let palette = crate::ui::theme::Theme::Light.palette();
        let mut harness = egui_kittest::Harness::builder()
            .with_size(egui::vec2(800.0, 700.0))
            .with_context_setup(crate::ui::theme::install_fonts)
            .build_ui(|ui| about.ui(ui.ctx(), &palette));
        harness.run_steps(2);
        harness.get_by_label_contains(env!("CARGO_PKG_VERSION"));
        for (what, licence, _) in LICENCES {
            harness.get_by_label(what);
            assert!(
                harness.query_all_by_label(licence).count() >= 1,
                "{licence}"
            );
        }
        harness.get_by_label_contains("CC-CEDICT (MDBG");
        assert!(harness.query_all_by_label_contains(CEDICT_DATE).count() >= 1);
    }
}
