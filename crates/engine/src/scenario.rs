//! The scenario: the project's one interchange document (policies plus a request), read with spans so that
//! every problem points at its line and column.

use crate::context::{Context, ContextValue};
use crate::diag::LineIndex;
use crate::diag::{Code, Diagnostic, Source, Span};
use crate::eval::{Level, PolicySet};
use crate::json::{self, Node, NodeKind};
use crate::policy::ResourceMatcher;
use crate::policy::{parse_policy_node_indexed, parse_policy_text, Policy, PolicyKind};
use crate::request::{derive_context, Principal, PrincipalType, Request};
use crate::variables::{shorten, MAX_SUBSTITUTED_BYTES};
use std::sync::Arc;

/// The longest `request.action` read, in bytes. AWS action names are under 130 characters (service prefix, colon,
/// name); a longer one is a mistake or an attack, and the trace repeats the action once per statement.
pub const MAX_ACTION_BYTES: usize = 1_024;

/// The longest `request.resource` read, in bytes: twice the 2,048 characters that AWS APIs accept for an ARN (for
/// example `RoleArn` in the IAM API Reference). The trace repeats the resource once per statement.
pub const MAX_RESOURCE_BYTES: usize = 4_096;

/// A scenario read from JSON: the policies, the request, and what went wrong reading them.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Shared, so that policies read once answer many requests ([`Prepared`]).
    pub policies: Arc<PolicySet>,
    /// `None` when the request could not be read (or the scenario has only `requests`).
    pub request: Option<Request>,
    /// The entries of an optional `requests` array: several requests answered against the same policies, which
    /// are read once.
    pub requests: Vec<RequestEntry>,
    /// Whether derived context keys were filled in.
    pub derive_context: bool,
    /// Problems in the scenario itself and in every policy.
    pub diagnostics: Vec<Diagnostic>,
    /// The scenario's `realApi` options as written (read by `iam-realapi`; the engine does not use them).
    pub real_api: Option<serde_json::Value>,
}

/// One entry of a scenario's `requests` array, with the problems found in it.
#[derive(Debug, Clone)]
pub struct RequestEntry {
    pub request: Option<Request>,
    pub diagnostics: Vec<Diagnostic>,
    /// The entry's own `realApi` options, if it has them.
    pub real_api: Option<serde_json::Value>,
}

