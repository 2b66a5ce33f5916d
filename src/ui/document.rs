//! The article open in the reader: its Original text and every view, built off the UI thread,
//! with its annotations loaded and anchored there too (the app adds them to the store).
//!
//! The 简 and 繁 views are rendered with a [`Rendering`] (the regional converters with the
//! corpus's user phrases, and whether to find the conversions that had to guess); when it
//! changes, [`Document::rerender`] renders those two views again on a worker and shares the
//! others. Positions are view chars of each view; ambiguities carry Original chars too.

use std::path::PathBuf;
use std::sync::Arc;

use crate::annotate::{
    AnnotationStore, DocKey, DocumentLoader, LoadedDocument, OpenReport, StoreError,
};
use crate::corpus::{Article, ArticleError, ArticleId, ArticleMeta};
use crate::jobs::Job;
use crate::text::clean::{CleanOptions, Cleaned, clean, clean_with};
use crate::text::convert::Ambiguity;
use crate::text::view::Paragraph;
use crate::text::{View, ViewConverters, ViewKind};

use super::i18n::{Status as S, tr, trf};

/// How the 简 and 繁 views of a document are rendered.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendering {
    /// The converters (regional choices and the corpus's user phrases).
    pub converters: ViewConverters,
    /// Also find the conversions that had to guess ([`Ambiguity`]; about twice the work).
    pub inspect: bool,
    /// How the Clean view is made (full-width punctuation), which 简 and 繁 convert.
    pub clean: CleanOptions,
}

impl Rendering {
    /// True when a document rendered with `self` shows what `wanted` asks for (the same
    /// converters; ambiguities found if wanted).
    pub fn satisfies(&self, wanted: &Rendering) -> bool {
        self.converters == wanted.converters
            && self.clean == wanted.clean
            && (self.inspect || !wanted.inspect)
    }
}

/// One rendered view and its paragraphs.
pub struct ViewText {
    /// The view.
    pub view: View,
    /// Its lines.
    pub paragraphs: Vec<Paragraph>,
    /// How many lines are boilerplate (counted once, shown in the header every frame).
    pub boilerplate_lines: usize,
    /// The conversions that had to guess, sorted by view position (`None`: not looked for, or
    /// a view that is not converted).
    pub ambiguities: Option<Vec<Ambiguity>>,
}

impl ViewText {
    /// Splits a rendered view into its paragraphs.
    pub(crate) fn new(view: View) -> Self {
        let paragraphs = view.paragraphs();
        let boilerplate_lines = paragraphs.iter().filter(|p| p.boilerplate).count();
        Self {
            view,
            paragraphs,
            boilerplate_lines,
            ambiguities: None,
        }
    }

    /// View `kind` of `cleaned` (Clean, Simplified or Traditional) as `rendering` asks.
    fn from_clean(cleaned: &Cleaned, kind: ViewKind, rendering: &Rendering) -> Self {
        if rendering.inspect && kind.target().is_some() {
            let (view, mut ambiguities) =
                View::from_clean_inspect(cleaned, kind, &rendering.converters);
            ambiguities.sort_by_key(|a| (a.view.start, a.view.end));
            let mut text = Self::new(view);
            text.ambiguities = Some(ambiguities);
            text
        } else {
            Self::new(View::from_clean_with(cleaned, kind, &rendering.converters))
        }
    }

