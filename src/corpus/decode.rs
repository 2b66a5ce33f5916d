//! Bytes → Original text: BOM, strict UTF-8, UTF-16 by pattern, then a detected legacy encoding.
//!
//! The Original is the file decoded exactly: a byte order mark is removed and nothing else is
//! changed (CRLF stays CRLF). Every char offset elsewhere in Pizhu counts chars of this text.
//!
//! The order of the tests (DESIGN §3):
//! 1. a BOM (UTF-8, UTF-16LE, UTF-16BE) decides;
//! 2. strict UTF-8 (the common case, and the fast path: no copy, no second pass);
//! 3. UTF-16 without BOM, recognised by where the NUL bytes and the CJK high bytes sit;
//! 4. any other NUL byte, or many control characters, means a binary file;
//! 5. UTF-8 with a few broken sequences (a truncated crawl) is still UTF-8;
//! 6. otherwise GB18030 and Big5 are tried first: both strict decodes of a sample, each scored by
//!    how many of its non-ASCII characters are common Chinese characters or punctuation; a clear
//!    winner decides (see `decide_chinese`). Only when that does not settle it does `chardetng`
//!    guess (it also knows Shift_JIS, EUC-KR, windows-1252…). `encoding_rs` decodes; too many
//!    U+FFFD in the result means it is not text we can read.

use encoding_rs::{BIG5, Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};
use serde::Serialize;

/// The encoding a file was decoded from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TextEncoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with a BOM (removed from the Original).
    Utf8Bom,
    /// UTF-16 little-endian; `bom` tells whether the file had one.
    Utf16Le {
        /// The file started with a byte order mark.
        bom: bool,
    },
    /// UTF-16 big-endian; `bom` tells whether the file had one.
    Utf16Be {
        /// The file started with a byte order mark.
        bom: bool,
    },
    /// GB18030 (covers GBK and GB2312).
    Gb18030,
    /// Big5.
    Big5,
    /// Another legacy encoding named by `encoding_rs`.
    Other(&'static str),
}

impl std::fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Utf8 => f.write_str("UTF-8"),
            Self::Utf8Bom => f.write_str("UTF-8 (BOM)"),
            Self::Utf16Le { bom: true } => f.write_str("UTF-16LE (BOM)"),
            Self::Utf16Le { bom: false } => f.write_str("UTF-16LE"),
            Self::Utf16Be { bom: true } => f.write_str("UTF-16BE (BOM)"),
            Self::Utf16Be { bom: false } => f.write_str("UTF-16BE"),
            Self::Gb18030 => f.write_str("GB18030"),
            Self::Big5 => f.write_str("Big5"),
            Self::Other(name) => f.write_str(name),
        }
    }
}

/// A decoded file.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The Original text: the file decoded exactly, BOM removed, nothing else changed.
    pub text: String,
    /// What it was decoded from.
    pub encoding: TextEncoding,
}

/// Why bytes could not be decoded as text.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes or control characters: not a text file.
    #[error("binary file (not text)")]
    Binary,
    /// No encoding decodes it cleanly.
    #[error("undecodable: {replaced} of {chars} characters could not be decoded as {encoding}")]
    Undecodable {
        /// Best guess that was tried.
        encoding: &'static str,
        /// Replacement characters produced.
        replaced: usize,
        /// Characters decoded.
        chars: usize,
    },
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16BE_BOM: &[u8] = b"\xFE\xFF";

/// How many bytes [`sniff_binary`] needs to judge a file (the scan reads this much of a file
/// without an extension before deciding whether it is an article).
pub const SNIFF_BYTES: usize = 8 * 1024;

/// Decodes a whole file.
///
/// Copies `bytes` once; [`decode_vec`] takes ownership and does not copy valid UTF-8.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_vec(bytes.to_vec())
}

