//! From what AWS said to the request, the fix and the least-privilege policy.
//!
//! [`read_errors`] reads pasted text holding one or many of: AWS CLI / SDK `AccessDenied` and
//! `UnauthorizedOperation` messages (the older forms and those that name the policy type), the "Encoded
//! authorization failure message" (recognised; it cannot be decoded offline), the JSON that
//! `aws sts decode-authorization-message` prints, and CloudTrail records. Each denied call becomes a [`Call`]: a
//! request in the scenario format, every field it recovered and how, every field it could not recover and why, the
//! operation → action mapping used and the policy type the message blames. Nothing recognised, or something
//! recognised but unusable, is a [`Reading::problems`] entry with a place: never a silent partial request.
//!
//! [`least_privilege`] writes the smallest identity policy that allows a list of calls through the real API (the
//! `iam-realapi` analysis: `*` for actions without resource-level permissions, every resource a call authorizes,
//! dependent actions such as `iam:PassRole` with `iam:PassedToService`), and verifies it by evaluating it against
//! every call, literally and as the real API would.
//!
//! This is its own crate, not a module of `iam-realapi`: reading error text is a separate feature with its own
//! tables (operation names, SDK service names), which the real-API analysis, on the hot path of every request in
//! the browser, does not need to carry.
//!
//! ```
//! let reading = iam_fromerror::read_errors(
//!     "An error occurred (AccessDenied) when calling the GetInstanceProfile operation: User: \
//!      arn:aws:iam::690534650866:user/datawookie is not authorized to perform: iam:GetInstanceProfile on \
//!      resource: instance profile EMR_EC2_DefaultRole",
//! );
//! let call = reading.calls.first().ok_or("no call")?;
//! assert_eq!(call.request["action"], "iam:GetInstanceProfile");
//! assert_eq!(
//!     call.request["resource"],
//!     "arn:aws:iam::690534650866:instance-profile/EMR_EC2_DefaultRole"
//! );
//! # Ok::<(), &str>(())
//! ```

mod blame;
mod cloudtrail;
mod decoded;
mod least;
mod ops;
mod read;
mod resource;
mod text;

pub use blame::Blame;
pub use least::{
    granted_vs_used, least_privilege, Generalise, GrantedVsUsed, LeastPrivilege, LevelCount,
    Verified,
};
pub use ops::{Mapping, MappingHow};
pub use read::{read_errors, ProblemCode};

use iam_engine::{Diagnostic, Location};
use serde::Serialize;

/// The name diagnostics give the pasted text as their source.
pub const SOURCE: &str = "pasted text";

/// The pasted text as a diagnostic's source.
pub fn source() -> iam_engine::Source {
    iam_engine::Source::Other(SOURCE.to_string())
}

/// Which kind of input a call was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// An AWS CLI / SDK error message (botocore, Java, Go, .NET, JavaScript), or the message alone.
    Message,
    /// The JSON that `aws sts decode-authorization-message` prints (or its `DecodedMessage` string).
    DecodedMessage,
    /// A CloudTrail event record.
    Cloudtrail,
}

/// A field of the request recovered from the input, and how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// `principal`, `action`, `resource`, `context.aws:SourceIp`, `realApi.region`…
    pub field: String,
    /// How it was recovered, or why it could not be.
    pub how: String,
}

/// One denied call read from the input.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Call {
    pub form: Form,
    /// Where in the pasted text the call was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The recognised text, shortened.
    pub excerpt: String,
    /// `AccessDenied`, `UnauthorizedOperation`, `Client.UnauthorizedOperation`…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// The API operation named (`GetInstanceProfile`, CloudTrail's `eventName`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// How the action was found.
    pub mapping: Mapping,
    /// The request in the scenario format (an entry of a scenario's `requests`, `realApi` included).
    pub request: serde_json::Value,
    /// Every field recovered, and how.
    pub recovered: Vec<Field>,
    /// Every field that could not be recovered, and why.
    pub missing: Vec<Field>,
    /// The policy type the message blames, when it names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blamed: Option<Blame>,
    /// The encoded authorization failure message, when the input carries one (AWS encrypts it: only
    /// `aws sts decode-authorization-message` can decode it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoded_message: Option<String>,
    /// Anything else worth knowing (keys dropped, several values seen).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// What the pasted text held: the calls read, and the problems (errors where nothing usable was recognised,
/// warnings for text passed over), each with its place.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Reading {
    pub calls: Vec<Call>,
    pub problems: Vec<Diagnostic>,
}

impl Reading {
    /// True when some problem is an error: part of the input was recognised but could not become a request.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Diagnostic::is_error)
    }

    /// The calls as a scenario (no policies), which `iamsim eval` and the rest of the tools read.
    pub fn scenario(&self) -> serde_json::Value {
        scenario_with(
            serde_json::json!({ "identity": [] }),
            self.calls.iter().map(|c| c.request.clone()).collect(),
        )
    }
}

/// A scenario with these policies and requests.
pub fn scenario_with(
    policies: serde_json::Value,
    requests: Vec<serde_json::Value>,
) -> serde_json::Value {
    serde_json::json!({ "policies": policies, "requests": requests })
}

/// Sets `key` of a JSON object (nothing when `v` is not an object).
pub(crate) fn set(v: &mut serde_json::Value, key: &str, x: serde_json::Value) {
    if let Some(o) = v.as_object_mut() {
        o.insert(key.to_string(), x);
    }
}

/// Shortens `text` to about `max` characters on a character boundary, marking the cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let cut: String = collapsed.chars().take(max).collect();
    format!("{cut}…")
}