    /// The ambiguities that start in view chars `range` (none when not looked for).
    pub fn ambiguities_in(&self, range: std::ops::Range<usize>) -> &[Ambiguity] {
        let Some(all) = &self.ambiguities else {
            return &[];
        };
        let start = all.partition_point(|a| a.view.start < range.start);
        let end = all.partition_point(|a| a.view.start < range.end);
        &all[start..end]
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
    /// The views, indexed like [`ViewKind::ALL`] (shared with a re-rendered copy).
    views: [Arc<ViewText>; 4],
    /// The Clean text the 简 and 繁 views convert (kept to render them again and to make user
    /// phrases from a choice).
    cleaned: Arc<Cleaned>,
    /// How the 简 and 繁 views were rendered.
    rendering: Rendering,
}

/// An article loaded by [`Loading`], and its annotations loaded for the store.
pub struct Loaded {
    /// The article.
    pub document: Document,
    /// Its annotations, read and anchored on the loading thread, for
    /// [`AnnotationStore::insert`] (`None`: no store).
    pub annotations: Option<Result<LoadedDocument, StoreError>>,
    /// The article's list row computed again from the text just read, when it differs from the
    /// row the load started with (the file changed on disk since the scan): new title, counts,
    /// metadata for the list and the header.
    pub meta: Option<ArticleMeta>,
}

impl Document {
    /// Reads the article, renders every view (简 and 繁 as `rendering` says) and loads its
    /// annotations (run this on a worker thread: it reads files and re-anchors; the store itself
    /// is not touched). `meta` is the article's list row, checked against the text read.
    pub fn load(
        id: ArticleId,
        path: PathBuf,
        loader: Option<DocumentLoader>,
        rendering: Rendering,
        meta: Option<ArticleMeta>,
    ) -> Result<Loaded, ArticleError> {
        let article = Article::load(&path)?;
        let original = article.original();
        let cleaned = clean_with(original, &rendering.clean);
        let meta = meta.and_then(|row| {
            // The list's rows are made with the default Clean view, whatever the setting.
            let fresh = if rendering.clean == CleanOptions::default() {
                row.refreshed_from_clean(&article, &cleaned)
            } else {
                row.refreshed(&article)
            };
            (fresh != row).then_some(fresh)
        });
        let views = views_of(original, &cleaned, &rendering);
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
                cleaned: Arc::new(cleaned),
                rendering,
            },
            annotations,
            meta,
        })
    }

    /// An article from its Original text, without a file or annotations (tests and tools).
    pub fn from_text(id: ArticleId, original: String) -> Self {
        let cleaned = clean(&original);
        let rendering = Rendering::default();
        Self {
            id,
            path: PathBuf::new(),
            key: None,
            views: views_of(&original, &cleaned, &rendering),
            cleaned: Arc::new(cleaned),
            rendering,
        }
    }

    /// This document with its 简 and 繁 views rendered again as `rendering` says, and its
    /// Clean view too when `rendering` makes it differently; the other views are shared (run it
    /// on a worker: it converts the whole text, twice the work with `inspect`).
    pub fn rerender(&self, rendering: Rendering) -> Self {
        if rendering.clean != self.rendering.clean {
            let original = &self.views[0].view.text;
            let cleaned = clean_with(original, &rendering.clean);
            return Self {
                id: self.id,
                path: self.path.clone(),
                key: self.key.clone(),
                views: views_of(original, &cleaned, &rendering),
                cleaned: Arc::new(cleaned),
                rendering,
            };
        }
        let [original, clean, _, _] = &self.views;
        let views = [
            Arc::clone(original),
            Arc::clone(clean),
            Arc::new(ViewText::from_clean(
                &self.cleaned,
                ViewKind::Simplified,
                &rendering,
            )),
            Arc::new(ViewText::from_clean(
                &self.cleaned,
                ViewKind::Traditional,
                &rendering,
            )),
        ];
        Self {
            id: self.id,
            path: self.path.clone(),
            key: self.key.clone(),
            views,
            cleaned: Arc::clone(&self.cleaned),
            rendering,
        }
    }

    /// View `kind`.
    pub fn view(&self, kind: ViewKind) -> &ViewText {
        let index = ViewKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        &self.views[index]
    }

    /// The Clean text the 简 and 繁 views are converted from.
    pub fn cleaned(&self) -> &Cleaned {
        &self.cleaned
    }

    /// How the 简 and 繁 views were rendered.
    pub fn rendering(&self) -> &Rendering {
        &self.rendering
    }
}

