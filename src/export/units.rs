//! Offset units of exported files: Unicode code points (our chars) or UTF-16 code units (what
//! JavaScript strings count, so Label Studio and doccano's web front end).
//!
//! The two differ only after a character outside the Basic Multilingual Plane (`𠮷`, emoji):
//! each counts 1 code point but 2 UTF-16 units. [`UnitMap`] converts view char positions of one
//! text both ways with a sorted list of those characters' positions, so a text without any costs
//! nothing and a lookup is a binary search.

use serde::{Deserialize, Serialize};

/// The unit in which an exported file counts offsets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OffsetUnit {
    /// Unicode code points (Python `str`, Rust `char`, brat, W3C).
    #[default]
    #[serde(rename = "codepoint")]
    CodePoint,
    /// UTF-16 code units (JavaScript `String.length`, Label Studio).
    Utf16,
}

impl OffsetUnit {
    /// The name on the command line and in files: `codepoint` or `utf16`.
    pub fn name(self) -> &'static str {
        match self {
            Self::CodePoint => "codepoint",
            Self::Utf16 => "utf16",
        }
    }

    /// A phrase for comments and reports.
    pub fn describe(self) -> &'static str {
        match self {
            Self::CodePoint => "Unicode code points",
            Self::Utf16 => "UTF-16 code units",
        }
    }
}

impl std::fmt::Display for OffsetUnit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for OffsetUnit {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "codepoint" | "codepoints" | "code-point" | "char" | "chars" => Ok(Self::CodePoint),
            "utf16" | "utf-16" => Ok(Self::Utf16),
            _ => Err(format!("unknown offset unit {s:?}: use codepoint or utf16")),
        }
    }
}

/// Converts char positions of one text to and from a unit.
#[derive(Clone, Debug, Default)]
pub struct UnitMap {
    unit: OffsetUnit,
    /// Char positions of the chars outside the BMP, ascending (empty for code points).
    astral: Vec<usize>,
    /// Length of the text in chars.
    chars: usize,
}

impl UnitMap {
    /// The map of `text` for `unit` (one pass over the text for UTF-16, none for code points).
    pub fn new(text: &str, unit: OffsetUnit) -> Self {
        let mut astral = Vec::new();
        let chars = match unit {
            OffsetUnit::CodePoint => text.chars().count(),
            OffsetUnit::Utf16 => {
                let mut chars = 0;
                // Only 4-byte UTF-8 sequences are outside the BMP: skip the scan for most texts.
                let has_astral = text.bytes().any(|b| b >= 0xF0);
                for c in text.chars() {
                    if has_astral && c.len_utf16() == 2 {
                        astral.push(chars);
                    }
                    chars += 1;
                }
                chars
            }
        };
        Self {
            unit,
            astral,
            chars,
        }
    }

    /// The unit.
    pub fn unit(&self) -> OffsetUnit {
        self.unit
    }

    /// Char position `char_pos` in the unit.
    pub fn offset(&self, char_pos: usize) -> usize {
        char_pos + self.astral.partition_point(|&a| a < char_pos)
    }

    /// The char position of `offset` in the unit, or `None` when it is past the end or splits a
    /// surrogate pair.
    pub fn char_from_offset(&self, offset: usize) -> Option<usize> {
        // Astral char i starts at unit offset astral[i] + i; count those before `offset`.
        // `astral[i] + i` is strictly increasing, so this is a binary search.
        let (mut lo, mut hi) = (0, self.astral.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.astral[mid] + mid < offset {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let before = lo;
        let char_pos = offset.checked_sub(before)?;
        if before > 0 && self.astral[before - 1] + before == offset {
            // `offset` is the second unit of the pair that starts one unit earlier.
            return None;
        }
        (char_pos <= self.chars).then_some(char_pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_two_after_astral_chars() {
        // 𠮷 (U+20BB7) and 😀 are outside the BMP.
        let text = "𠮷野家😀黃坤明";
        let map = UnitMap::new(text, OffsetUnit::Utf16);
        assert_eq!(map.offset(0), 0);
        assert_eq!(map.offset(1), 2, "right after 𠮷");
        assert_eq!(map.offset(3), 4);
        assert_eq!(map.offset(4), 6, "right after 😀");
        assert_eq!(map.offset(7), text.encode_utf16().count());
        for c in 0..=7 {
            assert_eq!(map.char_from_offset(map.offset(c)), Some(c));
        }
        assert_eq!(map.char_from_offset(1), None, "inside the pair of 𠮷");
        assert_eq!(map.char_from_offset(5), None, "inside the pair of 😀");
        assert_eq!(map.char_from_offset(10), None, "past the end");
    }

    #[test]
    fn code_points_are_identity() {
        let map = UnitMap::new("𠮷野家", OffsetUnit::CodePoint);
        assert_eq!(map.offset(1), 1);
        assert_eq!(map.char_from_offset(3), Some(3));
        assert_eq!(map.char_from_offset(4), None);
        let bmp = UnitMap::new("黃坤明", OffsetUnit::Utf16);
        assert_eq!(bmp.offset(3), 3);
    }

    #[test]
    fn units_parse() {
        assert_eq!("UTF-16".parse(), Ok(OffsetUnit::Utf16));
        assert_eq!("codepoint".parse(), Ok(OffsetUnit::CodePoint));
        assert!("bytes".parse::<OffsetUnit>().is_err());
    }
}
