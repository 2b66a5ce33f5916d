//! `pizhu scan FOLDER [--json]`: lists every article with its metadata, then skipped files.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use anyhow::Context as _;
use pizhu::format::{human_bytes, pad};

use pizhu::corpus::{ArticleMeta, ScanEvent, ScanOptions, SkippedFile, scan};

/// How `scan` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// An aligned table for people.
    Table,
    /// One JSON object per line: `{"type":"article",…}`, `{"type":"skipped",…}`, `{"type":"summary",…}`.
    JsonLines,
}

/// Scans `folder` and prints the result to `out`.
pub fn run(
    folder: &Path,
    options: &ScanOptions,
    format: Format,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let cancel = AtomicBool::new(false);
    let mut skipped: Vec<SkippedFile> = Vec::new();
    let mut write_error: Option<std::io::Error> = None;
    if format == Format::Table {
        writeln!(out, "{}", table_header())?;
    }
    let summary = scan(folder, options, &cancel, |event| {
        if write_error.is_some() {
            return;
        }
        let written = match event {
            ScanEvent::Found(_) => Ok(()),
            ScanEvent::Article(meta) => match format {
                Format::Table => writeln!(out, "{}", table_row(&meta)),
                Format::JsonLines => json_line(out, "article", &meta),
            },
            ScanEvent::Skipped(file) => match format {
                // People read skipped files after the table; scripts get them in order.
                Format::Table => {
                    skipped.push(file);
                    Ok(())
                }
                Format::JsonLines => json_line(out, "skipped", &file),
            },
        };
        if let Err(error) = written {
            // Stop the scan: nobody is reading any more.
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            write_error = Some(error);
        }
    })?;
    if let Some(error) = write_error {
        return Err(error).context("cannot write to standard output");
    }
    match format {
        Format::Table => {
            if !skipped.is_empty() {
                writeln!(out, "\nSkipped:")?;
                for file in &skipped {
                    writeln!(out, "  {}: {}", file.relative, file.reason)?;
                }
            }
            writeln!(
                out,
                "\n{} articles, {} skipped, {} read in {:.0} ms{}",
                summary.articles,
                summary.skipped,
                human_bytes(summary.bytes),
                summary.elapsed.as_secs_f64() * 1000.0,
                if summary.cancelled {
                    " (cancelled)"
                } else {
                    ""
                }
            )?;
        }
        Format::JsonLines => json_line(out, "summary", &summary)?,
    }
    out.flush()?;
    Ok(())
}

fn json_line(
    out: &mut impl Write,
    kind: &str,
    value: &impl serde::Serialize,
) -> std::io::Result<()> {
    let mut object = serde_json::to_value(value).map_err(std::io::Error::other)?;
    if let serde_json::Value::Object(map) = &mut object {
        map.insert("type".to_owned(), kind.into());
    }
    writeln!(out, "{object}")
}

const TITLE_COLUMNS: usize = 40;

fn table_header() -> String {
    format!(
        "{} {:<10} {:<12} {:<2} {:>7} {:>6} {:<10} {:>5} {:>4}  {}",
        pad("TITLE", TITLE_COLUMNS),
        "DATE",
        "SOURCE",
        "SC",
        "CHARS",
        "TEXT",
        "ENCODING",
        "PINYIN",
        "LOST",
        "FILE"
    )
}

fn table_row(meta: &ArticleMeta) -> String {
    format!(
        "{} {:<10} {} {} {:>7} {:>6} {:<10} {:>6} {:>4}  {}",
        pad(&meta.title, TITLE_COLUMNS),
        meta.date.as_deref().unwrap_or("-"),
        pad(meta.source.as_deref().unwrap_or("-"), 12),
        pad(meta.script.badge(), 2),
        meta.chars,
        meta.text_chars,
        meta.encoding.to_string(),
        meta.artefacts_removed,
        meta.lost_chars,
        meta.relative
    )
}
