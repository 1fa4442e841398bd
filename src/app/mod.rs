//! The trainee desktop app (Bevy + bevy_egui): `cailiang` with no arguments opens it.
//!
//! `main` here only composes plugins: screens (`screens.rs`), the site view (`site.rs`), capture
//! mode (`capture.rs`). Panels are plain functions in `ui/`. The app plays through the engine's
//! `Recorder`, so its session logs are the same as `cailiang play`'s, or at a workshop station
//! (`station.rs`), which runs the session and keeps the log.

pub mod authoring;
pub mod capture;
pub mod fonts;
pub mod i18n;
pub mod model;
pub mod review;
pub mod screens;
pub mod settings;
pub mod site;
pub mod site_labels;
pub mod station;
pub mod style;
pub mod ui;

use bevy::prelude::*;
use bevy::window::{WindowResized, WindowResolution};
use bevy_egui::EguiPlugin;
use model::{Catalog, Dirs};
use settings::Settings;
use std::path::PathBuf;
use std::process::ExitCode;

/// How the app was asked to start.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub data_dir: Option<PathBuf>,
    pub content: Option<PathBuf>,
    pub lang: Option<crate::text::Lang>,
    pub size: Option<(f32, f32)>,
    /// Offer the seed on the briefing (`--instructor`).
    pub instructor: bool,
    /// Capture mode: play as this trainee (not saved).
    pub trainee: Option<String>,
    /// Authoring mode: the scenario file being written, and the seed to play it with.
    pub author: Option<(PathBuf, u64)>,
    pub capture: Option<capture::Capture>,
}

/// Why the app cannot open a window here, if it cannot.
pub fn no_display() -> Option<String> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let display = std::env::var("DISPLAY").ok().filter(|d| !d.is_empty());
    let Some(display) = display else {
        return Some("DISPLAY is not set".into());
    };
    // A local display `:N` has a socket; a remote one (host:N) is tried as it is.
    if let Some(n) = display.strip_prefix(':') {
        let n = n.split('.').next().unwrap_or(n);
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        if !socket.exists() {
            return Some(format!("no X server at DISPLAY={display}"));
        }
    }
    None
}

/// Bevy's plugins as the app runs them: one window of `w`×`h` titled `title`, warnings only in
/// the log. The app's benchmark floor (examples/bare_window.rs) uses the same.
pub fn window_plugins(title: &str, w: u32, h: u32) -> impl PluginGroup {
    DefaultPlugins
        .set(WindowPlugin {
            primary_window: Some(Window {
                title: title.into(),
                resolution: WindowResolution::new(w, h),
                ..default()
            }),
            ..default()
        })
        .set(bevy::log::LogPlugin {
            level: bevy::log::Level::WARN,
            ..default()
        })
}

pub fn run(opts: Options) -> ExitCode {
    let launched = capture::Launched(std::time::Instant::now());
    if let Some(why) = no_display() {
        eprintln!("没有可用的图形界面（{why}）。请在终端中练习：cailiang play <案例编号>，例如 cailiang play food.expired_yogurt");
        eprintln!("No display is available ({why}). Play in the terminal instead: cailiang play <case id>, e.g. cailiang play food.expired_yogurt");
        return ExitCode::from(3);
    }
    let dirs = Dirs {
        content: opts.content.clone().or_else(crate::paths::content_dir),
        data: crate::log::data_dir(opts.data_dir.as_deref()),
    };
    let mut settings = Settings::load(&dirs.data);
    if let Some(l) = opts.lang {
        settings.lang = l;
    }
    if let Some(t) = &opts.trainee {
        settings.trainee = t.clone();
    }
    let (w, h) = opts.size.unwrap_or(settings.window);
    let catalog = Catalog::load(&dirs);
    let authoring = match &opts.author {
        Some((file, seed)) => {
            let standards = file
                .parent()
                .map(|d| d.join("standards"))
                .filter(|d| d.is_dir())
                .or_else(crate::paths::standards_dir);
            match authoring::Authoring::open(file, standards, *seed, &dirs.data) {
                Ok(x) => Some(x),
                Err(e) => {
                    eprintln!("{}: {e}", file.display());
                    return ExitCode::from(1);
                }
            }
        }
        None => None,
    };
    let mut app = App::new();
    app.add_plugins(window_plugins(
        "裁量 Cailiang",
        w.max(640.0) as u32,
        h.max(480.0) as u32,
    ))
    .add_plugins(EguiPlugin::default())
    .insert_resource(ClearColor(Color::srgb(0.86, 0.87, 0.88)))
    .insert_resource(dirs)
    .insert_resource(catalog)
    .insert_resource(settings)
    .insert_resource(screens::UiState {
        instructor: opts.instructor || authoring.is_some(),
        identified: authoring.is_some(),
        ..Default::default()
    })
    .init_resource::<station::Exam>()
    .init_resource::<station::Desk>()
    .add_plugins((screens::plugin, site::plugin))
    .add_systems(Update, remember_window_size);
    if let Some((a, play)) = authoring {
        app.insert_resource(a).insert_resource(play);
    }
    if opts.capture.is_none() {
        // A desktop app redraws on input, not continuously (capture and bench need every frame).
        app.insert_resource(bevy::winit::WinitSettings::desktop_app());
    }
    if let Some(cap) = opts.capture {
        app.insert_resource(cap)
            .insert_resource(launched)
            .add_plugins(capture::plugin);
    }
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

/// Keep the window size in the settings (saved with the next settings change or case start).
fn remember_window_size(
    mut resized: MessageReader<WindowResized>,
    mut settings: ResMut<Settings>,
    dirs: Res<Dirs>,
    capture: Option<Res<capture::Capture>>,
) {
    if let Some(r) = resized.read().last() {
        if capture.is_none() && r.width >= 640.0 && r.height >= 480.0 {
            settings.window = (r.width, r.height);
            let _ = settings.save(&dirs.data);
        }
    }
}
