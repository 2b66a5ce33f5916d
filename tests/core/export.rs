//! Export and import, end to end: every format × every view on a temp copy of the seeds with
//! fixed annotations (plus one synthetic article with `黃坤明`, `𠮷` and a span across a line
//! break), read back by independent parsers; UTF-16 offsets; escaping and formula injection;
//! round trips through jsonl, brat and Label Studio; mismatched imports; the CLI's exit codes;
//! `insta` snapshots of each format.
//!
//! Offsets in sidecars are chars of the Original; offsets in exports are chars (or UTF-16 units)
//! of the exported view's text. Helpers are local to this file so it can be folded into the
//! grouped test binaries as a module.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing unwrap is a failing test

use std::collections::BTreeSet;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::AtomicBool;

use pizhu::annotate::sidecar::{DocumentHeader, SidecarFile, parse_sidecar, sidecar_to_string};
use pizhu::annotate::{AnchorState, Annotation, AnnotationId, IndexedView, TagId, in_view};
use pizhu::export::conll::read_chunks;
use pizhu::export::markdown;
use pizhu::export::{
    Destination, ExportOptions, ExportOutcome, ExportRequest, Format, OffsetUnit, ProblemKind,
    Scope, escaped, export,
};
use pizhu::text::{View, ViewKind};

// ---------------------------------------------------------------- fixtures

/// The synthetic article (in `sub/`): traditional text with crawl pinyin, a character outside
/// the BMP, a span across a blank line, full-width punctuation.
const SYNTHETIC: &str =
    "省委書記黃坤明在廣州調(diào)研。\n𠮷野家：黃坤明說“好！”\n\n  第三段，鄭軻出席會議？是的。\n";
const SYNTHETIC_PATH: &str = "sub/黃坤明.txt";

/// One fixed annotation: file, the Original quote, which occurrence, tag, note.
struct Fixed {
    file: &'static str,
    quote: &'static str,
    occurrence: usize,
    tag: Option<&'static str>,
    note: &'static str,
}

const fn fixed(
    file: &'static str,
    quote: &'static str,
    occurrence: usize,
    tag: Option<&'static str>,
    note: &'static str,
) -> Fixed {
    Fixed {
        file,
        quote,
        occurrence,
        tag,
        note,
    }
}

const S001: &str = "001_ebed7b38f3e0333c.txt";
const S002: &str = "002_6e5af457e60a8f77.txt";
const S003: &str = "003_6d7fffe9468177c8.txt";
const S004: &str = "004_17a6dfa9780f989e.txt";

const FIXED: [Fixed; 15] = [
    fixed(
        S001,
        "何黨生",
        0,
        Some("PER"),
        "区委书记 <script>alert(1)</script>",
    ),
    fixed(S001, "茶亭經(jīng)開區", 0, Some("LOC"), ""),
    // Only crawl pinyin: not in the 净文/简/繁 views.
    fixed(S001, "(jīng)", 0, Some("MISC"), "pinyin only"),
    // Two lost characters (净文 shows U+FFFD U+FFFD).
    fixed(S001, "存量?jī)?yōu)勢", 0, Some("EVENT"), ""),
    fixed(S002, "王凱", 0, Some("PER"), "多行\n备注\t制表"),
    fixed(S003, "郑轲", 0, Some("PER"), ""),
    // Overlaps 郑轲: CoNLL keeps the longer.
    fixed(S003, "市委书记郑轲", 0, Some("ORG"), ""),
    // A plain highlight with a note that a spreadsheet would run.
    fixed(
        S003,
        "重点项目",
        0,
        None,
        "=HYPERLINK(\"http://evil.example\",\"x\")",
    ),
    fixed(S004, "白云区", 1, Some("LOC"), "@SUM(1+1)"),
    fixed(SYNTHETIC_PATH, "黃坤明", 0, Some("PER"), "省委书记"),
    fixed(SYNTHETIC_PATH, "廣州", 0, Some("LOC"), ""),
    fixed(SYNTHETIC_PATH, "𠮷野家", 0, Some("ORG"), "-负责人"),
    // Right after 𠮷: UTF-16 offsets are one more than code points.
    fixed(SYNTHETIC_PATH, "黃坤明", 1, Some("PER"), ""),
    // Across a blank line.
    fixed(
        SYNTHETIC_PATH,
        "好！”\n\n  第三段",
        0,
        Some("EVENT"),
        "跨段",
    ),
    fixed(SYNTHETIC_PATH, "鄭軻", 0, Some("PER"), ""),
];

/// A temp copy of the seeds plus the synthetic article, deleted when dropped. The corpus
/// folder is named `seeds` (its name appears in exports).
struct Corpus {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Corpus {
    /// The articles without annotations.
    fn bare() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("seeds");
        fs::create_dir(&root).unwrap();
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        for entry in fs::read_dir(seeds).unwrap() {
            let path = entry.unwrap().path();
            fs::copy(&path, root.join(path.file_name().unwrap())).unwrap();
        }
        fs::create_dir(root.join("sub")).unwrap();
        fs::write(root.join(SYNTHETIC_PATH), SYNTHETIC).unwrap();
        Self { _dir: dir, root }
    }

    /// With the fixed annotations written to sidecars (fixed ids and times).
    fn annotated() -> Self {
        let corpus = Self::bare();
        let mut by_file: Vec<(&str, Vec<Annotation>)> = Vec::new();
        for (i, f) in FIXED.iter().enumerate() {
            let original = corpus.original(f.file);
            let range = nth(&original, f.quote, f.occurrence);
            let mut a = Annotation::new(
                &original,
                range,
                f.tag.map(|t| TagId::new(t).unwrap()),
                f.note,
            )
            .unwrap();
            a.id = AnnotationId::from_string(fixed_id(i));
            a.created = "2026-01-02T03:04:05Z".to_owned();
            a.modified = "2026-01-02T03:04:05Z".to_owned();
            match by_file.iter_mut().find(|(file, _)| *file == f.file) {
                Some((_, list)) => list.push(a),
                None => by_file.push((f.file, vec![a])),
            }
        }
        for (file, mut annotations) in by_file {
            annotations.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
            corpus.write_sidecar(file, annotations);
        }
        corpus
    }

