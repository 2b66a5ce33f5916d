//! Export and import in the window, headless (egui_kittest): the Export… dialog (Ctrl+E) writes a
//! file whose spans read as the chosen view shows them, Cancel writes nothing, the Import…
//! dialog previews then applies (one undo step), and the side panel shows annotations as the
//! reader's view does.

use pizhu::ui::i18n::{Annotating, DialogText, ExportText, ImportText, Toolbar, tr, trf};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use crate::util::harness::{app_on, open_article, set_view, settle};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use pizhu::annotate::{Annotation, AnnotationStore, Edit, TagId};
use pizhu::export::{Destination, ExportOptions, ExportRequest, Format, Scope, export};
use pizhu::text::ViewKind;
use pizhu::ui::PizhuApp;
use pizhu::ui::annotations::lock;
use pizhu::ui::command::Command;
use pizhu::ui::export_dialog::ExportScope;
use pizhu::ui::reader::Selection;
use pizhu::ui::settings::Settings;

/// The name in 001's first paragraph, as the Original spells it (crawl pinyin inside).
const NAME_ORIGINAL: &str = "茶亭經(jīng)開區";
/// The same name as 简 shows it.
const NAME_SIMPLIFIED: &str = "茶亭经开区";

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// A private copy of the seeds (tests write sidecars into it).
fn seeds_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(seeds()).expect("seeds") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
        }
    }
    dir
}

fn seed_path(folder: &Path, prefix: &str) -> PathBuf {
    std::fs::read_dir(folder)
        .expect("folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
                && p.extension().is_some_and(|e| e == "txt")
        })
        .expect("the seed")
}

fn tag(id: &str) -> TagId {
    TagId::new(id).expect("tag id")
}

/// Selects `needle` in the current view (as a drag would) and tags it.
fn annotate(harness: &mut Harness<'_, PizhuApp>, needle: &str, tag_id: Option<&str>) {
    let (start, end) = {
        let app = harness.state();
        let document = app.reader.document.as_ref().expect("open");
        let text = &document.view(app.settings.view).view.text;
        let byte = text.find(needle).expect("needle in view");
        let start = text[..byte].chars().count();
        (start, start + needle.chars().count())
    };
    harness.state_mut().reader.selection = Some(Selection {
        anchor: start,
        head: end,
    });
    harness
        .state_mut()
        .send(Command::AnnotateSelection(tag_id.map(tag)));
    settle(harness);
}

/// Replaces the text of the field labelled `label` with `text`, as typing would.
fn type_into(harness: &mut Harness<'_, PizhuApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.step();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.step();
    harness.get_by_label(label).type_text(text);
    harness.step();
    // Leave the field, so the keys of the app work again (Esc would also close the dialog
    // where egui does not see the field focused).
    harness.ctx.memory_mut(|memory| memory.stop_text_input());
    harness.step();
}

/// Steps until the export or import has finished (it may first wait for the save).
fn wait_idle(harness: &mut Harness<'_, PizhuApp>) {
    settle(harness);
}

/// Whether a widget reads exactly `text` (a button's label or a label's text).
fn shows(harness: &Harness<'_, PizhuApp>, text: &str) -> bool {
    harness
        .query_all_by(|node| {
            node.label().as_deref() == Some(text) || node.value().as_deref() == Some(text)
        })
        .next()
        .is_some()
}

/// Whether a widget's text contains `text`.
/// An annotation list row of tag `label` quoting `quote` (between a few chars of context,
/// issue 12).
fn shows_row(harness: &Harness<'_, PizhuApp>, label: &str, quote: &str) -> bool {
    let start = format!("{label} · ");
    harness
        .query_all_by(|node| {
            node.label()
                .is_some_and(|l| l.starts_with(&start) && l.contains(quote))
        })
        .next()
        .is_some()
}

fn shows_containing(harness: &Harness<'_, PizhuApp>, text: &str) -> bool {
    harness
        .query_all_by(|node| {
            node.label().is_some_and(|l| l.contains(text))
                || node.value().is_some_and(|v| v.contains(text))
        })
        .next()
        .is_some()
}

