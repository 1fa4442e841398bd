//! Case play: the case file (party, facts established, evidence, timeline, the standard) and the
//! scene (what just happened, the choices, the decision form).

use super::{action_tag, tag, text, Command};
use crate::app::i18n::Tr;
use crate::app::model::Play;
use crate::app::style;
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

/// What happened since the last input, the choices, and the decision form. Every part has a
/// fixed place: the story on top (its own scroll), then the choices and the form side by side,
/// each with its own scroll; confirmations and the way out are dialogs over the screen, so
/// nothing moves under the cursor.
pub fn scene(ui: &mut egui::Ui, tr: &Tr, play: &mut Play) -> Option<Command> {
    let mut out = None;
    let total = ui.available_height();
    let prompt = play.prompt();
    if let Some(c) = keyboard(ui, tr, play, prompt.as_ref()) {
        out = Some(c);
    }
    let form = prompt.as_ref().and_then(|p| p.decision.clone());
    let has_choices = prompt.as_ref().is_some_and(|p| !p.choices.is_empty());
    match (form, &prompt) {
        // Deciding: the story (and any choices) on the left, the form on the right, each the
        // full height, so the whole form is in view.
        (Some(form), Some(prompt)) => {
            ui.columns(2, |cols| {
                let h = if has_choices {
                    total * 0.45
                } else {
                    total - 40.0
                };
                story(&mut cols[0], tr, play, h.round());
                message(&mut cols[0], play);
                if has_choices {
                    cols[0].separator();
                    if let Some(c) = choices(&mut cols[0], tr, play, prompt) {
                        out = Some(c);
                    }
                }
                if let Some(c) = decision(&mut cols[1], tr, play, &form) {
                    out = Some(c);
                }
            });
        }
        // Investigating: the story on top, the choices below.
        _ => {
            story(ui, tr, play, (total * 0.36).round());
            message(ui, play);
            ui.separator();
            if let Some(prompt) = prompt.as_ref().filter(|_| has_choices) {
                if let Some(c) = choices(ui, tr, play, prompt) {
                    out = Some(c);
                }
            }
        }
    }
    let Some(prompt) = prompt else {
        return out.or(quit_dialog(ui.ctx(), tr, play));
    };
    // A hard or coercive measure is asked about before it is taken (the hint explaining it
    // comes after, so the trainee decides knowingly).
    if let Some(Command::Choose(id)) = &out {
        if weighty(&prompt, id).is_some() && play.confirming.as_deref() != Some(id.as_str()) {
            play.confirming = Some(id.clone());
            out = None;
        }
    }
    if out.is_some() {
        play.typed.clear();
        play.confirming = None;
    }
    out = out.or(confirm_dialog(ui.ctx(), tr, play, &prompt));
    out.or(quit_dialog(ui.ctx(), tr, play))
}

/// One line kept for a message, whether there is one or not (so nothing below it moves).
fn message(ui: &mut egui::Ui, play: &Play) {
    match &play.error {
        Some(e) => ui.colored_label(style::ERROR, e),
        None => ui.label(" "),
    };
}

/// The story so far in this scene: its description on top, then what happened since.
fn story(ui: &mut egui::Ui, tr: &Tr, play: &Play, height: f32) {
    egui::ScrollArea::vertical()
        .id_salt("scene")
        .stick_to_bottom(true)
        .auto_shrink([false, false])
        .max_height(height)
        .show(ui, |ui| {
            let last_scene = play
                .events
                .iter()
                .rposition(|e| matches!(e, Event::Scene { .. }))
                .unwrap_or(0);
            let from = play.since_input.min(last_scene).min(play.events.len());
            for e in &play.events[from..] {
                match e {
                    Event::Scene { text: t, .. } => {
                        ui.label(text(t, tr));
                    }
                    Event::Evidence { text: t, .. } => {
                        ui.label(egui::RichText::new(format!("• {}", text(t, tr))).italics());
                    }
                    Event::Happened { text: Some(t), .. } => {
                        ui.label(text(t, tr));
                    }
                    Event::Feedback { text: t } => {
                        ui.colored_label(style::INFO, format!("※ {}", text(t, tr)));
                    }
                    Event::Chosen { label, .. } => {
                        ui.label(style::caption(format!("> {}", text(label, tr))));
                    }
                    Event::Ending { text: t, .. } => {
                        ui.strong(text(t, tr));
                    }
                    _ => {}
                }
                ui.add_space(4.0);
            }
        });
}

