//! The window's side of the dictionary (`crate::dict`): building the shared CC-CEDICT index off
//! the UI thread, and reading a view's text the way the dictionary should see it.
//!
//! Positions in and out are view chars of the view the reader shows. The dictionary is handed
//! one paragraph at a time (its cost is linear in the text it is given), and in 原文 it reads the
//! 净文 paragraph instead, so the crawl's inline pinyin (`經(jīng)濟`) does not split words; the
//! result is mapped back through the offset maps, so a double-click on `濟` selects `經(jīng)濟`.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use super::document::{Document, ViewText};
use crate::dict::{Dictionary, Entry, Lookup, Related};
use crate::text::ViewKind;
use crate::text::chars::slice_clamped;

/// Starts building the shared dictionary on a worker thread, once per process; `notify` is
/// called when it is ready (the window passes one that requests a repaint). Never waits.
pub fn start_loading(notify: impl Fn() + Send + Sync + 'static) {
    static STARTED: AtomicBool = AtomicBool::new(false);
    if Dictionary::is_ready() || STARTED.swap(true, Ordering::AcqRel) {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("pizhu-dict".to_owned())
        .spawn(move || {
            Dictionary::warm_up();
            notify();
        });
    if let Err(error) = spawned {
        STARTED.store(false, Ordering::Release);
        log::warn!("cannot start loading the dictionary: {error}");
    }
}

/// The dictionary if it is built, else `None` after starting to build it (`notify` is called
/// once it is ready). For the UI thread: never waits.
pub fn ready_or_load(notify: impl Fn() + Send + Sync + 'static) -> Option<&'static Dictionary> {
    let dict = Dictionary::try_shared();
    if dict.is_none() {
        start_loading(notify);
    }
    dict
}

/// A paragraph as the dictionary reads it: its text, and how its chars map to the view's.
struct DictParagraph<'a> {
    text: &'a str,
    /// The paragraph's first char, in chars of the text it was cut from.
    first_char: usize,
    /// Read through 净文 (the view is 原文): map ranges through the offset maps.
    via_clean: Option<&'a ViewText>,
}

impl DictParagraph<'_> {
    /// View chars of paragraph chars `range`.
    fn view_range(&self, range: Range<usize>) -> Range<usize> {
        let range = range.start + self.first_char..range.end + self.first_char;
        match self.via_clean {
            // The 原文 view is the Original text: its chars are Original chars.
            Some(clean) => clean.view.original_range(range),
            None => range,
        }
    }
}

/// The paragraph the dictionary reads for view chars `range` of view `kind` (the paragraph
/// holding its start), and `range` in that paragraph's chars, clamped to it.
fn dict_paragraph(
    document: &Document,
    kind: ViewKind,
    range: Range<usize>,
) -> (DictParagraph<'_>, Range<usize>) {
    let (source, range, via_clean) = if kind == ViewKind::Original {
        let clean = document.view(ViewKind::Clean);
        (clean, clean.view.view_range(range), Some(clean))
    } else {
        (document.view(kind), range, None)
    };
    let (text, first_char, local) = match source.paragraphs.get(source.paragraph_at(range.start)) {
        Some(paragraph) => {
            let chars = &paragraph.chars;
            let start = range.start.clamp(chars.start, chars.end);
            let end = range.end.clamp(start, chars.end);
            (
                &source.view.text[paragraph.bytes.clone()],
                chars.start,
                start - chars.start..end - chars.start,
            )
        }
        None => ("", 0, 0..0),
    };
    (
        DictParagraph {
            text,
            first_char,
            via_clean,
        },
        local,
    )
}

/// The word a double-click on view char `char_index` selects, in view chars: the dictionary
/// word it belongs to (a char CC-CEDICT lacks alone), a run of letters and digits, or the char.
pub fn word_at(
    dict: &Dictionary,
    document: &Document,
    kind: ViewKind,
    char_index: usize,
) -> Range<usize> {
    let alone = char_index..char_index + 1;
    if kind == ViewKind::Original {
        // A char that 净文 removed (inside the crawl's pinyin) is looked at in the Original.
        let clean = &document.view(ViewKind::Clean).view;
        if clean.view_range(alone.clone()).len() != 1 {
            return word_in_view(dict, document.view(kind), char_index);
        }
    }
    let (paragraph, local) = dict_paragraph(document, kind, alone.clone());
    if local.len() != 1 {
        return alone;
    }
    paragraph.view_range(dict.word_at(paragraph.text, local.start))
}

