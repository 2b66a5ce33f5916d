//! Views of an article: 原文 Original, 净文 Clean, 简 Simplified, 繁 Traditional.
//!
//! A [`View`] is a function of the Original text: its own text, an [`OffsetMap`] back to the
//! Original, and the spans the reader styles (boilerplate, lost characters), all in view chars.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::clean::{Cleaned, clean};
use super::convert::{Converter, Target};
use super::offsets::{Bias, OffsetMap};

/// Which view of an article.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ViewKind {
    /// 原文: the decoded file, unchanged.
    Original,
    /// 净文: crawl artefacts removed, boilerplate marked.
    #[default]
    Clean,
    /// 简: Clean converted to simplified characters.
    Simplified,
    /// 繁: Clean converted to traditional characters.
    Traditional,
}

impl ViewKind {
    /// Every view, in toolbar order.
    pub const ALL: [Self; 4] = [
        Self::Original,
        Self::Clean,
        Self::Simplified,
        Self::Traditional,
    ];

    /// The short label shown in the toolbar.
    pub fn label(self) -> &'static str {
        match self {
            Self::Original => "原文",
            Self::Clean => "净文",
            Self::Simplified => "简",
            Self::Traditional => "繁",
        }
    }

    /// The name used on the command line and in exports.
    pub fn name(self) -> &'static str {
        match self {
            Self::Original => "original",
            Self::Clean => "clean",
            Self::Simplified => "simplified",
            Self::Traditional => "traditional",
        }
    }

    /// The next view in toolbar order (what the T key does).
    pub fn next(self) -> Self {
        let i = Self::ALL.iter().position(|k| *k == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }

    /// The conversion this view applies after Clean, if any.
    pub fn target(self) -> Option<Target> {
        match self {
            Self::Simplified => Some(Target::Simplified),
            Self::Traditional => Some(Target::Traditional),
            Self::Original | Self::Clean => None,
        }
    }
}

impl std::fmt::Display for ViewKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for ViewKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s) || k.label() == s)
            .ok_or_else(|| {
                format!("unknown view {s:?}: use original, clean, simplified or traditional")
            })
    }
}

/// One view of an article's text.
#[derive(Clone, Debug)]
pub struct View {
    /// Which view this is.
    pub kind: ViewKind,
    /// The text shown.
    pub text: String,
    /// View ← Original, in chars.
    pub map: OffsetMap,
    /// Boilerplate lines in view chars, sorted (empty in the Original view).
    pub boilerplate: Vec<Range<usize>>,
    /// View char positions of U+FFFD that stand for characters the crawl lost.
    pub lost_chars: Vec<usize>,
}

impl View {
    /// Renders view `kind` of `original`.
    pub fn render(original: &str, kind: ViewKind) -> Self {
        if kind == ViewKind::Original {
            return Self::original(original);
        }
        Self::from_clean(&clean(original), kind)
    }

    /// The Original view: the text itself, identity map.
    pub fn original(original: &str) -> Self {
        Self {
            kind: ViewKind::Original,
            text: original.to_owned(),
            map: OffsetMap::identity(original.chars().count()),
            boilerplate: Vec::new(),
            lost_chars: Vec::new(),
        }
    }

    /// Renders a view that starts from the Clean text (Clean, Simplified or Traditional), reusing
    /// an already computed [`Cleaned`]. `kind` Original is not rendered from Clean: it gets Clean.
    pub fn from_clean(cleaned: &Cleaned, kind: ViewKind) -> Self {
        let clean_boilerplate = || {
            cleaned
                .boilerplate
                .iter()
                .map(|r| cleaned.map.view_range_from_original(r.clone()))
                .filter(|r| !r.is_empty())
                .collect::<Vec<_>>()
        };
        let Some(target) = kind.target() else {
            return Self {
                kind: ViewKind::Clean,
                text: cleaned.text.clone(),
                map: cleaned.map.clone(),
                boilerplate: clean_boilerplate(),
                lost_chars: cleaned.lost_chars.clone(),
            };
        };
        let converted = Converter::get(target).convert(&cleaned.text);
        let map = OffsetMap::compose(&cleaned.map, &converted.map);
        let boilerplate = clean_boilerplate()
            .into_iter()
            .map(|r| converted.map.view_range_from_original(r))
            .collect();
        let lost_chars = cleaned
            .lost_chars
            .iter()
            .map(|&p| converted.map.view_from_original(p, Bias::Before))
            .collect();
        Self {
            kind,
            text: converted.text,
            map,
            boilerplate,
            lost_chars,
        }
    }

    /// Splits the view into paragraphs (lines), in view chars and bytes. See [`Paragraph`].
    pub fn paragraphs(&self) -> Vec<Paragraph> {
        let mut paragraphs = Vec::new();
        let mut boilerplate = self.boilerplate.iter().peekable();
        let mut char_start = 0;
        let mut byte_start = 0;
        for line in self.text.split_inclusive('\n') {
            let content = line.strip_suffix('\n').unwrap_or(line);
            let content = content.strip_suffix('\r').unwrap_or(content);
            let mut chars = 0;
            let mut ems = 0.0;
            for c in content.chars() {
                chars += 1;
                ems += char_ems(c);
            }
            let range = char_start..char_start + chars;
            while boilerplate.next_if(|b| b.end <= range.start).is_some() {}
            let is_boilerplate = chars > 0
                && boilerplate
                    .peek()
                    .is_some_and(|b| b.start <= range.start && range.end <= b.end);
            paragraphs.push(Paragraph {
                chars: range,
                bytes: byte_start..byte_start + content.len(),
                boilerplate: is_boilerplate,
                ems,
            });
            char_start += line.chars().count();
            byte_start += line.len();
        }
        paragraphs
    }

