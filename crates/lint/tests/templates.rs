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

// ---------------------------------------------------------------------------------------------------------------
// Every resource type that keeps a policy: one policy each in `resources.json` (CloudFormation) and
// `resources_plan.json` (Terraform plan). The property names are those of the AWS CloudFormation User Guide's
// resource reference and of the Terraform AWS provider's resource documentation (cited at each test). The
// findings are the ones the lint cases settle: iam:PassRole on `*` in an identity policy
// (`tests/cases/lint-passrole.json`), `Principal: "*"` in a resource-based policy and `{"AWS": "*"}` in a trust
// policy (`tests/cases/lint-principals.json`, IAM User Guide, "AWS JSON policy elements: Principal": "We
// strongly recommend that you do not use a wildcard (*) in the Principal element of a resource-based policy with
// an Allow effect unless you intend to grant public or anonymous access."). Lines and columns are read off the
// fixtures.
// ---------------------------------------------------------------------------------------------------------------

/// The policy named `name` among those linted.
fn named<'a>(linted: &'a [iam_lint::extract::Linted], name: &str) -> &'a iam_lint::extract::Linted {
    let found = linted.iter().find(|l| l.name == name);
    assert!(
        found.is_some(),
        "no policy {name}: {:?}",
        linted.iter().map(|l| &l.name).collect::<Vec<_>>()
    );
    found.unwrap()
}

fn own(code: &str, at: &str) -> (String, String) {
    (code.to_string(), at.to_string())
}

fn cloudformation_resources() -> Vec<iam_lint::extract::Linted> {
    let (format, linted) = lint_document(&read("resources.json"), None);
    assert_eq!(format, Format::CloudFormation);
    linted
}

/// AWS::IAM::Policy: `PolicyDocument` is the policy, attached inline to the `Roles`, `Users` or `Groups` it
/// names (CloudFormation User Guide, AWS::IAM::Policy, properties PolicyDocument, PolicyName, Roles). An
/// identity-based policy. The PassRole action is on line 12, column 43 of the fixture.
#[test]
fn cloudformation_iam_policy() {
    let linted = cloudformation_resources();
    let p = named(&linted, "DeployPolicy/PolicyDocument");
    assert_eq!(p.policy_type, PolicyType::Identity);
    assert_eq!(
        codes(&p.findings),
        [own("PASS_ROLE_WITH_STAR_IN_RESOURCE", "12:43")]
    );
}

/// AWS::IAM::ManagedPolicy: `PolicyDocument` (CloudFormation User Guide, AWS::IAM::ManagedPolicy). A customer
/// managed policy is identity-based. PassRole on line 23, column 43.
#[test]
fn cloudformation_iam_managed_policy() {
    let linted = cloudformation_resources();
    let p = named(&linted, "DeployManagedPolicy/PolicyDocument");
    assert_eq!(p.policy_type, PolicyType::Identity);
    assert_eq!(
        codes(&p.findings),
        [own("PASS_ROLE_WITH_STAR_IN_RESOURCE", "23:43")]
    );
}

/// AWS::IAM::Role: `AssumeRolePolicyDocument` is "the trust policy that is associated with this role", and
/// `Policies` a list of inline policies, each a `PolicyName` and a `PolicyDocument` (CloudFormation User Guide,
/// AWS::IAM::Role and AWS::IAM::Role Policy). `{"AWS": "*"}` is on line 34, column 54; the inline policy's
/// PassRole on line 43, column 47.
#[test]
fn cloudformation_iam_role_trust_and_inline_policies() {
    let linted = cloudformation_resources();
    let trust = named(&linted, "CiRole/AssumeRolePolicyDocument");
    assert_eq!(trust.policy_type, PolicyType::Trust);
    assert_eq!(
        codes(&trust.findings),
        [own("TRUST_POLICY_ANY_ACCOUNT", "34:54")]
    );
    let inline = named(&linted, "CiRole/Policies/Deploy");
    assert_eq!(inline.policy_type, PolicyType::Identity);
    assert_eq!(
        codes(&inline.findings),
        [own("PASS_ROLE_WITH_STAR_IN_RESOURCE", "43:47")]
    );
}

/// AWS::IAM::User and AWS::IAM::Group: `Policies`, the same list of `PolicyName` and `PolicyDocument` as a
/// role's (CloudFormation User Guide, AWS::IAM::User and AWS::IAM::Group). PassRole on lines 59 and 75,
/// column 47.
#[test]
fn cloudformation_iam_user_and_group_inline_policies() {
    let linted = cloudformation_resources();
    let user = named(&linted, "Operator/Policies/Operate");
    assert_eq!(user.policy_type, PolicyType::Identity);
    assert_eq!(
        codes(&user.findings),
        [own("PASS_ROLE_WITH_STAR_IN_RESOURCE", "59:47")]
    );
    let group = named(&linted, "Operators/Policies/Operate");
    assert_eq!(group.policy_type, PolicyType::Identity);
    assert_eq!(
        codes(&group.findings),
        [own("PASS_ROLE_WITH_STAR_IN_RESOURCE", "75:47")]
    );
}

