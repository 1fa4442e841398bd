//! The command line: `cailiang check`, `cailiang assess`. `main` maps results to exit codes.

#[cfg(feature = "gui")]
mod app;
mod assess;
#[cfg(feature = "register")]
mod certificate;
mod check;
mod decision_json;
mod explore;
mod graph;
mod library;
mod new;
mod play;
#[cfg(feature = "register")]
mod register;
mod render;
#[cfg(feature = "register")]
mod review;
#[cfg(feature = "station")]
mod station;
mod test;
mod verify;
mod zh_help;
mod zh_help_text;

pub use play::parse_script;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cailiang",
    version,
    about = "裁量 Cailiang — training and assessment for administrative enforcement officers",
    long_about = "裁量 Cailiang — training and assessment for administrative enforcement officers.\n\n\
        Instructors write enforcement cases (scenarios) and discretion standards as RON files;\n\
        Trainees play cases in the desktop app (`cailiang` with no arguments) or the terminal\n\
        (`cailiang play`); `verify` checks session logs; `check` validates content."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check standards and scenarios for errors (default: the project's scenarios/)
    Check(check::Args),
    /// Apply a violation item of the discretion standards to case facts; prints JSON
    Assess(assess::Args),
    /// Play a case in the terminal (or from a script of inputs) and get a scored debrief
    Play(play::Args),
    /// Verify session logs: hash chain intact, replay reproduces every event and the score
    Verify(verify::Args),
    /// Run the scenarios' embedded tests
    Test(test::Args),
    /// Table of the scenario library: sector, level, items, reachable outcomes and endings
    Library(library::Args),
    /// Explore a case exhaustively: every ending (with its score range), lawful outcome and critical error, each with a replay
    Explore(explore::Args),
    /// The case graph (scenes, endings, every way between them) with test and exploration coverage: dot, svg or json
    Graph(graph::Args),
    /// Write a commented template: `cailiang new scenario ID [--item ITEM]`
    New(new::Args),
    /// Run a workshop station for an assessment plan (考核工作站): trainees join with its code
    #[cfg(feature = "station")]
    Station(station::Args),
    /// The certification register (认证登记簿): import verified logs, list sessions
    #[cfg(feature = "register")]
    Register(register::Args),
    /// The reviewer's desk (审核台): replay sessions step by step, sign off or reject them
    #[cfg(feature = "register")]
    Review(review::Args),
    /// Certificates (合格证书): issue them to eligible trainees, verify one by its code
    #[cfg(feature = "register")]
    Certificate(certificate::Args),
    /// Open the desktop app (the default with no command); --capture saves a screenshot
    #[cfg(feature = "gui")]
    App(app::Args),
}

/// Output format of commands that report.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Human,
    Json,
}

pub fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut cmd = Cli::command();
    if zh_help::lang_of(&args) == crate::text::Lang::Zh {
        cmd = zh_help::localize(cmd);
    }
    let cli = match cmd
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let Some(command) = cli.command else {
        #[cfg(feature = "gui")]
        return app::run(Default::default());
        #[cfg(not(feature = "gui"))]
        {
            let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
            let mut cmd = Cli::command();
            if zh_help::lang_of(&args) == crate::text::Lang::Zh {
                cmd = zh_help::localize(cmd);
            }
            let _ = cmd.print_help();
            return ExitCode::from(2);
        }
    };
    match command {
        Command::Check(a) => check::run(a),
        Command::Assess(a) => assess::run(a),
        Command::Play(a) => play::run(a),
        Command::Verify(a) => verify::run(a),
        Command::Test(a) => test::run(a),
        Command::Library(a) => library::run(a),
        Command::Explore(a) => explore::run(a),
        Command::Graph(a) => graph::run(a),
        Command::New(a) => new::run(a),
        #[cfg(feature = "station")]
        Command::Station(a) => station::run(a),
        #[cfg(feature = "register")]
        Command::Register(a) => register::run(a),
        #[cfg(feature = "register")]
        Command::Review(a) => review::run(a),
        #[cfg(feature = "register")]
        Command::Certificate(a) => certificate::run(a),
        #[cfg(feature = "gui")]
        Command::App(a) => app::run(a),
    }
}

/// Paths given, or the default content directory.
fn paths_or_default(paths: Vec<PathBuf>) -> Result<Vec<PathBuf>, String> {
    if !paths.is_empty() {
        return Ok(paths);
    }
    crate::paths::content_dir().map(|d| vec![d]).ok_or_else(|| {
        format!(
            "no scenarios/ directory found here or beside the binary; pass paths, or set {}",
            crate::paths::CONTENT_ENV
        )
    })
}

/// Load content that must be error-free (for `test` and `library`), with the shipped standards
/// when the paths hold none. `Err` is the exit code, after a one-line message.
fn load_clean(
    paths: Vec<PathBuf>,
) -> Result<(crate::content::Library, Vec<crate::standard::Standard>), ExitCode> {
    let paths = paths_or_default(paths).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })?;
    let lib = crate::content::load_with_standards(&paths, crate::paths::standards_dir().as_deref());
    if lib.errors() > 0 {
        eprintln!(
            "error: the content has {} error(s); run `cailiang check` first",
            lib.errors()
        );
        return Err(ExitCode::from(2));
    }
    let standards = lib.standards.iter().map(|(_, s)| s.clone()).collect();
    Ok((lib, standards))
}
