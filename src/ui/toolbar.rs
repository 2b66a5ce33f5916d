//! The top bar: open, recent folders, export and import, view switch, boilerplate, pinyin, text
//! size, theme, panels, About.

use super::command::{Command, SearchCommand};
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

const ARTICLES: &str = "≡ 文章 Articles";
const ARTICLES_HINT: &str = "Show or hide the article list (J/K move between articles)";
const HELP: &str = "?";
const HELP_HINT: &str = "键盘 Keyboard help (F1 or ?)";

/// Below this width the buttons show their Chinese names only (the English is in their
/// tooltips): with search, pinyin and the script menu the bar with full labels needs about 1 550 points.
const COMPACT_BELOW: f32 = 1600.0;

/// Below this width (measured: the full bar needs ~1 150 points) the less used buttons (recent folders, export, import, text size, theme,
/// About) move into the 更多 More menu, so the bar fits an 800-point window without overlaps.
const OVERFLOW_BELOW: f32 = 1200.0;

/// A bilingual label's Chinese part (`打开 Open…` → `打开`, `≡ 文章 Articles` → `≡ 文章`), for
/// the compact bar.
fn chinese_part(label: &str) -> &str {
    // Up to the first space followed by a Latin letter: the English half starts there.
    label
        .char_indices()
        .zip(label.chars().skip(1))
        .find(|((_, c), next)| *c == ' ' && next.is_ascii_alphabetic())
        .map_or(label, |((i, _), _)| &label[..i])
}

/// Draws the toolbar.
pub fn toolbar_ui(
    ui: &mut egui::Ui,
    settings: &Settings,
    state: &ToolbarState,
    commands: &mut Vec<Command>,
) {
    let compact = ui.available_width() < COMPACT_BELOW;
    let t = |label: &'static str| if compact { chinese_part(label) } else { label };
    ui.horizontal(|ui| {
        if state.list_is_drawer
            && ui
                .selectable_label(state.list_open, t(ARTICLES))
                .on_hover_text(ARTICLES_HINT)
                .clicked()
        {
            commands.push(Command::ToggleArticleList);
        }
        if ui
            .button(t("打开 Open…"))
            .on_hover_text("Open a folder (Ctrl+O)")
            .clicked()
        {
            commands.push(Command::ShowOpenDialog);
        }
        let overflow = ui.ctx().content_rect().width() < OVERFLOW_BELOW;
        if !overflow {
            ui.menu_button(t("最近 Recent"), |ui| {
                recent_menu_ui(ui, settings, commands)
            });
            // Export and import (issue 10).
            if ui
                .button("导出 Export…")
                .on_hover_text(EXPORT_HINT)
                .clicked()
            {
                commands.push(Command::ShowExportDialog);
            }
            if ui
                .button("导入 Import…")
                .on_hover_text(IMPORT_HINT)
                .clicked()
            {
                commands.push(Command::ShowImportDialog);
            }
        }
        ui.separator();

        // The view switch, a segmented control.
        for kind in ViewKind::ALL {
            let hint = match kind {
                ViewKind::Original => "原文 Original: the file exactly as decoded".to_owned(),
                ViewKind::Clean => {
                    "净文 Clean: crawl pinyin removed, boilerplate dimmed".to_owned()
                }
                ViewKind::Simplified => format!(
                    "简体 Simplified (OpenCC {} of 净文)",
                    settings.scripts.simplified_source.config().name()
                ),
                ViewKind::Traditional => format!(
                    "繁體 Traditional: {} (OpenCC {} of 净文)",
                    settings.scripts.traditional.label(),
                    settings.scripts.traditional.config().name()
                ),
            };
            if ui
                .selectable_label(settings.view == kind, kind.label())
                .on_hover_text(format!("{hint} — T cycles views"))
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
            .button("搜索")
            .on_hover_text(
                "搜索全文 Search the full text of every article: a concordance \
                 (Ctrl+Shift+F). Ctrl+F finds in this article.",
            )
            .clicked()
        {
            commands.push(Command::Search(SearchCommand::ToggleCorpusSearch));
        }
        let hide_label = if settings.hide_boilerplate {
            "显示模板行 Show boilerplate"
        } else {
            "隐藏模板行 Hide boilerplate"
        };
        if ui
            .add_enabled(
                settings.view != ViewKind::Original,
                egui::Button::new(t(hide_label)),
            )
            .on_hover_text(
                "模板行 Boilerplate lines (share buttons, breadcrumbs, credits) are dimmed or \
                 hidden",
            )
            .clicked()
        {
            commands.push(Command::ToggleHideBoilerplate);
        }
        pinyin_ui(ui, settings, overflow, commands);

        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .selectable_label(state.help_open, HELP)
                .on_hover_text(HELP_HINT)
                .clicked()
            {
                commands.push(Command::ToggleHelp);
            }
            if ui
                .selectable_label(state.side_shown, t("详情 Details"))
                .on_hover_text("Show or hide the side panel")
                .clicked()
            {
                commands.push(Command::ToggleSidePanel);
            }
            if overflow {
                ui.menu_button(MORE, |ui| more_menu_ui(ui, settings, commands));
            } else {
                if ui.button("关于 About").on_hover_text(ABOUT_HINT).clicked() {
                    commands.push(Command::ShowAbout);
                }
                if ui
                    .button(t(theme_label(settings)))
                    .on_hover_text("Light or dark theme")
                    .clicked()
                {
                    commands.push(Command::ToggleTheme);
                }
                text_size_ui(ui, settings, commands);
            }
        });
    });
}

