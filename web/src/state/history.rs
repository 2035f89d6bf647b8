//! Undo and redo: the workspaces before each change, with what the change was. Keystrokes in one field make one
//! step; the history is capped in steps and in size, oldest dropped first.

use std::rc::Rc;

use crate::workspace::Workspace;

/// At most this many steps are kept each way.
pub const MAX_STEPS: usize = 100;
/// And at most about this many bytes of workspaces (a few huge policies must not fill the tab's memory).
pub const MAX_BYTES: usize = 32 << 20;

/// One step: the workspace on one side of a change, and the change in words ("remove policy Admin").
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub workspace: Workspace,
    pub what: String,
}

/// Which field a run of keystrokes edits: consecutive changes of the same field are one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    PolicyText(u32),
    PolicyName(u32),
    PolicyLevel(u32),
    Principal,
    PrincipalTags,
    /// The request's tags (`false`) or the resource's (`true`).
    Tags(bool),
    Resource(usize),
    ResourceAccount,
    Context(String),
    TypedResource(String),
    CallParam(crate::workspace::CallParam),
}

/// The undo and redo stacks of one workspace.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    past: Vec<Rc<Step>>,
    future: Vec<Rc<Step>>,
    /// The field the last step edits, while keystrokes in it continue that step.
    editing: Option<Field>,
}

impl History {
    /// Records that `before` became something else by `what`; a change of the `field` being edited continues the
    /// current step. Anything done clears the redo stack.
    pub fn record(&mut self, before: &Workspace, what: String, field: Option<Field>) {
        self.future.clear();
        if field.is_some() && field == self.editing && !self.past.is_empty() {
            return;
        }
        self.editing = field;
        self.past.push(Rc::new(Step {
            workspace: before.clone(),
            what,
        }));
        trim(&mut self.past);
    }

    /// Ends a run of keystrokes: the next edit starts a new step.
    pub fn break_run(&mut self) {
        self.editing = None;
    }

    /// The workspace before the last change, given the current one (which becomes the redo step).
    pub fn undo(&mut self, current: &Workspace) -> Option<Step> {
        let step = self.past.pop()?;
        self.editing = None;
        self.future.push(Rc::new(Step {
            workspace: current.clone(),
            what: step.what.clone(),
        }));
        trim(&mut self.future);
        Some(Rc::unwrap_or_clone(step))
    }

    /// The workspace after the last undone change, given the current one (which becomes an undo step).
    pub fn redo(&mut self, current: &Workspace) -> Option<Step> {
        let step = self.future.pop()?;
        self.editing = None;
        self.past.push(Rc::new(Step {
            workspace: current.clone(),
            what: step.what.clone(),
        }));
        trim(&mut self.past);
        Some(Rc::unwrap_or_clone(step))
    }

    /// What Undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.past.last().map(|s| s.what.as_str())
    }

    /// What Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.future.last().map(|s| s.what.as_str())
    }

    pub fn undo_len(&self) -> usize {
        self.past.len()
    }
}

/// Drops the oldest steps beyond [`MAX_STEPS`] or [`MAX_BYTES`] (the newest step is always kept).
fn trim(steps: &mut Vec<Rc<Step>>) {
    let mut bytes = 0;
    let mut keep = 0;
    for step in steps.iter().rev() {
        bytes += step.workspace.approx_size();
        if keep > 0 && (keep >= MAX_STEPS || bytes > MAX_BYTES) {
            break;
        }
        keep += 1;
    }
    let drop = steps.len() - keep;
    steps.drain(..drop);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    fn ws(principal: &str) -> Workspace {
        let mut ws = Workspace::default();
        ws.request.principal = principal.to_owned();
        ws
    }

    #[test]
    fn undo_and_redo_walk_the_steps_and_a_new_change_clears_redo() {
        let mut h = History::default();
        h.record(&ws("a"), "first".into(), None);
        h.record(&ws("b"), "second".into(), None);
        assert_eq!(h.undo_label(), Some("second"));
        let back = h.undo(&ws("c")).unwrap();
        assert_eq!(back.workspace, ws("b"));
        assert_eq!(h.redo_label(), Some("second"));
        let forward = h.redo(&ws("b")).unwrap();
        assert_eq!(forward.workspace, ws("c"));
        h.undo(&ws("c")).unwrap();
        h.record(&ws("b"), "other".into(), None);
        assert_eq!(h.redo_label(), None);
        assert_eq!(h.undo_len(), 2);
    }

    #[test]
    fn keystrokes_in_one_field_are_one_step() {
        let mut h = History::default();
        for text in ["a", "ab", "abc"] {
            h.record(&ws(text), "edit".into(), Some(Field::PolicyText(1)));
        }
        h.record(&ws("abcd"), "edit 2".into(), Some(Field::PolicyText(2)));
        assert_eq!(h.undo_len(), 2);
        assert_eq!(h.undo(&ws("x")).unwrap().workspace, ws("abcd"));
        assert_eq!(h.undo(&ws("abcd")).unwrap().workspace, ws("a"));
        // After an undo, typing in the same field again is a new step.
        let mut h = History::default();
        h.record(&ws("a"), "edit".into(), Some(Field::PolicyText(1)));
        h.undo(&ws("ab"));
        h.record(&ws("a"), "edit".into(), Some(Field::PolicyText(1)));
        h.record(&ws("ax"), "edit".into(), Some(Field::PolicyText(1)));
        assert_eq!(h.undo_len(), 1);
        h.break_run();
        h.record(&ws("axy"), "edit".into(), Some(Field::PolicyText(1)));
        assert_eq!(h.undo_len(), 2);
    }

    #[test]
    fn the_history_is_capped_oldest_first() {
        let mut h = History::default();
        for i in 0..MAX_STEPS + 10 {
            h.record(&ws(&i.to_string()), format!("step {i}"), None);
        }
        assert_eq!(h.undo_len(), MAX_STEPS);
        assert_eq!(
            h.undo_label(),
            Some(format!("step {}", MAX_STEPS + 9).as_str())
        );
        // Huge workspaces: the byte cap keeps fewer, but always the last one.
        let mut h = History::default();
        let mut big = Workspace::default();
        big.request.principal = "x".repeat(MAX_BYTES / 4);
        for _ in 0..5 {
            h.record(&big, "big".into(), None);
        }
        assert_eq!(h.undo_len(), 3);
        let mut huge = Workspace::default();
        huge.request.principal = "x".repeat(MAX_BYTES + 1);
        h.record(&huge, "huge".into(), None);
        assert_eq!(h.undo_len(), 1);
    }
}
