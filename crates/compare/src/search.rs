//! The search for a request the new policy allows and the old one denies.
//!
//! The engine's decision for a request depends on the action only through which Action patterns match it (and
//! the few names the engine itself treats apart), on the resource only through which Resource patterns match it,
//! and on each context key only through which of the conditions on that key hold. So the search walks classes,
//! not requests: the reference's actions grouped by the patterns they match and the ARN shapes of their resource
//! types, plus one name for every class of actions the reference does not list; for each, one resource per region
//! the patterns cut the action's ARN shapes into (`glob.rs`); for each resource, every combination of one value
//! per region of each key its conditions test (`values.rs`). Each combination is a concrete request the engine
//! decides for both policies.

use crate::glob::{self, Atom};
use crate::values::{self, KeyValue};
use crate::Counterexample;
use iam_engine::answer::PrincipalMatch;
use iam_engine::condition::Condition;
use iam_engine::pattern::{tokens, ArnPattern, Pattern, Tok};
use iam_engine::policy::{
    Effect, PrincipalBlock, PrincipalEntry, ResourceMatcher, Statement, Version,
};
use iam_engine::variables::Template;
use iam_engine::{
    evaluate, Context, Decision, Options, Policy, PolicySet, Principal, PrincipalType, Request,
    Span,
};
use iam_reference::Action;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How many product states a walk over resource patterns may visit.
const RESOURCE_STATES: usize = 50_000;
/// How many product states the walk over action names may visit.
const ACTION_STATES: usize = 50_000;
/// The most context combinations tried for one action and resource.
const MAX_COMBINATIONS: usize = 20_000;
/// Counterexamples kept (the search stops once it has this many).
pub const MAX_COUNTEREXAMPLES: usize = 10;

/// Which of the two policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

/// A reason the search is not complete, with the place in a policy that caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doubt {
    pub message: String,
    pub side: Option<Side>,
    pub span: Option<Span>,
}

/// What the search found.
#[derive(Debug, Default)]
pub struct Found {
    pub counterexamples: Vec<Counterexample>,
    pub doubts: Vec<Doubt>,
    pub requests: usize,
    pub classes: usize,
}

/// Resources, one per region, each with which patterns match it; or why they could not be found.
type Witnesses = Result<Vec<(String, Vec<bool>)>, String>;

/// One walk over action names: the prefix its names start with, the Action patterns that can match them (ids, and
/// the automata read past the prefix), and an automaton of the names the walk leaves out.
type ActionWalk = (String, Vec<(usize, Atom)>, Option<Atom>);

/// A class of actions: the statements that match it (indices into `preps`), and the names the engine treats apart
/// that it holds (pseudo pattern ids).
type ActionClass = (Vec<usize>, Vec<usize>);

/// Witness names of a class of actions: one holding the fresh character, one the reference does not list, and a
/// listed one of a region that is not a single plain name.
type Names = (Option<String>, Option<String>, Option<String>);

/// An automaton of a walk over action names: one Action pattern, or the union of a statement's patterns.
#[derive(Debug, Clone, Copy)]
enum Unit {
    Pattern(usize),
    Statement(usize),
}

/// A statement's Resource as the search sees it: `*`, or its ARN patterns (an index into `resource_atoms`).
#[derive(Debug, Clone, Copy)]
enum Res {
    All,
    Atom(usize),
}

/// A statement, prepared.
struct Prep<'p> {
    side: Side,
    /// The statement's position in its policy.
    pos: usize,
    effect: Effect,
    /// Global ids of its Action patterns; `negated` for NotAction.
    actions: Vec<usize>,
    action_negated: bool,
    resources: Option<(bool, Vec<Res>)>,
    conditions: &'p [Condition],
    /// The Principal or NotPrincipal element (resource-based policies).
    principal: Option<&'p PrincipalBlock>,
    doubt: Option<Doubt>,
}

/// The resources an action is requested on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Domain {
    /// No resource types: the request names `*`.
    Star,
    /// The ARN templates of the action's resource types (an index into the table's domains).
    Templates(u32),
    /// An action the reference does not list: any resource.
    Any,
}

pub struct Search<'p> {
    preps: Vec<Prep<'p>>,
    /// Action patterns (lower-case), with the engine's compiled pattern.
    action_patterns: Vec<(String, Pattern)>,
    /// Names the engine treats apart (`sts:AssumeRole*`, the services RCPs apply to): patterns no statement owns.
    pseudo: usize,
    /// For each Action pattern, the statements (indices into `preps`) whose Action or NotAction names it.
    owners: Vec<Vec<usize>>,
    /// The ARN patterns of each statement's Resource (or NotResource), one entry per distinct set: the union
    /// automaton, the engine's matchers, and which of the table's service parts (the third part of an ARN
    /// template) a pattern's service part matches.
    resource_atoms: Vec<(Atom, Vec<ArnPattern>, Vec<bool>)>,
    /// The Resource patterns as written (same order).
    resource_raw: Vec<Vec<String>>,
    old_set: PolicySet,
    new_set: PolicySet,
    /// The sets for a caller from another account than the resource's (see [`crate::policy_set_for`]).
    old_cross: PolicySet,
    new_cross: PolicySet,
    /// The callers requests are made by: one per way the Principal elements can name a caller.
    principals: Vec<Principal>,
    /// For a resource policy: the account that owns a resource whose ARN names none (one no policy names).
    owner: Option<String>,
    /// For the public-access check: what an outside caller cannot be or carry.
    inside: Option<crate::public::Inside>,
    memo: HashMap<(Vec<usize>, Domain), Witnesses>,
    template_memo: HashMap<(Vec<usize>, Option<&'static str>), Witnesses>,
    /// Context keys whose value is fixed (lower-case name, the name as written, the value): the policy
    /// variables' values this search was filled in with (`vars.rs`).
    fixed: Vec<(String, String, KeyValue)>,
    /// When set, per statement (old then new): whether the fixed values can change what it does; classes of
    /// actions no such statement matches are left out (an earlier search with other values covered them).
    touched: Option<Vec<bool>>,
    /// The classes of unlisted actions searched (a name standing for each, the statements that match it).
    unlisted: Vec<(String, Vec<usize>)>,
    /// Classes of unlisted actions to search instead of walking the Action patterns again.
    reused: Option<Vec<(String, Vec<usize>)>>,
    /// Actions (as shown) an earlier search already has a counterexample for: not searched again.
    skip: BTreeSet<String>,
    pub found: Found,
}

/// The principal every request is made by: an IAM user whose account is left unknown, so that no request is
/// cross-account (identity-based policies alone decide).
pub fn principal() -> Principal {
    Principal {
        kind: iam_engine::PrincipalType::User,
        arn: Some("arn:aws:iam::111122223333:user/compare".to_string()),
        ..Principal::anonymous()
    }
}

/// The sets of policies requests are decided against: by a caller of the resource's account, and by a caller
/// of another account.
pub struct Sets {
    pub old: PolicySet,
    pub new: PolicySet,
    pub old_cross: PolicySet,
    pub new_cross: PolicySet,
}

