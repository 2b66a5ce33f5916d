//! Searching in the window (issue 13), headless with egui_kittest: the find bar (Ctrl+F) in 繁,
//! the corpus search (Ctrl+Shift+F) and its concordance, opening a hit, tagging every hit in one
//! undo step, the article filter's offer to search the full text, and a bad regex's sentence.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::util::harness::{open_article, settle_within};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use pizhu::search::fold::fold_text;
use pizhu::text::ViewKind;
use pizhu::ui::PizhuApp;
use pizhu::ui::i18n::{Reading, SearchText, tr, trf};
use pizhu::ui::library::IndexCache;
use pizhu::ui::settings::Settings;

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// A copy of the seeds, for tests that write annotations.
fn seeds_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(seeds()).expect("seeds") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    dir
}

/// The window on `folder` (its search index private to it), settled.
fn app_on(folder: &Path, settings: Settings) -> Harness<'static, PizhuApp> {
    let app = PizhuApp::with_index_cache(
        &egui::Context::default(),
        settings,
        Some(folder.to_owned()),
        IndexCache::Private,
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .with_context_setup(pizhu::ui::theme::install_fonts)
        .build_ui_state(|ui, app: &mut PizhuApp| app.ui_frame(ui), app);
    settle(&mut harness);
    assert!(
        harness.state().library.index.is_some(),
        "the folder is indexed"
    );
    harness
}

/// Steps until no background work runs (an index is built: up to 30 s).
fn settle(harness: &mut Harness<'_, PizhuApp>) {
    settle_within(harness, Duration::from_secs(30));
}

fn type_text(harness: &mut Harness<'_, PizhuApp>, text: &str) {
    harness.event(egui::Event::Text(text.to_owned()));
    settle(harness);
}

fn press(harness: &mut Harness<'_, PizhuApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    settle(harness);
}

/// The text of view chars `range` of the open article's `view`.
fn shown(harness: &Harness<'_, PizhuApp>, view: ViewKind, range: std::ops::Range<usize>) -> String {
    let document = harness.state().reader.document.as_ref().expect("open");
    document.view(view).slice(range).to_owned()
}

fn folded(text: &str) -> String {
    let mut out = String::new();
    fold_text(text, &mut out);
    out
}

/// Asserts that view char `char_index` was drawn inside the window this frame.
fn assert_on_screen(harness: &Harness<'_, PizhuApp>, view: ViewKind, char_index: usize) {
    let app = harness.state();
    let document = app.reader.document.as_ref().expect("open");
    let pos = app
        .reader
        .screen_pos_of_char(document.view(view), char_index)
        .expect("its paragraph is laid out");
    assert!(
        pos.y > 0.0 && pos.y < 820.0,
        "char {char_index} is drawn at {pos:?}"
    );
}

#[test]
fn find_bar_steps_through_the_hits_of_a_traditional_view() {
    let settings = Settings {
        view: ViewKind::Traditional,
        ..Settings::default()
    };
    let mut harness = app_on(&seeds(), settings);
    // 002 is traditional, with crawl pinyin: 經(jīng)濟 in the file.
    open_article(&mut harness, "002");
    press(&mut harness, Modifiers::COMMAND, Key::F);
    assert!(harness.state().find_bar().is_open());
    type_text(&mut harness, "经济");

    let text = harness
        .state()
        .reader
        .document
        .as_ref()
        .expect("open")
        .view(ViewKind::Traditional)
        .view
        .text
        .clone();
    let expected = text.matches("經濟").count();
    assert!(expected >= 3, "seed 002 has 經濟 several times: {expected}");
    let (current, count) = harness.state().find_bar().position().expect("found");
    assert_eq!(count, expected, "every 經濟 of the 繁 view, found by 经济");
    assert_eq!(current, 1, "from the top, the first hit");
    harness
        .get_all_by_label(&format!("1 / {expected}"))
        .next()
        .expect("the bar says n / m");
    let marks = harness.state().reader.found.clone();
    assert_eq!(marks.hits.len(), expected, "the reader paints them");
    for hit in marks.hits.iter() {
        assert_eq!(shown(&harness, ViewKind::Traditional, hit.clone()), "經濟");
    }

    // Enter and F3 go forward, Shift+Enter and Shift+F3 back, wrapping around.
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(harness.state().find_bar().position(), Some((2, expected)));
    press(&mut harness, Modifiers::SHIFT, Key::Enter);
    assert_eq!(harness.state().find_bar().position(), Some((1, expected)));
    press(&mut harness, Modifiers::SHIFT, Key::F3);
    assert_eq!(
        harness.state().find_bar().position(),
        Some((expected, expected))
    );
    // The last hit is far down the article: the reader scrolled to it.
    let last = marks.hits[expected - 1].clone();
    assert!(harness.state().reader.top_char > 0, "scrolled");
    assert_on_screen(&harness, ViewKind::Traditional, last.start);
    assert_eq!(harness.state().reader.found.current, Some(expected - 1));
    press(&mut harness, Modifiers::NONE, Key::F3);
    assert_eq!(harness.state().find_bar().position(), Some((1, expected)));
    assert_on_screen(&harness, ViewKind::Traditional, marks.hits[0].start);
    press(&mut harness, Modifiers::NONE, Key::F3);

    // The same hits in another view, the bar still on the second.
    harness.get_by_label("原文").click();
    settle(&mut harness);
    assert_eq!(harness.state().find_bar().position(), Some((2, expected)));
    let original = harness.state().reader.found.hits[1].clone();
    assert_eq!(shown(&harness, ViewKind::Original, original), "經(jīng)濟");

    // Esc closes the bar and leaves the current hit selected.
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(!harness.state().find_bar().is_open());
    assert!(harness.state().reader.found.hits.is_empty());
    let selected = harness.state().reader.selected_text(ViewKind::Original);
    assert_eq!(selected.as_deref(), Some("經(jīng)濟"));
}

