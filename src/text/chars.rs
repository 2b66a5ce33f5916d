//! `TextIndex`: an Original text with a char↔byte index, so annotation code can slice by
//! Unicode code point without walking the whole string each time.
//!
//! Every offset in this module's API is a char (code point) into the Original; bytes appear only
//! in the two conversion functions, named `byte_*`.

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
    fn fingerprint_is_blake3_of_utf8() {
        let f = fingerprint("批注");
        assert!(f.starts_with("blake3:"));
        assert_eq!(f.len(), "blake3:".len() + 64);
        assert_ne!(f, fingerprint("批註"));
    }
}
