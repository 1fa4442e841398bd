//! The `--decision` JSON of `cailiang assess`: measures, steps, fine, confiscated value and
//! deadline, checked field by field so every mistake gets one clear line.

use crate::measures::{Measure, Step};
use crate::scoring::Decision;
use crate::suggest::closest;
use crate::text::shown;
use serde_json::{Map, Value};

const FIELDS: [&str; 5] = ["measures", "steps", "fine", "confiscated_value", "deadline"];

/// Turn the decision object into a [`Decision`]; `Err` is one line naming the problem.
pub fn parse(map: &Map<String, Value>) -> Result<Decision, String> {
    let mut d = Decision::default();
    for (key, v) in map {
        match key.as_str() {
            "measures" => {
                for name in names(key, v)? {
                    d.measures.insert(measure(&name)?);
                }
            }
            "steps" => {
                for name in names(key, v)? {
                    d.steps.insert(step(&name)?);
                }
            }
            "fine" => d.fine = amount(key, v)?,
            "confiscated_value" => d.confiscated_value = amount(key, v)?,
            "deadline" => {
                d.deadline = match v {
                    Value::Null => None,
                    Value::Number(n) => match n.as_u64() {
                        Some(x) if (1..=365).contains(&x) => Some(x as u32),
                        _ => return Err(format!("decision field 'deadline' expects whole working days from 1 to 365, got {n}")),
                    },
                    other => return Err(format!("decision field 'deadline' expects a number of working days or null, got {}", kind(other))),
                }
            }
            other => {
                let shown = crate::text::shown(other);
                return Err(match closest(other, FIELDS.iter()) {
                    Some(c) => format!("unknown decision field '{shown}'; did you mean '{c}'?"),
                    None => format!("unknown decision field '{shown}'; the fields are {}", FIELDS.join(", ")),
                })
            }
        }
    }
    if d.fine.is_some() && !d.measures.contains(&Measure::Fine) {
        return Err(
            "the decision gives a 'fine' amount but its measures do not include \"Fine\"".into(),
        );
    }
    if d.measures.contains(&Measure::Fine) && d.fine.is_none() {
        return Err("the decision's measures include \"Fine\" but 'fine' gives no amount".into());
    }
    Ok(d)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn names(key: &str, v: &Value) -> Result<Vec<String>, String> {
    let Value::Array(items) = v else {
        return Err(format!(
            "decision field '{key}' expects a list of names, got {}",
            kind(v)
        ));
    };
    items
        .iter()
        .map(|i| match i {
            Value::String(s) => Ok(s.clone()),
            other => Err(format!(
                "decision field '{key}' expects names (strings), got {}",
                kind(other)
            )),
        })
        .collect()
}

fn amount(key: &str, v: &Value) -> Result<Option<f64>, String> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.is_finite() && (x > 0.0 || key != "fine" && x >= 0.0) => Ok(Some(x)),
            _ if key == "fine" => Err(format!(
                "decision field 'fine' expects an amount in yuan above 0 (leave out \"Fine\" for no fine), got {n}"
            )),
            _ => Err(format!(
                "decision field '{key}' expects an amount in yuan ≥ 0, got {n}"
            )),
        },
        other => Err(format!(
            "decision field '{key}' expects an amount in yuan or null, got {}",
            kind(other)
        )),
    }
}

fn measure(name: &str) -> Result<Measure, String> {
    Measure::NAMES
        .iter()
        .position(|n| *n == name)
        .map(|i| Measure::ALL[i])
        .ok_or_else(|| match closest(name, Measure::NAMES.iter()) {
            Some(c) => format!("unknown measure '{}'; did you mean '{c}'?", shown(name)),
            None => format!(
                "unknown measure '{}'; the measures are {}",
                shown(name),
                Measure::NAMES.join(", ")
            ),
        })
}

fn step(name: &str) -> Result<Step, String> {
    Step::NAMES
        .iter()
        .position(|n| *n == name)
        .map(|i| Step::ALL[i])
        .ok_or_else(|| match closest(name, Step::NAMES.iter()) {
            Some(c) => format!("unknown step '{}'; did you mean '{c}'?", shown(name)),
            None => format!(
                "unknown step '{}'; the steps are {}",
                shown(name),
                Step::NAMES.join(", ")
            ),
        })
}
