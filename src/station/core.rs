//! The station's state, without the network: enrolment, the plan's cases, one live session per
//! trainee, signed logs. Every operation is synchronous; the HTTP layer calls it off the async
//! runtime. A trainee's state has its own lock, so trainees never wait for each other's fsyncs.

use crate::catalog::Loaded;
use crate::log::recorder::{RecordError, Recorder};
use crate::log::sign::StationKey;
use crate::log::{Header, PlanRef};
use crate::plan::Plan;
use crate::runtime::{Event, Input, Mode};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

pub use super::wire::{Assignment, CaseView, Enrolee, Pulse, Row, View};

/// An error for the station's client: the HTTP status it maps to, a stable `kind` a client can
/// translate (the app shows its own Chinese or English text), and an English message.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub kind: &'static str,
    pub message: String,
    /// The message in Chinese, where the station has one (an input the session refused).
    pub zh: Option<String>,
}

pub(super) fn err(status: u16, kind: &'static str, message: impl Into<String>) -> ApiError {
    ApiError {
        status,
        kind,
        message: message.into(),
        zh: None,
    }
}

/// What the station keeps about enrolment across restarts (`station/enrolment.json`, 0600).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
struct Enrolment {
    code: String,
    instructor: String,
    /// SHA-256 of each trainee's token → the trainee.
    tokens: BTreeMap<String, Enrolee>,
}

/// A session in progress.
struct Active {
    rec: Recorder,
    scenario: String,
    attempt: u32,
    started: Instant,
    /// Everything the trainee has been shown, for a client that reconnects.
    shown: Vec<Event>,
    inputs: usize,
    /// When the plan's time limit runs out (as extended by the instructor).
    deadline: Option<Instant>,
    /// The instructor's notes on this attempt (also in its log).
    notes: Vec<String>,
}

struct Trainee {
    who: Enrolee,
    /// Attempts started per scenario.
    attempts: BTreeMap<String, u32>,
    /// The last finished result per scenario: (total, passed).
    results: BTreeMap<String, (f64, bool)>,
    active: Option<Active>,
    /// The attempt finished last, whole: a client whose reply to the final input was lost gets
    /// it again instead of an error.
    last: Option<View>,
}

pub struct Station {
    pub plan: Plan,
    /// SHA-256 of the plan file, once archived (`keep_plan_file`): logs name it in their header.
    plan_sha256: Option<String>,
    /// Where to send the path of each log whose attempt ended (`record_to`).
    ended: Mutex<Option<std::sync::mpsc::Sender<PathBuf>>>,
    cases: BTreeMap<String, Loaded>,
    key: Arc<StationKey>,
    data: PathBuf,
    content: PathBuf,
    roster: Option<Vec<Enrolee>>,
    enrolment: Mutex<Enrolment>,
    trainees: Mutex<BTreeMap<String, Arc<Mutex<Trainee>>>>,
    /// Bumped by every change a live view shows (join, start, input, extend, end, note).
    generation: AtomicU64,
}

/// Random bytes from the operating system, in hex.
fn random_hex(bytes: usize) -> std::io::Result<String> {
    use std::io::Read;
    let mut b = vec![0u8; bytes];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut b)?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

fn random_u64() -> std::io::Result<u64> {
    Ok(u64::from_str_radix(&random_hex(8)?, 16).unwrap_or(0))
}

