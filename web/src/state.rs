//! The page's state as plain Rust: a [`State`], the [`Action`]s that change it, and a pure reducer.

use std::rc::Rc;

use iam_engine::{Answer, Decision};
use yew::Reducible;

use crate::example::EXAMPLE_SCENARIO;

/// Everything the page shows, derived only from the actions applied so far.
#[derive(Debug, Clone)]
pub struct State {
    /// The scenario JSON as the user typed it.
    pub scenario: String,
    /// The engine's answer for `scenario`.
    pub answer: Answer,
}

/// What can happen to the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The user edited the scenario text; evaluate it again.
    SetScenario(String),
}

impl State {
    /// A state holding `scenario` and the engine's answer for it.
    pub fn for_scenario(scenario: String) -> Self {
        let answer = iam_engine::evaluate_scenario_json(&scenario);
        Self { scenario, answer }
    }

    /// The decision to show.
    pub fn decision(&self) -> Decision {
        self.answer.decision
    }

    /// The whole answer as pretty JSON, for the details view.
    pub fn answer_json(&self) -> String {
        serde_json::to_string_pretty(&self.answer)
            .unwrap_or_else(|err| format!("cannot show the answer: {err}"))
    }
}

impl Default for State {
    /// The page opens on the built-in example, already evaluated.
    fn default() -> Self {
        Self::for_scenario(EXAMPLE_SCENARIO.to_owned())
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::SetScenario(text) if text == self.scenario => self,
            Action::SetScenario(text) => Rc::new(Self::for_scenario(text)),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;

    fn answer_value(answer: &Answer) -> serde_json::Value {
        serde_json::to_value(answer).unwrap()
    }

    #[test]
    fn opens_on_the_example_already_evaluated() {
        let state = State::default();
        assert_eq!(state.scenario, EXAMPLE_SCENARIO);
        assert_eq!(
            answer_value(&state.answer),
            answer_value(&iam_engine::evaluate_scenario_json(EXAMPLE_SCENARIO))
        );
    }

    #[test]
    fn the_example_is_valid_json_with_policies_and_a_request() {
        let value: serde_json::Value = serde_json::from_str(EXAMPLE_SCENARIO).unwrap();
        assert_eq!(value["request"]["action"], "ec2:DescribeVolumes");
        assert_eq!(value["policies"]["identity"][0]["name"], "VolumesOnly");
    }

    #[test]
    fn set_scenario_replaces_the_text_and_evaluates_it() {
        let text = r#"{"policies":{},"request":{"principal":"anonymous","action":"s3:GetObject","resource":"*"}}"#;
        let next = Rc::new(State::default()).reduce(Action::SetScenario(text.to_owned()));
        assert_eq!(next.scenario, text);
        assert_eq!(
            answer_value(&next.answer),
            answer_value(&iam_engine::evaluate_scenario_json(text))
        );
        assert_eq!(next.decision(), next.answer.decision);
    }

    #[test]
    fn setting_the_same_text_keeps_the_same_state() {
        let state = Rc::new(State::default());
        let next = state
            .clone()
            .reduce(Action::SetScenario(EXAMPLE_SCENARIO.to_owned()));
        assert!(Rc::ptr_eq(&state, &next));
    }

    #[test]
    fn answer_json_names_the_decision() {
        let state = State::default();
        let json: serde_json::Value = serde_json::from_str(&state.answer_json()).unwrap();
        assert!(json.get("decision").is_some());
    }
}
