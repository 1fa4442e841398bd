//! The decisions the explorer tries at a form (a form has infinitely many fillings): the model
//! decision, the lenient one (no penalty, education, order to correct), a fine at each end of the
//! statutory range with every hard measure offered, and the same without any procedural step.
//! Together they reach what the standard tells apart: lawful or not, too lax or too harsh,
//! procedure kept or skipped. Each is also tried with and without every measure the story
//! tests later (`Took`), and the decisions of the case's embedded tests are tried as written.

use crate::discretion::Band;
use crate::measures::{Measure, MeasureKind};
use crate::runtime::{DecisionInput, FormView, Session};
use std::collections::BTreeSet;

/// The decisions to try at `form`: `took` are the measures conditions from here on test,
/// `written` the decisions the case's tests take (those the form rejects are dropped later).
pub fn representative(
    s: &Session,
    form: &FormView,
    took: &BTreeSet<Measure>,
    written: &[DecisionInput],
) -> Vec<DecisionInput> {
    let mut out = base(s, form);
    let deadline =
        |ms: &[Measure]| (form.deadline && ms.contains(&Measure::OrderToRectify)).then_some(10);
    let fine = out.iter().find_map(|d| d.fine).unwrap_or(1.0);
    // The model and the lenient decision, each with and without each tested measure.
    let base: Vec<DecisionInput> = out.iter().take(2).cloned().collect();
    for m in took.iter().filter(|m| form.measures.contains(m)) {
        for d in &base {
            let mut v = d.clone();
            if v.measures.contains(m) {
                v.measures.retain(|x| x != m);
            } else {
                v.measures.push(*m);
            }
            if v.measures.is_empty() {
                continue;
            }
            v.fine =
                (form.fine && v.measures.contains(&Measure::Fine)).then(|| v.fine.unwrap_or(fine));
            v.deadline = deadline(&v.measures).map(|x| v.deadline.unwrap_or(x));
            out.push(v);
        }
    }
    out.extend(written.iter().cloned());
    let mut unique: Vec<DecisionInput> = Vec::with_capacity(out.len());
    for d in out {
        if !unique.contains(&d) {
            unique.push(d);
        }
    }
    unique
}

/// The model decision, the lenient one, a fine at each end of the range and the model decision
/// without its procedure.
fn base(s: &Session, form: &FormView) -> Vec<DecisionInput> {
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
    out
}
