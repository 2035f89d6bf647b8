//! Policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`): a Resource or a condition value that holds
//! one depends on a context value, so the search tries each variable's key with a finite set of values and, for
//! each choice, searches the policies with the values filled in (the search proper sees no variable).
//!
//! The values tried for a key: absent (a template that cannot be filled matches nothing, as the engine reads IAM
//! User Guide, IAM policy elements: Variables and tags, "If AWS cannot resolve a variable this might cause the
//! entire statement to be invalid"); values no policy text names (made of a character no policy uses, one of each
//! length up to one more than the most `?` of one pattern, so a run of `?` can be met or missed); one value per
//! region of the conditions on the key itself; the values that line the variable up with the text of another
//! pattern compared with the same request value (Resource with Resource, a condition key's values with that key's):
//! where the text before the variable ends inside the other pattern, each stretch of it up to a place where the
//! text after the variable can start (literally, or from a wildcard of the pattern; a `*` inside the stretch taken
//! as nothing and as one other character, a `?` as one other character); and, where a condition compares one
//! variable's key with a value holding another, the values each makes of the other.
//!
//! Variables that no class of actions brings together (their statements share no service) are searched apart: one
//! search with every variable absent, then, per group of variables, one search per combination of their values,
//! limited to the classes of actions their statements match. Every counterexample is still replayed through the
//! engine with the original policies.

use crate::search::{Doubt, Side};
use crate::values::{self, KeyValue};
use iam_engine::condition::{Condition, PolicyValue};
use iam_engine::pattern::{ArnPattern, Tok};
use iam_engine::policy::{ResourceMatcher, Statement, Version};
use iam_engine::variables::{Part, Template};
use iam_engine::{Context, Policy, Span};
use std::collections::{BTreeMap, BTreeSet};

/// The most assignments (one value per variable key) searched.
const MAX_ASSIGNMENTS: usize = 256;
/// The most values tried for one key.
const MAX_VALUES: usize = 48;
/// Characters a value no policy names is made of (the first that no policy uses).
const FRESH: &str = "qzxjkvwQZXJKVW";

/// One element of a string of a policy, for lining variables up.
#[derive(Debug, Clone, PartialEq, Eq)]
enum El {
    Lit(char),
    Star,
    One,
    Var(String),
}

/// One value per variable key: the request carries these.
pub type Assignment = Vec<(String, KeyValue)>;

/// The searches, and why some values could not be searched.
#[derive(Debug, Default)]
pub struct Plan {
    /// Empty when no policy holds a variable. Otherwise the first search has every variable absent (always
    /// possible, so the counterexamples it finds hold even when other values cannot be searched).
    pub searches: Vec<Search>,
    pub doubts: Vec<Doubt>,
}

