//! `cailiang test`: run every scenario's embedded tests (scripted inputs + seed → expectations),
//! and with `--model` play the model answer on many seeds (it must score 100 every time).

use crate::runtime::{Case, Input, Mode, Session};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario files or directories (default: the project's scenarios/)
    paths: Vec<PathBuf>,
    /// Instead of the embedded tests, play the model answer on seeds 0..N (default 50) and
    /// require a perfect, passing score on each
    #[arg(long)]
    model: bool,
    /// Number of seeds for --model
    #[arg(long, default_value_t = 50)]
    seeds: u64,
}

pub fn run(a: Args) -> ExitCode {
    let (lib, standards) = match super::load_clean(a.paths) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let (mut passed, mut failed) = (0, 0);
    for (_, s) in &lib.scenarios {
        let case = match Case::new(s.clone(), &standards) {
            Ok(c) => Arc::new(c),
            Err(e) => {
                println!("FAIL {}: {e}", s.id.value);
                failed += 1;
                continue;
            }
        };
        if a.model {
            match crate::model_play::check_seeds(&case, a.seeds) {
                Ok(()) => {
                    passed += 1;
                    println!("ok   {} :: model answer on {} seeds", s.id.value, a.seeds);
                }
                Err(report) => {
                    failed += 1;
                    println!("FAIL {} :: model answer\n{report}", s.id.value);
                }
            }
            continue;
        }
        for t in &s.tests {
            match run_test(&case, t) {
                Ok(()) => {
                    passed += 1;
                    println!("ok   {} :: {}", s.id.value, t.name);
                }
                Err(diff) => {
                    failed += 1;
                    println!("FAIL {} :: {}\n{diff}", s.id.value, t.name);
                }
            }
        }
    }
    println!("\n{passed} passed, {failed} failed");
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Play one embedded test; `Err` holds an expected/actual report.
pub fn run_test(case: &Arc<Case>, t: &crate::scenario::Test) -> Result<(), String> {
    let mut s = Session::start(case.clone(), t.seed, Mode::Assessment);
    for (i, input) in t.inputs.iter().enumerate() {
        let input = Input::from(input);
        if let Err(e) = s.input(input.clone()) {
            let at = s.prompt().map(|p| p.scene).unwrap_or_default();
            return Err(format!(
                "    input {} {:?} rejected at scene `{at}`: {e}",
                i + 1,
                input
            ));
        }
    }
    let Some(d) = s.debrief() else {
        let at = s.prompt().map(|p| p.scene).unwrap_or_default();
        return Err(format!("    expected ending `{}`\n    actual:  still waiting at scene `{at}` after the last input", t.expect.ending.value));
    };
    let mut diffs = Vec::new();
    if d.ending != t.expect.ending.value {
        diffs.push(format!(
            "    ending   expected `{}`, actual `{}`",
            t.expect.ending.value, d.ending
        ));
    }
    if let Some((lo, hi)) = t.expect.score {
        if d.total < lo || d.total > hi {
            diffs.push(format!(
                "    score    expected {lo}–{hi}, actual {:.1}",
                d.total
            ));
        }
    }
    if let Some(p) = t.expect.passed {
        if d.passed != p {
            diffs.push(format!("    passed   expected {p}, actual {}", d.passed));
        }
    }
    if let Some(o) = t.expect.outcome {
        if d.lawful.outcome != o {
            diffs.push(format!(
                "    outcome  expected {o:?}, actual {:?}",
                d.lawful.outcome
            ));
        }
    }
    if let Some(want) = &t.expect.critical {
        let want: std::collections::BTreeSet<&str> =
            want.iter().map(|k| k.value.as_str()).collect();
        let got: std::collections::BTreeSet<&str> = d
            .deductions
            .iter()
            .filter(|x| x.critical)
            .map(|x| x.rule.as_str())
            .collect();
        if want != got {
            diffs.push(format!("    critical expected {want:?}, actual {got:?}"));
        }
    }
    if diffs.is_empty() {
        Ok(())
    } else {
        let rules: Vec<&str> = d.deductions.iter().map(|x| x.rule.as_str()).collect();
        diffs.push(format!(
            "    (total {:.1}; deductions: {})",
            d.total,
            rules.join(", ")
        ));
        Err(diffs.join("\n"))
    }
}
