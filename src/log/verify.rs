//! Verifying a session log: the hash chain, then a replay of the recorded inputs against the
//! scenario and standards whose content hashes the header pins.

use super::{record_hash, sha256_hex, GENESIS};
use crate::runtime::{Case, Event, Input, Mode, Session};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The result for one log.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Verdict {
    /// Chain intact, replay identical, final score reproduced.
    Intact {
        records: usize,
        inputs: usize,
        total: f64,
        passed: bool,
    },
    /// Chain intact and replay identical so far, but no final record (as after a crash).
    Incomplete { records: usize, inputs: usize },
    /// The first failing record (1-based line number) and why.
    Broken { record: usize, reason: String },
}

/// Files under `dirs` by the SHA-256 of their bytes.
pub fn content_index(dirs: &[PathBuf]) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack: Vec<PathBuf> = dirs.to_vec();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            if let Ok(rd) = std::fs::read_dir(&p) {
                stack.extend(rd.flatten().map(|e| e.path()));
            }
        } else if p.extension().is_some_and(|x| x == "ron") {
            if let Ok(bytes) = std::fs::read(&p) {
                out.insert(sha256_hex(&bytes), p);
            }
        }
    }
    out
}

/// What a log's header says about its session, for display (the verdict says whether to trust it).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub trainee: String,
    pub workstation: String,
    pub scenario: String,
    pub mode: String,
    pub seed: Option<u64>,
    pub pass_mark: Option<f64>,
    pub started: String,
}

/// The header of the log at `path`, read without checking anything.
pub fn summary(path: &Path) -> Option<Summary> {
    use std::io::BufRead;
    if !std::fs::metadata(path).ok()?.is_file() {
        return None; // a device or a pipe could block or never end
    }
    let f = std::fs::File::open(path).ok()?;
    let mut first = String::new();
    std::io::BufReader::new(f)
        .take(1 << 20)
        .read_line(&mut first)
        .ok()?;
    let h: Value = serde_json::from_str(&first).ok()?;
    let text = |k: &str| h.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    Some(Summary {
        trainee: text("trainee"),
        workstation: text("workstation"),
        scenario: h
            .pointer("/scenario/id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        mode: text("mode"),
        seed: h.get("seed").and_then(Value::as_u64),
        pass_mark: h.pointer("/scoring/pass_mark").and_then(Value::as_f64),
        started: text("started"),
    })
}

/// Where a log's pinned content is looked up: the directories given (else the installed content,
/// never the current directory's), and the archive of the station that wrote each log
/// (`<data>/station/archive` beside its `sessions/`).
pub fn content_dirs(given: &[PathBuf], logs: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = if given.is_empty() {
        crate::paths::installed_content_dir().into_iter().collect()
    } else {
        given.to_vec()
    };
    for log in logs {
        if let Some(archive) = log
            .parent()
            .and_then(Path::parent)
            .map(|d| d.join("station/archive"))
            .filter(|d| d.is_dir() && !dirs.contains(d))
        {
            dirs.push(archive);
        }
    }
    dirs
}

/// The logs named: files as given, directories searched for `*.jsonl` (hidden files skipped),
/// sorted within each directory.
pub fn logs_in(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if !p.is_dir() {
            out.push(p.clone());
            continue;
        }
        let mut found = Vec::new();
        let mut stack = vec![p.clone()];
        while let Some(d) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in rd.flatten() {
                let q = e.path();
                let hidden = e.file_name().to_string_lossy().starts_with('.');
                if hidden {
                    continue;
                }
                if q.is_dir() {
                    stack.push(q);
                } else if q.extension().is_some_and(|x| x == "jsonl") {
                    found.push(q);
                }
            }
        }
        found.sort();
        out.extend(found);
    }
    out
}

fn broken(record: usize, reason: impl Into<String>) -> Verdict {
    Verdict::Broken {
        record,
        reason: reason.into(),
    }
}

/// Logs larger than this are not read (a real one is tens of kilobytes).
pub const MAX_LOG_BYTES: u64 = 64 << 20;

