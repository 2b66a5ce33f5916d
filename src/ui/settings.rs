//! What the window remembers between runs (saved by eframe's persistence).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::export_dialog::ExportChoices;
use super::i18n::{self, Language, Reading};
use super::import_dialog::ImportChoices;
use super::theme::{DEFAULT_FONT_SIZE, Theme};
use crate::dict::SourcePinyin;
use crate::text::{CleanOptions, ScriptOptions, ViewKind};

/// How the article list is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortKey {
    /// By relative path, naturally (scan order).
    #[default]
    Name,
    /// Newest first; undated articles last.
    Date,
    /// By title.
    Title,
}

impl SortKey {
    /// Every sort key, in menu order.
    pub const ALL: [Self; 3] = [Self::Name, Self::Date, Self::Title];

    /// Menu label, in the current language.
    pub fn label(self) -> &'static str {
        i18n::tr(match self {
            Self::Name => Reading::SortName,
            Self::Date => Reading::SortDate,
            Self::Title => Reading::SortTitle,
        })
    }
}

/// Persisted settings.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The folder open when the window closed.
    pub last_folder: Option<PathBuf>,
    /// Recently opened folders, most recent first.
    pub recent_folders: Vec<PathBuf>,
    /// The reading view.
    pub view: ViewKind,
    /// Body font size in points.
    pub font_size: f32,
    /// Light or dark.
    pub theme: Theme,
    /// Hide boilerplate lines instead of dimming them.
    pub hide_boilerplate: bool,
    /// Article list order.
    pub sort: SortKey,
    /// The right panel is shown.
    pub show_side_panel: bool,
    /// Pinyin ruby above the characters (P).
    pub show_pinyin: bool,
    /// Which of the crawl's inline readings the pinyin ruby shows (净文, 简, 繁).
    pub source_pinyin: SourcePinyin,
    /// Tags' labels are drawn above their spans (L).
    pub show_labels: bool,
    /// The 繁 view's variant and the 简 view's source.
    pub scripts: ScriptOptions,
    /// Mark, in the 简 and 繁 views, the characters the conversion had to guess (U).
    pub show_ambiguities: bool,
    /// The Export… dialog's last choices.
    pub export: ExportChoices,
    /// The Import… dialog's last choices.
    pub import: ImportChoices,
    /// The window's language; `None` follows the system's locale.
    pub language: Option<Language>,
    /// How the Clean view is made: full-width punctuation between Chinese characters (on by
    /// default, as in the CLI without `--ascii-punctuation`).
    pub clean: CleanOptions,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            last_folder: None,
            recent_folders: Vec::new(),
            view: ViewKind::Clean,
            font_size: DEFAULT_FONT_SIZE,
            theme: Theme::Light,
            hide_boilerplate: false,
            sort: SortKey::Name,
            show_side_panel: true,
            show_pinyin: false,
            source_pinyin: SourcePinyin::default(),
            show_labels: false,
            scripts: ScriptOptions::default(),
            show_ambiguities: false,
            export: ExportChoices::default(),
            import: ImportChoices::default(),
            language: None,
            clean: CleanOptions::default(),
        }
    }
}

/// How many recent folders the menu keeps.
const RECENT_LIMIT: usize = 8;

impl Settings {
    /// Records `folder` as the most recent one.
    pub fn remember_folder(&mut self, folder: PathBuf) {
        self.recent_folders.retain(|f| *f != folder);
        self.recent_folders.insert(0, folder.clone());
        self.recent_folders.truncate(RECENT_LIMIT);
        self.last_folder = Some(folder);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_folders_are_unique_and_bounded() {
        let mut settings = Settings::default();
        for i in 0..10 {
            settings.remember_folder(PathBuf::from(format!("/corpus/{i}")));
        }
        settings.remember_folder(PathBuf::from("/corpus/5"));
        assert_eq!(settings.recent_folders.len(), RECENT_LIMIT);
        assert_eq!(settings.recent_folders[0], PathBuf::from("/corpus/5"));
        assert_eq!(
            settings
                .recent_folders
                .iter()
                .filter(|f| f.as_path() == std::path::Path::new("/corpus/5"))
                .count(),
            1
        );
    }

    #[test]
    fn old_settings_files_still_load() {
        let settings: Settings = ron::from_str("(font_size: 22.0)").expect("partial settings");
        assert_eq!(settings.font_size, 22.0);
        assert_eq!(settings.view, ViewKind::Clean);
        assert_eq!(settings.scripts, ScriptOptions::default());
        assert!(!settings.show_ambiguities);
        assert!(!settings.show_pinyin);
        assert_eq!(settings.source_pinyin, SourcePinyin::LostChars);
    }

    #[test]
    fn pinyin_settings_persist() {
        let settings = Settings {
            show_pinyin: true,
            source_pinyin: SourcePinyin::Always,
            ..Settings::default()
        };
        let saved = ron::to_string(&settings).expect("serialises");
        let loaded: Settings = ron::from_str(&saved).expect("loads");
        assert!(loaded.show_pinyin);
        assert_eq!(loaded.source_pinyin, SourcePinyin::Always);
    }

    #[test]
    fn script_options_persist() {
        use crate::text::{SimplifiedSource, TraditionalVariant};
        let mut settings = Settings::default();
        settings.scripts.traditional = TraditionalVariant::TaiwanPhrases;
        settings.scripts.simplified_source = SimplifiedSource::HongKong;
        settings.show_ambiguities = true;
        let text = ron::to_string(&settings).expect("serialise");
        let back: Settings = ron::from_str(&text).expect("parse");
        assert_eq!(back.scripts, settings.scripts);
        assert!(back.show_ambiguities);
    }
}
