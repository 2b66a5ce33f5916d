//! The reader window (eframe/egui): a thin layer over the core, and the only module using egui.
//!
//! [`PizhuApp`] (`app/`) holds the state. Each frame its `logic` takes the background jobs' news
//! and its `ui` draws the panels (the other files here, with the models they draw). Panels never
//! write: they push [`command::Command`]s, as do the keys of [`shortcuts::SHORTCUTS`], and the app
//! runs them after drawing; that is the only place the annotation store is edited. Nothing here
//! touches files on the UI thread: scans, loads, saves and searches run on worker threads
//! (`crate::jobs`). Errors travel typed (`error.rs`) until the status bar shows them.

mod about;
mod annotation_counts;
mod annotation_panel;
pub mod annotations;
mod app;
mod article_list;
pub mod command;
pub mod conversion;
pub mod corpus_search;
mod dialog;
pub mod dict_card;
pub mod dictionary;
pub mod document;
mod error;
pub mod export_dialog;
mod file_picker;
pub mod find_bar;
mod help;
pub mod i18n;
pub mod import_dialog;
mod in_view;
pub mod library;
mod open_dialog;
pub mod phrases_window;
pub mod reader;
pub mod reading_positions;
pub mod responsive;
mod reveal;
pub mod script_menu;
pub mod settings;
pub mod shortcuts;
mod side_panel;
mod status_bar;
mod tag_all;
pub mod tag_colours;
mod tag_editor;
pub mod theme;
mod toolbar;

pub use app::{PizhuApp, bundled_seeds, run};
pub use error::RunError;
