//! The export driver: walks the scope one article at a time and feeds an [`Exporter`].
//!
//! Per article: read its sidecar (read-only: [`read_sidecar`], never the store, never a write),
//! keep the annotations the options select, load the article, re-anchor each annotation in the
//! current Original ([`locate`], pure), render it in the view ([`in_view()`]), and hand the
//! result to the exporter in the view's reading order. Annotations the view removed and orphans
//! are reported in the [`Manifest`], never shifted. Offsets handed on are view chars.
//!
//! Memory holds one article at a time. The folder scope uses the corpus scan (so exactly the
//! files the window lists are exported, in the same order); the scan keeps the list of file
//! paths, not their text.
//!
//! Built for background jobs: [`export()`] takes a cancel flag (checked per article; a cancelled
//! export writes nothing) and a progress callback (called after every article).

use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::manifest::MANIFEST_FILE_NAME;
use super::output::{Destination, Output};
use super::units::UnitMap;
use super::{
    ArticleExport, ExportError, ExportHeader, ExportOptions, ExportedAnnotation, Exporter,
    Manifest, Problem, ProblemKind, exporter,
};
use crate::annotate::sidecar::{read_corpus_file, read_sidecar, write_atomic};
use crate::annotate::{
    Annotation, IndexedView, Placement, SidecarError, StorageLocation, TagSet, TextIndex, in_view,
    locate,
};
use crate::corpus::{Article, ScanError, ScanEvent, ScanOptions, article_meta, scan};
use crate::text::ViewKind;
use crate::text::convert::Converter;

/// Which articles to export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every article of the corpus folder, in the scan's order (what the article list shows).
    Corpus,
    /// These articles, in this order (e.g. the ones the list filter shows, or one file). Paths
    /// are absolute under the corpus folder or relative to it.
    Articles(Vec<PathBuf>),
}

/// Everything an export needs.
#[derive(Clone, Debug)]
pub struct ExportRequest {
    /// The corpus folder (its `pizhu.ron` gives tag labels and colours).
    pub corpus_root: PathBuf,
    /// Which articles.
    pub scope: Scope,
    /// Format, view, unit, tags.
    pub options: ExportOptions,
    /// Where to.
    pub destination: Destination,
    /// Also write the manifest to this file (folder exports always contain
    /// `pizhu-export.json`).
    pub manifest_path: Option<PathBuf>,
}

/// How far an export is, sent after every article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Articles looked at so far.
    pub done: usize,
    /// Articles in the scope, once known (the scan announces its count after its walk).
    pub total: Option<usize>,
    /// Articles written so far.
    pub exported: usize,
    /// Bytes written so far.
    pub bytes: u64,
    /// The article just looked at (relative path).
    pub current: String,
}

/// A finished export.
#[derive(Clone, Debug)]
pub struct ExportOutcome {
    /// The report (also in `pizhu-export.json` for folder exports).
    pub manifest: Manifest,
    /// Every file or folder written (the main one first).
    pub written: Vec<PathBuf>,
}

