//! The comparison against an oracle: the cases in `tests/cases/compare.json` (each citing the AWS passage its
//! expectation comes from), properties that must hold of any policy (compare(A, A), A against A plus a statement
//! that allows something A denies, compare(A ∪ B, A), statement order and Sid), and random differential testing:
//! policy pairs (random policies and mutations of them) and random requests, where any request the engine allows
//! under the new policy and denies under the old refutes a "no new access" answer.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use iam_compare::{compare, policy_set, policy_set_for, verify, PolicyType, Verdict};
use iam_engine::{evaluate, parse_policy_text, Context, Options, PolicyKind, Principal, Request};
use serde_json::{json, Value};

/// A small seeded generator (xorshift64*): the same run every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:Get*",
    "s3:*",
    "s3:PutObject",
    "s3:*Object",
    "s3:?etObject",
    "s3:List*",
    "ec2:Describe*",
    "ec2:DescribeInstances",
    "iam:PassRole",
    "iam:*",
    "sqs:SendMessage",
    "*",
];
const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::b/*",
    "arn:aws:s3:::b/a*",
    "arn:aws:s3:::*",
    "arn:aws:s3:::b/a/x",
    "arn:aws:s3:::c/*",
    "arn:aws:s3:::b",
    "arn:aws:iam::*:role/r*",
    "arn:aws:ec2:*:*:instance/*",
    "arn:aws:s3:::b?/*",
    "arn:aws:sqs:us-east-1:111122223333:q",
    "arn:aws:s3:::*/a*",
];

fn condition(rng: &mut Rng) -> (String, String, Value) {
    let c: [(&str, &str, Value); 16] = [
        (
            "StringEquals",
            "aws:PrincipalTag/team",
            json!(["red", "blue"]),
        ),
        ("StringEquals", "aws:PrincipalTag/team", json!("red")),
        ("StringNotEquals", "aws:PrincipalTag/team", json!("red")),
        ("StringLike", "s3:prefix", json!("home/*")),
        ("StringLike", "s3:prefix", json!("home/a?/*")),
        (
            "StringEqualsIgnoreCase",
            "aws:PrincipalTag/team",
            json!("RED"),
        ),
        ("IpAddress", "aws:SourceIp", json!("10.0.0.0/8")),
        (
            "IpAddress",
            "aws:SourceIp",
            json!(["10.1.0.0/16", "192.168.0.1"]),
        ),
        ("NotIpAddress", "aws:SourceIp", json!("10.1.0.0/16")),
        ("NumericLessThan", "s3:max-keys", json!("10")),
        ("NumericGreaterThanEquals", "s3:max-keys", json!("100")),
        ("Bool", "aws:SecureTransport", json!("true")),
        ("BoolIfExists", "aws:MultiFactorAuthPresent", json!("true")),
        ("Null", "aws:TokenIssueTime", json!("false")),
        (
            "DateGreaterThan",
            "aws:CurrentTime",
            json!("2020-01-01T00:00:00Z"),
        ),
        ("ForAnyValue:StringEquals", "aws:TagKeys", json!(["a", "b"])),
    ];
    let extra: [(&str, &str, Value); 3] = [
        ("ArnLike", "aws:SourceArn", json!("arn:aws:sns:*:*:t*")),
        ("ForAllValues:StringLike", "aws:TagKeys", json!("a*")),
        (
            "StringEqualsIfExists",
            "aws:RequestedRegion",
            json!("us-east-1"),
        ),
    ];
    let (op, key, v) = if rng.chance(20) {
        rng.pick(&extra).clone()
    } else {
        rng.pick(&c).clone()
    };
    (op.to_string(), key.to_string(), v)
}

fn one_or_list(rng: &mut Rng, pool: &[&str]) -> Value {
    if rng.chance(60) {
        json!(rng.pick(pool))
    } else {
        json!([rng.pick(pool), rng.pick(pool)])
    }
}

