//! The words of an answer: why a statement applies or not, why a policy type takes no part, the reason of the
//! decision and its warnings. The decision is made elsewhere (`decide.rs`); this file only says it. Every text is
//! pinned by the snapshot `snapshots/reasons.txt` (the test at the end).

use super::decide::Decided;
use super::gates::Exempt;
use super::statement::{statement_id, StatementOutcome, Why};
use super::PolicySet;
use crate::answer::{Decision, StatementId};
use crate::condition;
use crate::diag::Diagnostic;
use crate::policy::{Effect, PolicyKind};
use crate::request::Request;
use crate::variables::Unresolved;

/// Why a policy type takes no part in the request.
pub(super) fn exemption(why: Exempt) -> &'static str {
    match why {
        Exempt::ScpServiceLinkedRole => "SCPs do not affect service-linked roles",
        Exempt::ScpManagementAccount => {
            "SCPs do not affect principals in the organization's management account"
        }
        Exempt::ScpServicePrincipal => "SCPs do not affect AWS service principals",
        Exempt::ScpAnonymous => {
            "SCPs affect only principals in the organization's member accounts; an anonymous caller has none"
        }
        Exempt::ScpIdentityProvider => {
            "SCPs affect only the IAM users and roles of the organization's member accounts; a caller signing in through an identity provider is neither"
        }
        Exempt::RcpManagementAccount => {
            "RCPs do not affect resources in the organization's management account"
        }
        Exempt::RcpServiceLinkedRole => "RCPs do not affect actions taken by service-linked roles",
        Exempt::RcpUnsupportedService => {
            "RCPs apply only to the services that support them, and this action's service is not one"
        }
        Exempt::IdentityAnonymous => {
            "an anonymous request has no identity: identity-based policies take no part"
        }
        Exempt::IdentityServicePrincipal => {
            "an AWS service principal has no identity-based policies here"
        }
        Exempt::IdentityRoot => {
            "the root user is not governed by identity-based policies; it has full access to its own account"
        }
        Exempt::IdentityProvider => {
            "the caller signs in through an identity provider and is not an AWS identity: only a resource-based policy, the role's trust policy, can allow it"
        }
        Exempt::BoundaryNotUserOrRole => "a permissions boundary applies only to IAM users and roles",
        Exempt::SessionNotASession => {
            "a session policy applies only to role sessions and federated user sessions"
        }
    }
}

/// A statement's explanation in the trace.
pub(super) fn statement(outcome: &StatementOutcome<'_>, effect: Effect, req: &Request) -> String {
    let why = match outcome {
        StatementOutcome::Applies(_) => {
            return match effect {
                Effect::Allow => "applies: allows the request".to_string(),
                Effect::Deny => "applies: explicitly denies the request".to_string(),
            }
        }
        StatementOutcome::NotApplicable(why) => why,
    };
    match why {
        Why::Unevaluable(first) => format!("cannot be evaluated: {first}"),
        Why::NoAction => "has no Action".to_string(),
        Why::ActionNotListed => {
            format!(
                "does not apply: no Action pattern matches `{}`",
                req.action()
            )
        }
        Why::ActionExcluded(listed) => format!("does not apply: NotAction lists `{listed}`"),
        Why::ResourceNotListed { note: Some(n) } => format!(
            "does not apply: no Resource matches `{}` ({n})",
            req.resource
        ),
        Why::ResourceNotListed { note: None } => format!(
            "does not apply: no Resource pattern matches `{}`",
            req.resource
        ),
        Why::ResourceExcluded(listed) => format!("does not apply: NotResource lists `{listed}`"),
        Why::PrincipalNotListed => {
            "does not apply: the Principal element does not name the caller".to_string()
        }
        Why::PrincipalExcluded => "does not apply: NotPrincipal names the caller".to_string(),
        Why::ConditionNotMet(c) => format!(
            "does not apply: the condition {} on `{}` is not met",
            c.operator_name, c.key
        ),
    }
}

/// The note on a Principal element that a Deny with NotPrincipal applies to because of the boundary.
pub(super) const NOT_PRINCIPAL_WITH_BOUNDARY: &str =
    "a Deny with NotPrincipal always denies a principal that has a permissions boundary";

/// The note on a Resource pattern with variables that did not match once filled in.
pub(super) fn template_became(raw: &str, filled: &str) -> String {
    format!("`{raw}` became `{filled}`")
}

/// The note on a Resource pattern whose variable could not be filled in.
pub(super) fn template_unresolved(raw: &str, u: &Unresolved) -> String {
    format!(
        "`{raw}` matches nothing: the variable ${{{}}} {}",
        u.variable, u.reason
    )
}

