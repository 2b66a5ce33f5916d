//! Three-way merges of one article's annotations (and of the tag set), by id: the *base* (the
//! file as this side last read or wrote it), *ours* (in memory) and *theirs* (on disk now,
//! written by another program meanwhile). Offsets are chars of the article's Original text; they
//! are compared, never changed, here.
//!
//! Per id:
//! - added on either side → kept (added on both, differently → the later `modified` wins);
//! - deleted on one side and unchanged on the other → deleted;
//! - deleted on one side and changed on the other → the change is kept (never lose an edit);
//! - changed on one side only → that change;
//! - changed on both sides → the later `modified` wins (ours on a tie), and is reported.
//!
//! With an empty base this is the union of both sides (nothing can be told deleted).

use std::collections::{HashMap, HashSet};

use super::model::{Annotation, AnnotationId};
use super::sidecar::CorpusFile;
use super::tags::{Tag, TagId, TagSet};
use crate::text::convert::UserPhrase;

/// Which side a merge kept for an annotation both sides changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The in-memory version.
    Ours,
    /// The on-disk version.
    Theirs,
}

/// An annotation both sides changed differently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BothEdited {
    /// Its id.
    pub id: AnnotationId,
    /// The version kept: the later `modified` (ours on a tie).
    pub kept: Side,
}

/// The result of [`merge`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// The merged annotations, sorted by (start, end, id).
    pub annotations: Vec<Annotation>,
    /// Ids changed on both sides, and which side won.
    pub both_edited: Vec<BothEdited>,
    /// Annotations only we added.
    pub only_ours: usize,
    /// Annotations only they added.
    pub only_theirs: usize,
    /// Annotations one side deleted and the other left alone: deleted.
    pub deleted: usize,
    /// Annotations one side deleted while the other changed them: kept, changed.
    pub kept_over_delete: Vec<AnnotationId>,
    /// Ids that were in our version and that their side changed or deleted (what an undo step
    /// recorded against our version may no longer find).
    pub changed_by_theirs: Vec<AnnotationId>,
}

impl MergeReport {
    /// True when their side contributed nothing beyond what we had (the merge equals ours).
    pub fn took_nothing_from_theirs(&self) -> bool {
        self.only_theirs == 0 && self.changed_by_theirs.is_empty()
    }
}

/// Merges `ours` and `theirs` against their common `base`; see the module docs.
pub fn merge(base: &[Annotation], ours: &[Annotation], theirs: &[Annotation]) -> MergeReport {
    let base_by_id: HashMap<&AnnotationId, &Annotation> = base.iter().map(|a| (&a.id, a)).collect();
    let theirs_by_id: HashMap<&AnnotationId, &Annotation> =
        theirs.iter().map(|a| (&a.id, a)).collect();
    let ours_ids: HashSet<&AnnotationId> = ours.iter().map(|a| &a.id).collect();
    let mut report = MergeReport::default();
    let mut merged: Vec<Annotation> = Vec::with_capacity(ours.len().max(theirs.len()));

    for our in ours {
        let base = base_by_id.get(&our.id).copied();
        let their = theirs_by_id.get(&our.id).copied();
        match (base, their) {
            // Only we have it.
            (None, None) => {
                report.only_ours += 1;
                merged.push(our.clone());
            }
            // They deleted it.
            (Some(base), None) => {
                if our == base {
                    report.deleted += 1;
                    report.changed_by_theirs.push(our.id.clone());
                } else {
                    report.kept_over_delete.push(our.id.clone());
                    merged.push(our.clone());
                }
            }
            (base, Some(their)) => {
                if their == our {
                    merged.push(our.clone());
                } else if base.is_some_and(|b| b == their) {
                    // Only we changed it.
                    merged.push(our.clone());
                } else if base.is_some_and(|b| b == our) {
                    // Only they changed it.
                    report.changed_by_theirs.push(our.id.clone());
                    merged.push(their.clone());
                } else {
                    // Both changed it (or both added it, differently).
                    let kept = if is_later(&their.modified, &our.modified) {
                        Side::Theirs
                    } else {
                        Side::Ours
                    };
                    merged.push(match kept {
                        Side::Ours => our.clone(),
                        Side::Theirs => {
                            report.changed_by_theirs.push(our.id.clone());
                            their.clone()
                        }
                    });
                    report.both_edited.push(BothEdited {
                        id: our.id.clone(),
                        kept,
                    });
                }
            }
        }
    }
    for their in theirs {
        if ours_ids.contains(&their.id) {
            continue;
        }
        match base_by_id.get(&their.id) {
            // They added it.
            None => {
                report.only_theirs += 1;
                merged.push(their.clone());
            }
            // We deleted it; they left it alone: deleted.
            Some(base) if *base == their => report.deleted += 1,
            // We deleted it; they changed it: their change is kept.
            Some(_) => {
                report.kept_over_delete.push(their.id.clone());
                merged.push(their.clone());
            }
        }
    }
    merged.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    report.both_edited.sort_by(|a, b| a.id.cmp(&b.id));
    report.kept_over_delete.sort();
    report.changed_by_theirs.sort();
    report.annotations = merged;
    report
}