/// AWS::S3::BucketPolicy (`Bucket`, `PolicyDocument`), AWS::SQS::QueuePolicy (`Queues`, `PolicyDocument`) and
/// AWS::SNS::TopicPolicy (`Topics`, `PolicyDocument`): resource-based policies (CloudFormation User Guide, each
/// resource's page). `Principal: "*"` is at column 46 of lines 89, 101 and 113.
#[test]
fn cloudformation_bucket_queue_and_topic_policies() {
    let linted = cloudformation_resources();
    for (name, line) in [
        ("ReportsPolicy/PolicyDocument", 89),
        ("OrdersPolicy/PolicyDocument", 101),
        ("AlertsPolicy/PolicyDocument", 113),
    ] {
        let p = named(&linted, name);
        assert_eq!(p.policy_type, PolicyType::Resource, "{name}");
        assert_eq!(
            codes(&p.findings),
            [own("PUBLIC_ACCESS", &format!("{line}:46"))],
            "{name}"
        );
    }
}

/// AWS::KMS::Key: `KeyPolicy`, "the key policy to attach to the KMS key" (CloudFormation User Guide,
/// AWS::KMS::Key); a key policy is a resource-based policy (AWS KMS Developer Guide, "Key policies in AWS
/// KMS"). `Principal: "*"` on line 124, column 46.
#[test]
fn cloudformation_kms_key_policy() {
    let linted = cloudformation_resources();
    let p = named(&linted, "DataKey/KeyPolicy");
    assert_eq!(p.policy_type, PolicyType::Resource);
    assert_eq!(codes(&p.findings), [own("PUBLIC_ACCESS", "124:46")]);
    // Every policy of the template is found, and nothing else.
    assert_eq!(linted.len(), 10);
}

