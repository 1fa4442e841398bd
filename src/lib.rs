//! Cailiang (裁量): the engine — content formats, diagnostics and the discretion evaluation.
//!
//! Nothing here depends on Bevy; the desktop app (feature `gui`) and the CLI are front ends.
//! See ARCHITECTURE.md for the code map and invariants.

#[cfg(feature = "gui")]
pub mod app;
pub mod bounded;
pub mod casegraph;
pub mod catalog;
pub mod cli;
pub mod cond;
pub mod content;
pub mod diag;
pub mod discretion;
pub mod explore;
pub mod facts;
pub mod log;
pub mod measures;
pub mod model_play;
pub mod par;
pub mod paths;
pub mod plan;
#[cfg(feature = "register")]
pub mod register;
pub mod ronx;
pub mod runtime;
pub mod scenario;
pub mod scoring;
pub mod standard;
pub mod station;
pub mod suggest;
pub mod text;

/// The engine version recorded in session logs and reports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
