//! 审核台, the reviewer's desk: sessions from the register by status, trainee and plan; one
//! session replayed step by step (the scene as the trainee saw it, what they did, and beside each
//! decision the lawful outcome, fine band and legal grounds), the score with every deduction and
//! its basis, the reviews so far; sign off, reject or refer with a comment.

use super::{language_switch, measure_name, text, Command};
use crate::app::i18n::Tr;
use crate::app::review::{Opened, ReviewDesk, Show};
use crate::register::review::Decision;
use crate::runtime::Event;
use crate::text::Lang;
use bevy_egui::egui;

pub fn panel(ui: &mut egui::Ui, tr: &Tr, desk: &mut ReviewDesk) -> Option<Command> {
    let mut out = None;
    ui.horizontal(|ui| {
        let back = if desk.open.is_some() {
            Command::ReviewClose
        } else {
            Command::Home
        };
        if ui.button(format!("← {}", tr.t("back"))).clicked() {
            out = Some(back);
        }
        ui.heading(tr.t("review-heading"));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(c) = language_switch(ui, tr) {
                out = Some(c);
            }
            super::who::badge(ui, tr, super::who::Badge::Reviewer);
        });
    });
    ui.separator();
    match &desk.me {
        Some(me) => ui.label(tr.f(
            "review-me",
            &[("name", &me.name), ("id", &me.id), ("key", &me.fingerprint)],
        )),
        None => ui.weak(tr.t("review-no-key")),
    };
    if let Some(e) = &desk.error {
        ui.colored_label(egui::Color32::RED, e);
    }
    if let Some(i) = &desk.info {
        ui.colored_label(egui::Color32::from_rgb(30, 140, 60), i);
    }
    if desk.open.is_some() {
        if let Some(c) = session(ui, tr, desk) {
            out = Some(c);
        }
    } else if let Some(c) = list(ui, tr, desk) {
        out = Some(c);
    }
    out
}

fn list(ui: &mut egui::Ui, tr: &Tr, desk: &mut ReviewDesk) -> Option<Command> {
    let mut out = None;
    ui.horizontal(|ui| {
        ui.label(tr.t("review-db"));
        ui.add(
            egui::TextEdit::singleline(&mut desk.db)
                .hint_text(tr.t("review-db-hint"))
                .desired_width(260.0),
        );
        ui.label(tr.t("review-trainee"));
        ui.add(egui::TextEdit::singleline(&mut desk.trainee).desired_width(90.0));
        ui.label(tr.t("review-plan"));
        ui.add(egui::TextEdit::singleline(&mut desk.plan).desired_width(140.0));
    });
    ui.horizontal(|ui| {
        for (show, key) in [
            (Show::Awaiting, "review-show-awaiting"),
            (Show::Reviewed, "review-show-reviewed"),
            (Show::Rejected, "review-show-rejected"),
            (Show::All, "review-show-all"),
        ] {
            if ui.selectable_label(desk.show == show, tr.t(key)).clicked() {
                desk.show = show;
                out = Some(Command::ReviewRefresh);
            }
        }
        if ui.button(tr.t("review-refresh")).clicked() {
            out = Some(Command::ReviewRefresh);
        }
    });
    ui.add_space(6.0);
    if !desk.listed {
        ui.weak(tr.t("review-intro"));
        return out;
    }
    if desk.rows.is_empty() {
        ui.weak(tr.t("review-none"));
        return out;
    }
    let zh = tr.lang == Lang::Zh;
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("review-list")
            .striped(true)
            .num_columns(8)
            .show(ui, |ui| {
                for k in [
                    "review-col-started",
                    "review-col-trainee",
                    "desk-unit",
                    "review-col-case",
                    "review-col-score",
                    "review-col-certifiable",
                    "review-col-review",
                ] {
                    ui.strong(tr.t(k));
                }
                ui.label("");
                ui.end_row();
                for r in &desk.rows {
                    ui.label(
                        r.started
                            .chars()
                            .take(16)
                            .collect::<String>()
                            .replace('T', " "),
                    );
                    ui.label(if r.name.is_empty() {
                        r.trainee.clone()
                    } else {
                        format!("{}（{}）", r.name, r.trainee)
                    });
                    ui.label(&r.unit);
                    ui.label(
                        desk.titles
                            .get(&r.scenario)
                            .filter(|_| zh)
                            .cloned()
                            .unwrap_or_else(|| r.scenario.clone()),
                    );
                    ui.label(match (r.total, r.passed) {
                        (Some(t), Some(true)) => format!("{t:.1} {}", tr.t("review-pass")),
                        (Some(t), _) => format!("{t:.1} {}", tr.t("review-fail")),
                        _ => "—".into(),
                    });
                    if r.certifiable {
                        ui.colored_label(egui::Color32::from_rgb(30, 140, 60), tr.t("review-yes"));
                    } else {
                        ui.colored_label(egui::Color32::from_rgb(190, 90, 40), tr.t("review-no"))
                            .on_hover_text(r.reasons.join("\n"));
                    }
                    ui.label(match &r.review {
                        None => tr.t("review-pending"),
                        Some((v, n)) => tr.f(
                            "review-state",
                            &[
                                ("decision", &decision_word(v, tr)),
                                ("round", &n.to_string()),
                            ],
                        ),
                    });
                    if ui.button(tr.t("review-open")).clicked() {
                        out = Some(Command::ReviewOpen(r.log_sha256.clone()));
                    }
                    ui.end_row();
                }
            });
    });
    out
}

