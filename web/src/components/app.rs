//! The root component: owns the reducer, saves every change (saying so when it cannot), keeps a shared link's
//! fragment in step with the workspace it shows, wires Undo/Redo to the keyboard, and hands props and callbacks to
//! the others.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::answers::GapPanel;
use crate::components::compare::ComparePanel;
use crate::components::from_error::FromErrorPanel;
use crate::components::policies::{editor_dom_id, PolicyList};
use crate::components::request::RequestBuilder;
use crate::components::results::ResultsTable;
use crate::components::workspaces::WorkspaceBar;
use crate::examples::EXAMPLES;
use crate::session::{self, Alert, Saver};
use crate::share::{self, Link};
use crate::state::{Action, Notice, Progress, Slot, State};
use crate::storage::{Failure, Problem};
use crate::workspace::{Imported, Workspace};
use crate::{browser, crash, files};

/// Whether a key press belongs to a text field, whose own Undo (of typing) it is.
fn in_text_field(event: &web_sys::Event) -> bool {
    let Some(el) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    if el.is_content_editable() || el.tag_name().eq_ignore_ascii_case("textarea") {
        return true;
    }
    match el.dyn_ref::<HtmlInputElement>() {
        Some(input) => !matches!(
            input.type_().as_str(),
            "checkbox" | "radio" | "button" | "submit" | "reset" | "file" | "range" | "color"
        ),
        None => false,
    }
}

/// Ctrl+Z (⌘Z) undoes, Ctrl+Shift+Z and Ctrl+Y redo, outside text fields.
fn shortcut(event: &web_sys::KeyboardEvent) -> Option<Action> {
    if !(event.ctrl_key() || event.meta_key()) || event.alt_key() {
        return None;
    }
    match (event.key().to_ascii_lowercase().as_str(), event.shift_key()) {
        ("z", false) => Some(Action::Undo),
        ("z", true) | ("y", false) => Some(Action::Redo),
        _ => None,
    }
}

