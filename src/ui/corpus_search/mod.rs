//! The corpus search (Ctrl+Shift+F, the toolbar's 搜索 button): every article of the folder
//! searched as a Chinese reader means it (`crate::search`: any script, width and case, crawl
//! damage ignored; exact and regex modes), its hits shown as a concordance (KWIC) under the
//! reader: left context | hit | right context aligned on the hit, with the article's title,
//! date and hit count; sorted by article, left or right context; filtered by annotations.
//! Clicking a row (or Enter, or ↑/↓ in the list) opens the article at the hit, selected.
//! "全部标注 Tag all hits…" tags the listed hits in one undo step; "导出 Export…" writes them as
//! CSV.
//!
//! Everything that reads text runs on worker threads: the search (`live.rs`: a newer query
//! cancels the older, hits stream in, the first rows' text with them), the rows' text (only rows on screen, cached), the
//! context sort, the annotation marks, tagging and the export. A frame costs the rows on
//! screen, whatever the number of hits.
//!
//! - `concordance.rs`: hits, counts, order, filter, row texts (no egui).
//! - `live.rs`: the search worker.
//! - `marks.rs`: which hits are annotated, and how.
//! - `panel.rs`: drawing the panel and its keys.
//! - `tag_hits.rs`, `export.rs`: the two dialogs and their workers.

mod concordance;
mod export;
mod live;
mod marks;
mod panel;
mod tag_hits;

use std::sync::Arc;
use std::time::{Duration, Instant};

pub use concordance::{Concordance, HitFilter, RowText, SortBy};
pub use export::{ExportError, Exported};
pub use marks::{HitMarks, Marks};
pub use panel::PanelInput;
pub use tag_hits::HitTagging;

use crate::jobs::Job;
use crate::search::{Hit, Query, QueryError, QueryOptions, SearchIndex, SearchOptions};
use crate::text::ViewKind;
use crate::ui::annotations::SharedStore;
use crate::ui::i18n::{SearchText as S, tr, trf};
use export::ExportHits;
use live::{LiveEvent, LiveSearch};
use tag_hits::TagHits;

/// Hits kept for the concordance; more are counted, not listed.
pub const MAX_HITS: usize = 1_000_000;

/// Why a query cannot run, as one sentence for the window. The regex parser's message spans
/// several lines (the pattern, a caret under the fault, the reason); a reader needs the reason.
pub fn query_error_sentence(error: &QueryError) -> String {
    match error {
        QueryError::Empty => tr(S::TypeSomething).to_owned(),
        QueryError::Pattern(message) => {
            let reason = message
                .lines()
                .map(str::trim)
                .rfind(|line| !line.is_empty())
                .unwrap_or_default();
            let reason = reason.strip_prefix("error: ").unwrap_or(reason);
            trf(
                S::InvalidRegex,
                &[("reason", &reason.trim_end_matches('.'))],
            )
        }
    }
}

/// The search whose hits are shown.
struct Shown {
    /// The query as typed.
    text: String,
    /// The index it runs on (the folder's when it started).
    index: Arc<SearchIndex>,
    /// When it started (for the first-hit time).
    started: Instant,
    /// Time to the first hits, once they came.
    first_hits: Option<Duration>,
}

/// What the app must carry out after a poll.
pub enum SearchNews {
    /// "Tag all hits" built its annotations: create them (one undo step).
    Tagging(HitTagging),
    /// The export finished (or failed; nothing was written).
    Exported(Result<Exported, ExportError>),
}

/// What the panel needs each frame besides itself.
pub struct PollInput<'a> {
    /// The folder's search index, once ready.
    pub index: Option<&'a Arc<SearchIndex>>,
    /// The folder's annotations, if open.
    pub store: Option<&'a SharedStore>,
    /// Their generation (bumped on every edit).
    pub generation: u64,
    /// The view the rows are shown in.
    pub view: ViewKind,
}

/// The corpus search panel's state.
pub struct CorpusSearch {
    /// Shown.
    pub open: bool,
    /// The query field.
    text: String,
    /// Exact and regex toggles.
    options: QueryOptions,
    /// Give the query field keyboard focus when next drawn.
    focus_query: bool,
    /// Why the query cannot run (a bad regular expression), one sentence.
    error: Option<String>,
    /// Why the folder has no search index, one sentence.
    pub index_error: Option<String>,
    live: LiveSearch,
    shown: Option<Shown>,
    /// The query changed: search it once an index is there.
    wanted: bool,
    concordance: Concordance,
    /// The row the keyboard is on (the last opened).
    selected: Option<usize>,
    /// Scroll so that this row is visible when next drawn.
    scroll_to_row: Option<usize>,
    /// The list's scroll offset last frame.
    list_offset: f32,
    /// Hit indices of the rows drawn last frame.
    visible: Vec<u32>,
    /// A hit to show in the reader once its article is open (Original chars).
    pub pending_open: Option<(crate::corpus::ArticleId, std::ops::Range<usize>)>,
    /// Annotation marks being computed, for this store generation.
    marking: Option<(u64, Job<Option<Marks>>)>,
    tag_hits: TagHits,
    export: ExportHits,
}

