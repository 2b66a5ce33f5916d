//! The Clean view (净文): removes crawl artefacts (inline pinyin, lost characters) and marks
//! boilerplate lines. Offsets: chars of the Original in, chars of the Clean view out; boilerplate
//! ranges are Original chars.
//!
//! Some crawlers append the pinyin of every character they converted: `調(diào)研`. Clean removes
//! such a `(syllable)` when it directly follows a Han character, and shows each `?syllable)` as
//! one U+FFFD: there a broken multibyte sequence swallowed the character and its `(`, so one
//! character is lost (`存量?jī)?yōu)勢` → `存量��勢`). A *syllable* is exactly one tone-marked
//! Hanyu Pinyin syllable from the standard inventory, so `(WEF)`, `(café)`, `选项(a)`, `(qū qu)`
//! and fullwidth `（diào）` stay.
//!
//! Boilerplate lines (share buttons, breadcrumbs, credits, …) and appended related articles are
//! recognised in [`super::boilerplate`]; this file feeds it each cleaned line and assembles the
//! [`Cleaned`] result: text, map, counts and the marked lines.
//!
//! Last, unless [`CleanOptions::full_width_punctuation`] is off, the punctuation the crawl
//! flattened to ASCII is restored between Chinese characters (`召开:全力以赴` → `召开：全力以赴`,
//! rule in [`super::punctuation`]). That rewrites one char into one char, so the map is the map
//! of the artefacts alone: a restored `，` maps to its Original `,` char for char.
//!
//! The work is one pass over the lines: `memchr` finds `)` and `\n`, and a line without `)` is
//! copied whole; then one pass for the punctuation over the lines that have some.
//!
//! ```
//! use pizhu::text::clean::clean;
//! let cleaned = clean("何黨生調(diào)研工業(yè)項(xiàng)目\n請(qǐng)輸入驗(yàn)證碼");
//! assert_eq!(cleaned.text, "何黨生調研工業項目\n請輸入驗證碼");
//! assert_eq!(cleaned.artefacts_removed, 5);
//! // The captcha line, in Original chars (pinyin included).
//! assert_eq!(cleaned.boilerplate, vec![27..44]);
//! // "研" in the view is Original char 10, after the removed "(diào)".
//! assert_eq!(cleaned.map.original_range_from_view(4..5), 10..11);
//!
//! // Punctuation between Chinese characters is restored, one char for one.
//! let cleaned = clean("調(diào)研,發(fā)展");
//! assert_eq!(cleaned.text, "調研，發展");
//! assert_eq!(cleaned.map.original_range_from_view(2..3), 8..9); // `，` is the Original `,`
//! ```

use std::ops::Range;

use memchr::memchr;

use serde::{Deserialize, Serialize};

use super::boilerplate::BoilerplateTracker;
use super::offsets::{OffsetMap, OffsetMapBuilder};
use super::pinyin;
use super::punctuation::restore_full_width;

pub use super::boilerplate::is_boilerplate_line;

/// The char the Clean view shows for a character the crawl lost (`?jī)`).
pub const LOST_CHAR: char = '\u{FFFD}';

/// How the Clean view is made (a window setting; the default is what the CLI, exports, the
/// scan and the search index use).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct CleanOptions {
    /// Restore full-width punctuation between Chinese characters (`,` → `，`, `(广州)` →
    /// `（广州）`; rule in [`super::punctuation`]). On by default.
    pub full_width_punctuation: bool,
}

impl Default for CleanOptions {
    fn default() -> Self {
        Self {
            full_width_punctuation: true,
        }
    }
}

