//! The model officer (示范执法): plays a case for a seed, submitting the model answer for the
//! facts as they stand at every decision form, and searches the trainee's choices for the best
//! score. CATALOGUE.md promises that the model answer scores 100 on every seed; `cailiang test
//! --model` and `tests/model_answers.rs` hold the shipped library to it.
//!
//! The search is a depth-first walk over choices, memoised on the play state, that stops at the
//! first perfect session; it tries investigation and procedure first and hard measures last.

use crate::measures::{Measure, MeasureKind, Step};
use crate::runtime::{Case, DecisionInput, FormView, Input, Mode, Session};
use crate::scenario::Action;
use crate::scoring::Debrief;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The best session the search found.
#[derive(Debug, Clone)]
pub struct ModelPlay {
    pub debrief: Debrief,
    /// The inputs that produced it (a script `play --input` accepts).
    pub inputs: Vec<Input>,
    /// Play states visited.
    pub explored: usize,
}

/// Cap on the play states one search visits.
pub const MAX_STATES: usize = 50_000;

/// The model decision for the form as it stands: the model answer's measures and steps that the
/// form offers, the middle of the fine band, and a deadline where the form asks for one.
pub fn model_decision(s: &Session, form: &FormView) -> DecisionInput {
    let m = crate::scoring::model_answer_now(s);
    let mut measures: Vec<Measure> = m
        .measures
        .iter()
        .copied()
        .filter(|x| form.measures.contains(x))
        .collect();
    if measures.is_empty() {
        measures.extend(form.measures.iter().find(|x| **x == Measure::NoPenalty));
    }
    let mut steps: Vec<Step> = m
        .steps
        .iter()
        .copied()
        .filter(|x| form.steps.contains(x))
        .collect();
    let coerced = s.chosen().iter().any(|id| {
        s.case().scenario.choices().any(|c| {
            c.id.value == *id && matches!(c.action.value, Action::Measure(m) if m.is_coercion())
        })
    });
    if coerced && form.steps.contains(&Step::HeadApproval) {
        steps.push(Step::HeadApproval);
    }
    let fines = measures.contains(&Measure::Fine);
    let fine = match m.fine {
        Some(b) if fines && form.fine => Some(crate::scoring::model_fine(b)),
        _ => None,
    };
    if fines && fine.is_none() && form.fine {
        measures.retain(|x| *x != Measure::Fine);
    }
    let deadline = (form.deadline && measures.contains(&Measure::OrderToRectify)).then_some(10);
    DecisionInput {
        measures,
        steps,
        fine,
        deadline,
    }
}

/// Rank of a choice in the search: investigate and procedure first, hard measures last.
fn rank(a: Action) -> u8 {
    match a {
        Action::Investigate | Action::Step(_) => 0,
        Action::Talk => 1,
        Action::Measure(m) if m.kind() == MeasureKind::Flexible => 2,
        Action::Move => 3,
        Action::Measure(_) => 4,
    }
}

/// What identifies a play state for the memo: everything conditions and scoring can read.
fn key(s: &Session) -> String {
    let chosen: BTreeSet<&String> = s.chosen().iter().collect();
    let visited: BTreeSet<&String> = s.path().iter().collect();
    format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{}|{}",
        s.path().last(),
        chosen,
        visited,
        s.facts(),
        s.known(),
        s.day(),
        s.decisions().len()
    )
}

struct Search {
    seen: BTreeSet<String>,
    best: Option<ModelPlay>,
    explored: usize,
}

impl Search {
    fn better(&self, d: &Debrief) -> bool {
        self.best
            .as_ref()
            .is_none_or(|b| (d.passed, d.total) > (b.debrief.passed, b.debrief.total))
    }

    fn done(&self) -> bool {
        self.explored >= MAX_STATES
            || self
                .best
                .as_ref()
                .is_some_and(|b| b.debrief.passed && b.debrief.total >= 100.0)
    }

    fn walk(&mut self, s: Session, inputs: &mut Vec<Input>) {
        if self.done() {
            return;
        }
        if let Some(d) = s.debrief() {
            if self.better(d) {
                self.best = Some(ModelPlay {
                    debrief: d.clone(),
                    inputs: inputs.clone(),
                    explored: 0,
                });
            }
            return;
        }
        let Some(p) = s.prompt() else { return };
        if !self.seen.insert(key(&s)) {
            return;
        }
        self.explored += 1;
        if let Some(form) = &p.decision {
            let input = Input::Decide(model_decision(&s, form));
            self.try_input(&s, input, inputs);
        }
        let mut choices = p.choices.clone();
        choices.sort_by_key(|c| rank(c.action));
        for c in choices {
            if self.done() {
                return;
            }
            self.try_input(&s, Input::Choose { id: c.id.clone() }, inputs);
        }
    }

    fn try_input(&mut self, s: &Session, input: Input, inputs: &mut Vec<Input>) {
        let mut next = s.clone();
        if next.input(input.clone()).is_ok() {
            next.take_events();
            inputs.push(input);
            self.walk(next, inputs);
            inputs.pop();
        }
    }
}

/// Play `case` with `seed` as the model officer; `None` if no session could be finished.
pub fn model_play(case: &Arc<Case>, seed: u64) -> Option<ModelPlay> {
    let mut s = Session::start(case.clone(), seed, Mode::Assessment);
    s.take_events();
    let mut search = Search {
        seen: BTreeSet::new(),
        best: None,
        explored: 0,
    };
    search.walk(s, &mut Vec::new());
    let explored = search.explored;
    search.best.map(|mut b| {
        b.explored = explored;
        b
    })
}

/// Play the model answer on seeds `0..seeds`; `Err` reports the first seed that falls short.
pub fn check_seeds(case: &Arc<Case>, seeds: u64) -> Result<(), String> {
    for seed in 0..seeds {
        let Some(play) = model_play(case, seed) else {
            return Err(format!("    seed {seed}: no session could be finished"));
        };
        let d = &play.debrief;
        if !(d.passed && d.total >= 100.0) {
            let rules: Vec<String> = d
                .deductions
                .iter()
                .map(|x| format!("{} −{}", x.rule, x.points))
                .collect();
            let script: Vec<String> = play
                .inputs
                .iter()
                .map(|i| match i {
                    Input::Choose { id } => format!("Choose(\"{id}\")"),
                    Input::Decide(d) => format!(
                        "Decide(measures: {:?}, steps: {:?}, fine: {:?}, deadline: {:?})",
                        d.measures, d.steps, d.fine, d.deadline
                    ),
                })
                .collect();
            return Err(format!(
                "    seed {seed}: best {:.1}{} (outcome {:?}, ending `{}`; {} states searched)\n    deductions: {}\n    inputs: [{}]",
                d.total,
                if d.passed { ", passed" } else { ", failed" },
                d.lawful.outcome,
                d.ending,
                play.explored,
                rules.join(", "),
                script.join(", ")
            ));
        }
    }
    Ok(())
}
