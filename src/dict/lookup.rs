//! Looking a word up: its entries in both scripts, and the longer and shorter dictionary words
//! that overlap it, either in the dictionary alone ([`Dictionary::lookup`], the CLI) or in the
//! text it was selected from ([`Dictionary::lookup_in`], the lookup card). Offsets: chars of the
//! query or of the text passed in.

use std::ops::Range;

use super::dictionary::{Dictionary, Entry};
use super::segment::for_each_han_run;

/// The result of looking a word up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lookup<'d> {
    /// What was looked up (trimmed).
    pub query: String,
    /// Entries whose simplified or traditional headword is the query, in dictionary order.
    pub entries: Vec<Entry<'d>>,
    /// Longer words overlapping the query: in [`lookup`](Dictionary::lookup) the headwords that
    /// contain it (shortest first, at most the limit); in [`lookup_in`](Dictionary::lookup_in)
    /// the dictionary words of the text that overlap the selection and reach past it.
    pub longer: Vec<Related<'d>>,
    /// How many longer entries there are in all (more than `longer.len()` when capped).
    pub longer_total: usize,
    /// Shorter dictionary words inside the query, in text order (longest first at one place).
    pub shorter: Vec<Related<'d>>,
}

impl Lookup<'_> {
    /// True if the query itself is a headword.
    pub fn is_found(&self) -> bool {
        !self.entries.is_empty()
    }
}

/// An entry related to a lookup, and where its headword is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related<'d> {
    /// The entry.
    pub entry: Entry<'d>,
    /// Its headword's chars: in the query (shorter words of [`Dictionary::lookup`]) or in the
    /// text (both lists of [`Dictionary::lookup_in`]); `None` for a headword found only in the
    /// dictionary (longer words of [`Dictionary::lookup`]).
    pub chars: Option<Range<usize>>,
}

