//! `cailiang explore CASE`: the case explored exhaustively (`crate::explore::exhaustive`):
//! every ending with its score range, every lawful outcome, every critical error, each with a
//! seed and inputs that replay it, and what can never be reached.

use crate::explore::witness::{seed_for, Target};
use crate::explore::{exhaustive, Exploration, Path};
use crate::runtime::Case;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    /// The case: a scenario id in the content directory, or a scenario file
    case: String,
    /// Content directory holding the scenarios and standards/ (default: the project's scenarios/)
    #[arg(long)]
    content: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// A replayable witness: the seed (if one below the search limit shows it) and the script.
fn witness(case: &Arc<Case>, p: &Path, t: Target<'_>) -> serde_json::Value {
    let cuts = crate::explore::worlds::thresholds(case);
    let seed = seed_for(case, p, t, &cuts);
    serde_json::json!({
        "seed": seed,
        "inputs": p.inputs,
        "world": p.world,
        "events": p.events,
    })
}

fn report(case: &Arc<Case>, x: &Exploration) -> serde_json::Value {
    let endings: Vec<_> = x
        .endings
        .iter()
        .map(|(e, r)| {
            serde_json::json!({
                "ending": e,
                "score": r.score.map(|(min, max)| serde_json::json!({"min": min, "max": max})),
                "witness": witness(case, &r.path, Target::Ending(e)),
            })
        })
        .collect();
    let outcomes: Vec<_> = x
        .outcomes
        .iter()
        .map(|(o, p)| {
            serde_json::json!({
                "outcome": o.outcome(),
                "witness": witness(case, p, Target::Outcome(*o)),
            })
        })
        .collect();
    let criticals: Vec<_> = x
        .criticals
        .iter()
        .map(|(r, p)| {
            serde_json::json!({
                "rule": r,
                "witness": witness(case, p, Target::Critical(r)),
            })
        })
        .collect();
    serde_json::json!({
        "case": case.scenario.id.value,
        "complete": x.complete,
        "scoring": x.scoring.map(|s| serde_json::json!({"states": s.states, "complete": s.complete})),
        "worlds": x.worlds,
        "states": x.states,
        "paths": x.paths,
        "endings": endings,
        "outcomes": outcomes,
        "critical_errors": criticals,
        "unreachable_scenes": x.unreachable_scenes,
        "unreachable_endings": x.unreachable_endings,
        "choices_never_offered": x.never_offered,
    })
}

/// An input script as `play --input` reads it.
fn script(inputs: &serde_json::Value) -> String {
    let inputs: Vec<crate::runtime::Input> =
        serde_json::from_value(inputs.clone()).unwrap_or_default();
    super::play::script_of(&inputs)
}

/// The report for people; `case` is the case as the user named it (an id or a file).
fn text(v: &serde_json::Value, case: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let id = v["case"].as_str().unwrap_or_default();
    let _ = writeln!(
        out,
        "{id}: {} world(s) of facts, {} play state(s), {}{:.3e} path(s){}",
        v["worlds"],
        v["states"],
        if v["scoring"]["complete"] == true {
            ""
        } else {
            "at least "
        },
        v["paths"].as_f64().unwrap_or(0.0),
        if v["complete"] == true {
            ""
        } else {
            " — INCOMPLETE: a cap stopped the exploration"
        }
    );
    let scoring = &v["scoring"];
    if scoring.is_object() {
        let _ = writeln!(
            out,
            "score ranges and critical errors: {} scored play state(s){}",
            scoring["states"],
            if scoring["complete"] == true {
                ", every one"
            } else {
                " — INCOMPLETE: a cap stopped the score search; the ranges and errors shown occur, others may too"
            }
        );
    }
    let replay = |w: &serde_json::Value| match w["seed"].as_u64() {
        Some(seed) => format!(
            "cailiang play {case} --seed {seed} --input script.ron, with script.ron:\n      {}",
            script(&w["inputs"])
        ),
        None => format!(
            "no seed below {} draws these facts; world {}, inputs {}",
            crate::explore::witness::SEEDS,
            w["world"],
            script(&w["inputs"])
        ),
    };
    let _ = writeln!(out, "\nEndings:");
    for e in v["endings"].as_array().into_iter().flatten() {
        let score = match (e["score"]["min"].as_f64(), e["score"]["max"].as_f64()) {
            (Some(lo), Some(hi)) => format!("score {lo:.1}–{hi:.1}"),
            _ => "score not searched".to_string(),
        };
        let _ = writeln!(
            out,
            "  {:<24} {score}\n    {}",
            e["ending"].as_str().unwrap_or_default(),
            replay(&e["witness"])
        );
    }
    let _ = writeln!(out, "\nLawful outcomes:");
    for o in v["outcomes"].as_array().into_iter().flatten() {
        let _ = writeln!(
            out,
            "  {:<24}\n    {}",
            o["outcome"].as_str().unwrap_or_default(),
            replay(&o["witness"])
        );
    }
    let _ = writeln!(out, "\nCritical errors a trainee can make:");
    for c in v["critical_errors"].as_array().into_iter().flatten() {
        let _ = writeln!(
            out,
            "  {}\n    {}",
            c["rule"].as_str().unwrap_or_default(),
            replay(&c["witness"])
        );
    }
    for (key, what) in [
        ("unreachable_scenes", "Scenes never reached"),
        ("unreachable_endings", "Endings never reached"),
        ("choices_never_offered", "Choices never offered"),
    ] {
        let list: Vec<&str> = v[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str())
            .collect();
        let _ = writeln!(
            out,
            "\n{what}: {}",
            if list.is_empty() {
                "none".to_string()
            } else {
                list.join(", ")
            }
        );
    }
    out
}

/// The case named by `case` (an id in the content, or a scenario file), ready to play. `Err` is
/// the exit code, after a message.
pub fn load_case(case: &str, content: Option<PathBuf>) -> Result<Arc<Case>, ExitCode> {
    crate::catalog::load(case, content.as_deref())
        .map(|l| l.case)
        .map_err(|e| {
            eprintln!("error: {e}");
            ExitCode::from(2)
        })
}

pub fn run(a: Args) -> ExitCode {
    let case = match load_case(&a.case, a.content) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let x = exhaustive(&case);
    let v = report(&case, &x);
    match a.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default()),
        Format::Text => print!("{}", text(&v, &a.case)),
    }
    ExitCode::SUCCESS
}
