//! Behaviour tests of the reader window with egui_kittest: no display, no GPU, the app's own fonts.

use std::path::PathBuf;

use crate::util::harness::{app_on, listed, settle};
use crate::util::seeds_dir as seeds;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use pizhu::text::ViewKind;
use pizhu::ui::PizhuApp;
use pizhu::ui::settings::Settings;

fn view_text(harness: &Harness<'_, PizhuApp>, kind: ViewKind) -> String {
    let app = harness.state();
    let document = app.reader.document.as_ref().expect("an article is open");
    document.view(kind).view.text.clone()
}

fn open_article(harness: &mut Harness<'_, PizhuApp>, file_prefix: &str) {
    let id = listed(harness, file_prefix);
    let app = harness.state();
    let title = app.library.corpus.articles[id.0].title.clone();
    harness
        .get_all_by_label(&title)
        .next()
        .expect("its row")
        .click();
    settle(harness);
    assert_eq!(harness.state().current, Some(id));
}

fn set_view(harness: &mut Harness<'_, PizhuApp>, kind: ViewKind) {
    harness
        .get_by_label(pizhu::ui::i18n::view_sign(kind))
        .click();
    settle(harness);
    assert_eq!(harness.state().settings.view, kind);
}

#[test]
fn opening_the_seeds_lists_five_titles() {
    let harness = app_on(seeds(), Settings::default());
    let titles = harness.state().listed_titles();
    assert_eq!(titles.len(), 5, "{titles:?}");
    for title in &titles {
        assert!(!title.is_empty());
        harness
            .get_all_by_label(title)
            .next()
            .expect("a row per title");
    }
    // Seed 004 starts with a breadcrumb; its title is the real headline.
    assert!(
        titles.contains(&"白云区党政代表团赴贵州省黔南州开展东西部协作调研对接"),
        "{titles:?}"
    );
}

#[test]
fn clicking_an_article_shows_its_title_in_the_reader() {
    let mut harness = app_on(seeds(), Settings::default());
    open_article(&mut harness, "003");
    let title = harness.state().current_meta().expect("meta").title.clone();
    // One label in the list, one in the reader header.
    assert!(harness.query_all_by_label(&title).count() >= 2);
    assert!(harness.state().reader.laid_out_text().contains("佛山"));
}

#[test]
fn clean_view_removes_crawl_pinyin_and_simplified_converts() {
    let mut harness = app_on(seeds(), Settings::default());
    open_article(&mut harness, "001");
    set_view(&mut harness, ViewKind::Clean);
    let clean = view_text(&harness, ViewKind::Clean);
    assert!(clean.contains("調研"));
    assert!(!clean.contains("(diào)"));
    let drawn = harness.state().reader.laid_out_text();
    assert!(
        drawn.contains("調研") && !drawn.contains("(diào)"),
        "{drawn}"
    );

    set_view(&mut harness, ViewKind::Simplified);
    assert!(view_text(&harness, ViewKind::Simplified).contains("调研"));
    assert!(harness.state().reader.laid_out_text().contains("调研"));

    set_view(&mut harness, ViewKind::Original);
    assert!(
        harness
            .state()
            .reader
            .laid_out_text()
            .contains("調(diào)研")
    );
}

#[test]
fn traditional_view_of_a_simplified_article() {
    let mut harness = app_on(seeds(), Settings::default());
    open_article(&mut harness, "000");
    set_view(&mut harness, ViewKind::Traditional);
    let text = harness.state().reader.laid_out_text();
    // 禅城区政府常务会议 → 禪城區政府常務會議
    assert!(text.contains("禪城區政府常務會議"), "{text}");
    assert!(!text.contains("禅城区"));
}

#[test]
fn t_cycles_views() {
    let mut harness = app_on(seeds(), Settings::default());
    let start = harness.state().settings.view;
    let mut seen = vec![start];
    for _ in 0..4 {
        harness.key_press(Key::T);
        settle(&mut harness);
        seen.push(harness.state().settings.view);
    }
    // Each press moves to the next view in toolbar order (原文 → 净文 → 简 → 繁), wrapping:
    // four distinct views, then back to the first.
    let first = ViewKind::ALL
        .iter()
        .position(|kind| *kind == start)
        .expect("a known view");
    let expected: Vec<ViewKind> = (0..=4)
        .map(|i| ViewKind::ALL[(first + i) % ViewKind::ALL.len()])
        .collect();
    assert_eq!(seen, expected);
}

#[test]
fn filter_finds_traditional_title_typed_in_simplified() {
    let mut harness = app_on(seeds(), Settings::default());
    let filter = harness.get_by_role(egui::accesskit::Role::TextInput);
    filter.focus();
    harness.step();
    // 001's title is 何黨生調研… in traditional characters.
    harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .type_text("何党生调研");
    settle(&mut harness);
    let titles = harness.state().listed_titles();
    assert_eq!(titles.len(), 1, "{titles:?}");
    assert!(titles[0].starts_with("何黨生調研"), "{titles:?}");
}

