//! `cailiang app` (and `cailiang` with no arguments): the desktop app, with capture mode.

use super::play::LangArg;
use crate::app::{capture::Capture, screens::Screen, Options};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Default)]
pub struct Args {
    /// Where session logs and settings are kept (default: $CAILIANG_DATA_DIR, else the XDG data directory)
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Content directory holding the scenarios and standards/ (default: the project's scenarios/)
    #[arg(long)]
    content: Option<PathBuf>,
    /// Interface language (default: the saved setting, Chinese at first)
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// Window size, e.g. 1280x800
    #[arg(long)]
    size: Option<String>,
    /// For instructors: offer the seed on the case briefing (it fixes the drawn facts)
    #[arg(long)]
    instructor: bool,
    /// Authoring mode: play this scenario file while you edit it; saving reloads it and replays your inputs (--seed picks the facts)
    #[arg(long, conflicts_with_all = ["scenario", "station", "desk", "review_db"])]
    author: Option<PathBuf>,
    /// Capture mode: save a screenshot to this PNG after --frames frames, then exit
    #[arg(long)]
    capture: Option<PathBuf>,
    /// Benchmark: print launch-to-first-frame and mean frame time over --frames frames, then exit
    #[arg(long)]
    bench: bool,
    /// Capture mode: the case to open
    #[arg(long)]
    scenario: Option<String>,
    /// Capture mode and --author: the session seed
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Capture mode: scripted inputs played before the screenshot (the `play --input` format)
    #[arg(long)]
    input: Option<PathBuf>,
    /// Capture mode: the screen to show
    #[arg(long, value_enum, default_value = "play")]
    screen: ScreenArg,
    /// Capture mode: frames to wait before the screenshot (or to time, with --bench)
    #[arg(long, default_value_t = 30)]
    frames: u32,
    /// Capture mode: sit --scenario at this workshop station (host:port) instead of here
    #[arg(long, requires_all = ["code", "trainee", "scenario"])]
    station: Option<String>,
    /// Capture mode: the station's join code
    #[arg(long)]
    code: Option<String>,
    /// Capture mode: the trainee id (to join the station as, with --station)
    #[arg(long)]
    trainee: Option<String>,
    /// Capture mode: show the instructor's desk (教员台) for the station at this address
    #[arg(long, requires = "instructor_token", conflicts_with = "station")]
    desk: Option<String>,
    /// Capture mode: the instructor token the station printed
    #[arg(long)]
    instructor_token: Option<String>,
    /// Capture mode: show the reviewer's desk (审核台) on this register (URL or SQLite file)
    #[arg(long, conflicts_with_all = ["station", "desk"])]
    review_db: Option<String>,
    /// Capture mode: the session to open on the reviewer's desk (id or start of the log's SHA-256)
    #[arg(long, requires = "review_db")]
    review_open: Option<String>,
}

#[derive(Clone, Copy, clap::ValueEnum, Default)]
enum ScreenArg {
    Who,
    Home,
    Briefing,
    #[default]
    Play,
    Debrief,
    Exam,
    Desk,
    Review,
}

pub fn run(a: Args) -> ExitCode {
    let size = match a.size.as_deref().map(parse_size) {
        Some(Err(e)) => {
            eprintln!("error: --size: {e}");
            return ExitCode::from(2);
        }
        Some(Ok(s)) => Some(s),
        None => None,
    };
    let inputs = match &a.input {
        Some(p) => match super::play::read_script(p) {
            Ok(i) => i,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
        None => Vec::new(),
    };
    if a.capture.is_none()
        && !a.bench
        && (a.scenario.is_some()
            || a.input.is_some()
            || a.station.is_some()
            || a.desk.is_some()
            || a.review_db.is_some())
    {
        eprintln!("error: --scenario, --input, --station, --desk and --review-db belong to capture mode: add --capture FILE.png (or --bench)");
        return ExitCode::from(2);
    }
    let capture = (a.capture.is_some() || a.bench).then(|| Capture {
        path: a.capture.clone(),
        bench: a.bench,
        scenario: a.scenario.clone(),
        seed: a.seed,
        inputs,
        screen: match a.screen {
            ScreenArg::Who => Screen::Who,
            ScreenArg::Home => Screen::Home,
            ScreenArg::Briefing => Screen::Briefing,
            ScreenArg::Play => Screen::Play,
            ScreenArg::Debrief => Screen::Debrief,
            ScreenArg::Exam => Screen::Exam,
            ScreenArg::Desk => Screen::Desk,
            ScreenArg::Review => Screen::Review,
        },
        frames: a.frames,
        station: a
            .station
            .clone()
            .map(|addr| crate::app::capture::AtStation {
                addr,
                code: a.code.clone().unwrap_or_default(),
                trainee: a.trainee.clone().unwrap_or_default(),
            }),
        desk: a
            .desk
            .clone()
            .map(|d| (d, a.instructor_token.clone().unwrap_or_default())),
        review: a.review_db.clone().map(|db| (db, a.review_open.clone())),
    });
    crate::app::run(Options {
        data_dir: a.data_dir,
        content: a.content,
        lang: a.lang.map(Into::into),
        size,
        instructor: a.instructor,
        author: a.author.clone().map(|f| (f, a.seed)),
        trainee: a.trainee.filter(|_| a.capture.is_some() || a.bench),
        capture,
    })
}

fn parse_size(s: &str) -> Result<(f32, f32), String> {
    let (w, h) = s
        .split_once('x')
        .ok_or("write WIDTHxHEIGHT, e.g. 1280x800")?;
    let w: f32 = w.trim().parse().map_err(|_| "the width is not a number")?;
    let h: f32 = h.trim().parse().map_err(|_| "the height is not a number")?;
    Ok((w, h))
}
