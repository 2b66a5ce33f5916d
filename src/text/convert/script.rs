//! Script detection: whether a text is written in 简 simplified or 繁 traditional characters
//! (or both, or neither), judged by counting characters that only one script uses according to
//! OpenCC's character dictionaries. Works on whole strings; no offsets.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::dictionary::{DictFile, ST_CHARACTERS, TS_CHARACTERS, TS_CHARACTERS_EXT, dict_entries};

/// The script an article is written in, judged by the characters that differ under conversion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Script {
    /// 简: simplified characters only (or nearly).
    Simplified,
    /// 繁: traditional characters only (or nearly).
    Traditional,
    /// 混: both in significant numbers.
    Mixed,
    /// No character that tells the scripts apart.
    Unknown,
}

impl Script {
    /// The short badge shown in lists and tables: 简, 繁, 混 or —.
    pub fn badge(self) -> &'static str {
        match self {
            Self::Simplified => "简",
            Self::Traditional => "繁",
            Self::Mixed => "混",
            Self::Unknown => "—",
        }
    }
}

/// A set of chars as a bitset over code points.
struct CharSet {
    words: Vec<u64>,
}

impl CharSet {
    fn from_chars(chars: impl IntoIterator<Item = char>) -> Self {
        let mut words = Vec::new();
        for c in chars {
            let cp = c as usize;
            if words.len() <= cp / 64 {
                words.resize(cp / 64 + 1, 0);
            }
            words[cp / 64] |= 1 << (cp % 64);
        }
        Self { words }
    }
}

/// Chars only one script uses, from OpenCC's character dictionaries.
struct ScriptChars {
    /// By code point / 64: (simplified-only bits, traditional-only bits), side by side so that
    /// one char costs one lookup.
    words: Vec<[u64; 2]>,
}

impl ScriptChars {
    fn new(simplified_only: &CharSet, traditional_only: &CharSet) -> Self {
        let len = simplified_only
            .words
            .len()
            .max(traditional_only.words.len());
        let word = |set: &CharSet, i: usize| set.words.get(i).copied().unwrap_or(0);
        Self {
            words: (0..len)
                .map(|i| [word(simplified_only, i), word(traditional_only, i)])
                .collect(),
        }
    }

    /// (1, 0) for a simplified-only code point, (0, 1) for a traditional-only one, else (0, 0).
    #[inline]
    fn class(&self, cp: u32) -> (usize, usize) {
        let bit = 1u64 << (cp % 64);
        match self.words.get(cp as usize / 64) {
            Some([simplified, traditional]) => (
                usize::from(simplified & bit != 0),
                usize::from(traditional & bit != 0),
            ),
            None => (0, 0),
        }
    }
}

/// Chars that a character dictionary always changes and that no entry of the same dictionaries
/// ever produces: `后` is out (s2t `后 → 後 后` keeps it as a candidate), `这` is in.
fn one_script_chars(dicts: &[DictFile]) -> HashSet<char> {
    let single = |s: &str| {
        let mut chars = s.chars();
        chars.next().filter(|_| chars.next().is_none())
    };
    let mut produced: HashSet<char> = HashSet::new();
    let mut changed: HashSet<char> = HashSet::new();
    for dict in dicts {
        for (key, _, candidates) in dict_entries(*dict) {
            produced.extend(candidates.chars().filter(|c| *c != ' '));
            if let Some(c) = single(key)
                && !candidates.split(' ').any(|candidate| candidate == key)
            {
                changed.insert(c);
            }
        }
    }
    changed.retain(|c| !produced.contains(c));
    changed
}

fn script_chars() -> &'static ScriptChars {
    static CHARS: OnceLock<ScriptChars> = OnceLock::new();
    CHARS.get_or_init(|| {
        let simplified = one_script_chars(&[ST_CHARACTERS]);
        let traditional = one_script_chars(&[TS_CHARACTERS_EXT, TS_CHARACTERS]);
        // A char both directions change is no evidence either way.
        ScriptChars::new(
            &CharSet::from_chars(simplified.difference(&traditional).copied()),
            &CharSet::from_chars(traditional.difference(&simplified).copied()),
        )
    })
}