    fn path(&self) -> &Path {
        &self.root
    }

    fn original(&self, file: &str) -> String {
        fs::read_to_string(self.path().join(file)).unwrap()
    }

    fn sidecar_path(&self, file: &str) -> PathBuf {
        self.path().join(format!("{file}.annotations.ron"))
    }

    fn write_sidecar(&self, file: &str, annotations: Vec<Annotation>) {
        let original = self.original(file);
        let sidecar = SidecarFile {
            version: 1,
            document: DocumentHeader {
                file: Path::new(file)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                chars: original.chars().count(),
                fingerprint: pizhu::text::chars::fingerprint(&original),
            },
            annotations,
        };
        let path = self.sidecar_path(file);
        fs::write(&path, sidecar_to_string(&sidecar, &path).unwrap()).unwrap();
    }

    /// The annotations stored for `file` (empty without a sidecar).
    fn annotations(&self, file: &str) -> Vec<Annotation> {
        let path = self.sidecar_path(file);
        match fs::read(&path) {
            Ok(bytes) => parse_sidecar(&path, &bytes).unwrap().annotations,
            Err(_) => Vec::new(),
        }
    }
}

/// Char range of the `n`th occurrence of `needle` in `text`.
fn nth(text: &str, needle: &str, n: usize) -> Range<usize> {
    let (byte, _) = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("{needle:?} #{n} not in the text"));
    let start = text[..byte].chars().count();
    start..start + needle.chars().count()
}

fn char_slice(text: &str, range: Range<usize>) -> String {
    text.chars().skip(range.start).take(range.len()).collect()
}

fn utf16_slice(text: &str, range: Range<usize>) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[range]).unwrap()
}

/// The fixed id of `FIXED[i]`.
fn fixed_id(i: usize) -> String {
    format!("01JTEST{i:019}")
}

/// What the view shows of each fixed annotation: (id, file, tag, quote), for the ones it
/// shows. Computed from the view's own text and offset map, not from an export.
fn expected(corpus: &Corpus, view: ViewKind) -> Vec<(String, String, Option<String>, String)> {
    let mut out = Vec::new();
    for (i, f) in FIXED.iter().enumerate() {
        let original = corpus.original(f.file);
        let rendered = IndexedView::render(&original, view);
        let range = nth(&original, f.quote, f.occurrence);
        let shown = in_view(&rendered, range, &AnchorState::Anchored);
        if let Some(view_range) = shown.placement.range() {
            // The core function agrees with slicing the view's text directly.
            let view_text = View::render(&original, view).text;
            assert_eq!(char_slice(&view_text, view_range), shown.quote);
            out.push((
                fixed_id(i),
                f.file.to_owned(),
                f.tag.map(str::to_owned),
                shown.quote.to_owned(),
            ));
        }
    }
    out
}

/// Exports with the library into `out` (a file, or a new folder for brat).
fn run_export(
    corpus: &Corpus,
    format: Format,
    view: ViewKind,
    unit: Option<OffsetUnit>,
    out: &Path,
) -> ExportOutcome {
    let mut options = ExportOptions::new(format);
    options.view = view;
    options.unit = unit;
    let request = ExportRequest {
        corpus_root: corpus.path().to_owned(),
        scope: Scope::Corpus,
        options,
        destination: Destination::for_format(format, out),
        manifest_path: None,
    };
    export(&request, &AtomicBool::new(false), &mut |_| {}).unwrap()
}

fn pizhu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pizhu"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn assert_ok(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        stderr(output)
    );
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

// ---------------------------------------------------------------- readers of each format

/// A span read back from an export: article, tag, the text its offsets select.
type Span = (String, Option<String>, String);

fn read_jsonl(path: &Path, unit: OffsetUnit) -> Vec<Span> {
    let mut spans = Vec::new();
    for line in fs::read_to_string(path).unwrap().lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = value["text"].as_str().unwrap();
        let file = value["meta"]["file"].as_str().unwrap().to_owned();
        assert_eq!(value["meta"]["offsets"], unit.name());
        for label in value["label"].as_array().unwrap() {
            let (s, e) = (
                label[0].as_u64().unwrap() as usize,
                label[1].as_u64().unwrap() as usize,
            );
            let quote = match unit {
                OffsetUnit::CodePoint => char_slice(text, s..e),
                OffsetUnit::Utf16 => utf16_slice(text, s..e),
            };
            spans.push((file.clone(), label[2].as_str().map(str::to_owned), quote));
        }
    }
    spans
}

/// brat: checks that every `T` line's offsets index its `.txt` (fragments joined by a space
/// equal the text field) and returns the covered text from first start to last end.
fn read_brat(folder: &Path) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut anns = Vec::new();
    let mut stack = vec![folder.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "ann") {
                anns.push(path);
            }
        }
    }
    anns.sort();
    for ann in anns {
        let txt = fs::read_to_string(ann.with_extension("txt")).unwrap();
        let relative = ann
            .strip_prefix(folder)
            .unwrap()
            .with_extension("txt")
            .to_string_lossy()
            .replace('\\', "/");
        for line in fs::read_to_string(&ann).unwrap().lines() {
            if !line.starts_with('T') {
                continue;
            }
            let parts: Vec<&str> = line.splitn(3, '\t').collect();
            let (label, offsets) = parts[1].split_once(' ').unwrap();
            let fragments: Vec<Range<usize>> = offsets
                .split(';')
                .map(|f| {
                    let (s, e) = f.split_once(' ').unwrap();
                    s.parse().unwrap()..e.parse().unwrap()
                })
                .collect();
            let joined: Vec<String> = fragments
                .iter()
                .map(|f| char_slice(&txt, f.clone()))
                .collect();
            assert_eq!(joined.join(" "), parts[2], "{}: {line}", ann.display());
            for f in &fragments {
                assert!(!char_slice(&txt, f.clone()).contains('\n'));
            }
            let whole = fragments[0].start..fragments.last().unwrap().end;
            spans.push((
                relative.clone(),
                Some(label.to_owned()),
                char_slice(&txt, whole),
            ));
        }
    }
    spans
}

