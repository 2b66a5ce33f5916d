//! Integration tests of the annotation core against real temp folders: sidecar format, safe
//! writes, conflicts, re-anchoring, read-only corpora, undo/redo across documents.
//!
//! Offsets are chars of each article's Original text.

use std::fs;
use std::path::{Path, PathBuf};

use pizhu::annotate::sidecar::{self, DiskState};
use pizhu::annotate::{
    AnchorState, Annotation, AnnotationId, AnnotationStore, DocKey, DocStatus, Edit, Resolution,
    SaveOutcome, SaveTarget, SidecarError, SidecarFile, StorageKind, StorageLocation, StoreError,
    TagId, TextIndex,
};

const ARTICLE: &str = "（新华社广州12月21日电）省委书记黃坤明在廣州調研時強調，要堅持穩中求進工作總基調，推動經濟持續回升向好。會議指出，廣州要發揮好龍頭作用。";

/// A temp corpus folder with some articles.
struct Corpus {
    dir: tempfile::TempDir,
}

impl Corpus {
    fn new(articles: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in articles {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        Self { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn store(&self) -> AnnotationStore {
        AnnotationStore::with_location(StorageLocation::beside(self.root()))
    }

    fn sidecar(&self, name: &str) -> PathBuf {
        self.root().join(format!("{name}.annotations.ron"))
    }

    /// Every file under the root, relative, sorted.
    fn files(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![self.root().to_owned()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let relative = path.strip_prefix(self.root()).unwrap();
                    out.push(relative.to_string_lossy().into_owned());
                }
            }
        }
        out.sort();
        out
    }
}

fn char_pos(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].chars().count()
}

fn annotate(text: &str, needle: &str, tag: Option<&str>) -> Annotation {
    let start = char_pos(text, needle);
    let tag = tag.map(|t| TagId::new(t).unwrap());
    Annotation::new(text, start..start + needle.chars().count(), tag, "").unwrap()
}

fn tag(s: &str) -> Option<TagId> {
    TagId::new(s).ok()
}

fn saved(reports: &[pizhu::annotate::SaveReport]) -> Vec<(SaveTarget, bool)> {
    reports
        .iter()
        .map(|r| (r.target.clone(), r.outcome.is_saved()))
        .collect()
}

fn read_sidecar(path: &Path) -> SidecarFile {
    sidecar::read_sidecar(path).unwrap().unwrap().value
}

/// Everything but `modified`, which redo and undo refresh.
type Essence = (
    String,
    usize,
    usize,
    String,
    String,
    String,
    Option<TagId>,
    String,
);

fn essence(a: &Annotation) -> Essence {
    (
        a.id.to_string(),
        a.start,
        a.end,
        a.quote.clone(),
        a.prefix.clone(),
        a.suffix.clone(),
        a.tag.clone(),
        a.note.clone(),
    )
}

fn essences(store: &AnnotationStore, key: &DocKey) -> Vec<Essence> {
    store.annotations(key).iter().map(essence).collect()
}

#[test]
fn sidecar_pretty_output_is_stable() {
    let text = "省委书记黃坤明在廣州調研。";
    let file = SidecarFile {
        version: 1,
        document: pizhu::annotate::DocumentHeader {
            file: "001.txt".into(),
            chars: text.chars().count(),
            fingerprint: TextIndex::new(text).fingerprint(),
        },
        annotations: vec![Annotation {
            id: AnnotationId::from_string("01JD7Q1Z5R3X8N2K4M6P9T0VWA"),
            start: 4,
            end: 7,
            quote: "黃坤明".into(),
            prefix: "省委书记".into(),
            suffix: "在廣州調研。".into(),
            tag: tag("PER"),
            note: "省委书记，\"引号\"".into(),
            created: "2026-11-22T10:00:00Z".into(),
            modified: "2026-11-22T10:05:00Z".into(),
        }],
    };
    let fingerprint = format!("blake3:{}", blake3::hash(text.as_bytes()).to_hex());
    let expected = format!(
        r#"(
    version: 1,
    document: (
        file: "001.txt",
        chars: 13,
        fingerprint: "{fingerprint}",
    ),
    annotations: [
        (
            id: "01JD7Q1Z5R3X8N2K4M6P9T0VWA",
            start: 4,
            end: 7,
            quote: "黃坤明",
            prefix: "省委书记",
            suffix: "在廣州調研。",
            tag: Some("PER"),
            note: "省委书记，\"引号\"",
            created: "2026-11-22T10:00:00Z",
            modified: "2026-11-22T10:05:00Z",
        ),
    ],
)
"#
    );
    let written = sidecar::sidecar_to_string(&file, Path::new("001.txt.annotations.ron")).unwrap();
    assert_eq!(written, expected);
    let back = sidecar::parse_sidecar(Path::new("x"), written.as_bytes()).unwrap();
    assert_eq!(back, file);
}

