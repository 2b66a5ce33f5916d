//! The concordance's model, egui-free: the hits of one search as they stream in (corpus order),
//! hits per article, the rows shown (sorted by article, left or right context; filtered by
//! annotations), and the text of the rows on screen, rendered on a worker and cached.
//!
//! Offsets: a [`Hit`] carries Original and Clean-view chars; row texts are in the chars of the
//! view they were rendered in. Nothing here costs more per frame than the rows on screen: sort
//! keys, annotation marks and row texts are computed on worker threads.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use super::marks::{HitMarks, Marks};
use crate::annotate::TagId;
use crate::corpus::ArticleId;
use crate::jobs::Job;
use crate::search::{Hit, HitBatch, SearchIndex, SearchSummary, SnippetMaker};
use crate::text::ViewKind;
use crate::ui::i18n::{SearchText as S, tr};

/// Chars of context rendered on each side of a hit (the row shows what fits).
pub const CONTEXT_CHARS: usize = 40;

/// Chars of folded context the left and right sorts compare.
const SORT_CONTEXT_CHARS: usize = 16;

/// Row texts kept; more are forgotten (they are rendered again when scrolled back to).
const CACHED_ROWS: usize = 20_000;

/// How the rows are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    /// Corpus order: by article (as listed by file name), then by position.
    #[default]
    Article,
    /// By the text left of the hit, read from the hit leftwards (as concordancers do).
    Left,
    /// By the text right of the hit.
    Right,
}

impl SortBy {
    /// Every order, in menu order.
    pub const ALL: [Self; 3] = [Self::Article, Self::Left, Self::Right];

    /// Menu label, in the window's language.
    pub fn label(self) -> &'static str {
        tr(match self {
            Self::Article => S::SortArticle,
            Self::Left => S::SortLeft,
            Self::Right => S::SortRight,
        })
    }
}

/// Which hits are listed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum HitFilter {
    /// Every hit.
    #[default]
    All,
    /// Hits that an annotation overlaps.
    Annotated,
    /// Hits that no annotation overlaps.
    NotAnnotated,
    /// Hits that an annotation with this tag overlaps (`None`: a highlight).
    Tagged(Option<TagId>),
}

impl HitFilter {
    /// Whether the filter needs the hits' annotation marks.
    pub fn needs_marks(&self) -> bool {
        *self != Self::All
    }

    fn keeps(&self, marks: &Marks, hit: HitMarks) -> bool {
        match self {
            Self::All => true,
            Self::Annotated => hit.overlap != 0,
            Self::NotAnnotated => hit.overlap == 0,
            Self::Tagged(tag) => hit.overlap & marks.bit(tag.as_ref()) != 0,
        }
    }
}

/// A row's text in one view: context, hit, context (line breaks shown as `⏎`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowText {
    /// Up to [`CONTEXT_CHARS`] chars before the hit.
    pub left: String,
    /// The hit as the view shows it.
    pub hit: String,
    /// Up to [`CONTEXT_CHARS`] chars after it.
    pub right: String,
}

/// What a worker rendered: hit index → its text, or why it could not be rendered.
pub(super) type Rendered = Vec<(u32, Result<RowText, String>)>;

/// The hits of one search and how they are listed.
#[derive(Default)]
pub struct Concordance {
    /// Every hit kept, in corpus order.
    hits: Arc<Vec<Hit>>,
    /// Hits per article.
    per_article: HashMap<ArticleId, u32>,
    /// Set once the search has ended.
    summary: Option<SearchSummary>,
    sort: SortBy,
    filter: HitFilter,
    /// Hit indices in the order of a context sort, once computed.
    sorted: Option<(SortBy, Arc<Vec<u32>>)>,
    sorting: Option<(SortBy, Job<Vec<u32>>)>,
    /// Annotation marks of every hit, once computed.
    marks: Option<Marks>,
    /// The rows listed: hit indices.
    rows: Vec<u32>,
    /// Articles among the rows, counted when first asked after the rows changed.
    listed_articles: std::cell::Cell<Option<usize>>,
    /// Row texts by hit index, in `texts_view`.
    texts: HashMap<u32, Result<RowText, String>>,
    texts_view: ViewKind,
    rendering: Option<(ViewKind, Job<Rendered>)>,
}

impl Concordance {
    /// An empty concordance listed in `sort` order with `filter`.
    pub fn new(sort: SortBy, filter: HitFilter) -> Self {
        Self {
            sort,
            filter,
            ..Self::default()
        }
    }

