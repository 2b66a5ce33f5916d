//! The window's dictionary and pinyin ruby (issue 11), driven like a user with egui_kittest: a
//! double-click selects a dictionary word, D opens the card, P shows pinyin, and none of it
//! moves a selection or a highlight. No display, no GPU; the app's own fonts.

use pizhu::ui::i18n::{AboutText, DictText, Toolbar, tr, trf};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::util::harness::{listed, settle_within};
use egui::{Key, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use pizhu::dict::{Dictionary, SourcePinyin};
use pizhu::text::ViewKind;
use pizhu::ui::PizhuApp;
use pizhu::ui::command::Command;
use pizhu::ui::reader::{Selection, look_up_button};
use pizhu::ui::settings::Settings;

/// A private copy of the seeds (highlights write sidecars).
fn seeds_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for entry in std::fs::read_dir(seeds).expect("seeds") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    dir
}

/// The window on a copy of the seeds at `size`, with `settings`, after the scan and the first
/// article. Keep the folder alive while the harness runs.
fn app(settings: Settings, size: egui::Vec2) -> (Harness<'static, PizhuApp>, tempfile::TempDir) {
    let dir = seeds_copy();
    let folder: PathBuf = dir.path().to_owned();
    let app = PizhuApp::new(&egui::Context::default(), settings, Some(folder));
    let mut harness = Harness::builder()
        .with_size(size)
        // The harness runs a frame per queued event: 60 frames a second, like a screen, so
        // two clicks are a double-click.
        .with_step_dt(1.0 / 60.0)
        .with_context_setup(pizhu::ui::theme::install_fonts)
        .build_ui_state(|ui, app: &mut PizhuApp| app.ui_frame(ui), app);
    settle(&mut harness);
    (harness, dir)
}

/// Steps frames until no background work runs (the dictionary and pinyin included).
fn settle(harness: &mut Harness<'_, PizhuApp>) {
    settle_within(harness, Duration::from_secs(60));
}

/// Opens the seed whose file name starts with `prefix`, in view `view`.
fn open_seed(harness: &mut Harness<'_, PizhuApp>, prefix: &str, view: ViewKind) {
    let id = listed(harness, prefix);
    harness.state_mut().send(Command::SelectArticle(id));
    settle(harness);
    harness.state_mut().send(Command::SetView(view));
    settle(harness);
    assert_eq!(harness.state().current, Some(id));
}

/// The view text shown now.
fn view_text(harness: &Harness<'_, PizhuApp>) -> String {
    let app = harness.state();
    let document = app.reader.document.as_ref().expect("an article is open");
    document.view(app.settings.view).view.text.clone()
}

/// The view char index of the first `needle` in the view shown.
fn find_char(harness: &Harness<'_, PizhuApp>, needle: &str) -> usize {
    let text = view_text(harness);
    let byte = text.find(needle).expect("the text holds the needle");
    text[..byte].chars().count()
}

/// Scrolls view char `char_index` into sight and returns the middle of it on screen.
fn show_char(harness: &mut Harness<'_, PizhuApp>, char_index: usize) -> Pos2 {
    harness.state_mut().reader.scroll_to_char(char_index);
    settle(harness);
    let app = harness.state();
    let document = app.reader.document.as_ref().expect("open");
    let view = document.view(app.settings.view);
    let gap = app
        .reader
        .screen_pos_of_char(view, char_index)
        .expect("on screen");
    gap + vec2(app.settings.font_size * 0.5, 0.0)
}

fn click(harness: &mut Harness<'_, PizhuApp>, pos: Pos2) {
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    harness.step();
}

fn double_click(harness: &mut Harness<'_, PizhuApp>, pos: Pos2) {
    // Half a second after any earlier click, so this is no triple-click.
    harness.run_steps(30);
    harness.hover_at(pos);
    harness.step();
    // Two clicks (four frames, 1/15 s): within egui's double-click delay.
    click(harness, pos);
    click(harness, pos);
    settle(harness);
}

/// A drag with the primary button from `from` to `to`, frame by frame like a hand.
fn drag(harness: &mut Harness<'_, PizhuApp>, from: Pos2, to: Pos2) {
    harness.drag_at(from);
    harness.step();
    harness.hover_at(to);
    harness.step();
    harness.drop_at(to);
    harness.step();
}

