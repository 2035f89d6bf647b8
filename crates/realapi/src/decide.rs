//! Step 5 of the analysis: decide every real request — one per resource the call authorizes, with only the
//! keys the action supplies for it, and one per certain dependent action — and combine them. Then the service
//! rules that no policy can change: actions that need no permission, resources AWS owns, and resource policies
//! that must allow by themselves (KMS key policies).

use crate::analysis::{Call, Finding};
use crate::answer::{DependentCheck, DivergenceKind, Fix, KeyChange, ResourceCheck};
use crate::dependents::Dependent;
use crate::keys::{self, RealRequest};
use crate::rules;
use crate::targets::Target;
use iam_engine::policy::Effect;
use iam_engine::{
    evaluate, Decision, Options, PolicyId, PolicyKind, PolicySet, Principal, Request, StatementId,
};
use std::collections::BTreeSet;

/// The decisions of the real requests.
pub struct Decided {
    pub decision: Decision,
    pub checks: Vec<ResourceCheck>,
    pub dependents: Vec<DependentCheck>,
    /// Keys removed because the action does not supply them for a resource.
    pub dropped: Vec<KeyChange>,
    /// Statements that applied to any real request.
    pub applying: BTreeSet<StatementId>,
    pub deciding: Vec<StatementId>,
}

/// Explicit deny over implicit deny over allow.
pub fn combine(decisions: impl Iterator<Item = Decision>) -> Decision {
    let mut out = Decision::Allow;
    for d in decisions {
        match d {
            Decision::ExplicitDeny => return Decision::ExplicitDeny,
            Decision::ImplicitDeny => out = Decision::ImplicitDeny,
            Decision::Allow => {}
        }
    }
    out
}

/// Whether the analysis added `aws:ResourceAccount` (the literal request did not set it): each resource's request
/// then carries its own owner's account.
fn owner_added(request: &RealRequest) -> bool {
    request
        .added
        .iter()
        .any(|k| k.key.eq_ignore_ascii_case("aws:ResourceAccount"))
}

/// One key removed from one resource's request: (target index, the key as the request had it, why).
type Drop = (usize, iam_engine::ContextValue, String);

pub fn decide(
    call: &Call<'_>,
    policies: &PolicySet,
    request: &RealRequest,
    targets: &[Target],
    deps: &[Dependent],
    findings: &mut Vec<Finding>,
) -> Decided {
    let available = call.action.available_condition_keys(None);
    let (checks, drops, applying, deciding) =
        decide_targets(call, policies, request, targets, &available, findings);
    let dropped = report_drops(call, policies, targets, &checks, &drops, findings);
    report_unsupplied(
        call, policies, request, targets, &available, &dropped, findings,
    );
    let dependents = decide_dependents(call, policies, request, targets, deps);
    let decision = combine(
        checks.iter().map(|c| c.decision).chain(
            dependents
                .iter()
                .filter(|d| d.certain)
                .filter_map(|d| d.decision),
        ),
    );
    let decision = service_rules(call, request, targets, decision, findings);
    Decided {
        decision,
        checks,
        dependents,
        dropped,
        applying,
        deciding: deciding.into_iter().collect(),
    }
}

/// Decides the request for each resource, with only the keys the action supplies for it.
fn decide_targets(
    call: &Call<'_>,
    policies: &PolicySet,
    request: &RealRequest,
    targets: &[Target],
    available: &[iam_reference::AvailableKey],
    findings: &mut Vec<Finding>,
) -> (
    Vec<ResourceCheck>,
    Vec<Drop>,
    BTreeSet<StatementId>,
    BTreeSet<StatementId>,
) {
    let mut checks = Vec::new();
    let mut applying = BTreeSet::new();
    let mut deciding = BTreeSet::new();
    let mut drops: Vec<Drop> = Vec::new();
    for target in targets {
        let mut req = request.base.clone();
        req.resource = target.arn.clone();
        let owner = crate::arn::account_of(&target.arn);
        // `aws:ResourceAccount`, when the analysis added it, is this resource's owner.
        if let Some(owner) = owner.clone().filter(|_| owner_added(request)) {
            req.context.set("aws:ResourceAccount", owner, true);
        }
        req.resource_account = owner.or_else(|| request.base.resource_account.clone());
        let keys: Vec<String> = req
            .context
            .entries()
            .iter()
            .map(|v| v.key.clone())
            .collect();
        for key in keys {
            let Some(why) = keys::absence(call, target, available, &key) else {
                continue;
            };
            // A key that describes the call (not one resource): another resource of the call carries it, so the
            // service puts it in this one's request too.
            let shared = crate::rules::shares_request_keys(call.prefix, &key)
                && targets
                    .iter()
                    .any(|t| keys::absence(call, t, available, &key).is_none());
            if shared {
                continue;
            }
            if let Some(v) = req.context.remove(&key) {
                drops.push((checks.len(), v, why));
            }
        }
        let (answer, rule_note) = decide_one(call, policies, &req, target);
        if let Some(f) = rule_note {
            findings.push(f);
        }
        applying.extend(answer.applying_statements.iter().cloned());
        deciding.extend(answer.deciding_statements.iter().cloned());
        checks.push(ResourceCheck {
            resource_type: target.type_name.clone(),
            arn: target.arn.clone(),
            prefilled: target.prefilled(),
            origin: target.origin,
            decision: answer.decision,
            deciding_statements: answer.deciding_statements,
            decided_by: answer.decided_by,
        });
    }
    (checks, drops, applying, deciding)
}

