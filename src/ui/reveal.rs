//! "打开文件夹 Open folder": shows a folder in the system file manager (`xdg-open` on Linux,
//! `open` on macOS, `explorer` on Windows). The opener runs as a child process waited for on a
//! worker thread, so the window never blocks on it; a failure (no opener installed, or the opener
//! reports an error) comes back as data, worded as one sentence on the UI thread (`i18n/dialog.rs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::i18n::{DialogText as D, tr, trf};

/// The program that opens a folder in the file manager on this system, and whether its exit
/// status means anything (`explorer` returns 1 even when it opened the folder).
fn opener() -> (&'static str, bool) {
    if cfg!(target_os = "macos") {
        ("open", true)
    } else if cfg!(windows) {
        ("explorer", false)
    } else {
        ("xdg-open", true)
    }
}

/// Why the opener did not open the folder (worded by [`Reveal::poll`] on the UI thread, since
/// the worker has no language).
enum Failure {
    /// The opener program could not be run.
    DidNotRun {
        program: &'static str,
        error: String,
    },
    /// It ran and reported a failure.
    Failed {
        program: &'static str,
        status: String,
    },
    /// The worker thread could not be started.
    CannotStart(String),
}

/// An opener started by [`reveal`].
pub struct Reveal {
    folder: PathBuf,
    receiver: Receiver<Result<(), Failure>>,
}

impl Reveal {
    /// `None` while the opener runs; then whether it worked (why not, as a sentence in the
    /// window's language). Call on the UI thread.
    pub fn poll(&self) -> Option<Result<(), String>> {
        let folder = self.folder.display();
        let failure = match self.receiver.try_recv() {
            Ok(Ok(())) => return Some(Ok(())),
            Ok(Err(failure)) => failure,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => return Some(Err(tr(D::RevealNoStart).to_owned())),
        };
        Some(Err(match failure {
            Failure::DidNotRun { program, error } => trf(
                D::RevealDidNotRun,
                &[
                    ("folder", &folder),
                    ("program", &program),
                    ("error", &error),
                ],
            ),
            Failure::Failed { program, status } => trf(
                D::RevealFailed,
                &[
                    ("folder", &folder),
                    ("program", &program),
                    ("error", &status),
                ],
            ),
            Failure::CannotStart(error) => trf(
                D::RevealCannotStart,
                &[("folder", &folder), ("error", &error)],
            ),
        }))
    }
}

/// Opens `folder` in the system file manager; `notify` is called when the opener has finished.
pub fn reveal(folder: &Path, notify: impl FnOnce() + Send + 'static) -> Reveal {
    let (program, check_status) = opener();
    reveal_with(program, check_status, folder.to_owned(), notify)
}

/// [`reveal`] with a given opener program.
fn reveal_with(
    program: &'static str,
    check_status: bool,
    folder: PathBuf,
    notify: impl FnOnce() + Send + 'static,
) -> Reveal {
    let (sender, receiver) = channel();
    let spawned = std::thread::Builder::new()
        .name("pizhu-reveal".to_owned())
        .spawn({
            let sender = sender.clone();
            let folder = folder.clone();
            move || {
                let status = Command::new(program)
                    .arg(&folder)
                    .stdin(Stdio::null())
                    // A file manager started by the opener may keep its output open: never pipe.
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status();
                let result = match status {
                    Err(error) => Err(Failure::DidNotRun {
                        program,
                        error: error.to_string(),
                    }),
                    Ok(status) if check_status && !status.success() => Err(Failure::Failed {
                        program,
                        status: status.to_string(),
                    }),
                    Ok(_) => Ok(()),
                };
                sender.send(result).ok();
                notify();
            }
        });
    if let Err(error) = spawned {
        sender
            .send(Err(Failure::CannotStart(error.to_string())))
            .ok();
    }
    Reveal { folder, receiver }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn wait(reveal: &Reveal) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(result) = reveal.poll() {
                return result;
            }
            assert!(Instant::now() < deadline, "the opener did not finish");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    #[test]
    fn a_missing_opener_is_reported_in_a_sentence() {
        crate::ui::i18n::set_current(crate::ui::i18n::Language::English);
        let reveal = reveal_with(
            "pizhu-no-such-file-manager",
            true,
            PathBuf::from("/tmp/导出"),
            || {},
        );
        let error = wait(&reveal).expect_err("no such program");
        assert!(
            error.starts_with("Cannot open /tmp/导出 in the file manager: "),
            "{error}"
        );
        assert!(
            error.contains("pizhu-no-such-file-manager did not run"),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_failing_opener_is_reported_and_a_working_one_is_not() {
        crate::ui::i18n::set_current(crate::ui::i18n::Language::English);
        let failed = wait(&reveal_with("false", true, PathBuf::from("/tmp"), || {}));
        assert!(failed.expect_err("false fails").contains("false failed"));
        assert_eq!(
            wait(&reveal_with("true", true, PathBuf::from("/tmp"), || {})),
            Ok(())
        );
        // Where the status means nothing, a failing opener is not reported.
        assert_eq!(
            wait(&reveal_with("false", false, PathBuf::from("/tmp"), || {})),
            Ok(())
        );
    }
}