/// Opens the corpus search with Ctrl+Shift+F and searches `query`.
fn search_corpus(harness: &mut Harness<'_, PizhuApp>, query: &str) {
    press(harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    assert!(harness.state().corpus_search().open);
    type_text(harness, query);
    assert_eq!(harness.state().corpus_search().text(), query);
}

#[test]
fn corpus_search_lists_hits_from_every_seed_and_opens_one_at_the_hit() {
    let mut harness = app_on(&seeds(), Settings::default());
    search_corpus(&mut harness, "经济");
    let concordance = harness.state().corpus_search().concordance();
    let summary = concordance.summary().expect("done").clone();
    // 经济 in the simplified seeds, 經濟 and 經(jīng)濟 in the traditional ones.
    assert_eq!(summary.articles_with_hits, 5, "{summary:?}");
    assert_eq!(concordance.rows().len(), summary.hits);
    assert!(summary.hits >= 10, "{summary:?}");

    // The first row of an article other than the one open (seed 001, traditional).
    let current = harness.state().current.expect("an article is open");
    let (row, article, original) = {
        let concordance = harness.state().corpus_search().concordance();
        (0..concordance.rows().len())
            .find_map(|row| {
                let (_, hit) = concordance.hit_of_row(row)?;
                (hit.article != current).then(|| (row, hit.article, hit.original.clone()))
            })
            .expect("hits in other articles")
    };
    assert_eq!(article.0, 1, "corpus order: seed 000's hits, then 001's");
    // Its row shows title, context and the hit as 净文 shows it.
    let title = harness.state().library.corpus.articles[article.0]
        .title
        .clone();
    let prefix = format!("{title}: ");
    // The row's text comes from a worker: under load it may take a few more frames.
    let deadline = Instant::now() + Duration::from_secs(10);
    let row_label = |harness: &Harness<'_, PizhuApp>| {
        harness
            .query_all_by_label_contains(&prefix)
            .next()
            .expect("the row is drawn")
            .accesskit_node()
            .label()
            .unwrap_or_default()
            .to_owned()
    };
    while !row_label(&harness).contains('【') && Instant::now() < deadline {
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    let label = row_label(&harness);
    assert!(label.contains("【經濟】"), "{label}");
    let drawn = harness
        .query_all_by_label_contains(&prefix)
        .next()
        .expect("the row is drawn");
    drawn.click();
    settle(&mut harness);

    let app = harness.state();
    assert_eq!(app.current, Some(article), "the hit's article opened");
    let document = app.reader.document.as_ref().expect("loaded");
    assert_eq!(document.id, article);
    let view = document.view(ViewKind::Clean);
    let selection = app.reader.selection.expect("the hit is selected").range();
    assert_eq!(selection, view.view.view_range(original.clone()));
    assert_eq!(folded(view.slice(selection.clone())), "经济");
    assert_on_screen(&harness, ViewKind::Clean, selection.start);

    // ↓ in the focused list opens the next row's hit (not the next article of the list).
    let next = harness
        .state()
        .corpus_search()
        .concordance()
        .hit_of_row(row + 1)
        .map(|(_, hit)| (hit.article, hit.original.clone()))
        .expect("a next row");
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    let app = harness.state();
    assert_eq!(app.current, Some(next.0));
    assert_eq!(
        app.corpus_search().selected_hit().map(|(r, _)| r),
        Some(row + 1)
    );
    let view = app
        .reader
        .document
        .as_ref()
        .expect("loaded")
        .view(ViewKind::Clean);
    let selection = app.reader.selection.expect("selected").range();
    assert_eq!(selection, view.view.view_range(next.1));
}

#[test]
fn tag_all_hits_is_one_undo_step_and_skips_read_only_articles() {
    let dir = seeds_copy();
    // A damaged sidecar makes 003's annotations read-only.
    let damaged = dir.path().join("003_6d7fffe9468177c8.txt.annotations.ron");
    std::fs::write(&damaged, "(version: 1, annotations: [").expect("write");
    let mut harness = app_on(dir.path(), Settings::default());
    search_corpus(&mut harness, "经济");
    let hits = harness.state().corpus_search().concordance().rows().len();
    let in_003 = harness
        .state()
        .corpus_search()
        .concordance()
        .hits()
        .iter()
        .filter(|hit| hit.article.0 == 3)
        .count();
    assert!(in_003 > 0);

    harness.get_by_label(tr(SearchText::TagAllHits)).click();
    settle(&mut harness);
    harness
        .get_all_by_label_contains(&trf(
            SearchText::AlreadyCarry,
            &[("already", &0), ("n", &hits)],
        ))
        .next()
        .expect("the dialog counts the hits already tagged");
    harness
        .get_by_label(&trf(SearchText::TagN, &[("n", &hits)]))
        .click();
    settle(&mut harness);

    let per = pizhu::annotate::TagId::new("PER").expect("tag");
    let count_per = |harness: &Harness<'_, PizhuApp>| -> usize {
        let app = harness.state();
        let store = pizhu::ui::annotations::lock(&app.annotations.as_ref().expect("open").store);
        store
            .documents()
            .map(|key| {
                store
                    .annotations(key)
                    .iter()
                    .filter(|a| a.tag.as_ref() == Some(&per))
                    .count()
            })
            .sum()
    };
    assert_eq!(count_per(&harness), hits - in_003);
    let message = harness
        .state()
        .status_message()
        .expect("a report")
        .to_owned();
    assert!(
        message.starts_with(&trf(
            SearchText::Tagged,
            &[("n", &(hits - in_003)), ("articles", &4)]
        )),
        "{message}"
    );
    assert!(
        message.contains(&trf(
            SearchText::SkippedReadOnly,
            &[("n", &1), ("list", &"003_6d7fffe9468177c8.txt")]
        )),
        "{message}"
    );

    // The filter lists the hits now annotated.
    harness.get_by_label(tr(SearchText::Filter)).click();
    settle(&mut harness);
    harness.get_by_label(tr(SearchText::Annotated)).click();
    settle(&mut harness);
    let listed = harness.state().corpus_search().concordance().rows().len();
    assert_eq!(listed, hits - in_003);

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(count_per(&harness), 0, "one undo step removed them all");
    let listed = harness.state().corpus_search().concordance().rows().len();
    assert_eq!(listed, 0, "the filter follows the undo");
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(
        count_per(&harness),
        hits - in_003,
        "and redo brings them back"
    );
}

