//! Issue 9 in the window, headless (egui_kittest): the window never waits on the disk, a disk
//! that fails keeps the edits and says why, a folder-wide "tag all" skips a read-only article,
//! undo reopens an article dropped from memory, switching folders never waits for the old
//! folder's save, the command line's writes are merged, and a newer sidecar is never rewritten.
//!
//! The file I/O of the store is injected (`SidecarIo`): a writer held shut by a gate, a slow
//! writer, a failing one. Frame times are measured in `benches/save.rs`, not here: these tests
//! prove the structure (frames run, and the store can be edited, while a write is stuck).
//!
//! Offsets are chars of each article's Original text; selections are view chars.

#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use pizhu::annotate::disk::read_with_state;
use pizhu::annotate::sidecar::read_sidecar;
use pizhu::annotate::{AnnotationId, DiskState, DocStatus, FileSystem, SidecarIo, TagId};
use pizhu::ui::PizhuApp;
use pizhu::ui::annotations::{SaveState, lock};
use pizhu::ui::command::Command;
use pizhu::ui::i18n::{Annotating, Language, Status, tr};
use pizhu::ui::reader::Selection;
use pizhu::ui::settings::Settings;

// ---- helpers ----

/// A folder of small articles that all mention 广州 (in both scripts).
fn corpus(articles: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..articles {
        let text = format!(
            "第{i}篇\n\n广州市委常委会召开会议。廣州要堅持穩中求進，𠮷野家在广州开业，全角ＡＢＣ。\n"
        );
        std::fs::write(dir.path().join(format!("{i:03}.txt")), text).unwrap();
    }
    dir
}

/// The window on `folder`, in English: these tests read the messages' reasons (`retrying`,
/// `read-only`), which the core's errors word in English too.
fn harness(folder: &Path) -> Harness<'static, PizhuApp> {
    let app = PizhuApp::new(
        &egui::Context::default(),
        Settings {
            language: Some(Language::English),
            ..Settings::default()
        },
        Some(folder.to_owned()),
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .with_context_setup(pizhu::ui::theme::install_fonts)
        .build_ui_state(|ui, app: &mut PizhuApp| app.ui_frame(ui), app);
    settle(&mut harness);
    harness
}

/// Steps until no background work runs (fails after 30 s).
fn settle(harness: &mut Harness<'_, PizhuApp>) {
    step_until(harness, "settled", |app| !app.is_busy());
    harness.run_steps(3);
}