/// A log's text: a regular file only (never a device or a pipe that never ends), of bounded size.
pub fn read_log(path: &Path) -> Result<String, String> {
    use crate::bounded::ReadError;
    let bytes = crate::bounded::read_bytes(path, MAX_LOG_BYTES).map_err(|e| match e {
        ReadError::Io(e) => format!("cannot read the log: {e}"),
        e => e.to_string(),
    })?;
    // Valid UTF-8 (every log this program writes) is taken as it is, without a copy.
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// A case's title and the labels of its facts, by fact key.
pub type CaseTexts = (crate::text::Text, BTreeMap<String, crate::text::Text>);

/// Cases built from pinned content files, shared by the logs of one run (a register import
/// verifies thousands of logs of a few cases: each case is parsed and checked once).
#[derive(Default)]
pub struct Cases(std::sync::Mutex<BTreeMap<Vec<PathBuf>, Built>>);

/// A case built from content files, or why it could not be.
type Built = Result<Arc<Case>, String>;

impl Cases {
    /// The case of these content files (scenario first, then its standards).
    pub fn get(&self, paths: &[PathBuf]) -> Result<Arc<Case>, String> {
        let mut all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        all.entry(paths.to_vec())
            .or_insert_with(|| {
                let lib = crate::content::load(paths);
                if lib.errors() > 0 || lib.scenarios.len() != 1 {
                    return Err("the pinned content no longer loads cleanly".to_string());
                }
                let standards: Vec<_> = lib.standards.iter().map(|(_, s)| s.clone()).collect();
                Case::new(lib.scenarios[0].1.clone(), &standards).map(Arc::new)
            })
            .clone()
    }

    /// The title and fact labels of each case built so far, by scenario id.
    pub fn titles(&self) -> BTreeMap<String, CaseTexts> {
        let all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        all.values()
            .flatten()
            .map(|c| {
                let mut labels: BTreeMap<String, crate::text::Text> = crate::facts::common_facts()
                    .into_iter()
                    .map(|d| (d.key, d.label))
                    .collect();
                for f in c.item().facts.iter().chain(&c.scenario.extra_facts) {
                    labels.insert(f.key.value.clone(), f.label.value.clone());
                }
                (
                    c.scenario.id.value.clone(),
                    (c.scenario.title.value.clone(), labels),
                )
            })
            .collect()
    }
}

/// Verify one log file against the content found under `content`.
pub fn verify(path: &Path, content: &BTreeMap<String, PathBuf>) -> Verdict {
    verify_with(path, content, &Cases::default())
}

/// `verify`, with cases built once for many logs.
pub fn verify_with(path: &Path, content: &BTreeMap<String, PathBuf>, cases: &Cases) -> Verdict {
    match read_log(path) {
        Ok(t) => verify_text(&t, content, cases).0,
        Err(e) => broken(0, e),
    }
}

/// Each record's hash and station signature, as the chain check read them.
pub type Seals = Vec<(String, Option<String>)>;

/// Everything checked about one log, read and parsed once.
#[derive(Debug, Clone)]
pub struct Checked {
    pub text: String,
    /// The header record (`Null` when the first line is not one).
    pub header: Value,
    pub verdict: Verdict,
    pub signature: SignatureCheck,
    pub certifiable: bool,
    pub reasons: Vec<String>,
}

/// Verify the log at `path` (chain, replay, signatures against `trust`, certifiability),
/// reading and parsing it once. `Err`: the file cannot be read as a log at all.
pub fn check_log(
    path: &Path,
    content: &BTreeMap<String, PathBuf>,
    cases: &Cases,
    trust: &super::sign::Trust,
) -> Result<Checked, String> {
    let text = read_log(path)?;
    Ok(check_text(text, content, cases, trust))
}

/// [`check_log`] on a log's text.
pub fn check_text(
    text: String,
    content: &BTreeMap<String, PathBuf>,
    cases: &Cases,
    trust: &super::sign::Trust,
) -> Checked {
    let header: Value = text
        .lines()
        .next()
        .and_then(|l| serde_json::from_str(l).ok())
        .unwrap_or(Value::Null);
    let (verdict, seals) = verify_text(&text, content, cases);
    let signature = match (&seals, header.as_object()) {
        (Some(seals), Some(h)) => signatures_sealed(h, seals, trust),
        _ => signatures_text(&text, trust),
    };
    let (certifiable, reasons) = certifiable_header(&header, &verdict, &signature);
    Checked {
        text,
        header,
        verdict,
        signature,
        certifiable,
        reasons,
    }
}

/// Verify a log's text; with the records' seals when every line was read into the chain.
pub fn verify_text(
    text: &str,
    content: &BTreeMap<String, PathBuf>,
    cases: &Cases,
) -> (Verdict, Option<Seals>) {
    let mut seals: Seals = Vec::new();
    let verdict = verify_sealing(text, content, cases, &mut seals);
    let whole = seals.len() == text.lines().count();
    (verdict, whole.then_some(seals))
}

fn verify_sealing(
    text: &str,
    content: &BTreeMap<String, PathBuf>,
    cases: &Cases,
    seals: &mut Seals,
) -> Verdict {
    let ends_cleanly = text.ends_with('\n');
    let lines: Vec<&str> = text.lines().collect();
    if lines.is_empty() {
        return broken(1, "the log is empty");
    }
    // 1. The chain.
    let mut records: Vec<Rec> = Vec::new();
    let mut prev = GENESIS.to_string();
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        let last = n == lines.len();
        // Records after the header are read from their bytes when they hold as written; anything
        // else takes the full parse below, which gives the verdict and names the fault.
        if i > 0 {
            if let Some(f) = super::scan::read(line, &prev) {
                if f.hash_holds && f.seq == Some(i as u64) && f.prev == Some(prev.as_str()) {
                    seals.push((f.hash.to_string(), f.sig.map(str::to_string)));
                    prev = f.hash.to_string();
                    records.push(Rec::Read {
                        kind: f.kind,
                        body: f.body,
                    });
                    continue;
                }
            }
        }
        let mut rec = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(m)) => m,
            _ if last && !ends_cleanly => {
                return broken(n, "truncated mid-record (the last line is incomplete)")
            }
            _ => return broken(n, "not a valid record (edited)"),
        };
        let Some(Value::String(hash)) = rec.remove("hash") else {
            return broken(n, "the record has no hash (edited)");
        };
        // A station's signature covers the hash; the hash does not cover it.
        let sig = match rec.remove("sig") {
            Some(Value::String(sig)) => Some(sig),
            _ => None,
        };
        let seq = rec.get("seq").and_then(Value::as_u64);
        match seq {
            Some(s) if s == i as u64 => {}
            Some(s) if s > i as u64 => {
                let later = lines[i + 1..].iter().any(|l| {
                    serde_json::from_str::<Value>(l)
                        .ok()
                        .and_then(|v| v.get("seq").and_then(Value::as_u64))
                        == Some(i as u64)
                });
                return broken(
                    n,
                    if later {
                        "records out of order (reordered)".to_string()
                    } else {
                        format!(
                            "{} record(s) missing before this one (deleted)",
                            s - i as u64
                        )
                    },
                );
            }
            Some(_) => return broken(n, "records out of order (reordered or duplicated)"),
            None => return broken(n, "the record has no sequence number (edited)"),
        }
        if rec.get("prev").and_then(Value::as_str) != Some(prev.as_str()) {
            return broken(
                n,
                "does not follow the previous record (reordered, deleted or inserted)",
            );
        }
        if record_hash(&prev, &rec) != hash {
            return broken(n, "edited: the content does not match its hash");
        }
        prev = hash.clone();
        seals.push((hash, sig));
        records.push(Rec::Parsed(rec));
    }
    // 2. The header and the pinned content.
    let Rec::Parsed(h) = &records[0] else {
        return broken(1, "the first record is not a header");
    };
    if h.get("record").and_then(Value::as_str) != Some("header") {
        return broken(1, "the first record is not a header");
    }
    let seed = h.get("seed").and_then(Value::as_u64);
    let mode: Option<Mode> = h
        .get("mode")
        .cloned()
        .and_then(|m| serde_json::from_value(m).ok());
    let (Some(seed), Some(mode)) = (seed, mode) else {
        return broken(1, "the header lacks a seed or mode");
    };
    let pinned = |v: &Value| -> Result<PathBuf, String> {
        let id = v.get("id").and_then(Value::as_str).unwrap_or("?");
        let sha = v.get("sha256").and_then(Value::as_str).unwrap_or("");
        content
            .get(sha)
            .cloned()
            .ok_or_else(|| format!("`{id}` changed or absent: no content file has SHA-256 {sha}"))
    };
    let scenario_path = match h.get("scenario").map(pinned) {
        Some(Ok(p)) => p,
        Some(Err(e)) => return broken(1, format!("scenario {e}")),
        None => return broken(1, "the header names no scenario"),
    };
    let mut paths = vec![scenario_path];
    for s in h
        .get("standards")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        match pinned(s) {
            Ok(p) => paths.push(p),
            Err(e) => return broken(1, format!("standard {e}")),
        }
    }
    let case = match cases.get(&paths) {
        Ok(c) => c,
        Err(e) => return broken(1, e),
    };

    // 3. Replay.
    let scoring = match h.get("scoring") {
        None => Default::default(),
        Some(v) => match serde_json::from_value(v.clone()) {
            Ok(c) => c,
            Err(_) => return broken(1, "the header's scoring weights are not valid"),
        },
    };
    let mut session = Session::start_with(case, seed, mode, scoring);
    let mut expected: Vec<Value> = session.take_events().iter().map(to_value).collect();
    let mut inputs = 0;
    let mut final_debrief: Option<&Rec> = None;
    for (i, rec) in records.iter().enumerate().skip(1) {
        let n = i + 1;
        if final_debrief.is_some() {
            return broken(n, "records after the final record");
        }
        match rec.kind() {
            Some("event") => {
                if expected.is_empty() {
                    return broken(
                        n,
                        "replay diverged: the log has an event the replay does not produce",
                    );
                }
                let want = expected.remove(0);
                if !rec.body_is(&want) {
                    return broken(n, format!("replay diverged: replay gives {want}"));
                }
            }
            Some("input") => {
                if !expected.is_empty() {
                    return broken(
                        n,
                        format!(
                            "replay diverged: the replay produces {} before this input",
                            expected[0]
                        ),
                    );
                }
                let Some(input) = rec.input() else {
                    return broken(n, "not a valid input");
                };
                if let Err(e) = session.input(input) {
                    return broken(n, format!("replay diverged: the input is rejected ({e})"));
                }
                inputs += 1;
                expected = session.take_events().iter().map(to_value).collect();
            }
            Some("final") => {
                if !expected.is_empty() {
                    return broken(
                        n,
                        format!(
                            "replay diverged: events missing before the final record ({})",
                            expected[0]
                        ),
                    );
                }
                final_debrief = Some(rec);
            }
            // An instructor's note (a station log): part of the chain, not of the replay.
            Some("note") => {}
            // The trainee left the case there; a resumed session continues after it.
            Some("abandoned") => {}
            _ => return broken(n, "unknown record kind"),
        }
    }
    match (final_debrief.as_ref(), session.debrief()) {
        (None, _) => Verdict::Incomplete {
            records: records.len(),
            inputs,
        },
        (Some(_), None) => broken(
            records.len(),
            "a final record, but the replayed case has not ended",
        ),
        (Some(logged), Some(d)) => {
            let replayed = serde_json::to_value(d).unwrap_or(Value::Null);
            if !logged.same_as(&replayed) {
                let lt = logged
                    .debrief()
                    .get("total")
                    .cloned()
                    .unwrap_or(Value::Null);
                let engine = h.get("engine").and_then(Value::as_str).unwrap_or("?");
                let why = if engine == crate::VERSION {
                    String::new()
                } else {
                    format!(
                        " (the log was scored by engine {engine}; this is {}, whose scoring rules differ)",
                        crate::VERSION
                    )
                };
                return broken(
                    records.len(),
                    format!(
                        "score mismatch: the log says total {lt}, the replay gives {}{why}",
                        d.total
                    ),
                );
            }
            Verdict::Intact {
                records: records.len(),
                inputs,
                total: d.total,
                passed: d.passed,
            }
        }
    }
}

