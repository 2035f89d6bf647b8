//! Comparing two policies of 50 statements each (the browser budget is 100 ms; natively the aim is 30 ms): a
//! realistic mix of services, wildcard actions and ARNs, and conditions, with the new policy widening a few. And
//! two large AWS managed policies (ReadOnlyAccess, ViewOnlyAccess, as vendored by `iam-managed`).

#![allow(clippy::indexing_slicing)] // a benchmark of fixed inputs, like a test

use criterion::{criterion_group, criterion_main, Criterion};
use iam_compare::{compare, PolicyType};
use serde_json::{json, Value};

const SERVICES: [(&str, &str, &str); 10] = [
    ("s3", "GetObject", "arn:aws:s3:::bucket-{i}/data/*"),
    ("s3", "PutObject", "arn:aws:s3:::bucket-{i}/uploads/*"),
    (
        "dynamodb",
        "GetItem",
        "arn:aws:dynamodb:us-east-1:111122223333:table/t{i}",
    ),
    (
        "sqs",
        "SendMessage",
        "arn:aws:sqs:us-east-1:111122223333:queue-{i}",
    ),
    (
        "sns",
        "Publish",
        "arn:aws:sns:us-east-1:111122223333:topic-{i}",
    ),
    ("ec2", "Describe*", "*"),
    (
        "lambda",
        "InvokeFunction",
        "arn:aws:lambda:us-east-1:111122223333:function:f{i}*",
    ),
    (
        "kms",
        "Decrypt",
        "arn:aws:kms:us-east-1:111122223333:key/{i}",
    ),
    (
        "logs",
        "PutLogEvents",
        "arn:aws:logs:us-east-1:111122223333:log-group:/app/{i}:*",
    ),
    ("iam", "PassRole", "arn:aws:iam::111122223333:role/app-{i}"),
];

/// A policy of 50 statements; `widen` makes every seventh statement broader (a `*` action or resource, a dropped
/// condition).
pub fn policy(widen: bool) -> String {
    let statements: Vec<Value> = (0..50)
        .map(|i| {
            let (svc, action, arn) = SERVICES[i % SERVICES.len()];
            let mut resource = arn.replace("{i}", &i.to_string());
            let mut action = format!("{svc}:{action}");
            let wide = widen && i % 7 == 3;
            if wide && i % 2 == 0 {
                action = format!("{svc}:*");
            } else if wide {
                resource = resource.replace(&i.to_string(), "*");
            }
            let mut st = json!({"Sid": format!("S{i}"), "Effect": "Allow", "Action": action, "Resource": resource});
            if i % 5 == 0 && !wide {
                st["Condition"] = json!({"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.1.0/24"]}});
            } else if i % 5 == 1 {
                st["Condition"] = json!({"StringEquals": {"aws:PrincipalTag/team": ["red", "blue"]}});
            }
            if i % 17 == 16 {
                st["Effect"] = json!("Deny");
            }
            st
        })
        .collect();
    json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

fn bench(c: &mut Criterion) {
    let (old, new) = (policy(false), policy(true));
    // The reference's tables are read once per process (as once per page in the browser).
    let _ = compare(&old, &old, PolicyType::Identity);
    let mut g = c.benchmark_group("compare-50-statements");
    g.bench_function("widened (new access)", |b| {
        b.iter(|| compare(&old, &new, PolicyType::Identity))
    });
    g.bench_function("narrowed (no new access)", |b| {
        b.iter(|| compare(&new, &old, PolicyType::Identity))
    });
    g.bench_function("identical (no new access)", |b| {
        b.iter(|| compare(&old, &old, PolicyType::Identity))
    });
    g.finish();

    // Large AWS managed policies (the vendored latest versions): thousands of Action patterns.
    let doc = |name: &str| {
        iam_managed::get(name)
            .map(|p| p.document.to_string())
            .unwrap_or_default()
    };
    let (read_only, view_only) = (doc("ReadOnlyAccess"), doc("ViewOnlyAccess"));
    let mut g = c.benchmark_group("managed-policies");
    g.sample_size(10);
    g.bench_function("ReadOnlyAccess vs itself (no new access)", |b| {
        b.iter(|| compare(&read_only, &read_only, PolicyType::Identity))
    });
    g.bench_function("ReadOnlyAccess to ViewOnlyAccess (new access)", |b| {
        b.iter(|| compare(&read_only, &view_only, PolicyType::Identity))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
