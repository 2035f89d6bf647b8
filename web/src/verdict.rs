//! Which answer leads: the real API call's decision is the call the user will make, so when it differs from the
//! literal simulation it is the headline and the literal one explains it; when the input cannot be evaluated
//! (broken JSON, an action that does not exist) there is no verdict at all, only what is wrong. Shared by the app
//! and the widget.

use iam_engine::{Decision, Diagnostic};
use iam_realapi::{DivergenceKind, FullAnswer};

/// What to say first about one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Headline {
    /// No verdict: why the input cannot be evaluated (the text after "Can't evaluate: ").
    CantEvaluate(String),
    /// The literal simulation and the real call agree.
    Agree(Decision),
    /// They differ: the real call leads, the literal answer explains.
    Differ { real: Decision, literal: Decision },
}

impl Headline {
    /// The headline of a full answer.
    pub fn of(answer: &FullAnswer) -> Self {
        if let Some(why) = cannot_evaluate(answer) {
            return Headline::CantEvaluate(why);
        }
        let literal = answer.literal.decision;
        match answer.real_api.as_ref().map(|r| r.decision) {
            Some(real) if real != literal => Headline::Differ { real, literal },
            _ => Headline::Agree(literal),
        }
    }

    /// The decision that leads, when there is one.
    pub fn decision(&self) -> Option<Decision> {
        match self {
            Headline::CantEvaluate(_) => None,
            Headline::Agree(d) => Some(*d),
            Headline::Differ { real, .. } => Some(*real),
        }
    }
}

/// The style class of a decision, for the app and the widget (the colour only repeats the words).
pub fn decision_class(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "decision-allow",
        Decision::ImplicitDeny => "decision-implicit-deny",
        Decision::ExplicitDeny => "decision-explicit-deny",
    }
}

/// Where a diagnostic is, for people: "policy identity/P, line 3, column 12".
fn place(d: &Diagnostic) -> String {
    let at = d
        .location
        .map(|l| format!("line {}, column {}", l.line, l.column));
    let whose = match &d.source {
        Some(iam_engine::Source::Scenario) | None => None,
        Some(iam_engine::Source::Policy(policy)) => Some(format!("policy {policy}")),
        Some(iam_engine::Source::Other(text)) => Some(text.clone()),
    };
    match (whose, at) {
        (Some(w), Some(a)) => format!(" ({w}, {a})"),
        (Some(w), None) => format!(" ({w})"),
        (None, Some(a)) => format!(" ({a})"),
        (None, None) => String::new(),
    }
}

/// Why the answer is no verdict: the request's action does not exist, or the input has errors that left it
/// incomplete. `None` when the answer can be trusted as a decision.
pub fn cannot_evaluate(answer: &FullAnswer) -> Option<String> {
    let literal = &answer.literal;
    let unknown = answer.real_api.as_ref().is_some_and(|r| {
        r.findings()
            .any(|d| d.kind == DivergenceKind::UnknownAction)
    });
    if let Some(action) = literal.request.as_ref().map(|r| r.action.as_str()) {
        if let Some(why) = crate::reference_checks::unknown_request_action(action) {
            return Some(why);
        }
        if unknown {
            return Some(format!(
                "`{action}` is not an action of the service authorization reference"
            ));
        }
    }
    let errors: Vec<&Diagnostic> = literal.errors.iter().filter(|d| d.is_error()).collect();
    match errors.first() {
        Some(first) => {
            let more = match errors.len() - 1 {
                0 => String::new(),
                1 => " (and 1 more error)".to_owned(),
                n => format!(" (and {n} more errors)"),
            };
            Some(format!("{}{}{more}", first.message, place(first)))
        }
        None if literal.incomplete => Some(
            "part of the input could not be evaluated; fix the problems shown in the editors"
                .to_owned(),
        ),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

    use super::*;

    fn answer(policy: &str, action: &str, resource: &str) -> FullAnswer {
        let scenario = serde_json::json!({
            "policies": { "identity": [ { "name": "P", "document": policy } ] },
            "request": { "principal": "arn:aws:iam::111122223333:user/alice", "action": action, "resource": resource },
        });
        iam_realapi::evaluate_full(&scenario.to_string(), None)
    }

    const VOLUMES: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:DescribeVolumes",
        "Resource": "arn:aws:ec2:us-east-1:111122223333:volume/*"}]}"#;

    #[test]
    fn the_real_call_leads_when_the_answers_differ() {
        // The DescribeVolumes surprise: the literal request is allowed, the real call (authorized against
        // `*`, Service Authorization Reference) is not.
        let a = answer(
            VOLUMES,
            "ec2:DescribeVolumes",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-1",
        );
        let h = Headline::of(&a);
        assert_eq!(
            h,
            Headline::Differ {
                real: Decision::ImplicitDeny,
                literal: Decision::Allow
            }
        );
        assert_eq!(h.decision(), Some(Decision::ImplicitDeny));
    }

    #[test]
    fn agreeing_answers_are_one_verdict() {
        let a = answer(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:DescribeVolumes", "Resource": "*"}]}"#,
            "ec2:DescribeVolumes",
            "*",
        );
        assert_eq!(Headline::of(&a), Headline::Agree(Decision::Allow));
    }

    #[test]
    fn broken_json_has_no_verdict_and_says_where() {
        // RFC 8259: a member is `string : value`; the colon is missing at line 3, column 12.
        let a = answer(
            "{\n  \"Version\": \"2012-10-17\",\n  \"Effect\" \"Allow\"\n}",
            "s3:GetObject",
            "*",
        );
        let Headline::CantEvaluate(why) = Headline::of(&a) else {
            panic!("a verdict for broken JSON")
        };
        assert!(why.contains("invalid JSON"), "{why}");
        assert!(
            why.contains("policy identity/P, line 3, column 12"),
            "{why}"
        );
    }

    #[test]
    fn an_unknown_action_has_no_verdict_and_suggests_the_nearest() {
        // A policy allowing s3:* "allows" s3:GetObjects literally; no real call has that name (Service
        // Authorization Reference, Amazon S3: GetObject).
        let a = answer(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#,
            "s3:GetObjects",
            "arn:aws:s3:::bucket/key",
        );
        let Headline::CantEvaluate(why) = Headline::of(&a) else {
            panic!("a verdict for an unknown action")
        };
        assert!(why.contains("did you mean `s3:GetObject`"), "{why}");
        assert_eq!(Headline::of(&a).decision(), None);
    }
}
