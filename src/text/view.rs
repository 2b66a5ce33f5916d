//! Views of an article: 原文 Original, 净文 Clean, 简 Simplified, 繁 Traditional.
//!
//! A [`View`] is a function of the Original text: its own text, an [`OffsetMap`] back to the
//! Original, and the spans the reader styles (boilerplate, appended related articles, lost
//! characters), all in view chars. The 净文 view and the two converted from it are made with
//! [`CleanOptions`] (full-width punctuation on by default).
//!
//! The 简 and 繁 views convert Clean with the converters of a [`ViewConverters`]: the 繁 view's
//! variant ([`TraditionalVariant`]: OpenCC 繁體, 臺灣正體, 臺灣正體+用語, 香港繁體), the 简 view's
//! source ([`SimplifiedSource`]: auto, 臺灣, 臺灣+用語, 香港), and a corpus's user phrases.
//! The defaults (OpenCC `s2t` / `t2s`, no phrases) are what [`View::render`] uses.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::clean::{CleanOptions, Cleaned, clean_with};
use super::convert::{
    Ambiguity, Converted, Converter, OpenccConfig, PhraseIssue, Target, UserPhrase,
    check_user_phrases,
};
use super::offsets::{Bias, OffsetMap};

/// Which view of an article.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ViewKind {
    /// 原文: the decoded file, unchanged.
    Original,
    /// 净文: crawl artefacts removed, full-width punctuation restored, boilerplate marked.
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

/// The 繁 view's variant: which traditional standard Clean is converted to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TraditionalVariant {
    /// 繁體 (OpenCC): OpenCC's own standard, `s2t` (`为` → `爲`, `了解` → `瞭解`).
    #[default]
    Opencc,
    /// 臺灣正體: Taiwan's standard characters, `s2tw` (`为` → `為`), words unchanged.
    Taiwan,
    /// 臺灣正體+用語: Taiwan's characters and vocabulary, `s2twp` (`软件` → `軟體`,
    /// `博客` → `部落格`; lengths change, the offset map keeps selections exact).
    TaiwanPhrases,
    /// 香港繁體: Hong Kong's variant characters, `s2hk` (`着` stays, `为` → `為`).
    HongKong,
}

impl TraditionalVariant {
    /// Every variant, in menu order.
    pub const ALL: [Self; 4] = [
        Self::Opencc,
        Self::Taiwan,
        Self::TaiwanPhrases,
        Self::HongKong,
    ];

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Opencc => "繁體 (OpenCC)",
            Self::Taiwan => "臺灣正體",
            Self::TaiwanPhrases => "臺灣正體+用語",
            Self::HongKong => "香港繁體",
        }
    }

    /// The OpenCC config that renders it.
    pub fn config(self) -> OpenccConfig {
        match self {
            Self::Opencc => OpenccConfig::S2t,
            Self::Taiwan => OpenccConfig::S2tw,
            Self::TaiwanPhrases => OpenccConfig::S2twp,
            Self::HongKong => OpenccConfig::S2hk,
        }
    }
}

/// The 简 view's source setting: which traditional standard the text is read as.
///
/// `Auto` is OpenCC's `t2s`, whose dictionaries map every traditional variant it knows (Taiwan's
/// and Hong Kong's included) to simplified, so it suits mixed and unknown sources. `Taiwan`
/// (`tw2s`) and `HongKong` (`hk2s`) first map that region's variant characters to OpenCC's
/// standard in context, which fixes the few characters `t2s` alone reads differently; both keep
/// the author's words. `TaiwanPhrases` (`tw2sp`) also replaces Taiwan vocabulary by mainland
/// words (`軟體` → `软件`, `部落格` → `博客`): it reads more naturally to a mainland reader but
/// no longer shows the author's words, so it is a choice, not the Taiwan default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SimplifiedSource {
    /// 自动: any traditional text, OpenCC `t2s`.
    #[default]
    Auto,
    /// 臺灣: Taiwan standard characters, `tw2s`.
    Taiwan,
    /// 臺灣+用語: Taiwan characters and vocabulary, `tw2sp`.
    TaiwanPhrases,
    /// 香港: Hong Kong variant characters, `hk2s`.
    HongKong,
}

