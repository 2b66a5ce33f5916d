//! Hits shown in a view: the hit's text and some context on each side, as a concordance (KWIC)
//! row or a `pizhu search` line shows them. Offsets: chars of the chosen view.
//!
//! The Clean, 简 and 繁 views come from the index's Clean text (the 简 and 繁 views converted
//! from the whole article, exactly as the reader converts it), with no file I/O beyond the
//! mapped shard. The Original view reads the article file, which must not have changed since
//! it was indexed.

use std::ops::Range;

use super::SearchError;
use super::engine::Hit;
use super::index::SearchIndex;
use crate::annotate::TextIndex;
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
/// come in article order render each article once.
pub struct SnippetMaker<'a> {
    index: &'a SearchIndex,
    view: ViewKind,
    context_chars: usize,
    current: Option<(ArticleId, Rendered)>,
}

/// One article's text in the view, and how hits map into it.
struct Rendered {
    text: TextIndex,
    place: Place,
}

enum Place {
    /// View chars are Clean chars.
    Clean,
    /// View ← Clean.
    Converted(OffsetMap),
    /// View chars are Original chars.
    Original,
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
        let Some((_, rendered)) = &self.current else {
            return Err(SearchError::NotIndexed(hit.article.0));
        };
        let range = match &rendered.place {
            Place::Clean => hit.clean.clone(),
            Place::Converted(map) => map.view_range_from_original(hit.clean.clone()),
            Place::Original => hit.original.clone(),
        };
        let text = &rendered.text;
        let left = range.start.saturating_sub(self.context_chars)..range.start;
        let right = range.end..range.end.saturating_add(self.context_chars);
        Ok(Snippet {
            view: self.view,
            left: text.slice_clamped(left).to_owned(),
            hit: text.slice_clamped(range.clone()).to_owned(),
            right: text.slice_clamped(right).to_owned(),
            range,
        })
    }

    fn render(&self, id: ArticleId) -> Result<Rendered, SearchError> {
        let not_indexed = || SearchError::NotIndexed(id.0);
        if self.view == ViewKind::Original {
            let path = self.index.path(id).ok_or_else(not_indexed)?;
            let article = Article::load(&path)?;
            let map = self.index.clean_map(id).ok_or_else(not_indexed)?;
            if article.original().chars().count() != map.original_len() {
                return Err(SearchError::Stale { path });
            }
            return Ok(Rendered {
                text: TextIndex::new(article.decoded.text),
                place: Place::Original,
            });
        }
        let clean = self.index.clean_text(id).ok_or_else(not_indexed)?;
        Ok(match self.view.target() {
            None => Rendered {
                text: TextIndex::new(clean),
                place: Place::Clean,
            },
            Some(target) => {
                let converted = Converter::get(target).convert(clean);
                Rendered {
                    text: TextIndex::new(converted.text),
                    place: Place::Converted(converted.map),
                }
            }
        })
    }
}
