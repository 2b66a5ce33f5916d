//! The dictionary on the bundled CC-CEDICT and the seeds: lookups in both scripts, pinyin,
//! double-click word selection, ruby, and the `pizhu dict` command.

use std::process::{Command, Output};

use pizhu::dict::{Dictionary, SourcePinyin, Syllable, marked_from_numbered, source_syllables};
use pizhu::text::clean::inline_pinyin;
use pizhu::text::{View, ViewKind};

fn dict() -> &'static Dictionary {
    Dictionary::shared().expect("the bundled CC-CEDICT builds")
}

fn seed(name: &str) -> String {
    let path = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
        .expect("seeds folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(name))
        })
        .expect("seed exists");
    std::fs::read_to_string(path).expect("seed is UTF-8")
}

fn chars(text: &str, range: std::ops::Range<usize>) -> String {
    text.chars().skip(range.start).take(range.len()).collect()
}

/// Every char index where `needle` starts in `text`.
fn char_positions(text: &str, needle: &str) -> Vec<usize> {
    text.match_indices(needle)
        .map(|(byte, _)| text[..byte].chars().count())
        .collect()
}

fn pizhu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pizhu"))
        .args(args)
        .output()
        .expect("run pizhu")
}

#[test]
fn lookups_match_both_scripts() {
    let dict = dict();
    for (simplified, traditional, pinyin) in [
        ("经济", "經濟", "jīng jì"),
        ("发展", "發展", "fā zhǎn"),
        ("绿色", "綠色", "lǜ sè"),
        ("银行", "銀行", "yín háng"),
    ] {
        let by_simplified = dict.entries(simplified);
        let by_traditional = dict.entries(traditional);
        assert!(!by_simplified.is_empty(), "{simplified}");
        assert_eq!(
            by_simplified, by_traditional,
            "{simplified} / {traditional}"
        );
        let entry = by_simplified[0];
        assert_eq!(
            (entry.simplified, entry.traditional),
            (simplified, traditional)
        );
        assert!(
            by_simplified.iter().any(|e| e.pinyin() == pinyin),
            "{simplified}: {pinyin}"
        );
        assert!(entry.glosses().next().is_some());
    }
    // Proper nouns keep their capitals; non-BMP headwords work.
    assert_eq!(dict.entries("重庆")[0].pinyin(), "Chóng qìng");
    assert_eq!(dict.entries("北京")[0].pinyin(), "Běi jīng");
    assert_eq!(dict.entries("𠯪")[0].pinyin(), "dǎi");
    // Several entries for one headword, all listed.
    let le: Vec<String> = dict.entries("了").iter().map(|e| e.pinyin()).collect();
    assert!(le.contains(&"le".to_owned()) && le.contains(&"liǎo".to_owned()));
}

#[test]
fn a_missing_word_is_not_found_and_gets_a_suggestion() {
    let dict = dict();
    let lookup = dict.lookup("经济发达很快", 10);
    assert!(!lookup.is_found());
    assert!(lookup.entries.is_empty());
    assert_eq!(dict.longest_prefix_headword("经济发达很快"), Some("经济"));
    assert!(dict.entries("qwerty").is_empty());
    assert!(dict.entries("").is_empty());
}

#[test]
fn overlapping_entries_are_listed() {
    let dict = dict();
    let lookup = dict.lookup("经济", 5);
    assert_eq!(lookup.longer.len(), 5);
    assert!(lookup.longer_total > 5);
    assert!(lookup.longer.iter().all(|r| {
        r.entry.simplified.contains("经济") && r.entry.simplified.chars().count() > 2
    }));
    let shorter: Vec<&str> = lookup.shorter.iter().map(|r| r.entry.simplified).collect();
    assert!(shorter.contains(&"经") && shorter.contains(&"济"));
    // In context: 經濟 selected in seed 001's 净文, inside 經濟發展 or 經濟學 if the text has them.
    let text = "推動經濟學發展";
    let in_text = dict.lookup_in(text, 2..4);
    assert_eq!(in_text.query, "經濟");
    assert!(in_text.is_found());
    assert!(
        in_text
            .longer
            .iter()
            .any(|r| r.entry.traditional == "經濟學" && r.chars == Some(2..5))
    );
}