fn statement(rng: &mut Rng) -> Value {
    let mut st = serde_json::Map::new();
    st.insert(
        "Effect".into(),
        json!(if rng.chance(80) { "Allow" } else { "Deny" }),
    );
    let action_key = if rng.chance(10) {
        "NotAction"
    } else {
        "Action"
    };
    st.insert(action_key.into(), one_or_list(rng, ACTIONS));
    let resource_key = if rng.chance(10) {
        "NotResource"
    } else {
        "Resource"
    };
    st.insert(resource_key.into(), one_or_list(rng, RESOURCES));
    if rng.chance(40) {
        let mut cond = serde_json::Map::new();
        for _ in 0..(1 + rng.below(2)) {
            let (op, key, v) = condition(rng);
            cond.entry(op)
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .unwrap()
                .insert(key, v);
        }
        st.insert("Condition".into(), Value::Object(cond));
    }
    Value::Object(st)
}

fn policy(statements: Vec<Value>) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn statements(p: &Value) -> Vec<Value> {
    match &p["Statement"] {
        Value::Array(a) => a.clone(),
        v => vec![v.clone()],
    }
}

/// Mutations of a policy: widen a pattern, drop a condition, add a Deny, change an operator, drop a statement.
fn mutate(rng: &mut Rng, p: &Value) -> Value {
    let mut sts = statements(p);
    if sts.is_empty() {
        return policy(vec![statement(rng)]);
    }
    let i = rng.below(sts.len());
    let st = sts[i].as_object_mut().unwrap();
    match rng.below(7) {
        0 => {
            let key = if st.contains_key("Resource") {
                "Resource"
            } else {
                "NotResource"
            };
            st.insert(key.into(), json!(rng.pick(RESOURCES)));
        }
        1 => {
            let key = if st.contains_key("Action") {
                "Action"
            } else {
                "NotAction"
            };
            st.insert(key.into(), json!(rng.pick(ACTIONS)));
        }
        2 => {
            st.remove("Condition");
        }
        3 => {
            let mut d = statement(rng);
            d["Effect"] = json!("Deny");
            sts.push(d);
        }
        4 => {
            if let Some(Value::Object(cond)) = st.get_mut("Condition") {
                let ops: Vec<String> = cond.keys().cloned().collect();
                let op = rng.pick(&ops).clone();
                let v = cond.remove(&op).unwrap();
                let swapped = match op.as_str() {
                    "StringEquals" => "StringNotEquals",
                    "StringLike" => "StringNotLike",
                    "IpAddress" => "NotIpAddress",
                    "NumericLessThan" => "NumericGreaterThan",
                    "Bool" => "BoolIfExists",
                    "DateGreaterThan" => "DateLessThan",
                    "ForAnyValue:StringEquals" => "ForAllValues:StringEquals",
                    other => other,
                };
                cond.insert(swapped.to_string(), v);
            }
        }
        5 => {
            sts.remove(i);
        }
        _ => sts.push(statement(rng)),
    }
    policy(sts)
}

const REQUEST_ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:GetBucketPolicy",
    "s3:ListBucket",
    "s3:DeleteObject",
    "ec2:DescribeInstances",
    "ec2:RunInstances",
    "iam:PassRole",
    "iam:CreateUser",
    "sqs:SendMessage",
    "s3:GetFutureThing",
    "foo:Bar",
];
const REQUEST_RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::b/x",
    "arn:aws:s3:::b/a/x",
    "arn:aws:s3:::b/ab",
    "arn:aws:s3:::b",
    "arn:aws:s3:::c/a",
    "arn:aws:s3:::bb/x",
    "arn:aws:s3:::c",
    "arn:aws:iam::111122223333:role/rx",
    "arn:aws:iam::111122223333:user/u",
    "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
    "arn:aws:sqs:us-east-1:111122223333:q",
    "arn:aws:sqs:us-east-1:111122223333:other",
];

