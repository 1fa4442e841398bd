//! The forgery suite: every way the station issue found to get a certificate without earning it,
//! each reproduced and shown rejected or not certifiable. Some attacks are shown where their
//! defence lives:
//!
//! | attack | where |
//! |---|---|
//! | the log's hidden facts readable by anyone (0644, 0666 under umask 0) | `log_hygiene::logs_are_private_even_under_umask_0`; `station::trainees_see_no_hidden_facts_and_cannot_act_as_one_another` |
//! | another trainee's log, trainee id changed, chain recomputed | `signatures::an_edited_or_reassembled_station_log_fails_its_signature` |
//! | a local log claiming a station | `signatures::a_local_log_is_never_certifiable` |
//! | `verify` trusting `scenarios/` in the current directory | `log_hygiene::verify_does_not_trust_the_current_directory` |
//! | header strings with terminal escapes printing a fake "OK" | `log_hygiene::verify_takes_directories_and_escapes_what_the_log_says` |
//! | a full disk leaving a half record | `log_hygiene::a_full_disk_is_a_clear_error_and_the_log_stays_verifiable` |
//!
//! and the rest below.

#![cfg(feature = "station")]

mod common;

use cailiang::station::client::request;
use common::*;
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

fn verify_json(logs: &Path, trust: Option<&Path>) -> Vec<Value> {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(ROOT).args(["verify", "--format", "json"]);
    if let Some(t) = trust {
        cmd.arg("--trust").arg(t);
    }
    let out = cmd.arg(logs).output().unwrap();
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
        .as_array()
        .unwrap()
        .clone()
}

fn local_play(data: &Path, extra: &[&str]) -> std::process::Output {
    let input = data.join("input.ron");
    std::fs::write(&input, FULL).unwrap();
    Command::new(BIN)
        .current_dir(ROOT)
        .args([
            "play",
            "food.expired_yogurt",
            "--seed",
            "1",
            "--mode",
            "assessment",
        ])
        .args(extra)
        .arg("--input")
        .arg(&input)
        .arg("--data-dir")
        .arg(data)
        .output()
        .unwrap()
}

