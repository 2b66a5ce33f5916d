//! The keyboard shortcuts: one table of key → [`Command`], read once per frame before drawing.
//!
//! The table is data, so the help can list it (by [`ShortcutGroup`], in table order) and a new
//! key is one row. egui matches modifiers "logically" (extra Shift or Alt still match), so a row
//! must come before any row it would shadow: Ctrl+Shift+Z (redo) before Ctrl+Z (undo).

use egui::{Key, KeyboardShortcut, Modifiers};

use super::command::{Command, SearchCommand};
use super::i18n::{Keys as K, Reading as R, tr};
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
    /// Finding text in the article and the folder.
    Search,
    /// Opening folders.
    Files,
}

impl ShortcutGroup {
    /// Every group, in the order the help lists them (a group without rows is not shown).
    pub const ALL: [Self; 5] = [
        Self::Reading,
        Self::Views,
        Self::Annotating,
        Self::Search,
        Self::Files,
    ];

    /// Heading in the help, in the current language.
    pub fn label(self) -> &'static str {
        tr(match self {
            Self::Reading => R::GroupReading,
            Self::Views => R::GroupViews,
            Self::Annotating => R::GroupAnnotating,
            Self::Search => R::GroupSearch,
            Self::Files => R::GroupFiles,
        })
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
    pub description: K,
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
    description: K,
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
    description: K,
) -> Shortcut {
    let mut shortcut = row(modifiers, key, command, group, description);
    shortcut.in_text_fields = true;
    shortcut
}

const NONE: Modifiers = Modifiers::NONE;
const CMD: Modifiers = Modifiers::COMMAND;
const SHIFT: Modifiers = Modifiers::SHIFT;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

const TAG_WITH_KEY: K = K::TagWithKey;
const NEXT_ARTICLE: K = K::NextArticle;
const PREVIOUS_ARTICLE: K = K::PreviousArticle;
const LARGER_TEXT: K = K::LargerText;
const NEXT_SCREEN: K = K::NextScreen;
const PREVIOUS_SCREEN: K = K::PreviousScreen;
const TO_START: K = K::ToStart;
const TO_END: K = K::ToEnd;
const HELP: K = K::Help;

