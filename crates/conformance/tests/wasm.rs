//! Runs the conformance cases in wasm, in headless Chromium (wasm-bindgen-test): one test per case file, as
//! natively (`build.rs` names them).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Runs one case file and fails with every case that answered otherwise.
fn check(file: &str) {
    let report = iam_conformance::run_file(file);
    for f in &report.failures {
        console_log!("FAIL {}", f);
    }
    assert!(report.passed > 0, "no case of {file} ran");
    assert!(
        report.failures.is_empty(),
        "{} cases of {file} failed",
        report.failures.len()
    );
}

macro_rules! case_file_tests {
    ($($name:ident => $file:literal,)*) => {
        $(
            #[wasm_bindgen_test]
            fn $name() {
                check($file);
            }
        )*
    };
}

include!(concat!(env!("OUT_DIR"), "/case_tests.rs"));
