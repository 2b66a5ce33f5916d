//! The window's side of issue 13, driven headless with egui_kittest on the scan bench's
//! generated folder (`support/corpus.rs`, mixed encodings), timing what the user waits for and
//! the CPU time of each frame on the UI thread (as `benches/reader.rs` does):
//!
//! 1. opening the folder the first time (scan, index built) and reopening it (list and index
//!    from the cache): time to the first row, to the whole list, to the search index; the
//!    longest frame meanwhile (target: a 100 000-article folder lists in < 1 s);
//! 2. a corpus search for 经济 in the window: time to the first rows on screen and to the last
//!    hit (targets < 50 ms and < 500 ms on 100 000 articles);
//! 3. frame times scrolling the concordance (mouse wheel; Page Down and End/Home jumps through
//!    every hit, which brings rows the worker has not rendered yet), sorted by article and by
//!    left context; the reader scrolled beside it (target: p95 well under 16 ms);
//! 4. the find bar on a 1 MB article: frames while typing (the search runs on a worker).
//!
//! Each frame is timed by the wall clock and by the UI thread's own CPU time
//! (`CLOCK_THREAD_CPUTIME_ID`); on this shared 2-core machine other builds stretch the wall
//! clock, not the CPU time. The bench fails (panics, after printing everything) when a
//! frame-time case has its CPU p95 (the wall clock's where CPU time is unknown) above
//! [`FRAME_BUDGET`] (16 ms: 60 fps) or, while the folder opens, one frame above
//! [`OPENING_MAX`] (33 ms), and it asserts that each case did what it claims: the whole
//! folder listed, hits found and their rows drawn with text, the list and the reader moved, the
//! keys walked the rows, the find bar found hits in the 1 MB article.
//!
//! `cargo bench --bench search_window`. Settings: `PIZHU_BENCH_FILES` (default 10 000; issue
//! 13's folder is `PIZHU_BENCH_FILES=100000 PIZHU_BENCH_MAX_BYTES=3000`), `PIZHU_BENCH_RUNS`
//! (reopenings, default 3), `PIZHU_BENCH_FPS=60` (frames paced as a 60 Hz window draws them
//! while it waits on workers; default: 1 ms apart), `PIZHU_BENCH_ONLY=open` (stop after the openings, for profiling),
//! `PIZHU_BENCH_DIR` (keep the folder and its index there for later
//! runs; otherwise a temp folder, deleted at the end).

#![allow(missing_docs)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use pizhu::ui::PizhuApp;
use pizhu::ui::command::{Command, SearchCommand};
use pizhu::ui::corpus_search::SortBy;
use pizhu::ui::library::IndexCache;
use pizhu::ui::settings::Settings;

#[path = "support/corpus.rs"]
mod corpus;

use corpus::{env_usize, median};

const SIZE: egui::Vec2 = egui::vec2(1280.0, 820.0);

/// A frame at 60 fps; a case whose p95 is above it fails the bench.
const FRAME_BUDGET: Duration = Duration::from_millis(16);

/// The longest frame allowed while a folder opens (two frames at 60 Hz): one frame over it
/// fails the bench. The frame where a 100 000-article scan ended once took 64-85 ms.
const OPENING_MAX: Duration = Duration::from_millis(33);

fn harness(folder: PathBuf, cache: PathBuf) -> Harness<'static, PizhuApp> {
    let app = PizhuApp::with_index_cache(
        &egui::Context::default(),
        Settings::default(),
        Some(folder),
        IndexCache::At(cache),
    );
    Harness::builder()
        .with_size(SIZE)
        .with_context_setup(pizhu::ui::theme::install_fonts)
        .build_ui_state(|ui, app: &mut PizhuApp| app.ui_frame(ui), app)
}

/// The time a frame took: wall clock, and on the CPU (the UI thread's own work, which other
/// processes on a loaded machine do not inflate).
#[derive(Clone, Copy)]
struct Frame {
    wall: Duration,
    cpu: Option<Duration>,
}

