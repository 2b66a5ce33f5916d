//! What the article list shows of an article: title, date, source, script and counts.
//!
//! Computed once per article by the scan, from the decoded Original, so it must stay cheap:
//! title, date and source look at the text once, stopping at the first match; only the Clean view
//! (needed for the artefact counts, the marked lines and the character count) reads the whole
//! article. The Clean view here is always made with the default
//! [`CleanOptions`](crate::text::CleanOptions), so the metadata does not depend on a window
//! setting. Ranges from [`crate::text::clean`] are chars of the Original.
//!
//! - Title: the first non-empty line that is neither boilerplate nor appended, as the Clean view
//!   shows it (`調(diào)研` → `調研`, `召开:全力` → `召开：全力`); but a first line that is a
//!   masthead (`簡陽市融媒體中心`, [`is_masthead`]) is the source, and the next line the title.
//! - Source: the first `来源:` value, else the masthead.
//! - Character count ([`ArticleMeta::text_chars`]): the article's own text, see [`text_chars`].

use std::borrow::Cow;
use std::ops::Range;
use std::path::PathBuf;

use super::decode::Decoded;
use super::{Article, ArticleMeta};
use crate::text::CleanOptions;
use crate::text::chars::{byte_of_char, slice_clamped};
use crate::text::clean::{Cleaned, clean, clean_with, is_han};
use crate::text::convert::detect_script_counting_chars;
use crate::text::punctuation::restore_full_width;

/// Titles longer than this many chars are cut (with `…`): a file without line breaks would
/// otherwise put its whole text in the list.
pub const MAX_TITLE_CHARS: usize = 120;

/// Sources longer than this many chars are cut: `来源:` followed by a paragraph is not a source.
const MAX_SOURCE_CHARS: usize = 40;

/// The script is judged on this many bytes at most (rounded down to a char boundary): enough
/// characters to tell 简 from 繁, and a huge article costs no more than a long one.
const SCRIPT_SAMPLE_BYTES: usize = 64 * 1024;

/// Computes the metadata of one article.
///
/// `path` is where it is on disk, `relative` its path under the corpus root (for display and
/// as the fallback title), `bytes` the file size.
///
/// The same as [`article_meta_from_clean`] with the default Clean view, but cheaper: the
/// full-width punctuation pass (a twentieth of a scan) changes no count and no line, only how
/// the title and the masthead are spelled, so it runs on their lines alone.
pub fn article_meta(path: PathBuf, relative: String, bytes: u64, decoded: &Decoded) -> ArticleMeta {
    let options = CleanOptions {
        full_width_punctuation: false,
    };
    let cleaned = clean_with(&decoded.text, &options);
    describe(
        path,
        relative,
        bytes,
        decoded,
        &cleaned,
        Punctuation::Unrestored,
    )
}

/// [`article_meta`], and the Clean view it computed on the way (the scan lends it to a
/// [`ScanCache`](super::cache::ScanCache) so the search index does not clean the text again).
pub fn article_meta_and_clean(
    path: PathBuf,
    relative: String,
    bytes: u64,
    decoded: &Decoded,
) -> (ArticleMeta, Cleaned) {
    let cleaned = clean(&decoded.text);
    let meta = article_meta_from_clean(path, relative, bytes, decoded, &cleaned);
    (meta, cleaned)
}

/// [`article_meta`] of an article whose Clean view (made with the default options) is already
/// at hand.
pub fn article_meta_from_clean(
    path: PathBuf,
    relative: String,
    bytes: u64,
    decoded: &Decoded,
    cleaned: &Cleaned,
) -> ArticleMeta {
    describe(
        path,
        relative,
        bytes,
        decoded,
        cleaned,
        Punctuation::Restored,
    )
}

/// Whether a Clean view's full-width punctuation was restored (the default) or is still to be
/// restored where the metadata shows Clean text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Punctuation {
    Restored,
    Unrestored,
}

fn describe(
    path: PathBuf,
    relative: String,
    bytes: u64,
    decoded: &Decoded,
    cleaned: &Cleaned,
    punctuation: Punctuation,
) -> ArticleMeta {
    let text = decoded.text.as_str();
    let heading = heading(text, cleaned, punctuation);
    let title = heading
        .title
        .unwrap_or_else(|| file_title(&relative).to_owned());
    let sample = &text[..text.floor_char_boundary(SCRIPT_SAMPLE_BYTES)];
    let (script, sample_chars) = detect_script_counting_chars(sample);
    ArticleMeta {
        path,
        title,
        date: date(text),
        source: source(text).or(heading.masthead),
        script,
        chars: sample_chars + text[sample.len()..].chars().count(),
        text_chars: text_chars(cleaned),
        bytes,
        encoding: decoded.encoding,
        artefacts_removed: cleaned.artefacts_removed,
        lost_chars: cleaned.lost_chars.len(),
        relative,
    }
}

