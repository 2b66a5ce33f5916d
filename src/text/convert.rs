//! 简↔繁 conversion identical to OpenCC 1.4.2 (`s2t`, `t2s`), with an offset map.
//!
//! Offsets: the [`OffsetMap`] of a [`Converted`] maps chars of the output (view side) to chars of
//! the input (Original side). Byte offsets appear only inside this file, never in its API.
//!
//! The dictionaries are OpenCC's own text dictionaries (`assets/opencc/`, Apache-2.0), embedded
//! with `include_str!` and turned into automata on first use (one [`OnceLock`] per direction;
//! call [`Converter::warm_up`] from a worker thread to keep that off the UI thread).
//!
//! How OpenCC 1.4.2 converts, and how this file reproduces it (checked against its source and
//! against the Python wheel `opencc==1.4.2`):
//! - A config is a pipeline of *stages*: its `normalization` chain (`CJK_Compatibility_Ideographs`
//!   for both `s2t` and `t2s`), then its `conversion_chain`. Each stage rewrites the whole output
//!   of the previous one.
//! - A stage scans left to right. At each position it takes the longest dictionary key that
//!   starts there and outputs the *first* candidate of that entry; with no key it copies one
//!   char. Inside a `short_circuit` group the first child with any match wins; inside a `union`
//!   group the longest match wins; for equal keys the earlier dictionary wins.
//! - When the position holds an ideographic description operator (U+2FF0..U+2FFF) that starts a
//!   complete ideographic description sequence (IDS, e.g. `⿰讠吾`; at most 16 levels deep and
//!   64 code points), the whole sequence is copied unchanged: `⿰讠吾` stays as it is while a
//!   lone `讠` becomes `訁`.
//!
//! Every phrase key in the bundled data has at least two chars and every character key has one,
//! so "the first child with a match" always equals "the longest match, earlier dictionary first
//! on ties" (checked when the tables are built). A stage is therefore one leftmost-longest
//! Aho-Corasick automaton (`daachorse`) over its merged dictionaries, run between the IDS: the
//! same result as OpenCC's greedy scan, at a fraction of its cost.
//!
//! `TSCharactersExt` is marked `may_output_tofu` in `t2s.json`. OpenCC's library and Python
//! binding include such dictionaries by default (the `opencc` command-line tool leaves them out
//! unless given `--include-tofu-risk-dictionaries`); the testcases expect them, so we include it.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::io::{self, BufRead, Write};
use std::ops::Range;
use std::sync::OnceLock;

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};

use super::offsets::{OffsetMap, OffsetMapBuilder};

/// The script to convert to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    /// 简体, OpenCC `t2s`.
    Simplified,
    /// 繁體, OpenCC `s2t`.
    Traditional,
}

/// The script an article is written in, judged by the characters that differ under conversion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Script {
    /// 简: simplified characters only (or nearly).
    Simplified,
    /// 繁: traditional characters only (or nearly).
    Traditional,
    /// 混: both in significant numbers.
    Mixed,
    /// No character that tells the scripts apart.
    Unknown,
}

impl Script {
    /// The short badge shown in lists and tables: 简, 繁, 混 or —.
    pub fn badge(self) -> &'static str {
        match self {
            Self::Simplified => "简",
            Self::Traditional => "繁",
            Self::Mixed => "混",
            Self::Unknown => "—",
        }
    }
}

/// A converted text and its map back to the input.
#[derive(Clone, Debug, Default)]
pub struct Converted {
    /// The converted text.
    pub text: String,
    /// Output ← input.
    pub map: OffsetMap,
}

/// An OpenCC-identical converter for one direction. Built once, shared by all threads.
pub struct Converter {
    target: Target,
    /// The automata, built on first use.
    tables: OnceLock<Tables>,
}

impl fmt::Debug for Converter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Converter")
            .field("target", &self.target)
            .field("ready", &self.is_ready())
            .finish()
    }
}

static SIMPLIFIED: Converter = Converter {
    target: Target::Simplified,
    tables: OnceLock::new(),
};
static TRADITIONAL: Converter = Converter {
    target: Target::Traditional,
    tables: OnceLock::new(),
};

