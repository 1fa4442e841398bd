//! Exploring a case exhaustively (`cailiang explore`): every world of drawn facts split at the
//! thresholds that matter (`worlds.rs`), every choice, every outcome of every random event and a
//! set of representative decisions at every form, memoised on what decides a session's future
//! (`Session::key`), so paths that meet are explored once. It reports every reachable ending
//! with its score range, every lawful outcome, every critical error, and what can never be
//! reached, each with a seed and an input script that `cailiang play` replays (`witness.rs`).
//! `walks.rs` keeps the earlier random playthroughs.

mod decisions;
pub mod walks;
pub mod witness;
pub mod worlds;

pub use walks::{add_tests, explore, outcome_names, OutcomeKey, Reach};

use crate::facts::Facts;
use crate::runtime::branching::Tested;
use crate::runtime::{Case, Input, Mode, Session};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::Arc;

/// Cap on the distinct play states one exploration visits (over all worlds).
pub const MAX_STATES: usize = 400_000;

/// How to reach something: the world, the inputs and the outcomes of random events on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub world: Facts,
    pub inputs: Vec<Input>,
    /// The outcome taken at each random event, in order.
    pub events: Vec<usize>,
}

/// An ending reached, with the range of totals sessions reaching it score.
#[derive(Debug, Clone, PartialEq)]
pub struct EndingReach {
    pub path: Path,
    pub min: f64,
    pub max: f64,
}

/// What the exploration found.
#[derive(Debug, Clone, Default)]
pub struct Exploration {
    pub endings: BTreeMap<String, EndingReach>,
    /// Lawful outcomes at decisions (or at the ending, if none was taken).
    pub outcomes: BTreeMap<OutcomeKey, Path>,
    /// Critical errors (by rule id) some session makes.
    pub criticals: BTreeMap<String, Path>,
    pub unreachable_scenes: Vec<String>,
    pub unreachable_endings: Vec<String>,
    pub never_offered: Vec<String>,
    pub worlds: usize,
    /// Distinct play states visited.
    pub states: usize,
    /// Distinct paths from the start to an ending, summed over worlds (counted, not walked).
    pub paths: f64,
    /// False when a cap (worlds, states) stopped the exploration early.
    pub complete: bool,
}

/// What can follow a play state: how many paths, and the endings with their score ranges.
#[derive(Default)]
struct Summary {
    paths: f64,
    endings: BTreeMap<String, (f64, f64)>,
}

struct Search<'a> {
    tested: &'a Tested,
    memo: HashMap<String, Rc<Summary>>,
    /// States on the current path (a loop back to one of them ends nowhere).
    open: BTreeSet<String>,
    out: &'a mut Exploration,
    visited: &'a mut BTreeSet<String>,
    offered: &'a mut BTreeSet<String>,
    states: usize,
}

