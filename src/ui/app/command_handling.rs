//! Carrying out [`Command`]s after drawing: the only place that edits the annotation store
//! (workers' results arrive here as commands too: finished saves, "tag all", documents opened
//! for an undo). Nothing here waits on the disk.

use std::path::PathBuf;

use super::PizhuApp;
use crate::annotate::{
    Annotation, AnnotationId, AnnotationStore, DEFAULT_OPEN_DOCUMENTS, DocKey, Edit,
    LoadedDocument, Resolution, StoreError, Tag, TagId,
};
use crate::corpus::{Article, ArticleId};
use crate::jobs::Job;
use crate::text::ViewKind;
use crate::text::convert::{UserPhrase, upsert_user_phrase};
use crate::ui::annotations;
use crate::ui::command::{Command, TagChange};
use crate::ui::document::Loading;
use crate::ui::error::UiError;
use crate::ui::i18n::{self, Status as S, tr, trf};
use crate::ui::phrases_window::phrase_summary;
use crate::ui::status_bar::Level;
use crate::ui::tag_all::Prepared;
use crate::ui::{tag_colours, theme};

/// Why the user phrases cannot be changed when `pizhu.ron` did not load.
pub(super) fn phrases_read_only() -> String {
    tr(S::PhrasesReadOnly).to_owned()
}

impl PizhuApp {
    /// Carries out the queued commands.
    pub fn run_commands(&mut self) {
        for command in std::mem::take(&mut self.commands) {
            self.run_command(command);
        }
    }

