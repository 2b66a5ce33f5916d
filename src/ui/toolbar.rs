//! The top bar: open, recent folders, export and import, view switch, boilerplate, pinyin, text
//! size, theme, language, panels, About. Its strings are in `i18n/toolbar.rs`.

use super::command::{Command, SearchCommand};
use super::i18n::{self, Language, Toolbar as T, tr, trf};
use super::settings::Settings;
use crate::dict::SourcePinyin;
use crate::text::ViewKind;

/// What the toolbar shows that is not a setting.
#[derive(Clone, Copy, Debug, Default)]
pub struct ToolbarState {
    /// The article list is a drawer (narrow window): show its toggle.
    pub list_is_drawer: bool,
    /// The article list drawer is open.
    pub list_open: bool,
    /// The side panel (docked or drawer) is shown.
    pub side_shown: bool,
    /// The keyboard help is shown.
    pub help_open: bool,
}

/// Below this width the less used buttons (recent folders, export, import, boilerplate,
/// language, text size, theme, About) move into the 更多 More menu, so the bar fits an
/// 800-point window without overlaps. Measured: the full bar needs ~1 150 points in Chinese and
/// ~1 220 in English (`tests/ui/comfort.rs` checks every width and language).
fn overflow_below(language: Language) -> f32 {
    match language {
        Language::Simplified | Language::Traditional => 1200.0,
        Language::English => 1280.0,
    }
}

/// Draws the toolbar.
pub fn toolbar_ui(
    ui: &mut egui::Ui,
    settings: &Settings,
    state: &ToolbarState,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        if state.list_is_drawer
            && ui
                .selectable_label(state.list_open, tr(T::Articles))
                .on_hover_text(tr(T::ArticlesHint))
                .clicked()
        {
            commands.push(Command::ToggleArticleList);
        }
        if ui
            .button(tr(T::Open))
            .on_hover_text(tr(T::OpenHint))
            .clicked()
        {
            commands.push(Command::ShowOpenDialog);
        }
        let overflow = ui.ctx().content_rect().width() < overflow_below(i18n::current());
        if !overflow {
            ui.menu_button(tr(T::Recent), |ui| recent_menu_ui(ui, settings, commands));
            // Export and import (issue 10).
            if ui
                .button(tr(T::Export))
                .on_hover_text(tr(T::ExportHint))
                .clicked()
            {
                commands.push(Command::ShowExportDialog);
            }
            if ui
                .button(tr(T::Import))
                .on_hover_text(tr(T::ImportHint))
                .clicked()
            {
                commands.push(Command::ShowImportDialog);
            }
        }
        ui.separator();

        // The view switch, a segmented control.
        for kind in ViewKind::ALL {
            let hint = match kind {
                ViewKind::Original => tr(T::ViewOriginalHint).to_owned(),
                ViewKind::Clean => tr(T::ViewCleanHint).to_owned(),
                ViewKind::Simplified => trf(
                    T::ViewSimplifiedHint,
                    &[(
                        "config",
                        &settings.scripts.simplified_source.config().name(),
                    )],
                ),
                ViewKind::Traditional => trf(
                    T::ViewTraditionalHint,
                    &[
                        ("variant", &i18n::variant_name(settings.scripts.traditional)),
                        ("config", &settings.scripts.traditional.config().name()),
                    ],
                ),
            };
            if ui
                .selectable_label(settings.view == kind, i18n::view_sign(kind))
                .on_hover_text(format!("{hint} — {}", tr(T::CycleViewsHint)))
                .clicked()
            {
                commands.push(Command::SetView(kind));
            }
        }
        // Regional scripts, guesses and user phrases (issue 11).
        super::script_menu::script_menu_ui(ui, settings, commands);
        ui.separator();
        // Corpus search (issue 13).
        if ui
            .button(tr(T::Search))
            .on_hover_text(tr(T::SearchHint))
            .clicked()
        {
            commands.push(Command::Search(SearchCommand::ToggleCorpusSearch));
        }
        if !overflow
            && ui
                .add_enabled(
                    settings.view != ViewKind::Original,
                    egui::Button::new(tr(boilerplate_label(settings))),
                )
                .on_hover_text(tr(T::BoilerplateHint))
                .clicked()
        {
            commands.push(Command::ToggleHideBoilerplate);
        }
        pinyin_ui(ui, settings, commands);

        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .selectable_label(state.help_open, tr(T::Help))
                .on_hover_text(tr(T::HelpHint))
                .clicked()
            {
                commands.push(Command::ToggleHelp);
            }
            if ui
                .selectable_label(state.side_shown, tr(T::Details))
                .on_hover_text(tr(T::DetailsHint))
                .clicked()
            {
                commands.push(Command::ToggleSidePanel);
            }
            if overflow {
                ui.menu_button(tr(T::More), |ui| more_menu_ui(ui, settings, commands));
            } else {
                if ui
                    .button(tr(T::About))
                    .on_hover_text(tr(T::AboutHint))
                    .clicked()
                {
                    commands.push(Command::ShowAbout);
                }
                if ui
                    .button(tr(theme_label(settings)))
                    .on_hover_text(tr(T::ThemeHint))
                    .clicked()
                {
                    commands.push(Command::ToggleTheme);
                }
                ui.menu_button(tr(T::Language), |ui| {
                    language_menu_ui(ui, settings, commands)
                })
                .response
                .on_hover_text(tr(T::LanguageHint));
                text_size_ui(ui, settings, commands);
            }
        });
    });
}

