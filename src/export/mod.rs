//! Exports and imports: annotations leave Pizhu in the formats annotators and readers use, in
//! any view, with offsets that index exactly the exported text.
//!
//! Offsets given to exporters are **view chars** (code points of the chosen view's text); each
//! exporter writes them in the export's [`OffsetUnit`] (code points, or UTF-16 code units for
//! JavaScript-based tools) through [`ArticleExport::offset`].
//!
//! The shape follows ripgrep's searcher/sink split: [`export()`] (in `run.rs`) is the producer —
//! it walks the scope one article at a time, reads its sidecar (never writes), re-anchors, renders
//! every annotation in the view ([`crate::annotate::in_view()`]) and hands an [`ArticleExport`] to
//! an [`Exporter`], one file per format:
//!
//! | format | file | offsets |
//! |---|---|---|
//! | [`jsonl`] | doccano JSONL | code points (or UTF-16) |
//! | [`brat`] | folder: `.txt` + `.ann`, `annotation.conf`, `visual.conf` | code points (or UTF-16) |
//! | [`conll`] | char-level BIO | none (one char a line) |
//! | [`labelstudio`] | tasks JSON + `.label_config.xml` | UTF-16 (or code points) |
//! | [`csv`](mod@csv) | one row per annotation | code points (or UTF-16) |
//! | [`html`] | self-contained report | none |
//! | [`w3c`] | Web Annotation JSON-LD | code points (the specification's unit) |
//! | [`markdown`] | highlights per article | none |
//!
//! Memory is constant in the corpus size: one article's text and annotations at a time; the
//! report lists at most [`manifest::MAX_PROBLEMS`] problems (counts are always complete).
//! [`import`] reads doccano, brat and Label Studio files back as pre-annotations.

pub mod brat;
pub mod conll;
pub mod csv;
pub mod html;
pub mod import;
pub mod jsonl;
pub mod labelstudio;
pub mod manifest;
pub mod markdown;
pub mod output;
pub mod run;
pub mod units;
pub mod w3c;

use std::collections::BTreeSet;
use std::io;
use std::ops::Range;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::annotate::{Annotation, IndexedView, SidecarError, Tag, TagId, TagSet};
use crate::corpus::ScanError;
use crate::text::ViewKind;

pub use manifest::{Counts, Manifest, Problem, ProblemKind};
pub use output::{Destination, Output};
pub use run::{ArticleRef, ExportOutcome, ExportRequest, Progress, Scope, export};
pub use units::{OffsetUnit, UnitMap};

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// doccano JSONL: one article a line, `label: [[start, end, "PER"], …]`.
    Jsonl,
    /// brat standoff: a folder of `.txt` + `.ann`, with `annotation.conf`.
    Brat,
    /// Character-level BIO, one char a line.
    Conll,
    /// Label Studio tasks JSON and its labelling config.
    #[serde(rename = "labelstudio")]
    LabelStudio,
    /// One CSV row per annotation.
    Csv,
    /// A self-contained HTML report.
    Html,
    /// W3C Web Annotation JSON-LD.
    W3c,
    /// Markdown highlights per article.
    Markdown,
}

impl Format {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [Self; 8] = [
        Self::Jsonl,
        Self::Brat,
        Self::Conll,
        Self::LabelStudio,
        Self::Csv,
        Self::Html,
        Self::W3c,
        Self::Markdown,
    ];

