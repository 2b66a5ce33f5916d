//! The reading room's strings: the article list (`ui/article_list.rs`, its sort keys in
//! `ui/settings.rs`), the side panel (`ui/side_panel.rs`), the reader's header, empty state and
//! lost characters (`ui/reader/`), the drawers (`ui/responsive.rs`), and the keyboard help
//! (`ui/help.rs`, the groups of `ui/shortcuts.rs`).

use super::{texts, tr};
use crate::text::Script;

texts! {
    /// The reading room's strings.
    pub enum Reading {
        // The window's title.
        WindowTitle => ["批注 Pizhu", "批註 Pizhu", "Pizhu 批注"],
        // The article list.
        FilterHint => [
            "筛选标题、来源、文件名",
            "篩選標題、來源、檔名",
            "Filter titles, sources, file names"
        ],
        FilterTooltip => [
            "按标题、来源和文件名筛选列表（不分简繁和大小写）。要搜索文章正文，请用“搜索”（Ctrl+Shift+F）。",
            "按標題、來源和檔名篩選清單（不分簡繁和大小寫）。要搜尋文章內文，請用「搜尋」（Ctrl+Shift+F）。",
            "Filters the list by title, source and file name (简/繁 and case ignored). To search the articles' text, use Search (Ctrl+Shift+F)."
        ],
        ArticleCount => ["{n} 篇", "{n} 篇", "Articles: {n}"],
        ArticlesShown => ["{shown} / {total} 篇", "{shown} / {total} 篇", "Articles: {shown} / {total}"],
        Sort => ["排序", "排序", "Sort"],
        SortName => ["文件名", "檔名", "Name"],
        SortDate => ["日期", "日期", "Date"],
        SortTitle => ["标题", "標題", "Title"],
        NoMatch => [
            "没有标题、来源或文件名包含“{query}”。",
            "沒有標題、來源或檔名包含「{query}」。",
            "No title, source or file name contains “{query}”."
        ],
        SearchFullText => [
            "全文搜索“{query}”",
            "全文搜尋「{query}」",
            "Search the full text for “{query}”"
        ],
        SearchFullTextHint => [
            "用这个查询打开全文搜索（Ctrl+Shift+F）",
            "用這個查詢開啟全文搜尋（Ctrl+Shift+F）",
            "Opens the corpus search (Ctrl+Shift+F) with this query"
        ],
        Chars => ["{n} 字", "{n} 字", "{n} chars"],
        RowAnnotations => ["{n} 批注", "{n} 批註", "annotations: {n}"],
        // The side panel.
        Article => ["文章", "文章", "Article"],
        NoArticle => ["没有打开文章。", "沒有開啟文章。", "No article open."],
        Folder => ["文件夹", "資料夾", "Folder"],
        NoFolder => ["没有打开文件夹。", "沒有開啟資料夾。", "No folder open."],
        File => ["文件名", "檔名", "File"],
        Date => ["日期", "日期", "Date"],
        Source => ["来源", "來源", "Source"],
        Script => ["字形", "字形", "Script"],
        Encoding => ["编码", "編碼", "Encoding"],
        Size => ["大小", "大小", "Size"],
        PinyinRemoved => ["去掉的拼音", "去掉的拼音", "Pinyin removed"],
        LostChars => ["缺字", "缺字", "Lost chars"],
        ScriptSimplified => ["简体", "簡體", "Simplified"],
        ScriptTraditional => ["繁体", "繁體", "Traditional"],
        ScriptMixed => ["混合", "混合", "Mixed"],
        ScriptUnknown => ["未知", "未知", "Unknown"],
        // The script's one-character badge: a Chinese sign in every language, like the views'.
        BadgeSimplified => ["简", "簡", "简"],
        BadgeTraditional => ["繁", "繁", "繁"],
        BadgeMixed => ["混", "混", "混"],
        FolderCounts => [
            "{articles} 篇文章，跳过 {skipped} 个文件",
            "{articles} 篇文章，略過 {skipped} 個檔案",
            "Articles: {articles}; skipped: {skipped}"
        ],
        Skipped => ["跳过（{n}）", "略過（{n}）", "Skipped ({n})"],
        // The reader.
        HeaderRemoved => [
            "净文：去掉 {pinyin} 处拼音、{lost} 个缺字",
            "淨文：去掉 {pinyin} 處拼音、{lost} 個缺字",
            "Clean: {pinyin} pinyin removed, {lost} lost chars"
        ],
        HeaderBoilerplate => ["{n} 行模板", "{n} 行模板", "boilerplate lines: {n}"],
        CannotOpen => ["无法打开这篇文章：\n{error}", "無法開啟這篇文章：\n{error}", "Cannot open this article:\n{error}"],
        SelectArticle => [
            "选择左侧的文章开始阅读",
            "選擇左側的文章開始閱讀",
            "Select an article to start reading"
        ],
        LostChar => [
            "缺字：网页抓取时这个字坏掉了（原文第 {start}–{end} 字）。",
            "缺字：網頁擷取時這個字壞掉了（原文第 {start}–{end} 字）。",
            "Lost character: the crawl destroyed this character (Original chars {start}–{end})."
        ],
        CloseDrawer => ["关闭（Esc）", "關閉（Esc）", "Close (Esc)"],
        // The keyboard help.
        HelpTitle => ["键盘", "鍵盤", "Keyboard"],
        HelpClose => ["关闭（Esc）", "關閉（Esc）", "Close (Esc)"],
        Mouse => ["鼠标", "滑鼠", "Mouse"],
        GroupReading => ["阅读", "閱讀", "Reading"],
        GroupViews => ["视图", "檢視", "Views"],
        GroupAnnotating => ["批注", "批註", "Annotating"],
        GroupSearch => ["搜索", "搜尋", "Search"],
        GroupFiles => ["文件", "檔案", "Files"],
        MouseDrag => ["拖动", "拖曳", "Drag"],
        MouseDragDoes => ["选中文字，可跨段落", "選取文字，可跨段落", "Select text, across paragraphs"],
        MouseShiftClick => ["Shift+点击", "Shift+點按", "Shift+click"],
        MouseShiftClickDoes => ["扩展选区", "擴展選取範圍", "Extend the selection"],
        MouseCopyDoes => ["复制视图中选中的文字", "複製檢視中選取的文字", "Copy the selected text of the view"],
        MouseClickHighlight => ["点击标注", "點按標註", "Click a highlight"],
        MouseClickHighlightDoes => [
            "选中这条批注（详情在侧栏打开）",
            "選取這條批註（詳情在側欄開啟）",
            "Select the annotation (its details open at the side)"
        ],
        MouseHover => ["悬停", "懸停", "Hover"],
        MouseHoverDoes => ["列出指针下的每条批注", "列出指標下的每條批註", "Every annotation under the pointer"],
        MouseDoubleClick => ["双击", "按兩下", "Double-click"],
        MouseDoubleClickDoes => [
            "选中一个字所在的词典词（再按 D 查词典）",
            "選取一個字所在的詞典詞（再按 D 查詞典）",
            "Select the dictionary word around a character (then D looks it up)"
        ]
    }
}

/// The one-character badge of `script` (the list's rows, the header, the side panel), instead of
/// the core's `Script::badge()`.
pub fn script_badge(script: Script) -> &'static str {
    match script {
        Script::Simplified => tr(Reading::BadgeSimplified),
        Script::Traditional => tr(Reading::BadgeTraditional),
        Script::Mixed => tr(Reading::BadgeMixed),
        Script::Unknown => "—",
    }
}
