//! Step 6 of the analysis: the answer. Findings that explain why the real decision differs from the literal one
//! become divergences, each with its fix (a rewritten ARN or a statement to add, as policy JSON); the rest are
//! notes. Whenever the two decisions differ, at least one divergence explains it.

use crate::analysis::{Call, Finding};
use crate::answer::{DependentCheck, Divergence, DivergenceKind, Fix, KeyChange, RealApiAnswer};
use crate::decide::Decided;
use crate::keys::RealRequest;
use crate::rules;
use iam_engine::{Answer, Decision, PolicyId, PolicyKind, PolicySet, PrincipalType, StatementId};
use serde_json::json;
use std::collections::BTreeSet;

/// The statements that applied to the literal request.
fn applying(answer: &Answer) -> BTreeSet<StatementId> {
    answer
        .policies
        .iter()
        .flat_map(|p| p.statements.iter())
        .filter(|s| s.applies)
        .map(|s| s.id.clone())
        .chain(answer.applying_statements.iter().cloned())
        .collect()
}

/// The identity-based policy a fix would go into: the first one, when there is one.
fn first_identity(policies: &PolicySet) -> Option<PolicyId> {
    policies
        .identity
        .iter()
        .find(|p| p.kind == PolicyKind::Identity)
        .map(|p| p.id.clone())
}

/// The policy an allow must be added to, given the policy type that denied: the boundary, the session policy or
/// the resource-based policy when one of them is what is missing; else the first identity-based policy.
fn fix_policy(
    policies: &PolicySet,
    denied_by: Option<PolicyKind>,
) -> (Option<PolicyId>, Option<PolicyKind>) {
    match denied_by {
        Some(PolicyKind::PermissionsBoundary) => (
            policies.permissions_boundary.as_ref().map(|p| p.id.clone()),
            denied_by,
        ),
        Some(PolicyKind::Session) => (policies.session.as_ref().map(|p| p.id.clone()), denied_by),
        Some(PolicyKind::Resource) => (policies.resource.as_ref().map(|p| p.id.clone()), denied_by),
        Some(PolicyKind::Scp | PolicyKind::Rcp | PolicyKind::VpcEndpoint) => (None, denied_by),
        _ => (first_identity(policies), None),
    }
}

/// Words for where the fix goes.
fn where_to(kind: Option<PolicyKind>) -> &'static str {
    match kind {
        Some(PolicyKind::PermissionsBoundary) => {
            " (in the permissions boundary, which is what denies it)"
        }
        Some(PolicyKind::Session) => " (in the session policy, which is what denies it)",
        Some(PolicyKind::Resource) => {
            " (in the resource-based policy, which must itself allow the caller)"
        }
        Some(PolicyKind::Scp) => {
            " — an SCP denies it, so the organization's administrators must allow it there"
        }
        Some(PolicyKind::Rcp) => {
            " — an RCP denies it, so the organization's administrators must allow it there"
        }
        Some(PolicyKind::VpcEndpoint) => " — the VPC endpoint policy denies it",
        _ => "",
    }
}

/// A JSON string for one value, an array for several (as people write policies).
fn one_or_many(values: &[String]) -> serde_json::Value {
    match values {
        [one] => json!(one),
        many => json!(many),
    }
}

fn allow_statement(action: &str, resources: &[String]) -> serde_json::Value {
    let resource = match resources {
        [one] => json!(one),
        many => json!(many),
    };
    json!({ "Effect": "Allow", "Action": action, "Resource": resource })
}

