//! Which policy types take part in a request (SCPs, RCPs, identity-based policies, the permissions boundary, the
//! session policy), and every policy of those that do, evaluated.

use super::explain;
use super::statement::{eval_policy, PolicyEval};
use super::sweep::Swept;
use super::{Level, PolicySet};
use crate::answer::PolicyTrace;
use crate::policy::Policy;
use crate::request::{PrincipalType, Request};

/// Service prefixes whose actions RCPs apply to (Organizations User Guide, "List of AWS services that
/// support RCPs").
pub const RCP_SERVICES: [&str; 10] = [
    "s3",
    "sts",
    "kms",
    "sqs",
    "secretsmanager",
    "ecr",
    "aoss",
    "cognito-identity",
    "logs",
    "dynamodb",
];

/// Why a policy type takes no part in a request ([`explain::exemption`] words it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Exempt {
    ScpServiceLinkedRole,
    ScpManagementAccount,
    ScpServicePrincipal,
    ScpAnonymous,
    ScpIdentityProvider,
    RcpManagementAccount,
    RcpServiceLinkedRole,
    RcpUnsupportedService,
    IdentityAnonymous,
    IdentityServicePrincipal,
    IdentityRoot,
    IdentityProvider,
    BoundaryNotUserOrRole,
    SessionNotASession,
}

/// The gates of one request: for each policy type that can be left out, why it is (`None`: it takes part).
#[derive(Debug, Clone, Copy)]
pub(super) struct Gates {
    pub scp: Option<Exempt>,
    pub rcp: Option<Exempt>,
    pub identity: Option<Exempt>,
    pub boundary: Option<Exempt>,
    pub session: Option<Exempt>,
}

impl Gates {
    /// Organizations User Guide: SCPs affect only principals in member accounts, RCPs only resources in member
    /// accounts, and neither restricts AWS service principals.
    pub fn new(set: &PolicySet, req: &Request) -> Gates {
        use Exempt::*;
        let p = &req.principal;
        let anonymous = p.kind == PrincipalType::Anonymous;
        let service = p.kind == PrincipalType::Service;
        let service_linked = p
            .role_arn
            .as_deref()
            .and_then(|a| a.split_once(":role/"))
            .is_some_and(|(_, path)| path.starts_with("aws-service-role/"));
        let scp = if set.scps.is_none() {
            None
        } else if service_linked {
            Some(ScpServiceLinkedRole)
        } else if req.management_account {
            Some(ScpManagementAccount)
        } else if service {
            Some(ScpServicePrincipal)
        } else if anonymous {
            Some(ScpAnonymous)
        } else if p.kind.is_identity_provider() {
            Some(ScpIdentityProvider)
        } else {
            None
        };
        let rcp = if set.rcps.is_none() {
            None
        } else if req.management_account && req.same_account() {
            Some(RcpManagementAccount)
        } else if service_linked {
            Some(RcpServiceLinkedRole)
        } else if !RCP_SERVICES.contains(&service_prefix(req)) {
            Some(RcpUnsupportedService)
        } else {
            None
        };
        let identity = match p.kind {
            PrincipalType::Anonymous => Some(IdentityAnonymous),
            PrincipalType::Service => Some(IdentityServicePrincipal),
            PrincipalType::Root => Some(IdentityRoot),
            PrincipalType::WebIdentity | PrincipalType::Saml => Some(IdentityProvider),
            _ => None,
        };
        Gates {
            scp,
            rcp,
            identity,
            boundary: (!p.can_have_boundary()).then_some(BoundaryNotUserOrRole),
            session: (!p.can_have_session_policy()).then_some(SessionNotASession),
        }
    }
}

/// The service prefix of the request's action (lower-case).
pub(super) fn service_prefix(req: &Request) -> &str {
    req.action_lower().split(':').next().unwrap_or("")
}

/// Every policy that takes part, evaluated, by type. A type whose gate is closed has no evaluations.
pub(super) struct Evaluated<'p> {
    /// SCPs by level, root first; `None` when there are none or they take no part.
    pub scps: Option<Vec<Vec<PolicyEval<'p>>>>,
    /// RCPs by level, root first; `None` when there are none or they take no part.
    pub rcps: Option<Vec<Vec<PolicyEval<'p>>>>,
    pub vpc_endpoint: Vec<PolicyEval<'p>>,
    pub identity: Vec<PolicyEval<'p>>,
    pub resource: Option<PolicyEval<'p>>,
    pub boundary: Option<PolicyEval<'p>>,
    pub session: Option<PolicyEval<'p>>,
    /// Every policy's trace, in display order, those that take no part included (with a trace only).
    pub traces: Vec<PolicyTrace>,
}