#[test]
fn the_article_filter_offers_to_search_the_full_text() {
    let mut harness = app_on(&seeds(), Settings::default());
    // The filter box is the only text field; no title, source or file name has 经济.
    harness.get_by_role(egui::Role::TextInput).click();
    settle(&mut harness);
    type_text(&mut harness, "经济");
    assert_eq!(harness.state().library.filter, "经济");
    assert!(harness.state().library.rows.is_empty());
    harness
        .get_all_by_label_contains(&trf(Reading::NoMatch, &[("query", &"经济")]))
        .next()
        .expect("says what it searched");
    harness
        .get_by_label(&trf(Reading::SearchFullText, &[("query", &"经济")]))
        .click();
    settle(&mut harness);
    let search = harness.state().corpus_search();
    assert!(search.open);
    assert_eq!(search.text(), "经济");
    assert_eq!(
        search.concordance().summary().map(|s| s.articles_with_hits),
        Some(5)
    );
}

#[test]
fn a_bad_regex_says_why_in_one_sentence_and_lists_nothing() {
    let mut harness = app_on(&seeds(), Settings::default());
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.get_by_label(tr(SearchText::Regex)).click();
    settle(&mut harness);
    // Closed and opened again, the panel gives its query field the keyboard focus.
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    type_text(&mut harness, "(经济");
    assert_eq!(harness.state().corpus_search().text(), "(经济");
    let sentence_wanted = trf(SearchText::InvalidRegex, &[("reason", &"unclosed group")]);
    let error = harness
        .query_by_label_contains(&sentence_wanted)
        .expect("the error is shown");
    // A label's text is its accesskit value.
    let node = error.accesskit_node();
    let sentence = node.value().or(node.label()).unwrap_or_default();
    assert_eq!(sentence, sentence_wanted);
    assert!(
        harness
            .state()
            .corpus_search()
            .concordance()
            .rows()
            .is_empty()
    );
}

