//! Criterion benchmarks: a realistic request against 10 policies / 50 statements with conditions, with the
//! policies already parsed (target ≤ 2 µs) and including reading the whole scenario (target ≤ 20 µs).

use criterion::{criterion_group, criterion_main, Criterion};
use iam_engine::{answer_scenario, evaluate, parse_scenario, Options};
use std::hint::black_box;

/// Ten identity-style policies of five statements each, mixing wildcards, conditions and variables.
pub fn scenario_text() -> String {
    let mut policies = Vec::new();
    for p in 0..10 {
        let mut statements = Vec::new();
        for s in 0..5 {
            let n = p * 5 + s;
            statements.push(serde_json::json!({
                "Sid": format!("S{n}"),
                "Effect": if n % 7 == 6 { "Deny" } else { "Allow" },
                "Action": [format!("s3:Get{n}*"), "s3:List*", format!("ec2:Describe{n}*")],
                "Resource": [format!("arn:aws:s3:::bucket-{n}/home/${{aws:username}}/*"), "arn:aws:s3:::shared-*/*"],
                "Condition": {
                    "StringEquals": {"aws:PrincipalTag/team": ["blue", "green"]},
                    "IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]},
                    "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"},
                    "BoolIfExists": {"aws:SecureTransport": "true"}
                }
            }));
        }
        let kind = if p == 9 {
            "permissionsBoundary"
        } else {
            "identity"
        };
        policies.push((kind, serde_json::json!({"name": format!("P{p}"), "document": {"Version": "2012-10-17", "Statement": statements}})));
    }
    let identity: Vec<serde_json::Value> = policies
        .iter()
        .filter(|(k, _)| *k == "identity")
        .map(|(_, v)| v.clone())
        .collect();
    let boundary = policies
        .iter()
        .find(|(k, _)| *k == "permissionsBoundary")
        .map(|(_, v)| v.clone());
    serde_json::json!({
        "policies": {"identity": identity, "permissionsBoundary": boundary},
        "request": {
            "principal": {"arn": "arn:aws:iam::111122223333:user/alice", "tags": {"team": "blue"}},
            "action": "s3:GetObject",
            "resource": "arn:aws:s3:::shared-data/report.csv",
            "context": {"aws:SourceIp": "203.0.113.7", "aws:CurrentTime": "2026-11-23T12:00:00Z", "aws:SecureTransport": true}
        }
    })
    .to_string()
}

fn benches(c: &mut Criterion) {
    let text = scenario_text();
    let scenario = parse_scenario(&text);
    let Some(request) = scenario.request.clone() else {
        eprintln!(
            "benchmark scenario has no request: {:?}",
            scenario.diagnostics
        );
        return;
    };
    c.bench_function("evaluate/parsed/decision-only", |b| {
        b.iter(|| {
            evaluate(
                black_box(&scenario.policies),
                black_box(&request),
                Options::Reason,
            )
        })
    });
    c.bench_function("evaluate/parsed/with-trace", |b| {
        b.iter(|| {
            evaluate(
                black_box(&scenario.policies),
                black_box(&request),
                Options::Full,
            )
        })
    });
    let small = include_str!("../../../examples/describe-volumes.json");
    c.bench_function("evaluate/scenario-json/describe-volumes-example", |b| {
        b.iter(|| answer_scenario(&parse_scenario(black_box(small)), Options::Full))
    });
    c.bench_function("evaluate/scenario-json/decision-only", |b| {
        b.iter(|| answer_scenario(&parse_scenario(black_box(&text)), Options::Reason))
    });
}

/// Reading JSON alone (`iam_engine::json::parse`, spans kept): the 21 KB scenario above and a typical
/// 1.8 KB one from the generated workload (`bench/out/workload.jsonl`, line 32, the median size).
fn parse_benches(c: &mut Criterion) {
    let text = scenario_text();
    c.bench_function("parse/scenario-21k", |b| {
        b.iter(|| iam_engine::json::parse(black_box(&text)))
    });
    let sample = include_str!("workload-sample.json");
    c.bench_function("parse/workload-sample-1.8k", |b| {
        b.iter(|| iam_engine::json::parse(black_box(sample)))
    });
}

criterion_group!(engine, benches, parse_benches);
criterion_main!(engine);
