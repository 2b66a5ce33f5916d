//! Reads one candidate file of the walk with the scan's rules, for a consumer that keeps the
//! text (the export reads and decodes each file once, on its own workers, where the scan keeps
//! only metadata).
//!
//! The rules are those of the scan's own reading (`scan.rs`): regular files only, the size
//! limit, an extension-less file is an article only if its start looks like text, and the same
//! decoding; a file that is not an article gets the [`SkipReason`] the scan would give it, so
//! both report the same files the same way. No offsets here: bytes in, decoded Original out.

use super::article::{ReadError, open_regular, read_prefix, read_rest};
use super::decode::{DecodeError, Decoded, SNIFF_BYTES, decode_vec, sniff_binary};
use super::scan::SkipReason;
use std::path::Path;

/// What reading a candidate gave.
#[derive(Debug)]
pub(crate) enum CandidateText {
    /// An article: its decoded Original.
    Article(Decoded),
    /// Not listed, for this reason.
    Skipped(SkipReason),
    /// An extension-less file that is not text: not listed and not reported.
    Ignored,
}

/// Reads and decodes the candidate at `path`, refusing files over `limit` bytes; `sniff` for a
/// file without extension (see the module docs).
pub(crate) fn read_candidate_text(path: &Path, sniff: bool, limit: u64) -> CandidateText {
    let read_failed = |err| match err {
        ReadError::Io(err) => CandidateText::Skipped(SkipReason::unreadable(err)),
        ReadError::NotRegularFile if sniff => CandidateText::Ignored,
        ReadError::NotRegularFile => CandidateText::Skipped(SkipReason::NotRegularFile),
        ReadError::TooLarge { bytes } => {
            CandidateText::Skipped(SkipReason::TooLarge { bytes, limit })
        }
    };
    let (mut file, len) = match open_regular(path) {
        Ok(opened) => opened,
        Err(err) => return read_failed(err),
    };
    let prefix = if sniff {
        match read_prefix(&mut file, SNIFF_BYTES) {
            Ok(prefix) if sniff_binary(&prefix) => return CandidateText::Ignored,
            Ok(prefix) => prefix,
            Err(err) => return read_failed(err),
        }
    } else {
        Vec::new()
    };
    let bytes = match read_rest(file, len, limit, prefix) {
        Ok(bytes) => bytes,
        Err(err) => return read_failed(err),
    };
    match decode_vec(bytes) {
        Ok(decoded) => CandidateText::Article(decoded),
        Err(DecodeError::Binary) if sniff => CandidateText::Ignored,
        Err(DecodeError::Binary) => CandidateText::Skipped(SkipReason::Binary),
        Err(err @ DecodeError::Undecodable { .. }) => {
            CandidateText::Skipped(SkipReason::Undecodable(err))
        }
    }
}
