//! The walk of a scan: lists a corpus folder depth first, each folder in natural order, and
//! decides from names and file types alone (no reading) which entries are candidates.
//!
//! Hidden entries and Pizhu's own files are skipped; `.txt`, `.md`, `.text` and extension-less
//! files are candidates; symlinks are followed, and one leading back into a folder being walked is
//! a [`SkipReason::SymlinkLoop`]. Runs on the scan's calling thread, checking `cancel` per entry.
//! No text and no offsets here: paths only.
//!
//! [`Walker`] is the walk as an iterator: it holds the stack of open folder listings only, so
//! its memory does not grow with the corpus (the export streams it); [`walk`] collects it for the
//! scan, which announces its total before reading.

use std::ffi::{OsStr, OsString};
use std::fs::FileType;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};

use super::natural::natural_cmp_os;
use super::scan::{ARTICLE_EXTENSIONS, ScanError, SkipReason, SkippedFile};

/// A file for a worker to read.
#[derive(Debug)]
pub(crate) struct Job {
    /// The real path.
    pub(crate) path: PathBuf,
    /// Relative to the corpus root, for display.
    pub(crate) relative: String,
    /// No extension: an article only if its start looks like text.
    pub(crate) sniff: bool,
}

/// The walk's result: candidates in scan order.
#[derive(Debug, Default)]
pub(super) struct Walk {
    /// In natural path order.
    pub(super) candidates: Vec<Candidate>,
    /// Entries that are not candidates (see [`ScanSummary::ignored`](super::ScanSummary::ignored)).
    pub(super) ignored: usize,
}

/// A file the walk found.
#[derive(Debug)]
pub(crate) enum Candidate {
    /// To be read by a worker.
    Read(Job),
    /// Resolved by the walk: no need to read it.
    Skip(SkippedFile),
}

/// What identifies a folder, to notice a symlink leading back into the walk.
#[cfg(unix)]
type DirId = (u64, u64);
#[cfg(not(unix))]
type DirId = PathBuf;

#[cfg(unix)]
fn dir_id(_path: &Path, metadata: &std::fs::Metadata) -> io::Result<DirId> {
    use std::os::unix::fs::MetadataExt;
    Ok((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn dir_id(path: &Path, _metadata: &std::fs::Metadata) -> io::Result<DirId> {
    std::fs::canonicalize(path)
}

/// True for "too many levels of symbolic links" (`ELOOP`), which `std` cannot name yet.
fn is_loop_error(err: &io::Error) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    const ELOOP: Option<i32> = Some(40);
    #[cfg(any(
        target_vendor = "apple",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd"
    ))]
    const ELOOP: Option<i32> = Some(62);
    #[cfg(not(any(
        target_os = "linux",
        target_os = "android",
        target_vendor = "apple",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd"
    )))]
    const ELOOP: Option<i32> = None;
    ELOOP.is_some() && err.raw_os_error() == ELOOP
}

/// One folder being walked.
struct Frame {
    children: std::vec::IntoIter<Child>,
    id: DirId,
    /// Its path relative to the root, with a trailing `/` (empty for the root).
    relative: String,
}

/// An entry of a folder.
struct Child {
    name: OsString,
    path: PathBuf,
    file_type: io::Result<FileType>,
}

/// What an entry's name says it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NameKind {
    /// `.txt`, `.md`, `.text`.
    Article,
    /// No extension: sniff it.
    NoExtension,
    Other,
}

fn name_kind(name: &OsStr) -> NameKind {
    match Path::new(name).extension() {
        None => NameKind::NoExtension,
        Some(extension) => {
            let is_article = extension.to_str().is_some_and(|ext| {
                ARTICLE_EXTENSIONS
                    .iter()
                    .any(|a| ext.eq_ignore_ascii_case(a))
            });
            if is_article {
                NameKind::Article
            } else {
                NameKind::Other
            }
        }
    }
}

/// Hidden entries and Pizhu's own files are never candidates.
fn is_excluded(name: &OsStr) -> bool {
    let bytes = name.as_encoded_bytes();
    bytes.starts_with(b".") || bytes == b"pizhu.ron" || bytes.ends_with(b".annotations.ron")
}

/// Lists a folder's entries that may be candidates, in natural order; returns them and how many
/// were excluded.
fn list_dir(dir: &Path) -> io::Result<(Vec<Child>, usize)> {
    let mut children = Vec::new();
    let mut excluded = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if is_excluded(&name) {
            excluded += 1;
            continue;
        }
        children.push(Child {
            path: entry.path(),
            // From the directory listing on most systems: no stat per file.
            file_type: entry.file_type(),
            name,
        });
    }
    children.sort_by(|a, b| natural_cmp_os(&a.name, &b.name));
    Ok((children, excluded))
}

