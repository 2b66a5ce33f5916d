//! Helpers shared by the integration-test binaries (`tests/core/`, `tests/ui/`), the one place
//! for them: a temporary corpus builder (write files, links and sockets into a temp folder, scan
//! it, look at what came out), the seeds and a private copy of them, encoders to make test files,
//! running the `pizhu` binary, and (with `gui`) the window harness in [`harness`].

#![allow(dead_code)] // each test binary uses part of it

#[cfg(feature = "gui")]
pub mod harness;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::AtomicBool;

use pizhu::corpus::{ArticleMeta, ScanEvent, ScanOptions, ScanSummary, SkippedFile, scan};

/// A folder that is deleted when dropped.
pub struct TempCorpus {
    dir: tempfile::TempDir,
}

impl Default for TempCorpus {
    fn default() -> Self {
        Self::new()
    }
}

impl TempCorpus {
    /// An empty corpus folder.
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The absolute path of `relative`.
    pub fn join(&self, relative: impl AsRef<Path>) -> PathBuf {
        self.path().join(relative)
    }

    /// Writes a file (creating its folders) and returns its path.
    pub fn file(&self, relative: impl AsRef<Path>, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Creates a folder (and its parents).
    pub fn dir(&self, relative: impl AsRef<Path>) -> PathBuf {
        let path = self.join(relative);
        std::fs::create_dir_all(&path).unwrap();
        path
    }

    /// Creates a symbolic link at `relative` pointing to `target` (taken as is: relative targets
    /// are relative to the link's folder).
    #[cfg(unix)]
    pub fn symlink(&self, relative: impl AsRef<Path>, target: impl AsRef<Path>) -> PathBuf {
        let path = self.join(relative);
        std::os::unix::fs::symlink(target, &path).unwrap();
        path
    }

    /// Creates a Unix socket file at `relative` (it stays after the listener is dropped).
    #[cfg(unix)]
    pub fn socket(&self, relative: impl AsRef<Path>) -> PathBuf {
        let path = self.join(relative);
        drop(std::os::unix::net::UnixListener::bind(&path).unwrap());
        path
    }

    /// Creates a FIFO with `mkfifo`; `None` if the command is missing.
    #[cfg(unix)]
    pub fn fifo(&self, relative: impl AsRef<Path>) -> Option<PathBuf> {
        let path = self.join(relative);
        let status = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .ok()?;
        status.success().then_some(path)
    }

    /// Scans with the default options.
    pub fn scan(&self) -> Scanned {
        self.scan_with(&ScanOptions::default())
    }

    /// Scans with `options`.
    pub fn scan_with(&self, options: &ScanOptions) -> Scanned {
        Scanned::run(self.path(), options, &AtomicBool::new(false))
    }
}

/// Everything a scan sent, in order.
#[derive(Debug, Default)]
pub struct Scanned {
    /// The `Found` count (checked to come first).
    pub found: Option<usize>,
    /// Articles in the order received.
    pub articles: Vec<ArticleMeta>,
    /// Skipped files in the order received.
    pub skipped: Vec<SkippedFile>,
    /// Relative paths of all events in the order received.
    pub order: Vec<String>,
    /// The summary.
    pub summary: ScanSummary,
}

impl Scanned {
    /// Scans `root`, checking that `Found` comes first and only once.
    pub fn run(root: &Path, options: &ScanOptions, cancel: &AtomicBool) -> Self {
        let mut scanned = Self::default();
        scanned.summary = scan(root, options, cancel, |event| scanned.push(event)).unwrap();
        scanned
    }

    /// Records one event.
    pub fn push(&mut self, event: ScanEvent) {
        match event {
            ScanEvent::Found(n) => {
                assert!(
                    self.found.is_none() && self.order.is_empty(),
                    "Found must come first, once"
                );
                self.found = Some(n);
            }
            ScanEvent::Article(meta) => {
                assert!(self.found.is_some(), "Article before Found");
                self.order.push(meta.relative.clone());
                self.articles.push(meta);
            }
            ScanEvent::Skipped(skipped) => {
                assert!(self.found.is_some(), "Skipped before Found");
                self.order.push(skipped.relative.clone());
                self.skipped.push(skipped);
            }
        }
    }

    /// The article with this relative path.
    pub fn article(&self, relative: &str) -> &ArticleMeta {
        self.articles
            .iter()
            .find(|meta| meta.relative == relative)
            .unwrap_or_else(|| panic!("no article {relative:?} in {:?}", self.order))
    }

    /// The skipped file with this relative path.
    pub fn skipped(&self, relative: &str) -> &SkippedFile {
        self.skipped
            .iter()
            .find(|skipped| skipped.relative == relative)
            .unwrap_or_else(|| panic!("{relative:?} not skipped; skipped: {:?}", self.skipped))
    }

    /// Relative paths of the articles.
    pub fn article_paths(&self) -> Vec<&str> {
        self.articles
            .iter()
            .map(|meta| meta.relative.as_str())
            .collect()
    }
}

/// The seeds folder of the repository.
pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// The seed articles: (file name, text), in name order.
pub fn seeds() -> Vec<(String, String)> {
    let mut seeds: Vec<_> = std::fs::read_dir(seeds_dir())
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .filter(|(name, _)| name.ends_with(".txt"))
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5, "the seeds folder has 5 articles");
    seeds
}

/// The path of the seed whose file name starts with `prefix` (`"001"`).
pub fn seed_path(prefix: &str) -> PathBuf {
    std::fs::read_dir(seeds_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no seed starts with {prefix:?}"))
}

/// A private copy of `seeds/` (deleted when dropped), for tests that write sidecars: never
/// write into `seeds/` itself.
pub fn seeds_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(seeds_dir()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// Runs the `pizhu` binary with `args` and waits for it.
pub fn pizhu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pizhu"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs the `pizhu` binary with `args` and `input` on its standard input.
pub fn pizhu_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_pizhu"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input).unwrap();
    drop(stdin);
    child.wait_with_output().unwrap()
}

/// A command's standard output, which must be UTF-8.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// A command's standard error (lossy: it is only shown or searched).
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `text` in UTF-16, little- or big-endian, with or without a BOM.
pub fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
    let units = bom
        .then_some(0xFEFF_u16)
        .into_iter()
        .chain(text.encode_utf16());
    units
        .flat_map(|unit| {
            if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            }
        })
        .collect()
}

/// `text` in a legacy encoding, or `None` if a character cannot be represented.
pub fn legacy(text: &str, encoding: &'static encoding_rs::Encoding) -> Option<Vec<u8>> {
    let (bytes, _, unmappable) = encoding.encode(text);
    (!unmappable).then(|| bytes.into_owned())
}