    /// The name on the command line and in manifests.
    pub fn name(self) -> &'static str {
        match self {
            Self::Jsonl => "jsonl",
            Self::Brat => "brat",
            Self::Conll => "conll",
            Self::LabelStudio => "labelstudio",
            Self::Csv => "csv",
            Self::Html => "html",
            Self::W3c => "w3c",
            Self::Markdown => "markdown",
        }
    }

    /// A file extension for the export (brat writes a folder: `None`).
    pub fn extension(self) -> Option<&'static str> {
        match self {
            Self::Jsonl => Some("jsonl"),
            Self::Brat => None,
            Self::Conll => Some("conll"),
            Self::LabelStudio => Some("json"),
            Self::Csv => Some("csv"),
            Self::Html => Some("html"),
            Self::W3c => Some("jsonld"),
            Self::Markdown => Some("md"),
        }
    }

    /// The offset unit used when none is asked for: UTF-16 for Label Studio (it counts in
    /// JavaScript string units), code points for the rest.
    pub fn default_unit(self) -> OffsetUnit {
        match self {
            Self::LabelStudio => OffsetUnit::Utf16,
            _ => OffsetUnit::CodePoint,
        }
    }

    /// Whether the format can write offsets in `unit`: W3C positions are code points by the
    /// specification.
    pub fn allows_unit(self, unit: OffsetUnit) -> bool {
        !(self == Self::W3c && unit == OffsetUnit::Utf16)
    }

    /// Whether every span needs a label (NER formats): plain highlights are left out and counted.
    pub fn needs_labels(self) -> bool {
        matches!(
            self,
            Self::Jsonl | Self::Brat | Self::Conll | Self::LabelStudio
        )
    }

    /// Whether the format shows article titles (doccano meta, Label Studio data, reports).
    pub fn shows_titles(self) -> bool {
        matches!(
            self,
            Self::Jsonl | Self::LabelStudio | Self::Html | Self::Markdown
        )
    }

    /// Whether the destination is a folder.
    pub fn writes_folder(self) -> bool {
        self == Self::Brat
    }

    /// Whether the format writes extra files beside its main file (Label Studio's config), so it
    /// cannot go to standard output.
    pub fn needs_file(self) -> bool {
        matches!(self, Self::Brat | Self::LabelStudio)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.to_ascii_lowercase();
        let found = match lower.as_str() {
            "doccano" => Some(Self::Jsonl),
            "label-studio" => Some(Self::LabelStudio),
            "md" => Some(Self::Markdown),
            name => Self::ALL.into_iter().find(|f| f.name() == name),
        };
        found.ok_or_else(|| {
            format!(
                "unknown format {s:?}: use jsonl (doccano), brat, conll, labelstudio, csv, html, w3c or markdown"
            )
        })
    }
}

/// Which annotations an export takes, by tag. `None` everywhere means all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagFilter {
    /// Tag ids to keep.
    pub tags: BTreeSet<TagId>,
    /// Keep plain highlights (no tag) too.
    pub highlights: bool,
}

impl TagFilter {
    /// Parses `PER,LOC` (`none` or `highlight` stands for plain highlights).
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut filter = Self::default();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if item.eq_ignore_ascii_case("none") || item.eq_ignore_ascii_case("highlight") {
                filter.highlights = true;
            } else {
                filter
                    .tags
                    .insert(TagId::new(item).map_err(|e| e.to_string())?);
            }
        }
        if filter.tags.is_empty() && !filter.highlights {
            return Err("--tags needs at least one tag id (or none for plain highlights)".into());
        }
        Ok(filter)
    }

    /// Does an annotation with this tag pass?
    pub fn matches(&self, tag: Option<&TagId>) -> bool {
        match tag {
            Some(tag) => self.tags.contains(tag),
            None => self.highlights,
        }
    }

    /// The filter as written in manifests: tag ids, then `none` for highlights.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.tags.iter().map(|t| t.as_str().to_owned()).collect();
        if self.highlights {
            names.push("none".to_owned());
        }
        names
    }
}

/// What to export, independent of where from and where to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOptions {
    /// The format.
    pub format: Format,
    /// The view whose text is exported and indexed by every offset.
    pub view: ViewKind,
    /// The offset unit; `None` for the format's default ([`Format::default_unit`]).
    pub unit: Option<OffsetUnit>,
    /// Only annotations with these tags; `None` for all.
    pub tags: Option<TagFilter>,
    /// Also export articles that have no (selected) annotation (their text, no spans).
    pub include_unannotated: bool,
}

