//! `cailiang explore`: the exhaustive exploration reaches at least what random playthroughs and
//! the embedded tests reach, and every witness it reports replays with `play`'s seed and inputs.

use cailiang::explore::witness::{seed_for, Target};
use cailiang::explore::{add_tests, exhaustive, explore, worlds};
use cailiang::runtime::{Case, Mode, Session};
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Run the binary from the project root.
fn cailiang(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .current_dir(ROOT)
        .args(args)
        .output()
        .unwrap()
}

fn case(id: &str) -> Arc<Case> {
    let lib = cailiang::content::load(&[PathBuf::from(ROOT).join("scenarios")]);
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

#[test]
fn exploring_reaches_all_that_random_walks_and_tests_reach_and_every_witness_replays() {
    let case = case("food.expired_yogurt");
    let mut walked = explore(&case, 400);
    add_tests(&mut walked, &case);
    let x = exhaustive(&case);
    assert!(x.complete, "a cap stopped the exploration");
    for o in walked.outcomes.keys() {
        assert!(x.outcomes.contains_key(o), "{:?} missed", o.outcome());
    }
    for e in walked.endings.keys() {
        assert!(x.endings.contains_key(e), "ending {e} missed");
    }
    assert!(x.unreachable_scenes.is_empty() && x.unreachable_endings.is_empty());
    assert!(x.paths > x.states as f64, "paths are counted, not walked");
    // Every ending's witness replays with a plain session: its seed and its inputs.
    let cuts = worlds::thresholds(&case);
    for (e, r) in &x.endings {
        let (min, max) = r.score.expect("the score search reached every ending");
        assert!(min <= max);
        let seed = seed_for(&case, &r.path, Target::Ending(e), &cuts)
            .unwrap_or_else(|| panic!("no seed replays ending {e}"));
        let mut s = Session::start(case.clone(), seed, Mode::Assessment);
        for i in &r.path.inputs {
            s.input(i.clone()).unwrap();
        }
        assert_eq!(s.debrief().unwrap().ending, *e);
    }
    // A critical error a trainee can make is found with its path.
    assert!(x
        .criticals
        .contains_key("legality.penalty_where_none_lawful"));
}

#[test]
fn explore_prints_replayable_scripts_and_json() {
    let out = cailiang(&["explore", "fire.exit_blocked_mall", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["complete"], true);
    let endings = v["endings"].as_array().unwrap();
    assert!(!endings.is_empty());
    for e in endings {
        assert!(e["witness"]["seed"].is_u64(), "{e}");
        assert!(e["score"]["min"].as_f64() <= e["score"]["max"].as_f64());
    }
    let out = cailiang(&["explore", "fire.exit_blocked_mal"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("did you mean `fire.exit_blocked_mall`?"),
        "{err}"
    );
}

#[test]
fn graph_draws_every_scene_and_ending_with_its_coverage() {
    let run = |format: &str| {
        let out = cailiang(&["graph", "fire.exit_blocked_mall", "--format", format]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let case = case("fire.exit_blocked_mall");
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    assert_eq!(
        nodes.len(),
        case.scenario.scenes.len() + case.scenario.endings.len()
    );
    // The shipped case is fully tested: every node is played by a test or reached by exploring.
    for n in nodes {
        assert_ne!(n["reach"], "unreached", "{n}");
    }
    assert!(json["edges"].as_array().unwrap().len() >= nodes.len() - 1);
    let dot = run("dot");
    assert!(dot.starts_with("digraph"));
    let svg = run("svg");
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    for sc in &case.scenario.scenes {
        assert!(dot.contains(&format!("{:?}", sc.id.value)));
        assert!(svg.contains(&sc.id.value));
    }
}

#[test]
fn a_generated_case_with_more_than_a_trillion_paths_is_explored_whole() {
    let gen = Command::new("bash")
        .current_dir(ROOT)
        .args(["scripts/wide-case.sh", "42"])
        .output()
        .unwrap();
    assert!(gen.status.success());
    let file = std::env::temp_dir().join(format!("cailiang-wide-{}.ron", std::process::id()));
    std::fs::write(&file, &gen.stdout).unwrap();
    let out = cailiang(&["explore", file.to_str().unwrap(), "--format", "json"]);
    let _ = std::fs::remove_file(&file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["complete"], true);
    assert!(v["paths"].as_f64().unwrap() > 1e12, "{}", v["paths"]);
    // Paths that meet are explored once: a few states per scene, not per path.
    assert!(v["states"].as_u64().unwrap() < 1000, "{}", v["states"]);
}
