//! The request context: condition keys (case-insensitive names) and their values.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    map: HashMap<String, ContextValue>,
}

impl Context {
    /// Looks up a key; `key_lower` must already be lower-case.
    pub fn get(&self, key_lower: &str) -> Option<&ContextValue> {
        self.map.get(key_lower)
    }

    /// Looks up a key given in any case.
    pub fn lookup(&self, key: &str) -> Option<&ContextValue> {
        self.map.get(&key.to_ascii_lowercase())
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
        self.map.values_mut()
    }

    pub fn insert(&mut self, value: ContextValue) {
        self.map.insert(value.key.to_ascii_lowercase(), value);
    }

    pub fn remove(&mut self, key: &str) -> Option<ContextValue> {
        self.map.remove(&key.to_ascii_lowercase())
    }

    pub fn contains(&self, key: &str) -> bool {
        self.map.contains_key(&key.to_ascii_lowercase())
    }

    /// All entries, sorted by key for stable output.
    pub fn entries(&self) -> Vec<&ContextValue> {
        // The map's keys are the lower-cased names: sorting by them needs no new strings.
        let mut v: Vec<(&String, &ContextValue)> = self.map.iter().collect();
        v.sort_unstable_by(|a, b| a.0.cmp(b.0));
        v.into_iter().map(|(_, value)| value).collect()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}
