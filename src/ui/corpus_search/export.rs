//! "导出 Export hits as CSV": the hits listed in the concordance, in their order, written by a
//! worker: `file,title,date,view,start,end,quote,left,right`. `start`/`end` are the hit's
//! Original chars (the range an annotation of it would have, as `pizhu search` prints);
//! `quote`, `left` and `right` are the text of the view being read. Quoting by the `csv` crate,
//! cells a spreadsheet would run as formulas neutralised as the annotation export does
//! (`export::csv::neutralise`), a UTF-8 byte order mark for Excel, CRLF rows. The file appears
//! only once complete (temporary file in the same folder, fsync, rename).
//!
//! The dialog takes a typed path (always works) or the system's save dialog, run on its own
//! thread, never on the UI thread.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::corpus::Corpus;
use crate::export::csv::neutralise;
use crate::jobs::{Job, Reporter};
use crate::search::{Hit, SearchIndex, SnippetMaker};
use crate::text::ViewKind;
use crate::ui::command::{Command, SearchCommand};
use crate::ui::i18n::{DialogText, SearchText as S, tr, trf};

use super::concordance::CONTEXT_CHARS;

/// The header row.
pub const HEADER: [&str; 9] = [
    "file", "title", "date", "view", "start", "end", "quote", "left", "right",
];

/// What an export did.
#[derive(Debug)]
pub struct Exported {
    /// The file written.
    pub path: PathBuf,
    /// Rows written.
    pub rows: usize,
    /// Hits whose text could not be shown (their article changed or vanished since the
    /// search), written with empty text cells.
    pub unreadable: usize,
}

/// Why an export wrote nothing.
#[derive(Debug, thiserror::Error)]
#[error("cannot export the hits to {}: {error}", path.display())]
pub struct ExportError {
    /// The file asked for.
    pub path: PathBuf,
    /// What failed.
    pub error: std::io::Error,
}

/// The export dialog and its worker.
#[derive(Default)]
pub struct ExportHits {
    open: bool,
    /// The typed path.
    path: String,
    /// Why the typed path cannot be used.
    error: Option<String>,
    picker: Option<Receiver<Option<PathBuf>>>,
    job: Option<Job<Result<Exported, ExportError>>>,
}

/// One hit to export, with the metadata of its article.
struct Row {
    hit: Hit,
    file: String,
    title: String,
    date: String,
}

impl ExportHits {
    /// Shows the dialog with a file name made from the folder and the query.
    pub fn show(&mut self, root: &Path, query: &str) {
        self.open = true;
        self.error = None;
        if self.path.is_empty() {
            let folder = root.file_name().map_or_else(
                || "corpus".to_owned(),
                |name| name.to_string_lossy().into_owned(),
            );
            let query: String = query
                .chars()
                .filter(|c| c.is_alphanumeric())
                .take(20)
                .collect();
            let name = format!("{folder}-{query}-hits.csv");
            let dir = root.parent().unwrap_or(root);
            self.path = dir.join(name).display().to_string();
        }
    }

