//! The debrief: total and pass/fail, a chart of the five dimensions, the lawful outcome beside
//! the trainee's decision, every deduction with its basis, the model answer and the path.

use super::{measure_name, text, Command};
use crate::app::i18n::Tr;
use crate::discretion::Band;
use crate::scoring::Debrief;
use crate::text::{basis_in, Lang};
use bevy_egui::egui;
use std::path::Path;

fn band(b: &Option<Band>) -> String {
    b.map(|b| format!("{}–{}", b.min, b.max))
        .unwrap_or_else(|| "—".into())
}

pub fn panel(
    ui: &mut egui::Ui,
    tr: &Tr,
    d: &Debrief,
    ending: Option<&crate::text::Text>,
    log: Option<&Path>,
) -> Option<Command> {
    let mut out = None;
    let zh = tr.lang == Lang::Zh;
    ui.horizontal(|ui| {
        ui.heading(tr.t("debrief-heading"));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(c) = super::language_switch(ui, tr) {
                out = Some(c);
            }
        });
    });
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| {
        let verdict = if d.passed {
            egui::RichText::new(tr.t("debrief-passed")).color(egui::Color32::from_rgb(30, 140, 60))
        } else if d.critical {
            egui::RichText::new(format!(
                "{}（{}）",
                tr.t("debrief-failed"),
                tr.t("debrief-critical")
            ))
            .color(egui::Color32::RED)
        } else {
            egui::RichText::new(tr.t("debrief-failed")).color(egui::Color32::RED)
        };
        if let Some(e) = ending {
            ui.label(egui::RichText::new(text(e, tr)).italics());
            ui.add_space(4.0);
        }
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(format!("{} {:.1}", tr.t("debrief-total"), d.total))
                    .size(26.0)
                    .strong(),
            );
            ui.label(verdict.size(20.0).strong());
        });
        ui.add_space(6.0);
        ui.strong(tr.t("debrief-dimensions"));
        chart(ui, tr, d);
        ui.add_space(8.0);
        egui::Grid::new("lawful").num_columns(2).show(ui, |ui| {
            ui.strong(tr.t("debrief-lawful"));
            ui.label(if zh {
                d.lawful.outcome.zh()
            } else {
                d.lawful.outcome.en()
            });
            ui.end_row();
            ui.strong(tr.t("debrief-band"));
            ui.label(band(&d.lawful.fine));
            ui.end_row();
            ui.strong(tr.t("debrief-statutory"));
            ui.label(band(&d.lawful.statutory_fine));
            ui.end_row();
            ui.strong(tr.t("debrief-yours"));
            let mine = d
                .decisions
                .last()
                .map(|x| {
                    let ms: Vec<&str> = x
                        .input
                        .measures
                        .iter()
                        .map(|m| measure_name(*m, tr))
                        .collect();
                    let fine = x.input.fine.map(|f| format!(" · {f}")).unwrap_or_default();
                    format!("{}{fine}", ms.join(if zh { "、" } else { ", " }))
                })
                .unwrap_or_else(|| "—".into());
            ui.label(mine);
            ui.end_row();
            ui.strong(tr.t("debrief-model"));
            ui.label(text(&d.model_answer.explanation, tr));
            ui.end_row();
        });
        for g in &d.lawful.grounds {
            ui.weak(format!("{} — {}", g.rule, basis_in(&g.basis, tr.lang)));
        }
        ui.add_space(8.0);
        ui.strong(tr.t("debrief-deductions"));
        if d.deductions.is_empty() {
            ui.label(tr.t("debrief-no-deductions"));
        }
        for x in &d.deductions {
            let head = format!("−{}  {}", x.points, text(&x.explanation, tr));
            let rich = if x.critical {
                egui::RichText::new(head).color(egui::Color32::RED).strong()
            } else {
                egui::RichText::new(head)
            };
            ui.label(rich);
            ui.weak(format!(
                "    {} · {}：{}",
                x.rule,
                tr.t("debrief-basis"),
                basis_in(&x.basis, tr.lang)
            ));
        }
        ui.add_space(8.0);
        ui.label(format!("{}：{}", tr.t("debrief-path"), d.path.join(" → ")));
        if let Some(log) = log {
            ui.weak(format!("{}：{}", tr.t("debrief-log"), log.display()));
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(tr.t("debrief-again")).clicked() {
                out = Some(Command::PlayAgain);
            }
            if ui.button(tr.t("debrief-home")).clicked() {
                out = Some(Command::Home);
            }
        });
    });
    out
}

/// Horizontal bars, one per dimension, 0–100.
fn chart(ui: &mut egui::Ui, tr: &Tr, d: &Debrief) {
    let zh = tr.lang == Lang::Zh;
    for dim in &d.dimensions {
        ui.horizontal(|ui| {
            let name = if zh {
                dim.dimension.zh()
            } else {
                dim.dimension.en()
            };
            ui.add_sized([150.0, 18.0], egui::Label::new(name));
            let (rect, _) = ui.allocate_exact_size(egui::vec2(260.0, 16.0), egui::Sense::hover());
            let p = ui.painter();
            p.rect_filled(rect, 3.0, egui::Color32::from_gray(225));
            let mut full = rect;
            full.set_width(rect.width() * (dim.score as f32 / 100.0).clamp(0.0, 1.0));
            let color = if dim.score >= 80.0 {
                egui::Color32::from_rgb(60, 150, 90)
            } else if dim.score >= 50.0 {
                egui::Color32::from_rgb(220, 160, 40)
            } else {
                egui::Color32::from_rgb(200, 60, 50)
            };
            p.rect_filled(full, 3.0, color);
            ui.label(format!("{:.0}", dim.score));
            ui.weak(format!("×{}", dim.weight));
        });
    }
}