#[test]
fn saving_writes_sorted_sidecar_and_corpus_file_without_temp_files() {
    let corpus = Corpus::new(&[("001.txt", ARTICLE)]);
    let mut store = corpus.store();
    let key = store
        .open_document(Path::new("001.txt"), ARTICLE)
        .unwrap()
        .key;
    assert!(store.save_dirty().is_empty(), "nothing to save yet");
    assert_eq!(
        corpus.files(),
        ["001.txt"],
        "no sidecar before the first annotation"
    );

    let late = annotate(ARTICLE, "廣州要", Some("LOC"));
    let early = annotate(ARTICLE, "黃坤明", Some("PER"));
    store.edit(&key, Edit::Create(late.clone())).unwrap();
    store.edit(&key, Edit::Create(early.clone())).unwrap();
    let reports = store.save_dirty();
    assert_eq!(
        saved(&reports),
        [
            (SaveTarget::Document(key.clone()), true),
            (SaveTarget::Corpus, true)
        ]
    );
    assert_eq!(
        corpus.files(),
        [
            ".pizhu.lock",
            "001.txt",
            "001.txt.annotations.ron",
            "pizhu.ron"
        ],
        "no temp files left behind"
    );
    let file = read_sidecar(&corpus.sidecar("001.txt"));
    assert_eq!(file.version, 1);
    assert_eq!(file.document.file, "001.txt");
    assert_eq!(file.document.chars, ARTICLE.chars().count());
    assert_eq!(
        file.document.fingerprint,
        TextIndex::new(ARTICLE).fingerprint()
    );
    assert_eq!(file.annotations, vec![early, late], "sorted by start");
    assert_eq!(store.status(&key), Some(DocStatus::Clean));
    assert!(!store.has_unsaved());

    // The corpus file holds the default tags.
    let corpus_file = sidecar::read_corpus_file(&corpus.root().join("pizhu.ron"))
        .unwrap()
        .unwrap()
        .value;
    assert_eq!(corpus_file.tags.len(), 7);
    assert_eq!(corpus_file.tags.by_key(1).unwrap().label, "人物");

    // A second store sees the same annotations, all anchored, nothing to save.
    let mut again = corpus.store();
    let report = again
        .open_document(&corpus.root().join("001.txt"), ARTICLE)
        .unwrap();
    assert_eq!(report.summary.anchored, 2);
    assert!(!report.changed);
    assert_eq!(again.annotations(&key), store.annotations(&key));
}

#[test]
fn deleting_the_last_annotation_keeps_an_empty_sidecar() {
    let corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let mut store = corpus.store();
    let key = store
        .open_document(Path::new("a.txt"), ARTICLE)
        .unwrap()
        .key;
    let a = annotate(ARTICLE, "黃坤明", None);
    store.edit(&key, Edit::Create(a.clone())).unwrap();
    store.save_dirty();
    store.edit(&key, Edit::Delete(a.id)).unwrap();
    assert_eq!(
        saved(&store.save_dirty()),
        [(SaveTarget::Document(key), true)]
    );
    let file = read_sidecar(&corpus.sidecar("a.txt"));
    assert!(file.annotations.is_empty());
    let text = fs::read_to_string(corpus.sidecar("a.txt")).unwrap();
    assert!(text.contains("annotations: [],"), "{text}");
}

#[test]
fn create_then_undo_before_any_save_writes_nothing() {
    let corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let mut store = corpus.store();
    let key = store
        .open_document(Path::new("a.txt"), ARTICLE)
        .unwrap()
        .key;
    store
        .edit(&key, Edit::Create(annotate(ARTICLE, "黃坤明", None)))
        .unwrap();
    store.undo().unwrap();
    assert!(store.save_dirty().is_empty());
    assert_eq!(corpus.files(), ["a.txt"]);
    assert_eq!(store.status(&key), Some(DocStatus::Clean));
}

#[test]
fn corrupt_sidecar_is_reported_and_never_written() {
    let corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let garbage = "(\n    version: 1,\n    document: (file: \"a.txt\", chars: 10, fingerprint: \"x\"),\n    annotations: [ (id: \"01A\", start: oops) ],\n)\n";
    fs::write(corpus.sidecar("a.txt"), garbage).unwrap();
    let mut store = corpus.store();
    let report = store.open_document(Path::new("a.txt"), ARTICLE).unwrap();
    let key = report.key;
    assert!(report.read_only);
    assert_eq!(store.status(&key), Some(DocStatus::ReadOnly));
    let Some(SidecarError::Parse {
        path,
        line,
        column,
        message,
    }) = store.load_error(&key)
    else {
        panic!("expected a parse error, got {:?}", store.load_error(&key));
    };
    assert_eq!(path, &corpus.sidecar("a.txt"));
    assert_eq!((*line, *column), (4, 39), "{message}");
    let shown = store.load_error(&key).unwrap().to_string();
    assert!(shown.contains("a.txt.annotations.ron:4:39"), "{shown}");

    // Every way of writing is refused.
    let edit = Edit::Create(annotate(ARTICLE, "黃坤明", None));
    assert!(matches!(
        store.edit(&key, edit),
        Err(StoreError::ReadOnly(_))
    ));
    assert!(matches!(
        store.tag_all_occurrences(&key, "廣州", tag("LOC")),
        Err(StoreError::ReadOnly(_))
    ));
    assert!(store.save_dirty().is_empty());
    assert_eq!(
        fs::read_to_string(corpus.sidecar("a.txt")).unwrap(),
        garbage
    );

    // Fixed on disk, a reload makes it editable.
    fs::remove_file(corpus.sidecar("a.txt")).unwrap();
    let report = store.reload(&key).unwrap();
    assert!(!report.read_only);
    store
        .edit(&key, Edit::Create(annotate(ARTICLE, "黃坤明", None)))
        .unwrap();
}