/// The Clean view of an Original text.
#[derive(Clone, Debug, Default)]
pub struct Cleaned {
    /// The cleaned text.
    pub text: String,
    /// Clean view ← Original.
    pub map: OffsetMap,
    /// How many inline-pinyin artefacts were removed (including those that became U+FFFD).
    pub artefacts_removed: usize,
    /// Clean-view char positions of the U+FFFD that stand for lost characters.
    pub lost_chars: Vec<usize>,
    /// Boilerplate lines, as Original char ranges (line terminator excluded), sorted.
    pub boilerplate: Vec<Range<usize>>,
    /// Lines of appended related articles (after `相关稿件:` and the like, to the end), as
    /// Original char ranges (line terminator excluded), sorted, disjoint from `boilerplate`.
    pub appended: Vec<Range<usize>>,
}

/// Renders the Clean view of `original` with the default [`CleanOptions`] (punctuation
/// restored).
pub fn clean(original: &str) -> Cleaned {
    clean_with(original, &CleanOptions::default())
}

/// Renders the Clean view of `original` with `options`.
pub fn clean_with(original: &str, options: &CleanOptions) -> Cleaned {
    let bytes = original.as_bytes();
    let mut out = Output {
        text: String::with_capacity(original.len()),
        builder: OffsetMapBuilder::new(),
        artefacts_removed: 0,
        lost_chars: Vec::new(),
    };
    let mut boilerplate = BoilerplateTracker::default();
    // Every pinyin artefact ends in `)`: the next one in the text, found once per `)`.
    let mut next_close = memchr(b')', bytes);
    let mut line_start = 0;
    loop {
        let newline = memchr(b'\n', &bytes[line_start..]).map(|i| line_start + i);
        // A `\r` before the `\n` belongs to the terminator, not to the line.
        let line_end = match newline {
            Some(n) if n > line_start && bytes[n - 1] == b'\r' => n - 1,
            Some(n) => n,
            None => bytes.len(),
        };
        let original_line_start = out.builder.position().1;
        let text_line_start = out.text.len();
        // Artefacts never span lines (a syllable has no line break), so each is handled in its line.
        let mut copied = line_start;
        while let Some(close) = next_close.filter(|&close| close < line_end) {
            if let Some(artefact) = artefact_ending_at(original, line_start, copied, close) {
                out.copy(&original[copied..artefact.start]);
                out.remove(&original[artefact.start..=close], artefact.lost);
                copied = close + 1;
            }
            next_close = memchr(b')', &bytes[close + 1..]).map(|i| close + 1 + i);
        }
        out.copy(&original[copied..line_end]);
        let original_line_end = out.builder.position().1;
        boilerplate.line(
            &out.text[text_line_start..],
            original_line_start..original_line_end,
        );
        let Some(newline) = newline else {
            break;
        };
        out.copy(&original[line_end..=newline]);
        line_start = newline + 1;
    }
    let (boilerplate, appended) = boilerplate.finish();
    let mut text = out.text;
    if options.full_width_punctuation
        && let std::borrow::Cow::Owned(restored) = restore_full_width(&text)
    {
        text = restored;
    }
    Cleaned {
        text,
        map: out.builder.finish(),
        artefacts_removed: out.artefacts_removed,
        lost_chars: out.lost_chars,
        boilerplate,
        appended,
    }
}

/// The Clean view being written, with its map and counts.
struct Output {
    text: String,
    builder: OffsetMapBuilder,
    artefacts_removed: usize,
    lost_chars: Vec<usize>,
}

impl Output {
    /// Copies Original text unchanged.
    fn copy(&mut self, original: &str) {
        if original.is_empty() {
            return;
        }
        self.text.push_str(original);
        self.builder.keep(original.chars().count());
    }

    /// Drops an artefact, or shows it as one lost char.
    fn remove(&mut self, artefact: &str, lost: bool) {
        let original_chars = artefact.chars().count();
        self.artefacts_removed += 1;
        if lost {
            self.lost_chars.push(self.builder.position().0);
            self.text.push(LOST_CHAR);
            self.builder.replace(original_chars, 1);
        } else {
            self.builder.replace(original_chars, 0);
        }
    }
}

