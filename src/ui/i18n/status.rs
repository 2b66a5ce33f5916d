//! The status bar's strings (`ui/status_bar.rs`) and the messages the window posts there: from
//! running commands and polling jobs (`ui/app/{command_handling,logic,mod,panels}.rs`), the
//! documents and saves (`ui/document.rs`, `ui/annotations.rs`), the converters
//! (`ui/conversion.rs`) and the window's errors (`ui/error.rs`). Core errors keep their English
//! sentence after a translated lead.

use super::texts;

texts! {
    /// The status bar's strings and the window's messages.
    pub enum Status {
        // The bar.
        Scanning => ["扫描中 {done} / {found}", "掃描中 {done} / {found}", "Scanning {done} / {found}"],
        ScanningFolder => ["扫描中 {folder}…", "掃描中 {folder}…", "Scanning {folder}…"],
        Cancel => ["取消", "取消", "Cancel"],
        Indexing => ["正在建立搜索索引…", "正在建立搜尋索引…", "Indexing for search…"],
        ScanSummary => [
            "{articles} 篇 · 跳过 {skipped} · {ms} 毫秒",
            "{articles} 篇 · 略過 {skipped} · {ms} 毫秒",
            "Articles: {articles} · skipped: {skipped} · {ms} ms"
        ],
        ScanCancelled => [" · 已取消", " · 已取消", " · cancelled"],
        Saved => ["已保存", "已儲存", "Saved"],
        Unsaved => ["未保存", "未儲存", "Unsaved"],
        Saving => ["保存中…", "儲存中…", "Saving…"],
        NotSaved => ["保存失败：{error}", "儲存失敗：{error}", "Not saved: {error}"],
        Retry => ["重试", "重試", "Retry"],
        RetryHint => ["现在再保存一次", "現在再儲存一次", "Save again now"],
        SaveInDataDir => ["保存到数据目录", "儲存到資料目錄", "Save in the data folder"],
        SaveInDataDirHint => [
            "这个文件夹无法写入：从现在起把它的批注保存在你的用户数据目录中",
            "這個資料夾無法寫入：從現在起把它的批註儲存在你的使用者資料目錄中",
            "This folder cannot be written: keep its annotations in your user data folder from now on"
        ],
        Dismiss => ["关闭", "關閉", "Dismiss"],
        History => ["消息 {n}", "訊息 {n}", "Messages {n}"],
        HistoryHint => ["最近的消息", "最近的訊息", "Recent messages"],
        SecondsAgo => ["{n} 秒", "{n} 秒", "{n} s"],
        // Saving.
        RetryingIn => [
            "{problem}；{seconds} 秒后重试",
            "{problem}；{seconds} 秒後重試",
            "{problem}; retrying in {seconds} s"
        ],
        ChangedOnDisk => [
            "{path} 已在磁盘上被改动；没有覆盖",
            "{path} 已在磁碟上被改動；沒有覆寫",
            "{path} changed on disk; not overwritten"
        ],
        CannotSave => [
            "无法保存：{error}；你的批注保留在内存中",
            "無法儲存：{error}；你的批註保留在記憶體中",
            "Cannot save: {error}; your annotations are kept in memory"
        ],
        PreviousFolder => ["上一个文件夹：", "上一個資料夾：", "The previous folder: "],
        Merged => [
            "{path} 被另一个程序改动过，已合并：那边添加 {theirs} 条，这边 {ours} 条",
            "{path} 被另一個程式改動過，已合併：那邊新增 {theirs} 條，這邊 {ours} 條",
            "{path} was changed by another program; merged: {theirs} added there, {ours} here"
        ],
        MergedDeleted => ["，删除 {n} 条", "，刪除 {n} 條", ", {n} deleted"],
        MergedBothEdited => [
            "，{n} 条两边都改过（保留较晚的修改）",
            "，{n} 條兩邊都改過（保留較晚的修改）",
            ", {n} edited on both sides (the later edit kept)"
        ],
        MergedKeptOverDelete => [
            "，{n} 条一边删除、一边修改（已保留）",
            "，{n} 條一邊刪除、一邊修改（已保留）",
            ", {n} deleted on one side and edited on the other (kept)"
        ],
        SentenceEnd => ["。", "。", "."],
        ResolvedMerged => [
            "已与磁盘上的文件合并：{n} 条批注（{both} 条两边都改过，保留较晚的修改）。",
            "已與磁碟上的檔案合併：{n} 條批註（{both} 條兩邊都改過，保留較晚的修改）。",
            "Merged with the file on disk: {n} annotations ({both} edited on both sides, the later edit kept)."
        ],
        Resolved => ["冲突已解决。", "衝突已解決。", "Conflict resolved."],
        MovedToDataDir => [
            "这个文件夹的批注现在保存在 {folder}；正在保存到那里。",
            "這個資料夾的批註現在儲存在 {folder}；正在儲存到那裡。",
            "Annotations of this folder are now kept in {folder}; saving there."
        ],
        NoDataDir => [
            "这个系统没有可以保存的用户数据目录。",
            "這個系統沒有可以儲存的使用者資料目錄。",
            "This system has no user data folder to save in."
        ],
        KeptInDataDir => [
            "这个文件夹的批注保存在 {folder}。",
            "這個資料夾的批註儲存在 {folder}。",
            "Annotations of this folder are kept in {folder}."
        ],
        TagSetDamaged => [
            "标签集文件已损坏，未作改动：{error}",
            "標籤集檔案已損壞，未作改動：{error}",
            "The tag set file is damaged and was left untouched: {error}"
        ],
        // Commands.
        NoTagOnKey => ["按键 {key} 没有绑定标签。", "按鍵 {key} 沒有綁定標籤。", "No tag is bound to key {key}."],
        SelectExtentFirst => ["请先选中新的范围。", "請先選取新的範圍。", "Select the new extent first."],
        SelectTextFirst => ["请先选中一些文字。", "請先選取一些文字。", "Select some text first."],
        MarksInConvertedViews => [
            "标记显示在简、繁视图中（T 切换视图）。",
            "標記顯示在簡、繁檢視中（T 切換檢視）。",
            "The marks show in the 简 and 繁 views (T switches views)."
        ],
        PhraseAdded => ["已添加 {phrase}", "已新增 {phrase}", "Added {phrase}"],
        PhraseChanged => ["已修改用户词组 {phrase}。", "已修改使用者詞組 {phrase}。", "Changed user phrase {phrase}."],
        PhraseRemoved => ["已删除用户词组 {phrase}。", "已刪除使用者詞組 {phrase}。", "Removed user phrase {phrase}."],
        PhrasesNeedFolder => [
            "请先打开一个文件夹：用户词组保存在它的 pizhu.ron 中。",
            "請先開啟一個資料夾：使用者詞組儲存在它的 pizhu.ron 中。",
            "Open a folder first: user phrases are saved in its pizhu.ron."
        ],
        PhrasesReadOnly => [
            "无法修改用户词组：这个文件夹的 pizhu.ron 读不出来（修好之前不会改动它）。",
            "無法修改使用者詞組：這個資料夾的 pizhu.ron 讀不出來（修好之前不會改動它）。",
            "User phrases cannot be changed: this folder's pizhu.ron could not be read (it is left untouched until fixed)."
        ],
        TaggedInFolder => [
            "在文件夹的 {articles} 篇文章中标注了 {n} 处（一步撤销）。",
            "在資料夾的 {articles} 篇文章中標註了 {n} 處（一步復原）。",
            "Tagged {n} occurrences in {articles} articles of the folder (one undo step)."
        ],
        TaggedInArticle => [
            "在本文中标注了 {n} 处（一步撤销）。",
            "在本文中標註了 {n} 處（一步復原）。",
            "Tagged {n} occurrences in this article (one undo step)."
        ],
        TaggedSkipped => [" 跳过 {n} 处：{list}", " 略過 {n} 處：{list}", " Skipped {n}: {list}"],
        NothingToUndo => ["没有可撤销的。", "沒有可復原的。", "Nothing to undo."],
        NothingToRedo => ["没有可重做的。", "沒有可重做的。", "Nothing to redo."],
        TagRemoved => ["已删除标签 {label} {id}。", "已刪除標籤 {label} {id}。", "Removed tag {label} {id}."],
        FilesSkipped => [
            "跳过了 {n} 个文件（见侧栏）。",
            "略過了 {n} 個檔案（見側欄）。",
            "Files skipped: {n} (see the side panel)."
        ],
        // Converters.
        ConverterFailed => [
            "无法准备简繁转换器：{error}。",
            "無法準備簡繁轉換器：{error}。",
            "The 简/繁 converter could not be prepared: {error}."
        ],
        ConverterStopped => [
            "无法准备简繁转换器（它的线程已停止）。",
            "無法準備簡繁轉換器（它的執行緒已停止）。",
            "The 简/繁 converter could not be prepared (its thread stopped)."
        ],
        ConverterWarmUp => [
            "无法在后台准备简繁转换器（{error}）；第一次打开文章的简、繁视图会慢一点。",
            "無法在背景準備簡繁轉換器（{error}）；第一次開啟文章的簡、繁檢視會慢一點。",
            "Cannot prepare the 简/繁 converter in the background ({error}); the first 简 or 繁 view of an article will take a moment."
        ],
        CannotRerender => [
            "无法在后台重新生成简繁视图：{error}。",
            "無法在背景重新產生簡繁檢視：{error}。",
            "Cannot render the 简/繁 views again in the background: {error}."
        ],
        PhrasesInBackground => [
            "无法在后台准备用户词组（{error}）；简、繁视图显示 OpenCC 的转换。",
            "無法在背景準備使用者詞組（{error}）；簡、繁檢視顯示 OpenCC 的轉換。",
            "Cannot prepare the user phrases in the background ({error}); the 简 and 繁 views show OpenCC's conversion."
        ],
        PhrasesThreadStopped => [
            "无法准备用户词组（它的线程已停止）；简、繁视图显示 OpenCC 的转换。",
            "無法準備使用者詞組（它的執行緒已停止）；簡、繁檢視顯示 OpenCC 的轉換。",
            "The user phrases could not be prepared (their thread stopped); the 简 and 繁 views show OpenCC's conversion."
        ],
        // Opening an article's annotations.
        ReadOnlyBecause => ["批注是只读的：{error}", "批註是唯讀的：{error}", "Annotations are read-only: {error}"],
        ReadOnly => ["批注是只读的。", "批註是唯讀的。", "Annotations are read-only."],
        Reanchored => [
            "文章在磁盘上改动过：{moved} 条批注移动了位置，{fuzzy} 条近似匹配，{orphans} 条成为孤立（保留在侧栏）。",
            "文章在磁碟上改動過：{moved} 條批註移動了位置，{fuzzy} 條近似比對，{orphans} 條成為孤立（保留在側欄）。",
            "The article changed on disk: {moved} annotations moved, {fuzzy} matched approximately, {orphans} orphaned (kept in the side panel)."
        ],
        OrphansKept => [
            "{n} 条批注与文章的文字不符；它们原样保留为孤立批注（侧栏）。",
            "{n} 條批註與文章的文字不符；它們原樣保留為孤立批註（側欄）。",
            "{n} annotations do not match the article's text; they are kept unchanged as orphans (side panel)."
        ],
        // The window's errors (`UiError`): a lead before the core error.
        CannotScan => ["无法扫描 {folder}：{error}", "無法掃描 {folder}：{error}", "Cannot scan {folder}: {error}"],
        ScanFailed => [
            "{error}。当前的文件夹仍然打开。",
            "{error}。目前的資料夾仍然開啟。",
            "{error}. The current folder stays open."
        ],
        CannotOpenArticle => ["无法打开文章：{error}", "無法開啟文章：{error}", "Cannot open the article: {error}"],
        StoreUnavailable => ["批注不可用：{error}", "批註無法使用：{error}", "Annotations are unavailable: {error}"],
        CannotOpenAnnotations => ["无法打开批注：{error}", "無法開啟批註：{error}", "Cannot open annotations: {error}"],
        NotOpen => ["这篇文章的批注没有打开。", "這篇文章的批註沒有開啟。", "This article's annotations are not open."],
        CannotSearch => ["无法搜索文件夹：{error}", "無法搜尋資料夾：{error}", "Cannot search the folder: {error}"],
        CannotStart => ["无法开始：{error}", "無法開始：{error}", "Cannot start: {error}"],
        NoIndex => [
            "这个文件夹无法使用全文搜索：{error}",
            "這個資料夾無法使用全文搜尋：{error}",
            "Full-text search is unavailable for this folder: {error}"
        ],
        CannotStartExport => [
            "无法开始导出结果（{error}）；什么都没有写入。",
            "無法開始匯出結果（{error}）；什麼都沒有寫入。",
            "Cannot start exporting the hits ({error}); nothing was written."
        ],
        Rescued => [
            "{key} 的批注无法保存到它的文件；副本在 {path}",
            "{key} 的批註無法儲存到它的檔案；副本在 {path}",
            "The annotations of {key} could not be saved to their file; a copy is in {path}"
        ],
        Lost => [
            "{key} 未保存的批注无处可写：{error}",
            "{key} 未儲存的批註無處可寫：{error}",
            "The unsaved annotations of {key} could not be written anywhere: {error}"
        ],
        CannotReadPositions => [
            "无法读取阅读位置 {path}：{error}",
            "無法讀取閱讀位置 {path}：{error}",
            "Cannot read the reading positions {path}: {error}"
        ],
        PositionsDamaged => [
            "阅读位置文件 {path} 已损坏，未作改动：{error}",
            "閱讀位置檔案 {path} 已損壞，未作改動：{error}",
            "The reading positions file {path} is damaged and was left untouched: {error}"
        ],
        CannotSavePositions => [
            "无法保存阅读位置 {path}：{error}",
            "無法儲存閱讀位置 {path}：{error}",
            "Cannot save the reading positions {path}: {error}"
        ],
        SaveStopped => [
            "保存意外中止；你的批注保留在内存中",
            "儲存意外中止；你的批註保留在記憶體中",
            "The save stopped unexpectedly; your annotations are kept in memory"
        ]
    }
}
