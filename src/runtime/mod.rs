//! The session runtime: a pull-based state machine that plays a scenario, with no I/O inside.
//!
//! A front end starts a [`Session`], takes the pending [`Event`]s and shows them, and while the
//! session [`Session::prompt`]s for input, feeds an [`Input`] back. Inputs that do not fit the
//! current state are rejected with an [`InputError`], never a panic. All randomness comes from one
//! seeded generator ([`draw::Draws`]); nothing here reads the clock.

pub mod branching;
pub mod calendar;
pub mod draw;
pub mod numbers;
pub mod view;

pub use view::{fill, ChoiceView, FormView, Prompt};

use crate::cond::{Env, Tri};
use crate::discretion::{assess, Assessment};
use crate::facts::{FactType, FactValue, Facts};
use crate::measures::{Measure, Step};
use crate::scenario::{Action, Advance, Effects, Scenario, Scene};
use crate::scoring::{self, Debrief, ScoringConfig};
use crate::standard::{Item, Standard};
use crate::text::Text;
use calendar::{Calendar, Date};
use draw::Draws;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A scenario with the standard and item it is judged by.
#[derive(Debug, Clone)]
pub struct Case {
    pub scenario: Scenario,
    pub standard: Standard,
    item: usize,
}

impl Case {
    /// Pair a scenario with its standard; `Err` names what is missing.
    pub fn new(scenario: Scenario, standards: &[Standard]) -> Result<Case, String> {
        for st in standards
            .iter()
            .filter(|s| scenario.standards.iter().any(|id| id.value == s.id.value))
        {
            if let Some(i) = st
                .items
                .iter()
                .position(|i| i.id.value == scenario.violation.value)
            {
                return Ok(Case {
                    scenario,
                    standard: st.clone(),
                    item: i,
                });
            }
        }
        Err(format!(
            "scenario `{}` needs violation item `{}`, which none of its standards ({}) has",
            scenario.id.value,
            scenario.violation.value,
            scenario
                .standards
                .iter()
                .map(|s| s.value.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }

    pub fn item(&self) -> &Item {
        &self.standard.items[self.item]
    }
}

/// 练习 / 考核
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Hints and feedback after each decision.
    #[default]
    Practice,
    /// No feedback until the debrief.
    Assessment,
}

/// What the trainee submits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "input", rename_all = "snake_case")]
pub enum Input {
    Choose { id: String },
    Decide(DecisionInput),
}

/// The decision form as filled in.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DecisionInput {
    pub measures: Vec<Measure>,
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Fine in yuan.
    #[serde(default)]
    pub fine: Option<f64>,
    /// Rectification deadline in working days.
    #[serde(default)]
    pub deadline: Option<u32>,
}

impl From<&crate::scenario::Input> for Input {
    fn from(i: &crate::scenario::Input) -> Self {
        match i {
            crate::scenario::Input::Choose(k) => Input::Choose {
                id: k.value.clone(),
            },
            crate::scenario::Input::Decide {
                measures,
                steps,
                fine,
                deadline,
            } => Input::Decide(DecisionInput {
                measures: measures.iter().map(|m| m.value).collect(),
                steps: steps.iter().map(|s| s.value).collect(),
                fine: *fine,
                deadline: *deadline,
            }),
        }
    }
}

/// Something that happened, for the front end to show and the log to keep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The case's true facts for this session (kept in the log, not shown to the trainee).
    FactsDrawn {
        facts: Facts,
    },
    /// Working days passed.
    Day {
        day: u32,
        date: Option<String>,
    },
    Scene {
        id: String,
        text: Text,
    },
    /// Evidence found; the facts it establishes with their values.
    Evidence {
        id: String,
        text: Text,
        establishes: BTreeMap<String, FactValue>,
    },
    /// The trainee took a choice.
    Chosen {
        id: String,
        label: Text,
        action: Action,
    },
    /// A random event or the party's reaction.
    Happened {
        scene: String,
        text: Option<Text>,
    },
    /// Practice-mode feedback (an author's note, or the verdict on a decision).
    Feedback {
        text: Text,
    },
    /// The decision form as submitted.
    Decided {
        scene: String,
        decision: DecisionInput,
    },
    Ending {
        id: String,
        text: Text,
        effects: Effects,
    },
}

