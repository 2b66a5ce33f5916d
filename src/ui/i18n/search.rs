//! The strings of the find bar (`ui/find_bar.rs`), the corpus search panel and its dialogs
//! (`ui/corpus_search/`), and the messages of `ui/app/search_handling.rs`.

use super::texts;

texts! {
    /// Find in the article (Ctrl+F) and search the folder (Ctrl+Shift+F).
    pub enum SearchText {
        Find => ["查找", "尋找", "Find"],
        FindHint => ["在本文中查找", "在本文中尋找", "Find in this article"],
        CannotSearchArticle => ["无法搜索本文：{error}", "無法搜尋本文：{error}", "Cannot search the article: {error}"],
        PositionHint => ["当前 / 本文共几处", "目前 / 本文共幾處", "Current hit / hits in this article"],
        PreviousHint => ["上一处（Shift+Enter、Shift+F3）", "上一處（Shift+Enter、Shift+F3）", "Previous (Shift+Enter, Shift+F3)"],
        NextHint => ["下一处（Enter、F3）", "下一處（Enter、F3）", "Next (Enter, F3)"],
        Exact => ["精确", "精確", "Exact"],
        Regex => ["正则", "正規式", "Regex"],
        FindExactHint => [
            "精确：完全按本视图显示的文字匹配；不选时，简繁、全角半角、大小写都不计较，爬虫拼音也跳过",
            "精確：完全依本檢視顯示的文字比對；不選時，簡繁、全形半形、大小寫都不計較，爬蟲拼音也略過",
            "Exact: match the text exactly as this view shows it; otherwise 简/繁, full-width and case are ignored and crawl pinyin is skipped"
        ],
        RegexHint => [
            "正则：正则表达式（Rust regex 语法）",
            "正規式：正規表示式（Rust regex 語法）",
            "Regex: a regular expression (Rust regex syntax)"
        ],
        CloseFindHint => ["关闭（Esc）", "關閉（Esc）", "Close (Esc)"],
        TypeSomething => ["输入要查找的词。", "輸入要尋找的詞。", "Type something to search for."],
        InvalidRegex => ["正则表达式有误：{reason}。", "正規表示式有誤：{reason}。", "Invalid regular expression: {reason}."],
        CannotStartSearch => ["无法开始搜索：{error}", "無法開始搜尋：{error}", "Cannot start the search: {error}"],
        Search => ["全文搜索", "全文搜尋", "Full-text search"],
        SearchHint => ["搜索所有文章", "搜尋所有文章", "Search all articles"],
        CorpusExactHint => [
            "完全按净文的写法匹配；不选时，简繁、全角半角、大小写都不计较",
            "完全依淨文的寫法比對；不選時，簡繁、全形半形、大小寫都不計較",
            "Match the Clean text exactly as written; otherwise 简/繁, full-width and case are ignored"
        ],
        CorpusRegexHint => [
            "正则表达式（Rust regex 语法），作用于归一化后的文字",
            "正規表示式（Rust regex 語法），作用於正規化後的文字",
            "A regular expression (Rust regex syntax), on the folded text"
        ],
        CloseSearchHint => ["关闭（Ctrl+Shift+F）", "關閉（Ctrl+Shift+F）", "Close (Ctrl+Shift+F)"],
        HitsSoFar => ["{n} 处", "{n} 處", "Hits: {n}"],
        Indexing => ["正在索引文件夹…", "正在索引資料夾…", "Indexing the folder…"],
        Summary => ["{hits} 处 · {articles} 篇文章", "{hits} 處 · {articles} 篇文章", "Hits: {hits} · articles: {articles}"],
        FirstListed => [" · 列出前 {n} 处", " · 列出前 {n} 處", " · first {n} listed"],
        Shown => [" · 显示 {n} 处", " · 顯示 {n} 處", " · {n} shown"],
        Cancelled => [" · 已取消", " · 已取消", " · cancelled"],
        Sort => ["排序", "排序", "Sort"],
        Filter => ["筛选", "篩選", "Filter"],
        TagAllHits => ["全部标注…", "全部標註…", "Tag all hits…"],
        TagAllHitsHint => [
            "给列出的每一处加上标注，一步撤销",
            "替列出的每一處加上標註，一步復原",
            "Tag every hit listed, in one undo step"
        ],
        ExportCsv => ["导出 CSV…", "匯出 CSV…", "Export CSV…"],
        ExportCsvHint => [
            "把列出的各处连同上下文写入 CSV 文件",
            "把列出的各處連同上下文寫入 CSV 檔案",
            "Write the hits listed, with their context, to a CSV file"
        ],
        Sorting => ["正在排序…", "正在排序…", "Sorting…"],
        CheckingAnnotations => ["正在查看标注…", "正在查看標註…", "Checking annotations…"],
        EmptyQuery => [
            "输入要在所有文章中查找的词：简繁、全角半角、大小写都不计较，爬虫拼音也跳过（经济 能找到 經濟 和 經(jīng)濟，2023 能找到 ２０２３）。",
            "輸入要在所有文章中尋找的詞：簡繁、全形半形、大小寫都不計較，爬蟲拼音也略過（經濟 能找到 經(jīng)濟，2023 能找到 ２０２３）。",
            "Type what to find in every article: 经济 finds 經濟 and 經(jīng)濟, 2023 finds ２０２３; script, full-width and case are ignored, crawl pinyin is skipped."
        ],
        BeingIndexed => [
            "正在建立索引，扫描结束后开始搜索。",
            "正在建立索引，掃描結束後開始搜尋。",
            "The folder is being indexed; the search starts when it is done."
        ],
        NothingFound => ["没有找到“{query}”。", "沒有找到「{query}」。", "Nothing found for “{query}”."],
        NoHitPasses => ["没有符合筛选的结果。", "沒有符合篩選的結果。", "No hit passes the filter."],
        AllHits => ["全部", "全部", "All hits"],
        Annotated => ["已标注", "已標註", "Annotated"],
        NotAnnotated => ["未标注", "未標註", "Not annotated"],
        Highlighted => ["高亮", "高亮", "Highlighted"],
        TagFilter => ["标签：{tag}", "標籤：{tag}", "Tag: {tag}"],
        SortArticle => ["文章", "文章", "Article"],
        SortLeft => ["左侧上下文", "左側上下文", "Left context"],
        SortRight => ["右侧上下文", "右側上下文", "Right context"],
        ExportHitsTitle => ["将搜索结果导出为 CSV", "將搜尋結果匯出為 CSV", "Export hits as CSV"],
        ExportHitsIntro => [
            "列出的 {hits} 处结果按列表顺序写出，各列为：文件、标题、日期、视图、起点、终点（原文字符）、引文、左右上下文。",
            "列出的 {hits} 處結果依列表順序寫出，各欄為：檔案、標題、日期、檢視、起點、終點（原文字元）、引文、左右上下文。",
            "Hits listed: {hits}, in their order: file, title, date, view, start, end (Original characters), quote, left and right context."
        ],
        File => ["文件：", "檔案：", "File:"],
        Export => ["导出", "匯出", "Export"],
        TypeFileFirst => ["请先输入文件路径。", "請先輸入檔案路徑。", "Type a file path first."],
        CannotStartFileDialog => ["无法打开文件对话框：{error}", "無法打開檔案對話框：{error}", "Cannot start the file dialog: {error}"],
        TagAllTitle => ["全部标注", "全部標註", "Tag all hits"],
        TagAllIntro => [
            "列出的 {hits} 处结果来自 {articles} 篇文章。",
            "列出的 {hits} 處結果來自 {articles} 篇文章。",
            "Hits listed: {hits}, from articles: {articles}."
        ],
        HighlightNoTag => ["高亮（无标签）", "高亮（無標籤）", "Highlight (no tag)"],
        Tag => ["标签：", "標籤：", "Tag:"],
        AlreadyCarry => [
            "{already} 处已有此标注；将标注 {n} 处。",
            "{already} 處已有此標註；將標註 {n} 處。",
            "Already carrying it: {already}; to be tagged: {n}."
        ],
        Counting => ["正在统计已标注的…", "正在統計已標註的…", "Counting those already tagged…"],
        OneUndoStep => [
            "一步撤销。批注只读的文章会被跳过并列出。",
            "一步復原。批註唯讀的文章會被略過並列出。",
            "One undo step. Articles whose annotations are read-only are skipped and reported."
        ],
        NotOpen => ["本文件夹的批注没有打开。", "本資料夾的批註沒有打開。", "This folder's annotations are not open."],
        Tagging => ["正在标注…", "正在標註…", "Tagging…"],
        TagN => ["标注 {n} 处", "標註 {n} 處", "Tag {n} hits"],
        Tagged => [
            "已在 {articles} 篇文章中标注 {n} 处（一步撤销）。",
            "已在 {articles} 篇文章中標註 {n} 處（一步復原）。",
            "Tagged {n} hits in {articles} articles (one undo step)."
        ],
        AlreadyCarried => ["{n} 处原已带有此标签。", "{n} 處原已帶有此標籤。", " {n} already carried the tag."],
        SkippedReadOnly => [
            "跳过了 {n} 篇批注只读的文章：{list}。",
            "略過了 {n} 篇批註唯讀的文章：{list}。",
            " Skipped {n} articles whose annotations are read-only: {list}."
        ],
        CouldNotTag => ["有 {n} 篇文章无法标注：{list}。", "有 {n} 篇文章無法標註：{list}。", " Could not tag {n} articles: {list}."],
        AndMore => ["等，另有 {n} 项", "等，另有 {n} 項", " and {n} more"],
        ChangedOnDisk => [
            "{file} 在搜索后被修改（请重新搜索）",
            "{file} 在搜尋後被修改（請重新搜尋）",
            "{file} changed on disk since the search (search again)"
        ],
        IndexNote => ["搜索索引：{note}", "搜尋索引：{note}", "Search index: {note}"],
        ExportedHits => ["已导出 {n} 处到 {path}。", "已匯出 {n} 處到 {path}。", "Exported {n} hits to {path}."],
        UnreadableHits => [
            "其中 {n} 处所在的文章在搜索后被修改：其文字为空。",
            "其中 {n} 處所在的文章在搜尋後被修改：其文字為空。",
            " {n} of them changed on disk since the search: their text is empty."
        ]
    }
}
