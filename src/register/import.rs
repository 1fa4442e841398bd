//! `register import`: verify every log (chain, replayed score, station signature, plan, pinned
//! content) on all cores, and record each with its verdict. Logs already in the register (same
//! SHA-256) are skipped before any verification, so an interrupted import is simply run again.

use super::Register;
use crate::log::sign::Trust;
use crate::log::verify::{self, SignatureCheck, Verdict};
use serde::Serialize;
use serde_json::Value;
use sqlx::AssertSqlSafe;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Rows written per transaction.
const BATCH: usize = 200;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Logs newly recorded.
    pub new: usize,
    /// Unfinished sessions whose longer log replaced the stored one.
    pub updated: usize,
    /// Logs already in the register (certifiable, or unsigned so never certifiable).
    pub unchanged: usize,
    /// Signed logs already in the register but not certifiable, checked again (with the keys and
    /// content given this time) and their verdicts replaced.
    pub rechecked: usize,
    /// Of the new and updated, how many are certifiable.
    pub certifiable: usize,
    /// Of the new and updated, how many failed verification (recorded, never certifiable).
    pub broken: usize,
    /// Files that are not logs at all (unreadable, too large, no header), with why.
    pub unreadable: Vec<(String, String)>,
    /// Session ids claimed by two different logs (both kept: a reviewer must look).
    pub conflicting: Vec<String>,
    /// Plan files newly recorded from stations' archives (which cases a certificate needs).
    pub plans: usize,
    /// Plan files that certifiable logs name but no archive given holds (SHA-256).
    pub plans_missing: Vec<String>,
}

/// One verified log, ready to write.
pub(crate) struct Row {
    pub sha: String,
    pub session: String,
    pub trainee: String,
    pub scenario: String,
    pub plan: Option<String>,
    pub plan_sha256: Option<String>,
    pub attempt: Option<i64>,
    pub mode: String,
    pub seed: Option<String>,
    pub pass_mark: Option<f64>,
    pub started: String,
    pub workstation: String,
    pub station_key: Option<String>,
    pub station: Option<String>,
    pub status: &'static str,
    pub inputs: i64,
    pub total: Option<f64>,
    pub passed: Option<bool>,
    pub certifiable: bool,
    pub reasons: Vec<String>,
    pub verdict: String,
    pub signature: String,
    pub log: String,
    pub source: String,
}

enum Checked {
    Known,
    Row(Box<Row>),
    Unreadable(String, String),
}

