//! Capture mode, for docs and the end-to-end test: open a case with a seed and scripted inputs
//! (here, or as a trainee at a workshop station), or the instructor's desk on a station; show a
//! screen, wait some frames, save a screenshot and exit.

use super::model::{Catalog, Dirs, Play};
use super::review::ReviewDesk;
use super::screens::{start_case, Screen};
use super::settings::Settings;
use super::station::{Desk, Feed};
use crate::runtime::Input;
use bevy::prelude::*;
use bevy::render::view::screenshot::{save_to_disk, Screenshot, ScreenshotCaptured};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// What to capture (a screenshot, or frame timings with `bench`).
#[derive(Resource, Clone, Debug)]
pub struct Capture {
    /// Where to save the screenshot; `None` with `bench` measures only.
    pub path: Option<PathBuf>,
    /// Report launch-to-first-frame and mean frame time instead of (or besides) a screenshot.
    pub bench: bool,
    pub scenario: Option<String>,
    pub seed: u64,
    pub inputs: Vec<Input>,
    pub screen: Screen,
    pub frames: u32,
    /// Play `scenario` as this trainee at a station instead of here.
    pub station: Option<AtStation>,
    /// Show the instructor's desk for a station: (address, instructor token).
    pub desk: Option<(String, String)>,
    /// Show the reviewer's desk on this register (URL or SQLite file; empty: the default), with
    /// this session open (a session id or the start of a log's SHA-256).
    pub review: Option<(String, Option<String>)>,
}

/// A station to sit the captured case at.
#[derive(Clone, Debug)]
pub struct AtStation {
    pub addr: String,
    pub code: String,
    pub trainee: String,
}

/// When the process started the app (for the launch-to-first-frame figure).
#[derive(Resource)]
pub struct Launched(pub std::time::Instant);

#[derive(Resource, Default)]
struct Progress {
    frames: u32,
    requested: bool,
    done: Arc<AtomicBool>,
    failed: Option<String>,
    first_frame_ms: Option<f64>,
    timing_from: Option<std::time::Instant>,
    /// Frames spent waiting for the desk's first live view.
    waited: u32,
}

/// Frames skipped before frame times are averaged (the first ones include shader compilation).
const WARMUP: u32 = 10;

pub fn plugin(app: &mut App) {
    app.init_resource::<Progress>()
        .add_systems(Startup, prepare)
        .add_systems(Last, step);
}

#[allow(clippy::too_many_arguments)]
fn prepare(
    mut commands: Commands,
    cap: Res<Capture>,
    mut catalog: ResMut<Catalog>,
    settings: Res<Settings>,
    dirs: Res<Dirs>,
    mut next: ResMut<NextState<Screen>>,
    mut progress: ResMut<Progress>,
    (mut desk, mut review): (ResMut<Desk>, ResMut<ReviewDesk>),
) {
    if let Some((db, open)) = &cap.review {
        review.db = db.clone();
        review.show = super::review::Show::All;
        let done = review.refresh(&dirs.data).and_then(|_| match open {
            Some(s) => review.open(&dirs.data, s),
            None => Ok(()),
        });
        // Show the first decision with the standard's verdict beside it.
        if let Some(o) = review.open.as_mut() {
            o.step = o
                .replay
                .steps
                .iter()
                .position(|s| !s.decisions.is_empty())
                .unwrap_or(0);
        }
        match done {
            Ok(()) => {
                println!(
                    "review: {} session(s) listed, open: {}",
                    review.rows.len(),
                    review
                        .open
                        .as_ref()
                        .map_or("none", |o| o.stored.session.as_str())
                );
                next.set(Screen::Review);
            }
            Err(e) => progress.failed = Some(e),
        }
        return;
    }
    if let Some((addr, token)) = &cap.desk {
        desk.addr = addr.clone();
        desk.token = token.clone();
        desk.feed = Some(Feed::follow(
            addr,
            "/api/instructor/live",
            token,
            "overview",
        ));
        next.set(Screen::Desk);
        return;
    }
    if let (Some(st), Some(id)) = (&cap.station, &cap.scenario) {
        let joined = super::station::join(&st.addr, &st.code, &st.trainee, &dirs.data);
        let tr = super::i18n::Tr::new(crate::text::Lang::En);
        let play = joined
            .and_then(|(token, _)| super::station::start(&st.addr, &token, id, &catalog.cases))
            .map_err(|e| e.show(&tr));
        match play {
            Ok(mut play) => {
                catalog.selected = catalog
                    .cases
                    .iter()
                    .position(|c| &c.case.scenario.id.value == id);
                if let Err(e) = play_inputs(&mut play, &cap.inputs) {
                    progress.failed = Some(e);
                    return;
                }
                println!(
                    "station attempt: {id}, {} input(s) acknowledged, finished: {}",
                    cap.inputs.len(),
                    play.finished()
                );
                commands.insert_resource(play);
                next.set(cap.screen);
            }
            Err(e) => progress.failed = Some(e),
        }
        return;
    }
    if let Some(id) = &cap.scenario {
        catalog.selected = catalog
            .cases
            .iter()
            .position(|c| &c.case.scenario.id.value == id);
        if catalog.selected.is_none() {
            progress.failed = Some(format!("no scenario `{id}` in the content directory"));
            return;
        }
        if cap.screen == Screen::Briefing {
            next.set(Screen::Briefing);
            return;
        }
        // Play the scripted inputs through a recorder, exactly as the trainee would.
        let mut scratch = World::new();
        let mut queue = bevy::ecs::world::CommandQueue::default();
        let mut cmds = Commands::new(&mut queue, &scratch);
        if let Err(e) = start_case(&mut cmds, &catalog, &settings, &dirs, Some(cap.seed)) {
            progress.failed = Some(e);
            return;
        }
        queue.apply(&mut scratch);
        let Some(mut play) = scratch.remove_resource::<Play>() else {
            return;
        };
        if let Err(e) = play_inputs(&mut play, &cap.inputs) {
            progress.failed = Some(e);
            return;
        }
        if let Some(log) = play.log_path() {
            println!("session log: {}", log.display());
        }
        commands.insert_resource(play);
        next.set(cap.screen);
        return;
    }
    // No case: the screen as asked (the "who is playing" screen, home, the assessment screen).
    next.set(cap.screen);
}