/// Is timestamp `a` strictly later than `b`? RFC 3339 when both parse, else text order (which
/// agrees for our fixed UTC format).
fn is_later(a: &str, b: &str) -> bool {
    match (
        humantime::parse_rfc3339_weak(a),
        humantime::parse_rfc3339_weak(b),
    ) {
        (Ok(a), Ok(b)) => a > b,
        _ => a > b,
    }
}

/// Merges three versions of `pizhu.ron` ([`CorpusFile`]): the tags by id ([`merge_tags`]) and the
/// user phrases by their text and scope, both three ways (added on either side: kept; removed on
/// one side and unchanged on the other: removed; changed on one side: that change; changed on
/// both: ours). `base` is the file as last read or written (`None`: there was none). The version
/// and anything else are ours.
pub fn merge_corpus(
    base: Option<&CorpusFile>,
    ours: &CorpusFile,
    theirs: &CorpusFile,
) -> CorpusFile {
    let mut merged = ours.clone();
    merged.tags = merge_tags(base.map(|b| &b.tags), &ours.tags, &theirs.tags);
    merged.settings.user_phrases = merge_phrases(
        base.map(|b| b.settings.user_phrases.as_slice()),
        &ours.settings.user_phrases,
        &theirs.settings.user_phrases,
    );
    merged
}

/// Three-way merge of user phrases keyed by (`from`, `config`): ours in our order, then theirs
/// that we lack.
fn merge_phrases(
    base: Option<&[UserPhrase]>,
    ours: &[UserPhrase],
    theirs: &[UserPhrase],
) -> Vec<UserPhrase> {
    let same_key = |a: &UserPhrase, b: &UserPhrase| a.from == b.from && a.config == b.config;
    let find = |list: &[UserPhrase], p: &UserPhrase| list.iter().find(|q| same_key(q, p)).cloned();
    let base_of = |p: &UserPhrase| base.and_then(|b| find(b, p));
    let mut merged = Vec::with_capacity(ours.len().max(theirs.len()));
    for our in ours {
        match (base_of(our), find(theirs, our)) {
            (Some(base), None) if &base == our => {} // they removed it
            (Some(base), Some(their)) if &base == our => merged.push(their),
            _ => merged.push(our.clone()),
        }
    }
    for their in theirs {
        if find(ours, their).is_some() {
            continue;
        }
        match base_of(their) {
            Some(base) if &base == their => {} // we removed it
            _ => merged.push(their.clone()),
        }
    }
    merged
}

