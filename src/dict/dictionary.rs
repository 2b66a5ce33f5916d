//! The compact CC-CEDICT index: entries, headwords of both scripts, and the prefix search that
//! finds dictionary words in text. Offsets in its API are chars of the text a caller passes; byte
//! offsets into the dictionary text stay inside this file.
//!
//! Layout (chosen for memory: the bundled file has 122 143 entries and 193 897 distinct
//! headwords): the dictionary text itself is kept once, and every entry is a 16-byte record of
//! offsets into it. Headwords (traditional and simplified, each once) are sorted for binary
//! search, each with the ids of its entries and the syllables ruby shows for it. The sorted
//! headwords (packed in one arena) are also the word finder: the headwords that start at a place
//! of a text form one block per prefix, found through a table of first chars, then one of second
//! chars, then narrowed char by char with binary searches on the bytes after the prefix
//! ([`segment`](super::segment) uses it to find every dictionary word in a run of text).
//!
//! Why not an automaton: a `daachorse` Aho-Corasick automaton over the all-Han headwords was
//! measured at 1.6–1.8 s to build and twice the process memory (release, loaded machine),
//! against about 0.1 s for these tables, and the prefix search does ruby for a whole 1 MB article
//! in tens of milliseconds (docs/BENCHMARKS.md).

use std::collections::HashMap;
use std::ops::Range;

use super::cedict::{LineError, parse_line};
use super::pinyin::{Syllable, marked_from_numbered};

/// The id of an entry: its index in the dictionary, in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryId(pub u32);

/// A line of the dictionary text that is not an entry (reported, skipped, never a panic).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedLine {
    /// 1-based line number in the dictionary text.
    pub line: usize,
    /// What is wrong with it.
    pub error: LineError,
}

/// One dictionary entry, borrowed from the [`Dictionary`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'d> {
    /// Its id (file order).
    pub id: EntryId,
    /// The traditional headword (`經濟`).
    pub traditional: &'d str,
    /// The simplified headword (`经济`).
    pub simplified: &'d str,
    /// CC-CEDICT's numbered pinyin (`jing1 ji4`); [`pinyin`](Self::pinyin) marks the tones.
    pub pinyin_numbered: &'d str,
    glosses: &'d str,
}

impl<'d> Entry<'d> {
    /// The pinyin with tone marks (`jīng jì`), capitals of proper nouns kept.
    pub fn pinyin(&self) -> String {
        marked_from_numbered(self.pinyin_numbered)
    }

    /// The glosses (English senses), in dictionary order, as CC-CEDICT writes them (its
    /// cross-references in numbered pinyin: [`marked_in_gloss`](super::marked_in_gloss) marks
    /// them for display).
    pub fn glosses(&self) -> impl Iterator<Item = &'d str> + 'd {
        self.glosses.split('/').filter(|g| !g.is_empty())
    }

    /// The headword's length in chars (the same in both scripts).
    pub fn char_len(&self) -> usize {
        self.simplified.chars().count()
    }

    /// True if the pinyin starts with a capital: a proper noun (place, person, organisation).
    pub fn is_proper_noun(&self) -> bool {
        self.pinyin_numbered
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }
}

/// An entry's fields as offsets into the dictionary text (16 bytes).
#[derive(Clone, Copy, Debug)]
struct EntryRecord {
    /// Byte offset of the line (the traditional headword starts it).
    line: u32,
    traditional_len: u8,
    simplified_len: u8,
    /// Pinyin and glosses, as byte offsets from `line`.
    pinyin: (u16, u16),
    glosses: (u16, u16),
}

/// A distinct headword (16 bytes).
#[derive(Clone, Copy, Debug)]
struct KeyRecord {
    /// Byte offset of the headword in the key arena.
    start: u32,
    len: u8,
    chars: u8,
    /// Its entries: `key_entries[entries ..][.. entry_count]`.
    entry_count: u16,
    entries: u32,
    /// Its ruby: `ruby[ruby ..][.. chars]`, or `NO_RUBY`.
    ruby: u32,
}

const NO_RUBY: u32 = u32::MAX;

