//! Seeded random playthroughs that find which lawful outcomes and endings a scenario can reach
//! (what `cailiang library` used before the exhaustive exploration).
//!
//! Each walk draws its own session seed and picks choices and decision forms with a second seeded
//! generator, so the result is deterministic for a given number of walks.

use crate::discretion::{Band, Outcome};
use crate::measures::{Measure, Step};
use crate::runtime::draw::Draws;
use crate::runtime::{Case, DecisionInput, FormView, Input, Mode, Session};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What the walks reached.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reach {
    /// Lawful outcomes at decisions (or at the ending, if no decision was taken), with a seed
    /// that shows each.
    pub outcomes: BTreeMap<OutcomeKey, u64>,
    /// Endings reached, with a seed that shows each.
    pub endings: BTreeMap<String, u64>,
    pub walks: usize,
}

/// `Outcome` ordered for tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct OutcomeKey(pub u8);

impl OutcomeKey {
    pub const ORDER: [Outcome; 8] = [
        Outcome::NoPenalty,
        Outcome::MayWaive,
        Outcome::Mitigated,
        Outcome::Lighter,
        Outcome::General,
        Outcome::Heavier,
        Outcome::TimeBarred,
        Outcome::Undetermined,
    ];

    pub fn of(o: Outcome) -> Self {
        OutcomeKey(Self::ORDER.iter().position(|x| *x == o).unwrap_or(7) as u8)
    }

    pub fn outcome(self) -> Outcome {
        Self::ORDER[self.0 as usize]
    }
}

/// Walk `case` `walks` times with seeds 0, 1, 2, …
pub fn explore(case: &Arc<Case>, walks: usize) -> Reach {
    let mut reach = Reach {
        walks,
        ..Default::default()
    };
    for seed in 0..walks as u64 {
        let mut pick = Draws::new(seed ^ 0x5eed_cafe);
        let mut s = Session::start(case.clone(), seed, Mode::Practice);
        let mut steps = 0;
        while let Some(p) = s.prompt() {
            steps += 1;
            if steps > 500 {
                break; // a hub the walk keeps circling; the table reports what was reached
            }
            let n = p.choices.len() + usize::from(p.decision.is_some());
            let k = pick.int(0, n as i64 - 1) as usize;
            let input = match (&p.decision, k < p.choices.len()) {
                (_, true) => Input::Choose {
                    id: p.choices[k].id.clone(),
                },
                (Some(form), false) => Input::Decide(random_decision(form, &mut pick)),
                (None, false) => break,
            };
            if s.input(input).is_err() {
                break;
            }
        }
        for d in s.decisions() {
            reach
                .outcomes
                .entry(OutcomeKey::of(d.assessment.outcome))
                .or_insert(seed);
        }
        if let Some(d) = s.debrief() {
            reach.endings.entry(d.ending.clone()).or_insert(seed);
            if s.decisions().is_empty() {
                reach
                    .outcomes
                    .entry(OutcomeKey::of(d.lawful.outcome))
                    .or_insert(seed);
            }
        }
    }
    reach
}

/// Add what the scenario's embedded tests reach (they play the careful paths random walks miss).
pub fn add_tests(reach: &mut Reach, case: &Arc<Case>) {
    for t in &case.scenario.tests {
        let mut s = Session::start(case.clone(), t.seed, Mode::Assessment);
        for input in &t.inputs {
            if s.input(Input::from(input)).is_err() {
                break;
            }
        }
        for d in s.decisions() {
            reach
                .outcomes
                .entry(OutcomeKey::of(d.assessment.outcome))
                .or_insert(t.seed);
        }
        if let Some(d) = s.debrief() {
            reach.endings.entry(d.ending.clone()).or_insert(t.seed);
        }
    }
}

/// A plausible filled-in form: waive with education, or fine within the statutory range.
fn random_decision(form: &FormView, pick: &mut Draws) -> DecisionInput {
    let offered = |m: Measure| form.measures.contains(&m);
    let steps: Vec<Step> = form.steps.clone();
    let waive = pick.int(0, 1) == 0 || !offered(Measure::Fine);
    let mut measures: Vec<Measure> = if waive && offered(Measure::NoPenalty) {
        vec![Measure::NoPenalty]
    } else if offered(Measure::Fine) {
        vec![Measure::Fine]
    } else {
        vec![form.measures[0]]
    };
    for extra in [Measure::Education, Measure::OrderToRectify] {
        if offered(extra) {
            measures.push(extra);
        }
    }
    let fine = (form.fine && measures.contains(&Measure::Fine)).then(|| {
        let b = form.statutory.unwrap_or(Band { min: 0, max: 1000 });
        b.min as f64 + pick.fraction() * (b.max - b.min) as f64
    });
    let fine = fine.map(|f| f.round());
    let deadline = (form.deadline && measures.contains(&Measure::OrderToRectify)).then_some(5);
    DecisionInput {
        measures,
        steps,
        fine,
        deadline,
    }
}

/// Outcomes in table order.
pub fn outcome_names(set: &BTreeSet<OutcomeKey>) -> Vec<Outcome> {
    set.iter().map(|k| k.outcome()).collect()
}