/// How many times more chars of one script than of the other make a text that script.
const SCRIPT_DOMINANCE: usize = 4;

/// Judges the script of `text` by counting characters that only one script uses.
///
/// ```
/// use pizhu::text::convert::{Script, detect_script};
/// assert_eq!(detect_script("经济发展"), Script::Simplified);
/// assert_eq!(detect_script("經濟發展"), Script::Traditional);
/// assert_eq!(detect_script("经济發展"), Script::Mixed);
/// assert_eq!(detect_script("中文 ABC"), Script::Unknown);
/// ```
pub fn detect_script(text: &str) -> Script {
    detect_script_counting_chars(text).0
}

/// [`detect_script`], and the number of chars of `text` counted on the way (the scan needs
/// both; one pass over the text instead of two).
///
/// ```
/// use pizhu::text::convert::{Script, detect_script_counting_chars};
/// assert_eq!(detect_script_counting_chars("经济𠮷 ab"), (Script::Simplified, 6));
/// ```
pub fn detect_script_counting_chars(text: &str) -> (Script, usize) {
    let (simplified, traditional, chars) = count_script_chars(text);
    (judge(simplified, traditional), chars)
}

/// The script of a text with `simplified` simplified-only and `traditional` traditional-only
/// chars.
fn judge(simplified: usize, traditional: usize) -> Script {
    match (simplified, traditional) {
        (0, 0) => Script::Unknown,
        (s, t) if t > SCRIPT_DOMINANCE * s => Script::Traditional,
        (s, t) if s > SCRIPT_DOMINANCE * t => Script::Simplified,
        _ => Script::Mixed,
    }
}