/// CC-CEDICT as a compact, immutable index: look words up in either script, find dictionary
/// words in text, and read their pinyin. See the module docs for the layout; build it once
/// (the bundled one through [`Dictionary::shared`](super::Dictionary::shared)) and share it.
pub struct Dictionary {
    text: Box<str>,
    entries: Vec<EntryRecord>,
    /// Sorted by headword.
    keys: Vec<KeyRecord>,
    /// The distinct headwords, concatenated in sorted order.
    key_arena: Box<str>,
    /// Each first char of a headword and the first key that starts with it, sorted.
    first_chars: Vec<(char, u32, u32)>,
    /// Per first char (its `first_chars` entry points at its run here): each second char of a
    /// headword and the first key that starts with those two chars, sorted.
    second_chars: Vec<(char, u32)>,
    key_entries: Vec<u32>,
    ruby: Vec<Option<Syllable>>,
    longest_key_chars: usize,
    skipped: Vec<SkippedLine>,
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary")
            .field("entries", &self.entries.len())
            .field("headwords", &self.keys.len())
            .field("skipped", &self.skipped.len())
            .finish()
    }
}

impl Dictionary {
    /// Builds the index from CC-CEDICT text, without preferred readings (see
    /// [`build`](Self::build)). Malformed lines are skipped and listed in
    /// [`skipped_lines`](Self::skipped_lines).
    pub fn parse(cedict: impl Into<String>) -> Self {
        Self::build(cedict.into(), "")
    }

    /// Builds the index from CC-CEDICT text and a table of preferred readings (`assets/cedict/
    /// readings.txt`: lines `字<TAB>numbered pinyin`, `#` comments), which decides the ruby of a
    /// headword that has several entries. Never fails: bad lines are skipped and listed.
    pub fn build(cedict: String, readings: &str) -> Self {
        let text = cedict.into_boxed_str();
        let mut entries = Vec::with_capacity(text.len() / 80);
        let mut skipped = Vec::new();
        let mut line_start = 0usize;
        for (number, raw) in text.split('\n').enumerate() {
            let start = line_start;
            line_start += raw.len() + 1;
            match parse_line(raw) {
                Ok(None) => {}
                Ok(Some(line)) => match EntryRecord::new(start, raw, &line) {
                    Some(record) => entries.push(record),
                    None => skipped.push(SkippedLine {
                        line: number + 1,
                        error: LineError::Shape,
                    }),
                },
                Err(error) => skipped.push(SkippedLine {
                    line: number + 1,
                    error,
                }),
            }
        }
        let preferred = parse_readings(readings);
        let mut dictionary = Self {
            text,
            entries,
            keys: Vec::new(),
            key_arena: Box::default(),
            first_chars: Vec::new(),
            second_chars: Vec::new(),
            key_entries: Vec::new(),
            ruby: Vec::new(),
            longest_key_chars: 0,
            skipped,
        };
        dictionary.index_keys(&preferred);
        dictionary
    }

