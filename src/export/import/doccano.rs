//! Reads doccano JSONL (sequence labelling): one document a line.
//!
//! Accepted shapes (doccano has used both):
//! - `{"text": "…", "label": [[start, end, "PER"], …]}` (also under `labels`);
//! - `{"text": "…", "entities": [{"start_offset": s, "end_offset": e, "label": "PER"}, …]}`.
//!
//! Pizhu's own export adds `meta.file`, `meta.view`, `meta.offsets` and `meta.notes`
//! (`[{start, end, label, note}]`), which are used when present (a top-level `file` too).
//! Offsets are in the file's unit, `[start, end)` of `text`. A line that is not such an object
//! becomes a document with an error (reported unmatched); the file is read line by line.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde_json::Value;

use super::{ImportDoc, ImportError, ImportSpan};

/// Reads a JSONL file.
pub fn read(path: &Path) -> Result<Vec<ImportDoc>, ImportError> {
    let read_error = |source| ImportError::Read {
        path: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(read_error)?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut documents = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(read_error)?;
        let line = line.trim_start_matches('\u{FEFF}').trim();
        if line.is_empty() {
            continue;
        }
        let source = format!("{name}:{}", i + 1);
        documents.push(match serde_json::from_str::<Value>(line) {
            Ok(value) => document(&value, source),
            Err(error) => ImportDoc {
                source,
                error: Some(format!("not a JSON object: {error}")),
                ..ImportDoc::default()
            },
        });
    }
    Ok(documents)
}

fn as_usize(value: &Value) -> Option<usize> {
    value.as_u64().and_then(|n| usize::try_from(n).ok())
}

/// One parsed line.
pub fn document(value: &Value, source: String) -> ImportDoc {
    let mut doc = ImportDoc {
        source,
        ..ImportDoc::default()
    };
    let Some(object) = value.as_object() else {
        doc.error = Some("not a JSON object".to_owned());
        return doc;
    };
    doc.text = object
        .get("text")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let meta = object.get("meta");
    let meta_str = |key: &str| meta.and_then(|m| m.get(key)).and_then(Value::as_str);
    doc.file = meta_str("file")
        .or_else(|| object.get("file").and_then(Value::as_str))
        .map(str::to_owned);
    doc.view = meta_str("view").and_then(|v| v.parse().ok());
    doc.unit = meta_str("offsets").and_then(|u| u.parse().ok());

    let mut bad = 0;
    let labels = object
        .get("label")
        .or_else(|| object.get("labels"))
        .and_then(Value::as_array);
    for item in labels.into_iter().flatten() {
        let triple = item.as_array().and_then(|t| match t.as_slice() {
            [s, e, l, ..] => Some((as_usize(s)?, as_usize(e)?, l.as_str()?)),
            _ => None,
        });
        match triple {
            Some((start, end, label)) => doc.spans.push(ImportSpan {
                start,
                end,
                label: label.to_owned(),
                note: String::new(),
                quote: None,
            }),
            None => bad += 1,
        }
    }
    let entities = object.get("entities").and_then(Value::as_array);
    for item in entities.into_iter().flatten() {
        let entity = (|| {
            Some((
                as_usize(item.get("start_offset")?)?,
                as_usize(item.get("end_offset")?)?,
                item.get("label")?.as_str()?,
            ))
        })();
        match entity {
            Some((start, end, label)) => doc.spans.push(ImportSpan {
                start,
                end,
                label: label.to_owned(),
                note: String::new(),
                quote: None,
            }),
            None => bad += 1,
        }
    }
    // Notes by (start, end, label).
    let notes = meta.and_then(|m| m.get("notes")).and_then(Value::as_array);
    for note in notes.into_iter().flatten() {
        let found = (|| {
            Some((
                as_usize(note.get("start")?)?,
                as_usize(note.get("end")?)?,
                note.get("label")?.as_str()?,
                note.get("note")?.as_str()?,
            ))
        })();
        if let Some((start, end, label, text)) = found
            && let Some(span) = doc
                .spans
                .iter_mut()
                .find(|s| s.start == start && s.end == end && s.label == label)
        {
            text.clone_into(&mut span.note);
        }
    }
    if doc.text.is_none() {
        doc.error = Some("it has no \"text\"".to_owned());
    } else if bad > 0 {
        doc.error = Some(format!(
            "{bad} labels are not [start, end, \"label\"] or {{start_offset, end_offset, label}}"
        ));
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_shapes_and_pizhu_meta() {
        let value: Value = serde_json::from_str(
            r#"{"id":1,"text":"省委书记黄坤明","label":[[4,7,"PER"]],"entities":[{"start_offset":0,"end_offset":2,"label":"ORG"}],
                "meta":{"file":"a/001.txt","view":"simplified","offsets":"utf16","notes":[{"start":4,"end":7,"label":"PER","note":"书记"}]}}"#,
        )
        .unwrap_or_default();
        let doc = document(&value, "x:1".into());
        assert_eq!(doc.error, None);
        assert_eq!(doc.file.as_deref(), Some("a/001.txt"));
        assert_eq!(doc.view, Some(crate::text::ViewKind::Simplified));
        assert_eq!(doc.unit, Some(crate::export::OffsetUnit::Utf16));
        assert_eq!(doc.spans.len(), 2);
        assert_eq!((doc.spans[0].start, doc.spans[0].end), (4, 7));
        assert_eq!(doc.spans[0].note, "书记");
        assert_eq!(doc.spans[1].label, "ORG");
    }

    #[test]
    fn bad_documents_carry_an_error() {
        let no_text: Value = serde_json::from_str(r#"{"label":[]}"#).unwrap_or_default();
        assert!(document(&no_text, "x:1".into()).error.is_some());
        let bad_label: Value =
            serde_json::from_str(r#"{"text":"甲","label":[[0,"x","PER"]]}"#).unwrap_or_default();
        assert!(document(&bad_label, "x:2".into()).error.is_some());
    }
}
