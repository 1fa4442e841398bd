//! The floor of the app benchmark (scripts/bench-app.sh): a bare bevy_egui window with the same
//! plugins and window as the app (`cailiang app`), drawing one egui panel, measured the way the
//! app's `--bench` measures: time from `main` to the first frame, and the mean frame time over the
//! frames after a warm-up. Prints one `bench:` line and exits.
//!
//! `cargo run --release --example bare_window -- [frames]` (default 310, as bench-app.sh uses).

use bevy::prelude::*;
use bevy_egui::{egui, EguiContexts, EguiPlugin, EguiPrimaryContextPass};
use std::time::Instant;

/// Frames before timing starts (as the app's capture mode).
const WARMUP: u32 = 10;

#[derive(Resource)]
struct Bench {
    launched: Instant,
    frames: u32,
    total: u32,
    first_frame_ms: f64,
    timing_from: Option<Instant>,
}

fn main() {
    let launched = Instant::now();
    let total = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(310);
    App::new()
        .add_plugins(cailiang::app::window_plugins("bare", 1280, 800))
        .add_plugins(EguiPlugin::default())
        .insert_resource(ClearColor(Color::srgb(0.86, 0.87, 0.88)))
        .insert_resource(Bench {
            launched,
            frames: 0,
            total,
            first_frame_ms: 0.0,
            timing_from: None,
        })
        .add_systems(EguiPrimaryContextPass, panel)
        .add_systems(Update, step)
        .run();
}

fn panel(mut contexts: EguiContexts) -> Result {
    let ctx = contexts.ctx_mut()?;
    // As the app draws its screens: a panel in a root `Ui` over the whole window.
    let mut root = egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::CentralPanel::default().show(&mut root, |ui| {
        ui.heading("bare bevy_egui window");
        ui.label("the floor of the app benchmark");
    });
    Ok(())
}

fn step(mut bench: ResMut<Bench>, mut exit: MessageWriter<AppExit>) {
    bench.frames += 1;
    if bench.frames == 1 {
        bench.first_frame_ms = bench.launched.elapsed().as_secs_f64() * 1000.0;
    }
    if bench.frames == WARMUP {
        bench.timing_from = Some(Instant::now());
    }
    if bench.frames >= bench.total {
        let measured = bench.total.saturating_sub(WARMUP).max(1);
        let mean = bench
            .timing_from
            .map(|t| t.elapsed().as_secs_f64() * 1000.0 / f64::from(measured))
            .unwrap_or(0.0);
        println!(
            "bench: launch_to_first_frame_ms={:.0} mean_frame_ms={mean:.2} frames={measured} screen=bare",
            bench.first_frame_ms
        );
        exit.write(AppExit::Success);
    }
}
