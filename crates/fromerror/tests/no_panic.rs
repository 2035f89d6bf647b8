//! No panics on any input: every prefix and suffix of every corpus input (cut anywhere, mid-character included as
//! far as `str` allows), hostile shapes (deep JSON, huge lines, control characters), and generated text.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use proptest::prelude::*;
use serde_json::Value;

fn corpus_inputs() -> Vec<String> {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(e.unwrap().path()).unwrap()).unwrap();
        for c in doc["cases"].as_array().unwrap() {
            match (c.get("input"), c.get("inputJson")) {
                (Some(Value::String(s)), _) => out.push(s.clone()),
                (_, Some(v)) => out.push(serde_json::to_string_pretty(v).unwrap()),
                _ => {}
            }
        }
    }
    out
}

#[test]
fn every_cut_of_every_corpus_input_reads_without_panicking() {
    for input in corpus_inputs() {
        let cuts: Vec<usize> = (0..=input.len())
            .filter(|i| input.is_char_boundary(*i))
            .step_by(7)
            .collect();
        for &i in &cuts {
            let _ = iam_fromerror::read_errors(&input[..i]);
            let _ = iam_fromerror::read_errors(&input[i..]);
        }
    }
}

#[test]
fn hostile_shapes() {
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let deep_obj = format!("{}1{}", "{\"a\":".repeat(3000), "}".repeat(3000));
    let long = format!(
        "User: arn:aws:iam::1:user/{} is not authorized to perform: s3:GetObject",
        "x".repeat(200_000)
    );
    let ctl = "User: arn:aws:iam::1:user/\u{1b}[31mevil\u{202e} is not authorized to perform: iam:GetUser on resource: user \u{0}";
    for t in [
        deep.as_str(),
        deep_obj.as_str(),
        long.as_str(),
        ctl,
        "",
        "\n\n\n",
        "{",
        "[{\"eventName\": 1}]",
        "{\"Records\": 5}",
        "{\"DecodedMessage\": \"not json\"}",
        "{\"allowed\": false, \"context\": 3}",
        "on resource: because no  allows",
        "is not authorized to perform",
        "Encoded authorization failure message:",
        "An error occurred (",
    ] {
        let r = iam_fromerror::read_errors(t);
        assert!(
            !r.calls.is_empty() || !r.problems.is_empty(),
            "silent on {:?}",
            &t[..t.len().min(40)]
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn generated_text_never_panics(s in "(User: |arn:aws:[a-z0-9]{0,4}:|is not authorized to perform:? |on resource:? |because no |with an explicit deny in |An error occurred \\(|when calling the | operation|\\{|\\}|\"|:|[ -~]{0,12}|\n){0,40}") {
        let r = iam_fromerror::read_errors(&s);
        prop_assert!(!r.calls.is_empty() || !r.problems.is_empty());
    }
}
