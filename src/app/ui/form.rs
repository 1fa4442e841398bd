//! The decision form (处理决定): measures, procedural steps, fine amount, deadline. Every field
//! has a fixed place (the fine and deadline fields are always there, enabled with their
//! measure), so ticking a box never moves what is under the cursor; each error sits beside its
//! field and goes as soon as the field is right.

use super::{measure_name, measure_tag, tag, Command};
use crate::app::i18n::Tr;
use crate::app::model::FormState;
use crate::app::style;
use crate::measures::Measure;
use crate::runtime::FormView;
use crate::text::Lang;
use bevy_egui::egui;

/// Measures per row: as many 13-em cells as the width allows (at least two).
fn columns(ui: &egui::Ui) -> usize {
    let em = ui.text_style_height(&egui::TextStyle::Body);
    ((ui.available_width() / (em * 11.0)) as usize).clamp(2, 6)
}

pub fn panel(
    ui: &mut egui::Ui,
    tr: &Tr,
    form: &FormView,
    state: &mut FormState,
) -> Option<Command> {
    let mut out = None;
    let field_error = |ui: &mut egui::Ui, key: Option<&'static str>| {
        if let Some(key) = key {
            ui.colored_label(style::ERROR, tr.t(key));
        }
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.strong(tr.t("form-heading"));
        ui.label(tr.t("form-measures"));
        let cols = columns(ui);
        egui::Grid::new("form-measures")
            .num_columns(cols)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                for (i, m) in form.measures.iter().enumerate() {
                    // The chip and its checkbox are one unit: they never wrap apart.
                    ui.horizontal(|ui| {
                        tag(ui, measure_tag(*m, tr));
                        let mut on = state.measures.contains(m);
                        if ui.checkbox(&mut on, measure_name(*m, tr)).changed() {
                            if on {
                                state.measures.insert(*m);
                            } else {
                                state.measures.remove(m);
                            }
                        }
                    });
                    if (i + 1) % cols == 0 {
                        ui.end_row();
                    }
                }
            });
        if state.tried && state.measures.is_empty() {
            field_error(ui, Some("form-no-measure"));
        }
        if !form.steps.is_empty() {
            ui.label(tr.t("form-steps"));
            egui::Grid::new("form-steps")
                .num_columns(cols)
                .spacing([12.0, 4.0])
                .show(ui, |ui| {
                    for (i, s) in form.steps.iter().enumerate() {
                        let mut on = state.steps.contains(s);
                        let name = if tr.lang == Lang::Zh { s.zh() } else { s.en() };
                        if ui.checkbox(&mut on, name).changed() {
                            if on {
                                state.steps.insert(*s);
                            } else {
                                state.steps.remove(s);
                            }
                        }
                        if (i + 1) % cols == 0 {
                            ui.end_row();
                        }
                    }
                });
        }
        if form.fine {
            let on = state.measures.contains(&Measure::Fine);
            ui.horizontal_wrapped(|ui| {
                ui.add_enabled(on, egui::Label::new(tr.t("form-fine")));
                ui.add_enabled(
                    on,
                    egui::TextEdit::singleline(&mut state.fine)
                        .desired_width(120.0)
                        .id_salt("fine"),
                );
                if let Some(b) = form.statutory {
                    ui.label(style::caption(
                        tr.f("form-statutory", &[("min", &b.min), ("max", &b.max)]),
                    ));
                }
                // Empty is only an error once the trainee tried to submit; a wrong value at once.
                let e = state.fine_error(form.fine);
                let shown = e.filter(|k| *k != "form-fine-missing" || state.tried);
                field_error(ui, shown);
            });
        }
        if form.deadline {
            let on = state.measures.contains(&Measure::OrderToRectify);
            ui.horizontal(|ui| {
                ui.add_enabled(on, egui::Label::new(tr.t("form-deadline")));
                ui.add_enabled(
                    on,
                    egui::TextEdit::singleline(&mut state.deadline)
                        .desired_width(60.0)
                        .id_salt("deadline"),
                );
                field_error(ui, state.deadline_error(form.deadline));
            });
        }
        let submit = ui.button(egui::RichText::new(tr.t("form-submit")).strong());
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        if submit.clicked() || (enter && !state.measures.is_empty()) {
            state.tried = true;
            if let Ok(d) = state.to_input(form.fine, form.deadline) {
                out = Some(Command::Decide(d));
            }
        }
    });
    out
}
