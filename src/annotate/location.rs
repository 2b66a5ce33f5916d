//! Where a corpus's annotation files live: beside the articles when the folder is writable,
//! else in the user's data folder, keyed by the corpus folder.
//!
//! No offsets here, only paths. Article paths given to this module are relative to the corpus
//! root (e.g. `2023/001.txt`); sidecars mirror them.

use std::path::{Component, Path, PathBuf};

use std::time::Duration;

use super::lock::{LOCK_FILE_NAME, LockError, StorageLock};
use super::sidecar::{CORPUS_FILE_NAME, SIDECAR_SUFFIX, SidecarError};

/// Where sidecars are written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageKind {
    /// Beside each article, and `pizhu.ron` in the corpus folder.
    BesideArticles,
    /// Under `<data dir>/corpora/<key>/`, mirroring the corpus's relative paths, because the
    /// corpus folder is not writable.
    DataDir,
}

/// The storage decision for one corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageLocation {
    corpus_root: PathBuf,
    /// Folder that mirrors `corpus_root` (equal to it when beside the articles).
    sidecar_root: PathBuf,
    kind: StorageKind,
}

impl StorageLocation {
    /// Sidecars beside the articles in `corpus_root`.
    pub fn beside(corpus_root: &Path) -> Self {
        Self {
            corpus_root: corpus_root.to_owned(),
            sidecar_root: corpus_root.to_owned(),
            kind: StorageKind::BesideArticles,
        }
    }

    /// Sidecars under `data_dir/corpora/<key>/`, where the key is the first 16 hex digits of the
    /// blake3 of the canonical corpus path (so two folders never share, and moving a read-only
    /// corpus starts afresh — its old annotations stay in the old key's folder).
    pub fn in_data_dir(corpus_root: &Path, data_dir: &Path) -> Self {
        Self {
            corpus_root: corpus_root.to_owned(),
            sidecar_root: data_dir.join("corpora").join(corpus_key(corpus_root)),
            kind: StorageKind::DataDir,
        }
    }

    /// Decides for `corpus_root`: the platform data folder (`~/.local/share/pizhu` on Linux)
    /// when the corpus's annotations were moved there (its `pizhu.ron` is there) or the folder
    /// cannot be written, else beside the articles.
    pub fn resolve(corpus_root: &Path) -> Result<Self, SidecarError> {
        let data_dir = default_data_dir();
        if let Some(data_dir) = &data_dir
            && Self::in_data_dir(corpus_root, data_dir)
                .corpus_file_path()
                .is_file()
        {
            return Ok(Self::in_data_dir(corpus_root, data_dir));
        }
        if is_writable_dir(corpus_root) {
            return Ok(Self::beside(corpus_root));
        }
        Ok(Self::in_data_dir(
            corpus_root,
            &data_dir.ok_or(SidecarError::NoDataDir)?,
        ))
    }

    /// [`StorageLocation::resolve`] with the data folder and the writability test injected
    /// (tests run as root, where permissions do not stop writes).
    pub fn resolve_with(
        corpus_root: &Path,
        data_dir: &Path,
        is_writable: impl FnOnce(&Path) -> bool,
    ) -> Self {
        let in_data_dir = Self::in_data_dir(corpus_root, data_dir);
        if !in_data_dir.corpus_file_path().is_file() && is_writable(corpus_root) {
            Self::beside(corpus_root)
        } else {
            in_data_dir
        }
    }

    /// Takes the OS lock of this storage root (`.pizhu.lock` in [`sidecar_root`](Self::sidecar_root)
    /// (Self::sidecar_root)), waiting up to `wait` for another Pizhu.
    pub fn lock(&self, wait: Duration) -> Result<StorageLock, LockError> {
        StorageLock::acquire(&self.sidecar_root, wait, self.creates_folders())
    }

    /// The lock file of this storage root.
    pub fn lock_path(&self) -> PathBuf {
        self.sidecar_root.join(LOCK_FILE_NAME)
    }

    /// True in the user data folder, whose mirror folders are created as needed; beside the
    /// articles no folder is ever created (a removed corpus folder stays removed).
    pub fn creates_folders(&self) -> bool {
        self.kind == StorageKind::DataDir
    }

    /// Which kind of place.
    pub fn kind(&self) -> &StorageKind {
        &self.kind
    }

    /// The corpus folder.
    pub fn corpus_root(&self) -> &Path {
        &self.corpus_root
    }

    /// The folder sidecars are written under (the corpus folder, or its mirror).
    pub fn sidecar_root(&self) -> &Path {
        &self.sidecar_root
    }

    /// Where the sidecar of the article at `relative` is written.
    pub fn sidecar_path(&self, relative: &Path) -> PathBuf {
        let mut name = relative.file_name().unwrap_or_default().to_owned();
        name.push(SIDECAR_SUFFIX);
        self.sidecar_root.join(relative).with_file_name(name)
    }

