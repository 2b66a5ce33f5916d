//! The annotation half of the right panel: tag palette, the selected annotation's editor, this
//! article's annotations in reading order, and orphans. Reads the store; edits go out as
//! commands.
//!
//! Annotations are shown as the reader's current view shows them (`ui::in_view`): in 简 an
//! annotation on `茶亭經(jīng)開區` reads `茶亭经开区`, the Original is on hover, and one whose text
//! the view removed is greyed with why.

use egui::text::{LayoutJob, TextWrapping};
use egui::{Color32, FontId, RichText, TextFormat};

use super::annotations::{Annotations, lock};
use super::command::Command;
use super::document::ViewText;
use super::i18n::{self, Annotating as A, tr, trf};
use super::in_view::{in_view_text, not_in_view, shortened, why};
use super::theme::Palette;
use crate::annotate::in_view::InView;
use crate::annotate::{
    AnchorState, Annotation, AnnotationId, AnnotationStore, DocKey, DocStatus, TagId, TagSet,
};
use crate::text::ViewKind;

/// Chars of context shown on each side of a quote in the list, so repeated quotes (seven
/// `何黨生`) can be told apart.
const CONTEXT_CHARS: usize = 6;

/// Panel state that lives across frames.
#[derive(Default)]
pub struct AnnotationPanel {
    /// Show only annotations with this tag (`Some(None)`: only highlights).
    filter: Option<Option<TagId>>,
    /// The list rows and counts, rebuilt only when the annotations or the filter change, so a
    /// frame costs the visible rows only.
    cache: Option<ListCache>,
}

/// What the list was built for: document, view, store generation, tag filter, and the language
/// its hover texts are in.
type CacheKey = (DocKey, ViewKind, u64, Option<Option<TagId>>, i18n::Language);

/// What the list shows, derived from the store.
struct ListCache {
    built_for: CacheKey,
    rows: Vec<Row>,
    counts: std::collections::BTreeMap<Option<TagId>, usize>,
    orphans: Vec<(AnnotationId, String)>,
}

/// One annotation in the list: its quote with a little context, as the current view shows it.
struct Row {
    id: AnnotationId,
    label: String,
    prefix: String,
    quote: String,
    suffix: String,
    note: String,
    colour: Color32,
    hover: String,
    /// The view shows it (else it is greyed: the view removed its text).
    shown: bool,
}

/// What the panel needs from the app.
pub struct PanelInput<'a> {
    /// The folder's annotations.
    pub annotations: &'a Annotations,
    /// The open article's key.
    pub key: &'a DocKey,
    /// The open article in the reader's current view.
    pub view: &'a ViewText,
    /// The selected annotation.
    pub selected: Option<&'a AnnotationId>,
    /// The note being edited.
    pub note_draft: &'a mut Option<(AnnotationId, String)>,
    /// Give the note field keyboard focus this frame.
    pub focus_note: &'a mut bool,
    /// There is a text selection to tag.
    pub has_selection: bool,
}