/// Why an input was rejected.
#[derive(Debug, Clone, PartialEq)]
pub enum InputError {
    Finished,
    NotAChoice { id: String, offered: Vec<String> },
    NoDecisionHere,
    DecisionExpected,
    MeasureNotOffered(Measure),
    StepNotOffered(Step),
    NoMeasures,
    FineMissing,
    FineWithoutFineMeasure,
    FineNotOnForm,
    FineInvalid(f64),
    DeadlineNotOnForm,
    DeadlineInvalid(u32),
    Contradiction,
}

impl InputError {
    /// The reason in the interface language.
    pub fn message(&self, lang: crate::text::Lang) -> String {
        use crate::text::Lang::*;
        let (zh, en) = match self {
            InputError::Finished => (
                "案件已经结束。".to_string(),
                "The case is over.".to_string(),
            ),
            InputError::NotAChoice { id, offered } => {
                // The id is the user's: shown escaped and cut, never raw.
                let id = crate::text::shown(id);
                (
                    format!("当前没有“{id}”这一选项。可选：{}", offered.join("、")),
                    format!(
                        "`{id}` is not a choice here. Choices: {}",
                        offered.join(", ")
                    ),
                )
            }
            InputError::NoDecisionHere => (
                "此处不需要作出处理决定。".into(),
                "No decision is due here.".into(),
            ),
            InputError::DecisionExpected => (
                "此处需要填写处理决定。".into(),
                "A decision is due here.".into(),
            ),
            InputError::MeasureNotOffered(m) => (
                format!("处理决定中没有“{}”这一措施。", m.zh()),
                format!("The form does not offer {}.", m.en()),
            ),
            InputError::StepNotOffered(s) => (
                format!("处理决定中没有“{}”这一程序。", s.zh()),
                format!("The form does not offer the step: {}.", s.en()),
            ),
            InputError::NoMeasures => (
                "请至少选择一项措施。".into(),
                "Choose at least one measure.".into(),
            ),
            InputError::FineMissing => (
                "选择了罚款，请填写罚款金额（元）。".into(),
                "You chose a fine: enter the amount in yuan.".into(),
            ),
            InputError::FineWithoutFineMeasure => (
                "填写了罚款金额，但没有选择“罚款”措施。".into(),
                "You entered an amount but did not choose the fine measure.".into(),
            ),
            InputError::FineNotOnForm => (
                "此处的处理决定不含罚款。".into(),
                "This form has no fine.".into(),
            ),
            InputError::FineInvalid(x) => (
                format!("罚款金额 {x} 无效：应为大于0的数额（元）；不罚款请不要选择“罚款”。"),
                format!("Fine {x} is not valid: enter an amount above 0 in yuan, or leave out the fine."),
            ),
            InputError::DeadlineNotOnForm => (
                "此处的处理决定不含整改期限。".into(),
                "This form has no deadline.".into(),
            ),
            InputError::DeadlineInvalid(d) => (
                format!("整改期限 {d} 个工作日无效：应为1至60个工作日。"),
                format!("Deadline {d} working days is not valid: enter 1 to 60."),
            ),
            InputError::Contradiction => (
                "“不予行政处罚”不能与处罚措施同时选择。".into(),
                "\"No penalty\" cannot be combined with a penalty.".into(),
            ),
        };
        match lang {
            Zh => zh,
            En => en,
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::text::Lang::En))
    }
}

/// A decision as taken, with what the trainee knew and the lawful outcome at that moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub scene: String,
    pub day: u32,
    pub input: DecisionInput,
    pub known: BTreeSet<String>,
    pub assessment: Assessment,
    /// Every measure taken so far in the session, this decision's included.
    pub took: BTreeSet<Measure>,
    /// The case's facts when the decision was taken (already in the log's first event).
    #[serde(skip)]
    pub facts: Facts,
    /// Procedural steps taken by then, this decision's included.
    #[serde(skip)]
    pub steps: BTreeSet<Step>,
    /// Sealing or seizure by choices since the previous decision, as they stood when taken.
    #[serde(skip)]
    pub acts: Vec<crate::scoring::judge::CoercionAct>,
    /// The standard's verdict on it: no critical error.
    pub lawful: bool,
    /// Lawful, and no deduction on discretion.
    pub proportionate: bool,
}

