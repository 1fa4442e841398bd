//! `cailiang review`: the reviewer's desk (审核台) in the terminal. A reviewer makes a key
//! (`key`), is enrolled in the register with it (`enrol`), lists sessions (`list`), reads one step
//! by step beside the standard's verdict (`show`), and signs it off, rejects it or refers it to a
//! second reviewer (`sign-off`, `reject`, `refer`), each review signed with the reviewer's key.

use super::play::LangArg;
use super::register::{print_listed, Db, Which};
use super::{render, Format};
use crate::log::sign::{self, StationKey};
use crate::log::steps::Replay;
use crate::register::review::{Decision, Review};
use crate::text::escape_controls as esc;
use crate::text::Lang;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Make this reviewer's signing key (once; kept owner-only in the data directory) and print
    /// its public half, for enrolment
    Key {
        #[command(flatten)]
        key: KeyFile,
        /// The data directory (default: $CAILIANG_DATA_DIR, else the XDG data directory)
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Enrol a reviewer in the register with their public key (as `review key` printed it)
    Enrol {
        #[command(flatten)]
        db: Db,
        /// The reviewer's id (letters, digits, `.`, `_`, `-`)
        id: String,
        /// The reviewer's name as certificates show it
        #[arg(long)]
        name: String,
        /// The public key: `ed25519:<64 hex digits>`
        #[arg(long)]
        key: String,
    },
    /// List sessions for review (default: certifiable sessions awaiting a reviewer)
    List {
        #[command(flatten)]
        db: Db,
        #[command(flatten)]
        which: Which,
        /// Every session, whatever its status
        #[arg(long)]
        all: bool,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Replay one session step by step: each scene as the trainee saw it, each decision beside
    /// the lawful outcome, band and grounds, the deductions with their legal basis, and its reviews
    Show {
        #[command(flatten)]
        db: Db,
        /// Session id (or the start of the log's SHA-256 when two logs claim one session)
        session: String,
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
    },
    /// Sign a session off: it counts towards the trainee's certificate
    SignOff(Act),
    /// Reject a session (a comment says why); a second reviewer may then decide
    Reject(Act),
    /// Refer a session to a second reviewer, undecided (a comment says why)
    Refer(Act),
}

#[derive(clap::Args)]
struct KeyFile {
    /// The reviewer's private key file (default: reviewer/reviewer.key in the data directory)
    #[arg(long = "key-file")]
    key_file: Option<PathBuf>,
}

impl KeyFile {
    fn path(&self, data: &Path) -> PathBuf {
        self.key_file
            .clone()
            .unwrap_or_else(|| data.join("reviewer").join("reviewer.key"))
    }
}

#[derive(clap::Args)]
struct Act {
    #[command(flatten)]
    db: Db,
    #[command(flatten)]
    key: KeyFile,
    /// Session id (or the start of the log's SHA-256)
    session: String,
    /// Why (required to reject or refer)
    #[arg(long, default_value = "")]
    comment: String,
}

fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {}", esc(&e.to_string()));
    ExitCode::from(2)
}

/// Load the reviewer's key; never create one here (a typo in `--key-file` must not make a new
/// identity).
pub(super) fn load_key(file: &Path) -> Result<StationKey, String> {
    if !file.exists() {
        return Err(format!(
            "no reviewer key at {}: make one with `cailiang review key` and have it enrolled",
            file.display()
        ));
    }
    StationKey::load_or_create(file)
        .map(|(k, _)| k)
        .map_err(|e| format!("{}: {e}", file.display()))
}