/// The callers to try when the policies have Principal elements: the caller no entry names (the abstract caller
/// above), an anonymous caller, a user of an account no policy names, and for each entry the callers it names
/// in each way the engine tells apart (an account's root user and one of its users; a named user and a
/// federated user session it made; a session of a named role; the named session, federated user, service or
/// identity provider itself). Principal elements that are all `*` name no one apart: the abstract caller is
/// then enough. Also an account no policy names, to own a resource whose ARN names none.
fn principals(blocks: &[&PrincipalBlock]) -> (Vec<Principal>, String) {
    let mut out = vec![principal()];
    let mut accounts: BTreeSet<String> = BTreeSet::new();
    let mut named: Vec<Principal> = Vec::new();
    for item in blocks.iter().flat_map(|pb| pb.items.iter()) {
        match &item.entry {
            PrincipalEntry::Account { account } => {
                accounts.insert(account.clone());
            }
            PrincipalEntry::Arn { arn } => {
                let Some(p) = Principal::from_arn(arn) else {
                    continue;
                };
                let Some([_, partition, _, _, account, _]) = iam_engine::pattern::split_arn(arn)
                else {
                    continue;
                };
                let (partition, account) = (partition.to_string(), account.to_string());
                accounts.insert(account.clone());
                match p.kind {
                    PrincipalType::Role => {
                        let name = arn.rsplit('/').next().unwrap_or_default();
                        named.push(Principal {
                            kind: PrincipalType::AssumedRole,
                            arn: Some(format!(
                                "arn:{partition}:sts::{account}:assumed-role/{name}/compare"
                            )),
                            role_arn: Some(arn.clone()),
                            ..p
                        });
                    }
                    PrincipalType::User => {
                        named.push(Principal {
                            kind: PrincipalType::FederatedUser,
                            arn: Some(format!(
                                "arn:{partition}:sts::{account}:federated-user/compare"
                            )),
                            parent_user_arn: Some(arn.clone()),
                            ..p.clone()
                        });
                        named.push(p);
                    }
                    _ => named.push(p),
                }
            }
            PrincipalEntry::Service { name } => named.push(Principal::service(name)),
            PrincipalEntry::Federated { name } => named.push(Principal {
                kind: PrincipalType::FederatedUser,
                arn: Some(name.clone()),
                ..Principal::anonymous()
            }),
            PrincipalEntry::Everyone
            | PrincipalEntry::CanonicalUser { .. }
            | PrincipalEntry::Invalid => {}
        }
    }
    // Accounts no policy names: one for a caller from outside, one to own resources.
    let mut free = (0..1000u64)
        .map(|i| format!("{}", 999_999_999_999 - i))
        .filter(|a| !accounts.contains(a));
    let (outside, owner) = (
        free.next().unwrap_or_default(),
        free.next().unwrap_or_default(),
    );
    let everyone = blocks
        .iter()
        .all(|pb| !pb.negated && pb.items.iter().all(|i| i.entry == PrincipalEntry::Everyone));
    if everyone {
        return (out, owner);
    }
    out.push(Principal::anonymous());
    accounts.insert(outside);
    for account in &accounts {
        for arn in [
            format!("arn:aws:iam::{account}:root"),
            format!("arn:aws:iam::{account}:user/compare"),
        ] {
            out.extend(Principal::from_arn(&arn));
        }
    }
    for p in named {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    (out, owner)
}

impl<'p> Search<'p> {
    pub fn new(old: &'p Policy, new: &'p Policy, sets: Sets, ty: crate::PolicyType) -> Self {
        let rcp = ty == crate::PolicyType::Rcp;
        let mut s = Search {
            preps: Vec::new(),
            action_patterns: Vec::new(),
            pseudo: 0,
            owners: Vec::new(),
            resource_atoms: Vec::new(),
            resource_raw: Vec::new(),
            old_set: sets.old,
            new_set: sets.new,
            old_cross: sets.old_cross,
            new_cross: sets.new_cross,
            principals: Vec::new(),
            owner: None,
            inside: None,
            memo: HashMap::new(),
            template_memo: HashMap::new(),
            fixed: Vec::new(),
            touched: None,
            unlisted: Vec::new(),
            reused: None,
            skip: BTreeSet::new(),
            found: Found::default(),
        };
        let mut pseudo: Vec<String> = vec!["sts:assumerole*".into(), "sts:tagsession".into()];
        if rcp {
            pseudo.extend(
                iam_engine::eval::RCP_SERVICES
                    .iter()
                    .map(|s| format!("{s}:*")),
            );
        }
        for p in pseudo {
            let pat = Pattern::new(&p);
            s.action_patterns.push((p, pat));
        }
        s.pseudo = s.action_patterns.len();
        let mut res_ids: HashMap<Vec<String>, usize> = HashMap::new();
        let mut action_ids: HashMap<String, usize> = s
            .action_patterns
            .iter()
            .enumerate()
            .map(|(i, (raw, _))| (raw.clone(), i))
            .collect();
        for (side, policy) in [(Side::Old, old), (Side::New, new)] {
            for (pos, st) in policy.statements.iter().enumerate() {
                let mut prep = s.prepare(side, policy, st, &mut res_ids, &mut action_ids);
                prep.pos = pos;
                s.preps.push(prep);
            }
        }
        let blocks: Vec<&PrincipalBlock> = s.preps.iter().filter_map(|p| p.principal).collect();
        let (callers, owner) = principals(&blocks);
        s.principals = callers;
        s.owner = (ty == crate::PolicyType::Resource).then_some(owner);
        s.owners = vec![Vec::new(); s.action_patterns.len()];
        for (i, p) in s.preps.iter().enumerate() {
            for &a in &p.actions {
                if let Some(o) = s.owners.get_mut(a) {
                    if o.last() != Some(&i) {
                        o.push(i);
                    }
                }
            }
        }
        s
    }

    fn prepare(
        &mut self,
        side: Side,
        policy: &Policy,
        st: &'p Statement,
        res_ids: &mut HashMap<Vec<String>, usize>,
        action_ids: &mut HashMap<String, usize>,
    ) -> Prep<'p> {
        let mut doubt = None;
        let mut actions = Vec::new();
        let mut action_negated = false;
        if let Some(block) = &st.action {
            action_negated = block.negated;
            for p in &block.patterns {
                let lower = p.raw.to_ascii_lowercase();
                let id = match action_ids.get(&lower) {
                    Some(i) => *i,
                    None => {
                        self.action_patterns
                            .push((lower.clone(), p.pattern.clone()));
                        let i = self.action_patterns.len() - 1;
                        action_ids.insert(lower, i);
                        i
                    }
                };
                actions.push(id);
            }
        }
        // A statement's Resource matches when one of its patterns does: its ARN patterns are one automaton (their
        // union), so the walks cut the ARNs by what each statement matches, not by every pattern (the regions of
        // many patterns of one statement, such as forty API Gateway paths, would be exponentially many).
        let resources = st.resource.as_ref().map(|block| {
            let mut out = Vec::new();
            let mut arns: Vec<(String, Atom, ArnPattern)> = Vec::new();
            for p in &block.patterns {
                match &p.matcher {
                    ResourceMatcher::All => out.push(Res::All),
                    ResourceMatcher::Invalid => {}
                    ResourceMatcher::Template(_) => {
                        doubt.get_or_insert(Doubt {
                            message: format!(
                                "the resource `{}` holds a policy variable, which ties it to a context value the search does not follow yet",
                                p.raw
                            ),
                            side: Some(side),
                            span: Some(p.span),
                        });
                    }
                    ResourceMatcher::Arn(engine) => match resource_atom(&p.raw, policy.version) {
                        Some(a) => arns.push((p.raw.clone(), a, (**engine).clone())),
                        None => {
                            doubt.get_or_insert(Doubt {
                                message: format!(
                                    "the resource `{}` could not be read as an ARN pattern",
                                    p.raw
                                ),
                                side: Some(side),
                                span: Some(p.span),
                            });
                        }
                    },
                }
            }
            if !arns.is_empty() {
                arns.sort_by(|a, b| a.0.cmp(&b.0));
                arns.dedup_by(|a, b| a.0 == b.0);
                let key: Vec<String> = arns.iter().map(|a| a.0.clone()).collect();
                let id = match res_ids.get(&key) {
                    Some(i) => *i,
                    None => {
                        let parts = &table().service_parts;
                        let services: Vec<Pattern> = key
                            .iter()
                            .map(|raw| Pattern::new(raw.split(':').nth(2).unwrap_or("*")))
                            .collect();
                        let reach = parts
                            .iter()
                            .map(|part| {
                                part.contains("${") || services.iter().any(|s| s.matches(part))
                            })
                            .collect();
                        let atom = Atom::union(arns.iter().map(|a| a.1.clone()));
                        let engines = arns.iter().map(|a| a.2.clone()).collect();
                        self.resource_atoms.push((atom, engines, reach));
                        self.resource_raw.push(key.clone());
                        let i = self.resource_atoms.len() - 1;
                        res_ids.insert(key, i);
                        i
                    }
                };
                out.push(Res::Atom(id));
            }
            (block.negated, out)
        });
        if let Some(pb) = &st.principal {
            // The engine matches no canonical user id (an S3 account owner it does not model), whichever
            // policy names it: a grant to one would go unseen.
            if let Some(item) = pb
                .items
                .iter()
                .find(|i| matches!(i.entry, PrincipalEntry::CanonicalUser { .. }))
            {
                doubt.get_or_insert(Doubt {
                    message: format!(
                        "the principal `{}` is a canonical user id, which the simulator does not match",
                        item.raw
                    ),
                    side: Some(side),
                    span: Some(item.span),
                });
            }
        }
        Prep {
            side,
            pos: 0,
            effect: st.effect,
            actions,
            action_negated,
            resources,
            conditions: &st.conditions,
            principal: st.principal.as_ref(),
            doubt,
        }
    }

    /// The statements that match an action whose matched Action patterns are `matched`: those naming one of them
    /// in Action, and those naming none of them in NotAction.
    fn statements_matching(&self, matched: &[usize]) -> Vec<usize> {
        let mut hit = vec![false; self.preps.len()];
        for &a in matched {
            for &i in self.owners.get(a).map(Vec::as_slice).unwrap_or_default() {
                if let Some(h) = hit.get_mut(i) {
                    *h = true;
                }
            }
        }
        self.statements_hit(&hit)
    }

    /// The statements that match an action when `hit` says, per statement, whether one of its Action or NotAction
    /// patterns matches it.
    fn statements_hit(&self, hit: &[bool]) -> Vec<usize> {
        self.preps
            .iter()
            .zip(hit)
            .enumerate()
            .filter(|(_, (p, any))| {
                **any != p.action_negated && (!p.actions.is_empty() || p.action_negated)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The class of actions whose matched Action patterns are `pats`: the statements that match them, and the
    /// names the engine treats apart among them.
    fn action_class(&self, pats: &[usize]) -> (Vec<usize>, Vec<usize>) {
        let pseudo = pats.iter().copied().filter(|&i| i < self.pseudo).collect();
        (self.statements_matching(pats), pseudo)
    }

    /// The Action patterns split by the service they are bound to (lower-case prefix to pattern ids), and those
    /// that may span services (ids), each list sorted.
    fn patterns_by_service(&self) -> (BTreeMap<&str, Vec<usize>>, Vec<usize>) {
        let mut bound: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut spanning = Vec::new();
        for (id, (raw, _)) in self.action_patterns.iter().enumerate() {
            match bound_service(raw) {
                Some(s) => bound.entry(s).or_default().push(id),
                None => spanning.push(id),
            }
        }
        (bound, spanning)
    }

    /// The reference's actions grouped by the Action patterns they match (pattern ids, action indices).
    ///
    /// Per service: only the patterns bound to the service and those that span services can match its actions;
    /// each action's matches among them are a bit set, and actions with equal bit sets form a group (groups of
    /// different services that match the same patterns, such as none, are merged).
    pub fn action_groups(&self) -> Vec<(Vec<usize>, Vec<usize>)> {
        let t = table();
        let names = &t.names;
        let (bound, spanning) = self.patterns_by_service();
        let mut by_patterns: HashMap<Vec<usize>, Vec<usize>> = HashMap::new();
        for (service, range) in &t.services {
            let local: Vec<usize> = bound
                .get(service.as_str())
                .into_iter()
                .flatten()
                .chain(&spanning)
                .copied()
                .collect();
            if local.is_empty() {
                by_patterns
                    .entry(Vec::new())
                    .or_default()
                    .extend(range.clone());
                continue;
            }
            let words = local.len().div_ceil(64);
            let mut sets: Vec<u64> = vec![0; words * range.len()];
            for (j, &id) in local.iter().enumerate() {
                let Some((_, pat)) = self.action_patterns.get(id) else {
                    continue;
                };
                for (k, idx) in range.clone().enumerate() {
                    if names.get(idx).is_some_and(|n| pat.matches(n)) {
                        if let Some(w) = sets.get_mut(k * words + j / 64) {
                            *w |= 1 << (j % 64);
                        }
                    }
                }
            }
            let mut local_groups: HashMap<&[u64], Vec<usize>> = HashMap::new();
            for (k, idx) in range.clone().enumerate() {
                let key = sets.get(k * words..(k + 1) * words).unwrap_or_default();
                local_groups.entry(key).or_default().push(idx);
            }
            for (key, idxs) in local_groups {
                let mut pats: Vec<usize> = local
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| key.get(j / 64).is_some_and(|w| (w >> (j % 64)) & 1 == 1))
                    .map(|(_, &id)| id)
                    .collect();
                pats.sort_unstable();
                by_patterns.entry(pats).or_default().extend(idxs);
            }
        }
        let mut groups: Vec<(Vec<usize>, Vec<usize>)> = by_patterns.into_iter().collect();
        for (_, actions) in &mut groups {
            actions.sort_unstable();
        }
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        groups
    }

    /// For the access diff: per group of actions, the Allow statements (their positions in the old and the new
    /// policy) that name them.
    pub fn allowing(
        &self,
        groups: &[(Vec<usize>, Vec<usize>)],
    ) -> Vec<(Vec<usize>, Vec<usize>, Vec<usize>)> {
        groups
            .iter()
            .filter_map(|(pats, actions)| {
                let mut old = Vec::new();
                let mut new = Vec::new();
                for i in self.statements_matching(pats) {
                    let Some(p) = self.preps.get(i) else {
                        continue;
                    };
                    if p.effect == Effect::Allow {
                        match p.side {
                            Side::Old => old.push(p.pos),
                            Side::New => new.push(p.pos),
                        }
                    }
                }
                (!old.is_empty() || !new.is_empty()).then(|| (old, new, actions.clone()))
            })
            .collect()
    }

    /// Runs the search over every class of actions (`groups` from [`Search::action_groups`]).
    pub fn run(&mut self, groups: Vec<(Vec<usize>, Vec<usize>)>) {
        let t = table();
        let names = &t.names;
        for (pats, actions) in groups {
            let relevant = self.statements_matching(&pats);
            if !self.new_allows_some(&relevant) || self.untouched(&relevant) {
                continue;
            }
            let mut by_domain: BTreeMap<u32, usize> = BTreeMap::new();
            for idx in actions {
                if let Some(d) = t.action_domain.get(idx) {
                    by_domain.entry(*d).or_insert(idx);
                }
            }
            // Domains no Resource pattern of these statements can reach are alike: one stands for them all.
            let mut unreached_done = false;
            for (d, idx) in by_domain {
                if self.found.counterexamples.len() >= MAX_COUNTEREXAMPLES {
                    return;
                }
                let empty = t.domains.get(d as usize).is_none_or(|x| x.is_empty());
                let domain = if empty {
                    Domain::Star
                } else {
                    Domain::Templates(d)
                };
                if self.domain_ids(&relevant, &domain).is_empty() {
                    if unreached_done {
                        continue;
                    }
                    unreached_done = true;
                }
                let name = names.get(idx).cloned().unwrap_or_default();
                let display = t
                    .actions
                    .get(idx)
                    .map(|a| a.full_name())
                    .unwrap_or_default();
                self.search_action(&name, &display, &relevant, domain);
            }
        }
        match self.reused.take() {
            Some(classes) => {
                for (name, relevant) in classes {
                    if self.found.counterexamples.len() >= MAX_COUNTEREXAMPLES {
                        return;
                    }
                    self.search_action(&name, &name, &relevant, Domain::Any);
                }
            }
            None => self.unlisted_actions(),
        }
    }

    /// Actions the reference does not list: one name per region of the Action patterns.
    ///
    /// An action's service is the text before its first colon, and a pattern bound to a service (`ec2:Describe*`)
    /// matches only actions of that service. So the names are walked service by service: for each service some
    /// pattern is bound to, the names that start with `service:`, against that service's patterns and those that
    /// span services (each read past the prefix); then every other name (another service, or no colon), against
    /// the spanning patterns alone, with one more automaton for the bound prefixes to leave those names out.
    /// Regions of different walks that match the same patterns are one class.
    fn unlisted_actions(&mut self) {
        let (bound, spanning) = self.patterns_by_service();
        let atom = |id: usize| {
            self.action_patterns
                .get(id)
                .map(|(raw, _)| Atom::plain(tokens(raw)))
        };
        let mut walks: Vec<ActionWalk> = Vec::new();
        for (service, ids) in &bound {
            let prefix = format!("{service}:");
            let atoms = ids
                .iter()
                .chain(&spanning)
                .filter_map(|&id| atom(id).and_then(|a| a.after(&prefix)).map(|a| (id, a)))
                .collect();
            walks.push((prefix, atoms, None));
        }
        let others = Atom::union(bound.keys().map(|s| Atom::plain(tokens(&format!("{s}:*")))));
        let spanning_atoms = spanning
            .iter()
            .filter_map(|&id| atom(id).map(|a| (id, a)))
            .collect();
        walks.push((String::new(), spanning_atoms, Some(others)));

        // Per class of actions (the statements that match, the names the engine treats apart): a witness name
        // holding the fresh character, a plain one the reference does not list, and a listed one of a region
        // that is not a single plain name (which leaves unlisted names of the class unnamed).
        let mut classes: BTreeMap<ActionClass, Names> = BTreeMap::new();
        for (prefix, atoms, exclude) in walks {
            // A service whose patterns are all plain names needs no walk: its regions are each name (matched by
            // the patterns equal to it) and the names matched by none, `service:~` among them (as the walk would
            // find, `~` being a character no pattern names).
            let literals: Option<Vec<String>> = match exclude {
                None => atoms.iter().map(|(_, a)| a.literal_text()).collect(),
                Some(_) => None,
            };
            if let Some(texts) = literals.filter(|ts| ts.iter().all(|t| !t.contains('~'))) {
                let mut by_text: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
                for ((id, _), t) in atoms.iter().zip(&texts) {
                    by_text.entry(t.as_str()).or_default().push(*id);
                }
                for (t, mut ids) in by_text {
                    ids.sort_unstable();
                    let name = format!("{prefix}{t}");
                    if iam_reference::action(&name).is_none() {
                        let slot = classes.entry(self.action_class(&ids)).or_default();
                        slot.1.get_or_insert(name);
                    }
                }
                let none = classes.entry(self.action_class(&[])).or_default();
                none.0.get_or_insert(format!("{prefix}~"));
                continue;
            }
            // The decision depends on the statements an action matches, not on which of a statement's patterns
            // match: a statement's patterns with wildcards are one automaton (their union). Plain names stay apart
            // (a region one of them accepts is that one name), and so do the names the engine treats apart.
            let mut units: Vec<Unit> = Vec::new();
            let mut all: Vec<Atom> = Vec::new();
            let mut per_statement: BTreeMap<usize, Vec<Atom>> = BTreeMap::new();
            for (id, a) in &atoms {
                if *id < self.pseudo || a.literal_text().is_some() {
                    units.push(Unit::Pattern(*id));
                    all.push(a.clone());
                } else {
                    for &s in self.owners.get(*id).map(Vec::as_slice).unwrap_or_default() {
                        per_statement.entry(s).or_default().push(a.clone());
                    }
                }
            }
            for (s, list) in per_statement {
                units.push(Unit::Statement(s));
                all.push(Atom::union(list));
            }
            let n = units.len();
            all.extend(exclude);
            let regions = match glob::regions_fresh(&all, ACTION_STATES, "~#+") {
                Ok(r) => r,
                Err(e) => {
                    let which = match prefix.strip_suffix(':') {
                        Some(s) => format!("the Action patterns of the service `{s}`"),
                        None => "the Action patterns that span services".to_string(),
                    };
                    self.doubt(
                        None,
                        None,
                        format!("{which} make more than {} automaton states", e.0),
                    );
                    continue;
                }
            };
            for r in regions {
                if r.accepts.get(n).copied().unwrap_or(false) {
                    continue;
                }
                let mut hit = vec![false; self.preps.len()];
                let mut pseudo = Vec::new();
                let mut literal = false;
                for (u, _) in units.iter().zip(&r.accepts).filter(|(_, a)| **a) {
                    let pats: &[usize] = match u {
                        Unit::Pattern(id) => {
                            if *id < self.pseudo {
                                pseudo.push(*id);
                            }
                            if self
                                .action_patterns
                                .get(*id)
                                .is_some_and(|(raw, _)| !raw.contains(['*', '?']))
                            {
                                literal = true;
                            }
                            std::slice::from_ref(id)
                        }
                        Unit::Statement(s) => {
                            if let Some(h) = hit.get_mut(*s) {
                                *h = true;
                            }
                            &[]
                        }
                    };
                    for &id in pats {
                        for &s in self.owners.get(id).map(Vec::as_slice).unwrap_or_default() {
                            if let Some(h) = hit.get_mut(s) {
                                *h = true;
                            }
                        }
                    }
                }
                pseudo.sort_unstable();
                let slot = classes
                    .entry((self.statements_hit(&hit), pseudo))
                    .or_default();
                let name = format!("{prefix}{}", r.witness);
                if r.fresh {
                    slot.0.get_or_insert(name);
                } else if iam_reference::action(&name).is_none() {
                    slot.1.get_or_insert(name);
                } else if !literal {
                    slot.2.get_or_insert(name);
                }
            }
        }
        for ((relevant, _), (fresh, plain, unnamed)) in classes {
            if self.found.counterexamples.len() >= MAX_COUNTEREXAMPLES {
                return;
            }
            if !self.new_allows_some(&relevant) {
                continue;
            }
            let Some(name) = fresh.or(plain) else {
                // Every name of such a region is made of the patterns' own characters; when a plain name of the
                // region is a pattern, the region is that one listed action, already searched.
                if let Some(w) = unnamed {
                    self.doubt(None, None, format!(
                        "the actions the Action patterns match together with `{w}` could not all be named; unlisted ones among them were not searched"
                    ));
                }
                continue;
            };
            self.unlisted.push((name.clone(), relevant.clone()));
            self.search_action(&name, &name, &relevant, Domain::Any);
        }
    }

    /// The classes of actions the reference does not list, as an earlier search over the same Action elements
    /// named them (filling in variables changes no Action element): their walk is not repeated.
    pub fn unlisted_classes(&self) -> Vec<(String, Vec<usize>)> {
        self.unlisted.clone()
    }

    /// Uses the classes of unlisted actions an earlier search named (see [`Search::unlisted_classes`]).
    pub fn reuse_unlisted(&mut self, classes: Vec<(String, Vec<usize>)>) {
        self.reused = Some(classes);
    }

    /// Asks for public access instead: requests by an anonymous caller, or the root user or a user of an account
    /// no policy names, carrying no value the policy fixes (see `public.rs`).
    pub fn public(&mut self, inside: crate::public::Inside) {
        let outside = (0..1000u64)
            .map(|i| format!("{}", 999_999_999_999 - i))
            .find(|a| !inside.accounts.contains(a) && Some(a) != self.owner.as_ref())
            .unwrap_or_default();
        self.principals = ["user/outside", "root"]
            .iter()
            .filter_map(|r| Principal::from_arn(&format!("arn:aws:iam::{outside}:{r}")))
            .chain(std::iter::once(Principal::anonymous()))
            .collect();
        self.inside = Some(inside);
    }

    /// Fixes context keys to one value each: every request carries them, and conditions on them see only them.
    pub fn fix(&mut self, values: &[(String, KeyValue)]) {
        self.fixed = values
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), k.clone(), v.clone()))
            .collect();
    }

    /// Leaves out the actions (as shown) that already have a counterexample.
    pub fn skip_actions(&mut self, actions: BTreeSet<String>) {
        self.skip = actions;
    }

    /// Searches only the classes of actions that a statement marked in `touched` matches.
    pub fn only_touched(&mut self, touched: Vec<bool>) {
        self.touched = Some(touched);
    }

    fn untouched(&self, relevant: &[usize]) -> bool {
        self.touched
            .as_ref()
            .is_some_and(|t| !relevant.iter().any(|&i| t.get(i).copied().unwrap_or(true)))
    }

    /// Whether the new policy can allow one of these requests: it has an Allow among them, or (for a resource
    /// policy) the old policy has a Deny among them that may have kept the resource account's root user out.
    fn new_allows_some(&self, relevant: &[usize]) -> bool {
        relevant.iter().any(|&i| {
            self.preps.get(i).is_some_and(|p| {
                (p.side == Side::New && p.effect == Effect::Allow)
                    || (self.owner.is_some() && p.side == Side::Old && p.effect == Effect::Deny)
            })
        })
    }

    fn doubt(&mut self, side: Option<Side>, span: Option<Span>, message: String) {
        if !self.found.doubts.iter().any(|d| d.message == message) {
            self.found.doubts.push(Doubt {
                message,
                side,
                span,
            });
        }
    }

    /// Searches one class of actions: `name` (lower-case) stands for all of them.
    fn search_action(&mut self, name: &str, display: &str, relevant: &[usize], domain: Domain) {
        if self.untouched(relevant) || self.skip.contains(display) {
            return;
        }
        self.found.classes += 1;
        for &i in relevant {
            if let Some(d) = self.preps.get(i).and_then(|p| p.doubt.clone()) {
                self.doubt(d.side, d.span, d.message);
                return;
            }
        }
        let ids = self.domain_ids(relevant, &domain);
        let key = (ids.clone(), domain.clone());
        let resources = match self.memo.get(&key) {
            Some(r) => r.clone(),
            None => {
                let r = self.resource_witnesses(&ids, &domain);
                self.memo.insert(key, r.clone());
                r
            }
        };
        let resources = match resources {
            Ok(r) => r,
            Err(message) => {
                self.doubt(None, None, message);
                return;
            }
        };
        for (resource, bits) in resources {
            let active: Vec<usize> = relevant
                .iter()
                .copied()
                .filter(|&i| self.resource_matches(i, &ids, &bits))
                .collect();
            if !self.new_allows_some(&active) {
                continue;
            }
            let account = iam_engine::pattern::split_arn(&resource)
                .map(|[_, _, _, _, account, _]| account.to_string())
                .filter(|a| !a.is_empty());
            let owner = account.clone().or_else(|| self.owner.clone());
            let mut callers = self.principals.clone();
            // The root user of the resource's own account, who has full access to it unless a policy denies.
            if let (Some(owner), true, None) = (&owner, callers.len() > 1, &self.inside) {
                let root = Principal::from_arn(&format!("arn:aws:iam::{owner}:root"));
                if let Some(root) = root.filter(|r| !callers.contains(r)) {
                    callers.push(root);
                }
            }
            for caller in callers {
                let mut base = Request::new(caller, name, &resource);
                if let (Some(owner), None) = (&self.owner, &account) {
                    base.resource_account = Some(owner.clone());
                }
                // The statements whose Principal element lets them apply to this caller; `true` where the
                // statement's Allow is enough by itself (naming the caller's account only delegates to the
                // account's identity-based policies).
                let applying: Vec<(usize, bool)> = active
                    .iter()
                    .filter_map(|&i| {
                        let pb = self.preps.get(i)?.principal;
                        match pb {
                            None => Some((i, true)),
                            Some(pb) => iam_engine::eval::principal_applies(pb, &base)
                                .map(|m| (i, m != PrincipalMatch::Account)),
                        }
                    })
                    .collect();
                let ids: Vec<usize> = applying.iter().map(|a| a.0).collect();
                // The root user of the resource's account is allowed unless a policy denies it.
                let root = base.principal.kind == PrincipalType::Root && base.same_account();
                if !root && !self.new_allows_some(&ids) {
                    continue;
                }
                if self.search_contexts(display, &base, &applying, root) {
                    return;
                }
            }
        }
    }

    /// The Resource patterns of the statements that can match a resource of the domain (a pattern whose service
    /// part matches none of the domain's services matches none of its ARNs), sorted.
    fn domain_ids(&self, relevant: &[usize], domain: &Domain) -> Vec<usize> {
        let mut ids: Vec<usize> = relevant
            .iter()
            .filter_map(|&i| self.preps.get(i))
            .flat_map(|p| p.resources.iter().flat_map(|(_, rs)| rs.iter()))
            .filter_map(|r| match r {
                Res::Atom(i) => Some(*i),
                _ => None,
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        match domain {
            Domain::Star => Vec::new(),
            Domain::Any => ids,
            Domain::Templates(d) => {
                let parts = table()
                    .domain_parts
                    .get(*d as usize)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                ids.into_iter()
                    .filter(|&i| {
                        self.resource_atoms.get(i).is_some_and(|(_, _, reach)| {
                            parts.iter().any(|&p| reach.get(p).copied().unwrap_or(true))
                        })
                    })
                    .collect()
            }
        }
    }

    fn resource_matches(&self, i: usize, ids: &[usize], bits: &[bool]) -> bool {
        let Some(p) = self.preps.get(i) else {
            return false;
        };
        let Some((negated, rs)) = &p.resources else {
            return true;
        };
        let any = rs.iter().any(|r| match r {
            Res::All => true,
            Res::Atom(a) => ids
                .binary_search(a)
                .ok()
                .and_then(|k| bits.get(k))
                .copied()
                .unwrap_or(false),
        });
        any != *negated
    }

    /// One resource per region of the patterns `ids` within the domain, with which patterns match it. A domain's
    /// regions are the union of its templates' regions, each template walked once per set of patterns.
    fn resource_witnesses(
        &mut self,
        ids: &[usize],
        domain: &Domain,
    ) -> Result<Vec<(String, Vec<bool>)>, String> {
        let tpls: Vec<&'static str> = match domain {
            Domain::Star => {
                // `*` is no ARN: no ARN pattern matches it.
                return Ok(vec![("*".to_string(), vec![false; ids.len()])]);
            }
            Domain::Templates(d) => table()
                .domains
                .get(*d as usize)
                .cloned()
                .unwrap_or_default(),
            Domain::Any => Vec::new(),
        };
        if ids.is_empty() {
            // No pattern tells the domain's resources apart: any one stands for them.
            let w = tpls
                .first()
                .map(|t| pretty(t))
                .unwrap_or_else(|| "*".to_string());
            return Ok(vec![(w, Vec::new())]);
        }
        // Each template (or, for an action the reference does not list, the whole string space) is walked once
        // with every Resource pattern that can reach it; a set of patterns' regions are the projections of those.
        let all: Vec<usize> = (0..self.resource_atoms.len()).collect();
        let sources: Vec<(Option<&'static str>, Vec<usize>)> = if tpls.is_empty() {
            vec![(None, all)]
        } else {
            tpls.iter()
                .map(|t| {
                    let reach: Vec<usize> = all
                        .iter()
                        .copied()
                        .filter(|&i| {
                            self.resource_raw
                                .get(i)
                                .is_none_or(|raws| raws.iter().any(|raw| may_meet(raw, t)))
                        })
                        .collect();
                    (Some(*t), reach)
                })
                .collect()
        };
        let mut out: Vec<(String, Vec<bool>)> = Vec::new();
        for (t, reach) in sources {
            let regions = match (t, reach.is_empty()) {
                // No pattern can match an ARN of the template: one region, matched by none.
                (Some(t), true) => vec![(pretty(t), Vec::new())],
                _ => self.regions_within(&reach, t)?,
            };
            for (w, full) in regions {
                let bits: Vec<bool> = ids
                    .iter()
                    .map(|i| {
                        reach
                            .binary_search(i)
                            .ok()
                            .and_then(|k| full.get(k).copied())
                            .unwrap_or(false)
                    })
                    .collect();
                if !out.iter().any(|(_, b)| *b == bits) {
                    out.push((w, bits));
                }
            }
        }
        Ok(out)
    }

    /// The regions of the patterns `ids` among the ARNs of one template (any string for `None`), memoized.
    fn regions_within(
        &mut self,
        ids: &[usize],
        template: Option<&'static str>,
    ) -> Result<Vec<(String, Vec<bool>)>, String> {
        let key = (ids.to_vec(), template);
        if let Some(r) = self.template_memo.get(&key) {
            return r.clone();
        }
        let r = self.walk_regions(ids, template);
        self.template_memo.insert(key, r.clone());
        r
    }

    fn walk_regions(
        &self,
        ids: &[usize],
        template: Option<&'static str>,
    ) -> Result<Vec<(String, Vec<bool>)>, String> {
        let mut atoms: Vec<Atom> = ids
            .iter()
            .filter_map(|&i| self.resource_atoms.get(i).map(|(a, _, _)| a.clone()))
            .collect();
        let n = atoms.len();
        atoms.push(glob::is_arn_atom());
        let tpl_atom = template.and_then(template_atom);
        if let Some(a) = &tpl_atom {
            atoms.push(a.clone());
        } else if template.is_some() {
            return Ok(Vec::new());
        }
        let regions = glob::regions(&atoms, RESOURCE_STATES).map_err(|e| {
            format!(
                "the Resource patterns make more than {} automaton states",
                e.0
            )
        })?;
        let engine_bits = |w: &str| -> Vec<bool> {
            ids.iter()
                .map(|&i| {
                    self.resource_atoms
                        .get(i)
                        .is_some_and(|(_, e, _)| e.iter().any(|e| e.matches(w)))
                })
                .collect()
        };
        let mut out = Vec::new();
        let mut non_arn = false;
        for r in regions {
            let is_arn = r.accepts.get(n).copied().unwrap_or(false);
            let in_domain = template.is_none() || r.accepts.get(n + 1).copied().unwrap_or(false);
            if !in_domain {
                continue;
            }
            if !is_arn {
                // Every string that is no ARN matches the same patterns (none but `*`): `*` stands for them.
                if !non_arn {
                    non_arn = true;
                    out.push(("*".to_string(), vec![false; n]));
                }
                continue;
            }
            let bits: Vec<bool> = r.accepts.iter().take(n).copied().collect();
            // The model is checked against the engine's own matcher on every witness.
            if engine_bits(&r.witness) != bits {
                return Err(format!(
                    "the search's reading of a Resource pattern disagrees with the engine on `{}`",
                    r.witness
                ));
            }
            // A readable resource of the same region, when the template filled plainly is one.
            let readable = template.map(pretty).filter(|w| {
                engine_bits(w) == bits && tpl_atom.as_ref().is_some_and(|a| a.accepts(w))
            });
            out.push((readable.unwrap_or(r.witness), bits));
        }
        Ok(out)
    }

    /// Searches the context values for one action and resource; true when a counterexample was found.
    ///
    /// Each key's values are first reduced to their classes: values on which every condition on the key gives the
    /// same answer (the engine's own condition evaluation says). Then a depth-first search assigns one class per
    /// key, pruning as soon as the new policy can no longer allow (no Allow statement left that can apply, or a
    /// Deny that applies) or the old one surely allows (an Allow that applies and no Deny that can). A leaf is a
    /// request the engine then decides.
    fn search_contexts(
        &mut self,
        display: &str,
        base: &Request,
        active: &[(usize, bool)],
        allowed: bool,
    ) -> bool {
        let mut by_key: BTreeMap<String, Vec<(usize, &Condition)>> = BTreeMap::new();
        for (s, &(i, _)) in active.iter().enumerate() {
            if let Some(p) = self.preps.get(i) {
                for c in p.conditions {
                    by_key.entry(c.key_lower.clone()).or_default().push((s, c));
                }
            }
        }
        // Per key: its classes (a value and the answer of each condition on the key).
        let mut keys: Vec<Key> = Vec::new();
        for (k, conds) in &by_key {
            let key = conds
                .first()
                .map(|(_, c)| c.key.clone())
                .unwrap_or_else(|| k.clone());
            let only: Vec<&Condition> = conds.iter().map(|(_, c)| *c).collect();
            let fixed = self.fixed.iter().find(|(l, _, _)| l == k);
            let values =
                match fixed.map_or_else(|| values::witnesses(&only), |f| Ok(vec![f.2.clone()])) {
                    Ok(w) => w,
                    Err(message) => {
                        let span = only.first().map(|c| c.span);
                        self.doubt(None, span, message);
                        return false;
                    }
                };
            let mut classes: Vec<(KeyValue, Vec<bool>)> = Vec::new();
            for v in values {
                let ctx = context_of(&[(key.as_str(), &v)]);
                let answers: Vec<bool> = only
                    .iter()
                    .map(|c| iam_engine::condition::evaluate(c, &ctx, false).0)
                    .collect();
                if !classes.iter().any(|(_, a)| *a == answers) {
                    classes.push((v, answers));
                }
            }
            keys.push(Key {
                name: key,
                owners: conds.iter().map(|(s, _)| *s).collect(),
                classes,
            });
        }
        keys.sort_by_key(|k| k.classes.len());
        let stmts: Vec<(Side, Effect, bool)> = active
            .iter()
            .filter_map(|&(i, alone)| self.preps.get(i).map(|p| (p.side, p.effect, alone)))
            .collect();
        let mut pick: Vec<Option<usize>> = vec![None; keys.len()];
        let mut nodes = 0usize;
        let walk = Walk {
            keys: &keys,
            stmts: &stmts,
            base,
            display,
            allowed,
        };
        self.dfs(0, &walk, &mut pick, &mut nodes)
    }

    fn dfs(
        &mut self,
        depth: usize,
        walk: &Walk<'_>,
        pick: &mut Vec<Option<usize>>,
        nodes: &mut usize,
    ) -> bool {
        let Walk {
            keys,
            stmts,
            base,
            display,
            allowed,
        } = *walk;
        *nodes += 1;
        if *nodes > MAX_COMBINATIONS {
            if *nodes == MAX_COMBINATIONS + 1 {
                self.doubt(None, None, format!(
                    "{display} on `{}`: the conditions make more than {MAX_COMBINATIONS} combinations to search",
                    base.resource
                ));
            }
            return false;
        }
        // Each statement: Some(true) applies, Some(false) cannot, None not yet known.
        let status: Vec<Option<bool>> = (0..stmts.len())
            .map(|s| {
                let mut known = true;
                for (k, key) in keys.iter().enumerate() {
                    for (j, owner) in key.owners.iter().enumerate() {
                        if *owner != s {
                            continue;
                        }
                        match pick.get(k).copied().flatten() {
                            Some(c) => {
                                let holds = key
                                    .classes
                                    .get(c)
                                    .and_then(|(_, a)| a.get(j))
                                    .copied()
                                    .unwrap_or(false);
                                if !holds {
                                    return Some(false);
                                }
                            }
                            None => known = false,
                        }
                    }
                }
                known.then_some(true)
            })
            .collect();
        let side = |side: Side, effect: Effect| {
            stmts
                .iter()
                .zip(&status)
                .filter(move |((sd, ef, _), _)| *sd == side && *ef == effect)
                .map(|((_, _, alone), st)| (*st, *alone))
        };
        let new_can_allow = (allowed
            || side(Side::New, Effect::Allow).any(|(s, _)| s != Some(false)))
            && side(Side::New, Effect::Deny).all(|(s, _)| s != Some(true));
        let old_surely_allows = side(Side::Old, Effect::Allow)
            .any(|(s, alone)| alone && s == Some(true))
            && side(Side::Old, Effect::Deny).all(|(s, _)| s == Some(false));
        if !new_can_allow || old_surely_allows {
            return false;
        }
        let Some(key) = keys.get(depth) else {
            // A leaf: the request the engine decides.
            let mut values: Vec<(&str, &KeyValue)> = keys
                .iter()
                .zip(pick.iter())
                .filter_map(|(k, p)| {
                    p.and_then(|c| k.classes.get(c))
                        .map(|(v, _)| (k.name.as_str(), v))
                })
                .collect();
            for (lower, name, v) in &self.fixed {
                if !keys.iter().any(|k| k.name.eq_ignore_ascii_case(lower)) {
                    values.push((name.as_str(), v));
                }
            }
            let mut req = base.clone();
            req.context = context_of(&values);
            if self.inside.as_ref().is_some_and(|i| i.holds(&req.context)) {
                return false;
            }
            self.found.requests += 1;
            let (old_set, new_set) = if req.same_account() {
                (&self.old_set, &self.new_set)
            } else {
                (&self.old_cross, &self.new_cross)
            };
            let new = evaluate(new_set, &req, Options::DecisionOnly).decision;
            if new != Decision::Allow {
                return false;
            }
            let old = evaluate(old_set, &req, Options::DecisionOnly).decision;
            if old == Decision::Allow {
                return false;
            }
            req.set_action(display);
            let found = Counterexample::from_request(&req, old_set, new_set);
            self.found.counterexamples.push(found);
            return true;
        };
        for c in 0..key.classes.len() {
            if let Some(slot) = pick.get_mut(depth) {
                *slot = Some(c);
            }
            if self.dfs(depth + 1, walk, pick, nodes) {
                return true;
            }
        }
        if let Some(slot) = pick.get_mut(depth) {
            *slot = None;
        }
        false
    }
}

