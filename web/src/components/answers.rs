//! The answers: the decision badge, the gap panel (the headline — the real API call when it differs from the
//! literal simulation, or "Can't evaluate: …" when the input cannot be evaluated —, then the real-API answer and the
//! literal one side by side, each divergence in plain words with the statement and the fix) and the trace of every
//! policy and statement.

use iam_engine::answer::ElementTrace;
use iam_engine::condition::MissingKey;
use std::rc::Rc;

use iam_engine::{Decision, PolicyTrace, StatementId, StatementTrace};
use yew::prelude::*;

use crate::state::Evaluation;
use crate::verdict::{decision_class, Headline};

/// The decision in words (the colour only repeats them).
pub fn decision_words(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "Allow",
        Decision::ImplicitDeny => "Implicit deny",
        Decision::ExplicitDeny => "Explicit deny",
    }
}

fn decision_symbol(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "✓",
        Decision::ImplicitDeny => "–",
        Decision::ExplicitDeny => "✗",
    }
}

#[derive(Properties, PartialEq)]
pub struct DecisionBadgeProps {
    pub decision: Decision,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// A decision as a symbol and words, coloured.
#[function_component(DecisionBadge)]
pub fn decision_badge(props: &DecisionBadgeProps) -> Html {
    html! {
        <span class={classes!("decision", decision_class(props.decision))} data-testid={props.testid.clone()}>
            <span aria-hidden="true" class="decision-symbol">{ decision_symbol(props.decision) }</span>
            { decision_words(props.decision) }
        </span>
    }
}

/// A statement id (`identity/Name#0`) as a button that shows it in its editor.
fn statement_link(id: &StatementId, on_statement: &Callback<StatementId>) -> Html {
    let onclick = {
        let on_statement = on_statement.clone();
        let id = id.clone();
        Callback::from(move |_: MouseEvent| on_statement.emit(id.clone()))
    };
    html! {
        <button type="button" class="statement-link" {onclick} title="Show this statement in its editor">
            <code>{ id.to_string() }</code>
        </button>
    }
}

#[derive(Properties, Clone)]
pub struct AnswerProps {
    /// Every row's answers; a new evaluation is a new `Rc`, so comparing props is cheap.
    pub evaluation: Rc<Evaluation>,
    /// The row to show.
    pub row: usize,
    /// Called with a statement id (`identity/Name#0`) to show it in its editor.
    pub on_statement: Callback<StatementId>,
    /// Called with a fix (the policy to add it to, the statement as JSON) to apply it; no button without it.
    #[prop_or_default]
    pub on_fix: Option<Callback<(Option<iam_engine::PolicyId>, String)>>,
}

impl PartialEq for AnswerProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.evaluation, &other.evaluation)
            && self.row == other.row
            && self.on_statement == other.on_statement
            && self.on_fix == other.on_fix
    }
}

/// Problems with the request itself (not with a policy, whose editor shows its own): a context value a condition
/// cannot compare, an ARN that names no principal.
fn request_problems(answer: &iam_engine::Answer) -> Html {
    let problems: Vec<&iam_engine::Diagnostic> = answer
        .errors
        .iter()
        .chain(answer.warnings.iter())
        .filter(|d| d.in_scenario())
        .collect();
    if problems.is_empty() {
        return html! {};
    }
    html! {
        <ul class="problems" data-testid="request-problems" aria-label="Problems with the request">
            { for problems.iter().map(|d| {
                let word = if d.is_error() { "error" } else { "warning" };
                html! {
                    <li class={classes!("problem", format!("problem-{word}"))} data-testid="request-problem" data-code={d.code.as_str()}>
                        <span class="problem-place">{ format!("Request {word}:") }</span>
                        { " " }<span class="problem-message">{ d.message.clone() }</span>
                        if !d.help.is_empty() { <span class="problem-help">{ format!(" — {}", d.help) }</span> }
                    </li>
                }
            }) }
        </ul>
    }
}

