//! The message corpus: real AWS error texts (from AWS documentation, public issue threads and the two stories the
//! project started from), each with the request it must produce and the AWS passage or thread its expectation
//! comes from. One test per file in `tests/cases/` (listed and embedded in `runner/mod.rs`, which `wasm.rs` shares to run
//! them in the browser); a file not listed there fails `every_case_file_is_run`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::Value;
use std::path::PathBuf;

#[macro_use]
mod runner;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

/// Runs one case file and fails with the first case that read otherwise.
fn check(file: &str) {
    let cases = runner::run_file(file, runner::text(file)).unwrap_or_else(|e| panic!("{e}"));
    assert!(cases > 0, "no case of {file} ran");
}

macro_rules! native_tests {
    ($($test:ident => $file:literal),* $(,)?) => {
        $( #[test] fn $test() { check($file); } )*
    };
}
with_case_files!(native_tests);

#[test]
fn every_case_file_is_run() {
    let mut on_disk: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = runner::FILES.iter().map(|(s, _)| s.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn the_corpus_has_forty_messages_over_ten_services() {
    let mut n = 0;
    let mut services = std::collections::BTreeSet::new();
    for (_, text) in runner::FILES {
        let doc: Value = serde_json::from_str(text).unwrap();
        for c in doc["cases"].as_array().unwrap() {
            n += 1;
            for call in c["expect"]["calls"].as_array().into_iter().flatten() {
                if let Some(a) = call["action"].as_str() {
                    services.insert(a.split(':').next().unwrap().to_string());
                }
            }
        }
    }
    assert!(n >= 40, "{n} cases");
    assert!(services.len() >= 10, "{services:?}");
}
