//! Settings: interface language, UI scale (the trainee id is asked at each launch, not here).

use super::{language_switch, Command};
use crate::app::i18n::Tr;
use crate::app::settings::Settings;
use bevy_egui::egui;

pub fn panel(ui: &mut egui::Ui, tr: &Tr, settings: &mut Settings) -> Option<Command> {
    let mut out = None;
    ui.horizontal(|ui| {
        if ui.button(format!("← {}", tr.t("back"))).clicked() {
            out = Some(Command::CloseSettings);
        }
        ui.heading(tr.t("settings-heading"));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            super::who::badge(ui, tr, super::who::Badge::Mode(settings.mode));
        });
    });
    ui.separator();
    egui::Grid::new("settings").num_columns(2).show(ui, |ui| {
        ui.label(tr.t("settings-language"));
        ui.horizontal(|ui| {
            if let Some(c) = language_switch(ui, tr) {
                out = Some(c);
            }
        });
        ui.end_row();
        ui.label(tr.t("settings-scale"));
        if ui
            .add(egui::Slider::new(&mut settings.ui_scale, 0.75..=2.0).step_by(0.05))
            .changed()
        {
            out = Some(Command::SettingsChanged);
        }
        ui.end_row();
    });
    out
}
