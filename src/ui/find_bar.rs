//! The find bar (Ctrl+F): a query found in the article shown, in whichever view is read. Every
//! hit is outlined in the reader (`reader/found.rs`), the current one filled; "n / m"; Enter,
//! F3, Shift+Enter, Shift+F3 go to the next or previous hit; Esc closes it and leaves the
//! current hit selected.
//!
//! A query is read as the corpus search reads it (`crate::search::Query`: folded by default, so
//! `经济` finds `經濟` and `調(diào)研`; exact and regex on demand). Hits are found off the UI
//! thread, on the views the reader already holds (`search::find_in_view`): a 1 MB article costs
//! some milliseconds, and typing never waits for them. Positions are view chars of the view the
//! hits were found in; a view switch finds them again in the new view.

use std::ops::Range;
use std::sync::Arc;

use egui::{Key, Modifiers};

use super::command::{Command, SearchCommand};
use super::document::Document;
use super::i18n::{SearchText as S, tr, trf};
use super::reader::FoundMarks;
use crate::corpus::ArticleId;
use crate::jobs::Job;
use crate::search::{Query, QueryError, QueryOptions, find_in_view};
use crate::text::ViewKind;

/// What a set of hits was found for.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FindKey {
    article: ArticleId,
    view: ViewKind,
    text: String,
    options: QueryOptions,
}

impl FindKey {
    /// Same query in the same article (the view may differ).
    fn same_query(&self, other: &Self) -> bool {
        self.article == other.article && self.text == other.text && self.options == other.options
    }
}

/// Hits found, and the one the bar is on.
struct Found {
    key: FindKey,
    hits: Arc<Vec<Range<usize>>>,
    current: Option<usize>,
}

/// A search of the article running on a worker.
struct Running {
    key: FindKey,
    job: Job<Vec<Range<usize>>>,
}

/// The find bar's state.
#[derive(Default)]
pub struct FindBar {
    /// Shown.
    open: bool,
    /// What is typed.
    text: String,
    /// Exact and regex toggles.
    options: QueryOptions,
    /// Give the field keyboard focus (and select its text) when next drawn.
    focus_field: bool,
    /// Why the query cannot run (a bad regular expression), one sentence.
    error: Option<String>,
    /// The hits shown.
    found: Option<Found>,
    /// The search that will replace them.
    running: Option<Running>,
}

impl FindBar {
    /// True while shown.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// True while a search runs.
    pub fn is_busy(&self) -> bool {
        self.running.is_some()
    }

    /// The text in the field.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The hit count and the current hit (1-based), if hits are known for the current query.
    pub fn position(&self) -> Option<(usize, usize)> {
        let found = self.found.as_ref()?;
        Some((found.current.map_or(0, |i| i + 1), found.hits.len()))
    }

    /// Shows the bar with the field focused; `prefill` (the reader's selection) replaces the
    /// query.
    pub fn show(&mut self, prefill: Option<String>) {
        self.open = true;
        self.focus_field = true;
        if let Some(text) = prefill {
            self.text = text;
        }
    }

    /// Hides the bar. Returns the current hit (view chars of `view`) for the reader to select.
    pub fn close(&mut self, article: Option<ArticleId>, view: ViewKind) -> Option<Range<usize>> {
        self.open = false;
        self.running = None;
        let found = self.found.take()?;
        let fits = Some(found.key.article) == article && found.key.view == view;
        let current = found.current?;
        fits.then(|| found.hits.get(current).cloned()).flatten()
    }

    /// Forgets the hits (another folder was opened).
    pub fn reset(&mut self) {
        self.found = None;
        self.running = None;
    }

    /// Moves to the next (`delta` > 0) or previous hit, wrapping around; returns it (view chars
    /// of `view`) for the reader to reveal.
    pub fn step(
        &mut self,
        delta: isize,
        article: Option<ArticleId>,
        view: ViewKind,
    ) -> Option<Range<usize>> {
        let found = self.found.as_mut()?;
        if Some(found.key.article) != article || found.key.view != view || found.hits.is_empty() {
            return None;
        }
        let count = found.hits.len() as isize;
        let next = match found.current {
            Some(current) => (current as isize + delta).rem_euclid(count),
            None if delta >= 0 => 0,
            None => count - 1,
        } as usize;
        found.current = Some(next);
        found.hits.get(next).cloned()
    }

