//! How a visit starts, as a pure function of what is stored and the URL fragment: which workspace is shown, what
//! becomes of a shared link (a separate workspace beside the user's own, or the one already here), and what the
//! last crash left behind — a link that crashed or froze the page is not opened again but set aside and asked about.

use std::rc::Rc;

use super::history::History;
use super::recent::{self, Recent};
use super::{Notice, Parked, Slot, State};
use crate::crash::CrashRecord;
use crate::examples;
use crate::share::{self, Link};
use crate::workspace::Workspace;

/// What the browser holds from earlier visits.
#[derive(Debug, Clone, Default)]
pub struct Stored {
    pub own: Option<Workspace>,
    pub linked: Option<Workspace>,
    pub recent: Vec<Recent>,
    pub crash: Option<CrashRecord>,
    /// The link fragment whose opening never finished.
    pub opening: Option<String>,
}

/// What became of the link in the URL.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkOutcome {
    /// There is none.
    None,
    /// Its workspace is shown in this slot: a new linked workspace, or one the page already had (a reload of a link
    /// the page keeps up to date). The fragment goes on following that workspace.
    Shown(Slot),
    /// It does not hold a workspace (why); the fragment is removed and the user told.
    Broken(String),
    /// It crashed or froze the page when it was last opened: not opened again. The user is asked.
    SetAside {
        workspace: Box<Workspace>,
        fragment: String,
    },
}

/// How the visit starts.
#[derive(Debug, Clone)]
pub struct Plan {
    pub shown: Slot,
    pub own: Workspace,
    pub linked: Option<Workspace>,
    pub recent: Vec<Recent>,
    pub link: LinkOutcome,
    /// A link opened for the first time: the caller notes it before evaluating it (see [`crate::crash`]).
    pub opens_new_link: bool,
    /// What to tell about the last crash.
    pub crash_note: Option<String>,
}

/// Decides how the visit starts; nothing is evaluated yet.
pub fn plan(stored: Stored, fragment: &str) -> Plan {
    let fragment = fragment.trim_start_matches('#');
    let Stored {
        own,
        mut linked,
        mut recent,
        crash,
        opening,
    } = stored;
    let mut own = own.unwrap_or_else(examples::default_workspace);
    let mut crash_note = None;
    if let Some(crash) = &crash {
        if crash.during_start && crash.fragment.is_none() {
            // The saved workspace crashed the page as it opened: set it aside, start from the example.
            let bad = match crash.slot {
                Slot::Own => Some(std::mem::replace(&mut own, examples::default_workspace())),
                Slot::Linked => linked.take(),
            };
            if let Some(bad) = bad {
                recent::push(
                    &mut recent,
                    &bad,
                    "Crashed the simulator when it was opened".to_owned(),
                    super::now(),
                );
            }
            crash_note = Some(format!(
                "The simulator crashed while opening a saved workspace ({}). It is kept in the recent workspaces; \
                 restore it from there to try again.",
                crash.message
            ));
        } else if !crash.during_start {
            crash_note = Some(format!(
                "The simulator stopped after an error last time ({}). Your workspace is as it was after the last \
                 change that worked.",
                crash.message
            ));
        }
    }
    let mut plan = Plan {
        shown: Slot::Own,
        own,
        linked,
        recent,
        link: LinkOutcome::None,
        opens_new_link: false,
        crash_note,
    };
    match share::read(fragment) {
        Link::None => {}
        Link::Broken(why) => plan.link = LinkOutcome::Broken(why),
        Link::Workspace(ws) => {
            let crashed_before = crash
                .as_ref()
                .and_then(|c| c.fragment.as_deref())
                .is_some_and(|f| f.trim_start_matches('#') == fragment)
                || opening
                    .as_deref()
                    .is_some_and(|f| f.trim_start_matches('#') == fragment);
            if crashed_before {
                plan.link = LinkOutcome::SetAside {
                    workspace: ws,
                    fragment: fragment.to_owned(),
                };
            } else if *ws == plan.own {
                plan.link = LinkOutcome::Shown(Slot::Own);
            } else if plan.linked.as_ref() == Some(&*ws) {
                plan.shown = Slot::Linked;
                plan.link = LinkOutcome::Shown(Slot::Linked);
            } else {
                if let Some(earlier) = &plan.linked {
                    recent::push(
                        &mut plan.recent,
                        earlier,
                        "Opened from an earlier link".to_owned(),
                        super::now(),
                    );
                }
                plan.linked = Some(*ws);
                plan.shown = Slot::Linked;
                plan.link = LinkOutcome::Shown(Slot::Linked);
                plan.opens_new_link = true;
            }
        }
    }
    plan
}

