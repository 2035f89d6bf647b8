//! The CLI as a CI job uses it: exit codes for --expect, JSON output, JSON lines that keep going past a bad line.
//! Expectations come from seed 002 (DescribeVolumes scoped to volume ARNs: a literal simulation allows, the real
//! API answers UnauthorizedOperation because the action supports no resource-level permissions).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::Write;
use std::process::{Command, Stdio};

fn iamsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_iamsim"))
}

fn example() -> String {
    format!(
        "{}/../../examples/describe-volumes.json",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn expect_uses_the_literal_answer_unless_real_api_is_asked() {
    let ok = iamsim()
        .args(["eval", &example(), "--expect", "allow"])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let real = iamsim()
        .args(["eval", &example(), "--expect", "allow", "--real-api"])
        .output()
        .unwrap();
    assert!(!real.status.success());
    assert!(String::from_utf8_lossy(&real.stderr).contains("expected allow, got ImplicitDeny"));
}

#[test]
fn json_output_carries_both_answers() {
    let out = iamsim()
        .args(["eval", &example(), "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["decision"], "Allow");
    assert_eq!(v["realApi"]["decision"], "ImplicitDeny");
}

#[test]
fn jsonl_answers_every_line_in_order_even_a_bad_one() {
    let good = std::fs::read_to_string(example())
        .unwrap()
        .replace('\n', "");
    let mut child = iamsim()
        .args(["eval", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let input = format!("{good}\n{{not json\n{good}\n");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["decision"], "Allow");
    assert_eq!(lines[1]["errors"][0]["code"], "invalid-json");
    assert!(lines[1]["errors"][0]["location"]["line"].as_u64().is_some());
    assert_eq!(lines[2]["decision"], "Allow");
}

#[test]
fn errors_name_file_line_and_column() {
    let dir = std::env::temp_dir().join(format!("iamsim-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("broken.json");
    std::fs::write(
        &file,
        "{\"policies\": {\"identity\": [{\"name\": \"P\", \"document\": {\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Alow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}}]},\n \"request\": {\"principal\": \"arn:aws:iam::111122223333:user/a\", \"action\": \"s3:GetObject\"}}",
    )
    .unwrap();
    let out = iamsim()
        .args(["eval", file.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken.json: error[unknown-effect] identity/P:3:28"),
        "{err}"
    );
}

#[test]
fn expand_counts_iam_actions() {
    let out = iamsim().args(["expand", "iam:*"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("iam:PassRole"));
    assert!(text.trim_end().ends_with("actions match `iam:*`"));
}

/// Seed 000 asks which of IAM's actions a tool's policy really grants. IAM User Guide, Action element: `iam:Get*`
/// matches every IAM action whose name starts with Get (wildcards match within the action name) and nothing
/// else; an explicit Deny overrides it (Policy evaluation logic). The sweep lists exactly those.
#[test]
fn sweep_lists_what_a_policy_grants_across_every_action() {
    let dir = std::env::temp_dir().join(format!("iamsim-sweep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("tool.json");
    std::fs::write(
        &file,
        r#"{"policies": {"identity": [{"name": "Tool", "document": {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"},
              {"Effect": "Deny", "Action": "iam:GetUser", "Resource": "*"}]}}]},
            "request": {"principal": "arn:aws:iam::111122223333:user/ci", "action": "iam:GetRole", "resource": "*"}}"#,
    )
    .unwrap();
    let out = iamsim().arg("sweep").arg(&file).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let allowed: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|a| a.contains(':'))
        .collect();
    assert!(allowed.contains(&"iam:GetRole"));
    assert!(!allowed.contains(&"iam:GetUser"), "the Deny wins");
    assert!(!allowed.contains(&"iam:CreateUser"));
    assert!(allowed.iter().all(|a| a.starts_with("iam:Get")));
    assert!(text.contains("1 explicitly denied"));

    let json = iamsim()
        .arg("sweep")
        .arg(&file)
        .arg("--json")
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["explicitDeny"], 1);
    assert_eq!(v["allow"].as_u64().unwrap() as usize, allowed.len());

    // A broken scenario is reported with its place and fails the command.
    std::fs::write(&file, "{\"policies\": {\"identity\": [}").unwrap();
    let bad = iamsim().arg("sweep").arg(&file).output().unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("tool.json"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// IAM User Guide, IP address condition operators compare against an IPv4 or IPv6 address or range; a request
/// value that is not an address matches nothing. The trace says so beside the condition, and the answer warns.
#[test]
fn the_trace_explains_a_request_value_a_condition_cannot_compare() {
    let dir = std::env::temp_dir().join(format!("iamsim-badip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("ip.json");
    std::fs::write(
        &file,
        r#"{"policies": {"identity": [{"name": "P", "document": {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
               "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}}]},
            "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject",
                        "resource": "arn:aws:s3:::b/k", "context": {"aws:SourceIp": "10.0.0.300"}}}"#,
    )
    .unwrap();
    let out = iamsim()
        .arg("eval")
        .arg(&file)
        .arg("--no-color")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("IMPLICIT DENY"), "{text}");
    assert!(
        text.contains("note: the request's value `10.0.0.300` is not an IP address"),
        "{text}"
    );
    assert!(text.contains("warning[invalid-context-value]"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}
