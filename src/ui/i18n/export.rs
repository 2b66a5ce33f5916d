//! The Export… and Import… dialogs' strings (`ui/export_dialog.rs`, `ui/import_dialog.rs`,
//! `ui/app/export_import.rs`). Format names (jsonl, brat, CoNLL, Label Studio, CSV, HTML, W3C,
//! Markdown) stay as they are; the exported files themselves are core output, not here.

use super::texts;

texts! {
    /// The Export… dialog's strings.
    pub enum ExportText {
        Title => ["导出批注", "匯出批註", "Export annotations"],
        Export => ["导出", "匯出", "Export"],
        ExportHint => ["在后台线程写出导出文件", "在背景執行緒寫出匯出檔案", "Write the export on a background thread"],
        Format => ["格式", "格式", "Format"],
        View => ["视图", "檢視", "View"],
        Offsets => ["偏移", "偏移", "Offsets"],
        Scope => ["范围", "範圍", "Scope"],
        Tags => ["标签", "標籤", "Tags"],
        Destination => ["保存到", "儲存到", "Save to"],
        JsonlHint => [
            "doccano JSONL：每行一篇文章，片段带标签",
            "doccano JSONL：每行一篇文章，片段附標籤",
            "doccano JSONL: one article a line, spans with labels"
        ],
        BratHint => [
            "brat standoff：一个文件夹，内含 .txt + .ann 及 annotation.conf",
            "brat standoff：一個資料夾，內含 .txt + .ann 及 annotation.conf",
            "brat standoff: a folder of .txt + .ann with annotation.conf"
        ],
        ConllHint => [
            "字级 BIO（CoNLL），用于训练 NER",
            "字級 BIO（CoNLL），用於訓練 NER",
            "Character-level BIO (CoNLL) for NER training"
        ],
        LabelStudioHint => [
            "Label Studio 任务 JSON 及其标注配置",
            "Label Studio 任務 JSON 及其標註設定",
            "Label Studio tasks JSON and its labelling config"
        ],
        CsvHint => [
            "每条批注一行，适合电子表格",
            "每筆批註一列，適合試算表",
            "One row per annotation, for spreadsheets"
        ],
        HtmlHint => [
            "独立的单文件报告，高亮带颜色",
            "獨立的單一檔案報告，高亮帶顏色",
            "A self-contained report with coloured highlights"
        ],
        W3cHint => ["W3C Web Annotation JSON-LD", "W3C Web Annotation JSON-LD", "W3C Web Annotation JSON-LD"],
        MarkdownHint => [
            "每篇文章的高亮以引文列出，附注释",
            "每篇文章的高亮以引文列出，附註記",
            "Each article's highlights as quotes, with notes"
        ],
        ReadingView => ["你正在阅读的视图", "你正在閱讀的檢視", "The view you are reading in"],
        CodePoints => ["码位", "碼位", "Code points"],
        Utf16 => ["UTF-16 码元", "UTF-16 碼元", "UTF-16 code units"],
        CodePointsInSentence => ["码位", "碼位", "code points"],
        Utf16InSentence => ["UTF-16 码元", "UTF-16 碼元", "UTF-16 code units"],
        CodePointsHint => [
            "Unicode 码位（Python str、brat、W3C）",
            "Unicode 碼位（Python str、brat、W3C）",
            "Unicode code points (Python str, brat, W3C)"
        ],
        Utf16Hint => [
            "UTF-16 码元（JavaScript、Label Studio）：遇到 𠮷 或 emoji 后与码位不同",
            "UTF-16 碼元（JavaScript、Label Studio）：遇到 𠮷 或 emoji 後與碼位不同",
            "UTF-16 code units (JavaScript, Label Studio): differ after 𠮷 or emoji"
        ],
        Default => ["（默认）", "（預設）", "(default)"],
        NoOffsets => ["— 此格式没有偏移", "— 此格式沒有偏移", "— this format has no offsets"],
        W3cUnit => [
            "— 码位，W3C 规范如此要求",
            "— 碼位，W3C 規範如此要求",
            "— code points, as the W3C specification requires"
        ],
        ThisArticleNone => ["本文（没有打开的文章）", "本文（沒有打開的文章）", "This article (none open)"],
        ThisArticle => ["本文：{title}", "本文：{title}", "This article: {title}"],
        Listed => ["列表所示的文章（{n}）", "列表所示的文章（{n}）", "Articles the list shows ({n})"],
        ListedFiltered => [
            "列表所示的文章（{n} / {total}，已筛选）",
            "列表所示的文章（{n} / {total}，已篩選）",
            "Articles the list shows ({n} of {total}, filtered)"
        ],
        WholeFolder => ["整个文件夹（{n} 篇文章）", "整個資料夾（{n} 篇文章）", "Whole folder ({n} articles)"],
        IncludeUnannotated => ["也导出没有批注的文章", "也匯出沒有批註的文章", "Also articles without annotations"],
        AllAnnotations => ["全部批注", "全部批註", "All annotations"],
        OnlyThese => ["只导出这些：", "只匯出這些：", "Only these:"],
        Highlights => ["高亮（无标签）", "高亮（無標籤）", "Highlights (no tag)"],
        HighlightsHint => [
            "NER 格式（jsonl、brat、conll、labelstudio）需要标签，不含高亮",
            "NER 格式（jsonl、brat、conll、labelstudio）需要標籤，不含高亮",
            "Formats for NER (jsonl, brat, conll, labelstudio) need a label and leave highlights out"
        ],
        ChooseATag => [
            "请至少选择一个要导出的标签，或选择全部批注。",
            "請至少選擇一個要匯出的標籤，或選擇全部批註。",
            "Choose at least one tag to export, or all annotations."
        ],
        DestinationHint => [
            "完整路径、~/…，或相对于 {base} 的路径",
            "完整路徑、~/…，或相對於 {base} 的路徑",
            "A full path, ~/…, or a path relative to {base}"
        ],
        FolderDestination => [
            "一个新的或空的文件夹（brat 在其中写入 .txt + .ann 文件和 pizhu-export.json）。",
            "一個新的或空的資料夾（brat 在其中寫入 .txt + .ann 檔案和 pizhu-export.json）。",
            "A new or empty folder (brat writes .txt + .ann files into it, and pizhu-export.json)."
        ],
        FileDestination => [
            "一个文件；已有的同名文件要等导出完成后才会被替换。",
            "一個檔案；既有的同名檔案要等匯出完成後才會被取代。",
            "A file; an existing one is replaced only once the export has completed."
        ],
        WriteManifest => [
            "同时写出报告（旁边的 .pizhu-export.json）",
            "同時寫出報告（旁邊的 .pizhu-export.json）",
            "Also write the report (.pizhu-export.json beside it)"
        ],
        TypeDestination => [
            "请输入导出的位置，或用“浏览…”选择。",
            "請輸入匯出的位置，或用「瀏覽…」選擇。",
            "Type where to write the export, or choose one with Browse…."
        ],
        NoStdout => [
            "窗口不能写到标准输出：请输入文件路径。",
            "視窗不能寫到標準輸出：請輸入檔案路徑。",
            "The window cannot write to standard output: type a file path."
        ],
        NoArticleOpen => [
            "没有打开的文章：请选择其他范围。",
            "沒有打開的文章：請選擇其他範圍。",
            "No article is open: choose another scope."
        ],
        CannotStart => ["无法开始导出：{error}。", "無法開始匯出：{error}。", "Cannot start the export: {error}."],
        WaitingForSave => ["先保存你最新的修改…", "先儲存你最新的修改…", "Saving your latest edits first…"],
        Progress => [
            "已处理 {done} 篇文章 · 已导出 {exported} 篇 · {bytes}",
            "已處理 {done} 篇文章 · 已匯出 {exported} 篇 · {bytes}",
            "Articles: {done} · exported: {exported} · {bytes}"
        ],
        ProgressOf => [
            "已处理 {done} / {total} 篇文章 · 已导出 {exported} 篇 · {bytes}",
            "已處理 {done} / {total} 篇文章 · 已匯出 {exported} 篇 · {bytes}",
            "Articles: {done} / {total} · exported: {exported} · {bytes}"
        ],
        CancelHint => ["停止；不写出任何东西", "停止；不寫出任何內容", "Stop; nothing is written"],
        Exported => ["已导出：{path}", "已匯出：{path}", "Exported: {path}"],
        AlsoWritten => ["另有 {path}", "另有 {path}", "also {path}"],
        Unsaved => [
            "有些修改没能保存（见状态栏）：此次导出的是磁盘上已保存的批注。",
            "有些修改未能儲存（見狀態列）：此次匯出的是磁碟上已儲存的批註。",
            "Some edits could not be saved (see the status bar): this export has the annotations as saved on disk."
        ],
        ExportedTo => ["已导出到 {path}。", "已匯出到 {path}。", "Exported to {path}."],
        ExportedToSummary => ["已导出到 {path}：{summary}", "已匯出到 {path}：{summary}", "Exported to {path}: {summary}"],
        Cancelled => [
            "导出已取消；没有写出任何东西。",
            "匯出已取消；沒有寫出任何內容。",
            "Export cancelled; nothing was written."
        ],
        Failed => [
            "导出失败，没有写出任何东西：{error}",
            "匯出失敗，沒有寫出任何內容：{error}",
            "Export failed, nothing was written: {error}"
        ],
        WorkerStopped => [
            "导出失败：后台线程意外停止。",
            "匯出失敗：背景執行緒意外停止。",
            "Export failed: its worker stopped unexpectedly."
        ],
        ProblemsHeading => [
            "详情：未按原样导出的内容（{n}）",
            "詳情：未照原樣匯出的內容（{n}）",
            "Details: what was not exported as stored ({n})"
        ],
        MoreInReport => [
            "……更多见报告文件（pizhu-export.json）",
            "……更多見報告檔案（pizhu-export.json）",
            "… more in the report file (pizhu-export.json)"
        ],
        Summary => [
            "{articles} 篇文章，{annotations} 条批注（{view}视图，偏移单位：{unit}）",
            "{articles} 篇文章，{annotations} 筆批註（{view}檢視，偏移單位：{unit}）",
            "Articles: {articles}, annotations: {annotations} ({view} view, offsets in {unit})"
        ],
        NotExported => ["未导出：{list}", "未匯出：{list}", "not exported: {list}"],
        NotInView => ["{n} 条不在此视图中", "{n} 筆不在此檢視中", "{n} not in this view"],
        Orphans => ["{n} 条找不到原位", "{n} 筆找不到原位", "{n} orphaned"],
        Dropped => ["{n} 条被格式舍弃", "{n} 筆被格式捨棄", "{n} dropped by the format"],
        HighlightsOmitted => [
            "{n} 条高亮（此格式需要标签）",
            "{n} 筆高亮（此格式需要標籤）",
            "{n} plain highlights (the format needs a label)"
        ],
        Adjusted => [
            "{n} 条导出时边界按视图调整",
            "{n} 筆匯出時邊界依檢視調整",
            "{n} exported with edges adjusted to the view"
        ],
        ArticlesFailed => ["{n} 篇文章无法读取", "{n} 篇文章無法讀取", "unreadable articles: {n}"],
        ListSeparator => ["、", "、", ", "],
        PartSeparator => ["；", "；", "; "]
    }
}

