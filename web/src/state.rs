//! The page's state as plain Rust: a [`State`] (the workspace and its answers), the [`Action`]s that change it,
//! and a pure reducer. Every change re-evaluates every request row.

use std::collections::HashMap;
use std::rc::Rc;

use iam_engine::{Decision, Diagnostic};
use iam_realapi::FullAnswer;
use yew::Reducible;

use crate::examples;
use crate::workspace::{
    blank_policy, ContextEntry, PolicyEntry, PolicyKind, PrincipalKind, RequestRow, Workspace,
};

/// One request row and both answers for it.
#[derive(Debug, Clone)]
pub struct RowAnswer {
    pub row: RequestRow,
    pub answer: FullAnswer,
}

impl RowAnswer {
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
}

/// What the engine says about the workspace.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub rows: Vec<RowAnswer>,
    /// Parse errors and warnings per policy (by [`PolicyEntry::id`]), located in that policy's text.
    pub diagnostics: HashMap<u32, Vec<Diagnostic>>,
}

impl Evaluation {
    /// Evaluates every row of `workspace` and parses every policy on its own.
    pub fn of(workspace: &Workspace) -> Self {
        let requests = workspace.rows();
        let answers = if requests.is_empty() {
            Vec::new()
        } else {
            iam_realapi::evaluate_full_many(&workspace.scenario_all().to_string(), None)
        };
        let rows = if answers.len() == requests.len() {
            requests
                .into_iter()
                .zip(answers)
                .map(|(row, answer)| RowAnswer { row, answer })
                .collect()
        } else {
            // One scenario per row, should the engine ever answer a different number of requests.
            requests
                .into_iter()
                .map(|row| {
                    let text = workspace.scenario_for(&row).to_string();
                    let answer = iam_realapi::evaluate_full(&text, None);
                    RowAnswer { row, answer }
                })
                .collect()
        };
        let diagnostics = workspace
            .policies
            .iter()
            .map(|p| {
                let parsed = iam_engine::parse_policy_text(
                    p.kind.engine(),
                    &p.engine_id(),
                    &p.name,
                    &p.text,
                );
                (p.id, parsed.diagnostics)
            })
            .collect();
        Self { rows, diagnostics }
    }
}

/// Everything the page shows, derived only from the actions applied so far.
#[derive(Debug, Clone)]
pub struct State {
    pub workspace: Workspace,
    pub evaluation: Rc<Evaluation>,
    /// The request row whose answers are shown in full.
    pub selected_row: usize,
    /// A one-line message (import failed, link copied…).
    pub notice: Option<String>,
}

/// What can happen to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Replace the whole workspace (an example, an imported file, a shared link, local storage).
    Load(Workspace),
    /// Read a scenario file into the workspace; an unreadable file leaves it as it is, with a notice.
    ImportScenario(String),
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
    AddAction(String),
    RemoveAction(usize),
    AddResource(String),
    SetResource(usize, String),
    RemoveResource(usize),
    SetResourceAccount(String),
    /// Set a context key's value, adding the key if it is not there.
    SetContext(String, String),
    RemoveContext(usize),
    /// One ARN for a resource type (scenario `realApi.resources`); an empty ARN removes it.
    SetTypedResource(String, String),
    SelectRow(usize),
    Notice(Option<String>),
}

impl State {
    /// A state for `workspace`, evaluated.
    pub fn new(workspace: Workspace) -> Self {
        let evaluation = Rc::new(Evaluation::of(&workspace));
        Self {
            workspace,
            evaluation,
            selected_row: 0,
            notice: None,
        }
    }

    /// The answers of the selected row.
    pub fn selected(&self) -> Option<&RowAnswer> {
        self.evaluation
            .rows
            .get(self.selected_row)
            .or_else(|| self.evaluation.rows.first())
    }

    fn with_workspace(&self, workspace: Workspace) -> Self {
        let evaluation = Rc::new(Evaluation::of(&workspace));
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
        }
    }
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

fn edit_policy(ws: &mut Workspace, id: u32, f: impl FnOnce(&mut PolicyEntry)) {
    if let Some(p) = ws.policies.iter_mut().find(|p| p.id == id) {
        f(p);
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut ws = self.workspace.clone();
        match action {
            Action::Load(workspace) => return Rc::new(State::new(workspace)),
            Action::ImportScenario(text) => {
                return match Workspace::from_scenario(&text) {
                    Ok(workspace) => Rc::new(State::new(workspace)),
                    Err(message) => Rc::new(State {
                        notice: Some(message),
                        ..(*self).clone()
                    }),
                }
            }
            Action::SelectRow(row) => {
                return Rc::new(State {
                    selected_row: row,
                    ..(*self).clone()
                })
            }
            Action::Notice(notice) => {
                return Rc::new(State {
                    notice,
                    ..(*self).clone()
                })
            }
            Action::AddPolicy(kind) => {
                let id = ws
                    .next_id
                    .max(ws.policies.iter().map(|p| p.id + 1).max().unwrap_or(0));
                ws.next_id = id + 1;
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
            Action::EditPolicy(id, text) => {
                if ws.policy(id).is_some_and(|p| p.text == text) {
                    return self;
                }
                edit_policy(&mut ws, id, |p| p.text = text);
            }
            Action::MovePolicy(id, by) => {
                let Some(from) = ws.policies.iter().position(|p| p.id == id) else {
                    return self;
                };
                let to = from as i64 + i64::from(by);
                if to < 0 || to >= ws.policies.len() as i64 {
                    return self;
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
            Action::AddAction(action) => {
                let action = action.trim().to_owned();
                if action.is_empty() || ws.request.actions.contains(&action) {
                    return self;
                }
                ws.request.actions.push(action);
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
        }
        if ws == self.workspace {
            return self;
        }
        Rc::new(self.with_workspace(ws))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;

    fn state() -> Rc<State> {
        Rc::new(State::default())
    }

    #[test]
    fn opens_on_describe_volumes_with_both_answers() {
        // Seed 002: the user narrowed `ec2:DescribeVolumes` to `arn:aws:ec2:us-east-1:…:volume/*`; the IAM
        // policy simulator "reports that DescribeVolumes action is allowed" while the API call returns
        // UnauthorizedOperation ("Otherwise, the ARN must be `*`").
        let s = state();
        assert_eq!(s.workspace.request.actions, vec!["ec2:DescribeVolumes"]);
        let row = s.selected().unwrap();
        assert_eq!(row.literal(), Decision::Allow);
        assert_eq!(row.real(), Decision::ImplicitDeny);
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
        let json = ws.policies_json();
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
        // An allow for `*` on DescribeVolumes is what seed 002's first policy did, and it worked — but our
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
        let scenario = s.workspace.scenario_for(&row);
        assert_eq!(
            scenario["realApi"]["resources"]["instance"],
            "arn:aws:ec2:us-east-1:111122223333:instance/i-1"
        );
        let s = s.reduce(Action::SetTypedResource("instance".into(), String::new()));
        assert!(s.workspace.scenario_for(&row).get("realApi").is_none());
    }

    #[test]
    fn a_bad_import_keeps_the_workspace_and_says_why() {
        let s = state();
        let next = s.clone().reduce(Action::ImportScenario("not json".into()));
        assert_eq!(next.workspace, s.workspace);
        assert!(next
            .notice
            .as_deref()
            .unwrap()
            .contains("not a scenario file"));
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
