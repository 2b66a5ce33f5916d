//! 简↔繁 conversion identical to OpenCC 1.4.2 (`s2t`, `t2s`), with an offset map: the
//! [`Converter`] API.
//!
//! Offsets: the [`OffsetMap`] of a [`Converted`] maps chars of the output (view side) to chars of
//! the input (Original side). Byte offsets appear only inside this folder, never in its API.
//!
//! The parts, in the order a conversion uses them (checked against OpenCC's source and against
//! the Python wheel `opencc==1.4.2`):
//! - `dictionary`: OpenCC's own text dictionaries (`assets/opencc/`, Apache-2.0), embedded.
//! - `config`: configs as data, a named chain of stages over named dictionaries (`s2t`, `t2s`).
//! - `stage`: a config built into leftmost-longest automata, one per stage, on first use (one
//!   [`OnceLock`] per direction; call [`Converter::warm_up`] from a worker thread to keep that
//!   off the UI thread).
//! - `ids`: ideographic description sequences, which OpenCC copies unchanged.
//! - [`script`]: [`Script`] and [`detect_script`], judged by the same character dictionaries.

use std::fmt;
use std::io::{self, BufRead, Write};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::offsets::OffsetMap;

mod config;
mod dictionary;
mod ids;
pub mod script;
mod stage;

pub use script::{Script, detect_script};

use config::Config;
use stage::Tables;

/// The script to convert to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    /// 简体, OpenCC `t2s`.
    Simplified,
    /// 繁體, OpenCC `s2t`.
    Traditional,
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
    /// The config it runs.
    config: &'static Config,
    /// The automata, built on first use.
    tables: OnceLock<Tables>,
}

impl fmt::Debug for Converter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Converter")
            .field("target", &self.target)
            .field("config", &self.config.name)
            .field("ready", &self.is_ready())
            .finish()
    }
}

static SIMPLIFIED: Converter = Converter {
    target: Target::Simplified,
    config: &config::T2S,
    tables: OnceLock::new(),
};
static TRADITIONAL: Converter = Converter {
    target: Target::Traditional,
    config: &config::S2T,
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
        self.tables.get_or_init(|| Tables::build(self.config))
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

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!((converter.target(), converter.config.name), (target, name));
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
}