    fn run_command(&mut self, command: Command) {
        match command {
            Command::OpenFolder(folder) => self.open_folder(folder),
            Command::ShowOpenDialog => {
                let current = self.library.corpus.root.clone();
                self.panels
                    .open_dialog
                    .show(Some(current.as_path()).filter(|p| !p.as_os_str().is_empty()));
            }
            Command::CancelScan => self.library.cancel_scan(),
            Command::SelectArticle(id) => {
                self.drawers.list_open = false;
                self.select_article(id);
            }
            Command::MoveSelection(delta) => {
                if let Some(next) = self.library.step(self.current, delta) {
                    self.select_article(next);
                }
            }
            Command::SetView(kind) => self.set_view(kind),
            Command::CycleView => self.set_view(self.settings.view.next()),
            Command::StepFontSize(step) => {
                self.settings.font_size = theme::step_font_size(self.settings.font_size, step);
            }
            Command::ResetFontSize => self.settings.font_size = theme::DEFAULT_FONT_SIZE,
            Command::ToggleTheme => {
                self.settings.theme = self.settings.theme.toggled();
                self.ctx.set_visuals(self.settings.theme.visuals());
            }
            Command::SetLanguage(language) => {
                self.settings.language = language;
                i18n::set_current(self.language());
            }
            Command::ToggleHideBoilerplate => {
                self.settings.hide_boilerplate = !self.settings.hide_boilerplate;
            }
            Command::ToggleSidePanel => {
                if self.docking.side {
                    self.settings.show_side_panel = !self.settings.show_side_panel;
                } else {
                    self.drawers.side_open = !self.drawers.side_open;
                }
            }
            Command::SetSort(sort) => {
                self.settings.sort = sort;
                self.library.sort = sort;
                self.library.invalidate_rows();
            }
            Command::CopySelection => {
                if let Some(text) = self.reader.selected_text(self.settings.view) {
                    self.ctx.copy_text(text);
                }
            }
            Command::DismissMessage => {
                let now = std::time::Instant::now();
                self.messages.dismiss_current(now, self.current);
            }
            Command::AnnotateSelection(tag) => self.annotate_selection(tag),
            Command::AnnotateSelectionWithKey(key) => {
                let tag = self.annotations.as_ref().and_then(|a| {
                    annotations::lock(&a.store)
                        .tags()
                        .by_key(key)
                        .map(|t| t.id.clone())
                });
                match tag {
                    Some(tag) => self.annotate_selection(Some(tag)),
                    None => self.report(Level::Info, trf(S::NoTagOnKey, &[("key", &key)])),
                }
            }
            Command::SelectAnnotation(id) => {
                self.focus.note_draft = None;
                // A drawer side panel opens to show what was selected.
                self.drawers.side_open |= id.is_some() && !self.docking.side;
                self.focus.selected = id;
            }
            Command::JumpToAnnotation(id) => self.jump_to_annotation(id),
            Command::SetTag(id, tag) => {
                self.edit_current(Edit::SetTag { id, tag });
            }
            Command::SetNote(id, note) => {
                self.edit_current(Edit::SetNote { id, note });
            }
            Command::DeleteAnnotation(id) => {
                if self.focus.selected.as_ref() == Some(&id) {
                    self.focus.selected = None;
                    self.focus.note_draft = None;
                }
                self.edit_current(Edit::Delete(id));
            }
            Command::DeleteSelectedAnnotation => {
                if let Some(id) = self.focus.selected.clone() {
                    self.run_command(Command::DeleteAnnotation(id));
                }
            }
            Command::EditNote => {
                if self.focus.selected.is_none() {
                    self.annotate_selection(None);
                }
                if let Some(id) = self.focus.selected.clone() {
                    let note = self.annotation_note(&id).unwrap_or_default();
                    self.focus.note_draft = Some((id, note));
                    self.focus.focus_note = true;
                    self.settings.show_side_panel = true;
                    self.drawers.side_open |= !self.docking.side;
                }
            }
            Command::TagAllInArticle(id) => self.start_tag_all(&id, false),
            Command::TagAllInFolder(id) => self.start_tag_all(&id, true),
            Command::ConfirmTagAll => self.prepare_tag_all(),
            Command::ApplyTagAll(prepared) => {
                if let Some(prepared) = prepared.take() {
                    self.apply_tag_all(prepared);
                }
            }
            Command::RecordSaves => {
                self.record_saves();
                // A merge may have brought another program's user phrases.
                self.refresh_user_phrases();
            }
            Command::RetrySave => {
                if let Some(annotations) = &mut self.annotations {
                    annotations.retry_now();
                }
            }
            Command::SaveToDataDir => self.save_to_data_dir(),
            Command::ReplayOpened(documents, undo) => {
                let documents = documents.take().unwrap_or_default();
                self.replay_opened(documents, undo);
            }
            Command::ExtendSelection(delta) => {
                if let Some(selection) = &mut self.reader.selection {
                    selection.head = selection.head.saturating_add_signed(delta as isize);
                }
            }
            Command::ExtendToSelection(id) => {
                let range = self
                    .reader
                    .document
                    .as_ref()
                    .zip(self.reader.selection)
                    .map(|(document, selection)| {
                        document
                            .view(self.settings.view)
                            .view
                            .original_range(selection.range())
                    });
                match range.filter(|r| !r.is_empty()) {
                    Some(range) => {
                        self.edit_current(Edit::Move {
                            id,
                            start: range.start,
                            end: range.end,
                        });
                        self.reader.selection = None;
                    }
                    None => {
                        self.report_on_article(Level::Info, tr(S::SelectExtentFirst).to_owned());
                    }
                }
            }
            Command::ResolveConflict(how) => self.resolve_conflict(how),
            Command::ShowTagEditor => self.panels.tag_editor.open = true,
            Command::ChangeTag(change) => self.change_tag(change),
            Command::Undo => self.undo_redo(true),
            Command::Redo => self.undo_redo(false),
            Command::Search(command) => self.run_search_command(command),
            Command::LookUpSelection
            | Command::LookUpChars(_)
            | Command::CloseDictCard
            | Command::TogglePinyin
            | Command::SetSourcePinyin(_)
            | Command::ShowAbout => self.run_dictionary_command(command),
            // Reading comfort (issue 12): `reading.rs`.
            Command::ScrollPages(_)
            | Command::ScrollToStart
            | Command::ScrollToEnd
            | Command::ToggleHelp
            | Command::Escape
            | Command::ToggleLabels
            | Command::ToggleArticleList => self.run_reading_command(command),
            Command::SetTraditionalVariant(variant) => {
                self.settings.scripts.traditional = variant;
                self.refresh_user_phrases();
            }
            Command::SetSimplifiedSource(source) => {
                self.settings.scripts.simplified_source = source;
                self.refresh_user_phrases();
            }
            Command::ToggleFullWidthPunctuation => {
                // The open article's views are rendered again on a worker (`poll_conversion`).
                let clean = &mut self.settings.clean;
                clean.full_width_punctuation = !clean.full_width_punctuation;
            }
            Command::ToggleAmbiguities => {
                self.settings.show_ambiguities = !self.settings.show_ambiguities;
                self.reader.close_candidates();
                if self.settings.show_ambiguities && self.settings.view.target().is_none() {
                    self.report(Level::Info, tr(S::MarksInConvertedViews).to_owned());
                }
            }
            Command::ShowUserPhrases(draft) => self.panels.phrases.show(draft),
            Command::AddUserPhrase(phrase) => {
                // Short: the status bar shares its line with the file and the counts.
                let message = trf(S::PhraseAdded, &[("phrase", &phrase_summary(&phrase))]);
                self.reader.close_candidates();
                self.edit_user_phrases(message, move |phrases| {
                    upsert_user_phrase(phrases, phrase);
                });
            }
            Command::ReplaceUserPhrase { index, old, new } => {
                let message = trf(S::PhraseChanged, &[("phrase", &phrase_summary(&new))]);
                self.edit_user_phrases(message, move |phrases| {
                    if let Some(i) = phrase_position(phrases, index, &old) {
                        phrases[i] = new;
                    }
                });
            }
            Command::RemoveUserPhrase { index, phrase } => {
                let message = trf(S::PhraseRemoved, &[("phrase", &phrase_summary(&phrase))]);
                self.edit_user_phrases(message, move |phrases| {
                    if let Some(i) = phrase_position(phrases, index, &phrase) {
                        phrases.remove(i);
                    }
                });
            }
            Command::ConvertersBuilt(built) => {
                if let Some(built) = built.take() {
                    self.conversion.apply(built);
                }
            }
            // Export and import (issue 10): `export_import.rs`.
            Command::ShowExportDialog => self.panels.export.show(),
            Command::StartExport => self.start_export(),
            Command::ShowImportDialog => self.panels.import.show(),
            Command::PreviewImport => self.preview_import(),
            Command::ApplyImport => self.apply_import(),
            Command::CommitImport => self.commit_import(),
        }
    }

