//! Screens as Bevy states (home → briefing → play → debrief, settings, the assessment at a
//! station and the instructor's desk), the egui system of each, and one system that carries out
//! the commands.

use super::authoring::Authoring;
use super::i18n::Tr;
use super::model::{Catalog, Dirs, Driver, Play, PlayError};
use super::review::ReviewDesk;
use super::settings::Settings;
use super::site::SiteArea;
use super::station::{Desk, Exam, Feed};
use super::ui::{self, Command};
use crate::log::recorder::Recorder;
use crate::log::Header;
use crate::runtime::Input;
use bevy::prelude::*;
use bevy_egui::{egui, EguiContexts, EguiPrimaryContextPass};

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    /// 谁在练习: asked at every launch (a shared workshop PC).
    #[default]
    Who,
    Home,
    Briefing,
    Play,
    Debrief,
    Settings,
    /// 考核: join a station, the plan's cases.
    Exam,
    /// 教员台: every trainee at a station, live.
    Desk,
    /// 审核台: sessions in the register, replayed for review and signed off.
    Review,
}

/// Interface state that is not data: strings, the seed being typed, commands to carry out.
#[derive(Resource, Default)]
pub struct UiState {
    pub tr: Tr,
    /// The trainee id being typed on the "who is playing" screen.
    pub who: String,
    /// Started with `--instructor`: the seed field is offered.
    pub instructor: bool,
    /// Someone said who is playing since the app started.
    pub identified: bool,
    pub seed: String,
    pub pending: Vec<Command>,
    pub fonts: bool,
    /// The window size the type scale was last set for.
    pub styled_for: (f32, f32),
    pub zoom: f32,
    /// Where "back" from the settings returns to.
    pub before_settings: Option<Screen>,
}

pub fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        .init_resource::<ReviewDesk>()
        .add_systems(
            EguiPrimaryContextPass,
            (
                setup_context,
                who.run_if(in_state(Screen::Who)),
                home.run_if(in_state(Screen::Home)),
                briefing.run_if(in_state(Screen::Briefing)),
                play.run_if(in_state(Screen::Play)),
                debrief.run_if(in_state(Screen::Debrief)),
                settings.run_if(in_state(Screen::Settings)),
                exam.run_if(in_state(Screen::Exam)),
                desk.run_if(in_state(Screen::Desk)),
                review.run_if(in_state(Screen::Review)),
            )
                .chain(),
        )
        .add_systems(Update, (apply_commands, live_redraw))
        .add_systems(Startup, authoring_start)
        .add_systems(Update, authoring_watch.run_if(resource_exists::<Authoring>));
}

/// Authoring mode opens on the case being written.
fn authoring_start(authoring: Option<Res<Authoring>>, mut next: ResMut<NextState<Screen>>) {
    if authoring.is_some() {
        next.set(Screen::Play);
    }
}

/// Authoring mode: a saved file is read again and the inputs so far replayed on it.
pub fn authoring_watch(mut a: ResMut<Authoring>, dirs: Res<Dirs>, mut commands: Commands) {
    if a.changed() {
        if let Some(play) = a.reload(&dirs.data) {
            commands.insert_resource(play);
        }
    }
    a.poll_graph();
}

/// Live screens (the desk, a station attempt) redraw at least four times a second, so pushed
/// updates show within a second; the rest of the app redraws only on input.
fn live_redraw(
    state: Res<State<Screen>>,
    play: Option<Res<Play>>,
    authoring: Option<Res<Authoring>>,
    winit: Option<ResMut<bevy::winit::WinitSettings>>,
    capture: Option<Res<super::capture::Capture>>,
) {
    use bevy::winit::{UpdateMode, WinitSettings};
    let Some(mut winit) = winit else { return };
    if capture.is_some() {
        return; // capture mode draws every frame already
    }
    // Authoring mode too: a saved file shows without waiting for input.
    let live = *state.get() == Screen::Desk
        || authoring.is_some()
        || (*state.get() == Screen::Play
            && play.is_some_and(|p| matches!(p.driver, Driver::Station(_))));
    let want = if live {
        let quick = UpdateMode::reactive(std::time::Duration::from_millis(250));
        WinitSettings {
            focused_mode: quick,
            unfocused_mode: quick,
        }
    } else {
        WinitSettings::desktop_app()
    };
    if winit.focused_mode != want.focused_mode || winit.unfocused_mode != want.unfocused_mode {
        *winit = want;
    }
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
    window: Single<&Window>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if !ui.fonts {
        super::fonts::install(ctx);
        ui.fonts = true;
    }
    let size = (window.width(), window.height());
    if ui.styled_for != size {
        super::style::apply(ctx, size.0, size.1);
        ui.styled_for = size;
    }
    if (ui.zoom - settings.ui_scale).abs() > f32::EPSILON {
        ctx.set_zoom_factor(settings.ui_scale);
        ui.zoom = settings.ui_scale;
    }
    ui.tr.lang = settings.lang;
    Ok(())
}

