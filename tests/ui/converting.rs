//! Regional scripts and user phrases in the window, headless: the 繁 variant menu changes the 繁
//! view, choosing a guess's candidate writes a user phrase to the folder's `pizhu.ron` and the
//! view shows it with exact offsets, and the user phrases window edits and removes phrases.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::util::harness::{app_on, settle};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use pizhu::annotate::CorpusFile;
use pizhu::text::convert::{PhraseScope, UserPhrase};
use pizhu::text::{Bias, TraditionalVariant, ViewKind};
use pizhu::ui::PizhuApp;
use pizhu::ui::annotations::SaveState;
use pizhu::ui::command::Command;
use pizhu::ui::i18n::tr;
use pizhu::ui::settings::Settings;

/// Crawl pinyin (`(tóu)`) so Original and the converted views differ in length, a non-BMP
/// character after the guesses, and words the regional variants write differently.
const ARTICLE: &str = "测试\n\n头(tóu)发干，皮肤干。𠮷野家为了软件。\n";

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("001.txt"), ARTICLE).expect("write");
    dir
}

fn traditional_settings(marks: bool) -> Settings {
    Settings {
        view: ViewKind::Traditional,
        show_ambiguities: marks,
        ..Settings::default()
    }
}

/// The body paragraph of the 繁 view as the reader shows it.
fn shown(harness: &Harness<'_, PizhuApp>) -> String {
    let app = harness.state();
    let document = app.reader.document.as_ref().expect("an article is open");
    let view = &document.view(ViewKind::Traditional).view;
    view.text.lines().nth(2).unwrap_or_default().to_owned()
}

/// The folder's `pizhu.ron` as saved on disk.
fn corpus_file(folder: &Path) -> CorpusFile {
    let path = folder.join("pizhu.ron");
    let bytes = std::fs::read(&path).expect("pizhu.ron written");
    pizhu::annotate::sidecar::parse_corpus_file(&path, &bytes).expect("pizhu.ron parses")
}

