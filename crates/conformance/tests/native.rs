//! Runs every conformance case natively.
#![allow(clippy::expect_used)]

#[test]
fn conformance_cases() {
    let report = iam_conformance::run_all();
    for f in &report.failures {
        eprintln!("FAIL {f}");
    }
    eprintln!(
        "conformance: {} files, {} passed, {} failed",
        report.files,
        report.passed,
        report.failures.len()
    );
    assert!(report.passed > 0, "no conformance case ran");
    assert!(
        report.failures.is_empty(),
        "{} conformance cases failed",
        report.failures.len()
    );
}

/// `ActionSweep` must decide exactly as `evaluate` does: it only skips re-evaluating the Resource, Principal and
/// Condition elements, which do not depend on the action. Checked on every conformance scenario (each cites
/// the documentation behind its own expectation) for its own action and a spread of others, so that SCP/RCP
/// gates (the RCP service list), trust and KMS key policies, NotAction and NotPrincipal all take part.
#[test]
fn action_sweep_decides_as_evaluate() {
    const ACTIONS: [&str; 14] = [
        "s3:GetObject",
        "s3:PutObject",
        "sts:AssumeRole",
        "kms:Decrypt",
        "iam:PassRole",
        "iam:CreateUser",
        "ec2:DescribeVolumes",
        "ec2:RunInstances",
        "sqs:SendMessage",
        "dynamodb:GetItem",
        "organizations:LeaveOrganization",
        "elasticmapreduce:AddTags",
        "logs:PutLogEvents",
        "cloudwatch:PutMetricData",
    ];
    let mut compared = 0;
    for (file, text) in iam_conformance::CASE_FILES {
        let parsed: iam_conformance::CaseFile = serde_json::from_str(text)
            .expect("every case file reads (checked by conformance_cases)");
        for case in &parsed.cases {
            let Ok(json) = serde_json::to_string(&case.scenario) else {
                continue;
            };
            let scenario = iam_engine::parse_scenario(&json);
            let Some(request) = scenario.request.clone() else {
                continue;
            };
            let own = request.action.clone();
            let mut sweep = iam_engine::ActionSweep::new(&scenario.policies, request.clone());
            for action in std::iter::once(own.as_str()).chain(ACTIONS) {
                let mut one = request.clone();
                one.action = action.to_string();
                one.action_lower = action.to_ascii_lowercase();
                let want = iam_engine::evaluate(
                    &scenario.policies,
                    &one,
                    iam_engine::Options::DECISION_ONLY,
                )
                .decision;
                assert_eq!(
                    sweep.decide(action),
                    want,
                    "{file}: `{}` for {action}",
                    case.name
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 1000, "only {compared} decisions compared");
}
