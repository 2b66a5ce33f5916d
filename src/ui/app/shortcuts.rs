//! Keyboard shortcuts that work anywhere in the window.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::{Command, PizhuApp};

impl PizhuApp {
    /// Keyboard shortcuts that work anywhere but in a text field.
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        // Only a text field takes plain keys; a focused button must not swallow 1–9 or T.
        let typing = ctx.text_edit_focused();
        let mut commands = Vec::new();
        ctx.input_mut(|input| {
            let command = |input: &mut egui::InputState, modifiers, key| {
                input.consume_shortcut(&KeyboardShortcut::new(modifiers, key))
            };
            if command(input, Modifiers::COMMAND, Key::O) {
                commands.push(Command::ShowOpenDialog);
            }
            if command(input, Modifiers::COMMAND, Key::Equals)
                || command(input, Modifiers::COMMAND, Key::Plus)
            {
                commands.push(Command::StepFontSize(1));
            }
            if command(input, Modifiers::COMMAND, Key::Minus) {
                commands.push(Command::StepFontSize(-1));
            }
            if command(input, Modifiers::COMMAND, Key::Num0) {
                commands.push(Command::ResetFontSize);
            }
            if typing {
                return;
            }
            if command(input, Modifiers::NONE, Key::ArrowDown)
                || command(input, Modifiers::NONE, Key::J)
            {
                commands.push(Command::MoveSelection(1));
            }
            if command(input, Modifiers::NONE, Key::ArrowUp)
                || command(input, Modifiers::NONE, Key::K)
            {
                commands.push(Command::MoveSelection(-1));
            }
            if command(input, Modifiers::NONE, Key::T) {
                commands.push(Command::CycleView);
            }
            const DIGITS: [Key; 9] = [
                Key::Num1,
                Key::Num2,
                Key::Num3,
                Key::Num4,
                Key::Num5,
                Key::Num6,
                Key::Num7,
                Key::Num8,
                Key::Num9,
            ];
            for (i, key) in DIGITS.into_iter().enumerate() {
                if command(input, Modifiers::NONE, key) {
                    commands.push(Command::AnnotateSelectionWithKey(i as u8 + 1));
                }
            }
            if command(input, Modifiers::NONE, Key::H) {
                commands.push(Command::AnnotateSelection(None));
            }
            if command(input, Modifiers::NONE, Key::N) {
                commands.push(Command::EditNote);
            }
            if command(input, Modifiers::NONE, Key::Delete) {
                commands.push(Command::DeleteSelectedAnnotation);
            }
            if command(input, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z) {
                commands.push(Command::Redo);
            }
            if command(input, Modifiers::COMMAND, Key::Z) {
                commands.push(Command::Undo);
            }
            if command(input, Modifiers::SHIFT, Key::ArrowLeft) {
                commands.push(Command::ExtendSelection(-1));
            }
            if command(input, Modifiers::SHIFT, Key::ArrowRight) {
                commands.push(Command::ExtendSelection(1));
            }
        });
        self.commands.extend(commands);
    }
}
