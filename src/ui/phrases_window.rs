//! The User phrases window: the open folder's fixes to the 简/繁 conversion (kept in its
//! `pizhu.ron`), listed with their problems; add, edit and remove. It only pushes commands; the
//! app changes the store, which saves `pizhu.ron` in the background, and renders the views again.
//!
//! Offsets: none (phrases are text). Its strings are in `i18n/dict.rs` ([`PhraseText`]).
//!
//! [`PhraseText`]: super::i18n::PhraseText

use std::path::PathBuf;

use egui::RichText;

use super::command::Command;
use super::i18n::{PhraseText as T, source_name, tr, trf, variant_name, view_sign};
use super::theme::Palette;
use crate::text::convert::{PhraseIssue, PhraseProblem, PhraseScope, UserPhrase};
use crate::text::{OpenccConfig, SimplifiedSource, TraditionalVariant, ViewKind};

/// The short name of a scope, for the list and the status bar.
pub fn scope_label(scope: PhraseScope) -> String {
    match scope {
        PhraseScope::Traditional => tr(T::EveryVariant).to_owned(),
        PhraseScope::Simplified => tr(T::EverySource).to_owned(),
        PhraseScope::Only(config) => trf(T::Only, &[("config", &config_label(config))]),
    }
}

/// An OpenCC config with what it is in the window (`s2tw 臺灣正體`).
fn config_label(config: OpenccConfig) -> String {
    let variant = TraditionalVariant::ALL
        .iter()
        .find(|v| v.config() == config)
        .map(|v| format!("{} {}", view_sign(ViewKind::Traditional), variant_name(*v)));
    let source = SimplifiedSource::ALL
        .iter()
        .find(|s| s.config() == config)
        .map(|s| format!("{} ← {}", view_sign(ViewKind::Simplified), source_name(*s)));
    match variant.or(source) {
        Some(view) => format!("{} {view}", config.name()),
        // t2tw, t2hk, tw2t, hk2t: no view of the window uses them.
        None => trf(T::PizhuConvert, &[("config", &config.name())]),
    }
}

/// `头发 → 頭髮 (繁 every variant)`: a phrase in one line.
pub fn phrase_summary(phrase: &UserPhrase) -> String {
    format!(
        "{} → {} ({})",
        phrase.from,
        phrase.to,
        scope_label(phrase.config)
    )
}

/// Every scope the window offers, in menu order.
fn scope_choices() -> impl Iterator<Item = PhraseScope> {
    [PhraseScope::Traditional, PhraseScope::Simplified]
        .into_iter()
        .chain(OpenccConfig::ALL.into_iter().map(PhraseScope::Only))
}

/// What one phrase's problem says in its row.
fn problem_text(problem: &PhraseProblem) -> String {
    match problem {
        // The core names rows from 0; the window numbers them from 1.
        PhraseProblem::Replaced { later } => trf(T::NotUsedReplaced, &[("row", &(later + 1))]),
        other => trf(T::NotUsed, &[("why", other)]),
    }
}

/// A phrase being typed.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    from: String,
    to: String,
    scope: PhraseScope,
}

impl Default for Draft {
    fn default() -> Self {
        Self {
            from: String::new(),
            to: String::new(),
            scope: PhraseScope::Traditional,
        }
    }
}

impl Draft {
    fn of(phrase: &UserPhrase) -> Self {
        Self {
            from: phrase.from.clone(),
            to: phrase.to.clone(),
            scope: phrase.config,
        }
    }

    fn phrase(&self) -> UserPhrase {
        UserPhrase::new(self.from.clone(), self.to.clone(), self.scope)
    }

    fn is_complete(&self) -> bool {
        !self.from.is_empty() && !self.to.is_empty()
    }
}

/// A row being edited.
struct Editing {
    index: usize,
    old: UserPhrase,
    draft: Draft,
}

