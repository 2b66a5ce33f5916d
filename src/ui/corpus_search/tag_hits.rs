//! "全部标注 Tag all hits…": the hits listed in the concordance tagged in one step. The dialog
//! picks a tag and says how many hits there are and how many already carry it; once confirmed
//! a worker reads each article (no file I/O on the UI thread), opens its annotations, and
//! builds the missing ones; the app creates them as one undo step through `run_command`, like
//! every edit. Articles whose annotations are read-only, or that changed since the search, are
//! skipped and reported. Offsets: Original chars.

use std::ops::Range;
use std::sync::Arc;

use crate::annotate::{Annotation, DocKey, Edit, Tag, TagId};
use crate::corpus::Article;
use crate::jobs::{Job, Reporter};
use crate::search::{Hit, SearchIndex};
use crate::ui::annotations::{SharedStore, lock};
use crate::ui::command::{Command, SearchCommand};
use crate::ui::i18n::{SearchText as S, tr, trf};

use super::marks::Marks;

/// What confirming "tag all hits" built: the annotations to create and what was left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HitTagging {
    /// The annotations to create, per article (one undo step).
    pub edits: Vec<(DocKey, Edit)>,
    /// The tag (`None`: highlights).
    pub tag: Option<TagId>,
    /// Articles with annotations to create.
    pub articles: usize,
    /// Hits that already had an annotation with this tag on exactly their text.
    pub already: usize,
    /// Articles whose annotations are read-only (a damaged sidecar), with their hits skipped.
    pub read_only: Vec<String>,
    /// Articles that could not be tagged, with why (one sentence each).
    pub failed: Vec<String>,
    /// Articles (relative paths) that changed on disk since the search, so were not tagged
    /// (worded by [`HitTagging::report`] on the UI thread).
    pub changed_on_disk: Vec<String>,
    /// Annotations the store created, once it has (`None`: all of `edits`).
    pub applied: Option<usize>,
}

impl HitTagging {
    /// Notes what the store did: `applied` annotations created, the articles in `refused`
    /// (one sentence each) left untouched.
    pub fn record_applied(&mut self, applied: usize, refused: Vec<String>) {
        self.applied = Some(applied);
        self.articles = self.articles.saturating_sub(refused.len());
        self.failed.extend(refused);
    }

    /// Whether some articles were left out (read-only, changed, failed).
    pub fn left_some_out(&self) -> bool {
        !(self.failed.is_empty() && self.read_only.is_empty() && self.changed_on_disk.is_empty())
    }

    /// What the status bar says once the annotations are created (on the UI thread).
    pub fn report(&self) -> String {
        let mut text = trf(
            S::Tagged,
            &[
                ("n", &self.applied.unwrap_or(self.edits.len())),
                ("articles", &self.articles),
            ],
        );
        if self.already > 0 {
            text.push_str(&trf(S::AlreadyCarried, &[("n", &self.already)]));
        }
        if !self.read_only.is_empty() {
            text.push_str(&trf(
                S::SkippedReadOnly,
                &[
                    ("n", &self.read_only.len()),
                    ("list", &list(&self.read_only)),
                ],
            ));
        }
        let failed: Vec<String> = self
            .changed_on_disk
            .iter()
            .map(|file| trf(S::ChangedOnDisk, &[("file", file)]))
            .chain(self.failed.iter().cloned())
            .collect();
        if !failed.is_empty() {
            text.push_str(&trf(
                S::CouldNotTag,
                &[("n", &failed.len()), ("list", &list(&failed))],
            ));
        }
        text
    }
}

/// The first few items, then how many more.
fn list(items: &[String]) -> String {
    const SHOWN: usize = 3;
    let mut text = items
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(tr(crate::ui::i18n::ExportText::PartSeparator));
    if items.len() > SHOWN {
        text.push_str(&trf(S::AndMore, &[("n", &(items.len() - SHOWN))]));
    }
    text
}

