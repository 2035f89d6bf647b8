//! Lookups in the compiled reference, remembered for the process: action names, action patterns and condition-key
//! types repeat across the statements and policies of a run (a directory of policies, an editor's every
//! keystroke), and the reference never changes. Each map is emptied when it grows past `LIMIT` entries, so
//! hostile input cannot make it grow without bound.

use iam_reference::{Action, KeyType};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

const LIMIT: usize = 50_000;

type Map<V, K = String> = Mutex<HashMap<K, V>>;

fn remember<V: Clone>(map: &'static OnceLock<Map<V>>, key: &str, compute: impl FnOnce() -> V) -> V {
    remember_exact(map, key.to_ascii_lowercase(), compute)
}

/// [`remember`] with the key as given (for case-sensitive keys such as ARNs, or keys that are not text).
fn remember_exact<K: std::hash::Hash + Eq, V: Clone>(
    map: &'static OnceLock<Map<V, K>>,
    key: K,
    compute: impl FnOnce() -> V,
) -> V {
    let map = map.get_or_init(|| Mutex::new(HashMap::new()));
    if let Ok(m) = map.lock() {
        if let Some(v) = m.get(&key) {
            return v.clone();
        }
    }
    let v = compute();
    if let Ok(mut m) = map.lock() {
        if m.len() >= LIMIT {
            m.clear();
        }
        m.insert(key, v.clone());
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
    static MAP: OnceLock<Map<bool, (Action, String)>> = OnceLock::new();
    remember_exact(&MAP, (action, key.to_ascii_lowercase()), compute)
}

/// Whether `action` takes some ARN the Resource entry `arn` matches, as `compute` says, remembered per action and
/// entry (ARNs are case-sensitive, so the entry is kept as written).
pub(crate) fn takes(action: Action, arn: &str, compute: impl FnOnce() -> bool) -> bool {
    static MAP: OnceLock<Map<bool>> = OnceLock::new();
    remember_exact(&MAP, format!("{}\u{0}{arn}", action.full_name()), compute)
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