/// Runs an export (blocking; call it from a worker thread in the window). See the module docs.
pub fn export(
    request: &ExportRequest,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<ExportOutcome, ExportError> {
    let options = &request.options;
    let unit = options.unit();
    if !options.format.allows_unit(unit) {
        return Err(ExportError::Options(format!(
            "{} positions are Unicode code points by its specification, so --offsets {unit} is not available",
            options.format
        )));
    }
    let root = request.corpus_root.as_path();
    if !root.is_dir() {
        return Err(ExportError::Scan(ScanError::Root {
            path: root.to_owned(),
            source: io::Error::new(io::ErrorKind::NotFound, "not a folder"),
        }));
    }
    let location = StorageLocation::resolve(root)?;
    let mut manifest = Manifest::new(options, root);
    let tags = match read_tag_set(&location) {
        Ok(tags) => tags,
        Err(error) => {
            manifest.add(Problem::file(
                "pizhu.ron",
                ProblemKind::TagSetUnreadable,
                format!("{error}; default tag labels and colours were used"),
            ));
            TagSet::default()
        }
    };
    let out = Output::open(&request.destination, options.format, root)?;
    let corpus_name = manifest.corpus.clone();
    let header = ExportHeader {
        format: options.format,
        view: options.view,
        unit,
        tags: &tags,
        corpus_name: &corpus_name,
    };
    let mut driver = Driver {
        options,
        location,
        header,
        exporter: exporter(options.format),
        out,
        manifest,
        progress: Progress::default(),
        report: progress,
        failure: None,
    };
    let path = driver.out.path();
    driver
        .exporter
        .begin(&mut driver.out, &driver.header)
        .map_err(write_error(&path))?;

    match &request.scope {
        Scope::Corpus => {
            scan(root, &ScanOptions::default(), cancel, |event| match event {
                ScanEvent::Found(candidates) => driver.progress.total = Some(candidates),
                ScanEvent::Article(meta) => {
                    if driver.failure.is_some() || cancel.load(Ordering::Relaxed) {
                        return;
                    }
                    let relative = meta
                        .path
                        .strip_prefix(root)
                        .map_or_else(|_| PathBuf::from(&meta.relative), Path::to_owned);
                    driver.article(&meta.path, &relative, &meta.relative, Some(&meta.title));
                }
                ScanEvent::Skipped(skipped) => driver.manifest.add(Problem::file(
                    &skipped.relative,
                    ProblemKind::FileSkipped,
                    skipped.reason.to_string(),
                )),
            })?;
        }
        Scope::Articles(paths) => {
            driver.progress.total = Some(paths.len());
            for path in paths {
                if driver.failure.is_some() || cancel.load(Ordering::Relaxed) {
                    break;
                }
                let relative = relative_to(root, path)?;
                let display = display_relative(&relative);
                driver.article(&root.join(&relative), &relative, &display, None);
            }
        }
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(ExportError::Cancelled);
    }
    let Driver {
        header,
        mut exporter,
        mut out,
        manifest,
        failure,
        ..
    } = driver;
    if let Some(error) = failure {
        return Err(error);
    }
    exporter
        .finish(&mut out, &header, &manifest)
        .map_err(write_error(&path))?;
    if options.format.writes_folder() {
        out.write_file(Path::new(MANIFEST_FILE_NAME), manifest.to_json().as_bytes())
            .map_err(write_error(&path))?;
    }
    let mut written = out.commit()?;
    if let Some(manifest_path) = &request.manifest_path {
        write_atomic(manifest_path, manifest.to_json().as_bytes())
            .map_err(write_error(manifest_path))?;
        written.push(manifest_path.clone());
    }
    Ok(ExportOutcome { manifest, written })
}

fn write_error(path: &Path) -> impl FnOnce(io::Error) -> ExportError + '_ {
    move |source| ExportError::Write {
        path: path.to_owned(),
        source,
    }
}

/// The tag set of the corpus: its `pizhu.ron` (or, for a read-only corpus, the one shipped in
/// the folder), else the defaults.
fn read_tag_set(location: &StorageLocation) -> Result<TagSet, SidecarError> {
    if let Some(loaded) = read_corpus_file(&location.corpus_file_path())? {
        return Ok(loaded.value.tags);
    }
    if let Some(fallback) = location.fallback_corpus_file_path()
        && let Some(loaded) = read_corpus_file(&fallback)?
    {
        return Ok(loaded.value.tags);
    }
    Ok(TagSet::default())
}

