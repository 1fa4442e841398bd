//! Listing the register's sessions by plan, unit, trainee, date and status; the roster of
//! trainees' names and units.

use super::Register;
use serde::Serialize;
use sqlx::{AssertSqlSafe, Row as _};

/// Which sessions to list (every field optional; all given must hold).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub plan: Option<String>,
    pub trainee: Option<String>,
    pub unit: Option<String>,
    /// Sessions started on or after this date (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Sessions started on or before this date (`YYYY-MM-DD`).
    pub until: Option<String>,
    pub status: Option<Status>,
}

/// A session's standing in the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Status {
    Certifiable,
    NotCertifiable,
    Passed,
    Failed,
    Broken,
    Unfinished,
    /// Certifiable and waiting for a reviewer (first or second).
    AwaitingReview,
    /// Signed off by a reviewer.
    Reviewed,
    /// Rejected (in either round).
    Rejected,
}

/// One session as listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listed {
    pub session: String,
    pub log_sha256: String,
    pub trainee: String,
    pub name: String,
    pub unit: String,
    pub scenario: String,
    pub plan: Option<String>,
    pub attempt: Option<i64>,
    pub mode: String,
    pub started: String,
    pub station: Option<String>,
    pub status: String,
    pub total: Option<f64>,
    pub passed: Option<bool>,
    pub certifiable: bool,
    pub reasons: Vec<String>,
    /// The last review's decision and round, if reviewed.
    pub review: Option<(String, i64)>,
}

/// One session with its log, for review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stored {
    pub log_sha256: String,
    pub session: String,
    pub trainee: String,
    pub name: String,
    pub unit: String,
    pub scenario: String,
    pub plan: Option<String>,
    pub plan_sha256: Option<String>,
    pub attempt: Option<i64>,
    pub started: String,
    pub station: Option<String>,
    pub status: String,
    pub total: Option<f64>,
    pub passed: Option<bool>,
    pub certifiable: bool,
    pub reasons: Vec<String>,
    pub log: String,
}

/// The last review of each session, as a column.
const LAST_REVIEW: &str = "(SELECT r.verdict FROM reviews r WHERE r.log_sha256 = s.log_sha256 \
                           ORDER BY r.round DESC LIMIT 1)";
const LAST_ROUND: &str = "(SELECT MAX(r.round) FROM reviews r WHERE r.log_sha256 = s.log_sha256)";

