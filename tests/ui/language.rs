//! The window speaks one language at a time (issue 12): the 文A menu switches every panel's
//! labels and the choice is a persisted setting; and 净文's full-width punctuation is a setting
//! too, in the 字形 menu.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use pizhu::text::{CleanOptions, ViewKind};
use pizhu::ui::PizhuApp;
use pizhu::ui::i18n::{self, Language, Reading, Status, Text, Toolbar, Views, tr};
use pizhu::ui::reader::Selection;
use pizhu::ui::settings::Settings;

use crate::util::harness::{app_on, open_article, set_view, settle};
use crate::util::seeds_copy;

fn in_language(language: Language) -> Settings {
    Settings {
        language: Some(language),
        ..Settings::default()
    }
}

/// Whether some widget reads exactly `text`.
fn shows(harness: &Harness<'_, PizhuApp>, text: &str) -> bool {
    harness.query_by_label(text).is_some()
}

/// Chooses `language` in the toolbar's 文A menu, by clicking.
fn choose(harness: &mut Harness<'_, PizhuApp>, language: Language) {
    harness.get_by_label(tr(Toolbar::Language)).click();
    harness.run_steps(2);
    harness.get_by_label(language.native_name()).click();
    harness.run_steps(3);
}

/// The labels of the side panel, the status bar, the article list and the help, as `language`
/// words them.
fn labels_in(language: Language) -> Vec<String> {
    vec![
        Reading::Article.text(language).to_owned(),
        Reading::Folder.text(language).to_owned(),
        Reading::File.text(language).to_owned(),
        Status::Saved.text(language).to_owned(),
        Reading::Sort.text(language).to_owned(),
        Reading::ArticleCount.text(language).replace("{n}", "5"),
    ]
}

fn help_labels_in(language: Language) -> [&'static str; 3] {
    [
        Reading::HelpTitle.text(language),
        Reading::GroupReading.text(language),
        Reading::Mouse.text(language),
    ]
}

#[test]
fn the_language_menu_switches_every_panel_and_the_choice_persists() {
    let dir = seeds_copy();
    let mut harness = app_on(dir.path().to_owned(), in_language(Language::Simplified));
    harness.set_size(egui::vec2(1400.0, 900.0));
    open_article(&mut harness, "002");
    for label in labels_in(Language::Simplified) {
        assert!(shows(&harness, &label), "简体: {label}");
    }

    for (language, other) in [
        (Language::English, Language::Simplified),
        (Language::Traditional, Language::English),
    ] {
        choose(&mut harness, language);
        assert_eq!(harness.state().settings.language, Some(language));
        assert_eq!(harness.state().language(), language);
        for label in labels_in(language) {
            assert!(
                shows(&harness, &label),
                "{}: {label}",
                language.native_name()
            );
        }
        for label in labels_in(other) {
            if !labels_in(language).contains(&label) {
                assert!(
                    !shows(&harness, &label),
                    "{}: {label} is gone",
                    language.native_name()
                );
            }
        }
        // The help overlay speaks it too.
        harness.key_press_modifiers(Modifiers::NONE, Key::F1);
        harness.run_steps(3);
        for label in help_labels_in(language) {
            assert!(shows(&harness, label), "help: {label}");
        }
        for label in help_labels_in(other) {
            assert!(!shows(&harness, label), "help: {label} is gone");
        }
        harness.key_press_modifiers(Modifiers::NONE, Key::Escape);
        harness.run_steps(3);
        assert!(!harness.state().help_is_open());
    }
    // 繁體 names the Clean view in its own script.
    assert!(shows(&harness, "淨文"));

    // The choice is a setting that survives a restart (eframe stores the settings as RON).
    let stored = ron::to_string(&harness.state().settings).unwrap();
    let restored: Settings = ron::from_str(&stored).unwrap();
    assert_eq!(restored.language, Some(Language::Traditional));

    // "As the system" forgets the choice.
    harness.get_by_label(tr(Toolbar::Language)).click();
    harness.run_steps(2);
    let system = i18n::trf(
        Toolbar::LanguageSystem,
        &[("language", &Language::system().native_name())],
    );
    harness.get_by_label(&system).click();
    harness.run_steps(3);
    assert_eq!(harness.state().settings.language, None);
    assert_eq!(harness.state().language(), Language::system());
}

