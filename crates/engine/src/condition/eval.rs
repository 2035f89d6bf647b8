//! One condition evaluated against the request context: the policy values filled in from the request, each
//! request value compared with them (through an index when there are many), the set qualifier and `IfExists`
//! applied, and the trace of it all.

use super::operator::{BaseOp, Comparison, Family, Operator, SetOp};
use super::value::{
    decode_base64, parse_bool, parse_date, parse_ip, parse_number, request_value_problem,
    Condition, PolicyValue, TextValue,
};
use crate::context::{Context, ContextValue};
use crate::diag::Span;
use crate::pattern::{ArnPattern, Pattern};
use crate::variables::{hash_text, shorten, Filled};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};

/// How a condition treated a key that the request does not carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MissingKey {
    /// `…IfExists`: a missing key makes the condition true.
    IfExistsTrue,
    /// A negated operator: nothing in the request matches, so the condition is true.
    NegatedTrue,
    /// `ForAllValues:` over no values is true.
    ForAllValuesTrue,
    /// Any other operator: no value to match, so the condition is false.
    False,
    /// Null: the key is absent.
    NullAbsent,
}

/// The trace of one condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionTrace {
    pub operator: String,
    pub key: String,
    /// The request's values (None: the key is absent).
    pub request_values: Option<Vec<String>>,
    /// The policy values after variable substitution (or the reason one could not be substituted).
    pub policy_values: Vec<String>,
    /// For each request value, whether it matched any policy value (before negation).
    pub value_results: Vec<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_key: Option<MissingKey>,
    /// Variables that could not be resolved: those values match nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unresolved: Vec<String>,
    /// A note such as a single-valued operator used on a multivalued key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub result: bool,
    pub span: Span,
}

