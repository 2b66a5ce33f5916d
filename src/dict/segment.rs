//! Word boundaries from CC-CEDICT: which dictionary word a character belongs to (double-click
//! selection, word-aware ruby). Offsets in the API are chars of the text passed in; bytes only
//! inside.
//!
//! A run of Han characters is split into dictionary words by the segmentation with the fewest
//! words, then the fewest one-character words, then the longest first word (a dynamic programme
//! over every dictionary word in the run, found by prefix search in the headwords). This fixes the
//! classic mistake of greedy forward matching (`研究生命` → `研究生|命`: here `研究|生命`) at the
//! same linear cost. Words never span a non-Han character: punctuation, Latin letters and digits
//! break runs (CC-CEDICT headwords with Latin letters, as `3C`, are looked up but not segmented).

use std::ops::Range;

use super::dictionary::{Dictionary, is_han};

/// The most chars on each side of a double-clicked char that [`Dictionary::word_at`] segments:
/// a word decided by text further away than this is not worth an unbounded cost per click.
const WORD_AT_WINDOW_CHARS: usize = 256;

/// Buffers reused between runs.
#[derive(Default)]
pub(crate) struct Scratch {
    matches: Vec<(u32, u32, u32)>,
    /// Per byte position: (words, one-char words) of the best segmentation of the rest.
    cost: Vec<(u32, u32)>,
    /// Per byte position: end of the first word of that segmentation, and its key.
    choice: Vec<(u32, u32)>,
}

/// `choice` key of a char that is no headword.
const NO_KEY: u32 = u32::MAX;

/// One word of a segmented run: bytes of the run, and the headword's key index if it is one.
pub(crate) type RunWord = (Range<usize>, Option<u32>);

impl Dictionary {
    /// Segments a run of Han characters (`run` has no other chars), calling `emit` for each
    /// word in order with its byte range in `run` and its key.
    pub(crate) fn segment_run(
        &self,
        run: &str,
        scratch: &mut Scratch,
        mut emit: impl FnMut(RunWord),
    ) {
        let Scratch {
            matches,
            cost,
            choice,
        } = scratch;
        // By start; at one start from the shortest to the longest.
        self.matches_in(run, matches);
        let n = run.len();
        cost.clear();
        cost.resize(n + 1, (u32::MAX, u32::MAX));
        choice.clear();
        choice.resize(n + 1, (0, NO_KEY));
        cost[n] = (0, 0);
        let mut first_at_or_after = matches.len();
        for (i, c) in run.char_indices().rev() {
            let next = i + c.len_utf8();
            let last_at_i = first_at_or_after;
            while first_at_or_after > 0 && matches[first_at_or_after - 1].0 as usize >= i {
                first_at_or_after -= 1;
            }
            let mut best = (u32::MAX, u32::MAX);
            let mut best_choice = (next as u32, NO_KEY);
            // The longest first, so that equal costs keep the longest word.
            for &(_, end, key) in matches[first_at_or_after..last_at_i].iter().rev() {
                let (words, singles) = cost[end as usize];
                let one_char = u32::from(end as usize == next);
                let total = (words + 1, singles + one_char);
                if total < best {
                    best = total;
                    best_choice = (end, key);
                }
            }
            // The char alone, when it is no headword (or a headword loses to it: never).
            let (words, singles) = cost[next];
            if (words + 1, singles + 1) < best {
                best = (words + 1, singles + 1);
                best_choice = (next as u32, NO_KEY);
            }
            cost[i] = best;
            choice[i] = best_choice;
        }
        let mut i = 0;
        while i < n {
            let (end, key) = choice[i];
            let end = (end as usize).max(i + 1);
            emit((i..end, (key != NO_KEY).then_some(key)));
            i = end;
        }
    }

    /// The words of `text`'s Han runs, in order, as char ranges of `text`: dictionary words, and
    /// single characters CC-CEDICT lacks. Chars outside Han runs belong to no word.
    ///
    /// ```
    /// use pizhu::dict::Dictionary;
    /// let dict = Dictionary::parse(
    ///     "研究 研究 [yan2 jiu1] /research/\n研究生 研究生 [yan2 jiu1 sheng1] /graduate student/\n\
    ///      生命 生命 [sheng1 ming4] /life/\n命 命 [ming4] /life/fate/\n",
    /// );
    /// assert_eq!(dict.words("研究生命。"), [0..2, 2..4]);
    /// ```
    pub fn words(&self, text: &str) -> Vec<Range<usize>> {
        let mut words = Vec::new();
        let mut scratch = Scratch::default();
        for_each_han_run(text, |run, first_char| {
            let mut char_at = first_char;
            self.segment_run(run, &mut scratch, |(bytes, _)| {
                let chars = run[bytes].chars().count();
                words.push(char_at..char_at + chars);
                char_at += chars;
            });
        });
        words
    }

