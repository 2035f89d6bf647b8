//! The scenario document, typed: what a scenario file holds, as the app, the widget, the CLI and the JS package write
//! it and read it back. [`crate::parse_scenario`] checks a scenario and makes it ready to evaluate; this is the same
//! format as data, so that code builds a scenario from fields instead of writing JSON by hand, and reads one without
//! walking a JSON tree.
//!
//! Policy documents stay text: a document written as a JSON string is the editor's text (the engine's diagnostics
//! point at its lines), and one written as an object keeps its text as the file has it, with its place in the file.

use crate::diag::{Diagnostic, Span};
use crate::json::{self, Node, NodeKind};
use crate::policy::PolicyKind;
use crate::request::PrincipalType;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A whole scenario: the policies, and one request or several.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioDoc {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Every policy, of every kind, in the order written (within a kind; the file groups them by kind).
    #[serde(serialize_with = "policies_object")]
    pub policies: Vec<PolicyDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<RequestDoc>,
    /// Several requests answered against the same policies (read once). A scenario has `request` or `requests`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requests: Option<Vec<RequestDoc>>,
    /// Options of the real-API answer, as written (`iam-realapi` reads them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub real_api: Option<Map<String, Value>>,
}

/// One policy of the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyDoc {
    pub kind: PolicyKind,
    /// For SCPs and RCPs, the organization level it is attached at (`Root`, an OU, `Account`); empty otherwise.
    pub level: String,
    pub name: String,
    pub document: Document,
}

/// A policy's document.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    /// The document as text, written in the scenario as a JSON string (as the app's editors hold it).
    Text(String),
    /// A document written in the scenario as JSON: its text as the file has it, and where (when read from a file).
    Json { text: String, span: Option<Span> },
    /// An AWS managed policy named by ARN, resolved before evaluation (`iam-managed`).
    Managed(String),
}

impl Document {
    /// The document as an editor shows it: text as written, a document written as JSON pretty-printed with its
    /// members in the order written; `None` for a managed policy (its document is not in the scenario).
    pub fn editor_text(&self) -> Option<String> {
        match self {
            Document::Text(text) => Some(text.clone()),
            Document::Json { text, .. } => Some(
                json::parse(text)
                    .map(|node| node.to_pretty_string())
                    .unwrap_or_else(|_| text.clone()),
            ),
            Document::Managed(_) => None,
        }
    }
}

impl PolicyDoc {
    /// A policy whose document is `text` (an editor's).
    pub fn text(kind: PolicyKind, level: &str, name: &str, text: &str) -> Self {
        PolicyDoc {
            kind,
            level: level.to_owned(),
            name: name.to_owned(),
            document: Document::Text(text.to_owned()),
        }
    }

    /// The id the engine gives this policy (`identity/Name`, `scps/Root/Name`), as diagnostics name it.
    pub fn engine_id(&self) -> crate::policy::PolicyId {
        self.kind.policy_id(&self.level, &self.name)
    }
}

/// A request: who asks, for what, on which resource, with which context.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestDoc {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<PrincipalDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_account: Option<String>,
    /// Context keys and their values (a string, or a list for a multivalued key), by key.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, Value>,
    /// This request's own real-API options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub real_api: Option<Map<String, Value>>,
    /// Members this type does not model (`deriveContext`, `managementAccount`, …), kept as written.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// The principal of a request.
#[derive(Debug, Clone, PartialEq)]
pub enum PrincipalDoc {
    /// `"anonymous"`: an unauthenticated caller.
    Anonymous,
    /// An ARN alone.
    Arn(String),
    /// `{"service": "ec2.amazonaws.com"}`.
    Service(String),
    /// `{"arn": …, "type": …, "tags": {…}}` and the ids a request carries (`userId`, `roleArn`, … in `other`).
    Detailed {
        arn: String,
        kind: Option<PrincipalType>,
        tags: BTreeMap<String, Value>,
        other: Map<String, Value>,
    },
}

impl Serialize for PrincipalDoc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PrincipalDoc::Anonymous => s.serialize_str("anonymous"),
            PrincipalDoc::Arn(arn) => s.serialize_str(arn),
            PrincipalDoc::Service(service) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("service", service)?;
                m.end()
            }
            PrincipalDoc::Detailed {
                arn,
                kind,
                tags,
                other,
            } => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("arn", arn)?;
                if let Some(kind) = kind {
                    m.serialize_entry("type", kind.key())?;
                }
                if !tags.is_empty() {
                    m.serialize_entry("tags", tags)?;
                }
                for (k, v) in other {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
    }
}

/// One policy as the file writes it: `{"name": …, "document": …}`, or a managed policy's ARN.
struct Entry<'a>(&'a PolicyDoc);