impl ExportOptions {
    /// Defaults for `format`: Original view, the format's unit, every tag, annotated articles.
    pub fn new(format: Format) -> Self {
        Self {
            format,
            view: ViewKind::Original,
            unit: None,
            tags: None,
            include_unannotated: false,
        }
    }

    /// The unit offsets are written in.
    pub fn unit(&self) -> OffsetUnit {
        self.unit.unwrap_or(self.format.default_unit())
    }
}

/// Why an export stopped. Problems with single articles (unreadable file, broken sidecar,
/// annotations the view removed) do not stop it: they are listed in the [`Manifest`].
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing the export failed.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or folder being written.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The destination cannot be used (exists and is not empty, is inside the corpus…).
    #[error("{}: {reason}", path.display())]
    Destination {
        /// The destination.
        path: PathBuf,
        /// Why, as a sentence fragment.
        reason: String,
    },
    /// The options do not go together (e.g. W3C positions in UTF-16).
    #[error("{0}")]
    Options(String),
    /// An article of the scope is not inside the corpus folder.
    #[error("{} is not inside the corpus folder {}", path.display(), root.display())]
    OutsideCorpus {
        /// The article.
        path: PathBuf,
        /// The corpus folder.
        root: PathBuf,
    },
    /// The corpus folder cannot be read.
    #[error(transparent)]
    Scan(#[from] ScanError),
    /// Deciding where the corpus's annotations live failed.
    #[error(transparent)]
    Location(#[from] SidecarError),
    /// Cancelled; nothing was written.
    #[error("export cancelled; nothing was written")]
    Cancelled,
}

/// Facts about the whole export, given to [`Exporter::begin`] and [`Exporter::finish`].
#[derive(Clone, Copy, Debug)]
pub struct ExportHeader<'a> {
    /// The format.
    pub format: Format,
    /// The view.
    pub view: ViewKind,
    /// The offset unit.
    pub unit: OffsetUnit,
    /// The corpus tag set (labels and colours).
    pub tags: &'a TagSet,
    /// The corpus folder's name, for titles.
    pub corpus_name: &'a str,
}

/// One annotation ready to be written: its view range and text, and the stored annotation
/// (id, note, timestamps, Original range).
#[derive(Clone, Debug)]
pub struct ExportedAnnotation<'a> {
    /// The stored annotation (its `start`/`end` are Original chars, re-anchored).
    pub annotation: &'a Annotation,
    /// The tag in the tag set; `None` for a plain highlight or an id the tag set lacks.
    pub tag: Option<&'a Tag>,
    /// View chars.
    pub view_chars: Range<usize>,
    /// The quote as the view shows it.
    pub quote: &'a str,
    /// Up to 32 view chars before it.
    pub prefix: &'a str,
    /// Up to 32 view chars after it.
    pub suffix: &'a str,
}

impl ExportedAnnotation<'_> {
    /// The tag id, if tagged (also for an id the tag set lacks).
    pub fn tag_id(&self) -> Option<&str> {
        self.annotation.tag.as_ref().map(TagId::as_str)
    }

    /// The tag's label (人物), falling back to its id; empty for a highlight.
    pub fn tag_label(&self) -> &str {
        match (self.tag, self.tag_id()) {
            (Some(tag), _) => &tag.label,
            (None, Some(id)) => id,
            (None, None) => "",
        }
    }

    /// The note.
    pub fn note(&self) -> &str {
        &self.annotation.note
    }
}

/// One article ready to be written.
#[derive(Debug)]
pub struct ArticleExport<'a> {
    /// 1-based position in the export.
    pub ordinal: usize,
    /// Path relative to the corpus folder, `/`-separated.
    pub relative: &'a str,
    /// The title, in the view's script.
    pub title: &'a str,
    /// The rendered view: text, map, boilerplate.
    pub view: &'a IndexedView,
    /// Annotations in reading order of the view (start, end, id).
    pub annotations: &'a [ExportedAnnotation<'a>],
    /// View chars → the export's unit.
    pub units: &'a UnitMap,
}