/// The text of view chars `start..end` of `text`.
fn span(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn ctrl_e_exports_the_seeds_as_jsonl_in_simplified_with_one_tag() {
    let dir = seeds_copy();
    let out = tempfile::tempdir().expect("out dir");
    let mut harness = app_on(dir.path().to_owned(), Settings::default());
    open_article(&mut harness, "001");
    set_view(&mut harness, ViewKind::Original);
    annotate(&mut harness, NAME_ORIGINAL, Some("LOC"));
    annotate(&mut harness, "何黨生", Some("PER"));

    // Ctrl+E opens the dialog (the reader is in 原文; the export is asked for in 简).
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run_steps(3);
    harness.get_by_label(tr(ExportText::Title));
    // Every control of the dialog can be reached by name (screen readers, these tests).
    harness.check_accessibility();
    harness.get_by_label("jsonl (doccano)").click();
    harness.step();
    harness
        .get_by_label(tr(ExportText::Title))
        .get_by_label(pizhu::ui::i18n::view_name(ViewKind::Simplified))
        .click();
    harness.step();
    harness.get_by_label(tr(ExportText::OnlyThese)).click();
    harness.run_steps(3);
    // Every tag is ticked at first; keep only 地点 LOC.
    harness.get_by_label("人物 PER").click();
    harness.step();
    let target = out.path().join("简体.jsonl");
    type_into(
        &mut harness,
        tr(ExportText::Destination),
        &target.display().to_string(),
    );
    {
        let choices = &harness.state().settings.export;
        assert_eq!(choices.format, Format::Jsonl);
        assert_eq!(choices.view, Some(ViewKind::Simplified));
        assert_eq!(choices.scope, ExportScope::Folder);
    }
    harness.get_by_label(tr(ExportText::Export)).click();
    wait_idle(&mut harness);

    let written = std::fs::read_to_string(&target).expect("the export was written");
    let lines: Vec<serde_json::Value> = written
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 1, "only the annotated article: {written}");
    let line = &lines[0];
    assert_eq!(line["meta"]["view"], "simplified");
    let text = line["text"].as_str().expect("text");
    let labels = line["label"].as_array().expect("labels");
    assert_eq!(labels.len(), 1, "PER was left out: {labels:?}");
    let [start, end, label] = labels[0].as_array().expect("a span").as_slice() else {
        panic!("a span is [start, end, label]: {labels:?}");
    };
    assert_eq!(label, "LOC");
    let (start, end) = (
        start.as_u64().expect("start") as usize,
        end.as_u64().expect("end") as usize,
    );
    assert_eq!(span(text, start, end), NAME_SIMPLIFIED);

    // The result line names the file, summarises, and offers to open the folder.
    harness.run_steps(2);
    assert!(shows(
        &harness,
        &trf(ExportText::Exported, &[("path", &target.display())])
    ));
    let summary = trf(
        ExportText::Summary,
        &[
            ("articles", &1),
            ("annotations", &1),
            ("view", &pizhu::ui::i18n::view_name(ViewKind::Simplified)),
            ("unit", &tr(ExportText::CodePointsInSentence)),
        ],
    );
    assert!(shows_containing(&harness, &summary), "{summary}");
    harness.get_by_label(tr(DialogText::OpenFolder));
    let remembered = &harness.state().settings.export;
    assert_eq!(remembered.folder.as_deref(), Some(out.path()));
}

#[test]
fn cancel_stops_the_export_and_writes_nothing() {
    // Enough articles that the export is still running a frame after it started.
    let dir = tempfile::tempdir().expect("corpus");
    let big = std::fs::read_to_string(seed_path(&seeds(), "002")).expect("seed");
    for i in 0..400 {
        std::fs::write(dir.path().join(format!("{i:04}.txt")), &big).expect("write");
    }
    let out = tempfile::tempdir().expect("out dir");
    let mut settings = Settings::default();
    settings.export.include_unannotated = true;
    settings.export.view = Some(ViewKind::Simplified);
    let mut harness = app_on(dir.path().to_owned(), settings);

    harness.state_mut().send(Command::ShowExportDialog);
    harness.run_steps(3);
    let target = out.path().join("all.csv");
    harness.get_by_label("csv").click();
    harness.step();
    type_into(
        &mut harness,
        tr(ExportText::Destination),
        &target.display().to_string(),
    );
    harness.get_by_label(tr(ExportText::Export)).click();
    harness.step();
    harness.step();
    assert!(harness.state().is_busy(), "the export runs");
    harness.get_by_label(tr(DialogText::Cancel)).click();
    wait_idle(&mut harness);

    harness.run_steps(2);
    assert!(shows(&harness, tr(ExportText::Cancelled)));
    assert!(!target.exists(), "nothing at the destination");
    let left: Vec<_> = std::fs::read_dir(out.path())
        .expect("out")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "no temporary files left: {left:?}");
}

