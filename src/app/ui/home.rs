//! Home (案例库): who is playing and in which mode, unfinished sessions to resume, and the case
//! library as cards (sector, level, minutes, objectives, best practice and best mock-assessment
//! result kept apart) filling the window's width; the ways to an assessment at a station (考核),
//! the instructor's desk (教员台) and the reviewer's desk (审核台).

use super::who::{badge, Badge};
use super::{language_switch, text, Command};
use crate::app::i18n::Tr;
use crate::app::model::{Catalog, Unfinished};
use crate::app::settings::Settings;
use crate::app::style;
use crate::runtime::Mode;
use crate::text::Lang;
use bevy_egui::egui;

/// Card width in points (at least; cards stretch to fill a row).
const CARD_MIN: f32 = 300.0;

pub fn panel(
    ui: &mut egui::Ui,
    tr: &Tr,
    catalog: &Catalog,
    settings: &mut Settings,
) -> Option<Command> {
    let mut out = None;
    ui.horizontal(|ui| {
        ui.label(style::title(ui, tr.t("app-title")));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(tr.t("home-settings")).clicked() {
                out = Some(Command::OpenSettings);
            }
            if ui.button(tr.t("home-review")).clicked() {
                out = Some(Command::OpenReview);
            }
            if ui.button(tr.t("home-desk")).clicked() {
                out = Some(Command::OpenDesk);
            }
            if ui.button(tr.t("home-exam")).clicked() {
                out = Some(Command::OpenExam);
            }
            if let Some(c) = language_switch(ui, tr) {
                out = Some(c);
            }
        });
    });
    ui.horizontal(|ui| {
        badge(ui, tr, Badge::Mode(settings.mode));
        ui.strong(tr.f("home-who", &[("id", &settings.trainee)]));
        if ui.button(tr.t("home-switch")).clicked() {
            out = Some(Command::SwitchTrainee);
        }
    });
    ui.separator();
    if let Some(e) = &catalog.error {
        ui.colored_label(style::ERROR, format!("{} {e}", tr.t("error-content")));
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let mine: Vec<&Unfinished> = catalog
                .unfinished
                .iter()
                .filter(|u| u.trainee == settings.trainee)
                .collect();
            if !mine.is_empty() {
                ui.heading(tr.t("home-resume-heading"));
                for u in mine {
                    ui.horizontal(|ui| {
                        if ui.button(tr.t("home-resume")).clicked() {
                            out = Some(Command::Resume(u.path.clone()));
                        }
                        ui.label(resume_row(u, catalog, tr));
                    });
                }
                ui.add_space(10.0);
            }
            ui.heading(tr.t("home-heading"));
            if catalog.results.is_empty() {
                ui.label(style::caption(tr.t("home-no-results")));
            }
            let width = ui.available_width();
            let spacing = ui.spacing().item_spacing.x;
            let cols = ((width + spacing) / (CARD_MIN + spacing)).floor().max(1.0) as usize;
            let card_w = (width - spacing * (cols as f32 - 1.0)) / cols as f32;
            for row in catalog.cases.chunks(cols).enumerate() {
                let (r, cases) = row;
                ui.horizontal_top(|ui| {
                    for (j, _) in cases.iter().enumerate() {
                        let i = r * cols + j;
                        if let Some(c) = card(ui, tr, catalog, settings, i, card_w) {
                            out = Some(c);
                        }
                    }
                });
                ui.add_space(spacing);
            }
        });
    out
}

