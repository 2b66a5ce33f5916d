//! Helpers shared by the window tests: a harness on a folder, and stepping until idle.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use pizhu::corpus::ArticleId;
use pizhu::text::ViewKind;
use pizhu::ui::PizhuApp;
use pizhu::ui::command::Command;
use pizhu::ui::settings::Settings;

/// The window on `folder`, after its scan finished and the first article opened. Its search
/// index lives in a temporary folder of its own.
pub fn app_on(folder: PathBuf, settings: Settings) -> Harness<'static, PizhuApp> {
    let app = PizhuApp::with_index_cache(
        &egui::Context::default(),
        settings,
        Some(folder),
        pizhu::ui::library::IndexCache::Private,
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .with_context_setup(pizhu::ui::theme::install_fonts)
        .build_ui_state(|ui, app: &mut PizhuApp| app.ui_frame(ui), app);
    settle(&mut harness);
    harness
}

/// Steps frames until no background work is running (or fails after 20 s).
pub fn settle(harness: &mut Harness<'_, PizhuApp>) {
    settle_within(harness, Duration::from_secs(20));
}

/// [`settle`] with its own time limit (building the dictionary or an index takes longer).
pub fn settle_within(harness: &mut Harness<'_, PizhuApp>, limit: Duration) {
    let deadline = Instant::now() + limit;
    loop {
        harness.step();
        if !harness.state().is_busy() {
            // A few more frames for layout to settle after the last event.
            harness.run_steps(3);
            if !harness.state().is_busy() {
                return;
            }
        }
        assert!(Instant::now() < deadline, "the app did not settle");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The listed article whose relative path starts with `prefix`.
pub fn listed(harness: &Harness<'_, PizhuApp>, prefix: &str) -> ArticleId {
    let app = harness.state();
    app.library
        .rows
        .iter()
        .copied()
        .find(|id| {
            app.library.corpus.articles[id.0]
                .relative
                .starts_with(prefix)
        })
        .unwrap_or_else(|| panic!("no listed article starts with {prefix:?}"))
}

/// Opens the listed article whose relative path starts with `prefix` (as the list would, by
/// command) and settles.
pub fn open_article(harness: &mut Harness<'_, PizhuApp>, prefix: &str) {
    let id = listed(harness, prefix);
    harness.state_mut().send(Command::SelectArticle(id));
    settle(harness);
}

/// Switches to view `kind` (by command) and settles.
pub fn set_view(harness: &mut Harness<'_, PizhuApp>, kind: ViewKind) {
    harness.state_mut().send(Command::SetView(kind));
    settle(harness);
}
