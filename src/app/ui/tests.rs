//! Panels tested headless with egui_kittest: find widgets by label, click, press keys, and
//! check the command that comes out.

use super::{debrief, desk, exam, form, home, play, Command};
use crate::app::i18n::Tr;
use crate::app::model::{Catalog, FormState, Play};
use crate::app::settings::Settings;
use crate::discretion::Band;
use crate::log::recorder::Recorder;
use crate::log::Header;
use crate::measures::{Measure, Step};
use crate::runtime::{FormView, Input, Mode, Session};
use crate::text::Lang;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use std::path::PathBuf;

fn catalog() -> Catalog {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    Catalog {
        cases: crate::catalog::load_all(&dir).unwrap(),
        ..Default::default()
    }
}

fn food_play() -> Play {
    play_of("food.expired_yogurt")
}

#[test]
fn home_lists_the_cases_and_selects_one() {
    let cat = catalog();
    let title = cat.cases[2].case.scenario.title.value.zh.clone().unwrap();
    let tr = Tr::new(Lang::Zh);
    let mut h = Harness::new_ui_state(
        |ui, st: &mut (Settings, Option<Command>)| {
            if let Some(c) = home::panel(ui, &tr, &cat, &mut st.0) {
                st.1 = Some(c);
            }
        },
        (Settings::default(), None),
    );
    h.get_by_label(&title).click();
    h.run();
    assert_eq!(h.state().1, Some(Command::Select(2)));
    h.get_by_label("English").click();
    h.run();
    assert_eq!(h.state().1, Some(Command::SetLang(Lang::En)));
}

#[test]
fn choices_are_taken_by_click_and_by_typed_number_and_enter() {
    let mut h = scene_harness(food_play());
    h.get_by_label_contains("出示执法证件").click();
    h.run();
    assert_eq!(
        h.state().1,
        Some(Command::Choose("show_credentials".into()))
    );
    // A number key alone only types: Enter confirms, as the hint says.
    h.state_mut().1 = None;
    h.key_press(bevy_egui::egui::Key::Num2);
    h.run();
    assert_eq!(h.state().1, None);
    h.get_by_label("已输入：2");
    h.key_press(bevy_egui::egui::Key::Enter);
    h.run();
    assert_eq!(h.state().1, Some(Command::Choose("count_goods".into())));
    // Taken (as the screen would), the same number again picks nothing else: it is gone.
    let events = h
        .state_mut()
        .0
        .input(Input::Choose {
            id: "count_goods".into(),
        })
        .unwrap();
    h.state_mut().0.events.extend(events);
    h.state_mut().1 = None;
    h.run();
    h.key_press(bevy_egui::egui::Key::Num2);
    h.run();
    h.key_press(bevy_egui::egui::Key::Enter);
    h.run();
    assert_eq!(h.state().1, None);
    assert_eq!(
        h.state().0.error.as_deref(),
        Some("编号 2 的选项已不再提供。")
    );
    // The others kept their numbers.
    h.get_by_label_contains("3. 查看进货票据");
    // Esc clears what was typed; a number never given says so.
    for k in [bevy_egui::egui::Key::Num9, bevy_egui::egui::Key::Escape] {
        h.key_press(k);
        h.run();
    }
    assert!(h.state().0.typed.is_empty());
    for k in [
        bevy_egui::egui::Key::Num4,
        bevy_egui::egui::Key::Num2,
        bevy_egui::egui::Key::Enter,
    ] {
        h.key_press(k);
        h.run();
    }
    assert_eq!(h.state().1, None);
    assert_eq!(h.state().0.error.as_deref(), Some("没有编号为 42 的选项。"));
}

