//! Checks of the `Condition` block, key by key: keys that do not exist, operators of the wrong type, set
//! operators against the key's arity, `…IfExists` on keys every request has, wildcards without a Like operator,
//! private addresses in `aws:SourceIp`, empty value lists, and keys that the statement's actions never carry.

use super::{allows, quoted, Cx};
use crate::{Attachment, PolicyType};
use iam_engine::condition::{BaseOp, Family, Operator, SetOp};
use iam_engine::json::{Member, Node, NodeKind};
use iam_engine::policy::Statement;
use iam_engine::Span;
use iam_reference::KeyType;

/// Keys every request carries (IAM User Guide, AWS global condition context keys: "This key is always included in
/// the request context"), so `…IfExists` on them tests nothing. The time keys hold for every request; the
/// principal keys for authenticated principals, which are the only ones identity-based policies, boundaries,
/// session policies and SCPs apply to (an anonymous request to a resource has no principal keys).
const ALWAYS_PRESENT: &[&str] = &["aws:CurrentTime", "aws:EpochTime"];
const ALWAYS_PRESENT_FOR_PRINCIPALS: &[&str] = &[
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalType",
    "aws:userid",
];

/// The most actions a statement's patterns may expand to for the key-supply check.
const MAX_ACTIONS: usize = 2_000;

/// One `operator: { key: values }` entry as written.
struct Entry<'n, 't> {
    op_name: &'n str,
    op_span: Span,
    operator: Operator,
    key: &'n Member<'t>,
    values: Vec<(String, Span)>,
    /// The value is an empty array.
    empty: bool,
    /// The values are of more than one JSON type (string, number, Boolean).
    mixed: bool,
}

/// The JSON type of a scalar condition value: 0 string, 1 number, 2 Boolean.
fn scalar_kind(node: &Node<'_>) -> Option<u8> {
    match node.kind {
        NodeKind::String(_) => Some(0),
        NodeKind::Number(_) => Some(1),
        NodeKind::Bool(_) => Some(2),
        _ => None,
    }
}

/// Whether an array of values holds scalars of more than one JSON type.
fn mixed_kinds(node: &Node<'_>) -> bool {
    let NodeKind::Array(items) = &node.kind else {
        return false;
    };
    let mut kinds = items.iter().filter_map(scalar_kind);
    let first = kinds.next();
    kinds.any(|k| Some(k) != first)
}

fn values(node: &Node<'_>) -> (Vec<(String, Span)>, bool) {
    let one = |n: &Node<'_>| match &n.kind {
        NodeKind::String(s) => Some((s.to_string(), n.span)),
        NodeKind::Number(s) => Some((s.to_string(), n.span)),
        NodeKind::Bool(b) => Some((b.to_string(), n.span)),
        _ => None,
    };
    match &node.kind {
        NodeKind::Array(items) => (items.iter().filter_map(one).collect(), items.is_empty()),
        _ => (one(node).into_iter().collect(), false),
    }
}

fn entries<'n, 't>(stmt: &'n Node<'t>) -> Vec<Entry<'n, 't>> {
    let mut out = Vec::new();
    let Some(ops) = stmt.get("Condition").and_then(Node::as_object) else {
        return out;
    };
    for op in ops {
        let Ok(operator) = Operator::parse(&op.name, op.name_span) else {
            continue;
        };
        let Some(keys) = op.value.as_object() else {
            continue;
        };
        for key in keys {
            let (values, empty) = values(&key.value);
            out.push(Entry {
                op_name: &op.name,
                op_span: op.name_span,
                operator,
                key,
                values,
                empty,
                mixed: mixed_kinds(&key.value),
            });
        }
    }
    out
}

pub(super) fn check(cx: &mut Cx<'_, '_>) {
    let pairs: Vec<_> = cx.statements().collect();
    for (st, node) in pairs {
        let list = entries(node);
        duplicate_keys(cx, st, node);
        for e in &list {
            entry(cx, st, e, &list);
        }
        paired_keys(cx, st, &list);
        dynamodb_attributes(cx, st, &list);
        variables_never_present(cx, st);
    }
}

/// DYNAMODB_ATTRIBUTES_WITHOUT_SELECT: an Allow that limits `dynamodb:Attributes` without `"StringEquals":
/// {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}`; a read that names no projection returns every attribute.
fn dynamodb_attributes(cx: &mut Cx<'_, '_>, st: &Statement, list: &[Entry<'_, '_>]) {
    if !allows(st) {
        return;
    }
    let selects = list.iter().any(|e| {
        e.key.name.eq_ignore_ascii_case("dynamodb:Select")
            && e.operator.base == BaseOp::StringEquals
            && !e.values.is_empty()
            && e.values.iter().all(|(v, _)| v == "SPECIFIC_ATTRIBUTES")
    });
    if selects {
        return;
    }
    for e in list {
        // `Null` tests whether the key is there, which limits no attribute.
        if e.key.name.eq_ignore_ascii_case("dynamodb:Attributes") && e.operator.base != BaseOp::Null
        {
            cx.report(
                "DYNAMODB_ATTRIBUTES_WITHOUT_SELECT",
                e.key.name_span,
                "`dynamodb:Attributes` limits only the reads that name their attributes: a read without a \
                 projection returns every attribute; add `\"StringEquals\": {\"dynamodb:Select\": \
                 \"SPECIFIC_ATTRIBUTES\"}`"
                    .to_string(),
                Some(st.index),
            );
        }
    }
}

/// Condition keys that are overly permissive without their pair in the same condition block (Access Analyzer's
/// policy check reference names `aws:VpcSourceIp` with `aws:SourceVpc`: the same address can be in many VPCs).
const PAIRED_KEYS: &[(&str, &str)] = &[("aws:VpcSourceIp", "aws:SourceVpc")];

