//! The Clean view (净文): removes crawl artefacts (inline pinyin, lost characters) and marks
//! boilerplate lines. Offsets: chars of the Original in, chars of the Clean view out; boilerplate
//! ranges are Original chars.
//!
//! Some crawlers append the pinyin of every character they converted: `調(diào)研`. Clean removes
//! such a `(syllable)` when it directly follows a Han character, and shows each `?syllable)` as
//! one U+FFFD: there a broken multibyte sequence swallowed the character and its `(`, so one
//! character is lost (`存量?jī)?yōu)勢` → `存量��勢`). A *syllable* is exactly one tone-marked
//! Hanyu Pinyin syllable from the standard inventory, so `(WEF)`, `(café)`, `选项(a)`, `(qū qu)`
//! and fullwidth `（diào）` stay.
//!
//! Boilerplate (share buttons, breadcrumbs, captcha prompts, widget and credit lines, appended
//! related-article lists) is only *marked*, as whole lines, never deleted: a false positive would
//! hide article text, so the rules are narrow and a line of prose is never marked.
//!
//! The work is one pass over the lines: `memchr` finds `)` and `\n`, and a line without `)` is
//! copied whole.
//!
//! ```
//! use pizhu::text::clean::clean;
//! let cleaned = clean("何黨生調(diào)研工業(yè)項(xiàng)目\n請(qǐng)輸入驗(yàn)證碼");
//! assert_eq!(cleaned.text, "何黨生調研工業項目\n請輸入驗證碼");
//! assert_eq!(cleaned.artefacts_removed, 5);
//! // The captcha line, in Original chars (pinyin included).
//! assert_eq!(cleaned.boilerplate, vec![27..44]);
//! // "研" in the view is Original char 10, after the removed "(diào)".
//! assert_eq!(cleaned.map.original_range_from_view(4..5), 10..11);
//! ```

use std::ops::Range;

use memchr::memchr;

use super::offsets::{OffsetMap, OffsetMapBuilder};
use super::pinyin;

/// The char the Clean view shows for a character the crawl lost (`?jī)`).
pub const LOST_CHAR: char = '\u{FFFD}';

/// The Clean view of an Original text.
#[derive(Clone, Debug, Default)]
pub struct Cleaned {
    /// The cleaned text.
    pub text: String,
    /// Clean view ← Original.
    pub map: OffsetMap,
    /// How many inline-pinyin artefacts were removed (including those that became U+FFFD).
    pub artefacts_removed: usize,
    /// Clean-view char positions of the U+FFFD that stand for lost characters.
    pub lost_chars: Vec<usize>,
    /// Boilerplate lines, as Original char ranges (line terminator excluded), sorted.
    pub boilerplate: Vec<Range<usize>>,
}

/// Renders the Clean view of `original`.
pub fn clean(original: &str) -> Cleaned {
    let bytes = original.as_bytes();
    let mut out = Output {
        text: String::with_capacity(original.len()),
        builder: OffsetMapBuilder::new(),
        artefacts_removed: 0,
        lost_chars: Vec::new(),
    };
    let mut boilerplate = BoilerplateTracker::default();
    // Every pinyin artefact ends in `)`: the next one in the text, found once per `)`.
    let mut next_close = memchr(b')', bytes);
    let mut line_start = 0;
    loop {
        let newline = memchr(b'\n', &bytes[line_start..]).map(|i| line_start + i);
        // A `\r` before the `\n` belongs to the terminator, not to the line.
        let line_end = match newline {
            Some(n) if n > line_start && bytes[n - 1] == b'\r' => n - 1,
            Some(n) => n,
            None => bytes.len(),
        };
        let original_line_start = out.builder.position().1;
        let text_line_start = out.text.len();
        // Artefacts never span lines (a syllable has no line break), so each is handled in its line.
        let mut copied = line_start;
        while let Some(close) = next_close.filter(|&close| close < line_end) {
            if let Some(artefact) = artefact_ending_at(original, line_start, copied, close) {
                out.copy(&original[copied..artefact.start]);
                out.remove(&original[artefact.start..=close], artefact.lost);
                copied = close + 1;
            }
            next_close = memchr(b')', &bytes[close + 1..]).map(|i| close + 1 + i);
        }
        out.copy(&original[copied..line_end]);
        let original_line_end = out.builder.position().1;
        boilerplate.line(
            &out.text[text_line_start..],
            original_line_start..original_line_end,
        );
        let Some(newline) = newline else {
            break;
        };
        out.copy(&original[line_end..=newline]);
        line_start = newline + 1;
    }
    Cleaned {
        text: out.text,
        map: out.builder.finish(),
        artefacts_removed: out.artefacts_removed,
        lost_chars: out.lost_chars,
        boilerplate: boilerplate.finish(),
    }
}

/// True if `line` (one line of the Clean view, without its terminator) is page chrome on its own:
/// a breadcrumb (`当前位置:首页 > …`), a share bar with two or more targets or `分享到`, a captcha
/// prompt, a widget line (`• 听全文 •`), an editor or author credit (`责任编辑:…`), a
/// related-article header (`相关稿件:`) or a copyright or platform notice.
///
/// [`clean`] marks more than this from context: a lone share target (`微信`) only next to other
/// share lines, and the short lines of a list after a related-article header. Lines still holding
/// inline pinyin (`責(zé)編 | 曹禮芹`) should be cleaned first.
pub fn is_boilerplate_line(line: &str) -> bool {
    matches!(
        classify(line.trim()),
        LineKind::ShareBar | LineKind::RelatedHeader | LineKind::Chrome
    )
}

