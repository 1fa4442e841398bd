//! The workshop station (考核工作站): assessments run on the instructor's machine. It enrols
//! trainees, hands out the plan's cases, runs every session itself with a seed it draws, sends a
//! trainee only what the trainee sees, and writes each log signed with its own key.
//! `core.rs` holds the state and rules (no network), `http.rs` the API on axum, `client.rs` a
//! blocking client for `play --station` and tests. Behind the `station` feature.

pub mod client;
pub mod core;
pub mod http;
