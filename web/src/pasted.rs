//! From pasted error text to the workspace: the calls `iam_fromerror` reads (CLI and SDK messages, decoded
//! authorization messages, CloudTrail records) as the workspace's request, the simulator's answer beside the policy
//! type the message blames, and the least-privilege policy for the workspace's requests with its verification.
//! Plain functions of their inputs; the panel (`components::from_error`) draws them.

use iam_engine::{Decision, RequestDoc};
use iam_fromerror::{Blame, Call, Generalise, LeastPrivilege};
use serde_json::{Map, Value};

use crate::state::Evaluation;
use crate::workspace::{RequestSpec, Workspace};

/// The most requests the least-privilege policy is written for (each is analysed and evaluated twice).
pub const MAX_LEAST_CALLS: usize = 50;

/// Reads pasted text: the calls, and the problems with their places.
pub fn read(text: &str) -> iam_fromerror::Reading {
    iam_fromerror::read_errors(text)
}

/// The workspace's request asking about `calls` (requests in the scenario format): their principal (the first
/// that names one; else `current`'s), every action and resource in order, the context keys (the first value of
/// each), and what the calls pass (`realApi`, the first value of each member). `None` when there is no call.
pub fn request_of(calls: &[Value], current: &RequestSpec) -> Option<RequestSpec> {
    if calls.is_empty() {
        return None;
    }
    let mut requests = Vec::new();
    let mut real_api = Map::new();
    let mut context = Map::new();
    let principal = calls.iter().find_map(|c| c.get("principal")).cloned();
    for call in calls {
        let mut request = call.as_object().cloned().unwrap_or_default();
        if let Some(Value::Object(r)) = request.remove("realApi") {
            for (k, v) in r {
                merge_into(&mut real_api, k, v);
            }
        }
        if let Some(Value::Object(c)) = request.remove("context") {
            for (k, v) in c {
                context.entry(k).or_insert(v);
            }
        }
        request.remove("principal");
        requests.push(Value::Object(request));
    }
    let mut first = Map::new();
    if let Some(p) = principal {
        first.insert("principal".to_owned(), p);
    }
    if !context.is_empty() {
        first.insert("context".to_owned(), Value::Object(context));
    }
    let mut scenario = Map::new();
    scenario.insert("policies".to_owned(), Value::Object(Map::new()));
    scenario.insert("request".to_owned(), Value::Object(first));
    scenario.insert("requests".to_owned(), Value::Array(requests));
    if !real_api.is_empty() {
        scenario.insert("realApi".to_owned(), Value::Object(real_api));
    }
    let ws = Workspace::from_scenario(&Value::Object(scenario).to_string()).ok()?;
    let mut request = ws.request;
    if calls.iter().all(|c| c.get("principal").is_none()) {
        request.principal_kind = current.principal_kind;
        request.principal = current.principal.clone();
        request.principal_tags = current.principal_tags.clone();
    }
    (!request.actions.is_empty()).then_some(request)
}

/// Adds `k: v` to `into`, objects member by member, the first value of each winning.
fn merge_into(into: &mut Map<String, Value>, k: String, v: Value) {
    match (into.get_mut(&k), v) {
        (Some(Value::Object(have)), Value::Object(more)) => {
            for (k2, v2) in more {
                have.entry(k2).or_insert(v2);
            }
        }
        (Some(_), _) => {}
        (None, v) => {
            into.insert(k, v);
        }
    }
}

/// The simulator's answers (literal, real API) for a call, from the workspace's evaluation: the row with the
/// call's action and resource.
pub fn answer_for(call: &Call, evaluation: &Evaluation) -> Option<(Decision, Decision)> {
    let action = call.request.get("action").and_then(Value::as_str)?;
    let resource = call
        .request
        .get("resource")
        .and_then(Value::as_str)
        .unwrap_or("*");
    evaluation
        .rows
        .iter()
        .find(|r| r.row.action == action && r.row.resource == resource)
        .map(|r| (r.literal(), r.real()))
}

/// What the simulator's answer and the message's blame say together, when they disagree: what is probably missing
/// from the workspace.
pub fn disagreement(blamed: Option<&Blame>, real: Decision) -> Option<String> {
    if !real.is_allow() {
        return None;
    }
    let missing = match blamed.and_then(|b| b.policy_type) {
        Some(kind) if blamed.is_some_and(|b| b.trust_policy) => {
            format!("the role's trust policy ({})", kind.label())
        }
        Some(iam_engine::PolicyKind::Identity) => {
            "the identity-based policies AWS evaluated are not the ones pasted here (another principal, or the \
             policies as they really are)"
                .to_owned()
        }
        Some(kind) => format!("a {} that is not in the workspace", kind.label()),
        None => {
            "a policy that is not in the workspace (a permissions boundary, an SCP, a session policy…)".to_owned()
        }
    };
    Some(format!(
        "The workspace allows this call, but AWS denied it: probably missing {missing}."
    ))
}

