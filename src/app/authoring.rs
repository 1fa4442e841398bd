//! Authoring mode (编写模式, `cailiang app --author FILE`): an instructor plays the case being
//! written while editing it. The file's directory is watched (notify); when the file is saved the
//! case is read again and the inputs so far are replayed on the new version (as far as they still
//! apply), so the author sees the change at once. A file that no longer checks keeps the last good
//! version playing and shows the diagnostics, file:line:col, as `cailiang check` prints them. The
//! case graph, with what the embedded tests and the exhaustive exploration reach, is one toggle
//! away (worked out on a thread, so the app never waits for it).

use super::model::Play;
use crate::casegraph::CaseGraph;
use crate::log::recorder::Recorder;
use crate::log::Header;
use crate::runtime::{Input, Mode};
use bevy::prelude::Resource;
use notify::Watcher;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::sync::Mutex;

/// The case being written, and what the author has done in it.
#[derive(Resource)]
pub struct Authoring {
    pub file: PathBuf,
    pub standards: Option<PathBuf>,
    pub seed: u64,
    /// Inputs accepted so far, replayed after each reload.
    pub inputs: Vec<Input>,
    /// Diagnostics of the saved file, when it does not check.
    pub error: Option<String>,
    /// How many times the file was read again.
    pub reloads: usize,
    /// Inputs that no longer apply after the last reload (the replay stopped there).
    pub dropped: usize,
    pub show_graph: bool,
    pub graph: Option<CaseGraph>,
    changes: Mutex<Receiver<notify::Result<notify::Event>>>,
    graph_rx: Mutex<Option<Receiver<CaseGraph>>>,
    _watcher: Mutex<notify::RecommendedWatcher>,
}

/// Start a session of `loaded` with `seed`, logged like any practice session.
fn begin(
    loaded: &crate::catalog::Loaded,
    seed: u64,
    data: &Path,
) -> Result<(Recorder, Vec<crate::runtime::Event>), String> {
    let header = Header {
        trainee: "author".into(),
        workstation: crate::log::workstation(),
        mode: Mode::Practice,
        seed,
        scenario: loaded.scenario.clone(),
        standards: loaded.standards.clone(),
        scoring: Default::default(),
        plan: None,
    };
    Recorder::begin(loaded.case.clone(), &header, data).map_err(|e| e.to_string())
}

/// The graph of `loaded`'s case with its coverage, worked out on a thread.
fn graph_later(loaded: &crate::catalog::Loaded) -> Receiver<CaseGraph> {
    let (tx, rx) = channel();
    let case = loaded.case.clone();
    std::thread::spawn(move || {
        let x = crate::explore::exhaustive(&case);
        let cov = crate::casegraph::coverage(&case, &x);
        let _ = tx.send(crate::casegraph::build(&case.scenario, &cov));
    });
    rx
}

impl Authoring {
    /// Open `file` for authoring: its first session, and the watch on its directory.
    pub fn open(
        file: &Path,
        standards: Option<PathBuf>,
        seed: u64,
        data: &Path,
    ) -> Result<(Authoring, Play), String> {
        let loaded = crate::catalog::load_file(file, standards.as_deref())?;
        let (rec, events) = begin(&loaded, seed, data)?;
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(tx).map_err(|e| e.to_string())?;
        let dir = file
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        watcher
            .watch(dir, notify::RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
        let a = Authoring {
            file: file.to_path_buf(),
            standards,
            seed,
            inputs: Vec::new(),
            error: None,
            reloads: 0,
            dropped: 0,
            show_graph: false,
            graph: None,
            changes: Mutex::new(rx),
            graph_rx: Mutex::new(Some(graph_later(&loaded))),
            _watcher: Mutex::new(watcher),
        };
        Ok((a, Play::new(rec, events)))
    }

    /// Whether the file was written since the last call.
    pub fn changed(&self) -> bool {
        let Ok(rx) = self.changes.lock() else {
            return false;
        };
        let name = self.file.file_name();
        let mut hit = false;
        while let Ok(ev) = rx.try_recv() {
            if let Ok(ev) = ev {
                let writes = matches!(
                    ev.kind,
                    notify::EventKind::Modify(_) | notify::EventKind::Create(_)
                );
                if writes && ev.paths.iter().any(|p| p.file_name() == name) {
                    hit = true;
                }
            }
        }
        hit
    }

    /// Read the file again and replay the inputs so far on it: the new play, or `None` when the
    /// file does not check (then `error` holds its diagnostics and the old play goes on).
    pub fn reload(&mut self, data: &Path) -> Option<Play> {
        self.reloads += 1;
        let loaded = match crate::catalog::load_file(&self.file, self.standards.as_deref()) {
            Ok(l) => l,
            Err(e) => {
                self.error = Some(e);
                return None;
            }
        };
        let (mut rec, mut events) = match begin(&loaded, self.seed, data) {
            Ok(x) => x,
            Err(e) => {
                self.error = Some(e);
                return None;
            }
        };
        self.error = None;
        let mut kept = 0;
        let mut since = 0;
        for input in &self.inputs {
            let before = events.len();
            match rec.input(input.clone()) {
                Ok(more) => {
                    events.extend(more);
                    since = before;
                    kept += 1;
                }
                Err(_) => break,
            }
        }
        self.dropped = self.inputs.len() - kept;
        self.inputs.truncate(kept);
        if let Ok(mut g) = self.graph_rx.lock() {
            *g = Some(graph_later(&loaded));
        }
        let mut play = Play::new(rec, events);
        play.since_input = since;
        Some(play)
    }

    /// The graph, once its thread is done.
    pub fn poll_graph(&mut self) {
        let done = self
            .graph_rx
            .lock()
            .ok()
            .and_then(|rx| rx.as_ref().and_then(|r| r.try_recv().ok()));
        if let Some(g) = done {
            self.graph = Some(g);
            if let Ok(mut rx) = self.graph_rx.lock() {
                *rx = None;
            }
        }
    }
}
