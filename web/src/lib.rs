//! The browser front end: a pure reducer (`state`), presentational components, and the `App` that wires them.
//!
//! The bins in `src/bin/` only mount [`App`]; everything testable lives here.

pub mod components;
pub mod example;
pub mod state;

pub use components::app::App;
