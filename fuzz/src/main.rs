//! Mutation fuzzing of what users hand Cailiang, on the stable toolchain:
//!
//! ```sh
//! cargo run --release --manifest-path fuzz/Cargo.toml -- TARGET [--seconds N] [--seed S]
//! ```
//!
//! TARGET is `ron` (a content file, parsed, deserialized, validated against the shipped
//! standards, its diagnostics rendered), `facts` (a facts JSON object, typed against every item
//! of the shipped standards and assessed), `script` (an input script, parsed and played through a
//! session of the first case), `log` (a session log, verified: chain, replay, score and
//! signatures), or `all` (each in turn for the time given).
//!
//! The corpus starts from the repository's own files (the case library, the broken fixtures,
//! the `assess` case table, scripts and logs played here) and grows by mutation: bytes flipped,
//! inserted, deleted, duplicated or spliced from another input, and tokens of each format
//! dropped in. There is no coverage feedback (that needs a nightly compiler); an input is kept
//! in the corpus when it takes the reader further (it is valid UTF-8 and fails later, or not at
//! all). Each input runs under `catch_unwind` with a time bound: a panic, or one input taking
//! over a second, is saved to `fuzz/artifacts/TARGET-<sha256>` and the run ends with status 1.

use cailiang::log::verify::{self, Cases};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
/// An input taking longer than this is a finding.
const SLOW: Duration = Duration::from_secs(1);
/// Inputs kept per target (oldest seeds stay; grown ones replace grown ones).
const CORPUS_MAX: usize = 2_000;
/// Largest input the mutator produces.
const INPUT_MAX: usize = 256 << 10;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let target = args.first().cloned().unwrap_or_else(|| usage());
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    let seconds = opt("--seconds").unwrap_or(60);
    let seed = opt("--seed").unwrap_or(1);
    let targets: Vec<&str> = match target.as_str() {
        "all" => vec!["ron", "facts", "script", "log"],
        t @ ("ron" | "facts" | "script" | "log") => vec![t],
        _ => usage(),
    };
    // Panics are findings, reported by the fuzzer, not printed by the hook for each.
    std::panic::set_hook(Box::new(|_| {}));
    let world = World::new();
    let mut failed = false;
    for t in &targets {
        let budget =
            Duration::from_secs(seconds / targets.len() as u64).max(Duration::from_secs(1));
        failed |= fuzz(t, &world, budget, seed);
    }
    std::process::exit(i32::from(failed));
}

fn usage() -> ! {
    eprintln!("usage: cailiang-fuzz ron|facts|script|log|all [--seconds N] [--seed S]");
    std::process::exit(2)
}

/// What the targets need, built once.
struct World {
    standards_dir: PathBuf,
    standards: Vec<cailiang::standard::Standard>,
    case: Arc<cailiang::runtime::Case>,
    index: BTreeMap<String, PathBuf>,
    cases: Cases,
    trust: cailiang::log::sign::Trust,
    logs: Vec<String>,
}

const SCRIPTS: &[&str] = &[
    r#"[Choose("show_credentials"), Choose("count_goods"), Choose("check_invoices"), Choose("check_record"), Choose("order_removal"), Choose("go_decide"), Decide(measures: [NoPenalty, Education, OrderToRectify, SupervisedDestruction])]"#,
    r#"[Choose("count_goods"), Choose("go_decide"), Decide(measures: [Fine, ConfiscateProperty], steps: [NotifyRights, HearDefence], fine: 60000)]"#,
    r#"[Choose("seal_yogurt"), Choose("go_decide"), Decide(measures: [Warning], fine: 3000, deadline: 10)]"#,
];

