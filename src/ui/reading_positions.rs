//! Where the reader was in each article, remembered per folder in the user data folder
//! (`~/.local/share/pizhu/reading/<corpus key>.ron` on Linux), never beside the articles: a
//! reading place belongs to one reader, while the folder's sidecars are shared annotations.
//!
//! A position is the Original char at the top of the pane, so it is the same in every view
//! (the reader maps it into the view it shows). The file is read on a worker when a folder
//! opens and written atomically on a worker a few seconds after the position last moved, when
//! another folder opens, and on exit. Egui-free; the app calls it once per frame.
//!
//! The file (RON, `version: 1`): `(version: 1, corpus: "/path/to/folder", positions: {
//! "2023/a.txt": 1234 })`, keyed by the article's path relative to the folder. A file that does
//! not parse is reported and left untouched; positions are then kept for the session only.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::annotate::disk::write_atomic;
use crate::annotate::location::corpus_key;
use crate::jobs::Job;

/// How long after the position last moved it is written.
const SAVE_DELAY: Duration = Duration::from_secs(2);

/// The file's format version.
const VERSION: u32 = 1;

/// Why the positions file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum PositionsError {
    /// Reading failed.
    #[error("cannot read the reading positions {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file does not parse (it is left as it is).
    #[error("the reading positions file {} is damaged and was left untouched: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// Writing failed.
    #[error("cannot save the reading positions {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl PositionsError {
    /// The sentence the status bar shows, in the current language (UI thread only).
    pub fn message(&self) -> String {
        use super::i18n::{Status as S, trf};
        match self {
            Self::Read { path, source } => trf(
                S::CannotReadPositions,
                &[("path", &path.display()), ("error", source)],
            ),
            Self::Parse { path, message } => trf(
                S::PositionsDamaged,
                &[("path", &path.display()), ("error", message)],
            ),
            Self::Write { path, source } => trf(
                S::CannotSavePositions,
                &[("path", &path.display()), ("error", source)],
            ),
        }
    }
}

/// The file on disk.
#[derive(Debug, Serialize, Deserialize)]
struct PositionsFile {
    version: u32,
    corpus: PathBuf,
    positions: BTreeMap<String, usize>,
}

/// What loading a folder's file gave.
struct LoadResult {
    path: PathBuf,
    positions: Result<BTreeMap<String, usize>, PositionsError>,
}

/// What the app should know after [`ReadingPositions::poll`].
#[derive(Debug, Default)]
pub struct PositionsNews {
    /// The open folder's positions just arrived: restore the open article's.
    pub loaded: bool,
    /// What went wrong (one sentence each).
    pub problems: Vec<PositionsError>,
}

/// The reading positions of the open folder.
#[derive(Default)]
pub struct ReadingPositions {
    /// The data folder holding the files (`None`: remembered for this session only).
    data_dir: Option<PathBuf>,
    /// The open folder.
    corpus: Option<PathBuf>,
    /// Its file, once known.
    path: Option<PathBuf>,
    /// Original char at the top of the pane, per article path relative to the folder.
    positions: BTreeMap<String, usize>,
    loading: Option<Job<LoadResult>>,
    /// The file could not be read: do not write over it.
    keep_file: bool,
    save_due: Option<Instant>,
    saving: Vec<Job<Result<(), PositionsError>>>,
}

impl ReadingPositions {
    /// Positions kept in files under `data_dir/reading/` (`None`: for this session only).
    pub fn new(data_dir: Option<PathBuf>) -> Self {
        Self {
            data_dir,
            ..Self::default()
        }
    }

