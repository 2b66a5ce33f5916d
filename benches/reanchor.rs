//! Re-anchoring after an article changed on disk (`pizhu::annotate::reanchor`): a 1 MB article
//! with text inserted at the start, a stretch deleted in the middle and one char in 512 changed;
//! 300 annotations re-anchor (mostly moved, some fuzzy), and the worst case, 100 quotes that are
//! nowhere in the text (every step runs, fuzzy included, and each ends an orphan).
//!
//! `cargo bench --bench reanchor`. What re-anchoring must find is checked by
//! `reanchoring_after_an_insert_a_deletion_and_scattered_changes` in `tests/core/annotate.rs`;
//! this only times it (and checks that the outcomes are the expected kind, so a broken build
//! cannot look fast).

#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use pizhu::annotate::{AnchorState, Annotation, TextIndex, reanchor};

/// Pseudo-random hanzi (no repeats of whole passages, unlike the seeds), a `，` every 40 chars.
fn random_hanzi(chars: usize) -> String {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..chars)
        .map(|i| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            if i % 40 == 39 {
                '，'
            } else {
                char::from_u32(0x4e00 + ((state >> 33) % 3000) as u32).unwrap_or('中')
            }
        })
        .collect()
}

/// The article (≈ 1 MB), its 300 annotations, and the changed text.
fn setup() -> (Vec<Annotation>, TextIndex) {
    let text = random_hanzi(350_000);
    let index = TextIndex::new(text.as_str());
    let n = index.chars();
    let annotations = (0..300)
        .map(|i| {
            let start = (i * 7919 * 13) % (n - 40);
            Annotation::new_in(&index, start..start + 2 + i % 19, None, "").expect("in range")
        })
        .collect();
    let mut changed: Vec<char> = "前言\n".chars().chain(text.chars()).collect();
    changed.drain(n / 2..n / 2 + 200);
    for (i, c) in changed.iter_mut().enumerate() {
        if i % 512 == 511 {
            *c = '改';
        }
    }
    let changed: String = changed.into_iter().collect();
    (annotations, TextIndex::new(changed))
}

/// Re-anchors clones of `annotations`; returns (moved or anchored, fuzzy, orphan) counts.
fn reanchor_all(text: &TextIndex, annotations: &[Annotation]) -> [usize; 3] {
    let mut counts = [0; 3];
    for annotation in annotations {
        let mut annotation = annotation.clone();
        let slot = match reanchor(text, &mut annotation) {
            AnchorState::Anchored | AnchorState::Moved { .. } => 0,
            AnchorState::Fuzzy { .. } => 1,
            AnchorState::Orphan => 2,
        };
        counts[slot] += 1;
    }
    counts
}

fn bench_reanchor(c: &mut Criterion) {
    let (annotations, changed) = setup();
    let nowhere: Vec<Annotation> = annotations
        .iter()
        .take(100)
        .map(|annotation| {
            let mut annotation = annotation.clone();
            annotation.quote = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                .chars()
                .take(annotation.quote.chars().count())
                .collect();
            annotation
        })
        .collect();
    let counts = reanchor_all(&changed, &annotations);
    eprintln!("300 annotations: moved / fuzzy / orphan = {counts:?}");
    assert!(counts[0] > 250 && counts[1] > 0, "{counts:?}");
    assert_eq!(reanchor_all(&changed, &nowhere), [0, 0, 100]);

    let mut group = c.benchmark_group("reanchor");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("300_annotations_1MB_edited", |b| {
        b.iter(|| reanchor_all(black_box(&changed), black_box(&annotations)));
    });
    group.bench_function("100_quotes_nowhere_1MB", |b| {
        b.iter(|| reanchor_all(black_box(&changed), black_box(&nowhere)));
    });
    group.finish();
}

criterion_group!(benches, bench_reanchor);
criterion_main!(benches);
