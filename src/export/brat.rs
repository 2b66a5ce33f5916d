//! brat standoff: a folder that mirrors the corpus, one `.txt` + `.ann` pair per article, and
//! `annotation.conf` / `visual.conf` generated from the tag set.
//!
//! ```text
//! 2023/001.txt   the view's text, exactly (UTF-8)
//! 2023/001.ann   T1<TAB>PER 4 7<TAB>黄坤明
//!                #1<TAB>AnnotatorNotes T1<TAB>省委书记
//! ```
//!
//! Offsets are `[start, end)` in the `.txt`, in code points by default (brat on a wide Python
//! build; `--offsets utf16` for brat on a narrow build). A span that crosses a line break is
//! written as brat's discontinuous fragments (`T2<TAB>ORG 10 14;15 18<TAB>…`), split at `\n`
//! and `\r` with the fragment texts joined by one space, as brat itself does (`DISCONT_SEP`),
//! because an `.ann` line cannot hold a line break. Line breaks and tabs in notes become spaces.
//!
//! An article `a.txt` becomes `a.txt` + `a.ann`; any other name keeps its extension
//! (`a.md` → `a.md.txt` + `a.md.ann`), so two articles never share a name.

use std::collections::BTreeSet;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::{ArticleExport, ExportHeader, ExportedAnnotation, Exporter, Manifest, Output};
use super::{Problem, ProblemKind};

/// Writes a brat folder.
#[derive(Debug, Default)]
pub struct BratExporter {
    /// Tag ids used by exported annotations (also ids the tag set lacks), for the config.
    used: BTreeSet<String>,
    ann: String,
}

/// The brat base name of an article (no `.txt` / `.ann`): `2023/001.txt` → `2023/001`.
pub fn base_name(relative: &str) -> PathBuf {
    let base = relative.strip_suffix(".txt").unwrap_or(relative);
    PathBuf::from(base)
}