/// The Clean view being written, with its map and counts.
struct Output {
    text: String,
    builder: OffsetMapBuilder,
    artefacts_removed: usize,
    lost_chars: Vec<usize>,
}

impl Output {
    /// Copies Original text unchanged.
    fn copy(&mut self, original: &str) {
        if original.is_empty() {
            return;
        }
        self.text.push_str(original);
        self.builder.keep(original.chars().count());
    }

    /// Drops an artefact, or shows it as one lost char.
    fn remove(&mut self, artefact: &str, lost: bool) {
        let original_chars = artefact.chars().count();
        self.artefacts_removed += 1;
        if lost {
            self.lost_chars.push(self.builder.position().0);
            self.text.push(LOST_CHAR);
            self.builder.replace(original_chars, 1);
        } else {
            self.builder.replace(original_chars, 0);
        }
    }
}

/// An inline-pinyin artefact, from its opener (`(` or `?`) to a known `)`.
struct Artefact {
    /// Byte index of the opener in the Original.
    start: usize,
    /// The opener is `?`: the annotated character was lost with its `(`.
    lost: bool,
}

/// The artefact that ends with the `)` at byte `close`, if any. The opener may not lie before
/// `copied` (the end of the previous artefact) nor the line start.
fn artefact_ending_at(
    original: &str,
    line_start: usize,
    copied: usize,
    close: usize,
) -> Option<Artefact> {
    // Scan back over at most one syllable's worth of chars to the opener.
    let mut opener = None;
    let mut syllable_chars = 0;
    for (i, c) in original[copied..close].char_indices().rev() {
        match c {
            '(' | '?' if syllable_chars > 0 => {
                opener = Some((copied + i, c == '?'));
                break;
            }
            _ if syllable_chars < pinyin::MAX_SYLLABLE_CHARS && pinyin::is_syllable_char(c) => {
                syllable_chars += 1;
            }
            _ => return None,
        }
    }
    let (start, lost) = opener?;
    if !pinyin::is_toned_syllable(&original[start + 1..close]) {
        return None;
    }
    // `(syllable)` annotates the Han character before it; after anything else (`2023(nián)`)
    // it is text. `?syllable)` stands for the lost character itself.
    if !lost
        && !original[line_start..start]
            .chars()
            .next_back()
            .is_some_and(is_han)
    {
        return None;
    }
    Some(Artefact { start, lost })
}

/// One inline-pinyin artefact that [`clean`] removes: the source's own reading of a character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InlinePinyin<'a> {
    /// Original char index of the character read: the Han character before `(syllable)`, or
    /// for a lost character (`?syllable)`) the `?`, whose block Clean shows as one U+FFFD.
    pub original_char: usize,
    /// The syllable as written (`diào`), tone-marked, without the parentheses.
    pub syllable: &'a str,
    /// The character was lost (`?syllable)`).
    pub lost: bool,
}

/// Every inline-pinyin artefact that [`clean`] removes from `original`, in order, with the
/// character it reads (ruby in the Clean view can show the source's own readings).
///
/// ```
/// use pizhu::text::clean::inline_pinyin;
/// let found = inline_pinyin("調(diào)研 存量?jī)");
/// assert_eq!((found[0].original_char, found[0].syllable, found[0].lost), (0, "diào", false));
/// assert_eq!((found[1].original_char, found[1].syllable, found[1].lost), (11, "jī", true));
/// ```
pub fn inline_pinyin(original: &str) -> Vec<InlinePinyin<'_>> {
    let bytes = original.as_bytes();
    let mut found = Vec::new();
    let mut line_start = 0;
    let mut copied = 0;
    // Char index of byte `counted_byte`, advanced as artefacts are found.
    let mut counted_byte = 0;
    let mut counted_chars = 0;
    for close in memchr::memchr_iter(b')', bytes) {
        if let Some(newline) = memchr::memrchr(b'\n', &bytes[line_start..close]) {
            line_start += newline + 1;
        }
        copied = copied.max(line_start);
        let Some(artefact) = artefact_ending_at(original, line_start, copied, close) else {
            continue;
        };
        let read_byte = if artefact.lost {
            artefact.start
        } else {
            // The Han character just before the `(` (checked by `artefact_ending_at`).
            original[..artefact.start]
                .char_indices()
                .next_back()
                .map_or(artefact.start, |(i, _)| i)
        };
        counted_chars += original[counted_byte..read_byte].chars().count();
        counted_byte = read_byte;
        found.push(InlinePinyin {
            original_char: counted_chars,
            syllable: &original[artefact.start + 1..close],
            lost: artefact.lost,
        });
        copied = close + 1;
    }
    found
}

/// True for a Han character (CJK unified or compatibility ideograph, any extension, or `〇`).
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3007}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{30000}'..='\u{323AF}')
}

/// What a (trimmed, cleaned) line is, for boilerplate marking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineKind {
    /// Article text, or anything not known to be chrome.
    Prose,
    /// A single share target (`微信`): chrome only next to other share lines.
    LoneShareTarget,
    /// Several share targets on one line, or `分享到`.
    ShareBar,
    /// The header of an appended related-article list (`相关稿件:`).
    RelatedHeader,
    /// Any other chrome line that is recognisable on its own.
    Chrome,
}

