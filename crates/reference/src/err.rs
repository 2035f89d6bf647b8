//! Errors of the reference lookups: data describing what was asked and why it is unknown.

use thiserror::Error;

/// Why [`crate::lookup_action`] found no action.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LookupError {
    /// The name has no `service:` prefix.
    #[error(transparent)]
    MissingServicePrefix(MissingServicePrefix),
    /// No service has the prefix.
    #[error(transparent)]
    UnknownService(UnknownService),
    /// The service has no action of that name.
    #[error(transparent)]
    UnknownAction(UnknownAction),
}

/// An action name without `service:` in front.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("action `{name}` has no service prefix; expected `service:Action`")]
pub struct MissingServicePrefix {
    /// The name as given.
    pub name: String,
}

/// A service prefix the reference does not know.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown service prefix `{prefix}`")]
pub struct UnknownService {
    /// The prefix as given.
    pub prefix: String,
}

/// An action the service does not define.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("service `{prefix}` has no action `{action}`")]
pub struct UnknownAction {
    /// The service prefix, as the reference spells it.
    pub prefix: &'static str,
    /// The action name as given.
    pub action: String,
}
