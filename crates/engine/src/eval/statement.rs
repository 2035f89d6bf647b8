//! One statement against a request — its Action, Resource, Principal and Condition elements in turn, each traced
//! when asked — and one policy as the statements of it that apply.

use super::explain;
use super::sweep::Swept;
use crate::answer::*;
use crate::condition::{self, Condition};
use crate::diag::Span;
use crate::policy::*;
use crate::request::{PrincipalType, Request};
use crate::variables::render;

/// A statement that applied.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    pub index: usize,
    pub effect: Effect,
    pub principal: Option<PrincipalMatch>,
}

/// What one statement does with a request.
#[derive(Debug, Clone)]
pub(super) enum StatementOutcome<'p> {
    /// It takes no part in the decision, for this reason.
    NotApplicable(Why<'p>),
    /// It allows or denies (its effect); with how its Principal element named the caller, or `None` where the
    /// statement names no principal (identity-based policies, boundaries, session policies, and resource-based
    /// policies without a Principal element).
    Applies(Option<PrincipalMatch>),
}

/// Why a statement does not apply ([`explain::statement`] words it).
#[derive(Debug, Clone)]
pub(super) enum Why<'p> {
    /// The statement could not be evaluated: its first problem.
    Unevaluable(&'p str),
    NoAction,
    /// No Action pattern matches the action.
    ActionNotListed,
    /// NotAction lists the action: the pattern that matched.
    ActionExcluded(&'p str),
    /// No Resource pattern matches the resource; with a trace, what a pattern with variables became.
    ResourceNotListed {
        note: Option<String>,
    },
    /// NotResource lists the resource: the pattern that matched.
    ResourceExcluded(&'p str),
    /// The Principal element does not name the caller.
    PrincipalNotListed,
    /// NotPrincipal names the caller.
    PrincipalExcluded,
    /// The first condition that is not met.
    ConditionNotMet(&'p Condition),
}

use StatementOutcome::{Applies, NotApplicable};

/// One policy evaluated.
pub(super) struct PolicyEval<'p> {
    pub policy: &'p Policy,
    pub hits: Vec<Hit>,
    /// Boxed: without a trace, collecting evaluations only moves a null pointer.
    pub trace: Option<Box<PolicyTrace>>,
}

impl PolicyEval<'_> {
    pub fn allows(&self) -> bool {
        self.hits.iter().any(|h| h.effect == Effect::Allow)
    }

    pub fn denies(&self) -> bool {
        self.hits.iter().any(|h| h.effect == Effect::Deny)
    }

    pub fn allows_with(&self, f: impl Fn(Option<PrincipalMatch>) -> bool) -> bool {
        self.hits
            .iter()
            .any(|h| h.effect == Effect::Allow && f(h.principal))
    }

    /// The ids of the statements that applied with `effect`.
    pub fn ids(&self, effect: Effect) -> impl Iterator<Item = StatementId> + '_ {
        self.hits
            .iter()
            .filter(move |h| h.effect == effect)
            .map(|h| statement_id(self.policy, h.index))
    }
}

pub(super) fn statement_id(policy: &Policy, index: usize) -> StatementId {
    StatementId::new(&policy.id, index)
}

/// Evaluates every statement of a policy. `memo` is what an [`super::ActionSweep`] found of each statement apart
/// from its Action element; without a trace only the Action elements are then matched.
pub(super) fn eval_policy<'p>(
    policy: &'p Policy,
    level: Option<&str>,
    req: &Request,
    trace: bool,
    has_boundary: bool,
    memo: Option<&Vec<Swept<'_>>>,
) -> PolicyEval<'p> {
    let mut hits = Vec::new();
    let mut traces = Vec::new();
    match memo {
        Some(swept) if !trace => {
            for (st, sw) in policy.statements.iter().zip(swept) {
                let (Applies(principal), Some(action)) = (&sw.outcome, st.action.as_ref()) else {
                    continue;
                };
                let matched = sw.patterns.iter().any(|&i| {
                    action
                        .patterns
                        .get(i)
                        .is_some_and(|p| p.pattern.matches(req.action_lower()))
                });
                if matched != action.negated {
                    hits.push(Hit {
                        index: st.index,
                        effect: st.effect,
                        principal: *principal,
                    });
                }
            }
        }
        _ => {
            for st in &policy.statements {
                let (outcome, t) = eval_statement(policy, st, req, trace, has_boundary);
                if let Applies(principal) = outcome {
                    hits.push(Hit {
                        index: st.index,
                        effect: st.effect,
                        principal,
                    });
                }
                traces.extend(t.map(|b| *b));
            }
        }
    }
    let trace = trace.then(|| {
        Box::new(PolicyTrace {
            id: policy.id.clone(),
            name: policy.name.clone(),
            kind: policy.kind,
            level: level.map(str::to_string),
            applies: true,
            note: None,
            allows: hits.iter().any(|h| h.effect == Effect::Allow),
            denies: hits.iter().any(|h| h.effect == Effect::Deny),
            statements: traces,
        })
    });
    PolicyEval {
        policy,
        hits,
        trace,
    }
}

