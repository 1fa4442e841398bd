//! Static checks of one assessment plan against the scenarios loaded with it.

use super::Plan;
use crate::content::checks::Sink;
use crate::content::codes;
use crate::suggest::did_you_mean;
use std::collections::{BTreeMap, BTreeSet};

/// Check `p`; `pins` maps each loaded scenario id to the pin of its current content.
pub fn validate(p: &Plan, pins: &BTreeMap<String, String>, sink: &mut Sink) {
    sink.text(&p.title, "the plan's title");
    if p.cases.is_empty() {
        sink.error(
            codes::BAD_VALUE,
            p.id.span,
            format!("plan `{}` has no cases", p.id.value),
            "list the cases, e.g. `cases: [Case(scenario: \"food.expired_yogurt\")]`",
        );
    }
    let mut seen = BTreeSet::new();
    for c in &p.cases {
        let id = &c.value.scenario;
        if !seen.insert(id.value.clone()) {
            sink.error(
                codes::DUPLICATE_ID,
                id.span,
                format!("the plan lists case `{}` twice", id.value),
                "list each case once; `attempts` sets how often it may be played",
            );
        }
        let Some(current) = pins.get(&id.value) else {
            sink.error(
                codes::UNKNOWN_SCENARIO,
                id.span,
                format!("no scenario has the id `{}`", id.value),
                did_you_mean(&id.value, pins.keys())
                    .unwrap_or_else(|| "`cailiang library` lists the cases".into()),
            );
            continue;
        };
        match &c.value.pin {
            None => sink.warning(
                codes::NOT_PINNED,
                id.span,
                format!("case `{}` is not pinned to its content", id.value),
                "run `cailiang check --pin` to pin it (a station pins unpinned cases when it starts)",
            ),
            Some(pin) if pin.value != *current => sink.error(
                codes::PIN_MISMATCH,
                pin.span,
                format!(
                    "case `{}` or a standard it uses changed since the plan was pinned",
                    id.value
                ),
                "review the change, then run `cailiang check --pin` to pin the current content",
            ),
            Some(_) => {}
        }
    }
    if p.attempts.value == 0 {
        sink.error(
            codes::BAD_RANGE,
            p.attempts.span,
            "`attempts` must be at least 1",
            "the number of attempts each trainee may make at each case",
        );
    }
    let pm = p.pass_mark.value;
    if !(0.0..=100.0).contains(&pm) || pm == 0.0 {
        sink.error(
            codes::BAD_RANGE,
            p.pass_mark.span,
            format!("pass mark {pm} is not in (0, 100]"),
            "a pass mark of 0 would pass every session; the default is 80",
        );
    }
    if let Some(w) = &p.weights {
        let v = &w.value;
        let all = [
            v.legality,
            v.discretion,
            v.procedure,
            v.flexibility,
            v.effects,
        ];
        if all.iter().any(|x| !x.is_finite() || *x < 0.0 || *x > 100.0)
            || all.iter().all(|x| *x == 0.0)
        {
            sink.error(
                codes::BAD_RANGE,
                w.span,
                "weights must be numbers from 0 to 100, not all 0",
                "e.g. `weights: Weights(legality: 30, discretion: 25, procedure: 20, flexibility: 15, effects: 10)`",
            );
        }
    }
    if let Some(t) = &p.time_limit_minutes {
        if t.value == 0 {
            sink.error(
                codes::BAD_RANGE,
                t.span,
                "a time limit of 0 minutes leaves no time to play",
                "leave `time_limit_minutes` out for no limit",
            );
        }
    }
}