/// The whole page.
#[function_component(App)]
pub fn app() -> Html {
    let boot = use_memo((), |()| session::boot());
    let state = use_reducer({
        let boot = boot.clone();
        move || boot.state.clone()
    });
    let alerts = use_state({
        let boot = boot.clone();
        move || boot.alerts.clone()
    });
    let storage_problem = use_state(|| None::<Failure>);
    let saver = use_mut_ref(Saver::default);
    // The workspace the URL fragment follows, once a link was opened or shared.
    let link_slot = use_mut_ref({
        let boot = boot.clone();
        move || boot.link_slot
    });
    // After a crash, nothing changes the state any more.
    let dispatch = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |()| {
            Callback::from(move |action: Action| {
                if !crash::crashed() {
                    dispatcher.dispatch(action)
                }
            })
        }))
        .clone()
    };

    // Once shown: the start is over; keyboard Undo/Redo, links pasted into the address bar, and the crash drill.
    {
        let dispatch = dispatch.clone();
        let link_slot = link_slot.clone();
        use_effect_with((), move |()| {
            crash::started();
            let window = gloo::utils::window();
            let keys = {
                let dispatch = dispatch.clone();
                EventListener::new_with_options(
                    &window,
                    "keydown",
                    EventListenerOptions::enable_prevent_default(),
                    move |event| {
                        let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                            return;
                        };
                        if let Some(action) = shortcut(key) {
                            if !in_text_field(event) {
                                event.prevent_default();
                                dispatch.emit(action);
                            }
                        }
                    },
                )
            };
            let links = {
                let dispatch = dispatch.clone();
                EventListener::new(&window, "hashchange", move |_| {
                    match share::read(&share::fragment()) {
                        Link::Workspace(ws) => {
                            *link_slot.borrow_mut() = Some(Slot::Linked);
                            dispatch.emit(Action::OpenLink(*ws));
                        }
                        Link::Broken(why) => {
                            share::replace_fragment(None);
                            dispatch.emit(Action::Notice(Some(Notice::info(format!(
                                "The link could not be opened: {why}. Your workspace is unchanged."
                            )))));
                        }
                        Link::None => {}
                    }
                })
            };
            // The crash drill (`dispatchEvent(new Event('iam-sim-crash-drill'))`): a failure inside the reducer,
            // the way a trap in the engine happens, for the end-to-end test of the crash screen.
            let drill = EventListener::new(&window, "iam-sim-crash-drill", move |_| {
                dispatch.emit(Action::CrashDrill)
            });
            move || drop((keys, links, drill))
        });
    }

    // Every change is saved once it has been evaluated and shown; the link fragment follows its workspace.
    {
        let storage_problem = storage_problem.clone();
        let saver = saver.clone();
        let link_slot = link_slot.clone();
        let state = state.clone();
        let key = (
            state.slot,
            state.own().clone(),
            state.linked().cloned(),
            state.recent.clone(),
        );
        use_effect_with(key, move |_| {
            if crash::crashed() {
                return;
            }
            let result = saver
                .borrow_mut()
                .save(state.own(), state.linked(), &state.recent);
            let failure = result.clone().err();
            if *storage_problem != failure {
                storage_problem.set(failure);
            }
            sync_fragment(&link_slot, &state);
            session::shown(&state, result.is_ok());
        });
    }

    // A workspace too large to evaluate at once goes to the worker; a new job replaces one still running, and a
    // cancelled one stops the worker.
    #[cfg(target_arch = "wasm32")]
    {
        let offthread = use_mut_ref(crate::offthread::OffThread::default);
        let dispatch = dispatch.clone();
        let state = state.clone();
        use_effect_with(state.running(), move |job| {
            use crate::offthread::{Job, Reply, Task};
            let on_reply = {
                let dispatch = dispatch.clone();
                Callback::from(move |reply: Reply| match reply {
                    Reply::Progress { job, done, total } => {
                        dispatch.emit(Action::Progress { job, done, total })
                    }
                    Reply::Done { job, evaluation } => dispatch.emit(Action::Evaluated {
                        job,
                        evaluation: crate::state::Answered(Rc::new(evaluation)),
                    }),
                    Reply::Failed { job, why } => {
                        dispatch.emit(Action::EvaluationFailed { job, why })
                    }
                    Reply::Ready | Reply::Compared { .. } | Reply::TemplateRead { .. } => {}
                })
            };
            match job {
                Some(job) => {
                    let task = Task::Evaluate(Box::new(Job {
                        job: *job,
                        workspace: state.workspace.clone(),
                        selected: state.selected_row,
                    }));
                    let started = offthread.borrow_mut().run(&task, &on_reply);
                    if let Err(why) = started {
                        // No worker (a browser without them, or its script missing): evaluate here, as before.
                        gloo::console::warn!(format!("evaluating on the page: no worker ({why})"));
                        dispatch.emit(Action::Evaluated {
                            job: *job,
                            evaluation: crate::state::Answered(Rc::new(
                                crate::state::Evaluation::of(&state.workspace),
                            )),
                        });
                    }
                }
                None => offthread.borrow_mut().stop(),
            }
        });
    }

    let workspace = Rc::new(state.workspace.clone());
    let on_fix = {
        let dispatch = dispatch.clone();
        Callback::from(
            move |(policy, statement): (Option<iam_engine::PolicyId>, String)| {
                dispatch.emit(Action::ApplyFix { policy, statement });
            },
        )
    };
    let on_statement = {
        let workspace = workspace.clone();
        let evaluation = state.evaluation.clone();
        Callback::from(move |statement: iam_engine::StatementId| {
            let line = evaluation
                .rows
                .iter()
                .flat_map(|r| r.answer.literal.policies.iter())
                .flat_map(|p| p.statements.iter())
                .find(|s| s.id == statement)
                .and_then(|s| s.location)
                .map_or(1, |l| l.line);
            if let Some(entry) = workspace
                .policies
                .iter()
                .find(|p| p.engine_id() == statement.policy)
            {
                browser::show_line(&editor_dom_id(entry.id), line);
            }
        })
    };
    let on_example = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            match select.value().as_str() {
                "" => {}
                "new" => dispatch.emit(Action::NewWorkspace),
                id => dispatch.emit(Action::LoadExample(id.to_owned())),
            }
        })
    };
    let on_share = {
        let state = state.clone();
        let link_slot = link_slot.clone();
        Callback::from(move |_: MouseEvent| {
            *link_slot.borrow_mut() = Some(state.slot);
            let fragment = share::encode(&state.workspace);
            share::replace_fragment(Some(&fragment));
            let link = format!("{}#{fragment}", share::page_url());
            let state = state.clone();
            // The installed app has no address bar: the link goes to the clipboard, and the page says so.
            wasm_bindgen_futures::spawn_local(async move {
                let copied = wasm_bindgen_futures::JsFuture::from(
                    gloo::utils::window()
                        .navigator()
                        .clipboard()
                        .write_text(&link),
                )
                .await
                .is_ok();
                state.dispatch(Action::Notice(Some(Notice::info(share::shared_notice(
                    link.chars().count(),
                    copied,
                )))));
            });
        })
    };
    let export = {
        let workspace = workspace.clone();
        Callback::from(move |_: MouseEvent| {
            files::download("scenario.json", &workspace.export_json())
        })
    };
    // Imported files: a scenario is read here; anything else goes to a worker of its own, which alone carries the
    // template reader.
    let template_reader = use_mut_ref(TemplateReader::default);
    let on_import = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let dispatch = dispatch.clone();
            let template_reader = template_reader.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let (name, text) = files::read_text(file).await;
                match text {
                    Ok(text) => match Workspace::import_scenario(&text) {
                        Ok(workspace) => dispatch.emit(Action::Import {
                            name,
                            read: Ok(Imported::Scenario(Box::new(workspace))),
                        }),
                        Err(why) => template_reader
                            .borrow_mut()
                            .read(name, text, why, &dispatch),
                    },
                    Err(why) => dispatch.emit(Action::Notice(Some(Notice::info(format!(
                        "{name} was not imported and nothing changed: {why}."
                    ))))),
                }
            });
            input.set_value("");
        })
    };
    let selected = state.selected();
    let context = Rc::new(
        selected
            .map(|r| r.answer.literal.context.clone())
            .unwrap_or_default(),
    );

    let loaded = *use_memo(state.workspace.clone(), crate::examples::loaded);
    let theme = use_state(crate::theme::saved);
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |e: Event| {
            let chosen = crate::theme::Theme::from_key(
                &e.target_unchecked_into::<HtmlSelectElement>().value(),
            );
            crate::theme::save(chosen);
            crate::theme::apply(chosen);
            theme.set(chosen);
        })
    };

    html! {
        <main class="app">
            <a class="skip-link" href="#answers" onclick={Callback::from(|e: MouseEvent| {
                // The fragment holds a shared workspace: move the focus without navigating.
                e.prevent_default();
                browser::focus("answers");
            })}>{ "Skip to the answers" }</a>
            <header class="top">
                <div>
                    <h1>{ "IAM Policy Simulator" }</h1>
                    <p class="tagline">{ "Evaluate AWS IAM policies against requests, entirely in your browser: nothing you type leaves the page." }</p>
                </div>
                <nav class="toolbar" aria-label="Workspace">
                    <label for="examples">{ "Examples" }</label>
                    <select id="examples" onchange={on_example}>
                        <option value="" selected={loaded.is_none()}>{ if loaded.is_none() { "Load an example…" } else { "Your own workspace…" } }</option>
                        { for EXAMPLES.iter().map(|e| html! { <option value={e.id} selected={loaded.is_some_and(|l| l.id == e.id)}>{ e.title }</option> }) }
                        <option value="new">{ "New empty workspace" }</option>
                    </select>
                    <button type="button" onclick={on_share}>{ "Share link" }</button>
                    <button type="button" onclick={export.clone()}>{ "Export scenario" }</button>
                    <label class="button" for="import-file">{ "Import scenario or template" }</label>
                    <input id="import-file" class="visually-hidden" type="file" accept=".json,.yaml,.yml,.template,application/json" onchange={on_import} />
                    <label for="theme">{ "Theme" }</label>
                    <select id="theme" onchange={on_theme}>
                        { for crate::theme::Theme::ALL.iter().map(|t| html! {
                            <option value={t.key()} selected={*t == *theme}>{ t.label() }</option>
                        }) }
                    </select>
                </nav>
            </header>
            <WorkspaceBar slot={state.slot} has_linked={state.linked().is_some()}
                undo={state.history.undo_label().map(|s| AttrValue::from(s.to_owned()))}
                redo={state.history.redo_label().map(|s| AttrValue::from(s.to_owned()))}
                recent={state.recent.clone()} dispatch={dispatch.clone()} />
            if let Some(problem) = &*storage_problem {
                <div class="alert" role="alert" data-testid="storage-problem">
                    <p>
                        { problem.message() }
                        if problem.work_unsaved() {
                            { " Your work is kept in this tab: export it to keep a copy. " }
                            <button type="button" onclick={export.clone()}>{ "Export scenario" }</button>
                        }
                    </p>
                </div>
            }
            { for alerts.iter().enumerate().map(|(i, alert)| alert_view(alert, i, &alerts, &dispatch)) }
            if let Some(notice) = &state.notice {
                <p class="notice" role="status" data-testid="notice">
                    { notice.text.clone() }
                    if notice.undo && state.history.undo_label().is_some() {
                        { " " }
                        <button type="button" onclick={{
                            let dispatch = dispatch.clone();
                            Callback::from(move |_: MouseEvent| dispatch.emit(Action::Undo))
                        }}>{ "Undo" }</button>
                    }
                </p>
            }
            if let Some(example) = loaded {
                <aside class="example-note" data-testid="example-shows" aria-label="What this example shows">
                    <strong>{ format!("Example: {}. ", example.title) }</strong>{ example.shows }
                </aside>
            }
            { progress_view(&state.progress, &dispatch) }
            <div class="tools">
                <FromErrorPanel workspace={workspace.clone()} evaluation={state.evaluation.clone()} dispatch={dispatch.clone()} />
                <ComparePanel workspace={workspace.clone()} />
            </div>
            <div class={classes!("workspace", state.stale().then_some("stale"))}>
                <div class="area-policies">
                    <PolicyList workspace={workspace.clone()} evaluation={state.evaluation.clone()} dispatch={dispatch.clone()} />
                </div>
                <div class="area-request">
                    <RequestBuilder request={Rc::new(state.workspace.request.clone())} {context}
                        tested={Rc::new(state.evaluation.tested_keys.clone())} dispatch={dispatch.clone()} />
                </div>
                <div class="side area-answers" id="answers" tabindex="-1">
                    { match selected {
                        Some(row) => html! {
                            <>
                                <p class="selected-request">{ "Showing " }<code>{ row.row.action.clone() }</code>{ " on " }<code>{ row.row.resource.clone() }</code></p>
                                <GapPanel evaluation={state.evaluation.clone()} row={state.selected_row.min(state.evaluation.rows.len().saturating_sub(1))} on_statement={on_statement.clone()} on_fix={Some(on_fix.clone())} />
                            </>
                        },
                        None => html! { <section class="panel"><p class="muted">{ "Add an action to the request to see the answers." }</p></section> },
                    } }
                    <ResultsTable evaluation={state.evaluation.clone()} selected={state.selected_row}
                        dispatch={dispatch.clone()} on_statement={on_statement.clone()} />
                </div>
            </div>
        </main>
    }
}