/// The dialog and its worker.
#[derive(Default)]
pub struct TagHits {
    /// The dialog is shown.
    open: bool,
    /// The tag picked (`None`: highlights).
    tag: Option<TagId>,
    /// Building the annotations.
    job: Option<Job<HitTagging>>,
}

/// What the dialog shows about the hits to tag.
pub struct TagHitsInput<'a> {
    /// Hits listed (what would be tagged).
    pub hits: usize,
    /// Articles they are in.
    pub articles: usize,
    /// The tag set.
    pub tags: &'a [Tag],
    /// Annotation marks of the hits, once counted; with the listed hit indices.
    pub marks: Option<(&'a Marks, &'a [u32])>,
    /// The folder's annotations are open.
    pub can_tag: bool,
}

impl TagHits {
    /// Shows the dialog.
    pub fn show(&mut self, tags: &[Tag]) {
        self.open = true;
        if self
            .tag
            .as_ref()
            .is_none_or(|tag| !tags.iter().any(|t| t.id == *tag))
        {
            self.tag = tags.first().map(|t| t.id.clone());
        }
    }

    /// True while shown.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// True while the annotations are being built.
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    /// Hides the dialog and drops its work.
    pub fn close(&mut self) {
        self.open = false;
        self.job = None;
    }

    /// Builds the annotations for `hits` with `tag` on a worker.
    pub fn prepare(
        &mut self,
        index: Arc<SearchIndex>,
        hits: Vec<Hit>,
        tag: Option<TagId>,
        store: SharedStore,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<()> {
        let job = Job::spawn("pizhu-tag-hits", notify, move |reporter| {
            reporter.send(prepare(&index, hits, tag, &store, reporter));
        })?;
        self.job = Some(job);
        Ok(())
    }

    /// Takes the built annotations once ready (the dialog closes). Call once per frame.
    pub fn poll(&mut self) -> Option<HitTagging> {
        let job = self.job.as_mut()?;
        let built = job.drain().pop();
        if built.is_some() || job.is_finished() {
            self.job = None;
            self.open = false;
        }
        built
    }

    /// Draws the dialog.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        input: &TagHitsInput<'_>,
        commands: &mut Vec<Command>,
    ) {
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new(tr(S::TagAllTitle))
            .id(egui::Id::unique("pizhu-tag-all-hits"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.set_max_width(420.0);
                ui.label(trf(
                    S::TagAllIntro,
                    &[("hits", &input.hits), ("articles", &input.articles)],
                ));
                let label = |tag: Option<&TagId>| match tag {
                    None => tr(S::HighlightNoTag).to_owned(),
                    Some(id) => input
                        .tags
                        .iter()
                        .find(|t| t.id == *id)
                        .map_or_else(|| id.to_string(), |t| format!("{} {}", t.label, t.id)),
                };
                ui.horizontal(|ui| {
                    ui.label(tr(S::Tag));
                    egui::ComboBox::from_id_salt("tag-hits-tag")
                        .selected_text(label(self.tag.as_ref()))
                        .show_ui(ui, |ui| {
                            for tag in input.tags {
                                let colour = egui::Color32::from_rgb(
                                    tag.colour[0],
                                    tag.colour[1],
                                    tag.colour[2],
                                );
                                let text = egui::RichText::new(label(Some(&tag.id)))
                                    .background_color(colour.gamma_multiply(0.35));
                                ui.selectable_value(&mut self.tag, Some(tag.id.clone()), text);
                            }
                            ui.selectable_value(&mut self.tag, None, label(None));
                        });
                });
                let already = input
                    .marks
                    .map(|(marks, rows)| marks.carrying(rows, self.tag.as_ref()));
                match already {
                    Some(already) => {
                        ui.label(trf(
                            S::AlreadyCarry,
                            &[
                                ("already", &already),
                                ("n", &(input.hits - already.min(input.hits))),
                            ],
                        ));
                    }
                    None => {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(tr(S::Counting));
                        });
                    }
                }
                ui.label(egui::RichText::new(tr(S::OneUndoStep)).small());
                if !input.can_tag {
                    ui.colored_label(ui.visuals().error_fg_color, tr(S::NotOpen));
                }
                ui.horizontal(|ui| {
                    if self.job.is_some() {
                        ui.spinner();
                        ui.label(tr(S::Tagging));
                    } else {
                        let to_tag = input.hits - already.unwrap_or(0).min(input.hits);
                        let enabled = input.can_tag && input.hits > 0 && to_tag > 0;
                        let button = egui::Button::new(trf(S::TagN, &[("n", &to_tag)]));
                        if ui.add_enabled(enabled, button).clicked() {
                            commands.push(Command::Search(SearchCommand::ConfirmTagHits(
                                self.tag.clone(),
                            )));
                        }
                    }
                    if ui.button(tr(crate::ui::i18n::DialogText::Cancel)).clicked() {
                        self.close();
                    }
                });
            });
        if !open {
            self.close();
        }
    }
}

