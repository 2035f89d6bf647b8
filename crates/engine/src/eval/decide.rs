//! The decision: every evaluated policy summed up in one [`Summary`], and one truth table, [`decide`], that turns
//! it into the decision and the policy type that decided it (IAM User Guide, "Policy evaluation logic",
//! single-account and cross-account): an explicit deny, then the gates (SCPs, RCPs, the VPC endpoint policy), then
//! the allow chain, else an implicit deny.

use super::gates::{service_prefix, Evaluated, Gates};
use super::statement::PolicyEval;
use super::PolicySet;
use crate::answer::{Decision, PrincipalMatch, StatementId};
use crate::policy::{Effect, PolicyKind};
use crate::request::{PrincipalType, Request};

/// Whose policies can allow the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Caller {
    /// An anonymous caller, an AWS service principal or an identity provider's caller: only a resource-based
    /// policy (for the last, the role's trust policy) can allow it.
    ResourceOnly,
    /// A principal of the resource's account: its own side, or a resource-based policy that names it.
    SameAccount,
    /// A principal of the resource's account calling through a role trust policy or a KMS key policy, which must
    /// itself allow the caller: an identity-based allow alone is not enough (IAM User Guide, "How AWS enforcement
    /// code logic evaluates requests").
    TrustOrKeyPolicy,
    /// A principal of another account: its own side and the resource-based policy must both allow.
    OtherAccount,
}

/// Every policy type's part in one request, as the truth table reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Summary {
    /// The policy type of the first statement that explicitly denies, if one does.
    pub explicit_deny: Option<PolicyKind>,
    /// Every level of SCPs has an allow (or SCPs take no part).
    pub scps_allow: bool,
    /// Every level of RCPs has an allow (or RCPs take no part).
    pub rcps_allow: bool,
    /// Every VPC endpoint policy allows (or there is none).
    pub vpc_endpoint_allows: bool,
    pub caller: Caller,
    /// The principal's own side allows: an identity-based policy (the root user in its own account needs none)
    /// or, within one account, a resource-based policy that names the caller's role or parent user.
    pub principal_allows: bool,
    /// The permissions boundary allows (or there is none, or it does not apply).
    pub boundary_allows: bool,
    /// The session policy allows (or there is none and the caller is not a federated user session).
    pub session_allows: bool,
    /// The resource-based policy allows the caller itself (or everyone).
    pub resource_names_caller: bool,
    /// The resource-based policy allows, whoever it names.
    pub resource_allows: bool,
}

impl Summary {
    pub fn new(set: &PolicySet, req: &Request, gates: &Gates, ev: &Evaluated<'_>) -> Summary {
        let p = &req.principal;
        let same_account = req.same_account();
        let levels_allow = |levels: &Option<Vec<Vec<PolicyEval<'_>>>>| {
            levels
                .iter()
                .flatten()
                .all(|evals| evals.iter().any(PolicyEval::allows))
        };
        let identity_allows = match gates.identity {
            Some(_) => p.kind == PrincipalType::Root && same_account,
            None => ev.identity.iter().any(PolicyEval::allows),
        };
        let resource = ev.resource.as_ref();
        let resource_allows_if =
            |f: fn(Option<PrincipalMatch>) -> bool| resource.is_some_and(|r| r.allows_with(f));
        let resource_names_parent = resource_allows_if(|m| {
            matches!(m, Some(PrincipalMatch::Role | PrincipalMatch::ParentUser))
        });
        let resource_required = set.resource.is_some()
            && (service_prefix(req) == "kms"
                || req.action_lower().starts_with("sts:assumerole")
                || req.action_lower() == "sts:tagsession");
        let caller = match p.kind {
            PrincipalType::Anonymous | PrincipalType::Service => Caller::ResourceOnly,
            kind if kind.is_identity_provider() => Caller::ResourceOnly,
            _ if same_account && resource_required => Caller::TrustOrKeyPolicy,
            _ if same_account => Caller::SameAccount,
            _ => Caller::OtherAccount,
        };
        Summary {
            explicit_deny: ev.iter().find(|e| e.denies()).map(|e| e.policy.kind),
            scps_allow: levels_allow(&ev.scps),
            rcps_allow: levels_allow(&ev.rcps),
            vpc_endpoint_allows: ev.vpc_endpoint.iter().all(PolicyEval::allows),
            caller,
            principal_allows: identity_allows || (same_account && resource_names_parent),
            boundary_allows: ev.boundary.as_ref().is_none_or(PolicyEval::allows),
            // A federated user session (GetFederationToken) without a session policy has no permissions of its
            // own; only a resource-based policy that names the session can allow it (IAM User Guide, Policy
            // evaluation logic, session policies: "If you do not pass a policy, the resulting federated user
            // session has no permissions").
            session_allows: match ev.session.as_ref() {
                Some(s) => s.allows(),
                None => p.kind != PrincipalType::FederatedUser,
            },
            resource_names_caller: resource_allows_if(|m| {
                matches!(
                    m,
                    Some(PrincipalMatch::Direct | PrincipalMatch::Everyone) | None
                )
            }),
            resource_allows: resource.is_some_and(PolicyEval::allows),
        }
    }
}

