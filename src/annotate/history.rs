//! `UndoHistory`: the undo and redo stacks of the annotation store, across documents.
//!
//! An entry is the inverse [`Edit`] of a step that was done, with the document it applies to;
//! entries of one group are one step (an edit that spanned several documents). The stacks hold
//! whole steps, so the limit counts steps and a step is never cut in half. Offsets inside the
//! edits are chars of each document's Original text. The store replays steps
//! ([`AnnotationStore::undo`](super::AnnotationStore::undo)); this file only keeps them.

use super::document::{DocKey, Edit};

/// Which stack of the history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stack {
    /// Steps that can be undone.
    Undo,
    /// Steps that were undone and can be redone.
    Redo,
}

impl Stack {
    /// The stack that receives the inverse of a step replayed from this one.
    pub(super) fn other(self) -> Self {
        match self {
            Self::Undo => Self::Redo,
            Self::Redo => Self::Undo,
        }
    }
}

/// An inverse edit waiting in the undo or redo stack, with the document it applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The document.
    pub doc: DocKey,
    /// The edit that undoes (or redoes) the step.
    pub edit: Edit,
    /// Entries with the same group are one step (an edit that spans several documents).
    pub group: u64,
}

/// One step: the entries of one group, oldest first.
type Step = Vec<HistoryEntry>;

/// Undo and redo stacks across documents. The limit counts steps, so a step that spans many
/// documents (tag all in the folder) is kept or dropped whole, never cut in half.
#[derive(Clone, Debug)]
pub struct UndoHistory {
    undo: Vec<Step>,
    redo: Vec<Step>,
    limit: usize,
    next_group: u64,
}

impl Default for UndoHistory {
    fn default() -> Self {
        Self::new(Self::DEFAULT_LIMIT)
    }
}

impl UndoHistory {
    /// Steps kept by default.
    pub const DEFAULT_LIMIT: usize = 1000;

