//! 简↔繁 conversion identical to OpenCC 1.4.2 (`s2t`, `t2s` and the regional configs `s2tw`,
//! `s2twp`, `s2hk`, `tw2s`, `tw2sp`, `hk2s`, `t2tw`, `t2hk`, `tw2t`, `hk2t`), with an offset map,
//! optional user phrases, and on request the conversions that had a choice: the [`Converter`]
//! API.
//!
//! Offsets: the [`OffsetMap`] of a [`Converted`] maps chars of the output (view side) to chars of
//! the input (Original side); [`Ambiguity`] ranges are chars of the output and of the input. Byte
//! offsets appear only inside this folder, never in its API.
//!
//! The parts, in the order a conversion uses them (checked against OpenCC's source and against
//! the Python wheel `opencc==1.4.2`):
//! - `user`: a corpus's [`UserPhrase`]s, matched first ([`Converter::with_user_phrases`]).
//! - `dictionary`: OpenCC's own text dictionaries (`assets/opencc/`, Apache-2.0), embedded.
//! - `config`: configs as data ([`OpenccConfig`]): normalisation, segmentation, stages.
//! - `stage`: a config built into leftmost-longest automata, one per stage, on first use (one
//!   [`OnceLock`](std::sync::OnceLock) per stage and per config; call [`Converter::warm_up`] from
//!   a worker thread to keep that off the UI thread).
//! - `ids`: ideographic description sequences, which OpenCC copies unchanged.
//! - [`script`]: [`Script`] and [`detect_script`], judged by the same character dictionaries.

use std::fmt;
use std::io::{self, BufRead, Write};
use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::offsets::{OffsetMap, OffsetMapBuilder};

mod config;
mod dictionary;
mod ids;
pub mod script;
mod stage;
mod user;

pub use config::{OpenccConfig, UnknownConfig};
pub use script::{Script, detect_script, detect_script_counting_chars};
pub use user::{
    PhraseIssue, PhraseProblem, PhraseScope, UserPhrase, check_user_phrases, upsert_user_phrase,
};

use stage::{RunResult, Tables, Want};
use user::UserStage;

/// The script to convert to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    /// 简体, OpenCC `t2s`.
    Simplified,
    /// 繁體, OpenCC `s2t`.
    Traditional,
}

impl Target {
    /// The OpenCC config that converts to this script by default (`t2s`, `s2t`).
    pub fn default_config(self) -> OpenccConfig {
        match self {
            Self::Simplified => OpenccConfig::T2s,
            Self::Traditional => OpenccConfig::S2t,
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

/// A character that a character dictionary converted although it offered more than one
/// candidate, and that no phrase decided (`发` → `發` or `髮`, `干` → `乾`, `幹` or `干`): where
/// the conversion had to guess. Reported by [`Converter::convert_inspect`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ambiguity {
    /// Chars of the output that show the choice (usually one).
    pub view: Range<usize>,
    /// Chars of the input converted there.
    pub original: Range<usize>,
    /// What the output shows there.
    pub chosen: String,
    /// Every candidate, as the output would show it (later stages applied), in the dictionary's
    /// order; `chosen` is one of them, and there are at least two.
    pub candidates: Vec<String>,
}

/// An OpenCC-identical converter for one config, possibly with user phrases. Cheap to clone
/// (the dictionaries are shared by every converter of the process).
#[derive(Clone)]
pub struct Converter {
    config: OpenccConfig,
    /// The user phrases that apply to `config`, if any.
    user: Option<Arc<UserStage>>,
}

impl fmt::Debug for Converter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Converter")
            .field("config", &self.config.name())
            .field("user_phrases", &self.user_phrase_count())
            .field("ready", &self.is_ready())
            .finish()
    }
}

impl PartialEq for Converter {
    /// Same config and the very same user phrases (not compared by content).
    fn eq(&self, other: &Self) -> bool {
        self.config == other.config
            && match (&self.user, &other.user) {
                (None, None) => true,
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                _ => false,
            }
    }
}

const fn shared(config: OpenccConfig) -> Converter {
    Converter { config, user: None }
}

