//! Deciding a request: every statement of every policy is matched against the request, each policy type is
//! summarised, and one small truth table turns those summaries into the decision (IAM User Guide, "Policy
//! evaluation logic", single-account and cross-account).

use crate::answer::*;
use crate::condition;
use crate::policy::*;
use crate::request::{PrincipalType, Request};
use crate::variables::render;

/// SCPs or RCPs at one level of the organization (root, an OU, the account).
#[derive(Debug, Clone)]
pub struct Level {
    pub name: String,
    pub policies: Vec<Policy>,
}

/// Every policy that takes part in a request.
#[derive(Debug, Clone, Default)]
pub struct PolicySet {
    pub identity: Vec<Policy>,
    pub resource: Option<Policy>,
    pub permissions_boundary: Option<Policy>,
    pub session: Option<Policy>,
    /// `None`: the account is not in an organization with SCPs. Ordered from the root to the account.
    pub scps: Option<Vec<Level>>,
    /// `None`: no RCPs. Ordered from the root to the account.
    pub rcps: Option<Vec<Level>>,
    pub vpc_endpoint: Vec<Policy>,
}

impl PolicySet {
    /// All policies, in evaluation-display order, with the organization level of SCPs and RCPs.
    pub fn all(&self) -> Vec<(&Policy, Option<&str>)> {
        self.policies().collect()
    }

    /// All policies, in evaluation-display order, without collecting them.
    pub fn policies(&self) -> impl Iterator<Item = (&Policy, Option<&str>)> {
        fn levels(ls: &Option<Vec<Level>>) -> impl Iterator<Item = (&Policy, Option<&str>)> {
            ls.iter()
                .flatten()
                .flat_map(|l| l.policies.iter().map(move |p| (p, Some(l.name.as_str()))))
        }
        fn plain<'p>(
            ps: impl Iterator<Item = &'p Policy>,
        ) -> impl Iterator<Item = (&'p Policy, Option<&'p str>)> {
            ps.map(|p| (p, None))
        }
        levels(&self.scps)
            .chain(levels(&self.rcps))
            .chain(plain(self.vpc_endpoint.iter()))
            .chain(plain(self.identity.iter()))
            .chain(plain(self.resource.iter()))
            .chain(plain(self.permissions_boundary.iter()))
            .chain(plain(self.session.iter()))
    }
}

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

/// Options for [`evaluate`].
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Build the per-statement trace (off for the fastest decision).
    pub trace: bool,
    /// Name the deciding statements and explain the decision in words (implied by `trace`).
    pub explain: bool,
    /// List every statement that applied in [`Answer::applying_statements`] (what the trace would mark as
    /// applying), without building the trace.
    pub applying: bool,
}

impl Options {
    /// Everything: the trace, the deciding statements and the reason (the default).
    pub const FULL: Options = Options {
        trace: true,
        explain: true,
        applying: false,
    };
    /// The decision with its reason and deciding statements, without the per-statement trace.
    pub const DECISION: Options = Options {
        trace: false,
        explain: true,
        applying: false,
    };
    /// The decision, its reason and deciding statements, and every statement that applied, without the trace
    /// (the real-API analysis compares which statements apply to the literal and the real requests).
    pub const APPLYING: Options = Options {
        trace: false,
        explain: true,
        applying: true,
    };
    /// The decision alone, for sweeps over many requests.
    pub const DECISION_ONLY: Options = Options {
        trace: false,
        explain: false,
        applying: false,
    };
}

impl Default for Options {
    fn default() -> Self {
        Options::FULL
    }
}

/// A statement that applied.
#[derive(Debug, Clone, Copy)]
struct Hit {
    index: usize,
    effect: Effect,
    principal: Option<PrincipalMatch>,
}

/// One policy evaluated.
struct PolicyEval {
    hits: Vec<Hit>,
    /// Boxed: without a trace, collecting evaluations only moves a null pointer.
    trace: Option<Box<PolicyTrace>>,
}

impl PolicyEval {
    fn allows(&self) -> bool {
        self.hits.iter().any(|h| h.effect == Effect::Allow)
    }
    fn allows_with(&self, f: impl Fn(Option<PrincipalMatch>) -> bool) -> bool {
        self.hits
            .iter()
            .any(|h| h.effect == Effect::Allow && f(h.principal))
    }
}

