//! `UndoHistory`: the undo and redo stacks of the annotation store, across documents.
//!
//! An entry is the inverse [`Edit`] of a step that was done, with the document it applies to;
//! entries of one group are one step (an edit that spanned several documents). Offsets inside the
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

/// Undo and redo stacks across documents.
#[derive(Clone, Debug)]
pub struct UndoHistory {
    undo: Vec<HistoryEntry>,
    redo: Vec<HistoryEntry>,
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
    /// edits were applied); undo and redo treat them as one step.
    pub fn record_group(&mut self, inverses: Vec<(DocKey, Edit)>) {
        self.redo.clear();
        let group = self.next_group;
        self.next_group += 1;
        self.undo.extend(
            inverses
                .into_iter()
                .map(|(doc, edit)| HistoryEntry { doc, edit, group }),
        );
        if self.undo.len() > self.limit {
            let excess = self.undo.len() - self.limit;
            self.undo.drain(..excess);
        }
    }

    /// Takes the newest step (all entries of its group) off a stack, newest first.
    pub(super) fn pop_step(&mut self, stack: Stack) -> Vec<HistoryEntry> {
        let stack = self.stack_mut(stack);
        let Some(group) = stack.last().map(|e| e.group) else {
            return Vec::new();
        };
        let mut step = Vec::new();
        while stack.last().is_some_and(|e| e.group == group) {
            step.extend(stack.pop());
        }
        step
    }

    /// Puts back a step taken by [`pop_step`](Self::pop_step) (newest first) that could not be
    /// replayed, as it was.
    pub(super) fn put_back(&mut self, stack: Stack, step: Vec<HistoryEntry>) {
        self.stack_mut(stack).extend(step.into_iter().rev());
    }

    /// Pushes the inverses of a replayed step (newest first, as they were applied) onto a
    /// stack as one step of `group`: replaying it again starts with the step's first edit.
    pub(super) fn push_replayed(&mut self, stack: Stack, done: Vec<(DocKey, Edit)>, group: u64) {
        self.stack_mut(stack)
            .extend(
                done.into_iter()
                    .map(|(doc, edit)| HistoryEntry { doc, edit, group }),
            );
    }

    fn stack_mut(&mut self, stack: Stack) -> &mut Vec<HistoryEntry> {
        match stack {
            Stack::Undo => &mut self.undo,
            Stack::Redo => &mut self.redo,
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

    /// The document the next undo would change.
    pub fn next_undo(&self) -> Option<&DocKey> {
        self.undo.last().map(|e| &e.doc)
    }

    /// The document the next redo would change.
    pub fn next_redo(&self) -> Option<&DocKey> {
        self.redo.last().map(|e| &e.doc)
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
    /// recorded ids and offsets no longer apply). Steps of other documents are independent.
    pub fn forget(&mut self, doc: &DocKey) {
        self.undo.retain(|e| &e.doc != doc);
        self.redo.retain(|e| &e.doc != doc);
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
            history.undo[0].edit,
            Edit::Delete(AnnotationId::from_string("1"))
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
        assert_eq!((history.undo_len(), history.redo_len()), (1, 2));
        history.forget(&a);
        assert_eq!((history.undo_len(), history.redo_len()), (0, 1));
    }
}
