//! Frame-time benchmark of the reader window (CPU side of a frame: egui pass, layout,
//! tessellation inputs), driven headless with egui_kittest.
//!
//! `cargo bench --bench reader` prints p50 / p95 / max frame times for:
//! scrolling a seed article (~10 KB), scrolling a generated 1 MB article (also with pinyin ruby
//! on, in 净文 and 原文), scrolling a 100 000-row article list, and the first frame after
//! start-up.

#![allow(missing_docs)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use pizhu::corpus::{ArticleId, Corpus};
use pizhu::ui::PizhuApp;
use pizhu::ui::settings::Settings;

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

fn harness(folder: PathBuf) -> Harness<'static, PizhuApp> {
    let app = PizhuApp::new(&egui::Context::default(), Settings::default(), Some(folder));
    Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .with_context_setup(pizhu::ui::theme::install_fonts)
        .build_ui_state(|ui, app: &mut PizhuApp| app.ui_frame(ui), app)
}

fn settle(harness: &mut Harness<'_, PizhuApp>) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while harness.state().is_busy() || harness.state().reader.document.is_none() {
        harness.step();
        std::thread::sleep(Duration::from_millis(2));
        assert!(Instant::now() < deadline, "did not settle");
    }
    for _ in 0..5 {
        harness.step();
    }
}

/// Steps `frames` frames, each with a mouse-wheel scroll at `pos`; returns per-frame times and
/// the furthest position `probe` read after a frame (outside the timed step).
fn scroll_frames(
    harness: &mut Harness<'_, PizhuApp>,
    pos: egui::Pos2,
    frames: usize,
    probe: impl Fn(&Harness<'_, PizhuApp>) -> usize,
) -> (Vec<Duration>, usize) {
    harness.hover_at(pos);
    harness.step();
    let mut times = Vec::with_capacity(frames);
    let mut furthest = probe(harness);
    for i in 0..frames {
        // Scroll down, and back up now and then, so both cached and new paragraphs are drawn.
        let dy = if (i / 100) % 2 == 0 { -120.0 } else { 90.0 };
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, dy),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        let start = Instant::now();
        harness.step();
        times.push(start.elapsed());
        furthest = furthest.max(probe(harness));
    }
    (times, furthest)
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize].as_secs_f64() * 1000.0;
    println!(
        "{name:<40} frames {:>4}  p50 {:>6.2} ms  p95 {:>6.2} ms  max {:>6.2} ms",
        times.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    );
}

/// Scrolls and reports, checking that the reader really moved (a bench that does not scroll
/// would measure nothing).
fn scroll_reader(h: &mut Harness<'_, PizhuApp>, name: &str, pos: egui::Pos2, frames: usize) {
    let before = h.state().reader.top_char;
    let (times, furthest) = scroll_frames(h, pos, frames, |h| h.state().reader.top_char);
    assert!(furthest > before, "{name}: the reader did not scroll");
    report(&format!("{name} (to char {furthest})"), times);
}

/// The first article-list row on screen: the bench numbers the rows' titles (`000123 …`), and
/// the list lays out (and exposes to accessibility) only the rows in view.
fn first_listed_row(h: &Harness<'_, PizhuApp>) -> usize {
    h.query_all_by(|node| node.role() == egui::accesskit::Role::Button)
        .filter_map(|node| {
            node.accesskit_node()
                .label()?
                .get(..6)?
                .parse::<usize>()
                .ok()
        })
        .min()
        .unwrap_or(0)
}

