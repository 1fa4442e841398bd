//! Case briefing: summary, objectives, the party, the seed; then into the site.

use super::{language_switch, text, Command};
use crate::app::i18n::Tr;
use crate::catalog::Loaded;
use bevy_egui::egui;

pub fn panel(ui: &mut egui::Ui, tr: &Tr, case: &Loaded, seed: &mut String) -> Option<Command> {
    let mut out = None;
    let s = &case.case.scenario;
    ui.horizontal(|ui| {
        if ui.button(format!("← {}", tr.t("back"))).clicked() {
            out = Some(Command::Home);
        }
        ui.heading(text(&s.title.value, tr));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(c) = language_switch(ui, tr) {
                out = Some(c);
            }
        });
    });
    ui.separator();
    ui.strong(tr.t("briefing-heading"));
    if let Some(sum) = &s.summary {
        ui.label(text(&sum.value, tr));
    }
    ui.add_space(6.0);
    ui.strong(tr.t("briefing-objectives"));
    for o in &s.objectives {
        ui.label(format!("• {}", text(&o.value, tr)));
    }
    ui.add_space(6.0);
    ui.strong(tr.t("briefing-party"));
    ui.label(format!(
        "{} — {}",
        text(&s.party.name.value, tr),
        text(&s.party.business.value, tr)
    ));
    if let Some(h) = &s.party.history {
        ui.label(text(&h.value, tr));
    }
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        ui.label(tr.t("briefing-seed"));
        ui.add(egui::TextEdit::singleline(seed).desired_width(120.0));
        let start = ui.button(egui::RichText::new(tr.t("briefing-start")).strong());
        if start.clicked() || ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            out = Some(Command::Start {
                seed: seed.trim().parse().ok(),
            });
        }
    });
    out
}
