//! Re-anchoring: finding an annotation again after its article changed on disk.
//!
//! All positions are chars (code points) of the *new* Original text; an annotation's stored
//! `start..end` are chars of the text it was made on. The steps, cheapest and surest first:
//!
//! 1. **Exact position**: the stored range still holds the stored quote → [`AnchorState::Anchored`].
//! 2. **Exact quote**: every occurrence of the quote (the [`MAX_EXACT_CANDIDATES`] nearest to the
//!    old start) is scored by its context (prefix 20, suffix 20, position 2, as below); the best,
//!    and on a tie the nearest, wins → [`AnchorState::Moved`].
//! 3. **Fuzzy quote**: an approximate search for the quote with at most 34% of its chars edited
//!    (insertions, deletions, substitutions). Candidate windows come from exact hits of pieces of
//!    the quote (split into `edits + 1` pieces, at most 8, so with few edits one piece is always
//!    intact — the pigeonhole filter), of the end of the prefix and the start of the suffix, and
//!    from the old position. Each window (the quote's length plus the edit allowance on each
//!    side) is searched with Sellers' semi-global edit distance, O(quote × window). Windows are
//!    tried nearest the old position first until [`FUZZY_CELL_BUDGET`] DP cells are spent, so one
//!    annotation costs O(text) for the piece searches plus a bounded constant.
//!    Each match is scored like Hypothesis does:
//!    `(50·quote + 20·prefix + 20·suffix + 2·position) / 92`, each term a similarity in 0..=1
//!    (`1 − edits / longer length`; position `1 − distance / text length`). It is accepted when
//!    the quote similarity is at least [`MIN_QUOTE_SIMILARITY`] and the total at least
//!    [`MIN_FUZZY_SCORE`] → [`AnchorState::Fuzzy`]. A three-char name with one char changed
//!    therefore needs nearly intact context on both sides; a one- or two-char quote never
//!    matches fuzzily.
//! 4. Otherwise [`AnchorState::Orphan`]: the annotation keeps its old offsets and quote, stays in
//!    the sidecar and is shown in the side panel.

use std::ops::Range;

use super::model::Annotation;
use crate::text::chars::TextIndex;

/// Weight of the quote's similarity in a fuzzy score (Hypothesis uses the same weights).
pub const QUOTE_WEIGHT: f32 = 50.0;
/// Weight of the prefix's similarity.
pub const PREFIX_WEIGHT: f32 = 20.0;
/// Weight of the suffix's similarity.
pub const SUFFIX_WEIGHT: f32 = 20.0;
/// Weight of the closeness to the old position.
pub const POSITION_WEIGHT: f32 = 2.0;
/// A fuzzy match needs at least this quote similarity (at most 34% of the chars edited).
pub const MIN_QUOTE_SIMILARITY: f32 = 0.66;
/// A fuzzy match needs at least this normalised total score.
pub const MIN_FUZZY_SCORE: f32 = 0.70;
/// Exact occurrences of a quote scored by context (the nearest to the old start).
pub const MAX_EXACT_CANDIDATES: usize = 256;
/// Upper bound of edit-distance cells computed for one annotation's fuzzy search.
pub const FUZZY_CELL_BUDGET: usize = 4_000_000;

/// Hits kept per quote piece (nearest to the old start), so a common piece (的) costs little.
const HITS_PER_PIECE: usize = 32;
/// At most this many quote pieces are searched.
const MAX_PIECES: usize = 8;
/// Length of the prefix tail and suffix head searched as context anchors.
const CONTEXT_GRAM: usize = 8;

/// Where an annotation stands against the current text.
#[derive(Clone, Debug, PartialEq)]
pub enum AnchorState {
    /// At its stored offsets, quote unchanged.
    Anchored,
    /// The exact quote was found elsewhere; `from` is the old range.
    Moved {
        /// The stored range before re-anchoring.
        from: Range<usize>,
    },
    /// An approximate match; `from` is the old range, `score` the normalised score (0..=1).
    Fuzzy {
        /// The stored range before re-anchoring.
        from: Range<usize>,
        /// `(50·quote + 20·prefix + 20·suffix + 2·position) / 92`.
        score: f32,
    },
    /// Not found: the annotation keeps its old offsets and quote.
    Orphan,
}

