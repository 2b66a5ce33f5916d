//! The dictionary: building the CC-CEDICT index (decompressing the bundled file, then indexing),
//! its memory, and the per-use costs the window pays: ruby over ~1 MB of text, double-click word
//! boundaries in a paragraph, and lookups.
//!
//! `cargo bench --bench dict`. The one-off numbers (build time, heap and RSS of the index) are
//! printed to stderr before criterion runs.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pizhu::dict::{Dictionary, bundled_cedict_text};
use pizhu::text::{View, ViewKind};

const SEEDS: [&str; 5] = [
    include_str!("../seeds/000_aee7d7dda944679f.txt"),
    include_str!("../seeds/001_ebed7b38f3e0333c.txt"),
    include_str!("../seeds/002_6e5af457e60a8f77.txt"),
    include_str!("../seeds/003_6d7fffe9468177c8.txt"),
    include_str!("../seeds/004_17a6dfa9780f989e.txt"),
];

/// About 1 MB of the seeds' Clean views (simplified and traditional), as the reader shows them.
fn megabyte_of_clean_seeds() -> String {
    let cleaned: Vec<String> = SEEDS
        .iter()
        .map(|s| View::render(s, ViewKind::Clean).text)
        .collect();
    let mut text = String::new();
    while text.len() < 1 << 20 {
        for seed in &cleaned {
            text.push_str(seed);
        }
    }
    text
}

/// The resident set size of this process, in KiB (Linux).
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn dict(c: &mut Criterion) {
    // One-off costs, measured before anything else touches the dictionary.
    let rss_before = rss_kib();
    let start = Instant::now();
    let text = bundled_cedict_text().expect("bundled CC-CEDICT");
    let decompressed = start.elapsed();
    drop(text);
    let start = Instant::now();
    let shared = Dictionary::shared().expect("bundled CC-CEDICT");
    let built = start.elapsed();
    let rss_after = rss_kib();
    eprintln!(
        "CC-CEDICT: decompress {decompressed:?}; decompress + index {built:?}; {} entries, {} \
         headwords; index heap {:.1} MB; RSS {:?} KiB -> {:?} KiB",
        shared.len(),
        shared.headword_count(),
        shared.heap_bytes() as f64 / 1e6,
        rss_before,
        rss_after,
    );

    let mut group = c.benchmark_group("dict_build");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("decompress", |b| {
        b.iter(|| black_box(bundled_cedict_text().expect("bundled").len()))
    });
    group.bench_function("decompress_and_index", |b| {
        b.iter(|| black_box(Dictionary::load_bundled().expect("bundled").len()))
    });
    group.finish();

    let text = megabyte_of_clean_seeds();
    let mut group = c.benchmark_group("dict_text");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("ruby_1MB", |b| {
        b.iter(|| black_box(shared.ruby(black_box(&text)).len()))
    });
    group.bench_function("words_1MB", |b| {
        b.iter(|| black_box(shared.words(black_box(&text)).len()))
    });
    group.finish();

    // The paragraph of the seeds with the most Han characters, clicked on the Han character
    // nearest its middle.
    let han = |c: &char| ('\u{4E00}'..='\u{9FFF}').contains(c);
    let paragraph = text
        .lines()
        .max_by_key(|l| l.chars().filter(han).count())
        .unwrap_or_default()
        .to_owned();
    let middle = paragraph
        .chars()
        .enumerate()
        .skip(paragraph.chars().count() / 2)
        .find(|(_, c)| han(c))
        .map_or(0, |(i, _)| i);
    eprintln!(
        "paragraph: {} chars, {} Han; click at {middle}",
        paragraph.chars().count(),
        paragraph.chars().filter(han).count()
    );
    let mut group = c.benchmark_group("dict_click");
    group.bench_function("word_at_paragraph", |b| {
        b.iter(|| black_box(shared.word_at(black_box(&paragraph), middle)))
    });
    group.bench_function("ruby_paragraph", |b| {
        b.iter(|| black_box(shared.ruby(black_box(&paragraph)).len()))
    });
    group.bench_function("lookup_经济", |b| {
        b.iter(|| black_box(shared.lookup(black_box("经济"), 20).longer_total))
    });
    group.bench_function("lookup_in_paragraph", |b| {
        b.iter(|| black_box(shared.lookup_in(black_box(&paragraph), middle..middle + 2)))
    });
    group.finish();
}

criterion_group!(benches, dict);
criterion_main!(benches);