#[test]
fn a_coercive_or_hard_choice_asks_for_confirmation_and_a_flexible_one_does_not() {
    let mut h = scene_harness(food_play());
    // Sealing (a coercive measure): asked first, nothing taken yet.
    h.get_by_label_contains("就地查封过期酸奶").click();
    h.run();
    assert_eq!(h.state().1, None);
    h.get_by_label_contains("确定要“就地查封过期酸奶”吗？");
    h.get_by_label_contains("行政强制措施");
    // Esc cancels; asked again, the confirm button takes it.
    h.key_press(bevy_egui::egui::Key::Escape);
    h.run();
    assert_eq!(h.state().0.confirming, None);
    h.get_by_label_contains("就地查封过期酸奶").click();
    h.run();
    h.get_by_label("确认执行（回车）").click();
    h.run();
    assert_eq!(h.state().1, Some(Command::Choose("seal_yogurt".into())));
    assert_eq!(h.state().0.confirming, None);
    // Ordering the goods off the shelf (flexible): taken at once.
    h.state_mut().1 = None;
    h.get_by_label_contains("责令当场下架").click();
    h.run();
    assert_eq!(h.state().1, Some(Command::Choose("order_removal".into())));
}

/// The scene panel in Chinese over `play`, keeping the command it gives.
fn scene_harness(play: Play) -> Harness<'static, (Play, Option<Command>)> {
    let tr = Tr::new(Lang::Zh);
    Harness::new_ui_state(
        move |ui, st: &mut (Play, Option<Command>)| {
            if let Some(c) = play::scene(ui, &tr, &mut st.0) {
                st.1 = Some(c);
            }
        },
        (play, None),
    )
}

/// A case's play as it starts, for `id`.
fn play_of(id: &str) -> Play {
    let cat = catalog();
    let loaded = cat
        .cases
        .iter()
        .find(|c| c.case.scenario.id.value == id)
        .unwrap()
        .clone();
    let header = Header {
        trainee: "t".into(),
        workstation: "test".into(),
        mode: Mode::Practice,
        seed: 1,
        scenario: loaded.scenario.clone(),
        standards: loaded.standards.clone(),
        scoring: Default::default(),
        plan: None,
    };
    let data = std::env::temp_dir().join(format!("cailiang-ui-{}", std::process::id()));
    let (rec, events) = Recorder::begin(loaded.case.clone(), &header, &data).unwrap();
    Play::new(rec, events)
}

#[test]
fn every_choice_is_reachable_by_keyboard_even_past_nine() {
    // The case whose opening offers the most choices (Advanced cases offer more than nine).
    let cat = catalog();
    let (id, count) = cat
        .cases
        .iter()
        .map(|c| {
            let id = c.case.scenario.id.value.clone();
            let n = play_of(&id).prompt().map_or(0, |p| p.choices.len());
            (id, n)
        })
        .max_by_key(|(_, n)| *n)
        .unwrap();
    assert!(
        count >= 10,
        "no case opens with ten or more choices ({id}: {count})"
    );
    let last = play_of(&id).prompt().unwrap().choices[count - 1].id.clone();
    let mut h = scene_harness(play_of(&id));
    h.run();
    let digit = |d: char| match d {
        '0' => bevy_egui::egui::Key::Num0,
        '1' => bevy_egui::egui::Key::Num1,
        '2' => bevy_egui::egui::Key::Num2,
        '3' => bevy_egui::egui::Key::Num3,
        '4' => bevy_egui::egui::Key::Num4,
        '5' => bevy_egui::egui::Key::Num5,
        '6' => bevy_egui::egui::Key::Num6,
        '7' => bevy_egui::egui::Key::Num7,
        '8' => bevy_egui::egui::Key::Num8,
        _ => bevy_egui::egui::Key::Num9,
    };
    for d in count.to_string().chars() {
        h.key_press(digit(d));
        h.run();
    }
    h.key_press(bevy_egui::egui::Key::Enter);
    h.run();
    assert_eq!(h.state().1, Some(Command::Choose(last)));
}

#[test]
fn the_case_file_shows_established_facts() {
    let tr = Tr::new(Lang::Zh);
    let mut p = food_play();
    let events = p
        .input(Input::Choose {
            id: "count_goods".into(),
        })
        .unwrap();
    p.events.extend(events);
    let h = Harness::new_ui_state(|ui, p: &mut Play| play::case_file(ui, &tr, p), p);
    assert!(h.query_by_label_contains("涉案食品货值金额").is_some());
    assert!(h.query_by_label_contains("证据").is_some());
}

