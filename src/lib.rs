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
