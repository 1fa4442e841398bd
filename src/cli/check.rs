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
}

pub fn run(a: Args) -> ExitCode {
    let paths = match super::paths_or_default(a.paths) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let standards = a.standards.or_else(crate::paths::standards_dir);
    let lib = content::load_with_standards(&paths, standards.as_deref());
    let (errors, warnings) = (lib.errors(), lib.warnings());
    match a.format {
        Format::Human => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            print!(
                "{}",
                diag::render(&lib.sources, &lib.diagnostics, color, 100)
            );
            println!(
                "checked {} file(s): {} standard(s), {} scenario(s); {} error(s), {} warning(s)",
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
