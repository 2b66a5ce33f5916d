//! The app's error path, driven like the window: a failure arrives typed and is shown once, as
//! one sentence, where the user looks.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use super::PizhuApp;
use crate::ui::command::Command;
use crate::ui::settings::Settings;
use crate::ui::status_bar::Level;

fn harness(folder: &std::path::Path) -> Harness<'static, PizhuApp> {
    let app = PizhuApp::with_index_cache(
        &egui::Context::default(),
        Settings::default(),
        Some(folder.to_owned()),
        crate::ui::library::IndexCache::Private,
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .with_context_setup(crate::ui::theme::install_fonts)
        .build_ui_state(|ui, app: &mut PizhuApp| app.ui_frame(ui), app);
    settle(&mut harness);
    harness
}

fn settle(harness: &mut Harness<'_, PizhuApp>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    // Step first: a sent command starts its job only when the frame runs it.
    harness.step();
    while harness.state().is_busy() {
        assert!(Instant::now() < deadline, "the app did not settle");
        std::thread::sleep(Duration::from_millis(5));
        harness.step();
    }
    harness.run_steps(3);
}

#[test]
fn an_article_gone_since_the_scan_says_why_in_the_pane_and_the_status_bar() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("001.txt"), "第一篇\n\n佛山市禅城区。").expect("write");
    std::fs::write(dir.path().join("002.txt"), "第二篇\n\n𠮷野家，全角ＡＢＣ。").expect("write");
    let mut harness = harness(dir.path());
    let gone = harness.state().library.rows[1];
    let path = harness.state().library.corpus.articles[gone.0].path.clone();
    std::fs::remove_file(&path).expect("remove");

    harness.state_mut().send(Command::SelectArticle(gone));
    settle(&mut harness);

    let app = harness.state();
    let shown = app.reader.load_error.clone().expect("the pane says why");
    assert!(shown.contains("002.txt"), "names the file: {shown}");
    let message = app.messages.latest().expect("a status message");
    assert_eq!(message.level, Level::Error);
    assert_eq!(message.text, shown, "one sentence, the same in both places");
    assert_eq!(app.messages.errors().count(), 1, "reported once");
    let lead = crate::ui::i18n::tr(crate::ui::i18n::Reading::CannotOpen)
        .lines()
        .next()
        .unwrap_or_default();
    harness
        .get_all_by_label_contains(lead)
        .next()
        .expect("the reader pane shows the error");
}

/// text-comfort (issue 12): an article changed on disk since the scan shows its new title,
/// source and count in the list and the header once opened.
#[test]
fn an_article_changed_since_the_scan_refreshes_its_row_when_opened() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("001.txt"), "第一篇\n\n佛山市禅城区。").expect("write");
    std::fs::write(dir.path().join("002.txt"), "旧的标题\n\n正文。").expect("write");
    let mut harness = harness(dir.path());
    let changed = harness.state().library.rows[1];
    let path = harness.state().library.corpus.articles[changed.0]
        .path
        .clone();
    assert_eq!(
        harness.state().library.corpus.articles[changed.0].title,
        "旧的标题"
    );
    std::fs::write(&path, "佛山电视台\n新的标题,很好!\n\n正文更长了一些。\n").expect("write");

    harness.state_mut().send(Command::SelectArticle(changed));
    settle(&mut harness);

    let meta = &harness.state().library.corpus.articles[changed.0];
    assert_eq!(meta.title, "新的标题，很好！");
    assert_eq!(meta.source.as_deref(), Some("佛山电视台"));
    assert_eq!(meta.text_chars, 5 + 8 + 8);
    assert_eq!(harness.state().library.rows.len(), 2);
    // The list row and the reader's header both show it.
    assert!(
        harness
            .get_all_by_label_contains("新的标题，很好！")
            .count()
            >= 2
    );
    assert_eq!(harness.query_all_by_label_contains("旧的标题").count(), 0);
}