/// A record of the chain: read from its bytes (the usual case), or parsed whole.
enum Rec<'a> {
    Read {
        kind: Option<&'a str>,
        body: Option<&'a str>,
    },
    Parsed(Map<String, Value>),
}

impl Rec<'_> {
    fn kind(&self) -> Option<&str> {
        match self {
            Rec::Read { kind, .. } => *kind,
            Rec::Parsed(m) => m.get("record").and_then(Value::as_str),
        }
    }

    /// The record's event (or input, or debrief) as a JSON value.
    fn body(&self, key: &str) -> Option<Value> {
        match self {
            Rec::Read { body, .. } => body.and_then(|b| serde_json::from_str(b).ok()),
            Rec::Parsed(m) => m.get(key).cloned(),
        }
    }

    /// Whether the record's event is `want`: as written, byte for byte (the writer's own form),
    /// or else as a value.
    fn body_is(&self, want: &Value) -> bool {
        match self {
            Rec::Read { body: Some(b), .. } if same_json(b, want) => true,
            _ => self.body("event").as_ref() == Some(want),
        }
    }

    fn input(&self) -> Option<Input> {
        match self {
            Rec::Read { body, .. } => body.and_then(|b| serde_json::from_str(b).ok()),
            Rec::Parsed(m) => m
                .get("input")
                .cloned()
                .and_then(|v| serde_json::from_value(v).ok()),
        }
    }

    fn debrief(&self) -> Value {
        self.body("debrief").unwrap_or(Value::Null)
    }

    /// Whether the final record's debrief is `replayed`: as written, or else as a value.
    fn same_as(&self, replayed: &Value) -> bool {
        match self {
            Rec::Read { body: Some(b), .. } if same_json(b, replayed) => true,
            _ => self.debrief() == *replayed,
        }
    }
}

