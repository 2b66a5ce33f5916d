//! The annotation model: [`Annotation`] and its [`AnnotationId`].
//!
//! Offsets are Unicode code points (chars) into the Original text, half-open `[start, end)`.
//! The quote and its prefix/suffix context are copies of Original text, kept so an annotation
//! can be found again when the article changes (see `anchor.rs`).

use std::fmt;
use std::ops::Range;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::tags::TagId;
use crate::text::chars::TextIndex;

/// How many chars of context are kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;

/// An annotation's id: a ULID string (sortable by creation time, unique without coordination).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnnotationId(String);

impl AnnotationId {
    /// A fresh ULID.
    pub fn generate() -> Self {
        Self(ulid::Ulid::new().to_string())
    }

    /// Wraps an id read from elsewhere (a sidecar, an import). Any non-empty string is kept as
    /// is, so ids from other tools survive a round trip.
    pub fn from_string(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The id as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AnnotationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A highlighted passage of an article, optionally tagged, optionally with a note.
///
/// Field order is the sidecar's field order; do not reorder (diffs of sidecars stay stable).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// Unique within the corpus.
    pub id: AnnotationId,
    /// First char of the passage in the Original.
    pub start: usize,
    /// One past the last char of the passage in the Original.
    pub end: usize,
    /// The passage's text when it was last anchored.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] chars before the passage.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] chars after the passage.
    pub suffix: String,
    /// The tag; `None` for a plain highlight.
    pub tag: Option<TagId>,
    /// Free text, may be empty.
    pub note: String,
    /// RFC 3339 UTC, seconds (`2026-11-22T10:00:00Z`).
    pub created: String,
    /// RFC 3339 UTC, seconds; updated by every edit.
    pub modified: String,
}

/// Why an annotation cannot be made for a range.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// The range selects nothing (or is reversed).
    #[error("empty range {start}..{end}")]
    EmptyRange {
        /// Start char.
        start: usize,
        /// End char.
        end: usize,
    },
    /// The range reaches past the end of the text.
    #[error("range {start}..{end} is outside the text ({chars} chars)")]
    OutOfBounds {
        /// Start char.
        start: usize,
        /// End char.
        end: usize,
        /// Length of the text.
        chars: usize,
    },
}

impl Annotation {
    /// A new annotation of `range` (chars of `original`) with a fresh id and the current time.
    ///
    /// This indexes `original` (one pass); to create many annotations in one text, build a
    /// [`TextIndex`] once and use [`Annotation::new_in`].
    pub fn new(
        original: &str,
        range: Range<usize>,
        tag: Option<TagId>,
        note: impl Into<String>,
    ) -> Result<Self, ModelError> {
        Self::new_in(&TextIndex::new(original), range, tag, note)
    }

    /// Like [`Annotation::new`], over an indexed text.
    pub fn new_in(
        text: &TextIndex,
        range: Range<usize>,
        tag: Option<TagId>,
        note: impl Into<String>,
    ) -> Result<Self, ModelError> {
        check_range(text, &range)?;
        let now = now_rfc3339();
        let mut annotation = Self {
            id: AnnotationId::generate(),
            start: range.start,
            end: range.end,
            quote: String::new(),
            prefix: String::new(),
            suffix: String::new(),
            tag,
            note: note.into(),
            created: now.clone(),
            modified: now,
        };
        annotation.refresh_context(text);
        Ok(annotation)
    }

    /// The char range in the Original.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// True for a plain highlight (no tag).
    pub fn is_highlight(&self) -> bool {
        self.tag.is_none()
    }

    /// Re-reads quote, prefix and suffix from `text` at the current range (clamped to the
    /// text, so this never fails; callers check the range first).
    pub fn refresh_context(&mut self, text: &TextIndex) {
        let (quote, prefix, suffix) = context_at(text, self.range());
        self.quote = quote.to_owned();
        self.prefix = prefix.to_owned();
        self.suffix = suffix.to_owned();
    }

    /// Sets `modified` to now.
    pub fn touch(&mut self) {
        self.modified = now_rfc3339();
    }