    /// An empty history that keeps the last `limit` steps.
    pub fn new(limit: usize) -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
            limit: limit.max(1),
            next_group: 0,
        }
    }

    /// Records the inverse of a step just done; clears the redo stack.
    pub fn record(&mut self, doc: DocKey, inverse: Edit) {
        self.record_group(vec![(doc, inverse)]);
    }

    /// Records the inverses of one step that changed several documents (in the order the
    /// edits were applied); undo and redo treat them as one step. The oldest steps beyond the
    /// limit are dropped whole.
    pub fn record_group(&mut self, inverses: Vec<(DocKey, Edit)>) {
        if inverses.is_empty() {
            return;
        }
        self.redo.clear();
        let group = self.next_group;
        self.next_group += 1;
        self.undo.push(
            inverses
                .into_iter()
                .map(|(doc, edit)| HistoryEntry { doc, edit, group })
                .collect(),
        );
        if self.undo.len() > self.limit {
            let excess = self.undo.len() - self.limit;
            self.undo.drain(..excess);
        }
    }

    /// Takes the newest step (all entries of its group) off a stack, newest first.
    pub(super) fn pop_step(&mut self, stack: Stack) -> Vec<HistoryEntry> {
        let mut step = self.stack_mut(stack).pop().unwrap_or_default();
        step.reverse();
        step
    }

    /// Puts back a step taken by [`pop_step`](Self::pop_step) (newest first) that could not be
    /// replayed, as it was.
    pub(super) fn put_back(&mut self, stack: Stack, mut step: Vec<HistoryEntry>) {
        if step.is_empty() {
            return;
        }
        step.reverse();
        self.stack_mut(stack).push(step);
    }

    /// Pushes the inverses of a replayed step (newest first, as they were applied) onto a
    /// stack as one step of `group`: replaying it again starts with the step's first edit.
    pub(super) fn push_replayed(&mut self, stack: Stack, done: Vec<(DocKey, Edit)>, group: u64) {
        if done.is_empty() {
            return;
        }
        let step: Step = done
            .into_iter()
            .map(|(doc, edit)| HistoryEntry { doc, edit, group })
            .collect();
        let limit = self.limit;
        let stack = self.stack_mut(stack);
        stack.push(step);
        if stack.len() > limit {
            let excess = stack.len() - limit;
            stack.drain(..excess);
        }
    }

    fn stack_mut(&mut self, stack: Stack) -> &mut Vec<Step> {
        match stack {
            Stack::Undo => &mut self.undo,
            Stack::Redo => &mut self.redo,
        }
    }

    fn stack(&self, stack: Stack) -> &[Step] {
        match stack {
            Stack::Undo => &self.undo,
            Stack::Redo => &self.redo,
        }
    }

    /// Is there a step to undo?
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Is there a step to redo?
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The document the next undo changes first.
    pub fn next_undo(&self) -> Option<&DocKey> {
        self.undo.last()?.last().map(|e| &e.doc)
    }

    /// The document the next redo changes first.
    pub fn next_redo(&self) -> Option<&DocKey> {
        self.redo.last()?.last().map(|e| &e.doc)
    }

    /// Every document the next undo (`undo`) or redo changes, sorted, once each.
    pub fn next_step_documents(&self, undo: bool) -> Vec<&DocKey> {
        let stack = if undo { Stack::Undo } else { Stack::Redo };
        let mut docs: Vec<&DocKey> = self
            .stack(stack)
            .last()
            .map(|step| step.iter().map(|e| &e.doc).collect())
            .unwrap_or_default();
        docs.sort();
        docs.dedup();
        docs
    }

    /// Steps that can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Steps that can be redone.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    /// Forgets the steps of one document (its annotations were replaced wholesale, so the
    /// recorded ids and offsets no longer apply). Steps of other documents are independent; a
    /// step left with no entries is dropped.
    pub fn forget(&mut self, doc: &DocKey) {
        for stack in [&mut self.undo, &mut self.redo] {
            for step in stack.iter_mut() {
                step.retain(|e| &e.doc != doc);
            }
            stack.retain(|step| !step.is_empty());
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;
    use crate::annotate::model::AnnotationId;

    #[test]
    fn history_limit_drops_the_oldest() {
        let mut history = UndoHistory::new(2);
        let key = DocKey::new("a.txt").unwrap();
        for i in 0..3 {
            history.record(
                key.clone(),
                Edit::Delete(AnnotationId::from_string(format!("{i}"))),
            );
        }
        assert_eq!(history.undo_len(), 2);
        assert_eq!(
            history.undo[0][0].edit,
            Edit::Delete(AnnotationId::from_string("1"))
        );
    }

    #[test]
    fn the_limit_counts_steps_and_never_cuts_a_group() {
        let mut history = UndoHistory::new(2);
        let delete = |id: usize| Edit::Delete(AnnotationId::from_string(format!("{id}")));
        let doc = |i: usize| DocKey::new(format!("{i}.txt")).unwrap();
        // A step across 50 documents, then two single edits: the big step is dropped whole.
        history.record_group((0..50).map(|i| (doc(i), delete(i))).collect());
        assert_eq!(history.undo_len(), 1);
        history.record(doc(0), delete(100));
        assert_eq!(history.undo_len(), 2, "steps, not entries");
        assert_eq!(history.next_step_documents(true), vec![&doc(0)]);
        history.record_group((0..50).map(|i| (doc(i), delete(200 + i))).collect());
        assert_eq!(history.undo_len(), 2);
        let step = history.pop_step(Stack::Undo);
        assert_eq!(step.len(), 50, "the whole group");
        assert_eq!(history.pop_step(Stack::Undo).len(), 1);
        assert!(
            history.pop_step(Stack::Undo).is_empty(),
            "the first group went whole"
        );
    }
    #[test]
    fn a_group_is_one_step_and_put_back_restores_it() {
        let mut history = UndoHistory::default();
        let (a, b) = (
            DocKey::new("甲.txt").unwrap(),
            DocKey::new("乙.txt").unwrap(),
        );
        let delete = |id: &str| Edit::Delete(AnnotationId::from_string(id));
        history.record(a.clone(), delete("1"));
        history.record_group(vec![(a.clone(), delete("2")), (b.clone(), delete("3"))]);
        let step = history.pop_step(Stack::Undo);
        assert_eq!(step.len(), 2, "both documents of the group");
        assert_eq!(step[0].doc, b, "newest first");
        history.put_back(Stack::Undo, step.clone());
        assert_eq!(history.pop_step(Stack::Undo), step);
        history.push_replayed(
            Stack::Undo.other(),
            vec![(b.clone(), delete("3")), (a.clone(), delete("2"))],
            step[0].group,
        );
        assert_eq!(
            history.next_redo(),
            Some(&a),
            "the step's first edit is on top"
        );
        assert_eq!((history.undo_len(), history.redo_len()), (1, 1), "steps");
        history.forget(&a);
        assert_eq!((history.undo_len(), history.redo_len()), (0, 1));
    }
}
