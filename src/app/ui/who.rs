//! Who is playing (谁在练习): asked at every launch on a shared workshop PC. The last trainee id
//! is offered, never assumed; the mode is chosen each time.

use super::{language_switch, Command};
use crate::app::i18n::Tr;
use crate::app::style;
use crate::runtime::Mode;
use bevy_egui::egui;

/// `typed`: the id being typed; `last`: the id used last on this PC (offered as a button).
pub fn panel(ui: &mut egui::Ui, tr: &Tr, typed: &mut String, last: &str) -> Option<Command> {
    let mut out = None;
    ui.horizontal(|ui| {
        ui.label(style::title(ui, tr.t("app-title")));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(tr.t("home-settings")).clicked() {
                out = Some(Command::OpenSettings);
            }
            if let Some(c) = language_switch(ui, tr) {
                out = Some(c);
            }
        });
    });
    ui.separator();
    ui.add_space(12.0);
    let width = ui.available_width().min(640.0);
    ui.vertical_centered(|ui| {
        ui.set_max_width(width);
        ui.heading(tr.t("who-heading"));
        ui.label(style::caption(tr.t("who-why")));
        ui.add_space(8.0);
        let edit = ui.add(
            egui::TextEdit::singleline(typed)
                .hint_text(tr.t("who-hint"))
                .desired_width(width * 0.7)
                .id_salt("who-id"),
        );
        if ui.memory(|m| m.focused().is_none()) {
            edit.request_focus();
        }
        let last = last.trim();
        if !last.is_empty()
            && typed.trim() != last
            && ui
                .button(tr.f("who-last", &[("id", &last)]))
                .on_hover_text(tr.t("who-last-hint"))
                .clicked()
        {
            *typed = last.to_string();
        }
        ui.add_space(12.0);
        ui.strong(tr.t("who-mode"));
        let ready = !typed.trim().is_empty();
        ui.horizontal(|ui| {
            for (mode, key, hint) in [
                (Mode::Practice, "mode-practice", "who-practice-hint"),
                (Mode::Assessment, "mode-assessment", "who-assessment-hint"),
            ] {
                let b = ui
                    .add_enabled(
                        ready,
                        egui::Button::new(egui::RichText::new(tr.t(key)).strong())
                            .min_size(egui::vec2(width * 0.45, 48.0)),
                    )
                    .on_hover_text(tr.t(hint))
                    .on_disabled_hover_text(tr.t("who-missing"));
                if b.clicked() {
                    out = Some(Command::Identify {
                        trainee: typed.trim().to_string(),
                        mode,
                    });
                }
            }
        });
        if !ready {
            ui.label(style::caption(tr.t("who-missing")));
        }
        ui.add_space(24.0);
        ui.separator();
        ui.label(style::caption(tr.t("who-others")));
        ui.horizontal(|ui| {
            for (key, c) in [
                ("home-exam", Command::OpenExam),
                ("home-desk", Command::OpenDesk),
                ("home-review", Command::OpenReview),
            ] {
                if ui.button(tr.t(key)).clicked() {
                    out = Some(c);
                }
            }
        });
    });
    out
}

/// Who and in which mode, shown on every screen's top bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Badge {
    Mode(Mode),
    /// An assessment at a workshop station (考核).
    Station,
    Instructor,
    Reviewer,
}

pub fn badge(ui: &mut egui::Ui, tr: &Tr, b: Badge) {
    let (key, color) = match b {
        Badge::Mode(Mode::Practice) => ("badge-practice", style::BADGE_PRACTICE),
        Badge::Mode(Mode::Assessment) => ("badge-assessment", style::BADGE_ASSESSMENT),
        Badge::Station => ("badge-station", style::BADGE_ASSESSMENT),
        Badge::Instructor => ("badge-instructor", style::TAG_OTHER),
        Badge::Reviewer => ("badge-reviewer", style::TAG_OTHER),
    };
    ui.label(
        egui::RichText::new(format!(" {} ", tr.t(key)))
            .color(egui::Color32::WHITE)
            .background_color(color)
            .strong(),
    );
}