fn check(
    path: &Path,
    known: &HashSet<String>,
    index: &BTreeMap<String, PathBuf>,
    cases: &verify::Cases,
    trust: &Trust,
) -> Checked {
    let unreadable = |why: String| Checked::Unreadable(path.display().to_string(), why);
    let text = match verify::read_log(path) {
        Ok(t) => t,
        Err(e) => return unreadable(e),
    };
    let sha = crate::log::sha256_hex(text.as_bytes());
    if known.contains(&sha) {
        return Checked::Known;
    }
    // Read and parsed once: chain, replay, signatures and certifiability together.
    let verify::Checked {
        text,
        header,
        verdict,
        signature,
        certifiable,
        reasons,
    } = verify::check_text(text, index, cases, trust);
    if header.get("record").and_then(Value::as_str) != Some("header") {
        return unreadable("not a session log (no header record)".into());
    }
    let str_at = |p: &str| {
        header
            .pointer(p)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let (status, inputs, total, passed) = match &verdict {
        Verdict::Intact {
            inputs,
            total,
            passed,
            ..
        } => ("intact", *inputs, Some(*total), Some(*passed)),
        Verdict::Incomplete { inputs, .. } => ("incomplete", *inputs, None, None),
        Verdict::Broken { .. } => ("broken", 0, None, None),
    };
    let station = match &signature {
        SignatureCheck::Signed { fingerprint, .. } => Some(fingerprint.clone()),
        _ => None,
    };
    Checked::Row(Box::new(Row {
        sha,
        session: str_at("/session").unwrap_or_default(),
        trainee: str_at("/trainee").unwrap_or_default(),
        scenario: str_at("/scenario/id").unwrap_or_default(),
        plan: str_at("/plan/id"),
        plan_sha256: str_at("/plan/sha256"),
        attempt: header.pointer("/plan/attempt").and_then(Value::as_i64),
        mode: str_at("/mode").unwrap_or_default(),
        seed: header
            .get("seed")
            .and_then(Value::as_u64)
            .map(|s| s.to_string()),
        pass_mark: header.pointer("/scoring/pass_mark").and_then(Value::as_f64),
        started: str_at("/started").unwrap_or_default(),
        workstation: str_at("/workstation").unwrap_or_default(),
        station_key: str_at("/station_key"),
        station,
        status,
        inputs: inputs as i64,
        total,
        passed,
        certifiable,
        reasons,
        verdict: serde_json::to_string(&verdict).unwrap_or_default(),
        signature: serde_json::to_string(&signature).unwrap_or_default(),
        log: text,
        source: path.display().to_string(),
    }))
}

/// Import `logs` (files, or directories searched for `*.jsonl`). Pinned content is looked up in
/// `content` (else the installed content) and in each station's archive beside its logs.
/// `progress(done, total)` is called as logs are checked.
pub fn import(
    reg: &Register,
    logs: &[PathBuf],
    content: &[PathBuf],
    trust: &Trust,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Report, String> {
    let files = verify::logs_in(logs);
    let index = verify::content_index(&verify::content_dirs(content, &files));
    let known: HashSet<String> = reg
        .rt
        .block_on(
            // A signed log not yet certifiable is checked again: the keys trusted or the content
            // directories given may differ from the last import. A certifiable one stays so, and
            // an unsigned (local) one never becomes certifiable.
            sqlx::query_scalar::<_, String>(
                "SELECT log_sha256 FROM sessions WHERE certifiable = 1 OR station_key IS NULL",
            )
            .fetch_all(&reg.pool),
        )
        .map_err(|e| e.to_string())?
        .into_iter()
        .collect();
    let mut report = Report::default();
    let cases = verify::Cases::default();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(files.len().max(1));
    let (tx, rx) = std::sync::mpsc::sync_channel::<Checked>(BATCH);
    std::thread::scope(|scope| -> Result<(), String> {
        for _ in 0..workers {
            let tx = tx.clone();
            let (files, known, index, cases, trust, next, done) =
                (&files, &known, &index, &cases, trust, &next, &done);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let c = check(path, known, index, cases, trust);
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, files.len());
                if tx.send(c).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut batch = Vec::with_capacity(BATCH);
        for c in rx {
            match c {
                Checked::Known => report.unchanged += 1,
                Checked::Unreadable(f, why) => report.unreadable.push((f, why)),
                Checked::Row(r) => batch.push(*r),
            }
            if batch.len() >= BATCH {
                write(reg, std::mem::take(&mut batch), &mut report)?;
            }
        }
        write(reg, batch, &mut report)
    })?;
    record_plans(reg, &index, &mut report)?;
    record_titles(reg, &cases.titles())?;
    Ok(report)
}

/// Keep each verified case's title (the latest content imported wins).
fn record_titles(
    reg: &Register,
    titles: &BTreeMap<String, crate::log::verify::CaseTexts>,
) -> Result<(), String> {
    use crate::text::Lang;
    reg.rt.block_on(async {
        let mut tx = reg.pool.begin().await.map_err(|e| e.to_string())?;
        for (id, (t, labels)) in titles {
            sqlx::query(
                "INSERT INTO scenario_titles (id, title_zh, title_en, facts) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (id) DO UPDATE SET title_zh = excluded.title_zh, \
                 title_en = excluded.title_en, facts = excluded.facts",
            )
            .bind(id)
            .bind(t.get(Lang::Zh).to_string())
            .bind(t.get(Lang::En).to_string())
            .bind(serde_json::to_string(labels).unwrap_or_default())
            .execute(&mut *tx)
            .await
            .map_err(|e| e.to_string())?;
        }
        tx.commit().await.map_err(|e| e.to_string())
    })
}

/// Record each plan file that certifiable sessions name and the register lacks, from the
/// stations' archives: the station's signature on the headers vouches for the file's SHA-256.
fn record_plans(
    reg: &Register,
    index: &BTreeMap<String, PathBuf>,
    report: &mut Report,
) -> Result<(), String> {
    let wanted: Vec<String> = reg
        .rt
        .block_on(
            sqlx::query_scalar(
                "SELECT DISTINCT plan_sha256 FROM sessions WHERE certifiable = 1 AND \
                 plan_sha256 IS NOT NULL AND plan_sha256 NOT IN (SELECT sha256 FROM plan_versions)",
            )
            .fetch_all(&reg.pool),
        )
        .map_err(|e| e.to_string())?;
    for sha in wanted {
        let Some(file) = index.get(&sha) else {
            report.plans_missing.push(sha);
            continue;
        };
        let lib = crate::content::load(std::slice::from_ref(file));
        let Some((_, plan)) = lib.plans.first() else {
            report.plans_missing.push(sha);
            continue;
        };
        let cases: Vec<Value> = plan
            .cases
            .iter()
            .map(|c| {
                serde_json::json!({
                    "scenario": c.value.scenario.value,
                    "pin": c.value.pin.as_ref().map(|p| p.value.clone()),
                    "required": c.value.required,
                })
            })
            .collect();
        // As stored, byte for byte: the SHA-256 the station signed is of these bytes.
        let source = crate::bounded::read_bytes(file, crate::bounded::CONTENT_BYTES)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        if crate::log::sha256_hex(source.as_bytes()) != sha {
            report.plans_missing.push(sha);
            continue;
        }
        let title = &plan.title.value;
        reg.rt
            .block_on(
                sqlx::query(
                    "INSERT INTO plan_versions (sha256, id, title_zh, title_en, pass_mark, cases, source) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING",
                )
                .persistent(false)
                .bind(&sha)
                .bind(&plan.id.value)
                .bind(title.get(crate::text::Lang::Zh).to_string())
                .bind(title.get(crate::text::Lang::En).to_string())
                .bind(plan.pass_mark.value)
                .bind(Value::Array(cases).to_string())
                .bind(&source)
                .execute(&reg.pool),
            )
            .map_err(|e| e.to_string())?;
        report.plans += 1;
    }
    Ok(())
}

/// Session rows written per INSERT statement (25 parameters each). Few: SQLite's driver finds
/// each numbered parameter by name, so a statement's cost grows with the square of its size.
const ROWS_PER_INSERT: usize = 8;

/// `($1, $2, …), (…)`: `rows` groups of `width` numbered parameters.
fn placeholders(rows: usize, width: usize) -> String {
    (0..rows)
        .map(|r| {
            let ps: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            format!("({})", ps.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Write one batch in a transaction, in a handful of statements: the stored logs of the batch's
/// sessions in one query, its trainees, plans and sessions in multi-row inserts.
fn write(reg: &Register, rows: Vec<Row>, report: &mut Report) -> Result<(), String> {
    if rows.is_empty() {
        return Ok(());
    }
    let now = crate::log::now_rfc3339();
    reg.rt.block_on(async {
        let mut tx = reg.pool.begin().await.map_err(|e| e.to_string())?;
        // Rows of the batch's sessions already stored (by another log), to tell progress from a
        // conflict.
        let ids: Vec<&String> = {
            let mut seen = HashSet::new();
            rows.iter()
                .map(|r| &r.session)
                .filter(|s| seen.insert(*s))
                .collect()
        };
        let mut stored: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for chunk in ids.chunks(500) {
            let list: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT session_id, log_sha256, log FROM sessions WHERE session_id IN ({})",
                list.join(", ")
            );
            let mut q =
                sqlx::query_as::<_, (String, String, String)>(AssertSqlSafe(sql)).persistent(false);
            for id in chunk {
                q = q.bind(id.as_str());
            }
            for (id, sha, log) in q.fetch_all(&mut *tx).await.map_err(|e| e.to_string())? {
                stored.entry(id).or_default().push((sha, log));
            }
        }
        let mut doomed: Vec<String> = Vec::new();
        let mut keep: Vec<Row> = Vec::new();
        for r in rows {
            let again = stored
                .get(&r.session)
                .is_some_and(|l| l.iter().any(|(sha, _)| *sha == r.sha));
            if again {
                doomed.push(r.sha.clone());
            }
            let earlier: Vec<(String, String)> = stored
                .get(&r.session)
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter(|(sha, _)| *sha != r.sha)
                .collect();
            if earlier
                .iter()
                .any(|(_, log)| log.starts_with(r.log.as_str()))
            {
                // An older, shorter copy of a session the register already holds further on.
                report.unchanged += 1;
                continue;
            }
            let mut replaced = false;
            for (sha, log) in &earlier {
                if r.log.starts_with(log.as_str()) {
                    // Stored already, or earlier in this batch and not written yet.
                    doomed.push(sha.clone());
                    keep.retain(|k| k.sha != *sha);
                    replaced = true;
                } else {
                    report.conflicting.push(r.session.clone());
                }
            }
            let list = stored.entry(r.session.clone()).or_default();
            list.retain(|(_, log)| !r.log.starts_with(log.as_str()));
            list.push((r.sha.clone(), r.log.clone()));
            if again {
                report.rechecked += 1;
            } else if replaced {
                report.updated += 1;
            } else {
                report.new += 1;
            }
            report.certifiable += usize::from(r.certifiable);
            report.broken += usize::from(r.status == "broken");
            keep.push(r);
        }
        for sha in &doomed {
            sqlx::query("DELETE FROM sessions WHERE log_sha256 = $1")
                .bind(sha)
                .execute(&mut *tx)
                .await
                .map_err(|e| e.to_string())?;
        }
        // A log seen twice in one import is written once.
        let mut written = HashSet::new();
        keep.retain(|r| written.insert(r.sha.clone()));
        insert_all(&mut tx, keep, &now, !reg.postgres).await?;
        tx.commit().await.map_err(|e| e.to_string())
    })
}

/// Insert `rows` with their trainees and plans. `reuse`: keep the full-size session statement
/// prepared between batches (SQLite only, see below).
async fn insert_all(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    rows: Vec<Row>,
    now: &str,
    reuse: bool,
) -> Result<(), String> {
    let distinct = |f: &dyn Fn(&Row) -> Option<&String>| -> Vec<String> {
        let mut seen = HashSet::new();
        rows.iter()
            .filter_map(f)
            .filter(|v| seen.insert(v.to_string()))
            .cloned()
            .collect()
    };
    for (table, values) in [
        ("trainees", distinct(&|r| Some(&r.trainee))),
        ("plans", distinct(&|r| r.plan.as_ref())),
    ] {
        for chunk in values.chunks(500) {
            let sql = format!(
                "INSERT INTO {table} (id) VALUES {} ON CONFLICT (id) DO NOTHING",
                placeholders(chunk.len(), 1)
            );
            let mut q = sqlx::query(AssertSqlSafe(sql)).persistent(false);
            for v in chunk {
                q = q.bind(v.as_str());
            }
            q.execute(&mut **tx).await.map_err(|e| e.to_string())?;
        }
    }
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Row> = rows.by_ref().take(ROWS_PER_INSERT).collect();
        let sql = format!(
            "INSERT INTO sessions (log_sha256, session_id, trainee, scenario, plan, attempt, \
             mode, seed, pass_mark, started, workstation, station_key, station, status, inputs, \
             total, passed, certifiable, reasons, verdict, signature, log, source, imported_at, \
             plan_sha256) VALUES {} ON CONFLICT (log_sha256) DO NOTHING",
            placeholders(chunk.len(), 25)
        );
        // Kept prepared for SQLite only: through the `Any` driver a NULL number binds with a type
        // of its own, and PostgreSQL would hold the first use's parameter types.
        let mut q =
            sqlx::query(AssertSqlSafe(sql)).persistent(reuse && chunk.len() == ROWS_PER_INSERT);
        // Bound by value: a log's text (tens of kilobytes) is moved into the query, not copied.
        for r in chunk {
            q = q
                .bind(r.sha)
                .bind(r.session)
                .bind(r.trainee)
                .bind(r.scenario)
                .bind(r.plan)
                .bind(r.attempt)
                .bind(r.mode)
                .bind(r.seed)
                .bind(r.pass_mark)
                .bind(r.started)
                .bind(r.workstation)
                .bind(r.station_key)
                .bind(r.station)
                .bind(r.status)
                .bind(r.inputs)
                .bind(r.total)
                .bind(r.passed.map(i64::from))
                .bind(i64::from(r.certifiable))
                .bind(serde_json::to_string(&r.reasons).unwrap_or_default())
                .bind(r.verdict)
                .bind(r.signature)
                .bind(r.log)
                .bind(r.source)
                .bind(now)
                .bind(r.plan_sha256);
        }
        q.execute(&mut **tx).await.map_err(|e| e.to_string())?;
    }
    Ok(())
}
