//! Sessions for the explorer (`crate::explore`): started in a chosen world of facts, stopping at
//! each random event so that every outcome can be followed, and keyed by what decides their
//! future (so paths that meet are explored once).

use super::{Case, Mode, Session};
use crate::facts::{FactValue, Facts};
use crate::scoring::ScoringConfig;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// What conditions test beyond the facts: only these parts of a path's history change what
/// it can do next.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tests {
    /// Choice ids tested by `Chose`.
    pub choices: BTreeSet<String>,
    /// Scene ids tested by `Visited`.
    pub scenes: BTreeSet<String>,
    /// Fact keys tested by `Known`.
    pub known: BTreeSet<String>,
    /// Measures tested by `Took`.
    pub took: BTreeSet<crate::measures::Measure>,
    /// Some condition tests the verdict on the last decision (`Decided`).
    pub decided: bool,
}

/// What the scenario's conditions test, over the whole scenario and from each scene on.
#[derive(Debug, Clone, Default)]
pub struct Tested {
    /// Every condition's tests.
    pub all: Tests,
    /// For each scene, the tests of the conditions in it and in every scene it can lead to.
    pub ahead: BTreeMap<String, Tests>,
    /// The scenes from which a decision form can still be reached.
    pub deciding: BTreeSet<String>,
    /// Choices that take a coercive measure (the model decision asks for approval after one).
    pub coercive: BTreeSet<String>,
    /// Choices whose taking only their own condition tests (`Not(Chose(x))` on choice x).
    pub self_hiding: BTreeSet<String>,
}

/// How much of a session's history a key keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// What decides the score as well as the future: everything scoring reads.
    Score,
    /// What decides which inputs, events and endings can follow, and the lawful outcome at
    /// every later decision; nothing that only moves the score.
    Reach,
}

/// A 128-bit digest, written field by field (two SipHash streams, so that two different
/// states share a key with odds far below any hardware fault).
struct Digest(DefaultHasher, DefaultHasher);

impl Digest {
    fn new() -> Self {
        let mut second = DefaultHasher::new();
        second.write_u64(0x6361_696c_6961_6e67);
        Digest(DefaultHasher::new(), second)
    }

    fn put<T: Hash + ?Sized>(&mut self, x: &T) {
        x.hash(&mut self.0);
        x.hash(&mut self.1);
    }

    fn number(&mut self, x: f64) {
        self.put(&x.to_bits());
    }

    fn fact(&mut self, v: &FactValue) {
        match v {
            FactValue::Bool(b) => self.put(&(0u8, *b)),
            FactValue::Number(n) => {
                self.put(&1u8);
                self.number(*n);
            }
            FactValue::Text(t) => self.put(&(2u8, t.as_str())),
        }
    }

    fn finish(self) -> u128 {
        (u128::from(self.0.finish()) << 64) | u128::from(self.1.finish())
    }
}

impl Session {
    /// A session in `world` (the facts the explorer picked) that stops at random events.
    pub fn start_exploring(case: Arc<Case>, world: Facts, mode: Mode) -> Session {
        Self::begin(
            case,
            0,
            mode,
            ScoringConfig::default(),
            Some(world),
            true,
            false,
        )
    }

    /// A session in `world` that stops at random events and only finds out what can be
    /// reached: it records no events, keeps nothing for scoring the tail and gives no debrief.
    pub fn start_reaching(case: Arc<Case>, world: Facts) -> Session {
        let config = ScoringConfig::default();
        Self::begin(case, 0, Mode::Assessment, config, Some(world), true, true)
    }

    /// A digest of the facts as they stand.
    pub fn facts_key(&self) -> u128 {
        let mut d = Digest::new();
        for (k, v) in &self.facts {
            d.put(k.as_str());
            d.fact(v);
        }
        d.finish()
    }

