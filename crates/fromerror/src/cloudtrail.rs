//! CloudTrail records of denied calls (`errorCode` `AccessDenied`, `UnauthorizedOperation`,
//! `Client.UnauthorizedOperation`…): `eventSource` + `eventName` → the action, `userIdentity` → the principal,
//! `sourceIPAddress`, `awsRegion`, `userAgent`, `vpcEndpointId`, `eventTime` → context keys, `resources` and
//! `requestParameters` → resource ARNs through the service's templates, and the call parameters that change what
//! it authorizes (a passed role, an instance profile, a key pair).

use crate::read::{Draft, ProblemCode, Reader, ResourceSource};
use crate::resource;
use crate::Form;
use iam_engine::Span;
use serde_json::{json, Value};

fn s<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str).filter(|x| !x.is_empty())
}

/// Whether an `errorCode` is an access denial.
fn denied(code: &str) -> bool {
    code.contains("AccessDenied")
        || code.contains("UnauthorizedOperation")
        || code.contains("Unauthorized")
}

/// One CloudTrail record.
pub(crate) fn record(r: &mut Reader<'_>, rec: &Value, span: Span) {
    let name = s(rec, "eventName").unwrap_or("(no eventName)").to_string();
    r.seen.push("a CloudTrail record".into());
    let code = s(rec, "errorCode");
    if !code.is_some_and(denied) {
        r.problem(
            false,
            ProblemCode::NotDenied,
            format!(
                "skipped the CloudTrail record of `{name}`: {}",
                match code {
                    Some(c) => format!("its errorCode `{c}` is not an access denial"),
                    None => "it has no errorCode (the call was not denied)".to_string(),
                }
            ),
            "only records with an AccessDenied or UnauthorizedOperation errorCode become requests",
            span,
        );
        return;
    }
    let mut d = Draft::new(
        Form::Cloudtrail,
        span,
        &format!("{name} {}", s(rec, "errorMessage").unwrap_or_default()),
    );
    d.error_code = code.map(str::to_string);
    d.got("errorCode", "the record's `errorCode`");
    d.operation = Some(name.clone());
    match s(rec, "eventSource") {
        Some(src) => match crate::ops::service_prefix(src) {
            Some(p) => d.service = Some((p, format!("the record's eventSource `{src}`"))),
            None => d.notes.push(format!(
                "the eventSource `{src}` is no service of the reference"
            )),
        },
        None => d.lack("action", "the record has no eventSource"),
    }
    // Where ARNs are built: the recipient account, the record's region.
    d.ctx.account = s(rec, "recipientAccountId").map(str::to_string);
    d.ctx.region = s(rec, "awsRegion").map(str::to_string);

    principal(&mut d, rec.get("userIdentity").unwrap_or(&Value::Null));
    if d.ctx.account.is_none() {
        d.ctx.account = rec
            .get("userIdentity")
            .and_then(|u| s(u, "accountId"))
            .map(str::to_string);
    }

    // The error message may name the action, the resource and the policy type.
    if let Some(msg) = s(rec, "errorMessage") {
        let line: String = msg.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(det) = crate::text::details(&line) {
            if det.action.is_some() {
                d.notes
                    .push("the action is the one the record's errorMessage names".into());
            }
            let principal = d.principal.clone();
            crate::text::apply(&mut d, det);
            if principal.is_some() {
                d.principal = principal;
            }
        } else {
            d.lack(
                "blamed",
                "the record's errorMessage does not name the policy type",
            );
        }
        if let Some(at) = line.find("Encoded authorization failure message:") {
            let enc = line
                .get(at + "Encoded authorization failure message:".len()..)
                .and_then(|t| t.split_whitespace().next())
                .unwrap_or_default()
                .trim_end_matches(['.', '"']);
            if !enc.is_empty() {
                d.encoded = Some(enc.to_string());
            }
        }
    } else {
        d.lack("blamed", "the record has no errorMessage");
    }
    // Resources: a resource named in the message text wins only when the record names none.
    let params = rec.get("requestParameters").cloned().unwrap_or(Value::Null);
    let resources = rec.get("resources").cloned().unwrap_or(Value::Null);
    let primary = match &d.resource {
        ResourceSource::Text(t) if t.starts_with("arn:") => Some(t.clone()),
        _ => None,
    };
    d.resource = ResourceSource::Record {
        params: params.clone(),
        resources,
        primary,
    };
    call_params(&mut d, &params);
    context(&mut d, rec);
    r.finish(d);
}

