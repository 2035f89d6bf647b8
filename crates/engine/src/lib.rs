//! The IAM policy engine: parses policies with source spans, evaluates requests and explains the decision.
//!
//! Pure Rust: nothing here knows about wasm, the browser or the terminal. The entry points are
//! [`parse_scenario`] + [`evaluate`] (or [`evaluate_scenario_json`] for both at once).
// A function a newcomer can read in one sitting: clippy.toml sets the limit (120 lines).
#![warn(clippy::too_many_lines)]

pub mod answer;
pub mod condition;
pub mod context;
pub mod diag;
pub mod doc;
pub mod eval;
pub mod json;
pub mod pattern;
pub mod policy;
pub mod request;
pub mod scenario;
pub mod variables;

pub use answer::{
    Answer, Decision, Element, ElementTrace, PolicyTrace, StatementId, StatementTrace,
};
pub use context::{Context, ContextValue};
pub use diag::{Code, Diagnostic, Location, Severity, Source, Span};
pub use doc::{Document, Policies, PolicyDoc, PrincipalDoc, RequestDoc, ScenarioDoc};
pub use eval::{evaluate, ActionSweep, Level, Options, PolicySet};
pub use policy::{parse_policy_text, Policy, PolicyId, PolicyKind};
pub use request::{derive_context, Principal, PrincipalType, Request};
pub use scenario::{parse_scenario, read_scenario, Prepared, RequestEntry, Scenario};

/// Evaluates an already-read scenario, putting its diagnostics into the answer.
pub fn answer_scenario(scenario: &Scenario, options: Options) -> Answer {
    answer_with(scenario, scenario.request.as_ref(), &[], options)
}

/// Evaluates one entry of the scenario's `requests` against its policies (read once for every entry).
pub fn answer_request(scenario: &Scenario, entry: &RequestEntry, options: Options) -> Answer {
    answer_with(
        scenario,
        entry.request.as_ref(),
        &entry.diagnostics,
        options,
    )
}

fn answer_with(
    scenario: &Scenario,
    request: Option<&Request>,
    extra: &[Diagnostic],
    options: Options,
) -> Answer {
    let mut answer = match request {
        Some(req) => {
            let mut answer = evaluate(&scenario.policies, req, options);
            // Checked once per answer to the user's request, not in every evaluation (real-API requests, sweeps).
            if options.explains() {
                answer.warnings = eval::unusable_context_values(&scenario.policies, req);
            }
            answer
        }
        None => Answer {
            reason: "The scenario could not be evaluated: the request is missing or invalid."
                .to_string(),
            incomplete: true,
            ..Answer::default()
        },
    };
    for d in scenario.diagnostics.iter().chain(extra.iter()) {
        if d.is_error() {
            answer.errors.push(d.clone());
        } else {
            answer.warnings.push(d.clone());
        }
    }
    // Problems in the scenario itself (not in a policy, whose statements say whether they could be evaluated)
    // make the answer incomplete.
    if answer.errors.iter().any(|e| e.in_scenario()) {
        answer.incomplete = true;
    }
    answer
}

/// Evaluates a scenario given as JSON text (the project's interchange format).
///
/// Never fails: problems with the input are reported inside the [`Answer`].
pub fn evaluate_scenario_json(text: &str) -> Answer {
    answer_scenario(&parse_scenario(text), Options::default())
}