impl World {
    fn new() -> World {
        let root = Path::new(ROOT);
        let scenarios = root.join("scenarios");
        let standards_dir = scenarios.join("standards");
        let lib = cailiang::content::load(std::slice::from_ref(&standards_dir));
        let standards = lib.standards.into_iter().map(|(_, s)| s).collect();
        let loaded = cailiang::catalog::load("food.expired_yogurt", Some(&scenarios))
            .expect("the example case loads");
        let index = verify::content_index(std::slice::from_ref(&scenarios));
        // Logs to mutate: the scripts played here, unsigned (a signed log is one more field).
        let dir = std::env::temp_dir().join(format!("cailiang-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut logs = Vec::new();
        for (i, s) in SCRIPTS.iter().enumerate() {
            let inputs = cailiang::cli::parse_script(s, "seed").expect("seed scripts parse");
            let header = cailiang::log::Header {
                trainee: format!("fuzz{i}"),
                workstation: "fuzz".into(),
                mode: cailiang::runtime::Mode::Practice,
                seed: i as u64,
                scenario: loaded.scenario.clone(),
                standards: loaded.standards.clone(),
                scoring: Default::default(),
                plan: None,
            };
            let (mut rec, _) =
                cailiang::log::recorder::Recorder::begin(loaded.case.clone(), &header, &dir)
                    .expect("a log can be written");
            for input in inputs {
                if rec.input(input).is_err() {
                    break;
                }
            }
            logs.push(std::fs::read_to_string(rec.log_path()).expect("the log reads back"));
        }
        let _ = std::fs::remove_dir_all(&dir);
        World {
            standards_dir,
            standards,
            case: loaded.case,
            index,
            cases: Cases::default(),
            trust: Default::default(),
            logs,
        }
    }

    /// The seed corpus of a target.
    fn seeds(&self, target: &str) -> Vec<Vec<u8>> {
        let root = Path::new(ROOT);
        match target {
            "ron" => {
                let mut files = Vec::new();
                for dir in [
                    "scenarios",
                    "scenarios/standards",
                    "scenarios/plans",
                    "tests/fixtures",
                    "tests/fixtures/broken",
                ] {
                    if let Ok(rd) = std::fs::read_dir(root.join(dir)) {
                        files.extend(
                            rd.flatten()
                                .map(|e| e.path())
                                .filter(|p| p.extension().is_some_and(|x| x == "ron")),
                        );
                    }
                }
                files.sort();
                files.iter().filter_map(|f| std::fs::read(f).ok()).collect()
            }
            "facts" => {
                let table: serde_json::Value = serde_json::from_slice(
                    &std::fs::read(root.join("tests/data/assess_cases.json")).unwrap_or_default(),
                )
                .unwrap_or_default();
                let mut out: Vec<Vec<u8>> = Vec::new();
                collect_facts(&table, &mut out);
                out.truncate(300);
                out
            }
            "script" => SCRIPTS.iter().map(|s| s.as_bytes().to_vec()).collect(),
            "log" => self.logs.iter().map(|l| l.as_bytes().to_vec()).collect(),
            _ => Vec::new(),
        }
    }

    /// Run one input; `true` when the reader took it all the way (a valid input).
    fn run(&self, target: &str, input: &[u8]) -> bool {
        let text = String::from_utf8_lossy(input);
        match target {
            "ron" => {
                let lib = cailiang::content::load_with_text(
                    std::slice::from_ref(&self.standards_dir),
                    Path::new("fuzz.ron"),
                    text.into_owned(),
                );
                let shown = cailiang::diag::render(&lib.sources, &lib.diagnostics, false, 100);
                std::hint::black_box(shown);
                lib.errors() == 0
            }
            "facts" => {
                let Ok(serde_json::Value::Object(map)) =
                    serde_json::from_str::<serde_json::Value>(&text)
                else {
                    return false;
                };
                let mut any = false;
                for s in &self.standards {
                    for item in &s.items {
                        if let Ok(facts) = cailiang::discretion::check_facts(item, &map) {
                            std::hint::black_box(cailiang::discretion::assess(s, item, &facts));
                            any = true;
                        }
                    }
                }
                any
            }
            "script" => {
                let Ok(inputs) = cailiang::cli::parse_script(&text, "fuzz") else {
                    return false;
                };
                let mut s = cailiang::runtime::Session::start_with(
                    self.case.clone(),
                    inputs.len() as u64,
                    cailiang::runtime::Mode::Practice,
                    Default::default(),
                );
                let mut all = true;
                for input in inputs {
                    std::hint::black_box(s.take_events());
                    if s.input(input).is_err() {
                        all = false;
                    }
                }
                std::hint::black_box(s.debrief());
                all
            }
            "log" => {
                let (verdict, _) = verify::verify_text(&text, &self.index, &self.cases);
                std::hint::black_box(verify::signatures_text(&text, &self.trust));
                matches!(verdict, verify::Verdict::Intact { .. })
            }
            _ => false,
        }
    }
}

/// Every `"facts"` object in the `assess` case table, as JSON text.
fn collect_facts(v: &serde_json::Value, out: &mut Vec<Vec<u8>>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k == "facts" && x.is_object() {
                    out.push(x.to_string().into_bytes());
                } else {
                    collect_facts(x, out);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_facts(x, out)),
        _ => {}
    }
}

/// Tokens of each format, dropped in by the mutator.
fn dictionary(target: &str) -> &'static [&'static str] {
    match target {
        "ron" => &[
            "(",
            ")",
            "[",
            "]",
            "{",
            "}",
            ",",
            ":",
            "\"",
            "\\",
            "//",
            "/*",
            "*/",
            "r#\"",
            "\"#",
            "Some(",
            "None",
            "true",
            "false",
            "-1",
            "1e309",
            "0.5",
            "99999999999999999999",
            "Fixed(",
            "Bernoulli(",
            "goto: \"",
            "id: \"",
            "zh: \"",
            "\\u{0}",
            "\u{feff}",
            "é",
            "裁量",
            "Scenario(",
            "Standard(",
            "Plan(",
            "Choice(",
            "Scene(",
        ],
        "facts" => &[
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "null",
            "true",
            "false",
            "-0",
            "1e400",
            "18446744073709551616",
            "\"party\"",
            "\"harm\"",
            "\"organization\"",
            "\\u0000",
            "\\ud800",
            "0.1",
        ],
        "script" => &[
            "[",
            "]",
            "(",
            ")",
            ",",
            "Choose(\"",
            "Decide(",
            "measures: [",
            "fine: ",
            "deadline: ",
            "steps: [",
            "Fine",
            "NoPenalty",
            "-1",
            "1e309",
            "NaN",
            "inf",
            "\"",
        ],
        _ => &[
            "\n",
            "{",
            "}",
            "\"",
            ",",
            ":",
            "\"seq\":",
            "\"prev\":\"",
            "\"hash\":\"",
            "\"record\":\"input\"",
            "\"record\":\"final\"",
            "null",
            "0",
            "-1",
            "\\n",
            "99999999999999999999",
        ],
    }
}

