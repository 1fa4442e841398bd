//! Station signatures on session logs: a log signed by a trusted station key verifies as signed
//! and trusted; a local log is never certifiable whatever its header says; a log edited or
//! assembled without the key — even with a recomputed hash chain — fails its signature.

use cailiang::catalog::load;
use cailiang::log::recorder::Recorder;
use cailiang::log::sign::{fingerprint, public_text, StationKey};
use cailiang::log::{record_hash, Header};
use cailiang::runtime::{DecisionInput, Input, Mode};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cailiang-sig-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Play the yogurt case to its end in assessment mode; returns the log path.
fn play(data: &Path, signer: Option<Arc<StationKey>>, trainee: &str) -> PathBuf {
    let loaded = load(
        "food.expired_yogurt",
        Some(&Path::new(ROOT).join("scenarios")),
    )
    .unwrap();
    let header = Header {
        trainee: trainee.into(),
        workstation: "station-test".into(),
        mode: Mode::Assessment,
        seed: 1,
        scenario: loaded.scenario.clone(),
        standards: loaded.standards.clone(),
        scoring: Default::default(),
        plan: None,
    };
    let (mut rec, _) = Recorder::begin_signed(loaded.case.clone(), &header, data, signer).unwrap();
    for id in [
        "show_credentials",
        "count_goods",
        "check_invoices",
        "check_record",
        "order_removal",
        "go_decide",
    ] {
        rec.input(Input::Choose { id: id.into() }).unwrap();
    }
    rec.input(Input::Decide(DecisionInput {
        measures: vec![
            cailiang::measures::Measure::NoPenalty,
            cailiang::measures::Measure::Education,
            cailiang::measures::Measure::OrderToRectify,
            cailiang::measures::Measure::SupervisedDestruction,
        ],
        ..Default::default()
    }))
    .unwrap();
    rec.log_path().to_path_buf()
}

fn verify_json(log: &Path, trust: &[&Path]) -> Value {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cailiang"));
    cmd.current_dir(ROOT)
        .args(["verify", "--format", "json"])
        .arg(log);
    for t in trust {
        cmd.arg("--trust").arg(t);
    }
    let out = cmd.output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    v[0].clone()
}

fn key(seed: u8) -> Arc<StationKey> {
    Arc::new(StationKey::from_seed([seed; 32]))
}

fn trust_file(dir: &Path, k: &StationKey) -> PathBuf {
    let p = dir.join("trusted.keys");
    std::fs::write(
        &p,
        format!("# the workshop station\n{}\n", public_text(&k.public())),
    )
    .unwrap();
    p
}

/// Rewrite every record after changing `edit`, recomputing each hash (a forger without the key).
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
        let h = record_hash(&prev, &rec);
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

#[test]
fn a_station_log_is_signed_by_its_key() {
    let d = temp_dir("signed");
    let k = key(7);
    let log = play(&d, Some(k.clone()), "t-001");
    let trusted = trust_file(&d, &k);
    let v = verify_json(&log, &[&trusted]);
    assert_eq!(v["verdict"]["status"], "intact", "{v}");
    assert_eq!(v["signature"]["status"], "signed");
    assert_eq!(v["signature"]["trusted"], true);
    assert_eq!(v["signature"]["fingerprint"], fingerprint(&k.public()));
    // Signed, finished, assessment mode: only the station's plan is missing.
    assert_eq!(v["certifiable"], false);
    let reasons: Vec<&str> = v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(reasons[0].contains("plan"), "{reasons:?}");
    // Without --trust the same log is signed, but by a station nobody vouched for.
    let v = verify_json(&log, &[]);
    assert_eq!(v["signature"]["trusted"], false);
}

#[test]
fn a_local_log_is_never_certifiable() {
    let d = temp_dir("local");
    let log = play(&d, None, "t-002");
    let trusted = trust_file(&d, &key(7));
    let v = verify_json(&log, &[&trusted]);
    assert_eq!(v["verdict"]["status"], "intact");
    assert_eq!(v["signature"]["status"], "unsigned");
    assert_eq!(v["certifiable"], false);
    // Claiming a station in the header, with the chain recomputed, does not make it signed.
    let k = key(7);
    rechain(&log, |i, rec| {
        if i == 0 {
            rec.insert(
                "station_key".into(),
                Value::String(public_text(&k.public())),
            );
        }
    });
    let v = verify_json(&log, &[&trusted]);
    assert_eq!(v["signature"]["status"], "invalid", "{v}");
    assert_eq!(v["certifiable"], false);
}

#[test]
fn an_edited_or_reassembled_station_log_fails_its_signature() {
    let d = temp_dir("forged");
    let k = key(9);
    let trusted = trust_file(&d, &k);
    // Another trainee's log with the trainee id changed and the chain recomputed.
    let log = play(&d, Some(k.clone()), "t-003");
    rechain(&log, |i, rec| {
        if i == 0 {
            rec.insert("trainee".into(), Value::String("t-999".into()));
        }
    });
    let v = verify_json(&log, &[&trusted]);
    assert_eq!(
        v["verdict"]["status"], "intact",
        "the forger kept the chain: {v}"
    );
    assert_eq!(v["signature"]["status"], "invalid", "{v}");
    assert_eq!(v["signature"]["record"], 1);
    // A log signed by some other key the reviewer does not trust.
    let log = play(&d, Some(key(10)), "t-004");
    let v = verify_json(&log, &[&trusted]);
    assert_eq!(v["signature"]["status"], "signed");
    assert_eq!(v["signature"]["trusted"], false);
    assert_eq!(v["certifiable"], false);
}

#[test]
fn a_station_key_is_created_private_and_then_reused() {
    let d = temp_dir("key");
    let path = d.join("station/station.key");
    let (a, created) = StationKey::load_or_create(&path).unwrap();
    assert!(created);
    let (b, created) = StationKey::load_or_create(&path).unwrap();
    assert!(!created);
    assert_eq!(public_text(&a.public()), public_text(&b.public()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // A bad trust file is a clear error.
    std::fs::write(d.join("bad.keys"), "not-a-key\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .current_dir(ROOT)
        .args(["verify", "--trust"])
        .arg(d.join("bad.keys"))
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.keys:1: not a public key"));
}