fn read_labelstudio(path: &Path, unit: OffsetUnit) -> Vec<Span> {
    let tasks: Vec<serde_json::Value> =
        serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let mut spans = Vec::new();
    for task in tasks {
        let text = task["data"]["text"].as_str().unwrap();
        let file = task["data"]["file"].as_str().unwrap().to_owned();
        for result in task["annotations"][0]["result"].as_array().unwrap() {
            if result["type"] != "labels" {
                continue;
            }
            let value = &result["value"];
            let (s, e) = (
                value["start"].as_u64().unwrap() as usize,
                value["end"].as_u64().unwrap() as usize,
            );
            let quote = match unit {
                OffsetUnit::CodePoint => char_slice(text, s..e),
                OffsetUnit::Utf16 => utf16_slice(text, s..e),
            };
            assert_eq!(value["text"].as_str().unwrap(), quote);
            spans.push((
                file.clone(),
                value["labels"][0].as_str().map(str::to_owned),
                quote,
            ));
        }
    }
    spans
}

fn read_csv(path: &Path, corpus: &Corpus, view: ViewKind) -> Vec<Span> {
    let bytes = fs::read(path).unwrap();
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()), "a BOM for Excel");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let mut spans = Vec::new();
    for row in reader.records() {
        let row = row.unwrap();
        let file = row[0].to_owned();
        assert_eq!(&row[1], view.name());
        let view_text = View::render(&corpus.original(&file), view).text;
        let (s, e): (usize, usize) = (row[3].parse().unwrap(), row[4].parse().unwrap());
        let quote = char_slice(&view_text, s..e);
        // The quote column is the same text, unless it had to be neutralised.
        assert!(row[7] == quote || row[7] == format!("'{quote}"));
        let tag = (!row[5].is_empty()).then(|| row[5].to_owned());
        spans.push((file, tag, quote));
    }
    spans
}

fn read_w3c(path: &Path, corpus: &Corpus, view: ViewKind) -> Vec<Span> {
    let value: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(value["type"], "AnnotationCollection");
    let items = value["first"]["items"].as_array().unwrap();
    assert_eq!(value["total"].as_u64().unwrap() as usize, items.len());
    let mut spans = Vec::new();
    for item in items {
        let target = &item["target"];
        let file = target["source"]
            .as_str()
            .unwrap()
            .replace("%20", " ")
            .to_owned();
        let view_text = View::render(&corpus.original(&file), view).text;
        let quote = target["selector"][0]["exact"].as_str().unwrap();
        let position = &target["selector"][1];
        let (s, e) = (
            position["start"].as_u64().unwrap() as usize,
            position["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(char_slice(&view_text, s..e), quote);
        let tag = item["body"]
            .as_array()
            .and_then(|b| b.iter().find(|b| b["purpose"] == "tagging"))
            .and_then(|b| b["value"].as_str())
            .map(str::to_owned);
        spans.push((file, tag, quote.to_owned()));
    }
    spans
}

/// Sorted (file, tag, quote) of the expectation, for one format.
fn expected_spans(
    corpus: &Corpus,
    view: ViewKind,
    needs_labels: bool,
) -> Vec<(String, Option<String>, String)> {
    let mut spans: Vec<_> = expected(corpus, view)
        .into_iter()
        .filter(|(_, _, tag, _)| !needs_labels || tag.is_some())
        .map(|(_, file, tag, quote)| (file, tag, quote))
        .collect();
    spans.sort();
    spans
}

fn sorted(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort();
    spans
}

// ---------------------------------------------------------------- every format × every view

#[test]
fn every_format_in_every_view_exports_what_the_view_shows() {
    let corpus = Corpus::annotated();
    let out = tempfile::tempdir().unwrap();
    for view in ViewKind::ALL {
        let labelled = expected_spans(&corpus, view, true);
        let all = expected_spans(&corpus, view, false);
        let name = view.name();

        let path = out.path().join(format!("{name}.jsonl"));
        run_export(&corpus, Format::Jsonl, view, None, &path);
        assert_eq!(
            sorted(read_jsonl(&path, OffsetUnit::CodePoint)),
            labelled,
            "jsonl {name}"
        );
        // The text field is exactly the view's text.
        let first: serde_json::Value =
            serde_json::from_str(fs::read_to_string(&path).unwrap().lines().next().unwrap())
                .unwrap();
        let file = first["meta"]["file"].as_str().unwrap();
        assert_eq!(
            first["text"].as_str().unwrap(),
            View::render(&corpus.original(file), view).text
        );
        assert_eq!(first["meta"]["view"], name);

        let folder = out.path().join(format!("{name}-brat"));
        run_export(&corpus, Format::Brat, view, None, &folder);
        assert_eq!(sorted(read_brat(&folder)), labelled, "brat {name}");
        for f in [S001, SYNTHETIC_PATH] {
            let txt = folder.join(f);
            assert_eq!(
                fs::read_to_string(txt).unwrap(),
                View::render(&corpus.original(f), view).text,
                "the brat .txt is the {name} view"
            );
        }
        let manifest: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(folder.join("pizhu-export.json")).unwrap())
                .unwrap();
        assert_eq!(manifest["view"], name);
        assert_eq!(manifest["offsets"], "codepoint");
        let conf = fs::read_to_string(folder.join("annotation.conf")).unwrap();
        assert!(conf.contains(&format!("{name} view")), "{conf}");

        let path = out.path().join(format!("{name}.json"));
        run_export(&corpus, Format::LabelStudio, view, None, &path);
        assert_eq!(
            sorted(read_labelstudio(&path, OffsetUnit::Utf16)),
            labelled,
            "labelstudio {name}"
        );

        let path = out.path().join(format!("{name}.csv"));
        run_export(&corpus, Format::Csv, view, None, &path);
        assert_eq!(sorted(read_csv(&path, &corpus, view)), all, "csv {name}");

        let path = out.path().join(format!("{name}.jsonld"));
        run_export(&corpus, Format::W3c, view, None, &path);
        assert_eq!(sorted(read_w3c(&path, &corpus, view)), all, "w3c {name}");

        let path = out.path().join(format!("{name}.conll"));
        let outcome = run_export(&corpus, Format::Conll, view, None, &path);
        let conll = fs::read_to_string(&path).unwrap();
        let mut chunks: Vec<(Option<String>, String)> = read_chunks(&conll)
            .into_iter()
            .map(|(_, tag, text)| (Some(tag), text))
            .collect();
        chunks.sort();
        // Every labelled span but the overlapped ones (郑轲 inside 市委书记郑轲; in the Original
        // view also the pinyin inside 茶亭經(jīng)開區), without whitespace.
        let overlapped: BTreeSet<String> = outcome
            .manifest
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Overlap)
            .filter_map(|p| p.id.clone())
            .collect();
        let mut wanted_overlaps = BTreeSet::from([fixed_id(5)]);
        if view == ViewKind::Original {
            wanted_overlaps.insert(fixed_id(2));
        }
        assert_eq!(overlapped, wanted_overlaps, "{name}");
        let mut wanted: Vec<(Option<String>, String)> = expected(&corpus, view)
            .into_iter()
            .filter(|(id, _, tag, _)| tag.is_some() && !overlapped.contains(id))
            .map(|(_, _, tag, quote)| (tag, quote.split_whitespace().collect()))
            .collect();
        wanted.sort();
        assert_eq!(chunks, wanted, "conll {name}");

        let path = out.path().join(format!("{name}.md"));
        run_export(&corpus, Format::Markdown, view, None, &path);
        let markdown = fs::read_to_string(&path).unwrap();
        for (_, _, quote) in &all {
            let first_line = quote.lines().next().unwrap().trim_end();
            assert!(
                markdown.contains(&format!("> {}", markdown::escape(first_line))),
                "markdown {name}: {quote:?}"
            );
        }

        let path = out.path().join(format!("{name}.html"));
        run_export(&corpus, Format::Html, view, None, &path);
        let html = fs::read_to_string(&path).unwrap();
        for (_, _, quote) in &all {
            let listed = format!("<q class=\"quote\">{}</q>", escaped(quote));
            assert!(html.contains(&listed), "html {name}: {quote:?}");
        }
    }
}

