//! The export report: what was exported, in which view and unit, and what was not and why.
//!
//! Written as `pizhu-export.json` inside folder exports (brat), optionally beside any export
//! (`--manifest`), printed by the CLI and shown by the window. Ranges in problems are chars of
//! the Original (the stored offsets), so a problem can be found in the sidecar.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::units::OffsetUnit;
use super::{ExportOptions, Format};
use crate::annotate::Annotation;

/// The manifest's file name inside a folder export.
pub const MANIFEST_FILE_NAME: &str = "pizhu-export.json";

/// Version of the manifest's layout.
pub const MANIFEST_VERSION: u32 = 1;

/// At most this many problems are listed (the counts stay exact), so a corpus full of orphans
/// cannot make the report grow without bound.
pub const MAX_PROBLEMS: usize = 10_000;

/// The report of one export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`MANIFEST_VERSION`].
    pub pizhu_export: u32,
    /// `pizhu <version>`.
    pub generator: String,
    /// The format.
    pub format: Format,
    /// The view whose text every offset indexes (`original`, `clean`, `simplified`,
    /// `traditional`).
    pub view: String,
    /// The unit of every offset.
    pub offsets: OffsetUnit,
    /// The unit in words.
    pub offsets_meaning: String,
    /// The corpus folder's name.
    pub corpus: String,
    /// The tag filter (`none` = plain highlights), or `None` for every annotation.
    pub tags: Option<Vec<String>>,
    /// What was exported and what was not.
    pub counts: Counts,
    /// Annotations and files that were not exported, or exported with changed edges, and why.
    pub problems: Vec<Problem>,
    /// More problems than [`MAX_PROBLEMS`] happened; only the first are listed.
    pub problems_truncated: bool,
}

/// Counts of an export.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Articles written.
    pub articles: usize,
    /// Annotations written.
    pub annotations: usize,
    /// Articles left out because they have no (selected) annotation.
    pub articles_without_annotations: usize,
    /// Articles that could not be read, or whose annotations file could not be read.
    pub articles_failed: usize,
    /// Files the folder scan skipped (binary, too large…).
    pub files_skipped: usize,
    /// Plain highlights left out because the format needs a label.
    pub highlights_omitted: usize,
    /// Annotations whose text the view removed.
    pub not_in_view: usize,
    /// Annotations not found in their changed article.
    pub orphans: usize,
    /// Annotations exported whose edges in the view do not map back exactly.
    pub adjusted: usize,
    /// Annotations left out by the format (CoNLL overlaps, spans of whitespace only).
    pub dropped: usize,
}

/// Why something is in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The view removed all of the annotation's text (e.g. crawl pinyin in 净文/简/繁).
    NotInView,
    /// The annotation was not found in its changed article.
    Orphan,
    /// Exported, but its edges in the view do not map back to the same Original range.
    EdgesAdjusted,
    /// Left out by the format: overlaps another span (CoNLL keeps the longer).
    Overlap,
    /// Left out by the format: it covers no character the format can label.
    Empty,
    /// The article could not be read.
    ArticleUnreadable,
    /// The article's annotations file could not be read.
    AnnotationsUnreadable,
    /// The folder scan skipped the file.
    FileSkipped,
    /// `pizhu.ron` could not be read: default tag labels and colours were used.
    TagSetUnreadable,
}

/// One annotation or file in the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The article (relative path), or the skipped file.
    pub file: String,
    /// Why.
    pub kind: ProblemKind,
    /// Whether it is in the export anyway (true only for [`ProblemKind::EdgesAdjusted`]).
    pub exported: bool,
    /// The annotation's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its tag id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Its Original char range `[start, end]`, half-open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<[usize; 2]>,
    /// Its stored (Original) quote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// A sentence with the details.
    pub detail: String,
}

impl Problem {
    /// A problem about one annotation of `file`.
    pub fn annotation(
        file: &str,
        annotation: &Annotation,
        kind: ProblemKind,
        detail: String,
    ) -> Self {
        Self {
            file: file.to_owned(),
            kind,
            exported: kind == ProblemKind::EdgesAdjusted,
            id: Some(annotation.id.as_str().to_owned()),
            tag: annotation.tag.as_ref().map(|t| t.as_str().to_owned()),
            original: Some([annotation.start, annotation.end]),
            quote: Some(annotation.quote.clone()),
            detail,
        }
    }

