//! Corpus search at scale against `ripgrep` (DESIGN §10, issue 13), on the scan bench's
//! generated folder (mixed encodings; `support/corpus.rs`).
//!
//! One run measures, in order, printing a report:
//! 1. building the index from nothing (`open_indexed`: scan, fold, write shards) next to a plain
//!    scan, and the index's size on disk;
//! 2. reopening the folder with the index: time until the list is complete (target < 1 s on
//!    100 000 articles);
//! 3. warm searches in process (the window's case): time to the first hit (target < 50 ms) and
//!    to all hits (< 500 ms), and the process's memory afterwards;
//! 4. the same literals end to end through the release `pizhu search` (a new process each time:
//!    walk, stat, open the index, search) and through `rg` on the raw files, interleaved, with
//!    the median of the per-pair time ratios (pizhu / rg) and the number of hits each finds.
//!
//! Then criterion times the warm in-process search. Settings: `PIZHU_BENCH_FILES` (default
//! 10 000; issue 13's folder is `PIZHU_BENCH_FILES=100000 PIZHU_BENCH_MAX_BYTES=3000`),
//! `PIZHU_BENCH_RUNS` (default 5), `PIZHU_BENCH_DIR` (keep the folder and its index there and
//! reuse them in later runs; otherwise a temp folder, deleted at the end).

#![allow(missing_docs)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use pizhu::corpus::{ScanEvent, ScanOptions, scan};
use pizhu::search::{Indexed, Query, QueryOptions, SearchOptions, open_indexed, search};

#[path = "support/corpus.rs"]
mod corpus;

use corpus::{Folder, env_usize, median, run_cat, time};

/// The literals searched: typed in simplified characters, as most users would.
const QUERIES: [(&str, &str); 4] = [
    ("经济", "經濟"),
    ("调研", "調研"),
    ("习近平", "習近平"),
    ("黔南州", "黔南州"),
];

struct Setup {
    folder: Folder,
    cache: PathBuf,
    _temp: Option<tempfile::TempDir>,
}

fn setup() -> Setup {
    let files = env_usize("PIZHU_BENCH_FILES", 10_000);
    let keep = std::env::var_os("PIZHU_BENCH_DIR").map(PathBuf::from);
    if let Some(dir) = &keep {
        std::fs::create_dir_all(dir).expect("PIZHU_BENCH_DIR");
    }
    let folder = corpus::build(files, corpus::mixed_from_env(), keep.as_deref());
    let (cache, temp) = match &keep {
        Some(dir) => (dir.join("cache"), None),
        None => {
            let temp = tempfile::tempdir().expect("cache dir");
            (temp.path().to_owned(), Some(temp))
        }
    };
    Setup {
        folder,
        cache,
        _temp: temp,
    }
}

fn open(setup: &Setup) -> Indexed {
    open_indexed(
        &setup.folder.root,
        &setup.cache,
        ScanOptions::default(),
        &AtomicBool::new(false),
        |_| {},
    )
    .expect("open with index")
}

fn dir_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                dir_bytes(&path)
            } else {
                entry.metadata().map_or(0, |m| m.len())
            }
        })
        .sum()
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1e3)
}

/// `VmRSS`, `RssAnon`, `RssFile` and `VmHWM` of this process, in MB (Linux).
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return "n/a".to_owned();
    };
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or("?".to_owned(), |kb| format!("{:.0} MB", kb / 1024.0))
    };
    format!(
        "RSS {} (anonymous {}, file-backed {}), peak {}",
        field("VmRSS:"),
        field("RssAnon:"),
        field("RssFile:"),
        field("VmHWM:")
    )
}

