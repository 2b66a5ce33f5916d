//! Boilerplate lines of the Clean view (净文): share buttons, breadcrumbs, captcha prompts,
//! widget and credit lines, copyright notices, and the related-article sections a page appends
//! after its article.
//!
//! Lines are only *marked*, as whole lines, never deleted: a false positive would hide article
//! text, so the rules are narrow and a line of prose is never marked boilerplate. Two marks:
//! - **boilerplate**: page chrome (`classify` judges one line alone; the `BoilerplateTracker`
//!   adds the context a line lacks: a lone `微信` is chrome only next to other share lines).
//! - **appended**: the related articles a page appends after its article (`相关稿件:` followed
//!   by whole articles in seed 000, `相关新闻` followed by titles). A related-article header
//!   (`相关稿件` `相关阅读` `延伸阅读` `推荐阅读` `相关新闻` `往期回顾` `更多阅读` …, in either
//!   script) that comes *after the article's body has begun* (a line of prose with a sentence end
//!   `。！？!?` before it) starts an appended section that runs to the end of the text: every line
//!   in it that is not chrome on its own is appended; the headers themselves are chrome
//!   (boilerplate). `相关链接` starts a section too, but inside one it is the heading of an
//!   appended article's own link box (seed 000), so there it is appended text, not chrome.
//!   A header before the body (a sidebar list at the top of a page) marks only the short
//!   title-like lines right after it, as boilerplate, until a line of prose.
//!
//! The reader dims both kinds and hides both with 隐藏模板行; the article list leaves both out of
//! the character count and the title guess ([`crate::corpus::meta`]).
//!
//! Offsets: lines come in as Clean-view text with their Original char range (line terminator
//! excluded); the marked ranges go out as Original chars, sorted. [`super::clean`] feeds the
//! tracker while it cleans each line (before punctuation is restored, so the marks do not depend
//! on that setting).

use std::ops::Range;

/// True if `line` (one line of the Clean view, without its terminator) is page chrome on its own:
/// a breadcrumb (`当前位置:首页 > …`), a share bar with two or more targets or `分享到`, a captcha
/// prompt, a widget line (`• 听全文 •`), an editor or author credit (`责任编辑:…`), a
/// related-article header (`相关稿件:`), a separator (`-`), a follow or QR prompt, or a copyright
/// or platform notice.
///
/// [`clean`](super::clean::clean) marks more than this from context: a lone share target (`微信`)
/// only next to other share lines, and the lines after a related-article header (as appended
/// text or as a list). Lines still holding inline pinyin (`責(zé)編 | 曹禮芹`) should be cleaned
/// first.
pub fn is_boilerplate_line(line: &str) -> bool {
    matches!(
        classify(line.trim()),
        LineKind::ShareBar | LineKind::RelatedHeader | LineKind::Chrome
    )
}

/// What a (trimmed, cleaned) line is, for boilerplate marking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum LineKind {
    /// Article text, or anything not known to be chrome.
    Prose,
    /// A single share target (`微信`): chrome only next to other share lines.
    LoneShareTarget,
    /// Several share targets on one line, or `分享到`.
    ShareBar,
    /// The header of an appended related-article list (`相关稿件:`).
    RelatedHeader,
    /// `相关链接`: starts an appended section after the body; inside one, appended text.
    LinksHeader,
    /// Any other chrome line that is recognisable on its own.
    Chrome,
}

/// How a line is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Boilerplate,
    Appended,
}

/// Marks boilerplate and appended lines one by one, with the context a single line lacks.
#[derive(Default)]
pub(super) struct BoilerplateTracker {
    boilerplate: Vec<Range<usize>>,
    appended: Vec<Range<usize>>,
    /// A lone share target waiting for a second share line to confirm it is part of a share bar.
    pending_share: Option<Range<usize>>,
    /// The previous non-blank line was a confirmed share line.
    in_share_bar: bool,
    /// After a related-article header, until a line of prose.
    in_related_list: bool,
    /// A line of prose with a sentence end was seen: the article's body has begun.
    body_started: bool,
    /// In an appended related-article section (to the end of the text).
    in_appended: bool,
}

