//! The one answer type: the decision, which policy type decided it, the statements that did, and the trace of
//! every policy and statement, plus the diagnostics found on the way.

use crate::condition::ConditionTrace;
use crate::context::ContextValue;
use crate::diag::{Diagnostic, Location, Span};
use crate::policy::{Effect, PolicyId, PolicyKind};
use crate::request::Principal;
use serde::{Deserialize, Serialize};

/// A statement's id: the id of its policy and its index there, written `identity/Name#0` (in JSON too). A Sid is
/// not an id: statements need not have one, and two may share it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StatementId {
    /// The policy's id (`identity/Name`, `scps/Root/Name`).
    pub policy: PolicyId,
    /// The statement's place in the policy's `Statement` list, from 0.
    pub index: usize,
}

impl StatementId {
    pub fn new(policy: &str, index: usize) -> Self {
        StatementId {
            policy: PolicyId::from_text(policy),
            index,
        }
    }
}

impl StatementId {
    /// Ids as a list for prose: `identity/A#0, resource/R#1`.
    pub fn list<'a>(ids: impl IntoIterator<Item = &'a StatementId>) -> String {
        ids.into_iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The id's text, byte by byte, without building it.
    fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        let digits = self.index.to_string().into_bytes();
        self.policy
            .bytes()
            .chain(std::iter::once(b'#'))
            .chain(digits)
    }
}

/// Ids sort as their text does (`identity/P#10` before `identity/P#2`), so that lists of them keep the order they
/// had as strings.
impl Ord for StatementId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.bytes().cmp(other.bytes())
    }
}

impl PartialOrd for StatementId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for StatementId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.policy, self.index)
    }
}

impl std::str::FromStr for StatementId {
    type Err = String;

    /// Reads `policy#index`; the policy id may itself hold `#` (a policy name may), the index is after the last.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (policy, index) = s
            .rsplit_once('#')
            .ok_or_else(|| format!("`{s}` is not a statement id (`policy#index`)"))?;
        let index = index
            .parse()
            .map_err(|_| format!("`{s}` is not a statement id: `{index}` is not an index"))?;
        Ok(StatementId::new(policy, index))
    }
}

impl Serialize for StatementId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StatementId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

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
    pub deciding_statements: Vec<StatementId>,
    /// Every statement that applied, when asked for with [`crate::Options::Applying`] (the trace says the same
    /// statement by statement).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applying_statements: Vec<StatementId>,
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
    pub id: PolicyId,
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
    pub id: StatementId,
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
        let (policy, which) = id.rsplit_once('#')?;
        self.policies
            .iter()
            .flat_map(|p| p.statements.iter())
            .find(|s| {
                s.id.policy == policy
                    && (s.id.index.to_string() == which || s.sid.as_deref() == Some(which))
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A statement id is its policy's id and its index, and reads back from its text; a policy name may hold `#`
    /// (IAM policy names allow `+=,.@-_` and more in scenarios), the index is after the last one.
    #[test]
    fn a_statement_id_is_written_and_read_as_its_text() {
        let id: StatementId = "scps/Root/Deny#all#12".parse().unwrap();
        assert_eq!(id, StatementId::new("scps/Root/Deny#all", 12));
        assert_eq!(id.to_string(), "scps/Root/Deny#all#12");
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            "\"scps/Root/Deny#all#12\""
        );
        let back: StatementId = serde_json::from_str("\"identity/P#0\"").unwrap();
        assert_eq!(back, StatementId::new("identity/P", 0));
        assert!("identity/P".parse::<StatementId>().is_err());
        assert!("identity/P#x".parse::<StatementId>().is_err());
    }

    /// Lists of ids keep the order they had as text (answers stay byte-identical).
    #[test]
    fn ids_sort_as_their_text() {
        let texts = [
            "identity/P#2",
            "identity/P#10",
            "identity/A!x#0",
            "identity/A#1",
            "identity/A-b#0",
            "r#3",
        ];
        let mut ids: Vec<StatementId> = texts.iter().map(|t| t.parse().unwrap()).collect();
        ids.sort();
        let mut sorted = texts.to_vec();
        sorted.sort();
        assert_eq!(
            ids.iter().map(ToString::to_string).collect::<Vec<_>>(),
            sorted
        );
    }
}
