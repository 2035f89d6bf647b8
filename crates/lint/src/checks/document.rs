//! Checks of the document as a whole and of each statement's frame: Version, Sids, size, empty elements,
//! statements that repeat another.

use super::{member, Cx};
use crate::{Container, PolicyType};
use iam_engine::json::NodeKind;
use iam_engine::Span;

pub(super) fn check(cx: &mut Cx<'_, '_>) {
    let Some(node) = cx.node else {
        return;
    };
    let Some(members) = node.as_object() else {
        return;
    };
    if member(node, "Version").is_none() {
        let at = Span::new(node.span.start, node.span.start + 1);
        let insert = Span::new(node.span.start + 1, node.span.start + 1);
        let replacement = if members.is_empty() {
            "\"Version\": \"2012-10-17\"".to_string()
        } else {
            "\"Version\": \"2012-10-17\", ".to_string()
        };
        cx.report_fix(
            "MISSING_VERSION",
            at,
            "the policy has no `Version`: it defaults to 2008-10-17, where policy variables such as \
             `${aws:username}` are literal text; add `\"Version\": \"2012-10-17\"`"
                .to_string(),
            None,
            ("add \"Version\": \"2012-10-17\"".to_string(), insert, replacement),
        );
    }
    if let Some(statement) = member(node, "Statement") {
        if matches!(&statement.value.kind, NodeKind::Array(items) if items.is_empty()) {
            cx.report(
                "EMPTY_ARRAY_STATEMENT",
                statement.value.span,
                "`Statement` lists no statement, so the policy neither allows nor denies anything; add statements"
                    .to_string(),
                None,
            );
        }
    }
    size(cx);
    sids(cx);
    empty_elements(cx);
    redundant_statements(cx);
}

/// How a quota counts a policy's characters.
#[derive(Clone, Copy)]
enum Count {
    /// IAM and AWS STS quotas: "IAM doesn't count white space when calculating the size of a policy against these
    /// limits."
    WithoutWhiteSpace,
    /// AWS Organizations: "All characters in your SCP count against its maximum size" (and the same of RCPs);
    /// white space outside quotation marks can be deleted to save space.
    Every,
}

/// The quota of the policy's type and container, how it counts characters, and the code to report.
fn quota(cx: &Cx<'_, '_>) -> Option<(usize, Count, &'static str, &'static str)> {
    const IDENTITY: &str = "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA";
    use Count::{Every, WithoutWhiteSpace as Iam};
    Some(match cx.options.policy_type {
        PolicyType::Identity => match cx.options.container.unwrap_or(Container::Managed) {
            Container::Managed => (6_144, Iam, IDENTITY, "a managed policy"),
            Container::UserInline => (2_048, Iam, IDENTITY, "a user's inline policies"),
            Container::GroupInline => (5_120, Iam, IDENTITY, "a group's inline policies"),
            Container::RoleInline => (10_240, Iam, IDENTITY, "a role's inline policies"),
        },
        PolicyType::Boundary => (6_144, Iam, IDENTITY, "a managed policy"),
        PolicyType::Scp => (
            5_120,
            Every,
            "POLICY_SIZE_EXCEEDS_SCP_QUOTA",
            "a service control policy",
        ),
        PolicyType::Rcp => (
            5_120,
            Every,
            "POLICY_SIZE_EXCEEDS_RCP_QUOTA",
            "a resource control policy",
        ),
        PolicyType::Session => (
            2_048,
            Iam,
            "POLICY_SIZE_EXCEEDS_SESSION_POLICY_QUOTA",
            "a session policy",
        ),
        PolicyType::Trust => (
            2_048,
            Iam,
            "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA",
            "a role trust policy",
        ),
        PolicyType::Resource | PolicyType::VpcEndpoint => return None,
    })
}

/// The policy's size against the quota of its type: IAM and AWS STS do not count white space; AWS Organizations
/// counts every character of an SCP or RCP, white space included.
fn size(cx: &mut Cx<'_, '_>) {
    let (Some(node), Some((limit, count, code, what))) = (cx.node, quota(cx)) else {
        return;
    };
    let text = cx.text.get(node.span.start..node.span.end).unwrap_or("");
    let at = Span::new(node.span.start, node.span.start + 1);
    match count {
        Count::WithoutWhiteSpace => {
            let size = non_white_chars(text);
            if size > limit {
                cx.report(
                    code,
                    at,
                    format!(
                        "the policy is {size} characters without white space, over the {limit} AWS accepts for \
                         {what}; split it into several policies"
                    ),
                    None,
                );
            }
        }
        Count::Every => {
            let size = text.chars().count();
            if size > limit {
                let compact = compact_chars(text);
                let advice = if compact <= limit {
                    format!(
                        "without the white space outside quotation marks it would be {compact}; remove that white \
                         space or split the policy"
                    )
                } else {
                    "split it into several policies".to_string()
                };
                cx.report(
                    code,
                    at,
                    format!(
                        "the policy is {size} characters, white space included, over the {limit} AWS accepts for \
                         {what}; {advice}"
                    ),
                    None,
                );
            }
        }
    }
}

