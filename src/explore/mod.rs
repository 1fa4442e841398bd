//! Exploring a case exhaustively (`cailiang explore`, `cailiang library`): every world of drawn
//! facts split at the thresholds that matter (`worlds.rs`), every choice, every outcome of every
//! random event and a set of representative decisions at every form (`decisions.rs`).
//!
//! Two searches, both memoised on a digest of what decides a session's future
//! (`Session::key`), so paths that meet are explored once:
//! - the reach search (`reach`) keeps only what conditions ahead can test, and skips a choice
//!   that changes nothing but itself; it finds, exactly, every ending, lawful outcome, scene
//!   and choice that can be reached, with a path to each;
//! - the score search (`exhaustive`) keeps everything scoring reads, for the score range of each
//!   ending, the critical errors and the number of paths; it is capped (`MAX_STATES`) and says
//!   when the cap stopped it.
//!
//! Paths become seeds and input scripts that `cailiang play` replays in `witness.rs`; `walks.rs`
//! keeps the random playthroughs the library used before, as the baseline tests compare with.

mod decisions;
pub mod walks;
pub mod witness;
pub mod worlds;

pub use walks::{add_tests, explore, outcome_names, OutcomeKey, Reach};

use crate::facts::Facts;
use crate::runtime::branching::{Keep, Tested, Tests};
use crate::runtime::{Case, Input, Mode, Session};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// Cap on the distinct play states the reach search visits in one world of facts.
pub const MAX_REACH_STATES: usize = 2_000_000;

/// Cap on the distinct play states the score search visits (over all worlds).
pub const MAX_STATES: usize = 400_000;

/// Worlds scored together; the score search's budget is shared out a batch at a time, so what a
/// capped search covers does not depend on the machine's cores.
const SCORE_BATCH: usize = 4;

/// How to reach something: the world, the inputs and the outcomes of random events on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub world: Facts,
    pub inputs: Vec<Input>,
    /// The outcome taken at each random event, in order.
    pub events: Vec<usize>,
}

/// An ending reached, with the range of totals the sessions reaching it score (when the score
/// search got there).
#[derive(Debug, Clone, PartialEq)]
pub struct EndingReach {
    pub path: Path,
    pub score: Option<(f64, f64)>,
}

/// How far the score search (score ranges, critical errors) got.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scoring {
    /// Distinct play states it visited (their keys keep everything scoring reads).
    pub states: usize,
    /// False when its cap stopped it early: the ranges and errors found hold, others may exist.
    pub complete: bool,
}

/// What the exploration found.
#[derive(Debug, Clone, Default)]
pub struct Exploration {
    pub endings: BTreeMap<String, EndingReach>,
    /// Lawful outcomes at decisions (or at the ending, if none was taken).
    pub outcomes: BTreeMap<OutcomeKey, Path>,
    /// Critical errors (by rule id) some session makes (found by the score search).
    pub criticals: BTreeMap<String, Path>,
    pub unreachable_scenes: Vec<String>,
    pub unreachable_endings: Vec<String>,
    pub never_offered: Vec<String>,
    pub worlds: usize,
    /// Distinct play states the reach search visited.
    pub states: usize,
    /// Distinct paths from the start to an ending, summed over worlds (counted, not walked, by
    /// the score search: exact when it is complete, a lower bound otherwise; 0 without it).
    pub paths: f64,
    /// False when a cap (worlds, states) stopped the reach search early.
    pub complete: bool,
    /// The score search, when one ran.
    pub scoring: Option<Scoring>,
}

/// What one world's search found.
#[derive(Default)]
struct Found {
    endings: BTreeMap<String, EndingReach>,
    outcomes: BTreeMap<OutcomeKey, Path>,
    criticals: BTreeMap<String, Path>,
    visited: BTreeSet<String>,
    offered: BTreeSet<String>,
    states: usize,
    paths: f64,
    capped: bool,
}

impl Found {
    /// Add a later world's findings: the earlier world's witness wins, ranges widen.
    fn merge(&mut self, other: Found) {
        for (e, r) in other.endings {
            match self.endings.get_mut(&e) {
                None => {
                    self.endings.insert(e, r);
                }
                Some(mine) => {
                    mine.score = match (mine.score, r.score) {
                        (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
                        (a, b) => a.or(b),
                    }
                }
            }
        }
        for (o, p) in other.outcomes {
            self.outcomes.entry(o).or_insert(p);
        }
        for (c, p) in other.criticals {
            self.criticals.entry(c).or_insert(p);
        }
        self.visited.extend(other.visited);
        self.offered.extend(other.offered);
        self.states += other.states;
        self.paths += other.paths;
        self.capped |= other.capped;
    }
}

struct Search<'a> {
    tested: &'a Tested,
    /// The decisions the case's embedded tests take (tried at every form).
    written: &'a [crate::runtime::DecisionInput],
    keep: Keep,
    cap: usize,
    /// Paths from each finished state to an ending.
    memo: HashMap<u128, f64>,
    /// States on the current path (a loop back to one of them ends nowhere).
    open: HashSet<u128>,
    found: Found,
    /// The decisions tried at a form, by scene, facts and whether a choice coerced.
    tried: HashMap<(String, u128, bool), Vec<crate::runtime::DecisionInput>>,
}

