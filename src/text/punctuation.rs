//! Full-width punctuation for the Clean view (净文): the crawl flattened Chinese punctuation to
//! ASCII (`禅城区区长,深入学习`, `召开:全力以赴`), which sets cramped and reads as Latin text.
//! [`restore_full_width`] puts the full-width form back where the text around it is Chinese,
//! **one char for one char**, so every offset (and the Clean view's
//! [`OffsetMap`](super::OffsetMap)) stays exactly as it was. Offsets: none are produced; the
//! text keeps its length in chars.
//!
//! # The rule
//! *CJK* below means a Han character (any extension, `〇`), CJK punctuation and symbols
//! (U+3000–U+303F: `。、「」《》` and the ideographic space), kana, a full-width form
//! (U+FF01–U+FF60, U+FFE0–U+FFE6: `，！（` …) or U+FFFD (a character the crawl lost). Curly
//! quotes `“”‘’`, `…` and `—` are used by Latin text as well, so they are not CJK on their own.
//! *Space* is an ASCII space, a tab or U+00A0 (the ideographic space U+3000 is CJK).
//!
//! - `,` `:` `;` `!` `?` become `，` `：` `；` `！` `？` when the char before them is neither
//!   missing (line start) nor a space, and either
//!   - the char after is CJK (`65%,空调` → `65%，空调`, `(WEF),中`), or
//!   - the char before is CJK and what follows is not Latin typesetting: the char after is not a
//!     space (`动态,AGV小车`, `后,10月13日`, `相关稿件:` at a line end), or the first char after
//!     the spaces is CJK or the line end (`强调: 要` → `强调： 要`, but `中国, which` stays).
//! - `(` and `)` become `（` and `）` as a pair matched on one line whose content holds a Han
//!   character, unless a space stands right before the `(` or right after the `)` (Latin
//!   typesetting: `the city (广州) is`). `(第一期)`, `(广州)`, `(黃克奇 鄭陳浩)` are restored;
//!   `(WEF)`, `微信(WeChat)`, `(including …)`, `(1)` and an unmatched `(` are not.
//!
//! So a number (`1,000`, `10:30`, `3.5`), a URL (`http://a.b/c?x=1`) or a Latin phrase
//! (`Notice: The`, `Hao, which`) is never touched: its punctuation has a Latin letter, a digit or
//! a space on both sides. Known limits: a brand that ends in `!` or `?` before Han text
//! (`Yahoo!中国`) is restored, and so is `?` after a Han character inside a URL that holds raw
//! Han characters (`/路径?x=1`; URLs copied from browsers are percent-encoded).
//!
//! A restored char counts as CJK for its neighbours (`怎么干?”三` and `?!` runs settle
//! together), so the result is a fixed point: restoring a restored text changes nothing.
//!
//! ```
//! use pizhu::text::punctuation::restore_full_width;
//! assert_eq!(
//!     restore_full_width("会议召开:全力以赴,确保1,000家(第一期)入选(WEF)"),
//!     "会议召开：全力以赴，确保1,000家（第一期）入选(WEF)"
//! );
//! assert_eq!(restore_full_width("见 http://a.b/c?x=1, 10:30"), "见 http://a.b/c?x=1, 10:30");
//! ```

use std::borrow::Cow;

use super::clean::is_han;

/// True for the ASCII chars this module may restore.
fn is_candidate_byte(b: u8) -> bool {
    matches!(b, b',' | b':' | b';' | b'!' | b'?' | b'(' | b')')
}

/// The full-width form of a restorable ASCII char.
pub fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '!' => '！',
        '?' => '？',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// True for a char that makes its neighbourhood Chinese (see the module docs).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF01}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{FFFD}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{30000}'..='\u{323AF}')
}

/// Spaces of Latin typesetting (the ideographic space U+3000 is CJK instead).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}')
}

/// The text with full-width punctuation restored where the rule of the module docs says so;
/// borrowed unchanged when there is nothing to restore. Same number of chars, line by line.
pub fn restore_full_width(text: &str) -> Cow<'_, str> {
    let Some(first) = text.bytes().position(is_candidate_byte) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::new();
    let mut copied = 0;
    let mut line = Vec::new();
    // Only lines with a candidate are decoded; the others are copied as they are.
    let mut line_start = text[..first].rfind('\n').map_or(0, |n| n + 1);
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |n| line_start + n);
        let slice = &text[line_start..line_end];
        if slice.bytes().any(is_candidate_byte) {
            line.clear();
            line.extend(slice.chars());
            if restore_line(&mut line) {
                out.reserve(text.len() + text.len() / 8);
                out.push_str(&text[copied..line_start]);
                out.extend(line.iter());
                copied = line_end;
            }
        }
        line_start = line_end + 1;
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Restores one line (chars, no `\n`; a final `\r` counts as the line end). True if it changed.
fn restore_line(line: &mut [char]) -> bool {
    let mut changed = restore_parentheses(line);
    // Sentence punctuation: a restored char is CJK for its neighbours, so repeat until nothing
    // changes (each pass restores at least one more char; runs of punctuation are short).
    loop {
        let mut more = false;
        for i in 0..line.len() {
            if matches!(line[i], ',' | ':' | ';' | '!' | '?') && restores_sentence_mark(line, i) {
                line[i] = full_width(line[i]).unwrap_or(line[i]);
                more = true;
            }
        }
        if !more {
            return changed;
        }
        changed = true;
    }
}