impl Register {
    /// The sessions matching `f`, newest first.
    pub fn sessions(&self, f: &Filter) -> Result<Vec<Listed>, String> {
        let mut sql = format!(
            "SELECT s.session_id, s.log_sha256, s.trainee, t.name, t.unit, s.scenario, s.plan, \
             s.attempt, s.mode, s.started, s.station, s.status, s.total, s.passed, s.certifiable, \
             s.reasons, {LAST_REVIEW}, {LAST_ROUND} FROM sessions s JOIN trainees t ON t.id = s.trainee \
             WHERE 1 = 1"
        );
        let mut args: Vec<String> = Vec::new();
        let mut cond = |sql: &mut String, clause: &str, value: &Option<String>| {
            if let Some(v) = value {
                args.push(v.clone());
                sql.push_str(&clause.replace('?', &format!("${}", args.len())));
            }
        };
        cond(&mut sql, " AND s.plan = ?", &f.plan);
        cond(&mut sql, " AND s.trainee = ?", &f.trainee);
        cond(&mut sql, " AND t.unit = ?", &f.unit);
        cond(&mut sql, " AND s.started >= ?", &f.since);
        // A date bound covers the whole day.
        cond(
            &mut sql,
            " AND s.started < ?",
            &f.until.as_ref().map(|d| format!("{d}T99")),
        );
        sql.push_str(match f.status {
            None => "",
            Some(Status::Certifiable) => " AND s.certifiable = 1",
            Some(Status::NotCertifiable) => " AND s.certifiable = 0",
            Some(Status::Passed) => " AND s.passed = 1",
            Some(Status::Failed) => " AND s.passed = 0",
            Some(Status::Broken) => " AND s.status = 'broken'",
            Some(Status::Unfinished) => " AND s.status = 'incomplete'",
            Some(Status::AwaitingReview) => {
                " AND s.certifiable = 1 AND NOT EXISTS (SELECT 1 FROM reviews r WHERE \
                 r.log_sha256 = s.log_sha256 AND (r.round = 2 OR r.verdict = 'approved'))"
            }
            Some(Status::Reviewed) => {
                " AND EXISTS (SELECT 1 FROM reviews r WHERE r.log_sha256 = s.log_sha256 AND \
                 r.verdict = 'approved')"
            }
            Some(Status::Rejected) => {
                " AND EXISTS (SELECT 1 FROM reviews r WHERE r.log_sha256 = s.log_sha256 AND \
                 r.verdict = 'rejected')"
            }
        });
        sql.push_str(" ORDER BY s.started DESC, s.session_id");
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for a in &args {
            q = q.bind(a.clone());
        }
        let rows = self
            .rt
            .block_on(q.fetch_all(&self.pool))
            .map_err(|e| e.to_string())?;
        rows.iter()
            .map(|r| -> Result<Listed, sqlx::Error> {
                let reasons: String = r.try_get(15)?;
                Ok(Listed {
                    session: r.try_get(0)?,
                    log_sha256: r.try_get(1)?,
                    trainee: r.try_get(2)?,
                    name: r.try_get(3)?,
                    unit: r.try_get(4)?,
                    scenario: r.try_get(5)?,
                    plan: r.try_get(6)?,
                    attempt: r.try_get(7)?,
                    mode: r.try_get(8)?,
                    started: r.try_get(9)?,
                    station: r.try_get(10)?,
                    status: r.try_get(11)?,
                    total: r.try_get(12)?,
                    passed: r.try_get::<Option<i64>, _>(13)?.map(|p| p != 0),
                    certifiable: r.try_get::<i64, _>(14)? != 0,
                    reasons: serde_json::from_str(&reasons).unwrap_or_default(),
                    review: match (
                        r.try_get::<Option<String>, _>(16)?,
                        r.try_get::<Option<i64>, _>(17)?,
                    ) {
                        (Some(v), Some(n)) => Some((v, n)),
                        _ => None,
                    },
                })
            })
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())
    }

    /// One session with its log: `which` is a session id, or the start (8 or more hex digits) of
    /// a log's SHA-256 when two logs claim one session.
    pub fn stored(&self, which: &str) -> Result<Stored, String> {
        let sql = "SELECT s.log_sha256, s.session_id, s.trainee, t.name, t.unit, s.scenario, s.plan, \
                   s.plan_sha256, s.attempt, s.started, s.station, s.status, s.total, s.passed, \
                   s.certifiable, s.reasons, s.log FROM sessions s JOIN trainees t ON t.id = s.trainee \
                   WHERE s.session_id = $1 OR ($2 <> '' AND s.log_sha256 LIKE $2)";
        let hexish = which.len() >= 8 && which.chars().all(|c| c.is_ascii_hexdigit());
        let prefix = if hexish {
            format!("{}%", which.to_ascii_lowercase())
        } else {
            String::new()
        };
        let rows = self
            .rt
            .block_on(
                sqlx::query(sql)
                    .bind(which)
                    .bind(prefix)
                    .fetch_all(&self.pool),
            )
            .map_err(|e| e.to_string())?;
        match rows.len() {
            1 => {}
            0 => {
                let pairs: Vec<(String, String)> = self
                    .rt
                    .block_on(
                        sqlx::query_as("SELECT session_id, log_sha256 FROM sessions")
                            .fetch_all(&self.pool),
                    )
                    .map_err(|e| e.to_string())?;
                let ids: Vec<String> = pairs
                    .into_iter()
                    .flat_map(|(id, sha)| [id, sha[..16.min(sha.len())].to_string()])
                    .collect();
                let hint = crate::suggest::did_you_mean(which, &ids)
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default();
                return Err(format!("no session `{which}` in the register{hint}"));
            }
            _ => {
                let shas: Vec<String> = rows
                    .iter()
                    .filter_map(|r| r.try_get::<String, _>(0).ok())
                    .map(|s| s[..12.min(s.len())].to_string())
                    .collect();
                return Err(format!(
                    "{} logs match `{which}` (two logs claim one session): name one by its SHA-256: {}",
                    rows.len(),
                    shas.join(", ")
                ));
            }
        }
        let r = &rows[0];
        let get = |i: usize| -> Result<String, String> { r.try_get(i).map_err(|e| e.to_string()) };
        let opt = |i: usize| -> Result<Option<String>, String> {
            r.try_get(i).map_err(|e| e.to_string())
        };
        Ok(Stored {
            log_sha256: get(0)?,
            session: get(1)?,
            trainee: get(2)?,
            name: get(3)?,
            unit: get(4)?,
            scenario: get(5)?,
            plan: opt(6)?,
            plan_sha256: opt(7)?,
            attempt: r.try_get(8).map_err(|e| e.to_string())?,
            started: get(9)?,
            station: opt(10)?,
            status: get(11)?,
            total: r.try_get(12).map_err(|e| e.to_string())?,
            passed: r
                .try_get::<Option<i64>, _>(13)
                .map_err(|e| e.to_string())?
                .map(|p| p != 0),
            certifiable: r.try_get::<i64, _>(14).map_err(|e| e.to_string())? != 0,
            reasons: serde_json::from_str(&get(15)?).unwrap_or_default(),
            log: get(16)?,
        })
    }

    /// Record trainees' names and units (a roster: new ids are added, known ones updated).
    pub fn roster(&self, people: &[crate::station::wire::Enrolee]) -> Result<usize, String> {
        self.rt.block_on(async {
            let mut tx = self.pool.begin().await.map_err(|e| e.to_string())?;
            for p in people {
                sqlx::query(
                    "INSERT INTO trainees (id, name, unit) VALUES ($1, $2, $3) \
                     ON CONFLICT (id) DO UPDATE SET name = excluded.name, unit = excluded.unit",
                )
                .bind(&p.id)
                .bind(&p.name)
                .bind(&p.unit)
                .execute(&mut *tx)
                .await
                .map_err(|e| e.to_string())?;
            }
            tx.commit().await.map_err(|e| e.to_string())?;
            Ok(people.len())
        })
    }

    /// How many logs the register holds.
    pub fn count(&self) -> Result<i64, String> {
        self.rt
            .block_on(
                sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sessions").fetch_one(&self.pool),
            )
            .map_err(|e| e.to_string())
    }
}