    /// Changes the open folder's user phrases in the store (saved to its `pizhu.ron` like a tag
    /// edit, in the background) and renders the 简/繁 views with them.
    fn edit_user_phrases(&mut self, message: String, edit: impl FnOnce(&mut Vec<UserPhrase>)) {
        let Some(annotations) = &mut self.annotations else {
            self.report(Level::Info, tr(S::PhrasesNeedFolder).to_owned());
            return;
        };
        let edited = annotations::lock(&annotations.store)
            .settings_mut()
            .map(|settings| edit(&mut settings.user_phrases));
        match edited {
            Ok(()) => {
                annotations.changed();
                self.refresh_user_phrases();
                self.report(Level::Info, message);
            }
            Err(StoreError::ReadOnlyCorpus) => self.report(Level::Error, phrases_read_only()),
            Err(error) => self.report_error(error),
        }
    }

    pub(super) fn open_folder(&mut self, folder: PathBuf) {
        if let Err(source) = self.library.start_scan(folder.clone(), self.notify()) {
            self.report_error(UiError::StartScan { folder, source });
        }
    }

    pub(super) fn select_article(&mut self, id: ArticleId) {
        let Some(path) = self.library.corpus.get(id).map(|meta| meta.path.clone()) else {
            return;
        };
        if self.current == Some(id)
            && (self.reader.document.is_some() || self.reader.loading.is_some())
        {
            return;
        }
        self.current = Some(id);
        self.trim_store();
        if let Some(row) = self.library.rows.iter().position(|r| *r == id) {
            self.panels.list.scroll_to_row = Some(row);
        }
        let loader = self
            .annotations
            .as_ref()
            .map(|a| annotations::lock(&a.store).loader());
        self.focus.clear();
        let rendering = self
            .conversion
            .wanted(self.settings.show_ambiguities, self.settings.clean);
        // text-comfort (issue 12): the row is checked against the text read, refreshed if stale.
        let meta = self.library.corpus.articles.get(id.0).cloned();
        match Loading::start(id, path, loader, rendering, meta, self.notify()) {
            Ok(loading) => self.reader.loading = Some(loading),
            Err(error) => self.report_error(UiError::StartLoad(error)),
        }
    }

    fn annotation_note(&self, id: &AnnotationId) -> Option<String> {
        let key = self.current_key()?;
        let annotations = self.annotations.as_ref()?;
        let store = annotations::lock(&annotations.store);
        Some(store.annotation(&key, id)?.note.clone())
    }

    /// Applies an edit to the open article's annotations, reporting failures. True if done.
    fn edit_current(&mut self, edit: Edit) -> bool {
        let Some(key) = self.current_key() else {
            self.report_error(UiError::NotOpen);
            return false;
        };
        let Some(annotations) = &mut self.annotations else {
            return false;
        };
        match annotations.edit(&key, edit) {
            Ok(()) => true,
            Err(error) => {
                self.report_error(error);
                false
            }
        }
    }

