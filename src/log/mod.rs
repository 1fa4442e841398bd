//! Session logs (会话日志): one JSON Lines file per session, hash-chained and fsync'd per record.
//!
//! Record kinds: `header` (who, where, seed, engine version, content hashes), `event`, `input`,
//! `note` (an instructor's note, station logs), `abandoned` (the trainee left the case; an
//! abandoned session can still be resumed, its inputs continue after it), `final` (the debrief). Every record has `seq`, `prev` (the previous record's hash; 64 zeros
//! for the header) and `hash` = SHA-256 of `prev` + "\n" + the record's canonical JSON without
//! `hash` (keys sorted, as serde_json writes maps). `verify` checks the chain and replays.

pub mod recorder;
mod scan;
pub mod sign;
pub mod steps;
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
    lower_hex(&Sha256::digest(bytes))
}

/// Bytes as lower-case hex.
fn lower_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// The hash of a record (a JSON object without its `hash` key) after `prev`.
pub fn record_hash(prev: &str, record: &Map<String, Value>) -> String {
    /// Feeds serialized bytes straight into the hash (no copy of the record, no string).
    struct Hashing(Sha256);
    impl std::io::Write for Hashing {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.update(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut h = Hashing(Sha256::new());
    h.0.update(prev.as_bytes());
    h.0.update(b"\n");
    // The same bytes as `Value::Object(record).to_string()`: compact JSON, keys in map order.
    let _ = serde_json::to_writer(&mut h, record);
    lower_hex(&h.0.finalize())
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
    /// The assessment plan a station plays the session under (station logs only).
    pub plan: Option<PlanRef>,
}

/// A station session's place in its assessment plan, as the header records it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlanRef {
    pub id: String,
    /// The case's pin in the plan (`sha256:…`, see `plan::case_pin`).
    pub pin: String,
    /// 1 for the first attempt at the case.
    pub attempt: u32,
    /// SHA-256 of the plan file the station ran (archived beside its logs), so the register knows
    /// which cases the plan requires from a source the station's signature covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
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

/// Writes one session's log. Every `append` is written, flushed and fsync'd before it returns;
/// a record that cannot be written whole (a full disk) is cut off again, so the log stays
/// verifiable up to its last acknowledged record.
pub struct LogWriter {
    file: File,
    path: PathBuf,
    prev: String,
    seq: u64,
    started: Instant,
    /// Bytes of whole records in the file.
    len: u64,
    /// The station key that signs every record (station logs only).
    signer: Option<std::sync::Arc<sign::StationKey>>,
    /// Records of one step not yet written: (bytes, the chain state before them).
    batch: Option<(Vec<u8>, String, u64)>,
}

/// Create `dir` (and its parents) readable by its owner only (0700 on Unix): logs hold the
/// case's hidden facts.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        b.mode(0o700);
        b.create(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    {
        b.create(dir)
    }
}

/// A new file readable and writable by its owner only (0600 on Unix), failing if it exists.
pub(crate) fn private_file(path: &Path) -> std::io::Result<File> {
    let mut o = File::options();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// `prev` + record → the line to write and the record's hash; a station signs the hash (`sig`,
/// outside what the hash covers).
fn seal(
    prev: &str,
    seq: u64,
    mut rec: Map<String, Value>,
    signer: Option<&sign::StationKey>,
) -> (String, String) {
    rec.insert("seq".into(), json!(seq));
    rec.insert("prev".into(), json!(prev));
    let hash = record_hash(prev, &rec);
    rec.insert("hash".into(), json!(hash));
    if let Some(k) = signer {
        rec.insert("sig".into(), json!(k.sign_hash(&hash)));
    }
    let mut line = Value::Object(rec).to_string();
    line.push('\n');
    (line, hash)
}

impl LogWriter {
    /// Create the log file under `<data>/sessions/` and write the header.
    pub fn create(data: &Path, h: &Header) -> std::io::Result<LogWriter> {
        Self::create_signed(data, h, None)
    }

    /// Create a log whose every record `signer` signs (a station's log).
    pub fn create_signed(
        data: &Path,
        h: &Header,
        signer: Option<std::sync::Arc<sign::StationKey>>,
    ) -> std::io::Result<LogWriter> {
        let dir = data.join("sessions");
        private_dir(&dir)?;
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
        if let Some(p) = &h.plan {
            header.insert(
                "plan".into(),
                serde_json::to_value(p).unwrap_or(Value::Null),
            );
        }
        if let Some(k) = &signer {
            header.insert("station_key".into(), json!(sign::public_text(&k.public())));
        }
        let (line, hash) = seal(GENESIS, 0, header, signer.as_deref());
        // The log appears whole or not at all: the header goes to a hidden temporary file that
        // is renamed into place, so a kill at this moment never leaves an empty log.
        let tmp = dir.join(format!(".{session}.tmp"));
        let written = private_file(&tmp).and_then(|mut f| {
            f.write_all(line.as_bytes())?;
            f.sync_all()
        });
        if let Err(e) = written.and_then(|_| {
            if path.exists() {
                return Err(std::io::Error::other(format!("{} exists", path.display())));
            }
            std::fs::rename(&tmp, &path)
        }) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        let mut w = LogWriter::reopen(&path, hash, 1)?;
        w.started = Instant::now();
        w.signer = signer;
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
        let len = file.metadata()?.len();
        Ok(LogWriter {
            file,
            path: path.to_path_buf(),
            prev,
            seq,
            started: Instant::now(),
            len,
            signer: None,
            batch: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Sign the records appended from now on (a station resuming its own log).
    pub fn sign_with(&mut self, signer: std::sync::Arc<sign::StationKey>) {
        self.signer = Some(signer);
    }

    fn append_record(&mut self, rec: Map<String, Value>) -> std::io::Result<()> {
        let (line, hash) = seal(&self.prev, self.seq, rec, self.signer.as_deref());
        self.prev = hash;
        self.seq += 1;
        match &mut self.batch {
            Some((buf, _, _)) => {
                buf.extend_from_slice(line.as_bytes());
                Ok(())
            }
            None => self.write_synced(line.as_bytes()),
        }
    }

    /// Gather the records of one step (an input and what follows from it) and write them with a
    /// single fsync at [`LogWriter::commit`]: the step is acknowledged only once all are on disk.
    pub fn begin(&mut self) {
        if self.batch.is_none() {
            self.batch = Some((Vec::new(), self.prev.clone(), self.seq));
        }
    }

    /// Write the records gathered since [`LogWriter::begin`], flushed and fsync'd; on failure
    /// nothing of them stays in the file.
    pub fn commit(&mut self) -> std::io::Result<()> {
        let Some((buf, prev, seq)) = self.batch.take() else {
            return Ok(());
        };
        if buf.is_empty() {
            return Ok(());
        }
        if let Err(e) = self.write_synced(&buf) {
            self.prev = prev;
            self.seq = seq;
            return Err(e);
        }
        Ok(())
    }

    fn write_synced(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let written = self
            .file
            .write_all(bytes)
            .and_then(|_| self.file.flush())
            .and_then(|_| self.file.sync_data());
        if let Err(e) = written {
            // Cut off the part that did get written: the log stays whole.
            let _ = self.file.set_len(self.len);
            let _ = self.file.sync_data();
            return Err(std::io::Error::new(
                e.kind(),
                format!(
                    "{e} — the log {} is intact up to its last acknowledged step",
                    self.path.display()
                ),
            ));
        }
        self.len += bytes.len() as u64;
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

    /// An instructor's note on the session, as it stands (station logs).
    pub fn note(&mut self, text: &str, scene: &str) -> std::io::Result<()> {
        let rec = self.timed("note", "note", json!({"text": text, "scene": scene}));
        self.append_record(rec)
    }

    /// The trainee left the case at `scene` (the session stays resumable).
    pub fn abandoned(&mut self, scene: &str) -> std::io::Result<()> {
        let rec = self.timed("abandoned", "abandoned", json!({"scene": scene}));
        self.append_record(rec)
    }

    pub fn finish(&mut self, d: &Debrief) -> std::io::Result<()> {
        let body = serde_json::to_value(d).map_err(std::io::Error::other)?;
        let rec = self.timed("final", "debrief", body);
        self.append_record(rec)
    }
}