fn decision_word(v: &str, tr: &Tr) -> String {
    match Decision::parse(v) {
        Some(Decision::Approved) => tr.t("review-approved"),
        Some(Decision::Rejected) => tr.t("review-rejected"),
        Some(Decision::Referred) => tr.t("review-referred"),
        None => v.to_string(),
    }
}

/// An event as the trainee saw it, in one line.
fn event_line(e: &Event, tr: &Tr) -> Option<String> {
    let zh = tr.lang == Lang::Zh;
    Some(match e {
        Event::FactsDrawn { .. } | Event::Scene { .. } => return None,
        Event::Day { day, date } => tr.f(
            "review-day",
            &[
                ("day", &day.to_string()),
                ("date", &date.as_deref().unwrap_or("")),
            ],
        ),
        Event::Evidence { text: t, .. } => {
            format!("［{}］{}", tr.t("review-evidence"), text(t, tr))
        }
        Event::Chosen { label, .. } => format!("• {}", text(label, tr)),
        Event::Happened { text: t, .. } => text(t.as_ref()?, tr),
        Event::Feedback { text: t } => format!("（{}）", text(t, tr)),
        Event::Decided { decision, .. } => {
            let ms: Vec<&str> = decision
                .measures
                .iter()
                .map(|m| measure_name(*m, tr))
                .collect();
            let mut s = format!(
                "• {}：{}",
                tr.t("review-decision"),
                ms.join(if zh { "、" } else { ", " })
            );
            if let Some(f) = decision.fine {
                s.push_str(&format!(" · {} {f}", tr.t("review-fine")));
            }
            if let Some(d) = decision.deadline {
                s.push_str(&format!(
                    " · {}",
                    tr.f("review-deadline", &[("days", &d.to_string())])
                ));
            }
            s
        }
        Event::Ending { text: t, .. } => format!("—— {}", text(t, tr)),
    })
}

fn session(ui: &mut egui::Ui, tr: &Tr, desk: &mut ReviewDesk) -> Option<Command> {
    let mut out = None;
    let zh = tr.lang == Lang::Zh;
    let o = desk.open.as_mut()?;
    let s = &o.stored;
    let title = o
        .texts
        .as_ref()
        .map(|(t, _)| text(t, tr))
        .unwrap_or_else(|| s.scenario.clone());
    ui.horizontal(|ui| {
        ui.strong(if s.name.is_empty() {
            s.trainee.clone()
        } else {
            format!("{}（{}）", s.name, s.trainee)
        });
        if !s.unit.is_empty() {
            ui.label(&s.unit);
        }
        ui.strong(&title);
        ui.label(
            s.started
                .chars()
                .take(16)
                .collect::<String>()
                .replace('T', " "),
        );
        if s.certifiable {
            ui.colored_label(
                egui::Color32::from_rgb(30, 140, 60),
                tr.t("review-certifiable"),
            );
        } else {
            ui.colored_label(
                egui::Color32::from_rgb(190, 90, 40),
                format!(
                    "{}：{}",
                    tr.t("review-not-certifiable"),
                    s.reasons.join("; ")
                ),
            );
        }
    });
    let n = o.replay.steps.len();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(o.step > 0, egui::Button::new(tr.t("review-prev")))
            .clicked()
        {
            o.step -= 1;
        }
        ui.label(tr.f(
            "review-step",
            &[("n", &(o.step + 1).to_string()), ("of", &n.to_string())],
        ));
        if ui
            .add_enabled(o.step + 1 < n, egui::Button::new(tr.t("review-next")))
            .clicked()
        {
            o.step += 1;
        }
    });
    ui.separator();
    let avail = ui.available_height();
    ui.columns(2, |cols| {
        egui::ScrollArea::vertical()
            .id_salt("review-step")
            .max_height(avail - 130.0)
            .show(&mut cols[0], |ui| step_view(ui, tr, o));
        egui::ScrollArea::vertical()
            .id_salt("review-verdict")
            .max_height(avail - 130.0)
            .show(&mut cols[1], |ui| verdict_view(ui, tr, o, zh));
    });
    ui.separator();
    for r in &o.reviews {
        ui.label(tr.f(
            "review-done",
            &[
                ("round", &r.round.to_string()),
                ("who", &r.reviewer),
                ("decision", &decision_word(r.decision.as_str(), tr)),
                (
                    "at",
                    &r.at.chars().take(16).collect::<String>().replace('T', " "),
                ),
            ],
        ));
        if !r.comment.is_empty() {
            ui.weak(format!("    «{}»", r.comment));
        }
    }
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut desk.comment)
                .hint_text(tr.t("review-comment"))
                .desired_width(360.0),
        );
        if ui.button(tr.t("review-sign-off")).clicked() {
            out = Some(Command::ReviewDecide(Decision::Approved));
        }
        if ui.button(tr.t("review-reject")).clicked() {
            out = Some(Command::ReviewDecide(Decision::Rejected));
        }
        if ui.button(tr.t("review-refer")).clicked() {
            out = Some(Command::ReviewDecide(Decision::Referred));
        }
    });
    out
}

