//! The engine's JavaScript face: thin wasm-bindgen exports over `iam-engine` and `iam-realapi`.
//!
//! Every call comes in two forms, in the shapes the README documents and `types.d.ts` declares:
//! - objects (`evaluate`, `decide`…): a scenario object (or its JSON text) in, a plain JavaScript object out. The
//!   scenario crosses as JSON text (`JSON.stringify`; the engine reads text to point at lines and columns); the
//!   answer is built directly as JavaScript objects by `serde-wasm-bindgen` (`Serializer::json_compatible()`),
//!   which measured faster than writing JSON text and `JSON.parse` on it, except for the action sweep's long list
//!   of names (README, Benchmarks);
//! - JSON text (`evaluateJson`, `decideJson`…): text in, text out, for callers that already hold or want text.

use serde::Serialize;
use wasm_bindgen::prelude::*;

// The TypeScript types of the scenario and the answer, appended to the generated `.d.ts`.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("../types.d.ts");

/// How answers become JavaScript values: plain objects and arrays, `null` for a missing value, numbers (never
/// `BigInt` or `Map`), so that `JSON.stringify` of the result is the JSON text the `…Json` calls return.
const OBJECTS: serde_wasm_bindgen::Serializer = serde_wasm_bindgen::Serializer::json_compatible();

/// Evaluates a scenario given as an object (or as JSON text) and returns the answer as an object: the literal
/// decision with its trace, and `realApi`, what the service would decide — the same answer `iamsim eval --json`
/// prints. Problems in the scenario are reported inside the answer; only a value that `JSON.stringify` rejects
/// (a cycle, a BigInt) throws. The clock for aws:CurrentTime is the browser's or Node's.
#[wasm_bindgen(js_name = evaluate, unchecked_return_type = "Answer")]
pub fn evaluate(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&full(&scenario_text(&scenario)?), "the answer")
}

/// [`evaluate`] from JSON text to JSON text.
#[wasm_bindgen(js_name = evaluateJson)]
pub fn evaluate_json(scenario: &str) -> String {
    to_json(&full(scenario), 16 * 1024, "the answer")
}

/// The literal answer alone (decision and full trace, no `realApi`), as an object: what the engine decides for
/// exactly the request given. Cheaper than [`evaluate`], which also rebuilds the requests the service would send.
#[wasm_bindgen(js_name = evaluateLiteral, unchecked_return_type = "Answer")]
pub fn evaluate_literal(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    let answer = iam_engine::evaluate_scenario_json(&scenario_text(&scenario)?);
    to_js(&answer, "the answer")
}

/// [`evaluateLiteral`](evaluate_literal) from JSON text to JSON text.
#[wasm_bindgen(js_name = evaluateLiteralJson)]
pub fn evaluate_literal_json(scenario: &str) -> String {
    let answer = iam_engine::evaluate_scenario_json(scenario);
    to_json(&answer, 16 * 1024, "the answer")
}

/// The decision alone, for CI checks and bulk use: the decision, the policy type that decided, the deciding
/// statements, the reason and the diagnostics, without the per-statement trace and without `realApi`. The same
/// decision [`evaluateLiteral`](evaluate_literal) gives, at a fraction of the cost.
#[wasm_bindgen(js_name = decide, unchecked_return_type = "Decided")]
pub fn decide(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    let answer = decided(&scenario_text(&scenario)?);
    to_js(&Decided::from(&answer), "the answer")
}

/// [`decide`] from JSON text to JSON text.
#[wasm_bindgen(js_name = decideJson)]
pub fn decide_json(scenario: &str) -> String {
    to_json(&Decided::from(&decided(scenario)), 1024, "the answer")
}

/// [`decide`] for every entry of the scenario's `requests` array (or its single `request`), in order, with the
/// policies read once: the call for checking many requests against one set of policies.
#[wasm_bindgen(js_name = decideAll, unchecked_return_type = "Decided[]")]
pub fn decide_all(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    let answers = decided_all(&scenario_text(&scenario)?);
    let decided: Vec<Decided<'_>> = answers.iter().map(Decided::from).collect();
    to_js(&decided, "the answers")
}

/// [`decideAll`](decide_all) from JSON text to JSON text (an array).
#[wasm_bindgen(js_name = decideAllJson)]
pub fn decide_all_json(scenario: &str) -> String {
    let answers = decided_all(scenario);
    let decided: Vec<Decided<'_>> = answers.iter().map(Decided::from).collect();
    to_json(&decided, 256 * decided.len().max(1), "the answers")
}