/// The sentence-punctuation rule for the ASCII mark at `line[i]`.
fn restores_sentence_mark(line: &[char], i: usize) -> bool {
    let Some(&before) = i.checked_sub(1).and_then(|b| line.get(b)) else {
        return false;
    };
    if is_space(before) {
        return false;
    }
    let after = line.get(i + 1).copied().filter(|&c| c != '\r');
    if after.is_some_and(is_cjk) {
        return true;
    }
    if !is_cjk(before) {
        return false;
    }
    match after {
        None => true,
        Some(c) if !is_space(c) => true,
        // Spaces: Chinese if CJK or the line end comes next, Latin typesetting otherwise.
        Some(_) => line[i + 1..]
            .iter()
            .find(|&&c| !is_space(c))
            .is_none_or(|&c| c == '\r' || is_cjk(c)),
    }
}

/// Restores the matched parenthesis pairs around Chinese text. True if any.
fn restore_parentheses(line: &mut [char]) -> bool {
    let mut open = Vec::new();
    let mut pairs = Vec::new();
    for (i, &c) in line.iter().enumerate() {
        match c {
            '(' => open.push(i),
            ')' => {
                if let Some(start) = open.pop() {
                    pairs.push((start, i));
                }
            }
            _ => {}
        }
    }
    let mut changed = false;
    for (start, end) in pairs {
        let latin_before = start > 0 && is_space(line[start - 1]);
        let latin_after = line.get(end + 1).is_some_and(|&c| is_space(c));
        if !latin_before && !latin_after && line[start + 1..end].iter().any(|&c| is_han(c)) {
            line[start] = '（';
            line[end] = '）';
            changed = true;
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Checks that each line restores to the expected text.
    macro_rules! restore_cases {
        ($($name:ident: $input:expr => $expected:expr;)*) => {
            $(
                #[test]
                fn $name() {
                    let input: &str = $input;
                    let restored = restore_full_width(input);
                    assert_eq!(restored, $expected, "{input:?}");
                    assert_eq!(restored.chars().count(), input.chars().count());
                    assert_eq!(restore_full_width(&restored), restored, "idempotent");
                }
            )*
        };
    }

    // Real lines (and parts of long lines) of `seeds/`, as the Clean view has them before this
    // step (crawl pinyin removed), then the made-up cases the seeds lack.
    restore_cases! {
        seed_000_title: "禅城区政府常务会议召开:全力以赴,确保东西部协作工作再创佳绩"
            => "禅城区政府常务会议召开：全力以赴，确保东西部协作工作再创佳绩";
        seed_000_date_after_comma: "10月12日,禅城区区长盘石主持召开区政府常务会议,深入学习"
            => "10月12日，禅城区区长盘石主持召开区政府常务会议，深入学习";
        seed_000_quote_then_comma: "通过“四个助力”做实“五大协作”,推动完成对口贵州黔东南州黎平、锦屏、天柱三县2023年东西部协作工作各项指标任务,全面推进乡村振兴。"
            => "通过“四个助力”做实“五大协作”，推动完成对口贵州黔东南州黎平、锦屏、天柱三县2023年东西部协作工作各项指标任务，全面推进乡村振兴。";
        seed_000_header: "相关稿件:" => "相关稿件：";
        seed_000_heading_colon: "东平路智慧示范路建设项目:" => "东平路智慧示范路建设项目：";
        seed_000_phase: "近日,佛山市公布“城市品质提升打擂台”主题宣传活动(第一期)优秀项目名单。"
            => "近日，佛山市公布“城市品质提升打擂台”主题宣传活动（第一期）优秀项目名单。";
        seed_000_comma_before_digits: "继日前赴顺德区调研学习后,10月13日,南海区区长王勇带队"
            => "继日前赴顺德区调研学习后，10月13日，南海区区长王勇带队";
        seed_000_acronym_kept: "于2020年9月入选世界经济论坛(WEF)“灯塔工厂”。"
            => "于2020年9月入选世界经济论坛(WEF)“灯塔工厂”。";
        seed_000_percent: "自动化程度已高达65%,空调外观检测精度提升80%,检测成本下降55%,工厂的净利润"
            => "自动化程度已高达65%，空调外观检测精度提升80%，检测成本下降55%，工厂的净利润";
        seed_000_latin_after: "实时监测电机运行动态,AGV小车实现“无人化”物料配送"
            => "实时监测电机运行动态，AGV小车实现“无人化”物料配送";
        seed_000_place: "最后,南海政企代表团来到东方电气(广州)重型机器有限公司,这是"
            => "最后，南海政企代表团来到东方电气（广州）重型机器有限公司，这是";
        seed_000_semicolon_and_colon: "王勇现场分享了四点感受:一是国力之强,当天走访的几家企业,有些是生产链条的;二是世界之大,要"
            => "王勇现场分享了四点感受：一是国力之强，当天走访的几家企业，有些是生产链条的；二是世界之大，要";
        seed_001_credit: "(作者:黃克奇 鄭陳浩)" => "（作者：黃克奇 鄭陳浩）";
        seed_001_names_after_stop: "扎實推動主題教育走深走實。(黃克奇 鄭陳浩)"
            => "扎實推動主題教育走深走實。（黃克奇 鄭陳浩）";
        seed_002_title: "百舸爭流,奮楫者先!" => "百舸爭流，奮楫者先！";
        seed_002_quote_after_comma: "重大戰略加快實施,“兩重”“兩新”“三大工程”等"
            => "重大戰略加快實施，“兩重”“兩新”“三大工程”等";
        seed_002_questions: "始終帶著“學什么?怎么學?學了怎么干?”三個問題,專心"
            => "始終帶著“學什么？怎么學？學了怎么干？”三個問題，專心";
        seed_002_question_ellipsis: "全面推進鄉村振興?……" => "全面推進鄉村振興？……";
        seed_002_company: "考察了TCL家用電器(合肥)有限公司、肥西縣長三角G60科創走廊"
            => "考察了TCL家用電器（合肥）有限公司、肥西縣長三角G60科創走廊";
        seed_002_notice_latin_kept: "Notice: The content above (including the pictures and videos if any) is uploaded and posted by a user of NetEase Hao, which is a social media platform and only provides information storage services."
            => "Notice: The content above (including the pictures and videos if any) is uploaded and posted by a user of NetEase Hao, which is a social media platform and only provides information storage services.";
        seed_002_notice_chinese: "特別聲明:以上內容(如有圖片或視頻亦包括在內)為自媒體平臺“網易號”用戶上傳並發布,本平臺僅提供信息存儲服務。"
            => "特別聲明：以上內容（如有圖片或視頻亦包括在內）為自媒體平臺“網易號”用戶上傳並發布，本平臺僅提供信息存儲服務。";
        seed_002_phone: "如有涉及版權、新聞線索等事宜請聯系028—27222000" => "如有涉及版權、新聞線索等事宜請聯系028—27222000";
        seed_003_town: "会议以电视电话会议形式开至各区、各镇(街)。市领导陈小坚" => "会议以电视电话会议形式开至各区、各镇（街）。市领导陈小坚";
        seed_003_range: "通报1-5月全市重点项目建设推进情况" => "通报1-5月全市重点项目建设推进情况";
        seed_004_breadcrumb: "当前位置:首页\u{a0}>\u{a0}政务联播\u{a0}>\u{a0}各区动态"
            => "当前位置：首页\u{a0}>\u{a0}政务联播\u{a0}>\u{a0}各区动态";
        seed_004_source: "  • 来源:白云时事" => "  • 来源：白云时事";
        numbers_kept: "共1,000人,时间10:30,增长3.5%" => "共1,000人，时间10:30，增长3.5%";
        url_kept: "网址:http://a.b/c?x=1&y=2;z=3" => "网址：http://a.b/c?x=1&y=2;z=3";
        url_then_chinese: "见https://a.b/c?x=1,欢迎访问" => "见https://a.b/c?x=1，欢迎访问";
        latin_after_space_kept: "他说中国, which means" => "他说中国, which means";
        english_quote_kept: "他说:“Hello, world!”然后" => "他说：“Hello, world!”然后";
        space_then_chinese: "会议强调: 要加快" => "会议强调： 要加快";
        trailing_space_is_a_line_end: "相关稿件: \r" => "相关稿件： \r";
        crlf_line_end: "奮楫者先!\r\n下一行" => "奮楫者先！\r\n下一行";
        line_start_kept: ",中文\n:中文" => ",中文\n:中文";
        space_before_kept: "中文 ,中文" => "中文 ,中文";
        latin_parens_kept: "微信(WeChat)与(1)与(qū qu)" => "微信(WeChat)与(1)与(qū qu)";
        latin_spaced_parens_kept: "the city (广州) is" => "the city (广州) is";
        nested_parens: "(甲(乙)丙)与(a(中)b)" => "（甲（乙）丙）与（a（中）b）";
        unmatched_kept: "(第一期 与 第二期)) 与 ((中" => "（第一期 与 第二期）) 与 ((中";
        paren_then_comma: "(WEF),中国" => "(WEF)，中国";
        punctuation_run: "真的吗?!" => "真的吗？！";
        lost_char_is_cjk: "存量\u{FFFD},勢" => "存量\u{FFFD}，勢";
        ideographic_space: "强调:\u{3000}要" => "强调：\u{3000}要";
        non_bmp: "𠮷野家,𠮷(𠮷)" => "𠮷野家，𠮷（𠮷）";
        emoji_neighbour_kept: "😀,😀" => "😀,😀";
        nothing_to_do: "没有标点的一行" => "没有标点的一行";
        empty: "" => "";
    }

    #[test]
    fn unchanged_text_is_borrowed() {
        assert!(matches!(restore_full_width("a,b 1:2"), Cow::Borrowed(_)));
        assert!(matches!(restore_full_width("中文"), Cow::Borrowed(_)));
    }

    /// The restored marks of `text`: (char index, ASCII char).
    fn restored_marks(text: &str, restored: &str) -> Vec<(usize, char)> {
        text.chars()
            .zip(restored.chars())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, (a, _))| (i, a))
            .collect()
    }

    #[test]
    fn every_seed_line_keeps_its_length_and_latin_neighbours() {
        for seed in [
            include_str!("../../seeds/000_aee7d7dda944679f.txt"),
            include_str!("../../seeds/001_ebed7b38f3e0333c.txt"),
            include_str!("../../seeds/002_6e5af457e60a8f77.txt"),
            include_str!("../../seeds/003_6d7fffe9468177c8.txt"),
            include_str!("../../seeds/004_17a6dfa9780f989e.txt"),
        ] {
            let clean = crate::text::clean::clean_with(
                seed,
                &crate::text::clean::CleanOptions {
                    full_width_punctuation: false,
                },
            )
            .text;
            let restored = restore_full_width(&clean);
            assert_eq!(restored.lines().count(), clean.lines().count());
            for (line, restored_line) in clean.lines().zip(restored.lines()) {
                assert_eq!(line.chars().count(), restored_line.chars().count());
                let chars: Vec<char> = restored_line.chars().collect();
                for (i, c) in restored_marks(line, restored_line) {
                    if matches!(c, '(' | ')') {
                        continue;
                    }
                    // Something Chinese (perhaps a restored mark) is next to every restored mark.
                    let before = chars[..i].last().copied();
                    let after = chars.get(i + 1).copied();
                    assert!(
                        before.is_some_and(is_cjk) || after.is_some_and(is_cjk),
                        "{line}: {c} at {i}"
                    );
                }
            }
        }
    }

    fn arb_line() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "中", "文", "𠮷", "，", "。", "“", "”", "a", "Z", "1", "0", "%", " ", "\u{a0}",
            "\u{3000}", ",", ":", ";", "!", "?", "(", ")", ".", "/", "\r", "\n", "😀", "\u{FFFD}",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn restoring_keeps_length_and_is_idempotent(text in arb_line()) {
            let restored = restore_full_width(&text).into_owned();
            prop_assert_eq!(restored.chars().count(), text.chars().count());
            prop_assert_eq!(restored.lines().count(), text.lines().count());
            for (a, b) in text.chars().zip(restored.chars()) {
                prop_assert!(a == b || full_width(a) == Some(b), "{:?} -> {:?}", a, b);
            }
            prop_assert_eq!(restore_full_width(&restored).into_owned(), restored.clone());
            // Never between two Latin letters or digits (`1,000`, `10:30`, `a?b`).
            let chars: Vec<char> = text.chars().collect();
            for (i, c) in restored.chars().enumerate() {
                if c != chars[i] && matches!(chars[i], ',' | ':' | ';' | '!' | '?') {
                    let before = chars[i - 1];
                    let after = chars.get(i + 1).copied();
                    prop_assert!(
                        !(before.is_ascii_alphanumeric() && after.is_some_and(|a| a.is_ascii_alphanumeric())),
                        "{:?}", text
                    );
                    prop_assert!(!is_space(before));
                }
            }
        }
    }
}
