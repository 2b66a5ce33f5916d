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
    fn entries_take_the_first_candidate_and_skip_comments() {
        const DICT: DictFile = DictFile {
            name: "test",
            text: "\u{FEFF}# comment\n\n后\t後 后\r\n𠮷\t𠮷\nbroken line\n",
        };
        let entries: Vec<_> = dict_entries(DICT).collect();
        assert_eq!(entries, [("后", "後", "後 后"), ("𠮷", "𠮷", "𠮷")]);
    }
}
