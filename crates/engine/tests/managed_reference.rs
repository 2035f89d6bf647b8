//! A scenario may attach an AWS managed policy by name or ARN; the engine carries no managed policy data (it stays
//! small for the browser), so an unresolved reference is an error with a place, never a silently missing policy.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[test]
fn unresolved_managed_policies_are_errors_with_a_place() {
    for entry in [
        r#"{"managed": "IAMFullAccess"}"#,
        r#""arn:aws:iam::aws:policy/IAMFullAccess""#,
    ] {
        let text = format!(
            r#"{{"policies": {{"identity": [ {entry} ]}}, "request": {{"action": "iam:GetUser"}}}}"#
        );
        let s = iam_engine::parse_scenario(&text);
        let d = s
            .diagnostics
            .iter()
            .find(|d| d.code == "unresolved-managed-policy")
            .expect("an unresolved-managed-policy error");
        assert!(d.is_error());
        assert!(d.message.contains("IAMFullAccess"));
        assert!(d.location.is_some());
        assert!(s.policies.policies().next().is_none());
    }
}
