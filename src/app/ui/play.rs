//! Case play: the case file (party, facts established, evidence, timeline, the standard) and the
//! scene (what just happened, the choices, the decision form).

use super::{action_tag, tag, text, Command};
use crate::app::i18n::Tr;
use crate::app::model::Play;
use crate::facts::FactValue;
use crate::measures::MeasureKind;
use crate::runtime::numbers::{Offer, Picked};
use crate::runtime::{view::show, Event, Mode};
use crate::text::Lang;
use bevy_egui::egui;
use std::collections::BTreeMap;

/// The case file (案卷) panel.
pub fn case_file(ui: &mut egui::Ui, tr: &Tr, play: &Play) {
    let case = play.case();
    let s = &case.scenario;
    let zh = tr.lang == Lang::Zh;
    ui.heading(tr.t("file-heading"));
    egui::ScrollArea::vertical()
        .id_salt("case-file")
        .show(ui, |ui| {
            egui::CollapsingHeader::new(tr.t("file-party"))
                .default_open(true)
                .show(ui, |ui| {
                    ui.label(egui::RichText::new(text(&s.party.name.value, tr)).strong());
                    ui.label(text(&s.party.business.value, tr));
                });
            egui::CollapsingHeader::new(tr.t("file-facts"))
                .default_open(true)
                .show(ui, |ui| {
                    let facts = established(&play.events);
                    if facts.is_empty() {
                        ui.weak(tr.t("file-no-facts"));
                    }
                    let decls = case.item().all_facts();
                    for (k, v) in facts {
                        let label = decls
                            .iter()
                            .find(|d| d.key == k)
                            .map(|d| text(&d.label, tr))
                            .or_else(|| {
                                s.extra_facts
                                    .iter()
                                    .find(|f| f.key.value == k)
                                    .map(|f| text(&f.label.value, tr))
                            })
                            .unwrap_or_else(|| k.clone());
                        ui.label(format!("{label}：{}", show(&k, &v, zh)));
                    }
                });
            egui::CollapsingHeader::new(tr.t("file-evidence"))
                .default_open(true)
                .show(ui, |ui| {
                    for e in &play.events {
                        if let Event::Evidence { text: t, .. } = e {
                            ui.label(format!("• {}", text(t, tr)));
                        }
                    }
                });
            egui::CollapsingHeader::new(tr.t("file-timeline"))
                .default_open(false)
                .show(ui, |ui| {
                    for e in &play.events {
                        match e {
                            Event::Day { day, date } => {
                                ui.strong(format!(
                                    "{} {}",
                                    tr.f("day", &[("n", day)]),
                                    date.clone().unwrap_or_default()
                                ));
                            }
                            Event::Chosen { label, .. } => {
                                ui.label(format!("  > {}", text(label, tr)));
                            }
                            Event::Decided { .. } => {
                                ui.label(format!("  > {}", tr.t("form-heading")));
                            }
                            _ => {}
                        }
                    }
                });
            if play.mode() == Mode::Practice {
                let item = case.item();
                egui::CollapsingHeader::new(tr.t("file-standard"))
                    .default_open(false)
                    .show(ui, |ui| {
                        ui.label(egui::RichText::new(text(&item.name.value, tr)).strong());
                        for b in &item.basis.value {
                            ui.weak(crate::text::basis_in(b, tr.lang));
                        }
                        for (list, rule) in item.rules() {
                            ui.label(format!(
                                "[{}] {}",
                                tr.t(&format!("list-{list}")),
                                rule.note.clone().unwrap_or_else(|| rule.id.value.clone())
                            ));
                            ui.weak(format!(
                                "  {}",
                                crate::text::basis_in(&rule.basis.value, tr.lang)
                            ));
                        }
                    });
            }
        });
}

/// Facts established so far, by key (the latest value).
pub fn established(events: &[Event]) -> BTreeMap<String, FactValue> {
    let mut out = BTreeMap::new();
    for e in events {
        if let Event::Evidence { establishes, .. } = e {
            out.extend(establishes.clone());
        }
    }
    out
}

/// The digit keys, for typing a choice number.
const DIGITS: [(egui::Key, char); 10] = [
    (egui::Key::Num0, '0'),
    (egui::Key::Num1, '1'),
    (egui::Key::Num2, '2'),
    (egui::Key::Num3, '3'),
    (egui::Key::Num4, '4'),
    (egui::Key::Num5, '5'),
    (egui::Key::Num6, '6'),
    (egui::Key::Num7, '7'),
    (egui::Key::Num8, '8'),
    (egui::Key::Num9, '9'),
];

