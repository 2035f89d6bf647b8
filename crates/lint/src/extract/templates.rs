//! Policies inside infrastructure templates: CloudFormation templates (JSON) and Terraform plans
//! (`terraform show -json`). Values the template computes — CloudFormation intrinsic functions, Terraform values
//! known only after apply — become named placeholders: nothing is reported inside them, and one suggestion per
//! policy says how many were left unchecked.

use super::{embedded, Linted};
use crate::{lint_node, Attachment, Container, Finding, Options, PolicyType, Severity};
use iam_engine::diag::LineIndex;
use iam_engine::json::{Member, Node, NodeKind};
use iam_engine::Span;
use std::borrow::Cow;

/// Where a resource type keeps a policy: (resource type, property or attribute, policy type, container,
/// attachment).
type Place = (
    &'static str,
    &'static str,
    PolicyType,
    Option<Container>,
    Option<Attachment>,
);

/// Where each CloudFormation resource type keeps its policies: (resource type, property, policy type, container,
/// attachment). `Policies` is a list of `{PolicyName, PolicyDocument}`.
const CFN: &[Place] = &[
    (
        "AWS::IAM::ManagedPolicy",
        "PolicyDocument",
        PolicyType::Identity,
        Some(Container::Managed),
        None,
    ),
    (
        "AWS::IAM::Policy",
        "PolicyDocument",
        PolicyType::Identity,
        None,
        None,
    ),
    (
        "AWS::IAM::Role",
        "AssumeRolePolicyDocument",
        PolicyType::Trust,
        None,
        None,
    ),
    (
        "AWS::IAM::Role",
        "Policies",
        PolicyType::Identity,
        Some(Container::RoleInline),
        Some(Attachment::Role),
    ),
    (
        "AWS::IAM::User",
        "Policies",
        PolicyType::Identity,
        Some(Container::UserInline),
        Some(Attachment::User),
    ),
    (
        "AWS::IAM::Group",
        "Policies",
        PolicyType::Identity,
        Some(Container::GroupInline),
        Some(Attachment::Group),
    ),
    (
        "AWS::S3::BucketPolicy",
        "PolicyDocument",
        PolicyType::Resource,
        None,
        None,
    ),
    (
        "AWS::SQS::QueuePolicy",
        "PolicyDocument",
        PolicyType::Resource,
        None,
        None,
    ),
    (
        "AWS::SNS::TopicPolicy",
        "PolicyDocument",
        PolicyType::Resource,
        None,
        None,
    ),
    (
        "AWS::KMS::Key",
        "KeyPolicy",
        PolicyType::Resource,
        None,
        None,
    ),
    (
        "AWS::SecretsManager::ResourcePolicy",
        "ResourcePolicy",
        PolicyType::Resource,
        None,
        None,
    ),
    (
        "AWS::EC2::VPCEndpoint",
        "PolicyDocument",
        PolicyType::VpcEndpoint,
        None,
        None,
    ),
];

/// Whether the document is a CloudFormation template.
pub(super) fn is_cloudformation(root: &Node<'_>) -> bool {
    root.get("AWSTemplateFormatVersion").is_some()
        || root
            .get("Resources")
            .and_then(Node::as_object)
            .is_some_and(|rs| {
                rs.iter().any(|r| {
                    r.value
                        .get("Type")
                        .and_then(Node::as_str)
                        .is_some_and(|t| t.starts_with("AWS::"))
                })
            })
}

/// Whether the document is a Terraform plan in JSON.
pub(super) fn is_terraform_plan(root: &Node<'_>) -> bool {
    root.get("planned_values").is_some()
        || (root.get("terraform_version").is_some() && root.get("format_version").is_some())
}

/// The name of an intrinsic function an object stands for (`{"Ref": …}`, `{"Fn::Sub": …}`), if it is one.
fn intrinsic<'n>(node: &'n Node<'_>) -> Option<(&'n str, &'n Node<'n>)> {
    let members = node.as_object()?;
    let [only] = members else {
        return None;
    };
    (only.name == "Ref" || only.name.starts_with("Fn::") || only.name == "Condition")
        .then(|| (only.name.as_ref(), &only.value))
}

