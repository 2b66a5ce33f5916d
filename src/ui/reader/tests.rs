//! Layout tests of the reader on the seeds: the rows it draws keep the line-breaking rules
//! (`kinsoku.rs`) in every view, at several column widths and text sizes.

use std::path::PathBuf;

use super::kinsoku::{self, break_allowed, is_opening, row_texts};
use super::paragraph::{ParagraphStyle, paragraph_job};
use crate::corpus::ArticleId;
use crate::text::ViewKind;
use crate::ui::document::{Document, Rendering};
use crate::ui::theme::{Theme, Typography, reading_family};

fn seeds() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("seeds")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 5);
    paths
}

/// The breaks between `rows` that break a rule, as `end of row | start of next`.
fn bad_breaks(rows: &[String]) -> Vec<String> {
    rows.windows(2)
        .filter(|pair| {
            let chars: Vec<char> = pair[0].chars().chain(pair[1].chars()).collect();
            let ends_open = pair[0].chars().last().is_some_and(is_opening);
            ends_open || !break_allowed(&chars, pair[0].chars().count())
        })
        .map(|pair| {
            let tail: String = pair[0]
                .chars()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let head: String = pair[1].chars().take(4).collect();
            format!("…{tail} | {head}…")
        })
        .collect()
}

#[test]
fn seed_rows_keep_the_line_breaking_rules_in_every_view_and_width() {
    let documents: Vec<Document> = seeds()
        .into_iter()
        .enumerate()
        .map(|(i, path)| {
            Document::load(ArticleId(i), path, None, Rendering::default(), None)
                .expect("loads")
                .document
        })
        .collect();
    let (rows, epaint_alone) = kinsoku::tests::with_fonts(|ui| {
        let mut rows_checked = 0;
        let mut epaint_alone = 0;
        for document in &documents {
            for kind in ViewKind::ALL {
                let view = document.view(kind);
                for (font_size, column_width) in [
                    (18.0, 684.0),
                    (18.0, 557.0),
                    (18.0, 461.0),
                    (18.0, 372.0),
                    (16.0, 300.0),
                    (22.0, 650.0),
                ] {
                    let style = ParagraphStyle {
                        typography: Typography::new(font_size),
                        palette: Theme::Light.palette(),
                        family: reading_family(kind, None),
                        column_width,
                        hide_boilerplate: false,
                        heading: Some(0),
                        title: String::new(),
                        highlight_strength: 0.38,
                        guesses: None,
                        show_labels: false,
                        ruby: false,
                        dark: false,
                    };
                    for i in 0..view.paragraphs.len() {
                        let lay_out = |job| ui.fonts_mut(|f| f.layout_job(job));
                        let plain = lay_out(paragraph_job(view, i, &[], &style, &[]));
                        epaint_alone += bad_breaks(&row_texts(&plain)).len();
                        let galley = kinsoku::lay_out(lay_out, |starts| {
                            paragraph_job(view, i, &[], &style, starts)
                        });
                        let texts = row_texts(&galley);
                        let bad = bad_breaks(&texts);
                        assert!(
                            bad.is_empty(),
                            "{} {kind:?} at {column_width}: {bad:?}",
                            document.path.display()
                        );
                        assert_eq!(
                            texts.concat().chars().count(),
                            view.paragraphs[i].chars.len()
                        );
                        rows_checked += texts.len();
                    }
                }
            }
        }
        (rows_checked, epaint_alone)
    });
    assert!(rows > 5_000, "{rows} rows checked");
    // Without the fix the seeds do break the rules at these widths (the test can fail).
    assert!(epaint_alone > 0, "epaint alone broke no rule");
}

/// Seed 002 opens with its publisher's masthead: the title set as the heading is the next
/// line, in every view; the other seeds' heading is their first line.
#[test]
fn a_masthead_is_not_set_as_the_title() {
    for (i, path) in seeds().into_iter().enumerate() {
        let document = Document::load(ArticleId(i), path, None, Rendering::default(), None)
            .expect("loads")
            .document;
        for kind in ViewKind::ALL {
            let view = document.view(kind);
            let heading = super::heading_paragraph(&document, kind).expect("a heading");
            let text = &view.view.text[view.paragraphs[heading].bytes.clone()];
            if i == 2 {
                assert!(text.starts_with("百舸"), "{kind:?}: {text}");
                assert!(!text.contains("融媒"), "{kind:?}: {text}");
            } else {
                let first = view
                    .paragraphs
                    .iter()
                    .position(|p| !p.is_empty() && !p.boilerplate);
                assert_eq!(Some(heading), first, "seed {i} {kind:?}");
            }
        }
    }
}

/// With labels on, rows are taller than their text (room above it for the labels): a span's
/// background is no longer in the layout job (egui would fill the whole row with it, into the
/// next row's labels) and is painted over the text's own height; without labels it stays in
/// the job.
#[test]
fn span_backgrounds_cover_the_text_not_the_label_room() {
    use super::overlay::Span;
    use super::paragraph::row_segments;
    use crate::annotate::AnnotationId;

    let document = Document::load(
        ArticleId(0),
        seeds()[0].clone(),
        None,
        Rendering::default(),
        None,
    )
    .expect("loads")
    .document;
    let view = document.view(ViewKind::Clean);
    let paragraph = view.paragraphs[1].chars.clone();
    let colour = egui::Color32::from_rgb(200, 60, 60);
    let span = Span {
        range: paragraph.start + 2..paragraph.start + 6,
        colour,
        id: AnnotationId::generate(),
        tooltip: String::new(),
        label: Some("人物".to_owned()),
        level: 0,
        overlapping: false,
    };
    let spans = [span];
    let style = |labels: bool| ParagraphStyle {
        typography: Typography::new(18.0).with_labels(labels),
        palette: Theme::Light.palette(),
        family: reading_family(ViewKind::Clean, None),
        column_width: 600.0,
        hide_boilerplate: false,
        heading: Some(0),
        title: String::new(),
        highlight_strength: 0.38,
        guesses: None,
        show_labels: labels,
        ruby: false,
        dark: false,
    };
    let in_job = |labels: bool| {
        paragraph_job(view, 1, &spans, &style(labels), &[])
            .sections
            .iter()
            .filter(|s| s.format.background != egui::Color32::TRANSPARENT)
            .count()
    };
    assert_eq!(in_job(false), 1, "without labels the job paints the span");
    assert_eq!(in_job(true), 0, "with labels the reader paints it");
    assert!(style(true).rows_make_room() && !style(false).rows_make_room());

    kinsoku::tests::with_fonts(|ui| {
        let job = paragraph_job(view, 1, &spans, &style(true), &[]);
        let galley = ui.fonts_mut(|f| f.layout_job(job));
        let segment = &row_segments(&galley, 2..6)[0];
        // The text box: inside the row, below the room for labels, shorter than the row.
        assert!(segment.text_top >= segment.top, "{}", segment.text_top);
        assert!(segment.text_top + segment.font_height <= segment.top + segment.height + 0.5);
        assert!(segment.font_height < segment.height - 5.0);
    });
}
