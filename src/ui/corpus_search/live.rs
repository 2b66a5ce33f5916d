//! The search the user is typing, on a worker: [`crate::search::search`] as a job (a newer
//! query cancels the older, hits stream in, batched), plus the row texts of the first hits, rendered on the same worker before the first
//! hits are sent. So the frame that lists the first rows also shows their text: without it the
//! rows came bare, the panel asked another worker for their text, and the text came a frame
//! (16 ms at 60 Hz) or more later. The first hits are found on the job's thread itself, before
//! the search's own workers start.
//!
//! Offsets: hits in Original and Clean-view chars; row texts in chars of the view rendered.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::concordance::{Rendered, render_rows};
use crate::jobs::Job;
use crate::search::engine::search_articles;
use crate::search::{Hit, HitBatch, Query, SearchIndex, SearchOptions, SearchSummary, search};
use crate::text::ViewKind;

/// Rows rendered with the first hits: more than a tall concordance shows at once.
pub const FIRST_ROWS: usize = 64;

/// The search's first articles are searched on the job's own thread for at most this long
/// before the workers start (a unit of the index takes well under a millisecond).
const EARLY_TIME: Duration = Duration::from_millis(5);

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
            let mut last_sent: Option<Instant> = None;
            // Hits handed over so far (the index of the next hit).
            let mut sent = 0usize;
            // The first hits are looked for here, before the search's workers start: on a
            // loaded machine each thread woken between the query and its first rows can wait
            // for a core. Articles below `early_end` were searched here.
            let mut early_end = 0;
            let early_started = Instant::now();
            for unit in index.units() {
                if reporter.is_cancelled() || early_started.elapsed() >= EARLY_TIME {
                    break;
                }
                let mut batch = search_articles(&index, &query, unit.clone(), None);
                batch.hits.truncate(options.max_hits);
                early_end = unit.end;
                if !batch.hits.is_empty() {
                    let texts = first_texts(&index, view, 0, &batch.hits);
                    sent = batch.hits.len();
                    reporter.send(LiveEvent::Hits(batch, texts, view));
                    last_sent = Some(Instant::now());
                    break;
                }
            }
            let mut pending = HitBatch::default();
            let summary = search(
                &index,
                &query,
                &options,
                reporter.cancel_flag(),
                |mut batch| {
                    // Sent already (hits come in corpus order, so only a first batch has
                    // any).
                    batch.hits.retain(|hit| hit.article.0 >= early_end);
                    pending.hits.append(&mut batch.hits);
                    if pending.hits.is_empty() {
                        return;
                    }
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

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;
    use crate::corpus::ScanOptions;
    use crate::search::{QueryOptions, open_indexed};
    use std::sync::atomic::AtomicBool;

    /// The hits streamed (the first found on the job's thread, the rest by the search's
    /// workers) are exactly `search()`'s, in order, once each; the first event carries the
    /// texts of the first rows, in the view asked for.
    #[test]
    fn streams_the_same_hits_as_search_with_the_first_rows_texts() {
        let corpus = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        // Over 256 KB of folded text each, so the index has several units, each with hits
        // in two scripts, full width and crawl pinyin.
        for i in 0..4 {
            let mut text = format!("第{i}篇 經濟\n");
            while text.len() < 300_000 {
                text.push_str("调研经济发展。經(jīng)濟𠮷２０２３年。\n");
            }
            std::fs::write(corpus.path().join(format!("{i}.txt")), text).unwrap();
        }
        let cancel = AtomicBool::new(false);
        let opened = open_indexed(
            corpus.path(),
            cache.path(),
            ScanOptions::default(),
            &cancel,
            |_| {},
        )
        .unwrap();
        assert!(opened.index.units().len() > 1, "several units");
        let query = Query::new("经济", QueryOptions::default()).unwrap();
        let mut expected = Vec::new();
        search(
            &opened.index,
            &query,
            &SearchOptions::default(),
            &cancel,
            |batch| {
                expected.extend(batch.hits);
            },
        );
        assert!(expected.len() > FIRST_ROWS);

        let mut live = LiveSearch::default();
        let (woken, wake) = std::sync::mpsc::channel();
        live.start(
            Arc::clone(&opened.index),
            query,
            SearchOptions::default(),
            ViewKind::Traditional,
            move || {
                woken.send(()).ok();
            },
        )
        .unwrap();
        let mut streamed = Vec::new();
        let mut texts = Vec::new();
        let mut done = None;
        while done.is_none() {
            wake.recv_timeout(Duration::from_secs(60)).unwrap();
            for event in live.poll() {
                match event {
                    LiveEvent::Hits(batch, rendered, view) => {
                        assert_eq!(view, ViewKind::Traditional);
                        if streamed.is_empty() {
                            assert!(!rendered.is_empty(), "the first hits come with texts");
                        }
                        streamed.extend(batch.hits);
                        texts.extend(rendered);
                    }
                    LiveEvent::Done(summary) => done = Some(summary),
                }
            }
        }
        assert_eq!(streamed, expected);
        assert_eq!(done.unwrap().hits, expected.len());
        let numbers: Vec<u32> = texts.iter().map(|(i, _)| *i).collect();
        assert_eq!(numbers, (0..FIRST_ROWS as u32).collect::<Vec<_>>());
        for (_, text) in &texts {
            let text = text.as_ref().unwrap();
            assert_eq!(text.hit, "經濟", "in the 繁 view: {text:?}");
        }
    }

    /// Starting a query cancels the running one: only the newer query's hits and end arrive.
    #[test]
    fn a_newer_query_replaces_the_older_one() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let cache = tempfile::tempdir().unwrap();
        let cancel = AtomicBool::new(false);
        let opened = open_indexed(
            &seeds,
            cache.path(),
            ScanOptions::default(),
            &cancel,
            |_| {},
        )
        .unwrap();
        let newer = Query::new("调研", QueryOptions::default()).unwrap();
        let mut expected = Vec::new();
        search(
            &opened.index,
            &newer,
            &SearchOptions::default(),
            &cancel,
            |batch| expected.extend(batch.hits),
        );
        assert!(!expected.is_empty());

        let mut live = LiveSearch::default();
        for query in [Query::new("的", QueryOptions::default()).unwrap(), newer] {
            live.start(
                Arc::clone(&opened.index),
                query,
                SearchOptions::default(),
                ViewKind::Clean,
                || {},
            )
            .unwrap();
        }
        let mut found = Vec::new();
        let mut done = None;
        let deadline = Instant::now() + Duration::from_secs(60);
        while done.is_none() && Instant::now() < deadline {
            for event in live.poll() {
                match event {
                    LiveEvent::Hits(batch, _, _) => found.extend(batch.hits),
                    LiveEvent::Done(summary) => done = Some(summary),
                }
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(done.expect("the search ends").hits, expected.len());
        assert_eq!(found, expected);
        assert!(!live.is_running());
    }
}