/// `userIdentity` → the principal.
fn principal(d: &mut Draft, u: &Value) {
    let kind = s(u, "type").unwrap_or_default();
    let arn = s(u, "arn");
    let id = s(u, "principalId");
    if let Some(a) = arn {
        d.ctx.partition = resource::arn_fields(a).partition;
    }
    match (kind, arn) {
        ("AWSService", _) => match s(u, "invokedBy") {
            Some(svc) => {
                d.principal = Some((
                    json!({ "service": svc }),
                    format!("userIdentity: the service `{svc}`"),
                ))
            }
            None => {
                d.principal_missing =
                    Some("userIdentity is an AWS service that the record does not name".into())
            }
        },
        ("AssumedRole", Some(a)) => {
            let mut p = json!({ "arn": a });
            let mut how = format!("userIdentity (AssumedRole): the session `{a}`");
            if let Some(i) = id {
                crate::set(&mut p, "userId", Value::String(i.to_string()));
                how.push_str(&format!(", user id `{i}`"));
            }
            if let Some(role) = u
                .get("sessionContext")
                .and_then(|c| c.get("sessionIssuer"))
                .and_then(|i| s(i, "arn"))
            {
                crate::set(&mut p, "roleArn", Value::String(role.to_string()));
                how.push_str(&format!(", role `{role}` (sessionContext.sessionIssuer)"));
            }
            d.principal = Some((p, how));
        }
        (_, Some(a)) => {
            let p = match id {
                Some(i) => json!({ "arn": a, "userId": i }),
                None => Value::String(a.to_string()),
            };
            d.principal = Some((p, format!("userIdentity ({kind}): `{a}`")));
        }
        ("AWSAccount", None) => {
            d.principal_missing =
                Some(format!(
                "userIdentity is another AWS account{} and the record gives no ARN of the caller",
                s(u, "accountId").map(|a| format!(" (`{a}`)")).unwrap_or_default()
            ))
        }
        (k, None) => {
            d.principal_missing = Some(format!(
                "userIdentity{} has no ARN",
                if k.is_empty() {
                    String::new()
                } else {
                    format!(" ({k})")
                }
            ))
        }
    }
}

/// The call parameters the real-API answer reads (a passed role, an instance profile, a key pair).
fn call_params(d: &mut Draft, params: &Value) {
    let Some(action) = d
        .action
        .clone()
        .and_then(|a| iam_reference::action(&a))
        .or_else(|| {
            let (p, _) = d.service.as_ref()?;
            let op = d.operation.as_deref()?;
            crate::ops::action_in(p, op).and_then(|(a, _)| iam_reference::action(&a))
        })
    else {
        return;
    };
    let passes_role = action
        .dependent_actions()
        .iter()
        .any(|x| x.name().eq_ignore_ascii_case("iam:PassRole"));
    let mut call = serde_json::Map::new();
    if let Some(ip) = params.get("iamInstanceProfile") {
        let arn = s(ip, "arn").map(str::to_string).or_else(|| {
            let name = s(ip, "name")?;
            let rt = iam_reference::service("iam")?.resource_type("instance-profile")?;
            resource::build(rt, &d.ctx, |_| Some(name.to_string())).map(|b| b.arn)
        });
        if let Some(arn) = arn {
            call.insert("instanceProfile".into(), Value::String(arn.clone()));
            d.got(
                "realApi.call.instanceProfile",
                format!("requestParameters.iamInstanceProfile: `{arn}`"),
            );
        }
    }
    if let Some(k) = s(params, "keyName") {
        call.insert("keyName".into(), Value::String(k.to_string()));
        d.got("realApi.call.keyName", "requestParameters.keyName");
    }
    if passes_role {
        if let Some(obj) = params.as_object() {
            let role = obj.iter().find_map(|(k, v)| {
                let v = v.as_str()?;
                (k.to_ascii_lowercase().contains("role")
                    && v.starts_with("arn:")
                    && v.contains(":role/"))
                .then(|| (k.clone(), v.to_string()))
            });
            if let Some((k, v)) = role {
                call.insert("role".into(), Value::String(v));
                d.got(
                    "realApi.call.role",
                    format!("requestParameters.{k} (the call passes the role)"),
                );
            }
        }
    }
    if !call.is_empty() {
        d.real_api.insert("call".into(), Value::Object(call));
    }
}

/// The context keys the record gives.
fn context(d: &mut Draft, rec: &Value) {
    if let Some(ip) = s(rec, "sourceIPAddress") {
        if ip.parse::<std::net::IpAddr>().is_ok() {
            d.key("aws:SourceIp", json!(ip), "the record's sourceIPAddress");
        } else {
            d.notes.push(format!(
                "sourceIPAddress `{ip}` is no IP address (a service called on the principal's behalf): aws:SourceIp \
                 is not set"
            ));
        }
    }
    if let Some(region) = s(rec, "awsRegion") {
        d.key(
            "aws:RequestedRegion",
            json!(region),
            "the record's awsRegion",
        );
        d.real_api.insert("region".into(), json!(region));
        d.got("realApi.region", "the record's awsRegion");
    }
    if let Some(ua) = s(rec, "userAgent") {
        d.key("aws:UserAgent", json!(ua), "the record's userAgent");
    }
    if let Some(v) = s(rec, "vpcEndpointId") {
        d.key("aws:SourceVpce", json!(v), "the record's vpcEndpointId");
    }
    if let Some(t) = s(rec, "eventTime") {
        d.real_api.insert("currentTime".into(), json!(t));
        d.got("realApi.currentTime", "the record's eventTime");
    }
    let mfa = rec
        .get("userIdentity")
        .and_then(|u| u.get("sessionContext"))
        .and_then(|c| c.get("attributes"))
        .and_then(|a| s(a, "mfaAuthenticated"));
    if let Some(m) = mfa {
        d.key(
            "aws:MultiFactorAuthPresent",
            json!(m == "true"),
            "userIdentity.sessionContext.attributes.mfaAuthenticated",
        );
    }
    if rec.get("tlsDetails").is_some_and(Value::is_object) {
        d.key(
            "aws:SecureTransport",
            json!(true),
            "the record has tlsDetails (the call came over TLS)",
        );
    }
}