/// One shared converter per config, indexed like [`OpenccConfig::ALL`].
static SHARED: [Converter; 12] = [
    shared(OpenccConfig::S2t),
    shared(OpenccConfig::T2s),
    shared(OpenccConfig::S2tw),
    shared(OpenccConfig::S2twp),
    shared(OpenccConfig::S2hk),
    shared(OpenccConfig::Tw2s),
    shared(OpenccConfig::Tw2sp),
    shared(OpenccConfig::Hk2s),
    shared(OpenccConfig::T2tw),
    shared(OpenccConfig::T2hk),
    shared(OpenccConfig::Tw2t),
    shared(OpenccConfig::Hk2t),
];

/// Bytes read per round by [`Converter::convert_stream`] (the buffer grows only while no safe
/// place to cut has been found).
const STREAM_CHUNK_BYTES: usize = 64 * 1024;

impl Converter {
    /// The shared converter to `target` with OpenCC's default config (`t2s` or `s2t`).
    pub fn get(target: Target) -> &'static Converter {
        Self::of(target.default_config())
    }

    /// The shared converter of `config` (no user phrases; dictionaries built on first use).
    pub fn of(config: OpenccConfig) -> &'static Converter {
        &SHARED[config.index()]
    }

    /// A converter of `config` that applies the `phrases` scoped to it first (see
    /// [`UserPhrase`] for the rule), and the problems of the phrases it skipped.
    ///
    /// This builds everything now, OpenCC's dictionaries included when they are not built yet
    /// (up to ~100 ms; the phrases themselves take microseconds per phrase): call it from a
    /// worker thread, as when a corpus opens or the user adds a phrase, then hand the
    /// converter to the views.
    pub fn with_user_phrases(
        config: OpenccConfig,
        phrases: &[UserPhrase],
    ) -> (Converter, Vec<PhraseIssue>) {
        let tables = config.spec().tables();
        let (user, issues) = UserStage::build(config, phrases, &tables.cut_chars);
        (
            Converter {
                config,
                user: user.map(Arc::new),
            },
            issues,
        )
    }

    /// The OpenCC config this converter runs.
    pub fn config(&self) -> OpenccConfig {
        self.config
    }

    /// The script of the output.
    pub fn target(&self) -> Target {
        self.config.target()
    }

    /// How many user phrases apply (0 for the shared converters).
    pub fn user_phrase_count(&self) -> usize {
        self.user.as_ref().map_or(0, |u| u.replacements.len())
    }

    /// Builds the dictionaries now if they are not built yet (tens of milliseconds; call it from a
    /// worker thread so the first conversion on the UI thread does not wait).
    pub fn warm_up(&self) {
        self.tables();
    }

    /// True once the dictionaries are built, so a conversion will not wait for them.
    pub fn is_ready(&self) -> bool {
        self.config.spec().tables.get().is_some()
    }

    fn tables(&self) -> &'static Tables {
        self.config.spec().tables()
    }

    /// Chars after which a stream may be cut (no key of any dictionary or user phrase has them).
    fn cut_chars(&self) -> &[char] {
        match &self.user {
            Some(user) => &user.cut_chars,
            None => &self.tables().cut_chars,
        }
    }

    /// Converts `text`, returning the output and its offset map.
    ///
    /// ```
    /// use pizhu::text::convert::{Converter, OpenccConfig, Target};
    /// let converted = Converter::get(Target::Traditional).convert("发展经济");
    /// assert_eq!(converted.text, "發展經濟");
    /// assert!(converted.map.is_identity()); // s2t maps every char to one char
    ///
    /// // Taiwan vocabulary changes lengths: 博客 → 部落格, 方便面 → 泡麵; each is one block.
    /// let taiwan = Converter::of(OpenccConfig::S2twp).convert("博客和方便面");
    /// assert_eq!(taiwan.text, "部落格和泡麵");
    /// assert_eq!(taiwan.map.original_range_from_view(0..1), 0..2); // 部 stands for 博客
    /// assert_eq!(taiwan.map.view_range_from_original(3..6), 4..6); // 方便面 is 泡麵
    /// ```
    pub fn convert(&self, text: &str) -> Converted {
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let RunResult { map, .. } = self.run(text, true, &mut out, Want::Map);
        Converted {
            map: map.unwrap_or_else(|| OffsetMap::identity(text.chars().count())),
            text: out,
        }
    }

    /// Converts `text`, appending to `out`, without building a map (the streaming fast path).
    pub fn convert_into(&self, text: &str, out: &mut String) {
        out.reserve(text.len() + text.len() / 8);
        self.run(text, true, out, Want::Text);
    }

    /// Converts `text` like [`convert`](Self::convert) and also reports every [`Ambiguity`]:
    /// each char a character dictionary converted from more than one candidate with no phrase
    /// deciding, in output order. Costs about as much as a second conversion; the plain
    /// conversions never compute it.
    ///
    /// ```
    /// use pizhu::text::convert::{Converter, Target};
    /// // 头发 is a phrase (頭髮); the lone 发 was a guess between 發 and 髮.
    /// let (converted, ambiguities) = Converter::get(Target::Traditional).convert_inspect("头发发");
    /// assert_eq!(converted.text, "頭髮發");
    /// assert_eq!(ambiguities.len(), 1);
    /// assert_eq!((ambiguities[0].view.clone(), ambiguities[0].chosen.as_str()), (2..3, "發"));
    /// assert_eq!(ambiguities[0].candidates, ["發", "髮"]);
    /// ```
    pub fn convert_inspect(&self, text: &str) -> (Converted, Vec<Ambiguity>) {
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let RunResult { map, choices, .. } = self.run(text, true, &mut out, Want::Choices);
        let converted = Converted {
            map: map.unwrap_or_else(|| OffsetMap::identity(text.chars().count())),
            text: out,
        };
        (converted, choices)
    }

    /// Converts the longest prefix of `text` that later input cannot change, appending to `out`,
    /// and returns its length in bytes; keep the rest and put it before the next chunk. With
    /// `is_final` (no more input) all of `text` is converted. Feeding an input chunk by chunk
    /// this way gives exactly [`convert`](Self::convert) of the whole.
    ///
    /// Text is cut only where no dictionary match, user phrase or ideographic description
    /// sequence can span the cut: after a newline, or failing that after another char no key
    /// contains (a space, `。`, `，`…); 0 when there is no such place yet.
    pub fn convert_chunk(&self, text: &str, is_final: bool, out: &mut String) -> usize {
        let cut = if is_final {
            text.len()
        } else {
            Tables::stream_cut(text.as_bytes(), self.cut_chars())
        };
        if cut == 0 && !is_final {
            return 0;
        }
        self.run(&text[..cut], is_final, out, Want::Text).consumed
    }

    /// Runs the conversion: user phrases first, OpenCC's stages between their matches.
    fn run(&self, text: &str, is_final: bool, out: &mut String, want: Want) -> RunResult {
        let tables = self.tables();
        let Some(user) = &self.user else {
            return tables.run(text, is_final, out, want);
        };
        let mut builder = (want != Want::Text).then(OffsetMapBuilder::new);
        let mut choices = Vec::new();
        let mut last = 0;
        let mut stretch = |from: usize,
                           to: usize,
                           is_final: bool,
                           out: &mut String,
                           builder: &mut Option<OffsetMapBuilder>| {
            let part = &text[from..to];
            let (view_at, original_at) = builder.as_ref().map_or((0, 0), |b| b.position());
            let result = tables.run(part, is_final, out, want);
            if let Some(builder) = builder.as_mut() {
                match &result.map {
                    Some(map) => builder.append(map),
                    None => builder.keep(part[..result.consumed].chars().count()),
                }
            }
            choices.extend(result.choices.into_iter().map(|a| Ambiguity {
                view: a.view.start + view_at..a.view.end + view_at,
                original: a.original.start + original_at..a.original.end + original_at,
                ..a
            }));
            result.consumed
        };
        for m in user.automaton.leftmost_find_iter(text) {
            stretch(last, m.start(), true, out, &mut builder);
            match user.replacements.get(m.value() as usize) {
                Some(replacement) => {
                    out.push_str(&replacement.to);
                    if let Some(builder) = builder.as_mut() {
                        builder.replace(replacement.from_chars, replacement.to_chars);
                    }
                }
                None => {
                    out.push_str(&text[m.start()..m.end()]);
                    if let Some(builder) = builder.as_mut() {
                        builder.keep(text[m.start()..m.end()].chars().count());
                    }
                }
            }
            last = m.end();
        }
        let consumed = last + stretch(last, text.len(), is_final, out, &mut builder);
        RunResult {
            consumed,
            map: builder.map(OffsetMapBuilder::finish),
            choices,
        }
    }

    /// Converts UTF-8 text from `reader` to `writer` in bounded memory, returning the number of
    /// bytes written. The output equals [`convert`](Self::convert) of the whole input (see
    /// [`convert_chunk`](Self::convert_chunk) for where it cuts). Invalid UTF-8 is an
    /// [`io::ErrorKind::InvalidData`] error.
    pub fn convert_stream(&self, reader: impl BufRead, writer: impl Write) -> io::Result<u64> {
        self.convert_stream_chunked(reader, writer, STREAM_CHUNK_BYTES)
    }

    fn convert_stream_chunked(
        &self,
        mut reader: impl BufRead,
        mut writer: impl Write,
        chunk_bytes: usize,
    ) -> io::Result<u64> {
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
                Tables::stream_cut(&pending, self.cut_chars())
            };
            let is_final = at_eof && cut == pending.len();
            let text = std::str::from_utf8(&pending[..cut])
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
            out.clear();
            let consumed = self.run(text, is_final, &mut out, Want::Text).consumed;
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::ops::Range;

    const SEEDS: [&str; 5] = [
        include_str!("../../../seeds/000_aee7d7dda944679f.txt"),
        include_str!("../../../seeds/001_ebed7b38f3e0333c.txt"),
        include_str!("../../../seeds/002_6e5af457e60a8f77.txt"),
        include_str!("../../../seeds/003_6d7fffe9468177c8.txt"),
        include_str!("../../../seeds/004_17a6dfa9780f989e.txt"),
    ];

    fn s2t(text: &str) -> String {
        Converter::get(Target::Traditional).convert(text).text
    }

    fn t2s(text: &str) -> String {
        Converter::get(Target::Simplified).convert(text).text
    }

    #[test]
    fn each_target_runs_its_config() {
        for (target, name) in [(Target::Traditional, "s2t"), (Target::Simplified, "t2s")] {
            let converter = Converter::get(target);
            assert_eq!(
                (converter.target(), converter.config().name()),
                (target, name)
            );
            converter.warm_up();
            assert!(converter.is_ready());
            assert!(format!("{converter:?}").contains(name));
        }
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

    fn ambiguity_summary(
        ambiguities: &[Ambiguity],
    ) -> Vec<(Range<usize>, Range<usize>, &str, String)> {
        ambiguities
            .iter()
            .map(|a| {
                (
                    a.view.clone(),
                    a.original.clone(),
                    a.chosen.as_str(),
                    a.candidates.join(" "),
                )
            })
            .collect()
    }

    #[test]
    fn ambiguities_are_lone_characters_with_candidates() {
        let converter = Converter::get(Target::Traditional);
        // 头发 is a phrase (頭髮); each 干 stands alone and was a guess.
        let (converted, ambiguities) = converter.convert_inspect("头发干，皮肤干");
        assert_eq!(converted.text, "頭髮幹，皮膚幹");
        assert_eq!(
            ambiguity_summary(&ambiguities),
            [
                (2..3, 2..3, "幹", "幹 乾 干 榦".to_owned()),
                (6..7, 6..7, "幹", "幹 乾 干 榦".to_owned()),
            ]
        );
        // 理发, 后头 and 很干 are phrases; 发 after 后头 is not (OpenCC reads 後頭 + 發).
        let (converted, ambiguities) = converter.convert_inspect("理发后头发很干");
        assert_eq!(converted.text, "理髮後頭發很乾");
        assert_eq!(
            ambiguity_summary(&ambiguities),
            [(4..5, 4..5, "發", "發 髮".to_owned())]
        );
        // Same output and map as the plain conversion.
        assert_eq!(converter.convert("理发后头发很干").map, converted.map);
        // No choice where every candidate is the same char or the text is already converted.
        assert!(converter.convert_inspect("頭髮發展").1.is_empty());
        assert!(converter.convert_inspect("").1.is_empty());
    }

    #[test]
    fn ambiguities_follow_later_stages_and_length_changes() {
        // s2twp: 博客 → 部落格 (three chars) shifts the 干 after it by one; its candidates are
        // shown as the Taiwan stage would show them.
        let (converted, ambiguities) =
            Converter::of(OpenccConfig::S2twp).convert_inspect("博客，皮肤干");
        assert_eq!(converted.text, "部落格，皮膚幹");
        assert_eq!(
            ambiguity_summary(&ambiguities),
            [(6..7, 5..6, "幹", "幹 乾 干 榦".to_owned())]
        );
        // t2s: a traditional char with several simplified candidates.
        let (converted, ambiguities) = Converter::get(Target::Simplified).convert_inspect("乾");
        assert_eq!(converted.text, "干");
        assert_eq!(ambiguities.len(), 1, "{ambiguities:?}");
        assert!(ambiguities[0].candidates.len() >= 2);
        // Every reported range shows `chosen`, in every config, on every seed.
        for config in OpenccConfig::ALL {
            for seed in SEEDS {
                let (converted, ambiguities) = Converter::of(config).convert_inspect(seed);
                assert_eq!(converted.text, Converter::of(config).convert(seed).text);
                let chars: Vec<char> = converted.text.chars().collect();
                let mut previous = 0;
                for a in &ambiguities {
                    let shown: String = chars[a.view.clone()].iter().collect();
                    assert_eq!(shown, a.chosen, "{config}");
                    assert!(a.candidates.contains(&a.chosen) && a.candidates.len() >= 2);
                    assert!(a.view.start >= previous, "{config}: in order");
                    previous = a.view.end;
                    assert_eq!(
                        converted.map.original_range_from_view(a.view.clone()),
                        a.original
                    );
                }
            }
        }
    }

    #[test]
    fn user_phrases_apply_first_with_exact_maps() {
        let phrases = [
            UserPhrase::new("头发", "頭髮", PhraseScope::Traditional),
            UserPhrase::new("U盘", "隨身碟", PhraseScope::Traditional),
            UserPhrase::new("干", "乾", PhraseScope::Only(OpenccConfig::S2hk)),
        ];
        let (converter, issues) = Converter::with_user_phrases(OpenccConfig::S2t, &phrases);
        assert!(issues.is_empty());
        assert_eq!(converter.user_phrase_count(), 2);
        // OpenCC alone reads 后头 as a phrase and gives 頭發; the user phrase comes first.
        let (converted, ambiguities) = converter.convert_inspect("理发后头发很干");
        assert_eq!(converted.text, "理髮後頭髮很乾");
        // No choice at 头发 any more (the user decided); 后 now stands alone and is a guess.
        assert_eq!(
            ambiguity_summary(&ambiguities),
            [(2..3, 2..3, "後", "後 后".to_owned())]
        );
        // A phrase that changes length: one block.
        let converted = converter.convert("我的U盘发热");
        assert_eq!(converted.text, "我的隨身碟發熱");
        assert_eq!(converted.map.view_range_from_original(2..4), 2..5);
        assert_eq!(converted.map.original_range_from_view(3..4), 2..4);
        assert_eq!(converted.map.view_range_from_original(4..6), 5..7);
        // Only the config it names: s2hk takes 干 → 乾 everywhere, s2t does not.
        let (hk, _) = Converter::with_user_phrases(OpenccConfig::S2hk, &phrases);
        assert_eq!(hk.user_phrase_count(), 3);
        assert_eq!(hk.convert("头发干，皮肤干").text, "頭髮乾，皮膚乾");
        assert_eq!(converter.convert("头发干，皮肤干").text, "頭髮幹，皮膚幹");
        // A user phrase is not converted further, and OpenCC phrases do not reach into it.
        let (odd, _) = Converter::with_user_phrases(
            OpenccConfig::S2t,
            &[UserPhrase::new("发", "发", PhraseScope::Traditional)],
        );
        assert_eq!(odd.convert("头发发展").text, "頭发发展");
        assert_ne!(odd, converter);
        assert_eq!(converter.clone(), converter);
    }

    #[test]
    fn convert_chunk_feeds_a_stream() {
        let (with_phrases, _) = Converter::with_user_phrases(
            OpenccConfig::S2twp,
            &[UserPhrase::new(
                "你，好",
                "妳，好",
                PhraseScope::Traditional,
            )],
        );
        let mut input = String::new();
        for seed in SEEDS {
            input.push_str(seed);
            input.push_str("博客你，好⿰\n\n讠方便面\n");
        }
        for converter in [Converter::of(OpenccConfig::S2twp), &with_phrases] {
            let expected = converter.convert(&input).text;
            for step in [1, 5, 64, 4096] {
                let mut out = String::new();
                let mut pending = String::new();
                let mut rest = input.as_str();
                while !rest.is_empty() {
                    let mut take = step.min(rest.len());
                    while !rest.is_char_boundary(take) {
                        take += 1;
                    }
                    pending.push_str(&rest[..take]);
                    rest = &rest[take..];
                    let consumed = converter.convert_chunk(&pending, false, &mut out);
                    pending.drain(..consumed);
                }
                converter.convert_chunk(&pending, true, &mut out);
                assert!(out == expected, "step {step}");
            }
        }
        // Nothing to cut yet: nothing converted.
        let mut out = String::new();
        assert_eq!(
            Converter::get(Target::Traditional).convert_chunk("发展", false, &mut out),
            0
        );
        assert_eq!(
            Converter::get(Target::Traditional).convert_chunk("发展。", false, &mut out),
            9
        );
        assert_eq!(out, "發展。");
    }

    #[test]
    fn convert_stream_equals_convert_in_every_config() {
        let mut input = String::new();
        for seed in SEEDS {
            input.push_str(seed);
            input.push_str("博客⿰\n\n讠\n鼠标后来干了，方便面");
        }
        input.push_str(&SEEDS[2].replace('\n', ""));
        for config in OpenccConfig::ALL {
            let converter = Converter::of(config);
            let expected = converter.convert(&input).text;
            for chunk in [1000, 7] {
                let mut out = Vec::new();
                converter
                    .convert_stream_chunked(input.as_bytes(), &mut out, chunk)
                    .expect("in-memory stream");
                assert!(
                    String::from_utf8(out).expect("UTF-8") == expected,
                    "{config} {chunk}"
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

    mod properties {
        use super::*;
        use crate::text::offsets::Bias;
        use proptest::prelude::*;

        /// Pieces that exercise every config: simplified and traditional chars with several
        /// candidates, Taiwan and Hong Kong variants, phrases that change length in both
        /// directions, IDS, compatibility ideographs, CJK punctuation, non-BMP, emoji, CRLF.
        fn arb_text() -> impl Strategy<Value = String> {
            let pieces = prop::sample::select(vec![
                "博客",
                "部落格",
                "方便面",
                "泡麵",
                "鼠标",
                "滑鼠",
                "软件",
                "軟體",
                "出租车",
                "計程車",
                "U盘",
                "隨身碟",
                "信息",
                "資訊",
                "头发",
                "頭髮",
                "干",
                "乾",
                "发",
                "發",
                "后",
                "後",
                "里",
                "裏",
                "裡",
                "着",
                "著",
                "为",
                "為",
                "爲",
                "台湾",
                "臺灣",
                "理发后头发很干",
                "宏",
                "宏內核",
                "高級管理人才",
                "内存",
                "記憶體",
                "⿰",
                "讠",
                "吾",
                "\u{F900}",
                "𠮷",
                "🌍",
                "\n",
                "\r\n",
                "，",
                "。",
                "a",
                " ",
                "經濟",
                "经济",
                "线",
                "綫",
                "線",
                "着手",
                "了解",
                "瞭解",
            ]);
            prop::collection::vec(pieces, 0..30).prop_map(|p| p.concat())
        }

        fn phrase_pool() -> Vec<UserPhrase> {
            vec![
                UserPhrase::new("头发", "頭髮", PhraseScope::Traditional),
                UserPhrase::new("博客", "網誌", PhraseScope::Traditional),
                UserPhrase::new("U盘", "USB隨身碟", PhraseScope::Traditional),
                UserPhrase::new("干", "乾", PhraseScope::Traditional),
                UserPhrase::new("发后", "髮后", PhraseScope::Traditional),
                UserPhrase::new("，a", "、", PhraseScope::Traditional),
                UserPhrase::new("乾", "干", PhraseScope::Simplified),
                UserPhrase::new("部落格", "博客", PhraseScope::Simplified),
                UserPhrase::new("記憶體", "内存条", PhraseScope::Simplified),
                UserPhrase::new("臺灣", "台", PhraseScope::Only(OpenccConfig::T2tw)),
                UserPhrase::new("裏", "裡面", PhraseScope::Only(OpenccConfig::Hk2t)),
                UserPhrase::new("為", "为", PhraseScope::Only(OpenccConfig::Tw2t)),
            ]
        }

        /// The user phrases' matches as the rule says: leftmost, then longest, left to right.
        fn user_matches(
            text: &str,
            phrases: &[UserPhrase],
            config: OpenccConfig,
        ) -> Vec<(Range<usize>, String)> {
            let chars: Vec<char> = text.chars().collect();
            let applicable: Vec<(Vec<char>, &str)> = phrases
                .iter()
                .filter(|p| p.config.applies_to(config))
                .map(|p| (p.from.chars().collect(), p.to.as_str()))
                .collect();
            let mut found = Vec::new();
            let mut i = 0;
            while i < chars.len() {
                let best = applicable
                    .iter()
                    .filter(|(from, _)| chars[i..].starts_with(from))
                    .max_by_key(|(from, _)| from.len());
                match best {
                    Some((from, to)) => {
                        found.push((i..i + from.len(), (*to).to_owned()));
                        i += from.len();
                    }
                    None => i += 1,
                }
            }
            found
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn maps_are_exact_in_every_config(
                text in arb_text(),
                config_index in 0usize..12,
                chosen in prop::sample::subsequence(phrase_pool(), 0..=12),
                a in 0usize..120,
                b in 0usize..120,
            ) {
                let config = OpenccConfig::ALL[config_index];
                let (converter, issues) = Converter::with_user_phrases(config, &chosen);
                prop_assert!(issues.is_empty());
                let (converted, ambiguities) = converter.convert_inspect(&text);
                let map = &converted.map;
                let view: Vec<char> = converted.text.chars().collect();
                let chars = text.chars().count();
                prop_assert_eq!(map.view_len(), view.len());
                prop_assert_eq!(map.original_len(), chars);
                // The plain paths agree; without applicable phrases it is OpenCC's output.
                prop_assert_eq!(&converter.convert(&text).text, &converted.text);
                let mut fast = String::new();
                converter.convert_into(&text, &mut fast);
                prop_assert_eq!(&fast, &converted.text);
                let matches = user_matches(&text, &chosen, config);
                if matches.is_empty() {
                    let plain = Converter::of(config).convert(&text);
                    prop_assert_eq!(&plain.text, &converted.text);
                    prop_assert_eq!(&plain.map, map);
                }
                // Monotone and in range, both ways, both biases.
                for bias in [Bias::Before, Bias::After] {
                    let mut previous = 0;
                    for v in 0..=view.len() {
                        let o = map.original_from_view(v, bias);
                        prop_assert!(o >= previous && o <= chars, "{}: view {} -> {}", config, v, o);
                        previous = o;
                    }
                    let mut previous = 0;
                    for o in 0..=chars {
                        let v = map.view_from_original(o, bias);
                        prop_assert!(v >= previous && v <= view.len(), "{}: original {} -> {}", config, o, v);
                        previous = v;
                    }
                }
                // Each user phrase shows exactly its `to` where its `from` was.
                for (range, to) in &matches {
                    let shown: String = view[map.view_range_from_original(range.clone())].iter().collect();
                    prop_assert_eq!(&shown, to, "{}: user phrase at {:?}", config, range);
                    prop_assert_eq!(map.original_range_from_view(map.view_range_from_original(range.clone())), range.clone());
                }
                // Ambiguities point at their chosen text and their original.
                for ambiguity in &ambiguities {
                    let shown: String = view[ambiguity.view.clone()].iter().collect();
                    prop_assert_eq!(&shown, &ambiguity.chosen);
                    prop_assert_eq!(map.original_range_from_view(ambiguity.view.clone()), ambiguity.original.clone());
                    prop_assert!(!matches.iter().any(|(r, _)| r.start < ambiguity.original.end && ambiguity.original.start < r.end),
                        "{}: a user phrase decided {:?}", config, ambiguity);
                }
                // Round trips: a selection grows at most to whole blocks and settles.
                let selection = a.min(b).min(view.len())..a.max(b).min(view.len());
                let original = map.original_range_from_view(selection.clone());
                prop_assert!(original.end <= chars);
                let shown = map.view_range_from_original(original.clone());
                if !original.is_empty() {
                    prop_assert!(shown.start <= selection.start && selection.end <= shown.end,
                        "{}: {:?} -> {:?} -> {:?}", config, selection, original, shown);
                }
                prop_assert_eq!(map.original_range_from_view(shown), original);
            }
        }
    }
}
