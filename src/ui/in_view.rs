//! Annotations as the reader's current view shows them, for the side panel's list, the 选中
//! Selected box and the reader's tooltips: the window's side of [`crate::annotate::in_view()`].
//!
//! Stored annotations are Original chars; [`in_view_text`] places one in an open article's
//! [`ViewText`] with the core's [`place`] and slices the view's text for its quote and context,
//! exactly as `in_view` does over an `IndexedView` (the exports' view), so the panel shows what
//! the reader shows: `茶亭經(jīng)開區` reads `茶亭经开区` in 简, with the Original on hover. The
//! strings returned are view text. Cost: a binary search in the offset map and a slice within
//! one paragraph; callers still cache per (document, view, store generation).

use std::ops::Range;

use super::document::ViewText;
use super::i18n::{TagText as T, tr, trf};
use crate::annotate::in_view::{InView, Placement, place};
use crate::annotate::{AnchorState, CONTEXT_CHARS};
use crate::text::ViewKind;

/// What the panel says for an annotation the view does not show, in the window's language.
pub fn not_in_view() -> &'static str {
    tr(T::NotInView)
}

/// Places Original chars `original` (an annotation's range, anchored as `state` says) in `view`:
/// its view range, its quote and up to [`CONTEXT_CHARS`] view chars each side, or why the view
/// does not show it ([`Placement`]).
pub fn in_view_text<'v>(
    view: &'v ViewText,
    original: Range<usize>,
    state: &AnchorState,
) -> InView<'v> {
    let placement = place(&view.view.map, original, state.is_anchored());
    let (quote, prefix, suffix) = match &placement {
        Placement::Shown { range, .. } => (
            view.slice(range.clone()),
            view.slice(range.start.saturating_sub(CONTEXT_CHARS)..range.start),
            view.slice(range.end..range.end.saturating_add(CONTEXT_CHARS)),
        ),
        Placement::Removed { .. } | Placement::Orphan => ("", "", ""),
    };
    InView {
        placement,
        quote,
        prefix,
        suffix,
    }
}

/// Why `placement` is not shown as stored in view `kind`, in a sentence; `None` when the view
/// shows it with exact edges.
pub fn why(placement: &Placement, kind: ViewKind) -> Option<String> {
    let view = super::i18n::view_name(kind);
    match placement {
        Placement::Shown { exact: true, .. } => None,
        Placement::Shown { exact: false, .. } => Some(trf(T::EdgesAdjusted, &[("view", &view)])),
        Placement::Removed { .. } => Some(trf(T::Removed, &[("view", &view)])),
        Placement::Orphan => Some(tr(T::Orphan).to_owned()),
    }
}

/// The first `max` chars of `text`, with `…` when cut.
pub fn shortened(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let mut out: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::View;

    fn view_text(original: &str, kind: ViewKind) -> ViewText {
        ViewText::new(View::render(original, kind))
    }

    fn chars_of(text: &str, needle: &str) -> Range<usize> {
        let byte = text.find(needle).expect("needle");
        let start = text[..byte].chars().count();
        start..start + needle.chars().count()
    }

    #[test]
    fn agrees_with_the_core_on_every_view() {
        let original = "區委書記在茶亭經(jīng)開區調(diào)研𠮷野家\n存量?jī)?yōu)勢";
        let ranges = [
            chars_of(original, "茶亭經(jīng)開區"),
            chars_of(original, "(diào)"),
            chars_of(original, "調(diào)"),
            chars_of(original, "𠮷野"),
            chars_of(original, "?jī)"),
            0..original.chars().count(),
        ];
        for kind in ViewKind::ALL {
            let ours = view_text(original, kind);
            let core = crate::annotate::IndexedView::render(original, kind);
            for range in &ranges {
                for state in [AnchorState::Anchored, AnchorState::Orphan] {
                    assert_eq!(
                        in_view_text(&ours, range.clone(), &state),
                        crate::annotate::in_view(&core, range.clone(), &state),
                        "{kind} {range:?} {state:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_simplified_view_reads_simplified() {
        let original = "在茶亭經(jīng)開區調(diào)研";
        let view = view_text(original, ViewKind::Simplified);
        let shown = in_view_text(
            &view,
            chars_of(original, "茶亭經(jīng)開區"),
            &AnchorState::Anchored,
        );
        assert_eq!(shown.quote, "茶亭经开区");
        assert_eq!((shown.prefix, shown.suffix), ("在", "调研"));
        assert_eq!(why(&shown.placement, ViewKind::Simplified), None);
        let pinyin = in_view_text(&view, chars_of(original, "(jīng)"), &AnchorState::Anchored);
        assert!(matches!(pinyin.placement, Placement::Removed { .. }));
        crate::ui::i18n::set_current(crate::ui::i18n::Language::English);
        let sentence = why(&pinyin.placement, ViewKind::Simplified).expect("a reason");
        assert!(sentence.starts_with("Simplified removed"), "{sentence}");
    }

    #[test]
    fn shortening_counts_chars_not_bytes() {
        assert_eq!(shortened("𠮷野家", 2), "𠮷野…");
        assert_eq!(shortened("𠮷野", 2), "𠮷野");
        assert_eq!(shortened("", 3), "");
    }
}