/// Steps frames until `done` (fails after 30 s, naming `what`).
fn step_until(harness: &mut Harness<'_, PizhuApp>, what: &str, done: impl Fn(&PizhuApp) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        harness.step();
        if done(harness.state()) {
            return;
        }
        assert!(Instant::now() < deadline, "not {what} after 30 s");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn save_state(app: &PizhuApp) -> Option<SaveState> {
    app.annotations.as_ref().map(|a| a.save_state.clone())
}

fn wait_saved(harness: &mut Harness<'_, PizhuApp>) {
    step_until(harness, "saved", |app| {
        save_state(app) == Some(SaveState::Saved)
    });
}

fn open(harness: &mut Harness<'_, PizhuApp>, name: &str) {
    let app = harness.state();
    let id = app
        .library
        .rows
        .iter()
        .copied()
        .find(|id| app.library.corpus.articles[id.0].relative == name)
        .unwrap_or_else(|| panic!("{name} is listed"));
    harness.state_mut().send(Command::SelectArticle(id));
    step_until(harness, "opened", |app| {
        app.reader.loading.is_none()
            && app
                .current_meta()
                .is_some_and(|m| m.relative == name && app.reader.document.is_some())
    });
    harness.run_steps(2);
}

/// Selects the first `needle` in the current view and tags it as the keys would.
fn tag(harness: &mut Harness<'_, PizhuApp>, needle: &str, tag: &str) -> AnnotationId {
    let app = harness.state();
    let document = app.reader.document.as_ref().unwrap();
    let text = &document.view(app.settings.view).view.text;
    let byte = text.find(needle).unwrap();
    let start = text[..byte].chars().count();
    let head = start + needle.chars().count();
    harness.state_mut().reader.selection = Some(Selection {
        anchor: start,
        head,
    });
    harness
        .state_mut()
        .send(Command::AnnotateSelection(TagId::new(tag).ok()));
    harness.step();
    harness.state().selected_annotation().cloned().unwrap()
}

fn set_io(harness: &mut Harness<'_, PizhuApp>, io: Arc<dyn SidecarIo>) {
    let annotations = harness.state().annotations.as_ref().unwrap();
    lock(&annotations.store).set_io(io);
}

fn ids_in(sidecar: &Path) -> Vec<String> {
    read_sidecar(sidecar)
        .unwrap()
        .map(|l| {
            l.value
                .annotations
                .iter()
                .map(|a| a.id.to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// A writer held shut until the test opens it (or 30 s pass: then the test fails on its
/// counts instead of hanging).
#[derive(Debug, Default)]
struct Gate {
    open: Mutex<bool>,
    opened: Condvar,
    started: AtomicUsize,
    finished: AtomicUsize,
}

impl Gate {
    fn open(&self) {
        *self.open.lock().unwrap() = true;
        self.opened.notify_all();
    }
}

impl SidecarIo for Gate {
    fn read(&self, path: &Path) -> io::Result<Option<(Vec<u8>, DiskState)>> {
        read_with_state(path)
    }

    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> io::Result<DiskState> {
        self.started.fetch_add(1, Ordering::SeqCst);
        let open = self.open.lock().unwrap();
        let _open = self
            .opened
            .wait_timeout_while(open, Duration::from_secs(30), |open| !*open)
            .unwrap();
        let state = FileSystem.write_atomic(path, bytes);
        self.finished.fetch_add(1, Ordering::SeqCst);
        state
    }
}

/// A writer that always fails with one error.
#[derive(Debug)]
struct Failing(io::ErrorKind);

impl SidecarIo for Failing {
    fn read(&self, path: &Path) -> io::Result<Option<(Vec<u8>, DiskState)>> {
        read_with_state(path)
    }

    fn write_atomic(&self, _: &Path, _: &[u8]) -> io::Result<DiskState> {
        Err(io::Error::from(self.0))
    }
}

// ---- the window never waits on the disk ----

#[test]
fn frames_and_edits_go_on_while_a_write_is_stuck_and_late_edits_stay_unsaved() {
    let dir = corpus(6);
    let mut harness = harness(dir.path());
    let gate = Arc::new(Gate::default());
    set_io(&mut harness, gate.clone());
    let mut tagged = Vec::new();
    for i in 0..6 {
        open(&mut harness, &format!("{i:03}.txt"));
        tagged.push(tag(&mut harness, "广州", "LOC"));
    }
    // The folder-wide save starts after the debounce and gets stuck in the first write.
    step_until(&mut harness, "saving", |app| {
        save_state(app) == Some(SaveState::Saving)
    });
    step_until(&mut harness, "writing", |_| {
        gate.started.load(Ordering::SeqCst) > 0
    });
    for _ in 0..60 {
        harness.step(); // a frame that waited on the write would wait 30 s here
    }
    // An edit while the write is stuck: the store's lock is free.
    let late = tag(&mut harness, "穩中求進", "POLICY");
    assert_eq!(
        gate.finished.load(Ordering::SeqCst),
        0,
        "60 frames and an edit ran while the write was held shut"
    );
    assert_eq!(save_state(harness.state()), Some(SaveState::Saving));

    gate.open();
    step_until(&mut harness, "recorded", |app| {
        app.annotations.as_ref().is_some_and(|a| !a.is_saving())
    });
    let key = {
        let app = harness.state();
        let store = lock(&app.annotations.as_ref().unwrap().store);
        let key = store.key_for(Path::new("005.txt")).unwrap();
        assert_eq!(
            store.status(&key),
            Some(DocStatus::Unsaved),
            "the edit made during the write is not on disk yet"
        );
        key
    };
    assert!(!ids_in(&dir.path().join("005.txt.annotations.ron")).contains(&late.to_string()));
    wait_saved(&mut harness);
    let on_disk = ids_in(
        &dir.path()
            .join(format!("{}.annotations.ron", key.path().display())),
    );
    assert!(on_disk.contains(&late.to_string()));
    for (i, id) in tagged.iter().enumerate() {
        assert!(
            ids_in(&dir.path().join(format!("{i:03}.txt.annotations.ron")))
                .contains(&id.to_string())
        );
    }
}

#[test]
fn switching_folders_does_not_wait_for_the_old_folders_save() {
    let old = corpus(3);
    let new = corpus(2);
    let mut harness = harness(old.path());
    let gate = Arc::new(Gate::default());
    set_io(&mut harness, gate.clone());
    // Counts from a sidecar of the old folder, to see they do not leak into the new one.
    open(&mut harness, "001.txt");
    let id = tag(&mut harness, "广州", "LOC");
    harness
        .state_mut()
        .send(Command::OpenFolder(new.path().to_owned()));
    step_until(&mut harness, "showing the new folder", |app| {
        app.library.corpus.root == new.path()
            && app.reader.document.is_some()
            && app.library.scan.is_none()
    });
    for _ in 0..30 {
        harness.step();
    }
    assert_eq!(
        harness.state().retiring_folders(),
        1,
        "the old folder still saves"
    );
    assert_eq!(
        gate.finished.load(Ordering::SeqCst),
        0,
        "…held shut, and nobody waited"
    );
    assert!(
        harness
            .state()
            .annotation_counts()
            .values()
            .all(|&n| n == 0),
        "no count of the old folder shows in the new one: {:?}",
        harness.state().annotation_counts()
    );
    gate.open();
    step_until(&mut harness, "old folder saved", |app| {
        app.retiring_folders() == 0
    });
    assert!(ids_in(&old.path().join("001.txt.annotations.ron")).contains(&id.to_string()));
}

// ---- disk errors ----

/// Tags, waits for the failed save, and checks what the window says and keeps.
fn fails_then(harness: &mut Harness<'_, PizhuApp>, reason: &str) -> AnnotationId {
    let id = tag(harness, "广州", "LOC");
    step_until(harness, "a failed save", |app| {
        matches!(save_state(app), Some(SaveState::Error(_)))
    });
    let Some(SaveState::Error(text)) = save_state(harness.state()) else {
        unreachable!()
    };
    assert!(
        text.contains("000.txt.annotations.ron") || text.contains("gone"),
        "{text}"
    );
    assert!(text.to_lowercase().contains(reason), "{text}");
    assert!(text.contains("retrying"), "{text}");
    let app = harness.state();
    let annotations = app.annotations.as_ref().unwrap();
    assert!(lock(&annotations.store).has_unsaved(), "the edit is kept");
    assert!(annotations.offers_data_dir());
    harness.step();
    harness
        .get_all_by_label_contains(tr(Status::SaveInDataDir))
        .next()
        .expect("the status bar offers the data folder");
    harness
        .get_all_by_label_contains(tr(Status::Retry))
        .next()
        .expect("and a retry");
    id
}

#[test]
fn a_full_disk_keeps_the_edit_says_why_and_a_retry_saves_it() {
    let dir = corpus(2);
    let mut harness = harness(dir.path());
    set_io(&mut harness, Arc::new(Failing(io::ErrorKind::StorageFull)));
    open(&mut harness, "000.txt");
    let id = fails_then(&mut harness, "no storage space");
    assert!(!dir.path().join("000.txt.annotations.ron").exists());
    set_io(&mut harness, Arc::new(FileSystem));
    harness.get_by_label(tr(Status::Retry)).click();
    wait_saved(&mut harness);
    assert_eq!(
        ids_in(&dir.path().join("000.txt.annotations.ron")),
        [id.to_string()]
    );
}

#[test]
fn a_read_only_sidecar_is_left_alone_and_the_data_folder_takes_the_annotations() {
    let dir = corpus(2);
    let data = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness
        .state_mut()
        .annotations
        .as_mut()
        .unwrap()
        .set_data_dir(data.path().to_owned());
    open(&mut harness, "000.txt");
    let first = tag(&mut harness, "穩中求進", "POLICY");
    wait_saved(&mut harness);
    let sidecar = dir.path().join("000.txt.annotations.ron");
    let before = std::fs::read(&sidecar).unwrap();
    let mut permissions = std::fs::metadata(&sidecar).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&sidecar, permissions).unwrap();

    let second = fails_then(&mut harness, "read-only");
    harness
        .get_by_label_contains(tr(Status::SaveInDataDir))
        .click();
    wait_saved(&mut harness);
    assert_eq!(
        std::fs::read(&sidecar).unwrap(),
        before,
        "the read-only file is untouched"
    );
    let location = {
        let app = harness.state();
        lock(&app.annotations.as_ref().unwrap().store)
            .location()
            .clone()
    };
    assert!(location.sidecar_root().starts_with(data.path()));
    let moved = ids_in(&location.sidecar_path(Path::new("000.txt")));
    assert!(moved.contains(&first.to_string()) && moved.contains(&second.to_string()));
}

#[test]
fn a_removed_folder_keeps_the_edit_and_the_data_folder_takes_it() {
    let parent = tempfile::tempdir().unwrap();
    let folder = parent.path().join("语料");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("000.txt"), "广州市委常委会召开会议。\n").unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut harness = harness(&folder);
    harness
        .state_mut()
        .annotations
        .as_mut()
        .unwrap()
        .set_data_dir(data.path().to_owned());
    open(&mut harness, "000.txt");
    std::fs::remove_dir_all(&folder).unwrap();
    let id = fails_then(&mut harness, "gone");
    harness
        .get_by_label_contains(tr(Status::SaveInDataDir))
        .click();
    wait_saved(&mut harness);
    assert!(!folder.exists(), "the removed folder is not re-created");
    let location = {
        let app = harness.state();
        lock(&app.annotations.as_ref().unwrap().store)
            .location()
            .clone()
    };
    assert_eq!(
        ids_in(&location.sidecar_path(Path::new("000.txt"))),
        [id.to_string()]
    );
}

// ---- tag all, undo, merges, newer files ----

#[test]
fn tag_all_in_the_folder_skips_a_read_only_article_and_tags_the_others() {
    let dir = corpus(4);
    let damaged = dir.path().join("002.txt.annotations.ron");
    std::fs::write(&damaged, "(version: 1, document: oops").unwrap();
    let mut harness = harness(dir.path());
    open(&mut harness, "000.txt");
    let id = tag(&mut harness, "广州", "LOC");
    harness.state_mut().send(Command::TagAllInFolder(id));
    step_until(&mut harness, "searched", |app| !app.is_busy());
    harness.step();
    harness
        .get_by_label(pizhu::ui::i18n::tr(pizhu::ui::i18n::TagText::TagAll))
        .click();
    settle(&mut harness);
    wait_saved(&mut harness);
    for i in [0, 1, 3] {
        let ids = ids_in(&dir.path().join(format!("{i:03}.txt.annotations.ron")));
        assert_eq!(ids.len(), 3, "{i:03}.txt: 广州 twice and 廣州 once");
    }
    assert_eq!(
        std::fs::read_to_string(&damaged).unwrap(),
        "(version: 1, document: oops",
        "the read-only article's file is untouched"
    );
    let app = harness.state();
    let errors: Vec<&str> = app_messages(app);
    assert!(
        errors
            .iter()
            .any(|m| m.contains("Skipped 1") && m.contains("002.txt")),
        "{errors:?}"
    );
}

fn app_messages(app: &PizhuApp) -> Vec<&str> {
    app.messages()
}

#[test]
fn undo_reopens_an_article_dropped_from_memory() {
    let dir = corpus(3);
    let mut harness = harness(dir.path());
    open(&mut harness, "000.txt");
    let id = tag(&mut harness, "广州", "LOC");
    wait_saved(&mut harness);
    open(&mut harness, "002.txt");
    {
        let app = harness.state();
        let mut store = lock(&app.annotations.as_ref().unwrap().store);
        let keep = store.key_for(Path::new("002.txt")).unwrap();
        store.evict_unused(&[keep], 0);
        assert!(!store.is_open(&store.key_for(Path::new("000.txt")).unwrap()));
    }
    harness.state_mut().send(Command::Undo);
    settle(&mut harness);
    wait_saved(&mut harness);
    assert!(
        !ids_in(&dir.path().join("000.txt.annotations.ron")).contains(&id.to_string()),
        "undone and saved"
    );
    assert_eq!(
        harness.state().current_meta().map(|m| m.relative.as_str()),
        Some("000.txt"),
        "the article of the step is shown"
    );
}

#[test]
fn what_the_command_line_wrote_meanwhile_is_merged_not_asked_about() {
    let dir = corpus(1);
    let mut harness = harness(dir.path());
    open(&mut harness, "000.txt");
    let ours = tag(&mut harness, "广州", "LOC");
    wait_saved(&mut harness);
    let second = tag(&mut harness, "穩中求進", "POLICY");
    // Before the window's debounced save, the command line tags the same article.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_pizhu"))
        .args(["tag"])
        .arg(dir.path().join("000.txt"))
        .args(["--tag", "PER", "--quote", "𠮷野家"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    wait_saved(&mut harness);
    let on_disk = ids_in(&dir.path().join("000.txt.annotations.ron"));
    assert_eq!(on_disk.len(), 3, "{on_disk:?}");
    assert!(on_disk.contains(&ours.to_string()) && on_disk.contains(&second.to_string()));
    let messages = app_messages(harness.state());
    assert!(
        messages
            .iter()
            .any(|m| m.contains("changed by another program; merged: 1 added there")),
        "{messages:?}"
    );
    let app = harness.state();
    let store = lock(&app.annotations.as_ref().unwrap().store);
    let key = store.key_for(Path::new("000.txt")).unwrap();
    assert_eq!(
        store.annotations(&key).len(),
        3,
        "the window shows the merge"
    );
}

#[test]
fn a_sidecar_from_a_newer_pizhu_is_read_only_and_never_rewritten() {
    let dir = corpus(1);
    let sidecar: PathBuf = dir.path().join("000.txt.annotations.ron");
    let newer = "(\n    version: 2,\n    document: (file: \"000.txt\", chars: 3, fingerprint: \"blake3:00\"),\n    annotations: [],\n    reviewers: [\"王\"],\n)\n";
    std::fs::write(&sidecar, newer).unwrap();
    let mut harness = harness(dir.path());
    open(&mut harness, "000.txt");
    let messages = app_messages(harness.state());
    assert!(
        messages
            .iter()
            .any(|m| m.contains("read-only") && m.contains("newer")),
        "{messages:?}"
    );
    harness.step();
    harness
        .get_all_by_label_contains(
            tr(Annotating::ReadOnly)
                .split('{')
                .next()
                .unwrap_or_default(),
        )
        .next()
        .expect("the side panel says read-only");
    harness.state_mut().reader.selection = Some(Selection { anchor: 0, head: 2 });
    harness
        .state_mut()
        .send(Command::AnnotateSelectionWithKey(1));
    harness.run_steps(3);
    let messages = app_messages(harness.state());
    assert!(
        messages.iter().any(|m| m.contains("read-only")),
        "the edit is refused: {messages:?}"
    );
    harness.state_mut().save_before_exit();
    assert_eq!(std::fs::read_to_string(&sidecar).unwrap(), newer);
}

#[test]
fn on_exit_what_cannot_be_saved_is_copied_to_the_data_folder() {
    let parent = tempfile::tempdir().unwrap();
    let folder = parent.path().join("语料");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("000.txt"), "广州市委常委会召开会议。\n").unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut harness = harness(&folder);
    harness
        .state_mut()
        .annotations
        .as_mut()
        .unwrap()
        .set_data_dir(data.path().to_owned());
    open(&mut harness, "000.txt");
    std::fs::remove_dir_all(&folder).unwrap();
    let id = fails_then(&mut harness, "gone");
    // The window closes before the user does anything.
    harness.state_mut().save_before_exit();
    let messages = app_messages(harness.state());
    let rescued = messages
        .iter()
        .find_map(|m| {
            m.split_once("a copy is in ")
                .map(|(_, path)| PathBuf::from(path))
        })
        .unwrap_or_else(|| panic!("the exit says where the copy is: {messages:?}"));
    assert!(rescued.starts_with(data.path()), "{}", rescued.display());
    assert_eq!(ids_in(&rescued), [id.to_string()]);
    assert!(!folder.exists());
}