/// MISSING_PAIRED_CONDITION_KEYS: an Allow that tests a key of [`PAIRED_KEYS`] without its pair.
fn paired_keys(cx: &mut Cx<'_, '_>, st: &Statement, list: &[Entry<'_, '_>]) {
    if !allows(st) {
        return;
    }
    for (key, pair) in PAIRED_KEYS {
        let has = |k: &str| list.iter().find(|e| e.key.name.eq_ignore_ascii_case(k));
        if let (Some(e), None) = (has(key), has(pair)) {
            cx.report(
                "MISSING_PAIRED_CONDITION_KEYS",
                e.key.name_span,
                format!(
                    "`{key}` alone can be overly permissive: the same private address exists in many VPCs; add \
                     `{pair}` to the same condition block"
                ),
                Some(st.index),
            );
        }
    }
}

/// DUPLICATE_KEYS_WITH_DIFFERENT_CASE within one operator.
fn duplicate_keys(cx: &mut Cx<'_, '_>, st: &Statement, node: &Node<'_>) {
    let Some(ops) = node.get("Condition").and_then(Node::as_object) else {
        return;
    };
    for op in ops {
        let Some(keys) = op.value.as_object() else {
            continue;
        };
        for (i, k) in keys.iter().enumerate() {
            let twin = keys
                .iter()
                .take(i)
                .find(|o| o.name.eq_ignore_ascii_case(&k.name) && o.name != k.name);
            if let Some(o) = twin {
                cx.report(
                    "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
                    k.name_span,
                    format!(
                        "`{}` and `{}` are the same key (key names ignore case) under one operator; merge them",
                        o.name, k.name
                    ),
                    Some(st.index),
                );
            }
        }
    }
}

fn prefix_of(key: &str) -> &str {
    key.split(':').next().unwrap_or_default()
}

fn entry(cx: &mut Cx<'_, '_>, st: &Statement, e: &Entry<'_, '_>, all: &[Entry<'_, '_>]) {
    let key = e.key.name.as_ref();
    let at = e.key.name_span;
    let op = e.operator;
    if !key.contains(':') {
        cx.report(
            "INVALID_CONDITION_KEY_FORMAT",
            at,
            format!("`{key}` is not a condition key: keys are written `service:name`, such as `aws:SourceIp`"),
            Some(st.index),
        );
        return;
    }
    if key.eq_ignore_ascii_case("aws:ARN") {
        cx.report(
            "UNSUPPORTED_GLOBAL_CONDITION_KEY",
            at,
            "`aws:ARN` is not supported; use `aws:PrincipalArn` or `aws:SourceArn`".to_string(),
            Some(st.index),
        );
        return;
    }
    if let Some(tag) = missing_tag_key(key) {
        cx.report(
            "MISSING_TAG_KEY_IN_CONDITION",
            at,
            format!("`{key}` names no tag: write the tag key after a slash, such as `{tag}/owner`"),
            Some(st.index),
        );
        return;
    }
    let prefix = prefix_of(key);
    if prefix.eq_ignore_ascii_case("aws") {
        if !crate::cache::known_key(key, true) {
            cx.report(
                "INVALID_GLOBAL_CONDITION_KEY",
                at,
                format!("`{key}` is no global condition key"),
                Some(st.index),
            );
            return;
        }
    } else if !prefix.contains('.')
        && !prefix.eq_ignore_ascii_case("saml")
        && !key.contains('/')
        && crate::cache::service(prefix).is_none()
        && !crate::cache::known_key(key, false)
    {
        // Identity providers' keys are named after their host (`accounts.google.com:aud`) or `saml:`; some services'
        // keys have a prefix of their own (AWS Marketplace Catalog's `catalog:ChangeType`), which the reference
        // knows.
        cx.report(
            "INVALID_SERVICE",
            at,
            format!("`{prefix}` is no service prefix in the service authorization reference, so `{key}` is no condition key"),
            Some(st.index),
        );
        return;
    } else if !key.contains('/')
        && crate::cache::service(prefix).is_some()
        && !crate::cache::known_key(key, false)
    {
        // Keys with a tag or other name after `/` are left alone: services spell those templates in several ways.
        cx.report(
            "INVALID_SERVICE_CONDITION_KEY",
            at,
            format!(
                "`{key}` is no condition key of `{prefix}` in the service authorization reference"
            ),
            Some(st.index),
        );
        return;
    }
    if e.empty {
        let (code, what) = match (op.set, op.if_exists) {
            (SetOp::ForAllValues, _) => (
                "EMPTY_ARRAY_CONDITION_FORALLVALUES",
                "ForAllValues with no values matches only when the key is absent; use `Null` with `true` to say so",
            ),
            (SetOp::ForAnyValue, _) => (
                "EMPTY_ARRAY_CONDITION_FORANYVALUE",
                "ForAnyValue with no values never matches",
            ),
            (_, true) => (
                "EMPTY_ARRAY_CONDITION_IFEXISTS",
                "…IfExists with no values matches only when the key is absent; use `Null` with `true` to say so",
            ),
            _ => ("EMPTY_ARRAY_CONDITION", "the key has no values to compare"),
        };
        cx.report(
            code,
            e.key.value.span,
            format!("`{key}`: {what}"),
            Some(st.index),
        );
        return;
    }
    if e.mixed {
        cx.report(
            "INVALID_CONDITION_DATA_TYPE",
            e.key.value.span,
            format!("the values of `{key}` mix JSON types (strings, numbers, Booleans); write them all as one type"),
            Some(st.index),
        );
    }
    multiple_boolean(cx, st, e);
    improve_ip_range(cx, st, e);
    redundant_numbers(cx, st, e);
    if op.base == BaseOp::Null {
        if op.set != SetOp::Single {
            cx.report(
                "NULL_WITH_QUALIFIER",
                e.op_span,
                "`Null` with ForAllValues is always true and with ForAnyValue always false; use `Null` alone".to_string(),
                Some(st.index),
            );
        }
        return;
    }
    let key_type = cx.key_type(key);
    if let Some(kt) = key_type {
        types(cx, st, e, kt);
        arity(cx, st, e, kt, all);
    }
    let authenticated = matches!(
        cx.options.policy_type,
        PolicyType::Identity | PolicyType::Boundary | PolicyType::Session | PolicyType::Scp
    );
    let always = ALWAYS_PRESENT.iter().any(|k| k.eq_ignore_ascii_case(key))
        || (authenticated
            && ALWAYS_PRESENT_FOR_PRINCIPALS
                .iter()
                .any(|k| k.eq_ignore_ascii_case(key)));
    if op.if_exists && always {
        let fixed = e
            .op_name
            .get(..e.op_name.len().saturating_sub("IfExists".len()))
            .unwrap_or(e.op_name);
        cx.report_fix(
            "IF_EXISTS_ON_ALWAYS_PRESENT_KEY",
            e.op_span,
            format!(
                "every request carries `{key}`, so `{}` tests nothing `{fixed}` does not",
                e.op_name
            ),
            Some(st.index),
            (format!("use `{fixed}`"), e.op_span, quoted(fixed)),
        );
    }
    wildcard_without_like(cx, st, e);
    service_principal_format(cx, st, e);
    region_value(cx, st, e);
    vpc_value(cx, st, e);
    kms_key_value(cx, st, e);
    epoch_date(cx, st, e);
    s3_prefix_negative(cx, st, e);
    userid_wildcard(cx, st, e);
    private_ip(cx, st, e);
    supplied(cx, st, e);
    never_present_key(cx, st, e);
}