#[test]
fn corrupt_corpus_file_makes_tags_read_only() {
    let corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let garbage =
        "(version: 1, tags: [(id: \"PER\", label: \"人物\", colour: \"red\", key: None)])";
    fs::write(corpus.root().join("pizhu.ron"), garbage).unwrap();
    let mut store = corpus.store();
    assert!(matches!(
        store.corpus_load_error(),
        Some(SidecarError::Parse { line: 1, .. })
    ));
    assert_eq!(store.tags().len(), 7, "defaults in memory");
    assert!(matches!(store.tags_mut(), Err(StoreError::ReadOnlyCorpus)));
    // Annotations still save; pizhu.ron is left alone.
    let key = store
        .open_document(Path::new("a.txt"), ARTICLE)
        .unwrap()
        .key;
    store
        .edit(&key, Edit::Create(annotate(ARTICLE, "黃坤明", Some("PER"))))
        .unwrap();
    assert_eq!(
        saved(&store.save_dirty()),
        [(SaveTarget::Document(key), true)]
    );
    assert_eq!(
        fs::read_to_string(corpus.root().join("pizhu.ron")).unwrap(),
        garbage
    );
}

#[test]
fn external_change_is_merged_by_the_save() {
    let corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let mut store = corpus.store();
    let key = store
        .open_document(Path::new("a.txt"), ARTICLE)
        .unwrap()
        .key;
    let shared = annotate(ARTICLE, "黃坤明", Some("PER"));
    store.edit(&key, Edit::Create(shared.clone())).unwrap();
    store.save_dirty();

    // We edit the shared annotation's note…
    store
        .edit(
            &key,
            Edit::SetNote {
                id: shared.id.clone(),
                note: "我们的".into(),
            },
        )
        .unwrap();
    // …while another program adds one and edits the same note, earlier than us.
    let path = corpus.sidecar("a.txt");
    let mut theirs = read_sidecar(&path);
    let mut their_shared = theirs.annotations[0].clone();
    their_shared.note = "他们的".into();
    their_shared.modified = "2000-01-01T00:00:00Z".into();
    let theirs_only = annotate(ARTICLE, "穩中求進", Some("POLICY"));
    theirs.annotations = vec![their_shared, theirs_only.clone()];
    fs::write(&path, sidecar::sidecar_to_string(&theirs, &path).unwrap()).unwrap();

    let reports = store.save_dirty();
    let SaveOutcome::Merged(report) = &reports[0].outcome else {
        panic!("a readable change is merged, not asked about: {reports:?}");
    };
    assert_eq!((report.only_ours, report.only_theirs), (0, 1));
    assert_eq!(report.both_edited.len(), 1);
    assert_eq!(report.both_edited[0].kept, pizhu::annotate::Side::Ours);
    assert_eq!(store.status(&key), Some(DocStatus::Clean));
    let merged = read_sidecar(&path);
    let notes: Vec<&str> = merged.annotations.iter().map(|a| a.note.as_str()).collect();
    assert_eq!(notes, ["我们的", ""]);
    assert_eq!(merged.annotations[1].id, theirs_only.id);
    assert_eq!(store.annotations(&key), merged.annotations.as_slice());
    assert!(matches!(
        store.resolve_conflict(&key, Resolution::Merge),
        Err(StoreError::NoConflict(_))
    ));
}

#[test]
fn unreadable_changes_are_conflicts_kept_or_discarded() {
    let corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let path = corpus.sidecar("a.txt");
    let mut store = corpus.store();
    let key = store
        .open_document(Path::new("a.txt"), ARTICLE)
        .unwrap()
        .key;
    let ours = annotate(ARTICLE, "黃坤明", Some("PER"));
    store.edit(&key, Edit::Create(ours.clone())).unwrap();
    // Someone creates the sidecar first, with garbage: theirs cannot be merged or taken.
    fs::write(&path, "not ron").unwrap();
    assert!(matches!(
        store.save_dirty()[0].outcome,
        SaveOutcome::Conflict
    ));
    assert_eq!(store.status(&key), Some(DocStatus::Conflict));
    let conflict = store.conflict(&key).unwrap();
    assert!(!conflict.newer);
    assert!(
        conflict.problem.contains("a.txt.annotations.ron"),
        "{conflict:?}"
    );
    // Saving again without resolving still refuses.
    assert!(matches!(
        store.save_dirty()[0].outcome,
        SaveOutcome::Conflict
    ));
    assert!(matches!(
        store.resolve_conflict(&key, Resolution::Merge),
        Err(StoreError::TheirsUnreadable(_))
    ));
    assert_eq!(fs::read_to_string(&path).unwrap(), "not ron");
    store.resolve_conflict(&key, Resolution::KeepOurs).unwrap();
    let reports = saved(&store.save_dirty());
    assert_eq!(reports[0], (SaveTarget::Document(key.clone()), true));
    assert_eq!(read_sidecar(&path).annotations, vec![ours.clone()]);

    // Now theirs is valid: they replaced ours with another annotation while we retagged ours.
    let mut theirs = read_sidecar(&path);
    theirs.annotations = vec![annotate(ARTICLE, "龍頭作用", None)];
    fs::write(&path, sidecar::sidecar_to_string(&theirs, &path).unwrap()).unwrap();
    store
        .edit(
            &key,
            Edit::SetTag {
                id: ours.id.clone(),
                tag: None,
            },
        )
        .unwrap();
    assert!(saved(&store.save_dirty())[0].1, "merged");
    let merged = read_sidecar(&path);
    assert_eq!(
        merged.annotations.len(),
        2,
        "our edit beats their deletion; theirs is added"
    );
    assert_eq!(store.annotations(&key), merged.annotations.as_slice());

    // Garbage again, and this time we discard ours: read-only until fixed, never written.
    fs::write(&path, "(version: 1").unwrap();
    store.edit(&key, Edit::Delete(ours.id.clone())).unwrap();
    assert!(matches!(
        store.save_dirty()[0].outcome,
        SaveOutcome::Conflict
    ));
    store
        .resolve_conflict(&key, Resolution::TakeTheirs)
        .unwrap();
    assert_eq!(store.status(&key), Some(DocStatus::ReadOnly));
    assert!(
        !store.history().can_undo(),
        "steps of replaced annotations are forgotten"
    );
    store.save_dirty();
    assert_eq!(fs::read_to_string(&path).unwrap(), "(version: 1");
}