    /// The scene the session is in (or last was in, once ended).
    pub fn scene_id(&self) -> &str {
        &self.scene
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

    /// What decides this session's future (`keep`: and its score): two sessions with the same
    /// key play out alike.
    pub fn key(&self, tested: &Tested, keep: Keep) -> u128 {
        self.key_ignoring(tested, keep, None)
    }

    /// The key as if choice `ignore` had never been taken (reach keys only).
    pub fn key_ignoring(&self, tested: &Tested, keep: Keep, ignore: Option<&str>) -> u128 {
        let ahead = tested.ahead.get(&self.scene);
        let decision_ahead =
            tested.deciding.contains(&self.scene) && ahead.is_none_or(|a| a.decided);
        let mut d = Digest::new();
        d.put(self.scene.as_str());
        d.put(&self.ending);
        d.put(&self.facts.len());
        for (k, v) in &self.facts {
            d.put(k.as_str());
            d.fact(v);
        }
        d.put(&self.due.as_ref().map(Vec::len));
        for w in self.due.iter().flatten() {
            d.number(*w);
        }
        if let (Keep::Reach, false, Some(t)) = (keep, decision_ahead, ahead) {
            // Nothing ahead reads the day, the score or a verdict still to come: only what
            // the conditions from here on test, and the verdict they may test.
            self.put_tested(&mut d, t, ignore);
            d.put(&self.known.intersection(&t.known).collect::<BTreeSet<_>>());
            d.put(&self.took.intersection(&t.took).collect::<BTreeSet<_>>());
            d.put(
                &self
                    .decisions
                    .last()
                    .filter(|_| t.decided)
                    .map(|r| (r.lawful, r.proportionate)),
            );
            return d.finish();
        }
        if keep == Keep::Reach {
            // A decision whose verdict some condition tests lies ahead: what the verdict reads
            // besides the facts (measures, steps, the acts since the last decision and the
            // measures taken by then; not what is known, `scoring::verdict`), with what the
            // conditions from here on test.
            let t = ahead.unwrap_or(&tested.all);
            self.put_tested(&mut d, t, ignore);
            d.put(&self.known.intersection(&t.known).collect::<BTreeSet<_>>());
            d.put(&self.took);
            d.put(&self.steps);
            d.put(
                &self
                    .decisions
                    .last()
                    .map(|r| (&r.took, r.lawful, r.proportionate)),
            );
            self.put_acts(&mut d, |n| n == self.decisions.len());
            return d.finish();
        }
        let t = &tested.all;
        d.put(&(self.day, self.deadline_day));
        d.put(&self.took);
        self.put_tested(&mut d, t, ignore);
        d.put(&self.known);
        d.put(&self.steps);
        d.put(&self.decisions.len());
        for r in &self.decisions {
            d.put(&(r.scene.as_str(), r.day));
            d.put(&(&r.input.measures, &r.input.steps, r.input.deadline));
            d.put(&r.input.fine.map(f64::to_bits));
            d.put(&r.known);
        }
        self.put_acts(&mut d, |_| true);
        d.put(&self.tail.as_ref().map(|t| t.1.as_str()));
        d.finish()
    }

    /// The choices taken and scenes visited that `t` tests (choice `ignore` left out).
    fn put_tested(&self, d: &mut Digest, t: &Tests, ignore: Option<&str>) {
        let chose: BTreeSet<&String> = self
            .chose
            .iter()
            .filter(|c| t.choices.contains(*c) && ignore != Some(c.as_str()))
            .collect();
        let seen: BTreeSet<&String> = self
            .visited
            .iter()
            .filter(|v| t.scenes.contains(*v))
            .collect();
        d.put(&chose);
        d.put(&seen);
    }

    /// The coercive acts taken by choices (those `which` numbers of earlier decisions select).
    fn put_acts(&self, d: &mut Digest, which: impl Fn(usize) -> bool) {
        let acts: Vec<_> = self.acts.iter().filter(|(n, _)| which(*n)).collect();
        d.put(&acts.len());
        for (n, a) in acts {
            d.put(&(n, a.measure, a.approved, a.basis.as_str()));
            d.put(&format!("{:?}", a.coercion));
        }
    }
}