impl SimplifiedSource {
    /// Every source, in menu order.
    pub const ALL: [Self; 4] = [
        Self::Auto,
        Self::Taiwan,
        Self::TaiwanPhrases,
        Self::HongKong,
    ];

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Auto => "自动",
            Self::Taiwan => "臺灣",
            Self::TaiwanPhrases => "臺灣+用語",
            Self::HongKong => "香港",
        }
    }

    /// The OpenCC config that renders it.
    pub fn config(self) -> OpenccConfig {
        match self {
            Self::Auto => OpenccConfig::T2s,
            Self::Taiwan => OpenccConfig::Tw2s,
            Self::TaiwanPhrases => OpenccConfig::Tw2sp,
            Self::HongKong => OpenccConfig::Hk2s,
        }
    }
}

/// The script settings of the 简 and 繁 views (a window setting; defaults are OpenCC's
/// `t2s` and `s2t`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ScriptOptions {
    /// The 繁 view's variant.
    pub traditional: TraditionalVariant,
    /// The 简 view's source.
    pub simplified_source: SimplifiedSource,
}

impl ScriptOptions {
    /// The config view `kind` converts with (`None` for 原文 and 净文).
    pub fn config(self, kind: ViewKind) -> Option<OpenccConfig> {
        match kind.target()? {
            Target::Simplified => Some(self.simplified_source.config()),
            Target::Traditional => Some(self.traditional.config()),
        }
    }
}

/// The converters of the 简 and 繁 views: the [`ScriptOptions`] and, for a corpus, its user
/// phrases. Cheap to clone and to compare.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewConverters {
    /// The 简 view's.
    pub simplified: Converter,
    /// The 繁 view's.
    pub traditional: Converter,
}

impl Default for ViewConverters {
    /// OpenCC `t2s` and `s2t`, no user phrases (today's views).
    fn default() -> Self {
        Self::new(ScriptOptions::default())
    }
}

impl ViewConverters {
    /// The shared converters of `options`, without user phrases. Instant; the dictionaries are
    /// built on first use (or by [`warm_up`](Self::warm_up)).
    pub fn new(options: ScriptOptions) -> Self {
        Self {
            simplified: Converter::of(options.simplified_source.config()).clone(),
            traditional: Converter::of(options.traditional.config()).clone(),
        }
    }

    /// The converters of `options` with a corpus's user phrases, and the problems of the phrases
    /// skipped (for the settings window). Builds the dictionaries now if needed (up to ~100 ms
    /// the first time; then ~0.5 ms for 100 phrases, ~25 ms for 10 000): call it on a
    /// worker thread when a corpus opens, when the options change, or when a phrase is added.
    pub fn with_user_phrases(
        options: ScriptOptions,
        phrases: &[UserPhrase],
    ) -> (Self, Vec<PhraseIssue>) {
        let (simplified, _) =
            Converter::with_user_phrases(options.simplified_source.config(), phrases);
        let (traditional, _) = Converter::with_user_phrases(options.traditional.config(), phrases);
        (
            Self {
                simplified,
                traditional,
            },
            check_user_phrases(phrases),
        )
    }

    /// The converter of view `kind` (`None` for 原文 and 净文).
    pub fn get(&self, kind: ViewKind) -> Option<&Converter> {
        match kind.target()? {
            Target::Simplified => Some(&self.simplified),
            Target::Traditional => Some(&self.traditional),
        }
    }

    /// Builds both converters' dictionaries (call from a worker thread).
    pub fn warm_up(&self) {
        self.simplified.warm_up();
        self.traditional.warm_up();
    }

