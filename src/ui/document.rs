//! The article open in the reader: its Original text and every view, built off the UI thread,
//! with its annotations loaded and anchored there too (the app adds them to the store).

use std::path::PathBuf;

use crate::annotate::{
    AnnotationStore, DocKey, DocumentLoader, LoadedDocument, OpenReport, StoreError,
};
use crate::corpus::{Article, ArticleError, ArticleId};
use crate::jobs::Job;
use crate::text::clean::clean;
use crate::text::view::Paragraph;
use crate::text::{View, ViewKind};

/// One rendered view and its paragraphs.
pub struct ViewText {
    /// The view.
    pub view: View,
    /// Its lines.
    pub paragraphs: Vec<Paragraph>,
    /// How many lines are boilerplate (counted once, shown in the header every frame).
    pub boilerplate_lines: usize,
}

impl ViewText {
    fn new(view: View) -> Self {
        let paragraphs = view.paragraphs();
        let boilerplate_lines = paragraphs.iter().filter(|p| p.boilerplate).count();
        Self {
            view,
            paragraphs,
            boilerplate_lines,
        }
    }

    /// The text of view chars `range` (clamped).
    pub fn slice(&self, range: std::ops::Range<usize>) -> &str {
        // Walk from the paragraph holding `range.start`, not from the start of a long text.
        let before = self
            .paragraphs
            .partition_point(|p| p.chars.start <= range.start);
        let (base_char, base_byte) = before
            .checked_sub(1)
            .and_then(|i| self.paragraphs.get(i))
            .map_or((0, 0), |p| (p.chars.start, p.bytes.start));
        crate::text::chars::slice_clamped(
            &self.view.text[base_byte..],
            range.start - base_char..range.end.saturating_sub(base_char),
        )
    }

    /// The paragraph holding view char `char_index` (the last one past the end).
    pub fn paragraph_at(&self, char_index: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.chars.end < char_index)
            .min(self.paragraphs.len().saturating_sub(1))
    }
}

/// An article with all four views.
pub struct Document {
    /// Which article.
    pub id: ArticleId,
    /// Its file.
    pub path: PathBuf,
    /// Its key in the annotation store, when the store could open it.
    pub key: Option<DocKey>,
    /// The views, indexed like [`ViewKind::ALL`].
    views: [ViewText; 4],
}

/// An article loaded by [`Loading`], and its annotations loaded for the store.
pub struct Loaded {
    /// The article.
    pub document: Document,
    /// Its annotations, read and anchored on the loading thread, for
    /// [`AnnotationStore::insert`] (`None`: no store).
    pub annotations: Option<Result<LoadedDocument, StoreError>>,
}

impl Document {
    /// Reads the article, renders every view and loads its annotations (run this on a worker
    /// thread: it reads files and re-anchors; the store itself is not touched).
    pub fn load(
        id: ArticleId,
        path: PathBuf,
        loader: Option<DocumentLoader>,
    ) -> Result<Loaded, ArticleError> {
        let article = Article::load(&path)?;
        let original = article.original();
        let views = views_of(original);
        let annotations = loader.map(|loader| loader.load(&path, original));
        let key = match &annotations {
            Some(Ok(loaded)) => Some(loaded.key().clone()),
            _ => None,
        };
        Ok(Loaded {
            document: Self {
                id,
                path,
                key,
                views,
            },
            annotations,
        })
    }

    /// An article from its Original text, without a file or annotations (tests and tools).
    pub fn from_text(id: ArticleId, original: String) -> Self {
        Self {
            id,
            path: PathBuf::new(),
            key: None,
            views: views_of(&original),
        }
    }

    /// View `kind`.
    pub fn view(&self, kind: ViewKind) -> &ViewText {
        let index = ViewKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        &self.views[index]
    }
}

/// The four views of an Original text, in [`ViewKind::ALL`] order.
fn views_of(original: &str) -> [ViewText; 4] {
    let cleaned = clean(original);
    [
        ViewText::new(View::original(original)),
        ViewText::new(View::from_clean(&cleaned, ViewKind::Clean)),
        ViewText::new(View::from_clean(&cleaned, ViewKind::Simplified)),
        ViewText::new(View::from_clean(&cleaned, ViewKind::Traditional)),
    ]
}

/// What the user should know about an article's just-opened annotations: that they are
/// read-only (and why), or that the article changed on disk and they were re-anchored. `None`
/// when they opened as saved.
pub fn open_notice(report: &OpenReport, store: &AnnotationStore) -> Option<String> {
    let mut notes = Vec::new();
    if let Some(error) = store.load_error(&report.key) {
        notes.push(format!("Annotations are read-only: {error}"));
    } else if report.read_only {
        notes.push("Annotations are read-only.".to_owned());
    }
    let summary = report.summary;
    if report.changed && (summary.moved + summary.fuzzy + summary.orphans) > 0 {
        notes.push(format!(
            "The article changed on disk: {} annotations moved, {} matched approximately, {} orphaned (kept in the side panel).",
            summary.moved, summary.fuzzy, summary.orphans
        ));
    } else if !report.changed && summary.orphans > 0 {
        notes.push(format!(
            "{} annotations do not match the article's text; they are kept unchanged as orphans (side panel).",
            summary.orphans
        ));
    }
    (!notes.is_empty()).then(|| notes.join(" "))
}

/// A document being loaded.
pub struct Loading {
    /// Which article.
    pub id: ArticleId,
    job: Job<Result<Loaded, ArticleError>>,
}

impl Loading {
    /// Starts loading article `id` from `path` (with its annotations, when `loader` is given).
    pub fn start(
        id: ArticleId,
        path: PathBuf,
        loader: Option<DocumentLoader>,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let job = Job::spawn("pizhu-load", notify, move |reporter| {
            reporter.send(Document::load(id, path, loader));
        })?;
        Ok(Self { id, job })
    }

    /// The result, once ready.
    pub fn poll(&mut self) -> Option<Result<Loaded, ArticleError>> {
        self.job.drain().pop()
    }
}
