//! The lint-case check shared by the native test (`cases.rs`) and the browser one (`wasm.rs`): every case file,
//! embedded (no filesystem in the browser), and the check of one file's cases.

/// Calls `$m! { test_name => "file.json", ... }` with every case file; `cases.rs` fails on a file not listed.
macro_rules! with_case_files {
    ($m:ident) => {
        $m! {
            grammar => "lint-grammar.json",
            actions => "lint-actions.json",
            conditions => "lint-conditions.json",
            condition_values => "lint-condition-values.json",
            pass_role_and_escalation => "lint-passrole.json",
            principals => "lint-principals.json",
            policy_types => "lint-policy-types.json",
            resources => "lint-resources.json",
            size => "lint-size.json",
        }
    };
}

macro_rules! embed {
    ($($test:ident => $file:literal),* $(,)?) => {
        /// Every case file: (file name, contents).
        pub const FILES: &[(&str, &str)] = &[$(
            ($file, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/", $file))),
        )*];
    };
}
with_case_files!(embed);

/// The contents of the case file `file`.
pub fn text(file: &str) -> &'static str {
    FILES
        .iter()
        .find(|(name, _)| *name == file)
        .map_or("", |(_, text)| text)
}

use iam_lint::{lint_with, Options, PolicyType};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct File {
    topic: String,
    pub cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    name: String,
    #[serde(rename = "type")]
    policy_type: String,
    #[serde(default)]
    options: Option<serde_json::Value>,
    policy: Vec<String>,
    pub expect: Vec<Expected>,
    #[serde(default)]
    fix: Option<FixCase>,
    source: Source,
}

#[derive(Deserialize, PartialEq, Eq, PartialOrd, Ord, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    pub code: String,
    severity: String,
    at: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixCase {
    code: String,
    result: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    url: String,
    quote: String,
}

/// Runs every case of one case file (`file` is its name, `text` its contents): the number of cases, or every case
/// that answered otherwise.
pub fn run_file(file: &str, text: &str) -> Result<usize, String> {
    let parsed: File = serde_json::from_str(text).map_err(|e| format!("{file}: {e}"))?;
    if parsed.topic.is_empty() || parsed.cases.is_empty() {
        return Err(format!("{file} has no topic or no case"));
    }
    let mut failures = Vec::new();
    for case in &parsed.cases {
        if !(case.source.url.starts_with("https://") && case.source.quote.len() > 20) {
            return Err(format!(
                "{file}: `{}` needs a source with a URL and the quoted passage",
                case.name
            ));
        }
        let policy_type = PolicyType::parse(&case.policy_type)
            .ok_or_else(|| format!("{file}: `{}`: unknown type", case.name))?;
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
    if failures.is_empty() {
        Ok(parsed.cases.len())
    } else {
        Err(format!("{file}:\n{}", failures.join("\n")))
    }
}