/// The annotations stored for the article at `relative` (the store's own files, or for a
/// read-only corpus the sidecar shipped beside the article); empty when there are none.
fn read_annotations(
    location: &StorageLocation,
    relative: &Path,
) -> Result<Vec<Annotation>, SidecarError> {
    if let Some(loaded) = read_sidecar(&location.sidecar_path(relative))? {
        return Ok(loaded.value.annotations);
    }
    match location.fallback_sidecar_path(relative) {
        Some(fallback) => Ok(read_sidecar(&fallback)?
            .map(|loaded| loaded.value.annotations)
            .unwrap_or_default()),
        None => Ok(Vec::new()),
    }
}

/// `path` relative to the corpus root (it may be given absolute or relative).
fn relative_to(root: &Path, path: &Path) -> Result<PathBuf, ExportError> {
    let outside = || ExportError::OutsideCorpus {
        path: path.to_owned(),
        root: root.to_owned(),
    };
    let relative = if path.is_relative() {
        path.to_owned()
    } else if let Ok(relative) = path.strip_prefix(root) {
        relative.to_owned()
    } else {
        let root = std::fs::canonicalize(root).map_err(|_| outside())?;
        let real = std::fs::canonicalize(path).map_err(|_| outside())?;
        real.strip_prefix(&root).map_err(|_| outside())?.to_owned()
    };
    let plain: PathBuf = relative
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    let is_plain = plain.file_name().is_some()
        && plain
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if is_plain { Ok(plain) } else { Err(outside()) }
}

/// A relative path as the article list shows it: `/`-separated.
pub fn display_relative(relative: &Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The title in the view's script (titles are Clean text; 简/繁 convert it).
fn title_in_view(title: &str, view: ViewKind) -> String {
    match view.target() {
        Some(target) => Converter::get(target).convert(title).text,
        None => title.to_owned(),
    }
}

struct Driver<'a> {
    options: &'a ExportOptions,
    location: StorageLocation,
    header: ExportHeader<'a>,
    exporter: Box<dyn Exporter>,
    out: Output,
    manifest: Manifest,
    progress: Progress,
    report: &'a mut dyn FnMut(&Progress),
    /// A write failed: the export stops (the scan may still send events; they are ignored).
    failure: Option<ExportError>,
}