/// Whether a finding can account for the decision changing.
fn decisive(f: &Finding, decided: &Decided, lost: &BTreeSet<StatementId>) -> bool {
    match f.kind {
        DivergenceKind::DependentAction => decided
            .dependents
            .iter()
            .any(|d| d.certain && d.decision.is_some_and(|x| x != Decision::Allow)),
        DivergenceKind::MultipleRequiredResources => {
            decided.checks.iter().any(|c| c.decision != Decision::Allow)
        }
        // Decisive when a statement stops applying or the resource it is authorized against is refused; a
        // dependent action refused elsewhere does not make it the reason.
        DivergenceKind::NoResourceLevelPermissions => {
            !lost.is_empty()
                || (decided.decision != Decision::Allow
                    && decided.checks.iter().any(|c| c.decision != Decision::Allow))
        }
        DivergenceKind::CallResource | DivergenceKind::ArnNotAResourceType => {
            // Decisive when the resource it names is denied (or is not among those decided).
            match f.fix.as_ref().and_then(|x| x.resource.as_ref()) {
                Some(arn) => {
                    decided
                        .checks
                        .iter()
                        .any(|c| &c.arn == arn && c.decision != Decision::Allow)
                        || !decided.checks.iter().any(|c| &c.arn == arn)
                }
                None => true,
            }
        }
        DivergenceKind::KeyAlwaysPresent
        | DivergenceKind::KeyNotInRequest
        | DivergenceKind::KeyNotForPrincipal => !f.statements.is_empty(),
        _ => true,
    }
}

/// A fix for findings whose kind has an obvious one, placed in the policy that must change.
fn default_fix(
    call: &Call<'_>,
    f: &Finding,
    decided: &Decided,
    policies: &PolicySet,
) -> Option<Fix> {
    let action = call.action_name.as_str();
    let denied_checks: Vec<&crate::answer::ResourceCheck> = decided
        .checks
        .iter()
        .filter(|c| c.decision != Decision::Allow)
        .collect();
    let denied: Vec<String> = denied_checks.iter().map(|c| c.arn.clone()).collect();
    let check_denier = denied_checks.first().and_then(|c| c.decided_by);
    let (fix, denier) = match f.kind {
        DivergenceKind::NoResourceLevelPermissions => (
            Fix {
                text: format!(
                    "give {action} its own statement with Resource `*` (keep ARN-scoped statements for actions that \
                     support them)"
                ),
                statement: Some(allow_statement(action, &["*".to_string()])),
                ..Fix::default()
            },
            check_denier,
        ),
        DivergenceKind::MultipleRequiredResources if !denied.is_empty() => (
            Fix {
                text: format!("allow {action} on every resource it authorizes: {}", denied.join(", ")),
                statement: Some(allow_statement(action, &denied)),
                ..Fix::default()
            },
            check_denier,
        ),
        DivergenceKind::DependentAction => {
            let denied: Vec<&DependentCheck> = decided
                .dependents
                .iter()
                .filter(|d| d.certain && d.decision.is_some_and(|x| x != Decision::Allow))
                .collect();
            let first = denied.first()?;
            if let Some(fix) = outside_fix(first, decided, call) {
                return Some(fix);
            }
            // One statement for the denied actions whose context agrees with the first one's, on their resources,
            // conditioned on the context they all share (EBS's kms:CreateGrant adds kms:GrantIsForAWSResource to
            // the kms:ViaService the other key actions carry).
            let same: Vec<&&DependentCheck> = denied
                .iter()
                .filter(|d| contexts_agree(&d.context, &first.context))
                .collect();
            let mut actions: Vec<String> = Vec::new();
            let mut resources: Vec<String> = Vec::new();
            for d in &same {
                if !actions.contains(&d.action) {
                    actions.push(d.action.clone());
                }
                let r = d.resource.clone().unwrap_or_else(|| "*".to_string());
                if !resources.contains(&r) {
                    resources.push(r);
                }
            }
            let mut statement = json!({
                "Effect": "Allow",
                "Action": one_or_many(&actions),
                "Resource": one_or_many(&resources),
            });
            let shared: Vec<&KeyChange> = first
                .context
                .iter()
                .filter(|k| same.iter().all(|d| d.context.iter().any(|o| o.key == k.key)))
                .collect();
            if let (Some(obj), false) = (statement.as_object_mut(), shared.is_empty()) {
                let mut cond = serde_json::Map::new();
                for k in shared {
                    cond.insert(k.key.clone(), json!(k.values.first().cloned().unwrap_or_default()));
                }
                obj.insert("Condition".to_string(), json!({ "StringEquals": cond }));
            }
            (
                Fix {
                    text: format!("allow {} on {} too: the call needs it", actions.join(", "), resources.join(", ")),
                    statement: Some(statement),
                    policy: first.denied_at.clone(),
                    ..Fix::default()
                },
                first.decided_by,
            )
        }
        _ => {
            let mut fix = f.fix.clone()?;
            if fix.statement.is_none() {
                let r = fix.resource.clone()?;
                fix.statement = Some(allow_statement(action, std::slice::from_ref(&r)));
            }
            (fix, check_denier)
        }
    };
    let mut fix = match &f.fix {
        Some(own) if own.statement.is_some() || f.kind != DivergenceKind::DependentAction => {
            let mut own = own.clone();
            if own.statement.is_none() {
                own.statement = fix.statement.clone();
            }
            own
        }
        _ => fix,
    };
    if fix.statement.is_some() {
        let (policy, kind) = fix_policy(policies, denier);
        fix.text.push_str(where_to(kind));
        if kind == Some(PolicyKind::Resource) {
            if let Some(obj) = fix.statement.as_mut().and_then(|s| s.as_object_mut()) {
                name_the_caller(obj, call);
            }
        }
        if fix.policy.is_none() {
            fix.policy = policy;
        }
    }
    Some(fix)
}