    /// Sorts the headwords and picks each one's ruby.
    fn index_keys(&mut self, preferred: &HashMap<char, Syllable>) {
        // (headword offset, length, entry); simplified only where it differs.
        let mut pairs: Vec<(u32, u8, u32)> = Vec::with_capacity(self.entries.len() * 2);
        for (id, record) in self.entries.iter().enumerate() {
            let id = id as u32;
            let traditional = record.traditional_range();
            let simplified = record.simplified_range();
            pairs.push((traditional.start as u32, record.traditional_len, id));
            if self.text[traditional] != self.text[simplified.clone()] {
                pairs.push((simplified.start as u32, record.simplified_len, id));
            }
        }
        let text = &self.text;
        let key_str = |&(start, len, _): &(u32, u8, u32)| {
            &text[start as usize..start as usize + usize::from(len)]
        };
        pairs.sort_unstable_by(|a, b| key_str(a).cmp(key_str(b)).then(a.2.cmp(&b.2)));

        // The distinct headwords, packed in sorted order: the binary searches of the word finder
        // then read one small, contiguous region instead of the whole dictionary text.
        let mut arena = String::new();
        let mut keys: Vec<KeyRecord> = Vec::new();
        let mut key_entries = Vec::with_capacity(pairs.len());
        let mut first_chars: Vec<(char, u32, u32)> = Vec::new();
        let mut second_chars: Vec<(char, u32)> = Vec::new();
        for pair in &pairs {
            let key = key_str(pair);
            let same = keys.last().is_some_and(|k: &KeyRecord| {
                &arena[k.start as usize..k.start as usize + usize::from(k.len)] == key
            });
            match keys.last_mut() {
                // More entries than a record counts (never in CC-CEDICT) are dropped.
                Some(k) if same && k.entry_count == u16::MAX => continue,
                Some(k) if same => k.entry_count += 1,
                _ => {
                    let mut key_chars = key.chars();
                    let first = key_chars.next().unwrap_or_default();
                    let new_block = first_chars.last().is_none_or(|&(c, _, _)| c != first);
                    if new_block {
                        first_chars.push((first, keys.len() as u32, second_chars.len() as u32));
                    }
                    if let Some(second) = key_chars.next()
                        && (new_block || second_chars.last().is_none_or(|&(c, _)| c != second))
                    {
                        second_chars.push((second, keys.len() as u32));
                    }
                    let Ok(start) = u32::try_from(arena.len()) else {
                        continue;
                    };
                    arena.push_str(key);
                    keys.push(KeyRecord {
                        start,
                        len: pair.1,
                        chars: key.chars().count().min(255) as u8,
                        entry_count: 1,
                        entries: key_entries.len() as u32,
                        ruby: NO_RUBY,
                    });
                }
            }
            key_entries.push(pair.2);
        }
        self.key_arena = arena.into_boxed_str();
        self.first_chars = first_chars;
        self.second_chars = second_chars;
        self.keys = keys;
        self.key_entries = key_entries;

        let mut ruby = Vec::new();
        for k in 0..self.keys.len() {
            if let Some(syllables) = self.choose_ruby(k, preferred) {
                self.keys[k].ruby = ruby.len() as u32;
                ruby.extend(syllables);
            }
        }
        self.ruby = ruby;

        self.longest_key_chars = self
            .keys
            .iter()
            .map(|k| usize::from(k.chars))
            .max()
            .unwrap_or(0);
    }

    /// The syllables ruby shows for headword `k`: from the entry whose readings agree most with
    /// the preferred reading of each char (a neutral tone agrees with any tone of the same
    /// syllable), common words before proper nouns and variant cross-references, then file
    /// order. Only entries with one syllable per char count.
    fn choose_ruby(
        &self,
        k: usize,
        preferred: &HashMap<char, Syllable>,
    ) -> Option<Vec<Option<Syllable>>> {
        let key = self.keys[k];
        let chars: Vec<char> = self.key_text(&key).chars().collect();
        // (agreeing readings, common word, not a cross-reference) and the syllables.
        type Scored = ((usize, bool, bool), Vec<Option<Syllable>>);
        let mut best: Option<Scored> = None;
        for id in self.key_entry_ids(&key) {
            let entry = self.entry_unchecked(id);
            let syllables: Vec<Option<Syllable>> = entry
                .pinyin_numbered
                .split(' ')
                .filter(|t| !t.is_empty())
                .map(Syllable::from_numbered)
                .collect();
            if syllables.len() != chars.len() || syllables.iter().all(Option::is_none) {
                continue;
            }
            let agreeing = chars
                .iter()
                .zip(&syllables)
                .filter(|(c, s)| match (preferred.get(c), s) {
                    (Some(p), Some(s)) => p == s || (s.tone() == 5 && p.with_tone(5) == Some(*s)),
                    _ => false,
                })
                .count();
            let common = !entry.is_proper_noun();
            let substantive = !entry.glosses().all(is_cross_reference);
            let score = (agreeing, common, substantive);
            if best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((score, syllables));
            }
        }
        best.map(|(_, syllables)| syllables)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if no line was an entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of distinct headwords (traditional and simplified together).
    pub fn headword_count(&self) -> usize {
        self.keys.len()
    }

    /// The lines that were not entries, in order.
    pub fn skipped_lines(&self) -> &[SkippedLine] {
        &self.skipped
    }

    /// The length in chars of the longest headword.
    pub fn longest_headword_chars(&self) -> usize {
        self.longest_key_chars
    }

