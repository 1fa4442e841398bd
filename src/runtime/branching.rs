//! Sessions for the explorer (`crate::explore`): started in a chosen world of facts, stopping at
//! each random event so that every outcome can be followed, and keyed by what decides their
//! future (so paths that meet are explored once).

use super::{Case, Mode, Session};
use crate::facts::Facts;
use crate::scoring::ScoringConfig;
use std::collections::BTreeSet;
use std::fmt::Write;
use std::sync::Arc;

/// The choice and scene ids some condition of the scenario tests (`Chose`, `Visited`): only
/// these parts of a path's history change what it can do next.
#[derive(Debug, Clone, Default)]
pub struct Tested {
    pub choices: BTreeSet<String>,
    pub scenes: BTreeSet<String>,
}

impl Session {
    /// A session in `world` (the facts the explorer picked) that stops at random events.
    pub fn start_exploring(case: Arc<Case>, world: Facts, mode: Mode) -> Session {
        Self::begin(case, 0, mode, ScoringConfig::default(), Some(world), true)
    }

    /// The weights of the random event this session waits at (exploring only).
    pub fn due(&self) -> Option<&[f64]> {
        self.due.as_deref()
    }

    /// Outcome `i` of the random event due happens; the session runs on to the next input,
    /// event or ending.
    pub fn resolve(&mut self, i: usize) {
        if self.due.take().is_none() {
            return;
        }
        let next = self.happen(i);
        let stop = self.automatic(&next, true);
        self.stopped(stop);
    }

    /// What decides this session's future and its score: two sessions with the same key play
    /// out alike. The text is compact, not pretty.
    pub fn key(&self, tested: &Tested) -> String {
        let mut k = String::new();
        let _ = write!(
            k,
            "{}|{:?}|{}|{:?}|{:?}|{:?}|{:?}|",
            self.scene, self.ending, self.day, self.deadline_day, self.facts, self.known, self.due
        );
        let _ = write!(k, "{:?}|{:?}|", self.took, self.steps);
        let chose: BTreeSet<&String> = self
            .chose
            .iter()
            .filter(|c| tested.choices.contains(*c))
            .collect();
        let _ = write!(k, "{chose:?}|");
        let seen: BTreeSet<&String> = self
            .visited
            .iter()
            .filter(|v| tested.scenes.contains(*v))
            .collect();
        let _ = write!(k, "{seen:?}|");
        for d in &self.decisions {
            let _ = write!(k, "{}@{}:{:?}:{:?};", d.scene, d.day, d.input, d.known);
        }
        for (n, a) in &self.acts {
            let _ = write!(k, "{n}:{:?};", a);
        }
        if let Some(t) = &self.tail {
            let _ = write!(k, "|{}", t.1);
        }
        k
    }
}
