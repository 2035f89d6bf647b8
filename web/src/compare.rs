//! The Compare view's state: two policy texts and their type (the draft, kept in local storage so a reload loses
//! nothing), the comparison being run (in the worker: `crate::offthread`), and the last answer with the draft it
//! answers. A pure reducer, tested natively; the component (`components::compare`) only shows it and sends actions.

use std::rc::Rc;

use iam_compare::{Comparison, PolicyType};
use serde::{Deserialize, Serialize};
use yew::Reducible;

/// The local-storage key of the draft.
pub const KEY: &str = "iam-sim.compare.v1";

/// The policy types a comparison can be asked for, with their labels.
pub const TYPES: [(PolicyType, &str, &str); 5] = [
    (PolicyType::Identity, "identity", "Identity-based policy"),
    (PolicyType::Resource, "resource", "Resource-based policy"),
    (PolicyType::Scp, "scp", "Service control policy (SCP)"),
    (PolicyType::Rcp, "rcp", "Resource control policy (RCP)"),
    (PolicyType::Boundary, "boundary", "Permissions boundary"),
];

/// The key a type is written with in the page (`identity`, `scp`, …).
pub fn type_key(kind: PolicyType) -> &'static str {
    TYPES
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map_or("identity", |(_, key, _)| key)
}

/// What the user typed: the policy before and after the change, and which type both are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub old: String,
    pub new: String,
    #[serde(default)]
    pub kind: PolicyType,
}

/// The first draft a visitor sees: a change that widens a prefix and adds a write action, so the first answer
/// shows new access with its counterexamples and the access diff.
pub const EXAMPLE_OLD: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadAppLogs",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::logs/app/*"
    }
  ]
}
"#;

/// See [`EXAMPLE_OLD`].
pub const EXAMPLE_NEW: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadAppLogs",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::logs/*"
    }
  ]
}
"#;

impl Default for Draft {
    fn default() -> Self {
        Draft {
            old: EXAMPLE_OLD.to_owned(),
            new: EXAMPLE_NEW.to_owned(),
            kind: PolicyType::Identity,
        }
    }
}

/// An answer and the draft it answers (the draft may have changed since).
#[derive(Debug)]
pub struct Answered {
    pub draft: Draft,
    pub comparison: Comparison,
}

/// Where the comparison stands.
#[derive(Debug, Clone, Default)]
pub enum Status {
    /// Nothing asked yet.
    #[default]
    Idle,
    /// Job `0` is running in the worker.
    Running(u64),
    /// The worker answered.
    Done(Rc<Answered>),
    /// The comparison could not run (no worker, or it stopped): why.
    Failed(String),
    /// The user stopped it.
    Cancelled,
}

/// The whole Compare view.
#[derive(Debug, Clone, Default)]
pub struct Compare {
    pub draft: Draft,
    pub status: Status,
    /// The last answer, kept while a new comparison runs.
    pub last: Option<Rc<Answered>>,
    next_job: u64,
}

/// Which of the two policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

/// What the user or the worker does.
#[derive(Debug, Clone)]
pub enum CompareAction {
    Edit(Side, String),
    Kind(PolicyType),
    /// Old becomes new and new old.
    Swap,
    Run,
    Cancel,
    Compared {
        job: u64,
        comparison: Rc<Comparison>,
    },
    Failed {
        job: u64,
        why: String,
    },
}

impl Compare {
    /// The view for a draft read back from storage.
    pub fn with_draft(draft: Draft) -> Self {
        Compare {
            draft,
            ..Compare::default()
        }
    }

    /// The job the worker should be running, if any.
    pub fn running(&self) -> Option<u64> {
        match self.status {
            Status::Running(job) => Some(job),
            _ => None,
        }
    }

    /// Whether the shown answer is for other texts than the ones in the editors.
    pub fn stale(&self) -> bool {
        self.last.as_ref().is_some_and(|a| a.draft != self.draft)
    }

