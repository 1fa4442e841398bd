//! `cailiang check`: load content, print diagnostics like a compiler, exit 1 on errors.

use super::Format;
use crate::content;
use crate::diag;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories to check (default: the project's scenarios/)
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Standards to resolve scenario references against when PATHS hold none
    #[arg(long)]
    standards: Option<PathBuf>,
    /// Pin every case of the assessment plans checked to its current content (rewrites the
    /// plans' `pin` fields), then check again
    #[arg(long)]
    pin: bool,
}

pub fn run(a: Args) -> ExitCode {
    let lang = crate::text::Lang::En;
    let paths = if a.paths.is_empty() {
        match crate::paths::find_content() {
            Some((dir, origin)) => {
                eprintln!("checking {} ({})", dir.display(), origin.why(lang));
                vec![dir]
            }
            None => {
                eprintln!(
                    "error: no scenarios/ directory found here or beside the program; pass paths, or set {}",
                    crate::paths::CONTENT_ENV
                );
                return ExitCode::from(2);
            }
        }
    } else {
        for p in &a.paths {
            let inner = content::content_root(p);
            if inner != *p {
                eprintln!(
                    "checking {} (the content of the project at {}: its test fixtures and build output are not content)",
                    inner.display(),
                    p.display()
                );
            }
        }
        a.paths
    };
    let standards = a.standards.or_else(crate::paths::standards_dir);
    let mut lib = content::load_with_standards(&paths, standards.as_deref());
    if a.pin {
        match pin_plans(&lib) {
            Ok(n) => {
                eprintln!("pinned {n} case(s)");
                lib = content::load_with_standards(&paths, standards.as_deref());
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let (errors, warnings) = (lib.errors(), lib.warnings());
    match a.format {
        Format::Human => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            print!(
                "{}",
                diag::render(&lib.sources, &lib.diagnostics, color, 100)
            );
            let plans = if lib.plans.is_empty() {
                String::new()
            } else {
                format!(", {} plan(s)", lib.plans.len())
            };
            println!(
                "checked {} file(s): {} standard(s), {} scenario(s){plans}; {} error(s), {} warning(s)",
                lib.sources.len(),
                lib.standards.len(),
                lib.scenarios.len(),
                errors,
                warnings
            );
        }
        Format::Json => {
            let diags: Vec<_> = lib
                .diagnostics
                .iter()
                .map(|d| diag::to_json(&lib.sources, d))
                .collect();
            let out = serde_json::json!({
                "files": lib.sources.len(),
                "standards": lib.standards.len(),
                "scenarios": lib.scenarios.len(),
                "plans": lib.plans.len(),
                "errors": errors,
                "warnings": warnings,
                "diagnostics": diags,
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Write the current pin of every case into the plans loaded; returns how many cases changed.
fn pin_plans(lib: &content::Library) -> Result<usize, String> {
    let pins = lib.pins();
    let mut changed = 0;
    for (file, plan) in &lib.plans {
        let path = lib.sources.path(*file);
        let text = lib.sources.text(*file);
        // Edits from the end of the file backwards, so earlier offsets stay valid.
        let mut edits: Vec<(usize, usize, String)> = Vec::new();
        for c in &plan.cases {
            let Some(pin) = pins.get(&c.value.scenario.value) else {
                continue;
            };
            let quoted = format!("\"{pin}\"");
            match &c.value.pin {
                Some(old) if old.value == *pin => {}
                Some(old) => edits.push((old.span.start, old.span.end, quoted)),
                None => {
                    let close = c.span.end.saturating_sub(1);
                    let before = text[c.span.start..close].trim_end();
                    let at = c.span.start + before.len();
                    let sep = if before.ends_with(',') || before.ends_with('(') {
                        " "
                    } else {
                        ", "
                    };
                    edits.push((at, at, format!("{sep}pin: {quoted}")));
                }
            }
        }
        if edits.is_empty() {
            continue;
        }
        changed += edits.len();
        edits.sort_by_key(|e| std::cmp::Reverse(e.0));
        let mut out = text.to_string();
        for (a, b, with) in edits {
            out.replace_range(a..b, &with);
        }
        std::fs::write(path, out).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(changed)
}
