//! The CLI as a CI job uses it: exit codes for --expect, JSON output, JSON lines that keep going past a bad line.
//! Expectations come from the DescribeVolumes surprise (DescribeVolumes scoped to volume ARNs: a literal simulation allows, the real
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

/// The Flintrock least-privilege report asks which of IAM's actions a tool's policy really grants. IAM User Guide, Action element: `iam:Get*`
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

/// Writes `text` to a fresh file in its own folder and returns the path.
fn scenario_file(tag: &str, text: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("iamsim-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("scenario.json");
    std::fs::write(&file, text).unwrap();
    file
}

const ALLOW_S3: &str = r#"{"identity": [{"name": "P", "document": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}]}"#;
const REQ: &str = r#"{"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}"#;

/// The issue: a scenario with only `requests` (valid under schema/scenario.schema.json) was "not evaluated", exit
/// 0, and `--expect deny` passed although the policy allows the request (IAM User Guide, policy evaluation logic:
/// an identity-based Allow with nothing denying allows). Each request is now answered and judged.
#[test]
fn a_scenario_with_only_requests_is_evaluated_and_judged() {
    let file = scenario_file(
        "requests",
        format!(r#"{{"policies": {ALLOW_S3}, "requests": [{REQ}, {REQ}]}}"#).as_bytes(),
    );
    let out = iamsim()
        .arg("eval")
        .arg(&file)
        .args(["--expect", "deny"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("[request 2]: expected deny, got Allow"),
        "{err}"
    );
    let json = iamsim()
        .arg("eval")
        .arg(&file)
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["decision"] == "Allow"));
}

/// Both `request` and `requests` is an error (one was silently ignored before), and anything that cannot be
/// evaluated exits 3 without --expect (it exited 0 before): the documented exit codes.
#[test]
fn what_cannot_be_evaluated_exits_3() {
    let both = scenario_file(
        "both",
        format!(r#"{{"policies": {ALLOW_S3}, "request": {REQ}, "requests": [{REQ}]}}"#).as_bytes(),
    );
    let out = iamsim().arg("eval").arg(&both).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[request-and-requests]"));

    // A string "true" for managementAccount (a boolean in the schema) is an error, not silently false.
    let typed = scenario_file(
        "typed",
        format!(r#"{{"policies": {ALLOW_S3}, "request": {{"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "managementAccount": "true"}}}}"#).as_bytes(),
    );
    let out = iamsim().arg("eval").arg(&typed).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("managementAccount"));

    let broken = scenario_file("broken", b"{\"policies\": ");
    assert_eq!(
        iamsim()
            .arg("eval")
            .arg(&broken)
            .output()
            .unwrap()
            .status
            .code(),
        Some(3)
    );
    // Not UTF-8: a located error, exit 3.
    let latin1 = scenario_file(
        "latin1",
        b"{\"policies\": {},\n \"request\": {\"action\": \"caf\xe9\"}}",
    );
    let out = iamsim().arg("eval").arg(&latin1).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("error[invalid-utf8] scenario:2:28"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let help = iamsim().args(["eval", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("Exit codes: 0") && help.contains("3 something could not be evaluated"),
        "{help}"
    );
}

/// The issue: with --jsonl, one line that was not UTF-8 ended the run and blank lines gave no answer, so answers
/// no longer lined up with their inputs. Every input line now gets exactly one answer, carrying its line number.
#[test]
fn jsonl_answers_every_line_with_its_number() {
    let good = format!(r#"{{"policies": {ALLOW_S3}, "request": {REQ}}}"#).replace('\n', "");
    let many =
        format!(r#"{{"policies": {ALLOW_S3}, "requests": [{REQ}, {REQ}]}}"#).replace('\n', "");
    let mut input = Vec::new();
    input.extend_from_slice(good.as_bytes());
    input.extend_from_slice(b"\n\n{\"x\": \"caf\xe9\"}\r\n");
    input.extend_from_slice(many.as_bytes());
    input.extend_from_slice(b"\n   \n");
    input.extend_from_slice(good.as_bytes());
    let mut child = iamsim()
        .args(["eval", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["line"], i + 1);
    }
    assert_eq!(lines[0]["decision"], "Allow");
    assert_eq!(lines[1]["errors"][0]["code"], "empty-line");
    assert_eq!(lines[2]["errors"][0]["code"], "invalid-utf8");
    assert_eq!(lines[2]["errors"][0]["location"]["column"], 11);
    assert_eq!(lines[3]["requests"].as_array().unwrap().len(), 2);
    assert_eq!(lines[3]["requests"][1]["decision"], "Allow");
    assert_eq!(lines[4]["errors"][0]["code"], "empty-line");
    assert_eq!(lines[5]["decision"], "Allow");
}

/// The issue's terminal injection: escape sequences in a Sid, a policy name and an ARN reached the terminal even
/// with --no-color, and a crafted explicit deny could be shown as "literal ALLOW". Every control character in the
/// text output is now a visible escape.
#[test]
fn text_output_escapes_control_characters() {
    let sid = "x\u{1b}[1A\u{1b}[2K  literal   ALLOW\u{7}";
    let text = serde_json::json!({
        "policies": {"identity": [{"name": "P\u{1b}]0;owned\u{7}", "document": {"Version": "2012-10-17", "Statement": [
            {"Sid": sid, "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]}}]},
        "request": {"principal": "arn:aws:iam::111122223333:user/a\u{1b}[31m", "action": "s3:GetObject",
                    "resource": "arn:aws:s3:::b/\u{9b}k\u{202e}"}
    })
    .to_string();
    let file = scenario_file("inject", text.as_bytes());
    let out = iamsim()
        .arg("eval")
        .arg(&file)
        .arg("--no-color")
        .output()
        .unwrap();
    for stream in [&out.stdout, &out.stderr] {
        let shown = String::from_utf8_lossy(stream);
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{shown:?}"
        );
        assert!(!shown.contains('\u{202e}'));
    }
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("EXPLICIT DENY"));
    assert!(shown.contains("\\x1b[2K  literal   ALLOW\\x07"), "{shown}");
}

#[test]
fn the_real_api_trace_prints_call_parameters_and_dependent_decisions() {
    // IAM User Guide, Using an IAM role to grant permissions to applications running on Amazon EC2 instances: to
    // launch an instance with a role the user must be allowed to pass the role (iam:PassRole) as well as to launch
    // the instance; the policy allows RunInstances only, so the real call fails on iam:PassRole.
    let dir = std::env::temp_dir().join(format!("iamsim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("passrole.json");
    std::fs::write(
        &file,
        r#"{"policies":{"identity":[{"name":"Run","document":{"Version":"2012-10-17","Statement":[
             {"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*"}]}}]},
           "request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"ec2:RunInstances",
                      "resource":"arn:aws:ec2:us-east-1:111122223333:instance/*"},
           "realApi":{"call":{"instanceProfile":"arn:aws:iam::111122223333:instance-profile/web",
                              "role":"arn:aws:iam::111122223333:role/web"}}}"#,
    )
    .unwrap();
    let out = iamsim()
        .args(["eval", file.to_str().unwrap(), "--no-color"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("call      instanceProfile = arn:aws:iam::111122223333:instance-profile/web"),
        "{text}"
    );
    assert!(
        text.contains(
            "needs     iam:PassRole on `arn:aws:iam::111122223333:role/web`: IMPLICIT DENY"
        ),
        "{text}"
    );
    assert!(text.contains("real API  IMPLICIT DENY"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_shipped_example_is_a_complete_scenario() {
    // The examples are scenario files people copy: each must evaluate completely (exit 0), which also means it
    // does not carry both `request` and `requests`.
    let root = format!("{}/../..", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["examples", "web/examples"] {
        for e in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                files.push(p);
            }
        }
    }
    assert!(files.len() >= 8, "{files:?}");
    for f in files {
        let out = iamsim()
            .args(["eval", f.to_str().unwrap(), "--no-color"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            f.display(),
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// `iamsim compare` in CI: the verdict is the first line and the exit code (0 no new access, 1 new access,
/// 3 unknown, 2 usage). Widening `logs/app/*` to `logs/*` is new access (IAM User Guide, Resource element: the
/// wider pattern matches ARNs the narrower does not); the reverse is not. A policy with `${aws:username}` against
/// itself grants nothing new (IAM User Guide, IAM policy elements: Variables and tags: the variable is replaced by
/// the request's value, the same for both); one with `${*}` beside a variable is outside what the search fills in,
/// so unknown.
#[test]
fn compare_exit_codes_and_verdict_line() {
    let dir = std::env::temp_dir().join(format!("iamsim-compare-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let doc = |r: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"{r}"}}]}}"#
        )
    };
    let (narrow, wide, var, escaped) = (
        dir.join("narrow.json"),
        dir.join("wide.json"),
        dir.join("var.json"),
        dir.join("escaped.json"),
    );
    std::fs::write(&narrow, doc("arn:aws:s3:::logs/app/*")).unwrap();
    std::fs::write(&wide, doc("arn:aws:s3:::logs/*")).unwrap();
    std::fs::write(&var, doc("arn:aws:s3:::logs/${aws:username}/*")).unwrap();
    std::fs::write(&escaped, doc("arn:aws:s3:::logs/${aws:username}${*}/*")).unwrap();
    let run = |args: &[&std::path::Path], extra: &[&str]| {
        let mut c = iamsim();
        c.arg("compare").args(args).args(extra);
        let out = c.output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
        )
    };
    let (code, out) = run(&[&narrow, &wide], &["--type", "identity"]);
    assert_eq!(code, Some(1));
    assert!(
        out.starts_with("new access: s3:GetObject on arn:aws:s3:::logs/"),
        "{out}"
    );
    let (code, out) = run(&[&wide, &narrow], &[]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("no new access\n"), "{out}");
    let (code, out) = run(&[&var, &var], &[]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("no new access\n"), "{out}");
    let (code, out) = run(&[&escaped, &escaped], &[]);
    assert_eq!(code, Some(3));
    assert!(out.starts_with("unknown: "), "{out}");
    let (code, out) = run(&[&narrow, &wide], &["--json"]);
    assert_eq!(code, Some(1));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["verdict"], "newAccess");
    let (code, _) = run(&[&narrow, &wide], &["--type", "bucket"]);
    assert_eq!(code, Some(2));
    let (code, _) = run(&[&wide], &["--not-granted", "s3:PutObject"]);
    assert_eq!(code, Some(0));
    let (code, _) = run(&[&wide], &["--not-granted", "s3:GetObject"]);
    assert_eq!(code, Some(1));
}
