//! The reason texts people read: grammatical, and never a list with nothing in it.

use iam_engine::evaluate_scenario_json;

#[test]
fn the_root_users_implicit_allow_says_so() {
    // IAM User Guide, AWS account root user: the root user has full access to all resources in the account;
    // no statement allows it, so the reason must not read "Allowed by , …".
    let a = evaluate_scenario_json(
        r#"{"policies":{"identity":[]},"request":{"principal":"arn:aws:iam::111122223333:root","action":"s3:ListBucket","resource":"arn:aws:s3:::b"}}"#,
    );
    assert_eq!(a.decision.as_str(), "Allow", "{}", a.reason);
    assert!(!a.reason.contains("by ,"), "{}", a.reason);
    assert!(a.reason.contains("root user"), "{}", a.reason);
}

#[test]
fn an_explicit_deny_names_the_policy_type_with_its_article() {
    let a = evaluate_scenario_json(
        r#"{"policies":{"identity":[{"name":"D","document":{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}}]},
            "request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:ListBucket","resource":"arn:aws:s3:::b"}}"#,
    );
    assert!(
        a.reason.contains("in an identity-based policy"),
        "{}",
        a.reason
    );
}
