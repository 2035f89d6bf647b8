//! The policy type an access-denied message blames: "because no TYPE policy allows the ACTION action" (an implicit
//! deny) or "with an explicit deny in a TYPE policy", as the IAM User Guide's "Troubleshoot access denied error
//! messages" page describes them.

use iam_engine::PolicyKind;
use serde::Serialize;

/// The policy type a message blames.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Blame {
    /// The policy type, as the engine names it (`identity`, `permissionsBoundary`, `scp`…); `None` when the message
    /// says a deny without the type (a decoded message with `explicitDeny`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_type: Option<PolicyKind>,
    /// An explicit deny (a `Deny` statement) rather than no `Allow`.
    pub explicit: bool,
    /// The phrase as written in the message.
    pub phrase: String,
    /// A role trust policy (a resource-based policy of the role).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub trust_policy: bool,
    /// The policy type the denial came through ("in a VPC endpoint policy transitively through a service control
    /// policy": the SCP is to blame, through the endpoint).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub through: Option<PolicyKind>,
    /// The denying policy's ARN, when the message names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_arn: Option<String>,
}

impl Blame {
    /// The blame in words (`an explicit deny in a permissions boundary`).
    pub fn describe(&self) -> String {
        let what = match (self.policy_type, self.trust_policy) {
            (_, true) => "role trust policy".to_string(),
            (Some(k), false) => k.label().to_string(),
            (None, false) => "policy of an unnamed type".to_string(),
        };
        let mut s = if self.explicit {
            format!("an explicit deny in a {what}")
        } else {
            format!("no {what} allows it")
        };
        if let Some(t) = self.through {
            s.push_str(&format!(" (through a {})", t.label()));
        }
        if let Some(arn) = &self.policy_arn {
            s.push_str(&format!(": `{arn}`"));
        }
        s
    }
}

/// The policy type a phrase such as `identity-based`, `service control`, `permissions boundary` names.
pub(crate) fn policy_type(words: &str) -> Option<(PolicyKind, bool)> {
    let w = words.trim().to_ascii_lowercase();
    let w = w
        .trim_start_matches("an ")
        .trim_start_matches("a ")
        .trim_start_matches("the ")
        .trim_end_matches(" policies")
        .trim_end_matches(" policy")
        .trim_end_matches(" (scp)")
        .trim();
    let kind = match w {
        "identity-based" | "identity based" | "identity" => PolicyKind::Identity,
        "resource-based" | "resource based" | "resource" => PolicyKind::Resource,
        "role trust" | "trust" => return Some((PolicyKind::Resource, true)),
        "permissions boundary" | "permission boundary" | "permissions boundaries" => {
            PolicyKind::PermissionsBoundary
        }
        "session" | "sessions" => PolicyKind::Session,
        "service control" | "scp" => PolicyKind::Scp,
        "resource control" | "rcp" => PolicyKind::Rcp,
        "vpc endpoint" | "vpc-endpoint" | "endpoint" => PolicyKind::VpcEndpoint,
        _ => return None,
    };
    Some((kind, false))
}

/// Reads the blame clause of a message (the text after the resource, or after the action): `because no … allows
/// the … action`, `with an explicit deny in a … policy[ transitively through a … policy][: ARN]`, `because the role
/// trust policy allows …` (the IAM User Guide's own wording of the trust-policy example).
pub(crate) fn parse(clause: &str) -> Option<Blame> {
    let lower_all = clause.to_ascii_lowercase();
    let start = [
        "with an explicit deny in ",
        "because no ",
        "because the role trust policy",
    ]
    .iter()
    .filter_map(|p| lower_all.find(p))
    .min()?;
    let clause = clause_end(clause.get(start..)?);
    let lower = clause.to_ascii_lowercase();
    if let Some(at) = lower.find("with an explicit deny in ") {
        let rest = clause.get(at + "with an explicit deny in ".len()..)?;
        let phrase = clause.get(at..)?.trim().trim_end_matches('.').to_string();
        let (main, through) = match rest.to_ascii_lowercase().find(" transitively through ") {
            Some(t) => (
                rest.get(..t)?,
                rest.get(t + " transitively through ".len()..),
            ),
            None => (rest, None),
        };
        let (main, arn) = split_arn(main);
        let (kind, trust) = policy_type(main)?;
        let through_kind = through
            .and_then(|t| policy_type(split_arn(t).0))
            .map(|(k, _)| k);
        // "in a VPC endpoint policy transitively through a service control policy": the IAM User Guide says to
        // check the SCPs.
        let (kind, through) = match through_kind {
            Some(t) => (t, Some(kind)),
            None => (kind, None),
        };
        return Some(Blame {
            policy_type: Some(kind),
            explicit: true,
            phrase,
            trust_policy: trust,
            through,
            policy_arn: arn,
        });
    }
    if let Some(at) = lower.find("because no ") {
        let rest = clause.get(at + "because no ".len()..)?;
        let end = rest.to_ascii_lowercase().find(" allows")?;
        let (kind, trust) = policy_type(rest.get(..end)?)?;
        let phrase = clause.get(at..)?.trim().trim_end_matches('.').to_string();
        return Some(Blame {
            policy_type: Some(kind),
            explicit: false,
            phrase,
            trust_policy: trust,
            through: None,
            policy_arn: None,
        });
    }
    if let Some(at) = lower.find("because the role trust policy") {
        let phrase = clause.get(at..)?.trim().trim_end_matches('.').to_string();
        return Some(Blame {
            policy_type: Some(PolicyKind::Resource),
            explicit: false,
            phrase,
            trust_policy: true,
            through: None,
            policy_arn: None,
        });
    }
    None
}

/// The clause up to the end of its sentence: the text after it (". Encoded authorization failure message…",
/// " (Service: …") is not part of it.
fn clause_end(clause: &str) -> &str {
    let mut end = clause.len();
    for stop in [". ", " (", ";", "\n", "\"", "<"] {
        if let Some(i) = clause.find(stop) {
            end = end.min(i);
        }
    }
    clause.get(..end).unwrap_or(clause).trim_end_matches('.')
}

/// `identity-based policy: arn:aws:iam::…:policy/X` → the type words and the ARN.
fn split_arn(text: &str) -> (&str, Option<String>) {
    match text.find(": arn:").or_else(|| text.find(":arn:")) {
        Some(i) => {
            let arn = text
                .get(i + 1..)
                .unwrap_or_default()
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .trim_end_matches(['.', ',', '"', '\''])
                .to_string();
            (text.get(..i).unwrap_or(text), Some(arn))
        }
        None => (text.trim().trim_end_matches('.'), None),
    }
}
