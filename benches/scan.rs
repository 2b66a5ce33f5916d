//! Scan throughput against `cat` on the same folder (DESIGN §10: ≥ 50% of `cat`'s speed).
//!
//! Builds a temp folder of `PIZHU_BENCH_FILES` articles (default 2 000) from the seeds, 1 000 per
//! sub-folder, 30% of them in GB18030, Big5 or UTF-16 (`PIZHU_BENCH_ENCODINGS=utf8` for UTF-8
//! only; see `support/corpus.rs`), warms the page cache, then times `pizhu::corpus::scan`
//! (default options) and `xargs -0 cat -- < list > /dev/null` on it: first with criterion, then
//! a direct median of
//! `PIZHU_BENCH_RUNS` runs (default 5) that prints files/s, MB/s and the ratio to `cat`.
//! `PIZHU_BENCH_MAX_BYTES` cuts each article to about that size (DESIGN's 100 000-article
//! folder is ~300 MB: `PIZHU_BENCH_FILES=100000 PIZHU_BENCH_MAX_BYTES=3000`).

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pizhu::corpus::{ScanEvent, ScanOptions, scan};

#[path = "support/corpus.rs"]
mod corpus;

use corpus::{Folder, env_usize, median, run_cat, time};

fn run_scan(folder: &Folder) -> usize {
    let mut articles = 0;
    let summary = scan(
        &folder.root,
        &ScanOptions::default(),
        &AtomicBool::new(false),
        |event| {
            if let ScanEvent::Article(meta) = event {
                articles += std::hint::black_box(meta.chars).min(1);
            }
        },
    )
    .expect("scan");
    assert_eq!(summary.articles, folder.files);
    articles
}

fn report(folder: &Folder) {
    let runs = env_usize("PIZHU_BENCH_RUNS", 5).max(1);
    let scan_time = median(
        (0..runs)
            .map(|_| {
                time(|| {
                    std::hint::black_box(run_scan(folder));
                })
            })
            .collect(),
    );
    let cat_time = median((0..runs).map(|_| time(|| run_cat(folder))).collect());
    let mb = folder.bytes as f64 / 1e6;
    let line = |what: &str, elapsed: Duration| {
        let seconds = elapsed.as_secs_f64();
        println!(
            "{what:>10}: {:8.1} ms  {:9.0} files/s  {:7.1} MB/s",
            seconds * 1e3,
            folder.files as f64 / seconds,
            mb / seconds
        );
    };
    println!(
        "\n{} files, {:.1} MB ({}), median of {runs} runs, {} threads:",
        folder.files,
        mb,
        folder.encodings_text(),
        ScanOptions::default().threads
    );
    line("pizhu scan", scan_time);
    line("cat", cat_time);
    let (found, first) = first_rows(folder);
    println!(
        "walk done (Found) after {:.1} ms, first article after {:.1} ms",
        found.as_secs_f64() * 1e3,
        first.as_secs_f64() * 1e3
    );
    println!(
        "scan speed / cat speed = {:.0}%  (target ≥ 50%)\n",
        100.0 * cat_time.as_secs_f64() / scan_time.as_secs_f64()
    );
}

/// When the UI could show the row count and the first row.
fn first_rows(folder: &Folder) -> (Duration, Duration) {
    let start = Instant::now();
    let (mut found, mut first) = (None, None);
    scan(
        &folder.root,
        &ScanOptions::default(),
        &AtomicBool::new(false),
        |event| match event {
            ScanEvent::Found(_) => found = Some(start.elapsed()),
            ScanEvent::Article(_) if first.is_none() => first = Some(start.elapsed()),
            _ => {}
        },
    )
    .expect("scan");
    (found.unwrap_or_default(), first.unwrap_or_default())
}

fn bench_scan(c: &mut Criterion) {
    let folder = corpus::build(
        env_usize("PIZHU_BENCH_FILES", 2000),
        corpus::mixed_from_env(),
        None,
    );
    // Warm the page cache so both sides read from memory.
    run_cat(&folder);
    report(&folder);

    let mut group = c.benchmark_group("scan");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(folder.bytes));
    group.bench_function("pizhu_scan", |b| b.iter(|| run_scan(&folder)));
    group.bench_function("cat", |b| b.iter(|| run_cat(&folder)));
    group.finish();
}

criterion_group!(benches, bench_scan);
criterion_main!(benches);
