//! Reading comfort in the window (issue 12), driven with egui_kittest: keyboard reading, the
//! reading position remembered across articles and sessions, the help overlay, the order of
//! Esc, the drawers of a narrow window, and the span labels. No display, no GPU.

use pizhu::ui::i18n::{Annotating, Keys, Language, Reading, Toolbar, tr};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::util::harness::listed;
use crate::util::{seeds_copy, seeds_dir as seeds};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use pizhu::ui::PizhuApp;
use pizhu::ui::command::Command;
use pizhu::ui::settings::Settings;

/// The window on `folder` at `size`, reading positions kept under `data_dir` if given, after
/// the scan finished and the first article opened.
fn window(folder: &Path, size: egui::Vec2, data_dir: Option<&Path>) -> Harness<'static, PizhuApp> {
    window_with(folder, size, data_dir, Settings::default())
}

fn window_with(
    folder: &Path,
    size: egui::Vec2,
    data_dir: Option<&Path>,
    settings: Settings,
) -> Harness<'static, PizhuApp> {
    let mut app = PizhuApp::new(&egui::Context::default(), settings, Some(folder.to_owned()));
    if let Some(data_dir) = data_dir {
        app.remember_positions_in(data_dir.to_owned());
    }
    let mut harness = Harness::builder()
        .with_size(size)
        .with_context_setup(pizhu::ui::theme::install_fonts)
        .build_ui_state(|ui, app: &mut PizhuApp| app.ui_frame(ui), app);
    settle(&mut harness);
    harness
}

fn large() -> egui::Vec2 {
    egui::vec2(1280.0, 820.0)
}

