//! Stages: one config's dictionaries merged into leftmost-longest automata, run one after the
//! other with an offset map per stage.
//!
//! A stage of OpenCC 1.4.2 scans left to right. At each position it takes the longest dictionary
//! key that starts there and outputs the *first* candidate of that entry; with no key it copies
//! one char (an IDS, [`super::ids`], is copied whole). Every phrase key in the bundled data has
//! at least two chars and every character key has one, so "the first child with a match" of a
//! `short_circuit` group always equals "the longest match, earlier dictionary first on ties"
//! (checked when a stage is built). A stage is therefore one leftmost-longest Aho-Corasick
//! automaton (`daachorse`) over its merged dictionaries, run between the IDS: the same result as
//! OpenCC's greedy scan, at a fraction of its cost.
//!
//! Offsets: each stage's [`OffsetMap`] maps chars of its output to chars of its input; the maps of
//! a chain compose into output ← Original. Byte offsets are used inside this file only.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

use super::config::{Config, StageSpec};
use super::dictionary::dict_entries;
use super::ids::ids_ranges;
use crate::text::offsets::{OffsetMap, OffsetMapBuilder};

/// What a dictionary key becomes.
#[derive(Clone, Copy, Debug)]
pub(super) struct Entry {
    /// The first candidate, a slice of the embedded dictionary text.
    value: &'static str,
    key_chars: u32,
    value_chars: u32,
}

/// One stage: all its dictionaries merged into one leftmost-longest automaton.
pub(super) struct Stage {
    /// `None` when the stage has no entries (or the automaton could not be built).
    automaton: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    /// Indexed by the automaton's pattern value.
    entries: Vec<Entry>,
    /// A match in an earlier `short_circuit` child can never be shorter than one in a later
    /// child (the shortest key of each child is at least as long as the longest key of every
    /// later child). Then OpenCC's "first child with a match wins" equals the leftmost-longest
    /// match over all children merged, which is what the automaton computes.
    short_circuit_exact: bool,
    /// Which of [`CUT_CANDIDATES`] some key contains.
    keys_hold_cut_candidate: [bool; CUT_CANDIDATES.len()],
    /// A quick test that a text holds no key, when the keys' first bytes allow one.
    prefilter: Option<LeadPairs>,
}