    /// The word around char `char_index` of `text` (what a double-click selects), in chars of
    /// `text`: the dictionary word it belongs to in a Han run (a lone char CC-CEDICT lacks is its
    /// own word), a run of letters and digits, or the char itself. An index past the end gives
    /// an empty range at the end. Pass the paragraph, not the whole article: the cost is linear
    /// in the text before the index (the segmentation itself looks at most 256 chars each side).
    ///
    /// ```
    /// use pizhu::dict::Dictionary;
    /// let dict = Dictionary::parse("經濟 经济 [jing1 ji4] /economy/\n");
    /// assert_eq!(dict.word_at("發展經濟。", 3), 2..4);
    /// assert_eq!(dict.word_at("GDP增長", 1), 0..3);
    /// assert_eq!(dict.word_at("經濟", 9), 2..2);
    /// ```
    pub fn word_at(&self, text: &str, char_index: usize) -> Range<usize> {
        let Some((byte, c)) = text.char_indices().nth(char_index) else {
            let len = text.chars().count();
            return len..len;
        };
        let kind = CharKind::of(c);
        if kind == CharKind::Other {
            return char_index..char_index + 1;
        }
        // The run of chars of the same kind around the index, within the window.
        let mut start_byte = byte;
        let mut start_char = char_index;
        for (i, c) in text[..byte].char_indices().rev() {
            if CharKind::of(c) != kind
                || (kind == CharKind::Han && char_index - start_char >= WORD_AT_WINDOW_CHARS)
            {
                break;
            }
            start_byte = i;
            start_char -= 1;
        }
        let mut end_byte = byte;
        let mut end_char = char_index;
        for c in text[byte..].chars() {
            if CharKind::of(c) != kind
                || (kind == CharKind::Han && end_char - char_index >= WORD_AT_WINDOW_CHARS)
            {
                break;
            }
            end_byte += c.len_utf8();
            end_char += 1;
        }
        if kind == CharKind::Word {
            return start_char..end_char;
        }
        let run = &text[start_byte..end_byte];
        let target = byte - start_byte;
        let mut found = char_index..char_index + 1;
        let mut char_at = start_char;
        self.segment_run(run, &mut Scratch::default(), |(bytes, _)| {
            let chars = run[bytes.clone()].chars().count();
            if bytes.contains(&target) {
                found = char_at..char_at + chars;
            }
            char_at += chars;
        });
        found
    }

    /// The word around Original char `original_char` of an article, found in its 净文 view
    /// `clean` (where crawl pinyin no longer splits words) and returned in Original chars: in
    /// `經(jīng)濟(jì)` a double-click on `濟` selects `經(jīng)濟`. For the 原文 view; a char that
    /// 净文 removed (inside the pinyin) gets [`word_at`](Self::word_at) of the Original text.
    pub fn word_at_original(
        &self,
        original: &str,
        clean: &crate::text::View,
        original_char: usize,
    ) -> Range<usize> {
        let shown = clean
            .map
            .view_range_from_original(original_char..original_char + 1);
        if shown.len() != 1 {
            return self.word_at(original, original_char);
        }
        let word = self.word_at(&clean.text, shown.start);
        clean.map.original_range_from_view(word)
    }
}

/// What a double-click groups: Han characters by dictionary, letters and digits by runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CharKind {
    Han,
    Word,
    Other,
}

impl CharKind {
    fn of(c: char) -> Self {
        if is_han(c) {
            Self::Han
        } else if c.is_alphanumeric() {
            Self::Word
        } else {
            Self::Other
        }
    }
}

/// Calls `f` with each maximal run of Han characters of `text` and the char index it starts at.
pub(crate) fn for_each_han_run(text: &str, mut f: impl FnMut(&str, usize)) {
    let mut run_start: Option<(usize, usize)> = None;
    for (char_index, (byte, c)) in text.char_indices().enumerate() {
        match (is_han(c), run_start) {
            (true, None) => run_start = Some((byte, char_index)),
            (false, Some((start_byte, start_char))) => {
                f(&text[start_byte..byte], start_char);
                run_start = None;
            }
            _ => {}
        }
    }
    if let Some((start_byte, start_char)) = run_start {
        f(&text[start_byte..], start_char);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> Dictionary {
        Dictionary::parse(
            "研究 研究 [yan2 jiu1] /research/\n\
             研究生 研究生 [yan2 jiu1 sheng1] /graduate student/\n\
             生命 生命 [sheng1 ming4] /life/\n\
             命 命 [ming4] /life/\n\
             起源 起源 [qi3 yuan2] /origin/\n\
             經濟 经济 [jing1 ji4] /economy/\n\
             經濟發展 经济发展 [jing1 ji4 fa1 zhan3] /economic development/\n\
             發展 发展 [fa1 zhan3] /development/\n\
             𠮷 𠮷 [ji2] /variant of 吉/\n",
        )
    }

    #[test]
    fn fewest_words_then_fewest_single_chars() {
        let dict = dict();
        assert_eq!(dict.words("研究生命起源"), [0..2, 2..4, 4..6]);
        assert_eq!(dict.words("研究生"), vec![0..3]);
        // Longest match wins where the counts tie; unknown chars stand alone.
        assert_eq!(dict.words("經濟發展好"), [0..4, 4..5]);
        assert_eq!(dict.words("，經濟 發展。"), [1..3, 4..6]);
        assert_eq!(dict.words("𠮷經濟"), [0..1, 1..3]);
        assert!(dict.words("").is_empty());
        assert!(dict.words("abc，。").is_empty());
    }

    #[test]
    fn word_at_selects_the_word_around_a_char() {
        let dict = dict();
        let text = "我們研究生命，GDP２０２３年𠮷經濟";
        for (index, word) in [
            (0, 0..1),
            (2, 2..4),
            (3, 2..4),
            (4, 4..6),
            (6, 6..7),
            (7, 7..14),
            (9, 7..14),
            (13, 7..14),
            (14, 14..15),
            (15, 15..16),
            (16, 16..18),
            (17, 16..18),
            (18, 18..18),
            (99, 18..18),
        ] {
            assert_eq!(dict.word_at(text, index), word, "at {index}");
        }
        assert_eq!(dict.word_at("", 0), 0..0);
    }

    #[test]
    fn long_runs_are_segmented_within_the_window() {
        let dict = dict();
        let text = "經濟".repeat(2000);
        assert_eq!(dict.word_at(&text, 2001), 2000..2002);
        assert_eq!(dict.word_at(&text, 3999), 3998..4000);
    }
}