/// A random request within the domain the search covers: a resource of the action's resource types (or `*`
/// for an action without any, and any resource for an action the reference does not list).
fn request(rng: &mut Rng) -> Option<Request> {
    let action = *rng.pick(REQUEST_ACTIONS);
    let resource = *rng.pick(REQUEST_RESOURCES);
    if let Some(a) = iam_reference::action(action) {
        let fits = if a.has_resource_types() {
            !a.resource_types_for_arn(resource).is_empty()
        } else {
            resource == "*"
        };
        if !fits {
            return None;
        }
    }
    let mut req = Request::new(iam_compare::request_principal(), action, resource);
    let mut ctx = Context::default();
    let pools: [(&str, &[&str]); 10] = [
        ("aws:PrincipalTag/team", &["red", "blue", "Red", "green"]),
        ("s3:prefix", &["home/x", "home/ab/c", "home/a/c", "other"]),
        (
            "aws:SourceIp",
            &["10.0.0.1", "10.1.2.3", "192.168.0.1", "8.8.8.8", "::1"],
        ),
        ("s3:max-keys", &["5", "10", "50", "100", "1000"]),
        ("aws:SecureTransport", &["true", "false"]),
        ("aws:MultiFactorAuthPresent", &["true", "false"]),
        ("aws:TokenIssueTime", &["2024-01-01T00:00:00Z"]),
        (
            "aws:CurrentTime",
            &["2019-01-01T00:00:00Z", "2024-01-01T00:00:00Z"],
        ),
        (
            "aws:SourceArn",
            &[
                "arn:aws:sns:us-east-1:1:topic",
                "arn:aws:sns:us-east-1:1:x",
                "x",
            ],
        ),
        ("aws:RequestedRegion", &["us-east-1", "eu-west-1"]),
    ];
    for (key, values) in pools {
        if rng.chance(50) {
            ctx.set(key, *rng.pick(values), false);
        }
    }
    if rng.chance(50) {
        let tags = ["a", "b", "c", "ab"];
        let n = rng.below(3);
        ctx.set_multi(
            "aws:TagKeys",
            (0..n).map(|_| rng.pick(&tags).to_string()).collect(),
            false,
        );
    }
    req.context = ctx;
    Some(req)
}

/// Checks one pair: counterexamples verify, and no random request refutes "no new access".
fn check_pair(rng: &mut Rng, old: &Value, new: &Value, requests: usize) -> Verdict {
    check_pair_as(rng, old, new, requests, PolicyType::Identity)
}

/// Principals for resource policies' statements: accounts, users, roles, sessions, services, everyone.
const PRINCIPALS: &[&str] = &[
    r#""*""#,
    r#"{"AWS": "111122223333"}"#,
    r#"{"AWS": "arn:aws:iam::444455556666:root"}"#,
    r#"{"AWS": "arn:aws:iam::444455556666:role/r"}"#,
    r#"{"AWS": "arn:aws:iam::111122223333:user/u"}"#,
    r#"{"AWS": "arn:aws:sts::444455556666:assumed-role/r/s"}"#,
    r#"{"Service": "sns.amazonaws.com"}"#,
    r#"{"AWS": ["444455556666", "arn:aws:iam::111122223333:role/path/r"]}"#,
    r#"{"AWS": "*"}"#,
];

/// The callers of random requests to resource policies.
fn caller(rng: &mut Rng) -> Principal {
    let arns = [
        "arn:aws:iam::111122223333:user/u",
        "arn:aws:iam::111122223333:user/v",
        "arn:aws:iam::111122223333:root",
        "arn:aws:sts::111122223333:assumed-role/r/s",
        "arn:aws:sts::444455556666:assumed-role/r/s",
        "arn:aws:sts::444455556666:assumed-role/r/other",
        "arn:aws:iam::444455556666:user/x",
        "arn:aws:iam::444455556666:root",
        "arn:aws:iam::777788889999:user/y",
        "arn:aws:sts::111122223333:federated-user/f",
    ];
    match rng.below(arns.len() + 4) {
        i if i < arns.len() => {
            let mut p = Principal::from_arn(arns[i]).unwrap();
            if p.kind == iam_engine::PrincipalType::FederatedUser {
                p.parent_user_arn = Some("arn:aws:iam::111122223333:user/u".into());
            }
            p
        }
        i if i == arns.len() => Principal::anonymous(),
        i if i == arns.len() + 1 => Principal::service("sns.amazonaws.com"),
        i if i == arns.len() + 2 => Principal::service("events.amazonaws.com"),
        _ => iam_compare::request_principal(),
    }
}

