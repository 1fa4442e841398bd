//! Assessment plans (考核方案): which cases a workshop station assesses, with the content each
//! case is pinned to, attempts, scoring, time limit and when the debrief is shown. RON files
//! `Plan( .. )`, checked by `cailiang check` like every content file (docs/PLANS.md).
//!
//! A case's pin is `sha256:` + the SHA-256 of its scenario file's hash and its standards' hashes
//! (see [`case_pin`]), so editing the case or a standard it uses after the plan was pinned is
//! reported, and a station refuses to run stale content.

pub mod validate;

use crate::cond::Key;
use crate::ronx::Spanned;
use crate::scoring::{Dimension, ScoringConfig};
use crate::text::Text;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Plan")]
pub struct Plan {
    pub id: Key,
    pub title: Spanned<Text>,
    #[serde(default)]
    pub note: Option<Text>,
    pub cases: Vec<Spanned<PlanCase>>,
    /// Attempts each trainee may make at each case.
    #[serde(default = "one")]
    pub attempts: Spanned<u32>,
    /// Dimension weights (default 30/25/20/15/10).
    #[serde(default)]
    pub weights: Option<Spanned<Weights>>,
    #[serde(default = "eighty")]
    pub pass_mark: Spanned<f64>,
    /// Minutes a trainee has for one attempt at a case; none: no limit.
    #[serde(default)]
    pub time_limit_minutes: Option<Spanned<u32>>,
    #[serde(default)]
    pub debrief: DebriefPolicy,
}

fn one() -> Spanned<u32> {
    Spanned::new(Default::default(), 1)
}

fn eighty() -> Spanned<f64> {
    Spanned::new(Default::default(), 80.0)
}

/// One case of a plan.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Case")]
pub struct PlanCase {
    pub scenario: Key,
    /// The content the case is pinned to (`cailiang check --pin` fills it in).
    #[serde(default)]
    pub pin: Option<Spanned<String>>,
    /// Whether a certificate needs this case passed.
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename = "Weights")]
pub struct Weights {
    pub legality: f64,
    pub discretion: f64,
    pub procedure: f64,
    pub flexibility: f64,
    pub effects: f64,
}

/// When a trainee sees the debrief of an assessed case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
pub enum DebriefPolicy {
    /// Right after the case ends.
    #[default]
    AtOnce,
    /// Only after a reviewer has certified the session.
    AfterReview,
}

impl Plan {
    /// The scoring the plan sets for its sessions.
    pub fn scoring(&self) -> ScoringConfig {
        let mut c = ScoringConfig {
            pass_mark: self.pass_mark.value,
            ..Default::default()
        };
        if let Some(w) = &self.weights {
            let w = &w.value;
            c.weights = [
                (Dimension::Legality, w.legality),
                (Dimension::Discretion, w.discretion),
                (Dimension::Procedure, w.procedure),
                (Dimension::Flexibility, w.flexibility),
                (Dimension::Effects, w.effects),
            ];
        }
        c
    }
}

/// The pin of a case: `sha256:` + SHA-256 over its scenario file's hash and each standard's
/// `id:hash`, one per line, standards sorted by id.
pub fn case_pin(scenario_sha: &str, standards: &[(String, String)]) -> String {
    let mut std: Vec<&(String, String)> = standards.iter().collect();
    std.sort();
    let mut text = format!("scenario:{scenario_sha}\n");
    for (id, sha) in std {
        text.push_str(&format!("standard:{id}:{sha}\n"));
    }
    format!("sha256:{}", crate::log::sha256_hex(text.as_bytes()))
}
