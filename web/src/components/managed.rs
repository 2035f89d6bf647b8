//! "Import managed policy": a searchable picker over the AWS managed policies (loaded on first use from their own
//! asset, `crate::managed`), which copies the chosen policy's document into a new editable identity-based policy.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::managed::{Catalogue, Stored};
use crate::state::Action;

#[derive(Properties, Clone, PartialEq)]
pub struct ManagedPickerProps {
    pub dispatch: Callback<Action>,
}

/// Where the catalogue is.
#[derive(Clone, PartialEq)]
enum Load {
    Idle,
    Loading,
    Ready(Rc<Catalogue>),
    Failed(String),
}

#[function_component(ManagedPicker)]
pub fn managed_picker(props: &ManagedPickerProps) -> Html {
    let open = use_state(|| false);
    let load = use_state(|| crate::managed::loaded().map_or(Load::Idle, Load::Ready));
    let query = use_state(String::new);
    // Whether the browser keeps the asset for offline use, asked each time the picker opens and after a load.
    let stored = use_state(|| None::<Stored>);
    let ask_stored = {
        let stored = stored.clone();
        move || {
            let stored = stored.clone();
            wasm_bindgen_futures::spawn_local(async move {
                stored.set(Some(crate::managed::stored().await));
            });
        }
    };
    let start = {
        let (load, ask_stored) = (load.clone(), ask_stored.clone());
        move || {
            load.set(Load::Loading);
            let (load, ask_stored) = (load.clone(), ask_stored.clone());
            wasm_bindgen_futures::spawn_local(async move {
                load.set(match crate::managed::load().await {
                    Ok(c) => Load::Ready(c),
                    Err(why) => Load::Failed(why),
                });
                ask_stored();
            });
        }
    };
    let toggle = {
        let (open, load, start) = (open.clone(), load.clone(), start.clone());
        Callback::from(move |_: MouseEvent| {
            let opening = !*open;
            open.set(opening);
            if opening {
                ask_stored();
                if matches!(*load, Load::Idle | Load::Failed(_)) {
                    start();
                }
            }
        })
    };
    let stored_line = match *stored {
        Some(s) => html! {
            <p class="muted" data-testid="managed-stored" data-stored={format!("{s:?}")}>{ s.sentence() }</p>
        },
        None => html! {},
    };
    let on_query = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let body = match &*load {
        Load::Idle => html! {},
        Load::Loading => html! {
            <p class="muted" role="status" data-testid="managed-loading">
                { "Loading the AWS managed policies… (the first time only: about 440 KB, then kept for offline use)" }
            </p>
        },
        Load::Failed(why) => {
            let retry = Callback::from(move |_: MouseEvent| start());
            html! {
                <p class="note" role="alert">
                    { format!("The AWS managed policies could not be loaded: {why}. ") }
                    <button type="button" onclick={retry}>{ "Try again" }</button>
                </p>
            }
        }
        Load::Ready(catalogue) => {
            let found = catalogue.search(&query);
            html! {
                <>
                    <label for="managed-search">{ format!("Search {} AWS managed policies", catalogue.entries.len()) }</label>
                    <input id="managed-search" type="search" value={(*query).clone()} oninput={on_query}
                        placeholder="IAMFullAccess, AmazonEC2…" autocomplete="off" />
                    <ul class="managed-results" aria-label="AWS managed policies">
                        { for found.into_iter().map(|entry| {
                            let pick = {
                                let (dispatch, open, entry) = (props.dispatch.clone(), open.clone(), entry.clone());
                                Callback::from(move |_: MouseEvent| {
                                    if let Some(text) = entry.document() {
                                        dispatch.emit(Action::AddPolicyDocument { name: entry.name.clone(), text });
                                        open.set(false);
                                    }
                                })
                            };
                            html! {
                                <li>
                                    <button type="button" data-testid="managed-policy" onclick={pick}
                                        aria-label={format!("Import {} ({})", entry.name, entry.version)}>{ entry.name.clone() }</button>
                                    <span class="muted">{ format!(" {} · {}", entry.version, entry.arn) }</span>
                                </li>
                            }
                        }) }
                    </ul>
                    <p class="muted">{ format!("From npm {} (MIT); the copy is yours to edit, the AWS original does not change.", catalogue.source) }</p>
                </>
            }
        }
    };
    html! {
        <div class="managed-picker">
            <button type="button" onclick={toggle} aria-expanded={open.to_string()} aria-controls="managed-panel"
                data-testid="import-managed">{ "Import managed policy" }</button>
            if *open {
                <div id="managed-panel" class="managed-panel">{ body }{ stored_line }</div>
            }
        </div>
    }
}
