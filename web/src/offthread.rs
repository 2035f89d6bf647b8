//! Work off the page's thread. A workspace too large to evaluate at once ([`crate::state::light`]) goes to a
//! Web Worker (the bin `src/bin/worker.rs`, built by Trunk as `worker.js` + `worker_bg.wasm`), which evaluates it
//! a step at a time and reports its progress, so that no input can freeze the page: the page stays responsive, the
//! user can stop a long evaluation, and a fault in the engine stops the worker, not the page. Policy comparison
//! (the Compare view) runs there too: its search can take seconds on large policies, and only the worker links
//! `iam_compare`, so the page's own wasm does not carry it; so does the reading of imported CloudFormation
//! templates and Terraform plans, whose YAML and JSON reader only the worker links.
//!
//! This file holds the messages between the two (JSON text), the worker's side ([`serve`]) and the page's handle
//! on a worker ([`OffThread`]), which passes the worker's replies to whoever started the task. The worker is driven through `web_sys::Worker` rather than gloo-worker, because
//! stopping an evaluation in the middle needs `Worker::terminate`, which gloo-worker's bridge does not offer (a
//! message to stop would wait behind the evaluation it means to stop).

use serde::{Deserialize, Serialize};

use crate::state::Evaluation;
use crate::workspace::{Imported, Workspace};

/// The page asks the worker to evaluate `workspace` as job `job`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Job {
    pub job: u64,
    pub workspace: Workspace,
    /// The row shown in full: the others come back without their statement traces ([`crate::state::RowAnswer::trim`]).
    #[serde(default)]
    pub selected: usize,
}

/// Two policies to compare (`iam_compare::compare`), as job `job`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CompareJob {
    pub job: u64,
    pub old: String,
    pub new: String,
    pub kind: iam_compare::PolicyType,
}

/// A file to read as an infrastructure template ([`Workspace::import_template`]), as job `job`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TemplateJob {
    pub job: u64,
    pub text: String,
}

/// What the page asks the worker to do.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Task {
    Evaluate(Box<Job>),
    Compare(CompareJob),
    ReadTemplate(TemplateJob),
}

impl Task {
    pub fn job(&self) -> u64 {
        match self {
            Task::Evaluate(j) => j.job,
            Task::Compare(c) => c.job,
            Task::ReadTemplate(t) => t.job,
        }
    }
}

/// What the worker tells the page.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Reply {
    /// The worker is listening (messages sent before it is would be lost, so the page waits for this).
    Ready,
    Progress {
        job: u64,
        done: usize,
        total: usize,
    },
    Done {
        job: u64,
        evaluation: Evaluation,
    },
    Compared {
        job: u64,
        comparison: Box<iam_compare::Comparison>,
    },
    /// The template reader's answer: the template's policies, `None` when the file is no template, or why a
    /// template gave none.
    TemplateRead {
        job: u64,
        read: Result<Option<Imported>, String>,
    },
    Failed {
        job: u64,
        why: String,
    },
}

/// About twenty progress reports per job, each step at most 50 rows.
fn step(total: usize) -> usize {
    (total / 20).clamp(1, 50)
}

/// The worker's answer to one message from the page: progress reports as it goes (through `post`), then the
/// answers or why there are none. Pure, so that it is tested natively.
pub fn answer(message: &str, post: impl FnMut(&Reply)) {
    match serde_json::from_str::<Task>(message) {
        Ok(Task::Evaluate(job)) => evaluate(*job, post),
        Ok(Task::ReadTemplate(t)) => {
            let mut post = post;
            post(&Reply::TemplateRead {
                job: t.job,
                read: Workspace::import_template(&t.text),
            })
        }
        Ok(Task::Compare(c)) => {
            let mut post = post;
            let comparison = iam_compare::compare(&c.old, &c.new, c.kind);
            post(&Reply::Compared {
                job: c.job,
                comparison: Box::new(comparison),
            })
        }
        Err(e) => {
            let mut post = post;
            // The page knows which job it waits for; 0 stands for "the one you sent".
            post(&Reply::Failed {
                job: 0,
                why: format!("the worker could not read the task: {e}"),
            })
        }
    }
}

