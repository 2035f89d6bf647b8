//! The request context: condition keys (case-insensitive names) and their values.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// The values of one context key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContextValue {
    /// The key as the caller wrote it.
    pub key: String,
    /// The values, as text (numbers and booleans in their JSON spelling).
    pub values: Vec<String>,
    /// True when given as a list (a multivalued key), even with one element.
    pub multi: bool,
    /// True when filled in from the principal rather than given by the caller.
    pub derived: bool,
    /// The service authorization reference types the key as single-valued (`ec2:InstanceType`), so a list of
    /// values cannot be a real request: a single-valued operator then finds no match, as AWS's policy simulator
    /// answers. Set by the layer that knows the reference.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub single_valued: bool,
}

/// Condition keys of a request. Key names are case-insensitive.
///
/// Kept as a list sorted by the lower-cased name: a request carries a few dozen keys at most, so a binary search
/// beats hashing (no hasher, no table to grow; a full answer builds several contexts), and the entries come out
/// in a stable order without sorting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// (lower-cased name, value), sorted by the name.
    entries: Vec<(String, ContextValue)>,
}

/// Orders a lower-cased name against a name in any case, as if both were lower-cased.
fn cmp_lower(lower: &str, any: &str) -> Ordering {
    lower
        .bytes()
        .cmp(any.bytes().map(|b| b.to_ascii_lowercase()))
}

impl Context {
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| cmp_lower(k, key))
    }

    /// Looks up a key; `key_lower` must already be lower-case.
    pub fn get(&self, key_lower: &str) -> Option<&ContextValue> {
        let i = self
            .entries
            .binary_search_by(|(k, _)| k.as_str().cmp(key_lower))
            .ok()?;
        self.entries.get(i).map(|(_, v)| v)
    }

    /// Looks up a key given in any case.
    pub fn lookup(&self, key: &str) -> Option<&ContextValue> {
        let i = self.find(key).ok()?;
        self.entries.get(i).map(|(_, v)| v)
    }

    /// Sets a single value.
    pub fn set(&mut self, key: &str, value: impl Into<String>, derived: bool) {
        self.insert(ContextValue {
            key: key.to_string(),
            values: vec![value.into()],
            multi: false,
            derived,
            single_valued: false,
        });
    }

    /// Sets a list of values (a multivalued key).
    pub fn set_multi(&mut self, key: &str, values: Vec<String>, derived: bool) {
        self.insert(ContextValue {
            key: key.to_string(),
            values,
            multi: true,
            derived,
            single_valued: false,
        });
    }

    /// Every value, to change in place (the key names stay as they are).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut ContextValue> {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    /// Sets a key's values, replacing any values it had (under any spelling of its name).
    pub fn insert(&mut self, value: ContextValue) {
        match self.find(&value.key) {
            Ok(i) => {
                if let Some(slot) = self.entries.get_mut(i) {
                    slot.1 = value;
                }
            }
            Err(i) => {
                let lower = value.key.to_ascii_lowercase();
                self.entries.insert(i, (lower, value));
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<ContextValue> {
        let i = self.find(key).ok()?;
        Some(self.entries.remove(i).1)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// All entries, sorted by key for stable output.
    pub fn entries(&self) -> Vec<&ContextValue> {
        self.entries.iter().map(|(_, v)| v).collect()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