impl Search<'_> {
    fn full(&self) -> bool {
        self.out.states + self.states >= MAX_STATES
    }

    fn walk(&mut self, mut s: Session, path: &mut Path) -> Rc<Summary> {
        self.visited.extend(s.path().iter().cloned());
        for d in s.decisions() {
            self.out
                .outcomes
                .entry(OutcomeKey::of(d.assessment.outcome))
                .or_insert_with(|| path.clone());
        }
        if let Some(d) = s.debrief() {
            if s.decisions().is_empty() {
                self.out
                    .outcomes
                    .entry(OutcomeKey::of(d.lawful.outcome))
                    .or_insert_with(|| path.clone());
            }
            for x in d.deductions.iter().filter(|x| x.critical) {
                self.out
                    .criticals
                    .entry(x.rule.clone())
                    .or_insert_with(|| path.clone());
            }
            let e = self
                .out
                .endings
                .entry(d.ending.clone())
                .or_insert_with(|| EndingReach {
                    path: path.clone(),
                    min: d.total,
                    max: d.total,
                });
            e.min = e.min.min(d.total);
            e.max = e.max.max(d.total);
            let mut sum = Summary {
                paths: 1.0,
                ..Default::default()
            };
            sum.endings.insert(d.ending.clone(), (d.total, d.total));
            return Rc::new(sum);
        }
        let key = s.key(self.tested);
        if let Some(m) = self.memo.get(&key) {
            return m.clone();
        }
        if self.open.contains(&key) || self.full() {
            if self.full() {
                self.out.complete = false;
            }
            return Rc::new(Summary::default());
        }
        self.open.insert(key.clone());
        self.states += 1;
        s.take_events();
        let mut sum = Summary::default();
        let merge = |sum: &mut Summary, sub: &Summary| {
            sum.paths += sub.paths;
            for (e, (lo, hi)) in &sub.endings {
                let r = sum.endings.entry(e.clone()).or_insert((*lo, *hi));
                r.0 = r.0.min(*lo);
                r.1 = r.1.max(*hi);
            }
        };
        if let Some(weights) = s.due().map(<[f64]>::to_vec) {
            for (i, w) in weights.iter().enumerate() {
                if *w <= 0.0 {
                    continue;
                }
                let mut next = s.clone();
                next.resolve(i);
                path.events.push(i);
                let sub = self.walk(next, path);
                path.events.pop();
                merge(&mut sum, &sub);
            }
        } else if let Some(p) = s.prompt() {
            let mut inputs: Vec<Input> = p
                .choices
                .iter()
                .map(|c| {
                    self.offered.insert(c.id.clone());
                    Input::Choose { id: c.id.clone() }
                })
                .collect();
            if let Some(form) = &p.decision {
                inputs.extend(
                    decisions::representative(&s, form)
                        .into_iter()
                        .map(Input::Decide),
                );
            }
            for input in inputs {
                let mut next = s.clone();
                if next.input(input.clone()).is_err() {
                    continue;
                }
                path.inputs.push(input);
                let events_before = path.events.len();
                let sub = self.walk(next, path);
                path.events.truncate(events_before);
                path.inputs.pop();
                merge(&mut sum, &sub);
            }
        }
        self.open.remove(&key);
        let sum = Rc::new(sum);
        self.memo.insert(key, sum.clone());
        sum
    }
}

/// The ids of choices and scenes some condition of the scenario tests.
fn tested(case: &Case) -> Tested {
    let mut t = Tested::default();
    let s = &case.scenario;
    let mut conds: Vec<&crate::cond::Cond> = Vec::new();
    for sc in &s.scenes {
        conds.extend(sc.choices.iter().filter_map(|c| c.when.as_ref()));
        if let Some(b) = &sc.branch {
            conds.extend(b.value.iter().map(|a| &a.when));
        }
    }
    for c in conds {
        c.walk(&mut |c| match c {
            crate::cond::Cond::Chose(k) => {
                t.choices.insert(k.value.clone());
            }
            crate::cond::Cond::Visited(k) => {
                t.scenes.insert(k.value.clone());
            }
            _ => {}
        });
    }
    t
}

/// Explore `case` exhaustively.
pub fn exhaustive(case: &Arc<Case>) -> Exploration {
    let (worlds, all_worlds) = worlds::worlds(case);
    let tested = tested(case);
    let mut out = Exploration {
        complete: all_worlds,
        worlds: worlds.len(),
        ..Default::default()
    };
    let mut visited = BTreeSet::new();
    let mut offered = BTreeSet::new();
    for world in worlds {
        let s = Session::start_exploring(case.clone(), world.clone(), Mode::Assessment);
        let mut path = Path {
            world,
            inputs: Vec::new(),
            events: Vec::new(),
        };
        let mut search = Search {
            tested: &tested,
            memo: HashMap::new(),
            open: BTreeSet::new(),
            out: &mut out,
            visited: &mut visited,
            offered: &mut offered,
            states: 0,
        };
        let sum = search.walk(s, &mut path);
        let states = search.states;
        out.paths += sum.paths;
        out.states += states;
    }
    let s = &case.scenario;
    out.unreachable_scenes = s
        .scenes
        .iter()
        .map(|x| x.id.value.clone())
        .filter(|id| !visited.contains(id))
        .collect();
    out.unreachable_endings = s
        .endings
        .iter()
        .map(|e| e.id.value.clone())
        .filter(|id| !out.endings.contains_key(id))
        .collect();
    out.never_offered = s
        .choices()
        .map(|c| c.id.value.clone())
        .filter(|id| !offered.contains(id))
        .collect();
    out
}
