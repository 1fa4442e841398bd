//! The decision form (处理决定): measures, procedural steps, fine amount, deadline.

use super::{measure_name, measure_tag, tag, Command};
use crate::app::i18n::Tr;
use crate::app::model::FormState;
use crate::measures::Measure;
use crate::runtime::FormView;
use crate::text::Lang;
use bevy_egui::egui;

pub fn panel(
    ui: &mut egui::Ui,
    tr: &Tr,
    form: &FormView,
    state: &mut FormState,
) -> Option<Command> {
    let mut out = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.strong(tr.t("form-heading"));
        ui.label(tr.t("form-measures"));
        ui.horizontal_wrapped(|ui| {
            for m in &form.measures {
                let mut on = state.measures.contains(m);
                tag(ui, measure_tag(*m, tr));
                if ui.checkbox(&mut on, measure_name(*m, tr)).changed() {
                    if on {
                        state.measures.insert(*m);
                    } else {
                        state.measures.remove(m);
                    }
                }
            }
        });
        if !form.steps.is_empty() {
            ui.label(tr.t("form-steps"));
            ui.horizontal_wrapped(|ui| {
                for s in &form.steps {
                    let mut on = state.steps.contains(s);
                    let name = if tr.lang == Lang::Zh { s.zh() } else { s.en() };
                    if ui.checkbox(&mut on, name).changed() {
                        if on {
                            state.steps.insert(*s);
                        } else {
                            state.steps.remove(s);
                        }
                    }
                }
            });
        }
        if form.fine && state.measures.contains(&Measure::Fine) {
            ui.horizontal(|ui| {
                ui.label(tr.t("form-fine"));
                ui.add(
                    egui::TextEdit::singleline(&mut state.fine)
                        .desired_width(120.0)
                        .id_salt("fine"),
                );
                if let Some(b) = form.statutory {
                    ui.weak(tr.f("form-statutory", &[("min", &b.min), ("max", &b.max)]));
                }
            });
        }
        if form.deadline && state.measures.contains(&Measure::OrderToRectify) {
            ui.horizontal(|ui| {
                ui.label(tr.t("form-deadline"));
                ui.add(
                    egui::TextEdit::singleline(&mut state.deadline)
                        .desired_width(60.0)
                        .id_salt("deadline"),
                );
            });
        }
        if let Some(e) = &state.error {
            ui.colored_label(egui::Color32::RED, e);
        }
        let submit = ui.button(egui::RichText::new(tr.t("form-submit")).strong());
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        if submit.clicked() || (enter && !state.measures.is_empty()) {
            match state.to_input(form.fine, form.deadline) {
                Ok(d) => {
                    state.error = None;
                    out = Some(Command::Decide(d));
                }
                Err(key) => state.error = Some(tr.t(key)),
            }
        }
    });
    out
}