/// A key missing from some resources' requests matters when it is missing from all of them, or from one whose
/// request is denied; a key one resource carries and another does not is how the service works.
fn report_drops(
    call: &Call<'_>,
    policies: &PolicySet,
    targets: &[Target],
    checks: &[ResourceCheck],
    drops: &[Drop],
    findings: &mut Vec<Finding>,
) -> Vec<KeyChange> {
    let action_lower = call.literal.action_lower();
    let mut dropped: Vec<KeyChange> = Vec::new();
    let lacks = |t: usize, key: &str| {
        drops
            .iter()
            .any(|(j, w, _)| *j == t && w.key.eq_ignore_ascii_case(key))
    };
    for (_, v, why) in drops {
        if dropped.iter().any(|d| d.key.eq_ignore_ascii_case(&v.key)) {
            continue;
        }
        let everywhere = (0..targets.len()).all(|t| lacks(t, &v.key));
        let denied = drops
            .iter()
            .filter(|(_, w, _)| w.key.eq_ignore_ascii_case(&v.key))
            .any(|(j, _, _)| {
                checks
                    .get(*j)
                    .is_some_and(|c| c.decision != Decision::Allow)
            });
        if !everywhere && !denied {
            continue;
        }
        // Carried for some resources and not others: say which, since that is the usual surprise (a condition on
        // ec2:InstanceType written for every resource of RunInstances).
        let why = if everywhere {
            why.clone()
        } else {
            let names = |lacking: bool| {
                targets
                    .iter()
                    .enumerate()
                    .filter(|(t, _)| lacks(*t, &v.key) == lacking)
                    .map(|(_, target)| target.type_name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!(
                "`{}` reaches only the requests for the {} of {}; the requests for the {} do not carry it, and each \
                 must be allowed on its own",
                v.key,
                names(false),
                call.action_name,
                names(true)
            )
        };
        let tests = keys::tested(policies, action_lower, &v.key);
        if !tests.is_empty() {
            let mut f = Finding::new(
                DivergenceKind::KeyNotInRequest,
                format!("{why}. Without it, {}.", keys::missing_key_effects(&tests)),
            )
            .with_key(&v.key);
            f.statements = tests.iter().map(|t| t.statement.clone()).collect();
            findings.push(f);
        }
        dropped.push(KeyChange {
            key: v.key.clone(),
            values: v.values.clone(),
            reason: why,
        });
    }
    dropped
}

/// Keys a statement for this action tests that the action never supplies (and the user did not type).
fn report_unsupplied(
    call: &Call<'_>,
    policies: &PolicySet,
    request: &RealRequest,
    targets: &[Target],
    available: &[iam_reference::AvailableKey],
    dropped: &[KeyChange],
    findings: &mut Vec<Finding>,
) {
    let action_lower = call.literal.action_lower();
    let Some(primary) = targets.first() else {
        return;
    };
    for key in keys::tested_keys(policies, action_lower) {
        if request.base.context.contains(&key)
            || dropped.iter().any(|d| d.key.eq_ignore_ascii_case(&key))
        {
            continue;
        }
        if let Some(why) = keys::absence(call, primary, available, &key) {
            let tests = keys::tested(policies, action_lower, &key);
            let mut f = Finding::new(
                DivergenceKind::KeyNotInRequest,
                format!(
                    "a policy tests `{key}`, but {why}. Without it, {}.",
                    keys::missing_key_effects(&tests)
                ),
            )
            .with_key(&key);
            f.statements = tests.iter().map(|t| t.statement.clone()).collect();
            findings.push(f);
        }
    }
}

/// Decides each dependent action the call certainly needs (and, when asked, the conditional ones).
fn decide_dependents(
    call: &Call<'_>,
    policies: &PolicySet,
    request: &RealRequest,
    targets: &[Target],
    deps: &[Dependent],
) -> Vec<DependentCheck> {
    let mut dependents = Vec::new();
    for d in deps {
        let mut check = DependentCheck {
            action: d.action.clone(),
            decision: None,
            resource: Some(d.resource.clone()),
            certain: d.certain,
            reason: d.reason.clone(),
            context: d.context.clone(),
            deciding_statements: Vec::new(),
            decided_by: None,
            denied_at: None,
        };
        if d.certain || call.opts.evaluate_dependent_actions {
            let mut req = request.base.clone();
            req.set_action(&d.action);
            req.resource = d.resource.clone();
            req.resource_account = crate::arn::account_of(&d.resource)
                .or_else(|| request.base.resource_account.clone());
            for k in &d.context {
                req.context.set_multi(&k.key, k.values.clone(), true);
            }
            if let Some(owner) =
                crate::arn::account_of(&d.resource).filter(|_| owner_added(request))
            {
                req.context.set("aws:ResourceAccount", owner, true);
            }
            // A resource whose policy AWS writes (an AWS managed key) is decided with that policy.
            let managed = managed_policy(&d.resource, req.resource_account.as_deref());
            if let (Some((rule, _)), Some(account)) = (&managed, &req.principal.account) {
                req.context
                    .set_multi(rule.caller_account_key, vec![account.clone()], true);
                check.context.push(KeyChange {
                    key: rule.caller_account_key.to_string(),
                    values: vec![account.clone()],
                    reason: "the service supplies the caller's account for the dependent request"
                        .to_string(),
                });
                check.reason = format!(
                    "{}; `{}` is {}, whose key policy AWS writes: {}",
                    check.reason, d.resource, rule.what, rule.source
                );
            }
            // A request the service itself makes to another service (forward access) does not pass through the
            // caller's VPC endpoint, whose policy governs only the caller's own request.
            let mut scoped = policies.clone();
            if forward_request(&d.context) && !scoped.vpc_endpoint.is_empty() {
                scoped.vpc_endpoint = Vec::new();
                check.reason = format!(
                    "{}; decided without the VPC endpoint policy, which governs only the caller's request: {}",
                    check.reason,
                    rules::FORWARD_REQUEST_ENDPOINT_SOURCE
                );
            }
            // The scenario's resource-based policy belongs to the call's own resource; a dependent action on
            // another resource (the KMS key of an S3 upload) is decided without it.
            let own_resource = targets.iter().any(|t| t.arn == d.resource);
            let set = if let Some((_, policy)) = managed {
                PolicySet {
                    resource: Some(policy),
                    ..scoped
                }
            } else if own_resource || scoped.resource.is_none() {
                scoped
            } else {
                PolicySet {
                    resource: None,
                    ..scoped
                }
            };
            let a = evaluate(&set, &req, Options::Reason);
            if a.decision == Decision::ImplicitDeny {
                check.denied_at = a
                    .decided_by
                    .and_then(|kind| denying_level(&set, &req, kind));
            }
            check.decision = Some(a.decision);
            check.deciding_statements = a.deciding_statements;
            check.decided_by = a.decided_by;
        } else {
            check.resource = None;
        }
        dependents.push(check);
    }
    dependents
}

/// The first policy of the first SCP or RCP level (`kind`) that allows nothing for `req` by itself: where an allow
/// must be added when that policy type is what denies. Each level must allow (AWS Organizations User Guide, SCP
/// evaluation: 'there must be an explicit Allow statement at every level from the root through each OU in the
/// direct path to the account').
fn denying_level(set: &PolicySet, req: &Request, kind: PolicyKind) -> Option<PolicyId> {
    let levels = match kind {
        PolicyKind::Scp => set.scps.as_ref()?,
        PolicyKind::Rcp => set.rcps.as_ref()?,
        _ => return None,
    };
    levels.iter().find_map(|level| {
        let mut one = set.clone();
        if kind == PolicyKind::Scp {
            one.scps = Some(vec![level.clone()]);
        } else {
            one.rcps = Some(vec![level.clone()]);
        }
        let a = evaluate(&one, req, Options::DecisionOnly);
        if a.decided_by == Some(kind) {
            level.policies.first().map(|p| p.id.clone())
        } else {
            None
        }
    })
}

/// Whether a dependent request is one the service makes itself with the principal's credentials: the context the
/// service supplies for it carries a key only such requests carry (`kms:ViaService`, `aws:CalledVia`).
fn forward_request(context: &[KeyChange]) -> bool {
    context.iter().any(|k| {
        rules::VIA_SERVICE_KEYS
            .iter()
            .any(|v| v.eq_ignore_ascii_case(&k.key))
    })
}

/// The policy AWS writes for `resource` (an AWS managed key), with the rule it comes from.
fn managed_policy(
    resource: &str,
    account: Option<&str>,
) -> Option<(&'static rules::ManagedResourcePolicy, iam_engine::Policy)> {
    let rule = rules::MANAGED_RESOURCE_POLICIES
        .iter()
        .find(|r| rules::glob(r.arn, resource, false))?;
    let text = rule
        .policy
        .replace("${Account}", account?)
        .replace("${ViaService}", &managed_key_service(resource)?);
    let policy = iam_engine::parse_policy_text(
        iam_engine::PolicyKind::Resource,
        "aws-managed-key-policy",
        "AWS managed key policy",
        &text,
    );
    Some((rule, policy))
}

/// The endpoint an AWS managed key is used through: the service its alias names (`alias/aws/sqs` → `sqs`; EBS's
/// `alias/aws/ebs` → `ec2`, the service EBS requests come from), in the key's region.
fn managed_key_service(key_arn: &str) -> Option<String> {
    let service = key_arn.rsplit_once("alias/aws/")?.1;
    let service = if service.eq_ignore_ascii_case("ebs") {
        "ec2"
    } else {
        service
    };
    let region = crate::arn::literal_field(key_arn, 3)?;
    Some(format!("{service}.{region}.amazonaws.com"))
}

/// What no policy changes: actions that need no permission, resources AWS owns, actions only the owner can do.
fn service_rules(
    call: &Call<'_>,
    request: &RealRequest,
    targets: &[Target],
    mut decision: Decision,
    findings: &mut Vec<Finding>,
) -> Decision {
    if let Some(rule) = rules::NO_PERMISSION
        .iter()
        .find(|r| r.action.eq_ignore_ascii_case(&call.action_name))
    {
        if decision != Decision::Allow {
            findings.push(Finding::new(
                DivergenceKind::NoPermissionRequired,
                format!("{} needs no permission: {}.", call.action_name, rule.source),
            ));
        }
        decision = Decision::Allow;
    }
    if let Some(rule) = rules::CALLER_TYPES
        .iter()
        .find(|r| r.action.eq_ignore_ascii_case(&call.action_name))
    {
        let kind = request.base.principal.kind;
        if !rule.callers.contains(&kind) {
            findings.push(
                Finding::new(
                    DivergenceKind::CallerTypeNotAccepted,
                    format!(
                        "{} must be called with {}; {} cannot call it, whatever the policies allow. {}.",
                        call.action_name,
                        rule.what,
                        caller_in_words(kind),
                        rule.source
                    ),
                )
                .with_fix(Fix {
                    text: format!("call {} with {}", call.action_name, rule.what),
                    ..Fix::default()
                }),
            );
            if decision == Decision::Allow {
                decision = Decision::ImplicitDeny;
            }
        }
    }
    if let Some(finding) = provider_caller_limit(call, request.base.principal.kind) {
        findings.push(finding);
        if decision == Decision::Allow {
            decision = Decision::ImplicitDeny;
        }
    }
    for t in targets {
        let owned = rules::AWS_OWNED.iter().find(|r| {
            rules::glob(r.arn, &t.arn, false)
                && r.actions
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(&call.action_name))
        });
        if let Some(rule) = owned {
            findings.push(
                Finding::new(
                    DivergenceKind::AwsOwnedResource,
                    format!(
                        "`{}` is {}: {} fails on it whatever the policies allow. {}.",
                        t.arn, rule.what, call.action_name, rule.source
                    ),
                )
                .with_fix(Fix {
                    text: "no policy can allow this; work on a resource you own instead (for a managed policy, a \
                           customer managed copy of it)"
                        .to_string(),
                    ..Fix::default()
                }),
            );
            if decision == Decision::Allow {
                decision = Decision::ImplicitDeny;
            }
        }
    }
    let name = call.action.name();
    let owner_only = rules::OWNER_ONLY
        .iter()
        .find(|r| {
            r.service == call.prefix && r.actions.iter().any(|a| a.eq_ignore_ascii_case(name))
        })
        .or_else(|| {
            rules::CROSS_ACCOUNT_ONLY.iter().find(|r| {
                r.service == call.prefix && !r.actions.iter().any(|a| a.eq_ignore_ascii_case(name))
            })
        });
    if let Some(rule) = owner_only {
        if !request.base.same_account() {
            findings.push(Finding::new(
                DivergenceKind::OwnerOnlyAction,
                format!(
                    "{} is an action only the resource's own account can perform: a resource-based policy cannot \
                     share it with another account. {}.",
                    call.action_name, rule.source
                ),
            ));
            if decision == Decision::Allow {
                decision = Decision::ImplicitDeny;
            }
        }
    }
    decision
}

/// An identity provider's token or assertion buys one thing: a role session, through the one STS call made for
/// it. Any other action is made afterwards by that session with its temporary credentials.
fn provider_caller_limit(call: &Call<'_>, kind: iam_engine::PrincipalType) -> Option<Finding> {
    use iam_engine::PrincipalType as P;
    let (own, source) = match kind {
        P::WebIdentity => (
            "sts:AssumeRoleWithWebIdentity",
            "AWS STS API Reference, AssumeRoleWithWebIdentity: 'Returns a set of temporary security credentials for \
             users who have been authenticated in a mobile or web application with a web identity provider' and \
             'Calling AssumeRoleWithWebIdentity does not require the use of AWS security credentials'",
        ),
        P::Saml => (
            "sts:AssumeRoleWithSAML",
            "AWS STS API Reference, AssumeRoleWithSAML: 'Returns a set of temporary security credentials for users \
             who have been authenticated via a SAML authentication response' and 'Calling AssumeRoleWithSAML does \
             not require the use of AWS security credentials'",
        ),
        _ => return None,
    };
    if call.action_name.eq_ignore_ascii_case(own) {
        return None;
    }
    Some(
        Finding::new(
            DivergenceKind::CallerTypeNotAccepted,
            format!(
                "{} is not an AWS identity: it can only be exchanged for a role's temporary credentials with {own}, \
                 and {} is then called by that role session with them. {source}.",
                caller_in_words(kind),
                call.action_name
            ),
        )
        .with_fix(Fix {
            text: format!(
                "ask for {} as the role session (an assumed-role principal of the role its trust policy lets the \
                 provider assume)",
                call.action_name
            ),
            ..Fix::default()
        }),
    )
}

/// A kind of caller in words, for an explanation.
fn caller_in_words(kind: iam_engine::PrincipalType) -> &'static str {
    use iam_engine::PrincipalType as P;
    match kind {
        P::User => "an IAM user",
        P::Root => "the account's root user",
        P::Role | P::AssumedRole => "a role session (temporary credentials)",
        P::FederatedUser => "a federated user session (temporary credentials)",
        P::Service => "an AWS service",
        P::Anonymous => "an anonymous caller",
        P::WebIdentity => "a web identity token (OpenID Connect)",
        P::Saml => "a SAML assertion",
    }
}

