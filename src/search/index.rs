//! [`SearchIndex`]: the searchable texts of one corpus, as of one scan, in the corpus's order.
//!
//! Built by [`IndexUpdate::finish`](super::store::IndexUpdate::finish) from the scan that listed
//! the corpus, so `ArticleId(i)` here is `ArticleId(i)` of that scan's [`Corpus`]. It holds no
//! text itself: texts stay in the memory-mapped shard files, and reading one costs a page fault
//! at most. Immutable, `Send + Sync`: share it with `Arc` between the UI and search jobs.
//! Offsets: bytes into shards internally; the API speaks Clean-view and Original chars.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::engine::Hit;
use super::manifest::TextLoc;
use super::shard::{Shard, StoredMap};
use crate::corpus::{ArticleId, Corpus};
use crate::text::OffsetMap;

/// Articles are searched in units of about this many folded bytes (one unit is one task for a
/// worker and one batch of results).
const UNIT_BYTES: u64 = 256 * 1024;

/// Where one article's texts are.
#[derive(Debug)]
pub(crate) struct IndexedText {
    pub relative: Box<str>,
    pub shard: Arc<Shard>,
    pub loc: TextLoc,
}

/// The searchable texts of a corpus.
#[derive(Debug, Default)]
pub struct SearchIndex {
    root: PathBuf,
    /// By `ArticleId`; `None` for an article the index has no text for.
    articles: Vec<Option<IndexedText>>,
    /// Consecutive runs of articles, each about [`UNIT_BYTES`] of folded text.
    units: Vec<Range<usize>>,
    folded_bytes: u64,
    clean_bytes: u64,
}

impl SearchIndex {
    pub(crate) fn new(root: PathBuf, articles: Vec<Option<IndexedText>>) -> Self {
        let mut units = Vec::new();
        let (mut start, mut bytes) = (0, 0u64);
        let (mut folded_bytes, mut clean_bytes) = (0, 0);
        for (i, article) in articles.iter().enumerate() {
            if let Some(article) = article {
                bytes += u64::from(article.loc.folded.1);
                folded_bytes += u64::from(article.loc.folded.1);
                clean_bytes += u64::from(article.loc.clean.1);
            }
            if bytes >= UNIT_BYTES {
                units.push(start..i + 1);
                (start, bytes) = (i + 1, 0);
            }
        }
        if start < articles.len() {
            units.push(start..articles.len());
        }
        Self {
            root,
            articles,
            units,
            folded_bytes,
            clean_bytes,
        }
    }

    /// The corpus folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Number of articles (the corpus's), indexed or not.
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    /// True when the corpus has no article.
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// Number of articles with a text in the index (the others are never found).
    pub fn indexed(&self) -> usize {
        self.articles.iter().filter(|a| a.is_some()).count()
    }

    /// Total size of the folded texts (what a search reads), in bytes.
    pub fn folded_bytes(&self) -> u64 {
        self.folded_bytes
    }

    /// Total size of the Clean texts, in bytes.
    pub fn clean_bytes(&self) -> u64 {
        self.clean_bytes
    }

    /// True when this index was built from `corpus`'s scan (same articles, same order).
    pub fn matches(&self, corpus: &Corpus) -> bool {
        self.articles.len() == corpus.len()
            && self
                .articles
                .iter()
                .zip(&corpus.articles)
                .all(|(text, meta)| {
                    text.as_ref()
                        .is_none_or(|text| *text.relative == *meta.relative)
                })
    }

    pub(crate) fn units(&self) -> &[Range<usize>] {
        &self.units
    }

    pub(crate) fn text(&self, id: ArticleId) -> Option<&IndexedText> {
        self.articles.get(id.0)?.as_ref()
    }

    /// The article's path relative to the corpus root, if indexed.
    pub fn relative(&self, id: ArticleId) -> Option<&str> {
        self.text(id).map(|text| &*text.relative)
    }

    /// The article's file, if indexed.
    pub fn path(&self, id: ArticleId) -> Option<PathBuf> {
        self.relative(id).map(|relative| self.root.join(relative))
    }

