//! Policies found in CloudFormation templates and Terraform plans: each linted as its kind (a role's trust policy
//! as a trust policy, its inline policies as a role's), findings at the template's lines, and intrinsic functions
//! or values known only after apply reported as unresolved instead of as errors. The findings themselves are the
//! ones the lint cases settle (`tests/cases`): iam:PassRole on `*`, `Principal: "*"` in a bucket policy, and
//! `aws:username` in a role's policy.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use iam_lint::extract::{lint_document, Format};
use iam_lint::PolicyType;

fn read(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/templates/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn codes(findings: &[iam_lint::Finding]) -> Vec<(String, String)> {
    findings.iter().map(|f| (f.code.clone(), f.at())).collect()
}

#[test]
fn cloudformation_policies_keep_their_kinds_and_lines() {
    let text = read("stack.json");
    let (format, linted) = lint_document(&text, None);
    assert_eq!(format, Format::CloudFormation);
    let names: Vec<(&str, PolicyType)> = linted
        .iter()
        .map(|l| (l.name.as_str(), l.policy_type))
        .collect();
    assert_eq!(
        names,
        [
            ("BucketPolicy/PolicyDocument", PolicyType::Resource),
            ("DeployRole/AssumeRolePolicyDocument", PolicyType::Trust),
            ("DeployRole/Policies/Deploy", PolicyType::Identity),
        ]
    );
    let own = |code: &str, at: &str| (code.to_string(), at.to_string());
    // The bucket policy: public, and its Fn::Sub resource left unchecked rather than called an invalid ARN.
    assert_eq!(
        codes(&linted[0].findings),
        [
            own("PUBLIC_ACCESS", "12:46"),
            own("UNRESOLVED_TEMPLATE_VALUE", "12:89")
        ]
    );
    assert!(linted[1].findings.is_empty(), "{:?}", linted[1].findings);
    // The role's inline policy: PassRole on *, a GetAtt resource, and aws:username, which a role never has.
    assert_eq!(
        codes(&linted[2].findings),
        [
            own("PASS_ROLE_WITH_STAR_IN_RESOURCE", "30:47"),
            own("UNRESOLVED_TEMPLATE_VALUE", "31:75"),
            own("KEY_ABSENT_FOR_PRINCIPAL", "32:75"),
        ]
    );
}

#[test]
fn terraform_plan_policies_are_read_from_their_strings() {
    let text = read("plan.json");
    let (format, linted) = lint_document(&text, None);
    assert_eq!(format, Format::TerraformPlan);
    assert_eq!(linted.len(), 2);
    assert_eq!(linted[0].name, "aws_iam_policy.deploy.policy");
    assert_eq!(linted[0].policy_type, PolicyType::Identity);
    // The policy is an escaped JSON string: the finding is placed at the string, its message says where inside.
    let f = &linted[0].findings[0];
    assert_eq!(f.code, "PASS_ROLE_WITH_STAR_IN_RESOURCE");
    assert_eq!(f.at(), "8:49");
    assert!(
        f.message
            .starts_with("at line 1, column 65 of the policy text"),
        "{}",
        f.message
    );
    assert!(f.fix.is_none());
    // The role's trust policy is not known before apply.
    assert_eq!(linted[1].name, "aws_iam_role.ci.assume_role_policy");
    assert_eq!(linted[1].policy_type, PolicyType::Trust);
    assert_eq!(
        codes(&linted[1].findings),
        [("UNRESOLVED_TEMPLATE_VALUE".to_string(), "9:9".to_string())]
    );
}

#[test]
fn anything_else_is_a_policy_and_never_panics() {
    for text in [
        "",
        "{",
        "[]",
        "{\"Resources\": 3}",
        "{\"planned_values\": {\"root_module\": 1}}",
        "\u{0}",
    ] {
        let (_, linted) = lint_document(text, Some(PolicyType::Resource));
        assert!(linted.len() <= 1, "{text:?}");
    }
}

#[test]
fn cloudformation_yaml_reads_like_json_with_its_short_forms() {
    let text = read("stack.yaml");
    let (format, linted) = lint_document(&text, None);
    assert_eq!(format, Format::CloudFormation);
    let names: Vec<&str> = linted.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "BucketPolicy/PolicyDocument",
            "DeployRole/AssumeRolePolicyDocument",
            "DeployRole/Policies/Deploy"
        ]
    );
    let own = |code: &str, at: &str| (code.to_string(), at.to_string());
    // `!Sub` and `!GetAtt` are the long forms' placeholders; the lines and columns are the YAML's.
    assert_eq!(
        codes(&linted[0].findings),
        [
            own("PUBLIC_ACCESS", "13:24"),
            own("UNRESOLVED_TEMPLATE_VALUE", "15:28")
        ]
    );
    assert!(linted[1].findings.is_empty(), "{:?}", linted[1].findings);
    assert_eq!(
        codes(&linted[2].findings),
        [
            own("PASS_ROLE_WITH_STAR_IN_RESOURCE", "32:25"),
            own("INVALID_ACTION", "35:25"),
            own("UNRESOLVED_TEMPLATE_VALUE", "36:35"),
        ]
    );
    // Fixes are JSON edits: none is offered in YAML.
    assert!(linted
        .iter()
        .flat_map(|l| &l.findings)
        .all(|f| f.fix.is_none()));
}