/// The searches for the policies' variables.
pub fn plan(old: &Policy, new: &Policy) -> Plan {
    let mut strings: Vec<(Option<String>, Vec<El>)> = Vec::new();
    let mut keys: BTreeMap<String, String> = BTreeMap::new();
    let mut own: BTreeMap<String, Vec<(Side, &Condition)>> = BTreeMap::new();
    let mut doubts: Vec<Doubt> = Vec::new();
    // Keys whose values cannot be searched: their groups are left out (with a doubt).
    let mut bad: BTreeSet<String> = BTreeSet::new();
    for (policy, side) in [(old, Side::Old), (new, Side::New)] {
        collect(policy, side, &mut strings, &mut keys, &mut doubts, &mut bad);
    }
    if keys.is_empty() {
        return Plan::default();
    }
    let absent: Assignment = keys
        .values()
        .map(|k| (k.clone(), KeyValue::Absent))
        .collect();
    let mut searches: Vec<Search> = vec![(absent, None)];
    // The conditions on the variables' own keys (of either policy) that hold no variable themselves.
    for (policy, side) in [(old, Side::Old), (new, Side::New)] {
        for c in policy.statements.iter().flat_map(|st| st.conditions.iter()) {
            if !holds_variable(c) && keys.contains_key(&c.key_lower) {
                own.entry(c.key_lower.clone()).or_default().push((side, c));
            }
        }
    }
    let used: BTreeSet<char> = strings
        .iter()
        .flat_map(|(_, s)| s.iter())
        .filter_map(|e| match e {
            El::Lit(c) => Some(*c),
            _ => None,
        })
        .collect();
    let Some(fresh) = FRESH.chars().find(|c| !used.contains(c)) else {
        doubts.push(doubt(
            "the policies use every character the search keeps for values no policy names".into(),
        ));
        return Plan { searches, doubts };
    };
    let ones = strings
        .iter()
        .map(|(_, s)| s.iter().filter(|e| **e == El::One).count())
        .max()
        .unwrap_or(0)
        .min(3);
    let mut cands: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for lower in keys.keys() {
        let mut vals: Vec<String> = (1..=ones + 1)
            .map(|n| fresh.to_string().repeat(n))
            .collect();
        if let Some(owned) = own.get(lower) {
            let conds: Vec<&Condition> = owned.iter().map(|(_, c)| *c).collect();
            match values::witnesses(&conds) {
                Ok(found) => vals.extend(found.into_iter().filter_map(|v| match v {
                    KeyValue::Single(s) => Some(s),
                    _ => None,
                })),
                Err(message) => {
                    doubts.push(Doubt {
                        message,
                        side: owned.first().map(|(side, _)| *side),
                        span: owned.first().map(|(_, c)| c.span),
                    });
                    bad.insert(lower.clone());
                }
            }
        }
        // A filled-in string meets only the strings compared with the same request value: Resource patterns
        // with Resource patterns, a condition key's values with the values of that key.
        for (slot, t) in strings
            .iter()
            .filter(|(_, s)| s.contains(&El::Var(lower.clone())))
        {
            for (_, s) in strings.iter().filter(|(other, _)| other == slot) {
                lined_up(t, s, lower, fresh, &mut vals);
            }
        }
        cands.insert(lower.clone(), vals);
    }
    // A condition on one variable's key whose value holds another variable (`aws:PrincipalTag/owner` equal to
    // `${aws:username}`) ties the two: each key also takes the values the other's make of it.
    for (key, value) in links(old).into_iter().chain(links(new)) {
        let (Some(k_vals), Some(v_vals)) = (cands.get(&key).cloned(), cands.get(&value.1).cloned())
        else {
            continue;
        };
        let (prefix, suffix) = (&value.0, &value.2);
        if let Some(k) = cands.get_mut(&key) {
            k.extend(v_vals.iter().map(|u| format!("{prefix}{u}{suffix}")));
        }
        if let Some(v) = cands.get_mut(&value.1) {
            v.extend(k_vals.iter().filter_map(|w| {
                w.strip_prefix(prefix.as_str())
                    .and_then(|r| r.strip_suffix(suffix.as_str()))
                    .map(str::to_string)
            }));
        }
    }
    let mut per_key: Vec<(String, Vec<KeyValue>)> = Vec::new();
    for (lower, written) in &keys {
        let mut vals = cands.remove(lower).unwrap_or_default();
        vals.retain(|v| !v.contains(['*', '?', '$', '{', '}']) && can_be(lower, v));
        let mut seen = BTreeSet::new();
        vals.retain(|v| seen.insert(v.clone()));
        if vals.len() > MAX_VALUES {
            doubts.push(doubt(format!(
                "the variable `${{{written}}}` meets the policies' text in {} ways; the search tries at most {MAX_VALUES}",
                vals.len()
            )));
            bad.insert(lower.clone());
        }
        let mut all = vec![KeyValue::Absent];
        all.extend(vals.into_iter().map(KeyValue::Single));
        per_key.push((written.clone(), all));
    }
    // Variables that no action can bring together are searched apart: the searches are a sum over components, not
    // a product over all variables.
    for component in components(old, new, &keys) {
        if !component.is_disjoint(&bad) {
            continue;
        }
        let part: Vec<&(String, Vec<KeyValue>)> = per_key
            .iter()
            .filter(|(k, _)| component.contains(&k.to_ascii_lowercase()))
            .collect();
        let total = part
            .iter()
            .map(|(_, v)| v.len())
            .try_fold(1usize, |acc, n| acc.checked_mul(n))
            .unwrap_or(usize::MAX);
        if total > MAX_ASSIGNMENTS {
            let names: Vec<String> = part.iter().map(|(k, _)| format!("`${{{k}}}`")).collect();
            doubts.push(doubt(format!(
                "the variables {} make {total} combinations of values; the search tries at most {MAX_ASSIGNMENTS}",
                names.join(", ")
            )));
            continue;
        }
        let mut out: Vec<Assignment> = vec![Vec::new()];
        for (key, vals) in part {
            out = out
                .into_iter()
                .flat_map(|a| {
                    vals.iter().map(move |v| {
                        let mut b = a.clone();
                        b.push((key.clone(), v.clone()));
                        b
                    })
                })
                .collect();
        }
        // All absent is the first search.
        out.retain(|a| a.iter().any(|(_, v)| *v != KeyValue::Absent));
        searches.extend(out.into_iter().map(|a| (a, Some(component.clone()))));
    }
    Plan { searches, doubts }
}

