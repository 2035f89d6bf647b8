//! The page's state as plain Rust: a [`State`] (the workspace shown and its answers, the other workspace, the undo
//! history, the recent workspaces), the [`Action`]s that change it, and a pure reducer. Every change of the
//! workspace re-evaluates every request row and is one undoable step; nothing replaces work without a way back.

pub mod history;
pub mod recent;
pub mod start;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use iam_engine::{Decision, Diagnostic, Policy, Prepared, ScenarioDoc};
use iam_lint::{Finding, Fix};
use iam_realapi::FullAnswer;
use serde::{Deserialize, Serialize};
use yew::Reducible;

use self::history::{Field, History};
use self::recent::Recent;
use crate::examples;
use crate::verdict::Headline;
use crate::workspace::{
    blank_policy, CallParam, ContextEntry, Imported, PolicyEntry, PolicyKind, PrincipalKind,
    PrincipalWords, RequestRow, Workspace,
};

/// One request row and both answers for it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RowAnswer {
    pub row: RequestRow,
    pub answer: FullAnswer,
    /// The statement traces were left out (rows evaluated by the worker, other than the selected one, carry only
    /// their decisions: a thousand rows against a policy of 800 statements would otherwise be 800,000 traces to
    /// send and read); [`State`] fills a row in when it is selected.
    #[serde(default)]
    pub trimmed: bool,
}

impl RowAnswer {
    /// Leaves out the statement traces (the decisions, deciding statements and real-API answer stay).
    pub fn trim(&mut self) {
        for policy in &mut self.answer.literal.policies {
            policy.statements = Vec::new();
        }
        self.trimmed = true;
    }

    pub fn literal(&self) -> Decision {
        self.answer.literal.decision
    }

    /// The real-API decision (the literal one when there is no real-API answer).
    pub fn real(&self) -> Decision {
        self.answer
            .real_api
            .as_ref()
            .map_or(self.answer.literal.decision, |r| r.decision)
    }

    /// What to say first: the real call when the answers differ, or why there is no verdict.
    pub fn headline(&self) -> Headline {
        Headline::of(&self.answer)
    }
}

/// What the engine says about the workspace.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Evaluation {
    pub rows: Vec<RowAnswer>,
    /// Parse errors and warnings per policy (by [`PolicyEntry::id`]), located in that policy's text, with the
    /// action names the reference does not know.
    pub diagnostics: HashMap<u32, Vec<Diagnostic>>,
    /// The linter's findings per policy (IAM Access Analyzer's checks, `iam_lint`), for the policy's kind, from the
    /// same reading of its text; those that repeat a diagnostic (the engine's grammar errors, an unknown action)
    /// are left out, their fixes kept in [`Evaluation::fixes`].
    #[serde(default)]
    pub findings: HashMap<u32, Vec<Finding>>,
    /// Fixes the linter offers for problems already listed as diagnostics (an unknown action's nearest one), per
    /// policy.
    #[serde(default)]
    pub fixes: HashMap<u32, Vec<Finding>>,
    /// How many action × resource pairs the request asks about; only the first [`MAX_ROWS`] are evaluated.
    #[serde(default)]
    pub asked: usize,
    /// The condition keys the policies test, each with an operator that tests it (as written), in the order the
    /// policies name them: the request builder offers them and checks the values typed against them.
    #[serde(default)]
    pub tested_keys: Vec<(String, String)>,
}

impl Evaluation {
    /// Evaluates every row of `workspace` (up to [`MAX_ROWS`]) and parses every policy on its own.
    pub fn of(workspace: &Workspace) -> Self {
        Self::in_steps(workspace, usize::MAX, |_, _| true).unwrap_or_default()
    }

    /// The same, `step` rows at a time, telling `progress(done, total)` after each step; `None` when `progress`
    /// answers `false` (stop).
    pub fn in_steps(
        workspace: &Workspace,
        step: usize,
        mut progress: impl FnMut(usize, usize) -> bool,
    ) -> Option<Self> {
        let requests = workspace.rows();
        let total = requests.len();
        let mut rows = Vec::with_capacity(total);
        for chunk in requests.chunks(step.max(1)) {
            rows.extend(answers(workspace, chunk));
            if !progress(rows.len(), total) {
                return None;
            }
        }
        let mut checked = Checked::default();
        let mut tested_keys: Vec<(String, String)> = Vec::new();
        for p in &workspace.policies {
            let check = checked_policy(p);
            checked.diagnostics.insert(p.id, check.diagnostics.clone());
            checked.findings.insert(p.id, check.findings.clone());
            checked.fixes.insert(p.id, check.fixes.clone());
            for (key, operator) in check.tested.iter().cloned() {
                let seen = tested_keys.iter().any(|(k, o)| {
                    k.eq_ignore_ascii_case(&key) && o.eq_ignore_ascii_case(&operator)
                });
                if !seen {
                    tested_keys.push((key, operator));
                }
            }
        }
        Some(Self {
            rows,
            diagnostics: checked.diagnostics,
            findings: checked.findings,
            fixes: checked.fixes,
            asked: workspace.row_count(),
            tested_keys,
        })
    }

    /// This evaluation with row `i` whole again (evaluated here, on its own) when it was trimmed.
    pub fn with_whole_row(self: &Rc<Self>, i: usize, workspace: &Workspace) -> Rc<Self> {
        let Some(row) = self.rows.get(i).filter(|r| r.trimmed) else {
            return self.clone();
        };
        let Some(whole) = answers(workspace, std::slice::from_ref(&row.row)).pop() else {
            return self.clone();
        };
        let mut next = (**self).clone();
        if let Some(slot) = next.rows.get_mut(i) {
            *slot = whole;
        }
        Rc::new(next)
    }

    /// An evaluation that says nothing yet (before the first answer from the worker).
    pub fn nothing_yet(workspace: &Workspace) -> Self {
        Self {
            asked: workspace.row_count(),
            ..Self::default()
        }
    }
}

/// Both answers for `requests`. The policies are those the editors' checks read ([`checked_policy`]): each policy
/// is parsed once per edit, for its editor and for the answers alike, and the set is assembled again only when a
/// policy changed.
fn answers(workspace: &Workspace, requests: &[RequestRow]) -> Vec<RowAnswer> {
    if requests.is_empty() {
        return Vec::new();
    }
    let answers = match prepared(workspace) {
        Some(prepared) => {
            let ask = ScenarioDoc {
                policies: Vec::new(),
                ..workspace.scenario_rows(requests)
            };
            iam_realapi::evaluate_prepared(&prepared, &ask.to_json(), None)
        }
        None => iam_realapi::evaluate_full_many(&workspace.scenario_rows(requests).to_json(), None),
    };
    if answers.len() == requests.len() {
        return requests
            .iter()
            .cloned()
            .zip(answers)
            .map(|(row, answer)| RowAnswer {
                row,
                answer,
                trimmed: false,
            })
            .collect();
    }
    // One scenario per row, should the engine ever answer a different number of requests.
    requests
        .iter()
        .map(|row| {
            let text = workspace.scenario_for(row).to_json();
            let answer = iam_realapi::evaluate_full(&text, None);
            RowAnswer {
                row: row.clone(),
                answer,
                trimmed: false,
            }
        })
        .collect()
}

/// What the editors show, per policy.
#[derive(Default)]
struct Checked {
    diagnostics: HashMap<u32, Vec<Diagnostic>>,
    findings: HashMap<u32, Vec<Finding>>,
    fixes: HashMap<u32, Vec<Finding>>,
}

/// The linter's type for a policy of `kind`.
pub fn lint_type(kind: PolicyKind) -> iam_lint::PolicyType {
    iam_lint::PolicyType::from_kind(kind)
}

thread_local! {
    /// The policies of the last answers, assembled from their checks, by a hash of every policy's check key and
    /// level in order: editing the request asks again without assembling them.
    static PREPARED: RefCell<Option<(u64, Rc<Prepared>)>> = const { RefCell::new(None) };
}

/// The workspace's policies for the engine, as its editors' checks read them. `None` when the scenario's own reader
/// must see them: a policy without a name (the reader reports it and names it itself).
fn prepared(workspace: &Workspace) -> Option<Rc<Prepared>> {
    use std::hash::{Hash, Hasher};
    if workspace.policies.iter().any(|p| p.name.is_empty()) {
        return None;
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for p in &workspace.policies {
        (check_key(p), &p.level).hash(&mut hasher);
    }
    let key = hasher.finish();
    if let Some(hit) = PREPARED.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(k, _)| *k == key)
            .map(|(_, p)| p.clone())
    }) {
        return Some(hit);
    }
    let fresh = Rc::new(Prepared::from_policies(
        workspace
            .policies
            .iter()
            .map(|p| (checked_policy(p).policy.clone(), p.level.clone())),
    ));
    PREPARED.with(|c| *c.borrow_mut() = Some((key, fresh.clone())));
    Some(fresh)
}

thread_local! {
    /// Each policy's check, by a hash of its kind, id, name and text: a keystroke re-reads and re-lints only the
    /// policy typed in, not all of them (10 policies × 20 requests went from 11–35 ms a keystroke to 64–106 ms
    /// when every policy was linted on every edit).
    static CHECKED: RefCell<HashMap<u64, Rc<PolicyCheck>>> = RefCell::new(HashMap::new());
}

/// The most policy checks remembered; past it the memory starts again.
const CHECKED_MAX: usize = 256;

/// What a policy's check depends on, hashed: its kind, id, name and text.
fn check_key(p: &PolicyEntry) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (p.kind.id_prefix(), p.engine_id(), &p.name, &p.text).hash(&mut hasher);
    hasher.finish()
}

/// [`check_policy`], remembered.
fn checked_policy(p: &PolicyEntry) -> Rc<PolicyCheck> {
    let key = check_key(p);
    if let Some(hit) = CHECKED.with(|c| c.borrow().get(&key).cloned()) {
        return hit;
    }
    let fresh = Rc::new(check_policy(p));
    CHECKED.with(|c| {
        let mut memory = c.borrow_mut();
        if memory.len() >= CHECKED_MAX {
            memory.clear();
        }
        memory.insert(key, fresh.clone());
    });
    fresh
}

/// What [`check_policy`] finds in one policy.
struct PolicyCheck {
    /// The policy as the engine reads it (the answers use this reading too).
    policy: Policy,
    /// The engine's errors and warnings, and the unknown action names.
    diagnostics: Vec<Diagnostic>,
    /// The linter's findings that do not repeat a diagnostic.
    findings: Vec<Finding>,
    /// The fixes of findings that repeat a diagnostic, for the diagnostic's row.
    fixes: Vec<Finding>,
    /// The condition keys it tests, with their operators (as written).
    tested: Vec<(String, String)>,
}

/// One policy's errors and warnings (the engine's and the unknown action names), and the linter's findings from
/// the same reading of its text: the JSON is parsed once and the policy read once. A finding that repeats a
/// diagnostic (same place: the engine's own problems, an unknown action) is not listed again; its fix, if any, is
/// returned apart, for the diagnostic's row.
fn check_policy(p: &PolicyEntry) -> PolicyCheck {
    let (id, text) = (p.engine_id(), p.text.as_str());
    let index = iam_engine::diag::LineIndex::new(text);
    let (parsed, findings) = match iam_engine::json::parse(text) {
        Ok(node) => {
            let parsed = iam_engine::policy::parse_policy_node_indexed(
                p.kind, &id, &p.name, &node, text, &index,
            );
            let options = iam_lint::Options::new(lint_type(p.kind));
            let findings = iam_lint::lint_parsed(&parsed, &node, text, &index, &options);
            (parsed, findings)
        }
        // Not JSON: the engine's one error says where; the linter would only repeat it.
        Err(_) => (
            iam_engine::parse_policy_text(p.kind, &id, &p.name, text),
            Vec::new(),
        ),
    };
    let tested = parsed
        .statements
        .iter()
        .flat_map(|s| s.conditions.iter())
        .map(|c| (c.key.clone(), c.operator_name.clone()))
        .collect();
    let unknown = crate::reference_checks::policy_warnings(&parsed, text);
    let mut diagnostics = parsed.diagnostics.clone();
    diagnostics.extend(unknown);
    let repeats = |f: &Finding| {
        f.engine_code.is_some()
            || diagnostics.iter().any(|d| {
                d.span
                    .is_some_and(|s| s.start == f.span.start && s.end == f.span.end)
            })
    };
    let (repeated, findings): (Vec<Finding>, Vec<Finding>) =
        findings.into_iter().partition(|f| repeats(f));
    let fixes = repeated.into_iter().filter(|f| f.fix.is_some()).collect();
    PolicyCheck {
        policy: parsed,
        diagnostics,
        findings,
        fixes,
        tested,
    }
}