impl BoilerplateTracker {
    /// Takes the next line: its Clean text (no terminator) and its Original char range.
    pub(super) fn line(&mut self, line: &str, original: Range<usize>) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            // Blank lines are not marked and do not break a block.
            return;
        }
        let kind = classify(trimmed);
        if kind == LineKind::LoneShareTarget {
            if self.in_share_bar || self.in_related_list {
                self.mark(original, Mark::Boilerplate);
            } else if let Some(pending) = self.pending_share.take() {
                self.mark(pending, Mark::Boilerplate);
                self.mark(original, Mark::Boilerplate);
                self.in_share_bar = true;
            } else {
                self.pending_share = Some(original);
            }
            return;
        }
        // A lone share target before a share bar belongs to it; before anything else it is text.
        let pending = self.pending_share.take();
        if let Some(pending) = pending.clone()
            && kind != LineKind::ShareBar
            && self.in_appended
        {
            self.mark(pending, Mark::Appended);
        }
        self.in_share_bar = kind == LineKind::ShareBar;
        match kind {
            LineKind::ShareBar => {
                if let Some(pending) = pending {
                    self.mark(pending, Mark::Boilerplate);
                }
                self.mark(original, Mark::Boilerplate);
            }
            LineKind::RelatedHeader => {
                self.in_related_list = true;
                self.in_appended |= self.body_started;
                self.mark(original, Mark::Boilerplate);
            }
            LineKind::LinksHeader if self.in_appended => {
                self.in_related_list = false;
                self.mark(original, Mark::Appended);
            }
            LineKind::LinksHeader if self.body_started => {
                self.in_related_list = true;
                self.in_appended = true;
                self.mark(original, Mark::Boilerplate);
            }
            LineKind::Chrome => self.mark(original, Mark::Boilerplate),
            LineKind::Prose if self.in_appended => {
                self.in_related_list &= is_list_item(trimmed);
                self.mark(original, Mark::Appended);
            }
            LineKind::Prose if self.in_related_list && is_list_item(trimmed) => {
                self.mark(original, Mark::Boilerplate);
            }
            LineKind::Prose | LineKind::LinksHeader | LineKind::LoneShareTarget => {
                self.in_related_list = false;
                // Checked until the body begins only: a search of every prose line was a
                // twentieth of the scan's time.
                if !self.body_started {
                    self.body_started = trimmed.contains(SENTENCE_ENDS);
                }
            }
        }
    }

    fn mark(&mut self, line: Range<usize>, mark: Mark) {
        match mark {
            Mark::Boilerplate => self.boilerplate.push(line),
            Mark::Appended => self.appended.push(line),
        }
    }

    /// The marked lines, as sorted Original char ranges: (boilerplate, appended), disjoint.
    pub(super) fn finish(mut self) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
        if let Some(pending) = self.pending_share.take()
            && self.in_appended
        {
            self.appended.push(pending);
        }
        (self.boilerplate, self.appended)
    }
}

/// Ends of sentences: a line with one is prose, and the article's body has begun.
const SENTENCE_ENDS: &[char] = &['。', '！', '？', '!', '?'];

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

/// Headers of appended related-article sections and lists, simplified and traditional.
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
    "相关推荐",
    "相關推薦",
    "延伸阅读",
    "延伸閱讀",
    "推荐阅读",
    "推薦閱讀",
    "更多阅读",
    "更多閱讀",
    "往期回顾",
    "往期回顧",
    "往期推荐",
    "往期推薦",
    "猜你喜欢",
    "猜你喜歡",
];

