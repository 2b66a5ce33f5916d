//! Fuzz-style tests of the loaders of files Pizhu reads from disk: valid files are mutated
//! (bit flips, inserted bytes and RON/JSON/brat tokens, deletions, duplications, truncations)
//! and each loader must never panic, must report a bad file with a sentence (and a line and
//! column inside the file for parse errors), and whatever it accepts must survive a write and a
//! re-read unchanged. Through the store, a file that loads read-only is never written, and one
//! that loads is saved without losing an annotation.
//!
//! The importers (doccano JSONL, brat, Label Studio) are fuzzed end to end: the mutated file is
//! imported into a one-article folder (`plan`, then `apply` and save, as `pizhu import` does);
//! a file refused, a bad document and an unmatched span each come with a sentence; what is
//! imported is exported again in the same format and imported into a fresh copy of the folder,
//! which must end with the same annotations (range, tag, note).
//!
//! `cargo test --test core fuzz::` runs a CI-sized number of cases; `cargo test --test core fuzz:: --
//! --ignored` a long run (`PIZHU_FUZZ_CASES` sets the count). Inputs that once failed live in
//! `tests/data/fuzz/<target>/` and are replayed by every run; a new failure is written to
//! `target/fuzz-failures/` to be copied there.
//!
//! **Adding a loader**: add a [`Target`] to [`TARGETS`] with a few valid files as seeds and a
//! `check` that loads the bytes and asserts what must hold, and a folder
//! `tests/data/fuzz/<name>/` for its regressions. Nothing else changes.
//!
//! Offsets in the seeds are chars of [`TEXT`], the article the store and importer targets open
//! (UTF-16 code units in the Label Studio seeds, as Label Studio counts).

#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use pizhu::annotate::disk::DiskStamp;
use pizhu::annotate::sidecar::{
    self, CorpusFile, DocumentHeader, SidecarError, SidecarFile, corpus_file_to_string,
    parse_corpus_file, parse_sidecar, sidecar_to_string,
};
use pizhu::annotate::{
    Annotation, AnnotationStore, DiskState, Edit, SidecarIo, StorageLocation, TagId, TextIndex,
};
use pizhu::export::import::{ImportFormat, ImportOptions, plan};
use pizhu::export::{Destination, ExportOptions, ExportRequest, Format, Scope, export};
use pizhu::text::ViewKind;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

/// The article the store target opens.
const TEXT: &str =
    "省委书记黃坤明在廣州調研。广州要坚持稳中求进，𠮷野家，全角ＡＢＣ。\r\n第二段：何黨生強調。";

/// A loader under test.
struct Target {
    /// Its name, also the folder of its regressions under `tests/data/fuzz/`.
    name: &'static str,
    /// The extension of its files (a failing input is kept with it).
    extension: &'static str,
    /// Valid inputs to mutate.
    seeds: fn() -> Vec<Vec<u8>>,
    /// Loads `bytes` and asserts what must hold (panics otherwise); true when the loader
    /// accepted them (a run that never gets past the parser tests little).
    check: fn(&[u8]) -> bool,
}

/// Every loader fuzzed. Add importers here.
const TARGETS: &[Target] = &[
    Target {
        name: "sidecar",
        extension: "ron",
        seeds: sidecar_seeds,
        check: check_sidecar,
    },
    Target {
        name: "corpus-file",
        extension: "ron",
        seeds: corpus_seeds,
        check: check_corpus_file,
    },
    Target {
        name: "store-open",
        extension: "ron",
        seeds: sidecar_seeds,
        check: check_store_open,
    },
    Target {
        name: "doccano",
        extension: "jsonl",
        seeds: doccano_seeds,
        check: check_doccano,
    },
    Target {
        name: "brat",
        extension: "ann",
        seeds: brat_seeds,
        check: check_brat,
    },
    Target {
        name: "labelstudio",
        extension: "json",
        seeds: labelstudio_seeds,
        check: check_labelstudio,
    },
];

// ---- seeds ----

fn annotation(
    text: &TextIndex,
    range: std::ops::Range<usize>,
    tag: &str,
    note: &str,
) -> Annotation {
    let mut a = Annotation::new_in(text, range, TagId::new(tag).ok(), note).unwrap();
    a.created = "2026-01-01T00:00:00Z".into();
    a.modified = "2026-01-02T00:00:00Z".into();
    a
}