impl AnnotationPanel {
    /// Draws the panel.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        input: PanelInput<'_>,
        palette: &Palette,
        commands: &mut Vec<Command>,
    ) {
        let store = lock(&input.annotations.store);
        let key = input.key;
        let tags = store.tags().clone();
        let status = store.status(key);
        if let Some(error) = store.load_error(key) {
            ui.colored_label(palette.lost, trf(A::ReadOnly, &[("error", &error)]));
            ui.label(RichText::new(tr(A::ReadOnlyFix)).small());
        } else if status == Some(DocStatus::Conflict)
            && let Some(conflict) = store.conflict(key)
        {
            // Readable changes are merged by the save; what is left cannot be read.
            ui.colored_label(
                palette.lost,
                trf(A::ConflictKept, &[("problem", &conflict.problem)]),
            );
            ui.horizontal_wrapped(|ui| {
                use crate::annotate::Resolution;
                if !conflict.newer
                    && ui
                        .button(tr(A::KeepMine))
                        .on_hover_text(tr(A::KeepMineHint))
                        .clicked()
                {
                    commands.push(Command::ResolveConflict(Resolution::KeepOurs));
                }
                if ui
                    .button(tr(A::DiscardMine))
                    .on_hover_text(tr(A::DiscardMineHint))
                    .clicked()
                {
                    commands.push(Command::ResolveConflict(Resolution::TakeTheirs));
                }
            });
        }

        // Tag palette.
        ui.horizontal(|ui| {
            ui.heading(tr(A::Tags));
            if ui
                .small_button(tr(A::EditTags))
                .on_hover_text(tr(A::EditTagsHint))
                .clicked()
            {
                commands.push(Command::ShowTagEditor);
            }
        });
        // Always one line, in the same place: selecting text never resizes the panel.
        let (hint, colour) = if input.has_selection {
            (tr(A::HintSelection), palette.accent)
        } else {
            (tr(A::HintIdle), palette.dim)
        };
        ui.add(egui::Label::new(RichText::new(hint).small().color(colour)).truncate());
        let wanted = (
            key.clone(),
            input.view.view.kind,
            input.annotations.generation,
            self.filter.clone(),
            i18n::current(),
        );
        if self.cache.as_ref().is_none_or(|c| c.built_for != wanted) {
            self.cache = Some(build_cache(&store, key, &tags, input.view, wanted));
        }
        let Some(cache) = &self.cache else {
            return;
        };
        let counts = &cache.counts;
        for tag in tags.tags() {
            let count = counts.get(&Some(tag.id.clone())).copied().unwrap_or(0);
            let colour = Color32::from_rgb(tag.colour[0], tag.colour[1], tag.colour[2]);
            ui.horizontal(|ui| {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 3.0, colour);
                let key_label = tag.key.map_or("  ".to_owned(), |k| k.to_string());
                let text = format!("{key_label}  {} {}", tag.label, tag.id);
                let filtered = self.filter.as_ref() == Some(&Some(tag.id.clone()));
                let response = ui.selectable_label(filtered, text);
                if response.clicked() {
                    if input.has_selection {
                        commands.push(Command::AnnotateSelection(Some(tag.id.clone())));
                    } else {
                        self.filter = if filtered {
                            None
                        } else {
                            Some(Some(tag.id.clone()))
                        };
                    }
                }
                response.on_hover_text(tr(if input.has_selection {
                    A::TagSelection
                } else {
                    A::FilterTag
                }));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(RichText::new(count.to_string()).color(palette.dim));
                });
            });
        }
        let highlights = counts.get(&None).copied().unwrap_or(0);
        ui.horizontal(|ui| {
            let filtered = self.filter == Some(None);
            if ui
                .selectable_label(filtered, trf(A::Highlights, &[("n", &highlights)]))
                .clicked()
            {
                if input.has_selection {
                    commands.push(Command::AnnotateSelection(None));
                } else {
                    self.filter = if filtered { None } else { Some(None) };
                }
            }
        });

        // The selected annotation.
        if let Some(selected) = input.selected.and_then(|id| store.annotation(key, id)) {
            ui.separator();
            let state = store
                .anchor_state(key, &selected.id)
                .unwrap_or(&AnchorState::Anchored);
            let shown = in_view_text(input.view, selected.range(), state);
            selected_ui(
                ui,
                selected,
                &shown,
                input.view.view.kind,
                &tags,
                input.note_draft,
                input.focus_note,
                palette,
                commands,
            );
        }

        // This article's annotations, in reading order (only the visible rows are drawn).
        ui.separator();
        ui.heading(trf(A::Annotations, &[("n", &cache.rows.len())]));
        if cache.rows.is_empty() {
            ui.label(RichText::new(tr(A::NoAnnotations)).color(palette.dim));
        }
        let row_height = ui.text_style_height(&egui::TextStyle::Button) + 4.0;
        egui::ScrollArea::vertical()
            .id_salt("annotation-list")
            .max_height(320.0)
            .auto_shrink([false, true])
            .show_rows(ui, row_height, cache.rows.len(), |ui, range| {
                for row in &cache.rows[range] {
                    let job = row_job(row, ui.available_width(), palette);
                    let response = ui.add(
                        egui::Button::selectable(input.selected == Some(&row.id), job).truncate(),
                    );
                    if response.clicked() {
                        commands.push(Command::JumpToAnnotation(row.id.clone()));
                    }
                    response.on_hover_text(&row.hover);
                }
            });

        if !cache.orphans.is_empty() {
            ui.separator();
            ui.heading(trf(A::Orphans, &[("n", &cache.orphans.len())]));
            ui.label(RichText::new(tr(A::OrphansHint)).small().color(palette.dim));
            for (id, quote) in cache.orphans.iter().take(200) {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(quote).strikethrough())
                        .on_hover_text(tr(A::OrphanHover));
                    if ui.small_button(tr(A::Delete)).clicked() {
                        commands.push(Command::DeleteAnnotation(id.clone()));
                    }
                });
            }
        }
    }
}

