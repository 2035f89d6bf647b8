//! The page's components: `App` owns the state; the others get props and callbacks only.

pub mod app;
pub mod decision;
pub mod editor;
