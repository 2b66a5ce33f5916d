//! Conversion against the oracle, OpenCC 1.4.2: its own testcases (`s2t`, `t2s`), the seed
//! articles, their Clean views (cleaned by an independent implementation, not by Pizhu) and
//! random strings converted by the real OpenCC (fixtures written by
//! `scripts/opencc-fixtures.sh`). Offsets do not appear here: outputs must be byte-identical.

use std::fs;
use std::path::{Path, PathBuf};

use pizhu::text::convert::{Converter, Target};

use crate::util::seeds;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/opencc")
}

/// A seed's file name without `.txt`: the fixtures' prefix.
fn stem(name: &str) -> &str {
    name.strip_suffix(".txt").expect("a .txt seed")
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
    for (name, original) in seeds() {
        let stem = stem(&name);
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

/// The Clean view of each seed, and its conversion, against fixtures that do not come from
/// Pizhu: `<seed>.clean.txt` is the seed cleaned by an independent implementation of the
/// inline-pinyin rule (DESIGN.md §4) in `scripts/opencc_fixtures.py`, and
/// `<seed>.clean.{s2t,t2s}.txt` is that text converted by OpenCC 1.4.2. So this checks Pizhu's
/// Clean against a second implementation, and Pizhu's conversion of Clean text against OpenCC.
#[test]
fn clean_views_equal_an_independent_clean_and_opencc() {
    let mut removed = 0;
    for (name, original) in seeds() {
        let stem = stem(&name);
        let expected = read(&data_dir().join(format!("{stem}.clean.txt")));
        let clean = pizhu::text::clean::clean(&original).text;
        assert!(
            clean == expected,
            "{stem}: Pizhu's Clean view differs from the independent one in \
             scripts/opencc_fixtures.py (first difference at char {})",
            first_difference(&clean, &expected)
        );
        removed += original.chars().count() - clean.chars().count();
        for (config, target) in [("s2t", Target::Traditional), ("t2s", Target::Simplified)] {
            let expected = read(&data_dir().join(format!("{stem}.clean.{config}.txt")));
            let converted = Converter::get(target).convert(&clean);
            assert!(
                converted.text == expected,
                "{stem} clean {config} differs from OpenCC"
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