impl Driver<'_> {
    /// Exports one article (problems go to the manifest, a write failure to `failure`), then
    /// reports progress.
    fn article(&mut self, path: &Path, relative: &Path, display: &str, title: Option<&str>) {
        if let Err(error) = self.export_article(path, relative, display, title) {
            self.failure = Some(error);
        }
        self.progress.done += 1;
        self.progress.exported = self.manifest.counts.articles;
        self.progress.bytes = self.out.bytes_written();
        display.clone_into(&mut self.progress.current);
        (self.report)(&self.progress);
    }

    fn export_article(
        &mut self,
        path: &Path,
        relative: &Path,
        display: &str,
        title: Option<&str>,
    ) -> Result<(), ExportError> {
        let options = self.options;
        let format = options.format;
        let stored = match read_annotations(&self.location, relative) {
            Ok(stored) => stored,
            Err(error) => {
                self.manifest.add(Problem::file(
                    display,
                    ProblemKind::AnnotationsUnreadable,
                    format!("{error} (the article was not exported)"),
                ));
                return Ok(());
            }
        };
        let mut selected: Vec<Annotation> = Vec::with_capacity(stored.len());
        for annotation in stored {
            if !options
                .tags
                .as_ref()
                .is_none_or(|filter| filter.matches(annotation.tag.as_ref()))
            {
                continue;
            }
            if format.needs_labels() && annotation.tag.is_none() {
                self.manifest.counts.highlights_omitted += 1;
                continue;
            }
            selected.push(annotation);
        }
        if selected.is_empty() && !options.include_unannotated {
            self.manifest.counts.articles_without_annotations += 1;
            return Ok(());
        }
        let article = match Article::load(path) {
            Ok(article) => article,
            Err(error) => {
                self.manifest.add(Problem::file(
                    display,
                    ProblemKind::ArticleUnreadable,
                    error.to_string(),
                ));
                return Ok(());
            }
        };
        let title = match title {
            Some(title) => title.to_owned(),
            None => {
                let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
                article_meta(path.to_owned(), display.to_owned(), bytes, &article.decoded).title
            }
        };
        let original = TextIndex::new(article.decoded.text);
        let view = IndexedView::render(original.text(), options.view);
        let title = title_in_view(&title, options.view);

        let tags = self.header.tags;
        let mut exported: Vec<ExportedAnnotation<'_>> = Vec::with_capacity(selected.len());
        for annotation in &selected {
            let location = locate(&original, annotation);
            let shown = in_view(&view, location.range.clone(), &location.state);
            let problem = |kind, detail| Problem::annotation(display, annotation, kind, detail);
            match shown.placement {
                Placement::Orphan => self.manifest.add(problem(
                    ProblemKind::Orphan,
                    format!(
                        "{:?} was not found in the changed article (kept in its annotations file)",
                        annotation.quote
                    ),
                )),
                Placement::Removed { .. } => self.manifest.add(problem(
                    ProblemKind::NotInView,
                    format!(
                        "the {} view removed all of {:?} (crawl artefacts such as inline pinyin)",
                        options.view, annotation.quote
                    ),
                )),
                Placement::Shown { range, exact } => {
                    if !exact {
                        self.manifest.add(problem(
                            ProblemKind::EdgesAdjusted,
                            format!(
                                "{:?} reads {:?} in the {} view: its edges lie in text the view removed or rewrote",
                                annotation.quote, shown.quote, options.view
                            ),
                        ));
                    }
                    exported.push(ExportedAnnotation {
                        annotation,
                        tag: annotation.tag.as_ref().and_then(|t| tags.get(t)),
                        view_chars: range,
                        quote: shown.quote,
                        prefix: shown.prefix,
                        suffix: shown.suffix,
                    });
                }
            }
        }
        if exported.is_empty() && !options.include_unannotated {
            self.manifest.counts.articles_without_annotations += 1;
            return Ok(());
        }
        exported.sort_by(|a, b| {
            (a.view_chars.start, a.view_chars.end, &a.annotation.id).cmp(&(
                b.view_chars.start,
                b.view_chars.end,
                &b.annotation.id,
            ))
        });
        let units = UnitMap::new(view.text(), self.header.unit);
        let article = ArticleExport {
            ordinal: self.manifest.counts.articles + 1,
            relative: display,
            title: &title,
            view: &view,
            annotations: &exported,
            units: &units,
        };
        let dropped_before = self.manifest.counts.dropped;
        self.exporter
            .article(&mut self.out, &article, &mut self.manifest)
            .map_err(|source| ExportError::Write {
                path: self.out.path(),
                source,
            })?;
        let dropped = self.manifest.counts.dropped - dropped_before;
        self.manifest.counts.articles += 1;
        self.manifest.counts.annotations += exported.len().saturating_sub(dropped);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_stay_inside_the_corpus() {
        let root = Path::new("/corpus");
        assert_eq!(
            relative_to(root, Path::new("/corpus/2023/001.txt")).ok(),
            Some(PathBuf::from("2023/001.txt"))
        );
        assert_eq!(
            relative_to(root, Path::new("./a.txt")).ok(),
            Some(PathBuf::from("a.txt"))
        );
        assert!(relative_to(root, Path::new("../a.txt")).is_err());
        assert!(relative_to(root, Path::new("/elsewhere/a.txt")).is_err());
        assert_eq!(
            display_relative(Path::new("2023/新闻.txt")),
            "2023/新闻.txt"
        );
    }

    #[test]
    fn titles_follow_the_view_script() {
        assert_eq!(
            title_in_view("黃坤明調研", ViewKind::Simplified),
            "黄坤明调研"
        );
        assert_eq!(title_in_view("黃坤明", ViewKind::Clean), "黃坤明");
    }
}
