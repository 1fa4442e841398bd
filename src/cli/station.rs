//! `cailiang station`: run a workshop station for an assessment plan; and the scripted client
//! behind `cailiang play --station`.

use crate::station::client::request;
use crate::station::core::Station;
use crate::text::Lang;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    /// The assessment plan (考核方案) to run
    #[arg(long)]
    plan: PathBuf,
    /// Address to listen on
    #[arg(long, default_value = "0.0.0.0:7878")]
    listen: String,
    /// Where the station keeps its key, enrolment and the session logs
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Content directory with the plan's cases and standards (default: the project's scenarios/)
    #[arg(long)]
    content: Option<PathBuf>,
    /// Roster CSV (`id,name,unit` per line): only these trainees may join
    #[arg(long)]
    roster: Option<PathBuf>,
    /// Record every session in this certification register as its attempt ends (and the logs
    /// already here at start): sqlite://FILE, a file path, or postgres://USER:PASSWORD@HOST/DB
    #[cfg(feature = "register")]
    #[arg(long)]
    db: Option<String>,
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(2)
}

pub fn run(a: Args) -> ExitCode {
    let Some(content) = a.content.clone().or_else(crate::paths::content_dir) else {
        return fail("no content directory: pass --content DIR");
    };
    let before = match std::fs::read(&a.plan) {
        Ok(b) => b,
        Err(e) => return fail(format!("{}: {e}", a.plan.display())),
    };
    let lib = crate::content::load_with_standards(
        std::slice::from_ref(&a.plan),
        Some(&content.join("standards")),
    );
    if lib.errors() > 0 {
        return fail(format!(
            "the plan has {} error(s); run `cailiang check {}`",
            lib.errors(),
            a.plan.display()
        ));
    }
    let Some((_, plan)) = lib.plans.into_iter().next() else {
        return fail(format!("{} holds no `Plan( .. )`", a.plan.display()));
    };
    let roster = match &a.roster {
        Some(p) => match crate::station::wire::read_roster(p) {
            Ok(r) => Some(r),
            Err(e) => return fail(e),
        },
        None => None,
    };
    let data = crate::log::data_dir(a.data_dir.as_deref());
    let station = match Station::open(plan, &content, &data, roster) {
        Ok(mut s) => {
            // The archived file must be the one checked and run.
            match std::fs::read(&a.plan) {
                Ok(now) if now == before => {
                    if let Err(e) = s.keep_plan_file(&now) {
                        return fail(e);
                    }
                }
                _ => {
                    return fail(format!(
                        "{} changed while the station was starting",
                        a.plan.display()
                    ))
                }
            }
            Arc::new(s)
        }
        Err(e) => return fail(e),
    };
    #[cfg(feature = "register")]
    if let Some(db) = &a.db {
        if let Err(e) = record_in_register(&station, db, &a.roster) {
            return fail(e);
        }
    }
    match crate::station::http::serve(station, &a.listen) {
        Ok(()) => {
            println!("station stopped");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// Retry a request while the station is unreachable (restarting), up to about a minute.
fn call(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> Result<Value, String> {
    let mut last = String::new();
    for _ in 0..60 {
        match request(addr, method, path, token, body) {
            Ok(r) => return r.ok(),
            Err(e) => {
                last = e.to_string();
                std::thread::sleep(std::time::Duration::from_secs(1));
            }
        }
    }
    Err(format!("cannot reach the station at {addr}: {last}"))
}

/// Open the register (failing now, not mid-workshop), record the logs already on disk, then
/// record each log as its attempt ends, on a thread of its own: the register's queries never
/// run on the station's runtime, and a slow database never holds up a trainee. A log not yet
/// recorded when the station stops is recorded by the next start, or by `register import`.
#[cfg(feature = "register")]
fn record_in_register(
    station: &Arc<Station>,
    db: &str,
    roster: &Option<PathBuf>,
) -> Result<(), String> {
    use crate::register::{import, Register};
    let reg = Register::open(&crate::register::normalize(db))?;
    if let Some(r) = roster {
        reg.roster(&crate::station::wire::read_roster(r)?)?;
    }
    let mut trust = crate::log::sign::Trust::default();
    trust.add(station.verifying_key());
    let archive = vec![station.archive_dir()];
    let quiet = |_: usize, _: usize| {};
    let r = import::import(&reg, &[station.sessions_dir()], &archive, &trust, &quiet)?;
    eprintln!(
        "register {}: {} log(s) recorded at start ({} already there)",
        crate::register::shown(db),
        r.new + r.updated + r.rechecked,
        r.unchanged
    );
    let (tx, rx) = std::sync::mpsc::channel::<PathBuf>();
    station.record_to(tx);
    std::thread::Builder::new()
        .name("register".into())
        .spawn(move || {
            for log in rx {
                if let Err(e) = import::import(&reg, std::slice::from_ref(&log), &archive, &trust, &quiet) {
                    eprintln!(
                        "warning: {} is not in the register yet ({e}); `cailiang register import` records it later",
                        log.display()
                    );
                }
            }
        })
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// `cailiang play --station ADDR --code CODE --trainee ID --input FILE`: join (once; the token is
/// kept in the data directory), then play the current or next assigned case from the script.
pub fn play(
    addr: &str,
    code: &str,
    trainee: &str,
    script: Vec<crate::runtime::Input>,
    data: &Path,
    lang: Lang,
) -> ExitCode {
    let token = match crate::station::client::token(addr, code, trainee, data) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let t = Some(token.as_str());
    let view = match call(addr, "GET", "/api/state", t, None) {
        Ok(Value::Null) => {
            let assignment = match call(addr, "GET", "/api/assignment", t, None) {
                Ok(a) => a,
                Err(e) => return fail(e),
            };
            let next = assignment["cases"].as_array().and_then(|cs| {
                cs.iter().find(|c| {
                    c["attempts_used"].as_u64() < c["attempts"].as_u64() && c["result"].is_null()
                })
            });
            let Some(next) = next else {
                println!(
                    "{}",
                    if lang == Lang::Zh {
                        "所有考核案例都已完成。"
                    } else {
                        "Every case of the plan is done."
                    }
                );
                return ExitCode::SUCCESS;
            };
            let scenario = next["scenario"].as_str().unwrap_or("").to_string();
            match call(
                addr,
                "POST",
                "/api/start",
                t,
                Some(&json!({"scenario": scenario})),
            ) {
                Ok(v) => v,
                Err(e) => return fail(e),
            }
        }
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    println!(
        "{}{} ({}{})",
        if lang == Lang::Zh {
            "考核案例："
        } else {
            "case: "
        },
        view["scenario"].as_str().unwrap_or(""),
        if lang == Lang::Zh { "第 " } else { "attempt " },
        view["attempt"]
    );
    show(&view, lang);
    let mut acked = view["inputs"].as_u64().unwrap_or(0) as usize;
    let mut finished = view["finished"].as_bool().unwrap_or(false);
    let mut last = view;
    for (i, input) in script.into_iter().enumerate().skip(acked) {
        if finished {
            break;
        }
        let body = json!({"acked": acked, "input": input});
        let v = match call(addr, "POST", "/api/input", t, Some(&body)) {
            Ok(v) => v,
            Err(e) => return fail(format!("input {}: {e}", i + 1)),
        };
        acked = v["inputs"].as_u64().unwrap_or(acked as u64 + 1) as usize;
        finished = v["finished"].as_bool().unwrap_or(false);
        show(&v, lang);
        last = v;
    }
    if !finished {
        return fail(format!(
            "the input file ended before the case did; the station keeps the attempt ({acked} input(s) acknowledged)"
        ));
    }
    match last.get("debrief").filter(|d| !d.is_null()) {
        Some(d) => {
            if let Ok(d) = serde_json::from_value::<Value>(d.clone()) {
                println!(
                    "{} {} {}",
                    if lang == Lang::Zh { "总分" } else { "Total" },
                    d["total"],
                    if d["passed"].as_bool() == Some(true) {
                        if lang == Lang::Zh {
                            "合格"
                        } else {
                            "PASSED"
                        }
                    } else if lang == Lang::Zh {
                        "不合格"
                    } else {
                        "FAILED"
                    }
                );
            }
        }
        None => println!(
            "{}",
            if lang == Lang::Zh {
                "考核已提交，成绩在审核后公布。"
            } else {
                "Submitted; the result is released after review."
            }
        ),
    }
    ExitCode::SUCCESS
}

fn show(view: &Value, lang: Lang) {
    let events: Vec<crate::runtime::Event> = view["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| serde_json::from_value(e.clone()).ok())
        .collect();
    for e in &events {
        let text = super::render::event(e, lang);
        if !text.is_empty() {
            println!("{text}");
        }
    }
}
