//! Scan throughput against `cat` on the same folder (DESIGN §10: ≥ 50% of `cat`'s speed).
//!
//! Builds a temp folder of `PIZHU_BENCH_FILES` articles (default 2 000) from the seeds, 1 000 per
//! sub-folder, warms the page cache, then times `pizhu::corpus::scan` (default options) and
//! `xargs -0 cat -- < list > /dev/null` on it: first with criterion, then a direct median of
//! `PIZHU_BENCH_RUNS` runs (default 5) that prints files/s, MB/s and the ratio to `cat`.
//! `PIZHU_BENCH_MAX_BYTES` cuts each article to about that size (DESIGN's 100 000-article
//! folder is ~300 MB: `PIZHU_BENCH_FILES=100000 PIZHU_BENCH_MAX_BYTES=3000`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pizhu::corpus::{ScanEvent, ScanOptions, scan};

/// The generated folder and what is in it.
struct Folder {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// NUL-separated list of the files, for `xargs -0`.
    list: PathBuf,
    files: usize,
    bytes: u64,
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn seeds() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("seeds folder")
        .map(|entry| entry.expect("seed entry").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| std::fs::read_to_string(path).expect("seed is UTF-8"))
        .collect()
}

fn build(files: usize) -> Folder {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("corpus");
    let max_bytes = env_usize("PIZHU_BENCH_MAX_BYTES", usize::MAX);
    let seeds: Vec<String> = seeds()
        .into_iter()
        .map(|seed| seed[..seed.floor_char_boundary(max_bytes)].to_owned())
        .collect();
    let mut list = Vec::new();
    let mut bytes = 0u64;
    for i in 0..files {
        let sub = root.join(format!("d{:03}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&sub).expect("sub-folder");
        }
        let path = sub.join(format!("{i:06}.txt"));
        // Each file differs a little, as real articles do.
        let text = format!("{}\n编号 {i}\n", seeds[i % seeds.len()]);
        std::fs::write(&path, &text).expect("write article");
        bytes += text.len() as u64;
        list.extend_from_slice(path.as_os_str().as_encoded_bytes());
        list.push(0);
    }
    let list_path = dir.path().join("list");
    std::fs::File::create(&list_path)
        .and_then(|mut file| file.write_all(&list))
        .expect("file list");
    Folder {
        _dir: dir,
        root,
        list: list_path,
        files,
        bytes,
    }
}

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

fn run_cat(folder: &Folder) {
    let status = Command::new("xargs")
        .args(["-0", "cat", "--"])
        .stdin(std::fs::File::open(&folder.list).expect("list"))
        .stdout(Stdio::null())
        .status()
        .expect("xargs cat");
    assert!(status.success());
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
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
        "\n{} files, {:.1} MB, median of {runs} runs, {} threads:",
        folder.files,
        mb,
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

fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn bench_scan(c: &mut Criterion) {
    let folder = build(env_usize("PIZHU_BENCH_FILES", 2000));
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