/// Where an evaluation off the page's thread stands, with Cancel while it runs and Evaluate after it stopped.
fn progress_view(progress: &Progress, dispatch: &Callback<Action>) -> Html {
    let send = |action: Action| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()))
    };
    match progress {
        Progress::Current => html! {},
        Progress::Running(p) => html! {
            <div class="evaluating" role="status" data-testid="evaluating">
                <span>{ format!("Evaluating {} requests… {} done", p.total, p.done) }</span>
                <progress max={p.total.max(1).to_string()} value={p.done.to_string()} aria-label="Evaluation progress" />
                <button type="button" onclick={send(Action::CancelEvaluation)}>{ "Cancel" }</button>
                <span class="muted">{ " The answers below are for an earlier version until it is done." }</span>
            </div>
        },
        Progress::Cancelled => html! {
            <div class="evaluating" role="status" data-testid="evaluation-stopped">
                <span>{ "Evaluation stopped. Your work is kept; the answers below (if any) are for an earlier version of it." }</span>
                <button type="button" onclick={send(Action::Reevaluate)}>{ "Evaluate" }</button>
            </div>
        },
        Progress::Failed(why) => html! {
            <div class="alert" role="alert" data-testid="evaluation-failed">
                <p>
                    { format!("The evaluation failed ({why}). Your work is kept; the answers below (if any) are for an earlier version of it. ") }
                    <button type="button" onclick={send(Action::Reevaluate)}>{ "Try again" }</button>
                </p>
            </div>
        },
    }
}

