//! The engine's JavaScript face: thin wasm-bindgen exports over `iam-engine` and `iam-realapi`.
//! Everything crosses the boundary as JSON (text, or objects round-tripped through `JSON`), in the shapes the
//! README documents and `types.d.ts` declares.

use wasm_bindgen::prelude::*;

// The TypeScript types of the scenario and the answer, appended to the generated `.d.ts`.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("../types.d.ts");

/// Evaluates a scenario (JSON text) and returns the answer (JSON text): the literal decision with its trace,
/// and `realApi`, what the service would decide. The clock for aws:CurrentTime is the browser's or Node's.
#[wasm_bindgen(js_name = evaluateJson)]
pub fn evaluate_json(scenario: &str) -> String {
    let now = js_sys::Date::now() / 1000.0;
    let answer = iam_realapi::evaluate_full(scenario, Some(now));
    to_json(&answer, 16 * 1024)
        .unwrap_or_else(|e| format!("{{\"error\":\"cannot serialize the answer: {e}\"}}"))
}

/// Evaluates a scenario given as an object (or as JSON text) and returns the answer as an object: the same
/// answer `iamsim eval --json` prints. Problems in the scenario are reported inside the answer; only a value
/// that `JSON.stringify` rejects (a cycle, a BigInt) throws.
#[wasm_bindgen(js_name = evaluate, unchecked_return_type = "Answer")]
pub fn evaluate(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    let text = scenario_text(&scenario)?;
    js_sys::JSON::parse(&evaluate_json(&text))
}

/// The literal answer alone (decision and full trace, no `realApi`), as an object: what the engine decides for
/// exactly the request given. Cheaper than [`evaluate`], which also rebuilds the requests the service would send.
#[wasm_bindgen(js_name = evaluateLiteral, unchecked_return_type = "Answer")]
pub fn evaluate_literal(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    let answer = iam_engine::evaluate_scenario_json(&scenario_text(&scenario)?);
    to_js(&answer, 16 * 1024, "the answer")
}

/// The decision alone, for CI checks and bulk use: the decision, the policy type that decided, the deciding
/// statements, the reason and the diagnostics, without the per-statement trace and without `realApi`. The same
/// decision [`evaluateLiteral`](evaluate_literal) gives, at a fraction of the cost.
#[wasm_bindgen(js_name = decide, unchecked_return_type = "Decided")]
pub fn decide(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    let text = scenario_text(&scenario)?;
    let answer = iam_engine::answer_scenario(
        &iam_engine::parse_scenario(&text),
        iam_engine::Options::Reason,
    );
    to_js(&Decided::from(&answer), 1024, "the answer")
}

/// [`decide`] for every entry of the scenario's `requests` array (or its single `request`), in order, with the
/// policies read once: the call for checking many requests against one set of policies.
#[wasm_bindgen(js_name = decideAll, unchecked_return_type = "Decided[]")]
pub fn decide_all(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    let text = scenario_text(&scenario)?;
    let scenario = iam_engine::parse_scenario(&text);
    let options = iam_engine::Options::Reason;
    let answers: Vec<iam_engine::Answer> = if scenario.requests.is_empty() {
        vec![iam_engine::answer_scenario(&scenario, options)]
    } else {
        scenario
            .requests
            .iter()
            .map(|entry| iam_engine::answer_request(&scenario, entry, options))
            .collect()
    };
    let decided: Vec<Decided<'_>> = answers.iter().map(Decided::from).collect();
    to_js(&decided, 1024 * decided.len().max(1), "the answers")
}

/// What [`decide`] returns: an [`iam_engine::Answer`] without its trace.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Decided<'a> {
    decision: iam_engine::Decision,
    #[serde(skip_serializing_if = "Option::is_none")]
    decided_by: Option<iam_engine::PolicyKind>,
    reason: &'a str,
    deciding_statements: &'a [String],
    incomplete: bool,
    errors: &'a [iam_engine::Diagnostic],
    warnings: &'a [iam_engine::Diagnostic],
}

impl<'a> From<&'a iam_engine::Answer> for Decided<'a> {
    fn from(a: &'a iam_engine::Answer) -> Self {
        Decided {
            decision: a.decision,
            decided_by: a.decided_by,
            reason: &a.reason,
            deciding_statements: &a.deciding_statements,
            incomplete: a.incomplete,
            errors: &a.errors,
            warnings: &a.warnings,
        }
    }
}

/// `value` as JSON text, written into a buffer of `capacity` bytes (a few KB for an answer with its trace) so
/// that it is not regrown piece by piece.
fn to_json(value: &impl serde::Serialize, capacity: usize) -> Result<String, serde_json::Error> {
    let mut buf = Vec::with_capacity(capacity);
    serde_json::to_writer(&mut buf, value)?;
    // serde_json writes UTF-8 only.
    Ok(String::from_utf8(buf).unwrap_or_default())
}

/// `value` as a JavaScript object (through JSON text, which `JSON.parse` reads fastest); `what` names it in
/// the error.
fn to_js(value: &impl serde::Serialize, capacity: usize, what: &str) -> Result<JsValue, JsValue> {
    let json = to_json(value, capacity)
        .map_err(|e| JsValue::from_str(&format!("cannot serialize {what}: {e}")))?;
    js_sys::JSON::parse(&json)
}

/// A scenario given as text or as an object, as JSON text.
fn scenario_text(scenario: &JsValue) -> Result<String, JsValue> {
    Ok(match scenario.as_string() {
        Some(text) => text,
        None => js_sys::JSON::stringify(scenario)?
            .as_string()
            .unwrap_or_default(),
    })
}

/// Decides every action of the compiled service authorization reference for the scenario's principal and
/// policies: the scenario's action is replaced, its resource (`*` when absent) and context are kept. The
/// policies are read once and their Resource, Principal and Condition elements evaluated once; each action gets
/// the decision only, without the trace. Returns the counts and the allowed actions (see `Sweep` in the types).
#[wasm_bindgen(js_name = sweepActions, unchecked_return_type = "Sweep")]
pub fn sweep_actions(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    let text = scenario_text(&scenario)?;
    let sweep = iam_realapi::sweep_actions(&text);
    to_js(&sweep, 64 * 1024, "the sweep")
}

/// The engine version, for bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
