//! The toolbar's strings (`ui/toolbar.rs`) and the language menu's.

use super::texts;

texts! {
    /// The toolbar's strings.
    pub enum Toolbar {
        Articles => ["≡ 文章", "≡ 文章", "≡ Articles"],
        ArticlesHint => [
            "显示或隐藏文章列表（J/K 切换文章）",
            "顯示或隱藏文章列表（J/K 切換文章）",
            "Show or hide the article list (J/K move between articles)"
        ],
        Open => ["打开…", "打開…", "Open…"],
        OpenHint => ["打开文件夹（Ctrl+O）", "打開資料夾（Ctrl+O）", "Open a folder (Ctrl+O)"],
        Recent => ["最近", "最近", "Recent"],
        NoRecent => ["没有最近打开的文件夹。", "沒有最近打開的資料夾。", "No recent folders."],
        Export => ["导出…", "匯出…", "Export…"],
        ExportHint => [
            "导出标注给 doccano、brat、Label Studio、CoNLL、电子表格…（Ctrl+E）",
            "匯出標註給 doccano、brat、Label Studio、CoNLL、試算表…（Ctrl+E）",
            "Export annotations for doccano, brat, Label Studio, CoNLL, spreadsheets… (Ctrl+E)"
        ],
        Import => ["导入…", "匯入…", "Import…"],
        ImportHint => [
            "从 doccano、brat 或 Label Studio 导入标注",
            "從 doccano、brat 或 Label Studio 匯入標註",
            "Import annotations from doccano, brat or Label Studio"
        ],
        ViewOriginalHint => [
            "原文：文件解码后的原样",
            "原文：檔案解碼後的原樣",
            "Original: the file exactly as decoded"
        ],
        ViewCleanHint => [
            "净文：去掉网页拼音，模板行变淡",
            "淨文：去掉網頁拼音，模板行變淡",
            "Clean: crawl pinyin removed, boilerplate dimmed"
        ],
        ViewSimplifiedHint => [
            "简体（净文经 OpenCC {config} 转换）",
            "簡體（淨文經 OpenCC {config} 轉換）",
            "Simplified (OpenCC {config} of the Clean view)"
        ],
        ViewTraditionalHint => [
            "繁体：{variant}（净文经 OpenCC {config} 转换）",
            "繁體：{variant}（淨文經 OpenCC {config} 轉換）",
            "Traditional: {variant} (OpenCC {config} of the Clean view)"
        ],
        CycleViewsHint => ["T 键切换视图", "T 鍵切換檢視", "T cycles views"],
        Search => ["搜索", "搜尋", "Search"],
        SearchHint => [
            "搜索每篇文章的全文：语境索引（Ctrl+Shift+F）。Ctrl+F 在本文中查找。",
            "搜尋每篇文章的全文：語境索引（Ctrl+Shift+F）。Ctrl+F 在本文中尋找。",
            "Search the full text of every article: a concordance (Ctrl+Shift+F). Ctrl+F finds in this article."
        ],
        ShowBoilerplate => ["显示模板行", "顯示模板行", "Show boilerplate"],
        HideBoilerplate => ["隐藏模板行", "隱藏模板行", "Hide boilerplate"],
        BoilerplateHint => [
            "模板行（分享按钮、导航、署名）变淡或隐藏",
            "模板行（分享按鈕、導覽、署名）變淡或隱藏",
            "Boilerplate lines (share buttons, breadcrumbs, credits) are dimmed or hidden"
        ],
        Pinyin => ["拼音", "拼音", "Pinyin"],
        PinyinHint => ["在汉字上方显示拼音（P）", "在漢字上方顯示拼音（P）", "Pinyin above the characters (P)"],
        PinyinSourceHint => ["拼音从哪里来", "拼音從哪裡來", "Where the pinyin comes from"],
        PinyinSource => ["净文、简、繁的拼音：", "淨文、簡、繁的拼音：", "Pinyin in Clean, 简 and 繁:"],
        PinyinDictionary => ["只用词典的", "只用詞典的", "The dictionary's only"],
        PinyinLostChars => [
            "词典的，缺字用原网页的",
            "詞典的，缺字用原網頁的",
            "The dictionary's; the crawl's over lost characters"
        ],
        PinyinCrawl => ["凡原网页有的都用原网页的", "凡原網頁有的都用原網頁的", "The crawl's wherever it wrote one"],
        Help => ["?", "?", "?"],
        HelpHint => ["键盘帮助（F1 或 ?）", "鍵盤說明（F1 或 ?）", "Keyboard help (F1 or ?)"],
        Details => ["详情", "詳情", "Details"],
        DetailsHint => ["显示或隐藏侧栏", "顯示或隱藏側欄", "Show or hide the side panel"],
        More => ["更多 ▼", "更多 ▼", "More ▼"],
        About => ["关于", "關於", "About"],
        AboutHint => ["版本与许可", "版本與授權", "Version and licences"],
        Dark => ["暗色", "暗色", "Dark"],
        Light => ["亮色", "亮色", "Light"],
        ThemeHint => ["亮色或暗色主题", "亮色或暗色主題", "Light or dark theme"],
        Larger => ["A+", "A+", "A+"],
        LargerHint => ["放大文字（Ctrl+=）", "放大文字（Ctrl+=）", "Larger text (Ctrl+=)"],
        Smaller => ["A-", "A-", "A-"],
        SmallerHint => ["缩小文字（Ctrl+-）", "縮小文字（Ctrl+-）", "Smaller text (Ctrl+-)"],
        LargerItem => ["A+ 放大文字", "A+ 放大文字", "A+ Larger text"],
        SmallerItem => ["A- 缩小文字", "A- 縮小文字", "A- Smaller text"],
        Language => ["文A", "文A", "文A"],
        LanguageHint => [
            "界面语言（默认跟随系统）",
            "介面語言（預設跟隨系統）",
            "The window's language (by default the system's)"
        ],
        LanguageSystem => ["跟随系统（{language}）", "跟隨系統（{language}）", "As the system ({language})"]
    }
}
