//! The conformance runner: reads the case files (embedded at build time), evaluates each scenario with the
//! engine and compares the decision, the deciding statements and the diagnostics with the expectation.

use serde::Deserialize;
use std::collections::BTreeSet;

include!(concat!(env!("OUT_DIR"), "/cases.rs"));

/// One case file.
#[derive(Debug, Deserialize)]
pub struct CaseFile {
    pub topic: String,
    pub cases: Vec<Case>,
}

/// One case: a scenario and what AWS documents the answer to be.
#[derive(Debug, Deserialize)]
pub struct Case {
    pub name: String,
    pub source: String,
    pub scenario: serde_json::Value,
    pub expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Expect {
    pub decision: String,
    #[serde(default)]
    pub decided_by: Option<Vec<String>>,
    #[serde(default)]
    pub errors: Option<Vec<String>>,
    #[serde(default)]
    pub warnings: Option<Vec<String>>,
    #[serde(default)]
    pub real_api: Option<ExpectRealApi>,
}

/// What the real-API answer must say.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExpectRealApi {
    pub decision: Option<String>,
    /// Kinds the answer must report, as a divergence or a note.
    #[serde(default)]
    pub divergences: Vec<String>,
    /// Kinds it must not report at all.
    #[serde(default)]
    pub absent_divergences: Vec<String>,
    /// Resource types the real call must authorize (a subset).
    #[serde(default)]
    pub resource_types: Vec<String>,
    /// The decision each named dependent action must get.
    #[serde(default)]
    pub dependent_actions: std::collections::BTreeMap<String, String>,
}

fn check_real_api(
    expected: &ExpectRealApi,
    real: &iam_realapi::RealApiAnswer,
    problems: &mut Vec<String>,
) {
    if let Some(d) = &expected.decision {
        if real.decision.as_str() != d {
            problems.push(format!(
                "realApi.decision: expected {d}, got {}",
                real.decision
            ));
        }
    }
    let got: BTreeSet<&str> = real.findings().map(|d| d.kind.as_str()).collect();
    for kind in &expected.divergences {
        if !got.contains(kind.as_str()) {
            problems.push(format!(
                "realApi.divergences: expected `{kind}`, got {got:?}"
            ));
        }
    }
    for kind in &expected.absent_divergences {
        if got.contains(kind.as_str()) {
            problems.push(format!("realApi.divergences: `{kind}` should be absent"));
        }
    }
    let types: BTreeSet<&str> = real
        .resources
        .iter()
        .map(|r| r.resource_type.as_str())
        .collect();
    for t in &expected.resource_types {
        if !types.contains(t.as_str()) {
            problems.push(format!(
                "realApi.resourceTypes: expected `{t}` among {types:?}"
            ));
        }
    }
    for (action, decision) in &expected.dependent_actions {
        match real
            .dependent_actions
            .iter()
            .find(|d| d.action.eq_ignore_ascii_case(action))
        {
            None => problems.push(format!(
                "realApi.dependentActions: `{action}` is not among the dependent actions"
            )),
            Some(d) => {
                let got = d.decision.map(|x| x.as_str()).unwrap_or("not evaluated");
                if got != decision {
                    problems.push(format!(
                        "realApi.dependentActions: `{action}` expected {decision}, got {got}"
                    ));
                }
            }
        }
    }
    // The invariant: a real decision that differs from the literal one is explained.
    if real
        .divergences
        .iter()
        .all(|d| d.real_decision == d.literal_decision)
        && !real.divergences.is_empty()
    {
        problems.push("realApi: divergences whose decisions agree".to_string());
    }
}

/// The outcome of running every case.
#[derive(Debug, Default)]
pub struct Report {
    pub files: usize,
    pub passed: usize,
    pub failures: Vec<String>,
}

