//! Frame times while the whole folder is saved through a slow disk (issue 9: the window never
//! waits on the disk). Driven headless with egui_kittest, like `benches/reader.rs`.
//!
//! 24 articles are made unsaved at once, the store's writer is replaced by one that takes
//! 500 ms per file, and the reader is scrolled frame after frame until everything is on disk
//! (12 s of writing). The time of each `ui_frame` (the whole frame: `logic` and `ui`) is measured
//! in wall time around the call (an upper bound of its CPU time). The bench fails if any frame
//! took 16 ms or more.
//!
//! `cargo bench --bench save`

#![allow(missing_docs)]

use std::cell::RefCell;
use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use pizhu::annotate::disk::read_with_state;
use pizhu::annotate::{Annotation, DiskState, Edit, FileSystem, SidecarIo, TagId};
use pizhu::corpus::Article;
use pizhu::ui::PizhuApp;
use pizhu::ui::annotations::{SaveState, lock};
use pizhu::ui::settings::Settings;

const ARTICLES: usize = 24;
const WRITE_DELAY: Duration = Duration::from_millis(500);
const FRAME_BUDGET: Duration = Duration::from_millis(16);

/// The real file system, 500 ms slower per write.
#[derive(Debug)]
struct Slow;

impl SidecarIo for Slow {
    fn read(&self, path: &Path) -> io::Result<Option<(Vec<u8>, DiskState)>> {
        read_with_state(path)
    }

    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> io::Result<DiskState> {
        std::thread::sleep(WRITE_DELAY);
        FileSystem.write_atomic(path, bytes)
    }
}

/// Time on this thread's clock: wall time, as `benches/reader.rs` measures. (The thread's CPU
/// clock in `/proc/thread-self/schedstat` is only updated at scheduler ticks, too coarse for one
/// frame; wall time is an upper bound of the CPU time, so the assertion is only stricter.)
fn thread_cpu() -> Instant {
    Instant::now()
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let seeds: Vec<PathBuf> = {
        let mut v: Vec<PathBuf> = std::fs::read_dir(seeds())
            .expect("seeds")
            .map(|e| e.expect("entry").path())
            .collect();
        v.sort();
        v
    };
    for i in 0..ARTICLES {
        std::fs::copy(
            &seeds[i % seeds.len()],
            dir.path().join(format!("{i:03}.txt")),
        )
        .expect("copy");
    }

    let frame_times: Rc<RefCell<Vec<Duration>>> = Rc::default();
    let times = Rc::clone(&frame_times);
    let app = PizhuApp::new(
        &egui::Context::default(),
        Settings::default(),
        Some(dir.path().to_owned()),
    );
    let mut h: Harness<'_, PizhuApp> = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .with_context_setup(pizhu::ui::theme::install_fonts)
        .build_ui_state(
            move |ui, app: &mut PizhuApp| {
                let start = thread_cpu();
                app.ui_frame(ui);
                times.borrow_mut().push(start.elapsed());
            },
            app,
        );
    let deadline = Instant::now() + Duration::from_secs(60);
    while h.state().is_busy() || h.state().reader.document.is_none() {
        h.step();
        std::thread::sleep(Duration::from_millis(2));
        assert!(Instant::now() < deadline, "did not settle");
    }
    h.run_steps(5);

    // Every article unsaved at once (set up off the clock, as a folder-wide "tag all" would).
    {
        let app = h.state_mut();
        let annotations = app.annotations.as_mut().expect("store");
        let mut store = lock(&annotations.store);
        store.set_io(Arc::new(Slow));
        let loader = store.loader();
        for i in 0..ARTICLES {
            let path = dir.path().join(format!("{i:03}.txt"));
            let article = Article::load(&path).expect("article");
            let loaded = loader.load(&path, article.decoded.text).expect("loaded");
            let key = loaded.key().clone();
            let annotation = Annotation::new_in(loaded.text(), 0..2, TagId::new("LOC").ok(), "")
                .expect("annotation");
            store.insert(loaded);
            store.edit(&key, Edit::Create(annotation)).expect("edit");
        }
        drop(store);
        annotations.changed();
    }

    // Scroll the reader until everything is on disk.
    frame_times.borrow_mut().clear();
    let pos = egui::pos2(700.0, 450.0);
    h.hover_at(pos);
    let started = Instant::now();
    let mut saving_frames = 0;
    let mut i = 0usize;
    loop {
        let dy = if (i / 60).is_multiple_of(2) {
            -120.0
        } else {
            120.0
        };
        i += 1;
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, dy),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        h.step();
        let state = h.state().annotations.as_ref().map(|a| a.save_state.clone());
        if state == Some(SaveState::Saving) {
            saving_frames += 1;
        }
        if state == Some(SaveState::Saved) && saving_frames > 0 {
            break;
        }
        assert!(
            !matches!(state, Some(SaveState::Error(_))),
            "save failed: {state:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(120), "never saved");
        std::thread::sleep(Duration::from_millis(4));
    }
    let writing = started.elapsed();
    assert!(
        writing >= WRITE_DELAY * ARTICLES as u32,
        "the slow writer was not used ({writing:?})"
    );
    for i in 0..ARTICLES {
        assert!(
            dir.path()
                .join(format!("{i:03}.txt.annotations.ron"))
                .is_file(),
            "{i:03} saved"
        );
    }

    let mut times = frame_times.borrow().clone();
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize].as_secs_f64() * 1000.0;
    println!(
        "{:<48} frames {:>5} ({} while saving)  p50 {:>6.2} ms  p95 {:>6.2} ms  max {:>6.2} ms",
        format!(
            "ui_frame, {ARTICLES} files saved at {} ms each ({:.1} s)",
            WRITE_DELAY.as_millis(),
            writing.as_secs_f64()
        ),
        times.len(),
        saving_frames,
        at(0.5),
        at(0.95),
        at(1.0)
    );
    let max = times.last().copied().unwrap_or_default();
    assert!(
        max < FRAME_BUDGET,
        "a frame took {max:?} during the save (budget {FRAME_BUDGET:?})"
    );
}
