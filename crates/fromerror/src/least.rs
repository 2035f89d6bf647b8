//! The least-privilege identity policy for a list of calls, as the real API authorizes them (the `iam-realapi`
//! analysis: `*` for actions without resource-level permissions, every resource a call authorizes, the dependent
//! actions its parameters make certain with the context the service supplies), grouped by service; then verified
//! by evaluating the written policy against every call, literally and as the real API would; and granted vs used:
//! what a starting policy grants (the sweep) against what the calls need, by access level.

use iam_engine::Decision;
use iam_realapi::{DivergenceKind, ResourceOrigin};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// How far resource ARNs are generalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Generalise {
    /// The ARNs the calls authorize, as they are.
    #[default]
    Exact,
    /// The last name becomes `*`: every object of the bucket, every stream of the log group; for a resource with
    /// one name (a role, a volume) the same as [`Generalise::Type`].
    Name,
    /// Every name becomes `*`: every resource of that type in the account and region.
    Type,
}

impl Generalise {
    /// Reads `exact`, `name` or `type`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "exact" => Some(Generalise::Exact),
            "name" => Some(Generalise::Name),
            "type" => Some(Generalise::Type),
            _ => None,
        }
    }
}

/// One permission the calls need.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    /// Which call (0-based, in the order given) needs it.
    pub call: usize,
    pub action: String,
    pub resource: String,
    /// The condition the statement carries (`iam:PassedToService` for a passed role).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<Value>,
    /// Why: the resource type and where its ARN came from, or the dependent action's reason.
    pub why: String,
}

/// The written policy's decision for one call.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verified {
    pub call: usize,
    pub action: String,
    pub literal: Decision,
    /// `None` when the real-API analysis had nothing to say (no request).
    pub real: Option<Decision>,
    /// Why a decision is not Allow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// The least-privilege policy, its grants, and its verification.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LeastPrivilege {
    pub generalise: Generalise,
    /// The identity policy document.
    pub policy: Value,
    pub grants: Vec<Grant>,
    /// Calls no identity policy can allow (a resource policy must, only the owner can), or that need no
    /// permission, with why.
    pub not_by_identity_policy: Vec<String>,
    /// The written policy evaluated against every call.
    pub verified: Vec<Verified>,
    /// Every call allowed, literally and by the real API.
    pub all_allowed: bool,
}

/// Counts by access level.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LevelCount {
    pub level: String,
    pub count: usize,
}

/// What a starting policy grants against what the calls use.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GrantedVsUsed {
    /// Actions the starting policies allow (the sweep over every action of the reference, for the first call's
    /// principal and resource `*`).
    pub granted: usize,
    pub granted_by_level: Vec<LevelCount>,
    /// Actions the least-privilege policy lists.
    pub used: usize,
    pub used_by_level: Vec<LevelCount>,
    /// Granted but not used: what the least-privilege policy removes.
    pub removed: Vec<String>,
    pub removed_by_level: Vec<LevelCount>,
    /// Used but not granted by the starting policies (the calls need more than they give, or a resource-scoped
    /// grant the sweep over `*` does not see).
    pub not_granted: Vec<String>,
    /// Errors in the starting policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

/// The values of a template's placeholders in an ARN (`role/${RoleNameWithPath}` against `role/a/b` → `a/b`).
fn extract(template: &str, arn: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut t = template;
    let mut a = arn;
    loop {
        match t.find("${") {
            None => return (t == a).then_some(out),
            Some(open) => {
                let lit = t.get(..open)?;
                a = a.strip_prefix(lit)?;
                let after = t.get(open + 2..)?;
                let close = after.find('}')?;
                let name = after.get(..close)?.to_string();
                t = after.get(close + 1..)?;
                let next_lit_end = t.find("${").unwrap_or(t.len());
                let next_lit = t.get(..next_lit_end)?;
                let value_end = if next_lit.is_empty() {
                    if t.is_empty() {
                        a.len()
                    } else {
                        return None;
                    }
                } else {
                    a.find(next_lit)?
                };
                out.push((name, a.get(..value_end)?.to_string()));
                a = a.get(value_end..)?;
            }
        }
    }
}