/// One play of a case.
#[derive(Debug, Clone)]
pub struct Session {
    case: Arc<Case>,
    mode: Mode,
    draws: Draws,
    calendar: Calendar,
    facts: Facts,
    known: BTreeSet<String>,
    chose: Vec<String>,
    visited: Vec<String>,
    took: BTreeSet<Measure>,
    steps: BTreeSet<Step>,
    day: u32,
    deadline_day: Option<u32>,
    scene: String,
    decisions: Vec<DecisionRecord>,
    ending: Option<String>,
    pending: Vec<Event>,
    debrief: Option<Debrief>,
    config: ScoringConfig,
    /// The session as it stood before the last run of automatic moves, and where that run
    /// began: what follows the trainee's last input is chance, and is scored as such.
    tail: Option<Box<(Session, String)>>,
    /// Sealing or seizure taken by choices, with the number of decisions taken before each.
    acts: Vec<(usize, crate::scoring::judge::CoercionAct)>,
    /// Exploring (`branching.rs`): a random event stops the session, for the explorer to pick
    /// its outcome, instead of drawing it.
    probe: bool,
    /// The weights of the random event the session stopped at (exploring only).
    due: Option<Vec<f64>>,
    /// Exploring what can be reached, not what it scores: no events, no snapshot for the tail,
    /// no debrief at the ending.
    lean: bool,
    /// The last assessment and the facts it was made on (shared by the sessions cloned from
    /// this one: the explorer assesses the same facts at thousands of decisions).
    assessed: Option<Arc<(Facts, crate::discretion::Assessment)>>,
}

/// Where a run of automatic moves stopped.
enum Stop {
    /// The case ended (or named a scene that no longer exists).
    Ending,
    /// A scene waits for the trainee.
    Input,
    /// A random event is due in the current scene (probing only).
    Event(Vec<f64>),
}

/// Cap on the branches followed when weighing what chance can still do after the last input.
const MAX_TAIL_BRANCHES: usize = 10_000;

/// Cap on automatic moves (events, branches, gotos) in a row; `check` rules out closed loops,
/// so reaching it means the scenario changed under the session.
const MAX_AUTOMATIC_MOVES: usize = 10_000;

impl Session {
    pub fn start(case: Arc<Case>, seed: u64, mode: Mode) -> Session {
        Self::start_with(case, seed, mode, ScoringConfig::default())
    }

    /// Start with the scoring weights and pass mark of a curriculum.
    pub fn start_with(case: Arc<Case>, seed: u64, mode: Mode, config: ScoringConfig) -> Session {
        Self::begin(case, seed, mode, config, None, false, false)
    }

    /// Start with these facts instead of drawn ones, `probe`: stop at random events, and
    /// `lean`: find out only what can be reached (see the field).
    fn begin(
        case: Arc<Case>,
        seed: u64,
        mode: Mode,
        config: ScoringConfig,
        world: Option<Facts>,
        probe: bool,
        lean: bool,
    ) -> Session {
        let mut draws = Draws::new(seed);
        let s = &case.scenario;
        let drawn = draws.facts(s.facts.iter().map(|(k, d)| (&k.value, &d.value)));
        let mut facts = world.unwrap_or(drawn);
        facts
            .entry(crate::facts::keys::PARTY.into())
            .or_insert_with(|| FactValue::Text(s.party.kind.fact_value().into()));
        let mut known: BTreeSet<String> = s.known.iter().map(|k| k.value.clone()).collect();
        known.insert(crate::facts::keys::PARTY.into());
        let calendar = Calendar::new(
            s.calendar
                .start
                .as_ref()
                .and_then(|d| Date::parse(&d.value)),
            s.calendar
                .holidays
                .iter()
                .filter_map(|d| Date::parse(&d.value))
                .collect(),
        );
        let mut session = Session {
            scene: s.start.value.clone(),
            case: case.clone(),
            mode,
            draws,
            calendar,
            facts: facts.clone(),
            known,
            chose: Vec::new(),
            visited: Vec::new(),
            took: BTreeSet::new(),
            steps: BTreeSet::new(),
            day: 0,
            deadline_day: None,
            decisions: Vec::new(),
            ending: None,
            pending: vec![Event::FactsDrawn { facts }],
            debrief: None,
            config,
            tail: None,
            acts: Vec::new(),
            probe,
            due: None,
            lean,
            assessed: None,
        };
        let day = session.day_event();
        session.pending.push(day);
        session.enter(&case.scenario.start.value.clone());
        session
    }