/// What to say first about the selected row: one verdict when the answers agree, the real call's when they differ
/// (the literal one then explains), and no verdict when the input cannot be evaluated.
pub fn headline_view(headline: &Headline) -> Html {
    match headline {
        Headline::CantEvaluate(why) => html! {
            <div class="headline headline-cant" data-testid="headline" data-headline="cant-evaluate">
                <p class="cant-evaluate" data-testid="cant-evaluate"><strong>{ "Can't evaluate: " }</strong>{ why.clone() }</p>
                <p class="muted">{ "There is no verdict until this is fixed; the columns below show what could be worked out." }</p>
            </div>
        },
        Headline::Agree(decision) => html! {
            <div class="headline" data-testid="headline" data-headline="agree">
                <p class="headline-label">{ "The real API call and the literal simulation agree" }</p>
                <p class="gap-decision"><DecisionBadge decision={*decision} testid={Some(AttrValue::from("headline-decision"))} /></p>
            </div>
        },
        Headline::Differ { real, literal } => html! {
            <div class="headline headline-differ" data-testid="headline" data-headline="real">
                <p class="headline-label">{ "The real API call (the call you will make)" }</p>
                <p class="gap-decision"><DecisionBadge decision={*real} testid={Some(AttrValue::from("headline-decision"))} /></p>
                <p class="headline-explains">
                    { format!("The literal simulation of the request exactly as written says {}: ", decision_words(*literal)) }
                    { "below, why the real call is decided differently." }
                </p>
            </div>
        },
    }
}

/// In place of a decision badge when there is no verdict.
fn no_verdict() -> Html {
    html! { <span class="no-verdict" data-testid="no-verdict">{ "Can't evaluate" }</span> }
}

