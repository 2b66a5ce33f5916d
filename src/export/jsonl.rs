//! doccano JSONL: one article a line.
//!
//! ```json
//! {"id":1,"text":"…","label":[[4,7,"PER"]],"meta":{"file":"001.txt","title":"…","view":"simplified","offsets":"codepoint","notes":[{"start":4,"end":7,"label":"PER","note":"…"}]}}
//! ```
//!
//! `text` is the whole text of the view; `label` spans are `[start, end)` in the export's unit
//! (code points by default, as doccano's Python back end counts; UTF-16 with `--offsets utf16`).
//! doccano keeps unknown keys in `meta`, so the view, the unit and the notes survive a trip
//! through it. Plain highlights are not written (doccano spans need a label).

use std::io;

use serde::Serialize;

use super::{ArticleExport, ExportHeader, Exporter, Manifest, Output};

/// Writes doccano JSONL.
#[derive(Debug, Default)]
pub struct JsonlExporter {
    view: &'static str,
    unit: &'static str,
}

#[derive(Serialize)]
struct Line<'a> {
    id: usize,
    text: &'a str,
    label: Vec<(usize, usize, &'a str)>,
    meta: Meta<'a>,
}

#[derive(Serialize)]
struct Meta<'a> {
    file: &'a str,
    title: &'a str,
    view: &'a str,
    offsets: &'a str,
    notes: Vec<Note<'a>>,
}

#[derive(Serialize)]
struct Note<'a> {
    start: usize,
    end: usize,
    label: &'a str,
    note: &'a str,
}

impl Exporter for JsonlExporter {
    fn begin(&mut self, _out: &mut Output, header: &ExportHeader<'_>) -> io::Result<()> {
        self.view = header.view.name();
        self.unit = header.unit.name();
        Ok(())
    }

    fn article(
        &mut self,
        out: &mut Output,
        article: &ArticleExport<'_>,
        _manifest: &mut Manifest,
    ) -> io::Result<()> {
        let mut label = Vec::with_capacity(article.annotations.len());
        let mut notes = Vec::new();
        for a in article.annotations {
            let Some(tag) = a.tag_id() else { continue };
            let (start, end) = article.offsets(&a.view_chars);
            label.push((start, end, tag));
            if !a.note().is_empty() {
                notes.push(Note {
                    start,
                    end,
                    label: tag,
                    note: a.note(),
                });
            }
        }
        let line = Line {
            id: article.ordinal,
            text: article.text(),
            label,
            meta: Meta {
                file: article.relative,
                title: article.title,
                view: self.view,
                offsets: self.unit,
                notes,
            },
        };
        let stream = out.stream();
        serde_json::to_writer(&mut *stream, &line)?;
        stream.write_all(b"\n")
    }

    fn finish(
        &mut self,
        _out: &mut Output,
        _header: &ExportHeader<'_>,
        _manifest: &Manifest,
    ) -> io::Result<()> {
        Ok(())
    }
}
