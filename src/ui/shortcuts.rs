//! The keyboard shortcuts: one table of key → [`Command`], read once per frame before drawing.
//!
//! The table is data, so the help can list it (by [`ShortcutGroup`], in table order) and a new
//! key is one row. egui matches modifiers "logically" (extra Shift or Alt still match), so a row
//! must come before any row it would shadow: Ctrl+Shift+Z (redo) before Ctrl+Z (undo).

use egui::{Key, KeyboardShortcut, Modifiers};

use super::command::{Command, SearchCommand};
use Command as C;
use ShortcutGroup::{Annotating, Files, Reading, Search, Views};

/// Where a shortcut is listed in the help.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShortcutGroup {
    /// Moving through the folder and the text; text size.
    Reading,
    /// 原文, 净文, 简, 繁.
    Views,
    /// Tagging, notes, undo.
    Annotating,
    /// Opening folders.
    Files,
    /// Finding text in the article and in the folder (issue 13).
    Search,
}

impl ShortcutGroup {
    /// Every group, in the order the help lists them.
    pub const ALL: [Self; 5] = [
        Self::Reading,
        Self::Views,
        Self::Annotating,
        Self::Search,
        Self::Files,
    ];

    /// Heading in the help.
    pub fn label(self) -> &'static str {
        match self {
            Self::Reading => "阅读 Reading",
            Self::Views => "视图 Views",
            Self::Annotating => "批注 Annotating",
            Self::Files => "文件 Files",
            Self::Search => "查找 Search",
        }
    }
}

/// One keyboard shortcut.
#[derive(Clone, Debug)]
pub struct Shortcut {
    /// The key and its modifiers (Ctrl on Linux and Windows, ⌘ on macOS for `COMMAND`).
    pub keys: KeyboardShortcut,
    /// What it asks for.
    pub command: Command,
    /// Where the help lists it.
    pub group: ShortcutGroup,
    /// What the help says it does (rows with the same text are one entry with several keys).
    pub description: &'static str,
    /// It also works while a text field has keyboard focus. Only Ctrl/⌘ shortcuts may: a plain
    /// key there is typing.
    pub in_text_fields: bool,
}

/// A row of the table (keeps the table one line per shortcut).
const fn row(
    modifiers: Modifiers,
    key: Key,
    command: Command,
    group: ShortcutGroup,
    description: &'static str,
) -> Shortcut {
    Shortcut {
        keys: KeyboardShortcut::new(modifiers, key),
        command,
        group,
        description,
        in_text_fields: false,
    }
}

/// Like [`row`], for a shortcut that also works while typing in a text field.
const fn row_anywhere(
    modifiers: Modifiers,
    key: Key,
    command: Command,
    group: ShortcutGroup,
    description: &'static str,
) -> Shortcut {
    let mut shortcut = row(modifiers, key, command, group, description);
    shortcut.in_text_fields = true;
    shortcut
}

const NONE: Modifiers = Modifiers::NONE;
const CMD: Modifiers = Modifiers::COMMAND;
const SHIFT: Modifiers = Modifiers::SHIFT;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

const TAG_WITH_KEY: &str = "Tag the selection with the tag on this key";
const NEXT_ARTICLE: &str = "Next article";
const PREVIOUS_ARTICLE: &str = "Previous article";
const LARGER_TEXT: &str = "Larger text";