/// Decodes a whole file, reusing the buffer as the text when it is UTF-8.
pub fn decode_vec(mut bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
        return utf8_lossy_checked(bytes, TextEncoding::Utf8Bom);
    }
    if let Some(rest) = bytes.strip_prefix(UTF16LE_BOM) {
        return utf16_with_bom(rest, Endian::Little);
    }
    if let Some(rest) = bytes.strip_prefix(UTF16BE_BOM) {
        return utf16_with_bom(rest, Endian::Big);
    }

    // `contains` on bytes is a vectorised memchr.
    let has_nul = bytes.contains(&0);
    // encoding_rs validates UTF-8 with SIMD (simdutf8); validating with it and copying the
    // text once is several times faster on CJK text than `String::from_utf8`, which was a
    // tenth of a folder scan (perf, 20 000 seed copies).
    if !has_nul
        && let Some(text) = UTF_8.decode_without_bom_handling_and_without_replacement(&bytes)
    {
        let text = text.into_owned();
        if looks_like_controls(text.as_bytes()) {
            return Err(DecodeError::Binary);
        }
        return Ok(Decoded {
            text,
            encoding: TextEncoding::Utf8,
        });
    }

    if let Some(endian) = sniff_utf16(&bytes)
        && let Some(text) = endian
            .encoding()
            .decode_without_bom_handling_and_without_replacement(&bytes)
    {
        if looks_like_controls(text.as_bytes()) {
            return Err(DecodeError::Binary);
        }
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: endian.text_encoding(false),
        });
    }

    // NUL never occurs in text in an ASCII-compatible encoding; control bytes below 0x20 mean
    // the same in all of them, so the raw bytes can be judged before guessing the encoding.
    if has_nul || looks_like_controls(&bytes) {
        return Err(DecodeError::Binary);
    }

    if mostly_utf8(&bytes[..bytes.len().min(DETECT_SAMPLE_BYTES)]) {
        // Judged on a sample; the decode below still rejects a file that is broken further on.
        return utf8_lossy_checked(bytes, TextEncoding::Utf8);
    }

    legacy(&bytes)
}

/// True when the start of a file (say its first [`SNIFF_BYTES`]) looks like a binary file: NUL
/// bytes that are not UTF-16, or many control characters. A file that passes may still fail to
/// decode as a whole.
pub fn sniff_binary(prefix: &[u8]) -> bool {
    if prefix.starts_with(UTF16LE_BOM) || prefix.starts_with(UTF16BE_BOM) {
        return false;
    }
    // A prefix may cut a UTF-16 file inside a code unit or a surrogate pair: judge whole units.
    // UTF-16 comes first because its low bytes look like control characters.
    if sniff_utf16(&prefix[..prefix.len() & !1]).is_some() {
        return false;
    }
    prefix.contains(&0) || looks_like_controls(prefix)
}

/// Byte order of UTF-16.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Endian {
    Little,
    Big,
}

impl Endian {
    fn encoding(self) -> &'static Encoding {
        match self {
            Self::Little => UTF_16LE,
            Self::Big => UTF_16BE,
        }
    }

    fn text_encoding(self, bom: bool) -> TextEncoding {
        match self {
            Self::Little => TextEncoding::Utf16Le { bom },
            Self::Big => TextEncoding::Utf16Be { bom },
        }
    }

    fn unit(self, pair: [u8; 2]) -> u16 {
        match self {
            Self::Little => u16::from_le_bytes(pair),
            Self::Big => u16::from_be_bytes(pair),
        }
    }
}

fn utf16_with_bom(rest: &[u8], endian: Endian) -> Result<Decoded, DecodeError> {
    let (text, _had_errors) = endian.encoding().decode_without_bom_handling(rest);
    check_replacements(&text, endian.encoding().name())?;
    if looks_like_controls(text.as_bytes()) {
        return Err(DecodeError::Binary);
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: endian.text_encoding(true),
    })
}

/// UTF-8 (maybe with a few broken sequences, shown as U+FFFD), rejected when they are many.
fn utf8_lossy_checked(bytes: Vec<u8>, encoding: TextEncoding) -> Result<Decoded, DecodeError> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            check_replacements(&text, "UTF-8")?;
            text
        }
    };
    if looks_like_controls(text.as_bytes()) {
        return Err(DecodeError::Binary);
    }
    Ok(Decoded { text, encoding })
}

/// How much of a file the statistical guesses (UTF-16 without BOM, broken UTF-8, chardetng)
/// look at. Even, so UTF-16 code units stay whole.
const DETECT_SAMPLE_BYTES: usize = 256 * 1024;

/// How much of a file chardetng sees: some 30 000 Chinese characters, far more than its guess
/// needs, and chardetng is the slowest step of a legacy decode (~20 MB/s).
const CHARDET_SAMPLE_BYTES: usize = 64 * 1024;