#[test]
fn an_export_to_a_folder_fails_with_a_sentence_and_keeps_the_folder() {
    let dir = seeds_copy();
    let out = tempfile::tempdir().expect("out dir");
    let kept = out.path().join("kept.txt");
    std::fs::write(&kept, "mine").expect("write");
    let mut settings = Settings::default();
    settings.export.include_unannotated = true;
    let mut harness = app_on(dir.path().to_owned(), settings);
    harness.state_mut().send(Command::ShowExportDialog);
    harness.run_steps(3);
    harness.get_by_label("csv").click();
    harness.step();
    // A folder where a file is needed.
    type_into(
        &mut harness,
        tr(ExportText::Destination),
        &out.path().display().to_string(),
    );
    harness.get_by_label(tr(ExportText::Export)).click();
    wait_idle(&mut harness);
    harness.run_steps(2);
    assert!(
        shows_containing(&harness, &trf(ExportText::Failed, &[("error", &"")]))
            && shows_containing(&harness, "is a folder; give a file name for this format"),
        "one sentence says why"
    );
    assert_eq!(std::fs::read_to_string(&kept).expect("kept"), "mine");
    let left = std::fs::read_dir(out.path()).expect("out").count();
    assert_eq!(left, 1, "nothing added to the folder");
}

/// Exports `folder`'s annotations as doccano JSONL in view `view` with the core (as the CLI
/// would), to `out`.
fn export_jsonl(folder: &Path, view: ViewKind, out: &Path) {
    let mut options = ExportOptions::new(Format::Jsonl);
    options.view = view;
    let request = ExportRequest {
        corpus_root: folder.to_owned(),
        scope: Scope::Corpus,
        options,
        destination: Destination::File(out.to_owned()),
        manifest_path: None,
    };
    export(&request, &AtomicBool::new(false), &mut |_| {}).expect("export");
}

/// A copy of the seeds with one PER annotation (with a note) on 001's [`NAME_ORIGINAL`],
/// exported in 简 as doccano JSONL, plus one document no article has. Returns the copy, the
/// folder of the export, the exported file and the annotation's Original range.
fn one_name_exported() -> (tempfile::TempDir, tempfile::TempDir, PathBuf, Range<usize>) {
    let a = seeds_copy();
    let article = seed_path(a.path(), "001");
    let original = std::fs::read_to_string(&article).expect("read");
    let mut store = AnnotationStore::open(a.path()).expect("store");
    let key = store
        .open_document(&article, original.as_str())
        .expect("open")
        .key;
    let byte = original.find(NAME_ORIGINAL).expect("name");
    let start = original[..byte].chars().count();
    let range = start..start + NAME_ORIGINAL.chars().count();
    let text = store.text(&key).expect("text");
    let annotation =
        Annotation::new_in(text, range.clone(), Some(tag("PER")), "经开区").expect("annotation");
    store.edit(&key, Edit::Create(annotation)).expect("edit");
    assert!(
        store
            .save_dirty()
            .iter()
            .all(|r| matches!(r.outcome, pizhu::annotate::SaveOutcome::Saved))
    );
    let exported = tempfile::tempdir().expect("exports");
    let file = exported.path().join("a.jsonl");
    export_jsonl(a.path(), ViewKind::Simplified, &file);
    let mut jsonl = std::fs::read_to_string(&file).expect("export");
    jsonl.push_str("{\"id\":99,\"text\":\"没有这篇文章\",\"label\":[[0,2,\"PER\"]]}\n");
    std::fs::write(&file, jsonl).expect("write");
    (a, exported, file, range)
}

/// Types `file` into the Import… dialog as doccano JSONL and previews it.
fn preview_import(harness: &mut Harness<'_, PizhuApp>, file: &Path) {
    harness.get_by_label(tr(Toolbar::Import)).click();
    harness.run_steps(3);
    harness.get_by_label(tr(ImportText::Title));
    harness.get_by_label("doccano (jsonl)").click();
    harness.step();
    type_into(harness, tr(ImportText::Files), &file.display().to_string());
    harness.get_by_label(tr(ImportText::Preview)).click();
    wait_idle(harness);
    harness.run_steps(2);
}