const MORE: &str = "更多 ▼";
const EXPORT_HINT: &str =
    "Export annotations for doccano, brat, Label Studio, CoNLL, spreadsheets… (Ctrl+E)";
const IMPORT_HINT: &str = "Import annotations from doccano, brat or Label Studio";
const ABOUT_HINT: &str = "关于 About: version and licences";

fn theme_label(settings: &Settings) -> &'static str {
    match settings.theme {
        super::theme::Theme::Light => "暗 Dark",
        super::theme::Theme::Dark => "亮 Light",
    }
}

fn recent_menu_ui(ui: &mut egui::Ui, settings: &Settings, commands: &mut Vec<Command>) {
    if settings.recent_folders.is_empty() {
        ui.label("No recent folders.");
    }
    for folder in &settings.recent_folders {
        if ui.button(folder.display().to_string()).clicked() {
            commands.push(Command::OpenFolder(folder.clone()));
            ui.close();
        }
    }
}

/// A−, the size, A+ (drawn right to left).
fn text_size_ui(ui: &mut egui::Ui, settings: &Settings, commands: &mut Vec<Command>) {
    if ui
        .button("A+")
        .on_hover_text("Larger text (Ctrl+=)")
        .clicked()
    {
        commands.push(Command::StepFontSize(1));
    }
    ui.label(format!("{:.0}", settings.font_size));
    if ui
        .button("A-")
        .on_hover_text("Smaller text (Ctrl+-)")
        .clicked()
    {
        commands.push(Command::StepFontSize(-1));
    }
}

/// The 更多 More menu of a narrow window: what does not fit on the bar.
fn more_menu_ui(ui: &mut egui::Ui, settings: &Settings, commands: &mut Vec<Command>) {
    ui.menu_button("最近 Recent", |ui| recent_menu_ui(ui, settings, commands));
    let mut item = |ui: &mut egui::Ui, label: &str, command: Command| {
        if ui.button(label).clicked() {
            commands.push(command);
            ui.close();
        }
    };
    item(ui, "导出 Export…", Command::ShowExportDialog);
    item(ui, "导入 Import…", Command::ShowImportDialog);
    ui.separator();
    item(ui, "A+ 放大 Larger text", Command::StepFontSize(1));
    item(ui, "A- 缩小 Smaller text", Command::StepFontSize(-1));
    item(ui, theme_label(settings), Command::ToggleTheme);
    ui.separator();
    item(ui, "关于 About", Command::ShowAbout);
}

/// The pinyin toggle's label (`拼音` alone in a narrow window).
pub const PINYIN_BUTTON: &str = "拼音 Pinyin";

/// The pinyin toggle (P) and its menu: which of the crawl's readings it shows.
fn pinyin_ui(ui: &mut egui::Ui, settings: &Settings, narrow: bool, commands: &mut Vec<Command>) {
    let label = if narrow { "拼音" } else { PINYIN_BUTTON };
    if ui
        .selectable_label(settings.show_pinyin, label)
        .on_hover_text("拼音 Pinyin above the characters (P)")
        .clicked()
    {
        commands.push(Command::TogglePinyin);
    }
    ui.menu_button("▼", |ui| {
        ui.label("拼音来源 Pinyin in 净文, 简, 繁:");
        for (source, label) in [
            (SourcePinyin::Never, "词典 The dictionary's only"),
            (
                SourcePinyin::LostChars,
                "词典, 缺字用原网页的 The dictionary's; the crawl's over lost characters",
            ),
            (
                SourcePinyin::Always,
                "原网页的 The crawl's wherever it wrote one",
            ),
        ] {
            if ui.radio(settings.source_pinyin == source, label).clicked() {
                commands.push(Command::SetSourcePinyin(source));
                ui.close();
            }
        }
    })
    .response
    .on_hover_text("Where the pinyin comes from");
}

#[cfg(test)]
mod tests {
    use super::chinese_part;

    #[test]
    fn compact_labels_keep_the_chinese_half() {
        assert_eq!(chinese_part("打开 Open…"), "打开");
        assert_eq!(chinese_part("≡ 文章 Articles"), "≡ 文章");
        assert_eq!(chinese_part("隐藏模板行 Hide boilerplate"), "隐藏模板行");
        assert_eq!(chinese_part("?"), "?");
        assert_eq!(chinese_part("暗 Dark"), "暗");
    }
}