/// How much of a file the GB18030-vs-Big5 decision decodes: some 5 000 Chinese characters. A
/// file up to this size is decoded once, by the decision itself.
const DECIDE_SAMPLE_BYTES: usize = 16 * 1024;

/// Decodes a file that is not UTF-8 or UTF-16: GB18030 or Big5 when the scores decide, else
/// chardetng's guess.
fn legacy(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let sample = decision_sample(bytes);
    let (encoding, text_encoding) = match decide_chinese(sample) {
        ChineseDecision::Decided(encoding, text) if sample.len() == bytes.len() => {
            // The whole file was decoded strictly by the decision: no U+FFFD, nothing to check.
            return Ok(Decoded {
                text,
                encoding: encoding.text_encoding(),
            });
        }
        ChineseDecision::Decided(encoding, _) => (encoding.encoding(), encoding.text_encoding()),
        ChineseDecision::Undecided => chardetng_guess(bytes),
    };
    // No control check here: the raw bytes passed it, and bytes below 0x80 decode to ASCII.
    let (text, _had_errors) = encoding.decode_without_bom_handling(bytes);
    check_replacements(&text, encoding.name())?;
    Ok(Decoded {
        text: text.into_owned(),
        encoding: text_encoding,
    })
}

/// Lets chardetng guess the legacy encoding of `bytes`.
fn chardetng_guess(bytes: &[u8]) -> (&'static Encoding, TextEncoding) {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // The guess settles within the first few KB of Chinese text; feeding a whole large file
    // only costs time (this made GB18030 and Big5 decoding 20–40× slower than UTF-8).
    let sample = &bytes[..bytes.len().min(CHARDET_SAMPLE_BYTES)];
    detector.feed(sample, sample.len() == bytes.len());
    // UTF-8 was ruled out above; asking for it again could only return it for broken UTF-8.
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    // encoding_rs decodes GBK with the GB18030 decoder (WHATWG), so GB18030 names both.
    if guess == GBK || guess == GB18030 {
        (GB18030, TextEncoding::Gb18030)
    } else if guess == BIG5 {
        (BIG5, TextEncoding::Big5)
    } else {
        (guess, TextEncoding::Other(guess.name()))
    }
}

/// The two legacy Chinese encodings the decision chooses between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ChineseEncoding {
    Gb18030,
    Big5,
}

impl ChineseEncoding {
    fn encoding(self) -> &'static Encoding {
        match self {
            Self::Gb18030 => GB18030,
            Self::Big5 => BIG5,
        }
    }

    fn text_encoding(self) -> TextEncoding {
        match self {
            Self::Gb18030 => TextEncoding::Gb18030,
            Self::Big5 => TextEncoding::Big5,
        }
    }
}

/// What [`decide_chinese`] concluded.
#[derive(Debug, PartialEq, Eq)]
enum ChineseDecision {
    /// This encoding, and the sample decoded with it.
    Decided(ChineseEncoding, String),
    /// Neither encoding is clearly right: ask chardetng.
    Undecided,
}

/// The start of `bytes` that the decision decodes: at most [`DECIDE_SAMPLE_BYTES`], cut after
/// a byte below 0x30. Such a byte is never the second byte of a GB18030 or Big5 character
/// (their trail bytes are 0x30 and up), so the cut never splits a character.
fn decision_sample(bytes: &[u8]) -> &[u8] {
    if bytes.len() <= DECIDE_SAMPLE_BYTES {
        return bytes;
    }
    let head = &bytes[..DECIDE_SAMPLE_BYTES];
    match head.iter().rposition(|&b| b < 0x30) {
        Some(i) => &head[..=i],
        // No safe place to cut in 16 KB (no space, digit, newline or punctuation): judge it all.
        None => bytes,
    }
}

/// How one strict decode of the sample scored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct ChineseScore {
    /// Non-ASCII characters decoded.
    chars: usize,
    /// Of those, common Chinese characters or punctuation (see [`is_common_chinese`]).
    common: usize,
}

impl ChineseScore {
    fn of(text: &str) -> Self {
        let mut score = Self::default();
        for c in text.chars().filter(|c| !c.is_ascii()) {
            score.chars += 1;
            score.common += usize::from(is_common_chinese(c));
        }
        score
    }

    /// Common characters per 1000 non-ASCII characters.
    fn per_mille(self) -> usize {
        (self.common * 1000).checked_div(self.chars).unwrap_or(0)
    }
}

