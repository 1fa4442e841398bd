//! 教员台, the instructor's live view: every enrolled trainee with case, scene, elapsed and
//! remaining time, decisions taken and results, pushed by the station; more time, end an
//! attempt, or flag the moment with a note that goes into the trainee's log and view.

use super::{language_switch, text, Command};
use crate::app::i18n::Tr;
use crate::app::model::Catalog;
use crate::app::station::Desk;
use crate::station::wire::Row;
use bevy_egui::egui;

fn clock(s: u64) -> String {
    format!("{}:{:02}", s / 60, s % 60)
}

/// The case's title and a few words of the scene, as this machine's content has them.
fn place(row: &Row, catalog: &Catalog, tr: &Tr) -> (String, String, String) {
    let Some(id) = &row.scenario else {
        return ("—".into(), "—".into(), String::new());
    };
    let case = catalog
        .cases
        .iter()
        .find(|c| &c.case.scenario.id.value == id);
    let title = case
        .map(|c| text(&c.case.scenario.title.value, tr))
        .unwrap_or_else(|| id.clone());
    let scene = case.and_then(|c| {
        let s = row.scene.as_ref()?;
        c.case.scenario.scenes.iter().find(|x| &x.id.value == s)
    });
    let full = scene.map(|s| text(&s.text.value, tr)).unwrap_or_default();
    let short: String = full.chars().take(18).collect();
    let short = if full.chars().count() > 18 {
        format!("{short}…")
    } else {
        short
    };
    (
        title,
        if short.is_empty() {
            "—".into()
        } else {
            short
        },
        full,
    )
}

pub fn panel(ui: &mut egui::Ui, tr: &Tr, desk: &mut Desk, catalog: &Catalog) -> Option<Command> {
    let live = desk
        .feed
        .as_ref()
        .map(|f| f.latest())
        .map(|l| (l.connected, l.error, l.value.unwrap_or_default()));
    panel_rows(ui, tr, desk, catalog, live)
}

/// The desk with the feed's state given: (connected, why not, rows), `None` before connecting.
pub fn panel_rows(
    ui: &mut egui::Ui,
    tr: &Tr,
    desk: &mut Desk,
    catalog: &Catalog,
    live: Option<(bool, Option<String>, Vec<Row>)>,
) -> Option<Command> {
    let mut out = None;
    ui.horizontal(|ui| {
        if ui.button(format!("← {}", tr.t("back"))).clicked() {
            out = Some(Command::Home);
        }
        ui.heading(tr.t("desk-heading"));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(c) = language_switch(ui, tr) {
                out = Some(c);
            }
            super::who::badge(ui, tr, super::who::Badge::Instructor);
        });
    });
    ui.separator();
    ui.horizontal(|ui| {
        ui.label(tr.t("exam-station"));
        ui.add(egui::TextEdit::singleline(&mut desk.addr).desired_width(160.0));
        ui.label(tr.t("desk-token"));
        ui.add(
            egui::TextEdit::singleline(&mut desk.token)
                .password(true)
                .desired_width(220.0),
        );
        if ui.button(tr.t("desk-connect")).clicked() {
            out = Some(Command::DeskConnect);
        }
    });
    match &live {
        None => {
            ui.weak(tr.t("desk-intro"));
        }
        Some((true, _, _)) => {
            ui.colored_label(egui::Color32::from_rgb(30, 140, 60), tr.t("desk-live"));
        }
        Some((false, error, _)) => {
            let why = error.clone().unwrap_or_default();
            ui.colored_label(
                egui::Color32::from_rgb(190, 90, 40),
                tr.f("desk-reconnecting", &[("error", &why)]),
            );
        }
    }
    if let Some(e) = &desk.error {
        ui.colored_label(egui::Color32::RED, e);
    }
    if let Some(i) = &desk.info {
        ui.label(i);
    }
    let connected = live.is_some();
    let rows = live.map(|l| l.2).unwrap_or_default();
    if connected && rows.is_empty() {
        ui.weak(tr.t("desk-nobody"));
    }
    ui.add_space(6.0);
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("desk-rows")
            .striped(true)
            .num_columns(9)
            .show(ui, |ui| {
                for key in [
                    "home-trainee",
                    "desk-unit",
                    "col-case",
                    "desk-scene",
                    "desk-elapsed",
                    "desk-left",
                    "desk-decisions",
                    "desk-results",
                    "",
                ] {
                    ui.strong(if key.is_empty() {
                        String::new()
                    } else {
                        tr.t(key)
                    });
                }
                ui.end_row();
                for r in &rows {
                    let id = r.trainee.id.clone();
                    if r.trainee.name.is_empty() {
                        ui.label(&id);
                    } else {
                        ui.label(format!("{} {}", id, r.trainee.name));
                    }
                    ui.label(&r.trainee.unit);
                    let (case, scene, full) = place(r, catalog, tr);
                    ui.label(case);
                    let s = ui.label(scene);
                    if !full.is_empty() {
                        s.on_hover_text(full);
                    }
                    ui.label(r.elapsed_s.map(clock).unwrap_or_else(|| "—".into()));
                    match r.time_left_s {
                        Some(s) if s < 300 => {
                            ui.colored_label(egui::Color32::RED, clock(s));
                        }
                        Some(s) => {
                            ui.label(clock(s));
                        }
                        None => {
                            ui.label("—");
                        }
                    }
                    ui.label(r.decisions.to_string());
                    ui.label(tr.f(
                        "desk-passed-of",
                        &[("passed", &r.passed), ("finished", &r.finished)],
                    ));
                    ui.horizontal(|ui| {
                        let live = r.scenario.is_some();
                        if ui
                            .add_enabled(
                                live,
                                egui::Button::new(tr.f("desk-extend", &[("n", &desk.minutes)])),
                            )
                            .clicked()
                        {
                            out = Some(Command::DeskExtend(id.clone()));
                        }
                        if ui
                            .add_enabled(live, egui::Button::new(tr.t("desk-end")))
                            .clicked()
                        {
                            out = Some(Command::DeskEnd(id.clone()));
                        }
                        let draft = desk.drafts.entry(id.clone()).or_default();
                        ui.add_enabled(
                            live,
                            egui::TextEdit::singleline(draft)
                                .hint_text(tr.t("desk-note-hint"))
                                .desired_width(160.0),
                        );
                        if ui
                            .add_enabled(
                                live && !draft.trim().is_empty(),
                                egui::Button::new(tr.t("desk-note")),
                            )
                            .clicked()
                        {
                            out = Some(Command::DeskNote(id.clone()));
                        }
                    });
                    ui.end_row();
                }
            });
    });
    out
}