pub fn run(a: Args) -> ExitCode {
    match a.command {
        Sub::Key { key, data_dir } => {
            let data = crate::log::data_dir(data_dir.as_deref());
            let path = key.path(&data);
            match StationKey::load_or_create(&path) {
                Ok((k, created)) => {
                    if created {
                        eprintln!("created reviewer key {}", path.display());
                    }
                    println!("{}", sign::public_text(&k.public()));
                    eprintln!("fingerprint {}", sign::fingerprint(&k.public()));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(format!("{}: {e}", path.display())),
            }
        }
        Sub::Enrol { db, id, name, key } => {
            let reg = match db.open() {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            match reg.enrol(&id, &name, &key) {
                Ok(r) => {
                    println!(
                        "enrolled reviewer {} ({}) with key {}",
                        esc(&r.id),
                        esc(&r.name),
                        r.fingerprint
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Sub::List {
            db,
            which,
            all,
            format,
        } => {
            let reg = match db.existing() {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let mut f = which.filter();
            if !all && f.status.is_none() {
                f.status = Some(crate::register::query::Status::AwaitingReview);
            }
            let rows = match reg.sessions(&f) {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            print_listed(&rows, format);
            ExitCode::SUCCESS
        }
        Sub::Show { db, session, lang } => {
            let reg = match db.existing() {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let s = match reg.stored(&session) {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
            let replay = match crate::log::steps::replay(&s.log) {
                Ok(r) => r,
                Err(e) => return fail(format!("session {}: {e}", s.session)),
            };
            let reviews = match reg.reviews(&s.log_sha256) {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let texts = match reg.case_texts(&s.scenario) {
                Ok(t) => t,
                Err(e) => return fail(e),
            };
            print!(
                "{}",
                show(&s, &replay, &reviews, texts.as_ref(), lang.into())
            );
            ExitCode::SUCCESS
        }
        Sub::SignOff(act) => decide(act, Decision::Approved),
        Sub::Reject(act) => decide(act, Decision::Rejected),
        Sub::Refer(act) => decide(act, Decision::Referred),
    }
}

fn decide(act: Act, decision: Decision) -> ExitCode {
    let key = match load_key(&act.key.path(&act.db.data())) {
        Ok(k) => k,
        Err(e) => return fail(e),
    };
    let reg = match act.db.existing() {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    match reg.review(&key, &act.session, decision, &act.comment) {
        Ok(r) => {
            println!(
                "session {}: {} by {} (round {}), signed {}…",
                esc(&r.session),
                r.decision.as_str(),
                esc(&r.reviewer),
                r.round,
                &r.signature[..16]
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::Zh {
        zh
    } else {
        en
    }
}

/// The session as text: header, steps with the verdict beside each decision, debrief, reviews.
pub(super) fn show(
    s: &crate::register::query::Stored,
    r: &Replay,
    reviews: &[Review],
    texts: Option<&crate::log::verify::CaseTexts>,
    lang: Lang,
) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let who = if s.name.is_empty() {
        s.trainee.clone()
    } else {
        format!("{} ({})", s.name, s.trainee)
    };
    let _ = writeln!(
        out,
        "{} {}  {} {}  {} {}",
        pick(lang, "学员", "Trainee"),
        esc(&who),
        pick(lang, "案例", "Case"),
        esc(&texts
            .map(|(t, _)| t.get(lang).to_string())
            .unwrap_or_else(|| s.scenario.clone())),
        pick(lang, "开始", "Started"),
        esc(&s.started)
    );
    let _ = writeln!(
        out,
        "{} {}  {}",
        pick(lang, "会话", "Session"),
        esc(&s.session),
        if s.certifiable {
            pick(lang, "可认证", "certifiable").to_string()
        } else {
            format!(
                "{}：{}",
                pick(lang, "不可认证", "not certifiable"),
                esc(&s.reasons.join("; "))
            )
        }
    );
    if let Some(f) = &r.facts {
        let facts: Vec<String> = f
            .iter()
            .map(|(k, v)| {
                let label = texts
                    .and_then(|(_, labels)| labels.get(k))
                    .map(|t| t.get(lang).to_string())
                    .unwrap_or_else(|| k.clone());
                format!(
                    "{label} {}",
                    crate::runtime::view::show(k, v, lang == Lang::Zh)
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "{}：{}",
            pick(
                lang,
                "本场真实案情（学员不可见）",
                "True facts (hidden from the trainee)"
            ),
            esc(&facts.join(pick(lang, "；", "; ")))
        );
    }
    for (i, step) in r.steps.iter().enumerate() {
        let _ = writeln!(out, "\n── {} {} ──", pick(lang, "步骤", "Step"), i + 1);
        if let Some((_, text)) = &step.scene {
            let _ = writeln!(out, "{}", esc(text.get(lang)));
        }
        for e in &step.events {
            for line in render::event(e, lang).lines().filter(|l| !l.is_empty()) {
                let _ = writeln!(out, "{}", esc(line));
            }
        }
        for d in &step.decisions {
            let a = &d.assessment;
            let band = a
                .fine
                .map(|b| format!("{}–{}", b.min, b.max))
                .unwrap_or_else(|| "—".into());
            let _ = writeln!(
                out,
                "  ▶ {}：{}  {}：{}  {}",
                pick(lang, "依法应为", "Lawful outcome"),
                pick(lang, a.outcome.zh(), a.outcome.en()),
                pick(lang, "罚款幅度", "Fine band"),
                band,
                if d.lawful && d.proportionate {
                    pick(lang, "合法且适当", "lawful and proportionate")
                } else if d.lawful {
                    pick(lang, "合法，裁量有偏差", "lawful, discretion off")
                } else {
                    pick(lang, "严重错误", "critical error")
                }
            );
            for g in &a.grounds {
                let _ = writeln!(
                    out,
                    "    {}：{}",
                    pick(lang, "依据", "Basis"),
                    esc(&g.basis)
                );
            }
        }
        for n in &step.notes {
            let _ = writeln!(
                out,
                "  [{}] {}",
                pick(lang, "教员备注", "Instructor's note"),
                esc(n)
            );
        }
    }
    match &r.debrief {
        Some(d) => {
            let _ = writeln!(out);
            // Reviewers are instructors: rule ids and the path shown.
            for line in render::debrief(d, lang, true).lines() {
                let _ = writeln!(out, "{}", esc(line));
            }
        }
        None => {
            let _ = writeln!(
                out,
                "\n{}",
                pick(lang, "（会话未结束）", "(the session did not end)")
            );
        }
    }
    if reviews.is_empty() {
        let _ = writeln!(out, "{}", pick(lang, "尚未审核。", "Not reviewed yet."));
    }
    for v in reviews {
        let _ = writeln!(
            out,
            "{} {}：{} — {}  {}{}",
            pick(lang, "审核第", "Review round"),
            v.round,
            esc(&v.reviewer),
            pick(lang, v.decision.zh(), v.decision.as_str()),
            esc(&v.at),
            if v.comment.is_empty() {
                String::new()
            } else {
                format!("  «{}»", esc(&v.comment))
            }
        );
    }
    out
}