#[test]
fn changed_article_reanchors_moved_fuzzy_and_orphan() {
    let corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let mut store = corpus.store();
    let key = store
        .open_document(Path::new("a.txt"), ARTICLE)
        .unwrap()
        .key;
    let moved = annotate(ARTICLE, "黃坤明", Some("PER"));
    let fuzzy = annotate(ARTICLE, "要堅持穩中求進工作總基調", Some("POLICY"));
    let orphan = annotate(ARTICLE, "推動經濟持續回升向好", Some("EVENT"));
    for a in [&moved, &fuzzy, &orphan] {
        store.edit(&key, Edit::Create(a.clone())).unwrap();
    }
    store.save_dirty();

    // The article changes on disk: a line inserted before, a word added, a clause deleted.
    let changed = format!("【重要新闻】\n{ARTICLE}")
        .replace("穩中求進工作", "穩中求進的工作")
        .replace("推動經濟持續回升向好。", "");
    fs::write(corpus.root().join("a.txt"), &changed).unwrap();

    let mut store = corpus.store();
    let report = store
        .open_document(Path::new("a.txt"), changed.as_str())
        .unwrap();
    assert_eq!(
        (
            report.summary.anchored,
            report.summary.moved,
            report.summary.fuzzy,
            report.summary.orphans
        ),
        (0, 1, 1, 1)
    );
    assert!(report.changed);
    assert_eq!(store.status(&key), Some(DocStatus::Unsaved));

    let now_moved = store.annotation(&key, &moved.id).unwrap();
    assert_eq!(
        store.anchor_state(&key, &moved.id),
        Some(&AnchorState::Moved {
            from: moved.range()
        })
    );
    let shift = "【重要新闻】\n".chars().count();
    assert_eq!(now_moved.range(), moved.start + shift..moved.end + shift);
    assert_eq!(now_moved.quote, "黃坤明");

    let Some(AnchorState::Fuzzy { from, score }) = store.anchor_state(&key, &fuzzy.id) else {
        panic!(
            "expected fuzzy, got {:?}",
            store.anchor_state(&key, &fuzzy.id)
        );
    };
    assert_eq!(from, &fuzzy.range());
    assert!(*score > 0.8, "{score}");
    let now_fuzzy = store.annotation(&key, &fuzzy.id).unwrap();
    assert_eq!(now_fuzzy.quote, "要堅持穩中求進的工作總基調");
    assert_eq!(now_fuzzy.start, char_pos(&changed, "要堅持"));

    assert_eq!(
        store.anchor_state(&key, &orphan.id),
        Some(&AnchorState::Orphan)
    );
    assert_eq!(
        store.orphans(&key),
        vec![&orphan],
        "kept exactly, old offsets and quote"
    );
    assert_eq!(store.anchored(&key).count(), 2);

    // Saved: the orphan is still in the file, the header describes the new text.
    store.save_dirty();
    let file = read_sidecar(&corpus.sidecar("a.txt"));
    assert_eq!(file.annotations.len(), 3);
    assert!(file.annotations.contains(&orphan));
    assert_eq!(
        file.document.fingerprint,
        TextIndex::new(changed.as_str()).fingerprint()
    );

    // Reopened: the orphan is found orphaned again, nothing else changes.
    let mut store = corpus.store();
    let report = store
        .open_document(Path::new("a.txt"), changed.as_str())
        .unwrap();
    assert_eq!((report.summary.anchored, report.summary.orphans), (2, 1));
    assert!(!report.changed);
}

#[test]
fn reopening_with_a_new_text_reanchors_in_memory() {
    let corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let mut store = corpus.store();
    let key = store
        .open_document(Path::new("a.txt"), ARTICLE)
        .unwrap()
        .key;
    let a = annotate(ARTICLE, "黃坤明", None);
    store.edit(&key, Edit::Create(a.clone())).unwrap();
    let report = store
        .open_document(Path::new("a.txt"), format!("前言。{ARTICLE}"))
        .unwrap();
    assert!(report.changed);
    assert_eq!(report.summary.moved, 1);
    assert_eq!(store.annotations(&key)[0].start, a.start + 3);
    assert!(!store.history().can_undo());
}

