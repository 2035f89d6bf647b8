//! The reader: splits pasted text into JSON documents (decoded authorization messages, CloudTrail records) and
//! plain text (CLI / SDK messages), and turns each recognised denial into a [`Call`] through one [`Draft`]:
//! action, resource and principal resolved the same way whatever the form. Problems are diagnostics with a place.

use crate::blame::Blame;
use crate::ops::{self, Mapping, MappingHow};
use crate::resource::{self, Built, Ctx};
use crate::{shorten, Call, Field, Form, Reading};
use iam_engine::diag::LineIndex;
use iam_engine::Code;
use iam_engine::{Diagnostic, Span};
use serde_json::{Map, Value};

/// The longest input read, in bytes (about 13,000 CloudTrail records; a bigger input is cut, and said so).
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;

/// The codes of the problems the reader reports (a documented table, not free strings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemCode {
    /// Nothing in the text is an AWS error, a decoded authorization message or a CloudTrail record.
    NothingRecognised,
    /// An encoded authorization failure message alone: it cannot be decoded offline.
    EncodedOnly,
    /// An error was recognised but names neither the action nor the operation.
    NoAction,
    /// The operation exists in several services and the message does not say which.
    AmbiguousOperation,
    /// The operation or action is not in the service authorization reference.
    UnknownAction,
    /// A JSON document that is neither a CloudTrail record nor a decoded authorization message.
    UnrecognisedJson,
    /// A CloudTrail record of a call that was not denied (no `AccessDenied` / `UnauthorizedOperation` code).
    NotDenied,
    /// Text between recognised messages that is not part of any.
    PassedOver,
    /// The input is longer than [`MAX_INPUT_BYTES`].
    TooLong,
}

impl ProblemCode {
    /// The diagnostic code it is written as.
    pub fn code(self) -> Code {
        match self {
            ProblemCode::NothingRecognised => Code::NothingRecognised,
            ProblemCode::EncodedOnly => Code::EncodedMessageOnly,
            ProblemCode::NoAction => Code::NoAction,
            ProblemCode::AmbiguousOperation => Code::AmbiguousOperation,
            ProblemCode::UnknownAction => Code::UnknownAction,
            ProblemCode::UnrecognisedJson => Code::UnrecognisedJson,
            ProblemCode::NotDenied => Code::NotDenied,
            ProblemCode::PassedOver => Code::PassedOver,
            ProblemCode::TooLong => Code::InputTooLong,
        }
    }
}

/// Collects calls and problems over one input, locating each place once.
pub(crate) struct Reader<'t> {
    pub text: &'t str,
    index: LineIndex<'t>,
    pub reading: Reading,
    /// What was recognised, for the message when nothing became a call.
    pub seen: Vec<String>,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str) -> Self {
        Reader {
            text,
            index: LineIndex::new(text),
            reading: Reading::default(),
            seen: Vec::new(),
        }
    }

    pub fn problem(
        &mut self,
        error: bool,
        code: ProblemCode,
        message: String,
        help: &str,
        span: Span,
    ) {
        let d = if error {
            Diagnostic::error(code.code(), message, help, Some(span))
        } else {
            Diagnostic::warning(code.code(), message, help, Some(span))
        };
        self.reading
            .problems
            .push(d.locate_in(crate::source(), &self.index));
    }

    /// Resolves a draft into a call, or reports why it cannot be one.
    pub fn finish(&mut self, d: Draft) {
        match d.resolve() {
            Ok(mut call) => {
                call.location = Some(self.index.location(d.span));
                self.reading.calls.push(call);
            }
            Err((code, message, help)) => self.problem(true, code, message, help, d.span),
        }
    }
}

