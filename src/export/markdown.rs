//! Markdown highlights, as e-book readers (Readest, Foliate) export them: per article its title,
//! then every highlight in reading order as a block quote with its tag and note.
//!
//! ```markdown
//! ## 区委书记何党生调研工业项目时强调
//!
//! `001.txt` · 2 highlights
//!
//! > 何党生
//!
//! **人物** PER — 区委书记
//! ```
//!
//! Quotes are the view's text. Every piece of text from the corpus is escaped (ASCII
//! punctuation that Markdown would read as syntax gets a backslash; `<script>` shows as text),
//! so the file renders the same in any CommonMark viewer. No offsets: the unit does not apply.

use std::io;

use super::{ArticleExport, ExportHeader, Exporter, Manifest, Output};

/// Writes Markdown.
#[derive(Debug, Default)]
pub struct MarkdownExporter {
    buffer: String,
}

/// Escapes text so CommonMark shows it literally (inline text, one line at a time).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let trimmed = text.trim_start();
    let indent = text.len() - trimmed.len();
    out.push_str(&text[..indent]);
    // What would start a list, heading or thematic break at the start of a line.
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    let starts_block = matches!(trimmed.chars().next(), Some('-' | '+' | '='))
        || (digits > 0 && matches!(trimmed[digits..].chars().next(), Some('.' | ')')));
    for (i, c) in trimmed.char_indices() {
        let escape_here = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
        ) || (starts_block
            && ((i == 0 && digits == 0) || (digits > 0 && i == digits)));
        if escape_here {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Each line of `text` escaped, prefixed with `prefix` (`> ` for quotes).
fn lines(text: &str, prefix: &str, out: &mut String) {
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            out.push_str(prefix.trim_end());
        } else {
            out.push_str(prefix);
            out.push_str(&escape(line));
        }
        out.push('\n');
    }
}

impl Exporter for MarkdownExporter {
    fn begin(&mut self, out: &mut Output, header: &ExportHeader<'_>) -> io::Result<()> {
        writeln!(
            out.stream(),
            "# {}\n\n*Highlights exported by Pizhu from the {} ({}) view.*\n",
            escape(header.corpus_name),
            header.view.label(),
            header.view
        )
    }

    fn article(
        &mut self,
        out: &mut Output,
        article: &ArticleExport<'_>,
        _manifest: &mut Manifest,
    ) -> io::Result<()> {
        let buffer = &mut self.buffer;
        buffer.clear();
        let title = if article.title.trim().is_empty() {
            article.relative
        } else {
            article.title
        };
        buffer.push_str("## ");
        buffer.push_str(&escape(title.trim()));
        buffer.push_str("\n\n");
        let count = article.annotations.len();
        buffer.push_str(&format!(
            "`{}` · {count} {}\n\n",
            article.relative.replace('`', "'"),
            if count == 1 {
                "highlight"
            } else {
                "highlights"
            }
        ));
        for a in article.annotations {
            lines(a.quote, "> ", buffer);
            buffer.push('\n');
            let mut meta = String::new();
            if let Some(id) = a.tag_id() {
                meta.push_str(&format!("**{}** {}", escape(a.tag_label()), escape(id)));
            }
            if !a.note().is_empty() {
                if !meta.is_empty() {
                    meta.push_str(" — ");
                }
                let mut note = String::new();
                lines(a.note(), "", &mut note);
                // A multi-line note continues as its own paragraph lines.
                meta.push_str(note.trim_end());
            }
            if !meta.is_empty() {
                buffer.push_str(&meta);
                buffer.push_str("\n\n");
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_syntax_is_escaped() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(escape("*重要* [链接](x)"), "\\*重要\\* \\[链接\\](x)");
        assert_eq!(escape("# 标题"), "\\# 标题");
        assert_eq!(escape("- 列表"), "\\- 列表");
        assert_eq!(escape("1. 第一"), "1\\. 第一");
        assert_eq!(escape("2023年"), "2023年");
        assert_eq!(escape("黃坤明"), "黃坤明");
    }

    #[test]
    fn quotes_keep_their_lines() {
        let mut out = String::new();
        lines("第一段\n\n第二段", "> ", &mut out);
        assert_eq!(out, "> 第一段\n>\n> 第二段\n");
    }
}
