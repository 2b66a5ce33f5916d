//! CSV: one row per annotation, for spreadsheets.
//!
//! Columns: `file,view,offsets,start,end,tag,label,quote,note,prefix,suffix`. `start`/`end` are
//! `[start, end)` in the view's text, in the unit named in the `offsets` column of every row;
//! `quote`, `prefix` and `suffix` are the view's text. RFC 4180 quoting by the `csv` crate, CRLF
//! row ends, and a UTF-8 byte order mark so Excel reads the Chinese text as UTF-8.
//!
//! **Formula injection**: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return would be run as a formula by spreadsheet programs; such cells get a leading `'` (the
//! OWASP advice), so `=HYPERLINK(…)` in a note shows as text. Numbers are written as numbers.

use std::io;

use super::{ArticleExport, ExportHeader, Exporter, Manifest, Output};

/// The header row.
pub const HEADER: [&str; 11] = [
    "file", "view", "offsets", "start", "end", "tag", "label", "quote", "note", "prefix", "suffix",
];

/// Writes CSV.
#[derive(Debug, Default)]
pub struct CsvExporter {
    view: &'static str,
    unit: &'static str,
    /// Reused row buffer.
    buffer: Vec<u8>,
}

/// The cell text with a leading `'` if a spreadsheet would read it as a formula.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

fn writer(buffer: &mut Vec<u8>) -> csv::Writer<&mut Vec<u8>> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::CRLF)
        .from_writer(buffer)
}

impl Exporter for CsvExporter {
    fn begin(&mut self, out: &mut Output, header: &ExportHeader<'_>) -> io::Result<()> {
        self.view = header.view.name();
        self.unit = header.unit.name();
        self.buffer.clear();
        self.buffer.extend_from_slice("\u{FEFF}".as_bytes());
        {
            let mut csv = writer(&mut self.buffer);
            csv.write_record(HEADER)?;
            csv.flush()?;
        }
        out.stream().write_all(&self.buffer)
    }

    fn article(
        &mut self,
        out: &mut Output,
        article: &ArticleExport<'_>,
        _manifest: &mut Manifest,
    ) -> io::Result<()> {
        self.buffer.clear();
        {
            let mut csv = writer(&mut self.buffer);
            for a in article.annotations {
                let (start, end) = article.offsets(&a.view_chars);
                let (start, end) = (start.to_string(), end.to_string());
                csv.write_record([
                    neutralise(article.relative).as_ref(),
                    self.view,
                    self.unit,
                    &start,
                    &end,
                    &neutralise(a.tag_id().unwrap_or("")),
                    &neutralise(a.tag_label()),
                    &neutralise(a.quote),
                    &neutralise(a.note()),
                    &neutralise(a.prefix),
                    &neutralise(a.suffix),
                ])?;
            }
            csv.flush()?;
        }
        out.stream().write_all(&self.buffer)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for cell in ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
        for cell in ["黃坤明", "", "a=b", "'quoted", "１＋１"] {
            assert_eq!(neutralise(cell), cell);
        }
    }
}