/// Whether `text` is `want` serialised as the writer does (compact), compared as it is written
/// out, without building the string.
fn same_json(text: &str, want: &Value) -> bool {
    struct Against<'a>(&'a [u8], bool);
    impl std::io::Write for Against<'_> {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            match self.0.strip_prefix(b) {
                Some(rest) if self.1 => self.0 = rest,
                _ => self.1 = false,
            }
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut a = Against(text.as_bytes(), true);
    serde_json::to_writer(&mut a, want).is_ok() && a.1 && a.0.is_empty()
}

fn to_value(e: &Event) -> Value {
    serde_json::to_value(e).unwrap_or(Value::Null)
}

/// Who signed a log, as its records say.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SignatureCheck {
    /// No record is signed (a session played on a trainee's own machine).
    Unsigned,
    /// Every record carries a signature and the log is signed by the key the header names: every
    /// record's where the chain is broken, the last record's (which covers the chain) where it
    /// is whole.
    Signed {
        key: String,
        fingerprint: String,
        trusted: bool,
    },
    /// A record's signature is missing or wrong (1-based line), or the header names no valid key.
    Invalid { record: usize, reason: String },
}

/// Check the station signatures of the log at `path` against `trust`.
pub fn signatures(path: &Path, trust: &super::sign::Trust) -> SignatureCheck {
    match read_log(path) {
        Ok(text) => signatures_text(&text, trust),
        Err(_) => SignatureCheck::Invalid {
            record: 0,
            reason: "cannot read the log".into(),
        },
    }
}

