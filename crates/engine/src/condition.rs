//! Condition operators, exactly as the IAM User Guide describes them: the operator name and its family
//! (`operator.rs`: `ForAnyValue:StringLikeIfExists` read into a set qualifier, a base operator and `IfExists`), the
//! policy and request values each family compares (`value.rs`), and one key evaluated against the request
//! context (`eval.rs`).

mod eval;
mod operator;
mod value;

pub use eval::{evaluate, ConditionTrace, MissingKey, TRACE_VALUES};
pub use operator::{BaseOp, Comparison, Family, Operator, SetOp};
pub use value::{
    parse_bool, parse_date, parse_number, request_value_problem, Condition, Decimal, PolicyValue,
    TextValue,
};
