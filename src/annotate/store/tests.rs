//! Unit tests of the store: edits, undo, saves, merges, conflicts and the data-folder fallback.

use super::*;
use crate::annotate::save::{SaveOutcome, SaveTarget};

const TEXT: &str = "广州市委常委会召开会议，传达学习习近平总书记重要讲话精神。广州要坚持稳中求进。";

fn store() -> (tempfile::TempDir, AnnotationStore, DocKey) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = AnnotationStore::with_location(StorageLocation::beside(dir.path()));
    let key = store.open_document(Path::new("a.txt"), TEXT).unwrap().key;
    (dir, store, key)
}

fn tag(s: &str) -> Option<TagId> {
    TagId::new(s).ok()
}

#[test]
fn user_phrases_are_saved_and_merged() {
    use crate::text::convert::{PhraseScope, UserPhrase, upsert_user_phrase};
    let (dir, mut store, _key) = store();
    let phrase = UserPhrase::new("头发", "頭髮", PhraseScope::Traditional);
    upsert_user_phrase(
        &mut store.settings_mut().unwrap().user_phrases,
        phrase.clone(),
    );
    assert!(store.has_unsaved());
    store.save_dirty();
    let path = dir.path().join(sidecar::CORPUS_FILE_NAME);
    let mut theirs = sidecar::read_corpus_file(&path).unwrap().unwrap().value;
    assert_eq!(theirs.settings.user_phrases, std::slice::from_ref(&phrase));
    // Another program adds a phrase while we add another: merging keeps both.
    let other = UserPhrase::new("干", "乾", PhraseScope::Traditional);
    theirs.settings.user_phrases.push(other.clone());
    sidecar::write_atomic(
        &path,
        sidecar::corpus_file_to_string(&theirs, &path)
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    let ours = UserPhrase::new("后", "後", PhraseScope::Traditional);
    store
        .settings_mut()
        .unwrap()
        .user_phrases
        .push(ours.clone());
    store.save_dirty();
    assert!(store.corpus_conflict().is_none(), "readable versions merge");
    let both = [phrase, ours, other];
    assert_eq!(store.settings().user_phrases, both);
    let on_disk = sidecar::read_corpus_file(&path).unwrap().unwrap().value;
    assert_eq!(on_disk.settings.user_phrases, both);
    assert!(!store.has_unsaved());
}

#[test]
fn edits_keep_reading_order_and_mark_dirty() {
    let (_dir, mut store, key) = store();
    assert_eq!(store.status(&key), Some(DocStatus::Clean));
    let text = store.text(&key).unwrap().clone();
    let late = Annotation::new_in(&text, 16..19, tag("PER"), "").unwrap();
    let early = Annotation::new_in(&text, 0..2, tag("LOC"), "").unwrap();
    store.edit(&key, Edit::Create(late.clone())).unwrap();
    store.edit(&key, Edit::Create(early.clone())).unwrap();
    let ids: Vec<_> = store
        .annotations(&key)
        .iter()
        .map(|a| a.id.clone())
        .collect();
    assert_eq!(ids, vec![early.id.clone(), late.id.clone()]);
    assert_eq!(store.status(&key), Some(DocStatus::Unsaved));
    assert_eq!(store.overlapping(&key, 17..17).len(), 1);
    assert_eq!(store.annotation(&key, &late.id).unwrap().quote, "习近平");
    assert!(matches!(
        store.edit(&key, Edit::Create(late)),
        Err(StoreError::DuplicateId(_))
    ));
}

#[test]
fn batch_is_all_or_nothing() {
    let (_dir, mut store, key) = store();
    let text = store.text(&key).unwrap().clone();
    let a = Annotation::new_in(&text, 0..2, None, "").unwrap();
    let missing = AnnotationId::from_string("nope");
    let result = store.edit(
        &key,
        Edit::Batch(vec![Edit::Create(a), Edit::Delete(missing)]),
    );
    assert!(matches!(result, Err(StoreError::UnknownAnnotation(_))));
    assert!(store.annotations(&key).is_empty());
    assert!(!store.history().can_undo());
}

#[test]
fn move_rereads_the_quote_and_rejects_bad_ranges() {
    let (_dir, mut store, key) = store();
    let text = store.text(&key).unwrap().clone();
    let a = Annotation::new_in(&text, 16..19, None, "").unwrap();
    let id = a.id.clone();
    store.edit(&key, Edit::Create(a)).unwrap();
    store
        .edit(
            &key,
            Edit::Move {
                id: id.clone(),
                start: 16,
                end: 21,
            },
        )
        .unwrap();
    assert_eq!(store.annotation(&key, &id).unwrap().quote, "习近平总书");
    let too_far = Edit::Move {
        id: id.clone(),
        start: 30,
        end: 99,
    };
    assert!(matches!(
        store.edit(&key, too_far),
        Err(StoreError::Range(ModelError::OutOfBounds { .. }))
    ));
    store.undo().unwrap();
    assert_eq!(store.annotation(&key, &id).unwrap().quote, "习近平");
}

#[test]
fn tag_all_occurrences_is_one_step() {
    let (_dir, mut store, key) = store();
    assert_eq!(
        store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap(),
        2
    );
    assert_eq!(
        store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap(),
        0
    );
    assert_eq!(store.document_tag_counts(&key).get(&tag("LOC")), Some(&2));
    assert_eq!(store.history().undo_len(), 1);
    store.undo().unwrap();
    assert!(store.annotations(&key).is_empty());
}

#[test]
fn removing_a_used_tag_is_refusable() {
    let (_dir, mut store, key) = store();
    store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap();
    let loc = TagId::new("LOC").unwrap();
    assert!(matches!(
        store.remove_tag(&loc, false),
        Err(StoreError::TagInUse { uses: 2, .. })
    ));
    assert_eq!(store.remove_tag(&loc, true).unwrap().label, "地点");
    assert!(store.tags().get(&loc).is_none());
    assert_eq!(
        store.annotations(&key)[0].tag,
        tag("LOC"),
        "annotations keep the id"
    );
}

#[test]
fn save_steps_snapshot_write_record() {
    let (dir, mut store, key) = store();
    store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap();
    let batch = store.snapshot();
    assert_eq!(
        batch.len(),
        2,
        "the sidecar, and pizhu.ron which does not exist yet"
    );
    assert_eq!(
        store.status(&key),
        Some(DocStatus::Unsaved),
        "a snapshot saves nothing"
    );
    assert!(
        !dir.path().join("pizhu.ron").exists(),
        "not written by the snapshot"
    );
    let written = batch.write(None);
    assert_eq!(written.saved(), 2);
    let reports = store.record(written);
    assert!(
        reports
            .iter()
            .all(|r| matches!(r.outcome, SaveOutcome::Saved))
    );
    assert_eq!(store.status(&key), Some(DocStatus::Clean));
    assert!(dir.path().join("a.txt.annotations.ron").exists());
    assert!(dir.path().join("pizhu.ron").exists());
    assert!(
        dir.path().join(".pizhu.lock").exists(),
        "the lock file stays"
    );
    assert!(!store.has_unsaved());
    assert!(store.save_dirty().is_empty(), "nothing left to write");
}

#[test]
fn edits_made_during_a_write_stay_unsaved() {
    let (dir, mut store, key) = store();
    store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap();
    let batch = store.snapshot();
    // The user tags 习近平 while the worker writes.
    let text = store.text(&key).unwrap().clone();
    let late = Annotation::new_in(&text, 16..19, tag("PER"), "").unwrap();
    store.edit(&key, Edit::Create(late.clone())).unwrap();
    let reports = store.record(batch.write(None));
    assert!(reports.iter().all(|r| r.outcome.is_saved()));
    assert_eq!(
        store.status(&key),
        Some(DocStatus::Unsaved),
        "the late edit is not on disk"
    );
    let on_disk = sidecar::read_sidecar(&dir.path().join("a.txt.annotations.ron"))
        .unwrap()
        .unwrap()
        .value;
    assert_eq!(on_disk.annotations.len(), 2);
    store.save_dirty();
    assert_eq!(store.status(&key), Some(DocStatus::Clean));
    let on_disk = sidecar::read_sidecar(&dir.path().join("a.txt.annotations.ron"))
        .unwrap()
        .unwrap()
        .value;
    assert!(on_disk.annotations.contains(&late));
}

/// Another writer (the command line) on the same folder: a second store.
fn other_writer(dir: &Path) -> (AnnotationStore, DocKey) {
    let mut other = AnnotationStore::with_location(StorageLocation::beside(dir));
    let key = other.open_document(Path::new("a.txt"), TEXT).unwrap().key;
    (other, key)
}

#[test]
fn a_file_changed_meanwhile_is_merged_three_ways_not_asked_about() {
    let (dir, mut store, key) = store();
    let text = store.text(&key).unwrap().clone();
    let doomed = Annotation::new_in(&text, 0..2, tag("LOC"), "").unwrap();
    let kept = Annotation::new_in(&text, 16..19, tag("PER"), "").unwrap();
    store.edit(&key, Edit::Create(doomed.clone())).unwrap();
    store.edit(&key, Edit::Create(kept.clone())).unwrap();
    store.save_dirty();
    // We delete one annotation; meanwhile another writer adds one and edits `kept`.
    store.edit(&key, Edit::Delete(doomed.id.clone())).unwrap();
    let (mut other, other_key) = other_writer(dir.path());
    let theirs = Annotation::new_in(&text, 29..31, tag("LOC"), "").unwrap();
    other
        .edit(&other_key, Edit::Create(theirs.clone()))
        .unwrap();
    other
        .edit(
            &other_key,
            Edit::SetNote {
                id: kept.id.clone(),
                note: "他们的".into(),
            },
        )
        .unwrap();
    assert!(other.save_dirty().iter().all(|r| r.outcome.is_saved()));

    let reports = store.save_dirty();
    let SaveOutcome::Merged(report) = &reports[0].outcome else {
        panic!("expected a merge: {reports:?}");
    };
    assert_eq!(
        (report.only_theirs, report.deleted),
        (1, 1),
        "their addition, our deletion"
    );
    assert_eq!(store.status(&key), Some(DocStatus::Clean));
    let ids: Vec<&AnnotationId> = store.annotations(&key).iter().map(|a| &a.id).collect();
    assert_eq!(
        ids,
        vec![&kept.id, &theirs.id],
        "the deletion stays deleted"
    );
    assert_eq!(store.annotation(&key, &kept.id).unwrap().note, "他们的");
    let on_disk = sidecar::read_sidecar(&dir.path().join("a.txt.annotations.ron"))
        .unwrap()
        .unwrap()
        .value;
    assert_eq!(on_disk.annotations, store.annotations(&key));
    assert!(
        !store.history().can_undo(),
        "steps recorded against an annotation they changed are forgotten"
    );
}

#[test]
fn a_merge_during_edits_keeps_the_edits_made_during_the_write() {
    let (dir, mut store, key) = store();
    let text = store.text(&key).unwrap().clone();
    let first = Annotation::new_in(&text, 0..2, tag("LOC"), "").unwrap();
    store.edit(&key, Edit::Create(first)).unwrap();
    let batch = store.snapshot();
    let (mut other, other_key) = other_writer(dir.path());
    let theirs = Annotation::new_in(&text, 29..31, tag("LOC"), "").unwrap();
    other
        .edit(&other_key, Edit::Create(theirs.clone()))
        .unwrap();
    other.save_dirty();
    let during = Annotation::new_in(&text, 16..19, tag("PER"), "").unwrap();
    store.edit(&key, Edit::Create(during.clone())).unwrap();
    let reports = store.record(batch.write(None));
    assert!(
        matches!(reports[0].outcome, SaveOutcome::Merged(_)),
        "{reports:?}"
    );
    assert_eq!(store.annotations(&key).len(), 3);
    assert!(store.annotation(&key, &theirs.id).is_some());
    assert!(store.annotation(&key, &during.id).is_some());
    assert_eq!(store.status(&key), Some(DocStatus::Unsaved));
    store.save_dirty();
    let on_disk = sidecar::read_sidecar(&dir.path().join("a.txt.annotations.ron"))
        .unwrap()
        .unwrap()
        .value;
    assert_eq!(on_disk.annotations.len(), 3);
    assert!(
        store.history().can_undo(),
        "their addition leaves our steps valid"
    );
}

#[derive(Debug)]
struct Failing(std::io::ErrorKind);

impl crate::annotate::SidecarIo for Failing {
    fn read(&self, path: &Path) -> std::io::Result<Option<(Vec<u8>, DiskState)>> {
        crate::annotate::disk::read_with_state(path)
    }
    fn write_atomic(&self, _: &Path, _: &[u8]) -> std::io::Result<DiskState> {
        Err(std::io::Error::from(self.0))
    }
}

#[test]
fn a_failed_write_keeps_the_edits_unsaved_and_the_old_file() {
    let (dir, mut store, key) = store();
    store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap();
    store.save_dirty();
    let path = dir.path().join("a.txt.annotations.ron");
    let before = std::fs::read(&path).unwrap();
    store.set_io(Arc::new(Failing(std::io::ErrorKind::StorageFull)));
    store
        .tag_all_occurrences(&key, "习近平", tag("PER"))
        .unwrap();
    let reports = store.save_dirty();
    let SaveOutcome::Failed(error) = &reports[0].outcome else {
        panic!("{reports:?}")
    };
    assert!(error.is_disk_problem());
    assert_eq!(store.status(&key), Some(DocStatus::Unsaved));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    store.set_io(crate::annotate::FileSystem::shared());
    assert!(store.save_dirty()[0].outcome.is_saved(), "a retry writes");
    assert_eq!(store.status(&key), Some(DocStatus::Clean));
}

#[test]
fn unused_documents_leave_memory_but_not_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = AnnotationStore::with_location(StorageLocation::beside(dir.path()));
    let keys: Vec<DocKey> = (0..5)
        .map(|i| {
            let name = format!("{i}.txt");
            store.open_document(Path::new(&name), TEXT).unwrap().key
        })
        .collect();
    store
        .tag_all_occurrences(&keys[0], "广州", tag("LOC"))
        .unwrap();
    store.save_dirty();
    store
        .tag_all_occurrences(&keys[1], "广州", tag("LOC"))
        .unwrap(); // unsaved
    let dropped = store.evict_unused(std::slice::from_ref(&keys[4]), 2);
    assert_eq!(dropped, 3);
    assert!(store.is_open(&keys[1]), "unsaved stays");
    assert!(store.is_open(&keys[4]), "the one shown stays");
    assert!(!store.is_open(&keys[0]));
    store.save_dirty();
    store.undo().unwrap(); // keys[1]'s step: open
    assert_eq!(store.documents_to_open_for(true), vec![keys[0].clone()]);
    assert!(matches!(store.undo(), Err(StoreError::NotOpen(_))));
    let loaded = store.loader().load(Path::new("0.txt"), TEXT).unwrap();
    store.insert(loaded);
    assert!(store.documents_to_open_for(true).is_empty());
    assert_eq!(store.undo().unwrap(), Some(keys[0].clone()));
    assert!(store.annotations(&keys[0]).is_empty());
}

