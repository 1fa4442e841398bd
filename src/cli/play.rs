//! `cailiang play`: play a case in the terminal (numbered choices, a decision form), or from a
//! script of inputs with `--input`; every step is logged before the next is shown.

use super::render;
use crate::log::recorder::{RecordError, Recorder};
use crate::log::{self, Header};
use crate::measures::{Measure, Step};
use crate::runtime::numbers::{Numbers, Offer, Picked};
use crate::runtime::{DecisionInput, FormView, Input, Mode};
use crate::text::Lang;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario file, or a scenario id from the content directory (e.g. food.expired_yogurt)
    #[arg(required_unless_present = "station")]
    scenario: Option<String>,
    /// Play an assessment at a workshop station (host:port) instead: the station assigns the case
    /// and draws the seed; needs --code, --trainee and --input
    #[arg(long, requires_all = ["code", "input"], conflicts_with_all = ["seed", "mode", "weights", "pass_mark", "scenario"])]
    station: Option<String>,
    /// The station's join code
    #[arg(long)]
    code: Option<String>,
    /// Seed for the case's random facts and events (default: drawn and printed)
    #[arg(long)]
    seed: Option<u64>,
    #[arg(long, value_enum, default_value = "practice")]
    mode: ModeArg,
    /// Trainee id recorded in the session log
    #[arg(long, default_value = "anonymous")]
    trainee: String,
    /// Interface language
    #[arg(long, value_enum, default_value = "zh")]
    lang: LangArg,
    /// Play from a file of inputs (RON list: `[Choose("id"), Decide(measures: [Fine], fine: 500)]`)
    #[arg(long)]
    input: Option<PathBuf>,
    /// Where session logs are written (default: $CAILIANG_DATA_DIR, else the XDG data directory)
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Content directory holding the scenarios and standards/ (default: the project's scenarios/)
    #[arg(long)]
    content: Option<PathBuf>,
    /// Scoring weights, e.g. legality=40,discretion=20 (others keep 30/25/20/15/10); kept in the log
    #[arg(long)]
    weights: Option<String>,
    /// Pass mark, 0–100 (default 80); kept in the log
    #[arg(long)]
    pass_mark: Option<f64>,
    /// Show the rules' ids and the scene path in the debrief (for instructors; always shown in
    /// English)
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ModeArg {
    Practice,
    Assessment,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {}", crate::text::escape_controls(&msg.to_string()));
    ExitCode::from(2)
}

pub fn run(a: Args) -> ExitCode {
    let lang: Lang = a.lang.into();
    let zh = lang == Lang::Zh;
    if let Some(addr) = &a.station {
        return station_play(&a, addr, lang);
    }
    // Which content is played is said, on stderr: a project's root given stands for its
    // scenarios/, and a development build run elsewhere falls back to its own project.
    let content = match &a.content {
        Some(d) => Some((crate::content::content_root(d), crate::paths::Origin::Given)),
        None => crate::paths::find_content(),
    };
    if let Some((dir, origin)) = &content {
        eprintln!(
            "{}{}{}{}{}",
            if zh { "案例内容：" } else { "content: " },
            crate::text::escape_controls(&dir.display().to_string()),
            if zh { "（" } else { " (" },
            origin.why(lang),
            if zh { "）" } else { ")" },
        );
    }
    let dir = content.map(|(d, _)| d);
    let loaded = match crate::catalog::load(a.scenario.as_deref().unwrap_or(""), dir.as_deref()) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    let script = match &a.input {
        Some(p) => match read_script(p) {
            Ok(s) => Some(s),
            Err(e) => return fail(e),
        },
        None => None,
    };
    let mut scoring = crate::scoring::ScoringConfig::default();
    if let Some(w) = &a.weights {
        scoring = match scoring.with_weights(w) {
            Ok(s) => s,
            Err(e) => return fail(format!("--weights: {e}")),
        };
    }
    if let Some(p) = a.pass_mark {
        if !(0.0..=100.0).contains(&p) {
            return fail("--pass-mark must be between 0 and 100");
        }
        scoring.pass_mark = p;
    }
    let seed = a.seed.unwrap_or_else(draw_seed);
    let mode = match a.mode {
        ModeArg::Practice => Mode::Practice,
        ModeArg::Assessment => Mode::Assessment,
    };
    let header = Header {
        trainee: a.trainee.clone(),
        workstation: log::workstation(),
        mode,
        seed,
        scenario: loaded.scenario.clone(),
        standards: loaded.standards.clone(),
        scoring: scoring.clone(),
        plan: None,
    };
    let (mut rec, first) = match Recorder::begin(
        loaded.case.clone(),
        &header,
        &log::data_dir(a.data_dir.as_deref()),
    ) {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot create the session log: {e}")),
    };
    let title = loaded.case.scenario.title.value.get(lang).to_string();
    println!("{title}");
    println!("{}{seed}", if zh { "种子：" } else { "seed: " });
    println!(
        "{}{}",
        if zh {
            "会话日志："
        } else {
            "session log: "
        },
        rec.log_path().display()
    );
    show(&first, lang);
    let mut script = script.map(|s| s.into_iter().enumerate());
    let stdin = std::io::stdin();
    let mut lines = crate::bounded::lines(stdin.lock(), crate::bounded::LINE_BYTES);
    let mut numbers = Numbers::default();
    while let Some(prompt) = rec.session().prompt() {
        let result = match &mut script {
            Some(it) => match it.next() {
                Some((i, input)) => rec.input(input).map_err(|e| match e {
                    RecordError::Rejected(r) => format!("input {} of {}: {}", i + 1, a.input.as_ref().unwrap().display(), r.message(Lang::En)),
                    RecordError::Io(e) => format!("cannot write the session log: {e}"),
                }),
                None => Err(format!(
                    "the input file ended before the case did (waiting at scene `{}`); the log is kept: {}",
                    prompt.scene,
                    rec.log_path().display()
                )),
            },
            None => match ask(&mut rec, &prompt, &mut numbers, &mut lines, lang) {
                Ok(Some(events)) => Ok(events),
                Ok(None) => {
                    eprintln!(
                        "{}{}",
                        if zh { "输入结束，会话未完成；日志已保存：" } else { "input ended before the case did; the log is kept: " },
                        rec.log_path().display()
                    );
                    return ExitCode::from(1);
                }
                Err(e) => Err(e),
            },
        };
        match result {
            Ok(events) => show(&events, lang),
            Err(e) => return fail(e),
        }
    }
    if let Some(d) = rec.session().debrief() {
        println!("{}", render::debrief(d, lang, a.verbose));
    }
    println!(
        "{}{}",
        if zh {
            "会话日志："
        } else {
            "session log: "
        },
        rec.log_path().display()
    );
    ExitCode::SUCCESS
}

#[cfg(feature = "station")]
fn station_play(a: &Args, addr: &str, lang: Lang) -> ExitCode {
    let script = match a.input.as_deref().map(read_script) {
        Some(Ok(s)) => s,
        Some(Err(e)) => return fail(e),
        None => return fail("--station needs --input FILE"),
    };
    super::station::play(
        addr,
        a.code.as_deref().unwrap_or(""),
        &a.trainee,
        script,
        &log::data_dir(a.data_dir.as_deref()),
        lang,
    )
}

#[cfg(not(feature = "station"))]
fn station_play(_: &Args, _: &str, _: Lang) -> ExitCode {
    fail("this build has no station support (feature `station`)")
}

/// Print events (they are already in the log).
fn show(events: &[crate::runtime::Event], lang: Lang) {
    for e in events {
        let text = render::event(e, lang);
        if !text.is_empty() {
            println!("{text}");
        }
    }
    std::io::stdout().flush().ok();
}

/// A seed from the clock, for sessions that name none (it is recorded in the log).
fn draw_seed() -> u64 {
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    (n as u64 ^ (n >> 64) as u64 ^ u64::from(std::process::id())) % 1_000_000_000
}

/// Inputs as a script `read_script` reads back: `[Choose("id"), Decide(measures: [Fine], ..)]`.
pub fn script_of(inputs: &[Input]) -> String {
    let one = |i: &Input| match i {
        Input::Choose { id } => format!("Choose({id:?})"),
        Input::Decide(d) => {
            let names = |v: Vec<String>| v.join(", ");
            let mut parts = vec![format!(
                "measures: [{}]",
                names(d.measures.iter().map(|m| format!("{m:?}")).collect())
            )];
            if !d.steps.is_empty() {
                parts.push(format!(
                    "steps: [{}]",
                    names(d.steps.iter().map(|s| format!("{s:?}")).collect())
                ));
            }
            if let Some(f) = d.fine {
                parts.push(format!("fine: {f}"));
            }
            if let Some(n) = d.deadline {
                parts.push(format!("deadline: {n}"));
            }
            format!("Decide({})", parts.join(", "))
        }
    };
    format!(
        "[{}]",
        inputs.iter().map(one).collect::<Vec<_>>().join(", ")
    )
}

/// Parse a script of inputs: a RON list of `Choose("id")` and `Decide(..)`.
pub fn read_script(path: &std::path::Path) -> Result<Vec<Input>, String> {
    let text = crate::bounded::read_text(path, crate::bounded::SCRIPT_BYTES)?;
    parse_script(&text, &path.display().to_string())
}

/// Parse a script's text; errors name `origin:line:col`.
pub fn parse_script(text: &str, origin: &str) -> Result<Vec<Input>, String> {
    let at = |span: crate::diag::Span| {
        let (l, c) = crate::diag::line_col(text, span.start);
        format!("{origin}:{l}:{c}")
    };
    let value = crate::ronx::parse(text)
        .map_err(|e| format!("{}: {} ({})", at(e.span), e.message, e.help))?;
    let (res, issues) = crate::ronx::from_value::<Vec<crate::scenario::Input>>(&value);
    if let Some(crate::ronx::DeIssue::UnknownField { span, field, .. }) = issues.first() {
        return Err(format!(
            "{}: unknown field `{}`",
            at(*span),
            crate::text::shown(field)
        ));
    }
    let inputs = res.map_err(|e| format!("{}: {e}", at(e.span.unwrap_or_default())))?;
    if inputs.len() > crate::bounded::SCRIPT_INPUTS {
        return Err(format!(
            "{origin}: {} inputs; a script holds at most {} (a case ends after tens)",
            inputs.len(),
            crate::bounded::SCRIPT_INPUTS
        ));
    }
    Ok(inputs.iter().map(Input::from).collect())
}

fn read(
    lines: &mut impl Iterator<Item = std::io::Result<String>>,
    question: &str,
) -> Option<String> {
    print!("{question}");
    std::io::stdout().flush().ok();
    match lines.next() {
        Some(Ok(l)) => Some(l.trim().to_string()),
        // Too long, or not UTF-8: said, and taken as an answer that is no choice (asked again).
        Some(Err(e)) if e.kind() == std::io::ErrorKind::InvalidData => {
            println!();
            eprintln!("{e}");
            Some(String::new())
        }
        _ => {
            println!();
            None
        }
    }
}

/// Ask for the next input at a terminal, re-asking until it is valid. `None` at end of input.
/// Choices carry their stable numbers (`numbers`, kept for the whole session).
fn ask(
    rec: &mut Recorder,
    prompt: &crate::runtime::Prompt,
    numbers: &mut Numbers,
    lines: &mut impl Iterator<Item = std::io::Result<String>>,
    lang: Lang,
) -> Result<Option<Vec<crate::runtime::Event>>, String> {
    let zh = lang == Lang::Zh;
    let offers = numbers.assign(prompt);
    let listed: Vec<String> = offers.iter().map(|(n, _)| n.to_string()).collect();
    let listed = listed.join(if zh { "、" } else { ", " });
    print!("\n{}", render::menu(&offers, lang));
    loop {
        let Some(answer) = read(
            lines,
            if zh {
                "请选择（输入编号）："
            } else {
                "Your choice (number): "
            },
        ) else {
            return Ok(None);
        };
        let picked = match answer.parse::<usize>() {
            Ok(k) => numbers.pick(prompt, k),
            Err(_) => Picked::Unknown,
        };
        let offer = match picked {
            Picked::Offer(o) => o,
            Picked::Gone => {
                println!(
                    "{}",
                    if zh {
                        format!("编号 {answer} 的选项已不再提供。可选编号：{listed}。")
                    } else {
                        format!("Choice {answer} is no longer offered. Numbers: {listed}.")
                    }
                );
                continue;
            }
            Picked::Unknown => {
                println!(
                    "{}",
                    if zh {
                        format!("请输入列表中的编号：{listed}。")
                    } else {
                        format!("Enter a number from the list: {listed}.")
                    }
                );
                continue;
            }
        };
        let input = match offer {
            Offer::Choice(c) => Input::Choose { id: c.id.clone() },
            Offer::Decide => {
                let Some(f) = prompt.decision.as_ref() else {
                    continue;
                };
                match form(f, lines, lang) {
                    Some(d) => Input::Decide(d),
                    None => return Ok(None),
                }
            }
        };
        match rec.input(input) {
            Ok(events) => return Ok(Some(events)),
            Err(RecordError::Rejected(e)) => println!("{}", e.message(lang)),
            Err(RecordError::Io(e)) => return Err(format!("cannot write the session log: {e}")),
        }
    }
}

fn numbers(s: &str, max: usize) -> Option<Vec<usize>> {
    s.split(|c: char| c == ',' || c == '，' || c.is_whitespace())
        .filter(|x| !x.is_empty())
        .map(|x| x.parse::<usize>().ok().filter(|k| (1..=max).contains(k)))
        .collect()
}

/// The decision form, field by field, with validation and re-prompts.
fn form(
    f: &FormView,
    lines: &mut impl Iterator<Item = std::io::Result<String>>,
    lang: Lang,
) -> Option<DecisionInput> {
    let zh = lang == Lang::Zh;
    let name = |m: &Measure| if zh { m.zh() } else { m.en() };
    let step_name = |s: &Step| if zh { s.zh() } else { s.en() };
    println!(
        "\n{}",
        if zh {
            "—— 处理决定 ——"
        } else {
            "—— Decision form ——"
        }
    );
    for (i, m) in f.measures.iter().enumerate() {
        let tag = match m.kind() {
            crate::measures::MeasureKind::Flexible => {
                if zh {
                    "柔性"
                } else {
                    "flexible"
                }
            }
            crate::measures::MeasureKind::Hard => {
                if zh {
                    "刚性"
                } else {
                    "hard"
                }
            }
            crate::measures::MeasureKind::Coercive => {
                if zh {
                    "强制"
                } else {
                    "coercive"
                }
            }
        };
        if zh {
            println!("  {:>2}. ［{tag}］{}", i + 1, name(m));
        } else {
            println!("  {:>2}. [{tag}] {}", i + 1, name(m));
        }
    }
    let measures: Vec<Measure> = loop {
        let a = read(
            lines,
            if zh {
                "选择措施（编号，可多选，用逗号分隔）："
            } else {
                "Measures (numbers, comma-separated): "
            },
        )?;
        match numbers(&a, f.measures.len()) {
            Some(v) if !v.is_empty() => {
                let chosen: Vec<Measure> = v.into_iter().map(|k| f.measures[k - 1]).collect();
                // A contradiction is said as soon as it is entered, not after the whole form.
                match crate::runtime::check_measures(&chosen) {
                    Ok(()) => break chosen,
                    Err(e) => println!("{}", e.message(lang)),
                }
            }
            _ => println!(
                "{}",
                if zh {
                    "请输入列表中的编号，至少一项。"
                } else {
                    "Enter numbers from the list, at least one."
                }
            ),
        }
    };
    let mut steps = Vec::new();
    if !f.steps.is_empty() {
        for (i, s) in f.steps.iter().enumerate() {
            println!("  {:>2}. {}", i + 1, step_name(s));
        }
        steps = loop {
            let a = read(
                lines,
                if zh {
                    "已履行的程序（编号，可多选，可留空）："
                } else {
                    "Steps taken (numbers, may be empty): "
                },
            )?;
            match numbers(&a, f.steps.len()) {
                Some(v) => break v.into_iter().map(|k| f.steps[k - 1]).collect(),
                None => println!(
                    "{}",
                    if zh {
                        "请输入列表中的编号。"
                    } else {
                        "Enter numbers from the list."
                    }
                ),
            }
        };
    }
    let mut fine = None;
    if f.fine && measures.contains(&Measure::Fine) {
        let range = f
            .statutory
            .map(|b| {
                if zh {
                    format!("（法定幅度 {}–{} 元）", b.min, b.max)
                } else {
                    format!(" (statutory {}–{} yuan)", b.min, b.max)
                }
            })
            .unwrap_or_default();
        fine = Some(loop {
            let a = read(
                lines,
                &if zh {
                    format!("罚款金额（元）{range}：")
                } else {
                    format!("Fine in yuan{range}: ")
                },
            )?;
            match a.replace([',', '，'], "").parse::<f64>() {
                Ok(x) if x.is_finite() && x > 0.0 => break x,
                _ => println!(
                    "{}",
                    if zh {
                        "请输入大于0的金额，例如 5000。"
                    } else {
                        "Enter an amount above 0, e.g. 5000."
                    }
                ),
            }
        });
    }
    let mut deadline = None;
    if f.deadline && measures.contains(&Measure::OrderToRectify) {
        deadline = Some(loop {
            let a = read(
                lines,
                if zh {
                    "整改期限（工作日，1–60）："
                } else {
                    "Deadline (working days, 1–60): "
                },
            )?;
            match a.parse::<u32>() {
                Ok(d) if (1..=60).contains(&d) => break d,
                _ => println!(
                    "{}",
                    if zh {
                        "请输入 1 到 60 之间的整数。"
                    } else {
                        "Enter a whole number from 1 to 60."
                    }
                ),
            }
        });
    }
    Some(DecisionInput {
        measures,
        steps,
        fine,
        deadline,
    })
}