    /// True when both are built, so rendering a view will not wait for dictionaries.
    pub fn is_ready(&self) -> bool {
        self.simplified.is_ready() && self.traditional.is_ready()
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
    /// Lines of appended related articles in view chars, sorted, disjoint from `boilerplate`
    /// (empty in the Original view).
    pub appended: Vec<Range<usize>>,
    /// View char positions of U+FFFD that stand for characters the crawl lost.
    pub lost_chars: Vec<usize>,
}

impl View {
    /// Renders view `kind` of `original` with OpenCC's default configs (`t2s`, `s2t`).
    pub fn render(original: &str, kind: ViewKind) -> Self {
        Self::render_with(original, kind, &ViewConverters::default())
    }

    /// Renders view `kind` of `original`, converting with `converters` (default
    /// [`CleanOptions`]).
    pub fn render_with(original: &str, kind: ViewKind, converters: &ViewConverters) -> Self {
        Self::render_with_options(original, kind, converters, &CleanOptions::default())
    }

    /// Renders view `kind` of `original`, cleaning with `clean_options` and converting with
    /// `converters`.
    pub fn render_with_options(
        original: &str,
        kind: ViewKind,
        converters: &ViewConverters,
        clean_options: &CleanOptions,
    ) -> Self {
        if kind == ViewKind::Original {
            return Self::original(original);
        }
        Self::from_clean_with(&clean_with(original, clean_options), kind, converters)
    }

    /// The Original view: the text itself, identity map.
    pub fn original(original: &str) -> Self {
        Self {
            kind: ViewKind::Original,
            text: original.to_owned(),
            map: OffsetMap::identity(original.chars().count()),
            boilerplate: Vec::new(),
            appended: Vec::new(),
            lost_chars: Vec::new(),
        }
    }

    /// Renders a view that starts from the Clean text (Clean, Simplified or Traditional), reusing
    /// an already computed [`Cleaned`], with OpenCC's default configs. `kind` Original is not
    /// rendered from Clean: it gets Clean.
    pub fn from_clean(cleaned: &Cleaned, kind: ViewKind) -> Self {
        Self::from_clean_with(cleaned, kind, &ViewConverters::default())
    }

    /// [`from_clean`](Self::from_clean), converting with `converters`.
    pub fn from_clean_with(cleaned: &Cleaned, kind: ViewKind, converters: &ViewConverters) -> Self {
        match converters.get(kind) {
            None => Self::clean_view(cleaned),
            Some(converter) => Self::converted(cleaned, kind, converter.convert(&cleaned.text)),
        }
    }

    /// [`from_clean_with`](Self::from_clean_with), and the conversions that had a choice
    /// ([`Ambiguity`]): `view` in chars of this view, `original` in chars of the article's
    /// Original. Empty for 原文 and 净文. About twice the cost of rendering the view: compute it
    /// only while the reader shows the marks.
    pub fn from_clean_inspect(
        cleaned: &Cleaned,
        kind: ViewKind,
        converters: &ViewConverters,
    ) -> (Self, Vec<Ambiguity>) {
        let Some(converter) = converters.get(kind) else {
            return (Self::clean_view(cleaned), Vec::new());
        };
        let (converted, mut ambiguities) = converter.convert_inspect(&cleaned.text);
        for ambiguity in &mut ambiguities {
            ambiguity.original = cleaned
                .map
                .original_range_from_view(ambiguity.original.clone());
        }
        (Self::converted(cleaned, kind, converted), ambiguities)
    }

    /// Marked lines (Original chars) as Clean-view ranges.
    fn clean_lines(cleaned: &Cleaned, lines: &[Range<usize>]) -> Vec<Range<usize>> {
        lines
            .iter()
            .map(|r| cleaned.map.view_range_from_original(r.clone()))
            .filter(|r| !r.is_empty())
            .collect()
    }

