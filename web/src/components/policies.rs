//! The policy list: every named policy with its kind, name, level and editor; add, rename, reorder, remove.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::code_editor::CodeEditor;
use crate::components::managed::ManagedPicker;
use crate::state::{Action, Evaluation};
use crate::workspace::{PolicyEntry, PolicyKind, Workspace};

#[derive(Properties, Clone)]
pub struct PolicyListProps {
    pub workspace: Rc<Workspace>,
    pub evaluation: Rc<Evaluation>,
    pub dispatch: Callback<Action>,
}

impl PartialEq for PolicyListProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.workspace, &other.workspace)
            && Rc::ptr_eq(&self.evaluation, &other.evaluation)
            && self.dispatch == other.dispatch
    }
}

/// The DOM id of a policy's textarea.
pub fn editor_dom_id(policy: u32) -> String {
    format!("policy-{policy}")
}

fn input_value(event: InputEvent) -> String {
    event.target_unchecked_into::<HtmlInputElement>().value()
}

#[function_component(PolicyList)]
pub fn policy_list(props: &PolicyListProps) -> Html {
    let kind_to_add = use_state(|| PolicyKind::Identity);
    let on_kind = {
        let kind_to_add = kind_to_add.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(kind) = PolicyKind::from_id_prefix(&value) {
                kind_to_add.set(kind);
            }
        })
    };
    let on_add = {
        let dispatch = props.dispatch.clone();
        let kind = *kind_to_add;
        Callback::from(move |_| dispatch.emit(Action::AddPolicy(kind)))
    };
    let count = props.workspace.policies.len();
    html! {
        <section class="panel policies" aria-labelledby="policies-title">
            <h2 id="policies-title">{ "Policies" }</h2>
            if count == 0 {
                <p class="muted">{ "No policies yet: add one below." }</p>
            }
            { for props.workspace.policies.iter().enumerate().map(|(i, p)| html! {
                <PolicyCard key={p.id} entry={p.clone()} first={i == 0} last={i + 1 == count}
                    extra={props.workspace.is_extra(p)}
                    diagnostics={Rc::new(props.evaluation.diagnostics.get(&p.id).cloned().unwrap_or_default())}
                    findings={Rc::new(props.evaluation.findings.get(&p.id).cloned().unwrap_or_default())}
                    fixes={Rc::new(props.evaluation.fixes.get(&p.id).cloned().unwrap_or_default())}
                    dispatch={props.dispatch.clone()} />
            }) }
            <div class="add-policy">
                <label for="add-policy-kind">{ "New policy of kind" }</label>
                <select id="add-policy-kind" onchange={on_kind}>
                    { for PolicyKind::ALL.iter().map(|k| html! {
                        <option value={k.id_prefix()} selected={*k == *kind_to_add}>{ k.short_label() }</option>
                    }) }
                </select>
                <button type="button" onclick={on_add}>{ "Add policy" }</button>
            </div>
            <ManagedPicker dispatch={props.dispatch.clone()} />
        </section>
    }
}

#[derive(Properties, Clone)]
pub struct PolicyCardProps {
    pub entry: PolicyEntry,
    pub first: bool,
    pub last: bool,
    /// A second policy of a kind the engine takes once: shown, not evaluated.
    pub extra: bool,
    pub diagnostics: Rc<Vec<iam_engine::Diagnostic>>,
    pub findings: Rc<Vec<iam_lint::Finding>>,
    pub fixes: Rc<Vec<iam_lint::Finding>>,
    pub dispatch: Callback<Action>,
}

impl PartialEq for PolicyCardProps {
    fn eq(&self, other: &Self) -> bool {
        self.entry == other.entry
            && self.first == other.first
            && self.last == other.last
            && self.extra == other.extra
            && *self.diagnostics == *other.diagnostics
            && *self.findings == *other.findings
            && *self.fixes == *other.fixes
            && self.dispatch == other.dispatch
    }
}

#[function_component(PolicyCard)]
pub fn policy_card(props: &PolicyCardProps) -> Html {
    let p = &props.entry;
    let id = p.id;
    let send = |make: fn(u32) -> Action| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(make(id)))
    };
    let on_name = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| dispatch.emit(Action::RenamePolicy(id, input_value(e))))
    };
    let on_level = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| dispatch.emit(Action::SetLevel(id, input_value(e))))
    };
    let on_input = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |text: String| dispatch.emit(Action::EditPolicy(id, text)))
    };
    let on_fix = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |fix| dispatch.emit(Action::ApplyLintFix { policy: id, fix }))
    };
    let name_id = format!("policy-{id}-name");
    let level_id = format!("policy-{id}-level");
    let errors = props.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = props.diagnostics.len() - errors;
    html! {
        <article class="policy-card" data-policy={p.engine_id().to_string()} data-testid="policy">
            <header class="policy-head">
                <span class={classes!("kind-tag", format!("kind-{}", p.kind.id_prefix()))}>{ p.kind.short_label() }</span>
                <label class="visually-hidden" for={name_id.clone()}>{ "Policy name" }</label>
                <input id={name_id} class="policy-name" value={p.name.clone()} oninput={on_name} />
                if p.kind.has_levels() {
                    <label for={level_id.clone()}>{ "level" }</label>
                    <input id={level_id} class="policy-level" value={p.level.clone()} oninput={on_level}
                        title="Organization level: Root, an OU, or the account (levels are ordered root first by their order here)" />
                }
                <span class="policy-actions">
                    <button type="button" disabled={props.first} onclick={send(|id| Action::MovePolicy(id, -1))}
                        aria-label={format!("Move {} up", p.name)}>{ "↑" }</button>
                    <button type="button" disabled={props.last} onclick={send(|id| Action::MovePolicy(id, 1))}
                        aria-label={format!("Move {} down", p.name)}>{ "↓" }</button>
                    <button type="button" onclick={send(Action::RemovePolicy)}
                        aria-label={format!("Remove {}", p.name)}>{ "✕" }</button>
                </span>
            </header>
            if props.extra {
                <p class="note">{ format!("Not evaluated: the simulator takes one {} policy, the first in the list.", p.kind.short_label().to_lowercase()) }</p>
            }
            <CodeEditor dom_id={editor_dom_id(id)} label={format!("{} policy {}", p.kind.short_label(), p.name)}
                text={p.text.clone()} diagnostics={props.diagnostics.clone()} findings={props.findings.clone()}
                fixes={props.fixes.clone()} {on_input} {on_fix} />
            <p class="policy-status" data-testid="policy-status">
                { match (errors, warnings, props.findings.is_empty()) {
                    (0, 0, true) => "✓ No problems".to_owned(),
                    (0, 0, false) => "No errors".to_owned(),
                    (e, w, _) => format!("{e} error(s), {w} warning(s)"),
                } }
                if !props.findings.is_empty() {
                    { format!("; policy checks: {}", finding_counts(&props.findings)) }
                }
            </p>
        </article>
    }
}

/// "1 security warning, 2 suggestions": the findings counted by severity, most severe first.
fn finding_counts(findings: &[iam_lint::Finding]) -> String {
    iam_lint::Severity::ALL
        .iter()
        .filter_map(|severity| {
            let n = findings.iter().filter(|f| f.severity == *severity).count();
            let (word, _) = crate::components::code_editor::finding_word(*severity);
            (n > 0).then(|| format!("{n} {word}{}", if n == 1 { "" } else { "s" }))
        })
        .collect::<Vec<_>>()
        .join(", ")
}
