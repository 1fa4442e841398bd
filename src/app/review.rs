//! The reviewer's desk (审核台) in the app: the register it reads, the sessions listed, the one
//! opened (its steps, reviews and case texts) and the reviewer's key. The register is opened for
//! each action, so a desk left open never holds a database connection.

use crate::log::sign::StationKey;
use crate::log::steps::Replay;
use crate::log::verify::CaseTexts;
use crate::register::query::{Filter, Listed, Status, Stored};
use crate::register::review::{Decision, Review as Signed, Reviewer};
use crate::register::{self, Register};
use bevy::prelude::Resource;
use std::path::{Path, PathBuf};

/// Which sessions the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Show {
    #[default]
    Awaiting,
    All,
    Reviewed,
    Rejected,
}

/// A session opened for review.
#[derive(Debug, Clone)]
pub struct Opened {
    pub stored: Stored,
    pub replay: Replay,
    pub reviews: Vec<Signed>,
    pub texts: Option<CaseTexts>,
    /// The step shown (0-based).
    pub step: usize,
}

#[derive(Resource, Debug, Clone, Default)]
pub struct ReviewDesk {
    /// The register's URL or SQLite file (empty: the default register in the data directory).
    pub db: String,
    pub show: Show,
    pub trainee: String,
    pub plan: String,
    pub rows: Vec<Listed>,
    /// Case titles by scenario id, for the list.
    pub titles: std::collections::BTreeMap<String, String>,
    pub listed: bool,
    pub open: Option<Opened>,
    pub comment: String,
    /// The reviewer this machine's key is enrolled as, once looked up.
    pub me: Option<Reviewer>,
    pub error: Option<String>,
    pub info: Option<String>,
}

/// The reviewer's key file in a data directory.
pub fn key_file(data: &Path) -> PathBuf {
    data.join("reviewer").join("reviewer.key")
}

impl ReviewDesk {
    fn url(&self, data: &Path) -> String {
        let db = self.db.trim();
        register::url((!db.is_empty()).then_some(db), data)
    }

    fn open_register(&self, data: &Path) -> Result<Register, String> {
        Register::open_existing(&self.url(data))
    }

    /// List the sessions the filters select, and look up this machine's reviewer.
    pub fn refresh(&mut self, data: &Path) -> Result<(), String> {
        let reg = self.open_register(data)?;
        let blank = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let f = Filter {
            plan: blank(&self.plan),
            trainee: blank(&self.trainee),
            status: match self.show {
                Show::Awaiting => Some(Status::AwaitingReview),
                Show::All => None,
                Show::Reviewed => Some(Status::Reviewed),
                Show::Rejected => Some(Status::Rejected),
            },
            ..Default::default()
        };
        self.rows = reg.sessions(&f)?;
        self.titles.clear();
        for r in &self.rows {
            if !self.titles.contains_key(&r.scenario) {
                if let Some((t, _)) = reg.case_texts(&r.scenario)? {
                    self.titles
                        .insert(r.scenario.clone(), t.get(crate::text::Lang::Zh).into());
                }
            }
        }
        self.me = match load_key(data) {
            Some(k) => reg.reviewer_by_key(&crate::log::sign::public_text(&k.public()))?,
            None => None,
        };
        self.listed = true;
        Ok(())
    }

    /// Open a session (by its log's SHA-256) at its first step.
    pub fn open(&mut self, data: &Path, log_sha256: &str) -> Result<(), String> {
        let reg = self.open_register(data)?;
        let stored = reg.stored(log_sha256)?;
        let replay = crate::log::steps::replay(&stored.log)?;
        let reviews = reg.reviews(&stored.log_sha256)?;
        let texts = reg.case_texts(&stored.scenario)?;
        self.open = Some(Opened {
            stored,
            replay,
            reviews,
            texts,
            step: 0,
        });
        self.comment.clear();
        Ok(())
    }

    /// Review the open session with this machine's key; reopen it to show the review.
    pub fn decide(&mut self, data: &Path, decision: Decision) -> Result<Signed, String> {
        let sha = self
            .open
            .as_ref()
            .map(|o| o.stored.log_sha256.clone())
            .ok_or("no session is open")?;
        let key = load_key(data).ok_or_else(|| {
            format!(
                "no reviewer key at {}: `cailiang review key`, then have it enrolled",
                key_file(data).display()
            )
        })?;
        let reg = self.open_register(data)?;
        let r = reg.review(&key, &sha, decision, &self.comment)?;
        drop(reg);
        let step = self.open.as_ref().map_or(0, |o| o.step);
        self.open(data, &sha)?;
        if let Some(o) = self.open.as_mut() {
            o.step = step;
        }
        Ok(r)
    }
}

/// This machine's reviewer key, if there is one (never created here).
fn load_key(data: &Path) -> Option<StationKey> {
    let f = key_file(data);
    f.exists()
        .then(|| StationKey::load_or_create(&f).ok().map(|(k, _)| k))
        .flatten()
}