/// One mutation of `base` (with `other` to splice from).
fn mutate(rng: &mut ChaCha8Rng, base: &[u8], other: &[u8], dict: &[&str]) -> Vec<u8> {
    let mut v = base.to_vec();
    let rounds = 1 + rng.next_u32() % 4;
    for _ in 0..rounds {
        let at = |rng: &mut ChaCha8Rng, len: usize| (rng.next_u32() as usize) % (len + 1);
        match rng.next_u32() % 8 {
            0 if !v.is_empty() => {
                let i = at(rng, v.len() - 1);
                v[i] ^= 1 << (rng.next_u32() % 8);
            }
            1 => {
                let i = at(rng, v.len());
                v.insert(i, rng.next_u32() as u8);
            }
            2 if !v.is_empty() => {
                let i = at(rng, v.len() - 1);
                let n = 1 + (rng.next_u32() as usize % 16).min(v.len() - i - 1);
                v.drain(i..i + n);
            }
            3 if !v.is_empty() => {
                // Duplicate a chunk (nesting, repetition).
                let i = at(rng, v.len() - 1);
                let n = 1 + rng.next_u32() as usize % 64;
                let chunk: Vec<u8> = v[i..(i + n).min(v.len())].to_vec();
                let j = at(rng, v.len());
                v.splice(j..j, chunk);
            }
            4 if !other.is_empty() => {
                // Splice the tail of another input.
                let i = at(rng, v.len());
                let j = at(rng, other.len());
                v.truncate(i);
                v.extend_from_slice(&other[j..]);
            }
            5 if !v.is_empty() => {
                v.truncate(at(rng, v.len()));
            }
            _ => {
                let tok = dict[rng.next_u32() as usize % dict.len()];
                let i = at(rng, v.len());
                v.splice(i..i, tok.bytes());
            }
        }
    }
    v.truncate(INPUT_MAX);
    v
}