/// The headline, then the real-API answer and the literal answer side by side, then every divergence.
#[function_component(GapPanel)]
pub fn gap_panel(props: &AnswerProps) -> Html {
    let Some(row) = props.evaluation.rows.get(props.row) else {
        return html! {};
    };
    let literal = &row.answer.literal;
    let real = row.answer.real_api.as_ref();
    let headline = row.headline();
    let verdict = !matches!(headline, Headline::CantEvaluate(_));
    let differ = matches!(headline, Headline::Differ { .. });
    let on_statement = &props.on_statement;
    let statements = |ids: &[StatementId]| -> Html {
        if ids.is_empty() {
            html! { <span class="muted">{ "none" }</span> }
        } else {
            ids.iter()
                .map(|id| statement_link(id, on_statement))
                .collect()
        }
    };
    html! {
        <section class="panel gap" aria-labelledby="gap-title" data-testid="gap-panel">
            <h2 id="gap-title">{ "Answers" }</h2>
            { headline_view(&headline) }
            <div class="gap-columns">
                <div class="gap-column" data-testid="real-answer">
                    <h3>{ "Real API call" }</h3>
                    <p class="gap-hint">{ "What the service actually authorizes, from the service authorization reference." }</p>
                    { match real {
                        None => html! { <p class="muted">{ "No request to analyse." }</p> },
                        Some(real) => html! { <>
                            <p class="gap-decision">
                                if verdict { <DecisionBadge decision={real.decision} testid={Some(AttrValue::from("real-decision"))} /> } else { { no_verdict() } }
                            </p>
                            if let (Some(action), Some(level)) = (&real.action, &real.access_level) {
                                <p><code>{ action.clone() }</code>{ format!(" — access level {level}") }</p>
                            }
                            if !real.resources.is_empty() {
                                <ul class="checks">
                                    { for real.resources.iter().map(|r| html! {
                                        <li>
                                            <DecisionBadge decision={r.decision} />{ " " }
                                            if r.resource_type == "*" {
                                                // No resource type: the service authorizes the call against `*`.
                                                <span>{ "every resource: " }</span><code>{ r.arn.clone() }</code>
                                            } else {
                                                <span>{ format!("{}: ", r.resource_type) }</span><code>{ r.arn.clone() }</code>
                                            }
                                            if r.prefilled { <span class="muted">{ " (prefilled)" }</span> }
                                        </li>
                                    }) }
                                </ul>
                            }
                            <p>{ "Deciding statements: " }{ statements(&real.deciding_statements) }</p>
                            if !real.removed_keys.is_empty() {
                                <p>{ "Keys the call will not carry: " }
                                    { for real.removed_keys.iter().map(|k| html! { <code title={k.reason.clone()}>{ format!("{} ", k.key) }</code> }) }
                                </p>
                            }
                            if !real.added_keys.is_empty() {
                                <p>{ "Keys every call carries: " }
                                    { for real.added_keys.iter().map(|k| html! { <code title={k.reason.clone()}>{ format!("{}={} ", k.key, k.values.join(",")) }</code> }) }
                                </p>
                            }
                            if !real.dependent_actions.is_empty() {
                                <p>{ "Also needed: " }
                                    { for real.dependent_actions.iter().map(|d| html! { <span class="dependent">
                                        <code>{ d.action.clone() }</code>
                                        { d.decision.map(|x| html! { <>{ " " }<DecisionBadge decision={x} /></> }).unwrap_or_default() }{ " " }
                                    </span> }) }
                                </p>
                            }
                        </> },
                    } }
                </div>
                <div class="gap-column" data-testid="literal-answer">
                    <h3>{ "Literal simulation" }</h3>
                    <p class="gap-hint">{ if differ { "The request exactly as written (this resource, this context): it explains the difference." } else { "The request exactly as written: this resource, this context." } }</p>
                    <p class="gap-decision">
                        if verdict { <DecisionBadge decision={literal.decision} testid={Some(AttrValue::from("literal-decision"))} /> } else { { no_verdict() } }
                    </p>
                    <p class="reason" data-testid="literal-reason">{ literal.reason.clone() }</p>
                    if literal.incomplete {
                        <p class="note">{ "Incomplete: something could not be evaluated; fix the errors shown in the editors." }</p>
                    }
                    <p>{ "Deciding statements: " }{ statements(&literal.deciding_statements) }</p>
                    { request_problems(literal) }
                </div>
            </div>
            { match real {
                Some(real) => html! { <>
                    { real_details(real) }
                    if !real.divergences.is_empty() {
                        <div class="divergences" data-testid="divergences">
                            <h3>{ "Why the real call is decided differently" }</h3>
                            <ul>
                                { for real.divergences.iter().map(|d| divergence_item(d, &statements, props.on_fix.as_ref())) }
                            </ul>
                        </div>
                    }
                    if !real.notes.is_empty() {
                        <details class="notes" data-testid="notes">
                            <summary>{ format!("Notes on the real call ({}) — they do not change the decision here", real.notes.len()) }</summary>
                            <ul>
                                { for real.notes.iter().map(|d| divergence_item(d, &statements, None)) }
                            </ul>
                        </details>
                    }
                </> },
                None => html! {},
            } }
        </section>
    }
}

/// The call parameters used and the dependent actions, certain or conditional.
fn real_details(real: &iam_realapi::RealApiAnswer) -> Html {
    html! { <>
        if !real.call.is_empty() {
            <div class="call-parameters" data-testid="call-parameters">
                <h3>{ "What the call passes" }</h3>
                <ul>
                    { for real.call.iter().map(|p| html! {
                        <li><code>{ format!("{} = {}", p.name, p.value) }</code>{ format!(": {}", p.effect) }</li>
                    }) }
                </ul>
            </div>
        }
        if real.dependent_actions.iter().any(|d| d.certain) {
            <div class="dependents" data-testid="dependent-actions">
                <h3>{ "Other actions the call needs" }</h3>
                <ul>
                    { for real.dependent_actions.iter().filter(|d| d.certain).map(|d| html! {
                        <li>
                            <code>{ d.action.clone() }</code>
                            if let Some(r) = &d.resource { { " on " }<code>{ r.clone() }</code> }
                            { " " }
                            { d.decision.map(|x| html! { <DecisionBadge decision={x} /> }).unwrap_or_default() }
                            <p class="muted">{ d.reason.clone() }</p>
                        </li>
                    }) }
                </ul>
            </div>
        }
    </> }
}

