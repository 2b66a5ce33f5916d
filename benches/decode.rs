//! Decoding throughput: the same ~1 MB of seed text as UTF-8, UTF-8 with BOM, UTF-16LE,
//! GB18030 and (for the traditional seeds) Big5, through `corpus::decode::decode`.
//!
//! `cargo bench --bench decode`

#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pizhu::corpus::decode::decode;

const SIMPLIFIED: [&str; 3] = [
    include_str!("../seeds/000_aee7d7dda944679f.txt"),
    include_str!("../seeds/003_6d7fffe9468177c8.txt"),
    include_str!("../seeds/004_17a6dfa9780f989e.txt"),
];

/// About 1 MB of `pieces` repeated.
fn megabyte(pieces: &[&str]) -> String {
    let mut text = String::new();
    while text.len() < 1_000_000 {
        for piece in pieces {
            text.push_str(piece);
        }
    }
    text
}

fn bench_decode(c: &mut Criterion) {
    let text = megabyte(&SIMPLIFIED);
    // Big5 cannot encode simplified characters: use the Clean, traditional form of the seeds.
    let traditional: String =
        pizhu::text::convert::Converter::get(pizhu::text::Target::Traditional)
            .convert(&text)
            .text
            .chars()
            .filter(|c| {
                let mut buffer = [0; 4];
                !encoding_rs::BIG5.encode(c.encode_utf8(&mut buffer)).2
            })
            .collect();
    let mut utf8_bom = vec![0xEF, 0xBB, 0xBF];
    utf8_bom.extend_from_slice(text.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let inputs: [(&str, Vec<u8>); 5] = [
        ("utf8", text.as_bytes().to_vec()),
        ("utf8-bom", utf8_bom),
        ("utf16le-bom", utf16),
        ("gb18030", encoding_rs::GB18030.encode(&text).0.into_owned()),
        (
            "big5",
            encoding_rs::BIG5.encode(&traditional).0.into_owned(),
        ),
    ];
    let mut group = c.benchmark_group("decode");
    for (name, bytes) in &inputs {
        let decoded = decode(bytes).expect("decodes");
        assert!(decoded.text.len() > 500_000, "{name} decoded");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(*name, |b| b.iter(|| decode(black_box(bytes))));
    }
    group.finish();
}

criterion_group!(benches, bench_decode);
criterion_main!(benches);
