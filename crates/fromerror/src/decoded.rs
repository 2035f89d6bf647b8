//! JSON documents in the input: which kind each is (a decoded authorization message, as `aws sts
//! decode-authorization-message` prints it or its `DecodedMessage` string alone; CloudTrail records, one, a list,
//! `{"Records": […]}` or `lookup-events` output), and the decoded message's reader: principal, action, resource
//! and every condition key with its values.

use crate::read::{Draft, ProblemCode, Reader, ResourceSource};
use crate::resource;
use crate::Form;
use iam_engine::Span;
use serde_json::Value;

/// Reads one JSON document of the input.
pub(crate) fn dispatch(r: &mut Reader<'_>, value: Value, span: Span) {
    dispatch_depth(r, value, span, 0);
}

fn dispatch_depth(r: &mut Reader<'_>, value: Value, span: Span, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => {
            for v in items {
                dispatch_depth(r, v, span, depth + 1);
            }
        }
        Value::Object(ref m) => {
            if let Some(Value::String(inner)) = m.get("DecodedMessage") {
                match serde_json::from_str::<Value>(inner) {
                    Ok(v) => decoded(r, &v, span),
                    Err(e) => r.problem(
                        true,
                        ProblemCode::UnrecognisedJson,
                        format!("`DecodedMessage` is not JSON: {e}"),
                        "paste the output of `aws sts decode-authorization-message` as it was printed",
                        span,
                    ),
                }
            } else if m.contains_key("allowed") && m.contains_key("context") {
                decoded(r, &value, span);
            } else if let Some(Value::Array(records)) = m.get("Records").or_else(|| m.get("Events"))
            {
                for rec in records.clone() {
                    dispatch_depth(r, rec, span, depth + 1);
                }
            } else if let Some(Value::String(inner)) = m.get("CloudTrailEvent") {
                match serde_json::from_str::<Value>(inner) {
                    Ok(v) => crate::cloudtrail::record(r, &v, span),
                    Err(e) => r.problem(
                        true,
                        ProblemCode::UnrecognisedJson,
                        format!("`CloudTrailEvent` is not JSON: {e}"),
                        "paste the output of `aws cloudtrail lookup-events` as it was printed",
                        span,
                    ),
                }
            } else if m.contains_key("eventName") || m.contains_key("eventSource") {
                crate::cloudtrail::record(r, &value, span);
            } else if let Some(msg) = ["Message", "message", "errorMessage"]
                .iter()
                .find_map(|k| m.get(*k).and_then(Value::as_str))
            {
                // An error body as a service returns it (`{"__type": "AccessDeniedException", "Message": "…"}`).
                let code = ["__type", "code", "Code", "errorType"]
                    .iter()
                    .find_map(|k| m.get(*k).and_then(Value::as_str))
                    .map(|c| c.rsplit('#').next().unwrap_or(c).to_string());
                let text = match code {
                    Some(c) => format!("{c}: {msg}"),
                    None => msg.to_string(),
                };
                crate::text::message(r, &text, span);
            } else {
                let keys: Vec<String> = m.keys().take(6).map(|k| format!("`{k}`")).collect();
                r.seen.push("a JSON document".into());
                r.problem(
                    true,
                    ProblemCode::UnrecognisedJson,
                    format!(
                        "a JSON document that is neither a CloudTrail record (no `eventName`/`eventSource`) nor a \
                         decoded authorization message (no `allowed`/`context`); its keys: {}",
                        if keys.is_empty() { "none".to_string() } else { keys.join(", ") }
                    ),
                    "paste a CloudTrail record or the output of `aws sts decode-authorization-message`",
                    span,
                );
            }
        }
        other => {
            r.problem(
                true,
                ProblemCode::UnrecognisedJson,
                format!(
                    "a JSON {} where a CloudTrail record or a decoded message was expected",
                    kind(&other)
                ),
                "paste a CloudTrail record or the output of `aws sts decode-authorization-message`",
                span,
            );
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `{"items": [{"value": "x"}]}` → `["x"]`.
fn items(v: Option<&Value>) -> Vec<String> {
    v.and_then(|x| x.get("items"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|i| i.get("value").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Keys the decoded message carries that are AWS's internal view of the request, not condition keys a policy can
/// test (`aws:Resource`, `aws:Account`, `aws:Type`, `aws:ARN`, `aws:Service`, `aws:Region`): the request has the
/// same facts in its resource and action.
fn internal(key: &str) -> bool {
    iam_reference::global_condition_key(key).is_none()
        && iam_reference::condition_key(key).is_none()
}

/// A decoded authorization message.
pub(crate) fn decoded(r: &mut Reader<'_>, v: &Value, span: Span) {
    let mut d = Draft::new(Form::DecodedMessage, span, &v.to_string());
    r.seen.push("a decoded authorization message".into());
    let allowed = v.get("allowed").and_then(Value::as_bool);
    let explicit = v
        .get("explicitDeny")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let ctx = v.get("context").cloned().unwrap_or(Value::Null);
    if allowed == Some(true) {
        r.problem(
            false,
            ProblemCode::NotDenied,
            "the decoded authorization message says `\"allowed\": true`: the call it describes was allowed".into(),
            "paste the message of a denied call",
            span,
        );
        return;
    }
    d.error_code = Some(
        if explicit {
            "explicit deny"
        } else {
            "implicit deny"
        }
        .to_string(),
    );
    // Principal.
    let p = ctx.get("principal");
    let arn = p.and_then(|p| p.get("arn")).and_then(Value::as_str);
    let id = p.and_then(|p| p.get("id")).and_then(Value::as_str);
    match (arn, id) {
        (Some(a), Some(i)) => {
            d.principal = Some((
                serde_json::json!({ "arn": a, "userId": i }),
                format!("the decoded message's `context.principal` (`{a}`, user id `{i}`)"),
            ));
            d.ctx = resource::arn_fields(a);
        }
        (Some(a), None) => {
            d.principal = Some((
                Value::String(a.into()),
                format!("the decoded message's `context.principal.arn` `{a}`"),
            ));
            d.ctx = resource::arn_fields(a);
        }
        (None, Some(i)) => {
            d.principal_missing = Some(format!(
                "the decoded message gives only the principal's id `{i}`, no ARN"
            ));
        }
        (None, None) => {}
    }
    // Action: sometimes without its prefix (`RunInstances`); the matched statements or the resource's service
    // give it.
    let statements: Vec<Value> = v
        .get("matchedStatements")
        .and_then(|m| m.get("items"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if let Some(action) = ctx.get("action").and_then(Value::as_str) {
        if action.contains(':') {
            d.action = Some(action.to_string());
        } else {
            d.operation = Some(action.to_string());
            let from_statements = statements
                .iter()
                .flat_map(|s| items(s.get("actions")))
                .find(|a| {
                    a.split_once(':')
                        .is_some_and(|(_, n)| n.eq_ignore_ascii_case(action))
                });
            let resource = ctx
                .get("resource")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let svc = resource.split(':').nth(2).unwrap_or_default();
            if let Some(a) = from_statements {
                d.action = Some(a);
            } else if let Some(p) = iam_reference::service(svc) {
                d.service = Some((
                    p.prefix(),
                    format!("the service of the resource ARN `{resource}`"),
                ));
            }
        }
    }
    if let Some(res) = ctx.get("resource").and_then(Value::as_str) {
        d.resource = ResourceSource::Arn(res.to_string());
        if let Some(region) = resource::arn_fields(res).region {
            d.real_api
                .insert("region".into(), Value::String(region.clone()));
            d.got(
                "realApi.region",
                format!("the region of the resource `{res}`"),
            );
        }
    }
    // Condition keys.
    let conditions = ctx
        .get("conditions")
        .and_then(|c| c.get("items"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut dropped = Vec::new();
    for c in &conditions {
        let Some(key) = c.get("key").and_then(Value::as_str) else {
            continue;
        };
        let values = items(c.get("values"));
        if internal(key) {
            dropped.push(format!("`{key}`"));
            continue;
        }
        let value = match values.as_slice() {
            [one] => Value::String(one.clone()),
            many => Value::Array(many.iter().cloned().map(Value::String).collect()),
        };
        d.key(key, value, "the decoded message's `context.conditions`");
    }
    if !dropped.is_empty() {
        d.notes.push(format!(
            "left out {}: AWS's own view of the request in the decoded message, not condition keys of the service \
             authorization reference (the request's action and resource carry the same facts)",
            dropped.join(", ")
        ));
    }
    // Blame: the matched statements.
    let denying: Vec<String> = statements
        .iter()
        .filter(|s| {
            s.get("effect")
                .and_then(Value::as_str)
                .is_some_and(|e| e.eq_ignore_ascii_case("deny"))
        })
        .map(|s| {
            s.get("statementId")
                .and_then(Value::as_str)
                .unwrap_or("(no Sid)")
                .to_string()
        })
        .collect();
    d.blamed = Some(crate::Blame {
        policy_type: None,
        explicit,
        phrase: if explicit {
            format!(
                "\"explicitDeny\": true{}",
                if denying.is_empty() {
                    String::new()
                } else {
                    format!(" (statements {})", denying.join(", "))
                }
            )
        } else {
            "\"explicitDeny\": false: no statement allows the request".to_string()
        },
        trust_policy: false,
        through: None,
        policy_arn: None,
    });
    d.got(
        "blamed",
        "the decoded message's `explicitDeny` and `matchedStatements`",
    );
    if d.action.is_none() && d.operation.is_none() {
        r.problem(
            true,
            ProblemCode::NoAction,
            "a decoded authorization message without `context.action`: no request can be built"
                .into(),
            "paste the whole output of `aws sts decode-authorization-message`",
            span,
        );
        return;
    }
    r.finish(d);
}
