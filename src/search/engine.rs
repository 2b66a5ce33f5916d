//! Running a query over a whole [`SearchIndex`]: on worker threads, in units of articles,
//! results handed over in corpus order as they come, cancellable (the window runs it as a job
//! that a newer query cancels: `ui/corpus_search/live.rs`). Offsets in a [`Hit`] are Original
//! and Clean-view chars.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::find::clean_ranges;
use super::index::SearchIndex;
use super::query::{Haystack, Query};
use super::snippet::{Snippet, SnippetMaker};
use crate::corpus::ArticleId;
use crate::text::ViewKind;

/// One hit in the corpus: everything a concordance row needs besides text, which
/// [`SnippetMaker`] and [`SearchIndex`] give on demand.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Hit {
    /// The article (an index into the corpus the index was built with).
    pub article: ArticleId,
    /// The Original chars the hit stands for: what an annotation of the hit would cover.
    pub original: Range<usize>,
    /// The hit in Clean-view chars (also the folded text's, and the 简 and 繁 views').
    pub clean: Range<usize>,
}

/// How to search.
#[derive(Clone, Debug)]
pub struct SearchOptions {
    /// Worker threads (default: available parallelism).
    pub threads: usize,
    /// Hits kept, in corpus order; later ones are only counted (default: no limit).
    pub max_hits: usize,
    /// Also render each kept hit in this view with this many chars of context on each side,
    /// on the workers (what `pizhu search` prints). The window renders visible rows itself.
    pub snippets: Option<(ViewKind, usize)>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        Self {
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            max_hits: usize::MAX,
            snippets: None,
        }
    }
}

/// Hits of consecutive articles, in corpus order.
#[derive(Clone, Debug, Default)]
pub struct HitBatch {
    /// The hits, by article, then by position.
    pub hits: Vec<Hit>,
    /// When snippets were asked for: one per hit, or the reason it could not be rendered
    /// (the article file changed or vanished, for the Original view).
    pub snippets: Vec<Result<Snippet, String>>,
}

/// What a search did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchSummary {
    /// Hits in the whole corpus (kept or only counted).
    pub hits: usize,
    /// Hits handed over (at most `max_hits`).
    pub kept: usize,
    /// Articles with at least one hit.
    pub articles_with_hits: usize,
    /// Articles searched.
    pub articles_searched: usize,
    /// Articles of the corpus the index has no text for (never searched).
    pub unindexed: usize,
    /// Time from the start to the first batch with a hit, if any.
    pub first_hit: Option<Duration>,
    /// Wall time.
    pub elapsed: Duration,
    /// Stopped by the cancel flag before the end.
    pub cancelled: bool,
}

/// One worker's result for one unit.
struct UnitResult {
    unit: usize,
    batch: HitBatch,
    hits: usize,
    articles_with_hits: usize,
    articles_searched: usize,
    unindexed: usize,
}

