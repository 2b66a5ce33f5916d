//! The strings of the tag-all dialogs (`ui/tag_all.rs`), the tag set editor (`ui/tag_editor.rs`)
//! and how an annotation shows in the current view (`ui/in_view.rs`).

use super::texts;

texts! {
    /// Tag all, the tag set editor, annotations in the view.
    pub enum TagText {
        TagAllInArticle => ["全部标注：本文", "全部標註：本文", "Tag all in this article"],
        TagAllInFolder => ["全部标注：整个文件夹", "全部標註：整個資料夾", "Tag all in the folder"],
        Searching => ["正在搜索 {done} / {total}", "正在搜尋 {done} / {total}", "Searching {done} / {total}"],
        FoundInFolder => [
            "在文件夹 {total} 篇文章中的 {articles} 篇里找到 {count} 处（简体繁体都算）。",
            "在資料夾 {total} 篇文章中的 {articles} 篇裡找到 {count} 處（簡體繁體都算）。",
            "Found {count} occurrences in {articles} of {total} articles of the folder (simplified and traditional alike)."
        ],
        FoundInArticle => [
            "在本文中找到 {count} 处（简体繁体都算）。",
            "在本文中找到 {count} 處（簡體繁體都算）。",
            "Found {count} occurrences in this article (simplified and traditional alike)."
        ],
        Unreadable => ["{n} 篇文章无法读取。", "{n} 篇文章無法讀取。", "Articles that could not be read: {n}."],
        LeftAlone => [
            "已经这样标注过的地方保持不变。一步撤销。",
            "已經這樣標註過的地方保持不變。一步復原。",
            "Occurrences already tagged this way are left alone. One undo step."
        ],
        TagAll => ["全部标注", "全部標註", "Tag all"],
        Tagging => ["正在标注…", "正在標註…", "Tagging…"],
        OutsideFolder => ["{name} 不在文件夹内", "{name} 不在資料夾內", "{name} is outside the folder"],
        ReadOnly => [
            "{name}：批注只读（{error}）",
            "{name}：批註唯讀（{error}）",
            "{name}: annotations are read-only ({error})"
        ],
        TagSet => ["标签集", "標籤集", "Tag set"],
        TagSetIntro => [
            "保存在文件夹的 pizhu.ron 中。文件和导出保留的是 Id。",
            "儲存在資料夾的 pizhu.ron 中。檔案和匯出保留的是 Id。",
            "Stored in the folder's pizhu.ron. Ids are what files and exports keep."
        ],
        Colour => ["颜色", "顏色", "Colour"],
        Label => ["名称", "名稱", "Label"],
        Id => ["Id", "Id", "Id"],
        Key => ["按键", "按鍵", "Key"],
        Remove => ["删除", "刪除", "Remove"],
        IdHint => ["Id：PRODUCT", "Id：PRODUCT", "Id: PRODUCT"],
        LabelHint => ["名称：产品", "名稱：產品", "Label: 产品"],
        Add => ["添加", "新增", "Add"],
        ConfirmRemove => [
            "{id} 被 {uses} 条批注使用。仍要删除吗？这些批注会保留这个 Id，显示为未知标签，直到你再次添加它。",
            "{id} 被 {uses} 筆批註使用。仍要刪除嗎？這些批註會保留這個 Id，顯示為未知標籤，直到你再次新增它。",
            "{id} is used by {uses} annotations. Remove it anyway? They keep the id and show as an unknown tag until you add it again."
        ],
        RemoveAnyway => ["仍然删除", "仍然刪除", "Remove anyway"],
        NotInView => ["不在此视图中", "不在此檢視中", "not in this view"],
        EdgesAdjusted => [
            "边界已按{view}调整：部分文字（爬虫拼音或缺字）在此不显示。",
            "邊界已依{view}調整：部分文字（爬蟲拼音或缺字）在此不顯示。",
            "Its edges are adjusted to {view}: part of its text (crawl pinyin or a lost character) is not shown there."
        ],
        Removed => [
            "{view}去掉了它的全部文字（如爬虫拼音 (diào)）；切换到原文即可看到。",
            "{view}去掉了它的全部文字（如爬蟲拼音 (diào)）；切換到原文即可看到。",
            "{view} removed all of its text (crawl pinyin such as (diào)); switch to Original to see it."
        ],
        Orphan => [
            "它的文字已不在文章中；批注仍保留在文件里。",
            "它的文字已不在文章中；批註仍保留在檔案裡。",
            "Its text is no longer in the article; it stays in the file."
        ]
    }
}