/// The keyboard: digits type a choice number, Enter confirms it, Backspace corrects it; Esc
/// clears what was typed, else cancels a confirmation, else asks about leaving the case.
/// Nothing while the trainee types in a field.
fn keyboard(
    ui: &mut egui::Ui,
    tr: &Tr,
    play: &mut Play,
    prompt: Option<&crate::runtime::Prompt>,
) -> Option<Command> {
    if ui.ctx().memory(|m| m.focused().is_some()) {
        return None;
    }
    let (enter, esc, back) = ui.input(|i| {
        (
            i.key_pressed(egui::Key::Enter),
            i.key_pressed(egui::Key::Escape),
            i.key_pressed(egui::Key::Backspace),
        )
    });
    if play.quitting {
        if esc {
            play.quitting = false;
        }
        return None;
    }
    if let Some(id) = play.confirming.clone() {
        if enter {
            play.confirming = None;
            return Some(Command::Choose(id));
        }
        if esc {
            play.confirming = None;
        }
        return None;
    }
    if esc {
        if play.typed.is_empty() {
            play.quitting = true;
        }
        play.typed.clear();
        return None;
    }
    let prompt = prompt.filter(|p| !p.choices.is_empty())?;
    ui.input(|inp| {
        for (key, digit) in DIGITS {
            if inp.key_pressed(key) && play.typed.len() < 3 {
                play.typed.push(digit);
            }
        }
    });
    if back {
        play.typed.pop();
    }
    if !enter || play.typed.is_empty() {
        return None;
    }
    let n: usize = play.typed.parse().unwrap_or(0);
    play.typed.clear();
    match play.numbers.pick(prompt, n) {
        Picked::Offer(Offer::Choice(c)) => return Some(Command::Choose(c.id.clone())),
        Picked::Offer(Offer::Decide) => {}
        Picked::Gone => play.error = Some(tr.f("choice-gone", &[("n", &n)])),
        Picked::Unknown => play.error = Some(tr.f("choice-unknown", &[("n", &n)])),
    }
    None
}

/// The choices on offer, each with its stable number and its kind.
fn choices(
    ui: &mut egui::Ui,
    tr: &Tr,
    play: &mut Play,
    prompt: &crate::runtime::Prompt,
) -> Option<Command> {
    let mut out = None;
    let offers = play.numbers.assign(prompt);
    ui.horizontal(|ui| {
        ui.strong(tr.t("choices-heading"));
        ui.label(style::caption(tr.t("choice-key-hint")));
        if !play.typed.is_empty() {
            ui.strong(tr.f("choice-typed", &[("n", &play.typed)]));
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("choices")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (n, offer) in &offers {
                let Offer::Choice(c) = offer else { continue };
                ui.horizontal(|ui| {
                    let label = format!("{n}. {}", text(&c.label, tr));
                    let typed_here = play.typed == n.to_string();
                    if ui
                        .add(egui::Button::new(label).selected(typed_here))
                        .clicked()
                    {
                        out = Some(Command::Choose(c.id.clone()));
                    }
                    if let Some(t) = action_tag(c.action, tr) {
                        tag(ui, t);
                    }
                });
            }
        });
    out
}

fn decision(
    ui: &mut egui::Ui,
    tr: &Tr,
    play: &mut Play,
    form: &crate::runtime::FormView,
) -> Option<Command> {
    egui::ScrollArea::vertical()
        .id_salt("form")
        .auto_shrink([false, false])
        .show(ui, |ui| super::form::panel(ui, tr, form, &mut play.form))
        .inner
}

/// A hard or coercive measure among the choices: its kind.
fn weighty(prompt: &crate::runtime::Prompt, id: &str) -> Option<MeasureKind> {
    let c = prompt.choices.iter().find(|c| c.id == id)?;
    match c.action {
        crate::scenario::Action::Measure(m) if m.kind() != MeasureKind::Flexible => Some(m.kind()),
        _ => None,
    }
}

/// The question before a hard or coercive measure is taken.
fn confirm_dialog(
    ctx: &egui::Context,
    tr: &Tr,
    play: &mut Play,
    prompt: &crate::runtime::Prompt,
) -> Option<Command> {
    let id = play.confirming.clone()?;
    let Some(c) = prompt.choices.iter().find(|c| c.id == id) else {
        play.confirming = None;
        return None;
    };
    let coercive = weighty(prompt, &id) == Some(MeasureKind::Coercive);
    let mut out = None;
    let r = egui::Modal::new(egui::Id::new("confirm-measure")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.strong(tr.f("confirm-question", &[("choice", &text(&c.label, tr))]));
        ui.label(tr.t(if coercive {
            "confirm-coercive"
        } else {
            "confirm-hard"
        }));
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button(tr.t("confirm-yes")).clicked() {
                out = Some(Command::Choose(id.clone()));
            }
            if ui.button(tr.t("confirm-no")).clicked() {
                play.confirming = None;
            }
        });
    });
    if out.is_some() || r.backdrop_response.clicked() {
        play.confirming = None;
    }
    out
}

/// Leaving the case: asked first; the session is kept and can be resumed.
fn quit_dialog(ctx: &egui::Context, tr: &Tr, play: &mut Play) -> Option<Command> {
    if !play.quitting {
        return None;
    }
    let at_station = matches!(play.driver, crate::app::model::Driver::Station(_));
    let mut out = None;
    egui::Modal::new(egui::Id::new("quit-case")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.strong(tr.t("quit-question"));
        ui.label(tr.t(if at_station {
            "quit-station"
        } else {
            "quit-local"
        }));
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button(tr.t("quit-yes")).clicked() {
                out = Some(Command::Abandon);
            }
            if ui.button(tr.t("quit-no")).clicked() {
                play.quitting = false;
            }
        });
    });
    if out.is_some() {
        play.quitting = false;
    }
    out
}