/// What happened since the last input, the choices, and the decision form.
pub fn scene(ui: &mut egui::Ui, tr: &Tr, play: &mut Play) -> Option<Command> {
    let mut out = None;
    egui::ScrollArea::vertical()
        .id_salt("scene")
        .stick_to_bottom(true)
        .max_height(ui.available_height() * 0.45)
        .show(ui, |ui| {
            // The current scene's description stays on top; then what happened since.
            let last_scene = play
                .events
                .iter()
                .rposition(|e| matches!(e, Event::Scene { .. }))
                .unwrap_or(0);
            let from = play.since_input.min(last_scene).min(play.events.len());
            for e in &play.events[from..] {
                match e {
                    Event::Scene { text: t, .. } => {
                        ui.label(egui::RichText::new(text(t, tr)).size(15.0));
                    }
                    Event::Evidence { text: t, .. } => {
                        ui.label(egui::RichText::new(format!("• {}", text(t, tr))).italics());
                    }
                    Event::Happened { text: Some(t), .. } => {
                        ui.label(text(t, tr));
                    }
                    Event::Feedback { text: t } => {
                        ui.colored_label(
                            egui::Color32::from_rgb(30, 100, 160),
                            format!("※ {}", text(t, tr)),
                        );
                    }
                    Event::Chosen { label, .. } => {
                        ui.weak(format!("> {}", text(label, tr)));
                    }
                    Event::Ending { text: t, .. } => {
                        ui.strong(text(t, tr));
                    }
                    _ => {}
                }
                ui.add_space(4.0);
            }
        });
    if let Some(e) = &play.error {
        ui.colored_label(egui::Color32::RED, e);
    }
    ui.separator();
    let Some(prompt) = play.prompt() else {
        return out;
    };
    if !prompt.choices.is_empty() {
        let offers = play.numbers.assign(&prompt);
        // Digits typed make a choice number, Enter confirms it (Backspace, Esc correct it), unless
        // the trainee is typing in a field.
        let typing = ui.ctx().memory(|m| m.focused().is_some());
        let mut confirm = false;
        // A pick waiting for confirmation takes the keyboard: Enter confirms, Esc cancels.
        let confirming = play
            .confirming
            .as_ref()
            .and_then(|id| prompt.choices.iter().find(|c| c.id == *id));
        if let (Some(c), false) = (confirming, typing) {
            let (yes, no) = ui.input(|i| {
                (
                    i.key_pressed(egui::Key::Enter),
                    i.key_pressed(egui::Key::Escape),
                )
            });
            if yes {
                out = Some(Command::Choose(c.id.clone()));
            } else if no {
                play.confirming = None;
            }
        } else if !typing {
            ui.input(|inp| {
                for (key, digit) in DIGITS {
                    if inp.key_pressed(key) && play.typed.len() < 3 {
                        play.typed.push(digit);
                    }
                }
                if inp.key_pressed(egui::Key::Backspace) {
                    play.typed.pop();
                }
                if inp.key_pressed(egui::Key::Escape) {
                    play.typed.clear();
                }
                confirm = inp.key_pressed(egui::Key::Enter);
            });
        }
        ui.horizontal(|ui| {
            ui.strong(tr.t("choices-heading"));
            ui.weak(tr.t("choice-key-hint"));
            if !play.typed.is_empty() {
                ui.strong(tr.f("choice-typed", &[("n", &play.typed)]));
            }
        });
        for (n, offer) in &offers {
            let Offer::Choice(c) = offer else { continue };
            ui.horizontal(|ui| {
                if let Some(t) = action_tag(c.action, tr) {
                    tag(ui, t);
                }
                let label = format!("{n}. {}", text(&c.label, tr));
                let typed_here = play.typed == n.to_string();
                if ui
                    .add(egui::Button::new(label).selected(typed_here))
                    .clicked()
                {
                    out = Some(Command::Choose(c.id.clone()));
                }
            });
        }
        if confirm && !play.typed.is_empty() {
            let n: usize = play.typed.parse().unwrap_or(0);
            match play.numbers.pick(&prompt, n) {
                Picked::Offer(Offer::Choice(c)) => out = Some(Command::Choose(c.id.clone())),
                Picked::Offer(Offer::Decide) => {}
                Picked::Gone => play.error = Some(tr.f("choice-gone", &[("n", &n)])),
                Picked::Unknown => play.error = Some(tr.f("choice-unknown", &[("n", &n)])),
            }
            play.typed.clear();
        }
        // A hard or coercive measure is asked about before it is taken (the hint explaining it
        // comes after, so the trainee decides knowingly).
        if let Some(Command::Choose(id)) = &out {
            let c = prompt.choices.iter().find(|c| c.id == *id);
            let weighty = c.and_then(|c| match c.action {
                crate::scenario::Action::Measure(m) => match m.kind() {
                    MeasureKind::Flexible => None,
                    kind => Some(kind),
                },
                _ => None,
            });
            if weighty.is_some() && play.confirming.as_deref() != Some(id.as_str()) {
                play.confirming = Some(id.clone());
                out = None;
            }
        }
        if out.is_some() {
            play.typed.clear();
            play.confirming = None;
        }
        let pending = play
            .confirming
            .as_ref()
            .and_then(|id| prompt.choices.iter().find(|c| c.id == *id));
        if let Some(c) = pending {
            let coercive = matches!(
                c.action,
                crate::scenario::Action::Measure(m) if m.kind() == MeasureKind::Coercive
            );
            egui::Frame::group(ui.style())
                .stroke(egui::Stroke::new(1.5, egui::Color32::from_rgb(190, 60, 40)))
                .show(ui, |ui| {
                    ui.strong(tr.f("confirm-question", &[("choice", &text(&c.label, tr))]));
                    ui.label(tr.t(if coercive {
                        "confirm-coercive"
                    } else {
                        "confirm-hard"
                    }));
                    ui.horizontal(|ui| {
                        if ui.button(tr.t("confirm-yes")).clicked() {
                            out = Some(Command::Choose(c.id.clone()));
                            play.confirming = None;
                        }
                        if ui.button(tr.t("confirm-no")).clicked() {
                            play.confirming = None;
                        }
                    });
                });
        }
    }
    if let Some(form) = &prompt.decision {
        ui.add_space(6.0);
        if let Some(c) = super::form::panel(ui, tr, form, &mut play.form) {
            out = Some(c);
        }
    }
    out
}