/// Walks `root` depth first, each folder in natural order (which orders the whole list
/// naturally, component by component), and collects the candidates. `None` when cancelled.
pub(super) fn walk(root: &Path, cancel: &AtomicBool) -> Result<Option<Walk>, ScanError> {
    let mut walker = Walker::new(root, cancel)?;
    let candidates = walker.by_ref().collect();
    if walker.cancelled() {
        return Ok(None);
    }
    Ok(Some(Walk {
        candidates,
        ignored: walker.ignored(),
    }))
}

/// The walk as an iterator of candidates, in the same order as [`walk`]: it holds only the
/// stack of open folder listings (each folder's entries, sorted), never the list of every file,
/// so a consumer that reads files as they come (the export) needs memory for one path of
/// folders, not for the corpus. Stops early (returning `None`) once `cancel` is set; then
/// [`Walker::cancelled`] is true.
pub(crate) struct Walker<'c> {
    stack: Vec<Frame>,
    ignored: usize,
    cancel: &'c AtomicBool,
    cancelled: bool,
}

impl<'c> Walker<'c> {
    /// Lists `root`; an unreadable root is an error (anything below it is a candidate skipped
    /// with its reason).
    pub(crate) fn new(root: &Path, cancel: &'c AtomicBool) -> Result<Self, ScanError> {
        let root_error = |source| ScanError::Root {
            path: root.to_owned(),
            source,
        };
        let root_metadata = std::fs::metadata(root).map_err(root_error)?;
        let root_id = dir_id(root, &root_metadata).map_err(root_error)?;
        let (children, excluded) = list_dir(root).map_err(root_error)?;
        Ok(Self {
            stack: vec![Frame {
                children: children.into_iter(),
                id: root_id,
                relative: String::new(),
            }],
            ignored: excluded,
            cancel,
            cancelled: false,
        })
    }

    /// Entries met so far that are not candidates (see
    /// [`ScanSummary::ignored`](super::ScanSummary::ignored)).
    pub(crate) fn ignored(&self) -> usize {
        self.ignored
    }

    /// True if the walk stopped because `cancel` was set.
    pub(crate) fn cancelled(&self) -> bool {
        self.cancelled
    }
}