/// Bytes read per round by [`Converter::convert_stream`] (the buffer grows only while no safe
/// place to cut has been found).
const STREAM_CHUNK_BYTES: usize = 64 * 1024;

impl Converter {
    /// The shared converter to `target` (the dictionaries are built on first use).
    pub fn get(target: Target) -> &'static Converter {
        match target {
            Target::Simplified => &SIMPLIFIED,
            Target::Traditional => &TRADITIONAL,
        }
    }

    /// The direction of this converter.
    pub fn target(&self) -> Target {
        self.target
    }

    /// Builds the dictionaries now if they are not built yet (tens of milliseconds; call it from a
    /// worker thread so the first conversion on the UI thread does not wait).
    pub fn warm_up(&self) {
        self.tables();
    }

    /// True once the dictionaries are built, so a conversion will not wait for them.
    pub fn is_ready(&self) -> bool {
        self.tables.get().is_some()
    }

    fn tables(&self) -> &Tables {
        self.tables.get_or_init(|| {
            let spec = match self.target {
                Target::Simplified => &T2S,
                Target::Traditional => &S2T,
            };
            Tables::build(spec)
        })
    }

    /// Converts `text`, returning the output and its offset map.
    ///
    /// ```
    /// use pizhu::text::convert::{Converter, Target};
    /// let converted = Converter::get(Target::Traditional).convert("发展经济");
    /// assert_eq!(converted.text, "發展經濟");
    /// assert!(converted.map.is_identity()); // s2t maps every char to one char
    /// ```
    pub fn convert(&self, text: &str) -> Converted {
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let (_, map) = self.tables().run(text, true, &mut out, true);
        Converted {
            map: map.unwrap_or_else(|| OffsetMap::identity(text.chars().count())),
            text: out,
        }
    }

    /// Converts `text`, appending to `out`, without building a map (the streaming fast path).
    pub fn convert_into(&self, text: &str, out: &mut String) {
        out.reserve(text.len() + text.len() / 8);
        self.tables().run(text, true, out, false);
    }

    /// Converts UTF-8 text from `reader` to `writer` in bounded memory, returning the number of
    /// bytes written. The output equals [`convert`](Self::convert) of the whole input.
    ///
    /// Input is cut only where no dictionary match and no ideographic description sequence can
    /// span the cut: after a newline, or failing that after another char no key contains (a
    /// space, `。`, `，`…). Invalid UTF-8 is an [`io::ErrorKind::InvalidData`] error.
    pub fn convert_stream(&self, reader: impl BufRead, writer: impl Write) -> io::Result<u64> {
        self.convert_stream_chunked(reader, writer, STREAM_CHUNK_BYTES)
    }

    fn convert_stream_chunked(
        &self,
        mut reader: impl BufRead,
        mut writer: impl Write,
        chunk_bytes: usize,
    ) -> io::Result<u64> {
        let tables = self.tables();
        let mut pending: Vec<u8> = Vec::with_capacity(chunk_bytes * 2);
        let mut out = String::with_capacity(chunk_bytes + chunk_bytes / 4);
        let mut written: u64 = 0;
        let mut at_eof = false;
        // Grows (doubling) only while the pending text has no place to cut.
        let mut wanted = chunk_bytes.max(1);
        loop {
            while !at_eof && pending.len() < wanted {
                let buf = match reader.fill_buf() {
                    Ok(buf) => buf,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                if buf.is_empty() {
                    at_eof = true;
                    break;
                }
                // Take no more than asked for, so a reader with a huge buffer (a slice) does
                // not make us copy all of it at once.
                let n = buf.len().min(wanted - pending.len());
                pending.extend_from_slice(&buf[..n]);
                reader.consume(n);
            }
            if pending.is_empty() {
                break;
            }
            let cut = if at_eof {
                pending.len()
            } else {
                tables.stream_cut(&pending)
            };
            let is_final = at_eof && cut == pending.len();
            let text = std::str::from_utf8(&pending[..cut])
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
            out.clear();
            let (consumed, _) = tables.run(text, is_final, &mut out, false);
            writer.write_all(out.as_bytes())?;
            written += out.len() as u64;
            pending.drain(..consumed);
            if consumed == 0 {
                if at_eof {
                    // Unreachable in practice (a final run consumes everything), but never loop.
                    break;
                }
                wanted = wanted.saturating_mul(2).max(pending.len() + chunk_bytes);
            } else {
                wanted = chunk_bytes.max(1);
            }
        }
        writer.flush()?;
        Ok(written)
    }
}