fn form_view() -> FormView {
    FormView {
        measures: vec![
            Measure::NoPenalty,
            Measure::Education,
            Measure::Fine,
            Measure::OrderToRectify,
        ],
        steps: vec![Step::NotifyRights],
        fine: true,
        deadline: true,
        statutory: Some(Band {
            min: 50_000,
            max: 100_000,
        }),
    }
}

#[test]
fn the_form_validates_the_fine_and_submits() {
    let tr = Tr::new(Lang::Zh);
    let view = form_view();
    let mut h = Harness::new_ui_state(
        |ui, st: &mut (FormState, Option<Command>)| {
            if let Some(c) = form::panel(ui, &tr, &view, &mut st.0) {
                st.1 = Some(c);
            }
        },
        (FormState::default(), None),
    );
    h.get_by_label("罚款").click();
    h.run();
    assert!(h.state().0.measures.contains(&Measure::Fine));
    assert!(
        h.query_by_label_contains("法定幅度：50000–100000 元")
            .is_some(),
        "practice mode shows the range"
    );
    h.state_mut().0.fine = "五万".into();
    h.get_by_label("提交处理决定").click();
    h.run();
    assert_eq!(h.state().1, None);
    assert!(h.query_by_label("请输入大于 0 的金额").is_some());
    h.state_mut().0.fine = "60,000".into();
    h.get_by_label("事先告知拟处罚内容及权利").click();
    h.run();
    h.get_by_label("提交处理决定").click();
    h.run();
    match &h.state().1 {
        Some(Command::Decide(d)) => {
            assert_eq!(d.fine, Some(60_000.0));
            assert_eq!(d.steps, vec![Step::NotifyRights]);
        }
        other => panic!("expected a decision, got {other:?}"),
    }
}

#[test]
fn the_debrief_explains_and_offers_a_new_seed() {
    let tr = Tr::new(Lang::Zh);
    let p = food_play();
    let mut s = Session::start(std::sync::Arc::new(p.case().clone()), 1, Mode::Practice);
    for id in [
        "show_credentials",
        "count_goods",
        "check_invoices",
        "check_record",
        "order_removal",
        "go_decide",
    ] {
        s.input(Input::Choose { id: id.into() }).unwrap();
    }
    s.input(Input::Decide(crate::runtime::DecisionInput {
        measures: vec![Measure::Fine],
        fine: Some(1000.0),
        ..Default::default()
    }))
    .unwrap();
    let d = s.debrief().unwrap().clone();
    let mut h = Harness::builder()
        .with_size(bevy_egui::egui::vec2(1000.0, 1600.0))
        .build_ui_state(
            |ui, out: &mut Option<Command>| {
                if let Some(c) =
                    debrief::panel(ui, &tr, &d, None, Some(std::path::Path::new("x.jsonl")))
                {
                    *out = Some(c);
                }
            },
            None,
        );
    let verdict = format!("{}（{}）", tr.t("debrief-failed"), tr.t("debrief-critical"));
    assert!(h.query_by_label(&verdict).is_some());
    assert!(h
        .query_by_label_contains("legality.penalty_where_none_lawful")
        .is_some());
    // The legal basis in Chinese: the content's English annotations are left out.
    assert!(h.query_by_label_contains("培训惯例").is_some());
    assert!(h.query_by_label_contains("training convention").is_none());
    h.get_by_label("换一个种子再来一次").click();
    h.run();
    assert_eq!(h.state(), &Some(Command::PlayAgain));
}

fn enrolee(id: &str) -> crate::station::wire::Enrolee {
    crate::station::wire::Enrolee {
        id: id.into(),
        name: "王明".into(),
        unit: "城东市场监管所".into(),
    }
}

