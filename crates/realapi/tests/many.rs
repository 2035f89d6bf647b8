//! Many requests against one set of policies give the same answers as one scenario per request.
//! Expectations from the DescribeVolumes surprise: DescribeVolumes scoped to volume ARNs is allowed literally and refused by the real
//! API; with Resource `*` both allow.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use iam_engine::Decision;

#[test]
fn requests_array_is_answered_in_order_with_its_own_errors() {
    let text = r#"{"policies":{"identity":[{"name":"VolumesOnly","document":{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"ec2:DescribeVolumes","Resource":"arn:aws:ec2:us-east-1:111122223333:volume/*"}]}}]},
      "requests":[
        {"principal":"arn:aws:iam::111122223333:user/alice","action":"ec2:DescribeVolumes",
         "resource":"arn:aws:ec2:us-east-1:111122223333:volume/vol-1"},
        {"principal":"arn:aws:iam::111122223333:user/alice","action":"no-colon"},
        {"principal":"arn:aws:iam::111122223333:user/alice","action":"ec2:DescribeVolumes","resource":"*"}
      ]}"#;
    let answers = iam_realapi::evaluate_full_many(text, Some(1_767_225_600.0));
    assert_eq!(answers.len(), 3);
    assert_eq!(answers[0].literal.decision, Decision::Allow);
    assert_eq!(
        answers[0].real_api.as_ref().unwrap().decision,
        Decision::ImplicitDeny
    );
    assert!(answers[0].literal.errors.is_empty());
    assert_eq!(answers[1].literal.errors[0].code, "invalid-action");
    assert!(answers[1].real_api.is_none());
    // Resource `*` is not matched by a volume ARN pattern (IAM User Guide, Resource element).
    assert_eq!(answers[2].literal.decision, Decision::ImplicitDeny);
    assert!(answers[2].literal.errors.is_empty());
}

#[test]
fn a_single_request_scenario_gives_one_answer() {
    let text = include_str!("../../../examples/describe-volumes.json");
    let many = iam_realapi::evaluate_full_many(text, Some(1_767_225_600.0));
    let one = iam_realapi::evaluate_full(text, Some(1_767_225_600.0));
    assert_eq!(many.len(), 1);
    assert_eq!(many[0].literal.decision, one.literal.decision);
    assert_eq!(
        many[0].real_api.as_ref().unwrap().decision,
        one.real_api.as_ref().unwrap().decision
    );
}
