//! The reader window (eframe/egui). STUB until the UI lands.

use std::path::PathBuf;

/// Opens the reader window on `folder`.
pub fn run(folder: Option<PathBuf>) -> anyhow::Result<()> {
    anyhow::bail!("the reader window is not built yet (folder {folder:?}); use `pizhu scan`")
}
