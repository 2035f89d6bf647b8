//! Offline policy checks in IAM Access Analyzer's vocabulary: a policy text and its type in, located findings out.
//!
//! The engine reads the policy (its parser reports grammar problems as located diagnostics, which are mapped to
//! Access Analyzer's issue codes in `engine_map.rs`); the checks in `checks/` then read the parsed statements with
//! the service authorization reference (`iam-reference`: actions, resource types, condition keys) and the
//! real-API knowledge (`iam-realapi`: which keys an action never carries, ARN naming rules). Every finding has a
//! code, a severity, a message, the span and line:column in the text, the statement, and a fix where one is
//! obvious. Nothing here panics on any input.
//!
//! ```
//! use iam_lint::{lint, PolicyType, Severity};
//! let text = r#"{"Version": "2012-10-17", "Statement": [
//!   {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}"#;
//! let findings = lint(text, PolicyType::Identity);
//! assert_eq!(findings[0].code, "PASS_ROLE_WITH_STAR_IN_RESOURCE");
//! assert_eq!(findings[0].severity, Severity::SecurityWarning);
//! assert_eq!(findings[0].at(), "2:33");
//! ```

mod cache;
mod catalog;
mod checks;
mod engine_map;
pub mod extract;
mod finding;
pub mod sarif;

pub use catalog::{check, Check, CHECKS};
pub use finding::{Finding, Fix, Severity, StatementRef};

use iam_engine::diag::LineIndex;
use iam_engine::json::Node;
use iam_engine::{Policy, PolicyKind, Span};
use serde::{Deserialize, Serialize};

/// What a policy is, which decides the checks that apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyType {
    /// An identity-based policy (managed or inline) of a user, group or role.
    Identity,
    /// A resource-based policy (bucket, queue, topic, key, …).
    Resource,
    /// A service control policy.
    Scp,
    /// A resource control policy.
    Rcp,
    /// A permissions boundary.
    Boundary,
    /// A role's trust policy.
    Trust,
    /// A session policy.
    Session,
    /// A VPC endpoint policy (a resource-based policy of the endpoint: `Principal: "*"` is its normal form).
    VpcEndpoint,
}

impl PolicyType {
    pub const ALL: [PolicyType; 8] = [
        PolicyType::Identity,
        PolicyType::Resource,
        PolicyType::Scp,
        PolicyType::Rcp,
        PolicyType::Boundary,
        PolicyType::Trust,
        PolicyType::Session,
        PolicyType::VpcEndpoint,
    ];

    /// `identity`, `resource`, `scp`, `rcp`, `boundary`, `trust`, `session`, `vpc-endpoint`.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyType::Identity => "identity",
            PolicyType::Resource => "resource",
            PolicyType::Scp => "scp",
            PolicyType::Rcp => "rcp",
            PolicyType::Boundary => "boundary",
            PolicyType::Trust => "trust",
            PolicyType::Session => "session",
            PolicyType::VpcEndpoint => "vpc-endpoint",
        }
    }

    /// Reads the names of [`PolicyType::as_str`] (and `permissionsBoundary`, `scps`, `rcps`, the scenario's
    /// names), case-insensitively.
    pub fn parse(s: &str) -> Option<PolicyType> {
        let lower = s.trim().to_ascii_lowercase();
        match lower.as_str() {
            "permissionsboundary" | "permissions-boundary" => Some(PolicyType::Boundary),
            "scps" => Some(PolicyType::Scp),
            "rcps" => Some(PolicyType::Rcp),
            "resource-based" => Some(PolicyType::Resource),
            "vpcendpoint" => Some(PolicyType::VpcEndpoint),
            _ => PolicyType::ALL.into_iter().find(|t| t.as_str() == lower),
        }
    }

    /// How the engine reads a policy of this type (a trust policy is a resource-based policy of the role).
    pub fn kind(self) -> PolicyKind {
        match self {
            PolicyType::Identity => PolicyKind::Identity,
            PolicyType::Resource | PolicyType::Trust => PolicyKind::Resource,
            PolicyType::Scp => PolicyKind::Scp,
            PolicyType::Rcp => PolicyKind::Rcp,
            PolicyType::Boundary => PolicyKind::PermissionsBoundary,
            PolicyType::Session => PolicyKind::Session,
            PolicyType::VpcEndpoint => PolicyKind::VpcEndpoint,
        }
    }

    /// The type of a policy the engine read as `kind` (VPC endpoint policies are resource-based).
    pub fn from_kind(kind: PolicyKind) -> PolicyType {
        match kind {
            PolicyKind::Identity => PolicyType::Identity,
            PolicyKind::Resource => PolicyType::Resource,
            PolicyKind::VpcEndpoint => PolicyType::VpcEndpoint,
            PolicyKind::PermissionsBoundary => PolicyType::Boundary,
            PolicyKind::Session => PolicyType::Session,
            PolicyKind::Scp => PolicyType::Scp,
            PolicyKind::Rcp => PolicyType::Rcp,
        }
    }

    /// Whether the policy grants permissions to the identity it is attached to (checks about what a principal
    /// can do with its own permissions apply).
    fn grants_identity(self) -> bool {
        matches!(self, PolicyType::Identity | PolicyType::Session)
    }
}

