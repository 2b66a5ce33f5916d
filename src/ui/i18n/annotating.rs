//! The annotation panel's strings (`ui/annotation_panel.rs`), and the reader's about
//! annotations: the selection popup and the spans' tooltips (`ui/reader/mod.rs`,
//! `ui/reader/overlay.rs`).

use super::texts;

texts! {
    /// The annotation panel's and the reader's annotation strings.
    pub enum Annotating {
        HintSelection => [
            "点击标签（或按 1–9）标注选中的文字",
            "點選標籤（或按 1–9）標註選取的文字",
            "Click a tag (or press 1–9) to tag the selection"
        ],
        HintIdle => ["选中文字后按 1–9 或 H", "選取文字後按 1–9 或 H", "Select text, then press 1–9 or H"],
        ReadOnly => ["只读：{error}", "唯讀：{error}", "Read-only: {error}"],
        ReadOnlyFix => [
            "请修复或移走这个文件；批注不会覆盖它。",
            "請修復或移走這個檔案；批註不會覆寫它。",
            "Fix or move the file; Pizhu will not write over it."
        ],
        ConflictKept => [
            "{problem} 你的修改保留在内存中，没有写入。",
            "{problem} 你的修改保留在記憶體中，沒有寫入。",
            "{problem} Your edits are kept in memory and were not written."
        ],
        KeepMine => ["保留我的", "保留我的", "Keep mine"],
        KeepMineHint => [
            "用你的批注替换损坏的文件",
            "用你的批註取代損壞的檔案",
            "Replace the damaged file with your annotations"
        ],
        DiscardMine => ["丢弃我的", "捨棄我的", "Discard mine"],
        DiscardMineHint => [
            "丢弃你在本文中未保存的批注；文件修好之前本文保持只读",
            "捨棄你在本文中未儲存的批註；檔案修好之前本文維持唯讀",
            "Drop your unsaved annotations of this article; it stays read-only until the file is fixed"
        ],
        Tags => ["标签", "標籤", "Tags"],
        EditTags => ["编辑…", "編輯…", "Edit…"],
        EditTagsHint => [
            "添加、改名、换颜色、改按键",
            "新增、重新命名、換顏色、改按鍵",
            "Add, rename, recolour, rebind keys"
        ],
        TagSelection => ["标注选中的文字", "標註選取的文字", "Tag the selection"],
        FilterTag => [
            "只显示这个标签（再点一次显示全部）",
            "只顯示這個標籤（再點一次顯示全部）",
            "Show only this tag (click again for all)"
        ],
        Highlights => ["H  高亮（{n}）", "H  螢光標示（{n}）", "H  Highlights ({n})"],
        Highlight => ["高亮", "螢光標示", "Highlight"],
        HighlightNoTag => ["高亮（无标签）", "螢光標示（無標籤）", "Highlight (no tag)"],
        Annotations => ["批注（{n}）", "批註（{n}）", "Annotations ({n})"],
        NoAnnotations => [
            "在阅读区选中文字，然后按 1–9（标签）或 H（高亮）。",
            "在閱讀區選取文字，然後按 1–9（標籤）或 H（螢光標示）。",
            "Select text in the reader, then press 1–9 (tag) or H (highlight)."
        ],
        Orphans => ["孤立（{n}）", "孤立（{n}）", "Orphans ({n})"],
        OrphansHint => [
            "它们的文字已不在文章中，仍保存在文件里。",
            "它們的文字已不在文章中，仍保存在檔案裡。",
            "Their text is no longer in the article. They stay in the file."
        ],
        OrphanHover => [
            "原文，按保存时的样子；在文章现在的文字中找不到",
            "原文，按儲存時的樣子；在文章現在的文字中找不到",
            "Original, as stored; not found in the article's current text"
        ],
        Delete => ["删除", "刪除", "Delete"],
        DeleteKey => ["删除（Del）", "刪除（Del）", "Delete (Del)"],
        OriginalQuote => ["原文：{quote}", "原文：{quote}", "Original: {quote}"],
        OriginalChars => [
            "原文第 {start}–{end} 字",
            "原文第 {start}–{end} 字",
            "Original chars {start}–{end}"
        ],
        Selected => ["选中的批注", "選取的批註", "Selected"],
        Tag => ["标签", "標籤", "Tag"],
        Note => ["备注（N）：", "備註（N）：", "Note (N):"],
        NoteHint => ["写备注…", "寫備註…", "Write a note…"],
        TagAllInArticle => ["本文全部标注", "本文全部標註", "Tag all in article"],
        TagAllInArticleHint => [
            "标注本文中这段文字的其他每一处（一步撤销）",
            "標註本文中這段文字的其他每一處（一步復原）",
            "Tag every other occurrence of this text in this article (one undo step)"
        ],
        TagAllInFolder => ["文件夹全部标注…", "資料夾全部標註…", "Tag all in folder…"],
        TagAllInFolderHint => [
            "在每篇文章中查找这段文字，简繁都算；先显示数量",
            "在每篇文章中尋找這段文字，簡繁都算；先顯示數量",
            "Find this text in every article, 简 and 繁 alike; shows the count first"
        ],
        SameTag => ["同一标签", "同一標籤", "the same tag"],
        UnknownTag => ["{id}（未知标签）", "{id}（未知標籤）", "{id} (unknown tag)"],
        PopupHighlight => ["H 高亮", "H 螢光標示", "H Highlight"],
        LookUp => ["D 查词典", "D 查詞典", "D Look up"],
        LookUpHint => [
            "在 CC-CEDICT 中查选中的文字（D）",
            "在 CC-CEDICT 中查選取的文字（D）",
            "Look the selection up in CC-CEDICT (D)"
        ]
    }
}
