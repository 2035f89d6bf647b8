//! Shows the engine's decision, and the full answer beneath it.

use iam_engine::Decision;
use yew::prelude::*;

/// The word shown for a decision; the same words the engine uses in its JSON.
pub fn decision_label(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "Allow",
        Decision::ImplicitDeny => "ImplicitDeny",
        Decision::ExplicitDeny => "ExplicitDeny",
    }
}

/// A CSS class that colours the decision.
fn decision_class(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "decision-allow",
        Decision::ImplicitDeny => "decision-implicit-deny",
        Decision::ExplicitDeny => "decision-explicit-deny",
    }
}

#[derive(Properties, PartialEq)]
pub struct DecisionProps {
    pub decision: Decision,
    /// The whole answer, pretty-printed.
    pub details: AttrValue,
}

/// The decision as a large coloured word, with the answer's details.
#[function_component(DecisionView)]
pub fn decision_view(props: &DecisionProps) -> Html {
    html! {
        <section class="result" aria-live="polite">
            <h2>{ "Decision" }</h2>
            <p class={classes!("decision", decision_class(props.decision))} data-testid="decision">
                { decision_label(props.decision) }
            </p>
            <details>
                <summary>{ "Full answer" }</summary>
                <pre class="answer-json">{ props.details.clone() }</pre>
            </details>
        </section>
    }
}
