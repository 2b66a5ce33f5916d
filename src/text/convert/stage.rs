//! Stages: one config's dictionaries merged into leftmost-longest automata, run one after the
//! other with an offset map per stage, segment by segment where the config segments the text.
//!
//! A stage of OpenCC 1.4.2 scans left to right. At each position it takes a dictionary key that
//! starts there and outputs the *first* candidate of that entry; with no key it copies one char
//! (an IDS, [`super::ids`], is copied whole). Which key: in a `union` group the longest, in a
//! `short_circuit` group the first child that has any key there (then that child's longest).
//! A stage here is one leftmost-longest Aho-Corasick automaton (`daachorse`) over all its
//! dictionaries merged, after dropping every key of a later `short_circuit` child that has a key
//! of an earlier child as a prefix (or equal): wherever such a key matches, the earlier child
//! matches too and wins, so it can never be chosen, and with it gone "longest match" picks
//! exactly OpenCC's match (`TWPhrases` has one-char keys, e.g. `宏`, ahead of the three-char
//! `TWVariantsPhrases`, so `s2twp` needs this).
//!
//! Segments: where a config segments the text ([`super::config`]), a stage must not match
//! across a segment edge. Edges are byte offsets of the stage's input ("bounds"); a match that
//! would cross one is re-run inside its segment and the scan restarts at the edge, so the common
//! case stays one pass of the automaton. Each stage reports where the edges land in its output,
//! for the next stage.
//!
//! Offsets: each stage's [`OffsetMap`] maps chars of its output to chars of its input; the maps of
//! a chain compose into output ← input. Byte offsets are used inside this file only.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

use super::Ambiguity;
use super::config::Config;
use super::dictionary::{DictFile, dict_entries};
use super::ids::{ids_ranges, ids_ranges_in_segments};
use crate::text::offsets::{OffsetMap, OffsetMapBuilder};

/// What a dictionary key becomes.
#[derive(Clone, Copy, Debug)]
pub(super) struct Entry {
    /// The first candidate, a slice of the embedded dictionary text.
    value: &'static str,
    key_chars: u32,
    value_chars: u32,
}

/// One stage: all its dictionaries merged into one leftmost-longest automaton, with the
/// one-char keys in a [`CharMap`] beside it when that is faster (see [`Stage::build`]).
pub(super) struct Stage {
    /// `None` when the stage has no keys of its own (or the automaton could not be built).
    automaton: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    /// The one-char keys, when they are not in `automaton`.
    chars: CharMap,
    /// Indexed by the automaton's pattern value.
    entries: Vec<Entry>,
    /// Every candidate of each entry (`後 后`), indexed like `entries`; read only when a caller
    /// asks which conversions had a choice.
    candidates: Vec<&'static str>,
    /// Entries `0..first_group_entries` come from the first `short_circuit` child.
    first_group_entries: u32,
    /// Every key kept from the later children is one char long (so a scan over this stage
    /// visits the same positions as an `mmseg` scan over its first child alone).
    later_keys_are_chars: bool,
    /// Keys of later children dropped because an earlier child always matches first.
    #[cfg_attr(not(test), allow(dead_code))]
    shadowed_keys: usize,
    /// Which of [`CUT_CANDIDATES`] some key contains.
    keys_hold_cut_candidate: [bool; CUT_CANDIDATES.len()],
    /// A quick test that a text holds no key, when the keys' first bytes allow one.
    prefilter: Option<LeadPairs>,
}

/// A conversion by a one-char key with more than one candidate, in one stage's coordinates.
#[derive(Clone, Debug)]
pub(super) struct StageChoice {
    /// Chars of the stage's output.
    out_chars: Range<usize>,
    /// Chars of the stage's input.
    in_chars: Range<usize>,
    /// The entry, for its candidates.
    entry: u32,
}

/// What one stage run should produce besides its text.
#[derive(Default)]
struct Outputs {
    /// The stage's map, built when asked for.
    map: Option<OffsetMapBuilder>,
    /// Where the input's segment bounds (and, with `first_group_edges`, the edges of matches of
    /// the first group) land in the output, as byte offsets of the output.
    bounds_out: Option<Vec<usize>>,
    /// Record the edges of first-group matches as segment bounds (the `mmseg` segmentation of a
    /// config whose first stage starts with its segmentation dictionary).
    first_group_edges: bool,
    /// One-char conversions that had a choice (needs `map` for char positions).
    choices: Option<Vec<StageChoice>>,
}

impl Outputs {
    fn is_plain(&self) -> bool {
        self.map.is_none() && self.bounds_out.is_none() && self.choices.is_none()
    }
}

/// Writes one stage's output and keeps its side outputs in step.
struct Emitter<'a> {
    text: &'a str,
    out: &'a mut String,
    /// `out.len()` when the stage started (bounds are relative to it).
    out_start: usize,
    /// The input's segment bounds, sorted byte offsets.
    bounds: &'a [usize],
    /// The next input bound whose output position is still to be recorded.
    next_bound: usize,
    outputs: &'a mut Outputs,
}

impl Emitter<'_> {
    /// Copies `text[from..to]` unchanged, recording the bounds it passes (also one at `from` or
    /// `to`: every bound lies at an edge the scan reaches, so an empty copy records it).
    fn copy(&mut self, from: usize, to: usize) {
        let out_at = self.out.len() - self.out_start;
        if let Some(bounds_out) = self.outputs.bounds_out.as_mut() {
            while let Some(&bound) = self.bounds.get(self.next_bound) {
                if bound > to {
                    break;
                }
                push_bound(bounds_out, out_at + bound.saturating_sub(from));
                self.next_bound += 1;
            }
        }
        let kept = &self.text[from..to];
        self.out.push_str(kept);
        if let Some(map) = self.outputs.map.as_mut() {
            map.keep(kept.chars().count());
        }
    }

    /// Writes the entry matched at `text[from..to]`.
    fn replace(&mut self, stage: &Stage, index: u32, from: usize, to: usize) {
        let Some(entry) = stage.entries.get(index as usize) else {
            self.copy(from, to);
            return;
        };
        let edge = self.outputs.first_group_edges && index < stage.first_group_entries;
        if edge && let Some(bounds_out) = self.outputs.bounds_out.as_mut() {
            push_bound(bounds_out, self.out.len() - self.out_start);
        }
        let before = self.outputs.map.as_ref().map(OffsetMapBuilder::position);
        self.out.push_str(entry.value);
        if let Some(map) = self.outputs.map.as_mut() {
            map.replace(entry.key_chars as usize, entry.value_chars as usize);
        }
        if edge && let Some(bounds_out) = self.outputs.bounds_out.as_mut() {
            push_bound(bounds_out, self.out.len() - self.out_start);
        }
        if let (Some(choices), Some((out_at, in_at))) = (self.outputs.choices.as_mut(), before)
            && entry.key_chars == 1
            && stage.candidates[index as usize].contains(' ')
        {
            choices.push(StageChoice {
                out_chars: out_at..out_at + entry.value_chars as usize,
                in_chars: in_at..in_at + 1,
                entry: index,
            });
        }
    }
}

