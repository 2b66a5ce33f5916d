//! Throughput of 简↔繁 conversion (OpenCC `s2t`/`t2s` and the regional configs) on ~1 MB of seed
//! text, with and without the offset map and with the ambiguity report, plus the one-off costs:
//! building each config's dictionaries, and building a converter with user phrases (what the
//! window redoes when the user adds one).
//!
//! `cargo bench --bench convert`. Set `PIZHU_CONVERT_BENCH_FILE=FILE` to also time a file of
//! your own (the input `scripts/compare-opencc.sh` times OpenCC on, say).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use pizhu::text::convert::{
    Converter, OpenccConfig, PhraseScope, Target, UserPhrase, detect_script,
};

const SEEDS: [&str; 5] = [
    include_str!("../seeds/000_aee7d7dda944679f.txt"),
    include_str!("../seeds/001_ebed7b38f3e0333c.txt"),
    include_str!("../seeds/002_6e5af457e60a8f77.txt"),
    include_str!("../seeds/003_6d7fffe9468177c8.txt"),
    include_str!("../seeds/004_17a6dfa9780f989e.txt"),
];

/// About 1 MB: the seeds (three simplified, two traditional) repeated.
fn megabyte_of_seeds() -> String {
    let mut text = String::new();
    while text.len() < 1 << 20 {
        for seed in SEEDS {
            text.push_str(seed);
        }
    }
    text
}

fn convert(c: &mut Criterion) {
    // The lazy build happens once per process; time it before anything else touches it.
    for target in [Target::Traditional, Target::Simplified] {
        let start = Instant::now();
        Converter::get(target).warm_up();
        eprintln!("{target:?}: dictionaries built in {:?}", start.elapsed());
    }

    let text = megabyte_of_seeds();
    let mut group = c.benchmark_group("convert");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.measurement_time(Duration::from_secs(5));
    group.sample_size(30);
    for (name, target) in [("s2t", Target::Traditional), ("t2s", Target::Simplified)] {
        let converter = Converter::get(target);
        group.bench_with_input(BenchmarkId::new("no_map", name), &text, |b, text| {
            let mut out = String::with_capacity(text.len() * 2);
            b.iter(|| {
                out.clear();
                converter.convert_into(black_box(text), &mut out);
                black_box(out.len())
            });
        });
        group.bench_with_input(BenchmarkId::new("with_map", name), &text, |b, text| {
            b.iter(|| black_box(converter.convert(black_box(text))));
        });
        group.bench_with_input(BenchmarkId::new("stream", name), &text, |b, text| {
            let mut out = Vec::with_capacity(text.len() * 2);
            b.iter(|| {
                out.clear();
                converter.convert_stream(black_box(text.as_bytes()), &mut out)
            });
        });
    }
    for config in OpenccConfig::ALL.into_iter().skip(2) {
        let converter = Converter::of(config);
        let start = Instant::now();
        converter.warm_up();
        eprintln!("{config}: dictionaries built in {:?}", start.elapsed());
        group.bench_with_input(
            BenchmarkId::new("no_map", config.name()),
            &text,
            |b, text| {
                let mut out = String::with_capacity(text.len() * 2);
                b.iter(|| {
                    out.clear();
                    converter.convert_into(black_box(text), &mut out);
                    black_box(out.len())
                });
            },
        );
    }
    let s2twp = Converter::of(OpenccConfig::S2twp);
    group.bench_with_input(BenchmarkId::new("with_map", "s2twp"), &text, |b, text| {
        b.iter(|| black_box(s2twp.convert(black_box(text))))
    });
    for config in [OpenccConfig::S2t, OpenccConfig::S2twp] {
        let converter = Converter::of(config);
        group.bench_with_input(
            BenchmarkId::new("inspect", config.name()),
            &text,
            |b, text| b.iter(|| black_box(converter.convert_inspect(black_box(text)))),
        );
    }
    let phrases = user_phrases(100);
    let (with_phrases, _) = Converter::with_user_phrases(OpenccConfig::S2twp, &phrases);
    group.bench_with_input(
        BenchmarkId::new("with_map_100_user_phrases", "s2twp"),
        &text,
        |b, text| b.iter(|| black_box(with_phrases.convert(black_box(text)))),
    );
    group.bench_with_input(
        BenchmarkId::new("detect_script", "mixed"),
        &text,
        |b, text| {
            b.iter(|| detect_script(black_box(text)));
        },
    );
    group.finish();

    // Building a converter with user phrases (dictionaries already built, as when the user adds a
    // phrase to an open corpus).
    let mut group = c.benchmark_group("user_phrases_build");
    group.measurement_time(Duration::from_secs(3));
    for count in [10, 100, 1000, 10_000] {
        let phrases = user_phrases(count);
        group.bench_with_input(BenchmarkId::new("s2twp", count), &phrases, |b, phrases| {
            b.iter(|| black_box(Converter::with_user_phrases(OpenccConfig::S2twp, phrases)));
        });
    }
    group.finish();

    // The same input OpenCC was timed on (e.g. the one scripts/compare-opencc.sh builds).
    let Some(path) = std::env::var_os("PIZHU_CONVERT_BENCH_FILE") else {
        return;
    };
    let text = std::fs::read_to_string(&path).expect("PIZHU_CONVERT_BENCH_FILE is UTF-8 text");
    let mut group = c.benchmark_group("convert_file");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    for (name, target) in [("s2t", Target::Traditional), ("t2s", Target::Simplified)] {
        let converter = Converter::get(target);
        group.bench_with_input(BenchmarkId::new("no_map", name), &text, |b, text| {
            let mut out = String::with_capacity(text.len() * 2);
            b.iter(|| {
                out.clear();
                converter.convert_into(black_box(text), &mut out);
                black_box(out.len())
            });
        });
    }
    group.finish();
}

/// `count` distinct user phrases of two to four chars, taken from the seeds.
fn user_phrases(count: usize) -> Vec<UserPhrase> {
    let chars: Vec<char> = SEEDS
        .concat()
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .collect();
    let mut phrases: Vec<UserPhrase> = Vec::with_capacity(count);
    let mut seen = std::collections::HashSet::new();
    'outer: for len in 2..=4 {
        for window in chars.windows(len) {
            let from: String = window.iter().collect();
            if seen.insert(from.clone()) {
                let to = Converter::get(Target::Traditional).convert(&from).text;
                phrases.push(UserPhrase::new(from, to + "！", PhraseScope::Traditional));
                if phrases.len() == count {
                    break 'outer;
                }
            }
        }
    }
    phrases
}

criterion_group!(benches, convert);
criterion_main!(benches);
