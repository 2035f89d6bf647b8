//! Condition operators: parsing `ForAnyValue:StringLikeIfExists`-style names, compiling policy values,
//! and evaluating one key against the request context exactly as the IAM User Guide describes.

use crate::context::Context;
use crate::diag::{Diagnostic, Span};
use crate::pattern::{ArnPattern, Pattern, Tok};
use crate::variables::{render, Template};
use serde::Serialize;
use std::net::IpAddr;

/// The operator family and test, without set qualifier or `IfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BaseOp {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

const ALL_OPS: [(&str, BaseOp); 27] = [
    ("StringEquals", BaseOp::StringEquals),
    ("StringNotEquals", BaseOp::StringNotEquals),
    ("StringEqualsIgnoreCase", BaseOp::StringEqualsIgnoreCase),
    (
        "StringNotEqualsIgnoreCase",
        BaseOp::StringNotEqualsIgnoreCase,
    ),
    ("StringLike", BaseOp::StringLike),
    ("StringNotLike", BaseOp::StringNotLike),
    ("NumericEquals", BaseOp::NumericEquals),
    ("NumericNotEquals", BaseOp::NumericNotEquals),
    ("NumericLessThan", BaseOp::NumericLessThan),
    ("NumericLessThanEquals", BaseOp::NumericLessThanEquals),
    ("NumericGreaterThan", BaseOp::NumericGreaterThan),
    ("NumericGreaterThanEquals", BaseOp::NumericGreaterThanEquals),
    ("DateEquals", BaseOp::DateEquals),
    ("DateNotEquals", BaseOp::DateNotEquals),
    ("DateLessThan", BaseOp::DateLessThan),
    ("DateLessThanEquals", BaseOp::DateLessThanEquals),
    ("DateGreaterThan", BaseOp::DateGreaterThan),
    ("DateGreaterThanEquals", BaseOp::DateGreaterThanEquals),
    ("Bool", BaseOp::Bool),
    ("BinaryEquals", BaseOp::BinaryEquals),
    ("IpAddress", BaseOp::IpAddress),
    ("NotIpAddress", BaseOp::NotIpAddress),
    ("ArnEquals", BaseOp::ArnEquals),
    ("ArnLike", BaseOp::ArnLike),
    ("ArnNotEquals", BaseOp::ArnNotEquals),
    ("ArnNotLike", BaseOp::ArnNotLike),
    ("Null", BaseOp::Null),
];

impl BaseOp {
    /// Negated operators match when the request value matches none of the policy values.
    pub fn is_negated(self) -> bool {
        matches!(
            self,
            BaseOp::StringNotEquals
                | BaseOp::StringNotEqualsIgnoreCase
                | BaseOp::StringNotLike
                | BaseOp::NumericNotEquals
                | BaseOp::DateNotEquals
                | BaseOp::NotIpAddress
                | BaseOp::ArnNotEquals
                | BaseOp::ArnNotLike
        )
    }

    /// Which operator families accept policy variables in their values.
    pub fn takes_variables(self) -> bool {
        matches!(
            self,
            BaseOp::StringEquals
                | BaseOp::StringNotEquals
                | BaseOp::StringEqualsIgnoreCase
                | BaseOp::StringNotEqualsIgnoreCase
                | BaseOp::StringLike
                | BaseOp::StringNotLike
                | BaseOp::ArnEquals
                | BaseOp::ArnLike
                | BaseOp::ArnNotEquals
                | BaseOp::ArnNotLike
        )
    }
}

/// `ForAllValues:` / `ForAnyValue:` qualifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SetOp {
    Single,
    ForAllValues,
    ForAnyValue,
}

/// A complete operator name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    pub set: SetOp,
    pub base: BaseOp,
    pub if_exists: bool,
}

