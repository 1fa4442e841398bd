//! Case briefing: summary, objectives, the party; then into the site. The seed (which fixes the
//! drawn facts) is offered only to instructors (`cailiang app --instructor`).

use super::who::{badge, Badge};
use super::{language_switch, text, Command};
use crate::app::i18n::Tr;
use crate::app::style;
use crate::catalog::Loaded;
use bevy_egui::egui;

/// `seed`: `Some` (the seed being typed) for an instructor, `None` for a trainee.
pub fn panel(
    ui: &mut egui::Ui,
    tr: &Tr,
    case: &Loaded,
    mode: crate::runtime::Mode,
    seed: Option<&mut String>,
) -> Option<Command> {
    let mut out = None;
    let s = &case.case.scenario;
    ui.horizontal(|ui| {
        if ui.button(format!("← {}", tr.t("back"))).clicked() {
            out = Some(Command::Home);
        }
        ui.label(style::title(ui, text(&s.title.value, tr)));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(c) = language_switch(ui, tr) {
                out = Some(c);
            }
            badge(ui, tr, Badge::Mode(mode));
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
        let mut parsed = Ok(None);
        if let Some(seed) = seed {
            ui.label(tr.t("briefing-seed"));
            ui.add(
                egui::TextEdit::singleline(seed)
                    .desired_width(120.0)
                    .hint_text(tr.t("briefing-seed-hint"))
                    .id_salt("seed"),
            );
            parsed = match seed.trim() {
                "" => Ok(None),
                t => t.parse::<u64>().map(Some).map_err(|_| ()),
            };
        }
        let start = ui.add_enabled(
            parsed.is_ok(),
            egui::Button::new(egui::RichText::new(tr.t("briefing-start")).strong()),
        );
        if parsed.is_err() {
            ui.colored_label(style::ERROR, tr.t("briefing-seed-invalid"));
        }
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        if let (Ok(seed), true) = (parsed, start.clicked() || enter) {
            out = Some(Command::Start { seed });
        }
    });
    out
}