impl Search<'_> {
    fn note_path(&mut self, s: &Session) {
        for v in s.path() {
            if !self.found.visited.contains(v) {
                self.found.visited.insert(v.clone());
            }
        }
    }

    /// The number of paths from `s` to an ending.
    fn walk(&mut self, mut s: Session, path: &mut Path) -> f64 {
        self.note_path(&s);
        for d in s.decisions() {
            self.found
                .outcomes
                .entry(OutcomeKey::of(d.assessment.outcome))
                .or_insert_with(|| path.clone());
        }
        if s.is_finished() {
            self.ended(&s, path);
            return 1.0;
        }
        let key = s.key(self.tested, self.keep);
        if let Some(m) = self.memo.get(&key) {
            return *m;
        }
        if self.open.contains(&key) {
            return 0.0;
        }
        if self.found.states >= self.cap {
            self.found.capped = true;
            return 0.0;
        }
        self.open.insert(key);
        self.found.states += 1;
        s.take_events();
        let mut paths = 0.0;
        if let Some(weights) = s.due().map(<[f64]>::to_vec) {
            for (i, w) in weights.iter().enumerate() {
                if *w <= 0.0 {
                    continue;
                }
                let mut next = s.clone();
                next.resolve(i);
                path.events.push(i);
                paths += self.walk(next, path);
                path.events.pop();
            }
        } else if let Some(p) = s.prompt() {
            let mut inputs: Vec<Input> = p
                .choices
                .iter()
                .map(|c| {
                    if !self.found.offered.contains(&c.id) {
                        self.found.offered.insert(c.id.clone());
                    }
                    Input::Choose { id: c.id.clone() }
                })
                .collect();
            if let Some(form) = &p.decision {
                // The decisions to try depend on the scene, the facts and whether a coercive
                // measure was taken by a choice: made once for each.
                let coerced = s.chosen().iter().any(|c| self.tested.coercive.contains(c));
                let at = (s.scene_id().to_string(), s.facts_key(), coerced);
                if !self.tried.contains_key(&at) {
                    let ahead = self.tested.ahead.get(s.scene_id());
                    let took = ahead.map_or(&self.tested.all.took, |t| &t.took);
                    let tried = decisions::representative(&s, form, took, self.written);
                    self.tried.insert(at.clone(), tried);
                }
                inputs.extend(self.tried[&at].iter().cloned().map(Input::Decide));
                s.assessment();
            }
            for input in inputs {
                let mut next = s.clone();
                if next.input(input.clone()).is_err() {
                    continue;
                }
                if self.pointless(&s, &next, &input) {
                    continue;
                }
                path.inputs.push(input);
                let events_before = path.events.len();
                paths += self.walk(next, path);
                path.events.truncate(events_before);
                path.inputs.pop();
            }
        }
        self.open.remove(&key);
        self.memo.insert(key, paths);
        paths
    }

    /// Whether reaching is all that is wanted and `input` changed nothing that matters from
    /// `s` but that its choice is taken and no longer offered: then everything after `next`
    /// can be reached from `s` as well, and `next` is not searched (the scenes it passed are
    /// noted). Search keys that keep the score never skip.
    fn pointless(&mut self, s: &Session, next: &Session, input: &Input) -> bool {
        let Input::Choose { id } = input else {
            return false;
        };
        if self.keep != Keep::Reach || !self.tested.self_hiding.contains(id) {
            return false;
        }
        let ignore = Some(id.as_str());
        if next.key_ignoring(self.tested, self.keep, ignore)
            != s.key_ignoring(self.tested, self.keep, ignore)
        {
            return false;
        }
        self.note_path(next);
        true
    }

    /// A session reached an ending: note it, its score and its critical errors.
    fn ended(&mut self, s: &Session, path: &Path) {
        let Some(ending) = s.ending() else { return };
        let case = s.case();
        if !case.scenario.endings.iter().any(|e| e.id.value == ending) {
            return;
        }
        let score = match s.debrief() {
            Some(d) => {
                if s.decisions().is_empty() {
                    self.found
                        .outcomes
                        .entry(OutcomeKey::of(d.lawful.outcome))
                        .or_insert_with(|| path.clone());
                }
                for x in d.deductions.iter().filter(|x| x.critical) {
                    self.found
                        .criticals
                        .entry(x.rule.clone())
                        .or_insert_with(|| path.clone());
                }
                Some((d.total, d.total))
            }
            None => {
                if s.decisions().is_empty() {
                    let a = crate::discretion::assess(&case.standard, case.item(), s.facts());
                    self.found
                        .outcomes
                        .entry(OutcomeKey::of(a.outcome))
                        .or_insert_with(|| path.clone());
                }
                None
            }
        };
        let e = self
            .found
            .endings
            .entry(ending.to_string())
            .or_insert_with(|| EndingReach {
                path: path.clone(),
                score,
            });
        if let (Some(mine), Some((t, _))) = (&mut e.score, score) {
            mine.0 = mine.0.min(t);
            mine.1 = mine.1.max(t);
        }
    }
}