fn selection(harness: &Harness<'_, PizhuApp>) -> Option<std::ops::Range<usize>> {
    harness.state().reader.selection.map(Selection::range)
}

fn selected_text(harness: &Harness<'_, PizhuApp>) -> String {
    let app = harness.state();
    app.reader
        .selected_text(app.settings.view)
        .unwrap_or_default()
}

fn select(harness: &mut Harness<'_, PizhuApp>, chars: std::ops::Range<usize>) {
    harness.state_mut().reader.selection = Some(Selection {
        anchor: chars.start,
        head: chars.end,
    });
    harness.step();
}

#[test]
fn double_click_selects_the_dictionary_word_in_clean_and_original() {
    let (mut harness, _seeds) = app(Settings::default(), vec2(1280.0, 820.0));
    open_seed(&mut harness, "001", ViewKind::Clean);
    let jing = find_char(&harness, "經濟");
    let on_ji = show_char(&mut harness, jing + 1);
    double_click(&mut harness, on_ji);
    assert_eq!(selection(&harness), Some(jing..jing + 2));
    assert_eq!(selected_text(&harness), "經濟");

    // 原文: the crawl's pinyin sits inside the word; the word is found through 净文.
    harness
        .state_mut()
        .send(Command::SetView(ViewKind::Original));
    settle(&mut harness);
    harness.state_mut().reader.selection = None;
    let jing = find_char(&harness, "經(jīng)濟");
    let on_ji = show_char(&mut harness, jing + 7);
    double_click(&mut harness, on_ji);
    assert_eq!(selected_text(&harness), "經(jīng)濟");

    // 简: the simplified word.
    harness
        .state_mut()
        .send(Command::SetView(ViewKind::Simplified));
    settle(&mut harness);
    harness.state_mut().reader.selection = None;
    let jing = find_char(&harness, "经济");
    let on_jing = show_char(&mut harness, jing);
    double_click(&mut harness, on_jing);
    assert_eq!(selected_text(&harness), "经济");

    // 繁: on the second char of a word.
    harness
        .state_mut()
        .send(Command::SetView(ViewKind::Traditional));
    settle(&mut harness);
    harness.state_mut().reader.selection = None;
    let diao = find_char(&harness, "調研");
    let on_yan = show_char(&mut harness, diao + 1);
    double_click(&mut harness, on_yan);
    assert_eq!(selection(&harness), Some(diao..diao + 2));
    assert_eq!(selected_text(&harness), "調研");
}

#[test]
fn double_click_on_a_simplified_seed_splits_into_the_fewest_words() {
    let (mut harness, _seeds) = app(Settings::default(), vec2(1280.0, 820.0));
    open_seed(&mut harness, "000", ViewKind::Clean);
    // “飞地经济”: 飞地 | 经济, whichever char is double-clicked.
    let fei = find_char(&harness, "飞地经济");
    for (on, word, range) in [
        (fei + 3, "经济", fei + 2..fei + 4),
        (fei, "飞地", fei..fei + 2),
    ] {
        harness.state_mut().reader.selection = None;
        let pos = show_char(&mut harness, on);
        double_click(&mut harness, pos);
        assert_eq!(selection(&harness), Some(range), "{word}");
        assert_eq!(selected_text(&harness), word);
    }
}

#[test]
fn the_popups_look_up_button_opens_the_card_in_place_of_the_popup() {
    let (mut harness, _seeds) = app(Settings::default(), vec2(1280.0, 820.0));
    open_seed(&mut harness, "001", ViewKind::Traditional);
    let start = find_char(&harness, "調研");
    let half = vec2(harness.state().settings.font_size * 0.5, 0.0);
    let from = show_char(&mut harness, start) - half;
    let to = show_char(&mut harness, start + 1) + half;
    drag(&mut harness, from, to);
    assert_eq!(selected_text(&harness), "調研");
    assert!(!harness.state().dict_card().is_open());

    harness.get_by_label(look_up_button()).click();
    settle(&mut harness);
    let shown = harness
        .state()
        .dict_card()
        .shown()
        .expect("the card shows a lookup");
    assert_eq!(shown.query, "調研");
    assert_eq!(shown.entries[0].pinyin(), "diào yán");
    harness.get_by_label("diào yán");
    // The card stands in for the popup while it is open; closing it brings the popup back.
    assert!(harness.query_by_label(look_up_button()).is_none());
    harness.get_by_label("×").click();
    harness.run_steps(2);
    assert!(!harness.state().dict_card().is_open());
    assert_eq!(selected_text(&harness), "調研");
    harness.get_by_label(look_up_button());

    // With the card open, the annotation keys still work on the selection.
    harness.get_by_label(look_up_button()).click();
    settle(&mut harness);
    assert!(harness.state().dict_card().is_open());
    assert!(harness.state().selected_annotation().is_none());
    harness.key_press(Key::H);
    harness.run_steps(2);
    assert!(
        harness.state().selected_annotation().is_some(),
        "H highlighted"
    );
}

