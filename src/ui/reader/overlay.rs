//! The open article's annotations as one view shows them: spans in view chars, by paragraph,
//! rebuilt only when the annotations or the view change. The store keeps Original chars.

use std::collections::HashMap;
use std::ops::Range;

use egui::Color32;

use crate::annotate::{AnnotationId, AnnotationStore, DocKey, TagId};
use crate::ui::document::ViewText;
use crate::ui::theme::HIGHLIGHT;

/// An annotation as one view shows it.
#[derive(Clone, Debug)]
pub struct Span {
    /// View chars.
    pub range: Range<usize>,
    /// Its colour.
    pub colour: Color32,
    /// Which annotation.
    pub id: AnnotationId,
    /// What hovering shows: tag and note.
    pub tooltip: String,
}

/// The annotations of one document in one view, by paragraph.
#[derive(Default)]
pub struct Overlay {
    /// (document key, view, store generation) it was built for.
    pub built_for: Option<(DocKey, crate::text::ViewKind, u64)>,
    /// Per paragraph, the spans that touch it (view chars, sorted by start).
    pub by_paragraph: Vec<Vec<Span>>,
    /// Every span, in reading order.
    pub all: Vec<Span>,
    /// Where each annotation is in `all`.
    index: HashMap<AnnotationId, usize>,
}

impl Overlay {
    /// Rebuilds the overlay from the store (only when its inputs changed).
    pub fn refresh(
        &mut self,
        key: &DocKey,
        kind: crate::text::ViewKind,
        generation: u64,
        view: &ViewText,
        store: &AnnotationStore,
    ) {
        let wanted = (key.clone(), kind, generation);
        if self.built_for.as_ref() == Some(&wanted) {
            return;
        }
        let colours: HashMap<&TagId, (Color32, &str)> = store
            .tags()
            .tags()
            .iter()
            .map(|t| {
                let colour = Color32::from_rgb(t.colour[0], t.colour[1], t.colour[2]);
                (&t.id, (colour, t.label.as_str()))
            })
            .collect();
        let mut all: Vec<Span> = store
            .anchored(key)
            .map(|a| {
                let tag = a.tag.as_ref().and_then(|t| colours.get(t).copied());
                let label = match (&a.tag, tag) {
                    (None, _) => "高亮 Highlight".to_owned(),
                    (Some(id), Some((_, label))) => format!("{label} {id}"),
                    (Some(id), None) => format!("{id} (unknown tag)"),
                };
                let mut tooltip = label;
                if !a.note.is_empty() {
                    tooltip.push('\n');
                    tooltip.extend(a.note.chars().take(300));
                }
                Span {
                    range: view.view.view_range(a.range()),
                    colour: tag.map_or(HIGHLIGHT, |(colour, _)| colour),
                    id: a.id.clone(),
                    tooltip,
                }
            })
            .filter(|s| !s.range.is_empty())
            .collect();
        all.sort_by_key(|s| (s.range.start, s.range.end));
        let mut by_paragraph = vec![Vec::new(); view.paragraphs.len()];
        for span in &all {
            let first = view.paragraph_at(span.range.start);
            for (i, paragraph) in view.paragraphs.iter().enumerate().skip(first) {
                if paragraph.chars.start >= span.range.end {
                    break;
                }
                if paragraph.chars.end > span.range.start || paragraph.chars.is_empty() {
                    by_paragraph[i].push(span.clone());
                }
            }
        }
        self.index = all
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        self.by_paragraph = by_paragraph;
        self.all = all;
        self.built_for = Some(wanted);
    }

    /// The span of annotation `id`, if it shows in this view.
    pub fn span(&self, id: &AnnotationId) -> Option<&Span> {
        self.all.get(*self.index.get(id)?)
    }

    /// The spans touching paragraph `i`.
    pub fn paragraph(&self, i: usize) -> &[Span] {
        self.by_paragraph.get(i).map_or(&[], Vec::as_slice)
    }

    /// The innermost annotation at view char `char_index`.
    pub fn at(&self, paragraph: usize, char_index: usize) -> Option<&Span> {
        self.paragraph(paragraph)
            .iter()
            .filter(|s| s.range.contains(&char_index))
            .min_by_key(|s| s.range.len())
    }
}
