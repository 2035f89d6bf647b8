//! The browser front end: the workspace as data (`workspace`), a pure reducer (`state`), the examples, share
//! links, and presentational components wired by the `App`.
//!
//! The bins in `src/bin/` only mount [`App`]; everything testable lives here.

pub mod browser;
pub mod components;
pub mod embed;
pub mod examples;
pub mod share;
pub mod state;
pub mod workspace;

pub use components::app::App;
