//! The search the user is typing, on a worker: [`crate::search::search`] as
//! [`crate::search::spawn_search`] runs it (a newer query cancels the older, hits stream in,
//! batched), plus the row texts of the first hits, rendered on the same worker before the first
//! hits are sent. So the frame that lists the first rows also shows their text: without it the
//! rows came bare, the panel asked another worker for their text, and the text came a frame
//! (16 ms at 60 Hz) or more later.
//!
//! Offsets: hits in Original and Clean-view chars; row texts in chars of the view rendered.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::concordance::{Rendered, render_rows};
use crate::jobs::Job;
use crate::search::{Hit, HitBatch, Query, SearchIndex, SearchOptions, SearchSummary, search};
use crate::text::ViewKind;

/// Rows rendered with the first hits: more than a tall concordance shows at once.
pub const FIRST_ROWS: usize = 64;

/// Hits are merged up to this many before they are sent (the first batch goes at once)…
const BATCH_HITS: usize = 4096;
/// …or until this long since the last send.
const BATCH_TIME: Duration = Duration::from_millis(30);

/// What the search worker reports.
pub enum LiveEvent {
    /// More hits, in corpus order after the previous ones, with the texts of those among the
    /// first [`FIRST_ROWS`] hits (hit index → text) in the view asked for.
    Hits(HitBatch, Rendered, ViewKind),
    /// The search ended (or was cancelled).
    Done(SearchSummary),
}

/// The running query, if any.
#[derive(Default)]
pub struct LiveSearch {
    job: Option<Job<LiveEvent>>,
}

impl LiveSearch {
    /// Starts `query` on `index`, cancelling the running one; the first hits come with their
    /// texts in `view`.
    pub fn start(
        &mut self,
        index: Arc<SearchIndex>,
        query: Query,
        options: SearchOptions,
        view: ViewKind,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<()> {
        self.cancel();
        let job = Job::spawn("pizhu-search", notify, move |reporter| {
            let mut pending = HitBatch::default();
            let mut last_sent: Option<Instant> = None;
            // Hits handed over so far (the index of the next hit).
            let mut sent = 0usize;
            let summary = search(
                &index,
                &query,
                &options,
                reporter.cancel_flag(),
                |mut batch| {
                    pending.hits.append(&mut batch.hits);
                    let due = last_sent.is_none_or(|at| at.elapsed() >= BATCH_TIME);
                    if pending.hits.len() >= BATCH_HITS || due {
                        let hits = std::mem::take(&mut pending);
                        let texts = first_texts(&index, view, sent, &hits.hits);
                        sent += hits.hits.len();
                        reporter.send(LiveEvent::Hits(hits, texts, view));
                        last_sent = Some(Instant::now());
                    }
                },
            );
            if !pending.hits.is_empty() {
                let texts = first_texts(&index, view, sent, &pending.hits);
                reporter.send(LiveEvent::Hits(pending, texts, view));
            }
            reporter.send(LiveEvent::Done(summary));
        })?;
        self.job = Some(job);
        Ok(())
    }

    /// The running query's new events (call once per frame); nothing when none runs.
    pub fn poll(&mut self) -> Vec<LiveEvent> {
        let Some(job) = &mut self.job else {
            return Vec::new();
        };
        let events = job.drain();
        if job.is_finished() {
            self.job = None;
        }
        events
    }

    /// True while a query runs.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Stops the running query (its workers stop at their next unit); its events are never
    /// seen.
    pub fn cancel(&mut self) {
        if let Some(job) = self.job.take() {
            job.cancel();
        }
    }
}

/// The texts of the hits among the first [`FIRST_ROWS`] of the search, `hits` being the hits
/// from index `first` on.
fn first_texts(index: &SearchIndex, view: ViewKind, first: usize, hits: &[Hit]) -> Rendered {
    let wanted = FIRST_ROWS.saturating_sub(first).min(hits.len());
    if wanted == 0 {
        return Rendered::new();
    }
    let numbered = hits[..wanted]
        .iter()
        .enumerate()
        .filter_map(|(i, hit)| Some((u32::try_from(first + i).ok()?, hit.clone())))
        .collect();
    render_rows(index, view, numbered)
}
