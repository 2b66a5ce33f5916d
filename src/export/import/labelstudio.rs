//! Reads Label Studio tasks JSON (its JSON export, or Pizhu's): an array of tasks, each with
//! `data.text` and `annotations[].result[]`.
//!
//! Results of type `labels` become spans (`value.start`/`value.end` in the file's unit, UTF-16
//! by default; `value.text` is checked against the text); a `textarea` result with the id of a
//! span is its note. Cancelled annotations (`was_cancelled`, `skipped`) are ignored; older
//! exports' `completions` are read like `annotations`. Pizhu's `data.file`, `data.pizhu_view`
//! and `data.pizhu_offsets` are used when present.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use serde_json::Value;

use super::{ImportDoc, ImportError, ImportSpan};

/// Reads a tasks file (an array of tasks, or one task).
pub fn read(path: &Path) -> Result<Vec<ImportDoc>, ImportError> {
    let file = File::open(path).map_err(|source| ImportError::Read {
        path: path.to_owned(),
        source,
    })?;
    let value: Value =
        serde_json::from_reader(BufReader::new(file)).map_err(|e| ImportError::Parse {
            path: path.to_owned(),
            message: format!(
                "not Label Studio tasks JSON (line {}, column {}: {e})",
                e.line(),
                e.column()
            ),
        })?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let tasks = match value {
        Value::Array(tasks) => tasks,
        task @ Value::Object(_) => vec![task],
        _ => {
            return Err(ImportError::Parse {
                path: path.to_owned(),
                message: "not Label Studio tasks JSON (expected an array of tasks)".to_owned(),
            });
        }
    };
    Ok(tasks
        .iter()
        .enumerate()
        .map(|(i, task)| {
            let id = task.get("id").and_then(Value::as_u64);
            let source = match id {
                Some(id) => format!("{name} task {id}"),
                None => format!("{name} task #{}", i + 1),
            };
            document(task, source)
        })
        .collect())
}

fn as_usize(value: Option<&Value>) -> Option<usize> {
    value?.as_u64().and_then(|n| usize::try_from(n).ok())
}

/// One task.
pub fn document(task: &Value, source: String) -> ImportDoc {
    let mut doc = ImportDoc {
        source,
        ..ImportDoc::default()
    };
    let data = task.get("data");
    let data_str = |key: &str| data.and_then(|d| d.get(key)).and_then(Value::as_str);
    doc.text = data_str("text").map(str::to_owned);
    doc.file = data_str("file").map(str::to_owned);
    doc.view = data_str("pizhu_view").and_then(|v| v.parse().ok());
    doc.unit = data_str("pizhu_offsets").and_then(|u| u.parse().ok());
    if doc.text.is_none() {
        doc.error = Some("it has no data.text".to_owned());
        return doc;
    }
    let annotations = task
        .get("annotations")
        .or_else(|| task.get("completions"))
        .and_then(Value::as_array);
    let mut bad = 0;
    for annotation in annotations.into_iter().flatten() {
        let cancelled = ["was_cancelled", "skipped"]
            .iter()
            .any(|k| annotation.get(*k).and_then(Value::as_bool) == Some(true));
        if cancelled {
            continue;
        }
        let results = annotation.get("result").and_then(Value::as_array);
        let mut notes: Vec<(&str, String)> = Vec::new();
        let first = doc.spans.len();
        let mut ids: Vec<Option<&str>> = Vec::new();
        for result in results.into_iter().flatten() {
            let kind = result.get("type").and_then(Value::as_str).unwrap_or("");
            let value = result.get("value");
            let id = result.get("id").and_then(Value::as_str);
            match kind {
                "labels" => {
                    let span = (|| {
                        let value = value?;
                        let label = value.get("labels")?.as_array()?.first()?.as_str()?;
                        Some(ImportSpan {
                            start: as_usize(value.get("start"))?,
                            end: as_usize(value.get("end"))?,
                            label: label.to_owned(),
                            note: String::new(),
                            quote: value.get("text").and_then(Value::as_str).map(str::to_owned),
                        })
                    })();
                    match span {
                        Some(span) => {
                            doc.spans.push(span);
                            ids.push(id);
                        }
                        None => bad += 1,
                    }
                }
                "textarea" => {
                    let texts = value.and_then(|v| v.get("text")).and_then(Value::as_array);
                    let text: Vec<&str> = texts
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect();
                    if let Some(id) = id {
                        notes.push((id, text.join("\n")));
                    }
                }
                _ => {}
            }
        }
        for (id, note) in notes {
            if let Some(k) = ids.iter().position(|i| *i == Some(id)) {
                doc.spans[first + k].note = note;
            }
        }
    }
    if bad > 0 {
        doc.error = Some(format!(
            "{bad} label results lack value.start, value.end or value.labels"
        ));
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_per_region_notes() {
        let task: Value = serde_json::from_str(
            r#"{"id":7,"data":{"text":"𠮷黄坤明","file":"001.txt","pizhu_view":"simplified","pizhu_offsets":"utf16"},
               "annotations":[{"result":[
                 {"id":"r1","from_name":"label","to_name":"text","type":"labels","value":{"start":2,"end":5,"text":"黄坤明","labels":["PER"]}},
                 {"id":"r1","from_name":"note","to_name":"text","type":"textarea","value":{"start":2,"end":5,"text":["书记","省委"]}}]},
                 {"was_cancelled":true,"result":[{"id":"x","type":"labels","value":{"start":0,"end":1,"labels":["LOC"]}}]}]}"#,
        )
        .unwrap_or_default();
        let doc = document(&task, "t".into());
        assert_eq!(doc.error, None);
        assert_eq!(doc.file.as_deref(), Some("001.txt"));
        assert_eq!(doc.spans.len(), 1);
        let span = &doc.spans[0];
        assert_eq!((span.start, span.end, span.label.as_str()), (2, 5, "PER"));
        assert_eq!(span.quote.as_deref(), Some("黄坤明"));
        assert_eq!(span.note, "书记\n省委");
    }
}
