//! The `pizhu` binary from the outside: output, exit codes, error messages.

use crate::util::{pizhu, pizhu_stdin, seeds_dir as seeds, stderr, stdout};

/// The seed whose file name starts with `prefix`, as an argument.
fn seed(prefix: &str) -> String {
    crate::util::seed_path(prefix)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn scan_prints_a_table_and_a_summary() {
    let output = pizhu(&["scan", &seeds().to_string_lossy()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("TITLE"), "{text}");
    for file in ["000_", "001_", "002_", "003_", "004_"] {
        assert!(text.contains(file), "{file} missing: {text}");
    }
    assert!(text.contains("5 articles, 0 skipped"), "{text}");
    assert!(text.contains("白云时事"));
}

#[test]
fn scan_json_lines_are_parseable() {
    let output = pizhu(&["scan", "--json", &seeds().to_string_lossy()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let articles: Vec<_> = lines.iter().filter(|v| v["type"] == "article").collect();
    assert_eq!(articles.len(), 5);
    assert_eq!(articles[4]["date"], "2023-12-21");
    assert_eq!(articles[4]["encoding"], "Utf8");
    assert!(articles[0]["chars"].as_u64().is_some_and(|c| c > 1000));
    // Seed 000's own text is its first six lines; the related articles after it do not count.
    let text_chars = articles[0]["text_chars"].as_u64().expect("text_chars");
    assert!(text_chars > 500 && text_chars * 2 < articles[0]["chars"].as_u64().unwrap_or(0));
    // Seed 002 opens with a masthead: the source, and the next line is the title.
    assert_eq!(articles[2]["source"], "簡陽市融媒體中心");
    assert_eq!(articles[2]["title"], "百舸爭流，奮楫者先！");
    let summary = lines.last().expect("summary");
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["articles"], 5);
}

#[test]
fn scan_lists_skipped_files_with_reasons() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("good.txt"), "標題\n正文").expect("write");
    std::fs::write(
        dir.path().join("binary.txt"),
        b"\x00\x01\x02\x00PNG\x00\x00",
    )
    .expect("write");
    std::fs::write(dir.path().join("big.txt"), "大".repeat(100)).expect("write");
    let output = pizhu(&["scan", "--max-size", "200", &dir.path().to_string_lossy()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("Skipped:"), "{text}");
    assert!(text.contains("binary.txt: binary"), "{text}");
    assert!(text.contains("big.txt: too large"), "{text}");
    assert!(text.contains("1 articles, 2 skipped"), "{text}");
}

#[test]
fn scan_of_a_missing_folder_is_one_sentence_and_exit_1() {
    let output = pizhu(&["scan", "/nonexistent/pizhu"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.starts_with("pizhu: "), "{message}");
    assert!(message.contains("/nonexistent/pizhu"), "{message}");
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    assert!(!message.contains("panicked"));
}

#[test]
fn show_original_is_the_file_byte_for_byte() {
    let file = seed("001");
    let output = pizhu(&["show", &file]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(output.stdout, std::fs::read(&file).expect("read seed"));
}

#[test]
fn show_views_clean_and_convert() {
    let file = seed("001");
    let clean = stdout(&pizhu(&["show", &file, "--view", "clean"]));
    assert!(clean.contains("調研") && !clean.contains("(diào)"));
    let simplified = stdout(&pizhu(&["show", &file, "--view", "simplified"]));
    assert!(simplified.contains("调研"));
    let traditional = stdout(&pizhu(&["show", &seed("000"), "--view", "traditional"]));
    assert!(traditional.contains("禪城區"));
}

#[test]
fn show_clean_restores_full_width_punctuation_unless_asked_not_to() {
    let file = seed("000");
    for view in ["clean", "simplified", "traditional"] {
        let restored = stdout(&pizhu(&["show", &file, "--view", view]));
        let output = pizhu(&["show", &file, "--view", view, "--ascii-punctuation"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let ascii = stdout(&output);
        assert!(
            restored.contains("召开：全力以赴，确保") || restored.contains("召開：全力以赴，確保")
        );
        assert!(ascii.contains("召开:全力以赴,确保") || ascii.contains("召開:全力以赴,確保"));
        // One char for one: the same length, so the same offsets.
        assert_eq!(restored.chars().count(), ascii.chars().count(), "{view}");
        // Numbers and Latin text keep their ASCII punctuation.
        assert!(!restored.contains("1，000"));
    }
    let original = stdout(&pizhu(&["show", &file, "--ascii-punctuation"]));
    assert_eq!(
        original.as_bytes(),
        std::fs::read(&file).expect("read seed")
    );
}

#[test]
fn show_decodes_legacy_encodings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "白云区党政代表团赴贵州省黔南州开展东西部协作调研对接\n";
    let (gb, _, _) = encoding_rs::GB18030.encode(text);
    let path = dir.path().join("gb.txt");
    std::fs::write(&path, &gb).expect("write");
    let output = pizhu(&["show", &path.to_string_lossy()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), text);
}

#[test]
fn convert_reads_stdin_and_files() {
    let output = pizhu_stdin(
        &["convert", "--to", "traditional"],
        "调研发展经济".as_bytes(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "調研發展經濟");
    let output = pizhu(&["convert", "--to", "simplified", &seed("001")]);
    assert!(output.status.success());
    assert!(stdout(&output).starts_with("何党生调(diào)研"));
}

#[test]
fn usage_errors_exit_2() {
    let output = pizhu(&["show"]);
    assert_eq!(output.status.code(), Some(2));
    let output = pizhu(&["show", "x.txt", "--view", "pinyin"]);
    assert_eq!(output.status.code(), Some(2));
    let output = pizhu(&["convert", "--to", "martian"]);
    assert_eq!(output.status.code(), Some(2));
}

/// Without the `gui` feature there is no window: `pizhu` and `pizhu FOLDER` say so and exit 2.
#[cfg(not(feature = "gui"))]
#[test]
fn without_the_gui_feature_the_window_is_a_usage_error() {
    let folder = seeds().to_string_lossy().into_owned();
    for args in [vec![], vec![folder.as_str()]] {
        let output = pizhu(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert!(
            message.starts_with("pizhu: this build has no window") && message.contains("--help"),
            "{message}"
        );
        assert_eq!(message.trim_end().lines().count(), 1, "{message}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn bad_input_never_panics() {
    let dir = tempfile::tempdir().expect("temp dir");
    let binary = dir.path().join("blob.txt");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 0, 255, 254, 0, 1]).expect("write");
    for args in [
        vec!["show", binary.to_str().expect("utf8 path")],
        vec!["show", dir.path().to_str().expect("utf8 path")],
        vec!["show", "/nonexistent/file.txt"],
        vec![
            "convert",
            "--to",
            "simplified",
            binary.to_str().expect("utf8 path"),
        ],
    ] {
        let output = pizhu(&args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        let message = stderr(&output);
        assert!(
            message.starts_with("pizhu: ") && !message.contains("panicked"),
            "{message}"
        );
    }
}

/// A corpus folder with one article (crawl pinyin before the guess, a non-BMP char) and a
/// `pizhu.ron` holding one user phrase, as the window writes it.
fn corpus_with_phrase() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let article = dir.path().join("001.txt");
    std::fs::write(&article, "头(tóu)发干，𠮷野家为了软件。\n").expect("write");
    std::fs::write(
        dir.path().join("pizhu.ron"),
        "(version: 1, tags: [], settings: (user_phrases: [\
         (from: \"发干\", to: \"髮乾\", config: \"traditional\")]))",
    )
    .expect("write pizhu.ron");
    (dir, article.to_string_lossy().into_owned())
}

#[test]
fn show_converts_with_the_variant_and_the_corpus_user_phrases() {
    let (_dir, file) = corpus_with_phrase();
    let show = |args: &[&str]| {
        let output = pizhu(&[&["show", file.as_str(), "--view"], args].concat());
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    // OpenCC's s2t, except where the corpus's user phrase decides (发干 → 髮乾, not 髮幹).
    assert_eq!(show(&["traditional"]), "頭髮乾，𠮷野家爲了軟件。\n");
    assert_eq!(
        show(&["traditional", "--variant", "taiwan-phrases"]),
        "頭髮乾，𠮷野家為了軟體。\n"
    );
    assert_eq!(
        show(&["traditional", "--variant", "hong-kong"]),
        "頭髮乾，𠮷野家為了軟件。\n"
    );
    // The phrase is for 繁 only; the 简 view keeps its source setting.
    assert_eq!(
        show(&["simplified", "--source", "taiwan"]),
        "头发干，𠮷野家为了软件。\n"
    );
    let bad = pizhu(&["show", &file, "--variant", "mainland"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("taiwan-phrases"), "{}", stderr(&bad));
}

#[test]
fn tag_quotes_the_view_as_the_window_shows_it() {
    let (_dir, file) = corpus_with_phrase();
    // 軟體 and 髮乾 exist only in s2twp with the user phrase; they map back to the Original.
    for quote in ["軟體", "髮乾"] {
        let output = pizhu(&[
            "tag",
            &file,
            "--tag",
            "none",
            "--quote",
            quote,
            "--view",
            "traditional",
            "--variant",
            "taiwan-phrases",
        ]);
        assert!(output.status.success(), "{quote}: {}", stderr(&output));
    }
    let listed = stdout(&pizhu(&["annotations", &file, "--json"]));
    let quotes: Vec<String> = listed
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("json");
            value["quote"].as_str().expect("quote").to_owned()
        })
        .collect();
    // Original text: 软件 after 𠮷 (one char, not two), and 发干 across nothing removed.
    assert_eq!(quotes, ["发干", "软件"]);
    // Without the variant, 軟體 is not in the 繁 view.
    let missing = pizhu(&[
        "tag",
        &file,
        "--tag",
        "none",
        "--quote",
        "軟體",
        "--view",
        "traditional",
    ]);
    assert!(!missing.status.success());
}