impl Operator {
    /// Parses an operator name such as `ForAnyValue:StringLikeIfExists`.
    pub fn parse(name: &str, span: Span) -> Result<Operator, Box<Diagnostic>> {
        let (set, rest) = if let Some(r) = strip_prefix_ci(name, "ForAllValues:") {
            (SetOp::ForAllValues, r)
        } else if let Some(r) = strip_prefix_ci(name, "ForAnyValue:") {
            (SetOp::ForAnyValue, r)
        } else {
            (SetOp::Single, name)
        };
        let (base_name, if_exists) = match strip_suffix_ci(rest, "IfExists") {
            Some(b) => (b, true),
            None => (rest, false),
        };
        let base = ALL_OPS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(base_name))
            .map(|(_, op)| *op);
        let Some(base) = base else {
            let suggestion = closest_operator(base_name)
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            return Err(Box::new(Diagnostic::error(
                "unknown-condition-operator",
                format!("unknown condition operator `{name}`"),
                format!(
                    "{suggestion}operators are String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress, NotIpAddress, Arn* and Null, optionally with `IfExists` and a `ForAllValues:` or `ForAnyValue:` prefix"
                ),
                Some(span),
            )));
        };
        if base == BaseOp::Null && if_exists {
            return Err(Box::new(Diagnostic::error(
                "unknown-condition-operator",
                "`NullIfExists` is not a condition operator",
                "the Null operator already tests whether the key exists; use `Null`",
                Some(span),
            )));
        }
        Ok(Operator {
            set,
            base,
            if_exists,
        })
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    let tail = s.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix)
        .then(|| s.get(..cut))
        .flatten()
}

fn closest_operator(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    ALL_OPS
        .iter()
        .map(|(n, _)| (*n, edit_distance(&lower, &n.to_ascii_lowercase())))
        .filter(|(_, d)| *d <= 3)
        .min_by_key(|(_, d)| *d)
        .map(|(n, _)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// A policy value prepared for its operator.
#[derive(Debug, Clone, PartialEq)]
pub enum PolicyValue {
    /// String and ARN operators: a template (variables, and wildcards for *Like / Arn*).
    Text(Box<TextValue>),
    Number(f64),
    /// Seconds since the epoch (fractional).
    Date(f64),
    Bool(bool),
    Binary(Vec<u8>),
    Ip(ipnet::IpNet),
    /// A value that holds a policy variable where the operator does not substitute variables: it is compared as
    /// literal text, which can never be a valid number, date, boolean, binary or IP value, so it never matches.
    Never,
}

/// A string or ARN policy value, precompiled when it has no variables.
#[derive(Debug, Clone, PartialEq)]
pub struct TextValue {
    pub template: Template,
    /// Without variables: the tokens, ready to compare.
    pub fixed: Option<Vec<Tok>>,
    pub pattern: Option<Pattern>,
    pub arn: Option<ArnPattern>,
}

impl TextValue {
    /// Precompiles what `base` compares with: the literal tokens (String operators), a wildcard pattern (`*Like`)
    /// or an ARN pattern (`Arn*`, with the plain pattern as the fallback for a value that is not an ARN).
    fn new(template: Template, base: BaseOp) -> Self {
        use BaseOp::*;
        let fixed = (!template.has_vars)
            .then(|| template.substitute(&Context::default()).unwrap_or_default());
        let arn = match base {
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => {
                fixed.as_deref().and_then(ArnPattern::from_tokens)
            }
            _ => None,
        };
        let pattern = match base {
            StringLike | StringNotLike => fixed.as_deref().map(Pattern::from_tokens),
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike if arn.is_none() => {
                fixed.as_deref().map(Pattern::from_tokens)
            }
            _ => None,
        };
        let fixed = match base {
            StringEquals | StringNotEquals | StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => {
                fixed
            }
            _ => None,
        };
        TextValue {
            template,
            fixed,
            pattern,
            arn,
        }
    }
}

/// One `operator: { key: values }` entry of a statement's Condition block.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub operator_name: String,
    pub operator: Operator,
    /// The key as written.
    pub key: String,
    pub key_lower: String,
    pub values: Vec<PolicyValue>,
    /// The values as written, for the trace.
    pub raw_values: Vec<String>,
    pub span: Span,
}

impl Condition {
    /// Compiles the values of one key for `operator`. `variables` is true for policy version 2012-10-17.
    pub fn compile(
        operator_name: &str,
        operator: Operator,
        key: &str,
        raw_values: Vec<(String, Span)>,
        variables: bool,
        span: Span,
    ) -> Result<Condition, Box<Diagnostic>> {
        let mut values = Vec::with_capacity(raw_values.len());
        for (raw, vspan) in &raw_values {
            values.push(compile_value(operator.base, raw, *vspan, variables)?);
        }
        Ok(Condition {
            operator_name: operator_name.to_string(),
            operator,
            key: key.to_string(),
            key_lower: key.to_ascii_lowercase(),
            values,
            raw_values: raw_values.into_iter().map(|(s, _)| s).collect(),
            span,
        })
    }
}

fn invalid_value(base: BaseOp, raw: &str, expected: &str, span: Span) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(
        "invalid-condition-value",
        format!("`{raw}` is not a valid value for {base:?}: expected {expected}"),
        format!("{base:?} compares {expected}; fix the value or use a String operator"),
        Some(span),
    ))
}