/// Decides one real request, applying a resource-policy rule where the service has one.
fn decide_one(
    call: &Call<'_>,
    policies: &PolicySet,
    req: &Request,
    target: &Target,
) -> (iam_engine::Answer, Option<Finding>) {
    let answer = evaluate(policies, req, Options::Applying);
    let rule = rules::RESOURCE_POLICY_REQUIRED.iter().find(|r| {
        r.service == call.prefix
            && target
                .resource_type
                .is_some_and(|rt| rt.name() == r.resource_type)
            && r.actions
                .iter()
                .any(|a| rules::glob(a, &call.action_name, true))
    });
    let Some(rule) = rule else {
        return (answer, None);
    };
    let Some(key_policy) = &policies.resource else {
        let mut answer = answer;
        let note = Finding::new(
            DivergenceKind::ResourcePolicyRequired,
            format!(
                "no resource-based policy is given, so the real answer assumes {}. {}.",
                rule.default, rule.source
            ),
        );
        if rule.absent_denies && answer.decision == Decision::Allow {
            answer.decision = Decision::ImplicitDeny;
            answer.deciding_statements.clear();
            return (answer, Some(note.with_fix(Fix {
                text: "add the resource's policy (the role's trust policy) to the scenario as its resource-based policy".to_string(),
                ..Fix::default()
            })));
        }
        return (answer, Some(note));
    };
    if rule.both_must_allow {
        return both_must_allow(policies, req, answer, rule);
    }
    if rule.absent_denies {
        // The engine already requires a given trust policy to allow the caller; say so when it does not.
        let note = (answer.decision != Decision::Allow
            && answer.decided_by == Some(iam_engine::PolicyKind::Resource))
        .then(|| {
            Finding::new(
                DivergenceKind::ResourcePolicyRequired,
                format!(
                    "the role's trust policy does not allow this caller, and an identity-based allow alone cannot \
                     let it assume the role. {}.",
                    rule.source
                ),
            )
        });
        return (answer, note);
    }
    // Does the key policy let identity policies decide (it allows the key's account)?
    let account = crate::arn::account_of(&target.arn).unwrap_or_else(|| call.account.clone());
    let root = Principal::from_arn(&format!("arn:{}:iam::{account}:root", call.partition));
    let delegates = root.is_some_and(|root| {
        let mut probe = req.clone();
        probe.principal = root;
        probe.context = iam_engine::Context::default();
        let only_key_policy = PolicySet {
            resource: Some(key_policy.clone()),
            ..PolicySet::default()
        };
        evaluate(&only_key_policy, &probe, Options::DecisionOnly).decision == Decision::Allow
    });
    if delegates {
        return (answer, None);
    }
    // Identity-based allows do not count: keep only their denies.
    let mut without = policies.clone();
    for p in without.identity.iter_mut() {
        p.statements.retain(|s| s.effect == Effect::Deny);
    }
    let strict = evaluate(&without, req, Options::Applying);
    // Said when it matters: the key policy alone does not allow this caller.
    let note = (strict.decision != Decision::Allow).then(|| {
        Finding::new(
            DivergenceKind::ResourcePolicyRequired,
            format!(
                "the key policy does not allow the account ({account}), so identity-based policies cannot grant \
                 access to the key: only the key policy's own statements count. {}.",
                rule.source
            ),
        )
        .with_fix(Fix {
            text: "allow the principal in the key policy itself, or add the default statement that allows the account \
                   (arn:aws:iam::ACCOUNT:root) so that identity-based policies take effect"
                .to_string(),
            ..Fix::default()
        })
    });
    (strict, note)
}

