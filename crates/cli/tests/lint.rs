//! `iamsim lint` as a CI job uses it: exit codes for --fail-on, the human format's caret, JSON, SARIF 2.1.0,
//! directories and scenarios. The findings expected are those of the lint cases (`crates/lint/tests/cases`):
//! a misspelt action is INVALID_ACTION (an error), iam:PassRole on `*` is PASS_ROLE_WITH_STAR_IN_RESOURCE (a
//! security warning), a missing Version is MISSING_VERSION (a warning).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::process::Command;

fn iamsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_iamsim"))
}

/// A fresh directory for one test's files.
fn dir(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("iamsim-lint-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const MISSPELT: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"s3:GetObjects\", \"Resource\": \"arn:aws:s3:::reports/*\"}\n  ]\n}\n";
const PASS_ROLE: &str = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", \"Resource\": \"*\"}]}";
const NO_VERSION: &str = "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::reports/*\"}]}";

#[test]
fn human_output_shows_the_line_and_a_caret_and_errors_fail_by_default() {
    let d = dir("human");
    let f = d.join("misspelt.json");
    std::fs::write(&f, MISSPELT).unwrap();
    let out = iamsim()
        .args(["lint", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[INVALID_ACTION]"), "{text}");
    assert!(text.contains("misspelt.json:4:35"), "{text}");
    assert!(text.contains("did you mean `s3:GetObject`?"), "{text}");
    // The caret sits under the action: 34 spaces of the line, then one caret per character of "s3:GetObjects".
    let caret = format!("  | {}{}", " ".repeat(34), "^".repeat(15));
    assert!(text.lines().any(|l| l == caret), "{text}");
    assert!(
        text.contains("= fix: replace with `s3:GetObject`"),
        "{text}"
    );
}

#[test]
fn fail_on_sets_the_threshold() {
    let d = dir("fail-on");
    let warn = d.join("no-version.json");
    std::fs::write(&warn, NO_VERSION).unwrap();
    let sw = d.join("pass-role.json");
    std::fs::write(&sw, PASS_ROLE).unwrap();
    let code = |file: &PathBuf, level: &str| {
        iamsim()
            .args([
                "lint",
                file.to_str().unwrap(),
                "--fail-on",
                level,
                "--format",
                "json",
            ])
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(code(&warn, "error"), Some(0));
    assert_eq!(code(&warn, "security-warning"), Some(0));
    assert_eq!(code(&warn, "warning"), Some(1));
    assert_eq!(code(&warn, "suggestion"), Some(1));
    assert_eq!(code(&sw, "error"), Some(0));
    assert_eq!(code(&sw, "security-warning"), Some(1));
}

#[test]
fn sarif_has_rules_levels_and_regions() {
    let d = dir("sarif");
    std::fs::write(d.join("a.json"), PASS_ROLE).unwrap();
    std::fs::write(d.join("b.json"), MISSPELT).unwrap();
    std::fs::write(d.join("notes.txt"), "not a policy").unwrap();
    let out = iamsim()
        .args([
            "lint",
            d.to_str().unwrap(),
            "--format",
            "sarif",
            "--fail-on",
            "security-warning",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "iamsim");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{results:?}");
    let pass_role = results
        .iter()
        .find(|r| r["ruleId"] == "PASS_ROLE_WITH_STAR_IN_RESOURCE")
        .unwrap();
    assert_eq!(pass_role["level"], "warning");
    let index = pass_role["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "PASS_ROLE_WITH_STAR_IN_RESOURCE");
    let loc = &pass_role["locations"][0]["physicalLocation"];
    assert!(loc["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("a.json"));
    assert_eq!(loc["region"]["startLine"], 1);
    assert_eq!(loc["region"]["startColumn"], 71);
    let invalid = results
        .iter()
        .find(|r| r["ruleId"] == "INVALID_ACTION")
        .unwrap();
    assert_eq!(invalid["level"], "error");
    assert_eq!(
        invalid["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
}

#[test]
fn scenario_policies_keep_their_kinds() {
    // The DescribeVolumes surprise: an identity policy scoped to volume ARNs for an action without resource-level
    // permissions.
    let example = format!(
        "{}/../../examples/describe-volumes.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = iamsim()
        .args(["lint", &example, "--format", "json", "--fail-on", "warning"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["format"], "scenario");
    let policy = &v[0]["policies"][0];
    assert_eq!(policy["name"], "identity/VolumesOnly");
    assert_eq!(policy["policyType"], "identity");
    let codes: Vec<&str> = policy["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["RESOURCE_LEVEL_PERMISSIONS_NOT_SUPPORTED"]);
}

#[test]
fn type_applies_to_bare_documents() {
    let d = dir("type");
    let f = d.join("bucket.json");
    std::fs::write(
        &f,
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::reports/*\"}]}",
    )
    .unwrap();
    let run = |t: &str| {
        let out = iamsim()
            .args(["lint", f.to_str().unwrap(), "--type", t, "--format", "json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v[0]["policies"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(run("resource"), ["PUBLIC_ACCESS"]);
    assert_eq!(run("identity"), ["UNSUPPORTED_PRINCIPAL"]);
}

#[test]
fn an_unreadable_file_is_exit_3() {
    let out = iamsim()
        .args(["lint", "/nonexistent/policy.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let bad = iamsim()
        .args(["lint", "--format", "xml", "x.json"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
