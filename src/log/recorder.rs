//! A session and its log together: every accepted input and every event is on disk before the
//! front end sees it. Both front ends (terminal and desktop) play through this.

use super::{record_hash, Header, LogWriter};
use crate::runtime::{Case, Event, Input, InputError, Mode, Session};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why an input could not be recorded.
#[derive(Debug)]
pub enum RecordError {
    /// The session rejected the input; nothing changed.
    Rejected(InputError),
    /// The log could not be written; the session must not go on.
    Io(std::io::Error),
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordError::Rejected(e) => write!(f, "{e}"),
            RecordError::Io(e) => write!(f, "cannot write the session log: {e}"),
        }
    }
}

pub struct Recorder {
    session: Session,
    log: LogWriter,
    finished_logged: bool,
}

impl Recorder {
    /// Start a session and its log; returns the first events (already logged).
    pub fn begin(
        case: Arc<Case>,
        header: &Header,
        data_dir: &Path,
    ) -> std::io::Result<(Recorder, Vec<Event>)> {
        Self::begin_signed(case, header, data_dir, None)
    }

    /// Start a session whose log a station key signs.
    pub fn begin_signed(
        case: Arc<Case>,
        header: &Header,
        data_dir: &Path,
        signer: Option<Arc<crate::log::sign::StationKey>>,
    ) -> std::io::Result<(Recorder, Vec<Event>)> {
        let log = LogWriter::create_signed(data_dir, header, signer)?;
        let session = Session::start_with(case, header.seed, header.mode, header.scoring.clone());
        let mut r = Recorder {
            session,
            log,
            finished_logged: false,
        };
        let events = r.flush()?;
        Ok((r, events))
    }

    /// Apply an input; on success it and its events are on disk before they are returned.
    pub fn input(&mut self, input: Input) -> Result<Vec<Event>, RecordError> {
        self.session
            .input(input.clone())
            .map_err(RecordError::Rejected)?;
        // The input and the events it causes go to disk together, with one fsync.
        self.log.begin();
        self.log.input(&input).map_err(RecordError::Io)?;
        let events = self.flush().map_err(RecordError::Io)?;
        self.log.commit().map_err(RecordError::Io)?;
        Ok(events)
    }

    fn flush(&mut self) -> std::io::Result<Vec<Event>> {
        let events = self.session.take_events();
        for e in &events {
            self.log.event(e)?;
        }
        if !self.finished_logged {
            if let Some(d) = self.session.debrief() {
                self.log.finish(d)?;
                self.finished_logged = true;
            }
        }
        Ok(events)
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Log an instructor's note at the current scene.
    pub fn note(&mut self, text: &str) -> std::io::Result<()> {
        let scene = self.session.path().last().cloned().unwrap_or_default();
        self.log.note(text, &scene)
    }

    /// Log that the trainee left the case here (it can be resumed later).
    pub fn abandon(&mut self) -> std::io::Result<()> {
        let scene = self.session.path().last().cloned().unwrap_or_default();
        self.log.abandoned(&scene)
    }

    pub fn log_path(&self) -> &Path {
        self.log.path()
    }

    /// Reopen an unfinished log: replay its inputs (checking every event against the log) and
    /// continue the chain. Returns the recorder and all events so far, for the front end to show.
    pub fn resume(path: &Path, content_dirs: &[PathBuf]) -> Result<(Recorder, Vec<Event>), String> {
        Self::resume_signed(path, content_dirs, None)
    }

    /// Resume a station's log, signing what follows with its key.
    pub fn resume_signed(
        path: &Path,
        content_dirs: &[PathBuf],
        signer: Option<Arc<crate::log::sign::StationKey>>,
    ) -> Result<(Recorder, Vec<Event>), String> {
        let index = super::verify::content_index(content_dirs);
        match super::verify::verify(path, &index) {
            super::verify::Verdict::Incomplete { .. } => {}
            super::verify::Verdict::Intact { .. } => {
                return Err("the session is already finished".into())
            }
            super::verify::Verdict::Broken { record, reason } => {
                return Err(format!("record {record}: {reason}"))
            }
        }
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let records: Vec<serde_json::Map<String, Value>> = text
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        let header = records.first().ok_or("empty log")?;
        let seed = header
            .get("seed")
            .and_then(Value::as_u64)
            .ok_or("no seed")?;
        let mode: Mode = serde_json::from_value(header.get("mode").cloned().unwrap_or(Value::Null))
            .map_err(|e| e.to_string())?;
        let scoring = header
            .get("scoring")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default();
        let pinned =
            |v: &Value| -> Option<PathBuf> { index.get(v.get("sha256")?.as_str()?).cloned() };
        let mut paths: Vec<PathBuf> = header
            .get("scenario")
            .and_then(pinned)
            .into_iter()
            .collect();
        paths.extend(
            header
                .get("standards")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(pinned),
        );
        let lib = crate::content::load(&paths);
        let standards: Vec<_> = lib.standards.iter().map(|(_, s)| s.clone()).collect();
        let scenario = lib
            .scenarios
            .first()
            .ok_or("the pinned scenario is missing")?
            .1
            .clone();
        let case = Arc::new(Case::new(scenario, &standards)?);
        let mut session = Session::start_with(case, seed, mode, scoring);
        let mut events = session.take_events();
        for r in &records[1..] {
            if let Some(i) = r.get("input") {
                let input: Input = serde_json::from_value(i.clone()).map_err(|e| e.to_string())?;
                session.input(input).map_err(|e| e.to_string())?;
                events.extend(session.take_events());
            }
        }
        let last = records.last().ok_or("empty log")?;
        let prev = last
            .get("hash")
            .and_then(Value::as_str)
            .ok_or("no hash")?
            .to_string();
        let mut check = last.clone();
        check.remove("hash");
        check.remove("sig");
        if record_hash(
            last.get("prev").and_then(Value::as_str).unwrap_or(""),
            &check,
        ) != prev
        {
            return Err("the last record does not match its hash".into());
        }
        let mut log =
            LogWriter::reopen(path, prev, records.len() as u64).map_err(|e| e.to_string())?;
        if let Some(k) = signer {
            log.sign_with(k);
        }
        let mut r = Recorder {
            session,
            log,
            finished_logged: false,
        };
        // Events the crash cut off after the last logged record are logged now.
        let logged_events = records.iter().filter(|r| r.get("event").is_some()).count();
        let tail: Vec<Event> = events.iter().skip(logged_events).cloned().collect();
        for e in &tail {
            r.log.event(e).map_err(|e| e.to_string())?;
        }
        Ok((r, events))
    }
}