// ---------------------------------------------------------------------------------------------
// Dictionaries and configs
// ---------------------------------------------------------------------------------------------

/// One OpenCC text dictionary: `key<TAB>candidate candidate…` per line, `#` comments.
#[derive(Clone, Copy, Debug)]
struct DictFile {
    /// File name under `assets/opencc/`, as the configs name it.
    name: &'static str,
    text: &'static str,
}

macro_rules! opencc_dict {
    ($name:literal) => {
        DictFile {
            name: $name,
            text: include_str!(concat!("../../assets/opencc/", $name)),
        }
    };
}

const CJK_COMPATIBILITY_IDEOGRAPHS: DictFile = opencc_dict!("CJK_Compatibility_Ideographs.txt");
const ST_PHRASES: DictFile = opencc_dict!("STPhrases.txt");
const ST_PHRASES_REGIONAL: DictFile = opencc_dict!("STPhrases_GeneratedFromRegionalPhrases.txt");
const ST_CHARACTERS: DictFile = opencc_dict!("STCharacters.txt");
const TS_PHRASES: DictFile = opencc_dict!("TSPhrases.txt");
const TS_CHARACTERS_EXT: DictFile = opencc_dict!("TSCharactersExt.txt");
const TS_CHARACTERS: DictFile = opencc_dict!("TSCharacters.txt");

/// A stage: a `short_circuit` list of `union` groups of dictionaries, in priority order.
type StageSpec = &'static [&'static [DictFile]];

/// A config: its stages in order (normalisation first). Mirrors `assets/opencc/*.json`; a test
/// checks that it still does.
#[derive(Debug)]
struct ChainSpec {
    stages: &'static [StageSpec],
}

/// `s2t.json`.
const S2T: ChainSpec = ChainSpec {
    stages: &[
        &[&[CJK_COMPATIBILITY_IDEOGRAPHS]],
        &[&[ST_PHRASES, ST_PHRASES_REGIONAL], &[ST_CHARACTERS]],
    ],
};

/// `t2s.json` (with the tofu-risk `TSCharactersExt`, as OpenCC's library loads it by default).
const T2S: ChainSpec = ChainSpec {
    stages: &[
        &[&[CJK_COMPATIBILITY_IDEOGRAPHS]],
        &[&[TS_PHRASES], &[TS_CHARACTERS_EXT], &[TS_CHARACTERS]],
    ],
};

/// The entries of a dictionary file as `(key, first candidate, all candidates)`, like OpenCC's
/// `Lexicon::ParseLexiconFromBuffer`: `#` lines and empty lines are skipped, a trailing `\r` is
/// dropped, the key ends at the first tab and candidates are separated by single spaces.
fn dict_entries(
    dict: DictFile,
) -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    let text = dict.text.strip_prefix('\u{FEFF}').unwrap_or(dict.text);
    text.lines().filter_map(move |line| {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let Some((key, candidates)) = line.split_once('\t') else {
            log::warn!("{}: line without a tab skipped: {line:?}", dict.name);
            return None;
        };
        let first = candidates.split(' ').next().unwrap_or(candidates);
        Some((key, first, candidates))
    })
}

// ---------------------------------------------------------------------------------------------
// Automata
// ---------------------------------------------------------------------------------------------

/// What a dictionary key becomes.
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// The first candidate, a slice of the embedded dictionary text.
    value: &'static str,
    key_chars: u32,
    value_chars: u32,
}