/// What a depth-first walk over context values holds fixed: the keys, the statements (side, effect, and whether
/// its Allow is enough alone), the request, the action as shown, and whether the caller is allowed without a
/// statement (the root user of the resource's account).
#[derive(Clone, Copy)]
struct Walk<'w> {
    keys: &'w [Key],
    stmts: &'w [(Side, Effect, bool)],
    base: &'w Request,
    display: &'w str,
    allowed: bool,
}

/// One context key in the search: its classes and which statements (by position among the active ones) own each
/// condition on it.
struct Key {
    name: String,
    owners: Vec<usize>,
    classes: Vec<(KeyValue, Vec<bool>)>,
}

fn context_of(values: &[(&str, &KeyValue)]) -> Context {
    let mut ctx = Context::default();
    for (key, v) in values {
        match v {
            KeyValue::Single(s) => ctx.set(key, s.clone(), false),
            KeyValue::Multi(vs) => ctx.set_multi(key, vs.clone(), false),
            KeyValue::Absent => {}
        }
    }
    ctx
}

/// A Resource pattern's automaton, read from its text as the parser reads it.
fn resource_atom(raw: &str, version: Version) -> Option<Atom> {
    let template = match Template::parse(raw, true, version == Version::V2012, 0) {
        Ok(t) if !t.has_vars => t,
        _ => Template::parse(raw, true, false, 0).ok()?,
    };
    Atom::arn(template.probe(Tok::One).collect::<Vec<_>>())
}