struct Reader<'t> {
    text: &'t str,
    index: LineIndex<'t>,
    diags: Vec<Diagnostic>,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str) -> Self {
        Reader {
            text,
            index: LineIndex::new(text),
            diags: Vec::new(),
        }
    }

    /// The error for a scenario text that holds JSON other than an object.
    fn not_a_scenario(&mut self, root: &Node) {
        self.err(
            crate::diag::Code::WrongValueType,
            format!(
                "a scenario must be a JSON object, found {}",
                root.type_name()
            ),
            "a scenario is {\"policies\": {…}, \"request\": {…}}",
            root.span,
        );
    }

    fn err(&mut self, code: Code, message: String, help: &str, span: Span) {
        self.diags.push(
            Diagnostic::error(code, message, help, Some(span))
                .locate_in(Source::Scenario, &self.index),
        );
    }
    fn warn(&mut self, code: Code, message: String, help: &str, span: Span) {
        self.diags.push(
            Diagnostic::warning(code, message, help, Some(span))
                .locate_in(Source::Scenario, &self.index),
        );
    }

    /// Reports every member name that repeats an earlier one in `node` (an object): the reader reads only the
    /// first, so a repeated member would silently not count.
    fn no_duplicates(&mut self, node: &Node) {
        let Some(members) = node.as_object() else {
            return;
        };
        for m in json::repeated_members(members) {
            self.err(
                crate::diag::Code::DuplicateField,
                format!(
                    "`{}` appears more than once in this object; only the first is read",
                    shorten(&m.name)
                ),
                "remove the repeated member or merge it into the first",
                m.name_span,
            );
        }
    }

    /// The string member `field` of `node`, or `None` after an error if it is there but not a string.
    fn opt_str<'n>(&mut self, node: &'n Node, field: &str, what: &str) -> Option<&'n str> {
        let value = node.get(field)?;
        match value.as_str() {
            Some(s) => Some(s),
            None => {
                self.err(
                    crate::diag::Code::WrongValueType,
                    format!("`{field}` must be a string, found {}", value.type_name()),
                    what,
                    value.span,
                );
                None
            }
        }
    }

    fn policy(
        &mut self,
        kind: PolicyKind,
        prefix: &str,
        default_name: String,
        node: &Node,
    ) -> Option<Policy> {
        // An AWS managed policy named by name or ARN: the engine has no policy data of its own (it stays small for
        // the browser); the CLI and the app resolve these before evaluation (`iam-managed`).
        let managed = match &node.kind {
            NodeKind::String(s) if s.starts_with("arn:aws:iam::aws:policy/") => Some(s.to_string()),
            NodeKind::Object(_) => node
                .get("managed")
                .and_then(|m| m.as_str())
                .map(str::to_string),
            _ => None,
        };
        if let Some(m) = managed {
            self.err(
                crate::diag::Code::UnresolvedManagedPolicy,
                format!("the AWS managed policy `{m}` was not resolved: this reader has no managed policy data"),
                "resolve managed policies before evaluation (the CLI does), or paste the policy's document",
                node.span,
            );
            return None;
        }
        let Some(_) = node.as_object() else {
            self.err(
                crate::diag::Code::WrongValueType,
                format!(
                    "a policy entry must be an object with `name` and `document`, found {}",
                    node.type_name()
                ),
                "write `{\"name\": \"MyPolicy\", \"document\": { … }}`",
                node.span,
            );
            return None;
        };
        self.no_duplicates(node);
        let name = match node.get("name") {
            Some(n) => match n.as_str() {
                Some(s) if !s.is_empty() => s.to_string(),
                _ => {
                    self.err(
                        crate::diag::Code::WrongValueType,
                        "`name` must be a non-empty string".into(),
                        "give the policy a name",
                        n.span,
                    );
                    default_name
                }
            },
            None => default_name,
        };
        let id = format!("{prefix}/{name}");
        match node.get("document") {
            None => {
                self.err(
                    crate::diag::Code::MissingDocument,
                    format!("policy `{name}` has no `document`"),
                    "add `\"document\": {\"Version\": \"2012-10-17\", \"Statement\": [...]}`",
                    node.span,
                );
                None
            }
            Some(doc) => Some(match &doc.kind {
                NodeKind::String(s) => parse_policy_text(kind, &id, &name, s),
                _ => parse_policy_node_indexed(kind, &id, &name, doc, self.text, &self.index),
            }),
        }
    }

    fn policy_list(&mut self, kind: PolicyKind, prefix: &str, node: &Node) -> Vec<Policy> {
        match &node.kind {
            NodeKind::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, n)| self.policy(kind, prefix, format!("Policy{}", i + 1), n))
                .collect(),
            NodeKind::Object(_) => self
                .policy(kind, prefix, "Policy1".into(), node)
                .into_iter()
                .collect(),
            _ => {
                self.err(
                    crate::diag::Code::WrongValueType,
                    format!("expected an array of policies, found {}", node.type_name()),
                    "write `[ {\"name\": …, \"document\": …} ]`",
                    node.span,
                );
                Vec::new()
            }
        }
    }

    fn levels(&mut self, kind: PolicyKind, prefix: &str, node: &Node) -> Vec<Level> {
        let NodeKind::Array(items) = &node.kind else {
            self.err(
                crate::diag::Code::WrongValueType,
                format!("expected an array of levels (root first), found {}", node.type_name()),
                "write `[ {\"name\": \"Root\", \"policies\": [ … ]}, {\"name\": \"Account\", \"policies\": [ … ]} ]`",
                node.span,
            );
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                if item.as_object().is_none() {
                    self.err(
                        crate::diag::Code::WrongValueType,
                        format!("a level must be an object with `name` and `policies`, found {}", item.type_name()),
                        "write `{\"name\": \"Root\", \"policies\": [ … ]}`",
                        item.span,
                    );
                }
                self.no_duplicates(item);
                let name = self
                    .opt_str(item, "name", "a level's name is a string such as \"Root\"")
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("Level{}", i + 1));
                let policies = match item.get("policies") {
                    Some(p) => self.policy_list(kind, &format!("{prefix}/{name}"), p),
                    None => {
                        self.err(
                            crate::diag::Code::MissingPolicies,
                            format!("level `{name}` has no `policies`"),
                            "add `\"policies\": [ … ]`; an empty list denies everything at that level",
                            item.span,
                        );
                        Vec::new()
                    }
                };
                if kind == PolicyKind::Rcp {
                    if let Some(d) = rcp_level_without_full_access(&name, &policies) {
                        self.diags.push(
                            Diagnostic { span: Some(item.span), ..d }.locate_in(Source::Scenario, &self.index),
                        );
                    }
                }
                Level { name, policies }
            })
            .collect()
    }

    fn principal(&mut self, node: Option<&Node>) -> Option<Principal> {
        let Some(node) = node else {
            // A missing member has no place in the text: the warning is about the request as a whole.
            self.diags.push(
                Diagnostic::warning(
                    crate::diag::Code::MissingPrincipal,
                    "the request has no `principal`; assuming an IAM user in account 111122223333",
                    "set `request.principal` to an ARN, \"anonymous\" or {\"service\": …}",
                    None,
                )
                .locate_in(Source::Scenario, &self.index),
            );
            return Principal::from_arn("arn:aws:iam::111122223333:user/example");
        };
        match &node.kind {
            NodeKind::String(s) if s == "anonymous" || s == "*" => Some(Principal::anonymous()),
            NodeKind::String(s) => self.principal_arn(s, node.span),
            NodeKind::Object(_) => self.principal_object(node),
            _ => {
                self.err(
                    crate::diag::Code::WrongValueType,
                    format!(
                        "`principal` must be a string or an object, found {}",
                        node.type_name()
                    ),
                    "use an ARN, \"anonymous\", {\"service\": …} or {\"arn\": …, \"tags\": …}",
                    node.span,
                );
                None
            }
        }
    }

    /// A principal given as an object: `service`, or `arn` with `type`, `tags` and the ids a request carries.
    fn principal_object(&mut self, node: &Node) -> Option<Principal> {
        self.no_duplicates(node);
        const SERVICE: &str = "a service principal such as \"ec2.amazonaws.com\"";
        if let Some(svc) = self.opt_str(node, "service", SERVICE) {
            return Some(Principal::service(svc));
        }
        let kind = self.opt_str(
            node,
            "type",
            "one of user, role, assumedRole, federatedUser, root, service, anonymous, webIdentity and saml",
        );
        let arn = self.opt_str(node, "arn", "the principal's ARN");
        if node.get("type").is_some() && kind.is_none() {
            // A type that could not be read would otherwise be ignored, and the ARN alone decide.
            return None;
        }
        let mut p = match (kind, arn) {
            (Some("anonymous"), _) => Principal::anonymous(),
            (Some("service"), Some(arn)) => Principal::service(arn),
            // An OIDC provider named without an ARN: `accounts.google.com`, `cognito-identity.amazonaws.com`.
            (Some("webIdentity"), Some(name)) if !name.starts_with("arn:") => {
                Principal::web_identity(name)
            }
            (_, Some(arn)) => self.principal_arn(arn, node.span)?,
            (_, None) => {
                self.err(
                    crate::diag::Code::InvalidPrincipal,
                    "the principal object needs an `arn` (or `service`, or `\"type\": \"anonymous\"`)".into(),
                    "e.g. {\"arn\": \"arn:aws:iam::111122223333:role/Dev\", \"tags\": {\"team\": \"blue\"}}",
                    node.span,
                );
                return None;
            }
        };
        if let Some(t) = kind {
            self.principal_type(t, &p, node.span);
        }
        self.principal_details(node, &mut p);
        Some(p)
    }

    /// Checks the principal object's `type` against what its ARN says.
    fn principal_type(&mut self, t: &str, p: &Principal, span: Span) {
        let expected = PrincipalType::from_key(t);
        match expected {
            None => self.err(
                crate::diag::Code::InvalidPrincipal,
                format!("unknown principal type `{t}`"),
                "types are user, role, assumedRole, federatedUser, root, service, anonymous, webIdentity and saml",
                span,
            ),
            Some(e) if e != p.kind => self.warn(
                crate::diag::Code::PrincipalTypeMismatch,
                format!(
                    "the principal's `type` says {t} but its ARN is a {:?}",
                    p.kind
                ),
                "the ARN decides; fix the type or the ARN",
                span,
            ),
            _ => {}
        }
    }

    /// The principal object's `tags`, `userId`, `orgId`, `parentUserArn` and `roleArn`.
    fn principal_details(&mut self, node: &Node, p: &mut Principal) {
        if let Some(tags) = node.get("tags") {
            self.no_duplicates(tags);
            match tags.as_object() {
                Some(members) => {
                    for m in members {
                        match m.value.as_str() {
                            Some(v) => p.tags.push((m.name.to_string(), v.to_string())),
                            None => self.err(
                                crate::diag::Code::WrongValueType,
                                format!("tag `{}` must have a string value", m.name),
                                "tags are {\"key\": \"value\"}",
                                m.value.span,
                            ),
                        }
                    }
                }
                None => self.err(
                    crate::diag::Code::WrongValueType,
                    "`tags` must be an object".into(),
                    "tags are {\"key\": \"value\"}",
                    tags.span,
                ),
            }
        }
        // Each of these fills a condition key (aws:userid, aws:PrincipalOrgID) or decides which statements
        // name the caller, so a value of the wrong type is an error, not silently nothing.
        if let Some(id) = self.opt_str(node, "userId", "the unique id, such as \"AIDAEXAMPLE\"") {
            p.user_id = Some(id.to_string());
        }
        if let Some(org) =
            self.opt_str(node, "orgId", "an organization id such as \"o-a1b2c3d4e5\"")
        {
            p.org_id = Some(org.to_string());
        }
        if let Some(parent) =
            self.opt_str(node, "parentUserArn", "the federated user's IAM user ARN")
        {
            p.parent_user_arn = Some(parent.to_string());
        }
        if let Some(role) = self.opt_str(node, "roleArn", "the session's role ARN") {
            p.role_arn = Some(role.to_string());
        }
    }

    fn principal_arn(&mut self, arn: &str, span: Span) -> Option<Principal> {
        let p = Principal::from_arn(arn);
        if p.is_none() {
            self.err(
                crate::diag::Code::InvalidPrincipal,
                format!("`{arn}` is not a principal ARN"),
                "use an IAM user, role or root ARN, an assumed-role or federated-user session ARN, an IAM OIDC or SAML provider ARN, \"anonymous\" or {\"service\": \"ec2.amazonaws.com\"}",
                span,
            );
        }
        p
    }

    fn context(&mut self, node: &Node) -> Context {
        self.no_duplicates(node);
        let mut ctx = Context::default();
        let Some(members) = node.as_object() else {
            self.err(
                crate::diag::Code::WrongValueType,
                "`context` must be an object of keys".into(),
                "write {\"aws:SourceIp\": \"203.0.113.7\"}",
                node.span,
            );
            return ctx;
        };
        for m in members {
            let scalar = |n: &Node| -> Option<String> {
                match &n.kind {
                    NodeKind::String(s) => Some(s.to_string()),
                    NodeKind::Number(s) => Some(s.to_string()),
                    NodeKind::Bool(b) => Some(b.to_string()),
                    _ => None,
                }
            };
            match &m.value.kind {
                NodeKind::Array(items) => {
                    let mut values = Vec::new();
                    for i in items {
                        match scalar(i) {
                            Some(v) => values.push(v),
                            None => self.err(
                                crate::diag::Code::WrongValueType,
                                format!("each value of context key `{}` must be a string, number or boolean", m.name),
                                "context values are scalars or arrays of scalars",
                                i.span,
                            ),
                        }
                    }
                    ctx.insert(ContextValue { key: m.name.to_string(), values, multi: true, derived: false, single_valued: false });
                }
                NodeKind::Null => self.warn(
                    crate::diag::Code::NullContextValue,
                    format!("context key `{}` is null and is left out of the request", m.name),
                    "remove the key, or give it a value",
                    m.value.span,
                ),
                _ => match scalar(&m.value) {
                    Some(v) => ctx.set(&m.name, v, false),
                    None => self.err(
                        crate::diag::Code::WrongValueType,
                        format!("context key `{}` must be a string, number, boolean or an array of them", m.name),
                        "context values are scalars or arrays of scalars",
                        m.value.span,
                    ),
                },
            }
        }
        ctx
    }
}