/// Decides between GB18030 and Big5 by decoding `sample` strictly with both and counting how
/// many of the non-ASCII characters are common Chinese characters or punctuation.
///
/// Chinese text read in the wrong one of the two still decodes (every Big5 byte pair is valid
/// GBK, most GB2312 pairs are valid Big5) but into rare characters, kana, symbols and private-use
/// code points. Measured on the seeds: GB18030 read as Big5 gives 49–52% common characters, Big5
/// read as GB18030 30–31%, against 99.6% and more for the right reading. A side wins when it decodes strictly, at least 60% of its characters are common,
/// and it beats the other side (failed, or by 20 points and 2 characters). Short and ambiguous
/// samples stay undecided.
fn decide_chinese(sample: &[u8]) -> ChineseDecision {
    let decode = |encoding: ChineseEncoding| {
        encoding
            .encoding()
            .decode_without_bom_handling_and_without_replacement(sample)
            .map(|text| (ChineseScore::of(&text), text))
    };
    let gb = decode(ChineseEncoding::Gb18030);
    let big5 = decode(ChineseEncoding::Big5);
    let score = |side: &Option<(ChineseScore, _)>| side.as_ref().map(|(score, _)| *score);
    let (gb_score, big5_score) = (score(&gb), score(&big5));
    let wins = |winner: Option<ChineseScore>, loser: Option<ChineseScore>| {
        let Some(winner) = winner else {
            return false;
        };
        let good = winner.common >= 2 && winner.per_mille() >= 600;
        let better = loser.is_none_or(|loser| {
            winner.per_mille() >= loser.per_mille() + 200 && winner.common >= loser.common + 2
        });
        good && better
    };
    let (encoding, decoded) = if wins(gb_score, big5_score) {
        (ChineseEncoding::Gb18030, gb)
    } else if wins(big5_score, gb_score) {
        (ChineseEncoding::Big5, big5)
    } else {
        return ChineseDecision::Undecided;
    };
    match decoded {
        Some((_, text)) => ChineseDecision::Decided(encoding, text.into_owned()),
        None => ChineseDecision::Undecided,
    }
}

/// First code point of the CJK Unified Ideographs block, where every common character lies.
const CJK_FIRST: u32 = 0x4E00;
/// Size of that block (U+4E00..U+9FFF).
const CJK_LEN: usize = 0xA000 - 0x4E00;

/// Common Chinese characters: GB2312 level 1 (the 3 755 most frequent simplified characters,
/// bytes B0A1..D7F9) and Big5 level 1 (the 5 401 frequent traditional ones, bytes A440..C67E),
/// as a bit set over U+4E00..U+9FFF. Built once, from the encoders' own tables.
fn common_ideographs() -> &'static [u64] {
    static TABLE: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut bits = vec![0u64; CJK_LEN.div_ceil(64)];
        let mut add = |encoding: &'static Encoding,
                       lead: std::ops::RangeInclusive<u8>,
                       trail: &[std::ops::RangeInclusive<u8>],
                       last: [u8; 2]| {
            for l in lead {
                for t in trail.iter().flat_map(|r| r.clone()) {
                    if [l, t] > last {
                        continue;
                    }
                    let pair = [l, t];
                    let Some(text) =
                        encoding.decode_without_bom_handling_and_without_replacement(&pair)
                    else {
                        continue;
                    };
                    for c in text.chars() {
                        let index = (c as u32).wrapping_sub(CJK_FIRST) as usize;
                        if index < CJK_LEN {
                            bits[index / 64] |= 1 << (index % 64);
                        }
                    }
                }
            }
        };
        add(GB18030, 0xB0..=0xD7, &[0xA1..=0xFE], [0xD7, 0xF9]);
        add(BIG5, 0xA4..=0xC6, &[0x40..=0x7E, 0xA1..=0xFE], [0xC6, 0x7E]);
        bits
    })
}

/// A common Chinese character (see [`common_ideographs`]) or common punctuation: CJK symbols
/// (`、。《》「」【】`), fullwidth forms (`，：？！（）０-９`), dashes, quotes and the ellipsis.
fn is_common_chinese(c: char) -> bool {
    let code = c as u32;
    let index = code.wrapping_sub(CJK_FIRST) as usize;
    if index < CJK_LEN {
        return common_ideographs()[index / 64] & (1 << (index % 64)) != 0;
    }
    matches!(code, 0x2010..=0x2027 | 0x3000..=0x303F | 0xFF01..=0xFF5E | 0xB7)
}