fn step_view(ui: &mut egui::Ui, tr: &Tr, o: &Opened) {
    let Some(step) = o.replay.steps.get(o.step) else {
        ui.weak(tr.t("review-no-steps"));
        return;
    };
    if let Some((_, t)) = &step.scene {
        ui.label(egui::RichText::new(text(t, tr)).strong());
        ui.add_space(4.0);
    }
    for e in &step.events {
        if let Some(line) = event_line(e, tr) {
            ui.label(line);
        }
    }
    for n in &step.notes {
        ui.colored_label(
            egui::Color32::from_rgb(90, 110, 140),
            format!("［{}］{n}", tr.t("review-note")),
        );
    }
}

fn verdict_view(ui: &mut egui::Ui, tr: &Tr, o: &Opened, zh: bool) {
    let step = o.replay.steps.get(o.step);
    let decisions = step.map(|s| s.decisions.as_slice()).unwrap_or_default();
    if decisions.is_empty() {
        ui.weak(tr.t("review-no-decision"));
    }
    for d in decisions {
        let a = &d.assessment;
        ui.strong(tr.t("review-verdict"));
        egui::Grid::new(("verdict", d.day, &d.scene))
            .num_columns(2)
            .show(ui, |ui| {
                ui.label(tr.t("debrief-lawful"));
                ui.label(if zh { a.outcome.zh() } else { a.outcome.en() });
                ui.end_row();
                ui.label(tr.t("debrief-band"));
                ui.label(
                    a.fine
                        .map(|b| format!("{}–{}", b.min, b.max))
                        .unwrap_or_else(|| "—".into()),
                );
                ui.end_row();
                ui.label(tr.t("debrief-statutory"));
                ui.label(
                    a.statutory_fine
                        .map(|b| format!("{}–{}", b.min, b.max))
                        .unwrap_or_else(|| "—".into()),
                );
                ui.end_row();
                ui.label(tr.t("review-judged"));
                let (word, color) = if d.lawful && d.proportionate {
                    (
                        tr.t("review-proportionate"),
                        egui::Color32::from_rgb(30, 140, 60),
                    )
                } else if d.lawful {
                    (tr.t("review-off"), egui::Color32::from_rgb(190, 130, 30))
                } else {
                    (tr.t("review-critical"), egui::Color32::RED)
                };
                ui.colored_label(color, word);
                ui.end_row();
            });
        for g in &a.grounds {
            ui.weak(format!(
                "{}：{}",
                tr.t("debrief-basis"),
                crate::text::basis_in(&g.basis, tr.lang)
            ));
        }
        ui.add_space(6.0);
    }
    if let Some(f) = &o.replay.facts {
        ui.collapsing(tr.t("review-facts"), |ui| {
            for (k, v) in f {
                let label = o
                    .texts
                    .as_ref()
                    .and_then(|(_, l)| l.get(k))
                    .map(|t| text(t, tr))
                    .unwrap_or_else(|| k.clone());
                ui.label(format!("{label}：{}", crate::runtime::view::show(k, v, zh)));
            }
        });
    }
    ui.add_space(6.0);
    match &o.replay.debrief {
        None => {
            ui.weak(tr.t("review-unfinished"));
        }
        Some(d) => {
            ui.strong(format!(
                "{} {:.1} {}",
                tr.t("debrief-total"),
                d.total,
                if d.passed {
                    tr.t("debrief-passed")
                } else {
                    tr.t("debrief-failed")
                }
            ));
            if d.deductions.is_empty() {
                ui.label(tr.t("debrief-no-deductions"));
            }
            for x in &d.deductions {
                let head = format!("−{}  {}", x.points, text(&x.explanation, tr));
                if x.critical {
                    ui.colored_label(egui::Color32::RED, head);
                } else {
                    ui.label(head);
                }
                ui.weak(format!(
                    "    {}：{}",
                    tr.t("debrief-basis"),
                    crate::text::basis_in(&x.basis, tr.lang)
                ));
            }
        }
    }
}
