//! Everything the user can ask for. Widgets push a [`Command`]; the app runs them after drawing,
//! so no logic hides inside `clicked()` closures.

use std::ops::Range;
use std::path::PathBuf;

use super::conversion::BuiltConverters;
use super::corpus_search::{HitFilter, HitTagging, SortBy};
use super::i18n::Language;
use super::settings::SortKey;
use super::tag_all::Prepared;
use crate::annotate::{AnnotationId, LoadedDocument, TagId};
use crate::corpus::ArticleId;
use crate::dict::SourcePinyin;
use crate::jobs::Handoff;
use crate::text::convert::UserPhrase;
use crate::text::{SimplifiedSource, TraditionalVariant, ViewKind};

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
    /// Speak this language (`None`: the system's).
    SetLanguage(Option<Language>),
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
    /// Annotate the selection with this tag (`None`: a plain highlight).
    AnnotateSelection(Option<TagId>),
    /// Annotate the selection with the tag bound to key 1–9.
    AnnotateSelectionWithKey(u8),
    /// Select an annotation (or none) in the side panel and the reader.
    SelectAnnotation(Option<AnnotationId>),
    /// Scroll to an annotation and flash it.
    JumpToAnnotation(AnnotationId),
    /// Change an annotation's tag.
    SetTag(AnnotationId, Option<TagId>),
    /// Replace an annotation's note.
    SetNote(AnnotationId, String),
    /// Delete an annotation (the selected one for the Del key).
    DeleteAnnotation(AnnotationId),
    /// Delete the selected annotation, if any.
    DeleteSelectedAnnotation,
    /// Start editing the note of the selected annotation (N), creating a highlight from the
    /// text selection first if needed.
    EditNote,
    /// Tag every other occurrence of this annotation's text in this article.
    TagAllInArticle(AnnotationId),
    /// Find this annotation's text in every article of the folder (script-insensitively), show
    /// the count, and tag them all on confirmation.
    TagAllInFolder(AnnotationId),
    /// The "tag all" dialog was confirmed: build the annotations for what it found.
    ConfirmTagAll,
    /// Create the annotations "tag all" built (opening the documents it loaded), as one undo
    /// step; articles that refuse them are skipped and reported.
    ApplyTagAll(Handoff<Prepared>),
    /// A background save finished writing: record it in the store (step 3 of a save).
    RecordSaves,
    /// Save now instead of waiting for the next retry.
    RetrySave,
    /// Keep this folder's annotations in the user data folder (its own folder cannot be
    /// written), and save there now.
    SaveToDataDir,
    /// The documents an undo (`true`) or redo needs were loaded: add them, then replay.
    ReplayOpened(Handoff<Vec<LoadedDocument>>, bool),
    /// Extend the text selection by this many chars (Shift+←/→).
    ExtendSelection(i32),
    /// Move an annotation to cover the current text selection.
    ExtendToSelection(AnnotationId),
    /// Settle the open article's sidecar conflict.
    ResolveConflict(crate::annotate::Resolution),
    /// Show the tag-set window.
    ShowTagEditor,
    /// Change the tag set.
    ChangeTag(TagChange),
    /// Undo the last annotation edit.
    Undo,
    /// Redo the last undone annotation edit.
    Redo,

    // Corpus search and the find bar (issue 13).
    /// Something the find bar or the corpus search asks for.
    Search(SearchCommand),
    // Dictionary, pinyin ruby and About (issue 11, window).
    /// Look the selection up in the dictionary (D, the selection popup's 查): the card.
    LookUpSelection,
    /// Select these view chars and show them in the dictionary card (a word the card lists).
    LookUpChars(Range<usize>),
    /// Close the dictionary card (Esc, its × button).
    CloseDictCard,
    /// Show or hide pinyin above the characters (P).
    TogglePinyin,
    /// Which of the crawl's inline readings the pinyin shows.
    SetSourcePinyin(SourcePinyin),
    /// Show the About box (version, licences).
    ShowAbout,
    // ---- Regional scripts, ambiguity marks and user phrases (issue 11, window) ----
    /// Render the 繁 view in this variant (臺灣正體…).
    SetTraditionalVariant(TraditionalVariant),
    /// Read the text as this source for the 简 view (臺灣…).
    SetSimplifiedSource(SimplifiedSource),
    /// Mark, or stop marking, the characters the 简/繁 conversion had to guess (U).
    ToggleAmbiguities,
    /// Show the user phrases window, its add row filled with this phrase if given.
    ShowUserPhrases(Option<UserPhrase>),
    /// Add a user phrase to the folder's `pizhu.ron` (replacing one with the same text and
    /// scope) and render the views with it.
    AddUserPhrase(UserPhrase),
    /// Replace user phrase `old` (at `index`, else the first equal one) by `new`.
    ReplaceUserPhrase {
        /// Where the window showed it.
        index: usize,
        /// The phrase as the window showed it.
        old: UserPhrase,
        /// What it becomes.
        new: UserPhrase,
    },
    /// Remove user phrase `phrase` (at `index`, else the first equal one).
    RemoveUserPhrase {
        /// Where the window showed it.
        index: usize,
        /// The phrase as the window showed it.
        phrase: UserPhrase,
    },
    /// Converters with the folder's user phrases were built on a worker: use them.
    ConvertersBuilt(Handoff<BuiltConverters>),
    // Export and import (issue 10).
    /// Show the Export… dialog (Ctrl+E).
    ShowExportDialog,
    /// Start the export the dialog describes, on a worker thread.
    StartExport,
    /// Show the Import… dialog.
    ShowImportDialog,
    /// Read the files the import dialog names and show what importing them would do (a dry run,
    /// on a worker thread).
    PreviewImport,
    /// Import what the preview showed: open its articles' annotations on a worker thread, then
    /// [`Command::CommitImport`].
    ApplyImport,
    /// The import's articles are open: create its annotations (one undo step).
    CommitImport,

    // Reading comfort (issue 12): keyboard reading, help, responsive layout, span labels.
    /// Scroll the reader by this many screens, each a screen less one line (Space, PageDown: 1;
    /// Shift+Space, PageUp: -1).
    ScrollPages(i32),
    /// Scroll to the start of the article (Home, G).
    ScrollToStart,
    /// Scroll to the end of the article (End, Shift+G).
    ScrollToEnd,
    /// Show or hide the keyboard help (F1, ?).
    ToggleHelp,
    /// Esc: close the topmost window, drawer or popup; else clear the text selection; else
    /// deselect the annotation.
    Escape,
    /// Show or hide the tags' labels above their spans (L).
    ToggleLabels,
    /// Show or hide the article list where it is a drawer (narrow windows).
    ToggleArticleList,

    // Full-width punctuation in 净文 (issue 12).
    /// Restore full-width punctuation in the Clean view, or show the crawl's ASCII.
    ToggleFullWidthPunctuation,
}