#[test]
fn the_toolbar_toggles_pinyin_and_about_credits_cc_cedict() {
    let (mut harness, _seeds) = app(Settings::default(), vec2(1280.0, 820.0));
    open_seed(&mut harness, "001", ViewKind::Clean);
    assert!(!harness.state().settings.show_pinyin);
    // Rows grow to make room for the pinyin, and shrink back when it goes.
    let start = find_char(&harness, "經濟");
    show_char(&mut harness, start);
    let rows_apart = |harness: &Harness<'_, PizhuApp>| {
        let app = harness.state();
        let document = app.reader.document.as_ref().expect("open");
        let view = document.view(app.settings.view);
        let at = |c| app.reader.screen_pos_of_char(view, c).expect("on screen").y;
        at(start + 80) - at(start)
    };
    let apart = rows_apart(&harness);
    assert!(apart > 0.0);
    harness.get_by_label(tr(Toolbar::Pinyin)).click();
    settle(&mut harness);
    assert!(harness.state().settings.show_pinyin);
    assert!(!harness.state().reader.placed_ruby().is_empty());
    show_char(&mut harness, start);
    assert!(rows_apart(&harness) > apart * 1.2, "rows grow with pinyin");
    harness.get_by_label(tr(Toolbar::Pinyin)).click();
    settle(&mut harness);
    assert!(!harness.state().settings.show_pinyin);
    show_char(&mut harness, start);
    assert_eq!(rows_apart(&harness), apart);

    harness.get_by_label(tr(Toolbar::About)).click();
    harness.run_steps(4);
    assert!(harness.state().is_about_open());
    harness.get_by_label(&trf(AboutText::Dictionary, &[("name", &"CC-CEDICT")]));
    harness.get_by_label("CC BY-SA 4.0");
    harness.get_by_label(pizhu::dict::ATTRIBUTION);
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    assert!(!harness.state().is_about_open());
}

#[test]
fn pinyin_in_every_view_reads_words_and_keeps_the_selection_under_the_pointer() {
    let (mut harness, _seeds) = app(Settings::default(), vec2(1280.0, 820.0));
    for (view, word, reading) in [
        (ViewKind::Original, "經(jīng)濟", "jīng jì"),
        (ViewKind::Clean, "發展", "fā zhǎn"),
        (ViewKind::Simplified, "发展", "fā zhǎn"),
        (ViewKind::Traditional, "調研", "diào yán"),
    ] {
        open_seed(&mut harness, "001", view);
        let start = find_char(&harness, word);
        let range = start..start + word.chars().count();
        show_char(&mut harness, start);
        select(&mut harness, range.clone());
        harness.key_press(Key::P);
        settle(&mut harness);
        assert!(harness.state().settings.show_pinyin, "{view:?}");
        let source = harness.state().settings.source_pinyin;
        let ruby = harness
            .state()
            .reader
            .ruby_of(view, source)
            .expect("pinyin computed");
        assert_eq!(ruby.reading(range.clone()), reading, "{view:?}");
        assert!(!harness.state().reader.placed_ruby().is_empty(), "{view:?}");
        assert_eq!(selection(&harness), Some(range.clone()), "{view:?}");
        assert_eq!(selected_text(&harness), word, "{view:?}");
        // Where the word is drawn with pinyin, dragging over it selects it again.
        let half = vec2(harness.state().settings.font_size * 0.5, 0.0);
        let last = range.end - 1;
        let from = show_char(&mut harness, start) - half;
        let to = show_char(&mut harness, last) + half;
        harness.state_mut().reader.selection = None;
        drag(&mut harness, from, to);
        assert_eq!(selected_text(&harness), word, "{view:?}, pinyin on");
        harness.key_press(Key::P);
        settle(&mut harness);
        assert!(!harness.state().settings.show_pinyin, "{view:?}");
        assert_eq!(selection(&harness), Some(range), "{view:?}");
    }
}

