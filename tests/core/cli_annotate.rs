//! `pizhu annotations`, `pizhu tag`, `pizhu untag` from the outside, on a temp copy of `seeds/`
//! (never on `seeds/` itself): sidecar contents, view mapping, exit codes, messages.
//!
//! Offsets in sidecars and JSON are chars of the article's Original text.

use std::fs;
use std::ops::Range;
use std::path::PathBuf;
use std::process::{Command, Output};

use pizhu::annotate::SidecarFile;
use pizhu::annotate::sidecar::parse_sidecar;

use crate::util::{seeds_copy, stderr, stdout};

const SEED_001: &str = "001_ebed7b38f3e0333c.txt";

/// A temp copy of `seeds/`, deleted when dropped.
struct Seeds {
    dir: tempfile::TempDir,
}

impl Seeds {
    fn new() -> Self {
        Self { dir: seeds_copy() }
    }

    fn article(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn sidecar(&self, name: &str) -> PathBuf {
        self.dir.path().join(format!("{name}.annotations.ron"))
    }

    fn read_sidecar(&self, name: &str) -> SidecarFile {
        let path = self.sidecar(name);
        parse_sidecar(&path, &fs::read(&path).unwrap()).unwrap()
    }

    /// Runs `pizhu <command> <article> <args…>`.
    fn pizhu(&self, command: &str, name: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_pizhu"))
            .arg(command)
            .arg(self.article(name))
            .args(args)
            .output()
            .unwrap()
    }

    /// `annotations --json`, parsed; fails the test on a non-zero exit.
    fn annotations(&self, name: &str) -> Vec<serde_json::Value> {
        let output = self.pizhu("annotations", name, &["--json"]);
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

fn assert_ok(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        stderr(output)
    );
}

/// Exit 1 with one `pizhu: …` line on stderr containing `needle`.
fn assert_error(output: &Output, needle: &str) {
    assert_eq!(output.status.code(), Some(1), "{}", stderr(output));
    let message = stderr(output);
    assert!(message.starts_with("pizhu: "), "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains(needle), "{needle:?} not in {message}");
}

/// Char range of the first `needle` in `text`.
fn char_range(text: &str, needle: &str) -> Range<usize> {
    let byte = text.find(needle).unwrap();
    let start = text[..byte].chars().count();
    start..start + needle.chars().count()
}

fn original(seeds: &Seeds, name: &str) -> String {
    fs::read_to_string(seeds.article(name)).unwrap()
}

#[test]
fn a_quote_in_each_view_tags_the_same_original_range() {
    // 葉建國 stands after crawl pinyin (區(qū)委), so the Clean and converted views have other
    // offsets than the Original; 简 spells it 叶建国.
    let seeds = Seeds::new();
    let expected = char_range(&original(&seeds, SEED_001), "葉建國");
    for (view, quote) in [
        ("original", "葉建國"),
        ("clean", "葉建國"),
        ("simplified", "叶建国"),
        ("traditional", "葉建國"),
    ] {
        let seeds = Seeds::new();
        let output = seeds.pizhu(
            "tag",
            SEED_001,
            &["--tag", "PER", "--quote", quote, "--view", view],
        );
        assert_ok(&output);
        let printed = stdout(&output);
        let range = format!("{}..{}", expected.start, expected.end);
        assert!(printed.starts_with("created "), "{view}: {printed}");
        assert!(
            printed.contains(&format!("  {range}  PER  葉建國")),
            "{printed}"
        );
        let sidecar = seeds.read_sidecar(SEED_001);
        assert_eq!(sidecar.annotations.len(), 1, "{view}");
        let annotation = &sidecar.annotations[0];
        assert_eq!(annotation.range(), expected, "{view}");
        assert_eq!(annotation.quote, "葉建國", "{view}");
        assert_eq!(annotation.tag.as_ref().unwrap().as_str(), "PER");
        assert!(seeds.dir.path().join("pizhu.ron").is_file());
    }
}

#[test]
fn all_tags_every_occurrence_once() {
    let seeds = Seeds::new();
    let text = original(&seeds, SEED_001);
    let occurrences = text.matches("何黨生").count();
    assert!(occurrences > 3, "seed 001 names 何黨生 often");
    let args = [
        "--tag",
        "per",
        "--quote",
        "何党生",
        "--all",
        "--view",
        "simplified",
        "--note",
        "区委书记",
    ];
    let output = seeds.pizhu("tag", SEED_001, &args);
    assert_ok(&output);
    assert_eq!(stdout(&output).lines().count(), occurrences);
    let sidecar = seeds.read_sidecar(SEED_001);
    assert_eq!(sidecar.annotations.len(), occurrences);
    let chars: Vec<char> = text.chars().collect();
    for annotation in &sidecar.annotations {
        let quote: String = chars[annotation.range()].iter().collect();
        assert_eq!(quote, "何黨生");
        assert_eq!(annotation.quote, "何黨生");
        assert_eq!(annotation.note, "区委书记");
    }

    // Again: nothing new, a note per passage already tagged, the file untouched.
    let before = fs::read(seeds.sidecar(SEED_001)).unwrap();
    let again = seeds.pizhu("tag", SEED_001, &args);
    assert_ok(&again);
    assert!(stdout(&again).is_empty());
    assert_eq!(
        stderr(&again).matches("not duplicated").count(),
        occurrences
    );
    assert_eq!(fs::read(seeds.sidecar(SEED_001)).unwrap(), before);
}

#[test]
fn start_end_in_the_clean_view_map_across_removed_pinyin() {
    let seeds = Seeds::new();
    let show = Command::new(env!("CARGO_BIN_EXE_pizhu"))
        .args(["show", "--view", "clean"])
        .arg(seeds.article(SEED_001))
        .output()
        .unwrap();
    assert_ok(&show);
    let clean = stdout(&show);
    // 區委書記何黨生 in 净文 is 區(qū)委書記何黨生 in the Original.
    let clean_range = char_range(&clean, "區委書記何黨生");
    let original_text = original(&seeds, SEED_001);
    let expected = char_range(&original_text, "區(qū)委書記何黨生");
    assert_ne!(
        clean_range, expected,
        "the views must differ for this test to mean anything"
    );
    let (start, end) = (clean_range.start.to_string(), clean_range.end.to_string());
    let output = seeds.pizhu(
        "tag",
        SEED_001,
        &[
            "--tag", "none", "--view", "clean", "--start", &start, "--end", &end,
        ],
    );
    assert_ok(&output);
    let annotation = &seeds.read_sidecar(SEED_001).annotations[0];
    assert_eq!(annotation.range(), expected);
    assert_eq!(annotation.quote, "區(qū)委書記何黨生");
    assert!(annotation.is_highlight());
}

#[test]
fn annotations_lists_untag_removes() {
    let seeds = Seeds::new();
    assert!(seeds.annotations(SEED_001).is_empty());
    assert_ok(&seeds.pizhu("tag", SEED_001, &["--tag", "PER", "--quote", "葉建國"]));
    assert_ok(&seeds.pizhu("tag", SEED_001, &["--tag", "PER", "--quote", "楊華"]));

    let listed = seeds.annotations(SEED_001);
    assert_eq!(listed.len(), 2);
    let text = original(&seeds, SEED_001);
    assert_eq!(listed[0]["quote"], "葉建國");
    assert_eq!(listed[1]["quote"], "楊華");
    let expected = char_range(&text, "楊華");
    assert_eq!(listed[1]["start"], expected.start);
    assert_eq!(listed[1]["end"], expected.end);
    for line in &listed {
        assert_eq!(line["state"], "anchored");
        assert_eq!(line["tag"], "PER");
        assert_eq!(line["id"].as_str().unwrap().len(), 26, "a ULID");
    }

    // The table: header, rows, summary, CJK quotes aligned by display width.
    let table = seeds.pizhu("annotations", SEED_001, &[]);
    assert_ok(&table);
    let table = stdout(&table);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("ID "), "{table}");
    assert!(
        lines[1].contains("葉建國") && lines[2].contains("楊華"),
        "{table}"
    );
    assert!(
        lines[3].is_empty() && lines[4].starts_with("2 annotations (2 anchored) in "),
        "{table}"
    );

    let id = listed[0]["id"].as_str().unwrap();
    let output = seeds.pizhu("untag", SEED_001, &["--id", id]);
    assert_ok(&output);
    assert!(stdout(&output).starts_with(&format!("deleted {id}")));
    let left = seeds.annotations(SEED_001);
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["quote"], "楊華");

    // The last one too: the sidecar stays, with an empty list.
    let last = left[0]["id"].as_str().unwrap();
    assert_ok(&seeds.pizhu("untag", SEED_001, &["--id", last]));
    assert!(seeds.read_sidecar(SEED_001).annotations.is_empty());
}

#[test]
fn editing_the_article_moves_the_annotation() {
    let seeds = Seeds::new();
    assert_ok(&seeds.pizhu("tag", SEED_001, &["--tag", "PER", "--quote", "葉建國"]));
    let text = original(&seeds, SEED_001);
    let old = char_range(&text, "葉建國");
    // Insert a line before the passage, as an editor would.
    let inserted = "编者按：本文有删改。\n";
    fs::write(seeds.article(SEED_001), format!("{inserted}{text}")).unwrap();

    let listed = seeds.annotations(SEED_001);
    assert_eq!(listed.len(), 1);
    let shift = inserted.chars().count();
    assert_eq!(listed[0]["state"], "moved");
    assert_eq!(listed[0]["start"], old.start + shift);
    assert_eq!(listed[0]["end"], old.end + shift);
    assert_eq!(listed[0]["from"]["start"], old.start);
    assert_eq!(listed[0]["quote"], "葉建國");
    let table = stdout(&seeds.pizhu("annotations", SEED_001, &[]));
    assert!(table.contains(" moved "), "{table}");
    assert!(table.contains("(1 moved)"), "{table}");
}

#[test]
fn a_corrupt_sidecar_is_left_byte_for_byte_unchanged() {
    let seeds = Seeds::new();
    let corrupt = b"(\n    version: 1,\n    document: oops,\n";
    fs::write(seeds.sidecar(SEED_001), corrupt).unwrap();
    let output = seeds.pizhu("tag", SEED_001, &["--tag", "PER", "--quote", "葉建國"]);
    let path = seeds.sidecar(SEED_001);
    // Line 3, column 15: where `oops` stands.
    assert_error(&output, &format!("{}:3:15: ", path.display()));
    assert!(stderr(&output).contains("left unchanged"));
    assert_eq!(fs::read(&path).unwrap(), corrupt);

    let listing = seeds.pizhu("annotations", SEED_001, &[]);
    assert_error(&listing, &format!("{}:3:15: ", path.display()));
    let untag = seeds.pizhu("untag", SEED_001, &["--id", "01JD7Q1Z5R3X8N2K4M6P9T0VWA"]);
    assert_error(&untag, ":3:15: ");
    assert_eq!(fs::read(&path).unwrap(), corrupt);
}

#[test]
fn bad_requests_are_errors_with_a_message() {
    let seeds = Seeds::new();
    let unknown_tag = seeds.pizhu("tag", SEED_001, &["--tag", "人名", "--quote", "葉建國"]);
    assert_error(&unknown_tag, "unknown tag \"人名\"");
    assert!(stderr(&unknown_tag).contains("PER, LOC, ORG, DATE, EVENT, POLICY, MISC"));

    let missing = seeds.pizhu("tag", SEED_001, &["--tag", "PER", "--quote", "习近平"]);
    assert_error(&missing, "\"习近平\" does not occur in the original view");

    // 叶建国 is only the Simplified spelling.
    let wrong_view = seeds.pizhu("tag", SEED_001, &["--tag", "PER", "--quote", "叶建国"]);
    assert_error(&wrong_view, "does not occur");

    let far = seeds.pizhu(
        "tag",
        SEED_001,
        &["--tag", "PER", "--start", "10", "--end", "999999"],
    );
    assert_error(&far, "10..999999 is not a range of the original view");
    let empty = seeds.pizhu(
        "tag",
        SEED_001,
        &[
            "--tag", "PER", "--view", "clean", "--start", "5", "--end", "5",
        ],
    );
    assert_error(&empty, "5..5 is not a range of the clean view");

    let bad_id = seeds.pizhu("untag", SEED_001, &["--id", "01NOPE"]);
    assert_error(&bad_id, "no annotation 01NOPE in ");

    let no_file = seeds.pizhu("annotations", "999_missing.txt", &[]);
    assert_error(&no_file, "999_missing.txt");

    // Nothing above wrote anything.
    assert!(!seeds.sidecar(SEED_001).exists());
    assert!(!seeds.dir.path().join("pizhu.ron").exists());
}

#[test]
fn usage_errors_exit_2() {
    let seeds = Seeds::new();
    for args in [
        &["--quote", "葉建國"][..],        // no --tag
        &["--tag", "PER"],                 // no passage
        &["--tag", "PER", "--start", "1"], // --start without --end
        &[
            "--tag",
            "PER",
            "--quote",
            "葉建國",
            "--start",
            "1",
            "--end",
            "2",
        ], // both
        &["--tag", "PER", "--start", "1", "--end", "2", "--all"], // --all without --quote
        &["--tag", "PER", "--start", "-1", "--end", "2"], // negative offset
        &["--tag", "PER", "--quote", "葉建國", "--view", "pinyin"], // unknown view
    ] {
        let output = seeds.pizhu("tag", SEED_001, args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let no_id = seeds.pizhu("untag", SEED_001, &[]);
    assert_eq!(no_id.status.code(), Some(2));
    let no_file = Command::new(env!("CARGO_BIN_EXE_pizhu"))
        .arg("annotations")
        .output()
        .unwrap();
    assert_eq!(no_file.status.code(), Some(2));
    assert!(!seeds.sidecar(SEED_001).exists());
}
