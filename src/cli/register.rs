//! `cailiang register`: the certification register. `import` verifies logs and records them with
//! their verdicts; `roster` records names and units; `list` shows sessions by plan, unit,
//! trainee, date and status; `export` writes them as CSV or xAPI statements.

use super::Format;
use crate::log::sign::Trust;
use crate::register::query::{Filter, Status};
use crate::register::{self, Register};
use crate::text::escape_controls as esc;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Verify session logs (files or directories) and record each with its verdict; logs already
    /// recorded are skipped, so an interrupted import is simply run again
    Import {
        #[command(flatten)]
        db: Db,
        /// Session log files (.jsonl), or directories holding them
        #[arg(required = true)]
        logs: Vec<PathBuf>,
        /// Trusted station public keys, one per line as `cailiang station` prints them
        #[arg(long)]
        trust: Vec<PathBuf>,
        /// Where to find the content the logs pin (default: the installed content; a station's
        /// archive beside its logs is always searched)
        #[arg(long)]
        scenarios: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Record trainees' names and units from a roster CSV (`id,name,unit` per line, as
    /// `station --roster` reads it); known ids are updated
    Roster {
        #[command(flatten)]
        db: Db,
        roster: PathBuf,
    },
    /// Make this register the default for every command on this machine (kept in the data
    /// directory's config.json, owner-only); `--default` goes back to the SQLite file there
    Use {
        /// sqlite://FILE, a file path, or postgres://USER:PASSWORD@HOST/DB
        #[arg(required_unless_present = "default")]
        url: Option<String>,
        /// Forget the URL set before
        #[arg(long, conflicts_with = "url")]
        default: bool,
        /// The data directory (default: $CAILIANG_DATA_DIR, else the XDG data directory)
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// List the register's sessions, newest first
    List {
        #[command(flatten)]
        db: Db,
        #[command(flatten)]
        which: Which,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Export sessions: CSV (UTF-8 with a byte-order mark, for Excel) or xAPI 1.0.3 statements
    /// (a JSON array, one statement per attempt)
    Export {
        #[command(flatten)]
        db: Db,
        #[command(flatten)]
        which: Which,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write to this file instead of standard output
        #[arg(long)]
        out: Option<PathBuf>,
        /// xAPI: the address of the account system trainee ids belong to (also the base of
        /// activity ids); set it to your organisation's
        #[arg(long, default_value = "https://cailiang.example.org")]
        home_page: String,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Csv,
    Xapi,
}

/// Which sessions (every filter optional; all given must hold).
#[derive(clap::Args)]
pub(super) struct Which {
    #[arg(long)]
    plan: Option<String>,
    #[arg(long)]
    trainee: Option<String>,
    #[arg(long)]
    unit: Option<String>,
    /// Started on or after this date (YYYY-MM-DD)
    #[arg(long)]
    since: Option<String>,
    /// Started on or before this date (YYYY-MM-DD)
    #[arg(long)]
    until: Option<String>,
    #[arg(long, value_enum)]
    status: Option<Status>,
}

impl Which {
    pub(super) fn filter(self) -> Filter {
        Filter {
            plan: self.plan,
            trainee: self.trainee,
            unit: self.unit,
            since: self.since,
            until: self.until,
            status: self.status,
        }
    }
}

#[derive(clap::Args)]
pub(super) struct Db {
    /// The register: sqlite://FILE, a file path, or postgres://USER:PASSWORD@HOST/DB (default:
    /// $CAILIANG_DB, else the one `register use` set, else register.sqlite in the data directory)
    #[arg(long)]
    db: Option<String>,
    /// The data directory (default: $CAILIANG_DATA_DIR, else the XDG data directory)
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

impl Db {
    pub(super) fn data(&self) -> PathBuf {
        crate::log::data_dir(self.data_dir.as_deref())
    }

    /// Open the register, creating it if need be (import, roster, enrol).
    pub(super) fn open(&self) -> Result<Register, String> {
        let data = crate::log::data_dir(self.data_dir.as_deref());
        Register::open(&register::url(self.db.as_deref(), &data))
    }

    /// Open a register that must exist already (everything that only reads or reviews).
    pub(super) fn existing(&self) -> Result<Register, String> {
        let data = crate::log::data_dir(self.data_dir.as_deref());
        Register::open_existing(&register::url(self.db.as_deref(), &data))
    }
}

fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {}", esc(&e.to_string()));
    ExitCode::from(2)
}

pub fn run(a: Args) -> ExitCode {
    match a.command {
        Sub::Import {
            db,
            logs,
            trust,
            scenarios,
            format,
        } => {
            let trust = match Trust::read(&trust) {
                Ok(t) => t,
                Err(e) => return fail(e),
            };
            if let Some(missing) = logs.iter().find(|p| !p.exists()) {
                return fail(format!("{}: no such file or directory", missing.display()));
            }
            let reg = match db.open() {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "importing {bar:40} {pos}/{len} logs ({per_sec}, {eta} left)",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let progress = |done: usize, total: usize| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            };
            let report = match register::import::import(&reg, &logs, &scenarios, &trust, &progress)
            {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            bar.finish_and_clear();
            match format {
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&report).unwrap_or_default()
                ),
                Format::Human => {
                    println!(
                        "imported {} new, {} updated, {} checked again, {} already recorded; {} certifiable, {} failed verification",
                        report.new, report.updated, report.rechecked, report.unchanged, report.certifiable, report.broken
                    );
                    for (f, why) in &report.unreadable {
                        println!("skipped {}: {}", esc(f), esc(why));
                    }
                    for s in &report.conflicting {
                        println!(
                            "CONFLICT session {}: two different logs claim it; both are kept for review",
                            esc(s)
                        );
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Sub::Export {
            db,
            which,
            format,
            out,
            home_page,
        } => {
            let reg = match db.existing() {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let filter = which.filter();
            let text = match format {
                ExportFormat::Csv => reg
                    .sessions(&filter)
                    .map(|rows| crate::register::export::csv(&rows)),
                ExportFormat::Xapi => reg
                    .xapi(&filter, &home_page)
                    .map(|s| serde_json::to_string_pretty(&s).unwrap_or_default() + "\n"),
            };
            let text = match text {
                Ok(t) => t,
                Err(e) => return fail(e),
            };
            match out {
                Some(path) => {
                    if let Err(e) = std::fs::write(&path, text) {
                        return fail(format!("{}: {e}", path.display()));
                    }
                }
                None => {
                    use std::io::Write;
                    let _ = std::io::stdout().write_all(text.as_bytes());
                }
            }
            ExitCode::SUCCESS
        }
        Sub::Use {
            url,
            default: _,
            data_dir,
        } => {
            let data = crate::log::data_dir(data_dir.as_deref());
            if let Some(u) = &url {
                // Opened (and migrated) first: a URL that does not work is not saved.
                if let Err(e) = Register::open(&register::normalize(u)) {
                    return fail(e);
                }
            }
            match register::configure(&data, url.as_deref()) {
                Ok(()) => {
                    println!(
                        "register for this machine: {}",
                        register::shown(&register::url(None, &data))
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Sub::Roster { db, roster } => {
            let people = match crate::station::wire::read_roster(&roster) {
                Ok(p) => p,
                Err(e) => return fail(e),
            };
            let reg = match db.open() {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            match reg.roster(&people) {
                Ok(n) => {
                    println!("{n} trainee(s) recorded");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Sub::List { db, which, format } => {
            let reg = match db.existing() {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let rows = match reg.sessions(&which.filter()) {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            print_listed(&rows, format);
            ExitCode::SUCCESS
        }
    }
}

/// Sessions as listed: JSON, or a line each and the count.
pub(super) fn print_listed(rows: &[crate::register::query::Listed], format: Format) {
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(rows).unwrap_or_default()),
        Format::Human => {
            for r in rows {
                println!("{}", listed_line(r));
            }
            println!("{} session(s)", rows.len());
        }
    }
}

/// One session on one line: when, who, which case, session id, score, and where it stands.
pub(super) fn listed_line(r: &crate::register::query::Listed) -> String {
    let review = match &r.review {
        Some((v, n)) => format!("  review: {v} (round {n})"),
        None if r.certifiable => "  review: pending".into(),
        None => String::new(),
    };
    format!(
        "{}  {:<12} {:<32} {}  {:<10} {:>6}  {}  {}{review}",
        r.started.chars().take(16).collect::<String>(),
        esc(&r.trainee),
        esc(&r.scenario),
        esc(&r.session),
        r.status,
        r.total
            .map(|t| format!("{t:.1}"))
            .unwrap_or_else(|| "—".into()),
        match r.passed {
            Some(true) => "passed",
            Some(false) => "failed",
            None => "—",
        },
        if r.certifiable {
            "certifiable".to_string()
        } else {
            format!("not certifiable: {}", esc(&r.reasons.join("; ")))
        }
    )
}