/// An inline-pinyin artefact, from its opener (`(` or `?`) to a known `)`.
struct Artefact {
    /// Byte index of the opener in the Original.
    start: usize,
    /// The opener is `?`: the annotated character was lost with its `(`.
    lost: bool,
}

/// The artefact that ends with the `)` at byte `close`, if any. The opener may not lie before
/// `copied` (the end of the previous artefact) nor the line start.
fn artefact_ending_at(
    original: &str,
    line_start: usize,
    copied: usize,
    close: usize,
) -> Option<Artefact> {
    // Scan back over at most one syllable's worth of chars to the opener.
    let mut opener = None;
    let mut syllable_chars = 0;
    for (i, c) in original[copied..close].char_indices().rev() {
        match c {
            '(' | '?' if syllable_chars > 0 => {
                opener = Some((copied + i, c == '?'));
                break;
            }
            _ if syllable_chars < pinyin::MAX_SYLLABLE_CHARS && pinyin::is_syllable_char(c) => {
                syllable_chars += 1;
            }
            _ => return None,
        }
    }
    let (start, lost) = opener?;
    if !pinyin::is_toned_syllable(&original[start + 1..close]) {
        return None;
    }
    // `(syllable)` annotates the Han character before it; after anything else (`2023(nián)`)
    // it is text. `?syllable)` stands for the lost character itself.
    if !lost
        && !original[line_start..start]
            .chars()
            .next_back()
            .is_some_and(is_han)
    {
        return None;
    }
    Some(Artefact { start, lost })
}

/// One inline-pinyin artefact that [`clean`] removes: the source's own reading of a character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InlinePinyin<'a> {
    /// Original char index of the character read: the Han character before `(syllable)`, or
    /// for a lost character (`?syllable)`) the `?`, whose block Clean shows as one U+FFFD.
    pub original_char: usize,
    /// The syllable as written (`diào`), tone-marked, without the parentheses.
    pub syllable: &'a str,
    /// The character was lost (`?syllable)`).
    pub lost: bool,
}

/// Every inline-pinyin artefact that [`clean`] removes from `original`, in order, with the
/// character it reads (ruby in the Clean view can show the source's own readings).
///
/// ```
/// use pizhu::text::clean::inline_pinyin;
/// let found = inline_pinyin("調(diào)研 存量?jī)");
/// assert_eq!((found[0].original_char, found[0].syllable, found[0].lost), (0, "diào", false));
/// assert_eq!((found[1].original_char, found[1].syllable, found[1].lost), (11, "jī", true));
/// ```
pub fn inline_pinyin(original: &str) -> Vec<InlinePinyin<'_>> {
    let bytes = original.as_bytes();
    let mut found = Vec::new();
    let mut line_start = 0;
    let mut copied = 0;
    // Char index of byte `counted_byte`, advanced as artefacts are found.
    let mut counted_byte = 0;
    let mut counted_chars = 0;
    for close in memchr::memchr_iter(b')', bytes) {
        if let Some(newline) = memchr::memrchr(b'\n', &bytes[line_start..close]) {
            line_start += newline + 1;
        }
        copied = copied.max(line_start);
        let Some(artefact) = artefact_ending_at(original, line_start, copied, close) else {
            continue;
        };
        let read_byte = if artefact.lost {
            artefact.start
        } else {
            // The Han character just before the `(` (checked by `artefact_ending_at`).
            original[..artefact.start]
                .char_indices()
                .next_back()
                .map_or(artefact.start, |(i, _)| i)
        };
        counted_chars += original[counted_byte..read_byte].chars().count();
        counted_byte = read_byte;
        found.push(InlinePinyin {
            original_char: counted_chars,
            syllable: &original[artefact.start + 1..close],
            lost: artefact.lost,
        });
        copied = close + 1;
    }
    found
}