impl Dictionary {
    /// Looks `word` up (either script): its entries, the shorter headwords inside it, and up to
    /// `limit` longer headwords that contain it.
    ///
    /// ```
    /// use pizhu::dict::Dictionary;
    /// let dict = Dictionary::parse(
    ///     "經濟 经济 [jing1 ji4] /economy/\n經濟學 经济学 [jing1 ji4 xue2] /economics/\n\
    ///      經 经 [jing1] /classics/\n",
    /// );
    /// let lookup = dict.lookup("經濟", 10);
    /// assert_eq!(lookup.entries[0].simplified, "经济");
    /// assert_eq!(lookup.longer[0].entry.simplified, "经济学");
    /// assert_eq!(lookup.shorter[0].entry.traditional, "經");
    /// ```
    pub fn lookup(&self, word: &str, limit: usize) -> Lookup<'_> {
        let query = word.trim();
        let (longer, longer_total) = self.entries_containing(query, limit);
        let char_count = query.chars().count();
        let shorter = self
            .related_in(query, 0..char_count)
            .into_iter()
            .filter(|r| r.chars.as_ref().is_some_and(|c| c.len() < char_count))
            .collect();
        Lookup {
            query: query.to_owned(),
            entries: self.entries(query),
            longer: longer
                .into_iter()
                .map(|entry| Related { entry, chars: None })
                .collect(),
            longer_total,
            shorter,
        }
    }

    /// Looks up the selection `selection` (chars) of `text`, with the dictionary words of the
    /// text around it: those that reach past the selection are `longer`, those inside it
    /// `shorter` (`經濟` selected in `發展經濟學` gives `經濟學` longer, `經` and `濟` shorter).
    /// Pass the paragraph the selection is in.
    pub fn lookup_in(&self, text: &str, selection: Range<usize>) -> Lookup<'_> {
        let query: String = text
            .chars()
            .skip(selection.start)
            .take(selection.end.saturating_sub(selection.start))
            .collect();
        let (longer, shorter): (Vec<_>, Vec<_>) = self
            .related_in(text, selection.clone())
            .into_iter()
            .filter(|r| r.chars.as_ref() != Some(&selection))
            .partition(|r| {
                r.chars
                    .as_ref()
                    .is_some_and(|c| c.start < selection.start || c.end > selection.end)
            });
        Lookup {
            entries: self.entries(query.trim()),
            query: query.trim().to_owned(),
            longer_total: longer.len(),
            longer,
            shorter,
        }
    }

    /// The longest leading part of `word` that is a headword (what to suggest when `word` is
    /// not one), if any.
    pub fn longest_prefix_headword<'w>(&self, word: &'w str) -> Option<&'w str> {
        word.char_indices()
            .map(|(i, c)| &word[..i + c.len_utf8()])
            .rev()
            .find(|prefix| self.contains(prefix))
    }

    /// The entries of every dictionary word of `text` that overlaps `chars`, in text order, the
    /// longest first at one place; only Han runs within reach of the range are searched.
    fn related_in(&self, text: &str, chars: Range<usize>) -> Vec<Related<'_>> {
        let reach = self.longest_headword_chars();
        let window_start = chars.start.saturating_sub(reach);
        let window_end = chars.end.saturating_add(reach);
        let mut byte_start = text.len();
        let mut byte_end = text.len();
        for (i, (byte, _)) in text.char_indices().enumerate() {
            if i == window_start {
                byte_start = byte;
            }
            if i == window_end {
                byte_end = byte;
                break;
            }
        }
        let window = &text[byte_start.min(byte_end)..byte_end];
        let mut found: Vec<(usize, usize, u32)> = Vec::new();
        let mut matches = Vec::new();
        for_each_han_run(window, |run, first_char| {
            self.matches_in(run, &mut matches);
            for &(start, end, key) in &matches {
                let start_char = window_start + first_char + run[..start as usize].chars().count();
                let end_char = start_char + run[start as usize..end as usize].chars().count();
                if start_char < chars.end && end_char > chars.start {
                    found.push((start_char, end_char, key));
                }
            }
        });
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        found
            .into_iter()
            .flat_map(|(start, end, key)| {
                self.key_entries(key).map(move |entry| Related {
                    entry,
                    chars: Some(start..end),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> Dictionary {
        Dictionary::parse(
            "經 经 [jing1] /classics/\n\
             濟 济 [ji4] /to help/\n\
             經濟 经济 [jing1 ji4] /economy/\n\
             經濟學 经济学 [jing1 ji4 xue2] /economics/\n\
             政治經濟學 政治经济学 [zheng4 zhi4 jing1 ji4 xue2] /political economy/\n\
             發展 发展 [fa1 zhan3] /development/\n",
        )
    }

    #[test]
    fn lookup_lists_longer_and_shorter_headwords() {
        let dict = dict();
        let lookup = dict.lookup(" 经济 ", 1);
        assert!(lookup.is_found());
        assert_eq!(lookup.query, "经济");
        assert_eq!(lookup.longer.len(), 1);
        assert_eq!(lookup.longer_total, 2);
        assert_eq!(lookup.longer[0].entry.simplified, "经济学");
        let shorter: Vec<_> = lookup
            .shorter
            .iter()
            .map(|r| (r.entry.simplified, r.chars.clone()))
            .collect();
        assert_eq!(shorter, [("经", Some(0..1)), ("济", Some(1..2))]);
        let missing = dict.lookup("经济发达", 5);
        assert!(!missing.is_found());
        assert_eq!(dict.longest_prefix_headword("经济发达"), Some("经济"));
        assert_eq!(dict.longest_prefix_headword("达"), None);
    }

    #[test]
    fn lookup_in_text_finds_overlapping_words() {
        let dict = dict();
        let text = "推動發展經濟學。";
        let lookup = dict.lookup_in(text, 4..6);
        assert_eq!(lookup.query, "經濟");
        assert_eq!(lookup.entries[0].pinyin(), "jīng jì");
        let longer: Vec<_> = lookup
            .longer
            .iter()
            .map(|r| (r.entry.traditional, r.chars.clone()))
            .collect();
        assert_eq!(longer, [("經濟學", Some(4..7))]);
        let shorter: Vec<_> = lookup.shorter.iter().map(|r| r.entry.traditional).collect();
        assert_eq!(shorter, ["經", "濟"]);
        // A selection that crosses word boundaries: both words reach past it.
        let across = dict.lookup_in(text, 3..5);
        assert!(!across.is_found());
        let longer: Vec<_> = across.longer.iter().map(|r| r.entry.traditional).collect();
        assert_eq!(longer, ["發展", "經濟學", "經濟"]);
        // Out of range and empty selections find nothing and do not panic.
        assert!(dict.lookup_in(text, 50..60).entries.is_empty());
        assert!(dict.lookup_in(text, 2..2).entries.is_empty());
    }
}
