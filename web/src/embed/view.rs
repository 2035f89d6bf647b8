//! The widget's components: one scenario evaluated and shown compactly, read-only or editable.

use std::rc::Rc;

use iam_engine::Answer;
use iam_realapi::{FullAnswer, RealApiAnswer};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::frame;
use super::scenario::{self, PolicyText};
use crate::verdict::{decision_class, Headline};

#[derive(Properties, PartialEq)]
pub struct WidgetProps {
    /// The scenario JSON; `None` when the page was opened without one.
    pub scenario: Option<String>,
    pub editable: bool,
}

/// Evaluate with the browser's clock (aws:CurrentTime, aws:EpochTime): the answer to each request of the scenario
/// (its `request`, or every entry of `requests`, as the app exports several rows), the policies read once.
fn evaluate(text: &str) -> Vec<Rc<FullAnswer>> {
    iam_realapi::evaluate_full_many(text, Some(js_sys::Date::now() / 1000.0))
        .into_iter()
        .map(Rc::new)
        .collect()
}

/// The whole widget; its root carries [`frame::ROOT_ID`] so that the parent is told its height.
#[function_component(Widget)]
pub fn widget(props: &WidgetProps) -> Html {
    let text = use_state(|| {
        let given = props.scenario.clone().unwrap_or_default();
        if props.editable {
            super::scenario::pretty(&given).unwrap_or(given)
        } else {
            given
        }
    });
    let answers = use_memo((*text).clone(), |text| evaluate(text));
    use_effect_with((), |()| {
        frame::report_height();
        // The crash drill (see `crate::crash`): a failure while the widget runs, for the end-to-end test.
        let drill =
            gloo::events::EventListener::new(&gloo::utils::window(), "iam-sim-crash-drill", |_| {
                #[allow(clippy::panic)]
                {
                    panic!("crash drill: a failure in the widget")
                }
            });
        move || drop(drill)
    });

    let on_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
        })
    };
    // The editor grows with its text (within reason), so the frame, not the textarea, scrolls.
    let rows = text.lines().count().clamp(8, 60);
    let body = if text.trim().is_empty() {
        html! {
            <p class="empty" data-testid="no-scenario">
                { "No scenario: put its JSON, URL-encoded or base64url, after the # of this page's address." }
            </p>
        }
    } else {
        let source = if props.editable {
            html! {
                <label class="editor">
                    <span>{ "Scenario (JSON)" }</span>
                    <textarea data-testid="scenario" spellcheck="false" rows={rows.to_string()} value={(*text).clone()} oninput={on_input} />
                </label>
            }
        } else {
            html! { <Policies text={(*text).clone()} /> }
        };
        match answers.as_slice() {
            // One request: its answer around the policies, as a reader expects it.
            [answer] => html! {
                <>
                    <DecisionLine answer={answer.clone()} />
                    <RequestLine answer={answer.clone()} />
                    { source }
                    <Trace answer={answer.clone()} />
                    <Gap answer={answer.clone()} />
                </>
            },
            // Several (a scenario's `requests`): each answer in turn, then the policies once.
            several => html! {
                <>
                    { for several.iter().enumerate().map(|(i, answer)| html! {
                        <section class="ask" data-testid="request-answer" aria-label={format!("Request {}", i + 1)}>
                            <DecisionLine answer={answer.clone()} />
                            <RequestLine answer={answer.clone()} />
                            <Trace answer={answer.clone()} />
                            <Gap answer={answer.clone()} />
                        </section>
                    }) }
                    { source }
                </>
            },
        }
    };
    html! {
        <div id={frame::ROOT_ID} class="iam-widget" data-testid="widget">
            { body }
            <footer>{ "IAM policy simulator · evaluated in your browser, nothing sent anywhere" }</footer>
        </div>
    }
}

#[derive(Properties)]
struct AnswerProps {
    answer: Rc<FullAnswer>,
}

impl PartialEq for AnswerProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.answer, &other.answer)
    }
}

/// The headline: the real API call's decision (the call the reader will make) with the literal simulation as its
/// explanation when they differ, one decision when they agree, and "Can't evaluate: …" instead of any decision when
/// the scenario cannot be evaluated.
#[function_component(DecisionLine)]
fn decision_line(props: &AnswerProps) -> Html {
    let literal: &Answer = &props.answer.literal;
    match Headline::of(&props.answer) {
        Headline::CantEvaluate(why) => html! {
            <header class="verdict cant" data-headline="cant-evaluate">
                <span class="cant-evaluate" data-testid="cant-evaluate"><strong>{ "Can't evaluate: " }</strong>{ why }</span>
            </header>
        },
        Headline::Agree(decision) => html! {
            <header class="verdict" data-headline="agree">
                <span class={classes!("decision", decision_class(decision))} data-testid="decision">{ decision.as_str() }</span>
                <span class="reason" data-testid="reason">{ &literal.reason }</span>
            </header>
        },
        Headline::Differ {
            real,
            literal: literal_decision,
        } => html! {
            <header class="verdict" data-headline="real">
                <span class={classes!("decision", decision_class(real))} data-testid="decision">{ real.as_str() }</span>
                <span class="reason">{ "for the real API call; the literal simulation of the request as written says " }
                    <span class={classes!("decision", decision_class(literal_decision))} data-testid="literal-decision">{ literal_decision.as_str() }</span>
                    { ": " }<span data-testid="reason">{ &literal.reason }</span>
                </span>
            </header>
        },
    }
}

