//! Capture mode, for docs and the end-to-end test: open a case with a seed and scripted inputs,
//! show a screen, wait some frames, save a screenshot and exit.

use super::model::{Catalog, Dirs, Play};
use super::screens::{start_case, Screen};
use super::settings::Settings;
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
}

/// Frames skipped before frame times are averaged (the first ones include shader compilation).
const WARMUP: u32 = 10;

pub fn plugin(app: &mut App) {
    app.init_resource::<Progress>()
        .add_systems(Startup, prepare)
        .add_systems(Last, step);
}

fn prepare(
    mut commands: Commands,
    cap: Res<Capture>,
    mut catalog: ResMut<Catalog>,
    settings: Res<Settings>,
    dirs: Res<Dirs>,
    mut next: ResMut<NextState<Screen>>,
    mut progress: ResMut<Progress>,
) {
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
        for (i, input) in cap.inputs.iter().enumerate() {
            let before = play.events.len();
            match play.input(input.clone()) {
                Ok(events) => {
                    play.events.extend(events);
                    play.since_input = before;
                }
                Err(e) => {
                    let why = match e {
                        crate::app::model::PlayError::Rejected(e) => e.to_string(),
                        crate::app::model::PlayError::Refused(e)
                        | crate::app::model::PlayError::Io(e) => e,
                    };
                    progress.failed = Some(format!("input {}: {why}", i + 1));
                    return;
                }
            }
        }
        if let Some(log) = play.log_path() {
            println!("session log: {}", log.display());
        }
        commands.insert_resource(play);
        next.set(cap.screen);
    }
}

fn step(
    mut commands: Commands,
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
    // Count frames once the requested screen is showing.
    if *state.get() != cap.screen && cap.scenario.is_some() {
        return;
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