/// A service that requires both its resource policy and the identity-based policies to allow (VPC Lattice auth
/// policies): the call is allowed only if each kind allows it by itself.
fn both_must_allow(
    policies: &PolicySet,
    req: &Request,
    answer: iam_engine::Answer,
    rule: &rules::ResourcePolicyRequired,
) -> (iam_engine::Answer, Option<Finding>) {
    if answer.decision != Decision::Allow {
        return (answer, None);
    }
    // The resource policy alone: identity-based allows do not count, their denies still do.
    let mut resource_only = policies.clone();
    for p in resource_only.identity.iter_mut() {
        p.statements.retain(|s| s.effect == Effect::Deny);
    }
    let by_resource = evaluate(&resource_only, req, Options::Applying);
    // The identity-based policies alone: the resource policy's allows do not count either.
    let mut identity_only = policies.clone();
    if let Some(resource) = identity_only.resource.as_mut() {
        resource.statements.retain(|s| s.effect == Effect::Deny);
    }
    let by_identity = evaluate(&identity_only, req, Options::Applying);
    let (missing, strict) = if by_resource.decision != Decision::Allow {
        ("the resource's policy", by_resource)
    } else if by_identity.decision != Decision::Allow {
        ("the caller's identity-based policies", by_identity)
    } else {
        return (answer, None);
    };
    let note = Finding::new(
        DivergenceKind::ResourcePolicyRequired,
        format!(
            "this call is not allowed by {missing}, and here an allow in one kind of policy cannot stand in for \
             the other: both must allow it. {}.",
            rule.source
        ),
    )
    .with_fix(Fix {
        text: format!("allow the call in {missing} as well"),
        ..Fix::default()
    });
    (strict, Some(note))
}
