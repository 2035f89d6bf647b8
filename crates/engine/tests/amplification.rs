//! Policy-variable amplification (the crash: 2,000 references to `${aws:PrincipalTag/x}` with a 200 KB tag
//! value took 4.3 GB natively and trapped in wasm). Substitution must not copy the value once per reference: this
//! test binary holds one test so that the process's peak memory (Linux `VmHWM`) is this scenario's alone.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

/// Peak resident memory of this process so far, in KiB (Linux).
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn scenario(statements: serde_json::Value, tag: &str) -> String {
    serde_json::json!({
        "policies": {"identity": [{"name": "P", "document": {"Version": "2012-10-17", "Statement": statements}}]},
        "request": {"principal": {"arn": "arn:aws:iam::111122223333:user/alice", "tags": {"x": tag}},
                    "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}
    })
    .to_string()
}

#[test]
fn two_thousand_references_to_a_200_kb_tag_stay_small() {
    let tag = "v".repeat(200_000);
    let one = "${aws:PrincipalTag/x}";
    let before = peak_kib();

    // 1. One StringLike value of 2,000 references: 400 MB once substituted (3.2 GB as tokens before). IAM User
    // Guide, condition operators: StringLike matches the whole value, so a value 2,000 times as long as the tag
    // cannot match it and the Allow does not apply.
    let text = scenario(
        serde_json::json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
            "Condition": {"StringLike": {"aws:PrincipalTag/x": one.repeat(2_000)}}}]),
        &tag,
    );
    let a = iam_engine::evaluate_scenario_json(&text);
    assert_eq!(
        a.decision,
        iam_engine::Decision::ImplicitDeny,
        "{}",
        a.reason
    );
    let out = serde_json::to_string(&a).unwrap();
    assert!(out.len() < 2_000_000, "answer is {} bytes", out.len());

    // 2. 2,000 StringEquals values of one reference each: every one equals the tag, so the Allow applies; the
    // trace shows each value shortened instead of 2,000 copies of 200 KB (800 MB of output before).
    let values: Vec<&str> = vec![one; 2_000];
    let text = scenario(
        serde_json::json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalTag/x": values}}}]),
        &tag,
    );
    let a = iam_engine::evaluate_scenario_json(&text);
    assert_eq!(a.decision, iam_engine::Decision::Allow, "{}", a.reason);
    let out = serde_json::to_string(&a).unwrap();
    assert!(out.len() < 4_000_000, "answer is {} bytes", out.len());

    // 3. A Resource of 2,000 references: the substituted ARN has to be built to be matched, so it is refused past
    // the limit with a located error, and the answer is incomplete (the statement is treated as matching nothing).
    let text = scenario(
        serde_json::json!([{"Effect": "Deny", "Action": "s3:GetObject",
            "Resource": format!("arn:aws:s3:::b/{}", one.repeat(2_000))},
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]),
        &tag,
    );
    let a = iam_engine::evaluate_scenario_json(&text);
    let e = a
        .errors
        .iter()
        .find(|e| e.code == "substitution-too-long")
        .unwrap_or_else(|| panic!("{:?}", a.errors));
    assert!(e.location.is_some());
    assert!(e.message.contains("identity/P#0"), "{}", e.message);
    assert!(a.incomplete);
    let out = serde_json::to_string(&a).unwrap();
    assert!(out.len() < 2_000_000, "answer is {} bytes", out.len());

    let grown = peak_kib().saturating_sub(before);
    assert!(grown < 200 * 1024, "peak memory grew by {grown} KiB");
}