/// One search: the values fixed, and the variables' keys (lower-case) whose statements it is limited to (`None`:
/// every statement).
pub type Search = (Assignment, Option<BTreeSet<String>>);

/// The services a statement's actions can belong to (lower-case prefixes), `None` for any (NotAction, or a
/// wildcard in the service part).
fn services(st: &Statement) -> Option<BTreeSet<String>> {
    let block = st.action.as_ref()?;
    if block.negated {
        return None;
    }
    let mut out = BTreeSet::new();
    for p in &block.patterns {
        let (service, _) = p.raw.split_once(':')?;
        if service.contains(['*', '?']) {
            return None;
        }
        out.insert(service.to_ascii_lowercase());
    }
    Some(out)
}

/// The variables' keys (lower-case) a statement depends on: in a Resource or a condition value, or a condition
/// on the key itself.
fn statement_keys(st: &Statement, is_key: impl Fn(&str) -> bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |t: &Template| {
        for p in &t.parts {
            if let Part::Var(v) = p {
                out.insert(v.key.clone());
            }
        }
    };
    for p in st.resource.iter().flat_map(|b| b.patterns.iter()) {
        if let ResourceMatcher::Template(t) = &p.matcher {
            add(t);
        }
    }
    for c in &st.conditions {
        for v in &c.values {
            if let PolicyValue::Text(t) = v {
                add(&t.template);
            }
        }
    }
    for c in &st.conditions {
        if is_key(&c.key_lower) {
            out.insert(c.key_lower.clone());
        }
    }
    out
}

/// The variables' keys in groups that must be searched together: two keys of one statement, or of two statements
/// whose actions can meet (a class of actions is decided by the statements that match it, which share a service).
fn components(
    old: &Policy,
    new: &Policy,
    keys: &BTreeMap<String, String>,
) -> Vec<BTreeSet<String>> {
    let stmts: Vec<(Option<BTreeSet<String>>, BTreeSet<String>)> = old
        .statements
        .iter()
        .chain(&new.statements)
        .map(|st| (services(st), statement_keys(st, |k| keys.contains_key(k))))
        .filter(|(_, k)| !k.is_empty())
        .collect();
    let mut groups: Vec<BTreeSet<String>> =
        keys.keys().map(|k| BTreeSet::from([k.clone()])).collect();
    let meet = |a: &Option<BTreeSet<String>>, b: &Option<BTreeSet<String>>| match (a, b) {
        (Some(x), Some(y)) => !x.is_disjoint(y),
        _ => true,
    };
    let mut joins: Vec<BTreeSet<String>> = Vec::new();
    for (i, (sa, ka)) in stmts.iter().enumerate() {
        joins.push(ka.clone());
        for (sb, kb) in stmts.iter().skip(i + 1) {
            if meet(sa, sb) {
                joins.push(ka.union(kb).cloned().collect());
            }
        }
    }
    for j in joins {
        let (mut hit, rest): (Vec<BTreeSet<String>>, Vec<BTreeSet<String>>) =
            groups.into_iter().partition(|g| !g.is_disjoint(&j));
        let mut merged: BTreeSet<String> = hit.drain(..).flatten().collect();
        merged.extend(j);
        groups = rest;
        groups.push(merged);
    }
    groups
}

