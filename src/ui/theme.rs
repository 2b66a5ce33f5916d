//! Fonts, colours and reading typography.
//!
//! Pizhu bundles Noto Sans CJK (OFL) so every machine renders the same glyphs: face 2 (SC) for
//! simplified and original text, face 3 (TC) for traditional text, so each script gets its own
//! glyph forms. egui's default fonts stay as fallbacks for emoji and icons.

use std::sync::Arc;

use egui::{Color32, FontData, FontDefinitions, FontFamily, FontId};
use serde::{Deserialize, Serialize};

use crate::text::{Script, ViewKind};

/// The bundled font collection (`fonts/NotoSansCJK-Regular.ttc`).
static NOTO_SANS_CJK: &[u8] = include_bytes!("../../fonts/NotoSansCJK-Regular.ttc");

/// Face indices inside the TTC (0 JP, 1 KR, 2 SC, 3 TC, 4 HK).
const FACE_SC: u32 = 2;
const FACE_TC: u32 = 3;

const SC: &str = "noto-sans-cjk-sc";
const TC: &str = "noto-sans-cjk-tc";

/// The colour of a highlight without a tag (in the reader and the annotation list).
pub const HIGHLIGHT: Color32 = Color32::from_rgb(0xF2, 0xD0, 0x4A);

/// The font family for traditional text.
pub fn traditional_family() -> FontFamily {
    FontFamily::Name(TC.into())
}

/// The face the reader sets a view in: the face of the script the reader sees. 繁 is always
/// traditional (TC) and 简 simplified (SC); 原文 and 净文 show the article's own script, so a
/// traditional article reads in TC there too. Mixed and undetected articles follow the view
/// (SC in 原文 and 净文).
pub fn reading_family(view: ViewKind, script: Option<Script>) -> FontFamily {
    let traditional = match view {
        ViewKind::Traditional => true,
        ViewKind::Simplified => false,
        ViewKind::Original | ViewKind::Clean => script == Some(Script::Traditional),
    };
    if traditional {
        traditional_family()
    } else {
        FontFamily::Proportional
    }
}

/// egui font definitions with the bundled CJK faces first.
pub fn font_definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    let blob: egui::epaint::text::Blob = Arc::new(NOTO_SANS_CJK);
    fonts.font_data.insert(
        SC.to_owned(),
        Arc::new(FontData::from_blob(blob.clone(), FACE_SC)),
    );
    fonts
        .font_data
        .insert(TC.to_owned(), Arc::new(FontData::from_blob(blob, FACE_TC)));
    let defaults = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    let with_first = |first: &str| {
        std::iter::once(first.to_owned())
            .chain(defaults.iter().cloned())
            .collect::<Vec<_>>()
    };
    fonts
        .families
        .insert(FontFamily::Proportional, with_first(SC));
    fonts.families.insert(traditional_family(), with_first(TC));
    if let Some(monospace) = fonts.families.get_mut(&FontFamily::Monospace) {
        monospace.push(SC.to_owned());
    }
    fonts
}

/// Installs the bundled fonts into `ctx`.
pub fn install_fonts(ctx: &egui::Context) {
    ctx.set_fonts(font_definitions());
}

/// Pizhu's spacing: scroll bars take their own room beside the content instead of floating
/// over it, so they never cover the numbers at the right of a list.
pub fn install_style(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| style.spacing.scroll = egui::style::ScrollStyle::solid());
}

/// Light or dark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    /// Warm paper.
    #[default]
    Light,
    /// Soft dark.
    Dark,
}

impl Theme {
    /// The other theme.
    pub fn toggled(self) -> Self {
        match self {
            Self::Light => Self::Dark,
            Self::Dark => Self::Light,
        }
    }

    /// egui visuals for this theme.
    pub fn visuals(self) -> egui::Visuals {
        let mut visuals = match self {
            Self::Light => egui::Visuals::light(),
            Self::Dark => egui::Visuals::dark(),
        };
        let palette = self.palette();
        visuals.panel_fill = palette.panel;
        visuals.window_fill = palette.panel;
        visuals.extreme_bg_color = palette.page;
        visuals
    }

    /// Reading colours for this theme.
    pub fn palette(self) -> Palette {
        match self {
            Self::Light => Palette {
                page: Color32::from_rgb(0xFB, 0xF8, 0xF1),
                panel: Color32::from_rgb(0xF2, 0xEF, 0xE8),
                text: Color32::from_rgb(0x2A, 0x28, 0x25),
                dim: Color32::from_rgb(0xA5, 0xA0, 0x96),
                heading: Color32::from_rgb(0x1A, 0x18, 0x16),
                accent: Color32::from_rgb(0xB0, 0x3A, 0x2E),
                selection: Color32::from_rgba_unmultiplied(0x4A, 0x90, 0xE2, 0x55),
                lost: Color32::from_rgb(0xC0, 0x39, 0x2B),
                lost_background: Color32::from_rgb(0xF9, 0xDE, 0xDA),
            },
            Self::Dark => Palette {
                page: Color32::from_rgb(0x1D, 0x1E, 0x21),
                panel: Color32::from_rgb(0x26, 0x27, 0x2B),
                text: Color32::from_rgb(0xD8, 0xD4, 0xCC),
                dim: Color32::from_rgb(0x6E, 0x6C, 0x68),
                heading: Color32::from_rgb(0xEE, 0xEA, 0xE2),
                accent: Color32::from_rgb(0xE0, 0x7A, 0x5F),
                selection: Color32::from_rgba_unmultiplied(0x5A, 0x9B, 0xE8, 0x60),
                lost: Color32::from_rgb(0xFF, 0x8A, 0x7A),
                lost_background: Color32::from_rgb(0x5A, 0x2A, 0x26),
            },
        }
    }
}

