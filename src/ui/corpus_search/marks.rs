//! Which hits are already annotated, and with which tags: what the concordance's filter and
//! "tag all hits" count need. Computed on a worker from the annotation store (articles open in
//! it, with their unsaved edits) and the sidecars on disk (the others), one article at a time,
//! the store locked only to look an article up. Offsets: Original chars, as stored.

use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::annotate::sidecar::read_sidecar;
use crate::annotate::{DocKey, StorageLocation, TagId};
use crate::search::{Hit, SearchIndex};
use crate::ui::annotations::{SharedStore, lock};

/// The annotations over one hit, as tag bits (see [`Marks::bit`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HitMarks {
    /// Tags of the annotations that overlap the hit.
    pub overlap: u64,
    /// Tags of the annotations that cover exactly the hit's text.
    pub exact: u64,
}

/// The marks of every hit of a search, with the tag set they were computed with.
#[derive(Clone, Debug, Default)]
pub struct Marks {
    tags: Vec<TagId>,
    per_hit: Vec<HitMarks>,
    /// The store generation they were computed at.
    pub generation: u64,
}

impl Marks {
    /// The bit of a highlight (an annotation without a tag).
    pub const HIGHLIGHT: u64 = 1 << 62;
    /// The bit of tags beyond the 62nd and of tags not in the tag set.
    pub const OTHER: u64 = 1 << 63;

    /// Marks of hits, tag `i` of `tags` being bit `i`.
    pub fn new(tags: Vec<TagId>, per_hit: Vec<HitMarks>) -> Self {
        Self {
            tags,
            per_hit,
            generation: 0,
        }
    }

    /// Number of hits marked.
    pub fn len(&self) -> usize {
        self.per_hit.len()
    }

    /// True when no hit is marked.
    pub fn is_empty(&self) -> bool {
        self.per_hit.is_empty()
    }

    /// The marks of hit `i`.
    pub fn of(&self, i: usize) -> HitMarks {
        self.per_hit.get(i).copied().unwrap_or_default()
    }

    /// The bit of `tag` (`None`: highlights); 0 for a tag the set did not have.
    pub fn bit(&self, tag: Option<&TagId>) -> u64 {
        match tag {
            None => Self::HIGHLIGHT,
            Some(tag) => match self.tags.iter().position(|t| t == tag) {
                Some(i) if i < 62 => 1 << i,
                Some(_) => Self::OTHER,
                None => 0,
            },
        }
    }

    /// How many of the hits `indices` already carry `tag` on exactly their text.
    pub fn carrying(&self, indices: &[u32], tag: Option<&TagId>) -> usize {
        let bit = self.bit(tag);
        indices
            .iter()
            .filter(|&&i| self.of(i as usize).exact & bit != 0)
            .count()
    }

    /// The tags (and highlight) overlapping hit `i`, in tag-set order.
    pub fn tags_of(&self, i: usize) -> Vec<Option<&TagId>> {
        let marks = self.of(i);
        let mut tags: Vec<Option<&TagId>> = self
            .tags
            .iter()
            .enumerate()
            .filter(|(bit, _)| *bit < 62 && marks.overlap & (1 << bit) != 0)
            .map(|(_, tag)| Some(tag))
            .collect();
        if marks.overlap & Self::HIGHLIGHT != 0 {
            tags.push(None);
        }
        tags
    }
}