/// The title [`article_meta`] gives, alone: for a reader of the text that needs no other
/// metadata (the export). `relative` is the fallback title's source, `cleaned` the Clean view of
/// `text` made with the default options.
pub fn title_from_clean(relative: &str, text: &str, cleaned: &Cleaned) -> String {
    heading(text, cleaned, Punctuation::Restored)
        .title
        .unwrap_or_else(|| file_title(relative).to_owned())
}

impl ArticleMeta {
    /// The metadata of `article` as a scan would compute it now, for the row of this metadata
    /// (same `path` and `relative`): what the list shows after the file changed on disk.
    /// Reads the whole text (it cleans it): call it off the UI thread.
    pub fn refreshed(&self, article: &Article) -> Self {
        article_meta(
            self.path.clone(),
            self.relative.clone(),
            article.bytes,
            &article.decoded,
        )
    }

    /// [`Self::refreshed`] with the article's Clean view already at hand (made with the default
    /// [`CleanOptions`](crate::text::CleanOptions), as the reader makes it), so that opening an
    /// article cleans it once.
    pub fn refreshed_from_clean(&self, article: &Article, cleaned: &Cleaned) -> Self {
        article_meta_from_clean(
            self.path.clone(),
            self.relative.clone(),
            article.bytes,
            &article.decoded,
            cleaned,
        )
    }
}

/// The first non-empty line that is not boilerplate, trimmed and cut to [`MAX_TITLE_CHARS`]
/// (in the Original's spelling; the scan's title is the Clean view's and knows mastheads).
///
/// `boilerplate` holds sorted Original char ranges of boilerplate lines.
pub fn title(text: &str, boilerplate: &[Range<usize>]) -> Option<String> {
    let line = content_lines(text, &[boilerplate]).next()?;
    Some(truncate(slice_clamped(text, line), MAX_TITLE_CHARS))
}

/// The title and the masthead of an article, as the Clean view shows them.
struct Heading {
    title: Option<String>,
    masthead: Option<String>,
}

/// The title (the first content line as the Clean view shows it, falling back to the Original
/// line if cleaning left nothing of it), and the masthead if the first line is one and another
/// line follows it to be the title.
fn heading(text: &str, cleaned: &Cleaned, punctuation: Punctuation) -> Heading {
    let shown = |line: Range<usize>| -> Cow<'_, str> {
        let view = cleaned.map.view_range_from_original(line.clone());
        let shown = match punctuation {
            Punctuation::Restored => Cow::Borrowed(slice_clamped(&cleaned.text, view).trim()),
            Punctuation::Unrestored => restored_slice(&cleaned.text, view),
        };
        if shown.is_empty() {
            Cow::Borrowed(slice_clamped(text, line))
        } else {
            shown
        }
    };
    let marked: [&[Range<usize>]; 2] = [&cleaned.boilerplate, &cleaned.appended];
    let mut lines = content_lines(text, &marked);
    let Some(first) = lines.next().map(shown) else {
        return Heading {
            title: None,
            masthead: None,
        };
    };
    if is_masthead(&first)
        && let Some(second) = lines.next().map(shown)
    {
        return Heading {
            title: Some(truncate(&second, MAX_TITLE_CHARS)),
            masthead: Some(first.into_owned()),
        };
    }
    Heading {
        title: Some(truncate(&first, MAX_TITLE_CHARS)),
        masthead: None,
    }
}

/// Chars `view` of a Clean text made without the full-width punctuation pass, trimmed, as the
/// default Clean view spells them. The pass works line by line and keeps every line's length,
/// so running it on the lines around `view` gives the default view's chars there.
fn restored_slice(clean_text: &str, view: Range<usize>) -> Cow<'_, str> {
    let start = byte_of_char(clean_text, view.start);
    let end = start + byte_of_char(&clean_text[start..], view.end.saturating_sub(view.start));
    let line_start = clean_text[..start].rfind('\n').map_or(0, |n| n + 1);
    let line_end = clean_text[end..]
        .find('\n')
        .map_or(clean_text.len(), |n| end + n);
    match restore_full_width(&clean_text[line_start..line_end]) {
        Cow::Borrowed(_) => Cow::Borrowed(clean_text[start..end].trim()),
        Cow::Owned(lines) => {
            let before = clean_text[line_start..start].chars().count();
            let chars = clean_text[start..end].chars().count();
            Cow::Owned(
                slice_clamped(&lines, before..before + chars)
                    .trim()
                    .to_owned(),
            )
        }
    }
}

