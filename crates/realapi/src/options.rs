//! The scenario's `realApi` object, typed: the region, ARNs per resource type, dependent actions, the clock and
//! the call parameters (what the call passes). A field of the wrong type is reported, never silently dropped.

use serde::Deserialize;
use std::collections::BTreeMap;

/// Options read from the scenario's (or a `requests` entry's) optional `realApi` object.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RealApiOptions {
    /// The region for aws:RequestedRegion and filled-in ARNs (default: the ARN's, else us-east-1).
    #[serde(default)]
    pub region: Option<String>,
    /// One ARN per resource type name, for actions that authorize several.
    #[serde(default)]
    pub resources: BTreeMap<String, String>,
    /// Evaluate every dependent action the reference lists, not only those the call certainly needs.
    #[serde(default)]
    pub evaluate_dependent_actions: bool,
    /// The resource for a dependent action (e.g. the role ARN for iam:PassRole); naming one says the call
    /// needs that action on it.
    #[serde(default)]
    pub dependent_resources: BTreeMap<String, String>,
    /// aws:CurrentTime as an ISO 8601 date (else the caller's clock).
    #[serde(default)]
    pub current_time: Option<String>,
    /// What the call passes.
    #[serde(default)]
    pub call: CallParams,
    /// The caller's clock, epoch seconds (not read from JSON).
    #[serde(skip)]
    pub now: Option<f64>,
}

/// The call's parameters that change what it authorizes.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CallParams {
    /// Tags the call applies: `aws:RequestTag/…` and `aws:TagKeys`.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// The role ARN the call passes to a service (iam:PassRole).
    #[serde(default)]
    pub role: Option<String>,
    /// The instance profile ARN (EC2).
    #[serde(default)]
    pub instance_profile: Option<String>,
    /// The EC2 key pair name.
    #[serde(default)]
    pub key_name: Option<String>,
    /// The launch template ARN or id.
    #[serde(default)]
    pub launch_template: Option<String>,
    /// The SSM parameter the AMI is given as.
    #[serde(default)]
    pub image_from_ssm_parameter: Option<String>,
    /// The AMI's root device: `ebs` (default) or `instance-store`.
    #[serde(default)]
    pub root_device: Option<RootDevice>,
    /// The KMS key ARN the call encrypts or decrypts with.
    #[serde(default)]
    pub kms_key: Option<String>,
}

/// The AMI's root device type.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum RootDevice {
    Ebs,
    InstanceStore,
}

impl CallParams {
    /// The parameters given, as (name, value) in a fixed order, for the answer.
    pub fn given(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.tags.is_empty() {
            let tags: Vec<String> = self.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
            out.push(("tags", tags.join(", ")));
        }
        let mut opt = |name: &'static str, v: &Option<String>| {
            if let Some(v) = v {
                out.push((name, v.clone()));
            }
        };
        opt("role", &self.role);
        opt("instanceProfile", &self.instance_profile);
        opt("keyName", &self.key_name);
        opt("launchTemplate", &self.launch_template);
        opt("imageFromSsmParameter", &self.image_from_ssm_parameter);
        opt("kmsKey", &self.kms_key);
        if let Some(d) = self.root_device {
            out.push((
                "rootDevice",
                match d {
                    RootDevice::Ebs => "ebs",
                    RootDevice::InstanceStore => "instance-store",
                }
                .to_string(),
            ));
        }
        out
    }
}

impl RealApiOptions {
    /// Reads the options; problems (wrong types, unknown fields) are returned beside the defaults used instead.
    pub fn from_json(v: Option<&serde_json::Value>, now: Option<f64>) -> (Self, Vec<String>) {
        let mut problems = Vec::new();
        let mut o = match v {
            None => RealApiOptions::default(),
            Some(v) => match RealApiOptions::deserialize(v) {
                Ok(o) => o,
                Err(e) => {
                    problems.push(format!(
                        "`realApi` options could not be read ({e}); the real-API answer uses the defaults"
                    ));
                    RealApiOptions::default()
                }
            },
        };
        o.now = now;
        if let Some(t) = &o.current_time {
            match iam_engine::condition::parse_date(t) {
                Some(secs) => o.now = Some(secs),
                None => problems.push(format!(
                    "`realApi.currentTime` `{t}` is not an ISO 8601 date; the caller's clock is used"
                )),
            }
        }
        (o, problems)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn wrong_types_are_reported_not_ignored() {
        let v = serde_json::json!({ "evaluateDependentActions": "yes" });
        let (o, problems) = RealApiOptions::from_json(Some(&v), None);
        assert!(!o.evaluate_dependent_actions);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let v = serde_json::json!({ "call": { "keyname": "k" } });
        let (_, problems) = RealApiOptions::from_json(Some(&v), None);
        assert!(problems[0].contains("keyname"), "{problems:?}");
    }

    #[test]
    fn call_parameters_are_read() {
        let v = serde_json::json!({ "call": { "keyName": "ops", "rootDevice": "instance-store", "tags": {"team": "a"} },
                                    "currentTime": "2026-01-01T00:00:00Z" });
        let (o, problems) = RealApiOptions::from_json(Some(&v), None);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(o.call.key_name.as_deref(), Some("ops"));
        assert_eq!(o.call.root_device, Some(RootDevice::InstanceStore));
        assert_eq!(o.now, Some(1_767_225_600.0));
    }
}
