//! `cailiang assess`: the discretion evaluation as a command, and with `--decision` the judgement
//! of one decision on those facts (contract: docs/ASSESS.md).

use crate::content::{self, Library};
use crate::discretion::{assess, check_facts};
use crate::scoring::{judge, Judgement};
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
    /// A decision to judge on these facts, as JSON or @path/to/decision.json:
    /// {"measures": ["Fine", "OrderToRectify"], "steps": ["NotifyRights", "HearDefence"],
    /// "fine": 8000, "confiscated_value": null, "deadline": 10}
    #[arg(long)]
    decision: Option<String>,
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
        let shown = crate::text::shown(&id);
        return fail(match closest(&id, ids.iter().copied()) {
            Some(c) => format!("unknown violation id '{shown}'; did you mean '{c}'?"),
            None => format!(
                "unknown violation id '{shown}'; known ids: {}",
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
    let map = match read_object(&a.facts.unwrap_or_default(), "facts") {
        Ok(m) => m,
        Err(e) => return fail(e),
    };
    let facts = match check_facts(item, &map) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let decision = match a
        .decision
        .as_deref()
        .map(|d| read_object(d, "decision").and_then(|m| super::decision_json::parse(&m)))
    {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => return fail(e),
    };
    let result = assess(standard, item, &facts);
    let judgement = decision.map(|d| Judgement::of(judge(standard, item, &facts, &result, &d)));
    let out = Output {
        assessment: &result,
        judgement,
    };
    match serde_json::to_string_pretty(&out) {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// The assessment, and the judgement when a decision was given.
#[derive(serde::Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    assessment: &'a crate::discretion::Assessment,
    #[serde(skip_serializing_if = "Option::is_none")]
    judgement: Option<Judgement>,
}

/// A JSON object given inline or as `@file`; errors name what was being read.
fn read_object(
    raw: &str,
    what: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    use crate::bounded::{read_bytes, strip_bom, text, JSON_BYTES};
    let text = match raw.strip_prefix('@') {
        Some(path) => {
            let cannot = |why: String| format!("cannot read {what} file '{path}': {why}");
            let bytes = read_bytes(std::path::Path::new(path), JSON_BYTES)
                .map_err(|e| cannot(e.to_string()))?;
            text(bytes).map_err(|at| cannot(format!("not UTF-8 text (byte {at})")))?
        }
        None if raw.len() as u64 > JSON_BYTES => {
            return Err(format!(
                "the {what} JSON is longer than {}, the limit for a JSON object",
                crate::bounded::size(JSON_BYTES)
            ))
        }
        None => raw.to_string(),
    };
    let json: serde_json::Value = serde_json::from_str(strip_bom(&text)).map_err(|e| {
        let msg = e.to_string();
        let head = msg.split(" at line").next().unwrap_or(&msg).to_string();
        format!(
            "malformed {what} JSON at line {}, column {}: {head}",
            e.line(),
            e.column()
        )
    })?;
    match json {
        serde_json::Value::Object(map) => Ok(map),
        _ if what == "facts" => Err(
            "facts must be a JSON object such as {\"party\": \"organization\", \"harm\": \"none\"}"
                .into(),
        ),
        _ => Err(format!(
            "the {what} must be a JSON object such as {{\"measures\": [\"Fine\"], \"steps\": [\"NotifyRights\"], \"fine\": 5000}}"
        )),
    }
}