/// The Original char ranges of the trimmed content of the non-empty lines that overlap none of
/// the sorted range lists `marked`, in order.
fn content_lines<'a>(
    text: &'a str,
    marked: &'a [&'a [Range<usize>]],
) -> impl Iterator<Item = Range<usize>> + 'a {
    // Char offset of the current line's start in the Original.
    let mut line_char = 0;
    text.split('\n').filter_map(move |line| {
        let start_of_line = line_char;
        // +1 for the '\n' (a '\r' is part of `line` but not of `content`).
        line_char += line.chars().count() + 1;
        let content = line.strip_suffix('\r').unwrap_or(line);
        let trimmed_start = content.trim_start();
        let trimmed = trimmed_start.trim_end();
        if trimmed.is_empty() {
            return None;
        }
        let start = start_of_line
            + content[..content.len() - trimmed_start.len()]
                .chars()
                .count();
        let range = start..start + trimmed.chars().count();
        (!marked.iter().any(|ranges| overlaps(ranges, range.clone()))).then_some(range)
    })
}

/// Endings of publishers' names (simplified and traditional): a short first line that is a name
/// with one of these endings is a masthead, not a title.
const MASTHEAD_ENDINGS: &[&str] = &[
    "融媒体中心",
    "融媒體中心",
    "新闻中心",
    "新聞中心",
    "传媒中心",
    "傳媒中心",
    "日报",
    "日報",
    "晚报",
    "晚報",
    "早报",
    "早報",
    "商报",
    "商報",
    "时报",
    "時報",
    "都市报",
    "都市報",
    "新闻网",
    "新聞網",
    "新闻社",
    "新聞社",
    "通讯社",
    "通訊社",
    "电视台",
    "電視台",
    "電視臺",
    "广播电台",
    "廣播電台",
    "廣播電臺",
    "政府网",
    "政府網",
    "政府网站",
    "政府網站",
    "政府门户网站",
    "政府門戶網站",
    "政府門戶網",
];

/// The longest masthead, in chars (`中国共产党新闻网` is 8, `四川省人民政府门户网站` 11).
const MAX_MASTHEAD_CHARS: usize = 16;

/// True if `line` (trimmed, as the Clean view shows it) is a publisher's masthead and nothing
/// else: a short run of Han characters (a middle dot allowed) that ends with a publisher's word
/// (融媒体中心, 日报, 晚报, 新闻网, 电视台, 人民政府门户网站 …, in either script) after at
/// least one more character: `簡陽市融媒體中心`, `人民日报`, `佛山市人民政府门户网站`. A headline
/// has more in it (`广州日报社论:…` has a colon; `区委书记走访广州日报社` does not end in a
/// publisher's word: `日报社` is left out of the endings for that reason).
pub fn is_masthead(line: &str) -> bool {
    let chars = line.chars().count();
    (3..=MAX_MASTHEAD_CHARS).contains(&chars)
        && line.chars().all(|c| is_han(c) || c == '·')
        && MASTHEAD_ENDINGS
            .iter()
            .any(|ending| line.len() > ending.len() && line.ends_with(ending))
}

/// The character count of the article's own text (what the list and the header show as `字`):
/// chars of the Clean view in lines that are neither boilerplate nor appended, whitespace (line
/// breaks, spaces, ideographic spaces) left out. Punctuation counts, as in a Chinese 字数, and
/// so does each lost character (U+FFFD).
pub fn text_chars(cleaned: &Cleaned) -> usize {
    let text = cleaned.text.as_bytes();
    let total = non_space_chars(text);
    if cleaned.boilerplate.is_empty() && cleaned.appended.is_empty() {
        return total;
    }
    // The marked lines as Clean-view char ranges, in order, found in one walk over the lines.
    let mut marked: Vec<Range<usize>> = cleaned
        .boilerplate
        .iter()
        .chain(&cleaned.appended)
        .map(|r| cleaned.map.view_range_from_original(r.clone()))
        .collect();
    marked.sort_unstable_by_key(|r| r.start);
    let mut marked = marked.into_iter().peekable();
    let (mut line_char, mut line_byte) = (0, 0);
    let mut marked_chars = 0;
    while marked.peek().is_some() && line_byte < text.len() {
        let end = memchr::memchr(b'\n', &text[line_byte..]).map_or(text.len(), |n| line_byte + n);
        let line = &text[line_byte..end];
        let chars = count_chars(line);
        let range = line_char..line_char + chars;
        while marked.next_if(|m| m.end <= range.start).is_some() {}
        if marked
            .peek()
            .is_some_and(|m| m.start < range.end && range.start < m.end)
        {
            marked_chars += non_space_chars(line);
        }
        line_char += chars + 1;
        line_byte = end + 1;
    }
    total - marked_chars
}