/// What is wrong with `value` for a key the policies test with `operators` (names as written): one message per
/// operator family whose format it does not have, such as "not an IP address (IpAddress)"; values of multivalued
/// keys are separated by commas.
pub fn value_problems(value: &str, operators: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in operators {
        let Ok(op) = iam_engine::condition::Operator::parse(name, iam_engine::Span::default())
        else {
            continue;
        };
        if matches!(op.base.family(), iam_engine::condition::Family::Null) {
            continue;
        }
        let values: Vec<&str> = if op.set == iam_engine::condition::SetOp::Single {
            vec![value.trim()]
        } else {
            value.split(',').map(str::trim).collect()
        };
        for v in values {
            if let Some(what) = iam_engine::condition::request_value_problem(op.base, v) {
                let shown = if v.is_empty() {
                    "empty".to_owned()
                } else {
                    format!("`{v}`")
                };
                let message = format!("{shown} is not {what} ({name} in your policy)");
                if !out.contains(&message) {
                    out.push(message);
                }
            }
        }
    }
    out
}

/// An evaluation running off the page's thread (in the Web Worker) for the workspace shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    /// Numbers the jobs, so that an answer for an older workspace is never shown.
    pub job: u64,
    pub done: usize,
    pub total: usize,
}

/// How far evaluation got: the answers shown are for the workspace shown, or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// The answers are for the workspace shown.
    Current,
    /// The worker is evaluating; the answers shown (if any) are for an earlier version.
    Running(Pending),
    /// The user stopped the evaluation; the answers shown (if any) are for an earlier version.
    Cancelled,
    /// The worker failed (a limit of the browser or a fault in the engine); the work itself is safe.
    Failed(String),
}

/// An evaluation handed over from the worker (compared by identity: each answer is a new one).
#[derive(Debug, Clone)]
pub struct Answered(pub Rc<Evaluation>);

impl PartialEq for Answered {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Which workspace is shown: the user's own, or the one opened from a shared link (kept beside it, never over it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Slot {
    #[default]
    Own,
    Linked,
}

impl Slot {
    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Slot::Own => "Your workspace",
            Slot::Linked => "Opened from a link",
        }
    }
}

/// The workspace not shown, with its own undo history.
#[derive(Debug, Clone, PartialEq)]
pub struct Parked {
    pub slot: Slot,
    pub workspace: Workspace,
    pub history: History,
}

/// A one-line message about what just happened; `undo` offers to undo it right there.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub undo: bool,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            undo: false,
        }
    }

    fn undoable(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            undo: true,
        }
    }
}

/// Everything the page shows, derived only from the actions applied so far.
#[derive(Debug, Clone)]
pub struct State {
    /// The workspace shown (of [`State::slot`]).
    pub workspace: Workspace,
    pub evaluation: Rc<Evaluation>,
    /// The request row whose answers are shown in full.
    pub selected_row: usize,
    /// A one-line message (import failed, example loaded…).
    pub notice: Option<Notice>,
    pub slot: Slot,
    /// The undo history of the workspace shown.
    pub history: History,
    /// The other workspace: the user's own while a linked one is shown, the linked one (if any) otherwise.
    pub parked: Option<Rc<Parked>>,
    /// Workspaces set aside, newest first.
    pub recent: Rc<Vec<Recent>>,
    /// Whether [`State::evaluation`] is for the workspace shown, or a worker is still at it.
    pub progress: Progress,
    /// The number of the last evaluation job handed to the worker.
    pub jobs: u64,
}

/// What can happen to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Replace the workspace shown (undoable; the replaced one goes to the recent workspaces).
    Load(Workspace),
    /// Replace the workspace shown by an example (by id), likewise; its first row where the real call differs
    /// from the literal answer is selected.
    LoadExample(String),
    /// Replace the workspace shown by an empty one, likewise.
    NewWorkspace,
    /// An imported file read ([`Workspace::import`]): a scenario replaces the workspace shown, likewise; a
    /// template's policies replace its policies and keep the request; a file that is neither changes nothing and
    /// says what is wrong.
    Import {
        name: String,
        read: Result<Imported, String>,
    },
    /// A workspace from a shared link: shown as a separate workspace beside the user's own (replacing an earlier
    /// linked one, which goes to the recent workspaces).
    OpenLink(Workspace),
    SwitchTo(Slot),
    /// The workspace from the link becomes the user's own (the old one goes to the recent workspaces).
    KeepLinked,
    /// Close the workspace from the link (it goes to the recent workspaces).
    CloseLinked,
    /// Restore a recent workspace into the workspace shown (undoable).
    RestoreRecent(usize),
    ForgetRecent(usize),
    Undo,
    Redo,
    AddPolicy(PolicyKind),
    RenamePolicy(u32, String),
    SetLevel(u32, String),
    EditPolicy(u32, String),
    /// Move a policy up (`-1`) or down (`1`) the list.
    MovePolicy(u32, i32),
    RemovePolicy(u32),
    SetPrincipalKind(PrincipalKind),
    SetPrincipal(String),
    SetPrincipalTags(String),
    /// The tags the request sets (`aws:RequestTag/…`, `aws:TagKeys`), one `key=value` a line.
    SetRequestTags(String),
    /// The resource's tags (`aws:ResourceTag/…`), one `key=value` a line.
    SetResourceTags(String),
    AddAction(String),
    /// Add several actions at once (a pattern expanded through the reference), as one step.
    AddActions(Vec<String>),
    RemoveAction(usize),
    AddResource(String),
    SetResource(usize, String),
    RemoveResource(usize),
    SetResourceAccount(String),
    /// Ask resource `i` with one action only (empty: with every action).
    SetResourceAction(usize, String),
    /// Set a context key's value, adding the key if it is not there.
    SetContext(String, String),
    RemoveContext(usize),
    /// One ARN for a resource type (scenario `realApi.resources`); an empty ARN removes it.
    SetTypedResource(String, String),
    /// A parameter of what the call passes (scenario `realApi.call`); an empty value removes it.
    SetCallParam(CallParam, String),
    /// Add the statement a real-API fix suggests (policy JSON) to the policy it names (`identity/Name`), or to a
    /// new identity-based policy when it names none that exists (undoable).
    ApplyFix {
        policy: Option<iam_engine::PolicyId>,
        statement: String,
    },
    /// Apply a linter finding's fix (an edit of the policy's text) to the policy with this id (undoable); ignored
    /// while the findings shown are for an earlier version of the workspace, or when the edit no longer fits.
    ApplyLintFix {
        policy: u32,
        fix: Fix,
    },
    /// Ask about the calls read from pasted error text (`iam_fromerror` requests in the scenario format): they
    /// become the workspace's request — principal, actions, resources, context, what the call passes — in one
    /// undoable step; the policies stay.
    UseCalls(Vec<serde_json::Value>),
    /// Add an identity-based policy with this name (made unique) and text (undoable): an AWS managed policy
    /// copied to be edited, or a least-privilege policy.
    AddPolicyDocument {
        name: String,
        text: String,
    },
    SelectRow(usize),
    Notice(Option<Notice>),
    /// The worker's progress on `job`.
    Progress {
        job: u64,
        done: usize,
        total: usize,
    },
    /// The worker's answers for `job` (ignored unless it is the job running).
    Evaluated {
        job: u64,
        evaluation: Answered,
    },
    /// The worker stopped without answering `job`.
    EvaluationFailed {
        job: u64,
        why: String,
    },
    /// Stop the evaluation running (the worker is stopped; the workspace is kept).
    CancelEvaluation,
    /// Evaluate the workspace shown again (after a cancel or a failure).
    Reevaluate,
    /// The crash drill: fails inside the reducer, as a trap in the engine would, so that the end-to-end suite can
    /// check the crash screen (`crate::crash`); the page sends it on a window event `iam-sim-crash-drill`.
    CrashDrill,
}

/// Milliseconds since the epoch (the browser's clock in the page).
pub fn now() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }
}

impl State {
    /// A state for `workspace`, evaluated.
    pub fn new(workspace: Workspace) -> Self {
        let (evaluation, progress) = evaluate(&workspace, 1, None);
        Self {
            workspace,
            evaluation,
            selected_row: 0,
            notice: None,
            slot: Slot::Own,
            history: History::default(),
            parked: None,
            recent: Rc::new(Vec::new()),
            progress,
            jobs: 1,
        }
    }

    /// The answers shown are not (yet) those of the workspace shown.
    pub fn stale(&self) -> bool {
        self.progress != Progress::Current
    }

    /// The job the worker must run now, if any.
    pub fn running(&self) -> Option<u64> {
        match &self.progress {
            Progress::Running(p) => Some(p.job),
            _ => None,
        }
    }

    /// The answers of the selected row.
    pub fn selected(&self) -> Option<&RowAnswer> {
        self.evaluation
            .rows
            .get(self.selected_row)
            .or_else(|| self.evaluation.rows.first())
    }

    /// The user's own workspace.
    pub fn own(&self) -> &Workspace {
        match (&self.slot, &self.parked) {
            (Slot::Linked, Some(parked)) => &parked.workspace,
            _ => &self.workspace,
        }
    }

    /// The workspace opened from a link, if there is one.
    pub fn linked(&self) -> Option<&Workspace> {
        match (&self.slot, &self.parked) {
            (Slot::Linked, _) => Some(&self.workspace),
            (Slot::Own, Some(parked)) => Some(&parked.workspace),
            (Slot::Own, None) => None,
        }
    }

    /// The workspace shown changed to `workspace`: evaluated, the row kept when it still exists, the notice cleared.
    fn with_workspace(&self, workspace: Workspace, history: History) -> Self {
        let jobs = self.jobs.saturating_add(1);
        let (evaluation, progress) = evaluate(&workspace, jobs, Some(&self.evaluation));
        let selected_row = if self.selected_row < evaluation.rows.len() {
            self.selected_row
        } else {
            0
        };
        Self {
            workspace,
            evaluation,
            selected_row,
            notice: None,
            history,
            progress,
            jobs,
            ..self.clone()
        }
    }

    /// Shows another workspace (with its history) in `slot`, the current one parked or dropped.
    fn showing(
        &self,
        slot: Slot,
        workspace: Workspace,
        history: History,
        parked: Option<Parked>,
        recent: Rc<Vec<Recent>>,
    ) -> Self {
        let jobs = self.jobs.saturating_add(1);
        let (evaluation, progress) = evaluate(&workspace, jobs, None);
        Self {
            evaluation,
            workspace,
            selected_row: 0,
            notice: None,
            slot,
            history,
            parked: parked.map(Rc::new),
            recent,
            progress,
            jobs,
        }
    }

    /// Replaces the workspace shown by `workspace` as one undoable step described by `what`; the replaced workspace
    /// also goes to the recent ones, so that it survives a reload.
    fn replace(&self, workspace: Workspace, what: String, done: String) -> Self {
        if workspace == self.workspace {
            return Self {
                notice: Some(Notice::info(format!(
                    "{done} It is the same as the workspace shown."
                ))),
                ..self.clone()
            };
        }
        let mut history = self.history.clone();
        history.record(&self.workspace, what.clone(), None);
        let mut recent = (*self.recent).clone();
        recent::push(
            &mut recent,
            &self.workspace,
            format!("Before you chose to {what}"),
            now(),
        );
        let mut next = self.with_workspace(workspace, history);
        next.selected_row = 0;
        next.recent = Rc::new(recent);
        next.notice = Some(Notice::undoable(done));
        next
    }