fn report(setup: &Setup, runs: usize) {
    let folder = &setup.folder;
    println!(
        "\n{} files, {:.1} MB ({}), {} threads, median of {runs} runs, page cache warm",
        folder.files,
        folder.bytes as f64 / 1e6,
        folder.encodings_text(),
        ScanOptions::default().threads
    );

    // 1. Building the index from nothing, against a scan alone.
    let plain_scan = time(|| {
        scan(
            &folder.root,
            &ScanOptions::default(),
            &AtomicBool::new(false),
            |_| {},
        )
        .expect("scan");
    });
    std::fs::remove_dir_all(&setup.cache).ok();
    let mut built = None;
    let build_time = time(|| built = Some(open(setup)));
    let built = built.expect("built");
    assert_eq!(built.corpus.len(), folder.files);
    assert_eq!(built.index.indexed(), folder.files);
    let disk = dir_bytes(&setup.cache);
    println!(
        "index built in {} (scan alone {}); on disk {:.1} MB (folded {:.1} MB, Clean {:.1} MB), {:.2}× the corpus",
        ms(build_time),
        ms(plain_scan),
        disk as f64 / 1e6,
        built.index.folded_bytes() as f64 / 1e6,
        built.index.clean_bytes() as f64 / 1e6,
        disk as f64 / folder.bytes as f64
    );
    drop(built);

    // 2. Reopening: the list comes from the index.
    let mut listed = Vec::new();
    let mut first_rows = Vec::new();
    let mut opened = None;
    for _ in 0..runs {
        let started = Instant::now();
        let mut first = None;
        let indexed = open_indexed(
            &folder.root,
            &setup.cache,
            ScanOptions::default(),
            &AtomicBool::new(false),
            |event| {
                if first.is_none() && matches!(event, ScanEvent::Article(_)) {
                    first = Some(started.elapsed());
                }
            },
        )
        .expect("reopen");
        listed.push(started.elapsed());
        first_rows.push(first.unwrap_or_default());
        assert_eq!(indexed.update.indexed, 0, "{:?}", indexed.update.notes);
        opened = Some(indexed);
    }
    let opened = opened.expect("opened");
    println!(
        "reopen with the index: all {} articles listed and the index open in {} (first row after {}); {} read from files",
        opened.corpus.len(),
        ms(median(listed)),
        ms(median(first_rows)),
        opened.scan.bytes
    );

    // 3. Warm searches in process.
    println!("\nin process (the window's case), warm:");
    println!(
        "{:<8} {:>9} {:>10} {:>10} {:>10}",
        "query", "hits", "articles", "first hit", "all hits"
    );
    let mut pizhu_hits = Vec::new();
    for (simplified, _) in QUERIES {
        let query = Query::new(simplified, QueryOptions::default()).expect("query");
        let mut firsts = Vec::new();
        let mut alls = Vec::new();
        let mut summary = None;
        for _ in 0..runs {
            let s = search(
                &opened.index,
                &query,
                &SearchOptions::default(),
                &AtomicBool::new(false),
                |batch| {
                    std::hint::black_box(batch);
                },
            );
            firsts.push(s.first_hit.unwrap_or_default());
            alls.push(s.elapsed);
            summary = Some(s);
        }
        let summary = summary.expect("searched");
        println!(
            "{:<8} {:>9} {:>10} {:>10} {:>10}",
            simplified,
            summary.hits,
            summary.articles_with_hits,
            ms(median(firsts)),
            ms(median(alls))
        );
        pizhu_hits.push(summary.hits);
    }
    println!("memory after the searches: {}", memory());

    // 4. End to end: the CLI and ripgrep.
    println!("\nend to end, a new process each time (pizhu: walk, stat, open the index, search):");
    println!(
        "{:<8} {:>11} {:>11} {:>11} {:>11} | {:>9} {:>9} {:>11} | {:>6} {:>6}",
        "query",
        "pizhu -c",
        "rg -c",
        "pizhu >null",
        "rg >null",
        "pizhu",
        "rg",
        "rg 简+繁",
        "-c p/r",
        ">n p/r"
    );
    let root = folder.root.to_string_lossy().into_owned();
    for ((simplified, traditional), hits) in QUERIES.iter().zip(&pizhu_hits) {
        let pizhu = |extra: &[&str]| {
            let mut command = Command::new(env!("CARGO_BIN_EXE_pizhu"));
            command
                .args(["search", &root, simplified])
                .args(extra)
                .env("PIZHU_CACHE_DIR", &setup.cache);
            command
        };
        let rg = |extra: &[&str]| {
            let mut command = Command::new("rg");
            command.args(["--no-config", "-F"]).args(extra).arg(&root);
            command
        };
        // Interleaved, so that other load on the machine hits both alike.
        let mut samples: [Vec<Duration>; 4] = Default::default();
        for _ in 0..runs {
            let commands = [
                pizhu(&["--count"]),
                rg(&["--count-matches", simplified]),
                pizhu(&[]),
                rg(&[simplified]),
            ];
            for (command, samples) in commands.into_iter().zip(samples.iter_mut()) {
                if let Some(elapsed) = run_once(command) {
                    samples.push(elapsed);
                }
            }
        }
        let ratio = |pizhu: &[Duration], rg: &[Duration]| {
            let ratios: Vec<f64> = pizhu
                .iter()
                .zip(rg)
                .map(|(p, r)| p.as_secs_f64() / r.as_secs_f64())
                .collect();
            median_f64(ratios)
        };
        let count_ratio = ratio(&samples[0], &samples[1]);
        let print_ratio = ratio(&samples[2], &samples[3]);
        let [pizhu_count, rg_count, pizhu_print, rg_print] =
            samples.map(|samples| (!samples.is_empty()).then(|| median(samples)));
        let cli_hits = count_lines_sum(pizhu(&["--count"]));
        assert_eq!(
            cli_hits,
            Some(*hits),
            "the CLI finds what the library finds"
        );
        let rg_hits = count_lines_sum(rg(&["--count-matches", simplified]));
        let rg_both = count_lines_sum(rg(&[
            "--count-matches",
            "-e",
            simplified,
            "-e",
            traditional,
        ]));
        let show = |n: Option<usize>| n.map_or("n/a".to_owned(), |n| n.to_string());
        println!(
            "{:<8} {:>11} {:>11} {:>11} {:>11} | {:>9} {:>9} {:>11} | {:>6.2} {:>6.2}",
            simplified,
            show_time(pizhu_count),
            show_time(rg_count),
            show_time(pizhu_print),
            show_time(rg_print),
            hits,
            show(rg_hits),
            show(rg_both),
            count_ratio.unwrap_or(f64::NAN),
            print_ratio.unwrap_or(f64::NAN),
        );
    }
    println!();
}

