//! Home (案例库): trainee id, mode, the case library with past results, unfinished sessions;
//! the ways to an assessment at a station (考核) and to the instructor's desk (教员台).

use super::{language_switch, text, Command};
use crate::app::i18n::Tr;
use crate::app::model::Catalog;
use crate::app::settings::Settings;
use crate::runtime::Mode;
use bevy_egui::egui;

pub fn panel(
    ui: &mut egui::Ui,
    tr: &Tr,
    catalog: &Catalog,
    settings: &mut Settings,
) -> Option<Command> {
    let mut out = None;
    ui.horizontal(|ui| {
        ui.heading(tr.t("app-title"));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(tr.t("home-settings")).clicked() {
                out = Some(Command::OpenSettings);
            }
            if ui.button(tr.t("home-review")).clicked() {
                out = Some(Command::OpenReview);
            }
            if ui.button(tr.t("home-desk")).clicked() {
                out = Some(Command::OpenDesk);
            }
            if ui.button(tr.t("home-exam")).clicked() {
                out = Some(Command::OpenExam);
            }
            if let Some(c) = language_switch(ui, tr) {
                out = Some(c);
            }
        });
    });
    ui.separator();
    ui.horizontal(|ui| {
        ui.label(tr.t("home-trainee"));
        if ui.text_edit_singleline(&mut settings.trainee).lost_focus() {
            out = Some(Command::SettingsChanged);
        }
        ui.add_space(20.0);
        ui.label(tr.t("home-mode"));
        for (mode, key) in [
            (Mode::Practice, "mode-practice"),
            (Mode::Assessment, "mode-assessment"),
        ] {
            if ui.radio(settings.mode == mode, tr.t(key)).clicked() {
                settings.mode = mode;
                out = Some(Command::SettingsChanged);
            }
        }
    });
    if let Some(e) = &catalog.error {
        ui.colored_label(egui::Color32::RED, format!("{} {e}", tr.t("error-content")));
    }
    if !catalog.unfinished.is_empty() {
        ui.add_space(8.0);
        ui.strong(tr.t("home-resume-heading"));
        for u in &catalog.unfinished {
            ui.horizontal(|ui| {
                ui.label(format!(
                    "{} · {} · {} · {}",
                    u.scenario,
                    u.trainee,
                    u.started.chars().take(16).collect::<String>(),
                    u.inputs
                ));
                if ui.button(tr.t("home-resume")).clicked() {
                    out = Some(Command::Resume(u.path.clone()));
                }
            });
        }
    }
    ui.add_space(8.0);
    ui.strong(tr.t("home-heading"));
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("cases")
            .striped(true)
            .num_columns(5)
            .show(ui, |ui| {
                for key in [
                    "col-case",
                    "col-sector",
                    "col-level",
                    "col-minutes",
                    "col-best",
                ] {
                    ui.strong(tr.t(key));
                }
                ui.end_row();
                for (i, l) in catalog.cases.iter().enumerate() {
                    let s = &l.case.scenario;
                    let selected = catalog.selected == Some(i);
                    let objectives: Vec<String> = s
                        .objectives
                        .iter()
                        .map(|o| format!("• {}", text(&o.value, tr)))
                        .collect();
                    let title = ui.selectable_label(selected, text(&s.title.value, tr));
                    let title = if objectives.is_empty() {
                        title
                    } else {
                        title.on_hover_text(objectives.join("\n"))
                    };
                    if title.clicked() {
                        out = Some(Command::Select(i));
                    }
                    ui.label(if tr.lang == crate::text::Lang::Zh {
                        s.sector.zh().to_string()
                    } else {
                        format!("{:?}", s.sector)
                    });
                    ui.label(tr.t(&format!("level-{:?}", s.difficulty)));
                    ui.label(tr.f("minutes", &[("n", &s.minutes)]));
                    match catalog.best(&s.id.value, &settings.trainee) {
                        Some(b) => ui.label(format!("{b:.1}")),
                        None => ui.label("—"),
                    };
                    ui.end_row();
                }
            });
        if catalog.results.is_empty() {
            ui.add_space(6.0);
            ui.weak(tr.t("home-no-results"));
        }
    });
    out
}