    fn clean_view(cleaned: &Cleaned) -> Self {
        Self {
            kind: ViewKind::Clean,
            text: cleaned.text.clone(),
            map: cleaned.map.clone(),
            boilerplate: Self::clean_lines(cleaned, &cleaned.boilerplate),
            appended: Self::clean_lines(cleaned, &cleaned.appended),
            lost_chars: cleaned.lost_chars.clone(),
        }
    }

    /// The view of Clean converted: maps and spans carried through the conversion.
    fn converted(cleaned: &Cleaned, kind: ViewKind, converted: Converted) -> Self {
        let map = OffsetMap::compose(&cleaned.map, &converted.map);
        let through = |lines: &[Range<usize>]| -> Vec<Range<usize>> {
            Self::clean_lines(cleaned, lines)
                .into_iter()
                .map(|r| converted.map.view_range_from_original(r))
                .collect()
        };
        let boilerplate = through(&cleaned.boilerplate);
        let appended = through(&cleaned.appended);
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
            appended,
            lost_chars,
        }
    }

    /// The Original range a user phrase for `ambiguity` should cover by default: the ambiguous
    /// text with the letter or ideograph on each side (`头发干` around `发`), so the fix applies
    /// where that context recurs rather than to every such character. A window with word
    /// boundaries (a dictionary's segmentation) may pass the word instead to
    /// [`user_phrase_for_choice`](Self::user_phrase_for_choice).
    pub fn ambiguity_context(&self, ambiguity: &Ambiguity) -> Range<usize> {
        let chars: Vec<char> = self.text.chars().collect();
        let is_word = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
        let mut view = ambiguity.view.clone();
        if view.start > 0 && is_word(view.start - 1) {
            view.start -= 1;
        }
        if is_word(view.end) {
            view.end += 1;
        }
        self.original_range(view)
    }

    /// The user phrase that makes this (converted) view show `candidate` instead of
    /// `ambiguity.chosen`, for the Clean text of `context` (Original chars, covering the
    /// ambiguity: [`ambiguity_context`](Self::ambiguity_context) or a word). `from` is that
    /// Clean text, `to` this view's text there with the choice replaced. `None` when the context
    /// does not cover the ambiguity, crosses a line, or the view is not converted.
    pub fn user_phrase_for_choice(
        &self,
        cleaned: &Cleaned,
        ambiguity: &Ambiguity,
        candidate: &str,
        context: Range<usize>,
        scope: super::convert::PhraseScope,
    ) -> Option<UserPhrase> {
        self.kind.target()?;
        if context.start > ambiguity.original.start || context.end < ambiguity.original.end {
            return None;
        }
        let clean = cleaned.map.view_range_from_original(context.clone());
        let view = self.view_range(context);
        if view.start > ambiguity.view.start || view.end < ambiguity.view.end {
            return None;
        }
        let from: String = cleaned
            .text
            .chars()
            .skip(clean.start)
            .take(clean.len())
            .collect();
        let shown: Vec<char> = self
            .text
            .chars()
            .skip(view.start)
            .take(view.len())
            .collect();
        let before: String = shown[..ambiguity.view.start - view.start].iter().collect();
        let after: String = shown[ambiguity.view.end - view.start..].iter().collect();
        let phrase = UserPhrase::new(from, format!("{before}{candidate}{after}"), scope);
        check_user_phrases(std::slice::from_ref(&phrase))
            .is_empty()
            .then_some(phrase)
    }

