//! Helpers shared by the window tests: a harness on a folder, and stepping until idle.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use pizhu::ui::PizhuApp;
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
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        harness.step();
        if !harness.state().is_busy() {
            // A few more frames for layout to settle after the last event.
            for _ in 0..3 {
                harness.step();
            }
            if !harness.state().is_busy() {
                return;
            }
        }
        assert!(Instant::now() < deadline, "the app did not settle");
        std::thread::sleep(Duration::from_millis(5));
    }
}