#[test]
fn pinyin_in_clean_is_word_aware_and_takes_the_crawls_syllables_as_set() {
    let settings = Settings {
        show_pinyin: true,
        ..Settings::default()
    };
    let (mut harness, _seeds) = app(settings, vec2(1280.0, 820.0));
    open_seed(&mut harness, "001", ViewKind::Clean);
    // 原文 `存量?jī)`: the crawl lost the char but wrote its reading.
    let lost = find_char(&harness, "存量\u{FFFD}") + 2;
    show_char(&mut harness, lost);
    let source = harness.state().settings.source_pinyin;
    assert_eq!(source, SourcePinyin::LostChars);
    let ruby = harness
        .state()
        .reader
        .ruby_of(ViewKind::Clean, source)
        .expect("pinyin computed");
    assert_eq!(
        ruby.get(lost).map(|s| s.as_str().to_owned()).as_deref(),
        Some("jī")
    );
    let paragraph = {
        let app = harness.state();
        let document = app.reader.document.as_ref().expect("open");
        document.view(ViewKind::Clean).paragraph_at(lost)
    };
    let placed = harness.state().reader.placed_ruby();
    let (_, syllables) = placed
        .iter()
        .find(|(i, _)| *i == paragraph)
        .expect("the paragraph is painted");
    assert!(syllables.iter().any(|(_, s)| s == "jī"));
    // Word-aware: 長 is zhǎng in 區長 and cháng in 長遠 (where the crawl wrote zhǎng).
    let word = |harness: &Harness<'_, PizhuApp>, ruby: &pizhu::dict::Ruby, w: &str| {
        let start = find_char(harness, w);
        ruby.reading(start..start + w.chars().count())
    };
    assert_eq!(word(&harness, &ruby, "區長"), "qū zhǎng");
    assert_eq!(word(&harness, &ruby, "長遠"), "cháng yuǎn");

    // The crawl's syllables wherever it wrote one: its own (per-char) reading.
    harness
        .state_mut()
        .send(Command::SetSourcePinyin(SourcePinyin::Always));
    settle(&mut harness);
    let crawl = harness
        .state()
        .reader
        .ruby_of(ViewKind::Clean, SourcePinyin::Always)
        .expect("pinyin computed");
    assert_eq!(word(&harness, &crawl, "長遠"), "zhǎng yuǎn");
    assert_eq!(
        crawl.get(lost).map(|s| s.as_str().to_owned()).as_deref(),
        Some("jī")
    );

    // The dictionary's only: nothing over the lost char.
    harness
        .state_mut()
        .send(Command::SetSourcePinyin(SourcePinyin::Never));
    settle(&mut harness);
    let ruby = harness
        .state()
        .reader
        .ruby_of(ViewKind::Clean, SourcePinyin::Never)
        .expect("pinyin computed");
    assert_eq!(ruby.get(lost), None);
}

#[test]
fn d_opens_the_card_and_a_listed_word_shows_itself() {
    let (mut harness, _seeds) = app(Settings::default(), vec2(1280.0, 820.0));
    open_seed(&mut harness, "001", ViewKind::Clean);
    let jing = find_char(&harness, "經濟");
    show_char(&mut harness, jing);
    select(&mut harness, jing..jing + 2);
    harness.key_press(Key::D);
    settle(&mut harness);

    let card = harness.state().dict_card();
    let shown = card.shown().expect("the card shows a lookup");
    assert_eq!(shown.query, "經濟");
    assert_eq!(shown.entries[0].pinyin(), "jīng jì");
    harness.get_by_label("jīng jì");
    harness.get_by_label("經濟");
    harness.get_by_label("经济");
    harness.get_by_label_contains("economy");

    // A shorter word: clicking it selects it in the text and shows it.
    harness.get_by_label_contains("濟 jì").click();
    settle(&mut harness);
    assert_eq!(selection(&harness), Some(jing + 1..jing + 2));
    let shown = harness.state().dict_card().shown().expect("shown");
    assert_eq!(shown.query, "濟");
    assert!(shown.entries.iter().any(|e| e.pinyin() == "jì"));

    // Esc closes the card and keeps the selection.
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    assert!(!harness.state().dict_card().is_open());
    assert_eq!(selection(&harness), Some(jing + 1..jing + 2));
}

