//! The browser front end: the workspace as data (`workspace`), a pure reducer (`state`: undo history, the own and
//! the linked workspace, recent workspaces, how a visit starts), the examples, share links, and presentational
//! components wired by the `App`; `verdict` decides which answer leads, `reference_checks` flags action names the
//! reference does not know; `pasted` turns pasted error text into requests and the least-privilege policy;
//! `managed` fetches the AWS managed policies (a separate asset) on first use; `compare` is the Compare view's
//! reducer (the comparison itself runs in the worker, `offthread`). The browser is reached through
//! gloo: local storage (`storage`, `session`), files (`files`), the URL (`share`); `crash` is the panic hook;
//! `browser` holds the little gloo does not cover.
//!
//! The bins in `src/bin/` only mount [`App`]; everything testable lives here.

pub mod browser;
pub mod compare;
pub mod components;
pub mod crash;
pub mod embed;
pub mod examples;
pub mod files;
pub mod jsontext;
pub mod managed;
pub mod offthread;
pub mod pasted;
pub mod reference_checks;
pub mod session;
pub mod share;
pub mod state;
pub mod storage;
pub mod theme;
pub mod verdict;
pub mod workspace;

pub use components::app::App;