/// Decides every action of the compiled service authorization reference for the scenario's principal and
/// policies: the scenario's action is replaced, its resource (`*` when absent) and context are kept. The
/// policies are read once and their Resource, Principal and Condition elements evaluated once; each action gets
/// the decision only, without the trace. Returns the counts and the allowed actions (see `Sweep` in the types).
///
/// The one call whose answer crosses as JSON text and `JSON.parse`: it is mostly a list of up to 22,000 action
/// names, which `JSON.parse` builds faster than serde-wasm-bindgen makes them one string at a time (README,
/// Benchmarks).
#[wasm_bindgen(js_name = sweepActions, unchecked_return_type = "Sweep")]
pub fn sweep_actions(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    let sweep = iam_realapi::sweep_actions(&scenario_text(&scenario)?);
    js_sys::JSON::parse(&to_json(&sweep, 64 * 1024, "the sweep"))
}

/// [`sweepActions`](sweep_actions) from JSON text to JSON text.
#[wasm_bindgen(js_name = sweepActionsJson)]
pub fn sweep_actions_json(scenario: &str) -> String {
    to_json(
        &iam_realapi::sweep_actions(scenario),
        64 * 1024,
        "the sweep",
    )
}

/// Checks a policy document offline, in IAM Access Analyzer's vocabulary: the policy as the editor's text and its
/// type (`identity`, `resource`, `scp`, `rcp`, `boundary`, `trust`, `session`, `vpc-endpoint`) in, the findings
/// out, each with its code, severity, message, span and line:column in the text, statement and fix (see
/// `LintFinding` in the types). An unknown type throws; any text, even not JSON, gives findings.
#[wasm_bindgen(js_name = lint, unchecked_return_type = "LintFinding[]")]
pub fn lint(text: &str, policy_type: &str) -> Result<JsValue, JsValue> {
    let findings = lint_findings(text, policy_type).map_err(|e| JsValue::from_str(&e))?;
    to_js(&findings, "the findings")
}

/// [`lint`] to JSON text (an array of findings, or `{"error": "…"}` for an unknown type).
#[wasm_bindgen(js_name = lintJson)]
pub fn lint_json(text: &str, policy_type: &str) -> String {
    match lint_findings(text, policy_type) {
        Ok(findings) => to_json(&findings, 512 * findings.len().max(1), "the findings"),
        Err(e) => serde_json::json!({ "error": e }).to_string(),
    }
}

/// The findings of [`lint`], or why the type is not one.
fn lint_findings(text: &str, policy_type: &str) -> Result<Vec<iam_lint::Finding>, String> {
    let t = iam_lint::PolicyType::parse(policy_type).ok_or_else(|| {
        format!(
            "unknown policy type `{policy_type}`: use identity, resource, scp, rcp, boundary, trust, session or vpc-endpoint"
        )
    })?;
    Ok(iam_lint::lint(text, t))
}

/// Does the new policy grant anything the old one didn't? Both policies as the editors' text and their type
/// (`identity`, `resource`, `scp`, `rcp`, `boundary`) in; the comparison out (see `Comparison` in the types):
/// `verdict` (`noNewAccess`, `newAccess`, `unknown`), the headline, counterexamples with both answers and their
/// traces, the reasons for an unknown answer and the access diff. An unknown type throws; any text gives an
/// answer (invalid policies make it `unknown`).
#[wasm_bindgen(js_name = compare, unchecked_return_type = "Comparison")]
pub fn compare(old: &str, new: &str, policy_type: &str) -> Result<JsValue, JsValue> {
    let c = comparison(old, new, policy_type).map_err(|e| JsValue::from_str(&e))?;
    to_js(&c, "the comparison")
}

/// [`compare`] to JSON text (the comparison, or `{"error": "…"}` for an unknown type).
#[wasm_bindgen(js_name = compareJson)]
pub fn compare_json(old: &str, new: &str, policy_type: &str) -> String {
    match comparison(old, new, policy_type) {
        Ok(c) => to_json(&c, 16 * 1024, "the comparison"),
        Err(e) => serde_json::json!({ "error": e }).to_string(),
    }
}

/// Can a resource policy allow a caller from outside: an anonymous caller, or one of an account the policy does
/// not name, carrying none of the values the policy fixes (as Amazon S3 defines a public bucket policy)? The
/// answer is a `Comparison` against a policy that allows nothing: `verdict` `newAccess` is public access (the
/// counterexamples are such requests), `noNewAccess` none, `unknown` an incomplete search; the headline says
/// `public access: …` or `no public access`.
#[wasm_bindgen(js_name = publicAccess, unchecked_return_type = "Comparison")]
pub fn public_access(policy: &str) -> Result<JsValue, JsValue> {
    let c = iam_compare::public_access(policy, iam_compare::PolicyType::Resource);
    to_js(&c, "the public-access check")
}

