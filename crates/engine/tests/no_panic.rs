//! No input makes the engine panic: arbitrary text, and arbitrary policies built from plausible pieces.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use proptest::prelude::*;

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("*".to_string()),
        Just("s3:Get*".to_string()),
        Just("arn:aws:s3:::b/${aws:username}/*".to_string()),
        Just("arn:aws:s3:::b/${".to_string()),
        Just("${aws:PrincipalTag/x, 'd'}".to_string()),
        Just("arn:aws:ec2:*:*:volume/*".to_string()),
        Just("2026-01-01T00:00:00Z".to_string()),
        Just("10.0.0.0/8".to_string()),
        Just("true".to_string()),
        Just("AAEC".to_string()),
        "[ -~]{0,12}",
        "\\PC{0,6}",
    ]
}

fn operator() -> impl Strategy<Value = String> {
    let base = prop_oneof![
        Just("StringEquals"),
        Just("StringNotLike"),
        Just("StringEqualsIgnoreCase"),
        Just("NumericLessThan"),
        Just("DateGreaterThan"),
        Just("Bool"),
        Just("BinaryEquals"),
        Just("IpAddress"),
        Just("NotIpAddress"),
        Just("ArnLike"),
        Just("ArnNotEquals"),
        Just("Null"),
        Just("Bogus"),
    ];
    (
        prop_oneof![Just(""), Just("ForAllValues:"), Just("ForAnyValue:")],
        base,
        prop_oneof![Just(""), Just("IfExists")],
    )
        .prop_map(|(a, b, c)| format!("{a}{b}{c}"))
}

fn statement() -> impl Strategy<Value = serde_json::Value> {
    (
        prop_oneof![Just("Allow"), Just("Deny"), Just("allow")],
        proptest::collection::vec(piece(), 0..3),
        proptest::collection::vec(piece(), 0..3),
        operator(),
        piece(),
        proptest::collection::vec(piece(), 0..3),
        any::<bool>(),
    )
        .prop_map(|(effect, actions, resources, op, key, values, not)| {
            let action_key = if not { "NotAction" } else { "Action" };
            let mut s = serde_json::json!({
                "Effect": effect,
                "Resource": resources,
                "Condition": { op: { key: values } },
            });
            s[action_key] = serde_json::json!(actions);
            if not {
                s["Principal"] = serde_json::json!({"AWS": "*"});
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = iam_engine::evaluate_scenario_json(&text);
    }

    #[test]
    fn arbitrary_policies_never_panic(
        statements in proptest::collection::vec(statement(), 0..4),
        action in piece(),
        resource in piece(),
        ctx_value in piece(),
        principal in prop_oneof![
            Just("arn:aws:iam::111122223333:user/a".to_string()),
            Just("arn:aws:sts::111122223333:assumed-role/R/s".to_string()),
            Just("anonymous".to_string()),
            "[ -~]{0,20}",
        ],
    ) {
        let doc = serde_json::json!({"Version": "2012-10-17", "Statement": statements});
        let scenario = serde_json::json!({
            "policies": {
                "identity": [{"name": "P", "document": doc.clone()}],
                "resource": {"name": "R", "document": doc.to_string()},
                "permissionsBoundary": {"name": "B", "document": doc},
                "scps": [{"name": "Root", "policies": []}],
            },
            "request": {"principal": principal, "action": format!("s3:{action}"), "resource": resource,
                        "context": {"aws:username": ctx_value.clone(), "aws:TagKeys": [ctx_value, "x"]}},
        });
        let answer = iam_engine::evaluate_scenario_json(&scenario.to_string());
        // An answer always serializes.
        prop_assert!(serde_json::to_string(&answer).is_ok());
    }
}