/// The decision and the policy type that decided it: the one with the explicit deny, the gate or the policy type
/// that lacked an allow, or for an allow the type that granted it (`Identity` or `Resource`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Decided {
    pub decision: Decision,
    pub by: PolicyKind,
}

/// The truth table: the first row that fits decides.
pub(super) fn decide(s: &Summary) -> Decided {
    use Caller::*;
    use Decision::{Allow, ExplicitDeny, ImplicitDeny};
    use PolicyKind::*;
    let gates = (s.scps_allow, s.rcps_allow, s.vpc_endpoint_allows);
    let allow_chain = (
        s.caller,
        s.principal_allows,
        s.boundary_allows,
        s.session_allows,
        s.resource_names_caller,
        s.resource_allows,
    );
    let (decision, by) = match (s.explicit_deny, gates) {
        (Some(kind), _) => (ExplicitDeny, kind),
        (None, (false, _, _)) => (ImplicitDeny, Scp),
        (None, (true, false, _)) => (ImplicitDeny, Rcp),
        (None, (true, true, false)) => (ImplicitDeny, VpcEndpoint),
        // Columns: caller; the principal's own allow, the boundary, the session policy; the resource-based policy
        // naming the caller itself, allowing at all.
        (None, (true, true, true)) => match allow_chain {
            (ResourceOnly, _, _, _, _, true) => (Allow, Resource),
            (ResourceOnly, _, _, _, _, false) => (ImplicitDeny, Resource),
            (SameAccount, true, true, true, _, _) => (Allow, Identity),
            (TrustOrKeyPolicy | OtherAccount, true, true, true, _, true) => (Allow, Identity),
            (TrustOrKeyPolicy | OtherAccount, true, true, true, _, false) => {
                (ImplicitDeny, Resource)
            }
            // The principal's side does not allow. Within one account, a resource-based policy that names the
            // caller itself is not limited by that; otherwise the first policy type that lacked the allow decides.
            (SameAccount | TrustOrKeyPolicy, _, _, _, true, _) => (Allow, Resource),
            (_, false, _, _, _, _) => (ImplicitDeny, Identity),
            (_, true, false, _, _, _) => (ImplicitDeny, PermissionsBoundary),
            (_, true, true, false, _, _) => (ImplicitDeny, Session),
        },
    };
    Decided { decision, by }
}

