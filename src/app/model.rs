//! The app's data: the case catalog, this workstation's past results and unfinished sessions,
//! and the case being played — locally through a `Recorder` (so the app logs exactly as `cailiang
//! play` does), or at a workshop station, which runs the session and keeps the log.

use crate::catalog::Loaded;
use crate::log::recorder::Recorder;
use crate::measures::{Measure, Step};
use crate::runtime::{DecisionInput, Event};
use bevy::prelude::Resource;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Where the app reads content and writes logs.
#[derive(Resource, Debug, Clone)]
pub struct Dirs {
    pub content: Option<PathBuf>,
    pub data: PathBuf,
}

/// The cases on offer and what this workstation remembers.
#[derive(Resource, Default)]
pub struct Catalog {
    pub cases: Vec<Loaded>,
    pub error: Option<String>,
    pub results: Vec<PastResult>,
    pub unfinished: Vec<Unfinished>,
    /// The case chosen on the home screen.
    pub selected: Option<usize>,
}

/// A finished session found in the data directory.
#[derive(Debug, Clone, PartialEq)]
pub struct PastResult {
    pub scenario: String,
    pub trainee: String,
    pub mode: crate::runtime::Mode,
    pub started: String,
    pub total: f64,
    pub passed: bool,
}

/// A session log without a final record (closed or crashed mid-case).
#[derive(Debug, Clone, PartialEq)]
pub struct Unfinished {
    pub path: PathBuf,
    pub scenario: String,
    pub trainee: String,
    pub started: String,
    pub inputs: usize,
    /// The trainee left it (an `abandoned` record) rather than the app stopping.
    pub abandoned: bool,
    pub mode: crate::runtime::Mode,
}

impl Catalog {
    pub fn load(dirs: &Dirs) -> Catalog {
        let mut c = Catalog::default();
        match &dirs.content {
            Some(dir) => match crate::catalog::load_all(dir) {
                Ok(cases) => c.cases = cases,
                Err(e) => c.error = Some(e),
            },
            None => c.error = Some("no scenarios/ directory found; set CAILIANG_CONTENT".into()),
        }
        c.scan(&dirs.data);
        c
    }

    /// Read this workstation's session logs: results of finished ones, the unfinished ones.
    pub fn scan(&mut self, data: &Path) {
        self.results.clear();
        self.unfinished.clear();
        let me = crate::log::workstation();
        let Ok(rd) = std::fs::read_dir(data.join("sessions")) else {
            return;
        };
        let mut paths: Vec<PathBuf> = rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        paths.sort();
        for path in paths {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let mut lines = text.lines();
            let Some(header) = lines
                .next()
                .and_then(|l| serde_json::from_str::<Value>(l).ok())
            else {
                continue;
            };
            if header.get("workstation").and_then(Value::as_str) != Some(me.as_str()) {
                continue;
            }
            let field = |k: &str| {
                header
                    .get(k)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            let scenario = header
                .get("scenario")
                .and_then(|s| s.get("id"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let records: Vec<Value> = lines.filter_map(|l| serde_json::from_str(l).ok()).collect();
            let mode = serde_json::from_value(header["mode"].clone()).unwrap_or_default();
            let kind = |r: &Value| r.get("record").and_then(Value::as_str).map(str::to_string);
            match records
                .iter()
                .find(|r| r.get("record").and_then(Value::as_str) == Some("final"))
            {
                Some(f) => self.results.push(PastResult {
                    scenario,
                    trainee: field("trainee"),
                    mode,
                    started: field("started"),
                    total: f["debrief"]["total"].as_f64().unwrap_or(0.0),
                    passed: f["debrief"]["passed"].as_bool().unwrap_or(false),
                }),
                None => self.unfinished.push(Unfinished {
                    path: path.clone(),
                    scenario,
                    trainee: field("trainee"),
                    started: field("started"),
                    inputs: records
                        .iter()
                        .filter(|r| kind(r).as_deref() == Some("input"))
                        .count(),
                    abandoned: records
                        .iter()
                        .rev()
                        .find(|r| matches!(kind(r).as_deref(), Some("abandoned" | "input")))
                        .is_some_and(|r| kind(r).as_deref() == Some("abandoned")),
                    mode,
                }),
            }
        }
    }

    /// The best total of `trainee` on `scenario` here, in `mode`.
    pub fn best(&self, scenario: &str, trainee: &str, mode: crate::runtime::Mode) -> Option<f64> {
        self.results
            .iter()
            .filter(|r| r.scenario == scenario && r.mode == mode)
            .filter(|r| trainee.is_empty() || r.trainee == trainee)
            .map(|r| r.total)
            .fold(None, |m, t| Some(m.map_or(t, |m: f64| m.max(t))))
    }
}

/// The decision form as the trainee is filling it in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormState {
    pub measures: BTreeSet<Measure>,
    pub steps: BTreeSet<Step>,
    pub fine: String,
    pub deadline: String,
    /// The trainee tried to submit: empty required fields now say so.
    pub tried: bool,
}

impl FormState {
    /// What is wrong with the fine amount as typed (a translation key), if the fine is ticked.
    pub fn fine_error(&self, has_fine: bool) -> Option<&'static str> {
        if !has_fine || !self.measures.contains(&Measure::Fine) {
            return None;
        }
        let t = self.fine.trim().replace([',', '，', ' '], "");
        if t.is_empty() {
            return Some("form-fine-missing");
        }
        match t.parse::<f64>() {
            Ok(x) if x.is_finite() && x > 0.0 => None,
            Ok(_) => Some("form-fine-invalid"),
            Err(_) => Some("form-fine-nan"),
        }
    }

    /// What is wrong with the deadline as typed (optional: empty is fine).
    pub fn deadline_error(&self, has_deadline: bool) -> Option<&'static str> {
        if !has_deadline
            || !self.measures.contains(&Measure::OrderToRectify)
            || self.deadline.trim().is_empty()
        {
            return None;
        }
        match self.deadline.trim().parse::<u32>() {
            Ok(d) if (1..=60).contains(&d) => None,
            _ => Some("form-deadline-invalid"),
        }
    }

