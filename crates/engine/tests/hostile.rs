//! Hostile and malformed scenarios: each is answered, with a located error or warning where the input is wrong,
//! and never a silently different decision. Each test says where its expectation comes from.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use iam_engine::{evaluate_scenario_json, parse_scenario, Answer, Decision};
use serde_json::json;

const ALICE: &str = "arn:aws:iam::111122223333:user/alice";

fn allow_if(condition: serde_json::Value) -> serde_json::Value {
    json!({"identity": [{"name": "P", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": condition}]}}]})
}

fn answer(policies: serde_json::Value, context: serde_json::Value) -> Answer {
    evaluate_scenario_json(
        &json!({"policies": policies, "request": {"principal": ALICE, "action": "s3:GetObject",
            "resource": "arn:aws:s3:::b/k", "context": context}})
        .to_string(),
    )
}

fn error<'a>(a: &'a Answer, code: &str) -> &'a iam_engine::Diagnostic {
    a.errors
        .iter()
        .find(|e| e.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", a.errors))
}

/// IAM User Guide, numeric condition operators compare numbers; 9007199254740993 and 9007199254740992 are
/// different integers, which 64-bit floats cannot tell apart (both round to 2^53). They must not be equal.
#[test]
fn numbers_are_compared_exactly_beyond_two_to_the_53() {
    let a = answer(
        allow_if(json!({"NumericEquals": {"s3:max-keys": "9007199254740993"}})),
        json!({"s3:max-keys": "9007199254740992"}),
    );
    assert_eq!(a.decision, Decision::ImplicitDeny, "{}", a.reason);
    let a = answer(
        allow_if(json!({"NumericLessThan": {"s3:max-keys": "9007199254740993"}})),
        json!({"s3:max-keys": "9007199254740992"}),
    );
    assert_eq!(a.decision, Decision::Allow, "{}", a.reason);
    // The same number written differently is the same number.
    let a = answer(
        allow_if(json!({"NumericEquals": {"s3:max-keys": ["1e1"]}})),
        json!({"s3:max-keys": "10.00"}),
    );
    assert_eq!(a.decision, Decision::Allow, "{}", a.reason);
}

/// `" 10"` is not how a number is written (the space is part of the value): in a policy it is an invalid value,
/// in a request a value that matches no number, with a warning (the project's rule: unusable values are named).
#[test]
fn a_number_with_spaces_is_not_a_number() {
    let a = answer(
        allow_if(json!({"NumericEquals": {"s3:max-keys": " 10"}})),
        json!({"s3:max-keys": "10"}),
    );
    error(&a, "invalid-condition-value");
    let a = answer(
        allow_if(json!({"NumericEquals": {"s3:max-keys": "10"}})),
        json!({"s3:max-keys": " 10"}),
    );
    assert_eq!(a.decision, Decision::ImplicitDeny, "{}", a.reason);
    assert!(
        a.warnings.iter().any(|w| w.code == "invalid-context-value"),
        "{:?}",
        a.warnings
    );
}

/// An IPv4-mapped IPv6 address (RFC 4291 §2.5.5.2) is an IPv6 address, so `10.0.0.0/8` does not contain
/// `::ffff:10.0.0.1`; a person who wrote it meant 10.0.0.1, so the answer warns instead of silently not matching.
#[test]
fn an_ipv4_mapped_address_against_an_ipv4_range_warns() {
    let a = answer(
        allow_if(json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})),
        json!({"aws:SourceIp": "::ffff:10.0.0.1"}),
    );
    assert_eq!(a.decision, Decision::ImplicitDeny);
    let w = a
        .warnings
        .iter()
        .find(|w| w.code == "invalid-context-value")
        .expect("a warning");
    assert!(w.help.contains("IPv4-mapped"), "{}", w.help);
    let c = &a.policies[0].statements[0].conditions[0];
    assert!(
        c.note.as_deref().unwrap_or("").contains("IPv4-mapped"),
        "{:?}",
        c.note
    );
}

/// Organizations User Guide: SCPs do not affect users or roles in the management account. A quoted "true" is not
/// the boolean true; before, it was read as false, so the SCP applied and the answer was an explicit deny.
#[test]
fn management_account_must_be_a_boolean() {
    let text = json!({
        "policies": {
            "identity": [{"name": "P", "document": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "*", "Resource": "*"}]}}],
            "scps": [{"name": "Root", "policies": [{"name": "DenyS3", "document": {"Version": "2012-10-17",
                "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}}]}]},
        "request": {"principal": ALICE, "action": "s3:GetObject", "resource": "*", "managementAccount": "true"}})
    .to_string();
    let a = evaluate_scenario_json(&text);
    let e = error(&a, "wrong-value-type");
    assert!(e.message.contains("managementAccount"), "{}", e.message);
    assert!(e.location.is_some());
    assert!(a.incomplete);
}

/// The scenario schema (`schema/scenario.schema.json`) types these fields as strings; a value of another type was
/// silently ignored, which changes who the caller is (aws:userid, aws:PrincipalOrgID) or which level is named.
#[test]
fn wrong_typed_principal_and_level_fields_are_located_errors() {
    for (field, value) in [
        ("type", json!(5)),
        ("userId", json!(123)),
        ("orgId", json!(true)),
        ("roleArn", json!([])),
    ] {
        let mut principal = json!({"arn": ALICE});
        principal[field] = value;
        let text = json!({"policies": {"identity": []},
            "request": {"principal": principal, "action": "s3:GetObject"}})
        .to_string();
        let a = evaluate_scenario_json(&text);
        let e = error(&a, "wrong-value-type");
        assert!(e.message.contains(field), "{field}: {}", e.message);
        assert!(e.location.is_some(), "{field}");
        assert!(a.incomplete, "{field}");
    }
    let text = json!({"policies": {"identity": [], "scps": [{"name": 7, "policies": []}]},
        "request": {"principal": ALICE, "action": "s3:GetObject"}})
    .to_string();
    let a = evaluate_scenario_json(&text);
    assert!(error(&a, "wrong-value-type").message.contains("`name`"));
}

/// RFC 8259 §4: names within an object SHOULD be unique, and readers differ on which one wins; ours read the first
/// silently, so `"action"` twice decided the first action without a word. Now each repeat is a located error.
#[test]
fn duplicate_scenario_keys_are_located_errors() {
    let text = "{\"policies\": {\"identity\": []},\n \"request\": {\"principal\": \"arn:aws:iam::111122223333:user/alice\",\n  \"action\": \"s3:GetObject\",\n  \"action\": \"s3:PutObject\"}}";
    let a = evaluate_scenario_json(text);
    let e = error(&a, "duplicate-field");
    let loc = e.location.unwrap();
    assert_eq!((loc.line, loc.column), (4, 3));
    assert!(a.incomplete);
}

/// README, scenario format: `request` is one request, `requests` several; a scenario with both was answered for
/// `request` alone while `requests` was ignored. Having both is now an error; `requests` alone is read.
#[test]
fn request_and_requests_together_are_an_error_and_requests_alone_is_read() {
    let req = json!({"principal": ALICE, "action": "s3:GetObject", "resource": "*"});
    let both =
        json!({"policies": {"identity": []}, "request": req, "requests": [req, req]}).to_string();
    let s = parse_scenario(&both);
    assert!(s
        .diagnostics
        .iter()
        .any(|d| d.code == "request-and-requests"));
    let only = json!({"policies": {"identity": []}, "requests": [req, req]}).to_string();
    let s = parse_scenario(&only);
    assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
    assert_eq!(s.requests.len(), 2);
    assert!(s.requests.iter().all(|e| e.request.is_some()));
}

/// A request action or resource past its limit is refused with a located error (AWS actions are under 130
/// characters and ARNs at most 2,048; the trace repeats them once per statement).
#[test]
fn an_oversized_action_or_resource_is_refused() {
    let text = json!({"policies": {"identity": []},
        "request": {"principal": ALICE, "action": format!("s3:{}", "A".repeat(5_000)), "resource": "*"}})
    .to_string();
    let a = evaluate_scenario_json(&text);
    assert!(error(&a, "too-long").location.is_some());
    let text = json!({"policies": {"identity": []},
        "request": {"principal": ALICE, "action": "s3:GetObject", "resource": format!("arn:aws:s3:::b/{}", "k".repeat(10_000))}})
    .to_string();
    assert!(error(&evaluate_scenario_json(&text), "too-long")
        .location
        .is_some());
}

/// Editors count a lone carriage return as a line end; so do our locations (the issue: an error on line 3 of a
/// CR-only file was reported at 1:58).
#[test]
fn lone_carriage_returns_count_as_line_breaks() {
    let text = "{\"policies\": {\"identity\": [{\"name\": \"P\", \"document\": {\r  \"Version\": \"2012-10-17\",\r  \"Statement\": [{\"Effect\": \"Alow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}}]},\r \"request\": {\"principal\": \"arn:aws:iam::111122223333:user/a\", \"action\": \"s3:GetObject\"}}";
    let a = evaluate_scenario_json(text);
    let loc = error(&a, "unknown-effect").location.unwrap();
    assert_eq!((loc.line, loc.column), (3, 28));
}

/// RFC 8259 §8.1: a JSON text must not begin with a byte order mark. Editors on Windows add one; the error says
/// so, at line 1, column 1. An empty file is located too.
#[test]
fn a_byte_order_mark_and_an_empty_file_are_located_and_named() {
    let a = evaluate_scenario_json("\u{feff}{\"policies\": {}}");
    let e = error(&a, "invalid-json");
    assert!(e.message.contains("byte order mark"), "{}", e.message);
    let loc = e.location.unwrap();
    assert_eq!((loc.line, loc.column), (1, 1));
    let a = evaluate_scenario_json("");
    let e = error(&a, "invalid-json");
    assert!(e.message.contains("empty"));
    assert_eq!(e.location.map(|l| (l.line, l.column)), Some((1, 1)));
}

/// RFC 8259 §8.1: JSON text exchanged between systems is UTF-8. Bytes that are not are reported where they are,
/// with a word about UTF-16 when the file starts with its byte order mark.
#[test]
fn invalid_utf8_is_located() {
    let bytes = b"{\"policies\": {},\n \"request\": {\"action\": \"caf\xe9\"}}";
    let e = iam_engine::json::decode(bytes).unwrap_err();
    let e = iam_engine::json::locate_decode_error(*e, iam_engine::Source::Scenario, bytes);
    assert_eq!(e.code, "invalid-utf8");
    let loc = e.location.unwrap();
    assert_eq!((loc.line, loc.column), (2, 28));
    let utf16 = [0xff, 0xfe, b'{', 0, b'}', 0];
    let e = iam_engine::json::decode(&utf16).unwrap_err();
    assert!(e.help.contains("UTF-16"), "{}", e.help);
}

/// IAM User Guide, Sid: "The Sid value must be unique within a JSON policy"... the check reports each repeat
/// once (and, with a hash set, in linear time: 40,000 statements took 6 s before; see the `hostile` bench).
#[test]
fn every_repeated_sid_is_reported_once() {
    let statements: Vec<serde_json::Value> = (0..3_000)
        .map(|i| json!({"Sid": format!("S{}", i % 1_000), "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}))
        .collect();
    let a = answer(
        json!({"identity": [{"name": "P", "document": {"Version": "2012-10-17", "Statement": statements}}]}),
        json!({}),
    );
    let dups = a
        .warnings
        .iter()
        .filter(|w| w.code == "duplicate-sid")
        .count();
    assert_eq!(dups, 2_000);
    assert!(a.warnings.iter().all(|w| w.location.is_some()));
}

/// IAM User Guide, multivalued context keys: `ForAllValues` is true when every request value matches some policy
/// value, `ForAnyValue` when at least one does. With 20,000 values on each side (a comparison of every pair was
/// 4 × 10⁸ string comparisons) the answers follow that definition.
#[test]
fn large_set_operators_follow_the_definition() {
    let policy: Vec<String> = (0..20_000).map(|i| format!("tag-{i}")).collect();
    let mut request = policy.clone();
    request.reverse();
    let a = answer(
        allow_if(json!({"ForAllValues:StringEquals": {"aws:TagKeys": policy}})),
        json!({"aws:TagKeys": request}),
    );
    assert_eq!(a.decision, Decision::Allow, "{}", a.reason);
    // One request value outside the policy's list: ForAllValues fails, ForAnyValue still holds.
    request.push("other".into());
    let a = answer(
        allow_if(json!({"ForAllValues:StringEquals": {"aws:TagKeys": policy}})),
        json!({"aws:TagKeys": request}),
    );
    assert_eq!(a.decision, Decision::ImplicitDeny, "{}", a.reason);
    let c = &a.policies[0].statements[0].conditions[0];
    assert!(c.request_values.as_ref().unwrap().len() <= iam_engine::condition::TRACE_VALUES);
    let a = answer(
        allow_if(json!({"ForAnyValue:StringEqualsIgnoreCase": {"aws:TagKeys": policy}})),
        json!({"aws:TagKeys": ["TAG-19999", "nope", "x", "y"]}),
    );
    assert_eq!(a.decision, Decision::Allow, "{}", a.reason);
}

#[test]
fn a_document_over_the_size_limit_is_refused_at_once_with_its_size() {
    // The tool's own limit (README, Hostile inputs): 16 MiB, twice what a share link may inflate to. A 17 MiB
    // scenario is refused before it is read, with an error that says the size, and nothing is evaluated.
    let filler = " ".repeat(17 << 20);
    let text = format!(
        "{{\"policies\": {{}}, \"request\": {{\"principal\": \"{ALICE}\", \"action\": \"s3:GetObject\", \"resource\": \"*\"}}}}{filler}"
    );
    let a = evaluate_scenario_json(&text);
    let e = error(&a, "too-long");
    assert!(
        e.message.contains(&format!("{} bytes", text.len())),
        "{}",
        e.message
    );
    assert_ne!(a.decision, Decision::Allow);
    // At the limit it is read.
    let at = format!(
        "{{\"policies\": {{}}, \"request\": {{\"principal\": \"{ALICE}\", \"action\": \"s3:GetObject\", \"resource\": \"*\"}}}}"
    );
    let padded = format!(
        "{at}{}",
        " ".repeat(iam_engine::json::MAX_DOCUMENT_BYTES - at.len())
    );
    assert!(evaluate_scenario_json(&padded).errors.is_empty());
}
