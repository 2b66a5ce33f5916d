//! Ruby: the tone-marked pinyin syllable of each Han character of a text, word-aware (`重庆` →
//! chóng qìng, `重要` → zhòng yào, `银行` → yín háng, `行人` → xíng rén). Offsets are chars of
//! the text given, which is any view's text (原文, 净文, 简, 繁): ruby is indexed exactly like
//! the view, so selections and highlights are untouched by it.
//!
//! How a reading is chosen: the text's Han runs are segmented into CC-CEDICT words
//! ([`segment`](super::segment)); a word takes the syllables of its best entry (the entry whose
//! readings agree most with each char's preferred reading, common words before proper nouns,
//! then dictionary order). A char in no multi-char word takes its own entry's reading chosen the
//! same way: the *preferred reading* is the most frequent one in Unicode Unihan's kHanyuPinlu
//! (reading frequencies of 现代汉语频率词典), else Unihan's kMandarin (`assets/cedict/
//! readings.txt`), so a lone `了` is `le`, `地` `de`, `行` `xíng`, `长` `zhǎng`. A char CC-CEDICT
//! lacks gets none. In 净文 (and 简/繁 made from it) the readings the crawl wrote after
//! characters (`調(diào)研`) can replace the dictionary's: [`source_syllables`].

use std::ops::Range;

use super::dictionary::Dictionary;
use super::pinyin::Syllable;
use super::segment::{Scratch, for_each_han_run};
use crate::text::clean::{clean, inline_pinyin};
use crate::text::{View, ViewKind};

/// The ruby of a text: at most one syllable per char, indexed by the text's chars.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ruby {
    syllables: Vec<Option<Syllable>>,
}

impl Ruby {
    /// Number of chars covered (the text's length in chars).
    pub fn len(&self) -> usize {
        self.syllables.len()
    }

    /// True for an empty text.
    pub fn is_empty(&self) -> bool {
        self.syllables.is_empty()
    }

    /// The syllable above char `char_index`, if any.
    pub fn get(&self, char_index: usize) -> Option<Syllable> {
        self.syllables.get(char_index).copied().flatten()
    }

    /// The syllables of chars `chars` (clamped), one per char: a paragraph's share.
    pub fn slice(&self, chars: Range<usize>) -> &[Option<Syllable>] {
        let end = chars.end.min(self.syllables.len());
        &self.syllables[chars.start.min(end)..end]
    }

    /// Every char that has a syllable, with it, in order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, Syllable)> + '_ {
        self.syllables
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|s| (i, s)))
    }

    /// Sets the syllables of the given chars (view chars; ones past the end are ignored).
    pub fn apply(&mut self, syllables: &[(usize, Syllable)]) {
        for &(char_index, syllable) in syllables {
            if let Some(slot) = self.syllables.get_mut(char_index) {
                *slot = Some(syllable);
            }
        }
    }

    /// The syllables of chars `chars` joined by spaces (chars without one are skipped): the
    /// pinyin of a word as ruby reads it, `chóng qìng`.
    pub fn reading(&self, chars: Range<usize>) -> String {
        let mut out = String::new();
        for syllable in self.slice(chars).iter().flatten() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(syllable.as_str());
        }
        out
    }
}