fn push_bound(bounds: &mut Vec<usize>, at: usize) {
    if bounds.last() != Some(&at) {
        bounds.push(at);
    }
}

impl Stage {
    pub(super) fn build(groups: &[&[DictFile]]) -> Self {
        let mut patterns: Vec<(&'static str, u32)> = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        let mut candidates: Vec<&'static str> = Vec::new();
        let mut keys_hold_cut_candidate = [false; CUT_CANDIDATES.len()];
        let mut earlier_keys: HashSet<&'static str> = HashSet::new();
        let mut first_group_entries = 0;
        let mut later_keys_are_chars = true;
        let mut shadowed_keys = 0;
        for (group_index, group) in groups.iter().enumerate() {
            let mut group_keys: HashSet<&'static str> = HashSet::new();
            for dict in group.iter() {
                for (key, value, all) in dict_entries(*dict) {
                    // Ideographs are never cut candidates; skip the search for them.
                    for c in key
                        .chars()
                        .filter(|c| !('\u{3400}'..'\u{F900}').contains(c))
                    {
                        if let Some(i) = CUT_CANDIDATES.iter().position(|x| *x == c) {
                            keys_hold_cut_candidate[i] = true;
                        }
                    }
                    // In a union the earlier dictionary keeps a key (OpenCC's matcher never
                    // replaces one it has seen).
                    if key.is_empty() || group_keys.contains(key) {
                        continue;
                    }
                    // In a short-circuit group an earlier child that matches wins.
                    if group_index > 0 && has_prefix_in(&earlier_keys, key) {
                        shadowed_keys += 1;
                        continue;
                    }
                    let Ok(index) = u32::try_from(entries.len()) else {
                        log::error!("{}: too many dictionary entries", dict.name);
                        break;
                    };
                    group_keys.insert(key);
                    let key_chars = count_u32(key);
                    later_keys_are_chars &= group_index == 0 || key_chars == 1;
                    patterns.push((key, index));
                    entries.push(Entry {
                        value,
                        key_chars,
                        value_chars: count_u32(value),
                    });
                    candidates.push(all);
                }
            }
            if group_index == 0 {
                first_group_entries = count_u32_len(entries.len());
            }
            earlier_keys.extend(group_keys);
        }
        if shadowed_keys > 0 {
            let names: Vec<&str> = groups
                .iter()
                .flat_map(|g| g.iter().map(|d| d.name))
                .collect();
            log::debug!("{names:?}: {shadowed_keys} keys an earlier dictionary always beats");
        }
        let prefilter = LeadPairs::of_keys(patterns.iter().map(|(key, _)| *key));
        // The one-char keys go to a char map when the longer keys are few but the keys in all
        // are many (TSCharacters beside TSPhrases, TWVariantsRev beside its phrases): the
        // automaton of the phrases alone then skips most text with daachorse's own prefilter,
        // and a char is looked up in a bitset (measured in process on 20 MB of seed text: t2s,
        // tw2s, tw2t 20–25% faster). With tens of thousands of phrases (STPhrases) no
        // prefilter pays off, and with a few hundred keys in all the merged automaton already
        // has one (t2tw, t2hk), so one automaton over everything stays faster there.
        let phrase_keys = patterns
            .iter()
            .filter(|(key, _)| key.chars().nth(1).is_some())
            .count();
        let chars = if phrase_keys <= MAX_PHRASES_BESIDE_CHAR_MAP
            && patterns.len() >= MIN_KEYS_FOR_CHAR_MAP
        {
            let mut one_char = Vec::new();
            patterns.retain(|(key, index)| {
                let mut key_chars = key.chars();
                match (key_chars.next(), key_chars.next()) {
                    (Some(c), None) => {
                        one_char.push((c, *index));
                        false
                    }
                    _ => true,
                }
            });
            let mut chars = CharMap::new(one_char);
            // The phrases too, when they all start in the BMP: one pass over the text then
            // serves both, instead of the automaton's walk plus a second walk of the char
            // lookups between its matches (measured end to end on 50 MB, CPU: tw2t 0.18 →
            // 0.155 s, 0.14 s with `PhraseMap::next_bits`; t2s and tw2s 5–8% less).
            if patterns.len() <= MAX_PHRASES_IN_CHAR_MAP && chars.add_phrases(&patterns) {
                patterns.clear();
            }
            chars
        } else {
            CharMap::default()
        };
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
            chars,
            entries,
            candidates,
            first_group_entries,
            later_keys_are_chars,
            shadowed_keys,
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
        self.matches(text).next().is_some()
    }

    /// The stage's matches in `text`, left to right, as `(start byte, end byte, entry)`: OpenCC's
    /// greedy scan. Phrase matches come from the automaton (a one-char key never hides a phrase
    /// position: it advances one char, as no match does); the text between them is looked up
    /// char by char. When the char map holds the phrases too, its one scan finds both (at each
    /// char the longest phrase starting there, else the char's own key: the same greedy scan).
    fn matches<'a>(&'a self, text: &'a str) -> Matches<'a> {
        Matches {
            chars: &self.chars,
            text,
            phrases: self.automaton.as_ref().map(|a| a.leftmost_find_iter(text)),
            next_phrase: None,
            pos: 0,
        }
    }

    /// OpenCC's `mmseg` segmentation of `text` by this stage's keys: the sorted byte offsets,
    /// strictly inside the text, where a segment ends and the next begins (both edges of every
    /// longest match; the text between matches is one segment). `verbatim` are the IDS, which
    /// the segmentation skips whole.
    fn segment_bounds(&self, text: &str, verbatim: &[Range<usize>]) -> Vec<usize> {
        let mut bounds = Vec::new();
        let mut from = 0;
        for range in verbatim.iter().map(Some).chain(std::iter::once(None)) {
            let to = range.map_or(text.len(), |r| r.start);
            for (start, end, _) in self.matches(&text[from..to]) {
                push_bound(&mut bounds, from + start);
                push_bound(&mut bounds, from + end);
            }
            if let Some(range) = range {
                from = range.end;
            }
        }
        bounds.retain(|&b| b > 0 && b < text.len());
        bounds
    }

    /// Converts `text`, copying the `verbatim` byte ranges (IDS) unchanged and matching nothing
    /// across `bounds` (sorted byte offsets of segment edges).
    fn run(
        &self,
        text: &str,
        verbatim: &[Range<usize>],
        bounds: &[usize],
        out: &mut String,
        outputs: &mut Outputs,
    ) {
        if bounds.is_empty() && outputs.is_plain() {
            let mut pos = 0;
            for range in verbatim {
                self.convert_plain(&text[pos..range.start], out);
                out.push_str(&text[range.clone()]);
                pos = range.end;
            }
            self.convert_plain(&text[pos..], out);
            return;
        }
        let mut emitter = Emitter {
            text,
            out_start: out.len(),
            out,
            bounds,
            next_bound: 0,
            outputs,
        };
        let mut pos = 0;
        for range in verbatim {
            self.convert_span(pos, range.start, &mut emitter);
            emitter.copy(range.start, range.end);
            pos = range.end;
        }
        self.convert_span(pos, text.len(), &mut emitter);
    }

    /// The fast path: leftmost-longest matches replaced, two appends per match.
    fn convert_plain(&self, text: &str, out: &mut String) {
        let mut last = 0;
        if self.chars.is_empty() {
            // Everything is in the automaton (STPhrases/STCharacters): its matches directly.
            let Some(automaton) = &self.automaton else {
                out.push_str(text);
                return;
            };
            for m in automaton.leftmost_find_iter(text) {
                out.push_str(&text[last..m.start()]);
                match self.entries.get(m.value() as usize) {
                    Some(entry) => out.push_str(entry.value),
                    None => out.push_str(&text[m.start()..m.end()]),
                }
                last = m.end();
            }
            out.push_str(&text[last..]);
            return;
        }
        for (start, end, index) in self.matches(text) {
            out.push_str(&text[last..start]);
            match self.entries.get(index as usize) {
                Some(entry) => out.push_str(entry.value),
                None => out.push_str(&text[start..end]),
            }
            last = end;
        }
        out.push_str(&text[last..]);
    }

    /// Converts `text[from..to]` (no IDS inside) with side outputs, never matching across a
    /// bound.
    fn convert_span(&self, from: usize, to: usize, e: &mut Emitter<'_>) {
        let bounds = e.bounds;
        // The next bound after the scan position.
        let mut next = bounds.partition_point(|&b| b <= from);
        let mut pos = from;
        'scan: loop {
            let mut last = pos;
            for (start, end, index) in self.matches(&e.text[pos..to]) {
                let (start, end) = (pos + start, pos + end);
                while bounds.get(next).is_some_and(|&b| b <= start) {
                    next += 1;
                }
                if let Some(&bound) = bounds.get(next)
                    && bound < end
                {
                    // The match crosses a segment edge: OpenCC converts the segment alone, so
                    // match again inside it, then go on from the edge.
                    e.copy(last, start);
                    let mut inner_last = start;
                    for (s, t, inner) in self.matches(&e.text[start..bound]) {
                        let (s, t) = (start + s, start + t);
                        e.copy(inner_last, s);
                        e.replace(self, inner, s, t);
                        inner_last = t;
                    }
                    e.copy(inner_last, bound);
                    pos = bound;
                    continue 'scan;
                }
                e.copy(last, start);
                e.replace(self, index, start, end);
                last = end;
            }
            e.copy(last, to);
            break;
        }
    }
}