/// A random statement of a resource policy: a Principal, or (for a Deny, sometimes) a NotPrincipal.
fn resource_statement(rng: &mut Rng) -> Value {
    let mut st = statement(rng);
    let who: Value = serde_json::from_str(rng.pick::<&str>(PRINCIPALS)).unwrap();
    let key = if st["Effect"] == "Deny" && rng.chance(30) {
        "NotPrincipal"
    } else {
        "Principal"
    };
    st[key] = who;
    st
}

/// As [`check_pair`], for policies of type `ty`; a resource policy's requests come from random callers, and a
/// resource whose ARN names no account belongs to an account no policy names (as the comparison takes it).
fn check_pair_as(
    rng: &mut Rng,
    old: &Value,
    new: &Value,
    requests: usize,
    ty: PolicyType,
) -> Verdict {
    check_pair_with(rng, old, new, requests, ty, request)
}

/// As [`check_pair_as`], with random requests from `generate`.
fn check_pair_with(
    rng: &mut Rng,
    old: &Value,
    new: &Value,
    requests: usize,
    ty: PolicyType,
    generate: fn(&mut Rng) -> Option<Request>,
) -> Verdict {
    let (o, n) = (old.to_string(), new.to_string());
    let c = compare(&o, &n, ty);
    let kind = if ty == PolicyType::Resource {
        PolicyKind::Resource
    } else {
        PolicyKind::Identity
    };
    let op = parse_policy_text(kind, "p/old", "old", &o);
    let np = parse_policy_text(kind, "p/new", "new", &n);
    for ce in &c.counterexamples {
        let req = ce.request();
        assert!(
            verify(
                ce,
                &policy_set_for(&op, ty, &req),
                &policy_set_for(&np, ty, &req)
            ),
            "a counterexample that does not hold: {}\nold {o}\nnew {n}",
            ce.summary()
        );
    }
    if c.verdict == Verdict::NoNewAccess {
        for _ in 0..requests {
            let Some(mut req) = generate(rng) else {
                continue;
            };
            if ty == PolicyType::Resource {
                let resource = req.resource.clone();
                let context = std::mem::take(&mut req.context);
                req = Request::new(caller(rng), req.action(), &resource);
                req.context = context;
                if !resource.starts_with("arn:aws:sqs:") && !resource.contains(":111122223333:") {
                    req.resource_account = Some("222233334444".into());
                }
            }
            let os = policy_set_for(&op, ty, &req);
            let ns = policy_set_for(&np, ty, &req);
            let allowed_new = evaluate(&ns, &req, Options::DecisionOnly)
                .decision
                .is_allow();
            let allowed_old = evaluate(&os, &req, Options::DecisionOnly)
                .decision
                .is_allow();
            assert!(
                !allowed_new || allowed_old,
                "refuted: `no new access`, but {} on {} by {:?} {:?} with {:?} is allowed by new and denied by old\nold {o}\nnew {n}",
                req.action(),
                req.resource,
                req.principal.kind,
                req.principal.arn,
                req.context.entries()
            );
        }
    }
    c.verdict
}

/// How many rounds: `n`, times `COMPARE_ORACLE_SCALE` when set (a longer run: `COMPARE_ORACLE_SCALE=20`).
fn scale(n: usize) -> usize {
    let k = std::env::var("COMPARE_ORACLE_SCALE")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1);
    n * k.max(1)
}

/// The cases of one member of `tests/cases/compare.json`, by name; each must cite its source.
fn documented(member: &str) -> Vec<(String, Value)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/cases/compare.json"
    ))
    .unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let cases = doc[member].as_array().unwrap().clone();
    assert!(!cases.is_empty());
    cases
        .into_iter()
        .map(|case| {
            let name = case["name"].as_str().unwrap().to_string();
            assert!(
                case["source"].as_str().is_some_and(|s| !s.is_empty()),
                "{name}: a case cites its source"
            );
            (name, case)
        })
        .collect()
}

