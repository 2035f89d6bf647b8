//! Finding the policies in a file: a policy document itself, the policies of a scenario (each keeping its kind),
//! or those of a CloudFormation template or Terraform plan (`extract/templates.rs`), each linted where it stands so
//! that findings point at the file's lines. A policy given as a JSON
//! string (the text as pasted) is linted as its own text and its findings moved into the file when the string
//! has no escapes (otherwise they point at the string's opening quote); fixes are not offered inside strings.

mod templates;
mod yaml;

use crate::{lint_node, lint_with, Attachment, Finding, Options, PolicyType};
use iam_engine::diag::LineIndex;
use iam_engine::json::{Node, NodeKind};
use iam_engine::Span;
use serde::Serialize;

/// What kind of file it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Format {
    /// A policy document.
    Policy,
    /// A scenario of this project (`policies` and a request).
    Scenario,
    /// A CloudFormation template (JSON).
    CloudFormation,
    /// A Terraform plan (`terraform show -json`).
    TerraformPlan,
    /// Not JSON, or JSON of no known shape: linted as a policy document.
    Unknown,
}

/// One policy of a file with its findings (spans and locations in the file's text).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Linted {
    /// `policy`, or where it sits in the scenario (`identity/VolumesOnly`).
    pub name: String,
    pub policy_type: PolicyType,
    pub findings: Vec<Finding>,
}

/// A policy found in a CloudFormation template or a Terraform plan, as an editor shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplatePolicy {
    /// Where it is: the resource's logical id and property (`BuildRole/Policies/Logs`), or the plan's address and
    /// attribute (`aws_iam_role.build.assume_role_policy`).
    pub name: String,
    pub policy_type: PolicyType,
    /// The document: as written when the template gives it as a JSON string, else laid out one member per line,
    /// with what the template computes as named placeholders (`{{Ref}}`, `{{Fn::GetAtt}}`).
    pub text: String,
}

/// The policies of a CloudFormation template (JSON or YAML) or a Terraform plan (`terraform show -json`), for an
/// editor; `None` when the text is neither. A policy the template does not know yet (a Terraform value known only
/// after apply) is left out.
pub fn template_policies(text: &str) -> Option<(Format, Vec<TemplatePolicy>)> {
    let yaml;
    let json;
    let root = match iam_engine::json::parse(text) {
        Ok(root) => {
            json = root;
            &json
        }
        Err(_) => {
            yaml = yaml::parse(text)?;
            &yaml
        }
    };
    let (format, found) = if templates::is_cloudformation(root) {
        (
            Format::CloudFormation,
            templates::cloudformation_documents(root),
        )
    } else if templates::is_terraform_plan(root) {
        (Format::TerraformPlan, templates::terraform_documents(root))
    } else {
        return None;
    };
    let policies = found
        .iter()
        .filter_map(|f| {
            Some(TemplatePolicy {
                name: f.name.clone(),
                policy_type: f.options.policy_type,
                text: templates::document_text(f)?,
            })
        })
        .collect();
    Some((format, policies))
}

/// Lints every policy of a file. `policy_type` is the type of a bare policy document (default: identity);
/// a scenario's policies keep their kinds.
pub fn lint_document(text: &str, policy_type: Option<PolicyType>) -> (Format, Vec<Linted>) {
    let bare = |format: Format| {
        let t = policy_type.unwrap_or(PolicyType::Identity);
        (
            format,
            vec![Linted {
                name: "policy".to_string(),
                policy_type: t,
                findings: lint_with(text, &Options::new(t)),
            }],
        )
    };
    let Ok(root) = iam_engine::json::parse(text) else {
        // Not JSON: a CloudFormation template in YAML, or a policy with a syntax error.
        let looks_like_json = text.trim_start().starts_with(['{', '[']);
        if let Some(root) = (!looks_like_json).then(|| yaml::parse(text)).flatten() {
            if templates::is_cloudformation(&root) {
                let mut linted = templates::cloudformation(&root, text);
                // Fixes are JSON text; they do not apply to YAML.
                for l in &mut linted {
                    for f in &mut l.findings {
                        f.fix = None;
                    }
                }
                return (Format::CloudFormation, linted);
            }
        }
        return bare(Format::Unknown);
    };
    if templates::is_cloudformation(&root) {
        return (
            Format::CloudFormation,
            templates::cloudformation(&root, text),
        );
    }
    if templates::is_terraform_plan(&root) {
        return (Format::TerraformPlan, templates::terraform(&root, text));
    }
    let Some(policies) = root.get("policies").filter(|p| p.as_object().is_some()) else {
        return bare(if root.get("Statement").is_some() {
            Format::Policy
        } else {
            Format::Unknown
        });
    };
    let index = LineIndex::new(text);
    let role = principal_is_role(&root);
    let mut out = Vec::new();
    let mut add = |name: String, t: PolicyType, doc: &Node<'_>| {
        let mut options = Options::new(t);
        if role && t == PolicyType::Identity {
            options.attached_to = Some(Attachment::Role);
        }
        let findings = match &doc.kind {
            NodeKind::String(s) => embedded(text, &index, doc.span, s, &options),
            _ => lint_node(doc, text, &index, &options),
        };
        out.push(Linted {
            name,
            policy_type: t,
            findings,
        });
    };
    for m in policies.as_object().unwrap_or_default() {
        let t = match m.name.as_ref() {
            "identity" => PolicyType::Identity,
            "resource" => PolicyType::Resource,
            "vpcEndpoint" => PolicyType::VpcEndpoint,
            "permissionsBoundary" => PolicyType::Boundary,
            "session" => PolicyType::Session,
            "scps" => PolicyType::Scp,
            "rcps" => PolicyType::Rcp,
            _ => continue,
        };
        for (name, doc) in named_documents(&m.name, &m.value) {
            add(name, t, doc);
        }
    }
    (Format::Scenario, out)
}

