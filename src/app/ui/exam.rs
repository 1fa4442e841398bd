//! 考核: join a workshop station (address, join code, trainee id), then the plan's cases with
//! attempts and results; start one, or carry on with the attempt in progress.

use super::{language_switch, text, Command};
use crate::app::i18n::Tr;
use crate::app::settings::Settings;
use crate::app::station::Exam;
use bevy_egui::egui;

pub fn panel(ui: &mut egui::Ui, tr: &Tr, settings: &mut Settings, exam: &Exam) -> Option<Command> {
    let mut out = None;
    ui.horizontal(|ui| {
        if ui.button(format!("← {}", tr.t("back"))).clicked() {
            out = Some(Command::Home);
        }
        ui.heading(tr.t("exam-heading"));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(c) = language_switch(ui, tr) {
                out = Some(c);
            }
            super::who::badge(ui, tr, super::who::Badge::Station);
        });
    });
    ui.separator();
    ui.weak(tr.t("exam-intro"));
    ui.add_space(6.0);
    egui::Grid::new("exam-join").num_columns(2).show(ui, |ui| {
        ui.label(tr.t("exam-station"));
        ui.add(egui::TextEdit::singleline(&mut settings.station).hint_text("192.168.1.10:7878"));
        ui.end_row();
        ui.label(tr.t("exam-code"));
        ui.text_edit_singleline(&mut settings.join_code);
        ui.end_row();
        ui.label(tr.t("home-trainee"));
        ui.text_edit_singleline(&mut settings.trainee);
        ui.end_row();
    });
    if ui.button(tr.t("exam-join")).clicked() {
        out = Some(Command::ExamJoin);
    }
    if let Some(e) = &exam.error {
        ui.colored_label(egui::Color32::RED, e);
    }
    let Some(a) = &exam.assignment else {
        return out;
    };
    ui.add_space(10.0);
    ui.strong(format!("{} · {}", tr.t("exam-plan"), text(&a.title, tr)));
    let who = [a.trainee.name.as_str(), a.trainee.unit.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ");
    ui.label(format!("{} {}  {who}", tr.t("home-trainee"), a.trainee.id));
    if a.active.is_some() {
        ui.horizontal(|ui| {
            ui.colored_label(
                egui::Color32::from_rgb(190, 90, 40),
                tr.t("exam-in-progress"),
            );
            if ui.button(tr.t("exam-continue")).clicked() {
                out = Some(Command::ExamContinue);
            }
        });
    }
    ui.add_space(6.0);
    egui::Grid::new("exam-cases")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for key in ["col-case", "exam-attempts", "exam-result", ""] {
                ui.strong(if key.is_empty() {
                    String::new()
                } else {
                    tr.t(key)
                });
            }
            ui.end_row();
            for c in &a.cases {
                let title = text(&c.title, tr);
                if c.required {
                    ui.label(format!("{title} *"));
                } else {
                    ui.label(title);
                }
                ui.label(format!("{} / {}", c.attempts_used, c.attempts));
                match c.result {
                    Some((total, passed)) => ui.label(format!(
                        "{total:.1} {}",
                        tr.t(if passed {
                            "debrief-passed"
                        } else {
                            "debrief-failed"
                        })
                    )),
                    None => ui.label("—"),
                };
                let free = a.active.is_none() && c.attempts_used < c.attempts;
                if ui
                    .add_enabled(free, egui::Button::new(tr.t("exam-start")))
                    .clicked()
                {
                    out = Some(Command::ExamStart(c.scenario.clone()));
                }
                ui.end_row();
            }
        });
    ui.weak(tr.t("exam-required"));
    out
}
