//! `cailiang assess`: the discretion evaluation as a command (contract: shared/domain/ASSESS.md).

use crate::content::{self, Library};
use crate::discretion::{assess, check_facts};
use crate::suggest::closest;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Violation item id, e.g. food.expired_sale
    #[arg(long, required_unless_present = "list")]
    violation: Option<String>,
    /// Facts as a JSON object, or @path/to/facts.json
    #[arg(long, required_unless_present_any = ["list", "list_facts"])]
    facts: Option<String>,
    /// Standards to use: files or directories (default: the project's scenarios/standards)
    #[arg(long)]
    standards: Vec<PathBuf>,
    /// List the violation items of the standards and exit
    #[arg(long)]
    list: bool,
    /// List the facts the violation item reads, with their types, and exit
    #[arg(long)]
    list_facts: bool,
}

/// One-line error on stderr, nothing on stdout, exit 2.
fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(2)
}

pub fn run(a: Args) -> ExitCode {
    let standards = if a.standards.is_empty() {
        match crate::paths::standards_dir() {
            Some(d) => vec![d],
            None => {
                return fail(format!(
                    "no shipped standards found; pass --standards DIR or set {}",
                    crate::paths::CONTENT_ENV
                ))
            }
        }
    } else {
        a.standards
    };
    let lib: Library = content::load(&standards);
    if lib.errors() > 0 {
        let first = lib
            .diagnostics
            .iter()
            .find(|d| d.severity == crate::diag::Severity::Error);
        let at = first
            .map(|d| {
                let (l, c) = lib.sources.line_col(d.file, d.span.start);
                format!(
                    " (first: {}:{l}:{c}: {})",
                    crate::diag::display_path(lib.sources.path(d.file)),
                    d.message
                )
            })
            .unwrap_or_default();
        return fail(format!(
            "the standards have {} error(s){at}; run `cailiang check` on them",
            lib.errors()
        ));
    }
    if a.list {
        for (_, s) in &lib.standards {
            for i in &s.items {
                println!(
                    "{}\t{}\t{}",
                    i.id.value,
                    s.id.value,
                    i.name.value.get(crate::text::Lang::Zh)
                );
            }
        }
        return ExitCode::SUCCESS;
    }
    let id = a.violation.unwrap_or_default();
    let Some((standard, item)) = lib.item(&id) else {
        let ids = lib.item_ids();
        return fail(match closest(&id, ids.iter().copied()) {
            Some(c) => format!("unknown violation id '{id}'; did you mean '{c}'?"),
            None => format!(
                "unknown violation id '{id}'; known ids: {}",
                ids.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    };
    if a.list_facts {
        for d in item.all_facts() {
            println!(
                "{}\t{}\t{}",
                d.key,
                d.ty.describe(),
                d.label.get(crate::text::Lang::Zh)
            );
        }
        return ExitCode::SUCCESS;
    }
    let raw = a.facts.unwrap_or_default();
    let text = match raw.strip_prefix('@') {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => return fail(format!("cannot read facts file '{path}': {e}")),
        },
        None => raw,
    };
    let json: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            let msg = e.to_string();
            let what = msg.split(" at line").next().unwrap_or(&msg);
            return fail(format!(
                "malformed facts JSON at line {}, column {}: {what}",
                e.line(),
                e.column()
            ));
        }
    };
    let serde_json::Value::Object(map) = json else {
        return fail(
            "facts must be a JSON object such as {\"party\": \"organization\", \"harm\": \"none\"}",
        );
    };
    let facts = match check_facts(item, &map) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let result = assess(standard, item, &facts);
    match serde_json::to_string_pretty(&result) {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