impl Stage {
    pub(super) fn build(spec: StageSpec) -> Self {
        let mut seen: HashSet<&'static str> = HashSet::new();
        let mut patterns: Vec<(&'static str, u32)> = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        let mut keys_hold_cut_candidate = [false; CUT_CANDIDATES.len()];
        // Shortest and longest key (in chars) of each short-circuit child.
        let mut bounds: Vec<(u32, u32)> = Vec::with_capacity(spec.len());
        // Priority order: the first dictionary that has a key keeps it (OpenCC's matcher never
        // replaces a key it has seen, and short-circuit groups try earlier children first).
        for group in spec {
            let mut group_bounds = (u32::MAX, 0);
            for dict in group.iter() {
                for (key, value, _) in dict_entries(*dict) {
                    let key_chars = count_u32(key);
                    group_bounds = (group_bounds.0.min(key_chars), group_bounds.1.max(key_chars));
                    // Ideographs are never cut candidates; skip the search for them.
                    for c in key
                        .chars()
                        .filter(|c| !('\u{3400}'..'\u{F900}').contains(c))
                    {
                        if let Some(i) = CUT_CANDIDATES.iter().position(|x| *x == c) {
                            keys_hold_cut_candidate[i] = true;
                        }
                    }
                    if key.is_empty() || !seen.insert(key) {
                        continue;
                    }
                    let Ok(index) = u32::try_from(entries.len()) else {
                        log::error!("{}: too many dictionary entries", dict.name);
                        break;
                    };
                    patterns.push((key, index));
                    entries.push(Entry {
                        value,
                        key_chars,
                        value_chars: count_u32(value),
                    });
                }
            }
            bounds.push(group_bounds);
        }
        let short_circuit_exact = bounds.iter().enumerate().all(|(i, &(shortest, _))| {
            bounds[i + 1..]
                .iter()
                .all(|&(_, longest)| shortest >= longest)
        });
        let prefilter = LeadPairs::of_keys(patterns.iter().map(|(key, _)| *key));
        let automaton = if patterns.is_empty() {
            None
        } else {
            match CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build_with_values(patterns)
            {
                Ok(automaton) => Some(automaton),
                Err(e) => {
                    // Only possible if the bundled data were corrupt; tests build every table.
                    log::error!(
                        "OpenCC dictionary automaton not built, text left unconverted: {e}"
                    );
                    None
                }
            }
        };
        Self {
            automaton,
            entries,
            short_circuit_exact,
            keys_hold_cut_candidate,
            prefilter,
        }
    }

    /// True when some key occurs in `text` (so the stage may change it).
    fn matches_in(&self, text: &str) -> bool {
        // The normalisation stage almost never matches; scanning for its keys' first bytes is
        // several times faster than running the automaton over the whole text.
        if self
            .prefilter
            .as_ref()
            .is_some_and(|prefilter| !prefilter.may_match(text.as_bytes()))
        {
            return false;
        }
        self.automaton
            .as_ref()
            .is_some_and(|automaton| automaton.leftmost_find_iter(text).next().is_some())
    }

    /// Converts `text`, copying the `verbatim` byte ranges (IDS) unchanged.
    fn run(
        &self,
        text: &str,
        verbatim: &[Range<usize>],
        out: &mut String,
        mut map: Option<&mut OffsetMapBuilder>,
    ) {
        let mut pos = 0;
        for range in verbatim {
            self.convert_span(&text[pos..range.start], out, map.as_deref_mut());
            let kept = &text[range.clone()];
            out.push_str(kept);
            if let Some(map) = map.as_deref_mut() {
                map.keep(kept.chars().count());
            }
            pos = range.end;
        }
        self.convert_span(&text[pos..], out, map);
    }

    /// Converts a span that holds no IDS: leftmost-longest matches replaced, the rest copied.
    fn convert_span(&self, text: &str, out: &mut String, map: Option<&mut OffsetMapBuilder>) {
        let Some(automaton) = &self.automaton else {
            out.push_str(text);
            if let Some(map) = map {
                map.keep(text.chars().count());
            }
            return;
        };
        let mut last = 0;
        match map {
            // The fast path: two appends per match, nothing else.
            None => {
                for m in automaton.leftmost_find_iter(text) {
                    out.push_str(&text[last..m.start()]);
                    match self.entries.get(m.value() as usize) {
                        Some(entry) => out.push_str(entry.value),
                        None => out.push_str(&text[m.start()..m.end()]),
                    }
                    last = m.end();
                }
            }
            Some(map) => {
                for m in automaton.leftmost_find_iter(text) {
                    let gap = &text[last..m.start()];
                    out.push_str(gap);
                    map.keep(gap.chars().count());
                    match self.entries.get(m.value() as usize) {
                        Some(entry) => {
                            out.push_str(entry.value);
                            map.replace(entry.key_chars as usize, entry.value_chars as usize);
                        }
                        None => {
                            let key = &text[m.start()..m.end()];
                            out.push_str(key);
                            map.keep(key.chars().count());
                        }
                    }
                    last = m.end();
                }
                map.keep(text[last..].chars().count());
            }
        }
        out.push_str(&text[last..]);
    }
}

/// The first two UTF-8 bytes of every key, as at most two `(lead byte, second byte range)`
/// pairs: a cheap necessary condition for a key to start at a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct LeadPairs {
    /// `(lead, lowest second byte, highest second byte)`; the second entry may repeat the first.
    pairs: [(u8, u8, u8); 2],
}

impl LeadPairs {
    /// `None` when the keys start with more than two distinct lead bytes (no gain then).
    fn of_keys<'a>(keys: impl Iterator<Item = &'a str>) -> Option<Self> {
        let mut pairs: Vec<(u8, u8, u8)> = Vec::new();
        for key in keys {
            let (lead, second) = match key.as_bytes() {
                [] => continue,
                // A one-byte first char may be followed by anything.
                [lead, ..] if *lead < 0x80 => (*lead, None),
                [lead, second, ..] => (*lead, Some(*second)),
                [lead] => (*lead, None),
            };
            let (lo, hi) = second.map_or((0, u8::MAX), |b| (b, b));
            match pairs.iter().position(|(l, _, _)| *l == lead) {
                Some(i) => pairs[i] = (lead, pairs[i].1.min(lo), pairs[i].2.max(hi)),
                None if pairs.len() < 2 => pairs.push((lead, lo, hi)),
                None => return None,
            }
        }
        let first = *pairs.first()?;
        Some(Self {
            pairs: [first, *pairs.get(1).unwrap_or(&first)],
        })
    }

    /// False when no key can start anywhere in `bytes`.
    fn may_match(&self, bytes: &[u8]) -> bool {
        let [(lead0, lo0, hi0), (lead1, lo1, hi1)] = self.pairs;
        let (span0, span1) = (hi0.wrapping_sub(lo0), hi1.wrapping_sub(lo1));
        let Some((&last, _)) = bytes.split_last() else {
            return false;
        };
        // A key of one ASCII char can also start at the very last byte.
        if (last == lead0 && lead0 < 0x80) || (last == lead1 && lead1 < 0x80) {
            return true;
        }
        // Branch-free over fixed blocks so the compiler vectorises it.
        const BLOCK: usize = 64;
        let firsts = &bytes[..bytes.len() - 1];
        let seconds = &bytes[1..];
        firsts
            .chunks(BLOCK)
            .zip(seconds.chunks(BLOCK))
            .any(|(firsts, seconds)| {
                firsts
                    .iter()
                    .zip(seconds)
                    .fold(false, |hit, (&first, &second)| {
                        hit | ((first == lead0) & (second.wrapping_sub(lo0) <= span0))
                            | ((first == lead1) & (second.wrapping_sub(lo1) <= span1))
                    })
            })
    }
}

