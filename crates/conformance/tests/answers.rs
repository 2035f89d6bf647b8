//! The answer snapshot: the full JSON answer (`iam_realapi::evaluate_full_many` at a fixed clock, serialised with
//! serde_json) of every conformance case scenario and every example (`examples/`, `web/examples/`), compared byte
//! for byte with `tests/snapshots/answers.txt`. It guards refactorings that must not change a single answer.
//!
//! Each entry is keyed by where its scenario comes from and a hash of the scenario text, so a case that is added
//! or edited is a new entry (not compared until the snapshot is regenerated), while the same scenario answered
//! differently fails. Regenerate after adding cases or after an intended change of answers:
//!
//! ```sh
//! UPDATE_SNAPSHOTS=1 cargo test -p iam-conformance --test answers
//! ```
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// 2026-01-01T00:00:00Z, the conformance runner's clock.
const NOW: f64 = 1_767_225_600.0;

/// Starts each entry's header line; the next line is the answer.
const HEADER: &str = "=== ";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn snapshot_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/answers.txt")
}

/// FNV-1a, 64 bits: stable across runs and platforms (std's hasher is not).
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Every scenario: (key, scenario text).
fn scenarios() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (file, text) in iam_conformance::CASE_FILES {
        let parsed: iam_conformance::CaseFile =
            serde_json::from_str(text).expect("every case file reads (checked by the runner)");
        for case in &parsed.cases {
            let scenario = serde_json::to_string(&case.scenario).expect("a JSON value serialises");
            out.push((format!("tests/cases/{file} · {}", case.name), scenario));
        }
    }
    for dir in ["examples", "web/examples"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .expect("the examples folder reads")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for f in files {
            let name = f.file_name().map(|n| n.to_string_lossy().into_owned());
            let text = std::fs::read_to_string(&f).expect("an example reads");
            out.push((format!("{dir}/{}", name.unwrap_or_default()), text));
        }
    }
    out.into_iter()
        .map(|(key, text)| (format!("{key} · {:016x}", fnv(&text)), text))
        .collect()
}

fn answer(scenario: &str) -> String {
    serde_json::to_string(&iam_realapi::evaluate_full_many(scenario, Some(NOW)))
        .expect("an answer serialises")
}

fn read_snapshot(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(key) = line.strip_prefix(HEADER) {
            out.insert(
                key.to_string(),
                lines.next().unwrap_or_default().to_string(),
            );
        }
    }
    out
}

#[test]
fn answers_match_the_snapshot() {
    let path = snapshot_path();
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| !v.is_empty() && v != "0");
    let stored = read_snapshot(&std::fs::read_to_string(&path).unwrap_or_default());
    let current: BTreeMap<String, String> = scenarios()
        .into_iter()
        .map(|(key, text)| (key, answer(&text)))
        .collect();
    if update {
        let mut out = String::from(
            "# The full JSON answer of every conformance case and example (crates/conformance/tests/answers.rs).\n\
             # Regenerate: UPDATE_SNAPSHOTS=1 cargo test -p iam-conformance --test answers\n",
        );
        for (key, answer) in &current {
            out.push_str(HEADER);
            out.push_str(key);
            out.push('\n');
            out.push_str(answer);
            out.push('\n');
        }
        std::fs::create_dir_all(path.parent().expect("the snapshot has a folder"))
            .expect("the snapshot folder can be made");
        std::fs::write(&path, out).expect("the snapshot can be written");
        eprintln!("wrote {} answers to {}", current.len(), path.display());
        return;
    }
    assert!(
        !stored.is_empty(),
        "no snapshot at {}; write it with UPDATE_SNAPSHOTS=1",
        path.display()
    );
    let mut changed = Vec::new();
    let mut compared = 0;
    for (key, want) in &stored {
        let Some(got) = current.get(key) else {
            continue;
        };
        compared += 1;
        if got != want {
            let at = got
                .bytes()
                .zip(want.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(got.len().min(want.len()));
            let around = |s: &str| -> String {
                s.char_indices()
                    .filter(|(i, _)| i + 80 >= at && *i < at + 80)
                    .map(|(_, c)| c)
                    .collect()
            };
            changed.push(format!(
                "{key}\n  at byte {at}\n  want …{}…\n  got  …{}…",
                around(want),
                around(got)
            ));
        }
    }
    let new = current.keys().filter(|k| !stored.contains_key(*k)).count();
    let gone = stored.keys().filter(|k| !current.contains_key(*k)).count();
    eprintln!(
        "answer snapshot: {compared} compared, {} changed, {new} new and {gone} gone (new and gone scenarios are \
         not compared; UPDATE_SNAPSHOTS=1 takes them in)",
        changed.len()
    );
    assert!(compared > 0, "no scenario of the snapshot was found");
    assert!(
        changed.is_empty(),
        "{} answers differ from the snapshot:\n{}",
        changed.len(),
        changed.join("\n")
    );
}

/// The app evaluates large workspaces in a Web Worker and sends the answers back as JSON: every answer must read
/// back into the same answer, field for field (serialised again, the text is identical).
#[test]
fn every_answer_reads_back_from_its_json() {
    let mut checked = 0;
    for (key, text) in scenarios() {
        let answers = iam_realapi::evaluate_full_many(&text, Some(NOW));
        let json = serde_json::to_string(&answers).expect("an answer serialises");
        let back: Vec<iam_realapi::FullAnswer> = match serde_json::from_str(&json) {
            Ok(back) => back,
            Err(e) => panic!("{key}: the answer does not read back: {e}"),
        };
        let again = serde_json::to_string(&back).expect("an answer serialises");
        assert_eq!(again, json, "{key}: the answer changed on its way back");
        checked += answers.len();
    }
    assert!(checked > 1000, "only {checked} answers were checked");
}