/// Intrinsic functions in a policy (CloudFormation User Guide, "Intrinsic function reference": `Ref`,
/// `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, and the YAML short forms `!Ref`, `!GetAtt`, `!Sub`): their values are known
/// only when the stack is created, so each becomes a placeholder naming the function (a `Fn::Sub` string keeps
/// its text, its `${…}` read as variables), nothing inside them is checked, and one note counts them at the
/// first (line 27, column 32: the argument of `!Ref`).
#[test]
fn cloudformation_intrinsic_functions_become_named_placeholders() {
    let text = read("intrinsics.yaml");
    let (format, linted) = lint_document(&text, None);
    assert_eq!(format, Format::CloudFormation);
    let app = named(&linted, "AppRole/Policies/App");
    assert_eq!(app.policy_type, PolicyType::Identity);
    assert_eq!(
        codes(&app.findings),
        [own("UNRESOLVED_TEMPLATE_VALUE", "27:32")]
    );
    assert!(
        app.findings[0]
            .message
            .starts_with("4 values of this policy"),
        "{}",
        app.findings[0].message
    );
    assert!(named(&linted, "AppRole/AssumeRolePolicyDocument")
        .findings
        .is_empty());

    let (_, found) = iam_lint::extract::template_policies(&text).unwrap();
    let app = found
        .iter()
        .find(|p| p.name == "AppRole/Policies/App")
        .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&app.text).unwrap();
    let resource = |i: usize| {
        doc["Statement"][i]["Resource"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // !Ref TopicArn
    assert_eq!(resource(0), "{{Ref TopicArn}}");
    // !GetAtt Queue.Arn
    assert_eq!(resource(1), "{{Fn::GetAtt}}");
    // !Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"
    assert_eq!(resource(2), "arn:${AWS::Partition}:s3:::${Bucket}/*");
    // {"Fn::Join": [...]}, with a !Ref inside it
    assert_eq!(resource(3), "{{Fn::Join}}");
}

fn terraform_resources() -> Vec<iam_lint::extract::Linted> {
    let (format, linted) = lint_document(&read("resources_plan.json"), None);
    assert_eq!(format, Format::TerraformPlan);
    linted
}

/// A policy given as a JSON string (the Terraform provider documents each `policy` argument as a policy document
/// given as a JSON formatted string): the finding is placed at the string's opening quote, and its message says where
/// inside the policy text it is. The fixture's strings are `jsonencode`-compact: PassRole is at column 65 of the
/// policy text, `"Principal":"*"`'s value at column 68, a trust policy's `{"AWS":"*"}` value at column 75.
fn in_string(p: &iam_lint::extract::Linted, code: &str, at: &str, inner_column: usize) {
    assert_eq!(codes(&p.findings), [own(code, at)], "{}", p.name);
    let message = &p.findings[0].message;
    assert!(
        message.starts_with(&format!(
            "at line 1, column {inner_column} of the policy text"
        )),
        "{}: {message}",
        p.name
    );
}

/// aws_iam_policy (`policy`), aws_iam_role_policy (`role`, `policy`), aws_iam_user_policy (`user`, `policy`) and
/// aws_iam_group_policy (`group`, `policy`): identity-based policies (Terraform AWS provider, each resource's
/// documentation). The `policy` strings are on lines 8, 10, 16 and 18, their opening quote at column 21.
#[test]
fn terraform_identity_policies() {
    let linted = terraform_resources();
    for (name, line) in [
        ("aws_iam_policy.deploy.policy", 8),
        ("aws_iam_role_policy.deploy.policy", 10),
        ("aws_iam_user_policy.operate.policy", 16),
        ("aws_iam_group_policy.operate.policy", 18),
    ] {
        let p = named(&linted, name);
        assert_eq!(p.policy_type, PolicyType::Identity, "{name}");
        in_string(
            p,
            "PASS_ROLE_WITH_STAR_IN_RESOURCE",
            &format!("{line}:21"),
            65,
        );
    }
}

/// aws_iam_role: `assume_role_policy`, "policy that grants an entity permission to assume the role", and
/// `inline_policy`, configuration blocks of `name` and `policy` (Terraform AWS provider, aws_iam_role); in a
/// plan's values the blocks are a list of objects with those arguments. The trust policy string is on line 12, column 33; the inline one on line 14,
/// column 23.
#[test]
fn terraform_role_trust_and_inline_policies() {
    let linted = terraform_resources();
    let trust = named(&linted, "aws_iam_role.ci.assume_role_policy");
    assert_eq!(trust.policy_type, PolicyType::Trust);
    in_string(trust, "TRUST_POLICY_ANY_ACCOUNT", "12:33", 75);
    let inline = named(&linted, "aws_iam_role.ci.inline_policy/deploy");
    assert_eq!(inline.policy_type, PolicyType::Identity);
    in_string(inline, "PASS_ROLE_WITH_STAR_IN_RESOURCE", "14:23", 65);
}

/// aws_s3_bucket_policy (`bucket`, `policy`), aws_sqs_queue_policy (`queue_url`, `policy`), aws_sns_topic_policy
/// (`arn`, `policy`) and aws_kms_key (`policy`, "a valid policy JSON document"): resource-based policies
/// (Terraform AWS provider, each resource's documentation; a key policy is a resource-based policy, AWS KMS
/// Developer Guide). The strings are on lines 20, 22, 24 and 26, column 21.
#[test]
fn terraform_resource_policies() {
    let linted = terraform_resources();
    for (name, line) in [
        ("aws_s3_bucket_policy.reports.policy", 20),
        ("aws_sqs_queue_policy.orders.policy", 22),
        ("aws_sns_topic_policy.alerts.policy", 24),
        ("aws_kms_key.data.policy", 26),
    ] {
        let p = named(&linted, name);
        assert_eq!(p.policy_type, PolicyType::Resource, "{name}");
        in_string(p, "PUBLIC_ACCESS", &format!("{line}:21"), 68);
    }
}

/// A value Terraform knows only after apply: in `planned_values`, "any unknown values are omitted or set to
/// null" (Terraform, "JSON Output Format", values representation). The child module's queue policy is null: it
/// is reported as unresolved at its resource (line 30, column 11), never linted as a policy, and left out of
/// the editor's policies. Resources of child modules are read too (`child_modules`, same page).
#[test]
fn terraform_unknown_values_are_unresolved() {
    let linted = terraform_resources();
    let p = named(&linted, "module.queue.aws_sqs_queue_policy.jobs.policy");
    assert_eq!(p.policy_type, PolicyType::Resource);
    assert_eq!(
        codes(&p.findings),
        [own("UNRESOLVED_TEMPLATE_VALUE", "30:11")]
    );
    assert!(p.findings[0].message.contains("after apply"));
    assert_eq!(linted.len(), 11);

    let (_, found) = iam_lint::extract::template_policies(&read("resources_plan.json")).unwrap();
    assert_eq!(found.len(), 10);
    assert!(found.iter().all(|f| !f.name.starts_with("module.queue")));
}
