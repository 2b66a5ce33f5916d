//! Slicing text by char: turning char (code point) offsets into byte offsets to slice a `str`,
//! shared by corpus, annotate and the reader so each does not walk chars its own way.
//!
//! Every offset in this module's API is a char (code point) of the text it is given, gap-indexed
//! and half-open like everywhere in Pizhu; bytes appear only in functions with `byte` in their
//! name.
//!
//! - [`slice_clamped`] and [`byte_of_char`] walk the text from its start: right for a short
//!   text or a single lookup (a title line, a selection inside one paragraph).
//! - [`TextIndex`] keeps a sparse char→byte table beside a shared text, for the many lookups of
//!   annotation code into one long Original.
//! - [`find_occurrences`] finds a needle and reports char ranges.
//!
//! ```
//! use pizhu::text::chars::{TextIndex, slice_clamped};
//! assert_eq!(slice_clamped("黃坤明在𠮷野調研", 3..6), "在𠮷野");
//! assert_eq!(slice_clamped("黃坤明", 2..9), "明"); // clamped to the end
//! let index = TextIndex::new("黃坤明在𠮷野調研");
//! assert_eq!(index.slice(3..6), Some("在𠮷野"));
//! assert_eq!(index.byte_from_char(5), Some(16)); // 𠮷 is four bytes
//! ```

use std::ops::Range;
use std::sync::Arc;

/// One checkpoint every this many chars: a lookup walks at most `STRIDE - 1` chars.
const STRIDE: usize = 64;

/// An Original text plus a sparse char→byte table.
///
/// Building it is one pass over the text; `byte_from_char` is O(1) for ASCII text and at most
/// `STRIDE` char steps otherwise; `char_from_byte` adds a binary search.
#[derive(Clone, Debug)]
pub struct TextIndex {
    text: Arc<str>,
    /// Byte offset of char `i * STRIDE`; empty when the text is pure ASCII (bytes are chars).
    checkpoints: Vec<usize>,
    chars: usize,
}

