//! The reader window (eframe/egui): a thin layer over the core.
//!
//! [`PizhuApp`] (in `app/`) is the application; the other files here are its panels, dialogs and
//! the models they draw. Panels never touch files: scans and article loads run on worker threads
//! (`crate::jobs`).

mod annotation_counts;
mod annotation_panel;
pub mod annotations;
mod app;
mod article_list;
pub mod command;
pub mod document;
mod error;
pub mod library;
mod open_dialog;
pub mod reader;
pub mod settings;
pub mod shortcuts;
mod side_panel;
mod status_bar;
mod tag_all;
mod tag_editor;
pub mod theme;
mod toolbar;

pub use app::{PizhuApp, bundled_seeds, run};
pub use error::RunError;