/// The operator family a key type takes, and the operator to suggest for an Equals-like operator of another type.
fn family_of(kt: KeyType) -> Family {
    match kt.element() {
        KeyType::Numeric => Family::Numeric,
        KeyType::Date => Family::Date,
        KeyType::Bool => Family::Bool,
        KeyType::IpAddress => Family::Ip,
        KeyType::Arn => Family::Arn,
        KeyType::Binary => Family::Binary,
        _ => Family::String,
    }
}

/// TYPE_MISMATCH: an operator of another family than the key's type.
fn types(cx: &mut Cx<'_, '_>, st: &Statement, e: &Entry<'_, '_>, kt: KeyType) {
    let want = family_of(kt);
    let have = e.operator.base.family();
    // ARN keys compare as strings too, and string keys often hold ARNs: both ways are accepted.
    let compatible = have == want
        || matches!(
            (have, want),
            (Family::String, Family::Arn) | (Family::Arn, Family::String)
        );
    if compatible {
        if want == Family::Arn && e.operator.base == BaseOp::StringLike {
            string_like_on_arn(cx, st, e);
        }
        return;
    }
    let suggestion = match (want, e.operator.base) {
        (Family::Bool, BaseOp::StringEquals) => Some("Bool"),
        (Family::Numeric, BaseOp::StringEquals) => Some("NumericEquals"),
        (Family::Numeric, BaseOp::StringNotEquals) => Some("NumericNotEquals"),
        (Family::Date, BaseOp::StringEquals) => Some("DateEquals"),
        (Family::Date, BaseOp::StringNotEquals) => Some("DateNotEquals"),
        (Family::Ip, BaseOp::StringEquals) => Some("IpAddress"),
        (Family::Ip, BaseOp::StringNotEquals) => Some("NotIpAddress"),
        _ => None,
    };
    let key = &e.key.name;
    let message = format!(
        "`{key}` is of type {} but `{}` compares {}; use a {} operator",
        kt.as_str(),
        e.op_name,
        family_word(have),
        family_word(want)
    );
    match suggestion.filter(|_| e.operator.set == SetOp::Single && !e.operator.if_exists) {
        Some(s) => cx.report_fix(
            "TYPE_MISMATCH",
            e.op_span,
            message,
            Some(st.index),
            (format!("use `{s}`"), e.op_span, quoted(s)),
        ),
        None => cx.report("TYPE_MISMATCH", e.op_span, message, Some(st.index)),
    }
}

fn family_word(f: Family) -> &'static str {
    match f {
        Family::String => "String",
        Family::Numeric => "Numeric",
        Family::Date => "Date",
        Family::Bool => "Bool",
        Family::Binary => "Binary",
        Family::Ip => "IP address",
        Family::Arn => "ARN",
        Family::Null => "Null",
    }
}

/// The operator name without its set qualifier.
fn without_qualifier(name: &str) -> &str {
    name.split_once(':').map_or(name, |(_, rest)| rest)
}

/// Set operators against single-valued keys, single-valued operators against multivalued keys, and ForAllValues
/// in an Allow without a Null check.
fn arity(
    cx: &mut Cx<'_, '_>,
    st: &Statement,
    e: &Entry<'_, '_>,
    kt: KeyType,
    all: &[Entry<'_, '_>],
) {
    let key = &e.key.name;
    let bare = without_qualifier(e.op_name);
    match (e.operator.set, kt.is_array()) {
        (SetOp::ForAllValues, false) => cx.report_fix(
            "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
            e.op_span,
            format!(
                "`{key}` is single-valued: `ForAllValues` is also true when the request lacks the key, which can \
                 allow more than meant; use `{bare}`"
            ),
            Some(st.index),
            (format!("use `{bare}`"), e.op_span, quoted(bare)),
        ),
        (SetOp::ForAnyValue, false) => cx.report_fix(
            "SET_OPERATOR_ON_SINGLE_VALUED_KEY",
            e.op_span,
            format!("`{key}` is single-valued: set operators are for multivalued keys; use `{bare}`"),
            Some(st.index),
            (format!("use `{bare}`"), e.op_span, quoted(bare)),
        ),
        // Only the global multivalued keys: some services type keys as arrays that their own examples compare
        // with single-valued operators.
        (SetOp::Single, true) if prefix_of(key).eq_ignore_ascii_case("aws") => cx.report(
            "MISSING_QUALIFIER",
            e.op_span,
            format!(
                "`{key}` is multivalued ({}): say how its values are compared with `ForAnyValue:{}` or \
                 `ForAllValues:{}`",
                kt.as_str(),
                e.op_name,
                e.op_name
            ),
            Some(st.index),
        ),
        (SetOp::ForAllValues, true) if allows(st) => {
            let null_checked = all.iter().any(|o| {
                o.operator.base == BaseOp::Null
                    && o.key.name.eq_ignore_ascii_case(key)
                    && o.values.iter().all(|(v, _)| v.eq_ignore_ascii_case("false"))
            });
            if !null_checked {
                cx.report(
                    "FORALLVALUES_WITH_ALLOW",
                    e.op_span,
                    format!(
                        "`ForAllValues` is true when the request has no `{key}`, so this Allow also applies to \
                         requests without it; add `\"Null\": {{\"{key}\": \"false\"}}`"
                    ),
                    Some(st.index),
                );
            }
        }
        _ => {}
    }
}