/// The comparison of [`compare`], or why the type is not one.
fn comparison(old: &str, new: &str, policy_type: &str) -> Result<iam_compare::Comparison, String> {
    let t = iam_compare::PolicyType::parse(policy_type).ok_or_else(|| {
        format!("unknown policy type `{policy_type}`: use identity, resource, scp, rcp or boundary")
    })?;
    Ok(iam_compare::compare(old, new, t))
}

/// The engine version, for bug reports.
/// Reads and compiles the policies of a scenario (an object or JSON text; its `request` or `requests`, if any, are
/// not read) once, for asking many requests of them: `const sim = prepare(scenario); sim.decide(request);
/// sim.evaluate(request); sim.free()`. Problems in the policies are reported in every answer, as when the
/// scenario is read whole. The handle holds wasm memory: `free()` releases it at once (or `using sim = …`), and a
/// handle JavaScript collects is released by wasm-bindgen's `FinalizationRegistry`.
#[wasm_bindgen(js_name = prepare)]
pub fn prepare(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
) -> Result<Prepared, JsValue> {
    Ok(Prepared {
        inner: iam_engine::Prepared::read(&scenario_text(&scenario)?),
    })
}

/// Policies read and compiled once ([`prepare`]).
#[wasm_bindgen]
pub struct Prepared {
    inner: iam_engine::Prepared,
}

#[wasm_bindgen]
impl Prepared {
    /// [`decide`] for a request of these policies: a request object (`{principal, action, resource, context}`), or
    /// a scenario-shaped object or text with `request` or `requests` (whose `policies`, if any, are not read);
    /// for `requests`, the first entry's answer (use `decideAll`).
    #[wasm_bindgen(js_name = decide, unchecked_return_type = "Decided")]
    pub fn decide(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Request | Scenario | string")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let answers = self.decided(&ask_text(&request)?);
        let first = answers.first().map(Decided::from);
        to_js(&first, "the answer")
    }

    /// [`decide`](Prepared::decide) for every request asked (the entries of `requests`, or the one `request`).
    #[wasm_bindgen(js_name = decideAll, unchecked_return_type = "Decided[]")]
    pub fn decide_all(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Request | Scenario | string")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let answers = self.decided(&ask_text(&request)?);
        let decided: Vec<Decided<'_>> = answers.iter().map(Decided::from).collect();
        to_js(&decided, "the answers")
    }

    /// [`evaluate`] for a request of these policies (the literal answer with its trace and `realApi`); the
    /// request as for [`decide`](Prepared::decide).
    #[wasm_bindgen(js_name = evaluate, unchecked_return_type = "Answer")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Request | Scenario | string")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let now = js_sys::Date::now() / 1000.0;
        let answers = iam_realapi::evaluate_prepared(&self.inner, &ask_text(&request)?, Some(now));
        to_js(&answers.first(), "the answer")
    }

    /// [`evaluate`](Prepared::evaluate) from JSON text (scenario-shaped, with `request`) to JSON text.
    #[wasm_bindgen(js_name = evaluateJson)]
    pub fn evaluate_json(&self, request: &str) -> String {
        let now = js_sys::Date::now() / 1000.0;
        let answers = iam_realapi::evaluate_prepared(&self.inner, request, Some(now));
        to_json(&answers.first(), 16 * 1024, "the answer")
    }

    /// [`decide`](Prepared::decide) from JSON text (scenario-shaped, with `request`) to JSON text.
    #[wasm_bindgen(js_name = decideJson)]
    pub fn decide_json(&self, request: &str) -> String {
        let answers = self.decided(request);
        to_json(&answers.first().map(Decided::from), 1024, "the answer")
    }
}

impl Prepared {
    /// The answers without the trace's statements, for every request asked.
    fn decided(&self, text: &str) -> Vec<iam_engine::Answer> {
        answers_of(&self.inner.scenario(text), iam_engine::Options::Reason)
    }
}

/// A request given to a prepared set, as scenario-shaped JSON text: a text or an object with `request` or
/// `requests` as it is, a bare request object (`{action, …}`) inside `{"request": …}`.
fn ask_text(request: &JsValue) -> Result<String, JsValue> {
    if request.as_string().is_none() && request.is_object() {
        let shaped = ["request", "requests"]
            .iter()
            .any(|k| js_sys::Reflect::has(request, &JsValue::from_str(k)).unwrap_or(false));
        if !shaped {
            return Ok(format!("{{\"request\":{}}}", scenario_text(request)?));
        }
    }
    scenario_text(request)
}

#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The literal answer with `realApi`, the clock read from JavaScript (`Date.now()`).
fn full(scenario: &str) -> iam_realapi::FullAnswer {
    let now = js_sys::Date::now() / 1000.0;
    iam_realapi::evaluate_full(scenario, Some(now))
}

