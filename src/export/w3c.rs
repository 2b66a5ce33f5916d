//! W3C Web Annotation (JSON-LD): one `AnnotationCollection` with every annotation in its first
//! page, each targeting its article with a `TextQuoteSelector` and a `TextPositionSelector`.
//!
//! ```json
//! {"type":"Annotation","id":"urn:pizhu:annotation:01JD…","motivation":"tagging",
//!  "created":"2026-11-22T10:00:00Z","modified":"…",
//!  "body":[{"type":"TextualBody","purpose":"tagging","value":"PER"},
//!          {"type":"TextualBody","purpose":"commenting","value":"省委书记"}],
//!  "target":{"source":"001.txt","pizhu:view":"simplified",
//!            "selector":[{"type":"TextQuoteSelector","exact":"黄坤明","prefix":"…","suffix":"…"},
//!                        {"type":"TextPositionSelector","start":4,"end":7}]}}
//! ```
//!
//! Positions are code points of the view's text, as the specification requires (so
//! `--offsets utf16` is refused); quotes and context are the view's text. The view is stated in
//! the collection's label and on each target (`pizhu:view`, a term of the extra context). A
//! plain highlight has motivation `highlighting` and a note-only body; the tag label rides on the
//! tagging body's `pizhu:label`. Streamed: `total` comes after the items.

use std::io;

use serde::Serialize;

use super::{ArticleExport, ExportHeader, Exporter, Manifest, Output};

/// Writes W3C Web Annotation JSON-LD.
#[derive(Debug, Default)]
pub struct W3cExporter {
    view: &'static str,
    first: bool,
    total: usize,
}

#[derive(Serialize)]
struct Item<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: String,
    motivation: &'static str,
    created: &'a str,
    modified: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    body: Vec<Body<'a>>,
    target: Target<'a>,
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    value: &'a str,
    #[serde(rename = "pizhu:label", skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
}

#[derive(Serialize)]
struct Target<'a> {
    source: String,
    #[serde(rename = "pizhu:view")]
    view: &'a str,
    selector: (QuoteSelector<'a>, PositionSelector),
}

#[derive(Serialize)]
struct QuoteSelector<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
}

#[derive(Serialize)]
struct PositionSelector {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
}

/// A relative path as an IRI reference: characters IRIs do not allow (space, `"<>\^`{|}`),
/// controls and the delimiters `%`, `?`, `#` are percent-encoded; CJK stays readable.
pub fn iri_path(relative: &str) -> String {
    let mut out = String::with_capacity(relative.len());
    for c in relative.chars() {
        if c.is_control() || c.is_whitespace() || "\"<>\\^`{|}%?#".contains(c) {
            let mut buf = [0; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The JSON-LD context: the Web Annotation vocabulary plus the `pizhu:` prefix for our terms.
const CONTEXT: &str = r#"["http://www.w3.org/ns/anno.jsonld",{"pizhu":"urn:pizhu:"}]"#;

impl Exporter for W3cExporter {
    fn begin(&mut self, out: &mut Output, header: &ExportHeader<'_>) -> io::Result<()> {
        self.view = header.view.name();
        self.first = true;
        self.total = 0;
        let label = format!(
            "Pizhu annotations of {} ({} view; positions in Unicode code points of that view's text)",
            header.corpus_name, header.view
        );
        let stream = out.stream();
        write!(
            stream,
            "{{\"@context\":{CONTEXT},\"type\":\"AnnotationCollection\",\"label\":{},\"pizhu:view\":\"{}\",\"pizhu:offsets\":\"codepoint\",\"first\":{{\"type\":\"AnnotationPage\",\"items\":[",
            serde_json::to_string(&label)?,
            header.view.name()
        )
    }

    fn article(
        &mut self,
        out: &mut Output,
        article: &ArticleExport<'_>,
        _manifest: &mut Manifest,
    ) -> io::Result<()> {
        let stream = out.stream();
        for a in article.annotations {
            let mut body = Vec::with_capacity(2);
            if let Some(tag) = a.tag_id() {
                body.push(Body {
                    kind: "TextualBody",
                    purpose: "tagging",
                    value: tag,
                    label: a.tag.map(|t| t.label.as_str()),
                });
            }
            if !a.note().is_empty() {
                body.push(Body {
                    kind: "TextualBody",
                    purpose: "commenting",
                    value: a.note(),
                    label: None,
                });
            }
            let motivation = if a.tag_id().is_some() {
                "tagging"
            } else if a.note().is_empty() {
                "highlighting"
            } else {
                "commenting"
            };
            // Code points, whatever unit was asked for (refused before the export starts).
            let (start, end) = (a.view_chars.start, a.view_chars.end);
            let item = Item {
                kind: "Annotation",
                id: format!("urn:pizhu:annotation:{}", a.annotation.id),
                motivation,
                created: &a.annotation.created,
                modified: &a.annotation.modified,
                body,
                target: Target {
                    source: iri_path(article.relative),
                    view: self.view,
                    selector: (
                        QuoteSelector {
                            kind: "TextQuoteSelector",
                            exact: a.quote,
                            prefix: a.prefix,
                            suffix: a.suffix,
                        },
                        PositionSelector {
                            kind: "TextPositionSelector",
                            start,
                            end,
                        },
                    ),
                },
            };
            if !self.first {
                stream.write_all(b",")?;
            }
            self.first = false;
            stream.write_all(b"\n")?;
            serde_json::to_writer(&mut *stream, &item)?;
            self.total += 1;
        }
        Ok(())
    }

    fn finish(
        &mut self,
        out: &mut Output,
        _header: &ExportHeader<'_>,
        _manifest: &Manifest,
    ) -> io::Result<()> {
        write!(out.stream(), "\n]}},\"total\":{}}}\n", self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_iri_references() {
        assert_eq!(iri_path("2023/新闻 一.txt"), "2023/新闻%20一.txt");
        assert_eq!(iri_path("a#b?c%.txt"), "a%23b%3Fc%25.txt");
        assert_eq!(iri_path("x\u{3000}y"), "x%E3%80%80y");
    }
}
