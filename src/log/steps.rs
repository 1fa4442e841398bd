//! A log read back as the steps a reviewer walks through (审核回放): each scene as the trainee saw
//! it, what the trainee did there, and beside each decision the standard's verdict at that moment
//! (lawful outcome, band, legal grounds) from the log's final record.
//!
//! This reads the log only; whether to believe it is `verify`'s job (the register shows a
//! session's steps beside its verdict, and only certifiable logs can be signed off).

use crate::facts::Facts;
use crate::runtime::{DecisionRecord, Event, Input};
use crate::scoring::Debrief;
use crate::text::Text;
use serde_json::Value;

/// One step: a scene and everything that happened in it until the next.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Step {
    /// The scene's id and text (none for what came before the first scene).
    pub scene: Option<(String, Text)>,
    /// The working day the step began on, and its date when the case has a calendar.
    pub day: Option<(u32, Option<String>)>,
    /// What the trainee was shown and did, in order (the drawn facts left out).
    pub events: Vec<Event>,
    /// The decisions taken in this step, each with the standard's verdict at that moment.
    pub decisions: Vec<DecisionRecord>,
    /// Instructors' notes on the session made during this step.
    pub notes: Vec<String>,
}

/// A whole session as a reviewer reads it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Replay {
    pub trainee: String,
    pub scenario: String,
    pub started: String,
    /// The case's true facts for this session (hidden from the trainee, shown to the reviewer).
    pub facts: Option<Facts>,
    pub steps: Vec<Step>,
    /// The inputs the trainee gave, in order.
    pub inputs: Vec<Input>,
    /// The final score, when the session ended.
    pub debrief: Option<Debrief>,
}

/// Read `log` (a session log's text) into steps. Records that do not parse end the reading with
/// an error naming the line.
pub fn replay(log: &str) -> Result<Replay, String> {
    let mut lines = log.lines().enumerate();
    let (_, head) = lines.next().ok_or("the log is empty")?;
    let header: Value =
        serde_json::from_str(head).map_err(|e| format!("line 1: not a log header: {e}"))?;
    let text = |p: &str| {
        header
            .pointer(p)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let mut r = Replay {
        trainee: text("/trainee"),
        scenario: text("/scenario/id"),
        started: text("/started"),
        ..Default::default()
    };
    let mut step = Step::default();
    let mut day: Option<(u32, Option<String>)> = None;
    for (i, line) in lines {
        let at = |e: String| format!("line {}: {e}", i + 1);
        let rec: Value = serde_json::from_str(line).map_err(|e| at(e.to_string()))?;
        match rec.get("record").and_then(Value::as_str) {
            Some("event") => {
                let e: Event =
                    serde_json::from_value(rec["event"].clone()).map_err(|e| at(e.to_string()))?;
                match e {
                    Event::FactsDrawn { facts } => r.facts = Some(facts),
                    Event::Scene { id, text } => {
                        // What came before the first scene (the first day) opens its step.
                        if step.scene.is_some() {
                            r.steps.push(std::mem::take(&mut step));
                            step.day = day.clone();
                        } else if step.day.is_none() {
                            step.day = day.clone();
                        }
                        step.scene = Some((id, text));
                    }
                    Event::Day { day: d, date } => {
                        day = Some((d, date.clone()));
                        step.events.push(Event::Day { day: d, date });
                    }
                    e => step.events.push(e),
                }
            }
            Some("input") => {
                let input: Input =
                    serde_json::from_value(rec["input"].clone()).map_err(|e| at(e.to_string()))?;
                r.inputs.push(input);
            }
            Some("note") => step.notes.push(
                rec.pointer("/note/text")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            ),
            Some("abandoned") => {}
            Some("final") => {
                let d: Debrief = serde_json::from_value(rec["debrief"].clone())
                    .map_err(|e| at(e.to_string()))?;
                r.debrief = Some(d);
            }
            _ => return Err(at("not a log record".into())),
        }
    }
    if step != Step::default() {
        r.steps.push(step);
    }
    // The debrief's decision records, in order, belong to the steps whose events hold a decision.
    if let Some(d) = &r.debrief {
        let mut records = d.decisions.iter();
        for s in &mut r.steps {
            let n = s
                .events
                .iter()
                .filter(|e| matches!(e, Event::Decided { .. }))
                .count();
            s.decisions.extend(records.by_ref().take(n).cloned());
        }
    }
    Ok(r)
}
