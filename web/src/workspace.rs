//! The user's workspace as plain data: named policies of every kind and the request(s) to ask about, with the
//! conversions to and from the scenario JSON the engine reads (the project's interchange format).

pub mod call;

use std::collections::BTreeMap;

use iam_engine::{Document, PolicyDoc, PrincipalDoc, RequestDoc, ScenarioDoc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use self::call::CallParam;

/// The kinds of policy the page edits, in the order the sidebar lists them: the engine's own.
pub use iam_engine::PolicyKind;

/// One named policy and its text as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyEntry {
    /// Stable within the workspace; names can change.
    pub id: u32,
    pub kind: PolicyKind,
    pub name: String,
    /// For SCPs and RCPs: the organization level (`Root`, an OU, `Account`).
    #[serde(default)]
    pub level: String,
    pub text: String,
}

impl PolicyEntry {
    /// The id the engine gives this policy (`identity/Name`, `scps/Root/Name`), as diagnostics name it.
    pub fn engine_id(&self) -> iam_engine::PolicyId {
        self.kind.policy_id(&self.level, &self.name)
    }

    /// The policy as the scenario carries it: the editor's text as the document.
    pub fn doc(&self) -> PolicyDoc {
        PolicyDoc::text(self.kind, &self.level, &self.name, &self.text)
    }
}

/// The principal types the request builder offers: the engine's own.
pub use iam_engine::PrincipalType as PrincipalKind;

/// The request builder's words for each principal type.
pub trait PrincipalWords {
    /// A name for the type menu.
    fn label(self) -> &'static str;
    /// A placeholder ARN (or service name) of this type.
    fn example(self) -> &'static str;
}

impl PrincipalWords for PrincipalKind {
    fn label(self) -> &'static str {
        match self {
            PrincipalKind::User => "IAM user",
            PrincipalKind::Role => "IAM role",
            PrincipalKind::AssumedRole => "Assumed-role session",
            PrincipalKind::FederatedUser => "Federated user",
            PrincipalKind::Root => "Account root",
            PrincipalKind::Service => "AWS service",
            PrincipalKind::Anonymous => "Anonymous",
            PrincipalKind::WebIdentity => "Web identity token (OIDC)",
            PrincipalKind::Saml => "SAML assertion",
        }
    }

    fn example(self) -> &'static str {
        match self {
            PrincipalKind::User => "arn:aws:iam::111122223333:user/alice",
            PrincipalKind::Role => "arn:aws:iam::111122223333:role/Builder",
            PrincipalKind::AssumedRole => "arn:aws:sts::111122223333:assumed-role/Builder/alice",
            PrincipalKind::FederatedUser => "arn:aws:sts::111122223333:federated-user/alice",
            PrincipalKind::Root => "arn:aws:iam::111122223333:root",
            PrincipalKind::Service => "ec2.amazonaws.com",
            PrincipalKind::Anonymous => "",
            PrincipalKind::WebIdentity => {
                "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
            }
            PrincipalKind::Saml => "arn:aws:iam::111122223333:saml-provider/ExampleOrgSSO",
        }
    }
}

/// The principal type a scenario's principal string names, as the engine reads it (an IAM user when it names
/// none).
fn principal_kind_of(arn: &str) -> PrincipalKind {
    if arn == "anonymous" || arn == "*" {
        PrincipalKind::Anonymous
    } else if arn.ends_with(".amazonaws.com") {
        PrincipalKind::Service
    } else {
        iam_engine::Principal::from_arn(arn).map_or(PrincipalKind::User, |p| p.kind)
    }
}

/// One condition key the user sets in the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextEntry {
    pub key: String,
    /// The value; for multivalued keys, values separated by commas.
    pub value: String,
}