/// A policy value after substitution, ready to compare.
enum Ready<'a> {
    /// Filled in from the request. String operators compare it piece by piece; wildcard and ARN operators
    /// compile it once (`matcher`).
    Filled {
        filled: Filled<'a>,
        matcher: Matcher,
    },
    Pre(&'a TextValue),
    Other(&'a PolicyValue),
    Unresolved,
}

/// A filled-in `*Like` / `Arn*` value, compiled.
enum Matcher {
    /// String operators compare the pieces instead.
    None,
    /// Longer than every request value, so it matches none (and was not built).
    Never,
    Pattern(Pattern),
    Arn(ArnPattern),
}

/// How many request values a condition trace lists (the rest are counted in a note, not copied once per
/// condition).
pub const TRACE_VALUES: usize = 100;

/// Evaluates a condition. With `trace` false only the result is computed (fast path).
pub fn evaluate(cond: &Condition, ctx: &Context, trace: bool) -> (bool, Option<ConditionTrace>) {
    let entry = ctx.get(&cond.key_lower);
    // The longest request value: a filled-in pattern that needs more bytes matches none, so it is not built.
    let longest = entry
        .map(|e| e.values.iter().map(String::len).max().unwrap_or(0))
        .unwrap_or(0);
    let mut unresolved = Vec::new();
    let ready: Vec<Ready<'_>> = cond
        .values
        .iter()
        .map(|v| match v {
            PolicyValue::Text(t) if t.template.has_vars => match t.template.fill(ctx) {
                Ok(filled) => {
                    let matcher =
                        compile_filled(cond.operator.base, &filled, longest, entry.is_some());
                    Ready::Filled { filled, matcher }
                }
                Err(u) => {
                    if trace {
                        unresolved.push(format!("${{{}}} {}", u.variable, u.reason));
                    }
                    Ready::Unresolved
                }
            },
            PolicyValue::Text(t) => Ready::Pre(t),
            other => Ready::Other(other),
        })
        .collect();
    let outcome = match entry {
        _ if cond.operator.base == BaseOp::Null => null(cond, entry.is_none()),
        None => missing(cond.operator),
        Some(entry) => present(cond.operator, entry, &ready, longest, trace),
    };
    if !trace {
        return (outcome.result, None);
    }
    let result = outcome.result;
    (
        result,
        Some(trace_of(cond, entry, &ready, outcome, unresolved)),
    )
}

/// What a condition found, before its trace is written.
struct Outcome {
    result: bool,
    /// For each request value, whether it matched any policy value (before negation).
    value_results: Vec<bool>,
    missing_key: Option<MissingKey>,
    note: Option<String>,
}

impl Outcome {
    fn of(result: bool, missing_key: Option<MissingKey>) -> Outcome {
        Outcome {
            result,
            value_results: Vec::new(),
            missing_key,
            note: None,
        }
    }
}

/// `Null`: true when the key's absence is what the policy value says (`true`: absent).
fn null(cond: &Condition, absent: bool) -> Outcome {
    let result = cond
        .values
        .iter()
        .any(|v| matches!(v, PolicyValue::Bool(b) if *b == absent));
    Outcome::of(result, absent.then_some(MissingKey::NullAbsent))
}

/// A key the request does not carry.
fn missing(op: Operator) -> Outcome {
    let (result, how) = match op.set {
        _ if op.if_exists => (true, MissingKey::IfExistsTrue),
        SetOp::ForAllValues => (true, MissingKey::ForAllValuesTrue),
        SetOp::ForAnyValue => (false, MissingKey::False),
        SetOp::Single if op.base.is_negated() => (true, MissingKey::NegatedTrue),
        SetOp::Single => (false, MissingKey::False),
    };
    Outcome::of(result, Some(how))
}

/// A key the request carries: each request value against the policy values, then the set qualifier.
fn present(
    op: Operator,
    entry: &ContextValue,
    ready: &[Ready<'_>],
    longest: usize,
    trace: bool,
) -> Outcome {
    let matched: Vec<bool> = match Index::build(op.base, ready, entry.values.len(), longest) {
        Some(index) => entry
            .values
            .iter()
            .map(|rv| index.any_matches(op.base, rv, ready))
            .collect(),
        None => entry
            .values
            .iter()
            .map(|rv| ready.iter().any(|pv| value_matches(op.base, rv, pv)))
            .collect(),
    };
    let negated = op.base.is_negated();
    let mut note = None;
    let result = match op.set {
        SetOp::Single if entry.single_valued && entry.values.len() > 1 => {
            if trace {
                note = Some(format!(
                    "`{}` is a single-valued key given {} values: no real request carries a list for it, \
                     and AWS's policy simulator finds no match for a single-valued operator; give one value",
                    entry.key,
                    entry.values.len()
                ));
            }
            false
        }
        SetOp::Single => {
            if entry.multi && trace {
                note = Some(
                    "a single-valued operator on a multivalued key: true if any request value matches; \
                     use ForAnyValue or ForAllValues to say which you mean"
                        .to_string(),
                );
            }
            matched.iter().any(|m| *m) != negated
        }
        SetOp::ForAnyValue => matched.iter().any(|m| *m != negated),
        SetOp::ForAllValues => matched.iter().all(|m| *m != negated),
    };
    Outcome {
        result,
        value_results: matched,
        missing_key: None,
        note,
    }
}

/// The trace of a condition: its request and policy values as compared, shortened, and the notes.
fn trace_of(
    cond: &Condition,
    entry: Option<&ContextValue>,
    ready: &[Ready<'_>],
    outcome: Outcome,
    unresolved: Vec<String>,
) -> ConditionTrace {
    let Outcome {
        result,
        mut value_results,
        missing_key,
        mut note,
    } = outcome;
    if let Some((rv, what)) = entry
        .into_iter()
        .flat_map(|e| e.values.iter())
        .find_map(|rv| request_value_problem(cond.operator.base, rv).map(|what| (rv, what)))
    {
        note = Some(format!(
            "the request's value `{}` is not {what}, so it matches no policy value",
            shorten(rv)
        ));
    }
    let policy_values = ready
        .iter()
        .zip(cond.raw_values.iter())
        .map(|(r, raw)| match r {
            Ready::Filled { filled, .. } => filled.render(),
            Ready::Pre(_) | Ready::Other(_) => shorten(raw),
            Ready::Unresolved => format!("{} (unresolved)", shorten(raw)),
        })
        .collect();
    // A key with many values is listed once in the answer's context; each condition's trace shows the first
    // few (shortened) and says how many more there are.
    let request_values = entry.map(|e| {
        e.values
            .iter()
            .take(TRACE_VALUES)
            .map(|v| shorten(v))
            .collect::<Vec<_>>()
    });
    if let Some(more) = entry
        .map(|e| e.values.len().saturating_sub(TRACE_VALUES))
        .filter(|n| *n > 0)
    {
        value_results.truncate(TRACE_VALUES);
        let words = format!(
            "the request has {more} more values for this key than the {TRACE_VALUES} listed here (all were compared)"
        );
        note = Some(match note {
            Some(n) => format!("{n}; {words}"),
            None => words,
        });
    }
    ConditionTrace {
        operator: cond.operator_name.clone(),
        key: cond.key.clone(),
        request_values,
        policy_values,
        value_results,
        missing_key,
        unresolved,
        note,
        result,
        span: cond.span,
    }
}

/// Compiles a filled-in value for a wildcard or ARN operator, unless it needs more bytes than the longest request
/// value has (it then matches nothing, and building it could take as much memory as the amplification allows).
fn compile_filled(base: BaseOp, filled: &Filled<'_>, longest: usize, present: bool) -> Matcher {
    if !base.has_wildcards() {
        return Matcher::None;
    }
    if !present || filled.min_bytes() > longest {
        return Matcher::Never;
    }
    if base.family() == Family::Arn {
        if let Some(a) = ArnPattern::from_tok_iter(filled.toks()) {
            return Matcher::Arn(a);
        }
    }
    Matcher::Pattern(Pattern::from_tok_iter(filled.toks()))
}

/// Does one request value match one policy value, for the positive form of `base`?
fn value_matches(base: BaseOp, rv: &str, pv: &Ready<'_>) -> bool {
    let compares = |ordering: Ordering| base.comparison().is_some_and(|c| c.holds(ordering));
    match (base.family(), pv) {
        (_, Ready::Unresolved) => false,
        (Family::String, Ready::Pre(t)) if base.has_wildcards() => {
            t.pattern.as_ref().is_some_and(|p| p.matches(rv))
        }
        (Family::String, Ready::Pre(t)) if base.ignores_case() => t
            .fixed
            .as_deref()
            .is_some_and(|f| equal_ignoring_case(f, rv)),
        (Family::String, Ready::Pre(t)) => t.fixed.as_deref() == Some(rv),
        (Family::Arn, Ready::Pre(t)) => match &t.arn {
            Some(a) => a.matches(rv),
            None => t.pattern.as_ref().is_some_and(|p| p.matches(rv)),
        },
        (Family::String, Ready::Filled { filled, .. }) if !base.has_wildcards() => {
            filled.equals(rv, base.ignores_case())
        }
        (_, Ready::Filled { matcher, .. }) => match matcher {
            Matcher::Pattern(p) => p.matches(rv),
            Matcher::Arn(a) => a.matches(rv),
            Matcher::None | Matcher::Never => false,
        },
        (_, Ready::Other(PolicyValue::Number(n))) => {
            parse_number(rv).is_some_and(|r| compares(r.cmp(n)))
        }
        (_, Ready::Other(PolicyValue::Date(d))) => {
            parse_date(rv).is_some_and(|r| r.partial_cmp(d).is_some_and(compares))
        }
        (Family::Bool, Ready::Other(PolicyValue::Bool(b))) => parse_bool(rv) == Some(*b),
        (Family::Binary, Ready::Other(PolicyValue::Binary(bytes))) => {
            decode_base64(rv).is_some_and(|r| &r == bytes)
        }
        (Family::Ip, Ready::Other(PolicyValue::Ip(net))) => {
            parse_ip(rv).is_some_and(|ip| net.contains(&ip))
        }
        _ => false,
    }
}

/// Equal after lower-casing every character (what `StringEqualsIgnoreCase` compares).
fn equal_ignoring_case(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Below this many (request value × policy value) pairs, or with fewer than four request values, comparing every
/// pair is cheapest (it stops at the first match, and a one-valued key cannot be quadratic).
const INDEX_FROM: usize = 64;

/// The policy values of one condition arranged so that each request value is compared with the few that can
/// match it, instead of with all of them: `ForAllValues` with 50,000 request values against 50,000 policy
/// values is then 100,000 lookups, not 2.5 billion comparisons. Every lookup is confirmed by [`value_matches`],
/// so the index only chooses which policy values to compare.
struct Index {
    /// Policy values that can only equal a request value, by the hash of what they equal.
    exact: HashMap<u64, Vec<usize>>,
    /// IP ranges by (IPv4?, prefix length): a request address is looked up once per prefix length.
    ranges: Vec<(bool, u8, HashSet<ipnet::IpNet>)>,
    /// Policy values compared with every request value (wildcard patterns; for ordering operators only the
    /// least demanding value).
    rest: Vec<usize>,
    hasher: std::collections::hash_map::RandomState,
    /// The longest request value, in bytes: a longer filled-in value equals none.
    longest: usize,
}

/// What a policy value can be looked up by.
enum Key {
    Hash(u64),
    Range(ipnet::IpNet),
    /// Compared with every request value.
    Rest,
    /// Matches no request value.
    Nothing,
}

impl Index {
    fn build(
        base: BaseOp,
        ready: &[Ready<'_>],
        request_values: usize,
        longest: usize,
    ) -> Option<Index> {
        if request_values < 4 || request_values.saturating_mul(ready.len()) < INDEX_FROM {
            return None;
        }
        Some(Index::new(base, ready, longest))
    }

    fn new(base: BaseOp, ready: &[Ready<'_>], longest: usize) -> Index {
        let mut index = Index {
            exact: HashMap::new(),
            ranges: Vec::new(),
            rest: Vec::new(),
            hasher: std::collections::hash_map::RandomState::new(),
            longest,
        };
        // Ordering operators: a request value is below some policy value exactly when it is below the largest.
        let mut extreme: Option<usize> = None;
        for (i, pv) in ready.iter().enumerate() {
            match index.key(base, pv) {
                Key::Hash(h) => index.exact.entry(h).or_default().push(i),
                Key::Range(net) => {
                    let family = matches!(net, ipnet::IpNet::V4(_));
                    let len = net.prefix_len();
                    match index
                        .ranges
                        .iter_mut()
                        .find(|(f, l, _)| *f == family && *l == len)
                    {
                        Some((_, _, set)) => {
                            set.insert(net.trunc());
                        }
                        None => index
                            .ranges
                            .push((family, len, HashSet::from([net.trunc()]))),
                    }
                }
                Key::Rest if is_ordering(base) => {
                    let better = extreme
                        .and_then(|e| ready.get(e))
                        .is_none_or(|e| match (pv, e) {
                            (
                                Ready::Other(PolicyValue::Number(a)),
                                Ready::Other(PolicyValue::Number(b)),
                            ) => prefers(base, a.cmp(b)),
                            (
                                Ready::Other(PolicyValue::Date(a)),
                                Ready::Other(PolicyValue::Date(b)),
                            ) => a.partial_cmp(b).is_some_and(|o| prefers(base, o)),
                            _ => false,
                        });
                    if better {
                        extreme = Some(i);
                    }
                }
                Key::Rest => index.rest.push(i),
                Key::Nothing => {}
            }
        }
        index.rest.extend(extreme);
        index
    }

    fn hash_str(&self, text: &str, ignore_case: bool) -> u64 {
        let mut h = self.hasher.build_hasher();
        hash_text(&mut h, text, ignore_case);
        h.finish()
    }

    fn hash_of(&self, f: impl FnOnce(&mut std::collections::hash_map::DefaultHasher)) -> u64 {
        let mut h = self.hasher.build_hasher();
        f(&mut h);
        h.finish()
    }

    /// The key of a policy value.
    fn key(&self, base: BaseOp, pv: &Ready<'_>) -> Key {
        let ignore_case = base.ignores_case();
        let equals = base.comparison() == Some(Comparison::Equals);
        match (base.family(), pv) {
            (_, Ready::Unresolved) => Key::Nothing,
            (_, Ready::Filled { filled, matcher }) => match matcher {
                Matcher::Never => Key::Nothing,
                Matcher::Pattern(p) => match p.as_exact() {
                    Some(text) => Key::Hash(self.hash_str(text, false)),
                    None => Key::Rest,
                },
                Matcher::Arn(_) => Key::Rest,
                Matcher::None if !ignore_case && filled.len() > self.longest => Key::Nothing,
                Matcher::None => {
                    let mut h = self.hasher.build_hasher();
                    match filled.hash_into(&mut h, ignore_case) {
                        Some(()) => Key::Hash(h.finish()),
                        None => Key::Nothing,
                    }
                }
            },
            (Family::String, Ready::Pre(t)) if !base.has_wildcards() => match &t.fixed {
                Some(text) => Key::Hash(self.hash_str(text, ignore_case)),
                None => Key::Nothing,
            },
            // A pattern without wildcards matches only its own text (an ARN pattern too: six parts compared one
            // by one are the whole ARN compared).
            (_, Ready::Pre(t)) => match &t.fixed {
                Some(text) => Key::Hash(self.hash_str(text, false)),
                None => Key::Rest,
            },
            (Family::Numeric, Ready::Other(PolicyValue::Number(n))) if equals => {
                Key::Hash(self.hash_of(|h| std::hash::Hash::hash(n, h)))
            }
            (Family::Date, Ready::Other(PolicyValue::Date(d))) if equals => {
                Key::Hash(self.hash_of(|h| h.write_u64(date_bits(*d))))
            }
            (Family::Bool, Ready::Other(PolicyValue::Bool(b))) => {
                Key::Hash(self.hash_of(|h| h.write_u8(u8::from(*b))))
            }
            (Family::Binary, Ready::Other(PolicyValue::Binary(bytes))) => {
                Key::Hash(self.hash_of(|h| h.write(bytes)))
            }
            (Family::Ip, Ready::Other(PolicyValue::Ip(net))) => Key::Range(*net),
            (_, Ready::Other(PolicyValue::Never)) => Key::Nothing,
            _ => Key::Rest,
        }
    }

    /// The hash a request value is looked up by (None: it can equal no policy value).
    fn request_hash(&self, base: BaseOp, rv: &str) -> Option<u64> {
        let equals = base.comparison() == Some(Comparison::Equals);
        match base.family() {
            Family::String if base.ignores_case() => Some(self.hash_str(rv, true)),
            Family::Numeric if equals => {
                let n = parse_number(rv)?;
                Some(self.hash_of(|h| std::hash::Hash::hash(&n, h)))
            }
            Family::Date if equals => {
                let d = parse_date(rv)?;
                Some(self.hash_of(|h| h.write_u64(date_bits(d))))
            }
            Family::Bool => {
                let b = parse_bool(rv)?;
                Some(self.hash_of(|h| h.write_u8(u8::from(b))))
            }
            Family::Binary => {
                let bytes = decode_base64(rv)?;
                Some(self.hash_of(|h| h.write(&bytes)))
            }
            Family::Ip => None,
            _ => Some(self.hash_str(rv, false)),
        }
    }

    fn any_matches(&self, base: BaseOp, rv: &str, ready: &[Ready<'_>]) -> bool {
        let confirm = |i: &usize| ready.get(*i).is_some_and(|pv| value_matches(base, rv, pv));
        if let Some(h) = self.request_hash(base, rv) {
            if self.exact.get(&h).is_some_and(|c| c.iter().any(confirm)) {
                return true;
            }
        }
        if !self.ranges.is_empty() {
            if let Some(ip) = parse_ip(rv) {
                let v4 = ip.is_ipv4();
                let hit = self.ranges.iter().any(|(family, len, set)| {
                    *family == v4
                        && ipnet::IpNet::new(ip, *len).is_ok_and(|net| set.contains(&net.trunc()))
                });
                if hit {
                    return true;
                }
            }
        }
        self.rest.iter().any(confirm)
    }
}

/// Ordering operators compare with every policy value; `any` over them is decided by the extreme one.
fn is_ordering(base: BaseOp) -> bool {
    base.comparison().is_some_and(|c| c != Comparison::Equals)
}

/// Whether a policy value that compares `ordering` to the current extreme is more permissive than it: larger for
/// `LessThan` (more request values are below it), smaller for `GreaterThan`.
fn prefers(base: BaseOp, ordering: Ordering) -> bool {
    match base.comparison() {
        Some(Comparison::LessThan | Comparison::LessThanEquals) => ordering.is_gt(),
        _ => ordering.is_lt(),
    }
}

/// A date's bits for hashing, with -0 and 0 alike (they compare equal).
fn date_bits(d: f64) -> u64 {
    if d == 0.0 {
        0
    } else {
        d.to_bits()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The value index only chooses which policy values to compare: for every operator it must give the same
    /// answer as comparing each request value with every policy value (the definition in the IAM User Guide,
    /// condition operators).
    mod index {
        use super::*;
        use crate::condition::operator::ALL_OPS;
        use crate::condition::value::compile_value;
        use proptest::prelude::*;

        fn value() -> impl Strategy<Value = String> {
            prop_oneof![
                "[aAbB]{0,3}",
                "[ab*?]{1,4}",
                "-?[0-9]{1,3}(\\.[0-9])?",
                Just("9007199254740993".to_string()),
                Just("2026-01-01T00:00:00Z".to_string()),
                Just("true".to_string()),
                Just("AAEC".to_string()),
                Just("10.0.0.0/8".to_string()),
                Just("10.1.2.3".to_string()),
                Just("2001:db8::/32".to_string()),
                Just("2001:db8::1".to_string()),
                Just("::ffff:10.0.0.1".to_string()),
                Just("arn:aws:s3:::b/k".to_string()),
                Just("arn:aws:s3:::b/*".to_string()),
                Just("${aws:username}".to_string()),
            ]
        }

        proptest! {
            #[test]
            fn agrees_with_comparing_every_pair(
                op in proptest::sample::select(ALL_OPS.iter().map(|(n, _)| *n).filter(|n| *n != "Null").collect::<Vec<_>>()),
                policy in proptest::collection::vec(value(), 1..20),
                request in proptest::collection::vec(value(), 4..20),
            ) {
                let operator = Operator::parse(op, Span::default()).unwrap();
                let raw: Vec<(String, Span)> = policy.iter().map(|v| (v.clone(), Span::default())).collect();
                // Values that do not fit the operator are left out, as the policy reader reports them.
                let values: Vec<PolicyValue> = raw
                    .iter()
                    .filter_map(|(v, sp)| compile_value(operator.base, v, *sp, true).ok())
                    .collect();
                prop_assume!(!values.is_empty());
                let mut ctx = Context::default();
                ctx.set("aws:username", "a", false);
                let longest = request.iter().map(String::len).max().unwrap_or(0);
                let ready: Vec<Ready<'_>> = values
                    .iter()
                    .map(|v| match v {
                        PolicyValue::Text(t) if t.template.has_vars => match t.template.fill(&ctx) {
                            Ok(filled) => {
                                let matcher = compile_filled(operator.base, &filled, longest, true);
                                Ready::Filled { filled, matcher }
                            }
                            Err(_) => Ready::Unresolved,
                        },
                        PolicyValue::Text(t) => Ready::Pre(t),
                        other => Ready::Other(other),
                    })
                    .collect();
                let index = Index::new(operator.base, &ready, longest);
                for rv in &request {
                    let pairwise = ready.iter().any(|pv| value_matches(operator.base, rv, pv));
                    prop_assert_eq!(index.any_matches(operator.base, rv, &ready), pairwise, "{} {:?} {:?}", op, rv, policy);
                }
            }
        }
    }
}