fn compile_value(
    base: BaseOp,
    raw: &str,
    span: Span,
    variables: bool,
) -> Result<PolicyValue, Box<Diagnostic>> {
    use BaseOp::*;
    let body_offset = span.start + 1; // past the opening quote
    if variables && !base.takes_variables() && base != Null && raw.contains("${") {
        return Ok(PolicyValue::Never);
    }
    Ok(match base {
        StringEquals | StringNotEquals | StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => {
            PolicyValue::Text(Box::new(TextValue::new(
                Template::parse(raw, false, variables && base.takes_variables(), body_offset)?,
                base,
            )))
        }
        StringLike | StringNotLike | ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => {
            PolicyValue::Text(Box::new(TextValue::new(
                Template::parse(raw, true, variables && base.takes_variables(), body_offset)?,
                base,
            )))
        }
        NumericEquals
        | NumericNotEquals
        | NumericLessThan
        | NumericLessThanEquals
        | NumericGreaterThan
        | NumericGreaterThanEquals => PolicyValue::Number(
            parse_number(raw).ok_or_else(|| invalid_value(base, raw, "a number", span))?,
        ),
        DateEquals
        | DateNotEquals
        | DateLessThan
        | DateLessThanEquals
        | DateGreaterThan
        | DateGreaterThanEquals => {
            PolicyValue::Date(parse_date(raw).ok_or_else(|| {
                invalid_value(base, raw, "an ISO 8601 date or epoch seconds", span)
            })?)
        }
        Bool | Null => PolicyValue::Bool(
            parse_bool(raw).ok_or_else(|| invalid_value(base, raw, "`true` or `false`", span))?,
        ),
        BinaryEquals => PolicyValue::Binary(
            decode_base64(raw)
                .ok_or_else(|| invalid_value(base, raw, "base64-encoded bytes", span))?,
        ),
        IpAddress | NotIpAddress => PolicyValue::Ip(
            parse_ip_net(raw)
                .ok_or_else(|| invalid_value(base, raw, "an IP address or CIDR range", span))?,
        ),
    })
}

pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

pub fn parse_bool(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

fn decode_base64(s: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(s.trim())
        .ok()
}

/// A request's IP address value (`aws:SourceIp`): one address, no range.
fn parse_ip(s: &str) -> Option<IpAddr> {
    s.trim().parse::<IpAddr>().ok()
}

fn parse_ip_net(s: &str) -> Option<ipnet::IpNet> {
    let t = s.trim();
    if let Ok(net) = t.parse::<ipnet::IpNet>() {
        return Some(net);
    }
    t.parse::<IpAddr>().ok().map(ipnet::IpNet::from)
}

/// Parses an ISO 8601 date-time, a date, or epoch seconds, to epoch seconds.
pub fn parse_date(s: &str) -> Option<f64> {
    use time::format_description::well_known::{Iso8601, Rfc3339};
    use time::{Date, OffsetDateTime, PrimitiveDateTime};
    let t = s.trim();
    let unsigned = t.strip_prefix('-').unwrap_or(t);
    if !unsigned.is_empty() && unsigned.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return t.parse::<f64>().ok().filter(|n| n.is_finite());
    }
    if let Some(secs) = parse_utc_seconds(t) {
        return Some(secs);
    }
    if let Ok(dt) = OffsetDateTime::parse(t, &Rfc3339) {
        return Some(to_seconds(dt));
    }
    if let Ok(dt) = OffsetDateTime::parse(t, &Iso8601::DEFAULT) {
        return Some(to_seconds(dt));
    }
    if let Ok(dt) = PrimitiveDateTime::parse(t, &Iso8601::DEFAULT) {
        return Some(to_seconds(dt.assume_utc()));
    }
    let date_only = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(d) = Date::parse(t, &date_only) {
        return Some(to_seconds(d.midnight().assume_utc()));
    }
    None
}