/// The four views of an Original text (`cleaned` is its Clean text), 简 and 繁 rendered as
/// `rendering` says, in [`ViewKind::ALL`] order.
fn views_of(original: &str, cleaned: &Cleaned, rendering: &Rendering) -> [Arc<ViewText>; 4] {
    [
        Arc::new(ViewText::new(View::original(original))),
        Arc::new(ViewText::new(View::from_clean(cleaned, ViewKind::Clean))),
        Arc::new(ViewText::from_clean(
            cleaned,
            ViewKind::Simplified,
            rendering,
        )),
        Arc::new(ViewText::from_clean(
            cleaned,
            ViewKind::Traditional,
            rendering,
        )),
    ]
}

/// What the user should know about an article's just-opened annotations: that they are
/// read-only (and why), or that the article changed on disk and they were re-anchored. `None`
/// when they opened as saved. Worded in the current language: call it on the UI thread.
pub fn open_notice(report: &OpenReport, store: &AnnotationStore) -> Option<String> {
    let mut notes = Vec::new();
    if let Some(error) = store.load_error(&report.key) {
        notes.push(trf(S::ReadOnlyBecause, &[("error", &error)]));
    } else if report.read_only {
        notes.push(tr(S::ReadOnly).to_owned());
    }
    let summary = report.summary;
    if report.changed && (summary.moved + summary.fuzzy + summary.orphans) > 0 {
        notes.push(trf(
            S::Reanchored,
            &[
                ("moved", &summary.moved),
                ("fuzzy", &summary.fuzzy),
                ("orphans", &summary.orphans),
            ],
        ));
    } else if !report.changed && summary.orphans > 0 {
        notes.push(trf(S::OrphansKept, &[("n", &summary.orphans)]));
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
    /// Starts loading article `id` from `path` (with its annotations, when `loader` is given),
    /// its 简 and 繁 views rendered as `rendering` says; checking its list row `meta`, when
    /// given.
    pub fn start(
        id: ArticleId,
        path: PathBuf,
        loader: Option<DocumentLoader>,
        rendering: Rendering,
        meta: Option<ArticleMeta>,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let job = Job::spawn("pizhu-load", notify, move |reporter| {
            reporter.send(Document::load(id, path, loader, rendering, meta));
        })?;
        Ok(Self { id, job })
    }

    /// The result, once ready.
    pub fn poll(&mut self) -> Option<Result<Loaded, ArticleError>> {
        self.job.drain().pop()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rerendering_with_other_clean_options_makes_clean_simplified_and_traditional_again() {
        let original = "会议召开:全力以赴,确保1,000家(第一期)入选𠮷。";
        let document = Document::from_text(ArticleId(0), original.to_owned());
        let clean = |d: &Document, kind| d.view(kind).view.text.clone();
        assert_eq!(
            clean(&document, ViewKind::Clean),
            "会议召开：全力以赴，确保1,000家（第一期）入选𠮷。"
        );
        let ascii = document.rerender(Rendering {
            clean: CleanOptions {
                full_width_punctuation: false,
            },
            ..Rendering::default()
        });
        assert!(!ascii.rendering().satisfies(document.rendering()));
        assert_eq!(clean(&ascii, ViewKind::Clean), original);
        assert_eq!(
            clean(&ascii, ViewKind::Traditional),
            "會議召開:全力以赴,確保1,000家(第一期)入選𠮷。"
        );
        for kind in ViewKind::ALL {
            assert_eq!(
                clean(&ascii, kind).chars().count(),
                clean(&document, kind).chars().count(),
                "{kind:?}: one char for one, offsets unchanged"
            );
        }
        let again = ascii.rerender(Rendering::default());
        for kind in ViewKind::ALL {
            assert_eq!(clean(&again, kind), clean(&document, kind), "{kind:?}");
        }
    }
}