/// One divergence or note: the explanation, the fix and its statement, with a button that applies it.
fn divergence_item(
    d: &iam_realapi::Divergence,
    statements: &dyn Fn(&[StatementId]) -> Html,
    on_fix: Option<&Callback<(Option<iam_engine::PolicyId>, String)>>,
) -> Html {
    let statement_json = d
        .fix
        .as_ref()
        .and_then(|f| f.statement.as_ref())
        .and_then(|s| serde_json::to_string_pretty(s).ok());
    let apply = match (on_fix, &statement_json) {
        (Some(cb), Some(json)) => {
            let cb = cb.clone();
            let policy = d.fix.as_ref().and_then(|f| f.policy.clone());
            let json = json.clone();
            let label = match &policy {
                Some(p) => format!("Apply: add this statement to {p}"),
                None => "Apply: add this statement in a new policy".to_string(),
            };
            html! {
                <button type="button" class="apply-fix" data-testid="apply-fix"
                    onclick={Callback::from(move |_| cb.emit((policy.clone(), json.clone())))}>{ label }</button>
            }
        }
        _ => html! {},
    };
    html! {
        <li class={classes!("divergence", (d.literal_decision != d.real_decision).then_some("divergence-changes"))} data-testid="divergence">
            <p class="divergence-text"><span class="divergence-kind">{ format!("{} · ", d.kind.as_str()) }</span>{ d.explanation.clone() }</p>
            if let Some(fix) = &d.fix {
                <p class="divergence-fix"><strong>{ "Fix: " }</strong>{ fix.text.clone() }</p>
                if let Some(r) = &fix.resource {
                    <p>{ "Resource the real call authorizes: " }<code>{ r.clone() }</code></p>
                }
            }
            if let Some(json) = &statement_json {
                <pre class="fix-statement" data-testid="fix-statement">{ json.clone() }</pre>
            }
            { apply }
            if !d.statements.is_empty() {
                <p>{ "Statement: " }{ statements(&d.statements) }</p>
            }
            if d.literal_decision != d.real_decision {
                <p class="muted">{ format!("Literal: {} · real call: {}", decision_words(d.literal_decision), decision_words(d.real_decision)) }</p>
            }
        </li>
    }
}

fn element_row(element: &Option<ElementTrace>) -> Html {
    let Some(e) = element else {
        return html! {};
    };
    let words = match (&e.pattern, e.matched) {
        (Some(p), true) => format!("matched by `{p}`"),
        (None, true) => "matched".to_owned(),
        (Some(p), false) => format!("excluded by `{p}`"),
        (None, false) => "nothing listed matches".to_owned(),
    };
    html! {
        <tr class={if e.matched { "ok" } else { "no" }}>
            <th scope="row">{ e.element.as_str() }</th>
            <td colspan="4">
                <span aria-hidden="true">{ if e.matched { "✓ " } else { "✗ " } }</span>{ words }
                if let Some(note) = &e.note { <span class="muted">{ format!(" — {note}") }</span> }
            </td>
        </tr>
    }
}

fn missing_words(m: &MissingKey) -> &'static str {
    match m {
        MissingKey::IfExistsTrue => "key absent: …IfExists makes it true",
        MissingKey::NegatedTrue => "key absent: a negated operator is true",
        MissingKey::ForAllValuesTrue => "key absent: ForAllValues over nothing is true",
        MissingKey::False => "key absent: the condition is false",
        MissingKey::NullAbsent => "key absent (what Null tests)",
    }
}

