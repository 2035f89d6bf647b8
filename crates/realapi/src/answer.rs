//! What the real-API answer says: the decision, the resources and keys of the real request, the call parameters
//! used, the dependent actions, and every difference from the literal answer with its fix.

use iam_engine::{Answer, Decision, PolicyId, StatementId};
use serde::{Deserialize, Serialize};

/// The kinds of difference between the literal and the real answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DivergenceKind {
    /// The action supports no resource-level permissions: the real request is authorized against `*`.
    NoResourceLevelPermissions,
    /// The action requires several resource types; each is authorized and all must be allowed.
    MultipleRequiredResources,
    /// The typed ARN is none of the action's resource types.
    ArnNotAResourceType,
    /// A resource the call authorizes because of what it passes (an EBS volume, a key pair, a launch template),
    /// or because the typed ARN is one the reference marks optional.
    CallResource,
    /// A condition key the real request will not carry was removed.
    KeyNotInRequest,
    /// A key the principal cannot have (e.g. aws:username for a role session) was removed.
    KeyNotForPrincipal,
    /// A key every real request carries was filled in.
    KeyAlwaysPresent,
    /// The call also needs another action (e.g. iam:PassRole).
    DependentAction,
    /// The action is not in the service authorization reference.
    UnknownAction,
    /// The action needs no permission at all (`sts:GetCallerIdentity`).
    NoPermissionRequired,
    /// The resource belongs to AWS (an AWS managed policy, a service-linked role): customers cannot change it.
    AwsOwnedResource,
    /// The service needs its resource policy to allow (a KMS key policy), whatever the identity policies say.
    ResourcePolicyRequired,
    /// Only the resource's own account can perform the action (SQS DeleteQueue): no policy shares it.
    OwnerOnlyAction,
    /// The action accepts only some kinds of caller (`sts:GetFederationToken` takes an IAM user's long-term
    /// credentials): any other caller fails, whatever the policies allow.
    CallerTypeNotAccepted,
}

impl DivergenceKind {
    /// The kebab-case name used in JSON and the case files.
    pub fn as_str(self) -> &'static str {
        match self {
            DivergenceKind::NoResourceLevelPermissions => "no-resource-level-permissions",
            DivergenceKind::MultipleRequiredResources => "multiple-required-resources",
            DivergenceKind::ArnNotAResourceType => "arn-not-a-resource-type",
            DivergenceKind::CallResource => "call-resource",
            DivergenceKind::KeyNotInRequest => "key-not-in-request",
            DivergenceKind::KeyNotForPrincipal => "key-not-for-principal",
            DivergenceKind::KeyAlwaysPresent => "key-always-present",
            DivergenceKind::DependentAction => "dependent-action",
            DivergenceKind::UnknownAction => "unknown-action",
            DivergenceKind::NoPermissionRequired => "no-permission-required",
            DivergenceKind::AwsOwnedResource => "aws-owned-resource",
            DivergenceKind::ResourcePolicyRequired => "resource-policy-required",
            DivergenceKind::OwnerOnlyAction => "owner-only-action",
            DivergenceKind::CallerTypeNotAccepted => "caller-type-not-accepted",
        }
    }
}

/// A concrete change that makes the real call work (or says which policy must change).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    /// The change in words.
    pub text: String,
    /// The ARN the real API authorizes, to use instead of the typed one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// A statement to add, as policy JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<serde_json::Value>,
    /// The policy to add it to (`identity/Name`), when there is an obvious one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyId>,
}

/// One difference, in plain words, with the statements responsible and the fix.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Divergence {
    pub kind: DivergenceKind,
    pub explanation: String,
    /// The fix in words (the same as `fix.text`), when there is something to change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// Statements whose part differs between the two answers (`identity/Name#0`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<StatementId>,
    /// Condition keys involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
    pub literal_decision: Decision,
    pub real_decision: Decision,
}

/// Where the ARN of a resource the real API authorizes comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResourceOrigin {
    /// The request's resource, as typed.
    Typed,
    /// `realApi.resources` names it.
    Given,
    /// Built from the typed ARN (a log stream of the typed log group, the table of a typed index).
    Derived,
    /// The template with `*` for the names nobody gave.
    Template,
    /// A call parameter names it (`keyName`, `launchTemplate`), or the call creates it (an EBS volume).
    Call,
    /// The action has no resource types: `*`.
    Star,
}

/// The decision for one resource the real API authorizes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceCheck {
    /// The resource type (`volume`), or `*` for actions without resource-level permissions.
    pub resource_type: String,
    pub arn: String,
    /// The ARN was filled in, not typed or given by the user.
    pub prefilled: bool,
    pub origin: ResourceOrigin,
    pub decision: Decision,
    pub deciding_statements: Vec<StatementId>,
    /// The policy type that decided a denial (the boundary, an SCP…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<iam_engine::PolicyKind>,
}

/// A context key as the real request carries it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyChange {
    pub key: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    pub reason: String,
}

/// A call parameter that shaped the real request, with what it did.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallParameterUse {
    pub name: String,
    pub value: String,
    pub effect: String,
}

/// A dependent action and, when evaluated, its decision.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DependentCheck {
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The call certainly needs it for the parameters given; its decision is part of the real decision.
    pub certain: bool,
    /// When it is needed, or why.
    pub reason: String,
    /// Context keys the service supplies for it (`iam:PassedToService`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<KeyChange>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deciding_statements: Vec<StatementId>,
    /// The policy type that decided a denial.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<iam_engine::PolicyKind>,
    /// For a denial by SCPs or RCPs, the first policy of the organization level that allows nothing for it: the
    /// policy an allow must be added to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denied_at: Option<iam_engine::PolicyId>,
}

/// What the real API would decide.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RealApiAnswer {
    pub decision: Decision,
    /// The action as the reference names it, with its access level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_level: Option<String>,
    pub resources: Vec<ResourceCheck>,
    pub added_keys: Vec<KeyChange>,
    pub removed_keys: Vec<KeyChange>,
    /// The call parameters used (`realApi.call`) and what each changed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub call: Vec<CallParameterUse>,
    pub dependent_actions: Vec<DependentCheck>,
    /// Differences that explain why the real decision is not the literal one; empty when they agree.
    pub divergences: Vec<Divergence>,
    /// Differences that do not change the decision here (worth knowing, not a problem now).
    pub notes: Vec<Divergence>,
    /// The statements that decided the real answer.
    pub deciding_statements: Vec<StatementId>,
    /// Problems with the `realApi` options (a field of the wrong type, an unknown parameter).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

impl RealApiAnswer {
    /// Every divergence and note, decision-changing first.
    pub fn findings(&self) -> impl Iterator<Item = &Divergence> {
        self.divergences.iter().chain(self.notes.iter())
    }
}

/// The literal answer with the real one beside it: the shape the CLI prints and the wasm API returns.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FullAnswer {
    #[serde(flatten)]
    pub literal: Answer,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub real_api: Option<RealApiAnswer>,
}
