//! The generated corpus the scan and search benches share: `files` articles made from the
//! seeds, 1 000 per sub-folder, each cut to about `PIZHU_BENCH_MAX_BYTES` and numbered, in a mix
//! of encodings as real crawls have them.
//!
//! `PIZHU_BENCH_ENCODINGS=mixed` (the default): of every 10 files, 1 is GB18030, 1 Big5, 1
//! UTF-16LE with a BOM and 7 UTF-8 (30% legacy or UTF-16, as in issue 13's measurement), each
//! seed in every encoding.
//! `PIZHU_BENCH_ENCODINGS=utf8`: all UTF-8. Big5 cannot encode simplified characters or pinyin
//! tone marks, so a Big5 file holds the seed converted to traditional characters, Clean (no
//! crawl pinyin), without the few characters Big5 lacks.

#![allow(dead_code)] // each bench uses part of it

use std::io::Write;
use std::path::{Path, PathBuf};

/// A generated folder and what is in it.
pub struct Folder {
    _dir: Option<tempfile::TempDir>,
    /// The corpus folder.
    pub root: PathBuf,
    /// NUL-separated list of the files, for `xargs -0`.
    pub list: PathBuf,
    /// Number of files.
    pub files: usize,
    /// Their total size.
    pub bytes: u64,
    /// Files per encoding, for the report.
    pub encodings: Vec<(&'static str, usize)>,
}

impl Folder {
    /// Files per encoding as the benches report them: `UTF-8 70000, GB18030 10000, …`.
    pub fn encodings_text(&self) -> String {
        self.encodings
            .iter()
            .map(|(name, n)| format!("{name} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

pub fn seeds() -> Vec<String> {
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

/// How a generated file is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Gb18030,
    Big5,
    Utf16Le,
}

impl Encoding {
    fn name(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Gb18030 => "GB18030",
            Self::Big5 => "Big5",
            Self::Utf16Le => "UTF-16LE",
        }
    }
}

/// The encoding of file `i` (which holds seed `i % seeds`): each seed cycles through the
/// encodings, so every seed's text appears in each of them.
pub fn encoding_of(i: usize, seeds: usize, mixed: bool) -> Encoding {
    if !mixed {
        return Encoding::Utf8;
    }
    match (i / seeds.max(1)) % 10 {
        3 => Encoding::Gb18030,
        6 => Encoding::Big5,
        9 => Encoding::Utf16Le,
        _ => Encoding::Utf8,
    }
}

/// True unless `PIZHU_BENCH_ENCODINGS=utf8`.
pub fn mixed_from_env() -> bool {
    std::env::var("PIZHU_BENCH_ENCODINGS").map_or(true, |v| v != "utf8")
}

/// `text` as Big5 can hold it: traditional, Clean, without characters Big5 lacks.
fn big5_text(text: &str) -> String {
    let cleaned = pizhu::text::clean::clean(text).text;
    pizhu::text::convert::Converter::get(pizhu::text::Target::Traditional)
        .convert(&cleaned)
        .text
        .chars()
        .filter(|c| !encoding_rs::BIG5.encode(c.encode_utf8(&mut [0; 4])).2)
        .collect()
}

fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
        Encoding::Big5 => encoding_rs::BIG5.encode(text).0.into_owned(),
        Encoding::Utf16Le => {
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        }
    }
}

/// Builds the folder in a temp dir (or in `at`, kept, if given: it is reused when its file list
/// is already there).
pub fn build(files: usize, mixed: bool, at: Option<&Path>) -> Folder {
    let (dir, base) = match at {
        Some(at) => (None, at.to_owned()),
        None => {
            let dir = tempfile::tempdir().expect("temp dir");
            let base = dir.path().to_owned();
            (Some(dir), base)
        }
    };
    let root = base.join("corpus");
    let list_path = base.join("list");
    let max_bytes = env_usize("PIZHU_BENCH_MAX_BYTES", usize::MAX);
    let seeds: Vec<String> = seeds()
        .into_iter()
        .map(|seed| seed[..seed.floor_char_boundary(max_bytes)].to_owned())
        .collect();
    let big5_seeds: Vec<String> = seeds.iter().map(|seed| big5_text(seed)).collect();
    let mut counts = [0usize; 4];
    let kinds = [
        Encoding::Utf8,
        Encoding::Gb18030,
        Encoding::Big5,
        Encoding::Utf16Le,
    ];
    let reuse = at.is_some() && list_path.exists();
    let mut list = Vec::new();
    let mut bytes = 0u64;
    for i in 0..files {
        let sub = root.join(format!("d{:03}", i / 1000));
        let path = sub.join(format!("{i:06}.txt"));
        let encoding = encoding_of(i, seeds.len(), mixed);
        counts[kinds.iter().position(|k| *k == encoding).unwrap_or(0)] += 1;
        if reuse {
            bytes += std::fs::metadata(&path).expect("generated file").len();
        } else {
            if i % 1000 == 0 {
                std::fs::create_dir_all(&sub).expect("sub-folder");
            }
            // Each file differs a little, as real articles do.
            let seed = if encoding == Encoding::Big5 {
                &big5_seeds[i % seeds.len()]
            } else {
                &seeds[i % seeds.len()]
            };
            let text = format!("{seed}\n编号 {i}\n");
            let encoded = encode(&text, encoding);
            std::fs::write(&path, &encoded).expect("write article");
            bytes += encoded.len() as u64;
        }
        list.extend_from_slice(path.as_os_str().as_encoded_bytes());
        list.push(0);
    }
    if !reuse {
        std::fs::File::create(&list_path)
            .and_then(|mut file| file.write_all(&list))
            .expect("file list");
    }
    Folder {
        _dir: dir,
        root,
        list: list_path,
        files,
        bytes,
        encodings: kinds
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| (k.name(), n))
            .collect(),
    }
}

/// `xargs -0 cat -- < list > /dev/null`: reads every file once (warms the page cache).
pub fn run_cat(folder: &Folder) {
    let status = std::process::Command::new("xargs")
        .args(["-0", "cat", "--"])
        .stdin(std::fs::File::open(&folder.list).expect("list"))
        .stdout(std::process::Stdio::null())
        .status()
        .expect("xargs cat");
    assert!(status.success());
}

pub fn median(mut samples: Vec<std::time::Duration>) -> std::time::Duration {
    samples.sort();
    samples[samples.len() / 2]
}

pub fn time(f: impl FnOnce()) -> std::time::Duration {
    let start = std::time::Instant::now();
    f();
    start.elapsed()
}