fn statement_view(s: &StatementTrace, on_statement: &Callback<StatementId>) -> Html {
    let onclick = {
        let on_statement = on_statement.clone();
        let id = s.id.clone();
        Callback::from(move |_: MouseEvent| on_statement.emit(id.clone()))
    };
    let effect = iam_engine::answer::effect_str(s.effect);
    let title = match &s.sid {
        Some(sid) => format!("Statement {} “{sid}” · {effect}", s.index),
        None => format!("Statement {} · {effect}", s.index),
    };
    html! {
        <article class={classes!("statement", if s.applies { "applies" } else { "skipped" }, s.decisive.then_some("decisive"))}
            data-testid="statement" data-statement={s.id.to_string()}>
            <button type="button" class="statement-head" {onclick} title="Show in the editor">
                <span class="statement-title">{ title }</span>
                <span class="statement-state">{ if s.applies { "applies" } else { "does not apply" } }</span>
                if s.decisive { <span class="decisive-tag">{ "★ deciding" }</span> }
                if let Some(l) = s.location { <span class="muted">{ format!("line {}", l.line) }</span> }
            </button>
            <p class="explanation">{ s.explanation.clone() }</p>
            { for s.unevaluable.iter().map(|why| html! { <p class="note">{ why.clone() }</p> }) }
            <table class="elements">
                <tbody>
                    { element_row(&s.action) }
                    { element_row(&s.resource) }
                    { element_row(&s.principal) }
                </tbody>
                if !s.conditions.is_empty() {
                    <thead><tr><th scope="col">{ "Condition" }</th><th scope="col">{ "Key" }</th><th scope="col">{ "Request values" }</th><th scope="col">{ "Policy values" }</th><th scope="col">{ "Result" }</th></tr></thead>
                    <tbody>
                        { for s.conditions.iter().map(|c| html! {
                            <tr class={if c.result { "ok" } else { "no" }} data-testid="condition">
                                <td><code>{ c.operator.clone() }</code></td>
                                <td><code>{ c.key.clone() }</code></td>
                                <td>{ match &c.request_values {
                                    Some(v) => html! { <code>{ v.join(", ") }</code> },
                                    None => html! { <span class="muted">{ "(absent)" }</span> },
                                } }
                                if let Some(m) = &c.missing_key { <div class="muted">{ missing_words(m) }</div> }</td>
                                <td><code>{ c.policy_values.join(", ") }</code>
                                if !c.unresolved.is_empty() { <div class="note">{ format!("unresolved: {}", c.unresolved.join(", ")) }</div> }
                                if let Some(n) = &c.note { <div class="muted">{ n.clone() }</div> }</td>
                                <td><span aria-hidden="true">{ if c.result { "✓ " } else { "✗ " } }</span>{ if c.result { "true" } else { "false" } }</td>
                            </tr>
                        }) }
                    </tbody>
                }
            </table>
        </article>
    }
}

pub(crate) fn policy_view(p: &PolicyTrace, on_statement: &Callback<StatementId>) -> Html {
    let summary = match (p.applies, p.denies, p.allows) {
        (false, _, _) => "does not take part",
        (true, true, _) => "denies",
        (true, false, true) => "allows",
        (true, false, false) => "allows nothing here",
    };
    html! {
        <section class="policy-trace" data-testid="policy-trace" data-policy={p.id.to_string()}>
            <h4>
                <code>{ p.id.to_string() }</code>{ format!(" — {summary}") }
            </h4>
            if let Some(note) = &p.note { <p class="muted">{ note.clone() }</p> }
            { for p.statements.iter().map(|s| statement_view(s, on_statement)) }
        </section>
    }
}

/// Every policy and statement of the literal answer.
#[function_component(TraceView)]
pub fn trace_view(props: &AnswerProps) -> Html {
    let Some(row) = props.evaluation.rows.get(props.row) else {
        return html! {};
    };
    let literal = &row.answer.literal;
    html! {
        <div class="trace" data-testid="trace">
            if !literal.context.is_empty() {
                <details class="context-used">
                    <summary>{ format!("Request context ({} keys)", literal.context.len()) }</summary>
                    <ul>
                        { for literal.context.iter().map(|c| html! {
                            <li><code>{ c.key.clone() }</code>{ " = " }<code>{ c.values.join(", ") }</code>
                            if c.derived { <span class="derived-tag">{ " derived" }</span> }</li>
                        }) }
                    </ul>
                </details>
            }
            if literal.policies.is_empty() {
                <p class="muted">{ "No policies were evaluated." }</p>
            }
            { for literal.policies.iter().map(|p| policy_view(p, &props.on_statement)) }
        </div>
    }
}