    /// The hits to paint in `article`'s `view`, if they were found there.
    pub fn marks(&self, article: Option<ArticleId>, view: ViewKind) -> FoundMarks {
        match &self.found {
            Some(found)
                if self.open && Some(found.key.article) == article && found.key.view == view =>
            {
                FoundMarks {
                    hits: Arc::clone(&found.hits),
                    current: found.current,
                }
            }
            _ => FoundMarks::default(),
        }
    }

    /// Starts finding the query in `document`'s `view` when the query, the article or the
    /// view changed, and takes a finished search. Returns a hit to reveal: the first at or
    /// after view char `top_char` once a newly typed query's hits arrive. Call once per frame.
    pub fn poll(
        &mut self,
        document: Option<&Arc<Document>>,
        view: ViewKind,
        top_char: usize,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> Option<Range<usize>> {
        let reveal = self.take_result(top_char);
        if !self.open {
            return reveal;
        }
        let Some(document) = document else {
            self.running = None;
            return reveal;
        };
        let key = FindKey {
            article: document.id,
            view,
            text: self.text.clone(),
            options: self.options,
        };
        let known = self.found.as_ref().is_some_and(|f| f.key == key)
            || self.running.as_ref().is_some_and(|r| r.key == key);
        if known {
            return reveal;
        }
        self.error = None;
        let query = match Query::new(&self.text, self.options) {
            Ok(query) => query,
            Err(error) => {
                if let QueryError::Pattern(_) = error {
                    self.error = Some(crate::ui::corpus_search::query_error_sentence(&error));
                }
                self.running = None;
                self.found = Some(Found {
                    key,
                    hits: Arc::default(),
                    current: None,
                });
                return reveal;
            }
        };
        let document = Arc::clone(document);
        let job = Job::spawn("pizhu-find", notify, move |reporter| {
            let clean = &document.view(ViewKind::Clean).view;
            reporter.send(find_in_view(&query, &document.view(view).view, clean));
        });
        match job {
            Ok(job) => self.running = Some(Running { key, job }),
            Err(error) => {
                self.error = Some(trf(S::CannotSearchArticle, &[("error", &error)]));
                self.running = None;
            }
        }
        reveal
    }

    /// Takes the running search's hits, if it finished.
    fn take_result(&mut self, top_char: usize) -> Option<Range<usize>> {
        let running = self.running.as_mut()?;
        let hits = running.job.drain().pop();
        if hits.is_none() && !running.job.is_finished() {
            return None;
        }
        let Running { key, .. } = self.running.take()?;
        let hits = Arc::new(hits.unwrap_or_default());
        let previous = self.found.take();
        // The same query in another view: the same hits in the same order, so stay on the one
        // the bar was on. A new query: go to the first hit from the reading position on.
        let kept = previous
            .as_ref()
            .filter(|p| p.key.same_query(&key) && p.hits.len() == hits.len())
            .and_then(|p| p.current);
        let (current, reveal) = match kept {
            Some(current) => (Some(current), false),
            None if hits.is_empty() => (None, false),
            None => {
                let from = hits.partition_point(|hit| hit.start < top_char);
                let retyped = previous.as_ref().is_none_or(|p| !p.key.same_query(&key));
                (Some(from.min(hits.len() - 1)), retyped)
            }
        };
        let reveal = reveal
            .then(|| current.and_then(|i| hits.get(i).cloned()))
            .flatten();
        self.found = Some(Found { key, hits, current });
        reveal
    }

    /// Draws the bar (call inside the reader's panel, above the reader).
    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        if !self.open {
            return;
        }
        if ui.available_width() >= NARROW {
            ui.horizontal(|ui| {
                ui.label(tr(S::Find));
                let width = (ui.available_width() - 300.0).clamp(120.0, 260.0);
                self.field_ui(ui, width, commands);
                self.steps_ui(ui, commands);
                ui.separator();
                self.toggles_ui(ui);
                close_ui(ui, commands);
            });
        } else {
            // A narrow reader pane (the side panel open in a small window): the field on one
            // line, the rest on the next, rather than a ragged wrap.
            ui.horizontal(|ui| {
                let width = ui.available_width() - 28.0;
                self.field_ui(ui, width, commands);
                close_ui(ui, commands);
            });
            // Wrapped: never wider than the pane (the reader would grow under the side panel).
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 4.0;
                self.steps_ui(ui, commands);
                self.toggles_ui(ui);
            });
        }
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            commands.push(Command::Search(SearchCommand::CloseFindBar));
        }
        ui.separator();
    }

    /// The query field, `width` wide; Enter / F3 step while it has focus.
    fn field_ui(&mut self, ui: &mut egui::Ui, width: f32, commands: &mut Vec<Command>) {
        let field = egui::TextEdit::singleline(&mut self.text)
            .id_salt("find-bar-field")
            .hint_text(tr(S::FindHint))
            .desired_width(width.max(60.0))
            // Enter goes to the next hit and keeps the field focused.
            .return_key(None);
        let mut output = field.show(ui);
        let response = &output.response;
        if self.focus_field {
            self.focus_field = false;
            response.request_focus();
            let all = egui::text::CCursorRange::two(
                egui::text::CCursor::new(0),
                egui::text::CCursor::new(self.text.chars().count()),
            );
            output.state.cursor.set_char_range(Some(all));
            output.state.store(ui.ctx(), response.id);
        }
        if response.changed() {
            // Search at once, not at the next input event.
            ui.ctx().request_repaint();
        }
        if response.has_focus() {
            let (previous, next) = ui.input_mut(|i| {
                let previous = i.consume_key(Modifiers::SHIFT, Key::Enter)
                    || i.consume_key(Modifiers::SHIFT, Key::F3);
                let next = i.consume_key(Modifiers::NONE, Key::Enter)
                    || i.consume_key(Modifiers::NONE, Key::F3);
                (previous, next)
            });
            if previous {
                commands.push(Command::Search(SearchCommand::FindPrevious));
            } else if next {
                commands.push(Command::Search(SearchCommand::FindNext));
            }
        }
    }

    /// "n / m", a spinner while searching, previous and next.
    fn steps_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let position = match self.position() {
            Some((_, 0)) if !self.text.is_empty() => "0 / 0".to_owned(),
            Some((current, count)) => format!("{current} / {count}"),
            None => String::new(),
        };
        ui.label(egui::RichText::new(position).monospace())
            .on_hover_text(tr(S::PositionHint));
        if self.running.is_some() {
            ui.spinner();
        }
        if ui
            .small_button("↑")
            .on_hover_text(tr(S::PreviousHint))
            .clicked()
        {
            commands.push(Command::Search(SearchCommand::FindPrevious));
        }
        if ui
            .small_button("↓")
            .on_hover_text(tr(S::NextHint))
            .clicked()
        {
            commands.push(Command::Search(SearchCommand::FindNext));
        }
    }

    /// The exact and regex toggles.
    fn toggles_ui(&mut self, ui: &mut egui::Ui) {
        ui.toggle_value(&mut self.options.exact, tr(S::Exact))
            .on_hover_text(tr(S::FindExactHint));
        ui.toggle_value(&mut self.options.regex, tr(S::Regex))
            .on_hover_text(tr(S::RegexHint));
    }
}