    fn undo(&self) -> Option<Self> {
        let mut history = self.history.clone();
        let step = history.undo(&self.workspace)?;
        let mut next = self.with_workspace(step.workspace, history);
        next.notice = Some(Notice::info(format!("Undone: {}.", step.what)));
        Some(next)
    }

    fn redo(&self) -> Option<Self> {
        let mut history = self.history.clone();
        let step = history.redo(&self.workspace)?;
        let mut next = self.with_workspace(step.workspace, history);
        next.notice = Some(Notice::info(format!("Redone: {}.", step.what)));
        Some(next)
    }

    fn open_link(&self, workspace: Workspace) -> Self {
        if workspace == *self.own() {
            let mut next = self.switch(Slot::Own);
            next.notice = Some(Notice::info(
                "The link holds your own workspace as it is; nothing was added.",
            ));
            return next;
        }
        if self.linked() == Some(&workspace) {
            let mut next = self.switch(Slot::Linked);
            next.notice = Some(Notice::info(
                "Opened from a link, as a separate workspace: your own workspace is unchanged.",
            ));
            return next;
        }
        let mut recent = (*self.recent).clone();
        if let Some(earlier) = self.linked() {
            recent::push(
                &mut recent,
                earlier,
                "Opened from an earlier link".to_owned(),
                now(),
            );
        }
        let own = match self.slot {
            Slot::Own => Parked {
                slot: Slot::Own,
                workspace: self.workspace.clone(),
                history: self.history.clone(),
            },
            Slot::Linked => self.parked.as_deref().cloned().unwrap_or_else(|| Parked {
                slot: Slot::Own,
                workspace: Workspace::default(),
                history: History::default(),
            }),
        };
        let mut next = self.showing(
            Slot::Linked,
            workspace,
            History::default(),
            Some(own),
            Rc::new(recent),
        );
        next.notice = Some(Notice::info(
            "Opened from a link, as a separate workspace: your own workspace is unchanged (“Your workspace” shows it).",
        ));
        next
    }

    fn switch(&self, slot: Slot) -> Self {
        if slot == self.slot {
            return self.clone();
        }
        let Some(parked) = self.parked.as_deref().filter(|p| p.slot == slot) else {
            return self.clone();
        };
        self.showing(
            slot,
            parked.workspace.clone(),
            parked.history.clone(),
            Some(Parked {
                slot: self.slot,
                workspace: self.workspace.clone(),
                history: self.history.clone(),
            }),
            self.recent.clone(),
        )
    }

    /// The workspace from the link becomes the user's own; the old own one goes to the recent workspaces, and
    /// Undo (in the own workspace) brings it back.
    fn keep_linked(&self) -> Self {
        let Some(linked) = self.linked().cloned() else {
            return self.clone();
        };
        let (own, own_history) = match (&self.slot, self.parked.as_deref()) {
            (Slot::Linked, Some(p)) => (p.workspace.clone(), p.history.clone()),
            _ => (self.workspace.clone(), self.history.clone()),
        };
        let what = "make the workspace from the link your own".to_owned();
        let mut history = own_history;
        history.record(&own, what.clone(), None);
        let mut recent = (*self.recent).clone();
        recent::push(
            &mut recent,
            &own,
            format!("Before you chose to {what}"),
            now(),
        );
        let mut next = self.showing(Slot::Own, linked, history, None, Rc::new(recent));
        next.notice = Some(Notice::undoable(
            "The workspace from the link is now your own; your earlier one is in the recent workspaces.",
        ));
        next
    }

    fn close_linked(&self) -> Self {
        let Some(linked) = self.linked() else {
            return self.clone();
        };
        let mut recent = (*self.recent).clone();
        recent::push(
            &mut recent,
            linked,
            "Opened from a link, then closed".to_owned(),
            now(),
        );
        let (own, history) = match (&self.slot, self.parked.as_deref()) {
            (Slot::Linked, Some(p)) => (p.workspace.clone(), p.history.clone()),
            _ => (self.workspace.clone(), self.history.clone()),
        };
        let mut next = self.showing(Slot::Own, own, history, None, Rc::new(recent));
        next.notice = Some(Notice::info(
            "Closed the workspace from the link; it is in the recent workspaces.",
        ));
        next
    }

    fn restore_recent(&self, i: usize) -> Self {
        let Some(entry) = self.recent.get(i).cloned() else {
            return self.clone();
        };
        let mut without = (*self.recent).clone();
        without.remove(i);
        let base = Self {
            recent: Rc::new(without),
            ..self.clone()
        };
        base.replace(
            entry.workspace,
            format!("restore “{}”", entry.label),
            format!("Restored “{}”.", entry.label),
        )
    }

    /// What undoing `action` would be called, and the field a run of keystrokes edits; `None` for actions that do
    /// not edit the workspace.
    fn describe(&self, action: &Action) -> Option<(String, Option<Field>)> {
        let ws = &self.workspace;
        let name = |id: u32| {
            ws.policy(id)
                .map_or_else(|| "a policy".to_owned(), |p| format!("policy {}", p.name))
        };
        let at = |list: &[String], i: usize| list.get(i).cloned().unwrap_or_default();
        Some(match action {
            Action::AddPolicy(kind) => (format!("add a {} policy", kind.short_label()), None),
            Action::RenamePolicy(id, _) => (
                format!("rename {}", name(*id)),
                Some(Field::PolicyName(*id)),
            ),
            Action::SetLevel(id, _) => (
                format!("change the level of {}", name(*id)),
                Some(Field::PolicyLevel(*id)),
            ),
            Action::EditPolicy(id, _) => {
                (format!("edit {}", name(*id)), Some(Field::PolicyText(*id)))
            }
            Action::MovePolicy(id, by) => (
                format!("move {} {}", name(*id), if *by < 0 { "up" } else { "down" }),
                None,
            ),
            Action::RemovePolicy(id) => (format!("remove {}", name(*id)), None),
            Action::SetPrincipalKind(kind) => (
                format!("make the principal {}", kind.label().to_lowercase()),
                None,
            ),
            Action::SetPrincipal(_) => ("change the principal".to_owned(), Some(Field::Principal)),
            Action::SetPrincipalTags(_) => (
                "change the principal tags".to_owned(),
                Some(Field::PrincipalTags),
            ),
            Action::SetRequestTags(_) => (
                "change the request tags".to_owned(),
                Some(Field::Tags(false)),
            ),
            Action::SetResourceTags(_) => (
                "change the resource tags".to_owned(),
                Some(Field::Tags(true)),
            ),
            Action::AddAction(a) => (format!("add the action {}", a.trim()), None),
            Action::AddActions(list) => (format!("add {} actions", list.len()), None),
            Action::RemoveAction(i) => (
                format!("remove the action {}", at(&ws.request.actions, *i)),
                None,
            ),
            Action::AddResource(_) => ("add a resource".to_owned(), None),
            Action::SetResource(i, _) => (
                format!("change resource {}", i + 1),
                Some(Field::Resource(*i)),
            ),
            Action::RemoveResource(i) => (
                format!("remove the resource {}", at(&ws.request.resources, *i)),
                None,
            ),
            Action::SetResourceAction(i, action) => (
                if action.is_empty() {
                    format!("ask resource {} with every action", i + 1)
                } else {
                    format!("ask resource {} with {action} only", i + 1)
                },
                None,
            ),
            Action::SetResourceAccount(_) => (
                "change the resource account".to_owned(),
                Some(Field::ResourceAccount),
            ),
            Action::SetContext(key, _) => (
                format!("set {key}"),
                Some(Field::Context(key.to_ascii_lowercase())),
            ),
            Action::RemoveContext(i) => (
                format!(
                    "remove {}",
                    ws.request
                        .context
                        .get(*i)
                        .map_or("a context key", |c| c.key.as_str())
                ),
                None,
            ),
            Action::SetTypedResource(kind, _) => (
                format!("set the {kind} ARN"),
                Some(Field::TypedResource(kind.clone())),
            ),
            Action::SetCallParam(param, value) => (
                if value.trim().is_empty() {
                    format!("clear the call's {}", param.key())
                } else {
                    format!("set the call's {}", param.key())
                },
                Some(Field::CallParam(*param)),
            ),
            Action::ApplyFix { policy, .. } => (
                format!(
                    "apply the fix to {}",
                    policy.as_ref().map_or("a new policy", |p| p.as_str())
                ),
                None,
            ),
            Action::ApplyLintFix { policy, fix } => {
                (format!("{} in {}", fix.title, name(*policy)), None)
            }
            Action::UseCalls(calls) => (
                match calls.len() {
                    1 => "ask about the call from the error".to_owned(),
                    n => format!("ask about the {n} calls from the errors"),
                },
                None,
            ),
            Action::AddPolicyDocument { name, .. } => (format!("add the policy {name}"), None),
            _ => return None,
        })
    }

    /// An edit of the workspace shown: the new workspace, or `None` when nothing changes.
    fn edited(&self, action: Action) -> Option<Workspace> {
        let mut ws = self.workspace.clone();
        match action {
            Action::AddPolicy(kind) => {
                let id = ws.take_policy_id()?;
                let name = fresh_name(&ws, kind);
                let level = if kind.has_levels() { "Root" } else { "" };
                ws.policies.push(PolicyEntry {
                    id,
                    kind,
                    name,
                    level: level.to_owned(),
                    text: blank_policy(kind),
                });
            }
            Action::RenamePolicy(id, name) => edit_policy(&mut ws, id, |p| p.name = name),
            Action::SetLevel(id, level) => edit_policy(&mut ws, id, |p| p.level = level),
            Action::EditPolicy(id, text) => edit_policy(&mut ws, id, |p| p.text = text),
            Action::ApplyFix { policy, statement } => {
                let target = policy
                    .as_ref()
                    .and_then(|id| ws.policies.iter_mut().find(|p| p.engine_id() == *id));
                match target.and_then(|p| with_statement(&p.text, &statement).map(|t| (p, t))) {
                    Some((p, text)) => p.text = text,
                    None => {
                        let id = ws.take_policy_id()?;
                        let name = fresh_name(&ws, PolicyKind::Identity);
                        ws.policies.push(PolicyEntry {
                            id,
                            kind: PolicyKind::Identity,
                            name,
                            level: String::new(),
                            text: format!(
                                "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {}\n  ]\n}}\n",
                                statement
                            ),
                        });
                    }
                }
            }
            Action::ApplyLintFix { policy, fix } => {
                let p = ws.policies.iter_mut().find(|p| p.id == policy)?;
                p.text = with_edit(&p.text, &fix)?;
            }
            Action::UseCalls(calls) => ws.request = crate::pasted::request_of(&calls, &ws.request)?,
            Action::AddPolicyDocument { name, text } => {
                let id = ws.take_policy_id()?;
                let name = unique_name(&ws, PolicyKind::Identity, name.trim());
                ws.policies.push(PolicyEntry {
                    id,
                    kind: PolicyKind::Identity,
                    name,
                    level: String::new(),
                    text,
                });
            }
            Action::MovePolicy(id, by) => {
                let from = ws.policies.iter().position(|p| p.id == id)?;
                let to = from as i64 + i64::from(by);
                if to < 0 || to >= ws.policies.len() as i64 {
                    return None;
                }
                ws.policies.swap(from, to as usize);
            }
            Action::RemovePolicy(id) => ws.policies.retain(|p| p.id != id),
            Action::SetPrincipalKind(kind) => {
                let old = ws.request.principal_kind;
                ws.request.principal_kind = kind;
                if ws.request.principal.trim().is_empty() || ws.request.principal == old.example() {
                    ws.request.principal = kind.example().to_owned();
                }
            }
            Action::SetPrincipal(arn) => ws.request.principal = arn,
            Action::SetPrincipalTags(tags) => ws.request.principal_tags = tags,
            Action::SetRequestTags(tags) => ws.request.request_tags = tags,
            Action::SetResourceTags(tags) => ws.request.resource_tags = tags,
            Action::AddAction(action) => {
                let action = action.trim().to_owned();
                if action.is_empty() || ws.request.actions.contains(&action) {
                    return None;
                }
                ws.request.actions.push(action);
            }
            Action::AddActions(list) => {
                for action in list {
                    let action = action.trim().to_owned();
                    if !action.is_empty() && !ws.request.actions.contains(&action) {
                        ws.request.actions.push(action);
                    }
                }
            }
            Action::RemoveAction(i) => {
                if i < ws.request.actions.len() {
                    ws.request.actions.remove(i);
                }
            }
            Action::AddResource(arn) => ws.request.resources.push(arn),
            Action::SetResource(i, arn) => {
                if let Some(r) = ws.request.resources.get_mut(i) {
                    *r = arn;
                }
            }
            Action::RemoveResource(i) => {
                if i < ws.request.resources.len() {
                    ws.request.resources.remove(i);
                    if i < ws.request.resource_actions.len() {
                        ws.request.resource_actions.remove(i);
                    }
                }
            }
            Action::SetResourceAction(i, action) => {
                if i >= ws.request.resources.len() {
                    return None;
                }
                if ws.request.resource_actions.len() <= i {
                    ws.request.resource_actions.resize(i + 1, String::new());
                }
                if let Some(slot) = ws.request.resource_actions.get_mut(i) {
                    *slot = action;
                }
                // Nothing kept for one action: the list is empty again, as in a workspace that never had it.
                if ws
                    .request
                    .resource_actions
                    .iter()
                    .all(|a| a.trim().is_empty())
                {
                    ws.request.resource_actions.clear();
                }
            }
            Action::SetResourceAccount(account) => ws.request.resource_account = account,
            Action::SetContext(key, value) => {
                match ws
                    .request
                    .context
                    .iter_mut()
                    .find(|c| c.key.eq_ignore_ascii_case(&key))
                {
                    Some(entry) => entry.value = value,
                    None => ws.request.context.push(ContextEntry { key, value }),
                }
            }
            Action::RemoveContext(i) => {
                if i < ws.request.context.len() {
                    ws.request.context.remove(i);
                }
            }
            Action::SetTypedResource(kind, arn) => {
                ws.request.typed_resources.retain(|(t, _)| *t != kind);
                if !arn.trim().is_empty() {
                    ws.request.typed_resources.push((kind, arn));
                }
            }
            Action::SetCallParam(param, value) => {
                if value.trim().is_empty() {
                    ws.request.call.remove(&param);
                } else {
                    ws.request.call.insert(param, value);
                }
            }
            _ => return None,
        }
        (ws != self.workspace).then_some(ws)
    }
}