/// [`Dictionary::word_at`] in the view's own paragraph.
fn word_in_view(dict: &Dictionary, view: &ViewText, char_index: usize) -> Range<usize> {
    let Some(paragraph) = view.paragraphs.get(view.paragraph_at(char_index)) else {
        return char_index..char_index + 1;
    };
    let text = &view.view.text[paragraph.bytes.clone()];
    let local = char_index.saturating_sub(paragraph.chars.start);
    let word = dict.word_at(text, local);
    word.start + paragraph.chars.start..word.end + paragraph.chars.start
}

/// A word of the text related to a lookup (a longer or shorter dictionary word around it).
#[derive(Clone, Debug, PartialEq)]
pub struct RelatedWord {
    /// The word as the text writes it (净文's text in 原文).
    pub text: String,
    /// Its view chars.
    pub chars: Range<usize>,
    /// Its entries (at least one).
    pub entries: Vec<Entry<'static>>,
}

/// A lookup of a selection, with the words it names placed in view chars.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewLookup {
    /// What was looked up (trimmed; in 原文 as 净文 writes it).
    pub query: String,
    /// The query's entries; empty when it is no headword.
    pub entries: Vec<Entry<'static>>,
    /// Dictionary words of the text that overlap the selection and reach past it.
    pub longer: Vec<RelatedWord>,
    /// Dictionary words inside the selection.
    pub shorter: Vec<RelatedWord>,
    /// When the query is no headword: the longest headword it starts with, and its view chars.
    pub prefix: Option<RelatedWord>,
}

impl ViewLookup {
    /// True if the query itself is a headword.
    pub fn is_found(&self) -> bool {
        !self.entries.is_empty()
    }
}

/// Looks up view chars `range` of view `kind` with the dictionary words of its paragraph
/// around it ([`Dictionary::lookup_in`]; a selection reaching past its paragraph is cut there).
pub fn lookup(
    dict: &'static Dictionary,
    document: &Document,
    kind: ViewKind,
    range: Range<usize>,
) -> ViewLookup {
    let (paragraph, local) = dict_paragraph(document, kind, range);
    let Lookup {
        query,
        mut entries,
        longer,
        shorter,
        ..
    } = dict.lookup_in(paragraph.text, local.clone());
    common_reading_first(dict, &query, &mut entries);
    // One word per place: an entry list holds every entry of a headword in a row.
    let words = |related: Vec<Related<'static>>| {
        let mut words: Vec<RelatedWord> = Vec::new();
        for Related { entry, chars } in related {
            let chars = chars.unwrap_or(local.clone());
            let view_chars = paragraph.view_range(chars.clone());
            match words.last_mut() {
                Some(last) if last.chars == view_chars => last.entries.push(entry),
                _ => words.push(RelatedWord {
                    text: slice_clamped(paragraph.text, chars).to_owned(),
                    chars: view_chars,
                    entries: vec![entry],
                }),
            }
        }
        for word in &mut words {
            common_reading_first(dict, &word.text, &mut word.entries);
        }
        words
    };
    let prefix = if entries.is_empty() {
        // Where the trimmed query starts in the paragraph.
        let selected = slice_clamped(paragraph.text, local.clone());
        let leading = selected.chars().count() - selected.trim_start().chars().count();
        dict.longest_prefix_headword(&query).map(|word| {
            let start = local.start + leading;
            let mut entries = dict.entries(word);
            common_reading_first(dict, word, &mut entries);
            RelatedWord {
                text: word.to_owned(),
                chars: paragraph.view_range(start..start + word.chars().count()),
                entries,
            }
        })
    } else {
        None
    };
    ViewLookup {
        entries,
        longer: words(longer),
        shorter: words(shorter),
        prefix,
        query,
    }
}