/// Evaluates one statement, with its trace when `trace` is set.
fn eval_statement<'p>(
    policy: &Policy,
    st: &'p Statement,
    req: &Request,
    trace: bool,
    has_boundary: bool,
) -> (StatementOutcome<'p>, Option<Box<StatementTrace>>) {
    // Boxed: the trace is large, and the fast path (no trace) should only move a null pointer around.
    let mut t = trace.then(|| {
        Box::new(StatementTrace {
            id: statement_id(policy, st.index),
            index: st.index,
            sid: st.sid.clone(),
            effect: st.effect,
            applies: false,
            decisive: false,
            explanation: String::new(),
            action: None,
            resource: None,
            principal: None,
            conditions: Vec::new(),
            unevaluable: st.unevaluable.clone(),
            span: st.span,
            location: st.location,
        })
    });
    let outcome = match unevaluable(st).and_then(|()| action_element(st, req, &mut t)) {
        Err(why) => NotApplicable(why),
        Ok(()) => match other_elements(policy, st, req, &mut t, has_boundary) {
            Ok(principal) => Applies(principal),
            Err(why) => NotApplicable(why),
        },
    };
    // The explanation is only built when there is a trace.
    if let Some(t) = t.as_mut() {
        t.applies = matches!(outcome, Applies(_));
        t.explanation = explain::statement(&outcome, st.effect, req);
    }
    (outcome, t)
}

/// What a statement decides apart from its Action element: the Resource, Principal and Condition elements. None
/// of them looks at the action, so a sweep over actions computes this once per statement
/// ([`super::ActionSweep`]).
pub(super) fn apart_from_action<'p>(
    policy: &Policy,
    st: &'p Statement,
    req: &Request,
    has_boundary: bool,
) -> StatementOutcome<'p> {
    match unevaluable(st).and_then(|()| other_elements(policy, st, req, &mut None, has_boundary)) {
        Ok(principal) => Applies(principal),
        Err(why) => NotApplicable(why),
    }
}

fn unevaluable(st: &Statement) -> Result<(), Why<'_>> {
    match st.unevaluable.first() {
        None => Ok(()),
        Some(first) => Err(Why::Unevaluable(first)),
    }
}

fn other_elements<'p>(
    policy: &Policy,
    st: &'p Statement,
    req: &Request,
    t: &mut Option<Box<StatementTrace>>,
    has_boundary: bool,
) -> Result<Option<PrincipalMatch>, Why<'p>> {
    resource_element(st, req, t)?;
    let principal = principal_element(policy, st, req, t, has_boundary)?;
    conditions(st, req, t)?;
    Ok(principal)
}

/// The trace of an Action, Resource or Principal element: `names` are its positive and negated spellings, `hit`
/// the listed item that matched the request (its text and span; otherwise the span is the whole element's).
fn element_trace(
    names: [Element; 2],
    negated: bool,
    matched: bool,
    hit: Option<(&str, Span)>,
    whole: Span,
) -> ElementTrace {
    let [positive, negative] = names;
    ElementTrace {
        element: if negated { negative } else { positive },
        matched,
        pattern: hit.map(|(raw, _)| raw.to_string()),
        note: None,
        principal_match: None,
        span: hit.map_or(whole, |(_, span)| span),
    }
}

/// Action / NotAction.
fn action_element<'p>(
    st: &'p Statement,
    req: &Request,
    t: &mut Option<Box<StatementTrace>>,
) -> Result<(), Why<'p>> {
    let Some(action) = &st.action else {
        return Err(Why::NoAction);
    };
    let hit = action
        .patterns
        .iter()
        .find(|p| p.pattern.matches(req.action_lower()));
    let ok = hit.is_some() != action.negated;
    if let Some(t) = t.as_mut() {
        t.action = Some(element_trace(
            [Element::Action, Element::NotAction],
            action.negated,
            ok,
            hit.map(|p| (p.raw.as_str(), p.span)),
            action.span,
        ));
    }
    match (ok, action.negated) {
        (true, _) => Ok(()),
        (false, true) => Err(Why::ActionExcluded(
            hit.map(|p| p.raw.as_str()).unwrap_or(""),
        )),
        (false, false) => Err(Why::ActionNotListed),
    }
}