/// Below this width the bar takes two lines.
const NARROW: f32 = 560.0;

/// The close button.
fn close_ui(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    if ui
        .small_button("×")
        .on_hover_text(tr(S::CloseFindHint))
        .clicked()
    {
        commands.push(Command::Search(SearchCommand::CloseFindBar));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;
    use crate::text::View;

    fn found(hits: Vec<Range<usize>>) -> FindBar {
        let mut bar = FindBar::default();
        bar.show(Some("经济".to_owned()));
        bar.found = Some(Found {
            key: FindKey {
                article: ArticleId(0),
                view: ViewKind::Traditional,
                text: "经济".to_owned(),
                options: QueryOptions::default(),
            },
            hits: Arc::new(hits),
            current: Some(0),
        });
        bar
    }

    #[test]
    fn steps_wrap_around_and_stay_in_their_view() {
        let mut bar = found(vec![0..2, 5..7, 9..11]);
        let here = Some(ArticleId(0));
        assert_eq!(bar.step(1, here, ViewKind::Traditional), Some(5..7));
        assert_eq!(bar.step(1, here, ViewKind::Traditional), Some(9..11));
        assert_eq!(bar.step(1, here, ViewKind::Traditional), Some(0..2));
        assert_eq!(bar.step(-1, here, ViewKind::Traditional), Some(9..11));
        assert_eq!(bar.position(), Some((3, 3)));
        // Hits of another view or article are not stepped through.
        assert_eq!(bar.step(1, here, ViewKind::Clean), None);
        assert_eq!(bar.step(1, Some(ArticleId(1)), ViewKind::Traditional), None);
        assert!(bar.marks(here, ViewKind::Clean).hits.is_empty());
        assert_eq!(bar.marks(here, ViewKind::Traditional).current, Some(2));
        // Closing hands over the current hit for the reader to select.
        assert_eq!(bar.close(here, ViewKind::Traditional), Some(9..11));
        assert!(!bar.is_open());
    }

    #[test]
    fn a_new_query_starts_at_the_reading_position() {
        let document = Arc::new(Document::from_text(
            ArticleId(3),
            "經(jīng)濟發展。经济\n第二段：經濟、经济。".to_owned(),
        ));
        let mut bar = FindBar::default();
        bar.show(Some("经济".to_owned()));
        let wait = |bar: &mut FindBar, top: usize| {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            loop {
                let reveal = bar.poll(Some(&document), ViewKind::Traditional, top, || {});
                if !bar.is_busy() {
                    return reveal;
                }
                assert!(std::time::Instant::now() < deadline);
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        };
        // The reader is at the second paragraph: the first hit from there on.
        let reveal = wait(&mut bar, 10);
        let view = View::render(
            "經(jīng)濟發展。经济\n第二段：經濟、经济。",
            ViewKind::Traditional,
        );
        let shown: Vec<String> = bar
            .found
            .as_ref()
            .unwrap()
            .hits
            .iter()
            .map(|r| view.text.chars().skip(r.start).take(r.len()).collect())
            .collect();
        assert_eq!(shown, ["經濟", "經濟", "經濟", "經濟"]);
        assert_eq!(bar.position(), Some((3, 4)));
        assert_eq!(reveal, Some(12..14));
        // The same query in another view keeps the current hit and does not scroll.
        let reveal = wait_view(&mut bar, &document, ViewKind::Original);
        assert_eq!(reveal, None);
        assert_eq!(bar.position(), Some((3, 4)));
    }

    fn wait_view(
        bar: &mut FindBar,
        document: &Arc<Document>,
        view: ViewKind,
    ) -> Option<Range<usize>> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut reveal = None;
        loop {
            reveal = reveal.or(bar.poll(Some(document), view, 0, || {}));
            if !bar.is_busy() && bar.found.as_ref().is_some_and(|f| f.key.view == view) {
                return reveal;
            }
            assert!(std::time::Instant::now() < deadline);
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }

    #[test]
    fn a_bad_regex_says_why_and_finds_nothing() {
        let document = Arc::new(Document::from_text(ArticleId(0), "经济".to_owned()));
        let mut bar = FindBar::default();
        bar.show(Some("(经济".to_owned()));
        bar.options.regex = true;
        bar.poll(Some(&document), ViewKind::Clean, 0, || {});
        let reason = trf(S::InvalidRegex, &[("reason", &"")]);
        let lead = reason.split(['：', ':']).next().unwrap_or_default();
        assert!(bar.error.as_deref().unwrap().starts_with(lead));
        assert_eq!(bar.position(), Some((0, 0)));
    }
}