    /// The form as an input, or which field is not valid (a translation key).
    pub fn to_input(
        &self,
        has_fine: bool,
        has_deadline: bool,
    ) -> Result<DecisionInput, &'static str> {
        if self.measures.is_empty() {
            return Err("form-no-measure");
        }
        if let Some(e) = self
            .fine_error(has_fine)
            .or(self.deadline_error(has_deadline))
        {
            return Err(e);
        }
        let number = |s: &str| s.trim().replace([',', '，', ' '], "");
        let fine = (has_fine && self.measures.contains(&Measure::Fine))
            .then(|| number(&self.fine).parse::<f64>().ok())
            .flatten();
        let deadline = (has_deadline && self.measures.contains(&Measure::OrderToRectify))
            .then(|| self.deadline.trim().parse::<u32>().ok())
            .flatten();
        Ok(DecisionInput {
            measures: self.measures.iter().copied().collect(),
            steps: self.steps.iter().copied().collect(),
            fine,
            deadline,
        })
    }
}

/// Who runs the session being played.
pub enum Driver {
    /// This machine, logging as `cailiang play` does.
    Local(Box<Recorder>),
    /// A workshop station: the session and its log are the station's.
    Station(Box<Remote>),
}

/// A case played at a station.
pub struct Remote {
    pub addr: String,
    pub token: String,
    /// The case as the content on this machine has it, for the case file and the site plan
    /// (the facts the station drew never come here).
    pub case: std::sync::Arc<crate::runtime::Case>,
    pub view: StationView,
}

/// What the station sends after each step.
pub type StationView = crate::station::wire::View;

/// Why an input did not go through.
#[derive(Debug)]
pub enum PlayError {
    Rejected(crate::runtime::InputError),
    /// The station refused it, or could not be reached.
    Station(Failure),
    /// The log on this machine could not be written.
    Io(String),
}

/// Why a call to a workshop station failed, shown in the interface language.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The station could not be reached (or the connection dropped).
    Unreachable(String),
    /// The station refused: its error kind (translated here), its English message, and its
    /// Chinese one where it has one.
    Refused {
        kind: String,
        message: String,
        zh: Option<String>,
    },
    /// Anything else: a reply this app cannot read, a case this machine's content lacks.
    Other(String),
}

impl Failure {
    pub fn from_reply(reply: crate::station::client::Reply) -> Result<serde_json::Value, Failure> {
        match reply.kind().map(str::to_string) {
            None => Ok(reply.body),
            Some(kind) => {
                let text = |k: &str| {
                    reply
                        .body
                        .get(k)
                        .and_then(Value::as_str)
                        .map(str::to_string)
                };
                Err(Failure::Refused {
                    kind,
                    message: text("error")
                        .unwrap_or_else(|| format!("the station answered {}", reply.status)),
                    zh: text("zh"),
                })
            }
        }
    }

    /// The failure as the trainee or instructor reads it.
    pub fn show(&self, tr: &super::i18n::Tr) -> String {
        match self {
            Failure::Unreachable(e) => tr.f("exam-offline", &[("error", e)]),
            Failure::Refused { kind, message, zh } => {
                let key = format!("station-{kind}");
                let known = tr.t(&key);
                if known != key {
                    known
                } else if let (crate::text::Lang::Zh, Some(zh)) = (tr.lang, zh) {
                    zh.clone()
                } else {
                    tr.f("station-said", &[("error", message)])
                }
            }
            Failure::Other(e) => e.clone(),
        }
    }
}