/// Char count of a dictionary string (keys and values are short).
fn count_u32(s: &str) -> u32 {
    u32::try_from(s.chars().count()).unwrap_or(u32::MAX)
}

/// All stages of one config, built.
pub(super) struct Tables {
    stages: Vec<Stage>,
    /// Chars that occur in no key of any stage, after which a stream may be cut.
    cut_chars: Vec<char>,
}

/// Candidates for [`Tables::cut_chars`], most common first.
const CUT_CANDIDATES: [char; 12] = [
    '\n', '。', '，', ' ', '\r', '、', '；', '！', '？', '.', ',', '：',
];

impl Tables {
    pub(super) fn build(config: &Config) -> Self {
        let stages: Vec<Stage> = config
            .stages
            .iter()
            .map(|stage| Stage::build(stage))
            .collect();
        if stages.iter().any(|stage| !stage.short_circuit_exact) {
            // Only if the dictionaries change: a later short-circuit child then has longer keys
            // than an earlier one, and merged matching may differ from OpenCC.
            log::warn!("OpenCC dictionaries: short-circuit children are not length-ordered");
        }
        let cut_chars = CUT_CANDIDATES
            .iter()
            .enumerate()
            .filter(|(i, _)| !stages.iter().any(|stage| stage.keys_hold_cut_candidate[*i]))
            .map(|(_, c)| *c)
            .collect();
        Self { stages, cut_chars }
    }

    /// Runs every stage over `text`, appending the result to `out`. Returns the bytes of `text`
    /// consumed and, if `want_map`, the map of the output to those bytes' chars.
    ///
    /// With `is_final` false the text is a chunk of a longer input: conversion stops before an
    /// IDS that the chunk's end leaves incomplete (the rest of the input decides it).
    pub(super) fn run(
        &self,
        text: &str,
        is_final: bool,
        out: &mut String,
        want_map: bool,
    ) -> (usize, Option<OffsetMap>) {
        let (first_verbatim, consumed) = ids_ranges(text, is_final);
        let text = &text[..consumed];
        // Stages that find nothing to change are skipped; the last stage writes into `out`.
        let last = self.stages.len().saturating_sub(1);
        let mut current: Cow<'_, str> = Cow::Borrowed(text);
        let mut verbatim = Some(first_verbatim);
        let mut map: Option<OffsetMap> = None;
        for (i, stage) in self.stages.iter().enumerate() {
            if i < last && !stage.matches_in(&current) {
                continue;
            }
            // IDS are found again on each stage's own input, as OpenCC does.
            let ranges = match verbatim.take() {
                Some(ranges) => ranges,
                None => ids_ranges(&current, true).0,
            };
            let mut builder = want_map.then(OffsetMapBuilder::new);
            if i == last {
                stage.run(&current, &ranges, out, builder.as_mut());
            } else {
                let mut next = String::with_capacity(current.len() + current.len() / 8);
                stage.run(&current, &ranges, &mut next, builder.as_mut());
                current = Cow::Owned(next);
            }
            if let Some(builder) = builder {
                let stage_map = builder.finish();
                map = Some(match map {
                    Some(inner) if !stage_map.is_identity() => {
                        OffsetMap::compose(&inner, &stage_map)
                    }
                    Some(inner) => inner,
                    None => stage_map,
                });
            }
        }
        if self.stages.is_empty() {
            out.push_str(text);
        }
        (consumed, map)
    }

