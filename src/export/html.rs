//! A self-contained HTML report: every article with its highlights in tag colours, a numbered
//! list of its annotations with tags and notes, a tag legend, a table of contents, and what was
//! not exported. One file, inline CSS, no scripts, no fonts to fetch (it uses the reader's
//! system CJK fonts); light and dark (`prefers-color-scheme`).
//!
//! Every string from the corpus (text, titles, notes, file names, tag labels) is escaped
//! ([`super::escape_xml`]): a note `<script>alert(1)</script>` shows as text. Tags are styled by
//! their position in the tag set (`t0`, `t1`…), never by their id, so an id needs no CSS escaping.
//!
//! Streamed with constant memory: articles are written as they come; the table of contents is
//! spooled to an anonymous temp file and appended at the end, where CSS grid shows it as a
//! sidebar (on narrow screens above the articles). Positions here are view chars.

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};

use super::{
    ArticleExport, ExportHeader, ExportedAnnotation, Exporter, Manifest, Output, escape_xml,
    escaped,
};
use crate::annotate::TagSet;
use crate::text::ViewKind;

/// At most this many problems are shown in the report's footer (all are counted).
const MAX_PROBLEMS_SHOWN: usize = 200;

/// Writes the HTML report.
#[derive(Debug, Default)]
pub struct HtmlExporter {
    /// Tag ids in palette order (the class `t{i}` of tag `i`).
    tag_ids: Vec<String>,
    toc: Option<BufWriter<File>>,
    buffer: String,
}

