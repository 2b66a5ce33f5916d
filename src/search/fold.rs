//! Folding: what makes `經濟`, `经济`, `２０２３` and `2023`, `WEF` and `wef` the same to search.
//!
//! The *folded text* of an article is its Clean view converted to simplified characters exactly
//! as the 简 view does it (OpenCC `t2s`, phrases included), then with full-width forms made
//! half-width and letters lower-cased. Every step maps one char to one char (checked: every
//! entry of OpenCC's `TS*` and `CJK_Compatibility_Ideographs` dictionaries keeps its length),
//! so char `i` of the folded text is char `i` of the Clean view: offsets here are Clean-view
//! chars, and the Clean view's [`OffsetMap`](crate::text::OffsetMap) takes them to the Original.
//!
//! A query is folded per char into the set of *images* each char can take in a folded text
//! ([`images`]): `t2s` converts `瞭` to `了` inside `瞭解` but leaves it alone elsewhere, and `乾`
//! stays in `乾隆` but becomes `干` in `乾淨`. Matching any image at each position finds a query
//! wherever the text, read in simplified characters, can say the same thing; folding the query
//! with the same phrase conversion instead would miss `目瞭` in `一目瞭然` (converted as a
//! phrase to `一目了然`), and folding char by char everywhere would miss `了解` in `瞭解`.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::text::convert::{Converter, Target};

/// Folds the width and case of one char: full-width ASCII forms and the ideographic space to
/// ASCII, the full-width currency signs to their usual forms, then any letter to lower case
/// (when its lower case is one char; `İ` stays). CJK characters come out unchanged.
pub fn fold_width_case(c: char) -> char {
    let code = c as u32;
    if code < 0x80 {
        return c.to_ascii_lowercase();
    }
    let c = match code {
        0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).map_or(c, |a| a.to_ascii_lowercase()),
        0x3000 => ' ',
        0xFFE0 => '¢',
        0xFFE1 => '£',
        0xFFE2 => '¬',
        0xFFE3 => '¯',
        0xFFE4 => '¦',
        0xFFE5 => '¥',
        0xFFE6 => '₩',
        _ => c,
    };
    if has_no_case(c) {
        return c;
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(one), None) => one,
        _ => c,
    }
}

/// True for the big caseless blocks (CJK, kana, hangul), to skip the case tables there.
fn has_no_case(c: char) -> bool {
    c.is_ascii()
        || matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF01..=0xFFEF | 0x20000..)
}

/// Appends the folded form of `clean` (a Clean view's text) to `out`: the same number of chars,
/// char `i` folded from char `i`.
pub fn fold_text(clean: &str, out: &mut String) {
    let mut simplified = String::with_capacity(clean.len());
    Converter::get(Target::Simplified).convert_into(clean, &mut simplified);
    let same_length =
        simplified.len() == clean.len() || simplified.chars().count() == clean.chars().count();
    out.reserve(simplified.len());
    if same_length {
        push_width_case(&simplified, out);
    } else {
        // Not reached with OpenCC 1.4.2's dictionaries (all length-preserving); should a future
        // dictionary change a length, fold char by char so offsets stay exact.
        log::warn!("t2s changed the length of a text: folding it char by char");
        for c in clean.chars() {
            out.push(fold_char(c));
        }
    }
}

/// [`fold_width_case`] over a whole text, ASCII runs a byte at a time.
fn push_width_case(text: &str, out: &mut String) {
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        if ascii > 0 {
            let (run, tail) = rest.split_at(ascii);
            let start = out.len();
            out.push_str(run);
            // Safe on a String: ASCII lower-casing keeps UTF-8 valid.
            out[start..].make_ascii_lowercase();
            rest = tail;
            continue;
        }
        let Some(c) = rest.chars().next() else {
            break;
        };
        out.push(fold_width_case(c));
        rest = &rest[c.len_utf8()..];
    }
}