/// The Clean view's text and the open annotation's (Original range, view range).
fn clean_state(harness: &Harness<'_, PizhuApp>) -> (String, Vec<(usize, usize)>) {
    let app = harness.state();
    let document = app.reader.document.as_ref().expect("open");
    let view = &document.view(ViewKind::Clean).view;
    let store = pizhu::ui::annotations::lock(&app.annotations.as_ref().unwrap().store);
    let key = document.key.clone().expect("key");
    let ranges = store
        .anchored(&key)
        .map(|a| {
            let shown = view.map.view_range_from_original(a.range());
            (a.start, shown.start)
        })
        .collect();
    (view.text.clone(), ranges)
}

#[test]
fn full_width_punctuation_is_a_setting_that_renders_clean_again_and_keeps_annotations() {
    let dir = seeds_copy();
    let mut harness = app_on(dir.path().to_owned(), in_language(Language::English));
    harness.set_size(egui::vec2(1400.0, 900.0));
    open_article(&mut harness, "000");
    set_view(&mut harness, ViewKind::Clean);
    assert!(harness.state().settings.clean.full_width_punctuation);

    // Highlight `以赴，确保` (the crawl wrote `以赴,确保`).
    let (start, end) = {
        let app = harness.state();
        let text = &app
            .reader
            .document
            .as_ref()
            .unwrap()
            .view(ViewKind::Clean)
            .view
            .text;
        let byte = text.find("以赴，确保").expect("full-width in 净文");
        let start = text[..byte].chars().count();
        (start, start + 5)
    };
    harness.state_mut().reader.selection = Some(Selection {
        anchor: start,
        head: end,
    });
    harness
        .state_mut()
        .send(pizhu::ui::command::Command::AnnotateSelection(None));
    settle(&mut harness);
    let (before, anchored) = clean_state(&harness);
    assert_eq!(anchored.len(), 1);
    let comma = start + 2;
    assert_eq!(before.chars().nth(comma), Some('，'));

    let toggle = |harness: &mut Harness<'_, PizhuApp>| {
        harness
            .get_by_label(pizhu::ui::script_menu::button_label())
            .click();
        harness.run_steps(2);
        harness
            .get_by_label(tr(Views::FullWidthPunctuation))
            .click();
        // The frame that runs the toggle does not render: a worker does, then it is swapped in.
        harness.run_steps(1);
        settle(harness);
    };
    toggle(&mut harness);
    assert!(!harness.state().settings.clean.full_width_punctuation);
    let (ascii, ranges) = clean_state(&harness);
    assert_eq!(
        ascii.chars().nth(comma),
        Some(','),
        "the crawl's ASCII comma"
    );
    assert_eq!(ascii.chars().count(), before.chars().count(), "one for one");
    assert_eq!(ranges, anchored, "the annotation stays where it was");
    assert!(ascii.contains("以赴,确保"));
    // The reader shows the new text: the selection-free highlight still covers the same chars.
    let app = harness.state();
    let shown = app.reader.document.as_ref().unwrap().view(ViewKind::Clean);
    assert_eq!(shown.slice(start..end), "以赴,确保");

    toggle(&mut harness);
    assert!(harness.state().settings.clean.full_width_punctuation);
    let (again, ranges) = clean_state(&harness);
    assert_eq!(again, before);
    assert_eq!(ranges, anchored);

    // A persisted setting, off as the CLI's `--ascii-punctuation` is.
    let off = Settings {
        clean: CleanOptions {
            full_width_punctuation: false,
        },
        ..Settings::default()
    };
    let restored: Settings = ron::from_str(&ron::to_string(&off).unwrap()).unwrap();
    assert!(!restored.clean.full_width_punctuation);
}