/// The literal answer without the trace's statements, enough for [`Decided`].
fn decided(scenario: &str) -> iam_engine::Answer {
    iam_engine::answer_scenario(
        &iam_engine::parse_scenario(scenario),
        iam_engine::Options::Reason,
    )
}

/// [`decided`] for each entry of `requests` (or the single `request`), the policies read once.
fn decided_all(text: &str) -> Vec<iam_engine::Answer> {
    answers_of(
        &iam_engine::parse_scenario(text),
        iam_engine::Options::Reason,
    )
}

/// The answers to each entry of a scenario's `requests` (or its single `request`).
fn answers_of(
    scenario: &iam_engine::Scenario,
    options: iam_engine::Options,
) -> Vec<iam_engine::Answer> {
    if scenario.requests.is_empty() {
        return vec![iam_engine::answer_scenario(scenario, options)];
    }
    scenario
        .requests
        .iter()
        .map(|entry| iam_engine::answer_request(scenario, entry, options))
        .collect()
}

/// What [`decide`] returns: an [`iam_engine::Answer`] without its trace.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Decided<'a> {
    decision: iam_engine::Decision,
    #[serde(skip_serializing_if = "Option::is_none")]
    decided_by: Option<iam_engine::PolicyKind>,
    reason: &'a str,
    deciding_statements: &'a [iam_engine::StatementId],
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

/// `value` as a JavaScript object built by serde-wasm-bindgen; `what` names it in the error.
fn to_js(value: &impl Serialize, what: &str) -> Result<JsValue, JsValue> {
    value
        .serialize(&OBJECTS)
        .map_err(|e| JsValue::from_str(&format!("cannot serialize {what}: {e}")))
}

/// `value` as JSON text, written into a buffer of `capacity` bytes (a few KB for an answer with its trace) so
/// that it is not regrown piece by piece. A value serde_json cannot write (none of ours) gives
/// `{"error": "…"}`, where `what` names it.
fn to_json(value: &impl Serialize, capacity: usize, what: &str) -> String {
    let mut buf = Vec::with_capacity(capacity);
    match serde_json::to_writer(&mut buf, value) {
        // serde_json writes UTF-8 only.
        Ok(()) => String::from_utf8(buf).unwrap_or_default(),
        Err(e) => {
            serde_json::json!({ "error": format!("cannot serialize {what}: {e}") }).to_string()
        }
    }
}

/// A scenario given as text or as an object, as JSON text (`JSON.stringify`: what it drops — `undefined`,
/// functions — and what it calls — `toJSON` — are the caller's JSON). Reading the object field by field with
/// serde-wasm-bindgen instead measured several times slower (README, Benchmarks).
fn scenario_text(scenario: &JsValue) -> Result<String, JsValue> {
    Ok(match scenario.as_string() {
        Some(text) => text,
        None => js_sys::JSON::stringify(scenario)?
            .as_string()
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// The findings `lint` hands to JavaScript: a misspelt action is INVALID_ACTION at its line and column, with
    /// the nearest action as the fix (the lint cases, `crates/lint/tests/cases/lint-actions.json`).
    #[test]
    fn lint_finds_and_places() {
        let text = "{\"Version\": \"2012-10-17\",\n \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObjects\", \"Resource\": \"*\"}}";
        let findings = lint_findings(text, "identity").unwrap();
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code, "INVALID_ACTION");
        assert_eq!(findings[0].at(), "2:45");
        assert_eq!(
            findings[0].fix.as_ref().unwrap().replacement,
            "\"s3:GetObject\""
        );
        let json: serde_json::Value = serde_json::from_str(&lint_json(text, "identity")).unwrap();
        assert_eq!(json[0]["severity"], "ERROR");
        assert_eq!(json[0]["location"]["line"], 2);
        assert!(lint_findings(text, "bucket").is_err());
        assert!(lint_json(text, "bucket").contains("unknown policy type"));
    }

    /// The comparison `compare` hands to JavaScript: widening `logs/app/*` to `logs/*` is new access, with a
    /// counterexample the new policy allows and the old one denies; the reverse is no new access.
    #[test]
    fn compare_finds_new_access() {
        let old = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::logs/app/*"}}"#;
        let new = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::logs/*"}}"#;
        let json: serde_json::Value =
            serde_json::from_str(&compare_json(old, new, "identity")).unwrap();
        assert_eq!(json["verdict"], "newAccess");
        assert_eq!(json["counterexamples"][0]["newAnswer"]["decision"], "Allow");
        assert_ne!(json["counterexamples"][0]["oldAnswer"]["decision"], "Allow");
        let back: serde_json::Value =
            serde_json::from_str(&compare_json(new, old, "identity")).unwrap();
        assert_eq!(back["verdict"], "noNewAccess");
        assert!(compare_json(old, new, "bucket").contains("unknown policy type"));
    }
}