/// Steps until no background work runs and the reader has drawn its article.
fn settle(harness: &mut Harness<'_, PizhuApp>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        harness.step();
        let app = harness.state();
        if !app.is_busy() && app.reader.document.is_some() {
            harness.run_steps(4);
            if !harness.state().is_busy() {
                return;
            }
        }
        assert!(Instant::now() < deadline, "the app did not settle");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn press(harness: &mut Harness<'_, PizhuApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    // One frame runs the command, the next draws at the new place; then a few to settle.
    harness.run_steps(4);
}

fn open(harness: &mut Harness<'_, PizhuApp>, prefix: &str) {
    let id = listed(harness, prefix);
    harness.state_mut().send(Command::SelectArticle(id));
    settle(harness);
    assert_eq!(harness.state().current, Some(id));
}

fn geometry(harness: &Harness<'_, PizhuApp>) -> pizhu::ui::reader::ScrollGeometry {
    harness.state().reader.geometry.expect("drawn")
}

/// The reader's line height at the default size (18 pt × 1.7, rounded).
const LINE: f32 = 31.0;

#[test]
fn space_and_page_keys_scroll_a_screen_less_one_line() {
    let mut harness = window(&seeds(), large(), None);
    open(&mut harness, "002");
    let start = geometry(&harness);
    assert_eq!(start.offset, 0.0);
    assert!(
        start.content > 3.0 * start.viewport,
        "a long article: {start:?}"
    );

    press(&mut harness, Modifiers::NONE, Key::Space);
    let after = geometry(&harness);
    let step = after.offset - start.offset;
    // A screen less one line, snapped to a row: between a screen less two lines and a screen.
    assert!(
        step > start.viewport - 2.0 * LINE - 1.0 && step <= start.viewport - LINE + 1.0,
        "moved {step} of a {} viewport",
        start.viewport
    );
    assert!(harness.state().reader.progress().expect("progress") > 0.0);

    press(&mut harness, Modifiers::NONE, Key::PageDown);
    let two = geometry(&harness).offset;
    assert!(
        two > after.offset + start.viewport - 2.0 * LINE - 1.0,
        "{two}"
    );

    press(&mut harness, Modifiers::SHIFT, Key::Space);
    let back = geometry(&harness).offset;
    assert!(
        back < two && back >= after.offset - LINE,
        "{back} after {two}"
    );
    press(&mut harness, Modifiers::NONE, Key::PageUp);
    press(&mut harness, Modifiers::NONE, Key::PageUp);
    assert_eq!(
        geometry(&harness).offset,
        0.0,
        "back at the top, not past it"
    );
    assert_eq!(
        harness.state().current,
        Some(listed(&harness, "002")),
        "same article"
    );
}

#[test]
fn home_end_and_g_go_to_the_start_and_the_end() {
    let mut harness = window(&seeds(), large(), None);
    open(&mut harness, "002");
    for (modifiers, key) in [(Modifiers::NONE, Key::End), (Modifiers::SHIFT, Key::G)] {
        press(&mut harness, modifiers, key);
        let progress = harness.state().reader.progress().expect("progress");
        assert!(progress > 0.999, "{key:?}: {progress}");
        let g = geometry(&harness);
        assert!((g.offset - (g.content - g.viewport)).abs() < 1.0, "{g:?}");
        // The last paragraph is drawn.
        let text = harness.state().reader.laid_out_text();
        assert!(text.contains("NetEase Hao"), "{key:?}");

        let back = if key == Key::End { Key::Home } else { Key::G };
        press(&mut harness, Modifiers::NONE, back);
        assert_eq!(geometry(&harness).offset, 0.0, "{back:?}");
        assert_eq!(harness.state().reader.top_char, 0);
    }
}

#[test]
fn the_reading_position_is_restored_when_an_article_opens_again() {
    let data = tempfile::tempdir().expect("data dir");
    let mut harness = window(&seeds(), large(), Some(data.path()));
    open(&mut harness, "002");
    press(&mut harness, Modifiers::NONE, Key::PageDown);
    press(&mut harness, Modifiers::NONE, Key::PageDown);
    let view = harness.state().settings.view;
    let left_at = harness.state().reader.top_original_char(view).expect("top");
    assert!(left_at > 0);

    // Another article opens at its start; coming back restores the place.
    open(&mut harness, "003");
    assert_eq!(harness.state().reader.top_char, 0);
    open(&mut harness, "002");
    let back_at = harness.state().reader.top_original_char(view).expect("top");
    assert_eq!(back_at, left_at, "same session");

    // A new window on the same folder (as after quitting) restores it too, from the data
    // folder, and nothing was written into the corpus folder.
    assert_eq!(harness.state_mut().save_positions_now(), None);
    drop(harness);
    let mut harness = window(&seeds(), large(), Some(data.path()));
    open(&mut harness, "002");
    let restored = harness.state().reader.top_original_char(view).expect("top");
    assert_eq!(restored, left_at, "new session");
    let relative = harness
        .state()
        .current_meta()
        .expect("meta")
        .relative
        .clone();
    assert_eq!(
        harness.state().remembered_position(&relative),
        Some(left_at)
    );
    let stray: Vec<_> = std::fs::read_dir(seeds())
        .expect("seeds")
        .map(|e| e.expect("entry").file_name())
        .filter(|n| !n.to_string_lossy().ends_with(".txt"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn f1_and_the_question_mark_open_the_help_listing_every_group() {
    let mut harness = window(&seeds(), large(), None);
    press(&mut harness, Modifiers::NONE, Key::F1);
    assert!(harness.state().help_is_open());
    for label in [
        tr(Reading::HelpTitle),
        tr(Reading::GroupReading),
        tr(Reading::GroupViews),
        tr(Reading::GroupAnnotating),
        tr(Reading::GroupFiles),
        tr(Keys::NextScreen),
        tr(Keys::Labels),
    ] {
        assert!(harness.query_by_label(label).is_some(), "{label}");
    }
    // Reading keys do nothing behind the help.
    let before = geometry(&harness).offset;
    press(&mut harness, Modifiers::NONE, Key::Space);
    assert_eq!(geometry(&harness).offset, before);
    assert!(harness.state().help_is_open());

    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(!harness.state().help_is_open());
    assert!(harness.query_by_label(tr(Reading::HelpTitle)).is_none());

    // The toolbar's ? button opens it, ? (Shift+/) closes it.
    harness.get_by_label("?").click();
    harness.run_steps(3);
    assert!(harness.state().help_is_open());
    press(&mut harness, Modifiers::SHIFT, Key::Questionmark);
    assert!(!harness.state().help_is_open());
}

#[test]
fn esc_closes_the_help_then_clears_the_selection_then_deselects() {
    let folder = seeds_copy();
    let mut harness = window(folder.path(), large(), None);
    // Tag two characters, which selects the new annotation.
    harness.state_mut().reader.selection =
        Some(pizhu::ui::reader::Selection { anchor: 3, head: 6 });
    press(&mut harness, Modifiers::NONE, Key::Num1);
    assert!(
        harness.state().selected_annotation().is_some(),
        "tagged and selected"
    );
    // A new text selection, and the help on top.
    harness.state_mut().reader.selection = Some(pizhu::ui::reader::Selection {
        anchor: 10,
        head: 14,
    });
    press(&mut harness, Modifiers::NONE, Key::F1);
    assert!(harness.state().help_is_open());

    press(&mut harness, Modifiers::NONE, Key::Escape);
    let app = harness.state();
    assert!(!app.help_is_open(), "first the help");
    assert!(app.reader.selection.is_some() && app.selected_annotation().is_some());

    press(&mut harness, Modifiers::NONE, Key::Escape);
    let app = harness.state();
    assert!(app.reader.selection.is_none(), "then the selection");
    assert!(app.selected_annotation().is_some());

    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(
        harness.state().selected_annotation().is_none(),
        "then the annotation"
    );
}

#[test]
fn narrow_windows_fold_the_panels_into_drawers() {
    // 800 × 600: the article list and the side panel are drawers; the text keeps its measure.
    let mut harness = window(&seeds(), egui::vec2(800.0, 600.0), None);
    let chars = harness.state().reader.chars_per_line().expect("drawn");
    assert!((30.0..=42.0).contains(&chars), "{chars} characters a line");
    assert!(
        harness
            .query_by_role(egui::accesskit::Role::TextInput)
            .is_none(),
        "no list filter until the drawer opens"
    );
    assert_eq!(harness.state().open_drawers(), (false, false));
    harness.get_by_label(tr(Toolbar::Articles)).click();
    harness.run_steps(3);
    assert_eq!(harness.state().open_drawers(), (true, false));
    // Choosing an article opens it and closes the drawer.
    let title = harness.state().library.corpus.articles[listed(&harness, "003").0]
        .title
        .clone();
    harness
        .get_all_by_label(&title)
        .next()
        .expect("its row")
        .click();
    settle(&mut harness);
    assert_eq!(harness.state().current, Some(listed(&harness, "003")));
    assert_eq!(harness.state().open_drawers(), (false, false));

    // The details drawer: the toolbar toggles it, Esc closes it.
    harness.get_by_label(tr(Toolbar::Details)).click();
    harness.run_steps(3);
    assert_eq!(harness.state().open_drawers(), (false, true));
    assert!(
        harness.query_by_label(tr(Reading::Article)).is_some(),
        "its contents show"
    );
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(harness.state().open_drawers(), (false, false));
}

#[test]
fn at_1024_the_list_docks_and_selecting_an_annotation_opens_the_details_drawer() {
    let folder = seeds_copy();
    let mut harness = window(folder.path(), egui::vec2(1024.0, 700.0), None);
    let chars = harness.state().reader.chars_per_line().expect("drawn");
    assert!((30.0..=42.0).contains(&chars), "{chars}");
    assert!(
        harness
            .query_by_role(egui::accesskit::Role::TextInput)
            .is_some(),
        "list docked"
    );
    assert!(
        harness.query_by_label("≡ 文章").is_none()
            && harness.query_by_label("≡ 文章 Articles").is_none()
    );
    assert_eq!(harness.state().open_drawers(), (false, false));
    harness.state_mut().reader.selection =
        Some(pizhu::ui::reader::Selection { anchor: 3, head: 6 });
    press(&mut harness, Modifiers::NONE, Key::Num2);
    let id = harness
        .state()
        .selected_annotation()
        .cloned()
        .expect("tagged");
    harness.state_mut().send(Command::SelectAnnotation(None));
    harness.run_steps(2);
    harness
        .state_mut()
        .send(Command::SelectAnnotation(Some(id)));
    harness.run_steps(3);
    assert_eq!(
        harness.state().open_drawers(),
        (false, true),
        "opened for the selection"
    );
    assert!(harness.query_by_label(tr(Annotating::Selected)).is_some());

    // Wide, the side panel docks again and no drawer is shown.
    harness.set_size(egui::vec2(1400.0, 900.0));
    harness.run_steps(3);
    assert_eq!(harness.state().open_drawers(), (false, false));
    assert!(
        harness.query_by_label(tr(Annotating::Selected)).is_some(),
        "docked"
    );
    let chars = harness.state().reader.chars_per_line().expect("drawn");
    assert!((30.0..=42.0).contains(&chars), "{chars}");
}

#[test]
fn l_toggles_labels_which_make_room_only_when_on() {
    let mut harness = window(&seeds(), large(), None);
    open(&mut harness, "002");
    let plain = geometry(&harness).content;
    press(&mut harness, Modifiers::NONE, Key::L);
    assert!(harness.state().settings.show_labels);
    harness.run_steps(3);
    let labelled = geometry(&harness).content;
    assert!(labelled > plain * 1.2, "{plain} → {labelled}");
    press(&mut harness, Modifiers::NONE, Key::L);
    harness.run_steps(3);
    assert!(!harness.state().settings.show_labels);
    assert!((geometry(&harness).content - plain).abs() < 1.0);
}

#[test]
fn selecting_text_moves_nothing_in_the_side_panel() {
    let mut harness = window(&seeds(), large(), None);
    let heading = |harness: &Harness<'_, PizhuApp>| {
        let node = harness.get_by_label_contains(lead(tr(Annotating::Annotations)));
        node.rect()
    };
    let before = heading(&harness);
    assert!(
        harness
            .query_by_label_contains(tr(Annotating::HintIdle))
            .is_some()
    );
    harness.state_mut().reader.selection =
        Some(pizhu::ui::reader::Selection { anchor: 3, head: 9 });
    harness.run_steps(3);
    // The hint changed in place …
    assert!(
        harness
            .query_by_label_contains(tr(Annotating::HintSelection))
            .is_some()
    );
    // … and nothing below it moved.
    assert_eq!(heading(&harness), before);
}

/// The toolbar's buttons never overlap, whatever the width and language: below 1 200 points
/// (1 280 in English) the less used
/// ones move into the 更多 More menu, which still reaches them.
#[test]
fn the_toolbar_fits_from_800_to_1920_points_and_more_holds_the_rest() {
    let folder = seeds_copy();
    for (language, width) in Language::ALL.into_iter().flat_map(|language| {
        [
            800.0, 1024.0, 1199.0, 1200.0, 1279.0, 1280.0, 1400.0, 1600.0, 1920.0,
        ]
        .map(|width| (language, width))
    }) {
        let settings = Settings {
            language: Some(language),
            ..Settings::default()
        };
        let harness = window_with(folder.path(), egui::vec2(width, 700.0), None, settings);
        let at = format!("{width} in {}", language.native_name());
        let toolbar_height = 40.0;
        let mut rects: Vec<(String, egui::Rect)> = harness
            .query_all_by_role(egui::accesskit::Role::Button)
            .map(|node| (format!("{node:?}"), node.rect()))
            .filter(|(_, rect)| rect.max.y <= toolbar_height)
            .collect();
        assert!(rects.len() >= 8, "{at}: the toolbar's buttons are found");
        rects.sort_by(|a, b| a.1.min.x.total_cmp(&b.1.min.x));
        for pair in rects.windows(2) {
            assert!(
                pair[0].1.max.x <= pair[1].1.min.x + 0.5,
                "{at}: {} overlaps {}",
                pair[0].0,
                pair[1].0
            );
        }
        assert!(
            rects.iter().all(|(_, rect)| rect.max.x <= width),
            "{at}: a button is cut off at the right"
        );
        let overflow = harness.query_by_label(tr(Toolbar::More)).is_some();
        let overflow_below = match language {
            Language::English => 1280.0,
            _ => 1200.0,
        };
        assert_eq!(overflow, width < overflow_below, "{at}: the More menu");
    }
    let mut harness = window(folder.path(), egui::vec2(800.0, 600.0), None);
    harness.get_by_label(tr(Toolbar::More)).click();
    harness.run_steps(2);
    harness.get_by_label(tr(Toolbar::Export)).click();
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label(tr(pizhu::ui::i18n::ExportText::Title))
            .is_some(),
        "the menu's Export… opens the dialog"
    );
}

/// A text's words before its first `{placeholder}` (to find a label that shows a number).
fn lead(text: &str) -> &str {
    text.split('{').next().unwrap_or(text)
}
