//! How many annotations each article has, for the article list: counted from the sidecars on a
//! worker thread when a folder has been scanned, and kept live for the articles open in the store.
//! Everything here belongs to one folder: [`AnnotationCounts::reset`] when the folder changes.

use std::collections::HashMap;
use std::path::PathBuf;

use super::annotations::{Annotations, lock};
use crate::corpus::{ArticleId, Corpus};
use crate::jobs::Job;

/// Open articles looked up by a pass over the list rather than through the index (each pass
/// costs well under a millisecond on 100 000 articles).
const LINEAR_LOOKUPS: usize = 8;

/// What the counting worker reports.
enum CountNews {
    /// The articles by relative path (sent first).
    Index(HashMap<String, ArticleId>),
    /// An article's annotations in its sidecar.
    Count(ArticleId, usize),
}

/// Annotations per article.
#[derive(Default)]
pub struct AnnotationCounts {
    /// The counts known so far.
    by_article: HashMap<ArticleId, usize>,
    /// The worker reading the sidecars.
    job: Option<Job<CountNews>>,
    /// The store generation the open articles were last counted at.
    counted_generation: u64,
    /// Article ids by relative path (built by the worker, or here when it could not start).
    relative_index: HashMap<String, ArticleId>,
}

impl AnnotationCounts {
    /// Forgets everything of the previous folder: counts, the path index, and the counting job
    /// (cancelled), so the list never shows another folder's numbers.
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// Forgets the counts and counts the annotations in every sidecar of the listed articles
    /// (`listed`: each article's path and relative path, in id order, as the scan worker built
    /// them) on a worker thread (nothing to count without a store). The worker also indexes
    /// the articles by relative path for [`poll`](Self::poll): on a 100 000-article folder
    /// either took tens of milliseconds, a visible hitch when done on the UI thread.
    pub fn start(
        &mut self,
        annotations: Option<&Annotations>,
        listed: Vec<(PathBuf, String)>,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<()> {
        self.reset();
        let Some(annotations) = annotations else {
            return Ok(());
        };
        let (location, io) = {
            let store = lock(&annotations.store);
            (store.location().clone(), store.io())
        };
        let job = Job::spawn("pizhu-count", notify, move |reporter| {
            let mut sidecars = Vec::with_capacity(listed.len());
            let mut index = HashMap::with_capacity(listed.len());
            for (i, (path, relative)) in listed.into_iter().enumerate() {
                if let Ok(relative) = path.strip_prefix(location.corpus_root()) {
                    sidecars.push((ArticleId(i), location.sidecar_path(relative)));
                }
                index.insert(relative, ArticleId(i));
            }
            reporter.send(CountNews::Index(index));
            for (id, path) in sidecars {
                if reporter.is_cancelled() {
                    return;
                }
                if let Ok(Some(loaded)) = crate::annotate::sidecar::read_sidecar_with(&*io, &path) {
                    reporter.send(CountNews::Count(id, loaded.value.annotations.len()));
                }
            }
        })?;
        self.job = Some(job);
        Ok(())
    }

    /// Takes the worker's counts, and recounts the open articles when the store changed. Call
    /// once per frame.
    pub fn poll(&mut self, annotations: Option<&Annotations>, corpus: &Corpus) {
        if let Some(job) = &mut self.job {
            for news in job.drain() {
                match news {
                    CountNews::Count(id, count) => {
                        self.by_article.insert(id, count);
                    }
                    CountNews::Index(index) => self.relative_index = index,
                }
            }
            if job.is_finished() {
                self.job = None;
            }
        }
        // Open articles' counts follow their edits.
        let generation = annotations.map_or(0, |a| a.generation);
        if generation == self.counted_generation {
            return;
        }
        let Some(annotations) = annotations else {
            return;
        };
        let store = lock(&annotations.store);
        let indexed = self.relative_index.len() == corpus.articles.len();
        if !indexed && store.documents().count() > LINEAR_LOOKUPS {
            if self.job.is_some() {
                // The worker's index comes soon; count then.
                return;
            }
            // No worker (it could not start): index here, once per corpus size.
            self.relative_index = corpus
                .articles
                .iter()
                .enumerate()
                .map(|(i, a)| (a.relative.clone(), ArticleId(i)))
                .collect();
        }
        let indexed = self.relative_index.len() == corpus.articles.len();
        for key in store.documents() {
            let relative = key.path().to_string_lossy();
            let id = if indexed {
                self.relative_index.get(relative.as_ref()).copied()
            } else {
                // A few open articles (the usual case while the folder is listed): a pass over
                // the list each costs less than indexing it.
                corpus
                    .articles
                    .iter()
                    .position(|a| a.relative == relative)
                    .map(ArticleId)
            };
            if let Some(id) = id {
                self.by_article.insert(id, store.annotations(key).len());
            }
        }
        self.counted_generation = generation;
    }

    /// True while the sidecars are being read.
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    /// The counts known so far.
    pub fn by_article(&self) -> &HashMap<ArticleId, usize> {
        &self.by_article
    }
}