impl AnchorState {
    /// True unless orphaned.
    pub fn is_anchored(&self) -> bool {
        !matches!(self, Self::Orphan)
    }
}

/// The outcome of [`locate`]: the range in the current text and how it was found.
#[derive(Clone, Debug, PartialEq)]
pub struct Location {
    /// Chars of the current text (the old range for an orphan).
    pub range: Range<usize>,
    /// How.
    pub state: AnchorState,
}

/// Finds `annotation` in `text` (see the module docs). Pure: the annotation is not changed.
pub fn locate(text: &TextIndex, annotation: &Annotation) -> Location {
    let old = annotation.range();
    let quote: Vec<char> = annotation.quote.chars().collect();
    if quote.is_empty() {
        return orphan(old);
    }
    if text.slice(old.clone()) == Some(annotation.quote.as_str()) {
        return Location {
            range: old,
            state: AnchorState::Anchored,
        };
    }
    let context = Context::new(text, annotation);
    if let Some(range) = exact_quote(text, &annotation.quote, quote.len(), &context) {
        return Location {
            range,
            state: AnchorState::Moved { from: old },
        };
    }
    if let Some((range, score)) = fuzzy_quote(text, &quote, &context) {
        return Location {
            range,
            state: AnchorState::Fuzzy { from: old, score },
        };
    }
    orphan(old)
}

/// Re-anchors `annotation` in place: on `Moved` or `Fuzzy` its range moves and its quote, prefix
/// and suffix are re-read from `text` (so the sidecar again describes the text); `Anchored`
/// refreshes a changed prefix/suffix; an orphan is left exactly as it was. `modified` is not
/// touched: this is not the user's edit.
pub fn reanchor(text: &TextIndex, annotation: &mut Annotation) -> AnchorState {
    let location = locate(text, annotation);
    if location.state.is_anchored() {
        annotation.start = location.range.start;
        annotation.end = location.range.end;
        annotation.refresh_context(text);
    }
    location.state
}

fn orphan(old: Range<usize>) -> Location {
    Location {
        range: old,
        state: AnchorState::Orphan,
    }
}

/// What a candidate position is scored against.
struct Context {
    prefix: Vec<char>,
    suffix: Vec<char>,
    /// The old start, clamped into the text.
    hint: usize,
    text_chars: usize,
}

impl Context {
    fn new(text: &TextIndex, annotation: &Annotation) -> Self {
        Self {
            prefix: annotation.prefix.chars().collect(),
            suffix: annotation.suffix.chars().collect(),
            hint: annotation.start.min(text.chars()),
            text_chars: text.chars(),
        }
    }

    /// `20·prefix + 20·suffix + 2·position` for a match at `range` (unnormalised).
    fn score(&self, text: &TextIndex, range: &Range<usize>) -> f32 {
        let prefix_score = if self.prefix.is_empty() {
            1.0
        } else {
            let before: Vec<char> = text
                .slice_clamped(range.start.saturating_sub(self.prefix.len())..range.start)
                .chars()
                .collect();
            similarity(&self.prefix, &before)
        };
        let suffix_score = if self.suffix.is_empty() {
            1.0
        } else {
            let after: Vec<char> = text
                .slice_clamped(range.end..range.end.saturating_add(self.suffix.len()))
                .chars()
                .collect();
            similarity(&self.suffix, &after)
        };
        PREFIX_WEIGHT * prefix_score
            + SUFFIX_WEIGHT * suffix_score
            + POSITION_WEIGHT * self.position_score(range.start)
    }

    fn position_score(&self, start: usize) -> f32 {
        let distance = start.abs_diff(self.hint) as f32;
        1.0 - distance / self.text_chars.max(1) as f32
    }
}

/// Char positions of every occurrence of `needle` in `text`, overlapping ones included.
fn all_occurrences(text: &TextIndex, needle: &str) -> Vec<usize> {
    let mut hits = Vec::new();
    let Some(first) = needle.chars().next() else {
        return hits;
    };
    let haystack = text.text();
    let mut from = 0;
    while let Some(found) = haystack.get(from..).and_then(|rest| rest.find(needle)) {
        let byte = from + found;
        hits.push(text.char_from_byte(byte));
        // Step one char, not the whole needle: "啊啊" occurs twice in "啊啊啊".
        from = byte + first.len_utf8();
    }
    hits
}