/// The CPU time this thread has used (`CLOCK_THREAD_CPUTIME_ID`, exact to the nanosecond;
/// `/proc/thread-self/schedstat` only moves at scheduler ticks).
#[cfg(unix)]
#[allow(unsafe_code)]
fn thread_cpu() -> Option<Duration> {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec for the duration of the call.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    (status == 0).then(|| Duration::new(now.tv_sec as u64, now.tv_nsec as u32))
}

/// Unknown here: the wall clock decides.
#[cfg(not(unix))]
fn thread_cpu() -> Option<Duration> {
    None
}

/// Steps `h` once, timed.
fn step_timed(h: &mut Harness<'_, PizhuApp>) -> Frame {
    let cpu = thread_cpu();
    let start = Instant::now();
    h.step();
    let wall = start.elapsed();
    let cpu = cpu.and_then(|before| Some(thread_cpu()?.saturating_sub(before)));
    Frame { wall, cpu }
}

/// The pause before the next frame while waiting on workers: 1 ms after the last frame
/// (`PIZHU_BENCH_FPS=0`, the default: as fast as news can come), or, with `PIZHU_BENCH_FPS=60`,
/// until 1/60 s after the last frame began, as a window synchronised with a 60 Hz display
/// draws (its UI thread then takes less of the CPU the workers share).
fn pace(frame_started: Instant) {
    static FPS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let fps = *FPS.get_or_init(|| env_usize("PIZHU_BENCH_FPS", 0));
    if fps == 0 {
        std::thread::sleep(Duration::from_millis(1));
    } else {
        let next = frame_started + Duration::from_secs(1) / fps as u32;
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
    }
}

/// Steps (timing each frame) until `done`; returns the frame times.
fn step_until(
    h: &mut Harness<'_, PizhuApp>,
    limit: Duration,
    mut done: impl FnMut(&PizhuApp) -> bool,
) -> Vec<Frame> {
    let deadline = Instant::now() + limit;
    let mut frames = Vec::new();
    while !done(h.state()) {
        assert!(Instant::now() < deadline, "did not finish in {limit:?}");
        let started = Instant::now();
        frames.push(step_timed(h));
        // The window waits for a repaint request; a worker's news comes with one.
        pace(started);
    }
    frames
}

