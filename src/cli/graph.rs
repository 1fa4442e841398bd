//! `cailiang graph CASE --format dot|svg|json`: the case graph with its coverage (see
//! `crate::casegraph`).

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The case: a scenario id in the content directory, or a scenario file
    case: String,
    /// Content directory holding the scenarios and standards/ (default: the project's scenarios/)
    #[arg(long)]
    content: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "dot")]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Dot,
    Svg,
    Json,
}

pub fn run(a: Args) -> ExitCode {
    let case = match super::explore::load_case(&a.case, a.content) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let x = crate::explore::exhaustive(&case);
    let g = crate::casegraph::build(&case.scenario, &crate::casegraph::coverage(&case, &x));
    match a.format {
        Format::Dot => print!("{}", g.dot()),
        Format::Svg => print!("{}", g.svg()),
        Format::Json => println!("{}", serde_json::to_string_pretty(&g).unwrap_or_default()),
    }
    ExitCode::SUCCESS
}
