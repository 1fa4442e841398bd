//! Scenarios (执法案例): the RON format of `scenarios/*.ron`, documented in docs/SCENARIOS.md.
//!
//! A scenario names the standard and violation item it exercises, the party, the case's true facts
//! (fixed or drawn per session), scenes joined by choices, a decision form, random events and
//! conditional branches, endings, and its own tests. Scenes and endings share one id space: any
//! `goto` may name either.

pub mod graph;
pub mod site;
pub mod validate;

use crate::cond::{Cond, Key};
use crate::facts::{FactType, FactValue};
use crate::measures::{Measure, Step};
use crate::ronx::Spanned;
use crate::standard::Sector;
use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Scenario")]
pub struct Scenario {
    pub id: Spanned<String>,
    pub version: String,
    pub title: Spanned<Text>,
    #[serde(default)]
    pub summary: Option<Spanned<Text>>,
    pub sector: Sector,
    pub difficulty: Difficulty,
    /// Estimated minutes to play.
    pub minutes: u32,
    #[serde(default)]
    pub objectives: Vec<Spanned<Text>>,
    pub author: String,
    /// Ids of the standards this case is judged by.
    pub standards: Vec<Key>,
    /// The violation item (违法行为事项) the case turns on.
    pub violation: Key,
    /// Rule ids of the item's lists that this case trains (e.g. its no-penalty list rule).
    #[serde(default)]
    pub trains: Vec<Key>,
    pub party: Party,
    /// Facts the scenario adds beyond the item's (e.g. the party's attitude).
    #[serde(default)]
    pub extra_facts: Vec<crate::standard::FactSpec>,
    /// The case's true facts: fixed, or drawn per session.
    pub facts: BTreeMap<Spanned<String>, Spanned<Dist>>,
    /// Facts on the case file from the start (the party kind always is).
    #[serde(default)]
    pub known: Vec<Key>,
    #[serde(default)]
    pub calendar: Calendar,
    /// The premises as a schematic map for the desktop app (optional).
    #[serde(default)]
    pub site: Option<site::Site>,
    /// Id of the first scene.
    pub start: Key,
    pub scenes: Vec<Scene>,
    pub endings: Vec<Ending>,
    #[serde(default)]
    pub notes: Option<Text>,
    #[serde(default)]
    pub tests: Vec<Test>,
}

/// 难度
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum Difficulty {
    /// 入门
    Introductory,
    /// 标准
    Standard,
    /// 进阶
    Advanced,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Party")]
pub struct Party {
    pub kind: PartyKind,
    pub name: Spanned<Text>,
    #[serde(default)]
    pub size: Option<PartySize>,
    pub business: Spanned<Text>,
    #[serde(default)]
    pub history: Option<Spanned<Text>>,
    pub attitude: Attitude,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum PartyKind {
    Organization,
    Individual,
}

impl PartyKind {
    pub fn fact_value(self) -> &'static str {
        match self {
            PartyKind::Organization => "organization",
            PartyKind::Individual => "individual",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum PartySize {
    Micro,
    Small,
    Medium,
    Large,
}

/// The party's attitude towards the officers (态度).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Attitude {
    Cooperative,
    Defensive,
    Hostile,
}

/// How a fact's true value is set for a session.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum Dist {
    /// `Fixed(600)`, `Fixed("none")`, `Fixed(true)`
    Fixed(FactValue),
    /// `UniformInt(min: 0, max: 3)`: inclusive.
    UniformInt { min: i64, max: i64 },
    /// `UniformNumber(min: 300, max: 900)`: rounded to `step` (default 0.01).
    UniformNumber {
        min: f64,
        max: f64,
        #[serde(default)]
        step: Option<f64>,
    },
    /// `Choice([("on_spot", 3), ("late", 1)])`: weighted.
    Choice(Vec<(FactValue, f64)>),
    /// `Bernoulli(0.7)`: true with probability p.
    Bernoulli(f64),
}

/// The working-day calendar of the case (APL 85: the law's day periods are working days).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename = "Calendar")]
pub struct Calendar {
    /// Date of day 0, `YYYY-MM-DD`; weekends are not working days.
    #[serde(default)]
    pub start: Option<Spanned<String>>,
    /// Public holidays (not working days), `YYYY-MM-DD`.
    #[serde(default)]
    pub holidays: Vec<Spanned<String>>,
}

/// Time passing: a number of working days, or up to the rectification deadline set in the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Advance {
    Days(u32),
    ToDeadline,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Scene")]
pub struct Scene {
    pub id: Key,
    pub text: Spanned<Text>,
    /// Working days that pass on entering the scene.
    #[serde(default)]
    pub advance: Option<Advance>,
    /// Evidence found on entering.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Facts that change on entering (e.g. the party corrects).
    #[serde(default)]
    pub set: BTreeMap<Key, Spanned<FactValue>>,
    #[serde(default)]
    pub choices: Vec<Choice>,
    #[serde(default)]
    pub decision: Option<Decision>,
    #[serde(default)]
    pub event: Option<Spanned<Vec<EventOutcome>>>,
    #[serde(default)]
    pub branch: Option<Spanned<Vec<Arm>>>,
    #[serde(default)]
    pub goto: Option<Key>,
    /// A note for instructors, shown in the debrief and the case graph.
    #[serde(default)]
    pub note: Option<Text>,
}

/// Something the trainee learns: text for the case file, and the facts it establishes.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Evidence")]
pub struct Evidence {
    pub id: Key,
    pub text: Spanned<Text>,
    #[serde(default)]
    pub establishes: Vec<Key>,
}

/// What a choice is, for scoring and display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Action {
    /// 调查取证: look, ask, check records.
    Investigate,
    /// Talk to someone without a formal measure.
    Talk,
    /// A measure from the catalogue (flexible, hard or coercive).
    Measure(Measure),
    /// A procedural step (告知, 听证告知, 法制审核, …).
    Step(Step),
    /// Just move on.
    Move,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Choice")]
pub struct Choice {
    pub id: Key,
    pub label: Spanned<Text>,
    #[serde(default = "default_action")]
    pub action: Spanned<Action>,
    /// Offered only while this holds.
    #[serde(default)]
    pub when: Option<Cond>,
    /// Evidence the choice reveals.
    #[serde(default)]
    pub reveals: Vec<Evidence>,
    #[serde(default)]
    pub set: BTreeMap<Key, Spanned<FactValue>>,
    #[serde(default)]
    pub advance: Option<Advance>,
    /// A canned fine amount for a fine choice (most cases use the decision form instead).
    #[serde(default)]
    pub fine: Option<Spanned<f64>>,
    /// Where to go; without it the trainee stays in the scene (an investigation hub).
    #[serde(default)]
    pub goto: Option<Key>,
    /// Feedback shown in practice mode and in the debrief.
    #[serde(default)]
    pub note: Option<Text>,
}

fn default_action() -> Spanned<Action> {
    Spanned::new(Default::default(), Action::Move)
}

/// The decision form (处理决定): the trainee picks measures and types the fine and deadline.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Decision")]
pub struct Decision {
    /// Measures offered on the form.
    pub measures: Vec<Spanned<Measure>>,
    /// Procedural steps the trainee can tick as done.
    #[serde(default)]
    pub steps: Vec<Spanned<Step>>,
    /// Whether the form has a fine amount field (yuan).
    #[serde(default)]
    pub fine: bool,
    /// Whether the form has a rectification deadline field (working days).
    #[serde(default)]
    pub deadline: bool,
    pub goto: Key,
}

/// One outcome of a random event.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Outcome")]
pub struct EventOutcome {
    pub p: Spanned<f64>,
    #[serde(default)]
    pub text: Option<Spanned<Text>>,
    #[serde(default)]
    pub set: BTreeMap<Key, Spanned<FactValue>>,
    pub goto: Key,
}

/// One arm of a conditional branch; the first whose condition holds is taken.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Arm")]
pub struct Arm {
    pub when: Cond,
    pub goto: Key,
}

/// Effects of an ending (三个效果): legal, social, political.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Effect {
    Good,
    Mixed,
    Poor,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename = "Effects")]