impl Station {
    /// Open a station on `data` for `plan`: load and pin its cases from `content`, load or create
    /// the key and the join code, and resume every unfinished session of this plan.
    pub fn open(
        plan: Plan,
        content: &Path,
        data: &Path,
        roster: Option<Vec<Enrolee>>,
    ) -> Result<Station, String> {
        let lib = crate::content::load(&[content.to_path_buf()]);
        if lib.errors() > 0 {
            return Err(format!(
                "{} has {} error(s); run `cailiang check` first",
                content.display(),
                lib.errors()
            ));
        }
        let pins = lib.pins();
        let all = crate::catalog::load_all(content)?;
        let mut cases = BTreeMap::new();
        for c in &plan.cases {
            let id = &c.value.scenario.value;
            let current = pins.get(id).ok_or_else(|| {
                format!("the plan names case `{id}`, which the content does not have")
            })?;
            if let Some(pin) = &c.value.pin {
                if pin.value != *current {
                    return Err(format!(
                        "case `{id}` changed since the plan was pinned; review it and run `cailiang check --pin`"
                    ));
                }
            }
            let loaded = all
                .iter()
                .find(|l| l.case.scenario.id.value == *id)
                .cloned()
                .ok_or_else(|| format!("case `{id}` does not load"))?;
            cases.insert(id.clone(), loaded);
        }
        let dir = data.join("station");
        crate::log::private_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        archive(&dir.join("archive"), cases.values())?;
        let (key, _) = StationKey::load_or_create(&dir.join("station.key"))
            .map_err(|e| format!("station key: {e}"))?;
        let enrolment_path = dir.join("enrolment.json");
        let enrolment = match std::fs::read_to_string(&enrolment_path) {
            Ok(t) => serde_json::from_str(&t)
                .map_err(|e| format!("{}: {e}", enrolment_path.display()))?,
            Err(_) => Enrolment {
                code: format!(
                    "{:06}",
                    random_u64().map_err(|e| e.to_string())? % 1_000_000
                ),
                instructor: random_hex(16).map_err(|e| e.to_string())?,
                tokens: BTreeMap::new(),
            },
        };
        let s = Station {
            plan,
            plan_sha256: None,
            ended: Mutex::new(None),
            cases,
            key: Arc::new(key),
            data: data.to_path_buf(),
            content: content.to_path_buf(),
            roster,
            enrolment: Mutex::new(enrolment),
            trainees: Mutex::new(BTreeMap::new()),
            generation: AtomicU64::new(0),
        };
        s.save_enrolment()?;
        std::fs::write(dir.join("station.pub"), format!("{}\n", s.public_key()))
            .map_err(|e| e.to_string())?;
        s.restore()?;
        Ok(s)
    }

    pub fn code(&self) -> String {
        self.enrolment
            .lock()
            .map(|e| e.code.clone())
            .unwrap_or_default()
    }

    pub fn instructor_token(&self) -> String {
        self.enrolment
            .lock()
            .map(|e| e.instructor.clone())
            .unwrap_or_default()
    }

    pub fn public_key(&self) -> String {
        crate::log::sign::public_text(&self.key.public())
    }

    pub fn fingerprint(&self) -> String {
        crate::log::sign::fingerprint(&self.key.public())
    }

    /// The station's public key, as a key.
    pub fn verifying_key(&self) -> ed25519_dalek::VerifyingKey {
        self.key.public()
    }

    /// The directory of the station's session logs.
    pub fn sessions_dir(&self) -> PathBuf {
        self.data.join("sessions")
    }

    /// The archive of the content and plan the station runs.
    pub fn archive_dir(&self) -> PathBuf {
        self.data.join("station/archive")
    }

    /// Send the path of every log whose attempt ends (finished, ended by the instructor, or out
    /// of time) to `tx`, once its log is closed: `cailiang station --db` records them in the
    /// register as they end. Sending never blocks the station.
    pub fn record_to(&self, tx: std::sync::mpsc::Sender<PathBuf>) {
        if let Ok(mut e) = self.ended.lock() {
            *e = Some(tx);
        }
    }

    fn ended_opt(&self, log: Option<PathBuf>) {
        if let Some(l) = log {
            self.ended(l);
        }
    }

    fn ended(&self, log: PathBuf) {
        if let Ok(e) = self.ended.lock() {
            if let Some(tx) = e.as_ref() {
                let _ = tx.send(log);
            }
        }
    }