/// Runs one case; `Err` says how the answer differs from the expectation.
pub fn run_case(case: &Case) -> Result<(), String> {
    let text = serde_json::to_string(&case.scenario).map_err(|e| e.to_string())?;
    // A fixed clock keeps the real-API answer reproducible: 2026-01-01T00:00:00Z.
    let full = iam_realapi::evaluate_full(&text, Some(1_767_225_600.0));
    let answer = &full.literal;
    let mut problems = Vec::new();
    if answer.decision.as_str() != case.expect.decision {
        problems.push(format!(
            "decision: expected {}, got {} ({})",
            case.expect.decision, answer.decision, answer.reason
        ));
    }
    if let Some(expected) = &case.expect.decided_by {
        let mut want = BTreeSet::new();
        for id in expected {
            match answer.statement(id) {
                Some(s) => {
                    want.insert(s.id.clone());
                }
                None => problems.push(format!("decidedBy: no statement `{id}` in the answer")),
            }
        }
        let got: BTreeSet<_> = answer.deciding_statements.iter().cloned().collect();
        if want != got {
            problems.push(format!(
                "decidedBy: expected {}, got {}",
                iam_engine::StatementId::list(&want),
                iam_engine::StatementId::list(&got)
            ));
        }
    }
    let codes =
        |ds: &[iam_engine::Diagnostic]| ds.iter().map(|d| d.code.as_str()).collect::<BTreeSet<_>>();
    for code in [&case.expect.errors, &case.expect.warnings]
        .into_iter()
        .flatten()
        .flatten()
    {
        if iam_engine::Code::from_text(code).is_none() {
            problems.push(format!(
                "`{code}` is no diagnostic code (see the README's table)"
            ));
        }
    }
    if let Some(expected) = &case.expect.errors {
        let got = codes(&answer.errors);
        for code in expected {
            if !got.contains(code.as_str()) {
                problems.push(format!("errors: expected `{code}`, got {got:?}"));
            }
        }
        if expected.is_empty() && !got.is_empty() {
            problems.push(format!("errors: expected none, got {got:?}"));
        }
    } else if !answer.errors.is_empty() {
        let msgs: Vec<String> = answer.errors.iter().map(ToString::to_string).collect();
        problems.push(format!("unexpected errors: {msgs:?}"));
    }
    if let Some(expected) = &case.expect.warnings {
        let got = codes(&answer.warnings);
        for code in expected {
            if !got.contains(code.as_str()) {
                problems.push(format!("warnings: expected `{code}`, got {got:?}"));
            }
        }
        if expected.is_empty() && !got.is_empty() {
            problems.push(format!("warnings: expected none, got {got:?}"));
        }
    }
    if let Some(expected) = &case.expect.real_api {
        match &full.real_api {
            None => problems.push("realApi: expected a real-API answer, got none".to_string()),
            Some(real) => check_real_api(expected, real, &mut problems),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Runs one embedded case file (`condition-ip.json`).
pub fn run_file(name: &str) -> Report {
    let mut report = Report::default();
    match CASE_FILES.iter().find(|(file, _)| *file == name) {
        Some((file, text)) => run_text(file, text, &mut report),
        None => report.failures.push(format!("{name}: no such case file")),
    }
    report
}

/// Runs every embedded case file.
pub fn run_all() -> Report {
    let mut report = Report::default();
    for (file, text) in CASE_FILES {
        run_text(file, text, &mut report);
    }
    report
}

fn run_text(file: &str, text: &str, report: &mut Report) {
    report.files += 1;
    let parsed: CaseFile = match serde_json::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            report
                .failures
                .push(format!("{file}: cannot read the case file: {e}"));
            return;
        }
    };
    for case in &parsed.cases {
        if case.source.trim().is_empty() {
            report
                .failures
                .push(format!("{file}: `{}`: no source cited", case.name));
            continue;
        }
        match run_case(case) {
            Ok(()) => report.passed += 1,
            Err(why) => report
                .failures
                .push(format!("{file} [{}]: `{}`: {why}", parsed.topic, case.name)),
        }
    }
}