/// Marks boilerplate lines one by one, with the context a single line lacks.
#[derive(Default)]
struct BoilerplateTracker {
    ranges: Vec<Range<usize>>,
    /// A lone share target waiting for a second share line to confirm it is part of a share bar.
    pending_share: Option<Range<usize>>,
    /// The previous non-blank line was a confirmed share line.
    in_share_bar: bool,
    /// After a related-article header, until a line of prose.
    in_related_list: bool,
}

impl BoilerplateTracker {
    /// Takes the next line: its Clean text (no terminator) and its Original char range.
    fn line(&mut self, line: &str, original: Range<usize>) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            // Blank lines are not marked and do not break a block.
            return;
        }
        let kind = classify(trimmed);
        if kind == LineKind::LoneShareTarget {
            if self.in_share_bar || self.in_related_list {
                self.ranges.push(original);
            } else if let Some(pending) = self.pending_share.take() {
                self.ranges.push(pending);
                self.ranges.push(original);
                self.in_share_bar = true;
            } else {
                self.pending_share = Some(original);
            }
            return;
        }
        // A lone share target before a share bar belongs to it; before anything else it is text.
        let pending = self.pending_share.take();
        self.in_share_bar = kind == LineKind::ShareBar;
        match kind {
            LineKind::ShareBar => {
                self.ranges.extend(pending);
                self.ranges.push(original);
            }
            LineKind::RelatedHeader => {
                self.in_related_list = true;
                self.ranges.push(original);
            }
            LineKind::Chrome => self.ranges.push(original),
            LineKind::Prose if self.in_related_list && is_list_item(trimmed) => {
                self.ranges.push(original);
            }
            LineKind::Prose | LineKind::LoneShareTarget => self.in_related_list = false,
        }
    }

    fn finish(self) -> Vec<Range<usize>> {
        self.ranges
    }
}

/// The longest line (in chars) that may be a credit, captcha or widget line. Real credits are
/// far shorter; prose lines are usually longer, and the other checks keep short prose out.
const SHORT_LINE_CHARS: usize = 40;

/// The longest line (in chars) that may be an item of a related-article list (a title).
const LIST_ITEM_CHARS: usize = 60;

/// Punctuation that ends or splits sentences: a line with it is prose, not a title or a credit.
const SENTENCE_PUNCTUATION: &[char] = &['。', '！', '？', '；', '!', '?', ';'];

/// Share targets of share-button bars.
const SHARE_TARGETS: &[&str] = &[
    "微信",
    "微信好友",
    "朋友圈",
    "微信朋友圈",
    "新浪微博",
    "微博",
    "腾讯微博",
    "騰訊微博",
    "QQ",
    "QQ空间",
    "QQ空間",
    "QQ好友",
    "豆瓣",
    "人人网",
    "人人網",
    "Facebook",
    "Twitter",
    "LinkedIn",
    "WhatsApp",
    "Telegram",
];

/// The words that introduce a share bar.
const SHARE_PROMPTS: &[&str] = &["分享到", "分享"];

/// Headers of appended related-article lists (`相关链接` is not one: in seed 000 it heads part
/// of an article).
const RELATED_HEADERS: &[&str] = &[
    "相关稿件",
    "相關稿件",
    "相关新闻",
    "相關新聞",
    "相关阅读",
    "相關閱讀",
    "相关文章",
    "相關文章",
    "相关报道",
    "相關報道",
    "相關報導",
    "相关附件",
    "相關附件",
    "延伸阅读",
    "延伸閱讀",
    "推荐阅读",
    "推薦閱讀",
];

/// How breadcrumbs start (`当前位置:首页 > 政务联播 > …`).
const BREADCRUMB_PREFIXES: &[&str] = &[
    "当前位置",
    "當前位置",
    "您的位置",
    "你的位置",
    "您现在的位置",
    "您現在的位置",
    "您当前的位置",
    "您當前的位置",
    "您当前位置",
    "您當前位置",
];

/// Separators between breadcrumb steps.
const BREADCRUMB_SEPARATORS: &[char] = &['>', '＞', '›', '»', '→', '/'];

/// Widget buttons that are chrome even without a bullet.
const WIDGETS: &[&str] = &[
    "听全文",
    "聽全文",
    "【打印】",
    "【关闭】",
    "【關閉】",
    "打印本页",
    "打印本頁",
    "关闭窗口",
    "關閉窗口",
    "返回顶部",
    "返回頂部",
];

/// Widget buttons that are chrome as a bulleted item (`  • 分享到`), including an empty or `-`
/// placeholder item.
const BULLET_WIDGETS: &[&str] = &[
    "",
    "-",
    "—",
    "分享到",
    "分享",
    "打印",
    "关闭",
    "關閉",
    "收藏",
    "字号",
    "字號",
    "评论",
    "評論",
];

/// Bullets that start (or end) widget items of a page's tool bar.
const BULLETS: &[char] = &['•', '·', '●', '▪', '◆', '■'];