/// Steps until the store's edits are on disk.
fn wait_saved(harness: &mut Harness<'_, PizhuApp>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        harness.step();
        let state = harness
            .state()
            .annotations
            .as_ref()
            .map(|a| a.save_state.clone());
        if state == Some(SaveState::Saved) && !harness.state().is_busy() {
            settle(harness);
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

#[test]
fn the_variant_menu_changes_the_traditional_view() {
    let dir = folder();
    let mut harness = app_on(dir.path().to_owned(), traditional_settings(false));
    assert_eq!(
        shown(&harness),
        "頭髮幹，皮膚幹。𠮷野家爲了軟件。",
        "OpenCC s2t"
    );

    for (variant, expected) in [
        (
            TraditionalVariant::Taiwan,
            "頭髮幹，皮膚幹。𠮷野家為了軟件。",
        ),
        (
            TraditionalVariant::TaiwanPhrases,
            "頭髮幹，皮膚幹。𠮷野家為了軟體。",
        ),
        (
            TraditionalVariant::Opencc,
            "頭髮幹，皮膚幹。𠮷野家爲了軟件。",
        ),
    ] {
        let label = pizhu::ui::i18n::variant_name(variant);
        harness
            .get_by_label(pizhu::ui::script_menu::button_label())
            .click();
        harness.run_steps(2);
        let before = shown(&harness);
        harness
            .get_by_role_and_label(Role::RadioButton, label)
            .click();
        // The frame that runs the choice and the next one, which starts the work, do not
        // convert: the views are rendered again on a worker, then swapped in.
        harness.run_steps(2);
        assert_eq!(shown(&harness), before, "not converted on the UI thread");
        assert!(harness.state().is_busy(), "rendering {label} on a worker");
        settle(&mut harness);
        assert_eq!(shown(&harness), expected, "after choosing {label}");
        // The view's map still leads every character back to its Original text.
        let app = harness.state();
        let document = app.reader.document.as_ref().expect("open");
        let view = &document.view(ViewKind::Traditional).view;
        let original = &document.view(ViewKind::Original).view.text;
        let at = |needle: &str| view.text.chars().position(|c| needle.starts_with(c));
        let yoshi = at("𠮷").expect("𠮷 shown");
        let mapped = view.map.original_from_view(yoshi, Bias::Before);
        assert_eq!(original.chars().nth(mapped), Some('𠮷'), "{label}");
    }
    assert_eq!(
        harness.state().settings.scripts.traditional,
        TraditionalVariant::Opencc
    );
}

#[test]
fn choosing_a_candidate_writes_a_user_phrase_and_the_view_shows_it() {
    let dir = folder();
    let mut harness = app_on(dir.path().to_owned(), traditional_settings(true));
    assert_eq!(shown(&harness), "頭髮幹，皮膚幹。𠮷野家爲了軟件。");

    // Click the first 幹 (a guess: 干 has several candidates and no phrase decided).
    let pos = {
        let app = harness.state();
        let document = app.reader.document.as_ref().expect("open");
        let view = document.view(ViewKind::Traditional);
        let guesses = view.ambiguities.as_ref().expect("guesses were looked for");
        let first = guesses
            .iter()
            .find(|a| a.chosen == "幹")
            .expect("幹 is a guess");
        let a = app
            .reader
            .screen_pos_of_char(view, first.view.start)
            .expect("on screen");
        let b = app
            .reader
            .screen_pos_of_char(view, first.view.end)
            .expect("on screen");
        a + (b - a) * 0.5 + egui::vec2(0.0, 4.0)
    };
    harness.hover_at(pos);
    // Hovering lists the candidates (after egui's tooltip delay).
    harness.run_steps(60);
    harness.get_by_label_contains(pizhu::ui::i18n::tr(pizhu::ui::i18n::Views::GuessTooltip));
    for candidate in ["乾", "榦"] {
        harness.get_by_label(candidate);
    }
    harness.drag_at(pos);
    harness.step();
    harness.drop_at(pos);
    harness.run_steps(3);
    assert_eq!(
        harness.state().reader.offered_candidates(),
        Some(vec!["幹", "乾", "干", "榦"])
    );
    harness.get_by_role_and_label(Role::Button, "乾").click();
    settle(&mut harness);
    wait_saved(&mut harness);

    // Written to pizhu.ron, the smallest phrase that decides it.
    let phrase = UserPhrase::new("发干", "髮乾", PhraseScope::Traditional);
    assert_eq!(corpus_file(dir.path()).settings.user_phrases, [phrase]);
    // The view shows the choice; the second 干 is left to OpenCC.
    assert_eq!(shown(&harness), "頭髮乾，皮膚幹。𠮷野家爲了軟件。");
    let app = harness.state();
    let document = app.reader.document.as_ref().expect("open");
    let view = &document.view(ViewKind::Traditional).view;
    let original: Vec<char> = document
        .view(ViewKind::Original)
        .view
        .text
        .chars()
        .collect();
    // Every character of the body maps to the Original character it came from.
    let body_start = view.text.chars().position(|c| c == '頭').expect("body");
    let expected = "头发干，皮肤干。𠮷野家为了软件。";
    let pairs = view.text.chars().skip(body_start).zip(expected.chars());
    for (i, (shown, from)) in pairs.enumerate() {
        let at = view.original_range(body_start + i..body_start + i + 1);
        let slice: String = original[at].iter().collect();
        assert_eq!(
            slice,
            from.to_string(),
            "view char {shown} maps back to {from}"
        );
    }
    // The guess chosen is no longer a guess.
    let guesses = document
        .view(ViewKind::Traditional)
        .ambiguities
        .as_ref()
        .expect("still looked for");
    assert!(guesses.iter().all(|a| a.chosen != "乾"), "{guesses:?}");
}

#[test]
fn the_phrases_window_edits_and_removes() {
    let dir = folder();
    let phrase = UserPhrase::new("发干", "髮乾", PhraseScope::Traditional);
    let mut harness = app_on(dir.path().to_owned(), traditional_settings(false));
    harness
        .state_mut()
        .send(Command::AddUserPhrase(phrase.clone()));
    settle(&mut harness);
    wait_saved(&mut harness);
    assert_eq!(shown(&harness), "頭髮乾，皮膚幹。𠮷野家爲了軟件。");

    // Open it from the menu.
    harness
        .get_by_label(pizhu::ui::script_menu::button_label())
        .click();
    harness.run_steps(2);
    harness
        .get_by_label(pizhu::ui::script_menu::phrases_label())
        .click();
    // A window's first frame only measures it.
    harness.run_steps(3);
    harness.get_by_label(tr(pizhu::ui::i18n::PhraseText::Title));

    // Edit: the 为 To field of the row becomes 髮干.
    harness
        .get_by_label(tr(pizhu::ui::i18n::PhraseText::Edit))
        .click();
    harness.run_steps(2);
    let window = harness.get_by_label(tr(pizhu::ui::i18n::PhraseText::Title));
    let fields: Vec<_> = window.get_all_by_role(Role::TextInput).collect();
    assert_eq!(
        fields.len(),
        4,
        "the add row's two fields and the edited row's"
    );
    fields[3].set_text_value_accesskit("髮干");
    harness.run_steps(2);
    harness
        .get_by_label(tr(pizhu::ui::i18n::PhraseText::Apply))
        .click();
    settle(&mut harness);
    wait_saved(&mut harness);
    let edited = UserPhrase::new("发干", "髮干", PhraseScope::Traditional);
    assert_eq!(corpus_file(dir.path()).settings.user_phrases, [edited]);
    assert_eq!(shown(&harness), "頭髮干，皮膚幹。𠮷野家爲了軟件。");

    // Remove: back to OpenCC's output exactly.
    harness
        .get_by_label(tr(pizhu::ui::i18n::PhraseText::Remove))
        .click();
    settle(&mut harness);
    wait_saved(&mut harness);
    assert!(corpus_file(dir.path()).settings.user_phrases.is_empty());
    assert_eq!(shown(&harness), "頭髮幹，皮膚幹。𠮷野家爲了軟件。");
}