#[test]
fn cases_from_the_documentation() {
    for (name, case) in documented("cases") {
        let ty = case["type"]
            .as_str()
            .map_or(Some(PolicyType::Identity), PolicyType::parse)
            .unwrap();
        let c = compare(&case["old"].to_string(), &case["new"].to_string(), ty);
        let expect = case["expect"].as_str().unwrap();
        let got = serde_json::to_value(c.verdict).unwrap();
        assert_eq!(
            got,
            json!(expect),
            "{name}: {}\n{:#?}",
            c.headline,
            c.reasons
        );
    }
}

#[test]
fn properties_hold_for_random_policies() {
    let mut rng = Rng(0x5eed_0001);
    for round in 0..scale(60) {
        let a = policy((0..1 + rng.below(4)).map(|_| statement(&mut rng)).collect());
        let b = policy((0..1 + rng.below(3)).map(|_| statement(&mut rng)).collect());
        // compare(A, A) finds nothing.
        let v = check_pair(&mut rng, &a, &a, 0);
        assert_ne!(v, Verdict::NewAccess, "round {round}: compare(A, A)\n{a}");
        // compare(A ∪ B, A): everything A allows, A ∪ B allows — unless B's Deny statements take it away, so
        // only B's Allow statements are added.
        let b_allows: Vec<Value> = statements(&b)
            .into_iter()
            .filter(|s| s["Effect"] == "Allow")
            .collect();
        let union = policy(statements(&a).into_iter().chain(b_allows).collect());
        let v = check_pair(&mut rng, &union, &a, 0);
        assert_ne!(
            v,
            Verdict::NewAccess,
            "round {round}: compare(A ∪ B, A)\n{union}"
        );
        // Statement order and Sid never matter.
        let mut shuffled = statements(&a);
        shuffled.reverse();
        for (i, s) in shuffled.iter_mut().enumerate() {
            s["Sid"] = json!(format!("S{i}"));
        }
        let shuffled = policy(shuffled);
        assert_ne!(
            check_pair(&mut rng, &a, &shuffled, 0),
            Verdict::NewAccess,
            "round {round}: order\n{a}"
        );
        assert_eq!(
            compare(&b.to_string(), &a.to_string(), PolicyType::Identity).verdict,
            compare(&b.to_string(), &shuffled.to_string(), PolicyType::Identity).verdict,
            "round {round}: order and Sid change the verdict\n{a}"
        );
        // A plus a statement that allows something A denies is new access.
        if let Some(req) = request(&mut rng) {
            let ap = parse_policy_text(PolicyKind::Identity, "identity/old", "old", &a.to_string());
            let denied = !evaluate(
                &policy_set(&ap, PolicyType::Identity),
                &req,
                Options::DecisionOnly,
            )
            .decision
            .is_allow();
            let has_deny = statements(&a).iter().any(|s| s["Effect"] == "Deny");
            if denied && !has_deny {
                let mut sts = statements(&a);
                sts.push(
                    json!({"Effect": "Allow", "Action": req.action(), "Resource": req.resource}),
                );
                let v = check_pair(&mut rng, &a, &policy(sts), 0);
                assert_eq!(
                    v,
                    Verdict::NewAccess,
                    "round {round}: A plus an allow of {} on {}\n{a}",
                    req.action(),
                    req.resource
                );
            }
        }
    }
}

#[test]
fn random_pairs_are_never_refuted() {
    let mut rng = Rng(0x5eed_0002);
    let mut tally = [0usize; 3];
    for _ in 0..scale(2_000) {
        let a = policy((0..1 + rng.below(4)).map(|_| statement(&mut rng)).collect());
        let b = if rng.chance(70) {
            mutate(&mut rng, &a)
        } else {
            policy((0..1 + rng.below(3)).map(|_| statement(&mut rng)).collect())
        };
        let v = check_pair(&mut rng, &a, &b, 40);
        tally[v as usize] += 1;
    }
    // Each answer occurs (the generator is not degenerate).
    assert!(tally.iter().all(|n| *n > 0), "verdicts: {tally:?}");
}

