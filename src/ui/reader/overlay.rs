//! The open article's annotations as one view shows them: spans in view chars, by paragraph,
//! rebuilt only when the annotations or the view change. The store keeps Original chars; each
//! annotation is placed with `ui::in_view` (what the side panel shows too).

use std::collections::HashMap;
use std::ops::Range;

use egui::Color32;

use crate::annotate::{AnchorState, AnnotationId, AnnotationStore, DocKey, TagId};
use crate::ui::document::ViewText;
use crate::ui::in_view::{in_view_text, shortened, why};
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
        // Each annotation placed as the view shows it (the side panel uses the same function),
        // so the tooltip names the Original when the view spells it differently.
        let mut all: Vec<Span> = store
            .anchored(key)
            .filter_map(|a| {
                let state = store
                    .anchor_state(key, &a.id)
                    .unwrap_or(&AnchorState::Anchored);
                let shown = in_view_text(view, a.range(), state);
                let range = shown.placement.range()?;
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
                if shown.quote != a.quote {
                    tooltip.push_str(&format!("\n原文 Original: {}", shortened(&a.quote, 80)));
                }
                if let Some(why) = why(&shown.placement, kind) {
                    tooltip.push('\n');
                    tooltip.push_str(&why);
                }
                Some(Span {
                    range,
                    colour: tag.map_or(HIGHLIGHT, |(colour, _)| colour),
                    id: a.id.clone(),
                    tooltip,
                })
            })
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