/// Fast path for the common `YYYY-MM-DDTHH:MM:SSZ` form (what aws:CurrentTime carries); anything else goes to
/// the full ISO 8601 parser.
fn parse_utc_seconds(t: &str) -> Option<f64> {
    let b = t.as_bytes();
    if b.len() != 20
        || b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || b.get(10) != Some(&b'T')
    {
        return None;
    }
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') || b.get(19) != Some(&b'Z') {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> {
        let s = t.get(from..to)?;
        if !s.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (y, mo, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (h, mi, se) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let max_day = month_days
        .get(usize::try_from(mo).ok()?.checked_sub(1)?)
        .copied()?;
    if d < 1 || d > max_day || h > 23 || mi > 59 || se > 59 {
        return None;
    }
    // Days from the civil date (proleptic Gregorian), as in Howard Hinnant's algorithm.
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((days * 86_400 + h * 3600 + mi * 60 + se) as f64)
}

fn to_seconds(dt: time::OffsetDateTime) -> f64 {
    dt.unix_timestamp_nanos() as f64 / 1e9
}

/// How a condition treated a key that the request does not carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unresolved: Vec<String>,
    /// A note such as a single-valued operator used on a multivalued key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub result: bool,
    pub span: Span,
}

/// A policy value after substitution, ready to compare.
enum Ready<'a> {
    Text(Vec<Tok>),
    Pre(&'a TextValue),
    Other(&'a PolicyValue),
    Unresolved,
}

/// What a request value must be for `base` to compare it, when it is not: `Some("an IP address")` for
/// `10.0.0.300` under `IpAddress`. Such a value matches no policy value (so a negated operator is true).
pub fn request_value_problem(base: BaseOp, rv: &str) -> Option<&'static str> {
    use BaseOp::*;
    let (ok, what) = match base {
        NumericEquals
        | NumericNotEquals
        | NumericLessThan
        | NumericLessThanEquals
        | NumericGreaterThan
        | NumericGreaterThanEquals => (parse_number(rv).is_some(), "a number"),
        DateEquals
        | DateNotEquals
        | DateLessThan
        | DateLessThanEquals
        | DateGreaterThan
        | DateGreaterThanEquals => (
            parse_date(rv).is_some(),
            "a date (ISO 8601, such as 2026-11-23T12:00:00Z, or epoch seconds)",
        ),
        Bool => (parse_bool(rv).is_some(), "`true` or `false`"),
        BinaryEquals => (decode_base64(rv).is_some(), "base64-encoded bytes"),
        IpAddress | NotIpAddress => (parse_ip(rv).is_some(), "an IP address"),
        _ => (true, ""),
    };
    (!ok).then_some(what)
}