/// The tag keys (`aws:ResourceTag/${TagKey}` and the services' `ResourceTag` and `RequestTag` keys) written
/// without the tag key: the key as written up to the missing part, or `None` for any other key.
fn missing_tag_key(key: &str) -> Option<&str> {
    let (_, name) = key.split_once(':')?;
    let bare = key.strip_suffix('/').unwrap_or(key);
    let name = name.strip_suffix('/').unwrap_or(name);
    ["ResourceTag", "RequestTag", "PrincipalTag"]
        .iter()
        .any(|t| name.eq_ignore_ascii_case(t))
        .then_some(bare)
}

/// Condition keys whose values are service principals (`ec2.amazonaws.com`); `kms:ViaService` names the service
/// with its Region (`ec2.us-east-1.amazonaws.com`).
const SERVICE_PRINCIPAL_KEYS: &[&str] = &[
    "aws:PrincipalServiceName",
    "aws:PrincipalServiceNamesList",
    "iam:PassedToService",
    "iam:AWSServiceName",
    "kms:ViaService",
];

/// The literal values of a String-family entry: values with wildcards or policy variables are left out.
fn literal_values<'e>(e: &'e Entry<'_, '_>) -> impl Iterator<Item = &'e (String, Span)> {
    let string = e.operator.base.family() == Family::String;
    e.values
        .iter()
        .filter(move |(v, _)| string && !v.contains(['*', '?']) && !v.contains("${"))
}

/// INVALID_SERVICE_PRINCIPAL_FORMAT: a value of a service-principal key that is no service principal: one
/// lower-case DNS name of at least two labels (`service-name.amazonaws.com`), and for `kms:ViaService` at least
/// four, the Region among them (`service-name.AWS_region.amazonaws.com`).
fn service_principal_format(cx: &mut Cx<'_, '_>, st: &Statement, e: &Entry<'_, '_>) {
    let key = e.key.name.as_ref();
    if !SERVICE_PRINCIPAL_KEYS
        .iter()
        .any(|k| k.eq_ignore_ascii_case(key))
    {
        return;
    }
    let labels = if key.eq_ignore_ascii_case("kms:ViaService") {
        4
    } else {
        2
    };
    for (v, span) in literal_values(e) {
        let dns = v
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
        let parts: Vec<&str> = v.split('.').collect();
        if dns && parts.len() >= labels && parts.iter().all(|p| !p.is_empty()) {
            continue;
        }
        let example = if labels == 4 {
            "ec2.us-east-1.amazonaws.com"
        } else {
            "ec2.amazonaws.com"
        };
        cx.report(
            "INVALID_SERVICE_PRINCIPAL_FORMAT",
            *span,
            format!(
                "`{v}` is not a service principal, which `{key}` holds: write it like `{example}`"
            ),
            Some(st.index),
        );
    }
}

/// Whether `v` is written like a Region code (`us-east-1`, `us-gov-west-1`, `eu-isoe-west-1`): two letters, words,
/// and a number, separated by hyphens (AWS General Reference, Regions and Zones).
pub(super) fn region_like(v: &str) -> bool {
    let parts: Vec<&str> = v.split('-').collect();
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    parts.len() >= 3
        && first.len() == 2
        && first.chars().all(|c| c.is_ascii_lowercase())
        && !last.is_empty()
        && last.chars().all(|c| c.is_ascii_digit())
        && parts
            .iter()
            .skip(1)
            .take(parts.len().saturating_sub(2))
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
}

/// INVALID_REGION: an `aws:RequestedRegion` value that is no Region code.
fn region_value(cx: &mut Cx<'_, '_>, st: &Statement, e: &Entry<'_, '_>) {
    if !e.key.name.eq_ignore_ascii_case("aws:RequestedRegion") {
        return;
    }
    for (v, span) in literal_values(e) {
        if region_like(v) {
            continue;
        }
        cx.report(
            "INVALID_REGION",
            *span,
            format!("`{v}` is no Region code (such as `us-east-1` or `eu-west-3`), so `aws:RequestedRegion` never equals it"),
            Some(st.index),
        );
    }
}

/// The UTC date and time, `YYYY-MM-DDThh:mm:ssZ`, of `secs` seconds after 1970-01-01 (the days to a civil date as
/// in Howard Hinnant's `civil_from_days`).
fn iso_utc(secs: u64) -> Option<String> {
    let days = i64::try_from(secs / 86_400).ok()?;
    let rest = secs % 86_400;
    let z = days.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    ))
}

/// INVALID_DATE_VALUE: a date operator's value written as seconds since 1970 (Unix epoch time), which Access
/// Analyzer's policy check reference says might not resolve as expected; the fix writes it in ISO 8601, UTC.
/// `aws:EpochTime`, whose values are epoch times, is left alone.
fn epoch_date(cx: &mut Cx<'_, '_>, st: &Statement, e: &Entry<'_, '_>) {
    let key = e.key.name.as_ref();
    if e.operator.base.family() != Family::Date || key.eq_ignore_ascii_case("aws:EpochTime") {
        return;
    }
    for (v, span) in &e.values {
        if v.is_empty() || !v.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let Some(iso) = v.parse::<u64>().ok().and_then(iso_utc) else {
            continue;
        };
        cx.report_fix(
            "INVALID_DATE_VALUE",
            *span,
            format!(
                "`{v}` is a Unix epoch time, which might not resolve as you expect; write the date in ISO 8601, \
                 such as `{iso}`"
            ),
            Some(st.index),
            (format!("write `{iso}`"), *span, quoted(&iso)),
        );
    }
}

/// STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS: `StringLike` on a key of type ARN, which Access Analyzer's policy
/// check reference says to compare with `ArnLike`; the fix swaps the operator, keeping its set operator and
/// `IfExists`.
fn string_like_on_arn(cx: &mut Cx<'_, '_>, st: &Statement, e: &Entry<'_, '_>) {
    let key = &e.key.name;
    let Some(at) = e.op_name.find("StringLike") else {
        return;
    };
    let fixed = format!(
        "{}ArnLike{}",
        e.op_name.get(..at).unwrap_or(""),
        e.op_name.get(at + "StringLike".len()..).unwrap_or("")
    );
    cx.report_fix(
        "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS",
        e.op_span,
        format!(
            "`{key}` holds ARNs: compare it with `{fixed}` rather than `{}`",
            e.op_name
        ),
        Some(st.index),
        (format!("use `{fixed}`"), e.op_span, quoted(&fixed)),
    );
}

/// S3_PREFIX_IN_NEGATIVE_CONTEXT: `s3:prefix` in a Deny with a string operator that is not negated, or in an Allow
/// with a negated one. A request that names a shorter prefix does not match, so the objects under the prefix can
/// still be listed; Allow with `StringLike` or Deny with `StringNotLike` restricts listing.
fn s3_prefix_negative(cx: &mut Cx<'_, '_>, st: &Statement, e: &Entry<'_, '_>) {
    if !e.key.name.eq_ignore_ascii_case("s3:prefix") || e.operator.base.family() != Family::String {
        return;
    }
    let negated = matches!(
        e.operator.base,
        BaseOp::StringNotEquals | BaseOp::StringNotEqualsIgnoreCase | BaseOp::StringNotLike
    );
    if allows(st) != negated {
        return;
    }
    cx.report(
        "S3_PREFIX_IN_NEGATIVE_CONTEXT",
        e.key.name_span,
        format!(
            "`s3:prefix` with `{}` in a{} statement does not keep the objects under these prefixes from being \
             listed: a request for a shorter prefix does not match; use `StringLike` in an Allow, or \
             `StringNotLike` in a Deny",
            e.op_name,
            if allows(st) { "n Allow" } else { " Deny" }
        ),
        Some(st.index),
    );
}

/// WILDCARD_USAGE_TOO_PERMISSIVE, for `aws:userid`: a wildcard in a value other than after the colon, or as the
/// whole of the part before it (Access Analyzer's policy check reference: "use `AIDACKCEVSQ6C2EXAMPLE:*` or `*:*`
/// instead of `*`"). The reference's other forms of the check, for keys it deems sensitive, name no keys and are
/// not checked.
fn userid_wildcard(cx: &mut Cx<'_, '_>, st: &Statement, e: &Entry<'_, '_>) {
    if !e.key.name.eq_ignore_ascii_case("aws:userid") || e.operator.base.family() != Family::String
    {
        return;
    }
    for (v, span) in &e.values {
        if v.contains("${") || !v.contains(['*', '?']) {
            continue;
        }
        let ok = v
            .split_once(':')
            .is_some_and(|(left, _)| left == "*" || !left.contains(['*', '?']));
        if ok {
            continue;
        }
        cx.report(
            "WILDCARD_USAGE_TOO_PERMISSIVE",
            *span,
            format!(
                "`{v}`: a wildcard in `aws:userid` belongs after the colon (`AIDACKCEVSQ6C2EXAMPLE:*`) or alone before \
                 it (`*:*`)"
            ),
            Some(st.index),
        );
    }
}

/// The keys whose values are VPC or VPC endpoint identifiers, with the identifier's prefix and code (Access
/// Analyzer's policy check reference: "The `aws:SourceVpc` condition key must use the prefix `vpc-` followed by
/// either 8 or 17 alphanumeric characters", and the same for `aws:SourceVpce` with `vpce-`).
const VPC_KEYS: &[(&str, &str, &str)] = &[
    ("aws:SourceVpc", "vpc-", "INVALID_VPC_FORMAT"),
    ("aws:SourceVpce", "vpce-", "INVALID_VPCE_FORMAT"),
];

/// Whether `s` is 8 or 17 ASCII letters and digits.
fn vpc_suffix(s: &str) -> bool {
    (s.len() == 8 || s.len() == 17) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// INVALID_VPC_FORMAT, INVALID_VPCE_FORMAT: an `aws:SourceVpc` value that is not `vpc-` and 8 or 17 letters and
/// digits, or an `aws:SourceVpce` value that is not `vpce-` and as many. A value that lacks only the prefix gets it.
fn vpc_value(cx: &mut Cx<'_, '_>, st: &Statement, e: &Entry<'_, '_>) {
    let key = e.key.name.as_ref();
    let Some((name, prefix, code)) = VPC_KEYS
        .iter()
        .find(|(k, _, _)| k.eq_ignore_ascii_case(key))
        .copied()
    else {
        return;
    };
    for (v, span) in literal_values(e) {
        if v.strip_prefix(prefix).is_some_and(vpc_suffix) {
            continue;
        }
        let message = format!(
            "`{v}` is no identifier `{name}` can equal: write `{prefix}` followed by 8 or 17 letters and digits, \
             such as `{prefix}1a2b3c4d`"
        );
        if vpc_suffix(v) {
            let fixed = format!("{prefix}{v}");
            cx.report_fix(
                code,
                *span,
                message,
                Some(st.index),
                (format!("write `{fixed}`"), *span, quoted(&fixed)),
            );
        } else {
            cx.report(code, *span, message, Some(st.index));
        }
    }
}

/// Keys whose values are KMS key ARNs (Amazon S3 User Guide, requiring server-side encryption with a specific KMS
/// key: the value of `s3:x-amz-server-side-encryption-aws-kms-key-id` is the key's ARN).
const KMS_KEY_KEYS: &[&str] = &["s3:x-amz-server-side-encryption-aws-kms-key-id"];

/// Whether `v` is a KMS key ARN: `arn:partition:kms:region:account-id:key/key-id` (Access Analyzer's policy check
/// reference, Invalid kms key value), with a 12-digit account and a key id of letters, digits and hyphens.
fn kms_key_arn(v: &str) -> bool {
    let parts: Vec<&str> = v.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts.as_slice() else {
        return false;
    };
    let id = resource.strip_prefix("key/").unwrap_or("");
    *arn == "arn"
        && partition.starts_with("aws")
        && *service == "kms"
        && region_like(region)
        && account.len() == 12
        && account.chars().all(|c| c.is_ascii_digit())
        && !id.is_empty()
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// INVALID_KMS_KEY_VALUE: a value of a key of [`KMS_KEY_KEYS`] that is no KMS key ARN (a key id or an alias, which
/// the request never carries in that key).
fn kms_key_value(cx: &mut Cx<'_, '_>, st: &Statement, e: &Entry<'_, '_>) {
    let key = e.key.name.as_ref();
    if !KMS_KEY_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)) {
        return;
    }
    for (v, span) in literal_values(e) {
        if kms_key_arn(v) {
            continue;
        }
        cx.report(
            "INVALID_KMS_KEY_VALUE",
            *span,
            format!(
                "`{v}` is no KMS key ARN, which `{key}` holds: write the key's ARN, \
                 `arn:aws:kms:REGION:ACCOUNT:key/KEY-ID`"
            ),
            Some(st.index),
        );
    }
}