    /// Heap memory the index holds (text and records), in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.text.len()
            + self.key_arena.len()
            + self.first_chars.capacity() * size_of::<(char, u32, u32)>()
            + self.second_chars.capacity() * size_of::<(char, u32)>()
            + self.entries.capacity() * size_of::<EntryRecord>()
            + self.keys.capacity() * size_of::<KeyRecord>()
            + self.key_entries.capacity() * size_of::<u32>()
            + self.ruby.capacity() * size_of::<Option<Syllable>>()
            + self.skipped.capacity() * size_of::<SkippedLine>()
    }

    /// The entry with id `id`, if there is one.
    pub fn entry(&self, id: EntryId) -> Option<Entry<'_>> {
        (usize::try_from(id.0).ok()? < self.entries.len()).then(|| self.entry_unchecked(id.0))
    }

    fn entry_unchecked(&self, id: u32) -> Entry<'_> {
        let record = self.entries[id as usize];
        let line = record.line as usize;
        let field = |(start, len): (u16, u16)| {
            let start = line + usize::from(start);
            &self.text[start..start + usize::from(len)]
        };
        Entry {
            id: EntryId(id),
            traditional: &self.text[record.traditional_range()],
            simplified: &self.text[record.simplified_range()],
            pinyin_numbered: field(record.pinyin),
            glosses: field(record.glosses),
        }
    }

    /// Every entry whose traditional or simplified headword is `word`, in file order.
    ///
    /// ```
    /// use pizhu::dict::Dictionary;
    /// let dict = Dictionary::parse("經濟 经济 [jing1 ji4] /economy/economic/\n");
    /// assert_eq!(dict.entries("经济")[0].traditional, "經濟");
    /// assert_eq!(dict.entries("經濟")[0].pinyin(), "jīng jì");
    /// assert!(dict.entries("经").is_empty());
    /// ```
    pub fn entries(&self, word: &str) -> Vec<Entry<'_>> {
        self.key_index(word)
            .map(|k| {
                self.key_entry_ids(&self.keys[k])
                    .map(|id| self.entry_unchecked(id))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// True if `word` is a headword in either script.
    pub fn contains(&self, word: &str) -> bool {
        self.key_index(word).is_some()
    }

    /// The ruby of headword `word`: one syllable per char (`None` for a char CC-CEDICT writes no
    /// syllable for, as the `C` of `3C`), or `None` if it is not a headword or no entry aligns.
    pub fn headword_ruby(&self, word: &str) -> Option<&[Option<Syllable>]> {
        self.key_index(word).and_then(|k| self.key_ruby(k as u32))
    }

    /// Headwords (either script) that contain `word` and are longer, with their entries, shortest
    /// first and those that start with `word` before others; at most `limit` entries, and the
    /// number there are in all.
    pub fn entries_containing(&self, word: &str, limit: usize) -> (Vec<Entry<'_>>, usize) {
        if word.is_empty() {
            return (Vec::new(), 0);
        }
        let finder = memchr::memmem::Finder::new(word.as_bytes());
        let mut found: Vec<(usize, bool, u32)> = Vec::new();
        for key in &self.keys {
            let text = self.key_text(key);
            if text.len() > word.len() && finder.find(text.as_bytes()).is_some() {
                let prefix = text.starts_with(word);
                found.extend(
                    self.key_entry_ids(key)
                        .map(|id| (usize::from(key.chars), !prefix, id)),
                );
            }
        }
        found.sort_unstable();
        // An entry is found through both of its headwords when they differ: keep it once.
        let mut seen = std::collections::HashSet::new();
        found.retain(|&(_, _, id)| seen.insert(id));
        let total = found.len();
        let entries = found
            .into_iter()
            .take(limit)
            .map(|(_, _, id)| self.entry_unchecked(id))
            .collect();
        (entries, total)
    }

    /// Every headword occurring in `run`, as (start byte, end byte, key index), sorted by start
    /// and, at one start, from the shortest to the longest. Used by segmentation and overlap
    /// lookups.
    pub(crate) fn matches_in(&self, run: &str, out: &mut Vec<(u32, u32, u32)>) {
        out.clear();
        for (start, first) in run.char_indices() {
            // The block of keys that start with `first`, and its second chars.
            let Ok(block) = self
                .first_chars
                .binary_search_by_key(&first, |&(c, _, _)| c)
            else {
                continue;
            };
            let (_, lo, seconds) = self.first_chars[block];
            let (mut lo, seconds) = (lo as usize, seconds as usize);
            let (mut hi, seconds_end) = self
                .first_chars
                .get(block + 1)
                .map_or((self.keys.len(), self.second_chars.len()), |&(_, k, s)| {
                    (k as usize, s as usize)
                });
            let mut end = start + first.len_utf8();
            if self.keys[lo].len as usize == first.len_utf8() {
                out.push((start as u32, end as u32, lo as u32));
            }
            let mut rest = run[end..]
                .chars()
                .take(self.longest_key_chars.saturating_sub(1));
            // The second char narrows through its table, without comparing strings.
            let Some(second) = rest.next() else {
                continue;
            };
            let seconds = &self.second_chars[seconds..seconds_end];
            let Ok(at) = seconds.binary_search_by_key(&second, |&(c, _)| c) else {
                continue;
            };
            lo = seconds[at].1 as usize;
            hi = seconds.get(at + 1).map_or(hi, |&(_, k)| k as usize);
            end += second.len_utf8();
            if self.keys[lo].len as usize == end - start {
                out.push((start as u32, end as u32, lo as u32));
            }
            // Further chars: binary searches in the (small) block of keys sharing the prefix,
            // comparing only the bytes after it.
            for c in rest {
                let shared = end - start;
                end += c.len_utf8();
                let next = &run.as_bytes()[shared + start..end];
                let tail = |k: &KeyRecord| self.key_text(k).as_bytes().get(shared..).unwrap_or(&[]);
                let keys = &self.keys[lo..hi];
                lo += keys.partition_point(|k| tail(k) < next);
                let keys = &self.keys[lo..hi];
                hi = lo + keys.partition_point(|k| tail(k).starts_with(next));
                if lo == hi {
                    break;
                }
                // Sorted, the prefix itself comes first among the keys it starts.
                if self.keys[lo].len as usize == end - start {
                    out.push((start as u32, end as u32, lo as u32));
                }
            }
        }
    }

    /// The key index of headword `word`.
    pub(crate) fn key_index(&self, word: &str) -> Option<usize> {
        self.keys
            .binary_search_by(|k| self.key_text(k).cmp(word))
            .ok()
    }

    /// The ruby syllables of key `k`, one per char.
    pub(crate) fn key_ruby(&self, k: u32) -> Option<&[Option<Syllable>]> {
        let key = self.keys.get(k as usize)?;
        (key.ruby != NO_RUBY).then(|| {
            let start = key.ruby as usize;
            &self.ruby[start..start + usize::from(key.chars)]
        })
    }

    /// The entries of key `k`, in file order.
    pub(crate) fn key_entries(&self, k: u32) -> impl Iterator<Item = Entry<'_>> + '_ {
        self.keys
            .get(k as usize)
            .into_iter()
            .flat_map(|key| self.key_entry_ids(key))
            .map(|id| self.entry_unchecked(id))
    }

    fn key_entry_ids(&self, key: &KeyRecord) -> impl Iterator<Item = u32> + '_ {
        let start = key.entries as usize;
        let end = (start + usize::from(key.entry_count)).min(self.key_entries.len());
        self.key_entries[start..end].iter().copied()
    }

    fn key_text(&self, key: &KeyRecord) -> &str {
        let start = key.start as usize;
        &self.key_arena[start..start + usize::from(key.len)]
    }
}