/// Opens every article of `hits` and builds the annotations it lacks.
fn prepare(
    index: &SearchIndex,
    mut hits: Vec<Hit>,
    tag: Option<TagId>,
    store: &SharedStore,
    reporter: &Reporter<HitTagging>,
) -> HitTagging {
    hits.sort_by_key(|hit| (hit.article, hit.original.start));
    let mut out = HitTagging {
        tag: tag.clone(),
        ..HitTagging::default()
    };
    // Each article's hits at once: it is opened once.
    for run in hits.chunk_by(|a, b| a.article == b.article) {
        if reporter.is_cancelled() {
            break;
        }
        let article = run[0].article;
        let ranges: Vec<Range<usize>> = run.iter().map(|h| h.original.clone()).collect();
        let (Some(path), Some(relative)) = (index.path(article), index.relative(article)) else {
            continue;
        };
        // Read outside the store's lock.
        let original = match Article::load(&path) {
            Ok(article) => article.decoded.text,
            Err(error) => {
                out.failed.push(error.to_string());
                continue;
            }
        };
        let indexed = index.clean_map(article).map(|map| map.original_len());
        if indexed.is_some_and(|chars| chars != original.chars().count()) {
            out.changed_on_disk.push(relative.to_string());
            continue;
        }
        // One article at a time under the lock, so the window stays responsive between them.
        let mut store = lock(store);
        let report = match store.open_document(&path, original) {
            Ok(report) => report,
            Err(error) => {
                out.failed.push(format!("{relative}: {error}"));
                continue;
            }
        };
        if report.read_only {
            out.read_only.push(relative.to_owned());
            continue;
        }
        let Some(text) = store.text(&report.key) else {
            continue;
        };
        let existing = store.annotations(&report.key);
        let before = out.edits.len();
        for range in ranges {
            if existing.iter().any(|a| a.range() == range && a.tag == tag) {
                out.already += 1;
                continue;
            }
            match Annotation::new_in(text, range, tag.clone(), "") {
                Ok(annotation) => out
                    .edits
                    .push((report.key.clone(), Edit::Create(annotation))),
                Err(error) => out.failed.push(format!("{relative}: {error}")),
            }
        }
        out.articles += usize::from(out.edits.len() > before);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_says_what_was_tagged_and_what_was_not() {
        crate::ui::i18n::set_current(crate::ui::i18n::Language::English);
        let tagging = HitTagging {
            articles: 2,
            already: 1,
            read_only: vec!["a.txt".to_owned()],
            failed: (0..5).map(|i| format!("{i}.txt gone")).collect(),
            ..HitTagging::default()
        };
        let report = tagging.report();
        assert!(
            report.starts_with("Tagged 0 hits in 2 articles (one undo step)."),
            "{report}"
        );
        assert!(report.contains("1 already carried the tag."), "{report}");
        assert!(report.contains("read-only: a.txt."), "{report}");
        assert!(
            report.contains(
                "Could not tag 5 articles: 0.txt gone; 1.txt gone; 2.txt gone and 2 more."
            ),
            "{report}"
        );
    }
}
