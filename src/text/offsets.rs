//! `OffsetMap`: the two-way map between a view's text and the Original text.
//!
//! Both sides are counted in Unicode code points (`char`s), gap-indexed: position `p` is the gap
//! before char `p`, so a text of `n` chars has positions `0..=n` and a range is half-open.
//!
//! A map is a sorted list of breakpoints `(view_char, original_char)`. Between two consecutive
//! breakpoints the text is either *kept* (both sides advance by the same count, char `i` maps to
//! char `i`) or a *block* that was rewritten as a whole (the two sides advance by different
//! counts, possibly zero on one side: a deletion or an insertion). Lookups are binary searches;
//! identity stretches cost nothing, so an unchanged article has a two-point map.
//!
//! Ranges map by *overlap*: a block's chars on one side overlap all its chars on the other side,
//! deleted chars overlap nothing. So a selection that touches a rewritten block grows to the whole
//! block, and a selection next to deleted text does not pick it up.
//!
//! ```
//! use pizhu::text::offsets::OffsetMapBuilder;
//! // Original "調(diào)研" shown as "調研": the pinyin (6 chars) is deleted.
//! let mut b = OffsetMapBuilder::new();
//! b.keep(1);
//! b.replace(6, 0);
//! b.keep(1);
//! let map = b.finish();
//! assert_eq!(map.original_range_from_view(0..2), 0..8);
//! assert_eq!(map.original_range_from_view(1..2), 7..8); // "研" alone
//! assert_eq!(map.view_range_from_original(2..4), 1..1); // inside the pinyin: nothing visible
//! ```

use std::ops::Range;

/// A breakpoint: the same gap, seen in the view and in the Original.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Point {
    view_char: usize,
    original_char: usize,
    /// The stretch that ends here was rewritten as a whole (even if both sides have the same
    /// length), rather than kept char for char.
    rewritten: bool,
}

impl Point {
    fn new(view_char: usize, original_char: usize, rewritten: bool) -> Self {
        Self {
            view_char,
            original_char,
            rewritten,
        }
    }

    fn same_place(self, other: Self) -> bool {
        self.view_char == other.view_char && self.original_char == other.original_char
    }
}

/// Which of several candidate positions a single position maps to, when the mapping is not 1:1
/// there (inside a rewritten block, or where text was inserted or deleted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bias {
    /// The smallest candidate: the start of a block, before deleted text.
    Before,
    /// The largest candidate: the end of a block, after deleted text.
    After,
}

/// Two-way position map between a view and the Original text, in chars. See the module docs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OffsetMap {
    /// Sorted in both coordinates; first is `(0, 0)`, last is `(view_len, original_len)`; no two
    /// consecutive points are equal; no point sits between two kept stretches.
    points: Vec<Point>,
}

impl Default for OffsetMap {
    fn default() -> Self {
        Self::identity(0)
    }
}

/// Which coordinate a lookup starts from.
#[derive(Clone, Copy)]
enum Axis {
    View,
    Original,
}

impl Axis {
    fn get(self, point: Point) -> usize {
        match self {
            Self::View => point.view_char,
            Self::Original => point.original_char,
        }
    }

    fn other(self) -> Self {
        match self {
            Self::View => Self::Original,
            Self::Original => Self::View,
        }
    }
}

/// Where a position falls, seen from one axis.
enum Located {
    /// Inside or at the edge of a kept stretch, away from any rewrite: exactly one image.
    Exact(usize),
    /// At a gap where the other side has text of its own (inserted or deleted relative to this
    /// side): every image in `lo..=hi` is the same gap here.
    Gap { lo: usize, hi: usize },
    /// Strictly inside a rewritten block whose image is `lo..hi`.
    InsideBlock { lo: usize, hi: usize },
}

impl OffsetMap {
    /// The map of a view that is the Original itself, `len` chars long.
    pub fn identity(len: usize) -> Self {
        let mut builder = OffsetMapBuilder::new();
        builder.keep(len);
        builder.finish()
    }

