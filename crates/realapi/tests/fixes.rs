//! What the suggested fixes name, beyond the statement the invariant test applies.
#![allow(clippy::expect_used, clippy::indexing_slicing)]

use iam_realapi::evaluate_full_many;

/// AWS KMS Developer Guide, Allowing users in other accounts to use a KMS key: "To give permission to use a KMS
/// key to users and roles in another account, you must use two different types of policies: the key policy for
/// the KMS key must give the external account ... permission to use the KMS key ... [and] IAM policies in the
/// external account must delegate the key policy permissions to its users and roles." AWS Secrets Manager User
/// Guide, Access AWS Secrets Manager secrets from a different account: the secret must be encrypted with a
/// customer managed key whose key policy allows the other account. The scenario's resource-based policy is the
/// secret's; the key's policy is not given, so the fix for the denied kms:Decrypt must not go into the secret's
/// policy: it names the key policy in words, with no statement to paste into a policy of the scenario.
#[test]
fn a_denied_dependent_on_another_accounts_key_points_at_the_key_policy_not_the_secrets() {
    let scenario = r#"{
      "policies": {
        "identity": [{"name": "Reader", "document": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
           "Resource": "arn:aws:secretsmanager:us-east-1:444455556666:secret:shared-db-AbCdEf"},
          {"Effect": "Allow", "Action": "kms:Decrypt",
           "Resource": "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"}]}}],
        "resource": {"name": "SecretPolicy", "document": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
           "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}}
      },
      "request": {"principal": "arn:aws:sts::111122223333:assumed-role/App/s1",
                  "action": "secretsmanager:GetSecretValue",
                  "resource": "arn:aws:secretsmanager:us-east-1:444455556666:secret:shared-db-AbCdEf"},
      "realApi": {"call": {"kmsKey": "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}
    }"#;
    let answers = evaluate_full_many(scenario, Some(1_767_225_600.0));
    let real = answers[0].real_api.as_ref().expect("a real-API answer");
    let fix = real
        .divergences
        .iter()
        .find(|d| d.kind.as_str() == "dependent-action")
        .and_then(|d| d.fix.as_ref())
        .expect("a fix for the denied kms:Decrypt");
    assert!(
        fix.policy.is_none(),
        "the fix names a policy of the scenario: {fix:?}"
    );
    assert!(
        fix.statement.is_none(),
        "the fix has a statement to paste into the scenario: {fix:?}"
    );
    assert!(
        fix.text.contains("key policy") && fix.text.contains("not in this scenario"),
        "{}",
        fix.text
    );
}