pub struct Effects {
    pub legal: Effect,
    pub social: Effect,
    pub political: Effect,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Ending")]
pub struct Ending {
    pub id: Key,
    pub text: Spanned<Text>,
    pub effects: Effects,
    #[serde(default)]
    pub note: Option<Text>,
}

/// A scripted playthrough with its expected result, run by `cailiang test`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Test")]
pub struct Test {
    pub name: String,
    pub seed: u64,
    pub inputs: Vec<Input>,
    pub expect: Expect,
}

/// A trainee input, as in a scripted `--input` file.
#[derive(Debug, Clone, Deserialize)]
pub enum Input {
    /// Take the choice with this id.
    Choose(Key),
    /// Submit the decision form.
    Decide {
        measures: Vec<Spanned<Measure>>,
        #[serde(default)]
        steps: Vec<Spanned<Step>>,
        #[serde(default)]
        fine: Option<f64>,
        #[serde(default)]
        deadline: Option<u32>,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Expect")]
pub struct Expect {
    pub ending: Key,
    /// Inclusive score range.
    #[serde(default)]
    pub score: Option<(f64, f64)>,
    #[serde(default)]
    pub passed: Option<bool>,
    #[serde(default)]
    pub outcome: Option<crate::discretion::Outcome>,
    /// The critical errors (rule ids such as `legality.too_lax`) the session must show: exactly
    /// these, in any order; `[]` for none.
    #[serde(default)]
    pub critical: Option<Vec<Key>>,
}

impl Scenario {
    /// Facts declared for this scenario: the item's and its own extra facts.
    pub fn scene(&self, id: &str) -> Option<&Scene> {
        self.scenes.iter().find(|s| s.id.value == id)
    }

    pub fn extra_fact_types(&self) -> impl Iterator<Item = (&String, &FactType)> {
        self.extra_facts
            .iter()
            .map(|f| (&f.key.value, &f.kind.value))
    }

    /// Every choice in every scene.
    pub fn choices(&self) -> impl Iterator<Item = &Choice> {
        self.scenes.iter().flat_map(|s| s.choices.iter())
    }
}

impl Scene {
    /// Every place this scene can lead to, with the span that names it.
    pub fn exits(&self) -> Vec<&Key> {
        let mut v: Vec<&Key> = self
            .choices
            .iter()
            .filter_map(|c| c.goto.as_ref())
            .collect();
        v.extend(self.decision.iter().map(|d| &d.goto));
        v.extend(
            self.event
                .iter()
                .flat_map(|e| e.value.iter().map(|o| &o.goto)),
        );
        v.extend(
            self.branch
                .iter()
                .flat_map(|b| b.value.iter().map(|a| &a.goto)),
        );
        v.extend(self.goto.iter());
        v
    }
}
