//! The app's link to a workshop station (考核工作站). A trainee joins with the station's address
//! and join code, sees the plan's cases (考核) and plays them there: the station runs the session
//! and keeps the signed log; the app shows what it is sent. An instructor follows every trainee
//! live (教员台) from the station's pushed overview. Network calls go through `station::client`;
//! the pushed streams are read on a background thread each (`Feed`).

use super::model::{Driver, Failure, Play, Remote, StationView};
use crate::catalog::Loaded;
use crate::station::client;
use crate::station::wire::{Assignment, Pulse, Row};
use bevy::prelude::Resource;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The trainee's side: the token for the station, the plan's cases, the attempt's pushed pulse.
#[derive(Resource, Default)]
pub struct Exam {
    pub token: Option<String>,
    pub assignment: Option<Assignment>,
    pub error: Option<String>,
    pub pulse: Option<Feed<Pulse>>,
}

/// The instructor's side: the station, its instructor token, the live rows, notes being written.
#[derive(Resource)]
pub struct Desk {
    pub addr: String,
    pub token: String,
    pub feed: Option<Feed<Vec<Row>>>,
    /// A note being written, per trainee.
    pub drafts: BTreeMap<String, String>,
    /// Minutes one click of "more time" gives.
    pub minutes: u64,
    pub error: Option<String>,
    /// What the last action did (shown once).
    pub info: Option<String>,
}

impl Default for Desk {
    fn default() -> Self {
        Desk {
            addr: String::new(),
            token: String::new(),
            feed: None,
            drafts: BTreeMap::new(),
            minutes: 10,
            error: None,
            info: None,
        }
    }
}

/// The latest value of a pushed stream.
#[derive(Debug, Clone)]
pub struct Latest<T> {
    pub value: Option<T>,
    /// The stream is open now.
    pub connected: bool,
    /// Why it is not, if it failed.
    pub error: Option<String>,
    /// Values received so far.
    pub updates: u64,
}

/// A server-sent event stream followed on its own thread, reconnecting after a second whenever
/// it drops, until the `Feed` is dropped.
pub struct Feed<T> {
    latest: Arc<Mutex<Latest<T>>>,
    stop: Arc<AtomicBool>,
}

impl<T> Drop for Feed<T> {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl<T: DeserializeOwned + Clone + Send + 'static> Feed<T> {
    pub fn follow(addr: &str, path: &str, token: &str, event: &'static str) -> Feed<T> {
        let latest = Arc::new(Mutex::new(Latest {
            value: None,
            connected: false,
            error: None,
            updates: 0,
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let (l, s) = (latest.clone(), stop.clone());
        let (addr, path, token) = (addr.to_string(), path.to_string(), token.to_string());
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                let r = client::follow(&addr, &path, &token, |name, v| {
                    if s.load(Ordering::Relaxed) {
                        return false;
                    }
                    if name == event {
                        if let (Ok(v), Ok(mut l)) = (serde_json::from_value::<T>(v), l.lock()) {
                            l.value = Some(v);
                            l.connected = true;
                            l.error = None;
                            l.updates += 1;
                        }
                    }
                    true
                });
                if let Ok(mut l) = l.lock() {
                    l.connected = false;
                    l.error = r.err().map(|e| e.to_string());
                }
                std::thread::sleep(std::time::Duration::from_secs(1));
            }
        });
        Feed { latest, stop }
    }

    pub fn latest(&self) -> Latest<T> {
        self.latest.lock().map(|l| l.clone()).unwrap_or(Latest {
            value: None,
            connected: false,
            error: None,
            updates: 0,
        })
    }
}