/// One diagnostic as a list item: its message and, when it has one, its place.
fn problem(d: &iam_engine::Diagnostic, class: &'static str, prefix: &str) -> Html {
    let place = d
        .location
        .map(|l| format!(" (line {}, column {})", l.line, l.column))
        .unwrap_or_default();
    html! { <li class={class}>{ format!("{prefix}{}{place}", d.message) }</li> }
}

#[function_component(RequestLine)]
fn request_line(props: &AnswerProps) -> Html {
    let literal = &props.answer.literal;
    let errors = literal.errors.iter().map(|e| problem(e, "error", ""));
    let warnings = literal
        .warnings
        .iter()
        .map(|w| problem(w, "warning", "warning: "));
    html! {
        <section class="request" aria-label="Request">
            if let Some(request) = &literal.request {
                <dl>
                    <dt>{ "Principal" }</dt>
                    <dd>{ request.principal.arn.clone().unwrap_or_else(|| "anonymous".to_owned()) }</dd>
                    <dt>{ "Action" }</dt><dd data-testid="action">{ &request.action }</dd>
                    <dt>{ "Resource" }</dt><dd>{ &request.resource }</dd>
                </dl>
            }
            if !literal.errors.is_empty() {
                <ul class="errors" data-testid="errors">{ for errors }</ul>
            }
            if !literal.warnings.is_empty() {
                <ul class="warnings" data-testid="warnings">{ for warnings }</ul>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PoliciesProps {
    text: String,
}

#[function_component(Policies)]
fn policies(props: &PoliciesProps) -> Html {
    let found: Vec<PolicyText> = scenario::policies(&props.text);
    html! {
        <section class="policies" aria-label="Policies">
            { for found.into_iter().map(|p| html! {
                <details open=true>
                    <summary>{ format!("{}: {}", p.kind, p.name) }</summary>
                    <pre>{ p.text }</pre>
                </details>
            }) }
        </section>
    }
}

#[function_component(Trace)]
fn trace(props: &AnswerProps) -> Html {
    let statements = props
        .answer
        .literal
        .policies
        .iter()
        .flat_map(|p| p.statements.iter().map(move |s| (p.applies, s)));
    html! {
        <section class="trace" aria-label="Trace">
            <ul>
                { for statements.map(|(policy_applies, s)| {
                    let class = classes!(
                        "statement",
                        s.decisive.then_some("decisive"),
                        (!s.applies || !policy_applies).then_some("skipped"),
                    );
                    html! {
                        <li class={class} data-statement={s.id.to_string()}>
                            <code>{ s.sid.as_ref().map_or_else(|| s.id.to_string(), |sid| format!("{} ({sid})", s.id)) }</code>
                            { " " }<span class="effect">{ iam_engine::answer::effect_str(s.effect) }</span>
                            { " · " }{ &s.explanation }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

#[function_component(Gap)]
fn gap(props: &AnswerProps) -> Html {
    let Some(real): Option<&RealApiAnswer> = props.answer.real_api.as_ref() else {
        return html! {};
    };
    let verdict = !matches!(Headline::of(&props.answer), Headline::CantEvaluate(_));
    let literal = props.answer.literal.decision;
    // The differences that change the answer; all of them when the answers differ and none does alone.
    let changing: Vec<_> = real
        .divergences
        .iter()
        .filter(|d| d.literal_decision != d.real_decision)
        .collect();
    let shown = if changing.is_empty() && real.decision != literal {
        real.divergences.iter().collect()
    } else {
        changing
    };
    html! {
        <section class="gap" aria-label="Real API">
            if verdict {
                <p>
                    { "Real API: " }
                    <span class={classes!("decision", decision_class(real.decision))} data-testid="real-decision">{ real.decision.as_str() }</span>
                    if real.decision == literal {
                        { " — the same as the literal simulation." }
                    } else {
                        { " — the headline above; why it differs from the literal simulation:" }
                    }
                </p>
            }
            if !shown.is_empty() {
                <ul data-testid="divergences">
                    { for shown.into_iter().map(|d| html! {
                        <li>
                            { &d.explanation }
                            if let Some(fix) = &d.suggestion { <span class="fix">{ format!(" Fix: {fix}") }</span> }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}
