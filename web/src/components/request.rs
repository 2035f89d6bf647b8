//! The request builder: principal (type, ARN, tags), actions with autocomplete over the reference (a name it does
//! not know is added as typed, with a warning), resources with the action's ARN templates, what the call passes
//! (the parameters that change what it authorizes), and context keys with inputs typed by the reference.

use std::rc::Rc;

use iam_engine::ContextValue;
use iam_reference::KeyType;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::call_params::CallParams;
use crate::reference_checks::unknown_request_action;
use crate::state::Action;
use crate::workspace::call::{self, CallParam, Offer};
use crate::workspace::{PrincipalKind, PrincipalWords, RequestSpec};

/// At most this many suggestions are shown.
pub const MAX_SUGGESTIONS: usize = 12;

/// Actions whose full name contains every word of `query` (case-insensitive; words split on spaces and `:`),
/// those starting with the query first, capped at `limit`.
pub fn suggest_actions(query: &str, limit: usize) -> Vec<(String, &'static str)> {
    let q = query.trim().to_ascii_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let words: Vec<&str> = q
        .split(|c: char| c.is_whitespace() || c == ':')
        .filter(|w| !w.is_empty())
        .collect();
    let mut starts = Vec::new();
    let mut rest = Vec::new();
    for a in iam_reference::actions() {
        let name = a.full_name();
        let lower = name.to_ascii_lowercase();
        if !words.iter().all(|w| lower.contains(w)) {
            continue;
        }
        let item = (name, a.access_level().as_str());
        if lower.starts_with(&q) {
            starts.push(item);
        } else if rest.len() < limit {
            rest.push(item);
        }
        if starts.len() >= limit {
            break;
        }
    }
    starts.extend(rest);
    starts.truncate(limit);
    starts
}

/// The actions of the reference an action pattern (`s3:Get*`, `ec2:Describe*`, `iam:*`) matches, as the Action
/// element matches them (case-insensitively, `*` and `?` wildcards), with their access levels, in reference order.
pub fn expand_pattern(pattern: &str) -> Vec<(String, &'static str)> {
    let pattern = pattern.trim().to_ascii_lowercase();
    let Some((service, _)) = pattern.split_once(':') else {
        return Vec::new();
    };
    let matcher = iam_engine::pattern::Pattern::new(&pattern);
    let candidates: Vec<iam_reference::Action> = if service.contains(['*', '?']) {
        iam_reference::actions().collect()
    } else {
        iam_reference::service(service)
            .map(|s| s.actions().collect())
            .unwrap_or_default()
    };
    candidates
        .into_iter()
        .filter(|a| matcher.matches(&a.full_name().to_ascii_lowercase()))
        .map(|a| (a.full_name(), a.access_level().as_str()))
        .collect()
}

/// What Enter (or the Add button) adds: the highlighted suggestion, else the action typed exactly (in the
/// reference's spelling), else the first suggestion, else the text as typed — an action the reference does not
/// know is added too, and warned about, rather than ignored.
pub fn action_to_add(active: Option<usize>, suggestions: &[String], typed: &str) -> Option<String> {
    let typed = typed.trim();
    active
        .and_then(|i| suggestions.get(i).cloned())
        .or_else(|| iam_reference::action(typed).map(|a| a.full_name()))
        .or_else(|| suggestions.first().cloned())
        .or_else(|| (!typed.is_empty()).then(|| typed.to_owned()))
}

/// The call parameters offered for the actions listed, each once with the first action's reason, in
/// [`CallParam::ALL`] order.
pub fn offered_for(actions: &[String]) -> Vec<Offer> {
    let mut out: Vec<Offer> = Vec::new();
    for action in actions
        .iter()
        .filter_map(|a| iam_reference::action(a.trim()))
    {
        for offer in call::offered(action) {
            if !out.iter().any(|o| o.param == offer.param) {
                out.push(offer);
            }
        }
    }
    out.sort_by_key(|o| CallParam::ALL.iter().position(|p| *p == o.param));
    out
}