#[test]
fn newer_and_damaged_sidecars_open_read_only_and_are_never_rewritten() {
    let (dir, mut store, key) = store();
    store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap();
    store.save_dirty();
    let path = dir.path().join("a.txt.annotations.ron");
    let good = std::fs::read_to_string(&path).unwrap();
    let cases = [
        good.replacen("version: 1", "version: 2", 1),
        good.replacen("note: \"\",", "note: \"\",\n            reviewed: true,", 1),
        // Offsets that do not quote the text, though the quote is found elsewhere.
        good.replacen(
            "start: 0,\n            end: 2,",
            "start: 1,\n            end: 3,",
            1,
        ),
        good.replacen("end: 2,", "end: 200,", 1),
    ];
    for damaged in cases {
        std::fs::write(&path, &damaged).unwrap();
        let mut fresh = AnnotationStore::with_location(StorageLocation::beside(dir.path()));
        let report = fresh.open_document(Path::new("a.txt"), TEXT).unwrap();
        assert!(report.read_only, "{damaged}");
        let error = fresh.load_error(&key).unwrap().to_string();
        assert!(error.contains("a.txt.annotations.ron"), "{error}");
        assert!(matches!(
            fresh.tag_all_occurrences(&key, "习近平", tag("PER")),
            Err(StoreError::ReadOnly(_))
        ));
        assert!(
            fresh
                .save_dirty()
                .iter()
                .all(|r| r.target == SaveTarget::Corpus)
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            damaged,
            "untouched"
        );
    }
    // A quote found nowhere is an orphan, kept exactly, and nothing is rewritten.
    let nowhere = good.replacen("quote: \"广州\"", "quote: \"深圳\"", 1);
    std::fs::write(&path, &nowhere).unwrap();
    let mut fresh = AnnotationStore::with_location(StorageLocation::beside(dir.path()));
    let report = fresh.open_document(Path::new("a.txt"), TEXT).unwrap();
    assert!(!report.read_only && !report.changed);
    assert_eq!(report.summary.orphans, 1);
    assert!(fresh.save_dirty().is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), nowhere);
}

