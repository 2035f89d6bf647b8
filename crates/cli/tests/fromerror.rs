//! From the error to the least-privilege policy, end to end through `iamsim`: the Flintrock least-privilege story
//! (two errors, IAMFullAccess and AmazonEC2FullAccess attached; the IAM part of the minimal policy is
//! iam:GetInstanceProfile + iam:PassRole, verified literally and by the real API; granted vs used shows the
//! reduction) and the DescribeVolumes surprise (the UnauthorizedOperation text and a decoded message for the same
//! call give the DescribeVolumes request and the `Resource: "*"` statement).
//!
//! Sources: the Flintrock blog post "Refining an AWS IAM Policy for Flintrock" ("I pruned the list of required
//! permissions down to the following: GetInstanceProfile and PassRole"); the IAM User Guide, "Granting a user
//! permissions to pass a role to an AWS service" (iam:PassRole with iam:PassedToService); the Service Authorization
//! Reference, Amazon EC2 (ec2:DescribeVolumes and ec2:DescribeVpcs list no resource type: `Resource: "*"`); the
//! DescribeVolumes blog post ("for any EC2 API action that is [not] listed ... the ARN must be \"*\"").
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::Value;
use std::process::Command;

fn iamsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_iamsim"))
}

fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn json_of(args: &[&str]) -> (Value, std::process::ExitStatus) {
    let out = iamsim().args(args).output().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (v, out.status)
}

#[test]
fn flintrock_errors_become_both_requests_beside_the_managed_policies() {
    let (v, status) = json_of(&[
        "from-error",
        &data("flintrock-errors.txt"),
        "--json",
        "--managed",
        "IAMFullAccess",
        "--managed",
        "arn:aws:iam::aws:policy/AmazonEC2FullAccess",
    ]);
    assert!(status.success());
    let calls = v["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0]["request"]["action"], "iam:GetInstanceProfile");
    assert_eq!(
        calls[0]["request"]["resource"],
        "arn:aws:iam::690534650866:instance-profile/EMR_EC2_DefaultRole"
    );
    assert_eq!(calls[1]["request"]["action"], "ec2:DescribeVpcs");
    assert_eq!(calls[1]["request"]["resource"], "*");
    // With both managed policies attached the workspace allows what AWS denied: the comparison says so.
    for c in v["comparison"].as_array().unwrap() {
        assert_eq!(c["literal"], "Allow");
        assert!(
            c["verdict"].as_str().unwrap().starts_with("disagree"),
            "{c}"
        );
    }
    // The scenario it prints is one `iamsim eval` reads.
    let scenario = v["scenario"].to_string();
    let path = std::env::temp_dir().join(format!("fromerror-scenario-{}.json", std::process::id()));
    std::fs::write(&path, scenario).unwrap();
    let eval = iamsim()
        .args(["eval", path.to_str().unwrap(), "--expect", "allow"])
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(
        eval.status.success(),
        "{}",
        String::from_utf8_lossy(&eval.stderr)
    );
}

#[test]
fn flintrock_least_privilege_is_get_instance_profile_and_pass_role_verified() {
    let (v, status) = json_of(&[
        "least-privilege",
        &data("flintrock-errors.txt"),
        &data("flintrock-launch.json"),
        "--json",
        "--managed",
        "IAMFullAccess",
    ]);
    assert!(status.success(), "{v:#}");
    let lp = &v["leastPrivilege"];
    assert_eq!(lp["allAllowed"], true);
    for c in lp["verified"].as_array().unwrap() {
        assert_eq!(c["literal"], "Allow", "{c}");
        assert_eq!(c["real"], "Allow", "{c}");
    }
    let statements = lp["policy"]["Statement"].as_array().unwrap();
    let iam: Vec<&Value> = statements
        .iter()
        .filter(|s| s["Action"].to_string().contains("iam:"))
        .collect();
    let mut iam_actions: Vec<String> = iam
        .iter()
        .flat_map(|s| match &s["Action"] {
            Value::String(a) => vec![a.clone()],
            Value::Array(a) => a.iter().map(|x| x.as_str().unwrap().to_string()).collect(),
            _ => vec![],
        })
        .collect();
    iam_actions.sort();
    assert_eq!(iam_actions, ["iam:GetInstanceProfile", "iam:PassRole"]);
    let get = iam
        .iter()
        .find(|s| s["Action"] == "iam:GetInstanceProfile")
        .unwrap();
    assert_eq!(
        get["Resource"],
        "arn:aws:iam::690534650866:instance-profile/EMR_EC2_DefaultRole"
    );
    let pass = iam.iter().find(|s| s["Action"] == "iam:PassRole").unwrap();
    assert_eq!(
        pass["Resource"],
        "arn:aws:iam::690534650866:role/EMR_EC2_DefaultRole"
    );
    assert_eq!(
        pass["Condition"]["StringEquals"]["iam:PassedToService"],
        "ec2.amazonaws.com"
    );
    let star = statements.iter().find(|s| s["Resource"] == "*").unwrap();
    assert_eq!(star["Action"], "ec2:DescribeVpcs");
    // Granted vs used: IAMFullAccess grants every IAM action; the calls use two of them.
    let g = &v["grantedVsUsed"];
    assert!(g["granted"].as_u64().unwrap() > 100, "{g}");
    let removed: Vec<&str> = g["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(removed.contains(&"iam:CreateUser") && !removed.contains(&"iam:PassRole"));
    assert!(!removed.contains(&"iam:GetInstanceProfile"));
}

#[test]
fn describe_volumes_text_and_decoded_message_give_the_star_statement() {
    for input in [
        "describe-volumes-error.txt",
        "describe-volumes-decoded.json",
    ] {
        let (v, _) = json_of(&[
            "from-error",
            &data(input),
            "--json",
            "--policy",
            &data("volumes-only-policy.json"),
        ]);
        let calls = v["calls"].as_array().unwrap();
        assert_eq!(calls.len(), 1, "{input}");
        assert_eq!(calls[0]["request"]["action"], "ec2:DescribeVolumes");
        assert_eq!(calls[0]["request"]["resource"], "*");
        // The policy scoped to volume ARNs does not allow it, as AWS said.
        assert_ne!(v["comparison"][0]["literal"], "Allow", "{input}");
        // The fix: the statement the real call needs, `Resource: "*"`.
        let fix = &v["comparison"][0]["fix"]["statements"][0];
        assert_eq!(fix["Action"], "ec2:DescribeVolumes", "{input}");
        assert_eq!(fix["Resource"], "*", "{input}");
        let (lp, status) = json_of(&["least-privilege", &data(input), "--json"]);
        assert!(status.success(), "{lp:#}");
        let st = &lp["leastPrivilege"]["policy"]["Statement"];
        assert_eq!(st.as_array().unwrap().len(), 1);
        assert_eq!(st[0]["Action"], "ec2:DescribeVolumes");
        assert_eq!(st[0]["Resource"], "*");
    }
}

#[test]
fn unrecognised_text_is_a_clear_error_and_exit_3() {
    let out = iamsim()
        .args(["from-error", &data("volumes-only-policy.json")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unrecognised-json") || err.contains("neither a CloudTrail record"),
        "{err}"
    );
}