/// An ARN template with the partition, the region and the principal's account filled in; other placeholders stay.
pub fn prefill(template: &str, principal: &str) -> String {
    let account = iam_realapi::arn::literal_field(principal, 4).unwrap_or("111122223333");
    iam_realapi::arn::fill_generic(template, "aws", "us-east-1", account)
}

fn input_kind(key: &str) -> (&'static str, &'static str) {
    match iam_reference::condition_key_type(key) {
        Some(KeyType::Numeric) => ("number", "a number"),
        Some(KeyType::Date) => ("datetime", "2026-01-01T00:00:00Z"),
        Some(KeyType::Bool) => ("bool", "true or false"),
        Some(KeyType::IpAddress) => ("text", "203.0.113.7"),
        Some(KeyType::Arn) => ("text", "arn:aws:…"),
        Some(t) if t.is_array() => ("text", "values, separated by commas"),
        _ => ("text", "value"),
    }
}

#[derive(Properties, Clone)]
pub struct RequestProps {
    pub request: Rc<RequestSpec>,
    /// The context of the selected request as evaluated, derived keys marked.
    pub context: Rc<Vec<ContextValue>>,
    /// The condition keys the policies test, each with an operator (as written).
    #[prop_or_default]
    pub tested: Rc<Vec<(String, String)>>,
    pub dispatch: Callback<Action>,
}

impl PartialEq for RequestProps {
    fn eq(&self, other: &Self) -> bool {
        self.request == other.request
            && self.context == other.context
            && self.tested == other.tested
            && self.dispatch == other.dispatch
    }
}

/// The operators the policies test `key` with.
fn operators_for<'a>(tested: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    tested
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, o)| o.as_str())
        .collect()
}

/// The highlighted suggestion after a key press: Down and Up move through the list and wrap around past either
/// end to "none" (the text as typed), as the WAI-ARIA combobox pattern describes.
pub fn next_active(active: Option<usize>, key: &str, len: usize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    match (key, active) {
        ("ArrowDown", None) => Some(0),
        ("ArrowDown", Some(i)) if i + 1 < len => Some(i + 1),
        ("ArrowDown", Some(_)) => None,
        ("ArrowUp", None) => Some(len - 1),
        ("ArrowUp", Some(0)) => None,
        ("ArrowUp", Some(i)) => Some(i - 1),
        (_, current) => current.filter(|i| *i < len),
    }
}

/// The `oninput` of a tag box: its text, through `action`.
fn tags_input(dispatch: &Callback<Action>, action: fn(String) -> Action) -> Callback<InputEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |e: InputEvent| {
        dispatch.emit(action(
            e.target_unchecked_into::<HtmlTextAreaElement>().value(),
        ))
    })
}

/// A condition key written as the reference's template (`aws:RequestTag/${TagKey}`,
/// `secretsmanager:ResourceTag/tag-key`): the user has to name the tag first.
pub fn is_key_template(key: &str) -> bool {
    key.contains("${")
        || key
            .rsplit_once('/')
            .is_some_and(|(_, last)| last == "tag-key")
}

