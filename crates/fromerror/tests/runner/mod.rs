//! The corpus check shared by the native test (`corpus.rs`) and the browser one (`wasm.rs`): every case file,
//! embedded (no filesystem in the browser), and the check of one file's cases.

use serde_json::Value;

/// Calls `$m! { test_name => "file.json", ... }` with every case file; `corpus.rs` fails on a file not listed.
macro_rules! with_case_files {
    ($m:ident) => {
        $m! {
            iam_user_guide_examples => "iam-user-guide.json",
            sdk_messages => "sdk-messages.json",
            the_two_stories => "stories.json",
            decoded_messages => "decoded.json",
            cloudtrail_records => "cloudtrail.json",
            unrecognised_input => "unrecognised.json",
        }
    };
}

macro_rules! embed {
    ($($test:ident => $file:literal),* $(,)?) => {
        /// Every case file: (file name, contents).
        pub const FILES: &[(&str, &str)] = &[$(
            ($file, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/", $file))),
        )*];
    };
}
with_case_files!(embed);

/// The contents of the case file `file`.
pub fn text(file: &str) -> &'static str {
    FILES
        .iter()
        .find(|(name, _)| *name == file)
        .map_or("", |(_, text)| text)
}

/// Returns early with the message when the condition does not hold.
macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(format!($($fmt)+));
        }
    };
}

/// Returns early with the message and both values when they differ.
macro_rules! ensure_eq {
    ($left:expr, $right:expr, $($fmt:tt)+) => {
        match (&$left, &$right) {
            (left, right) => {
                if *left != *right {
                    return Err(format!("{}\n  left: {left:?}\n right: {right:?}", format!($($fmt)+)));
                }
            }
        }
    };
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

fn check_call(case: &str, i: usize, call: &Value, want: &Value) -> Result<(), String> {
    let req = &call["request"];
    let ctx = format!("{case}: call {}", i + 1);
    if let Some(a) = want.get("action") {
        ensure_eq!(&req["action"], a, "{ctx}: action\n{call:#}");
    }
    if let Some(p) = want.get("principal") {
        ensure_eq!(
            principal(req).as_deref(),
            p.as_str(),
            "{ctx}: principal\n{call:#}"
        );
    }
    if want.get("noPrincipal").is_some() {
        ensure!(
            req.get("principal").is_none(),
            "{ctx}: no principal expected\n{call:#}"
        );
        ensure!(
            call["missing"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["field"] == "principal"),
            "{ctx}: the missing principal must be named\n{call:#}"
        );
    }
    if let Some(r) = want.get("resource") {
        ensure_eq!(&req["resource"], r, "{ctx}: resource\n{call:#}");
    }
    if want.get("noResource").is_some() {
        ensure!(
            req.get("resource").is_none(),
            "{ctx}: no resource expected\n{call:#}"
        );
        ensure!(
            call["missing"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["field"] == "resource"),
            "{ctx}: the missing resource must be named\n{call:#}"
        );
    }
    if let Some(c) = want.get("errorCode") {
        ensure_eq!(&call["errorCode"], c, "{ctx}: errorCode\n{call:#}");
    }
    if let Some(o) = want.get("operation") {
        ensure_eq!(&call["operation"], o, "{ctx}: operation\n{call:#}");
    }
    if let Some(m) = want.get("mapping") {
        ensure_eq!(&call["mapping"]["how"], m, "{ctx}: mapping\n{call:#}");
    }
    match want.get("blamed") {
        Some(Value::Null) => ensure!(
            call.get("blamed").is_none(),
            "{ctx}: nothing blamed expected\n{call:#}"
        ),
        Some(b) => {
            if let Some(t) = b.get("type") {
                ensure_eq!(
                    &call["blamed"]["policyType"],
                    t,
                    "{ctx}: blamed type\n{call:#}"
                );
            }
            if let Some(e) = b.get("explicit") {
                ensure_eq!(&call["blamed"]["explicit"], e, "{ctx}: explicit\n{call:#}");
            }
            if let Some(t) = b.get("trustPolicy") {
                ensure_eq!(
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
            ensure_eq!(&req["context"][k], v, "{ctx}: context `{k}`\n{call:#}");
        }
    }
    if let Some(Value::Object(keys)) = want.get("realApi") {
        for (k, v) in keys {
            ensure_eq!(&req["realApi"][k], v, "{ctx}: realApi `{k}`\n{call:#}");
        }
    }
    if let Some(e) = want.get("encoded") {
        ensure_eq!(
            call.get("encodedMessage").is_some(),
            e.as_bool().unwrap(),
            "{ctx}: encoded\n{call:#}"
        );
    }
    if let Some(Value::Array(fields)) = want.get("missing") {
        for f in fields {
            ensure!(
                call["missing"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|m| &m["field"] == f),
                "{ctx}: `{f}` must be named missing\n{call:#}"
            );
        }
    }
    Ok(())
}

/// Runs every case of one case file (`file` is its name, `text` its contents): the number of cases, or the first
/// case that read otherwise.
pub fn run_file(file: &str, text: &str) -> Result<usize, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("{file}: {e}"))?;
    let cases = doc["cases"].as_array().expect("a `cases` array");
    ensure!(!cases.is_empty(), "{file}: no cases");
    for case in cases {
        let name = case["name"].as_str().expect("a case `name`");
        let src = &case["source"];
        ensure!(
            src["url"].as_str().is_some_and(|u| u.starts_with("http"))
                && src["quote"].as_str().is_some_and(|q| q.len() > 10),
            "{file}/{name}: every case cites its source (url and quote)"
        );
        let input = match (case.get("input"), case.get("inputJson")) {
            (Some(Value::String(s)), _) => s.clone(),
            (_, Some(v)) => serde_json::to_string_pretty(v).unwrap(),
            _ => return Err(format!("{file}/{name}: no input")),
        };
        let reading = iam_fromerror::read_errors(&input);
        let got = serde_json::to_value(&reading).unwrap();
        let want = &case["expect"];
        let calls = got["calls"].as_array().unwrap();
        let want_calls = want["calls"].as_array().map_or(&[][..], Vec::as_slice);
        ensure_eq!(
            calls.len(),
            want_calls.len(),
            "{file}/{name}: number of calls\n{got:#}"
        );
        for (i, (c, w)) in calls.iter().zip(want_calls).enumerate() {
            check_call(&format!("{file}/{name}"), i, c, w)?;
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
        ensure_eq!(errors, want_errors, "{file}/{name}: errors\n{got:#}");
        for w in want
            .get("warnings")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            ensure!(
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
            ensure!(
                p.get("location").is_some(),
                "{file}/{name}: a problem without a place: {p}"
            );
        }
    }
    Ok(cases.len())
}