/// Counts the simplified-only and the traditional-only chars of `text`, and all its chars.
///
/// Works on the UTF-8 bytes: every char in the sets is at or above U+3400, so only lead bytes
/// `0xE3` and above start one, and the chars below are stepped over without being decoded
/// (`text.chars()` with two set lookups per char was 8–13% of a folder scan).
fn count_script_chars(text: &str) -> (usize, usize, usize) {
    let sets = script_chars();
    let bytes = text.as_bytes();
    let (mut simplified, mut traditional, mut chars) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        // Each turn steps over one char.
        chars += 1;
        if lead < 0xE3 {
            // ASCII, a two-byte char, or a three-byte one below U+3000 (`0xE0..=0xE2`); a
            // `&str` starts a char at `i`, so the lead byte gives the length.
            i += match lead {
                0..0x80 => 1,
                0x80..0xE0 => 2,
                _ => 3,
            };
            continue;
        }
        let cont = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0) & 0x3F);
        let (cp, len) = if lead < 0xF0 {
            ((u32::from(lead & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
        } else {
            (
                (u32::from(lead & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
                4,
            )
        };
        let (s, t) = sets.class(cp);
        simplified += s;
        traditional += t;
        i += len;
    }
    (simplified, traditional, chars)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::convert::{Converter, Target};

    const SEEDS: [&str; 5] = [
        include_str!("../../../seeds/000_aee7d7dda944679f.txt"),
        include_str!("../../../seeds/001_ebed7b38f3e0333c.txt"),
        include_str!("../../../seeds/002_6e5af457e60a8f77.txt"),
        include_str!("../../../seeds/003_6d7fffe9468177c8.txt"),
        include_str!("../../../seeds/004_17a6dfa9780f989e.txt"),
    ];

    fn s2t(text: &str) -> String {
        Converter::get(Target::Traditional).convert(text).text
    }

    fn t2s(text: &str) -> String {
        Converter::get(Target::Simplified).convert(text).text
    }

    #[test]
    fn script_detection() {
        let expected = [
            Script::Simplified,
            Script::Traditional,
            Script::Traditional,
            Script::Simplified,
            Script::Simplified,
        ];
        for (seed, script) in SEEDS.iter().zip(expected) {
            assert_eq!(detect_script(seed), script);
        }
        assert_eq!(detect_script(""), Script::Unknown);
        assert_eq!(detect_script("Hello, 中文 123"), Script::Unknown);
        assert_eq!(
            detect_script("皇后"),
            Script::Unknown,
            "后 is used by both scripts"
        );
        assert_eq!(detect_script("这个国家发展"), Script::Simplified);
        assert_eq!(detect_script("這個國家發展"), Script::Traditional);
        assert_eq!(detect_script("这个國家"), Script::Mixed);
        // Every seed, converted, is judged the other way round.
        for seed in SEEDS {
            assert_eq!(detect_script(&s2t(seed)), Script::Traditional);
            assert_eq!(detect_script(&t2s(seed)), Script::Simplified);
        }
    }

    /// The implementation before the byte scan: chars one by one, two set lookups each.
    fn reference_counts(text: &str) -> (usize, usize, usize) {
        static SETS: OnceLock<(HashSet<char>, HashSet<char>)> = OnceLock::new();
        let (simplified, traditional) = SETS.get_or_init(|| {
            (
                one_script_chars(&[ST_CHARACTERS]),
                one_script_chars(&[TS_CHARACTERS_EXT, TS_CHARACTERS]),
            )
        });
        let (mut s, mut t) = (0, 0);
        for c in text.chars() {
            if simplified.contains(&c) && !traditional.contains(&c) {
                s += 1;
            } else if traditional.contains(&c) && !simplified.contains(&c) {
                t += 1;
            }
        }
        (s, t, text.chars().count())
    }

    #[test]
    fn byte_scan_counts_as_the_char_by_char_reference() {
        let mut texts: Vec<String> = SEEDS.iter().map(|s| (*s).to_owned()).collect();
        for seed in SEEDS {
            texts.push(s2t(seed));
            texts.push(t2s(seed));
            // Cut anywhere (a char boundary), and mixed with non-BMP and full-width text.
            let half = seed.floor_char_boundary(seed.len() / 2);
            texts.push(format!(
                "{}𠮷ＡＢＣ１２３\u{3000}{}",
                &seed[..half],
                s2t(&seed[half..])
            ));
        }
        texts.push(
            "𠮷𡈽𪚥 龜 亀 a\u{7ff}\u{800}\u{2fff}\u{3400}\u{9fff}\u{ffff}\u{10ffff}".to_owned(),
        );
        for text in &texts {
            assert_eq!(count_script_chars(text), reference_counts(text));
        }
        // Every char the sets know, one by one, and every char around the cut-off U+3400.
        let sets = script_chars();
        for word in 0..sets.words.len() {
            for bit in 0..64 {
                let Some(c) = char::from_u32((word * 64 + bit) as u32) else {
                    continue;
                };
                let text = c.to_string();
                assert_eq!(count_script_chars(&text), reference_counts(&text), "{c:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn byte_scan_agrees_on_any_text(text in "\\PC{0,64}") {
            proptest::prop_assert_eq!(count_script_chars(&text), reference_counts(&text));
        }

        #[test]
        fn byte_scan_agrees_on_han_text(text in "[\u{3000}-\u{9fff}\u{20000}-\u{2a6df}a-z ，。]{0,64}") {
            proptest::prop_assert_eq!(count_script_chars(&text), reference_counts(&text));
        }
    }

    #[test]
    fn badges() {
        let badges = [
            Script::Simplified,
            Script::Traditional,
            Script::Mixed,
            Script::Unknown,
        ]
        .map(Script::badge);
        assert_eq!(badges, ["简", "繁", "混", "—"]);
    }
}
