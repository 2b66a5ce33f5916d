//! A read-only memory map of one index shard file: the only `unsafe` code in Pizhu.
//!
//! Searching reads every folded text of a corpus (about the size of the corpus); mapping the
//! shard files lets the page cache hold them instead of the process heap, loads nothing before
//! the first search, and shares the pages between a window and a `pizhu search` on the same
//! corpus. No offsets here: bytes of a file.

#![allow(unsafe_code)]

use std::fs::File;
use std::io;
use std::path::Path;

/// The whole content of a shard file, read-only.
#[derive(Debug)]
pub struct Mapped {
    map: memmap2::Mmap,
}

impl Mapped {
    /// Maps the file at `path`.
    pub fn open(path: &Path) -> io::Result<Self> {
        let file = File::open(path)?;
        // SAFETY: `Mmap` is sound as long as the file is not modified or truncated while mapped.
        // Shard files are immutable: Pizhu writes a shard once under a temporary name, renames
        // it into place, and only ever deletes it (an unlinked file stays mapped and intact).
        // A change by another program (truncating a file in the cache folder by hand) could
        // still fault, as with every memory-mapped reader; the cache folder is Pizhu's own.
        let map = unsafe { memmap2::Mmap::map(&file)? };
        Ok(Self { map })
    }

    /// The bytes of the file.
    pub fn bytes(&self) -> &[u8] {
        &self.map
    }
}