texts! {
    /// The Import… dialog's strings.
    pub enum ImportText {
        Title => ["导入批注", "匯入批註", "Import annotations"],
        Preview => ["预览（试运行）", "預覽（試跑）", "Preview (dry run)"],
        PreviewHint => [
            "读取文件，显示将会发生什么；不做任何更改",
            "讀取檔案，顯示將會發生什麼；不做任何變更",
            "Read the files and show what would happen; nothing changes"
        ],
        Apply => ["应用", "套用", "Apply"],
        ApplyHint => [
            "加入预览所示的内容：一步撤销（Ctrl+Z）",
            "加入預覽所示的內容：一步復原（Ctrl+Z）",
            "Add what the preview shows: one undo step (Ctrl+Z)"
        ],
        ApplyFirstHint => [
            "请先预览；“应用”加入预览所示的内容（如果有内容可加）",
            "請先預覽；「套用」加入預覽所示的內容（如果有內容可加）",
            "Preview first; Apply adds what the preview shows (when it adds anything)"
        ],
        ChangedSincePreview => [
            "预览之后有了改动：请重新预览再应用。",
            "預覽之後有了變動：請重新預覽再套用。",
            "Changed since the preview: preview again to apply."
        ],
        Files => ["文件", "檔案", "Files"],
        FilesHint => [
            "/path/to/export.jsonl（每行一个）",
            "/path/to/export.jsonl（每行一個）",
            "/path/to/export.jsonl (one a line)"
        ],
        BrowseFolder => ["浏览文件夹…", "瀏覽資料夾…", "Browse folder…"],
        Auto => ["自动", "自動", "Auto"],
        AutoHint => [
            "用文件注明的视图（Pizhu 导出的文件会注明），否则用原文",
            "用檔案註明的檢視（Pizhu 匯出的檔案會註明），否則用原文",
            "The view the file states (Pizhu exports state it), else Original"
        ],
        ViewNote => ["文件中的偏移所依据的文本。", "檔案中的偏移所依據的文字。", "The text the files' offsets index."],
        Labels => ["标签", "標籤", "Labels"],
        Strict => [
            "严格：拒绝文件夹里没有的标签（否则会新建为标签）",
            "嚴格：拒絕資料夾裡沒有的標籤（否則會新建為標籤）",
            "Strict: refuse labels that are not tags (else they become new tags)"
        ],
        DoccanoHint => ["doccano JSONL，每行一篇文档", "doccano JSONL，每行一份文件", "doccano JSONL, one document a line"],
        BratHint => [
            ".ann 文件（及其 .txt），或包含它们的文件夹",
            ".ann 檔案（及其 .txt），或包含它們的資料夾",
            ".ann files (with their .txt), or a folder of them"
        ],
        LabelStudioHint => [
            "Label Studio 任务 JSON（UTF-16 偏移）",
            "Label Studio 任務 JSON（UTF-16 偏移）",
            "Label Studio tasks JSON (UTF-16 offsets)"
        ],
        Reading => ["正在读取文件和文件夹…", "正在讀取檔案和資料夾…", "Reading the files and the folder…"],
        DryRunNothingChanged => ["预览（试运行），没有做任何更改：", "預覽（試跑），沒有做任何變更：", "Dry run, nothing changed:"],
        DryRunNothingYet => ["预览（试运行），尚未做任何更改：", "預覽（試跑），尚未做任何變更：", "Dry run, nothing changed yet:"],
        DryRun => ["预览（试运行）：", "預覽（試跑）：", "Dry run:"],
        ImportingProgress => [
            "正在导入：已读取 {done} / {total} 篇文章",
            "正在匯入：已讀取 {done} / {total} 篇文章",
            "Importing: {done} / {total} articles read"
        ],
        Importing => ["正在导入…", "正在匯入…", "Importing…"],
        Imported => ["已导入（一步撤销，Ctrl+Z）：", "已匯入（一步復原，Ctrl+Z）：", "Imported (one undo step, Ctrl+Z):"],
        CancelHint => ["停止；不做任何更改", "停止；不做任何變更", "Stop; nothing is changed"],
        TypeFiles => [
            "请输入要导入的文件（每行一个），或用“浏览…”选择。",
            "請輸入要匯入的檔案（每行一個），或用「瀏覽…」選擇。",
            "Type the files to import (one a line), or choose them with Browse…."
        ],
        CannotStart => ["无法开始导入：{error}。", "無法開始匯入：{error}。", "Cannot start the import: {error}."],
        PreviewAgain => [
            "预览之后文件夹、文件或选项有了变化：请重新预览。",
            "預覽之後資料夾、檔案或選項有了變化：請重新預覽。",
            "The folder, files or choices changed since the preview: preview again."
        ],
        PreviewFirst => ["请先预览导入。", "請先預覽匯入。", "Preview the import first."],
        PreviewCancelled => [
            "预览已取消；没有做任何更改。",
            "預覽已取消；沒有做任何變更。",
            "Preview cancelled; nothing was changed."
        ],
        CannotImport => ["无法导入：{error}", "無法匯入：{error}", "Cannot import: {error}"],
        PreviewStopped => ["预览意外停止。", "預覽意外停止。", "The preview stopped unexpectedly."],
        ImportCancelled => [
            "导入已取消；没有做任何更改。准备好后再点“应用”。",
            "匯入已取消；沒有做任何變更。準備好後再按「套用」。",
            "Import cancelled; nothing was changed. Apply again when ready."
        ],
        NothingImportedPreviewKept => [
            "没有导入任何内容：{error}。预览仍保留：修正后再应用。",
            "沒有匯入任何內容：{error}。預覽仍保留：修正後再套用。",
            "Nothing was imported: {error}. The preview is kept: fix it and apply again."
        ],
        ImportStopped => [
            "导入意外停止；没有做任何更改。",
            "匯入意外停止；沒有做任何變更。",
            "The import stopped unexpectedly; nothing was changed."
        ],
        OtherFolder => [
            "期间打开了另一个文件夹：没有导入任何内容。",
            "期間打開了另一個資料夾：沒有匯入任何內容。",
            "Another folder was opened meanwhile: nothing was imported."
        ],
        NothingImported => ["没有导入任何内容：{error}", "沒有匯入任何內容：{error}", "Nothing was imported: {error}"],
        StrictRefusal => [
            "这些标签不是本文件夹的标签：{labels}。不会导入任何内容：请先添加这些标签，或取消“严格”以新建它们。",
            "這些標籤不是本資料夾的標籤：{labels}。不會匯入任何內容：請先新增這些標籤，或取消「嚴格」以新建它們。",
            "Labels that are not tags of the folder: {labels}. Nothing would be imported: add the tags, or import without Strict to create them."
        ],
        MoreItems => ["……还有更多条目未列出", "……還有更多項目未列出", "… more items not listed"],
        Added => ["已添加", "已新增", "added"],
        AlreadyPresent => ["已存在", "已存在", "already present"],
        Reanchored => ["已重新定位", "已重新定位", "re-anchored"],
        Unmatched => ["未匹配", "未配對", "unmatched"],
        Summary => [
            "已添加 {added}，已存在 {present}，重新定位 {reanchored}，未匹配 {unmatched}（{documents} 篇文档中匹配了 {matched} 篇）",
            "已新增 {added}，已存在 {present}，重新定位 {reanchored}，未配對 {unmatched}（{documents} 份文件中配對了 {matched} 份）",
            "{added} added, {present} already present, {reanchored} re-anchored, {unmatched} unmatched ({matched} of {documents} documents matched)"
        ],
        NewTags => ["；新标签：{tags}", "；新標籤：{tags}", "; new tags: {tags}"],
        AnnotationsNotOpen => [
            "本文件夹的批注没有打开：没有导入任何内容。",
            "本資料夾的批註沒有打開：沒有匯入任何內容。",
            "This folder's annotations are not open: nothing was imported."
        ],
        TagSetUnreadable => [
            "无法读取标签集：{error}（保持不变；请修正或删除它）。没有导入任何内容。",
            "無法讀取標籤集：{error}（保持不變；請修正或刪除它）。沒有匯入任何內容。",
            "Cannot read the tag set: {error} (left unchanged; fix or remove it). Nothing was imported."
        ],
        ImportedStatus => [
            "已导入 {n} 条批注，{unmatched} 条未匹配（一步撤销；详细报告见对话框）。",
            "已匯入 {n} 筆批註，{unmatched} 筆未配對（一步復原；詳細報告見對話框）。",
            "Imported annotations: {n}, unmatched: {unmatched} (one undo step; the dialog has the report)."
        ]
    }
}