/// What the window shows, from the app.
pub struct PhrasesInput<'a> {
    /// The folder's phrases.
    pub phrases: &'a [UserPhrase],
    /// Their problems, by index.
    pub issues: &'a [PhraseIssue],
    /// Why they cannot be changed, if they cannot (no folder open, damaged `pizhu.ron`).
    pub read_only: Option<String>,
    /// The `pizhu.ron` they are saved in.
    pub file: Option<PathBuf>,
    /// Colours.
    pub palette: Palette,
}

/// The window's own state.
#[derive(Default)]
pub struct PhrasesWindow {
    open: bool,
    add: Draft,
    editing: Option<Editing>,
}

impl PhrasesWindow {
    /// Opens the window; with `draft`, its add row is filled with that phrase.
    pub fn show(&mut self, draft: Option<UserPhrase>) {
        self.open = true;
        if let Some(phrase) = draft {
            self.add = Draft::of(&phrase);
        }
    }

    /// True while it is shown.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Hides it (Esc); true if it was shown.
    pub fn close(&mut self) -> bool {
        std::mem::take(&mut self.open)
    }

    /// Draws the window (when open).
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        input: &PhrasesInput<'_>,
        commands: &mut Vec<Command>,
    ) {
        let mut open = self.open;
        // Centred below the toolbar, not over it (egui's default is the top-left corner).
        let top = ctx.content_rect().center_top() + egui::vec2(0.0, 64.0);
        egui::Window::new(tr(T::Title))
            .id(egui::Id::unique("pizhu-user-phrases"))
            .open(&mut open)
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(top)
            .default_width(640.0)
            .default_height(420.0)
            .min_width(420.0)
            .resizable(true)
            .collapsible(false)
            .show(ctx, |ui| self.contents_ui(ui, input, commands));
        self.open = open;
        if !open {
            self.editing = None;
        }
    }

    fn contents_ui(
        &mut self,
        ui: &mut egui::Ui,
        input: &PhrasesInput<'_>,
        commands: &mut Vec<Command>,
    ) {
        let dim = input.palette.dim;
        ui.label(RichText::new(tr(T::Intro)).color(dim));
        if let Some(file) = &input.file {
            ui.label(RichText::new(trf(T::SavedIn, &[("file", &file.display())])).color(dim));
        }
        if let Some(why) = &input.read_only {
            ui.colored_label(input.palette.lost, why);
        }
        let editable = input.read_only.is_none();
        ui.add_space(4.0);

        // The add row.
        ui.horizontal(|ui| {
            ui.add_enabled_ui(editable, |ui| {
                phrase_fields_ui(ui, "add", &mut self.add);
                let add = ui
                    .add_enabled(self.add.is_complete(), egui::Button::new(tr(T::Add)))
                    .on_hover_text(tr(T::AddHint));
                if add.clicked() {
                    commands.push(Command::AddUserPhrase(self.add.phrase()));
                    let scope = self.add.scope;
                    self.add = Draft {
                        scope,
                        ..Draft::default()
                    };
                }
            });
        });
        ui.separator();

        if input.phrases.is_empty() {
            ui.label(RichText::new(tr(T::Empty)).color(dim));
            return;
        }
        let count = trf(T::Count, &[("n", &input.phrases.len())]);
        ui.label(RichText::new(count).color(dim));
        let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
        egui::ScrollArea::vertical()
            .id_salt("user-phrases")
            .auto_shrink([false, true])
            .show_rows(ui, row_height, input.phrases.len(), |ui, rows| {
                for index in rows {
                    self.row_ui(ui, index, input, editable, commands);
                }
            });
    }

    fn row_ui(
        &mut self,
        ui: &mut egui::Ui,
        index: usize,
        input: &PhrasesInput<'_>,
        editable: bool,
        commands: &mut Vec<Command>,
    ) {
        let phrase = &input.phrases[index];
        ui.horizontal(|ui| {
            ui.add_sized(
                [28.0, ui.spacing().interact_size.y],
                egui::Label::new(RichText::new(format!("{}", index + 1)).color(input.palette.dim)),
            );
            if let Some(editing) = self.editing.as_mut().filter(|e| e.index == index) {
                phrase_fields_ui(ui, ("edit", index), &mut editing.draft);
                let ok =
                    ui.add_enabled(editing.draft.is_complete(), egui::Button::new(tr(T::Apply)));
                if ok.clicked() {
                    commands.push(Command::ReplaceUserPhrase {
                        index,
                        old: editing.old.clone(),
                        new: editing.draft.phrase(),
                    });
                    self.editing = None;
                } else if ui.button(tr(crate::ui::i18n::DialogText::Cancel)).clicked() {
                    self.editing = None;
                }
                return;
            }
            ui.add_sized(
                [150.0, ui.spacing().interact_size.y],
                egui::Label::new(RichText::new(&phrase.from).size(16.0)).truncate(),
            );
            ui.label("→");
            ui.add_sized(
                [150.0, ui.spacing().interact_size.y],
                egui::Label::new(RichText::new(&phrase.to).size(16.0)).truncate(),
            );
            ui.add_sized(
                [150.0, ui.spacing().interact_size.y],
                egui::Label::new(
                    RichText::new(scope_label(phrase.config)).color(input.palette.dim),
                )
                .truncate(),
            );
            ui.add_enabled_ui(editable, |ui| {
                if ui.button(tr(T::Edit)).clicked() {
                    self.editing = Some(Editing {
                        index,
                        old: phrase.clone(),
                        draft: Draft::of(phrase),
                    });
                }
                if ui.button(tr(T::Remove)).clicked() {
                    commands.push(Command::RemoveUserPhrase {
                        index,
                        phrase: phrase.clone(),
                    });
                }
            });
            if let Some(issue) = input.issues.iter().find(|i| i.index == index) {
                let text = problem_text(&issue.problem);
                ui.add(
                    egui::Label::new(RichText::new(format!("⚠ {text}")).color(input.palette.lost))
                        .truncate(),
                )
                .on_hover_text(text);
            }
        });
    }
}