    /// Length of the view text, in chars.
    pub fn view_len(&self) -> usize {
        self.points.last().map_or(0, |p| p.view_char)
    }

    /// Length of the Original text, in chars.
    pub fn original_len(&self) -> usize {
        self.points.last().map_or(0, |p| p.original_char)
    }

    /// True when the view is char-for-char the Original (no rewrite anywhere).
    pub fn is_identity(&self) -> bool {
        self.points.len() <= 2
            && self.view_len() == self.original_len()
            && !self.points.iter().any(|p| p.rewritten)
    }

    /// Number of breakpoints (a measure of how much the view differs from the Original).
    pub fn breakpoint_count(&self) -> usize {
        self.points.len()
    }

    /// The breakpoints in order, as `(view_char, original_char, rewritten)`: `rewritten` tells
    /// whether the stretch ending at this point is a block rather than kept char for char. For
    /// storing a map: feeding the stretches between them to an [`OffsetMapBuilder`] (`keep` for
    /// kept ones, `replace` for blocks) rebuilds an equal map whenever no block has the same
    /// length on both sides (true of the Clean view's maps).
    pub fn breakpoints(&self) -> impl ExactSizeIterator<Item = (usize, usize, bool)> + '_ {
        self.points
            .iter()
            .map(|p| (p.view_char, p.original_char, p.rewritten))
    }

    /// The Original position of view position `view_char` (clamped to the view's length).
    pub fn original_from_view(&self, view_char: usize, bias: Bias) -> usize {
        pick(self.locate(Axis::View, view_char), bias)
    }

    /// The view position of Original position `original_char` (clamped to the Original's length).
    pub fn view_from_original(&self, original_char: usize, bias: Bias) -> usize {
        pick(self.locate(Axis::Original, original_char), bias)
    }

    /// The Original range covered by the view range: every Original char that a view char of the
    /// range stands for. Text deleted from the view at the range's edges is not included.
    pub fn original_range_from_view(&self, view: Range<usize>) -> Range<usize> {
        self.map_range(Axis::View, view)
    }

    /// The view range that shows the Original range. A range that lies wholly in deleted text
    /// becomes an empty range at the place the deletion happened.
    pub fn view_range_from_original(&self, original: Range<usize>) -> Range<usize> {
        self.map_range(Axis::Original, original)
    }

    /// The map `view ← original` of a view made in two steps: `inner` maps `middle ← original`
    /// and `outer` maps `view ← middle` (for example Clean, then converted to 简).
    pub fn compose(inner: &OffsetMap, outer: &OffsetMap) -> OffsetMap {
        // Walk the distinct middle positions where either map has a breakpoint. A position
        // strictly inside a block of either map is swallowed by that block.
        let mut middles: Vec<usize> = inner
            .points
            .iter()
            .map(|p| p.view_char)
            .chain(outer.points.iter().map(|p| p.original_char))
            .collect();
        middles.sort_unstable();
        middles.dedup();

        let mut points: Vec<Point> = Vec::with_capacity(middles.len() + 2);
        let mut previous: Option<(usize, Point)> = None;
        let mut swallowed = false;
        for middle in middles {
            let (Some((original_lo, original_hi)), Some((view_lo, view_hi))) = (
                gap_images(inner.locate(Axis::View, middle)),
                gap_images(outer.locate(Axis::Original, middle)),
            ) else {
                swallowed = true;
                continue;
            };
            // The stretch from the previous middle is kept only if both maps keep it whole.
            let kept = previous.is_none_or(|(previous_middle, p)| {
                let span = middle - previous_middle;
                !swallowed && view_lo - p.view_char == span && original_lo - p.original_char == span
            });
            points.push(Point::new(view_lo, original_lo, !kept));
            let end = Point::new(view_hi, original_hi, true);
            if !end.same_place(points[points.len() - 1]) {
                points.push(end);
            }
            previous = Some((middle, end));
            swallowed = false;
        }
        Self::from_points(points)
    }

    /// Builds a normalised map from monotone points (duplicates and redundant points removed).
    fn from_points(raw: Vec<Point>) -> Self {
        let mut points: Vec<Point> = Vec::with_capacity(raw.len());
        for mut point in raw {
            if let Some(last) = points.last()
                && last.same_place(point)
            {
                continue;
            }
            // Drop the previous point if it joins two kept stretches, or two rewrites that are
            // one rewrite (three points on one line where one side does not move).
            if points.len() >= 2 {
                let (a, b) = (points[points.len() - 2], points[points.len() - 1]);
                let same_view = a.view_char == b.view_char && b.view_char == point.view_char;
                let same_original =
                    a.original_char == b.original_char && b.original_char == point.original_char;
                if (is_kept(a, b) && is_kept(b, point)) || same_view || same_original {
                    point.rewritten = !(is_kept(a, b) && is_kept(b, point));
                    points.pop();
                }
            }
            points.push(point);
        }
        if points.is_empty() {
            points.push(Point::new(0, 0, false));
        }
        if points.len() == 1 {
            points.push(points[0]);
        }
        if let Some(first) = points.first_mut() {
            first.rewritten = false;
        }
        Self { points }
    }

    fn locate(&self, axis: Axis, pos: usize) -> Located {
        let other = axis.other();
        let points = &self.points;
        let last = points.len() - 1;
        let pos = pos.min(axis.get(points[last]));
        // First point at or after `pos` on this axis.
        let first_at = points.partition_point(|p| axis.get(*p) < pos);
        if first_at <= last && axis.get(points[first_at]) == pos {
            let after = points[first_at..].partition_point(|p| axis.get(*p) == pos);
            let last_at = first_at + after - 1;
            let (lo, hi) = (other.get(points[first_at]), other.get(points[last_at]));
            return if lo == hi {
                Located::Exact(lo)
            } else {
                Located::Gap { lo, hi }
            };
        }
        // Strictly inside the segment (first_at - 1, first_at); first_at >= 1 since points[0] is 0.
        let (a, b) = (points[first_at - 1], points[first_at]);
        if is_kept(a, b) {
            Located::Exact(other.get(a) + (pos - axis.get(a)))
        } else if other.get(a) == other.get(b) {
            // Inside text that exists only on this side: one gap on the other.
            Located::Exact(other.get(a))
        } else {
            Located::InsideBlock {
                lo: other.get(a),
                hi: other.get(b),
            }
        }
    }

    fn map_range(&self, axis: Axis, range: Range<usize>) -> Range<usize> {
        let start = match self.locate(axis, range.start) {
            Located::Exact(p) => p,
            // Skip text that exists only on the other side; take the whole block.
            Located::Gap { hi, .. } => hi,
            Located::InsideBlock { lo, .. } => lo,
        };
        if range.end <= range.start {
            return start..start;
        }
        let end = match self.locate(axis, range.end) {
            Located::Exact(p) => p,
            Located::Gap { lo, .. } => lo,
            Located::InsideBlock { hi, .. } => hi,
        };
        start..end.max(start)
    }
}

