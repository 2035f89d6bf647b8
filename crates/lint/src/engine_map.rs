//! The engine's parse diagnostics as Access Analyzer findings: one table from the engine's kebab-case codes to
//! issue codes. A diagnostic the table does not know keeps its own code, upper-cased, and its severity.

use crate::checks::Cx;
use crate::finding::Severity;
use crate::PolicyType;
use iam_engine::Diagnostic;

/// Engine code → issue code, for the codes whose issue code does not depend on the diagnostic.
const TABLE: &[(&str, &str)] = &[
    ("invalid-json", "JSON_SYNTAX_ERROR"),
    ("wrong-value-type", "DATA_TYPE_MISMATCH"),
    ("unknown-field", "INVALID_POLICY_ELEMENT"),
    ("duplicate-element", "INVALID_POLICY_ELEMENT"),
    ("duplicate-field", "INVALID_POLICY_ELEMENT"),
    ("invalid-version", "INVALID_VERSION"),
    ("missing-statement", "MISSING_STATEMENT"),
    ("missing-effect", "MISSING_EFFECT"),
    ("unknown-effect", "INVALID_EFFECT"),
    ("missing-action", "MISSING_ACTION"),
    ("missing-resource", "MISSING_RESOURCE"),
    ("missing-principal", "MISSING_PRINCIPAL"),
    ("action-and-notaction", "UNSUPPORTED_ELEMENT_COMBINATION"),
    (
        "resource-and-notresource",
        "UNSUPPORTED_ELEMENT_COMBINATION",
    ),
    (
        "principal-and-notprincipal",
        "UNSUPPORTED_ELEMENT_COMBINATION",
    ),
    ("variable-in-old-version", "VARIABLE_UNSUPPORTED_IN_VERSION"),
    ("variable-not-allowed", "INVALID_VARIABLE_FOR_OPERATOR"),
    ("unterminated-variable", "MISSING_BRACE_IN_VARIABLE"),
    ("not-principal-with-allow", "ALLOW_WITH_NOT_PRINCIPAL"),
    ("not-principal-everyone", "NOT_PRINCIPAL_EVERYONE"),
    ("variable-in-arn-prefix", "VARIABLE_IN_ARN_PREFIX"),
    ("rcp-allow-not-supported", "RCP_SYNTAX_ERROR_ALLOW"),
];

/// Reports every diagnostic of the engine's reading of the policy.
pub(crate) fn map_diagnostics(cx: &mut Cx<'_, '_>) {
    let diags: Vec<Diagnostic> = cx.policy.diagnostics.clone();
    for d in &diags {
        let Some(code) = issue_code(cx, d) else {
            continue;
        };
        let span = d.span.unwrap_or_default();
        let catalogued = crate::catalog::check(&code).is_some();
        let severity = (!catalogued).then_some(match d.severity {
            iam_engine::Severity::Error => Severity::Error,
            iam_engine::Severity::Warning => Severity::Warning,
        });
        let message = if d.help.is_empty() {
            d.message.clone()
        } else {
            format!("{} ({})", d.message, d.help)
        };
        cx.push(
            &code,
            severity,
            span,
            message,
            None,
            None,
            Some(d.code.as_str().to_string()),
        );
    }
}

