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
}

impl Register {
    /// The sessions matching `f`, newest first.
    pub fn sessions(&self, f: &Filter) -> Result<Vec<Listed>, String> {
        let mut sql = String::from(
            "SELECT s.session_id, s.log_sha256, s.trainee, t.name, t.unit, s.scenario, s.plan, \
             s.attempt, s.mode, s.started, s.station, s.status, s.total, s.passed, s.certifiable, \
             s.reasons FROM sessions s JOIN trainees t ON t.id = s.trainee WHERE 1 = 1",
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
                })
            })
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())
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