/// A copy of the node with every intrinsic function replaced by a placeholder string, and the spans replaced.
fn with_placeholders<'t>(node: &Node<'t>, spans: &mut Vec<Span>) -> Node<'t> {
    if let Some((name, arg)) = intrinsic(node) {
        spans.push(node.span);
        let text = match (name, &arg.kind) {
            // A Fn::Sub string keeps its shape; its ${…} read as policy variables.
            ("Fn::Sub", NodeKind::String(s)) => s.to_string(),
            ("Ref", NodeKind::String(s)) => format!("{{{{Ref {s}}}}}"),
            _ => format!("{{{{{name}}}}}"),
        };
        return Node {
            span: node.span,
            kind: NodeKind::String(Cow::Owned(text)),
        };
    }
    let kind = match &node.kind {
        NodeKind::Array(items) => {
            NodeKind::Array(items.iter().map(|n| with_placeholders(n, spans)).collect())
        }
        NodeKind::Object(members) => NodeKind::Object(
            members
                .iter()
                .map(|m| Member {
                    name: m.name.clone(),
                    name_span: m.name_span,
                    value: with_placeholders(&m.value, spans),
                })
                .collect(),
        ),
        other => other.clone(),
    };
    Node {
        span: node.span,
        kind,
    }
}

/// The note that some values were not checked.
fn unresolved(index: &LineIndex<'_>, spans: &[Span], what: &str) -> Option<Finding> {
    let first = *spans.first()?;
    let check = crate::check("UNRESOLVED_TEMPLATE_VALUE")?;
    Some(Finding {
        code: check.code.to_string(),
        severity: Severity::Suggestion,
        message: format!(
            "{} value{} of this policy come{} from {what}; nothing is checked inside {}",
            spans.len(),
            if spans.len() == 1 { "" } else { "s" },
            if spans.len() == 1 { "s" } else { "" },
            if spans.len() == 1 { "it" } else { "them" },
        ),
        span: first,
        location: index.location(first),
        statement: None,
        fix: None,
        engine_code: None,
        learn_more: check.source.to_string(),
    })
}

/// Lints a policy node of a template, with placeholders for what the template computes.
fn lint_template_policy(
    node: &Node<'_>,
    text: &str,
    index: &LineIndex<'_>,
    options: &Options,
) -> Vec<Finding> {
    let mut spans = Vec::new();
    let replaced = with_placeholders(node, &mut spans);
    let inside = |f: &Finding| {
        spans
            .iter()
            .any(|s| s.start <= f.span.start && f.span.end <= s.end)
    };
    let mut findings: Vec<Finding> = lint_node(&replaced, text, index, options)
        .into_iter()
        .filter(|f| !inside(f))
        .collect();
    findings.extend(unresolved(
        index,
        &spans,
        "CloudFormation intrinsic functions (Ref, Fn::GetAtt, Fn::Sub, …)",
    ));
    findings.sort_by_key(|f| f.span.start);
    findings
}

/// A policy document found in a template: where it is, the options it is checked with, and its node (`None` when
/// the template does not know it yet, such as a Terraform value known only after apply; `at` is then the resource).
pub(super) struct Found<'n, 't> {
    pub name: String,
    pub options: Options,
    pub doc: Option<&'n Node<'t>>,
    pub at: Span,
}

