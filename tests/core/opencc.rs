//! Conversion against the oracle, OpenCC 1.4.2: its own testcases (`s2t`, `t2s`), the seed
//! articles and random strings converted by the real OpenCC (fixtures written by
//! `scripts/opencc-fixtures.sh`). Offsets do not appear here: outputs must be byte-identical.

use std::fs;
use std::path::{Path, PathBuf};

use pizhu::text::convert::{Converter, Target};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/opencc")
}

fn seeds() -> Vec<PathBuf> {
    let mut seeds: Vec<PathBuf> = fs::read_dir(crate::util::seeds_dir())
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

fn config_target(config: &str) -> Option<Target> {
    match config {
        "s2t" => Some(Target::Traditional),
        "t2s" => Some(Target::Simplified),
        _ => None,
    }
}

#[test]
fn opencc_testcases() {
    let json = strip_trailing_commas(&read(&data_dir().join("testcases.json")));
    let doc: serde_json::Value = serde_json::from_str(&json).expect("testcases.json parses");
    let cases = doc["cases"].as_array().expect("a case list");
    let (mut total, mut failures) = (0, Vec::new());
    for case in cases {
        let input = case["input"].as_str().expect("input");
        let expected = case["expected"].as_object().expect("expected outputs");
        for (config, output) in expected {
            let Some(target) = config_target(config) else {
                continue;
            };
            let output = output.as_str().expect("expected output");
            total += 1;
            let converted = Converter::get(target).convert(input);
            if converted.text != output {
                failures.push(format!(
                    "{} {config}: {input} → {} ≠ {output}",
                    case["id"], converted.text
                ));
            }
            assert_eq!(converted.map.original_len(), input.chars().count());
            assert_eq!(converted.map.view_len(), converted.text.chars().count());
        }
    }
    println!(
        "OpenCC testcases: {}/{total} identical",
        total - failures.len()
    );
    assert_eq!(total, 160, "105 s2t and 55 t2s cases in OpenCC 1.4.2");
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
        for (config, target) in [("s2t", Target::Traditional), ("t2s", Target::Simplified)] {
            let expected = read(&data_dir().join(format!("{stem}.{config}.txt")));
            let converted = Converter::get(target).convert(&original);
            assert!(
                converted.text == expected,
                "{stem} {config} differs from OpenCC"
            );
            assert!(
                converted.map.is_identity(),
                "{stem} {config}: s2t/t2s keep every length"
            );
            let mut streamed = Vec::new();
            Converter::get(target)
                .convert_stream(original.as_bytes(), &mut streamed)
                .expect("in-memory stream");
            assert!(
                streamed == expected.as_bytes(),
                "{stem} {config}: stream differs"
            );
        }
    }
}

#[test]
fn random_strings_equal_opencc() {
    let doc: serde_json::Value =
        serde_json::from_str(&read(&data_dir().join("fuzz.json"))).expect("fuzz.json parses");
    assert_eq!(doc["opencc"], "1.4.2");
    let cases = doc["cases"].as_array().expect("a case list");
    assert!(cases.len() >= 1000);
    let mut failures = Vec::new();
    for case in cases {
        let input = case["input"].as_str().expect("input");
        for (config, target) in [("s2t", Target::Traditional), ("t2s", Target::Simplified)] {
            let expected = case[config].as_str().expect("expected output");
            let mut fast = String::new();
            Converter::get(target).convert_into(input, &mut fast);
            let converted = Converter::get(target).convert(input);
            if converted.text != expected || fast != expected {
                failures.push(format!(
                    "{config}: {input:?} → {:?} ≠ {expected:?}",
                    converted.text
                ));
            }
        }
    }
    println!(
        "random strings: {}/{} identical",
        2 * cases.len() - failures.len(),
        2 * cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The Clean view of each seed, converted. The fixtures need a `pizhu` binary with
/// `show --view clean`; until they are generated this test says so and passes.
#[test]
fn clean_views_equal_opencc() {
    let mut checked = 0;
    for seed in seeds() {
        let stem = seed
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("UTF-8 file name");
        let clean = read(&data_dir().join(format!("{stem}.clean.txt")));
        // The fixture was made from our Clean view; if Clean changes, regenerate the fixtures
        // with scripts/opencc-fixtures.sh so OpenCC converts the new text.
        let original = read(&seed);
        assert_eq!(
            pizhu::text::clean::clean(&original).text,
            clean,
            "{stem}: Clean view changed; rerun scripts/opencc-fixtures.sh"
        );
        for (config, target) in [("s2t", Target::Traditional), ("t2s", Target::Simplified)] {
            let expected = read(&data_dir().join(format!("{stem}.clean.{config}.txt")));
            let converted = Converter::get(target).convert(&clean);
            assert!(
                converted.text == expected,
                "{stem} clean {config} differs from OpenCC"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 5, "every seed has Clean-view fixtures");
}

#[test]
fn trailing_commas_are_stripped_outside_strings() {
    let json = strip_trailing_commas("{\"a\": [1, 2, ], \"b\": \"x, ]\", }");
    assert_eq!(json, "{\"a\": [1, 2 ], \"b\": \"x, ]\" }");
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(value["b"], "x, ]");
}
