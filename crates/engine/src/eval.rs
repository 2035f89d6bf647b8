//! Deciding a request: the gates say which policy types take part (`gates.rs`), every statement of those is
//! matched against the request (`statement.rs`), each policy type is summed up and one truth table turns the
//! summary into the decision (`decide.rs`), and the answer is put in words (`explain.rs`). `sweep.rs` decides one
//! request for many actions. IAM User Guide, "Policy evaluation logic", single-account and cross-account.

mod decide;
mod explain;
mod gates;
mod statement;
mod sweep;

pub(crate) use explain::unusable_context_values;
pub use gates::RCP_SERVICES;
pub use statement::principal_applies;
pub use sweep::ActionSweep;

use crate::answer::*;
use crate::policy::Policy;
use crate::request::Request;
use decide::{decide, deciding_statements, Summary};
use gates::{Evaluated, Gates};
use statement::statement_id;
use sweep::Swept;

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

/// How much of the answer [`evaluate`] builds, from the bare decision to the whole trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Options {
    /// The decision alone, for sweeps over many requests.
    DecisionOnly,
    /// The decision with its reason and deciding statements, without the per-statement trace.
    Reason,
    /// As [`Options::Reason`], plus every statement that applied in [`Answer::applying_statements`] (the
    /// real-API analysis compares which statements apply to the literal and the real requests).
    Applying,
    /// Everything: the per-statement trace (which says of every statement whether it applied), the deciding
    /// statements and the reason.
    #[default]
    Full,
}

impl Options {
    /// Whether the reason and the deciding statements are built (every level but [`Options::DecisionOnly`]).
    pub fn explains(self) -> bool {
        self != Options::DecisionOnly
    }

    /// Whether the per-policy and per-statement trace is built.
    pub fn traces(self) -> bool {
        self == Options::Full
    }
}

/// Decides `req` against `set`.
pub fn evaluate(set: &PolicySet, req: &Request, options: Options) -> Answer {
    evaluate_with(set, req, options, &[])
}

fn evaluate_with(
    set: &PolicySet,
    req: &Request,
    options: Options,
    memo: &[(&Policy, Vec<Swept<'_>>)],
) -> Answer {
    let trace = options.traces();
    let gates = Gates::new(set, req);
    let evaluated = Evaluated::new(set, req, &gates, trace, memo);
    let decided = decide(&Summary::new(set, req, &gates, &evaluated));
    let deciding = if options.explains() {
        deciding_statements(&decided, &evaluated)
    } else {
        Vec::new()
    };
    let applying = if options == Options::Applying {
        evaluated
            .iter()
            .flat_map(|e| e.hits.iter().map(|h| statement_id(e.policy, h.index)))
            .collect()
    } else {
        Vec::new()
    };
    let mut policies = evaluated.traces;
    // A set, not a list search per statement: thousands of statements stay linear.
    let deciding_set: std::collections::HashSet<&StatementId> = deciding.iter().collect();
    for t in policies.iter_mut() {
        for s in t.statements.iter_mut() {
            s.decisive = deciding_set.contains(&s.id);
        }
    }
    let incomplete = set
        .policies()
        .any(|(p, _)| !p.readable || p.statements.iter().any(|s| !s.unevaluable.is_empty()));
    let same_account = req.same_account();
    let mut reason = String::new();
    if options.explains() {
        reason = explain::reason(&decided, same_account, &deciding, incomplete);
        if incomplete {
            reason.extend(explain::doubtful(set, req, decided.decision));
        }
    }
    Answer {
        decision: decided.decision,
        decided_by: Some(decided.by),
        reason,
        deciding_statements: deciding,
        applying_statements: applying,
        incomplete,
        request: trace.then(|| RequestSummary {
            principal: req.principal.clone(),
            action: req.action().to_string(),
            resource: req.resource.clone(),
            resource_account: req.resource_account.clone(),
            same_account,
        }),
        context: if trace {
            req.context.entries().into_iter().cloned().collect()
        } else {
            Vec::new()
        },
        policies,
        errors: Vec::new(),
        warnings: Vec::new(),
    }
}