/// The conditions whose key is compared with a value of the form `prefix${key2}suffix` (plain text around one
/// variable): (the key, (prefix, the variable's key, suffix)), keys lower-case.
fn links(policy: &Policy) -> Vec<(String, (String, String, String))> {
    let mut out = Vec::new();
    for c in policy.statements.iter().flat_map(|st| st.conditions.iter()) {
        for v in &c.values {
            let PolicyValue::Text(t) = v else { continue };
            if !t.template.has_vars {
                continue;
            }
            let mut parts = (String::new(), None::<String>, String::new());
            let mut plain = true;
            for p in &t.template.parts {
                match (p, &parts.1) {
                    (Part::Text(x), None) => parts.0.push_str(x),
                    (Part::Text(x), Some(_)) => parts.2.push_str(x),
                    (Part::Var(var), None) if var.default.is_none() => {
                        parts.1 = Some(var.key.clone())
                    }
                    _ => plain = false,
                }
            }
            if let (true, Some(var)) = (plain, parts.1) {
                out.push((c.key_lower.clone(), (parts.0, var, parts.2)));
            }
        }
    }
    out
}

/// Whether a key can have the value: an IAM user name (`aws:username`) is made of letters, digits and
/// `+=,.@_-` (IAM User Guide, IAM object quotas: names of users "can contain only alphanumeric characters and/or
/// the following characters: +, =, ., @, _, -"); any other key, any value.
fn can_be(key: &str, value: &str) -> bool {
    key != "aws:username"
        || (!value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c)))
}

/// Reads a policy's strings (Resource patterns, slot `None`, and string condition values, slot their key in lower
/// case) and the keys its variables name.
fn collect(
    policy: &Policy,
    side: Side,
    strings: &mut Vec<(Option<String>, Vec<El>)>,
    keys: &mut BTreeMap<String, String>,
    doubts: &mut Vec<Doubt>,
    bad: &mut BTreeSet<String>,
) {
    let v2012 = policy.version == Version::V2012;
    for st in &policy.statements {
        for p in st.resource.iter().flat_map(|b| b.patterns.iter()) {
            let template = match &p.matcher {
                ResourceMatcher::Template(t) => t.clone(),
                ResourceMatcher::Arn(_) => match Template::parse(&p.raw, true, v2012, 0) {
                    Ok(t) => t,
                    Err(_) => continue,
                },
                _ => continue,
            };
            let els = elements(&template, keys);
            if has_escape(&p.raw, v2012) && template.has_vars {
                doubts.push(escape_doubt(&p.raw, side, p.span));
                bad.extend(var_keys(&els));
            }
            strings.push((None, els));
        }
        for c in &st.conditions {
            let values: Vec<Vec<El>> = c
                .values
                .iter()
                .filter_map(|v| match v {
                    PolicyValue::Text(t) => Some(elements(&t.template, keys)),
                    _ => None,
                })
                .collect();
            let escaped = holds_variable(c)
                .then(|| c.raw_values.iter().find(|raw| has_escape(raw, v2012)))
                .flatten();
            if let Some(raw) = escaped {
                doubts.push(escape_doubt(raw, side, c.span));
                bad.extend(values.iter().flat_map(|els| var_keys(els)));
            }
            strings.extend(
                values
                    .into_iter()
                    .map(|els| (Some(c.key_lower.clone()), els)),
            );
        }
    }
}