/// The colours the reader paints with.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    /// Reader background.
    pub page: Color32,
    /// Side panels.
    pub panel: Color32,
    /// Body text.
    pub text: Color32,
    /// Boilerplate and secondary text.
    pub dim: Color32,
    /// Titles.
    pub heading: Color32,
    /// Accent (badges, active items).
    pub accent: Color32,
    /// Text selection.
    pub selection: Color32,
    /// Lost-character marker.
    pub lost: Color32,
    /// Lost-character marker background.
    pub lost_background: Color32,
}

/// Reading typography derived from the font size.
#[derive(Clone, Copy, Debug)]
pub struct Typography {
    /// Body font size in points.
    pub font_size: f32,
    /// Line height as a multiple of the font size.
    pub line_height: f32,
    /// Space after a paragraph, in points.
    pub paragraph_spacing: f32,
    /// The reading measure in ems (CJK chars per line).
    pub measure_ems: f32,
    /// Extra height above each line for the tags' labels (0 when labels are off).
    pub label_space: f32,
}

impl Typography {
    /// Typography for body text of `font_size` points.
    pub fn new(font_size: f32) -> Self {
        Self {
            font_size,
            line_height: 1.7,
            paragraph_spacing: font_size * 0.8,
            measure_ems: 38.0,
            label_space: 0.0,
        }
    }

    /// The same, with room above every line for span labels when `labels` is on.
    pub fn with_labels(mut self, labels: bool) -> Self {
        self.label_space = if labels {
            (self.label_size() * 1.25).round()
        } else {
            0.0
        };
        self
    }

    /// Size of the span labels' text: small, but never below a readable 10 points.
    pub fn label_size(&self) -> f32 {
        (self.font_size * 0.55).round().max(10.0)
    }

    /// Height of one line of body text (with the label room, when labels are on).
    pub fn row_height(&self) -> f32 {
        (self.font_size * self.line_height).round() + self.label_space
    }

    /// Width of the text column for a pane `available` points wide.
    pub fn column_width(&self, available: f32) -> f32 {
        (self.font_size * self.measure_ems)
            .min(available - 2.0 * self.font_size)
            .max(120.0)
    }

    /// The body font for `family`.
    pub fn body_font(&self, family: FontFamily) -> FontId {
        FontId::new(self.font_size, family)
    }
}

/// Font sizes the reader allows (Ctrl+± steps through them).
pub const FONT_SIZES: [f32; 9] = [14.0, 15.0, 16.0, 17.0, 18.0, 20.0, 22.0, 24.0, 28.0];

/// The default body font size.
pub const DEFAULT_FONT_SIZE: f32 = 18.0;

/// The next larger (`step` > 0) or smaller font size.
pub fn step_font_size(current: f32, step: i32) -> f32 {
    let index = FONT_SIZES
        .iter()
        .position(|s| *s >= current)
        .unwrap_or(FONT_SIZES.len() - 1) as i32;
    let next = (index + step).clamp(0, FONT_SIZES.len() as i32 - 1);
    FONT_SIZES[next as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_sizes_step_and_clamp() {
        assert_eq!(step_font_size(18.0, 1), 20.0);
        assert_eq!(step_font_size(18.0, -1), 17.0);
        assert_eq!(step_font_size(28.0, 1), 28.0);
        assert_eq!(step_font_size(14.0, -1), 14.0);
    }

    #[test]
    fn the_face_follows_the_script_the_reader_sees() {
        use {Script as S, ViewKind as V};
        let tc = traditional_family();
        let sc = FontFamily::Proportional;
        for (view, script, face) in [
            (V::Original, S::Traditional, &tc),
            (V::Clean, S::Traditional, &tc),
            (V::Simplified, S::Traditional, &sc),
            (V::Traditional, S::Traditional, &tc),
            (V::Original, S::Simplified, &sc),
            (V::Clean, S::Simplified, &sc),
            (V::Traditional, S::Simplified, &tc),
            (V::Simplified, S::Simplified, &sc),
            (V::Clean, S::Mixed, &sc),
            (V::Traditional, S::Mixed, &tc),
            (V::Simplified, S::Mixed, &sc),
        ] {
            assert_eq!(
                &reading_family(view, Some(script)),
                face,
                "{view:?} {script:?}"
            );
        }
        assert_eq!(reading_family(V::Clean, None), sc);
    }

    #[test]
    fn labels_add_room_above_every_line_only_when_on() {
        let plain = Typography::new(18.0);
        let labelled = Typography::new(18.0).with_labels(true);
        assert_eq!(plain.row_height(), 31.0);
        assert!(labelled.row_height() >= plain.row_height() + labelled.label_size());
        assert_eq!(Typography::new(18.0).with_labels(false).row_height(), 31.0);
    }

    #[test]
    fn cjk_faces_come_first() {
        let fonts = font_definitions();
        assert_eq!(fonts.families[&FontFamily::Proportional][0], SC);
        assert_eq!(fonts.families[&traditional_family()][0], TC);
        assert_eq!(fonts.font_data[SC].index, FACE_SC);
        assert_eq!(fonts.font_data[TC].index, FACE_TC);
    }
}