fn show_time(time: Option<Duration>) -> String {
    time.map_or("n/a".to_owned(), ms)
}

/// Wall time of one run of a command, output discarded; `None` if it cannot run or fails
/// (grep's convention: 0 found, 1 none).
fn run_once(mut command: Command) -> Option<Duration> {
    let started = Instant::now();
    let status = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    let elapsed = started.elapsed();
    matches!(status.code(), Some(0 | 1)).then_some(elapsed)
}

fn median_f64(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied()
}

/// The sum of the counts in `path:count` lines, or `None` if the command cannot run.
fn count_lines_sum(mut command: Command) -> Option<usize> {
    let output = command.stderr(Stdio::null()).output().ok()?;
    Some(
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| line.rsplit(':').next()?.parse::<usize>().ok())
            .sum(),
    )
}

fn bench_search(c: &mut Criterion) {
    let setup = setup();
    run_cat(&setup.folder);
    let runs = env_usize("PIZHU_BENCH_RUNS", 5).max(1);
    report(&setup, runs);

    let opened = open(&setup);
    let mut group = c.benchmark_group("search");
    group.sample_size(10);
    for (simplified, _) in &QUERIES[..2] {
        let query = Query::new(simplified, QueryOptions::default()).expect("query");
        group.bench_function(*simplified, |b| {
            b.iter(|| {
                search(
                    &opened.index,
                    &query,
                    &SearchOptions::default(),
                    &AtomicBool::new(false),
                    |batch| {
                        std::hint::black_box(batch);
                    },
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_search);
criterion_main!(benches);