/// The scenes a scene can lead to directly (whatever the conditions on the way).
fn edges(sc: &crate::scenario::Scene) -> Vec<&str> {
    let mut out: Vec<&str> = sc.goto.iter().map(|g| g.value.as_str()).collect();
    out.extend(
        sc.choices
            .iter()
            .map(|c| c.goto.as_ref().map_or(&sc.id.value, |g| &g.value).as_str()),
    );
    out.extend(
        sc.branch
            .iter()
            .flat_map(|b| &b.value)
            .map(|a| a.goto.value.as_str()),
    );
    out.extend(
        sc.event
            .iter()
            .flat_map(|e| &e.value)
            .map(|o| o.goto.value.as_str()),
    );
    out.extend(sc.decision.iter().map(|d| d.goto.value.as_str()));
    out
}

/// What one scene's conditions test.
fn tests_in(sc: &crate::scenario::Scene) -> Tests {
    use crate::cond::Cond;
    let mut t = Tests::default();
    let conds = sc
        .choices
        .iter()
        .filter_map(|c| c.when.as_ref())
        .chain(sc.branch.iter().flat_map(|b| &b.value).map(|a| &a.when));
    for c in conds {
        c.walk(&mut |c| match c {
            Cond::Chose(k) => {
                t.choices.insert(k.value.clone());
            }
            Cond::Visited(k) => {
                t.scenes.insert(k.value.clone());
            }
            Cond::Known(k) => {
                t.known.insert(k.value.clone());
            }
            Cond::Took(m) => {
                t.took.insert(m.value);
            }
            Cond::Decided(_) => t.decided = true,
            _ => {}
        });
    }
    t
}

/// Whether a choice's condition rules it out for good once it is taken: `Not(Chose(self))`,
/// alone or as one of the terms of an `All`.
fn hides_itself(c: &crate::scenario::Choice) -> bool {
    use crate::cond::Cond;
    let hides = |x: &Cond| matches!(x, Cond::Not(b) if matches!(&**b, Cond::Chose(k) if k.value == c.id.value));
    match &c.when {
        Some(Cond::All(terms)) => terms.iter().any(hides),
        Some(x) => hides(x),
        None => false,
    }
}

fn add(into: &mut Tests, t: &Tests) {
    into.choices.extend(t.choices.iter().cloned());
    into.scenes.extend(t.scenes.iter().cloned());
    into.known.extend(t.known.iter().cloned());
    into.took.extend(t.took.iter().copied());
    into.decided |= t.decided;
}

/// What the scenario's conditions test, overall and from each scene on, and where a decision
/// lies ahead.
fn tested(case: &Case) -> Tested {
    let s = &case.scenario;
    let own: BTreeMap<&str, Tests> = s
        .scenes
        .iter()
        .map(|sc| (sc.id.value.as_str(), tests_in(sc)))
        .collect();
    let mut t = Tested::default();
    // Choices tested by some condition other than their own.
    let mut elsewhere: BTreeSet<&str> = BTreeSet::new();
    for sc in &s.scenes {
        let arms = sc
            .branch
            .iter()
            .flat_map(|b| &b.value)
            .map(|a| (None, &a.when));
        let whens = sc
            .choices
            .iter()
            .filter_map(|c| Some((Some(c.id.value.as_str()), c.when.as_ref()?)));
        for (owner, when) in whens.chain(arms) {
            when.walk(&mut |c| {
                if let crate::cond::Cond::Chose(k) = c {
                    if owner != Some(k.value.as_str()) {
                        elsewhere.insert(k.value.as_str());
                    }
                }
            });
        }
    }
    t.coercive = s
        .choices()
        .filter(
            |c| matches!(c.action.value, crate::scenario::Action::Measure(m) if m.is_coercion()),
        )
        .map(|c| c.id.value.clone())
        .collect();
    t.self_hiding = s
        .choices()
        .filter(|c| hides_itself(c) && !elsewhere.contains(c.id.value.as_str()))
        .map(|c| c.id.value.clone())
        .collect();
    for x in own.values() {
        add(&mut t.all, x);
    }
    for sc in &s.scenes {
        // Every scene reachable from this one, itself included.
        let mut seen: BTreeSet<&str> = BTreeSet::from([sc.id.value.as_str()]);
        let mut todo = vec![sc];
        while let Some(x) = todo.pop() {
            for e in edges(x) {
                if seen.insert(e) {
                    todo.extend(s.scene(e));
                }
            }
        }
        let mut ahead = Tests::default();
        for id in &seen {
            if let Some(x) = own.get(id) {
                add(&mut ahead, x);
            }
        }
        if seen
            .iter()
            .any(|id| s.scene(id).is_some_and(|x| x.decision.is_some()))
        {
            t.deciding.insert(sc.id.value.clone());
        }
        t.ahead.insert(sc.id.value.clone(), ahead);
    }
    t
}