fn who(mut contexts: EguiContexts, mut ui: ResMut<UiState>, settings: Res<Settings>) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let tr = ui.tr.clone();
    let mut typed = std::mem::take(&mut ui.who);
    let cmd = egui::CentralPanel::default()
        .show(&mut root, |u| {
            ui::who::panel(u, &tr, &mut typed, &settings.trainee)
        })
        .inner;
    ui.who = typed;
    ui.pending.extend(cmd);
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

fn briefing(
    mut contexts: EguiContexts,
    mut ui: ResMut<UiState>,
    catalog: Res<Catalog>,
    settings: Res<Settings>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let tr = ui.tr.clone();
    let Some(case) = catalog.selected.and_then(|i| catalog.cases.get(i)) else {
        ui.pending.push(Command::Home);
        return Ok(());
    };
    let mut seed = std::mem::take(&mut ui.seed);
    let instructor = ui.instructor;
    let cmd = egui::CentralPanel::default()
        .show(&mut root, |u| {
            let seed = instructor.then_some(&mut seed);
            ui::briefing::panel(u, &tr, case, settings.mode, seed)
        })
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
    (exam, mut authoring): (Res<Exam>, Option<ResMut<Authoring>>),
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let Some(mut play) = play else {
        ui.pending.push(Command::Home);
        return Ok(());
    };
    let tr = ui.tr.clone();
    let mut root = root_ui(ctx);
    let mut cmds = Vec::new();
    let station = station_status(&play, &exam);
    egui::Panel::top("play-top").show(&mut root, |u| {
        u.horizontal(|u| {
            let (day, date) = play.day();
            if u.button(format!("← {}", tr.t("quit-button"))).clicked() {
                play.quitting = true;
            }
            u.heading(ui::text(&play.case().scenario.title.value, &tr));
            u.label(format!(
                "  {} {}",
                tr.f("day", &[("n", &day)]),
                date.unwrap_or_default()
            ));
            if let Some(left) = station.as_ref().and_then(|s| s.time_left_s) {
                let time = format!("{}:{:02}", left / 60, left % 60);
                let t = tr.f("exam-time-left", &[("time", &time)]);
                if left < 300 {
                    u.colored_label(super::style::ERROR, t);
                } else {
                    u.label(t);
                }
            }
            u.with_layout(egui::Layout::right_to_left(egui::Align::Center), |u| {
                cmds.extend(ui::language_switch(u, &tr));
                let badge = if station.is_some() {
                    ui::who::Badge::Station
                } else {
                    ui::who::Badge::Mode(play.mode())
                };
                ui::who::badge(u, &tr, badge);
            });
        });
        if let Some(s) = &station {
            for n in &s.notes {
                u.colored_label(super::style::WARN, tr.f("exam-note", &[("text", n)]));
            }
            if s.ended {
                u.horizontal(|u| {
                    u.colored_label(super::style::ERROR, tr.t("exam-ended"));
                    if u.button(tr.t("exam-back")).clicked() {
                        cmds.push(Command::OpenExam);
                    }
                });
            }
            if play.error.is_some() && u.button(tr.t("exam-reconnect")).clicked() {
                cmds.push(Command::ExamContinue);
            }
        }
    });
    if let Some(a) = authoring.as_mut() {
        egui::Panel::top("authoring").show(&mut root, |u| ui::authoring::strip(u, &tr, a));
        ui::authoring::graph_window(ctx, &tr, a);
    }
    // Fixed panel sizes for the window: nothing moves as the case goes on, except once, when
    // the investigation is over and the story and form take the room the plan no longer needs.
    let view = ctx.viewport_rect();
    let panels = super::site::panels(
        view.width(),
        view.height(),
        super::site::investigating(&play),
    );
    egui::Panel::left("case-file")
        .exact_size(panels.file_w)
        .resizable(false)
        .show(&mut root, |u| {
            ui::play::case_file(u, &tr, &play);
        });
    egui::Panel::bottom("scene")
        .exact_size(panels.scene_h)
        .resizable(false)
        .show(&mut root, |u| {
            cmds.extend(ui::play::scene(u, &tr, &mut play));
        });
    // What is left in the middle is the site view, drawn by Bevy; labels and hotspots by egui.
    let rect = root.available_rect_before_wrap();
    area.rect = Some(Rect::new(rect.min.x, rect.min.y, rect.max.x, rect.max.y));
    area.to_window = ctx.pixels_per_point() / window.scale_factor();
    area.type_scale = super::style::window_scale(view.width(), view.height());
    cmds.extend(super::site::overlay(ctx, rect, &play, &tr));
    ui.pending.extend(cmds);
    Ok(())
}

