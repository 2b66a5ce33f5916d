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

    fn contains(&self, c: char) -> bool {
        let cp = c as usize;
        self.words
            .get(cp / 64)
            .is_some_and(|w| w & (1 << (cp % 64)) != 0)
    }
}

/// Chars only one script uses, from OpenCC's character dictionaries.
struct ScriptChars {
    simplified_only: CharSet,
    traditional_only: CharSet,
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
        ScriptChars {
            simplified_only: CharSet::from_chars(simplified.difference(&traditional).copied()),
            traditional_only: CharSet::from_chars(traditional.difference(&simplified).copied()),
        }
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
    let sets = script_chars();
    let (mut simplified, mut traditional) = (0usize, 0usize);
    for c in text.chars() {
        // ASCII and most common chars are in neither set; skip them before the lookups.
        if c < '\u{3400}' {
            continue;
        }
        if sets.simplified_only.contains(c) {
            simplified += 1;
        } else if sets.traditional_only.contains(c) {
            traditional += 1;
        }
    }
    match (simplified, traditional) {
        (0, 0) => Script::Unknown,
        (s, t) if t > SCRIPT_DOMINANCE * s => Script::Traditional,
        (s, t) if s > SCRIPT_DOMINANCE * t => Script::Simplified,
        _ => Script::Mixed,
    }
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
