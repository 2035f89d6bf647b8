//! Policies as the engine sees them: statements with compiled matchers and the span of every element.
//! Parsing lives in `policy/parse.rs`.

mod parse;

pub use parse::{parse_policy_node, parse_policy_node_indexed, parse_policy_text};

use crate::condition::Condition;
use crate::diag::{Diagnostic, Span};
use crate::pattern::{ArnPattern, Pattern};
use crate::variables::Template;
use serde::{Deserialize, Serialize};

/// Where a policy sits in the evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyKind {
    Identity,
    Resource,
    PermissionsBoundary,
    Session,
    Scp,
    Rcp,
    VpcEndpoint,
}

impl PolicyKind {
    /// Every kind, in the order a scenario lists them.
    pub const ALL: [PolicyKind; 7] = [
        PolicyKind::Identity,
        PolicyKind::Resource,
        PolicyKind::PermissionsBoundary,
        PolicyKind::Session,
        PolicyKind::Scp,
        PolicyKind::Rcp,
        PolicyKind::VpcEndpoint,
    ];

    /// The prefix used in policy ids (`identity/Name`).
    pub fn id_prefix(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity",
            PolicyKind::Resource => "resource",
            PolicyKind::PermissionsBoundary => "permissionsBoundary",
            PolicyKind::Session => "session",
            PolicyKind::Scp => "scps",
            PolicyKind::Rcp => "rcps",
            PolicyKind::VpcEndpoint => "vpcEndpoint",
        }
    }

    /// The kind whose id prefix (and scenario key) is `prefix`.
    /// The id the engine gives a policy of this kind named `name` (at organization `level` for SCPs and RCPs):
    /// `identity/Name`, `scps/Root/Name`. Diagnostics and traces name policies by it.
    pub fn policy_id(self, level: &str, name: &str) -> PolicyId {
        PolicyId::new(self, level, name)
    }

    pub fn from_id_prefix(prefix: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id_prefix() == prefix)
    }

    /// SCPs and RCPs sit on levels of the organization (root first); their ids carry the level.
    pub fn has_levels(self) -> bool {
        matches!(self, PolicyKind::Scp | PolicyKind::Rcp)
    }

    /// Kinds a request is evaluated against at most one of (the resource's policy, the principal's boundary,
    /// the session's policy).
    pub fn single(self) -> bool {
        matches!(
            self,
            PolicyKind::Resource | PolicyKind::PermissionsBoundary | PolicyKind::Session
        )
    }

    /// Short words for a menu or a tag: `Identity-based`, `SCP`.
    pub fn short_label(self) -> &'static str {
        match self {
            PolicyKind::Identity => "Identity-based",
            PolicyKind::Resource => "Resource-based",
            PolicyKind::PermissionsBoundary => "Permissions boundary",
            PolicyKind::Session => "Session policy",
            PolicyKind::Scp => "SCP",
            PolicyKind::Rcp => "RCP",
            PolicyKind::VpcEndpoint => "VPC endpoint",
        }
    }

    /// Plain words for people.
    pub fn label(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity-based policy",
            PolicyKind::Resource => "resource-based policy",
            PolicyKind::PermissionsBoundary => "permissions boundary",
            PolicyKind::Session => "session policy",
            PolicyKind::Scp => "service control policy (SCP)",
            PolicyKind::Rcp => "resource control policy (RCP)",
            PolicyKind::VpcEndpoint => "VPC endpoint policy",
        }
    }

    /// Resource-style policies name a principal in each statement.
    pub fn needs_principal(self) -> bool {
        matches!(
            self,
            PolicyKind::Resource | PolicyKind::Rcp | PolicyKind::VpcEndpoint
        )
    }
}

/// `2012-10-17` (variables work) or `2008-10-17` (the default when absent; `${…}` is literal text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Version {
    #[serde(rename = "2012-10-17")]
    V2012,
    #[serde(rename = "2008-10-17")]
    V2008,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Effect {
    Allow,
    Deny,
}

/// A policy's id: its kind's prefix, for SCPs and RCPs the organization level, and its name (`identity/Name`,
/// `scps/Root/FullAWSAccess`), as diagnostics, traces and statement ids name it; written as that text in JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PolicyId(String);