/// Chars of UTF-8 `bytes` (each byte that is not a continuation byte starts one).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().map(|&b| usize::from((b as i8) >= -0x40)).sum()
}

/// Chars of UTF-8 `bytes` that are not whitespace (ASCII whitespace, U+00A0, U+3000).
fn non_space_chars(bytes: &[u8]) -> usize {
    // Branch-free over the bytes so that it vectorises; the two non-ASCII spaces are rare.
    let chars_not_ascii_space: usize = bytes
        .iter()
        .map(|&b| {
            usize::from(
                (b as i8) >= -0x40 && !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C),
            )
        })
        .sum();
    let nbsp = memchr::memmem::find_iter(bytes, "\u{a0}".as_bytes()).count();
    let ideographic = memchr::memmem::find_iter(bytes, "\u{3000}".as_bytes()).count();
    chars_not_ascii_space - nbsp - ideographic
}

/// True when a range of the sorted `ranges` overlaps `line`.
fn overlaps(ranges: &[Range<usize>], line: Range<usize>) -> bool {
    let first_ending_after = ranges.partition_point(|range| range.end <= line.start);
    ranges
        .get(first_ending_after)
        .is_some_and(|range| range.start < line.end)
}

/// The title of an article without any text line: its file name.
fn file_title(relative: &str) -> &str {
    relative.rsplit('/').next().unwrap_or(relative)
}

fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((byte, _)) => format!("{}…", &text[..byte]),
        None => text.to_owned(),
    }
}

/// The first full date in the text, as `YYYY-MM-DD`: `2023-12-21`, `2023/12/21` or
/// `2023年12月21日` (months and days may have one digit). Dates without a year (`10月12日`) are
/// not dates here: a year is never guessed.
pub fn date(text: &str) -> Option<String> {
    // Every date has `-`, `/` or `年` right after its year: find those with SIMD searches (a
    // digit-by-digit walk was the scan's largest cost after reading), then look around them.
    let bytes = text.as_bytes();
    let dashed = memchr::memchr2_iter(b'-', b'/', bytes)
        .find_map(|separator| date_at_separator(bytes, separator).map(|date| (separator, date)));
    let chinese = memchr::memmem::find_iter(bytes, "年".as_bytes())
        .take_while(|&separator| dashed.as_ref().is_none_or(|(first, _)| separator < *first))
        .find_map(|separator| date_at_separator(bytes, separator).map(|date| (separator, date)));
    chinese.or(dashed).map(|(_, date)| date)
}

/// The date whose year ends right before `separator`, if there is one.
fn date_at_separator(bytes: &[u8], separator: usize) -> Option<String> {
    let start = separator.checked_sub(4)?;
    let year_digits = bytes[start..separator].iter().all(u8::is_ascii_digit);
    // `12023-…` has no four-digit year.
    let digit_before = start > 0 && bytes[start - 1].is_ascii_digit();
    if !year_digits || digit_before {
        return None;
    }
    date_after_year(bytes, start, separator)
}

/// The end of the run of ASCII digits starting at `start`.
fn digits_end(bytes: &[u8], start: usize) -> usize {
    start
        + bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(bytes.len() - start)
}

/// Parses the month and day after the four-digit year `bytes[start..end]`.
fn date_after_year(bytes: &[u8], start: usize, end: usize) -> Option<String> {
    let year = number(&bytes[start..end])?;
    let rest = &bytes[end..];
    let (month, day, after) = if let Some(rest) = rest.strip_prefix("年".as_bytes()) {
        let (month, rest) = one_or_two_digits(rest)?;
        let rest = rest.strip_prefix("月".as_bytes())?;
        let (day, rest) = one_or_two_digits(rest)?;
        rest.strip_prefix("日".as_bytes())?;
        (month, day, &[][..])
    } else {
        let separator = *rest.first().filter(|&&b| b == b'-' || b == b'/')?;
        let (month, rest) = one_or_two_digits(&rest[1..])?;
        let rest = rest.strip_prefix(&[separator])?;
        let (day, rest) = one_or_two_digits(rest)?;
        (month, day, rest)
    };
    // `2023-12-215` is not a date (`after` is empty for `…日`: `2023年12月21日10时` is one).
    let valid = (1900..=2199).contains(&year)
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && !after.first().is_some_and(u8::is_ascii_digit);
    valid.then(|| format!("{year:04}-{month:02}-{day:02}"))
}