/// INVALID_CONDITION_MULTIPLE_BOOLEAN: `Bool` with both `true` and `false` for one key.
fn multiple_boolean(cx: &mut Cx<'_, '_>, st: &Statement, e: &Entry<'_, '_>) {
    if e.operator.base != BaseOp::Bool {
        return;
    }
    let has = |want: &str| e.values.iter().any(|(v, _)| v.eq_ignore_ascii_case(want));
    if has("true") && has("false") {
        cx.report(
            "INVALID_CONDITION_MULTIPLE_BOOLEAN",
            e.key.value.span,
            format!(
                "`{}` takes one Boolean value; with both `true` and `false` the condition no longer tests it",
                e.key.name
            ),
            Some(st.index),
        );
    }
}

/// IMPROVE_IP_RANGE: a CIDR range with bits set after the prefix length, which the comparison ignores; the fix
/// writes the range's network address.
fn improve_ip_range(cx: &mut Cx<'_, '_>, st: &Statement, e: &Entry<'_, '_>) {
    if e.operator.base.family() != Family::Ip {
        return;
    }
    for (v, span) in &e.values {
        let Ok(net) = v.parse::<ipnet::IpNet>() else {
            continue;
        };
        if net.addr() == net.network() {
            continue;
        }
        let fixed = net.trunc().to_string();
        cx.report_fix(
            "IMPROVE_IP_RANGE",
            *span,
            format!(
                "the bits of `{v}` after the first {} are ignored: the range is `{fixed}`",
                net.prefix_len()
            ),
            Some(st.index),
            (format!("use `{fixed}`"), *span, quoted(&fixed)),
        );
    }
}

/// REDUNDANT_CONDITION_VALUE_NUM: several values for a Numeric less-than or greater-than operator. The values
/// are alternatives, so the greatest (less-than) or the least (greater-than) decides; the fix keeps that one.
fn redundant_numbers(cx: &mut Cx<'_, '_>, st: &Statement, e: &Entry<'_, '_>) {
    let greatest = match e.operator.base {
        BaseOp::NumericLessThan | BaseOp::NumericLessThanEquals => true,
        BaseOp::NumericGreaterThan | BaseOp::NumericGreaterThanEquals => false,
        _ => return,
    };
    if e.operator.set != SetOp::Single || e.values.len() < 2 {
        return;
    }
    let mut numbers = Vec::with_capacity(e.values.len());
    for (v, span) in &e.values {
        let Ok(n) = v.trim().parse::<f64>() else {
            return;
        };
        numbers.push((n, *span));
    }
    let best = numbers.iter().copied().reduce(|a, b| {
        let better = if greatest { b.0 > a.0 } else { b.0 < a.0 };
        if better {
            b
        } else {
            a
        }
    });
    let Some((_, best_span)) = best else {
        return;
    };
    let Some(best_text) = cx
        .text
        .get(best_span.start..best_span.end)
        .map(str::to_string)
    else {
        return;
    };
    let which = if greatest { "greatest" } else { "least" };
    cx.report_fix(
        "REDUNDANT_CONDITION_VALUE_NUM",
        e.key.value.span,
        format!(
            "the values of `{}` are alternatives, so only the {which} one, {best_text}, decides; keep it alone",
            e.key.name
        ),
        Some(st.index),
        (format!("keep {best_text}"), e.key.value.span, best_text.clone()),
    );
}

/// WILDCARD_WITHOUT_LIKE_OPERATOR: `*` or `?` in a value of a String operator without wildcards. The escapes
/// `${*}` and `${?}` are literal characters.
fn wildcard_without_like(cx: &mut Cx<'_, '_>, st: &Statement, e: &Entry<'_, '_>) {
    if e.operator.base.family() != Family::String || e.operator.base.has_wildcards() {
        return;
    }
    let wild = e.values.iter().any(|(v, _)| {
        let stripped = v.replace("${*}", "").replace("${?}", "");
        stripped.contains('*') || stripped.contains('?')
    });
    if !wild {
        return;
    }
    let like = match e.operator.base {
        BaseOp::StringEquals => Some(e.op_name.replacen("StringEquals", "StringLike", 1)),
        BaseOp::StringNotEquals => Some(e.op_name.replacen("StringNotEquals", "StringNotLike", 1)),
        _ => None,
    }
    .filter(|l| l != e.op_name);
    let message = format!(
        "a value of `{}` has `*` or `?`, which `{}` compares literally; to match a pattern use a Like operator",
        e.key.name, e.op_name
    );
    match like {
        Some(l) => cx.report_fix(
            "WILDCARD_WITHOUT_LIKE_OPERATOR",
            e.op_span,
            message,
            Some(st.index),
            (format!("use `{l}`"), e.op_span, quoted(&l)),
        ),
        None => cx.report(
            "WILDCARD_WITHOUT_LIKE_OPERATOR",
            e.op_span,
            message,
            Some(st.index),
        ),
    }
}