/// Reads pasted text: every AWS error message, encoded authorization failure message, decoded authorization
/// message and CloudTrail record in it, in order. Never fails: what could not be used is a problem with a place.
pub fn read_errors(text: &str) -> Reading {
    let (text, cut) = match text.get(..MAX_INPUT_BYTES) {
        Some(head) if text.len() > MAX_INPUT_BYTES => {
            let mut end = MAX_INPUT_BYTES;
            while !text.is_char_boundary(end) && end > 0 {
                end -= 1;
            }
            (text.get(..end).unwrap_or(head), true)
        }
        _ => (text, false),
    };
    let mut r = Reader::new(text);
    if cut {
        r.problem(
            false,
            ProblemCode::TooLong,
            format!("the input is longer than {MAX_INPUT_BYTES} bytes; only the first {MAX_INPUT_BYTES} were read"),
            "paste fewer records at a time",
            Span::new(text.len(), text.len()),
        );
    }
    let mut pos = 0;
    let mut plain_start = 0;
    while pos < text.len() {
        let line_end = text
            .get(pos..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |i| pos + i + 1);
        let line = text.get(pos..line_end).unwrap_or_default();
        let trimmed = line.trim_start();
        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            let start = pos + (line.len() - trimmed.len());
            if let Some((value, len)) = json_at(text.get(start..).unwrap_or_default()) {
                crate::text::read(&mut r, plain_start, pos);
                crate::decoded::dispatch(&mut r, value, Span::new(start, start + len));
                pos = start + len;
                plain_start = pos;
                continue;
            }
        }
        pos = line_end;
    }
    crate::text::read(&mut r, plain_start, text.len());
    if r.reading.calls.is_empty() && !r.reading.has_errors() {
        let seen = if r.seen.is_empty() {
            "nothing".to_string()
        } else {
            r.seen.join(", ")
        };
        r.problem(
            true,
            ProblemCode::NothingRecognised,
            format!(
                "no denied AWS call found (recognised: {seen}); looked for an AWS CLI or SDK AccessDenied / \
                 UnauthorizedOperation message (`User: … is not authorized to perform: …`, `An error occurred (…) \
                 when calling the … operation`), the JSON of `aws sts decode-authorization-message`, and CloudTrail \
                 records with an AccessDenied or UnauthorizedOperation errorCode"
            ),
            "paste the whole error message as the CLI or SDK printed it, or the CloudTrail record of the call",
            Span::new(0, text.len()),
        );
    }
    r.reading
}

/// The JSON value that starts `text`, and its length in bytes.
fn json_at(text: &str) -> Option<(Value, usize)> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let value = stream.next()?.ok()?;
    Some((value, stream.byte_offset()))
}

/// Where a resource comes from, before the action is known.
#[derive(Debug, Clone, Default)]
pub(crate) enum ResourceSource {
    #[default]
    None,
    /// The message's text after `on resource:`.
    Text(String),
    /// A decoded message's resource (an ARN or `*`).
    Arn(String),
    /// A CloudTrail record's `requestParameters` and `resources`.
    Record {
        params: Value,
        resources: Value,
        /// The ARN the record's errorMessage names, which is the request's resource when it is one of the action's
        /// resource types.
        primary: Option<String>,
    },
}

/// Everything read from one input before the action, resource and principal are resolved.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub form: Form,
    pub span: Span,
    pub excerpt: String,
    pub error_code: Option<String>,
    pub operation: Option<String>,
    /// The service prefix an SDK name or CloudTrail's `eventSource` gives, with where it came from.
    pub service: Option<(&'static str, String)>,
    /// The action as the input names it.
    pub action: Option<String>,
    pub principal: Option<(Value, String)>,
    /// A principal the input names that could not be used, and why.
    pub principal_missing: Option<String>,
    pub resource: ResourceSource,
    pub ctx: Ctx,
    pub context: Map<String, Value>,
    pub real_api: Map<String, Value>,
    pub recovered: Vec<Field>,
    pub missing: Vec<Field>,
    pub blamed: Option<Blame>,
    pub encoded: Option<String>,
    pub notes: Vec<String>,
}