/// The variables' keys (lower-case) of a string.
fn var_keys(els: &[El]) -> Vec<String> {
    els.iter()
        .filter_map(|e| match e {
            El::Var(k) => Some(k.clone()),
            _ => None,
        })
        .collect()
}

/// `${*}`, `${?}` and `${$}` stand for the characters themselves, which the filled-in patterns cannot say.
fn has_escape(raw: &str, v2012: bool) -> bool {
    v2012 && ["${*}", "${?}", "${$}"].iter().any(|e| raw.contains(e))
}

fn escape_doubt(raw: &str, side: Side, span: Span) -> Doubt {
    Doubt {
        message: format!(
            "`{raw}` holds a policy variable and a special character (`${{*}}`, `${{?}}` or `${{$}}`), which the search does not fill in"
        ),
        side: Some(side),
        span: Some(span),
    }
}

/// A reason about the policies as a whole, at no place in them.
fn doubt(message: String) -> Doubt {
    Doubt {
        message,
        side: None,
        span: None,
    }
}

/// Whether one of the condition's values holds a policy variable.
fn holds_variable(c: &Condition) -> bool {
    c.values.iter().any(|v| match v {
        PolicyValue::Text(t) => t.template.has_vars,
        _ => false,
    })
}

fn elements(t: &Template, keys: &mut BTreeMap<String, String>) -> Vec<El> {
    let mut out = Vec::new();
    for p in &t.parts {
        match p {
            Part::Text(s) => out.extend(s.chars().map(El::Lit)),
            Part::Star => out.push(El::Star),
            Part::One => out.push(El::One),
            Part::Var(v) => {
                keys.entry(v.key.clone()).or_insert_with(|| v.name.clone());
                out.push(El::Var(v.key.clone()));
            }
        }
    }
    out
}

/// The values of `key` that line the variable of `t` up with the text of `s` (see the module's comment).
fn lined_up(t: &[El], s: &[El], key: &str, fresh: char, out: &mut Vec<String>) {
    for (x, e) in t.iter().enumerate() {
        if *e != El::Var(key.to_string()) {
            continue;
        }
        let before: Vec<char> = lit_run(t.get(..x).unwrap_or_default().iter().rev());
        let before: Vec<char> = before.into_iter().rev().collect();
        let after: Vec<char> = lit_run(t.get(x + 1..).unwrap_or_default().iter());
        let ends = x + 1 == t.len();
        for i in 0..=s.len() {
            let Some(head) = i.checked_sub(before.len()).and_then(|h| s.get(h..i)) else {
                continue;
            };
            if before.is_empty() && i != 0 && !matches!(s.get(i - 1), Some(El::Star | El::One)) {
                continue;
            }
            if !same_text(head, &before) {
                continue;
            }
            for j in i..=s.len() {
                let Some(stretch) = s.get(i..j) else { continue };
                if stretch.iter().any(|e| matches!(e, El::Var(_))) {
                    break;
                }
                let tail = s.get(j..).unwrap_or_default();
                let fits = if after.is_empty() {
                    ends && (tail.is_empty() || tail.first() == Some(&El::Star))
                        || !ends && matches!(tail.first(), None | Some(El::Star | El::One))
                } else {
                    agrees(tail, &after)
                };
                if fits {
                    push_stretch(stretch, fresh, out);
                }
            }
        }
    }
}

/// The literal characters at the start of `els`.
fn lit_run<'a>(els: impl Iterator<Item = &'a El>) -> Vec<char> {
    els.map_while(|e| match e {
        El::Lit(c) => Some(*c),
        _ => None,
    })
    .collect()
}

/// Whether the rest of another pattern can start like the text after the variable: the two agree character by
/// character until the text ends or the pattern reaches a wildcard (which can take the rest).
fn agrees(tail: &[El], text: &[char]) -> bool {
    for (k, c) in text.iter().enumerate() {
        match tail.get(k) {
            Some(El::Lit(x)) if x == c => {}
            Some(El::Star | El::One | El::Var(_)) => return true,
            _ => return false,
        }
    }
    true
}

