//! Does the new policy grant anything the old one didn't? An offline comparison of two policies that answers
//! "no new access" only when a complete search found none, "new access" with requests the engine checked
//! (allowed by the new policy, denied by the old), or "unknown" with the reason.
//!
//! ```
//! let old = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::logs/app/*"}]}"#;
//! let new = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::logs/*"}]}"#;
//! let c = iam_compare::compare(old, new, iam_compare::PolicyType::Identity);
//! assert_eq!(c.verdict, iam_compare::Verdict::NewAccess);
//! let reverse = iam_compare::compare(new, old, iam_compare::PolicyType::Identity);
//! assert_eq!(reverse.verdict, iam_compare::Verdict::NoNewAccess);
//! ```
//!
//! How: `search.rs` walks classes of requests (actions, resources and context values that no policy can tell
//! apart), `glob.rs` cuts strings into the regions wildcard patterns make, `values.rs` the values of a condition
//! key, and `diff.rs` writes the access diff grouped like a plan.

pub mod diff;
pub mod glob;
pub mod public;
mod search;
mod values;
mod vars;

pub use diff::{AccessDiff, ActionChange, ServiceLevelDiff};
pub use search::{principal as request_principal, MAX_COUNTEREXAMPLES};

use iam_engine::eval::Level;
use iam_engine::{
    evaluate, parse_policy_text, Answer, Code, Context, ContextValue, Diagnostic, Options, Policy,
    PolicyKind, PolicySet, Principal, PrincipalType, Request, Source,
};
use search::{Search, Sets, Side};
use serde::{Deserialize, Serialize};

/// Where the two policies sit in the evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum PolicyType {
    #[default]
    Identity,
    Resource,
    Scp,
    Rcp,
    Boundary,
}

impl PolicyType {
    /// Reads `identity`, `resource`, `scp`, `rcp` or `boundary`.
    pub fn parse(s: &str) -> Option<PolicyType> {
        match s.to_ascii_lowercase().as_str() {
            "identity" => Some(PolicyType::Identity),
            "resource" => Some(PolicyType::Resource),
            "scp" => Some(PolicyType::Scp),
            "rcp" => Some(PolicyType::Rcp),
            "boundary" | "permissionsboundary" => Some(PolicyType::Boundary),
            _ => None,
        }
    }

    fn kind(self) -> PolicyKind {
        match self {
            PolicyType::Identity => PolicyKind::Identity,
            PolicyType::Resource => PolicyKind::Resource,
            PolicyType::Scp => PolicyKind::Scp,
            PolicyType::Rcp => PolicyKind::Rcp,
            PolicyType::Boundary => PolicyKind::PermissionsBoundary,
        }
    }
}

/// The answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    /// A complete search found no request the new policy allows and the old one denies.
    NoNewAccess,
    /// Such requests exist; the counterexamples show some.
    NewAccess,
    /// The search could not be completed (the reasons say why) and found no new access.
    Unknown,
}

impl Verdict {
    /// `no new access`, `new access`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::NoNewAccess => "no new access",
            Verdict::NewAccess => "new access",
            Verdict::Unknown => "unknown",
        }
    }
}

/// A request the new policy allows and the old one denies, with both answers and their traces.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counterexample {
    pub action: String,
    pub resource: String,
    pub principal: Principal,
    /// The context keys the request carries (absent keys are not listed).
    pub context: Vec<ContextValue>,
    /// The account that owns the resource, where the search chose one: a resource policy's resource whose ARN
    /// names no account (an S3 bucket) belongs to an account no policy names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_account: Option<String>,
    pub new_answer: Answer,
    pub old_answer: Answer,
}

impl Counterexample {
    fn from_request(req: &Request, old: &PolicySet, new: &PolicySet) -> Counterexample {
        let mut context: Vec<ContextValue> = req.context.entries().into_iter().cloned().collect();
        context.sort_by(|a, b| a.key.cmp(&b.key));
        let implied =
            Request::new(req.principal.clone(), req.action(), &req.resource).resource_account;
        Counterexample {
            action: req.action().to_string(),
            resource: req.resource.clone(),
            principal: req.principal.clone(),
            context,
            resource_account: (implied != req.resource_account)
                .then(|| req.resource_account.clone())
                .flatten(),
            new_answer: evaluate(new, req, Options::Full),
            old_answer: evaluate(old, req, Options::Full),
        }
    }

    /// The request, rebuilt from what the counterexample says.
    pub fn request(&self) -> Request {
        let mut req = Request::new(self.principal.clone(), &self.action, &self.resource);
        if let Some(account) = &self.resource_account {
            req.resource_account = Some(account.clone());
        }
        let mut ctx = Context::default();
        for v in &self.context {
            ctx.insert(v.clone());
        }
        req.context = ctx;
        req
    }

