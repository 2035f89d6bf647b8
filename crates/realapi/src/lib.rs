//! The real-API answer: a literal simulation evaluates whatever resource and context the user typed; the real
//! service authorizes what it actually sends — only `*` for actions without resource-level permissions, every
//! resource the call names (required types, the typed optional one, what its parameters add), only the condition
//! keys the action supplies for each resource, the keys every request carries, only the keys the principal can
//! have, and the dependent actions its parameters make certain. This crate rebuilds those real requests from
//! the service authorization reference and the service rules layer (`rules`), decides them with the same
//! engine, and explains each difference with a fix.
//!
//! The analysis is a pipeline of named steps (`analysis`): options → the call → targets → keys → dependent
//! actions → decide → divergences.
// A function a newcomer can read in one sitting: clippy.toml sets the limit (120 lines).
#![warn(clippy::too_many_lines)]

mod analysis;
pub mod answer;
pub mod arn;
mod decide;
mod dependents;
mod explain;
mod keys;
pub mod options;
pub mod rules;
pub mod suggest;
pub mod sweep;
mod targets;

pub use answer::{
    CallParameterUse, DependentCheck, Divergence, DivergenceKind, Fix, FullAnswer, KeyChange,
    RealApiAnswer, ResourceCheck, ResourceOrigin,
};
pub use options::{CallParams, RealApiOptions, RootDevice};
pub use sweep::{sweep_actions, Sweep};

use iam_engine::{answer_scenario, parse_scenario, Diagnostic, Options, Request, Scenario};

/// Marks the context keys that the reference types as single-valued but the scenario gives several values, so
/// that the engine answers as AWS does (a single-valued operator finds no match), and warns about each.
fn mark_single_valued(scenario: &mut Scenario) {
    fn mark(req: &mut Request) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for v in req.context.values_mut() {
            if v.values.len() < 2 {
                continue;
            }
            let single = iam_reference::condition_key_type(&v.key).is_some_and(|t| !t.is_array());
            if single {
                v.single_valued = true;
                out.push(Diagnostic::warning(
                    iam_engine::Code::SingleValuedKeyWithList,
                    format!(
                        "context key `{}` is single-valued (the service authorization reference types it so) but is \
                         given {} values; a real request carries one, and a condition with a single-valued operator \
                         finds no match",
                        v.key,
                        v.values.len()
                    ),
                    "give one value; set operators (ForAnyValue, ForAllValues) are for multivalued keys",
                    None,
                ));
            }
        }
        out
    }
    if let Some(r) = scenario.request.as_mut() {
        let d = mark(r);
        scenario.diagnostics.extend(d);
    }
    // A set operator on a key the reference types as single-valued (IAM User Guide, Single-valued vs.
    // multivalued context keys: "Only use set operators with multivalued condition keys").
    let mut set_ops = Vec::new();
    for (policy, _) in scenario.policies.policies() {
        for st in &policy.statements {
            for c in &st.conditions {
                let set = c.operator.set != iam_engine::condition::SetOp::Single;
                let single =
                    iam_reference::condition_key_type(&c.key).is_some_and(|t| !t.is_array());
                if set && single {
                    set_ops.push(Diagnostic::warning(
                        iam_engine::Code::SetOperatorOnSingleValuedKey,
                        format!(
                            "`{}` on `{}` in {}#{}: the key is single-valued, so a set operator is not meant for it \
                             (ForAllValues passes when the key is absent)",
                            c.operator_name, c.key, policy.id, st.index
                        ),
                        "use the operator without ForAnyValue/ForAllValues for a single-valued key",
                        None,
                    ));
                }
            }
        }
    }
    scenario.diagnostics.extend(set_ops);
    for e in scenario.requests.iter_mut() {
        if let Some(r) = e.request.as_mut() {
            let d = mark(r);
            e.diagnostics.extend(d);
        }
    }
}

/// Evaluates a scenario (JSON text) and adds the real-API answer. `now` is the caller's clock (epoch seconds);
/// without it aws:CurrentTime and aws:EpochTime are not filled in.
pub fn evaluate_full(text: &str, now: Option<f64>) -> FullAnswer {
    let mut scenario = parse_scenario(text);
    mark_single_valued(&mut scenario);
    let literal = answer_scenario(&scenario, Options::default());
    let (opts, problems) = RealApiOptions::from_json(scenario.real_api.as_ref(), now);
    let real_api = scenario
        .request
        .as_ref()
        .map(|req| analysis::analyze(&scenario, req, &literal, &opts, problems));
    FullAnswer { literal, real_api }
}

/// Answers every request of a scenario, reading the policies once: the entries of its `requests` array (each
/// may carry its own `realApi` options, else the scenario's apply), or its single `request`. This is the entry
/// point for many requests against one set of policies (the app's results table, batch jobs).
pub fn evaluate_full_many(text: &str, now: Option<f64>) -> Vec<FullAnswer> {
    answer_all(parse_scenario(text), now)
}

/// [`evaluate_full_many`] for policies read once ([`iam_engine::Prepared`]): the request(s) of `text` (a scenario
/// whose `policies`, if any, are not read) asked of `prepared`'s policies.
pub fn evaluate_prepared(
    prepared: &iam_engine::Prepared,
    text: &str,
    now: Option<f64>,
) -> Vec<FullAnswer> {
    answer_all(prepared.scenario(text), now)
}

/// Every request of a scenario, answered.
fn answer_all(mut scenario: iam_engine::Scenario, now: Option<f64>) -> Vec<FullAnswer> {
    mark_single_valued(&mut scenario);
    let top = scenario.real_api.as_ref();
    if scenario.requests.is_empty() {
        let literal = answer_scenario(&scenario, Options::default());
        let (opts, problems) = RealApiOptions::from_json(top, now);
        let real_api = scenario
            .request
            .as_ref()
            .map(|req| analysis::analyze(&scenario, req, &literal, &opts, problems));
        return vec![FullAnswer { literal, real_api }];
    }
    scenario
        .requests
        .iter()
        .map(|entry| {
            let literal = iam_engine::answer_request(&scenario, entry, Options::default());
            let (opts, problems) = RealApiOptions::from_json(entry.real_api.as_ref().or(top), now);
            let real_api = entry
                .request
                .as_ref()
                .map(|req| analysis::analyze(&scenario, req, &literal, &opts, problems));
            FullAnswer { literal, real_api }
        })
        .collect()
}
