//! Export throughput and peak memory on a generated corpus (DESIGN §10: ≥ 50 MB/s, constant
//! memory whatever the corpus size).
//!
//! For each size in `PIZHU_BENCH_ARTICLES` (default `10000,100000`) it generates a folder of
//! articles from the seeds (each cut to `PIZHU_BENCH_MAX_BYTES`, default 3 000 bytes, so 100 000
//! articles are ~300 MB like DESIGN's corpus; 1 000 per sub-folder), each with a sidecar of 6
//! annotations (written with the library, so fingerprints are real), then runs the release
//! `pizhu export` for jsonl, brat and csv (`PIZHU_BENCH_FORMATS`) in the Original view and, for
//! jsonl, the simplified one, under `/usr/bin/time -v`, with a warm page cache: wall time, output
//! bytes, output MB/s and maximum resident set size. Everything generated is deleted afterwards.
//!
//! `cargo bench --bench export` (harness-less: prints a Markdown table for docs/BENCHMARKS.md).
//! `PIZHU_BENCH_CORPUS=DIR` generates each corpus in `DIR/<articles>` instead (once) and keeps
//! it, for repeated runs and for profiling `target/release/pizhu export DIR/100000 …` by hand;
//! delete it afterwards. `PIZHU_BENCH_BIN=PATH` runs that `pizhu` binary instead of the one this
//! build made (a copy of a baseline build, for A/B runs: the shared release folder's binary is
//! rebuilt by whoever builds next).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use pizhu::annotate::sidecar::{DocumentHeader, SidecarFile, sidecar_to_string};
use pizhu::annotate::{Annotation, AnnotationId, TagId};
use pizhu::text::chars::fingerprint;

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn seeds(max_bytes: usize) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .expect("seeds folder")
        .map(|entry| entry.expect("seed entry").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let seed = fs::read_to_string(path).expect("seed is UTF-8");
            seed[..seed.floor_char_boundary(max_bytes)].to_owned()
        })
        .collect()
}

/// Writes `articles` articles with sidecars under `root`; returns the bytes of article text.
fn generate(root: &Path, articles: usize, seeds: &[String]) -> u64 {
    let tags = ["PER", "LOC", "ORG", "DATE", "EVENT", "MISC"];
    let mut bytes = 0;
    for i in 0..articles {
        let folder = root.join(format!("d{:03}", i / 1000));
        if i % 1000 == 0 {
            fs::create_dir_all(&folder).expect("folder");
        }
        let text = format!("第{i}篇\n{}", seeds[i % seeds.len()]);
        let name = format!("{i:06}.txt");
        let path = folder.join(&name);
        fs::write(&path, &text).expect("article");
        bytes += text.len() as u64;
        let chars = text.chars().count();
        let mut annotations = Vec::new();
        for (k, tag) in tags.iter().enumerate() {
            let start = (k * chars / tags.len() + 7).min(chars.saturating_sub(4));
            let mut a = Annotation::new(
                &text,
                start..start + 3,
                TagId::new(tag).ok(),
                if k == 0 { "一条备注" } else { "" },
            )
            .expect("range");
            a.id = AnnotationId::from_string(format!("{i:020}{k:06}"));
            annotations.push(a);
        }
        let sidecar = SidecarFile {
            version: 1,
            document: DocumentHeader {
                file: name.clone(),
                chars,
                fingerprint: fingerprint(&text),
            },
            annotations,
        };
        let sidecar_path = folder.join(format!("{name}.annotations.ron"));
        fs::write(
            &sidecar_path,
            sidecar_to_string(&sidecar, &sidecar_path).expect("sidecar"),
        )
        .expect("write sidecar");
    }
    bytes
}

fn size_of(path: &Path) -> u64 {
    if path.is_dir() {
        fs::read_dir(path)
            .map(|entries| entries.flatten().map(|e| size_of(&e.path())).sum())
            .unwrap_or(0)
    } else {
        fs::metadata(path).map_or(0, |m| m.len())
    }
}

