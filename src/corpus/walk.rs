//! The walk of a scan: lists a corpus folder depth first, each folder in natural order, and
//! decides from names and file types alone (no reading) which entries are candidates.
//!
//! Hidden entries and Pizhu's own files are skipped; `.txt`, `.md`, `.text` and extension-less
//! files are candidates; symlinks are followed, and one leading back into a folder being walked is
//! a [`SkipReason::SymlinkLoop`]. Runs on the scan's calling thread, checking `cancel` per entry.
//! No text and no offsets here: paths only.

use std::ffi::{OsStr, OsString};
use std::fs::FileType;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};

use super::natural::natural_cmp_os;
use super::scan::{ARTICLE_EXTENSIONS, ScanError, SkipReason, SkippedFile};

/// A file for a worker to read.
#[derive(Debug)]
pub(super) struct Job {
    /// The real path.
    pub(super) path: PathBuf,
    /// Relative to the corpus root, for display.
    pub(super) relative: String,
    /// No extension: an article only if its start looks like text.
    pub(super) sniff: bool,
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
pub(super) enum Candidate {
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
/// naturally, component by component). `None` when cancelled.
pub(super) fn walk(root: &Path, cancel: &AtomicBool) -> Result<Option<Walk>, ScanError> {
    let root_error = |source| ScanError::Root {
        path: root.to_owned(),
        source,
    };
    let root_metadata = std::fs::metadata(root).map_err(root_error)?;
    let root_id = dir_id(root, &root_metadata).map_err(root_error)?;
    let (children, excluded) = list_dir(root).map_err(root_error)?;
    let mut walk = Walk {
        ignored: excluded,
        ..Walk::default()
    };
    let mut stack = vec![Frame {
        children: children.into_iter(),
        id: root_id,
        relative: String::new(),
    }];
    while let Some(frame) = stack.last_mut() {
        let Some(child) = frame.children.next() else {
            stack.pop();
            continue;
        };
        if cancel.load(AtomicOrdering::Relaxed) {
            return Ok(None);
        }
        let relative = format!("{}{}", frame.relative, child.name.to_string_lossy());
        let name_kind = name_kind(&child.name);
        let mut skip = |path: PathBuf, relative: String, reason| {
            walk.candidates.push(Candidate::Skip(SkippedFile {
                path,
                relative,
                reason,
            }));
        };

        let file_type = match child.file_type {
            Ok(file_type) => file_type,
            Err(err) => {
                skip(child.path, relative, SkipReason::unreadable(err));
                continue;
            }
        };
        // Symlinks are followed: what matters is what they point to.
        let (file_type, metadata) = if file_type.is_symlink() {
            match std::fs::metadata(&child.path) {
                Ok(metadata) => (metadata.file_type(), Some(metadata)),
                Err(err) if is_loop_error(&err) => {
                    skip(child.path, relative, SkipReason::SymlinkLoop);
                    continue;
                }
                Err(err) => {
                    if name_kind == NameKind::Article {
                        skip(child.path, relative, SkipReason::unreadable(err));
                    } else {
                        walk.ignored += 1;
                    }
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
                Err(err) => {
                    skip(child.path, relative, SkipReason::unreadable(err));
                    continue;
                }
            };
            if stack.iter().any(|frame| frame.id == id) {
                skip(child.path, relative, SkipReason::SymlinkLoop);
                continue;
            }
            match list_dir(&child.path) {
                Ok((children, excluded)) => {
                    walk.ignored += excluded;
                    stack.push(Frame {
                        children: children.into_iter(),
                        id,
                        relative,
                    });
                }
                Err(err) => skip(child.path, relative, SkipReason::unreadable(err)),
            }
        } else if file_type.is_file() {
            match name_kind {
                NameKind::Article | NameKind::NoExtension => {
                    walk.candidates.push(Candidate::Read(Job {
                        path: child.path,
                        relative,
                        sniff: name_kind == NameKind::NoExtension,
                    }));
                }
                NameKind::Other => walk.ignored += 1,
            }
        } else if name_kind == NameKind::Article {
            // A FIFO, socket or device named like an article. Never opened: a FIFO would block.
            skip(child.path, relative, SkipReason::NotRegularFile);
        } else {
            walk.ignored += 1;
        }
    }
    Ok(Some(walk))
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
}
