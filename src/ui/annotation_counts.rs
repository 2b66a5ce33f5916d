//! How many annotations each article has, for the article list: counted from the sidecars on a
//! worker thread when a folder has been scanned, and kept live for the articles open in the store.
//! Everything here belongs to one folder: [`AnnotationCounts::reset`] when the folder changes.

use std::collections::HashMap;
use std::path::PathBuf;

use super::annotations::{Annotations, lock};
use crate::corpus::{ArticleId, Corpus};
use crate::jobs::Job;

/// Annotations per article.
#[derive(Default)]
pub struct AnnotationCounts {
    /// The counts known so far.
    by_article: HashMap<ArticleId, usize>,
    /// The worker reading the sidecars.
    job: Option<Job<(ArticleId, usize)>>,
    /// The store generation the open articles were last counted at.
    counted_generation: u64,
    /// Article ids by relative path (built when needed).
    relative_index: HashMap<String, ArticleId>,
}

impl AnnotationCounts {
    /// Forgets everything of the previous folder: counts, the path index, and the counting job
    /// (cancelled), so the list never shows another folder's numbers.
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// Forgets the counts and counts the annotations in every sidecar of `corpus` on a worker
    /// thread (nothing to count without a store).
    pub fn start(
        &mut self,
        annotations: Option<&Annotations>,
        corpus: &Corpus,
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
        let sidecars: Vec<(ArticleId, PathBuf)> = corpus
            .articles
            .iter()
            .enumerate()
            .filter_map(|(i, meta)| {
                let relative = meta.path.strip_prefix(location.corpus_root()).ok()?;
                Some((ArticleId(i), location.sidecar_path(relative)))
            })
            .collect();
        let job = Job::spawn("pizhu-count", notify, move |reporter| {
            for (id, path) in sidecars {
                if reporter.is_cancelled() {
                    return;
                }
                if let Ok(Some(loaded)) = crate::annotate::sidecar::read_sidecar_with(&*io, &path) {
                    reporter.send((id, loaded.value.annotations.len()));
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
            for (id, count) in job.drain() {
                self.by_article.insert(id, count);
            }
            if job.is_finished() {
                self.job = None;
            }
        }
        // Open articles' counts follow their edits.
        let generation = annotations.map_or(0, |a| a.generation);
        if generation != self.counted_generation
            && let Some(annotations) = annotations
        {
            if self.relative_index.len() != corpus.articles.len() || self.relative_index.is_empty()
            {
                self.relative_index = corpus
                    .articles
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (a.relative.clone(), ArticleId(i)))
                    .collect();
            }
            let store = lock(&annotations.store);
            for key in store.documents() {
                let relative = key.path().to_string_lossy();
                if let Some(id) = self.relative_index.get(relative.as_ref()) {
                    self.by_article.insert(*id, store.annotations(key).len());
                }
            }
            self.counted_generation = generation;
        }
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