impl EntryRecord {
    /// The record of a parsed line starting at byte `line_start` of the text, if its fields fit
    /// the record's widths (a headword over 255 bytes, a line over 64 KiB, a text over 4 GiB do
    /// not; the bundled file's longest line has 725 bytes).
    fn new(line_start: usize, raw: &str, line: &super::cedict::Line<'_>) -> Option<Self> {
        let base = raw.as_ptr() as usize;
        let offset = |field: &str| u16::try_from(field.as_ptr() as usize - base).ok();
        let len = |field: &str| u16::try_from(field.len()).ok();
        Some(Self {
            line: u32::try_from(line_start).ok()?,
            traditional_len: u8::try_from(line.traditional.len()).ok()?,
            simplified_len: u8::try_from(line.simplified.len()).ok()?,
            pinyin: (offset(line.pinyin)?, len(line.pinyin)?),
            glosses: (offset(line.glosses)?, len(line.glosses)?),
        })
    }

    fn traditional_range(&self) -> Range<usize> {
        let start = self.line as usize;
        start..start + usize::from(self.traditional_len)
    }

    fn simplified_range(&self) -> Range<usize> {
        // The simplified headword follows the traditional one and a space.
        let start = self.line as usize + usize::from(self.traditional_len) + 1;
        start..start + usize::from(self.simplified_len)
    }
}