/// Merges two versions of the tag set against their `base` (`None`: there was no `pizhu.ron`,
/// so nothing can be told deleted), by tag id, with the rules of [`merge`] (a tag has no
/// timestamp: changed on both sides, ours wins). Our order first, then the tags only they added.
/// A number key goes to one tag only: a tag that arrives from their side with a key already
/// taken loses its key.
pub fn merge_tags(base: Option<&TagSet>, ours: &TagSet, theirs: &TagSet) -> TagSet {
    let base_of = |id: &TagId| base.and_then(|b| b.get(id));
    let mut merged: Vec<Tag> = Vec::with_capacity(ours.len().max(theirs.len()));
    let mut from_theirs: Vec<Tag> = Vec::new();
    for our in ours.tags() {
        match (base_of(&our.id), theirs.get(&our.id)) {
            (Some(base), None) if base == our => {} // they removed it
            (Some(base), Some(their)) if base == our && their != our => {
                from_theirs.push(their.clone());
                merged.push(their.clone());
            }
            _ => merged.push(our.clone()),
        }
    }
    for their in theirs.tags() {
        if ours.get(&their.id).is_some() {
            continue;
        }
        match base_of(&their.id) {
            Some(base) if base == their => {} // we removed it
            _ => {
                from_theirs.push(their.clone());
                merged.push(their.clone());
            }
        }
    }
    // Keys: ours keep theirs; a tag taken from their side gives way.
    let taken_from_theirs = |tag: &Tag| from_theirs.iter().any(|t| t.id == tag.id);
    let mut used: HashSet<u8> = merged
        .iter()
        .filter(|t| !taken_from_theirs(t))
        .filter_map(|t| t.key)
        .collect();
    let mut set = TagSet::empty();
    for mut tag in merged {
        if taken_from_theirs(&tag)
            && let Some(key) = tag.key
            && !used.insert(key)
        {
            tag.key = None;
        }
        let id = tag.id.clone();
        if let Err(error) = set.add(tag) {
            // Only a damaged tag (empty label, bad key) gets here; it is left out, reported.
            log::warn!("tag {id} could not be merged: {error}");
        }
    }
    set
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    #[test]
    fn user_phrases_merge_three_ways() {
        use crate::text::convert::PhraseScope::{Simplified, Traditional};
        let p = |from: &str, to: &str| UserPhrase::new(from, to, Traditional);
        let base = vec![p("头发", "頭髮"), p("干", "乾"), p("后", "後")];
        // Ours: removed 干, changed 后; theirs: changed 头发, added 面, removed nothing.
        let ours = vec![p("头发", "頭髮"), p("后", "后")];
        let theirs = vec![
            p("头发", "頭发"),
            p("干", "乾"),
            p("后", "後"),
            p("面", "麵"),
        ];
        let merged = merge_phrases(Some(&base), &ours, &theirs);
        assert_eq!(merged, [p("头发", "頭发"), p("后", "后"), p("面", "麵")]);
        // The same text for another scope is another phrase.
        let other_scope = UserPhrase::new("头发", "头发", Simplified);
        let merged = merge_phrases(None, &ours, std::slice::from_ref(&other_scope));
        assert_eq!(merged.len(), 3);
        assert!(merged.contains(&other_scope));
    }

    fn annotation(id: &str, start: usize, modified: &str) -> Annotation {
        Annotation {
            id: AnnotationId::from_string(id),
            start,
            end: start + 2,
            quote: "广州".into(),
            prefix: "在".into(),
            suffix: "调研".into(),
            tag: TagId::new("LOC").ok(),
            note: String::new(),
            created: "2026-01-01T00:00:00Z".into(),
            modified: modified.into(),
        }
    }

    fn noted(a: &Annotation, note: &str, modified: &str) -> Annotation {
        Annotation {
            note: note.into(),
            modified: modified.into(),
            ..a.clone()
        }
    }

    fn ids(report: &MergeReport) -> Vec<&str> {
        report.annotations.iter().map(|a| a.id.as_str()).collect()
    }

    const T0: &str = "2026-01-01T00:00:00Z";

    #[test]
    fn without_a_base_it_is_a_union_and_the_later_edit_wins() {
        let base = annotation("01B", 10, T0);
        let ours_edit = noted(&base, "我们的", "2026-01-03T00:00:00Z");
        let theirs_edit = noted(&base, "他们的", "2026-01-02T00:00:00Z");
        let only_ours = annotation("01C", 20, T0);
        let only_theirs = annotation("01A", 30, T0);
        let same = annotation("01D", 0, T0);
        let report = merge(
            &[],
            &[ours_edit, only_ours, same.clone()],
            &[theirs_edit, only_theirs, same],
        );
        assert_eq!(
            ids(&report),
            ["01D", "01B", "01C", "01A"],
            "sorted by start"
        );
        assert_eq!(report.annotations[1].note, "我们的");
        assert_eq!(
            report.both_edited,
            vec![BothEdited {
                id: AnnotationId::from_string("01B"),
                kept: Side::Ours
            }]
        );
        assert_eq!((report.only_ours, report.only_theirs), (1, 1));
    }

    #[test]
    fn a_deletion_on_one_side_stays_deleted() {
        let kept = annotation("01A", 0, T0);
        let gone_by_us = annotation("01B", 10, T0);
        let gone_by_them = annotation("01C", 20, T0);
        let base = [kept.clone(), gone_by_us.clone(), gone_by_them.clone()];
        let ours = [kept.clone(), gone_by_them];
        let theirs = [kept, gone_by_us];
        let report = merge(&base, &ours, &theirs);
        assert_eq!(ids(&report), ["01A"], "neither deletion comes back");
        assert_eq!(report.deleted, 2);
        assert_eq!(
            report.changed_by_theirs,
            vec![AnnotationId::from_string("01C")]
        );
    }

    #[test]
    fn a_change_beats_a_deletion_and_one_sided_changes_are_taken() {
        let a = annotation("01A", 0, T0);
        let b = annotation("01B", 10, T0);
        let c = annotation("01C", 20, T0);
        let base = [a.clone(), b.clone(), c.clone()];
        // We change A and delete B; they delete A, change B, and change C (we left C alone).
        let ours = [noted(&a, "改", T0), c.clone()];
        let theirs = [noted(&b, "改", T0), noted(&c, "他们的", T0)];
        let report = merge(&base, &ours, &theirs);
        assert_eq!(ids(&report), ["01A", "01B", "01C"]);
        assert!(report.annotations.iter().all(|a| !a.note.is_empty()));
        assert_eq!(report.annotations[2].note, "他们的");
        assert_eq!(report.kept_over_delete.len(), 2);
        assert!(report.both_edited.is_empty());
        assert!(!report.took_nothing_from_theirs());
    }

    #[test]
    fn their_additions_merge_with_our_unsaved_work() {
        // The CLI adds 何黨生 while the window added 廣州 and deleted nothing.
        let base = [annotation("01A", 0, T0)];
        let ours = [annotation("01A", 0, T0), annotation("01W", 5, T0)];
        let theirs = [annotation("01A", 0, T0), annotation("01C", 9, T0)];
        let report = merge(&base, &ours, &theirs);
        assert_eq!(ids(&report), ["01A", "01W", "01C"]);
        assert_eq!((report.only_ours, report.only_theirs), (1, 1));
        assert!(
            report.changed_by_theirs.is_empty(),
            "our undo steps still apply"
        );
    }

    fn tag(id: &str, label: &str, key: Option<u8>) -> Tag {
        Tag {
            id: TagId::new(id).unwrap(),
            label: label.into(),
            colour: [1, 2, 3],
            key,
        }
    }

    fn tag_set(tags: &[Tag]) -> TagSet {
        let mut set = TagSet::empty();
        for t in tags {
            set.add(t.clone()).unwrap();
        }
        set
    }

    #[test]
    fn tags_merge_by_id_and_keys_stay_unique() {
        let per = tag("PER", "人物", Some(1));
        let loc = tag("LOC", "地点", Some(2));
        let base = tag_set(&[per.clone(), loc.clone()]);
        // We rename PER; they remove LOC and add LAW on key 1.
        let ours = tag_set(&[tag("PER", "人名", Some(1)), loc]);
        let theirs = tag_set(&[per, tag("LAW", "法律", Some(1))]);
        let merged = merge_tags(Some(&base), &ours, &theirs);
        let ids: Vec<&str> = merged.tags().iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["PER", "LAW"], "LOC removed on their side");
        assert_eq!(merged.tags()[0].label, "人名");
        assert_eq!(merged.tags()[0].key, Some(1));
        assert_eq!(merged.tags()[1].key, None, "key 1 stays with PER");
        // Without a base nothing is deleted.
        let union = merge_tags(None, &ours, &theirs);
        assert_eq!(union.len(), 3);
    }
}
