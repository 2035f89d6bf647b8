//! Properties of the real-API answer over every conformance scenario and a generated set: whenever the real
//! decision differs from the literal one, at least one divergence explains it (and divergences appear only
//! then); and where the real call is implicitly denied, applying the suggested statements makes it work.

#![allow(clippy::indexing_slicing, clippy::unwrap_used)]

use iam_engine::Decision;
use iam_realapi::{evaluate_full_many, FullAnswer};
use proptest::prelude::*;
use serde_json::{json, Value};

fn case_scenarios() -> Vec<(String, Value)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for f in files
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
    {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let Ok(v) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        for c in v
            .get("cases")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = c
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            if let Some(s) = c.get("scenario") {
                out.push((name, s.clone()));
            }
        }
    }
    out
}

fn check_invariant(name: &str, answers: &[FullAnswer]) -> Result<(), String> {
    for a in answers {
        let Some(real) = &a.real_api else { continue };
        let differ = real.decision != a.literal.decision;
        if differ && real.divergences.is_empty() {
            return Err(format!(
                "{name}: literal {} ≠ real {} with no divergence",
                a.literal.decision, real.decision
            ));
        }
        if !differ && !real.divergences.is_empty() {
            return Err(format!(
                "{name}: divergences although both answers are {}",
                real.decision
            ));
        }
        for d in &real.divergences {
            if d.explanation
                .starts_with("the real request differs from the literal one")
            {
                return Err(format!(
                    "{name}: only the fallback divergence explains the difference: {}",
                    d.explanation
                ));
            }
            if d.real_decision != real.decision || d.literal_decision != a.literal.decision {
                return Err(format!(
                    "{name}: a divergence carries other decisions than the answer"
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn every_case_explains_its_differences() {
    let cases = case_scenarios();
    assert!(
        cases.len() > 700,
        "expected the conformance corpus, found {} cases",
        cases.len()
    );
    let mut failures = Vec::new();
    for (name, s) in &cases {
        let answers = evaluate_full_many(&s.to_string(), Some(1_767_225_600.0));
        if let Err(e) = check_invariant(name, &answers) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Adds every statement the divergences suggest to the policy each names (the identity-based policy, the
/// boundary, the session, the resource-based policy or an SCP or RCP of a level), or to a new identity-based policy.
fn apply_fixes(scenario: &Value, answer: &FullAnswer) -> Option<Value> {
    let real = answer.real_api.as_ref()?;
    let fixes: Vec<(Option<iam_engine::PolicyId>, Value)> = real
        .divergences
        .iter()
        .filter_map(|d| {
            let f = d.fix.as_ref()?;
            Some((f.policy.clone(), f.statement.clone()?))
        })
        .collect();
    if fixes.is_empty() {
        return None;
    }
    let mut s = scenario.clone();
    for (policy, statement) in fixes {
        let doc = policy.as_deref().and_then(|id| {
            let (kind, name) = id.split_once('/')?;
            let slot = s.pointer_mut(&format!("/policies/{kind}"))?;
            let entry = if kind == "scps" || kind == "rcps" {
                // SCPs and RCPs: `level/name` within the levels.
                let (level, name) = name.split_once('/')?;
                slot.as_array_mut()?
                    .iter_mut()
                    .find(|l| l.get("name").and_then(Value::as_str) == Some(level))?
                    .get_mut("policies")?
                    .as_array_mut()?
                    .iter_mut()
                    .find(|p| p.get("name").and_then(Value::as_str) == Some(name))?
            } else {
                match slot {
                    Value::Array(list) => list
                        .iter_mut()
                        .find(|p| p.get("name").and_then(Value::as_str) == Some(name))?,
                    other => other,
                }
            };
            entry.get_mut("document")
        });
        match doc {
            Some(doc) => {
                if let Some(text) = doc.as_str().map(str::to_string) {
                    *doc = serde_json::from_str(&text).ok()?;
                }
                match doc.get_mut("Statement")? {
                    Value::Array(list) => list.push(statement),
                    one => *one = json!([one.clone(), statement]),
                }
            }
            None => {
                let identity = s.pointer_mut("/policies/identity")?.as_array_mut()?;
                identity.push(json!({ "name": "AppliedFix", "document": { "Version": "2012-10-17", "Statement": [statement] } }));
            }
        }
    }
    Some(s)
}

#[test]
fn suggested_statements_make_the_real_call_work() {
    // Only where the literal answer allows and the real call is implicitly denied: an explicit deny is not fixed
    // by an allow, and the fix is then a change to the deny (the answer says so).
    let mut tried = 0;
    let mut failures = Vec::new();
    for (name, s) in case_scenarios() {
        if s.get("requests").is_some() {
            continue;
        }
        let answers = evaluate_full_many(&s.to_string(), Some(1_767_225_600.0));
        let Some(a) = answers.first() else { continue };
        let Some(real) = &a.real_api else { continue };
        if a.literal.decision != Decision::Allow || real.decision != Decision::ImplicitDeny {
            continue;
        }
        let Some(fixed) = apply_fixes(&s, a) else {
            continue;
        };
        tried += 1;
        let after = evaluate_full_many(&fixed.to_string(), Some(1_767_225_600.0));
        let real_after = after
            .first()
            .and_then(|a| a.real_api.as_ref())
            .map(|r| r.decision);
        if real_after != Some(Decision::Allow) {
            failures.push(format!(
                "{name}: after the suggested statements the real answer is {real_after:?}"
            ));
        }
    }
    assert!(tried >= 10, "only {tried} cases had fixes to apply");
    assert!(
        failures.is_empty(),
        "{} of {tried}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn sample_actions() -> Vec<iam_reference::Action> {
    // Every 37th action of the reference: all kinds of services, with and without resource types.
    iam_reference::actions().step_by(37).collect()
}

prop_compose! {
    fn scenario()(
        action_ix in 0usize..600,
        typed in 0usize..4,
        name in "[a-z]{1,8}(/[a-z]{1,6}){0,2}",
        effect_deny in proptest::bool::weighted(0.2),
        resource_kind in 0usize..4,
        key_ix in 0usize..8,
        with_condition in proptest::bool::ANY,
        principal in 0usize..4,
        tags in proptest::bool::weighted(0.3),
        ebs in proptest::bool::ANY,
    ) -> Value {
        let actions = sample_actions();
        let action = actions[action_ix % actions.len()];
        let full = action.full_name();
        let templates: Vec<&str> = action.resource_types().flat_map(|r| r.resource_type().arn_templates()).collect();
        let fill = |t: &str| iam_reference::fill_template(t, |p| {
            let l = p.to_ascii_lowercase();
            Some(if l == "partition" { "aws".into() } else if l.ends_with("region") { "us-east-1".into() }
                 else if l.starts_with("account") { "111122223333".into() } else { name.clone() })
        });
        let typed_arn = match (typed, templates.first()) {
            (0, _) | (_, None) => "*".to_string(),
            (1, Some(t)) => fill(t),
            (2, _) => format!("arn:aws:s3:::{name}"),
            (_, Some(_)) => fill(templates[templates.len() - 1]),
        };
        let resource = match resource_kind {
            0 => json!("*"),
            1 => json!(typed_arn.clone()),
            2 => json!(format!("{}*", typed_arn.split('/').next().unwrap_or("*"))),
            _ => json!(["arn:aws:s3:::other/*", typed_arn.clone()]),
        };
        let keys: Vec<String> = action.condition_keys().map(|k| k.name().replace("${TagKey}", "team"))
            .chain(["aws:ResourceTag/team".to_string(), "aws:RequestTag/team".to_string(),
                    "aws:username".to_string(), "aws:ViaAWSService".to_string()]).collect();
        let key = keys[key_ix % keys.len()].clone();
        let mut statement = json!({ "Effect": if effect_deny { "Deny" } else { "Allow" }, "Action": full, "Resource": resource });
        if with_condition {
            statement["Condition"] = json!({ "StringEqualsIfExists": { key.clone(): "blue" } });
        }
        let principal = ["arn:aws:iam::111122223333:user/alice", "arn:aws:sts::111122223333:assumed-role/R/s",
                         "anonymous", "arn:aws:iam::444455556666:user/bob"][principal];
        let mut s = json!({
            "policies": { "identity": [ { "name": "P", "document": { "Version": "2012-10-17",
                "Statement": [ statement, { "Effect": "Allow", "Action": full, "Resource": "*" } ] } } ] },
            "request": { "principal": principal, "action": full, "resource": typed_arn,
                         "context": { key: "blue" } } });
        let mut call = serde_json::Map::new();
        if tags { call.insert("tags".into(), json!({ "team": "blue" })); }
        if !ebs { call.insert("rootDevice".into(), json!("instance-store")); }
        s["realApi"] = json!({ "call": call });
        s
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]
    #[test]
    fn generated_scenarios_explain_their_differences(s in scenario()) {
        let answers = evaluate_full_many(&s.to_string(), Some(1_767_225_600.0));
        prop_assert!(check_invariant("generated", &answers).is_ok(), "{:?} for {}", check_invariant("generated", &answers), s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
    /// No input makes the real-API analysis panic: arbitrary resources, actions, regions and call parameters.
    #[test]
    fn arbitrary_requests_never_panic(
        action in "(s3|ec2|iam|kms|logs|lambda|dynamodb|sqs|sns|sts|elasticmapreduce|x):[A-Za-z*?]{0,20}",
        resource in "(arn:[a-z*]{0,4}:[a-z0-9*-]{0,12}:[a-z0-9*-]{0,10}:[0-9a-z*]{0,12}:)?[\\PC]{0,60}",
        region in "[a-z0-9:/*-]{0,12}",
        key in "[a-z]{1,8}",
        value in "[\\PC]{0,20}",
    ) {
        let s = json!({
            "policies": { "identity": [ { "name": "P", "document": { "Version": "2012-10-17", "Statement": [
                { "Effect": "Allow", "Action": "*", "Resource": "*" },
                { "Effect": "Deny", "Action": action.clone(), "Resource": resource.clone(),
                  "Condition": { "StringEqualsIfExists": { "aws:ResourceTag/x": value.clone() } } } ] } } ] },
            "request": { "principal": "arn:aws:iam::111122223333:user/alice", "action": action, "resource": resource,
                         "context": { "aws:SourceVpce": "vpce-1", "aws:SourceIp": "10.0.0.1" } },
            "realApi": { "region": region, "resources": { key.clone(): value.clone() },
                         "dependentResources": { "iam:PassRole": value.clone() },
                         "call": { "keyName": value.clone(), "launchTemplate": value.clone(), "role": value.clone(),
                                   "kmsKey": value.clone(), "tags": { key: value.clone() },
                                   "imageFromSsmParameter": value } } });
        let answers = evaluate_full_many(&s.to_string(), Some(1_767_225_600.0));
        prop_assert!(check_invariant("arbitrary", &answers).is_ok(), "{:?}", check_invariant("arbitrary", &answers));
    }
}