#[test]
fn the_card_lists_the_longer_words_over_a_char_and_selects_one() {
    let (mut harness, _seeds) = app(Settings::default(), vec2(1280.0, 820.0));
    open_seed(&mut harness, "001", ViewKind::Clean);
    let jing = find_char(&harness, "經濟");
    show_char(&mut harness, jing);
    select(&mut harness, jing..jing + 1);
    harness.key_press(Key::D);
    settle(&mut harness);
    let shown = harness.state().dict_card().shown().expect("shown");
    assert_eq!(shown.query, "經");
    assert!(shown.is_found());
    let longer = shown
        .longer
        .iter()
        .find(|w| w.text == "經濟")
        .expect("經濟 is a longer word over 經");
    assert_eq!(longer.chars, jing..jing + 2);
    harness.get_by_label(tr(DictText::Longer));
    harness.get_by_label("經濟 jīng jì").click();
    settle(&mut harness);
    assert_eq!(selection(&harness), Some(jing..jing + 2));
    assert_eq!(
        harness.state().dict_card().shown().expect("shown").query,
        "經濟"
    );
}

#[test]
fn the_card_works_in_every_view() {
    let (mut harness, _seeds) = app(Settings::default(), vec2(1280.0, 820.0));
    for (view, word, query, pinyin) in [
        (ViewKind::Original, "經(jīng)濟", "經濟", "jīng jì"),
        (ViewKind::Clean, "發展", "發展", "fā zhǎn"),
        (ViewKind::Simplified, "发展", "发展", "fā zhǎn"),
        (ViewKind::Traditional, "調研", "調研", "diào yán"),
    ] {
        open_seed(&mut harness, "001", view);
        let start = find_char(&harness, word);
        show_char(&mut harness, start);
        select(&mut harness, start..start + word.chars().count());
        harness.state_mut().send(Command::LookUpSelection);
        settle(&mut harness);
        let shown = harness.state().dict_card().shown().expect("shown");
        assert_eq!(shown.query, query, "{view:?}");
        assert_eq!(shown.entries[0].pinyin(), pinyin, "{view:?}");
        harness.get_by_label(pinyin);
        harness.state_mut().send(Command::CloseDictCard);
        harness.step();
    }
}

#[test]
fn a_word_missing_from_cc_cedict_says_so_and_suggests_its_start() {
    let (mut harness, _seeds) = app(Settings::default(), vec2(1280.0, 820.0));
    open_seed(&mut harness, "001", ViewKind::Clean);
    let text = view_text(&harness);
    let jing = find_char(&harness, "經濟");
    // 經濟 and the two chars after it: no headword.
    let chars: Vec<char> = text.chars().skip(jing).take(4).collect();
    let missing: String = chars.iter().collect();
    let dict = Dictionary::shared().expect("bundled");
    assert!(!dict.contains(&missing), "{missing} is a headword");
    show_char(&mut harness, jing);
    select(&mut harness, jing..jing + 4);
    harness.key_press(Key::D);
    settle(&mut harness);

    let shown = harness.state().dict_card().shown().expect("shown");
    assert!(!shown.is_found());
    assert_eq!(shown.query, missing);
    harness.get_by_label(tr(DictText::NotFound));
    harness.get_by_label(&missing);
    let prefix = shown.prefix.clone().expect("starts with a word");
    assert_eq!(prefix.text, "經濟");
    assert_eq!(prefix.chars, jing..jing + 2);
    // The suggestion selects the word it names.
    harness
        .get_all_by_label("經濟 jīng jì")
        .next()
        .expect("the suggestion")
        .click();
    settle(&mut harness);
    assert_eq!(selection(&harness), Some(jing..jing + 2));
    assert!(
        harness
            .state()
            .dict_card()
            .shown()
            .expect("shown")
            .is_found()
    );
}