impl Default for CorpusSearch {
    fn default() -> Self {
        Self {
            open: false,
            text: String::new(),
            options: QueryOptions::default(),
            focus_query: false,
            error: None,
            index_error: None,
            live: LiveSearch::default(),
            shown: None,
            wanted: false,
            concordance: Concordance::default(),
            selected: None,
            scroll_to_row: None,
            list_offset: 0.0,
            visible: Vec::new(),
            pending_open: None,
            marking: None,
            tag_hits: TagHits::default(),
            export: ExportHits::default(),
        }
    }
}

impl CorpusSearch {
    /// Shows the panel (query field focused) or hides it.
    pub fn toggle(&mut self) {
        self.open = !self.open;
        self.focus_query = self.open;
    }

    /// Shows the panel and searches `text`.
    pub fn search_for(&mut self, text: &str) {
        self.open = true;
        self.focus_query = true;
        if text != self.text {
            self.text = text.to_owned();
            self.wanted = true;
        }
    }

    /// The query field's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The concordance shown.
    pub fn concordance(&self) -> &Concordance {
        &self.concordance
    }

    /// True while a search or one of its workers runs.
    pub fn is_busy(&self) -> bool {
        self.live.is_running()
            || self.concordance.is_busy()
            || self.marking.is_some()
            || self.tag_hits.is_busy()
            || self.export.is_busy()
    }

    /// Another folder was opened: its hits are gone; the query is searched again there.
    pub fn folder_changed(&mut self) {
        self.live.cancel();
        self.shown = None;
        self.concordance =
            Concordance::new(self.concordance.sort(), self.concordance.filter().clone());
        self.selected = None;
        self.visible.clear();
        self.pending_open = None;
        self.marking = None;
        self.tag_hits.close();
        self.index_error = None;
        self.wanted = !self.text.is_empty();
    }

    /// The row selected, its hit index and hit.
    pub fn selected_hit(&self) -> Option<(usize, &Hit)> {
        let row = self.selected?;
        self.concordance.hit_of_row(row).map(|(_, hit)| (row, hit))
    }

    /// Starts the search the query asks for, takes the workers' news. Call once per frame;
    /// workers wake `ctx` when they have news.
    pub fn poll(&mut self, input: &PollInput<'_>, ctx: &egui::Context) -> Vec<SearchNews> {
        let notify = {
            let ctx = ctx.clone();
            move || ctx.request_repaint()
        };
        let mut news = Vec::new();
        self.start_wanted(input.index, input.view, ctx);
        for event in self.live.poll() {
            match event {
                LiveEvent::Hits(batch, texts, view) => {
                    if let Some(shown) = &mut self.shown {
                        shown
                            .first_hits
                            .get_or_insert_with(|| shown.started.elapsed());
                    }
                    self.concordance.push(batch);
                    // Texts of a view left meanwhile are rendered again when drawn.
                    if view == input.view {
                        self.concordance.add_texts(view, texts);
                    }
                }
                LiveEvent::Done(summary) => self.concordance.finish(summary),
            }
        }
        if let Some(shown) = &self.shown
            && let Err(error) = self.concordance.poll_sort(&shown.index, notify.clone())
        {
            log::warn!("cannot sort the hits: {error}");
        }
        self.poll_marks(input, notify);
        if let Some(tagging) = self.tag_hits.poll() {
            news.push(SearchNews::Tagging(tagging));
        }
        if let Some(exported) = self.export.poll() {
            news.push(SearchNews::Exported(exported));
        }
        news
    }

    /// Computes the hits' annotation marks when the filter or "tag all hits" needs them and
    /// they are missing or older than the store; takes finished ones.
    fn poll_marks(&mut self, input: &PollInput<'_>, notify: impl Fn() + Send + Sync + 'static) {
        if let Some((generation, job)) = &mut self.marking {
            let marks = job.drain().pop();
            if marks.is_some() || job.is_finished() {
                let generation = *generation;
                self.marking = None;
                if let Some(mut marks) = marks.flatten() {
                    marks.generation = generation;
                    self.concordance.set_marks(marks);
                }
            }
        }
        let needed = self.concordance.filter().needs_marks() || self.tag_hits.is_open();
        let (Some(shown), Some(store)) = (&self.shown, input.store) else {
            return;
        };
        let current = self
            .concordance
            .marks()
            .is_some_and(|marks| marks.generation == input.generation);
        let running = self
            .marking
            .as_ref()
            .is_some_and(|(generation, _)| *generation == input.generation);
        if !needed || current || running || self.concordance.summary().is_none() {
            return;
        }
        let index = Arc::clone(&shown.index);
        let hits = Arc::clone(self.concordance.hits());
        let store = Arc::clone(store);
        let job = Job::spawn("pizhu-hit-marks", notify, move |reporter| {
            reporter.send(marks::compute(
                &index,
                &hits,
                &store,
                reporter.cancel_flag(),
            ));
        });
        match job {
            Ok(job) => self.marking = Some((input.generation, job)),
            Err(error) => log::warn!("cannot look up the hits' annotations: {error}"),
        }
    }