/// Roles in editor and author credits (`责任编辑:…`, `編輯 | 羅玉蓉`), simplified and traditional.
const CREDIT_ROLES: &[&str] = &[
    "责任编辑",
    "責任編輯",
    "编辑",
    "編輯",
    "责编",
    "責編",
    "审核",
    "審核",
    "校对",
    "校對",
    "编审",
    "編審",
    "审校",
    "審校",
    "终审",
    "終審",
    "初审",
    "初審",
    "复审",
    "複審",
    "美编",
    "美編",
    "主编",
    "主編",
    "监制",
    "監製",
    "统筹",
    "統籌",
    "策划",
    "策劃",
    "记者",
    "記者",
    "作者",
    "撰稿",
    "摄影",
    "攝影",
    "通讯员",
    "通訊員",
    "实习生",
    "實習生",
    "文字",
    "图片",
    "圖片",
    "视频",
    "視頻",
    "文",
    "图",
    "圖",
];

/// What separates a credit's role from the names.
const CREDIT_SEPARATORS: &[char] = &[':', '：', '|', '｜', '丨', '/'];

/// Prompts of a captcha box.
const CAPTCHA_PROMPTS: &[&str] = &["请输入验证码", "請輸入驗證碼"];

/// Copyright and platform notices, by how they start.
const NOTICE_PREFIXES: &[&str] = &[
    "如需转载",
    "如需轉載",
    "转载请注明",
    "轉載請注明",
    "轉載請註明",
    "如有涉及版权",
    "如有涉及版權",
    "版权所有",
    "版權所有",
    "Copyright ©",
    // NetEase's disclaimer under every 网易号 article, in Chinese and English.
    "特别声明:以上内容",
    "特别声明：以上内容",
    "特別聲明:以上內容",
    "特別聲明：以上內容",
    "Notice: The content above",
];

/// The longest notice line, in chars (NetEase's English one is about 200).
const NOTICE_CHARS: usize = 300;

/// Classifies one trimmed line of the Clean view.
fn classify(line: &str) -> LineKind {
    if line.is_empty() {
        return LineKind::Prose;
    }
    if let Some(kind) = share_kind(line) {
        return kind;
    }
    if is_related_header(line) {
        return LineKind::RelatedHeader;
    }
    if is_breadcrumb(line)
        || is_widget(line)
        || is_credit(line)
        || is_captcha(line)
        || is_qr_prompt(line)
        || is_notice(line)
    {
        return LineKind::Chrome;
    }
    LineKind::Prose
}

/// True if `line` has at most `max` chars (checked by bytes first, without decoding long lines).
fn at_most_chars(line: &str, max: usize) -> bool {
    line.len() <= max || (line.len() <= 4 * max && line.chars().count() <= max)
}

fn strip_bullets(line: &str) -> (&str, bool) {
    let stripped = line
        .trim_start_matches(|c: char| BULLETS.contains(&c) || c.is_whitespace())
        .trim_end_matches(|c: char| BULLETS.contains(&c) || c.is_whitespace());
    (stripped, stripped.len() != line.len())
}

fn share_kind(line: &str) -> Option<LineKind> {
    if !at_most_chars(line, 120) {
        return None;
    }
    // `分享到：微信 微博`: an optional prompt, then targets only.
    let (prompt, targets_text) = match SHARE_PROMPTS
        .iter()
        .find_map(|prompt| line.strip_prefix(prompt))
    {
        Some(rest) => (true, rest.trim_start().trim_start_matches([':', '：'])),
        None => (false, line),
    };
    let mut targets: usize = 0;
    for token in targets_text.split_whitespace() {
        if SHARE_TARGETS.contains(&token.trim_end_matches([':', '：'])) {
            targets += 1;
        } else {
            return None;
        }
    }
    match (prompt, targets) {
        (true, _) | (false, 2..) => Some(LineKind::ShareBar),
        (false, 1) => Some(LineKind::LoneShareTarget),
        (false, 0) => None,
    }
}

fn is_related_header(line: &str) -> bool {
    let header = line
        .trim_start_matches('【')
        .trim_end_matches(|c: char| matches!(c, ':' | '：' | '】') || c.is_whitespace());
    RELATED_HEADERS.contains(&header)
}

fn is_breadcrumb(line: &str) -> bool {
    let Some(rest) = BREADCRUMB_PREFIXES
        .iter()
        .find_map(|prefix| line.strip_prefix(prefix))
    else {
        return false;
    };
    let Some(steps) = rest.trim_start().strip_prefix([':', '：']) else {
        return false;
    };
    at_most_chars(line, 100)
        && (steps.contains(BREADCRUMB_SEPARATORS)
            || ["首页", "首頁", "网站首页", "網站首頁"].contains(&steps.trim()))
}

fn is_widget(line: &str) -> bool {
    if !at_most_chars(line, SHORT_LINE_CHARS) {
        return false;
    }
    let (item, bulleted) = strip_bullets(line);
    WIDGETS.contains(&item) || (bulleted && BULLET_WIDGETS.contains(&item))
}

fn is_credit(line: &str) -> bool {
    if !at_most_chars(line, SHORT_LINE_CHARS) || line.contains(SENTENCE_PUNCTUATION) {
        return false;
    }
    // `(作者:黃克奇 鄭陳浩)`: a credit may be bracketed.
    let inner = [('(', ')'), ('（', '）'), ('【', '】'), ('[', ']')]
        .iter()
        .find_map(|&(open, close)| line.strip_prefix(open)?.strip_suffix(close))
        .unwrap_or(line);
    CREDIT_ROLES.iter().any(|role| {
        inner
            .strip_prefix(role)
            .and_then(|rest| rest.trim_start().strip_prefix(CREDIT_SEPARATORS))
            .is_some_and(|names| !names.trim().is_empty())
    })
}