/// The characters of `text` that are not white space (`char::is_whitespace`), counted a byte at a time when the
/// text is ASCII.
fn non_white_chars(text: &str) -> usize {
    if text.is_ascii() {
        // The ASCII characters `char::is_whitespace` holds for: tab, line feed, vertical tab, form feed, carriage
        // return and space.
        return text
            .bytes()
            .filter(|b| !matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '))
            .count();
    }
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// The characters of a JSON `text` once the white space outside its strings is removed.
fn compact_chars(text: &str) -> usize {
    let (mut n, mut in_string, mut escaped) = (0, false, false);
    for c in text.chars() {
        if in_string {
            n += 1;
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !c.is_whitespace() {
            n += 1;
            in_string = c == '"';
        }
    }
    n
}

fn sids(cx: &mut Cx<'_, '_>) {
    let iam_stored = matches!(
        cx.options.policy_type,
        PolicyType::Identity | PolicyType::Boundary | PolicyType::Session | PolicyType::Trust
    );
    let mut seen: Vec<String> = Vec::new();
    let nodes = cx.statement_nodes.clone();
    for (i, st) in nodes.iter().enumerate() {
        let Some(sid) = st.get("Sid") else {
            continue;
        };
        let Some(value) = sid.as_str() else {
            continue;
        };
        if value.is_empty() {
            cx.report(
                "EMPTY_SID_VALUE",
                sid.span,
                "the `Sid` is empty; give the statement a name or remove the element".to_string(),
                Some(i),
            );
            continue;
        }
        if iam_stored && !value.chars().all(|c| c.is_ascii_alphanumeric()) {
            cx.report(
                "UNSUPPORTED_SID",
                sid.span,
                format!("the Sid `{value}` has characters IAM does not accept: use only A-Z, a-z and 0-9"),
                Some(i),
            );
        }
        if seen.iter().any(|s| s == value) {
            let code = if iam_stored {
                "UNIQUE_SIDS_REQUIRED"
            } else {
                "UNIQUE_SIDS_RECOMMENDED"
            };
            cx.report(
                code,
                sid.span,
                format!("another statement already has the Sid `{value}`; Sids must be unique within a policy"),
                Some(i),
            );
        } else {
            seen.push(value.to_string());
        }
    }
}

fn empty_elements(cx: &mut Cx<'_, '_>) {
    let nodes = cx.statement_nodes.clone();
    for (i, st) in nodes.iter().enumerate() {
        for (element, code, what) in [
            ("Action", "EMPTY_ARRAY_ACTION", "actions"),
            ("NotAction", "EMPTY_ARRAY_ACTION", "actions"),
            ("Resource", "EMPTY_ARRAY_RESOURCE", "resources"),
            ("NotResource", "EMPTY_ARRAY_RESOURCE", "resources"),
        ] {
            if let Some(n) = st.get(element) {
                if matches!(&n.kind, NodeKind::Array(items) if items.is_empty()) {
                    cx.report(
                        code,
                        n.span,
                        format!("`{element}` lists no {what}, so the statement has no effect"),
                        Some(i),
                    );
                }
            }
        }
        for element in ["Principal", "NotPrincipal"] {
            let Some(p) = st.get(element) else {
                continue;
            };
            match &p.kind {
                NodeKind::Object(members) if members.is_empty() => cx.report(
                    "EMPTY_OBJECT_PRINCIPAL",
                    p.span,
                    format!("`{element}` names no principal, so the statement has no effect"),
                    Some(i),
                ),
                NodeKind::Object(members) => {
                    for m in members {
                        if matches!(&m.value.kind, NodeKind::Array(items) if items.is_empty()) {
                            cx.report(
                                "EMPTY_ARRAY_PRINCIPAL",
                                m.value.span,
                                format!("`{}` lists no principal", m.name),
                                Some(i),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(c) = st.get("Condition") {
            if matches!(&c.kind, NodeKind::Object(m) if m.is_empty()) {
                cx.report(
                    "EMPTY_OBJECT_CONDITION",
                    c.span,
                    "the `Condition` block is empty; remove it or add conditions".to_string(),
                    Some(i),
                );
            }
        }
    }
}

/// A statement identical to an earlier one, `Sid` aside.
fn redundant_statements(cx: &mut Cx<'_, '_>) {
    let values: Vec<serde_json::Value> = cx
        .statement_nodes
        .iter()
        .map(|n| {
            let mut v = n.to_value();
            if let Some(o) = v.as_object_mut() {
                o.remove("Sid");
            }
            v
        })
        .collect();
    let nodes = cx.statement_nodes.clone();
    for (i, v) in values.iter().enumerate() {
        let earlier = values.iter().take(i).position(|w| w == v);
        if let (Some(j), Some(node)) = (earlier, nodes.get(i)) {
            cx.report(
                "REDUNDANT_STATEMENT",
                Span::new(node.span.start, node.span.start + 1),
                format!(
                    "this statement grants exactly what statement {j} grants; remove one of them"
                ),
                Some(i),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::non_white_chars;

    /// The ASCII count agrees with `char::is_whitespace` on every ASCII character, and text with other characters
    /// is counted by character.
    #[test]
    fn non_white_chars_agrees_with_char_is_whitespace() {
        let ascii: String = (0u8..128).map(char::from).collect();
        for text in [ascii.as_str(), "{ \"Sid\": \"é\u{a0}x\" }", "\u{2003}a b"] {
            let expected = text.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(non_white_chars(text), expected, "{text:?}");
        }
    }
}