impl ArticleExport<'_> {
    /// The view text.
    pub fn text(&self) -> &str {
        self.view.text()
    }

    /// A view char position in the export's unit.
    pub fn offset(&self, view_char: usize) -> usize {
        self.units.offset(view_char)
    }

    /// A view char range in the export's unit.
    pub fn offsets(&self, view_chars: &Range<usize>) -> (usize, usize) {
        (self.offset(view_chars.start), self.offset(view_chars.end))
    }
}

/// A format writer: receives the export one article at a time (our `Sink`).
///
/// Writes go to the [`Output`]: its stream for single-file formats, files in its folder for
/// brat. Methods return I/O errors; the driver names the destination in the message.
pub trait Exporter {
    /// Before the first article.
    fn begin(&mut self, out: &mut Output, header: &ExportHeader<'_>) -> io::Result<()>;

    /// One article. Problems found while writing it (e.g. CoNLL overlaps) go to `manifest`.
    fn article(
        &mut self,
        out: &mut Output,
        article: &ArticleExport<'_>,
        manifest: &mut Manifest,
    ) -> io::Result<()>;

    /// After the last article (closing brackets, tables of contents, config files).
    fn finish(
        &mut self,
        out: &mut Output,
        header: &ExportHeader<'_>,
        manifest: &Manifest,
    ) -> io::Result<()>;
}

/// The exporter of `format`.
pub fn exporter(format: Format) -> Box<dyn Exporter + Send> {
    match format {
        Format::Jsonl => Box::new(jsonl::JsonlExporter::default()),
        Format::Brat => Box::new(brat::BratExporter::default()),
        Format::Conll => Box::new(conll::ConllExporter::default()),
        Format::LabelStudio => Box::new(labelstudio::LabelStudioExporter::default()),
        Format::Csv => Box::new(csv::CsvExporter::default()),
        Format::Html => Box::new(html::HtmlExporter::default()),
        Format::W3c => Box::new(w3c::W3cExporter::default()),
        Format::Markdown => Box::new(markdown::MarkdownExporter::default()),
    }
}

/// Escapes text for HTML and XML content and attribute values (`& < > " '`).
pub fn escape_xml(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // XML 1.0 forbids most C0 controls even as references; they carry nothing here.
            c if c.is_control() && !matches!(c, '\n' | '\r' | '\t') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// [`escape_xml`] into a new string.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_xml(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_by_name_and_alias() {
        for format in Format::ALL {
            assert_eq!(format.name().parse(), Ok(format));
        }
        assert_eq!("doccano".parse(), Ok(Format::Jsonl));
        assert_eq!("Label-Studio".parse(), Ok(Format::LabelStudio));
        assert!("xlsx".parse::<Format>().is_err());
    }

    #[test]
    fn units_per_format() {
        assert_eq!(Format::LabelStudio.default_unit(), OffsetUnit::Utf16);
        assert_eq!(Format::Jsonl.default_unit(), OffsetUnit::CodePoint);
        assert!(!Format::W3c.allows_unit(OffsetUnit::Utf16));
        assert!(Format::Csv.allows_unit(OffsetUnit::Utf16));
    }

    #[test]
    fn tag_filters() {
        let filter = TagFilter::parse("PER, LOC,none").unwrap_or_default();
        assert!(filter.matches(TagId::new("PER").ok().as_ref()));
        assert!(!filter.matches(TagId::new("ORG").ok().as_ref()));
        assert!(filter.matches(None));
        assert_eq!(filter.names(), ["LOC", "PER", "none"]);
        assert!(TagFilter::parse(" , ").is_err());
        assert!(TagFilter::parse("A B").is_err());
    }

    #[test]
    fn xml_escaping() {
        assert_eq!(
            escaped("<script>alert('1')</script> & \"x\"\u{1}"),
            "&lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt; &amp; &quot;x&quot;\u{FFFD}"
        );
    }
}