fn settle(h: &mut Harness<'_, PizhuApp>) {
    step_until(h, Duration::from_secs(600), |app| !app.is_busy());
    h.run_steps(3);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Prints a case's frame times (wall clock and CPU) and notes it in `over` when its p95 is
/// above the budget: the CPU time's where the system tells it, else the wall clock's.
fn report(over: &mut Vec<String>, name: &str, frames: Vec<Frame>) {
    assert!(!frames.is_empty(), "{name}: no frames were drawn");
    let quantiles = |mut times: Vec<Duration>| {
        times.sort();
        let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
        [at(0.5), at(0.95), at(1.0)]
    };
    let wall = quantiles(frames.iter().map(|f| f.wall).collect());
    let cpu = frames
        .iter()
        .map(|f| f.cpu)
        .collect::<Option<Vec<_>>>()
        .map(quantiles);
    let cpu_text = cpu.map_or_else(
        || "cpu: n/a".to_owned(),
        |[p50, p95, max]| {
            format!(
                "cpu p50 {:>5.2} p95 {:>5.2} max {:>6.2}",
                ms(p50),
                ms(p95),
                ms(max)
            )
        },
    );
    println!(
        "{name:<50} frames {:>5}  wall p50 {:>5.2} p95 {:>6.2} max {:>7.2}  {cpu_text} (ms)",
        frames.len(),
        ms(wall[0]),
        ms(wall[1]),
        ms(wall[2]),
    );
    let (p95, clock) = match cpu {
        Some([_, p95, _]) => (p95, "CPU"),
        None => (wall[1], "wall"),
    };
    if p95 > FRAME_BUDGET {
        over.push(format!("{}: {clock} p95 {:.2} ms", name.trim(), ms(p95)));
    }
}

/// Notes in `over` an opening case whose longest frame (CPU time; wall clock where unknown)
/// is above [`OPENING_MAX`].
fn check_opening_max(over: &mut Vec<String>, name: &str, frames: &[Frame]) {
    let longest = frames
        .iter()
        .map(|f| f.cpu.unwrap_or(f.wall))
        .max()
        .unwrap_or_default();
    if longest > OPENING_MAX {
        over.push(format!(
            "{}: a frame of {:.2} ms (longest allowed {} ms)",
            name.trim(),
            ms(longest),
            OPENING_MAX.as_millis()
        ));
    }
}

/// The labels of the concordance rows drawn this frame (each holds its hit in 【】).
fn drawn_rows(h: &Harness<'_, PizhuApp>) -> Vec<String> {
    h.query_all_by_label_contains("【")
        .map(|node| node.accesskit_node().label().unwrap_or_default().to_owned())
        .collect()
}

/// Times of one opening of the folder in the window.
struct Opening {
    first_row: Duration,
    listed: Duration,
    indexed: Duration,
    frames: Vec<Frame>,
    /// Per frame: when it started (since the window was made) and what the window showed
    /// after it, to name the longest frames.
    notes: Vec<(Duration, String)>,
}

/// What the window shows of an opening, in a few words (to tell which frame was long).
fn opening_state(app: &PizhuApp) -> String {
    format!(
        "rows {} scan {} index {} document {} busy {}",
        app.library.rows.len(),
        if app.library.scan.is_some() {
            "running"
        } else {
            "done"
        },
        if app.library.index.is_some() {
            "ready"
        } else {
            "-"
        },
        if app.reader.document.is_some() {
            "shown"
        } else if app.reader.loading.is_some() {
            "loading"
        } else {
            "-"
        },
        app.is_busy(),
    )
}

/// Prints the `n` frames of `opening` with the most CPU time (wall time where unknown), with
/// their start time and what the window showed after them.
fn print_longest(opening: &Opening, n: usize) {
    let mut order: Vec<usize> = (0..opening.frames.len()).collect();
    let cost = |f: &Frame| f.cpu.unwrap_or(f.wall);
    order.sort_by_key(|&i| std::cmp::Reverse(cost(&opening.frames[i])));
    for &i in order.iter().take(n) {
        let frame = &opening.frames[i];
        let (at, note) = &opening.notes[i];
        println!(
            "    frame {i:>4} at {:>7.1} ms: cpu {:>6.2} ms wall {:>6.2} ms; after it: {note}",
            ms(*at),
            ms(cost(frame)),
            ms(frame.wall)
        );
    }
}

/// Opens `folder` (a new window, as at start-up) and waits for its list and index.
fn open(folder: &Path, cache: &Path, files: usize) -> (Harness<'static, PizhuApp>, Opening) {
    let start = Instant::now();
    let mut h = harness(folder.to_owned(), cache.to_owned());
    let mut first_row = None;
    let mut listed = None;
    let mut notes = Vec::new();
    let mut frame_started = start.elapsed();
    let frames = step_until(&mut h, Duration::from_secs(1200), |app| {
        let now = start.elapsed();
        // Called once before the first frame and after each one.
        if first_row.is_none() && !app.library.rows.is_empty() {
            first_row = Some(now);
        }
        if listed.is_none() && app.library.scan.is_none() && app.library.rows.len() == files {
            listed = Some(now);
        }
        notes.push((frame_started, opening_state(app)));
        frame_started = start.elapsed();
        app.library.index.is_some()
    });
    // The first note is the state before any frame.
    notes.remove(0);
    let indexed = start.elapsed();
    assert_eq!(
        h.state().library.rows.len(),
        files,
        "the whole folder was listed"
    );
    let opening = Opening {
        first_row: first_row.unwrap_or(indexed),
        listed: listed.unwrap_or(indexed),
        indexed,
        frames,
        notes,
    };
    (h, opening)
}

/// Steps `frames` frames, each after `event`; returns the frame times.
fn frames_with(
    h: &mut Harness<'_, PizhuApp>,
    frames: usize,
    mut event: impl FnMut(&Harness<'_, PizhuApp>, usize),
) -> Vec<Frame> {
    let mut times = Vec::with_capacity(frames);
    for i in 0..frames {
        event(h, i);
        times.push(step_timed(h));
    }
    times
}

fn wheel(h: &Harness<'_, PizhuApp>, dy: f32) {
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, dy),
        phase: egui::TouchPhase::Move,
        modifiers: Modifiers::NONE,
        source: egui::MouseWheelSource::Wheel,
    });
}

