//! Session logs (会话日志): one JSON Lines file per session, hash-chained and fsync'd per record.
//!
//! Record kinds: `header` (who, where, seed, engine version, content hashes), `event`, `input`,
//! `final` (the debrief). Every record has `seq`, `prev` (the previous record's hash; 64 zeros
//! for the header) and `hash` = SHA-256 of `prev` + "\n" + the record's canonical JSON without
//! `hash` (keys sorted, as serde_json writes maps). `verify` checks the chain and replays.

pub mod recorder;
pub mod verify;

use crate::runtime::{Event, Input, Mode};
use crate::scoring::Debrief;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

pub const FORMAT: u64 = 1;
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Environment variable that overrides where logs are written.
pub const DATA_ENV: &str = "CAILIANG_DATA_DIR";

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The hash of a record (a JSON object without its `hash` key) after `prev`.
pub fn record_hash(prev: &str, record: &Map<String, Value>) -> String {
    let body = Value::Object(record.clone()).to_string();
    sha256_hex(format!("{prev}\n{body}").as_bytes())
}

/// A content file pinned by a session: id and SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Pinned {
    pub id: String,
    pub sha256: String,
    pub file: String,
}

/// Who plays what, for the header.
#[derive(Debug, Clone)]
pub struct Header {
    pub trainee: String,
    pub workstation: String,
    pub mode: Mode,
    pub seed: u64,
    pub scenario: Pinned,
    pub standards: Vec<Pinned>,
    pub scoring: crate::scoring::ScoringConfig,
}

/// The data directory: `--data-dir`, `$CAILIANG_DATA_DIR`, `$XDG_DATA_HOME/cailiang`,
/// `~/.local/share/cailiang`, or `./cailiang-data`.
pub fn data_dir(flag: Option<&Path>) -> PathBuf {
    if let Some(d) = flag {
        return d.to_path_buf();
    }
    if let Some(d) = std::env::var_os(DATA_ENV) {
        return PathBuf::from(d);
    }
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(d).join("cailiang");
    }
    if let Some(h) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        return PathBuf::from(h).join(".local/share/cailiang");
    }
    PathBuf::from("cailiang-data")
}

/// This machine's name, for the header (`$CAILIANG_WORKSTATION` overrides).
pub fn workstation() -> String {
    std::env::var("CAILIANG_WORKSTATION")
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// UTC wall time as RFC 3339 with milliseconds.
pub fn now_rfc3339() -> String {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let secs = d.as_secs() as i64;
    let date = crate::runtime::calendar::Date::from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{date}T{:02}:{:02}:{:02}.{:03}Z",
        s / 3600,
        s % 3600 / 60,
        s % 60,
        d.subsec_millis()
    )
}

/// Writes one session's log. Every `append` is written, flushed and fsync'd before it returns.
pub struct LogWriter {
    file: File,
    path: PathBuf,
    prev: String,
    seq: u64,
    started: Instant,
}

impl LogWriter {
    /// Create the log file under `<data>/sessions/` and write the header.
    pub fn create(data: &Path, h: &Header) -> std::io::Result<LogWriter> {
        let dir = data.join("sessions");
        std::fs::create_dir_all(&dir)?;
        let started = now_rfc3339();
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        let session = sha256_hex(
            format!("{nanos}/{}/{}/{}", std::process::id(), h.seed, h.trainee).as_bytes(),
        )[..16]
            .to_string();
        let safe_id: String = h
            .scenario
            .id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = dir.join(format!(
            "{}_{safe_id}_{session}.jsonl",
            started[..10].to_string().replace('-', "")
        ));
        let file = File::options().create_new(true).append(true).open(&path)?;
        if file.try_lock().is_err() {
            return Err(std::io::Error::other(format!(
                "{} is locked by another process",
                path.display()
            )));
        }
        let mut w = LogWriter {
            file,
            path,
            prev: GENESIS.into(),
            seq: 0,
            started: Instant::now(),
        };
        let pin = |p: &Pinned| json!({"id": p.id, "sha256": p.sha256, "file": p.file});
        let mut header = Map::new();
        header.insert("record".into(), json!("header"));
        header.insert("format".into(), json!(FORMAT));
        header.insert("session".into(), json!(session));
        header.insert("trainee".into(), json!(h.trainee));
        header.insert("workstation".into(), json!(h.workstation));
        header.insert(
            "mode".into(),
            serde_json::to_value(h.mode).unwrap_or(Value::Null),
        );
        header.insert("seed".into(), json!(h.seed));
        header.insert("engine".into(), json!(crate::VERSION));
        header.insert("scenario".into(), pin(&h.scenario));
        header.insert(
            "standards".into(),
            Value::Array(h.standards.iter().map(pin).collect()),
        );
        header.insert(
            "scoring".into(),
            serde_json::to_value(&h.scoring).unwrap_or(Value::Null),
        );
        header.insert("started".into(), json!(started));
        w.append_record(header)?;
        Ok(w)
    }

    /// Continue an existing log after its last record (`prev` is that record's hash, `seq` the
    /// next sequence number). Elapsed times count from the resumption.
    pub fn reopen(path: &Path, prev: String, seq: u64) -> std::io::Result<LogWriter> {
        let file = File::options().append(true).open(path)?;
        if file.try_lock().is_err() {
            return Err(std::io::Error::other(format!(
                "{} is locked by another process",
                path.display()
            )));
        }
        Ok(LogWriter {
            file,
            path: path.to_path_buf(),
            prev,
            seq,
            started: Instant::now(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn append_record(&mut self, mut rec: Map<String, Value>) -> std::io::Result<()> {
        rec.insert("seq".into(), json!(self.seq));
        rec.insert("prev".into(), json!(self.prev));
        let hash = record_hash(&self.prev, &rec);
        rec.insert("hash".into(), json!(hash));
        let mut line = Value::Object(rec).to_string();
        line.push('\n');
        self.file.write_all(line.as_bytes())?;
        self.file.flush()?;
        self.file.sync_data()?;
        self.prev = hash;
        self.seq += 1;
        Ok(())
    }

    fn timed(&self, kind: &str, key: &str, body: Value) -> Map<String, Value> {
        let mut rec = Map::new();
        rec.insert("record".into(), json!(kind));
        rec.insert("wall".into(), json!(now_rfc3339()));
        rec.insert(
            "elapsed_ms".into(),
            json!(self.started.elapsed().as_millis() as u64),
        );
        rec.insert(key.into(), body);
        rec
    }

    pub fn event(&mut self, e: &Event) -> std::io::Result<()> {
        let body = serde_json::to_value(e).map_err(std::io::Error::other)?;
        let rec = self.timed("event", "event", body);
        self.append_record(rec)
    }

    pub fn input(&mut self, i: &Input) -> std::io::Result<()> {
        let body = serde_json::to_value(i).map_err(std::io::Error::other)?;
        let rec = self.timed("input", "input", body);
        self.append_record(rec)
    }

    pub fn finish(&mut self, d: &Debrief) -> std::io::Result<()> {
        let body = serde_json::to_value(d).map_err(std::io::Error::other)?;
        let rec = self.timed("final", "debrief", body);
        self.append_record(rec)
    }
}
