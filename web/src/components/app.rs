//! The root component: owns the reducer, persists the workspace, and hands props and callbacks to the others.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::browser;
use crate::components::answers::GapPanel;
use crate::components::policies::{editor_dom_id, PolicyList};
use crate::components::request::RequestBuilder;
use crate::components::results::ResultsTable;
use crate::examples::{self, EXAMPLES};
use crate::share;
use crate::state::{Action, State};

/// The state a visit opens on: a shared link's workspace, else the saved one, else the first example.
fn initial_state() -> State {
    if let Some(ws) = share::decode(&browser::fragment()) {
        return State::new(ws);
    }
    browser::load_saved().map(State::new).unwrap_or_default()
}

/// The whole page.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };

    // Nothing typed is lost: every change of the workspace is saved.
    use_effect_with(state.workspace.clone(), |ws| {
        browser::save(ws);
    });

    let workspace = Rc::new(state.workspace.clone());
    let on_statement = {
        let workspace = workspace.clone();
        let evaluation = state.evaluation.clone();
        Callback::from(move |statement: String| {
            let Some((policy_id, _)) = statement.rsplit_once('#') else {
                return;
            };
            let line = evaluation
                .rows
                .iter()
                .flat_map(|r| r.answer.literal.policies.iter())
                .flat_map(|p| p.statements.iter())
                .find(|s| s.id == statement)
                .and_then(|s| s.location)
                .map_or(1, |l| l.line);
            if let Some(entry) = workspace
                .policies
                .iter()
                .find(|p| p.engine_id() == policy_id)
            {
                browser::show_line(&editor_dom_id(entry.id), line);
            }
        })
    };
    let on_example = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            if let Some(example) = examples::example(&select.value()) {
                dispatch.emit(Action::Load(examples::workspace_of(example)));
            }
            select.set_value("");
        })
    };
    let on_share = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            browser::set_fragment(&share::encode(&state.workspace));
            state.dispatch(Action::Notice(Some(
                "The link in the address bar now holds the whole workspace (in its #fragment, which is never sent to a server).".to_owned(),
            )));
        })
    };
    let on_export = {
        let workspace = workspace.clone();
        Callback::from(move |_: MouseEvent| {
            browser::download("scenario.json", &workspace.export_json())
        })
    };
    let on_import = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let dispatch = dispatch.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(v) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    if let Some(text) = v.as_string() {
                        dispatch.emit(Action::ImportScenario(text));
                    }
                }
            });
            input.set_value("");
        })
    };
    let selected = state.selected();
    let context = Rc::new(
        selected
            .map(|r| r.answer.literal.context.clone())
            .unwrap_or_default(),
    );

    html! {
        <main class="app">
            <header class="top">
                <div>
                    <h1>{ "IAM Policy Simulator" }</h1>
                    <p class="tagline">{ "Evaluate AWS IAM policies against requests, entirely in your browser: nothing you type leaves the page." }</p>
                </div>
                <nav class="toolbar" aria-label="Workspace">
                    <label for="examples">{ "Examples" }</label>
                    <select id="examples" onchange={on_example}>
                        <option value="" selected=true>{ "Load an example…" }</option>
                        { for EXAMPLES.iter().map(|e| html! { <option value={e.id}>{ e.title }</option> }) }
                    </select>
                    <button type="button" onclick={on_share}>{ "Share link" }</button>
                    <button type="button" onclick={on_export}>{ "Export scenario" }</button>
                    <label class="button" for="import-file">{ "Import scenario" }</label>
                    <input id="import-file" class="visually-hidden" type="file" accept=".json,application/json" onchange={on_import} />
                </nav>
            </header>
            if let Some(notice) = &state.notice {
                <p class="notice" role="status">{ notice.clone() }</p>
            }
            <div class="workspace">
                <PolicyList workspace={workspace.clone()} evaluation={state.evaluation.clone()} dispatch={dispatch.clone()} />
                <div class="side">
                    { match selected {
                        Some(row) => html! {
                            <>
                                <p class="selected-request">{ "Showing " }<code>{ row.row.action.clone() }</code>{ " on " }<code>{ row.row.resource.clone() }</code></p>
                                <GapPanel evaluation={state.evaluation.clone()} row={state.selected_row.min(state.evaluation.rows.len().saturating_sub(1))} on_statement={on_statement.clone()} />
                            </>
                        },
                        None => html! { <section class="panel"><p class="muted">{ "Add an action to the request to see the answers." }</p></section> },
                    } }
                    <ResultsTable evaluation={state.evaluation.clone()} selected={state.selected_row}
                        dispatch={dispatch.clone()} on_statement={on_statement.clone()} />
                    <RequestBuilder request={Rc::new(state.workspace.request.clone())} {context} dispatch={dispatch.clone()} />
                </div>
            </div>
        </main>
    }
}
