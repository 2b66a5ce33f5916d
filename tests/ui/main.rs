//! Behaviour tests of the reader window with egui_kittest (no display, no GPU, the app's own
//! fonts), compiled as one test binary; it needs the `gui` feature (`required-features` in
//! Cargo.toml). `reading`: list, views, keys, fonts; `annotating`: selecting, tagging, saving;
//! `comfort`: keyboard reading, reading positions, help, Esc, drawers, labels (issue 12);
//! `reliability`: the window never waits on the disk, failing disks, merges with the command
//! line; `converting`: regional variants, guesses and user phrases; `export`: the Export… and
//! Import… dialogs, and annotations shown as the view shows them; `dict`: the dictionary card,
//! double-click word selection, pinyin ruby, About; `search`: the find bar, the corpus search
//! and its concordance, tagging all hits (issue 13); `language`: the UI language switch and
//! 净文's full-width punctuation setting (issue 12).
//!
//! `cargo test --test ui annotating::` runs one area. Shared helpers are in `tests/util/`.

#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

#[path = "../util/mod.rs"]
mod util;

mod annotating;
mod comfort;
mod converting;
mod dict;
mod export;
mod language;
mod reading;
mod reliability;
mod search;
