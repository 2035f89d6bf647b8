//! The engine's JavaScript face: thin wasm-bindgen exports over `iam-engine` and `iam-realapi`.
//! Everything crosses the boundary as JSON text, in the shapes the README documents.

use wasm_bindgen::prelude::*;

/// Evaluates a scenario (JSON text) and returns the answer (JSON text): the literal decision with its trace,
/// and `realApi`, what the service would decide. The clock for aws:CurrentTime is the browser's or Node's.
#[wasm_bindgen(js_name = evaluateJson)]
pub fn evaluate_json(scenario: &str) -> String {
    let now = js_sys::Date::now() / 1000.0;
    let answer = iam_realapi::evaluate_full(scenario, Some(now));
    serde_json::to_string(&answer)
        .unwrap_or_else(|e| format!("{{\"error\":\"cannot serialize the answer: {e}\"}}"))
}

/// The engine version, for bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