/// The warning for an RCP level without RCPFullAWSAccess. Organizations User Guide, RCPs: RCPFullAWSAccess "is
/// automatically attached to the organization root, every OU, and every account ... You cannot detach this policy."
fn rcp_level_without_full_access(name: &str, policies: &[Policy]) -> Option<Diagnostic> {
    let full = policies
        .iter()
        .any(|p| p.statements.iter().any(|s| s.allows_everything()));
    (!full).then(|| {
        Diagnostic::warning(
            crate::diag::Code::RcpLevelWithoutFullAccess,
            format!(
                "RCP level `{name}` has no RCPFullAWSAccess: AWS attaches it to every root, OU and account \
                 and it cannot be detached; without it this level allows nothing, so every request it \
                 covers is implicitly denied here"
            ),
            "add {\"name\": \"RCPFullAWSAccess\", \"document\": {\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"}]}} to the level",
            None,
        )
    })
}

/// Policies read and compiled once, to answer many requests: the app asks again after every edit of the request
/// with the policies unchanged, and a batch asks thousands of requests of one set.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    pub policies: Arc<PolicySet>,
    /// Problems of the set as a whole (an RCP level without RCPFullAWSAccess); each policy carries its own.
    diagnostics: Vec<Diagnostic>,
    /// The policies' substitution bound, computed once for every request asked of them.
    bound: Bound,
}