/// Orders the entries of `word` for the card: the reading ruby shows (the common one) first,
/// proper nouns last, otherwise in dictionary order (`濟`: jì, jǐ, then the place name Jǐ).
fn common_reading_first(dict: &Dictionary, word: &str, entries: &mut [Entry<'_>]) {
    let common: Option<String> = dict.headword_ruby(word).map(|syllables| {
        syllables
            .iter()
            .map(|s| s.map_or("", |s| s.as_str()))
            .collect::<Vec<_>>()
            .join(" ")
    });
    entries.sort_by_key(|entry| {
        let reading = entry.pinyin().to_lowercase();
        (
            common.as_deref() != Some(reading.as_str()),
            entry.is_proper_noun(),
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::ArticleId;

    fn document(original: &str) -> Document {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, original).expect("write");
        Document::load(ArticleId(0), path, None, Default::default(), None)
            .expect("loads")
            .document
    }

    fn dict() -> &'static Dictionary {
        Dictionary::shared().expect("bundled dictionary")
    }

    #[test]
    fn double_click_selects_the_word_in_every_view() {
        let original = "標題\n推動經(jīng)濟(jì)好，𠮷野家。\n";
        let document = document(original);
        // 净文: 經 is char 5 (the title line is chars 0..2, its newline 2).
        let clean = &document.view(ViewKind::Clean).view.text;
        assert_eq!(clean, "標題\n推動經濟好，𠮷野家。\n");
        assert_eq!(word_at(dict(), &document, ViewKind::Clean, 6), 5..7);
        assert_eq!(word_at(dict(), &document, ViewKind::Simplified, 5), 5..7);
        assert_eq!(word_at(dict(), &document, ViewKind::Traditional, 6), 5..7);
        // 原文: 濟 is char 12 (`標題\n推動經(jīng)濟`); the word is `經(jīng)濟`.
        let on_ji = word_at(dict(), &document, ViewKind::Original, 12);
        assert_eq!(on_ji, 5..13);
        let text: String = original
            .chars()
            .skip(on_ji.start)
            .take(on_ji.len())
            .collect();
        assert_eq!(text, "經(jīng)濟");
        // Inside the crawl's pinyin: a run of letters of the Original.
        let in_pinyin = word_at(dict(), &document, ViewKind::Original, 7);
        assert_eq!(in_pinyin, 7..11, "jīng");
        // A non-BMP char and the punctuation after a word.
        let clean_chars: Vec<char> = clean.chars().collect();
        let ji = clean_chars.iter().position(|c| *c == '𠮷').expect("𠮷");
        assert!(word_at(dict(), &document, ViewKind::Clean, ji).contains(&ji));
        assert_eq!(word_at(dict(), &document, ViewKind::Clean, 8), 8..9);
    }

    #[test]
    fn lookup_maps_related_words_back_to_the_view() {
        let original = "推動經(jīng)濟(jì)發展\n";
        let document = document(original);
        // 原文: select `經(jīng)濟` (chars 2..10).
        let found = lookup(dict(), &document, ViewKind::Original, 2..10);
        assert_eq!(found.query, "經濟");
        assert_eq!(found.entries[0].pinyin(), "jīng jì");
        assert!(found.prefix.is_none());
        // The shorter words are 經 and 濟, once each, at their Original chars.
        let shorter: Vec<_> = found
            .shorter
            .iter()
            .map(|w| (w.text.as_str(), w.chars.clone()))
            .collect();
        assert_eq!(shorter, [("經", 2..3), ("濟", 9..10)]);
        assert!(found.shorter.iter().all(|w| !w.entries.is_empty()));
        // 濟's common reading comes first, the place name Jǐ last.
        let ji: Vec<String> = found.shorter[1].entries.iter().map(Entry::pinyin).collect();
        assert_eq!(ji.first().map(String::as_str), Some("jì"), "{ji:?}");
        assert!(
            found.shorter[1]
                .entries
                .last()
                .is_some_and(Entry::is_proper_noun)
        );
        // 净文: a selection that is no headword gets the longest word it starts with.
        let missing = lookup(dict(), &document, ViewKind::Clean, 2..5);
        assert!(!missing.is_found());
        let prefix = missing.prefix.expect("a prefix");
        assert_eq!((prefix.text.as_str(), prefix.chars), ("經濟", 2..4));
        // Leading blanks of a selection do not move the prefix.
        let document = super::tests::document("推動 經濟發\n");
        let missing = lookup(dict(), &document, ViewKind::Clean, 2..6);
        assert_eq!(missing.query, "經濟發");
        assert_eq!(missing.prefix.expect("a prefix").chars, 3..5);
    }
}
