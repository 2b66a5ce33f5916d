//! Issue 9, with real processes: many `pizhu tag` writers on one article at once, killed with
//! SIGKILL at random moments, and the window's save path writing the same article meanwhile.
//! What must hold, checked after every run and while it runs:
//!
//! - the sidecar always parses (a reader thread parses it over and over while writers run);
//! - every command that exited 0 has its annotation on disk (its printed id is in the file);
//! - annotations the window saved, and deletions it made, are on disk too;
//! - a kill never leaves the lock behind (a last command gets it at once).
//!
//! `cargo test --test core reliability::` runs a CI-sized version (a few seconds);
//! `cargo test --test core reliability:: -- --ignored --nocapture` the long one (hundreds of kills).
//! `PIZHU_RELIABILITY_SEED=<n>` replays a run. Every run prints its counts (see
//! `docs/RELIABILITY.md`).
//!
//! Also: a held lock makes a command wait and then fail with one sentence, and disk errors (a
//! read-only sidecar, a full disk on a 64 KB tmpfs where the machine allows mounting one) make
//! the command exit 1 with the old file intact.
//!
//! Offsets are chars of the article's Original text.

#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use pizhu::annotate::sidecar::read_sidecar;
use pizhu::annotate::{
    Annotation, AnnotationId, AnnotationStore, Edit, SaveOutcome, StorageLocation, TagId,
};

