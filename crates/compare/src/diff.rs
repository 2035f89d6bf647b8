//! The access diff, grouped like a plan: per service and access level, the actions the new policy allows that the
//! old one did not, those it no longer allows, and for actions both allow, the resources and condition keys of the
//! statements that allow them, before and after.

use iam_engine::policy::{Effect, ResourceMatcher};
use iam_engine::Policy;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The diff.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessDiff {
    pub groups: Vec<ServiceLevelDiff>,
}

/// One service and access level.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceLevelDiff {
    pub service: String,
    pub access_level: String,
    pub changes: Vec<ActionChange>,
}

/// What changed for a set of actions that changed alike.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ActionChange {
    /// `added`, `removed` or `changed`.
    pub change: String,
    pub actions: Vec<String>,
    /// Resources of the allowing statements in the old and new policy (`*` for all; `not …` for NotResource).
    pub old_resources: Vec<String>,
    pub new_resources: Vec<String>,
    pub conditions_added: Vec<String>,
    pub conditions_removed: Vec<String>,
}

#[derive(Default, Clone, PartialEq, Eq)]
struct Grant {
    resources: BTreeSet<String>,
    conditions: BTreeSet<String>,
}

/// What each reference action's Allow statements say (actions no Allow statement names are left out).
fn grants(p: &Policy) -> BTreeMap<usize, Grant> {
    let mut out: BTreeMap<usize, Grant> = BTreeMap::new();
    let names = crate::search::action_names();
    for st in &p.statements {
        if st.effect != Effect::Allow {
            continue;
        }
        let Some(block) = &st.action else { continue };
        let resources: Vec<String> = match &st.resource {
            None => vec!["(the resource the policy is attached to)".to_string()],
            Some(r) => r
                .patterns
                .iter()
                .filter(|p| p.matcher != ResourceMatcher::Invalid)
                .map(|p| {
                    if r.negated {
                        format!("not {}", p.raw)
                    } else {
                        p.raw.clone()
                    }
                })
                .collect(),
        };
        let conditions: Vec<String> = st
            .conditions
            .iter()
            .map(|c| format!("{} {}", c.key, c.operator_name))
            .collect();
        for (i, n) in names.iter().enumerate() {
            let m = block.patterns.iter().any(|p| p.pattern.matches(n));
            if m != block.negated {
                let g = out.entry(i).or_default();
                g.resources.extend(resources.iter().cloned());
                g.conditions.extend(conditions.iter().cloned());
            }
        }
    }
    out
}

/// The diff of what the two policies' Allow statements name (Deny statements are left to the verdict).
pub fn access_diff(old: &Policy, new: &Policy) -> AccessDiff {
    let (og, ng) = (grants(old), grants(new));
    let actions = crate::search::reference_actions();
    let mut groups: BTreeMap<(String, String), BTreeMap<String, ActionChange>> = BTreeMap::new();
    let keys: BTreeSet<usize> = og.keys().chain(ng.keys()).copied().collect();
    for i in keys {
        let Some(a) = actions.get(i) else { continue };
        let (o, n) = (og.get(&i), ng.get(&i));
        let change = match (o, n) {
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            (Some(x), Some(y)) if x != y => "changed",
            _ => continue,
        };
        let empty = Grant::default();
        let (o, n) = (o.unwrap_or(&empty), n.unwrap_or(&empty));
        let mut c = ActionChange {
            change: change.to_string(),
            actions: Vec::new(),
            old_resources: o.resources.iter().cloned().collect(),
            new_resources: n.resources.iter().cloned().collect(),
            conditions_added: n.conditions.difference(&o.conditions).cloned().collect(),
            conditions_removed: o.conditions.difference(&n.conditions).cloned().collect(),
        };
        let key = format!(
            "{change}|{:?}|{:?}|{:?}|{:?}",
            c.old_resources, c.new_resources, c.conditions_added, c.conditions_removed
        );
        let group = groups
            .entry((
                a.service().prefix().to_string(),
                a.access_level().as_str().to_string(),
            ))
            .or_default();
        let entry = group.entry(key).or_insert_with(|| {
            c.actions.clear();
            c
        });
        entry.actions.push(a.name().to_string());
    }
    AccessDiff {
        groups: groups
            .into_iter()
            .map(|((service, access_level), changes)| ServiceLevelDiff {
                service,
                access_level,
                changes: changes.into_values().collect(),
            })
            .collect(),
    }
}

impl AccessDiff {
    /// The diff as lines of text, like a plan (`+ s3 Write: PutObject, DeleteObject on arn:aws:s3:::logs/*`).
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for g in &self.groups {
            for c in &g.changes {
                let sign = match c.change.as_str() {
                    "added" => "+",
                    "removed" => "-",
                    _ => "~",
                };
                let mut line = format!(
                    "{sign} {} {}: {}",
                    g.service,
                    g.access_level,
                    list(&c.actions)
                );
                match c.change.as_str() {
                    "added" => line.push_str(&format!(" on {}", c.new_resources.join(", "))),
                    "removed" => {
                        line.push_str(&format!(" (was on {})", c.old_resources.join(", ")))
                    }
                    _ => {
                        if c.old_resources != c.new_resources {
                            line.push_str(&format!(
                                " now on {} (was {})",
                                c.new_resources.join(", "),
                                c.old_resources.join(", ")
                            ));
                        }
                    }
                }
                for k in &c.conditions_added {
                    line.push_str(&format!("; condition {k} added"));
                }
                for k in &c.conditions_removed {
                    line.push_str(&format!("; condition {k} removed"));
                }
                out.push(line);
            }
        }
        out
    }
}

/// At most eight names, then a count.
fn list(actions: &[String]) -> String {
    if actions.len() <= 8 {
        return actions.join(", ");
    }
    let head: Vec<&str> = actions.iter().take(8).map(String::as_str).collect();
    format!("{} and {} more", head.join(", "), actions.len() - 8)
}