    /// Splits the view into paragraphs (lines), in view chars and bytes. See [`Paragraph`].
    pub fn paragraphs(&self) -> Vec<Paragraph> {
        let mut paragraphs = Vec::new();
        let mut boilerplate = self.boilerplate.iter().peekable();
        let mut appended = self.appended.iter().peekable();
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
            let covers = |lines: &mut std::iter::Peekable<std::slice::Iter<'_, Range<usize>>>| {
                while lines.next_if(|b| b.end <= range.start).is_some() {}
                chars > 0
                    && lines
                        .peek()
                        .is_some_and(|b| b.start <= range.start && range.end <= b.end)
            };
            let is_boilerplate = covers(&mut boilerplate);
            let is_appended = covers(&mut appended);
            paragraphs.push(Paragraph {
                chars: range,
                bytes: byte_start..byte_start + content.len(),
                boilerplate: is_boilerplate || is_appended,
                appended: is_appended,
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
    /// The whole line is dimmed, or hidden when boilerplate is hidden: page chrome, or an
    /// appended related article (then `appended` is true too).
    pub boilerplate: bool,
    /// The whole line belongs to the related articles appended after the article (`相关稿件:`
    /// …), a kind of its own for the reader to style; `boilerplate` is true as well.
    pub appended: bool,
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
    use crate::text::clean::clean;

    /// Seed 000's 18 appended lines are appended paragraphs in every view but 原文, dimmed
    /// (and hidden) with boilerplate, on the same text.
    #[test]
    fn appended_paragraphs_in_every_view() {
        let original = include_str!("../../seeds/000_aee7d7dda944679f.txt");
        let appended_lines: Vec<usize> = (8..=18).chain(20..=26).collect();
        for kind in ViewKind::ALL {
            let view = View::render(original, kind);
            let paragraphs = view.paragraphs();
            let appended: Vec<usize> = paragraphs
                .iter()
                .enumerate()
                .filter(|(_, p)| p.appended)
                .map(|(i, _)| i + 1)
                .collect();
            if kind == ViewKind::Original {
                assert!(appended.is_empty() && view.appended.is_empty());
                continue;
            }
            assert_eq!(appended, appended_lines, "{kind:?}");
            assert!(paragraphs.iter().all(|p| !p.appended || p.boilerplate));
            assert_eq!(view.appended.len(), 18);
            // Appended and boilerplate spans never overlap.
            for a in &view.appended {
                assert!(
                    view.boilerplate
                        .iter()
                        .all(|b| b.end <= a.start || a.end <= b.start)
                );
            }
            // The spans cover the same Original text in every view.
            let originals: Vec<_> = view
                .appended
                .iter()
                .map(|r| view.map.original_range_from_view(r.clone()))
                .collect();
            let clean = View::render(original, ViewKind::Clean);
            let expected: Vec<_> = clean
                .appended
                .iter()
                .map(|r| clean.map.original_range_from_view(r.clone()))
                .collect();
            assert_eq!(originals, expected, "{kind:?}");
        }
    }

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

    #[test]
    fn default_converters_are_opencc_s2t_and_t2s() {
        let converters = ViewConverters::default();
        assert_eq!(converters.simplified.config(), OpenccConfig::T2s);
        assert_eq!(converters.traditional.config(), OpenccConfig::S2t);
        assert!(converters.get(ViewKind::Clean).is_none());
        let text = "为了了解台湾的软件，他发现头发干了。";
        for kind in ViewKind::ALL {
            let a = View::render(text, kind);
            let b = View::render_with(text, kind, &ViewConverters::new(ScriptOptions::default()));
            assert_eq!((a.text, a.map), (b.text, b.map));
        }
    }

    #[test]
    fn variants_and_sources_pick_their_configs() {
        let configs: Vec<&str> = TraditionalVariant::ALL
            .iter()
            .map(|v| v.config().name())
            .chain(SimplifiedSource::ALL.iter().map(|s| s.config().name()))
            .collect();
        assert_eq!(
            configs,
            [
                "s2t", "s2tw", "s2twp", "s2hk", "t2s", "tw2s", "tw2sp", "hk2s"
            ]
        );
        let text = "为了了解台湾的软件和博客";
        let traditional: Vec<String> = TraditionalVariant::ALL
            .iter()
            .map(|&traditional| {
                let options = ScriptOptions {
                    traditional,
                    ..ScriptOptions::default()
                };
                View::render_with(text, ViewKind::Traditional, &ViewConverters::new(options)).text
            })
            .collect();
        assert_eq!(
            traditional,
            [
                "爲了瞭解臺灣的軟件和博客",
                "為了瞭解臺灣的軟件和博客",
                "為了瞭解臺灣的軟體和部落格",
                "為了瞭解台灣的軟件和博客",
            ]
        );
        // The Taiwan vocabulary view is longer; a selection of 部落格 is the Original's 博客.
        let options = ScriptOptions {
            traditional: TraditionalVariant::TaiwanPhrases,
            simplified_source: SimplifiedSource::TaiwanPhrases,
        };
        let converters = ViewConverters::new(options);
        let view = View::render_with(text, ViewKind::Traditional, &converters);
        assert_eq!(view.original_range(10..13), 10..12);
        let back = View::render_with(&view.text, ViewKind::Simplified, &converters);
        assert_eq!(back.text, "为了了解台湾的软件和博客");
        assert_eq!(
            options.config(ViewKind::Simplified),
            Some(OpenccConfig::Tw2sp)
        );
        assert_eq!(options.config(ViewKind::Clean), None);
        // Settings written before these fields existed still load.
        let options: ScriptOptions = ron::from_str("()").expect("defaults");
        assert_eq!(options, ScriptOptions::default());
        let labels: Vec<&str> = TraditionalVariant::ALL.iter().map(|v| v.label()).collect();
        assert_eq!(
            labels,
            ["繁體 (OpenCC)", "臺灣正體", "臺灣正體+用語", "香港繁體"]
        );
    }

    #[test]
    fn inspected_views_report_ambiguities_in_original_chars() {
        let original = "头(tóu)发干，皮肤干";
        let cleaned = clean(original);
        assert_eq!(cleaned.text, "头发干，皮肤干");
        let converters = ViewConverters::default();
        let (view, ambiguities) =
            View::from_clean_inspect(&cleaned, ViewKind::Traditional, &converters);
        assert_eq!(view.text, "頭髮幹，皮膚幹");
        assert_eq!(
            view.map,
            View::from_clean(&cleaned, ViewKind::Traditional).map
        );
        let ranges: Vec<_> = ambiguities
            .iter()
            .map(|a| (a.view.clone(), a.original.clone()))
            .collect();
        assert_eq!(ranges, [(2..3, 7..8), (6..7, 11..12)]);
        assert_eq!(view.original_range(2..3), 7..8);
        assert!(
            View::from_clean_inspect(&cleaned, ViewKind::Clean, &converters)
                .1
                .is_empty()
        );
        // A user phrase decides: no mark there.
        let (with_phrase, issues) = ViewConverters::with_user_phrases(
            ScriptOptions::default(),
            &[UserPhrase::new(
                "发干",
                "髮乾",
                super::super::convert::PhraseScope::Traditional,
            )],
        );
        assert!(issues.is_empty());
        let (view, ambiguities) =
            View::from_clean_inspect(&cleaned, ViewKind::Traditional, &with_phrase);
        assert_eq!(view.text, "頭髮乾，皮膚幹");
        assert_eq!(ambiguities.len(), 1);
        assert_eq!(ambiguities[0].original, 11..12);
    }

    #[test]
    fn choosing_a_candidate_makes_a_user_phrase() {
        use crate::text::convert::PhraseScope;
        let original = "头(tóu)发干，皮肤干";
        let cleaned = clean(original);
        let converters = ViewConverters::default();
        let (view, ambiguities) =
            View::from_clean_inspect(&cleaned, ViewKind::Traditional, &converters);
        let first = &ambiguities[0];
        assert_eq!(first.candidates, ["幹", "乾", "干", "榦"]);
        // The default context is 干 with its neighbours: 发干 (the comma is not a word char).
        let context = view.ambiguity_context(first);
        assert_eq!(context, 6..8);
        let phrase = view
            .user_phrase_for_choice(&cleaned, first, "乾", context, PhraseScope::Traditional)
            .expect("a phrase");
        assert_eq!(
            phrase,
            UserPhrase::new("发干", "髮乾", PhraseScope::Traditional)
        );
        // With it, the view shows the choice and no longer marks it; the other 干 stays marked.
        let (fixed, _) = ViewConverters::with_user_phrases(ScriptOptions::default(), &[phrase]);
        let (view, ambiguities) = View::from_clean_inspect(&cleaned, ViewKind::Traditional, &fixed);
        assert_eq!(view.text, "頭髮乾，皮膚幹");
        assert_eq!(ambiguities.len(), 1);
        assert_eq!(ambiguities[0].view, 6..7);
        // A context that misses the ambiguity, or a view that is not converted: none.
        let second = &ambiguities[0];
        assert!(
            view.user_phrase_for_choice(&cleaned, second, "乾", 0..2, PhraseScope::Traditional)
                .is_none()
        );
        let clean_view = View::from_clean(&cleaned, ViewKind::Clean);
        assert!(
            clean_view
                .user_phrase_for_choice(&cleaned, second, "乾", 0..12, PhraseScope::Traditional)
                .is_none()
        );
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
            fn every_variant_maps_inside_the_original(
                text in arb_text(),
                traditional in 0usize..4,
                source in 0usize..4,
                with_phrases: bool,
                a in 0usize..200,
                b in 0usize..200,
            ) {
                use crate::text::convert::PhraseScope;
                let options = ScriptOptions {
                    traditional: TraditionalVariant::ALL[traditional],
                    simplified_source: SimplifiedSource::ALL[source],
                };
                let phrases = if with_phrases {
                    vec![
                        UserPhrase::new("发展", "發展！", PhraseScope::Traditional),
                        UserPhrase::new("黄坤明", "黃坤明", PhraseScope::Traditional),
                        UserPhrase::new("發展", "发展", PhraseScope::Simplified),
                        UserPhrase::new("乾", "乾", PhraseScope::Simplified),
                    ]
                } else {
                    Vec::new()
                };
                let (converters, _) = ViewConverters::with_user_phrases(options, &phrases);
                let chars = text.chars().count();
                let cleaned = clean(&text);
                for kind in [ViewKind::Simplified, ViewKind::Traditional] {
                    let view = View::from_clean_with(&cleaned, kind, &converters);
                    prop_assert_eq!(view.map.view_len(), view.text.chars().count());
                    prop_assert_eq!(view.map.original_len(), chars);
                    if !with_phrases {
                        let config = options.config(kind).expect("a converted view");
                        prop_assert_eq!(&view.text, &crate::text::convert::Converter::of(config).convert(&cleaned.text).text);
                    }
                    let mut previous = 0;
                    for v in 0..=view.map.view_len() {
                        let o = view.map.original_from_view(v, Bias::Before);
                        prop_assert!(o <= chars && o >= previous, "{:?}: not monotone", kind);
                        previous = o;
                    }
                    for &lost in &view.lost_chars {
                        prop_assert_eq!(view.text.chars().nth(lost), Some('\u{FFFD}'));
                    }
                    for range in &view.boilerplate {
                        prop_assert!(range.start <= range.end && range.end <= view.map.view_len());
                    }
                    let len = view.map.view_len();
                    let selection = a.min(b).min(len)..a.max(b).min(len);
                    let original = view.original_range(selection.clone());
                    prop_assert!(original.end <= chars);
                    let shown = view.view_range(original.clone());
                    if !original.is_empty() {
                        prop_assert!(shown.start <= selection.start && selection.end <= shown.end);
                    }
                    prop_assert_eq!(view.original_range(shown), original);
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
