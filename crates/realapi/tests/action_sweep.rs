//! `sweep_actions` decides every action of the reference for one principal, as deciding each action alone
//! would; the policies are `bench/sweep.mjs`'s ten-policy principal (boundary, two SCP levels, NotAction,
//! conditions of several families).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

const PRINCIPAL: &str = include_str!("../benches/ten-policy-principal.json");

/// Every action is counted once, and each allowed action is one that `evaluate` allows on its own.
#[test]
fn the_sweep_agrees_with_deciding_each_action_alone() {
    let sweep = iam_realapi::sweep_actions(PRINCIPAL);
    assert!(sweep.errors.is_empty(), "{:?}", sweep.errors);
    assert_eq!(sweep.actions, iam_reference::actions().len());
    assert_eq!(
        sweep.allow + sweep.implicit_deny + sweep.explicit_deny,
        sweep.actions
    );
    let scenario = iam_engine::parse_scenario(PRINCIPAL);
    let request = scenario.request.clone().unwrap();
    let allowed: std::collections::BTreeSet<&str> =
        sweep.allowed.iter().map(String::as_str).collect();
    let mut counts = [0usize; 3];
    for action in iam_reference::actions() {
        let mut one = request.clone();
        one.set_action(&action.full_name());
        let d = iam_engine::evaluate(&scenario.policies, &one, iam_engine::Options::DecisionOnly)
            .decision;
        assert_eq!(
            d == iam_engine::Decision::Allow,
            allowed.contains(one.action()),
            "{}",
            one.action()
        );
        counts[match d {
            iam_engine::Decision::Allow => 0,
            iam_engine::Decision::ImplicitDeny => 1,
            iam_engine::Decision::ExplicitDeny => 2,
        }] += 1;
    }
    assert_eq!(
        counts,
        [sweep.allow, sweep.implicit_deny, sweep.explicit_deny]
    );
}

/// Spot checks that follow from the policies and the IAM User Guide ("Policy evaluation logic"): an explicit
/// Deny in an SCP overrides every Allow (iam:CreateUser is denied by the Workloads SCP); an action the
/// boundary's NotAction excludes cannot be allowed (iam:GetUser matches `iam:*User*`); `s3:GetObject` is allowed
/// by Policy1's `s3:Get*` statement, within the boundary and both SCP levels.
#[test]
fn the_sweep_follows_the_documented_rules() {
    let sweep = iam_realapi::sweep_actions(PRINCIPAL);
    let has = |a: &str| sweep.allowed.iter().any(|x| x == a);
    assert!(has("s3:GetObject"));
    assert!(!has("iam:CreateUser"));
    assert!(!has("iam:GetUser"));
    assert!(sweep.explicit_deny > 0);
}