fn is_captcha(line: &str) -> bool {
    at_most_chars(line, 30) && CAPTCHA_PROMPTS.iter().any(|prompt| line.contains(prompt))
}

/// `扫一扫在手机打开当前页` and the like, under a page's QR code.
fn is_qr_prompt(line: &str) -> bool {
    (line.starts_with("扫一扫") || line.starts_with("掃一掃"))
        && at_most_chars(line, 30)
        && !line.contains(SENTENCE_PUNCTUATION)
        && ["手机", "手機", "二维码", "二維碼", "分享", "关注", "關注"]
            .iter()
            .any(|word| line.contains(word))
}

fn is_notice(line: &str) -> bool {
    NOTICE_PREFIXES
        .iter()
        .any(|prefix| line.starts_with(prefix))
        && at_most_chars(line, NOTICE_CHARS)
}

/// True if `line` may be an item of a related-article list: short, not a sentence, not a heading
/// that introduces more text (`东平路智慧示范路建设项目:`).
fn is_list_item(line: &str) -> bool {
    at_most_chars(line, LIST_ITEM_CHARS)
        && !line.contains('。')
        && !line.ends_with(SENTENCE_PUNCTUATION)
        && !line.ends_with([':', '：', '，', ','])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::offsets::Bias;
    use proptest::prelude::*;

    const SEEDS: [&str; 5] = [
        include_str!("../../seeds/000_aee7d7dda944679f.txt"),
        include_str!("../../seeds/001_ebed7b38f3e0333c.txt"),
        include_str!("../../seeds/002_6e5af457e60a8f77.txt"),
        include_str!("../../seeds/003_6d7fffe9468177c8.txt"),
        include_str!("../../seeds/004_17a6dfa9780f989e.txt"),
    ];

    /// Checks that `input` cleans to `text` with that many artefacts and lost chars.
    macro_rules! clean_cases {
        ($($name:ident: $input:expr => $text:expr, artefacts $artefacts:expr, lost $lost:expr;)*) => {
            $(
                #[test]
                fn $name() {
                    let cleaned = clean($input);
                    assert_eq!(cleaned.text, $text, "text of {:?}", $input);
                    assert_eq!(cleaned.artefacts_removed, $artefacts, "artefacts of {:?}", $input);
                    assert_eq!(cleaned.lost_chars.len(), $lost, "lost chars of {:?}", $input);
                    assert_eq!(cleaned.map.view_len(), cleaned.text.chars().count());
                    assert_eq!(cleaned.map.original_len(), $input.chars().count());
                }
            )*
        };
    }

    clean_cases! {
        pinyin_after_han: "調(diào)研" => "調研", artefacts 1, lost 0;
        two_lost_chars: "存量?jī)?yōu)勢" => "存量\u{FFFD}\u{FFFD}勢", artefacts 2, lost 2;
        lost_char_leaves_mojibake: "鏈?zhǔn)剿季S" => "鏈\u{FFFD}剿季S", artefacts 1, lost 1;
        every_char_annotated: "經(jīng)濟(jì)發(fā)展" => "經濟發展", artefacts 3, lost 0;
        phase_number_kept: "活动(第一期)优秀" => "活动(第一期)优秀", artefacts 0, lost 0;
        place_kept: "东方电气(广州)重型" => "东方电气(广州)重型", artefacts 0, lost 0;
        acronym_kept: "论坛(WEF)“灯塔工厂”" => "论坛(WEF)“灯塔工厂”", artefacts 0, lost 0;
        single_han_kept: "各镇(街)。" => "各镇(街)。", artefacts 0, lost 0;
        names_kept: "走實(shí)。(黃克奇 鄭陳浩)" => "走實。(黃克奇 鄭陳浩)", artefacts 1, lost 0;
        english_after_han_kept: "微信(WeChat)" => "微信(WeChat)", artefacts 0, lost 0;
        no_tone_mark_kept: "选项(a)" => "选项(a)", artefacts 0, lost 0;
        no_tone_syllable_kept: "調(diao)研" => "調(diao)研", artefacts 0, lost 0;
        latin_word_kept: "咖啡(café)" => "咖啡(café)", artefacts 0, lost 0;
        two_syllables_kept: "区(qū qu)" => "区(qū qu)", artefacts 0, lost 0;
        two_syllables_joined_kept: "区(qūqú)" => "区(qūqú)", artefacts 0, lost 0;
        fullwidth_kept: "調（diào）研" => "調（diào）研", artefacts 0, lost 0;
        after_digit_kept: "2023(nián)" => "2023(nián)", artefacts 0, lost 0;
        after_space_kept: "調 (diào)研" => "調 (diào)研", artefacts 0, lost 0;
        unclosed_kept: "年(nián" => "年(nián", artefacts 0, lost 0;
        lost_not_pinyin_kept: "什么?abc)" => "什么?abc)", artefacts 0, lost 0;
        not_a_syllable_kept: "字(xyzā)" => "字(xyzā)", artefacts 0, lost 0;
        uppercase_kept: "調(Diào)研" => "調(Diào)研", artefacts 0, lost 0;
        empty_parens_kept: "調()研?)" => "調()研?)", artefacts 0, lost 0;
        second_annotation_kept: "調(diào)(diào)研" => "調(diào)研", artefacts 1, lost 0;
        umlaut_syllables: "綠(lǜ)略(lüè)女(nü)" => "綠略女", artefacts 3, lost 0;
        script_a_and_g: "國(ɡuó)話(huɑ̀)" => "國話", artefacts 2, lost 0;
        nested_in_other_parens: "(如有圖(tú)片)" => "(如有圖片)", artefacts 1, lost 0;
        lost_at_line_start: "?jī)\n?yōu)" => "\u{FFFD}\n\u{FFFD}", artefacts 2, lost 2;
        supplementary_han: "𠀀(qiū)" => "𠀀", artefacts 1, lost 0;
        emoji_kept: "😀(xiào)" => "😀(xiào)", artefacts 0, lost 0;
        too_long_kept: "調(zhuāngzhuang)" => "調(zhuāngzhuang)", artefacts 0, lost 0;
        empty: "" => "", artefacts 0, lost 0;
    }

    /// The artefacts of `original` found the slow way, over chars: (Original char range, lost).
    fn reference_artefacts(original: &str) -> Vec<(Range<usize>, bool)> {
        let chars: Vec<char> = original.chars().collect();
        let mut found = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let opener = chars[i];
            let close = chars[i + 1..]
                .iter()
                .take(pinyin::MAX_SYLLABLE_CHARS + 1)
                .position(|&c| c == ')')
                .map(|p| i + 1 + p);
            let after_han = i > 0 && is_han(chars[i - 1]);
            if let Some(close) = close
                && ((opener == '(' && after_han) || opener == '?')
                && pinyin::is_toned_syllable(&chars[i + 1..close].iter().collect::<String>())
            {
                found.push((i..close + 1, opener == '?'));
                i = close + 1;
            } else {
                i += 1;
            }
        }
        found
    }

    /// Crude: `(` + lowercase latin letters, at least one with a tone mark, + `)`.
    fn crude_pinyin_groups(text: &str) -> Vec<String> {
        let toned = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü";
        let mut groups = Vec::new();
        for (start, _) in text.match_indices('(') {
            let rest = &text[start + 1..];
            let letters: String = rest
                .chars()
                .take_while(|&c| c.is_ascii_lowercase() || toned.contains(c))
                .collect();
            if !letters.is_empty()
                && letters.chars().any(|c| toned.contains(c))
                && rest[letters.len()..].starts_with(')')
            {
                groups.push(letters);
            }
        }
        groups
    }

    /// Parenthesised groups with no parenthesis inside, as a sorted list.
    fn flat_groups(text: &str) -> Vec<String> {
        let mut groups = Vec::new();
        for (start, _) in text.match_indices('(') {
            let rest = &text[start + 1..];
            if let Some(end) = rest.find([')', '(', '\n'])
                && rest[end..].starts_with(')')
            {
                groups.push(rest[..end].to_owned());
            }
        }
        groups.sort();
        groups
    }

    #[test]
    fn seed_counts() {
        let expected = [
            // (artefacts removed, of which lost chars, `(syllable)` removed)
            (0, 0, 0),
            (239, 2, 237),
            (665, 1, 664),
            (0, 0, 0),
            (0, 0, 0),
        ];
        for (seed, (artefacts, lost, parenthesised)) in SEEDS.iter().zip(expected) {
            let cleaned = clean(seed);
            assert_eq!(cleaned.artefacts_removed, artefacts);
            assert_eq!(cleaned.lost_chars.len(), lost);
            assert_eq!(
                crude_pinyin_groups(seed).len(),
                parenthesised,
                "the crude count of the Original agrees"
            );
            let reference = reference_artefacts(seed);
            assert_eq!(reference.len(), artefacts, "the slow reference agrees");
            assert_eq!(reference.iter().filter(|(_, lost)| *lost).count(), lost);
        }
    }

    #[test]
    fn seeds_keep_no_pinyin_and_every_other_parenthesis() {
        for seed in SEEDS {
            let cleaned = clean(seed);
            assert!(reference_artefacts(&cleaned.text).is_empty());
            assert_eq!(crude_pinyin_groups(&cleaned.text), Vec::<String>::new());
            // Every `(` and `)` outside artefacts is still there.
            let artefacts = reference_artefacts(seed);
            for paren in ['(', ')'] {
                let in_artefacts = artefacts
                    .iter()
                    .filter(|(_, lost)| paren == ')' || !lost)
                    .count();
                assert_eq!(
                    cleaned.text.matches(paren).count(),
                    seed.matches(paren).count() - in_artefacts,
                    "{paren}"
                );
            }
            // Each non-pinyin group of the Original is in the Clean text; a Clean group that was
            // not in the Original had pinyin inside it (`(如有圖片或視(shì)頻…)`).
            let mut original_groups = flat_groups(seed);
            original_groups.retain(|group| !pinyin::is_toned_syllable(group));
            let mut clean_groups = flat_groups(&cleaned.text);
            for group in &original_groups {
                let at = clean_groups.iter().position(|g| g == group);
                assert!(at.is_some(), "({group}) kept");
                if let Some(at) = at {
                    clean_groups.remove(at);
                }
            }
            for group in clean_groups {
                assert!(reference_artefacts(&group).is_empty());
                let view_start = cleaned
                    .text
                    .find(&format!("({group})"))
                    .map_or(0, |byte| cleaned.text[..byte].chars().count());
                let view = view_start..view_start + group.chars().count() + 2;
                let original = cleaned.map.original_range_from_view(view.clone());
                assert!(
                    artefacts
                        .iter()
                        .any(|(a, _)| original.start <= a.start && a.end <= original.end),
                    "({group}) at {view:?} ← {original:?} had pinyin inside"
                );
            }
        }
        assert_eq!(
            flat_groups(&clean(SEEDS[0]).text),
            flat_groups(SEEDS[0]),
            "seed 000 has no pinyin"
        );
    }

    #[test]
    fn map_round_trips_around_each_artefact() {
        for seed in [SEEDS[1], SEEDS[2]] {
            let cleaned = clean(seed);
            let original: Vec<char> = seed.chars().collect();
            let view: Vec<char> = cleaned.text.chars().collect();
            let map = &cleaned.map;
            let mut lost_chars = cleaned.lost_chars.iter();
            for (artefact, lost) in reference_artefacts(seed) {
                let view_at = map.view_from_original(artefact.start, Bias::Before);
                if lost {
                    assert_eq!(lost_chars.next(), Some(&view_at));
                    assert_eq!(view[view_at], LOST_CHAR);
                    assert_eq!(map.original_range_from_view(view_at..view_at + 1), artefact);
                    assert_eq!(
                        map.view_range_from_original(artefact.clone()),
                        view_at..view_at + 1
                    );
                    assert_eq!(original[artefact.start], '?');
                } else {
                    // The annotated Han char alone, and with the char after the annotation.
                    let han = artefact.start - 1;
                    assert_eq!(
                        map.original_range_from_view(view_at - 1..view_at),
                        han..han + 1
                    );
                    assert_eq!(view[view_at - 1], original[han]);
                    assert_eq!(
                        map.view_range_from_original(artefact.clone()),
                        view_at..view_at
                    );
                    if view_at < view.len() && !cleaned.lost_chars.contains(&view_at) {
                        assert_eq!(
                            map.original_range_from_view(view_at..view_at + 1),
                            artefact.end..artefact.end + 1
                        );
                        assert_eq!(view[view_at], original[artefact.end]);
                        assert_eq!(
                            map.original_range_from_view(view_at - 1..view_at + 1),
                            han..artefact.end + 1,
                            "a selection across the annotation covers it"
                        );
                    }
                }
            }
            assert_eq!(lost_chars.next(), None);
        }
    }

    /// The Original lines marked as boilerplate in `original`.
    fn boilerplate_lines(original: &str) -> Vec<String> {
        let chars: Vec<char> = original.chars().collect();
        let cleaned = clean(original);
        assert!(
            cleaned
                .boilerplate
                .windows(2)
                .all(|w| w[0].end < w[1].start),
            "sorted"
        );
        cleaned
            .boilerplate
            .iter()
            .map(|range| {
                let line: String = chars[range.clone()].iter().collect();
                // Whole lines: from a line start to a line end.
                assert!(range.start == 0 || chars[range.start - 1] == '\n', "{line}");
                assert!(
                    range.end == chars.len() || matches!(chars[range.end], '\n' | '\r'),
                    "{line}"
                );
                line
            })
            .collect()
    }

    const SHARE_BAR: [&str; 7] = [
        "微信",
        "新浪微博",
        "QQ空间",
        "QQ好友",
        "豆瓣",
        "Facebook",
        "Twitter",
    ];

    #[test]
    fn seed_000_marks_related_headers_and_share_bar_not_related_articles() {
        let mut expected = vec!["相关稿件:"; 3];
        expected.extend(SHARE_BAR);
        assert_eq!(boilerplate_lines(SEEDS[0]), expected);
    }

    #[test]
    fn seed_001_marks_author_credit_and_captcha() {
        assert_eq!(
            boilerplate_lines(SEEDS[1]),
            ["(作者:黃克奇 鄭陳浩)", "請(qǐng)輸入驗(yàn)證碼"]
        );
    }

    #[test]
    fn seed_002_marks_credits_and_notices() {
        let lines = boilerplate_lines(SEEDS[2]);
        let cleaned: Vec<String> = lines.iter().map(|line| clean(line).text).collect();
        assert_eq!(
            cleaned[..6],
            [
                "記者 | 胡禹",
                "編輯 | 羅玉蓉",
                "責編 | 曹禮芹",
                "審核 | 夏渝喜",
                "如需轉載請注明出處",
                "如有涉及版權、新聞線索等事宜請聯系028—27222000",
            ]
        );
        assert_eq!(
            lines[2], "責(zé)編 | 曹禮芹",
            "Original text, pinyin included"
        );
        assert!(cleaned[6].starts_with("特別聲明:以上內容(如有圖片或視頻亦包括在內)"));
        assert!(cleaned[7].starts_with("Notice: The content above"));
        assert_eq!(lines.len(), 8);
    }

    #[test]
    fn seed_003_marks_share_bar() {
        assert_eq!(boilerplate_lines(SEEDS[3]), SHARE_BAR);
    }

    #[test]
    fn seed_004_marks_breadcrumb_widgets_and_related_list() {
        assert_eq!(
            boilerplate_lines(SEEDS[4]),
            [
                "当前位置:首页\u{a0}>\u{a0}政务联播\u{a0}>\u{a0}各区动态\u{a0}>\u{a0}白云区",
                "  • 听全文",
                "  • 分享到",
                "  • -",
                "相关附件",
                "相关新闻",
                "扫一扫在手机打开当前页",
                "-",
                "关注 · 广州政府网",
            ]
        );
        // The title is the first non-empty line that is not boilerplate.
        let title = SEEDS[4]
            .lines()
            .find(|line| !line.trim().is_empty() && !is_boilerplate_line(line));
        assert_eq!(
            title,
            Some("白云区党政代表团赴贵州省黔南州开展东西部协作调研对接")
        );
    }

    #[test]
    fn metadata_lines_and_prose_are_not_boilerplate() {
        for line in [
            "  • 2023-12-21",
            "  • 来源:白云时事",
            "相关链接",
            "东平路智慧示范路建设项目:",
            "何黨生強調",
            "簡陽市農業農村局主要負責同志:",
            "圖據余姚發布",
            "编辑部：地址在广州市。",
            "编辑:要把握好导向。",
            "微信",
            "会议以电视电话会议形式开至各区、各镇(街)。",
            "当前位置很重要",
            "分享到朋友圈的照片",
            "分享会在周五举行",
            "扫一扫二维码即可报名参加。",
        ] {
            assert!(!is_boilerplate_line(line), "{line}");
        }
        for line in [
            "• 听全文 •",
            "责任编辑:张三",
            "编辑：李四 审核：王五",
            "【相关阅读】",
            "微信 新浪微博 QQ空间 QQ好友 豆瓣 Facebook Twitter",
            "分享到：微信 微博",
            "请输入验证码",
            "您的位置：首页 > 新闻",
        ] {
            assert!(is_boilerplate_line(line), "{line}");
        }
    }

    #[test]
    fn lone_share_target_in_prose_is_not_marked() {
        let text = "他打开\n微信\n看到了消息。\n微信\n新浪微博";
        assert_eq!(boilerplate_lines(text), ["微信", "新浪微博"]);
    }

    #[test]
    fn related_list_ends_at_prose() {
        let text = "相关新闻：\n\n白云区召开会议\n某某项目启动\n会议强调，要加快推进。\n短句";
        assert_eq!(
            boilerplate_lines(text),
            ["相关新闻：", "白云区召开会议", "某某项目启动"]
        );
    }

    #[test]
    fn crlf_stays_out_of_line_ranges() {
        let text = "当前位置:首页 > 新闻\r\n標題(tí)\r\n请输入验证码\r\n";
        let cleaned = clean(text);
        assert_eq!(
            cleaned.text,
            "当前位置:首页 > 新闻\r\n標題\r\n请输入验证码\r\n"
        );
        // 当前位置:首页 > 新闻 is 0..12, then \r\n; 標題(tí) is 14..20, then \r\n.
        assert_eq!(cleaned.boilerplate, [0..12, 22..28]);
        assert_eq!(
            boilerplate_lines(text),
            ["当前位置:首页 > 新闻", "请输入验证码"]
        );
        // A lone `\r` (not before `\n`) stays in its line; the range still ends at the line end.
        assert_eq!(clean("请输入验证码\r").boilerplate, vec![0..7_usize]);
    }

    #[test]
    fn empty_input() {
        let cleaned = clean("");
        assert_eq!(cleaned.text, "");
        assert!(cleaned.map.is_identity());
        assert_eq!(cleaned.map.original_len(), 0);
        assert!(cleaned.boilerplate.is_empty() && cleaned.lost_chars.is_empty());
        assert!(clean("\n\n").boilerplate.is_empty());
    }

    #[test]
    fn only_boilerplate() {
        let text = "当前位置：首页 > 新闻\n\n微信\n新浪微博\n责任编辑：张三\n";
        let cleaned = clean(text);
        assert_eq!(cleaned.text, text);
        assert!(cleaned.map.is_identity());
        assert_eq!(
            boilerplate_lines(text),
            [
                "当前位置：首页 > 新闻",
                "微信",
                "新浪微博",
                "责任编辑：张三"
            ]
        );
    }

    #[test]
    fn text_without_artefacts_has_identity_map() {
        for seed in [SEEDS[0], SEEDS[3], SEEDS[4]] {
            let cleaned = clean(seed);
            assert_eq!(cleaned.text, seed);
            assert!(cleaned.map.is_identity());
        }
    }

    proptest! {
        #[test]
        fn clean_of_random_text_is_consistent(
            chars in prop::collection::vec(
                prop::sample::select(vec![
                    '調', '研', '(', ')', '?', 'd', 'i', 'à', 'o', 'a', ' ', '\n', '\r', '微', '信',
                ]),
                0..60,
            )
        ) {
            let original: String = chars.iter().collect();
            let cleaned = clean(&original);
            let view: Vec<char> = cleaned.text.chars().collect();
            prop_assert_eq!(cleaned.map.view_len(), view.len());
            prop_assert_eq!(cleaned.map.original_len(), chars.len());
            prop_assert!(cleaned.artefacts_removed >= cleaned.lost_chars.len());
            for (view_char, &c) in view.iter().enumerate() {
                let range = cleaned.map.original_range_from_view(view_char..view_char + 1);
                if c == LOST_CHAR {
                    prop_assert!(cleaned.lost_chars.contains(&view_char));
                    prop_assert_eq!(chars[range.start], '?');
                    prop_assert_eq!(chars[range.end - 1], ')');
                } else {
                    prop_assert_eq!(range.len(), 1);
                    prop_assert_eq!(chars[range.start], c);
                }
            }
            for range in &cleaned.boilerplate {
                prop_assert!(range.end <= chars.len());
                prop_assert!(!chars[range.clone()].contains(&'\n'));
            }
        }
    }
}