/// A small, seedable random source (xorshift64*): no dependency, and a failing run can be
/// replayed from its printed seed.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn seeded(offset: u64) -> Self {
        let seed = std::env::var("PIZHU_RELIABILITY_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
        Self((seed ^ offset.wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// An article of `chars` distinct-looking CJK chars (a newline every 40), in a temp folder.
struct Corpus {
    dir: tempfile::TempDir,
}

impl Corpus {
    fn new(chars: usize) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let text: String = (0..chars)
            .map(|i| {
                if i % 40 == 39 {
                    '\n'
                } else {
                    char::from_u32(0x4E00 + (i as u32 * 7) % 20_000).unwrap()
                }
            })
            .collect();
        std::fs::write(dir.path().join("a.txt"), text).unwrap();
        Self { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn article(&self) -> PathBuf {
        self.root().join("a.txt")
    }

    fn sidecar(&self) -> PathBuf {
        self.root().join("a.txt.annotations.ron")
    }

    fn text(&self) -> String {
        std::fs::read_to_string(self.article()).unwrap()
    }

    /// The ids in the sidecar (it must parse).
    fn ids_on_disk(&self) -> BTreeSet<String> {
        match read_sidecar(&self.sidecar()) {
            Ok(Some(loaded)) => loaded
                .value
                .annotations
                .iter()
                .map(|a| a.id.as_str().to_owned())
                .collect(),
            Ok(None) => BTreeSet::new(),
            Err(e) => panic!("the sidecar does not parse: {e}"),
        }
    }

    /// Leftover temp files of killed writers (hidden, ignored by the scan).
    fn temp_files(&self) -> usize {
        std::fs::read_dir(self.root())
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                let name = name.to_string_lossy();
                name.starts_with(".pizhu-") && name.ends_with(".tmp")
            })
            .count()
    }
}

fn pizhu() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pizhu"))
}

/// The id a successful `pizhu tag` printed (`created <id>  s..e  TAG  quote`).
fn created_id(stdout: &str) -> Option<String> {
    stdout
        .lines()
        .find_map(|line| line.strip_prefix("created "))
        .and_then(|rest| rest.split_whitespace().next())
        .map(str::to_owned)
}

/// How a run of writers is shaped.
#[derive(Clone, Copy)]
struct Shape {
    writers: usize,
    commands_per_writer: usize,
    /// Percent of commands killed at a random moment of their life.
    kill_percent: u64,
}

/// What a run of writers did.
#[derive(Debug, Default)]
struct Tally {
    commands: usize,
    confirmed: Vec<String>,
    kills: usize,
    /// Exited non-zero without being killed (with their stderr).
    failures: Vec<String>,
}

/// Runs `shape.writers` threads, each running `pizhu tag` commands on `article` one after another
/// on distinct ranges from `first_range`, killing some at random moments. Returns the tally.
fn run_writers(article: &Path, shape: Shape, first_range: usize, seed_offset: u64) -> Tally {
    // How long a command lives, to spread kills over its whole life.
    let started = Instant::now();
    let probe = pizhu().args(["annotations"]).arg(article).output().unwrap();
    assert!(probe.status.success());
    let lifetime_us = (started.elapsed().as_micros() as u64).clamp(5_000, 200_000) * 2;

    let tally = Arc::new(Mutex::new(Tally::default()));
    let mut threads = Vec::new();
    for writer in 0..shape.writers {
        let tally = Arc::clone(&tally);
        let article = article.to_owned();
        let mut rng = Rng::seeded(seed_offset + writer as u64);
        threads.push(thread::spawn(move || {
            for n in 0..shape.commands_per_writer {
                let range = first_range + (writer * shape.commands_per_writer + n) * 2;
                let mut child = pizhu()
                    .args(["tag"])
                    .arg(&article)
                    .args(["--tag", "PER", "--start", &range.to_string()])
                    .args(["--end", &(range + 2).to_string()])
                    .env("PIZHU_LOCK_WAIT_MS", "20000")
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap();
                let killed = rng.chance(shape.kill_percent);
                if killed {
                    thread::sleep(Duration::from_micros(rng.below(lifetime_us)));
                    child.kill().ok(); // SIGKILL; harmless if it already exited
                }
                let output = child.wait_with_output().unwrap();
                let mut tally = tally.lock().unwrap();
                tally.commands += 1;
                if output.status.success() {
                    let stdout = String::from_utf8_lossy(&output.stdout);
                    let id = created_id(&stdout)
                        .unwrap_or_else(|| panic!("exit 0 without an id: {stdout}"));
                    tally.confirmed.push(id);
                } else if killed {
                    tally.kills += 1;
                } else {
                    tally
                        .failures
                        .push(String::from_utf8_lossy(&output.stderr).into_owned());
                }
            }
        }));
    }
    for thread in threads {
        thread.join().unwrap();
    }
    Arc::try_unwrap(tally).unwrap().into_inner().unwrap()
}

/// Parses the sidecar over and over until `stop`; returns how many reads parsed.
fn keep_parsing(sidecar: PathBuf, stop: Arc<AtomicBool>) -> thread::JoinHandle<usize> {
    thread::spawn(move || {
        let mut reads = 0;
        while !stop.load(Ordering::Relaxed) {
            match read_sidecar(&sidecar) {
                Ok(_) => reads += 1,
                Err(e) => panic!("a reader saw a sidecar that does not parse: {e}"),
            }
            thread::sleep(Duration::from_millis(1));
        }
        reads
    })
}

/// After a run: the lock is free (a last command gets it at once) and the file is whole.
fn check_after(corpus: &Corpus, range: usize) {
    let started = Instant::now();
    let output = pizhu()
        .args(["tag"])
        .arg(corpus.article())
        .args(["--tag", "LOC", "--start", &range.to_string()])
        .args(["--end", &(range + 2).to_string()])
        .env("PIZHU_LOCK_WAIT_MS", "0")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "no stale lock after the kills: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    let id = created_id(&String::from_utf8_lossy(&output.stdout)).unwrap();
    assert!(corpus.ids_on_disk().contains(&id));
}

fn writers_with_kills(shape: Shape, name: &str) {
    let corpus = Corpus::new(shape.writers * shape.commands_per_writer * 2 + 200);
    let stop = Arc::new(AtomicBool::new(false));
    let reader = keep_parsing(corpus.sidecar(), Arc::clone(&stop));
    let started = Instant::now();
    let tally = run_writers(&corpus.article(), shape, 0, 0);
    stop.store(true, Ordering::Relaxed);
    let reads = reader.join().unwrap();
    let on_disk = corpus.ids_on_disk();
    let lost: Vec<&String> = tally
        .confirmed
        .iter()
        .filter(|id| !on_disk.contains(*id))
        .collect();
    let unconfirmed = on_disk.len() - (tally.confirmed.len() - lost.len());
    eprintln!(
        "{name}: {} writers, {} commands in {:.1} s: {} exited 0, {} killed, {} other failures; \
         {} annotations on disk ({} from killed commands that had renamed), {} parses by a \
         concurrent reader, {} temp files left by kills; annotations lost: {}",
        shape.writers,
        tally.commands,
        started.elapsed().as_secs_f64(),
        tally.confirmed.len(),
        tally.kills,
        tally.failures.len(),
        on_disk.len(),
        unconfirmed,
        reads,
        corpus.temp_files(),
        lost.len(),
    );
    assert!(lost.is_empty(), "confirmed but not on disk: {lost:?}");
    assert!(tally.failures.is_empty(), "{:?}", tally.failures);
    assert!(tally.kills > 0, "the run killed nobody: it proves nothing");
    assert!(!tally.confirmed.is_empty());
    check_after(&corpus, corpus.text().chars().count() - 4);
}

#[test]
fn parallel_writers_with_random_kills_lose_no_confirmed_annotation() {
    writers_with_kills(
        Shape {
            writers: 4,
            commands_per_writer: 12,
            kill_percent: 35,
        },
        "CI run",
    );
}

#[test]
#[ignore = "long run: hundreds of kills (about a minute); run with --ignored"]
fn parallel_writers_with_hundreds_of_kills_lose_no_confirmed_annotation() {
    writers_with_kills(
        Shape {
            writers: 8,
            commands_per_writer: 100,
            kill_percent: 50,
        },
        "long run",
    );
}

/// The window's save path on a store (snapshot on this thread, write on a worker, record back
/// here, editing while it writes), against command-line writers (some killed) on the same
/// article. Returns after `rounds` saves.
fn window_and_cli(rounds: usize, shape: Shape, name: &str) {
    // The window saves at least `rounds` times, and on until the command line is done (at most
    // three times as often); it tags 2-char ranges below `cli_first`, the command line above.
    let max_rounds = rounds * 3;
    let cli_first = max_rounds * 4 * 2 + 2;
    let corpus = Corpus::new(cli_first + shape.writers * shape.commands_per_writer * 2 + 10);
    let text = corpus.text();
    let mut store = AnnotationStore::with_location(StorageLocation::beside(corpus.root()));
    let key = store
        .open_document(Path::new("a.txt"), text.as_str())
        .unwrap()
        .key;
    let index = store.text(&key).unwrap().clone();

    let stop = Arc::new(AtomicBool::new(false));
    let reader = keep_parsing(corpus.sidecar(), Arc::clone(&stop));
    let cli = {
        let article = corpus.article();
        thread::spawn(move || run_writers(&article, shape, cli_first, 7))
    };

    let mut rng = Rng::seeded(99);
    let mut alive: Vec<AnnotationId> = Vec::new();
    let mut deleted: Vec<AnnotationId> = Vec::new();
    let mut merges = 0;
    let mut next = 0usize;
    let org = TagId::new("ORG").ok();
    let mut create = |store: &mut AnnotationStore, alive: &mut Vec<AnnotationId>| {
        let start = next * 2;
        next += 1;
        assert!(
            start + 2 <= cli_first,
            "the window stays below the command line's ranges"
        );
        let annotation = Annotation::new_in(&index, start..start + 2, org.clone(), "窗口").unwrap();
        alive.push(annotation.id.clone());
        store.edit(&key, Edit::Create(annotation)).unwrap();
    };
    let mut saves = 0;
    while saves < max_rounds && (saves < rounds || !cli.is_finished()) {
        saves += 1;
        thread::sleep(Duration::from_millis(5));
        for _ in 0..3 {
            create(&mut store, &mut alive);
        }
        if alive.len() > 4 && rng.chance(50) {
            let id = alive.remove(rng.below(alive.len() as u64) as usize);
            store.edit(&key, Edit::Delete(id.clone())).unwrap();
            deleted.push(id);
        }
        // Step 1 here, step 2 on a worker while we keep editing, step 3 back here.
        let batch = store.snapshot();
        let writer = thread::spawn(move || batch.write(None));
        create(&mut store, &mut alive);
        let written = writer.join().unwrap();
        for report in store.record(written) {
            match report.outcome {
                SaveOutcome::Saved => {}
                SaveOutcome::Merged(_) => merges += 1,
                other => panic!("the window's save failed: {other:?}"),
            }
        }
    }
    let tally = cli.join().unwrap();
    // The window saves what is left, as it would on exit.
    while store.has_unsaved() {
        for report in store.save_dirty() {
            if matches!(report.outcome, SaveOutcome::Merged(_)) {
                merges += 1;
            }
            assert!(report.outcome.is_saved(), "{report:?}");
        }
    }
    stop.store(true, Ordering::Relaxed);
    let reads = reader.join().unwrap();
    let on_disk = corpus.ids_on_disk();
    let lost_cli = tally
        .confirmed
        .iter()
        .filter(|id| !on_disk.contains(*id))
        .count();
    let lost_window = alive
        .iter()
        .filter(|id| !on_disk.contains(id.as_str()))
        .count();
    let resurrected = deleted
        .iter()
        .filter(|id| on_disk.contains(id.as_str()))
        .count();
    eprintln!(
        "{name}: window saved {saves} times ({merges} merges with the command line), {} window \
         annotations, {} deleted; command line: {} commands, {} exited 0, {} killed; {} parses \
         by a concurrent reader; annotations lost: {} (command line) + {} (window); deletions \
         undone by a merge: {resurrected}",
        alive.len(),
        deleted.len(),
        tally.commands,
        tally.confirmed.len(),
        tally.kills,
        reads,
        lost_cli,
        lost_window,
    );
    assert_eq!(lost_cli, 0);
    assert_eq!(lost_window, 0);
    assert_eq!(resurrected, 0, "a deletion came back");
    assert!(tally.failures.is_empty(), "{:?}", tally.failures);
    assert!(
        merges > 0,
        "the window never met the command line: the run proves nothing"
    );
    assert_eq!(
        store.annotations(&key).len(),
        on_disk.len(),
        "the window holds what is on disk"
    );
}

#[test]
fn the_window_and_the_command_line_write_the_same_article() {
    window_and_cli(
        15,
        Shape {
            writers: 3,
            commands_per_writer: 10,
            kill_percent: 25,
        },
        "window + CLI (CI run)",
    );
}

#[test]
#[ignore = "long run: the window against hundreds of command-line writes and kills"]
fn the_window_and_the_command_line_write_the_same_article_long() {
    window_and_cli(
        300,
        Shape {
            writers: 6,
            commands_per_writer: 60,
            kill_percent: 40,
        },
        "window + CLI (long run)",
    );
}

#[test]
fn a_held_lock_makes_a_command_wait_then_fail_with_one_sentence() {
    let corpus = Corpus::new(100);
    let location = StorageLocation::beside(corpus.root());
    let held = location.lock(Duration::ZERO).unwrap();
    let started = Instant::now();
    let output = pizhu()
        .args(["tag"])
        .arg(corpus.article())
        .args(["--tag", "PER", "--start", "0", "--end", "2"])
        .env("PIZHU_LOCK_WAIT_MS", "300")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(started.elapsed() >= Duration::from_millis(300));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("another Pizhu is writing annotations"),
        "{stderr}"
    );
    assert!(stderr.contains(".pizhu.lock"), "{stderr}");
    assert!(output.stdout.is_empty(), "no success reported");
    assert!(!corpus.sidecar().exists(), "nothing written");

    // Released while a command waits: it goes ahead.
    let releaser = thread::spawn(move || {
        thread::sleep(Duration::from_millis(200));
        drop(held);
    });
    let output = pizhu()
        .args(["tag"])
        .arg(corpus.article())
        .args(["--tag", "PER", "--start", "0", "--end", "2"])
        .env("PIZHU_LOCK_WAIT_MS", "10000")
        .output()
        .unwrap();
    releaser.join().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(corpus.ids_on_disk().len(), 1);
}

