//! Actions that do not exist: the real call cannot be made as written. The answer says so and names the nearest
//! actions of the reference by spelling.

use crate::answer::{Divergence, DivergenceKind, Fix, RealApiAnswer};
use iam_engine::{Answer, Decision, Request};

/// Up to three actions whose names are closest to `name` (`s3:GetObjects` → `s3:GetObject`): within the
/// service when the prefix is known, else across every service.
pub fn nearest_actions(name: &str) -> Vec<String> {
    let (prefix, action) = name.split_once(':').unwrap_or(("", name));
    let wanted = action.to_ascii_lowercase();
    let limit = (wanted.len() / 3).max(2);
    let mut scored: Vec<(usize, iam_reference::Action)> = match iam_reference::service(prefix) {
        // The edit distance is at least the difference in length: names further off than that are not scored.
        Some(svc) => svc
            .actions()
            .filter(|a| a.name().len().abs_diff(wanted.len()) <= limit)
            .map(|a| (distance(&wanted, &a.name().to_ascii_lowercase()), a))
            .filter(|(d, _)| *d <= limit)
            .collect(),
        None => iam_reference::actions_with_names()
            .filter(|(a, _)| a.name().eq_ignore_ascii_case(action))
            .map(|(a, _)| (0, a))
            .collect(),
    };
    scored.sort_by_cached_key(|(d, a)| (*d, a.full_name()));
    scored
        .into_iter()
        .take(3)
        .map(|(_, a)| a.full_name())
        .collect()
}

fn distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

/// The real-API answer for an action the reference does not know.
pub fn unknown_action(req: &Request, literal: &Answer, problems: Vec<String>) -> RealApiAnswer {
    let near = nearest_actions(req.action());
    let decision = match literal.decision {
        Decision::ExplicitDeny => Decision::ExplicitDeny,
        _ => Decision::ImplicitDeny,
    };
    let explanation = format!(
        "`{}` is not an action of the service authorization reference: no real call authorizes it, so the real \
         answer cannot be Allow{}",
        req.action(),
        if near.is_empty() {
            ".".to_string()
        } else {
            format!(". Did you mean {}?", near.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))
        }
    );
    let d = Divergence {
        kind: DivergenceKind::UnknownAction,
        explanation,
        suggestion: near.first().map(|n| format!("use `{n}`")),
        fix: near.first().map(|n| Fix {
            text: format!("use `{n}`"),
            ..Fix::default()
        }),
        statements: literal.deciding_statements.clone(),
        keys: Vec::new(),
        literal_decision: literal.decision,
        real_decision: decision,
    };
    let (divergences, notes) = if decision != literal.decision {
        (vec![d], Vec::new())
    } else {
        (Vec::new(), vec![d])
    };
    RealApiAnswer {
        decision,
        action: None,
        access_level: None,
        resources: Vec::new(),
        added_keys: Vec::new(),
        removed_keys: Vec::new(),
        call: Vec::new(),
        dependent_actions: Vec::new(),
        divergences,
        notes,
        deciding_statements: if decision == Decision::ExplicitDeny {
            literal.deciding_statements.clone()
        } else {
            Vec::new()
        },
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_actions_have_neighbours() {
        assert_eq!(
            nearest_actions("s3:GetObjects").first().map(String::as_str),
            Some("s3:GetObject")
        );
        assert!(nearest_actions("s3:Xyzzy").is_empty());
    }
}