/// Rewrites the fragment for the workspace it follows, or removes it once another workspace is shown.
fn sync_fragment(link_slot: &RefCell<Option<Slot>>, state: &State) {
    let follows = *link_slot.borrow();
    match follows {
        Some(slot) if slot == state.slot => {
            share::replace_fragment(Some(&share::encode(&state.workspace)))
        }
        Some(_) => {
            share::replace_fragment(None);
            *link_slot.borrow_mut() = None;
        }
        None => {}
    }
}

/// One thing to tell at the start, with its buttons; Dismiss removes it.
fn alert_view(
    alert: &Alert,
    i: usize,
    alerts: &UseStateHandle<Vec<Alert>>,
    dispatch: &Callback<Action>,
) -> Html {
    let dismiss = {
        let alerts = alerts.clone();
        Callback::from(move |_: MouseEvent| {
            let mut list = (*alerts).clone();
            if i < list.len() {
                list.remove(i);
            }
            alerts.set(list);
        })
    };
    let dismiss_button =
        html! { <button type="button" onclick={dismiss.clone()}>{ "Dismiss" }</button> };
    match alert {
        Alert::Unreadable(problem) => {
            let raw = match problem {
                Problem::Corrupt { raw, .. } => raw.clone(),
                _ => Rc::from(""),
            };
            let download =
                Callback::from(move |_: MouseEvent| files::download("unreadable-entry.txt", &raw));
            html! {
                <div class="alert" role="alert" data-testid="unreadable">
                    <p>{ problem.message() }{ " " }
                        <button type="button" onclick={download}>{ "Download that entry" }</button>{ " " }{ dismiss_button }</p>
                </div>
            }
        }
        Alert::Crashed(note) => html! {
            <div class="alert" role="alert" data-testid="crashed-before">
                <p>{ note.clone() }{ " " }{ dismiss_button }</p>
            </div>
        },
        Alert::LinkSetAside { workspace, kept_as } => {
            let open = {
                let dispatch = dispatch.clone();
                let workspace = workspace.clone();
                let dismiss = dismiss.clone();
                Callback::from(move |e: MouseEvent| {
                    dispatch.emit(Action::OpenLink((*workspace).clone()));
                    dismiss.emit(e);
                })
            };
            let download = {
                let workspace = workspace.clone();
                Callback::from(move |_: MouseEvent| {
                    files::download("linked-scenario.json", &workspace.export_json())
                })
            };
            let kept = kept_as
                .as_ref()
                .map(|k| format!(" It is kept aside as `{k}`."))
                .unwrap_or_default();
            html! {
                <div class="alert" role="alert" data-testid="link-set-aside">
                    <p>
                        { format!("The link in the address bar crashed or froze the simulator when it was last opened, so it was not opened again; your workspace is shown instead.{kept} Open it anyway?") }
                        { " " }<button type="button" onclick={open}>{ "Open it anyway" }</button>
                        { " " }<button type="button" onclick={download}>{ "Download it as a scenario file" }</button>
                        { " " }{ dismiss_button }
                    </p>
                </div>
            }
        }
    }
}