    /// Take the events that happened since the last call.
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.pending)
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn case(&self) -> &Case {
        &self.case
    }

    pub fn is_finished(&self) -> bool {
        self.ending.is_some()
    }

    pub fn debrief(&self) -> Option<&Debrief> {
        self.debrief.as_ref()
    }

    pub fn facts(&self) -> &Facts {
        &self.facts
    }

    pub fn known(&self) -> &BTreeSet<String> {
        &self.known
    }

    pub fn day(&self) -> u32 {
        self.day
    }

    pub fn date(&self) -> Option<Date> {
        self.calendar.date_of(self.day)
    }

    pub fn decisions(&self) -> &[DecisionRecord] {
        &self.decisions
    }

    fn current(&self) -> Option<&Scene> {
        self.case.scenario.scene(&self.scene)
    }

    /// What the trainee may do now; `None` once the case has ended.
    pub fn prompt(&self) -> Option<Prompt> {
        if self.is_finished() {
            return None;
        }
        let scene = self.current()?;
        let choices = scene
            .choices
            .iter()
            .filter(|c| c.when.as_ref().is_none_or(|w| self.holds(w)))
            .map(ChoiceView::of)
            .collect();
        let decision = scene.decision.as_ref().map(|d| FormView {
            measures: d.measures.iter().map(|m| m.value).collect(),
            steps: d.steps.iter().map(|s| s.value).collect(),
            fine: d.fine,
            deadline: d.deadline,
            statutory: if self.mode == Mode::Practice {
                assess(&self.case.standard, self.case.item(), &self.facts).statutory_fine
            } else {
                None
            },
        });
        Some(Prompt {
            scene: scene.id.value.clone(),
            choices,
            decision,
        })
    }

    /// Apply one input. On `Err` nothing changed.
    pub fn input(&mut self, input: Input) -> Result<(), InputError> {
        let prompt = self.prompt().ok_or(InputError::Finished)?;
        match input {
            Input::Choose { id } => {
                if !prompt.choices.iter().any(|c| c.id == id) {
                    if prompt.choices.is_empty() && prompt.decision.is_some() {
                        return Err(InputError::DecisionExpected);
                    }
                    return Err(InputError::NotAChoice {
                        id,
                        offered: prompt.choices.iter().map(|c| c.id.clone()).collect(),
                    });
                }
                self.choose(&id);
                Ok(())
            }
            Input::Decide(d) => {
                let form = prompt.decision.ok_or(InputError::NoDecisionHere)?;
                validate_decision(&d, &form)?;
                self.decide(d);
                Ok(())
            }
        }
    }

    fn choose(&mut self, id: &str) {
        let case = self.case.clone();
        let scene = case
            .scenario
            .scene(&self.scene)
            .expect("current scene exists");
        let c = scene
            .choices
            .iter()
            .find(|c| c.id.value == id)
            .expect("offered choice exists");
        self.chose.push(id.to_string());
        self.emit(|_| Event::Chosen {
            id: id.to_string(),
            label: c.label.value.clone(),
            action: c.action.value,
        });
        match c.action.value {
            Action::Measure(m) => {
                if m.is_coercion() {
                    self.record_act(m);
                }
                self.took.insert(m);
            }
            Action::Step(s) => {
                self.steps.insert(s);
            }
            _ => {}
        }
        if self.mode == Mode::Practice {
            if let Some(note) = &c.note {
                self.pending.push(Event::Feedback { text: note.clone() });
            }
        }
        self.apply_sets(&c.set);
        for e in &c.reveals {
            self.reveal(e);
        }
        if let Some(a) = c.advance {
            self.advance(a);
        }
        if let Some(goto) = &c.goto {
            self.enter(&goto.value);
        }
    }

    /// Sealing or seizure by a choice: judged later as it stands now.
    fn record_act(&mut self, m: Measure) {
        let a = self.assessment();
        let basis = a
            .grounds
            .iter()
            .find(|g| g.role == crate::discretion::Role::Coercion)
            .map(|g| g.basis.clone())
            .unwrap_or_default();
        self.acts.push((
            self.decisions.len(),
            crate::scoring::judge::CoercionAct {
                measure: m,
                approved: self.steps.contains(&Step::HeadApproval),
                coercion: a.coercion,
                basis,
            },
        ));
    }

    /// Coercive acts taken by choices after `decisions` decisions (`last`: and any later).
    pub(crate) fn acts_after(
        &self,
        decisions: usize,
        last: bool,
    ) -> Vec<crate::scoring::judge::CoercionAct> {
        self.acts
            .iter()
            .filter(|(n, _)| *n == decisions || (last && *n > decisions))
            .map(|(_, a)| a.clone())
            .collect()
    }

    fn decide(&mut self, d: DecisionInput) {
        let case = self.case.clone();
        let scene = case
            .scenario
            .scene(&self.scene)
            .expect("current scene exists");
        let form = scene.decision.as_ref().expect("decision form exists");
        self.took.extend(d.measures.iter().copied());
        self.steps.extend(d.steps.iter().copied());
        let took = self.took.clone();
        if let Some(days) = d.deadline {
            self.deadline_day = Some(self.day + days);
        }
        let assessment = self.assessment();
        let mut record = DecisionRecord {
            scene: self.scene.clone(),
            day: self.day,
            input: d.clone(),
            known: self.known.clone(),
            assessment,
            took,
            facts: self.facts.clone(),
            steps: self.steps.clone(),
            acts: self.acts_after(self.decisions.len(), false),
            lawful: false,
            proportionate: false,
        };
        (record.lawful, record.proportionate) = scoring::verdict(&case, &record, &self.decisions);
        self.emit(|s| Event::Decided {
            scene: s.scene.clone(),
            decision: d,
        });
        if self.mode == Mode::Practice {
            let verdict = scoring::feedback(&case, &record, &self.decisions);
            self.pending.push(Event::Feedback { text: verdict });
        }
        self.decisions.push(record);
        self.enter(&form.goto.value);
    }

    /// Enter a scene or ending, then follow automatic exits until input is needed.
    fn enter(&mut self, id: &str) {
        drop(self.tail.take());
        if self.lean {
            let stop = self.automatic(id, self.probe);
            return self.stopped(stop);
        }
        // The snapshot without the events waiting to be taken (moved aside, not copied).
        let pending = std::mem::take(&mut self.pending);
        let start = self.clone();
        self.pending = pending;
        self.tail = Some(Box::new((start, id.to_string())));
        let stop = self.automatic(id, self.probe);
        self.stopped(stop);
    }

    /// After a run of automatic moves: score an ending; when exploring, keep the event due.
    fn stopped(&mut self, stop: Stop) {
        match stop {
            Stop::Ending if self.lean => {}
            Stop::Ending => {
                let case = self.case.clone();
                let ended = self.ending.as_deref().unwrap_or_default();
                if case.scenario.endings.iter().any(|e| e.id.value == ended) {
                    self.debrief = Some(scoring::debrief(&case, self, &self.config));
                }
            }
            Stop::Event(w) => self.due = Some(w),
            Stop::Input => {}
        }
    }

    /// Follow automatic exits from `id` until input is needed or the case ends. A random event
    /// draws from the session's generator, or, when probing, stops for the caller to branch.
    fn automatic(&mut self, id: &str, probe: bool) -> Stop {
        let case = self.case.clone();
        let mut next = id.to_string();
        for _ in 0..MAX_AUTOMATIC_MOVES {
            if let Some(e) = case.scenario.endings.iter().find(|e| e.id.value == next) {
                self.emit(|s| Event::Ending {
                    id: next.clone(),
                    text: fill(&e.text.value, &s.facts),
                    effects: e.effects.clone(),
                });
                self.ending = Some(next);
                return Stop::Ending;
            }
            let Some(scene) = case.scenario.scene(&next) else {
                // `check` rules this out; end rather than panic if content changed underneath.
                self.ending = Some(next);
                return Stop::Ending;
            };
            self.scene = next.clone();
            self.visited.push(next.clone());
            if let Some(a) = scene.advance {
                self.advance(a);
            }
            self.apply_sets(&scene.set);
            self.emit(|s| Event::Scene {
                id: next.clone(),
                text: fill(&scene.text.value, &s.facts),
            });
            for e in &scene.evidence {
                self.reveal(e);
            }
            if let Some(ev) = &scene.event {
                let weights: Vec<f64> = ev.value.iter().map(|o| o.p.value).collect();
                if probe {
                    return Stop::Event(weights);
                }
                let i = self.draws.weighted(&weights);
                next = self.happen(i);
            } else if let Some(b) = &scene.branch {
                let arm = b.value.iter().find(|a| self.holds(&a.when));
                match arm {
                    Some(a) => next = a.goto.value.clone(),
                    None => return Stop::Input,
                }
            } else if let Some(g) = &scene.goto {
                next = g.value.clone();
            } else {
                return Stop::Input;
            }
        }
        Stop::Input
    }

    /// Outcome `i` of the current scene's random event happens; returns where it leads.
    fn happen(&mut self, i: usize) -> String {
        let case = self.case.clone();
        let Some(o) = case
            .scenario
            .scene(&self.scene)
            .and_then(|s| s.event.as_ref())
            .and_then(|e| e.value.get(i))
        else {
            return String::new();
        };
        self.apply_sets(&o.set);
        self.emit(|s| Event::Happened {
            scene: s.scene.clone(),
            text: o.text.as_ref().map(|t| fill(&t.value, &s.facts)),
        });
        o.goto.value.clone()
    }

    /// The endings that chance could still lead to after the trainee's last input, with their
    /// probabilities (summing to 1). Scoring weighs an ending's effects by these, so a lucky or
    /// unlucky draw after the trainee's last act never moves the score.
    pub fn tail_endings(&self) -> Vec<(String, f64)> {
        let realised = || vec![(self.ending.clone().unwrap_or_default(), 1.0)];
        let Some(t) = &self.tail else {
            return realised();
        };
        let (start, goto) = &**t;
        let mut out = Vec::new();
        let mut budget = MAX_TAIL_BRANCHES;
        let mut probe = start.clone();
        let stop = probe.automatic(goto, true);
        if !walk_tail(probe, stop, 1.0, &mut out, &mut budget) {
            return realised();
        }
        let total: f64 = out.iter().map(|(_, p)| p).sum();
        if out.is_empty() || total <= 0.0 {
            return realised();
        }
        let mut merged: BTreeMap<String, f64> = BTreeMap::new();
        for (e, p) in out {
            *merged.entry(e).or_default() += p / total;
        }
        merged.into_iter().collect()
    }

    fn reveal(&mut self, e: &crate::scenario::Evidence) {
        for k in &e.establishes {
            self.known.insert(k.value.clone());
        }
        self.emit(|s| Event::Evidence {
            id: e.id.value.clone(),
            text: fill(&e.text.value, &s.facts),
            establishes: e
                .establishes
                .iter()
                .map(|k| {
                    let v = s.facts.get(&k.value).cloned();
                    (k.value.clone(), v.unwrap_or(FactValue::Bool(false)))
                })
                .collect(),
        });
    }

    /// `assess` of the facts as they stand, made once per set of facts.
    pub(crate) fn assessment(&mut self) -> crate::discretion::Assessment {
        if let Some(c) = &self.assessed {
            if c.0 == self.facts {
                return c.1.clone();
            }
        }
        let a = assess(&self.case.standard, self.case.item(), &self.facts);
        self.assessed = Some(Arc::new((self.facts.clone(), a.clone())));
        a
    }

    /// Record an event (a lean session records none).
    fn emit(&mut self, make: impl FnOnce(&Self) -> Event) {
        if !self.lean {
            let e = make(self);
            self.pending.push(e);
        }
    }

    fn apply_sets(&mut self, set: &BTreeMap<crate::cond::Key, crate::ronx::Spanned<FactValue>>) {
        for (k, v) in set {
            self.facts.insert(k.value.clone(), v.value.clone());
        }
    }

    fn advance(&mut self, a: Advance) {
        let to = match a {
            Advance::Days(n) => self.day + n,
            Advance::ToDeadline => self.deadline_day.unwrap_or(self.day).max(self.day),
        };
        if to != self.day {
            self.day = to;
            let e = self.day_event();
            self.pending.push(e);
        }
    }

    fn day_event(&self) -> Event {
        Event::Day {
            day: self.day,
            date: self.date().map(|d| d.to_string()),
        }
    }

    fn holds(&self, c: &crate::cond::Cond) -> bool {
        c.eval(self, &mut Default::default()) == Tri::True
    }

    pub(crate) fn ending(&self) -> Option<&str> {
        self.ending.as_deref()
    }

    pub(crate) fn steps(&self) -> &BTreeSet<Step> {
        &self.steps
    }

    pub(crate) fn took(&self) -> &BTreeSet<Measure> {
        &self.took
    }

    pub fn path(&self) -> &[String] {
        &self.visited
    }

    pub fn chosen(&self) -> &[String] {
        &self.chose
    }
}