const STYLE: &str = r#"
:root{--bg:#faf8f4;--fg:#22252a;--muted:#6b6f76;--rule:#e4dfd5;--card:#ffffff;--link:#2f5d8a;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#16171a;--fg:#e4e2dd;--muted:#9b9891;--rule:#2d2f33;--card:#1d1f23;--link:#8db4dc}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:17px/1.8 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK TC",sans-serif;display:grid;grid-template-columns:17rem minmax(0,46rem);grid-template-areas:"toc head" "toc main" "toc foot";column-gap:3rem;justify-content:center;padding:0 1.5rem}
:lang(zh-Hant) body,body:lang(zh-Hant){font-family:"Noto Sans CJK TC","Source Han Sans TC","PingFang TC","Microsoft JhengHei",sans-serif}
header.top{grid-area:head;padding:2.5rem 0 1rem;border-bottom:1px solid var(--rule)}
header.top h1{font-size:1.7rem;line-height:1.3;margin:0 0 .3rem;font-weight:650}
.sub{color:var(--muted);margin:0 0 1rem;font-size:.92rem}
.legend{display:flex;flex-wrap:wrap;gap:.35rem .6rem;list-style:none;margin:0;padding:0;font-size:.88rem}
.legend li{display:flex;align-items:center;gap:.35rem;padding:.1rem .55rem .1rem .4rem;border-radius:999px;background:var(--card);border:1px solid var(--rule)}
.legend code,.tag code{font-size:.78em;color:var(--muted)}
.chip{width:.8rem;height:.8rem;border-radius:3px;background:var(--bgc);border:2px solid var(--c);display:inline-block}
main{grid-area:main}
article{padding:2rem 0 1.5rem;border-bottom:1px solid var(--rule)}
article h2{font-size:1.35rem;line-height:1.45;margin:0 0 .25rem;font-weight:650}
.meta{color:var(--muted);font-size:.85rem;margin:0 0 1.2rem}
.meta code{font-size:.95em}
.text p{margin:0 0 .9em;white-space:pre-wrap;text-align:justify;overflow-wrap:anywhere}
.text p.bp{color:var(--muted);opacity:.6;font-size:.9em}
.lost{color:#c0392b;font-weight:600}
mark{color:inherit;background:var(--bgc);border-bottom:2px solid var(--c);border-radius:2px;padding:0 1px}
mark.multi{box-shadow:inset 0 -4px 0 var(--c2)}
sup.ref{font-size:.62em;line-height:0;margin:0 1px}
sup.ref a{color:var(--link);text-decoration:none}
ol.notes{margin:1.2rem 0 0;padding:1rem 1.2rem 1rem 2.6rem;background:var(--card);border:1px solid var(--rule);border-radius:10px;font-size:.92rem;line-height:1.65}
ol.notes li{margin:.25rem 0;padding-left:.2rem}
ol.notes li:target{outline:2px solid var(--link);outline-offset:3px;border-radius:4px}
.tag{display:inline-flex;align-items:center;gap:.25rem;font-size:.82em;padding:0 .45rem;border-radius:4px;background:var(--bgc);border-left:3px solid var(--c);white-space:nowrap}
q.quote{quotes:"「" "」"}
.note{white-space:pre-wrap;color:var(--fg)}
.note::before{content:"— ";color:var(--muted)}
nav.toc{grid-area:toc;position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;padding:2.5rem 0 2rem;font-size:.88rem;line-height:1.5}
nav.toc h2{font-size:.8rem;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);margin:0 0 .6rem;font-weight:600}
nav.toc ol{list-style:none;margin:0;padding:0}
nav.toc li{margin:0 0 .45rem;display:flex;gap:.5rem;justify-content:space-between}
nav.toc a{color:var(--fg);text-decoration:none}
nav.toc a:hover{color:var(--link);text-decoration:underline}
nav.toc .n{color:var(--muted);font-variant-numeric:tabular-nums}
footer{grid-area:foot;color:var(--muted);font-size:.85rem;padding:1.5rem 0 3rem}
footer details{margin-top:.6rem}
footer li{margin:.2rem 0}
.hl{--c:#d4a72c;--bgc:rgba(244,200,66,.32)}
.tx{--c:#8a8f98;--bgc:rgba(138,143,152,.22)}
@media (prefers-color-scheme:dark){.hl{--bgc:rgba(244,200,66,.28)}.tx{--bgc:rgba(138,143,152,.3)}}
@media (max-width:900px){body{grid-template-columns:minmax(0,1fr);grid-template-areas:"head" "toc" "main" "foot";padding:0 1rem}nav.toc{position:static;max-height:none;padding:1rem 0;border-bottom:1px solid var(--rule)}}
@media print{nav.toc{display:none}body{display:block}article{break-inside:avoid-page}}
"#;

/// Escapes article text, marking U+FFFD (a character the crawl lost) as the reader does.
fn escape_text(text: &str, out: &mut String) {
    for (i, part) in text.split('\u{FFFD}').enumerate() {
        if i > 0 {
            out.push_str("<span class=\"lost\" title=\"丢失的字 a character lost in the crawl\">\u{FFFD}</span>");
        }
        escape_xml(part, out);
    }
}

/// The language tag of a view's text (so browsers pick 简 or 繁 glyphs).
fn lang(view: ViewKind) -> &'static str {
    match view {
        ViewKind::Traditional => "zh-Hant",
        ViewKind::Simplified => "zh-Hans",
        ViewKind::Original | ViewKind::Clean => "zh",
    }
}

/// CSS for the tag colours: `.t{i}{--c:…;--bgc:…}`, lighter behind text in the light scheme.
fn tag_css(tags: &TagSet) -> String {
    let mut css = String::new();
    let mut dark = String::new();
    for (i, tag) in tags.tags().iter().enumerate() {
        let [r, g, b] = tag.colour;
        css.push_str(&format!(
            ".t{i}{{--c:#{r:02x}{g:02x}{b:02x};--bgc:rgba({r},{g},{b},.22)}}\n"
        ));
        dark.push_str(&format!(".t{i}{{--bgc:rgba({r},{g},{b},.36)}}"));
    }
    css.push_str(&format!("@media (prefers-color-scheme:dark){{{dark}}}\n"));
    css
}

impl HtmlExporter {
    /// The CSS class of an annotation's colour.
    fn class(&self, a: &ExportedAnnotation<'_>) -> String {
        match a.tag_id() {
            None => "hl".to_owned(),
            Some(id) => match self.tag_ids.iter().position(|t| t == id) {
                Some(i) => format!("t{i}"),
                None => "tx".to_owned(),
            },
        }
    }

    /// A colour for the `--c2` underline of overlapping runs.
    fn colour_of(&self, a: &ExportedAnnotation<'_>) -> String {
        match a.tag {
            Some(tag) => {
                let [r, g, b] = tag.colour;
                format!("#{r:02x}{g:02x}{b:02x}")
            }
            None if a.tag_id().is_some() => "#8a8f98".to_owned(),
            None => "#d4a72c".to_owned(),
        }
    }

    /// `人物 PER: note` for tooltips.
    fn describe(a: &ExportedAnnotation<'_>) -> String {
        let mut text = match a.tag_id() {
            Some(id) if a.tag_label() != id => format!("{} {id}", a.tag_label()),
            Some(id) => id.to_owned(),
            None => "高亮 highlight".to_owned(),
        };
        if !a.note().is_empty() {
            text.push_str(": ");
            text.push_str(a.note());
        }
        text
    }

    /// The article's text as paragraphs with highlight runs and reference marks.
    fn text_html(&self, article: &ArticleExport<'_>, out: &mut String) {
        let view = article.view;
        let annotations = article.annotations;
        let chars = view.chars();
        let mut points: Vec<usize> = Vec::with_capacity(annotations.len() * 2 + 16);
        points.push(0);
        points.push(chars);
        for a in annotations {
            points.push(a.view_chars.start);
            points.push(a.view_chars.end);
        }
        for (char_pos, c) in view.text().chars().enumerate() {
            if c == '\n' {
                points.push(char_pos);
                points.push(char_pos + 1);
            }
        }
        points.sort_unstable();
        points.dedup();

        // Appended related articles are dimmed like boilerplate, as the reader shows them.
        let dimmed: Vec<&std::ops::Range<usize>> =
            view.boilerplate().iter().chain(view.appended()).collect();
        let mut next = 0; // next annotation (by start) to activate
        let mut active: Vec<usize> = Vec::new();
        let mut open = false;
        for window in points.windows(2) {
            let (a, b) = (window[0], window[1]);
            // Reference marks of annotations that end here, then the ones that start here.
            let mut ended: Vec<usize> = active
                .iter()
                .copied()
                .filter(|&k| annotations[k].view_chars.end <= a)
                .collect();
            ended.sort_unstable();
            for k in &ended {
                if open {
                    out.push_str(&format!(
                        "<sup class=\"ref\"><a href=\"#a{}-{}\">{}</a></sup>",
                        article.ordinal,
                        k + 1,
                        k + 1
                    ));
                }
            }
            active.retain(|&k| annotations[k].view_chars.end > a);
            while next < annotations.len() && annotations[next].view_chars.start <= a {
                if annotations[next].view_chars.end > a {
                    active.push(next);
                }
                next += 1;
            }
            let piece = view.slice(a..b);
            if piece == "\n" {
                if open {
                    out.push_str("</p>\n");
                    open = false;
                }
                continue;
            }
            let piece = piece.trim_end_matches('\r');
            if piece.is_empty() {
                continue;
            }
            if !open {
                let is_boilerplate = dimmed.iter().any(|r| r.start <= a && b <= r.end);
                out.push_str(if is_boilerplate {
                    "<p class=\"bp\">"
                } else {
                    "<p>"
                });
                open = true;
            }
            match active.as_slice() {
                [] => escape_text(piece, out),
                [.., top] => {
                    let top = &annotations[*top];
                    let title: Vec<String> = active
                        .iter()
                        .map(|&k| Self::describe(&annotations[k]))
                        .collect();
                    out.push_str("<mark class=\"");
                    out.push_str(&self.class(top));
                    if active.len() > 1 {
                        out.push_str(" multi\" style=\"--c2:");
                        out.push_str(&self.colour_of(&annotations[active[active.len() - 2]]));
                    }
                    out.push_str("\" title=\"");
                    escape_xml(&title.join("\n"), out);
                    out.push_str("\">");
                    escape_text(piece, out);
                    out.push_str("</mark>");
                }
            }
        }
        // Marks of annotations that end at the very end of the text.
        let mut ended: Vec<usize> = active;
        ended.sort_unstable();
        for k in ended {
            if !open {
                out.push_str("<p>");
                open = true;
            }
            out.push_str(&format!(
                "<sup class=\"ref\"><a href=\"#a{}-{}\">{}</a></sup>",
                article.ordinal,
                k + 1,
                k + 1
            ));
        }
        if open {
            out.push_str("</p>\n");
        }
    }
}

impl Exporter for HtmlExporter {
    fn begin(&mut self, out: &mut Output, header: &ExportHeader<'_>) -> io::Result<()> {
        self.tag_ids = header
            .tags
            .tags()
            .iter()
            .map(|t| t.id.as_str().to_owned())
            .collect();
        self.toc = Some(BufWriter::new(tempfile::tempfile()?));
        let mut head = String::new();
        head.push_str(&format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"pizhu {}\">\n<title>",
            lang(header.view),
            env!("CARGO_PKG_VERSION")
        ));
        escape_xml(header.corpus_name, &mut head);
        head.push_str(&format!(
            " · 批注 Pizhu ({})</title>\n<style>{STYLE}{}</style>\n</head>\n<body>\n<header class=\"top\">\n<h1>",
            header.view.label(),
            tag_css(header.tags)
        ));
        escape_xml(header.corpus_name, &mut head);
        head.push_str(&format!(
            "</h1>\n<p class=\"sub\">{} {} view · annotations exported by Pizhu</p>\n<ul class=\"legend\">\n",
            header.view.label(),
            header.view
        ));
        for (i, tag) in header.tags.tags().iter().enumerate() {
            head.push_str(&format!("<li><span class=\"chip t{i}\"></span>"));
            escape_xml(&tag.label, &mut head);
            head.push_str(" <code>");
            escape_xml(tag.id.as_str(), &mut head);
            head.push_str("</code></li>\n");
        }
        head.push_str(
            "<li><span class=\"chip hl\"></span>高亮 <code>highlight</code></li>\n</ul>\n</header>\n<main>\n",
        );
        out.stream().write_all(head.as_bytes())
    }

    fn article(
        &mut self,
        out: &mut Output,
        article: &ArticleExport<'_>,
        _manifest: &mut Manifest,
    ) -> io::Result<()> {
        let mut html = std::mem::take(&mut self.buffer);
        html.clear();
        let ordinal = article.ordinal;
        let title = if article.title.trim().is_empty() {
            article.relative
        } else {
            article.title.trim()
        };
        html.push_str(&format!("<article id=\"a{ordinal}\">\n<h2>"));
        escape_xml(title, &mut html);
        html.push_str("</h2>\n<p class=\"meta\"><code>");
        escape_xml(article.relative, &mut html);
        let count = article.annotations.len();
        html.push_str(&format!(
            "</code> · {count} {}</p>\n<div class=\"text\">\n",
            if count == 1 {
                "annotation"
            } else {
                "annotations"
            }
        ));
        self.text_html(article, &mut html);
        html.push_str("</div>\n");
        if !article.annotations.is_empty() {
            html.push_str("<ol class=\"notes\">\n");
            for (k, a) in article.annotations.iter().enumerate() {
                html.push_str(&format!(
                    "<li id=\"a{ordinal}-{}\"><span class=\"tag {}\">",
                    k + 1,
                    self.class(a)
                ));
                match a.tag_id() {
                    Some(id) => {
                        escape_xml(a.tag_label(), &mut html);
                        if a.tag_label() != id {
                            html.push_str(" <code>");
                            escape_xml(id, &mut html);
                            html.push_str("</code>");
                        }
                    }
                    None => html.push_str("高亮"),
                }
                html.push_str("</span> <q class=\"quote\">");
                escape_xml(a.quote, &mut html);
                html.push_str("</q>");
                if !a.note().is_empty() {
                    html.push_str(" <span class=\"note\">");
                    escape_xml(a.note(), &mut html);
                    html.push_str("</span>");
                }
                html.push_str("</li>\n");
            }
            html.push_str("</ol>\n");
        }
        html.push_str("</article>\n");
        out.stream().write_all(html.as_bytes())?;
        self.buffer = html;

        if let Some(toc) = &mut self.toc {
            writeln!(
                toc,
                "<li><a href=\"#a{ordinal}\">{}</a><span class=\"n\">{count}</span></li>",
                escaped(title)
            )?;
        }
        Ok(())
    }

    fn finish(
        &mut self,
        out: &mut Output,
        header: &ExportHeader<'_>,
        manifest: &Manifest,
    ) -> io::Result<()> {
        let stream = out.stream();
        stream
            .write_all("</main>\n<nav class=\"toc\">\n<h2>目录 Contents</h2>\n<ol>\n".as_bytes())?;
        if let Some(toc) = self.toc.take() {
            let mut file = toc.into_inner().map_err(io::IntoInnerError::into_error)?;
            file.seek(SeekFrom::Start(0))?;
            let mut reader = io::BufReader::new(file);
            io::copy(&mut reader, stream)?;
        }
        let mut tail = String::from("</ol>\n</nav>\n<footer>\n<p>");
        escape_xml(&manifest.summary(), &mut tail);
        tail.push_str(&format!(
            ". Generated by pizhu {} from the {} view.</p>\n",
            env!("CARGO_PKG_VERSION"),
            header.view
        ));
        let skipped: Vec<_> = manifest.problems.iter().take(MAX_PROBLEMS_SHOWN).collect();
        if !skipped.is_empty() {
            tail.push_str(&format!(
                "<details><summary>{} {} not shown exactly (details)</summary>\n<ul>\n",
                manifest.problems.len(),
                if manifest.problems.len() == 1 {
                    "item"
                } else {
                    "items"
                }
            ));
            for problem in skipped {
                tail.push_str("<li><code>");
                escape_xml(&problem.file, &mut tail);
                tail.push_str("</code>: ");
                escape_xml(&problem.detail, &mut tail);
                tail.push_str("</li>\n");
            }
            tail.push_str("</ul>\n</details>\n");
        }
        tail.push_str("</footer>\n</body>\n</html>\n");
        stream.write_all(tail.as_bytes())
    }
}