impl TextIndex {
    /// Indexes `text`.
    pub fn new(text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        if text.is_ascii() {
            let chars = text.len();
            return Self {
                text,
                checkpoints: Vec::new(),
                chars,
            };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut chars = 0;
        for (byte, _) in text.char_indices() {
            if chars % STRIDE == 0 {
                checkpoints.push(byte);
            }
            chars += 1;
        }
        Self {
            text,
            checkpoints,
            chars,
        }
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The shared text (cheap to clone).
    pub fn shared_text(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }

    /// Length of the text in chars.
    pub fn chars(&self) -> usize {
        self.chars
    }

    /// The byte offset of the gap before char `char_pos` (`chars()` gives the text's byte
    /// length), or `None` past the end.
    pub fn byte_from_char(&self, char_pos: usize) -> Option<usize> {
        if char_pos > self.chars {
            return None;
        }
        if char_pos == self.chars {
            return Some(self.text.len());
        }
        if self.checkpoints.is_empty() {
            return Some(char_pos);
        }
        let base = *self.checkpoints.get(char_pos / STRIDE)?;
        let rest = char_pos % STRIDE;
        self.text[base..]
            .char_indices()
            .nth(rest)
            .map(|(byte, _)| base + byte)
    }

    /// The char position of byte offset `byte` (rounded down to a char boundary; clamped to the
    /// end of the text).
    pub fn char_from_byte(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if self.checkpoints.is_empty() {
            return byte;
        }
        // Last checkpoint at or before `byte`.
        let block = self
            .checkpoints
            .partition_point(|&b| b <= byte)
            .saturating_sub(1);
        let base = self.checkpoints.get(block).copied().unwrap_or(0);
        let counted = self.text[base..]
            .char_indices()
            .take_while(|(b, _)| base + b < byte)
            .count();
        // `take_while` counts chars that *start* before `byte`; a byte inside a char rounds down.
        let mut chars = block * STRIDE + counted;
        if !self.text.is_char_boundary(byte) {
            chars -= 1;
        }
        chars
    }

    /// The text of a char range, or `None` if it is reversed or reaches past the end.
    pub fn slice(&self, range: Range<usize>) -> Option<&str> {
        if range.start > range.end {
            return None;
        }
        let start = self.byte_from_char(range.start)?;
        let end = self.byte_from_char(range.end)?;
        self.text.get(start..end)
    }

    /// The text of a char range clamped to the text (never fails).
    pub fn slice_clamped(&self, range: Range<usize>) -> &str {
        let end = range.end.min(self.chars);
        let start = range.start.min(end);
        self.slice(start..end).unwrap_or_default()
    }

    /// The `blake3:<hex>` fingerprint of the text's UTF-8, as stored in sidecars.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.text)
    }
}

/// The `blake3:<hex>` fingerprint of an Original text's UTF-8 bytes.
pub fn fingerprint(text: &str) -> String {
    format!("blake3:{}", blake3::hash(text.as_bytes()).to_hex())
}

/// The byte offset of the gap before char `char_pos` of `text`, or the text's length when
/// `char_pos` is at or past its end. Walks from the start of `text`; for many lookups into one
/// long text use a [`TextIndex`].
pub fn byte_of_char(text: &str, char_pos: usize) -> usize {
    text.char_indices()
        .nth(char_pos)
        .map_or(text.len(), |(byte, _)| byte)
}

/// The text of chars `range`, clamped to the end of `text` (a reversed range gives `""`).
/// Walks from the start of `text`, then only over the slice.
pub fn slice_clamped(text: &str, range: Range<usize>) -> &str {
    let start = byte_of_char(text, range.start);
    let end = start + byte_of_char(&text[start..], range.end.saturating_sub(range.start));
    &text[start..end]
}

/// Non-overlapping occurrences of `needle` in `text`, left to right, as char ranges (an empty
/// needle has none).
pub fn find_occurrences(text: &str, needle: &str) -> Vec<Range<usize>> {
    if needle.is_empty() {
        return Vec::new();
    }
    let needle_chars = needle.chars().count();
    let mut ranges = Vec::new();
    // Walk bytes→chars incrementally: each stretch between matches is counted once.
    let (mut byte, mut char_pos) = (0, 0);
    for (found, _) in text.match_indices(needle) {
        char_pos += text[byte..found].chars().count();
        ranges.push(char_pos..char_pos + needle_chars);
        char_pos += needle_chars;
        byte = found + needle.len();
    }
    ranges
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    fn naive_byte(text: &str, char_pos: usize) -> Option<usize> {
        if char_pos == text.chars().count() {
            return Some(text.len());
        }
        text.char_indices().nth(char_pos).map(|(b, _)| b)
    }

    #[test]
    fn byte_from_char_matches_naive_on_cjk_and_emoji() {
        let text = "習近平在廣州調研😀，強調（重點）ab\r\n".repeat(20);
        let index = TextIndex::new(text.as_str());
        let n = text.chars().count();
        assert_eq!(index.chars(), n);
        for c in 0..=n {
            assert_eq!(index.byte_from_char(c), naive_byte(&text, c), "char {c}");
        }
        assert_eq!(index.byte_from_char(n + 1), None);
    }

    #[test]
    fn char_from_byte_inverts_and_rounds_down_inside_a_char() {
        let text = "a中b😀c".repeat(40);
        let index = TextIndex::new(text.as_str());
        for (c, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(index.char_from_byte(b), c);
        }
        assert_eq!(index.char_from_byte(text.len()), index.chars());
        // Byte 2 is inside 中 (bytes 1..4): rounds down to char 1.
        assert_eq!(index.char_from_byte(2), 1);
        assert_eq!(index.char_from_byte(usize::MAX), index.chars());
    }

    #[test]
    fn ascii_text_needs_no_table() {
        let index = TextIndex::new("hello world");
        assert!(index.checkpoints.is_empty());
        assert_eq!(index.slice(6..11), Some("world"));
        assert_eq!(index.char_from_byte(6), 6);
    }

    #[test]
    fn slice_refuses_bad_ranges() {
        let index = TextIndex::new("黃坤明強調");
        assert_eq!(index.slice(0..3), Some("黃坤明"));
        assert_eq!(index.slice(Range { start: 3, end: 2 }), None);
        assert_eq!(index.slice(4..6), None);
        assert_eq!(index.slice_clamped(4..60), "調");
        assert_eq!(index.slice_clamped(9..60), "");
    }

    #[test]
    fn free_functions_count_chars_not_bytes() {
        assert_eq!(slice_clamped("标题😀正文", 1..3), "题😀");
        assert_eq!(slice_clamped("标题", 1..9), "题");
        assert_eq!(slice_clamped("标题", 5..9), "");
        assert_eq!(slice_clamped("标题𠮷", Range { start: 2, end: 1 }), "");
        assert_eq!(byte_of_char("a中𠮷b", 3), 8);
        assert_eq!(byte_of_char("a中𠮷b", 4), 9);
        assert_eq!(byte_of_char("a中𠮷b", 99), 9);
        // The free functions and the index agree everywhere, reversed ranges included.
        let text = "習近平在廣州調研😀，強調（重點）ab\r\n𠮷".repeat(3);
        let index = TextIndex::new(text.as_str());
        let n = index.chars();
        for start in 0..=n + 1 {
            for end in [
                0,
                start.saturating_sub(1),
                start,
                start + 1,
                start + 7,
                n,
                n + 3,
            ] {
                assert_eq!(
                    slice_clamped(&text, start..end),
                    index.slice_clamped(start..end),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn find_occurrences_counts_chars_and_does_not_overlap() {
        let text = "广州市委常委会召开会议，传达学习习近平总书记重要讲话精神。广州要坚持稳中求进。";
        assert_eq!(find_occurrences(text, "广州"), vec![0..2, 29..31]);
        assert_eq!(find_occurrences("啊啊啊", "啊啊"), vec![0..2]);
        assert_eq!(find_occurrences("😀a😀a", "a"), vec![1..2, 3..4]);
        assert_eq!(find_occurrences("𠮷野家𠮷野", "𠮷野"), vec![0..2, 3..5]);
        assert!(find_occurrences(text, "").is_empty());
    }

    #[test]
    fn fingerprint_is_blake3_of_utf8() {
        let f = fingerprint("批注");
        assert!(f.starts_with("blake3:"));
        assert_eq!(f.len(), "blake3:".len() + 64);
        assert_ne!(f, fingerprint("批註"));
    }
}