    /// Every hit kept, in corpus order.
    pub fn hits(&self) -> &Arc<Vec<Hit>> {
        &self.hits
    }

    /// The search's counts, once it has ended.
    pub fn summary(&self) -> Option<&SearchSummary> {
        self.summary.as_ref()
    }

    /// Hits in `article`.
    pub fn in_article(&self, article: ArticleId) -> u32 {
        self.per_article.get(&article).copied().unwrap_or(0)
    }

    /// Articles with a hit so far.
    pub fn articles(&self) -> usize {
        self.per_article.len()
    }

    /// The rows listed (hit indices), in order.
    pub fn rows(&self) -> &[u32] {
        &self.rows
    }

    /// The number of articles the rows are in (one pass over the rows after they changed).
    pub fn listed_articles(&self) -> usize {
        if let Some(count) = self.listed_articles.get() {
            return count;
        }
        let mut articles: Vec<ArticleId> = self
            .rows
            .iter()
            .filter_map(|&i| self.hits.get(i as usize).map(|hit| hit.article))
            .collect();
        articles.sort_unstable();
        articles.dedup();
        self.listed_articles.set(Some(articles.len()));
        articles.len()
    }

    /// The hit of row `row`.
    pub fn hit_of_row(&self, row: usize) -> Option<(u32, &Hit)> {
        let index = *self.rows.get(row)?;
        Some((index, self.hits.get(index as usize)?))
    }

    /// The row of hit `index`, if listed.
    pub fn row_of_hit(&self, index: u32) -> Option<usize> {
        self.rows.iter().position(|&i| i == index)
    }

    /// The order.
    pub fn sort(&self) -> SortBy {
        self.sort
    }

    /// The filter.
    pub fn filter(&self) -> &HitFilter {
        &self.filter
    }

    /// The annotation marks, when computed for every hit.
    pub fn marks(&self) -> Option<&Marks> {
        self.marks
            .as_ref()
            .filter(|marks| marks.len() == self.hits.len())
    }

    /// True while the rows wait for a sort or for annotation marks.
    pub fn is_pending(&self) -> bool {
        self.sort_pending() || (self.filter.needs_marks() && self.marks().is_none())
    }

    /// True while the rows wait for a context sort.
    pub fn sort_pending(&self) -> bool {
        self.sort != SortBy::Article && self.sorted.as_ref().is_none_or(|(s, _)| *s != self.sort)
    }

    /// True while a worker sorts or renders rows.
    pub fn is_busy(&self) -> bool {
        self.sorting.is_some() || self.rendering.is_some()
    }

    /// Adds hits that came in (in corpus order, after the previous ones).
    pub fn push(&mut self, batch: HitBatch) {
        let first = self.hits.len();
        let hits = Arc::make_mut(&mut self.hits);
        for hit in &batch.hits {
            *self.per_article.entry(hit.article).or_default() += 1;
        }
        hits.extend(batch.hits);
        let added = first as u32..self.hits.len() as u32;
        // Until sorted, rows come in corpus order.
        let in_corpus_order = self.sort == SortBy::Article || self.sort_pending();
        if in_corpus_order && !self.filter.needs_marks() {
            self.rows.extend(added);
            self.listed_articles.set(None);
        }
    }

    /// Keeps row texts rendered in `view` (the rows' view now) with the hits: the first rows'
    /// texts, which the search worker renders.
    pub fn add_texts(&mut self, view: ViewKind, rendered: Rendered) {
        if rendered.is_empty() {
            return;
        }
        if view != self.texts_view {
            self.texts.clear();
            self.texts_view = view;
        }
        self.texts.extend(rendered);
    }

    /// The search ended.
    pub fn finish(&mut self, summary: SearchSummary) {
        self.summary = Some(summary);
    }

    /// Lists the rows in `sort` order.
    pub fn set_sort(&mut self, sort: SortBy) {
        if sort != self.sort {
            self.sort = sort;
            self.rebuild_rows();
        }
    }

    /// Lists only the hits `filter` keeps.
    pub fn set_filter(&mut self, filter: HitFilter) {
        if filter != self.filter {
            self.filter = filter;
            self.rebuild_rows();
        }
    }

    /// Takes annotation marks computed for every hit.
    pub fn set_marks(&mut self, marks: Marks) {
        self.marks = Some(marks);
        if self.filter.needs_marks() {
            self.rebuild_rows();
        }
    }