/// The decision in plain words, naming the deciding statements.
pub(super) fn reason(
    decided: &Decided,
    same_account: bool,
    deciding: &[StatementId],
    incomplete: bool,
) -> String {
    let by = decided.by.label();
    let list = StatementId::list(deciding);
    let mut s = match decided.decision {
        Decision::ExplicitDeny => {
            let article = if by.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
            format!("Denied: an explicit Deny in {article} {by} ({list}) overrides every Allow.")
        }
        Decision::Allow => {
            if deciding.is_empty() {
                "Allowed without a statement: the root user has full access to its own account, and nothing denies it."
                    .to_string()
            } else if same_account {
                format!("Allowed by {list}, and nothing denies it.")
            } else {
                format!("Allowed across accounts: both the caller's side and the resource-based policy allow it ({list}).")
            }
        }
        Decision::ImplicitDeny => match decided.by {
            PolicyKind::Scp => "Implicitly denied: a level of the organization has no SCP that allows this action; every level from the root to the account must allow it.".to_string(),
            PolicyKind::Rcp => "Implicitly denied: a level of the organization has no RCP that allows this request; every level must allow it.".to_string(),
            PolicyKind::VpcEndpoint => "Implicitly denied: the VPC endpoint policy does not allow this request.".to_string(),
            PolicyKind::PermissionsBoundary => "Implicitly denied: an identity-based policy allows it, but the permissions boundary does not, and the effective permissions are the intersection.".to_string(),
            PolicyKind::Session => "Implicitly denied: the session policy does not allow it, and a session's permissions are the intersection of its identity's policies and the session policy (a federated user session without a session policy has none).".to_string(),
            PolicyKind::Resource if !same_account => "Implicitly denied: across accounts the resource-based policy must also allow the caller, and it does not.".to_string(),
            PolicyKind::Resource => "Implicitly denied: only a resource-based policy can allow this caller, and none does.".to_string(),
            PolicyKind::Identity => "Implicitly denied: no policy allows this request (by default everything is denied).".to_string(),
        },
    };
    if incomplete {
        s.push_str(
            " Some statements could not be evaluated; fix the errors for a complete answer.",
        );
    }
    s
}

/// For an incomplete answer that is not an explicit deny: the statements that could not be evaluated but name
/// this action, and might change the answer once fixed (a Deny for an allow, an Allow for a deny).
pub(super) fn doubtful(set: &PolicySet, req: &Request, decision: Decision) -> Option<String> {
    if decision == Decision::ExplicitDeny {
        return None;
    }
    let wanted = if decision == Decision::Allow {
        Effect::Deny
    } else {
        Effect::Allow
    };
    let doubtful: Vec<StatementId> = set
        .policies()
        .flat_map(|(p, _)| p.statements.iter().map(move |s| (p, s)))
        .filter(|(_, s)| !s.unevaluable.is_empty() && s.effect == wanted)
        .filter(|(_, s)| {
            s.action.as_ref().is_some_and(|a| {
                a.patterns
                    .iter()
                    .any(|p| p.pattern.matches(req.action_lower()))
                    != a.negated
            })
        })
        .map(|(p, s)| statement_id(p, s.index))
        .collect();
    (!doubtful.is_empty()).then(|| careful(&doubtful, wanted))
}

fn careful(doubtful: &[StatementId], wanted: Effect) -> String {
    let verb = match wanted {
        Effect::Deny => "deny",
        Effect::Allow => "allow",
    };
    format!(
        " Careful: {} could not be evaluated but name{} this action, and might {verb} it once fixed.",
        StatementId::list(doubtful),
        if doubtful.len() == 1 { "s" } else { "" }
    )
}

