//! "Compare policies": does the new policy grant anything the old one didn't? Two editors (either can start from a
//! policy of the workspace), the policy type, and the answer of `iam_compare` — the verdict, each counterexample
//! request with both answers and their statement traces, what was not searched exactly, and the access diff. The
//! search runs in the worker (`crate::offthread`), so a large policy never freezes the page and can be stopped;
//! the draft is kept in local storage, so a reload loses nothing.

use std::rc::Rc;

use iam_compare::{Counterexample, Verdict};
use iam_engine::Diagnostic;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::compare::{self, Compare, CompareAction, Draft, Side, Status};
use crate::components::answers::{decision_words, policy_view};
use crate::workspace::{PolicyKind, Workspace};

#[derive(Properties, Clone)]
pub struct CompareProps {
    pub workspace: Rc<Workspace>,
}

impl PartialEq for CompareProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.workspace, &other.workspace) || self.workspace == other.workspace
    }
}

/// The comparison type for a workspace policy, where there is one.
fn type_of(kind: PolicyKind) -> Option<iam_compare::PolicyType> {
    use iam_compare::PolicyType as T;
    match kind {
        PolicyKind::Identity | PolicyKind::Session => Some(T::Identity),
        PolicyKind::Resource => Some(T::Resource),
        PolicyKind::PermissionsBoundary => Some(T::Boundary),
        PolicyKind::Scp => Some(T::Scp),
        PolicyKind::Rcp => Some(T::Rcp),
        PolicyKind::VpcEndpoint => None,
    }
}

fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::NoNewAccess => "verdict-none",
        Verdict::NewAccess => "verdict-new",
        Verdict::Unknown => "verdict-unknown",
    }
}

