//! Ideographic description sequences (IDS, e.g. `⿰讠吾`), which OpenCC copies unchanged instead
//! of converting their parts: a port of its `UTF8Util::NextIdeographicDescriptionSequenceLength`.
//!
//! When a position holds an ideographic description operator (U+2FF0..U+2FFF) that starts a
//! complete sequence (at most 16 levels deep and 64 code points), the whole sequence is copied:
//! `⿰讠吾` stays as it is while a lone `讠` becomes `訁`.
//!
//! Offsets: the ranges returned are byte ranges of the text given, used only inside
//! [`super::stage`] to cut the text between matches; they never leave the converter.

use std::ops::Range;

/// OpenCC's limits on an IDS: nesting depth and code points.
pub(super) const IDS_MAX_DEPTH: usize = 16;
pub(super) const IDS_MAX_CODE_POINTS: usize = 64;

/// Operands of an ideographic description operator; 0 for any other char.
pub(super) fn ids_operator_arity(c: char) -> usize {
    match c {
        '\u{2FF2}' | '\u{2FF3}' => 3,
        '\u{2FFE}' | '\u{2FFF}' => 1,
        '\u{2FF0}'..='\u{2FFD}' => 2,
        _ => 0,
    }
}

/// Outcome of parsing an IDS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IdsParse {
    /// A whole sequence of this many bytes.
    Complete(usize),
    /// The text ended inside the sequence.
    Incomplete,
    /// Too deep or too long.
    Invalid,
}

fn ids_consume(text: &str, depth_left: usize, code_points: &mut usize) -> IdsParse {
    let Some(c) = text.chars().next() else {
        return IdsParse::Incomplete;
    };
    if depth_left == 0 || *code_points >= IDS_MAX_CODE_POINTS {
        return IdsParse::Invalid;
    }
    *code_points += 1;
    let mut offset = c.len_utf8();
    for _ in 0..ids_operator_arity(c) {
        if offset >= text.len() {
            return IdsParse::Incomplete;
        }
        match ids_consume(&text[offset..], depth_left - 1, code_points) {
            IdsParse::Complete(len) => offset += len,
            other => return other,
        }
    }
    IdsParse::Complete(offset)
}

/// The IDS that OpenCC copies unchanged, as byte ranges in order, and the bytes that may be
/// converted: all of `text`, or (when `is_final` is false) up to the first IDS left incomplete
/// by the end of `text`.
pub(super) fn ids_ranges(text: &str, is_final: bool) -> (Vec<Range<usize>>, usize) {
    // Every operator U+2FF0..U+2FFF is E2 BF B0..BF in UTF-8; dictionary keys never hold one,
    // so OpenCC's scan reaches each operator that is not inside an earlier sequence.
    const OPERATOR_PREFIX: &[u8] = b"\xE2\xBF";
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&bytes[from..], OPERATOR_PREFIX) {
        let start = from + found;
        from = start + OPERATOR_PREFIX.len();
        if !bytes
            .get(start + 2)
            .is_some_and(|b| (0xB0..=0xBF).contains(b))
        {
            continue;
        }
        let mut code_points = 0;
        match ids_consume(&text[start..], IDS_MAX_DEPTH, &mut code_points) {
            IdsParse::Complete(len) => {
                ranges.push(start..start + len);
                from = start + len;
            }
            IdsParse::Incomplete if !is_final => return (ranges, start),
            IdsParse::Incomplete | IdsParse::Invalid => {}
        }
    }
    (ranges, text.len())
}

/// The IDS of each segment of `text` (segments end at the sorted byte offsets `bounds`), found
/// as OpenCC finds them when it converts one segment at a time: a sequence never runs past its
/// segment's end.
pub(super) fn ids_ranges_in_segments(text: &str, bounds: &[usize]) -> Vec<Range<usize>> {
    // Most texts hold no operator at all: one scan decides.
    let has_operator = memchr::memmem::find_iter(text.as_bytes(), b"\xE2\xBF").any(|i| {
        text.as_bytes()
            .get(i + 2)
            .is_some_and(|b| (0xB0..=0xBF).contains(b))
    });
    if !has_operator {
        return Vec::new();
    }
    let mut ranges = Vec::new();
    let mut start = 0;
    for end in bounds.iter().copied().chain(std::iter::once(text.len())) {
        if end <= start || !text.is_char_boundary(end) {
            continue;
        }
        let (found, _) = ids_ranges(&text[start..end], true);
        ranges.extend(found.into_iter().map(|r| r.start + start..r.end + start));
        start = end;
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_limits() {
        assert_eq!(
            ids_consume("⿰ab", IDS_MAX_DEPTH, &mut 0),
            IdsParse::Complete(5)
        );
        assert_eq!(
            ids_consume("⿰a", IDS_MAX_DEPTH, &mut 0),
            IdsParse::Incomplete
        );
        let deep = format!("{}a", "⿾".repeat(IDS_MAX_DEPTH));
        assert_eq!(ids_consume(&deep, IDS_MAX_DEPTH, &mut 0), IdsParse::Invalid);
        let ok = format!("{}a", "⿾".repeat(IDS_MAX_DEPTH - 1));
        assert_eq!(
            ids_consume(&ok, IDS_MAX_DEPTH, &mut 0),
            IdsParse::Complete(ok.len())
        );
        let text = "甲⿰ab乙⿱cd⿱c";
        assert_eq!(
            ids_ranges(text, false),
            (vec![3..8, 11..16], 16),
            "stops before ⿱c"
        );
        assert_eq!(ids_ranges(text, true), (vec![3..8, 11..16], text.len()));
    }

    #[test]
    fn ids_stop_at_segment_ends() {
        let text = "甲⿰ab乙⿱cd";
        // One segment: both sequences.
        assert_eq!(ids_ranges_in_segments(text, &[]), vec![3..8, 11..16]);
        // A segment edge inside ⿱cd (after c): that operator is a plain char in its segment.
        assert_eq!(ids_ranges_in_segments(text, &[15]), vec![3..8]);
        // An edge between the sequences changes nothing.
        assert_eq!(ids_ranges_in_segments(text, &[8]), vec![3..8, 11..16]);
        assert!(ids_ranges_in_segments("甲乙丙", &[3, 6]).is_empty());
    }
}
