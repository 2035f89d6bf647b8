//! Runs every conformance case in wasm, in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn conformance_cases_in_the_browser() {
    let report = iam_conformance::run_all();
    for f in &report.failures {
        web_sys_log(f);
    }
    assert!(report.passed > 0, "no conformance case ran");
    assert!(
        report.failures.is_empty(),
        "{} conformance cases failed",
        report.failures.len()
    );
}

fn web_sys_log(s: &str) {
    wasm_bindgen_test::console_log!("FAIL {}", s);
}
