//! The message corpus: real AWS error texts (from AWS documentation, public issue threads and the two stories the
//! project started from), each with the request it must produce and the AWS passage or thread its expectation
//! comes from. One test per file in `tests/cases/`; a file not listed here fails `every_case_file_is_run`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::Value;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

/// `request.principal` as a string: the string itself, or the object's `arn` / `service`.
fn principal(req: &Value) -> Option<String> {
    match req.get("principal")? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o
            .get("arn")
            .or_else(|| o.get("service"))
            .and_then(Value::as_str)
            .map(str::to_string),
        _ => None,
    }
}

fn check_call(case: &str, i: usize, call: &Value, want: &Value) {
    let req = &call["request"];
    let ctx = format!("{case}: call {}", i + 1);
    if let Some(a) = want.get("action") {
        assert_eq!(&req["action"], a, "{ctx}: action\n{call:#}");
    }
    if let Some(p) = want.get("principal") {
        assert_eq!(
            principal(req).as_deref(),
            p.as_str(),
            "{ctx}: principal\n{call:#}"
        );
    }
    if want.get("noPrincipal").is_some() {
        assert!(
            req.get("principal").is_none(),
            "{ctx}: no principal expected\n{call:#}"
        );
        assert!(
            call["missing"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["field"] == "principal"),
            "{ctx}: the missing principal must be named\n{call:#}"
        );
    }
    if let Some(r) = want.get("resource") {
        assert_eq!(&req["resource"], r, "{ctx}: resource\n{call:#}");
    }
    if want.get("noResource").is_some() {
        assert!(
            req.get("resource").is_none(),
            "{ctx}: no resource expected\n{call:#}"
        );
        assert!(
            call["missing"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["field"] == "resource"),
            "{ctx}: the missing resource must be named\n{call:#}"
        );
    }
    if let Some(c) = want.get("errorCode") {
        assert_eq!(&call["errorCode"], c, "{ctx}: errorCode\n{call:#}");
    }
    if let Some(o) = want.get("operation") {
        assert_eq!(&call["operation"], o, "{ctx}: operation\n{call:#}");
    }
    if let Some(m) = want.get("mapping") {
        assert_eq!(&call["mapping"]["how"], m, "{ctx}: mapping\n{call:#}");
    }
    match want.get("blamed") {
        Some(Value::Null) => assert!(
            call.get("blamed").is_none(),
            "{ctx}: nothing blamed expected\n{call:#}"
        ),
        Some(b) => {
            if let Some(t) = b.get("type") {
                assert_eq!(
                    &call["blamed"]["policyType"], t,
                    "{ctx}: blamed type\n{call:#}"
                );
            }
            if let Some(e) = b.get("explicit") {
                assert_eq!(&call["blamed"]["explicit"], e, "{ctx}: explicit\n{call:#}");
            }
            if let Some(t) = b.get("trustPolicy") {
                assert_eq!(
                    call["blamed"]
                        .get("trustPolicy")
                        .unwrap_or(&Value::Bool(false)),
                    t,
                    "{ctx}: trust\n{call:#}"
                );
            }
        }
        None => {}
    }
    if let Some(Value::Object(keys)) = want.get("context") {
        for (k, v) in keys {
            assert_eq!(&req["context"][k], v, "{ctx}: context `{k}`\n{call:#}");
        }
    }
    if let Some(Value::Object(keys)) = want.get("realApi") {
        for (k, v) in keys {
            assert_eq!(&req["realApi"][k], v, "{ctx}: realApi `{k}`\n{call:#}");
        }
    }
    if let Some(e) = want.get("encoded") {
        assert_eq!(
            call.get("encodedMessage").is_some(),
            e.as_bool().unwrap(),
            "{ctx}: encoded\n{call:#}"
        );
    }
    if let Some(Value::Array(fields)) = want.get("missing") {
        for f in fields {
            assert!(
                call["missing"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|m| &m["field"] == f),
                "{ctx}: `{f}` must be named missing\n{call:#}"
            );
        }
    }
}

fn run(file: &str) {
    let path = dir().join(file);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let cases = doc["cases"].as_array().expect("a `cases` array");
    assert!(!cases.is_empty(), "{file}: no cases");
    for case in cases {
        let name = case["name"].as_str().expect("a case `name`");
        let src = &case["source"];
        assert!(
            src["url"].as_str().is_some_and(|u| u.starts_with("http"))
                && src["quote"].as_str().is_some_and(|q| q.len() > 10),
            "{file}/{name}: every case cites its source (url and quote)"
        );
        let input = match (case.get("input"), case.get("inputJson")) {
            (Some(Value::String(s)), _) => s.clone(),
            (_, Some(v)) => serde_json::to_string_pretty(v).unwrap(),
            _ => panic!("{file}/{name}: no input"),
        };
        let reading = iam_fromerror::read_errors(&input);
        let got = serde_json::to_value(&reading).unwrap();
        let want = &case["expect"];
        let calls = got["calls"].as_array().unwrap();
        let want_calls = want["calls"].as_array().map_or(&[][..], Vec::as_slice);
        assert_eq!(
            calls.len(),
            want_calls.len(),
            "{file}/{name}: number of calls\n{got:#}"
        );
        for (i, (c, w)) in calls.iter().zip(want_calls).enumerate() {
            check_call(&format!("{file}/{name}"), i, c, w);
        }
        let errors: Vec<&str> = got["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["severity"] == "error")
            .map(|p| p["code"].as_str().unwrap())
            .collect();
        let want_errors: Vec<&str> = want
            .get("errors")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|x| x.as_str().unwrap()).collect())
            .unwrap_or_default();
        assert_eq!(errors, want_errors, "{file}/{name}: errors\n{got:#}");
        for w in want
            .get("warnings")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            assert!(
                got["problems"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|p| p["code"] == *w && p["severity"] == "warning"),
                "{file}/{name}: warning `{w}` expected\n{got:#}"
            );
        }
        // Every problem has a place.
        for p in got["problems"].as_array().unwrap() {
            assert!(
                p.get("location").is_some(),
                "{file}/{name}: a problem without a place: {p}"
            );
        }
    }
}

macro_rules! corpus {
    ($($test:ident => $file:literal),* $(,)?) => {
        $( #[test] fn $test() { run($file); } )*
        const FILES: &[&str] = &[$($file),*];
    };
}

corpus! {
    iam_user_guide_examples => "iam-user-guide.json",
    sdk_messages => "sdk-messages.json",
    the_two_stories => "stories.json",
    decoded_messages => "decoded.json",
    cloudtrail_records => "cloudtrail.json",
    unrecognised_input => "unrecognised.json",
}

#[test]
fn every_case_file_is_run() {
    let mut on_disk: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FILES.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn the_corpus_has_forty_messages_over_ten_services() {
    let mut n = 0;
    let mut services = std::collections::BTreeSet::new();
    for f in FILES {
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(dir().join(f)).unwrap()).unwrap();
        for c in doc["cases"].as_array().unwrap() {
            n += 1;
            for call in c["expect"]["calls"].as_array().into_iter().flatten() {
                if let Some(a) = call["action"].as_str() {
                    services.insert(a.split(':').next().unwrap().to_string());
                }
            }
        }
    }
    assert!(n >= 40, "{n} cases");
    assert!(services.len() >= 10, "{services:?}");
}