    /// The view range that shows Original range `original`.
    pub fn view_range(&self, original: Range<usize>) -> Range<usize> {
        self.map.view_range_from_original(original)
    }

    /// The Original range a view selection stands for.
    pub fn original_range(&self, view: Range<usize>) -> Range<usize> {
        self.map.original_range_from_view(view)
    }
}

/// One line of a view's text, without its line terminator.
#[derive(Clone, Debug, PartialEq)]
pub struct Paragraph {
    /// View chars of the line's content.
    pub chars: Range<usize>,
    /// Byte range of the content in the view text (for slicing).
    pub bytes: Range<usize>,
    /// The whole line is boilerplate (dimmed or hidden by the reader).
    pub boilerplate: bool,
    /// Approximate width in ems (CJK chars count 1, narrow chars about half), for height
    /// estimates before the paragraph is laid out.
    pub ems: f32,
}

impl Paragraph {
    /// True for an empty line.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }
}

/// Approximate advance of `c` in ems: wide (CJK, fullwidth) chars 1, others about half.
fn char_ems(c: char) -> f32 {
    if c >= '\u{1100}' && unicode_width::UnicodeWidthChar::width(c) == Some(2) {
        1.0
    } else {
        0.55
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_kind_parses_names_and_labels() {
        assert_eq!("simplified".parse(), Ok(ViewKind::Simplified));
        assert_eq!("繁".parse(), Ok(ViewKind::Traditional));
        assert!("pinyin".parse::<ViewKind>().is_err());
        assert_eq!(ViewKind::Traditional.next(), ViewKind::Original);
    }

    #[test]
    fn paragraphs_split_lines_in_chars_and_bytes() {
        let view = View::render("標題\r\n\n第一段：調研。\nabc", ViewKind::Original);
        let paragraphs = view.paragraphs();
        let texts: Vec<&str> = paragraphs
            .iter()
            .map(|p| &view.text[p.bytes.clone()])
            .collect();
        assert_eq!(texts, ["標題", "", "第一段：調研。", "abc"]);
        assert_eq!(paragraphs[0].chars, 0..2);
        assert_eq!(paragraphs[2].chars, 5..12);
        assert_eq!(paragraphs[3].chars, 13..16);
        assert!(paragraphs[1].is_empty());
        assert_eq!(paragraphs[2].ems, 7.0);
    }

    #[test]
    fn original_view_is_identity() {
        let view = View::render("黃坤明\r\n調(diào)研", ViewKind::Original);
        assert_eq!(view.text, "黃坤明\r\n調(diào)研");
        assert!(view.map.is_identity());
        assert_eq!(view.original_range(0..3), 0..3);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Random text from pieces that exercise every view: traditional and simplified
        /// characters, crawl pinyin and lost characters, boilerplate, CRLF, emoji, Latin.
        fn arb_text() -> impl Strategy<Value = String> {
            let pieces = prop::sample::select(vec![
                "調",
                "研",
                "调",
                "發展",
                "发展",
                "黃坤明",
                "黄坤明",
                "(diào)",
                "(yán)",
                "?jī)",
                "(第一期)",
                "(WEF)",
                "微信",
                "\n",
                "\r\n",
                "请输入验证码\n",
                "。",
                "，",
                "a",
                " ",
                "😀",
                "〇",
                "乾隆",
                "後",
                "后",
            ]);
            prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
        }

        proptest! {
            #[test]
            fn every_view_maps_inside_the_original(text in arb_text()) {
                let chars = text.chars().count();
                for kind in ViewKind::ALL {
                    let view = View::render(&text, kind);
                    prop_assert_eq!(view.map.view_len(), view.text.chars().count(), "{:?}", kind);
                    prop_assert_eq!(view.map.original_len(), chars, "{:?}", kind);
                    let mut previous = 0;
                    for v in 0..=view.map.view_len() {
                        let o = view.map.original_from_view(v, Bias::Before);
                        prop_assert!(o <= chars && o >= previous, "{:?}: not monotone", kind);
                        previous = o;
                    }
                    for &lost in &view.lost_chars {
                        prop_assert_eq!(view.text.chars().nth(lost), Some('\u{FFFD}'));
                    }
                }
            }

            #[test]
            fn selections_round_trip_through_the_original(
                text in arb_text(),
                kind_index in 0usize..4,
                a in 0usize..200,
                b in 0usize..200,
            ) {
                let kind = ViewKind::ALL[kind_index];
                let view = View::render(&text, kind);
                let len = view.map.view_len();
                let selection = a.min(b).min(len)..a.max(b).min(len);
                let original = view.original_range(selection.clone());
                prop_assert!(original.end <= text.chars().count());
                // The same Original range, shown again, covers the selection (whole rewritten
                // blocks at most), and maps back to the same Original range.
                let shown = view.view_range(original.clone());
                if !original.is_empty() {
                    prop_assert!(shown.start <= selection.start && selection.end <= shown.end,
                        "{:?}: {:?} -> {:?} -> {:?}", kind, selection, original, shown);
                }
                prop_assert_eq!(view.original_range(shown), original.clone());
                // Through any other view the range settles after one trip (text that view
                // deletes at the edges drops out, rewritten blocks are taken whole) and stays.
                for other in ViewKind::ALL {
                    let other_view = View::render(&text, other);
                    let back = other_view.original_range(other_view.view_range(original.clone()));
                    let again = other_view.original_range(other_view.view_range(back.clone()));
                    prop_assert!(back.end <= text.chars().count());
                    prop_assert_eq!(&again, &back, "{:?} -> {:?}: {:?} is not stable", kind, other, original);
                }
            }
        }
    }
}
