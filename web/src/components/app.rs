//! The root component: owns the reducer and hands props and callbacks to the others.

use yew::prelude::*;

use crate::components::decision::DecisionView;
use crate::components::editor::ScenarioEditor;
use crate::state::{Action, State};

/// The whole page.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);

    let on_input = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(Action::SetScenario(text)))
    };

    html! {
        <main class="app">
            <header>
                <h1>{ "IAM Policy Simulator" }</h1>
                <p class="tagline">{ "Evaluate AWS IAM policies against a request, entirely in your browser." }</p>
            </header>
            <section class="workspace">
                <ScenarioEditor text={state.scenario.clone()} {on_input} />
                <DecisionView decision={state.decision()} details={state.answer_json()} />
            </section>
        </main>
    }
}