/// At most this many phrase keys (two chars or more) for a stage to keep its one-char keys in a
/// [`CharMap`] (every stage but `STPhrases`/`STCharacters`, which has ~50 000).
const MAX_PHRASES_BESIDE_CHAR_MAP: usize = 10_000;

/// At most this many phrase keys for a stage with a [`CharMap`] to look its phrases up there
/// too, by their first two chars, instead of in an automaton.
const MAX_PHRASES_IN_CHAR_MAP: usize = 10_000;

/// At most this many one-char keys for a [`CharMap`] to filter phrase starts by the next chars
/// ([`PhraseMap::next_bits`]).
const MAX_CHARS_FOR_NEXT_FILTER: usize = 256;

/// At least this many keys in all for a stage to keep its one-char keys apart: below it
/// daachorse's prefilter already skips most text for the merged automaton (`t2tw`, `t2hk`).
const MIN_KEYS_FOR_CHAR_MAP: usize = 1_000;

/// Entries of one-char keys: a bitset over the Basic Multilingual Plane with rank counts (one
/// lookup touches two small arrays that stay in cache), and a sorted list for other planes.
#[derive(Default)]
struct CharMap {
    /// One bit per BMP code point (empty when the map is).
    bits: Vec<u64>,
    /// `bits` and the phrases' first chars: the one test most chars get.
    any: Vec<u64>,
    /// Set bits in `bits` before each word.
    ranks: Vec<u32>,
    /// The entry of each set bit, in code point order.
    bmp: Vec<u32>,
    /// Entries of chars beyond the BMP, sorted by char.
    astral: Vec<(char, u32)>,
    /// The smallest char with an entry or starting a phrase (chars below it are skipped at
    /// once).
    min_char: char,
    /// Phrase keys (two chars or more) looked up here, when [`CharMap::add_phrases`] took them;
    /// all start in the BMP.
    phrases: PhraseMap,
}

