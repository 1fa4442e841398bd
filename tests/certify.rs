//! Certifying a workshop end to end, on SQLite and on a real PostgreSQL server: a real station
//! runs a plan over a socket; its logs, a local practice log and a forged copy are imported;
//! reviewers enrol with their own keys, read a session step by step, sign off, reject, and a
//! second reviewer decides; certificates are issued as HTML and PDF (its text extracted with
//! `pdftotext` names the trainee in Chinese) and verified by code; altering the register is
//! caught; both exports carry the sessions. A forged or unsigned log never reaches a certificate.

#![cfg(all(feature = "register", feature = "station"))]

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A plan with one required case and one optional one (the optional one is never played).
const PLAN_FILE: &str = r#"Plan(
    id: "plan.certify_test",
    title: (zh: "认证测试：过期食品", en: "Certification test: expired food"),
    cases: [
        Case(scenario: "food.expired_yogurt"),
        Case(scenario: "food.licence_reminder", required: false),
    ],
    pass_mark: 80,
)
"#;

fn run(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut c = Command::new(BIN);
    c.current_dir(ROOT).args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn ok(args: &[&str], env: &[(&str, &Path)]) -> String {
    let out = run(args, env);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn refused(args: &[&str], env: &[(&str, &Path)]) -> String {
    let out = run(args, env);
    assert!(!out.status.success(), "{args:?} should have failed");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

struct Workshop {
    base: PathBuf,
    station: PathBuf,
    local: PathBuf,
    extra: PathBuf,
}

/// A station for `plan` on `data`, with `extra` arguments.
fn spawn_station(plan: &Path, data: &Path, extra: &[&str]) -> Running {
    start_station_with(plan, data, &Path::new(ROOT).join("scenarios"), extra)
}

/// ann and bo pass the required case at the station; cy stops part-way; dan passes it in
/// practice on his own machine; eve's log is ann's with the name changed.
fn workshop(name: &str) -> Workshop {
    let base = temp_dir(&format!("certify-{name}"));
    let plan = base.join("plan.ron");
    std::fs::write(&plan, PLAN_FILE).unwrap();
    let station = base.join("station");
    let st = spawn_station(&plan, &station, &[]);
    let client = base.join("clients");
    std::fs::create_dir_all(&client).unwrap();
    for who in ["ann", "bo"] {
        play_model(&st, who, &station, &client);
    }
    let _ = play(&st, "cy", &script_prefix(3), &client);
    drop(st);

    let local = base.join("local");
    let script = base.join("local.ron");
    std::fs::write(&script, FULL).unwrap();
    ok(
        &[
            "play",
            "food.expired_yogurt",
            "--mode",
            "assessment",
            "--trainee",
            "dan",
            "--input",
            script.to_str().unwrap(),
            "--data-dir",
            local.to_str().unwrap(),
        ],
        &[],
    );
    let extra = base.join("extra");
    std::fs::create_dir_all(&extra).unwrap();
    let ann = std::fs::read_dir(station.join("sessions"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("\"trainee\":\"ann\"")
        })
        .unwrap();
    let forged = std::fs::read_to_string(ann).unwrap().replacen(
        "\"trainee\":\"ann\"",
        "\"trainee\":\"eve\"",
        1,
    );
    std::fs::write(extra.join("forged.jsonl"), forged).unwrap();
    std::fs::write(
        base.join("roster.csv"),
        "id,name,unit\nann,王安,洛阳市市场监督管理局\nbo,薄一,洛阳市市场监督管理局\neve,易娃,某区综合执法大队\n",
    )
    .unwrap();
    Workshop {
        base,
        station,
        local,
        extra,
    }
}

/// Play the case as the model officer would for the facts the station drew: start the attempt,
/// read its seed from the station's log, and answer with the model play for that seed (which
/// scores 100 on every seed: tests/model_answers.rs). The session is still played over the socket.
fn play_model(st: &Running, trainee: &str, station: &Path, client: &Path) {
    let _ = play(st, trainee, "[]", client);
    let log = std::fs::read_dir(station.join("sessions"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains(&format!("\"trainee\":\"{trainee}\""))
        })
        .unwrap();
    let header: Value = serde_json::from_str(
        std::fs::read_to_string(log)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let seed = header["seed"].as_u64().unwrap();
    let cases = cailiang::catalog::load_all(&Path::new(ROOT).join("scenarios")).unwrap();
    let case = cases
        .iter()
        .find(|l| l.case.scenario.id.value == "food.expired_yogurt")
        .unwrap();
    let model = cailiang::model_play::model_play(&case.case, seed).unwrap();
    let script: Vec<String> = model
        .inputs
        .iter()
        .map(|i| match i {
            cailiang::runtime::Input::Choose { id } => format!("Choose({id:?})"),
            cailiang::runtime::Input::Decide(d) => {
                let list = |v: Vec<String>| v.join(", ");
                let mut s = format!(
                    "Decide(measures: [{}], steps: [{}]",
                    list(d.measures.iter().map(|m| format!("{m:?}")).collect()),
                    list(d.steps.iter().map(|m| format!("{m:?}")).collect())
                );
                if let Some(f) = d.fine {
                    s.push_str(&format!(", fine: {f:?}"));
                }
                if let Some(n) = d.deadline {
                    s.push_str(&format!(", deadline: {n}"));
                }
                s + ")"
            }
        })
        .collect();
    let out = play(st, trainee, &format!("[{}]", script.join(", ")), client);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("PASSED"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn session_of(db: &str, trainee: &str) -> String {
    let out = ok(
        &[
            "review",
            "list",
            "--all",
            "--format",
            "json",
            "--db",
            db,
            "--trainee",
            trainee,
        ],
        &[],
    );
    let rows: Value = serde_json::from_str(&out).unwrap();
    // By the log's SHA-256: eve's forgery claims ann's session id.
    rows[0]["log_sha256"].as_str().unwrap()[..16].to_string()
}

/// The whole flow against the register at `db`; `tamper` runs SQL on it directly.
fn certify(db: &str, w: &Workshop, tamper: &dyn Fn(&str)) {
    let trust = w.station.join("station/station.pub");
    let r = ok(
        &[
            "register",
            "import",
            "--format",
            "json",
            "--db",
            db,
            "--trust",
            trust.to_str().unwrap(),
            w.station.join("sessions").to_str().unwrap(),
            w.local.join("sessions").to_str().unwrap(),
            w.extra.to_str().unwrap(),
        ],
        &[],
    );
    let r: Value = serde_json::from_str(&r).unwrap();
    assert_eq!(r["certifiable"], 2, "ann's and bo's station logs: {r}");
    assert_eq!(
        r["plans"], 1,
        "the plan file from the station's archive: {r}"
    );
    ok(
        &[
            "register",
            "roster",
            "--db",
            db,
            w.base.join("roster.csv").to_str().unwrap(),
        ],
        &[],
    );

    // Two reviewers, each with a key of their own in their own data directory.
    let r1 = w.base.join("reviewer-li");
    let r2 = w.base.join("reviewer-zhou");
    let env1 = [("CAILIANG_DATA_DIR", r1.as_path())];
    let env2 = [("CAILIANG_DATA_DIR", r2.as_path())];
    let k1 = ok(&["review", "key"], &env1).trim().to_string();
    let k2 = ok(&["review", "key"], &env2).trim().to_string();
    assert_eq!(
        ok(&["review", "key"], &env1).trim(),
        k1,
        "the key is made once"
    );
    ok(
        &[
            "review", "enrol", "r.li", "--name", "李审", "--key", &k1, "--db", db,
        ],
        &[],
    );
    ok(
        &[
            "review", "enrol", "r.zhou", "--name", "周审", "--key", &k2, "--db", db,
        ],
        &[],
    );
    let e = refused(
        &[
            "review", "enrol", "r.li", "--name", "x", "--key", &k2, "--db", db,
        ],
        &[],
    );
    assert!(
        e.contains("another key") || e.contains("already enrolled"),
        "{e}"
    );

    // A typo in --db names the missing register instead of showing an empty one.
    let typo = w.base.join("registr.sqlite");
    let e = refused(&["review", "list", "--db", typo.to_str().unwrap()], &[]);
    assert!(e.contains("no register at"), "{e}");
    assert!(!typo.exists());

    // The queue: certifiable sessions awaiting review.
    let queue = ok(&["review", "list", "--db", db], &[]);
    assert!(queue.contains("2 session(s)"), "{queue}");
    let ann = session_of(db, "ann");
    let bo = session_of(db, "bo");
    let eve = session_of(db, "eve");
    let dan = session_of(db, "dan");

    // A step-by-step replay with the standard's verdict and legal basis beside the decision.
    let shown = ok(&["review", "show", "--db", db, &ann], &[]);
    for want in [
        "王安",
        "社区便利店销售过期酸奶",
        "步骤 1",
        "依法应为：",
        "依据：",
        "食品安全法",
        "尚未审核",
    ] {
        assert!(shown.contains(want), "missing {want:?} in:\n{shown}");
    }
    let shown_en = ok(&["review", "show", "--db", db, &ann, "--lang", "en"], &[]);
    assert!(shown_en.contains("Lawful outcome"), "{shown_en}");
    let e = refused(&["review", "show", "--db", db, &format!("{ann}x")], &[]);
    assert!(e.contains("did you mean"), "{e}");

    // Sign-off, rejection, second review.
    let e = refused(&["review", "sign-off", "--db", db, &ann], &[]);
    assert!(e.contains("no reviewer key"), "a reviewer needs a key: {e}");
    ok(&["review", "sign-off", "--db", db, &ann], &env1);
    let e = refused(
        &["review", "reject", "--db", db, &ann, "--comment", "x"],
        &env2,
    );
    assert!(e.contains("final"), "{e}");
    let e = refused(&["review", "reject", "--db", db, &bo], &env1);
    assert!(e.contains("comment"), "{e}");
    ok(
        &[
            "review",
            "reject",
            "--db",
            db,
            &bo,
            "--comment",
            "处理决定书未送达当事人",
        ],
        &env1,
    );
    let e = refused(&["review", "sign-off", "--db", db, &bo], &env1);
    assert!(e.contains("second, different reviewer"), "{e}");
    ok(
        &[
            "review",
            "reject",
            "--db",
            db,
            &bo,
            "--comment",
            "同意初审意见",
        ],
        &env2,
    );
    // Forged and unsigned logs cannot even be reviewed.
    for s in [&eve, &dan] {
        let e = refused(&["review", "sign-off", "--db", db, s], &env1);
        assert!(e.contains("not certifiable"), "{e}");
    }
    let reviewed = ok(&["review", "list", "--db", db, "--status", "reviewed"], &[]);
    assert!(
        reviewed.contains("ann") && !reviewed.contains(" bo "),
        "{reviewed}"
    );
    let rejected = ok(&["review", "list", "--db", db, "--status", "rejected"], &[]);
    assert!(rejected.contains("bo"), "{rejected}");

    // Certificates: ann only.
    let status = ok(&["certificate", "status", "--db", db], &[]);
    assert!(
        status.contains("ann") && status.contains("eligible"),
        "{status}"
    );
    assert!(status.contains("审核未通过"), "bo was rejected: {status}");
    let certs = w.base.join("certs");
    let issued = ok(
        &[
            "certificate",
            "issue",
            "--db",
            db,
            "--out",
            certs.to_str().unwrap(),
        ],
        &env2,
    );
    assert!(issued.contains("1 certificate(s) issued"), "{issued}");
    let code = issued
        .split_whitespace()
        .find(|t| t.starts_with("CL-"))
        .unwrap()
        .to_string();
    let again = ok(
        &[
            "certificate",
            "issue",
            "--db",
            db,
            "--out",
            certs.to_str().unwrap(),
        ],
        &env2,
    );
    assert!(
        again.contains("0 certificate(s) issued") && again.contains(&code),
        "{again}"
    );
    let pdf = certs.join(format!("{code}.pdf"));
    let html = std::fs::read_to_string(certs.join(format!("{code}.html"))).unwrap();
    assert!(html.contains("王安") && html.contains(&code), "{html}");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!("pdftotext (poppler-utils) is needed: {e}; scripts/test.sh installs it")
        });
    let text = String::from_utf8_lossy(&text.stdout);
    for want in [
        "王安",
        "合格证书",
        "认证测试：过期食品",
        "社区便利店销售过期酸奶",
        "李审",
        code.as_str(),
    ] {
        assert!(
            text.contains(want),
            "the PDF's text lacks {want:?}:\n{text}"
        );
    }
    for nobody in ["易娃", "薄一"] {
        assert!(!std::fs::read_dir(&certs)
            .unwrap()
            .flatten()
            .any(|f| { std::fs::read_to_string(f.path()).is_ok_and(|t| t.contains(nobody)) }));
    }

    // Verification by code, as typed.
    let v = ok(&["certificate", "verify", "--db", db, &code], &[]);
    assert!(v.starts_with("VALID") && v.contains("王安"), "{v}");
    let typed = code.to_lowercase().replace('-', " ");
    assert!(ok(&["certificate", "verify", "--db", db, &typed], &[]).starts_with("VALID"));
    let out = run(
        &[
            "certificate",
            "verify",
            "--db",
            db,
            "CL-0000-0000-0000-0000",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let v = ok(
        &[
            "certificate",
            "verify",
            "--db",
            db,
            &code,
            "--trust",
            trust.to_str().unwrap(),
        ],
        &[],
    );
    assert!(v.contains("(trusted)"), "{v}");
    // Against a station key nobody used, the same certificate does not verify.
    let other = w.base.join("other.pub");
    std::fs::write(
        &other,
        "ed25519:d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a\n",
    )
    .unwrap();
    let out = run(
        &[
            "certificate",
            "verify",
            "--db",
            db,
            &code,
            "--trust",
            other.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("not among the trusted keys"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // Exports carry the sessions.
    let csv = ok(&["register", "export", "--format", "csv", "--db", db], &[]);
    assert!(csv.starts_with('\u{feff}') && csv.contains("王安"), "{csv}");
    let xapi: Value = serde_json::from_str(&ok(
        &["register", "export", "--format", "xapi", "--db", db],
        &[],
    ))
    .unwrap();
    assert!(xapi
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["actor"]["account"]["name"] == "ann"));

    // Altering the register is caught: a changed review, a changed certificate.
    tamper(&format!(
        "UPDATE reviews SET verdict = 'approved' WHERE log_sha256 LIKE '{bo}%' AND round = 2"
    ));
    let e = refused(&["review", "show", "--db", db, &bo], &[]);
    assert!(e.contains("altered"), "{e}");
    tamper(&format!(
        "UPDATE certificates SET content = REPLACE(content, '王安', '王二') WHERE code = '{code}'"
    ));
    let out = run(&["certificate", "verify", "--db", db, &code], &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("INVALID"));
}

#[test]
fn a_workshop_is_certified_on_sqlite() {
    let w = workshop("sqlite");
    let file = w.base.join("db/register.sqlite");
    let db = file.to_str().unwrap().to_string();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let tamper = |sql: &str| {
        rt.block_on(async {
            use sqlx::Connection;
            let mut c = sqlx::sqlite::SqliteConnection::connect(&format!("sqlite://{db}"))
                .await
                .unwrap();
            sqlx::Executor::execute(&mut c, sqlx::AssertSqlSafe(sql.to_string()))
                .await
                .unwrap();
        })
    };
    certify(&db, &w, &tamper);
}

#[test]
fn a_workshop_is_certified_on_postgresql() {
    let admin = std::env::var("CAILIANG_TEST_POSTGRES").unwrap_or_else(|_| {
        panic!("CAILIANG_TEST_POSTGRES is not set: run `bash scripts/test.sh`, which installs and starts PostgreSQL")
    });
    let name = format!("cailiang_certify_{}", std::process::id());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let exec = |url: &str, sql: String| {
        rt.block_on(async {
            use sqlx::Connection;
            let mut c = sqlx::postgres::PgConnection::connect(url)
                .await
                .unwrap_or_else(|e| panic!("cannot reach PostgreSQL: {e}"));
            sqlx::Executor::execute(&mut c, sqlx::AssertSqlSafe(sql))
                .await
                .unwrap();
        })
    };
    exec(&admin, format!("DROP DATABASE IF EXISTS {name}"));
    exec(&admin, format!("CREATE DATABASE {name}"));
    let db = match admin.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{name}"),
        None => panic!("CAILIANG_TEST_POSTGRES is not a URL"),
    };
    let w = workshop("postgres");
    certify(&db, &w, &|sql: &str| exec(&db, sql.to_string()));
    exec(
        &admin,
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    );
}

#[test]
fn a_station_records_each_session_in_the_register_as_it_ends() {
    let base = temp_dir("certify-direct");
    let plan = base.join("plan.ron");
    std::fs::write(&plan, PLAN_FILE).unwrap();
    let db = base.join("register.sqlite");
    let roster = base.join("roster.csv");
    std::fs::write(&roster, "id,name,unit\nann,王安,洛阳市市场监督管理局\n").unwrap();
    let station = base.join("station");
    let st = spawn_station(
        &plan,
        &station,
        &[
            "--db",
            db.to_str().unwrap(),
            "--roster",
            roster.to_str().unwrap(),
        ],
    );
    let client = base.join("clients");
    std::fs::create_dir_all(&client).unwrap();
    play_model(&st, "ann", &station, &client);
    // Recorded by the station itself, verified and certifiable, without an import.
    let listed = || -> Value {
        serde_json::from_str(&ok(
            &[
                "register",
                "list",
                "--format",
                "json",
                "--db",
                db.to_str().unwrap(),
            ],
            &[],
        ))
        .unwrap()
    };
    let start = std::time::Instant::now();
    while listed().as_array().is_none_or(|a| a.is_empty()) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "the station did not record the session"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let rows = listed();
    assert_eq!(rows[0]["trainee"], "ann");
    assert_eq!(rows[0]["name"], "王安");
    assert_eq!(rows[0]["certifiable"], true, "{rows}");
    // The plan came with it: the certificate status knows the required case.
    let status = ok(
        &["certificate", "status", "--db", db.to_str().unwrap()],
        &[],
    );
    assert!(
        status.contains("0/1 required cases") && status.contains("等待审核"),
        "awaiting review: {status}"
    );
    drop(st);
}