    /// True while the file is written.
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    /// Writes the hits `hits` (in the order given) to `path` on a worker.
    pub fn start(
        &mut self,
        path: PathBuf,
        index: Arc<SearchIndex>,
        corpus: &Corpus,
        hits: Vec<Hit>,
        view: ViewKind,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<()> {
        let rows: Vec<Row> = hits
            .into_iter()
            .map(|hit| {
                let meta = corpus.get(hit.article);
                Row {
                    file: meta.map(|m| m.relative.clone()).unwrap_or_default(),
                    title: meta.map(|m| m.title.clone()).unwrap_or_default(),
                    date: meta.and_then(|m| m.date.clone()).unwrap_or_default(),
                    hit,
                }
            })
            .collect();
        let job = Job::spawn("pizhu-export-hits", notify, move |reporter| {
            reporter.send(write_csv(&path, &index, rows, view, reporter));
        })?;
        self.job = Some(job);
        self.open = false;
        Ok(())
    }

    /// Takes a finished export. Call once per frame.
    pub fn poll(&mut self) -> Option<Result<Exported, ExportError>> {
        let job = self.job.as_mut()?;
        let done = job.drain().pop();
        if done.is_some() || job.is_finished() {
            self.job = None;
        }
        done
    }

    /// Draws the dialog; "Export" sends [`SearchCommand::ExportHits`].
    pub fn ui(&mut self, ctx: &egui::Context, hits: usize, commands: &mut Vec<Command>) {
        if let Some(picker) = &self.picker {
            match picker.try_recv() {
                Ok(Some(path)) => {
                    self.picker = None;
                    self.path = path.display().to_string();
                }
                Ok(None) | Err(TryRecvError::Disconnected) => self.picker = None,
                Err(TryRecvError::Empty) => {}
            }
        }
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new(tr(S::ExportHitsTitle))
            .id(egui::Id::unique("pizhu-export-hits"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.label(trf(S::ExportHitsIntro, &[("hits", &hits)]));
                ui.label(tr(S::File));
                let field = ui.add(
                    egui::TextEdit::singleline(&mut self.path)
                        .hint_text("/path/to/hits.csv")
                        .desired_width(440.0),
                );
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    if ui.button(tr(S::Export)).clicked() || entered {
                        self.submit(commands);
                    }
                    let browsing = self.picker.is_some();
                    if ui
                        .add_enabled(!browsing, egui::Button::new(tr(DialogText::Browse)))
                        .clicked()
                    {
                        self.browse(ui.ctx());
                    }
                    if browsing {
                        ui.spinner();
                    }
                });
                if let Some(error) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                }
            });
        self.open &= open;
    }

    fn submit(&mut self, commands: &mut Vec<Command>) {
        let typed = self.path.trim();
        if typed.is_empty() {
            self.error = Some(tr(S::TypeFileFirst).to_owned());
            return;
        }
        self.error = None;
        commands.push(Command::Search(SearchCommand::ExportHits(PathBuf::from(
            typed,
        ))));
    }

    /// The system's save dialog, on its own thread.
    fn browse(&mut self, ctx: &egui::Context) {
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        let typed = PathBuf::from(self.path.trim());
        // Worded here: the worker thread has no language.
        let title = tr(S::ExportHitsTitle);
        let spawned = std::thread::Builder::new()
            .name("pizhu-pick-file".to_owned())
            .spawn(move || {
                let mut dialog = rfd::FileDialog::new()
                    .set_title(title)
                    .add_filter("CSV", &["csv"]);
                if let Some(name) = typed.file_name() {
                    dialog = dialog.set_file_name(name.to_string_lossy());
                }
                if let Some(dir) = typed.parent().filter(|d| d.is_dir()) {
                    dialog = dialog.set_directory(dir);
                }
                sender.send(dialog.save_file()).ok();
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.picker = Some(receiver),
            Err(error) => self.error = Some(trf(S::CannotStartFileDialog, &[("error", &error)])),
        }
    }
}