#[test]
fn import_into_an_article_that_is_not_open_loads_it_then_adds() {
    let (_a, _exported, file, range) = one_name_exported();
    let b = seeds_copy();
    let mut harness = app_on(b.path().to_owned(), Settings::default());
    // Another article is read; 001 is not open in the store.
    open_article(&mut harness, "002");
    let key_001 = {
        let annotations = harness.state().annotations.as_ref().expect("store");
        let store = lock(&annotations.store);
        let key = store
            .key_for(Path::new(&seed_path(b.path(), "001")))
            .expect("key");
        assert!(!store.is_open(&key), "001 is not open before the import");
        key
    };
    preview_import(&mut harness, &file);
    assert!(shows(&harness, tr(ImportText::DryRunNothingYet)));
    harness.get_by_label(tr(ImportText::Apply)).click();
    wait_idle(&mut harness);
    harness.run_steps(2);
    assert!(shows(&harness, tr(ImportText::Imported)));
    let annotations = harness.state().annotations.as_ref().expect("store");
    let store = lock(&annotations.store);
    let imported = store.annotations(&key_001);
    assert_eq!(imported.len(), 1, "loaded, then added");
    assert_eq!(imported[0].range(), range);
    assert_eq!(imported[0].note, "经开区");
}

#[test]
fn import_previews_applies_as_one_step_and_undoes() {
    let (_a, _exported, file, range) = one_name_exported();

    // Copy B, fresh, in the window.
    let b = seeds_copy();
    let mut harness = app_on(b.path().to_owned(), Settings::default());
    open_article(&mut harness, "001");
    harness.get_by_label(tr(Toolbar::Import)).click();
    harness.run_steps(3);
    harness.get_by_label(tr(ImportText::Title));
    harness.check_accessibility();
    harness.get_by_label("doccano (jsonl)").click();
    harness.step();
    type_into(
        &mut harness,
        tr(ImportText::Files),
        &file.display().to_string(),
    );
    harness.get_by_label(tr(ImportText::Preview)).click();
    wait_idle(&mut harness);
    harness.run_steps(2);
    assert!(shows(&harness, tr(ImportText::DryRunNothingYet)));
    let summary = |added: usize, unmatched: usize| {
        trf(
            ImportText::Summary,
            &[
                ("added", &added),
                ("present", &0),
                ("reanchored", &0),
                ("unmatched", &unmatched),
                ("matched", &1),
                ("documents", &2),
            ],
        )
    };
    assert!(shows(&harness, &summary(1, 1)));
    assert!(
        shows_containing(&harness, &format!("{}: ", tr(ImportText::Unmatched))),
        "the unmatched document is listed"
    );
    let key_b = {
        let app = harness.state();
        app.reader
            .document
            .as_ref()
            .and_then(|d| d.key.clone())
            .expect("key")
    };
    let count = |harness: &Harness<'_, PizhuApp>| {
        let annotations = harness.state().annotations.as_ref().expect("store");
        lock(&annotations.store).annotations(&key_b).len()
    };
    assert_eq!(count(&harness), 0, "a dry run changes nothing");

    harness.get_by_label(tr(ImportText::Apply)).click();
    wait_idle(&mut harness);
    harness.run_steps(2);
    {
        let annotations = harness.state().annotations.as_ref().expect("store");
        let store = lock(&annotations.store);
        let imported = store.annotations(&key_b);
        assert_eq!(imported.len(), 1);
        assert_eq!(imported[0].range(), range, "the same Original range");
        assert_eq!(imported[0].quote, NAME_ORIGINAL);
        assert_eq!(imported[0].tag, Some(tag("PER")));
        assert_eq!(imported[0].note, "经开区");
    }
    // The report stays, now as applied.
    assert!(shows(&harness, tr(ImportText::Imported)));
    assert!(shows(&harness, &summary(1, 1)));

    // One undo step takes the whole import back.
    harness.get_by_label(tr(DialogText::Close)).click();
    harness.step();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert_eq!(count(&harness), 0, "undone");
}