/// Follow every outcome of the random events from `stop` on; `false` if the budget ran out.
fn walk_tail(
    s: Session,
    stop: Stop,
    p: f64,
    out: &mut Vec<(String, f64)>,
    budget: &mut usize,
) -> bool {
    match stop {
        Stop::Ending => {
            out.push((s.ending.clone().unwrap_or_default(), p));
            true
        }
        // A tail that waits for input again cannot be weighed; it is left out.
        Stop::Input => true,
        Stop::Event(weights) => {
            let total: f64 = weights.iter().sum();
            for (i, w) in weights.iter().enumerate() {
                if *budget == 0 {
                    return false;
                }
                *budget -= 1;
                if *w <= 0.0 || total <= 0.0 {
                    continue;
                }
                let mut next = s.clone();
                let goto = next.happen(i);
                let stop = next.automatic(&goto, true);
                if !walk_tail(next, stop, p * w / total, out, budget) {
                    return false;
                }
            }
            true
        }
    }
}

impl Env for Session {
    fn fact(&self, key: &str) -> Option<&FactValue> {
        self.facts.get(key)
    }
    fn is_bool(&self, key: &str) -> bool {
        let case = &self.case;
        case.item()
            .all_facts()
            .iter()
            .any(|d| d.key == key && d.ty == FactType::Bool)
            || case
                .scenario
                .extra_fact_types()
                .any(|(k, t)| k == key && *t == FactType::Bool)
    }
    fn chose(&self, choice: &str) -> bool {
        self.chose.iter().any(|c| c == choice)
    }
    fn visited(&self, scene: &str) -> bool {
        self.visited.iter().any(|s| s == scene)
    }
    fn known(&self, fact: &str) -> bool {
        self.known.contains(fact)
    }
    fn took(&self, m: Measure) -> bool {
        self.took.contains(&m)
    }
    fn decided(&self, v: crate::cond::Verdict) -> bool {
        self.decisions.last().is_some_and(|d| match v {
            crate::cond::Verdict::Lawful => d.lawful,
            crate::cond::Verdict::Proportionate => d.proportionate,
        })
    }
}