impl Dictionary {
    /// The ruby of `text`: each Han character's syllable, word-aware (see the module docs).
    /// Linear in the text; words never cross a non-Han char, so a paragraph can be done alone.
    ///
    /// ```
    /// use pizhu::dict::Dictionary;
    /// let dict = Dictionary::parse(
    ///     "銀行 银行 [yin2 hang2] /bank/\n行 行 [xing2] /to walk/\n行 行 [hang2] /row/\n",
    /// );
    /// let ruby = dict.ruby("银行行");
    /// assert_eq!(ruby.reading(0..3), "yín háng xíng");
    /// ```
    pub fn ruby(&self, text: &str) -> Ruby {
        let mut syllables = vec![None; text.chars().count()];
        let mut scratch = Scratch::default();
        for_each_han_run(text, |run, first_char| {
            let mut char_at = first_char;
            self.segment_run(run, &mut scratch, |(bytes, key)| {
                let word = &run[bytes];
                let chars = word.chars().count();
                match key.and_then(|k| self.key_ruby(k)) {
                    Some(ruby) => {
                        for (slot, syllable) in syllables[char_at..].iter_mut().zip(ruby) {
                            *slot = *syllable;
                        }
                    }
                    // A headword whose entries do not align char by char: each char alone.
                    None if chars > 1 => {
                        for (i, c) in word.chars().enumerate() {
                            let mut buffer = [0u8; 4];
                            syllables[char_at + i] = self
                                .headword_ruby(c.encode_utf8(&mut buffer))
                                .and_then(|r| r.first().copied().flatten());
                        }
                    }
                    None => {}
                }
                char_at += chars;
            });
        });
        Ruby { syllables }
    }

    /// The ruby of a view of an article (`original` is the article's Original text): the
    /// dictionary's, with the readings the crawl wrote after characters where `source` says so
    /// and the view is 净文 or made from it (see [`source_syllables`]).
    /// In 原文 the text is read through 净文, so that the crawl's inline pinyin does not split
    /// words (`長(zhǎng)遠(yuǎn)` reads `cháng … yuǎn`, the word 長遠, not a lone 長 `zhǎng`).
    pub fn view_ruby(&self, view: &View, original: &str, source: SourcePinyin) -> Ruby {
        if view.kind == ViewKind::Original {
            return self.original_ruby(&view.text);
        }
        let mut ruby = self.ruby(&view.text);
        ruby.apply(&source_syllables(original, view, source));
        ruby
    }

    /// The ruby of an Original text, found in its Clean view and carried back char by char.
    fn original_ruby(&self, original: &str) -> Ruby {
        let cleaned = clean(original);
        if cleaned.artefacts_removed == 0 {
            return self.ruby(original);
        }
        let mut syllables = vec![None; original.chars().count()];
        for (clean_char, syllable) in self.ruby(&cleaned.text).iter() {
            let chars = cleaned
                .map
                .original_range_from_view(clean_char..clean_char + 1);
            if chars.len() == 1
                && let Some(slot) = syllables.get_mut(chars.start)
            {
                *slot = Some(syllable);
            }
        }
        Ruby { syllables }
    }
}

/// Which of the readings the crawl wrote into the text (`調(diào)研`) ruby shows instead of the
/// dictionary's.
///
/// The crawl's readings are per character, not per word: on seeds 001 and 002 they agree with the
/// dictionary's word-aware ruby on 883 of 904 characters. Of the other 21, 3 are lost characters
/// (only the crawl knows them), 9 are CC-CEDICT's neutral tones (`任務` rèn wu, crawl wù), 2 a
/// revised standard reading (`績` jì, crawl jī), and in 7 the crawl is wrong where the word
/// decides (`長遠` cháng yuǎn, `長三角`, `協調` xié tiáo, `效應` xiào yìng). Hence the default.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum SourcePinyin {
    /// The dictionary's readings only.
    Never,
    /// The crawl's reading above a lost character (U+FFFD), which the dictionary cannot read.
    #[default]
    LostChars,
    /// The crawl's reading wherever it wrote one.
    Always,
}