/// An ARN template of the reference as an automaton: each `${Placeholder}` is at least one character.
fn template_atom(template: &str) -> Option<Atom> {
    let mut toks = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        toks.extend(rest.get(..start)?.chars().map(Tok::Lit));
        let after = rest.get(start..)?;
        let end = after.find('}')?;
        toks.push(Tok::One);
        toks.push(Tok::Star);
        rest = after.get(end + 1..)?;
    }
    toks.extend(rest.chars().map(Tok::Lit));
    Atom::arn(toks)
}

/// False only when a Resource pattern surely matches no ARN of the template: in some colon-separated part
/// both fix a first (or last) text, before any wildcard or placeholder, and the two disagree. A quick test that
/// keeps most walks small; `true` leaves the question to the walk.
fn may_meet(pattern: &str, template: &str) -> bool {
    let pp: Vec<&str> = pattern.splitn(6, ':').collect();
    let tp: Vec<&str> = template.splitn(6, ':').collect();
    let open_tail = pp.len() < 6;
    for (i, (p, t)) in pp.iter().zip(&tp).enumerate() {
        // A last part of fewer than six spans several template parts: only its start can be compared.
        let spans = open_tail && i + 1 == pp.len();
        let p_head: String = p.chars().take_while(|c| *c != '*' && *c != '?').collect();
        let t_head = t.split("${").next().unwrap_or("");
        if !(p_head.starts_with(t_head) || t_head.starts_with(p_head.as_str())) {
            return false;
        }
        if spans {
            continue;
        }
        let p_tail: String = {
            let rev: String = p
                .chars()
                .rev()
                .take_while(|c| *c != '*' && *c != '?')
                .collect();
            rev.chars().rev().collect()
        };
        let t_tail = t.rsplit('}').next().unwrap_or("");
        let t_tail = if t.contains("${") { t_tail } else { t };
        if !(p_tail.ends_with(t_tail) || t_tail.ends_with(p_tail.as_str())) {
            return false;
        }
    }
    true
}

