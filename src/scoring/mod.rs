//! Scoring (评分): the trainee's decisions against the lawful outcome for the true facts.
//!
//! Nothing is hand-typed per choice: each decision is compared with the discretion engine's
//! assessment of the facts as they stood when it was taken. Five dimensions, each starting at
//! 100; every deduction names its rule, explains itself in zh-CN and en, and cites its basis.
//! Critical errors fail the session whatever the total. docs/SCORING.md lists every rule.

mod failures;
pub mod judge;
mod rules;

pub use failures::{failures, Failure};
pub use judge::{judge, Decision, Judgement};
pub use rules::model_fine;

use crate::discretion::{Assessment, Band, Outcome};
use crate::measures::{Measure, Step};
use crate::runtime::{Case, DecisionRecord, Session};
use crate::scenario::Effect;
use crate::text::Text;
use serde::Serialize;
use std::collections::BTreeSet;

/// The five scoring dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// 合法性
    Legality,
    /// 裁量适当
    Discretion,
    /// 程序
    Procedure,
    /// 柔性执法与教育
    Flexibility,
    /// 三个效果
    Effects,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [
        Dimension::Legality,
        Dimension::Discretion,
        Dimension::Procedure,
        Dimension::Flexibility,
        Dimension::Effects,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            Dimension::Legality => "合法性",
            Dimension::Discretion => "裁量适当",
            Dimension::Procedure => "程序规范",
            Dimension::Flexibility => "柔性执法与教育",
            Dimension::Effects => "法律、社会、政治效果",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Dimension::Legality => "legality",
            Dimension::Discretion => "discretion",
            Dimension::Procedure => "procedure",
            Dimension::Flexibility => "flexibility & education",
            Dimension::Effects => "effects",
        }
    }
}

/// Weights of the dimensions and the pass mark (a curriculum may set its own).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ScoringConfig {
    pub weights: [(Dimension, f64); 5],
    pub pass_mark: f64,
}

