//! The values a condition compares: each policy value read once for its operator's family (text templates and
//! patterns, exact decimals, dates, booleans, bytes, IP ranges), and what a request value must be to compare.

use super::operator::{BaseOp, Family, Operator};
use crate::diag::{Diagnostic, Span};
use crate::pattern::{ArnPattern, Pattern, Tok};
use crate::variables::Template;
use std::cmp::Ordering;
use std::net::IpAddr;

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
        if template.has_vars {
            return TextValue {
                template,
                fixed: None,
                pattern: None,
                arn: None,
            };
        }
        let arn = match base.family() {
            Family::Arn => ArnPattern::from_tok_iter(template.probe(Tok::One)),
            _ => None,
        };
        let pattern = (base.has_wildcards() && arn.is_none())
            .then(|| Pattern::from_tok_iter(template.probe(Tok::One)));
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
        crate::diag::Code::InvalidConditionValue,
        format!("`{raw}` is not a valid value for {base:?}: expected {expected}"),
        format!("{base:?} compares {expected}; fix the value or use a String operator"),
        Some(span),
    ))
}

/// Reads one policy value for `base`. `variables` is true for policy version 2012-10-17.
pub(super) fn compile_value(
    base: BaseOp,
    raw: &str,
    span: Span,
    variables: bool,
) -> Result<PolicyValue, Box<Diagnostic>> {
    let body_offset = span.start + 1; // past the opening quote
    let family = base.family();
    if variables && !base.takes_variables() && family != Family::Null && raw.contains("${") {
        return Ok(PolicyValue::Never);
    }
    let invalid = |expected: &str| invalid_value(base, raw, expected, span);
    Ok(match family {
        Family::String | Family::Arn => PolicyValue::Text(Box::new(TextValue::new(
            Template::parse(raw, base.has_wildcards(), variables, body_offset)?,
            base,
        ))),
        Family::Numeric => PolicyValue::Number(Decimal::parse(raw).ok_or_else(|| invalid(NUMBER))?),
        Family::Date => PolicyValue::Date(
            parse_date(raw).ok_or_else(|| invalid("an ISO 8601 date or epoch seconds"))?,
        ),
        Family::Bool | Family::Null => {
            PolicyValue::Bool(parse_bool(raw).ok_or_else(|| invalid("`true` or `false`"))?)
        }
        Family::Binary => {
            PolicyValue::Binary(decode_base64(raw).ok_or_else(|| invalid("base64-encoded bytes"))?)
        }
        Family::Ip => PolicyValue::Ip(
            parse_ip_net(raw).ok_or_else(|| invalid("an IP address or CIDR range"))?,
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

pub(super) fn decode_base64(s: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(s.trim())
        .ok()
}

/// A request's IP address value (`aws:SourceIp`): one address, no range.
pub(super) fn parse_ip(s: &str) -> Option<IpAddr> {
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

/// What a request value must be for `base` to compare it, when it is not: `Some("an IP address")` for
/// `10.0.0.300` under `IpAddress`. Such a value matches no policy value (so a negated operator is true).
pub fn request_value_problem(base: BaseOp, rv: &str) -> Option<&'static str> {
    let (ok, what) = match base.family() {
        Family::Numeric => (parse_number(rv).is_some(), NUMBER),
        Family::Date => (
            parse_date(rv).is_some(),
            "a date (ISO 8601, such as 2026-11-23T12:00:00Z, or epoch seconds)",
        ),
        Family::Bool => (parse_bool(rv).is_some(), "`true` or `false`"),
        Family::Binary => (decode_base64(rv).is_some(), "base64-encoded bytes"),
        Family::Ip => match parse_ip(rv) {
            None => (false, "an IP address"),
            // An IPv4-mapped IPv6 address is an IPv6 address: no IPv4 range contains it.
            Some(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_some() => (false, MAPPED),
            Some(_) => (true, ""),
        },
        Family::String | Family::Arn | Family::Null => (true, ""),
    };
    (!ok).then_some(what)
}

/// What an IP operator compares, said of an IPv4-mapped IPv6 request value.
const MAPPED: &str =
    "an IPv4 address written as IPv4 (an IPv4-mapped IPv6 address such as `::ffff:10.0.0.1` \
                      is an IPv6 address, which no IPv4 range such as `10.0.0.0/8` contains)";

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

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
