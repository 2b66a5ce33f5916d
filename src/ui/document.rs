//! The article open in the reader: its Original text and every view, built off the UI thread.

use std::path::PathBuf;
use std::sync::Arc;

use crate::corpus::{Article, ArticleId};
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
}

impl ViewText {
    fn new(view: View) -> Self {
        let paragraphs = view.paragraphs();
        Self { view, paragraphs }
    }

    /// The text of view chars `range` (clamped).
    pub fn slice(&self, range: std::ops::Range<usize>) -> &str {
        let text = &self.view.text;
        let start = byte_of_char(text, &self.paragraphs, range.start);
        let end = byte_of_char(text, &self.paragraphs, range.end).max(start);
        &text[start..end]
    }

    /// The paragraph holding view char `char_index` (the last one past the end).
    pub fn paragraph_at(&self, char_index: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.chars.end < char_index)
            .min(self.paragraphs.len().saturating_sub(1))
    }
}

/// Byte offset of view char `char_index` in `text`, using the paragraph index to start close.
fn byte_of_char(text: &str, paragraphs: &[Paragraph], char_index: usize) -> usize {
    let i = paragraphs.partition_point(|p| p.chars.end < char_index);
    let Some(paragraph) = paragraphs.get(i) else {
        return text.len();
    };
    let within = char_index.saturating_sub(paragraph.chars.start);
    text[paragraph.bytes.start..]
        .char_indices()
        .nth(within)
        .map_or(text.len(), |(b, _)| paragraph.bytes.start + b)
}

/// An article with all four views.
pub struct Document {
    /// Which article.
    pub id: ArticleId,
    /// Its file.
    pub path: PathBuf,
    /// The views, indexed like [`ViewKind::ALL`].
    views: [ViewText; 4],
}

impl Document {
    /// Reads the article and renders every view (run this on a worker thread).
    pub fn load(id: ArticleId, path: PathBuf) -> Result<Self, String> {
        let article = Article::load(&path).map_err(|e| e.to_string())?;
        let original = article.original();
        let cleaned = clean(original);
        let views = [
            ViewText::new(View::original(original)),
            ViewText::new(View::from_clean(&cleaned, ViewKind::Clean)),
            ViewText::new(View::from_clean(&cleaned, ViewKind::Simplified)),
            ViewText::new(View::from_clean(&cleaned, ViewKind::Traditional)),
        ];
        Ok(Self { id, path, views })
    }

    /// View `kind`.
    pub fn view(&self, kind: ViewKind) -> &ViewText {
        let index = ViewKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        &self.views[index]
    }
}

/// A document being loaded.
pub struct Loading {
    /// Which article.
    pub id: ArticleId,
    job: Job<Result<Document, String>>,
}

impl Loading {
    /// Starts loading article `id` from `path`.
    pub fn start(
        id: ArticleId,
        path: PathBuf,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let job = Job::spawn("pizhu-load", notify, move |reporter| {
            reporter.send(Document::load(id, path));
        })?;
        Ok(Self { id, job })
    }

    /// The result, once ready.
    pub fn poll(&mut self) -> Option<Result<Arc<Document>, String>> {
        let result = self.job.drain().pop()?;
        Some(result.map(Arc::new))
    }
}
