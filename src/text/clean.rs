//! The Clean view (净文): removes crawl artefacts (inline pinyin, lost characters) and marks
//! boilerplate lines. Offsets: chars of the Original in, chars of the Clean view out.

use std::ops::Range;

use super::offsets::{OffsetMap, OffsetMapBuilder};

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
}

/// Renders the Clean view of `original`.
pub fn clean(original: &str) -> Cleaned {
    // STUB: replaced by the real implementation.
    let chars = original.chars().count();
    let mut builder = OffsetMapBuilder::new();
    builder.keep(chars);
    Cleaned {
        text: original.to_owned(),
        map: builder.finish(),
        ..Cleaned::default()
    }
}
