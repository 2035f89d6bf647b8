//! A statement that cannot be evaluated is reported and never silently flips the decision: the answer is marked
//! incomplete and names the statement that might change it (project rule from the engine issue; AWS itself
//! rejects such a policy, IAM User Guide, "Grammar of the IAM JSON policy language").
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[test]
fn an_unevaluable_deny_that_names_the_action_is_called_out() {
    let text = include_str!("data/unevaluable-deny.json");
    let answer = iam_engine::evaluate_scenario_json(text);
    assert!(answer.incomplete);
    assert_eq!(answer.errors[0].code, "unknown-condition-operator");
    assert!(
        answer
            .reason
            .contains("identity/A#1 could not be evaluated"),
        "{}",
        answer.reason
    );
    let st = answer.statement("identity/A#1").unwrap();
    assert!(!st.applies);
    assert!(!st.unevaluable.is_empty());
}
