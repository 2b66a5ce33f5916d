//! The command-line commands of the `pizhu` binary, egui-free. `main.rs` parses arguments and
//! calls these; they use the library like any other client and report errors with `anyhow`.
//!
//! Each command writes its normal output to the writer it is given and returns an error for the
//! caller to print as one sentence; nothing here exits the process.

pub mod annotate;
pub mod convert;
pub mod dict;
pub mod export;
pub mod import;
pub mod scan;
pub mod scripts;
pub mod search;
pub mod show;

/// Whether an I/O error is the reader of our stdout going away (`pizhu scan | head`).
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}