    /// One line: `s3:GetObject on arn:aws:s3:::logs/x with aws:SourceIp=10.0.0.1`.
    pub fn summary(&self) -> String {
        let mut s = format!("{} on {}", self.action, self.resource);
        let p = &self.principal;
        if *p != search::principal() {
            let who = match p.kind {
                PrincipalType::Anonymous => "an anonymous caller".to_string(),
                PrincipalType::Service => p.service.clone().unwrap_or_default(),
                _ => p.arn.clone().unwrap_or_default(),
            };
            s.push_str(&format!(" by {who}"));
        }
        if !self.context.is_empty() {
            let keys: Vec<String> = self
                .context
                .iter()
                .map(|v| {
                    if v.multi {
                        format!("{}=[{}]", v.key, v.values.join(", "))
                    } else {
                        format!("{}={}", v.key, v.values.join(","))
                    }
                })
                .collect();
            s.push_str(&format!(" with {}", keys.join(", ")));
        }
        s
    }
}

/// How much the search did.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Classes of actions searched (each stands for every action no policy tells apart from it).
    pub action_classes: usize,
    /// Requests the engine decided.
    pub requests: usize,
}

/// The whole answer of a comparison.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    pub verdict: Verdict,
    /// The first line of the human output: `no new access`, `new access: …`, `unknown: …`.
    pub headline: String,
    /// Requests allowed by the new policy and denied by the old one, each checked by the engine.
    pub counterexamples: Vec<Counterexample>,
    /// Why the search is not complete (for `unknown`; with `new access` they say what else was not searched).
    pub reasons: Vec<Diagnostic>,
    /// The policies' own problems (errors make the answer `unknown`).
    pub diagnostics: Vec<Diagnostic>,
    pub diff: AccessDiff,
    pub stats: Stats,
}

/// Compares two policies of the same type: does `new_text` allow a request `old_text` denies?
///
/// Never fails and never panics: problems with the input are diagnostics in the answer, and make it `unknown`.
pub fn compare(old_text: &str, new_text: &str, ty: PolicyType) -> Comparison {
    let kind = ty.kind();
    let old = parse_policy_text(kind, &format!("{}/old", kind.id_prefix()), "old", old_text);
    let new = parse_policy_text(kind, &format!("{}/new", kind.id_prefix()), "new", new_text);
    compare_policies(&old, old_text, &new, new_text, ty)
}

/// Can the resource policy allow a caller from outside: an anonymous caller, or one of an account the policy does
/// not name, carrying none of the values the policy fixes to tell its own callers apart (`public.rs` says which,
/// after Amazon S3's definition of a public bucket policy)? Answered as a comparison with a policy that allows
/// nothing: `newAccess` is public access (the counterexamples show requests), `noNewAccess` none, `unknown` an
/// incomplete search. The headline says `public access: …`, `no public access` or `unknown: …`.
pub fn public_access(text: &str, ty: PolicyType) -> Comparison {
    let kind = ty.kind();
    let policy = parse_policy_text(
        kind,
        &format!("{}/policy", kind.id_prefix()),
        "policy",
        text,
    );
    let nothing = Policy {
        statements: Vec::new(),
        diagnostics: Vec::new(),
        ..policy.clone()
    };
    let inside = public::Inside::of(&policy);
    let mut c = compare_with(&nothing, "", &policy, text, ty, Some(inside));
    c.headline = match c.verdict {
        Verdict::NewAccess => c.headline.replacen("new access", "public access", 1),
        Verdict::NoNewAccess => "no public access".to_string(),
        Verdict::Unknown => c.headline.clone(),
    };
    c
}

/// As [`compare`], for policies already parsed (`old_text` and `new_text` locate the reasons).
pub fn compare_policies(
    old: &Policy,
    old_text: &str,
    new: &Policy,
    new_text: &str,
    ty: PolicyType,
) -> Comparison {
    compare_with(old, old_text, new, new_text, ty, None)
}