/// The most work evaluated on the page's own thread, in request rows × KiB of policy text (plus one per row): 512
/// rows against 1 KiB of policies, or 10 policies of 2 KiB × 20 requests (the keystroke budget's case, 460). A row
/// costs 10 µs to 0.25 ms natively (an unknown action looks for the nearest known ones) and about three times that
/// in wasm; more goes to the worker, so that no workspace can block the page for long, while the usual workspace
/// answers at once without the worker's round trip.
pub const LIGHT_WORK: usize = 1_024;
/// The most policy text read on the page's own thread, however few the rows (reading a megabyte takes a few
/// hundred milliseconds in wasm).
pub const LIGHT_BYTES: usize = 256 * 1024;

/// Small enough to evaluate at once on the page's thread.
pub fn light(workspace: &Workspace) -> bool {
    let bytes: usize = workspace.policies.iter().map(|p| p.text.len()).sum();
    let rows = workspace.rows_len().max(1);
    bytes <= LIGHT_BYTES && rows.saturating_mul(1 + bytes / 1024) <= LIGHT_WORK
}

/// The evaluation of `workspace` when it is light; otherwise job number `job` for the worker, showing `earlier`
/// answers (if any) until it answers.
fn evaluate(
    workspace: &Workspace,
    job: u64,
    earlier: Option<&Rc<Evaluation>>,
) -> (Rc<Evaluation>, Progress) {
    if light(workspace) {
        return (Rc::new(Evaluation::of(workspace)), Progress::Current);
    }
    let shown = earlier
        .cloned()
        .unwrap_or_else(|| Rc::new(Evaluation::nothing_yet(workspace)));
    let pending = Pending {
        job,
        done: 0,
        total: workspace.rows_len(),
    };
    (shown, Progress::Running(pending))
}

impl Default for State {
    /// The first visit opens on the DescribeVolumes example.
    fn default() -> Self {
        Self::new(examples::default_workspace())
    }
}

/// A name not yet used by a policy of `kind` (`Identity1`, `Identity2`…).
fn fresh_name(ws: &Workspace, kind: PolicyKind) -> String {
    let base = match kind {
        PolicyKind::Identity => "Identity",
        PolicyKind::Resource => "Resource",
        PolicyKind::PermissionsBoundary => "Boundary",
        PolicyKind::Session => "Session",
        PolicyKind::Scp => "Scp",
        PolicyKind::Rcp => "Rcp",
        PolicyKind::VpcEndpoint => "Endpoint",
    };
    (1..)
        .map(|n| format!("{base}{n}"))
        .find(|name| {
            !ws.policies
                .iter()
                .any(|p| p.kind == kind && p.name == *name)
        })
        .unwrap_or_else(|| base.to_owned())
}