/// Reads an imported file that is not a scenario as a CloudFormation template or a Terraform plan, in a worker
/// (`offthread`): the page's wasm does not carry the template reader.
#[derive(Default)]
struct TemplateReader {
    #[cfg(target_arch = "wasm32")]
    worker: crate::offthread::OffThread,
    job: u64,
    /// The file being read: its job, name and why it is no scenario. Shared with the worker's listener, which
    /// is made with the first job and kept for the next ones.
    #[cfg(target_arch = "wasm32")]
    pending: Rc<RefCell<Option<(u64, String, String)>>>,
}

impl TemplateReader {
    /// Reads `text` (`why_not_scenario` says why it is no scenario) and dispatches what it gave.
    fn read(
        &mut self,
        name: String,
        text: String,
        why_not_scenario: String,
        dispatch: &Callback<Action>,
    ) {
        self.job += 1;
        #[cfg(target_arch = "wasm32")]
        {
            use crate::offthread::{Reply, Task, TemplateJob};
            *self.pending.borrow_mut() = Some((self.job, name.clone(), why_not_scenario.clone()));
            let on_reply = {
                let (dispatch, pending) = (dispatch.clone(), self.pending.clone());
                Callback::from(move |reply: Reply| {
                    let (job, answer) = match reply {
                        Reply::TemplateRead { job, read } => (job, Ok(read)),
                        Reply::Failed { job, why } => (job, Err(why)),
                        _ => return,
                    };
                    let Some((_, name, why)) = pending
                        .borrow_mut()
                        .take_if(|(waiting, _, _)| *waiting == job)
                    else {
                        return;
                    };
                    let read = match answer {
                        Ok(read) => Workspace::imported(why, read),
                        Err(failed) => Err(format!(
                            "{why} (and the template reader could not run: {failed})"
                        )),
                    };
                    dispatch.emit(Action::Import { name, read });
                })
            };
            let task = Task::ReadTemplate(TemplateJob {
                job: self.job,
                text,
            });
            if let Err(failed) = self.worker.run(&task, &on_reply) {
                dispatch.emit(Action::Import {
                    name,
                    read: Err(format!(
                        "{why_not_scenario} (and the template reader needs a Web Worker, and none could start: {failed})"
                    )),
                });
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        dispatch.emit(Action::Import {
            name,
            read: Workspace::imported(why_not_scenario, Workspace::import_template(&text)),
        });
    }
}