#[test]
fn pinyin_gets_tone_marks() {
    for (numbered, marked) in [
        ("jing1 ji4", "jīng jì"),
        ("lü4", "lǜ"),
        ("lu:4", "lǜ"),
        ("lv4", "lǜ"),
        ("nv3", "nǚ"),
        ("nu:3", "nǚ"),
        ("r5", "r"),
        ("yi1 dian3 r5", "yī diǎn r"),
        ("de5", "de"),
        ("hao3", "hǎo"),
        ("gou3", "gǒu"),
        ("shui3", "shuǐ"),
        ("liu2", "liú"),
        ("xue2", "xué"),
        ("Zhong1 guo2", "Zhōng guó"),
        ("Ou1 meng2", "Ōu méng"),
        ("E2 luo2 si1", "É luó sī"),
    ] {
        assert_eq!(marked_from_numbered(numbered), marked, "{numbered}");
    }
    assert_eq!(Syllable::from_numbered("nu:3"), Syllable::from_marked("nǚ"));
}

#[test]
fn double_click_selects_the_dictionary_word_on_the_seeds() {
    let dict = dict();
    for name in ["001_", "002_"] {
        let original = seed(name);
        let clean = View::render(&original, ViewKind::Clean);
        let positions = char_positions(&clean.text, "經濟");
        assert!(!positions.is_empty(), "seed {name} has 經濟");
        for &at in &positions {
            for click in [at, at + 1] {
                let word = dict.word_at(&clean.text, click);
                // The whole of 經濟, or a longer dictionary word that holds it.
                assert!(
                    word.start <= at && at + 2 <= word.end,
                    "{name}: {:?} at {click}",
                    chars(&clean.text, word)
                );
                assert!(dict.contains(&chars(&clean.text, word.clone())));
            }
        }
    }
    let original = seed("001_");
    let clean = View::render(&original, ViewKind::Clean);
    let positions = char_positions(&clean.text, "經濟");
    // 拼經濟 in seed 001: a double-click on either char selects exactly 經濟.
    assert_eq!(
        dict.word_at(&clean.text, positions[0]),
        positions[0]..positions[0] + 2
    );
    // The same in 简 and 繁, where 经济 / 經濟 stand at the same places.
    for kind in [ViewKind::Simplified, ViewKind::Traditional] {
        let view = View::render(&original, kind);
        let at = positions[0];
        let word = dict.word_at(&view.text, at + 1);
        assert!(word.start <= at && at + 2 <= word.end, "{kind:?}");
    }
    // In 原文 the crawl's pinyin splits the word: it is found through 净文 and selected with
    // the pinyin inside it, `經(jīng)濟`.
    let at = char_positions(&original, "經(jīng)濟(jì)")[0];
    let word = dict.word_at_original(&original, &clean, at + 7);
    assert_eq!(chars(&original, word), "經(jīng)濟");
    // Plain text: the 简 seed 000.
    let simplified = seed("000_");
    let at = char_positions(&simplified, "经济")[0];
    let word = dict.word_at(&simplified, at);
    assert!(word.start <= at && at + 2 <= word.end);
}

#[test]
fn ruby_reads_known_words() {
    let dict = dict();
    for (text, reading) in [
        ("重庆", "chóng qìng"),
        ("重慶", "chóng qìng"),
        ("银行", "yín háng"),
        ("銀行", "yín háng"),
        ("重要", "zhòng yào"),
        ("行人", "xíng rén"),
        ("长江", "cháng jiāng"),
        ("成长", "chéng zhǎng"),
        ("我们的", "wǒ men de"),
        ("研究生命起源", "yán jiū shēng mìng qǐ yuán"),
        ("着眼長遠", "zhuó yǎn cháng yuǎn"),
        ("绿色发展", "lǜ sè fā zhǎn"),
        ("女", "nǚ"),
    ] {
        let ruby = dict.ruby(text);
        assert_eq!(ruby.reading(0..ruby.len()), reading, "{text}");
    }
    // Only Han characters get a syllable; offsets are the text's chars, non-BMP included.
    let ruby = dict.ruby("𠮷A行，了");
    assert_eq!(ruby.len(), 5);
    assert_eq!(ruby.get(1), None);
    assert_eq!(ruby.get(2).map(Syllable::as_str), Some("xíng"));
    assert_eq!(ruby.get(3), None);
    assert_eq!(ruby.get(4).map(Syllable::as_str), Some("le"));
}