impl Draft {
    pub fn new(form: Form, span: Span, excerpt: &str) -> Self {
        Draft {
            form,
            span,
            excerpt: shorten(excerpt, 400),
            error_code: None,
            operation: None,
            service: None,
            action: None,
            principal: None,
            principal_missing: None,
            resource: ResourceSource::None,
            ctx: Ctx::default(),
            context: Map::new(),
            real_api: Map::new(),
            recovered: Vec::new(),
            missing: Vec::new(),
            blamed: None,
            encoded: None,
            notes: Vec::new(),
        }
    }

    pub fn got(&mut self, field: &str, how: impl Into<String>) {
        self.recovered.push(Field {
            field: field.to_string(),
            how: how.into(),
        });
    }

    pub fn lack(&mut self, field: &str, why: impl Into<String>) {
        self.missing.push(Field {
            field: field.to_string(),
            how: why.into(),
        });
    }

    /// Sets a context key (and says where it came from).
    pub fn key(&mut self, key: &str, value: Value, how: impl Into<String>) {
        self.context.insert(key.to_string(), value);
        self.got(&format!("context.{key}"), how);
    }

    /// The action the draft names or implies, with the mapping used.
    fn action(
        &self,
    ) -> Result<(iam_reference::Action, Mapping), (ProblemCode, String, &'static str)> {
        if let Some(named) = &self.action {
            let Some(a) = iam_reference::action(named) else {
                let near = iam_realapi::suggest::nearest_actions(named);
                return Err((
                    ProblemCode::UnknownAction,
                    format!(
                        "the message names the action `{named}`, which the service authorization reference does not \
                         have{}",
                        if near.is_empty() { String::new() } else { format!(" (nearest: {})", near.join(", ")) }
                    ),
                    "check the action's spelling; the reference may be older than the service",
                ));
            };
            let full = a.full_name();
            let mut note = format!("the message names the action `{named}`");
            if named != &full {
                note.push_str(&format!(" (the reference spells it `{full}`)"));
            }
            if let Some(op) = &self.operation {
                let op = ops::strip_version(op);
                if !op.eq_ignore_ascii_case(a.name()) {
                    note.push_str(&format!("; the `{op}` operation needs it"));
                }
            }
            return Ok((
                a,
                Mapping {
                    how: MappingHow::Named,
                    action: Some(full),
                    note,
                },
            ));
        }
        let Some(op) = &self.operation else {
            return Err((
                ProblemCode::NoAction,
                format!(
                    "recognised {} but it names neither the action nor the operation, so no request can be built",
                    self.error_code.as_deref().map_or("an access-denied error".to_string(), |c| format!("a `{c}` error"))
                ),
                "paste the whole message (with `when calling the … operation`), or the CloudTrail record of the call",
            ));
        };
        if let Some((prefix, whence)) = &self.service {
            return match ops::action_in(prefix, op) {
                Some((name, mut m)) => {
                    let a = iam_reference::action(&name).ok_or((
                        ProblemCode::UnknownAction,
                        format!("`{name}` is not in the reference"),
                        "",
                    ))?;
                    m.note.push_str(&format!(" (the service from {whence})"));
                    Ok((a, m))
                }
                None => Err((
                    ProblemCode::UnknownAction,
                    format!(
                        "the `{op}` operation of `{prefix}` (from {whence}) has no action of that name in the service \
                         authorization reference, and no rule names its action"
                    ),
                    "write the request by hand with the action the service's documentation names",
                )),
            };
        }
        let renamed: Vec<&ops::Renamed> = ops::RENAMED
            .iter()
            .filter(|r| r.operation.eq_ignore_ascii_case(ops::strip_version(op)))
            .collect();
        if let [only] = renamed.as_slice() {
            if let Some((name, mut m)) = ops::action_in(only.service, op) {
                if let Some(a) = iam_reference::action(&name) {
                    m.note.push_str(
                        " (only that service has an operation of that name among the renamed ones)",
                    );
                    return Ok((a, m));
                }
            }
        }
        let candidates = ops::services_with(op);
        let ec2 = self
            .error_code
            .as_deref()
            .is_some_and(|c| c.ends_with("UnauthorizedOperation"));
        let pick = match candidates.as_slice() {
            [one] => Some((one.clone(), MappingHow::OnlyService, format!(
                "the message names the `{op}` operation without its service; only `{one}` has that name in the \
                 service authorization reference"
            ))),
            many if ec2 => many.iter().find(|c| c.starts_with("ec2:")).map(|c| {
                (c.clone(), MappingHow::OnlyService, format!(
                    "the `{op}` operation without its service: `UnauthorizedOperation` is Amazon EC2's error code \
                     (Amazon EC2 API Reference, Error codes: \"You are not authorized to perform this operation\"), \
                     so `{c}`"
                ))
            }),
            _ => None,
        };
        match pick {
            Some((name, how, note)) => {
                let a = iam_reference::action(&name).ok_or((
                    ProblemCode::UnknownAction,
                    format!("`{name}` is not in the reference"),
                    "",
                ))?;
                Ok((a, Mapping { how, action: Some(a.full_name()), note }))
            }
            None if candidates.is_empty() => Err((
                ProblemCode::UnknownAction,
                format!("no service of the service authorization reference has an action named `{op}`"),
                "paste the whole message, or write the request by hand with the action the service names",
            )),
            None => Err((
                ProblemCode::AmbiguousOperation,
                format!(
                    "the `{op}` operation is named without its service, and {} services have an action of that name: {}",
                    candidates.len(),
                    candidates.iter().take(8).map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                ),
                "paste the whole message (the SDK's service name, the message's `is not authorized to perform: …`), \
                 or the CloudTrail record",
            )),
        }
    }

