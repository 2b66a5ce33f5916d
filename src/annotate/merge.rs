//! Merging two versions of one article's annotations (ours in memory, theirs on disk) after a
//! save conflict, without a common ancestor. Offsets are chars of the article's Original text;
//! they are compared, never changed, here.

use super::model::{Annotation, AnnotationId};

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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeReport {
    /// The merged annotations, sorted by (start, end, id).
    pub annotations: Vec<Annotation>,
    /// Ids changed on both sides, and which side won.
    pub both_edited: Vec<BothEdited>,
    /// Annotations only we have.
    pub only_ours: usize,
    /// Annotations only they have.
    pub only_theirs: usize,
}

/// Merges two versions of one article's annotations: the union by id; where both sides have
/// an id with different content, the one with the later `modified` wins (ours on a tie) and is
/// reported. Without a common ancestor a deletion cannot be told from a creation, so an
/// annotation deleted on one side comes back: a merge never loses data.
pub fn merge(ours: &[Annotation], theirs: &[Annotation]) -> MergeReport {
    let mut annotations: Vec<Annotation> = Vec::with_capacity(ours.len().max(theirs.len()));
    let mut both_edited = Vec::new();
    let mut only_ours = 0;
    for our in ours {
        match theirs.iter().find(|t| t.id == our.id) {
            None => {
                only_ours += 1;
                annotations.push(our.clone());
            }
            Some(their) if their == our => annotations.push(our.clone()),
            Some(their) => {
                let kept = if is_later(&their.modified, &our.modified) {
                    Side::Theirs
                } else {
                    Side::Ours
                };
                annotations.push(match kept {
                    Side::Ours => our.clone(),
                    Side::Theirs => their.clone(),
                });
                both_edited.push(BothEdited {
                    id: our.id.clone(),
                    kept,
                });
            }
        }
    }
    let mut only_theirs = 0;
    for their in theirs {
        if !ours.iter().any(|o| o.id == their.id) {
            only_theirs += 1;
            annotations.push(their.clone());
        }
    }
    annotations.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    both_edited.sort_by(|a, b| a.id.cmp(&b.id));
    MergeReport {
        annotations,
        both_edited,
        only_ours,
        only_theirs,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::tags::TagId;

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

    #[test]
    fn merge_is_a_union_and_later_edit_wins() {
        let base = annotation("01B", 10, "2026-01-01T00:00:00Z");
        let mut ours_edit = base.clone();
        ours_edit.note = "我们的".into();
        ours_edit.modified = "2026-01-03T00:00:00Z".into();
        let mut theirs_edit = base.clone();
        theirs_edit.note = "他们的".into();
        theirs_edit.modified = "2026-01-02T00:00:00Z".into();
        let only_ours = annotation("01C", 20, "2026-01-01T00:00:00Z");
        let only_theirs = annotation("01A", 30, "2026-01-01T00:00:00Z");
        let same = annotation("01D", 0, "2026-01-01T00:00:00Z");
        let report = merge(
            &[ours_edit, only_ours, same.clone()],
            &[theirs_edit, only_theirs, same],
        );
        let ids: Vec<&str> = report.annotations.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["01D", "01B", "01C", "01A"], "sorted by start");
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
    fn merge_keeps_theirs_when_later() {
        let ours = annotation("01B", 10, "2026-01-01T00:00:00Z");
        let mut theirs = ours.clone();
        theirs.tag = None;
        theirs.modified = "2026-01-01T00:00:01Z".into();
        let report = merge(&[ours], std::slice::from_ref(&theirs));
        assert_eq!(report.annotations, vec![theirs]);
        assert_eq!(report.both_edited[0].kept, Side::Theirs);
    }
}