    /// The platform's data folder for Pizhu (`~/.local/share/pizhu` on Linux), if any.
    pub fn default_data_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "pizhu").map(|dirs| dirs.data_dir().to_owned())
    }

    /// Switches to the folder at `root`: writes the previous folder's unsaved positions and
    /// starts reading the new one's file.
    pub fn open_corpus(&mut self, root: PathBuf, notify: impl Fn() + Send + Sync + 'static) {
        if self.corpus.as_ref() == Some(&root) {
            return;
        }
        if self.save_due.take().is_some() {
            self.start_save(|| {});
        }
        self.positions.clear();
        self.path = None;
        self.keep_file = false;
        self.corpus = Some(root.clone());
        self.loading = None;
        let Some(data_dir) = self.data_dir.clone() else {
            return;
        };
        let job = Job::spawn("pizhu-positions-load", notify, move |reporter| {
            reporter.send(load(&data_dir, &root));
        });
        match job {
            Ok(job) => self.loading = Some(job),
            Err(error) => log::warn!("cannot start reading the reading positions: {error}"),
        }
    }

    /// True until the open folder's file has been read.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Where article `relative` was left (an Original char), if remembered.
    pub fn get(&self, relative: &str) -> Option<usize> {
        self.positions.get(relative).copied()
    }

    /// Records that article `relative` is read from Original char `original_char` (the start
    /// forgets it). Cheap when nothing changed: call it every frame.
    pub fn set(&mut self, relative: &str, original_char: usize) {
        let changed = match original_char {
            0 => self.positions.remove(relative).is_some(),
            _ => self.positions.insert(relative.to_owned(), original_char) != Some(original_char),
        };
        if changed && self.data_dir.is_some() {
            self.save_due = Some(Instant::now() + SAVE_DELAY);
        }
    }

    /// Takes the workers' news and starts a due save. Call once per frame.
    pub fn poll(&mut self, notify: impl Fn() + Send + Sync + 'static) -> PositionsNews {
        let mut news = PositionsNews::default();
        if let Some(loading) = &mut self.loading
            && let Some(result) = loading.drain().pop()
        {
            self.loading = None;
            self.path = Some(result.path);
            match result.positions {
                Ok(mut stored) => {
                    // What was read in this session before the file arrived wins.
                    stored.append(&mut self.positions);
                    self.positions = stored;
                }
                Err(problem) => {
                    self.keep_file = matches!(problem, PositionsError::Parse { .. });
                    news.problems.push(problem);
                }
            }
            news.loaded = true;
        }
        for saving in &mut self.saving {
            news.problems
                .extend(saving.drain().into_iter().filter_map(Result::err));
        }
        // Finished means ended and drained: nothing is lost.
        self.saving.retain(|job| !job.is_finished());
        if self.loading.is_none() && self.save_due.is_some_and(|due| Instant::now() >= due) {
            self.save_due = None;
            self.start_save(notify);
        }
        news
    }

    /// When the next save is due (to schedule a repaint).
    pub fn save_due_in(&self) -> Option<Duration> {
        self.save_due
            .map(|due| due.saturating_duration_since(Instant::now()))
    }

    /// Writes unsaved positions now, on this thread (on exit).
    pub fn save_blocking(&mut self) -> Option<PositionsError> {
        for job in std::mem::take(&mut self.saving) {
            job.wait();
        }
        self.save_due.take()?;
        let (path, file) = self.snapshot()?;
        save(&path, &file).err()
    }

    /// The file to write: `None` while its path is unknown or when a damaged file is kept.
    fn snapshot(&self) -> Option<(PathBuf, PositionsFile)> {
        if self.keep_file {
            return None;
        }
        let file = PositionsFile {
            version: VERSION,
            corpus: self.corpus.clone()?,
            positions: self.positions.clone(),
        };
        Some((self.path.clone()?, file))
    }

    fn start_save(&mut self, notify: impl Fn() + Send + Sync + 'static) {
        let Some((path, file)) = self.snapshot() else {
            return;
        };
        match Job::spawn("pizhu-positions-save", notify, move |reporter| {
            reporter.send(save(&path, &file));
        }) {
            Ok(job) => self.saving.push(job),
            Err(error) => log::warn!("cannot start saving the reading positions: {error}"),
        }
    }
}

/// The positions file of the folder at `root` under `data_dir`.
pub fn positions_path(data_dir: &Path, root: &Path) -> PathBuf {
    data_dir
        .join("reading")
        .join(format!("{}.ron", corpus_key(root)))
}

