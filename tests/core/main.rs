//! Integration tests of the core library and of the `pizhu` binary, compiled as one test binary
//! (one link of the crate instead of one per file). Each module is one area:
//!
//! - `annotate`: the annotation store against real temp folders (sidecars, conflicts,
//!   re-anchoring, undo);
//! - `corpus`: decoding and the folder scan;
//! - `opencc`: conversion against OpenCC 1.4.2 fixtures;
//! - `cli`, `cli_annotate`: the `pizhu` binary from the outside;
//! - `dict`: CC-CEDICT lookups, pinyin, word boundaries, ruby, `pizhu dict`;
//! - `export`: every export format in every view, imports and round trips (snapshots in
//!   `core/snapshots/`), `pizhu export` / `pizhu import`;
//! - `search`: folding, the index and its cache, `pizhu search`;
//! - `reliability`: parallel `pizhu tag` writers killed at random, failing disks (long runs
//!   are `--ignored`; see docs/RELIABILITY.md);
//! - `fuzz`: mutated annotation files never panic the loaders.
//!
//! `cargo test --test core corpus::` runs one area. Helpers shared with the window tests
//! (`tests/ui/`) are in `tests/util/`.

#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

#[path = "../util/mod.rs"]
mod util;

mod annotate;
mod cli;
mod cli_annotate;
mod corpus;
mod dict;
mod export;
mod fuzz;
mod opencc;
mod reliability;
mod search;