#[test]
fn an_unwritable_index_folder_still_searches_and_says_so_in_one_sentence() {
    // The index folder is a file: nothing can be written there.
    let dir = tempfile::tempdir().expect("temp dir");
    let blocked = dir.path().join("not-a-folder");
    std::fs::write(&blocked, "").expect("write");
    let app = PizhuApp::with_index_cache(
        &egui::Context::default(),
        Settings::default(),
        Some(seeds()),
        IndexCache::At(blocked.clone()),
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .with_context_setup(pizhu::ui::theme::install_fonts)
        .build_ui_state(|ui, app: &mut PizhuApp| app.ui_frame(ui), app);
    settle(&mut harness);
    assert_eq!(
        harness.state().library.rows.len(),
        5,
        "the folder is listed"
    );
    let message = harness
        .state()
        .status_message()
        .expect("a message")
        .to_owned();
    assert!(
        message.starts_with(&trf(
            SearchText::IndexNote,
            &[("note", &"cannot write the search index in ")]
        )) && message.contains("temporary")
            && !message.contains('\n'),
        "{message}"
    );
    assert!(harness.state().library.index.is_some(), "a temporary index");
    search_corpus(&mut harness, "经济");
    let summary = harness
        .state()
        .corpus_search()
        .concordance()
        .summary()
        .expect("searched")
        .clone();
    assert_eq!(summary.articles_with_hits, 5, "{summary:?}");
}

/// Every label (or value) shown.
fn all_labels(harness: &Harness<'_, PizhuApp>) -> std::collections::BTreeSet<String> {
    harness
        .query_all_by(|node| node.label().is_some() || node.value().is_some())
        .filter_map(|node| {
            let node = node.accesskit_node();
            node.label().or(node.value()).map(|text| text.to_string())
        })
        .collect()
}

/// The find bar and the corpus search panel speak the window's language: in 简体 and 繁體 no
/// English word is left (but CSV and key names), in English no Chinese but the query and the
/// hits' own text.
#[test]
fn the_find_bar_and_the_search_panel_speak_one_language() {
    use pizhu::ui::i18n::Language;
    for language in Language::ALL {
        let settings = Settings {
            language: Some(language),
            ..Settings::default()
        };
        let mut harness = app_on(&seeds(), settings);
        let name = language.native_name();
        // What each shows: the labels that were not there before it opened.
        let before = all_labels(&harness);
        press(&mut harness, Modifiers::COMMAND, Key::F);
        type_text(&mut harness, "经济");
        harness.get_by_label(tr(SearchText::Find));
        let mut labels: Vec<String> = all_labels(&harness).difference(&before).cloned().collect();
        assert!(
            labels.len() >= 4,
            "{name}: the find bar's labels {labels:?}"
        );
        press(&mut harness, Modifiers::NONE, Key::Escape);
        let before = all_labels(&harness);
        search_corpus(&mut harness, "经济");
        harness.get_by_label(tr(SearchText::Search));
        let panel: Vec<String> = all_labels(&harness).difference(&before).cloned().collect();
        assert!(panel.len() >= 8, "{name}: the panel's labels {panel:?}");
        labels.extend(panel);
        let titles: Vec<String> = harness
            .state()
            .library
            .corpus
            .articles
            .iter()
            .map(|meta| format!("{}: ", meta.title))
            .collect();
        for label in labels {
            // The hits' rows are article text (`title: left【hit】right`, or `title: …` while
            // their text is read).
            if titles.iter().any(|title| label.starts_with(title.as_str())) {
                continue;
            }
            let rest = label.replace("经济", "");
            if language == Language::English {
                let chinese = rest.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
                assert!(!chinese, "English: {label:?}");
            } else {
                let rest = rest
                    .replace("CSV", "")
                    .replace("Ctrl", "")
                    .replace("Shift", "");
                let english = rest
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .any(|word| word.len() >= 3);
                assert!(!english, "{name}: {label:?}");
            }
        }
    }
}
