//! An annotation rendered in a view: where it is in the view's text, its quote and context as
//! that view shows them, or why the view does not show it.
//!
//! Annotations are stored in chars (code points) of the Original; every place that shows or
//! exports one in another view (exports, the side panel, the 选中 Selected box, the annotation
//! list, tooltips) goes through [`in_view`], so they all agree with what the reader shows:
//! an annotation on `茶亭經(jīng)開區` reads `茶亭经开区` in 简. Outputs are **view chars**.
//!
//! The cases ([`Placement`]):
//! - [`Placement::Shown`] with `exact: true`: the view range maps back to exactly the stored
//!   Original range (the usual case; 简↔繁 conversion is char for char).
//! - `Shown` with `exact: false`: the view shows it, but its edges do not map back to the same
//!   Original range: an edge lies in text the view removed (`調(diào)` shown as `調`) or inside a
//!   block the view rewrote as a whole (part of a lost character `?jī)` shown as one U+FFFD).
//!   Exports keep it and report it; they never move it silently.
//! - [`Placement::Removed`]: the view removed all of its text (an annotation on the crawl pinyin
//!   `(diào)` in 净文/简/繁).
//! - [`Placement::Orphan`]: re-anchoring did not find it in the current Original text.
//!
//! Cheap enough to call per frame for every annotation of an article: a binary search in the
//! offset map and char→byte lookups in an [`IndexedView`] (built once per view), no allocation.

use std::ops::Range;
use std::sync::Arc;

use super::anchor::AnchorState;
use super::model::CONTEXT_CHARS;
use crate::text::chars::TextIndex;
use crate::text::{OffsetMap, View, ViewKind};

/// A view's text indexed for slicing by char, with its offset map: what [`in_view`] reads.
///
/// Build it once per rendered view (one pass over the text) and keep it as long as the view.
#[derive(Clone, Debug)]
pub struct IndexedView {
    kind: ViewKind,
    map: OffsetMap,
    index: TextIndex,
    boilerplate: Vec<Range<usize>>,
    appended: Vec<Range<usize>>,
    lost_chars: Vec<usize>,
}

impl IndexedView {
    /// Indexes a rendered view (its text moves into the index).
    pub fn new(view: View) -> Self {
        let View {
            kind,
            text,
            map,
            boilerplate,
            appended,
            lost_chars,
        } = view;
        Self {
            kind,
            map,
            index: TextIndex::new(Arc::<str>::from(text)),
            boilerplate,
            appended,
            lost_chars,
        }
    }

    /// The Original view of an already indexed Original text (shares the text, no copy).
    pub fn original(original: &TextIndex) -> Self {
        Self {
            kind: ViewKind::Original,
            map: OffsetMap::identity(original.chars()),
            index: original.clone(),
            boilerplate: Vec::new(),
            appended: Vec::new(),
            lost_chars: Vec::new(),
        }
    }

    /// Renders view `kind` of `original` and indexes it.
    pub fn render(original: &str, kind: ViewKind) -> Self {
        Self::new(View::render(original, kind))
    }

    /// Which view.
    pub fn kind(&self) -> ViewKind {
        self.kind
    }

    /// The view's text.
    pub fn text(&self) -> &str {
        self.index.text()
    }

    /// Length of the view's text in chars.
    pub fn chars(&self) -> usize {
        self.index.chars()
    }

    /// View ← Original, in chars.
    pub fn map(&self) -> &OffsetMap {
        &self.map
    }

    /// The char index of the view's text.
    pub fn index(&self) -> &TextIndex {
        &self.index
    }

    /// Boilerplate lines, in view chars, sorted.
    pub fn boilerplate(&self) -> &[Range<usize>] {
        &self.boilerplate
    }

    /// Lines of appended related articles, in view chars, sorted.
    pub fn appended(&self) -> &[Range<usize>] {
        &self.appended
    }

    /// View char positions of U+FFFD that stand for characters the crawl lost.
    pub fn lost_chars(&self) -> &[usize] {
        &self.lost_chars
    }

    /// The text of view chars `range`, clamped to the text.
    pub fn slice(&self, range: Range<usize>) -> &str {
        self.index.slice_clamped(range)
    }
}

