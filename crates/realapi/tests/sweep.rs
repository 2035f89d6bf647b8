//! The real-API analysis handles every kind of action in the reference without panicking, and its answers are
//! consistent: with one allow-everything statement and nothing else, the real API allows every action (IAM User
//! Guide, policy evaluation logic: an explicit allow and no deny gives Allow; `*` matches every action and resource).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[test]
fn a_sample_of_every_service_is_allowed_by_star() {
    let mut checked = 0;
    for (i, action) in iam_reference::actions().enumerate() {
        if i % 25 != 0 {
            continue;
        }
        let scenario = serde_json::json!({
            "policies": {"identity": [{"name": "Admin", "document": {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]},
            "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": action.full_name(),
                        "resource": "*", "context": {"aws:SourceIp": "203.0.113.7"}}
        });
        let full = iam_realapi::evaluate_full(&scenario.to_string(), Some(1_767_225_600.0));
        let real = full.real_api.expect("a request gives a real-API answer");
        assert_eq!(
            real.decision,
            iam_engine::Decision::Allow,
            "{}",
            action.full_name()
        );
        checked += 1;
    }
    assert!(checked > 500, "only {checked} actions checked");
}
