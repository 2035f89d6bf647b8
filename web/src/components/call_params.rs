//! What the call passes (the scenario's `realApi.call`): the parameters that change what the listed actions
//! authorize are offered with why; every other parameter is one click away, and one already set is always shown.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::request::offered_for;
use crate::state::Action;
use crate::workspace::call::{CallParam, ROOT_DEVICES};
use crate::workspace::RequestSpec;

#[derive(Properties, Clone)]
pub struct CallParamsProps {
    pub request: Rc<RequestSpec>,
    pub dispatch: Callback<Action>,
}

impl PartialEq for CallParamsProps {
    fn eq(&self, other: &Self) -> bool {
        self.request == other.request && self.dispatch == other.dispatch
    }
}

/// The DOM id of a parameter's input.
pub fn input_id(param: CallParam) -> String {
    format!("call-{}", param.key())
}

/// One parameter: its label, its input (a select for the root device, a textarea for tags), and why it matters.
fn param_row(
    param: CallParam,
    value: &str,
    why: Option<&str>,
    account: &str,
    dispatch: &Callback<Action>,
) -> Html {
    let id = input_id(param);
    let label = format!("{} ({})", param.label(), param.key());
    let input = match param {
        CallParam::RootDevice => {
            let dispatch = dispatch.clone();
            let onchange = Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<HtmlSelectElement>().value();
                dispatch.emit(Action::SetCallParam(CallParam::RootDevice, v));
            });
            html! {
                <select id={id.clone()} {onchange}>
                    <option value="" selected={value.is_empty()}>{ "(not said: EBS-backed, the default)" }</option>
                    { for ROOT_DEVICES.iter().map(|d| html! { <option value={*d} selected={value == *d}>{ *d }</option> }) }
                </select>
            }
        }
        CallParam::Tags => {
            let dispatch = dispatch.clone();
            let oninput = Callback::from(move |e: InputEvent| {
                let v = e.target_unchecked_into::<HtmlTextAreaElement>().value();
                dispatch.emit(Action::SetCallParam(CallParam::Tags, v));
            });
            html! {
                <textarea id={id.clone()} class="wide mono" rows="2" placeholder={param.placeholder(account)}
                    value={value.to_owned()} {oninput} />
            }
        }
        _ => {
            let dispatch = dispatch.clone();
            let oninput = Callback::from(move |e: InputEvent| {
                let v = e.target_unchecked_into::<HtmlInputElement>().value();
                dispatch.emit(Action::SetCallParam(param, v));
            });
            html! {
                <input id={id.clone()} class="wide mono" placeholder={param.placeholder(account)}
                    value={value.to_owned()} {oninput} />
            }
        }
    };
    html! {
        <div class="call-param" data-testid="call-param" data-param={param.key()}>
            <div class="row">
                <label for={id}>{ label }</label>
                { input }
            </div>
            if let Some(why) = why {
                <p class="muted call-why">{ why.to_owned() }</p>
            }
        </div>
    }
}

#[function_component(CallParams)]
pub fn call_params(props: &CallParamsProps) -> Html {
    let r = &props.request;
    let offers = offered_for(&r.actions);
    let account = r
        .principal
        .split(':')
        .nth(4)
        .filter(|a| !a.is_empty())
        .unwrap_or("111122223333")
        .to_owned();
    let value = |p: CallParam| r.call.get(&p).cloned().unwrap_or_default();
    // Offered ones first, then any other already set; the rest behind a disclosure.
    let shown: Vec<(CallParam, Option<String>)> = CallParam::ALL
        .into_iter()
        .filter_map(|p| match offers.iter().find(|o| o.param == p) {
            Some(o) => Some((p, Some(o.why.clone()))),
            None if r.call.contains_key(&p) => Some((
                p,
                Some("set, though no action listed here uses it".to_owned()),
            )),
            None => None,
        })
        .collect();
    let others: Vec<CallParam> = CallParam::ALL
        .into_iter()
        .filter(|p| !shown.iter().any(|(s, _)| s == p))
        .collect();
    html! {
        <fieldset class="call-params" data-testid="call-params">
            <legend>{ "What the call passes" }</legend>
            <p class="muted">
                { "Parameters that change what the real call authorizes (" }<code>{ "realApi.call" }</code>
                { "); they apply to every request row." }
            </p>
            if shown.is_empty() {
                <p class="muted" data-testid="no-call-params">{ "No parameter changes what the listed actions authorize." }</p>
            }
            { for shown.iter().map(|(p, why)| param_row(*p, &value(*p), why.as_deref(), &account, &props.dispatch)) }
            if !others.is_empty() {
                <details class="other-call-params">
                    <summary>{ format!("Other call parameters ({})", others.len()) }</summary>
                    { for others.iter().map(|p| param_row(*p, &value(*p), None, &account, &props.dispatch)) }
                </details>
            }
        </fieldset>
    }
}