/// Every shortcut, in the order they are matched (most specific first).
#[rustfmt::skip]
pub const SHORTCUTS: &[Shortcut] = &[
    row_anywhere(CMD, Key::O, C::ShowOpenDialog, Files, "Open a folder"),
    row_anywhere(CMD, Key::Equals, C::StepFontSize(1), Reading, LARGER_TEXT),
    row_anywhere(CMD, Key::Plus, C::StepFontSize(1), Reading, LARGER_TEXT),
    row_anywhere(CMD, Key::Minus, C::StepFontSize(-1), Reading, "Smaller text"),
    row_anywhere(CMD, Key::Num0, C::ResetFontSize, Reading, "Default text size"),
    row(NONE, Key::ArrowDown, C::MoveSelection(1), Reading, NEXT_ARTICLE),
    row(NONE, Key::J, C::MoveSelection(1), Reading, NEXT_ARTICLE),
    row(NONE, Key::ArrowUp, C::MoveSelection(-1), Reading, PREVIOUS_ARTICLE),
    row(NONE, Key::K, C::MoveSelection(-1), Reading, PREVIOUS_ARTICLE),
    row(NONE, Key::T, C::CycleView, Views, "Next view: 原文 → 净文 → 简 → 繁"),
    row(NONE, Key::Num1, C::AnnotateSelectionWithKey(1), Annotating, TAG_WITH_KEY),
    row(NONE, Key::Num2, C::AnnotateSelectionWithKey(2), Annotating, TAG_WITH_KEY),
    row(NONE, Key::Num3, C::AnnotateSelectionWithKey(3), Annotating, TAG_WITH_KEY),
    row(NONE, Key::Num4, C::AnnotateSelectionWithKey(4), Annotating, TAG_WITH_KEY),
    row(NONE, Key::Num5, C::AnnotateSelectionWithKey(5), Annotating, TAG_WITH_KEY),
    row(NONE, Key::Num6, C::AnnotateSelectionWithKey(6), Annotating, TAG_WITH_KEY),
    row(NONE, Key::Num7, C::AnnotateSelectionWithKey(7), Annotating, TAG_WITH_KEY),
    row(NONE, Key::Num8, C::AnnotateSelectionWithKey(8), Annotating, TAG_WITH_KEY),
    row(NONE, Key::Num9, C::AnnotateSelectionWithKey(9), Annotating, TAG_WITH_KEY),
    row(NONE, Key::H, C::AnnotateSelection(None), Annotating, "Highlight the selection"),
    row(NONE, Key::N, C::EditNote, Annotating, "Write a note on the selected annotation"),
    row(NONE, Key::Delete, C::DeleteSelectedAnnotation, Annotating, "Delete the selected annotation"),
    row(CMD_SHIFT, Key::Z, C::Redo, Annotating, "Redo"),
    row(CMD, Key::Z, C::Undo, Annotating, "Undo (across articles)"),
    row(SHIFT, Key::ArrowLeft, C::ExtendSelection(-1), Annotating, "Move the selection's end one character left"),
    row(SHIFT, Key::ArrowRight, C::ExtendSelection(1), Annotating, "Move the selection's end one character right"),
    // Search (issue 13): Ctrl+Shift+F before Ctrl+F, Shift+F3 before F3.
    row_anywhere(CMD_SHIFT, Key::F, C::Search(SearchCommand::ToggleCorpusSearch), Search, "Search every article (concordance)"),
    row_anywhere(CMD, Key::F, C::Search(SearchCommand::ShowFindBar), Search, "Find in this article"),
    row(SHIFT, Key::F3, C::Search(SearchCommand::FindPrevious), Search, "Previous hit in this article (also Shift+Enter in the find bar)"),
    row(NONE, Key::F3, C::Search(SearchCommand::FindNext), Search, "Next hit in this article (also Enter in the find bar)"),
    // Dictionary and pinyin (issue 11).
    row(NONE, Key::D, C::LookUpSelection, Reading, "Look the selection up in the dictionary (Esc closes the card)"),
    row(NONE, Key::P, C::TogglePinyin, Reading, "Show or hide pinyin above the characters"),
    // Regional scripts and user phrases (issue 11).
    row(NONE, Key::U, C::ToggleAmbiguities, Views, "Mark the characters the 简/繁 conversion had to guess"),
    // Export and import (issue 10).
    row_anywhere(CMD, Key::E, C::ShowExportDialog, Files, "Export annotations"),
];