    /// A new annotation of the open article over Original chars `original`.
    fn new_annotation(
        &self,
        original: std::ops::Range<usize>,
        tag: Option<TagId>,
    ) -> Result<Annotation, UiError> {
        let key = self.current_key().ok_or(UiError::NotOpen)?;
        let annotations = self.annotations.as_ref().ok_or(UiError::NotOpen)?;
        let store = annotations::lock(&annotations.store);
        let text = store.text(&key).ok_or(UiError::NotOpen)?;
        Annotation::new_in(text, original, tag, "").map_err(|e| StoreError::from(e).into())
    }

    fn annotate_selection(&mut self, tag: Option<TagId>) {
        let Some(document) = self.reader.document.clone() else {
            return;
        };
        let Some(selection) = self
            .reader
            .selection
            .map(|s| s.range())
            .filter(|r| !r.is_empty())
        else {
            self.report_on_article(Level::Info, tr(S::SelectTextFirst).to_owned());
            return;
        };
        let original = document
            .view(self.settings.view)
            .view
            .original_range(selection);
        let annotation = match self.new_annotation(original, tag) {
            Ok(annotation) => annotation,
            Err(error) => {
                self.report_error(error);
                return;
            }
        };
        let id = annotation.id.clone();
        if self.edit_current(Edit::Create(annotation)) {
            self.focus.selected = Some(id);
            self.reader.selection = None;
        }
    }

    fn jump_to_annotation(&mut self, id: AnnotationId) {
        let (Some(document), Some(annotations)) = (&self.reader.document, &self.annotations) else {
            return;
        };
        let Some(key) = &document.key else {
            return;
        };
        let range = annotations::lock(&annotations.store)
            .annotation(key, &id)
            .map(|a| a.range());
        if let Some(range) = range {
            let view = &document.view(self.settings.view).view;
            let shown = view.view_range(range);
            self.reader.reveal_char(shown.start);
            self.reader.flash(shown);
        }
        self.focus.selected = Some(id);
    }

    fn change_tag(&mut self, change: TagChange) {
        let Some(annotations) = &mut self.annotations else {
            return;
        };
        let result = change_tag_set(&mut annotations::lock(&annotations.store), change);
        match result {
            Ok(message) => {
                annotations.changed();
                if let Some(message) = message {
                    self.report(Level::Info, message);
                }
            }
            // Not an error: the tag editor asks before removing a tag in use.
            Err(StoreError::TagInUse { id, uses }) => {
                self.panels.tag_editor.confirm_remove = Some((id, uses));
            }
            Err(error) => self.report_error(error),
        }
    }

    fn resolve_conflict(&mut self, how: Resolution) {
        let Some(key) = self.current_key() else {
            return;
        };
        let Some(annotations) = &mut self.annotations else {
            return;
        };
        let result = annotations::lock(&annotations.store).resolve_conflict(&key, how);
        match result {
            Ok(report) => {
                annotations.changed();
                let text = match report {
                    Some(merge) => trf(
                        S::ResolvedMerged,
                        &[
                            ("n", &merge.annotations.len()),
                            ("both", &merge.both_edited.len()),
                        ],
                    ),
                    None => tr(S::Resolved).to_owned(),
                };
                self.report(Level::Info, text);
            }
            Err(error) => self.report_error(error),
        }
    }

    /// Previews tagging every occurrence of an annotation's text, in this article or the folder.
    fn start_tag_all(&mut self, id: &AnnotationId, whole_folder: bool) {
        let (Some(document), Some(annotations)) = (&self.reader.document, &self.annotations) else {
            return;
        };
        let Some(key) = &document.key else {
            return;
        };
        let found = annotations::lock(&annotations.store)
            .annotation(key, id)
            .map(|a| (a.range(), a.tag.clone()));
        let Some((range, tag)) = found else {
            return;
        };
        // Search for the text as the Clean view shows it (crawl pinyin removed).
        let clean = document.view(ViewKind::Clean);
        let needle = clean.slice(clean.view.view_range(range)).to_owned();
        if needle.trim().is_empty() {
            return;
        }
        let paths = if whole_folder {
            self.library
                .corpus
                .articles
                .iter()
                .map(|a| a.path.clone())
                .collect()
        } else {
            vec![document.path.clone()]
        };
        self.panels.tag_all.set_whole_folder(whole_folder);
        if let Err(error) = self.panels.tag_all.start(needle, tag, paths, self.notify()) {
            self.report_error(UiError::StartSearch(error));
        }
    }