#[test]
fn read_only_folder_stores_in_the_data_dir() {
    let corpus = Corpus::new(&[("2023/001.txt", ARTICLE)]);
    // A shipped sidecar beside the read-only article is read…
    let shipped = annotate(ARTICLE, "黃坤明", Some("PER"));
    let beside = corpus.root().join("2023/001.txt.annotations.ron");
    let mut shipped_file = SidecarFile {
        version: 1,
        document: pizhu::annotate::DocumentHeader {
            file: "001.txt".into(),
            chars: ARTICLE.chars().count(),
            fingerprint: TextIndex::new(ARTICLE).fingerprint(),
        },
        annotations: vec![shipped.clone()],
    };
    fs::write(
        &beside,
        sidecar::sidecar_to_string(&shipped_file, &beside).unwrap(),
    )
    .unwrap();
    let shipped_bytes = fs::read(&beside).unwrap();

    let data = tempfile::tempdir().unwrap();
    let location = StorageLocation::resolve_with(corpus.root(), data.path(), |_| false);
    assert_eq!(location.kind(), &StorageKind::DataDir);
    let mut store = AnnotationStore::with_location(location.clone());
    let key = store
        .open_document(&corpus.root().join("2023/001.txt"), ARTICLE)
        .unwrap()
        .key;
    assert_eq!(key, DocKey::new("2023/001.txt").unwrap());
    assert_eq!(store.annotations(&key), std::slice::from_ref(&shipped));

    // …and edits go to the data dir, mirroring the relative path.
    let added = annotate(ARTICLE, "廣州", Some("LOC"));
    store.edit(&key, Edit::Create(added.clone())).unwrap();
    let reports = store.save_dirty();
    assert!(
        reports
            .iter()
            .all(|r| matches!(r.outcome, SaveOutcome::Saved)),
        "{reports:?}"
    );
    let ours = location.sidecar_path(Path::new("2023/001.txt"));
    assert!(ours.starts_with(data.path().join("corpora")));
    assert!(ours.ends_with("2023/001.txt.annotations.ron"));
    assert_eq!(store.sidecar_path(&key), Some(ours.as_path()));
    shipped_file.annotations = vec![shipped, added];
    assert_eq!(read_sidecar(&ours).annotations, shipped_file.annotations);
    assert!(location.corpus_file_path().exists());
    // The corpus folder is untouched.
    assert_eq!(
        corpus.files(),
        ["2023/001.txt", "2023/001.txt.annotations.ron"]
    );
    assert_eq!(fs::read(&beside).unwrap(), shipped_bytes);

    // Next time our copy wins over the shipped one.
    let mut store = AnnotationStore::with_location(location);
    store
        .open_document(Path::new("2023/001.txt"), ARTICLE)
        .unwrap();
    assert_eq!(store.annotations(&key).len(), 2);
}

#[test]
fn writable_folder_resolves_beside_the_articles() {
    let corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let data = tempfile::tempdir().unwrap();
    let location = StorageLocation::resolve_with(
        corpus.root(),
        data.path(),
        pizhu::annotate::location::is_writable_dir,
    );
    assert_eq!(location.kind(), &StorageKind::BesideArticles);
    assert_eq!(corpus.files(), ["a.txt"], "the probe leaves nothing behind");
}

#[test]
fn paths_outside_the_corpus_are_refused() {
    let corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let mut store = corpus.store();
    assert!(matches!(
        store.open_document(Path::new("../a.txt"), ARTICLE),
        Err(StoreError::OutsideCorpus(_))
    ));
    assert!(matches!(
        store.open_document(Path::new("/etc/hostname"), ARTICLE),
        Err(StoreError::OutsideCorpus(_))
    ));
}

