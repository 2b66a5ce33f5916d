//! Hits of a query in one article: byte matches in its folded (or Clean) text, turned into
//! Clean-view chars and then, through the Clean view's [`OffsetMap`], into Original chars.
//! Also the in-article find of the reader's find bar, in the chars of whatever view it shows.

use std::ops::Range;

use super::fold::fold_text;
use super::query::{Haystack, Query};
use crate::text::{OffsetMap, View, ViewKind};

/// One hit in one article.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ArticleHit {
    /// The Original chars the hit stands for (crawl pinyin inside it included: `調(diào)研`).
    pub original: Range<usize>,
    /// The hit in the Clean view's chars (the same chars in the folded text; the 简 and 繁
    /// views keep them too, as their conversions keep every length).
    pub clean: Range<usize>,
}

/// Number of chars in UTF-8 `bytes` (invalid bytes count as they would decode: each byte that
/// is not a continuation byte starts a char).
pub(crate) fn count_chars(bytes: &[u8]) -> usize {
    // Branch-free so that it vectorises.
    bytes.iter().map(|&b| usize::from((b as i8) >= -0x40)).sum()
}

/// Runs `query` over `haystack` (the article's text that [`Query::haystack`] names) and calls
/// `hit` with each hit's Clean-view char range, in order. Returns how many there were.
pub(crate) fn clean_ranges(
    query: &Query,
    haystack: &[u8],
    mut hit: impl FnMut(Range<usize>),
) -> usize {
    let (mut byte, mut char) = (0, 0);
    let mut count = 0;
    for range in query.find_iter(haystack) {
        char += count_chars(&haystack[byte..range.start]);
        let len = count_chars(&haystack[range.clone()]);
        hit(char..char + len);
        (byte, char) = (range.end, char + len);
        count += 1;
    }
    count
}

/// The hits of `query` in an article whose Clean view has text `clean_text` and map `clean_map`
/// (Clean view ← Original), in order.
pub fn find_in_clean(query: &Query, clean_text: &str, clean_map: &OffsetMap) -> Vec<ArticleHit> {
    let folded;
    let haystack = match query.haystack() {
        Haystack::Clean => clean_text,
        Haystack::Folded => {
            let mut out = String::new();
            fold_text(clean_text, &mut out);
            folded = out;
            &folded
        }
    };
    let mut hits = Vec::new();
    clean_ranges(query, haystack.as_bytes(), |clean| {
        hits.push(ArticleHit {
            original: clean_map.original_range_from_view(clean.clone()),
            clean,
        });
    });
    hits
}

/// The find bar: the hits of `query` in `view` (any of the four views of an article, whose
/// Clean view is `clean`), as ranges of `view`'s chars, in order.
///
/// A folded query searches the Clean view, as the corpus search does, and each hit is shown
/// over the text it stands for in `view` (in the Original view `调研` highlights all of
/// `調(diào)研`). An exact query matches `view`'s own text: what the reader sees.
pub fn find_in_view(query: &Query, view: &View, clean: &View) -> Vec<Range<usize>> {
    debug_assert_eq!(clean.kind, ViewKind::Clean);
    match query.haystack() {
        Haystack::Clean => {
            let mut ranges = Vec::new();
            clean_ranges(query, view.text.as_bytes(), |range| ranges.push(range));
            ranges
        }
        Haystack::Folded => find_in_clean(query, &clean.text, &clean.map)
            .into_iter()
            .map(|hit| view.view_range(hit.original))
            .collect(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;
    use crate::search::query::QueryOptions;

    fn query(text: &str) -> Query {
        Query::new(text, QueryOptions::default()).unwrap()
    }

    #[test]
    fn counts_chars_of_cjk_and_non_bmp() {
        assert_eq!(count_chars("a調𠮷，".as_bytes()), 4);
        assert_eq!(count_chars(b"\xFF\x80x"), 2);
    }

    #[test]
    fn hits_span_removed_pinyin_in_the_original() {
        let original = "何黨生調(diào)研工業(yè)項(xiàng)目，調研";
        let clean = View::render(original, ViewKind::Clean);
        let hits = find_in_clean(&query("调研"), &clean.text, &clean.map);
        let quotes: Vec<String> = hits
            .iter()
            .map(|hit| {
                original
                    .chars()
                    .skip(hit.original.start)
                    .take(hit.original.len())
                    .collect()
            })
            .collect();
        assert_eq!(quotes, ["調(diào)研", "調研"]);
        assert_eq!(hits[0].clean, 3..5);
    }

    #[test]
    fn the_find_bar_shows_hits_in_every_view() {
        let original = "經濟(jì)發展，经济";
        let views = ViewKind::ALL.map(|kind| View::render(original, kind));
        let clean = &views[1];
        for view in &views {
            let ranges = find_in_view(&query("经济"), view, clean);
            let shown: Vec<String> = ranges
                .iter()
                .map(|r| view.text.chars().skip(r.start).take(r.len()).collect())
                .collect();
            let expected = match view.kind {
                // Pinyin after a hit is not part of it (the map drops deleted text at the edges).
                ViewKind::Original => ["經濟", "经济"],
                ViewKind::Clean => ["經濟", "经济"],
                ViewKind::Simplified => ["经济", "经济"],
                ViewKind::Traditional => ["經濟", "經濟"],
            };
            assert_eq!(shown, expected, "{:?}", view.kind);
        }
        // Exact: what this view shows, nothing else.
        let exact = Query::new(
            "經濟",
            QueryOptions {
                exact: true,
                ..QueryOptions::default()
            },
        )
        .unwrap();
        assert_eq!(find_in_view(&exact, &views[1], clean), vec![0..2]);
        assert_eq!(find_in_view(&exact, &views[3], clean), [0..2, 5..7]);
        assert!(find_in_view(&exact, &views[2], clean).is_empty());
    }
}