/// Resource policies: Principal and NotPrincipal elements naming accounts, users, roles, sessions and services,
/// requests from callers of those and other accounts, anonymous callers and services.
#[test]
fn random_resource_policy_pairs_are_never_refuted() {
    let mut rng = Rng(0x5eed_0003);
    let mut tally = [0usize; 3];
    for _ in 0..scale(600) {
        let a = policy(
            (0..1 + rng.below(3))
                .map(|_| resource_statement(&mut rng))
                .collect(),
        );
        let b = if rng.chance(60) {
            let mut sts = statements(&a);
            let i = rng.below(sts.len());
            let who: Value = serde_json::from_str(rng.pick::<&str>(PRINCIPALS)).unwrap();
            let key = if sts[i].get("NotPrincipal").is_some() {
                "NotPrincipal"
            } else {
                "Principal"
            };
            sts[i][key] = who;
            policy(sts)
        } else {
            mutate_resource(&mut rng, &a)
        };
        let v = check_pair_as(&mut rng, &a, &b, 40, PolicyType::Resource);
        tally[v as usize] += 1;
    }
    eprintln!("verdicts with variables (no new access, new access, unknown): {tally:?}");
    assert!(tally[0] > 0 && tally[1] > 0, "verdicts: {tally:?}");
}

/// [`mutate`] for a resource policy: a statement it adds gets a Principal.
fn mutate_resource(rng: &mut Rng, p: &Value) -> Value {
    let mut m = mutate(rng, p);
    if let Value::Array(sts) = &mut m["Statement"] {
        for st in sts.iter_mut() {
            if st.get("Principal").is_none() && st.get("NotPrincipal").is_none() {
                st["Principal"] = serde_json::from_str(rng.pick::<&str>(PRINCIPALS)).unwrap();
            }
        }
    }
    m
}

/// The public-access check on cases citing Amazon S3's definition of a public policy.
#[test]
fn public_access_cases_from_the_documentation() {
    for (name, case) in documented("public") {
        let c = iam_compare::public_access(&case["policy"].to_string(), PolicyType::Resource);
        let got = serde_json::to_value(c.verdict).unwrap();
        assert_eq!(
            got, case["expect"],
            "{name}: {}\n{:#?}",
            c.headline, c.reasons
        );
        if c.verdict == Verdict::NewAccess {
            assert!(
                c.headline.starts_with("public access: "),
                "{name}: {}",
                c.headline
            );
        }
    }
}

/// A "no public access" answer is never refuted by a request from a caller of an account no policy names or an
/// anonymous caller that carries none of the values the policy fixes.
#[test]
fn no_public_access_is_never_refuted() {
    let mut rng = Rng(0x5eed_0004);
    let mut tally = [0usize; 3];
    for _ in 0..scale(400) {
        let mut sts: Vec<Value> = (0..1 + rng.below(3))
            .map(|_| resource_statement(&mut rng))
            .collect();
        if rng.chance(50) {
            for st in &mut sts {
                let c = rng
                    .pick(&[
                        json!({"StringEquals": {"aws:SourceVpce": "vpce-1"}}),
                        json!({"StringLike": {"aws:PrincipalOrgID": "o-*"}}),
                        json!({"StringEquals": {"aws:PrincipalAccount": "444455556666"}}),
                        json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}),
                        json!({"StringNotEquals": {"aws:SourceAccount": "111122223333"}}),
                    ])
                    .clone();
                st["Condition"] = c;
            }
        }
        let p = policy(sts);
        let text = p.to_string();
        let c = iam_compare::public_access(&text, PolicyType::Resource);
        tally[c.verdict as usize] += 1;
        let parsed = parse_policy_text(PolicyKind::Resource, "resource/policy", "policy", &text);
        let inside = iam_compare::public::Inside::of(&parsed);
        for ce in &c.counterexamples {
            let req = ce.request();
            assert!(
                !inside.holds(&req.context),
                "a public request carries a fixed value\n{text}"
            );
            assert!(
                evaluate(
                    &policy_set_for(&parsed, PolicyType::Resource, &req),
                    &req,
                    Options::DecisionOnly
                )
                .decision
                .is_allow(),
                "a public request the policy does not allow\n{text}"
            );
        }
        if c.verdict != Verdict::NoNewAccess {
            continue;
        }
        for _ in 0..40 {
            let Some(mut req) = request(&mut rng) else {
                continue;
            };
            let who = if rng.chance(50) {
                Principal::anonymous()
            } else {
                Principal::from_arn("arn:aws:iam::777788889999:user/y").unwrap()
            };
            let resource = req.resource.clone();
            let mut context = std::mem::take(&mut req.context);
            for (key, values) in [
                ("aws:SourceVpce", ["vpce-1", "vpce-2"]),
                ("aws:PrincipalOrgID", ["o-1", "o-2"]),
                ("aws:PrincipalAccount", ["444455556666", "777788889999"]),
                ("aws:SourceAccount", ["111122223333", "777788889999"]),
            ] {
                if rng.chance(50) {
                    context.set(key, *rng.pick(&values), false);
                }
            }
            if inside.holds(&context) {
                continue;
            }
            req = Request::new(who, req.action(), &resource);
            req.context = context;
            if !resource.starts_with("arn:aws:sqs:") && !resource.contains(":111122223333:") {
                req.resource_account = Some("222233334444".into());
            }
            let allowed = evaluate(
                &policy_set_for(&parsed, PolicyType::Resource, &req),
                &req,
                Options::DecisionOnly,
            )
            .decision
            .is_allow();
            assert!(
                !allowed,
                "refuted: `no public access`, but {} on {} by {:?} with {:?} is allowed\n{text}",
                req.action(),
                req.resource,
                req.principal.arn,
                req.context.entries()
            );
        }
    }
    eprintln!("verdicts with variables (no new access, new access, unknown): {tally:?}");
    assert!(tally[0] > 0 && tally[1] > 0, "verdicts: {tally:?}");
}