/// Rejects a lossy decode with more than a handful of U+FFFD that are also over 1% of its chars.
fn check_replacements(text: &str, encoding: &'static str) -> Result<(), DecodeError> {
    let replaced = text
        .chars()
        .filter(|&c| c == char::REPLACEMENT_CHARACTER)
        .count();
    if replaced <= 4 {
        return Ok(());
    }
    let chars = text.chars().count();
    if replaced * 100 > chars {
        return Err(DecodeError::Undecodable {
            encoding,
            replaced,
            chars,
        });
    }
    Ok(())
}

/// Control bytes that never occur in text: C0 controls other than tab, LF, VT, FF, CR and ESC
/// (ESC starts ANSI colour codes in logs people do read). NUL counts.
const CONTROL_MASK: u32 =
    !((1 << b'\t') | (1 << b'\n') | (1 << 0x0B) | (1 << 0x0C) | (1 << b'\r') | (1 << 0x1B));

/// True when at least 1% of the bytes are control characters (in UTF-8 and in every
/// ASCII-compatible encoding a byte below 0x20 is always that control character).
fn looks_like_controls(bytes: &[u8]) -> bool {
    // Branch-free so that the loop vectorises: this runs over every article of a scan.
    let controls: usize = bytes
        .chunks(4096)
        .map(|chunk| {
            chunk
                .iter()
                .map(|&b| u32::from(b < 0x20) & (CONTROL_MASK >> (b & 31)))
                .sum::<u32>() as usize
        })
        .sum();
    controls > 0 && controls * 100 >= bytes.len()
}

/// Broken UTF-8 that is still UTF-8: at most one invalid sequence per 20 valid multibyte chars,
/// and at least 16 of those. Legacy CJK text read as UTF-8 has more invalid sequences than valid
/// multibyte chars (measured on the seeds in GB18030 and Big5: 1.5 to 13 times more).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut invalid = 0usize;
    let mut multibyte = 0usize;
    let mut seen = 0usize;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
        seen += chunk.valid().len() + chunk.invalid().len();
        // Legacy CJK text has invalid sequences everywhere: stop once the rest of the sample,
        // all multibyte chars at best, could not make up for them.
        if invalid * 20 > multibyte + (bytes.len() - seen) / 2 {
            return false;
        }
    }
    multibyte >= 16 && invalid * 20 <= multibyte
}

/// Recognises UTF-16 without a BOM: at least 90% of the code units must be plausible in a
/// Chinese text (ASCII text, CJK ideographs and punctuation, fullwidth forms…). When both byte
/// orders qualify (ASCII-only text reads as CJK when swapped) the one with the NUL high bytes
/// wins.
fn sniff_utf16(bytes: &[u8]) -> Option<Endian> {
    if bytes.len() < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    // The share of plausible units is a statistic: a sample decides it as well as the whole
    // file (which is then decoded strictly, so a bad tail still fails).
    let bytes = &bytes[..bytes.len().min(DETECT_SAMPLE_BYTES)];
    let units = bytes.len() / 2;
    // More implausible units than this and an order cannot reach 90%.
    let budget = units - (units * 9).div_ceil(10);
    let score = |endian: Endian, block: &[u8]| {
        let mut plausible = 0usize;
        let mut high_zero = 0usize;
        for pair in block.chunks_exact(2) {
            let unit = endian.unit([pair[0], pair[1]]);
            plausible += usize::from(plausible_unit(unit));
            high_zero += usize::from(unit < 0x100);
        }
        (plausible, high_zero)
    };
    let (mut little, mut big) = ((0, 0), (0, 0));
    let mut counted = 0;
    // In blocks, so that text that is not UTF-16 (most files that get here) is told early.
    for block in bytes.chunks(1024) {
        let (l, b) = (score(Endian::Little, block), score(Endian::Big, block));
        little = (little.0 + l.0, little.1 + l.1);
        big = (big.0 + b.0, big.1 + b.1);
        counted += block.len() / 2;
        if counted - little.0 > budget && counted - big.0 > budget {
            return None;
        }
    }
    let (endian, (plausible, _)) = if little >= big {
        (Endian::Little, little)
    } else {
        (Endian::Big, big)
    };
    (plausible * 10 >= units * 9).then_some(endian)
}