/// Runs `query` over every article of `index`, calling `sink` on the calling thread with
/// batches of hits in corpus order (empty batches are not sent), until done or `cancel` is set.
pub fn search(
    index: &SearchIndex,
    query: &Query,
    options: &SearchOptions,
    cancel: &AtomicBool,
    mut sink: impl FnMut(HitBatch),
) -> SearchSummary {
    let started = Instant::now();
    let units = index.units();
    let mut summary = SearchSummary::default();
    let next_unit = AtomicUsize::new(0);
    // Set once the kept hits reach `max_hits`: workers then only count.
    let full = AtomicBool::new(options.max_hits == 0);
    let threads = options.threads.clamp(1, units.len().max(1));
    let (sender, receiver) = mpsc::channel::<UnitResult>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (next_unit, full) = (&next_unit, &full);
            scope.spawn(move || {
                let mut snippets = options
                    .snippets
                    .map(|(view, chars)| SnippetMaker::new(index, view, chars));
                while !cancel.load(Ordering::Relaxed) {
                    let unit = next_unit.fetch_add(1, Ordering::Relaxed);
                    let Some(articles) = units.get(unit) else {
                        break;
                    };
                    let keep = !full.load(Ordering::Relaxed);
                    let result = search_unit(
                        index,
                        query,
                        unit,
                        articles.clone(),
                        keep,
                        snippets.as_mut(),
                    );
                    if sender.send(result).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        // Results arrive in any order and leave in unit order.
        let mut pending: BTreeMap<usize, UnitResult> = BTreeMap::new();
        let mut next = 0;
        while next < units.len() && !cancel.load(Ordering::Relaxed) {
            // A timeout, so that a cancel is seen while the workers are busy.
            let result = match receiver.recv_timeout(Duration::from_millis(50)) {
                Ok(result) => result,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            };
            pending.insert(result.unit, result);
            while let Some(mut result) = pending.remove(&next) {
                next += 1;
                summary.hits += result.hits;
                summary.articles_with_hits += result.articles_with_hits;
                summary.articles_searched += result.articles_searched;
                summary.unindexed += result.unindexed;
                let room = options.max_hits - summary.kept;
                if result.batch.hits.len() >= room {
                    result.batch.hits.truncate(room);
                    result.batch.snippets.truncate(room);
                    full.store(true, Ordering::Relaxed);
                }
                summary.kept += result.batch.hits.len();
                if !result.batch.hits.is_empty() {
                    summary.first_hit.get_or_insert_with(|| started.elapsed());
                    sink(result.batch);
                }
            }
        }
        summary.cancelled = next < units.len();
        // Leaving the scope joins the workers; they stop at their next unit once cancelled.
        if summary.cancelled {
            next_unit.store(units.len(), Ordering::Relaxed);
        }
    });
    summary.elapsed = started.elapsed();
    summary
}

/// The hits (and snippets, when asked for) of the articles `articles` of `index`, on the calling
/// thread.
pub(crate) fn search_articles(
    index: &SearchIndex,
    query: &Query,
    articles: Range<usize>,
    snippets: Option<&mut SnippetMaker<'_>>,
) -> HitBatch {
    search_unit(index, query, 0, articles, true, snippets).batch
}

fn search_unit(
    index: &SearchIndex,
    query: &Query,
    unit: usize,
    articles: Range<usize>,
    keep: bool,
    mut snippets: Option<&mut SnippetMaker<'_>>,
) -> UnitResult {
    let mut result = UnitResult {
        unit,
        batch: HitBatch::default(),
        hits: 0,
        articles_with_hits: 0,
        articles_searched: 0,
        unindexed: 0,
    };
    let mut clean_hits: Vec<Range<usize>> = Vec::new();
    for id in articles.map(ArticleId) {
        let haystack = match query.haystack() {
            Haystack::Folded => index.folded(id),
            Haystack::Clean => index.clean_bytes_of(id),
        };
        let Some(haystack) = haystack else {
            result.unindexed += 1;
            continue;
        };
        result.articles_searched += 1;
        clean_hits.clear();
        let found = clean_ranges(query, haystack, |range| {
            if keep {
                clean_hits.push(range);
            }
        });
        if found == 0 {
            continue;
        }
        result.hits += found;
        result.articles_with_hits += 1;
        if !keep {
            continue;
        }
        // Only articles with hits pay for their map.
        let Some(mapper) = index.original_mapper(id) else {
            result.unindexed += 1;
            continue;
        };
        for clean in clean_hits.drain(..) {
            let hit = Hit {
                article: id,
                original: mapper.original(clean.clone()),
                clean,
            };
            if let Some(maker) = snippets.as_deref_mut() {
                result
                    .batch
                    .snippets
                    .push(maker.snippet(&hit).map_err(|e| e.to_string()));
            }
            result.batch.hits.push(hit);
        }
    }
    result
}