impl Plan {
    /// The state the page opens on (the workspace shown is evaluated here).
    pub fn state(&self) -> State {
        let (workspace, parked) = match (&self.shown, &self.linked) {
            (Slot::Linked, Some(linked)) => (
                linked.clone(),
                Some(Parked {
                    slot: Slot::Own,
                    workspace: self.own.clone(),
                    history: History::default(),
                }),
            ),
            (_, linked) => (
                self.own.clone(),
                linked.as_ref().map(|l| Parked {
                    slot: Slot::Linked,
                    workspace: l.clone(),
                    history: History::default(),
                }),
            ),
        };
        let notice = match &self.link {
            LinkOutcome::Shown(Slot::Linked) => Some(Notice::info(
                "Opened from a link, as a separate workspace: your own workspace is unchanged (“Your workspace” shows it).",
            )),
            LinkOutcome::Broken(why) => Some(Notice::info(format!(
                "The link in the address bar could not be opened: {why}. Your workspace is unchanged."
            ))),
            _ => None,
        };
        State {
            slot: if parked.is_some() || self.shown == Slot::Own {
                self.shown
            } else {
                Slot::Own
            },
            notice,
            parked: parked.map(Rc::new),
            recent: Rc::new(self.recent.clone()),
            ..State::new(workspace)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use crate::examples;

    fn mine() -> Workspace {
        let mut ws = examples::default_workspace();
        ws.policies[0].name = "MyNotes".into();
        ws
    }

    fn theirs() -> Workspace {
        examples::workspace_of(examples::example("flintrock").unwrap())
    }

    #[test]
    fn a_plain_visit_opens_the_own_workspace_with_the_linked_one_beside_it() {
        let stored = Stored {
            own: Some(mine()),
            linked: Some(theirs()),
            ..Stored::default()
        };
        let plan = plan(stored, "");
        assert_eq!(plan.link, LinkOutcome::None);
        let state = plan.state();
        assert_eq!(state.slot, Slot::Own);
        assert_eq!(state.workspace, mine());
        assert_eq!(state.linked(), Some(&theirs()));
        // A first visit: the example.
        let state = super::plan(Stored::default(), "").state();
        assert_eq!(state.workspace, examples::default_workspace());
        assert!(state.linked().is_none());
    }

    #[test]
    fn a_link_opens_beside_the_own_workspace_never_over_it() {
        let stored = Stored {
            own: Some(mine()),
            ..Stored::default()
        };
        let plan = plan(stored, &format!("#{}", share::encode(&theirs())));
        assert!(plan.opens_new_link);
        assert_eq!(plan.link, LinkOutcome::Shown(Slot::Linked));
        let state = plan.state();
        assert_eq!(state.slot, Slot::Linked);
        assert_eq!(state.workspace, theirs());
        assert_eq!(state.own(), &mine());
        assert!(state
            .notice
            .unwrap()
            .text
            .contains("your own workspace is unchanged"));
    }

    #[test]
    fn a_newer_link_keeps_the_earlier_linked_workspace_in_recent() {
        let mut earlier = theirs();
        earlier.request.principal = "arn:aws:iam::111122223333:user/edited".into();
        let stored = Stored {
            own: Some(mine()),
            linked: Some(earlier.clone()),
            ..Stored::default()
        };
        let plan = plan(stored, &share::encode(&theirs()));
        assert_eq!(plan.linked, Some(theirs()));
        assert_eq!(plan.recent[0].workspace, earlier);
    }

    #[test]
    fn reloading_a_link_the_page_keeps_up_to_date_reopens_that_workspace() {
        // Share link, then edits: the page rewrote the fragment with each edit, and saved the workspace.
        let stored = Stored {
            own: Some(mine()),
            ..Stored::default()
        };
        let plan = super::plan(stored, &share::encode(&mine()));
        assert_eq!(plan.link, LinkOutcome::Shown(Slot::Own));
        assert!(!plan.opens_new_link);
        assert_eq!(plan.state().slot, Slot::Own);
        // The same for the linked workspace, edited after it was opened.
        let mut edited = theirs();
        edited.request.actions.push("iam:GetRole".into());
        let stored = Stored {
            own: Some(mine()),
            linked: Some(edited.clone()),
            ..Stored::default()
        };
        let plan = super::plan(stored, &share::encode(&edited));
        assert_eq!(plan.link, LinkOutcome::Shown(Slot::Linked));
        assert!(!plan.opens_new_link);
        assert!(plan.recent.is_empty());
    }

    #[test]
    fn a_broken_link_is_said_and_changes_nothing() {
        let stored = Stored {
            own: Some(mine()),
            ..Stored::default()
        };
        let plan = plan(stored, "#w=AAAA");
        assert!(matches!(plan.link, LinkOutcome::Broken(_)));
        let state = plan.state();
        assert_eq!(state.workspace, mine());
        assert!(state.notice.unwrap().text.contains("could not be opened"));
    }

    #[test]
    fn a_link_that_crashed_or_never_finished_opening_is_set_aside() {
        let fragment = share::encode(&theirs());
        for stored in [
            Stored {
                own: Some(mine()),
                opening: Some(fragment.clone()),
                ..Stored::default()
            },
            Stored {
                own: Some(mine()),
                crash: Some(CrashRecord {
                    message: "boom".into(),
                    during_start: true,
                    fragment: Some(format!("#{fragment}")),
                    slot: Slot::Linked,
                }),
                ..Stored::default()
            },
        ] {
            let plan = plan(stored, &fragment);
            assert!(
                matches!(&plan.link, LinkOutcome::SetAside { workspace, .. } if **workspace == theirs())
            );
            assert!(!plan.opens_new_link);
            let state = plan.state();
            assert_eq!(state.workspace, mine());
            assert!(state.linked().is_none());
        }
    }

    #[test]
    fn a_saved_workspace_that_crashed_at_start_goes_to_recent() {
        let stored = Stored {
            own: Some(mine()),
            crash: Some(CrashRecord {
                message: "boom".into(),
                during_start: true,
                fragment: None,
                slot: Slot::Own,
            }),
            ..Stored::default()
        };
        let plan = plan(stored, "");
        assert_eq!(plan.own, examples::default_workspace());
        assert_eq!(plan.recent[0].workspace, mine());
        assert!(plan.crash_note.unwrap().contains("boom"));
        // A crash later on: the saved workspace is the last good one, and opens.
        let stored = Stored {
            own: Some(mine()),
            crash: Some(CrashRecord {
                message: "boom".into(),
                during_start: false,
                fragment: None,
                slot: Slot::Own,
            }),
            ..Stored::default()
        };
        let plan = super::plan(stored, "");
        assert_eq!(plan.own, mine());
        assert!(plan.crash_note.unwrap().contains("last change that worked"));
    }
}