/// Where an identity-based policy is kept, which sets its size quota (IAM and AWS STS quotas).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Container {
    /// A customer managed policy: 6,144 characters.
    Managed,
    /// A user's inline policies: 2,048 characters.
    UserInline,
    /// A group's inline policies: 5,120 characters.
    GroupInline,
    /// A role's inline policies: 10,240 characters.
    RoleInline,
}

/// Who the policy's principal is, when known: some keys exist only for some principals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Attachment {
    User,
    Group,
    Role,
}

/// What the linter knows about the policy besides its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Options {
    pub policy_type: PolicyType,
    /// Where an identity-based policy is kept (default: a managed policy).
    #[serde(default)]
    pub container: Option<Container>,
    /// The identity the policy is attached to, when known.
    #[serde(default)]
    pub attached_to: Option<Attachment>,
}

impl Options {
    pub fn new(policy_type: PolicyType) -> Self {
        Options {
            policy_type,
            container: None,
            attached_to: None,
        }
    }
}

/// Lints a policy document given as text. Findings are sorted by place, then severity.
pub fn lint(text: &str, policy_type: PolicyType) -> Vec<Finding> {
    lint_with(text, &Options::new(policy_type))
}

/// [`lint`] with what else is known about the policy.
pub fn lint_with(text: &str, options: &Options) -> Vec<Finding> {
    let index = LineIndex::new(text);
    match iam_engine::json::parse(text) {
        Ok(node) => lint_node(&node, text, &index, options),
        Err(diag) => {
            let policy = Policy {
                id: iam_engine::PolicyId::from_text("policy"),
                name: "policy".to_string(),
                kind: options.policy_type.kind(),
                version: iam_engine::policy::Version::V2008,
                statements: Vec::new(),
                diagnostics: vec![diag.locate_in(
                    iam_engine::Source::Policy(iam_engine::PolicyId::from_text("policy")),
                    &index,
                )],
                readable: false,
            };
            let mut cx = checks::Cx::new(text, &index, options, &policy, None);
            engine_map::map_diagnostics(&mut cx);
            cx.finish()
        }
    }
}

/// Lints a policy that is a JSON node inside a larger text (a scenario, a CloudFormation template): spans and
/// locations point into `text`, whose line index is `index`.
pub fn lint_node(
    node: &Node<'_>,
    text: &str,
    index: &LineIndex<'_>,
    options: &Options,
) -> Vec<Finding> {
    let policy = iam_engine::policy::parse_policy_node_indexed(
        options.policy_type.kind(),
        "policy",
        "policy",
        node,
        text,
        index,
    );
    lint_parsed(&policy, node, text, index, options)
}

/// Lints a policy the engine has already read from `node` (the policy document's JSON tree, whose spans point
/// into `text`, indexed by `index`): the same findings as [`lint_node`] without reading the policy a second time,
/// for callers that keep the engine's reading (the app reads each policy once per edit for its diagnostics).
pub fn lint_parsed(
    policy: &Policy,
    node: &Node<'_>,
    text: &str,
    index: &LineIndex<'_>,
    options: &Options,
) -> Vec<Finding> {
    let mut cx = checks::Cx::new(text, index, options, policy, Some(node));
    engine_map::map_diagnostics(&mut cx);
    checks::run(&mut cx);
    cx.finish()
}

/// The most severe severity among the findings.
pub fn worst(findings: &[Finding]) -> Option<Severity> {
    findings.iter().map(|f| f.severity).min()
}

/// A span as a location in `index`'s text.
fn locate(index: &LineIndex<'_>, span: Span) -> iam_engine::Location {
    index.location(span)
}