/// The station signatures of a log whose chain was read whole: its header (without hash and
/// signature) and every record's seal.
pub fn signatures_sealed(
    header: &Map<String, Value>,
    seals: &[(String, Option<String>)],
    trust: &super::sign::Trust,
) -> SignatureCheck {
    let seals: Vec<(Option<&str>, Option<&str>)> = seals
        .iter()
        .map(|(h, s)| (Some(h.as_str()), s.as_deref()))
        .collect();
    signed(
        header.get("station_key").and_then(Value::as_str),
        &seals,
        true,
        trust,
    )
}

/// The station signatures of a log's text, whatever state its chain is in.
pub fn signatures_text(text: &str, trust: &super::sign::Trust) -> SignatureCheck {
    let records: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or(Value::Null))
        .collect();
    let Some(header) = records.first() else {
        return SignatureCheck::Invalid {
            record: 1,
            reason: "the log is empty".into(),
        };
    };
    let seals: Vec<(Option<&str>, Option<&str>)> = records
        .iter()
        .map(|r| {
            (
                r.get("hash").and_then(Value::as_str),
                r.get("sig").and_then(Value::as_str),
            )
        })
        .collect();
    signed(
        header.get("station_key").and_then(Value::as_str),
        &seals,
        false,
        trust,
    )
}

