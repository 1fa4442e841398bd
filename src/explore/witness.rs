//! Turning an explored path into something a trainer can replay: a session seed whose drawn
//! facts fall in the path's world (and whose random events go the same way) with the path's
//! inputs, so `cailiang play CASE --seed N --input script` shows what the explorer found.

use super::{OutcomeKey, Path};
use crate::facts::Facts;
use crate::runtime::draw::Draws;
use crate::runtime::{Case, Mode, Session};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Seeds tried for one witness.
pub const SEEDS: u64 = 100_000;

/// What a replay must show.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    Ending(&'a str),
    Outcome(OutcomeKey),
    Critical(&'a str),
}

fn shows(s: &Session, target: Target<'_>) -> bool {
    match target {
        Target::Ending(e) => s.debrief().is_some_and(|d| d.ending == e),
        Target::Outcome(o) => {
            s.decisions()
                .iter()
                .any(|d| OutcomeKey::of(d.assessment.outcome) == o)
                || (s.decisions().is_empty()
                    && s.debrief()
                        .is_some_and(|d| OutcomeKey::of(d.lawful.outcome) == o))
        }
        Target::Critical(rule) => s
            .debrief()
            .is_some_and(|d| d.deductions.iter().any(|x| x.critical && x.rule == rule)),
    }
}

/// The first seed (below `SEEDS`) with which `path`'s inputs show `target`.
pub fn seed_for(
    case: &Arc<Case>,
    path: &Path,
    target: Target<'_>,
    cuts: &BTreeMap<String, BTreeSet<u64>>,
) -> Option<u64> {
    let dists: Vec<_> = case
        .scenario
        .facts
        .iter()
        .map(|(k, d)| (&k.value, &d.value))
        .collect();
    (0..SEEDS).find(|seed| {
        let drawn: Facts = Draws::new(*seed).facts(dists.iter().copied());
        if !super::worlds::same_region(&path.world, &drawn, cuts) {
            return false;
        }
        let mut s = Session::start(case.clone(), *seed, Mode::Assessment);
        path.inputs.iter().all(|i| s.input(i.clone()).is_ok()) && shows(&s, target)
    })
}