/// The documents under a scenario's policy member, with names: a named policy, an array of them, or levels of
/// them (SCPs, RCPs).
fn named_documents<'n, 't>(kind: &str, node: &'n Node<'t>) -> Vec<(String, &'n Node<'t>)> {
    let mut out = Vec::new();
    let mut one = |prefix: String, i: usize, n: &'n Node<'t>| {
        if let Some(doc) = n.get("document") {
            let name = n
                .get("name")
                .and_then(Node::as_str)
                .map_or_else(|| format!("Policy{}", i + 1), str::to_string);
            out.push((format!("{prefix}/{name}"), doc));
        } else if let Some(list) = n.get("policies") {
            let level = n
                .get("name")
                .and_then(Node::as_str)
                .map_or_else(|| format!("Level{}", i + 1), str::to_string);
            if let NodeKind::Array(items) = &list.kind {
                for (j, p) in items.iter().enumerate() {
                    if let Some(doc) = p.get("document") {
                        let name = p
                            .get("name")
                            .and_then(Node::as_str)
                            .map_or_else(|| format!("Policy{}", j + 1), str::to_string);
                        out.push((format!("{prefix}/{level}/{name}"), doc));
                    }
                }
            }
        }
    };
    match &node.kind {
        NodeKind::Array(items) => {
            for (i, n) in items.iter().enumerate() {
                one(kind.to_string(), i, n);
            }
        }
        NodeKind::Object(_) => one(kind.to_string(), 0, node),
        _ => {}
    }
    out
}

/// Whether the scenario's request principal is a role or a role session.
fn principal_is_role(root: &Node<'_>) -> bool {
    let Some(p) = root.get("request").and_then(|r| r.get("principal")) else {
        return false;
    };
    let arn_is_role = |s: &str| s.contains(":role/") || s.contains(":assumed-role/");
    match &p.kind {
        NodeKind::String(s) => arn_is_role(s),
        _ => {
            p.get("type")
                .and_then(Node::as_str)
                .is_some_and(|t| t == "role" || t == "assumedRole")
                || p.get("arn").and_then(Node::as_str).is_some_and(arn_is_role)
        }
    }
}

/// Lints a policy given as a JSON string inside `text`, with findings moved to the file's places.
pub(crate) fn embedded(
    text: &str,
    index: &LineIndex<'_>,
    string_span: Span,
    inner: &str,
    options: &Options,
) -> Vec<Finding> {
    let raw = text
        .get(string_span.start..string_span.end)
        .unwrap_or_default();
    // The text inside the quotes is the policy exactly when the string is quoted and has no escapes.
    let verbatim = raw.starts_with('"') && !raw.contains('\\');
    let base = string_span.start + 1;
    let move_span = |s: Span| {
        if verbatim {
            Span::new(base + s.start, base + s.end)
        } else {
            Span::new(string_span.start, string_span.start + 1)
        }
    };
    lint_with(inner, options)
        .into_iter()
        .map(|mut f| {
            if !verbatim {
                f.message = format!(
                    "at line {}, column {} of the policy text: {}",
                    f.location.line, f.location.column, f.message
                );
            }
            f.span = move_span(f.span);
            f.location = index.location(f.span);
            // A replacement inside a JSON string would need escaping: no fix is offered there.
            f.fix = None;
            f
        })
        .collect()
}
