//! The About box: Pizhu's version and the licences of everything it bundles (fonts, OpenCC's
//! dictionaries, CC-CEDICT, Unihan readings). The credits and licence names are consts so the
//! README and this box say the same; the words around them are in `i18n/dict.rs`.

use egui::RichText;

use super::i18n::{AboutText as T, tr, trf};
use super::theme::Palette;
use crate::dict::{ATTRIBUTION, CEDICT_DATE};

/// What Pizhu bundles, and under which licence: (its proper name, what it is in words,
/// licence, where the licence text is).
pub const LICENCES: [(&str, Option<T>, &str, &str); 5] = [
    (
        "批注 Pizhu",
        None,
        "MIT OR Apache-2.0",
        "LICENSE-MIT, LICENSE-APACHE",
    ),
    (
        "Noto Sans CJK",
        Some(T::Fonts),
        "SIL Open Font License 1.1",
        "fonts/OFL.txt",
    ),
    (
        "OpenCC 1.4.2",
        Some(T::OpenccDictionaries),
        "Apache-2.0",
        "assets/opencc/LICENSE",
    ),
    (
        "CC-CEDICT",
        Some(T::Dictionary),
        "CC BY-SA 4.0",
        "assets/cedict/LICENSE",
    ),
    (
        "Unicode Unihan",
        Some(T::Readings),
        "Unicode licence (data files and software)",
        "assets/cedict/UNICODE-LICENSE",
    ),
];

/// A bundled part's line in the box: its name, with what it is in the window's language.
pub fn licence_label(name: &str, what: Option<T>) -> String {
    what.map_or_else(|| name.to_owned(), |what| trf(what, &[("name", &name)]))
}

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
        egui::Window::new(tr(T::Title))
            .id(egui::Id::unique("pizhu-about"))
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
    ui.label(RichText::new(tr(T::Tagline)).color(palette.dim));
    ui.add_space(8.0);
    egui::Grid::new("pizhu-licences")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for (name, what, licence, file) in LICENCES {
                ui.label(licence_label(name, what));
                ui.label(RichText::new(licence).strong())
                    .on_hover_text(trf(T::LicenceText, &[("file", &file)]));
                ui.end_row();
            }
        });
    ui.add_space(8.0);
    ui.label(
        RichText::new(trf(T::CedictRelease, &[("date", &CEDICT_DATE)]))
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
        for (name, what, licence, _) in LICENCES {
            harness.get_by_label(&licence_label(name, what));
            assert!(
                harness.query_all_by_label(licence).count() >= 1,
                "{licence}"
            );
        }
        harness.get_by_label_contains("CC-CEDICT (MDBG");
        assert!(harness.query_all_by_label_contains(CEDICT_DATE).count() >= 1);
    }
}