/// Resource / NotResource (absent in some resource-based policies: the resource they are attached to).
fn resource_element<'p>(
    st: &'p Statement,
    req: &Request,
    t: &mut Option<Box<StatementTrace>>,
) -> Result<(), Why<'p>> {
    let Some(resource) = &st.resource else {
        return Ok(());
    };
    let trace = t.is_some();
    let mut note = None;
    let mut matched_pattern = None;
    for p in &resource.patterns {
        let m = match &p.matcher {
            ResourceMatcher::All => true,
            ResourceMatcher::Arn(a) => a.matches(&req.resource),
            ResourceMatcher::Invalid => false,
            ResourceMatcher::Template(tpl) => match tpl.substitute(&req.context) {
                Ok(toks) => {
                    let ok = crate::pattern::ArnPattern::from_tokens(&toks)
                        .is_some_and(|a| a.matches(&req.resource));
                    if trace && !ok && note.is_none() {
                        note = Some(explain::template_became(&p.raw, &render(&toks)));
                    }
                    ok
                }
                Err(u) => {
                    if trace {
                        note = Some(explain::template_unresolved(&p.raw, &u));
                    }
                    false
                }
            },
        };
        if m {
            matched_pattern = Some(p);
            break;
        }
    }
    let ok = matched_pattern.is_some() != resource.negated;
    if let Some(t) = t.as_mut() {
        t.resource = Some(ElementTrace {
            note: note.clone(),
            ..element_trace(
                [Element::Resource, Element::NotResource],
                resource.negated,
                ok,
                matched_pattern.map(|p| (p.raw.as_str(), p.span)),
                resource.span,
            )
        });
    }
    match (ok, resource.negated) {
        (true, _) => Ok(()),
        (false, true) => Err(Why::ResourceExcluded(
            matched_pattern.map(|p| p.raw.as_str()).unwrap_or(""),
        )),
        (false, false) => Err(Why::ResourceNotListed { note }),
    }
}

/// Principal / NotPrincipal (resource-based policies, RCPs, VPC endpoint policies): how the element names the
/// caller.
fn principal_element<'p>(
    policy: &Policy,
    st: &'p Statement,
    req: &Request,
    t: &mut Option<Box<StatementTrace>>,
    has_boundary: bool,
) -> Result<Option<PrincipalMatch>, Why<'p>> {
    let Some(pb) = &st.principal else {
        let everyone = policy.kind.needs_principal() && policy.kind != PolicyKind::Resource;
        return Ok(everyone.then_some(PrincipalMatch::Everyone));
    };
    let found = named_item(pb, req);
    // IAM User Guide, permissions boundaries: a NotPrincipal with a Deny effect always denies a principal
    // that has a permissions boundary, whatever NotPrincipal lists.
    let boundary_quirk = pb.negated && st.effect == Effect::Deny && has_boundary;
    let ok = (found.is_some() != pb.negated) || boundary_quirk;
    let principal_match = if pb.negated {
        ok.then_some(PrincipalMatch::Everyone)
    } else {
        found.map(|(_, m)| m)
    };
    if let Some(t) = t.as_mut() {
        t.principal = Some(ElementTrace {
            note: boundary_quirk.then(|| explain::NOT_PRINCIPAL_WITH_BOUNDARY.to_string()),
            principal_match,
            ..element_trace(
                [Element::Principal, Element::NotPrincipal],
                pb.negated,
                ok,
                found.map(|(i, _)| (i.raw.as_str(), i.span)),
                pb.span,
            )
        });
    }
    match (ok, pb.negated) {
        (true, _) => Ok(principal_match),
        (false, true) => Err(Why::PrincipalExcluded),
        (false, false) => Err(Why::PrincipalNotListed),
    }
}

/// The first entry of a Principal or NotPrincipal element that names the caller, and how it names it.
fn named_item<'p>(
    pb: &'p PrincipalBlock,
    req: &Request,
) -> Option<(&'p PrincipalItem, PrincipalMatch)> {
    pb.items
        .iter()
        .find_map(|i| principal_matches(&i.entry, req).map(|m| (i, m)))
        // NotPrincipal excludes only the principals it names exactly: naming an account excludes its root
        // user, not the account's users and roles (IAM User Guide, NotPrincipal).
        .filter(|(_, m)| !pb.negated || *m == PrincipalMatch::Direct)
}