fn boilerplate_label(settings: &Settings) -> T {
    if settings.hide_boilerplate {
        T::ShowBoilerplate
    } else {
        T::HideBoilerplate
    }
}

fn theme_label(settings: &Settings) -> T {
    match settings.theme {
        super::theme::Theme::Light => T::Dark,
        super::theme::Theme::Dark => T::Light,
    }
}

fn recent_menu_ui(ui: &mut egui::Ui, settings: &Settings, commands: &mut Vec<Command>) {
    if settings.recent_folders.is_empty() {
        ui.label(tr(T::NoRecent));
    }
    for folder in &settings.recent_folders {
        if ui.button(folder.display().to_string()).clicked() {
            commands.push(Command::OpenFolder(folder.clone()));
            ui.close();
        }
    }
}

/// The language menu: as the system, or one of the three (each named in itself).
fn language_menu_ui(ui: &mut egui::Ui, settings: &Settings, commands: &mut Vec<Command>) {
    let system = trf(
        T::LanguageSystem,
        &[("language", &Language::system().native_name())],
    );
    if ui.radio(settings.language.is_none(), system).clicked() {
        commands.push(Command::SetLanguage(None));
        ui.close();
    }
    for language in Language::ALL {
        if ui
            .radio(settings.language == Some(language), language.native_name())
            .clicked()
        {
            commands.push(Command::SetLanguage(Some(language)));
            ui.close();
        }
    }
}

/// A−, the size, A+ (drawn right to left).
fn text_size_ui(ui: &mut egui::Ui, settings: &Settings, commands: &mut Vec<Command>) {
    if ui
        .button(tr(T::Larger))
        .on_hover_text(tr(T::LargerHint))
        .clicked()
    {
        commands.push(Command::StepFontSize(1));
    }
    ui.label(format!("{:.0}", settings.font_size));
    if ui
        .button(tr(T::Smaller))
        .on_hover_text(tr(T::SmallerHint))
        .clicked()
    {
        commands.push(Command::StepFontSize(-1));
    }
}

/// The 更多 More menu of a narrow window: what does not fit on the bar.
fn more_menu_ui(ui: &mut egui::Ui, settings: &Settings, commands: &mut Vec<Command>) {
    ui.menu_button(tr(T::Recent), |ui| recent_menu_ui(ui, settings, commands));
    let mut item = |ui: &mut egui::Ui, label: T, command: Command| {
        if ui.button(tr(label)).clicked() {
            commands.push(command);
            ui.close();
        }
    };
    item(ui, T::Export, Command::ShowExportDialog);
    item(ui, T::Import, Command::ShowImportDialog);
    ui.separator();
    if settings.view != ViewKind::Original {
        item(
            ui,
            boilerplate_label(settings),
            Command::ToggleHideBoilerplate,
        );
    }
    item(ui, T::LargerItem, Command::StepFontSize(1));
    item(ui, T::SmallerItem, Command::StepFontSize(-1));
    item(ui, theme_label(settings), Command::ToggleTheme);
    ui.separator();
    item(ui, T::About, Command::ShowAbout);
    ui.menu_button(tr(T::Language), |ui| {
        language_menu_ui(ui, settings, commands)
    });
}

/// The pinyin toggle (P) and its menu: which of the crawl's readings it shows.
fn pinyin_ui(ui: &mut egui::Ui, settings: &Settings, commands: &mut Vec<Command>) {
    if ui
        .selectable_label(settings.show_pinyin, tr(T::Pinyin))
        .on_hover_text(tr(T::PinyinHint))
        .clicked()
    {
        commands.push(Command::TogglePinyin);
    }
    ui.menu_button("▼", |ui| {
        ui.label(tr(T::PinyinSource));
        for (source, label) in [
            (SourcePinyin::Never, T::PinyinDictionary),
            (SourcePinyin::LostChars, T::PinyinLostChars),
            (SourcePinyin::Always, T::PinyinCrawl),
        ] {
            if ui
                .radio(settings.source_pinyin == source, tr(label))
                .clicked()
            {
                commands.push(Command::SetSourcePinyin(source));
                ui.close();
            }
        }
    })
    .response
    .on_hover_text(tr(T::PinyinSourceHint));
}