fn evaluate(job: Job, mut post: impl FnMut(&Reply)) {
    let id = job.job;
    let total = job.workspace.rows_len();
    let evaluation = Evaluation::in_steps(&job.workspace, step(total), |done, total| {
        post(&Reply::Progress {
            job: id,
            done,
            total,
        });
        true
    });
    match evaluation {
        Some(mut evaluation) => {
            for (i, row) in evaluation.rows.iter_mut().enumerate() {
                if i != job.selected {
                    row.trim();
                }
            }
            post(&Reply::Done {
                job: id,
                evaluation,
            })
        }
        None => post(&Reply::Failed {
            job: id,
            why: "the evaluation was stopped".to_owned(),
        }),
    }
}

#[cfg(target_arch = "wasm32")]
pub use self::browser::{serve, OffThread};

#[cfg(target_arch = "wasm32")]
mod browser {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    use gloo::events::EventListener;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, ErrorEvent, MessageEvent, Worker};
    use yew::Callback;

    use super::{answer, Reply, Task};

    /// The worker's script, next to the page (Trunk writes it for the bin `worker`).
    const SCRIPT: &str = "./worker_loader.js";

    /// The worker's side: answer every message from the page. Called once by the worker bin.
    pub fn serve() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let replies = scope.clone();
        let listener = EventListener::new(&scope, "message", move |event| {
            let Some(text) = event
                .dyn_ref::<MessageEvent>()
                .and_then(|m| m.data().as_string())
            else {
                return;
            };
            answer(&text, |reply| post(&replies, reply));
        });
        // The worker lives as long as the page wants it; its listener with it.
        listener.forget();
        post(&scope, &Reply::Ready);
    }

    fn post(scope: &DedicatedWorkerGlobalScope, reply: &Reply) {
        if let Ok(json) = serde_json::to_string(reply) {
            // A reply the page cannot receive has nowhere to go; the page then sees no answer and says so.
            let _ = scope.post_message(&JsValue::from_str(&json));
        }
    }

    /// A running worker and its listeners.
    struct Running {
        worker: Worker,
        /// The job to send once the worker says it is ready (`None` once it is).
        waiting: Rc<RefCell<Option<String>>>,
        _messages: EventListener,
        _errors: EventListener,
    }

    /// The page's handle on a worker: at most one job at a time; a new job while one runs stops the old one
    /// (its answers would be for a workspace no longer shown). Each user of workers (the evaluation, the Compare
    /// view) holds its own handle, so that one does not stop the other.
    #[derive(Default)]
    pub struct OffThread {
        running: Option<Running>,
        /// The job the worker is on, shared with its listeners (cleared when it answers).
        busy: Rc<Cell<Option<u64>>>,
    }

    impl OffThread {
        /// Starts `task`; the worker's replies (progress, the answer, or why there is none) come back through
        /// `on_reply`, always naming the task's job.
        pub fn run(&mut self, task: &Task, on_reply: &Callback<Reply>) -> Result<(), String> {
            if self.busy.get().is_some() {
                self.stop();
            }
            let job = task.job();
            let message = serde_json::to_string(task).map_err(|e| e.to_string())?;
            if self.running.is_none() {
                self.running = Some(self.spawn(on_reply)?);
            }
            let running = self.running.as_ref().ok_or("no worker")?;
            self.busy.set(Some(job));
            let mut waiting = running.waiting.borrow_mut();
            if waiting.is_some() {
                // Not listening yet: this job replaces any job queued before it.
                *waiting = Some(message);
                return Ok(());
            }
            running
                .worker
                .post_message(&JsValue::from_str(&message))
                .map_err(|e| format!("{e:?}"))
        }

        /// Stops the worker when it is at a job (a stopped worker is started again for the next one).
        pub fn stop(&mut self) {
            if self.busy.take().is_some() {
                if let Some(running) = self.running.take() {
                    running.worker.terminate();
                }
            }
        }

        fn spawn(&self, on_reply: &Callback<Reply>) -> Result<Running, String> {
            let worker = Worker::new(SCRIPT).map_err(|e| format!("{e:?}"))?;
            // Until the worker says it is ready, the job waits here (an empty string: none yet).
            let waiting = Rc::new(RefCell::new(Some(String::new())));
            let messages = {
                let on_reply = on_reply.clone();
                let busy = self.busy.clone();
                let waiting = waiting.clone();
                let to_worker = worker.clone();
                EventListener::new(&worker, "message", move |event| {
                    let Some(text) = event
                        .dyn_ref::<MessageEvent>()
                        .and_then(|m| m.data().as_string())
                    else {
                        return;
                    };
                    match serde_json::from_str::<Reply>(&text) {
                        Ok(Reply::Ready) => {
                            let job = waiting.borrow_mut().take().unwrap_or_default();
                            if !job.is_empty() {
                                if let Err(e) = to_worker.post_message(&JsValue::from_str(&job)) {
                                    if let Some(job) = busy.take() {
                                        on_reply.emit(Reply::Failed {
                                            job,
                                            why: format!("the worker could not be reached: {e:?}"),
                                        });
                                    }
                                }
                            }
                        }
                        Ok(Reply::Failed { job, why }) => {
                            // A task the worker could not read names no job: it is the one it was given.
                            let job = busy.take().unwrap_or(job);
                            on_reply.emit(Reply::Failed { job, why });
                        }
                        Ok(reply @ Reply::Progress { .. }) => on_reply.emit(reply),
                        Ok(reply) => {
                            busy.set(None);
                            on_reply.emit(reply);
                        }
                        Err(e) => {
                            if let Some(job) = busy.take() {
                                on_reply.emit(Reply::Failed {
                                    job,
                                    why: format!("the worker's answer could not be read: {e}"),
                                });
                            }
                        }
                    }
                })
            };
            let errors = {
                let on_reply = on_reply.clone();
                let busy = self.busy.clone();
                EventListener::new(&worker, "error", move |event| {
                    let why = event
                        .dyn_ref::<ErrorEvent>()
                        .map(|e| e.message())
                        .filter(|m| !m.is_empty())
                        .unwrap_or_else(|| "the worker stopped".to_owned());
                    if let Some(job) = busy.take() {
                        on_reply.emit(Reply::Failed { job, why });
                    }
                })
            };
            Ok(Running {
                worker,
                waiting,
                _messages: messages,
                _errors: errors,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
    use super::*;
    use crate::examples;

    #[test]
    fn the_worker_reports_progress_then_the_same_answers_as_the_page() {
        let workspace = examples::default_workspace();
        let message = serde_json::to_string(&Task::Evaluate(Box::new(Job {
            job: 7,
            workspace: workspace.clone(),
            selected: 0,
        })))
        .unwrap();
        let mut replies = Vec::new();
        answer(&message, |r| {
            replies.push(serde_json::to_string(r).unwrap())
        });
        let last: Reply = serde_json::from_str(replies.last().unwrap()).unwrap();
        let Reply::Done { job, evaluation } = last else {
            panic!("the last reply is the answers: {replies:?}");
        };
        assert_eq!(job, 7);
        let here = Evaluation::of(&workspace);
        assert_eq!(
            serde_json::to_string(&evaluation.rows).unwrap(),
            serde_json::to_string(&here.rows).unwrap()
        );
        assert!(replies.len() >= 2, "at least one progress report");
    }

    #[test]
    fn the_worker_compares_two_policies_and_names_the_job() {
        // IAM User Guide, "Policy evaluation logic": a request is allowed only when a statement allows it, so a
        // policy that adds s3:PutObject on the same bucket grants something the old one did not.
        let old = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::logs/*"}]}"#;
        let new = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::logs/*"}]}"#;
        let task = |old: &str, new: &str| {
            serde_json::to_string(&Task::Compare(CompareJob {
                job: 3,
                old: old.to_owned(),
                new: new.to_owned(),
                kind: iam_compare::PolicyType::Identity,
            }))
            .unwrap()
        };
        for (old, new, verdict) in [
            (old, new, iam_compare::Verdict::NewAccess),
            (new, old, iam_compare::Verdict::NoNewAccess),
        ] {
            let mut replies = Vec::new();
            answer(&task(old, new), |r| {
                replies.push(serde_json::to_string(r).unwrap())
            });
            assert_eq!(replies.len(), 1, "{replies:?}");
            let Reply::Compared { job, comparison } = serde_json::from_str(&replies[0]).unwrap()
            else {
                panic!("a comparison: {replies:?}");
            };
            assert_eq!(job, 3);
            assert_eq!(comparison.verdict, verdict, "{}", comparison.headline);
        }
    }

    #[test]
    fn a_message_that_is_not_a_job_gets_a_failure_not_a_panic() {
        let mut replies = Vec::new();
        answer("{\"hello\": 1}", |r| {
            replies.push(serde_json::to_string(r).unwrap())
        });
        assert_eq!(replies.len(), 1);
        assert!(replies[0].contains("\"failed\""), "{replies:?}");
    }
}
