//! `cailiang verify`: check session logs' hash chains and replay them against pinned content.

use super::Format;
use crate::log::verify::{content_index, verify, Verdict};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Session log files (.jsonl)
    #[arg(required = true)]
    logs: Vec<PathBuf>,
    /// Where to find the scenarios and standards the logs pin (default: the project's scenarios/)
    #[arg(long)]
    scenarios: Vec<PathBuf>,
    /// Treat an unfinished log (no final record) as a failure
    #[arg(long)]
    complete: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(a: Args) -> ExitCode {
    let dirs = if a.scenarios.is_empty() {
        crate::paths::content_dir().into_iter().collect()
    } else {
        a.scenarios
    };
    let index = content_index(&dirs);
    let mut ok = true;
    let mut results = Vec::new();
    for log in &a.logs {
        let v = verify(log, &index);
        ok &= match &v {
            Verdict::Intact { .. } => true,
            Verdict::Incomplete { .. } => !a.complete,
            Verdict::Broken { .. } => false,
        };
        match a.format {
            Format::Human => println!("{}", line(log, &v)),
            Format::Json => {
                results.push(serde_json::json!({"log": log.display().to_string(), "verdict": v}))
            }
        }
    }
    if a.format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&results).unwrap_or_default()
        );
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn line(log: &std::path::Path, v: &Verdict) -> String {
    match v {
        Verdict::Intact { records, inputs, total, passed } => format!(
            "OK          {}: intact, {records} records, {inputs} inputs, replayed total {total:.1} ({})",
            log.display(),
            if *passed { "passed" } else { "failed" }
        ),
        Verdict::Incomplete { records, inputs } => format!(
            "INCOMPLETE  {}: intact but unfinished, {records} records, {inputs} inputs, no final record",
            log.display()
        ),
        Verdict::Broken { record, reason } => format!("FAILED      {}: record {record}: {reason}", log.display()),
    }
}