/// Folds one char on its own: its char-level `t2s` conversion, then width and case. (In a text
/// a phrase can convert a char differently; [`images`] lists every possibility.)
pub fn fold_char(c: char) -> char {
    tables()
        .char_level
        .get(&c)
        .copied()
        .map_or_else(|| fold_width_case(c), fold_width_case)
}

/// Every char that `c` can become in a folded text, sorted: its char-level conversion and every
/// conversion a `t2s` phrase gives it, each width- and case-folded. Most chars have one image.
pub fn images(c: char) -> Images {
    match tables().images.get(&c) {
        Some(images) => Images::Many(images),
        None => Images::One(fold_char(c)),
    }
}

/// The images of a char (see [`images`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Images {
    /// The usual case: one image.
    One(char),
    /// Two or more, sorted.
    Many(&'static [char]),
}

impl Images {
    /// The images as a slice.
    pub fn as_slice(&self) -> &[char] {
        match self {
            Self::One(c) => std::slice::from_ref(c),
            Self::Many(many) => many,
        }
    }
}

/// Chars whose images are not just themselves: every `t2s` dictionary key, compatibility
/// ideograph, full-width form and letter with a lower case. A regex class keeps its other chars
/// as they are. Sorted.
pub fn changed_chars() -> &'static [char] {
    &tables().changed
}

struct Tables {
    /// Char-level `t2s` (after compatibility normalisation), for chars it changes.
    char_level: HashMap<char, char>,
    /// Chars with two or more images.
    images: HashMap<char, Box<[char]>>,
    /// See [`changed_chars`].
    changed: Vec<char>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(Tables::build)
}

/// Builds the tables now (a few milliseconds; do it on a worker thread before the first query).
pub fn warm_up() {
    tables();
}

const COMPATIBILITY: &str = include_str!("../../assets/opencc/CJK_Compatibility_Ideographs.txt");
const TS_PHRASES: &str = include_str!("../../assets/opencc/TSPhrases.txt");
const TS_CHARACTERS_EXT: &str = include_str!("../../assets/opencc/TSCharactersExt.txt");
const TS_CHARACTERS: &str = include_str!("../../assets/opencc/TSCharacters.txt");

/// `(key, first candidate)` of each entry of an OpenCC text dictionary.
fn entries(text: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    text.lines().filter_map(|line| {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with('#') {
            return None;
        }
        let (key, candidates) = line.split_once('\t')?;
        Some((key, candidates.split(' ').next().unwrap_or(candidates)))
    })
}