fn is_kept(a: Point, b: Point) -> bool {
    !b.rewritten && b.view_char - a.view_char == b.original_char - a.original_char
}

fn pick(located: Located, bias: Bias) -> usize {
    match (located, bias) {
        (Located::Exact(p), _) => p,
        (Located::Gap { lo, .. } | Located::InsideBlock { lo, .. }, Bias::Before) => lo,
        (Located::Gap { hi, .. } | Located::InsideBlock { hi, .. }, Bias::After) => hi,
    }
}

/// The images of a gap, or `None` when the position is strictly inside a block.
fn gap_images(located: Located) -> Option<(usize, usize)> {
    match located {
        Located::Exact(p) => Some((p, p)),
        Located::Gap { lo, hi } => Some((lo, hi)),
        Located::InsideBlock { .. } => None,
    }
}

/// Builds an [`OffsetMap`] while a view's text is produced left to right.
#[derive(Debug)]
pub struct OffsetMapBuilder {
    points: Vec<Point>,
    /// Whether the stretch ending at the last point was kept (so `keep` may extend it).
    last_kept: bool,
}

impl Default for OffsetMapBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl OffsetMapBuilder {
    /// An empty builder at position `(0, 0)`.
    pub fn new() -> Self {
        Self {
            points: vec![Point::new(0, 0, false)],
            last_kept: false,
        }
    }