/// Who signed a log: the station key its header names and each record's (hash, signature).
/// With the chain checked whole, the last record's signature covers every record before it and
/// alone authenticates the log (and a log cut short after a crash, up to where it ends); only
/// when it fails, or the chain was not checked, are all verified, naming the first that fails.
fn signed(
    key_text: Option<&str>,
    seals: &[(Option<&str>, Option<&str>)],
    chain_whole: bool,
    trust: &super::sign::Trust,
) -> SignatureCheck {
    let invalid = |record: usize, reason: &str| SignatureCheck::Invalid {
        record,
        reason: reason.into(),
    };
    let Some(key_text) = key_text else {
        return match seals.iter().position(|(_, sig)| sig.is_some()) {
            Some(i) => invalid(
                i + 1,
                "a signed record in a log whose header names no station key",
            ),
            None => SignatureCheck::Unsigned,
        };
    };
    let Some(key) = super::sign::parse_public(key_text) else {
        return invalid(1, "the header's station key is not a valid public key");
    };
    let mut pairs = Vec::with_capacity(seals.len());
    for (i, seal) in seals.iter().enumerate() {
        let (Some(hash), Some(sig)) = *seal else {
            return invalid(i + 1, "the record is not signed");
        };
        pairs.push((hash, sig));
    }
    let last_holds = chain_whole
        && pairs
            .last()
            .is_some_and(|(hash, sig)| super::sign::check(&key, hash, sig));
    if !last_holds {
        if let Err(i) = super::sign::check_all(&key, &pairs) {
            return invalid(
                i + 1,
                "the signature does not match the record (forged or edited)",
            );
        }
    }
    SignatureCheck::Signed {
        key: key_text.to_string(),
        fingerprint: super::sign::fingerprint(&key),
        trusted: trust.get(key_text).is_some(),
    }
}

/// Whether a log can be certified, and every reason it cannot.
pub fn certifiable(path: &Path, verdict: &Verdict, sig: &SignatureCheck) -> (bool, Vec<String>) {
    let header: Value = read_log(path)
        .ok()
        .and_then(|t| t.lines().next().and_then(|l| serde_json::from_str(l).ok()))
        .unwrap_or(Value::Null);
    certifiable_header(&header, verdict, sig)
}

/// [`certifiable`], given the log's header record.
pub fn certifiable_header(
    header: &Value,
    verdict: &Verdict,
    sig: &SignatureCheck,
) -> (bool, Vec<String>) {
    let mut reasons = Vec::new();
    match verdict {
        Verdict::Intact { .. } => {}
        Verdict::Incomplete { .. } => reasons.push("the session is unfinished".to_string()),
        Verdict::Broken { record, reason } => {
            reasons.push(format!("the log fails at record {record}: {reason}"))
        }
    }
    match sig {
        SignatureCheck::Signed { trusted: true, .. } => {}
        SignatureCheck::Signed { fingerprint, .. } => reasons.push(format!(
            "signed by station {fingerprint}, which is not among the trusted keys (--trust)"
        )),
        SignatureCheck::Unsigned => {
            reasons.push("not signed by a workshop station (played locally: practice only)".into())
        }
        SignatureCheck::Invalid { record, reason } => {
            reasons.push(format!("signature invalid at record {record}: {reason}"))
        }
    }
    if header.get("mode").and_then(Value::as_str) != Some("assessment") {
        reasons.push("not played in assessment mode".into());
    }
    match header.get("plan") {
        None => reasons.push("no assessment plan (only a station's plan can certify)".into()),
        Some(plan) => {
            let sha = |v: &Value| {
                v.get("sha256")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            let standards: Vec<(String, String)> = header
                .get("standards")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|s| {
                    (
                        s.get("id")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string(),
                        sha(s),
                    )
                })
                .collect();
            let pinned = crate::plan::case_pin(
                &header.get("scenario").map(sha).unwrap_or_default(),
                &standards,
            );
            if plan.get("pin").and_then(Value::as_str) != Some(pinned.as_str()) {
                reasons.push(
                    "the content the session was played with is not the content its plan pinned"
                        .into(),
                );
            }
        }
    }
    (reasons.is_empty(), reasons)
}
