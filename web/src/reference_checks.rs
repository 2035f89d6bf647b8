//! What the app checks against the service authorization reference beyond the engine: action names, in policies
//! and in the request, that are no action of any service (`s3:GetObjects`), with the nearest actions by spelling
//! (`iam_realapi::suggest::nearest_actions`). The engine matches such a name like any other text, so a policy
//! naming it parses without a problem and grants nothing.

use iam_engine::{Diagnostic, Policy};

/// The diagnostic code of an action name the reference does not know.
pub const UNKNOWN_ACTION: iam_engine::Code = iam_engine::Code::UnknownAction;

/// How many names' nearest actions are remembered: the request builder shows a hint for every unknown action on each
/// render, and a link can hold hundreds.
const REMEMBERED: usize = 4096;

thread_local! {
    static NEAREST: std::cell::RefCell<std::collections::HashMap<String, String>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// "did you mean `s3:GetObject`?" (or "… `a`, `b` or `c`?"), empty when nothing is near. Remembered by name (the
/// search scores every action of the service by spelling).
pub fn did_you_mean(name: &str) -> String {
    if let Some(known) = NEAREST.with(|m| m.borrow().get(name).cloned()) {
        return known;
    }
    let words = nearest_words(name);
    NEAREST.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= REMEMBERED {
            m.clear();
        }
        m.insert(name.to_owned(), words.clone());
    });
    words
}

fn nearest_words(name: &str) -> String {
    let near = iam_realapi::suggest::nearest_actions(name);
    let quoted: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => format!("did you mean {one}?"),
        [rest @ .., last] => format!("did you mean {} or {last}?", rest.join(", ")),
    }
}

/// The text as a sentence: capitalised, ending with a full stop unless it ends with `?` or `.` already.
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '?', '!']) {
        out.push('.');
    }
    out
}

/// Why an action name in a request names no action, or `None` when the reference knows it. Names with a
/// wildcard are not requests' actions and are left to the engine.
pub fn unknown_request_action(name: &str) -> Option<String> {
    let name = name.trim();
    if name.is_empty() || name.contains(['*', '?']) || iam_reference::action(name).is_some() {
        return None;
    }
    Some(unknown_words(name))
}

fn unknown_words(name: &str) -> String {
    let prefix = name.split_once(':').map(|(p, _)| p);
    let base = match prefix {
        None => format!("`{name}` is not an action: an action is written `service:ActionName`"),
        Some(p) if iam_reference::service(p).is_none() => {
            format!("`{name}` is not an action: no AWS service has the prefix `{p}`")
        }
        Some(_) => format!("`{name}` is not an action of the service authorization reference"),
    };
    match did_you_mean(name) {
        hint if hint.is_empty() => base,
        hint => format!("{base} — {hint}"),
    }
}

/// Warnings for the `Action` and `NotAction` entries of a parsed policy that match no action of the reference,
/// located in the policy's text. `*`, and patterns whose service part has a wildcard, are not checked.
pub fn policy_warnings(policy: &Policy, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for statement in &policy.statements {
        let Some(block) = &statement.action else {
            continue;
        };
        let element = if block.negated { "NotAction" } else { "Action" };
        for p in &block.patterns {
            let raw = p.raw.trim();
            let Some((service, _)) = raw.split_once(':') else {
                // No `service:` part: the engine says what is wrong with it (or it is `*`).
                continue;
            };
            if service.contains(['*', '?']) {
                continue;
            }
            let wildcard = raw.contains(['*', '?']);
            let known = if wildcard {
                !iam_reference::expand_action_pattern(raw).is_empty()
            } else {
                iam_reference::action(raw).is_some()
            };
            if known {
                continue;
            }
            let message = if wildcard {
                format!(
                    "`{raw}` in {element} matches no action of the service authorization reference"
                )
            } else {
                format!(
                    "`{raw}` in {element} is not an action of the service authorization reference"
                )
            };
            let hint = if wildcard {
                String::new()
            } else {
                did_you_mean(raw)
            };
            let help = if hint.is_empty() {
                "check the spelling against the service's actions (the request builder's Add action lists them); \
                 the statement grants nothing for this entry"
                    .to_owned()
            } else {
                format!("{hint} The statement grants nothing for this entry.")
            };
            out.push(
                Diagnostic::warning(UNKNOWN_ACTION, message, help, Some(p.span))
                    .locate(iam_engine::Source::Policy(policy.id.clone()), text),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    fn warnings(text: &str) -> Vec<Diagnostic> {
        let policy = iam_engine::parse_policy_text(
            iam_engine::PolicyKind::Identity,
            "identity/P",
            "P",
            text,
        );
        policy_warnings(&policy, text)
    }

    #[test]
    fn a_misspelt_action_is_flagged_where_it_is_with_the_nearest_one() {
        // Service Authorization Reference, Amazon S3: the action is GetObject; `s3:GetObjects` is no action.
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\",\n    \"Action\": [\"s3:ListBucket\", \"s3:GetObjects\"], \"Resource\": \"*\"}]\n}";
        let w = warnings(text);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].code, UNKNOWN_ACTION);
        assert!(w[0].message.contains("`s3:GetObjects`"), "{}", w[0].message);
        assert!(
            w[0].help.starts_with("did you mean `s3:GetObject`"),
            "{}",
            w[0].help
        );
        let loc = w[0].location.unwrap();
        assert_eq!(loc.line, 4);
        let span = w[0].span.unwrap();
        assert!(text[span.start..span.end].contains("s3:GetObjects"));
    }

    #[test]
    fn known_actions_and_matching_wildcards_are_not_flagged() {
        let ok = r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:getobject", "ec2:Describe*", "*", "iam:*"], "Resource": "*"},
            {"Effect": "Deny", "NotAction": "s3:Get*", "Resource": "*"}]}"#;
        assert!(warnings(ok).is_empty(), "{:?}", warnings(ok));
        let bad = r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Deny", "NotAction": ["s3:Gte*", "nosuchservice:Get"], "Resource": "*"}]}"#;
        let w = warnings(bad);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].message.contains("NotAction matches no action"));
    }

    #[test]
    fn request_actions() {
        assert_eq!(unknown_request_action("s3:GetObject"), None);
        assert_eq!(unknown_request_action("ec2:describevolumes"), None);
        let why = unknown_request_action("s3:GetObjects").unwrap();
        assert!(why.contains("did you mean `s3:GetObject`"), "{why}");
        assert!(unknown_request_action("s4:GetObject")
            .unwrap()
            .contains("prefix `s4`"));
        assert!(unknown_request_action("GetObject")
            .unwrap()
            .contains("service:ActionName"));
    }
}
