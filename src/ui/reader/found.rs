//! The find bar's hits as the reader paints them: every hit outlined, the current one filled,
//! in a colour no tag uses (tags fill their text; found text is boxed). Positions are view chars
//! of the current view; the find bar (`ui/find_bar.rs`) computes them off the UI thread.

use std::ops::Range;
use std::sync::Arc;

use egui::{Color32, Galley, Pos2, Stroke};

use super::paragraph::{Paint, paint_range};

/// What the find bar found in the article shown, in its current view.
#[derive(Clone, Debug, Default)]
pub struct FoundMarks {
    /// The hits, in order (view chars).
    pub hits: Arc<Vec<Range<usize>>>,
    /// The hit the find bar is on.
    pub current: Option<usize>,
}

impl FoundMarks {
    /// The hits that touch view chars `range`, with their indices (a binary search: hits are
    /// sorted and do not overlap).
    fn touching(&self, range: &Range<usize>) -> impl Iterator<Item = (usize, &Range<usize>)> {
        let first = self.hits.partition_point(|hit| hit.end <= range.start);
        self.hits[first..]
            .iter()
            .enumerate()
            .map(move |(i, hit)| (first + i, hit))
            .take_while(move |(_, hit)| hit.start < range.end || hit.is_empty())
    }
}

/// The colour of found text: a violet no default tag has.
pub fn found_colour(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xB3, 0x8C, 0xFF)
    } else {
        Color32::from_rgb(0x75, 0x3B, 0xE0)
    }
}

/// Paints the hits inside the paragraph holding view chars `paragraph`, drawn at `top_left`.
pub(super) fn paint_found(
    ui: &egui::Ui,
    galley: &Galley,
    top_left: Pos2,
    paragraph: Range<usize>,
    found: &FoundMarks,
    dark: bool,
    text_only: bool,
) {
    if found.hits.is_empty() {
        return;
    }
    let colour = found_colour(dark);
    for (i, hit) in found.touching(&paragraph) {
        if found.current == Some(i) {
            let fill = colour.gamma_multiply(if dark { 0.45 } else { 0.3 });
            paint_range(
                ui,
                galley,
                top_left,
                paragraph.clone(),
                hit,
                Paint::Fill(fill),
                text_only,
            );
            let stroke = Stroke::new(2.0, colour);
            paint_range(
                ui,
                galley,
                top_left,
                paragraph.clone(),
                hit,
                Paint::Outline(stroke),
                text_only,
            );
        } else {
            let stroke = Stroke::new(1.0, colour.gamma_multiply(0.8));
            paint_range(
                ui,
                galley,
                top_left,
                paragraph.clone(),
                hit,
                Paint::Outline(stroke),
                text_only,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touching_finds_the_hits_of_a_paragraph() {
        let found = FoundMarks {
            hits: Arc::new(vec![0..2, 5..7, 9..12, 20..22]),
            current: None,
        };
        let touching = |range: Range<usize>| -> Vec<usize> {
            found.touching(&range).map(|(i, _)| i).collect()
        };
        assert_eq!(touching(0..5), [0]);
        assert_eq!(touching(6..10), [1, 2]);
        assert_eq!(touching(12..20), Vec::<usize>::new());
        assert_eq!(touching(11..30), [2, 3]);
    }
}