/// The readings the crawl wrote after characters of `original` (`調(diào)研`, also a lost
/// character's `?jī)`) that `which` selects, as (view char, syllable) for `view`: the char each
/// one reads, where the view shows it as one char. Empty for the Original view (there the
/// syllables are text) and for a text without inline pinyin. Syllables that are not standard
/// pinyin are left out.
///
/// 简 and 繁 are made from 净文 by conversions that keep every char's position (OpenCC s2t/t2s
/// map each char to one char), so their chars are 净文's; a view whose length differs maps
/// through its offset map and keeps only chars that map to exactly one char.
pub fn source_syllables(
    original: &str,
    view: &View,
    which: SourcePinyin,
) -> Vec<(usize, Syllable)> {
    if view.kind == ViewKind::Original || which == SourcePinyin::Never {
        return Vec::new();
    }
    let mut found = inline_pinyin(original);
    if which == SourcePinyin::LostChars {
        found.retain(|p| p.lost);
    }
    if found.is_empty() {
        return Vec::new();
    }
    let cleaned = clean(original);
    let same_positions = view.map.view_len() == cleaned.map.view_len();
    found
        .iter()
        .filter_map(|p| {
            let syllable = Syllable::from_marked(p.syllable)?;
            let map = if same_positions {
                &cleaned.map
            } else {
                &view.map
            };
            let chars = map.view_range_from_original(p.original_char..p.original_char + 1);
            (chars.len() == 1).then_some((chars.start, syllable))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> Dictionary {
        Dictionary::build(
            "重 重 [chong2] /again/\n\
             重 重 [zhong4] /heavy/\n\
             重要 重要 [zhong4 yao4] /important/\n\
             重慶 重庆 [Chong2 qing4] /Chongqing/\n\
             慶 庆 [qing4] /celebrate/\n\
             要 要 [yao4] /want/\n\
             調 调 [diao4] /to transfer/\n\
             調 调 [tiao2] /to adjust/\n\
             研 研 [yan2] /to grind/\n\
             調研 调研 [diao4 yan2] /to investigate/\n\
             AA制 AA制 [A A zhi4] /to split the bill/\n\
             制 制 [zhi4] /system/\n"
                .to_owned(),
            "重\tzhong4\n調\tdiao4\n调\tdiao4\n",
        )
    }

    #[test]
    fn ruby_is_word_aware_and_indexed_by_view_chars() {
        let dict = dict();
        let ruby = dict.ruby("重庆很重要，重。AA制𠮷");
        let all: Vec<_> = (0..ruby.len())
            .map(|i| ruby.get(i).map_or("", Syllable::as_str))
            .collect();
        assert_eq!(
            all,
            [
                "chóng", "qìng", "", "zhòng", "yào", "", "zhòng", "", "", "", "zhì", ""
            ]
        );
        assert_eq!(ruby.reading(0..2), "chóng qìng");
        assert_eq!(ruby.slice(3..5).len(), 2);
        assert_eq!(ruby.slice(10..99).len(), 2);
        assert_eq!(ruby.iter().count(), 6);
        assert!(dict.ruby("").is_empty());
    }

    #[test]
    fn clean_view_uses_the_sources_syllables() {
        let dict = dict();
        // The crawl read 調 as tiáo here; the dictionary would say diào.
        let original = "調(tiáo)研 存量?jī)勢\n(WEF) 研(xyz)";
        let clean_view = View::render(original, ViewKind::Clean);
        assert_eq!(clean_view.text, "調研 存量\u{FFFD}勢\n(WEF) 研(xyz)");
        let plain = dict.view_ruby(&clean_view, original, SourcePinyin::Never);
        assert_eq!(plain.reading(0..2), "diào yán");
        assert_eq!(plain.get(5), None);
        let lost = dict.view_ruby(&clean_view, original, SourcePinyin::LostChars);
        assert_eq!(lost.reading(0..2), "diào yán");
        assert_eq!(lost.get(5).map(Syllable::as_str), Some("jī"));
        let sourced = dict.view_ruby(&clean_view, original, SourcePinyin::Always);
        assert_eq!(sourced.reading(0..2), "tiáo yán");
        assert_eq!(sourced.get(5).map(Syllable::as_str), Some("jī"));
        for kind in [ViewKind::Simplified, ViewKind::Traditional] {
            let view = View::render(original, kind);
            let ruby = dict.view_ruby(&view, original, SourcePinyin::Always);
            assert_eq!(ruby.reading(0..2), "tiáo yán", "{kind:?}");
        }
        let original_view = View::render(original, ViewKind::Original);
        assert!(source_syllables(original, &original_view, SourcePinyin::Always).is_empty());
    }
}