#[function_component(ComparePanel)]
pub fn compare_panel(props: &CompareProps) -> Html {
    let open = use_state(|| false);
    let state = use_reducer(|| {
        Compare::with_draft(
            crate::storage::load::<Draft>(compare::KEY)
                .ok()
                .flatten()
                .unwrap_or_default(),
        )
    });
    let save_problem = use_state(|| None::<String>);

    // Every edit is kept (the draft is small: two policies).
    {
        let save_problem = save_problem.clone();
        use_effect_with(state.draft.clone(), move |draft| {
            let problem = crate::storage::save(compare::KEY, draft)
                .err()
                .map(|p| p.message());
            if *save_problem != problem {
                save_problem.set(problem);
            }
        });
    }

    // The running job goes to this view's own worker; Cancel (or a newer job) stops it.
    #[cfg(target_arch = "wasm32")]
    {
        let worker = use_mut_ref(crate::offthread::OffThread::default);
        let state = state.clone();
        use_effect_with(state.running(), move |job| {
            use crate::offthread::{CompareJob, Reply, Task};
            let dispatcher = state.dispatcher();
            let on_reply = Callback::from(move |reply: Reply| match reply {
                Reply::Compared { job, comparison } => {
                    dispatcher.dispatch(CompareAction::Compared {
                        job,
                        comparison: Rc::new(*comparison),
                    })
                }
                Reply::Failed { job, why } => {
                    dispatcher.dispatch(CompareAction::Failed { job, why })
                }
                Reply::Ready
                | Reply::Progress { .. }
                | Reply::Done { .. }
                | Reply::TemplateRead { .. } => {}
            });
            match job {
                Some(job) => {
                    let task = Task::Compare(CompareJob {
                        job: *job,
                        old: state.draft.old.clone(),
                        new: state.draft.new.clone(),
                        kind: state.draft.kind,
                    });
                    if let Err(why) = worker.borrow_mut().run(&task, &on_reply) {
                        state.dispatch(CompareAction::Failed {
                            job: *job,
                            why: format!(
                                "the comparison needs a Web Worker, and none could start ({why})"
                            ),
                        });
                    }
                }
                None => worker.borrow_mut().stop(),
            }
        });
    }

    let toggle = {
        let (open, state) = (open.clone(), state.clone());
        Callback::from(move |_: MouseEvent| {
            let opening = !*open;
            open.set(opening);
            // The first opening answers the draft at once, so the view is never empty.
            if opening && matches!(state.status, Status::Idle) {
                state.dispatch(CompareAction::Run);
            }
        })
    };
    let toggle_button = html! {
        <button type="button" class="compare-toggle" onclick={toggle} aria-expanded={open.to_string()}
            aria-controls="compare-panel" data-testid="compare-open">{ "Compare policies" }</button>
    };
    if !*open {
        return html! { <div class="compare">{ toggle_button }</div> };
    }

    let send = |action: CompareAction| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(action.clone()))
    };
    let on_kind = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let key = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(kind) = iam_compare::PolicyType::parse(&key) {
                state.dispatch(CompareAction::Kind(kind));
            }
        })
    };
    let editor = |side: Side| {
        let (label, id, testid, text) = match side {
            Side::Old => (
                "Old policy (before the change)",
                "compare-old",
                "compare-old",
                state.draft.old.clone(),
            ),
            Side::New => (
                "New policy (after the change)",
                "compare-new",
                "compare-new",
                state.draft.new.clone(),
            ),
        };
        let on_input = {
            let state = state.clone();
            Callback::from(move |e: InputEvent| {
                state.dispatch(CompareAction::Edit(
                    side,
                    e.target_unchecked_into::<HtmlTextAreaElement>().value(),
                ))
            })
        };
        let on_copy = {
            let (state, workspace) = (state.clone(), props.workspace.clone());
            Callback::from(move |e: Event| {
                let select = e.target_unchecked_into::<HtmlSelectElement>();
                let chosen = select.value().parse::<u32>().ok();
                select.set_value("");
                if let Some(policy) =
                    chosen.and_then(|id| workspace.policies.iter().find(|p| p.id == id))
                {
                    state.dispatch(CompareAction::Edit(side, policy.text.clone()));
                    if let Some(kind) = type_of(policy.kind) {
                        state.dispatch(CompareAction::Kind(kind));
                    }
                }
            })
        };
        let copy_id = format!("{id}-copy");
        html! {
            <div class="compare-side">
                <label for={id}>{ label }</label>
                <textarea id={id} class="code-input" rows="14" spellcheck="false" autocomplete="off"
                    value={text} oninput={on_input} data-testid={testid} />
                if !props.workspace.policies.is_empty() {
                    <label for={copy_id.clone()} class="muted">{ "Start from a policy of the workspace: " }</label>
                    <select id={copy_id} onchange={on_copy}>
                        <option value="" selected=true>{ "Choose…" }</option>
                        { for props.workspace.policies.iter().map(|p| html! {
                            <option value={p.id.to_string()}>{ format!("{} ({})", p.name, p.kind.short_label()) }</option>
                        }) }
                    </select>
                }
            </div>
        }
    };

    let status = match &state.status {
        Status::Running(_) => html! {
            <p class="evaluating" role="status" data-testid="compare-running">
                { "Comparing… " }
                <button type="button" onclick={send(CompareAction::Cancel)}>{ "Cancel" }</button>
            </p>
        },
        Status::Cancelled => html! {
            <p class="muted" role="status" data-testid="compare-stopped">{ "Stopped. The answer below (if any) is for earlier texts." }</p>
        },
        Status::Failed(why) => html! {
            <p class="alert" role="alert" data-testid="compare-failed">{ format!("The comparison could not run: {why}.") }</p>
        },
        Status::Idle | Status::Done(_) => html! {},
    };

    html! {
        <section class="compare" aria-labelledby="compare-title">
            { toggle_button }
            <div id="compare-panel" class="panel compare-panel">
                <h2 id="compare-title">{ "Compare policies" }</h2>
                <p class="muted">{ "Does the new policy allow any request the old one denies? “No new access” only when a complete search found none; “new access” with requests the simulator checked; “unknown” with the reason." }</p>
                <p>
                    <label for="compare-type">{ "Both are " }</label>
                    <select id="compare-type" onchange={on_kind}>
                        { for compare::TYPES.iter().map(|(kind, key, label)| html! {
                            <option value={*key} selected={*kind == state.draft.kind}>{ *label }</option>
                        }) }
                    </select>
                </p>
                <div class="compare-editors">
                    { editor(Side::Old) }
                    { editor(Side::New) }
                </div>
                <p>
                    <button type="button" onclick={send(CompareAction::Run)} data-testid="compare-run">{ "Compare" }</button>
                    { " " }
                    <button type="button" onclick={send(CompareAction::Swap)}>{ "Swap old and new" }</button>
                </p>
                if let Some(problem) = &*save_problem {
                    <p class="note" data-testid="compare-unsaved">{ format!("{problem} The texts stay in this tab.") }</p>
                }
                { status }
                if let Some(answered) = &state.last {
                    { answer_view(&answered.comparison, state.stale()) }
                }
            </div>
        </section>
    }
}