impl Serialize for Entry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let text = match &p.document {
            // By ARN as a plain string; a policy named some other way (by name) as `{"managed": …}`.
            Document::Managed(arn) if arn.starts_with("arn:") => return s.serialize_str(arn),
            Document::Managed(name) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("managed", name)?;
                return m.end();
            }
            Document::Text(text) | Document::Json { text, .. } => text,
        };
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("name", &p.name)?;
        match &p.document {
            Document::Json { .. } => match serde_json::value::RawValue::from_string(text.clone()) {
                Ok(raw) => m.serialize_entry("document", &raw)?,
                // Text that is not JSON after all is written as text: the engine then reports it.
                Err(_) => m.serialize_entry("document", text)?,
            },
            _ => m.serialize_entry("document", text)?,
        }
        m.end()
    }
}

/// A list of policies.
struct Entries<'a>(Vec<&'a PolicyDoc>);

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for p in &self.0 {
            seq.serialize_element(&Entry(p))?;
        }
        seq.end()
    }
}

/// One organization level: `{"name": "Root", "policies": […]}`.
struct LevelEntry<'a>(&'a str, Vec<&'a PolicyDoc>);

impl Serialize for LevelEntry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("name", self.0)?;
        m.serialize_entry("policies", &Entries(self.1.clone()))?;
        m.end()
    }
}

/// A list of policies written as a scenario's `policies` object (for code that passes the policies alone).
pub struct Policies<'a>(pub &'a [PolicyDoc]);

impl Serialize for Policies<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        policies_object(self.0, s)
    }
}

/// The scenario's `policies` object: a list per kind (the first policy alone for a kind the engine takes once, a
/// list of levels for SCPs and RCPs), `identity` always there.
fn policies_object<S: Serializer>(policies: &[PolicyDoc], s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(None)?;
    for kind in PolicyKind::ALL {
        let of_kind: Vec<&PolicyDoc> = policies.iter().filter(|p| p.kind == kind).collect();
        let key = kind.id_prefix();
        if of_kind.is_empty() {
            if kind == PolicyKind::Identity {
                m.serialize_entry(key, &Entries(Vec::new()))?;
            }
            continue;
        }
        if kind.single() {
            if let Some(first) = of_kind.first() {
                m.serialize_entry(key, &Entry(first))?;
            }
        } else if kind.has_levels() {
            let mut levels: Vec<LevelEntry> = Vec::new();
            for p in of_kind {
                match levels.iter_mut().find(|l| l.0 == p.level) {
                    Some(level) => level.1.push(p),
                    None => levels.push(LevelEntry(&p.level, vec![p])),
                }
            }
            m.serialize_entry(key, &levels)?;
        } else {
            m.serialize_entry(key, &Entries(of_kind))?;
        }
    }
    m.end()
}

impl ScenarioDoc {
    /// The scenario as JSON text (what the engine and the worker read).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The scenario as indented JSON text (what an export writes).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads the scenario in `text`, taking what is there and skipping what is not of the expected type: checking
    /// is [`crate::parse_scenario`]'s work, which reports each problem at its place. Fails only when the text is
    /// not JSON.
    pub fn read(text: &str) -> Result<ScenarioDoc, Box<Diagnostic>> {
        let root = json::parse(text)?;
        Ok(Self::from_node(&root, text))
    }