/// The `.txt` / `.ann` of a base name.
fn with_suffix(base: &Path, suffix: &str) -> PathBuf {
    let mut name = base.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Fragments of view chars `range` of `text` without line breaks (brat cannot hold them).
pub fn fragments(text: &str, range: &Range<usize>, view_start_byte: usize) -> Vec<Range<usize>> {
    let mut fragments = Vec::new();
    let mut start = None;
    let mut position = range.start;
    for c in text[view_start_byte..].chars().take(range.len()) {
        let is_break = c == '\n' || c == '\r';
        match (is_break, start) {
            (false, None) => start = Some(position),
            (true, Some(s)) => {
                fragments.push(s..position);
                start = None;
            }
            _ => {}
        }
        position += 1;
    }
    if let Some(s) = start {
        fragments.push(s..position);
    }
    fragments
}

/// A note on one line: line breaks and tabs become spaces.
fn one_line(note: &str) -> String {
    note.chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

impl BratExporter {
    fn write_span(
        &mut self,
        article: &ArticleExport<'_>,
        a: &ExportedAnnotation<'_>,
        tag: &str,
        number: usize,
    ) -> Option<()> {
        let start_byte = article.view.index().byte_from_char(a.view_chars.start)?;
        let pieces = fragments(article.text(), &a.view_chars, start_byte);
        if pieces.is_empty() {
            return None;
        }
        let offsets: Vec<String> = pieces
            .iter()
            .map(|f| {
                let (s, e) = article.offsets(f);
                format!("{s} {e}")
            })
            .collect();
        let texts: Vec<&str> = pieces
            .iter()
            .map(|f| article.view.slice(f.clone()))
            .collect();
        self.ann.push_str(&format!(
            "T{number}\t{tag} {}\t{}\n",
            offsets.join(";"),
            texts.join(" ")
        ));
        if !a.note().is_empty() {
            self.ann.push_str(&format!(
                "#{number}\tAnnotatorNotes T{number}\t{}\n",
                one_line(a.note())
            ));
        }
        self.used.insert(tag.to_owned());
        Some(())
    }
}

impl Exporter for BratExporter {
    fn begin(&mut self, _out: &mut Output, _header: &ExportHeader<'_>) -> io::Result<()> {
        Ok(())
    }

    fn article(
        &mut self,
        out: &mut Output,
        article: &ArticleExport<'_>,
        manifest: &mut Manifest,
    ) -> io::Result<()> {
        self.ann.clear();
        let mut number = 0;
        for a in article.annotations {
            let Some(tag) = a.tag_id() else { continue };
            number += 1;
            if self.write_span(article, a, tag, number).is_none() {
                number -= 1;
                manifest.add(Problem::annotation(
                    article.relative,
                    a.annotation,
                    ProblemKind::Empty,
                    "it covers only line breaks in this view, which brat cannot mark".to_owned(),
                ));
            }
        }
        let base = base_name(article.relative);
        let mut chosen = base.clone();
        let mut n = 1;
        while out.exists(&with_suffix(&chosen, ".txt")) || out.exists(&with_suffix(&chosen, ".ann"))
        {
            n += 1;
            chosen = with_suffix(&base, &format!("~{n}"));
        }
        out.write_file(&with_suffix(&chosen, ".txt"), article.text().as_bytes())?;
        out.write_file(&with_suffix(&chosen, ".ann"), self.ann.as_bytes())
    }

    fn finish(
        &mut self,
        out: &mut Output,
        header: &ExportHeader<'_>,
        _manifest: &Manifest,
    ) -> io::Result<()> {
        // Every tag of the tag set in palette order (annotators may go on in brat), then ids
        // that exported annotations use but the tag set lacks.
        let mut types: Vec<&str> = header.tags.tags().iter().map(|t| t.id.as_str()).collect();
        for id in &self.used {
            if header.tags.get_by_str(id).is_none() {
                types.push(id);
            }
        }
        let mut conf = String::new();
        conf.push_str(&format!(
            "# Generated by pizhu {} from the tag set of {}.\n",
            env!("CARGO_PKG_VERSION"),
            header.corpus_name.replace('\n', " ")
        ));
        conf.push_str(&format!(
            "# The .txt files hold the {} view's text; offsets in the .ann files are {}.\n",
            header.view,
            header.unit.describe()
        ));
        conf.push_str("[entities]\n");
        for id in &types {
            conf.push_str(&format!("{id}\n"));
        }
        conf.push_str("[relations]\n# none\n[events]\n# none\n[attributes]\n# none\n");
        out.write_file(Path::new("annotation.conf"), conf.as_bytes())?;

        let mut visual = String::from("[labels]\n");
        for id in &types {
            let label = header.tags.get_by_str(id).map_or(*id, |t| t.label.as_str());
            visual.push_str(&format!(
                "{id} | {} | {id}\n",
                one_line(label).replace('|', "/")
            ));
        }
        visual.push_str("[drawing]\n");
        for id in &types {
            if let Some(tag) = header.tags.get_by_str(id) {
                let [r, g, b] = tag.colour;
                visual.push_str(&format!("{id}\tbgColor:#{r:02x}{g:02x}{b:02x}\n"));
            }
        }
        out.write_file(Path::new("visual.conf"), visual.as_bytes())
    }
}

/// Looking tags up by a `&str` id.
trait GetByStr {
    fn get_by_str(&self, id: &str) -> Option<&crate::annotate::Tag>;
}

impl GetByStr for crate::annotate::TagSet {
    fn get_by_str(&self, id: &str) -> Option<&crate::annotate::Tag> {
        self.tags().iter().find(|t| t.id.as_str() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_mirror_the_corpus() {
        assert_eq!(base_name("2023/001.txt"), PathBuf::from("2023/001"));
        assert_eq!(base_name("notes.md"), PathBuf::from("notes.md"));
        assert_eq!(
            with_suffix(&base_name("新闻/一.txt"), ".ann"),
            PathBuf::from("新闻/一.ann")
        );
    }

    #[test]
    fn spans_split_at_line_breaks() {
        let text = "第一段\r\n第二段\n\n第三";
        // The whole text: three fragments, no line break inside any.
        let all = fragments(text, &(0..text.chars().count()), 0);
        assert_eq!(all, vec![0..3, 5..8, 10..12]);
        // A span starting at 段 of the first line.
        let byte = text.char_indices().nth(2).map_or(0, |(b, _)| b);
        assert_eq!(fragments(text, &(2..7), byte), vec![2..3, 5..7]);
        assert!(fragments("\n\n", &(0..2), 0).is_empty());
    }

    #[test]
    fn notes_stay_on_one_line() {
        assert_eq!(one_line("甲\n乙\t丙\r"), "甲 乙 丙 ");
    }
}