#[test]
fn undo_and_redo_every_edit_kind_across_two_documents() {
    const OTHER: &str = "😀開頭的表情，北京市人民政府發布《關於優化營商環境的若干措施》，自2024年1月1日起施行。結尾😀";
    let corpus = Corpus::new(&[("a.txt", ARTICLE), ("b/b.txt", OTHER)]);
    let mut store = corpus.store();
    let a = store
        .open_document(Path::new("a.txt"), ARTICLE)
        .unwrap()
        .key;
    let b = store
        .open_document(Path::new("b/b.txt"), OTHER)
        .unwrap()
        .key;

    let person = annotate(ARTICLE, "黃坤明", None);
    let policy = annotate(OTHER, "《關於優化營商環境的若干措施》", Some("POLICY"));
    let steps: Vec<(DocKey, Edit)> = vec![
        (a.clone(), Edit::Create(person.clone())),
        (b.clone(), Edit::Create(policy.clone())),
        (
            a.clone(),
            Edit::SetTag {
                id: person.id.clone(),
                tag: tag("PER"),
            },
        ),
        (
            b.clone(),
            Edit::SetNote {
                id: policy.id.clone(),
                note: "营商环境".into(),
            },
        ),
        (
            a.clone(),
            Edit::Move {
                id: person.id.clone(),
                start: person.start - 4,
                end: person.end,
            },
        ),
        (
            b.clone(),
            Edit::Batch(vec![
                Edit::Create(annotate(OTHER, "北京市人民政府", Some("ORG"))),
                Edit::Create(annotate(OTHER, "2024年1月1日", Some("DATE"))),
            ]),
        ),
        (b.clone(), Edit::Delete(policy.id.clone())),
    ];
    // Snapshot both documents before each step.
    let mut before = Vec::new();
    for (key, edit) in &steps {
        before.push((essences(&store, &a), essences(&store, &b)));
        store.edit(key, edit.clone()).unwrap();
    }
    let done = (essences(&store, &a), essences(&store, &b));
    assert_eq!(store.annotations(&a)[0].quote, "省委书记黃坤明");
    assert_eq!(
        store.annotations(&b).len(),
        2,
        "policy deleted, two from the batch"
    );

    // Undo step by step, checking each intermediate state, and the document touched.
    for (i, (key, _)) in steps.iter().enumerate().rev() {
        assert_eq!(store.undo().unwrap().as_ref(), Some(key), "step {i}");
        assert_eq!(
            (essences(&store, &a), essences(&store, &b)),
            before[i],
            "undo of step {i}"
        );
    }
    assert_eq!(store.undo().unwrap(), None);
    assert!(store.annotations(&a).is_empty() && store.annotations(&b).is_empty());

    // Redo everything: back to the final state.
    for (i, (key, _)) in steps.iter().enumerate() {
        assert_eq!(store.redo().unwrap().as_ref(), Some(key), "step {i}");
        if let Some(next) = before.get(i + 1) {
            assert_eq!(
                &(essences(&store, &a), essences(&store, &b)),
                next,
                "redo of step {i}"
            );
        }
    }
    assert_eq!((essences(&store, &a), essences(&store, &b)), done);
    assert_eq!(store.redo().unwrap(), None);

    // A new edit after an undo clears the redo stack.
    store.undo().unwrap();
    assert!(store.history().can_redo());
    store
        .edit(
            &a,
            Edit::SetNote {
                id: person.id.clone(),
                note: "新".into(),
            },
        )
        .unwrap();
    assert!(!store.history().can_redo());

    // Both documents save; reopening gives the same annotations.
    let reports = store.save_dirty();
    assert_eq!(reports.len(), 3, "two sidecars and pizhu.ron: {reports:?}");
    let mut fresh = corpus.store();
    fresh.open_document(Path::new("a.txt"), ARTICLE).unwrap();
    fresh.open_document(Path::new("b/b.txt"), OTHER).unwrap();
    assert_eq!(fresh.annotations(&a), store.annotations(&a));
    assert_eq!(fresh.annotations(&b), store.annotations(&b));
    assert!(corpus.root().join("b/b.txt.annotations.ron").exists());
}

#[test]
fn undo_of_a_closed_document_fails_and_keeps_the_step() {
    let corpus = Corpus::new(&[("a.txt", ARTICLE), ("b.txt", ARTICLE)]);
    let mut store = corpus.store();
    let a = store
        .open_document(Path::new("a.txt"), ARTICLE)
        .unwrap()
        .key;
    let b = store
        .open_document(Path::new("b.txt"), ARTICLE)
        .unwrap()
        .key;
    store
        .edit(&a, Edit::Create(annotate(ARTICLE, "廣州", None)))
        .unwrap();
    store
        .edit(&b, Edit::Create(annotate(ARTICLE, "黃坤明", None)))
        .unwrap();
    assert!(matches!(
        store.close_document(&b),
        Err(StoreError::Unsaved(_))
    ));
    store.save_dirty();
    store.close_document(&b).unwrap();
    // b's step was forgotten with it; a's remains.
    assert_eq!(store.history().undo_len(), 1);
    assert_eq!(store.undo().unwrap(), Some(a.clone()));
    assert!(matches!(
        store.apply(&b, Edit::Delete(AnnotationId::from_string("x"))),
        Err(StoreError::NotOpen(_))
    ));
}

#[test]
fn context_is_right_with_cjk_and_emoji_near_the_edges() {
    let text = "😀🇨🇳中文開頭，這裡有很多漢字和表情符號，一直寫到結尾為止。最後是𠮷😀";
    let corpus = Corpus::new(&[("e.txt", text)]);
    let mut store = corpus.store();
    let key = store.open_document(Path::new("e.txt"), text).unwrap().key;
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();

    // At the very start: 😀 and the two regional indicators of 🇨🇳 are three chars.
    let first = Annotation::new(text, 0..3, None, "").unwrap();
    assert_eq!((first.prefix.as_str(), first.quote.as_str()), ("", "😀🇨🇳"));
    assert_eq!(first.suffix, chars[3..35].iter().collect::<String>());
    // At the very end.
    let last = Annotation::new(text, n - 2..n, None, "").unwrap();
    assert_eq!((last.quote.as_str(), last.suffix.as_str()), ("𠮷😀", ""));
    assert_eq!(last.prefix, chars[n - 34..n - 2].iter().collect::<String>());
    assert_eq!(last.prefix.chars().count(), 32);
    // Near the start: a short prefix.
    let near = annotate(text, "中文", None);
    assert_eq!(near.prefix, "😀🇨🇳");

    for a in [&first, &last, &near] {
        store.edit(&key, Edit::Create(a.clone())).unwrap();
    }
    store.save_dirty();
    let file = read_sidecar(&corpus.sidecar("e.txt"));
    assert_eq!(file.annotations, vec![first, near, last]);
    assert_eq!(file.document.chars, n);
}