/// Reads the folder's file (none yet is no positions).
fn load(data_dir: &Path, root: &Path) -> LoadResult {
    let path = positions_path(data_dir, root);
    let positions = match std::fs::read_to_string(&path) {
        Ok(text) => match ron::from_str::<PositionsFile>(&text) {
            Ok(file) => Ok(file.positions),
            Err(error) => Err(PositionsError::Parse {
                path: path.clone(),
                message: error.to_string(),
            }),
        },
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(source) => Err(PositionsError::Read {
            path: path.clone(),
            source,
        }),
    };
    LoadResult { path, positions }
}

fn save(path: &Path, file: &PositionsFile) -> Result<(), PositionsError> {
    let text = ron::ser::to_string_pretty(file, ron::ser::PrettyConfig::default())
        .map_err(|e| std::io::Error::other(e.to_string()))
        .and_then(|text| {
            // The data folder's `reading/` is made on the first save.
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            write_atomic(path, text.as_bytes())
        });
    text.map_err(|source| PositionsError::Write {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settle(positions: &mut ReadingPositions) -> PositionsNews {
        let mut all = PositionsNews::default();
        for _ in 0..500 {
            let news = positions.poll(|| {});
            all.loaded |= news.loaded;
            all.problems.extend(news.problems);
            if !positions.is_loading() && positions.saving.is_empty() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        all
    }

    #[test]
    fn positions_survive_a_new_session_and_stay_per_folder() {
        let data = tempfile::tempdir().expect("temp dir");
        let (first, second) = (
            tempfile::tempdir().expect("a"),
            tempfile::tempdir().expect("b"),
        );
        let mut positions = ReadingPositions::new(Some(data.path().to_owned()));
        positions.open_corpus(first.path().to_owned(), || {});
        assert!(settle(&mut positions).loaded);
        positions.set("新闻/𠮷野家.txt", 1234);
        positions.set("a.txt", 0);
        assert_eq!(positions.get("新闻/𠮷野家.txt"), Some(1234));
        // Another folder: the first one's positions are written, the second starts empty.
        positions.open_corpus(second.path().to_owned(), || {});
        let news = settle(&mut positions);
        assert!(news.problems.is_empty(), "{:?}", news.problems);
        assert_eq!(positions.get("新闻/𠮷野家.txt"), None);
        assert!(positions.save_blocking().is_none());

        let mut again = ReadingPositions::new(Some(data.path().to_owned()));
        again.open_corpus(first.path().to_owned(), || {});
        let news = settle(&mut again);
        assert!(news.problems.is_empty(), "{:?}", news.problems);
        assert_eq!(again.get("新闻/𠮷野家.txt"), Some(1234));
        assert_eq!(again.get("a.txt"), None, "the start is not stored");
        // Nothing was written beside the articles.
        assert_eq!(std::fs::read_dir(first.path()).expect("dir").count(), 0);
        let file = positions_path(data.path(), first.path());
        let text = std::fs::read_to_string(file).expect("the file");
        assert!(
            text.contains("version: 1") && text.contains("1234"),
            "{text}"
        );
    }

    #[test]
    fn a_damaged_file_is_reported_and_kept() {
        let data = tempfile::tempdir().expect("temp dir");
        let corpus = tempfile::tempdir().expect("corpus");
        let path = positions_path(data.path(), corpus.path());
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, "(version: 1, positions: {").expect("write");
        let mut positions = ReadingPositions::new(Some(data.path().to_owned()));
        positions.open_corpus(corpus.path().to_owned(), || {});
        let news = settle(&mut positions);
        assert!(
            matches!(news.problems.as_slice(), [PositionsError::Parse { .. }]),
            "{:?}",
            news.problems
        );
        positions.set("a.txt", 99);
        assert!(positions.save_blocking().is_none());
        assert_eq!(
            std::fs::read_to_string(&path).expect("still there"),
            "(version: 1, positions: {"
        );
        assert_eq!(positions.get("a.txt"), Some(99), "kept for the session");
    }

    #[test]
    fn without_a_data_folder_positions_last_the_session() {
        let corpus = tempfile::tempdir().expect("corpus");
        let mut positions = ReadingPositions::new(None);
        positions.open_corpus(corpus.path().to_owned(), || {});
        assert!(!positions.is_loading());
        positions.set("a.txt", 7);
        assert_eq!(positions.get("a.txt"), Some(7));
        assert!(positions.save_due_in().is_none(), "nothing to write");
    }
}
