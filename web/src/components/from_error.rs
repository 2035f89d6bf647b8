//! "From an error": paste what AWS said (CLI and SDK messages, the JSON of `aws sts decode-authorization-message`,
//! CloudTrail records); the panel shows what was recognised and what was not, asks about the calls in one
//! undoable step, shows the policy type each message blames beside the simulator's answer, and writes the
//! least-privilege policy for the workspace's requests with its verification.

use std::rc::Rc;

use iam_fromerror::{Call, Form, GrantedVsUsed, LeastPrivilege};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::components::answers::decision_words;
use crate::pasted;
use crate::state::{Action, Evaluation};
use crate::workspace::{PolicyKind, Workspace};

#[derive(Properties, Clone)]
pub struct FromErrorProps {
    pub workspace: Rc<Workspace>,
    pub evaluation: Rc<Evaluation>,
    pub dispatch: Callback<Action>,
}

impl PartialEq for FromErrorProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.workspace, &other.workspace)
            && Rc::ptr_eq(&self.evaluation, &other.evaluation)
            && self.dispatch == other.dispatch
    }
}

fn form_word(form: Form) -> &'static str {
    match form {
        Form::Message => "error message",
        Form::DecodedMessage => "decoded authorization message",
        Form::Cloudtrail => "CloudTrail record",
    }
}

/// The least-privilege policy written for a workspace, and what the starting policies grant against it.
struct Least {
    lp: LeastPrivilege,
    granted: Option<GrantedVsUsed>,
}

#[function_component(FromErrorPanel)]
pub fn from_error_panel(props: &FromErrorProps) -> Html {
    let open = use_state(|| false);
    let text = use_state(String::new);
    let least_for = use_state(|| None::<Rc<Workspace>>);
    let reading = use_memo((*text).clone(), |t| pasted::read(t));
    let least = use_memo((*least_for).clone(), |ws| {
        ws.as_ref().map(|ws| {
            let lp = pasted::least_privilege(ws);
            let has_identity = ws.policies.iter().any(|p| p.kind == PolicyKind::Identity);
            let granted = has_identity.then(|| {
                iam_fromerror::granted_vs_used(
                    &serde_json::to_value(iam_engine::Policies(&ws.policy_docs()))
                        .unwrap_or_default(),
                    &pasted::least_requests(ws),
                    &lp,
                )
            });
            Least { lp, granted }
        })
    });
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let toggle_button = html! {
        <button type="button" class="from-error-toggle" onclick={toggle} aria-expanded={open.to_string()}
            aria-controls="from-error-panel" data-testid="from-error-open">{ "From an error" }</button>
    };
    if !*open {
        return html! { <div class="from-error">{ toggle_button }</div> };
    }
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let use_calls = {
        let (dispatch, reading) = (props.dispatch.clone(), reading.clone());
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::UseCalls(
                reading.calls.iter().map(|c| c.request.clone()).collect(),
            ))
        })
    };
    let write_least = {
        let (least_for, workspace) = (least_for.clone(), props.workspace.clone());
        Callback::from(move |_: MouseEvent| least_for.set(Some(workspace.clone())))
    };
    let calls = reading
        .calls
        .iter()
        .enumerate()
        .map(|(i, call)| call_view(i, call, &props.evaluation));
    let problems = reading.problems.iter().map(|d| {
        let place = d
            .location
            .map(|l| format!("line {}, column {}: ", l.line, l.column))
            .unwrap_or_default();
        let word = if d.is_error() { "not recognised" } else { "passed over" };
        html! {
            <li class={classes!("problem", if d.is_error() { "problem-error" } else { "problem-warning" })} data-testid="error-problem">
                { format!("{word} at {place}{}", d.message) }
                if !d.help.is_empty() { <span class="problem-help">{ format!(" — {}", d.help) }</span> }
            </li>
        }
    });
    let stale_least = least_for
        .as_ref()
        .is_some_and(|ws| !Rc::ptr_eq(ws, &props.workspace) && **ws != *props.workspace);
    html! {
        <section class="from-error" aria-labelledby="from-error-title">
            { toggle_button }
            <div id="from-error-panel" class="panel from-error-panel">
                <h2 id="from-error-title">{ "From an error" }</h2>
                <label for="error-text">{ "Paste what AWS said: CLI or SDK error messages (AccessDenied, UnauthorizedOperation), the JSON of aws sts decode-authorization-message, or CloudTrail records — one or many." }</label>
                <textarea id="error-text" class="code-input error-text" rows="6" spellcheck="false" autocomplete="off"
                    value={(*text).clone()} oninput={on_text} data-testid="error-text" />
                if !text.trim().is_empty() {
                    <p class="muted" role="status" data-testid="error-summary">
                        { format!("Recognised {} call(s); {} part(s) of the text not used.", reading.calls.len(), reading.problems.len()) }
                    </p>
                }
                if !reading.calls.is_empty() {
                    <ol class="error-calls">{ for calls }</ol>
                    <p>
                        <button type="button" onclick={use_calls} data-testid="use-calls">
                            { "Ask about these calls" }
                        </button>
                        <span class="muted">{ " The request becomes these calls (principal, actions, resources, context, what the call passes); the policies stay. Undo brings the earlier request back." }</span>
                    </p>
                }
                if !reading.problems.is_empty() {
                    <ul class="problems">{ for problems }</ul>
                }
                <h3>{ "Least privilege" }</h3>
                <p>
                    <button type="button" onclick={write_least} data-testid="write-least">
                        { "Write the least-privilege policy for the requests" }
                    </button>
                    <span class="muted">{ " The smallest identity-based policy that allows every request of the workspace through the real API, verified by evaluating it." }</span>
                </p>
                if let Some(least) = &*least {
                    { least_view(least, stale_least, &props.dispatch) }
                }
            </div>
        </section>
    }
}