#[test]
fn yaml_that_is_not_a_template_is_not_read_as_one() {
    let (format, _) = lint_document("apiVersion: v1\nkind: ConfigMap\n", None);
    assert_eq!(format, Format::Unknown);
    let (format, _) = lint_document("a: [1, {b: !Sub x}]\nResources: 3\n", None);
    assert_eq!(format, Format::Unknown);
}

/// The policies of a template as an editor shows them (the app's import): each with its place and kind, a
/// document written in YAML laid out as JSON in the template's order, what the template computes as a named
/// placeholder, and a plan's policy given as a JSON string as written. The kinds are where AWS keeps each policy:
/// a bucket policy is resource-based, a role's AssumeRolePolicyDocument its trust policy (AWS CloudFormation
/// User Guide, AWS::IAM::Role and AWS::S3::BucketPolicy).
#[test]
fn template_policies_are_found_as_editor_text() {
    let (format, found) = iam_lint::extract::template_policies(&read("stack.yaml")).unwrap();
    assert_eq!(format, Format::CloudFormation);
    let kinds: Vec<(&str, PolicyType)> = found
        .iter()
        .map(|p| (p.name.as_str(), p.policy_type))
        .collect();
    assert_eq!(
        kinds,
        [
            ("BucketPolicy/PolicyDocument", PolicyType::Resource),
            ("DeployRole/AssumeRolePolicyDocument", PolicyType::Trust),
            ("DeployRole/Policies/Deploy", PolicyType::Identity),
        ]
    );
    let deploy: serde_json::Value = serde_json::from_str(&found[2].text).unwrap();
    assert_eq!(deploy["Statement"][0]["Action"], "iam:PassRole");
    let computed = deploy["Statement"][1]["Resource"].as_str().unwrap();
    assert!(
        computed.contains("GetAtt"),
        "a named placeholder: {computed}"
    );
    assert!(found[0].text.find("Version") < found[0].text.find("Statement"));

    let (format, found) = iam_lint::extract::template_policies(&read("plan.json")).unwrap();
    assert_eq!(format, Format::TerraformPlan);
    assert_eq!(
        found.len(),
        1,
        "the role's trust policy is not known before apply"
    );
    assert_eq!(found[0].name, "aws_iam_policy.deploy.policy");
    assert!(found[0].text.starts_with("{\"Version\":\"2012-10-17\""));

    // Neither a template nor a plan.
    assert!(iam_lint::extract::template_policies(
        "{\"Version\": \"2012-10-17\", \"Statement\": []}"
    )
    .is_none());
}