    /// The call: action resolved, resource rebuilt, every field said.
    pub fn resolve(&self) -> Result<Call, (ProblemCode, String, &'static str)> {
        let (action, mapping) = self.action()?;
        let mut d = self.clone();
        let full = action.full_name();
        d.got("action", mapping.note.clone());
        let mut request = Map::new();
        match d.principal.clone() {
            Some((p, how)) => {
                request.insert("principal".into(), p);
                d.got("principal", how);
            }
            None => {
                let why = d.principal_missing.clone().unwrap_or_else(|| {
                    "the input does not name the caller; the request has no principal (AWS's error messages for \
                     EC2's UnauthorizedOperation and S3's plain Access Denied do not say who called)"
                        .to_string()
                });
                d.lack("principal", why);
            }
        }
        request.insert("action".into(), Value::String(full.clone()));
        let mut others = Map::new();
        match d.resource.clone() {
            ResourceSource::Arn(arn) => {
                request.insert("resource".into(), Value::String(arn.clone()));
                d.got("resource", "the decoded message's `context.resource`");
            }
            ResourceSource::Text(t) => {
                let t = t.trim().trim_matches(['"', '\'', '`']).trim().to_string();
                if t.starts_with("arn:") || t == "*" {
                    request.insert("resource".into(), Value::String(t.clone()));
                    d.got("resource", format!("the message names `{t}`"));
                } else {
                    match resource::from_phrase(action, &t, &d.ctx) {
                        Some(b) => {
                            request.insert("resource".into(), Value::String(b.arn.clone()));
                            d.got("resource", built_note(&format!("the message names `{t}`"), &b));
                        }
                        None => d.lack(
                            "resource",
                            format!(
                                "the message names `{t}`, which is none of `{full}`'s resource types ({}); the \
                                 real-API answer fills the template with `*`",
                                type_names(action)
                            ),
                        ),
                    }
                }
            }
            ResourceSource::Record {
                params,
                resources,
                primary,
            } => {
                let mut found = resource::from_record(action, &params, &resources, &d.ctx);
                if let Some(p) = primary {
                    let rt = action
                        .resource_types()
                        .map(|r| r.resource_type())
                        .find(|rt| rt.match_arn(&p).is_some());
                    if let Some(rt) = rt {
                        found.retain(|(b, _)| b.resource_type != rt);
                        found.insert(
                            0,
                            (
                                Built {
                                    resource_type: rt,
                                    arn: p.clone(),
                                    template: "",
                                    unfilled: Vec::new(),
                                    names: 1,
                                },
                                "the ARN the record's errorMessage names".to_string(),
                            ),
                        );
                    }
                }
                for (i, (b, how)) in found.into_iter().enumerate() {
                    let note = built_note(&how, &b);
                    if i == 0 {
                        request.insert("resource".into(), Value::String(b.arn.clone()));
                        d.got("resource", note);
                    } else {
                        others.insert(
                            b.resource_type.name().to_string(),
                            Value::String(b.arn.clone()),
                        );
                        d.got(
                            &format!("realApi.resources.{}", b.resource_type.name()),
                            note,
                        );
                    }
                }
                if !request.contains_key("resource") && action.has_resource_types() {
                    d.lack(
                        "resource",
                        format!(
                            "the record's requestParameters name none of `{full}`'s resource types ({}); the \
                             real-API answer fills the template with `*`",
                            type_names(action)
                        ),
                    );
                }
            }
            ResourceSource::None => {
                if action.has_resource_types() {
                    d.lack(
                        "resource",
                        format!(
                            "the message names no resource; `{full}` authorizes {} and the real-API answer fills \
                             its template with `*`",
                            type_names(action)
                        ),
                    );
                }
            }
        }
        if !request.contains_key("resource") && !action.has_resource_types() {
            request.insert("resource".into(), Value::String("*".into()));
            d.got(
                "resource",
                format!(
                    "`*`: `{full}` supports no resource-level permissions (the service authorization reference lists \
                     no resource type for it), so AWS authorizes it against `*`"
                ),
            );
        }
        if let Some(acct) = resource_account(&request) {
            request.insert("resourceAccount".into(), Value::String(acct));
        }
        if !d.context.is_empty() {
            request.insert("context".into(), Value::Object(d.context.clone()));
        }
        if !others.is_empty() {
            d.real_api.insert("resources".into(), Value::Object(others));
        }
        if !d.real_api.is_empty() {
            request.insert("realApi".into(), Value::Object(d.real_api.clone()));
        }
        if let Some(e) = &d.encoded {
            d.notes.push(format!(
                "the message carries an encoded authorization failure message ({} characters); AWS encrypts it, so \
                 it cannot be decoded offline: run `aws sts decode-authorization-message --encoded-message …` with \
                 permission for sts:DecodeAuthorizationMessage and paste the JSON it prints to recover the condition \
                 keys",
                e.len()
            ));
        }
        Ok(Call {
            form: d.form,
            location: None,
            excerpt: d.excerpt,
            error_code: d.error_code,
            operation: d.operation,
            mapping,
            request: Value::Object(request),
            recovered: d.recovered,
            missing: d.missing,
            blamed: d.blamed,
            encoded_message: d.encoded,
            notes: d.notes,
        })
    }
}

/// The account of an ARN resource, when it has one.
fn resource_account(request: &Map<String, Value>) -> Option<String> {
    let arn = request.get("resource")?.as_str()?;
    resource::arn_fields(arn).account.filter(|a| a != "*")
}

fn type_names(action: iam_reference::Action) -> String {
    let names: Vec<String> = action
        .resource_types()
        .map(|r| format!("`{}`", r.resource_type().name()))
        .collect();
    if names.is_empty() {
        "no resource type".to_string()
    } else {
        names.join(", ")
    }
}

fn built_note(whence: &str, b: &Built) -> String {
    if b.template.is_empty() {
        return format!("{whence}: `{}`", b.arn);
    }
    let mut s = format!(
        "{whence}; built `{}` from the template `{}`",
        b.arn, b.template
    );
    if !b.unfilled.is_empty() {
        s.push_str(&format!(
            " (`*` for {}, which the input does not give)",
            b.unfilled
                .iter()
                .map(|u| format!("`{u}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    s
}
