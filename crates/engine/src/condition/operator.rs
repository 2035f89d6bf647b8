//! Condition operator names: a base operator (its family and test), the `ForAllValues:` / `ForAnyValue:` set
//! qualifier and `IfExists`, read case-insensitively, with a suggestion for a misspelt name.

use crate::diag::{Diagnostic, Span};
use serde::Serialize;
use std::cmp::Ordering;

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

pub(super) const ALL_OPS: [(&str, BaseOp); 27] = [
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

/// What an operator compares: it decides how the policy values are read, what a request value must be, and how
/// the two are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Text, exactly, ignoring case, or with `*` and `?` wildcards (`StringLike`).
    String,
    /// Exact decimal numbers.
    Numeric,
    /// Instants: ISO 8601 dates or epoch seconds.
    Date,
    Bool,
    /// Base64-encoded bytes.
    Binary,
    /// IP addresses against addresses and CIDR ranges.
    Ip,
    /// ARNs, part by part, with wildcards.
    Arn,
    /// Whether the key is absent.
    Null,
}

/// How a Numeric or Date operator compares a request value with a policy value (positive form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Equals,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
}

impl Comparison {
    /// Whether a request value that compares `ordering` to a policy value satisfies the comparison.
    pub fn holds(self, ordering: Ordering) -> bool {
        match self {
            Comparison::Equals => ordering.is_eq(),
            Comparison::LessThan => ordering.is_lt(),
            Comparison::LessThanEquals => ordering.is_le(),
            Comparison::GreaterThan => ordering.is_gt(),
            Comparison::GreaterThanEquals => ordering.is_ge(),
        }
    }
}

impl BaseOp {
    /// The family: what the operator compares.
    pub fn family(self) -> Family {
        use BaseOp::*;
        match self {
            StringEquals
            | StringNotEquals
            | StringEqualsIgnoreCase
            | StringNotEqualsIgnoreCase
            | StringLike
            | StringNotLike => Family::String,
            NumericEquals
            | NumericNotEquals
            | NumericLessThan
            | NumericLessThanEquals
            | NumericGreaterThan
            | NumericGreaterThanEquals => Family::Numeric,
            DateEquals
            | DateNotEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals => Family::Date,
            Bool => Family::Bool,
            BinaryEquals => Family::Binary,
            IpAddress | NotIpAddress => Family::Ip,
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => Family::Arn,
            Null => Family::Null,
        }
    }

    /// For Numeric and Date operators, how they compare (the positive form of a negated operator).
    pub fn comparison(self) -> Option<Comparison> {
        use BaseOp::*;
        match self {
            NumericEquals | NumericNotEquals | DateEquals | DateNotEquals => {
                Some(Comparison::Equals)
            }
            NumericLessThan | DateLessThan => Some(Comparison::LessThan),
            NumericLessThanEquals | DateLessThanEquals => Some(Comparison::LessThanEquals),
            NumericGreaterThan | DateGreaterThan => Some(Comparison::GreaterThan),
            NumericGreaterThanEquals | DateGreaterThanEquals => Some(Comparison::GreaterThanEquals),
            _ => None,
        }
    }

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

    /// String and ARN operators accept policy variables in their values.
    pub fn takes_variables(self) -> bool {
        matches!(self.family(), Family::String | Family::Arn)
    }

    /// `*` and `?` in a policy value are wildcards (`StringLike`, `StringNotLike` and every ARN operator).
    pub fn has_wildcards(self) -> bool {
        matches!(self, BaseOp::StringLike | BaseOp::StringNotLike) || self.family() == Family::Arn
    }

    /// The String operators that compare ignoring case.
    pub fn ignores_case(self) -> bool {
        matches!(
            self,
            BaseOp::StringEqualsIgnoreCase | BaseOp::StringNotEqualsIgnoreCase
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
                crate::diag::Code::UnknownConditionOperator,
                format!("unknown condition operator `{name}`"),
                format!(
                    "{suggestion}operators are String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress, NotIpAddress, Arn* and Null, optionally with `IfExists` and a `ForAllValues:` or `ForAnyValue:` prefix"
                ),
                Some(span),
            )));
        };
        if base == BaseOp::Null && if_exists {
            return Err(Box::new(Diagnostic::error(
                crate::diag::Code::UnknownConditionOperator,
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
}