/// Keeps the `limit` values nearest to `hint` (ties: the smaller value), nearest first.
fn nearest(mut values: Vec<usize>, hint: usize, limit: usize) -> Vec<usize> {
    values.sort_unstable_by_key(|&v| (v.abs_diff(hint), v));
    values.dedup();
    values.truncate(limit);
    values
}

fn exact_quote(
    text: &TextIndex,
    quote: &str,
    quote_chars: usize,
    context: &Context,
) -> Option<Range<usize>> {
    let starts = nearest(
        all_occurrences(text, quote),
        context.hint,
        MAX_EXACT_CANDIDATES,
    );
    let mut best: Option<(f32, Range<usize>)> = None;
    for start in starts {
        let range = start..start + quote_chars;
        let score = context.score(text, &range);
        // Strictly greater: candidates come nearest first, so a tie keeps the nearest.
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, range));
        }
    }
    best.map(|(_, range)| range)
}

fn fuzzy_quote(text: &TextIndex, quote: &[char], context: &Context) -> Option<(Range<usize>, f32)> {
    let m = quote.len();
    let max_edits = m * 34 / 100;
    if max_edits == 0 {
        return None;
    }
    let starts = candidate_starts(text, quote, max_edits, context);
    let total_weight = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;
    let mut budget = FUZZY_CELL_BUDGET;
    let mut best: Option<(f32, Range<usize>)> = None;
    for expected in starts {
        let window_start = expected.saturating_sub(max_edits + 1);
        let window_end = (expected + m + max_edits + 1).min(text.chars());
        if window_start >= window_end {
            continue;
        }
        let window: Vec<char> = text
            .slice_clamped(window_start..window_end)
            .chars()
            .collect();
        let cells = m * window.len();
        if cells > budget {
            break;
        }
        budget -= cells;
        let Some(found) = best_in_window(quote, &window, max_edits) else {
            continue;
        };
        let range = window_start + found.start..window_start + found.end;
        let quote_score = 1.0 - found.edits as f32 / m.max(range.len()) as f32;
        if quote_score < MIN_QUOTE_SIMILARITY {
            continue;
        }
        let score = (QUOTE_WEIGHT * quote_score + context.score(text, &range)) / total_weight;
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, range));
        }
    }
    best.filter(|(score, _)| *score >= MIN_FUZZY_SCORE)
        .map(|(score, range)| (range, score))
}

/// Where the quote might start: from exact hits of its pieces and of the context, plus the old
/// position; nearest to the old position first, with near-duplicates (closer than the edit
/// allowance, which every window covers anyway) removed.
fn candidate_starts(
    text: &TextIndex,
    quote: &[char],
    max_edits: usize,
    context: &Context,
) -> Vec<usize> {
    let m = quote.len();
    let mut starts = vec![context.hint];
    let pieces = (max_edits + 1).min(MAX_PIECES);
    let piece_len = (m / pieces).max(1);
    for p in 0..pieces {
        let offset = p * piece_len;
        let end = if p + 1 == pieces {
            m
        } else {
            offset + piece_len
        };
        let Some(chars) = quote.get(offset..end) else {
            continue;
        };
        let piece: String = chars.iter().collect();
        let hits = all_occurrences(text, &piece);
        let expected = hits.into_iter().map(|h| h.saturating_sub(offset)).collect();
        starts.extend(nearest(expected, context.hint, HITS_PER_PIECE));
    }
    let prefix_gram: String = context.prefix[context.prefix.len().saturating_sub(CONTEXT_GRAM)..]
        .iter()
        .collect();
    if !prefix_gram.is_empty() {
        let gram_chars = prefix_gram.chars().count();
        let expected = all_occurrences(text, &prefix_gram)
            .into_iter()
            .map(|h| h + gram_chars)
            .collect();
        starts.extend(nearest(expected, context.hint, HITS_PER_PIECE));
    }
    let suffix_gram: String = context.suffix.iter().take(CONTEXT_GRAM).collect();
    if !suffix_gram.is_empty() {
        let expected = all_occurrences(text, &suffix_gram)
            .into_iter()
            .map(|h| h.saturating_sub(m))
            .collect();
        starts.extend(nearest(expected, context.hint, HITS_PER_PIECE));
    }
    let mut kept: Vec<usize> = Vec::new();
    for start in nearest(starts, context.hint, usize::MAX) {
        if kept.iter().all(|k| k.abs_diff(start) > max_edits) {
            kept.push(start);
        }
    }
    kept
}