/// The marks of `hits` (in corpus order, as a search gives them) from `store` and the
/// sidecars; `None` if cancelled.
pub fn compute(
    index: &SearchIndex,
    hits: &[Hit],
    store: &SharedStore,
    cancel: &AtomicBool,
) -> Option<Marks> {
    let (location, tags) = {
        let store = lock(store);
        let tags: Vec<TagId> = store.tags().tags().iter().map(|t| t.id.clone()).collect();
        (store.location().clone(), tags)
    };
    let empty = Marks::new(tags, Vec::new());
    let mut per_hit = vec![HitMarks::default(); hits.len()];
    let mut start = 0;
    // Each article's hits at once: its annotations are read once.
    for run in hits.chunk_by(|a, b| a.article == b.article) {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let slots = &mut per_hit[start..start + run.len()];
        start += run.len();
        if let Some(relative) = index.relative(run[0].article) {
            let annotations = annotations_of(store, &location, relative);
            if !annotations.is_empty() {
                for (slot, hit) in slots.iter_mut().zip(run) {
                    *slot = mark(&empty, &hit.original, &annotations);
                }
            }
        }
    }
    Some(Marks { per_hit, ..empty })
}

/// The marks of a hit over Original chars `hit` among `annotations`.
fn mark(
    marks: &Marks,
    hit: &Range<usize>,
    annotations: &[(Range<usize>, Option<TagId>)],
) -> HitMarks {
    let mut out = HitMarks::default();
    for (range, tag) in annotations {
        let overlaps = range.start < hit.end && hit.start < range.end;
        if !overlaps {
            continue;
        }
        let bit = match marks.bit(tag.as_ref()) {
            0 => Marks::OTHER,
            bit => bit,
        };
        out.overlap |= bit;
        if range == hit {
            out.exact |= bit;
        }
    }
    out
}

/// An article's annotations (Original chars, tag): from the store if it has the article open
/// (unsaved edits included, orphans left out), else from its sidecar.
fn annotations_of(
    store: &SharedStore,
    location: &StorageLocation,
    relative: &str,
) -> Vec<(Range<usize>, Option<TagId>)> {
    let Ok(key) = DocKey::new(relative) else {
        return Vec::new();
    };
    {
        let store = lock(store);
        if store.is_open(&key) {
            return store
                .anchored(&key)
                .map(|a| (a.range(), a.tag.clone()))
                .collect();
        }
    }
    let relative = Path::new(relative);
    let file = match read_sidecar(&location.sidecar_path(relative)) {
        Ok(Some(loaded)) => Some(loaded.value),
        Ok(None) => location
            .fallback_sidecar_path(relative)
            .and_then(|path| read_sidecar(&path).ok().flatten())
            .map(|loaded| loaded.value),
        // A damaged sidecar is reported when its article is opened; here it marks nothing.
        Err(_) => None,
    };
    file.map(|file| {
        file.annotations
            .iter()
            .map(|a| (a.range(), a.tag.clone()))
            .collect()
    })
    .unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    #[test]
    fn a_hit_is_marked_by_overlapping_and_exact_annotations() {
        let per = TagId::new("PER").unwrap();
        let loc = TagId::new("LOC").unwrap();
        let marks = Marks::new(vec![per.clone(), loc.clone()], Vec::new());
        let annotations = vec![
            (3..5, Some(per.clone())),
            (4..9, Some(loc.clone())),
            (0..2, None),
            (5..6, Some(TagId::new("GONE").unwrap())),
        ];
        let hit = mark(&marks, &(3..5), &annotations);
        assert_eq!(hit.overlap, 0b11);
        assert_eq!(hit.exact, 0b01);
        let touching = mark(&marks, &(1..4), &annotations);
        assert_eq!(touching.overlap, 0b01 | Marks::HIGHLIGHT);
        assert_eq!(touching.exact, 0);
        assert_eq!(
            mark(&marks, &(5..6), &annotations).overlap,
            0b10 | Marks::OTHER
        );
        assert_eq!(mark(&marks, &(9..12), &annotations), HitMarks::default());

        let marks = Marks::new(vec![per.clone(), loc], vec![hit, touching]);
        assert_eq!(marks.carrying(&[0, 1], Some(&per)), 1);
        assert_eq!(marks.carrying(&[1], Some(&per)), 0);
        assert_eq!(marks.tags_of(1), vec![Some(&per), None]);
    }
}