/// Where an annotation is in a view. All positions are view chars.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// The view shows it at `range` (never empty).
    Shown {
        /// View chars.
        range: Range<usize>,
        /// `range` maps back to exactly the annotation's Original range.
        exact: bool,
    },
    /// The view removed all of its text; `at` is the view position where that text was.
    Removed {
        /// View char gap.
        at: usize,
    },
    /// Not found in the current Original text (see `anchor.rs`); its offsets are stale.
    Orphan,
}

impl Placement {
    /// The view range, when shown.
    pub fn range(&self) -> Option<Range<usize>> {
        match self {
            Self::Shown { range, .. } => Some(range.clone()),
            Self::Removed { .. } | Self::Orphan => None,
        }
    }

    /// Shown with edges that map back exactly.
    pub fn is_exact(&self) -> bool {
        matches!(self, Self::Shown { exact: true, .. })
    }
}

/// An annotation as one view shows it: [`Placement`] plus the view's text of it. The strings are
/// empty unless shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InView<'v> {
    /// Where.
    pub placement: Placement,
    /// The annotated text as the view shows it.
    pub quote: &'v str,
    /// Up to [`CONTEXT_CHARS`] view chars before it.
    pub prefix: &'v str,
    /// Up to [`CONTEXT_CHARS`] view chars after it.
    pub suffix: &'v str,
}

impl InView<'_> {
    /// Shown in the view (exactly or with adjusted edges).
    pub fn is_shown(&self) -> bool {
        matches!(self.placement, Placement::Shown { .. })
    }
}

/// Where Original chars `original` appear in the view of `map`. `anchored` is false for an
/// orphan (its stored offsets no longer describe the text).
pub fn place(map: &OffsetMap, original: Range<usize>, anchored: bool) -> Placement {
    if !anchored || original.start >= original.end || original.end > map.original_len() {
        return Placement::Orphan;
    }
    let range = map.view_range_from_original(original.clone());
    if range.is_empty() {
        return Placement::Removed { at: range.start };
    }
    let exact = map.original_range_from_view(range.clone()) == original;
    Placement::Shown { range, exact }
}