/// The policy documents of a CloudFormation template.
pub(super) fn cloudformation_documents<'n, 't>(root: &'n Node<'t>) -> Vec<Found<'n, 't>> {
    let mut out = Vec::new();
    let Some(resources) = root.get("Resources").and_then(Node::as_object) else {
        return out;
    };
    for r in resources {
        let Some(rtype) = r.value.get("Type").and_then(Node::as_str) else {
            continue;
        };
        let Some(props) = r.value.get("Properties") else {
            continue;
        };
        for (t, property, ptype, container, attached) in CFN.iter().filter(|row| row.0 == rtype) {
            let Some(value) = props.get(property) else {
                continue;
            };
            let mut options = Options::new(*ptype);
            options.container = *container;
            options.attached_to = *attached;
            if *t == "AWS::IAM::Policy" {
                // An inline policy of the users, groups or roles it names: the strictest quota applies.
                options.container = if props.get("Users").is_some() {
                    Some(Container::UserInline)
                } else if props.get("Groups").is_some() {
                    Some(Container::GroupInline)
                } else {
                    Some(Container::RoleInline)
                };
            }
            if *property == "Policies" {
                if let NodeKind::Array(items) = &value.kind {
                    for (i, p) in items.iter().enumerate() {
                        if let Some(doc) = p.get("PolicyDocument") {
                            let name = p
                                .get("PolicyName")
                                .and_then(Node::as_str)
                                .map_or_else(|| format!("Policy{}", i + 1), str::to_string);
                            out.push(Found {
                                name: format!("{}/{property}/{name}", r.name),
                                options,
                                doc: Some(doc),
                                at: doc.span,
                            });
                        }
                    }
                }
            } else {
                out.push(Found {
                    name: format!("{}/{property}", r.name),
                    options,
                    doc: Some(value),
                    at: value.span,
                });
            }
        }
    }
    out
}

/// Lints the documents a template holds.
fn lint_found(found: Vec<Found<'_, '_>>, text: &str, what: &str) -> Vec<Linted> {
    let index = LineIndex::new(text);
    found
        .into_iter()
        .map(|f| {
            let findings = match f.doc {
                Some(d) => match &d.kind {
                    NodeKind::String(s) => embedded(text, &index, d.span, s, &f.options),
                    _ => lint_template_policy(d, text, &index, &f.options),
                },
                // The template does not know the policy yet (it depends on other resources).
                None => unresolved(&index, &[f.at], what).into_iter().collect(),
            };
            Linted {
                name: f.name,
                policy_type: f.options.policy_type,
                findings,
            }
        })
        .collect()
}

/// The policies of a CloudFormation template.
pub(super) fn cloudformation(root: &Node<'_>, text: &str) -> Vec<Linted> {
    lint_found(
        cloudformation_documents(root),
        text,
        "CloudFormation intrinsic functions (Ref, Fn::GetAtt, Fn::Sub, …)",
    )
}

/// A template's policy as an editor shows it: a policy given as a JSON string as written, one given as JSON
/// laid out one member per line; what the template computes becomes a named placeholder (`{{Ref}}`). `None` when
/// the template does not know the policy yet.
pub(super) fn document_text(found: &Found<'_, '_>) -> Option<String> {
    let doc = found.doc?;
    match &doc.kind {
        NodeKind::String(s) => Some(s.to_string()),
        _ => Some(with_placeholders(doc, &mut Vec::new()).to_pretty_string()),
    }
}

/// Where each Terraform resource type keeps a policy (as a JSON string): (type, attribute, policy type, container,
/// attachment). A role's `inline_policy` is a list of `{name, policy}` blocks.
const TERRAFORM: &[Place] = &[
    (
        "aws_iam_policy",
        "policy",
        PolicyType::Identity,
        Some(Container::Managed),
        None,
    ),
    (
        "aws_iam_role_policy",
        "policy",
        PolicyType::Identity,
        Some(Container::RoleInline),
        Some(Attachment::Role),
    ),
    (
        "aws_iam_user_policy",
        "policy",
        PolicyType::Identity,
        Some(Container::UserInline),
        Some(Attachment::User),
    ),
    (
        "aws_iam_group_policy",
        "policy",
        PolicyType::Identity,
        Some(Container::GroupInline),
        Some(Attachment::Group),
    ),
    (
        "aws_iam_role",
        "assume_role_policy",
        PolicyType::Trust,
        None,
        None,
    ),
    (
        "aws_iam_role",
        "inline_policy",
        PolicyType::Identity,
        Some(Container::RoleInline),
        Some(Attachment::Role),
    ),
    (
        "aws_s3_bucket_policy",
        "policy",
        PolicyType::Resource,
        None,
        None,
    ),
    (
        "aws_sqs_queue_policy",
        "policy",
        PolicyType::Resource,
        None,
        None,
    ),
    (
        "aws_sns_topic_policy",
        "policy",
        PolicyType::Resource,
        None,
        None,
    ),
    ("aws_kms_key", "policy", PolicyType::Resource, None, None),
    (
        "aws_secretsmanager_secret_policy",
        "policy",
        PolicyType::Resource,
        None,
        None,
    ),
    (
        "aws_vpc_endpoint",
        "policy",
        PolicyType::VpcEndpoint,
        None,
        None,
    ),
    (
        "aws_organizations_policy",
        "content",
        PolicyType::Scp,
        None,
        None,
    ),
];

