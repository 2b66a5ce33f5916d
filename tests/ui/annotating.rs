//! Annotating in the window, headless: drag-select, tag with a key, and what reaches the sidecar.

use pizhu::ui::i18n::{TagText, tr};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::util::harness::{app_on, open_article, set_view, settle};
use crate::util::seeds_copy;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use pizhu::annotate::{Edit, SidecarFile};
use pizhu::text::ViewKind;
use pizhu::ui::PizhuApp;
use pizhu::ui::annotations::{SaveState, lock};
use pizhu::ui::command::Command;
use pizhu::ui::settings::Settings;

/// Steps until the annotations are on disk.
fn wait_saved(harness: &mut Harness<'_, PizhuApp>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        harness.step();
        let state = harness
            .state()
            .annotations
            .as_ref()
            .map(|a| a.save_state.clone());
        if state == Some(SaveState::Saved) {
            return;
        }
        assert!(
            !matches!(state, Some(SaveState::Error(_))),
            "save failed: {state:?}"
        );
        assert!(Instant::now() < deadline, "not saved: {state:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Drags from the start of `needle` to its end in the current view, like a person would.
fn drag_select(harness: &mut Harness<'_, PizhuApp>, needle: &str) {
    drag_select_nth(harness, needle, 0);
}

/// [`drag_select`] on the `n`th occurrence of `needle` (from 0).
fn drag_select_nth(harness: &mut Harness<'_, PizhuApp>, needle: &str, n: usize) {
    let (start, end) = {
        let app = harness.state();
        let document = app.reader.document.as_ref().expect("open");
        let view = document.view(app.settings.view);
        let (byte, _) = view
            .view
            .text
            .match_indices(needle)
            .nth(n)
            .expect("needle in view");
        let start = view.view.text[..byte].chars().count();
        let end = start + needle.chars().count();
        let a = app
            .reader
            .screen_pos_of_char(view, start)
            .expect("start on screen");
        let b = app
            .reader
            .screen_pos_of_char(view, end)
            .expect("end on screen");
        (a + egui::vec2(2.0, 0.0), b - egui::vec2(2.0, 0.0))
    };
    harness.hover_at(start);
    harness.step();
    harness.drag_at(start);
    harness.step();
    let steps = 4;
    for i in 1..=steps {
        let t = i as f32 / steps as f32;
        harness.hover_at(start + (end - start) * t);
        harness.step();
    }
    harness.drop_at(end);
    harness.step();
    let selected = harness
        .state()
        .reader
        .selected_text(harness.state().settings.view);
    assert_eq!(selected.as_deref(), Some(needle), "drag selected the name");
}

fn sidecar(folder: &Path, prefix: &str) -> SidecarFile {
    let entry = std::fs::read_dir(folder)
        .expect("folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            name.starts_with(prefix) && name.ends_with(".annotations.ron")
        })
        .expect("a sidecar was written");
    pizhu::annotate::sidecar::read_sidecar(&entry)
        .expect("parses")
        .expect("exists")
        .value
}

#[test]
fn drag_select_and_press_1_gives_the_same_original_range_in_every_view() {
    // 001 is traditional with crawl pinyin; its first line starts with the name 何黨生.
    for (kind, needle) in [
        (ViewKind::Original, "何黨生"),
        (ViewKind::Clean, "何黨生"),
        (ViewKind::Simplified, "何党生"),
        (ViewKind::Traditional, "何黨生"),
    ] {
        let dir = seeds_copy();
        let mut harness = app_on(dir.path().to_owned(), Settings::default());
        open_article(&mut harness, "001");
        set_view(&mut harness, kind);
        drag_select(&mut harness, needle);
        harness.key_press(Key::Num1);
        settle(&mut harness);
        wait_saved(&mut harness);
        let file = sidecar(dir.path(), "001");
        assert_eq!(file.annotations.len(), 1, "{kind:?}");
        let annotation = &file.annotations[0];
        assert_eq!((annotation.start, annotation.end), (0, 3), "{kind:?}");
        assert_eq!(annotation.quote, "何黨生", "{kind:?}");
        assert_eq!(
            annotation.tag.as_ref().map(|t| t.as_str()),
            Some("PER"),
            "{kind:?}"
        );
    }
}

#[test]
fn a_selection_across_removed_pinyin_maps_to_the_original() {
    let dir = seeds_copy();
    let mut harness = app_on(dir.path().to_owned(), Settings::default());
    open_article(&mut harness, "001");
    set_view(&mut harness, ViewKind::Simplified);
    // 调研 in 简 is 調(diào)研 in the Original: the range includes the pinyin between.
    drag_select(&mut harness, "调研");
    harness.key_press(Key::H);
    settle(&mut harness);
    wait_saved(&mut harness);
    let annotation = &sidecar(dir.path(), "001").annotations[0];
    assert_eq!(annotation.quote, "調(diào)研");
    assert!(annotation.tag.is_none(), "H makes a plain highlight");
}

#[test]
fn note_retag_delete_undo_redo() {
    let dir = seeds_copy();
    let mut harness = app_on(dir.path().to_owned(), Settings::default());
    open_article(&mut harness, "003");
    drag_select(&mut harness, "佛山市");
    harness.key_press(Key::Num2);
    settle(&mut harness);
    let id = harness
        .state()
        .selected_annotation()
        .cloned()
        .expect("new annotation is selected");

    harness
        .state_mut()
        .send(Command::SetNote(id.clone(), "地级市".to_owned()));
    harness.state_mut().send(Command::SetTag(
        id.clone(),
        Some(pizhu::annotate::TagId::new("ORG").expect("tag id")),
    ));
    settle(&mut harness);
    wait_saved(&mut harness);
    let saved = &sidecar(dir.path(), "003").annotations[0];
    assert_eq!(saved.note, "地级市");
    assert_eq!(saved.tag.as_ref().map(|t| t.as_str()), Some("ORG"));

    // Undo the retag, then the note: back to LOC without a note.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    wait_saved(&mut harness);
    let saved = &sidecar(dir.path(), "003").annotations[0];
    assert_eq!(saved.tag.as_ref().map(|t| t.as_str()), Some("LOC"));
    assert_eq!(saved.note, "");
    // Redo the note.
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::Z);
    settle(&mut harness);
    wait_saved(&mut harness);
    assert_eq!(sidecar(dir.path(), "003").annotations[0].note, "地级市");

    // Select it by clicking and delete it with Del.
    harness
        .state_mut()
        .send(Command::SelectAnnotation(Some(id)));
    harness.step();
    harness.key_press(Key::Delete);
    settle(&mut harness);
    wait_saved(&mut harness);
    assert!(
        sidecar(dir.path(), "003").annotations.is_empty(),
        "the file keeps an empty list"
    );
}