/// Fuzz `target` for `budget`; `true` when something was found.
fn fuzz(target: &str, world: &World, budget: Duration, seed: u64) -> bool {
    let mut corpus = world.seeds(target);
    assert!(!corpus.is_empty(), "{target}: no seed inputs");
    let seeds = corpus.len();
    // The seeds themselves must pass without a finding.
    for s in corpus.clone() {
        if let Err(f) = run_one(world, target, &s) {
            return report(target, &s, &f);
        }
    }
    let dict = dictionary(target);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let started = Instant::now();
    let (mut execs, mut valid, mut slowest) = (0u64, 0u64, Duration::ZERO);
    let mut found = false;
    while started.elapsed() < budget {
        let a = rng.next_u32() as usize % corpus.len();
        let b = rng.next_u32() as usize % corpus.len();
        let input = mutate(&mut rng, &corpus[a], &corpus[b], dict);
        let t = Instant::now();
        let outcome = run_one(world, target, &input);
        let took = t.elapsed();
        slowest = slowest.max(took);
        execs += 1;
        let ok = match outcome {
            Err(finding) => {
                found |= report(target, &input, &finding);
                false
            }
            Ok(_) if took > SLOW => {
                found |= report(target, &input, &format!("took {took:?} (bound {SLOW:?})"));
                false
            }
            Ok(ok) => ok,
        };
        // Keep inputs that are still text the reader accepts whole (they reach deeper code).
        if ok && std::str::from_utf8(&input).is_ok() {
            valid += 1;
            if corpus.len() < CORPUS_MAX {
                corpus.push(input);
            } else {
                let i = seeds + rng.next_u32() as usize % (CORPUS_MAX - seeds).max(1);
                if i < corpus.len() {
                    corpus[i] = input;
                }
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{target:6} {execs:>9} inputs in {secs:>5.0} s ({:>7.0}/s), {valid} valid, corpus {} ({seeds} seeds), slowest {:.1} ms, {}",
        execs as f64 / secs,
        corpus.len(),
        slowest.as_secs_f64() * 1e3,
        if found { "FINDINGS saved in fuzz/artifacts/" } else { "no panic, no slow input" }
    );
    found
}

/// Run one input: whether it was valid, or the panic's message.
fn run_one(world: &World, target: &str, input: &[u8]) -> Result<bool, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| world.run(target, input))).map_err(
        |p| {
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into())
        },
    )
}

/// Save a finding; always `true`.
fn report(target: &str, input: &[u8], why: &str) -> bool {
    let dir = Path::new(ROOT).join("fuzz/artifacts");
    let _ = std::fs::create_dir_all(&dir);
    let name = format!("{target}-{}", &cailiang::log::sha256_hex(input)[..16]);
    let _ = std::fs::write(dir.join(&name), input);
    eprintln!("FINDING {target}: {why} (input saved as fuzz/artifacts/{name})");
    true
}
