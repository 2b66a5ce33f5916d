//! One article loaded from disk: its Original text and metadata.
//!
//! Also the one place that reads article files, for the scan and for [`Article::load`] alike, so
//! both apply the same rules: regular files only, a size limit, the same decoding. Offsets into
//! [`Article::original`] are chars.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::decode::{DecodeError, Decoded, decode_vec};
use super::scan::DEFAULT_MAX_FILE_BYTES;

/// An article's decoded text.
#[derive(Clone, Debug)]
pub struct Article {
    /// Where it was read from.
    pub path: PathBuf,
    /// The decoded Original and its encoding.
    pub decoded: Decoded,
    /// How many bytes were read (the file's size when it was read).
    pub bytes: u64,
}

/// Why an article could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    /// Reading the file failed.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The bytes are not text.
    #[error("cannot decode {}: {source}", path.display())]
    Decode {
        /// The file.
        path: PathBuf,
        /// Why.
        source: DecodeError,
    },
    /// A FIFO, socket, device or folder: reading it could block or make no sense.
    #[error("{} is not a regular file", path.display())]
    NotRegularFile {
        /// The path.
        path: PathBuf,
    },
    /// Over the size limit.
    #[error("{} is too large: {bytes} bytes (limit {limit})", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
}

impl Article {
    /// Reads and decodes the file at `path`, refusing files over the default scan limit
    /// ([`DEFAULT_MAX_FILE_BYTES`]).
    pub fn load(path: &Path) -> Result<Self, ArticleError> {
        Self::load_with_limit(path, DEFAULT_MAX_FILE_BYTES)
    }

    /// Reads and decodes the file at `path`, refusing files over `max_file_bytes`.
    pub fn load_with_limit(path: &Path, max_file_bytes: u64) -> Result<Self, ArticleError> {
        let read_error = |source| ArticleError::Read {
            path: path.to_owned(),
            source,
        };
        // Checked before opening: opening a FIFO for reading blocks until a writer comes.
        if !std::fs::metadata(path).map_err(read_error)?.is_file() {
            return Err(ArticleError::NotRegularFile {
                path: path.to_owned(),
            });
        }
        let bytes = read_file(path, max_file_bytes).map_err(|err| match err {
            ReadError::Io(source) => read_error(source),
            ReadError::NotRegularFile => ArticleError::NotRegularFile {
                path: path.to_owned(),
            },
            ReadError::TooLarge { bytes } => ArticleError::TooLarge {
                path: path.to_owned(),
                bytes,
                limit: max_file_bytes,
            },
        })?;
        let bytes_read = bytes.len() as u64;
        let decoded = decode_vec(bytes).map_err(|source| ArticleError::Decode {
            path: path.to_owned(),
            source,
        })?;
        Ok(Self {
            path: path.to_owned(),
            decoded,
            bytes: bytes_read,
        })
    }

    /// The Original text.
    pub fn original(&self) -> &str {
        &self.decoded.text
    }
}

/// Why a file could not be read (before decoding).
#[derive(Debug)]
pub(crate) enum ReadError {
    /// Opening or reading failed.
    Io(std::io::Error),
    /// Not a regular file once opened.
    NotRegularFile,
    /// Over the limit; `bytes` is the size seen (at least limit + 1 if it grew while read).
    TooLarge { bytes: u64 },
}

/// Reads a whole regular file of at most `limit` bytes.
///
/// The caller must know `path` is not a FIFO (opening one blocks).
pub(crate) fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_regular(path)?;
    read_rest(file, len, limit, Vec::new())
}

/// Opens a regular file and tells its size.
pub(crate) fn open_regular(path: &Path) -> Result<(File, u64), ReadError> {
    let file = File::open(path).map_err(ReadError::Io)?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegularFile);
    }
    Ok((file, metadata.len()))
}

/// Reads up to `max` bytes from the start of `file`.
pub(crate) fn read_prefix(file: &mut File, max: usize) -> Result<Vec<u8>, ReadError> {
    let mut prefix = Vec::with_capacity(max);
    file.take(max as u64)
        .read_to_end(&mut prefix)
        .map_err(ReadError::Io)?;
    Ok(prefix)
}

/// Reads the rest of `file` (whose size was `len` when opened) after `prefix`.
pub(crate) fn read_rest(
    file: File,
    len: u64,
    limit: u64,
    mut bytes: Vec<u8>,
) -> Result<Vec<u8>, ReadError> {
    if len > limit {
        return Err(ReadError::TooLarge { bytes: len });
    }
    // One byte more than the size so the final read that returns 0 needs no reallocation.
    let wanted = usize::try_from(len).unwrap_or(usize::MAX).saturating_add(1);
    bytes.reserve(wanted.saturating_sub(bytes.len()));
    // `take` bounds the read even if the file grows while we read it.
    let already = bytes.len() as u64;
    file.take((limit + 1).saturating_sub(already))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;
    use crate::corpus::TextEncoding;

    #[test]
    fn load_decodes_and_keeps_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("文章.txt");
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice("标题\r\n正文".as_bytes());
        std::fs::write(&path, bytes).unwrap();
        let article = Article::load(&path).unwrap();
        assert_eq!(article.original(), "标题\r\n正文");
        assert_eq!(article.decoded.encoding, TextEncoding::Utf8Bom);
        assert_eq!(article.path, path);
        assert_eq!(article.bytes, 3 + "标题\r\n正文".len() as u64);
    }

    #[test]
    fn load_refuses_large_files_folders_and_binaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("大.txt");
        std::fs::write(&path, "一二三四五".as_bytes()).unwrap();
        match Article::load_with_limit(&path, 14) {
            Err(ArticleError::TooLarge { bytes, limit, .. }) => {
                assert_eq!((bytes, limit), (15, 14))
            }
            other => panic!("expected TooLarge, got {other:?}"),
        }
        assert!(Article::load_with_limit(&path, 15).is_ok());
        assert!(matches!(
            Article::load(dir.path()),
            Err(ArticleError::NotRegularFile { .. })
        ));
        let binary = dir.path().join("x.txt");
        std::fs::write(&binary, b"\0\x01\x02\x03").unwrap();
        assert!(matches!(
            Article::load(&binary),
            Err(ArticleError::Decode {
                source: DecodeError::Binary,
                ..
            })
        ));
        assert!(matches!(
            Article::load(&dir.path().join("不存在.txt")),
            Err(ArticleError::Read { .. })
        ));
    }

    #[test]
    fn read_rest_continues_after_a_prefix() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "前缀与其余部分".as_bytes()).unwrap();
        let (mut file, len) = open_regular(&path).unwrap();
        let prefix = read_prefix(&mut file, 6).unwrap();
        assert_eq!(prefix, "前缀".as_bytes());
        let all = read_rest(file, len, 1024, prefix).unwrap();
        assert_eq!(all, "前缀与其余部分".as_bytes());
    }
}