#[test]
fn a_traditional_name_exports_simplified_in_jian_and_pinyin_is_reported() {
    let corpus = Corpus::annotated();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("jian.jsonl");
    let outcome = run_export(&corpus, Format::Jsonl, ViewKind::Simplified, None, &path);
    let spans = read_jsonl(&path, OffsetUnit::CodePoint);
    assert!(spans.contains(&(
        SYNTHETIC_PATH.to_owned(),
        Some("PER".to_owned()),
        "黄坤明".to_owned()
    )));
    assert!(spans.contains(&(
        S001.to_owned(),
        Some("LOC".to_owned()),
        "茶亭经开区".to_owned()
    )));
    for line in fs::read_to_string(&path).unwrap().lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(
            !value["text"].as_str().unwrap().contains("黃坤明"),
            "simplified text only"
        );
    }
    let manifest = &outcome.manifest;
    assert_eq!(manifest.counts.not_in_view, 1);
    let gone = manifest
        .problems
        .iter()
        .find(|p| p.kind == ProblemKind::NotInView)
        .unwrap();
    assert_eq!(gone.quote.as_deref(), Some("(jīng)"));
    assert!(!gone.exported);
    assert_eq!(manifest.counts.highlights_omitted, 1);
    // In the Original view the pinyin annotation is there, and nothing is reported.
    let path = out.path().join("original.jsonl");
    let outcome = run_export(&corpus, Format::Jsonl, ViewKind::Original, None, &path);
    assert_eq!(outcome.manifest.counts.not_in_view, 0);
    assert!(read_jsonl(&path, OffsetUnit::CodePoint).contains(&(
        S001.to_owned(),
        Some("MISC".to_owned()),
        "(jīng)".to_owned()
    )));
}

#[test]
fn utf16_offsets_count_two_for_a_char_outside_the_bmp() {
    let corpus = Corpus::annotated();
    let out = tempfile::tempdir().unwrap();
    let original = corpus.original(SYNTHETIC_PATH);
    let after = nth(&original, "黃坤明", 1); // the one right after 𠮷
    for (format, file, unit) in [
        (Format::LabelStudio, "ls.json", None),
        (Format::Jsonl, "u.jsonl", Some(OffsetUnit::Utf16)),
        (Format::Csv, "u.csv", Some(OffsetUnit::Utf16)),
    ] {
        let path = out.path().join(file);
        let outcome = run_export(&corpus, format, ViewKind::Original, unit, &path);
        assert_eq!(outcome.manifest.offsets, OffsetUnit::Utf16);
        let text = fs::read_to_string(&path).unwrap();
        let wanted = format!("{},{}", after.start + 1, after.end + 1);
        let found = match format {
            Format::Csv => text.contains(&format!("utf16,{wanted},PER")),
            Format::Jsonl => text.contains(&format!("[{wanted},\"PER\"]")),
            _ => text.contains(&format!(
                "\"start\":{},\"end\":{}",
                after.start + 1,
                after.end + 1
            )),
        };
        assert!(
            found,
            "{format}: no span at {wanted} (UTF-16) in {text:.300}"
        );
    }
    // Code points by default for jsonl, and a refusal for W3C in UTF-16.
    let path = out.path().join("cp.jsonl");
    run_export(&corpus, Format::Jsonl, ViewKind::Original, None, &path);
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains(&format!("[{},{},\"PER\"]", after.start, after.end))
    );
    let output = pizhu(&[
        "export",
        arg(corpus.path()),
        "--format",
        "w3c",
        "--offsets",
        "utf16",
        "-o",
        arg(&out.path().join("x.jsonld")),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("code points"),
        "{}",
        stderr(&output)
    );
    assert!(!out.path().join("x.jsonld").exists());
}