/// Makes a statement for the resource-based policy name the caller: a service principal by its service name, an
/// identity provider as `Federated` (IAM User Guide, AWS JSON policy elements: Principal, Federated principals),
/// any other caller by its ARN. A role's trust policy names no resource: the role it is attached to is the
/// resource (IAM User Guide, Roles terms and concepts, Trust policy; none of the guide's trust policies has a
/// `Resource` element, and IAM refuses one that does).
fn name_the_caller(statement: &mut serde_json::Map<String, serde_json::Value>, call: &Call<'_>) {
    let principal = &call.literal.principal;
    let who = match (&principal.service, &principal.arn) {
        (Some(service), _) if principal.kind == PrincipalType::Service => {
            json!({ "Service": service })
        }
        (_, Some(arn)) if principal.kind.is_identity_provider() => json!({ "Federated": arn }),
        (_, Some(arn)) => json!({ "AWS": arn }),
        _ => json!({ "AWS": format!("arn:{}:iam::{}:root", call.partition, call.account) }),
    };
    statement.insert("Principal".to_string(), who);
    if call.prefix == "sts" {
        statement.remove("Resource");
    }
}

/// The fix for a denied dependent action whose resource's policy lies outside the scenario: one AWS writes and no
/// one can change, or one the scenario does not hold. Named in words; no statement goes into the scenario.
fn outside_fix(d: &DependentCheck, decided: &Decided, call: &Call<'_>) -> Option<Fix> {
    managed_resource_fix(d)
        .or_else(|| foreign_resource_policy_fix(d, decided, &call.literal.principal))
}

/// A dependent action denied for want of its own resource's policy, which the scenario does not hold (the
/// scenario's resource-based policy belongs to the call's own resource): a KMS key of another account must allow
/// the caller in its key policy. The fix names that policy in words; no statement goes into the scenario's.
fn foreign_resource_policy_fix(
    d: &DependentCheck,
    decided: &Decided,
    principal: &iam_engine::Principal,
) -> Option<Fix> {
    let r = d.resource.as_deref()?;
    let own = decided.checks.iter().any(|c| c.arn == r);
    if own || d.decided_by != Some(PolicyKind::Resource) {
        return None;
    }
    let who = principal
        .arn
        .clone()
        .unwrap_or_else(|| "the caller".to_string());
    let statement = json!({
        "Effect": "Allow",
        "Principal": { "AWS": who },
        "Action": d.action,
        "Resource": "*",
    });
    Some(Fix {
        text: format!(
            "{} on `{r}` needs that resource's own policy (for a KMS key, its key policy), which is not in this \
             scenario, to allow the caller, as well as the caller's identity-based policy: across accounts neither \
             is enough alone. In the key policy, for example: {statement}",
            d.action
        ),
        ..Fix::default()
    })
}

