//! Pizhu (批注): read and annotate folders of Chinese articles.
//!
//! The core library has no UI in it: [`corpus`] finds and decodes articles, [`text`] renders the
//! views (原文 Original, 净文 Clean, 简 Simplified, 繁 Traditional) with exact offset maps,
//! [`annotate`] keeps annotations in RON sidecars, and [`search`] finds text across a corpus in
//! any script. All stored offsets are Unicode code points into the decoded Original text. [`ui`] is the window, the only module that uses egui. The
//! command-line commands live in the `pizhu` binary (`src/cli/`), which uses this library.

pub mod annotate;
pub mod corpus;
pub mod format;
pub mod jobs;
pub mod search;
pub mod text;
pub mod ui;