impl Prepared {
    /// Policies already read, in order, each with its organization level (for SCPs and RCPs; empty otherwise),
    /// assembled as a scenario's `policies` would be: a kind the engine takes once (resource, boundary, session)
    /// keeps its first policy, and SCP and RCP levels come in the order they are first named.
    pub fn from_policies(policies: impl IntoIterator<Item = (Policy, String)>) -> Prepared {
        let mut set = PolicySet::default();
        for (policy, level) in policies {
            let single = |slot: &mut Option<Policy>, p: Policy| {
                if slot.is_none() {
                    *slot = Some(p);
                }
            };
            let add_level = |levels: &mut Option<Vec<Level>>, p: Policy| {
                let levels = levels.get_or_insert_with(Vec::new);
                match levels.iter_mut().find(|l| l.name == level) {
                    Some(l) => l.policies.push(p),
                    None => levels.push(Level {
                        name: level.clone(),
                        policies: vec![p],
                    }),
                }
            };
            match policy.kind {
                PolicyKind::Identity => set.identity.push(policy),
                PolicyKind::VpcEndpoint => set.vpc_endpoint.push(policy),
                PolicyKind::Resource => single(&mut set.resource, policy),
                PolicyKind::PermissionsBoundary => single(&mut set.permissions_boundary, policy),
                PolicyKind::Session => single(&mut set.session, policy),
                PolicyKind::Scp => add_level(&mut set.scps, policy),
                PolicyKind::Rcp => add_level(&mut set.rcps, policy),
            }
        }
        Prepared::new(set)
    }

