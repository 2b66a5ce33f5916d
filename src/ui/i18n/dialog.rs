//! The strings the dialogs share (`ui/dialog.rs`, `ui/file_picker.rs`, `ui/reveal.rs`) and the
//! open-folder dialog's (`ui/open_dialog.rs`).

use super::texts;

texts! {
    /// Shared dialog buttons and messages, and the open-folder dialog.
    pub enum DialogText {
        Close => ["关闭", "關閉", "Close"],
        Cancel => ["取消", "取消", "Cancel"],
        Cancelling => ["正在取消…", "正在取消…", "Cancelling…"],
        Browse => ["浏览…", "瀏覽…", "Browse…"],
        CopyPath => ["复制路径", "複製路徑", "Copy path"],
        OpenFolder => ["打开文件夹", "打開資料夾", "Open folder"],
        NoHome => [
            "无法确定你的主文件夹：请输入完整路径。",
            "無法確定你的主資料夾：請輸入完整路徑。",
            "Cannot tell where your home folder is: type a full path."
        ],
        NothingPicked => [
            "没有选择任何东西（或系统没有文件对话框）：请直接输入路径。",
            "沒有選擇任何項目（或系統沒有檔案對話框）：請直接輸入路徑。",
            "Nothing was chosen (or no system file dialog is available): type the path instead."
        ],
        CannotOpenFileDialog => [
            "无法打开文件对话框：{error}。",
            "無法打開檔案對話框：{error}。",
            "Cannot open the file dialog: {error}."
        ],
        RevealDidNotRun => [
            "无法在文件管理器中打开 {folder}：{program} 没有运行（{error}）。",
            "無法在檔案管理員中打開 {folder}：{program} 沒有執行（{error}）。",
            "Cannot open {folder} in the file manager: {program} did not run ({error})."
        ],
        RevealFailed => [
            "无法在文件管理器中打开 {folder}：{program} 失败（{error}）。",
            "無法在檔案管理員中打開 {folder}：{program} 失敗（{error}）。",
            "Cannot open {folder} in the file manager: {program} failed ({error})."
        ],
        RevealCannotStart => [
            "无法在文件管理器中打开 {folder}：{error}。",
            "無法在檔案管理員中打開 {folder}：{error}。",
            "Cannot open {folder} in the file manager: {error}."
        ],
        RevealNoStart => [
            "文件管理器没有启动。",
            "檔案管理員沒有啟動。",
            "The file manager did not start."
        ],
        OpenTitle => ["打开文件夹", "打開資料夾", "Open folder"],
        FolderPath => ["文件夹路径：", "資料夾路徑：", "Folder path:"],
        Open => ["打开", "打開", "Open"],
        NoFolderPicked => [
            "没有选择文件夹（系统没有文件对话框？）。请在上面输入路径。",
            "沒有選擇資料夾（系統沒有檔案對話框？）。請在上方輸入路徑。",
            "No folder was picked (no system file dialog?). Type the path above."
        ],
        CannotStartPicker => [
            "无法打开文件夹选择器：{error}",
            "無法打開資料夾選擇器：{error}",
            "Cannot start the folder picker: {error}"
        ],
        Recent => ["最近：", "最近：", "Recent:"],
        OpenFolderFirst => ["请先打开一个文件夹。", "請先打開一個資料夾。", "Open a folder first."],
        TypeFolderFirst => ["请先输入文件夹路径。", "請先輸入資料夾路徑。", "Type a folder path first."],
        NotAFolder => ["{path} 不是文件夹。", "{path} 不是資料夾。", "{path} is not a folder."]
    }
}