/// The case being played.
#[derive(Resource)]
pub struct Play {
    pub driver: Driver,
    /// Every event so far, for the case file and timeline.
    pub events: Vec<Event>,
    /// Index in `events` where the current scene's events begin.
    pub since_input: usize,
    pub form: FormState,
    pub error: Option<String>,
    /// Stable choice numbers for the session (a choice keeps its number while offered).
    pub numbers: crate::runtime::numbers::Numbers,
    /// Digits typed toward a choice number, confirmed with Enter.
    pub typed: String,
    /// A hard or coercive choice picked and waiting for the trainee's confirmation.
    pub confirming: Option<String>,
    /// The trainee asked to leave the case: the dialog is open.
    pub quitting: bool,
}

impl Play {
    pub fn new(rec: Recorder, events: Vec<Event>) -> Play {
        Self::with(Driver::Local(Box::new(rec)), events)
    }

    pub fn with(driver: Driver, events: Vec<Event>) -> Play {
        Play {
            driver,
            events,
            since_input: 0,
            form: FormState::default(),
            error: None,
            numbers: Default::default(),
            typed: String::new(),
            confirming: None,
            quitting: false,
        }
    }

    pub fn case(&self) -> &crate::runtime::Case {
        match &self.driver {
            Driver::Local(r) => r.session().case(),
            Driver::Station(r) => &r.case,
        }
    }

    pub fn mode(&self) -> crate::runtime::Mode {
        match &self.driver {
            Driver::Local(r) => r.session().mode(),
            Driver::Station(_) => crate::runtime::Mode::Assessment,
        }
    }

    pub fn prompt(&self) -> Option<crate::runtime::Prompt> {
        match &self.driver {
            Driver::Local(r) => r.session().prompt(),
            Driver::Station(r) => r.view.prompt.clone(),
        }
    }

    pub fn finished(&self) -> bool {
        match &self.driver {
            Driver::Local(r) => r.session().is_finished(),
            Driver::Station(r) => r.view.finished,
        }
    }

    /// The debrief, where it may be shown (a station may keep it until review).
    pub fn debrief(&self) -> Option<crate::scoring::Debrief> {
        match &self.driver {
            Driver::Local(r) => r.session().debrief().cloned(),
            Driver::Station(r) => r.view.debrief.clone(),
        }
    }

    /// The log on this machine (none for a station session).
    pub fn log_path(&self) -> Option<&Path> {
        match &self.driver {
            Driver::Local(r) => Some(r.log_path()),
            Driver::Station(_) => None,
        }
    }

    /// The working day and date the case has reached.
    pub fn day(&self) -> (u32, Option<String>) {
        self.events
            .iter()
            .rev()
            .find_map(|e| match e {
                Event::Day { day, date } => Some((*day, date.clone())),
                _ => None,
            })
            .unwrap_or((0, None))
    }

    /// Apply an input; on success its events (already on disk, here or at the station).
    pub fn input(&mut self, input: crate::runtime::Input) -> Result<Vec<Event>, PlayError> {
        use crate::log::recorder::RecordError;
        match &mut self.driver {
            Driver::Local(r) => r.input(input).map_err(|e| match e {
                RecordError::Rejected(e) => PlayError::Rejected(e),
                RecordError::Io(e) => PlayError::Io(e.to_string()),
            }),
            Driver::Station(r) => {
                let body = serde_json::json!({"acked": r.view.inputs, "input": input});
                // A dropped connection is tried again: the station applies an input once, and
                // answers a repeat with the whole attempt.
                let mut tries = 0;
                let reply = loop {
                    match crate::station::client::request(
                        &r.addr,
                        "POST",
                        "/api/input",
                        Some(&r.token),
                        Some(&body),
                    ) {
                        Ok(reply) => break reply,
                        Err(_) if tries < 2 => {
                            tries += 1;
                            std::thread::sleep(std::time::Duration::from_millis(300 * tries));
                        }
                        Err(e) => {
                            return Err(PlayError::Station(Failure::Unreachable(e.to_string())))
                        }
                    }
                };
                let v = Failure::from_reply(reply).map_err(PlayError::Station)?;
                let view: StationView = serde_json::from_value(v)
                    .map_err(|e| PlayError::Station(Failure::Other(e.to_string())))?;
                // A reply lost earlier: the station sends the whole attempt again.
                let whole = view.inputs != r.view.inputs + 1;
                let events = view.events.clone();
                r.view = view;
                if whole {
                    self.events.clear();
                }
                Ok(events)
            }
        }
    }
}