/// What the station pushed about the attempt being played there.
struct StationStatus {
    time_left_s: Option<u64>,
    notes: Vec<String>,
    /// The station no longer runs this attempt (time, or the instructor, ended it).
    ended: bool,
}

fn station_status(play: &Play, exam: &Exam) -> Option<StationStatus> {
    let Driver::Station(r) = &play.driver else {
        return None;
    };
    let pulse = exam.pulse.as_ref().and_then(|f| f.latest().value);
    Some(match pulse {
        Some(p) => StationStatus {
            ended: !play.finished() && p.active.as_deref() != Some(r.view.scenario.as_str()),
            time_left_s: p.time_left_s,
            notes: p.notes,
        },
        None => StationStatus {
            time_left_s: r.view.time_left_s,
            notes: r.view.notes.clone(),
            ended: false,
        },
    })
}

fn debrief(
    mut contexts: EguiContexts,
    mut ui: ResMut<UiState>,
    play: Option<Res<Play>>,
    settings: Res<Settings>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let tr = ui.tr.clone();
    let Some(d) = play.as_ref().and_then(|p| p.debrief()) else {
        // A station that keeps the debrief until review: the attempt is in.
        if play.as_ref().is_some_and(|p| p.finished()) {
            let cmd = egui::CentralPanel::default()
                .show(&mut root, |u| {
                    u.heading(tr.t("exam-heading"));
                    u.separator();
                    u.label(tr.t("exam-submitted"));
                    u.button(tr.t("exam-back"))
                        .clicked()
                        .then_some(Command::OpenExam)
                })
                .inner;
            ui.pending.extend(cmd);
        } else {
            ui.pending.push(Command::Home);
        }
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
            let mode = play.as_ref().map_or(settings.mode, |p| p.mode());
            ui::debrief::panel(u, &tr, &d, mode, ending.as_ref(), path.as_deref())
        })
        .inner;
    ui.pending.extend(cmd);
    Ok(())
}

fn exam(
    mut contexts: EguiContexts,
    mut ui: ResMut<UiState>,
    mut settings: ResMut<Settings>,
    exam: Res<Exam>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let tr = ui.tr.clone();
    let cmd = egui::CentralPanel::default()
        .show(&mut root, |u| ui::exam::panel(u, &tr, &mut settings, &exam))
        .inner;
    ui.pending.extend(cmd);
    Ok(())
}

fn desk(
    mut contexts: EguiContexts,
    mut ui: ResMut<UiState>,
    mut desk: ResMut<Desk>,
    catalog: Res<Catalog>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let tr = ui.tr.clone();
    let cmd = egui::CentralPanel::default()
        .show(&mut root, |u| ui::desk::panel(u, &tr, &mut desk, &catalog))
        .inner;
    ui.pending.extend(cmd);
    Ok(())
}