/// Phrase keys by their first two chars: a bitset of first chars (so most chars cost one bit
/// test), then an open-addressing table of first-two-char pairs whose keys are compared,
/// longest first.
#[derive(Default)]
struct PhraseMap {
    /// One bit per BMP code point that starts a phrase (empty when there are no phrases).
    starts: Vec<u64>,
    /// `(first two chars, range in keys)`, a power of two long; `u64::MAX` marks a free slot.
    slots: Vec<(u64, u32, u32)>,
    /// Keys as bytes with their entries, grouped by first two chars, longest first in a group.
    keys: Vec<(&'static [u8], u32)>,
    /// A 65 536-bit filter over a first char and the three bytes after it, set for every key;
    /// empty when some key has fewer than three bytes after its first char.
    next_bits: Vec<u64>,
}

/// The [`PhraseMap::next_bits`] word and bit of a first char and the next three bytes.
#[inline(always)]
fn next_bit(first: u32, next3: u32) -> (usize, u64) {
    let hash = ((u64::from(first) << 24) | u64::from(next3)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let bit = (hash >> 48) as usize;
    (bit >> 6, 1u64 << (bit & 63))
}

/// Three bytes as one number.
#[inline(always)]
fn three(bytes: &[u8]) -> u32 {
    u32::from(bytes[0]) | (u32::from(bytes[1]) << 8) | (u32::from(bytes[2]) << 16)
}

impl PhraseMap {
    fn pair(first: char, second: char) -> u64 {
        (u64::from(first) << 21) | u64::from(second)
    }

    /// Fibonacci hashing (the top bits index the slots).
    #[inline]
    fn hash(pair: u64) -> u64 {
        pair.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    #[inline]
    fn slot_of(&self, hash: u64) -> usize {
        // The table is at least four times the pairs, so probes are short.
        let bits = self.slots.len().trailing_zeros();
        (hash >> (64 - bits)) as usize
    }

    /// True when a phrase starts with `cp` (a BMP code point).
    #[inline]
    fn starts_with_char(&self, cp: u32) -> bool {
        self.starts
            .get(cp as usize / 64)
            .is_some_and(|word| word & (1u64 << (cp % 64)) != 0)
    }

    /// The longest phrase at the start of `rest`, whose first char `first` is `first_len` bytes:
    /// `(its length in bytes, entry)`.
    #[inline]
    fn longest_at(&self, rest: &[u8], first: u32, first_len: usize) -> Option<(usize, u32)> {
        let second = decode_at(rest, first_len)?.0;
        let pair = (u64::from(first) << 21) | u64::from(second);
        let hash = Self::hash(pair);
        let mask = self.slots.len() - 1;
        let mut slot = self.slot_of(hash);
        loop {
            let (key, from, to) = *self.slots.get(slot)?;
            if key == pair {
                return self
                    .keys
                    .get(from as usize..to as usize)?
                    .iter()
                    .find(|(key, _)| rest.starts_with(key))
                    .map(|(key, entry)| (key.len(), *entry));
            }
            if key == u64::MAX {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// The code point of the char at `bytes[i..]` (valid UTF-8) and its length in bytes.
#[inline]
fn decode_at(bytes: &[u8], i: usize) -> Option<(u32, usize)> {
    let lead = *bytes.get(i)?;
    let byte = |i: usize| u32::from(bytes.get(i).copied().unwrap_or(0) & 0x3F);
    Some(match lead {
        0..=0x7F => (u32::from(lead), 1),
        0xC0..=0xDF => ((u32::from(lead & 0x1F) << 6) | byte(i + 1), 2),
        0xE0..=0xEF => (
            (u32::from(lead & 0x0F) << 12) | (byte(i + 1) << 6) | byte(i + 2),
            3,
        ),
        _ => (
            (u32::from(lead & 0x07) << 18) | (byte(i + 1) << 12) | (byte(i + 2) << 6) | byte(i + 3),
            4,
        ),
    })
}

impl CharMap {
    const BMP_WORDS: usize = 0x1_0000 / 64;

    fn new(mut pairs: Vec<(char, u32)>) -> Self {
        if pairs.is_empty() {
            return Self::default();
        }
        pairs.sort_unstable_by_key(|(c, _)| *c);
        let min_char = pairs[0].0;
        let mut bits = vec![0u64; Self::BMP_WORDS];
        let mut bmp = Vec::new();
        let mut astral = Vec::new();
        for (c, index) in pairs {
            let cp = c as usize;
            if cp < 0x1_0000 {
                bits[cp / 64] |= 1 << (cp % 64);
                bmp.push(index);
            } else {
                astral.push((c, index));
            }
        }
        let mut ranks = Vec::with_capacity(Self::BMP_WORDS);
        let mut rank = 0u32;
        for word in &bits {
            ranks.push(rank);
            rank += word.count_ones();
        }
        Self {
            any: bits.clone(),
            bits,
            ranks,
            bmp,
            astral,
            min_char,
            phrases: PhraseMap::default(),
        }
    }

    /// Takes the phrase keys `patterns` (two chars or more, with their entries) into the map;
    /// false, leaving the map as it was, when some key starts beyond the BMP.
    fn add_phrases(&mut self, patterns: &[(&'static str, u32)]) -> bool {
        if self.is_empty() || patterns.is_empty() {
            return false;
        }
        let mut grouped: Vec<(u64, &'static str, u32)> = Vec::with_capacity(patterns.len());
        let mut starts = vec![0u64; Self::BMP_WORDS];
        let mut min_char = self.min_char;
        for &(key, entry) in patterns {
            let mut chars = key.chars();
            let (Some(first), Some(second)) = (chars.next(), chars.next()) else {
                return false;
            };
            let cp = first as usize;
            if cp >= 0x1_0000 {
                return false;
            }
            starts[cp / 64] |= 1 << (cp % 64);
            min_char = min_char.min(first);
            grouped.push((PhraseMap::pair(first, second), key, entry));
        }
        // By pair, then longest first.
        grouped.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.len().cmp(&a.1.len())));
        let size = (grouped.len() * 4).next_power_of_two().max(16);
        let mut phrases = PhraseMap {
            starts,
            slots: vec![(u64::MAX, 0, 0); size],
            keys: Vec::with_capacity(grouped.len()),
            next_bits: vec![0; 1024],
        };
        for &(_, key, _) in &grouped {
            let first_len = key.chars().next().map_or(0, char::len_utf8);
            match (
                key.chars().next(),
                key.as_bytes().get(first_len..first_len + 3),
            ) {
                (Some(first), Some(next)) => {
                    let (word, bit) = next_bit(u32::from(first), three(next));
                    phrases.next_bits[word] |= bit;
                }
                _ => phrases.next_bits.clear(),
            }
        }
        // With many one-char keys (t2s's TSCharacters) most candidates are chars anyway, and the
        // filter only adds work (measured: t2s 10% slower with it, tw2t 10% faster).
        if self.bmp.len() + self.astral.len() > MAX_CHARS_FOR_NEXT_FILTER {
            phrases.next_bits.clear();
        }
        let mut i = 0;
        while i < grouped.len() {
            let pair = grouped[i].0;
            let from = count_u32_len(phrases.keys.len());
            while let Some(&(p, key, entry)) = grouped.get(i)
                && p == pair
            {
                phrases.keys.push((key.as_bytes(), entry));
                i += 1;
            }
            let to = count_u32_len(phrases.keys.len());
            let hash = PhraseMap::hash(pair);
            let mut slot = phrases.slot_of(hash);
            while phrases.slots[slot].0 != u64::MAX {
                slot = (slot + 1) & (size - 1);
            }
            phrases.slots[slot] = (pair, from, to);
        }
        for (any, start) in self.any.iter_mut().zip(&phrases.starts) {
            *any |= start;
        }

        self.phrases = phrases;
        self.min_char = min_char;
        true
    }

    fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// False when no key starts with the code point `cp`.
    #[inline]
    fn may_start(&self, cp: u32) -> bool {
        match self.any.get(cp as usize / 64) {
            Some(word) => word & (1u64 << (cp % 64)) != 0,
            None => !self.astral.is_empty(),
        }
    }

    #[inline]
    fn get(&self, cp: u32) -> Option<u32> {
        if cp < 0x1_0000 {
            let word = *self.bits.get(cp as usize / 64)?;
            let bit = 1u64 << (cp % 64);
            if word & bit == 0 {
                return None;
            }
            let rank = self.ranks[cp as usize / 64] + (word & (bit - 1)).count_ones();
            self.bmp.get(rank as usize).copied()
        } else {
            let c = char::from_u32(cp)?;
            self.astral
                .binary_search_by_key(&c, |(k, _)| *k)
                .ok()
                .map(|i| self.astral[i].1)
        }
    }

    /// The first char of `text` with an entry: `(byte offset, its length, entry)`.
    #[inline]
    fn find(&self, text: &str) -> Option<(usize, usize, u32)> {
        if self.is_empty() {
            return None;
        }
        // Decoded by hand: the text is valid UTF-8, and this loop runs over most of it.
        let bytes = text.as_bytes();
        if !self.phrases.next_bits.is_empty() {
            return self.find_filtered(bytes);
        }
        let byte = |i: usize| u32::from(bytes.get(i).copied().unwrap_or(0) & 0x3F);
        let min = self.min_char as u32;
        let mut i = 0;
        while let Some(&lead) = bytes.get(i) {
            let (cp, len) = match lead {
                0..=0x7F => (u32::from(lead), 1),
                0xC0..=0xDF => ((u32::from(lead & 0x1F) << 6) | byte(i + 1), 2),
                0xE0..=0xEF => (
                    (u32::from(lead & 0x0F) << 12) | (byte(i + 1) << 6) | byte(i + 2),
                    3,
                ),
                _ => (
                    (u32::from(lead & 0x07) << 18)
                        | (byte(i + 1) << 12)
                        | (byte(i + 2) << 6)
                        | byte(i + 3),
                    4,
                ),
            };
            if cp >= min
                && let Some(found) = self.match_at(bytes, i, cp, len)
            {
                return Some(found);
            }
            i += len;
        }
        None
    }

    /// [`CharMap::find`] with phrases and their filter: one branch a char, rarely taken (a
    /// fifth of tw2t's chars start some phrase; with the filter only ~1% are looked at).
    #[inline]
    fn find_filtered(&self, bytes: &[u8]) -> Option<(usize, usize, u32)> {
        let (bits, starts, next_bits) = (&self.bits, &self.phrases.starts, &self.phrases.next_bits);
        let mut i = 0;
        loop {
            let (cp, len) = decode_at(bytes, i)?;
            let candidate = if cp < 0x1_0000 {
                let (word, bit) = (cp as usize / 64, cp % 64);
                let char_key = bits.get(word).map_or(0, |w| (w >> bit) & 1);
                let start = starts.get(word).map_or(0, |w| (w >> bit) & 1);
                let follows = match bytes.get(i + len..i + len + 3) {
                    Some(next) => {
                        let (nw, nb) = next_bit(cp, three(next));
                        u64::from(next_bits.get(nw).is_some_and(|w| w & nb != 0))
                    }
                    None => 1,
                };
                (char_key | (start & follows)) != 0
            } else {
                !self.astral.is_empty()
            };
            if candidate && let Some(found) = self.match_at(bytes, i, cp, len) {
                return Some(found);
            }
            i += len;
        }
    }

    /// The key at `bytes[i..]`, whose first char `cp` is `len` bytes: the longest phrase, else
    /// the char's own entry.
    #[inline(always)]
    fn match_at(&self, bytes: &[u8], i: usize, cp: u32, len: usize) -> Option<(usize, usize, u32)> {
        if !self.may_start(cp) {
            return None;
        }
        if self.phrases.starts_with_char(cp)
            && let Some((phrase_len, index)) = self.phrases.longest_at(&bytes[i..], cp, len)
        {
            return Some((i, phrase_len, index));
        }
        self.get(cp).map(|index| (i, len, index))
    }
}

/// A stage's matches in one text, left to right ([`Stage::matches`]).
struct Matches<'a> {
    chars: &'a CharMap,
    text: &'a str,
    phrases: Option<daachorse::charwise::iter::LeftmostFindIterator<'a, &'a str, u32>>,
    /// The next phrase match, once found.
    next_phrase: Option<(usize, usize, u32)>,
    /// Where the char lookups go on.
    pos: usize,
}

impl Iterator for Matches<'_> {
    type Item = (usize, usize, u32);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.chars.is_empty() {
            let m = self.phrases.as_mut()?.next()?;
            return Some((m.start(), m.end(), m.value()));
        }
        if self.next_phrase.is_none() {
            self.next_phrase = self
                .phrases
                .as_mut()
                .and_then(Iterator::next)
                .map(|m| (m.start(), m.end(), m.value()));
        }
        let limit = self
            .next_phrase
            .map_or(self.text.len(), |(start, _, _)| start);
        if let Some((offset, len, index)) = self.chars.find(&self.text[self.pos..limit]) {
            let start = self.pos + offset;
            self.pos = start + len;
            return Some((start, start + len, index));
        }
        let phrase = self.next_phrase.take()?;
        self.pos = phrase.1;
        Some(phrase)
    }
}

/// True when `key` or one of its prefixes (by char) is in `keys`.
fn has_prefix_in(keys: &HashSet<&str>, key: &str) -> bool {
    key.char_indices()
        .any(|(i, c)| keys.contains(&key[..i + c.len_utf8()]))
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

fn count_u32_len(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// How a config's text is cut into segments before its conversion chain.
enum Segmenter {
    /// No segmentation: the chain sees the whole text.
    None,
    /// The segmentation dictionary is the first group of the first chain stage and the rest of
    /// that stage has one-char keys: the edges of that stage's first-group matches are the
    /// segments (no separate pass).
    FirstStage,
    /// A pass of its own over the normalised text.
    Own(&'static Stage),
}

/// What [`Tables::run`] should compute besides the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Want {
    /// The text only.
    Text,
    /// The text and its offset map.
    Map,
    /// The text, its map, and the conversions that had a choice.
    Choices,
}

/// The result of [`Tables::run`].
pub(super) struct RunResult {
    /// Bytes of the input converted (all of it unless a chunk ends inside an IDS).
    pub(super) consumed: usize,
    /// Output ← input, when asked for and not the identity.
    pub(super) map: Option<OffsetMap>,
    /// With [`Want::Choices`], in chars of this run's output and input.
    pub(super) choices: Vec<Ambiguity>,
}

/// All stages of one config, built.
pub(super) struct Tables {
    /// Normalisation stages, then the conversion chain.
    stages: Vec<&'static Stage>,
    /// Index of the first conversion-chain stage in `stages`.
    chain_start: usize,
    segmenter: Segmenter,
    /// Chars that occur in no key of any stage, after which a stream may be cut.
    pub(super) cut_chars: Vec<char>,
}

/// Candidates for [`Tables::cut_chars`], most common first.
pub(super) const CUT_CANDIDATES: [char; 12] = [
    '\n', '。', '，', ' ', '\r', '、', '；', '！', '？', '.', ',', '：',
];

impl Tables {
    pub(super) fn build(config: &'static Config) -> Self {
        let mut stages: Vec<&'static Stage> =
            config.normalization.iter().map(|s| s.built()).collect();
        let chain_start = stages.len();
        stages.extend(config.chain.iter().map(|s| s.built()));
        let segmenter = match config.segmentation {
            None => Segmenter::None,
            Some(segmentation) => {
                let same_group = config.chain.first().is_some_and(|first| {
                    let names = |g: &[DictFile]| g.iter().map(|d| d.name).collect::<Vec<_>>();
                    first.groups.first().map(|g| names(g))
                        == segmentation.groups.first().map(|g| names(g))
                        && segmentation.groups.len() == 1
                });
                if same_group && stages[chain_start].later_keys_are_chars {
                    Segmenter::FirstStage
                } else {
                    Segmenter::Own(segmentation.built())
                }
            }
        };
        let mut all: Vec<&Stage> = stages.clone();
        if let Segmenter::Own(stage) = segmenter {
            all.push(stage);
        }
        let cut_chars = CUT_CANDIDATES
            .iter()
            .enumerate()
            .filter(|(i, _)| !all.iter().any(|stage| stage.keys_hold_cut_candidate[*i]))
            .map(|(_, c)| *c)
            .collect();
        Self {
            stages,
            chain_start,
            segmenter,
            cut_chars,
        }
    }

    /// Runs every stage over `text`, appending the result to `out`.
    ///
    /// With `is_final` false the text is a chunk of a longer input: conversion stops before an
    /// IDS that the chunk's end leaves incomplete (the rest of the input decides it).
    pub(super) fn run(
        &self,
        text: &str,
        is_final: bool,
        out: &mut String,
        want: Want,
    ) -> RunResult {
        let (first_verbatim, consumed) = ids_ranges(text, is_final);
        let text = &text[..consumed];
        let out_start = out.len();
        // Stages that find nothing to change are skipped; the last stage writes into `out`.
        let last = self.stages.len().saturating_sub(1);
        let mut current: Cow<'_, str> = Cow::Borrowed(text);
        // The IDS of `current`, while known.
        let mut verbatim = Some(first_verbatim);
        let mut bounds: Vec<usize> = Vec::new();
        let mut map: Option<OffsetMap> = None;
        // With Want::Choices: the maps of the stages that ran, and their choices.
        let mut stage_maps: Vec<OffsetMap> = Vec::new();
        let mut stage_choices: Vec<(usize, usize, StageChoice)> = Vec::new();
        for (i, stage) in self.stages.iter().enumerate() {
            if i == self.chain_start
                && let Segmenter::Own(segmenter) = self.segmenter
            {
                let ranges = verbatim
                    .take()
                    .unwrap_or_else(|| ids_ranges(&current, true).0);
                bounds = segmenter.segment_bounds(&current, &ranges);
                verbatim = Some(ranges);
            }
            if i < last && !stage.matches_in(&current) {
                continue;
            }
            let in_chain = i >= self.chain_start;
            // IDS are found again on each stage's own input, inside each segment, as OpenCC
            // does. (The first chain stage may use the whole text's: a complete IDS lies inside
            // one segment, since the segmentation skips it whole.)
            let ranges = match verbatim.take() {
                Some(ranges) if bounds.is_empty() || i <= self.chain_start => ranges,
                _ if !bounds.is_empty() => ids_ranges_in_segments(&current, &bounds),
                _ => ids_ranges(&current, true).0,
            };
            let first_group_edges = in_chain
                && i == self.chain_start
                && matches!(self.segmenter, Segmenter::FirstStage);
            let mut outputs = Outputs {
                map: (want != Want::Text).then(OffsetMapBuilder::new),
                bounds_out: (i < last && in_chain && (first_group_edges || !bounds.is_empty()))
                    .then(Vec::new),
                first_group_edges,
                choices: (want == Want::Choices).then(Vec::new),
            };
            let chain_bounds: &[usize] = if in_chain { &bounds } else { &[] };
            if i == last {
                stage.run(&current, &ranges, chain_bounds, out, &mut outputs);
            } else {
                let mut next = String::with_capacity(current.len() + current.len() / 8);
                stage.run(&current, &ranges, chain_bounds, &mut next, &mut outputs);
                if let Some(mut next_bounds) = outputs.bounds_out.take() {
                    next_bounds.retain(|&b| b > 0 && b < next.len());
                    bounds = next_bounds;
                }
                current = Cow::Owned(next);
            }
            if let Some(builder) = outputs.map.take() {
                let stage_map = builder.finish();
                if want == Want::Choices {
                    let ran = stage_maps.len();
                    let before = map.as_ref();
                    for choice in outputs.choices.take().unwrap_or_default() {
                        // Where the choice's input char is in the run's input.
                        let original = before.map_or(choice.in_chars.clone(), |m| {
                            m.original_range_from_view(choice.in_chars.clone())
                        });
                        stage_choices.push((
                            ran,
                            i,
                            StageChoice {
                                in_chars: original,
                                ..choice
                            },
                        ));
                    }
                    stage_maps.push(stage_map.clone());
                }
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
        let choices = if want == Want::Choices {
            self.resolve_choices(&out[out_start..], &stage_maps, stage_choices)
        } else {
            Vec::new()
        };
        RunResult {
            consumed,
            map,
            choices,
        }
    }

    /// Turns the recorded stage choices into [`Ambiguity`]s of the run: each output range is
    /// carried through the later stages (dropped where a later stage rewrote it as part of a
    /// longer match: a phrase decided), and each candidate is converted by the later stages as
    /// the output would have been.
    fn resolve_choices(
        &self,
        output: &str,
        stage_maps: &[OffsetMap],
        recorded: Vec<(usize, usize, StageChoice)>,
    ) -> Vec<Ambiguity> {
        let mut found: Vec<(Range<usize>, Range<usize>, Vec<String>)> = Vec::new();
        'choice: for (ran, stage_index, choice) in recorded {
            let mut range = choice.out_chars.clone();
            for later in &stage_maps[ran + 1..] {
                let next = later.view_range_from_original(range.clone());
                if later.original_range_from_view(next.clone()) != range {
                    continue 'choice;
                }
                range = next;
            }
            let stage = self.stages[stage_index];
            let all = stage.candidates[choice.entry as usize];
            let mut candidates: Vec<String> = Vec::new();
            for candidate in all.split(' ').filter(|c| !c.is_empty()) {
                let converted = self.run_stages_from(stage_index + 1, candidate);
                if !candidates.contains(&converted) {
                    candidates.push(converted);
                }
            }
            found.push((range, choice.in_chars, candidates));
        }
        found.sort_by_key(|(view, original, _)| (view.start, view.end, original.start));
        // Two stages may both have had a choice for the same output char: one entry.
        let mut merged: Vec<(Range<usize>, Range<usize>, Vec<String>)> = Vec::new();
        for (view, original, candidates) in found {
            match merged.last_mut() {
                Some((v, o, c)) if *v == view => {
                    *o = o.start.min(original.start)..o.end.max(original.end);
                    for candidate in candidates {
                        if !c.contains(&candidate) {
                            c.push(candidate);
                        }
                    }
                }
                _ => merged.push((view, original, candidates)),
            }
        }
        // The chosen text: the output's chars at the view range.
        let char_starts: Vec<usize> = output
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(output.len()))
            .collect();
        let byte_of =
            |char_index: usize| char_starts.get(char_index).copied().unwrap_or(output.len());
        let mut result = Vec::with_capacity(merged.len());
        for (view, original, mut candidates) in merged {
            let (start_byte, end_byte) = (byte_of(view.start), byte_of(view.end));
            let chosen = output[start_byte..end_byte].to_owned();
            if !candidates.contains(&chosen) {
                candidates.insert(0, chosen.clone());
            }
            if candidates.len() < 2 {
                continue;
            }
            result.push(Ambiguity {
                view,
                original,
                chosen,
                candidates,
            });
        }
        result
    }

    /// `text` converted by the stages from `first` on, alone (a candidate as the output would
    /// have shown it).
    fn run_stages_from(&self, first: usize, text: &str) -> String {
        let mut current = text.to_owned();
        for stage in self.stages.iter().skip(first) {
            let mut next = String::with_capacity(current.len());
            let (ranges, _) = ids_ranges(&current, true);
            stage.run(&current, &ranges, &[], &mut next, &mut Outputs::default());
            current = next;
        }
        current
    }

    /// Where to cut the pending bytes of a stream: just after the last newline, else after the
    /// last other cut char of `cut_chars`; 0 when there is none yet.
    pub(super) fn stream_cut(pending: &[u8], cut_chars: &[char]) -> usize {
        if cut_chars.contains(&'\n')
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
            .find(|(_, c)| cut_chars.contains(c))
            .map_or(0, |(i, c)| i + c.len_utf8())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::text::convert::OpenccConfig;
    use crate::text::convert::config::{CONFIGS, StageSpec};
    use crate::text::convert::dictionary::{ALL_DICTS, CJK_COMPATIBILITY_IDEOGRAPHS};
    use crate::text::convert::ids::ids_operator_arity;
    use crate::text::offsets::Bias;

    fn convert(tables: &Tables, text: &str) -> (String, OffsetMap) {
        let mut out = String::new();
        let result = tables.run(text, true, &mut out, Want::Map);
        assert_eq!(result.consumed, text.len());
        let map = result
            .map
            .unwrap_or_else(|| OffsetMap::identity(text.chars().count()));
        let mut fast = String::new();
        tables.run(text, true, &mut fast, Want::Text);
        assert_eq!(fast, out, "the fast path agrees");
        (out, map)
    }

    #[test]
    fn bundled_data_is_merged_exactly() {
        for (config, spec) in OpenccConfig::ALL.into_iter().zip(CONFIGS) {
            let tables = spec.tables();
            assert_eq!(
                tables.stages.len(),
                spec.normalization.len() + spec.chain.len(),
                "{config}"
            );
            assert!(
                tables
                    .stages
                    .iter()
                    .all(|stage| stage.automaton.is_some() || !stage.chars.is_empty())
            );
            assert!(tables.cut_chars.contains(&'\n') && tables.cut_chars.contains(&'。'));
            // The s2… configs segment by their first stage's phrases; the …2s ones need a pass.
            let kind = match tables.segmenter {
                Segmenter::None => "none",
                Segmenter::FirstStage => "first stage",
                Segmenter::Own(_) => "own",
            };
            let expected = match config.name() {
                "s2tw" | "s2twp" | "s2hk" => "first stage",
                "tw2s" | "tw2sp" | "hk2s" => "own",
                _ => "none",
            };
            assert_eq!(kind, expected, "{config}");
        }
        // No key or value holds an IDS operator, so IDS are the same in every stage.
        for dict in ALL_DICTS {
            for (key, _, candidates) in dict_entries(dict) {
                assert!(
                    !key.chars()
                        .chain(candidates.chars())
                        .any(|c| ids_operator_arity(c) > 0),
                    "{}",
                    dict.name
                );
            }
        }
        // tw2sp: TWPhrasesRev's 宏 and 高級 always beat TWVariantsRevPhrases' 宏內核 and
        // 高級管理人才 (and one key is in both).
        let tw2sp = OpenccConfig::Tw2sp.spec().chain[0].built();
        assert_eq!(tw2sp.shadowed_keys, 3);
        assert_eq!(OpenccConfig::S2twp.spec().chain[1].built().shadowed_keys, 0);
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
        assert!(
            OpenccConfig::S2t.spec().chain[0]
                .built()
                .prefilter
                .is_none()
        );
    }

    /// tw2t's phrases live in its char map (with the next-bytes filter, which t2s's many
    /// one-char keys switch off): the one scan converts exactly as OpenCC's greedy longest-key
    /// scan, written out naively here, on text made of key pieces, ASCII, punctuation and 𠮷,
    /// phrases cut at the text's end included.
    #[test]
    fn phrases_in_the_char_map_convert_as_the_greedy_scan() {
        use crate::text::convert::dictionary::{TW_VARIANTS_REV, TW_VARIANTS_REV_PHRASES};
        let stage = OpenccConfig::Tw2t.spec().chain[0].built();
        assert!(stage.automaton.is_none());
        assert!(!stage.chars.phrases.next_bits.is_empty());
        let t2s = OpenccConfig::T2s.spec().chain[0].built();
        assert!(!t2s.chars.phrases.keys.is_empty() && t2s.chars.phrases.next_bits.is_empty());

        let phrases: Vec<(&str, &str)> = dict_entries(TW_VARIANTS_REV_PHRASES)
            .map(|(k, v, _)| (k, v))
            .collect();
        let chars: Vec<(&str, &str)> = dict_entries(TW_VARIANTS_REV)
            .map(|(k, v, _)| (k, v))
            .collect();
        let greedy = |text: &str| {
            let mut out = String::new();
            let mut pos = 0;
            while let Some(c) = text[pos..].chars().next() {
                let rest = &text[pos..];
                let phrase = phrases
                    .iter()
                    .filter(|(k, _)| rest.starts_with(k))
                    .max_by_key(|(k, _)| k.len());
                let (len, value) = match phrase {
                    Some((k, v)) => (k.len(), *v),
                    None => match chars.iter().find(|(k, _)| rest.starts_with(k)) {
                        Some((k, v)) => (k.len(), *v),
                        None => (c.len_utf8(), &rest[..c.len_utf8()]),
                    },
                };
                out.push_str(value);
                pos += len;
            }
            out
        };
        let mut pieces: Vec<String> = ["a", "1 ", "，", "𠮷", "一", "大", "為", "著"]
            .map(String::from)
            .to_vec();
        for (key, _) in phrases.iter().step_by(7) {
            pieces.push((*key).to_owned());
            // A phrase cut after its first and second chars.
            pieces.extend(
                key.char_indices()
                    .skip(1)
                    .take(2)
                    .map(|(i, _)| key[..i].to_owned()),
            );
        }
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..2_000 {
            let mut text = String::new();
            for _ in 0..8 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(&pieces[(seed % pieces.len() as u64) as usize]);
            }
            let mut out = String::new();
            stage.convert_plain(&text, &mut out);
            assert_eq!(out, greedy(&text), "{text}");
        }
    }

    const SHORT: DictFile = DictFile {
        name: "short",
        text: "甲\tX\n",
    };
    const LONG: DictFile = DictFile {
        name: "long",
        text: "甲乙\tY\n",
    };

    /// A test config: no normalisation, the given segmentation and chain.
    macro_rules! test_config {
        ($segmentation:expr, $chain:expr) => {
            Config {
                name: "test",
                normalization: &[],
                segmentation: $segmentation,
                chain: $chain,
                tables: OnceLock::new(),
            }
        };
    }

    #[test]
    fn short_circuit_takes_the_first_child_that_matches() {
        static SHORT_FIRST: StageSpec = StageSpec::new(&[&[SHORT], &[LONG]]);
        static LONG_FIRST: StageSpec = StageSpec::new(&[&[LONG], &[SHORT]]);
        static UNION: StageSpec = StageSpec::new(&[&[SHORT, LONG]]);
        static A: Config = test_config!(None, &[&SHORT_FIRST]);
        static B: Config = test_config!(None, &[&LONG_FIRST]);
        static C: Config = test_config!(None, &[&UNION]);
        // OpenCC's DictGroup::MatchPrefix: the first child with any match wins, even a shorter
        // one; a union takes the longest.
        assert_eq!(convert(A.tables(), "甲乙甲").0, "X乙X");
        assert_eq!(convert(B.tables(), "甲乙甲").0, "YX");
        assert_eq!(convert(C.tables(), "甲乙甲").0, "YX");
        assert_eq!(SHORT_FIRST.built().shadowed_keys, 1);
    }

    #[test]
    fn stages_do_not_match_across_segments() {
        const SEGMENTS: DictFile = DictFile {
            name: "segments",
            text: "甲乙\t甲乙\n",
        };
        const CHARS: DictFile = DictFile {
            name: "chars",
            text: "丙\t丁\n",
        };
        const PHRASE: DictFile = DictFile {
            name: "phrase",
            text: "乙丁\tZZZ\n",
        };
        static SEGMENTED: StageSpec = StageSpec::new(&[&[SEGMENTS]]);
        static FIRST: StageSpec = StageSpec::new(&[&[SEGMENTS], &[CHARS]]);
        static SECOND: StageSpec = StageSpec::new(&[&[PHRASE]]);
        // The segmentation is the first stage's first group: 甲乙 | 丙 → 甲乙 | 丁; 乙丁 spans
        // the edge, so the second stage leaves it.
        static BY_FIRST: Config = test_config!(Some(&SEGMENTED), &[&FIRST, &SECOND]);
        static WHOLE: Config = test_config!(None, &[&FIRST, &SECOND]);
        assert!(matches!(BY_FIRST.tables().segmenter, Segmenter::FirstStage));
        assert_eq!(convert(BY_FIRST.tables(), "甲乙丙").0, "甲乙丁");
        assert_eq!(convert(WHOLE.tables(), "甲乙丙").0, "甲ZZZ");
        // Inside one segment it matches: 乙丙 → 乙丁 → ZZZ (a run between segments).
        let (text, map) = convert(BY_FIRST.tables(), "乙丙甲乙乙丙");
        assert_eq!(text, "ZZZ甲乙ZZZ");
        assert_eq!(map.original_range_from_view(0..1), 0..2);
        assert_eq!(map.view_range_from_original(4..6), 5..8);
        assert_eq!(map.original_from_view(5, Bias::Before), 4);

        // A segmentation of its own: 乙丙 is a segment, so 甲乙 (stage one) cannot match across.
        const OWN_SEGMENTS: DictFile = DictFile {
            name: "own",
            text: "乙丙\tx\n",
        };
        const JIA_YI: DictFile = DictFile {
            name: "jiayi",
            text: "甲乙\tQQ\n丙\t丁\n",
        };
        static OWN: StageSpec = StageSpec::new(&[&[OWN_SEGMENTS]]);
        static STAGE: StageSpec = StageSpec::new(&[&[JIA_YI]]);
        static OWN_CONFIG: Config = test_config!(Some(&OWN), &[&STAGE, &SECOND]);
        assert!(matches!(OWN_CONFIG.tables().segmenter, Segmenter::Own(_)));
        // 甲 | 乙丙 | 甲乙: the first 甲乙 crosses an edge and is not converted; 乙丁 is then
        // inside one segment.
        assert_eq!(convert(OWN_CONFIG.tables(), "甲乙丙甲乙").0, "甲ZZZQQ");
    }

    /// A stage whose entries change length, to check the map machinery.
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
        static NORM: StageSpec = StageSpec::new(&[&[NORMALISE]]);
        static CONV: StageSpec = StageSpec::new(&[&[CONVERT]]);
        static SPEC: Config = test_config!(None, &[&NORM, &CONV]);
        // 甲乙 → 甲甲乙 → 丙; 乙 → 丁丁.
        let (out, map) = convert(SPEC.tables(), "x甲乙y乙");
        assert_eq!(out, "x丙y丁丁");
        assert_eq!((map.view_len(), map.original_len()), (5, 5));
        assert_eq!(
            map.original_range_from_view(1..2),
            1..3,
            "丙 stands for 甲乙"
        );
        assert_eq!(map.view_range_from_original(4..5), 3..5, "乙 became 丁丁");
        assert_eq!(map.original_from_view(2, Bias::Before), 3, "y");
        // 乙 had two candidates (丁丁, 戊), and no later stage: reported.
        let mut out = String::new();
        let result = SPEC.tables().run("乙y", true, &mut out, Want::Choices);
        assert_eq!(result.choices.len(), 1);
        assert_eq!(result.choices[0].view, 0..2);
        assert_eq!(result.choices[0].original, 0..1);
        assert_eq!(result.choices[0].chosen, "丁丁");
        assert_eq!(result.choices[0].candidates, ["丁丁", "戊"]);
    }
}