/// One stage: all its dictionaries merged into one leftmost-longest automaton.
struct Stage {
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
    fn build(spec: StageSpec) -> Self {
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
struct LeadPairs {
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

/// All stages of one direction.
struct Tables {
    stages: Vec<Stage>,
    /// Chars that occur in no key of any stage, after which a stream may be cut.
    cut_chars: Vec<char>,
}

/// Candidates for [`Tables::cut_chars`], most common first.
const CUT_CANDIDATES: [char; 12] = [
    '\n', '。', '，', ' ', '\r', '、', '；', '！', '？', '.', ',', '：',
];

impl Tables {
    fn build(spec: &ChainSpec) -> Self {
        let stages: Vec<Stage> = spec
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
    fn run(
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
    fn stream_cut(&self, pending: &[u8]) -> usize {
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

// ---------------------------------------------------------------------------------------------
// Ideographic description sequences (OpenCC's `UTF8Util::NextIdeographicDescriptionSequenceLength`)
// ---------------------------------------------------------------------------------------------

/// OpenCC's limits on an IDS: nesting depth and code points.
const IDS_MAX_DEPTH: usize = 16;
const IDS_MAX_CODE_POINTS: usize = 64;

/// Operands of an ideographic description operator; 0 for any other char.
fn ids_operator_arity(c: char) -> usize {
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
fn ids_ranges(text: &str, is_final: bool) -> (Vec<Range<usize>>, usize) {
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

// ---------------------------------------------------------------------------------------------
// Script detection
// ---------------------------------------------------------------------------------------------

/// A set of chars as a bitset over code points.
struct CharSet {
    words: Vec<u64>,
}

impl CharSet {
    fn from_chars(chars: impl IntoIterator<Item = char>) -> Self {
        let mut words = Vec::new();
        for c in chars {
            let cp = c as usize;
            if words.len() <= cp / 64 {
                words.resize(cp / 64 + 1, 0);
            }
            words[cp / 64] |= 1 << (cp % 64);
        }
        Self { words }
    }

    fn contains(&self, c: char) -> bool {
        let cp = c as usize;
        self.words
            .get(cp / 64)
            .is_some_and(|w| w & (1 << (cp % 64)) != 0)
    }
}

/// Chars only one script uses, from OpenCC's character dictionaries.
struct ScriptChars {
    simplified_only: CharSet,
    traditional_only: CharSet,
}

/// Chars that a character dictionary always changes and that no entry of the same dictionaries
/// ever produces: `后` is out (s2t `后 → 後 后` keeps it as a candidate), `这` is in.
fn one_script_chars(dicts: &[DictFile]) -> HashSet<char> {
    let single = |s: &str| {
        let mut chars = s.chars();
        chars.next().filter(|_| chars.next().is_none())
    };
    let mut produced: HashSet<char> = HashSet::new();
    let mut changed: HashSet<char> = HashSet::new();
    for dict in dicts {
        for (key, _, candidates) in dict_entries(*dict) {
            produced.extend(candidates.chars().filter(|c| *c != ' '));
            if let Some(c) = single(key)
                && !candidates.split(' ').any(|candidate| candidate == key)
            {
                changed.insert(c);
            }
        }
    }
    changed.retain(|c| !produced.contains(c));
    changed
}

fn script_chars() -> &'static ScriptChars {
    static CHARS: OnceLock<ScriptChars> = OnceLock::new();
    CHARS.get_or_init(|| {
        let simplified = one_script_chars(&[ST_CHARACTERS]);
        let traditional = one_script_chars(&[TS_CHARACTERS_EXT, TS_CHARACTERS]);
        // A char both directions change is no evidence either way.
        ScriptChars {
            simplified_only: CharSet::from_chars(simplified.difference(&traditional).copied()),
            traditional_only: CharSet::from_chars(traditional.difference(&simplified).copied()),
        }
    })
}

/// How many times more chars of one script than of the other make a text that script.
const SCRIPT_DOMINANCE: usize = 4;

/// Judges the script of `text` by counting characters that only one script uses.
///
/// ```
/// use pizhu::text::convert::{Script, detect_script};
/// assert_eq!(detect_script("经济发展"), Script::Simplified);
/// assert_eq!(detect_script("經濟發展"), Script::Traditional);
/// assert_eq!(detect_script("经济發展"), Script::Mixed);
/// assert_eq!(detect_script("中文 ABC"), Script::Unknown);
/// ```
pub fn detect_script(text: &str) -> Script {
    let sets = script_chars();
    let (mut simplified, mut traditional) = (0usize, 0usize);
    for c in text.chars() {
        // ASCII and most common chars are in neither set; skip them before the lookups.
        if c < '\u{3400}' {
            continue;
        }
        if sets.simplified_only.contains(c) {
            simplified += 1;
        } else if sets.traditional_only.contains(c) {
            traditional += 1;
        }
    }
    match (simplified, traditional) {
        (0, 0) => Script::Unknown,
        (s, t) if t > SCRIPT_DOMINANCE * s => Script::Traditional,
        (s, t) if s > SCRIPT_DOMINANCE * t => Script::Simplified,
        _ => Script::Mixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::offsets::Bias;

    const SEEDS: [&str; 5] = [
        include_str!("../../seeds/000_aee7d7dda944679f.txt"),
        include_str!("../../seeds/001_ebed7b38f3e0333c.txt"),
        include_str!("../../seeds/002_6e5af457e60a8f77.txt"),
        include_str!("../../seeds/003_6d7fffe9468177c8.txt"),
        include_str!("../../seeds/004_17a6dfa9780f989e.txt"),
    ];

    fn s2t(text: &str) -> String {
        Converter::get(Target::Traditional).convert(text).text
    }

    fn t2s(text: &str) -> String {
        Converter::get(Target::Simplified).convert(text).text
    }

    #[test]
    fn phrases_beat_characters() {
        assert_eq!(s2t("干了一杯，干部干涉"), "幹了一杯，幹部干涉");
        assert_eq!(s2t("头发发展"), "頭髮發展");
        assert_eq!(t2s("經濟發展，乾燥"), "经济发展，干燥");
    }

    #[test]
    fn tofu_risk_dictionary_is_included() {
        // TSCharactersExt wins over TSCharacters, as in OpenCC's library by default.
        assert_eq!(t2s("㑮"), "𫝈");
    }

    #[test]
    fn offset_map_is_identity_on_seeds() {
        for seed in SEEDS {
            for target in [Target::Simplified, Target::Traditional] {
                let converted = Converter::get(target).convert(seed);
                assert!(converted.map.is_identity(), "{target:?}");
                assert_eq!(converted.map.original_len(), seed.chars().count());
                assert_eq!(converted.text.chars().count(), seed.chars().count());
                let mut fast = String::new();
                Converter::get(target).convert_into(seed, &mut fast);
                assert_eq!(fast, converted.text, "{target:?}: convert_into differs");
            }
        }
    }

    #[test]
    fn empty_text() {
        for target in [Target::Simplified, Target::Traditional] {
            let converted = Converter::get(target).convert("");
            assert_eq!(converted.text, "");
            assert_eq!(converted.map.view_len(), 0);
            assert_eq!(converted.map.original_len(), 0);
            let mut out = String::from("前");
            Converter::get(target).convert_into("", &mut out);
            assert_eq!(out, "前");
        }
    }

    #[test]
    fn latin_emoji_and_fullwidth_pass_through() {
        let text = "Hello 世界 🌍 发展 (WEF) ＡＢＣ１２３ 👩‍👩‍👧 了解\r\n";
        let converted = Converter::get(Target::Traditional).convert(text);
        assert_eq!(
            converted.text,
            "Hello 世界 🌍 發展 (WEF) ＡＢＣ１２３ 👩‍👩‍👧 瞭解\r\n"
        );
        assert!(converted.map.is_identity());
        let back = Converter::get(Target::Simplified).convert(&converted.text);
        assert_eq!(
            back.text,
            "Hello 世界 🌍 发展 (WEF) ＡＢＣ１２３ 👩‍👩‍👧 了解\r\n"
        );
    }

    #[test]
    fn compatibility_ideographs_are_normalised_first() {
        // U+F900 is a compatibility form of 豈 (U+8C48), which t2s then simplifies to 岂.
        assert_eq!(s2t("\u{F900}\u{F901}"), "\u{8C48}\u{66F4}");
        assert_eq!(t2s("\u{F900}"), "\u{5C82}");
    }

    #[test]
    fn ideographic_description_sequences_are_copied() {
        // Each expectation was produced by opencc==1.4.2.
        assert_eq!(s2t("⿰讠吾"), "⿰讠吾");
        assert_eq!(s2t("讠吾"), "訁吾");
        assert_eq!(s2t("⿰讠"), "⿰訁", "an incomplete IDS is one plain char");
        assert_eq!(s2t("⿰讠吾讠"), "⿰讠吾訁");
        assert_eq!(s2t("⿲讠讠讠讠"), "⿲讠讠讠訁");
        assert_eq!(s2t("⿰⿰⿰讠讠讠讠讠"), "⿰⿰⿰讠讠讠讠訁");
        assert_eq!(
            s2t("⿰\u{F900}\u{F901}"),
            "⿰\u{F900}\u{F901}",
            "not normalised either"
        );
        assert_eq!(s2t("⿰\n\n讠"), "⿰\n\n訁");
        // Nesting: at most 16 levels, else the outer operator is a plain char.
        assert_eq!(
            s2t(&format!("⿰{}a讠", "⿾".repeat(14))),
            format!("⿰{}a讠", "⿾".repeat(14))
        );
        assert_eq!(
            s2t(&format!("⿰{}a讠", "⿾".repeat(15))),
            format!("⿰{}a訁", "⿾".repeat(15))
        );
        // Size: at most 64 code points.
        let fits = format!("⿰{}讠", balanced_ids(61));
        assert_eq!(s2t(&fits), fits);
        let too_big = format!("⿰{}讠", balanced_ids(63));
        assert_eq!(s2t(&too_big), format!("⿰{}訁", balanced_ids(63)));
    }

    /// A valid IDS of `code_points` (odd) code points built from ⿰ and 甲.
    fn balanced_ids(code_points: usize) -> String {
        if code_points <= 1 {
            return "甲".to_owned();
        }
        let rest = code_points - 1;
        let left = if (rest / 2).is_multiple_of(2) {
            rest / 2 - 1
        } else {
            rest / 2
        };
        format!("⿰{}{}", balanced_ids(left), balanced_ids(rest - left))
    }

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
    fn convert_stream_equals_convert() {
        let mut input = String::new();
        for i in 0..40 {
            input.push_str(SEEDS[i % SEEDS.len()]);
            input.push_str("头发\n⿰讠\n吾后来干了");
        }
        // One long line with no newline at all: cut after 。 or ，.
        input.push_str(&SEEDS[0].replace('\n', "").repeat(20));
        assert!(input.len() > 4 * STREAM_CHUNK_BYTES);
        for target in [Target::Simplified, Target::Traditional] {
            let converter = Converter::get(target);
            let expected = converter.convert(&input).text;
            for chunk in [STREAM_CHUNK_BYTES, 1000, 7, 1] {
                let mut out = Vec::new();
                let written = converter
                    .convert_stream_chunked(input.as_bytes(), &mut out, chunk)
                    .expect("in-memory stream");
                assert_eq!(written, out.len() as u64);
                assert!(
                    String::from_utf8(out).expect("UTF-8") == expected,
                    "{target:?} {chunk}"
                );
            }
        }
    }

    #[test]
    fn convert_stream_keeps_an_ids_across_a_cut() {
        // The IDS `⿰\n\n` spans two newlines; cutting after the first would split it.
        let input = "头发⿰\n\n讠\n";
        let mut out = Vec::new();
        Converter::get(Target::Traditional)
            .convert_stream_chunked(input.as_bytes(), &mut out, 1)
            .expect("in-memory stream");
        assert_eq!(String::from_utf8(out).expect("UTF-8"), "頭髮⿰\n\n訁\n");
    }

    #[test]
    fn convert_stream_rejects_invalid_utf8() {
        let input: &[u8] = b"\xE5\x8F\x91\xFF\n";
        let err = Converter::get(Target::Traditional)
            .convert_stream(input, Vec::new())
            .expect_err("invalid UTF-8");
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn bundled_data_is_merged_exactly() {
        for spec in [&S2T, &T2S] {
            let tables = Tables::build(spec);
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
        // Every s2t/t2s entry keeps its length, so both maps stay identities.
        for dict in [
            ST_PHRASES,
            ST_PHRASES_REGIONAL,
            ST_CHARACTERS,
            TS_PHRASES,
            TS_CHARACTERS_EXT,
            TS_CHARACTERS,
        ] {
            assert!(dict_entries(dict).all(|(k, v, _)| k.chars().count() == v.chars().count()));
        }
        assert_eq!(dict_entries(ST_PHRASES).count(), 49_238);
        assert_eq!(dict_entries(CJK_COMPATIBILITY_IDEOGRAPHS).count(), 1_002);
    }

    #[test]
    fn chains_match_the_configs() {
        fn leaves(value: &serde_json::Value, out: &mut Vec<String>) {
            let dict = value.get("dict").unwrap_or(value);
            if let Some(file) = dict.get("file").and_then(|f| f.as_str()) {
                out.push(file.to_owned());
            }
            if let Some(children) = dict.get("dicts").and_then(|d| d.as_array()) {
                for child in children {
                    leaves(child, out);
                }
            }
        }
        for (json, spec) in [
            (include_str!("../../assets/opencc/s2t.json"), &S2T),
            (include_str!("../../assets/opencc/t2s.json"), &T2S),
        ] {
            let config: serde_json::Value = serde_json::from_str(json).expect("config JSON");
            let mut stages: Vec<Vec<String>> = Vec::new();
            for key in ["normalization", "conversion_chain"] {
                for stage in config[key].as_array().expect("stage list") {
                    let mut files = Vec::new();
                    leaves(stage, &mut files);
                    stages.push(files);
                }
            }
            let ours: Vec<Vec<String>> = spec
                .stages
                .iter()
                .map(|stage| {
                    stage
                        .iter()
                        .flat_map(|g| g.iter())
                        .map(|d| d.name.to_owned())
                        .collect()
                })
                .collect();
            assert_eq!(stages, ours);
            assert!(
                !json.contains("segmentation"),
                "no segmentation step in these configs"
            );
        }
        let s2t: serde_json::Value =
            serde_json::from_str(include_str!("../../assets/opencc/s2t.json")).expect("JSON");
        let group = &s2t["conversion_chain"][0]["dict"];
        assert_eq!(group["match_policy"], "short_circuit");
        assert_eq!(group["dicts"][0]["match_policy"], "union");
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
        const SPEC: ChainSpec = ChainSpec {
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

    #[test]
    fn script_detection() {
        let expected = [
            Script::Simplified,
            Script::Traditional,
            Script::Traditional,
            Script::Simplified,
            Script::Simplified,
        ];
        for (seed, script) in SEEDS.iter().zip(expected) {
            assert_eq!(detect_script(seed), script);
        }
        assert_eq!(detect_script(""), Script::Unknown);
        assert_eq!(detect_script("Hello, 中文 123"), Script::Unknown);
        assert_eq!(
            detect_script("皇后"),
            Script::Unknown,
            "后 is used by both scripts"
        );
        assert_eq!(detect_script("这个国家发展"), Script::Simplified);
        assert_eq!(detect_script("這個國家發展"), Script::Traditional);
        assert_eq!(detect_script("这个國家"), Script::Mixed);
        // Every seed, converted, is judged the other way round.
        for seed in SEEDS {
            assert_eq!(detect_script(&s2t(seed)), Script::Traditional);
            assert_eq!(detect_script(&t2s(seed)), Script::Simplified);
        }
    }

    #[test]
    fn tables_build_and_convert_for_both_targets() {
        // The build time is measured by `benches/convert.rs`, never in a test.
        for (spec, input, expected) in [
            (&S2T, "汉字发展", "漢字發展"),
            (&T2S, "漢字發展", "汉字发展"),
        ] {
            let tables = Tables::build(spec);
            assert_eq!(tables.stages.len(), 2, "normalisation, then conversion");
            let mut out = String::new();
            let (consumed, map) = tables.run(input, true, &mut out, false);
            assert_eq!((consumed, out.as_str()), (input.len(), expected));
            assert!(map.is_none(), "no map was asked for");
        }
    }
}