#[test]
fn a_newer_file_found_by_a_save_is_a_conflict_that_cannot_be_overwritten() {
    let (dir, mut store, key) = store();
    store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap();
    store.save_dirty();
    let path = dir.path().join("a.txt.annotations.ron");
    let newer = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("version: 1", "version: 3", 1);
    std::fs::write(&path, &newer).unwrap();
    store
        .tag_all_occurrences(&key, "习近平", tag("PER"))
        .unwrap();
    assert!(matches!(
        store.save_dirty()[0].outcome,
        SaveOutcome::Conflict
    ));
    let conflict = store.conflict(&key).unwrap();
    assert!(
        conflict.newer && conflict.problem.contains("newer"),
        "{conflict:?}"
    );
    assert!(matches!(
        store.resolve_conflict(&key, Resolution::KeepOurs),
        Err(StoreError::TheirsNewer(_))
    ));
    assert_eq!(store.status(&key), Some(DocStatus::Conflict), "put back");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), newer);
    store
        .resolve_conflict(&key, Resolution::TakeTheirs)
        .unwrap();
    assert_eq!(store.status(&key), Some(DocStatus::ReadOnly));
    store.save_dirty();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        newer,
        "never rewritten"
    );
}

#[test]
fn what_cannot_be_saved_is_rescued_as_a_copy_before_exit() {
    let (dir, mut store, key) = store();
    store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap();
    // Their file is damaged: a conflict, our edits unsaved.
    std::fs::write(dir.path().join("a.txt.annotations.ron"), "不是 RON").unwrap();
    assert!(matches!(
        store.save_dirty()[0].outcome,
        SaveOutcome::Conflict
    ));
    let rescued = store.rescue_unsaved(None);
    let (rescued_key, Ok(path)) = &rescued[0] else {
        panic!("{rescued:?}")
    };
    assert_eq!(rescued_key, &key);
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("a.txt.unsaved-") && name.ends_with(".annotations.ron"),
        "{name}"
    );
    let copy = sidecar::read_sidecar(path).unwrap().unwrap().value;
    assert_eq!(copy.annotations.len(), 2);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt.annotations.ron")).unwrap(),
        "不是 RON",
        "their file untouched"
    );
    // The folder is gone: the copy goes to the data folder.
    let data = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let mut gone = AnnotationStore::with_location(StorageLocation::beside(folder.path()));
    let gone_key = gone.open_document(Path::new("b.txt"), TEXT).unwrap().key;
    gone.tag_all_occurrences(&gone_key, "广州", tag("LOC"))
        .unwrap();
    let root = folder.path().to_owned();
    drop(folder);
    assert!(!root.exists());
    let rescued = gone.rescue_unsaved(Some(data.path()));
    let Ok(path) = &rescued[0].1 else {
        panic!("{rescued:?}")
    };
    assert!(
        path.starts_with(data.path().join("rescued")),
        "{}",
        path.display()
    );
    assert_eq!(
        sidecar::read_sidecar(path)
            .unwrap()
            .unwrap()
            .value
            .annotations
            .len(),
        2
    );
}

#[test]
fn moving_to_the_data_dir_writes_there_and_sticks() {
    let (dir, mut store, key) = store();
    store.tag_all_occurrences(&key, "广州", tag("LOC")).unwrap();
    let data = tempfile::tempdir().unwrap();
    store.move_to_data_dir(data.path());
    assert!(store.save_dirty().iter().all(|r| r.outcome.is_saved()));
    assert!(!dir.path().join("a.txt.annotations.ron").exists());
    let location = store.location().clone();
    assert_eq!(location.kind(), &crate::annotate::StorageKind::DataDir);
    assert!(location.sidecar_path(Path::new("a.txt")).is_file());
    let again = StorageLocation::resolve_with(dir.path(), data.path(), |_| true);
    assert_eq!(again, location, "the next start keeps the data dir");
}