/// A UTF-16 code unit that a Chinese text is made of.
fn plausible_unit(unit: u16) -> bool {
    matches!(unit,
        0x09 | 0x0A | 0x0D | 0x20..=0x7E // ASCII text
        | 0xA0..=0x24F // Latin-1, Latin Extended (pinyin tone marks)
        | 0x2000..=0x206F // general punctuation: “” ‘’ — …
        | 0x2460..=0x24FF // enclosed numbers ①
        | 0x25A0..=0x25FF // geometric shapes ■ ●
        | 0x3000..=0x30FF // CJK punctuation, kana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xD800..=0xDFFF // surrogates (strict decoding checks their pairing)
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFE30..=0xFE4F // CJK compatibility forms
        | 0xFF00..=0xFFEF // fullwidth forms ，（）
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    const TEXT: &str = "批注：简体与繁體，第2段。\r\n“引号”和 ASCII text.\n";

    fn utf16(text: &str, endian: Endian, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice(match endian {
                Endian::Little => UTF16LE_BOM,
                Endian::Big => UTF16BE_BOM,
            });
        }
        for unit in text.encode_utf16() {
            out.extend_from_slice(&match endian {
                Endian::Little => unit.to_le_bytes(),
                Endian::Big => unit.to_be_bytes(),
            });
        }
        out
    }

    #[test]
    fn utf8_without_bom_is_returned_unchanged() {
        let decoded = decode(TEXT.as_bytes()).unwrap();
        assert_eq!(decoded.text, TEXT);
        assert_eq!(decoded.encoding, TextEncoding::Utf8);
    }

    #[test]
    fn utf8_bom_is_removed_and_crlf_kept() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(TEXT.as_bytes());
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, TEXT);
        assert!(decoded.text.contains("\r\n"));
        assert_eq!(decoded.encoding, TextEncoding::Utf8Bom);
    }

    #[test]
    fn utf16_both_orders_with_and_without_bom() {
        for endian in [Endian::Little, Endian::Big] {
            for bom in [true, false] {
                let decoded = decode(&utf16(TEXT, endian, bom)).unwrap();
                assert_eq!(decoded.text, TEXT, "{endian:?} bom={bom}");
                assert_eq!(decoded.encoding, endian.text_encoding(bom));
            }
        }
    }

    #[test]
    fn utf16_without_ascii_or_nul_is_still_recognised() {
        // No ASCII at all, so no NUL byte: the CJK high bytes give it away.
        let text = "中文全角标点，没有任何半角字符。".repeat(4);
        for endian in [Endian::Little, Endian::Big] {
            let bytes = utf16(&text, endian, false);
            assert!(!bytes.contains(&0));
            let decoded = decode(&bytes).unwrap();
            assert_eq!(decoded.text, text);
            assert_eq!(decoded.encoding, endian.text_encoding(false));
        }
    }

    #[test]
    fn ascii_only_utf16_picks_the_order_with_nul_high_bytes() {
        let text = "plain ASCII in UTF-16, no BOM\n";
        let le = decode(&utf16(text, Endian::Little, false)).unwrap();
        assert_eq!(
            (le.text.as_str(), le.encoding),
            (text, TextEncoding::Utf16Le { bom: false })
        );
        let be = decode(&utf16(text, Endian::Big, false)).unwrap();
        assert_eq!(
            (be.text.as_str(), be.encoding),
            (text, TextEncoding::Utf16Be { bom: false })
        );
    }

    #[test]
    fn gb18030_and_big5_round_trip() {
        let simplified = "白云区党政代表团赴贵州省黔南州开展东西部协作调研对接。\n".repeat(3);
        let (bytes, _, unmappable) = GB18030.encode(&simplified);
        assert!(!unmappable);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, simplified);
        assert_eq!(decoded.encoding, TextEncoding::Gb18030);

        let traditional =
            "何黨生在茶亭經開區調研工業項目時強調，要深入學習貫徹新時代中國特色社會主義思想。\n"
                .repeat(3);
        let (bytes, _, unmappable) = BIG5.encode(&traditional);
        assert!(!unmappable);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, traditional);
        assert_eq!(decoded.encoding, TextEncoding::Big5);
    }

    /// Traditional text that Big5 can encode: the simplified seeds converted, unencodable
    /// characters dropped.
    fn big5_text(simplified: &str) -> String {
        crate::text::convert::Converter::get(crate::text::Target::Traditional)
            .convert(simplified)
            .text
            .chars()
            .filter(|c| !BIG5.encode(c.encode_utf8(&mut [0; 4])).2)
            .collect()
    }

    const SEED_000: &str = include_str!("../../seeds/000_aee7d7dda944679f.txt");
    const SEED_004: &str = include_str!("../../seeds/004_17a6dfa9780f989e.txt");

    #[test]
    fn gb18030_and_big5_are_decided_without_chardetng() {
        for seed in [SEED_000, SEED_004] {
            let (bytes, _, unmappable) = GB18030.encode(seed);
            assert!(!unmappable);
            match decide_chinese(&bytes) {
                ChineseDecision::Decided(ChineseEncoding::Gb18030, text) => assert_eq!(text, seed),
                other => panic!("GB18030 seed decided as {other:?}"),
            }
            let traditional = big5_text(seed);
            let (bytes, _, _) = BIG5.encode(&traditional);
            match decide_chinese(&bytes) {
                ChineseDecision::Decided(ChineseEncoding::Big5, text) => {
                    assert_eq!(text, traditional)
                }
                other => panic!("Big5 seed decided as {other:?}"),
            }
        }
    }

    #[test]
    fn traditional_text_in_gb18030_is_gb18030() {
        // GBK encodes traditional characters too (outside GB2312, with trail bytes Big5 lacks).
        let traditional = big5_text(SEED_004);
        let (bytes, _, unmappable) = GB18030.encode(&traditional);
        assert!(!unmappable);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, TextEncoding::Gb18030);
        assert_eq!(decoded.text, traditional);
    }

    #[test]
    fn the_decision_scores_the_wrong_reading_low() {
        let (gb, _, _) = GB18030.encode(SEED_000);
        let right = ChineseScore::of(&GB18030.decode_without_bom_handling(&gb).0);
        let wrong = ChineseScore::of(&BIG5.decode_without_bom_handling(&gb).0);
        assert!(right.per_mille() >= 950, "{right:?}");
        assert!(wrong.per_mille() <= 600, "{wrong:?}");
        let traditional = big5_text(SEED_000);
        let (big5, _, _) = BIG5.encode(&traditional);
        let right = ChineseScore::of(&BIG5.decode_without_bom_handling(&big5).0);
        let wrong = ChineseScore::of(&GB18030.decode_without_bom_handling(&big5).0);
        assert!(right.per_mille() >= 950, "{right:?}");
        assert!(wrong.per_mille() <= 600, "{wrong:?}");
    }

    #[test]
    fn short_texts_are_decided_when_two_characters_tell() {
        let (gb, _, _) = GB18030.encode("中文");
        assert_eq!(
            decide_chinese(&gb),
            ChineseDecision::Decided(ChineseEncoding::Gb18030, "中文".to_owned())
        );
        assert_eq!(decode(&gb).unwrap().encoding, TextEncoding::Gb18030);
        let (big5, _, _) = BIG5.encode("中文");
        assert_eq!(
            decide_chinese(&big5),
            ChineseDecision::Decided(ChineseEncoding::Big5, "中文".to_owned())
        );
        assert_eq!(decode(&big5).unwrap().encoding, TextEncoding::Big5);
        // One character is not enough evidence: chardetng decides.
        let (one, _, _) = GB18030.encode("中 2023");
        assert_eq!(decide_chinese(&one), ChineseDecision::Undecided);
        assert!(decode(&one).is_ok());
    }

    #[test]
    fn ambiguous_bytes_are_left_to_chardetng() {
        // Characters whose GB2312 bytes are also a common character in Big5: both readings
        // score high, so the decision must not pick one.
        let ambiguous: String = (0xB0..=0xD7u8)
            .flat_map(|lead| (0xA1..=0xFEu8).map(move |trail| [lead, trail]))
            .filter_map(|pair| {
                let gb = GB18030.decode_without_bom_handling_and_without_replacement(&pair)?;
                let big5 = BIG5.decode_without_bom_handling_and_without_replacement(&pair)?;
                let both_common =
                    gb.chars().all(is_common_chinese) && big5.chars().all(is_common_chinese);
                both_common.then(|| gb.into_owned())
            })
            .take(40)
            .collect();
        assert_eq!(ambiguous.chars().count(), 40);
        let (bytes, _, _) = GB18030.encode(&ambiguous);
        assert_eq!(decide_chinese(&bytes), ChineseDecision::Undecided);
        // chardetng still returns one of the two, decoded without loss.
        let decoded = decode(&bytes).unwrap();
        assert!(matches!(
            decoded.encoding,
            TextEncoding::Gb18030 | TextEncoding::Big5
        ));
    }

    #[test]
    fn other_legacy_encodings_still_reach_chardetng() {
        // With ASCII in it: pure kana and kanji in Shift_JIS can pass for UTF-16 (a known limit).
        let japanese =
            "これは日本語の文章です (text 1)。ひらがなとカタカナが沢山あります。\n".repeat(4);
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&japanese);
        assert_eq!(decide_chinese(&bytes), ChineseDecision::Undecided);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, TextEncoding::Other("Shift_JIS"));
        assert_eq!(decoded.text, japanese);

        let latin = "Café au lait, résumé, naïve façade. ".repeat(4);
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&latin);
        assert_eq!(decide_chinese(&bytes), ChineseDecision::Undecided);
        assert_eq!(decode(&bytes).unwrap().text, latin);
    }

    #[test]
    fn a_long_file_is_decided_on_a_sample_cut_between_characters() {
        let text = "经济发展，调研工作。\n".repeat(3000);
        let (bytes, _, _) = GB18030.encode(&text);
        assert!(bytes.len() > DECIDE_SAMPLE_BYTES);
        let sample = decision_sample(&bytes);
        assert!(sample.len() <= DECIDE_SAMPLE_BYTES);
        assert!(
            GB18030
                .decode_without_bom_handling_and_without_replacement(sample)
                .is_some()
        );
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, TextEncoding::Gb18030);
        assert_eq!(decoded.text, text);
    }

    #[test]
    fn empty_input_is_empty_utf8() {
        let decoded = decode(b"").unwrap();
        assert_eq!(decoded.text, "");
        assert_eq!(decoded.encoding, TextEncoding::Utf8);
        assert_eq!(decode(UTF8_BOM).unwrap().text, "");
        assert_eq!(decode(UTF16LE_BOM).unwrap().text, "");
    }

    #[test]
    fn nul_bytes_and_control_characters_are_binary() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err(),
            DecodeError::Binary
        );
        let mut text = "正文".repeat(10).into_bytes();
        text.extend_from_slice(b"\x01\x02\x03\x04\x05");
        assert_eq!(decode(&text).unwrap_err(), DecodeError::Binary);
        // Tabs, form feeds and ESC are text.
        assert!(decode("表\t格\x0c分页\x1b[0m".as_bytes()).is_ok());
    }

    #[test]
    fn a_few_broken_utf8_sequences_stay_utf8() {
        // A crawl that cut one character in half: still the UTF-8 article, one U+FFFD.
        let mut bytes = "禅城区政府常务会议召开，全力以赴确保东西部协作工作再创佳绩。"
            .repeat(2)
            .into_bytes();
        bytes.extend_from_slice(&"佳".as_bytes()[..2]);
        bytes.extend_from_slice("绩。".as_bytes());
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, TextEncoding::Utf8);
        assert_eq!(decoded.text.matches('\u{FFFD}').count(), 1);
        assert!(decoded.text.ends_with("\u{FFFD}绩。"));
    }

    #[test]
    fn utf8_bom_with_much_garbage_is_undecodable() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice("中文".as_bytes());
        bytes.extend(std::iter::repeat_n(0xFF_u8, 50));
        match decode(&bytes) {
            Err(DecodeError::Undecodable {
                encoding,
                replaced,
                chars,
            }) => {
                assert_eq!(encoding, "UTF-8");
                assert_eq!(replaced, 50);
                assert_eq!(chars, 52);
            }
            other => panic!("expected Undecodable, got {other:?}"),
        }
    }

    #[test]
    fn sniff_tells_binary_from_text_prefixes() {
        assert!(sniff_binary(b"\x7fELF\x02\x01\x01\0\0\0\0"));
        assert!(!sniff_binary("标题\n正文".as_bytes()));
        // A UTF-16 prefix cut in the middle of a code unit is still text.
        let bytes = utf16("标题 title\n", Endian::Little, false);
        assert!(!sniff_binary(&bytes[..bytes.len() - 1]));
    }
}