/// The requests the least-privilege policy is written for: for each action of the workspace, the request rows
/// whose resource is one of the action's resource types (the grid of actions × resources pairs every action with
/// every resource), or one request without a resource when none is (the real-API analysis then fills the resource
/// the call authorizes); each with the workspace's principal, context and what the call passes. At most
/// [`MAX_LEAST_CALLS`].
pub fn least_requests(ws: &Workspace) -> Vec<Value> {
    let rows = ws.rows();
    let real_api = ws.real_api_doc();
    let mut out: Vec<Value> = Vec::new();
    let mut actions: Vec<&str> = Vec::new();
    for row in &rows {
        if !actions.contains(&row.action.as_str()) {
            actions.push(&row.action);
        }
    }
    for action in actions {
        let fits = |resource: &str| {
            iam_reference::action(action)
                .is_some_and(|a| !a.resource_types_for_arn(resource).is_empty())
        };
        let mine: Vec<_> = rows
            .iter()
            .filter(|r| r.action == action && fits(&r.resource))
            .collect();
        let mut requests: Vec<RequestDoc> = mine.iter().map(|r| ws.request_doc(r)).collect();
        if requests.is_empty() {
            if let Some(row) = rows.iter().find(|r| r.action == action) {
                requests.push(RequestDoc {
                    resource: None,
                    ..ws.request_doc(row)
                });
            }
        }
        for request in requests {
            let request = RequestDoc {
                real_api: real_api.clone(),
                ..request
            };
            out.push(serde_json::to_value(request).unwrap_or_default());
        }
    }
    out.truncate(MAX_LEAST_CALLS);
    out
}

/// The least-privilege identity policy for the workspace's requests ([`least_requests`]), verified.
pub fn least_privilege(ws: &Workspace) -> LeastPrivilege {
    iam_fromerror::least_privilege(&least_requests(ws), Generalise::Exact, None)
}

/// The policy's statements, pretty-printed as an editor would hold them.
pub fn policy_text(lp: &LeastPrivilege) -> String {
    serde_json::to_string_pretty(&lp.policy).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;

    const FLINTROCK: &str = include_str!("../../crates/cli/tests/data/flintrock-errors.txt");
    const VOLUMES: &str = include_str!("../../crates/cli/tests/data/describe-volumes-error.txt");

    fn calls(text: &str) -> Vec<Value> {
        read(text).calls.into_iter().map(|c| c.request).collect()
    }

    /// The Flintrock least-privilege story: its two errors become the request (the user, both actions, the
    /// instance profile the message names); with the launch that passes the instance profile (ec2:RunInstances,
    /// `instanceProfile`), the IAM part of the minimal policy is iam:GetInstanceProfile + iam:PassRole, verified.
    #[test]
    fn flintrock_errors_become_the_request_and_the_least_privilege_policy() {
        let request = request_of(&calls(FLINTROCK), &RequestSpec::default()).unwrap();
        assert_eq!(
            request.principal,
            "arn:aws:iam::690534650866:user/datawookie"
        );
        assert_eq!(
            request.actions,
            ["iam:GetInstanceProfile", "ec2:DescribeVpcs"]
        );
        assert!(request.resources.contains(
            &"arn:aws:iam::690534650866:instance-profile/EMR_EC2_DefaultRole".to_owned()
        ));
        let mut ws = Workspace {
            request,
            ..Workspace::default()
        };
        ws.request.actions.push("ec2:RunInstances".to_owned());
        ws.request.call.insert(
            crate::workspace::CallParam::from_key("instanceProfile").unwrap(),
            "arn:aws:iam::690534650866:instance-profile/EMR_EC2_DefaultRole".to_owned(),
        );
        let lp = least_privilege(&ws);
        assert!(lp.all_allowed, "{lp:#?}");
        let text = policy_text(&lp);
        let mut iam: Vec<&str> = lp
            .grants
            .iter()
            .map(|g| g.action.as_str())
            .filter(|a| a.starts_with("iam:"))
            .collect();
        iam.sort_unstable();
        iam.dedup();
        assert_eq!(iam, ["iam:GetInstanceProfile", "iam:PassRole"], "{text}");
    }

    /// The DescribeVolumes surprise: the request is ec2:DescribeVolumes on `*`, and the policy `Resource: "*"`.
    #[test]
    fn describe_volumes_gives_the_star_statement() {
        let current = RequestSpec::default();
        let request = request_of(&calls(VOLUMES), &current).unwrap();
        assert_eq!(request.actions, ["ec2:DescribeVolumes"]);
        // The message names no caller: the workspace's principal stays.
        assert_eq!(request.principal, current.principal);
        let ws = Workspace {
            request,
            ..Workspace::default()
        };
        let lp = least_privilege(&ws);
        assert!(lp.all_allowed);
        let st = &lp.policy["Statement"][0];
        assert_eq!(st["Action"], "ec2:DescribeVolumes");
        assert_eq!(st["Resource"], "*");
    }

    #[test]
    fn no_call_changes_nothing() {
        assert!(request_of(&[], &RequestSpec::default()).is_none());
        assert!(read("hello").calls.is_empty());
        assert!(!read("hello").problems.is_empty());
    }
}