fn one_or_two_digits(bytes: &[u8]) -> Option<(u32, &[u8])> {
    let len = digits_end(bytes, 0);
    if !(1..=2).contains(&len) {
        return None;
    }
    Some((number(&bytes[..len])?, &bytes[len..]))
}

fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |value, &digit| {
        value.checked_mul(10)?.checked_add(u32::from(digit - b'0'))
    })
}

/// The source named after the first `来源:` / `来源：` with a value, up to whitespace or the end
/// of the line (`来源:白云时事` → `白云时事`).
pub fn source(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(found) = rest.find("来源") {
        rest = &rest[found + "来源".len()..];
        let Some(after) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：')) else {
            continue;
        };
        let value = after.trim_start_matches([' ', '\t', '\u{3000}', '\u{a0}']);
        let end = value.find(char::is_whitespace).unwrap_or(value.len());
        if end > 0 {
            return Some(truncate(&value[..end], MAX_SOURCE_CHARS));
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;
    use crate::corpus::TextEncoding;
    use crate::text::Script;

    fn decoded(text: &str) -> Decoded {
        Decoded {
            text: text.to_owned(),
            encoding: TextEncoding::Utf8,
        }
    }

    /// The metadata as it was computed before the scan skipped the punctuation pass: from the
    /// default Clean view.
    fn reference_meta(text: &str) -> ArticleMeta {
        let decoded = decoded(text);
        let cleaned = clean(text);
        article_meta_from_clean("a.txt".into(), "a.txt".into(), 7, &decoded, &cleaned)
    }

    /// Realistic inputs: each seed from every one of its lines on (so every line is the first
    /// once), as written and with its punctuation typed in ASCII as crawls often have it, with
    /// CRLF, with a masthead before it, and headings that restore (`召开:全力`, `(广州)`).
    fn variants() -> Vec<String> {
        let seeds = [
            include_str!("../../seeds/000_aee7d7dda944679f.txt"),
            include_str!("../../seeds/001_ebed7b38f3e0333c.txt"),
            include_str!("../../seeds/002_6e5af457e60a8f77.txt"),
            include_str!("../../seeds/003_6d7fffe9468177c8.txt"),
            include_str!("../../seeds/004_17a6dfa9780f989e.txt"),
        ];
        let mut texts = Vec::new();
        for seed in seeds {
            let ascii: String = seed
                .chars()
                .map(|c| match c {
                    '，' => ',',
                    '：' => ':',
                    '；' => ';',
                    '！' => '!',
                    '？' => '?',
                    '（' => '(',
                    '）' => ')',
                    c => c,
                })
                .collect();
            for version in [seed.to_owned(), ascii, seed.replace('\n', "\r\n")] {
                let starts =
                    std::iter::once(0).chain(version.match_indices('\n').map(|(i, _)| i + 1));
                for start in starts.collect::<Vec<_>>() {
                    let rest = &version[start..];
                    texts.push(rest.chars().take(3000).collect());
                    texts.push(format!(
                        "簡陽市融媒體中心\n{}",
                        rest.chars().take(500).collect::<String>()
                    ));
                }
            }
        }
        for heading in [
            "召开:全力推进,高质量发展!",
            "  (广州)市委召开会议:部署工作  ",
            "2023年12月21日 来源:白云时事",
            "关于(第一期)的通知;请查收?",
            "微信(WeChat)上线: 新功能",
            "調(diào)研:經(jīng)濟發(fā)展,取得成效",
            "𠮷野家:开业,欢迎!",
        ] {
            texts.push(format!("{heading}\n正文第一句,有逗号。\n"));
            texts.push(format!("人民日报\n{heading}\r\n正文。"));
            texts.push(format!("微信 新浪微博 QQ空间\n{heading}"));
        }
        texts
    }

    #[test]
    fn chars_are_counted_past_the_script_sample() {
        // Over the 64 KiB the script is judged on, with a non-BMP char across its end.
        for text in [
            "经济𠮷\r\n".repeat(SCRIPT_SAMPLE_BYTES / 9 + 1),
            format!("{}𠮷", "a".repeat(SCRIPT_SAMPLE_BYTES - 2)),
            "經濟".to_owned(),
            String::new(),
        ] {
            let meta = article_meta("a.txt".into(), "a.txt".into(), 7, &decoded(&text));
            assert_eq!(meta.chars, text.chars().count());
        }
    }

    #[test]
    fn cheap_meta_is_the_meta_of_the_default_clean_view() {
        let texts = variants();
        assert!(texts.len() > 1000, "{} variants", texts.len());
        let mut restored_titles = 0;
        for text in &texts {
            let cheap = article_meta("a.txt".into(), "a.txt".into(), 7, &decoded(text));
            let reference = reference_meta(text);
            assert_eq!(cheap, reference, "{text:?}");
            let unrestored = clean_with(
                text,
                &CleanOptions {
                    full_width_punctuation: false,
                },
            );
            restored_titles += usize::from(!unrestored.text.contains(reference.title.as_str()));
        }
        // The variants do exercise the restoration in titles.
        assert!(restored_titles > 100, "{restored_titles} titles restored");
    }

    #[test]
    fn title_is_the_first_non_empty_line_trimmed() {
        let text = "\r\n\u{3000}\n  何黨生調研工業項目時強調 \r\n正文";
        assert_eq!(
            title(text, &[]).as_deref(),
            Some("何黨生調研工業項目時強調")
        );
    }

    #[test]
    fn title_skips_boilerplate_lines_by_original_char_range() {
        // Line 0 is `当前位置:…` (chars 0..13), line 1 is empty, line 2 the title.
        let text = "当前位置:首页 > 各区动态\n\n白云区党政代表团赴贵州\n  • 听全文";
        let breadcrumb = 0.."当前位置:首页 > 各区动态".chars().count();
        assert_eq!(breadcrumb, 0..14);
        assert_eq!(
            title(text, &[breadcrumb]).as_deref(),
            Some("白云区党政代表团赴贵州")
        );
        // With CRLF the '\r' is excluded from the boilerplate range but counted in the offsets.
        let text = "分享到\r\n正文标题\r\n";
        let share: Range<usize> = 0..3;
        assert_eq!(
            title(text, std::slice::from_ref(&share)).as_deref(),
            Some("正文标题")
        );
        assert_eq!(title(text, &[share, 5..9]), None);
    }

    #[test]
    fn title_line_counts_chars_not_bytes() {
        assert_eq!(
            content_lines("\r\n\u{3000} 标题 \r\n", &[]).next(),
            Some(4..6)
        );
        assert_eq!(
            title("\r\n\u{3000} 𠮷野家 \r\n", &[]).as_deref(),
            Some("𠮷野家")
        );
    }

    #[test]
    fn long_titles_are_cut_and_missing_titles_fall_back_to_the_file_name() {
        let long = "长".repeat(500);
        let cut = title(&long, &[]).unwrap();
        assert_eq!(cut.chars().count(), MAX_TITLE_CHARS + 1);
        assert!(cut.ends_with('…'));
        let meta = article_meta(
            "/c/a/空.txt".into(),
            "a/空.txt".into(),
            0,
            &decoded(" \n\n"),
        );
        assert_eq!(meta.title, "空.txt");
    }

    #[test]
    fn dates_in_three_spellings_are_normalised() {
        assert_eq!(date("  • 2023-12-21\n").as_deref(), Some("2023-12-21"));
        assert_eq!(date("发布于2024/3/5 10:00").as_deref(), Some("2024-03-05"));
        assert_eq!(
            date("2023年12月21日,区委书记").as_deref(),
            Some("2023-12-21")
        );
        assert_eq!(
            date("时间：2025年1月9日10时").as_deref(),
            Some("2025-01-09")
        );
    }

    #[test]
    fn no_year_no_date() {
        assert_eq!(date("10月12日,禅城区区长盘石主持召开"), None);
        assert_eq!(date("于2020年9月入选世界经济论坛"), None);
        assert_eq!(date("编号 12023-12-21 与 2023-13-01 与 2023-12-215"), None);
        assert_eq!(date("电话 020-12345678"), None);
        // The first full date wins, after partial ones.
        assert_eq!(
            date("2020年9月入选；2023/1/2发布；2024-05-06").as_deref(),
            Some("2023-01-02")
        );
    }

    #[test]
    fn source_after_ascii_or_fullwidth_colon() {
        assert_eq!(
            source("  • 来源:白云时事\n  • 分享到").as_deref(),
            Some("白云时事")
        );
        assert_eq!(source("来源： 新华社 记者 王某").as_deref(), Some("新华社"));
        assert_eq!(
            source("资金来源多元。来源：人民网").as_deref(),
            Some("人民网")
        );
        assert_eq!(source("来源:\n正文"), None);
        assert_eq!(source("没有出处"), None);
    }

    #[test]
    fn meta_counts_chars_bytes_and_keeps_the_encoding() {
        let text = "标题\r\n2023年12月21日 来源：白云时事\r\n正文😀";
        let mut decoded = decoded(text);
        decoded.encoding = TextEncoding::Gb18030;
        let meta = article_meta("/x/a.txt".into(), "a.txt".into(), 99, &decoded);
        assert_eq!(meta.title, "标题");
        assert_eq!(meta.date.as_deref(), Some("2023-12-21"));
        assert_eq!(meta.source.as_deref(), Some("白云时事"));
        assert_eq!(meta.chars, text.chars().count());
        assert_eq!(meta.chars, 28);
        assert_eq!(meta.bytes, 99);
        assert_eq!(meta.encoding, TextEncoding::Gb18030);
        assert_eq!(meta.relative, "a.txt");
    }

    const SEEDS: [&str; 5] = [
        include_str!("../../seeds/000_aee7d7dda944679f.txt"),
        include_str!("../../seeds/001_ebed7b38f3e0333c.txt"),
        include_str!("../../seeds/002_6e5af457e60a8f77.txt"),
        include_str!("../../seeds/003_6d7fffe9468177c8.txt"),
        include_str!("../../seeds/004_17a6dfa9780f989e.txt"),
    ];

    fn seed_meta(seed: usize) -> ArticleMeta {
        article_meta("s.txt".into(), "s.txt".into(), 0, &decoded(SEEDS[seed]))
    }

    #[test]
    fn seed_002_masthead_is_the_source_and_the_next_line_the_title() {
        assert!(SEEDS[2].starts_with("簡(jiǎn)陽(yáng)市融媒體中心\n百舸爭(zhēng)流,奮楫者先!\n"));
        let meta = seed_meta(2);
        assert_eq!(meta.source.as_deref(), Some("簡陽市融媒體中心"));
        // The title as the Clean view shows it: pinyin removed, punctuation full-width.
        assert_eq!(meta.title, "百舸爭流，奮楫者先！");
    }

    #[test]
    fn titles_and_sources_of_the_seeds() {
        let expected = [
            (
                "禅城区政府常务会议召开：全力以赴，确保东西部协作工作再创佳绩",
                None,
            ),
            ("何黨生調研工業項目時強調", None),
            ("百舸爭流，奮楫者先！", Some("簡陽市融媒體中心")),
            ("佛山市召开重点项目建设找差距促进度大会", None),
            (
                "白云区党政代表团赴贵州省黔南州开展东西部协作调研对接",
                Some("白云时事"),
            ),
        ];
        for (seed, (title, source)) in expected.into_iter().enumerate() {
            let meta = seed_meta(seed);
            assert_eq!(
                (meta.title.as_str(), meta.source.as_deref()),
                (title, source)
            );
        }
    }

    #[test]
    fn mastheads_in_both_scripts() {
        for masthead in [
            "簡陽市融媒體中心",
            "简阳市融媒体中心",
            "人民日报",
            "南方日報",
            "中国新闻网",
            "佛山电视台",
            "臺灣電視臺",
            "四川省人民政府网站",
            "佛山市人民政府门户网站",
            "廣州市人民政府門戶網站",
            "新华通讯社",
        ] {
            assert!(is_masthead(masthead), "{masthead}");
        }
        for headline in [
            "日报",                         // the ending alone
            "广州日报社论：坚持高质量发展", // punctuation: a headline
            "区委书记走访广州日报社",       // does not end in a publisher's word
            "百舸爭流，奮楫者先！",
            "中国新闻网 报道",                                          // a space
            "四川省成都市简阳市人民政府门户网站的新版今天上线运行日报", // too long
            "𠮷",                                                       // short
            "",
        ] {
            assert!(!is_masthead(headline), "{headline}");
        }
    }

    #[test]
    fn a_masthead_needs_a_next_line_and_yields_to_a_stated_source() {
        let meta = article_meta("a".into(), "a".into(), 0, &decoded("人民日报\n\n"));
        assert_eq!(meta.title, "人民日报");
        assert_eq!(meta.source, None);
        let text = "佛山电视台\r\n\r\n  标题 \r\n来源：佛山发布\r\n正文。";
        let meta = article_meta("a".into(), "a".into(), 0, &decoded(text));
        assert_eq!(meta.title, "标题");
        assert_eq!(meta.source.as_deref(), Some("佛山发布"));
        // Only the first line can be a masthead.
        let meta = article_meta("a".into(), "a".into(), 0, &decoded("标题\n人民日报\n"));
        assert_eq!(meta.title, "标题");
        assert_eq!(meta.source, None);
    }

    /// Non-whitespace chars of `lines` (1-based, inclusive) of `text`.
    fn non_space_in_lines(text: &str, lines: std::ops::RangeInclusive<usize>) -> usize {
        text.lines()
            .enumerate()
            .filter(|(i, _)| lines.contains(&(i + 1)))
            .map(|(_, line)| line.chars().filter(|c| !c.is_whitespace()).count())
            .sum()
    }

    #[test]
    fn text_chars_leave_out_marked_lines_and_whitespace() {
        // Seed 000: the article is lines 1–6; 7–34 are related articles and chrome.
        let meta = seed_meta(0);
        assert_eq!(meta.text_chars, non_space_in_lines(SEEDS[0], 1..=6));
        assert!(meta.text_chars < meta.chars / 2, "{}", meta.text_chars);
        // Whitespace of every kind, a lost char and a non-BMP char; boilerplate left out.
        let text = "标 题\u{3000}\u{a0}\r\n存量?jī)勢𠮷。\n责任编辑：张三\n";
        let meta = article_meta("a".into(), "a".into(), 0, &decoded(text));
        assert_eq!(meta.text_chars, 2 + 6); // 标题, 存量\u{FFFD}勢𠮷。
        assert_eq!(text_chars(&clean("")), 0);
        assert_eq!(text_chars(&clean(" \n\t\u{3000}")), 0);
    }

    #[test]
    fn text_chars_match_a_slow_count_on_every_seed() {
        for seed in SEEDS {
            let cleaned = clean(seed);
            let chars: Vec<char> = seed.chars().collect();
            let marked: Vec<&Range<usize>> = cleaned
                .boilerplate
                .iter()
                .chain(&cleaned.appended)
                .collect();
            // Original lines that are not marked, cleaned one by one (lines are independent).
            let mut start = 0;
            let mut expected = 0;
            for line in seed.split('\n') {
                let len = line.chars().count();
                let range = start..start + len;
                if !marked
                    .iter()
                    .any(|m| m.start < range.end && range.start < m.end)
                {
                    let line: String = chars[range].iter().collect();
                    expected += clean(&line)
                        .text
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .count();
                }
                start += len + 1;
            }
            assert_eq!(text_chars(&cleaned), expected);
        }
    }

    #[test]
    fn refreshed_meta_follows_the_file_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "旧标题\n正文。\n").unwrap();
        let article = Article::load(&path).unwrap();
        let old = article_meta(
            path.clone(),
            "a.txt".into(),
            article.bytes,
            &article.decoded,
        );
        assert_eq!(old.refreshed(&article), old, "unchanged file, same row");
        std::fs::write(
            &path,
            "簡陽市融媒體中心\n新標題,好!\n正文很長很長。\n2024年1月2日\n",
        )
        .unwrap();
        let article = Article::load(&path).unwrap();
        let new = old.refreshed(&article);
        assert_eq!(new.title, "新標題，好！");
        assert_eq!(new.source.as_deref(), Some("簡陽市融媒體中心"));
        assert_eq!(new.date.as_deref(), Some("2024-01-02"));
        assert_eq!(new.script, Script::Traditional);
        assert_eq!(new.bytes, std::fs::metadata(&path).unwrap().len());
        assert_eq!(new.chars, 34);
        assert_eq!(new.text_chars, 8 + 6 + 7 + 9);
        assert_eq!(
            new,
            old.refreshed_from_clean(&article, &clean(article.original()))
        );
        assert_eq!((new.path, new.relative), (old.path, old.relative));
    }

    #[test]
    fn seed_004_title_skips_the_breadcrumb() {
        let text = include_str!("../../seeds/004_17a6dfa9780f989e.txt");
        let meta = article_meta("004.txt".into(), "004.txt".into(), 0, &decoded(text));
        assert_eq!(
            meta.title,
            "白云区党政代表团赴贵州省黔南州开展东西部协作调研对接"
        );
        assert_eq!(meta.script, Script::Simplified);
    }
}
