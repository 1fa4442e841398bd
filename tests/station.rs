//! The workshop station end to end, over a real socket: a station runs the example plan, five
//! scripted clients join and play, the station is killed (SIGKILL) and restarted mid-session, a
//! client that stopped part-way reconnects, and every log is certifiable with the station's key.
//! Trainees never see the drawn facts, and no one can join as another trainee.

#![cfg(feature = "station")]

mod common;

use common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
fn verify_all(data: &Path) -> Vec<Value> {
    let out = Command::new(BIN)
        .current_dir(ROOT)
        .args(["verify", "--format", "json", "--trust"])
        .arg(data.join("station/station.pub"))
        .arg(data.join("sessions"))
        .output()
        .unwrap();
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_workshop_survives_a_station_restart_and_every_log_certifies() {
    let data = temp_dir("data");
    let clients = temp_dir("clients");
    let st = start_station(&data);
    // Two trainees stop part-way (the client dies after 3 acknowledged inputs).
    for t in ["t1", "t2"] {
        let out = play(&st, t, &script_prefix(3), &clients);
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("3 input(s) acknowledged"));
    }
    // Three play to the end.
    for t in ["t3", "t4", "t5"] {
        let out = play(&st, t, FULL, &clients);
        assert!(
            out.status.success(),
            "{t}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The station dies without warning and comes back on another port with the same data.
    let code = st.code.clone();
    drop(st);
    let st = start_station(&data);
    assert_eq!(st.code, code, "the join code survives a restart");
    // The interrupted trainees reconnect with their kept tokens and finish from where the
    // station stands: the acknowledged inputs are not played again.
    for t in ["t1", "t2"] {
        let out = play(&st, t, FULL, &clients);
        assert!(
            out.status.success(),
            "{t}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let reports = verify_all(&data);
    assert_eq!(reports.len(), 5, "{reports:?}");
    for r in &reports {
        assert_eq!(r["verdict"]["status"], "intact", "{r}");
        assert_eq!(r["certifiable"], true, "{r}");
        assert_eq!(r["session"]["mode"], "assessment");
        // Exactly the 7 inputs of the script, none lost and none twice.
        assert_eq!(r["verdict"]["inputs"], 7, "{r}");
    }
}

#[test]
fn trainees_see_no_hidden_facts_and_cannot_act_as_one_another() {
    use cailiang::station::client::request;
    let data = temp_dir("api");
    let st = start_station(&data);
    let join = |trainee: &str, code: &str| {
        request(
            &st.addr,
            "POST",
            "/api/join",
            None,
            Some(&json!({"code": code, "trainee": trainee})),
        )
        .unwrap()
    };
    assert_eq!(
        join("eve", "000000x").status,
        403,
        "a wrong join code is refused"
    );
    let r = join("eve", &st.code);
    assert_eq!(r.status, 200);
    let token = r.body["token"].as_str().unwrap().to_string();
    // A second join as eve (someone else claiming her id) is refused.
    assert_eq!(join("eve", &st.code).status, 409);
    // No token, no assignment.
    let r = request(&st.addr, "GET", "/api/assignment", Some("nope"), None).unwrap();
    assert_eq!(r.status, 401);
    let r = request(
        &st.addr,
        "POST",
        "/api/start",
        Some(&token),
        Some(&json!({"scenario": "food.expired_yogurt"})),
    )
    .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    let text = r.body.to_string();
    assert!(!text.contains("facts_drawn"), "{text}");
    assert!(text.contains("\"prompt\""));
    // The trainee's live view needs the instructor token; the join code is not enough.
    let r = request(&st.addr, "GET", "/api/overview", Some(&st.code), None).unwrap();
    assert_eq!(r.status, 403);
    // The seed is the station's: nothing a trainee sends chooses it, and the log says so.
    let logs: Vec<PathBuf> = std::fs::read_dir(data.join("sessions"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(logs.len(), 1);
    let header: Value = serde_json::from_str(
        std::fs::read_to_string(&logs[0])
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["plan"]["id"], "plan.workshop_intro");
    assert_eq!(header["plan"]["attempt"], 1);
    assert!(header["station_key"]
        .as_str()
        .unwrap()
        .starts_with("ed25519:"));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// Editing or removing a case after a workshop never breaks its logs: the station archived the
/// content it used, and `verify` finds it there — not in whatever directory it runs in.
#[test]
fn the_station_archives_the_content_its_logs_pin() {
    let data = temp_dir("archive");
    let clients = temp_dir("archive-clients");
    let content = temp_dir("archive-content");
    copy_dir(&Path::new(ROOT).join("scenarios"), &content);
    let st = start_station_on(&data, &content);
    let out = play(&st, "t9", FULL, &clients);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(st);
    std::fs::remove_dir_all(&content).unwrap();
    let elsewhere = temp_dir("archive-cwd");
    let out = Command::new(BIN)
        .current_dir(&elsewhere)
        .env_remove("CAILIANG_CONTENT")
        .args(["verify", "--format", "json", "--trust"])
        .arg(data.join("station/station.pub"))
        .arg(data.join("sessions"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["verdict"]["status"], "intact", "{v}");
    assert_eq!(v[0]["certifiable"], true, "{v}");
}

/// The instructor flags a moment with a note (into the log and the trainee's view), gives more
/// time, and ends an attempt, which stays unfinished and not certifiable.
#[test]
fn the_instructor_notes_extends_and_ends_attempts() {
    use cailiang::station::client::request;
    let data = temp_dir("instructor");
    let st = start_station(&data);
    let pubkey = std::fs::read_to_string(data.join("station/station.pub")).unwrap();
    assert!(pubkey.starts_with("ed25519:"));
    let enrolment: Value = serde_json::from_str(
        &std::fs::read_to_string(data.join("station/enrolment.json")).unwrap(),
    )
    .unwrap();
    let boss = enrolment["instructor"].as_str().unwrap().to_string();
    let token = join(&st, "ann");
    let r = request(
        &st.addr,
        "POST",
        "/api/start",
        Some(&token),
        Some(&json!({"scenario": "food.expired_yogurt"})),
    )
    .unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(
        r.body["time_left_s"].as_u64().map(|s| s > 44 * 60),
        Some(true),
        "{}",
        r.body
    );
    let instructor = |path: &str, body: Value, who: &str| {
        request(&st.addr, "POST", path, Some(who), Some(&body)).unwrap()
    };
    // A trainee cannot use the instructor's routes.
    assert_eq!(
        instructor("/api/instructor/end", json!({"trainee": "ann"}), &token).status,
        403
    );
    let r = instructor(
        "/api/instructor/note",
        json!({"trainee": "ann", "text": "先查记录再决定"}),
        &boss,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let r = instructor(
        "/api/instructor/extend",
        json!({"trainee": "ann", "minutes": 10}),
        &boss,
    );
    assert_eq!(r.status, 200);
    let v = request(&st.addr, "GET", "/api/state", Some(&token), None)
        .unwrap()
        .body;
    assert_eq!(v["notes"][0], "先查记录再决定");
    assert!(v["time_left_s"].as_u64().unwrap() > 54 * 60, "{v}");
    let r = instructor("/api/instructor/end", json!({"trainee": "ann"}), &boss);
    assert_eq!(r.status, 200);
    let r = request(
        &st.addr,
        "POST",
        "/api/input",
        Some(&token),
        Some(&json!({"acked": 0, "input": {"input": "choose", "id": "go_decide"}})),
    )
    .unwrap();
    assert_eq!(r.status, 409);
    let reports = verify_all(&data);
    assert_eq!(
        reports[0]["verdict"]["status"], "incomplete",
        "{}",
        reports[0]
    );
    assert_eq!(reports[0]["certifiable"], false);
    let log = std::fs::read_to_string(reports[0]["log"].as_str().unwrap()).unwrap();
    assert!(log.contains("先查记录再决定") && log.contains("\"record\":\"note\""));
}

#[test]
fn live_views_are_pushed_within_a_second() {
    use cailiang::station::client::{follow, request};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};
    let data = temp_dir("live");
    let st = start_station(&data);
    let enrolment: Value = serde_json::from_str(
        &std::fs::read_to_string(data.join("station/enrolment.json")).unwrap(),
    )
    .unwrap();
    let boss = enrolment["instructor"].as_str().unwrap().to_string();
    // A trainee token does not open the instructor's stream.
    assert!(
        follow(&st.addr, "/api/instructor/live", "not-a-token", |_, _| {
            false
        })
        .is_err()
    );
    let (tx, rx) = mpsc::channel::<Value>();
    let (addr, b) = (st.addr.clone(), boss.clone());
    std::thread::spawn(move || {
        let _ = follow(&addr, "/api/instructor/live", &b, |event, v| {
            event == "overview" && tx.send(v).is_ok()
        });
    });
    let first = rx
        .recv_timeout(Duration::from_secs(5))
        .expect("an overview at once");
    assert_eq!(first, json!([]));
    let joined = Instant::now();
    let token = join(&st, "bo");
    let seen = loop {
        let v = rx.recv_timeout(Duration::from_secs(2)).expect("an update");
        if v.as_array().is_some_and(|a| !a.is_empty()) {
            break v;
        }
    };
    assert!(
        joined.elapsed() < Duration::from_secs(1),
        "{:?}",
        joined.elapsed()
    );
    assert_eq!(seen[0]["trainee"]["id"], "bo");
    // The trainee's own stream: the attempt, then the instructor's note within a second.
    request(
        &st.addr,
        "POST",
        "/api/start",
        Some(&token),
        Some(&json!({"scenario": "food.expired_yogurt"})),
    )
    .unwrap();
    let (tx, rx) = mpsc::channel::<Value>();
    let (addr, t) = (st.addr.clone(), token.clone());
    std::thread::spawn(move || {
        let _ = follow(&addr, "/api/live", &t, |_, v| tx.send(v).is_ok());
    });
    let p = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(p["active"], "food.expired_yogurt", "{p}");
    let noted = Instant::now();
    let r = request(
        &st.addr,
        "POST",
        "/api/instructor/note",
        Some(&boss),
        Some(&json!({"trainee": "bo", "text": "注意程序"})),
    )
    .unwrap();
    assert_eq!(r.status, 200);
    loop {
        let p = rx.recv_timeout(Duration::from_secs(2)).unwrap();
        if p["notes"][0] == "注意程序" {
            break;
        }
    }
    assert!(noted.elapsed() < Duration::from_secs(1));
}

#[test]
fn a_lost_reply_to_the_last_input_is_sent_again() {
    use cailiang::station::client::request;
    let data = temp_dir("lastreply");
    let st = start_station(&data);
    let token = join(&st, "cy");
    request(
        &st.addr,
        "POST",
        "/api/start",
        Some(&token),
        Some(&json!({"scenario": "food.expired_yogurt"})),
    )
    .unwrap();
    let inputs: Vec<Value> = serde_json::from_str(
        r#"[{"input":"choose","id":"show_credentials"},{"input":"choose","id":"count_goods"},
            {"input":"choose","id":"check_invoices"},{"input":"choose","id":"check_record"},
            {"input":"choose","id":"order_removal"},{"input":"choose","id":"go_decide"},
            {"input":"decide","measures":["NoPenalty","Education","OrderToRectify","SupervisedDestruction"]}]"#,
    )
    .unwrap();
    let mut last = Value::Null;
    for (i, input) in inputs.iter().enumerate() {
        let r = request(
            &st.addr,
            "POST",
            "/api/input",
            Some(&token),
            Some(&json!({"acked": i, "input": input})),
        )
        .unwrap();
        assert_eq!(r.status, 200, "{}", r.body);
        last = r.body;
    }
    assert_eq!(last["finished"], true, "{last}");
    // The client never saw that reply and sends the decision again: the same attempt, whole.
    let again = request(
        &st.addr,
        "POST",
        "/api/input",
        Some(&token),
        Some(&json!({"acked": inputs.len() - 1, "input": inputs.last().unwrap()})),
    )
    .unwrap();
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.body["finished"], true);
    assert_eq!(again.body["inputs"], inputs.len());
    assert!(
        again.body["events"].as_array().unwrap().len() > last["events"].as_array().unwrap().len()
    );
    let reports = verify_all(&data);
    assert_eq!(reports.len(), 1, "the decision was applied once");
    assert_eq!(reports[0]["certifiable"], true, "{}", reports[0]);
}
