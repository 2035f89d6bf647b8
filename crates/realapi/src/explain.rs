//! Step 6 of the analysis: the answer. Findings that explain why the real decision differs from the literal one
//! become divergences, each with its fix (a rewritten ARN or a statement to add, as policy JSON); the rest are
//! notes. Whenever the two decisions differ, at least one divergence explains it.

use crate::analysis::{Call, Finding};
use crate::answer::{DependentCheck, Divergence, DivergenceKind, Fix, RealApiAnswer};
use crate::decide::Decided;
use crate::keys::RealRequest;
use iam_engine::{Answer, Decision, PolicyKind, PolicySet};
use serde_json::json;
use std::collections::BTreeSet;

/// The statements that applied to the literal request.
fn applying(answer: &Answer) -> BTreeSet<String> {
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
fn first_identity(policies: &PolicySet) -> Option<String> {
    policies
        .identity
        .iter()
        .find(|p| p.kind == PolicyKind::Identity)
        .map(|p| p.id.clone())
}

fn allow_statement(action: &str, resources: &[String]) -> serde_json::Value {
    let resource = match resources {
        [one] => json!(one),
        many => json!(many),
    };
    json!({ "Effect": "Allow", "Action": action, "Resource": resource })
}

/// Whether a finding can account for the decision changing.
fn decisive(f: &Finding, decided: &Decided, lost: &BTreeSet<String>) -> bool {
    match f.kind {
        DivergenceKind::DependentAction => decided
            .dependents
            .iter()
            .any(|d| d.certain && d.decision.is_some_and(|x| x != Decision::Allow)),
        DivergenceKind::MultipleRequiredResources => {
            decided.checks.iter().any(|c| c.decision != Decision::Allow)
        }
        DivergenceKind::NoResourceLevelPermissions => {
            !lost.is_empty() || decided.decision != Decision::Allow
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

/// A fix for findings whose kind has an obvious one.
fn default_fix(
    call: &Call<'_>,
    f: &Finding,
    decided: &Decided,
    policy: Option<&String>,
) -> Option<Fix> {
    let action = call.action_name.as_str();
    let denied: Vec<String> = decided
        .checks
        .iter()
        .filter(|c| c.decision != Decision::Allow)
        .map(|c| c.arn.clone())
        .collect();
    let fix = match f.kind {
        DivergenceKind::NoResourceLevelPermissions => Fix {
            text: format!(
                "give {action} its own statement with Resource `*` (keep ARN-scoped statements for actions that \
                 support them)"
            ),
            statement: Some(allow_statement(action, &["*".to_string()])),
            ..Fix::default()
        },
        DivergenceKind::MultipleRequiredResources if !denied.is_empty() => Fix {
            text: format!("allow {action} on every resource it authorizes: {}", denied.join(", ")),
            statement: Some(allow_statement(action, &denied)),
            ..Fix::default()
        },
        DivergenceKind::DependentAction => {
            let denied: Vec<&DependentCheck> = decided
                .dependents
                .iter()
                .filter(|d| d.certain && d.decision.is_some_and(|x| x != Decision::Allow))
                .collect();
            let first = denied.first()?;
            // One statement for the first denied action, on every resource it is denied on.
            let resources: Vec<String> = denied
                .iter()
                .filter(|d| d.action == first.action)
                .map(|d| d.resource.clone().unwrap_or_else(|| "*".to_string()))
                .collect();
            let mut statement = allow_statement(&first.action, &resources);
            if let (Some(obj), false) = (statement.as_object_mut(), first.context.is_empty()) {
                let mut cond = serde_json::Map::new();
                for k in &first.context {
                    cond.insert(k.key.clone(), json!(k.values.first().cloned().unwrap_or_default()));
                }
                obj.insert("Condition".to_string(), json!({ "StringEquals": cond }));
            }
            Fix {
                text: format!("allow {} on {} too: the call needs it", first.action, resources.join(", ")),
                statement: Some(statement),
                ..Fix::default()
            }
        }
        _ => return f.fix.clone().map(|mut fix| {
            if fix.statement.is_none() {
                if let Some(r) = &fix.resource {
                    fix.statement = Some(allow_statement(action, std::slice::from_ref(r)));
                }
            }
            fix
        }),
    };
    let mut fix = f.fix.clone().unwrap_or(fix);
    if fix.policy.is_none() && fix.statement.is_some() {
        fix.policy = policy.cloned();
    }
    Some(fix)
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
    let lost: BTreeSet<String> = applying(literal)
        .difference(&decided.applying)
        .cloned()
        .collect();
    let policy = first_identity(policies);
    let differ = decided.decision != literal.decision;
    let explicit_deny = decided.decision == Decision::ExplicitDeny;
    let mut divergences = Vec::new();
    let mut notes = Vec::new();
    let any_decisive = findings.iter().any(|f| decisive(f, &decided, &lost));
    for f in findings
        .iter()
        .filter(|f| !f.quiet || differ || !lost.is_empty())
    {
        let mut fix = default_fix(call, f, &decided, policy.as_ref());
        if explicit_deny {
            if let Some(fix) = fix.as_mut() {
                fix.text = format!(
                    "{} — but an explicit deny decides the real call ({}); no allow overrides it, that statement must \
                     change",
                    fix.text,
                    decided.deciding.join(", ")
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