/// Evaluates a condition. With `trace` false only the result is computed (fast path).
pub fn evaluate(cond: &Condition, ctx: &Context, trace: bool) -> (bool, Option<ConditionTrace>) {
    let op = cond.operator;
    let entry = ctx.get(&cond.key_lower);
    let mut unresolved = Vec::new();
    let ready: Vec<Ready<'_>> = cond
        .values
        .iter()
        .map(|v| match v {
            PolicyValue::Text(t) if t.template.has_vars => match t.template.substitute(ctx) {
                Ok(toks) => Ready::Text(toks),
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

    let mut value_results = Vec::new();
    let mut missing_key = None;
    let mut note = None;
    let result = if op.base == BaseOp::Null {
        let absent = entry.is_none();
        if absent {
            missing_key = Some(MissingKey::NullAbsent);
        }
        cond.values
            .iter()
            .any(|v| matches!(v, PolicyValue::Bool(b) if *b == absent))
    } else {
        match entry {
            None => {
                if op.if_exists {
                    missing_key = Some(MissingKey::IfExistsTrue);
                    true
                } else {
                    match op.set {
                        SetOp::ForAllValues => {
                            missing_key = Some(MissingKey::ForAllValuesTrue);
                            true
                        }
                        SetOp::ForAnyValue => {
                            missing_key = Some(MissingKey::False);
                            false
                        }
                        SetOp::Single if op.base.is_negated() => {
                            missing_key = Some(MissingKey::NegatedTrue);
                            true
                        }
                        SetOp::Single => {
                            missing_key = Some(MissingKey::False);
                            false
                        }
                    }
                }
            }
            Some(entry) => {
                let matched: Vec<bool> = entry
                    .values
                    .iter()
                    .map(|rv| ready.iter().any(|pv| value_matches(op.base, rv, pv)))
                    .collect();
                let negated = op.base.is_negated();
                let r = match op.set {
                    SetOp::Single => {
                        if entry.multi && trace {
                            note = Some(
                                "a single-valued operator on a multivalued key: true if any request value matches; \
                                 use ForAnyValue or ForAllValues to say which you mean"
                                    .to_string(),
                            );
                        }
                        let any = matched.iter().any(|m| *m);
                        if negated {
                            !any
                        } else {
                            any
                        }
                    }
                    SetOp::ForAnyValue => {
                        if negated {
                            matched.iter().any(|m| !*m)
                        } else {
                            matched.iter().any(|m| *m)
                        }
                    }
                    SetOp::ForAllValues => {
                        if negated {
                            matched.iter().all(|m| !*m)
                        } else {
                            matched.iter().all(|m| *m)
                        }
                    }
                };
                value_results = matched;
                r
            }
        }
    };
    if !trace {
        return (result, None);
    }
    if let Some((rv, what)) = entry
        .into_iter()
        .flat_map(|e| e.values.iter())
        .find_map(|rv| request_value_problem(op.base, rv).map(|what| (rv, what)))
    {
        note = Some(format!(
            "the request's value `{rv}` is not {what}, so it matches no policy value"
        ));
    }
    let policy_values = cond
        .values
        .iter()
        .zip(ready.iter())
        .zip(cond.raw_values.iter())
        .map(|((_, r), raw)| match r {
            Ready::Text(toks) => render(toks),
            Ready::Pre(_) => raw.clone(),
            Ready::Other(_) => raw.clone(),
            Ready::Unresolved => format!("{raw} (unresolved)"),
        })
        .collect();
    (
        result,
        Some(ConditionTrace {
            operator: cond.operator_name.clone(),
            key: cond.key.clone(),
            request_values: entry.map(|e| e.values.clone()),
            policy_values,
            value_results,
            missing_key,
            unresolved,
            note,
            result,
            span: cond.span,
        }),
    )
}

/// Does one request value match one policy value, for the positive form of `base`?
fn value_matches(base: BaseOp, rv: &str, pv: &Ready<'_>) -> bool {
    use BaseOp::*;
    match (base, pv) {
        (_, Ready::Unresolved) => false,
        (StringEquals | StringNotEquals, Ready::Pre(t)) => {
            t.fixed.as_deref().is_some_and(|f| literal_eq(f, rv, false))
        }
        (StringEqualsIgnoreCase | StringNotEqualsIgnoreCase, Ready::Pre(t)) => {
            t.fixed.as_deref().is_some_and(|f| literal_eq(f, rv, true))
        }
        (StringLike | StringNotLike, Ready::Pre(t)) => {
            t.pattern.as_ref().is_some_and(|p| p.matches(rv))
        }
        (ArnEquals | ArnLike | ArnNotEquals | ArnNotLike, Ready::Pre(t)) => match &t.arn {
            Some(a) => a.matches(rv),
            None => t.pattern.as_ref().is_some_and(|p| p.matches(rv)),
        },
        (StringEquals | StringNotEquals, Ready::Text(toks)) => literal_eq(toks, rv, false),
        (StringEqualsIgnoreCase | StringNotEqualsIgnoreCase, Ready::Text(toks)) => {
            literal_eq(toks, rv, true)
        }
        (StringLike | StringNotLike, Ready::Text(toks)) => Pattern::from_tokens(toks).matches(rv),
        (ArnEquals | ArnLike | ArnNotEquals | ArnNotLike, Ready::Text(toks)) => {
            match ArnPattern::from_tokens(toks) {
                Some(p) => p.matches(rv),
                None => Pattern::from_tokens(toks).matches(rv),
            }
        }
        (_, Ready::Other(PolicyValue::Number(n))) => match parse_number(rv) {
            Some(r) => compare(base, r, *n),
            None => false,
        },
        (_, Ready::Other(PolicyValue::Date(d))) => match parse_date(rv) {
            Some(r) => compare(base, r, *d),
            None => false,
        },
        (Bool, Ready::Other(PolicyValue::Bool(b))) => parse_bool(rv) == Some(*b),
        (BinaryEquals, Ready::Other(PolicyValue::Binary(bytes))) => {
            decode_base64(rv).is_some_and(|r| &r == bytes)
        }
        (IpAddress | NotIpAddress, Ready::Other(PolicyValue::Ip(net))) => {
            parse_ip(rv).is_some_and(|ip| net.contains(&ip))
        }
        _ => false,
    }
}

fn literal_eq(toks: &[Tok], rv: &str, ignore_case: bool) -> bool {
    let mut chars = rv.chars();
    for t in toks {
        let Tok::Lit(c) = t else { return false };
        let Some(r) = chars.next() else { return false };
        let same = if ignore_case {
            c.to_lowercase().eq(r.to_lowercase())
        } else {
            *c == r
        };
        if !same {
            return false;
        }
    }
    chars.next().is_none()
}

fn compare(base: BaseOp, request: f64, policy: f64) -> bool {
    use BaseOp::*;
    match base {
        NumericEquals | NumericNotEquals | DateEquals | DateNotEquals => request == policy,
        NumericLessThan | DateLessThan => request < policy,
        NumericLessThanEquals | DateLessThanEquals => request <= policy,
        NumericGreaterThan | DateGreaterThan => request > policy,
        NumericGreaterThanEquals | DateGreaterThanEquals => request >= policy,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn operator_names() {
        let op = Operator::parse("ForAnyValue:StringLikeIfExists", Span::default()).unwrap();
        assert_eq!(
            (op.set, op.base, op.if_exists),
            (SetOp::ForAnyValue, BaseOp::StringLike, true)
        );
        assert!(Operator::parse("StringEqualz", Span::default())
            .unwrap_err()
            .help
            .contains("StringEquals"));
        assert_eq!(
            Operator::parse("NullIfExists", Span::default())
                .unwrap_err()
                .code,
            "unknown-condition-operator"
        );
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01T00:01:00Z"), Some(60.0));
        assert_eq!(parse_date("60"), Some(60.0));
        assert_eq!(parse_date("1970-01-02"), Some(86400.0));
        assert_eq!(
            parse_date("2020-01-01T00:00:00+01:00"),
            parse_date("2019-12-31T23:00:00Z")
        );
        assert_eq!(parse_date("yesterday"), None);
        // The fast path agrees with the full parser.
        for t in [
            "2026-11-23T12:34:56Z",
            "2000-02-29T00:00:00Z",
            "1969-12-31T23:59:59Z",
            "2100-03-01T00:00:00Z",
        ] {
            let full =
                time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
                    .map(to_seconds)
                    .ok();
            assert_eq!(parse_utc_seconds(t), full, "{t}");
        }
        assert_eq!(parse_utc_seconds("2026-02-30T00:00:00Z"), None);
    }
}
