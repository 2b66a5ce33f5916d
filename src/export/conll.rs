//! Character-level BIO in CoNLL columns, the usual input of Chinese NER training.
//!
//! ```text
//! -DOCSTART-<TAB>O
//!
//! 省<TAB>O
//! 委<TAB>O
//! 黄<TAB>B-PER
//! 坤<TAB>I-PER
//! 明<TAB>I-PER
//! 。<TAB>O
//!
//! ```
//!
//! One char (code point) of the view a line, its tag after a tab; whitespace chars are skipped
//! (so a span keeps its I- run across a skipped space). Sentences end after `。`, `！` or `？`
//! (and the closing quotes or brackets that follow them) and at line breaks, with a blank line;
//! never inside an entity, so every span reads back whole. Each article starts with
//! `-DOCSTART-<TAB>O` and a blank line, as in CoNLL-2003.
//!
//! BIO cannot nest: where tagged spans overlap, the longer one wins (then the earlier); the
//! others are left out and listed in the report. Plain highlights are not written. There are no
//! offsets in this format, so the unit does not apply.

use std::io;

use super::{ArticleExport, ExportHeader, Exporter, Manifest, Output, Problem, ProblemKind};

/// Writes CoNLL BIO.
#[derive(Debug, Default)]
pub struct ConllExporter {
    buffer: String,
}

/// Ends a sentence.
fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

/// Closing punctuation that stays with the sentence before it (`。”`).
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '）' | '》' | '〉' | '】' | '〕' | '"' | '\'' | ')'
    )
}

/// No owner.
const NONE: u32 = u32::MAX;

impl Exporter for ConllExporter {
    fn begin(&mut self, _out: &mut Output, _header: &ExportHeader<'_>) -> io::Result<()> {
        Ok(())
    }

    fn article(
        &mut self,
        out: &mut Output,
        article: &ArticleExport<'_>,
        manifest: &mut Manifest,
    ) -> io::Result<()> {
        let text = article.text();
        let chars: Vec<char> = text.chars().collect();
        let spans = article.annotations;

        // Longer first, then earlier, then reading order: each span takes its chars if free.
        let mut order: Vec<usize> = (0..spans.len())
            .filter(|&i| spans[i].tag_id().is_some())
            .collect();
        order.sort_by_key(|&i| {
            let r = &spans[i].view_chars;
            (std::cmp::Reverse(r.len()), r.start, i)
        });
        let mut owner = vec![NONE; chars.len()];
        // The last non-whitespace char of each accepted span (a sentence may end after it).
        let mut last = vec![0usize; spans.len()];
        for i in order {
            let range = spans[i].view_chars.start..spans[i].view_chars.end.min(chars.len());
            let visible: Vec<usize> = range
                .clone()
                .filter(|&p| !chars[p].is_whitespace())
                .collect();
            let Some(&last_visible) = visible.last() else {
                manifest.add(Problem::annotation(
                    article.relative,
                    spans[i].annotation,
                    ProblemKind::Empty,
                    "it covers only whitespace in this view, which CoNLL skips".to_owned(),
                ));
                continue;
            };
            if let Some(&taken) = range.clone().find(|&p| owner[p] != NONE).map(|p| &owner[p]) {
                let winner = &spans[taken as usize];
                manifest.add(Problem::annotation(
                    article.relative,
                    spans[i].annotation,
                    ProblemKind::Overlap,
                    format!(
                        "{:?} overlaps the longer (or earlier) {:?} ({}); BIO tags cannot nest",
                        spans[i].quote,
                        winner.quote,
                        winner.tag_id().unwrap_or("")
                    ),
                ));
                continue;
            }
            for p in range {
                owner[p] = i as u32;
            }
            last[i] = last_visible;
        }

        let buffer = &mut self.buffer;
        buffer.clear();
        buffer.push_str("-DOCSTART-\tO\n\n");
        let mut sentence_open = false;
        let mut pending_break = false;
        // The last char written and its owner.
        let mut previous: Option<(usize, u32)> = None;
        let break_allowed = |previous: Option<(usize, u32)>| match previous {
            None => true,
            Some((_, NONE)) => true,
            Some((position, span)) => last[span as usize] == position,
        };
        for (position, &c) in chars.iter().enumerate() {
            if c.is_whitespace() {
                if (c == '\n' || c == '\r') && sentence_open && break_allowed(previous) {
                    buffer.push('\n');
                    sentence_open = false;
                    pending_break = false;
                    previous = None;
                }
                continue;
            }
            if pending_break && !(is_closing(c) && owner[position] == NONE) {
                if sentence_open && break_allowed(previous) {
                    buffer.push('\n');
                    previous = None;
                }
                pending_break = false;
            }
            let span = owner[position];
            buffer.push(c);
            buffer.push('\t');
            if span == NONE {
                buffer.push('O');
            } else {
                let continues = previous.is_some_and(|(_, p)| p == span);
                buffer.push_str(if continues { "I-" } else { "B-" });
                buffer.push_str(spans[span as usize].tag_id().unwrap_or("MISC"));
            }
            buffer.push('\n');
            sentence_open = true;
            previous = Some((position, span));
            if is_terminator(c) {
                pending_break = true;
            }
        }
        if sentence_open {
            buffer.push('\n');
        }
        out.stream().write_all(buffer.as_bytes())
    }

    fn finish(
        &mut self,
        _out: &mut Output,
        _header: &ExportHeader<'_>,
        _manifest: &Manifest,
    ) -> io::Result<()> {
        Ok(())
    }
}

/// Reads CoNLL BIO back into `(document, tag, text)` chunks, the way `seqeval` does (an `I-`
/// after `O` or another type starts a chunk). For tests and the real-client check.
pub fn read_chunks(conll: &str) -> Vec<(usize, String, String)> {
    let mut chunks = Vec::new();
    let mut document = 0;
    let mut current: Option<(String, String)> = None;
    let close = |current: &mut Option<(String, String)>, chunks: &mut Vec<_>, document| {
        if let Some((tag, text)) = current.take() {
            chunks.push((document, tag, text));
        }
    };
    for line in conll.lines() {
        if line.starts_with("-DOCSTART-") {
            close(&mut current, &mut chunks, document);
            document += 1;
            continue;
        }
        let Some((c, label)) = line.split_once('\t') else {
            close(&mut current, &mut chunks, document);
            continue;
        };
        match label.split_once('-') {
            Some(("B", tag)) => {
                close(&mut current, &mut chunks, document);
                current = Some((tag.to_owned(), c.to_owned()));
            }
            Some(("I", tag)) => match &mut current {
                Some((open, text)) if open == tag => text.push_str(c),
                _ => {
                    close(&mut current, &mut chunks, document);
                    current = Some((tag.to_owned(), c.to_owned()));
                }
            },
            _ => close(&mut current, &mut chunks, document),
        }
    }
    close(&mut current, &mut chunks, document);
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_read_back_like_seqeval() {
        let conll = "-DOCSTART-\tO\n\n黄\tB-PER\n坤\tI-PER\n明\tI-PER\n在\tO\n广\tI-LOC\n州\tI-LOC\n\n-DOCSTART-\tO\n\n甲\tB-ORG\n乙\tB-ORG\n";
        assert_eq!(
            read_chunks(conll),
            vec![
                (1, "PER".to_owned(), "黄坤明".to_owned()),
                (1, "LOC".to_owned(), "广州".to_owned()),
                (2, "ORG".to_owned(), "甲".to_owned()),
                (2, "ORG".to_owned(), "乙".to_owned()),
            ]
        );
    }
}