#[test]
fn the_assessment_screen_joins_and_starts_a_case() {
    use crate::app::station::Exam;
    use crate::station::wire::{Assignment, CaseView};
    let tr = Tr::new(Lang::Zh);
    let cat = catalog();
    let yogurt = cat
        .cases
        .iter()
        .find(|c| c.case.scenario.id.value == "food.expired_yogurt")
        .unwrap();
    let title = yogurt.case.scenario.title.value.clone();
    let mut h = Harness::new_ui_state(
        |ui, st: &mut (Settings, Exam, Option<Command>)| {
            if let Some(c) = exam::panel(ui, &tr, &mut st.0, &st.1) {
                st.2 = Some(c);
            }
        },
        (Settings::default(), Exam::default(), None),
    );
    h.get_by_label("加入").click();
    h.run();
    assert_eq!(h.state().2, Some(Command::ExamJoin));
    h.state_mut().1.assignment = Some(Assignment {
        trainee: enrolee("t01"),
        plan: "plan.x".into(),
        title: crate::text::Text {
            zh: Some("入门考核".into()),
            en: Some("Intro".into()),
        },
        cases: vec![CaseView {
            scenario: "food.expired_yogurt".into(),
            title: title.clone(),
            attempts_used: 0,
            attempts: 1,
            required: true,
            result: None,
        }],
        active: None,
    });
    h.run();
    assert!(h.query_by_label_contains("入门考核").is_some());
    assert!(h.query_by_label_contains("城东市场监管所").is_some());
    assert!(h.query_by_label("0 / 1").is_some());
    h.get_by_label("开始").click();
    h.run();
    assert_eq!(
        h.state().2,
        Some(Command::ExamStart("food.expired_yogurt".into()))
    );
    // An attempt in progress is continued, not started again.
    h.state_mut().1.assignment.as_mut().unwrap().active = Some("food.expired_yogurt".into());
    h.state_mut().2 = None;
    h.run();
    h.get_by_label("开始").click();
    h.run();
    assert_eq!(h.state().2, None, "start is disabled while an attempt runs");
    h.get_by_label("继续作答").click();
    h.run();
    assert_eq!(h.state().2, Some(Command::ExamContinue));
}

#[test]
fn the_desk_shows_every_trainee_and_acts_on_one() {
    use crate::app::station::Desk;
    use crate::station::wire::Row;
    let tr = Tr::new(Lang::Zh);
    let cat = catalog();
    let rows = vec![Row {
        trainee: enrolee("t01"),
        scenario: Some("food.expired_yogurt".into()),
        scene: Some("shop_floor".into()),
        elapsed_s: Some(125),
        time_left_s: Some(200),
        decisions: 0,
        finished: 1,
        passed: 1,
    }];
    let mut h = Harness::builder()
        .with_size(bevy_egui::egui::vec2(1400.0, 600.0))
        .build_ui_state(
            |ui, st: &mut (Desk, Option<Command>)| {
                let rows = rows.clone();
                if let Some(c) =
                    desk::panel_rows(ui, &tr, &mut st.0, &cat, Some((true, None, rows)))
                {
                    st.1 = Some(c);
                }
            },
            (Desk::default(), None),
        );
    h.run();
    assert!(h.query_by_label("t01 王明").is_some());
    assert!(h.query_by_label("城东市场监管所").is_some());
    assert!(h.query_by_label("社区便利店销售过期酸奶").is_some());
    assert!(h.query_by_label("2:05").is_some(), "elapsed time");
    assert!(h.query_by_label("3:20").is_some(), "time left");
    assert!(h.query_by_label("实时更新中").is_some());
    assert!(
        h.query_by_label_contains("food.").is_none(),
        "no internal ids in the Chinese view"
    );
    h.get_by_label("延时 10 分钟").click();
    h.run();
    assert_eq!(h.state().1, Some(Command::DeskExtend("t01".into())));
    h.get_by_label("结束作答").click();
    h.run();
    assert_eq!(h.state().1, Some(Command::DeskEnd("t01".into())));
    h.state_mut()
        .0
        .drafts
        .insert("t01".into(), "注意告知权利".into());
    h.run();
    h.get_by_label("标注").click();
    h.run();
    assert_eq!(h.state().1, Some(Command::DeskNote("t01".into())));
}