/// Every resource of a plan's module and its child modules.
fn plan_resources<'n, 't>(module: &'n Node<'t>, out: &mut Vec<&'n Node<'t>>) {
    if let Some(NodeKind::Array(items)) = module.get("resources").map(|r| &r.kind) {
        out.extend(items.iter());
    }
    if let Some(NodeKind::Array(children)) = module.get("child_modules").map(|c| &c.kind) {
        for c in children {
            plan_resources(c, out);
        }
    }
}

/// A plan's value when it is known: Terraform leaves a value known only after apply out, or gives it as null or
/// as an empty string.
fn known<'n, 't>(value: &'n Node<'t>) -> Option<&'n Node<'t>> {
    match &value.kind {
        NodeKind::Null => None,
        NodeKind::String(s) if s.trim().is_empty() => None,
        _ => Some(value),
    }
}

/// The policy documents of a Terraform plan (`terraform show -json`): the planned values of each resource.
pub(super) fn terraform_documents<'n, 't>(root: &'n Node<'t>) -> Vec<Found<'n, 't>> {
    let mut out = Vec::new();
    let mut resources = Vec::new();
    if let Some(module) = root
        .get("planned_values")
        .and_then(|p| p.get("root_module"))
    {
        plan_resources(module, &mut resources);
    }
    for r in resources {
        let Some(rtype) = r.get("type").and_then(Node::as_str) else {
            continue;
        };
        let address = r.get("address").and_then(Node::as_str).unwrap_or(rtype);
        for (_, attribute, ptype, container, attached) in
            TERRAFORM.iter().filter(|row| row.0 == rtype)
        {
            let mut options = Options::new(*ptype);
            options.container = *container;
            options.attached_to = *attached;
            let value = r.get("values").and_then(|v| v.get(attribute));
            if *attribute == "inline_policy" {
                let Some(NodeKind::Array(blocks)) = value.map(|v| &v.kind) else {
                    continue;
                };
                for (i, block) in blocks.iter().enumerate() {
                    let name = block
                        .get("name")
                        .and_then(Node::as_str)
                        .filter(|n| !n.is_empty());
                    let doc = block.get("policy").and_then(known);
                    // A block with neither a name nor a policy stands for no inline policy at all.
                    if name.is_none() && doc.is_none() {
                        continue;
                    }
                    let name = name.map_or_else(|| format!("Policy{}", i + 1), str::to_string);
                    out.push(Found {
                        name: format!("{address}.{attribute}/{name}"),
                        options,
                        doc,
                        at: block.span,
                    });
                }
                continue;
            }
            out.push(Found {
                name: format!("{address}.{attribute}"),
                options,
                doc: value.and_then(known),
                at: r.span,
            });
        }
    }
    out
}

/// The policies of a Terraform plan; a policy known only after apply is reported as unresolved.
pub(super) fn terraform(root: &Node<'_>, text: &str) -> Vec<Linted> {
    lint_found(
        terraform_documents(root),
        text,
        "values Terraform knows only after apply",
    )
}