#[test]
fn ruby_covers_every_han_char_of_every_seed_view() {
    let dict = dict();
    for name in ["000_", "001_", "002_", "003_", "004_"] {
        let original = seed(name);
        for kind in ViewKind::ALL {
            let view = View::render(&original, kind);
            let ruby = dict.view_ruby(&view, &original, SourcePinyin::LostChars);
            assert_eq!(ruby.len(), view.text.chars().count());
            let han = view
                .text
                .chars()
                .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
                .count();
            let read = ruby.iter().count();
            // A seed's characters are all in CC-CEDICT, but for a rare one at most.
            assert!(read + 2 >= han, "{name} {kind:?}: {read} of {han}");
        }
    }
}

#[test]
fn original_view_ruby_is_read_through_the_clean_view() {
    let dict = dict();
    let original = seed("002_");
    let view = View::render(&original, ViewKind::Original);
    let ruby = dict.view_ruby(&view, &original, SourcePinyin::LostChars);
    // 長遠 is one word although the crawl's pinyin stands between its characters.
    let at = char_positions(&original, "長(zhǎng)遠(yuǎn)")[0];
    assert_eq!(ruby.get(at).map(Syllable::as_str), Some("cháng"));
    assert_eq!(ruby.get(at + 8).map(Syllable::as_str), Some("yuǎn"));
    // The pinyin letters themselves get none.
    assert_eq!(ruby.get(at + 2), None);
}

#[test]
fn clean_view_can_use_the_crawls_own_syllables() {
    let dict = dict();
    // inline_pinyin finds exactly what Clean removes, on every seed.
    for name in ["000_", "001_", "002_", "003_", "004_"] {
        let original = seed(name);
        let cleaned = pizhu::text::clean::clean(&original);
        assert_eq!(
            inline_pinyin(&original).len(),
            cleaned.artefacts_removed,
            "{name}"
        );
    }
    let original = seed("001_");
    let found = inline_pinyin(&original);
    assert!(found.len() > 200);
    let clean = View::render(&original, ViewKind::Clean);
    let all = source_syllables(&original, &clean, SourcePinyin::Always);
    // Every syllable the crawl wrote is placed on one view char (lost ones on their U+FFFD).
    assert_eq!(all.len(), found.len());
    let ruby = dict.view_ruby(&clean, &original, SourcePinyin::Always);
    for &(char_index, syllable) in &all {
        assert_eq!(ruby.get(char_index), Some(syllable));
    }
    let view_chars: Vec<char> = clean.text.chars().collect();
    let lost = source_syllables(&original, &clean, SourcePinyin::LostChars);
    assert!(!lost.is_empty());
    assert!(lost.iter().all(|&(i, _)| view_chars[i] == '\u{FFFD}'));
    // The dictionary and the crawl mostly agree (the crawl reads char by char).
    let plain = dict.view_ruby(&clean, &original, SourcePinyin::Never);
    let agree = all
        .iter()
        .filter(|&&(i, s)| plain.get(i) == Some(s))
        .count();
    assert!(agree * 100 >= all.len() * 95, "{agree} of {}", all.len());
}

#[test]
fn malformed_dictionary_lines_are_skipped() {
    let text = "# header\n\
                經濟 经济 [jing1 ji4] /economy/\n\
                broken line without brackets\n\
                經 [jing1] /missing simplified/\n\
                長 长 [chang2 /unclosed/\n\
                長 长 [chang2] no slashes\n\
                銀行 银 [yin2 hang2] /length mismatch/\n\
                \u{FFFD}\u{0} \u{FFFD} [x] //\n\
                行 行 [xing2] /to walk/\r\n";
    let dict = Dictionary::parse(text);
    assert_eq!(dict.len(), 2);
    let skipped: Vec<usize> = dict.skipped_lines().iter().map(|s| s.line).collect();
    assert_eq!(skipped, [3, 4, 5, 6, 7, 8]);
    assert_eq!(dict.entries("经济")[0].pinyin(), "jīng jì");
    assert_eq!(dict.ruby("经济行").reading(0..3), "jīng jì xíng");
}

