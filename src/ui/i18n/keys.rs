//! What each keyboard shortcut does, as the help lists it (the descriptions of the key table in
//! `ui/shortcuts.rs`).

use super::texts;

texts! {
    /// The key table's descriptions.
    pub enum Keys {
        OpenFolder => ["打开文件夹", "打開資料夾", "Open a folder"],
        LargerText => ["放大文字", "放大文字", "Larger text"],
        SmallerText => ["缩小文字", "縮小文字", "Smaller text"],
        DefaultTextSize => ["默认文字大小", "預設文字大小", "Default text size"],
        NextArticle => ["下一篇文章", "下一篇文章", "Next article"],
        PreviousArticle => ["上一篇文章", "上一篇文章", "Previous article"],
        NextView => [
            "下一个视图：原文 → 净文 → 简 → 繁",
            "下一個檢視：原文 → 淨文 → 簡 → 繁",
            "Next view: 原文 → 净文 → 简 → 繁"
        ],
        TagWithKey => [
            "用这个键上的标签标注选中的文字",
            "用這個鍵上的標籤標註選取的文字",
            "Tag the selection with the tag on this key"
        ],
        Highlight => ["高亮选中的文字", "以螢光標示選取的文字", "Highlight the selection"],
        WriteNote => ["给选中的批注写备注", "為選取的批註寫備註", "Write a note on the selected annotation"],
        DeleteAnnotation => ["删除选中的批注", "刪除選取的批註", "Delete the selected annotation"],
        Redo => ["重做", "重做", "Redo"],
        Undo => ["撤销（跨文章）", "復原（跨文章）", "Undo (across articles)"],
        ExtendLeft => [
            "选区的末端左移一个字",
            "選取範圍的末端左移一個字",
            "Move the selection's end one character left"
        ],
        ExtendRight => [
            "选区的末端右移一个字",
            "選取範圍的末端右移一個字",
            "Move the selection's end one character right"
        ],
        SearchEverything => [
            "搜索每篇文章（语境索引）",
            "搜尋每篇文章（語境索引）",
            "Search every article (concordance)"
        ],
        FindInArticle => ["在本文中查找", "在本文中尋找", "Find in this article"],
        PreviousHit => [
            "本文中的上一处（查找栏中也可按 Shift+Enter）",
            "本文中的上一處（尋找列中也可按 Shift+Enter）",
            "Previous hit in this article (also Shift+Enter in the find bar)"
        ],
        NextHit => [
            "本文中的下一处（查找栏中也可按 Enter）",
            "本文中的下一處（尋找列中也可按 Enter）",
            "Next hit in this article (also Enter in the find bar)"
        ],
        LookUp => [
            "在词典中查选中的文字（Esc 关闭词卡）",
            "在詞典中查選取的文字（Esc 關閉詞卡）",
            "Look the selection up in the dictionary (Esc closes the card)"
        ],
        Pinyin => ["显示或隐藏汉字上方的拼音", "顯示或隱藏漢字上方的拼音", "Show or hide pinyin above the characters"],
        MarkGuesses => [
            "标出简繁转换须猜测的字",
            "標出簡繁轉換須猜測的字",
            "Mark the characters the 简/繁 conversion had to guess"
        ],
        Export => ["导出标注", "匯出標註", "Export annotations"],
        NextScreen => ["下一屏（少一行）", "下一頁（少一行）", "Next screen (less one line)"],
        PreviousScreen => ["上一屏", "上一頁", "Previous screen"],
        ToStart => ["文章开头", "文章開頭", "Start of the article"],
        ToEnd => ["文章结尾", "文章結尾", "End of the article"],
        Escape => [
            "关闭窗口、抽屉或弹出框；否则取消选区；否则取消选中批注",
            "關閉視窗、抽屜或彈出框；否則取消選取；否則取消選取批註",
            "Close a window, drawer or popup; else clear the selection; else deselect the annotation"
        ],
        Help => ["本帮助", "本說明", "This help"],
        Labels => ["显示或隐藏批注上方的标签名", "顯示或隱藏批註上方的標籤名稱", "Show or hide tag labels above annotations"]
    }
}