fn compare_with(
    old: &Policy,
    old_text: &str,
    new: &Policy,
    new_text: &str,
    ty: PolicyType,
    public: Option<public::Inside>,
) -> Comparison {
    let mut diagnostics: Vec<Diagnostic> = old
        .diagnostics
        .iter()
        .chain(new.diagnostics.iter())
        .cloned()
        .collect();
    let mut search = Search::new(old, new, Sets::of(old, new, ty), ty);
    let inside = public.clone();
    if let Some(inside) = public {
        search.public(inside);
    }
    let groups = search.action_groups();
    let diff = diff::access_diff(old, new, &search.allowing(&groups));
    let mut reasons = Vec::new();
    for (p, text, side) in [(old, old_text, "old"), (new, new_text, "new")] {
        if !p.readable || p.has_errors() {
            reasons.push(
                Diagnostic::error(
                    iam_engine::Code::CompareInvalidPolicy,
                    format!("the {side} policy has errors"),
                    "fix the errors the diagnostics list; an invalid policy cannot be compared",
                    None,
                )
                .locate(Source::Other(side.to_string()), text),
            );
        }
        for st in &p.statements {
            if !st.unevaluable.is_empty() {
                reasons.push(
                    Diagnostic::error(
                        iam_engine::Code::CompareUnevaluableStatement,
                        format!(
                            "statement {} of the {side} policy cannot be evaluated: {}",
                            st.index,
                            st.unevaluable.join("; ")
                        ),
                        "fix the statement",
                        Some(st.span),
                    )
                    .locate(Source::Other(side.to_string()), text),
                );
            }
        }
    }
    if !reasons.is_empty() {
        diagnostics.retain(Diagnostic::is_error);
        return finish(Vec::new(), reasons, diagnostics, diff, Stats::default());
    }
    let plan = vars::plan(old, new);
    let found = if plan.searches.is_empty() {
        search.run(groups);
        search.found
    } else {
        let mut found = search_filled(old, new, ty, inside, &plan.searches, &groups);
        found.doubts.extend(plan.doubts);
        found
    };
    let stats = Stats {
        action_classes: found.classes,
        requests: found.requests,
    };
    for d in found.doubts {
        let (source, text) = match d.side {
            Some(Side::Old) => ("old", old_text),
            Some(Side::New) => ("new", new_text),
            None => ("", ""),
        };
        let diag = Diagnostic::warning(
            iam_engine::Code::CompareNotSearched,
            d.message,
            "the comparison answers `unknown` unless it finds new access elsewhere",
            d.span.filter(|_| !source.is_empty()),
        );
        reasons.push(if source.is_empty() {
            diag
        } else {
            diag.locate(Source::Other(source.to_string()), text)
        });
    }
    // Every counterexample is checked again from what it says, as a reader would replay it. One the engine does
    // not confirm is a bug of the search: it is left out, and said.
    let (checked, failed): (Vec<Counterexample>, Vec<Counterexample>) = found
        .counterexamples
        .into_iter()
        .partition(|c| verify_policies(c, old, new, ty));
    for c in failed {
        reasons.push(Diagnostic::error(
            Code::CompareReplayFailed,
            format!(
                "the search found `{}`, but replayed through the engine it is not allowed by the new policy and denied by the old (a bug of the comparison)",
                c.summary()
            ),
            "the request was left out of the counterexamples; please report the two policies",
            None,
        ));
    }
    diagnostics.retain(|d| !d.is_error());
    finish(checked, reasons, diagnostics, diff, stats)
}

/// The search for policies that hold variables: once per assignment of values to the variables' keys, with the
/// values filled in and fixed in every request (`vars.rs` says which values). The counterexamples' answers are
/// the original policies' (their traces show the variables).
fn search_filled(
    old: &Policy,
    new: &Policy,
    ty: PolicyType,
    inside: Option<public::Inside>,
    assignments: &[vars::Search],
    groups: &[(Vec<usize>, Vec<usize>)],
) -> search::Found {
    let mut all = search::Found::default();
    let mut unlisted: Option<Vec<(String, Vec<usize>)>> = None;
    // The statements a group's variables touch, for the group whose searches are running (they come together).
    let mut touched: Option<(&std::collections::BTreeSet<String>, Vec<bool>)> = None;
    for (a, limit) in assignments {
        let ctx = vars::context(a);
        let (o, n) = (vars::instantiate(old, &ctx), vars::instantiate(new, &ctx));
        let mut search = Search::new(&o, &n, Sets::of(&o, &n, ty), ty);
        if let Some(inside) = inside.clone() {
            search.public(inside);
        }
        search.fix(a);
        // After the first search, only the classes of actions a statement the values change matches.
        if let Some(keys) = limit {
            if touched.as_ref().is_none_or(|(k, _)| *k != keys) {
                let flags = vars::touched(old, keys)
                    .into_iter()
                    .chain(vars::touched(new, keys))
                    .collect();
                touched = Some((keys, flags));
            }
            if let Some((_, flags)) = &touched {
                search.only_touched(flags.clone());
            }
        }
        // Filling in values changes no Action element: the groups of actions are the unfilled policies', and the
        // unlisted actions' classes are the first search's.
        if let Some(u) = &unlisted {
            search.reuse_unlisted(u.clone());
        }
        search.skip_actions(
            all.counterexamples
                .iter()
                .map(|c| c.action.clone())
                .collect(),
        );
        search.run(groups.to_vec());
        if unlisted.is_none() {
            unlisted = Some(search.unlisted_classes());
        }
        let found = search.found;
        all.classes += found.classes;
        all.requests += found.requests;
        for d in found.doubts {
            if !all.doubts.iter().any(|x| x.message == d.message) {
                all.doubts.push(d);
            }
        }
        for c in found.counterexamples {
            // One counterexample per action, whichever values showed it first.
            if all.counterexamples.iter().any(|x| x.action == c.action) {
                continue;
            }
            let req = c.request();
            let again = Counterexample::from_request(
                &req,
                &policy_set_for(old, ty, &req),
                &policy_set_for(new, ty, &req),
            );
            all.counterexamples.push(again);
        }
        if all.counterexamples.len() >= search::MAX_COUNTEREXAMPLES {
            break;
        }
    }
    all
}