/// The ARN generalised as asked.
fn generalise(arn: &str, resource_type: &str, g: Generalise) -> String {
    if g == Generalise::Exact || arn == "*" {
        return arn.to_string();
    }
    let rt = iam_reference::resource_types_for_arn(arn)
        .into_iter()
        .find(|m| m.resource_type.name() == resource_type)
        .or_else(|| {
            iam_reference::resource_types_for_arn(arn)
                .into_iter()
                .next()
        });
    let Some(m) = rt else {
        return arn.to_string();
    };
    let Some(values) = extract(m.template, arn) else {
        return arn.to_string();
    };
    let frame = |n: &str| matches!(n, "Partition" | "Region" | "Account");
    let last_name = values
        .iter()
        .rev()
        .find(|(n, _)| !frame(n))
        .map(|(n, _)| n.clone());
    iam_reference::fill_template(m.template, |p| {
        let v = values
            .iter()
            .find(|(n, _)| n == p)
            .map(|(_, v)| v.clone())?;
        if frame(p) {
            return Some(v);
        }
        match g {
            Generalise::Type => Some("*".into()),
            Generalise::Name if Some(p) == last_name.as_deref() => Some("*".into()),
            _ => Some(v),
        }
    })
}

/// A scenario with one request; the request's own `realApi` moves to the top, where a single request's is read.
fn scenario_text(policies: &Value, request: &Value) -> String {
    let mut req = request.clone();
    let real_api = req.as_object_mut().and_then(|o| o.remove("realApi"));
    let mut s = json!({ "policies": policies, "request": req });
    if let Some(r) = real_api {
        crate::set(&mut s, "realApi", r);
    }
    s.to_string()
}