/// An ARN template filled with plain values (`aws`, `us-east-1`, `111122223333`, `example`).
fn pretty(template: &str) -> String {
    iam_reference::fill_template(template, |name| {
        Some(
            match name {
                "Partition" => "aws",
                "Region" => "us-east-1",
                "Account" => "111122223333",
                _ => "example",
            }
            .to_string(),
        )
    })
}

fn templates(a: Action) -> Vec<&'static str> {
    let mut t: Vec<&'static str> = a
        .resource_types()
        .flat_map(|r| r.resource_type().arn_templates())
        .collect();
    t.sort_unstable();
    t.dedup();
    t
}

/// The reference's actions in table order, with their `service:name` lower-case, and where each service's
/// actions start and end (the table lists them service by service), built once.
struct Table {
    actions: Vec<Action>,
    /// Each action's service prefix, access level and name, read once from the reference.
    meta: Vec<(&'static str, &'static str, &'static str)>,
    names: Vec<String>,
    services: HashMap<String, std::ops::Range<usize>>,
    /// The distinct sets of ARN templates of an action's resource types, and each action's set.
    domains: Vec<Vec<&'static str>>,
    action_domain: Vec<u32>,
    /// The distinct service parts of the templates, and each domain's (indices).
    service_parts: Vec<&'static str>,
    domain_parts: Vec<Vec<usize>>,
}

/// The service an Action pattern (lower-case) is bound to: the text before its first colon, when that text has no
/// wildcard (the pattern then matches only actions of that service, whose names start with `service:`). `None`
/// for a pattern that may span services (`*`, `s*:get*`) or has no colon.
fn bound_service(raw: &str) -> Option<&str> {
    let (service, _) = raw.split_once(':')?;
    (!service.contains(['*', '?'])).then_some(service)
}

/// The reference's actions in table order: service prefix, access level and name.
pub(crate) fn action_meta() -> &'static [(&'static str, &'static str, &'static str)] {
    &table().meta
}

fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let actions: Vec<Action> = iam_reference::actions().collect();
        let names: Vec<String> = actions
            .iter()
            .map(|a| a.full_name().to_ascii_lowercase())
            .collect();
        let mut services: HashMap<String, std::ops::Range<usize>> = HashMap::new();
        for (i, a) in actions.iter().enumerate() {
            let r = services
                .entry(a.service().prefix().to_ascii_lowercase())
                .or_insert(i..i);
            r.end = i + 1;
        }
        let mut domain_ids: HashMap<Vec<&'static str>, u32> = HashMap::new();
        let mut domains: Vec<Vec<&'static str>> = Vec::new();
        let mut action_domain = Vec::with_capacity(actions.len());
        for a in &actions {
            let t = templates(*a);
            let id = *domain_ids.entry(t.clone()).or_insert_with(|| {
                domains.push(t);
                u32::try_from(domains.len() - 1).unwrap_or(u32::MAX)
            });
            action_domain.push(id);
        }
        let mut part_ids: HashMap<&'static str, usize> = HashMap::new();
        let mut service_parts: Vec<&'static str> = Vec::new();
        let domain_parts = domains
            .iter()
            .map(|d| {
                let mut ps: Vec<usize> = d
                    .iter()
                    .map(|tpl| {
                        let part = tpl.split(':').nth(2).unwrap_or("");
                        *part_ids.entry(part).or_insert_with(|| {
                            service_parts.push(part);
                            service_parts.len() - 1
                        })
                    })
                    .collect();
                ps.sort_unstable();
                ps.dedup();
                ps
            })
            .collect();
        let meta = actions
            .iter()
            .map(|a| (a.service().prefix(), a.access_level().as_str(), a.name()))
            .collect();
        Table {
            actions,
            meta,
            names,
            services,
            domains,
            action_domain,
            service_parts,
            domain_parts,
        }
    })
}
