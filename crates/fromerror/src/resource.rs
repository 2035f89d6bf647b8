//! Resource ARNs rebuilt from what the input names: a phrase such as `instance profile EMR_EC2_DefaultRole` (the
//! IAM API's messages name the type and the name, not the ARN), or a CloudTrail record's `resources` and
//! `requestParameters`, through the ARN templates of the service authorization reference.

use iam_reference::{template_placeholders, Action, ResourceType};
use serde_json::Value;

/// What an ARN is built with besides the resource's own names.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ctx {
    pub partition: Option<String>,
    pub account: Option<String>,
    pub region: Option<String>,
}

/// An ARN built from a template, with the placeholders nobody named (filled with `*`).
#[derive(Debug, Clone)]
pub(crate) struct Built {
    pub resource_type: ResourceType,
    pub arn: String,
    pub template: &'static str,
    pub unfilled: Vec<String>,
    /// How many of the resource's own names (not partition, region, account) were filled.
    pub names: usize,
}

fn is_frame(placeholder: &str) -> bool {
    matches!(placeholder, "Partition" | "Region" | "Account")
}

/// Fills the first template of `rt`: partition, region and account from `ctx` (`*` when unknown), the names from
/// `name` (`*` when it has none).
pub(crate) fn build(
    rt: ResourceType,
    ctx: &Ctx,
    mut name: impl FnMut(&str) -> Option<String>,
) -> Option<Built> {
    let template = rt.arn_templates().next()?;
    let mut unfilled = Vec::new();
    let mut names = 0;
    let arn = iam_reference::fill_template(template, |p| {
        let v = match p {
            "Partition" => Some(ctx.partition.clone().unwrap_or_else(|| "aws".to_string())),
            "Region" => ctx.region.clone(),
            "Account" => ctx.account.clone(),
            other => {
                let v = name(other);
                if v.is_some() {
                    names += 1;
                }
                v
            }
        };
        Some(v.unwrap_or_else(|| {
            unfilled.push(p.to_string());
            "*".to_string()
        }))
    });
    Some(Built {
        resource_type: rt,
        arn,
        template,
        unfilled,
        names,
    })
}

/// The resource a message names by type and name (`instance profile EMR_EC2_DefaultRole`, `role Admin`,
/// `policy platform-team-policy`): the longest leading words that name one of the action's resource types (spaces
/// as hyphens), the rest is the name, which fills the template's last name placeholder.
pub(crate) fn from_phrase(action: Action, phrase: &str, ctx: &Ctx) -> Option<Built> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    for split in (1..words.len()).rev() {
        let type_name = words.get(..split)?.join("-");
        let value = words.get(split..)?.join(" ");
        let Some(rt) = action
            .resource_types()
            .map(|r| r.resource_type())
            .find(|rt| rt.name().eq_ignore_ascii_case(&type_name))
            .or_else(|| action.service().resource_type(&type_name))
        else {
            continue;
        };
        let template = rt.arn_templates().next()?;
        let last = template_placeholders(template)
            .into_iter()
            .rev()
            .find(|p| !is_frame(p))?
            .to_string();
        return build(rt, ctx, |p| (p == last).then(|| value.clone()));
    }
    // A bare name: the action's only resource type with a single name.
    let mut types = action.resource_types().map(|r| r.resource_type());
    let (Some(rt), None) = (types.next(), types.next()) else {
        return None;
    };
    let template = rt.arn_templates().next()?;
    let names: Vec<&str> = template_placeholders(template)
        .into_iter()
        .filter(|p| !is_frame(p))
        .collect();
    match (names.as_slice(), words.as_slice()) {
        ([only], [single]) => {
            let only = only.to_string();
            build(rt, ctx, |p| (p == only).then(|| single.to_string()))
        }
        _ => None,
    }
}

/// The string values of a JSON tree by lower-cased key (depth and count bounded).
fn leaves(v: &Value, depth: usize, out: &mut Vec<(String, String)>) {
    if depth > 8 || out.len() > 500 {
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match x {
                    Value::String(s) => out.push((k.to_ascii_lowercase(), s.clone())),
                    Value::Number(n) => out.push((k.to_ascii_lowercase(), n.to_string())),
                    other => leaves(other, depth + 1, out),
                }
            }
        }
        Value::Array(items) => {
            for x in items {
                leaves(x, depth + 1, out);
            }
        }
        _ => {}
    }
}

/// The parameter keys a placeholder may appear as (`RoleNameWithPath` → `rolename`, `ObjectName` → `key`).
fn keys_for(placeholder: &str) -> Vec<String> {
    let p = placeholder.to_ascii_lowercase();
    let base = p.strip_suffix("withpath").unwrap_or(&p).to_string();
    let mut out = vec![base.clone()];
    match base.as_str() {
        "objectname" => out.push("key".into()),
        "bucketname" => out.push("bucket".into()),
        "secretid" => out.push("secretid".into()),
        "keyid" => out.push("keyid".into()),
        _ => {}
    }
    if let Some(stem) = base.strip_suffix("name") {
        out.push(format!("{stem}id"));
    }
    out
}

/// Every resource of `action` a CloudTrail record names: ARNs in `resources[].ARN` or anywhere in
/// `requestParameters` that are one of the action's resource types, then templates filled from the parameters'
/// names. Required types first; each type once.
pub(crate) fn from_record(
    action: Action,
    params: &Value,
    resources: &Value,
    ctx: &Ctx,
) -> Vec<(Built, String)> {
    let mut found: Vec<(Built, String)> = Vec::new();
    let mut values = Vec::new();
    leaves(params, 0, &mut values);
    let mut arns: Vec<(String, &'static str)> = Vec::new();
    if let Value::Array(items) = resources {
        for r in items {
            if let Some(a) = r.get("ARN").and_then(Value::as_str) {
                arns.push((a.to_string(), "the record's `resources`"));
            }
        }
    }
    for (k, v) in &values {
        if v.starts_with("arn:") {
            arns.push((
                v.clone(),
                if k.is_empty() {
                    "a parameter"
                } else {
                    "requestParameters"
                },
            ));
        }
    }
    let mut rows: Vec<_> = action.resource_types().collect();
    rows.sort_by_key(|r| !r.required());
    for row in rows {
        let rt = row.resource_type();
        if found.iter().any(|(b, _)| b.resource_type == rt) {
            continue;
        }
        if let Some((arn, whence)) = arns.iter().find(|(a, _)| rt.match_arn(a).is_some()) {
            found.push((
                Built {
                    resource_type: rt,
                    arn: arn.clone(),
                    template: "",
                    unfilled: Vec::new(),
                    names: 1,
                },
                format!("the ARN in {whence}"),
            ));
            continue;
        }
        let mut used = Vec::new();
        let built = build(rt, ctx, |p| {
            let keys = keys_for(p);
            let hit = values
                .iter()
                .find(|(k, v)| keys.iter().any(|w| w == k) && !v.starts_with("arn:"))?;
            used.push(hit.0.clone());
            Some(hit.1.clone())
        });
        if let Some(b) = built.filter(|b| b.names > 0) {
            let how = format!(
                "built from the template `{}` with requestParameters {}",
                b.template,
                used.iter()
                    .map(|u| format!("`{u}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            found.push((b, how));
        }
    }
    found
}

/// Partition, account and region of an ARN (`arn:aws:iam::123:user/x` → `aws`, `123`, none).
pub(crate) fn arn_fields(arn: &str) -> Ctx {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some(_), Some(region), Some(account)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Ctx::default();
    };
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Ctx {
        partition: some(partition),
        region: some(region),
        account: some(account),
    }
}