/// The HTML report dims seed 000's appended related articles like boilerplate, as the reader
/// does, and not the article's own text.
#[test]
fn html_dims_appended_related_articles() {
    const S000: &str = "000_aee7d7dda944679f.txt";
    let corpus = Corpus::bare();
    let original = corpus.original(S000);
    let a = Annotation::new(&original, nth(&original, "禅城区", 0), None, "").unwrap();
    corpus.write_sidecar(S000, vec![a]);
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("x.html");
    run_export(&corpus, Format::Html, ViewKind::Clean, None, &path);
    let html = fs::read_to_string(&path).unwrap();
    let paragraph_of = |text: &str| {
        let at = html
            .find(text)
            .unwrap_or_else(|| panic!("{text} in the report"));
        let start = html[..at].rfind("<p").unwrap();
        html[start..at].starts_with("<p class=\"bp\">")
    };
    // Line 8 opens the first appended article, line 20 the second; line 6 ends the article.
    assert!(paragraph_of("近日，佛山市公布"));
    assert!(paragraph_of("继日前赴顺德区调研学习后，10月13日"));
    assert!(!paragraph_of("会议还研究了其他事项。"));
}

#[test]
fn injection_and_escaping() {
    let corpus = Corpus::annotated();
    let out = tempfile::tempdir().unwrap();

    let path = out.path().join("x.csv");
    run_export(&corpus, Format::Csv, ViewKind::Original, None, &path);
    let bytes = fs::read(&path).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let notes: Vec<String> = reader.records().map(|r| r.unwrap()[8].to_owned()).collect();
    assert!(notes.contains(&"'=HYPERLINK(\"http://evil.example\",\"x\")".to_owned()));
    assert!(notes.contains(&"'@SUM(1+1)".to_owned()));
    assert!(notes.contains(&"'-负责人".to_owned()));
    assert!(
        notes.contains(&"多行\n备注\t制表".to_owned()),
        "kept whole, quoted"
    );
    assert!(
        !notes.iter().any(|n| n.starts_with(['=', '+', '-', '@'])),
        "{notes:?}"
    );

    let path = out.path().join("x.html");
    run_export(&corpus, Format::Html, ViewKind::Original, None, &path);
    let html = fs::read_to_string(&path).unwrap();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script"), "no script element at all");
    assert!(
        html.contains("<mark class=\"t0\""),
        "PER highlighted in its colour"
    );

    let path = out.path().join("x.md");
    run_export(&corpus, Format::Markdown, ViewKind::Original, None, &path);
    let markdown = fs::read_to_string(&path).unwrap();
    assert!(markdown.contains("\\<script\\>alert(1)\\</script\\>"));
    assert!(!markdown.contains("<script>"));

    let folder = out.path().join("brat");
    run_export(&corpus, Format::Brat, ViewKind::Original, None, &folder);
    let ann = fs::read_to_string(folder.join("002_6e5af457e60a8f77.ann")).unwrap();
    assert!(ann.contains("AnnotatorNotes T1\t多行 备注 制表\n"), "{ann}");

    let path = out.path().join("x.jsonl");
    run_export(&corpus, Format::Jsonl, ViewKind::Original, None, &path);
    for line in fs::read_to_string(&path).unwrap().lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
}

// ---------------------------------------------------------------- round trips

/// A stored annotation as compared: ((start, end), tag, note).
type Stored = ((usize, usize), Option<String>, String);

fn key(range: Range<usize>) -> (usize, usize) {
    (range.start, range.end)
}

/// (range, tag, note) of every tagged annotation of `file`.
fn stored(corpus: &Corpus, file: &str) -> BTreeSet<Stored> {
    corpus
        .annotations(file)
        .into_iter()
        .filter(|a| a.tag.is_some())
        .map(|a| (key(a.range()), a.tag.map(|t| t.as_str().to_owned()), a.note))
        .collect()
}

fn files() -> [&'static str; 5] {
    [S001, S002, S003, S004, SYNTHETIC_PATH]
}

#[test]
fn round_trips_through_jsonl_brat_and_label_studio_in_every_view() {
    let source = Corpus::annotated();
    let out = tempfile::tempdir().unwrap();
    for view in ViewKind::ALL {
        for format in [Format::Jsonl, Format::Brat, Format::LabelStudio] {
            let name = format!("{}-{}", view.name(), format.name());
            let path = out.path().join(&name);
            let outcome = run_export(&source, format, view, None, &path);
            let target = Corpus::bare();
            let import_format = match format {
                Format::Jsonl => "doccano",
                Format::Brat => "brat",
                _ => "labelstudio",
            };
            let output = pizhu(&[
                "import",
                arg(target.path()),
                "--format",
                import_format,
                "--json",
                arg(&path),
            ]);
            assert_ok(&output);
            let report: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
            assert_eq!(report["unmatched"], 0, "{name}: {report}");
            // Everything the view shows exactly comes back with the same range, tag and note;
            // what it does not show was reported by the export, never shifted.
            let not_exact: BTreeSet<String> = outcome
                .manifest
                .problems
                .iter()
                .filter_map(|p| p.id.clone())
                .collect();
            for file in files() {
                let wanted: BTreeSet<_> = source
                    .annotations(file)
                    .into_iter()
                    .filter(|a| a.tag.is_some() && !not_exact.contains(a.id.as_str()))
                    .map(|a| {
                        let range = key(a.range());
                        let note = if format == Format::Brat {
                            a.note.replace(['\n', '\t'], " ")
                        } else {
                            a.note
                        };
                        (range, a.tag.map(|t| t.as_str().to_owned()), note)
                    })
                    .collect();
                let got = stored(&target, file);
                let got_exact: BTreeSet<_> = got
                    .iter()
                    .filter(|(range, tag, _)| wanted.iter().any(|(r, t, _)| r == range && t == tag))
                    .cloned()
                    .collect();
                assert_eq!(got_exact, wanted, "{name}: {file}");
            }
            // Importing again adds nothing.
            let again = pizhu(&[
                "import",
                arg(target.path()),
                "--format",
                import_format,
                "--json",
                arg(&path),
            ]);
            assert_ok(&again);
            let report: serde_json::Value = serde_json::from_str(stdout(&again).trim()).unwrap();
            assert_eq!(report["added"], 0, "{name}: {report}");
            assert_eq!(report["reanchored"], 0, "{name}: {report}");
        }
    }
}