impl<'p> Evaluated<'p> {
    /// Evaluates every policy of `set` that its gate lets take part. `memo` comes from an
    /// [`super::ActionSweep`].
    pub fn new(
        set: &'p PolicySet,
        req: &Request,
        gates: &Gates,
        trace: bool,
        memo: &[(&Policy, Vec<Swept<'_>>)],
    ) -> Evaluated<'p> {
        let mut run = Runner {
            req,
            trace,
            has_boundary: set.permissions_boundary.is_some() && req.principal.can_have_boundary(),
            memo,
            traces: Vec::new(),
        };
        Evaluated {
            scps: run.levels(&set.scps, gates.scp),
            rcps: run.levels(&set.rcps, gates.rcp),
            vpc_endpoint: set
                .vpc_endpoint
                .iter()
                .filter_map(|p| run.one(p, None, None))
                .collect(),
            identity: set
                .identity
                .iter()
                .filter_map(|p| run.one(p, None, gates.identity))
                .collect(),
            resource: set.resource.as_ref().and_then(|p| run.one(p, None, None)),
            boundary: (set.permissions_boundary.as_ref())
                .and_then(|p| run.one(p, None, gates.boundary)),
            session: (set.session.as_ref()).and_then(|p| run.one(p, None, gates.session)),
            traces: run.traces,
        }
    }

    /// Every evaluation, in display order (SCPs, RCPs, VPC endpoint, identity, resource, boundary, session).
    pub fn iter(&self) -> impl Iterator<Item = &PolicyEval<'p>> {
        fn levels<'a, 'p>(
            ls: &'a Option<Vec<Vec<PolicyEval<'p>>>>,
        ) -> impl Iterator<Item = &'a PolicyEval<'p>> {
            ls.iter().flatten().flatten()
        }
        levels(&self.scps)
            .chain(levels(&self.rcps))
            .chain(self.vpc_endpoint.iter())
            .chain(self.identity.iter())
            .chain(self.resource.iter())
            .chain(self.boundary.iter())
            .chain(self.session.iter())
    }
}

/// Evaluates policies one by one, keeping their traces in order.
struct Runner<'r> {
    req: &'r Request,
    trace: bool,
    /// The caller has a permissions boundary (a Deny with NotPrincipal then always applies).
    has_boundary: bool,
    memo: &'r [(&'r Policy, Vec<Swept<'r>>)],
    traces: Vec<PolicyTrace>,
}

impl Runner<'_> {
    /// Evaluates one policy, or only traces why it takes no part.
    fn one<'p>(
        &mut self,
        policy: &'p Policy,
        level: Option<&str>,
        exempt: Option<Exempt>,
    ) -> Option<PolicyEval<'p>> {
        if let Some(why) = exempt {
            if self.trace {
                self.traces.push(PolicyTrace {
                    id: policy.id.clone(),
                    name: policy.name.clone(),
                    kind: policy.kind,
                    level: level.map(str::to_string),
                    applies: false,
                    note: Some(explain::exemption(why).to_string()),
                    allows: false,
                    denies: false,
                    statements: Vec::new(),
                });
            }
            return None;
        }
        let swept = self
            .memo
            .iter()
            .find(|(p, _)| std::ptr::eq(*p, policy))
            .map(|(_, s)| s);
        let mut e = eval_policy(
            policy,
            level,
            self.req,
            self.trace,
            self.has_boundary,
            swept,
        );
        if let Some(t) = e.trace.take() {
            self.traces.push(*t);
        }
        Some(e)
    }

    /// The SCPs or RCPs of every level; `None` when there are none or they take no part.
    fn levels<'p>(
        &mut self,
        levels: &'p Option<Vec<Level>>,
        exempt: Option<Exempt>,
    ) -> Option<Vec<Vec<PolicyEval<'p>>>> {
        let evals: Vec<Vec<PolicyEval<'p>>> = levels
            .as_ref()?
            .iter()
            .map(|l| {
                l.policies
                    .iter()
                    .filter_map(|p| self.one(p, Some(&l.name), exempt))
                    .collect()
            })
            .collect();
        exempt.is_none().then_some(evals)
    }
}