impl Iterator for Walker<'_> {
    type Item = Candidate;

    fn next(&mut self) -> Option<Candidate> {
        while let Some(frame) = self.stack.last_mut() {
            let Some(child) = frame.children.next() else {
                self.stack.pop();
                continue;
            };
            if self.cancel.load(AtomicOrdering::Relaxed) {
                self.cancelled = true;
                self.stack.clear();
                return None;
            }
            let relative = format!("{}{}", frame.relative, child.name.to_string_lossy());
            let name_kind = name_kind(&child.name);
            let skip = |path: PathBuf, relative: String, reason| {
                Some(Candidate::Skip(SkippedFile {
                    path,
                    relative,
                    reason,
                }))
            };

            let file_type = match child.file_type {
                Ok(file_type) => file_type,
                Err(err) => return skip(child.path, relative, SkipReason::unreadable(err)),
            };
            // Symlinks are followed: what matters is what they point to.
            let (file_type, metadata) = if file_type.is_symlink() {
                match std::fs::metadata(&child.path) {
                    Ok(metadata) => (metadata.file_type(), Some(metadata)),
                    Err(err) if is_loop_error(&err) => {
                        return skip(child.path, relative, SkipReason::SymlinkLoop);
                    }
                    Err(err) => {
                        if name_kind == NameKind::Article {
                            return skip(child.path, relative, SkipReason::unreadable(err));
                        }
                        self.ignored += 1;
                        continue;
                    }
                }
            } else {
                (file_type, None)
            };

            if file_type.is_dir() {
                let relative = relative + "/";
                let metadata = match metadata {
                    Some(metadata) => Ok(metadata),
                    None => std::fs::metadata(&child.path),
                };
                let id = match metadata.and_then(|metadata| dir_id(&child.path, &metadata)) {
                    Ok(id) => id,
                    Err(err) => return skip(child.path, relative, SkipReason::unreadable(err)),
                };
                if self.stack.iter().any(|frame| frame.id == id) {
                    return skip(child.path, relative, SkipReason::SymlinkLoop);
                }
                match list_dir(&child.path) {
                    Ok((children, excluded)) => {
                        self.ignored += excluded;
                        self.stack.push(Frame {
                            children: children.into_iter(),
                            id,
                            relative,
                        });
                    }
                    Err(err) => return skip(child.path, relative, SkipReason::unreadable(err)),
                }
            } else if file_type.is_file() {
                match name_kind {
                    NameKind::Article | NameKind::NoExtension => {
                        return Some(Candidate::Read(Job {
                            path: child.path,
                            relative,
                            sniff: name_kind == NameKind::NoExtension,
                        }));
                    }
                    NameKind::Other => self.ignored += 1,
                }
            } else if name_kind == NameKind::Article {
                // A FIFO, socket or device named like an article. Never opened: a FIFO would block.
                return skip(child.path, relative, SkipReason::NotRegularFile);
            } else {
                self.ignored += 1;
            }
        }
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    #[test]
    fn article_names_and_excluded_names() {
        assert_eq!(name_kind(OsStr::new("新闻.TXT")), NameKind::Article);
        assert_eq!(name_kind(OsStr::new("a.Md")), NameKind::Article);
        assert_eq!(name_kind(OsStr::new("a.text")), NameKind::Article);
        assert_eq!(name_kind(OsStr::new("README")), NameKind::NoExtension);
        assert_eq!(name_kind(OsStr::new("a.html")), NameKind::Other);
        assert_eq!(name_kind(OsStr::new("a.txt.bak")), NameKind::Other);
        assert!(is_excluded(OsStr::new(".git")));
        assert!(is_excluded(OsStr::new("pizhu.ron")));
        assert!(is_excluded(OsStr::new("001.txt.annotations.ron")));
        assert!(!is_excluded(OsStr::new("pizhu.ron.txt")));
    }

    #[test]
    fn loop_errors_are_recognised() {
        assert!(is_loop_error(&io::Error::from_raw_os_error(40)) || !cfg!(target_os = "linux"));
        assert!(!is_loop_error(&io::Error::from(io::ErrorKind::NotFound)));
    }

    /// A nested tree with numbers in names, hidden and excluded entries, symlinks to a file, to
    /// a folder, to nowhere, to itself and back up the tree.
    #[cfg(unix)]
    fn tree() -> tempfile::TempDir {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for folder in ["d10", "d9/.git"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        for file in [
            "a10.txt",
            "a2.txt",
            "a1.md",
            ".hidden.txt",
            "note.html",
            "readme",
            "a2.txt.annotations.ron",
            "pizhu.ron",
            "d10/b2.txt",
            "d10/b10.txt",
            "d9/c.txt",
            "d9/.git/h.txt",
        ] {
            std::fs::write(root.join(file), "新闻").unwrap();
        }
        symlink(root.join("a2.txt"), root.join("link.txt")).unwrap();
        symlink(root.join("nowhere.txt"), root.join("broken.txt")).unwrap();
        symlink(root.join("self.txt"), root.join("self.txt")).unwrap();
        symlink(root.join("d10"), root.join("d2")).unwrap();
        symlink(root, root.join("d9/loop")).unwrap();
        dir
    }

    /// A candidate as `(relative path, "read" | "sniff" | the skip reason)`.
    fn described(candidate: &Candidate) -> (String, String) {
        match candidate {
            Candidate::Read(job) => (
                job.relative.clone(),
                if job.sniff { "sniff" } else { "read" }.to_owned(),
            ),
            Candidate::Skip(skipped) => (skipped.relative.clone(), skipped.reason.to_string()),
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_streaming_walk_lists_in_natural_order_depth_first() {
        let dir = tree();
        let cancel = AtomicBool::new(false);
        let mut walker = Walker::new(dir.path(), &cancel).unwrap();
        let streamed: Vec<(String, String)> = walker.by_ref().map(|c| described(&c)).collect();
        let expected = [
            ("a1.md", "read"),
            ("a2.txt", "read"),
            ("a10.txt", "read"),
            ("broken.txt", "unreadable: not found (a broken link?)"),
            ("d2/b2.txt", "read"),
            ("d2/b10.txt", "read"),
            ("d9/c.txt", "read"),
            ("d9/loop/", "symbolic link loop"),
            ("d10/b2.txt", "read"),
            ("d10/b10.txt", "read"),
            ("link.txt", "read"),
            ("readme", "sniff"),
            ("self.txt", "symbolic link loop"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect();
        assert_eq!(streamed, expected);
        // .hidden.txt, note.html, the sidecar, pizhu.ron and d9/.git.
        assert_eq!(walker.ignored(), 5);
        assert!(!walker.cancelled());

        // The collected walk (the scan's) is the same list.
        let walk = walk(dir.path(), &cancel).unwrap().unwrap();
        let collected: Vec<(String, String)> = walk.candidates.iter().map(described).collect();
        assert_eq!(collected, expected);
        assert_eq!(walk.ignored, 5);
    }

    #[cfg(unix)]
    #[test]
    fn a_cancelled_walk_stops_and_says_so() {
        let dir = tree();
        let cancel = AtomicBool::new(false);
        let mut walker = Walker::new(dir.path(), &cancel).unwrap();
        assert!(walker.next().is_some());
        cancel.store(true, AtomicOrdering::Relaxed);
        assert!(walker.next().is_none());
        assert!(walker.cancelled());
        assert!(walk(dir.path(), &cancel).unwrap().is_none());
    }

    #[test]
    fn an_unreadable_root_is_an_error() {
        let cancel = AtomicBool::new(false);
        let missing = Path::new("/nonexistent/批注/语料");
        assert!(matches!(
            Walker::new(missing, &cancel),
            Err(ScanError::Root { .. })
        ));
    }
}