/// Whether a statement's Principal or NotPrincipal element lets it apply to the request's caller, and how the
/// element names the caller (`Everyone` for a NotPrincipal that excludes someone else); `None` when it does not
/// apply. This is the element alone: NotPrincipal's rule for callers with a permissions boundary is left out.
pub fn principal_applies(pb: &PrincipalBlock, req: &Request) -> Option<PrincipalMatch> {
    match (named_item(pb, req), pb.negated) {
        (Some((_, m)), false) => Some(m),
        (None, true) => Some(PrincipalMatch::Everyone),
        _ => None,
    }
}

/// Whether a session's role is the role a policy names. A session ARN (`assumed-role/NAME/session`) carries no
/// path, and role names are unique in an account (IAM User Guide, IAM identifiers: "names must be unique within
/// the account", whatever the path), so a path-less role ARN names the same role as the policy's ARN with a path.
fn same_role(session_role: &str, named: &str) -> bool {
    if session_role == named {
        return true;
    }
    let split = |a: &str| {
        a.split_once(":role/")
            .map(|(head, path)| (head.to_string(), path.to_string()))
    };
    match (split(session_role), split(named)) {
        (Some((h1, p1)), Some((h2, p2))) => {
            h1 == h2 && !p1.contains('/') && p2.rsplit('/').next() == Some(p1.as_str())
        }
        _ => false,
    }
}

fn principal_matches(entry: &PrincipalEntry, req: &Request) -> Option<PrincipalMatch> {
    let p = &req.principal;
    match entry {
        PrincipalEntry::Everyone => Some(PrincipalMatch::Everyone),
        PrincipalEntry::Account { account } => {
            // An account names its IAM identities, never an identity provider's caller, which trust policies
            // name as `Federated` (IAM User Guide, AWS JSON policy elements: Principal, Federated principals).
            let named = p.account.as_deref() == Some(account.as_str())
                && !matches!(p.kind, PrincipalType::Anonymous | PrincipalType::Service)
                && !p.kind.is_identity_provider();
            named.then_some(if p.kind == PrincipalType::Root {
                PrincipalMatch::Direct
            } else {
                PrincipalMatch::Account
            })
        }
        PrincipalEntry::Arn { .. } if p.kind.is_identity_provider() => None,
        PrincipalEntry::Arn { arn } => {
            if p.kind == PrincipalType::Role && p.role_arn.as_deref() == Some(arn.as_str()) {
                return Some(PrincipalMatch::Role);
            }
            if p.arn.as_deref() == Some(arn.as_str()) {
                return Some(PrincipalMatch::Direct);
            }
            if p.kind == PrincipalType::AssumedRole
                && p.role_arn.as_deref().is_some_and(|r| same_role(r, arn))
            {
                return Some(PrincipalMatch::Role);
            }
            if p.kind == PrincipalType::FederatedUser
                && p.parent_user_arn.as_deref() == Some(arn.as_str())
            {
                return Some(PrincipalMatch::ParentUser);
            }
            None
        }
        PrincipalEntry::Service { name } => (p.kind == PrincipalType::Service
            && p.service
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case(name)))
        .then_some(PrincipalMatch::Direct),
        PrincipalEntry::Federated { name } => (p.kind.is_identity_provider()
            && p.arn.as_deref() == Some(name.as_str()))
        .then_some(PrincipalMatch::Direct),
        PrincipalEntry::CanonicalUser { .. } | PrincipalEntry::Invalid => None,
    }
}

/// Conditions: all must hold. With a trace every condition is evaluated and traced; without, the first that
/// fails ends the check.
fn conditions<'p>(
    st: &'p Statement,
    req: &Request,
    t: &mut Option<Box<StatementTrace>>,
) -> Result<(), Why<'p>> {
    let trace = t.is_some();
    let mut first_false = None;
    for c in &st.conditions {
        let (ok, ct) = condition::evaluate(c, &req.context, trace);
        if !ok && first_false.is_none() {
            first_false = Some(c);
        }
        match t.as_mut() {
            Some(t) => t.conditions.extend(ct),
            None if !ok => break,
            None => {}
        }
    }
    match first_false {
        None => Ok(()),
        Some(c) => Err(Why::ConditionNotMet(c)),
    }
}