fn same_text(els: &[El], text: &[char]) -> bool {
    els.len() == text.len() && els.iter().zip(text).all(|(e, c)| *e == El::Lit(*c))
}

/// A stretch of another pattern as values: its `*` taken as nothing, and as one other character.
fn push_stretch(stretch: &[El], fresh: char, out: &mut Vec<String>) {
    for star in ["", &fresh.to_string()] {
        let v: String = stretch
            .iter()
            .map(|e| match e {
                El::Lit(c) => c.to_string(),
                El::Star => star.to_string(),
                El::One => fresh.to_string(),
                El::Var(_) => String::new(),
            })
            .collect();
        if !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
    }
}

/// Per statement of the policy: whether it depends on one of `keys` (lower-case): a Resource or a condition value
/// holds the variable, or a condition tests the key.
pub fn touched(policy: &Policy, keys: &BTreeSet<String>) -> Vec<bool> {
    policy
        .statements
        .iter()
        .map(|st| !statement_keys(st, |k| keys.contains(k)).is_disjoint(keys))
        .collect()
}

/// The request context an assignment gives.
pub fn context(a: &Assignment) -> Context {
    let mut ctx = Context::default();
    for (key, v) in a {
        if let KeyValue::Single(s) = v {
            ctx.set(key, s.clone(), false);
        }
    }
    ctx
}

/// The policy with every variable filled in from `ctx`: a Resource pattern that cannot be filled matches nothing,
/// as does a condition value that cannot (the engine's own reading of a template it cannot fill).
pub fn instantiate(policy: &Policy, ctx: &Context) -> Policy {
    let mut out = policy.clone();
    for st in &mut out.statements {
        for p in st.resource.iter_mut().flat_map(|b| b.patterns.iter_mut()) {
            let ResourceMatcher::Template(t) = &p.matcher else {
                continue;
            };
            match t.substitute(ctx) {
                Ok(toks) => {
                    p.raw = raw_of(&toks);
                    p.matcher = ArnPattern::from_tokens(&toks)
                        .map_or(ResourceMatcher::Invalid, |a| {
                            ResourceMatcher::Arn(Box::new(a))
                        });
                }
                Err(_) => p.matcher = ResourceMatcher::Invalid,
            }
        }
        for c in &mut st.conditions {
            if let Some(filled) = fill_condition(c, ctx) {
                *c = filled;
            }
        }
    }
    out
}

/// A condition with its variables filled in, or `None` when it holds none.
fn fill_condition(c: &Condition, ctx: &Context) -> Option<Condition> {
    let mut any = false;
    let mut raws: Vec<(String, Span)> = Vec::new();
    let mut unresolved: Vec<usize> = Vec::new();
    for (i, (v, raw)) in c.values.iter().zip(&c.raw_values).enumerate() {
        match v {
            PolicyValue::Text(t) if t.template.has_vars => {
                any = true;
                match t.template.substitute(ctx) {
                    Ok(toks) => raws.push((raw_of(&toks), c.span)),
                    Err(_) => {
                        unresolved.push(i);
                        raws.push((String::new(), c.span));
                    }
                }
            }
            _ => raws.push((raw.clone(), c.span)),
        }
    }
    if !any {
        return None;
    }
    let mut filled =
        Condition::compile(&c.operator_name, c.operator, &c.key, raws, false, c.span).ok()?;
    for i in unresolved {
        if let Some(v) = filled.values.get_mut(i) {
            *v = PolicyValue::Never;
        }
    }
    Some(filled)
}

/// Tokens as pattern text (the values filled in hold no wildcard character, so this reads back the same).
fn raw_of(toks: &[Tok]) -> String {
    toks.iter()
        .map(|t| match t {
            Tok::Lit(c) => *c,
            Tok::Star => '*',
            Tok::One => '?',
        })
        .collect()
}