fn build_cache(
    store: &AnnotationStore,
    key: &DocKey,
    tags: &TagSet,
    view: &ViewText,
    built_for: CacheKey,
) -> ListCache {
    let filter = &built_for.3;
    let rows = store
        .anchored(key)
        .filter(|a| filter.as_ref().is_none_or(|f| *f == a.tag))
        .map(|a| {
            let state = store
                .anchor_state(key, &a.id)
                .unwrap_or(&AnchorState::Anchored);
            row(
                a,
                &in_view_text(view, a.range(), state),
                view.view.kind,
                tags,
            )
        })
        .collect();
    let orphans = store
        .orphans(key)
        .into_iter()
        .map(|a| (a.id.clone(), a.quote.clone()))
        .collect();
    ListCache {
        counts: store.document_tag_counts(key),
        rows,
        orphans,
        built_for,
    }
}

/// One list row: the annotation's quote as view `kind` shows it between a few chars of its
/// context (so repeated quotes can be told apart); the Original, where it is stored and why the
/// view shows it differently on hover.
fn row(annotation: &Annotation, shown: &InView<'_>, kind: ViewKind, tags: &TagSet) -> Row {
    let (label, colour) = tag_label(tags, &annotation.tag);
    let one_line = |text: &str| text.replace(['\r', '\n'], " ");
    let (prefix, quote, suffix) = if shown.is_shown() {
        (
            one_line(shortened_end(shown.prefix, CONTEXT_CHARS)),
            one_line(shown.quote),
            // `row_job` marks the cut itself: no `shortened` (it adds its own `…`).
            one_line(&shown.suffix.chars().take(CONTEXT_CHARS).collect::<String>()),
        )
    } else {
        (
            String::new(),
            format!("〔{}〕 {}", shortened(&annotation.quote, 20), not_in_view()),
            String::new(),
        )
    };
    Row {
        id: annotation.id.clone(),
        label,
        prefix,
        quote: quote.chars().take(40).collect(),
        suffix,
        note: annotation.note.chars().take(30).collect(),
        colour,
        hover: hover_text(annotation, shown, kind),
        shown: shown.is_shown(),
    }
}

/// A list row on one line: the tag's label, then the quote on its colour between dimmed
/// context, then the note; elided at `width`.
fn row_job(row: &Row, width: f32, palette: &Palette) -> LayoutJob {
    let font = FontId::proportional(14.0);
    let plain = TextFormat::simple(font.clone(), palette.text);
    let dim = TextFormat::simple(font.clone(), palette.dim);
    let mut job = LayoutJob {
        wrap: TextWrapping::truncate_at_width(width),
        ..LayoutJob::default()
    };
    job.append(&format!("{} · ", row.label), 0.0, dim.clone());
    if !row.prefix.is_empty() {
        job.append(&format!("…{}", row.prefix), 0.0, dim.clone());
    }
    // A quote the view does not show is greyed (its stored text and why, in brackets).
    let quote_format = if row.shown {
        TextFormat {
            background: row.colour.gamma_multiply(0.35),
            ..plain
        }
    } else {
        TextFormat {
            italics: true,
            ..dim.clone()
        }
    };
    job.append(&row.quote, 0.0, quote_format);
    if !row.suffix.is_empty() {
        job.append(&format!("{}…", row.suffix), 0.0, dim.clone());
    }
    if !row.note.is_empty() {
        job.append(&format!("  — {}", row.note), 0.0, dim);
    }
    job
}

/// What hovering an annotation in the panel shows: context in the view, the Original, where it
/// is stored, why the view shows it differently, the note.
fn hover_text(annotation: &Annotation, shown: &InView<'_>, kind: ViewKind) -> String {
    let mut lines = Vec::new();
    if shown.is_shown() {
        lines.push(format!(
            "{}: …{}【{}】{}…",
            i18n::view_name(kind),
            shortened_end(shown.prefix, 12),
            shortened(shown.quote, 60),
            shortened(shown.suffix, 12)
        ));
    }
    lines.push(trf(
        A::OriginalQuote,
        &[("quote", &shortened(&annotation.quote, 60))],
    ));
    lines.push(original_chars(annotation));
    lines.extend(why(&shown.placement, kind));
    if !annotation.note.is_empty() {
        lines.push(annotation.note.clone());
    }
    lines.join("\n")
}