/// The request(s): one principal, and every action × resource pair is asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSpec {
    pub principal_kind: PrincipalKind,
    pub principal: String,
    /// Principal tags, one `key=value` a line.
    #[serde(default)]
    pub principal_tags: String,
    /// Tags the request sets (`aws:RequestTag/KEY` and `aws:TagKeys`), one `key=value` a line.
    #[serde(default)]
    pub request_tags: String,
    /// The resource's tags (`aws:ResourceTag/KEY`), one `key=value` a line.
    #[serde(default)]
    pub resource_tags: String,
    pub actions: Vec<String>,
    pub resources: Vec<String>,
    /// For each resource (by position), the one action it is asked with; empty (or missing): every action.
    #[serde(default)]
    pub resource_actions: Vec<String>,
    #[serde(default)]
    pub resource_account: String,
    #[serde(default)]
    pub context: Vec<ContextEntry>,
    /// One ARN per resource type for actions that need several (scenario `realApi.resources`).
    #[serde(default)]
    pub typed_resources: Vec<(String, String)>,
    /// What the call passes (scenario `realApi.call`), each parameter as typed; `tags` one `key=value` a line.
    /// A parameter left empty is not in the map.
    #[serde(default)]
    pub call: BTreeMap<CallParam, String>,
    /// Anything else from an imported scenario's `realApi` object, kept as it was.
    #[serde(default)]
    pub real_api_extra: Map<String, Value>,
}

impl Default for RequestSpec {
    fn default() -> Self {
        Self {
            principal_kind: PrincipalKind::User,
            principal: PrincipalKind::User.example().to_owned(),
            principal_tags: String::new(),
            request_tags: String::new(),
            resource_tags: String::new(),
            actions: vec!["s3:GetObject".to_owned()],
            resources: vec!["arn:aws:s3:::example-bucket/key".to_owned()],
            resource_actions: Vec::new(),
            resource_account: String::new(),
            context: Vec::new(),
            typed_resources: Vec::new(),
            call: BTreeMap::new(),
            real_api_extra: Map::new(),
        }
    }
}

/// Everything the user works on: persisted, shared and exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Workspace {
    pub policies: Vec<PolicyEntry>,
    pub request: RequestSpec,
    /// The next policy id to hand out.
    #[serde(default)]
    pub next_id: u32,
}

/// What an imported file gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Imported {
    /// A scenario: policies and requests.
    Scenario(Box<Workspace>),
    /// The policies of an infrastructure template (`what` names it: "a CloudFormation template").
    Template {
        policies: Vec<PolicyEntry>,
        what: String,
    },
}

/// The most action × resource pairs the app evaluates at once (a pasted list of 300 actions and 300 resources
/// would be 90,000 rows and a page too large to draw); the rest are counted and named, not evaluated.
pub const MAX_ROWS: usize = 1_000;

/// One action × resource pair to ask about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRow {
    pub action: String,
    pub resource: String,
}

impl Workspace {
    /// The policy with `id`.
    /// Takes a policy id no policy of the workspace has (above every id in use and above `next_id`, which moves
    /// past it); `None` once ids run out.
    pub fn take_policy_id(&mut self) -> Option<u32> {
        let id = self.next_id.max(
            self.policies
                .iter()
                .map(|p| p.id.saturating_add(1))
                .max()
                .unwrap_or(0),
        );
        if self.policies.iter().any(|p| p.id == id) {
            return None;
        }
        self.next_id = id.saturating_add(1);
        Some(id)
    }

    pub fn policy(&self, id: u32) -> Option<&PolicyEntry> {
        self.policies.iter().find(|p| p.id == id)
    }

    /// How many action × resource pairs the request asks about (of which [`Workspace::rows`] gives the first
    /// [`MAX_ROWS`]).
    pub fn row_count(&self) -> usize {
        let (actions, resources) = self.asked();
        actions
            .iter()
            .map(|a| {
                resources
                    .iter()
                    .filter(|(_, only)| only.is_none_or(|o| o.eq_ignore_ascii_case(a)))
                    .count()
                    .max(1)
            })
            .sum()
    }

    /// How many rows [`Workspace::rows`] gives, counted without building them.
    pub fn rows_len(&self) -> usize {
        self.row_count().min(MAX_ROWS)
    }

    /// The action resource `i` is asked with only, if any.
    pub fn resource_action(&self, i: usize) -> Option<&str> {
        self.request
            .resource_actions
            .get(i)
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
    }

