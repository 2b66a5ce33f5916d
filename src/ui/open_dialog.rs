//! The open-folder dialog: a typed path (always works), the native picker on a worker thread
//! (never on the UI thread), and the recent folders.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::command::Command;
use super::i18n::{DialogText as D, tr, trf};

/// Dialog state.
#[derive(Default)]
pub struct OpenDialog {
    /// The dialog is shown.
    pub open: bool,
    /// The typed path.
    pub path: String,
    /// Why the typed path cannot be opened.
    error: Option<String>,
    /// The native picker, while it is open.
    picker: Option<Receiver<Option<PathBuf>>>,
    /// The native picker gave nothing back (cancelled, or none is available).
    picker_unavailable: bool,
}

impl OpenDialog {
    /// Shows the dialog with the current folder filled in.
    pub fn show(&mut self, current: Option<&std::path::Path>) {
        self.open = true;
        self.error = None;
        if self.path.is_empty()
            && let Some(current) = current
        {
            self.path = current.display().to_string();
        }
    }

    /// Starts the native folder picker on a worker thread.
    fn browse(&mut self, ctx: &egui::Context) {
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        // Worded here: the worker thread has no language.
        let title = tr(D::OpenTitle);
        let spawned = std::thread::Builder::new()
            .name("pizhu-pick-folder".to_owned())
            .spawn(move || {
                let picked = rfd::FileDialog::new().set_title(title).pick_folder();
                sender.send(picked).ok();
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.picker = Some(receiver),
            Err(error) => self.error = Some(trf(D::CannotStartPicker, &[("error", &error)])),
        }
    }

    /// Draws the dialog and polls the picker.
    pub fn ui(&mut self, ctx: &egui::Context, recent: &[PathBuf], commands: &mut Vec<Command>) {
        if let Some(picker) = &self.picker {
            match picker.try_recv() {
                Ok(Some(folder)) => {
                    self.picker = None;
                    self.open = false;
                    commands.push(Command::OpenFolder(folder));
                }
                Ok(None) | Err(TryRecvError::Disconnected) => {
                    self.picker = None;
                    self.picker_unavailable = true;
                }
                Err(TryRecvError::Empty) => {}
            }
        }
        if !self.open {
            return;
        }
        let mut open = self.open;
        egui::Window::new(tr(D::OpenTitle))
            .id(egui::Id::unique("pizhu-open-dialog"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.label(tr(D::FolderPath));
                let field = ui.add(
                    egui::TextEdit::singleline(&mut self.path)
                        .hint_text("/path/to/corpus")
                        .desired_width(420.0),
                );
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    if ui.button(tr(D::Open)).clicked() || entered {
                        self.submit(commands);
                    }
                    let browsing = self.picker.is_some();
                    if ui
                        .add_enabled(!browsing, egui::Button::new(tr(D::Browse)))
                        .clicked()
                    {
                        self.picker_unavailable = false;
                        self.browse(ui.ctx());
                    }
                    if browsing {
                        ui.spinner();
                    }
                });
                if self.picker_unavailable {
                    ui.label(egui::RichText::new(tr(D::NoFolderPicked)).small());
                }
                if let Some(error) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                }
                if !recent.is_empty() {
                    ui.separator();
                    ui.label(tr(D::Recent));
                    for folder in recent {
                        if ui.link(folder.display().to_string()).clicked() {
                            self.open = false;
                            commands.push(Command::OpenFolder(folder.clone()));
                        }
                    }
                }
            });
        self.open &= open;
    }

    fn submit(&mut self, commands: &mut Vec<Command>) {
        let path = PathBuf::from(self.path.trim());
        if self.path.trim().is_empty() {
            self.error = Some(tr(D::TypeFolderFirst).to_owned());
        } else if !path.is_dir() {
            self.error = Some(trf(D::NotAFolder, &[("path", &path.display())]));
        } else {
            self.error = None;
            self.open = false;
            commands.push(Command::OpenFolder(path));
        }
    }
}