/// A match of the pattern inside a window, in window chars.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct WindowMatch {
    start: usize,
    end: usize,
    edits: usize,
}

/// Sellers' algorithm: the substring of `window` with the fewest edits to `pattern` (at most
/// `max_edits`); ties go to the length closest to the pattern's, then to the earliest end.
fn best_in_window(pattern: &[char], window: &[char], max_edits: usize) -> Option<WindowMatch> {
    let m = pattern.len();
    // Column j of the DP: edits[i] = fewest edits aligning pattern[..i] with a substring of
    // window ending at j; origin[i] = where that substring starts.
    let mut edits: Vec<usize> = (0..=m).collect();
    let mut origin: Vec<usize> = vec![0; m + 1];
    let mut next_edits = vec![0; m + 1];
    let mut next_origin = vec![0; m + 1];
    let mut best: Option<WindowMatch> = None;
    for (j, &w) in window.iter().enumerate() {
        next_edits[0] = 0;
        next_origin[0] = j + 1;
        for i in 1..=m {
            let substitute = edits[i - 1] + usize::from(pattern[i - 1] != w);
            let skip_text = edits[i] + 1;
            let skip_pattern = next_edits[i - 1] + 1;
            (next_edits[i], next_origin[i]) =
                if substitute <= skip_text && substitute <= skip_pattern {
                    (substitute, origin[i - 1])
                } else if skip_text <= skip_pattern {
                    (skip_text, origin[i])
                } else {
                    (skip_pattern, next_origin[i - 1])
                };
        }
        std::mem::swap(&mut edits, &mut next_edits);
        std::mem::swap(&mut origin, &mut next_origin);
        let candidate = WindowMatch {
            start: origin[m],
            end: j + 1,
            edits: edits[m],
        };
        if candidate.edits > max_edits || candidate.start >= candidate.end {
            continue;
        }
        let better = best.is_none_or(|b| {
            (
                candidate.edits,
                (candidate.end - candidate.start).abs_diff(m),
            ) < (b.edits, (b.end - b.start).abs_diff(m))
        });
        if better {
            best = Some(candidate);
        }
    }
    best
}

