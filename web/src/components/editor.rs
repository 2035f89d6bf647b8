//! The scenario editor: a textarea that reports every edit through a callback.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The scenario JSON to show.
    pub text: AttrValue,
    /// Called with the new text on every edit.
    pub on_input: Callback<String>,
}

/// A textarea holding the scenario JSON.
#[function_component(ScenarioEditor)]
pub fn scenario_editor(props: &EditorProps) -> Html {
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            on_input.emit(area.value());
        })
    };

    html! {
        <section class="editor">
            <h2><label for="scenario">{ "Scenario" }</label></h2>
            <textarea id="scenario" class="scenario" spellcheck="false" rows="24"
                value={props.text.clone()} {oninput} />
        </section>
    }
}