    /// Reads a scenario from its JSON tree (`text` is the text the tree was read from).
    pub fn from_node(root: &Node, text: &str) -> ScenarioDoc {
        let string = |field: &str| root.get(field).and_then(Node::as_str).map(str::to_owned);
        let mut policies = Vec::new();
        for member in root
            .get("policies")
            .and_then(Node::as_object)
            .into_iter()
            .flatten()
        {
            let Some(kind) = PolicyKind::from_id_prefix(&member.name) else {
                continue;
            };
            if kind.has_levels() {
                for (i, level) in items(&member.value).enumerate() {
                    let name = level
                        .get("name")
                        .and_then(Node::as_str)
                        .map_or_else(|| format!("Level{}", i + 1), str::to_owned);
                    if let Some(list) = level.get("policies") {
                        read_policies(&mut policies, kind, &name, list, text);
                    }
                }
            } else {
                read_policies(&mut policies, kind, "", &member.value, text);
            }
        }
        ScenarioDoc {
            name: string("name"),
            description: string("description"),
            policies,
            request: root.get("request").map(read_request),
            requests: root
                .get("requests")
                .map(|list| items(list).map(read_request).collect()),
            real_api: root.get("realApi").and_then(object_value),
        }
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

/// An object node as a JSON object value.
fn object_value(node: &Node) -> Option<Map<String, Value>> {
    match node.to_value() {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// A policy list (an array, or one policy alone as the engine also reads it).
fn read_policies(out: &mut Vec<PolicyDoc>, kind: PolicyKind, level: &str, node: &Node, text: &str) {
    let list: Vec<&Node> = match &node.kind {
        NodeKind::Array(items) => items.iter().collect(),
        _ => vec![node],
    };
    for (i, item) in list.into_iter().enumerate() {
        let managed = match &item.kind {
            NodeKind::String(arn) => Some(arn.to_string()),
            _ => item
                .get("managed")
                .and_then(Node::as_str)
                .map(str::to_owned),
        };
        let name = item
            .get("name")
            .and_then(Node::as_str)
            .map(str::to_owned)
            .or_else(|| {
                managed
                    .as_deref()
                    .and_then(|arn| arn.rsplit('/').next())
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| format!("Policy{}", i + 1));
        let document = match (managed, item.get("document")) {
            (Some(arn), _) => Document::Managed(arn),
            (
                None,
                Some(Node {
                    kind: NodeKind::String(s),
                    ..
                }),
            ) => Document::Text(s.to_string()),
            (None, Some(doc)) => Document::Json {
                text: text
                    .get(doc.span.start..doc.span.end)
                    .unwrap_or_default()
                    .to_owned(),
                span: Some(doc.span),
            },
            (None, None) => Document::Text(String::new()),
        };
        out.push(PolicyDoc {
            kind,
            level: level.to_owned(),
            name,
            document,
        });
    }
}

fn read_principal(node: &Node) -> Option<PrincipalDoc> {
    match &node.kind {
        NodeKind::String(s) if s == "anonymous" || s == "*" => Some(PrincipalDoc::Anonymous),
        NodeKind::String(s) => Some(PrincipalDoc::Arn(s.to_string())),
        NodeKind::Object(_) => {
            if let Some(service) = node.get("service").and_then(Node::as_str) {
                return Some(PrincipalDoc::Service(service.to_owned()));
            }
            let mut other = object_value(node).unwrap_or_default();
            let arn = match other.remove("arn") {
                Some(Value::String(arn)) => arn,
                Some(v) => {
                    other.insert("arn".to_owned(), v);
                    String::new()
                }
                None => String::new(),
            };
            // A type or tags that cannot be read stay as written, for the engine to report.
            let kind = match other.remove("type") {
                Some(v) => match v.as_str().and_then(PrincipalType::from_key) {
                    Some(kind) => Some(kind),
                    None => {
                        other.insert("type".to_owned(), v);
                        None
                    }
                },
                None => None,
            };
            let tags = match other.remove("tags") {
                Some(Value::Object(tags)) => tags.into_iter().collect(),
                Some(v) => {
                    other.insert("tags".to_owned(), v);
                    BTreeMap::new()
                }
                None => BTreeMap::new(),
            };
            Some(PrincipalDoc::Detailed {
                arn,
                kind,
                tags,
                other,
            })
        }
        _ => None,
    }
}

fn read_request(node: &Node) -> RequestDoc {
    let mut other = object_value(node).unwrap_or_default();
    let mut string = |field: &str| match other.remove(field) {
        Some(Value::String(s)) => Some(s),
        Some(v) => {
            // Not a string: kept as written, for the engine to report.
            other.insert(field.to_owned(), v);
            None
        }
        None => None,
    };
    let action = string("action");
    let resource = string("resource");
    let resource_account = string("resourceAccount");
    let principal = node.get("principal").and_then(read_principal);
    if principal.is_some() {
        other.remove("principal");
    }
    let context = match other.remove("context") {
        Some(Value::Object(c)) => c.into_iter().collect(),
        Some(v) => {
            other.insert("context".to_owned(), v);
            BTreeMap::new()
        }
        None => BTreeMap::new(),
    };
    let real_api = match other.remove("realApi") {
        Some(Value::Object(r)) => Some(r),
        Some(v) => {
            other.insert("realApi".to_owned(), v);
            None
        }
        None => None,
    };
    RequestDoc {
        principal,
        action,
        resource,
        resource_account,
        context,
        real_api,
        other,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
    use super::*;
    use crate::diag::Code;
    use crate::parse_scenario;

    const ALLOW_ALL: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;

    fn every_kind() -> ScenarioDoc {
        let p = |kind, level: &str, name: &str| PolicyDoc::text(kind, level, name, ALLOW_ALL);
        ScenarioDoc {
            policies: vec![
                p(PolicyKind::Identity, "", "A"),
                p(PolicyKind::Identity, "", "B"),
                p(PolicyKind::PermissionsBoundary, "", "Boundary"),
                p(PolicyKind::Session, "", "Session"),
                p(PolicyKind::Scp, "Root", "FullAWSAccess"),
                p(PolicyKind::Scp, "Account", "FullAWSAccess"),
            ],
            request: Some(RequestDoc {
                principal: Some(PrincipalDoc::Detailed {
                    arn: "arn:aws:iam::111122223333:role/Dev".into(),
                    kind: Some(PrincipalType::Role),
                    tags: BTreeMap::from([("team".into(), Value::String("blue".into()))]),
                    other: Map::new(),
                }),
                action: Some("s3:GetObject".into()),
                resource: Some("arn:aws:s3:::bucket/key".into()),
                context: BTreeMap::from([(
                    "aws:SourceIp".into(),
                    Value::String("192.0.2.1".into()),
                )]),
                ..RequestDoc::default()
            }),
            ..ScenarioDoc::default()
        }
    }

    /// The scenario format of the README ("Scenario format"): the engine reads what the typed document writes, with
    /// no problem, the policies under the ids the document names, and reading the text back gives the document.
    #[test]
    fn what_the_document_writes_the_engine_reads_and_it_reads_back() {
        let doc = every_kind();
        let text = doc.to_json();
        let scenario = parse_scenario(&text);
        assert!(
            scenario.diagnostics.is_empty(),
            "{:?}",
            scenario.diagnostics
        );
        let ids: Vec<&str> = scenario
            .policies
            .policies()
            .map(|(p, _)| p.id.as_str())
            .collect();
        for p in &doc.policies {
            assert!(
                ids.contains(&p.engine_id().as_str()),
                "{} not in {ids:?}",
                p.engine_id()
            );
        }
        let req = scenario.request.as_ref().map(|r| r.action().to_owned());
        assert_eq!(req.as_deref(), Some("s3:GetObject"));
        assert_eq!(ScenarioDoc::read(&text).ok(), Some(doc));
    }

    /// A document written as an object keeps its text as the file has it (member order too) and its place.
    #[test]
    fn an_object_document_keeps_its_text_and_place() {
        let text = r#"{"policies": {"identity": [{"name": "P", "document": {"Version": "2012-10-17", "Statement": []}}]},
            "request": {"action": "s3:GetObject"}}"#;
        let doc = ScenarioDoc::read(text).unwrap();
        let Some(Document::Json {
            text: written,
            span: Some(span),
        }) = doc.policies.first().map(|p| &p.document)
        else {
            panic!("expected an object document, got {:?}", doc.policies);
        };
        assert_eq!(written, r#"{"Version": "2012-10-17", "Statement": []}"#);
        assert_eq!(&text[span.start..span.end], written);
        assert!(doc
            .to_json()
            .contains(r#""document":{"Version": "2012-10-17", "Statement": []}"#));
    }

    /// Values of the wrong type are not dropped: written back, the engine still reports them at their place.
    #[test]
    fn values_of_the_wrong_type_are_kept_for_the_engine_to_report() {
        let codes = |request: &str| -> Vec<Code> {
            let text = format!(r#"{{"policies": {{"identity": []}}, "request": {request}}}"#);
            let doc = ScenarioDoc::read(&text).unwrap();
            parse_scenario(&doc.to_json())
                .diagnostics
                .iter()
                .map(|d| d.code)
                .collect()
        };
        assert_eq!(
            codes(r#"{"principal": 7, "action": "s3:GetObject"}"#),
            [Code::WrongValueType]
        );
        assert_eq!(
            codes(
                r#"{"principal": "anonymous", "action": "s3:GetObject", "resourceAccount": 5, "managementAccount": "true"}"#
            ),
            [Code::WrongValueType, Code::WrongValueType],
            "resourceAccount and managementAccount"
        );
        assert_eq!(
            codes(
                r#"{"principal": {"arn": "arn:aws:iam::111122223333:user/u", "type": "robot"}, "action": "s3:GetObject"}"#
            ),
            [Code::InvalidPrincipal]
        );
    }

    /// A managed policy named by its ARN stays an ARN (the CLI and the app resolve it before evaluation).
    #[test]
    fn a_managed_policy_stays_its_arn() {
        let text = r#"{"policies": {"identity": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}, "request": {}}"#;
        let doc = ScenarioDoc::read(text).unwrap();
        let p = doc.policies.first().unwrap();
        assert_eq!(p.name, "ReadOnlyAccess");
        assert_eq!(
            p.document,
            Document::Managed("arn:aws:iam::aws:policy/ReadOnlyAccess".into())
        );
        assert!(doc
            .to_json()
            .contains(r#""identity":["arn:aws:iam::aws:policy/ReadOnlyAccess"]"#));
    }
}
