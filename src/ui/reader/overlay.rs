//! The open article's annotations as one view shows them: spans in view chars, by paragraph,
//! rebuilt only when the annotations or the view change. The store keeps Original chars; each
//! annotation is placed with `ui::in_view` (what the side panel shows too).

use std::collections::HashMap;
use std::ops::Range;

use egui::Color32;

use crate::annotate::{AnchorState, AnnotationId, AnnotationStore, DocKey, TagId};
use crate::ui::document::ViewText;
use crate::ui::i18n::{self, Annotating as A, tr, trf};
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
    /// The tag's label, drawn above the span when labels are on (`None` for a highlight).
    pub label: Option<String>,
    /// Its underline's place in a stack of overlapping spans (0 nearest the text).
    pub level: u8,
    /// Another span shares some of its chars: it is underlined at its `level`.
    pub overlapping: bool,
}

/// The annotations of one document in one view, by paragraph.
#[derive(Default)]
pub struct Overlay {
    /// (document key, view, store generation) it was built for.
    pub built_for: Option<(
        DocKey,
        crate::text::ViewKind,
        u64,
        crate::ui::i18n::Language,
    )>,
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
        // The tooltips are worded in the current language: a switch rebuilds them.
        let wanted = (key.clone(), kind, generation, i18n::current());
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
                    (None, _) => tr(A::Highlight).to_owned(),
                    (Some(id), Some((_, label))) => format!("{label} {id}"),
                    (Some(id), None) => trf(A::UnknownTag, &[("id", id)]),
                };
                let mut tooltip = label;
                if !a.note.is_empty() {
                    tooltip.push('\n');
                    tooltip.extend(a.note.chars().take(300));
                }
                if shown.quote != a.quote {
                    tooltip.push('\n');
                    tooltip.push_str(&trf(
                        A::OriginalQuote,
                        &[("quote", &shortened(&a.quote, 80))],
                    ));
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
                    label: a.tag.as_ref().map(|id| match tag {
                        Some((_, label)) => label.to_owned(),
                        None => id.to_string(),
                    }),
                    level: 0,
                    overlapping: false,
                })
            })
            .collect();
        all.sort_by_key(|s| (s.range.start, s.range.end));
        stack_overlaps(&mut all);
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

    /// Every annotation at view char `char_index`, outermost first.
    pub fn all_at(&self, paragraph: usize, char_index: usize) -> Vec<&Span> {
        let mut spans: Vec<&Span> = self
            .paragraph(paragraph)
            .iter()
            .filter(|s| s.range.contains(&char_index))
            .collect();
        spans.sort_by_key(|s| std::cmp::Reverse(s.range.len()));
        spans
    }

    /// The innermost annotation at view char `char_index`.
    pub fn at(&self, paragraph: usize, char_index: usize) -> Option<&Span> {
        self.paragraph(paragraph)
            .iter()
            .filter(|s| s.range.contains(&char_index))
            .min_by_key(|s| s.range.len())
    }
}

/// Gives overlapping spans distinct underline levels (interval colouring, outer spans first, so
/// a span keeps its level along its whole length) and marks which spans overlap another.
/// `spans` are sorted by start.
fn stack_overlaps(spans: &mut [Span]) {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    // Outer spans first where two start together: they take the lower levels.
    order.sort_by_key(|&i| (spans[i].range.start, std::cmp::Reverse(spans[i].range.end)));
    // Spans still open at the current start: (end, level, index).
    let mut open: Vec<(usize, u8, usize)> = Vec::new();
    for i in order {
        let start = spans[i].range.start;
        open.retain(|&(end, _, _)| end > start);
        let level = (0u8..)
            .find(|l| open.iter().all(|&(_, used, _)| used != *l))
            .unwrap_or(0);
        if !open.is_empty() {
            spans[i].overlapping = true;
            for &(_, _, j) in &open {
                spans[j].overlapping = true;
            }
        }
        spans[i].level = level;
        open.push((spans[i].range.end, level, i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(range: Range<usize>) -> Span {
        Span {
            range,
            colour: Color32::RED,
            id: AnnotationId::generate(),
            tooltip: String::new(),
            label: None,
            level: 0,
            overlapping: false,
        }
    }

    #[test]
    fn overlapping_spans_get_distinct_levels() {
        // 区委书记何黨生: 区委书记何黨生 (ORG+PER), 何黨生 (PER), 区委 (ORG), and a lone span.
        let mut spans = vec![span(0..7), span(0..2), span(4..7), span(10..12)];
        spans.sort_by_key(|s| (s.range.start, s.range.end));
        stack_overlaps(&mut spans);
        let by_range = |r: Range<usize>| {
            spans
                .iter()
                .find(|s| s.range == r)
                .map(|s| (s.level, s.overlapping))
                .expect("span")
        };
        assert_eq!(by_range(0..7), (0, true), "the outer span keeps level 0");
        assert_eq!(by_range(0..2), (1, true));
        assert_eq!(
            by_range(4..7),
            (1, true),
            "level 1 is free again after 0..2"
        );
        assert_eq!(
            by_range(10..12),
            (0, false),
            "a lone span is not underlined"
        );
    }

    #[test]
    fn three_nested_spans_stack_three_levels() {
        let mut spans = vec![span(0..9), span(2..8), span(3..5)];
        stack_overlaps(&mut spans);
        let levels: Vec<u8> = spans.iter().map(|s| s.level).collect();
        assert_eq!(levels, [0, 1, 2]);
        assert!(spans.iter().all(|s| s.overlapping));
    }
}