    /// A number that changes whenever the live view would (for pushing it to watchers).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Relaxed)
    }

    fn touch(&self) {
        self.generation.fetch_add(1, Ordering::Relaxed);
    }

    fn save_enrolment(&self) -> Result<(), String> {
        let e = self.enrolment.lock().map_err(|_| "enrolment lock")?;
        let dir = self.data.join("station");
        let tmp = dir.join(".enrolment.json.tmp");
        let _ = std::fs::remove_file(&tmp);
        let write = || -> std::io::Result<()> {
            use std::io::Write;
            let mut f = crate::log::private_file(&tmp)?;
            f.write_all(
                serde_json::to_string_pretty(&*e)
                    .unwrap_or_default()
                    .as_bytes(),
            )?;
            f.sync_all()?;
            std::fs::rename(&tmp, dir.join("enrolment.json"))
        };
        write().map_err(|e| format!("cannot save the enrolment: {e}"))
    }

    fn trainee(&self, who: &Enrolee) -> Arc<Mutex<Trainee>> {
        let mut all = self.trainees.lock().expect("trainees lock");
        all.entry(who.id.clone())
            .or_insert_with(|| {
                Arc::new(Mutex::new(Trainee {
                    who: who.clone(),
                    attempts: BTreeMap::new(),
                    results: BTreeMap::new(),
                    active: None,
                    last: None,
                }))
            })
            .clone()
    }

    /// Rebuild attempts, results and live sessions from this plan's logs (after a restart).
    fn restore(&self) -> Result<(), String> {
        let tokens: Vec<Enrolee> = self
            .enrolment
            .lock()
            .map(|e| e.tokens.values().cloned().collect())
            .unwrap_or_default();
        for who in &tokens {
            self.trainee(who);
        }
        let logs = crate::log::verify::logs_in(&[self.data.join("sessions")]);
        let me = self.public_key();
        for path in logs {
            let Some(header) = first_record(&path) else {
                continue;
            };
            if header.get("station_key").and_then(Value::as_str) != Some(me.as_str())
                || header.pointer("/plan/id").and_then(Value::as_str) != Some(&self.plan.id.value)
            {
                continue;
            }
            let trainee_id = header.get("trainee").and_then(Value::as_str).unwrap_or("");
            let Some(who) = tokens.iter().find(|w| w.id == trainee_id) else {
                continue;
            };
            let scenario = header
                .pointer("/scenario/id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let attempt = header
                .pointer("/plan/attempt")
                .and_then(Value::as_u64)
                .unwrap_or(1) as u32;
            let t = self.trainee(who);
            let mut t = t.lock().map_err(|_| "trainee lock")?;
            let used = t.attempts.entry(scenario.clone()).or_insert(0);
            *used = (*used).max(attempt);
            match last_debrief(&path) {
                Some((total, passed)) => {
                    t.results.insert(scenario, (total, passed));
                }
                None => {
                    let (rec, events) = Recorder::resume_signed(
                        &path,
                        std::slice::from_ref(&self.content),
                        Some(self.key.clone()),
                    )
                    .map_err(|e| format!("cannot resume {}: {e}", path.display()))?;
                    let inputs = count_inputs(&path);
                    t.active = Some(Active {
                        rec,
                        scenario,
                        attempt,
                        started: Instant::now(),
                        shown: visible(events),
                        inputs,
                        deadline: self.time_limit(),
                        notes: Vec::new(),
                    });
                }
            }
        }
        Ok(())
    }

    /// Enrol a trainee with the join code; returns the trainee's token. A trainee enrols once:
    /// a second join under the same id is refused (the first client holds the token).
    pub fn join(&self, code: &str, id: &str, name: &str, unit: &str) -> Result<String, ApiError> {
        let id = id.trim();
        if id.is_empty() || id.len() > 64 || id.chars().any(|c| c.is_control()) {
            return Err(err(
                400,
                "bad_trainee_id",
                "a trainee id is 1 to 64 printable characters",
            ));
        }
        let who = {
            let mut e = self
                .enrolment
                .lock()
                .map_err(|_| err(500, "internal", "enrolment lock"))?;
            if code.trim() != e.code {
                return Err(err(403, "wrong_code", "wrong join code"));
            }
            if e.tokens.values().any(|w| w.id == id) {
                return Err(err(
                    409,
                    "already_joined",
                    format!("trainee `{id}` has already joined; reconnect with its token"),
                ));
            }
            let who = match &self.roster {
                Some(r) => r.iter().find(|w| w.id == id).cloned().ok_or_else(|| {
                    err(403, "not_on_roster", format!("`{id}` is not on the roster"))
                })?,
                None => Enrolee {
                    id: id.to_string(),
                    name: name.trim().to_string(),
                    unit: unit.trim().to_string(),
                },
            };
            let token = random_hex(16).map_err(|e| err(500, "internal", e.to_string()))?;
            e.tokens
                .insert(crate::log::sha256_hex(token.as_bytes()), who.clone());
            (who, token)
        };
        self.save_enrolment().map_err(|e| err(500, "internal", e))?;
        self.trainee(&who.0);
        self.touch();
        Ok(who.1)
    }

    /// The trainee a token belongs to.
    pub fn auth(&self, token: &str) -> Result<Enrolee, ApiError> {
        let e = self
            .enrolment
            .lock()
            .map_err(|_| err(500, "internal", "enrolment lock"))?;
        e.tokens
            .get(&crate::log::sha256_hex(token.trim().as_bytes()))
            .cloned()
            .ok_or_else(|| {
                err(
                    401,
                    "unknown_token",
                    "unknown token: join the station first",
                )
            })
    }

    pub fn assignment(&self, who: &Enrolee) -> Result<Assignment, ApiError> {
        let t = self.trainee(who);
        let t = t.lock().map_err(|_| err(500, "internal", "trainee lock"))?;
        let cases = self
            .plan
            .cases
            .iter()
            .filter_map(|c| {
                let id = &c.value.scenario.value;
                let l = self.cases.get(id)?;
                Some(CaseView {
                    scenario: id.clone(),
                    title: l.case.scenario.title.value.clone(),
                    attempts_used: t.attempts.get(id).copied().unwrap_or(0),
                    attempts: self.plan.attempts.value,
                    required: c.value.required,
                    result: t.results.get(id).copied(),
                })
            })
            .collect();
        Ok(Assignment {
            trainee: t.who.clone(),
            plan: self.plan.id.value.clone(),
            title: self.plan.title.value.clone(),
            cases,
            active: t.active.as_ref().map(|a| a.scenario.clone()),
        })
    }

    /// Start an attempt at a case: the station draws the seed and opens a signed log.
    pub fn start(&self, who: &Enrolee, scenario: &str) -> Result<View, ApiError> {
        let loaded = self.cases.get(scenario).ok_or_else(|| {
            err(
                404,
                "not_in_plan",
                format!("`{scenario}` is not a case of this plan"),
            )
        })?;
        let t = self.trainee(who);
        let mut t = t.lock().map_err(|_| err(500, "internal", "trainee lock"))?;
        if let Some(a) = &t.active {
            return Err(err(
                409,
                "attempt_in_progress",
                format!("an attempt at `{}` is in progress", a.scenario),
            ));
        }
        let used = t.attempts.get(scenario).copied().unwrap_or(0);
        if used >= self.plan.attempts.value {
            return Err(err(
                409,
                "no_attempts_left",
                format!("no attempts left at `{scenario}`"),
            ));
        }
        let pin = self
            .plan
            .cases
            .iter()
            .find(|c| c.value.scenario.value == scenario)
            .and_then(|c| c.value.pin.as_ref().map(|p| p.value.clone()))
            .unwrap_or_else(|| current_pin(loaded));
        let header = Header {
            trainee: who.id.clone(),
            workstation: format!("station {}", self.fingerprint()),
            mode: Mode::Assessment,
            seed: random_u64().map_err(|e| err(500, "internal", e.to_string()))?,
            scenario: loaded.scenario.clone(),
            standards: loaded.standards.clone(),
            scoring: self.plan.scoring(),
            plan: Some(PlanRef {
                id: self.plan.id.value.clone(),
                pin,
                attempt: used + 1,
                sha256: self.plan_sha256.clone(),
            }),
        };
        let (rec, events) = Recorder::begin_signed(
            loaded.case.clone(),
            &header,
            &self.data,
            Some(self.key.clone()),
        )
        .map_err(|e| err(507, "disk", format!("cannot create the session log: {e}")))?;
        t.attempts.insert(scenario.to_string(), used + 1);
        t.last = None;
        self.touch();
        let shown = visible(events);
        t.active = Some(Active {
            rec,
            scenario: scenario.to_string(),
            attempt: used + 1,
            started: Instant::now(),
            shown: shown.clone(),
            inputs: 0,
            deadline: self.time_limit(),
            notes: Vec::new(),
        });
        Ok(self.view(&t, shown))
    }

    /// Apply an input. `acked` is how many inputs the client has seen acknowledged: if the
    /// station already has more (the reply was lost), the input is not applied twice.
    pub fn input(&self, who: &Enrolee, acked: usize, input: Input) -> Result<View, ApiError> {
        let t = self.trainee(who);
        let mut t = t.lock().map_err(|_| err(500, "internal", "trainee lock"))?;
        if self.expire(&mut t) {
            return Err(err(409, "time_up", "time is up: the attempt has ended"));
        }
        if t.active.is_none() {
            if let Some(last) = t.last.as_ref().filter(|l| acked < l.inputs) {
                return Ok(last.clone());
            }
        }
        let a = t
            .active
            .as_mut()
            .ok_or_else(|| err(409, "no_attempt", "no attempt in progress; start a case"))?;
        if acked < a.inputs {
            let all = a.shown.clone();
            return Ok(self.view(&t, all));
        }
        if acked > a.inputs {
            return Err(err(
                409,
                "client_ahead",
                "the client is ahead of the station; fetch the state",
            ));
        }
        let events = match a.rec.input(input) {
            Ok(ev) => ev,
            Err(RecordError::Rejected(r)) => {
                return Err(ApiError {
                    zh: Some(r.message(crate::text::Lang::Zh)),
                    ..err(422, "rejected", r.message(crate::text::Lang::En))
                })
            }
            Err(RecordError::Io(e)) => {
                // The log holds everything acknowledged; rebuild the session from it, so the
                // trainee can send the input again once the disk has room.
                let path = a.rec.log_path().to_path_buf();
                let (scenario, attempt) = (a.scenario.clone(), a.attempt);
                drop(t.active.take()); // releases the log's lock
                t.active = Recorder::resume_signed(
                    &path,
                    std::slice::from_ref(&self.content),
                    Some(self.key.clone()),
                )
                .ok()
                .map(|(rec, events)| Active {
                    rec,
                    scenario,
                    attempt,
                    started: Instant::now(),
                    shown: visible(events),
                    inputs: count_inputs(&path),
                    deadline: self.time_limit(),
                    notes: Vec::new(),
                });
                return Err(err(
                    507,
                    "disk",
                    format!("cannot write the session log: {e}"),
                ));
            }
        };
        a.inputs += 1;
        let events = visible(events);
        a.shown.extend(events.iter().cloned());
        self.touch();
        let v = self.view(&t, events);
        if v.finished {
            t.last = Some(
                self.view(
                    &t,
                    t.active
                        .as_ref()
                        .map(|a| a.shown.clone())
                        .unwrap_or_default(),
                ),
            );
            if let Some(a) = t.active.take() {
                if let Some(d) = a.rec.session().debrief() {
                    t.results.insert(a.scenario.clone(), (d.total, d.passed));
                }
                let log = a.rec.log_path().to_path_buf();
                drop(a);
                self.ended(log);
            }
        }
        Ok(v)
    }

    /// End the trainee's attempt if its time limit has run out (a note in the log says so);
    /// whether it did.
    fn expire(&self, t: &mut Trainee) -> bool {
        let over = t
            .active
            .as_ref()
            .and_then(|a| a.deadline)
            .is_some_and(|d| Instant::now() > d);
        if over {
            let log = close(
                t,
                "时间已到，本次考核结束。 Time is up: the attempt has ended.",
            );
            self.touch();
            self.ended_opt(log);
        }
        over
    }

    /// Everything the trainee's current attempt has shown, for a client that reconnects.
    pub fn state(&self, who: &Enrolee) -> Result<Option<View>, ApiError> {
        let t = self.trainee(who);
        let mut t = t.lock().map_err(|_| err(500, "internal", "trainee lock"))?;
        self.expire(&mut t);
        Ok(t.active
            .as_ref()
            .map(|a| a.shown.clone())
            .map(|all| self.view(&t, all)))
    }

    /// The trainee's attempt in brief, for the pushed updates (ends it when time is up).
    pub fn pulse(&self, who: &Enrolee) -> Result<Pulse, ApiError> {
        let t = self.trainee(who);
        let mut t = t.lock().map_err(|_| err(500, "internal", "trainee lock"))?;
        self.expire(&mut t);
        Ok(match &t.active {
            Some(a) => Pulse {
                active: Some(a.scenario.clone()),
                inputs: a.inputs,
                time_left_s: a
                    .deadline
                    .map(|d| d.saturating_duration_since(Instant::now()).as_secs()),
                notes: a.notes.clone(),
            },
            None => Pulse {
                active: None,
                inputs: 0,
                time_left_s: None,
                notes: Vec::new(),
            },
        })
    }

    fn view(&self, t: &Trainee, events: Vec<Event>) -> View {
        let a = t.active.as_ref().expect("an active attempt");
        let s = a.rec.session();
        let show = self.plan.debrief == crate::plan::DebriefPolicy::AtOnce;
        View {
            scenario: a.scenario.clone(),
            attempt: a.attempt,
            inputs: a.inputs,
            events,
            prompt: s.prompt(),
            finished: s.is_finished(),
            debrief: s.debrief().filter(|_| show).cloned(),
            time_left_s: a
                .deadline
                .map(|d| d.saturating_duration_since(Instant::now()).as_secs()),
            notes: a.notes.clone(),
        }
    }

    fn time_limit(&self) -> Option<Instant> {
        self.plan
            .time_limit_minutes
            .as_ref()
            .map(|m| Instant::now() + std::time::Duration::from_secs(u64::from(m.value) * 60))
    }

    fn by_id(&self, trainee: &str) -> Result<Arc<Mutex<Trainee>>, ApiError> {
        self.trainees
            .lock()
            .map_err(|_| err(500, "internal", "trainees lock"))?
            .get(trainee)
            .cloned()
            .ok_or_else(|| {
                err(
                    404,
                    "no_such_trainee",
                    format!("no trainee `{trainee}` has joined"),
                )
            })
    }

    /// The instructor gives a trainee's attempt more time.
    pub fn extend(&self, trainee: &str, minutes: u64) -> Result<(), ApiError> {
        let t = self.by_id(trainee)?;
        let mut t = t.lock().map_err(|_| err(500, "internal", "trainee lock"))?;
        let a = t.active.as_mut().ok_or_else(|| {
            err(
                409,
                "no_attempt",
                format!("`{trainee}` has no attempt in progress"),
            )
        })?;
        let base = a.deadline.unwrap_or_else(Instant::now).max(Instant::now());
        a.deadline = Some(base + std::time::Duration::from_secs(minutes * 60));
        self.touch();
        Ok(())
    }

    /// The instructor ends a trainee's attempt (it stays in its log, unfinished).
    pub fn end(&self, trainee: &str) -> Result<(), ApiError> {
        let t = self.by_id(trainee)?;
        let mut t = t.lock().map_err(|_| err(500, "internal", "trainee lock"))?;
        if t.active.is_none() {
            return Err(err(
                409,
                "no_attempt",
                format!("`{trainee}` has no attempt in progress"),
            ));
        }
        let log = close(
            &mut t,
            "教员结束了本次考核。 The instructor ended the attempt.",
        );
        self.touch();
        self.ended_opt(log);
        Ok(())
    }

    /// The instructor flags the moment with a note: it goes into the log and the trainee's view.
    pub fn note(&self, trainee: &str, text: &str) -> Result<(), ApiError> {
        let text = text.trim();
        if text.is_empty() || text.chars().count() > 2000 {
            return Err(err(400, "bad_note", "a note is 1 to 2000 characters"));
        }
        let t = self.by_id(trainee)?;
        let mut t = t.lock().map_err(|_| err(500, "internal", "trainee lock"))?;
        let a = t.active.as_mut().ok_or_else(|| {
            err(
                409,
                "no_attempt",
                format!("`{trainee}` has no attempt in progress"),
            )
        })?;
        a.rec
            .note(text)
            .map_err(|e| err(507, "disk", format!("cannot write the note: {e}")))?;
        a.notes.push(text.to_string());
        self.touch();
        Ok(())
    }

    /// The instructor's live view: every enrolled trainee.
    pub fn overview(&self) -> Vec<Row> {
        let all: Vec<Arc<Mutex<Trainee>>> = self
            .trainees
            .lock()
            .map(|m| m.values().cloned().collect())
            .unwrap_or_default();
        all.iter()
            .filter_map(|t| {
                let t = t.lock().ok()?;
                let a = t.active.as_ref();
                Some(Row {
                    trainee: t.who.clone(),
                    scenario: a.map(|a| a.scenario.clone()),
                    scene: a.and_then(|a| a.rec.session().path().last().cloned()),
                    elapsed_s: a.map(|a| a.started.elapsed().as_secs()),
                    time_left_s: a
                        .and_then(|a| a.deadline)
                        .map(|d| d.saturating_duration_since(Instant::now()).as_secs()),
                    decisions: a.map(|a| a.rec.session().decisions().len()).unwrap_or(0),
                    finished: t.results.len(),
                    passed: t.results.values().filter(|r| r.1).count(),
                })
            })
            .collect()
    }
}