    /// In the data folder, a sidecar that may sit beside the read-only article (shipped with the
    /// corpus): read when no sidecar of ours exists yet. `None` beside the articles.
    pub fn fallback_sidecar_path(&self, relative: &Path) -> Option<PathBuf> {
        match self.kind {
            StorageKind::BesideArticles => None,
            StorageKind::DataDir => Some(Self::beside(&self.corpus_root).sidecar_path(relative)),
        }
    }

    /// Where `pizhu.ron` is written.
    pub fn corpus_file_path(&self) -> PathBuf {
        self.sidecar_root.join(CORPUS_FILE_NAME)
    }

    /// In the data folder, the corpus folder's own `pizhu.ron`, read when we have none yet.
    pub fn fallback_corpus_file_path(&self) -> Option<PathBuf> {
        match self.kind {
            StorageKind::BesideArticles => None,
            StorageKind::DataDir => Some(self.corpus_root.join(CORPUS_FILE_NAME)),
        }
    }
}

/// The platform's per-user data folder for Pizhu (`~/.local/share/pizhu` on Linux), if any.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "pizhu").map(|dirs| dirs.data_dir().to_owned())
}

/// Can files be created in `dir`? Tested by creating (and dropping, which deletes) a temp file,
/// which is the only reliable test (ACLs, read-only mounts, root).
pub fn is_writable_dir(dir: &Path) -> bool {
    tempfile::Builder::new()
        .prefix(".pizhu-probe-")
        .tempfile_in(dir)
        .is_ok()
}

/// The data-folder key of a corpus: 16 hex digits of the blake3 of its canonical path (the path
/// as given when it cannot be canonicalised).
pub fn corpus_key(corpus_root: &Path) -> String {
    let canonical = std::fs::canonicalize(corpus_root).unwrap_or_else(|_| corpus_root.to_owned());
    let hash = blake3::hash(canonical.as_os_str().as_encoded_bytes());
    hash.to_hex()[..16].to_owned()
}

/// Is `relative` a plain path inside the corpus (no root, no `..`), safe to join?
pub fn is_plain_relative(relative: &Path) -> bool {
    relative.file_name().is_some()
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    #[test]
    fn beside_articles_paths() {
        let location = StorageLocation::beside(Path::new("/corpus"));
        assert_eq!(
            location.sidecar_path(Path::new("2023/新闻.txt")),
            PathBuf::from("/corpus/2023/新闻.txt.annotations.ron")
        );
        assert_eq!(
            location.corpus_file_path(),
            PathBuf::from("/corpus/pizhu.ron")
        );
        assert_eq!(location.fallback_sidecar_path(Path::new("a.txt")), None);
    }

    #[test]
    fn data_dir_mirrors_relative_paths() {
        let location = StorageLocation::resolve_with(
            Path::new("/read-only/corpus"),
            Path::new("/data"),
            |_| false,
        );
        assert_eq!(location.kind(), &StorageKind::DataDir);
        let key = corpus_key(Path::new("/read-only/corpus"));
        assert_eq!(key.len(), 16);
        assert_eq!(
            location.sidecar_path(Path::new("2023/001.txt")),
            PathBuf::from(format!("/data/corpora/{key}/2023/001.txt.annotations.ron"))
        );
        assert_eq!(
            location.fallback_sidecar_path(Path::new("2023/001.txt")),
            Some(PathBuf::from(
                "/read-only/corpus/2023/001.txt.annotations.ron"
            ))
        );
        assert_ne!(key, corpus_key(Path::new("/read-only/other")));
    }

    #[test]
    fn annotations_moved_to_the_data_dir_stay_there() {
        let corpus = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let resolve = || StorageLocation::resolve_with(corpus.path(), data.path(), |_| true);
        assert_eq!(resolve().kind(), &StorageKind::BesideArticles);
        let moved = StorageLocation::in_data_dir(corpus.path(), data.path());
        std::fs::create_dir_all(moved.sidecar_root()).unwrap();
        std::fs::write(moved.corpus_file_path(), "(version: 1, tags: [])").unwrap();
        assert_eq!(
            resolve(),
            moved,
            "writable, but its annotations live in the data dir"
        );
    }

    #[test]
    fn a_temp_dir_is_writable_and_a_missing_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        assert!(is_writable_dir(dir.path()));
        assert!(!is_writable_dir(&dir.path().join("missing")));
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "probe cleaned up"
        );
    }

    #[test]
    fn relative_paths_cannot_escape() {
        assert!(is_plain_relative(Path::new("a/b.txt")));
        assert!(is_plain_relative(Path::new("./文章.txt")));
        assert!(!is_plain_relative(Path::new("../b.txt")));
        assert!(!is_plain_relative(Path::new("/etc/passwd")));
        assert!(!is_plain_relative(Path::new("")));
    }
}
