//! `cailiang certificate`: who stands where towards a certificate (`status`), issuing them to
//! every eligible trainee as HTML and PDF (`issue`, signed by a reviewer), and checking one by its
//! verification code against the register (`verify`).

use super::register::Db;
use super::review::load_key;
use crate::register::certificate::{Certificate, Eligibility};
use crate::register::{document, Register};
use crate::text::escape_controls as esc;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Where each trainee stands: the required cases met, and what is still missing
    Status {
        #[command(flatten)]
        db: Db,
        #[command(flatten)]
        who: Who,
    },
    /// Issue a certificate to every eligible trainee (signed with the reviewer's key) and write
    /// each as HTML and PDF
    Issue {
        #[command(flatten)]
        db: Db,
        #[command(flatten)]
        who: Who,
        /// Where to write the certificates (default: certificates/ in the data directory)
        #[arg(long)]
        out: Option<PathBuf>,
        /// The reviewer's private key file (default: reviewer/reviewer.key in the data directory)
        #[arg(long = "key-file")]
        key_file: Option<PathBuf>,
    },
    /// Check a certificate by its verification code against the register: exit 0 if it is
    /// valid, 1 if it is not (or unknown)
    Verify {
        #[command(flatten)]
        db: Db,
        /// The code printed on the certificate (`CL-XXXX-XXXX-XXXX-XXXX`; case and hyphens do not
        /// matter)
        code: String,
        /// Trusted station public keys (as `cailiang station` prints them): every session must
        /// be signed by one of them. Without it, the stations that signed are named for you to
        /// compare.
        #[arg(long)]
        trust: Vec<PathBuf>,
    },
}

#[derive(clap::Args)]
struct Who {
    /// Only this plan (its id)
    #[arg(long)]
    plan: Option<String>,
    /// Only this trainee
    #[arg(long)]
    trainee: Option<String>,
}

fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {}", esc(&e.to_string()));
    ExitCode::from(2)
}

fn eligibilities(reg: &Register, who: &Who) -> Result<Vec<Eligibility>, String> {
    let mut out = Vec::new();
    for (trainee, sha) in reg.candidates(who.plan.as_deref())? {
        if who.trainee.as_ref().is_some_and(|t| *t != trainee) {
            continue;
        }
        out.push(reg.eligibility(&trainee, &sha)?);
    }
    Ok(out)
}

fn missing_line(e: &Eligibility) -> String {
    e.missing
        .iter()
        .map(|(case, zh, _)| format!("{case}：{zh}"))
        .collect::<Vec<_>>()
        .join("；")
}

/// Write `c` as `<code>.html` and `<code>.pdf` in `dir`.
fn write(dir: &Path, c: &Certificate) -> Result<(PathBuf, PathBuf), String> {
    crate::log::private_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let html = dir.join(format!("{}.html", c.code));
    let pdf = dir.join(format!("{}.pdf", c.code));
    std::fs::write(&html, document::html(c)).map_err(|e| format!("{}: {e}", html.display()))?;
    std::fs::write(&pdf, document::pdf(c)?).map_err(|e| format!("{}: {e}", pdf.display()))?;
    Ok((html, pdf))
}

pub fn run(a: Args) -> ExitCode {
    match a.command {
        Sub::Status { db, who } => {
            let reg = match db.existing() {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let all = match eligibilities(&reg, &who) {
                Ok(a) => a,
                Err(e) => return fail(e),
            };
            for e in &all {
                let state = match (&e.issued, e.missing.is_empty()) {
                    (Some(code), _) => format!("certified {code}"),
                    (None, true) => "eligible: run `cailiang certificate issue`".into(),
                    (None, false) => format!("missing — {}", missing_line(e)),
                };
                println!(
                    "{:<12} {:<28} {}/{} required cases  {}",
                    esc(&e.trainee),
                    esc(&e.plan.id),
                    e.met.len(),
                    e.met.len() + e.missing.len(),
                    esc(&state)
                );
            }
            if all.is_empty() {
                println!("no certifiable sessions under a recorded plan yet");
            }
            ExitCode::SUCCESS
        }
        Sub::Issue {
            db,
            who,
            out,
            key_file,
        } => {
            let data = db.data();
            let key = match load_key(
                &key_file.unwrap_or_else(|| data.join("reviewer").join("reviewer.key")),
            ) {
                Ok(k) => k,
                Err(e) => return fail(e),
            };
            let reg = match db.existing() {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let dir = out.unwrap_or_else(|| data.join("certificates"));
            let all = match eligibilities(&reg, &who) {
                Ok(a) => a,
                Err(e) => return fail(e),
            };
            let mut issued = 0;
            for e in &all {
                if !e.missing.is_empty() {
                    println!(
                        "{} ({}): not yet — {}",
                        esc(&e.trainee),
                        esc(&e.plan.id),
                        esc(&missing_line(e))
                    );
                    continue;
                }
                let again = e.issued.is_some();
                let c = match reg.issue(&key, e) {
                    Ok(c) => c,
                    Err(err) => return fail(err),
                };
                match write(&dir, &c) {
                    Ok((html, pdf)) => println!(
                        "{} ({}): {} {}  {}  {}",
                        esc(&e.trainee),
                        esc(&e.plan.id),
                        if again {
                            "already certified"
                        } else {
                            "certified"
                        },
                        c.code,
                        html.display(),
                        pdf.display()
                    ),
                    Err(err) => return fail(err),
                }
                issued += usize::from(!again);
            }
            println!("{issued} certificate(s) issued");
            ExitCode::SUCCESS
        }
        Sub::Verify { db, code, trust } => {
            let trust = if trust.is_empty() {
                None
            } else {
                match crate::log::sign::Trust::read(&trust) {
                    Ok(t) => Some(t),
                    Err(e) => return fail(e),
                }
            };
            let reg = match db.existing() {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let c = match reg.certificate(&code) {
                Ok(Some(c)) => c,
                Ok(None) => {
                    let shown: String = code.chars().take(40).collect();
                    println!("INVALID: no certificate {} in the register", esc(&shown));
                    return ExitCode::from(1);
                }
                Err(e) => return fail(e),
            };
            let (problems, stations) = match reg.check_certificate(&c, trust.as_ref()) {
                Ok(p) => p,
                Err(e) => return fail(e),
            };
            let k = &c.content;
            let who = if k.name.is_empty() {
                k.trainee.clone()
            } else {
                format!("{} ({}, {})", k.name, k.trainee, k.unit)
            };
            if problems.is_empty() {
                println!(
                    "VALID {}: {} passed plan {} ({}), issued {} by {}; {} case(s), each signed off; sessions signed by station {}{}",
                    c.code,
                    esc(&who),
                    esc(&k.plan),
                    esc(&k.plan_title_zh),
                    esc(&k.issued_at),
                    esc(&k.issuer),
                    k.cases.len(),
                    stations.join(", "),
                    if trust.is_some() { " (trusted)" } else { "" }
                );
                ExitCode::SUCCESS
            } else {
                println!("INVALID {}: {}", c.code, esc(&who));
                for p in problems {
                    println!("  {}", esc(&p));
                }
                ExitCode::from(1)
            }
        }
    }
}
