//! Everything the user can ask for. Widgets push a [`Command`]; the app runs them after drawing,
//! so no logic hides inside `clicked()` closures.

use std::path::PathBuf;

use super::settings::SortKey;
use crate::corpus::ArticleId;
use crate::text::ViewKind;

/// A user request.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum Command {
    /// Scan this folder and show it (the current one stays until the scan starts).
    OpenFolder(PathBuf),
    /// Show the open-folder dialog (path field, browse button, recent folders).
    ShowOpenDialog,
    /// Stop the running scan; what was found stays listed.
    CancelScan,
    /// Open this article in the reader.
    SelectArticle(ArticleId),
    /// Move through the (filtered, sorted) list by this many rows.
    MoveSelection(i32),
    /// Read in this view.
    SetView(ViewKind),
    /// Next view (the T key).
    CycleView,
    /// Larger (+1) or smaller (-1) text.
    StepFontSize(i32),
    /// Back to the default text size.
    ResetFontSize,
    /// Light ↔ dark.
    ToggleTheme,
    /// Dim ↔ hide boilerplate lines.
    ToggleHideBoilerplate,
    /// Show or hide the right panel.
    ToggleSidePanel,
    /// Sort the article list.
    SetSort(SortKey),
    /// Copy the selected text of the current view.
    CopySelection,
    /// Dismiss the newest message in the status bar.
    DismissMessage,
}
