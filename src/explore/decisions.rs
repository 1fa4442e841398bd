//! The decisions the explorer tries at a form (a form has infinitely many fillings): the model
//! decision, the lenient one (no penalty, education, order to correct), a fine at each end of the
//! statutory range with every hard measure offered, and the same without any procedural step.
//! Together they reach what the standard tells apart: lawful or not, too lax or too harsh,
//! procedure kept or skipped.

use crate::discretion::Band;
use crate::measures::{Measure, MeasureKind};
use crate::runtime::{DecisionInput, FormView, Session};

pub fn representative(s: &Session, form: &FormView) -> Vec<DecisionInput> {
    let offered = |m: Measure| form.measures.contains(&m);
    let deadline =
        |ms: &[Measure]| (form.deadline && ms.contains(&Measure::OrderToRectify)).then_some(10);
    let mut out = vec![crate::model_play::model_decision(s, form)];
    let lenient: Vec<Measure> = [
        Measure::NoPenalty,
        Measure::Education,
        Measure::OrderToRectify,
    ]
    .into_iter()
    .filter(|m| offered(*m))
    .collect();
    if !lenient.is_empty() {
        out.push(DecisionInput {
            deadline: deadline(&lenient),
            measures: lenient,
            steps: form.steps.clone(),
            fine: None,
        });
    }
    if offered(Measure::Fine) && form.fine {
        let range = crate::discretion::assess(&s.case().standard, s.case().item(), s.facts())
            .statutory_fine
            .unwrap_or(Band { min: 0, max: 1000 });
        let hard: Vec<Measure> = form
            .measures
            .iter()
            .copied()
            .filter(|m| m.kind() != MeasureKind::Flexible)
            .collect();
        for (fine, measures) in [
            (range.min.max(1) as f64, vec![Measure::Fine]),
            (range.max.max(1) as f64, hard),
        ] {
            out.push(DecisionInput {
                deadline: deadline(&measures),
                measures,
                steps: form.steps.clone(),
                fine: Some(fine),
            });
        }
    }
    // The model decision without its procedure: what skipping it costs.
    let mut bare = out[0].clone();
    if !bare.steps.is_empty() {
        bare.steps.clear();
        out.push(bare);
    }
    out.dedup();
    out
}
