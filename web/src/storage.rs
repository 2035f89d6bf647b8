//! Local storage through `gloo-storage`, with every failure turned into a [`Problem`] the page tells the user about:
//! storage disabled, quota exceeded, and an entry that cannot be read — which is copied aside under another key and
//! never overwritten (when it cannot even be copied, this tab stops saving to that key).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use gloo::storage::errors::StorageError;
use gloo::storage::{LocalStorage, Storage};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::browser;

/// The user's own workspace (the key predates linked workspaces, so older saves still open).
pub const OWN: &str = "iam-sim.workspace.v1";
/// The workspace opened from the last shared link, kept beside the user's own.
pub const LINKED: &str = "iam-sim.linked.v1";
/// Workspaces set aside (replaced by an example, an import, a newer link), newest first.
pub const RECENT: &str = "iam-sim.recent.v1";
/// What the last crash left behind ([`crate::crash::CrashRecord`]).
pub const CRASH: &str = "iam-sim.crash.v1";
/// The link fragment being opened, written before its workspace is evaluated and removed once the page has shown
/// it: still there at the next start, the link crashed or froze the page.
pub const OPENING: &str = "iam-sim.opening.v1";
/// Entries set aside start with this (`iam-sim.set-aside.<what>.<time>`).
pub const SET_ASIDE_PREFIX: &str = "iam-sim.set-aside.";

/// Why something could not be read or saved.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The browser gives the page no local storage (a setting, a sandboxed frame, some private modes).
    Unavailable(String),
    /// The browser refused to store more.
    QuotaExceeded,
    /// The entry `key` could not be read (`error`). It was copied to `kept_as`; when that failed too (`None`), it was
    /// left untouched and this tab does not save over it.
    Corrupt {
        key: String,
        error: String,
        kept_as: Option<String>,
        raw: Rc<str>,
    },
    /// Saving to `key` is off because its unreadable entry could not be set aside.
    Protected(String),
    /// Any other refusal, in the browser's words.
    Refused(String),
}

impl Problem {
    /// What happened, in a sentence for people.
    pub fn message(&self) -> String {
        match self {
            Problem::Unavailable(why) => {
                format!("This browser does not let the page save anything ({why}).")
            }
            Problem::QuotaExceeded => {
                "This browser's storage for the page is full (quota exceeded), so the latest changes were not saved."
                    .to_owned()
            }
            Problem::Corrupt {
                key,
                error,
                kept_as: Some(kept_as),
                ..
            } => format!(
                "{} could not be read ({error}). It was kept aside as `{kept_as}`, nothing was overwritten.",
                what_is(key)
            ),
            Problem::Corrupt {
                key,
                error,
                kept_as: None,
                ..
            } => format!(
                "{} could not be read ({error}) and could not be copied aside, so it is left untouched and this tab will not save over it.",
                what_is(key)
            ),
            Problem::Protected(key) => format!(
                "{} is not saved: an unreadable entry there is left untouched.",
                what_is(key)
            ),
            Problem::Refused(why) => format!("The browser refused to save ({why})."),
        }
    }

    /// Whether the user's current work may be missing from storage (and should be exported).
    pub fn work_unsaved(&self) -> bool {
        !matches!(
            self,
            Problem::Corrupt {
                kept_as: Some(_),
                ..
            }
        )
    }
}

/// A save that failed: of which entry, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub key: String,
    pub problem: Problem,
}

impl Failure {
    /// What was not saved and why, in a sentence for people.
    pub fn message(&self) -> String {
        match &self.problem {
            Problem::QuotaExceeded => format!(
                "This browser's storage for the page is full (quota exceeded), so {} could not be saved.",
                match self.key.as_str() {
                    OWN => "the latest changes to your workspace",
                    LINKED => "the latest changes to the workspace opened from a link",
                    RECENT => "the list of recent workspaces (your workspace itself is saved)",
                    _ => "an entry",
                }
            ),
            other => other.message(),
        }
    }

    /// Whether the user's work itself may be missing from storage (and should be exported).
    pub fn work_unsaved(&self) -> bool {
        self.key != RECENT && self.problem.work_unsaved()
    }
}

/// Words for an entry.
fn what_is(key: &str) -> &'static str {
    match key {
        OWN => "Your saved workspace",
        LINKED => "The workspace opened from a link",
        RECENT => "The list of recent workspaces",
        _ => "A saved entry",
    }
}

thread_local! {
    /// Keys whose unreadable entry could not be set aside: never written by this tab.
    static PROTECTED: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
}

