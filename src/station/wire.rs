//! What the station and its clients say to each other (JSON over HTTP): the types both sides
//! share. No network code here, so the desktop app reads them without the station's server.

use crate::runtime::{Event, Prompt};
use crate::scoring::Debrief;
use serde::{Deserialize, Serialize};

/// A roster line: who may join, and their unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enrolee {
    pub id: String,
    pub name: String,
    pub unit: String,
}

/// What a trainee's client is told after each step.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct View {
    pub scenario: String,
    pub attempt: u32,
    /// Inputs the station has acknowledged in this session.
    pub inputs: usize,
    pub events: Vec<Event>,
    pub prompt: Option<Prompt>,
    pub finished: bool,
    /// Only where the plan shows the debrief at once.
    pub debrief: Option<Debrief>,
    /// Seconds left under the plan's time limit.
    pub time_left_s: Option<u64>,
    /// The instructor's notes on the attempt.
    pub notes: Vec<String>,
}

/// What a trainee's client is pushed while it plays: enough to show the time left and the
/// instructor's notes, and to notice an attempt the instructor or the clock ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pulse {
    /// The case of the attempt in progress, if any.
    pub active: Option<String>,
    pub inputs: usize,
    pub time_left_s: Option<u64>,
    pub notes: Vec<String>,
}

/// A case of the plan as a trainee sees it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseView {
    pub scenario: String,
    pub title: crate::text::Text,
    pub attempts_used: u32,
    pub attempts: u32,
    pub required: bool,
    pub result: Option<(f64, bool)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Assignment {
    pub trainee: Enrolee,
    pub plan: String,
    pub title: crate::text::Text,
    pub cases: Vec<CaseView>,
    pub active: Option<String>,
}

/// One row of the instructor's live view.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    pub trainee: Enrolee,
    pub scenario: Option<String>,
    pub scene: Option<String>,
    pub elapsed_s: Option<u64>,
    pub time_left_s: Option<u64>,
    pub decisions: usize,
    pub finished: usize,
    pub passed: usize,
}

/// A roster (名单) CSV, as `station --roster` and `register roster` read it: `id,name,unit` per
/// line (UTF-8, a byte-order mark allowed); a first line naming the columns is skipped.
pub fn read_roster(path: &std::path::Path) -> Result<Vec<Enrolee>, String> {
    let text = crate::bounded::read_text(path, crate::bounded::TABLE_BYTES)
        .map_err(|e| format!("the roster: {e}"))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let cols: Vec<&str> = line.split(',').map(str::trim).collect();
        if line.trim().is_empty() || (n == 0 && cols[0].eq_ignore_ascii_case("id")) {
            continue;
        }
        if cols.len() < 3 || cols[0].is_empty() {
            return Err(format!(
                "{}:{}: expected `id,name,unit`",
                path.display(),
                n + 1
            ));
        }
        out.push(Enrolee {
            id: cols[0].to_string(),
            name: cols[1].to_string(),
            unit: cols[2].to_string(),
        });
    }
    Ok(out)
}
