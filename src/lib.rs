//! Pizhu (批注): read and annotate folders of Chinese articles.
//!
//! The core library has no UI in it: [`corpus`] finds and decodes articles, [`text`] renders the
//! views (原文 Original, 净文 Clean, 简 Simplified, 繁 Traditional) with exact offset maps,
//! [`annotate`] keeps annotations in RON sidecars, [`export`] writes them in the formats of
//! annotation tools (and imports them back), [`search`] finds text across a corpus in any script,
//! and [`dict`] looks words up in CC-CEDICT and gives their pinyin (lookups, word boundaries,
//! ruby). All stored offsets are Unicode code points into the decoded Original text. `ui` is the
//! window, the only module that uses egui; it exists only with the default cargo feature `gui`
//! (`--no-default-features` builds the core and the CLI without egui). The command-line commands
//! live in the `pizhu` binary (`src/cli/`), which uses this library.

/// The program's allocator, for every binary built on this library (the window, the CLI, the
/// tests and benches). glibc's malloc frees a chunk into the arena of the thread that allocated
/// it and merges that arena's small free chunks (`malloc_consolidate`) whenever a large chunk is
/// freed there: after a scan worker dropped its list of 100 000 files, the window's thread,
/// freeing one message buffer from that arena, spent 20–35 ms merging 200 000 chunks in one
/// frame. mimalloc keeps frees per thread page and has no such pass.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod annotate;
pub mod corpus;
pub mod dict;
pub mod export;
pub mod format;
pub mod jobs;
pub mod search;
pub mod text;
#[cfg(feature = "gui")]
pub mod ui;