/// Whether an address or range lies in the private ranges (RFC 1918, IPv6 unique local addresses).
fn is_private(v: &str) -> Option<bool> {
    let net: ipnet::IpNet = v
        .parse()
        .ok()
        .or_else(|| v.parse::<std::net::IpAddr>().ok().map(ipnet::IpNet::from))?;
    let private: [&str; 4] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"];
    Some(private.iter().any(|p| {
        p.parse::<ipnet::IpNet>()
            .is_ok_and(|range| range.contains(&net))
    }))
}

/// PRIVATE_IP_ADDRESS, PRIVATE_NOT_IP_ADDRESS, PRIVATE_IP_ADDRESS_SUBSET: `aws:SourceIp` holds only public
/// addresses (requests through a VPC endpoint carry `aws:VpcSourceIp` instead).
fn private_ip(cx: &mut Cx<'_, '_>, st: &Statement, e: &Entry<'_, '_>) {
    if !e.key.name.eq_ignore_ascii_case("aws:SourceIp") {
        return;
    }
    let flags: Vec<bool> = e.values.iter().filter_map(|(v, _)| is_private(v)).collect();
    if flags.is_empty() {
        return;
    }
    let all = flags.iter().all(|p| *p);
    let some = flags.iter().any(|p| *p);
    let code = match (e.operator.base, all, some) {
        (BaseOp::IpAddress, true, _) => "PRIVATE_IP_ADDRESS",
        (BaseOp::NotIpAddress, true, _) => "PRIVATE_NOT_IP_ADDRESS",
        (BaseOp::IpAddress, false, true) => "PRIVATE_IP_ADDRESS_SUBSET",
        (BaseOp::NotIpAddress, false, true) => "PRIVATE_NOT_IP_ADDRESS_SUBSET",
        _ => return,
    };
    cx.report(
        code,
        e.key.value.span,
        "`aws:SourceIp` holds the public address of the caller; private addresses never match it (use \
         `aws:VpcSourceIp` for addresses inside a VPC)"
            .to_string(),
        Some(st.index),
    );
}

/// Whether `action` carries `key` in some request (on one of its resource types or without one), per the
/// reference and the real-API rules.
fn carries(action: iam_reference::Action, key: &str) -> bool {
    crate::cache::carries(action, key, || carries_uncached(action, key))
}

fn carries_uncached(action: iam_reference::Action, key: &str) -> bool {
    // The key is matched first: the action's name is compared only with the rules about this key.
    let never = iam_realapi::rules::KEYS_NOT_SUPPLIED
        .iter()
        .any(|k| iam_realapi::rules::glob(k.key, key, true) && named(action, k.action));
    if never {
        return false;
    }
    // The global keys a request carries wherever it goes are the same for every action.
    if crate::cache::carried_globally(key, || {
        iam_reference::global_condition_keys()
            .filter(|g| !g.only_when_listed())
            .any(|g| g.matches(key) || literal_tag(g.name(), key))
    }) {
        return true;
    }
    // The action's own keys, then each of its resource types' rows and the resource type's own keys.
    action
        .condition_keys()
        .any(|k| k.matches(key) || literal_tag(k.name(), key))
        || action.resource_types().any(|r| {
            let rt = r.resource_type();
            action.row_for(rt).is_some_and(|row| {
                row.condition_keys()
                    .chain(rt.condition_keys())
                    .any(|k| k.matches(key) || literal_tag(k.name(), key))
            })
        })
}

/// Whether `name` (`service:Action`, any case) names `action`.
fn named(action: iam_reference::Action, name: &str) -> bool {
    name.split_once(':').is_some_and(|(prefix, rest)| {
        prefix.eq_ignore_ascii_case(action.service().prefix())
            && rest.eq_ignore_ascii_case(action.name())
    })
}

/// Whether the reference's key `listed` spells the tag placeholder as the literal `tag-key`
/// (`ssm:resourceTag/tag-key`), which some services do for any tag, and `key` names a tag under it.
fn literal_tag(listed: &str, key: &str) -> bool {
    let cut = listed.len().saturating_sub("tag-key".len());
    let (Some(head), Some(tail)) = (listed.get(..cut), listed.get(cut..)) else {
        return false;
    };
    tail.eq_ignore_ascii_case("tag-key")
        && head.ends_with('/')
        && key.len() > head.len()
        && key
            .get(..head.len())
            .is_some_and(|l| l.eq_ignore_ascii_case(head))
}

