//! The workspace bar: the user's own workspace and the one opened from a link side by side, Undo and Redo with what
//! they would undo, and the recent workspaces, each restorable.

use std::rc::Rc;

use yew::prelude::*;

use crate::state::recent::Recent;
use crate::state::{Action, Slot};

#[derive(Properties, PartialEq, Clone)]
pub struct WorkspaceBarProps {
    pub slot: Slot,
    pub has_linked: bool,
    pub undo: Option<AttrValue>,
    pub redo: Option<AttrValue>,
    pub recent: Rc<Vec<Recent>>,
    pub dispatch: Callback<Action>,
}

/// "14:05" for a time in milliseconds since the epoch (the browser's local time).
fn clock(at: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at));
        format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let minutes = (at / 60_000.0) as u64;
        format!("{:02}:{:02}", (minutes / 60) % 24, minutes % 60)
    }
}

#[function_component(WorkspaceBar)]
pub fn workspace_bar(props: &WorkspaceBarProps) -> Html {
    let send = |action: Action| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()))
    };
    let tab = |slot: Slot| {
        let pressed = props.slot == slot;
        html! {
            <button type="button" class={classes!("tab", pressed.then_some("current"))} aria-pressed={pressed.to_string()}
                onclick={send(Action::SwitchTo(slot))}>{ slot.label() }</button>
        }
    };
    let undo_title = props
        .undo
        .as_ref()
        .map_or("Nothing to undo".to_owned(), |u| {
            format!("Undo: {u} (Ctrl+Z)")
        });
    let redo_title = props
        .redo
        .as_ref()
        .map_or("Nothing to redo".to_owned(), |r| {
            format!("Redo: {r} (Ctrl+Shift+Z)")
        });
    html! {
        <div class="workspace-bar" data-testid="workspace-bar">
            if props.has_linked {
                <div class="tabs" role="group" aria-label="Workspaces">
                    { tab(Slot::Own) }
                    { tab(Slot::Linked) }
                </div>
                if props.slot == Slot::Linked {
                    <p class="link-note">
                        { "This workspace was opened from a link; your own is kept as it was. " }
                        <button type="button" onclick={send(Action::KeepLinked)}>{ "Make it my workspace" }</button>
                        { " " }
                        <button type="button" onclick={send(Action::CloseLinked)}>{ "Close it" }</button>
                    </p>
                }
            }
            <div class="history-buttons" role="group" aria-label="History">
                <button type="button" disabled={props.undo.is_none()} title={undo_title} aria-label="Undo"
                    aria-keyshortcuts="Control+Z" onclick={send(Action::Undo)}>{ "↶ Undo" }</button>
                <button type="button" disabled={props.redo.is_none()} title={redo_title} aria-label="Redo"
                    aria-keyshortcuts="Control+Shift+Z" onclick={send(Action::Redo)}>{ "↷ Redo" }</button>
            </div>
            if !props.recent.is_empty() {
                <details class="recent" data-testid="recent">
                    <summary>{ format!("Recent workspaces ({})", props.recent.len()) }</summary>
                    <ul>
                        { for props.recent.iter().enumerate().map(|(i, r)| html! {
                            <li data-testid="recent-entry">
                                <span class="recent-label">{ r.label.clone() }</span>
                                <span class="muted">{ format!(" · {} · {}", r.summary(), clock(r.at)) }</span>
                                { " " }
                                <button type="button" onclick={send(Action::RestoreRecent(i))}
                                    aria-label={format!("Restore: {}", r.label)}>{ "Restore" }</button>
                                <button type="button" onclick={send(Action::ForgetRecent(i))}
                                    aria-label={format!("Forget: {}", r.label)}>{ "✕" }</button>
                            </li>
                        }) }
                    </ul>
                </details>
            }
        </div>
    }
}
