//! The one answer type: the decision, which policy type decided it, the statements that did, and the trace of
//! every policy and statement, plus the diagnostics found on the way.

use crate::condition::ConditionTrace;
use crate::context::ContextValue;
use crate::diag::{Diagnostic, Location, Span};
use crate::policy::{Effect, PolicyKind};
use crate::request::Principal;
use serde::{Deserialize, Serialize};

/// The final authorization decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Decision {
    Allow,
    #[default]
    ImplicitDeny,
    ExplicitDeny,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "Allow",
            Decision::ImplicitDeny => "ImplicitDeny",
            Decision::ExplicitDeny => "ExplicitDeny",
        }
    }

    pub fn is_allow(self) -> bool {
        self == Decision::Allow
    }
}

impl std::fmt::Display for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the engine answers for one request.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    pub decision: Decision,
    /// The policy type that decided: the one with the explicit deny, the gate that had no allow, or for an
    /// allow the kind of policy that granted it (`identity` or `resource`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<PolicyKind>,
    /// The decision in plain words.
    pub reason: String,
    /// Ids (`identity/Name#0`) of the statements that decided the outcome.
    pub deciding_statements: Vec<String>,
    /// Every statement that applied, when asked for with [`crate::Options::Applying`] (the trace says the same
    /// statement by statement).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applying_statements: Vec<String>,
    /// True when something could not be evaluated (an invalid policy or statement), so the decision may differ
    /// from what AWS would do once the input is fixed.
    pub incomplete: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<RequestSummary>,
    /// The context the evaluation used, derived keys marked.
    pub context: Vec<ContextValue>,
    pub policies: Vec<PolicyTrace>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// The request as evaluated.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestSummary {
    pub principal: Principal,
    pub action: String,
    pub resource: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_account: Option<String>,
    pub same_account: bool,
}

/// One policy's part in the answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyTrace {
    pub id: String,
    pub name: String,
    pub kind: PolicyKind,
    /// For SCPs and RCPs: the level (root, OU, account) the policy is attached to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// False when the policy does not take part (e.g. SCPs for the management account); see `note`.
    pub applies: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Some statement allows the request.
    pub allows: bool,
    /// Some statement explicitly denies the request.
    pub denies: bool,
    pub statements: Vec<StatementTrace>,
}

/// How a `Principal` element matched the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PrincipalMatch {
    /// The caller itself is named (user ARN, session ARN, service).
    Direct,
    /// The role of a role session is named.
    Role,
    /// The IAM user behind a federated user session is named.
    ParentUser,
    /// The caller's account is named.
    Account,
    /// `"*"`, or a `NotPrincipal` that excludes someone else.
    Everyone,
}

/// The element of a statement a trace is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Element {
    Action,
    NotAction,
    Resource,
    NotResource,
    Principal,
    NotPrincipal,
}

impl Element {
    pub fn as_str(self) -> &'static str {
        match self {
            Element::Action => "Action",
            Element::NotAction => "NotAction",
            Element::Resource => "Resource",
            Element::NotResource => "NotResource",
            Element::Principal => "Principal",
            Element::NotPrincipal => "NotPrincipal",
        }
    }
}

impl std::fmt::Display for Element {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether one element (Action, Resource, Principal) of a statement matched, and how.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ElementTrace {
    pub element: Element,
    /// The element is satisfied (for Not* elements: nothing listed matched).
    pub matched: bool,
    /// The listed pattern that matched the request, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Extra words, e.g. an unresolved variable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal_match: Option<PrincipalMatch>,
    pub span: Span,
}

/// One statement's part in the answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementTrace {
    /// `identity/Name#0`.
    pub id: String,
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    pub effect: Effect,
    /// Every element and condition matched: the statement takes effect for this request.
    pub applies: bool,
    /// The statement is one of those that decided the outcome.
    pub decisive: bool,
    /// Plain words: why it applies or not.
    pub explanation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<ElementTrace>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<ElementTrace>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<ElementTrace>,
    pub conditions: Vec<ConditionTrace>,
    /// Why the statement could not be evaluated (it then counts for nothing and the answer is incomplete).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unevaluable: Vec<String>,
    pub span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl Answer {
    /// The trace of a statement by id (`identity/Name#0`) or by `policy#Sid`.
    pub fn statement(&self, id: &str) -> Option<&StatementTrace> {
        self.policies
            .iter()
            .flat_map(|p| p.statements.iter())
            .find(|s| {
                s.id == id
                    || s.sid.as_ref().is_some_and(|sid| {
                        id.rsplit_once('#')
                            .is_some_and(|(p, x)| s.id.starts_with(&format!("{p}#")) && x == sid)
                    })
            })
    }

    /// True when the effect of the statement named `id` (index or Sid form) is among the deciding ones.
    pub fn is_deciding(&self, id: &str) -> bool {
        self.statement(id).is_some_and(|s| s.decisive)
    }
}

/// Statement effect as text.
pub fn effect_str(e: Effect) -> &'static str {
    match e {
        Effect::Allow => "Allow",
        Effect::Deny => "Deny",
    }
}