    /// Applies one action.
    pub fn reduce(mut self, action: CompareAction) -> Self {
        match action {
            CompareAction::Edit(Side::Old, text) => self.draft.old = text,
            CompareAction::Edit(Side::New, text) => self.draft.new = text,
            CompareAction::Kind(kind) => self.draft.kind = kind,
            CompareAction::Swap => std::mem::swap(&mut self.draft.old, &mut self.draft.new),
            CompareAction::Run => {
                self.next_job += 1;
                self.status = Status::Running(self.next_job);
            }
            CompareAction::Cancel => {
                if self.running().is_some() {
                    self.status = Status::Cancelled;
                }
            }
            CompareAction::Compared { job, comparison } => {
                // An answer for a job no longer running (cancelled or replaced) is for texts no longer asked about.
                if self.running() == Some(job) {
                    let answered = Rc::new(Answered {
                        draft: self.draft.clone(),
                        comparison: Rc::try_unwrap(comparison).unwrap_or_else(|rc| (*rc).clone()),
                    });
                    self.last = Some(answered.clone());
                    self.status = Status::Done(answered);
                }
            }
            CompareAction::Failed { job, why } => {
                if self.running() == Some(job) {
                    self.status = Status::Failed(why);
                }
            }
        }
        self
    }
}

impl Reducible for Compare {
    type Action = CompareAction;

    fn reduce(self: Rc<Self>, action: CompareAction) -> Rc<Self> {
        Rc::new((*self).clone().reduce(action))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
    use super::*;

    #[test]
    fn the_first_draft_is_the_example_and_reads_back_from_storage() {
        let draft = Draft::default();
        let text = serde_json::to_string(&draft).unwrap();
        assert_eq!(serde_json::from_str::<Draft>(&text).unwrap(), draft);
        // An older stored draft without a type is an identity-based comparison.
        let old: Draft = serde_json::from_str(r#"{"old":"a","new":"b"}"#).unwrap();
        assert_eq!(old.kind, PolicyType::Identity);
        assert_eq!(type_key(PolicyType::Scp), "scp");
    }

    #[test]
    fn an_answer_counts_only_for_the_job_that_runs_and_goes_stale_when_the_text_changes() {
        let mut c = Compare::default().reduce(CompareAction::Run);
        let first = c.running().unwrap();
        c = c.reduce(CompareAction::Run);
        let second = c.running().unwrap();
        assert_ne!(first, second);
        let answer = Rc::new(iam_compare::compare(
            EXAMPLE_OLD,
            EXAMPLE_NEW,
            PolicyType::Identity,
        ));
        // The replaced job's answer is dropped.
        c = c.reduce(CompareAction::Compared {
            job: first,
            comparison: answer.clone(),
        });
        assert!(matches!(c.status, Status::Running(j) if j == second));
        c = c.reduce(CompareAction::Compared {
            job: second,
            comparison: answer,
        });
        assert!(matches!(c.status, Status::Done(_)));
        assert!(!c.stale());
        c = c.reduce(CompareAction::Edit(Side::New, "{}".into()));
        assert!(c.stale());
        // Swapping twice is where we started.
        let before = c.draft.clone();
        c = c.reduce(CompareAction::Swap).reduce(CompareAction::Swap);
        assert_eq!(c.draft, before);
    }

    #[test]
    fn cancel_stops_only_a_running_job_and_its_late_answer_is_ignored() {
        let mut c = Compare::default().reduce(CompareAction::Cancel);
        assert!(matches!(c.status, Status::Idle));
        c = c.reduce(CompareAction::Run);
        let job = c.running().unwrap();
        c = c.reduce(CompareAction::Cancel);
        assert!(matches!(c.status, Status::Cancelled));
        c = c.reduce(CompareAction::Failed {
            job,
            why: "stopped".into(),
        });
        assert!(matches!(c.status, Status::Cancelled));
    }

    #[test]
    fn the_example_answers_new_access_as_the_user_guide_says() {
        // IAM User Guide, "Policy evaluation logic": an identity-based policy allows only what a statement allows.
        // The new text allows s3:PutObject, which the old one never does, and reads outside `logs/app/`.
        let c = iam_compare::compare(EXAMPLE_OLD, EXAMPLE_NEW, PolicyType::Identity);
        assert_eq!(c.verdict, iam_compare::Verdict::NewAccess, "{}", c.headline);
        assert!(c
            .counterexamples
            .iter()
            .any(|ce| ce.action == "s3:PutObject"));
        let back = iam_compare::compare(EXAMPLE_NEW, EXAMPLE_OLD, PolicyType::Identity);
        assert_eq!(
            back.verdict,
            iam_compare::Verdict::NoNewAccess,
            "{}",
            back.headline
        );
    }
}