fn statement_id(policy: &Policy, index: usize) -> String {
    format!("{}#{}", policy.id, index)
}

fn principal_matches(entry: &PrincipalEntry, req: &Request) -> Option<PrincipalMatch> {
    let p = &req.principal;
    match entry {
        PrincipalEntry::Everyone => Some(PrincipalMatch::Everyone),
        PrincipalEntry::Account { account } => {
            let named = p.account.as_deref() == Some(account.as_str())
                && !matches!(p.kind, PrincipalType::Anonymous | PrincipalType::Service);
            named.then_some(if p.kind == PrincipalType::Root {
                PrincipalMatch::Direct
            } else {
                PrincipalMatch::Account
            })
        }
        PrincipalEntry::Arn { arn } => {
            if p.kind == PrincipalType::Role && p.role_arn.as_deref() == Some(arn.as_str()) {
                return Some(PrincipalMatch::Role);
            }
            if p.arn.as_deref() == Some(arn.as_str()) {
                return Some(PrincipalMatch::Direct);
            }
            if p.kind == PrincipalType::AssumedRole && p.role_arn.as_deref() == Some(arn.as_str()) {
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
        PrincipalEntry::Federated { name } => {
            (p.arn.as_deref() == Some(name.as_str())).then_some(PrincipalMatch::Direct)
        }
        PrincipalEntry::CanonicalUser { .. } | PrincipalEntry::Invalid => None,
    }
}

/// The trace of an Action, Resource or Principal element: `names` are its positive and negated spellings, `hit`
/// the listed item that matched the request (its text and span; otherwise the span is the whole element's).
fn element_trace(
    names: [&'static str; 2],
    negated: bool,
    matched: bool,
    hit: Option<(&str, crate::diag::Span)>,
    whole: crate::diag::Span,
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

/// Completes a statement's trace; the explanation is only built when there is a trace.
fn finish(
    mut t: Option<Box<StatementTrace>>,
    applies: bool,
    why: impl FnOnce() -> String,
) -> Option<Box<StatementTrace>> {
    if let Some(t) = t.as_mut() {
        t.applies = applies;
        t.explanation = why();
    }
    t
}

fn eval_statement(
    policy: &Policy,
    st: &Statement,
    req: &Request,
    trace: bool,
    has_boundary: bool,
) -> (Option<Hit>, Option<Box<StatementTrace>>) {
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
    if !st.unevaluable.is_empty() {
        let why = || {
            format!(
                "cannot be evaluated: {}",
                st.unevaluable
                    .first()
                    .map(String::as_str)
                    .unwrap_or("invalid statement")
            )
        };
        return (None, finish(t, false, why));
    }

    // Action / NotAction.
    let Some(action) = &st.action else {
        return (None, finish(t, false, || "has no Action".to_string()));
    };
    let hit = action
        .patterns
        .iter()
        .find(|p| p.pattern.matches(&req.action_lower));
    let action_ok = hit.is_some() != action.negated;
    if let Some(t) = t.as_mut() {
        t.action = Some(element_trace(
            ["Action", "NotAction"],
            action.negated,
            action_ok,
            hit.map(|p| (p.raw.as_str(), p.span)),
            action.span,
        ));
    }
    if !action_ok {
        let why = || {
            if action.negated {
                format!(
                    "does not apply: NotAction lists `{}`",
                    hit.map(|p| p.raw.as_str()).unwrap_or("")
                )
            } else {
                format!("does not apply: no Action pattern matches `{}`", req.action)
            }
        };
        return (None, finish(t, false, why));
    }

    let (hit, t) = statement_rest(policy, st, req, t, trace, has_boundary);
    (
        hit.map(|principal| Hit {
            index: st.index,
            effect: st.effect,
            principal,
        }),
        t,
    )
}

/// What a statement decides apart from its Action element: the Resource, Principal and Condition elements.
/// `Some(principal match)` when they all hold. None of them looks at the action, so a sweep over actions
/// computes this once per statement ([`ActionSweep`]).
#[allow(clippy::type_complexity)]
fn statement_rest(
    policy: &Policy,
    st: &Statement,
    req: &Request,
    mut t: Option<Box<StatementTrace>>,
    trace: bool,
    has_boundary: bool,
) -> (Option<Option<PrincipalMatch>>, Option<Box<StatementTrace>>) {
    // Resource / NotResource (absent in some resource-based policies: the resource they are attached to).
    if let Some(resource) = &st.resource {
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
                            note = Some(format!("`{}` became `{}`", p.raw, render(&toks)));
                        }
                        ok
                    }
                    Err(u) => {
                        if trace {
                            note = Some(format!(
                                "`{}` matches nothing: the variable ${{{}}} {}",
                                p.raw, u.variable, u.reason
                            ));
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
                    ["Resource", "NotResource"],
                    resource.negated,
                    ok,
                    matched_pattern.map(|p| (p.raw.as_str(), p.span)),
                    resource.span,
                )
            });
        }
        if !ok {
            let why = || {
                if resource.negated {
                    format!(
                        "does not apply: NotResource lists `{}`",
                        matched_pattern.map(|p| p.raw.as_str()).unwrap_or("")
                    )
                } else {
                    match note {
                        Some(n) => format!(
                            "does not apply: no Resource matches `{}` ({n})",
                            req.resource
                        ),
                        None => format!(
                            "does not apply: no Resource pattern matches `{}`",
                            req.resource
                        ),
                    }
                }
            };
            return (None, finish(t, false, why));
        }
    }

    // Principal / NotPrincipal (resource-based policies, RCPs, VPC endpoint policies).
    let mut principal_match = None;
    if let Some(pb) = &st.principal {
        let found = pb
            .items
            .iter()
            .find_map(|i| principal_matches(&i.entry, req).map(|m| (i, m)))
            // NotPrincipal excludes only the principals it names exactly: naming an account excludes its root
            // user, not the account's users and roles (IAM User Guide, NotPrincipal).
            .filter(|(_, m)| !pb.negated || *m == PrincipalMatch::Direct);
        // IAM User Guide, permissions boundaries: a NotPrincipal with a Deny effect always denies a principal
        // that has a permissions boundary, whatever NotPrincipal lists.
        let boundary_quirk = pb.negated && st.effect == Effect::Deny && has_boundary;
        let ok = (found.is_some() != pb.negated) || boundary_quirk;
        principal_match = if pb.negated {
            ok.then_some(PrincipalMatch::Everyone)
        } else {
            found.map(|(_, m)| m)
        };
        if let Some(t) = t.as_mut() {
            t.principal = Some(ElementTrace {
                note: boundary_quirk.then(|| {
                    "a Deny with NotPrincipal always denies a principal that has a permissions boundary".to_string()
                }),
                principal_match,
                ..element_trace(
                    ["Principal", "NotPrincipal"],
                    pb.negated,
                    ok,
                    found.map(|(i, _)| (i.raw.as_str(), i.span)),
                    pb.span,
                )
            });
        }
        if !ok {
            let why = || {
                if pb.negated {
                    "does not apply: NotPrincipal names the caller".to_string()
                } else {
                    "does not apply: the Principal element does not name the caller".to_string()
                }
            };
            return (None, finish(t, false, why));
        }
    } else if policy.kind.needs_principal() && policy.kind != PolicyKind::Resource {
        principal_match = Some(PrincipalMatch::Everyone);
    }

    // Conditions: all must hold.
    let mut all = true;
    let mut first_false = None;
    for c in &st.conditions {
        let (ok, ct) = condition::evaluate(c, &req.context, trace);
        if !ok {
            all = false;
            if first_false.is_none() {
                first_false = Some(format!("{} on `{}`", c.operator_name, c.key));
            }
        }
        match t.as_mut() {
            Some(t) => t.conditions.extend(ct),
            None if !ok => break,
            None => {}
        }
    }
    if !all {
        let why = || {
            format!(
                "does not apply: the condition {} is not met",
                first_false.unwrap_or_default()
            )
        };
        return (None, finish(t, false, why));
    }
    let why = || match st.effect {
        Effect::Allow => "applies: allows the request".to_string(),
        Effect::Deny => "applies: explicitly denies the request".to_string(),
    };
    (Some(principal_match), finish(t, true, why))
}

