//! Screens as Bevy states (home → briefing → play → debrief, and settings), the egui system
//! of each, and one system that carries out the trainee's commands.

use super::i18n::Tr;
use super::model::{Catalog, Dirs, Play, PlayError};
use super::settings::Settings;
use super::site::SiteArea;
use super::ui::{self, Command};
use crate::log::recorder::Recorder;
use crate::log::Header;
use crate::runtime::Input;
use bevy::prelude::*;
use bevy_egui::{egui, EguiContexts, EguiPrimaryContextPass};

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Home,
    Briefing,
    Play,
    Debrief,
    Settings,
}

/// Interface state that is not data: strings, the seed being typed, commands to carry out.
#[derive(Resource, Default)]
pub struct UiState {
    pub tr: Tr,
    pub seed: String,
    pub pending: Vec<Command>,
    pub fonts: bool,
    pub zoom: f32,
    /// Where "back" from the settings returns to.
    pub before_settings: Option<Screen>,
}

pub fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        .add_systems(
            EguiPrimaryContextPass,
            (
                setup_context,
                home.run_if(in_state(Screen::Home)),
                briefing.run_if(in_state(Screen::Briefing)),
                play.run_if(in_state(Screen::Play)),
                debrief.run_if(in_state(Screen::Debrief)),
                settings.run_if(in_state(Screen::Settings)),
            )
                .chain(),
        )
        .add_systems(Update, apply_commands);
}

/// A full-window `Ui` to lay panels into (egui 0.36 panels take a parent `Ui`).
pub fn root_ui(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

fn setup_context(
    mut contexts: EguiContexts,
    mut ui: ResMut<UiState>,
    settings: Res<Settings>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if !ui.fonts {
        super::fonts::install(ctx);
        ctx.set_visuals(egui::Visuals::light());
        ui.fonts = true;
    }
    if (ui.zoom - settings.ui_scale).abs() > f32::EPSILON {
        ctx.set_zoom_factor(settings.ui_scale);
        ui.zoom = settings.ui_scale;
    }
    ui.tr.lang = settings.lang;
    Ok(())
}

fn home(
    mut contexts: EguiContexts,
    mut ui: ResMut<UiState>,
    catalog: Res<Catalog>,
    mut settings: ResMut<Settings>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let tr = ui.tr.clone();
    let cmd = egui::CentralPanel::default()
        .show(&mut root, |u| {
            ui::home::panel(u, &tr, &catalog, &mut settings)
        })
        .inner;
    ui.pending.extend(cmd);
    Ok(())
}

fn briefing(mut contexts: EguiContexts, mut ui: ResMut<UiState>, catalog: Res<Catalog>) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let tr = ui.tr.clone();
    let Some(case) = catalog.selected.and_then(|i| catalog.cases.get(i)) else {
        ui.pending.push(Command::Home);
        return Ok(());
    };
    let mut seed = std::mem::take(&mut ui.seed);
    let cmd = egui::CentralPanel::default()
        .show(&mut root, |u| ui::briefing::panel(u, &tr, case, &mut seed))
        .inner;
    ui.seed = seed;
    ui.pending.extend(cmd);
    Ok(())
}

fn play(
    mut contexts: EguiContexts,
    mut ui: ResMut<UiState>,
    play: Option<ResMut<Play>>,
    mut area: ResMut<SiteArea>,
    window: Single<&Window>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let Some(mut play) = play else {
        ui.pending.push(Command::Home);
        return Ok(());
    };
    let tr = ui.tr.clone();
    let mut root = root_ui(ctx);
    let mut cmds = Vec::new();
    egui::Panel::top("play-top").show(&mut root, |u| {
        u.horizontal(|u| {
            let (day, date) = play.day();
            u.heading(ui::text(&play.case().scenario.title.value, &tr));
            u.label(format!(
                "  {} {}",
                tr.f("day", &[("n", &day)]),
                date.unwrap_or_default()
            ));
            u.with_layout(egui::Layout::right_to_left(egui::Align::Center), |u| {
                cmds.extend(ui::language_switch(u, &tr));
            });
        });
    });
    egui::Panel::left("case-file")
        .default_size(330.0)
        .resizable(true)
        .show(&mut root, |u| {
            ui::play::case_file(u, &tr, &play);
        });
    egui::Panel::bottom("scene")
        .default_size(ctx.viewport_rect().height() * 0.5)
        .resizable(true)
        .show(&mut root, |u| {
            cmds.extend(ui::play::scene(u, &tr, &mut play));
        });
    // What is left in the middle is the site view, drawn by Bevy; labels and hotspots by egui.
    let rect = root.available_rect_before_wrap();
    let to_window = ctx.pixels_per_point() / window.scale_factor();
    area.rect = Some(Rect::new(
        rect.min.x * to_window,
        rect.min.y * to_window,
        rect.max.x * to_window,
        rect.max.y * to_window,
    ));
    cmds.extend(super::site::overlay(ctx, rect, &play, &tr));
    ui.pending.extend(cmds);
    Ok(())
}

