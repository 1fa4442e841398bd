//! The debrief that coaches: first the verdict in one sentence (the lawful outcome against the
//! trainee's decision) with the score, pass and the buttons always in view; then the decision
//! beside the model answer, the five dimensions, and what went wrong grouped by dimension in
//! plain words, one entry per failure with its legal basis on one line. Rule ids, the scene path
//! and the log path are behind a "details" toggle for instructors.

use super::who::{badge, Badge};
use super::{measure_name, text, Command};
use crate::app::i18n::Tr;
use crate::app::style;
use crate::discretion::Band;
use crate::runtime::Mode;
use crate::scoring::{failures, Debrief};
use crate::text::{basis_in, Lang};
use bevy_egui::egui;
use std::path::Path;

fn band(b: &Option<Band>, tr: &Tr) -> String {
    b.map(|b| tr.f("debrief-yuan-range", &[("min", &b.min), ("max", &b.max)]))
        .unwrap_or_else(|| "—".into())
}

/// The trainee's last decision in words: measures and the fine.
fn decision_words(d: &Debrief, tr: &Tr) -> String {
    let zh = tr.lang == Lang::Zh;
    d.decisions
        .last()
        .filter(|x| !x.input.measures.is_empty())
        .map(|x| {
            let ms: Vec<String> = x
                .input
                .measures
                .iter()
                .map(|m| measure_name(*m, tr).to_string())
                .collect();
            let fine = x
                .input
                .fine
                .map(|f| tr.f("debrief-fine-of", &[("n", &f)]))
                .unwrap_or_default();
            format!("{}{fine}", ms.join(if zh { "、" } else { ", " }))
        })
        .unwrap_or_else(|| tr.t("debrief-no-decision"))
}

pub fn panel(
    ui: &mut egui::Ui,
    tr: &Tr,
    d: &Debrief,
    mode: Mode,
    ending: Option<&crate::text::Text>,
    log: Option<&Path>,
) -> Option<Command> {
    let mut out = None;
    let zh = tr.lang == Lang::Zh;
    ui.horizontal(|ui| {
        ui.label(style::title(ui, tr.t("debrief-heading")));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(c) = super::language_switch(ui, tr) {
                out = Some(c);
            }
            badge(ui, tr, Badge::Mode(mode));
        });
    });
    ui.separator();
    // Always in view: the verdict, the score, the way on.
    let lawful = if zh {
        d.lawful.outcome.zh()
    } else {
        d.lawful.outcome.en()
    };
    ui.label(
        egui::RichText::new(tr.f(
            "debrief-verdict",
            &[("lawful", &lawful), ("yours", &decision_words(d, tr))],
        ))
        .heading(),
    );
    ui.horizontal(|ui| {
        ui.label(style::title(
            ui,
            tr.f("debrief-score", &[("n", &format!("{:.1}", d.total))]),
        ));
        let (word, color) = match (d.passed, d.critical) {
            (true, _) => (tr.t("debrief-passed"), style::GOOD),
            (false, true) => (
                format!("{}（{}）", tr.t("debrief-failed"), tr.t("debrief-critical")),
                style::ERROR,
            ),
            (false, false) => (tr.t("debrief-failed"), style::ERROR),
        };
        ui.label(egui::RichText::new(word).heading().strong().color(color));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(tr.t("debrief-home")).clicked() {
                out = Some(Command::Home);
            }
            if ui
                .button(egui::RichText::new(tr.t("debrief-again")).strong())
                .clicked()
            {
                out = Some(Command::PlayAgain);
            }
        });
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if let Some(e) = ending {
                ui.label(egui::RichText::new(text(e, tr)).italics());
                ui.add_space(6.0);
            }
            ui.columns(2, |cols| {
                cols[0].heading(tr.t("debrief-yours"));
                cols[0].label(decision_words(d, tr));
                cols[1].heading(tr.t("debrief-model"));
                cols[1].label(text(&d.model_answer.explanation, tr));
                cols[1].label(style::caption(tr.f(
                    "debrief-ranges",
                    &[
                        ("band", &band(&d.lawful.fine, tr)),
                        ("statutory", &band(&d.lawful.statutory_fine, tr)),
                    ],
                )));
            });
            ui.add_space(8.0);
            ui.heading(tr.t("debrief-dimensions"));
            chart(ui, tr, d);
            ui.add_space(8.0);
            ui.heading(tr.t("debrief-deductions"));
            let all = failures(&d.deductions);
            if all.is_empty() {
                ui.label(tr.t("debrief-no-deductions"));
            }
            let mut dimension = None;
            for f in &all {
                if dimension != Some(f.dimension) {
                    dimension = Some(f.dimension);
                    ui.add_space(4.0);
                    ui.strong(dimension_name(f.dimension, tr));
                }
                let head = format!("−{}  {}", f.points, text(&f.lead().explanation, tr));
                let rich = egui::RichText::new(head);
                ui.label(if f.critical {
                    rich.color(style::ERROR).strong()
                } else {
                    rich
                });
                let bases: Vec<String> = f.bases().iter().map(|b| basis_in(b, tr.lang)).collect();
                let bases = bases.join(if zh { "；" } else { "; " });
                ui.label(style::caption(format!(
                    "    {}",
                    tr.f("debrief-basis-line", &[("basis", &bases)])
                )));
            }
            ui.add_space(10.0);
            egui::CollapsingHeader::new(tr.t("debrief-details"))
                .default_open(false)
                .show(ui, |ui| details(ui, tr, d, log));
        });
    out
}

/// For instructors: every deduction with its rule id, the lawful grounds, the path, the log.
fn details(ui: &mut egui::Ui, tr: &Tr, d: &Debrief, log: Option<&Path>) {
    for x in &d.deductions {
        ui.label(style::caption(format!(
            "−{} {} ({})",
            x.points,
            x.rule,
            dimension_name(x.dimension, tr)
        )));
    }
    for g in &d.lawful.grounds {
        ui.label(style::caption(format!(
            "{} — {}",
            g.rule,
            basis_in(&g.basis, tr.lang)
        )));
    }
    let path = d.path.join(" → ");
    ui.label(style::caption(
        tr.f("debrief-path-line", &[("path", &path)]),
    ));
    if let Some(log) = log {
        let log = log.display();
        ui.label(style::caption(tr.f("debrief-log-line", &[("log", &log)])));
    }
}

/// A dimension's name as a label ("Legality", "合法性").
fn dimension_name(d: crate::scoring::Dimension, tr: &Tr) -> String {
    if tr.lang == Lang::Zh {
        return d.zh().to_string();
    }
    let en = d.en();
    let mut c = en.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Horizontal bars, one per dimension, 0–100.
fn chart(ui: &mut egui::Ui, tr: &Tr, d: &Debrief) {
    let em = ui.text_style_height(&egui::TextStyle::Body);
    egui::Grid::new("dimensions")
        .num_columns(3)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            for dim in &d.dimensions {
                ui.label(dimension_name(dim.dimension, tr));
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(em * 16.0, em * 0.9), egui::Sense::hover());
                let p = ui.painter();
                p.rect_filled(rect, 3.0, egui::Color32::from_gray(220));
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
                ui.label(tr.f(
                    "debrief-dimension-score",
                    &[("n", &format!("{:.0}", dim.score)), ("w", &dim.weight)],
                ));
                ui.end_row();
            }
        });
}