/// The preferred-reading table: `字<TAB>numbered pinyin` lines; others are ignored.
fn parse_readings(readings: &str) -> HashMap<char, Syllable> {
    readings
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (head, reading) = l.split_once('\t')?;
            let mut chars = head.chars();
            let c = chars.next().filter(|_| chars.next().is_none())?;
            Some((c, Syllable::from_numbered(reading.trim())?))
        })
        .collect()
}

/// A gloss that only points elsewhere (`variant of 爲[wei4]`, `used in 叮嚀`, `surname Zhang`).
fn is_cross_reference(gloss: &str) -> bool {
    let gloss = gloss.trim_start_matches("(old) ");
    [
        "variant of",
        "old variant of",
        "archaic variant of",
        "used in",
        "see ",
        "surname ",
    ]
    .iter()
    .any(|p| gloss.starts_with(p))
        || gloss.starts_with("erhua variant")
}

/// True for a Han character (CJK unified or compatibility ideograph, any extension, or `〇`).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3007}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{30000}'..='\u{323AF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
# CC-CEDICT sample\r
經濟 经济 [jing1 ji4] /economy/economic/\r
重 重 [chong2] /to repeat/again/\r
重 重 [zhong4] /heavy/serious/\r
重點 重点 [chong2 dian3] /to recount (e.g. results of election)/\r
重點 重点 [zhong4 dian3] /important point/main point/\r
重慶 重庆 [Chong2 qing4] /Chongqing/\r
this line is broken\r
綠 绿 [lu:4] /green/\r
3C 3C [san1 C] /computers, communications, and consumer electronics/\r
";

    #[test]
    fn looks_up_both_scripts_and_skips_bad_lines() {
        let dict = Dictionary::build(SAMPLE.to_owned(), "重\tzhong4\n");
        assert_eq!(dict.len(), 8);
        assert_eq!(
            dict.skipped_lines(),
            [SkippedLine {
                line: 8,
                error: LineError::Shape
            }]
        );
        let by_simplified = dict.entries("重庆");
        let by_traditional = dict.entries("重慶");
        assert_eq!(by_simplified, by_traditional);
        assert_eq!(by_simplified[0].pinyin(), "Chóng qìng");
        assert!(by_simplified[0].is_proper_noun());
        assert_eq!(dict.entries("绿")[0].pinyin(), "lǜ");
        assert_eq!(dict.entries("重").len(), 2);
        assert_eq!(
            dict.entries("经济")[0].glosses().collect::<Vec<_>>(),
            ["economy", "economic"]
        );
        assert!(dict.entries("经").is_empty());
        assert!(dict.entries("").is_empty());
        assert!(dict.contains("3C"));
    }

    #[test]
    fn ruby_follows_preferred_readings() {
        let dict = Dictionary::build(SAMPLE.to_owned(), "重\tzhong4\n");
        let ruby = |w: &str| -> Vec<&str> {
            dict.headword_ruby(w)
                .expect("ruby")
                .iter()
                .map(|s| s.map_or("-", Syllable::as_str))
                .collect()
        };
        assert_eq!(ruby("重"), ["zhòng"]);
        assert_eq!(ruby("重点"), ["zhòng", "diǎn"]);
        assert_eq!(ruby("重慶"), ["chóng", "qìng"]);
        assert_eq!(ruby("3C"), ["sān", "-"]);
        // Without the table the first entry in file order wins.
        let plain = Dictionary::parse(SAMPLE);
        assert_eq!(
            plain.headword_ruby("重").expect("ruby")[0].map(Syllable::as_str),
            Some("chóng")
        );
    }

    #[test]
    fn containing_entries_are_capped_and_counted() {
        let dict = Dictionary::parse(SAMPLE);
        let (longer, total) = dict.entries_containing("重", 2);
        assert_eq!(total, 3);
        assert_eq!(longer.len(), 2);
        assert!(longer.iter().all(|e| e.simplified.contains('重')));
    }

    #[test]
    fn empty_and_garbage_texts_build() {
        for text in ["", "\n\n", "garbage\u{0}\u{FFFD}", "# only a comment"] {
            let dict = Dictionary::parse(text);
            assert!(dict.is_empty());
            assert!(dict.entries("经济").is_empty());
            let mut out = Vec::new();
            dict.matches_in("经济", &mut out);
            assert!(out.is_empty());
        }
    }
}