#[test]
fn pinyin_keeps_selections_and_highlights_on_the_same_characters() {
    let (mut harness, _seeds) = app(Settings::default(), vec2(1280.0, 820.0));
    open_seed(&mut harness, "001", ViewKind::Clean);
    let jing = find_char(&harness, "經濟");
    show_char(&mut harness, jing);
    // A highlight on 經濟, and a selection on the two chars after it.
    select(&mut harness, jing..jing + 2);
    harness.key_press(Key::H);
    harness.run_steps(2);
    let highlight = harness
        .state()
        .selected_annotation()
        .cloned()
        .expect("a highlight");
    select(&mut harness, jing + 2..jing + 4);
    let after: String = view_text(&harness).chars().skip(jing + 2).take(2).collect();

    let highlight_range = |harness: &Harness<'_, PizhuApp>| {
        let app = harness.state();
        let annotations = app.annotations.as_ref().expect("store");
        let key = app.reader.document.as_ref().and_then(|d| d.key.clone());
        let store = pizhu::ui::annotations::lock(&annotations.store);
        store
            .annotation(&key.expect("key"), &highlight)
            .map(|a| a.range())
            .expect("the highlight")
    };
    let before = highlight_range(&harness);

    harness.key_press(Key::P);
    settle(&mut harness);
    assert!(harness.state().settings.show_pinyin);
    let ruby = harness
        .state()
        .reader
        .ruby_of(ViewKind::Clean, SourcePinyin::LostChars)
        .expect("pinyin computed");
    assert_eq!(ruby.reading(jing..jing + 2), "jīng jì");
    assert!(
        !harness.state().reader.placed_ruby().is_empty(),
        "pinyin was painted"
    );
    // Same offsets: the selection and the highlight.
    assert_eq!(selection(&harness), Some(jing + 2..jing + 4));
    assert_eq!(selected_text(&harness), after);
    assert_eq!(highlight_range(&harness), before);
    // And the same characters on screen: dragging over 經濟 where it is drawn now selects it.
    let from = show_char(&mut harness, jing) - vec2(harness.state().settings.font_size * 0.5, 0.0);
    let to =
        show_char(&mut harness, jing + 2) - vec2(harness.state().settings.font_size * 0.5, 0.0);
    harness.drag_at(from);
    harness.step();
    harness.hover_at(to);
    harness.step();
    harness.drop_at(to);
    harness.step();
    assert_eq!(selection(&harness), Some(jing..jing + 2));
    assert_eq!(selected_text(&harness), "經濟");

    // Off again: nothing moved.
    harness.key_press(Key::P);
    settle(&mut harness);
    assert!(!harness.state().settings.show_pinyin);
    assert_eq!(selection(&harness), Some(jing..jing + 2));
    assert_eq!(highlight_range(&harness), before);
}

#[test]
fn pinyin_never_overlaps_its_neighbours_at_small_and_large_sizes() {
    for font_size in [14.0, 28.0] {
        let settings = Settings {
            font_size,
            show_pinyin: true,
            ..Settings::default()
        };
        let (mut harness, _seeds) = app(settings, vec2(1000.0, 800.0));
        for seed in ["000", "001"] {
            open_seed(&mut harness, seed, ViewKind::Clean);
            let placed = harness.state().reader.placed_ruby();
            let syllables: usize = placed.iter().map(|(_, s)| s.len()).sum();
            assert!(
                syllables > 50,
                "{seed} at {font_size}: {syllables} syllables"
            );
            for (paragraph, syllables) in placed {
                let mut rects: Vec<egui::Rect> = syllables.iter().map(|(r, _)| *r).collect();
                rects.sort_by(|a, b| a.min.y.total_cmp(&b.min.y));
                // Rows: syllables whose tops are within half a character of the row's first.
                let mut rows: Vec<Vec<egui::Rect>> = Vec::new();
                for rect in rects {
                    match rows.last_mut() {
                        Some(row) if rect.min.y - row[0].min.y < font_size * 0.5 => row.push(rect),
                        _ => rows.push(vec![rect]),
                    }
                }
                for row in &mut rows {
                    row.sort_by(|a, b| a.min.x.total_cmp(&b.min.x));
                    for pair in row.windows(2) {
                        assert!(
                            pair[0].max.x <= pair[1].min.x,
                            "{seed} at {font_size}, paragraph {paragraph}: {pair:?} overlap"
                        );
                    }
                }
                for pair in rows.windows(2) {
                    let bottom = pair[0].iter().map(|r| r.max.y).fold(f32::MIN, f32::max);
                    let top = pair[1].iter().map(|r| r.min.y).fold(f32::MAX, f32::min);
                    assert!(
                        bottom <= top,
                        "{seed} at {font_size}: rows of pinyin overlap"
                    );
                }
            }
        }
    }
}