fn diagnostic_line(d: &Diagnostic) -> Html {
    let place = match (&d.source, d.location) {
        (Some(s), Some(l)) => format!("{s}, line {}, column {}: ", l.line, l.column),
        (None, Some(l)) => format!("line {}, column {}: ", l.line, l.column),
        (Some(s), None) => format!("{s}: "),
        (None, None) => String::new(),
    };
    html! { <li>{ place }{ d.message.clone() }</li> }
}

/// The verdict, counterexamples, what was not searched, the access diff and the size of the search.
fn answer_view(c: &iam_compare::Comparison, stale: bool) -> Html {
    let lines = c.diff.lines();
    html! {
        <div class="compare-answer" data-testid="compare-answer">
            if stale {
                <p class="note" data-testid="compare-stale">{ "The texts changed since: Compare again for an answer about them." }</p>
            }
            <p class={classes!("compare-verdict", verdict_class(c.verdict))} role="status"
                data-testid="compare-verdict" data-verdict={c.verdict.as_str()}>
                <strong>{ c.headline.clone() }</strong>
            </p>
            if !c.counterexamples.is_empty() {
                <h3>{ format!("Requests the new policy allows and the old one denies ({})", c.counterexamples.len()) }</h3>
                <ol class="counterexamples">
                    { for c.counterexamples.iter().map(counterexample_view) }
                </ol>
            }
            if !c.reasons.is_empty() {
                <h3>{ "Not searched exactly" }</h3>
                <ul class="problems" data-testid="compare-reasons">{ for c.reasons.iter().map(diagnostic_line) }</ul>
            }
            if !c.diagnostics.is_empty() {
                <h3>{ "Problems in the policies" }</h3>
                <ul class="problems" data-testid="compare-problems">{ for c.diagnostics.iter().map(diagnostic_line) }</ul>
            }
            if !lines.is_empty() {
                <h3>{ "Access diff (Allow statements, by service and access level)" }</h3>
                <pre class="compare-diff" data-testid="compare-diff">{ lines.join("\n") }</pre>
            }
            <p class="muted">{ format!("Searched {} classes of actions; {} requests decided.", c.stats.action_classes, c.stats.requests) }</p>
        </div>
    }
}

fn counterexample_view(ce: &Counterexample) -> Html {
    let none = Callback::from(|_: iam_engine::StatementId| {});
    let side = |title: &str, answer: &iam_engine::Answer| {
        html! {
            <div class="compare-side-answer">
                <p><strong>{ format!("{title}: {}", decision_words(answer.decision)) }</strong>
                    { format!(" — {}", answer.reason) }</p>
                if !answer.deciding_statements.is_empty() {
                    <p class="muted">{ format!("Decided by {}", iam_engine::StatementId::list(&answer.deciding_statements)) }</p>
                }
                <details>
                    <summary>{ "Statement by statement" }</summary>
                    { for answer.policies.iter().map(|p| policy_view(p, &none)) }
                </details>
            </div>
        }
    };
    html! {
        <li class="counterexample" data-testid="compare-counterexample" data-action={ce.action.clone()}>
            <p><code>{ ce.summary() }</code></p>
            <div class="compare-answers">
                { side("New policy", &ce.new_answer) }
                { side("Old policy", &ce.old_answer) }
            </div>
        </li>
    }
}