fn sidecar_seeds() -> Vec<Vec<u8>> {
    let text = TextIndex::new(TEXT);
    let header = DocumentHeader {
        file: "a.txt".into(),
        chars: text.chars(),
        fingerprint: text.fingerprint(),
    };
    let full = SidecarFile {
        version: 1,
        document: header.clone(),
        annotations: vec![
            annotation(&text, 4..7, "PER", ""),
            annotation(&text, 8..10, "LOC", "引号\"与\\反斜杠\n换行"),
            annotation(&text, 24..27, "ORG", "𠮷"),
        ],
    };
    let other_text = SidecarFile {
        document: DocumentHeader {
            fingerprint: "blake3:00".into(),
            chars: 12,
            ..header.clone()
        },
        ..full.clone()
    };
    let empty = SidecarFile {
        version: 1,
        document: header,
        annotations: Vec::new(),
    };
    [full, other_text, empty]
        .iter()
        .map(|f| {
            sidecar_to_string(f, Path::new("a.txt.annotations.ron"))
                .unwrap()
                .into_bytes()
        })
        .collect()
}

fn corpus_seeds() -> Vec<Vec<u8>> {
    vec![
        corpus_file_to_string(&CorpusFile::default(), Path::new("pizhu.ron"))
            .unwrap()
            .into_bytes(),
        b"(version: 1, tags: [])".to_vec(),
    ]
}

// ---- checks ----

/// A parse error points inside the file; any error is one non-empty sentence.
fn check_error(bytes: &[u8], error: &SidecarError) {
    let sentence = error.to_string();
    assert!(!sentence.trim().is_empty());
    assert!(
        !sentence.contains('\n') || sentence.lines().count() < 4,
        "{sentence}"
    );
    if let SidecarError::Parse { line, column, .. } = error {
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        assert!(*line >= 1 && *column >= 1, "{line}:{column}");
        assert!(*line <= lines + 1, "line {line} of {lines}");
    }
}

fn check_sidecar(bytes: &[u8]) -> bool {
    let path = Path::new("a.txt.annotations.ron");
    match parse_sidecar(path, bytes) {
        Ok(file) => {
            // What is accepted is valid and survives our own write.
            let ids: BTreeSet<_> = file.annotations.iter().map(|a| &a.id).collect();
            assert_eq!(ids.len(), file.annotations.len(), "duplicate ids accepted");
            assert!(file.annotations.iter().all(|a| a.start <= a.end));
            assert!(file.version == sidecar::FORMAT_VERSION);
            let written = sidecar_to_string(&file, path).unwrap();
            assert_eq!(parse_sidecar(path, written.as_bytes()).unwrap(), file);
            true
        }
        Err(error) => {
            check_error(bytes, &error);
            false
        }
    }
}

fn check_corpus_file(bytes: &[u8]) -> bool {
    let path = Path::new("pizhu.ron");
    match parse_corpus_file(path, bytes) {
        Ok(file) => {
            let written = corpus_file_to_string(&file, path).unwrap();
            assert_eq!(parse_corpus_file(path, written.as_bytes()).unwrap(), file);
            true
        }
        Err(error) => {
            check_error(bytes, &error);
            false
        }
    }
}

/// Files in memory (the lock file is real: a shared temp folder).
#[derive(Debug, Default)]
struct MemoryIo(Mutex<HashMap<PathBuf, Vec<u8>>>);

impl SidecarIo for MemoryIo {
    fn read(&self, path: &Path) -> io::Result<Option<(Vec<u8>, DiskState)>> {
        Ok(self.0.lock().unwrap().get(path).map(|bytes| {
            (
                bytes.clone(),
                DiskState::Present(DiskStamp::of(bytes, None)),
            )
        }))
    }

    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> io::Result<DiskState> {
        self.0
            .lock()
            .unwrap()
            .insert(path.to_owned(), bytes.to_vec());
        Ok(DiskState::Present(DiskStamp::of(bytes, None)))
    }
}

fn lock_folder() -> &'static Path {
    static FOLDER: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    FOLDER.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