#[test]
fn a_read_only_sidecar_makes_tag_exit_1_and_stay_as_it_was() {
    let corpus = Corpus::new(100);
    let tag = |start: usize| {
        pizhu()
            .args(["tag"])
            .arg(corpus.article())
            .args(["--tag", "PER", "--start", &start.to_string()])
            .args(["--end", &(start + 2).to_string()])
            .output()
            .unwrap()
    };
    assert!(tag(0).status.success());
    let before = std::fs::read(corpus.sidecar()).unwrap();
    let mut permissions = std::fs::metadata(corpus.sidecar()).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(corpus.sidecar(), permissions).unwrap();
    let output = tag(4);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("a.txt.annotations.ron") && stderr.contains("read-only"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "no success reported: {stderr}");
    assert_eq!(
        std::fs::read(corpus.sidecar()).unwrap(),
        before,
        "the old file is intact"
    );
}

/// A 64 KB tmpfs mounted for the test, unmounted when dropped; `None` where mounting is not
/// allowed (not root, no `mount`, a container without the capability).
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount() -> Option<Self> {
        let dir = tempfile::tempdir().ok()?;
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .ok()?;
        status.success().then_some(Self { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let unmounted = Command::new("umount").arg(self.dir.path()).status();
        if !unmounted.is_ok_and(|s| s.success()) {
            eprintln!("could not unmount {}", self.dir.path().display());
        }
    }
}

#[test]
fn a_full_disk_makes_tag_exit_1_and_keeps_the_old_file() {
    let Some(tmpfs) = Tmpfs::mount() else {
        eprintln!(
            "skipped: this machine does not allow mounting a tmpfs (the injected full-disk writer is tested in tests/ui_reliability.rs and the store's unit tests)"
        );
        return;
    };
    let article = tmpfs.path().join("a.txt");
    std::fs::write(&article, "省委书记黃坤明在廣州調研。".repeat(20)).unwrap();
    let tag = |start: usize| {
        pizhu()
            .args(["tag"])
            .arg(&article)
            .args(["--tag", "PER", "--start", &start.to_string()])
            .args(["--end", &(start + 2).to_string()])
            .output()
            .unwrap()
    };
    assert!(tag(0).status.success());
    let sidecar = tmpfs.path().join("a.txt.annotations.ron");
    let before = std::fs::read(&sidecar).unwrap();
    // Fill the disk.
    let filler = tmpfs.path().join("filler");
    let mut size = 64 * 1024;
    while size > 0 {
        use std::io::Write as _;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&filler)
            .unwrap();
        if file.write_all(&vec![b'x'; size]).is_err() || file.sync_all().is_err() {
            size /= 2;
        }
    }
    let output = tag(4);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("a.txt.annotations.ron"), "{stderr}");
    assert!(output.stdout.is_empty());
    assert_eq!(
        std::fs::read(&sidecar).unwrap(),
        before,
        "the old file is intact"
    );
    eprintln!("full disk: pizhu said: {}", stderr.trim());
}
