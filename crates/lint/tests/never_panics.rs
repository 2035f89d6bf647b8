//! No input makes the linter panic: every case policy cut at many places (most cuts are not JSON, many are JSON
//! of the wrong shape), with characters swapped for ones that break ARNs, variables and operators, under every
//! policy type.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use iam_lint::{lint, PolicyType};

fn case_policies() -> Vec<String> {
    let dir = format!("{}/tests/cases", env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        for case in v["cases"].as_array().unwrap() {
            let lines: Vec<&str> = case["policy"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l.as_str().unwrap())
                .collect();
            out.push(lines.join("\n"));
        }
    }
    out
}

#[test]
fn cut_and_mangled_policies_give_findings_not_panics() {
    let swaps = [
        '$', '{', '}', ':', '*', '?', '"', '\\', 'é', '\u{202e}', '/', '\r',
    ];
    for (n, policy) in case_policies().iter().enumerate() {
        let boundaries: Vec<usize> = policy.char_indices().map(|(i, _)| i).collect();
        for (k, &cut) in boundaries.iter().enumerate().step_by(11) {
            let t = PolicyType::ALL[(n + k) % PolicyType::ALL.len()];
            let _ = lint(&policy[..cut], t);
            let swap = swaps[(n + k) % swaps.len()];
            let mut mangled = policy.clone();
            let end = boundaries.get(k + 1).copied().unwrap_or(policy.len());
            mangled.replace_range(cut..end, &swap.to_string());
            let findings = lint(&mangled, t);
            for f in findings {
                assert!(
                    f.span.start <= f.span.end && f.span.end <= mangled.len(),
                    "{mangled}"
                );
            }
        }
    }
}

#[test]
fn cut_templates_never_panic() {
    for name in ["stack.json", "stack.yaml", "plan.json"] {
        let path = format!("{}/tests/templates/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        for &cut in boundaries.iter().step_by(3) {
            let _ = iam_lint::extract::lint_document(&text[..cut], None);
            let mut mangled = text.clone();
            mangled.insert_str(cut, "!Sub [");
            let _ = iam_lint::extract::lint_document(&mangled, None);
        }
    }
}