#[test]
fn tag_all_occurrences_in_the_article_is_one_undo_step() {
    let dir = seeds_copy();
    let mut harness = app_on(dir.path().to_owned(), Settings::default());
    open_article(&mut harness, "000");
    // The second occurrence, in the text: the first is in the title line, which the header
    // shows as the heading (with full-width punctuation it wraps after `作工`, and a drag to
    // the end of `作` there selects one char less).
    drag_select_nth(&mut harness, "东西部协作", 1);
    harness.key_press(Key::Num5);
    settle(&mut harness);
    let id = harness
        .state()
        .selected_annotation()
        .cloned()
        .expect("selected");
    harness.state_mut().send(Command::TagAllInArticle(id));
    settle(&mut harness);
    // The count comes first, saying it is this article's; nothing is tagged until confirmed.
    harness.get_by_label(tr(TagText::TagAllInArticle));
    harness
        .get_all_by_label_contains(after_count(TagText::FoundInArticle))
        .next()
        .expect("a preview with the count");
    harness.get_by_label(tr(TagText::TagAll)).click();
    settle(&mut harness);
    wait_saved(&mut harness);
    let text = std::fs::read_to_string(dir.path().join("000_aee7d7dda944679f.txt")).expect("seed");
    let occurrences = text.matches("东西部协作").count();
    assert!(occurrences > 3);
    assert_eq!(sidecar(dir.path(), "000").annotations.len(), occurrences);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    wait_saved(&mut harness);
    assert_eq!(
        sidecar(dir.path(), "000").annotations.len(),
        1,
        "one undo step"
    );
}

#[test]
fn a_corrupt_sidecar_is_never_touched() {
    let dir = seeds_copy();
    let path = dir.path().join("003_6d7fffe9468177c8.txt.annotations.ron");
    let garbage = "(version: 1, document: (file: \"x\", annotations: [ oops";
    std::fs::write(&path, garbage).expect("write");
    let mut harness = app_on(dir.path().to_owned(), Settings::default());
    open_article(&mut harness, "003");
    drag_select(&mut harness, "佛山市");
    harness.key_press(Key::Num2);
    settle(&mut harness);
    // Save everything now, as on exit, instead of sleeping past the debounce and hoping.
    let problems = harness
        .state_mut()
        .annotations
        .as_mut()
        .expect("store")
        .save_blocking();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("still there"),
        garbage
    );
    let app = harness.state();
    let key = app
        .reader
        .document
        .as_ref()
        .and_then(|d| d.key.clone())
        .expect("key");
    let store = lock(&app.annotations.as_ref().expect("store").store);
    assert!(
        store.annotations(&key).is_empty(),
        "nothing was added to a read-only document"
    );
    let error = store
        .load_error(&key)
        .expect("the parse error is kept")
        .to_string();
    assert!(
        error.contains("003_6d7fffe9468177c8.txt.annotations.ron:1:"),
        "path, line and column: {error}"
    );
    drop(store);
    // The edit API refuses too.
    let refused =
        lock(&app.annotations.as_ref().expect("store").store).apply(&key, Edit::Batch(Vec::new()));
    assert!(refused.is_err());
}