/// Through the store: opening never panics; read-only is never written; a loaded file is saved
/// (if the store wants to) without losing an annotation.
fn check_store_open(bytes: &[u8]) -> bool {
    let io = Arc::new(MemoryIo::default());
    let root = lock_folder();
    let location = StorageLocation::beside(root);
    let path = location.sidecar_path(Path::new("a.txt"));
    io.0.lock().unwrap().insert(path.clone(), bytes.to_vec());
    let mut store = AnnotationStore::with_io(location, io.clone());
    let report = store.open_document(Path::new("a.txt"), TEXT).unwrap();
    let before: BTreeSet<String> = store
        .annotations(&report.key)
        .iter()
        .map(|a| a.id.to_string())
        .collect();
    for outcome in store.save_dirty() {
        assert!(outcome.outcome.is_saved(), "{outcome:?}");
    }
    let after = io.0.lock().unwrap().get(&path).cloned().unwrap();
    if report.read_only {
        assert!(store.load_error(&report.key).is_some());
        assert_eq!(after, bytes, "a file that loads read-only is never written");
        return false;
    }
    let saved = parse_sidecar(&path, &after).unwrap();
    let on_disk: BTreeSet<String> = saved.annotations.iter().map(|a| a.id.to_string()).collect();
    assert_eq!(
        on_disk, before,
        "no annotation lost or invented by opening and saving"
    );
    true
}

// ---- importers ----

/// The one article of the importers' folder, by path.
const ARTICLE: &str = "a.txt";

/// A folder with the one article [`TEXT`] as `a.txt`.
fn article_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(ARTICLE), TEXT).unwrap();
    dir
}

/// The char range of the `n`-th `needle` in [`TEXT`].
fn chars_of(needle: &str) -> std::ops::Range<usize> {
    let byte = TEXT.find(needle).unwrap();
    let start = TEXT[..byte].chars().count();
    start..start + needle.chars().count()
}

/// The UTF-16 range of `needle` in [`TEXT`].
fn utf16_of(needle: &str) -> std::ops::Range<usize> {
    let byte = TEXT.find(needle).unwrap();
    let start = TEXT[..byte].encode_utf16().count();
    start..start + needle.encode_utf16().count()
}

/// Pizhu's own export of a few annotations on [`TEXT`] (a note with quotes, a backslash and a
/// line break; a name after a character outside the BMP), in `format` and `view`: the bytes of
/// the file (of `a.ann` for brat).
fn pizhu_export(format: Format, view: ViewKind) -> Vec<u8> {
    let folder = article_folder();
    let mut store = AnnotationStore::open(folder.path()).unwrap();
    let key = store.open_document(Path::new(ARTICLE), TEXT).unwrap().key;
    let text = store.text(&key).unwrap().clone();
    for (needle, tag, note) in [
        ("黃坤明", "PER", "省委书记"),
        ("廣州", "LOC", "引号\"与\\反斜杠\n换行"),
        ("𠮷野家", "ORG", ""),
        ("何黨生", "PER", ""),
    ] {
        let a = annotation(&text, chars_of(needle), tag, note);
        store.edit(&key, Edit::Create(a)).unwrap();
    }
    assert!(store.save_dirty().iter().all(|r| r.outcome.is_saved()));
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("out");
    export_to(folder.path(), format, view, &path);
    match format {
        Format::Brat => std::fs::read(path.join("a.ann")).unwrap(),
        _ => std::fs::read(&path).unwrap(),
    }
}

fn export_to(folder: &Path, format: Format, view: ViewKind, out: &Path) {
    let mut options = ExportOptions::new(format);
    options.view = view;
    let request = ExportRequest {
        corpus_root: folder.to_owned(),
        scope: Scope::Corpus,
        options,
        destination: Destination::for_format(format, out),
        manifest_path: None,
    };
    export(&request, &AtomicBool::new(false), &mut |_| {}).unwrap();
}

fn doccano_seeds() -> Vec<Vec<u8>> {
    let (per, loc) = (chars_of("黃坤明"), chars_of("廣州"));
    let org = chars_of("𠮷野家");
    // doccano's own shapes, matched by text: `label` triples and `entities` objects.
    let foreign = format!(
        "{}\n{}\n",
        serde_json::json!({"id": 1, "text": TEXT, "label": [[per.start, per.end, "人物"]]}),
        serde_json::json!({"text": TEXT, "entities": [
            {"start_offset": loc.start, "end_offset": loc.end, "label": "LOC"},
            {"start_offset": org.start, "end_offset": org.end, "label": "ORG"}]}),
    );
    vec![
        pizhu_export(Format::Jsonl, ViewKind::Original),
        pizhu_export(Format::Jsonl, ViewKind::Simplified),
        foreign.into_bytes(),
    ]
}