#[test]
fn the_panel_shows_annotations_as_the_view_does() {
    let dir = seeds_copy();
    let mut harness = app_on(dir.path().to_owned(), Settings::default());
    open_article(&mut harness, "001");
    set_view(&mut harness, ViewKind::Original);
    annotate(&mut harness, NAME_ORIGINAL, Some("LOC"));
    let id = harness
        .state()
        .selected_annotation()
        .cloned()
        .expect("selected");
    // An annotation on crawl pinyin alone: 净文, 简 and 繁 remove its text.
    annotate(&mut harness, "(jīng)", None);

    set_view(&mut harness, ViewKind::Simplified);
    harness
        .state_mut()
        .send(Command::SelectAnnotation(Some(id)));
    settle(&mut harness);
    // The list row and the 选中 Selected box read as the reader does.
    assert!(shows_row(&harness, "地点", NAME_SIMPLIFIED));
    assert!(shows(&harness, &format!("“{NAME_SIMPLIFIED}”")));
    assert!(shows(
        &harness,
        &trf(Annotating::OriginalQuote, &[("quote", &NAME_ORIGINAL)])
    ));
    assert!(
        !shows_row(&harness, "地点", NAME_ORIGINAL),
        "the Original spelling is only on hover"
    );
    // The pinyin-only highlight is listed, greyed, as not in this view.
    assert!(shows_containing(
        &harness,
        &format!(
            "{} · 〔(jīng)〕 {}",
            tr(Annotating::Highlight),
            tr(pizhu::ui::i18n::TagText::NotInView)
        )
    ));

    set_view(&mut harness, ViewKind::Original);
    assert!(shows_row(&harness, "地点", NAME_ORIGINAL));
    assert!(shows(&harness, &format!("“{NAME_ORIGINAL}”")));
    assert!(shows_row(&harness, tr(Annotating::Highlight), "(jīng)"));
}

/// The labels inside the window titled `title` (its title included).
fn labels_in(harness: &Harness<'_, PizhuApp>, title: &str) -> Vec<String> {
    let window = harness.get_by_label(title);
    let mut labels: Vec<String> = window
        .query_all_by(|node| node.label().is_some() || node.value().is_some())
        .filter_map(|node| {
            let node = node.accesskit_node();
            node.label().or(node.value()).map(|text| text.to_string())
        })
        .collect();
    labels.push(title.to_owned());
    labels
}

/// In 简体 and 繁體 the Export and Import dialogs have no English word left but the format
/// names, paths and units that stay as they are; in English, no Chinese but the article's title.
#[test]
fn the_export_and_import_dialogs_speak_one_language() {
    use pizhu::ui::i18n::Language;
    let dir = seeds_copy();
    // Names that stay as they are in every language (and egui's own × button).
    let kept = [
        "Close window",
        "-clean.",
        "jsonl",
        "doccano",
        "brat",
        "conll",
        "labelstudio",
        "csv",
        "html",
        "w3c",
        "markdown",
        "json",
        "pizhu",
        "export",
        "path",
        "UTF",
        "Ctrl",
    ];
    let folder_name = dir.path().display().to_string();
    for language in Language::ALL {
        let settings = Settings {
            language: Some(language),
            ..Settings::default()
        };
        let mut harness = app_on(dir.path().to_owned(), settings);
        for (open, title) in [
            (Command::ShowExportDialog, tr(ExportText::Title)),
            (Command::ShowImportDialog, tr(ImportText::Title)),
        ] {
            harness.state_mut().send(open);
            harness.run_steps(3);
            let labels = labels_in(&harness, title);
            assert!(
                labels.len() > 10,
                "{}: the dialog's labels",
                language.native_name()
            );
            for label in labels {
                let label = label.replace(&folder_name, "");
                if language == Language::English {
                    let chinese = label
                        .chars()
                        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
                    assert!(
                        !chinese || label.starts_with("This article: "),
                        "English: {label:?}"
                    );
                } else {
                    let mut rest = label.to_lowercase();
                    for name in kept {
                        rest = rest.replace(&name.to_lowercase(), "");
                    }
                    let english = rest
                        .split(|c: char| !c.is_ascii_alphabetic())
                        .any(|word| word.len() >= 3);
                    assert!(!english, "{}: {label:?}", language.native_name());
                }
            }
            harness
                .get_by_label(title)
                .get_by_label(tr(DialogText::Close))
                .click();
            harness.run_steps(2);
        }
    }
}