/// The statements that decided: every explicit deny; for an allow, the allows of every gate and of the policy
/// types that granted it (only the resource-based policy when it granted on its own); for an implicit deny, none.
pub(super) fn deciding_statements(decided: &Decided, ev: &Evaluated<'_>) -> Vec<StatementId> {
    let granted_by_resource = decided.by == PolicyKind::Resource;
    let deciding = |e: &&PolicyEval<'_>| match e.policy.kind {
        PolicyKind::Scp | PolicyKind::Rcp | PolicyKind::VpcEndpoint | PolicyKind::Resource => true,
        PolicyKind::Identity | PolicyKind::PermissionsBoundary | PolicyKind::Session => {
            !granted_by_resource
        }
    };
    match decided.decision {
        Decision::ExplicitDeny => ev.iter().flat_map(|e| e.ids(Effect::Deny)).collect(),
        Decision::ImplicitDeny => Vec::new(),
        Decision::Allow => ev
            .iter()
            .filter(deciding)
            .flat_map(|e| e.ids(Effect::Allow))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decision as it was written before the truth table (a chain of summaries and a second table for the
    /// policy type that lacked the allow), kept as the reference the table must agree with.
    fn reference(s: &Summary, same_account: bool, resource_required: bool) -> Decided {
        let anonymous_or_service = s.caller == Caller::ResourceOnly;
        let (identity_allows, resource_parent) = (s.principal_allows, false);
        let (boundary_ok, session_ok) = (s.boundary_allows, s.session_allows);
        let (resource_direct, resource_any) = (s.resource_names_caller, s.resource_allows);
        let principal_side = if same_account {
            (identity_allows || resource_parent) && boundary_ok && session_ok
        } else {
            identity_allows && boundary_ok && session_ok
        };
        let policies_allow = if anonymous_or_service {
            resource_any
        } else if same_account && resource_required {
            resource_direct || (resource_any && principal_side)
        } else if same_account {
            resource_direct || principal_side
        } else {
            principal_side && resource_any
        };
        let missing_allow = || match (
            anonymous_or_service,
            same_account && !resource_required,
            identity_allows || (same_account && (resource_parent || resource_direct)),
            boundary_ok,
            session_ok,
            resource_any,
        ) {
            (true, ..) => PolicyKind::Resource,
            (false, _, false, _, _, _) => PolicyKind::Identity,
            (false, _, true, false, _, _) => PolicyKind::PermissionsBoundary,
            (false, _, true, true, false, _) => PolicyKind::Session,
            (false, false, true, true, true, false) => PolicyKind::Resource,
            (false, ..) => PolicyKind::Identity,
        };
        let (decision, by) = match (
            s.explicit_deny,
            s.scps_allow,
            s.rcps_allow,
            s.vpc_endpoint_allows,
            policies_allow,
        ) {
            (Some(k), ..) => (Decision::ExplicitDeny, k),
            (None, false, ..) => (Decision::ImplicitDeny, PolicyKind::Scp),
            (None, true, false, ..) => (Decision::ImplicitDeny, PolicyKind::Rcp),
            (None, true, true, false, _) => (Decision::ImplicitDeny, PolicyKind::VpcEndpoint),
            (None, true, true, true, false) => (Decision::ImplicitDeny, missing_allow()),
            (None, true, true, true, true) => (
                Decision::Allow,
                if (same_account && resource_direct && !principal_side) || anonymous_or_service {
                    PolicyKind::Resource
                } else {
                    PolicyKind::Identity
                },
            ),
        };
        Decided { decision, by }
    }

    #[test]
    fn the_truth_table_agrees_with_the_reference_on_every_summary() {
        let callers = [
            (Caller::ResourceOnly, true, false),
            (Caller::ResourceOnly, false, false),
            (Caller::ResourceOnly, true, true),
            (Caller::SameAccount, true, false),
            (Caller::TrustOrKeyPolicy, true, true),
            (Caller::OtherAccount, false, false),
            (Caller::OtherAccount, false, true),
        ];
        let denies = [None, Some(PolicyKind::Identity), Some(PolicyKind::Scp)];
        let mut compared = 0;
        for (caller, same_account, resource_required) in callers {
            for explicit_deny in denies {
                for bits in 0u32..(1 << 9) {
                    let bit = |i: u32| bits & (1 << i) != 0;
                    let resource_names_caller = bit(7);
                    let s = Summary {
                        explicit_deny,
                        scps_allow: bit(0),
                        rcps_allow: bit(1),
                        vpc_endpoint_allows: bit(2),
                        caller,
                        principal_allows: bit(3),
                        boundary_allows: bit(4),
                        session_allows: bit(5),
                        resource_names_caller,
                        // An allow that names the caller is an allow.
                        resource_allows: bit(6) || resource_names_caller,
                    };
                    assert_eq!(
                        decide(&s),
                        reference(&s, same_account, resource_required),
                        "{s:?}"
                    );
                    compared += 1;
                }
            }
        }
        assert_eq!(compared, 7 * 3 * 512);
    }
}