/// True for a Han character (CJK unified or compatibility ideograph, any extension, or `〇`).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3007}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{30000}'..='\u{323AF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::offsets::Bias;
    use crate::text::punctuation::full_width;
    use proptest::prelude::*;

    /// The artefact step alone (punctuation left as the crawl has it): what most tests here are
    /// about. `punctuation_is_restored_on_top_of_the_artefact_step` ties it to [`super::clean`].
    fn clean(original: &str) -> Cleaned {
        clean_with(
            original,
            &CleanOptions {
                full_width_punctuation: false,
            },
        )
    }

    const SEEDS: [&str; 5] = [
        include_str!("../../seeds/000_aee7d7dda944679f.txt"),
        include_str!("../../seeds/001_ebed7b38f3e0333c.txt"),
        include_str!("../../seeds/002_6e5af457e60a8f77.txt"),
        include_str!("../../seeds/003_6d7fffe9468177c8.txt"),
        include_str!("../../seeds/004_17a6dfa9780f989e.txt"),
    ];

    /// Checks that `input` cleans to `text` with that many artefacts and lost chars.
    macro_rules! clean_cases {
        ($($name:ident: $input:expr => $text:expr, artefacts $artefacts:expr, lost $lost:expr;)*) => {
            $(
                #[test]
                fn $name() {
                    let cleaned = clean($input);
                    assert_eq!(cleaned.text, $text, "text of {:?}", $input);
                    assert_eq!(cleaned.artefacts_removed, $artefacts, "artefacts of {:?}", $input);
                    assert_eq!(cleaned.lost_chars.len(), $lost, "lost chars of {:?}", $input);
                    assert_eq!(cleaned.map.view_len(), cleaned.text.chars().count());
                    assert_eq!(cleaned.map.original_len(), $input.chars().count());
                }
            )*
        };
    }

    clean_cases! {
        pinyin_after_han: "調(diào)研" => "調研", artefacts 1, lost 0;
        two_lost_chars: "存量?jī)?yōu)勢" => "存量\u{FFFD}\u{FFFD}勢", artefacts 2, lost 2;
        lost_char_leaves_mojibake: "鏈?zhǔn)剿季S" => "鏈\u{FFFD}剿季S", artefacts 1, lost 1;
        every_char_annotated: "經(jīng)濟(jì)發(fā)展" => "經濟發展", artefacts 3, lost 0;
        phase_number_kept: "活动(第一期)优秀" => "活动(第一期)优秀", artefacts 0, lost 0;
        place_kept: "东方电气(广州)重型" => "东方电气(广州)重型", artefacts 0, lost 0;
        acronym_kept: "论坛(WEF)“灯塔工厂”" => "论坛(WEF)“灯塔工厂”", artefacts 0, lost 0;
        single_han_kept: "各镇(街)。" => "各镇(街)。", artefacts 0, lost 0;
        names_kept: "走實(shí)。(黃克奇 鄭陳浩)" => "走實。(黃克奇 鄭陳浩)", artefacts 1, lost 0;
        english_after_han_kept: "微信(WeChat)" => "微信(WeChat)", artefacts 0, lost 0;
        no_tone_mark_kept: "选项(a)" => "选项(a)", artefacts 0, lost 0;
        no_tone_syllable_kept: "調(diao)研" => "調(diao)研", artefacts 0, lost 0;
        latin_word_kept: "咖啡(café)" => "咖啡(café)", artefacts 0, lost 0;
        two_syllables_kept: "区(qū qu)" => "区(qū qu)", artefacts 0, lost 0;
        two_syllables_joined_kept: "区(qūqú)" => "区(qūqú)", artefacts 0, lost 0;
        fullwidth_kept: "調（diào）研" => "調（diào）研", artefacts 0, lost 0;
        after_digit_kept: "2023(nián)" => "2023(nián)", artefacts 0, lost 0;
        after_space_kept: "調 (diào)研" => "調 (diào)研", artefacts 0, lost 0;
        unclosed_kept: "年(nián" => "年(nián", artefacts 0, lost 0;
        lost_not_pinyin_kept: "什么?abc)" => "什么?abc)", artefacts 0, lost 0;
        not_a_syllable_kept: "字(xyzā)" => "字(xyzā)", artefacts 0, lost 0;
        uppercase_kept: "調(Diào)研" => "調(Diào)研", artefacts 0, lost 0;
        empty_parens_kept: "調()研?)" => "調()研?)", artefacts 0, lost 0;
        second_annotation_kept: "調(diào)(diào)研" => "調(diào)研", artefacts 1, lost 0;
        umlaut_syllables: "綠(lǜ)略(lüè)女(nü)" => "綠略女", artefacts 3, lost 0;
        script_a_and_g: "國(ɡuó)話(huɑ̀)" => "國話", artefacts 2, lost 0;
        nested_in_other_parens: "(如有圖(tú)片)" => "(如有圖片)", artefacts 1, lost 0;
        lost_at_line_start: "?jī)\n?yōu)" => "\u{FFFD}\n\u{FFFD}", artefacts 2, lost 2;
        supplementary_han: "𠀀(qiū)" => "𠀀", artefacts 1, lost 0;
        emoji_kept: "😀(xiào)" => "😀(xiào)", artefacts 0, lost 0;
        too_long_kept: "調(zhuāngzhuang)" => "調(zhuāngzhuang)", artefacts 0, lost 0;
        empty: "" => "", artefacts 0, lost 0;
    }

    /// The artefacts of `original` found the slow way, over chars: (Original char range, lost).
    fn reference_artefacts(original: &str) -> Vec<(Range<usize>, bool)> {
        let chars: Vec<char> = original.chars().collect();
        let mut found = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let opener = chars[i];
            let close = chars[i + 1..]
                .iter()
                .take(pinyin::MAX_SYLLABLE_CHARS + 1)
                .position(|&c| c == ')')
                .map(|p| i + 1 + p);
            let after_han = i > 0 && is_han(chars[i - 1]);
            if let Some(close) = close
                && ((opener == '(' && after_han) || opener == '?')
                && pinyin::is_toned_syllable(&chars[i + 1..close].iter().collect::<String>())
            {
                found.push((i..close + 1, opener == '?'));
                i = close + 1;
            } else {
                i += 1;
            }
        }
        found
    }

    /// Crude: `(` + lowercase latin letters, at least one with a tone mark, + `)`.
    fn crude_pinyin_groups(text: &str) -> Vec<String> {
        let toned = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü";
        let mut groups = Vec::new();
        for (start, _) in text.match_indices('(') {
            let rest = &text[start + 1..];
            let letters: String = rest
                .chars()
                .take_while(|&c| c.is_ascii_lowercase() || toned.contains(c))
                .collect();
            if !letters.is_empty()
                && letters.chars().any(|c| toned.contains(c))
                && rest[letters.len()..].starts_with(')')
            {
                groups.push(letters);
            }
        }
        groups
    }

    /// Parenthesised groups with no parenthesis inside, as a sorted list.
    fn flat_groups(text: &str) -> Vec<String> {
        let mut groups = Vec::new();
        for (start, _) in text.match_indices('(') {
            let rest = &text[start + 1..];
            if let Some(end) = rest.find([')', '(', '\n'])
                && rest[end..].starts_with(')')
            {
                groups.push(rest[..end].to_owned());
            }
        }
        groups.sort();
        groups
    }

    #[test]
    fn seed_counts() {
        let expected = [
            // (artefacts removed, of which lost chars, `(syllable)` removed)
            (0, 0, 0),
            (239, 2, 237),
            (665, 1, 664),
            (0, 0, 0),
            (0, 0, 0),
        ];
        for (seed, (artefacts, lost, parenthesised)) in SEEDS.iter().zip(expected) {
            let cleaned = clean(seed);
            assert_eq!(cleaned.artefacts_removed, artefacts);
            assert_eq!(cleaned.lost_chars.len(), lost);
            assert_eq!(
                crude_pinyin_groups(seed).len(),
                parenthesised,
                "the crude count of the Original agrees"
            );
            let reference = reference_artefacts(seed);
            assert_eq!(reference.len(), artefacts, "the slow reference agrees");
            assert_eq!(reference.iter().filter(|(_, lost)| *lost).count(), lost);
        }
    }

    #[test]
    fn seeds_keep_no_pinyin_and_every_other_parenthesis() {
        for seed in SEEDS {
            let cleaned = clean(seed);
            assert!(reference_artefacts(&cleaned.text).is_empty());
            assert_eq!(crude_pinyin_groups(&cleaned.text), Vec::<String>::new());
            // Every `(` and `)` outside artefacts is still there.
            let artefacts = reference_artefacts(seed);
            for paren in ['(', ')'] {
                let in_artefacts = artefacts
                    .iter()
                    .filter(|(_, lost)| paren == ')' || !lost)
                    .count();
                assert_eq!(
                    cleaned.text.matches(paren).count(),
                    seed.matches(paren).count() - in_artefacts,
                    "{paren}"
                );
            }
            // Each non-pinyin group of the Original is in the Clean text; a Clean group that was
            // not in the Original had pinyin inside it (`(如有圖片或視(shì)頻…)`).
            let mut original_groups = flat_groups(seed);
            original_groups.retain(|group| !pinyin::is_toned_syllable(group));
            let mut clean_groups = flat_groups(&cleaned.text);
            for group in &original_groups {
                let at = clean_groups.iter().position(|g| g == group);
                assert!(at.is_some(), "({group}) kept");
                if let Some(at) = at {
                    clean_groups.remove(at);
                }
            }
            for group in clean_groups {
                assert!(reference_artefacts(&group).is_empty());
                let view_start = cleaned
                    .text
                    .find(&format!("({group})"))
                    .map_or(0, |byte| cleaned.text[..byte].chars().count());
                let view = view_start..view_start + group.chars().count() + 2;
                let original = cleaned.map.original_range_from_view(view.clone());
                assert!(
                    artefacts
                        .iter()
                        .any(|(a, _)| original.start <= a.start && a.end <= original.end),
                    "({group}) at {view:?} ← {original:?} had pinyin inside"
                );
            }
        }
        assert_eq!(
            flat_groups(&clean(SEEDS[0]).text),
            flat_groups(SEEDS[0]),
            "seed 000 has no pinyin"
        );
    }

    #[test]
    fn map_round_trips_around_each_artefact() {
        for seed in [SEEDS[1], SEEDS[2]] {
            let cleaned = clean(seed);
            let original: Vec<char> = seed.chars().collect();
            let view: Vec<char> = cleaned.text.chars().collect();
            let map = &cleaned.map;
            let mut lost_chars = cleaned.lost_chars.iter();
            for (artefact, lost) in reference_artefacts(seed) {
                let view_at = map.view_from_original(artefact.start, Bias::Before);
                if lost {
                    assert_eq!(lost_chars.next(), Some(&view_at));
                    assert_eq!(view[view_at], LOST_CHAR);
                    assert_eq!(map.original_range_from_view(view_at..view_at + 1), artefact);
                    assert_eq!(
                        map.view_range_from_original(artefact.clone()),
                        view_at..view_at + 1
                    );
                    assert_eq!(original[artefact.start], '?');
                } else {
                    // The annotated Han char alone, and with the char after the annotation.
                    let han = artefact.start - 1;
                    assert_eq!(
                        map.original_range_from_view(view_at - 1..view_at),
                        han..han + 1
                    );
                    assert_eq!(view[view_at - 1], original[han]);
                    assert_eq!(
                        map.view_range_from_original(artefact.clone()),
                        view_at..view_at
                    );
                    if view_at < view.len() && !cleaned.lost_chars.contains(&view_at) {
                        assert_eq!(
                            map.original_range_from_view(view_at..view_at + 1),
                            artefact.end..artefact.end + 1
                        );
                        assert_eq!(view[view_at], original[artefact.end]);
                        assert_eq!(
                            map.original_range_from_view(view_at - 1..view_at + 1),
                            han..artefact.end + 1,
                            "a selection across the annotation covers it"
                        );
                    }
                }
            }
            assert_eq!(lost_chars.next(), None);
        }
    }

    #[test]
    fn empty_input() {
        let cleaned = clean("");
        assert_eq!(cleaned.text, "");
        assert!(cleaned.map.is_identity());
        assert_eq!(cleaned.map.original_len(), 0);
        assert!(cleaned.boilerplate.is_empty() && cleaned.lost_chars.is_empty());
        assert!(clean("\n\n").boilerplate.is_empty());
    }

    #[test]
    fn text_without_artefacts_has_identity_map() {
        for seed in [SEEDS[0], SEEDS[3], SEEDS[4]] {
            let cleaned = clean(seed);
            assert_eq!(cleaned.text, seed);
            assert!(cleaned.map.is_identity());
        }
    }

    #[test]
    fn punctuation_is_restored_on_top_of_the_artefact_step() {
        for seed in SEEDS {
            let raw = clean(seed);
            let restored = super::clean(seed);
            assert_eq!(
                restored.text,
                crate::text::punctuation::restore_full_width(&raw.text)
            );
            assert_ne!(
                restored.text, raw.text,
                "every seed has flattened punctuation"
            );
            // One char for one: the map, the counts and the marked lines are the same.
            assert_eq!(restored.map, raw.map);
            assert_eq!(restored.lost_chars, raw.lost_chars);
            assert_eq!(restored.artefacts_removed, raw.artefacts_removed);
            assert_eq!(restored.boilerplate, raw.boilerplate);
            assert_eq!(restored.appended, raw.appended);
            for (a, b) in raw.text.chars().zip(restored.text.chars()) {
                assert!(a == b || full_width(a) == Some(b), "{a:?} -> {b:?}");
            }
        }
        let cleaned = super::clean("召开(jí):全力以赴,确保1,000家");
        assert_eq!(cleaned.text, "召开：全力以赴，确保1,000家");
        // `：` is the Original `:` after the removed `(jí)`.
        assert_eq!(cleaned.map.original_range_from_view(2..3), 6..7);
    }

    proptest! {
        #[test]
        fn clean_of_random_text_is_consistent(
            chars in prop::collection::vec(
                prop::sample::select(vec![
                    '調', '研', '(', ')', '?', 'd', 'i', 'à', 'o', 'a', ' ', '\n', '\r', '微', '信',
                ]),
                0..60,
            )
        ) {
            let original: String = chars.iter().collect();
            let cleaned = clean(&original);
            let view: Vec<char> = cleaned.text.chars().collect();
            prop_assert_eq!(cleaned.map.view_len(), view.len());
            prop_assert_eq!(cleaned.map.original_len(), chars.len());
            prop_assert!(cleaned.artefacts_removed >= cleaned.lost_chars.len());
            for (view_char, &c) in view.iter().enumerate() {
                let range = cleaned.map.original_range_from_view(view_char..view_char + 1);
                if c == LOST_CHAR {
                    prop_assert!(cleaned.lost_chars.contains(&view_char));
                    prop_assert_eq!(chars[range.start], '?');
                    prop_assert_eq!(chars[range.end - 1], ')');
                } else {
                    prop_assert_eq!(range.len(), 1);
                    prop_assert_eq!(chars[range.start], c);
                }
            }
            for range in &cleaned.boilerplate {
                prop_assert!(range.end <= chars.len());
                prop_assert!(!chars[range.clone()].contains(&'\n'));
            }
        }
    }
}
