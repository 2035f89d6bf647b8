//! Criterion benchmarks for inputs built to be slow: each family is measured at doubling sizes, so the report
//! shows whether doubling the input at most doubles the time (linear) or quadruples it (quadratic). Sizes are
//! (value length / pattern length) for the matcher and counts for the rest. Run with
//! `cargo bench -p iam-engine --bench hostile`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use iam_engine::pattern::Pattern;
use std::hint::black_box;
use std::time::Duration;

/// The freeze: `*` + a long literal + `b*` against a long value with no `b` (8 s at 100k/10k before).
fn wildcard_long_literal(c: &mut Criterion) {
    let mut g = c.benchmark_group("pattern/star-literal-b-star");
    g.sample_size(10).measurement_time(Duration::from_secs(2));
    for n in [25_000usize, 50_000, 100_000, 200_000] {
        let p = Pattern::new(&format!("*{}b*", "a".repeat(n / 10)));
        let value = "a".repeat(n);
        g.throughput(Throughput::Bytes(n as u64));
        g.bench_with_input(
            BenchmarkId::from_parameter(format!("{n}/{}", n / 10)),
            &value,
            |b, v| b.iter(|| p.matches(black_box(v))),
        );
    }
    g.finish();
}

/// `StringLike` with many stars between short literals, and a middle segment with `?` (bit-parallel scan).
fn wildcard_question_marks(c: &mut Criterion) {
    let mut g = c.benchmark_group("pattern/star-question-segment");
    g.sample_size(10).measurement_time(Duration::from_secs(2));
    let p = Pattern::new(&format!("*{}b*", "a?".repeat(30)));
    for n in [25_000usize, 50_000, 100_000, 200_000] {
        let value = "a".repeat(n);
        g.throughput(Throughput::Bytes(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &value, |b, v| {
            b.iter(|| p.matches(black_box(v)))
        });
    }
    g.finish();
}

fn scenario(policy: serde_json::Value, context: serde_json::Value) -> String {
    serde_json::json!({
        "policies": {"identity": [{"name": "P", "document": policy}]},
        "request": {"principal": {"arn": "arn:aws:iam::111122223333:user/alice", "tags": {"x": "v"}},
                    "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "context": context}
    })
    .to_string()
}

/// Statements that all share one Sid (the duplicate check was quadratic: 40k Sids took 6 s).
fn duplicate_sids(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse/duplicate-sids");
    g.sample_size(10).measurement_time(Duration::from_secs(2));
    for n in [5_000usize, 10_000, 20_000, 40_000] {
        let statements: Vec<serde_json::Value> = (0..n)
            .map(|i| serde_json::json!({"Sid": format!("S{}", i % 2), "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}))
            .collect();
        let text = scenario(
            serde_json::json!({"Version": "2012-10-17", "Statement": statements}),
            serde_json::json!({}),
        );
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, t| {
            b.iter(|| iam_engine::parse_scenario(black_box(t)))
        });
    }
    g.finish();
}

/// `ForAllValues:StringEquals` with n request values against n policy values (50k × 50k took 32 s).
fn for_all_values(c: &mut Criterion) {
    let mut g = c.benchmark_group("evaluate/for-all-values-string-equals");
    g.sample_size(10).measurement_time(Duration::from_secs(2));
    for n in [5_000usize, 10_000, 20_000, 40_000] {
        let values: Vec<String> = (0..n).map(|i| format!("tag-{i}")).collect();
        let text = scenario(
            serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": values}}}]}),
            serde_json::json!({"aws:TagKeys": values}),
        );
        let s = iam_engine::parse_scenario(&text);
        let Some(request) = s.request.clone() else {
            return;
        };
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &request, |b, r| {
            b.iter(|| iam_engine::evaluate(&s.policies, black_box(r), iam_engine::Options::Reason))
        });
    }
    g.finish();
}

/// The amplification: `refs` references to `${aws:PrincipalTag/x}` in one condition value, with a
/// 200 KB tag value (4.3 GB and 800 MB of output at 2,000 before); evaluated with the full trace.
fn variable_amplification(c: &mut Criterion) {
    let mut g = c.benchmark_group("evaluate/variable-amplification-200k");
    g.sample_size(10).measurement_time(Duration::from_secs(2));
    let tag = "v".repeat(200_000);
    for refs in [250usize, 500, 1_000, 2_000] {
        let value = "${aws:PrincipalTag/x}".repeat(refs);
        let text = serde_json::json!({
            "policies": {"identity": [{"name": "P", "document": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                 "Condition": {"StringLike": {"aws:PrincipalTag/x": value}}}]}}]},
            "request": {"principal": {"arn": "arn:aws:iam::111122223333:user/alice", "tags": {"x": tag}},
                        "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}
        })
        .to_string();
        g.throughput(Throughput::Elements(refs as u64));
        g.bench_with_input(BenchmarkId::from_parameter(refs), &text, |b, t| {
            b.iter(|| iam_engine::evaluate_scenario_json(black_box(t)))
        });
    }
    g.finish();
}

criterion_group!(
    hostile,
    wildcard_long_literal,
    wildcard_question_marks,
    duplicate_sids,
    for_all_values,
    variable_amplification
);
criterion_main!(hostile);