    /// The policies of a scenario text, read and compiled (its `request` or `requests`, if any, are not read):
    /// problems are reported in every answer asked of them, as when the scenario is read whole.
    pub fn read(text: &str) -> Prepared {
        let root = match json::parse(text) {
            Ok(root) => root,
            Err(d) => {
                return Prepared {
                    policies: Arc::default(),
                    diagnostics: vec![d.locate(Source::Scenario, text)],
                    bound: Bound::default(),
                }
            }
        };
        let mut r = Reader::new(text);
        if root.as_object().is_none() {
            r.not_a_scenario(&root);
        }
        r.no_duplicates(&root);
        let set = read_policies(&mut r, &root);
        Prepared {
            bound: Bound::of(&set),
            policies: Arc::new(set),
            diagnostics: r.diags,
        }
    }

    /// A set of policies, as it is.
    pub fn new(set: PolicySet) -> Prepared {
        let diagnostics = set
            .rcps
            .iter()
            .flatten()
            .filter_map(|l| rcp_level_without_full_access(&l.name, &l.policies))
            .map(|d| Diagnostic {
                source: Some(Source::Scenario),
                ..d
            })
            .collect();
        Prepared {
            bound: Bound::of(&set),
            policies: Arc::new(set),
            diagnostics,
        }
    }

    /// A scenario asking the request(s) of `text` (a scenario whose `policies`, if any, are not read) of these
    /// policies, which are not read again.
    pub fn scenario(&self, text: &str) -> Scenario {
        match json::parse(text) {
            Ok(root) => read_with(text, &root, Some(self)),
            Err(d) => Scenario::nothing(vec![d.locate(Source::Scenario, text)]),
        }
    }
}

/// Reads a scenario. Never fails: problems are in `diagnostics` (and a missing request leaves `request` empty).
pub fn parse_scenario(text: &str) -> Scenario {
    match json::parse(text) {
        Ok(root) => read_scenario(text, &root),
        Err(d) => Scenario::nothing(vec![d.locate(Source::Scenario, text)]),
    }
}

impl Scenario {
    /// A scenario with nothing in it but `diagnostics`.
    fn nothing(diagnostics: Vec<Diagnostic>) -> Scenario {
        Scenario {
            policies: Arc::default(),
            request: None,
            requests: Vec::new(),
            derive_context: true,
            diagnostics,
            real_api: None,
        }
    }
}

/// Like [`parse_scenario`], from the JSON tree of `text` (for a caller that also reads the tree another way, such
/// as into a [`crate::ScenarioDoc`], without parsing the text twice).
pub fn read_scenario(text: &str, root: &Node) -> Scenario {
    read_with(text, root, None)
}