    /// Every action × resource pair, in order, up to [`MAX_ROWS`]; an empty resource list asks about `*`.
    pub fn rows(&self) -> Vec<RequestRow> {
        self.pairs().take(MAX_ROWS).collect()
    }

    /// The actions asked about, and each resource with the action it is kept for (None: every action).
    fn asked(&self) -> (Vec<&str>, Vec<(&str, Option<&str>)>) {
        let actions = self
            .request
            .actions
            .iter()
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
            .collect();
        let resources = self
            .request
            .resources
            .iter()
            .enumerate()
            .map(|(i, r)| (r.trim(), self.resource_action(i)))
            .filter(|(r, _)| !r.is_empty())
            .collect();
        (actions, resources)
    }

    /// Every action × resource pair, in order (the scenario file holds them all).
    fn pairs(&self) -> impl Iterator<Item = RequestRow> + '_ {
        let (actions, resources) = self.asked();
        actions.into_iter().flat_map(move |a| {
            let mut own: Vec<&str> = resources
                .iter()
                .filter(|(_, only)| only.is_none_or(|o| o.eq_ignore_ascii_case(a)))
                .map(|(r, _)| *r)
                .collect();
            // An action with no resource of its own asks about `*`.
            if own.is_empty() {
                own.push("*");
            }
            own.into_iter().map(move |r| RequestRow {
                action: a.to_owned(),
                resource: r.to_owned(),
            })
        })
    }

    /// The policies whose kind the engine takes only once and that come after the first of that kind.
    pub fn is_extra(&self, entry: &PolicyEntry) -> bool {
        entry.kind.single()
            && self
                .policies
                .iter()
                .find(|p| p.kind == entry.kind)
                .is_some_and(|first| first.id != entry.id)
    }

    /// The scenario's policies: each document is the editor text, so the engine's diagnostics point at lines and
    /// columns of that editor.
    pub fn policy_docs(&self) -> Vec<PolicyDoc> {
        self.policies.iter().map(PolicyEntry::doc).collect()
    }

    /// The `principal` of the scenario.
    pub fn principal_doc(&self) -> PrincipalDoc {
        let spec = &self.request;
        match spec.principal_kind {
            PrincipalKind::Anonymous => PrincipalDoc::Anonymous,
            PrincipalKind::Service => PrincipalDoc::Service(spec.principal.trim().to_owned()),
            kind => PrincipalDoc::Detailed {
                arn: spec.principal.trim().to_owned(),
                kind: Some(kind),
                tags: tags_json(&spec.principal_tags).into_iter().collect(),
                other: Map::new(),
            },
        }
    }

    /// The `context` of the scenario: multivalued keys (by the reference's type, or a comma in the value) as lists.
    pub fn context_doc(&self) -> BTreeMap<String, Value> {
        let mut out = BTreeMap::new();
        // The tag boxes first: a key the user set in the context wins.
        let request_tags = tags_json(&self.request.request_tags);
        if !request_tags.is_empty() {
            out.insert(
                "aws:TagKeys".to_owned(),
                Value::Array(
                    request_tags
                        .keys()
                        .map(|k| Value::String(k.clone()))
                        .collect(),
                ),
            );
        }
        for (prefix, tags) in [
            ("aws:RequestTag/", request_tags),
            ("aws:ResourceTag/", tags_json(&self.request.resource_tags)),
        ] {
            for (k, v) in tags {
                out.insert(format!("{prefix}{k}"), v);
            }
        }
        for entry in &self.request.context {
            let key = entry.key.trim();
            if key.is_empty() {
                continue;
            }
            let multi = iam_reference::condition_key_type(key).is_some_and(|t| t.is_array());
            let value = if multi {
                Value::Array(
                    entry
                        .value
                        .split(',')
                        .map(|v| Value::String(v.trim().to_owned()))
                        .filter(|v| v.as_str() != Some(""))
                        .collect(),
                )
            } else {
                Value::String(entry.value.trim().to_owned())
            };
            out.insert(key.to_owned(), value);
        }
        out
    }

    /// The request of the scenario for one row.
    pub fn request_doc(&self, row: &RequestRow) -> RequestDoc {
        let account = self.request.resource_account.trim();
        RequestDoc {
            principal: Some(self.principal_doc()),
            action: Some(row.action.clone()),
            resource: Some(row.resource.clone()),
            resource_account: (!account.is_empty()).then(|| account.to_owned()),
            context: self.context_doc(),
            ..RequestDoc::default()
        }
    }

    /// The scenario's `realApi.call` object: the parameters set, over any members of an imported one the app
    /// does not edit (kept as they were, so the engine still reports what is wrong with them).
    pub fn call_json(&self) -> Option<Value> {
        let mut call = match self.request.real_api_extra.get("call") {
            Some(Value::Object(kept)) => kept.clone(),
            _ => Map::new(),
        };
        for (param, value) in &self.request.call {
            let value = match param {
                CallParam::Tags => Value::Object(tags_json(value)),
                _ => Value::String(value.trim().to_owned()),
            };
            let empty = match &value {
                Value::Object(o) => o.is_empty(),
                Value::String(s) => s.is_empty(),
                _ => false,
            };
            if !empty {
                call.insert(param.key().to_owned(), value);
            }
        }
        (!call.is_empty()).then_some(Value::Object(call))
    }

    /// The scenario's `realApi` object, if there is anything in it.
    pub fn real_api_doc(&self) -> Option<Map<String, Value>> {
        let mut real_api = self.request.real_api_extra.clone();
        if let Some(call) = self.call_json() {
            real_api.insert("call".to_owned(), call);
        }
        let typed: Map<String, Value> = self
            .request
            .typed_resources
            .iter()
            .filter(|(t, a)| !t.trim().is_empty() && !a.trim().is_empty())
            .map(|(t, a)| (t.trim().to_owned(), Value::String(a.trim().to_owned())))
            .collect();
        if !typed.is_empty() {
            real_api.insert("resources".to_owned(), Value::Object(typed));
        }
        (!real_api.is_empty()).then_some(real_api)
    }

    /// The whole scenario for one request row.
    pub fn scenario_for(&self, row: &RequestRow) -> ScenarioDoc {
        ScenarioDoc {
            policies: self.policy_docs(),
            request: Some(self.request_doc(row)),
            real_api: self.real_api_doc(),
            ..ScenarioDoc::default()
        }
    }

    /// One scenario asking every row: the policies once, a `requests` array (the engine reads the policies once
    /// and answers each request in order).
    pub fn scenario_all(&self) -> ScenarioDoc {
        self.scenario_rows(&self.rows())
    }

    /// One scenario asking `rows`, the policies once.
    pub fn scenario_rows(&self, rows: &[RequestRow]) -> ScenarioDoc {
        ScenarioDoc {
            policies: self.policy_docs(),
            requests: Some(rows.iter().map(|r| self.request_doc(r)).collect()),
            real_api: self.real_api_doc(),
            ..ScenarioDoc::default()
        }
    }

    /// The scenario file to export: the first request row as `request`, or every row in `requests` when there
    /// are several (a scenario with both is an error for the engine).
    pub fn export_json(&self) -> String {
        let rows: Vec<RequestRow> = self.pairs().collect();
        let doc = if rows.len() > 1 {
            self.scenario_rows(&rows)
        } else {
            let first = rows.into_iter().next().unwrap_or(RequestRow {
                action: String::new(),
                resource: "*".to_owned(),
            });
            self.scenario_for(&first)
        };
        doc.to_json_pretty()
    }

    /// The workspace with its policy ids made sound: unique, and leaving room for new ones (`next_id` above every
    /// id). A workspace from a link is untrusted: duplicate ids made editing one policy change another, and an id
    /// near `u32::MAX` overflowed when a policy was added.
    pub fn with_sound_ids(mut self) -> Self {
        let count = self.policies.len();
        let mut seen = std::collections::BTreeSet::new();
        let sound = self
            .policies
            .iter()
            .all(|p| p.id < u32::MAX / 2 && seen.insert(p.id));
        let highest = self.policies.iter().map(|p| p.id).max();
        if sound {
            self.next_id = self.next_id.max(highest.map_or(0, |h| h + 1));
        } else {
            for (i, p) in self.policies.iter_mut().enumerate() {
                p.id = i as u32;
            }
            self.next_id = count as u32;
        }
        self
    }

    /// About how many bytes the workspace takes (its texts), to cap the undo history.
    pub fn approx_size(&self) -> usize {
        let r = &self.request;
        let policies: usize = self
            .policies
            .iter()
            .map(|p| p.text.len() + p.name.len() + p.level.len() + 64)
            .sum();
        let lists: usize = r
            .actions
            .iter()
            .chain(&r.resources)
            .map(|s| s.len() + 24)
            .sum();
        let context: usize = r
            .context
            .iter()
            .map(|c| c.key.len() + c.value.len() + 48)
            .sum();
        let typed: usize = r
            .typed_resources
            .iter()
            .map(|(t, a)| t.len() + a.len() + 48)
            .sum();
        let call: usize = r.call.values().map(|v| v.len() + 48).sum();
        policies + lists + context + typed + call + r.principal.len() + r.principal_tags.len() + 256
    }

    /// Reads a scenario file the user imports. The file is checked first: one that is not a scenario (not JSON, no
    /// `policies` object, no request, a field of the wrong type) is refused with what is wrong and where, so that
    /// importing the wrong file changes nothing. Problems inside policy documents do not refuse it: they are shown
    /// in the editors, as when typed. The text is parsed once: the engine checks the tree and reads it as a
    /// [`ScenarioDoc`].
    ///
    /// The page reads scenarios itself and hands any other file to the worker, which alone links the template
    /// reader (a YAML and JSON reader of CloudFormation templates and Terraform plans, about 24 KiB of the page's
    /// wasm): [`Workspace::import_scenario`] first, then [`Workspace::import_template`] off the page, then
    /// [`Workspace::imported`] of the two. This function does all three in one place (tests, native callers).
    pub fn import(text: &str) -> Result<Imported, String> {
        match Self::import_scenario(text) {
            Ok(w) => Ok(Imported::Scenario(Box::new(w))),
            Err(why) => Self::imported(why, Self::import_template(text)),
        }
    }

    /// What a file that is not a scenario (`why_not_scenario` says why) gave, once the template reader has read it:
    /// its policies, or why nothing was imported.
    pub fn imported(
        why_not_scenario: String,
        template: Result<Option<Imported>, String>,
    ) -> Result<Imported, String> {
        match template {
            Ok(Some(imported)) => Ok(imported),
            Ok(None) => Err(why_not_scenario),
            Err(why) => Err(why),
        }
    }

    /// The policies of a CloudFormation template (JSON or YAML) or a Terraform plan (`terraform show -json`),
    /// each as the kind AWS evaluates it as: a role's trust policy and a bucket, queue, topic or key policy are
    /// resource-based policies (the engine takes the first; the editors mark the others), an Organizations policy
    /// an SCP at the root. `None` when the text is neither; an error when it is one without a policy. Run by the
    /// worker (`offthread`), so that the page's wasm does not carry the template reader.
    pub fn import_template(text: &str) -> Result<Option<Imported>, String> {
        use iam_lint::extract::Format;
        use iam_lint::PolicyType;
        let Some((format, found)) = iam_lint::extract::template_policies(text) else {
            return Ok(None);
        };
        let what = match format {
            Format::TerraformPlan => "a Terraform plan",
            _ => "a CloudFormation template",
        };
        if found.is_empty() {
            return Err(format!(
                "it is {what} without a policy the simulator can read."
            ));
        }
        let policies = found
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let (kind, level) = match p.policy_type {
                    PolicyType::Identity => (PolicyKind::Identity, ""),
                    PolicyType::Resource | PolicyType::Trust => (PolicyKind::Resource, ""),
                    PolicyType::Boundary => (PolicyKind::PermissionsBoundary, ""),
                    PolicyType::Session => (PolicyKind::Session, ""),
                    PolicyType::VpcEndpoint => (PolicyKind::VpcEndpoint, ""),
                    PolicyType::Scp => (PolicyKind::Scp, "Root"),
                    PolicyType::Rcp => (PolicyKind::Rcp, "Root"),
                };
                let text = if p.text.ends_with('\n') {
                    p.text
                } else {
                    p.text + "\n"
                };
                PolicyEntry {
                    id: i as u32,
                    kind,
                    // Names the editors and the engine's ids can hold: the place in the template.
                    name: p.name.replace('/', "."),
                    level: level.to_owned(),
                    text,
                }
            })
            .collect();
        Ok(Some(Imported::Template {
            policies,
            what: what.to_owned(),
        }))
    }

    /// [`Workspace::import`] of a scenario file.
    pub fn import_scenario(text: &str) -> Result<Workspace, String> {
        use iam_engine::Code;
        const REFUSE: [Code; 4] = [
            Code::InvalidJson,
            Code::MissingPolicies,
            Code::MissingRequest,
            Code::WrongValueType,
        ];
        let located = |d: &iam_engine::Diagnostic| match d.location {
            Some(l) if d.code != Code::MissingPolicies && d.code != Code::MissingRequest => {
                format!("{} (line {}, column {})", d.message, l.line, l.column)
            }
            _ => d.message.clone(),
        };
        let root = match iam_engine::json::parse(text) {
            Ok(root) => root,
            Err(d) => {
                let d = d.locate(iam_engine::Source::Scenario, text);
                return Err(format!(
                    "it is not a scenario file: {}. A scenario file has `policies` and `request`, as Export \
                     scenario writes it.",
                    located(&d)
                ));
            }
        };
        let scenario = iam_engine::read_scenario(text, &root);
        let problems: Vec<String> = scenario
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.in_scenario() && REFUSE.contains(&d.code))
            .map(located)
            .collect();
        if !problems.is_empty() {
            let mut why = format!("it is not a scenario file: {}", problems.join("; "));
            if let Some(members) = root.as_object() {
                let fields: Vec<String> = members.iter().map(|m| format!("`{}`", m.name)).collect();
                if fields.is_empty() {
                    why.push_str(" (the file is an empty object)");
                } else {
                    why.push_str(&format!(" (the file has {})", fields.join(", ")));
                }
            }
            why.push_str(
                ". A scenario file has `policies` and `request`, as Export scenario writes it.",
            );
            return Err(why);
        }
        let ws = Self::from_doc(ScenarioDoc::from_node(&root, text));
        if ws.policies.is_empty() && ws.request.actions.is_empty() {
            return Err("the file holds no policies and no actions to ask about.".to_owned());
        }
        Ok(ws)
    }

    /// Reads a scenario file into a workspace (see [`Workspace::from_doc`]).
    pub fn from_scenario(text: &str) -> Result<Workspace, String> {
        let doc =
            ScenarioDoc::read(text).map_err(|d| format!("not a scenario file: {}", d.message))?;
        Ok(Self::from_doc(doc))
    }

    /// A workspace holding a scenario. Policy documents given as JSON objects are pretty-printed into the editors
    /// with their members in the file's order; documents given as strings are kept as written. Several requests
    /// become the grid of their actions × resources, in order; the principal and context come from `request`, else
    /// the first of them.
    pub fn from_doc(doc: ScenarioDoc) -> Workspace {
        let mut ws = Workspace {
            policies: Vec::new(),
            request: RequestSpec {
                actions: Vec::new(),
                resources: Vec::new(),
                ..RequestSpec::default()
            },
            next_id: 0,
        };
        for (id, p) in doc.policies.into_iter().enumerate() {
            let text = match (&p.document, p.document.editor_text()) {
                (Document::Text(_), Some(text)) => text,
                // Laid out as the editor's texts are, ending with a line break.
                (_, Some(text)) => text + "\n",
                // A managed policy's ARN: the editor shows it, and the engine says it is not resolved.
                (Document::Managed(arn), None) => arn.clone(),
                (_, None) => String::new(),
            };
            ws.policies.push(PolicyEntry {
                id: id as u32,
                kind: p.kind,
                name: p.name,
                level: p.level,
                text,
            });
        }
        ws.next_id = ws.policies.len() as u32;
        let requests = doc.requests.unwrap_or_default();
        if let Some(first) = doc.request.as_ref().or(requests.first()) {
            ws.read_request(first);
        }
        if doc.request.is_none() {
            ws.request.actions.clear();
            ws.request.resources.clear();
        }
        for item in &requests {
            for (value, into) in [
                (&item.action, &mut ws.request.actions),
                (&item.resource, &mut ws.request.resources),
            ] {
                if let Some(value) = value {
                    if !into.iter().any(|v| v == value) {
                        into.push(value.clone());
                    }
                }
            }
        }
        for (k, v) in doc.real_api.unwrap_or_default() {
            match (k.as_str(), v) {
                ("resources", v) => {
                    for (t, a) in v.as_object().into_iter().flatten() {
                        ws.request
                            .typed_resources
                            .push((t.clone(), a.as_str().unwrap_or_default().to_owned()));
                    }
                }
                ("call", Value::Object(call)) => ws.read_call(call),
                (_, v) => {
                    ws.request.real_api_extra.insert(k, v);
                }
            }
        }
        ws
    }

    /// Reads `realApi.call`: each parameter the app edits (a string, or for `tags` an object of strings) into the
    /// request; anything else (a member it does not know, a value of the wrong type) is kept as it was in
    /// `real_api_extra`, so that exporting gives it back and the engine reports it.
    fn read_call(&mut self, call: Map<String, Value>) {
        let mut kept = Map::new();
        for (key, value) in call {
            let read = match (CallParam::from_key(&key), &value) {
                (Some(CallParam::Tags), Value::Object(tags)) => tags
                    .iter()
                    .map(|(k, v)| v.as_str().map(|v| format!("{k}={v}")))
                    .collect::<Option<Vec<_>>>()
                    .map(|lines| (CallParam::Tags, lines.join("\n"))),
                (Some(CallParam::Tags), _) => None,
                (Some(param), Value::String(s)) => Some((param, s.clone())),
                _ => None,
            };
            match read {
                Some((param, text)) => {
                    self.request.call.insert(param, text);
                }
                None => {
                    kept.insert(key, value);
                }
            }
        }
        if !kept.is_empty() {
            self.request
                .real_api_extra
                .insert("call".to_owned(), Value::Object(kept));
        }
    }

    /// The principal, action, resource, resource account and context of a request.
    fn read_request(&mut self, req: &RequestDoc) {
        let spec = &mut self.request;
        match &req.principal {
            Some(PrincipalDoc::Anonymous) => {
                spec.principal_kind = PrincipalKind::Anonymous;
                spec.principal = String::new();
            }
            Some(PrincipalDoc::Arn(arn)) => {
                spec.principal_kind = principal_kind_of(arn);
                spec.principal = arn.clone();
            }
            Some(PrincipalDoc::Service(service)) => {
                spec.principal_kind = PrincipalKind::Service;
                spec.principal = service.clone();
            }
            Some(PrincipalDoc::Detailed {
                arn, kind, tags, ..
            }) => {
                spec.principal = arn.clone();
                spec.principal_kind = kind.unwrap_or_else(|| principal_kind_of(arn));
                spec.principal_tags = tags
                    .iter()
                    .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join("\n");
            }
            None => {}
        }
        spec.actions = req.action.iter().cloned().collect();
        spec.resources = req.resource.iter().cloned().collect();
        spec.resource_account = req.resource_account.clone().unwrap_or_default();
        for (key, value) in &req.context {
            let text = |v: &Value| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let value = match value {
                Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(", "),
                other => text(other),
            };
            spec.context.push(ContextEntry {
                key: key.clone(),
                value,
            });
        }
    }
}

/// Tags typed one `key=value` a line, as a JSON object (lines without `=` or with an empty key are skipped).
pub fn tags_json(text: &str) -> Map<String, Value> {
    text.lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), Value::String(v.trim().to_owned())))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

/// A fresh policy text for a new editor.
pub fn blank_policy(kind: PolicyKind) -> String {
    let principal = if matches!(kind, PolicyKind::Resource | PolicyKind::VpcEndpoint) {
        "\n      \"Principal\": \"*\","
    } else {
        ""
    };
    format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Effect\": \"Allow\",{principal}\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }}\n  ]\n}}\n"
    )
}
