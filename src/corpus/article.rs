//! One article loaded from disk: its Original text and metadata.

use std::path::{Path, PathBuf};

use super::decode::{DecodeError, Decoded, decode};

/// An article's decoded text.
#[derive(Clone, Debug)]
pub struct Article {
    /// Where it was read from.
    pub path: PathBuf,
    /// The decoded Original and its encoding.
    pub decoded: Decoded,
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
}

impl Article {
    /// Reads and decodes the file at `path`.
    pub fn load(path: &Path) -> Result<Self, ArticleError> {
        let bytes = std::fs::read(path).map_err(|source| ArticleError::Read {
            path: path.to_owned(),
            source,
        })?;
        let decoded = decode(&bytes).map_err(|source| ArticleError::Decode {
            path: path.to_owned(),
            source,
        })?;
        Ok(Self {
            path: path.to_owned(),
            decoded,
        })
    }

    /// The Original text.
    pub fn original(&self) -> &str {
        &self.decoded.text
    }
}