/// Resource patterns and condition values with policy variables, and the plain patterns they meet.
const VAR_RESOURCES: &[&str] = &[
    "arn:aws:s3:::b/${aws:username}/*",
    "arn:aws:s3:::b/home/${aws:username}",
    "arn:aws:s3:::b/${aws:PrincipalTag/team}*",
    "arn:aws:s3:::b/${aws:username}-${aws:PrincipalTag/team}/*",
    "arn:aws:s3:::b/${aws:username, 'guest'}/*",
    "arn:aws:s3:::b/alice/*",
    "arn:aws:s3:::b/a*",
    "arn:aws:s3:::b/*b/*",
    "arn:aws:s3:::b/home/*",
    "arn:aws:s3:::b/??/*",
    "arn:aws:s3:::b/red*",
    "arn:aws:s3:::*",
    "*",
];

fn var_condition(rng: &mut Rng) -> (String, String, Value) {
    let c: [(&str, &str, Value); 8] = [
        ("StringLike", "s3:prefix", json!("home/${aws:username}/*")),
        (
            "StringEquals",
            "s3:prefix",
            json!(["home/${aws:username}/", ""]),
        ),
        ("StringLike", "s3:prefix", json!("home/a*")),
        ("StringEquals", "aws:username", json!("alice")),
        ("StringNotEquals", "aws:username", json!(["bob", "guest"])),
        ("StringEquals", "aws:PrincipalTag/team", json!("red")),
        (
            "StringEquals",
            "aws:PrincipalTag/team",
            json!("${aws:username}"),
        ),
        ("Null", "aws:username", json!("true")),
    ];
    let (op, key, v) = rng.pick(&c).clone();
    (op.to_string(), key.to_string(), v)
}

