//! Throughput of the Clean view (`pizhu::text::clean::clean`) on about 1 MB of the seeds.
//!
//! Two inputs: all five seeds repeated (mixed: 2 of 5 carry inline pinyin), and seed 000 alone
//! repeated (no `)` pinyin candidates: the fast path). Throughput is reported in input bytes.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pizhu::text::clean::clean;

const SEEDS: [&str; 5] = [
    include_str!("../seeds/000_aee7d7dda944679f.txt"),
    include_str!("../seeds/001_ebed7b38f3e0333c.txt"),
    include_str!("../seeds/002_6e5af457e60a8f77.txt"),
    include_str!("../seeds/003_6d7fffe9468177c8.txt"),
    include_str!("../seeds/004_17a6dfa9780f989e.txt"),
];

/// About 1 MB of text made by repeating `parts`, one newline between articles.
fn corpus(parts: &[&str]) -> String {
    let mut text = String::with_capacity(1 << 20);
    while text.len() < 1 << 20 {
        for part in parts {
            text.push_str(part);
            text.push('\n');
        }
    }
    text
}

fn bench_clean(c: &mut Criterion) {
    let mut group = c.benchmark_group("clean");
    for (name, text) in [
        ("seeds_mixed_1MB", corpus(&SEEDS)),
        ("seed_000_no_pinyin_1MB", corpus(&SEEDS[..1])),
        ("seed_002_pinyin_1MB", corpus(&SEEDS[2..3])),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| clean(black_box(&text))));
    }
    group.finish();
}

criterion_group!(benches, bench_clean);
criterion_main!(benches);