/// Levenshtein distance over chars (two rows).
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// `1 − distance / longer length`, in 0..=1 (two empty strings are identical).
fn similarity(a: &[char], b: &[char]) -> f32 {
    let longer = a.len().max(b.len());
    if longer == 0 {
        return 1.0;
    }
    1.0 - levenshtein(a, b) as f32 / longer as f32
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn annotate(text: &str, quote: &str) -> Annotation {
        let byte = text.find(quote).unwrap();
        let start = text[..byte].chars().count();
        Annotation::new(text, start..start + quote.chars().count(), None, "").unwrap()
    }

    const TEXT: &str = "广州市委常委会召开会议，传达学习习近平总书记重要讲话精神。会议强调，要坚持稳中求进工作总基调，推动经济持续回升向好。";

    #[test]
    fn levenshtein_counts_char_edits() {
        assert_eq!(levenshtein(&chars("黃坤明"), &chars("黃坤明")), 0);
        assert_eq!(levenshtein(&chars("黃坤明"), &chars("黄坤明")), 1);
        assert_eq!(levenshtein(&chars("調研"), &chars("調(diào)研")), 6);
        assert_eq!(levenshtein(&chars(""), &chars("abc")), 3);
        assert!((similarity(&chars("abcd"), &chars("abce")) - 0.75).abs() < 1e-6);
        assert!((similarity(&[], &[]) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn sellers_finds_the_closest_substring() {
        let found = best_in_window(&chars("稳中求进"), &chars("要坚持稳中求近工作"), 1).unwrap();
        assert_eq!((found.start, found.end, found.edits), (3, 7, 1));
        assert_eq!(
            best_in_window(&chars("稳中求进"), &chars("完全不同的话"), 1),
            None
        );
    }

    #[test]
    fn unchanged_text_is_anchored() {
        let a = annotate(TEXT, "习近平总书记");
        let location = locate(&TextIndex::new(TEXT), &a);
        assert_eq!(location.state, AnchorState::Anchored);
        assert_eq!(location.range, a.range());
    }

    #[test]
    fn insertion_before_moves_the_annotation() {
        let mut a = annotate(TEXT, "稳中求进");
        let old = a.range();
        let new_text = format!("（新华社广州电）{TEXT}");
        let index = TextIndex::new(new_text.as_str());
        let state = reanchor(&index, &mut a);
        assert_eq!(state, AnchorState::Moved { from: old.clone() });
        assert_eq!(a.range(), old.start + 8..old.end + 8);
        assert_eq!(index.slice(a.range()), Some("稳中求进"));
        assert_eq!(a.prefix.chars().count(), 32);
    }

    #[test]
    fn the_right_repeat_wins_by_context() {
        let text = "会议强调甲。会议强调乙。会议强调丙。";
        let a = annotate(text, "会议强调丙");
        // Shorten the quote to the repeated part, keeping the context of the third one.
        let mut a = Annotation {
            end: a.start + 4,
            quote: "会议强调".into(),
            suffix: "丙。".into(),
            ..a
        };
        a.prefix = "会议强调甲。会议强调乙。".into();
        let new_text = format!("前言。{text}");
        let index = TextIndex::new(new_text.as_str());
        let state = reanchor(&index, &mut a);
        assert!(matches!(state, AnchorState::Moved { .. }), "{state:?}");
        assert_eq!(a.start, 15, "the third 会议强调, by its suffix 丙");
    }

    #[test]
    fn slightly_edited_passage_is_fuzzy() {
        let mut a = annotate(TEXT, "要坚持稳中求进工作总基调");
        let new_text = TEXT.replace("要坚持稳中求进工作总基调", "要坚持稳中求进的工作总基调");
        let index = TextIndex::new(new_text.as_str());
        let state = reanchor(&index, &mut a);
        let AnchorState::Fuzzy { score, .. } = state else {
            panic!("expected fuzzy, got {state:?}");
        };
        assert!(score > 0.9, "{score}");
        assert_eq!(a.quote, "要坚持稳中求进的工作总基调");
        assert_eq!(index.slice(a.range()), Some(a.quote.as_str()));
    }

    #[test]
    fn short_quote_with_a_changed_char_needs_its_context() {
        let text = "省委书记黃坤明在廣州調研。";
        let mut a = annotate(text, "黃坤明");
        let edited = text.replace("黃坤明", "黄坤明");
        let state = reanchor(&TextIndex::new(edited.as_str()), &mut a);
        assert!(matches!(state, AnchorState::Fuzzy { .. }), "{state:?}");
        assert_eq!(a.quote, "黄坤明");

        let mut b = annotate(text, "黃坤明");
        let rewritten = "今天天气很好，黄坤明去了北京。";
        let state = reanchor(&TextIndex::new(rewritten), &mut b);
        assert_eq!(
            state,
            AnchorState::Orphan,
            "no context, one of three chars changed"
        );
    }

    #[test]
    fn deleted_passage_is_orphaned_and_untouched() {
        let mut a = annotate(TEXT, "推动经济持续回升向好");
        let before = a.clone();
        let new_text = TEXT.replace("推动经济持续回升向好", "");
        let state = reanchor(&TextIndex::new(new_text.as_str()), &mut a);
        assert_eq!(state, AnchorState::Orphan);
        assert_eq!(a, before);
    }

    #[test]
    fn overlapping_occurrences_are_all_found() {
        let index = TextIndex::new("啊啊啊");
        assert_eq!(all_occurrences(&index, "啊啊"), vec![0, 1]);
        assert_eq!(all_occurrences(&index, ""), Vec::<usize>::new());
    }

    #[test]
    fn old_range_past_the_end_does_not_panic() {
        let a = Annotation {
            start: 500,
            end: 504,
            ..annotate(TEXT, "稳中求进")
        };
        let location = locate(&TextIndex::new(TEXT), &a);
        assert!(matches!(location.state, AnchorState::Moved { .. }));
        let gone = Annotation {
            quote: "不存在的内容".into(),
            ..a
        };
        assert_eq!(
            locate(&TextIndex::new("短"), &gone).state,
            AnchorState::Orphan
        );
    }
}