/// UNSUPPORTED_ACTION_FOR_CONDITION_KEY (actions named in full) and CONDITION_KEY_NOT_SUPPLIED (wildcards): an
/// Allow whose condition needs a key that some of its actions never carry, so it
/// never allows them. Named actions are listed one by one; a wildcard is reported only when none of the actions
/// it stands for carries the key.
///
/// With a resource tag key (`aws:ResourceTag/…`), Access Analyzer's codes: ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_
/// FOR_SERVICE for an Allow, DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE for a Deny (the actions that never
/// carry the key are never denied, however the resource is tagged), and the NOT_ACTION variants for a statement
/// with NotAction, which takes in the actions of every service that lacks the key, now and later.
fn supplied(cx: &mut Cx<'_, '_>, st: &Statement, e: &Entry<'_, '_>) {
    let op = e.operator;
    let key = e.key.name.as_ref();
    let tag = key
        .get(..16)
        .is_some_and(|head| head.eq_ignore_ascii_case("aws:ResourceTag/"))
        && key.len() > 16;
    if (!allows(st) && !tag)
        || op.if_exists
        || op.base.is_negated()
        || op.set == SetOp::ForAllValues
    {
        return;
    }
    if cx.key_type(key).is_none() {
        return;
    }
    let Some(block) = &st.action else {
        return;
    };
    if block.negated {
        if tag {
            let (code, what) = if allows(st) {
                (
                    "ALLOW_NOT_ACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
                    "allows only the actions that carry it",
                )
            } else {
                (
                    "DENY_NOT_ACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
                    "does not deny the actions that never carry it, however the resource is tagged",
                )
            };
            cx.report(
                code,
                e.key.name_span,
                format!(
                    "`{key}` is in requests only for the actions of resources that take tags, so with NotAction \
                     this statement {what}; list the actions in Action instead"
                ),
                Some(st.index),
            );
        }
        return;
    }
    let mut missing: Vec<String> = Vec::new();
    // The actions named (their names are written only for a finding) and the wildcard entries that carry the key.
    let mut carrying: Vec<Result<iam_reference::Action, &str>> = Vec::new();
    let mut total = 0usize;
    for p in &block.patterns {
        let Some((prefix, name)) = p.raw.split_once(':') else {
            return;
        };
        if prefix.contains('*') || prefix.contains('?') {
            return;
        }
        let actions = cx.expand(&p.raw);
        total += actions.len();
        if total > MAX_ACTIONS {
            return;
        }
        let wild = name.contains('*') || name.contains('?');
        let yes: Vec<_> = actions.iter().filter(|a| carries(**a, key)).collect();
        if yes.is_empty() && !actions.is_empty() {
            missing.push(p.raw.clone());
        } else if !wild {
            carrying.extend(yes.iter().map(|a| Ok(**a)));
        } else {
            carrying.push(Err(p.raw.as_str()));
        }
    }
    if missing.is_empty() {
        return;
    }
    let carrying: Vec<String> = carrying
        .into_iter()
        .map(|c| c.map_or_else(str::to_string, |a| a.full_name()))
        .collect();
    let mut message = if !allows(st) {
        format!(
            "`{key}` is never in requests for {} (service authorization reference), so this Deny never applies to \
             them, however the resource is tagged; deny them in a statement without the key",
            list(&missing)
        )
    } else if carrying.is_empty() {
        format!(
            "no action of the statement carries `{key}` (service authorization reference), so the condition is \
             never true and the statement allows nothing"
        )
    } else {
        format!(
            "`{key}` is never in requests for {}, so this Allow never applies to them; of the statement's actions, \
             {} carry it",
            list(&missing),
            list(&carrying)
        )
    };
    let code = match (allows(st), tag) {
        (false, _) => "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        (true, true) => "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        (true, false) => {
            // Access Analyzer's UNSUPPORTED_ACTION_FOR_CONDITION_KEY for the actions named in full (it leaves
            // actions with wildcards out); this project's CONDITION_KEY_NOT_SUPPLIED for the wildcards.
            let (named, wild): (Vec<String>, Vec<String>) = missing
                .iter()
                .cloned()
                .partition(|m| !m.contains(['*', '?']));
            if !named.is_empty() {
                cx.report(
                    "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
                    e.key.name_span,
                    format!(
                        "`{key}` is never in requests for {} (service authorization reference), so the condition \
                         is never true for them and this Allow never applies to them; move them to a statement \
                         without the key",
                        list(&named)
                    ),
                    Some(st.index),
                );
            }
            if wild.is_empty() {
                return;
            }
            if !named.is_empty() {
                message = format!(
                    "`{key}` is never in requests for the actions of {}, so this Allow never applies to them",
                    list(&wild)
                );
            }
            "CONDITION_KEY_NOT_SUPPLIED"
        }
    };
    cx.report(code, e.key.name_span, message, Some(st.index));
}

fn list(items: &[String]) -> String {
    let shown: Vec<String> = items.iter().take(4).map(|s| format!("`{s}`")).collect();
    match items.len() {
        n if n > 4 => format!("{} and {} more", shown.join(", "), n - 4),
        _ => shown.join(", "),
    }
}

/// Whether the policy's principal never has `aws:username`: session policies (role sessions and federated users)
/// and policies known to belong to a role.
fn username_absent(cx: &Cx<'_, '_>) -> bool {
    cx.options.policy_type == PolicyType::Session
        || cx.options.attached_to == Some(Attachment::Role)
}

const USERNAME_ABSENT: &str =
    "`aws:username` exists only for IAM users: a role session or federated user never \
                               has it; use `aws:userid` or a principal tag instead";

/// KEY_ABSENT_FOR_PRINCIPAL for a condition on `aws:username`.
fn never_present_key(cx: &mut Cx<'_, '_>, st: &Statement, e: &Entry<'_, '_>) {
    if username_absent(cx) && e.key.name.eq_ignore_ascii_case("aws:username") {
        cx.report(
            "KEY_ABSENT_FOR_PRINCIPAL",
            e.key.name_span,
            USERNAME_ABSENT.to_string(),
            Some(st.index),
        );
    }
}

/// KEY_ABSENT_FOR_PRINCIPAL for `${aws:username}` in a resource or a condition value.
fn variables_never_present(cx: &mut Cx<'_, '_>, st: &Statement) {
    if !username_absent(cx) {
        return;
    }
    let has = |s: &str| s.to_ascii_lowercase().contains("${aws:username");
    let mut spans: Vec<Span> = st
        .resource
        .iter()
        .flat_map(|r| r.patterns.iter())
        .filter(|p| has(&p.raw))
        .map(|p| p.span)
        .collect();
    if let Some(node) = cx.statement_nodes.get(st.index).copied() {
        for e in entries(node) {
            spans.extend(e.values.iter().filter(|(v, _)| has(v)).map(|(_, s)| *s));
        }
    }
    for span in spans {
        cx.report(
            "KEY_ABSENT_FOR_PRINCIPAL",
            span,
            USERNAME_ABSENT.to_string(),
            Some(st.index),
        );
    }
}