    fn end(&self) -> Point {
        self.points[self.points.len() - 1]
    }

    /// `chars` chars copied unchanged (or replaced char for char) from the Original.
    pub fn keep(&mut self, chars: usize) {
        if chars == 0 {
            return;
        }
        let end = self.end();
        let next = Point::new(end.view_char + chars, end.original_char + chars, false);
        if self.last_kept {
            let last = self.points.len() - 1;
            self.points[last] = next;
        } else {
            self.points.push(next);
        }
        self.last_kept = true;
    }

    /// `original_chars` chars of the Original shown as `view_chars` chars of the view, as a block.
    /// Equal counts are treated as [`keep`](Self::keep): char `i` stands for char `i`.
    pub fn replace(&mut self, original_chars: usize, view_chars: usize) {
        if original_chars == view_chars {
            self.keep(view_chars);
            return;
        }
        let end = self.end();
        self.points.push(Point::new(
            end.view_char + view_chars,
            end.original_char + original_chars,
            true,
        ));
        self.last_kept = false;
    }

    /// Appends `map`, the map of the next stretch of the Original shown as the next stretch of
    /// the view (a view made piece by piece, such as conversion around user phrases).
    pub fn append(&mut self, map: &OffsetMap) {
        for pair in map.points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if is_kept(a, b) {
                self.keep(b.view_char - a.view_char);
            } else {
                // Kept as a block even when both sides have the same length.
                let end = self.end();
                self.points.push(Point::new(
                    end.view_char + (b.view_char - a.view_char),
                    end.original_char + (b.original_char - a.original_char),
                    true,
                ));
                self.last_kept = false;
            }
        }
    }

    /// Chars produced so far on the (view, Original) side.
    pub fn position(&self) -> (usize, usize) {
        let end = self.end();
        (end.view_char, end.original_char)
    }

    /// The finished map.
    pub fn finish(self) -> OffsetMap {
        OffsetMap::from_points(self.points)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pinyin_map() -> OffsetMap {
        // "調(diào)研" -> "調研"
        let mut b = OffsetMapBuilder::new();
        b.keep(1);
        b.replace(6, 0);
        b.keep(1);
        b.finish()
    }

    fn lost_char_map() -> OffsetMap {
        // "存量?jī)優" -> "存量\u{FFFD}優": "?jī)" (4 chars) becomes one U+FFFD.
        let mut b = OffsetMapBuilder::new();
        b.keep(2);
        b.replace(4, 1);
        b.keep(1);
        b.finish()
    }

    #[test]
    fn append_concatenates_maps() {
        let mut b = OffsetMapBuilder::new();
        b.keep(2);
        b.append(&pinyin_map());
        b.append(&OffsetMap::identity(3));
        b.append(&lost_char_map());
        let map = b.finish();
        // "ab" + "調(diào)研" + "xyz" + "存量?jī)優".
        assert_eq!(
            (map.view_len(), map.original_len()),
            (2 + 2 + 3 + 4, 2 + 8 + 3 + 7)
        );
        assert_eq!(map.original_range_from_view(3..4), 9..10, "研");
        assert_eq!(map.original_range_from_view(4..7), 10..13, "xyz");
        assert_eq!(map.original_range_from_view(9..10), 15..19, "the lost char");
        // A rewritten block of equal lengths stays a block: 2 chars → 1 → 2.
        let inner = {
            let mut b = OffsetMapBuilder::new();
            b.keep(1);
            b.replace(2, 1);
            b.keep(1);
            b.finish()
        };
        let outer = {
            let mut b = OffsetMapBuilder::new();
            b.keep(1);
            b.replace(1, 2);
            b.keep(1);
            b.finish()
        };
        let block = OffsetMap::compose(&inner, &outer);
        assert_eq!(block.original_range_from_view(1..2), 1..3);
        let mut b = OffsetMapBuilder::new();
        b.append(&block);
        assert_eq!(b.finish(), block);
    }

    #[test]
    fn identity_is_two_points() {
        let map = OffsetMap::identity(5);
        assert!(map.is_identity());
        assert_eq!(map.breakpoint_count(), 2);
        assert_eq!(map.original_from_view(3, Bias::Before), 3);
        assert_eq!(map.view_range_from_original(1..4), 1..4);
        assert_eq!(map.original_from_view(99, Bias::After), 5, "clamped");
    }

    #[test]
    fn deletion_maps_both_ways() {
        let map = pinyin_map();
        assert_eq!((map.view_len(), map.original_len()), (2, 8));
        assert_eq!(map.original_from_view(1, Bias::Before), 1);
        assert_eq!(map.original_from_view(1, Bias::After), 7);
        assert_eq!(map.original_range_from_view(0..1), 0..1, "調 alone");
        assert_eq!(map.original_range_from_view(0..2), 0..8);
        assert_eq!(map.view_range_from_original(0..8), 0..2);
        assert_eq!(map.view_range_from_original(1..7), 1..1);
        assert_eq!(map.view_from_original(4, Bias::Before), 1);
    }

    #[test]
    fn block_expands_selection() {
        let map = lost_char_map();
        assert_eq!(
            map.original_range_from_view(2..3),
            2..6,
            "U+FFFD stands for ?jī)"
        );
        assert_eq!(
            map.view_range_from_original(3..4),
            2..3,
            "part of the block shows it"
        );
        assert_eq!(map.view_from_original(4, Bias::Before), 2);
        assert_eq!(map.view_from_original(4, Bias::After), 3);
    }

    #[test]
    fn compose_clean_then_identity_is_clean() {
        let clean = pinyin_map();
        let composed = OffsetMap::compose(&clean, &OffsetMap::identity(2));
        assert_eq!(composed, clean);
        let composed = OffsetMap::compose(&OffsetMap::identity(8), &clean);
        assert_eq!(composed, clean);
    }

    #[test]
    fn compose_two_rewrites() {
        // Original "AB(x)C" -> middle "ABC" (delete 3 at 2) -> view "AXYC" (B -> XY).
        let mut inner = OffsetMapBuilder::new();
        inner.keep(2);
        inner.replace(3, 0);
        inner.keep(1);
        let inner = inner.finish();
        let mut outer = OffsetMapBuilder::new();
        outer.keep(1);
        outer.replace(1, 2);
        outer.keep(1);
        let outer = outer.finish();
        let map = OffsetMap::compose(&inner, &outer);
        assert_eq!((map.view_len(), map.original_len()), (4, 6));
        assert_eq!(map.original_range_from_view(1..3), 1..2, "XY stands for B");
        assert_eq!(map.original_range_from_view(3..4), 5..6, "C");
        assert_eq!(map.view_range_from_original(5..6), 3..4);
    }

    /// A random map: a sequence of (original_chars, view_chars) steps.
    fn arb_map() -> impl Strategy<Value = OffsetMap> {
        prop::collection::vec((0usize..5, 0usize..5), 0..20).prop_map(|steps| {
            let mut b = OffsetMapBuilder::new();
            for (original, view) in steps {
                b.replace(original, view);
            }
            b.finish()
        })
    }

    /// A random map of the kind our views make: they delete and rewrite, but never insert text
    /// that stands for nothing in the Original.
    fn arb_view_map() -> impl Strategy<Value = OffsetMap> {
        prop::collection::vec((0usize..5, 0usize..5), 0..20).prop_map(|steps| {
            let mut b = OffsetMapBuilder::new();
            for (original, view) in steps {
                b.replace(original, if original == 0 { 0 } else { view });
            }
            b.finish()
        })
    }

    proptest! {
        #[test]
        fn positions_are_monotone_and_in_range(map in arb_map()) {
            let mut previous = (0, 0);
            for view in 0..=map.view_len() {
                let lo = map.original_from_view(view, Bias::Before);
                let hi = map.original_from_view(view, Bias::After);
                prop_assert!(lo <= hi && hi <= map.original_len());
                prop_assert!(previous.0 <= lo && previous.1 <= hi);
                previous = (lo, hi);
            }
            prop_assert_eq!(previous.1, map.original_len());
            let mut previous = (0, 0);
            for original in 0..=map.original_len() {
                let lo = map.view_from_original(original, Bias::Before);
                let hi = map.view_from_original(original, Bias::After);
                prop_assert!(lo <= hi && hi <= map.view_len());
                prop_assert!(previous.0 <= lo && previous.1 <= hi);
                previous = (lo, hi);
            }
            prop_assert_eq!(previous.1, map.view_len());
        }

        #[test]
        fn view_ranges_round_trip(map in arb_view_map(), a in 0usize..100, b in 0usize..100) {
            let len = map.view_len();
            let (start, end) = (a.min(b).min(len), a.max(b).min(len));
            let original = map.original_range_from_view(start..end);
            prop_assert!(original.start <= original.end && original.end <= map.original_len());
            let back = map.view_range_from_original(original.clone());
            // Mapping back covers a selection (it may grow to whole blocks, never shrink). An
            // empty selection (a caret) inside a rewritten block stands for no text: it comes
            // back at the block's edge.
            if start < end {
                prop_assert!(back.start <= start && end <= back.end, "{:?} -> {:?} -> {:?}", start..end, original, back);
            }
            // And the Original range is stable under a second round trip.
            prop_assert_eq!(map.original_range_from_view(back), original);
        }

        #[test]
        fn compose_with_identity_is_neutral(map in arb_map()) {
            prop_assert_eq!(OffsetMap::compose(&map, &OffsetMap::identity(map.view_len())), map.clone());
            prop_assert_eq!(OffsetMap::compose(&OffsetMap::identity(map.original_len()), &map), map);
        }

        #[test]
        fn compose_agrees_with_two_steps_on_kept_chars(inner in arb_map(), steps in prop::collection::vec((0usize..4, 0usize..4), 0..10)) {
            // Build an outer map whose Original is inner's view.
            let mut b = OffsetMapBuilder::new();
            let mut remaining = inner.view_len();
            for (original, view) in steps {
                let original = original.min(remaining);
                b.replace(original, view);
                remaining -= original;
            }
            b.keep(remaining);
            let outer = b.finish();
            let composed = OffsetMap::compose(&inner, &outer);
            prop_assert_eq!(composed.view_len(), outer.view_len());
            prop_assert_eq!(composed.original_len(), inner.original_len());
            // The composed map may merge neighbouring rewrites into one block, so a selection
            // maps to at least what two steps give, never less.
            for start in 0..=outer.view_len() {
                for end in start..=outer.view_len() {
                    let two_steps = inner.original_range_from_view(outer.original_range_from_view(start..end));
                    let once = composed.original_range_from_view(start..end);
                    prop_assert!(once.start <= two_steps.start && two_steps.end <= once.end || two_steps.is_empty(),
                        "{:?}: {:?} does not cover {:?}", start..end, once, two_steps);
                }
            }
        }
    }
}