fn logs_of(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir.join("sessions"))
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// `--pass-mark 0`, `--mode`, `--seed`, `--trainee` are the trainee's to set on a local play —
/// so a local log never certifies, whatever it says. Absurd weights are refused outright.
#[test]
fn local_flags_never_make_a_certifiable_log() {
    let d = temp_dir("forge-flags");
    let out = local_play(&d, &["--pass-mark", "0", "--trainee", "someone-else"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let station = temp_dir("forge-flags-station");
    let st = start_station(&station);
    drop(st);
    let v = verify_json(
        &d.join("sessions"),
        Some(&station.join("station/station.pub")),
    );
    assert_eq!(v[0]["verdict"]["status"], "intact");
    assert_eq!(v[0]["certifiable"], false);
    let reasons = v[0]["reasons"].to_string();
    assert!(
        reasons.contains("not signed by a workshop station"),
        "{reasons}"
    );
    assert!(reasons.contains("no assessment plan"), "{reasons}");
    let out = local_play(&temp_dir("forge-weights"), &["--weights", "legality=1e308"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("from 0 to 100"));
}

/// The embedded tests and a failed debrief's model answer are answer keys only for a known seed:
/// at a station the seed is drawn by the station, a client cannot name one, and the plan limits
/// the attempts, so the answer cannot be replayed on the same case.
#[test]
fn the_station_draws_the_seed_and_limits_attempts() {
    let data = temp_dir("forge-seed");
    let st = start_station(&data);
    let r = request(
        &st.addr,
        "POST",
        "/api/join",
        None,
        Some(&json!({"code": st.code, "trainee": "mallory"})),
    )
    .unwrap();
    let token = r.body["token"].as_str().unwrap().to_string();
    let start = |seed: u64| {
        request(
            &st.addr,
            "POST",
            "/api/start",
            Some(&token),
            Some(&json!({"scenario": "food.expired_yogurt", "seed": seed, "mode": "practice"})),
        )
        .unwrap()
    };
    assert_eq!(start(1).status, 200);
    let logs = logs_of(&data);
    let header: Value = serde_json::from_str(
        std::fs::read_to_string(&logs[0])
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_ne!(header["seed"], 1, "the client's seed was used");
    assert_eq!(header["mode"], "assessment", "the client's mode was used");
    // Finish the attempt, then try again: the plan allows one attempt per case.
    let inputs = [
        json!({"input": "choose", "id": "go_decide"}),
        json!({"input": "decide", "measures": ["NoPenalty", "Education", "OrderToRectify", "SupervisedDestruction"]}),
    ];
    for (acked, input) in inputs.into_iter().enumerate() {
        let r = request(
            &st.addr,
            "POST",
            "/api/input",
            Some(&token),
            Some(&json!({"acked": acked, "input": input})),
        )
        .unwrap();
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let again = start(2);
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(again.body["error"]
        .as_str()
        .unwrap()
        .contains("no attempts left"));
}

/// Rewriting the workstation, the session id, the start time or the scenario id of a station
/// log — with the hash chain recomputed — breaks its signature.
#[test]
fn a_rewritten_header_breaks_the_signature() {
    let data = temp_dir("forge-header");
    let clients = temp_dir("forge-header-clients");
    let st = start_station(&data);
    let out = play(&st, "t1", FULL, &clients);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(st);
    let log = logs_of(&data).remove(0);
    let original = std::fs::read_to_string(&log).unwrap();
    let trust = data.join("station/station.pub");
    for (field, value) in [
        ("workstation", json!("station 0000-0000-0000-0000")),
        ("session", json!("0123456789abcdef")),
        ("started", json!("2026-01-01T00:00:00.000Z")),
        (
            "scenario",
            json!({"id": "food.easier_case", "sha256": "00", "file": "x"}),
        ),
    ] {
        std::fs::write(&log, &original).unwrap();
        rechain(&log, |i, rec| {
            if i == 0 {
                rec.insert(field.into(), value.clone());
            }
        });
        let v = verify_json(&log, Some(&trust));
        assert_eq!(v[0]["signature"]["status"], "invalid", "{field}: {}", v[0]);
        assert_eq!(v[0]["certifiable"], false, "{field}");
    }
}

/// Cutting a finished station log back to before its decision (to retry after seeing the
/// debrief) leaves an unfinished log: not certifiable.
#[test]
fn a_log_cut_back_before_its_decision_does_not_certify() {
    let data = temp_dir("forge-cut");
    let clients = temp_dir("forge-cut-clients");
    let st = start_station(&data);
    let out = play(&st, "t1", FULL, &clients);
    assert!(out.status.success());
    drop(st);
    let log = logs_of(&data).remove(0);
    let text = std::fs::read_to_string(&log).unwrap();
    let cut: String = text
        .lines()
        .take_while(|l| !l.contains("\"decide\""))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&log, cut).unwrap();
    let v = verify_json(&log, Some(&data.join("station/station.pub")));
    assert_eq!(v[0]["verdict"]["status"], "incomplete", "{}", v[0]);
    assert_eq!(v[0]["signature"]["status"], "signed");
    assert_eq!(v[0]["certifiable"], false);
    assert!(v[0]["reasons"].to_string().contains("unfinished"));
}

/// A kill at the moment a log is created never leaves an empty log behind.
#[test]
fn a_kill_at_creation_leaves_no_empty_log() {
    let d = temp_dir("forge-kill");
    let input = d.join("input.ron");
    std::fs::write(&input, FULL).unwrap();
    for i in 0..15u64 {
        let mut child = Command::new(BIN)
            .current_dir(ROOT)
            .args(["play", "food.expired_yogurt", "--seed", "1", "--input"])
            .arg(&input)
            .arg("--data-dir")
            .arg(&d)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(2 + 3 * i));
        let _ = child.kill();
        let _ = child.wait();
    }
    for log in logs_of(&d) {
        let len = std::fs::metadata(&log).unwrap().len();
        assert!(len > 0, "{} is empty", log.display());
        let v = verify_json(&log, None);
        assert_ne!(v[0]["verdict"]["status"], "broken", "{}", v[0]);
    }
}

/// Rewrite every record after `edit`, recomputing the hash chain (a forger without the key).
fn rechain(log: &Path, edit: impl Fn(usize, &mut Map<String, Value>)) {
    let text = std::fs::read_to_string(log).unwrap();
    let mut prev = cailiang::log::GENESIS.to_string();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let mut rec: Map<String, Value> = serde_json::from_str(line).unwrap();
        rec.remove("hash");
        let sig = rec.remove("sig");
        edit(i, &mut rec);
        rec.insert("prev".into(), Value::String(prev.clone()));
        let h = cailiang::log::record_hash(&prev, &rec);
        rec.insert("hash".into(), Value::String(h.clone()));
        if let Some(s) = sig {
            rec.insert("sig".into(), s);
        }
        prev = h;
        out.push_str(&Value::Object(rec).to_string());
        out.push('\n');
    }
    std::fs::write(log, out).unwrap();
}
