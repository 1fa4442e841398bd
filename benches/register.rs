//! Benchmark: importing N signed station logs (default 10,000) into a fresh SQLite register —
//! every log's chain checked, its session replayed and its score reproduced, its station
//! signature verified — against the floor measured in the same run: `sha256sum` over the same
//! files. Target (issue 10): at most 3 × the floor. The logs are generated once per N into
//! `$TMPDIR/cailiang-bench-register-N/` (signed with a fixed key, seeds 0..N) and reused.
//!
//! `bash scripts/bench-register.sh [N]`; docs/REGISTER.md keeps the figures.

/// The allocator the `cailiang` binary uses (src/main.rs), so the import is measured as run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use cailiang::log::recorder::Recorder;
use cailiang::log::sign::{StationKey, Trust};
use cailiang::log::{Header, PlanRef};
use cailiang::runtime::{Input, Mode};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

/// Rounds of floor and import; medians are reported.
const ROUNDS: usize = 5;

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let base = std::env::temp_dir().join(format!("cailiang-bench-register-{n}"));
    let logs = base.join("sessions");
    let key = Arc::new(StationKey::from_seed([7; 32]));
    let pub_file = base.join("station.pub");

    // The logs: the example plan's first case, played by N trainees with the station's inputs.
    let lib = cailiang::content::load(&[root.join("scenarios/plans/plan_workshop_intro.ron")]);
    let plan = lib.plans.into_iter().next().expect("the example plan").1;
    let cases = cailiang::catalog::load_all(&root.join("scenarios")).unwrap();
    let loaded = cases
        .iter()
        .find(|c| c.case.scenario.id.value == "food.expired_yogurt")
        .unwrap();
    let have = std::fs::read_dir(&logs).map(|d| d.count()).unwrap_or(0);
    if have != n {
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(&base).unwrap();
        let pin = plan
            .cases
            .iter()
            .find(|c| c.value.scenario.value == "food.expired_yogurt")
            .and_then(|c| c.value.pin.as_ref().map(|p| p.value.clone()))
            .unwrap();
        let inputs: Vec<Input> = serde_json::from_str(
            r#"[{"input":"choose","id":"show_credentials"},{"input":"choose","id":"count_goods"},
                {"input":"choose","id":"check_invoices"},{"input":"choose","id":"check_record"},
                {"input":"choose","id":"order_removal"},{"input":"choose","id":"go_decide"},
                {"input":"decide","measures":["NoPenalty","Education","OrderToRectify","SupervisedDestruction"]}]"#,
        )
        .unwrap();
        let t = Instant::now();
        for i in 0..n {
            let header = Header {
                trainee: format!("b{i:05}"),
                workstation: format!(
                    "station {}",
                    cailiang::log::sign::fingerprint(&key.public())
                ),
                mode: Mode::Assessment,
                seed: i as u64,
                scenario: loaded.scenario.clone(),
                standards: loaded.standards.clone(),
                scoring: plan.scoring(),
                plan: Some(PlanRef {
                    id: plan.id.value.clone(),
                    pin: pin.clone(),
                    attempt: 1,
                    sha256: None,
                }),
            };
            let (mut rec, _) =
                Recorder::begin_signed(loaded.case.clone(), &header, &base, Some(key.clone()))
                    .unwrap();
            for input in &inputs {
                rec.input(input.clone()).unwrap();
            }
        }
        std::fs::write(
            &pub_file,
            format!("{}\n", cailiang::log::sign::public_text(&key.public())),
        )
        .unwrap();
        eprintln!("generated {n} logs in {:.1} s", t.elapsed().as_secs_f64());
    }
    let bytes: u64 = std::fs::read_dir(&logs)
        .unwrap()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();

    // Floor: sha256sum over the same files (warm cache: read them once first).
    let sha = || {
        let t = Instant::now();
        let ok = Command::new("sh")
            .arg("-c")
            .arg("find \"$1\" -name '*.jsonl' -print0 | xargs -0 sha256sum > /dev/null")
            .arg("sh")
            .arg(&logs)
            .status()
            .unwrap()
            .success();
        assert!(ok, "sha256sum failed");
        t.elapsed().as_secs_f64()
    };
    sha();

    // The import, into a fresh register each time.
    let db = base.join("register.sqlite");
    let trust = Trust::read(std::slice::from_ref(&pub_file)).unwrap();
    let url = format!("sqlite://{}?mode=rwc", db.display());
    let import = |reg: &cailiang::register::Register| {
        cailiang::register::import::import(
            reg,
            std::slice::from_ref(&logs),
            &[root.join("scenarios")],
            &trust,
            &|_, _| {},
        )
        .unwrap()
    };
    // Each round measures the floor and then the import, so both see the same machine: a shared
    // machine's speed drifts by a third between minutes, and the ratio of medians is reported.
    let mut rounds = Vec::new();
    for _ in 0..ROUNDS {
        let floor = sha();
        let _ = std::fs::remove_file(&db);
        let t = Instant::now();
        let reg = cailiang::register::Register::open(&url).unwrap();
        let report = import(&reg);
        let took = t.elapsed().as_secs_f64();
        assert_eq!(report.new, n, "{report:?}");
        assert_eq!(
            report.certifiable, n,
            "every generated log certifies: {report:?}"
        );
        rounds.push((took, floor));
    }
    let reg = cailiang::register::Register::open(&url).unwrap();
    let t = Instant::now();
    let again = import(&reg);
    let reimport = t.elapsed().as_secs_f64();
    assert_eq!(again.unchanged, n);

    let cores = std::thread::available_parallelism()
        .map(|c| c.get())
        .unwrap_or(1);
    println!(
        "register benchmark: {n} signed logs ({:.1} MB), {cores} cores",
        bytes as f64 / 1e6
    );
    for (i, (took, floor)) in rounds.iter().enumerate() {
        println!(
            "  round {}: import (verify, replay, signatures, SQLite) {took:.2} s, floor \
             (sha256sum over the same files) {floor:.2} s: {:.2} ×",
            i + 1,
            took / floor
        );
    }
    let median = |f: fn(&(f64, f64)) -> f64| {
        let mut v: Vec<f64> = rounds.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (took, floor) = (median(|r| r.0), median(|r| r.1));
    println!(
        "  median: import {took:.2} s, floor {floor:.2} s: {:.2} × sha256sum (target: at most 3 ×)",
        took / floor
    );
    println!("  import again (all already recorded): {reimport:.2} s");
}
