//! Sessions end to end: determinism, scoring across the list threshold, log verification against
//! tampering, crash safety (SIGKILL mid-session), and clear errors for bad scripted input.

use cailiang::content;
use cailiang::discretion::Outcome;
use cailiang::facts::FactValue;
use cailiang::log::verify::{content_index, verify, Verdict};
use cailiang::measures::{Measure, Step};
use cailiang::runtime::{Case, DecisionInput, Input, Mode, Session};
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cailiang-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn case(id: &str) -> Arc<Case> {
    let lib = content::load(&[PathBuf::from(ROOT).join("scenarios")]);
    let standards: Vec<_> = lib.standards.iter().map(|(_, s)| s.clone()).collect();
    let s = lib
        .scenarios
        .iter()
        .find(|(_, s)| s.id.value == id)
        .unwrap()
        .1
        .clone();
    Arc::new(Case::new(s, &standards).unwrap())
}

/// Run `cailiang play` with a script; returns (exit code, stdout, stderr, log path).
fn play(
    scenario: &str,
    seed: u64,
    script: &str,
    data: &Path,
) -> (i32, String, String, Option<PathBuf>) {
    let input = data.join(format!("input-{seed}-{}.ron", script.len()));
    std::fs::write(&input, script).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .current_dir(ROOT)
        .args([
            "play",
            scenario,
            "--lang",
            "en",
            "--seed",
            &seed.to_string(),
            "--input",
        ])
        .arg(&input)
        .arg("--data-dir")
        .arg(data)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let log = stdout
        .lines()
        .find_map(|l| l.strip_prefix("session log: "))
        .map(PathBuf::from);
    (
        out.status.code().unwrap_or(-1),
        stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        log,
    )
}

const FOOD_WAIVE: &str = r#"[
    Choose("show_credentials"), Choose("count_goods"), Choose("check_invoices"), Choose("check_record"),
    Choose("order_removal"), Choose("go_decide"),
    Decide(measures: [NoPenalty, Education, OrderToRectify, SupervisedDestruction]),
]"#;

const FIRE_PLAY: &str = r#"[
    Choose("show_credentials"), Choose("measure_width"), Choose("check_record"), Choose("warning_interview"),
    Choose("go_decide_after"),
    Decide(measures: [Fine, OrderToRectify, Education], steps: [NotifyRights, HearDefence], fine: 20000, deadline: 3),
]"#;

/// A log's records without the fields that depend on the wall clock.
fn timeless(log: &Path) -> Vec<Value> {
    std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: Value = serde_json::from_str(l).unwrap();
            let m = v.as_object_mut().unwrap();
            for k in ["wall", "elapsed_ms", "started", "session", "hash", "prev"] {
                m.remove(k);
            }
            v
        })
        .collect()
}