/// Search one world with sessions keyed by `keep`, visiting at most `cap` states.
fn search_world(case: &Arc<Case>, tested: &Tested, world: &Facts, keep: Keep, cap: usize) -> Found {
    let s = match keep {
        Keep::Reach => Session::start_reaching(case.clone(), world.clone()),
        Keep::Score => Session::start_exploring(case.clone(), world.clone(), Mode::Assessment),
    };
    let mut path = Path {
        world: world.clone(),
        inputs: Vec::new(),
        events: Vec::new(),
    };
    let written: Vec<crate::runtime::DecisionInput> = case
        .scenario
        .tests
        .iter()
        .flat_map(|t| &t.inputs)
        .filter_map(|i| match Input::from(i) {
            Input::Decide(d) => Some(d),
            Input::Choose { .. } => None,
        })
        .collect();
    let mut search = Search {
        tested,
        written: &written,
        keep,
        cap,
        memo: HashMap::new(),
        open: HashSet::new(),
        found: Found::default(),
        tried: HashMap::new(),
    };
    let paths = search.walk(s, &mut path);
    search.found.paths = paths;
    search.found
}

/// What can be reached in `case`, exactly: every ending, lawful outcome, scene and choice, with
/// a path to each, over every world, choice and outcome of chance (no scores).
pub fn reach(case: &Arc<Case>) -> Exploration {
    let (worlds, all_worlds) = worlds::worlds(case);
    let tested = tested(case);
    let mut found = Found::default();
    for f in crate::par::map(&worlds, |w| {
        search_world(case, &tested, w, Keep::Reach, MAX_REACH_STATES)
    }) {
        found.merge(f);
    }
    let s = &case.scenario;
    Exploration {
        unreachable_scenes: s
            .scenes
            .iter()
            .map(|x| x.id.value.clone())
            .filter(|id| !found.visited.contains(id))
            .collect(),
        unreachable_endings: s
            .endings
            .iter()
            .map(|e| e.id.value.clone())
            .filter(|id| !found.endings.contains_key(id))
            .collect(),
        never_offered: s
            .choices()
            .map(|c| c.id.value.clone())
            .filter(|id| !found.offered.contains(id))
            .collect(),
        endings: found.endings,
        outcomes: found.outcomes,
        criticals: BTreeMap::new(),
        worlds: worlds.len(),
        states: found.states,
        paths: 0.0,
        complete: all_worlds && !found.capped,
        scoring: None,
    }
}

/// Explore `case` exhaustively: what can be reached (`reach`), then the score range of every
/// ending and every critical error, searched with keys that keep what scoring reads (capped at
/// `MAX_STATES`; `scoring` says whether the cap stopped it).
pub fn exhaustive(case: &Arc<Case>) -> Exploration {
    let mut x = reach(case);
    let (worlds, all_worlds) = worlds::worlds(case);
    let tested = tested(case);
    let mut scored = Found::default();
    for batch in worlds.chunks(SCORE_BATCH) {
        let left = MAX_STATES.saturating_sub(scored.states);
        if left == 0 {
            scored.capped = true;
            break;
        }
        let cap = left / batch.len();
        for f in crate::par::map(batch, |w| search_world(case, &tested, w, Keep::Score, cap)) {
            scored.merge(f);
        }
    }
    for (e, r) in &mut x.endings {
        r.score = scored.endings.get(e).and_then(|s| s.score);
    }
    x.criticals = scored.criticals;
    x.paths = scored.paths;
    x.scoring = Some(Scoring {
        states: scored.states,
        complete: all_worlds && !scored.capped,
    });
    x
}