fn value_of_input(e: InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

#[function_component(RequestBuilder)]
pub fn request_builder(props: &RequestProps) -> Html {
    let r = &props.request;
    let dispatch = &props.dispatch;
    let query = use_state(String::new);
    let new_key = use_state(String::new);
    let send = |f: fn(String) -> Action| {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| dispatch.emit(f(value_of_input(e))))
    };

    // Principal.
    let on_kind = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(kind) = PrincipalKind::from_key(&value) {
                dispatch.emit(Action::SetPrincipalKind(kind));
            }
        })
    };
    let on_tags = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            dispatch.emit(Action::SetPrincipalTags(
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            ))
        })
    };

    // Actions.
    let suggestions = suggest_actions(&query, MAX_SUGGESTIONS);
    let add_action = {
        let dispatch = dispatch.clone();
        let query = query.clone();
        Callback::from(move |name: String| {
            dispatch.emit(Action::AddAction(name));
            query.set(String::new());
        })
    };
    let active = use_state(|| None::<usize>);
    use_effect_with(*active, |active| {
        if let Some(i) = active {
            crate::browser::scroll_into_view_nearest(&format!("action-option-{i}"));
        }
    });
    let on_query = {
        let query = query.clone();
        let active = active.clone();
        Callback::from(move |e: InputEvent| {
            query.set(value_of_input(e));
            active.set(None);
        })
    };
    let on_query_key = {
        let add_action = add_action.clone();
        let names: Vec<String> = suggestions.iter().map(|(n, _)| n.clone()).collect();
        let typed = (*query).clone();
        let query = query.clone();
        let active = active.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            key @ ("ArrowDown" | "ArrowUp") => {
                e.prevent_default();
                active.set(next_active(*active, key, names.len()));
            }
            "Enter" => {
                e.prevent_default();
                if let Some(name) = action_to_add(*active, &names, &typed) {
                    add_action.emit(name);
                    active.set(None);
                }
            }
            "Escape" => {
                query.set(String::new());
                active.set(None);
            }
            _ => {}
        })
    };
    let on_add_typed = {
        let add_action = add_action.clone();
        let names: Vec<String> = suggestions.iter().map(|(n, _)| n.clone()).collect();
        let typed = (*query).clone();
        let active = active.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(name) = action_to_add(*active, &names, &typed) {
                add_action.emit(name);
                active.set(None);
            }
        })
    };
    // The action whose resource types and keys are offered: the last one listed.
    let focus = r
        .actions
        .last()
        .and_then(|a| iam_reference::action(a.trim()));
    let required: Vec<_> = focus
        .map(|a| a.required_resource_types().collect())
        .unwrap_or_default();

    // Context keys on offer.
    let offered: Vec<&'static str> = {
        let mut keys: Vec<&'static str> = focus
            .map(|a| {
                let rt = a.resource_types().next().map(|row| row.resource_type());
                a.available_condition_keys(rt)
                    .into_iter()
                    .map(|k| k.name)
                    .collect()
            })
            .unwrap_or_else(|| {
                iam_reference::global_condition_keys()
                    .map(|g| g.name())
                    .collect()
            });
        keys.sort_unstable();
        keys.dedup();
        keys
    };
    let on_new_key = {
        let new_key = new_key.clone();
        Callback::from(move |e: InputEvent| new_key.set(value_of_input(e)))
    };
    let add_key = {
        let dispatch = dispatch.clone();
        let new_key = new_key.clone();
        Callback::from(move |_: MouseEvent| {
            let key = new_key.trim().to_owned();
            if is_key_template(&key) {
                // Never a literal `${TagKey}` key: the tag's own key goes in its place (the text stays to edit).
                return;
            }
            if !key.is_empty() {
                dispatch.emit(Action::SetContext(key, String::new()));
                new_key.set(String::new());
            }
        })
    };

    html! {
        <section class="panel request" aria-labelledby="request-title">
            <h2 id="request-title">{ "Request" }</h2>
            <fieldset>
                <legend>{ "Principal" }</legend>
                <div class="row">
                    <label for="principal-kind">{ "Type" }</label>
                    <select id="principal-kind" onchange={on_kind}>
                        { for PrincipalKind::ALL.iter().map(|k| html! {
                            <option value={k.key()} selected={*k == r.principal_kind}>{ k.label() }</option>
                        }) }
                    </select>
                </div>
                if r.principal_kind != PrincipalKind::Anonymous {
                    <div class="row">
                        <label for="principal-arn">{ match r.principal_kind { PrincipalKind::Service => "Service", PrincipalKind::WebIdentity | PrincipalKind::Saml => "Provider", _ => "ARN" } }</label>
                        <input id="principal-arn" class="wide mono" value={r.principal.clone()}
                            placeholder={r.principal_kind.example()} oninput={send(Action::SetPrincipal)} />
                    </div>
                    // An identity provider's caller has no principal tags: the tags its token or assertion passes
                    // are the session's, set as request tags below.
                    if !r.principal_kind.is_identity_provider() {
                        <div class="row">
                            <label for="principal-tags">{ "Tags" }</label>
                            <textarea id="principal-tags" class="wide mono" rows="2" placeholder="team=blue (one key=value a line)"
                                value={r.principal_tags.clone()} oninput={on_tags} />
                        </div>
                    }
                }
            </fieldset>

            <fieldset>
                <legend>{ "Tags" }</legend>
                <div class="row">
                    <label for="request-tags">{ "Request tags" }</label>
                    <textarea id="request-tags" class="wide mono" rows="2" placeholder="team=blue (one key=value a line)"
                        aria-describedby="request-tags-help" value={r.request_tags.clone()}
                        oninput={tags_input(dispatch, Action::SetRequestTags)} />
                </div>
                <p id="request-tags-help" class="hint">{ "Tags the call sets: aws:RequestTag/KEY for each, and aws:TagKeys." }</p>
                <div class="row">
                    <label for="resource-tags">{ "Resource tags" }</label>
                    <textarea id="resource-tags" class="wide mono" rows="2" placeholder="env=prod (one key=value a line)"
                        aria-describedby="resource-tags-help" value={r.resource_tags.clone()}
                        oninput={tags_input(dispatch, Action::SetResourceTags)} />
                </div>
                <p id="resource-tags-help" class="hint">{ "Tags the resource has: aws:ResourceTag/KEY for each." }</p>
            </fieldset>

            <fieldset>
                <legend>{ "Actions" }</legend>
                <ul class="chips" aria-label="Actions to ask about">
                    { for r.actions.iter().enumerate().map(|(i, a)| {
                        let dispatch = dispatch.clone();
                        let known = iam_reference::action(a.trim());
                        let unknown = unknown_request_action(a);
                        html! { <li class={classes!("chip", unknown.is_some().then_some("chip-unknown"))}><code>{ a.clone() }</code>
                            { match (known, &unknown) {
                                (Some(x), _) => html! { <span class="muted">{ format!(" {}", x.access_level().as_str()) }</span> },
                                (None, Some(why)) => html! { <span class="chip-warning" data-testid="unknown-action" title={why.clone()}>
                                    <span aria-hidden="true">{ "⚠ " }</span>{ why.clone() }</span> },
                                (None, None) => html! { <span class="muted">{ " not in the reference" }</span> },
                            } }
                            <button type="button" aria-label={format!("Remove action {a}")}
                                onclick={Callback::from(move |_: MouseEvent| dispatch.emit(Action::RemoveAction(i)))}>{ "✕" }</button></li> }
                    }) }
                </ul>
                <div class="combo">
                    <label for="action-search">{ "Add action" }</label>
                    <input id="action-search" class="wide mono" role="combobox" aria-autocomplete="list"
                        aria-expanded={(!suggestions.is_empty()).to_string()} aria-controls="action-suggestions"
                        aria-activedescendant={active.filter(|i| *i < suggestions.len()).map(|i| format!("action-option-{i}"))}
                        placeholder="type part of a name, e.g. describevol or s3 getobj" value={(*query).clone()}
                        oninput={on_query} onkeydown={on_query_key} />
                    <button type="button" onclick={on_add_typed}>{ "Add" }</button>
                    if !suggestions.is_empty() {
                        <ul id="action-suggestions" role="listbox" class="suggestions" aria-label="Matching actions">
                            { for suggestions.iter().enumerate().map(|(i, (name, level))| {
                                let add = add_action.clone();
                                let n = name.clone();
                                let selected = *active == Some(i);
                                // Options are not focusable: focus stays in the search box, which names the highlighted
                                // option with aria-activedescendant; a click (mouse down, before the box loses focus) adds it.
                                html! { <li id={format!("action-option-{i}")} role="option" class={classes!("suggestion", selected.then_some("active"))}
                                    aria-selected={selected.to_string()}
                                    onmousedown={Callback::from(move |e: MouseEvent| { e.prevent_default(); add.emit(n.clone()); })}>
                                    <code>{ name.clone() }</code><span class="level">{ *level }</span>
                                </li> }
                            }) }
                        </ul>
                    } else if query.contains(['*', '?']) {
                        { {
                            let matched = expand_pattern(&query);
                            let mut levels: Vec<&'static str> = matched.iter().map(|(_, l)| *l).collect();
                            levels.sort_unstable();
                            levels.dedup();
                            let add_all = |names: Vec<String>| {
                                let dispatch = dispatch.clone();
                                let query = query.clone();
                                Callback::from(move |_: MouseEvent| {
                                    dispatch.emit(Action::AddActions(names.clone()));
                                    query.set(String::new());
                                })
                            };
                            html! { <div class="pattern-expansion" data-testid="pattern-expansion">
                                <p class="hint">{ format!("{} matches {} actions of the reference; each becomes a request row.", query.trim(), matched.len()) }</p>
                                if !matched.is_empty() {
                                    <button type="button" onclick={add_all(matched.iter().map(|(n, _)| n.clone()).collect())}>
                                        { format!("Add all {}", matched.len()) }</button>
                                    { for levels.into_iter().map(|level| {
                                        let names: Vec<String> = matched.iter().filter(|(_, l)| *l == level).map(|(n, _)| n.clone()).collect();
                                        html! { <button type="button" onclick={add_all(names.clone())}>{ format!("Add the {} {level}", names.len()) }</button> }
                                    }) }
                                }
                            </div> }
                        } }
                    } else if let Some(why) = (!query.trim().is_empty()).then(|| unknown_request_action(&query)).flatten() {
                        <p class="combo-hint" data-testid="add-action-hint">
                            { format!("No action of the reference matches; Add (or Enter) adds it as typed. {}", crate::reference_checks::sentence(&why)) }
                        </p>
                    }
                </div>
            </fieldset>

            <fieldset>
                <legend>{ "Resources" }</legend>
                { for r.resources.iter().enumerate().map(|(i, arn)| {
                    let d1 = dispatch.clone();
                    let d2 = dispatch.clone();
                    let id = format!("resource-{i}");
                    let only = r.resource_actions.get(i).map(|a| a.trim().to_owned()).unwrap_or_default();
                    html! { <div class="row">
                        <label for={id.clone()}>{ format!("Resource {}", i + 1) }</label>
                        <input id={id} class="wide mono" value={arn.clone()}
                            oninput={Callback::from(move |e: InputEvent| d1.emit(Action::SetResource(i, value_of_input(e))))} />
                        // One action per resource, chosen from a list: for up to 30 actions (300 resources × 300
                        // actions would be 90,000 options to draw).
                        if r.actions.len() > 1 && r.actions.len() <= 30 {
                            <select aria-label={format!("Actions asked about resource {}", i + 1)} onchange={{
                                let d = dispatch.clone();
                                Callback::from(move |e: Event| d.emit(Action::SetResourceAction(i, e.target_unchecked_into::<HtmlSelectElement>().value())))
                            }}>
                                <option value="" selected={only.is_empty()}>{ "every action" }</option>
                                { for r.actions.iter().map(|a| html! {
                                    <option value={a.clone()} selected={only.eq_ignore_ascii_case(a)}>{ format!("{a} only") }</option>
                                }) }
                            </select>
                        }
                        <button type="button" aria-label={format!("Remove resource {}", i + 1)}
                            onclick={Callback::from(move |_: MouseEvent| d2.emit(Action::RemoveResource(i)))}>{ "✕" }</button>
                    </div> }
                }) }
                <div class="templates">
                    { match focus {
                        Some(a) if a.has_resource_types() => html! { <>
                            <span class="muted">{ format!("Resource types of {}: ", a.full_name()) }</span>
                            { for a.resource_types().map(|row| {
                                let rt = row.resource_type();
                                let template = rt.arn_templates().next().unwrap_or("*");
                                let arn = prefill(template, &r.principal);
                                let dispatch = dispatch.clone();
                                html! { <button type="button" class="template" title={template}
                                    onclick={Callback::from(move |_: MouseEvent| dispatch.emit(Action::AddResource(arn.clone())))}>
                                    { format!("+ {}{}", rt.name(), if row.required() { " (required)" } else { "" }) }
                                </button> }
                            }) }
                        </> },
                        Some(a) => html! { <span class="muted">{ format!("{} has no resource-level permissions: the real call is authorized against *.", a.full_name()) }</span> },
                        None => html! {},
                    } }
                    <button type="button" onclick={{ let d = dispatch.clone(); Callback::from(move |_: MouseEvent| d.emit(Action::AddResource("*".to_owned()))) }}>{ "+ *" }</button>
                </div>
                if required.len() > 1 {
                    <div class="typed-resources">
                        <p class="muted">{ "This action needs one resource of each required type; the real-API answer authorizes each:" }</p>
                        { for required.iter().map(|row| {
                            let rt = row.resource_type();
                            let name = rt.name().to_owned();
                            let current = r.typed_resources.iter().find(|(t, _)| *t == name).map(|(_, a)| a.clone())
                                .unwrap_or_else(|| prefill(rt.arn_templates().next().unwrap_or("*"), &r.principal));
                            let dispatch = dispatch.clone();
                            let id = format!("typed-{name}");
                            let n = name.clone();
                            html! { <div class="row">
                                <label for={id.clone()}>{ name.clone() }</label>
                                <input id={id} class="wide mono" value={current}
                                    oninput={Callback::from(move |e: InputEvent| dispatch.emit(Action::SetTypedResource(n.clone(), value_of_input(e))))} />
                            </div> }
                        }) }
                    </div>
                }
                <div class="row">
                    <label for="resource-account">{ "Resource account" }</label>
                    <input id="resource-account" class="mono" value={r.resource_account.clone()} placeholder="the principal's"
                        oninput={send(Action::SetResourceAccount)} />
                </div>
            </fieldset>

            <CallParams request={props.request.clone()} dispatch={dispatch.clone()} />

            <fieldset>
                <legend>{ "Context keys" }</legend>
                { for r.context.iter().enumerate().map(|(i, c)| {
                    let (kind, hint) = input_kind(&c.key);
                    let key = c.key.clone();
                    let d1 = dispatch.clone();
                    let d2 = dispatch.clone();
                    let id = format!("context-{i}");
                    let on_value = {
                        let key = key.clone();
                        Callback::from(move |e: InputEvent| d1.emit(Action::SetContext(key.clone(), value_of_input(e))))
                    };
                    let on_bool = {
                        let key = key.clone();
                        let d = dispatch.clone();
                        Callback::from(move |e: Event| d.emit(Action::SetContext(key.clone(), e.target_unchecked_into::<HtmlSelectElement>().value())))
                    };
                    let problems = crate::state::value_problems(&c.value, &operators_for(&props.tested, &c.key));
                    let problem_id = format!("context-{i}-problem");
                    html! { <>
                    <div class="row">
                        <label for={id.clone()} class="mono">{ c.key.clone() }</label>
                        { match kind {
                            "bool" => html! { <select id={id} onchange={on_bool}>
                                <option value="" selected={c.value.is_empty()}>{ "(choose)" }</option>
                                <option value="true" selected={c.value == "true"}>{ "true" }</option>
                                <option value="false" selected={c.value == "false"}>{ "false" }</option>
                            </select> },
                            "number" => html! { <input id={id} type="number" value={c.value.clone()} oninput={on_value} /> },
                            _ => html! { <input id={id} class="wide mono" value={c.value.clone()} placeholder={hint} oninput={on_value} /> },
                        } }
                        <button type="button" aria-label={format!("Remove key {key}")}
                            onclick={Callback::from(move |_: MouseEvent| d2.emit(Action::RemoveContext(i)))}>{ "✕" }</button>
                    </div>
                    if !problems.is_empty() {
                        <p id={problem_id} class="field-error" data-testid="field-error">{ problems.join("; ") }</p>
                    }
                    </> }
                }) }
                { {
                    let untyped: Vec<&(String, String)> = props.tested.iter()
                        .filter(|(k, _)| !r.context.iter().any(|c| c.key.eq_ignore_ascii_case(k)))
                        .filter(|(k, _)| !props.context.iter().any(|c| c.derived && c.key.eq_ignore_ascii_case(k)))
                        .collect();
                    let mut seen: Vec<&str> = Vec::new();
                    if untyped.is_empty() { html! {} } else { html! {
                        <div class="tested-keys" data-testid="tested-keys">
                            <span>{ "Keys your policies test: " }</span>
                            { for untyped.into_iter().filter(|(k, _)| { let fresh = !seen.contains(&k.as_str()); seen.push(k.as_str()); fresh }).map(|(k, o)| {
                                let d = dispatch.clone();
                                let key = k.clone();
                                html! { <button type="button" class="chip-add" title={format!("Tested with {o}")}
                                    onclick={Callback::from(move |_: MouseEvent| d.emit(Action::SetContext(key.clone(), String::new())))}>
                                    { format!("+ {k}") }</button> }
                            }) }
                        </div>
                    } }
                } }
                <div class="row">
                    <label for="new-key">{ "Add key" }</label>
                    <input id="new-key" class="wide mono" list="offered-keys" value={(*new_key).clone()} oninput={on_new_key}
                        placeholder="aws:SourceIp, a key of the action, …" />
                    <datalist id="offered-keys">
                        { for offered.iter().map(|k| html! { <option value={*k} /> }) }
                    </datalist>
                    <button type="button" onclick={add_key}>{ "Add" }</button>
                </div>
                if is_key_template(new_key.trim()) {
                    <p class="combo-hint" role="status" data-testid="key-template-hint">{ format!(
                        "{} is the reference's template, not a key: put the tag's own key in its place (aws:RequestTag/team), or use the tag boxes above.",
                        new_key.trim()
                    ) }</p>
                }
                { {
                    let derived: Vec<&ContextValue> = props.context.iter().filter(|c| c.derived).collect();
                    if derived.is_empty() { html! {} } else { html! {
                        <div class="derived" data-testid="derived-keys">
                            <p class="muted">{ "Derived from the principal (a key you set wins):" }</p>
                            <ul>
                                { for derived.into_iter().map(|c| {
                                    let dispatch = dispatch.clone();
                                    let (key, value) = (c.key.clone(), c.values.join(", "));
                                    html! { <li>
                                        <code>{ c.key.clone() }</code>{ " = " }<code>{ value.clone() }</code>
                                        <span class="derived-tag">{ " derived " }</span>
                                        <button type="button" aria-label={format!("Override {}", c.key)}
                                            onclick={Callback::from(move |_: MouseEvent| dispatch.emit(Action::SetContext(key.clone(), value.clone())))}>{ "Override" }</button>
                                    </li> }
                                }) }
                            </ul>
                        </div>
                    } }
                } }
            </fieldset>
        </section>
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    /// WAI-ARIA Authoring Practices, Combobox pattern (listbox popup): Down Arrow moves to the next option, Up
    /// Arrow to the previous one, and either may wrap through the combobox itself (no option highlighted).
    #[test]
    fn arrows_move_through_the_suggestions_and_wrap_through_the_text_box() {
        assert_eq!(next_active(None, "ArrowDown", 3), Some(0));
        assert_eq!(next_active(Some(0), "ArrowDown", 3), Some(1));
        assert_eq!(next_active(Some(2), "ArrowDown", 3), None);
        assert_eq!(next_active(None, "ArrowUp", 3), Some(2));
        assert_eq!(next_active(Some(0), "ArrowUp", 3), None);
        assert_eq!(next_active(Some(2), "ArrowUp", 3), Some(1));
        assert_eq!(
            next_active(Some(1), "ArrowDown", 0),
            None,
            "no suggestions, nothing to highlight"
        );
        assert_eq!(
            next_active(Some(5), "Shift", 3),
            None,
            "a stale index is dropped"
        );
    }

    #[test]
    fn suggestions_forgive_case_and_partial_words_and_are_capped() {
        // The reference lists ec2:DescribeVolumes (EC2 "Actions defined by Amazon EC2", access level List).
        let s = suggest_actions("describevol", MAX_SUGGESTIONS);
        assert!(s.iter().any(|(n, _)| n == "ec2:DescribeVolumes"), "{s:?}");
        let s = suggest_actions("EC2 DESCRIBEVOLUMES", MAX_SUGGESTIONS);
        assert!(
            s.iter()
                .any(|(n, l)| n == "ec2:DescribeVolumes" && *l == "List"),
            "{s:?}"
        );
        let s = suggest_actions("iam:pass", MAX_SUGGESTIONS);
        assert_eq!(s[0].0, "iam:PassRole");
        assert!(suggest_actions("get", MAX_SUGGESTIONS).len() <= MAX_SUGGESTIONS);
        assert!(suggest_actions("  ", MAX_SUGGESTIONS).is_empty());
    }

    #[test]
    fn enter_adds_the_highlighted_the_exact_the_first_or_the_typed_name() {
        let names = vec![
            "s3:GetObjectAcl".to_owned(),
            "s3:GetObjectTagging".to_owned(),
        ];
        assert_eq!(
            action_to_add(Some(1), &names, "s3:getobject").unwrap(),
            "s3:GetObjectTagging"
        );
        // Typed exactly (any case), the reference's spelling wins over the first suggestion.
        assert_eq!(
            action_to_add(None, &names, " s3:getobject ").unwrap(),
            "s3:GetObject"
        );
        assert_eq!(
            action_to_add(None, &names, "getobj").unwrap(),
            "s3:GetObjectAcl"
        );
        // Nothing matches: the name is added as typed (and warned about), not silently dropped.
        assert_eq!(
            action_to_add(None, &[], "s3:GetObjects").unwrap(),
            "s3:GetObjects"
        );
        assert_eq!(action_to_add(None, &[], "  "), None);
    }

    #[test]
    fn call_parameters_are_offered_for_every_action_listed_once() {
        let actions = vec![
            "s3:GetObject".to_owned(),
            "ec2:RunInstances".to_owned(),
            "lambda:CreateFunction".to_owned(),
        ];
        let offers = offered_for(&actions);
        let params: Vec<CallParam> = offers.iter().map(|o| o.param).collect();
        assert_eq!(params.first(), Some(&CallParam::Tags));
        assert!(params.contains(&CallParam::KeyName));
        let mut unique = params.clone();
        unique.dedup();
        assert_eq!(unique, params);
        assert!(
            offered_for(&["ec2:DescribeVolumes".to_owned(), "s3:GetObjects".to_owned()]).is_empty()
        );
    }

    #[test]
    fn an_action_pattern_expands_through_the_reference_as_the_action_element_matches() {
        // IAM User Guide, IAM JSON policy elements: Action: "The prefix and the action name are case insensitive",
        // and wildcards (* and ?) can be part of the action name ("iam:*AccessKey*").
        let got = expand_pattern("S3:getobject*");
        assert!(got.iter().any(|(n, _)| n == "s3:GetObject"));
        assert!(got.iter().any(|(n, _)| n == "s3:GetObjectAcl"));
        assert!(got
            .iter()
            .all(|(n, _)| n.to_ascii_lowercase().starts_with("s3:getobject")));
        assert!(expand_pattern("iam:*").len() > 100);
        let keys = expand_pattern("iam:*AccessKey*");
        for name in [
            "iam:CreateAccessKey",
            "iam:DeleteAccessKey",
            "iam:ListAccessKeys",
            "iam:UpdateAccessKey",
        ] {
            assert!(keys.iter().any(|(n, _)| n == name), "{name}");
        }
        assert!(expand_pattern("nothing-here:*").is_empty());
        assert!(expand_pattern("no colon").is_empty());
    }

    #[test]
    fn a_tag_key_template_is_not_a_key() {
        assert!(is_key_template("aws:RequestTag/${TagKey}"));
        assert!(is_key_template("secretsmanager:ResourceTag/tag-key"));
        assert!(!is_key_template("aws:RequestTag/team"));
        assert!(!is_key_template("aws:SourceIp"));
    }

    #[test]
    fn templates_get_the_region_and_the_principals_account() {
        let arn = prefill(
            "arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}",
            "arn:aws:iam::690534650866:user/datawookie",
        );
        assert_eq!(arn, "arn:aws:ec2:us-east-1:690534650866:volume/${VolumeId}");
    }
}