    /// Starts the search of the query typed (or asked for) once the folder's index is there:
    /// called when the query changed, in the same frame (a frame later is 16 ms later at 60
    /// Hz), and at each poll. The first rows come with their texts in `view`.
    pub fn start_wanted(
        &mut self,
        index: Option<&Arc<SearchIndex>>,
        view: ViewKind,
        ctx: &egui::Context,
    ) {
        if self.wanted
            && self.open
            && let Some(index) = index
        {
            let ctx = ctx.clone();
            self.start(index, view, move || ctx.request_repaint());
        }
    }

    /// Runs the query in the field on `index`, cancelling the search before.
    fn start(
        &mut self,
        index: &Arc<SearchIndex>,
        view: ViewKind,
        notify: impl Fn() + Send + Sync + 'static,
    ) {
        self.wanted = false;
        self.error = None;
        self.live.cancel();
        self.shown = None;
        self.selected = None;
        self.visible.clear();
        self.marking = None;
        self.concordance =
            Concordance::new(self.concordance.sort(), self.concordance.filter().clone());
        let text = if self.options.regex {
            self.text.as_str()
        } else {
            self.text.trim()
        };
        let query = match Query::new(text, self.options) {
            Ok(query) => query,
            Err(QueryError::Empty) => return,
            Err(error) => {
                self.error = Some(query_error_sentence(&error));
                return;
            }
        };
        let options = SearchOptions {
            max_hits: MAX_HITS,
            ..SearchOptions::default()
        };
        match self
            .live
            .start(Arc::clone(index), query, options, view, notify)
        {
            Ok(()) => {
                self.shown = Some(Shown {
                    text: text.to_owned(),
                    index: Arc::clone(index),
                    started: Instant::now(),
                    first_hits: None,
                });
            }
            Err(error) => self.error = Some(trf(S::CannotStartSearch, &[("error", &error)])),
        }
    }

    /// Lists the hits in `sort` order (a context sort runs on a worker).
    pub fn set_sort(&mut self, sort: SortBy) {
        self.concordance.set_sort(sort);
        self.selected = None;
    }

    /// Lists only the hits `filter` keeps (their annotations are looked up on a worker).
    pub fn set_filter(&mut self, filter: HitFilter) {
        self.concordance.set_filter(filter);
        self.selected = None;
    }

    /// Stops the running search; the hits found so far stay.
    pub fn cancel(&mut self) {
        self.live.cancel();
    }

    /// The query whose hits are shown, and the index it ran on.
    pub fn shown(&self) -> Option<(&str, &Arc<SearchIndex>)> {
        self.shown.as_ref().map(|s| (s.text.as_str(), &s.index))
    }

    /// Time from the start of the shown search to its first hits.
    pub fn first_hits_after(&self) -> Option<Duration> {
        self.shown.as_ref()?.first_hits
    }

    /// The hits listed, in order (what "tag all hits" and the export take).
    pub fn listed_hits(&self) -> Vec<Hit> {
        self.concordance
            .rows()
            .iter()
            .filter_map(|&i| self.concordance.hits().get(i as usize).cloned())
            .collect()
    }

    /// "Tag all hits" was confirmed: builds the annotations on a worker.
    pub fn prepare_tagging(
        &mut self,
        tag: Option<crate::annotate::TagId>,
        store: SharedStore,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<()> {
        let Some(shown) = &self.shown else {
            return Ok(());
        };
        let index = Arc::clone(&shown.index);
        let hits = self.listed_hits();
        self.tag_hits.prepare(index, hits, tag, store, notify)
    }

    /// Writes the listed hits to `path` as CSV on a worker, in `view`.
    pub fn export(
        &mut self,
        path: std::path::PathBuf,
        corpus: &crate::corpus::Corpus,
        view: crate::text::ViewKind,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<()> {
        let Some(shown) = &self.shown else {
            return Ok(());
        };
        let index = Arc::clone(&shown.index);
        let hits = self.listed_hits();
        self.export.start(path, index, corpus, hits, view, notify)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_regex_is_one_sentence_with_its_reason() {
        let options = QueryOptions {
            regex: true,
            ..QueryOptions::default()
        };
        for (pattern, reason) in [
            ("(经济", "unclosed group"),
            ("𠮷[", "unclosed character class"),
        ] {
            let error = Query::new(pattern, options).expect_err("a bad pattern");
            let sentence = query_error_sentence(&error);
            assert!(!sentence.contains('\n'), "{sentence:?}");
            assert!(
                sentence == trf(S::InvalidRegex, &[("reason", &reason)]),
                "{sentence:?}"
            );
        }
    }
}
