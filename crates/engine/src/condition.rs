//! Condition operators: parsing `ForAnyValue:StringLikeIfExists`-style names, compiling policy values,
//! and evaluating one key against the request context exactly as the IAM User Guide describes.

use crate::context::Context;
use crate::diag::{Diagnostic, Span};
use crate::pattern::{ArnPattern, Pattern, Tok};
use crate::variables::{hash_text, shorten, Filled, Template};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
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
    // Names whose lengths differ by more than the distance allowed are not compared: an edit distance costs
    // length × length, and a name of a megabyte would otherwise take seconds.
    if name.len() > 40 {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    ALL_OPS
        .iter()
        .filter(|(n, _)| n.len().abs_diff(lower.len()) <= 3)
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
    /// Compared exactly, as decimals (not as 64-bit floats, which cannot tell 9007199254740993 from
    /// 9007199254740992).
    Number(Decimal),
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
    /// Without variables or wildcards: the text (String operators compare it; the others index it).
    pub fixed: Option<String>,
    pub pattern: Option<Pattern>,
    pub arn: Option<ArnPattern>,
}

impl TextValue {
    /// Precompiles what `base` compares with: the literal text (String operators), a wildcard pattern (`*Like`)
    /// or an ARN pattern (`Arn*`, with the plain pattern as the fallback for a value that is not an ARN).
    fn new(template: Template, base: BaseOp) -> Self {
        use BaseOp::*;
        if template.has_vars {
            return TextValue {
                template,
                fixed: None,
                pattern: None,
                arn: None,
            };
        }
        let arn = match base {
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => {
                ArnPattern::from_tok_iter(template.probe(Tok::One))
            }
            _ => None,
        };
        let pattern = match base {
            StringLike | StringNotLike => Some(Pattern::from_tok_iter(template.probe(Tok::One))),
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike if arn.is_none() => {
                Some(Pattern::from_tok_iter(template.probe(Tok::One)))
            }
            _ => None,
        };
        TextValue {
            fixed: template.literal(),
            template,
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
            Decimal::parse(raw).ok_or_else(|| invalid_value(base, raw, NUMBER, span))?,
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

/// What a Numeric operator compares, in words.
const NUMBER: &str = "a number (digits, an optional sign, fraction and exponent, no spaces)";

/// A number as written, kept exactly: `0.d₁d₂d₃… × 10^exp`, sign apart. Equal numbers have equal forms
/// (`10`, `10.0` and `1e1` alike), so it can be compared, ordered and hashed exactly at any size.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal {
    negative: bool,
    /// Without leading or trailing zeros; empty for zero.
    digits: Vec<u8>,
    exp: i64,
}

impl Decimal {
    /// Reads `[+-]digits[.digits][e[+-]digits]` (at least one digit before the exponent). Nothing else: no
    /// spaces (`" 10"` is not a number), no `inf` or `NaN`, no hexadecimal.
    pub fn parse(s: &str) -> Option<Decimal> {
        let b = s.as_bytes();
        let (negative, rest) = match b.first() {
            Some(b'-') => (true, b.get(1..)?),
            Some(b'+') => (false, b.get(1..)?),
            _ => (false, b),
        };
        let mantissa_end = rest
            .iter()
            .position(|c| matches!(c, b'e' | b'E'))
            .unwrap_or(rest.len());
        let (mantissa, exponent) = rest.split_at(mantissa_end);
        let (int, frac) = match mantissa.iter().position(|c| *c == b'.') {
            Some(dot) => (mantissa.get(..dot)?, mantissa.get(dot + 1..)?),
            None => (mantissa, &[][..]),
        };
        if int.is_empty() && frac.is_empty() || !int.iter().chain(frac).all(u8::is_ascii_digit) {
            return None;
        }
        let exponent: i64 = match exponent.split_first() {
            None => 0,
            Some((_, e)) => {
                let (sign, digits) = match e.first() {
                    Some(b'-') => (-1, e.get(1..)?),
                    Some(b'+') => (1, e.get(1..)?),
                    _ => (1, e),
                };
                // Up to nine digits: enough for any number a person writes, and no overflow below.
                if digits.is_empty() || digits.len() > 9 || !digits.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                sign * std::str::from_utf8(digits).ok()?.parse::<i64>().ok()?
            }
        };
        let all: Vec<u8> = int.iter().chain(frac).map(|c| c - b'0').collect();
        let lead = all.iter().take_while(|d| **d == 0).count();
        let Some(last) = all.iter().rposition(|d| *d != 0) else {
            return Some(Decimal {
                negative: false,
                digits: Vec::new(),
                exp: 0,
            });
        };
        let digits = all.get(lead..=last)?.to_vec();
        let int_len = i64::try_from(int.len()).ok()?;
        let lead = i64::try_from(lead).ok()?;
        Some(Decimal {
            negative,
            digits,
            exp: int_len - lead + exponent,
        })
    }

    fn cmp_magnitude(&self, other: &Decimal) -> Ordering {
        match (self.digits.is_empty(), other.digits.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => self
                .exp
                .cmp(&other.exp)
                .then_with(|| self.digits.cmp(&other.digits)),
        }
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        match (self.negative, other.negative) {
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A request or policy number (see [`Decimal::parse`]).
pub fn parse_number(s: &str) -> Option<Decimal> {
    Decimal::parse(s)
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
        | NumericGreaterThanEquals => (parse_number(rv).is_some(), NUMBER),
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
        IpAddress | NotIpAddress => match parse_ip(rv) {
            None => (false, "an IP address"),
            // An IPv4-mapped IPv6 address is an IPv6 address: no IPv4 range contains it.
            Some(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_some() => (false, MAPPED),
            Some(_) => (true, ""),
        },
        _ => (true, ""),
    };
    (!ok).then_some(what)
}

/// What an IP operator compares, said of an IPv4-mapped IPv6 request value.
const MAPPED: &str =
    "an IPv4 address written as IPv4 (an IPv4-mapped IPv6 address such as `::ffff:10.0.0.1` \
                      is an IPv6 address, which no IPv4 range such as `10.0.0.0/8` contains)";

/// How many request values a condition trace lists (the rest are counted in a note, not copied once per
/// condition).
pub const TRACE_VALUES: usize = 100;

/// Evaluates a condition. With `trace` false only the result is computed (fast path).
pub fn evaluate(cond: &Condition, ctx: &Context, trace: bool) -> (bool, Option<ConditionTrace>) {
    let op = cond.operator;
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
                    let matcher = compile_filled(op.base, &filled, longest, entry.is_some());
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
                let matched: Vec<bool> =
                    match Index::build(op.base, &ready, entry.values.len(), longest) {
                        Some(index) => entry
                            .values
                            .iter()
                            .map(|rv| index.any_matches(op.base, rv, &ready))
                            .collect(),
                        None => entry
                            .values
                            .iter()
                            .map(|rv| ready.iter().any(|pv| value_matches(op.base, rv, pv)))
                            .collect(),
                    };
                let negated = op.base.is_negated();
                let r = match op.set {
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
            "the request's value `{}` is not {what}, so it matches no policy value",
            shorten(rv)
        ));
    }
    let policy_values = cond
        .values
        .iter()
        .zip(ready.iter())
        .zip(cond.raw_values.iter())
        .map(|((_, r), raw)| match r {
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
    (
        result,
        Some(ConditionTrace {
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
        }),
    )
}

/// Compiles a filled-in value for a wildcard or ARN operator, unless it needs more bytes than the longest request
/// value has (it then matches nothing, and building it could take as much memory as the amplification allows).
fn compile_filled(base: BaseOp, filled: &Filled<'_>, longest: usize, present: bool) -> Matcher {
    use BaseOp::*;
    let arn = matches!(base, ArnEquals | ArnLike | ArnNotEquals | ArnNotLike);
    if !arn && !matches!(base, StringLike | StringNotLike) {
        return Matcher::None;
    }
    if !present || filled.min_bytes() > longest {
        return Matcher::Never;
    }
    if arn {
        if let Some(a) = ArnPattern::from_tok_iter(filled.toks()) {
            return Matcher::Arn(a);
        }
    }
    Matcher::Pattern(Pattern::from_tok_iter(filled.toks()))
}

/// Does one request value match one policy value, for the positive form of `base`?
fn value_matches(base: BaseOp, rv: &str, pv: &Ready<'_>) -> bool {
    use BaseOp::*;
    match (base, pv) {
        (_, Ready::Unresolved) => false,
        (StringEquals | StringNotEquals, Ready::Pre(t)) => t.fixed.as_deref() == Some(rv),
        (StringEqualsIgnoreCase | StringNotEqualsIgnoreCase, Ready::Pre(t)) => t
            .fixed
            .as_deref()
            .is_some_and(|f| equal_ignoring_case(f, rv)),
        (StringLike | StringNotLike, Ready::Pre(t)) => {
            t.pattern.as_ref().is_some_and(|p| p.matches(rv))
        }
        (ArnEquals | ArnLike | ArnNotEquals | ArnNotLike, Ready::Pre(t)) => match &t.arn {
            Some(a) => a.matches(rv),
            None => t.pattern.as_ref().is_some_and(|p| p.matches(rv)),
        },
        (StringEquals | StringNotEquals, Ready::Filled { filled, .. }) => filled.equals(rv, false),
        (StringEqualsIgnoreCase | StringNotEqualsIgnoreCase, Ready::Filled { filled, .. }) => {
            filled.equals(rv, true)
        }
        (_, Ready::Filled { matcher, .. }) => match matcher {
            Matcher::Pattern(p) => p.matches(rv),
            Matcher::Arn(a) => a.matches(rv),
            Matcher::None | Matcher::Never => false,
        },
        (_, Ready::Other(PolicyValue::Number(n))) => match parse_number(rv) {
            Some(r) => holds(base, r.cmp(n)),
            None => false,
        },
        (_, Ready::Other(PolicyValue::Date(d))) => match parse_date(rv) {
            Some(r) => r.partial_cmp(d).is_some_and(|o| holds(base, o)),
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

/// Equal after lower-casing every character (what `StringEqualsIgnoreCase` compares).
fn equal_ignoring_case(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Whether a request value that compares `ordering` to a policy value satisfies `base` (positive form).
fn holds(base: BaseOp, ordering: Ordering) -> bool {
    use BaseOp::*;
    match base {
        NumericEquals | NumericNotEquals | DateEquals | DateNotEquals => ordering.is_eq(),
        NumericLessThan | DateLessThan => ordering.is_lt(),
        NumericLessThanEquals | DateLessThanEquals => ordering.is_le(),
        NumericGreaterThan | DateGreaterThan => ordering.is_gt(),
        NumericGreaterThanEquals | DateGreaterThanEquals => ordering.is_ge(),
        _ => false,
    }
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
        use BaseOp::*;
        let ignore_case = matches!(base, StringEqualsIgnoreCase | StringNotEqualsIgnoreCase);
        match (base, pv) {
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
            (
                StringEquals | StringNotEquals | StringEqualsIgnoreCase | StringNotEqualsIgnoreCase,
                Ready::Pre(t),
            ) => match &t.fixed {
                Some(text) => Key::Hash(self.hash_str(text, ignore_case)),
                None => Key::Nothing,
            },
            // A pattern without wildcards matches only its own text (an ARN pattern too: six parts compared one
            // by one are the whole ARN compared).
            (_, Ready::Pre(t)) => match &t.fixed {
                Some(text) => Key::Hash(self.hash_str(text, false)),
                None => Key::Rest,
            },
            (NumericEquals | NumericNotEquals, Ready::Other(PolicyValue::Number(n))) => {
                Key::Hash(self.hash_of(|h| std::hash::Hash::hash(n, h)))
            }
            (DateEquals | DateNotEquals, Ready::Other(PolicyValue::Date(d))) => {
                Key::Hash(self.hash_of(|h| h.write_u64(date_bits(*d))))
            }
            (Bool, Ready::Other(PolicyValue::Bool(b))) => {
                Key::Hash(self.hash_of(|h| h.write_u8(u8::from(*b))))
            }
            (BinaryEquals, Ready::Other(PolicyValue::Binary(bytes))) => {
                Key::Hash(self.hash_of(|h| h.write(bytes)))
            }
            (IpAddress | NotIpAddress, Ready::Other(PolicyValue::Ip(net))) => Key::Range(*net),
            (_, Ready::Other(PolicyValue::Never)) => Key::Nothing,
            _ => Key::Rest,
        }
    }

    /// The hash a request value is looked up by (None: it can equal no policy value).
    fn request_hash(&self, base: BaseOp, rv: &str) -> Option<u64> {
        use BaseOp::*;
        match base {
            StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => Some(self.hash_str(rv, true)),
            NumericEquals | NumericNotEquals => {
                let n = parse_number(rv)?;
                Some(self.hash_of(|h| std::hash::Hash::hash(&n, h)))
            }
            DateEquals | DateNotEquals => {
                let d = parse_date(rv)?;
                Some(self.hash_of(|h| h.write_u64(date_bits(d))))
            }
            Bool => {
                let b = parse_bool(rv)?;
                Some(self.hash_of(|h| h.write_u8(u8::from(b))))
            }
            BinaryEquals => {
                let bytes = decode_base64(rv)?;
                Some(self.hash_of(|h| h.write(&bytes)))
            }
            IpAddress | NotIpAddress => None,
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
    use BaseOp::*;
    matches!(
        base,
        NumericLessThan
            | NumericLessThanEquals
            | NumericGreaterThan
            | NumericGreaterThanEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals
    )
}

/// Whether a policy value that compares `ordering` to the current extreme is more permissive than it: larger for
/// `LessThan` (more request values are below it), smaller for `GreaterThan`.
fn prefers(base: BaseOp, ordering: Ordering) -> bool {
    use BaseOp::*;
    match base {
        NumericLessThan | NumericLessThanEquals | DateLessThan | DateLessThanEquals => {
            ordering.is_gt()
        }
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

    /// The value index only chooses which policy values to compare: for every operator it must give the same
    /// answer as comparing each request value with every policy value (the definition in the IAM User Guide,
    /// condition operators).
    mod index {
        use super::*;
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

    /// Decimal numbers compare as the numbers they write.
    #[test]
    fn decimals() {
        let d = |s| Decimal::parse(s).unwrap();
        assert_eq!(d("10"), d("10.000"));
        assert_eq!(d("10"), d("1e1"));
        assert_eq!(d("-0"), d("0.0"));
        assert!(d("9007199254740993") > d("9007199254740992"));
        assert!(d("-2") < d("-1.5"));
        assert!(d("0.05") < d("0.5"));
        assert!(d("1e-3") < d("0.01"));
        for bad in [
            " 10",
            "10 ",
            "",
            "-",
            ".",
            "1e",
            "inf",
            "NaN",
            "0x10",
            "1,000",
            "1e1234567890",
        ] {
            assert_eq!(Decimal::parse(bad), None, "{bad:?}");
        }
    }
}