/// A change to the folder's tag set.
#[derive(Clone, Debug, PartialEq)]
pub enum TagChange {
    /// A new tag (the next free colour, no key).
    Add {
        /// Its id.
        id: String,
        /// Its label.
        label: String,
    },
    /// A new label.
    Rename(TagId, String),
    /// A new colour.
    Recolour(TagId, [u8; 3]),
    /// A new key (or none); the tag that had it loses it.
    Rebind(TagId, Option<u8>),
    /// Remove a tag; without `force` a tag in use is refused so the window can ask.
    Remove {
        /// Which.
        id: TagId,
        /// Remove even when annotations use it.
        force: bool,
    },
}

/// What the find bar (Ctrl+F) and the corpus search (Ctrl+Shift+F) ask for (issue 13).
#[derive(Clone, Debug, PartialEq)]
pub enum SearchCommand {
    /// Show the find bar over the reader, its field focused (filled with the selection).
    ShowFindBar,
    /// Go to the next hit of the find bar (opening it if closed).
    FindNext,
    /// Go to the previous hit of the find bar.
    FindPrevious,
    /// Hide the find bar, leaving its current hit selected.
    CloseFindBar,
    /// Show or hide the corpus search panel.
    ToggleCorpusSearch,
    /// Show the corpus search panel and search the full text for this query.
    SearchFor(String),
    /// Order the concordance's rows.
    SortHits(SortBy),
    /// List only the hits this filter keeps.
    FilterHits(HitFilter),
    /// Open the article of a hit, scrolled to it, the hit selected (Original chars).
    OpenHit {
        /// The article.
        article: ArticleId,
        /// The hit's Original chars.
        original: Range<usize>,
    },
    /// "Tag all hits" was confirmed with this tag (`None`: highlights): build the annotations.
    ConfirmTagHits(Option<TagId>),
    /// Create the annotations "tag all hits" built, as one undo step.
    ApplyTagHits(Box<HitTagging>),
    /// Write the listed hits as CSV to this file.
    ExportHits(PathBuf),
}
