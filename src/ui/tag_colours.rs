//! Tag colours that stay apart and readable: the colour a new tag gets, and a tag colour made
//! readable as text (the span labels).
//!
//! A new tag takes, from a perceptual palette (OKLCH hues at two lightnesses), the colour
//! farthest in OKLab from the tags it joins and from the plain highlight's yellow, among the
//! colours on which body text stays readable (WCAG contrast ≥ 4.5) when the reader paints them
//! as a highlight, in the light and in the dark theme. OKLab distance follows what the eye
//! sees, where RGB distance calls two greens far apart and a blue and a violet close.

use egui::Color32;

use super::theme::{HIGHLIGHT, Theme};

/// How strongly the reader paints a tag colour under the text, per theme (the alpha of the
/// colour over the page).
pub fn highlight_strength(theme: Theme) -> f32 {
    match theme {
        Theme::Light => 0.38,
        Theme::Dark => 0.45,
    }
}

/// WCAG's minimum contrast for body text.
const TEXT_CONTRAST: f32 = 4.5;

/// The colour for a new tag, given the colours of the tags already there.
pub fn next_colour(existing: &[[u8; 3]]) -> [u8; 3] {
    let mut taken: Vec<[f32; 3]> = existing.iter().map(|c| oklab(*c)).collect();
    taken.push(oklab(rgb(HIGHLIGHT)));
    let nearest = |candidate: &[f32; 3]| {
        taken
            .iter()
            .map(|t| distance(candidate, t))
            .fold(f32::INFINITY, f32::min)
    };
    let mut best: Option<([u8; 3], f32)> = None;
    for candidate in palette() {
        let gap = nearest(&oklab(candidate));
        if best.is_none_or(|(_, best_gap)| gap > best_gap) {
            best = Some((candidate, gap));
        }
    }
    best.map_or([0x8E, 0x6C, 0xC9], |(colour, _)| colour)
}

/// The candidates, in a fixed order: 24 hues 15° apart at two lightnesses, in sRGB gamut, that
/// keep body text readable as a highlight in both themes.
pub fn palette() -> Vec<[u8; 3]> {
    let mut colours = Vec::new();
    for lightness in [0.70, 0.60] {
        for step in 0..24 {
            let hue = step as f32 * 15.0 + 10.0;
            // The most chroma the gamut allows at this hue, up to a calm 0.15.
            let colour = [0.15, 0.12, 0.09, 0.06]
                .into_iter()
                .find_map(|chroma| rgb_from_oklch(lightness, chroma, hue));
            if let Some(colour) = colour
                && readable_as_highlight(colour)
            {
                colours.push(colour);
            }
        }
    }
    colours
}

/// Body text stays readable on `colour` painted as a highlight, in both themes.
pub fn readable_as_highlight(colour: [u8; 3]) -> bool {
    [Theme::Light, Theme::Dark].into_iter().all(|theme| {
        let palette = theme.palette();
        let background = blend(colour, highlight_strength(theme), rgb(palette.page));
        contrast(rgb(palette.text), background) >= TEXT_CONTRAST
    })
}

/// `colour` darkened (on a light background) or lightened (on a dark one) just enough to read
/// as small text on `background`.
pub fn readable_on(colour: Color32, background: Color32) -> Color32 {
    let (colour, background) = (rgb(colour), rgb(background));
    let towards = if luminance(background) > 0.5 {
        [0, 0, 0]
    } else {
        [255, 255, 255]
    };
    for step in 0..=20 {
        let mixed = blend(towards, step as f32 / 20.0, colour);
        if contrast(mixed, background) >= TEXT_CONTRAST {
            return Color32::from_rgb(mixed[0], mixed[1], mixed[2]);
        }
    }
    Color32::from_rgb(towards[0], towards[1], towards[2])
}

/// `top` at opacity `alpha` over `bottom` (in sRGB, as egui blends).
pub fn blend(top: [u8; 3], alpha: f32, bottom: [u8; 3]) -> [u8; 3] {
    let mix = |t: u8, b: u8| (t as f32 * alpha + b as f32 * (1.0 - alpha)).round() as u8;
    [
        mix(top[0], bottom[0]),
        mix(top[1], bottom[1]),
        mix(top[2], bottom[2]),
    ]
}

/// WCAG 2 contrast ratio of two colours (1 to 21).
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Euclidean distance in OKLab (about 0.02 is a just-noticeable difference).
pub fn distance(a: &[f32; 3], b: &[f32; 3]) -> f32 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

fn rgb(colour: Color32) -> [u8; 3] {
    [colour.r(), colour.g(), colour.b()]
}