/// Request values that a condition on their key cannot compare (an IP address that is not one, a date that is
/// not a date): they match nothing, silently, so each is reported once as a warning.
pub(crate) fn unusable_context_values(set: &PolicySet, req: &Request) -> Vec<Diagnostic> {
    let mut seen: std::collections::HashSet<(String, String)> = std::collections::HashSet::new();
    let mut out = Vec::new();
    let conditions = set
        .policies()
        .flat_map(|(p, _)| p.statements.iter())
        .flat_map(|s| s.conditions.iter());
    for c in conditions {
        let Some(entry) = req.context.get(&c.key_lower) else {
            continue;
        };
        for rv in &entry.values {
            let Some(what) = condition::request_value_problem(c.operator.base, rv) else {
                continue;
            };
            if !seen.insert((c.key_lower.clone(), rv.clone())) {
                continue;
            }
            out.push(
                Diagnostic::warning(
                    crate::diag::Code::InvalidContextValue,
                    format!(
                        "the request's `{}` is `{rv}`, which `{}` cannot compare: its conditions on that value match nothing",
                        entry.key, c.operator_name
                    ),
                    format!(
                        "correct the request's `{}`; `{}` compares {what}",
                        entry.key, c.operator_name
                    ),
                    None,
                )
                .locate(crate::Source::Scenario, ""),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::condition::{Condition, Operator};
    use crate::diag::Span;
    use std::fmt::Write as _;

    const KINDS: [PolicyKind; 7] = PolicyKind::ALL;

    const EXEMPTIONS: [Exempt; 14] = [
        Exempt::ScpServiceLinkedRole,
        Exempt::ScpManagementAccount,
        Exempt::ScpServicePrincipal,
        Exempt::ScpAnonymous,
        Exempt::ScpIdentityProvider,
        Exempt::RcpManagementAccount,
        Exempt::RcpServiceLinkedRole,
        Exempt::RcpUnsupportedService,
        Exempt::IdentityAnonymous,
        Exempt::IdentityServicePrincipal,
        Exempt::IdentityRoot,
        Exempt::IdentityProvider,
        Exempt::BoundaryNotUserOrRole,
        Exempt::SessionNotASession,
    ];

    /// Every text this file writes, each with what produced it.
    fn every_text() -> String {
        let mut out = String::new();
        let mut line = |what: String, text: &str| {
            let _ = writeln!(out, "{what}\n    {text}");
        };
        for e in EXEMPTIONS {
            line(format!("exemption {e:?}"), exemption(e));
        }
        let req = Request::new(
            crate::request::Principal::anonymous(),
            "s3:GetObject",
            "arn:aws:s3:::bucket/key",
        );
        let op = Operator::parse("StringEquals", Span::default()).unwrap();
        let cond = Condition::compile(
            "StringEquals",
            op,
            "aws:PrincipalTag/team",
            vec![("blue".to_string(), Span::default())],
            true,
            Span::default(),
        )
        .unwrap();
        let whys = [
            Why::Unevaluable("the Action element is not a string or a list of strings"),
            Why::NoAction,
            Why::ActionNotListed,
            Why::ActionExcluded("s3:*"),
            Why::ResourceNotListed { note: None },
            Why::ResourceNotListed {
                note: Some(template_became(
                    "arn:aws:s3:::bucket/${aws:username}/*",
                    "arn:aws:s3:::bucket/alice/*",
                )),
            },
            Why::ResourceNotListed {
                note: Some(template_unresolved(
                    "arn:aws:s3:::bucket/${aws:username}/*",
                    &Unresolved {
                        variable: "aws:username".to_string(),
                        reason: "is not in the request",
                    },
                )),
            },
            Why::ResourceExcluded("arn:aws:s3:::bucket/*"),
            Why::PrincipalNotListed,
            Why::PrincipalExcluded,
            Why::ConditionNotMet(&cond),
        ];
        for why in whys {
            let what = match &why {
                Why::ConditionNotMet(c) => {
                    format!(
                        "statement ConditionNotMet({} on {})",
                        c.operator_name, c.key
                    )
                }
                other => format!("statement {other:?}"),
            };
            line(
                what,
                &statement(&StatementOutcome::NotApplicable(why), Effect::Allow, &req),
            );
        }
        for effect in [Effect::Allow, Effect::Deny] {
            let applies = StatementOutcome::Applies(None);
            line(
                format!("statement applies, {effect:?}"),
                &statement(&applies, effect, &req),
            );
        }
        line("principal note".to_string(), NOT_PRINCIPAL_WITH_BOUNDARY);
        let one = [StatementId::new("identity/P", 0)];
        let two = [
            StatementId::new("identity/P", 0),
            StatementId::new("resource/R", 1),
        ];
        let decided = |decision, by| Decided { decision, by };
        for by in KINDS {
            let d = decided(Decision::ExplicitDeny, by);
            line(format!("reason {d:?}"), &reason(&d, true, &one, false));
        }
        let allow = decided(Decision::Allow, PolicyKind::Identity);
        line(
            "reason Allow, no statement".to_string(),
            &reason(&allow, true, &[], false),
        );
        line(
            "reason Allow, same account".to_string(),
            &reason(&allow, true, &two, false),
        );
        line(
            "reason Allow, across accounts".to_string(),
            &reason(&allow, false, &two, false),
        );
        for by in KINDS {
            for same_account in [true, false] {
                let d = decided(Decision::ImplicitDeny, by);
                line(
                    format!("reason {d:?}, same account {same_account}"),
                    &reason(&d, same_account, &[], false),
                );
            }
        }
        let deny = decided(Decision::ExplicitDeny, PolicyKind::Scp);
        line(
            "reason incomplete".to_string(),
            &reason(&deny, true, &two, true),
        );
        line(
            "careful, one deny".to_string(),
            &careful(&one, Effect::Deny),
        );
        line(
            "careful, two allows".to_string(),
            &careful(&two, Effect::Allow),
        );
        out
    }

    #[test]
    fn every_text_matches_the_snapshot() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/eval/snapshots/reasons.txt");
        let got = every_text();
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| !v.is_empty() && v != "0") {
            std::fs::write(&path, &got).unwrap();
            return;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            got == want,
            "the texts differ from {} (UPDATE_SNAPSHOTS=1 rewrites it when the change is meant):\n{}",
            path.display(),
            got.lines()
                .zip(want.lines().chain(std::iter::repeat("")))
                .filter(|(g, w)| g != w)
                .map(|(g, w)| format!("- {w}\n+ {g}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