fn brat_seeds() -> Vec<Vec<u8>> {
    let (per, loc) = (chars_of("黃坤明"), chars_of("廣州"));
    // Written by hand as brat users do: a relation and an attribute Pizhu skips, a
    // discontinuous span, a note.
    let name = chars_of("何黨生");
    let foreign = format!(
        "T1\tPER {} {}\t黃坤明\nT2\tLOC {} {}\t廣州\n#1\tAnnotatorNotes T1\t省委书记\nT3\tPER {} {};{} {}\t何黨 生\nR1\tRel Arg1:T1 Arg2:T2\nA1\tNeg T2\n",
        per.start,
        per.end,
        loc.start,
        loc.end,
        name.start,
        name.start + 2,
        name.start + 2,
        name.end,
    );
    vec![
        pizhu_export(Format::Brat, ViewKind::Original),
        foreign.into_bytes(),
    ]
}

fn labelstudio_seeds() -> Vec<Vec<u8>> {
    let org = utf16_of("𠮷野家");
    let per = utf16_of("何黨生");
    // Label Studio's own export: UTF-16 offsets, a note as a textarea result on the span.
    let foreign = serde_json::json!([{
        "id": 7,
        "data": {"text": TEXT},
        "annotations": [{"result": [
            {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": org.start, "end": org.end, "text": "𠮷野家", "labels": ["ORG"]}},
            {"id": "r2", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": per.start, "end": per.end, "text": "何黨生", "labels": ["PER"]}},
            {"id": "r2", "from_name": "note", "to_name": "text", "type": "textarea",
             "value": {"text": ["第二段"]}}
        ]}]
    }]);
    vec![
        pizhu_export(Format::LabelStudio, ViewKind::Original),
        pizhu_export(Format::LabelStudio, ViewKind::Simplified),
        foreign.to_string().into_bytes(),
    ]
}

/// A message a user reads: one non-empty sentence, not a dump.
fn assert_sentence(message: &str) {
    assert!(!message.trim().is_empty(), "an empty message");
    assert!(
        message.lines().count() <= 3 && message.chars().count() <= 2_000,
        "not a sentence: {message}"
    );
}

/// (start, end, tag, note) of every annotation of the article, from the store, sorted (a list,
/// not a set: an annotation imported twice is a failure).
type Imported = Vec<(usize, usize, Option<String>, String)>;

/// Imports `input` into the folder `root` as `pizhu import` does (plan, apply, save). `None`
/// when the file was refused; every message on the way is a sentence.
fn import_into(root: &Path, input: &Path, format: ImportFormat) -> Option<Imported> {
    let options = ImportOptions::new(format);
    let planned = match plan(root, &[input.to_owned()], &options, &AtomicBool::new(false)) {
        Ok(planned) => planned,
        Err(error) => {
            assert_sentence(&error.to_string());
            return None;
        }
    };
    for item in &planned.report().items {
        assert_sentence(&item.detail);
    }
    let mut store = AnnotationStore::open(root).unwrap();
    if let Err(error) = planned.apply(&mut store) {
        assert_sentence(&error.to_string());
        return None;
    }
    for saved in store.save_dirty() {
        assert!(saved.outcome.is_saved(), "{saved:?}");
    }
    let key = store.key_for(Path::new(ARTICLE)).unwrap();
    if !store.is_open(&key) {
        return Some(Imported::new());
    }
    let mut imported: Imported = store
        .annotations(&key)
        .iter()
        .map(|a| {
            (
                a.start,
                a.end,
                a.tag.as_ref().map(|t| t.as_str().to_owned()),
                a.note.clone(),
            )
        })
        .collect();
    imported.sort();
    let mut once: Vec<_> = imported.iter().map(|(s, e, t, _)| (s, e, t)).collect();
    once.dedup();
    assert_eq!(
        once.len(),
        imported.len(),
        "a span imported twice: {imported:?}"
    );
    Some(imported)
}

/// Writes `bytes` as an input of `format` under `dir`; returns the path to import.
fn write_input(dir: &Path, format: ImportFormat, bytes: &[u8]) -> PathBuf {
    match format {
        ImportFormat::Brat => {
            let folder = dir.join("brat");
            std::fs::create_dir(&folder).unwrap();
            std::fs::write(folder.join("a.ann"), bytes).unwrap();
            std::fs::write(folder.join("a.txt"), TEXT).unwrap();
            folder
        }
        ImportFormat::Doccano => {
            let path = dir.join("in.jsonl");
            std::fs::write(&path, bytes).unwrap();
            path
        }
        ImportFormat::LabelStudio => {
            let path = dir.join("in.json");
            std::fs::write(&path, bytes).unwrap();
            path
        }
    }
}

/// Never panics; a bad file or document gives a sentence; what is imported comes back the same
/// from Pizhu's export of it, imported into a fresh copy of the folder.
fn check_import(format: ImportFormat, export_format: Format, bytes: &[u8]) -> bool {
    let inputs = tempfile::tempdir().unwrap();
    let input = write_input(inputs.path(), format, bytes);
    let first_folder = article_folder();
    let Some(first) = import_into(first_folder.path(), &input, format) else {
        return false;
    };
    if first.is_empty() {
        return false;
    }
    let out = inputs.path().join("again");
    export_to(first_folder.path(), export_format, ViewKind::Original, &out);
    let second_folder = article_folder();
    let second = import_into(second_folder.path(), &out, format).unwrap_or_default();
    // brat keeps a note on one line: line breaks and tabs read back as spaces.
    let one_line = |list: &Imported| -> Imported {
        list.iter()
            .map(|(s, e, t, n)| (*s, *e, t.clone(), n.replace(['\n', '\t', '\r'], " ")))
            .collect()
    };
    if format == ImportFormat::Brat {
        assert_eq!(one_line(&second), one_line(&first), "brat round trip");
    } else {
        assert_eq!(second, first, "round trip");
    }
    true
}

fn check_doccano(bytes: &[u8]) -> bool {
    check_import(ImportFormat::Doccano, Format::Jsonl, bytes)
}

fn check_brat(bytes: &[u8]) -> bool {
    check_import(ImportFormat::Brat, Format::Brat, bytes)
}

fn check_labelstudio(bytes: &[u8]) -> bool {
    check_import(ImportFormat::LabelStudio, Format::LabelStudio, bytes)
}

// ---- mutations ----

/// RON fragments that are likely to reach deeper than random bytes.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "Some(",
    "None",
    "version: 2,",
    "version: 0,",
    "-1",
    "18446744073709551616",
    "4294967296",
    "1e99",
    "0x10",
    "true",
    "\\u{D800}",
    "\\u{10FFFF}",
    "𠮷",
    "\r\n",
    "/*",
    "*/",
    "//",
    "r#\"",
    "#",
    "start: 5,",
    "end: 1,",
    "id: \"01A\",",
    "unknown: 1,",
    "()",
    "b\"x\"",
    "'a'",
    "\u{FEFF}",
    "\0",
    "tags: [],",
    "settings: (x: 1),",
    "colour: \"#zz0000\",",
    "key: Some(10),",
    "reviewer: \"王\",",
    // JSON and brat pieces, for the importers.
    "{",
    "}",
    "null",
    "\"label\": [[0, 3, \"PER\"]],",
    "[1, 1, \"X\"]",
    "\"start\": 99,",
    "\"end\": 1,",
    "\"labels\": [\"人物\"],",
    "\"text\": \"\",",
    "\"view\": \"simplified\",",
    "\"offsets\": \"utf16\",",
    "\\ud842",
    "\t",
    ";",
    "T9\tPER 0 2\t省委\n",
    "#9\tAnnotatorNotes T1\t注\n",
    " 3 5",
];

#[derive(Clone, Debug)]
enum Mutation {
    FlipBit(usize, u8),
    InsertByte(usize, u8),
    InsertToken(usize, usize),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Truncate(usize),
    /// Replaces the n-th digit: offsets, versions and keys change, the syntax does not.
    Digit(usize, u8),
    /// Swaps two lines: fields change order or move into another struct.
    SwapLines(usize, usize),
    /// Copies a line before another: fields repeat or move.
    CopyLine(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..8u8).prop_map(|(at, bit)| Mutation::FlipBit(at, bit)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::InsertByte(at, b)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, t)| Mutation::InsertToken(at, t)),
        (any::<usize>(), 1..40usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<usize>(), 1..80usize).prop_map(|(at, n)| Mutation::Duplicate(at, n)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 0..10u8).prop_map(|(n, d)| Mutation::Digit(n, d)),
        (any::<usize>(), 0..10u8).prop_map(|(n, d)| Mutation::Digit(n, d)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::CopyLine(a, b)),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
    let len = bytes.len();
    match *mutation {
        Mutation::FlipBit(i, bit) if len > 0 => bytes[i % len] ^= 1 << bit,
        Mutation::FlipBit(..) => {}
        Mutation::InsertByte(i, b) => bytes.insert(at(i, len), b),
        Mutation::InsertToken(i, t) => {
            let i = at(i, len);
            bytes.splice(i..i, TOKENS[t].bytes());
        }
        Mutation::Delete(i, n) => {
            let i = at(i, len);
            bytes.drain(i..(i + n).min(len));
        }
        Mutation::Duplicate(i, n) => {
            let i = at(i, len);
            let piece = bytes[i..(i + n).min(len)].to_vec();
            bytes.splice(i..i, piece);
        }
        Mutation::Truncate(i) => bytes.truncate(at(i, len)),
        Mutation::Digit(n, d) => {
            let digits: Vec<usize> = (0..len).filter(|&i| bytes[i].is_ascii_digit()).collect();
            if !digits.is_empty() {
                bytes[digits[n % digits.len()]] = b'0' + d;
            }
        }
        Mutation::SwapLines(a, b) | Mutation::CopyLine(a, b) => {
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            let (a, b) = (a % lines.len(), b % lines.len());
            if matches!(mutation, Mutation::SwapLines(..)) {
                lines.swap(a, b);
            } else {
                let line = lines[a].clone();
                lines.insert(b, line);
            }
            *bytes = lines.join(&b'\n');
        }
    }
}