impl Station {
    /// Archive the plan file the station runs (named by its SHA-256, beside the case files) and
    /// name it in every log's header from now on: the register learns the plan's required cases
    /// from the archive, and the station's signature on the header vouches for which file it is.
    pub fn keep_plan_file(&mut self, bytes: &[u8]) -> Result<(), String> {
        let sha = crate::log::sha256_hex(bytes);
        let to = self.data.join("station/archive").join(format!("{sha}.ron"));
        if !to.exists() {
            std::fs::write(&to, bytes).map_err(|e| format!("{}: {e}", to.display()))?;
        }
        self.plan_sha256 = Some(sha);
        Ok(())
    }
}

/// Keep a copy of every scenario and standard file the station uses, named by its SHA-256, so
/// that editing a case later never breaks the verification of the logs already written.
fn archive<'a>(dir: &Path, cases: impl Iterator<Item = &'a Loaded>) -> Result<(), String> {
    crate::log::private_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for l in cases {
        for p in std::iter::once(&l.scenario).chain(&l.standards) {
            let to = dir.join(format!("{}.ron", p.sha256));
            if to.exists() {
                continue;
            }
            let bytes = std::fs::read(&p.file).map_err(|e| format!("{}: {e}", p.file))?;
            if crate::log::sha256_hex(&bytes) != p.sha256 {
                return Err(format!("{} changed while the station was starting", p.file));
            }
            std::fs::write(&to, bytes).map_err(|e| format!("{}: {e}", to.display()))?;
        }
    }
    Ok(())
}

