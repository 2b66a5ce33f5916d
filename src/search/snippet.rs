//! Hits shown in a view: the hit's text and some context on each side, as a concordance (KWIC)
//! row or a `pizhu search` line shows them. Offsets: chars of the chosen view.
//!
//! The Clean, 简 and 繁 views come from the index's Clean text (the 简 and 繁 views converted
//! from the whole article, exactly as the reader converts it), with no file I/O beyond the
//! mapped shard. The Original view reads the article file, which must not have changed since
//! it was indexed. Hits of one article in order cost one walk over its text.

use std::borrow::Cow;
use std::ops::Range;

use super::SearchError;
use super::engine::Hit;
use super::index::SearchIndex;
use crate::corpus::{Article, ArticleId};
use crate::text::convert::Converter;
use crate::text::{OffsetMap, ViewKind};

/// A hit as a view shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    /// The view.
    pub view: ViewKind,
    /// The hit in the view's chars.
    pub range: Range<usize>,
    /// Up to the asked number of chars before the hit.
    pub left: String,
    /// The hit's text in the view.
    pub hit: String,
    /// Up to the asked number of chars after the hit.
    pub right: String,
}

/// Makes snippets of hits in one view, keeping the last article's view text so that hits that
/// come in article order render each article once (and walk its text once).
pub struct SnippetMaker<'a> {
    index: &'a SearchIndex,
    view: ViewKind,
    context_chars: usize,
    current: Option<(ArticleId, Rendered<'a>)>,
}

/// One article's text in the view, and how hits map into it.
struct Rendered<'a> {
    /// Borrowed from the index for the Clean view, owned for the others.
    text: Cow<'a, str>,
    place: Place,
    /// A known (char, byte) position in `text`, where the next walk starts.
    cursor: (usize, usize),
}

enum Place {
    /// View chars are Clean chars.
    Clean,
    /// View ← Clean.
    Converted(OffsetMap),
    /// View chars are Original chars.
    Original,
}

impl Rendered<'_> {
    /// Byte offsets of the sorted char positions `chars` (clamped to the end of the text).
    fn bytes_of<const N: usize>(&mut self, chars: [usize; N]) -> [usize; N] {
        if chars.first().is_some_and(|&first| first < self.cursor.0) {
            self.cursor = (0, 0);
        }
        let (mut char, mut byte) = self.cursor;
        let mut out = [self.text.len(); N];
        let mut rest = self.text[byte..].chars();
        for (slot, &wanted) in out.iter_mut().zip(&chars) {
            while char < wanted {
                let Some(c) = rest.next() else {
                    break;
                };
                char += 1;
                byte += c.len_utf8();
            }
            *slot = if char == wanted {
                byte
            } else {
                self.text.len()
            };
        }
        // The next hit's context starts at or after this one's.
        if let (Some(&first), Some(&first_byte)) = (chars.first(), out.first())
            && first_byte < self.text.len()
        {
            self.cursor = (first, first_byte);
        }
        out
    }
}

impl<'a> SnippetMaker<'a> {
    /// Snippets in `view` with up to `context_chars` chars on each side.
    pub fn new(index: &'a SearchIndex, view: ViewKind, context_chars: usize) -> Self {
        Self {
            index,
            view,
            context_chars,
            current: None,
        }
    }

    /// The snippet of `hit` (of this maker's index).
    pub fn snippet(&mut self, hit: &Hit) -> Result<Snippet, SearchError> {
        if self
            .current
            .as_ref()
            .is_none_or(|(id, _)| *id != hit.article)
        {
            let rendered = self.render(hit.article)?;
            self.current = Some((hit.article, rendered));
        }
        let Some((_, rendered)) = &mut self.current else {
            return Err(SearchError::NotIndexed(hit.article.0));
        };
        let range = match &rendered.place {
            Place::Clean => hit.clean.clone(),
            Place::Converted(map) => map.view_range_from_original(hit.clean.clone()),
            Place::Original => hit.original.clone(),
        };
        let [left, start, end, right] = rendered.bytes_of([
            range.start.saturating_sub(self.context_chars),
            range.start,
            range.end,
            range.end.saturating_add(self.context_chars),
        ]);
        let text = &rendered.text;
        Ok(Snippet {
            view: self.view,
            left: text[left..start].to_owned(),
            hit: text[start..end].to_owned(),
            right: text[end..right].to_owned(),
            range,
        })
    }

    fn render(&self, id: ArticleId) -> Result<Rendered<'a>, SearchError> {
        let not_indexed = || SearchError::NotIndexed(id.0);
        let (text, place) = if self.view == ViewKind::Original {
            let path = self.index.path(id).ok_or_else(not_indexed)?;
            let article = Article::load(&path)?;
            let map = self.index.clean_map(id).ok_or_else(not_indexed)?;
            if article.original().chars().count() != map.original_len() {
                return Err(SearchError::Stale { path });
            }
            (Cow::Owned(article.decoded.text), Place::Original)
        } else {
            let clean = self.index.clean_text(id).ok_or_else(not_indexed)?;
            match self.view.target() {
                None => (Cow::Borrowed(clean), Place::Clean),
                Some(target) => {
                    let converted = Converter::get(target).convert(clean);
                    (Cow::Owned(converted.text), Place::Converted(converted.map))
                }
            }
        };
        Ok(Rendered {
            text,
            place,
            cursor: (0, 0),
        })
    }
}
