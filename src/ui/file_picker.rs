//! The system file dialog (`rfd`) for the export and import dialogs, always on a worker thread:
//! rfd blocks until the user closes it (and its portal backend may take seconds to answer), so it
//! never runs on the UI thread. Every dialog that uses it also has a typed path field, which
//! works when no system dialog is available (rfd then returns nothing).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::i18n::{DialogText, tr};

/// What to ask the user for.
#[derive(Clone, Debug)]
pub enum Pick {
    /// A file to write (the export's destination).
    SaveFile {
        /// Where the dialog starts.
        directory: Option<PathBuf>,
        /// The suggested name.
        file_name: String,
    },
    /// A folder (brat exports and imports).
    Folder {
        /// Where the dialog starts.
        directory: Option<PathBuf>,
    },
    /// Files to read (imports).
    Files {
        /// Where the dialog starts.
        directory: Option<PathBuf>,
        /// File name extensions offered first (others stay choosable).
        extensions: &'static [&'static str],
    },
}

/// A system dialog open on its worker thread.
pub struct Picker {
    receiver: Receiver<Vec<PathBuf>>,
}

/// What polling a [`Picker`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Picked {
    /// Still open.
    Waiting,
    /// The user chose these paths.
    Chosen(Vec<PathBuf>),
    /// Closed without a choice, or no system dialog is available.
    Nothing,
}

impl Picker {
    /// Opens the system dialog titled `title` on a new thread; `ctx` is woken when it closes.
    pub fn start(pick: Pick, title: &str, ctx: &egui::Context) -> std::io::Result<Self> {
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        let title = title.to_owned();
        std::thread::Builder::new()
            .name("pizhu-file-dialog".to_owned())
            .spawn(move || {
                let dialog = rfd::FileDialog::new().set_title(&title);
                let with_directory =
                    |dialog: rfd::FileDialog, directory: Option<PathBuf>| match directory
                        .filter(|d| d.is_dir())
                    {
                        Some(directory) => dialog.set_directory(directory),
                        None => dialog,
                    };
                let picked: Vec<PathBuf> = match pick {
                    Pick::SaveFile {
                        directory,
                        file_name,
                    } => with_directory(dialog, directory)
                        .set_file_name(file_name)
                        .save_file()
                        .into_iter()
                        .collect(),
                    Pick::Folder { directory } => with_directory(dialog, directory)
                        .pick_folder()
                        .into_iter()
                        .collect(),
                    Pick::Files {
                        directory,
                        extensions,
                    } => with_directory(dialog, directory)
                        .add_filter(extensions.join(", "), extensions)
                        .add_filter("*", &["*"])
                        .pick_files()
                        .unwrap_or_default(),
                };
                // The dialog may have been closed meanwhile; nobody is waiting then.
                sender.send(picked).ok();
                ctx.request_repaint();
            })?;
        Ok(Self { receiver })
    }

    /// What the dialog gave, without blocking. Call once per frame while it is open.
    pub fn poll(&self) -> Picked {
        match self.receiver.try_recv() {
            Ok(paths) if paths.is_empty() => Picked::Nothing,
            Ok(paths) => Picked::Chosen(paths),
            Err(TryRecvError::Empty) => Picked::Waiting,
            Err(TryRecvError::Disconnected) => Picked::Nothing,
        }
    }
}

/// A typed path made absolute: `~/` is the home folder, a relative path is relative to `base`.
/// `typed` is trimmed and not empty.
pub fn typed_path(typed: &str, base: &Path) -> Result<PathBuf, String> {
    let path = match typed.strip_prefix("~/") {
        Some(rest) => directories::BaseDirs::new()
            .map(|dirs| dirs.home_dir().join(rest))
            .ok_or_else(|| tr(DialogText::NoHome).to_owned())?,
        None => PathBuf::from(typed),
    };
    Ok(if path.is_relative() {
        base.join(path)
    } else {
        path
    })
}

/// The folder that holds `corpus_root` (made absolute without touching the disk beyond the
/// current directory): where exports are suggested and typed relative paths start.
pub fn beside(corpus_root: &Path) -> PathBuf {
    let absolute = std::path::absolute(corpus_root).unwrap_or_else(|_| corpus_root.to_owned());
    absolute.parent().map_or(absolute.clone(), Path::to_owned)
}

/// What a dialog says when the system dialog gave nothing back.
pub fn nothing_picked() -> String {
    tr(DialogText::NothingPicked).to_owned()
}
