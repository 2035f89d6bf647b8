//! Runs the lint cases in wasm, in headless Chromium (wasm-bindgen-test): one test per case file, as natively
//! (`cases.rs`), with the files embedded by `runner/mod.rs`.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use wasm_bindgen_test::*;

#[macro_use]
mod runner;

wasm_bindgen_test_configure!(run_in_browser);

/// Runs one case file and fails with the first case that answered otherwise.
fn check(file: &str) {
    match runner::run_file(file, runner::text(file)) {
        Ok(cases) => assert!(cases > 0, "no case of {file} ran"),
        Err(e) => {
            console_log!("FAIL {e}");
            panic!("{e}");
        }
    }
}

macro_rules! wasm_tests {
    ($($test:ident => $file:literal),* $(,)?) => {
        $( #[wasm_bindgen_test] fn $test() { check($file); } )*
    };
}
with_case_files!(wasm_tests);
