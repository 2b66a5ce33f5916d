//! Reads brat standoff: `.ann` files with the `.txt` beside them, given one by one or as a folder
//! (searched recursively; the path of each `.txt` under the folder is its relative path).
//!
//! Text-bound annotations `T1<TAB>PER 4 7<TAB>黄坤明` become spans; a discontinuous one
//! (`4 7;8 10`) covers its first start to its last end (Pizhu splits spans at line breaks this
//! way); `#1<TAB>AnnotatorNotes T1<TAB>…` is its note. Relations, events, attributes and
//! normalisations are not Pizhu data and are skipped. A `pizhu-export.json` at the top of the
//! folder gives the view and unit of a Pizhu export.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{ImportDoc, ImportError, ImportSpan};
use crate::export::manifest::MANIFEST_FILE_NAME;
use crate::export::units::OffsetUnit;
use crate::text::ViewKind;

/// Reads a folder of `.ann` files, one `.ann`, or the `.ann` beside a `.txt`.
pub fn read(path: &Path) -> Result<Vec<ImportDoc>, ImportError> {
    let read_error = |path: &Path| {
        let path = path.to_owned();
        move |source| ImportError::Read { path, source }
    };
    let (root, files) = if path.is_dir() {
        let mut files = Vec::new();
        collect(path, &mut files).map_err(read_error(path))?;
        files.sort();
        (path.to_owned(), files)
    } else {
        let ann = path.with_extension("ann");
        if !ann.is_file() {
            return Err(ImportError::Parse {
                path: path.to_owned(),
                message: "not a brat folder or .ann file (no .ann found)".to_owned(),
            });
        }
        let root = ann.parent().map_or_else(PathBuf::new, Path::to_owned);
        (root, vec![ann])
    };
    let (view, unit) = stated_view_and_unit(&root.join(MANIFEST_FILE_NAME));
    let mut documents = Vec::new();
    for ann in files {
        let relative = ann
            .strip_prefix(&root)
            .unwrap_or(&ann)
            .with_extension("txt");
        let file = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let mut doc = ImportDoc {
            source: ann.display().to_string(),
            file: Some(file),
            view,
            unit,
            ..ImportDoc::default()
        };
        let annotations = fs::read_to_string(&ann).map_err(read_error(&ann))?;
        let txt = ann.with_extension("txt");
        match fs::read(&txt) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => doc.text = Some(text),
                Err(_) => doc.error = Some(format!("{} is not UTF-8", txt.display())),
            },
            // Without its text, spans are anchored by the quotes in the .ann.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(read_error(&txt)(e)),
        }
        parse_ann(&annotations, &mut doc);
        documents.push(doc);
    }
    Ok(documents)
}

/// `.ann` files under `dir`, recursively (symbolic links to folders are not followed).
fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "ann") {
            files.push(path);
        }
    }
    Ok(())
}

/// The view and unit a Pizhu manifest states, if there is one.
fn stated_view_and_unit(manifest: &Path) -> (Option<ViewKind>, Option<OffsetUnit>) {
    let Some(value) = fs::read(manifest)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
    else {
        return (None, None);
    };
    let view = value
        .get("view")
        .and_then(Value::as_str)
        .and_then(|v| v.parse().ok());
    let unit = value
        .get("offsets")
        .and_then(Value::as_str)
        .and_then(|u| u.parse().ok());
    (view, unit)
}

/// Parses the lines of an `.ann` into `doc.spans` (notes attached); a malformed text-bound line
/// sets `doc.error`.
pub fn parse_ann(text: &str, doc: &mut ImportDoc) {
    let mut ids: Vec<String> = Vec::new();
    let mut notes: Vec<(String, String)> = Vec::new();
    let mut bad = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.starts_with('T') {
            match parse_text_bound(line) {
                Some((id, span)) => {
                    ids.push(id.to_owned());
                    doc.spans.push(span);
                }
                None => bad.push(number + 1),
            }
        } else if line.starts_with('#') {
            let mut parts = line.splitn(3, '\t');
            let (_, head, note) = (parts.next(), parts.next(), parts.next());
            if let (Some(head), Some(note)) = (head, note)
                && let Some(target) = head.strip_prefix("AnnotatorNotes ")
            {
                notes.push((target.trim().to_owned(), note.to_owned()));
            }
        }
    }
    for (target, note) in notes {
        if let Some(i) = ids.iter().position(|id| *id == target) {
            let span = &mut doc.spans[i];
            if span.note.is_empty() {
                span.note = note;
            } else {
                span.note.push('\n');
                span.note.push_str(&note);
            }
        }
    }
    if !bad.is_empty() && doc.error.is_none() {
        let lines: Vec<String> = bad.iter().map(ToString::to_string).collect();
        doc.error = Some(format!(
            "lines {} are not brat text-bound annotations",
            lines.join(", ")
        ));
    }
}

/// `T1<TAB>PER 4 7;8 10<TAB>text` → id and span (first start to last end).
fn parse_text_bound(line: &str) -> Option<(&str, ImportSpan)> {
    let mut parts = line.splitn(3, '\t');
    let id = parts.next()?;
    let head = parts.next()?;
    let quote = parts.next().map(str::to_owned);
    let (label, offsets) = head.split_once(' ')?;
    let mut start = usize::MAX;
    let mut end = 0;
    for fragment in offsets.split(';') {
        let (s, e) = fragment.trim().split_once(' ')?;
        let (s, e): (usize, usize) = (s.trim().parse().ok()?, e.trim().parse().ok()?);
        start = start.min(s);
        end = end.max(e);
    }
    (start < end).then(|| {
        (
            id,
            ImportSpan {
                start,
                end,
                label: label.to_owned(),
                note: String::new(),
                quote,
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_bounds_notes_and_fragments() {
        let mut doc = ImportDoc::default();
        parse_ann(
            "T1\tPER 4 7\t黄坤明\n#1\tAnnotatorNotes T1\t省委书记\nT2\tORG 10 14;15 18\t第一段 第二\nR1\tRel Arg1:T1 Arg2:T2\nA1\tNeg T1\n",
            &mut doc,
        );
        assert_eq!(doc.error, None);
        assert_eq!(doc.spans.len(), 2);
        assert_eq!(doc.spans[0].note, "省委书记");
        assert_eq!((doc.spans[1].start, doc.spans[1].end), (10, 18));
        assert_eq!(doc.spans[1].quote.as_deref(), Some("第一段 第二"));
    }

    #[test]
    fn malformed_lines_are_reported() {
        let mut doc = ImportDoc::default();
        parse_ann("T1\tPER x y\tabc\n", &mut doc);
        assert!(doc.error.is_some());
        assert!(doc.spans.is_empty());
    }
}
