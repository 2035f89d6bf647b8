//! The lint cases: every `tests/cases/lint-*.json` file, one test per file. Each case is a policy (as lines of
//! text), its type, the findings expected (code, severity, line:column) and the AWS passage the expectation comes
//! from. A case lists every finding it expects, so a case that expects none fails on any false alarm. A case may
//! also say what the text becomes once a finding's fix is applied.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use iam_lint::{lint_with, Options, PolicyType};
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    topic: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(rename = "type")]
    policy_type: String,
    #[serde(default)]
    options: Option<serde_json::Value>,
    policy: Vec<String>,
    expect: Vec<Expected>,
    #[serde(default)]
    fix: Option<FixCase>,
    source: Source,
}

#[derive(Deserialize, PartialEq, Eq, PartialOrd, Ord, Debug, Clone)]
#[serde(deny_unknown_fields)]
struct Expected {
    code: String,
    severity: String,
    at: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FixCase {
    code: String,
    result: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    url: String,
    quote: String,
}

fn run(file: &str) {
    let path = format!("{}/tests/cases/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let parsed: File = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(!parsed.topic.is_empty());
    assert!(!parsed.cases.is_empty(), "{file} has no case");
    let mut failures = Vec::new();
    for case in &parsed.cases {
        assert!(
            case.source.url.starts_with("https://") && case.source.quote.len() > 20,
            "{file}: `{}` needs a source with a URL and the quoted passage",
            case.name
        );
        let policy_type = PolicyType::parse(&case.policy_type)
            .unwrap_or_else(|| panic!("{file}: `{}`: unknown type", case.name));
        let mut options = Options::new(policy_type);
        if let Some(extra) = &case.options {
            let mut merged = serde_json::to_value(options).unwrap();
            for (k, v) in extra.as_object().unwrap() {
                merged[k] = v.clone();
            }
            options = serde_json::from_value(merged).unwrap();
        }
        let policy = case.policy.join("\n");
        let findings = lint_with(&policy, &options);
        let mut got: Vec<Expected> = findings
            .iter()
            .map(|f| Expected {
                code: f.code.clone(),
                severity: f.severity.as_str().to_string(),
                at: f.at(),
            })
            .collect();
        let mut want = case.expect.clone();
        got.sort();
        want.sort();
        if got != want {
            let shown: Vec<String> = findings
                .iter()
                .map(|f| format!("{} {} {} — {}", f.at(), f.severity, f.code, f.message))
                .collect();
            failures.push(format!(
                "`{}`:\n  expected {:?}\n  got      {:?}\n  {}",
                case.name,
                want,
                got,
                shown.join("\n  ")
            ));
            continue;
        }
        if let Some(fix) = &case.fix {
            let finding = findings.iter().find(|f| f.code == fix.code);
            let Some(edit) = finding.and_then(|f| f.fix.as_ref()) else {
                failures.push(format!("`{}`: {} has no fix", case.name, fix.code));
                continue;
            };
            let mut fixed = policy.clone();
            fixed.replace_range(edit.span.start..edit.span.end, &edit.replacement);
            let want = fix.result.join("\n");
            if fixed != want {
                failures.push(format!(
                    "`{}`: fixed text\n{fixed}\nexpected\n{want}",
                    case.name
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{file}:\n{}", failures.join("\n"));
}

macro_rules! files {
    ($($test:ident => $file:literal),* $(,)?) => {
        $(#[test] fn $test() { run($file); })*
        const FILES: &[&str] = &[$($file),*];
    };
}

files! {
    grammar => "lint-grammar.json",
    actions => "lint-actions.json",
    conditions => "lint-conditions.json",
    pass_role_and_escalation => "lint-passrole.json",
    principals => "lint-principals.json",
    resources => "lint-resources.json",
    size => "lint-size.json",
}

/// Every case file has its test above.
#[test]
fn every_case_file_runs() {
    let dir = format!("{}/tests/cases", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if name.ends_with(".json") {
            assert!(
                FILES.contains(&name.as_str()),
                "{name} has no test in cases.rs"
            );
        }
    }
}

/// Checks without a case yet: no AWS passage found to cite for them (the engine's own cases cover the behaviour).
const WITHOUT_CASE: &[&str] = &[
    "POLICY_SIZE_EXCEEDS_RCP_QUOTA",
    "RCP_ALLOW_NOT_SUPPORTED",
    "NOT_PRINCIPAL_EVERYONE",
    // A finding of templates, not of policies: `tests/templates.rs`.
    "UNRESOLVED_TEMPLATE_VALUE",
];

/// Every check of the catalogue is expected by at least one case, except those listed in `WITHOUT_CASE`.
#[test]
fn every_check_has_a_case() {
    let mut expected = std::collections::HashSet::new();
    for file in FILES {
        let path = format!("{}/tests/cases/{file}", env!("CARGO_MANIFEST_DIR"));
        let parsed: File = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
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