/// A statement as an [`ActionSweep`] sees it.
#[derive(Debug, Clone)]
struct Swept {
    /// What [`statement_rest`] found (the same for every action).
    rest: Option<Option<PrincipalMatch>>,
    /// The action patterns that can match an action of the service being swept (by index).
    patterns: Vec<usize>,
}

fn eval_policy(
    policy: &Policy,
    level: Option<&str>,
    req: &Request,
    trace: bool,
    has_boundary: bool,
    memo: Option<&Vec<Swept>>,
) -> PolicyEval {
    let mut hits = Vec::new();
    let mut traces = Vec::new();
    match memo {
        // A sweep without trace: only the Action element is matched; the rest was decided once.
        Some(swept) if !trace => {
            for (st, sw) in policy.statements.iter().zip(swept) {
                let (Some(principal), Some(action)) = (sw.rest, st.action.as_ref()) else {
                    continue;
                };
                let matched = sw.patterns.iter().any(|&i| {
                    action
                        .patterns
                        .get(i)
                        .is_some_and(|p| p.pattern.matches(&req.action_lower))
                });
                if matched != action.negated {
                    hits.push(Hit {
                        index: st.index,
                        effect: st.effect,
                        principal,
                    });
                }
            }
        }
        _ => {
            for st in &policy.statements {
                let (hit, t) = eval_statement(policy, st, req, trace, has_boundary);
                hits.extend(hit);
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
    PolicyEval { hits, trace }
}

/// Decides `req` against `set`.
pub fn evaluate(set: &PolicySet, req: &Request, options: Options) -> Answer {
    evaluate_with(set, req, options, &[])
}

/// Decides one request for many actions: the policies, principal, resource and context stay the same and only
/// the action changes (a sweep over every action of the reference). Each statement's Resource, Principal and
/// Condition elements are evaluated once, in [`ActionSweep::new`]; each [`ActionSweep::decide`] then matches
/// Action elements and applies the same truth table as [`evaluate`], which gives the same decision.
pub struct ActionSweep<'s> {
    set: &'s PolicySet,
    request: Request,
    swept: Vec<(&'s Policy, Vec<Swept>)>,
    /// The service prefix the statements' `patterns` were chosen for.
    service: Option<String>,
}

impl<'s> ActionSweep<'s> {
    /// Prepares the sweep for `request` (its action is replaced by each [`ActionSweep::decide`]).
    pub fn new(set: &'s PolicySet, request: Request) -> Self {
        let has_boundary =
            set.permissions_boundary.is_some() && request.principal.can_have_boundary();
        let swept = set
            .policies()
            .map(|(policy, _)| {
                let statements = policy
                    .statements
                    .iter()
                    .map(|st| Swept {
                        rest: if st.unevaluable.is_empty() {
                            statement_rest(policy, st, &request, None, false, has_boundary).0
                        } else {
                            None
                        },
                        patterns: Vec::new(),
                    })
                    .collect();
                (policy, statements)
            })
            .collect();
        ActionSweep {
            set,
            request,
            swept,
            service: None,
        }
    }

    /// The decision alone for `action` (as `service:Name`, any case). Sweeping the actions service by service
    /// is fastest: the patterns that can match a service's actions are chosen when the service changes.
    pub fn decide(&mut self, action: &str) -> Decision {
        self.request.action.clear();
        self.request.action.push_str(action);
        self.request.action_lower.clear();
        self.request
            .action_lower
            .extend(action.chars().map(|c| c.to_ascii_lowercase()));
        let service = self
            .request
            .action_lower
            .split_once(':')
            .map_or(self.request.action_lower.as_str(), |(s, _)| s);
        if self.service.as_deref() != Some(service) {
            for (policy, swept) in &mut self.swept {
                for (st, sw) in policy.statements.iter().zip(swept.iter_mut()) {
                    sw.patterns.clear();
                    if let Some(action) = &st.action {
                        sw.patterns.extend(
                            action
                                .patterns
                                .iter()
                                .enumerate()
                                .filter(|(_, p)| may_match_service(&p.raw, service))
                                .map(|(i, _)| i),
                        );
                    }
                }
            }
            self.service = Some(service.to_string());
        }
        evaluate_with(self.set, &self.request, Options::DECISION_ONLY, &self.swept).decision
    }
}

/// Whether an action pattern can match some action of the service `prefix` (lower-case). Only a pattern whose
/// text before its first `:` has no wildcard and differs from the prefix is ruled out: service prefixes contain
/// no `:`, so such a pattern cannot match `prefix:…`.
fn may_match_service(pattern: &str, prefix: &str) -> bool {
    match pattern.split_once(':') {
        Some((svc, _)) if !svc.contains(['*', '?']) => svc.eq_ignore_ascii_case(prefix),
        _ => true,
    }
}

fn evaluate_with(
    set: &PolicySet,
    req: &Request,
    options: Options,
    memo: &[(&Policy, Vec<Swept>)],
) -> Answer {
    let trace = options.trace;
    let p = &req.principal;
    let same_account = req.same_account();
    let anonymous = p.kind == PrincipalType::Anonymous;
    let service = p.kind == PrincipalType::Service;

    // Which gates apply (Organizations User Guide: SCPs affect only principals in member accounts; RCPs only
    // resources in member accounts; neither restricts AWS service principals).
    let service_linked = p
        .role_arn
        .as_deref()
        .and_then(|a| a.split_once(":role/"))
        .is_some_and(|(_, path)| path.starts_with("aws-service-role/"));
    let service_prefix = req.action_lower.split(':').next().unwrap_or("");
    let scp_note = if set.scps.is_none() {
        None
    } else if service_linked {
        Some("SCPs do not affect service-linked roles")
    } else if req.management_account {
        Some("SCPs do not affect principals in the organization's management account")
    } else if service {
        Some("SCPs do not affect AWS service principals")
    } else if anonymous {
        Some("SCPs affect only principals in the organization's member accounts; an anonymous caller has none")
    } else {
        None
    };
    let rcp_note = if set.rcps.is_none() {
        None
    } else if req.management_account && same_account {
        Some("RCPs do not affect resources in the organization's management account")
    } else if service_linked {
        Some("RCPs do not affect actions taken by service-linked roles")
    } else if !RCP_SERVICES.contains(&service_prefix) {
        Some("RCPs apply only to the services that support them, and this action's service is not one")
    } else {
        None
    };
    let identity_note = if anonymous {
        Some("an anonymous request has no identity: identity-based policies take no part")
    } else if service {
        Some("an AWS service principal has no identity-based policies here")
    } else if p.kind == PrincipalType::Root {
        Some("the root user is not governed by identity-based policies; it has full access to its own account")
    } else {
        None
    };
    let boundary_note = (!p.can_have_boundary())
        .then_some("a permissions boundary applies only to IAM users and roles");
    let session_note = (!p.can_have_session_policy())
        .then_some("a session policy applies only to role sessions and federated user sessions");

    let has_boundary = set.permissions_boundary.is_some() && p.can_have_boundary();
    let explaining = options.trace || options.explain;
    let mut traces: Vec<PolicyTrace> = Vec::new();
    let mut explicit_denies: Vec<(String, PolicyKind)> = Vec::new();
    let mut applying: Vec<String> = Vec::new();
    let mut run =
        |policy: &Policy, level: Option<&str>, note: Option<&str>| -> Option<PolicyEval> {
            if let Some(n) = note {
                if trace {
                    traces.push(PolicyTrace {
                        id: policy.id.clone(),
                        name: policy.name.clone(),
                        kind: policy.kind,
                        level: level.map(str::to_string),
                        applies: false,
                        note: Some(n.to_string()),
                        allows: false,
                        denies: false,
                        statements: Vec::new(),
                    });
                }
                return None;
            }
            let swept = memo
                .iter()
                .find(|(p, _)| std::ptr::eq(*p, policy))
                .map(|(_, s)| s);
            let mut e = eval_policy(policy, level, req, trace, has_boundary, swept);
            if options.applying {
                applying.extend(e.hits.iter().map(|h| statement_id(policy, h.index)));
            }
            for h in e.hits.iter().filter(|h| h.effect == Effect::Deny) {
                let id = if explaining {
                    statement_id(policy, h.index)
                } else {
                    String::new()
                };
                explicit_denies.push((id, policy.kind));
            }
            if let Some(t) = e.trace.take() {
                traces.push(*t);
            }
            Some(e)
        };

    let scp_levels: Option<Vec<(Vec<PolicyEval>, &Level)>> = set.scps.as_ref().map(|levels| {
        levels
            .iter()
            .map(|l| {
                let evals = l
                    .policies
                    .iter()
                    .filter_map(|p| run(p, Some(&l.name), scp_note))
                    .collect();
                (evals, l)
            })
            .collect()
    });
    let rcp_levels: Option<Vec<(Vec<PolicyEval>, &Level)>> = set.rcps.as_ref().map(|levels| {
        levels
            .iter()
            .map(|l| {
                let evals = l
                    .policies
                    .iter()
                    .filter_map(|p| run(p, Some(&l.name), rcp_note))
                    .collect();
                (evals, l)
            })
            .collect()
    });
    let vpce: Vec<PolicyEval> = set
        .vpc_endpoint
        .iter()
        .filter_map(|p| run(p, None, None))
        .collect();
    let identity: Vec<PolicyEval> = set
        .identity
        .iter()
        .filter_map(|p| run(p, None, identity_note))
        .collect();
    let resource: Option<PolicyEval> = set.resource.as_ref().and_then(|p| run(p, None, None));
    let boundary: Option<PolicyEval> = set
        .permissions_boundary
        .as_ref()
        .and_then(|p| run(p, None, boundary_note));
    let session: Option<PolicyEval> = set
        .session
        .as_ref()
        .and_then(|p| run(p, None, session_note));

    // Summaries.
    let level_ok = |levels: &Option<Vec<(Vec<PolicyEval>, &Level)>>, note: Option<&str>| match (
        levels, note,
    ) {
        (None, _) | (_, Some(_)) => true,
        (Some(ls), None) => ls
            .iter()
            .all(|(evals, _)| evals.iter().any(PolicyEval::allows)),
    };
    let scp_ok = level_ok(&scp_levels, scp_note);
    let rcp_ok = level_ok(&rcp_levels, rcp_note);
    let vpce_ok = vpce.iter().all(PolicyEval::allows);
    let identity_allows = if identity_note.is_some() {
        p.kind == PrincipalType::Root && same_account
    } else {
        identity.iter().any(PolicyEval::allows)
    };
    let boundary_ok = boundary.as_ref().is_none_or(PolicyEval::allows);
    // A federated user session (GetFederationToken) without a session policy has no permissions of its own; only
    // a resource-based policy that names the session can allow it (IAM User Guide, Policy evaluation logic,
    // session policies: "If you do not pass a policy, the resulting federated user session has no permissions").
    let session_ok = match session.as_ref() {
        Some(s) => s.allows(),
        None => p.kind != PrincipalType::FederatedUser,
    };
    let res = resource.as_ref();
    let resource_direct = res.is_some_and(|r| {
        r.allows_with(|m| {
            matches!(
                m,
                Some(PrincipalMatch::Direct | PrincipalMatch::Everyone) | None
            )
        })
    });
    let resource_parent = res.is_some_and(|r| {
        r.allows_with(|m| matches!(m, Some(PrincipalMatch::Role | PrincipalMatch::ParentUser)))
    });
    let resource_any = res.is_some_and(PolicyEval::allows);

    let resource_required = set.resource.is_some()
        && (service_prefix == "kms"
            || req.action_lower.starts_with("sts:assumerole")
            || req.action_lower == "sts:tagsession");
    // The principal's side: an identity-based allow (or, within one account, a resource-based policy naming the
    // role or the parent user, which boundaries and session policies still limit), within the boundary and the
    // session policy.
    let principal_side = if same_account {
        (identity_allows || resource_parent) && boundary_ok && session_ok
    } else {
        identity_allows && boundary_ok && session_ok
    };
    let policies_allow = if anonymous || service {
        resource_any
    } else if same_account && resource_required {
        // Role trust policies and KMS key policies must themselves allow the caller: an identity-based allow
        // alone is not enough (IAM User Guide, "How AWS enforcement code logic evaluates requests").
        resource_direct || (resource_any && principal_side)
    } else if same_account {
        // A resource-based policy that names the user or the session itself is not limited by an implicit deny
        // in identity-based policies, boundaries or session policies.
        resource_direct || principal_side
    } else {
        // Cross-account: the identity side and the resource side must both allow.
        principal_side && resource_any
    };

    // The truth table.
    let explicit_deny = !explicit_denies.is_empty();
    let (decision, decided_by) = match (explicit_deny, scp_ok, rcp_ok, vpce_ok, policies_allow) {
        (true, _, _, _, _) => (
            Decision::ExplicitDeny,
            explicit_denies.first().map(|(_, k)| *k),
        ),
        (false, false, _, _, _) => (Decision::ImplicitDeny, Some(PolicyKind::Scp)),
        (false, true, false, _, _) => (Decision::ImplicitDeny, Some(PolicyKind::Rcp)),
        (false, true, true, false, _) => (Decision::ImplicitDeny, Some(PolicyKind::VpcEndpoint)),
        (false, true, true, true, false) => (
            Decision::ImplicitDeny,
            Some(missing_allow(
                same_account && !resource_required,
                anonymous || service,
                identity_allows || (same_account && (resource_parent || resource_direct)),
                boundary_ok,
                session_ok,
                resource_any,
            )),
        ),
        (false, true, true, true, true) => (
            Decision::Allow,
            Some(
                if (same_account && resource_direct && !principal_side) || anonymous || service {
                    PolicyKind::Resource
                } else {
                    PolicyKind::Identity
                },
            ),
        ),
    };

    // Deciding statements (only when explaining).
    let mut deciding: Vec<String> = Vec::new();
    let allow_ids = |policy: &Policy,
                     e: &PolicyEval,
                     f: &dyn Fn(Option<PrincipalMatch>) -> bool|
     -> Vec<String> {
        e.hits
            .iter()
            .filter(|h| h.effect == Effect::Allow && f(h.principal))
            .map(|h| statement_id(policy, h.index))
            .collect()
    };
    match decision {
        _ if !explaining => {}
        Decision::ExplicitDeny => deciding.extend(explicit_denies.iter().map(|(id, _)| id.clone())),
        Decision::ImplicitDeny => {}
        Decision::Allow => {
            let any = |_: Option<PrincipalMatch>| true;
            let gate_levels = |levels: &Option<Vec<(Vec<PolicyEval>, &Level)>>,
                               deciding: &mut Vec<String>| {
                for (evals, level) in levels.iter().flatten() {
                    for (e, policy) in evals.iter().zip(level.policies.iter()) {
                        deciding.extend(allow_ids(policy, e, &any));
                    }
                }
            };
            if scp_note.is_none() {
                gate_levels(&scp_levels, &mut deciding);
            }
            if rcp_note.is_none() {
                gate_levels(&rcp_levels, &mut deciding);
            }
            for (e, policy) in vpce.iter().zip(set.vpc_endpoint.iter()) {
                deciding.extend(allow_ids(policy, e, &any));
            }
            let use_resource_direct =
                anonymous || service || (same_account && resource_direct && !principal_side);
            if use_resource_direct {
                if let (Some(e), Some(policy)) = (res, set.resource.as_ref()) {
                    deciding.extend(allow_ids(policy, e, &any));
                }
            } else {
                if identity_note.is_none() {
                    for (e, policy) in identity.iter().zip(set.identity.iter()) {
                        deciding.extend(allow_ids(policy, e, &any));
                    }
                }
                if let (Some(e), Some(policy)) = (res, set.resource.as_ref()) {
                    deciding.extend(allow_ids(policy, e, &any));
                }
                if let (Some(e), Some(policy)) =
                    (boundary.as_ref(), set.permissions_boundary.as_ref())
                {
                    deciding.extend(allow_ids(policy, e, &any));
                }
                if let (Some(e), Some(policy)) = (session.as_ref(), set.session.as_ref()) {
                    deciding.extend(allow_ids(policy, e, &any));
                }
            }
        }
    }
    for t in traces.iter_mut() {
        for s in t.statements.iter_mut() {
            s.decisive = deciding.contains(&s.id);
        }
    }

    let incomplete = set
        .policies()
        .any(|(p, _)| !p.readable || p.statements.iter().any(|s| !s.unevaluable.is_empty()));
    let mut reason = if explaining {
        explain(decision, decided_by, same_account, &deciding, incomplete)
    } else {
        String::new()
    };
    if incomplete && explaining {
        // Statements that could not be evaluated but name this action might change the answer once fixed.
        let wanted = if decision == Decision::Allow {
            Effect::Deny
        } else {
            Effect::Allow
        };
        let doubtful: Vec<String> = set
            .all()
            .iter()
            .flat_map(|(p, _)| p.statements.iter().map(move |s| (*p, s)))
            .filter(|(_, s)| !s.unevaluable.is_empty() && s.effect == wanted)
            .filter(|(_, s)| {
                s.action.as_ref().is_some_and(|a| {
                    a.patterns
                        .iter()
                        .any(|p| p.pattern.matches(&req.action_lower))
                        != a.negated
                })
            })
            .map(|(p, s)| statement_id(p, s.index))
            .collect();
        if !doubtful.is_empty() && decision != Decision::ExplicitDeny {
            let verb = if wanted == Effect::Deny {
                "deny"
            } else {
                "allow"
            };
            reason.push_str(&format!(
                " Careful: {} could not be evaluated but name{} this action, and might {verb} it once fixed.",
                doubtful.join(", "),
                if doubtful.len() == 1 { "s" } else { "" }
            ));
        }
    }
    Answer {
        decision,
        decided_by,
        reason,
        deciding_statements: deciding,
        applying_statements: applying,
        incomplete,
        request: trace.then(|| RequestSummary {
            principal: req.principal.clone(),
            action: req.action.clone(),
            resource: req.resource.clone(),
            resource_account: req.resource_account.clone(),
            same_account,
        }),
        context: if trace {
            req.context.entries().into_iter().cloned().collect()
        } else {
            Vec::new()
        },
        policies: traces,
        errors: Vec::new(),
        warnings: Vec::new(),
    }
}

/// Request values that a condition on their key cannot compare (an IP address that is not one, a date that is
/// not a date): they match nothing, silently, so each is reported once as a warning.
pub(crate) fn unusable_context_values(
    set: &PolicySet,
    req: &Request,
) -> Vec<crate::diag::Diagnostic> {
    let mut seen: Vec<(String, String)> = Vec::new();
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
            if seen.iter().any(|(k, v)| *k == c.key_lower && v == rv) {
                continue;
            }
            seen.push((c.key_lower.clone(), rv.clone()));
            out.push(
                crate::diag::Diagnostic::warning(
                    "invalid-context-value",
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
                .locate("scenario", ""),
            );
        }
    }
    out
}

/// Which policy type lacked the allow the request needed.
fn missing_allow(
    same_account: bool,
    resource_only: bool,
    identity_allows: bool,
    boundary_ok: bool,
    session_ok: bool,
    resource_any: bool,
) -> PolicyKind {
    match (
        resource_only,
        same_account,
        identity_allows,
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
    }
}

fn explain(
    decision: Decision,
    decided_by: Option<PolicyKind>,
    same_account: bool,
    deciding: &[String],
    incomplete: bool,
) -> String {
    let by = decided_by.map(PolicyKind::label).unwrap_or("policy");
    let list = deciding.join(", ");
    let mut s = match decision {
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
        Decision::ImplicitDeny => match decided_by {
            Some(PolicyKind::Scp) => "Implicitly denied: a level of the organization has no SCP that allows this action; every level from the root to the account must allow it.".to_string(),
            Some(PolicyKind::Rcp) => "Implicitly denied: a level of the organization has no RCP that allows this request; every level must allow it.".to_string(),
            Some(PolicyKind::VpcEndpoint) => "Implicitly denied: the VPC endpoint policy does not allow this request.".to_string(),
            Some(PolicyKind::PermissionsBoundary) => "Implicitly denied: an identity-based policy allows it, but the permissions boundary does not, and the effective permissions are the intersection.".to_string(),
            Some(PolicyKind::Session) => "Implicitly denied: the session policy does not allow it, and a session's permissions are the intersection of its identity's policies and the session policy (a federated user session without a session policy has none).".to_string(),
            Some(PolicyKind::Resource) if !same_account => "Implicitly denied: across accounts the resource-based policy must also allow the caller, and it does not.".to_string(),
            Some(PolicyKind::Resource) => "Implicitly denied: only a resource-based policy can allow this caller, and none does.".to_string(),
            _ => "Implicitly denied: no policy allows this request (by default everything is denied).".to_string(),
        },
    };
    if incomplete {
        s.push_str(
            " Some statements could not be evaluated; fix the errors for a complete answer.",
        );
    }
    s
}
