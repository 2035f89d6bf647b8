//! AWS CLI / SDK error messages in plain text: botocore's `An error occurred (CODE) when calling the OP operation:
//! MESSAGE`, the Go SDK's `operation error SVC: OP, … api error CODE: MESSAGE`, the Java SDK's `MESSAGE (Service:
//! SVC; Status Code: 403; Error Code: CODE; …)`, EC2's XML `<Code>…</Code><Message>…</Message>`, and the message
//! alone (`User: ARN is not authorized to perform: ACTION on resource: RESOURCE because …`), wrapped over lines or
//! not. Paragraphs are split at blank lines, then at each line that starts another message.

use crate::read::{Draft, ProblemCode, Reader, ResourceSource};
use crate::resource;
use crate::Form;
use iam_engine::Span;
use serde_json::Value;

/// Phrases that start a message.
const STARTS: &[&str] = &[
    "An error occurred (",
    "A client error (",
    "operation error ",
    "<Response>",
    "<?xml",
];
/// The phrase of AWS's detailed denial message.
const NOT_AUTHORIZED: &str = "is not authorized to perform";
/// EC2's message without details.
const EC2_PLAIN: &str = "You are not authorized to perform this operation";
const ENCODED: &str = "Encoded authorization failure message:";
/// Error codes an access denial comes with, longest first.
const CODES: &[&str] = &[
    "Client.UnauthorizedOperation",
    "UnauthorizedOperation",
    "AccessDeniedException",
    "AccessDenied",
    "AuthorizationErrorException",
    "AuthorizationError",
    "UnauthorizedAccess",
];

fn contains_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.to_ascii_lowercase().find(&needle.to_ascii_lowercase())
}

/// Reads the plain text between `start` and `end` of the input.
pub(crate) fn read(r: &mut Reader<'_>, start: usize, end: usize) {
    let Some(chunk) = r.text.get(start..end) else {
        return;
    };
    // Lines with their offsets; a blank line ends a paragraph.
    let mut groups: Vec<(usize, usize)> = Vec::new(); // (start, end) of each message
    let mut passed: Vec<(usize, usize)> = Vec::new();
    let mut current: Option<(usize, usize, bool, bool)> = None; // start, end, has detailed core, has plain core
    let mut offset = start;
    for line in chunk.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let body = line.trim();
        if body.is_empty() {
            if let Some((s, e, _, _)) = current.take() {
                groups.push((s, e));
            }
            continue;
        }
        let starts = STARTS.iter().any(|s| line.contains(s));
        let detailed = line.contains(NOT_AUTHORIZED);
        let plain = line.contains(EC2_PLAIN);
        let core =
            detailed || plain || CODES.iter().any(|c| line.contains(c)) || line.contains(ENCODED);
        let new = match current {
            None => starts || core,
            Some((_, _, had_detailed, had_plain)) => {
                starts && (had_detailed || had_plain)
                    || (detailed && had_detailed)
                    || (plain && had_plain && !detailed)
            }
        };
        if new {
            if let Some((s, e, _, _)) = current.take() {
                groups.push((s, e));
            }
            current = Some((here, offset, detailed, plain));
        } else if let Some((s, _, d, p)) = current {
            current = Some((s, offset, d || detailed, p || plain));
        } else {
            passed.push((here, offset));
        }
    }
    if let Some((s, e, _, _)) = current.take() {
        groups.push((s, e));
    }
    for (s, e) in groups {
        let text = r.text.get(s..e).unwrap_or_default().to_string();
        message(r, &text, Span::new(s, e));
    }
    if let (Some(first), Some(last)) = (passed.first(), passed.last()) {
        let lines = passed.len();
        let span = Span::new(first.0, last.1);
        let sample = crate::shorten(r.text.get(first.0..first.1).unwrap_or_default(), 60);
        r.problem(
            false,
            ProblemCode::PassedOver,
            format!("passed over {lines} line(s) that are no AWS error message (the first: `{sample}`)"),
            "only AWS error messages, decoded authorization messages and CloudTrail records are read",
            span,
        );
    }
}