/// Play scripted inputs as the trainee would.
fn play_inputs(play: &mut Play, inputs: &[Input]) -> Result<(), String> {
    for (i, input) in inputs.iter().enumerate() {
        let before = play.events.len();
        match play.input(input.clone()) {
            Ok(events) => {
                let before = before.min(play.events.len());
                play.events.extend(events);
                play.since_input = before;
            }
            Err(e) => {
                let why = match e {
                    crate::app::model::PlayError::Rejected(e) => e.to_string(),
                    crate::app::model::PlayError::Station(e) => {
                        e.show(&super::i18n::Tr::new(crate::text::Lang::En))
                    }
                    crate::app::model::PlayError::Io(e) => e,
                };
                return Err(format!("input {}: {why}", i + 1));
            }
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn step(
    mut commands: Commands,
    desk: Res<Desk>,
    cap: Res<Capture>,
    launched: Res<Launched>,
    state: Res<State<Screen>>,
    mut progress: ResMut<Progress>,
    mut exit: MessageWriter<AppExit>,
) {
    if let Some(e) = progress.failed.take() {
        eprintln!("error: capture: {e}");
        exit.write(AppExit::error());
        return;
    }
    // Count frames once the requested screen is showing (the desk: once its first rows came).
    if *state.get() != cap.screen
        && (cap.scenario.is_some() || cap.desk.is_some() || cap.review.is_some())
    {
        return;
    }
    if cap.desk.is_some() {
        let latest = desk.feed.as_ref().map(|f| f.latest());
        if latest.as_ref().is_none_or(|l| l.updates == 0) {
            progress.waited += 1;
            if progress.waited > 600 {
                let why = latest.and_then(|l| l.error).unwrap_or_default();
                eprintln!("error: capture: the station's live view did not arrive ({why})");
                exit.write(AppExit::error());
            }
            return;
        }
        if progress.frames == 0 {
            let rows = latest.and_then(|l| l.value).unwrap_or_default();
            let live = rows.iter().filter(|r| r.scenario.is_some()).count();
            println!("desk: {} trainee(s), {live} in an attempt", rows.len());
        }
    }
    progress.frames += 1;
    if progress.frames == 1 {
        progress.first_frame_ms = Some(launched.0.elapsed().as_secs_f64() * 1000.0);
    }
    if progress.frames == WARMUP {
        progress.timing_from = Some(std::time::Instant::now());
    }
    let finished = progress.frames >= cap.frames;
    if finished && cap.bench && !progress.requested {
        let measured = cap.frames.saturating_sub(WARMUP).max(1);
        let mean = progress
            .timing_from
            .map(|t| t.elapsed().as_secs_f64() * 1000.0 / f64::from(measured))
            .unwrap_or(0.0);
        println!(
            "bench: launch_to_first_frame_ms={:.0} mean_frame_ms={mean:.2} frames={measured} screen={:?}",
            progress.first_frame_ms.unwrap_or(0.0),
            cap.screen
        );
        if cap.path.is_none() {
            exit.write(AppExit::Success);
            return;
        }
    }
    if progress.done.load(Ordering::SeqCst) {
        if let Some(p) = &cap.path {
            println!("screenshot: {}", p.display());
        }
        exit.write(AppExit::Success);
    } else if finished && !progress.requested {
        progress.requested = true;
        if let Some(path) = cap.path.clone() {
            let done = progress.done.clone();
            commands
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(path))
                .observe(move |_: On<ScreenshotCaptured>| done.store(true, Ordering::SeqCst));
        }
    } else if progress.frames > cap.frames + 600 {
        eprintln!("error: capture: the screenshot was not taken in time");
        exit.write(AppExit::error());
    }
}
