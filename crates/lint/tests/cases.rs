//! The lint cases: every `tests/cases/lint-*.json` file, one test per file. Each case is a policy (as lines of
//! text), its type, the findings expected (code, severity, line:column) and the AWS passage the expectation comes
//! from. A case lists every finding it expects, so a case that expects none fails on any false alarm. A case may
//! also say what the text becomes once a finding's fix is applied. The files are listed and embedded in `runner/mod.rs`,
//! which `wasm.rs` shares to run them in the browser.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[macro_use]
mod runner;

/// Runs one case file and fails with every case that answered otherwise.
fn check(file: &str) {
    let cases = runner::run_file(file, runner::text(file)).unwrap_or_else(|e| panic!("{e}"));
    assert!(cases > 0, "no case of {file} ran");
}

macro_rules! native_tests {
    ($($test:ident => $file:literal),* $(,)?) => {
        $(#[test] fn $test() { check($file); })*
    };
}
with_case_files!(native_tests);

/// Every case file has its test above (listed and embedded in `runner/mod.rs`).
#[test]
fn every_case_file_runs() {
    let dir = format!("{}/tests/cases", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if name.ends_with(".json") {
            assert!(
                runner::FILES.iter().any(|(file, _)| *file == name),
                "{name} has no test: list it in runner/mod.rs"
            );
        }
    }
}

/// Checks without a case yet: no AWS passage found to cite for them (the engine's own cases cover the behaviour).
const WITHOUT_CASE: &[&str] = &[
    "NOT_PRINCIPAL_EVERYONE",
    // A finding of templates, not of policies: `tests/templates.rs`.
    "UNRESOLVED_TEMPLATE_VALUE",
];

/// Every check of the catalogue is expected by at least one case, except those listed in `WITHOUT_CASE`.
#[test]
fn every_check_has_a_case() {
    let mut expected = std::collections::HashSet::new();
    for (_, text) in runner::FILES {
        let parsed: runner::File = serde_json::from_str(text).unwrap();
        for case in parsed.cases {
            expected.extend(case.expect.into_iter().map(|e| e.code));
        }
    }
    let missing: Vec<&str> = iam_lint::CHECKS
        .iter()
        .map(|c| c.code)
        .filter(|c| !expected.contains(*c) && !WITHOUT_CASE.contains(c))
        .collect();
    assert!(missing.is_empty(), "checks without a case: {missing:?}");
}
