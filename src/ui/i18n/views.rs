//! The views' names (原文, 净文, 简, 繁) and the script menu's strings (`ui/script_menu.rs`,
//! the guesses' tooltip and popup in `ui/reader/ambiguity.rs`). The window asks here instead of
//! the core's `ViewKind::label()`, `TraditionalVariant::label()` and `SimplifiedSource::label()`,
//! which stay as the CLI and the exports name them.

use super::{texts, tr};
use crate::text::{SimplifiedSource, TraditionalVariant, ViewKind};

texts! {
    /// The views' names and the script menu's strings.
    pub enum Views {
        // The short signs of the toolbar's segmented control: Chinese in every language (the
        // bar is tight), the English name is in the tooltip.
        OriginalSign => ["原文", "原文", "原文"],
        CleanSign => ["净文", "淨文", "净文"],
        SimplifiedSign => ["简", "簡", "简"],
        TraditionalSign => ["繁", "繁", "繁"],
        // The names where there is room (panels, tooltips, the help).
        Original => ["原文", "原文", "Original"],
        Clean => ["净文", "淨文", "Clean"],
        Simplified => ["简体", "簡體", "Simplified"],
        Traditional => ["繁体", "繁體", "Traditional"],
        VariantOpencc => ["繁体（OpenCC）", "繁體（OpenCC）", "Traditional (OpenCC)"],
        VariantTaiwan => ["台湾正体", "臺灣正體", "Taiwan standard"],
        VariantTaiwanPhrases => ["台湾正体＋用语", "臺灣正體＋用語", "Taiwan standard + phrases"],
        VariantHongKong => ["香港繁体", "香港繁體", "Hong Kong"],
        SourceAuto => ["自动", "自動", "Automatic"],
        SourceTaiwan => ["台湾", "臺灣", "Taiwan"],
        SourceTaiwanPhrases => ["台湾＋用语", "臺灣＋用語", "Taiwan + phrases"],
        SourceHongKong => ["香港", "香港", "Hong Kong"],
        ScriptButton => ["字形 ▼", "字形 ▼", "Script ▼"],
        ScriptHint => [
            "字形：{summary}；猜测、用户词组",
            "字形：{summary}；猜測、使用者詞組",
            "Script: {summary}; guesses, user phrases"
        ],
        ScriptSummary => [
            "繁：{variant}（{variant_config}）· 简来自：{source}（{source_config}）",
            "繁：{variant}（{variant_config}）· 簡來自：{source}（{source_config}）",
            "Traditional: {variant} ({variant_config}) · Simplified from: {source} ({source_config})"
        ],
        VariantHeading => ["繁体字形", "繁體字形", "Traditional variant"],
        SourceHeading => ["简体来源", "簡體來源", "Simplified from"],
        MarkGuesses => ["标出猜测（U）", "標出猜測（U）", "Mark guesses (U)"],
        MarkGuessesHint => [
            "在简繁转换须从几个候选中猜测的字下画点线；点一下可改选",
            "在簡繁轉換須從幾個候選中猜測的字下畫點線；點一下可改選",
            "Dotted underline under the characters the 简/繁 conversion had to guess between several candidates; click one to choose another"
        ],
        UserPhrases => ["用户词组…", "使用者詞組…", "User phrases…"],
        UserPhrasesHint => ["输入你自己的词组", "輸入你自己的詞組", "Type a phrase of your own"],
        FullWidthPunctuation => [
            "净文用全角标点",
            "淨文用全形標點",
            "Full-width punctuation in Clean"
        ],
        FullWidthPunctuationHint => [
            "净文把汉字之间的 , : ; ! ? 和括号恢复为全角（，：；！？（））；数字、网址和拉丁文字不变",
            "淨文把漢字之間的 , : ; ! ? 和括號恢復為全形（，：；！？（））；數字、網址和拉丁文字不變",
            "Clean restores , : ; ! ? and parentheses between Chinese characters to their full-width forms (，：；！？（）); numbers, URLs and Latin text stay as they are"
        ],
        GuessTooltip => [
            "猜测：转换时在这几个字中选了一个",
            "猜測：轉換時在這幾個字中選了一個",
            "A guess: the conversion chose between"
        ],
        GuessShown => ["当前显示", "目前顯示", "shown"],
        GuessClickHint => [
            "点击可改选（会添加一个用户词组）。",
            "點一下可改選（會新增一個使用者詞組）。",
            "Click to choose another (adds a user phrase)."
        ],
        GuessChoose => ["{from} → {chosen}：选择", "{from} → {chosen}：選擇", "{from} → {chosen}: choose"],
        GuessShownNow => ["✓ 当前", "✓ 目前", "✓ shown now"],
        GuessNoPhrase => ["这里没有合适的词组", "這裡沒有合適的詞組", "no phrase fits here"]
    }
}

/// The short sign of view `kind` (the toolbar's segmented control).
pub fn view_sign(kind: ViewKind) -> &'static str {
    tr(match kind {
        ViewKind::Original => Views::OriginalSign,
        ViewKind::Clean => Views::CleanSign,
        ViewKind::Simplified => Views::SimplifiedSign,
        ViewKind::Traditional => Views::TraditionalSign,
    })
}

/// The name of view `kind` where there is room.
pub fn view_name(kind: ViewKind) -> &'static str {
    tr(match kind {
        ViewKind::Original => Views::Original,
        ViewKind::Clean => Views::Clean,
        ViewKind::Simplified => Views::Simplified,
        ViewKind::Traditional => Views::Traditional,
    })
}

/// The name of the 繁 view's variant.
pub fn variant_name(variant: TraditionalVariant) -> &'static str {
    tr(match variant {
        TraditionalVariant::Opencc => Views::VariantOpencc,
        TraditionalVariant::Taiwan => Views::VariantTaiwan,
        TraditionalVariant::TaiwanPhrases => Views::VariantTaiwanPhrases,
        TraditionalVariant::HongKong => Views::VariantHongKong,
    })
}

/// The name of the 简 view's source.
pub fn source_name(source: SimplifiedSource) -> &'static str {
    tr(match source {
        SimplifiedSource::Auto => Views::SourceAuto,
        SimplifiedSource::Taiwan => Views::SourceTaiwan,
        SimplifiedSource::TaiwanPhrases => Views::SourceTaiwanPhrases,
        SimplifiedSource::HongKong => Views::SourceHongKong,
    })
}
