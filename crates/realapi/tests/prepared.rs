//! Policies read once ([`iam_engine::Prepared`]) answer every request exactly as the scenario read whole does: the
//! same decision, trace, real-API answer and diagnostics, over every conformance case and example scenario. The
//! expectations are the text path's own answers: this checks that two paths agree, not what either decides (the
//! conformance cases check that, each against the AWS passage it cites).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use iam_engine::{Code, Prepared};
use serde_json::Value;
use std::path::Path;

/// The policies of a scenario text, read once.
fn prepared(text: &str) -> Prepared {
    Prepared::new((*iam_engine::parse_scenario(text).policies).clone())
}

/// The same policies given one by one with their levels, as the app holds them in its editors.
fn one_by_one(text: &str) -> Prepared {
    let scenario = iam_engine::parse_scenario(text);
    Prepared::from_policies(
        scenario
            .policies
            .policies()
            .map(|(p, level)| (p.clone(), level.unwrap_or_default().to_owned())),
    )
}

/// An answer as JSON, without the place of the RCP-level warning: read whole, the warning points into the
/// scenario's text; prepared, the policies were not read from a text.
fn comparable(answer: &iam_realapi::FullAnswer) -> Value {
    let mut v = serde_json::to_value(answer).unwrap();
    for list in ["errors", "warnings"] {
        if let Some(Value::Array(ds)) = v.pointer_mut(&format!("/{list}")) {
            for d in ds.iter_mut() {
                if d["code"] == Code::RcpLevelWithoutFullAccess.as_str() {
                    if let Some(o) = d.as_object_mut() {
                        o.remove("span");
                        o.remove("location");
                    }
                }
            }
        }
    }
    v
}

fn scenarios() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    for dir in ["examples", "web/examples"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                out.push((
                    path.display().to_string(),
                    std::fs::read_to_string(&path).unwrap(),
                ));
            }
        }
    }
    for entry in std::fs::read_dir(root.join("tests/cases")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for case in file["cases"].as_array().unwrap() {
            let name = format!("{} / {}", path.display(), case["name"]);
            out.push((name, case["scenario"].to_string()));
        }
    }
    out
}

#[test]
fn prepared_policies_answer_as_the_whole_scenario_does() {
    let now = Some(1_767_225_600.0);
    let all = scenarios();
    assert!(all.len() > 300, "only {} scenarios", all.len());
    for (name, text) in &all {
        let whole = iam_realapi::evaluate_full_many(text, now);
        let whole: Vec<Value> = whole.iter().map(comparable).collect();
        let once = iam_realapi::evaluate_prepared(&prepared(text), text, now);
        let once: Vec<Value> = once.iter().map(comparable).collect();
        assert_eq!(whole, once, "{name}");
        // Read from the text once, the problems of the policies part keep their places too.
        let read = iam_realapi::evaluate_prepared(&Prepared::read(text), text, now);
        let read: Vec<Value> = read
            .iter()
            .map(|a| serde_json::to_value(a).unwrap())
            .collect();
        let exact: Vec<Value> = iam_realapi::evaluate_full_many(text, now)
            .iter()
            .map(|a| serde_json::to_value(a).unwrap())
            .collect();
        assert_eq!(exact, read, "{name}, read once");
        // Policies given one by one lose only what no editor can hold: an organization level with no policy.
        let empty_level = iam_engine::parse_scenario(text)
            .policies
            .scps
            .iter()
            .chain(iam_engine::parse_scenario(text).policies.rcps.iter())
            .flatten()
            .any(|l| l.policies.is_empty());
        if !empty_level {
            let given = iam_realapi::evaluate_prepared(&one_by_one(text), text, now);
            let given: Vec<Value> = given.iter().map(comparable).collect();
            assert_eq!(whole, given, "{name}, policies one by one");
        }
    }
}

/// One prepared set answers many request texts, each read against it.
#[test]
fn one_prepared_set_answers_many_requests() {
    let text = include_str!("../../../examples/describe-volumes.json");
    let scenario: Value = serde_json::from_str(text).unwrap();
    let policies =
        serde_json::json!({ "policies": scenario["policies"], "requests": [] }).to_string();
    let set = prepared(&policies);
    for resource in ["*", "arn:aws:ec2:us-east-1:111122223333:volume/vol-1"] {
        let mut request = scenario["request"].clone();
        request["resource"] = Value::String(resource.to_owned());
        let ask = serde_json::json!({ "request": request }).to_string();
        let once = iam_realapi::evaluate_prepared(&set, &ask, None);
        let mut whole = serde_json::from_str::<Value>(&policies).unwrap();
        whole["request"] = request;
        whole.as_object_mut().unwrap().remove("requests");
        let whole = iam_realapi::evaluate_full_many(&whole.to_string(), None);
        assert_eq!(
            serde_json::to_value(&once).unwrap(),
            serde_json::to_value(&whole).unwrap(),
            "{resource}"
        );
    }
}