/// Reads a scenario; its policies from `prepared` when given (the text's `policies` are then not read).
fn read_with(text: &str, root: &Node, prepared: Option<&Prepared>) -> Scenario {
    let mut r = Reader::new(text);
    let Some(members) = root.as_object() else {
        r.not_a_scenario(root);
        return Scenario::nothing(r.diags);
    };
    r.no_duplicates(root);
    for m in members {
        if ![
            "policies",
            "request",
            "name",
            "description",
            "realApi",
            "requests",
        ]
        .contains(&m.name.as_ref())
        {
            r.warn(
                crate::diag::Code::UnknownField,
                format!("unknown scenario field `{}` is ignored", m.name),
                "a scenario has `policies` and `request`",
                m.name_span,
            );
        }
    }
    let (set, bound) = match prepared {
        Some(p) => {
            r.diags.extend(p.diagnostics.iter().cloned());
            (p.policies.clone(), std::borrow::Cow::Borrowed(&p.bound))
        }
        None => {
            let set = read_policies(&mut r, root);
            let bound = Bound::of(&set);
            (Arc::new(set), std::borrow::Cow::Owned(bound))
        }
    };
    let mut derive = true;
    let mut requests = read_requests(&mut r, root);
    let request = match root.get("request") {
        Some(rn) if root.get("requests").is_some() => {
            r.err(
                crate::diag::Code::RequestAndRequests,
                "the scenario has both `request` and `requests`; it must have one or the other"
                    .into(),
                "move the single request into the `requests` array, or remove `requests`",
                rn.span,
            );
            None
        }
        None if !requests.is_empty() => None,
        None if root.get("requests").is_some() => {
            r.err(
                crate::diag::Code::MissingRequest,
                "the scenario's `requests` has no request in it".into(),
                "add `{\"principal\": …, \"action\": …, \"resource\": …}` to `requests`",
                root.span,
            );
            None
        }
        None => {
            r.err(
                crate::diag::Code::MissingRequest,
                "the scenario has no `request`".into(),
                "add `\"request\": {\"principal\": …, \"action\": …, \"resource\": …}`",
                root.span,
            );
            None
        }
        Some(rn) => read_request(&mut r, rn, &mut derive),
    };
    if let (Some(req), Some(rn)) = (&request, root.get("request")) {
        r.substitution_limits(&set, req, rn.span, &bound);
    }
    for (entry, item) in requests
        .iter_mut()
        .zip(root.get("requests").into_iter().flat_map(items))
    {
        if let Some(req) = &entry.request {
            let outer = std::mem::take(&mut r.diags);
            r.substitution_limits(&set, req, item.span, &bound);
            let found = std::mem::replace(&mut r.diags, outer);
            entry.diagnostics.extend(found);
        }
    }
    let mut diagnostics = r.diags;
    for (p, _) in set.all() {
        diagnostics.extend(p.diagnostics.iter().cloned());
    }
    Scenario {
        policies: set,
        request,
        requests,
        derive_context: derive,
        diagnostics,
        real_api: root.get("realApi").map(Node::to_value),
    }
}

/// The scenario's `policies`: every policy kind, read.
fn read_policies(r: &mut Reader<'_>, root: &Node) -> PolicySet {
    let mut set = PolicySet::default();
    match root.get("policies") {
        None => r.err(
            crate::diag::Code::MissingPolicies,
            "the scenario has no `policies`".into(),
            "add `\"policies\": {\"identity\": [ {\"name\": …, \"document\": …} ]}`",
            root.span,
        ),
        Some(pn) => match pn.as_object() {
            None => r.err(
                crate::diag::Code::WrongValueType,
                "`policies` must be an object".into(),
                "see the scenario format in the README",
                pn.span,
            ),
            Some(kinds) => {
                r.no_duplicates(pn);
                for m in kinds {
                    let v = &m.value;
                    match m.name.as_ref() {
                        "identity" => set.identity = r.policy_list(PolicyKind::Identity, "identity", v),
                        "resource" => set.resource = r.policy(PolicyKind::Resource, "resource", "Resource".into(), v),
                        "permissionsBoundary" => {
                            set.permissions_boundary =
                                r.policy(PolicyKind::PermissionsBoundary, "permissionsBoundary", "Boundary".into(), v)
                        }
                        "session" => set.session = r.policy(PolicyKind::Session, "session", "Session".into(), v),
                        "scps" => set.scps = Some(r.levels(PolicyKind::Scp, "scps", v)),
                        "rcps" => set.rcps = Some(r.levels(PolicyKind::Rcp, "rcps", v)),
                        "vpcEndpoint" => set.vpc_endpoint = r.policy_list(PolicyKind::VpcEndpoint, "vpcEndpoint", v),
                        other => r.warn(
                            crate::diag::Code::UnknownField,
                            format!("unknown policy kind `{other}` is ignored"),
                            "kinds are identity, resource, permissionsBoundary, session, scps, rcps and vpcEndpoint",
                            m.name_span,
                        ),
                    }
                }
            }
        },
    }
    set
}