#[test]
fn a_mismatched_import_is_reported_and_changes_nothing_it_cannot_place() {
    let corpus = Corpus::bare();
    let out = tempfile::tempdir().unwrap();
    let original = corpus.original(SYNTHETIC_PATH);
    let guangzhou = nth(&original, "廣州", 0);
    let lines = [
        // Matched by path, text and offsets exact.
        serde_json::json!({"text": original, "label": [[guangzhou.start, guangzhou.end, "LOC"]],
                           "meta": {"file": SYNTHETIC_PATH}}),
        // Matched by path, but its text was edited: 黃坤明 moved by a prefix; re-anchored.
        serde_json::json!({"text": format!("前言。{original}"), "label": [[7, 10, "PER"]],
                           "meta": {"file": SYNTHETIC_PATH}}),
        // A quote that is nowhere in the article.
        serde_json::json!({"text": "完全不同的文字：習近平", "label": [[7, 10, "PER"]],
                           "meta": {"file": SYNTHETIC_PATH}}),
        // No such article, and a text no article has.
        serde_json::json!({"text": "没有这篇文章", "label": [[0, 2, "ORG"]],
                           "meta": {"file": "missing.txt"}}),
        // Matched by its text alone (no file named).
        serde_json::json!({"text": original, "label": [[0, 2, "GPE"]]}),
    ];
    let path = out.path().join("in.jsonl");
    let body: Vec<String> = lines.iter().map(ToString::to_string).collect();
    fs::write(&path, body.join("\n") + "\nnot json\n").unwrap();

    // A dry run reports and writes nothing.
    let dry = pizhu(&[
        "import",
        arg(corpus.path()),
        "--format",
        "jsonl",
        "--dry-run",
        arg(&path),
    ]);
    assert_ok(&dry);
    assert!(stdout(&dry).contains("dry run"), "{}", stdout(&dry));
    assert!(!corpus.sidecar_path(SYNTHETIC_PATH).exists());
    assert!(!corpus.path().join("pizhu.ron").exists());

    // --strict refuses the unknown label GPE, before writing anything.
    let strict = pizhu(&[
        "import",
        arg(corpus.path()),
        "--format",
        "doccano",
        "--strict",
        arg(&path),
    ]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(stderr(&strict).contains("GPE"), "{}", stderr(&strict));
    assert_eq!(stderr(&strict).trim().lines().count(), 1, "one sentence");
    assert!(!corpus.sidecar_path(SYNTHETIC_PATH).exists());

    let output = pizhu(&[
        "import",
        arg(corpus.path()),
        "--format",
        "doccano",
        "--json",
        arg(&path),
    ]);
    assert_ok(&output);
    let report: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(report["documents"], 6, "{report}");
    assert_eq!(report["added"], 2, "{report}");
    assert_eq!(report["reanchored"], 1, "{report}");
    assert_eq!(report["unmatched"], 2, "{report}");
    assert_eq!(report["new_tags"], serde_json::json!(["GPE"]));
    let items = report["items"].as_array().unwrap();
    let why = |needle: &str| {
        items
            .iter()
            .any(|i| i["detail"].as_str().unwrap().contains(needle))
    };
    assert!(why("not in the original view"), "{report}");
    assert!(why("no article"), "{report}");
    assert!(why("not a JSON object"), "{report}");
    let stored = stored(&corpus, SYNTHETIC_PATH);
    let ranges: Vec<_> = stored.iter().map(|(r, t, _)| (*r, t.clone())).collect();
    assert!(ranges.contains(&(key(guangzhou), Some("LOC".to_owned()))));
    assert!(ranges.contains(&(key(nth(&original, "黃坤明", 0)), Some("PER".to_owned()))));
    assert!(ranges.contains(&((0, 2), Some("GPE".to_owned()))));
    assert!(
        fs::read_to_string(corpus.path().join("pizhu.ron"))
            .unwrap()
            .contains("GPE"),
        "the new tag is saved with the tag set"
    );
}

#[test]
fn brat_import_matches_by_path_and_corrects_the_offset_unit() {
    let corpus = Corpus::bare();
    let out = tempfile::tempdir().unwrap();
    let brat = out.path().join("brat/sub");
    fs::create_dir_all(&brat).unwrap();
    let original = corpus.original(SYNTHETIC_PATH);
    fs::write(brat.join("黃坤明.txt"), &original).unwrap();
    let after = nth(&original, "黃坤明", 1);
    // UTF-16 offsets in a file that does not say so (brat on a narrow Python build).
    fs::write(
        brat.join("黃坤明.ann"),
        format!(
            "T1\tPER {} {}\t黃坤明\n#1\tAnnotatorNotes T1\t第二次\nR1\tRel Arg1:T1 Arg2:T1\n",
            after.start + 1,
            after.end + 1
        ),
    )
    .unwrap();
    let output = pizhu(&[
        "import",
        arg(corpus.path()),
        "--format",
        "brat",
        "--json",
        arg(&out.path().join("brat")),
    ]);
    assert_ok(&output);
    let report: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(report["reanchored"], 1, "{report}");
    let detail = report["items"][0]["detail"].as_str().unwrap();
    assert!(detail.contains("UTF-16"), "{detail}");
    assert_eq!(
        stored(&corpus, SYNTHETIC_PATH),
        BTreeSet::from([(key(after), Some("PER".to_owned()), "第二次".to_owned())])
    );
}

/// The window's way to apply: load the articles off the store's lock (cancellable, changing
/// nothing), then insert and commit; the same annotations as the command line's `apply`.
#[test]
fn a_loaded_plan_commits_like_apply_and_a_cancelled_load_changes_nothing() {
    use pizhu::annotate::AnnotationStore;
    use pizhu::export::import::{ImportError, ImportFormat, ImportOptions, plan};

    let corpus = Corpus::bare();
    let out = tempfile::tempdir().unwrap();
    let original = corpus.original(SYNTHETIC_PATH);
    let name = nth(&original, "黃坤明", 0);
    let file = out.path().join("in.jsonl");
    let line = serde_json::json!({"text": original, "label": [[name.start, name.end, "PER"]],
                                  "meta": {"file": SYNTHETIC_PATH}});
    fs::write(&file, format!("{line}\n")).unwrap();
    let options = ImportOptions {
        format: ImportFormat::Doccano,
        view: None,
        unit: None,
        strict: false,
    };
    let planned = plan(corpus.path(), &[file], &options, &AtomicBool::new(false)).unwrap();
    assert_eq!(planned.document_count(), 1);
    let mut store = AnnotationStore::open(corpus.path()).unwrap();
    let loader = store.loader();

    let cancelled = planned.load_documents(&loader, &AtomicBool::new(true), |_, _| {});
    assert!(matches!(cancelled, Err(ImportError::Cancelled)));

    let mut seen = Vec::new();
    let loaded = planned
        .load_documents(&loader, &AtomicBool::new(false), |done, total| {
            seen.push((done, total));
        })
        .unwrap();
    assert_eq!(seen, vec![(1, 1)]);
    let report = planned.commit_loaded(&mut store, loaded).unwrap();
    assert_eq!(report.added, 1);
    let doc = store.key_for(Path::new(SYNTHETIC_PATH)).unwrap();
    let annotations = store.annotations(&doc);
    assert_eq!(annotations.len(), 1);
    assert_eq!(annotations[0].range(), name.clone());
    assert_eq!(annotations[0].tag.as_ref().map(TagId::as_str), Some("PER"));
    assert!(
        store.save_dirty().iter().all(|r| r.outcome.is_saved()),
        "saved like any edit"
    );
    assert_eq!(
        stored(&corpus, SYNTHETIC_PATH),
        BTreeSet::from([(key(name), Some("PER".to_owned()), String::new())])
    );
}

/// A span the inputs name twice (two lines of one file, or two files) is added once and
/// reported as already present, in the dry run and when applied.
#[test]
fn a_span_named_twice_is_added_once() {
    use pizhu::annotate::AnnotationStore;
    use pizhu::export::import::{ImportFormat, ImportOptions, plan};

    let corpus = Corpus::bare();
    let out = tempfile::tempdir().unwrap();
    let original = corpus.original(SYNTHETIC_PATH);
    let name = nth(&original, "黃坤明", 0);
    let line = serde_json::json!({"text": original, "label": [[name.start, name.end, "PER"]],
                                  "meta": {"file": SYNTHETIC_PATH}});
    let first = out.path().join("a.jsonl");
    let second = out.path().join("b.jsonl");
    fs::write(&first, format!("{line}\n{line}\n")).unwrap();
    fs::write(&second, format!("{line}\n")).unwrap();
    let options = ImportOptions::new(ImportFormat::Doccano);
    let planned = plan(
        corpus.path(),
        &[first, second],
        &options,
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(
        (planned.report().added, planned.report().already_present),
        (1, 2),
        "dry run"
    );
    let mut store = AnnotationStore::open(corpus.path()).unwrap();
    let report = planned.apply(&mut store).unwrap();
    assert_eq!((report.added, report.already_present), (1, 2), "applied");
    let doc = store.key_for(Path::new(SYNTHETIC_PATH)).unwrap();
    assert_eq!(store.annotations(&doc).len(), 1);
}

// ---------------------------------------------------------------- reports, scope, CLI

#[test]
fn orphans_are_reported_not_exported() {
    let corpus = Corpus::annotated();
    // The article changes: 鄭軻 is gone.
    let changed = SYNTHETIC.replace("鄭軻", "某人");
    fs::write(corpus.path().join(SYNTHETIC_PATH), changed).unwrap();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("x.csv");
    let before = fs::read(corpus.sidecar_path(SYNTHETIC_PATH)).unwrap();
    let outcome = run_export(&corpus, Format::Csv, ViewKind::Original, None, &path);
    assert_eq!(outcome.manifest.counts.orphans, 1);
    let orphan = outcome
        .manifest
        .problems
        .iter()
        .find(|p| p.kind == ProblemKind::Orphan)
        .unwrap();
    assert_eq!(orphan.quote.as_deref(), Some("鄭軻"));
    assert!(!fs::read_to_string(&path).unwrap().contains("鄭軻"));
    assert_eq!(
        fs::read(corpus.sidecar_path(SYNTHETIC_PATH)).unwrap(),
        before,
        "exports never write sidecars"
    );
}

#[test]
fn cli_scopes_tags_manifest_and_errors() {
    let corpus = Corpus::annotated();
    let out = tempfile::tempdir().unwrap();

    // One file; only PER; a manifest beside; progress and summary on stderr.
    let path = out.path().join("one.csv");
    let manifest = out.path().join("one.json");
    let output = pizhu(&[
        "export",
        arg(&corpus.path().join(SYNTHETIC_PATH)),
        "--format",
        "csv",
        "--view",
        "simplified",
        "--tags",
        "PER",
        "--manifest",
        arg(&manifest),
        "-o",
        arg(&path),
    ]);
    assert_ok(&output);
    assert!(
        stderr(&output).contains("3 annotations"),
        "{}",
        stderr(&output)
    );
    let bytes = fs::read(&path).unwrap();
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(&bytes[3..])
        .records()
        .map(Result::unwrap)
        .collect();
    let quotes: Vec<(&str, &str)> = rows.iter().map(|r| (&r[5], &r[7])).collect();
    assert_eq!(
        quotes,
        [("PER", "黄坤明"), ("PER", "黄坤明"), ("PER", "郑轲")]
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&manifest).unwrap()).unwrap();
    assert_eq!(manifest["tags"], serde_json::json!(["PER"]));
    assert_eq!(manifest["view"], "simplified");

    // Standard output.
    let output = pizhu(&["export", arg(corpus.path()), "--format", "jsonl", "-o", "-"]);
    assert_ok(&output);
    assert_eq!(
        stdout(&output).lines().count(),
        5,
        "five annotated articles"
    );

    // Errors are one sentence, exit 1; nothing written.
    let full = out.path().join("full");
    fs::create_dir(&full).unwrap();
    fs::write(full.join("mine.txt"), "keep").unwrap();
    let output = pizhu(&[
        "export",
        arg(corpus.path()),
        "--format",
        "brat",
        "-o",
        arg(&full),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output).trim().lines().count(),
        1,
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("not an empty folder"));
    assert_eq!(fs::read_to_string(full.join("mine.txt")).unwrap(), "keep");
    let inside = corpus.path().join("export.md");
    let output = pizhu(&[
        "export",
        arg(corpus.path()),
        "--format",
        "markdown",
        "-o",
        arg(&inside),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!inside.exists());
    let output = pizhu(&[
        "export",
        arg(&corpus.path().join("nothing")),
        "--format",
        "csv",
        "-o",
        arg(&path),
    ]);
    assert_eq!(output.status.code(), Some(1));

    // Usage errors exit 2.
    let output = pizhu(&["export", arg(corpus.path()), "--format", "xlsx", "-o", "x"]);
    assert_eq!(output.status.code(), Some(2));
    let output = pizhu(&["import", arg(corpus.path()), "--format", "brat"]);
    assert_eq!(output.status.code(), Some(2), "an input is required");
}

// ---------------------------------------------------------------- snapshots

/// Replaces long `text` values of JSON (the view's whole text) by their length and start, so
/// snapshots show structure and offsets; the text itself is checked by the tests above.
fn digest_texts(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "text"
                    && let Some(text) = v.as_str()
                    && text.chars().count() > 60
                {
                    let start: String = text.chars().take(12).collect();
                    *v = serde_json::Value::String(format!(
                        "{start}… ({} chars)",
                        text.chars().count()
                    ));
                } else {
                    digest_texts(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(digest_texts),
        _ => {}
    }
}

fn snapshot_export(format: Format, files: &[&str], out: &Path) -> ExportOutcome {
    let corpus = Corpus::annotated();
    let mut options = ExportOptions::new(format);
    options.view = ViewKind::Simplified;
    let request = ExportRequest {
        corpus_root: corpus.path().to_owned(),
        scope: Scope::Articles(files.iter().map(|f| PathBuf::from(f).into()).collect()),
        options,
        destination: Destination::for_format(format, out),
        manifest_path: None,
    };
    export(&request, &AtomicBool::new(false), &mut |_| {}).unwrap()
}

#[test]
fn snapshots_of_every_format() {
    let out = tempfile::tempdir().unwrap();
    let files = [S001, S003, SYNTHETIC_PATH];

    let path = out.path().join("x.jsonl");
    snapshot_export(Format::Jsonl, &files, &path);
    let mut lines = Vec::new();
    for line in fs::read_to_string(&path).unwrap().lines() {
        let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
        digest_texts(&mut value);
        lines.push(serde_json::to_string_pretty(&value).unwrap());
    }
    insta::assert_snapshot!("jsonl", lines.join("\n"));

    let path = out.path().join("x.json");
    snapshot_export(Format::LabelStudio, &files, &path);
    let mut value: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    digest_texts(&mut value);
    insta::assert_snapshot!("labelstudio", serde_json::to_string_pretty(&value).unwrap());
    insta::assert_snapshot!(
        "labelstudio_config",
        fs::read_to_string(out.path().join("x.label_config.xml")).unwrap()
    );

    let folder = out.path().join("brat");
    let outcome = snapshot_export(Format::Brat, &files, &folder);
    let mut brat = String::new();
    for name in [
        "001_ebed7b38f3e0333c.ann",
        "003_6d7fffe9468177c8.ann",
        "sub/黃坤明.ann",
        "annotation.conf",
        "visual.conf",
    ] {
        brat.push_str(&format!(
            "==> {name}\n{}",
            fs::read_to_string(folder.join(name)).unwrap()
        ));
    }
    insta::assert_snapshot!("brat", brat);
    insta::assert_snapshot!("manifest", outcome.manifest.to_json());

    let path = out.path().join("x.csv");
    snapshot_export(Format::Csv, &files, &path);
    insta::assert_snapshot!("csv", fs::read_to_string(&path).unwrap());

    let path = out.path().join("x.jsonld");
    snapshot_export(Format::W3c, &files, &path);
    let value: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    insta::assert_snapshot!("w3c", serde_json::to_string_pretty(&value).unwrap());

    let path = out.path().join("x.md");
    snapshot_export(Format::Markdown, &files, &path);
    insta::assert_snapshot!("markdown", fs::read_to_string(&path).unwrap());

    // The bulky formats (one line per char, the whole text) on the synthetic article only.
    let path = out.path().join("x.conll");
    snapshot_export(Format::Conll, &[SYNTHETIC_PATH], &path);
    insta::assert_snapshot!("conll", fs::read_to_string(&path).unwrap());

    let path = out.path().join("x.html");
    snapshot_export(Format::Html, &[SYNTHETIC_PATH], &path);
    insta::assert_snapshot!("html", fs::read_to_string(&path).unwrap());
}
