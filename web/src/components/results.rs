//! The results table: one row per request (action × resource), both decisions in words and colour — the real
//! API call first, the call the user will make — or "Can't evaluate" when the input cannot be; the selected row
//! expands to its trace.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::answers::{DecisionBadge, TraceView};
use crate::state::{Action, Evaluation, RowAnswer};
use crate::verdict::Headline;

#[derive(Properties, Clone)]
pub struct ResultsProps {
    pub evaluation: Rc<Evaluation>,
    pub selected: usize,
    pub dispatch: Callback<Action>,
    pub on_statement: Callback<iam_engine::StatementId>,
}

impl PartialEq for ResultsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.evaluation, &other.evaluation)
            && self.selected == other.selected
            && self.dispatch == other.dispatch
            && self.on_statement == other.on_statement
    }
}

/// Rows drawn at first, and added by each "Show more": a table of a thousand rows is slow to draw on every edit.
const PAGE: usize = 200;

/// Which rows the table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    All,
    Denied,
    Differing,
}

impl Filter {
    fn keeps(self, row: &RowAnswer) -> bool {
        match self {
            Filter::All => true,
            Filter::Denied => !row.real().is_allow(),
            Filter::Differing => row.real() != row.literal(),
        }
    }
}

/// What decided a row: the real call's deciding statements, else the literal ones, else the policy type that
/// decided (an implicit deny names none).
pub fn decided_by(row: &RowAnswer) -> String {
    let real = row
        .answer
        .real_api
        .as_ref()
        .map(|r| r.deciding_statements.as_slice())
        .unwrap_or_default();
    let statements = if real.is_empty() {
        row.answer.literal.deciding_statements.as_slice()
    } else {
        real
    };
    match statements {
        [] => row.answer.literal.decided_by.map_or_else(
            || "no statement".to_owned(),
            |k| format!("{} (no allow)", k.label()),
        ),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} +{}", rest.len()),
    }
}

/// "3 allowed, 2 denied, 1 where the real call differs…" over every row (by the real call's decision).
pub fn summary(rows: &[RowAnswer]) -> String {
    let allowed = rows.iter().filter(|r| r.real().is_allow()).count();
    let differ = rows.iter().filter(|r| r.real() != r.literal()).count();
    format!(
        "{allowed} allowed, {} denied, {differ} where the real call differs from the literal answer",
        rows.len().saturating_sub(allowed)
    )
}

#[function_component(ResultsTable)]
pub fn results_table(props: &ResultsProps) -> Html {
    let rows = &props.evaluation.rows;
    let limit = use_state(|| PAGE);
    let filter = use_state(|| Filter::All);
    let kept: Vec<(usize, &RowAnswer)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| filter.keeps(r))
        .collect();
    let shown = (*limit).min(kept.len());
    let choose = |f: Filter| {
        let filter = filter.clone();
        Callback::from(move |_: Event| filter.set(f))
    };
    let asked = props.evaluation.asked;
    let more = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(shown.saturating_add(PAGE)))
    };
    html! {
        <section class="panel results" aria-labelledby="results-title">
            <h2 id="results-title">{ format!("Requests ({})", rows.len()) }</h2>
            if asked > rows.len() && !rows.is_empty() {
                <p class="alert" role="status" data-testid="rows-capped">{ format!(
                    "The request asks about {asked} action × resource pairs; only the first {} are evaluated. \
                     Remove actions or resources to see the others, or export the scenario and run `iamsim eval` on it.",
                    rows.len()
                ) }</p>
            }
            if rows.is_empty() {
                <p class="muted">{ "Add an action to ask about." }</p>
            } else {
                <p class="results-summary" data-testid="results-summary">{ summary(rows) }</p>
                <fieldset class="results-filter">
                    <legend class="visually-hidden">{ "Show" }</legend>
                    { for [(Filter::All, "All"), (Filter::Denied, "Only denied"), (Filter::Differing, "Only where the real call differs")].into_iter().map(|(f, label)| html! {
                        <label><input type="radio" name="results-filter" checked={*filter == f} onchange={choose(f)} />{ format!(" {label}") }</label>
                    }) }
                </fieldset>
                <table class="results-table" data-testid="results">
                    <thead><tr>
                        <th scope="col">{ "Action" }</th><th scope="col">{ "Resource" }</th>
                        <th scope="col">{ "Real API call" }</th><th scope="col">{ "Literal" }</th><th scope="col">{ "Decided by" }</th><th scope="col"><span class="visually-hidden">{ "Trace" }</span></th>
                    </tr></thead>
                    <tbody>
                        { for kept.iter().take(shown).map(|&(i, r)| {
                            let open = i == props.selected;
                            let dispatch = props.dispatch.clone();
                            let toggle = Callback::from(move |_: MouseEvent| dispatch.emit(Action::SelectRow(i)));
                            html! { <>
                                <tr class={classes!("result-row", open.then_some("selected"))} data-testid="result-row">
                                    <td data-label="Action"><code>{ r.row.action.clone() }</code></td>
                                    <td data-label="Resource"><code class="arn">{ r.row.resource.clone() }</code></td>
                                    if let Headline::CantEvaluate(why) = r.headline() {
                                        <td colspan="2"><span class="no-verdict" data-testid="row-cant-evaluate" title={why}>{ "Can't evaluate" }</span></td>
                                    } else {
                                        <td data-label="Real API call"><DecisionBadge decision={r.real()} /></td>
                                        <td data-label="Literal"><DecisionBadge decision={r.literal()} /></td>
                                    }
                                    <td data-label="Decided by" class="decided-by"><code>{ decided_by(r) }</code></td>
                                    <td><button type="button" onclick={toggle} aria-expanded={open.to_string()}
                                        aria-label={format!("Show the trace of {} on {}", r.row.action, r.row.resource)}>
                                        { if open { "▾ trace" } else { "▸ trace" } }</button></td>
                                </tr>
                                if open {
                                    <tr class="trace-row"><td colspan="6">
                                        <TraceView evaluation={props.evaluation.clone()} row={i} on_statement={props.on_statement.clone()} />
                                    </td></tr>
                                }
                            </> }
                        }) }
                    </tbody>
                </table>
                if shown < kept.len() {
                    <p><button type="button" onclick={more} data-testid="more-rows">
                        { format!("Show {} more (of {})", PAGE.min(kept.len() - shown), kept.len()) }
                    </button></p>
                }
            }
        </section>
    }
}