fn call(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> Result<Value, Failure> {
    let reply = client::request(addr, method, path, token, body)
        .map_err(|e| Failure::Unreachable(format!("{addr}: {e}")))?;
    Failure::from_reply(reply)
}

fn read<T: DeserializeOwned>(v: Value) -> Result<T, Failure> {
    serde_json::from_value(v).map_err(|e| Failure::Other(e.to_string()))
}

/// Join the station (once; the token is kept in `data`) and fetch the plan's cases. A token the
/// station no longer knows (its data was reset) is dropped and the trainee joins again.
pub fn join(
    addr: &str,
    code: &str,
    trainee: &str,
    data: &Path,
) -> Result<(String, Assignment), Failure> {
    let (addr, code, trainee) = (addr.trim(), code.trim(), trainee.trim());
    if addr.is_empty() || code.is_empty() || trainee.is_empty() {
        return Err(Failure::Refused {
            kind: "join_fields".into(),
            message: "address, join code and trainee id are all needed".into(),
            zh: None,
        });
    }
    for _ in 0..2 {
        let token = match client::kept_token(data, code, trainee) {
            Some(t) => t,
            None => {
                let v = call(
                    addr,
                    "POST",
                    "/api/join",
                    None,
                    Some(&json!({"code": code, "trainee": trainee})),
                )?;
                let t = v
                    .get("token")
                    .and_then(Value::as_str)
                    .ok_or_else(|| Failure::Other("the station gave no token".into()))?
                    .to_string();
                client::keep_token(data, code, trainee, &t).map_err(Failure::Other)?;
                t
            }
        };
        match call(addr, "GET", "/api/assignment", Some(&token), None) {
            Err(Failure::Refused { kind, .. }) if kind == "unknown_token" => {
                let _ = std::fs::remove_file(client::token_path(data, code, trainee));
            }
            Err(e) => return Err(e),
            Ok(v) => return Ok((token, read(v)?)),
        }
    }
    Err(Failure::Other(
        "the station does not accept this trainee's token".into(),
    ))
}

pub fn assignment(addr: &str, token: &str) -> Result<Assignment, Failure> {
    read(call(addr, "GET", "/api/assignment", Some(token), None)?)
}

/// The case as this machine's content has it (for the case file and the site plan).
fn local_case(cases: &[Loaded], scenario: &str) -> Result<Arc<crate::runtime::Case>, Failure> {
    cases
        .iter()
        .find(|c| c.case.scenario.id.value == scenario)
        .map(|c| c.case.clone())
        .ok_or_else(|| Failure::Refused {
            kind: "no_local_case".into(),
            message: format!("this machine's content has no case `{scenario}`"),
            zh: None,
        })
}

fn play_from(
    addr: &str,
    token: &str,
    cases: &[Loaded],
    view: StationView,
) -> Result<Play, Failure> {
    let case = local_case(cases, &view.scenario)?;
    let events = view.events.clone();
    Ok(Play::with(
        Driver::Station(Box::new(Remote {
            addr: addr.to_string(),
            token: token.to_string(),
            case,
            view,
        })),
        events,
    ))
}

/// Start an attempt at `scenario`: the station draws the seed and opens the log.
pub fn start(addr: &str, token: &str, scenario: &str, cases: &[Loaded]) -> Result<Play, Failure> {
    let v = call(
        addr,
        "POST",
        "/api/start",
        Some(token),
        Some(&json!({ "scenario": scenario })),
    )?;
    play_from(addr, token, cases, read(v)?)
}

/// The attempt in progress as the station has it (after a reconnect or a restart of the app).
pub fn resume(addr: &str, token: &str, cases: &[Loaded]) -> Result<Option<Play>, Failure> {
    let v = call(addr, "GET", "/api/state", Some(token), None)?;
    if v.is_null() {
        return Ok(None);
    }
    play_from(addr, token, cases, read(v)?).map(Some)
}

/// Whether the instructor token opens the station's overview.
pub fn check_desk(desk: &Desk) -> Result<(), Failure> {
    call(
        desk.addr.trim(),
        "GET",
        "/api/overview",
        Some(desk.token.trim()),
        None,
    )
    .map(|_| ())
}

/// One of the instructor's actions.
pub fn instruct(desk: &Desk, action: &str, body: Value) -> Result<(), Failure> {
    call(
        desk.addr.trim(),
        "POST",
        &format!("/api/instructor/{action}"),
        Some(desk.token.trim()),
        Some(&body),
    )
    .map(|_| ())
}