/// Close a trainee's attempt without an ending: a note says why, and the log stays unfinished
/// (not certifiable). Returns the closed log's path.
fn close(t: &mut Trainee, why: &str) -> Option<PathBuf> {
    let mut a = t.active.take()?;
    let _ = a.rec.note(why);
    Some(a.rec.log_path().to_path_buf())
}

/// What a trainee may see: never the drawn facts.
fn visible(events: Vec<Event>) -> Vec<Event> {
    events
        .into_iter()
        .filter(|e| !matches!(e, Event::FactsDrawn { .. }))
        .collect()
}

fn current_pin(l: &Loaded) -> String {
    let standards: Vec<(String, String)> = l
        .standards
        .iter()
        .map(|p| (p.id.clone(), p.sha256.clone()))
        .collect();
    crate::plan::case_pin(&l.scenario.sha256, &standards)
}

fn first_record(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(text.lines().next()?).ok()
}

fn last_debrief(path: &Path) -> Option<(f64, bool)> {
    let text = std::fs::read_to_string(path).ok()?;
    let last: Value = serde_json::from_str(text.lines().last()?).ok()?;
    let d = last.get("debrief")?;
    Some((d.get("total")?.as_f64()?, d.get("passed")?.as_bool()?))
}

fn count_inputs(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .map(|t| {
            t.lines()
                .filter(|l| l.contains("\"record\":\"input\""))
                .count()
        })
        .unwrap_or(0)
}
