//! The page's components: `App` owns the state; the others get props and callbacks only.

pub mod answers;
pub mod app;
pub mod call_params;
pub mod code_editor;
pub mod compare;
pub mod from_error;
pub mod managed;
pub mod policies;
pub mod request;
pub mod results;
pub mod workspaces;