/// The issue code of a diagnostic; `None` for the ones the linter reports itself.
fn issue_code(cx: &Cx<'_, '_>, d: &Diagnostic) -> Option<String> {
    let ptype = cx.options.policy_type;
    let fixed = TABLE
        .iter()
        .find(|(engine, _)| d.code == *engine)
        .map(|(_, code)| (*code).to_string());
    if fixed.is_some() {
        return fixed;
    }
    let text = d
        .span
        .and_then(|s| cx.text.get(s.start..s.end))
        .unwrap_or_default();
    Some(
        match d.code.as_str() {
            // The linter counts sizes itself, with the quota of the policy's type and container.
            "policy-size-quota" => return None,
            // Sids are checked with the policy type in mind (`document.rs`).
            "duplicate-sid" => return None,
            "malformed-action" if text.contains("${") => "VARIABLE_UNSUPPORTED_IN_ELEMENT",
            "malformed-action" => "INVALID_ACTION",
            "principal-in-identity-policy" if ptype == PolicyType::Scp => {
                "SCP_SYNTAX_ERROR_PRINCIPAL"
            }
            "principal-in-identity-policy" => "UNSUPPORTED_PRINCIPAL",
            "unknown-element" if d.message.starts_with("unknown principal type") => {
                "INVALID_PRINCIPAL_KEY"
            }
            "unknown-element" => "INVALID_POLICY_ELEMENT",
            "malformed-arn" | "invalid-principal"
                if d.message.contains("AWS principal") && unique_id(text, "AROA") =>
            {
                "INVALID_ROLE_REFERENCE"
            }
            "malformed-arn" | "invalid-principal"
                if d.message.contains("AWS principal") && unique_id(text, "AIDA") =>
            {
                "INVALID_USER_REFERENCE"
            }
            "invalid-principal" if d.message.contains("wildcard") => {
                "UNSUPPORTED_WILDCARD_IN_PRINCIPAL"
            }
            "invalid-principal" => "INVALID_PRINCIPAL_FORMAT",
            "malformed-arn" if !text.trim_matches('"').starts_with("arn:") => {
                if cx.statement_at(d.span.unwrap_or_default()).is_some()
                    && d.message.contains("AWS principal")
                {
                    "INVALID_PRINCIPAL_FORMAT"
                } else {
                    "INVALID_ARN_PREFIX"
                }
            }
            "malformed-arn" if d.message.contains("AWS principal") => "INVALID_PRINCIPAL_FORMAT",
            "malformed-arn" => "MISSING_ARN_FIELD",
            "unknown-condition-operator" if d.message.contains("NullIfExists") => {
                "NULL_WITH_IF_EXISTS"
            }
            "unknown-condition-operator" => "INVALID_CONDITION_OPERATOR",
            "invalid-variable" if text.contains("${}") => "EMPTY_VARIABLE",
            "invalid-variable" => variable_code(&d.message),
            "invalid-condition-value" => {
                let m = d.message.as_str();
                if m.contains("for Numeric") {
                    "TYPE_MISMATCH_NUMBER"
                } else if m.contains("for Date") {
                    "TYPE_MISMATCH_DATE"
                } else if m.contains("for Bool") || m.contains("for Null") {
                    "TYPE_MISMATCH_BOOLEAN"
                } else if m.contains("IpAddress") {
                    "TYPE_MISMATCH_IP_RANGE"
                } else if m.contains("for Binary") {
                    "TYPE_MISMATCH_STRING"
                } else {
                    "TYPE_MISMATCH"
                }
            }
            other => return Some(other.to_ascii_uppercase().replace('-', "_")),
        }
        .to_string(),
    )
}

/// The code of a variable the engine could not read, from the variable its message quotes
/// (`` `${aws:username, none}` is not a valid policy variable ``): a default without its single quotes, a space in
/// the key name, or another symbol.
fn variable_code(message: &str) -> &'static str {
    let inner = message
        .split_once("`${")
        .and_then(|(_, rest)| rest.split_once("}`"))
        .map_or("", |(inner, _)| inner);
    match inner.split_once(',') {
        Some((_, default)) => {
            let d = default.trim();
            if d.len() >= 2 && d.starts_with('\'') && d.ends_with('\'') {
                "UNSUPPORTED_SYMBOL_IN_VARIABLE"
            } else {
                "MISSING_QUOTE_IN_VARIABLE"
            }
        }
        None if inner.contains(' ') => "UNSUPPORTED_SPACE_IN_VARIABLE",
        None => "UNSUPPORTED_SYMBOL_IN_VARIABLE",
    }
}

/// Whether a principal (as JSON text) is an IAM unique ID with `prefix` (`AROA` for roles, `AIDA` for users; IAM
/// User Guide, IAM identifiers, unique identifiers): the prefix and upper-case letters and digits.
fn unique_id(text: &str, prefix: &str) -> bool {
    text.trim_matches('"')
        .strip_prefix(prefix)
        .is_some_and(|rest| {
            rest.len() >= 16
                && rest
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}
