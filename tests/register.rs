//! The certification register end to end, on SQLite and on a real PostgreSQL server (which
//! `scripts/test.sh` installs and starts, exporting its URL as `CAILIANG_TEST_POSTGRES`): logs of a
//! real station, a local practice log, a forged copy and a file that is not a log are imported,
//! verified and recorded; importing again changes nothing; an unfinished session that goes on is
//! updated; the listing filters by trainee, plan and status.

#![cfg(all(feature = "register", feature = "station"))]

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn cailiang(args: &[&str], paths: &[&Path]) -> (Value, String) {
    let out = Command::new(BIN)
        .current_dir(ROOT)
        .args(args)
        .args(paths)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{args:?} failed:\n{stdout}\n{stderr}");
    (serde_json::from_str(&stdout).unwrap_or(Value::Null), stdout)
}

/// A station's logs: ann finished, bo part-way; a local practice log; a forged copy of ann's log
/// under another trainee; a file that is not a log.
struct Logs {
    station: PathBuf,
    st: Running,
    local: PathBuf,
    extra: PathBuf,
    client: PathBuf,
}

fn logs(name: &str) -> Logs {
    let base = temp_dir(&format!("register-{name}"));
    let station = base.join("station");
    let st = start_station(&station);
    let client = base.join("clients");
    std::fs::create_dir_all(&client).unwrap();
    assert!(play(&st, "ann", FULL, &client).status.success());
    // bo stops part-way (the client says the script ended before the case; the station keeps it).
    let _ = play(&st, "bo", &script_prefix(3), &client);
    let local = base.join("local");
    let script = base.join("local.ron");
    std::fs::write(&script, FULL).unwrap();
    let out = Command::new(BIN)
        .current_dir(ROOT)
        .args([
            "play",
            "food.expired_yogurt",
            "--seed",
            "1",
            "--trainee",
            "ann",
            "--input",
        ])
        .arg(&script)
        .arg("--data-dir")
        .arg(&local)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let extra = base.join("extra");
    std::fs::create_dir_all(&extra).unwrap();
    let ann = verify_logs(&station.join("sessions"))
        .into_iter()
        .find(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("\"trainee\":\"ann\"")
        })
        .unwrap();
    let forged = std::fs::read_to_string(&ann).unwrap().replacen(
        "\"trainee\":\"ann\"",
        "\"trainee\":\"eve\"",
        1,
    );
    std::fs::write(extra.join("forged.jsonl"), forged).unwrap();
    std::fs::write(extra.join("notes.jsonl"), "这不是日志\n").unwrap();
    Logs {
        station,
        st,
        local,
        extra,
        client,
    }
}

fn verify_logs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    v.sort();
    v
}

fn exercise(db: &str, l: &Logs) {
    let trust = l.station.join("station/station.pub");
    let import = |paths: &[&Path]| -> Value {
        let mut args = vec![
            "register", "import", "--format", "json", "--db", db, "--trust",
        ];
        let t = trust.to_str().unwrap();
        args.push(t);
        cailiang(&args, paths).0
    };
    let sessions = l.station.join("sessions");
    let local = l.local.join("sessions");
    let r = import(&[&sessions, &local, &l.extra]);
    assert_eq!(r["new"], 4, "{r}");
    assert_eq!(r["certifiable"], 1, "only ann's finished station log: {r}");
    assert_eq!(r["broken"], 1, "the forged copy: {r}");
    assert_eq!(r["unreadable"].as_array().unwrap().len(), 1, "{r}");
    assert_eq!(
        r["conflicting"].as_array().unwrap().len(),
        1,
        "two logs claim ann's session: {r}"
    );

    // Again: nothing new. ann's certifiable log and the unsigned practice log are skipped; the
    // signed logs not certifiable (bo's unfinished one, the forgery) are checked again.
    let r = import(&[&sessions, &local, &l.extra]);
    assert_eq!(
        (
            r["new"].as_u64(),
            r["unchanged"].as_u64(),
            r["rechecked"].as_u64()
        ),
        (Some(0), Some(2), Some(2)),
        "{r}"
    );
    assert_eq!(r["certifiable"], 0, "{r}");

    // bo finishes: the longer log replaces the unfinished one.
    // (the scripted client skips the inputs the station has already acknowledged)
    let out = play(&l.st, "bo", FULL, &l.client);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = import(&[&sessions]);
    assert_eq!(
        (r["new"].as_u64(), r["updated"].as_u64()),
        (Some(0), Some(1)),
        "{r}"
    );
    assert_eq!(r["certifiable"], 1, "{r}");

    let list = |extra: &[&str]| -> Vec<Value> {
        let mut args = vec!["register", "list", "--format", "json", "--db", db];
        args.extend_from_slice(extra);
        cailiang(&args, &[]).0.as_array().unwrap().clone()
    };
    assert_eq!(list(&[]).len(), 4);
    let certifiable = list(&["--status", "certifiable"]);
    let mut who: Vec<&str> = certifiable
        .iter()
        .map(|r| r["trainee"].as_str().unwrap())
        .collect();
    who.sort();
    assert_eq!(who, ["ann", "bo"]);
    assert!(certifiable
        .iter()
        .all(|r| r["plan"] == "plan.workshop_intro"));
    let ann = list(&["--trainee", "ann"]);
    assert_eq!(ann.len(), 2, "ann's station log and her practice log");
    assert!(ann
        .iter()
        .any(|r| r["mode"] == "practice" && r["certifiable"] == false));
    let eve = list(&["--trainee", "eve"]);
    assert_eq!(eve[0]["status"], "broken");
    assert_eq!(list(&["--plan", "plan.workshop_intro"]).len(), 3);
    assert_eq!(list(&["--status", "broken"]).len(), 1);
    let (_, human) = cailiang(
        &[
            "register",
            "list",
            "--db",
            db,
            "--status",
            "not-certifiable",
        ],
        &[],
    );
    assert!(human.contains("not certifiable: "), "{human}");
}

