//! The strings of the dictionary card (`ui/dict_card.rs`, `ui/app/dictionary.rs`), the user
//! phrases window (`ui/phrases_window.rs`) and the About box (`ui/about.rs`). Proper names
//! (CC-CEDICT, OpenCC, Noto Sans CJK, Unihan) and licence names stay as they are.

use super::texts;

texts! {
    /// The dictionary card.
    pub enum DictText {
        Loading => ["词典加载中…", "詞典載入中…", "Loading the dictionary…"],
        NotFound => ["不在 CC-CEDICT 中", "不在 CC-CEDICT 中", "Not in CC-CEDICT"],
        StartsWith => ["以此开头的词", "以此開頭的詞", "Starts with"],
        Longer => ["更长的词", "更長的詞", "Longer words"],
        Shorter => ["更短的词", "更短的詞", "Shorter words"],
        ProperNoun => ["专名", "專名", "proper noun"],
        CloseHint => ["关闭（Esc）", "關閉（Esc）", "Close (Esc)"],
        ShowWordHint => ["选中并查这个词", "選取並查這個詞", "Select and look up this word"],
        Heading => ["查词典", "查詞典", "Dictionary"],
        OtherSimplified => ["简", "簡", "Simplified"],
        OtherTraditional => ["繁", "繁", "Traditional"],
        SelectFirst => [
            "请先选中一个词（或双击它），再按 D。",
            "請先選取一個詞（或按兩下它），再按 D。",
            "Select a word first (or double-click one), then press D."
        ]
    }
}

texts! {
    /// The user phrases window.
    pub enum PhraseText {
        Title => ["用户词组", "使用者詞組", "User phrases"],
        Add => ["添加", "新增", "Add"],
        Remove => ["删除", "刪除", "Remove"],
        Edit => ["编辑", "編輯", "Edit"],
        Apply => ["确定", "確定", "OK"],
        FromHint => ["从：头发", "從：軟件", "From: 头发"],
        ToHint => ["为：頭髮", "為：軟體", "To: 頭髮"],
        EveryVariant => ["繁：所有变体", "繁：所有變體", "繁 every variant"],
        EverySource => ["简：所有来源", "簡：所有來源", "简 every source"],
        Only => ["仅 {config}", "僅 {config}", "only {config}"],
        PizhuConvert => ["{config}（pizhu convert）", "{config}（pizhu convert）", "{config} (pizhu convert)"],
        NotUsedReplaced => [
            "未使用：第 {row} 行的文字和范围相同",
            "未使用：第 {row} 列的文字和範圍相同",
            "not used: row {row} has the same text and scope"
        ],
        NotUsed => ["未使用：{why}", "未使用：{why}", "not used: {why}"],
        Intro => [
            "本文件夹对简繁转换的修正，先于 OpenCC 的词典使用。“从”是净文显示的文字；“为”是视图改为显示的文字。",
            "本資料夾對簡繁轉換的修正，先於 OpenCC 的詞典使用。「從」是淨文顯示的文字；「為」是檢視改為顯示的文字。",
            "This folder's fixes to the 简/繁 conversion, applied before OpenCC's dictionaries. From is the text as the Clean view shows it; To is exactly what the view shows instead."
        ],
        SavedIn => ["保存在 {file}", "儲存在 {file}", "Saved in {file}"],
        AddHint => [
            "添加这个词组（“从”和范围相同的会被替换）",
            "新增這個詞組（「從」和範圍相同的會被取代）",
            "Add this phrase (one with the same From and scope is replaced)"
        ],
        Empty => [
            "还没有用户词组。在上面添加一个，或在简、繁视图中按 U，再点带点状下划线的字选择其他候选。",
            "還沒有使用者詞組。在上方新增一個，或在簡、繁檢視中按 U，再點帶點狀底線的字選擇其他候選。",
            "No user phrases yet. Add one above, or press U in the 简 or 繁 view and click a character with a dotted underline to choose another candidate."
        ],
        Count => ["{n} 条词组", "{n} 筆詞組", "Phrases: {n}"],
        ScopeHint => ["这个词组用于哪些转换", "這個詞組用於哪些轉換", "Which conversions the phrase applies to"]
    }
}

texts! {
    /// The About box (credits and licence names stay as they are).
    pub enum AboutText {
        Title => ["关于批注", "關於批註", "About Pizhu"],
        Tagline => [
            "阅读并批注成文件夹的中文文章，每个视图的偏移都精确无误。",
            "閱讀並批註整個資料夾的中文文章，每個檢視的偏移都精確無誤。",
            "Read and annotate folders of Chinese articles, with exact offsets in every view."
        ],
        Fonts => ["{name}（字体）", "{name}（字型）", "{name} (fonts)"],
        OpenccDictionaries => ["{name} 词典（简↔繁）", "{name} 詞典（簡↔繁）", "{name} dictionaries (简↔繁)"],
        Dictionary => ["{name}（词典）", "{name}（詞典）", "{name} (dictionary)"],
        Readings => ["{name} 读音（拼音）", "{name} 讀音（拼音）", "{name} readings (pinyin)"],
        LicenceText => ["许可文本：{file}", "授權條款：{file}", "Licence text: {file}"],
        CedictRelease => ["CC-CEDICT 版本 {date}", "CC-CEDICT 版本 {date}", "CC-CEDICT release {date}"]
    }
}
