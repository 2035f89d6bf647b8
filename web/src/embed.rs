//! The embeddable widget (`embed.html#<scenario>`): a compact, self-sized view of one scenario — its policies,
//! the request, the decision with its trace, and the real-API gap — for iframes in documentation pages.
//!
//! It uses the engine directly (`iam_realapi::evaluate_full`) and none of the app's components, so the app can
//! change freely. The scenario comes from the URL fragment (never sent to a server), as URL-encoded JSON or as
//! base64url; `?editable` turns the read-only view into an editor.

pub mod frame;
pub mod scenario;
pub mod view;

pub use view::{Widget, WidgetProps};