fn validate_decision(d: &DecisionInput, form: &FormView) -> Result<(), InputError> {
    if d.measures.is_empty() {
        return Err(InputError::NoMeasures);
    }
    if let Some(m) = d.measures.iter().find(|m| !form.measures.contains(m)) {
        return Err(InputError::MeasureNotOffered(*m));
    }
    if let Some(s) = d.steps.iter().find(|s| !form.steps.contains(s)) {
        return Err(InputError::StepNotOffered(*s));
    }
    let fines = d.measures.contains(&Measure::Fine);
    match d.fine {
        Some(_) if !form.fine => return Err(InputError::FineNotOnForm),
        Some(x) if !x.is_finite() || x <= 0.0 => return Err(InputError::FineInvalid(x)),
        Some(_) if !fines => return Err(InputError::FineWithoutFineMeasure),
        None if fines && form.fine => return Err(InputError::FineMissing),
        _ => {}
    }
    match d.deadline {
        Some(_) if !form.deadline => return Err(InputError::DeadlineNotOnForm),
        Some(n) if n == 0 || n > 60 => return Err(InputError::DeadlineInvalid(n)),
        _ => {}
    }
    check_measures(&d.measures)
}

/// Whether measures can stand together on one decision: "no penalty" excludes every penalty,
/// except confiscating non-compliant goods (食品安全法 第一百三十六条). Front ends check it as
/// soon as the measures are chosen.
pub fn check_measures(measures: &[Measure]) -> Result<(), InputError> {
    if measures.contains(&Measure::NoPenalty)
        && measures
            .iter()
            .any(|m| m.is_penalty() && *m != Measure::ConfiscateProperty)
    {
        return Err(InputError::Contradiction);
    }
    Ok(())
}
