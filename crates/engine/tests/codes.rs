//! The README's "Diagnostic codes" table is the documentation of `iam_engine::Code`: every code is in it once,
//! and it names no code the simulator does not have.
#![allow(clippy::expect_used)]

use iam_engine::Code;

#[test]
fn the_readme_table_lists_every_diagnostic_code_once() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md");
    let table = readme
        .split("### Diagnostic codes")
        .nth(1)
        .and_then(|rest| rest.split("\n### ").next())
        .expect("a Diagnostic codes section");
    let listed: Vec<&str> = table
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    for code in Code::ALL {
        let n = listed.iter().filter(|c| **c == code.as_str()).count();
        assert_eq!(n, 1, "`{code}` is listed {n} times in the README's table");
    }
    for c in &listed {
        assert!(
            Code::from_text(c).is_some(),
            "the README lists `{c}`, which is no code"
        );
    }
}

/// The written form reads back, and the JSON of a diagnostic carries it as a plain string.
#[test]
fn a_code_is_written_and_read_as_its_kebab_case_text() {
    for code in Code::ALL {
        let json = serde_json::to_string(code).expect("serialise");
        assert_eq!(json, format!("\"{}\"", code.as_str()));
        let back: Code = serde_json::from_str(&json).expect("read back");
        assert_eq!(back, *code);
    }
    assert!(serde_json::from_str::<Code>("\"no-such-code\"").is_err());
}
