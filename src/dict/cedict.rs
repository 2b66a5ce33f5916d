//! The CC-CEDICT line format: `傳統 传统 [chuan2 tong3] /tradition/traditional/`. Parses one
//! line into borrowed fields; byte offsets into the line appear only inside this file.
//!
//! A line is the traditional headword, a space, the simplified headword, a space, the numbered
//! pinyin in square brackets, a space, then the glosses, each ended by `/`. `#` starts a comment
//! line. A line that does not fit is reported, never a panic: [`Dictionary`](super::Dictionary)
//! skips it and counts it.

/// One dictionary line's fields, borrowed from the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    /// The traditional headword (`經濟`).
    pub traditional: &'a str,
    /// The simplified headword (`经济`).
    pub simplified: &'a str,
    /// The numbered pinyin, syllables separated by spaces (`jing1 ji4`).
    pub pinyin: &'a str,
    /// The glosses, joined by `/`, without the outer slashes (`economy/economic`).
    pub glosses: &'a str,
}

/// Why a line is not a dictionary entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    /// The two headwords and the pinyin are not there, separated by single spaces.
    #[error("expected `TRADITIONAL SIMPLIFIED [PIN1 YIN1] /gloss/`")]
    Shape,
    /// The two headwords have different numbers of characters (CC-CEDICT pairs them char by char).
    #[error("the traditional and simplified headwords differ in length")]
    HeadwordLengths,
    /// No gloss between slashes.
    #[error("no gloss")]
    NoGloss,
}

/// Parses one line (without its line terminator; a trailing `\r` is ignored). `Ok(None)` for a
/// comment or blank line.
///
/// ```
/// use pizhu::dict::cedict::parse_line;
/// let line = parse_line("經濟 经济 [jing1 ji4] /economy/economic/").unwrap().unwrap();
/// assert_eq!((line.traditional, line.simplified), ("經濟", "经济"));
/// assert_eq!(line.glosses, "economy/economic");
/// assert!(parse_line("# CC-CEDICT").unwrap().is_none());
/// assert!(parse_line("經濟 [jing1 ji4] /economy/").is_err());
/// ```
pub fn parse_line(line: &str) -> Result<Option<Line<'_>>, LineError> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.trim().is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let (traditional, rest) = line.split_once(' ').ok_or(LineError::Shape)?;
    let (simplified, rest) = rest.split_once(' ').ok_or(LineError::Shape)?;
    let rest = rest.strip_prefix('[').ok_or(LineError::Shape)?;
    let (pinyin, rest) = rest.split_once(']').ok_or(LineError::Shape)?;
    let glosses = rest
        .trim_end()
        .strip_prefix(" /")
        .and_then(|g| g.strip_suffix('/'))
        .ok_or(LineError::Shape)?;
    if traditional.is_empty() || simplified.is_empty() || simplified.starts_with('[') {
        return Err(LineError::Shape);
    }
    if traditional.chars().count() != simplified.chars().count() {
        return Err(LineError::HeadwordLengths);
    }
    if glosses.split('/').all(str::is_empty) {
        return Err(LineError::NoGloss);
    }
    Ok(Some(Line {
        traditional,
        simplified,
        pinyin: pinyin.trim(),
        glosses,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries() {
        let line = parse_line("重慶 重庆 [Chong2 qing4] /Chongqing city/\r")
            .expect("valid")
            .expect("entry");
        assert_eq!(
            line,
            Line {
                traditional: "重慶",
                simplified: "重庆",
                pinyin: "Chong2 qing4",
                glosses: "Chongqing city",
            }
        );
        let line = parse_line("% % [pa1] /percent (Tw)/")
            .expect("valid")
            .expect("entry");
        assert_eq!(line.traditional, "%");
        let line = parse_line("𠮷 𠮷 [ji2] /variant of 吉/")
            .expect("valid")
            .expect("entry");
        assert_eq!(line.simplified, "𠮷");
    }

    #[test]
    fn malformed_lines_are_errors_not_panics() {
        for bad in [
            "經濟",
            "經濟 经济",
            "經濟 经济 jing1 ji4 /economy/",
            "經濟 经济 [jing1 ji4 /economy/",
            "經濟 经济 [jing1 ji4]",
            "經濟 经济 [jing1 ji4] economy",
            "經濟 经济 [jing1 ji4] /economy",
            "經濟 经 [jing1 ji4] /economy/",
            "經濟 经济 [jing1 ji4] //",
            " 经济 [jing1 ji4] /economy/",
            "經濟  [jing1 ji4] /economy/",
            "\u{FFFD} [",
            "[ ] /",
        ] {
            assert!(parse_line(bad).is_err(), "{bad:?}");
        }
        for skip in ["", "   ", "#! version=1", "# comment\r"] {
            assert_eq!(parse_line(skip), Ok(None), "{skip:?}");
        }
    }
}