impl Sets {
    /// The sets for the compared policies of type `ty` (see [`policy_set`] and [`policy_set_for`]).
    fn of(old: &Policy, new: &Policy, ty: PolicyType) -> Sets {
        Sets {
            old: policy_set(old, ty),
            new: policy_set(new, ty),
            old_cross: policy_set_cross(old, ty),
            new_cross: policy_set_cross(new, ty),
        }
    }
}

/// Whether the engine allows the counterexample's request under the new policy and denies it under the old, each
/// as the policy of type `ty` (see [`policy_set_for`]).
pub fn verify_policies(c: &Counterexample, old: &Policy, new: &Policy, ty: PolicyType) -> bool {
    let req = c.request();
    verify(
        c,
        &policy_set_for(old, ty, &req),
        &policy_set_for(new, ty, &req),
    )
}

/// Whether the engine allows the counterexample's request under the new policy and denies it under the old.
pub fn verify(c: &Counterexample, old_set: &PolicySet, new_set: &PolicySet) -> bool {
    let req = c.request();
    evaluate(new_set, &req, Options::DecisionOnly)
        .decision
        .is_allow()
        && !evaluate(old_set, &req, Options::DecisionOnly)
            .decision
            .is_allow()
}

fn finish(
    counterexamples: Vec<Counterexample>,
    reasons: Vec<Diagnostic>,
    diagnostics: Vec<Diagnostic>,
    diff: AccessDiff,
    stats: Stats,
) -> Comparison {
    let (verdict, headline) = match (counterexamples.first(), reasons.first()) {
        (Some(c), _) => (Verdict::NewAccess, format!("new access: {}", c.summary())),
        (None, Some(r)) => (Verdict::Unknown, format!("unknown: {}", r.message)),
        (None, None) => (Verdict::NoNewAccess, "no new access".to_string()),
    };
    Comparison {
        verdict,
        headline,
        counterexamples,
        reasons,
        diagnostics,
        diff,
        stats,
    }
}

/// The policies `request` is decided against when `policy` is the policy compared: as [`policy_set`], except that
/// a caller from another account than a resource policy's resource also gets an identity-based policy that
/// allows everything. A cross-account request needs both the resource policy and the caller's identity-based
/// policies to allow it (IAM User Guide, cross-account policy evaluation logic); the comparison asks what the
/// resource policy grants, so the caller's own side is taken to allow.
pub fn policy_set_for(policy: &Policy, ty: PolicyType, request: &Request) -> PolicySet {
    if request.same_account() {
        policy_set(policy, ty)
    } else {
        policy_set_cross(policy, ty)
    }
}

fn policy_set_cross(policy: &Policy, ty: PolicyType) -> PolicySet {
    let mut set = policy_set(policy, ty);
    if ty == PolicyType::Resource {
        set.identity.push(allow_all());
    }
    set
}

fn allow_all() -> Policy {
    parse_policy_text(
        PolicyKind::Identity,
        "identity/AllowAll",
        "AllowAll",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    )
}

/// The policies a request is decided against when `policy` is the policy compared: the policy itself, with an
/// identity-based policy that allows everything beside an SCP, RCP or permissions boundary (so the compared
/// policy alone decides).
pub fn policy_set(policy: &Policy, ty: PolicyType) -> PolicySet {
    let level = |p: &Policy| {
        Some(vec![Level {
            name: "Root".to_string(),
            policies: vec![p.clone()],
        }])
    };
    match ty {
        PolicyType::Identity => PolicySet {
            identity: vec![policy.clone()],
            ..PolicySet::default()
        },
        PolicyType::Resource => PolicySet {
            resource: Some(policy.clone()),
            ..PolicySet::default()
        },
        PolicyType::Boundary => PolicySet {
            identity: vec![allow_all()],
            permissions_boundary: Some(policy.clone()),
            ..PolicySet::default()
        },
        PolicyType::Scp => PolicySet {
            identity: vec![allow_all()],
            scps: level(policy),
            ..PolicySet::default()
        },
        PolicyType::Rcp => PolicySet {
            identity: vec![allow_all()],
            rcps: level(policy),
            ..PolicySet::default()
        },
    }
}