#[test]
fn cli_looks_up_a_word() {
    let output = pizhu(&["dict", "經濟"]);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        stdout.starts_with("经济 經濟  jīng jì\n  economy\n"),
        "{stdout}"
    );
    assert!(stdout.contains("Longer words ("));
    assert!(stdout.contains("经济学 經濟學  jīng jì xué"));
    assert!(stdout.contains("Shorter words:"));

    // Cross-references inside glosses are tone-marked too.
    let output = pizhu(&["dict", "经"]);
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(stdout.contains("經濟|经济[jīng jì]"), "{stdout}");

    let output = pizhu(&["dict", "绿", "--json"]);
    assert!(output.status.success());
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(value["found"], true);
    assert_eq!(value["entries"][0]["traditional"], "綠");
    assert_eq!(value["entries"][0]["pinyin"], "lǜ");
    assert_eq!(value["entries"][0]["pinyin_numbered"], "lu:4");
}

#[test]
fn cli_fails_with_a_sentence_for_a_missing_word() {
    let output = pizhu(&["dict", "经济发达很快"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert_eq!(
        stderr.trim_end(),
        "pizhu: \"经济发达很快\" is not in CC-CEDICT; it starts with the word 经济 (jīng jì) \
         and splits into 经济 · 发达 · 很 · 快"
    );
    assert_eq!(stderr.lines().count(), 1);

    let output = pizhu(&["dict", "zzz", "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(value["found"], false);
    assert_eq!(value["longest_prefix"], serde_json::Value::Null);

    let output = pizhu(&["dict", " "]);
    assert_eq!(output.status.code(), Some(1));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text from pieces that exercise word boundaries: words, single characters, punctuation,
    /// Latin, digits, full-width forms, non-BMP characters, crawl pinyin, line breaks.
    fn arb_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "经济",
            "經濟",
            "发展",
            "研究生",
            "命",
            "重",
            "庆",
            "銀行",
            "了",
            "，",
            "。",
            "GDP",
            "２０２３",
            "𠮷",
            "𠯪",
            "(jīng)",
            "?jī)",
            "\n",
            "\r\n",
            " ",
            "a",
            "😀",
            "〇",
            "\u{FFFD}",
        ]);
        prop::collection::vec(pieces, 0..30).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn word_at_returns_a_word_around_the_char(text in arb_text(), at in 0usize..120) {
            let dict = dict();
            let len = text.chars().count();
            let word = dict.word_at(&text, at);
            if at < len {
                prop_assert!(word.start <= at && at < word.end && word.end <= len, "{:?}", word);
                // Clicking anywhere in the word selects the same word.
                for inside in word.clone() {
                    prop_assert_eq!(dict.word_at(&text, inside), word.clone());
                }
            } else {
                prop_assert_eq!(word, len..len);
            }
        }

        #[test]
        fn words_tile_the_han_runs_and_ruby_is_per_char(text in arb_text()) {
            let dict = dict();
            let chars: Vec<char> = text.chars().collect();
            let words = dict.words(&text);
            let mut covered = vec![false; chars.len()];
            let mut previous_end = 0;
            for word in &words {
                prop_assert!(word.start >= previous_end && word.start < word.end);
                previous_end = word.end;
                for i in word.clone() {
                    covered[i] = true;
                }
                if word.len() > 1 {
                    prop_assert!(dict.contains(&chars[word.clone()].iter().collect::<String>()));
                }
                prop_assert_eq!(dict.word_at(&text, word.start), word.clone());
            }
            let ruby = dict.ruby(&text);
            prop_assert_eq!(ruby.len(), chars.len());
            for (i, c) in chars.iter().enumerate() {
                let han = matches!(c, '〇' | '\u{4E00}'..='\u{9FFF}' | '\u{20000}'..='\u{2FA1F}');
                prop_assert_eq!(covered[i], han, "{:?} at {}", c, i);
                if ruby.get(i).is_some() {
                    prop_assert!(han);
                }
            }
        }
    }
}