/// From, to and scope fields of `draft`.
fn phrase_fields_ui(
    ui: &mut egui::Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    draft: &mut Draft,
) {
    ui.add(
        egui::TextEdit::singleline(&mut draft.from)
            .desired_width(140.0)
            .hint_text(tr(T::FromHint)),
    );
    ui.label("→");
    ui.add(
        egui::TextEdit::singleline(&mut draft.to)
            .desired_width(140.0)
            .hint_text(tr(T::ToHint)),
    );
    egui::ComboBox::from_id_salt(id)
        .selected_text(scope_label(draft.scope))
        .width(150.0)
        .show_ui(ui, |ui| {
            for scope in scope_choices() {
                ui.selectable_value(&mut draft.scope, scope, scope_label(scope));
            }
        })
        .response
        .on_hover_text(tr(T::ScopeHint));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_named_by_their_views() {
        crate::ui::i18n::set_current(crate::ui::i18n::Language::English);
        assert_eq!(scope_label(PhraseScope::Traditional), "繁 every variant");
        assert_eq!(
            scope_label(PhraseScope::Only(OpenccConfig::S2tw)),
            "only s2tw 繁 Taiwan standard"
        );
        assert_eq!(
            scope_label(PhraseScope::Only(OpenccConfig::Tw2sp)),
            "only tw2sp 简 ← Taiwan + phrases"
        );
        assert_eq!(
            scope_label(PhraseScope::Only(OpenccConfig::T2tw)),
            "only t2tw (pizhu convert)"
        );
        assert_eq!(scope_choices().count(), 14);
        let phrase = UserPhrase::new("头发", "頭髮", PhraseScope::Traditional);
        assert_eq!(phrase_summary(&phrase), "头发 → 頭髮 (繁 every variant)");
        assert_eq!(
            problem_text(&PhraseProblem::Replaced { later: 2 }),
            "not used: row 3 has the same text and scope"
        );
    }
}