/// Every shortcut, in the order they are matched (most specific first).
#[rustfmt::skip]
pub const SHORTCUTS: &[Shortcut] = &[
    row_anywhere(CMD, Key::O, C::ShowOpenDialog, Files, K::OpenFolder),
    row_anywhere(CMD, Key::Equals, C::StepFontSize(1), Reading, LARGER_TEXT),
    row_anywhere(CMD, Key::Plus, C::StepFontSize(1), Reading, LARGER_TEXT),
    row_anywhere(CMD, Key::Minus, C::StepFontSize(-1), Reading, K::SmallerText),
    row_anywhere(CMD, Key::Num0, C::ResetFontSize, Reading, K::DefaultTextSize),
    row(NONE, Key::ArrowDown, C::MoveSelection(1), Reading, NEXT_ARTICLE),
    row(NONE, Key::J, C::MoveSelection(1), Reading, NEXT_ARTICLE),
    row(NONE, Key::ArrowUp, C::MoveSelection(-1), Reading, PREVIOUS_ARTICLE),
    row(NONE, Key::K, C::MoveSelection(-1), Reading, PREVIOUS_ARTICLE),
    row(NONE, Key::T, C::CycleView, Views, K::NextView),
    row(NONE, Key::Num1, C::AnnotateSelectionWithKey(1), Annotating, TAG_WITH_KEY),
    row(NONE, Key::Num2, C::AnnotateSelectionWithKey(2), Annotating, TAG_WITH_KEY),
    row(NONE, Key::Num3, C::AnnotateSelectionWithKey(3), Annotating, TAG_WITH_KEY),
    row(NONE, Key::Num4, C::AnnotateSelectionWithKey(4), Annotating, TAG_WITH_KEY),
    row(NONE, Key::Num5, C::AnnotateSelectionWithKey(5), Annotating, TAG_WITH_KEY),
    row(NONE, Key::Num6, C::AnnotateSelectionWithKey(6), Annotating, TAG_WITH_KEY),
    row(NONE, Key::Num7, C::AnnotateSelectionWithKey(7), Annotating, TAG_WITH_KEY),
    row(NONE, Key::Num8, C::AnnotateSelectionWithKey(8), Annotating, TAG_WITH_KEY),
    row(NONE, Key::Num9, C::AnnotateSelectionWithKey(9), Annotating, TAG_WITH_KEY),
    row(NONE, Key::H, C::AnnotateSelection(None), Annotating, K::Highlight),
    row(NONE, Key::N, C::EditNote, Annotating, K::WriteNote),
    row(NONE, Key::Delete, C::DeleteSelectedAnnotation, Annotating, K::DeleteAnnotation),
    row(CMD_SHIFT, Key::Z, C::Redo, Annotating, K::Redo),
    row(CMD, Key::Z, C::Undo, Annotating, K::Undo),
    row(SHIFT, Key::ArrowLeft, C::ExtendSelection(-1), Annotating, K::ExtendLeft),
    row(SHIFT, Key::ArrowRight, C::ExtendSelection(1), Annotating, K::ExtendRight),
    // Search (issue 13): Ctrl+Shift+F before Ctrl+F, Shift+F3 before F3.
    row_anywhere(CMD_SHIFT, Key::F, C::Search(SearchCommand::ToggleCorpusSearch), Search, K::SearchEverything),
    row_anywhere(CMD, Key::F, C::Search(SearchCommand::ShowFindBar), Search, K::FindInArticle),
    row(SHIFT, Key::F3, C::Search(SearchCommand::FindPrevious), Search, K::PreviousHit),
    row(NONE, Key::F3, C::Search(SearchCommand::FindNext), Search, K::NextHit),
    // Dictionary and pinyin (issue 11).
    row(NONE, Key::D, C::LookUpSelection, Reading, K::LookUp),
    row(NONE, Key::P, C::TogglePinyin, Reading, K::Pinyin),
    // Regional scripts and user phrases (issue 11).
    row(NONE, Key::U, C::ToggleAmbiguities, Views, K::MarkGuesses),
    // Export and import (issue 10).
    row_anywhere(CMD, Key::E, C::ShowExportDialog, Files, K::Export),
    // Reading comfort (issue 12). Shift+Space and Shift+G before Space and G, which they shadow.
    row(SHIFT, Key::Space, C::ScrollPages(-1), Reading, PREVIOUS_SCREEN),
    row(NONE, Key::Space, C::ScrollPages(1), Reading, NEXT_SCREEN),
    row(NONE, Key::PageDown, C::ScrollPages(1), Reading, NEXT_SCREEN),
    row(NONE, Key::PageUp, C::ScrollPages(-1), Reading, PREVIOUS_SCREEN),
    row(NONE, Key::Home, C::ScrollToStart, Reading, TO_START),
    row(SHIFT, Key::G, C::ScrollToEnd, Reading, TO_END),
    row(NONE, Key::G, C::ScrollToStart, Reading, TO_START),
    row(NONE, Key::End, C::ScrollToEnd, Reading, TO_END),
    row(NONE, Key::Escape, C::Escape, Reading, K::Escape),
    row(NONE, Key::F1, C::ToggleHelp, Reading, HELP),
    row(NONE, Key::Questionmark, C::ToggleHelp, Reading, HELP),
    row(NONE, Key::L, C::ToggleLabels, Views, K::Labels),
];

/// What the mouse does beyond clicking and dragging, for the help: (gesture, group, description).
pub const POINTER_ACTIONS: &[(R, ShortcutGroup, R)] =
    &[(R::MouseDoubleClick, Reading, R::MouseDoubleClickDoes)];
/// One entry of the help: every key of the rows that share a description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpEntry {
    /// The keys, as the help shows them (`Ctrl+O`, `Shift+G`, `Space`).
    pub keys: Vec<String>,
    /// What they do.
    pub description: K,
}

/// The help's contents: every group that has shortcuts, in [`ShortcutGroup::ALL`] order, each
/// with its entries in table order (rows with the same description merged into one entry).
pub fn help_entries(is_mac: bool) -> Vec<(ShortcutGroup, Vec<HelpEntry>)> {
    let names = if is_mac {
        egui::ModifierNames::SYMBOLS
    } else {
        egui::ModifierNames::NAMES
    };
    ShortcutGroup::ALL
        .into_iter()
        .filter_map(|group| {
            let mut entries: Vec<HelpEntry> = Vec::new();
            for shortcut in SHORTCUTS.iter().filter(|s| s.group == group) {
                let keys = key_name(&shortcut.keys, &names, is_mac);
                match entries
                    .iter_mut()
                    .find(|e| e.description == shortcut.description)
                {
                    Some(entry) => entry.keys.push(keys),
                    None => entries.push(HelpEntry {
                        keys: vec![keys],
                        description: shortcut.description,
                    }),
                }
            }
            (!entries.is_empty()).then_some((group, entries))
        })
        .collect()
}