/// One case as a card; its title or its button opens the briefing.
fn card(
    ui: &mut egui::Ui,
    tr: &Tr,
    catalog: &Catalog,
    settings: &Settings,
    i: usize,
    width: f32,
) -> Option<Command> {
    let s = &catalog.cases[i].case.scenario;
    let selected = catalog.selected == Some(i);
    let frame = egui::Frame::group(ui.style())
        .fill(egui::Color32::WHITE)
        .stroke(egui::Stroke::new(
            if selected { 2.0 } else { 1.0 },
            egui::Color32::from_gray(if selected { 60 } else { 170 }),
        ))
        .inner_margin(10.0);
    let r = frame.show(ui, |ui| {
        // The frame's margins (10 each side) and stroke come on top of the content width.
        ui.set_width(width - 24.0);
        ui.vertical(|ui| {
            ui.set_min_height(ui.text_style_height(&egui::TextStyle::Body) * 9.0);
            let title = ui.add(
                egui::Button::new(egui::RichText::new(text(&s.title.value, tr)).heading())
                    .frame(false)
                    .wrap(),
            );
            let sector = if tr.lang == Lang::Zh {
                s.sector.zh().to_string()
            } else {
                s.sector.en().to_string()
            };
            ui.label(style::caption(format!(
                "{sector} · {} · {}",
                tr.t(&format!("level-{:?}", s.difficulty)),
                tr.f("minutes", &[("n", &s.minutes)])
            )));
            for o in s.objectives.iter().take(3) {
                ui.add(egui::Label::new(format!("• {}", text(&o.value, tr))).wrap());
            }
            ui.add_space(4.0);
            for (mode, key) in [
                (Mode::Practice, "home-best-practice"),
                (Mode::Assessment, "home-best-assessment"),
            ] {
                let best = catalog
                    .best(&s.id.value, &settings.trainee, mode)
                    .map_or("—".to_string(), |b| format!("{b:.1}"));
                ui.label(style::caption(tr.f(key, &[("score", &best)])));
            }
            title.clicked() | ui.button(tr.t("home-open")).clicked()
        })
        .inner
    });
    r.inner.then_some(Command::Select(i))
}

/// An unfinished session as the trainee reads it: the case's title, when it started (Beijing
/// time), how far it got, and whether it was left on purpose.
pub fn resume_row(u: &Unfinished, catalog: &Catalog, tr: &Tr) -> String {
    let title = catalog
        .cases
        .iter()
        .find(|c| c.case.scenario.id.value == u.scenario)
        .map(|c| text(&c.case.scenario.title.value, tr))
        .unwrap_or_else(|| u.scenario.clone());
    let when = beijing_time(&u.started, tr.lang).unwrap_or_else(|| u.started.clone());
    let steps = if u.inputs == 0 {
        tr.t("home-resume-fresh")
    } else {
        tr.f("home-resume-steps", &[("n", &u.inputs)])
    };
    let mode = tr.t(match u.mode {
        Mode::Practice => "badge-practice",
        Mode::Assessment => "badge-assessment",
    });
    let left = if u.abandoned {
        format!(" · {}", tr.t("home-resume-left"))
    } else {
        String::new()
    };
    format!("{title} · {mode} · {when} · {steps}{left}")
}

/// `2026-12-01T07:38:12.123Z` as "12月1日 15:38" (China has one time zone, UTC+8), or
/// "1 Dec 15:38 (UTC+8)" in English.
pub fn beijing_time(rfc3339: &str, lang: Lang) -> Option<String> {
    let (date, time) = rfc3339.split_once('T')?;
    let date = crate::runtime::calendar::Date::parse(date)?;
    let h: i64 = time.get(0..2)?.parse().ok()?;
    let m: u32 = time.get(3..5)?.parse().ok()?;
    let minutes = date.to_days() * 1440 + h * 60 + m as i64 + 8 * 60;
    let d = crate::runtime::calendar::Date::from_days(minutes.div_euclid(1440));
    let (h, m) = (minutes.rem_euclid(1440) / 60, minutes.rem_euclid(60));
    Some(match lang {
        Lang::Zh => format!("{}年{}月{}日 {h:02}:{m:02}", d.y, d.m, d.d),
        Lang::En => {
            const MONTHS: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            format!(
                "{} {} {} {h:02}:{m:02} (UTC+8)",
                d.d,
                MONTHS[(d.m - 1) as usize],
                d.y
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_beijing_time() {
        assert_eq!(
            beijing_time("2026-12-01T07:38:12.123Z", Lang::Zh).as_deref(),
            Some("2026年12月1日 15:38")
        );
        assert_eq!(
            beijing_time("2026-12-31T20:05:00Z", Lang::En).as_deref(),
            Some("1 Jan 2027 04:05 (UTC+8)")
        );
        assert_eq!(beijing_time("garbage", Lang::Zh), None);
    }
}
