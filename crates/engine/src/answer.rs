//! The one answer type: the decision plus everything that explains it.

use serde::Serialize;

/// The final authorization decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub enum Decision {
    Allow,
    #[default]
    ImplicitDeny,
    ExplicitDeny,
}

/// What the engine answers for one request.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    pub decision: Decision,
}