    /// The article's folded text (bytes; UTF-8 unless the cache file was damaged).
    pub(crate) fn folded(&self, id: ArticleId) -> Option<&[u8]> {
        let text = self.text(id)?;
        text.shard.folded(text.loc.folded)
    }

    /// The article's Clean text as bytes.
    pub(crate) fn clean_bytes_of(&self, id: ArticleId) -> Option<&[u8]> {
        let text = self.text(id)?;
        text.shard.clean(text.loc.clean)
    }

    /// The article's Clean view text, as the index has it (`None` if not indexed or damaged).
    pub fn clean_text(&self, id: ArticleId) -> Option<&str> {
        utf8(self.clean_bytes_of(id)?)
    }

    /// The folded text around a hit: up to `chars` chars before it and after it. For sorting a
    /// concordance by left or right context (script-, width- and case-insensitively, as the
    /// hits were found); one pass over the article's folded text up to the hit.
    pub fn folded_context(&self, hit: &Hit, chars: usize) -> Option<(String, String)> {
        let folded = utf8(self.folded(hit.article)?)?;
        let wanted = [
            hit.clean.start.saturating_sub(chars),
            hit.clean.start,
            hit.clean.end,
            hit.clean.end.saturating_add(chars),
        ];
        let mut bytes = [folded.len(); 4];
        let mut next = 0;
        for (char_index, (byte, _)) in folded.char_indices().enumerate() {
            while next < 4 && wanted[next] == char_index {
                bytes[next] = byte;
                next += 1;
            }
            if next == 4 {
                break;
            }
        }
        Some((
            folded[bytes[0]..bytes[1]].to_owned(),
            folded[bytes[2]..bytes[3]].to_owned(),
        ))
    }

    /// The Original range of each Clean-view range of an article: through its Clean map, read
    /// in place, or unchanged when that map is the identity.
    pub(crate) fn original_mapper(&self, id: ArticleId) -> Option<OriginalMapper<'_>> {
        let text = self.text(id)?;
        if text.shard.map_is_identity(text.loc.map) {
            return Some(OriginalMapper::Identity);
        }
        text.shard
            .stored_map(text.loc.map)
            .map(OriginalMapper::Stored)
    }

    /// The article's Clean view map (Clean view ← Original).
    pub fn clean_map(&self, id: ArticleId) -> Option<OffsetMap> {
        let text = self.text(id)?;
        text.shard
            .map(text.loc.map)
            .filter(|map| map.view_len() == text.loc.chars as usize)
    }
}

/// Maps an article's Clean-view ranges to the Original (see [`SearchIndex::original_mapper`]).
pub(crate) enum OriginalMapper<'a> {
    /// The Clean view is the Original char for char.
    Identity,
    /// Through the Clean view's map, as stored.
    Stored(StoredMap<'a>),
}

impl OriginalMapper<'_> {
    pub fn original(&self, clean: Range<usize>) -> Range<usize> {
        match self {
            Self::Identity => clean,
            Self::Stored(map) => map.original_range_from_view(clean),
        }
    }
}

/// `bytes` as text if they are UTF-8, checked with encoding_rs's SIMD validation: several
/// times faster on CJK text than `str::from_utf8`, which was a fifth of the CPU of `pizhu
/// search` printing hits (every article's Clean text is checked once for its snippets).
fn utf8(bytes: &[u8]) -> Option<&str> {
    match encoding_rs::UTF_8.decode_without_bom_handling_and_without_replacement(bytes)? {
        std::borrow::Cow::Borrowed(text) => Some(text),
        // Valid UTF-8 is always borrowed; anything else is not what the index wrote.
        std::borrow::Cow::Owned(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::utf8;

    #[test]
    fn utf8_accepts_and_rejects_what_str_from_utf8_does() {
        let valid = "\u{feff}经济 ＡＢＣ 𠮷 abc\r\n".as_bytes();
        let cases: [&[u8]; 7] = [
            b"",
            b"ascii only",
            valid,
            &valid[..valid.len() - 3],
            &valid[..4],
            b"\xff\xfe",
            b"\xed\xa0\x80", // a surrogate
        ];
        for bytes in cases {
            assert_eq!(utf8(bytes), std::str::from_utf8(bytes).ok(), "{bytes:?}");
        }
    }
}