/// Renders an annotation (its current Original range and anchor state) in `view`.
///
/// ```
/// use pizhu::annotate::{AnchorState, in_view::{IndexedView, Placement, in_view}};
/// use pizhu::text::ViewKind;
/// let original = "在茶亭經(jīng)開區調(diào)研";
/// let view = IndexedView::render(original, ViewKind::Simplified);
/// assert_eq!(view.text(), "在茶亭经开区调研");
/// // 茶亭經(jīng)開區 is Original chars 1..12.
/// let shown = in_view(&view, 1..12, &AnchorState::Anchored);
/// assert_eq!(shown.quote, "茶亭经开区");
/// assert_eq!(shown.placement, Placement::Shown { range: 1..6, exact: true });
/// assert_eq!((shown.prefix, shown.suffix), ("在", "调研"));
/// // An annotation on the pinyin "(jīng)" alone (chars 4..10): 简 removed it.
/// let gone = in_view(&view, 4..10, &AnchorState::Anchored);
/// assert_eq!(gone.placement, Placement::Removed { at: 4 });
/// ```
pub fn in_view<'v>(
    view: &'v IndexedView,
    original: Range<usize>,
    state: &AnchorState,
) -> InView<'v> {
    let placement = place(&view.map, original, state.is_anchored());
    let (quote, prefix, suffix) = match &placement {
        Placement::Shown { range, .. } => (
            view.slice(range.clone()),
            view.slice(range.start.saturating_sub(CONTEXT_CHARS)..range.start),
            view.slice(range.end..range.end.saturating_add(CONTEXT_CHARS)),
        ),
        Placement::Removed { .. } | Placement::Orphan => ("", "", ""),
    };
    InView {
        placement,
        quote,
        prefix,
        suffix,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    fn chars_of(text: &str, needle: &str) -> Range<usize> {
        let byte = text.find(needle).unwrap();
        let start = text[..byte].chars().count();
        start..start + needle.chars().count()
    }

    #[test]
    fn traditional_name_reads_simplified_in_jian() {
        let original = "省委书记黃坤明在廣州調(diào)研。";
        let range = chars_of(original, "黃坤明");
        for (kind, quote) in [
            (ViewKind::Original, "黃坤明"),
            (ViewKind::Clean, "黃坤明"),
            (ViewKind::Simplified, "黄坤明"),
            (ViewKind::Traditional, "黃坤明"),
        ] {
            let view = IndexedView::render(original, kind);
            let shown = in_view(&view, range.clone(), &AnchorState::Anchored);
            assert_eq!(shown.quote, quote, "{kind}");
            assert!(shown.placement.is_exact(), "{kind}");
            assert_eq!(view.slice(shown.placement.range().unwrap()), quote);
        }
    }

    #[test]
    fn context_is_the_views_text() {
        let original = "區委書記在茶亭經(jīng)開區調(diào)研工業(yè)項(xiàng)目";
        let view = IndexedView::render(original, ViewKind::Simplified);
        let shown = in_view(
            &view,
            chars_of(original, "茶亭經(jīng)開區"),
            &AnchorState::Anchored,
        );
        assert_eq!(shown.quote, "茶亭经开区");
        assert_eq!(shown.prefix, "区委书记在");
        assert_eq!(shown.suffix, "调研工业项目");
    }

    #[test]
    fn pinyin_alone_is_removed_and_partial_edges_are_not_exact() {
        let original = "調(diào)研";
        let clean = IndexedView::render(original, ViewKind::Clean);
        assert_eq!(clean.text(), "調研");
        let pinyin = in_view(&clean, 1..7, &AnchorState::Anchored);
        assert_eq!(pinyin.placement, Placement::Removed { at: 1 });
        assert_eq!((pinyin.quote, pinyin.prefix), ("", ""));
        // 調 plus its pinyin: shown as 調, but 調 alone maps back to 0..1, not 0..7.
        let with_pinyin = in_view(&clean, 0..7, &AnchorState::Anchored);
        assert_eq!(
            with_pinyin.placement,
            Placement::Shown {
                range: 0..1,
                exact: false
            }
        );
        assert_eq!(with_pinyin.quote, "調");
        // The same range is exact in the Original view.
        let original_view = IndexedView::render(original, ViewKind::Original);
        assert!(
            in_view(&original_view, 0..7, &AnchorState::Anchored)
                .placement
                .is_exact()
        );
    }

    #[test]
    fn part_of_a_lost_character_widens_to_its_replacement_char() {
        // `?jī)` is one lost character, shown as one U+FFFD.
        let original = "存量?jī)優勢";
        let view = IndexedView::render(original, ViewKind::Clean);
        assert_eq!(view.text(), "存量\u{FFFD}優勢");
        let shown = in_view(&view, 3..4, &AnchorState::Anchored);
        assert_eq!(
            shown.placement,
            Placement::Shown {
                range: 2..3,
                exact: false
            }
        );
        let whole = in_view(&view, 2..6, &AnchorState::Anchored);
        assert!(whole.placement.is_exact());
        assert_eq!(whole.quote, "\u{FFFD}");
    }

    #[test]
    fn the_shared_original_view_is_the_rendered_one() {
        let text = "調(diào)研𠮷\n存量?jī)?yōu)勢";
        let shared = IndexedView::original(&TextIndex::new(text));
        let rendered = IndexedView::render(text, ViewKind::Original);
        assert_eq!(shared.text(), rendered.text());
        assert_eq!(shared.map(), rendered.map());
        assert_eq!(shared.kind(), ViewKind::Original);
        let clean = IndexedView::render(text, ViewKind::Clean);
        assert_eq!(clean.lost_chars(), [6, 7]);
        assert_eq!(clean.slice(6..8), "\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn orphans_and_stale_ranges_are_not_placed() {
        let view = IndexedView::render("𠮷野家", ViewKind::Original);
        assert_eq!(
            in_view(&view, 0..1, &AnchorState::Orphan).placement,
            Placement::Orphan
        );
        assert_eq!(
            in_view(&view, 2..9, &AnchorState::Anchored).placement,
            Placement::Orphan
        );
        let shown = in_view(&view, 0..1, &AnchorState::Anchored);
        assert_eq!((shown.quote, shown.suffix), ("𠮷", "野家"));
    }
}
