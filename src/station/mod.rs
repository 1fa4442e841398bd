//! The workshop station (考核工作站): assessments run on the instructor's machine. It enrols
//! trainees, hands out the plan's cases, runs every session itself with a seed it draws, sends a
//! trainee only what the trainee sees, and writes each log signed with its own key.
//! `core.rs` holds the state and rules (no network), `http.rs` the API on axum, `wire.rs` the JSON
//! both sides share, `client.rs` a blocking client for `play --station`, the desktop app and tests. The server is behind the
//! `station` feature; the client needs nothing but the standard library.

pub mod client;
#[cfg(feature = "station")]
pub mod core;
#[cfg(feature = "station")]
pub mod http;
pub mod wire;