#[test]
fn a_register_on_sqlite_records_every_log_once_with_its_verdict() {
    let l = logs("sqlite");
    // Imported first without the station's key, the station logs are not certifiable; imported
    // again with it, they are checked again and become so.
    let first = format!(
        "sqlite://{}?mode=rwc",
        l.station
            .parent()
            .unwrap()
            .join("db/first.sqlite")
            .display()
    );
    let sessions = l.station.join("sessions");
    let (r, _) = cailiang(
        &["register", "import", "--format", "json", "--db", &first],
        &[&sessions],
    );
    assert_eq!(
        (r["new"].as_u64(), r["certifiable"].as_u64()),
        (Some(2), Some(0)),
        "{r}"
    );
    let trust = l.station.join("station/station.pub");
    let (r, _) = cailiang(
        &[
            "register",
            "import",
            "--format",
            "json",
            "--db",
            &first,
            "--trust",
            trust.to_str().unwrap(),
        ],
        &[&sessions],
    );
    assert_eq!(
        (r["rechecked"].as_u64(), r["certifiable"].as_u64()),
        (Some(2), Some(1)),
        "{r}"
    );

    let db = format!(
        "sqlite://{}?mode=rwc",
        l.station
            .parent()
            .unwrap()
            .join("db/register.sqlite")
            .display()
    );
    exercise(&db, &l);
}

#[test]
fn a_register_on_postgresql_records_every_log_once_with_its_verdict() {
    let admin = std::env::var("CAILIANG_TEST_POSTGRES").unwrap_or_else(|_| {
        panic!("CAILIANG_TEST_POSTGRES is not set: run `bash scripts/test.sh`, which installs and starts PostgreSQL")
    });
    let name = format!("cailiang_test_{}", std::process::id());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let run = |sql: String| {
        rt.block_on(async {
            use sqlx::Connection;
            let mut c = sqlx::postgres::PgConnection::connect(&admin)
                .await
                .unwrap_or_else(|e| {
                    panic!("cannot reach PostgreSQL at CAILIANG_TEST_POSTGRES: {e}")
                });
            sqlx::Executor::execute(&mut c, sqlx::AssertSqlSafe(sql))
                .await
                .unwrap();
        })
    };
    run(format!("DROP DATABASE IF EXISTS {name}"));
    run(format!("CREATE DATABASE {name}"));
    let db = match admin.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{name}"),
        None => panic!("CAILIANG_TEST_POSTGRES is not a URL"),
    };
    let l = logs("postgres");
    exercise(&db, &l);
    run(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
}

/// A log and a shorter copy of it (the same session, cut after a whole record) imported
/// together, in either order within one batch: the register keeps the longer one only.
#[test]
fn a_log_and_its_earlier_copy_in_one_import_keep_the_longer() {
    let base = temp_dir("register-prefix");
    let st = start_station(&base.join("station"));
    let client = base.join("clients");
    std::fs::create_dir_all(&client).unwrap();
    assert!(play(&st, "ann", FULL, &client).status.success());
    let log = verify_logs(&base.join("station/sessions")).remove(0);
    let text = std::fs::read_to_string(&log).unwrap();
    let cut: String = text.lines().take(5).map(|l| format!("{l}\n")).collect();
    let early = base.join("early");
    std::fs::create_dir_all(&early).unwrap();
    std::fs::write(early.join("copy.jsonl"), cut).unwrap();
    let db = format!("sqlite://{}", base.join("register.sqlite").display());
    let trust = base.join("station/station/station.pub");
    let (r, _) = cailiang(
        &[
            "register",
            "import",
            "--format",
            "json",
            "--db",
            &db,
            "--trust",
            trust.to_str().unwrap(),
        ],
        &[&base.join("station/sessions"), &early],
    );
    assert!(r["conflicting"].as_array().unwrap().is_empty(), "{r}");
    let (rows, _) = cailiang(&["register", "list", "--format", "json", "--db", &db], &[]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["status"], "intact");
    assert_eq!(rows[0]["certifiable"], true);
}

/// `register use` makes a register this machine's default (kept owner-only in the data
/// directory); every command then reads it without `--db`; `--default` goes back.
#[test]
fn a_machine_remembers_its_register() {
    let base = temp_dir("register-use");
    let data = base.join("data");
    let db = base.join("shared.sqlite");
    let d = data.to_str().unwrap();
    cailiang(
        &["register", "use", db.to_str().unwrap(), "--data-dir", d],
        &[],
    );
    let config = data.join("config.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&config).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a URL may hold a password");
    }
    assert!(
        db.exists(),
        "the register is opened before it is remembered"
    );
    let (rows, _) = cailiang(
        &["register", "list", "--format", "json", "--data-dir", d],
        &[],
    );
    assert_eq!(rows, serde_json::json!([]));
    assert!(!data.join("register.sqlite").exists());
    let out = Command::new(BIN)
        .args([
            "register",
            "use",
            "postgres://nobody:x@127.0.0.1:1/none",
            "--data-dir",
            d,
        ])
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "an unreachable register is not saved"
    );
    assert!(std::fs::read_to_string(&config)
        .unwrap()
        .contains("shared.sqlite"));
    let (_, said) = cailiang(&["register", "use", "--default", "--data-dir", d], &[]);
    assert!(said.contains("register.sqlite"), "{said}");
}