#[test]
fn keyboard_moves_between_articles() {
    let mut harness = app_on(seeds(), Settings::default());
    let rows = harness.state().library.rows.clone();
    assert_eq!(
        harness.state().current,
        Some(rows[0]),
        "the first article opens"
    );
    harness.key_press(Key::ArrowDown);
    settle(&mut harness);
    assert_eq!(harness.state().current, Some(rows[1]));
    harness.key_press(Key::J);
    settle(&mut harness);
    assert_eq!(harness.state().current, Some(rows[2]));
    harness.key_press(Key::K);
    settle(&mut harness);
    assert_eq!(harness.state().current, Some(rows[1]));
    harness.key_press(Key::ArrowUp);
    harness.key_press(Key::ArrowUp);
    settle(&mut harness);
    assert_eq!(harness.state().current, Some(rows[0]), "clamped at the top");
    let title = harness.state().current_meta().expect("meta").title.clone();
    assert!(harness.query_all_by_label(&title).count() >= 2);
}

#[test]
fn reading_position_survives_a_view_switch() {
    let mut harness = app_on(seeds(), Settings::default());
    open_article(&mut harness, "002");
    set_view(&mut harness, ViewKind::Original);
    let original = view_text(&harness, ViewKind::Original);
    // Scroll to a paragraph well down the article.
    let target_byte = original.find("當(dāng)前").expect("a later paragraph");
    let target_char = original[..target_byte].chars().count();
    harness.state_mut().reader.scroll_to_char(target_char);
    settle(&mut harness);
    let before = harness
        .state()
        .reader
        .top_original_char(ViewKind::Original)
        .expect("top");
    assert!(before > 0, "scrolled down");
    for kind in [ViewKind::Clean, ViewKind::Traditional, ViewKind::Simplified] {
        set_view(&mut harness, kind);
        let after = harness.state().reader.top_original_char(kind).expect("top");
        // The same line stays at the top: within the line's length of where it was.
        let line_start = original[..target_byte].rfind('\n').map_or(0, |b| b + 1);
        let line_start = original[..line_start].chars().count();
        assert!(
            after >= line_start && after <= before + 40,
            "{kind:?}: top moved from {before} to {after} (line starts at {line_start})"
        );
    }
}

#[test]
fn an_unreadable_folder_keeps_the_current_one_open() {
    let mut harness = app_on(seeds(), Settings::default());
    let before = harness.state().library.corpus.articles.len();
    harness
        .state_mut()
        .send(pizhu::ui::command::Command::OpenFolder(PathBuf::from(
            "/nonexistent/pizhu-test-folder",
        )));
    settle(&mut harness);
    assert_eq!(harness.state().library.corpus.articles.len(), before);
    assert_eq!(harness.state().library.corpus.root, seeds());
    // The words after the core's error: "… The current folder stays open."
    let sentence = pizhu::ui::i18n::tr(pizhu::ui::i18n::Status::ScanFailed);
    let stays_open = sentence.split('}').nth(1).unwrap_or(sentence);
    harness
        .get_all_by_label_contains(stays_open.trim_end_matches(['.', '。']))
        .next()
        .expect("an error message in the status bar");
}

#[test]
fn plain_keys_work_while_a_button_has_focus() {
    // A button focused by keyboard navigation or a screen reader must not swallow T, 1–9 or H:
    // only a text field takes plain keys.
    let mut harness = app_on(seeds(), Settings::default());
    harness.get_by_label("原文").focus();
    harness.step();
    assert!(
        harness.ctx.memory(|m| m.focused().is_some()),
        "a button has focus"
    );
    let before = harness.state().settings.view;
    harness.key_press(Key::T);
    settle(&mut harness);
    assert_eq!(harness.state().settings.view, before.next());
}

#[test]
fn every_character_of_every_seed_view_has_a_glyph() {
    // No tofu: the bundled fonts cover every char the reader shows, in the face it uses
    // (SC for original, clean and simplified text, TC for traditional). Lost characters
    // (U+FFFD) are drawn as 〓 and checked as such.
    let ctx = egui::Context::default();
    pizhu::ui::theme::install_fonts(&ctx);
    // Fonts are built on the first pass.
    let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
    output.textures_delta.clear();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(seeds()).expect("seeds") {
        let path = entry.expect("entry").path();
        let original = pizhu::corpus::Article::load(&path).expect("seed loads");
        for kind in ViewKind::ALL {
            let view = pizhu::text::View::render(original.original(), kind);
            let family = if kind == ViewKind::Traditional {
                pizhu::ui::theme::traditional_family()
            } else {
                egui::FontFamily::Proportional
            };
            let font = egui::FontId::new(18.0, family);
            ctx.fonts_mut(|fonts| {
                for c in view.text.chars().filter(|c| !c.is_control()) {
                    let shown = if c == '\u{FFFD}' { '〓' } else { c };
                    if !fonts.has_glyph(&font, shown) {
                        missing.push((path.file_name().map(|n| n.to_owned()), kind, c));
                    }
                }
            });
        }
    }
    missing.dedup();
    assert!(missing.is_empty(), "no glyph for: {missing:?}");
    // The check can fail: U+FFFD itself has no glyph (hence 〓).
    let font = egui::FontId::new(18.0, egui::FontFamily::Proportional);
    assert!(!ctx.fonts_mut(|fonts| fonts.has_glyph(&font, '\u{FFFD}')));
}