/// The text after `marker` up to the first of `stops` (or the end).
fn after<'a>(text: &'a str, marker: &str, stops: &[&str]) -> Option<&'a str> {
    let at = text.find(marker)? + marker.len();
    let rest = text.get(at..)?;
    let end = stops
        .iter()
        .filter_map(|s| rest.find(s))
        .min()
        .unwrap_or(rest.len());
    rest.get(..end)
}

/// One message, joined into one line.
pub(crate) fn message(r: &mut Reader<'_>, raw: &str, span: Span) {
    let text: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    // `perform: \ncodecommit:…` joins as `perform: codecommit:…`.
    let mut d = Draft::new(Form::Message, span, &text);

    // The error code.
    if let Some(code) = after(&text, "An error occurred (", &[")"])
        .or_else(|| after(&text, "A client error (", &[")"]))
    {
        d.error_code = Some(code.to_string());
    } else if let Some(code) = after(&text, "<Code>", &["</Code>"]) {
        d.error_code = Some(code.to_string());
    } else if let Some(code) = after(&text, "Error Code: ", &[";", ")"]) {
        d.error_code = Some(code.trim().to_string());
    } else if let Some(code) = after(&text, "api error ", &[":"]) {
        d.error_code = Some(code.trim().to_string());
    } else if let Some(c) = CODES.iter().find(|c| text.contains(*c)) {
        d.error_code = Some((*c).to_string());
    }
    if let Some(c) = &d.error_code {
        d.got("errorCode", format!("the message's error code `{c}`"));
    }

    // The operation and the service.
    if let Some(op) = after(&text, "when calling the ", &[" operation"]) {
        d.operation = Some(op.trim().to_string());
    } else if let Some(go) = after(&text, "operation error ", &[","]) {
        // Go SDK v2: `operation error EC2: RunInstances`.
        if let Some((svc, op)) = go.split_once(':') {
            d.operation = Some(op.trim().to_string());
            if let Some(p) = crate::ops::service_prefix(svc) {
                d.service = Some((p, format!("the Go SDK's service name `{}`", svc.trim())));
            }
        }
    }
    if d.operation.is_none() {
        // CloudFormation's status reason: `API: ec2:RunInstances You are not authorized…`.
        if let Some(a) = after(&text, "API: ", &[" "])
            .filter(|a| a.contains(':') && iam_reference::action(a).is_some())
        {
            d.action = Some(a.to_string());
        }
    }
    if d.service.is_none() {
        if let Some(svc) = after(&text, "(Service: ", &[";", ",", ")"]) {
            if let Some(p) = crate::ops::service_prefix(svc) {
                d.service = Some((p, format!("the SDK's service name `{}`", svc.trim())));
            }
        }
    }

    // The detailed message: principal, action, resource, blame.
    let mut recognised = d.error_code.is_some() || d.operation.is_some();
    if let Some(det) = details(&text) {
        recognised = true;
        apply(&mut d, det);
    } else if text.contains(EC2_PLAIN) || text.contains("Access Denied") {
        recognised = true;
        d.lack("blamed", "the message does not name the policy type");
    }
    if let Some(enc) = after(&text, ENCODED, &[" ", "</Message>", "\""]).or_else(|| {
        after(&text, ENCODED, &[]).map(|s| s.split_whitespace().next().unwrap_or_default())
    }) {
        let enc = enc.trim();
        let enc = if enc.is_empty() {
            after(&text, ENCODED, &[])
                .and_then(|s| s.split_whitespace().next())
                .unwrap_or_default()
        } else {
            enc
        };
        let enc = enc.trim_end_matches(['"', '.', ',', '<']);
        if !enc.is_empty() {
            d.encoded = Some(enc.to_string());
            r.seen
                .push("an encoded authorization failure message".into());
            if d.action.is_none() && d.operation.is_none() {
                r.problem(
                    true,
                    ProblemCode::EncodedOnly,
                    "recognised an encoded authorization failure message, but nothing names the call; AWS encrypts \
                     it, so it cannot be decoded offline"
                        .to_string(),
                    "run `aws sts decode-authorization-message --encoded-message …` (it needs permission for \
                     sts:DecodeAuthorizationMessage) and paste the JSON it prints",
                    span,
                );
                return;
            }
            recognised = true;
        }
    }
    if !recognised {
        r.problem(
            false,
            ProblemCode::PassedOver,
            format!("passed over text that is no AWS error message: `{}`", crate::shorten(&text, 60)),
            "only AWS error messages, decoded authorization messages and CloudTrail records are read",
            span,
        );
        return;
    }
    if let Some(c) = &d.error_code {
        r.seen.push(format!("a `{c}` error"));
    } else {
        r.seen.push("an access-denied message".into());
    }
    if contains_ci(&text, "Access Denied").is_some() && d.action.is_none() && d.service.is_none() {
        d.notes.push(
            "`Access Denied` without details is Amazon S3's message for a request from outside the bucket owner's \
             account or organization (Amazon S3 User Guide, Troubleshoot access denied (403 Forbidden) errors)"
                .into(),
        );
    }
    r.finish(d);
}

