//! No lookup panics or runs away on arbitrary input: property tests over arbitrary strings and
//! strings built from the characters that matter to the matchers.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;

/// Strings of the characters the matchers treat specially, plus some letters.
fn tricky() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("*"),
            Just("?"),
            Just(":"),
            Just("/"),
            Just("${"),
            Just("}"),
            Just("arn"),
            Just("aws"),
            Just("ec2"),
            Just("s3"),
            Just("iam"),
            Just("volume"),
            Just("Describe"),
            Just("a"),
            Just("é"),
            Just("\u{0}"),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

fn exercise(s: &str) {
    let _ = iam_reference::action(s);
    let _ = iam_reference::lookup_action(s).map_err(|e| e.to_string());
    let _ = iam_reference::service(s);
    let _ = iam_reference::condition_key(s);
    let _ = iam_reference::global_condition_key(s);
    let _ = iam_reference::condition_key_type(s);
    let _ = iam_reference::resource_types_for_arn(s);
    let expanded = iam_reference::expand_action_pattern(s);
    let not = iam_reference::actions_not_matching(&[s]);
    assert_eq!(expanded.len() + not.len(), iam_reference::actions().len());
    let a = iam_reference::action("ec2:AttachVolume").expect("known");
    let _ = a.matches(s);
    let _ = a.resource_types_for_arn(s);
    let _ = a.resolve_condition_key(s, a.resource_type("volume").map(|r| r.resource_type()));
    let _ = a.resource_type(s);
    if let Some(svc) = iam_reference::service("s3") {
        let _ = svc.action(s);
        let _ = svc.resource_type(s);
        let _ = svc.condition_key(s);
        let _ = svc.resource_types_for_arn(s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn arbitrary_strings(s in any::<String>()) {
        exercise(&s);
    }

    #[test]
    fn tricky_strings(s in tricky()) {
        exercise(&s);
    }

    #[test]
    fn arn_like(resource in tricky(), region in "[a-z0-9*-]{0,12}") {
        let arn = format!("arn:aws:ec2:{region}:111122223333:{resource}");
        let _ = iam_reference::resource_types_for_arn(&arn);
    }
}

#[test]
fn long_inputs_stay_fast() {
    // The matchers are O(pattern × subject) without recursion or backtracking blow-up.
    let long = "*a".repeat(2_000);
    let start = std::time::Instant::now();
    exercise(&long);
    let arn = format!("arn:aws:s3:::{}", "a/".repeat(5_000));
    let _ = iam_reference::resource_types_for_arn(&arn);
    assert!(start.elapsed().as_secs() < 30, "took {:?}", start.elapsed());
}