    /// Rebuilds the rows from the order and the filter (one pass over the hits: on a change
    /// of order, filter or marks, never per frame).
    fn rebuild_rows(&mut self) {
        let order: Box<dyn Iterator<Item = u32>> = match &self.sorted {
            Some((sorted_by, order)) if *sorted_by == self.sort && self.sort != SortBy::Article => {
                Box::new(order.iter().copied())
            }
            // By article, or not sorted yet: corpus order.
            _ => Box::new(0..self.hits.len() as u32),
        };
        self.listed_articles.set(None);
        self.rows = match (&self.filter, self.marks()) {
            (HitFilter::All, _) => order.collect(),
            (filter, Some(marks)) => order
                .filter(|&i| filter.keeps(marks, marks.of(i as usize)))
                .collect(),
            (_, None) => Vec::new(),
        };
    }

    /// Starts sorting by context on a worker when the order needs it and every hit is in.
    /// Takes a finished sort. Call once per frame.
    pub fn poll_sort(
        &mut self,
        index: &Arc<SearchIndex>,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<()> {
        if let Some((sort, job)) = &mut self.sorting {
            let order = job.drain().pop();
            if order.is_some() || job.is_finished() {
                let sort = *sort;
                self.sorting = None;
                if let Some(order) = order {
                    self.sorted = Some((sort, Arc::new(order)));
                    self.rebuild_rows();
                }
            }
        }
        let wanted = self.sort;
        let running = self.sorting.as_ref().map(|(sort, _)| *sort);
        if !self.sort_pending() || self.summary.is_none() || running == Some(wanted) {
            return Ok(());
        }
        let hits = Arc::clone(&self.hits);
        let index = Arc::clone(index);
        let job = Job::spawn("pizhu-sort-hits", notify, move |reporter| {
            reporter.send(sort_by_context(&index, &hits, wanted));
        })?;
        self.sorting = Some((wanted, job));
        Ok(())
    }

    /// The text of hit `index` in the view of the last render, if rendered.
    pub fn text(&self, index: u32) -> Option<&Result<RowText, String>> {
        self.texts.get(&index)
    }

    /// Renders the hits `wanted` (the rows on screen) in `view` on a worker, unless rendered
    /// or being rendered; takes finished renders. Call once per frame after drawing the rows.
    pub fn poll_texts(
        &mut self,
        index: &Arc<SearchIndex>,
        view: ViewKind,
        wanted: &[u32],
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<()> {
        if view != self.texts_view {
            self.texts.clear();
            self.texts_view = view;
        }
        if let Some((rendered_view, job)) = &mut self.rendering {
            let rendered = job.drain().pop();
            if rendered.is_some() || job.is_finished() {
                let fits = *rendered_view == self.texts_view;
                self.rendering = None;
                if let Some(rendered) = rendered.filter(|_| fits) {
                    if self.texts.len() > CACHED_ROWS {
                        self.texts.clear();
                    }
                    self.texts.extend(rendered);
                }
            }
        }
        if self.rendering.is_some() {
            return Ok(());
        }
        let missing: Vec<(u32, Hit)> = wanted
            .iter()
            .filter(|i| !self.texts.contains_key(i))
            .filter_map(|&i| Some((i, self.hits.get(i as usize)?.clone())))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let index = Arc::clone(index);
        let job = Job::spawn("pizhu-hit-rows", notify, move |reporter| {
            reporter.send(render_rows(&index, view, missing));
        })?;
        self.rendering = Some((view, job));
        Ok(())
    }
}

/// The texts of `hits` in `view`, rendered in article order (each article once).
pub(super) fn render_rows(
    index: &SearchIndex,
    view: ViewKind,
    mut hits: Vec<(u32, Hit)>,
) -> Rendered {
    hits.sort_by_key(|(_, hit)| (hit.article, hit.clean.start));
    let mut maker = SnippetMaker::new(index, view, CONTEXT_CHARS);
    hits.into_iter()
        .map(|(i, hit)| {
            let text = maker
                .snippet(&hit)
                .map(|snippet| RowText {
                    left: one_line(&snippet.left),
                    hit: one_line(&snippet.hit),
                    right: one_line(&snippet.right),
                })
                .map_err(|error| error.to_string());
            (i, text)
        })
        .collect()
}

/// `text` on one line: line breaks shown as `⏎`.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => out.push('⏎'),
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Hit indices ordered by the folded text left of each hit (read leftwards from it) or right
/// of it; ties keep corpus order.
fn sort_by_context(index: &SearchIndex, hits: &[Hit], sort: SortBy) -> Vec<u32> {
    let mut keys: Vec<(Vec<char>, u32)> = hits
        .iter()
        .enumerate()
        .map(|(i, hit)| {
            let (left, right) = index
                .folded_context(hit, SORT_CONTEXT_CHARS)
                .unwrap_or_default();
            let key = match sort {
                SortBy::Left => left.chars().rev().collect(),
                SortBy::Right | SortBy::Article => right.chars().collect(),
            };
            (key, i as u32)
        })
        .collect();
    keys.sort_by(|a, b| compare_context(&a.0, &b.0).then(a.1.cmp(&b.1)));
    keys.into_iter().map(|(_, i)| i).collect()
}

/// Context keys compared char by char; a line break sorts first (the hit ends a line).
fn compare_context(a: &[char], b: &[char]) -> Ordering {
    let rank = |c: &char| if *c == '\n' || *c == '\r' { '\0' } else { *c };
    a.iter().map(rank).cmp(b.iter().map(rank))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    fn hit(article: usize, start: usize) -> Hit {
        Hit {
            article: ArticleId(article),
            original: start..start + 2,
            clean: start..start + 2,
        }
    }

    fn concordance(hits: Vec<Hit>) -> Concordance {
        let mut c = Concordance::new(SortBy::Article, HitFilter::All);
        c.push(HitBatch {
            hits,
            snippets: Vec::new(),
        });
        c
    }

    #[test]
    fn counts_hits_per_article_as_they_stream_in() {
        let mut c = concordance(vec![hit(0, 1), hit(0, 9), hit(2, 4)]);
        c.push(HitBatch {
            hits: vec![hit(2, 8), hit(5, 0)],
            snippets: Vec::new(),
        });
        assert_eq!(c.rows(), [0, 1, 2, 3, 4]);
        assert_eq!(c.in_article(ArticleId(0)), 2);
        assert_eq!(c.in_article(ArticleId(2)), 2);
        assert_eq!(c.in_article(ArticleId(1)), 0);
        assert_eq!(c.articles(), 3);
        assert_eq!(c.listed_articles(), 3);
        assert_eq!(c.hit_of_row(3).unwrap().1, &hit(2, 8));
        assert_eq!(c.row_of_hit(4), Some(4));
    }

    #[test]
    fn filters_list_hits_by_their_annotations_once_marked() {
        let mut c = concordance(vec![hit(0, 1), hit(0, 9), hit(2, 4)]);
        let per = TagId::new("PER").unwrap();
        c.set_filter(HitFilter::Annotated);
        assert!(c.rows().is_empty() && c.is_pending(), "waits for the marks");
        let tags = vec![per.clone()];
        let bit = 1u64;
        c.set_marks(Marks::new(
            tags,
            vec![
                HitMarks::default(),
                HitMarks {
                    overlap: bit,
                    exact: bit,
                },
                HitMarks {
                    overlap: Marks::HIGHLIGHT,
                    exact: 0,
                },
            ],
        ));
        assert_eq!(c.rows(), [1, 2]);
        assert_eq!(c.listed_articles(), 2);
        c.set_filter(HitFilter::NotAnnotated);
        assert_eq!(c.rows(), [0]);
        assert_eq!(c.listed_articles(), 1);
        c.set_filter(HitFilter::Tagged(Some(per)));
        assert_eq!(c.rows(), [1]);
        c.set_filter(HitFilter::Tagged(None));
        assert_eq!(c.rows(), [2]);
        c.set_filter(HitFilter::Tagged(Some(TagId::new("LOC").unwrap())));
        assert!(c.rows().is_empty());
        c.set_filter(HitFilter::All);
        assert_eq!(c.rows(), [0, 1, 2]);
    }

    #[test]
    fn context_keys_compare_from_the_hit_outwards() {
        let key = |s: &str| s.chars().collect::<Vec<char>>();
        assert_eq!(compare_context(&key("了"), &key("发展")), Ordering::Less);
        assert_eq!(compare_context(&key("\n发"), &key("。")), Ordering::Less);
        assert_eq!(compare_context(&key("ab"), &key("abc")), Ordering::Less);
    }

    #[test]
    fn one_line_marks_line_breaks() {
        assert_eq!(one_line("经济\r\n发展\n𠮷\t"), "经济⏎发展⏎𠮷 ");
    }
}
