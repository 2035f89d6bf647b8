//! Deciding one request for many actions: what each statement says apart from its Action element is worked out
//! once, and each action then only matches Action elements before the same decision as [`super::evaluate`].

use super::statement::{apart_from_action, StatementOutcome};
use super::{evaluate_with, Options, PolicySet};
use crate::answer::Decision;
use crate::policy::Policy;
use crate::request::Request;

/// A statement as an [`ActionSweep`] sees it.
#[derive(Debug, Clone)]
pub(super) struct Swept<'p> {
    /// What the statement's Resource, Principal and Condition elements decide (the same for every action).
    pub outcome: StatementOutcome<'p>,
    /// The action patterns that can match an action of the service being swept (by index).
    pub patterns: Vec<usize>,
}

/// Decides one request for many actions: the policies, principal, resource and context stay the same and only
/// the action changes (a sweep over every action of the reference). Each statement's Resource, Principal and
/// Condition elements are evaluated once, in [`ActionSweep::new`]; each [`ActionSweep::decide`] then matches
/// Action elements and applies the same truth table as [`super::evaluate`], which gives the same decision.
pub struct ActionSweep<'s> {
    set: &'s PolicySet,
    request: Request,
    swept: Vec<(&'s Policy, Vec<Swept<'s>>)>,
    /// The service prefix the statements' `patterns` were chosen for.
    service: Option<String>,
}

impl<'s> ActionSweep<'s> {
    /// Prepares the sweep for `request` (its action is replaced by each [`ActionSweep::decide`]).
    pub fn new(set: &'s PolicySet, request: Request) -> Self {
        let has_boundary =
            set.permissions_boundary.is_some() && request.principal.can_have_boundary();
        let swept = set
            .policies()
            .map(|(policy, _)| {
                let statements = policy
                    .statements
                    .iter()
                    .map(|st| Swept {
                        outcome: apart_from_action(policy, st, &request, has_boundary),
                        patterns: Vec::new(),
                    })
                    .collect();
                (policy, statements)
            })
            .collect();
        ActionSweep {
            set,
            request,
            swept,
            service: None,
        }
    }

    /// The decision alone for `action` (as `service:Name`, any case). Sweeping the actions service by service
    /// is fastest: the patterns that can match a service's actions are chosen when the service changes.
    pub fn decide(&mut self, action: &str) -> Decision {
        self.request.set_action(action);
        let service = self
            .request
            .action_lower()
            .split_once(':')
            .map_or(self.request.action_lower(), |(s, _)| s);
        if self.service.as_deref() != Some(service) {
            for (policy, swept) in &mut self.swept {
                for (st, sw) in policy.statements.iter().zip(swept.iter_mut()) {
                    sw.patterns.clear();
                    if let Some(action) = &st.action {
                        sw.patterns.extend(
                            action
                                .patterns
                                .iter()
                                .enumerate()
                                .filter(|(_, p)| may_match_service(&p.raw, service))
                                .map(|(i, _)| i),
                        );
                    }
                }
            }
            self.service = Some(service.to_string());
        }
        evaluate_with(self.set, &self.request, Options::DecisionOnly, &self.swept).decision
    }
}

/// Whether an action pattern can match some action of the service `prefix` (lower-case). Only a pattern whose
/// text before its first `:` has no wildcard and differs from the prefix is ruled out: service prefixes contain
/// no `:`, so such a pattern cannot match `prefix:…`.
fn may_match_service(pattern: &str, prefix: &str) -> bool {
    match pattern.split_once(':') {
        Some((svc, _)) if !svc.contains(['*', '?']) => svc.eq_ignore_ascii_case(prefix),
        _ => true,
    }
}