/// What the mouse does beyond clicking and dragging, for the help: (gesture, group, description).
pub const POINTER_ACTIONS: &[(&str, ShortcutGroup, &str)] = &[(
    "Double-click",
    Reading,
    "Select the dictionary word around a character (then D looks it up)",
)];

/// The commands of the shortcuts pressed this frame, in table order. Their key presses are
/// consumed, so widgets drawn later do not see them. While a text field has keyboard focus only
/// the rows marked [`Shortcut::in_text_fields`] fire (a focused button does not block keys).
pub fn commands_from_input(ctx: &egui::Context) -> Vec<Command> {
    let typing = ctx.text_edit_focused();
    ctx.input_mut(|input| {
        SHORTCUTS
            .iter()
            .filter(|shortcut| shortcut.in_text_fields || !typing)
            .filter(|shortcut| input.consume_shortcut(&shortcut.keys))
            .map(|shortcut| shortcut.command.clone())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs one frame with `key` pressed (with `modifiers`) and returns the commands.
    fn press(modifiers: Modifiers, key: Key) -> Vec<Command> {
        let ctx = egui::Context::default();
        let input = egui::RawInput {
            events: vec![egui::Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers,
            }],
            ..egui::RawInput::default()
        };
        let mut commands = Vec::new();
        let mut output = ctx.run_ui(input, |ui| commands = commands_from_input(ui.ctx()));
        // No renderer takes the font atlas here.
        output.textures_delta.clear();
        commands
    }

    #[test]
    fn no_row_shadows_a_later_row() {
        for (i, earlier) in SHORTCUTS.iter().enumerate() {
            for later in &SHORTCUTS[i + 1..] {
                let same_key = earlier.keys.logical_key == later.keys.logical_key;
                assert!(
                    !(same_key
                        && later
                            .keys
                            .modifiers
                            .matches_logically(earlier.keys.modifiers)),
                    "{:?} is matched by {:?} first",
                    later.command,
                    earlier.command
                );
            }
        }
    }

    #[test]
    fn only_ctrl_shortcuts_work_while_typing() {
        for shortcut in SHORTCUTS.iter().filter(|s| s.in_text_fields) {
            assert!(shortcut.keys.modifiers.command, "{:?}", shortcut.command);
        }
    }

    #[test]
    fn every_group_is_listed_and_used() {
        for group in ShortcutGroup::ALL {
            assert!(SHORTCUTS.iter().any(|s| s.group == group), "{group:?}");
        }
    }

    #[test]
    fn a_pressed_key_gives_its_command_once() {
        assert_eq!(press(Modifiers::NONE, Key::T), vec![Command::CycleView]);
        assert_eq!(
            press(Modifiers::NONE, Key::Num7),
            vec![Command::AnnotateSelectionWithKey(7)]
        );
        assert_eq!(press(Modifiers::COMMAND, Key::Z), vec![Command::Undo]);
        assert_eq!(
            press(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z),
            vec![Command::Redo],
            "redo, and not undo as well"
        );
        assert_eq!(press(Modifiers::NONE, Key::F12), Vec::<Command>::new());
        assert_eq!(
            press(Modifiers::COMMAND | Modifiers::SHIFT, Key::F),
            vec![Command::Search(SearchCommand::ToggleCorpusSearch)],
            "the corpus search, and not the find bar as well"
        );
        assert_eq!(
            press(Modifiers::SHIFT, Key::F3),
            vec![Command::Search(SearchCommand::FindPrevious)]
        );
        assert_eq!(
            press(Modifiers::NONE, Key::D),
            vec![Command::LookUpSelection]
        );
        assert_eq!(press(Modifiers::NONE, Key::P), vec![Command::TogglePinyin]);
        assert_eq!(
            press(Modifiers::NONE, Key::U),
            vec![Command::ToggleAmbiguities]
        );
    }
}
