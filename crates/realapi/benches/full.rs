//! Criterion benchmarks: the full answer (literal + real API) for the DescribeVolumes scenario, the app's
//! re-evaluation after a keystroke, and a sweep of every action of the reference (target: under 50 ms in wasm).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

const SCENARIO: &str = include_str!("../../../examples/describe-volumes.json");

fn benches(c: &mut Criterion) {
    c.bench_function("full-answer/describe-volumes", |b| {
        b.iter(|| iam_realapi::evaluate_full(black_box(SCENARIO), Some(1_767_225_600.0)))
    });
    let emr = r#"{"policies":{"identity":[{"name":"T","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"elasticmapreduce:*","Resource":"*","Condition":{"StringEquals":{"elasticmapreduce:ResourceTag/team":"blue"}}}]}}]},"request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"elasticmapreduce:ModifyInstanceGroups","resource":"arn:aws:elasticmapreduce:us-east-1:111122223333:cluster/j-1","context":{"elasticmapreduce:ResourceTag/team":"blue","aws:SourceIp":"203.0.113.7"}}}"#;
    c.bench_function("full-answer/emr-optional-cluster", |b| {
        b.iter(|| iam_realapi::evaluate_full(black_box(emr), Some(1_767_225_600.0)))
    });
}

/// The app's re-evaluation after a keystroke: 10 policies, 20 requests (5 actions x 4 resources), each answered
/// literally and for the real API (budget: 50 ms in the browser).
fn app_recompute(c: &mut Criterion) {
    let mut identity = Vec::new();
    for p in 0..10 {
        identity.push(serde_json::json!({"name": format!("P{p}"), "document": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": format!("arn:aws:s3:::bucket-{p}/*"),
             "Condition": {"StringEquals": {"aws:PrincipalTag/team": "blue"}}},
            {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*",
             "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}},
            {"Effect": "Allow", "Action": ["ec2:AttachVolume", "ec2:StartInstances"],
             "Resource": format!("arn:aws:ec2:us-east-1:111122223333:instance/i-{p}*")},
            {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app-*",
             "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}
        ]}}));
    }
    let actions = [
        "s3:GetObject",
        "s3:DeleteObject",
        "ec2:DescribeVolumes",
        "ec2:AttachVolume",
        "iam:PassRole",
    ];
    let resources = [
        "arn:aws:s3:::bucket-3/data.csv",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-3abc",
        "arn:aws:iam::111122223333:role/app-web",
        "*",
    ];
    let scenarios: Vec<String> = actions
        .iter()
        .flat_map(|a| resources.iter().map(move |r| (a, r)))
        .map(|(a, r)| {
            serde_json::json!({"policies": {"identity": identity}, "request": {
                "principal": {"arn": "arn:aws:iam::111122223333:user/alice", "tags": {"team": "blue"}},
                "action": a, "resource": r, "context": {"iam:PassedToService": "ec2.amazonaws.com"}}})
            .to_string()
        })
        .collect();
    let requests: Vec<serde_json::Value> = actions
        .iter()
        .flat_map(|a| resources.iter().map(move |r| (a, r)))
        .map(|(a, r)| {
            serde_json::json!({"principal": {"arn": "arn:aws:iam::111122223333:user/alice", "tags": {"team": "blue"}},
                "action": a, "resource": r, "context": {"iam:PassedToService": "ec2.amazonaws.com"}})
        })
        .collect();
    let many =
        serde_json::json!({"policies": {"identity": identity}, "requests": requests}).to_string();
    c.bench_function("app-recompute/10-policies-x-20-requests/read-once", |b| {
        b.iter(|| {
            black_box(iam_realapi::evaluate_full_many(
                black_box(&many),
                Some(1_767_225_600.0),
            ))
        })
    });
    c.bench_function("app-recompute/10-policies-x-20-requests", |b| {
        b.iter(|| {
            for s in &scenarios {
                black_box(iam_realapi::evaluate_full(
                    black_box(s),
                    Some(1_767_225_600.0),
                ));
            }
        })
    });
}

/// Every action of the reference (22,091) decided for a user with 10 identity policies (50 statements), a
/// boundary and two SCP levels: `bench/sweep.mjs`'s principal, as `sweepActions` receives it.
fn sweep(c: &mut Criterion) {
    const PRINCIPAL: &str = include_str!("ten-policy-principal.json");
    c.bench_function("sweep/every-action-10-policies", |b| {
        b.iter(|| iam_realapi::sweep_actions(black_box(PRINCIPAL)))
    });
}

criterion_group!(realapi, benches, app_recompute, sweep);
criterion_main!(realapi);