/// `name` when no policy of `kind` has it yet, else `name2`, `name3`…; a fresh name when it is empty.
fn unique_name(ws: &Workspace, kind: PolicyKind, name: &str) -> String {
    if name.is_empty() {
        return fresh_name(ws, kind);
    }
    let taken = |n: &str| ws.policies.iter().any(|p| p.kind == kind && p.name == n);
    if !taken(name) {
        return name.to_owned();
    }
    (2..)
        .map(|n| format!("{name}{n}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| name.to_owned())
}

/// `text` with a linter fix applied: the text at the fix's span replaced; `None` when the span does not fit the
/// text (it was computed for another version) or the edit changes nothing.
pub fn with_edit(text: &str, fix: &Fix) -> Option<String> {
    let (start, end) = (fix.span.start, fix.span.end);
    let edited = format!(
        "{}{}{}",
        text.get(..start)?,
        fix.replacement,
        text.get(end.max(start)..)?
    );
    (edited != text).then_some(edited)
}

/// The policy text with one more statement, written into its `Statement` array (a single statement becomes an
/// array), the rest of the text as the user wrote it; `None` when the text is not a policy document.
pub fn with_statement(text: &str, statement: &str) -> Option<String> {
    let root = iam_engine::json::parse(text).ok()?;
    let st = root.get("Statement")?;
    let span = st.span;
    match &st.kind {
        iam_engine::json::NodeKind::Array(items) => {
            let close = span.end.checked_sub(1)?;
            let head = text.get(..close)?.trim_end();
            let sep = if items.is_empty() {
                "\n    "
            } else {
                ",\n    "
            };
            Some(format!("{head}{sep}{statement}\n  {}", text.get(close..)?))
        }
        iam_engine::json::NodeKind::Object(_) => {
            let old = text.get(span.start..span.end)?;
            Some(format!(
                "{}[\n    {old},\n    {statement}\n  ]{}",
                text.get(..span.start)?,
                text.get(span.end..)?
            ))
        }
        _ => None,
    }
}

fn edit_policy(ws: &mut Workspace, id: u32, f: impl FnOnce(&mut PolicyEntry)) {
    if let Some(p) = ws.policies.iter_mut().find(|p| p.id == id) {
        f(p);
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = match action {
            Action::Load(workspace) => self.replace(
                workspace,
                "replace the workspace".to_owned(),
                "Replaced the workspace.".to_owned(),
            ),
            Action::LoadExample(id) => {
                let Some(example) = examples::example(&id) else {
                    return self;
                };
                let mut next = self.replace(
                    examples::workspace_of(example),
                    format!("load the example “{}”", example.title),
                    format!("Loaded the example “{}”.", example.title),
                );
                next.selected_row = next
                    .evaluation
                    .rows
                    .iter()
                    .position(|r| r.literal() != r.real())
                    .unwrap_or(0);
                next
            }
            Action::NewWorkspace => self.replace(
                examples::empty_workspace(),
                "start a new empty workspace".to_owned(),
                "Started a new empty workspace.".to_owned(),
            ),
            Action::Import { name, read } => match read {
                Ok(Imported::Scenario(workspace)) => self.replace(
                    *workspace,
                    format!("import {name}"),
                    format!("Imported {name}."),
                ),
                // A template holds policies only: the request being asked stays.
                Ok(Imported::Template { policies, what }) => {
                    let count = policies.len();
                    let workspace = Workspace {
                        next_id: count as u32,
                        policies,
                        request: self.workspace.request.clone(),
                    };
                    self.replace(
                        workspace,
                        format!("import {name}"),
                        format!(
                            "Imported {count} {} from {name} ({what}); the request is unchanged.",
                            if count == 1 { "policy" } else { "policies" }
                        ),
                    )
                }
                Err(why) => Self {
                    notice: Some(Notice::info(format!(
                        "{name} was not imported and nothing changed: {why}"
                    ))),
                    ..(*self).clone()
                },
            },
            Action::OpenLink(workspace) => self.open_link(workspace),
            Action::SwitchTo(slot) => {
                if slot == self.slot {
                    return self;
                }
                self.switch(slot)
            }
            Action::KeepLinked => self.keep_linked(),
            Action::CloseLinked => self.close_linked(),
            Action::RestoreRecent(i) => self.restore_recent(i),
            Action::ForgetRecent(i) => {
                if i >= self.recent.len() {
                    return self;
                }
                let mut recent = (*self.recent).clone();
                recent.remove(i);
                Self {
                    recent: Rc::new(recent),
                    ..(*self).clone()
                }
            }
            Action::Undo => match self.undo() {
                Some(next) => next,
                None => return self,
            },
            Action::Redo => match self.redo() {
                Some(next) => next,
                None => return self,
            },
            Action::SelectRow(row) => {
                let mut history = self.history.clone();
                history.break_run();
                // A row from the worker is filled in with its traces (unless they are for an earlier workspace).
                let evaluation = if self.stale() {
                    self.evaluation.clone()
                } else {
                    self.evaluation.with_whole_row(row, &self.workspace)
                };
                Self {
                    selected_row: row,
                    history,
                    evaluation,
                    ..(*self).clone()
                }
            }
            Action::Notice(notice) => Self {
                notice,
                ..(*self).clone()
            },
            Action::Progress { job, done, total } => match &self.progress {
                Progress::Running(p) if p.job == job => Self {
                    progress: Progress::Running(Pending { job, done, total }),
                    ..(*self).clone()
                },
                _ => return self,
            },
            Action::Evaluated { job, evaluation } => {
                if self.running() != Some(job) {
                    return self;
                }
                let rows = evaluation.0.rows.len();
                let selected_row = if self.selected_row < rows {
                    self.selected_row
                } else {
                    0
                };
                Self {
                    evaluation: evaluation.0.with_whole_row(selected_row, &self.workspace),
                    progress: Progress::Current,
                    selected_row,
                    ..(*self).clone()
                }
            }
            Action::EvaluationFailed { job, why } => {
                if self.running() != Some(job) {
                    return self;
                }
                Self {
                    progress: Progress::Failed(why),
                    ..(*self).clone()
                }
            }
            Action::CancelEvaluation => {
                if self.running().is_none() {
                    return self;
                }
                Self {
                    progress: Progress::Cancelled,
                    ..(*self).clone()
                }
            }
            Action::Reevaluate => {
                if self.running().is_some() {
                    return self;
                }
                let jobs = self.jobs.saturating_add(1);
                let (evaluation, progress) =
                    evaluate(&self.workspace, jobs, Some(&self.evaluation));
                Self {
                    evaluation,
                    progress,
                    jobs,
                    ..(*self).clone()
                }
            }
            // A fix is for the text its findings were computed from: not while they are for an earlier one.
            Action::ApplyLintFix { .. } if self.stale() => Self {
                notice: Some(Notice::info(
                    "The findings shown are for an earlier version of the workspace: wait for the evaluation to finish, then apply the fix.",
                )),
                ..(*self).clone()
            },
            #[allow(clippy::panic)]
            Action::CrashDrill => panic!("crash drill: a failure inside the reducer"),
            edit => {
                let Some((what, field)) = self.describe(&edit) else {
                    return self;
                };
                let removed_policy = match &edit {
                    Action::RemovePolicy(id) => self.workspace.policy(*id).map(|p| p.name.clone()),
                    _ => None,
                };
                // An action the reference does not know is added as typed, with the warning its chip repeats.
                let unknown_action = match &edit {
                    Action::AddAction(name) => {
                        crate::reference_checks::unknown_request_action(name)
                    }
                    _ => None,
                };
                let done = match &edit {
                    Action::ApplyLintFix { fix, .. } => Some(format!("Applied: {}.", fix.title)),
                    Action::UseCalls(calls) => Some(format!(
                        "The request now asks about {} from the pasted text; the policies are unchanged.",
                        match calls.len() {
                            1 => "the call".to_owned(),
                            n => format!("the {n} calls"),
                        }
                    )),
                    Action::AddPolicyDocument { name, .. } => {
                        Some(format!("Added {name} as an identity-based policy you can edit."))
                    }
                    _ => None,
                };
                let Some(workspace) = self.edited(edit) else {
                    return self;
                };
                let mut history = self.history.clone();
                history.record(&self.workspace, what, field);
                let mut next = self.with_workspace(workspace, history);
                if let Some(name) = removed_policy {
                    next.notice = Some(Notice::undoable(format!("Removed policy {name}.")));
                }
                if let Some(done) = done {
                    next.notice = Some(Notice::undoable(done));
                }
                if let Some(why) = unknown_action {
                    next.notice = Some(Notice::undoable(format!(
                        "Added as typed. Warning: {} No real call has this name, so its answers can't be evaluated.",
                        crate::reference_checks::sentence(&why)
                    )));
                }
                next
            }
        };
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]

    use super::*;

    fn state() -> Rc<State> {
        Rc::new(State::default())
    }

    /// The app's answers come from the policies its editors' checks read; they are the answers of the scenario it
    /// exports, read whole (every example, and each with a policy edited, renamed and added).
    #[test]
    fn answers_from_the_editors_policies_are_the_scenarios_answers() {
        let whole = |ws: &Workspace| {
            let rows = ws.rows();
            let answers = iam_realapi::evaluate_full_many(&ws.scenario_rows(&rows).to_json(), None);
            serde_json::to_value(answers).unwrap()
        };
        let app = |ws: &Workspace| {
            let rows = ws.rows();
            let answers: Vec<FullAnswer> =
                answers(ws, &rows).into_iter().map(|r| r.answer).collect();
            serde_json::to_value(answers).unwrap()
        };
        for example in examples::EXAMPLES.iter() {
            let mut ws = examples::workspace_of(example);
            assert_eq!(app(&ws), whole(&ws), "{}", example.id);
            if let Some(first) = ws.policies.first_mut() {
                first.text = first.text.replacen("Allow", "Deny", 1);
                first.name.push_str("-renamed");
            }
            ws.policies.push(PolicyEntry {
                id: 99,
                kind: PolicyKind::Identity,
                name: "Added".into(),
                level: String::new(),
                text: "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}".into(),
            });
            assert_eq!(app(&ws), whole(&ws), "{} edited", example.id);
        }
    }

    /// The DescribeVolumes example with 60 KB more policy text and 300 actions: too much to evaluate at once.
    fn heavy(s: &State) -> Workspace {
        let mut ws = s.workspace.clone();
        let big = format!(
            "{{\"Version\": \"2012-10-17\", \"Statement\": [{}]}}",
            (0..600)
                .map(|i| format!("{{\"Sid\": \"S{i}\", \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::bucket-{i}/*\"}}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        ws.policies.push(PolicyEntry {
            id: 99,
            kind: PolicyKind::Identity,
            name: "Big".to_owned(),
            level: String::new(),
            text: big,
        });
        ws.request.actions = (0..300).map(|i| format!("ec2:Describe{i}")).collect();
        ws
    }

    /// IAM Access Analyzer, policy check reference: PASS_ROLE_WITH_STAR_IN_RESOURCE (a security warning) for
    /// `iam:PassRole` on `*`; the finding is listed apart from the engine's diagnostics, and a finding with a fix
    /// (INVALID_ACTION's nearest action, here for a diagnostic the app already shows) is applied as one undoable
    /// step.
    #[test]
    fn lint_findings_are_computed_with_the_diagnostics_and_a_fix_is_one_undoable_step() {
        let s = state();
        let id = s.workspace.policies[0].id;
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", \"Resource\": \"*\"},\n    {\"Effect\": \"Allow\", \"Action\": \"s3:GetObjects\", \"Resource\": \"*\"}\n  ]\n}";
        let s = s.reduce(Action::EditPolicy(id, text.to_owned()));
        let findings = &s.evaluation.findings[&id];
        assert!(
            findings
                .iter()
                .any(|f| f.code == "PASS_ROLE_WITH_STAR_IN_RESOURCE"
                    && f.severity == iam_lint::Severity::SecurityWarning),
            "{findings:#?}"
        );
        // The unknown action is the app's own warning, not listed twice; its fix is kept for that row.
        assert!(findings.iter().all(|f| f.code != "INVALID_ACTION"));
        assert!(s.evaluation.diagnostics[&id]
            .iter()
            .any(|d| d.code == crate::reference_checks::UNKNOWN_ACTION));
        let fix = s.evaluation.fixes[&id]
            .iter()
            .find_map(|f| f.fix.clone())
            .expect("a fix for s3:GetObjects");
        let fixed = s.clone().reduce(Action::ApplyLintFix {
            policy: id,
            fix: fix.clone(),
        });
        assert!(fixed.workspace.policies[0]
            .text
            .contains("\"s3:GetObject\""));
        assert!(!fixed.workspace.policies[0].text.contains("s3:GetObjects"));
        assert!(fixed.notice.as_ref().is_some_and(|n| n.undo));
        let undone = fixed.reduce(Action::Undo);
        assert_eq!(undone.workspace.policies[0].text, text);
        // A fix whose span no longer fits the text changes nothing.
        let mut far = fix;
        far.span.start = 10_000;
        far.span.end = 10_001;
        let same = s.clone().reduce(Action::ApplyLintFix {
            policy: id,
            fix: far,
        });
        assert_eq!(same.workspace, s.workspace);
    }

    #[test]
    fn broken_json_is_one_diagnostic_and_no_finding() {
        let s = state();
        let id = s.workspace.policies[0].id;
        let s = s.reduce(Action::EditPolicy(
            id,
            "{\n  \"Version\" \"x\"\n}".to_owned(),
        ));
        assert_eq!(s.evaluation.diagnostics[&id].len(), 1);
        assert!(s.evaluation.findings[&id].is_empty());
    }

    /// The Flintrock least-privilege story's first error: the call becomes the request in one undoable step.
    #[test]
    fn pasted_calls_become_the_request_and_a_managed_copy_a_policy() {
        let s = state();
        let reading = crate::pasted::read(include_str!(
            "../../crates/cli/tests/data/flintrock-errors.txt"
        ));
        let calls: Vec<serde_json::Value> = reading.calls.into_iter().map(|c| c.request).collect();
        let policies = s.workspace.policies.clone();
        let next = s.clone().reduce(Action::UseCalls(calls));
        assert_eq!(
            next.workspace.request.actions,
            ["iam:GetInstanceProfile", "ec2:DescribeVpcs"]
        );
        assert_eq!(next.workspace.policies, policies);
        assert!(next
            .evaluation
            .rows
            .iter()
            .any(|r| r.row.action == "iam:GetInstanceProfile"
                && r.row
                    .resource
                    .ends_with(":instance-profile/EMR_EC2_DefaultRole")));
        assert_eq!(next.reduce(Action::Undo).workspace, s.workspace);
        // No call: nothing changes.
        assert_eq!(
            s.clone().reduce(Action::UseCalls(Vec::new())).workspace,
            s.workspace
        );
        let added = s.clone().reduce(Action::AddPolicyDocument {
            name: "IAMFullAccess".to_owned(),
            text: "{}".to_owned(),
        });
        let added = added.reduce(Action::AddPolicyDocument {
            name: "IAMFullAccess".to_owned(),
            text: "{}".to_owned(),
        });
        let names: Vec<&str> = added
            .workspace
            .policies
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert!(
            names.ends_with(&["IAMFullAccess", "IAMFullAccess2"]),
            "{names:?}"
        );
    }

    #[test]
    fn a_heavy_workspace_waits_for_the_worker_and_takes_only_its_own_answers() {
        let s = state();
        let ws = heavy(&s);
        assert!(!light(&ws));
        let s = s.reduce(Action::Load(ws.clone()));
        let job = s.running().expect("a job for the worker");
        assert!(s.stale(), "the answers shown are the earlier ones");
        assert_eq!(
            s.evaluation.rows.len(),
            1,
            "the DescribeVolumes row still shows"
        );
        // Progress for another job is ignored; for this one it is kept.
        let s = s.reduce(Action::Progress {
            job: job + 7,
            done: 1,
            total: 2,
        });
        assert_eq!(
            s.progress,
            Progress::Running(Pending {
                job,
                done: 0,
                total: 300
            })
        );
        let s = s.reduce(Action::Progress {
            job,
            done: 50,
            total: 300,
        });
        assert_eq!(
            s.progress,
            Progress::Running(Pending {
                job,
                done: 50,
                total: 300
            })
        );
        // An answer for an older job is never shown.
        let old = Answered(Rc::new(Evaluation::default()));
        let s = s.reduce(Action::Evaluated {
            job: job - 1,
            evaluation: old,
        });
        assert!(s.stale());
        // The worker sends the rows without their statement traces; the selected row is filled in here.
        let mut sent = Evaluation::of(&ws);
        let whole = serde_json::to_string(&sent.rows[3]).unwrap();
        sent.rows.iter_mut().for_each(RowAnswer::trim);
        let s = s.reduce(Action::Evaluated {
            job,
            evaluation: Answered(Rc::new(sent)),
        });
        assert!(!s.stale());
        assert_eq!(s.evaluation.rows.len(), 300);
        assert!(s.running().is_none());
        assert!(!s.evaluation.rows[0].trimmed);
        assert!(s.evaluation.rows[3].trimmed);
        assert!(s.evaluation.rows[3]
            .answer
            .literal
            .policies
            .iter()
            .all(|p| p.statements.is_empty()));
        let s = s.reduce(Action::SelectRow(3));
        assert_eq!(serde_json::to_string(&s.evaluation.rows[3]).unwrap(), whole);
    }

    #[test]
    fn an_example_opens_on_its_first_row_where_the_real_call_differs() {
        // Examples that teach: the telling row is selected. Every example is checked, whatever its rows.
        for example in examples::EXAMPLES.iter() {
            let s = state().reduce(Action::NewWorkspace);
            let s = s.reduce(Action::LoadExample(example.id.to_owned()));
            let rows = &s.evaluation.rows;
            let want = rows
                .iter()
                .position(|r| r.literal() != r.real())
                .unwrap_or(0);
            assert_eq!(s.selected_row, want, "{}", example.id);
            assert_eq!(
                examples::loaded(&s.workspace).map(|e| e.id),
                Some(example.id)
            );
        }
    }

    #[test]
    fn the_tag_boxes_become_request_tag_resource_tag_and_tag_keys() {
        // IAM User Guide, "Controlling access to AWS resources using tags": aws:RequestTag/key-name and aws:TagKeys
        // describe the tags in the request, aws:ResourceTag/key-name the tags the resource has.
        let s = state();
        let s = s.reduce(Action::SetRequestTags(
            "team=blue\nproject = x=1".to_owned(),
        ));
        let s = s.reduce(Action::SetResourceTags("env=prod".to_owned()));
        let s = s.reduce(Action::SetContext(
            "aws:RequestTag/team".to_owned(),
            "red".to_owned(),
        ));
        let context = s.workspace.context_doc();
        assert_eq!(
            context["aws:TagKeys"],
            serde_json::json!(["project", "team"])
        );
        assert_eq!(context["aws:RequestTag/project"], "x=1");
        assert_eq!(
            context["aws:RequestTag/team"], "red",
            "a key set in the context wins"
        );
        assert_eq!(context["aws:ResourceTag/env"], "prod");
        // The engine sees them: the answer's context lists the resource tag.
        let row = s.selected().unwrap();
        assert!(row
            .answer
            .literal
            .context
            .iter()
            .any(|c| c.key == "aws:ResourceTag/env" && c.values == ["prod"]));
        // Typing in one box is one undo step.
        let s = s.reduce(Action::SetResourceTags("env=dev".to_owned()));
        let s = s.reduce(Action::Undo);
        assert_eq!(s.workspace.request.resource_tags, "env=prod");
    }

    #[test]
    fn values_typed_for_tested_keys_are_checked_against_the_operators_format() {
        // IAM User Guide, condition operators: IP address operators take an address or CIDR range, date operators an
        // ISO 8601 date or epoch seconds, Bool `true`/`false`; Null only asks whether the key is present.
        assert_eq!(
            value_problems("10.0.0.300", &["IpAddress"]),
            ["`10.0.0.300` is not an IP address (IpAddress in your policy)"]
        );
        assert!(value_problems("10.0.0.1", &["NotIpAddress"]).is_empty());
        assert_eq!(
            value_problems("", &["DateGreaterThan"]),
            ["empty is not a date (ISO 8601, such as 2026-11-23T12:00:00Z, or epoch seconds) (DateGreaterThan in your policy)"]
        );
        assert!(value_problems("2026-01-01T00:00:00Z", &["DateLessThan"]).is_empty());
        assert_eq!(value_problems("yes", &["Bool", "Null"]).len(), 1);
        assert!(value_problems("anything", &["Null", "StringLike"]).is_empty());
        // Multivalued keys: each value on its own.
        assert_eq!(
            value_problems("1, x", &["ForAnyValue:NumericEquals"]).len(),
            1
        );
    }

    #[test]
    fn the_keys_the_policies_test_are_listed_once_with_their_operators() {
        let s = state().reduce(Action::LoadExample("passrole-ec2".to_owned()));
        assert!(s
            .evaluation
            .tested_keys
            .iter()
            .any(|(k, o)| k == "iam:PassedToService" && o == "StringEquals"));
    }

    #[test]
    fn each_resource_can_be_asked_with_one_action_only() {
        let s = state().reduce(Action::NewWorkspace);
        let s = s.reduce(Action::AddAction("s3:ListBucket".to_owned()));
        let s = s.reduce(Action::AddAction("s3:GetObject".to_owned()));
        let s = s.reduce(Action::AddResource("arn:aws:s3:::bucket".to_owned()));
        let s = s.reduce(Action::AddResource("arn:aws:s3:::bucket/key".to_owned()));
        assert_eq!(s.workspace.rows().len(), 4, "every action × every resource");
        let s = s.reduce(Action::SetResourceAction(0, "s3:ListBucket".to_owned()));
        let s = s.reduce(Action::SetResourceAction(1, "s3:GetObject".to_owned()));
        let rows: Vec<(String, String)> = s
            .workspace
            .rows()
            .into_iter()
            .map(|r| (r.action, r.resource))
            .collect();
        assert_eq!(
            rows,
            [
                ("s3:ListBucket".to_owned(), "arn:aws:s3:::bucket".to_owned()),
                (
                    "s3:GetObject".to_owned(),
                    "arn:aws:s3:::bucket/key".to_owned()
                ),
            ]
        );
        assert_eq!(s.workspace.row_count(), 2);
        // Removing a resource removes its choice with it; Undo brings both back.
        let s = s.reduce(Action::RemoveResource(0));
        assert_eq!(s.workspace.request.resource_actions, ["s3:GetObject"]);
        assert_eq!(s.workspace.rows().len(), 2, "ListBucket asks about * again");
        assert_eq!(s.workspace.row_count(), 2, "counted as the rows are built");
        let s = s.reduce(Action::Undo);
        assert_eq!(s.workspace.rows().len(), 2);
        assert_eq!(s.workspace.request.resource_actions.len(), 2);
    }

    #[test]
    fn a_new_empty_workspace_is_one_undoable_step() {
        let s = state();
        let before = s.workspace.clone();
        let s = s.reduce(Action::NewWorkspace);
        assert_eq!(s.workspace.policies.len(), 1);
        assert!(s.workspace.request.actions.is_empty());
        assert!(s.evaluation.rows.is_empty());
        assert!(examples::loaded(&s.workspace).is_none());
        let s = s.reduce(Action::Undo);
        assert_eq!(s.workspace, before);
    }

    #[test]
    fn a_cancelled_evaluation_keeps_the_work_and_can_run_again() {
        let s = state();
        let ws = heavy(&s);
        let s = s.reduce(Action::Load(ws.clone()));
        let job = s.running().unwrap();
        let s = s.reduce(Action::CancelEvaluation);
        assert_eq!(s.progress, Progress::Cancelled);
        assert_eq!(s.workspace, ws, "the work is kept");
        // The cancelled job's late answer is not shown.
        let late = Answered(Rc::new(Evaluation::of(&ws)));
        let s = s.reduce(Action::Evaluated {
            job,
            evaluation: late,
        });
        assert_eq!(s.progress, Progress::Cancelled);
        let s = s.reduce(Action::Reevaluate);
        let again = s.running().unwrap();
        assert!(again > job, "a new job number");
        let s = s.reduce(Action::EvaluationFailed {
            job: again,
            why: "out of memory".to_owned(),
        });
        assert_eq!(s.progress, Progress::Failed("out of memory".to_owned()));
        // Undo (an edit back to the light example) evaluates at once again.
        let s = s.reduce(Action::Undo);
        assert!(!s.stale());
        assert_eq!(s.evaluation.rows.len(), 1);
    }

    #[test]
    fn a_request_grid_is_evaluated_up_to_its_limit_and_says_how_many_it_asks() {
        let s = state();
        let mut ws = s.workspace.clone();
        ws.request.actions = (0..300).map(|i| format!("s3:Action{i}")).collect();
        ws.request.resources = (0..300).map(|i| format!("arn:aws:s3:::b{i}")).collect();
        assert_eq!(ws.row_count(), 90_000);
        assert_eq!(ws.rows().len(), crate::workspace::MAX_ROWS);
        assert_eq!(ws.rows_len(), crate::workspace::MAX_ROWS);
        let evaluation = Evaluation::of(&ws);
        assert_eq!(evaluation.rows.len(), crate::workspace::MAX_ROWS);
        assert_eq!(evaluation.asked, 90_000);
        // The scenario file still holds every pair.
        let exported: serde_json::Value = serde_json::from_str(&ws.export_json()).unwrap();
        assert_eq!(exported["requests"].as_array().unwrap().len(), 90_000);
    }

    #[test]
    fn opens_on_describe_volumes_with_both_answers() {
        // The DescribeVolumes report: the user narrowed `ec2:DescribeVolumes` to `arn:aws:ec2:us-east-1:…:volume/*`; the IAM
        // policy simulator "reports that DescribeVolumes action is allowed" while the API call returns
        // UnauthorizedOperation ("Otherwise, the ARN must be `*`").
        let s = state();
        assert_eq!(s.workspace.request.actions, vec!["ec2:DescribeVolumes"]);
        let row = s.selected().unwrap();
        assert_eq!(row.literal(), Decision::Allow);
        assert_eq!(row.real(), Decision::ImplicitDeny);
    }

    #[test]
    fn applying_the_real_api_fix_makes_the_describe_volumes_call_work() {
        // The DescribeVolumes surprise: the fix the real-API answer suggests (a statement with Resource `*`,
        // Service Authorization Reference: DescribeVolumes has no resource types) is applied in one step, and the
        // engine's answer for the real call becomes Allow; undo puts the policy back.
        let s = state();
        let row = s.selected().unwrap();
        let real = row.answer.real_api.as_ref().unwrap();
        let fix = real.divergences.iter().find_map(|d| d.fix.clone()).unwrap();
        let statement = serde_json::to_string(fix.statement.as_ref().unwrap()).unwrap();
        let before = s.workspace.policies[0].text.clone();
        let s = s.reduce(Action::ApplyFix {
            policy: fix.policy.clone(),
            statement,
        });
        assert_eq!(s.selected().unwrap().real(), Decision::Allow);
        assert_eq!(
            s.workspace.policies.len(),
            1,
            "added to the policy the fix names"
        );
        let text = &s.workspace.policies[0].text;
        assert!(
            text.starts_with(
                before
                    .trim_end()
                    .trim_end_matches('}')
                    .trim_end()
                    .trim_end_matches(']')
                    .trim_end()
            ),
            "the user's text is kept as written:\n{text}"
        );
        let s = s.reduce(Action::Undo);
        assert_eq!(s.workspace.policies[0].text, before);
    }

    #[test]
    fn a_fix_statement_goes_into_the_statement_array_as_written() {
        let one = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\"}\n}";
        let out = with_statement(one, "{\"Effect\":\"Allow\"}").unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["Statement"].as_array().unwrap().len(), 2);
        let empty = "{\"Version\": \"2012-10-17\", \"Statement\": []}";
        let v: serde_json::Value =
            serde_json::from_str(&with_statement(empty, "{\"Effect\":\"Allow\"}").unwrap())
                .unwrap();
        assert_eq!(v["Statement"].as_array().unwrap().len(), 1);
        assert!(with_statement("not json", "{}").is_none());
    }

    #[test]
    fn policies_are_added_renamed_moved_and_removed() {
        let s = state();
        let before = s.workspace.policies.len();
        let s = s.reduce(Action::AddPolicy(PolicyKind::Scp));
        let s = s.reduce(Action::AddPolicy(PolicyKind::Scp));
        assert_eq!(s.workspace.policies.len(), before + 2);
        let ids: Vec<u32> = s.workspace.policies.iter().map(|p| p.id).collect();
        let (a, b) = (ids[before], ids[before + 1]);
        assert_ne!(a, b);
        assert_eq!(s.workspace.policy(a).unwrap().name, "Scp1");
        assert_eq!(s.workspace.policy(b).unwrap().name, "Scp2");
        assert_eq!(s.workspace.policy(a).unwrap().level, "Root");

        let s = s.reduce(Action::RenamePolicy(a, "FullAWSAccess".into()));
        assert_eq!(s.workspace.policy(a).unwrap().name, "FullAWSAccess");
        let s = s.reduce(Action::SetLevel(b, "Account".into()));
        assert_eq!(
            s.workspace.policy(b).unwrap().engine_id(),
            "scps/Account/Scp2"
        );

        let s = s.reduce(Action::MovePolicy(b, -1));
        assert_eq!(s.workspace.policies[before].id, b);
        // Moving past the top keeps the same state.
        let first = s.workspace.policies[0].id;
        let same = s.clone().reduce(Action::MovePolicy(first, -1));
        assert!(Rc::ptr_eq(&s, &same));

        let s = s.reduce(Action::RemovePolicy(a));
        assert!(s.workspace.policy(a).is_none());
        assert_eq!(s.workspace.policies.len(), before + 1);
    }

    #[test]
    fn scp_levels_are_grouped_root_first_in_list_order() {
        let mut ws = Workspace::default();
        for (id, level, name) in [(0, "Root", "A"), (1, "Account", "B"), (2, "Root", "C")] {
            ws.policies.push(PolicyEntry {
                id,
                kind: PolicyKind::Scp,
                name: name.into(),
                level: level.into(),
                text: "{}".into(),
            });
        }
        let json = serde_json::to_value(iam_engine::Policies(&ws.policy_docs())).unwrap();
        let levels = json["scps"].as_array().unwrap();
        assert_eq!(levels[0]["name"], "Root");
        assert_eq!(levels[0]["policies"].as_array().unwrap().len(), 2);
        assert_eq!(levels[1]["name"], "Account");
    }

    #[test]
    fn editing_a_policy_reevaluates_and_locates_parse_errors_in_its_text() {
        let s = state();
        let id = s.workspace.policies[0].id;
        // Line 2 column 14: the text is cut after a key, so the JSON is invalid there.
        let s = s.reduce(Action::EditPolicy(id, "{\n  \"Version\": ".into()));
        let diags = &s.evaluation.diagnostics[&id];
        assert!(!diags.is_empty());
        let loc = diags[0].location.unwrap();
        assert_eq!(loc.line, 2);
        let row = s.selected().unwrap();
        assert_ne!(row.literal(), Decision::Allow);
    }

    #[test]
    fn requests_are_every_action_times_every_resource() {
        let s = state();
        let s = s.reduce(Action::AddAction("ec2:DescribeInstances".into()));
        let s = s.reduce(Action::AddResource("*".into()));
        assert_eq!(s.evaluation.rows.len(), 4);
        let s = s.reduce(Action::RemoveAction(1));
        assert_eq!(s.evaluation.rows.len(), 2);
        let s = s.reduce(Action::SelectRow(1));
        assert_eq!(s.selected_row, 1);
        assert_eq!(s.selected().unwrap().row.resource, "*");
        // An allow for `*` on DescribeVolumes is what the DescribeVolumes report's first policy did, and it worked — but our
        // policy only names volumes, so `*` is not matched: implicit deny.
        assert_eq!(s.selected().unwrap().literal(), Decision::ImplicitDeny);
    }

    #[test]
    fn context_keys_are_set_replaced_and_removed() {
        let s = state();
        let s = s.reduce(Action::SetContext(
            "aws:SourceIp".into(),
            "203.0.113.7".into(),
        ));
        let s = s.reduce(Action::SetContext(
            "AWS:SourceIp".into(),
            "198.51.100.1".into(),
        ));
        assert_eq!(s.workspace.request.context.len(), 1);
        assert_eq!(s.workspace.request.context[0].value, "198.51.100.1");
        let s = s.reduce(Action::RemoveContext(0));
        assert!(s.workspace.request.context.is_empty());
    }

    #[test]
    fn one_arn_per_required_resource_type_goes_to_real_api_resources() {
        // README, the scenario format: `realApi.resources` holds "one ARN per resource type name, for actions
        // that need several" (ec2:AttachVolume needs an instance and a volume, per the EC2 actions table).
        let s = state().reduce(Action::AddAction("ec2:AttachVolume".into()));
        let s = s.reduce(Action::SetTypedResource(
            "instance".into(),
            "arn:aws:ec2:us-east-1:111122223333:instance/i-1".into(),
        ));
        let row = s.workspace.rows()[0].clone();
        let scenario = serde_json::to_value(s.workspace.scenario_for(&row)).unwrap();
        assert_eq!(
            scenario["realApi"]["resources"]["instance"],
            "arn:aws:ec2:us-east-1:111122223333:instance/i-1"
        );
        let s = s.reduce(Action::SetTypedResource("instance".into(), String::new()));
        assert!(s.workspace.scenario_for(&row).real_api.is_none());
    }

    /// A CloudFormation template in YAML imported: its policies into the editors as the kinds AWS evaluates them
    /// as (AWS CloudFormation User Guide: AWS::S3::BucketPolicy's PolicyDocument is the bucket's resource-based
    /// policy, AWS::IAM::Role's AssumeRolePolicyDocument its trust policy and `Policies` its inline identity
    /// policies), the request asked before kept; a Terraform plan's policy too; a template without a policy changes
    /// nothing.
    #[test]
    fn importing_a_template_brings_its_policies_and_keeps_the_request() {
        let template = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: !Sub "${Bucket.Arn}/*"
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: codebuild.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: Deploy
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ec2:DescribeVolumes
                Resource: "*"
"#;
        let before = state();
        let s = before.clone().reduce(import_file("stack.yaml", template));
        let kinds: Vec<(PolicyKind, &str)> = s
            .workspace
            .policies
            .iter()
            .map(|p| (p.kind, p.name.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (PolicyKind::Resource, "BucketPolicy.PolicyDocument"),
                (PolicyKind::Resource, "DeployRole.AssumeRolePolicyDocument"),
                (PolicyKind::Identity, "DeployRole.Policies.Deploy"),
            ]
        );
        assert_eq!(s.workspace.request, before.workspace.request);
        assert!(s.workspace.policies[2].text.contains("ec2:DescribeVolumes"));
        let plan = r#"{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
            {"address": "aws_iam_policy.deploy", "type": "aws_iam_policy", "name": "deploy",
             "values": {"policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"}}]}}}"#;
        let s = before.clone().reduce(import_file("plan.json", plan));
        assert_eq!(s.workspace.policies.len(), 1);
        assert_eq!(s.workspace.policies[0].kind, PolicyKind::Identity);
        let empty = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n";
        let s = before.clone().reduce(import_file("bucket.yaml", empty));
        assert_eq!(s.workspace, before.workspace);
        assert!(s
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("without a policy")));
    }

    /// The file read as the page and the worker read it together.
    fn import_file(name: &str, text: &str) -> Action {
        Action::Import {
            name: name.into(),
            read: Workspace::import(text),
        }
    }

    fn import(s: &Rc<State>, text: &str) -> Rc<State> {
        s.clone().reduce(import_file("in.json", text))
    }

    #[test]
    fn a_bad_import_keeps_the_workspace_and_says_why() {
        let s = state().reduce(Action::RenamePolicy(0, "MyNotes".into()));
        for (file, says) in [
            ("not json", "not a scenario file"),
            // Valid JSON of the wrong shape used to empty the workspace without a word.
            (r#"{"hello": 1}"#, "the scenario has no `policies`"),
            (r#"{"hello": 1}"#, "the file has `hello`"),
            ("[1, 2]", "must be a JSON object"),
            (
                r#"{"policies": [], "request": {"action": "s3:GetObject"}}"#,
                "`policies` must be an object",
            ),
            (r#"{"policies": {"identity": []}}"#, "no `request`"),
        ] {
            let next = import(&s, file);
            assert_eq!(next.workspace, s.workspace, "{file}");
            assert_eq!(next.history.undo_len(), s.history.undo_len(), "{file}");
            let notice = next.notice.clone().unwrap().text;
            assert!(
                notice.starts_with("in.json was not imported and nothing changed"),
                "{notice}"
            );
            assert!(notice.contains(says), "{file}: {notice}");
        }
    }

    #[test]
    fn an_import_with_a_broken_policy_still_imports_so_the_editor_can_show_it() {
        let file = r#"{"policies": {"identity": [{"name": "Draft", "document": "{ \"Version\": "}]},
            "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject"}}"#;
        let next = import(&state(), file);
        assert_eq!(next.workspace.policies[0].name, "Draft");
        assert!(!next.evaluation.diagnostics[&next.workspace.policies[0].id].is_empty());
    }

    #[test]
    fn choosing_an_example_removing_a_policy_and_importing_are_undoable() {
        let s = state().reduce(Action::RenamePolicy(0, "MyNotes".into()));
        let mine = s.workspace.clone();
        let s = s.reduce(Action::LoadExample("flintrock".into()));
        assert_ne!(s.workspace, mine);
        let notice = s.notice.clone().unwrap();
        assert!(
            notice.undo && notice.text.contains("Flintrock"),
            "{notice:?}"
        );
        assert!(s
            .history
            .undo_label()
            .unwrap()
            .starts_with("load the example"));
        // The replaced work is also among the recent workspaces (it survives a reload).
        assert_eq!(s.recent[0].workspace, mine);
        let s = s.reduce(Action::Undo);
        assert_eq!(s.workspace, mine);
        assert!(s
            .notice
            .clone()
            .unwrap()
            .text
            .starts_with("Undone: load the example"));
        let s = s.reduce(Action::Redo);
        assert_eq!(
            s.workspace,
            examples::workspace_of(examples::example("flintrock").unwrap())
        );
        let s = s.reduce(Action::Undo);

        let id = s.workspace.policies[0].id;
        let s = s.reduce(Action::RemovePolicy(id));
        assert!(s.workspace.policies.is_empty());
        assert_eq!(s.notice.clone().unwrap().text, "Removed policy MyNotes.");
        let s = s.reduce(Action::Undo);
        assert_eq!(s.workspace, mine);

        let file = state().workspace.export_json();
        let s = import(&s, &file);
        assert_eq!(s.workspace.policies[0].name, "VolumesOnly");
        let s = s.reduce(Action::Undo);
        assert_eq!(s.workspace, mine);
        // Nothing more to redo after a new change.
        let s = s.reduce(Action::AddAction("s3:PutObject".into()));
        assert!(s.history.redo_label().is_none());
        let same = s.clone().reduce(Action::Redo);
        assert!(Rc::ptr_eq(&s, &same));
    }

    #[test]
    fn typing_in_one_editor_is_one_undo_step() {
        let s = state();
        let id = s.workspace.policies[0].id;
        let before = s.workspace.clone();
        let mut s = s;
        for text in ["{", "{\n", "{\n}"] {
            s = s.reduce(Action::EditPolicy(id, text.into()));
        }
        assert_eq!(s.history.undo_len(), 1);
        assert_eq!(s.history.undo_label(), Some("edit policy VolumesOnly"));
        let s = s.reduce(Action::Undo);
        assert_eq!(s.workspace, before);
    }

    #[test]
    fn a_link_opens_beside_the_own_workspace_and_each_keeps_its_history() {
        let s = state().reduce(Action::RenamePolicy(0, "MyNotes".into()));
        let mine = s.workspace.clone();
        let theirs = examples::workspace_of(examples::example("emr-tags").unwrap());
        let s = s.reduce(Action::OpenLink(theirs.clone()));
        assert_eq!(s.slot, Slot::Linked);
        assert_eq!(s.workspace, theirs);
        assert_eq!(s.own(), &mine);
        assert!(
            s.history.undo_label().is_none(),
            "the link's workspace has its own history"
        );
        let s = s.reduce(Action::AddAction("s3:GetObject".into()));
        let edited = s.workspace.clone();
        let s = s.reduce(Action::SwitchTo(Slot::Own));
        assert_eq!(s.workspace, mine);
        assert_eq!(s.linked(), Some(&edited));
        assert_eq!(s.history.undo_label(), Some("rename policy VolumesOnly"));
        let s = s.reduce(Action::SwitchTo(Slot::Linked));
        assert_eq!(s.history.undo_label(), Some("add the action s3:GetObject"));

        // Opening the same link again shows it; a different one replaces it, the earlier one kept in recent.
        let again = s.clone().reduce(Action::OpenLink(edited.clone()));
        assert_eq!(again.workspace, edited);
        let other = examples::workspace_of(examples::example("flintrock").unwrap());
        let s = s.reduce(Action::OpenLink(other.clone()));
        assert_eq!(s.workspace, other);
        assert_eq!(s.own(), &mine);
        assert_eq!(s.recent[0].workspace, edited);
        // A link holding the own workspace adds nothing.
        let s = s.reduce(Action::OpenLink(mine.clone()));
        assert_eq!(s.slot, Slot::Own);
        assert_eq!(s.linked(), Some(&other));
    }

    #[test]
    fn the_linked_workspace_is_kept_as_ones_own_or_closed_and_nothing_is_lost() {
        let s = state().reduce(Action::RenamePolicy(0, "MyNotes".into()));
        let mine = s.workspace.clone();
        let theirs = examples::workspace_of(examples::example("emr-tags").unwrap());
        let mut edited = theirs.clone();
        edited.request.principal = "arn:aws:iam::111122223333:user/bob".into();
        let linked = s.reduce(Action::OpenLink(edited.clone()));

        let kept = linked.clone().reduce(Action::KeepLinked);
        assert_eq!(kept.slot, Slot::Own);
        assert_eq!(kept.workspace, edited);
        assert!(kept.linked().is_none());
        assert_eq!(kept.recent[0].workspace, mine);
        let back = kept.reduce(Action::Undo);
        assert_eq!(back.workspace, mine);

        let closed = linked.reduce(Action::CloseLinked);
        assert_eq!(closed.workspace, mine);
        assert!(closed.linked().is_none());
        assert_eq!(closed.recent[0].workspace, edited);
    }

    #[test]
    fn a_recent_workspace_is_restored_undoably_and_the_replaced_one_kept() {
        let s = state().reduce(Action::RenamePolicy(0, "MyNotes".into()));
        let mine = s.workspace.clone();
        let s = s.reduce(Action::LoadExample("flintrock".into()));
        let s = s.reduce(Action::AddAction("ec2:RunInstances".into()));
        let flintrock_edited = s.workspace.clone();
        assert_eq!(s.recent.len(), 1);
        let s = s.reduce(Action::RestoreRecent(0));
        assert_eq!(s.workspace, mine);
        assert_eq!(s.recent.len(), 1);
        assert_eq!(s.recent[0].workspace, flintrock_edited);
        let s = s.reduce(Action::Undo);
        assert_eq!(s.workspace, flintrock_edited);
        let s = s.reduce(Action::ForgetRecent(0));
        assert!(s.recent.iter().all(|r| r.workspace != flintrock_edited));
    }

    #[test]
    #[should_panic(expected = "crash drill")]
    fn the_crash_drill_fails_inside_the_reducer() {
        let _ = state().reduce(Action::CrashDrill);
    }

    #[test]
    fn export_then_import_is_the_same_workspace() {
        let s = state();
        let exported = s.workspace.export_json();
        let back = Workspace::from_scenario(&exported).unwrap();
        assert_eq!(back.policies.len(), s.workspace.policies.len());
        assert_eq!(back.policies[0].text, s.workspace.policies[0].text);
        assert_eq!(back.request.actions, s.workspace.request.actions);
        assert_eq!(back.request.principal, s.workspace.request.principal);
    }

    /// A policy document given as an object comes into the editor with its members in the file's order (the IAM
    /// User Guide's examples put `Version` before `Statement`), so line numbers match what the user wrote.
    #[test]
    fn imported_documents_keep_their_member_order() {
        let file = r#"{"policies": {"identity": [{"name": "P", "document":
            {"Version": "2012-10-17", "Statement": [{"Sid": "S", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}]},
            "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "*"}}"#;
        let ws = Workspace::from_scenario(file).unwrap();
        let text = &ws.policies[0].text;
        let at = |needle: &str| text.find(needle).unwrap();
        assert!(at("\"Version\"") < at("\"Statement\""), "{text}");
        assert!(
            at("\"Sid\"") < at("\"Effect\"") && at("\"Effect\"") < at("\"Action\""),
            "{text}"
        );
    }

    /// A workspace asking about ec2:RunInstances with a policy that allows the launch but not key pairs.
    fn run_instances() -> Rc<State> {
        // Amazon EC2 User Guide, Launch instances (RunInstances): the example policy allows the instance, image,
        // subnet, network interface, security group and volume resources; a key pair is a resource of its own.
        let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:RunInstances",
            "Resource": ["arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:*::image/*", "arn:aws:ec2:*:*:subnet/*",
                         "arn:aws:ec2:*:*:network-interface/*", "arn:aws:ec2:*:*:security-group/*",
                         "arn:aws:ec2:*:*:volume/*"]}]}"#;
        let file = serde_json::json!({
            "policies": { "identity": [ { "name": "Launch", "document": policy } ] },
            "request": { "principal": "arn:aws:iam::111122223333:user/alice", "action": "ec2:RunInstances",
                         "resource": "arn:aws:ec2:us-east-1:111122223333:instance/*" },
        });
        state().reduce(Action::Load(
            Workspace::from_scenario(&file.to_string()).unwrap(),
        ))
    }

    #[test]
    fn a_key_pair_given_to_run_instances_is_authorized_by_the_real_call() {
        // Amazon EC2 User Guide, Launch instances (RunInstances): with a key pair the call also authorizes the
        // key-pair resource, which this policy does not allow — the real call is denied until it does.
        let s = run_instances();
        assert_eq!(s.selected().unwrap().real(), Decision::Allow);
        let s = s.reduce(Action::SetCallParam(CallParam::KeyName, "ops".into()));
        let row = s.selected().unwrap();
        let real = row.answer.real_api.as_ref().unwrap();
        let key_pair = real
            .resources
            .iter()
            .find(|r| r.resource_type == "key-pair")
            .unwrap();
        assert_eq!(
            key_pair.arn,
            "arn:aws:ec2:us-east-1:111122223333:key-pair/ops"
        );
        assert_eq!(key_pair.decision, Decision::ImplicitDeny);
        assert_eq!(row.real(), Decision::ImplicitDeny);
        assert_eq!(
            row.headline(),
            Headline::Differ {
                real: Decision::ImplicitDeny,
                literal: Decision::Allow
            }
        );
        // Typing in the field is one step; clearing it removes the parameter.
        let s = s.reduce(Action::SetCallParam(CallParam::KeyName, "ops-2".into()));
        assert_eq!(s.history.undo_label(), Some("set the call's keyName"));
        let s = s.reduce(Action::SetCallParam(CallParam::KeyName, "  ".into()));
        assert!(s.workspace.request.call.is_empty());
        assert_eq!(s.selected().unwrap().real(), Decision::Allow);
        let s = s.reduce(Action::Undo);
        assert!(
            s.workspace.request.call.is_empty(),
            "one step for the whole run of typing"
        );
    }

    #[test]
    fn call_parameters_go_to_real_api_call_and_come_back_from_export_share_and_storage() {
        // README, call parameters: `realApi.call` holds `tags` as an object, the others as strings.
        let s = run_instances()
            .reduce(Action::SetCallParam(CallParam::KeyName, "ops".into()))
            .reduce(Action::SetCallParam(
                CallParam::Tags,
                "team=blue\nenv = prod\nnot a tag".into(),
            ))
            .reduce(Action::SetCallParam(
                CallParam::RootDevice,
                "instance-store".into(),
            ));
        let row = s.workspace.rows()[0].clone();
        let scenario = serde_json::to_value(s.workspace.scenario_for(&row)).unwrap();
        assert_eq!(
            scenario["realApi"]["call"],
            serde_json::json!({ "keyName": "ops", "tags": { "team": "blue", "env": "prod" }, "rootDevice": "instance-store" })
        );
        let back = Workspace::from_scenario(&s.workspace.export_json()).unwrap();
        assert_eq!(back.request.call[&CallParam::KeyName], "ops");
        assert_eq!(back.request.call[&CallParam::Tags], "env=prod\nteam=blue");
        assert_eq!(back.request.call[&CallParam::RootDevice], "instance-store");
        // Share links and local storage carry the workspace itself.
        let link = crate::share::decode(&crate::share::encode(&s.workspace)).unwrap();
        assert_eq!(link.request.call, s.workspace.request.call);
        let stored: Workspace =
            serde_json::from_str(&serde_json::to_string(&s.workspace).unwrap()).unwrap();
        assert_eq!(stored, s.workspace);
        // A workspace saved before call parameters existed still reads.
        let mut old = serde_json::to_value(&state().workspace).unwrap();
        old["request"].as_object_mut().unwrap().remove("call");
        let old: Workspace = serde_json::from_value(old).unwrap();
        assert!(old.request.call.is_empty());
    }

    #[test]
    fn call_members_the_app_does_not_edit_are_kept_for_the_engine_to_report() {
        // options.rs reads `realApi.call` with deny_unknown_fields: `keyname` is reported, not ignored; the app
        // keeps it so the answer still says so after an import and an export.
        let file = r#"{"policies": {"identity": []},
            "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "ec2:RunInstances", "resource": "*"},
            "realApi": {"region": "eu-west-1", "call": {"keyname": "typo", "role": "arn:aws:iam::111122223333:role/R", "tags": {"n": 1}}}}"#;
        let ws = Workspace::from_scenario(file).unwrap();
        assert_eq!(
            ws.request.call.get(&CallParam::Role).map(String::as_str),
            Some("arn:aws:iam::111122223333:role/R")
        );
        assert!(!ws.request.call.contains_key(&CallParam::Tags));
        let exported: serde_json::Value = serde_json::from_str(&ws.export_json()).unwrap();
        assert_eq!(exported["realApi"]["region"], "eu-west-1");
        assert_eq!(exported["realApi"]["call"]["keyname"], "typo");
        assert_eq!(
            exported["realApi"]["call"]["tags"],
            serde_json::json!({ "n": 1 })
        );
        assert_eq!(
            exported["realApi"]["call"]["role"],
            "arn:aws:iam::111122223333:role/R"
        );
        let s = State::new(ws);
        let problems = &s
            .selected()
            .unwrap()
            .answer
            .real_api
            .as_ref()
            .unwrap()
            .problems;
        assert!(
            problems.iter().any(|p| p.contains("keyname")),
            "{problems:?}"
        );
    }

    #[test]
    fn the_describe_volumes_headline_is_the_real_call() {
        // The DescribeVolumes report: the literal simulation allows, the real DescribeVolumes call is refused (UnauthorizedOperation).
        let s = state();
        assert_eq!(
            s.selected().unwrap().headline(),
            Headline::Differ {
                real: Decision::ImplicitDeny,
                literal: Decision::Allow
            }
        );
    }

    #[test]
    fn an_unknown_action_in_a_policy_is_flagged_with_the_nearest_one() {
        // Service Authorization Reference, Amazon S3: GetObject is the action; a policy naming s3:GetObjects used to
        // say "No problems" and grant nothing.
        let s = state();
        let id = s.workspace.policies[0].id;
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"s3:GetObjects\", \"Resource\": \"*\"}\n  ]\n}\n";
        let s = s.reduce(Action::EditPolicy(id, text.into()));
        let diags = &s.evaluation.diagnostics[&id];
        let w = diags
            .iter()
            .find(|d| d.code == crate::reference_checks::UNKNOWN_ACTION)
            .unwrap();
        assert!(!w.is_error());
        assert!(w.help.contains("did you mean `s3:GetObject`"), "{}", w.help);
        assert_eq!(w.location.unwrap().line, 4);
    }

    #[test]
    fn an_unknown_action_typed_in_the_request_is_added_with_a_warning() {
        let s = state().reduce(Action::AddAction("s3:GetObjects".into()));
        assert_eq!(s.workspace.request.actions.last().unwrap(), "s3:GetObjects");
        let notice = s.notice.clone().unwrap();
        assert!(notice.undo, "{notice:?}");
        assert!(
            notice.text.contains("did you mean `s3:GetObject`"),
            "{}",
            notice.text
        );
        let row = s
            .evaluation
            .rows
            .iter()
            .find(|r| r.row.action == "s3:GetObjects")
            .unwrap();
        let Headline::CantEvaluate(why) = row.headline() else {
            panic!("a verdict for an action that does not exist")
        };
        assert!(why.contains("did you mean `s3:GetObject`"), "{why}");
        // A known action adds no warning.
        let s = s.reduce(Action::AddAction("s3:GetObject".into()));
        assert!(s.notice.is_none());
    }

    #[test]
    fn principal_kind_change_replaces_a_placeholder_arn_only() {
        let s = state().reduce(Action::SetPrincipal(PrincipalKind::User.example().into()));
        let s = s.reduce(Action::SetPrincipalKind(PrincipalKind::AssumedRole));
        assert_eq!(
            s.workspace.request.principal,
            PrincipalKind::AssumedRole.example()
        );
        let s = s.reduce(Action::SetPrincipal(
            "arn:aws:sts::1:assumed-role/R/s".into(),
        ));
        let s = s.reduce(Action::SetPrincipalKind(PrincipalKind::Role));
        assert_eq!(
            s.workspace.request.principal,
            "arn:aws:sts::1:assumed-role/R/s"
        );
    }
}