    /// The sort key of reading order: start, then end, then id (total, so output is stable).
    pub fn order_key(&self) -> (usize, usize, &AnnotationId) {
        (self.start, self.end, &self.id)
    }
}

/// `(quote, prefix, suffix)` of a char range of `text`, each clamped to the text.
pub fn context_at(text: &TextIndex, range: Range<usize>) -> (&str, &str, &str) {
    let quote = text.slice_clamped(range.clone());
    let prefix = text.slice_clamped(range.start.saturating_sub(CONTEXT_CHARS)..range.start);
    let suffix = text.slice_clamped(range.end..range.end.saturating_add(CONTEXT_CHARS));
    (quote, prefix, suffix)
}

/// Checks that `range` selects at least one char inside `text`.
pub fn check_range(text: &TextIndex, range: &Range<usize>) -> Result<(), ModelError> {
    if range.start >= range.end {
        return Err(ModelError::EmptyRange {
            start: range.start,
            end: range.end,
        });
    }
    if range.end > text.chars() {
        return Err(ModelError::OutOfBounds {
            start: range.start,
            end: range.end,
            chars: text.chars(),
        });
    }
    Ok(())
}

/// The current time as RFC 3339 UTC with seconds (`2026-11-22T10:00:00Z`).
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    #[test]
    fn new_fills_quote_and_context_in_chars() {
        let text = "据新华社报道，黃坤明在廣州調研時強調，要推動高質量發展。";
        let start = text.chars().position(|c| c == '黃').unwrap();
        let tag = TagId::new("PER").ok();
        let a = Annotation::new(text, start..start + 3, tag.clone(), "省委书记").unwrap();
        assert_eq!(a.quote, "黃坤明");
        assert_eq!(a.prefix, "据新华社报道，");
        assert_eq!(a.suffix, "在廣州調研時強調，要推動高質量發展。");
        assert_eq!(a.tag, tag);
        assert_eq!(a.note, "省委书记");
        assert_eq!(a.id.as_str().len(), 26, "a ULID");
        assert!(a.created.ends_with('Z') && a.created == a.modified);
        assert!(!a.is_highlight());
    }

    #[test]
    fn context_is_capped_at_32_chars_each_side() {
        let text = format!("{}中{}", "前".repeat(40), "後".repeat(40));
        let a = Annotation::new(&text, 40..41, None, "").unwrap();
        assert_eq!(a.quote, "中");
        assert_eq!(a.prefix, "前".repeat(32));
        assert_eq!(a.suffix, "後".repeat(32));
        assert!(a.is_highlight());
    }

    #[test]
    fn emoji_and_cjk_at_the_edges() {
        // 😀 is one char (4 bytes); 𠮷 is outside the BMP too.
        let text = "😀𠮷野家";
        let a = Annotation::new(text, 0..2, None, "").unwrap();
        assert_eq!(
            (a.prefix.as_str(), a.quote.as_str(), a.suffix.as_str()),
            ("", "😀𠮷", "野家")
        );
        let b = Annotation::new(text, 3..4, None, "").unwrap();
        assert_eq!(
            (b.prefix.as_str(), b.quote.as_str(), b.suffix.as_str()),
            ("😀𠮷野", "家", "")
        );
    }

    #[test]
    fn bad_ranges_are_errors_not_panics() {
        let text = "批注";
        assert_eq!(
            Annotation::new(text, 1..1, None, ""),
            Err(ModelError::EmptyRange { start: 1, end: 1 })
        );
        assert_eq!(
            Annotation::new(text, Range { start: 2, end: 1 }, None, ""),
            Err(ModelError::EmptyRange { start: 2, end: 1 })
        );
        assert_eq!(
            Annotation::new(text, 1..3, None, ""),
            Err(ModelError::OutOfBounds {
                start: 1,
                end: 3,
                chars: 2
            })
        );
    }

    #[test]
    fn ids_are_unique() {
        let a = AnnotationId::generate();
        let b = AnnotationId::generate();
        assert_ne!(a, b);
    }
}