fn var_statement(rng: &mut Rng) -> Value {
    // IAM statements on users: variables of another service, searched apart from the S3 ones unless a statement
    // of all services brings them together.
    if rng.chance(25) {
        let action = one_or_list(rng, &["iam:GetUser", "iam:ChangePassword", "iam:*"]);
        let resource = one_or_list(
            rng,
            &[
                "arn:aws:iam::*:user/${aws:username}",
                "arn:aws:iam::*:user/*",
                "arn:aws:iam::*:user/alice",
                "arn:aws:iam::*:user/${aws:PrincipalTag/team}",
            ],
        );
        let effect = if rng.chance(75) { "Allow" } else { "Deny" };
        return json!({"Effect": effect, "Action": action, "Resource": resource});
    }
    let mut st = serde_json::Map::new();
    st.insert(
        "Effect".into(),
        json!(if rng.chance(75) { "Allow" } else { "Deny" }),
    );
    st.insert(
        "Action".into(),
        one_or_list(
            rng,
            &[
                "s3:GetObject",
                "s3:ListBucket",
                "s3:*",
                "s3:Get*",
                "s3:GetObject",
                "*",
            ],
        ),
    );
    let resource_key = if rng.chance(10) {
        "NotResource"
    } else {
        "Resource"
    };
    st.insert(resource_key.into(), one_or_list(rng, VAR_RESOURCES));
    if rng.chance(40) {
        let (op, key, v) = var_condition(rng);
        st.insert("Condition".into(), json!({ op: { key: v } }));
    }
    Value::Object(st)
}

/// A request whose resource and context meet the variables' patterns: user names and tags that line up with
/// them, and others.
fn var_request(rng: &mut Rng) -> Option<Request> {
    let action = *rng.pick(&["s3:GetObject", "s3:ListBucket", "iam:GetUser"]);
    let resource = if action == "iam:GetUser" {
        format!(
            "arn:aws:iam::111122223333:user/{}",
            rng.pick(&["alice", "bob", "red", "x", "guest"])
        )
    } else if action == "s3:ListBucket" {
        (*rng.pick(&["arn:aws:s3:::b", "arn:aws:s3:::c"])).to_string()
    } else {
        let folder = *rng.pick(&[
            "alice",
            "ab",
            "a",
            "bob",
            "red",
            "redx",
            "home",
            "guest",
            "x",
            "alice-red",
            "ab-red",
            "xb",
        ]);
        let tail = *rng.pick(&["x", "alice", "", "y/z"]);
        format!("arn:aws:s3:::b/{folder}/{tail}")
            .replace("b/home/", if rng.chance(50) { "b/home/" } else { "b/home" })
    };
    let mut req = Request::new(iam_compare::request_principal(), action, &resource);
    let mut ctx = Context::default();
    if rng.chance(85) {
        let user = *rng.pick(&["alice", "ab", "a", "bob", "x", "guest", "xb", "red"]);
        ctx.set("aws:username", user, false);
    }
    if rng.chance(70) {
        ctx.set(
            "aws:PrincipalTag/team",
            *rng.pick(&["red", "blue", "alice", "x"]),
            false,
        );
    }
    if rng.chance(60) {
        let prefix = *rng.pick(&[
            "home/alice/",
            "home/alice/x",
            "home/ab/",
            "home/bob/",
            "",
            "home/a",
        ]);
        ctx.set("s3:prefix", prefix, false);
    }
    req.context = ctx;
    Some(req)
}

/// Policies with variables: a "no new access" answer is never refuted by requests whose user names and tags
/// line the variables up with the other patterns, and each answer occurs.
#[test]
fn random_pairs_with_variables_are_never_refuted() {
    let mut rng = Rng(0x5eed_0005);
    let mut tally = [0usize; 3];
    for _ in 0..scale(500) {
        let a = policy(
            (0..1 + rng.below(3))
                .map(|_| var_statement(&mut rng))
                .collect(),
        );
        let b = if rng.chance(60) {
            let mut sts = statements(&a);
            let i = rng.below(sts.len());
            match rng.below(3) {
                0 => sts[i] = var_statement(&mut rng),
                1 => {
                    sts.remove(i);
                }
                _ => sts.push(var_statement(&mut rng)),
            }
            policy(sts)
        } else {
            policy(
                (0..1 + rng.below(3))
                    .map(|_| var_statement(&mut rng))
                    .collect(),
            )
        };
        let v = check_pair_with(&mut rng, &a, &b, 60, PolicyType::Identity, var_request);
        tally[v as usize] += 1;
    }
    eprintln!("verdicts with variables (no new access, new access, unknown): {tally:?}");
    assert!(tally[0] > 0 && tally[1] > 0, "verdicts: {tally:?}");
}
