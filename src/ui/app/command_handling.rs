//! Carrying out [`Command`]s after drawing: the only place that edits the annotation store.

use std::path::PathBuf;

use super::PizhuApp;
use crate::annotate::{
    Annotation, AnnotationId, AnnotationStore, DocKey, Edit, Resolution, StoreError, Tag, TagId,
};
use crate::corpus::ArticleId;
use crate::text::ViewKind;
use crate::ui::annotations;
use crate::ui::command::{Command, TagChange};
use crate::ui::document::Loading;
use crate::ui::error::UiError;
use crate::ui::status_bar::Level;
use crate::ui::theme;

/// Colours offered to new tags, in turn.
const NEW_TAG_COLOURS: [[u8; 3]; 6] = [
    [0x8E, 0x6C, 0xC9],
    [0x3A, 0xA6, 0x9B],
    [0xD9, 0x7B, 0x3C],
    [0x5B, 0x8D, 0xD9],
    [0xC9, 0x4F, 0x7C],
    [0x7A, 0x9A, 0x3A],
];

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
            Command::SelectArticle(id) => self.select_article(id),
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
            Command::ToggleHideBoilerplate => {
                self.settings.hide_boilerplate = !self.settings.hide_boilerplate;
            }
            Command::ToggleSidePanel => {
                self.settings.show_side_panel = !self.settings.show_side_panel;
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
            Command::DismissMessage => self.messages.dismiss_latest(),
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
                    None => self.report(Level::Info, format!("No tag is bound to key {key}.")),
                }
            }
            Command::SelectAnnotation(id) => {
                self.focus.note_draft = None;
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
                }
            }
            Command::TagAllInArticle(id) => self.start_tag_all(&id, false),
            Command::TagAllInFolder(id) => self.start_tag_all(&id, true),
            Command::ConfirmTagAll => self.prepare_tag_all(),
            Command::ApplyTagAll(edits) => self.apply_tag_all(edits),
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
                    None => self.report(Level::Info, "Select the new extent first.".to_owned()),
                }
            }
            Command::ResolveConflict(how) => self.resolve_conflict(how),
            Command::ShowTagEditor => self.panels.tag_editor.open = true,
            Command::ChangeTag(change) => self.change_tag(change),
            Command::Undo => self.undo_redo(true),
            Command::Redo => self.undo_redo(false),
            Command::Search(command) => self.run_search_command(command),
        }
    }

    pub(super) fn open_folder(&mut self, folder: PathBuf) {
        if let Err(source) = self.library.start_scan(folder.clone(), self.notify()) {
            self.report_error(UiError::StartScan { folder, source });
        }
    }

    pub(super) fn select_article(&mut self, id: ArticleId) {
        let Some(meta) = self.library.corpus.get(id) else {
            return;
        };
        if self.current == Some(id)
            && (self.reader.document.is_some() || self.reader.loading.is_some())
        {
            return;
        }
        self.current = Some(id);
        if let Some(row) = self.library.rows.iter().position(|r| *r == id) {
            self.panels.list.scroll_to_row = Some(row);
        }
        let store = self.annotations.as_ref().map(|a| a.store.clone());
        self.focus.clear();
        match Loading::start(id, meta.path.clone(), store, self.notify()) {
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
            self.report(Level::Info, "Select some text first.".to_owned());
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
            self.reader.scroll_to_char(shown.start);
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
                    Some(merge) => format!(
                        "Merged with the file on disk: {} annotations ({} edited on both sides, the later edit kept).",
                        merge.annotations.len(),
                        merge.both_edited.len()
                    ),
                    None => "Conflict resolved.".to_owned(),
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

    /// Creates the annotations "tag all" built, as one undo step.
    fn apply_tag_all(&mut self, edits: Vec<(DocKey, Edit)>) {
        let Some(annotations) = &mut self.annotations else {
            return;
        };
        let count = edits.len();
        match annotations.edit_many(edits) {
            Ok(()) => self.report(
                Level::Info,
                format!("Tagged {count} occurrences in the folder (one undo step)."),
            ),
            Err(error) => self.report_error(error),
        }
    }

    fn undo_redo(&mut self, undo: bool) {
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
                // Undo across articles: open the article the step belonged to.
                let store = annotations.store.clone();
                if current.as_ref() != Some(&key)
                    && let Some(id) = self.library.corpus.articles.iter().position(|a| {
                        annotations::lock(&store)
                            .key_for(&a.path)
                            .is_ok_and(|k| k == key)
                    })
                {
                    self.select_article(ArticleId(id));
                }
            }
            Ok(None) => {
                let what = if undo { "undo" } else { "redo" };
                self.report(Level::Info, format!("Nothing to {what}."));
            }
            Err(error) => self.report_error(error),
        }
    }

    /// Writes unsaved annotations now (before switching folders and on exit).
    pub(super) fn save_annotations_now(&mut self) {
        if let Some(annotations) = &mut self.annotations {
            for problem in annotations.save_blocking() {
                self.report_error(problem);
            }
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

/// Applies `change` to the store's tag set. Returns what to tell the user, if anything.
fn change_tag_set(
    store: &mut AnnotationStore,
    change: TagChange,
) -> Result<Option<String>, StoreError> {
    if let TagChange::Remove { id, force } = change {
        let tag = store.remove_tag(&id, force)?;
        return Ok(Some(format!("Removed tag {} {}.", tag.label, tag.id)));
    }
    let tags = store.tags_mut()?;
    match change {
        TagChange::Add { id, label } => {
            let id = TagId::new(&id)?;
            let colour = NEW_TAG_COLOURS[tags.len() % NEW_TAG_COLOURS.len()];
            let label = if label.is_empty() {
                id.to_string()
            } else {
                label
            };
            tags.add(Tag {
                id,
                label,
                colour,
                key: None,
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