/// Writes `rows` as CSV to `path`, atomically.
fn write_csv(
    path: &Path,
    index: &SearchIndex,
    rows: Vec<Row>,
    view: ViewKind,
    reporter: &Reporter<Result<Exported, ExportError>>,
) -> Result<Exported, ExportError> {
    let fail = |error: std::io::Error| ExportError {
        path: path.to_owned(),
        error,
    };
    // Render in article order (each article once), write in the listed order.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| (rows[i].hit.article, rows[i].hit.clean.start));
    let mut texts: Vec<Option<[String; 3]>> = vec![None; rows.len()];
    let mut maker = SnippetMaker::new(index, view, CONTEXT_CHARS);
    for i in order {
        if reporter.is_cancelled() {
            return Err(fail(std::io::Error::other("cancelled")));
        }
        texts[i] = maker
            .snippet(&rows[i].hit)
            .ok()
            .map(|s| [s.hit, s.left, s.right]);
    }
    drop(maker);

    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".pizhu-hits-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    let unreadable = texts.iter().filter(|t| t.is_none()).count();
    {
        let mut out = std::io::BufWriter::new(file.as_file_mut());
        out.write_all("\u{FEFF}".as_bytes()).map_err(fail)?;
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        csv.write_record(HEADER).map_err(|e| fail(e.into()))?;
        for (row, text) in rows.iter().zip(&texts) {
            let empty = [String::new(), String::new(), String::new()];
            let [quote, left, right] = text.as_ref().unwrap_or(&empty);
            let start = row.hit.original.start.to_string();
            let end = row.hit.original.end.to_string();
            let record = [
                neutralise(&row.file),
                neutralise(&row.title),
                neutralise(&row.date),
                view.name().into(),
                start.as_str().into(),
                end.as_str().into(),
                neutralise(quote),
                neutralise(left),
                neutralise(right),
            ];
            csv.write_record(record.iter().map(|cell| cell.as_bytes()))
                .map_err(|e| fail(e.into()))?;
        }
        csv.flush().map_err(fail)?;
        drop(csv);
        out.flush().map_err(fail)?;
    }
    file.as_file().sync_all().map_err(fail)?;
    file.persist(path).map_err(|e| fail(e.error))?;
    Ok(Exported {
        path: path.to_owned(),
        rows: rows.len(),
        unreadable,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;
    use crate::corpus::ScanOptions;
    use crate::search::{Query, QueryOptions, SearchOptions, open_indexed, search};
    use std::sync::atomic::AtomicBool;

    #[test]
    fn writes_the_listed_hits_with_formulas_neutralised() {
        let dir = tempfile::tempdir().unwrap();
        let corpus_dir = dir.path().join("corpus");
        std::fs::create_dir(&corpus_dir).unwrap();
        std::fs::write(
            corpus_dir.join("a.txt"),
            "=HYPERLINK(1) 標題\n\n經(jīng)濟發展，𠮷\n-经济",
        )
        .unwrap();
        let cancel = AtomicBool::new(false);
        let cache = dir.path().join("cache");
        let opened =
            open_indexed(&corpus_dir, &cache, ScanOptions::default(), &cancel, |_| {}).unwrap();
        let query = Query::new("经济", QueryOptions::default()).unwrap();
        let mut hits = Vec::new();
        search(
            &opened.index,
            &query,
            &SearchOptions::default(),
            &cancel,
            |batch| {
                hits.extend(batch.hits);
            },
        );
        assert_eq!(hits.len(), 2);
        // Listed second hit first.
        hits.reverse();
        let rows: Vec<Row> = hits
            .into_iter()
            .map(|hit| Row {
                hit,
                file: "a.txt".to_owned(),
                title: "=HYPERLINK(1) 標題".to_owned(),
                date: String::new(),
            })
            .collect();
        let out = dir.path().join("hits.csv");
        let job = Job::spawn(
            "test",
            || {},
            move |reporter| {
                reporter.send(write_csv(
                    &out,
                    &opened.index,
                    rows,
                    ViewKind::Simplified,
                    reporter,
                ));
            },
        )
        .unwrap();
        let exported = job.wait().pop().unwrap().unwrap();
        assert_eq!((exported.rows, exported.unreadable), (2, 0));
        let written = std::fs::read(&exported.path).unwrap();
        assert!(written.starts_with("\u{FEFF}file,title,".as_bytes()));
        assert!(written.ends_with(b"\r\n"), "CRLF rows");
        let mut reader = csv::Reader::from_reader(&written[3..]);
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(header, HEADER);
        let records: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        // In the order listed; Original chars (經(jīng)濟 is 8 of them); text in 简.
        let second = &records[0];
        assert_eq!(
            second[..7],
            [
                "a.txt",
                "'=HYPERLINK(1) 標題",
                "",
                "simplified",
                "32",
                "34",
                "经济"
            ]
        );
        assert_eq!(
            second[7], "'=HYPERLINK(1) 标题\n\n经济发展，𠮷\n-",
            "neutralised"
        );
        assert_eq!(second[8], "");
        let first = &records[1];
        assert_eq!(first[4..8], ["18", "26", "经济", "'=HYPERLINK(1) 标题\n\n"]);
        assert_eq!(first[8], "发展，𠮷\n-经济");
        // Nothing but the file itself was left in the folder.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
    }
}
