//! The page's session with the browser: how a visit starts from local storage and the URL (the pure decision is
//! `state::start`), and saving every change of the workspaces, each failure reported, never swallowed.

use std::rc::Rc;

use crate::crash;
use crate::share;
use crate::state::recent::Recent;
use crate::state::start::{self, LinkOutcome, Stored};
use crate::state::{Slot, State};
use crate::storage::{self, Failure, Problem};
use crate::workspace::Workspace;

/// Something to tell the user at the start, with what they can do about it.
#[derive(Debug, Clone, PartialEq)]
pub enum Alert {
    /// An entry that could not be read (set aside, or left untouched).
    Unreadable(Problem),
    /// What the last crash left behind.
    Crashed(String),
    /// A link that crashed or froze the page when it was last opened, not opened again.
    LinkSetAside {
        workspace: Rc<Workspace>,
        kept_as: Option<String>,
    },
}

/// How the page starts.
pub struct Boot {
    pub state: State,
    pub alerts: Vec<Alert>,
    /// The workspace the URL fragment follows (a link was opened, or reloaded).
    pub link_slot: Option<Slot>,
}

/// Reads local storage and the URL fragment and decides how the visit starts. A link opened for the first time is
/// noted before it is evaluated, so that if it crashes or freezes the page, the next start does not open it again.
pub fn boot() -> Boot {
    let mut alerts = Vec::new();
    let stored = Stored {
        own: load(storage::OWN, &mut alerts),
        linked: load(storage::LINKED, &mut alerts),
        recent: load(storage::RECENT, &mut alerts).unwrap_or_default(),
        // The page's own bookkeeping: unreadable, it is set aside without a word.
        crash: load(storage::CRASH, &mut Vec::new()),
        opening: load(storage::OPENING, &mut Vec::new()),
    };
    storage::remove(storage::CRASH);
    let fragment = share::fragment();
    let plan = start::plan(stored, &fragment);
    if let Some(note) = &plan.crash_note {
        alerts.push(Alert::Crashed(note.clone()));
    }
    let link_slot = match &plan.link {
        LinkOutcome::None => None,
        LinkOutcome::Shown(slot) => Some(*slot),
        LinkOutcome::Broken(_) => {
            share::replace_fragment(None);
            None
        }
        LinkOutcome::SetAside {
            workspace,
            fragment,
        } => {
            let kept_as = storage::keep_aside("link", fragment).ok();
            share::replace_fragment(None);
            storage::remove(storage::OPENING);
            alerts.push(Alert::LinkSetAside {
                workspace: Rc::new((**workspace).clone()),
                kept_as,
            });
            None
        }
    };
    if plan.opens_new_link {
        let _ = storage::save(storage::OPENING, &fragment);
    }
    let state = plan.state();
    Boot {
        state,
        alerts,
        link_slot,
    }
}

/// Reads `key`; an entry that cannot be read (not JSON, or not of the expected shape) is set aside and told.
fn load<T: serde::de::DeserializeOwned>(key: &str, alerts: &mut Vec<Alert>) -> Option<T> {
    match storage::load::<T>(key) {
        Ok(value) => value,
        Err(problem @ Problem::Corrupt { .. }) => {
            alerts.push(Alert::Unreadable(problem));
            None
        }
        // No storage, or it refused: the first save says so.
        Err(_) => None,
    }
}

/// Saves what changed since the last successful save: the user's workspace first, then the linked one, then the
/// recent list. A failed save is tried again at the next change.
#[derive(Default)]
pub struct Saver {
    own: Option<Workspace>,
    linked: Option<Option<Workspace>>,
    recent: Option<Rc<Vec<Recent>>>,
}

impl Saver {
    /// Saves; the first failure, if any.
    pub fn save(
        &mut self,
        own: &Workspace,
        linked: Option<&Workspace>,
        recent: &Rc<Vec<Recent>>,
    ) -> Result<(), Failure> {
        let mut result = Ok(());
        let mut note = |key: &str, r: Result<(), Problem>| match r {
            Ok(()) => true,
            Err(problem) => {
                if result.is_ok() {
                    result = Err(Failure {
                        key: key.to_owned(),
                        problem,
                    });
                }
                false
            }
        };
        if self.own.as_ref() != Some(own) && note(storage::OWN, storage::save(storage::OWN, own)) {
            self.own = Some(own.clone());
        }
        if self.linked.as_ref().map(Option::as_ref) != Some(linked) {
            let saved = match linked {
                Some(ws) => note(storage::LINKED, storage::save(storage::LINKED, ws)),
                None => {
                    storage::remove(storage::LINKED);
                    true
                }
            };
            if saved {
                self.linked = Some(linked.cloned());
            }
        }
        if self.recent.as_ref().is_none_or(|r| r != recent)
            && note(storage::RECENT, storage::save(storage::RECENT, &**recent))
        {
            self.recent = Some(recent.clone());
        }
        result
    }
}

/// Notes the state shown as the last good one (for the crash screen), after it was shown and saved.
pub fn shown(state: &State, saved: bool) {
    crash::remember(&state.workspace, state.slot, saved);
}