/// `相关链接` and its spellings: a section header after the body, an article's own heading
/// inside an appended section (see the module docs).
const LINKS_HEADERS: &[&str] = &["相关链接", "相關鏈接", "相關連結"];

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
pub(super) fn classify(line: &str) -> LineKind {
    if line.is_empty() {
        return LineKind::Prose;
    }
    if let Some(kind) = share_kind(line) {
        return kind;
    }
    match header(line) {
        Some(header) if RELATED_HEADERS.contains(&header) => return LineKind::RelatedHeader,
        Some(header) if LINKS_HEADERS.contains(&header) => return LineKind::LinksHeader,
        _ => {}
    }
    if is_breadcrumb(line)
        || is_widget(line)
        || is_credit(line)
        || is_captcha(line)
        || is_qr_prompt(line)
        || is_follow_prompt(line)
        || is_separator(line)
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

/// The words of a short header line without its brackets and colon (`【相关阅读】`,
/// `相关稿件:` → `相关阅读`, `相关稿件`).
fn header(line: &str) -> Option<&str> {
    if !at_most_chars(line, 12) {
        return None;
    }
    Some(
        line.trim_start_matches('【')
            .trim_end_matches(|c: char| matches!(c, ':' | '：' | '】') || c.is_whitespace()),
    )
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

/// `关注 · 广州政府网`, `关注：XX发布` and the like: a follow button under a page.
fn is_follow_prompt(line: &str) -> bool {
    let Some(rest) = line
        .strip_prefix("关注")
        .or_else(|| line.strip_prefix("關注"))
    else {
        return false;
    };
    at_most_chars(line, 30)
        && !line.contains(SENTENCE_PUNCTUATION)
        && rest
            .trim_start()
            .starts_with(['·', '•', ':', '：', '|', '｜'])
}

/// A line of dashes, bullets or rules only (`-`, `——`, `•`, `****`): layout, not text.
fn is_separator(line: &str) -> bool {
    at_most_chars(line, SHORT_LINE_CHARS)
        && line.chars().all(|c| {
            c.is_whitespace()
                || BULLETS.contains(&c)
                || matches!(c, '-' | '—' | '–' | '_' | '=' | '*' | '~' | '─' | '━')
        })
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
    use crate::text::clean::clean;

    const SEEDS: [&str; 5] = [
        include_str!("../../seeds/000_aee7d7dda944679f.txt"),
        include_str!("../../seeds/001_ebed7b38f3e0333c.txt"),
        include_str!("../../seeds/002_6e5af457e60a8f77.txt"),
        include_str!("../../seeds/003_6d7fffe9468177c8.txt"),
        include_str!("../../seeds/004_17a6dfa9780f989e.txt"),
    ];

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

    /// The 1-based line numbers of `ranges` (whole lines of `original`, Original chars).
    fn line_numbers(original: &str, ranges: &[Range<usize>]) -> Vec<usize> {
        let mut starts = vec![0];
        starts.extend(
            original
                .chars()
                .enumerate()
                .filter(|&(_, c)| c == '\n')
                .map(|(i, _)| i + 1),
        );
        ranges
            .iter()
            .map(|range| {
                let line = starts.partition_point(|&s| s <= range.start);
                let end = starts
                    .get(line)
                    .map_or(original.chars().count(), |&s| s - 1);
                let content_end = if original.chars().nth(end.wrapping_sub(1)) == Some('\r') {
                    end - 1
                } else {
                    end
                };
                assert_eq!(range.start, starts[line - 1], "a whole line");
                assert_eq!(range.end, content_end, "a whole line");
                line
            })
            .collect()
    }

    /// Seed 000 ends with two related articles under `相关稿件:` (lines 8–18, with their own
    /// `相关链接` box, and lines 20–26), then a third header and the share bar: 18 appended
    /// lines, none of the article's own six.
    #[test]
    fn seed_000_marks_its_18_appended_lines() {
        let cleaned = clean(SEEDS[0]);
        let appended = line_numbers(SEEDS[0], &cleaned.appended);
        let expected: Vec<usize> = (8..=18).chain(20..=26).collect();
        assert_eq!(appended, expected);
        assert_eq!(appended.len(), 18);
        assert_eq!(
            line_numbers(SEEDS[0], &cleaned.boilerplate),
            [7, 19, 27, 28, 29, 30, 31, 32, 33, 34]
        );
        // The same with the punctuation left as the crawl has it: marks do not depend on it.
        let raw = super::super::clean::clean_with(
            SEEDS[0],
            &super::super::clean::CleanOptions {
                full_width_punctuation: false,
            },
        );
        assert_eq!(raw.appended, cleaned.appended);
    }

    #[test]
    fn no_other_seed_has_appended_lines() {
        for seed in &SEEDS[1..] {
            assert!(
                clean(seed).appended.is_empty(),
                "{}",
                &seed[..seed.floor_char_boundary(60)]
            );
        }
    }

    /// Appended marks as the lines they cover.
    fn appended_lines(original: &str) -> Vec<String> {
        let chars: Vec<char> = original.chars().collect();
        clean(original)
            .appended
            .iter()
            .map(|r| chars[r.clone()].iter().collect())
            .collect()
    }

    #[test]
    fn related_headers_after_the_body_start_an_appended_section_to_the_end() {
        for header in [
            "相关阅读",
            "【延伸阅读】",
            "推荐阅读：",
            "延伸閱讀:",
            "相關閱讀",
            "往期回顾",
        ] {
            let text = format!(
                "标题\n正文第一段。\n{header}\n另一篇文章的标题\n另一篇文章的正文，很长。\n\n又一篇\n"
            );
            assert_eq!(
                appended_lines(&text),
                ["另一篇文章的标题", "另一篇文章的正文，很长。", "又一篇"],
                "{header}"
            );
            let cleaned = clean(&text);
            assert_eq!(boilerplate_lines(&text), [header], "{header}");
            assert!(
                cleaned
                    .appended
                    .iter()
                    .all(|a| !cleaned.boilerplate.contains(a))
            );
        }
        // Chrome inside the section stays chrome (a lone share target in a list of titles too);
        // a lone share target after prose is text of the appended article.
        let text = "正文。\n相关稿件:\n一篇\n责任编辑:张三\n微信\n";
        assert_eq!(appended_lines(text), ["一篇"]);
        assert_eq!(
            boilerplate_lines(text),
            ["相关稿件:", "责任编辑:张三", "微信"]
        );
        let text = "正文。\n相关稿件:\n一篇文章的正文，讲了很多事情。\n微信\n";
        assert_eq!(
            appended_lines(text),
            ["一篇文章的正文，讲了很多事情。", "微信"]
        );
    }

    #[test]
    fn a_related_list_before_the_body_is_not_appended() {
        // A sidebar list at the top of a page: its short lines are boilerplate, and the
        // article after it is text.
        let text =
            "相关新闻\n某地召开会议\n某地开展活动\n本报讯，会议今天召开，强调了要点。\n第二段。\n";
        assert_eq!(appended_lines(text), Vec::<String>::new());
        assert_eq!(
            boilerplate_lines(text),
            ["相关新闻", "某地召开会议", "某地开展活动"]
        );
        // Words of a header inside a line of prose are prose.
        let text = "正文。\n请看相关阅读材料，了解更多。\n";
        assert_eq!(appended_lines(text), Vec::<String>::new());
        assert_eq!(boilerplate_lines(text), Vec::<String>::new());
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
        // The Clean view restores the full-width punctuation of the Chinese notice.
        assert!(cleaned[6].starts_with("特別聲明：以上內容（如有圖片或視頻亦包括在內）"));
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
            "当前位置：首页 > 新闻\r\n標題\r\n请输入验证码\r\n"
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
}