/// The problem a failed gloo-storage call stands for.
fn classify(error: StorageError) -> Problem {
    match error {
        StorageError::JsError(e) => match e.name.as_str() {
            // Chromium and WebKit name it QuotaExceededError; old Firefox NS_ERROR_DOM_QUOTA_REACHED.
            "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED" => Problem::QuotaExceeded,
            "SecurityError" => {
                Problem::Unavailable(format!("local storage is blocked: {}", e.message))
            }
            _ => Problem::Refused(e.to_string()),
        },
        StorageError::SerdeError(e) => Problem::Refused(e.to_string()),
        StorageError::KeyNotFound(key) => Problem::Refused(format!("no entry `{key}`")),
    }
}

fn unavailable() -> Problem {
    Problem::Unavailable("local storage is turned off or blocked for this page".to_owned())
}

/// Reads `key`: `Ok(None)` when there is no such entry. An entry that does not parse is set aside (see
/// [`Problem::Corrupt`]) and reported.
pub fn load<T: DeserializeOwned>(key: &str) -> Result<Option<T>, Problem> {
    if !browser::local_storage_available() {
        return Err(unavailable());
    }
    match LocalStorage::get::<T>(key) {
        Ok(value) => Ok(Some(value)),
        Err(StorageError::KeyNotFound(_)) => Ok(None),
        Err(StorageError::SerdeError(e)) => Err(set_aside(key, &e.to_string())),
        Err(other) => Err(classify(other)),
    }
}

/// Copies the unreadable entry `key` to a new key and removes it; when the copy fails, protects `key`.
fn set_aside(key: &str, error: &str) -> Problem {
    let raw: Rc<str> = LocalStorage::raw()
        .get_item(key)
        .ok()
        .flatten()
        .unwrap_or_default()
        .into();
    let kept_as = format!(
        "{SET_ASIDE_PREFIX}{}.{}",
        key.trim_start_matches("iam-sim."),
        crate::state::now() as u64
    );
    let kept_as = match LocalStorage::set(&kept_as, &*raw) {
        Ok(()) => {
            LocalStorage::delete(key);
            Some(kept_as)
        }
        Err(_) => {
            PROTECTED.with(|p| p.borrow_mut().insert(key.to_owned()));
            None
        }
    };
    Problem::Corrupt {
        key: key.to_owned(),
        error: error.to_owned(),
        kept_as,
        raw,
    }
}

/// Keeps `text` under a new `iam-sim.set-aside.<what>.<time>` key; the key, or why it could not be kept.
pub fn keep_aside(what: &str, text: &str) -> Result<String, Problem> {
    let key = format!("{SET_ASIDE_PREFIX}{what}.{}", crate::state::now() as u64);
    save(&key, &text).map(|()| key)
}

/// Saves `value` under `key`.
pub fn save<T: Serialize + ?Sized>(key: &str, value: &T) -> Result<(), Problem> {
    if PROTECTED.with(|p| p.borrow().contains(key)) {
        return Err(Problem::Protected(key.to_owned()));
    }
    if !browser::local_storage_available() {
        return Err(unavailable());
    }
    LocalStorage::set(key, value).map_err(classify)
}

/// Removes `key` (nothing happens without storage, or when the key is protected).
pub fn remove(key: &str) {
    if browser::local_storage_available() && !PROTECTED.with(|p| p.borrow().contains(key)) {
        LocalStorage::delete(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_says_what_happened_and_whether_work_is_unsaved() {
        let corrupt = |kept_as: Option<&str>| Problem::Corrupt {
            key: OWN.to_owned(),
            error: "expected value at line 1 column 1".to_owned(),
            kept_as: kept_as.map(str::to_owned),
            raw: "{oops".into(),
        };
        let kept = corrupt(Some("iam-sim.set-aside.workspace.v1.1"));
        assert!(kept
            .message()
            .contains("kept aside as `iam-sim.set-aside.workspace.v1.1`"));
        assert!(kept
            .message()
            .starts_with("Your saved workspace could not be read"));
        assert!(!kept.work_unsaved());
        let stuck = corrupt(None);
        assert!(stuck.message().contains("will not save over it"));
        assert!(stuck.work_unsaved());
        assert!(Problem::QuotaExceeded.message().contains("quota exceeded"));
        let full = |key: &str| Failure {
            key: key.to_owned(),
            problem: Problem::QuotaExceeded,
        };
        assert!(full(OWN)
            .message()
            .contains("the latest changes to your workspace could not be saved"));
        assert!(full(OWN).work_unsaved());
        assert!(full(RECENT)
            .message()
            .contains("your workspace itself is saved"));
        assert!(!full(RECENT).work_unsaved());
        assert!(Problem::QuotaExceeded.work_unsaved());
        assert!(unavailable()
            .message()
            .contains("(local storage is turned off or blocked for this page)"));
    }
}