/// Where the annotation is stored: "Original chars 12–15".
fn original_chars(annotation: &Annotation) -> String {
    trf(
        A::OriginalChars,
        &[("start", &annotation.start), ("end", &annotation.end)],
    )
}

/// The last `max` chars of `text`.
fn shortened_end(text: &str, max: usize) -> &str {
    let skip = text.chars().count().saturating_sub(max);
    let byte = text.char_indices().nth(skip).map_or(text.len(), |(b, _)| b);
    &text[byte..]
}

fn tag_label(tags: &TagSet, tag: &Option<TagId>) -> (String, Color32) {
    match tag {
        None => (tr(A::Highlight).to_owned(), super::theme::HIGHLIGHT),
        Some(id) => match tags.get(id) {
            Some(tag) => (
                tag.label.clone(),
                Color32::from_rgb(tag.colour[0], tag.colour[1], tag.colour[2]),
            ),
            None => (format!("{id}?"), Color32::GRAY),
        },
    }
}

#[allow(clippy::too_many_arguments)] // the panel's parts, passed by reference
fn selected_ui(
    ui: &mut egui::Ui,
    annotation: &Annotation,
    shown: &InView<'_>,
    kind: ViewKind,
    tags: &TagSet,
    note_draft: &mut Option<(AnnotationId, String)>,
    focus_note: &mut bool,
    palette: &Palette,
    commands: &mut Vec<Command>,
) {
    ui.heading(tr(A::Selected));
    if shown.is_shown() {
        ui.label(RichText::new(format!("“{}”", shortened(shown.quote, 200))).size(16.0))
            .on_hover_text(hover_text(annotation, shown, kind));
    } else {
        ui.label(
            RichText::new(format!("〔{}〕", shortened(&annotation.quote, 200)))
                .size(16.0)
                .italics()
                .color(palette.dim),
        );
        ui.label(RichText::new(not_in_view()).color(palette.dim));
    }
    if shown.quote != annotation.quote && shown.is_shown() {
        ui.label(
            RichText::new(trf(
                A::OriginalQuote,
                &[("quote", &shortened(&annotation.quote, 200))],
            ))
            .small()
            .color(palette.dim),
        );
    }
    if let Some(why) = why(&shown.placement, kind) {
        ui.label(RichText::new(why).small().color(palette.dim));
    }
    ui.label(
        RichText::new(original_chars(annotation))
            .small()
            .color(palette.dim),
    );
    let mut tag = annotation.tag.clone();
    egui::ComboBox::from_label(tr(A::Tag))
        .selected_text(tag_label(tags, &tag).0)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut tag, None, tr(A::HighlightNoTag));
            for t in tags.tags() {
                ui.selectable_value(
                    &mut tag,
                    Some(t.id.clone()),
                    format!("{} {}", t.label, t.id),
                );
            }
        });
    if tag != annotation.tag {
        commands.push(Command::SetTag(annotation.id.clone(), tag));
    }

    // The note: edited in a draft, written as one undo step when the field loses focus.
    if note_draft
        .as_ref()
        .is_none_or(|(id, _)| *id != annotation.id)
    {
        *note_draft = Some((annotation.id.clone(), annotation.note.clone()));
    }
    if let Some((id, draft)) = note_draft {
        ui.label(tr(A::Note));
        let response = ui.add(
            egui::TextEdit::multiline(draft)
                .desired_rows(3)
                .desired_width(f32::INFINITY)
                .hint_text(tr(A::NoteHint)),
        );
        if std::mem::take(focus_note) {
            response.request_focus();
        }
        if response.lost_focus() && *draft != annotation.note {
            commands.push(Command::SetNote(id.clone(), draft.clone()));
        }
    }
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(tr(A::TagAllInArticle))
            .on_hover_text(tr(A::TagAllInArticleHint))
            .clicked()
        {
            commands.push(Command::TagAllInArticle(annotation.id.clone()));
        }
        if ui
            .button(tr(A::TagAllInFolder))
            .on_hover_text(tr(A::TagAllInFolderHint))
            .clicked()
        {
            commands.push(Command::TagAllInFolder(annotation.id.clone()));
        }
        if ui.button(tr(A::DeleteKey)).clicked() {
            commands.push(Command::DeleteAnnotation(annotation.id.clone()));
        }
    });
}