    /// A problem about a whole file.
    pub fn file(file: &str, kind: ProblemKind, detail: String) -> Self {
        Self {
            file: file.to_owned(),
            kind,
            exported: false,
            id: None,
            tag: None,
            original: None,
            quote: None,
            detail,
        }
    }
}

impl Manifest {
    /// An empty report for `options` on the corpus at `corpus_root`.
    pub fn new(options: &ExportOptions, corpus_root: &Path) -> Self {
        let unit = options.unit();
        Self {
            pizhu_export: MANIFEST_VERSION,
            generator: format!("pizhu {}", env!("CARGO_PKG_VERSION")),
            format: options.format,
            view: options.view.name().to_owned(),
            offsets: unit,
            offsets_meaning: format!("{} of the {} view's text", unit.describe(), options.view),
            corpus: corpus_name(corpus_root),
            tags: options.tags.as_ref().map(super::TagFilter::names),
            counts: Counts::default(),
            problems: Vec::new(),
            problems_truncated: false,
        }
    }

    /// Records a problem and counts it.
    pub fn add(&mut self, problem: Problem) {
        let counts = &mut self.counts;
        match problem.kind {
            ProblemKind::NotInView => counts.not_in_view += 1,
            ProblemKind::Orphan => counts.orphans += 1,
            ProblemKind::EdgesAdjusted => counts.adjusted += 1,
            ProblemKind::Overlap | ProblemKind::Empty => counts.dropped += 1,
            ProblemKind::ArticleUnreadable | ProblemKind::AnnotationsUnreadable => {
                counts.articles_failed += 1;
            }
            ProblemKind::FileSkipped => counts.files_skipped += 1,
            ProblemKind::TagSetUnreadable => {}
        }
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(problem);
        } else {
            self.problems_truncated = true;
        }
    }

    /// Problems that left something out of the export (not the adjusted ones).
    pub fn skipped(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| !p.exported)
    }

    /// The report as pretty JSON (ends with a newline).
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// One line for people: `12 articles, 340 annotations (simplified view, code points); …`.
    pub fn summary(&self) -> String {
        let c = &self.counts;
        let mut parts = vec![format!(
            "{} {}, {} {} ({} view, offsets in {})",
            c.articles,
            plural(c.articles, "article", "articles"),
            c.annotations,
            plural(c.annotations, "annotation", "annotations"),
            self.view,
            self.offsets.describe()
        )];
        let mut not = Vec::new();
        for (n, what) in [
            (c.not_in_view, "not in this view"),
            (c.orphans, "orphaned"),
            (c.dropped, "dropped by the format"),
            (
                c.highlights_omitted,
                if c.highlights_omitted == 1 {
                    "plain highlight (the format needs a label)"
                } else {
                    "plain highlights (the format needs a label)"
                },
            ),
        ] {
            if n > 0 {
                not.push(format!("{n} {what}"));
            }
        }
        if !not.is_empty() {
            parts.push(format!("not exported: {}", not.join(", ")));
        }
        if c.adjusted > 0 {
            parts.push(format!(
                "{} exported with edges adjusted to the view",
                c.adjusted
            ));
        }
        if c.articles_failed > 0 {
            parts.push(format!(
                "{} {} could not be read",
                c.articles_failed,
                plural(c.articles_failed, "article", "articles")
            ));
        }
        parts.join("; ")
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// The last component of the corpus path (its name), or the path itself.
pub fn corpus_name(root: &Path) -> String {
    std::fs::canonicalize(root)
        .ok()
        .as_deref()
        .unwrap_or(root)
        .file_name()
        .map_or_else(
            || root.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::ViewKind;

    #[test]
    fn problems_are_capped_but_counted() {
        let mut options = ExportOptions::new(Format::Csv);
        options.view = ViewKind::Simplified;
        let mut manifest = Manifest::new(&options, Path::new("/corpus/新闻"));
        assert_eq!(manifest.corpus, "新闻");
        assert_eq!(
            manifest.offsets_meaning,
            "Unicode code points of the simplified view's text"
        );
        for i in 0..MAX_PROBLEMS + 5 {
            manifest.add(Problem::file(
                &format!("{i}.txt"),
                ProblemKind::ArticleUnreadable,
                "unreadable".into(),
            ));
        }
        assert_eq!(manifest.problems.len(), MAX_PROBLEMS);
        assert!(manifest.problems_truncated);
        assert_eq!(manifest.counts.articles_failed, MAX_PROBLEMS + 5);
        assert!(
            manifest
                .summary()
                .contains("10005 articles could not be read")
        );
    }
}