fn debrief(mut contexts: EguiContexts, mut ui: ResMut<UiState>, play: Option<Res<Play>>) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let tr = ui.tr.clone();
    let Some(d) = play.as_ref().and_then(|p| p.debrief()) else {
        ui.pending.push(Command::Home);
        return Ok(());
    };
    let path = play
        .as_ref()
        .and_then(|p| p.log_path().map(|l| l.to_path_buf()));
    let ending = play.as_ref().and_then(|p| {
        p.events.iter().rev().find_map(|e| match e {
            crate::runtime::Event::Ending { text, .. } => Some(text.clone()),
            _ => None,
        })
    });
    let cmd = egui::CentralPanel::default()
        .show(&mut root, |u| {
            ui::debrief::panel(u, &tr, &d, ending.as_ref(), path.as_deref())
        })
        .inner;
    ui.pending.extend(cmd);
    Ok(())
}

fn settings(
    mut contexts: EguiContexts,
    mut ui: ResMut<UiState>,
    mut settings: ResMut<Settings>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let tr = ui.tr.clone();
    let cmd = egui::CentralPanel::default()
        .show(&mut root, |u| ui::settings::panel(u, &tr, &mut settings))
        .inner;
    ui.pending.extend(cmd);
    Ok(())
}

/// Start the selected case (through a `Recorder`, so it is logged like `cailiang play`).
pub fn start_case(
    commands: &mut Commands,
    catalog: &Catalog,
    settings: &Settings,
    dirs: &Dirs,
    seed: Option<u64>,
) -> Result<(), String> {
    let loaded = catalog
        .selected
        .and_then(|i| catalog.cases.get(i))
        .ok_or("no case selected")?;
    let seed = seed.unwrap_or_else(|| {
        let n = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        (n as u64 ^ (n >> 64) as u64) % 1_000_000_000
    });
    let header = Header {
        trainee: if settings.trainee.trim().is_empty() {
            "anonymous".into()
        } else {
            settings.trainee.trim().to_string()
        },
        workstation: crate::log::workstation(),
        mode: settings.mode,
        seed,
        scenario: loaded.scenario.clone(),
        standards: loaded.standards.clone(),
        scoring: Default::default(),
        plan: None,
    };
    let (rec, events) =
        Recorder::begin(loaded.case.clone(), &header, &dirs.data).map_err(|e| e.to_string())?;
    commands.insert_resource(Play::new(rec, events));
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn apply_commands(
    mut commands: Commands,
    mut ui: ResMut<UiState>,
    mut catalog: ResMut<Catalog>,
    mut settings: ResMut<Settings>,
    dirs: Res<Dirs>,
    play: Option<ResMut<Play>>,
    state: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let pending = std::mem::take(&mut ui.pending);
    let mut play = play;
    for cmd in pending {
        match cmd {
            Command::Select(i) => {
                catalog.selected = Some(i);
                ui.seed.clear();
                next.set(Screen::Briefing);
            }
            Command::Start { seed } => {
                match start_case(&mut commands, &catalog, &settings, &dirs, seed) {
                    Ok(()) => {
                        let _ = settings.save(&dirs.data);
                        next.set(Screen::Play);
                    }
                    Err(e) => catalog.error = Some(ui.tr.f("error-log", &[("error", &e)])),
                }
            }
            Command::Resume(path) => {
                let content: Vec<_> = dirs.content.iter().cloned().collect();
                match Recorder::resume(&path, &content) {
                    Ok((rec, events)) => {
                        let id = rec.session().case().scenario.id.value.clone();
                        catalog.selected = catalog
                            .cases
                            .iter()
                            .position(|c| c.case.scenario.id.value == id);
                        commands.insert_resource(Play::new(rec, events));
                        next.set(Screen::Play);
                    }
                    Err(e) => catalog.error = Some(format!("{}: {e}", path.display())),
                }
            }
            Command::Choose(id) => input(&mut play, Input::Choose { id }, &ui.tr, &mut next),
            Command::Decide(d) => input(&mut play, Input::Decide(d), &ui.tr, &mut next),
            Command::PlayAgain => {
                if let Err(e) = start_case(&mut commands, &catalog, &settings, &dirs, None) {
                    catalog.error = Some(e);
                    next.set(Screen::Home);
                } else {
                    next.set(Screen::Play);
                }
            }
            Command::Home => {
                catalog.scan(&dirs.data);
                next.set(Screen::Home);
            }
            Command::OpenSettings => {
                ui.before_settings = Some(*state.get());
                next.set(Screen::Settings);
            }
            Command::CloseSettings => next.set(ui.before_settings.take().unwrap_or(Screen::Home)),
            Command::SetLang(l) => {
                settings.lang = l;
                ui.tr.lang = l;
                let _ = settings.save(&dirs.data);
            }
            Command::SettingsChanged => {
                let _ = settings.save(&dirs.data);
            }
        }
    }
}

fn input(play: &mut Option<ResMut<Play>>, input: Input, tr: &Tr, next: &mut NextState<Screen>) {
    let Some(p) = play.as_mut() else { return };
    let before = p.events.len();
    match p.input(input) {
        Ok(events) => {
            let before = before.min(p.events.len());
            p.events.extend(events);
            p.since_input = before;
            p.form = Default::default();
            p.error = None;
            if p.finished() {
                next.set(Screen::Debrief);
            }
        }
        Err(PlayError::Rejected(e)) => p.error = Some(e.message(tr.lang)),
        Err(PlayError::Refused(e)) => p.error = Some(e),
        Err(PlayError::Io(e)) => p.error = Some(tr.f("error-log", &[("error", &e)])),
    }
}

#[cfg(test)]
mod tests {
    //! The screen flow headless: MinimalPlugins + StatesPlugin, commands in, states and logs out.
    use super::*;
    use bevy::state::app::StatesPlugin;

    fn app(data: &std::path::Path) -> App {
        let dirs = Dirs {
            content: Some(std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios")),
            data: data.to_path_buf(),
        };
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, StatesPlugin))
            .init_state::<Screen>()
            .insert_resource(Catalog::load(&dirs))
            .insert_resource(dirs)
            .insert_resource(Settings::default())
            .init_resource::<UiState>()
            .add_systems(Update, apply_commands);
        app
    }

    fn send(app: &mut App, c: Command) {
        app.world_mut().resource_mut::<UiState>().pending.push(c);
        app.update();
        app.update();
    }

    fn screen(app: &App) -> Screen {
        *app.world().resource::<State<Screen>>().get()
    }

    #[test]
    fn a_case_goes_from_home_to_debrief_and_its_log_verifies() {
        let data = std::env::temp_dir().join(format!("cailiang-screens-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        let mut app = app(&data);
        app.update();
        assert_eq!(screen(&app), Screen::Home);
        let i = app
            .world()
            .resource::<Catalog>()
            .cases
            .iter()
            .position(|c| c.case.scenario.id.value == "food.expired_yogurt")
            .unwrap();
        send(&mut app, Command::Select(i));
        assert_eq!(screen(&app), Screen::Briefing);
        send(&mut app, Command::Start { seed: Some(1) });
        assert_eq!(screen(&app), Screen::Play);
        for id in [
            "show_credentials",
            "count_goods",
            "check_invoices",
            "check_record",
            "order_removal",
            "go_decide",
        ] {
            send(&mut app, Command::Choose(id.into()));
        }
        // A bad form value is refused with a reason and changes nothing.
        send(
            &mut app,
            Command::Decide(crate::runtime::DecisionInput {
                measures: vec![crate::measures::Measure::Fine],
                ..Default::default()
            }),
        );
        assert_eq!(screen(&app), Screen::Play);
        assert!(app.world().resource::<Play>().error.is_some());
        send(
            &mut app,
            Command::Decide(crate::runtime::DecisionInput {
                measures: vec![
                    crate::measures::Measure::NoPenalty,
                    crate::measures::Measure::Education,
                    crate::measures::Measure::OrderToRectify,
                ],
                ..Default::default()
            }),
        );
        assert_eq!(screen(&app), Screen::Debrief);
        let play = app.world().resource::<Play>();
        let d = play.debrief().unwrap();
        assert!(d.passed, "{d:?}");
        let log = play.log_path().unwrap().to_path_buf();
        let index = crate::log::verify::content_index(&[std::path::PathBuf::from(env!(
            "CARGO_MANIFEST_DIR"
        ))
        .join("scenarios")]);
        assert!(matches!(
            crate::log::verify::verify(&log, &index),
            crate::log::verify::Verdict::Intact { .. }
        ));
        send(&mut app, Command::SetLang(crate::text::Lang::En));
        assert_eq!(
            crate::app::settings::Settings::load(&data).lang,
            crate::text::Lang::En,
            "the language is remembered"
        );
        send(&mut app, Command::Home);
        assert_eq!(screen(&app), Screen::Home);
        assert_eq!(
            app.world().resource::<Catalog>().results.len(),
            1,
            "the result shows on the home screen"
        );
    }
}
