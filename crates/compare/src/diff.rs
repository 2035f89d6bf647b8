//! The access diff, grouped like a plan: per service and access level, the actions the new policy allows that the
//! old one did not, those it no longer allows, and for actions both allow, the resources and condition keys of the
//! statements that allow them, before and after.

use iam_engine::policy::ResourceMatcher;
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

/// What a set of Allow statements says: their resources and condition keys.
fn grant(p: &Policy, statements: &[usize]) -> Grant {
    let mut g = Grant::default();
    for st in statements.iter().filter_map(|&i| p.statements.get(i)) {
        match &st.resource {
            None => {
                g.resources
                    .insert("(the resource the policy is attached to)".to_string());
            }
            Some(r) => {
                for pat in r
                    .patterns
                    .iter()
                    .filter(|p| p.matcher != ResourceMatcher::Invalid)
                {
                    g.resources.insert(if r.negated {
                        format!("not {}", pat.raw)
                    } else {
                        pat.raw.clone()
                    });
                }
            }
        }
        for c in &st.conditions {
            g.conditions
                .insert(format!("{} {}", c.key, c.operator_name));
        }
    }
    g
}

/// The diff of what the two policies' Allow statements name (Deny statements are left to the verdict).
/// `allowing`: groups of reference actions (indices) with the Allow statements of each policy that name them.
pub(crate) fn access_diff(
    old: &Policy,
    new: &Policy,
    allowing: &[(Vec<usize>, Vec<usize>, Vec<usize>)],
) -> AccessDiff {
    let actions = crate::search::action_meta();
    let mut groups: BTreeMap<(String, String), Vec<ActionChange>> = BTreeMap::new();
    for (o, n, members) in allowing {
        let (og, ng) = (grant(old, o), grant(new, n));
        let change = match (o.is_empty(), n.is_empty()) {
            (true, false) => "added",
            (false, true) => "removed",
            (false, false) if og != ng => "changed",
            _ => continue,
        };
        let mut per_level: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for &i in members {
            let Some((service, level, name)) = actions.get(i) else {
                continue;
            };
            per_level
                .entry((service.to_string(), level.to_string()))
                .or_default()
                .push(name.to_string());
        }
        for (key, names) in per_level {
            groups.entry(key).or_default().push(ActionChange {
                change: change.to_string(),
                actions: names,
                old_resources: og.resources.iter().cloned().collect(),
                new_resources: ng.resources.iter().cloned().collect(),
                conditions_added: ng.conditions.difference(&og.conditions).cloned().collect(),
                conditions_removed: og.conditions.difference(&ng.conditions).cloned().collect(),
            });
        }
    }
    AccessDiff {
        groups: groups
            .into_iter()
            .map(|((service, access_level), changes)| ServiceLevelDiff {
                service,
                access_level,
                changes,
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