#[test]
fn same_seed_and_inputs_give_the_same_session() {
    let data = temp_dir("determinism");
    for (scenario, script) in [
        ("food.expired_yogurt", FOOD_WAIVE),
        ("fire.exit_blocked_mall", FIRE_PLAY),
    ] {
        for seed in [1, 7, 42, 1234] {
            let (c1, out1, e1, l1) = play(scenario, seed, script, &data);
            let (c2, out2, _, l2) = play(scenario, seed, script, &data);
            assert_eq!((c1, c2), (0, 0), "{scenario} seed {seed}:\n{out1}\n{e1}");
            let (l1, l2) = (l1.unwrap(), l2.unwrap());
            assert_ne!(l1, l2, "each session gets its own log");
            assert_eq!(
                timeless(&l1),
                timeless(&l2),
                "{scenario} seed {seed}: logs differ"
            );
            let strip = |s: &str| {
                s.lines()
                    .filter(|l| !l.starts_with("session log:"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            assert_eq!(
                strip(&out1),
                strip(&out2),
                "{scenario} seed {seed}: debrief differs"
            );
            assert!(matches!(
                verify(
                    &l1,
                    &content_index(&[PathBuf::from(ROOT).join("scenarios")])
                ),
                Verdict::Intact { .. }
            ));
        }
    }
}

fn goods_value(s: &Session) -> f64 {
    match s.facts().get("goods_value") {
        Some(FactValue::Number(x)) => *x,
        other => panic!("no goods value: {other:?}"),
    }
}

/// Play the food case to its decision with `decision`, from `seed`.
fn food_session(seed: u64, decision: &DecisionInput) -> Session {
    let mut s = Session::start(case("food.expired_yogurt"), seed, Mode::Assessment);
    for id in [
        "show_credentials",
        "count_goods",
        "check_invoices",
        "check_record",
        "order_removal",
        "go_decide",
    ] {
        s.input(Input::Choose { id: id.into() }).unwrap();
    }
    s.input(Input::Decide(decision.clone())).unwrap();
    assert!(s.is_finished());
    s
}

#[test]
fn the_500_yuan_threshold_turns_a_good_decision_into_a_critical_error() {
    let first_violation =
        |s: &Session| s.facts().get("first_violation") == Some(&FactValue::Bool(true));
    let fine = DecisionInput {
        measures: vec![
            Measure::Fine,
            Measure::OrderToRectify,
            Measure::Education,
            Measure::ConfiscateProperty,
        ],
        steps: vec![Step::NotifyRights, Step::HearDefence],
        fine: Some(55_000.0),
        deadline: Some(5),
    };
    let (mut below, mut above) = (None, None);
    for seed in 0..200 {
        let s = food_session(seed, &fine);
        let source = s.facts().get("source_stated") == Some(&FactValue::Bool(true));
        if !first_violation(&s) || !source {
            continue;
        }
        if goods_value(&s) <= 500.0 && below.is_none() {
            below = Some(s);
        } else if goods_value(&s) > 500.0 && above.is_none() {
            above = Some(s);
        }
    }
    let (below, above) = (
        below.expect("a seed at or below 500 yuan"),
        above.expect("a seed above 500 yuan"),
    );
    // At or below 500 yuan the first-violation list forbids any fine: a critical error.
    let d = below.debrief().unwrap();
    assert_eq!(d.lawful.outcome, Outcome::NoPenalty);
    assert!(d.critical && !d.passed, "{d:#?}");
    assert!(d
        .deductions
        .iter()
        .any(|x| x.rule == "legality.penalty_where_none_lawful" && x.basis.contains("首违不罚")));
    // Above it the same fine is lawful (may waive; lighter band), and the session passes.
    let d = above.debrief().unwrap();
    assert_eq!(d.lawful.outcome, Outcome::MayWaive);
    assert!(!d.critical && d.passed, "{d:#?}");
    assert!(d
        .deductions
        .iter()
        .any(|x| x.rule == "flexibility.penalty_where_waiver_preferred"));
}

#[test]
fn every_deduction_names_its_rule_and_basis() {
    for (id, seeds) in [
        ("food.expired_yogurt", 0..30),
        ("fire.exit_blocked_mall", 0..30),
    ] {
        let c = case(id);
        for seed in seeds {
            let mut s = Session::start(c.clone(), seed, Mode::Practice);
            // A hasty officer: take the last choice (move on) until a decision, then fine 1 yuan.
            while let Some(p) = s.prompt() {
                let input = match (&p.decision, p.choices.last()) {
                    (Some(_), _) => Input::Decide(DecisionInput {
                        measures: vec![Measure::Fine],
                        fine: Some(1.0),
                        ..Default::default()
                    }),
                    (None, Some(c)) => Input::Choose { id: c.id.clone() },
                    (None, None) => panic!("stuck at {}", p.scene),
                };
                s.input(input).unwrap();
            }
            let d = s.debrief().unwrap();
            assert!(!d.deductions.is_empty());
            for x in &d.deductions {
                assert!(!x.rule.is_empty() && !x.basis.is_empty(), "{x:?}");
                assert!(
                    x.explanation.zh.as_deref().is_some_and(|t| !t.is_empty()),
                    "{x:?}"
                );
                let zh = x.explanation.zh.as_deref().unwrap_or("");
                for english in [
                    "Good",
                    "Mixed",
                    "Poor",
                    "NoPenalty",
                    "MayWaive",
                    "General",
                    "Heavier",
                    "Lighter",
                ] {
                    assert!(
                        !zh.contains(english),
                        "English `{english}` in a Chinese explanation: {zh}"
                    );
                }
                assert!(
                    x.explanation.en.as_deref().is_some_and(|t| !t.is_empty()),
                    "{x:?}"
                );
            }
            assert!((0.0..=100.0).contains(&d.total));
        }
    }
}

#[test]
fn embedded_scenario_tests_pass() {
    let out = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .current_dir(ROOT)
        .args(["test", "scenarios/"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}

/// A finished log of the food case, and the content index it verifies against.
fn finished_log(name: &str) -> (PathBuf, std::collections::BTreeMap<String, PathBuf>) {
    let data = temp_dir(name);
    let (code, out, err, log) = play("food.expired_yogurt", 6, FOOD_WAIVE, &data);
    assert_eq!(code, 0, "{out}{err}");
    let index = content_index(&[PathBuf::from(ROOT).join("scenarios")]);
    let log = log.unwrap();
    assert!(matches!(verify(&log, &index), Verdict::Intact { .. }));
    (log, index)
}

fn broken_at(v: &Verdict) -> Option<(usize, &str)> {
    match v {
        Verdict::Broken { record, reason } => Some((*record, reason.as_str())),
        _ => None,
    }
}

#[test]
fn verify_catches_one_changed_byte_in_any_record() {
    let (log, index) = finished_log("byte");
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let tampered = log.with_extension("tampered");
    for (i, line) in lines.iter().enumerate() {
        // Change one ASCII character in the middle of the record.
        let mut bytes = line.as_bytes().to_vec();
        let mut at = bytes.len() / 2;
        while !bytes[at].is_ascii_alphanumeric() {
            at += 1;
        }
        bytes[at] = if bytes[at] == b'1' { b'2' } else { b'1' };
        let mut all: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        all[i] = String::from_utf8(bytes).unwrap();
        std::fs::write(&tampered, all.join("\n") + "\n").unwrap();
        let v = verify(&tampered, &index);
        let (record, _) =
            broken_at(&v).unwrap_or_else(|| panic!("record {} edit not caught: {v:?}", i + 1));
        assert_eq!(record, i + 1, "{v:?}");
    }
}

#[test]
fn verify_catches_deletion_swap_truncation_and_a_rechained_score() {
    let (log, index) = finished_log("tamper");
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<String> = text.lines().map(String::from).collect();
    let out = log.with_extension("tampered");
    let check = |content: String| {
        std::fs::write(&out, content).unwrap();
        verify(&out, &index)
    };
    // A record deleted.
    let mut del = lines.clone();
    del.remove(5);
    let v = check(del.join("\n") + "\n");
    assert!(
        broken_at(&v).is_some_and(|(r, why)| r == 6 && why.contains("deleted")),
        "{v:?}"
    );
    // Two records swapped.
    let mut swap = lines.clone();
    swap.swap(3, 4);
    let v = check(swap.join("\n") + "\n");
    assert!(
        broken_at(&v).is_some_and(|(r, why)| r == 4 && why.contains("reordered")),
        "{v:?}"
    );
    // Truncated mid-record.
    let v = check(text[..text.len() - 40].to_string());
    assert!(
        broken_at(&v).is_some_and(|(_, why)| why.contains("truncated")),
        "{v:?}"
    );
    // The final score edited, with the whole chain recomputed to match.
    let mut prev = cailiang::log::GENESIS.to_string();
    let mut rechained = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let mut rec: serde_json::Map<String, Value> = serde_json::from_str(l).unwrap();
        rec.remove("hash");
        if i + 1 == lines.len() {
            rec["debrief"]["total"] = Value::from(12.5);
        }
        rec.insert("prev".into(), Value::from(prev.clone()));
        let h = cailiang::log::record_hash(&prev, &rec);
        rec.insert("hash".into(), Value::from(h.clone()));
        prev = h;
        rechained.push(Value::Object(rec).to_string());
    }
    let v = check(rechained.join("\n") + "\n");
    assert!(
        broken_at(&v).is_some_and(|(_, why)| why.contains("score mismatch")),
        "{v:?}"
    );
}

#[test]
fn verify_notices_a_scenario_changed_after_the_session() {
    let (log, _) = finished_log("changed");
    let copy = temp_dir("changed-content");
    let src = PathBuf::from(ROOT).join("scenarios");
    std::fs::create_dir_all(copy.join("standards")).unwrap();
    for e in std::fs::read_dir(src.join("standards")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, copy.join("standards").join(p.file_name().unwrap())).unwrap();
    }
    let scenario = std::fs::read_to_string(src.join("food_expired_yogurt.ron")).unwrap();
    std::fs::write(
        copy.join("food_expired_yogurt.ron"),
        scenario.replace("minutes: 15", "minutes: 16"),
    )
    .unwrap();
    let v = verify(&log, &content_index(std::slice::from_ref(&copy)));
    assert!(
        broken_at(&v).is_some_and(|(r, why)| r == 1 && why.contains("changed or absent")),
        "{v:?}"
    );
    // The CLI says the same and exits 1.
    let out = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .args(["verify", "--scenarios"])
        .arg(&copy)
        .arg(&log)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("FAILED"));
}

#[test]
fn a_killed_session_keeps_every_acknowledged_step() {
    let data = temp_dir("kill");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .current_dir(ROOT)
        .args([
            "play",
            "food.expired_yogurt",
            "--seed",
            "3",
            "--lang",
            "en",
            "--data-dir",
        ])
        .arg(&data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut log = None;
    let mut line = String::new();
    while log.is_none() && stdout.read_line(&mut line).unwrap() > 0 {
        log = line.trim().strip_prefix("session log: ").map(PathBuf::from);
        line.clear();
    }
    let log = log.expect("play prints the log path");
    const N: usize = 3;
    let mut stdin = child.stdin.take().unwrap();
    // Choices keep their numbers: 1, 2 and 3 are three different investigations.
    for k in 1..=N {
        stdin.write_all(format!("{k}\n").as_bytes()).unwrap();
    }
    stdin.flush().unwrap();
    // Wait (bounded) until the N inputs are acknowledged in the log, then kill without warning.
    let count = || {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .filter(|l| l.contains(r#""record":"input""#))
            .count()
    };
    for _ in 0..400 {
        if count() >= N {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    // While the session runs, nobody else can take the log's lock.
    let other = std::fs::File::options().append(true).open(&log).unwrap();
    assert!(
        other.try_lock().is_err(),
        "the running session must hold the log's lock"
    );
    drop(other);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(count(), N);
    let v = verify(
        &log,
        &content_index(&[PathBuf::from(ROOT).join("scenarios")]),
    );
    assert_eq!(
        v,
        Verdict::Incomplete {
            records: std::fs::read_to_string(&log).unwrap().lines().count(),
            inputs: N
        }
    );
    let out = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .current_dir(ROOT)
        .arg("verify")
        .arg(&log)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("INCOMPLETE"));
}

#[test]
fn bad_scripted_input_is_a_clear_error() {
    let data = temp_dir("badinput");
    let cases = [
        (
            "[Choose(\"show_credentials\") Choose(\"x\")]",
            "input-1.ron:1:29",
        ),
        (
            "[Choose(\"no_such_choice\")]",
            "`no_such_choice` is not a choice here",
        ),
        ("[Chose(\"show_credentials\")]", "unknown Input `Chose`"),
        (
            "[Choose(\"go_decide\"), Decide(measures: [Fine], fine: -5)]",
            "not valid",
        ),
        (
            "[Choose(\"go_decide\"), Decide(measures: [Fine])]",
            "enter the amount",
        ),
        (
            "[Choose(\"go_decide\"), Decide(measures: [OrderToRectify], deadline: 0)]",
            "Deadline 0",
        ),
        (
            "[Choose(\"go_decide\"), Decide(measures: [Closure])]",
            "does not offer",
        ),
        (
            "[Choose(\"go_decide\"), Decide(measures: [NoPenalty, Fine], fine: 10)]",
            "cannot be combined",
        ),
        (
            "[Choose(\"show_credentials\")]",
            "ended before the case did",
        ),
    ];
    for (i, (script, expected)) in cases.iter().enumerate() {
        let input = data.join(format!("input-{}.ron", i + 1));
        std::fs::write(&input, script).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_cailiang"))
            .current_dir(ROOT)
            .args(["play", "food.expired_yogurt", "--seed", "1", "--input"])
            .arg(&input)
            .arg("--data-dir")
            .arg(&data)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{script}: {err}");
        assert!(!err.contains("panicked"), "{script}: {err}");
        assert!(
            err.contains(expected),
            "{script}: expected `{expected}` in: {err}"
        );
    }
}

#[test]
fn custom_weights_are_kept_in_the_log_and_replayed() {
    let data = temp_dir("weights");
    let input = data.join("in.ron");
    std::fs::write(&input, FOOD_WAIVE).unwrap();
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cailiang"))
            .current_dir(ROOT)
            .args([
                "play",
                "food.expired_yogurt",
                "--seed",
                "2",
                "--lang",
                "en",
                "--input",
            ])
            .arg(&input)
            .arg("--data-dir")
            .arg(&data)
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&["--weights", "legality=60,effects=0", "--pass-mark", "90"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("(weight 60)") && stdout.contains("(weight 0)"),
        "{stdout}"
    );
    let log = PathBuf::from(
        stdout
            .lines()
            .find_map(|l| l.strip_prefix("session log: "))
            .unwrap(),
    );
    let header: Value = serde_json::from_str(
        std::fs::read_to_string(&log)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["scoring"]["pass_mark"], 90.0);
    let v = verify(
        &log,
        &content_index(&[PathBuf::from(ROOT).join("scenarios")]),
    );
    assert!(matches!(v, Verdict::Intact { .. }), "{v:?}");
    for bad in [
        ["--weights", "legal=x"],
        ["--weights", "speed=10"],
        ["--pass-mark", "120"],
    ] {
        let out = run(&bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
    }
}

#[test]
fn an_unfinished_session_resumes_from_its_log_and_verifies_whole() {
    use cailiang::log::recorder::Recorder;
    use cailiang::log::Header;
    let data = temp_dir("resume");
    let loaded = cailiang::catalog::load(
        "food.expired_yogurt",
        Some(&PathBuf::from(ROOT).join("scenarios")),
    )
    .unwrap();
    let header = Header {
        trainee: "t1".into(),
        workstation: "ws".into(),
        mode: Mode::Practice,
        seed: 5,
        scenario: loaded.scenario.clone(),
        standards: loaded.standards.clone(),
        scoring: Default::default(),
        plan: None,
    };
    let path = {
        let (mut rec, _) = Recorder::begin(loaded.case.clone(), &header, &data).unwrap();
        for id in ["show_credentials", "count_goods", "check_invoices"] {
            rec.input(Input::Choose { id: id.into() }).unwrap();
        }
        rec.log_path().to_path_buf()
        // dropped here, as if the app had been closed or had crashed
    };
    let content = [PathBuf::from(ROOT).join("scenarios")];
    let index = content_index(&content);
    assert!(matches!(
        verify(&path, &index),
        Verdict::Incomplete { inputs: 3, .. }
    ));
    let (mut rec, events) = Recorder::resume(&path, &content).unwrap();
    assert!(
        events
            .iter()
            .any(|e| matches!(e, cailiang::runtime::Event::Evidence { .. })),
        "the case file is rebuilt"
    );
    assert!(rec.session().known().contains("goods_value"));
    for id in ["check_record", "order_removal", "go_decide"] {
        rec.input(Input::Choose { id: id.into() }).unwrap();
    }
    rec.input(Input::Decide(DecisionInput {
        measures: vec![
            Measure::NoPenalty,
            Measure::Education,
            Measure::OrderToRectify,
        ],
        ..Default::default()
    }))
    .unwrap();
    assert!(rec.session().is_finished());
    drop(rec);
    let v = verify(&path, &index);
    assert!(matches!(v, Verdict::Intact { inputs: 7, .. }), "{v:?}");
    // A finished session is not resumed again.
    assert!(Recorder::resume(&path, &content).is_err());
}
