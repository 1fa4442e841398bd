//! Panels as plain functions over data: each draws into an `egui::Ui` and returns the
//! `Command` the trainee gave, if any. No Bevy here, so they are tested with egui_kittest.

pub mod authoring;
pub mod briefing;
pub mod debrief;
pub mod desk;
pub mod exam;
pub mod form;
pub mod home;
pub mod play;
pub mod review;
#[cfg(test)]
mod review_tests;
pub mod settings;
#[cfg(test)]
mod tests;
pub mod who;

use super::i18n::Tr;
use super::style;
use crate::measures::{Measure, MeasureKind};
use crate::runtime::DecisionInput;
use crate::scenario::Action;
use crate::text::{Lang, Text};
use bevy_egui::egui;
use std::path::PathBuf;

/// What the trainee asked for.
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Who is playing, and in which mode (asked at every launch).
    Identify {
        trainee: String,
        mode: crate::runtime::Mode,
    },
    /// Back to the "who is playing" screen (another trainee takes the PC).
    SwitchTrainee,
    /// Open the briefing of the catalog's case at this index.
    Select(usize),
    /// Start the selected case; `None` draws a seed.
    Start {
        seed: Option<u64>,
    },
    Resume(PathBuf),
    Choose(String),
    Decide(DecisionInput),
    PlayAgain,
    /// Leave the case being played: logged as abandoned (it can be resumed from home), or, at
    /// a station, back to the assessment screen while the attempt stays open there.
    Abandon,
    Home,
    OpenSettings,
    CloseSettings,
    SetLang(Lang),
    /// Something in the settings changed: save them.
    SettingsChanged,
    /// The assessment screen (考核): join a workshop station.
    OpenExam,
    ExamJoin,
    /// Start an attempt at this case of the plan.
    ExamStart(String),
    /// Carry on with the attempt in progress, from the station's state.
    ExamContinue,
    /// The instructor's live view (教员台).
    OpenDesk,
    DeskConnect,
    /// More time for this trainee's attempt.
    DeskExtend(String),
    /// End this trainee's attempt.
    DeskEnd(String),
    /// Send the note drafted for this trainee.
    DeskNote(String),
    /// The reviewer's desk (审核台).
    OpenReview,
    /// Read the register's sessions again with the filters as set.
    ReviewRefresh,
    /// Open a session (by its log's SHA-256) for review.
    ReviewOpen(String),
    /// Back from a session to the list.
    ReviewClose,
    /// Review the open session with this machine's reviewer key.
    ReviewDecide(crate::register::review::Decision),
}

/// Text in the interface language.
pub fn text(t: &Text, tr: &Tr) -> String {
    t.get(tr.lang).to_string()
}

/// The tag of a choice: flexible / hard / coercive / investigate / procedure / talk.
pub fn action_tag(a: Action, tr: &Tr) -> Option<(String, egui::Color32)> {
    let key = match a {
        Action::Measure(m) => return Some(measure_tag(m, tr)),
        Action::Investigate => "tag-investigate",
        Action::Step(_) => "tag-procedure",
        Action::Talk => "tag-talk",
        Action::Move => return None,
    };
    Some((tr.t(key), style::TAG_OTHER))
}

pub fn measure_tag(m: Measure, tr: &Tr) -> (String, egui::Color32) {
    match m.kind() {
        MeasureKind::Flexible => (tr.t("tag-flexible"), style::TAG_FLEXIBLE),
        MeasureKind::Hard => (tr.t("tag-hard"), style::TAG_HARD),
        MeasureKind::Coercive => (tr.t("tag-coercive"), style::TAG_COERCIVE),
    }
}

pub fn measure_name(m: Measure, tr: &Tr) -> &'static str {
    if tr.lang == Lang::Zh {
        m.zh()
    } else {
        m.en()
    }
}

/// A small coloured tag before a label.
pub fn tag(ui: &mut egui::Ui, (label, color): (String, egui::Color32)) {
    ui.label(
        egui::RichText::new(format!(" {label} "))
            .color(egui::Color32::WHITE)
            .background_color(color)
            .small(),
    );
}

/// The language switch shown in every screen's top bar.
pub fn language_switch(ui: &mut egui::Ui, tr: &Tr) -> Option<Command> {
    let mut out = None;
    for (lang, key) in [(Lang::Zh, "lang-zh"), (Lang::En, "lang-en")] {
        if ui.selectable_label(tr.lang == lang, tr.t(key)).clicked() && tr.lang != lang {
            out = Some(Command::SetLang(lang));
        }
    }
    out
}