/// WCAG relative luminance.
fn luminance(colour: [u8; 3]) -> f32 {
    let [r, g, b] = colour.map(to_linear);
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

fn to_linear(channel: u8) -> f32 {
    let c = channel as f32 / 255.0;
    if c <= 0.040_45 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// A linear channel back to sRGB, `None` outside the gamut.
fn from_linear(linear: f32) -> Option<u8> {
    if !(-1e-4..=1.0 + 1e-4).contains(&linear) {
        return None;
    }
    let linear = linear.clamp(0.0, 1.0);
    let c = if linear <= 0.003_130_8 {
        linear * 12.92
    } else {
        1.055 * linear.powf(1.0 / 2.4) - 0.055
    };
    Some((c * 255.0).round() as u8)
}

/// sRGB to OKLab (Björn Ottosson's matrices).
pub fn oklab(colour: [u8; 3]) -> [f32; 3] {
    let [r, g, b] = colour.map(to_linear);
    let l = 0.412_221_46 * r + 0.536_332_55 * g + 0.051_445_995 * b;
    let m = 0.211_903_5 * r + 0.680_699_5 * g + 0.107_396_96 * b;
    let s = 0.088_302_46 * r + 0.281_718_85 * g + 0.629_978_7 * b;
    let (l, m, s) = (l.cbrt(), m.cbrt(), s.cbrt());
    [
        0.210_454_26 * l + 0.793_617_8 * m - 0.004_072_047 * s,
        1.977_998_5 * l - 2.428_592_2 * m + 0.450_593_7 * s,
        0.025_904_037 * l + 0.782_771_77 * m - 0.808_675_77 * s,
    ]
}

/// OKLCH (hue in degrees) to sRGB, `None` outside the gamut.
fn rgb_from_oklch(lightness: f32, chroma: f32, hue: f32) -> Option<[u8; 3]> {
    let (a, b) = (
        chroma * hue.to_radians().cos(),
        chroma * hue.to_radians().sin(),
    );
    let l = (lightness + 0.396_337_78 * a + 0.215_803_76 * b).powi(3);
    let m = (lightness - 0.105_561_346 * a - 0.063_854_17 * b).powi(3);
    let s = (lightness - 0.089_484_18 * a - 1.291_485_5 * b).powi(3);
    Some([
        from_linear(4.076_741_7 * l - 3.307_711_6 * m + 0.230_969_94 * s)?,
        from_linear(-1.268_438 * l + 2.609_757_4 * m - 0.341_319_38 * s)?,
        from_linear(-0.004_196_086_3 * l - 0.703_418_6 * m + 1.707_614_7 * s)?,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::TagSet;

    fn defaults() -> Vec<[u8; 3]> {
        TagSet::default().tags().iter().map(|t| t.colour).collect()
    }

    #[test]
    fn oklab_round_trips_and_orders_lightness() {
        let white = oklab([255, 255, 255]);
        assert!((white[0] - 1.0).abs() < 1e-3 && white[1].abs() < 1e-3);
        assert!(oklab([0, 0, 0])[0].abs() < 1e-3);
        let teal = oklab([0x3A, 0xA6, 0x9B]);
        let chroma = (teal[1].powi(2) + teal[2].powi(2)).sqrt();
        let hue = teal[2].atan2(teal[1]).to_degrees();
        let back = rgb_from_oklch(teal[0], chroma, hue).expect("in gamut");
        for (a, b) in back.iter().zip([0x3A, 0xA6, 0x9B]) {
            assert!(a.abs_diff(b) <= 1, "{back:?}");
        }
    }

    #[test]
    fn contrast_matches_wcag() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 0.01);
        assert!((contrast([0x77, 0x77, 0x77], [255, 255, 255]) - 4.48).abs() < 0.02);
    }

    #[test]
    fn the_palette_keeps_text_readable_in_both_themes() {
        let palette = palette();
        assert!(palette.len() >= 24, "{}", palette.len());
        for colour in &palette {
            assert!(readable_as_highlight(*colour), "{colour:?}");
        }
    }

    #[test]
    fn new_tags_stay_far_from_the_existing_ones() {
        let mut tags = defaults();
        let mut gaps = Vec::new();
        for _ in 0..6 {
            let colour = next_colour(&tags);
            assert!(readable_as_highlight(colour), "{colour:?}");
            let gap = tags
                .iter()
                .chain(std::iter::once(&rgb(HIGHLIGHT)))
                .map(|t| distance(&oklab(colour), &oklab(*t)))
                .fold(f32::INFINITY, f32::min);
            gaps.push(gap);
            tags.push(colour);
        }
        // Clearly apart from all seven defaults (0.02 is barely noticeable), and never a
        // repeat of a colour already in the set.
        assert!(gaps[0] >= 0.08, "{gaps:?}");
        assert!(gaps.iter().all(|g| *g >= 0.04), "{gaps:?}");
        // The old fixed rotation's first colour was much closer to a default than this.
        let old_first = oklab([0x8E, 0x6C, 0xC9]);
        let old_gap = defaults()
            .iter()
            .map(|t| distance(&old_first, &oklab(*t)))
            .fold(f32::INFINITY, f32::min);
        assert!(gaps[0] > old_gap, "{} vs {old_gap}", gaps[0]);
    }

    #[test]
    fn labels_are_readable_on_both_pages() {
        let yellow = HIGHLIGHT;
        for theme in [Theme::Light, Theme::Dark] {
            let page = theme.palette().page;
            for colour in defaults().into_iter().chain([rgb(yellow)]) {
                let label = readable_on(Color32::from_rgb(colour[0], colour[1], colour[2]), page);
                assert!(
                    contrast(rgb(label), rgb(page)) >= TEXT_CONTRAST,
                    "{colour:?} {theme:?}"
                );
            }
        }
    }
}
