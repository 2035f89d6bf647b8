//! Every action of the service authorization reference decided for one principal: what a set of policies
//! allows, service by service (the question behind the Flintrock least-privilege case: which of ~130 IAM
//! permissions does a tool get).

use iam_engine::{parse_scenario, ActionSweep, Decision, Diagnostic};
use serde::Serialize;

/// The counts of a sweep over every action, and the actions allowed.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sweep {
    pub actions: usize,
    pub allow: usize,
    pub implicit_deny: usize,
    pub explicit_deny: usize,
    pub allowed: Vec<String>,
    /// Errors in the scenario; with any, the sweep may be incomplete (the statements concerned are skipped).
    pub errors: Vec<Diagnostic>,
}

/// Reads the scenario once, then decides its request once per action of the reference: the action is replaced,
/// the principal, resource (`*` when absent) and context are kept. Decisions only, without the trace; the
/// policies' Resource, Principal and Condition elements are evaluated once ([`ActionSweep`]).
pub fn sweep_actions(text: &str) -> Sweep {
    let scenario = parse_scenario(text);
    let mut out = Sweep {
        errors: scenario
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect(),
        ..Sweep::default()
    };
    let Some(request) = scenario.request.clone() else {
        return out;
    };
    let mut sweep = ActionSweep::new(&scenario.policies, request);
    let mut name = String::new();
    let mut names = iam_reference::actions_with_names();
    for service in iam_reference::services() {
        let prefix = service.prefix();
        for (_, action_name) in names.by_ref().take(service.actions().len()) {
            name.clear();
            name.push_str(prefix);
            name.push(':');
            name.push_str(action_name);
            out.actions += 1;
            match sweep.decide(&name) {
                Decision::Allow => {
                    out.allow += 1;
                    out.allowed.push(name.clone());
                }
                Decision::ImplicitDeny => out.implicit_deny += 1,
                Decision::ExplicitDeny => out.explicit_deny += 1,
            }
        }
    }
    out
}