#[test]
fn tag_edits_are_saved_in_pizhu_ron() {
    let corpus = Corpus::new(&[]);
    let mut store = corpus.store();
    let per = TagId::new("PER").unwrap();
    store.tags_mut().unwrap().rename(&per, "人名").unwrap();
    store.tags_mut().unwrap().rebind(&per, Some(9)).unwrap();
    assert_eq!(saved(&store.save_dirty()), [(SaveTarget::Corpus, true)]);
    let store = corpus.store();
    let tag = store.tags().get(&per).unwrap();
    assert_eq!((tag.label.as_str(), tag.key), ("人名", Some(9)));
    let text = fs::read_to_string(corpus.root().join("pizhu.ron")).unwrap();
    assert!(
        text.starts_with("(\n    version: 1,\n    tags: [\n"),
        "{text}"
    );
}

#[test]
fn corpus_file_changes_merge_tags() {
    let corpus = Corpus::new(&[]);
    let path = corpus.root().join("pizhu.ron");
    let mut store = corpus.store();
    store.tags_mut().unwrap();
    store.save_dirty();
    // Another program adds a tag; we rename one.
    let mut theirs = sidecar::read_corpus_file(&path).unwrap().unwrap().value;
    theirs
        .tags
        .add(pizhu::annotate::Tag {
            id: TagId::new("LAW").unwrap(),
            label: "法律".into(),
            colour: [1, 2, 3],
            key: Some(1),
        })
        .unwrap();
    sidecar::write_atomic(
        &path,
        sidecar::corpus_file_to_string(&theirs, &path)
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    let per = TagId::new("PER").unwrap();
    store.tags_mut().unwrap().rename(&per, "人名").unwrap();
    assert_eq!(saved(&store.save_dirty()), [(SaveTarget::Corpus, true)]);
    assert!(store.corpus_conflict().is_none());
    let merged = sidecar::read_corpus_file(&path).unwrap().unwrap().value;
    assert_eq!(merged.tags.len(), 8);
    assert_eq!(merged.tags.get(&per).unwrap().label, "人名");
    let law = merged.tags.get(&TagId::new("LAW").unwrap()).unwrap();
    assert_eq!(law.key, None, "key 1 stays with PER");
    assert_eq!(merged.tags.get(&per).unwrap().key, Some(1));
    assert_eq!(store.tags(), &merged.tags, "the store holds the merge");
}

#[test]
fn disk_state_ignores_touch() {
    let corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let mut store = corpus.store();
    let key = store
        .open_document(Path::new("a.txt"), ARTICLE)
        .unwrap()
        .key;
    store
        .edit(&key, Edit::Create(annotate(ARTICLE, "廣州", None)))
        .unwrap();
    store.save_dirty();
    // Same bytes rewritten (new mtime): not a conflict.
    let path = corpus.sidecar("a.txt");
    let bytes = fs::read(&path).unwrap();
    let mtime = fs::metadata(&path).unwrap().modified().unwrap();
    fs::write(&path, &bytes).unwrap();
    // A different mtime for sure, without sleeping past the file system's timestamp resolution.
    let touched = mtime + std::time::Duration::from_secs(3);
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(touched)
        .unwrap();
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), touched);
    store
        .edit(&key, Edit::Create(annotate(ARTICLE, "黃坤明", None)))
        .unwrap();
    assert_eq!(
        saved(&store.save_dirty()),
        [(SaveTarget::Document(key), true)]
    );
    assert!(matches!(
        sidecar::disk_state(&path).unwrap(),
        DiskState::Present(_)
    ));
}

/// Pseudo-random hanzi (no repeats of whole passages, unlike the seeds), a `，` every 40 chars.
/// `benches/reanchor.rs` times the same edit on a 1 MB article.
fn random_hanzi(chars: usize) -> String {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..chars)
        .map(|i| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            if i % 40 == 39 {
                '，'
            } else {
                char::from_u32(0x4e00 + ((state >> 33) % 3000) as u32).unwrap()
            }
        })
        .collect()
}