impl ScoringConfig {
    /// Parse `legality=30,discretion=25,…` (unnamed dimensions keep their default weight).
    pub fn with_weights(mut self, spec: &str) -> Result<Self, String> {
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}`: write dimension=weight, e.g. legality=30"))?;
            let w: f64 = value
                .trim()
                .parse()
                .ok()
                .filter(|w: &f64| (0.0..=100.0).contains(w))
                .ok_or_else(|| format!("`{part}`: the weight must be a number from 0 to 100"))?;
            let slot = self
                .weights
                .iter_mut()
                .find(|(d, _)| d.en().starts_with(name.trim()) && !name.trim().is_empty())
                .ok_or_else(|| {
                    format!("`{}` is not a dimension: legality, discretion, procedure, flexibility, effects", name.trim())
                })?;
            slot.1 = w;
        }
        if self.weights.iter().all(|(_, w)| *w == 0.0) {
            return Err("at least one weight must be above 0".into());
        }
        Ok(self)
    }
}

impl Default for ScoringConfig {
    fn default() -> Self {
        ScoringConfig {
            weights: [
                (Dimension::Legality, 30.0),
                (Dimension::Discretion, 25.0),
                (Dimension::Procedure, 20.0),
                (Dimension::Flexibility, 15.0),
                (Dimension::Effects, 10.0),
            ],
            pass_mark: 80.0,
        }
    }
}

/// Points taken off one dimension, and why.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Deduction {
    pub rule: String,
    pub dimension: Dimension,
    pub points: u32,
    /// A critical error fails the session whatever the total.
    pub critical: bool,
    pub explanation: Text,
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct DimensionScore {
    pub dimension: Dimension,
    pub weight: f64,
    pub score: f64,
}

/// What a model officer would have decided for the true facts.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ModelAnswer {
    pub measures: Vec<Measure>,
    pub steps: Vec<Step>,
    pub fine: Option<Band>,
    pub explanation: Text,
}

/// The end-of-session report.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Debrief {
    /// 0–100, one decimal.
    pub total: f64,
    pub passed: bool,
    pub critical: bool,
    pub dimensions: Vec<DimensionScore>,
    pub deductions: Vec<Deduction>,
    /// The lawful outcome for the true facts at the (last) decision.
    pub lawful: Assessment,
    pub model_answer: ModelAnswer,
    pub ending: String,
    pub path: Vec<String>,
    pub decisions: Vec<DecisionRecord>,
}

/// Score a finished session.
pub fn debrief(case: &Case, s: &Session, config: &ScoringConfig) -> Debrief {
    let mut deductions = Vec::new();
    let empty;
    let decisions: &[DecisionRecord] = if s.decisions().is_empty() {
        // Ending the case without a decision is judged as deciding nothing at the end.
        empty = [DecisionRecord {
            scene: s.path().last().cloned().unwrap_or_default(),
            day: s.day(),
            input: Default::default(),
            known: s.known().clone(),
            assessment: crate::discretion::assess(&case.standard, case.item(), s.facts()),
            took: s.took().clone(),
            facts: s.facts().clone(),
            steps: s.steps().clone(),
            acts: s.acts_after(0, true),
            lawful: false,
            proportionate: false,
        }];
        &empty
    } else {
        s.decisions()
    };
    // Measures taken between two decisions are judged with the later one; those after the last
    // decision with the last one.
    let mut before: BTreeSet<Measure> = BTreeSet::new();
    for (i, d) in decisions.iter().enumerate() {
        let upto = if i + 1 == decisions.len() {
            s.took()
        } else {
            &d.took
        };
        let new: BTreeSet<Measure> = upto.difference(&before).copied().collect();
        // After the last decision, steps taken later (approval before a later sealing) count too.
        let last;
        let d = if i + 1 == decisions.len() {
            last = DecisionRecord {
                steps: s.steps().clone(),
                acts: s.acts_after(i, true),
                ..d.clone()
            };
            &last
        } else {
            d
        };
        deductions.extend(rules::judge(case, d, &new, &before, &decisions[..i]));
        before = upto.clone();
    }
    let ending = s.ending().unwrap_or_default().to_string();
    if let Some(e) = case.scenario.endings.iter().find(|e| e.id.value == ending) {
        // What follows the last input is chance: the effects are weighed over every ending it
        // could have led to, so the draw itself never moves the score.
        let tail = s.tail_endings();
        let lost: f64 = tail
            .iter()
            .filter_map(|(id, p)| {
                let e = case.scenario.endings.iter().find(|e| e.id.value == *id)?;
                Some(p * rules::effect_loss(&e.effects))
            })
            .sum();
        deductions.extend(rules::effects(
            &e.effects,
            lost.round() as u32,
            tail.len() > 1,
        ));
    }
    let dimensions: Vec<DimensionScore> = config
        .weights
        .iter()
        .map(|&(dimension, weight)| {
            let lost: u32 = deductions
                .iter()
                .filter(|d| d.dimension == dimension)
                .map(|d| d.points)
                .sum();
            DimensionScore {
                dimension,
                weight,
                score: 100f64 - f64::from(lost.min(100)),
            }
        })
        .collect();
    let weight_sum: f64 = dimensions.iter().map(|d| d.weight).sum();
    let total =
        dimensions.iter().map(|d| d.weight * d.score).sum::<f64>() / weight_sum.max(f64::EPSILON);
    let total = (total * 10.0).round() / 10.0;
    let critical = deductions.iter().any(|d| d.critical);
    let last = decisions.last().expect("at least one decision");
    Debrief {
        total,
        passed: total >= config.pass_mark && !critical,
        critical,
        dimensions,
        deductions,
        lawful: last.assessment.clone(),
        model_answer: rules::model_answer(case, &last.assessment, &last.facts),
        ending,
        path: s.path().to_vec(),
        decisions: decisions.to_vec(),
    }
}

/// The model answer for a decision about to be taken in a session (for tests and tools).
pub fn model_answer_now(s: &Session) -> ModelAnswer {
    let case = s.case();
    let a = crate::discretion::assess(&case.standard, case.item(), s.facts());
    rules::model_answer(case, &a, s.facts())
}

/// Whether a decision just taken is lawful (no critical error) and proportionate (lawful, with
/// no discretion deduction), for `Decided(..)` conditions in the story. Only the standard's
/// judgement decides it: fact-finding and credentials are procedure deductions, never critical
/// and never on discretion, so what the trainee knew cannot change a verdict.
pub fn verdict(case: &Case, d: &DecisionRecord, previous: &[DecisionRecord]) -> (bool, bool) {
    let before: BTreeSet<Measure> = previous.last().map(|p| p.took.clone()).unwrap_or_default();
    let new: BTreeSet<Measure> = d.took.difference(&before).copied().collect();
    let found = rules::standard_judgement(case, d, &new, &before, previous);
    let lawful = !found.iter().any(|x| x.critical);
    let proportionate = lawful && !found.iter().any(|x| x.dimension == Dimension::Discretion);
    (lawful, proportionate)
}

/// The deductions of a decision just taken; measures taken by choices since the previous
/// decision are judged with it.
fn judged(case: &Case, d: &DecisionRecord, previous: &[DecisionRecord]) -> Vec<Deduction> {
    let before: BTreeSet<Measure> = previous.last().map(|p| p.took.clone()).unwrap_or_default();
    let new: BTreeSet<Measure> = d.took.difference(&before).copied().collect();
    rules::judge(case, d, &new, &before, previous)
}

/// Practice-mode verdict right after a decision.
pub fn feedback(case: &Case, d: &DecisionRecord, previous: &[DecisionRecord]) -> Text {
    let found = judged(case, d, previous);
    let a = &d.assessment;
    let band = |b: &Option<Band>| {
        b.map(|b| format!("{}–{}", b.min, b.max))
            .unwrap_or_else(|| "—".into())
    };
    let mut zh = format!("依据基准，本案法定结果为“{}”", a.outcome.zh());
    let mut en = format!("By the standard the lawful outcome is: {}", a.outcome.en());
    if a.fine.is_some() {
        zh.push_str(&format!("，罚款阶次 {} 元", band(&a.fine)));
        en.push_str(&format!(", fine band {} yuan", band(&a.fine)));
    }
    zh.push('。');
    en.push('.');
    if found.is_empty() {
        zh.push_str("你的决定没有发现问题。");
        en.push_str(" No problems found in your decision.");
    }
    for f in found {
        zh.push_str(&format!(
            "\n- {}（{}）",
            f.explanation.zh.unwrap_or_default(),
            f.basis
        ));
        en.push_str(&format!(
            "\n- {} ({})",
            f.explanation.en.unwrap_or_default(),
            f.basis
        ));
    }
    Text {
        zh: Some(zh),
        en: Some(en),
    }
}

pub(crate) fn effect_points(e: Effect) -> u32 {
    match e {
        Effect::Good => 0,
        Effect::Mixed => 40,
        Effect::Poor => 80,
    }
}

impl Outcome {
    /// Whether the lawful outcome calls for a penalty.
    pub fn calls_for_penalty(self) -> bool {
        matches!(
            self,
            Outcome::Mitigated | Outcome::Lighter | Outcome::General | Outcome::Heavier
        )
    }
}
