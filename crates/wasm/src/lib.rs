//! The engine's JavaScript face: thin wasm-bindgen exports over `iam-engine`.

use wasm_bindgen::prelude::*;

/// Evaluate a scenario (JSON text) and return the answer as JSON text.
#[wasm_bindgen(js_name = evaluateJson)]
pub fn evaluate_json(scenario: &str) -> String {
    let answer = iam_engine::evaluate_scenario_json(scenario);
    serde_json::to_string(&answer).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
