//! The user's workspace as plain data: named policies of every kind and the request(s) to ask about, with the
//! conversions to and from the scenario JSON the engine reads (the project's interchange format).

pub mod call;

use std::collections::BTreeMap;

use iam_engine::json::{Node, NodeKind};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

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
    pub fn engine_id(&self) -> String {
        if self.kind.has_levels() {
            format!("{}/{}/{}", self.kind.id_prefix(), self.level, self.name)
        } else {
            format!("{}/{}", self.kind.id_prefix(), self.name)
        }
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

    /// The `policies` object of the scenario: each document is the editor text as a JSON string, so the
    /// engine's diagnostics point at lines and columns of that editor.
    pub fn policies_json(&self) -> Value {
        let mut out = Map::new();
        let doc = |p: &PolicyEntry| json!({ "name": p.name, "document": p.text });
        for kind in PolicyKind::ALL {
            let of_kind: Vec<&PolicyEntry> =
                self.policies.iter().filter(|p| p.kind == kind).collect();
            if of_kind.is_empty() {
                continue;
            }
            let value = if kind.single() {
                of_kind.first().map(|p| doc(p)).unwrap_or(Value::Null)
            } else if kind.has_levels() {
                let mut levels: Vec<(String, Vec<Value>)> = Vec::new();
                for p in of_kind {
                    match levels.iter_mut().find(|(name, _)| *name == p.level) {
                        Some((_, list)) => list.push(doc(p)),
                        None => levels.push((p.level.clone(), vec![doc(p)])),
                    }
                }
                Value::Array(
                    levels
                        .into_iter()
                        .map(|(name, policies)| json!({ "name": name, "policies": policies }))
                        .collect(),
                )
            } else {
                Value::Array(of_kind.into_iter().map(doc).collect())
            };
            out.insert(kind.id_prefix().to_owned(), value);
        }
        if !out.contains_key("identity") {
            out.insert("identity".to_owned(), Value::Array(Vec::new()));
        }
        Value::Object(out)
    }

    /// The `principal` of the scenario.
    pub fn principal_json(&self) -> Value {
        let spec = &self.request;
        let tags = tags_json(&spec.principal_tags);
        match spec.principal_kind {
            PrincipalKind::Anonymous => Value::String("anonymous".to_owned()),
            PrincipalKind::Service => json!({ "service": spec.principal.trim() }),
            kind => {
                let mut p = Map::new();
                p.insert(
                    "arn".to_owned(),
                    Value::String(spec.principal.trim().to_owned()),
                );
                p.insert("type".to_owned(), Value::String(kind.key().to_owned()));
                if !tags.is_empty() {
                    p.insert("tags".to_owned(), Value::Object(tags));
                }
                Value::Object(p)
            }
        }
    }

    /// The `context` of the scenario: multivalued keys (by the reference's type, or a comma in the value) as lists.
    pub fn context_json(&self) -> Value {
        let mut out = Map::new();
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
        Value::Object(out)
    }

    /// The `request` object of the scenario for one row.
    pub fn request_json(&self, row: &RequestRow) -> Value {
        let mut request = Map::new();
        request.insert("principal".to_owned(), self.principal_json());
        request.insert("action".to_owned(), Value::String(row.action.clone()));
        request.insert("resource".to_owned(), Value::String(row.resource.clone()));
        let account = self.request.resource_account.trim();
        if !account.is_empty() {
            request.insert(
                "resourceAccount".to_owned(),
                Value::String(account.to_owned()),
            );
        }
        let context = self.context_json();
        if context.as_object().is_some_and(|c| !c.is_empty()) {
            request.insert("context".to_owned(), context);
        }
        Value::Object(request)
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
    fn real_api_json(&self) -> Option<Value> {
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
        (!real_api.is_empty()).then_some(Value::Object(real_api))
    }

    /// The whole scenario for one request row.
    pub fn scenario_for(&self, row: &RequestRow) -> Value {
        let mut scenario = Map::new();
        scenario.insert("policies".to_owned(), self.policies_json());
        scenario.insert("request".to_owned(), self.request_json(row));
        if let Some(real_api) = self.real_api_json() {
            scenario.insert("realApi".to_owned(), real_api);
        }
        Value::Object(scenario)
    }

    /// One scenario asking every row: the policies once, a `requests` array (the engine reads the policies once
    /// and answers each request in order).
    pub fn scenario_all(&self) -> Value {
        self.scenario_rows(&self.rows())
    }

    /// One scenario asking `rows`, the policies once.
    pub fn scenario_rows(&self, rows: &[RequestRow]) -> Value {
        let mut scenario = Map::new();
        scenario.insert("policies".to_owned(), self.policies_json());
        scenario.insert(
            "requests".to_owned(),
            Value::Array(rows.iter().map(|r| self.request_json(r)).collect()),
        );
        if let Some(real_api) = self.real_api_json() {
            scenario.insert("realApi".to_owned(), real_api);
        }
        Value::Object(scenario)
    }

    /// The scenario file to export: the first request row as `request`, and every row in `requests` when there
    /// are several.
    pub fn export_json(&self) -> String {
        let rows: Vec<RequestRow> = self.pairs().collect();
        let first = rows.first().cloned().unwrap_or(RequestRow {
            action: String::new(),
            resource: "*".to_owned(),
        });
        let mut scenario = self.scenario_for(&first);
        if rows.len() > 1 {
            if let Some(obj) = scenario.as_object_mut() {
                // Several rows are the `requests` array alone: a scenario with both is an error for the engine.
                obj.remove("request");
                obj.insert(
                    "requests".to_owned(),
                    Value::Array(rows.iter().map(|r| self.request_json(r)).collect()),
                );
            }
        }
        serde_json::to_string_pretty(&scenario).unwrap_or_default()
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
    /// in the editors, as when typed.
    pub fn import(text: &str) -> Result<Workspace, String> {
        const REFUSE: [&str; 4] = [
            "invalid-json",
            "missing-policies",
            "missing-request",
            "wrong-value-type",
        ];
        let scenario = iam_engine::parse_scenario(text);
        let problems: Vec<String> = scenario
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.in_scenario() && REFUSE.contains(&d.code.as_str()))
            .map(|d| match d.location {
                Some(l) if d.code != "missing-policies" && d.code != "missing-request" => {
                    format!("{} (line {}, column {})", d.message, l.line, l.column)
                }
                _ => d.message.clone(),
            })
            .collect();
        if !problems.is_empty() {
            let mut why = format!("it is not a scenario file: {}", problems.join("; "));
            if let Ok(Value::Object(root)) = serde_json::from_str::<Value>(text) {
                let fields: Vec<String> = root.keys().map(|k| format!("`{k}`")).collect();
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
        let ws = Self::from_scenario(text)?;
        if ws.policies.is_empty() && ws.request.actions.is_empty() {
            return Err("the file holds no policies and no actions to ask about.".to_owned());
        }
        Ok(ws)
    }

    /// Reads a scenario file into a workspace. Policy documents given as JSON objects are pretty-printed into
    /// the editors with their members in the file's order; documents given as strings are kept as written.
    pub fn from_scenario(text: &str) -> Result<Workspace, String> {
        let root: Value =
            serde_json::from_str(text).map_err(|e| format!("not a scenario file: {e}"))?;
        let root = root
            .as_object()
            .ok_or_else(|| "not a scenario file: expected a JSON object".to_owned())?;
        let mut ws = Workspace {
            policies: Vec::new(),
            request: RequestSpec {
                actions: Vec::new(),
                resources: Vec::new(),
                ..RequestSpec::default()
            },
            next_id: 0,
        };
        // Policies are read from the span-keeping tree, so that a document given as an object keeps its members
        // in the order the file has them (`Version` first stays first) when it is printed into the editor.
        let tree = iam_engine::json::parse(text)
            .map_err(|d| format!("not a scenario file: {}", d.message))?;
        if let Some(policies) = tree.get("policies").and_then(Node::as_object) {
            for member in policies {
                let Some(kind) = PolicyKind::from_id_prefix(&member.name) else {
                    continue;
                };
                if kind.has_levels() {
                    if let NodeKind::Array(levels) = &member.value.kind {
                        for level in levels {
                            let name = level.get("name").and_then(Node::as_str).unwrap_or("Root");
                            if let Some(list) = level.get("policies") {
                                ws.add_policies(kind, name, list);
                            }
                        }
                    }
                } else {
                    ws.add_policies(kind, "", &member.value);
                }
            }
        }
        if let Some(req) = root.get("request").and_then(Value::as_object) {
            ws.read_request(req);
        }
        // Several requests (`requests`, the engine's array): the grid of their actions × resources, in order;
        // the principal and context come from `request`, else the first of them.
        if let Some(list) = root.get("requests").and_then(Value::as_array) {
            if root.get("request").is_none() {
                if let Some(first) = list.first().and_then(Value::as_object) {
                    ws.read_request(first);
                }
            }
            for item in list {
                for (field, into) in [
                    ("action", &mut ws.request.actions),
                    ("resource", &mut ws.request.resources),
                ] {
                    if let Some(value) = item.get(field).and_then(Value::as_str) {
                        if !into.iter().any(|v| v == value) {
                            into.push(value.to_owned());
                        }
                    }
                }
            }
        }
        if let Some(real) = root.get("realApi").and_then(Value::as_object) {
            for (k, v) in real {
                match (k.as_str(), v) {
                    ("resources", _) => {
                        for (t, a) in v.as_object().into_iter().flatten() {
                            ws.request
                                .typed_resources
                                .push((t.clone(), a.as_str().unwrap_or_default().to_owned()));
                        }
                    }
                    ("call", Value::Object(call)) => ws.read_call(call),
                    _ => {
                        ws.request.real_api_extra.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        Ok(ws)
    }

    /// Reads `realApi.call`: each parameter the app edits (a string, or for `tags` an object of strings) into the
    /// request; anything else (a member it does not know, a value of the wrong type) is kept as it was in
    /// `real_api_extra`, so that exporting gives it back and the engine reports it.
    fn read_call(&mut self, call: &Map<String, Value>) {
        let mut kept = Map::new();
        for (key, value) in call {
            let read = match (CallParam::from_key(key), value) {
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
                    kept.insert(key.clone(), value.clone());
                }
            }
        }
        if !kept.is_empty() {
            self.request
                .real_api_extra
                .insert("call".to_owned(), Value::Object(kept));
        }
    }

    fn add_policies(&mut self, kind: PolicyKind, level: &str, value: &Node) {
        let items: Vec<&Node> = match &value.kind {
            NodeKind::Array(items) => items.iter().collect(),
            NodeKind::Object(_) => vec![value],
            _ => Vec::new(),
        };
        for (i, item) in items.into_iter().enumerate() {
            let name = item
                .get("name")
                .and_then(Node::as_str)
                .map(str::to_owned)
                .unwrap_or_else(|| format!("Policy{}", i + 1));
            let text = match item.get("document") {
                Some(Node {
                    kind: NodeKind::String(s),
                    ..
                }) => s.to_string(),
                // Laid out as the editor's texts are, ending with a line break.
                Some(doc) => doc.to_pretty_string() + "\n",
                None => String::new(),
            };
            let id = self.next_id;
            self.next_id += 1;
            self.policies.push(PolicyEntry {
                id,
                kind,
                name,
                level: level.to_owned(),
                text,
            });
        }
    }

    fn read_request(&mut self, req: &Map<String, Value>) {
        let spec = &mut self.request;
        match req.get("principal") {
            Some(Value::String(arn)) => {
                spec.principal_kind = principal_kind_of(arn);
                spec.principal = if arn == "anonymous" {
                    String::new()
                } else {
                    arn.clone()
                };
            }
            Some(Value::Object(p)) => {
                if let Some(service) = p.get("service").and_then(Value::as_str) {
                    spec.principal_kind = PrincipalKind::Service;
                    spec.principal = service.to_owned();
                } else {
                    let arn = p.get("arn").and_then(Value::as_str).unwrap_or_default();
                    spec.principal = arn.to_owned();
                    spec.principal_kind = p
                        .get("type")
                        .and_then(Value::as_str)
                        .and_then(PrincipalKind::from_key)
                        .unwrap_or_else(|| principal_kind_of(arn));
                    if let Some(tags) = p.get("tags").and_then(Value::as_object) {
                        spec.principal_tags = tags
                            .iter()
                            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                            .collect::<Vec<_>>()
                            .join("\n");
                    }
                }
            }
            _ => {}
        }
        let strings = |v: Option<&Value>| -> Vec<String> {
            match v {
                Some(Value::String(s)) => vec![s.clone()],
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                _ => Vec::new(),
            }
        };
        spec.actions = strings(req.get("action"));
        spec.resources = strings(req.get("resource"));
        spec.resource_account = req
            .get("resourceAccount")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        for (key, value) in req
            .get("context")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
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