#[test]
fn reanchoring_after_an_insert_a_deletion_and_scattered_changes() {
    const PREFIX: &str = "前言\n";
    const DELETED: usize = 200;
    const CHANGE_EVERY: usize = 97;
    let text = random_hanzi(60_000);
    let index = TextIndex::new(text.as_str());
    let n = index.chars();
    // Prefixed coordinates: the deletion starts at char `middle` of `PREFIX + text`.
    let shift = PREFIX.chars().count();
    let middle = n / 2;
    let mut ranges: Vec<std::ops::Range<usize>> = (0..300)
        .map(|i| {
            let start = (i * 7919 * 13) % (n - 40);
            start..start + 2 + i % 19
        })
        .collect();
    // One annotation wholly inside the deleted stretch.
    let inside = middle - shift + 50;
    ranges.push(inside..inside + 10);
    let annotations: Vec<Annotation> = ranges
        .iter()
        .map(|range| Annotation::new_in(&index, range.clone(), None, "").unwrap())
        .collect();

    // The new text: insert at the start, delete a stretch in the middle, change one char in 97.
    let mut changed: Vec<char> = PREFIX.chars().chain(text.chars()).collect();
    changed.drain(middle..middle + DELETED);
    for (i, c) in changed.iter_mut().enumerate() {
        if i % CHANGE_EVERY == CHANGE_EVERY - 1 {
            *c = '改';
        }
    }
    let changed: String = changed.into_iter().collect();
    let new_chars: Vec<char> = changed.chars().collect();
    let new_index = TextIndex::new(changed.as_str());
    // Where an Original char of the old text is in the new one, unless it was deleted.
    let new_position = |old: usize| match old + shift {
        p if p < middle => Some(p),
        p if p >= middle + DELETED => Some(p - DELETED),
        _ => None,
    };

    let (mut intact, mut fuzzy) = (0, 0);
    for (old, range) in annotations.iter().zip(&ranges) {
        let mut a = old.clone();
        let state = pizhu::annotate::reanchor(&new_index, &mut a);
        let quote: Vec<char> = old.quote.chars().collect();
        let expected = new_position(range.start)
            .zip(new_position(range.end - 1))
            .map(|(start, last)| start..last + 1);
        let changed_chars = expected.as_ref().map(|e| {
            (e.clone())
                .filter(|&i| new_chars[i] != quote[i - e.start])
                .count()
        });
        match (expected, changed_chars) {
            // Untouched text: found exactly where the edit put it.
            (Some(expected), Some(0)) => {
                assert_eq!(
                    state,
                    AnchorState::Moved {
                        from: range.clone()
                    },
                    "{range:?}"
                );
                assert_eq!(a.range(), expected, "{range:?}");
                intact += 1;
            }
            // One char changed in a quote of 6 or more: the fuzzy step finds it, overlapping.
            (Some(expected), Some(1)) if quote.len() >= 6 => {
                assert!(
                    matches!(state, AnchorState::Fuzzy { .. }),
                    "{range:?}: {state:?}"
                );
                assert!(
                    a.start < expected.end && expected.start < a.end,
                    "{range:?}: fuzzy at {:?}, expected near {expected:?}",
                    a.range()
                );
                fuzzy += 1;
            }
            // Deleted text: an orphan that keeps its offsets and quote.
            (None, _) if range.start == inside => {
                assert_eq!(state, AnchorState::Orphan);
                assert_eq!((a.range(), &a.quote), (old.range(), &old.quote));
            }
            _ => {}
        }
        // Whatever happened, the annotation describes the new text (or is an untouched orphan).
        if state.is_anchored() {
            assert_eq!(new_index.slice(a.range()), Some(a.quote.as_str()));
        } else {
            assert_eq!(a, *old);
        }
    }
    assert!(intact > 150 && fuzzy > 10, "{intact} intact, {fuzzy} fuzzy");

    // Quotes that are nowhere (every step runs, fuzzy included) are all orphans, unchanged.
    for old in annotations.iter().take(100) {
        let mut a = old.clone();
        a.quote = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            .chars()
            .take(a.quote.chars().count())
            .collect();
        let before = a.clone();
        assert_eq!(
            pizhu::annotate::reanchor(&new_index, &mut a),
            AnchorState::Orphan,
            "{:?}",
            a.quote
        );
        assert_eq!(a, before);
    }
}

#[test]
fn one_step_across_documents_undoes_and_redoes_together() {
    use pizhu::annotate::{Annotation, AnnotationStore, Edit, TagId};
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, "黃坤明在廣州調研").expect("write");
    std::fs::write(&b, "黄坤明在广州调研").expect("write");
    let mut store = AnnotationStore::open(dir.path()).expect("store");
    let ka = store.open_document(&a, "黃坤明在廣州調研").expect("a").key;
    let kb = store.open_document(&b, "黄坤明在广州调研").expect("b").key;
    let per = TagId::new("PER").ok();
    let edits = vec![
        (
            ka.clone(),
            Edit::Create(Annotation::new("黃坤明在廣州調研", 0..3, per.clone(), "").expect("a1")),
        ),
        (
            kb.clone(),
            Edit::Create(Annotation::new("黄坤明在广州调研", 0..3, per.clone(), "").expect("b1")),
        ),
    ];
    store.edit_many(edits).expect("both");
    // A later single edit stays its own step.
    let id = store.annotations(&ka)[0].id.clone();
    store
        .edit(
            &ka,
            Edit::SetNote {
                id,
                note: "省委".to_owned(),
            },
        )
        .expect("note");
    assert_eq!(store.undo().expect("undo note"), Some(ka.clone()));
    assert_eq!(store.annotations(&ka)[0].note, "");
    assert!(store.undo().expect("undo group").is_some());
    assert!(store.annotations(&ka).is_empty() && store.annotations(&kb).is_empty());
    assert!(store.redo().expect("redo group").is_some());
    assert_eq!(
        (store.annotations(&ka).len(), store.annotations(&kb).len()),
        (1, 1)
    );
    assert_eq!(store.annotations(&kb)[0].quote, "黄坤明");
    // A failing step changes nothing: an edit of an unknown document rolls the others back.
    let missing = pizhu::annotate::DocKey::new("missing.txt").expect("key");
    let before = store.annotations(&ka).len();
    let result = store.edit_many(vec![
        (
            ka.clone(),
            Edit::Create(Annotation::new("黃坤明在廣州調研", 4..6, per, "").expect("a2")),
        ),
        (missing, Edit::Batch(Vec::new())),
    ]);
    assert!(result.is_err());
    assert_eq!(store.annotations(&ka).len(), before, "rolled back");
}