    /// Where to cut the pending bytes of a stream: just after the last newline, else after the
    /// last other cut char; 0 when there is none yet.
    pub(super) fn stream_cut(&self, pending: &[u8]) -> usize {
        if self.cut_chars.contains(&'\n')
            && let Some(i) = memchr::memrchr(b'\n', pending)
        {
            return i + 1;
        }
        // The pending bytes may end inside a char; look only at the valid prefix.
        let valid = match std::str::from_utf8(pending) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&pending[..e.valid_up_to()]).unwrap_or(""),
        };
        valid
            .char_indices()
            .rev()
            .find(|(_, c)| self.cut_chars.contains(c))
            .map_or(0, |(i, c)| i + c.len_utf8())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::convert::config::{CONFIGS, S2T};
    use crate::text::convert::dictionary::{CJK_COMPATIBILITY_IDEOGRAPHS, DictFile};
    use crate::text::convert::ids::ids_operator_arity;
    use crate::text::offsets::Bias;

    #[test]
    fn bundled_data_is_merged_exactly() {
        for spec in CONFIGS {
            let tables = Tables::build(spec);
            assert_eq!(tables.stages.len(), spec.stages.len(), "{}", spec.name);
            assert!(tables.stages.iter().all(|stage| stage.automaton.is_some()));
            assert!(tables.stages.iter().all(|stage| stage.short_circuit_exact));
            assert!(tables.cut_chars.contains(&'\n') && tables.cut_chars.contains(&'。'));
            // No key or value holds an IDS operator, so IDS are the same in every stage.
            for dict in spec
                .stages
                .iter()
                .flat_map(|s| s.iter())
                .flat_map(|g| g.iter())
            {
                for (key, _, candidates) in dict_entries(*dict) {
                    assert!(
                        !key.chars()
                            .chain(candidates.chars())
                            .any(|c| ids_operator_arity(c) > 0)
                    );
                }
            }
        }
    }

    #[test]
    fn lead_pairs_prefilter() {
        let compat = Stage::build(&[&[CJK_COMPATIBILITY_IDEOGRAPHS]]);
        let pairs = compat.prefilter.expect("two lead bytes: EF and F0");
        assert_eq!(pairs.pairs, [(0xEF, 0xA4, 0xAB), (0xF0, 0xAF, 0xAF)]);
        assert!(
            !pairs.may_match("，。發展（ＡＢＣ）🌍".as_bytes()),
            "EF BC.. is fullwidth"
        );
        assert!(pairs.may_match("發\u{F900}展".as_bytes()));
        assert!(pairs.may_match("\u{2F800}".as_bytes()));
        assert!(!pairs.may_match(b""));
        let ascii = LeadPairs::of_keys(["PS", "中"].into_iter()).expect("two leads");
        assert!(
            ascii.may_match(b"xP"),
            "a one-char ASCII lead may end the text"
        );
        assert_eq!(LeadPairs::of_keys(["中", "國", "a"].into_iter()), None);
        assert!(Stage::build(S2T.stages[1]).prefilter.is_none());
    }

    #[test]
    fn short_circuit_check_spots_unordered_children() {
        const SHORT: DictFile = DictFile {
            name: "short",
            text: "甲\tX\n",
        };
        const LONG: DictFile = DictFile {
            name: "long",
            text: "甲乙\tY\n",
        };
        assert!(Stage::build(&[&[LONG], &[SHORT]]).short_circuit_exact);
        assert!(
            Stage::build(&[&[LONG, SHORT]]).short_circuit_exact,
            "a union is longest-first"
        );
        assert!(!Stage::build(&[&[SHORT], &[LONG]]).short_circuit_exact);
    }

    /// A stage whose entries change length, to check the map machinery the bundled s2t/t2s never
    /// exercise (regional configs such as s2twp would).
    #[test]
    fn length_changing_stages_compose_maps() {
        const NORMALISE: DictFile = DictFile {
            name: "test-norm",
            text: "甲\t甲甲\n",
        };
        const CONVERT: DictFile = DictFile {
            name: "test-conv",
            text: "甲甲乙\t丙\n乙\t丁丁 戊\n",
        };
        const SPEC: Config = Config {
            name: "test",
            stages: &[&[&[NORMALISE]], &[&[CONVERT]]],
        };
        let tables = Tables::build(&SPEC);
        let mut out = String::new();
        // 甲乙 → 甲甲乙 → 丙; 乙 → 丁丁.
        let (consumed, map) = tables.run("x甲乙y乙", true, &mut out, true);
        assert_eq!(consumed, "x甲乙y乙".len());
        assert_eq!(out, "x丙y丁丁");
        let map = map.expect("a map was asked for");
        assert_eq!((map.view_len(), map.original_len()), (5, 5));
        assert_eq!(
            map.original_range_from_view(1..2),
            1..3,
            "丙 stands for 甲乙"
        );
        assert_eq!(map.view_range_from_original(4..5), 3..5, "乙 became 丁丁");
        assert_eq!(map.original_from_view(2, Bias::Before), 3, "y");
    }
}