/// A dependent action denied to a caller of another account on a resource whose policy AWS writes (an AWS
/// managed key): no policy can open it to the caller. A caller of the resource's account is denied by its own
/// policies, which the usual fix names.
fn managed_resource_fix(d: &DependentCheck) -> Option<Fix> {
    let r = d.resource.as_deref()?;
    let m = rules::MANAGED_RESOURCE_POLICIES
        .iter()
        .find(|m| rules::glob(m.arn, r, false))?;
    let owner = crate::arn::literal_field(r, 4);
    let caller_is_owner = d.context.iter().any(|k| {
        k.key == m.caller_account_key && k.values.iter().any(|v| Some(v.as_str()) == owner)
    });
    if caller_is_owner {
        return None;
    }
    Some(Fix {
        text: format!(
            "no policy can allow {} on `{r}`: it is {}, whose policy AWS writes and no one can change; use a \
             resource you manage instead (for a key, a customer managed key whose key policy allows the caller)",
            d.action, m.what
        ),
        ..Fix::default()
    })
}

pub fn answer(
    call: &Call<'_>,
    literal: &Answer,
    policies: &PolicySet,
    request: RealRequest,
    decided: Decided,
    findings: Vec<Finding>,
    problems: Vec<String>,
) -> RealApiAnswer {
    let lost: BTreeSet<StatementId> = applying(literal)
        .difference(&decided.applying)
        .cloned()
        .collect();
    let differ = decided.decision != literal.decision;
    let explicit_deny = decided.decision == Decision::ExplicitDeny;
    let mut divergences = Vec::new();
    let mut notes = Vec::new();
    let any_decisive = findings.iter().any(|f| decisive(f, &decided, &lost));
    for f in findings
        .iter()
        .filter(|f| !f.quiet || differ || !lost.is_empty())
    {
        let mut fix = default_fix(call, f, &decided, policies);
        if explicit_deny {
            if let Some(fix) = fix.as_mut() {
                fix.text = format!(
                    "{} — but an explicit deny decides the real call ({}); no allow overrides it, that statement must \
                     change",
                    fix.text,
                    StatementId::list(&decided.deciding)
                );
            }
        }
        let d = Divergence {
            kind: f.kind,
            explanation: f.explanation.clone(),
            suggestion: fix.as_ref().map(|x| x.text.clone()),
            fix,
            statements: if f.statements.is_empty() {
                lost.iter().cloned().collect()
            } else {
                f.statements.clone()
            },
            keys: f.keys.clone(),
            literal_decision: literal.decision,
            real_decision: decided.decision,
        };
        if differ && (!any_decisive || decisive(f, &decided, &lost)) {
            divergences.push(d);
        } else {
            notes.push(d);
        }
    }
    if differ && divergences.is_empty() {
        // Nothing a step found accounts for it: say so rather than show an unexplained difference.
        divergences.push(Divergence {
            kind: DivergenceKind::MultipleRequiredResources,
            explanation: format!(
                "the real request differs from the literal one: {}",
                decided
                    .checks
                    .iter()
                    .map(|c| format!("{} `{}`: {}", c.resource_type, c.arn, c.decision))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            suggestion: None,
            fix: None,
            statements: lost.iter().cloned().collect(),
            keys: Vec::new(),
            literal_decision: literal.decision,
            real_decision: decided.decision,
        });
    }
    let mut removed = request.removed;
    removed.extend(decided.dropped);
    RealApiAnswer {
        decision: decided.decision,
        action: Some(call.action_name.clone()),
        access_level: Some(call.action.access_level().as_str().to_string()),
        resources: decided.checks,
        added_keys: request.added,
        removed_keys: removed,
        call: call.used.take(),
        dependent_actions: decided.dependents,
        divergences,
        notes,
        deciding_statements: decided.deciding,
        problems,
    }
}

/// Two dependents' contexts agree when they have the same keys, or when one's keys are part of the other's, with
/// at least one key in common and the same values for the keys they share.
fn contexts_agree(a: &[KeyChange], b: &[KeyChange]) -> bool {
    let same_keys = a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.key == y.key);
    if same_keys {
        return true;
    }
    let within =
        |x: &[KeyChange], y: &[KeyChange]| x.iter().all(|k| y.iter().any(|o| o.key == k.key));
    let shared_agree = a.iter().all(|k| {
        b.iter()
            .find(|o| o.key == k.key)
            .is_none_or(|o| o.values == k.values)
    });
    !a.is_empty() && !b.is_empty() && (within(a, b) || within(b, a)) && shared_agree
}