#[test]
fn tag_all_occurrences_in_the_folder_crosses_scripts_in_one_undo_step() {
    let dir = seeds_copy();
    let mut harness = app_on(dir.path().to_owned(), Settings::default());
    open_article(&mut harness, "000");
    drag_select(&mut harness, "习近平");
    harness.key_press(Key::Num1);
    settle(&mut harness);
    let id = harness
        .state()
        .selected_annotation()
        .cloned()
        .expect("selected");
    harness.state_mut().send(Command::TagAllInFolder(id));
    settle(&mut harness);
    // The preview states the count before anything is tagged.
    harness.get_by_label(tr(TagText::TagAllInFolder));
    harness
        .get_all_by_label_contains(after_count(TagText::FoundInFolder))
        .next()
        .expect("a preview with the count");
    harness.get_by_label(tr(TagText::TagAll)).click();
    settle(&mut harness);
    wait_saved(&mut harness);
    let count = |folder: &Path, prefix: &str, quote: &str| {
        sidecar(folder, prefix)
            .annotations
            .iter()
            .filter(|a| a.quote == quote && a.tag.as_ref().map(|t| t.as_str()) == Some("PER"))
            .count()
    };
    // In 001 (traditional, crawled) the name reads 習(xí)近平 in the Original: the annotation
    // quotes the Original, crawl pinyin included; its Clean view shows 習近平.
    let original_001 =
        std::fs::read_to_string(dir.path().join("001_ebed7b38f3e0333c.txt")).expect("seed");
    let in_clean = pizhu::text::clean::clean(&original_001)
        .text
        .matches("習近平")
        .count();
    assert!(in_clean > 0);
    assert_eq!(
        count(dir.path(), "001", "習(xí)近平"),
        in_clean,
        "the traditional article is tagged too"
    );
    let original_000 =
        std::fs::read_to_string(dir.path().join("000_aee7d7dda944679f.txt")).expect("seed");
    assert_eq!(
        count(dir.path(), "000", "习近平"),
        original_000.matches("习近平").count()
    );

    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    wait_saved(&mut harness);
    assert_eq!(
        count(dir.path(), "001", "習(xí)近平"),
        0,
        "one undo step covers every article"
    );
    assert_eq!(count(dir.path(), "000", "习近平"), 1, "the first tag stays");
}

#[test]
fn annotations_are_where_they_were_after_quitting_and_reopening() {
    let dir = seeds_copy();
    let saved = {
        let mut harness = app_on(dir.path().to_owned(), Settings::default());
        open_article(&mut harness, "002");
        set_view(&mut harness, ViewKind::Simplified);
        drag_select(&mut harness, "简阳市融媒体中心");
        harness.key_press(Key::Num3);
        settle(&mut harness);
        wait_saved(&mut harness);
        sidecar(dir.path(), "002").annotations
    };
    assert_eq!(saved.len(), 1);
    // A new window on the same folder (as after a restart).
    let mut harness = app_on(dir.path().to_owned(), Settings::default());
    open_article(&mut harness, "002");
    set_view(&mut harness, ViewKind::Traditional);
    let app = harness.state();
    let key = app
        .reader
        .document
        .as_ref()
        .and_then(|d| d.key.clone())
        .expect("key");
    let store = lock(&app.annotations.as_ref().expect("store").store);
    let reopened = store.annotations(&key);
    assert_eq!(reopened.len(), 1);
    assert_eq!(
        (
            reopened[0].start,
            reopened[0].end,
            reopened[0].quote.as_str()
        ),
        (saved[0].start, saved[0].end, saved[0].quote.as_str())
    );
    // And the 繁 view shows it over the same text.
    let document = app.reader.document.as_ref().expect("open");
    let view = &document.view(ViewKind::Traditional).view;
    let shown = view.view_range(reopened[0].range());
    let text: String = view
        .text
        .chars()
        .skip(shown.start)
        .take(shown.len())
        .collect();
    assert_eq!(text, "簡陽市融媒體中心");
}

/// What a tag-all preview says after its last number (`… occurrences in this article (…)`).
fn after_count(key: TagText) -> &'static str {
    let text = tr(key);
    text.rsplit_once('}').map_or(text, |(_, after)| after)
}