fn review(
    mut contexts: EguiContexts,
    mut ui: ResMut<UiState>,
    mut desk: ResMut<ReviewDesk>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let tr = ui.tr.clone();
    let cmd = egui::CentralPanel::default()
        .show(&mut root, |u| ui::review::panel(u, &tr, &mut desk))
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
    (mut exam, mut desk, mut review): (ResMut<Exam>, ResMut<Desk>, ResMut<ReviewDesk>),
    mut authoring: Option<ResMut<Authoring>>,
) {
    let pending = std::mem::take(&mut ui.pending);
    let mut play = play;
    for cmd in pending {
        let at_station = play
            .as_ref()
            .is_some_and(|p| matches!(p.driver, Driver::Station(_)));
        match cmd {
            Command::OpenExam => open_exam(&mut exam, &settings, &ui.tr, &mut next),
            Command::ExamJoin => {
                let _ = settings.save(&dirs.data);
                match super::station::join(
                    &settings.station,
                    &settings.join_code,
                    &settings.trainee,
                    &dirs.data,
                ) {
                    Ok((token, a)) => {
                        exam.token = Some(token);
                        exam.assignment = Some(a);
                        exam.error = None;
                    }
                    Err(e) => {
                        exam.token = None;
                        exam.assignment = None;
                        exam.error = Some(e.show(&ui.tr));
                    }
                }
            }
            Command::ExamStart(id) => {
                let Some(token) = exam.token.clone() else {
                    continue;
                };
                let addr = settings.station.trim().to_string();
                match super::station::start(&addr, &token, &id, &catalog.cases) {
                    Ok(p) => {
                        catalog.selected = catalog
                            .cases
                            .iter()
                            .position(|c| c.case.scenario.id.value == id);
                        exam.pulse = Some(Feed::follow(&addr, "/api/live", &token, "pulse"));
                        exam.error = None;
                        commands.insert_resource(p);
                        next.set(Screen::Play);
                    }
                    Err(e) => exam.error = Some(e.show(&ui.tr)),
                }
            }
            Command::ExamContinue => {
                let Some(token) = exam.token.clone() else {
                    next.set(Screen::Exam);
                    continue;
                };
                let addr = settings.station.trim().to_string();
                match super::station::resume(&addr, &token, &catalog.cases) {
                    Ok(Some(p)) => {
                        let id = p.case().scenario.id.value.clone();
                        catalog.selected = catalog
                            .cases
                            .iter()
                            .position(|c| c.case.scenario.id.value == id);
                        exam.pulse = Some(Feed::follow(&addr, "/api/live", &token, "pulse"));
                        exam.error = None;
                        commands.insert_resource(p);
                        next.set(Screen::Play);
                    }
                    Ok(None) => open_exam(&mut exam, &settings, &ui.tr, &mut next),
                    Err(e) => {
                        if let Some(p) = play.as_mut() {
                            p.error = Some(e.show(&ui.tr));
                        } else {
                            exam.error = Some(e.show(&ui.tr));
                        }
                    }
                }
            }
            Command::OpenReview => {
                next.set(Screen::Review);
                review_done(&mut review, |r| r.refresh(&dirs.data));
            }
            Command::ReviewRefresh => review_done(&mut review, |r| r.refresh(&dirs.data)),
            Command::ReviewOpen(sha) => review_done(&mut review, |r| r.open(&dirs.data, &sha)),
            Command::ReviewClose => {
                review.open = None;
                review_done(&mut review, |r| r.refresh(&dirs.data));
            }
            Command::ReviewDecide(d) => {
                let tr = ui.tr.clone();
                let mut word = String::new();
                review_done(&mut review, |r| {
                    r.decide(&dirs.data, d).map(|x| {
                        word = tr.t(match x.decision {
                            crate::register::review::Decision::Approved => "review-approved",
                            crate::register::review::Decision::Rejected => "review-rejected",
                            crate::register::review::Decision::Referred => "review-referred",
                        });
                    })
                });
                if review.error.is_none() {
                    review.info = Some(tr.f("review-signed", &[("decision", &word)]));
                }
            }
            Command::OpenDesk => {
                if desk.addr.is_empty() {
                    desk.addr = settings.station.clone();
                }
                next.set(Screen::Desk);
            }
            Command::DeskConnect => {
                let (addr, token) = (desk.addr.trim().to_string(), desk.token.trim().to_string());
                desk.info = None;
                match super::station::check_desk(&desk) {
                    Ok(_) => {
                        desk.error = None;
                        desk.feed = Some(Feed::follow(
                            &addr,
                            "/api/instructor/live",
                            &token,
                            "overview",
                        ));
                    }
                    Err(e) => {
                        desk.feed = None;
                        desk.error = Some(e.show(&ui.tr));
                    }
                }
            }
            Command::DeskExtend(who) => {
                let body = serde_json::json!({"trainee": who, "minutes": desk.minutes});
                let r = super::station::instruct(&desk, "extend", body);
                let what = format!("{who} +{}", desk.minutes);
                desk_done(&mut desk, r, &ui.tr, &what);
            }
            Command::DeskEnd(who) => {
                let r = super::station::instruct(&desk, "end", serde_json::json!({"trainee": who}));
                desk_done(&mut desk, r, &ui.tr, &who);
            }
            Command::DeskNote(who) => {
                let text = desk.drafts.get(&who).cloned().unwrap_or_default();
                let body = serde_json::json!({"trainee": who, "text": text});
                let r = super::station::instruct(&desk, "note", body);
                if r.is_ok() {
                    desk.drafts.remove(&who);
                }
                desk_done(&mut desk, r, &ui.tr, &who);
            }
            Command::PlayAgain if at_station => open_exam(&mut exam, &settings, &ui.tr, &mut next),
            Command::Identify { trainee, mode } => {
                ui.identified = true;
                settings.trainee = trainee;
                settings.mode = mode;
                ui.who.clear();
                let _ = settings.save(&dirs.data);
                catalog.scan(&dirs.data);
                next.set(Screen::Home);
            }
            Command::SwitchTrainee => {
                ui.who.clear();
                next.set(Screen::Who);
            }
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
            Command::Choose(id) => {
                let i = Input::Choose { id };
                if input(&mut play, i.clone(), &ui.tr, &mut next) {
                    authoring.iter_mut().for_each(|a| a.inputs.push(i.clone()));
                }
            }
            Command::Decide(d) => {
                let i = Input::Decide(d);
                if input(&mut play, i.clone(), &ui.tr, &mut next) {
                    authoring.iter_mut().for_each(|a| a.inputs.push(i.clone()));
                }
            }
            Command::PlayAgain if authoring.is_some() => {
                // Authoring: the same case from the start, as the file now stands.
                if let Some(a) = authoring.as_mut() {
                    a.inputs.clear();
                    if let Some(p) = a.reload(&dirs.data) {
                        commands.insert_resource(p);
                    }
                }
                next.set(Screen::Play);
            }
            Command::PlayAgain => {
                if let Err(e) = start_case(&mut commands, &catalog, &settings, &dirs, None) {
                    catalog.error = Some(e);
                    next.set(Screen::Home);
                } else {
                    next.set(Screen::Play);
                }
            }
            Command::Abandon if at_station => {
                // The station keeps the attempt (and its clock): back to the assessment screen.
                commands.remove_resource::<Play>();
                open_exam(&mut exam, &settings, &ui.tr, &mut next);
            }
            Command::Abandon => {
                if let Some(Driver::Local(r)) = play.as_mut().map(|p| &mut p.driver) {
                    if let Err(e) = r.abandon() {
                        catalog.error = Some(ui.tr.f("error-log", &[("error", &e)]));
                    }
                }
                commands.remove_resource::<Play>();
                catalog.scan(&dirs.data);
                next.set(Screen::Home);
            }
            Command::Home => {
                exam.pulse = None;
                catalog.scan(&dirs.data);
                // Nobody has said who is playing yet (the desks and the station are reachable
                // before): ask now.
                next.set(if ui.identified {
                    Screen::Home
                } else {
                    Screen::Who
                });
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

/// The assessment screen, with the plan's cases as the station has them now.
fn open_exam(exam: &mut Exam, settings: &Settings, tr: &Tr, next: &mut NextState<Screen>) {
    exam.pulse = None;
    exam.error = None;
    if let Some(t) = exam.token.clone() {
        match super::station::assignment(settings.station.trim(), &t) {
            Ok(a) => exam.assignment = Some(a),
            Err(e) => exam.error = Some(e.show(tr)),
        }
    }
    next.set(Screen::Exam);
}

/// Run a reviewer's-desk action: its error, if any, shows on the desk.
fn review_done(
    review: &mut ReviewDesk,
    action: impl FnOnce(&mut ReviewDesk) -> Result<(), String>,
) {
    review.info = None;
    review.error = action(review).err();
}

fn desk_done(desk: &mut Desk, r: Result<(), super::model::Failure>, tr: &Tr, what: &str) {
    match r {
        Ok(()) => {
            desk.error = None;
            desk.info = Some(tr.f("desk-done", &[("what", &what)]));
        }
        Err(e) => desk.error = Some(e.show(tr)),
    }
}

/// Apply an input to the play; whether it was accepted.
fn input(
    play: &mut Option<ResMut<Play>>,
    input: Input,
    tr: &Tr,
    next: &mut NextState<Screen>,
) -> bool {
    let Some(p) = play.as_mut() else {
        return false;
    };
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
            return true;
        }
        Err(PlayError::Rejected(e)) => p.error = Some(e.message(tr.lang)),
        Err(PlayError::Station(e)) => p.error = Some(e.show(tr)),
        Err(PlayError::Io(e)) => p.error = Some(tr.f("error-log", &[("error", &e)])),
    }
    false
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
            .init_resource::<Exam>()
            .init_resource::<Desk>()
            .init_resource::<ReviewDesk>()
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
        // A launch asks who is playing first, and home cannot be reached round it.
        assert_eq!(screen(&app), Screen::Who);
        send(&mut app, Command::OpenReview);
        send(&mut app, Command::Home);
        assert_eq!(screen(&app), Screen::Who);
        send(
            &mut app,
            Command::Identify {
                trainee: "t01".into(),
                mode: crate::runtime::Mode::Practice,
            },
        );
        assert_eq!(screen(&app), Screen::Home);
        assert_eq!(Settings::load(&data).trainee, "t01");
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
        send(&mut app, Command::Choose("show_credentials".into()));
        // Leaving the case: logged as abandoned, listed to resume, and resumed where it was.
        send(&mut app, Command::Abandon);
        assert_eq!(screen(&app), Screen::Home);
        let left = app.world().resource::<Catalog>().unfinished.clone();
        assert_eq!(left.len(), 1);
        assert!(left[0].abandoned && left[0].inputs == 1, "{left:?}");
        let text = std::fs::read_to_string(&left[0].path).unwrap();
        assert!(text
            .lines()
            .last()
            .unwrap()
            .contains("\"record\":\"abandoned\""));
        send(&mut app, Command::Resume(left[0].path.clone()));
        assert_eq!(screen(&app), Screen::Play);
        for id in [
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

        // The reviewer's desk reads it from a register: listed, opened, but a practice session
        // played here is never certifiable, so it cannot be signed off.
        let db = data.join("register.sqlite");
        {
            let reg = crate::register::Register::open(db.to_str().unwrap()).unwrap();
            let r = crate::register::import::import(
                &reg,
                std::slice::from_ref(&log),
                &[std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios")],
                &Default::default(),
                &|_, _| {},
            )
            .unwrap();
            assert_eq!(r.new, 1);
        }
        app.world_mut().resource_mut::<ReviewDesk>().db = db.display().to_string();
        send(&mut app, Command::OpenReview);
        assert_eq!(screen(&app), Screen::Review);
        let desk = app.world().resource::<ReviewDesk>();
        assert_eq!(desk.error, None);
        assert!(desk.rows.is_empty(), "nothing awaits review");
        app.world_mut().resource_mut::<ReviewDesk>().show = crate::app::review::Show::All;
        send(&mut app, Command::ReviewRefresh);
        let sha = app.world().resource::<ReviewDesk>().rows[0]
            .log_sha256
            .clone();
        send(&mut app, Command::ReviewOpen(sha));
        let desk = app.world().resource::<ReviewDesk>();
        assert!(desk
            .open
            .as_ref()
            .is_some_and(|o| !o.replay.steps.is_empty()));
        send(
            &mut app,
            Command::ReviewDecide(crate::register::review::Decision::Approved),
        );
        let e = app.world().resource::<ReviewDesk>().error.clone().unwrap();
        assert!(e.contains("reviewer key"), "{e}");
        send(&mut app, Command::ReviewClose);
        assert!(app.world().resource::<ReviewDesk>().open.is_none());
        send(&mut app, Command::Home);
        assert_eq!(screen(&app), Screen::Home);
    }

    /// Authoring mode through a real file change: the saved file is read again and the inputs
    /// replayed on it; a broken save keeps the last good version and shows its diagnostics.
    #[test]
    fn authoring_reloads_a_saved_file_and_replays_the_inputs() {
        let dir = std::env::temp_dir().join(format!("cailiang-author-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let original = std::fs::read_to_string(root.join("tests/fixtures/minimal.ron")).unwrap();
        let file = dir.join("case.ron");
        std::fs::write(&file, &original).unwrap();
        let data = dir.join("data");
        let standards = Some(root.join("scenarios/standards"));
        let (a, play) = Authoring::open(&file, standards, 1, &data).unwrap();
        let mut app = app(&data);
        app.insert_resource(a)
            .insert_resource(play)
            .add_systems(Update, authoring_watch);
        send(&mut app, Command::Choose("look".into()));
        assert_eq!(app.world().resource::<Authoring>().inputs.len(), 1);
        let wait = |app: &mut App, what: &str, done: &dyn Fn(&App) -> bool| {
            let t = std::time::Instant::now();
            while !done(app) {
                assert!(t.elapsed().as_secs() < 20, "{what}: nothing after a save");
                std::thread::sleep(std::time::Duration::from_millis(50));
                app.update();
            }
        };
        let shows = |app: &App, text: &str| {
            app.world().resource::<Play>().events.iter().any(|e| {
                matches!(e, crate::runtime::Event::Scene { text: t, .. } if t.zh.as_deref() == Some(text))
            })
        };
        std::fs::write(
            &file,
            original.replace("水果没有标价。", "水果仍然没有标价。"),
        )
        .unwrap();
        wait(&mut app, "the new text", &|app| {
            shows(app, "水果仍然没有标价。")
        });
        let texts: Vec<String> = app
            .world()
            .resource::<Play>()
            .events
            .iter()
            .filter_map(|e| match e {
                crate::runtime::Event::Scene { text, .. } => text.zh.clone(),
                crate::runtime::Event::Chosen { id, .. } => Some(format!("> {id}")),
                _ => None,
            })
            .collect();
        assert!(
            texts.contains(&"水果仍然没有标价。".to_string()),
            "{texts:?}"
        );
        assert!(
            texts.contains(&"> look".to_string()),
            "the input is replayed: {texts:?}"
        );
        assert!(app.world().resource::<Authoring>().error.is_none());
        // A save with a mistake: its diagnostics, file:line:col; the last good version plays on.
        std::fs::write(
            &file,
            original.replace(r#"goto: "decide""#, r#"goto: "decid""#),
        )
        .unwrap();
        wait(&mut app, "the diagnostics", &|app| {
            app.world().resource::<Authoring>().error.is_some()
        });
        let a = app.world().resource::<Authoring>();
        let e = a.error.clone().unwrap_or_default();
        assert!(e.contains("error[E0011]") && e.contains("case.ron:"), "{e}");
        assert!(e.contains("did you mean `decide`?"), "{e}");
        assert_eq!(a.inputs.len(), 1);
        assert!(!app.world().resource::<Play>().events.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A station served in this process on a real socket, stopped on drop.
    #[cfg(feature = "station")]
    struct Served {
        addr: String,
        station: std::sync::Arc<crate::station::core::Station>,
        stop: Option<tokio::sync::oneshot::Sender<()>>,
        thread: Option<std::thread::JoinHandle<()>>,
    }

    #[cfg(feature = "station")]
    impl Drop for Served {
        fn drop(&mut self) {
            let _ = self.stop.take().map(|s| s.send(()));
            let _ = self.thread.take().map(|t| t.join());
        }
    }

    #[cfg(feature = "station")]
    fn serve(data: &std::path::Path) -> Served {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let content = root.join("scenarios");
        let lib = crate::content::load_with_standards(
            &[content.join("plans/plan_workshop_intro.ron")],
            Some(&content.join("standards")),
        );
        let (_, plan) = lib.plans.into_iter().next().unwrap();
        let station = std::sync::Arc::new(
            crate::station::core::Station::open(plan, &content, data, None).unwrap(),
        );
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let s = station.clone();
        let thread = std::thread::spawn(move || {
            crate::station::http::serve_listener(s, listener, async {
                let _ = stopped.await;
            })
            .unwrap();
        });
        Served {
            addr,
            station,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// Update the app until `done` holds (pushed updates arrive on other threads), at most 5 s.
    #[cfg(feature = "station")]
    fn until(app: &mut App, what: &str, done: impl Fn(&App) -> bool) -> std::time::Duration {
        let t = std::time::Instant::now();
        while !done(app) {
            assert!(t.elapsed().as_secs() < 5, "waited 5 s for {what}");
            std::thread::sleep(std::time::Duration::from_millis(20));
            app.update();
        }
        t.elapsed()
    }

    #[cfg(feature = "station")]
    #[test]
    fn a_trainee_sits_an_assessment_at_a_station_while_the_desk_watches() {
        let base = std::env::temp_dir().join(format!("cailiang-screens-st-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let served = serve(&base.join("station"));
        let data = base.join("trainee");
        let mut app = app(&data);
        {
            let mut s = app.world_mut().resource_mut::<Settings>();
            s.station = served.addr.clone();
            s.join_code = served.station.code();
            s.trainee = "t01".into();
        }
        app.update();
        send(&mut app, Command::OpenExam);
        assert_eq!(screen(&app), Screen::Exam);
        // A wrong join code is refused in the trainee's language.
        app.world_mut().resource_mut::<Settings>().join_code = "000000x".into();
        send(&mut app, Command::ExamJoin);
        assert_eq!(
            app.world().resource::<Exam>().error.as_deref(),
            Some("加入码不正确。")
        );
        app.world_mut().resource_mut::<Settings>().join_code = served.station.code();
        send(&mut app, Command::ExamJoin);
        let a = app.world().resource::<Exam>().assignment.clone();
        let a = a.unwrap_or_else(|| panic!("{:?}", app.world().resource::<Exam>().error));
        assert_eq!(a.cases.len(), 3);
        assert_eq!(a.trainee.id, "t01");
        send(&mut app, Command::ExamStart("food.expired_yogurt".into()));
        assert_eq!(screen(&app), Screen::Play);
        assert!(matches!(
            app.world().resource::<Play>().driver,
            Driver::Station(_)
        ));
        assert_eq!(
            app.world().resource::<Play>().mode(),
            crate::runtime::Mode::Assessment
        );

        // The instructor's desk, in the same app for the test: the trainee appears live.
        {
            let mut d = app.world_mut().resource_mut::<Desk>();
            d.addr = served.addr.clone();
            d.token = served.station.instructor_token();
        }
        send(&mut app, Command::OpenDesk);
        assert_eq!(screen(&app), Screen::Desk);
        let token = std::mem::replace(
            &mut app.world_mut().resource_mut::<Desk>().token,
            "not-the-token".into(),
        );
        send(&mut app, Command::DeskConnect);
        assert_eq!(
            app.world().resource::<Desk>().error.as_deref(),
            Some("教员口令不正确。")
        );
        app.world_mut().resource_mut::<Desk>().token = token;
        send(&mut app, Command::DeskConnect);
        assert_eq!(app.world().resource::<Desk>().error, None);
        let row = |app: &App, f: &dyn Fn(&crate::station::wire::Row) -> bool| {
            app.world()
                .resource::<Desk>()
                .feed
                .as_ref()
                .and_then(|f| f.latest().value)
                .is_some_and(|rows| rows.iter().any(|r| r.trainee.id == "t01" && f(r)))
        };
        until(&mut app, "the trainee on the desk", |a| {
            row(a, &|r| r.scenario.as_deref() == Some("food.expired_yogurt"))
        });
        for id in ["show_credentials", "count_goods", "check_invoices"] {
            send(&mut app, Command::Choose(id.into()));
        }
        assert_eq!(app.world().resource::<Play>().error, None);
        // A note from the desk reaches the trainee's screen within a second.
        app.world_mut()
            .resource_mut::<Desk>()
            .drafts
            .insert("t01".into(), "注意核对进货票据".into());
        send(&mut app, Command::DeskNote("t01".into()));
        assert_eq!(app.world().resource::<Desk>().error, None);
        let waited = until(&mut app, "the note in the trainee's pulse", |a| {
            a.world()
                .resource::<Exam>()
                .pulse
                .as_ref()
                .and_then(|f| f.latest().value)
                .is_some_and(|p| p.notes.iter().any(|n| n == "注意核对进货票据"))
        });
        assert!(waited.as_millis() < 1000, "{waited:?}");

        // Another machine cannot join as the same trainee.
        let mut other = self::app(&base.join("other"));
        {
            let mut s = other.world_mut().resource_mut::<Settings>();
            s.station = served.addr.clone();
            s.join_code = served.station.code();
            s.trainee = "t01".into();
        }
        send(&mut other, Command::ExamJoin);
        assert!(
            other
                .world()
                .resource::<Exam>()
                .error
                .as_deref()
                .is_some_and(|e| e.starts_with("这个学员编号已经在另一台设备上加入")),
            "{:?}",
            other.world().resource::<Exam>().error
        );
        drop(other);

        // The app is closed and opened again: it carries on from the station's state.
        let shown = app.world().resource::<Play>().events.len();
        drop(app);
        let mut app = self::app(&data);
        {
            let mut s = app.world_mut().resource_mut::<Settings>();
            s.station = served.addr.clone();
            s.join_code = served.station.code();
            s.trainee = "t01".into();
        }
        app.update();
        send(&mut app, Command::OpenExam);
        send(&mut app, Command::ExamJoin);
        let a = app.world().resource::<Exam>().assignment.clone().unwrap();
        assert_eq!(a.active.as_deref(), Some("food.expired_yogurt"));
        send(&mut app, Command::ExamContinue);
        assert_eq!(screen(&app), Screen::Play);
        assert_eq!(app.world().resource::<Play>().events.len(), shown);
        for id in ["check_record", "order_removal", "go_decide"] {
            send(&mut app, Command::Choose(id.into()));
        }
        send(
            &mut app,
            Command::Decide(crate::runtime::DecisionInput {
                measures: vec![
                    crate::measures::Measure::NoPenalty,
                    crate::measures::Measure::Education,
                    crate::measures::Measure::OrderToRectify,
                    crate::measures::Measure::SupervisedDestruction,
                ],
                ..Default::default()
            }),
        );
        assert_eq!(screen(&app), Screen::Debrief);
        let play = app.world().resource::<Play>();
        // The station drew the seed, so the facts (and whether this script passes) vary.
        let d = play.debrief().expect("the plan shows the debrief at once");
        assert!(play.log_path().is_none(), "the log is the station's");
        assert!(
            !data.join("sessions").exists(),
            "no session log on the trainee's machine"
        );
        send(&mut app, Command::PlayAgain);
        assert_eq!(
            screen(&app),
            Screen::Exam,
            "another attempt goes through the plan"
        );
        let a = app.world().resource::<Exam>().assignment.clone().unwrap();
        let c = a
            .cases
            .iter()
            .find(|c| c.scenario == "food.expired_yogurt")
            .unwrap();
        assert_eq!(c.result, Some((d.total, d.passed)));

        // The station's log certifies under its key.
        let logs = crate::log::verify::logs_in(&[base.join("station/sessions")]);
        assert_eq!(logs.len(), 1);
        let log = std::fs::read_to_string(&logs[0]).unwrap();
        assert!(log.contains("注意核对进货票据"), "the note is in the log");
        let trust =
            crate::log::sign::Trust::read(&[base.join("station/station/station.pub")]).unwrap();
        let index = crate::log::verify::content_index(&[base.join("station/station/archive")]);
        let verdict = crate::log::verify::verify(&logs[0], &index);
        let sig = crate::log::verify::signatures(&logs[0], &trust);
        let (ok, why) = crate::log::verify::certifiable(&logs[0], &verdict, &sig);
        assert!(ok, "{why:?}");
    }
}