/// Writes a failing input where the message says, to be copied into the regressions.
fn keep_failure(target: &Target, bytes: &[u8]) -> PathBuf {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
    std::fs::create_dir_all(&folder).ok();
    let name = format!(
        "{}-{}.{}",
        target.name,
        &blake3::hash(bytes).to_hex()[..12],
        target.extension
    );
    let path = folder.join(name);
    std::fs::write(&path, bytes).ok();
    path
}

fn fuzz(cases: u32) {
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    for target in TARGETS {
        let seeds = (target.seeds)();
        let mut runner = TestRunner::new(config.clone());
        let strategy = (0..seeds.len(), vec(mutation(), 1..5));
        let mutate = |seed: usize, mutations: &[Mutation]| {
            let mut bytes = seeds[seed].clone();
            for m in mutations {
                apply(&mut bytes, m);
            }
            bytes
        };
        let accepted = std::sync::atomic::AtomicUsize::new(0);
        let tried = std::sync::atomic::AtomicUsize::new(0);
        let result = runner.run(&strategy, |(seed, mutations)| {
            let bytes = mutate(seed, &mutations);
            let checked = std::panic::catch_unwind(|| (target.check)(&bytes));
            tried.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if matches!(checked, Ok(true)) {
                accepted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            checked.map(|_| ()).map_err(|panic| {
                let why = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                TestCaseError::fail(why)
            })
        });
        let (tried, accepted) = (tried.into_inner(), accepted.into_inner());
        eprintln!(
            "{}: {tried} mutated inputs, {accepted} accepted (and round-tripped), {} refused with a sentence",
            target.name,
            tried - accepted
        );
        match result {
            Ok(()) => assert!(
                accepted > 0 && accepted < tried,
                "{}: the mutations never reach both the accepting and the refusing path",
                target.name
            ),
            Err(TestError::Fail(why, (seed, mutations))) => {
                // The smallest failing input proptest found.
                let kept = keep_failure(target, &mutate(seed, &mutations));
                panic!(
                    "{}: {why}; input kept in {} (copy it to tests/data/fuzz/{}/)",
                    target.name,
                    kept.display(),
                    target.name
                );
            }
            Err(error) => panic!("{}: {error}", target.name),
        }
    }
}

fn cases(default: u32) -> u32 {
    std::env::var("PIZHU_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

#[test]
fn mutated_files_never_panic_and_accepted_ones_round_trip() {
    fuzz(cases(300));
}

#[test]
#[ignore = "long run: 100 000 cases per loader; run with --ignored"]
fn mutated_files_long_run() {
    fuzz(cases(100_000));
}

#[test]
fn the_seeds_themselves_load() {
    for target in TARGETS {
        for seed in (target.seeds)() {
            assert!((target.check)(&seed), "{}: a seed is refused", target.name);
        }
    }
    // The sidecar seed loads editable through the store (the check exercises saving too).
    let seed = &sidecar_seeds()[0];
    assert!(
        parse_sidecar(Path::new("x"), seed)
            .unwrap()
            .annotations
            .len()
            == 3
    );
}

/// Inputs that once failed (or are worth keeping), replayed by every run.
#[test]
fn regressions_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut replayed = 0;
    for target in TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target.name)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let accepted = (target.check)(&std::fs::read(&path).unwrap());
            eprintln!(
                "{}: {} {}",
                target.name,
                path.display(),
                if accepted { "accepted" } else { "refused" }
            );
            replayed += 1;
        }
    }
    assert!(replayed > 0, "the regression folders are empty");
}