fn main() {
    // Ignore the flags `cargo bench` passes.
    let frames = 400;
    let reader_pos = egui::pos2(700.0, 450.0);
    let list_pos = egui::pos2(120.0, 450.0);

    // Start-up: construction and the first frame, on the seeds.
    let start = Instant::now();
    let mut h = harness(seeds());
    h.step();
    let first = start.elapsed();
    println!(
        "{:<40} {:>6.1} ms",
        "start-up to first frame (in process)",
        first.as_secs_f64() * 1000.0
    );
    settle(&mut h);

    // A seed article (~10 KB).
    scroll_reader(&mut h, "scroll seed 000 (6 KB)", reader_pos, frames);

    // A generated 1 MB article.
    let dir = tempfile::tempdir().expect("temp dir");
    let seed = std::fs::read_to_string(seeds().join("002_6e5af457e60a8f77.txt")).expect("seed");
    let mut big = String::new();
    while big.len() < 1_000_000 {
        big.push_str(&seed);
    }
    std::fs::write(dir.path().join("big.txt"), &big).expect("write");
    let mut h = harness(dir.path().to_owned());
    let open = Instant::now();
    settle(&mut h);
    println!(
        "{:<40} {:>6.1} ms",
        "open 1 MB article (load + 4 views + frame)",
        open.elapsed().as_secs_f64() * 1000.0
    );
    scroll_reader(&mut h, "scroll 1 MB article", reader_pos, frames);
    for view in pizhu::text::ViewKind::ALL {
        let switch = Instant::now();
        h.state_mut()
            .send(pizhu::ui::command::Command::SetView(view));
        h.step();
        println!(
            "{:<40} {:>6.1} ms",
            format!("switch 1 MB article to {}", view.name()),
            switch.elapsed().as_secs_f64() * 1000.0
        );
    }

    // Pinyin ruby on (P): computed for the view on a worker, then painted over the rows. The
    // first time includes building the dictionary.
    for (view, name) in [
        (pizhu::text::ViewKind::Clean, "clean"),
        (pizhu::text::ViewKind::Original, "original"),
    ] {
        h.state_mut()
            .send(pizhu::ui::command::Command::SetView(view));
        if !h.state().settings.show_pinyin {
            h.state_mut()
                .send(pizhu::ui::command::Command::TogglePinyin);
        }
        let on = Instant::now();
        h.step();
        let first_frame = on.elapsed();
        // Commands run after the frame is drawn: the ruby job starts in the next frame, so step
        // once more before waiting for it.
        h.step();
        settle(&mut h);
        println!(
            "{:<40} {:>6.1} ms (first frame {:.1} ms)",
            format!("pinyin on, 1 MB {name}: ready (worker)"),
            on.elapsed().as_secs_f64() * 1000.0,
            first_frame.as_secs_f64() * 1000.0
        );
        scroll_reader(
            &mut h,
            &format!("scroll 1 MB article, pinyin on, {name}"),
            reader_pos,
            frames,
        );
    }
    h.state_mut()
        .send(pizhu::ui::command::Command::TogglePinyin);
    h.step();

    // The same article holding 10 000 annotations (side panel open).
    {
        let app = h.state_mut();
        let key = app
            .reader
            .document
            .as_ref()
            .and_then(|d| d.key.clone())
            .expect("annotations open");
        let annotations = app.annotations.as_mut().expect("store");
        let edits = {
            let store = pizhu::ui::annotations::lock(&annotations.store);
            let text = store.text(&key).expect("text");
            let chars = text.chars();
            (0..10_000)
                .map(|i| {
                    let start = i * (chars / 10_000);
                    let tag = pizhu::annotate::TagId::new(["PER", "LOC", "ORG"][i % 3]).ok();
                    pizhu::annotate::Edit::Create(
                        pizhu::annotate::Annotation::new_in(text, start..start + 3, tag, "")
                            .expect("annotation"),
                    )
                })
                .collect::<Vec<_>>()
        };
        annotations
            .edit(&key, pizhu::annotate::Edit::Batch(edits))
            .expect("batch");
    }
    h.step();
    scroll_reader(
        &mut h,
        "scroll 1 MB article, 10 000 annotations",
        reader_pos,
        frames,
    );

    // A 100 000-row list.
    let mut h = harness(seeds());
    settle(&mut h);
    let template = h.state().library.corpus.articles.clone();
    let mut corpus = Corpus::new(PathBuf::from("/synthetic"));
    for i in 0..100_000 {
        let mut meta = template[i % template.len()].clone();
        meta.relative = format!("{i:06}.txt");
        meta.title = format!("{i:06} {}", meta.title);
        corpus.articles.push(meta);
    }
    h.state_mut().library.set_corpus(corpus);
    h.state_mut()
        .send(pizhu::ui::command::Command::SelectArticle(ArticleId(0)));
    settle(&mut h);
    let before = first_listed_row(&h);
    let (times, furthest) = scroll_frames(&mut h, list_pos, frames, first_listed_row);
    assert!(
        furthest > before + 100,
        "the list did not scroll: first row {before}, at most {furthest}"
    );
    report(
        &format!("scroll 100 000-row list (to row {furthest})"),
        times,
    );
    scroll_reader(
        &mut h,
        "scroll reader beside 100 000 rows",
        reader_pos,
        frames,
    );
}