/// How the help names a shortcut: egui's modifier names, the key's symbol where it has one,
/// arrows spelled `↑`/`↓`/`←`/`→` (egui's `⏶`… are not in the bundled fonts).
fn key_name(keys: &KeyboardShortcut, names: &egui::ModifierNames<'_>, is_mac: bool) -> String {
    let arrow = match keys.logical_key {
        Key::ArrowUp => Some("↑"),
        Key::ArrowDown => Some("↓"),
        Key::ArrowLeft => Some("←"),
        Key::ArrowRight => Some("→"),
        _ => None,
    };
    // Keys by their symbol where they have one (`Ctrl+=`, `?`), Esc as keyboards print it.
    let key = match keys.logical_key {
        Key::Escape => "Esc",
        key => arrow.unwrap_or_else(|| key.symbol_or_name()),
    };
    let mut name = names.format(&keys.modifiers, is_mac);
    if !name.is_empty() {
        name += names.concat;
    }
    name + key
}

/// The commands of the shortcuts pressed this frame, in table order. Their key presses are
/// consumed, so widgets drawn later do not see them. While a text field has keyboard focus only
/// the rows marked [`Shortcut::in_text_fields`] fire (a focused button does not block keys).
pub fn commands_from_input(ctx: &egui::Context) -> Vec<Command> {
    let typing = ctx.text_edit_focused();
    // An open menu or combo box closes itself on Esc when it is drawn: leave it the key.
    let popup_open = egui::Popup::is_any_open(ctx);
    ctx.input_mut(|input| {
        SHORTCUTS
            .iter()
            .filter(|shortcut| shortcut.in_text_fields || !typing)
            .filter(|shortcut| !(popup_open && shortcut.keys.logical_key == Key::Escape))
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
    fn the_help_lists_every_row_once_and_no_empty_group() {
        let help = help_entries(false);
        let listed: usize = help
            .iter()
            .flat_map(|(_, entries)| entries)
            .map(|e| e.keys.len())
            .sum();
        assert_eq!(listed, SHORTCUTS.len(), "every row, once");
        for (group, entries) in &help {
            assert!(!entries.is_empty(), "{group:?} is shown empty");
        }
        let reading = &help.iter().find(|(g, _)| *g == Reading).expect("reading").1;
        let next_screen = reading
            .iter()
            .find(|e| e.description == NEXT_SCREEN)
            .expect("next screen");
        assert_eq!(next_screen.keys, ["Space", "PageDown"]);
        let to_end = reading
            .iter()
            .find(|e| e.description == TO_END)
            .expect("end");
        assert_eq!(to_end.keys, ["Shift+G", "End"]);
        let next_article = reading
            .iter()
            .find(|e| e.description == NEXT_ARTICLE)
            .expect("next article");
        assert_eq!(next_article.keys, ["↓", "J"]);
        let help_keys = &reading
            .iter()
            .find(|e| e.description == HELP)
            .expect("help")
            .keys;
        assert_eq!(help_keys, &["F1", "?"], "keys by their symbols");
        assert!(reading.iter().any(|e| e.keys == ["Esc"]));
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

    #[test]
    fn reading_keys() {
        assert_eq!(
            press(Modifiers::NONE, Key::Space),
            vec![Command::ScrollPages(1)]
        );
        assert_eq!(
            press(Modifiers::SHIFT, Key::Space),
            vec![Command::ScrollPages(-1)],
            "back, and not forward as well"
        );
        assert_eq!(
            press(Modifiers::NONE, Key::PageUp),
            vec![Command::ScrollPages(-1)]
        );
        assert_eq!(press(Modifiers::NONE, Key::G), vec![Command::ScrollToStart]);
        assert_eq!(press(Modifiers::SHIFT, Key::G), vec![Command::ScrollToEnd]);
        assert_eq!(press(Modifiers::NONE, Key::End), vec![Command::ScrollToEnd]);
        // `?` is Shift+/ on most layouts: egui reports the logical key with Shift held.
        assert_eq!(
            press(Modifiers::SHIFT, Key::Questionmark),
            vec![Command::ToggleHelp]
        );
        assert_eq!(press(Modifiers::NONE, Key::F1), vec![Command::ToggleHelp]);
        assert_eq!(press(Modifiers::NONE, Key::Escape), vec![Command::Escape]);
    }
}