/// What AWS's detailed denial message says: `User: PRINCIPAL is not authorized to perform: ACTION [on resource:
/// RESOURCE] [because no … | with an explicit deny in …]`.
#[derive(Debug, Default)]
pub(crate) struct Details {
    pub principal: Option<String>,
    pub action: Option<String>,
    /// An operation named where the action goes (`perform CreateLogGroup`).
    pub operation: Option<String>,
    pub resource: Option<String>,
    pub blame: Option<crate::Blame>,
}

/// Reads the detailed message in `text` (one line), if it has one.
pub(crate) fn details(text: &str) -> Option<Details> {
    let at = text.find(NOT_AUTHORIZED)?;
    let mut out = Details::default();
    let before = text.get(..at).unwrap_or_default();
    out.principal = before
        .rfind("User: ")
        .map(|i| i + "User: ".len())
        .or_else(|| before.rfind("User ").map(|i| i + "User ".len()))
        .and_then(|i| before.get(i..))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let rest = text.get(at + NOT_AUTHORIZED.len()..).unwrap_or_default();
    let rest = rest.trim_start_matches(':').trim_start();
    let token = rest.split_whitespace().next().unwrap_or_default();
    let action = token.trim_end_matches(['.', ',', ';']);
    if action.contains(':') {
        out.action = Some(action.to_string());
    } else if action
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_uppercase())
    {
        // `is not authorized to perform CreateLogGroup with Tags`: an operation, not an action.
        out.operation = Some(action.to_string());
    }
    let tail = rest.get(token.len()..).unwrap_or_default();
    if let Some(res) = after(
        tail,
        "on resource",
        &[
            " because ",
            " with an explicit",
            " (Service:",
            ". Encoded",
            " Encoded authorization",
            "</Message>",
        ],
    ) {
        let res = res.trim_start_matches(':').trim().trim_end_matches('.');
        if !res.is_empty() {
            out.resource = Some(res.to_string());
        }
    }
    out.blame = crate::blame::parse(tail);
    Some(out)
}

/// Puts what the detailed message says into the draft.
pub(crate) fn apply(d: &mut Draft, det: Details) {
    match det.principal.as_deref() {
        Some(p) if p.starts_with("arn:") => {
            d.principal = Some((
                Value::String(p.to_string()),
                format!("the message names the caller `{p}`"),
            ));
            let fields = resource::arn_fields(p);
            d.ctx.partition = fields.partition;
            if d.ctx.account.is_none() {
                d.ctx.account = fields.account;
            }
        }
        Some("anonymous") => {
            d.principal = Some((
                Value::String("anonymous".into()),
                "the message says `User: anonymous`".into(),
            ));
        }
        Some(p) => {
            d.principal_missing = Some(format!(
                "the message names the caller `{p}`, which is not an ARN"
            ));
        }
        None => {}
    }
    if let Some(a) = det.action {
        d.action = Some(a);
    }
    if d.operation.is_none() {
        d.operation = det.operation;
    }
    if let Some(res) = det.resource {
        d.resource = ResourceSource::Text(res);
    }
    d.blamed = det.blame;
    if let Some(b) = &d.blamed {
        d.got("blamed", format!("the message says `{}`", b.phrase));
    } else {
        d.lack(
            "blamed",
            "the message does not name the policy type (the older form of the message)",
        );
    }
}