/// The least-privilege identity policy for `requests` (entries of a scenario's `requests`), verified.
pub fn least_privilege(requests: &[Value], g: Generalise, now: Option<f64>) -> LeastPrivilege {
    let empty = json!({ "identity": [] });
    let mut grants: Vec<Grant> = Vec::new();
    let mut not_by_identity = Vec::new();
    // The requests as verified: a call without a resource gets the first resource the real call authorizes, so
    // that the literal check tests what the call touches rather than a missing resource.
    let mut checked: Vec<Value> = requests.to_vec();
    for (i, req) in requests.iter().enumerate() {
        let answer = iam_realapi::evaluate_full(&scenario_text(&empty, req), now);
        let Some(real) = answer.real_api else {
            not_by_identity.push(format!("call {}: the request could not be read", i + 1));
            continue;
        };
        let action = real
            .action
            .clone()
            .or_else(|| {
                req.get("action")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .unwrap_or_default();
        let mut skip = false;
        for d in real.findings() {
            match d.kind {
                DivergenceKind::NoPermissionRequired => {
                    not_by_identity.push(format!(
                        "call {} (`{action}`): needs no permission: {}",
                        i + 1,
                        d.explanation
                    ));
                    skip = true;
                }
                DivergenceKind::UnknownAction => {
                    not_by_identity.push(format!("call {} (`{action}`): {}", i + 1, d.explanation));
                    skip = true;
                }
                DivergenceKind::ResourcePolicyRequired
                | DivergenceKind::OwnerOnlyAction
                | DivergenceKind::CallerTypeNotAccepted
                | DivergenceKind::AwsOwnedResource => {
                    not_by_identity.push(format!("call {} (`{action}`): {}", i + 1, d.explanation));
                }
                _ => {}
            }
        }
        if skip {
            continue;
        }
        if req.get("resource").is_none() {
            if let (Some(first), Some(Value::Object(o))) =
                (real.resources.first(), checked.get_mut(i))
            {
                o.insert("resource".into(), Value::String(first.arn.clone()));
            }
        }
        for r in &real.resources {
            let origin = match r.origin {
                ResourceOrigin::Typed => "the request's resource",
                ResourceOrigin::Given => "given in realApi.resources",
                ResourceOrigin::Derived => "derived from the request's resource",
                ResourceOrigin::Template => "the template, `*` for names the call does not give",
                ResourceOrigin::Call => "a call parameter",
                ResourceOrigin::Star => "no resource-level permissions: `*`",
            };
            grants.push(Grant {
                call: i,
                action: action.clone(),
                resource: generalise(&r.arn, &r.resource_type, g),
                condition: None,
                why: if r.resource_type == "*" {
                    origin.to_string()
                } else {
                    format!("resource type `{}`: {origin}", r.resource_type)
                },
            });
        }
        for dep in real.dependent_actions.iter().filter(|d| d.certain) {
            let condition = (!dep.context.is_empty()).then(|| {
                let mut m = serde_json::Map::new();
                for k in &dep.context {
                    let v = match k.values.as_slice() {
                        [one] => json!(one),
                        many => json!(many),
                    };
                    m.insert(k.key.clone(), v);
                }
                json!({ "StringEquals": m })
            });
            let resource = dep.resource.clone().unwrap_or_else(|| "*".into());
            let rt = iam_reference::resource_types_for_arn(&resource)
                .first()
                .map(|m| m.resource_type.name())
                .unwrap_or("*");
            grants.push(Grant {
                call: i,
                action: iam_reference::action(&dep.action)
                    .map_or(dep.action.clone(), |a| a.full_name()),
                resource: generalise(&resource, rt, g),
                condition,
                why: format!("dependent action of `{action}`: {}", dep.reason),
            });
        }
    }
    let policy = write_policy(&grants);
    let verified = verify(&policy, &checked, now);
    let all_allowed = !verified.is_empty()
        && verified
            .iter()
            .all(|v| v.literal.is_allow() && v.real.is_none_or(Decision::is_allow));
    LeastPrivilege {
        generalise: g,
        policy,
        grants,
        not_by_identity_policy: not_by_identity,
        verified,
        all_allowed,
    }
}

/// The policy: one statement per (service, resources, condition) with the actions that need exactly those;
/// actions without resource-level permissions together in one `Resource: "*"` statement.
fn write_policy(grants: &[Grant]) -> Value {
    // action+condition → resources
    let mut by_action: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let mut conditions: BTreeMap<String, Value> = BTreeMap::new();
    for g in grants {
        let ckey = g
            .condition
            .as_ref()
            .map(Value::to_string)
            .unwrap_or_default();
        if let Some(c) = &g.condition {
            conditions.insert(ckey.clone(), c.clone());
        }
        by_action
            .entry((g.action.clone(), ckey))
            .or_default()
            .insert(g.resource.clone());
    }
    // A `*` covers every other resource of the same action.
    for res in by_action.values_mut() {
        if res.contains("*") {
            res.retain(|r| r == "*");
        }
    }
    // (star?, service, resources, condition) → actions
    let mut groups: BTreeMap<(bool, String, Vec<String>, String), BTreeSet<String>> =
        BTreeMap::new();
    for ((action, ckey), res) in by_action {
        let star = res.len() == 1 && res.contains("*") && ckey.is_empty();
        let service = if star {
            String::new()
        } else {
            action.split(':').next().unwrap_or_default().to_string()
        };
        groups
            .entry((star, service, res.into_iter().collect(), ckey))
            .or_default()
            .insert(action);
    }
    let mut statements = Vec::new();
    let mut counter: BTreeMap<String, usize> = BTreeMap::new();
    // Resource-scoped statements first, the `*` statement last.
    let mut ordered: Vec<_> = groups.into_iter().collect();
    ordered.sort_by(|a, b| (a.0 .0, &a.0 .1).cmp(&(b.0 .0, &b.0 .1)));
    for ((star, service, resources, ckey), actions) in ordered {
        let sid = if star {
            "NoResourceLevelPermissions".to_string()
        } else {
            let base: String = service
                .split(['-', '.'])
                .map(|w| {
                    let mut c = w.chars();
                    c.next().map_or(String::new(), |f| {
                        f.to_ascii_uppercase().to_string() + c.as_str()
                    })
                })
                .collect();
            let n = counter.entry(base.clone()).or_default();
            *n += 1;
            if *n == 1 {
                base
            } else {
                format!("{base}{n}")
            }
        };
        let one_or_many = |v: Vec<String>| match v.as_slice() {
            [one] => json!(one),
            _ => json!(v),
        };
        let mut st = json!({
            "Sid": sid,
            "Effect": "Allow",
            "Action": one_or_many(actions.into_iter().collect()),
            "Resource": one_or_many(resources),
        });
        if let Some(c) = conditions.get(&ckey) {
            crate::set(&mut st, "Condition", c.clone());
        }
        statements.push(st);
    }
    json!({ "Version": "2012-10-17", "Statement": statements })
}

/// Evaluates `policy` as the only identity policy against every request.
fn verify(policy: &Value, requests: &[Value], now: Option<f64>) -> Vec<Verified> {
    let scenario = json!({
        "policies": { "identity": [ { "name": "LeastPrivilege", "document": policy } ] },
        "requests": requests,
    });
    let answers = iam_realapi::evaluate_full_many(&scenario.to_string(), now);
    answers
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let action = requests
                .get(i)
                .and_then(|r| r.get("action"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let real = a.real_api.as_ref().map(|r| r.decision);
            let why = if !a.literal.decision.is_allow() {
                Some(a.literal.reason.clone())
            } else {
                a.real_api
                    .as_ref()
                    .filter(|r| !r.decision.is_allow())
                    .map(|r| {
                        r.divergences
                            .iter()
                            .map(|d| d.explanation.clone())
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
            };
            Verified {
                call: i,
                action,
                literal: a.literal.decision,
                real,
                why,
            }
        })
        .collect()
}

fn by_level<'a>(actions: impl Iterator<Item = &'a String>) -> Vec<LevelCount> {
    let mut m: BTreeMap<&'static str, usize> = BTreeMap::new();
    for a in actions {
        let level = iam_reference::action(a).map_or("Unknown", |x| x.access_level().as_str());
        *m.entry(level).or_default() += 1;
    }
    m.into_iter()
        .map(|(level, count)| LevelCount {
            level: level.to_string(),
            count,
        })
        .collect()
}

/// What the starting `policies` (a scenario's `policies` object) grant, against the actions `least` lists.
pub fn granted_vs_used(
    policies: &Value,
    requests: &[Value],
    least: &LeastPrivilege,
) -> GrantedVsUsed {
    let mut probe = json!({ "action": "sts:GetCallerIdentity", "resource": "*" });
    if let Some(p) = requests.first().and_then(|r| r.get("principal")) {
        crate::set(&mut probe, "principal", p.clone());
    }
    let sweep = iam_realapi::sweep_actions(&scenario_text(policies, &probe));
    let granted: BTreeSet<String> = sweep.allowed.iter().cloned().collect();
    let used: BTreeSet<String> = least.grants.iter().map(|g| g.action.clone()).collect();
    let removed: Vec<String> = granted.difference(&used).cloned().collect();
    let not_granted: Vec<String> = used.difference(&granted).cloned().collect();
    GrantedVsUsed {
        granted: granted.len(),
        granted_by_level: by_level(granted.iter()),
        used: used.len(),
        used_by_level: by_level(used.iter()),
        removed_by_level: by_level(removed.iter()),
        removed,
        not_granted,
        errors: sweep.errors.iter().map(|d| d.message.clone()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_give_back_their_values() {
        let v = extract(
            "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
            "arn:aws:s3:::b/dir/key",
        );
        assert_eq!(
            v,
            Some(vec![
                ("Partition".into(), "aws".into()),
                ("BucketName".into(), "b".into()),
                ("ObjectName".into(), "dir/key".into())
            ])
        );
    }

    #[test]
    fn generalising_keeps_what_was_asked() {
        let arn = "arn:aws:iam::690534650866:instance-profile/EMR_EC2_DefaultRole";
        assert_eq!(generalise(arn, "instance-profile", Generalise::Exact), arn);
        assert_eq!(
            generalise(arn, "instance-profile", Generalise::Type),
            "arn:aws:iam::690534650866:instance-profile/*"
        );
        assert_eq!(
            generalise("arn:aws:s3:::b/dir/key", "object", Generalise::Name),
            "arn:aws:s3:::b/*"
        );
        assert_eq!(
            generalise("arn:aws:s3:::b/dir/key", "object", Generalise::Type),
            "arn:aws:s3:::*/*"
        );
    }
}