impl PolicyId {
    /// The id of a policy of `kind` named `name` (at organization `level` for SCPs and RCPs).
    pub fn new(kind: PolicyKind, level: &str, name: &str) -> Self {
        if kind.has_levels() {
            PolicyId(format!("{}/{level}/{name}", kind.id_prefix()))
        } else {
            PolicyId(format!("{}/{name}", kind.id_prefix()))
        }
    }

    /// An id as written (`identity/Name`), without checking its form.
    pub fn from_text(text: &str) -> Self {
        PolicyId(text.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PolicyId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for PolicyId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for PolicyId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for PolicyId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// A parsed policy.
#[derive(Debug, Clone)]
pub struct Policy {
    /// `identity/Name`, `scps/Root/FullAWSAccess`, …
    pub id: PolicyId,
    pub name: String,
    pub kind: PolicyKind,
    pub version: Version,
    pub statements: Vec<Statement>,
    /// Problems found while parsing, already located in the policy's source.
    pub diagnostics: Vec<Diagnostic>,
    /// False when the document itself could not be read (invalid JSON, not an object).
    pub readable: bool,
}

impl Policy {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// One action pattern, lower-cased for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionPattern {
    pub raw: String,
    pub pattern: Pattern,
    pub span: Span,
}

/// `Action` or `NotAction`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionBlock {
    pub negated: bool,
    pub patterns: Vec<ActionPattern>,
    pub span: Span,
}

/// How a resource pattern is matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourceMatcher {
    /// `*`
    All,
    Arn(Box<ArnPattern>),
    /// Has variables: substituted at evaluation time, then matched as an ARN.
    Template(Template),
    /// Could not be understood; never matches (an error was reported).
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourcePattern {
    pub raw: String,
    pub matcher: ResourceMatcher,
    pub span: Span,
}

/// `Resource` or `NotResource`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceBlock {
    pub negated: bool,
    pub patterns: Vec<ResourcePattern>,
    pub span: Span,
}

/// One principal named in a `Principal` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalEntry {
    /// `"*"` or `{"AWS": "*"}`: everyone, including anonymous callers.
    Everyone,
    /// An account, as an id or its root ARN.
    Account {
        account: String,
    },
    /// An IAM user, role, assumed-role session or federated-user ARN.
    Arn {
        arn: String,
    },
    Service {
        name: String,
    },
    Federated {
        name: String,
    },
    CanonicalUser {
        id: String,
    },
    /// Not understood; never matches (an error was reported).
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalItem {
    pub raw: String,
    pub entry: PrincipalEntry,
    pub span: Span,
}

/// `Principal` or `NotPrincipal`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalBlock {
    pub negated: bool,
    pub items: Vec<PrincipalItem>,
    pub span: Span,
}

/// One statement.
#[derive(Debug, Clone)]
pub struct Statement {
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    pub action: Option<ActionBlock>,
    pub resource: Option<ResourceBlock>,
    pub principal: Option<PrincipalBlock>,
    pub conditions: Vec<Condition>,
    pub span: Span,
    /// Where the statement starts and ends in its source, for people.
    pub location: Option<crate::diag::Location>,
    /// Why the statement cannot be evaluated (errors in it); empty when it can.
    pub unevaluable: Vec<String>,
}

impl Statement {
    /// `Allow` for every principal, action and resource with no condition: the statement of the
    /// `RCPFullAWSAccess` and `FullAWSAccess` managed policies.
    pub fn allows_everything(&self) -> bool {
        let star_principal = self.principal.as_ref().is_none_or(|p| {
            !p.negated
                && !p.items.is_empty()
                && p.items.iter().all(|i| i.entry == PrincipalEntry::Everyone)
        });
        let star_action = self
            .action
            .as_ref()
            .is_some_and(|a| !a.negated && a.patterns.iter().any(|p| p.raw == "*"));
        let star_resource = self
            .resource
            .as_ref()
            .is_none_or(|r| !r.negated && r.patterns.iter().any(|p| p.raw == "*"));
        self.effect == Effect::Allow
            && star_principal
            && star_action
            && star_resource
            && self.conditions.is_empty()
            && self.unevaluable.is_empty()
    }
}