/// One recognised call: what it is, what was recovered and how, what was not and why, the blame and the
/// simulator's answer.
fn call_view(i: usize, call: &Call, evaluation: &Evaluation) -> Html {
    let action = call
        .request
        .get("action")
        .and_then(|v| v.as_str())
        .unwrap_or("?");
    let resource = call
        .request
        .get("resource")
        .and_then(|v| v.as_str())
        .unwrap_or("(none)");
    let blamed = call.blamed.as_ref().map_or_else(
        || "the message does not name the policy type".to_owned(),
        |b| b.describe(),
    );
    let answer = pasted::answer_for(call, evaluation);
    let simulator = match answer {
        Some((literal, real)) => format!(
            "{} (real call), {} (as written)",
            decision_words(real),
            decision_words(literal)
        ),
        None => "not asked yet: “Ask about these calls” adds it to the request".to_owned(),
    };
    let disagree = answer.and_then(|(_, real)| pasted::disagreement(call.blamed.as_ref(), real));
    html! {
        <li class="error-call" data-testid="error-call" data-action={action.to_owned()}>
            <p>
                <strong>{ format!("Call {}: ", i + 1) }</strong>
                <code>{ action.to_owned() }</code>{ " on " }<code>{ resource.to_owned() }</code>
                <span class="muted">{ format!(
                    " — from {}{}{}",
                    form_word(call.form),
                    call.location.map(|l| format!(" at line {}", l.line)).unwrap_or_default(),
                    call.error_code.as_ref().map(|c| format!(" ({c})")).unwrap_or_default()
                ) }</span>
            </p>
            <p class="blame-beside">
                <span data-testid="blamed">{ format!("AWS blames: {blamed}.") }</span>
                { " " }<span data-testid="simulator-answer">{ format!("The simulator: {simulator}.") }</span>
            </p>
            if let Some(d) = disagree { <p class="note" data-testid="disagreement">{ d }</p> }
            <details>
                <summary>{ format!("Recovered {} field(s), missing {}", call.recovered.len(), call.missing.len()) }</summary>
                <ul>
                    { for call.recovered.iter().map(|f| html! { <li>{ "✓ " }<code>{ f.field.clone() }</code>{ format!(": {}", f.how) }</li> }) }
                    { for call.missing.iter().map(|f| html! { <li>{ "– " }<code>{ f.field.clone() }</code>{ format!(" not recovered: {}", f.how) }</li> }) }
                    { for call.notes.iter().map(|n| html! { <li>{ format!("Note: {n}") }</li> }) }
                </ul>
            </details>
        </li>
    }
}

/// The least-privilege policy, its verification, what no identity policy can grant, and granted vs used.
fn least_view(least: &Least, stale: bool, dispatch: &Callback<Action>) -> Html {
    let lp = &least.lp;
    let text = pasted::policy_text(lp);
    let add = {
        let (dispatch, text) = (dispatch.clone(), text.clone());
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::AddPolicyDocument {
                name: "LeastPrivilege".to_owned(),
                text: text.clone(),
            })
        })
    };
    let verified = if lp.verified.is_empty() {
        "Nothing to verify: no request could be read.".to_owned()
    } else if lp.all_allowed {
        format!(
            "✓ Verified: the policy allows all {} request(s), as written and through the real API.",
            lp.verified.len()
        )
    } else {
        "✗ Not every request is allowed by this policy alone:".to_owned()
    };
    html! {
        <div class="least" data-testid="least">
            if stale {
                <p class="note">{ "The workspace changed since: write it again for the requests as they are now." }</p>
            }
            <pre class="least-policy" data-testid="least-policy">{ text }</pre>
            <p data-testid="least-verified">{ verified }</p>
            <ul>
                { for lp.verified.iter().filter(|v| !(v.literal.is_allow() && v.real.is_none_or(|r| r.is_allow()))).map(|v| html! {
                    <li>{ format!("{}: {} as written{}{}", v.action, decision_words(v.literal),
                        v.real.map(|r| format!(", {} through the real API", decision_words(r))).unwrap_or_default(),
                        v.why.as_ref().map(|w| format!(" — {w}")).unwrap_or_default()) }</li>
                }) }
                { for lp.not_by_identity_policy.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
            </ul>
            if let Some(g) = &least.granted {
                <p data-testid="granted-vs-used">{ format!(
                    "Granted vs used: the workspace's policies grant {} actions ({}); the requests use {} ({}); this policy removes {}.",
                    g.granted, levels(&g.granted_by_level), g.used, levels(&g.used_by_level), g.removed.len()
                ) }</p>
            }
            <button type="button" onclick={add} data-testid="add-least">{ "Add it as an identity-based policy" }</button>
        </div>
    }
}

fn levels(counts: &[iam_fromerror::LevelCount]) -> String {
    counts
        .iter()
        .map(|c| format!("{} {}", c.count, c.level))
        .collect::<Vec<_>>()
        .join(", ")
}
