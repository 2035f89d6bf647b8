//! Lookups in the compiled reference, remembered for the process: action names, action patterns and condition-key
//! types repeat across the statements and policies of a run (a directory of policies, an editor's every
//! keystroke), and the reference never changes. Each map is emptied when it grows past `LIMIT` entries, so
//! hostile input cannot make it grow without bound. A lookup that finds its answer allocates nothing: texts are kept
//! as written (every lookup here ignores case, so each spelling has the same answer), and the answers about an
//! action and a text are kept by text, then by action.

use iam_reference::{Action, KeyType};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

const LIMIT: usize = 50_000;

type Map<V> = Mutex<HashMap<String, V>>;

/// The answer remembered for the text `key` as given, or `compute`'s, remembered. The lookups remembered this way
/// ignore case, so a key is kept as written (the texts of a run repeat with their case): a lookup that finds its
/// answer neither lower-cases nor allocates.
fn remember<V: Clone>(map: &'static OnceLock<Map<V>>, key: &str, compute: impl FnOnce() -> V) -> V {
    let map = map.get_or_init(|| Mutex::new(HashMap::new()));
    if let Ok(m) = map.lock() {
        if let Some(v) = m.get(key) {
            return v.clone();
        }
    }
    let v = compute();
    if let Ok(mut m) = map.lock() {
        if m.len() >= LIMIT {
            m.clear();
        }
        m.insert(key.to_owned(), v.clone());
    }
    v
}

/// Answers about a text and an action, kept by text, then by action, with the number of answers kept.
#[derive(Default)]
struct ByText {
    answers: HashMap<String, HashMap<Action, bool>>,
    len: usize,
}

/// The answer remembered for the text `key` (as given) and `action`, or `compute`'s, remembered.
fn remember_for_action(
    map: &'static OnceLock<Mutex<ByText>>,
    key: &str,
    action: Action,
    compute: impl FnOnce() -> bool,
) -> bool {
    let map = map.get_or_init(|| Mutex::new(ByText::default()));
    if let Ok(m) = map.lock() {
        if let Some(v) = m.answers.get(key).and_then(|a| a.get(&action)) {
            return *v;
        }
    }
    let v = compute();
    if let Ok(mut m) = map.lock() {
        if m.len >= LIMIT {
            m.answers.clear();
            m.len = 0;
        }
        let added = match m.answers.get_mut(key) {
            Some(by_action) => by_action.insert(action, v).is_none(),
            None => {
                m.answers
                    .insert(key.to_owned(), HashMap::from([(action, v)]));
                true
            }
        };
        if added {
            m.len += 1;
        }
    }
    v
}

/// The reference's action named `name` (any case).
pub(crate) fn action(name: &str) -> Option<Action> {
    static MAP: OnceLock<Map<Option<Action>>> = OnceLock::new();
    remember(&MAP, name, || iam_reference::action(name))
}

/// The actions an Action entry names: a name is looked up, a pattern expanded over the reference.
pub(crate) fn expand(raw: &str) -> std::sync::Arc<Vec<Action>> {
    static MAP: OnceLock<Map<std::sync::Arc<Vec<Action>>>> = OnceLock::new();
    if !(raw.contains('*') || raw.contains('?')) {
        return std::sync::Arc::new(action(raw).into_iter().collect());
    }
    remember(&MAP, raw, || {
        std::sync::Arc::new(iam_reference::expand_action_pattern(raw))
    })
}

/// The type of a condition key (any case).
pub(crate) fn key_type(key: &str) -> Option<KeyType> {
    static MAP: OnceLock<Map<Option<KeyType>>> = OnceLock::new();
    remember(&MAP, key, || iam_reference::condition_key_type(key))
}

/// The service with this prefix (any case).
pub(crate) fn service(prefix: &str) -> Option<iam_reference::Service> {
    static MAP: OnceLock<Map<Option<iam_reference::Service>>> = OnceLock::new();
    remember(&MAP, prefix, || iam_reference::service(prefix))
}

/// Whether `action` carries `key` in some request, as `compute` says, remembered per action and key.
pub(crate) fn carries(action: Action, key: &str, compute: impl FnOnce() -> bool) -> bool {
    static MAP: OnceLock<Mutex<ByText>> = OnceLock::new();
    remember_for_action(&MAP, key, action, compute)
}

/// Whether every request carries `key` (a global key that no action needs to list), as `compute` says, remembered
/// per key (any case).
pub(crate) fn carried_globally(key: &str, compute: impl FnOnce() -> bool) -> bool {
    static MAP: OnceLock<Map<bool>> = OnceLock::new();
    remember(&MAP, key, compute)
}

/// Whether `action` takes some ARN the Resource entry `arn` matches, as `compute` says, remembered per action and
/// entry (ARNs are case-sensitive, so the entry is kept as written).
pub(crate) fn takes(action: Action, arn: &str, compute: impl FnOnce() -> bool) -> bool {
    static MAP: OnceLock<Mutex<ByText>> = OnceLock::new();
    remember_for_action(&MAP, arn, action, compute)
}

/// Whether `key` is a global condition key, or a condition key of its service (any case).
pub(crate) fn known_key(key: &str, global: bool) -> bool {
    static GLOBAL: OnceLock<Map<bool>> = OnceLock::new();
    static SERVICE: OnceLock<Map<bool>> = OnceLock::new();
    if global {
        remember(&GLOBAL, key, || {
            iam_reference::global_condition_key(key).is_some()
        })
    } else {
        remember(&SERVICE, key, || {
            iam_reference::condition_key(key).is_some()
        })
    }
}

/// Whether some resource type of the service with this prefix has a Region in its ARN template.
pub(crate) fn has_regional_arns(prefix: &str) -> bool {
    static MAP: OnceLock<Map<bool>> = OnceLock::new();
    remember(&MAP, prefix, || {
        service(prefix).is_some_and(|svc| {
            svc.resource_types().any(|rt| {
                rt.arn_templates()
                    .any(|t| t.split(':').nth(3).is_some_and(|r| r.contains("${")))
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_by_text_and_action_are_kept_apart() {
        static MAP: OnceLock<Mutex<ByText>> = OnceLock::new();
        let found = (
            iam_reference::action("s3:GetObject"),
            iam_reference::action("s3:ListBucket"),
        );
        assert!(found.0.is_some() && found.1.is_some());
        let (Some(a), Some(b)) = found else {
            return;
        };
        assert!(remember_for_action(&MAP, "x", a, || true));
        assert!(!remember_for_action(&MAP, "x", b, || false));
        assert!(!remember_for_action(&MAP, "y", a, || false));
        assert!(remember_for_action(&MAP, "x", a, || false));
    }
}