    /// Builds the annotations "tag all" found, on a worker thread; they come back as
    /// [`Command::ApplyTagAll`].
    fn prepare_tag_all(&mut self) {
        let Some(annotations) = &self.annotations else {
            return;
        };
        let store = annotations.store.clone();
        if let Err(error) = self.panels.tag_all.prepare(&store, self.notify()) {
            self.report_error(UiError::StartTagging(error));
        }
    }

    /// Creates the annotations "tag all" built, as one undo step: adds the documents it loaded
    /// to the store, skips what is tagged already (it may have been tagged meanwhile), and
    /// reports the articles that refused (read-only) without undoing the others.
    fn apply_tag_all(&mut self, prepared: Prepared) {
        let Some(annotations) = &mut self.annotations else {
            return;
        };
        let Prepared {
            documents,
            edits,
            mut skipped,
        } = prepared;
        let edits: Vec<(DocKey, Edit)> = {
            let mut store = annotations::lock(&annotations.store);
            for document in documents {
                store.insert(document);
            }
            edits
                .into_iter()
                .filter(|(key, edit)| match edit {
                    Edit::Create(new) => !store
                        .annotations(key)
                        .iter()
                        .any(|a| a.range() == new.range() && a.tag == new.tag),
                    _ => true,
                })
                .collect()
        };
        let articles = {
            let mut keys: Vec<&DocKey> = edits.iter().map(|(key, _)| key).collect();
            keys.dedup();
            keys.len()
        };
        let (applied, refused) = annotations.edit_each(edits);
        skipped.extend(
            refused
                .iter()
                .map(|(key, error)| crate::ui::tag_all::skipped_sentence(key, error)),
        );
        let refused_articles = refused.len();
        let mut text = if self.panels.tag_all.whole_folder() {
            trf(
                S::TaggedInFolder,
                &[
                    ("n", &applied),
                    ("articles", &(articles - refused_articles)),
                ],
            )
        } else {
            trf(S::TaggedInArticle, &[("n", &applied)])
        };
        if !skipped.is_empty() {
            let list = skipped
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ");
            text.push_str(&trf(
                S::TaggedSkipped,
                &[("n", &skipped.len()), ("list", &list)],
            ));
            if skipped.len() > 3 {
                text.push_str("; …");
            }
            self.report(Level::Error, text);
        } else {
            self.report(Level::Info, text);
        }
    }

    /// Undoes (or redoes) the last step. A step that changed articles no longer open (dropped
    /// from memory) first opens them on a worker; the step replays when they arrive.
    fn undo_redo(&mut self, undo: bool) {
        let Some(annotations) = &self.annotations else {
            return;
        };
        let missing = annotations::lock(&annotations.store).documents_to_open_for(undo);
        if missing.is_empty() {
            self.replay(undo);
            return;
        }
        if self.replay_opening.is_some() {
            return; // already opening them; the step replays when they arrive
        }
        let loader = annotations::lock(&annotations.store).loader();
        let root = self.library.corpus.root.clone();
        let job = Job::spawn("pizhu-open-for-undo", self.notify(), move |reporter| {
            let mut documents: Vec<LoadedDocument> = Vec::new();
            for key in missing {
                let path = root.join(key.path());
                // An article that cannot be read is left closed: the replay then says which.
                let Ok(article) = Article::load(&path) else {
                    continue;
                };
                if let Ok(loaded) = loader.load(key.path(), article.decoded.text) {
                    documents.push(loaded);
                }
            }
            reporter.send(documents);
        });
        match job {
            Ok(job) => self.replay_opening = Some((job, undo)),
            Err(error) => self.report_error(UiError::StartLoad(error)),
        }
    }

    /// The documents an undo or redo needed were loaded: add them, then replay the step.
    fn replay_opened(&mut self, documents: Vec<LoadedDocument>, undo: bool) {
        if let Some(annotations) = &mut self.annotations {
            let mut store = annotations::lock(&annotations.store);
            for document in documents {
                store.insert(document);
            }
        }
        self.replay(undo);
    }

