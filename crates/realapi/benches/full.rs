//! Criterion benchmark: the full answer (literal + real API) for the seed 002 scenario.

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

criterion_group!(realapi, benches);
criterion_main!(realapi);