/// The scenario's `requests` array, each entry with its own diagnostics.
fn read_requests(r: &mut Reader<'_>, root: &Node) -> Vec<RequestEntry> {
    let mut requests = Vec::new();
    if let Some(list) = root.get("requests") {
        match &list.kind {
            NodeKind::Array(items) => {
                for item in items {
                    let outer = std::mem::take(&mut r.diags);
                    let mut item_derive = true;
                    let request = read_request(r, item, &mut item_derive);
                    let diagnostics = std::mem::replace(&mut r.diags, outer);
                    requests.push(RequestEntry {
                        request,
                        diagnostics,
                        real_api: item.get("realApi").map(Node::to_value),
                    });
                }
            }
            _ => r.err(
                crate::diag::Code::WrongValueType,
                "`requests` must be an array of requests".into(),
                "write `\"requests\": [ {\"action\": …}, {\"action\": …} ]`",
                list.span,
            ),
        }
    }
    requests
}

/// Upper bounds over every Resource template of a scenario: the most literal bytes, the most variables and the
/// longest default value of any one of them.
#[derive(Debug, Default, Clone)]
struct Bound {
    text: usize,
    vars: usize,
    default: usize,
}

impl Bound {
    fn of(set: &PolicySet) -> Bound {
        let mut b = Bound::default();
        let templates = set
            .policies()
            .flat_map(|(p, _)| p.statements.iter())
            .flat_map(|st| st.resource.iter().flat_map(|r| r.patterns.iter()))
            .filter_map(|p| match &p.matcher {
                ResourceMatcher::Template(t) => Some(t),
                _ => None,
            });
        for t in templates {
            let (mut text, mut vars) = (0usize, 0usize);
            for part in &t.parts {
                match part {
                    crate::variables::Part::Text(s) => text += s.len(),
                    crate::variables::Part::Star | crate::variables::Part::One => text += 1,
                    crate::variables::Part::Var(v) => {
                        vars += 1;
                        b.default = b.default.max(v.default.as_ref().map_or(0, String::len));
                    }
                }
            }
            b.text = b.text.max(text);
            b.vars = b.vars.max(vars);
        }
        b
    }
}

/// The items of an array node (none for anything else).
fn items<'n, 'a>(node: &'n Node<'a>) -> impl Iterator<Item = &'n Node<'a>> {
    match &node.kind {
        NodeKind::Array(items) => items.as_slice(),
        _ => &[],
    }
    .iter()
}

impl Reader<'_> {
    /// Reports every Resource element whose text, with its variables substituted from `req`, would pass
    /// [`MAX_SUBSTITUTED_BYTES`]: the engine does not build it and treats it as matching nothing, so the answer
    /// is marked incomplete by this error. Only lengths are added up; nothing is substituted.
    fn substitution_limits(&mut self, set: &PolicySet, req: &Request, span: Span, bound: &Bound) {
        // Quick check: no template can pass the limit when even the longest text, the most variables and the
        // longest value together stay within it (so many requests against many templates stay linear).
        let longest = req
            .context
            .entries()
            .iter()
            .flat_map(|e| e.values.iter())
            .map(String::len)
            .max()
            .unwrap_or(0)
            .max(bound.default);
        if bound
            .text
            .saturating_add(bound.vars.saturating_mul(longest))
            <= MAX_SUBSTITUTED_BYTES
        {
            return;
        }
        for (policy, _) in set.policies() {
            for st in &policy.statements {
                let patterns = st.resource.iter().flat_map(|r| r.patterns.iter());
                for p in patterns {
                    let ResourceMatcher::Template(t) = &p.matcher else {
                        continue;
                    };
                    let len = t.filled_len(&req.context);
                    if len <= MAX_SUBSTITUTED_BYTES {
                        continue;
                    }
                    let line = st
                        .location
                        .map(|l| format!(", line {}", l.line))
                        .unwrap_or_default();
                    self.err(
                        crate::diag::Code::SubstitutionTooLong,
                        format!(
                            "the Resource `{}` of {}#{}{line} would be {len} bytes once its policy variables are \
                             substituted from this request, over the limit of {MAX_SUBSTITUTED_BYTES}; it is \
                             treated as matching nothing",
                            shorten(&p.raw),
                            policy.id,
                            st.index
                        ),
                        "the values it refers to are far longer than AWS allows (a tag value has at most 256 \
                         characters): shorten them",
                        span,
                    );
                }
            }
        }
    }
}