fn single(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

impl Tables {
    fn build() -> Self {
        let compatibility: HashMap<char, char> = entries(COMPATIBILITY)
            .filter_map(|(k, v)| Some((single(k)?, single(v)?)))
            .collect();
        // Earlier dictionaries win on equal keys, as in the converter: Ext before Characters.
        let mut char_level: HashMap<char, char> = HashMap::new();
        for (k, v) in entries(TS_CHARACTERS_EXT).chain(entries(TS_CHARACTERS)) {
            if let (Some(k), Some(v)) = (single(k), single(v)) {
                char_level.entry(k).or_insert(v);
            }
        }
        // Phrase conversions, char by char (keys and values have the same length).
        let mut phrase_images: HashMap<char, Vec<char>> = HashMap::new();
        for (k, v) in entries(TS_PHRASES) {
            if k.chars().count() != v.chars().count() {
                continue;
            }
            for (kc, vc) in k.chars().zip(v.chars()) {
                phrase_images.entry(kc).or_default().push(vc);
            }
        }
        // The converter normalises compatibility ideographs first, then converts.
        let converted = |c: char| char_level.get(&c).copied().unwrap_or(c);
        let mut sources: Vec<char> = compatibility
            .keys()
            .chain(char_level.keys())
            .chain(phrase_images.keys())
            .copied()
            .collect();
        sources.sort_unstable();
        sources.dedup();
        let mut folded_char_level: HashMap<char, char> = HashMap::new();
        let mut images: HashMap<char, Box<[char]>> = HashMap::new();
        for &c in &sources {
            let normal = compatibility.get(&c).copied().unwrap_or(c);
            let base = converted(normal);
            if base != c {
                folded_char_level.insert(c, base);
            }
            let mut all: Vec<char> = std::iter::once(base)
                .chain(phrase_images.get(&normal).into_iter().flatten().copied())
                .map(fold_width_case)
                .collect();
            all.sort_unstable();
            all.dedup();
            if all.len() > 1 {
                images.insert(c, all.into_boxed_slice());
            }
        }
        let mut changed: Vec<char> = sources
            .iter()
            .copied()
            .filter(|c| images.contains_key(c) || folded_char_level.contains_key(c))
            .collect();
        // Width and case: every char whose fold differs (the CJK blocks have none).
        changed.extend(
            (0..=0x2E7F_u32)
                .chain(0xA000..=0xABFF)
                .chain(0xD7B0..=0xF8FF)
                .chain(0xFB00..=0x1FFFF)
                .chain(std::iter::once(0x3000))
                .filter_map(char::from_u32)
                .filter(|&c| fold_width_case(c) != c),
        );
        changed.sort_unstable();
        changed.dedup();
        Self {
            char_level: folded_char_level,
            images,
            changed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> String {
        let mut out = String::new();
        fold_text(text, &mut out);
        out
    }

    #[test]
    fn scripts_width_and_case_fold_char_for_char() {
        let table = [
            ("經濟", "经济"),
            ("经济", "经济"),
            ("２０２３年", "2023年"),
            ("ＷＥＦ與WeChat", "wef与wechat"),
            ("發展，調研。", "发展,调研。"),
            ("\u{3000}全角空格", " 全角空格"),
            ("𠮷野家 ÄÖ", "𠮷野家 äö"),
        ];
        for (text, expected) in table {
            let out = folded(text);
            assert_eq!(out, expected, "{text}");
            assert_eq!(out.chars().count(), text.chars().count(), "{text}");
        }
    }

    #[test]
    fn phrases_convert_in_context_as_the_simplified_view_does() {
        // 瞭 becomes 了 only inside the phrase; 乾 stays in 乾隆 but becomes 干 in 乾淨.
        assert_eq!(folded("瞭解"), "了解");
        assert_eq!(folded("乾隆"), "乾隆");
        assert_eq!(folded("乾淨"), "干净");
    }

    #[test]
    fn images_list_every_conversion_a_char_can_get() {
        assert_eq!(images('經').as_slice(), ['经']);
        assert_eq!(images('经').as_slice(), ['经']);
        assert_eq!(images('瞭').as_slice(), ['了', '瞭']);
        assert_eq!(images('乾').as_slice(), ['乾', '干']);
        assert_eq!(images('Ａ').as_slice(), ['a']);
        assert_eq!(images('A').as_slice(), ['a']);
        // Every char of a folded text is an image of the char it came from.
        for text in ["一目瞭然，瞭解乾隆與乾淨", "上鍊 復興 覆蓋 ＡＢＣ"] {
            for (from, to) in text.chars().zip(folded(text).chars()) {
                assert!(images(from).as_slice().contains(&to), "{from} -> {to}");
            }
        }
    }

    #[test]
    fn changed_chars_are_exactly_those_with_other_images() {
        let changed = changed_chars();
        assert!(changed.windows(2).all(|w| w[0] < w[1]));
        for c in ['經', '瞭', 'A', 'Ａ', '\u{3000}', '０'] {
            assert!(changed.binary_search(&c).is_ok(), "{c}");
        }
        for c in ['经', 'a', '0', '。', '𠮷'] {
            assert!(changed.binary_search(&c).is_err(), "{c}");
            assert_eq!(images(c).as_slice(), [c]);
        }
    }
}