/// Bytes of article text under `path` (sidecars left out), as [`generate`] counts them.
fn article_bytes(path: &Path) -> u64 {
    if path.is_dir() {
        fs::read_dir(path)
            .map(|entries| entries.flatten().map(|e| article_bytes(&e.path())).sum())
            .unwrap_or(0)
    } else if path.to_string_lossy().ends_with(".annotations.ron") {
        0
    } else {
        fs::metadata(path).map_or(0, |m| m.len())
    }
}

/// Warms the page cache (the export reads every article and sidecar).
fn warm(root: &Path) {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "find '{}' -type f -print0 | xargs -0 cat > /dev/null",
            root.display()
        ))
        .status()
        .expect("warm the cache");
}

struct Run {
    seconds: f64,
    cpu_seconds: f64,
    output_bytes: u64,
    max_rss_kib: u64,
}

fn run(bin: &Path, root: &Path, out: &Path, format: &str, view: &str) -> Run {
    let status = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(bin)
        .args(["export"])
        .arg(root)
        .args(["--format", format, "--view", view, "-o"])
        .arg(out)
        .output()
        .expect("run /usr/bin/time -v pizhu export (apt install time)");
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(status.status.success(), "export failed: {stderr}");
    let field = |name: &str| {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .map(str::trim)
            .unwrap_or_default()
            .to_owned()
    };
    let elapsed = field("Elapsed (wall clock) time (h:mm:ss or m:ss):");
    let seconds = elapsed.split(':').fold(0.0, |acc, part| {
        acc * 60.0 + part.parse::<f64>().unwrap_or(0.0)
    });
    let cpu = |name: &str| field(name).parse::<f64>().unwrap_or(0.0);
    Run {
        seconds,
        cpu_seconds: cpu("User time (seconds):") + cpu("System time (seconds):"),
        output_bytes: size_of(out),
        max_rss_kib: field("Maximum resident set size (kbytes):")
            .parse()
            .unwrap_or(0),
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not supported.
    let sizes: Vec<usize> = env_or("PIZHU_BENCH_ARTICLES", "10000,100000")
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let max_bytes: usize = env_or("PIZHU_BENCH_MAX_BYTES", "3000")
        .parse()
        .unwrap_or(3000);
    let formats = env_or("PIZHU_BENCH_FORMATS", "jsonl,brat,csv");
    let seeds = seeds(max_bytes);
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-export");
    println!(
        "| articles | corpus MB | format | view | wall s | CPU s | output MB | output MB/s (wall) | output MB per CPU s | max RSS MB |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let keep = std::env::var_os("PIZHU_BENCH_CORPUS").map(PathBuf::from);
    let bin = std::env::var_os("PIZHU_BENCH_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_pizhu")), PathBuf::from);
    for &articles in &sizes {
        fs::remove_dir_all(&base).ok();
        fs::create_dir_all(&base).expect("bench folder");
        let root = keep
            .as_ref()
            .map_or_else(|| base.join("corpus"), |dir| dir.join(articles.to_string()));
        let started = Instant::now();
        let corpus_bytes = if root.is_dir() {
            article_bytes(&root)
        } else {
            generate(&root, articles, &seeds)
        };
        eprintln!(
            "generated {articles} articles ({:.1} MB) in {:.1} s",
            corpus_bytes as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
        warm(&root);
        let mut jobs: Vec<(String, &str)> = formats
            .split(',')
            .map(|f| (f.trim().to_owned(), "original"))
            .collect();
        if formats.contains("jsonl") {
            jobs.push(("jsonl".to_owned(), "simplified"));
        }
        for (format, view) in jobs {
            let out = base.join(format!("out-{format}-{view}"));
            let result = run(&bin, &root, &out, &format, view);
            let output_mb = result.output_bytes as f64 / 1e6;
            println!(
                "| {articles} | {:.1} | {format} | {view} | {:.2} | {:.2} | {output_mb:.1} | {:.1} | {:.1} | {:.1} |",
                corpus_bytes as f64 / 1e6,
                result.seconds,
                result.cpu_seconds,
                output_mb / result.seconds.max(0.001),
                output_mb / result.cpu_seconds.max(0.001),
                result.max_rss_kib as f64 / 1024.0
            );
            if out.is_dir() {
                fs::remove_dir_all(&out).ok();
            } else {
                fs::remove_file(&out).ok();
            }
        }
    }
    fs::remove_dir_all(&base).ok();
}