/// `request.action`: `service:Action`.
fn read_action(r: &mut Reader<'_>, rn: &Node) -> Option<String> {
    match rn.get("action") {
        Some(a) => match a.as_str() {
            Some(s) if s.len() > MAX_ACTION_BYTES => {
                r.err(
                    crate::diag::Code::TooLong,
                    format!(
                        "`request.action` is {} bytes long, over the limit of {MAX_ACTION_BYTES}",
                        s.len()
                    ),
                    "AWS action names are `service:Action`, under 130 characters",
                    a.span,
                );
                None
            }
            Some(s)
                if s.split_once(':')
                    .is_some_and(|(x, y)| !x.is_empty() && !y.is_empty()) =>
            {
                Some(s.to_string())
            }
            _ => {
                r.err(
                    crate::diag::Code::InvalidAction,
                    "`request.action` must be an action such as \"s3:GetObject\"".into(),
                    "write the service prefix, a colon and the action name",
                    a.span,
                );
                None
            }
        },
        None => {
            r.err(
                crate::diag::Code::MissingAction,
                "the request has no `action`".into(),
                "add `\"action\": \"s3:GetObject\"`",
                rn.span,
            );
            None
        }
    }
}

/// `request.resource` (`*` when absent); `None` when it is too long to evaluate.
fn read_resource(r: &mut Reader<'_>, rn: &Node) -> Option<String> {
    match rn.get("resource") {
        None => Some("*".to_string()),
        Some(n) => match n.as_str() {
            Some(s) if s.len() > MAX_RESOURCE_BYTES => {
                r.err(
                    crate::diag::Code::TooLong,
                    format!(
                        "`request.resource` is {} bytes long, over the limit of {MAX_RESOURCE_BYTES}",
                        s.len()
                    ),
                    "AWS ARNs have at most 2,048 characters",
                    n.span,
                );
                None
            }
            Some(s) => {
                if s != "*" && crate::pattern::split_arn(s).is_none() {
                    r.warn(
                        crate::diag::Code::MalformedArn,
                        format!("the request resource `{s}` is not an ARN"),
                        "use an ARN with six parts (`arn:aws:s3:::bucket/key`) or `*`",
                        n.span,
                    );
                }
                Some(s.to_string())
            }
            None => {
                r.err(
                    crate::diag::Code::WrongValueType,
                    "`request.resource` must be a string".into(),
                    "use an ARN or \"*\"",
                    n.span,
                );
                Some("*".to_string())
            }
        },
    }
}

fn read_request(r: &mut Reader<'_>, rn: &Node, derive: &mut bool) -> Option<Request> {
    if rn.as_object().is_none() {
        r.err(
            crate::diag::Code::WrongValueType,
            "`request` must be an object".into(),
            "see the scenario format in the README",
            rn.span,
        );
        return None;
    }
    r.no_duplicates(rn);
    let principal = r.principal(rn.get("principal"));
    let action = read_action(r, rn);
    let resource = read_resource(r, rn)?;
    if let Some(d) = rn.get("deriveContext") {
        match d.kind {
            NodeKind::Bool(b) => *derive = b,
            _ => r.err(
                crate::diag::Code::WrongValueType,
                "`deriveContext` must be true or false".into(),
                "",
                d.span,
            ),
        }
    }
    let (principal, action) = (principal?, action?);
    let mut req = Request::new(principal, &action, &resource);
    if let Some(acct) = rn.get("resourceAccount") {
        match acct.as_str() {
            Some(a) => req.resource_account = Some(a.to_string()),
            None => r.err(
                crate::diag::Code::WrongValueType,
                "`resourceAccount` must be a string".into(),
                "a 12-digit account id",
                acct.span,
            ),
        }
    }
    if let Some(m) = rn.get("managementAccount") {
        match m.kind {
            NodeKind::Bool(b) => req.management_account = b,
            // A string "true" was silently false, which made SCPs apply (ExplicitDeny instead of Allow).
            _ => r.err(
                crate::diag::Code::WrongValueType,
                format!(
                    "`managementAccount` must be true or false, found {}",
                    m.type_name()
                ),
                "write `\"managementAccount\": true` without quotes",
                m.span,
            ),
        }
    }
    if let Some(c) = rn.get("context") {
        req.context = r.context(c);
    }
    if *derive {
        derive_context(&mut req);
    }
    Some(req)
}