fn main() {
    let files = env_usize("PIZHU_BENCH_FILES", 10_000);
    let runs = env_usize("PIZHU_BENCH_RUNS", 3).max(1);
    let keep = std::env::var_os("PIZHU_BENCH_DIR").map(PathBuf::from);
    if let Some(dir) = &keep {
        std::fs::create_dir_all(dir).expect("PIZHU_BENCH_DIR");
    }
    let built = Instant::now();
    let folder = corpus::build(files, corpus::mixed_from_env(), keep.as_deref());
    println!(
        "folder: {} articles, {:.1} MB ({}), generated or checked in {:.1} s",
        folder.files,
        folder.bytes as f64 / 1e6,
        folder.encodings_text(),
        built.elapsed().as_secs_f64()
    );
    let temp = tempfile::tempdir().expect("cache dir");
    let cache = match &keep {
        Some(dir) => dir.join("window-cache"),
        None => temp.path().to_owned(),
    };
    let root = folder.root.clone();
    // Cases whose p95 frame time is above the budget, reported at the end.
    let mut over = Vec::new();

    // 1. First opening (the index built unless PIZHU_BENCH_DIR kept it), then reopenings.
    let (h, first) = open(&root, &cache, folder.files);
    drop(h);
    println!(
        "{:<52} first row {:>7.0} ms  listed {:>7.0} ms  index ready {:>7.0} ms",
        "open in the window, first time (index built)",
        ms(first.first_row),
        ms(first.listed),
        ms(first.indexed)
    );
    print_longest(&first, 3);
    check_opening_max(&mut over, "frames while opening, first time", &first.frames);
    report(
        &mut over,
        "  frames while opening, first time",
        first.frames.clone(),
    );
    let mut openings = Vec::new();
    let mut library = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        // The library alone first (what `benches/search.rs` times): the same folder and index
        // under the same load, so the window's own cost is the difference.
        drop(last.take());
        let alone = Instant::now();
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let opened = pizhu::search::open_indexed(
            &root,
            &cache,
            pizhu::corpus::ScanOptions::default(),
            &cancel,
            |_| {},
        )
        .expect("open_indexed");
        assert_eq!(opened.corpus.len(), folder.files);
        library.push(alone.elapsed());
        drop(opened);
        let (h, opening) = open(&root, &cache, folder.files);
        openings.push(opening);
        last = Some(h);
    }
    println!(
        "{:<52} {:>7.0} ms (median of {runs}: {})",
        "reopen in the library alone (open_indexed)",
        ms(median(library.clone())),
        library
            .iter()
            .map(|d| format!("{:.0}", ms(*d)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mid = |f: fn(&Opening) -> Duration| median(openings.iter().map(f).collect());
    println!(
        "{:<52} first row {:>7.0} ms  listed {:>7.0} ms  index ready {:>7.0} ms",
        format!("reopen in the window (median of {runs})"),
        ms(mid(|o| o.first_row)),
        ms(mid(|o| o.listed)),
        ms(mid(|o| o.indexed))
    );
    for (i, opening) in openings.iter().enumerate() {
        println!(
            "  run {}: first row {:.0} ms, listed {:.0} ms, index ready {:.0} ms",
            i + 1,
            ms(opening.first_row),
            ms(opening.listed),
            ms(opening.indexed)
        );
        print_longest(opening, 3);
    }
    for opening in &openings {
        check_opening_max(&mut over, "frames while reopening", &opening.frames);
    }
    report(
        &mut over,
        "  frames while reopening (all runs)",
        openings.iter().flat_map(|o| o.frames.clone()).collect(),
    );
    let mut h = last.expect("opened");
    if std::env::var("PIZHU_BENCH_ONLY").is_ok_and(|only| only == "open") {
        // Profiling the openings alone (`perf record`): stop here.
        assert!(
            over.is_empty(),
            "frame time over budget: {}",
            over.join("; ")
        );
        return;
    }
    settle(&mut h);

    // 2. A corpus search typed in the window: the panel opened (Ctrl+Shift+F focuses its
    // field), then 经济 typed as an input method commits it (one text event). Timed from the
    // frame that takes the key to the first rows listed, the first rows drawn with their text,
    // and the last hit.
    h.state_mut()
        .send(Command::Search(SearchCommand::ToggleCorpusSearch));
    settle(&mut h);
    let searched = Instant::now();
    h.event(egui::Event::Text("经济".to_owned()));
    let mut first_rows = None;
    let mut first_drawn = None;
    let mut search_started = None;
    let mut search_frames = Vec::new();
    let deadline = searched + Duration::from_secs(120);
    loop {
        assert!(Instant::now() < deadline, "the search did not finish");
        let started = Instant::now();
        search_frames.push(step_timed(&mut h));
        // Checked at the end of each frame, before the pause to the next: a window shows
        // what a frame drew when that frame ends (checking after the pause added up to a
        // frame, 16.7 ms at 60 Hz, to every time below).
        let now = searched.elapsed();
        let search = h.state().corpus_search();
        if search_started.is_none() && search.shown().is_some() {
            // Within the frame that just ran: its end, at the latest.
            search_started = Some(now);
        }
        if first_rows.is_none() && !search.concordance().rows().is_empty() {
            first_rows = Some(now);
        }
        if first_drawn.is_none() && !drawn_rows(&h).is_empty() {
            first_drawn = Some(now);
        }
        if first_drawn.is_some() && h.state().corpus_search().concordance().summary().is_some() {
            break;
        }
        pace(started);
    }
    let all = searched.elapsed();
    assert_eq!(
        h.state().corpus_search().text(),
        "经济",
        "the query was typed into the search field"
    );
    search_frames.extend(step_until(&mut h, Duration::from_secs(120), |app| {
        !app.is_busy()
    }));
    let summary = h
        .state()
        .corpus_search()
        .concordance()
        .summary()
        .expect("done")
        .clone();
    let listed = h.state().corpus_search().concordance().rows().len();
    assert!(
        summary.hits > 0 && listed > 0,
        "the search found and listed hits"
    );
    println!(
        "{:<52} first rows {:>6.1} ms, drawn with text {:>6.1} ms  all hits {:>6.0} ms  ({} hits in {} articles; search itself {:.0} ms)",
        "type 经济 into the corpus search",
        first_rows.map_or(f64::NAN, ms),
        first_drawn.map_or(f64::NAN, ms),
        ms(all),
        summary.hits,
        summary.articles_with_hits,
        ms(summary.elapsed)
    );
    // Where the first rows' time went: the frame that took the typing, the search's start
    // (from the typing), the hits' arrival in the window (from the search's start).
    println!(
        "  typing frame: wall {:.1} ms cpu {:.1} ms; search started {:.1} ms after the typing; the window took the first hits {:.1} ms after the start",
        ms(search_frames[0].wall),
        search_frames[0].cpu.map_or(f64::NAN, ms),
        search_started.map_or(f64::NAN, ms),
        h.state()
            .corpus_search()
            .first_hits_after()
            .map_or(f64::NAN, ms),
    );
    report(&mut over, "  frames while searching", search_frames);
    settle(&mut h);
    assert!(
        !drawn_rows(&h).is_empty(),
        "hit rows were drawn with their text"
    );

    // 3. Scrolling the concordance.
    let list = egui::pos2(700.0, SIZE.y - 80.0);
    h.hover_at(list);
    h.step();
    let rows_before = drawn_rows(&h);
    report(
        &mut over,
        "scroll the concordance (wheel)",
        frames_with(&mut h, 400, |h, i| {
            wheel(h, if (i / 100) % 2 == 0 { -120.0 } else { 90.0 })
        }),
    );
    // Focus the list (a click on a row), then jump through it.
    settle(&mut h);
    assert_ne!(
        drawn_rows(&h),
        rows_before,
        "the wheel scrolled the concordance"
    );
    // The second row drawn: the first may be half hidden above the list.
    h.query_all_by_label_contains("【")
        .nth(1)
        .expect("a row on screen")
        .click();
    settle(&mut h);
    report(
        &mut over,
        "Page Down through the concordance",
        frames_with(&mut h, 400, |h, _| h.key_press(Key::PageDown)),
    );
    let paged = h.state().corpus_search().selected_hit().map(|(row, _)| row);
    assert!(
        paged.is_some_and(|row| row >= 400 * 10 || row == listed - 1),
        "Page Down walked the list (row {paged:?} of {listed})"
    );
    report(
        &mut over,
        "End / Home through the concordance",
        frames_with(&mut h, 200, |h, i| {
            h.key_press(if i % 2 == 0 { Key::End } else { Key::Home })
        }),
    );
    // 200 presses, alternately End and Home: the last one was Home.
    let selected = h.state().corpus_search().selected_hit().map(|(row, _)| row);
    assert_eq!(selected, Some(0), "the keys walked the list");
    settle(&mut h);

    let sorted = Instant::now();
    h.state_mut()
        .send(Command::Search(SearchCommand::SortHits(SortBy::Left)));
    h.step();
    let sort_frames = step_until(&mut h, Duration::from_secs(600), |app| {
        !app.corpus_search().concordance().sort_pending() && !app.is_busy()
    });
    println!(
        "{:<52} {:>7.0} ms (on a worker)",
        "sort the hits by left context",
        ms(sorted.elapsed())
    );
    report(&mut over, "  frames while sorting", sort_frames);
    h.hover_at(list);
    h.step();
    let rows_before = drawn_rows(&h);
    report(
        &mut over,
        "scroll the concordance sorted by left context",
        frames_with(&mut h, 400, |h, i| {
            wheel(h, if (i / 100) % 2 == 0 { -120.0 } else { 90.0 })
        }),
    );
    settle(&mut h);
    assert_ne!(
        drawn_rows(&h),
        rows_before,
        "the wheel scrolled the sorted concordance"
    );
    let reader = egui::pos2(700.0, 200.0);
    h.hover_at(reader);
    h.step();
    let top_before = h.state().reader.top_char;
    let mut furthest = top_before;
    report(
        &mut over,
        "scroll the reader beside the concordance",
        frames_with(&mut h, 400, |h, i| {
            furthest = furthest.max(h.state().reader.top_char);
            wheel(h, if (i / 100) % 2 == 0 { -120.0 } else { 90.0 })
        }),
    );
    assert!(furthest > top_before, "the wheel scrolled the reader");
    drop(h);

    // 4. The find bar on a 1 MB article.
    let dir = tempfile::tempdir().expect("temp dir");
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/002_6e5af457e60a8f77.txt"),
    )
    .expect("seed");
    let mut big = String::new();
    while big.len() < 1_000_000 {
        big.push_str(&seed);
    }
    std::fs::write(dir.path().join("big.txt"), &big).expect("write");
    let mut h = harness(dir.path().to_owned(), temp.path().join("big-cache"));
    step_until(&mut h, Duration::from_secs(120), |app| {
        app.reader.document.is_some() && !app.is_busy()
    });
    h.state_mut()
        .send(Command::Search(SearchCommand::ShowFindBar));
    settle(&mut h);
    let typed = Instant::now();
    let mut typing = Vec::new();
    for text in ["经", "济"] {
        h.event(egui::Event::Text(text.to_owned()));
        typing.push(step_timed(&mut h));
    }
    typing.extend(step_until(&mut h, Duration::from_secs(60), |app| {
        !app.is_busy()
    }));
    let found = h.state().find_bar().position();
    println!(
        "{:<52} {:>7.0} ms to all hits ({:?} = (current, hits))",
        "find bar: type 经济 in a 1 MB article",
        ms(typed.elapsed()),
        found
    );
    assert!(
        found.is_some_and(|(_, hits)| hits > 0),
        "the find bar found hits"
    );
    report(&mut over, "  frames while typing", typing);
    report(
        &mut over,
        "find bar: F3 through the hits of the 1 MB article",
        frames_with(&mut h, 200, |h, _| h.key_press(Key::F3)),
    );
    let stepped = h.state().find_bar().position();
    assert!(
        stepped.is_some_and(|(current, _)| current > 1),
        "F3 moved to later hits ({stepped:?})"
    );

    assert!(
        over.is_empty(),
        "frame time over budget (p95 above {} ms, or while opening a frame above {} ms): {}",
        FRAME_BUDGET.as_millis(),
        OPENING_MAX.as_millis(),
        over.join("; ")
    );
}