    fn replay(&mut self, undo: bool) {
        let current = self.current_key();
        let Some(annotations) = &mut self.annotations else {
            return;
        };
        let result = if undo {
            annotations.undo()
        } else {
            annotations.redo()
        };
        match result {
            Ok(Some(key)) => {
                // Undo across articles: open the article the step belonged to (keys are the
                // articles' paths relative to the folder: compared as such, no file system).
                if current.as_ref() != Some(&key)
                    && let Some(id) = self
                        .library
                        .corpus
                        .articles
                        .iter()
                        .position(|a| std::path::Path::new(&a.relative) == key.path())
                {
                    self.select_article(ArticleId(id));
                }
            }
            Ok(None) => {
                let nothing = if undo {
                    S::NothingToUndo
                } else {
                    S::NothingToRedo
                };
                self.report(Level::Info, tr(nothing).to_owned());
            }
            Err(error) => self.report_error(error),
        }
    }

    /// Step 3 of a background save: records it and says what the user should know.
    fn record_saves(&mut self) {
        let keep: Vec<DocKey> = self.current_key().into_iter().collect();
        let Some(annotations) = &mut self.annotations else {
            return;
        };
        let news = annotations.record_finished(&keep);
        for item in news {
            self.report_save_news(item, "");
        }
    }

    /// Keeps the folder's annotations in the user data folder from now on (its own folder
    /// cannot be written) and saves there.
    fn save_to_data_dir(&mut self) {
        let Some(annotations) = &mut self.annotations else {
            return;
        };
        match annotations.move_to_data_dir() {
            Some(folder) => self.report(
                Level::Info,
                trf(S::MovedToDataDir, &[("folder", &folder.display())]),
            ),
            None => self.report(Level::Error, tr(S::NoDataDir).to_owned()),
        }
    }

    /// Writes unsaved annotations of this and earlier folders now, on this thread: only on
    /// exit, when the window is closing anyway. What cannot be written is reported.
    pub fn save_before_exit(&mut self) {
        let mut problems = Vec::new();
        if let Some(annotations) = &mut self.annotations {
            problems.extend(annotations.save_blocking());
        }
        for old in &mut self.retiring {
            problems.extend(old.save_blocking());
        }
        self.retiring.clear();
        for problem in problems {
            self.report_error(problem);
        }
    }

    /// Drops documents not shown and not unsaved beyond the store's budget.
    pub(super) fn trim_store(&mut self) {
        let keep: Vec<DocKey> = self.current_key().into_iter().collect();
        if let Some(annotations) = &self.annotations {
            annotations::lock(&annotations.store).evict_unused(&keep, DEFAULT_OPEN_DOCUMENTS);
        }
    }

    fn set_view(&mut self, kind: ViewKind) {
        if kind == self.settings.view {
            return;
        }
        self.reader.switch_view(self.settings.view, kind);
        self.settings.view = kind;
    }
}

/// Where phrase `phrase` is: at `index` if it is still there, else its first copy.
fn phrase_position(phrases: &[UserPhrase], index: usize, phrase: &UserPhrase) -> Option<usize> {
    if phrases.get(index) == Some(phrase) {
        Some(index)
    } else {
        phrases.iter().position(|p| p == phrase)
    }
}

/// Applies `change` to the store's tag set. Returns what to tell the user, if anything.
fn change_tag_set(
    store: &mut AnnotationStore,
    change: TagChange,
) -> Result<Option<String>, StoreError> {
    if let TagChange::Remove { id, force } = change {
        let tag = store.remove_tag(&id, force)?;
        return Ok(Some(trf(
            S::TagRemoved,
            &[("label", &tag.label), ("id", &tag.id)],
        )));
    }
    let tags = store.tags_mut()?;
    match change {
        TagChange::Add { id, label } => {
            let id = TagId::new(&id)?;
            // A colour far from the others (perceptually), and the first free key.
            let existing: Vec<[u8; 3]> = tags.tags().iter().map(|t| t.colour).collect();
            let colour = tag_colours::next_colour(&existing);
            let key = (1..=9).find(|k| tags.by_key(*k).is_none());
            let label = if label.is_empty() {
                id.to_string()
            } else {
                label
            };
            tags.add(Tag {
                id,
                label,
                colour,
                key,
            })?;
        }
        TagChange::Rename(id, label) => tags.rename(&id, &label)?,
        TagChange::Recolour(id, colour) => tags.recolour(&id, colour)?,
        TagChange::Rebind(id, key) => {
            tags.rebind(&id, key)?;
        }
        TagChange::Remove { .. } => {}
    }
    Ok(None)
}
