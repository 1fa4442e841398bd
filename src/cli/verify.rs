//! `cailiang verify`: check session logs' hash chains and replay them against pinned content.

use super::Format;
use crate::log::sign::Trust;
use crate::log::verify::{
    certifiable, check_log, content_dirs, content_index, logs_in, signatures, summary,
    SignatureCheck, Summary, Verdict,
};
use crate::text::escape_controls as esc;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Session log files (.jsonl), or directories holding them
    #[arg(required = true)]
    logs: Vec<PathBuf>,
    /// Where to find the scenarios and standards the logs pin (default: the installed content,
    /// never the current directory's; a station's archive beside its logs is always searched)
    #[arg(long)]
    scenarios: Vec<PathBuf>,
    /// Treat an unfinished log (no final record) as a failure
    #[arg(long)]
    complete: bool,
    /// Trusted station public keys, one per line as `cailiang station` prints them
    #[arg(long)]
    trust: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Logs checked together before their results are printed.
const CHUNK: usize = 256;

pub fn run(a: Args) -> ExitCode {
    let logs = logs_in(&a.logs);
    let dirs = content_dirs(&a.scenarios, &logs);
    let index = content_index(&dirs);
    let trust = match Trust::read(&a.trust) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}", esc(&e));
            return ExitCode::from(2);
        }
    };
    let mut ok = true;
    let mut results = Vec::new();
    let cases = crate::log::verify::Cases::default();
    if logs.is_empty() {
        eprintln!("error: no session logs (.jsonl) found in the paths given");
        return ExitCode::from(2);
    }
    // Checked on all cores, a chunk at a time (memory stays bounded), printed in order.
    let check_one = |log: &PathBuf| {
        let about = summary(log).unwrap_or_default();
        let (v, sig, cert, reasons) = match check_log(log, &index, &cases, &trust) {
            Ok(c) => (c.verdict, c.signature, c.certifiable, c.reasons),
            Err(e) => {
                let v = Verdict::Broken {
                    record: 0,
                    reason: e,
                };
                let sig = signatures(log, &trust);
                let (cert, reasons) = certifiable(log, &v, &sig);
                (v, sig, cert, reasons)
            }
        };
        (about, v, sig, cert, reasons)
    };
    let checked = logs
        .chunks(CHUNK)
        .flat_map(|chunk| crate::par::map(chunk, check_one).into_iter().zip(chunk));
    for ((about, v, sig, cert, reasons), log) in checked {
        ok &= match &v {
            Verdict::Intact { .. } => true,
            Verdict::Incomplete { .. } => !a.complete,
            Verdict::Broken { .. } => false,
        };
        match a.format {
            Format::Human => println!(
                "{}\n            {}\n            {}\n            certifiable: {}",
                line(log, &v),
                about_line(&about),
                sig_line(&sig),
                if cert {
                    "yes".to_string()
                } else {
                    format!("no — {}", esc(&reasons.join("; ")))
                }
            ),
            Format::Json => results.push(serde_json::json!({
                "log": log.display().to_string(),
                "session": about,
                "verdict": v,
                "signature": sig,
                "certifiable": cert,
                "reasons": reasons,
            })),
        }
    }
    if a.format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&results).unwrap_or_default()
        );
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn sig_line(s: &SignatureCheck) -> String {
    match s {
        SignatureCheck::Unsigned => "signature: none (a local session)".into(),
        SignatureCheck::Signed {
            fingerprint,
            trusted,
            ..
        } => format!(
            "signature: station {fingerprint} ({})",
            if *trusted { "trusted" } else { "not trusted" }
        ),
        SignatureCheck::Invalid { record, reason } => {
            format!("signature: INVALID at record {record}: {}", esc(reason))
        }
    }
}

/// Who, what and when, as the header says (control characters escaped).
fn about_line(s: &Summary) -> String {
    format!(
        "trainee {} · case {} · mode {} · seed {} · pass mark {} · started {} · workstation {}",
        esc(&s.trainee),
        esc(&s.scenario),
        esc(&s.mode),
        s.seed.map(|x| x.to_string()).unwrap_or_else(|| "?".into()),
        s.pass_mark
            .map(|x| x.to_string())
            .unwrap_or_else(|| "?".into()),
        esc(&s.started),
        esc(&s.workstation),
    )
}

fn line(log: &std::path::Path, v: &Verdict) -> String {
    let log = std::path::PathBuf::from(esc(&log.display().to_string()));
    let log = log.as_path();
    match v {
        Verdict::Intact { records, inputs, total, passed } => format!(
            "OK          {}: intact, {records} records, {inputs} inputs, replayed total {total:.1} ({})",
            log.display(),
            if *passed { "passed" } else { "failed" }
        ),
        Verdict::Incomplete { records, inputs } => format!(
            "INCOMPLETE  {}: intact but unfinished, {records} records, {inputs} inputs, no final record",
            log.display()
        ),
        // Record 0: the file itself could not be read as a log.
        Verdict::Broken { record: 0, reason } => format!("FAILED      {}: {}", log.display(), esc(reason)),
        Verdict::Broken { record, reason } => format!("FAILED      {}: record {record}: {}", log.display(), esc(reason)),
    }
}
