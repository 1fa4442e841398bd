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
    let mut h = Harness::builder()
        .with_size(bevy_egui::egui::vec2(1280.0, 800.0))
        .build_ui_state(
            |ui, st: &mut (Settings, Option<Command>)| {
                if let Some(c) = home::panel(ui, &tr, &cat, &mut st.0) {
                    st.1 = Some(c);
                }
            },
            (Settings::default(), None),
        );
    h.run();
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
    // Empty: said only once the trainee tries to submit.
    assert!(h.query_by_label("请填写罚款金额").is_none());
    h.get_by_label("提交处理决定").click();
    h.run();
    assert_eq!(h.state().1, None);
    assert!(h.query_by_label("请填写罚款金额").is_some());
    // Not a number: said so, beside the field, at once.
    h.state_mut().0.fine = "abc".into();
    h.run();
    assert!(h.query_by_label("请填写罚款金额").is_none());
    assert!(h.query_by_label("罚款金额须为数字，例如 5000").is_some());
    h.state_mut().0.fine = "0".into();
    h.run();
    assert!(h.query_by_label("请输入大于 0 的金额").is_some());
    // Fixed: the error goes without another submit.
    h.state_mut().0.fine = "60,000".into();
    h.run();
    assert!(h.query_by_label_contains("罚款金额须").is_none());
    assert!(h.query_by_label("请输入大于 0 的金额").is_none());
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
fn ticking_a_measure_moves_nothing_in_the_form() {
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
    h.run();
    let where_ = |h: &Harness<'_, (FormState, Option<Command>)>| {
        [
            "提交处理决定",
            "责令限期改正",
            "事先告知拟处罚内容及权利",
            "罚款",
        ]
        .map(|l| h.get_by_label(l).rect())
    };
    let before = where_(&h);
    for label in ["罚款", "责令限期改正"] {
        h.get_by_label(label).click();
        h.run();
        assert_eq!(where_(&h), before, "ticking {label} moved the form");
    }
    assert!(h.state().0.measures.contains(&Measure::Fine));
}

/// The yogurt case decided with a fine where none was lawful, no notice, no education.
fn harsh_debrief() -> crate::scoring::Debrief {
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
    s.debrief().unwrap().clone()
}

fn debrief_harness(lang: Lang, size: (f32, f32)) -> Harness<'static, Option<Command>> {
    let tr = Tr::new(lang);
    let d = harsh_debrief();
    Harness::builder()
        .with_size(bevy_egui::egui::vec2(size.0, size.1))
        .build_ui_state(
            move |ui, out: &mut Option<Command>| {
                let log = Some(std::path::Path::new("/data/sessions/x.jsonl"));
                if let Some(c) = debrief::panel(ui, &tr, &d, Mode::Practice, None, log) {
                    *out = Some(c);
                }
            },
            None,
        )
}

/// Text no trainee should read: a dotted rule or scene id (`legality.no_fine`), a CamelCase
/// variant name (`MayWaive`), a log path, a scene path.
fn internal_text(l: &str) -> bool {
    let dotted = l
        .split(|c: char| !(c.is_ascii_lowercase() || c == '_' || c == '.'))
        .any(|w| {
            let parts: Vec<&str> = w.split('.').collect();
            parts.len() >= 2 && parts.iter().all(|p| p.len() >= 2)
        });
    let camel = l.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
        let b = w.as_bytes();
        b.len() > 3
            && b[0].is_ascii_uppercase()
            && b[1..].iter().any(|c| c.is_ascii_uppercase())
            && b.iter().any(|c| c.is_ascii_lowercase())
    });
    dotted || camel || l.contains("jsonl") || l.contains('→')
}

/// Every text the accessibility tree shows.
fn all_labels<S>(h: &Harness<'_, S>) -> Vec<String> {
    let seen = std::cell::RefCell::new(Vec::new());
    let _ = h
        .query_all(egui_kittest::kittest::by().predicate(|n| {
            let text = if n.role() == bevy_egui::egui::accesskit::Role::Label {
                n.value()
            } else {
                n.label()
            };
            seen.borrow_mut().extend(text);
            false
        }))
        .count();
    seen.into_inner()
}

#[test]
fn the_debrief_says_the_verdict_first_and_keeps_score_and_buttons_in_view() {
    let mut h = debrief_harness(Lang::Zh, (1024.0, 640.0));
    h.run();
    let tr = Tr::new(Lang::Zh);
    h.get_by_label("依法应当：不予处罚；你的决定：罚款，罚款 1000 元。");
    let verdict = format!("{}（{}）", tr.t("debrief-failed"), tr.t("debrief-critical"));
    for label in [
        "总分 43.7 / 100",
        verdict.as_str(),
        "换一个种子再来一次",
        "返回案例库",
    ] {
        let r = h.get_by_label(label).rect();
        assert!(r.max.y <= 640.0, "{label} is out of view at {r:?}");
    }
    // The model answer beside the decision.
    let yours = h.get_by_label("你的决定").rect();
    let model = h.get_by_label("参考答案").rect();
    assert!((yours.min.y - model.min.y).abs() < 1.0 && model.min.x > yours.max.x);
    h.get_by_label("换一个种子再来一次").click();
    h.run();
    assert_eq!(h.state(), &Some(Command::PlayAgain));
}

#[test]
fn the_chinese_debrief_has_no_ids_and_one_entry_per_failure_until_details_are_opened() {
    let mut h = debrief_harness(Lang::Zh, (1000.0, 1600.0));
    h.run();
    let labels = all_labels(&h);
    assert!(labels.len() > 10);
    for l in &labels {
        assert!(!internal_text(l), "id text in the Chinese debrief: {l}");
    }
    // Grouped by dimension in plain words, with the basis on one line.
    assert!(
        h.query_all_by_label("合法性").count() >= 2,
        "the chart and a heading"
    );
    assert!(h.query_by_label_contains("培训惯例").is_some());
    assert!(h.query_by_label_contains("training convention").is_none());
    // One failure, one entry: each explanation appears once.
    let d = harsh_debrief();
    for x in &d.deductions {
        let zh = x.explanation.zh.clone().unwrap();
        let n = labels.iter().filter(|l| l.contains(&zh)).count();
        assert!(n <= 1, "{zh} shown {n} times");
    }
    h.get_by_label_contains("详细信息").click();
    h.run();
    assert!(h
        .query_by_label_contains("legality.penalty_where_none_lawful")
        .is_some());
    assert!(h.query_by_label_contains("x.jsonl").is_some());
}

#[test]
fn the_english_debrief_reads_in_english() {
    let mut h = debrief_harness(Lang::En, (1000.0, 1600.0));
    h.run();
    h.get_by_label_contains("The law called for: no penalty");
    assert!(h.query_all_by_label("Legality").count() >= 1);
    for l in all_labels(&h) {
        assert!(!internal_text(&l), "an internal name in English text: {l}");
        let han = l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        // Legal citations keep their Chinese names (the content has no official translation).
        let citation = l.trim_start().starts_with("Basis: ");
        assert!(
            !han || citation || l == "中文",
            "Chinese in the English debrief: {l}"
        );
    }
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

#[test]
fn each_launch_asks_who_is_playing_offering_the_last_id_without_assuming_it() {
    use super::who;
    let tr = Tr::new(Lang::Zh);
    let mut h = Harness::builder()
        .with_size(bevy_egui::egui::vec2(1024.0, 640.0))
        .build_ui_state(
            |ui, st: &mut (String, Option<Command>)| {
                if let Some(c) = who::panel(ui, &tr, &mut st.0, "t07") {
                    st.1 = Some(c);
                }
            },
            (String::new(), None),
        );
    h.run();
    // Nothing typed: the modes cannot be chosen yet, and the last id is only offered.
    h.get_by_label("练习（有提示）").click();
    h.run();
    assert_eq!(h.state().1, None);
    assert!(h.query_by_label("请先输入学员编号").is_some());
    h.get_by_label("上一位：t07（点此填入）").click();
    h.run();
    assert_eq!(h.state().0, "t07");
    h.get_by_label_contains("模拟考核").click();
    h.run();
    assert_eq!(
        h.state().1,
        Some(Command::Identify {
            trainee: "t07".into(),
            mode: Mode::Assessment
        })
    );
}

#[test]
fn every_trainee_screen_shows_the_mode_badge() {
    let tr = Tr::new(Lang::Zh);
    let cat = catalog();
    let settings = Settings {
        trainee: "t01".into(),
        mode: Mode::Assessment,
        ..Default::default()
    };
    let h = Harness::builder()
        .with_size(bevy_egui::egui::vec2(1280.0, 800.0))
        .build_ui_state(
            |ui, st: &mut Settings| {
                let _ = home::panel(ui, &tr, &cat, st);
            },
            settings,
        );
    assert!(h.query_by_label(" 模拟考核 ").is_some());
    assert!(h.query_by_label("学员：t01").is_some());
    let case = &cat.cases[0];
    let h = Harness::new_ui(|ui| {
        let _ = super::briefing::panel(ui, &tr, case, Mode::Practice, None);
    });
    assert!(h.query_by_label(" 练习模式 ").is_some());
    // A trainee is not offered the seed.
    assert!(h.query_by_label("种子").is_none());
    let h = debrief_harness(Lang::Zh, (1024.0, 640.0));
    assert!(h.query_by_label(" 练习模式 ").is_some());
    let h = Harness::new_ui_state(
        |ui, st: &mut (Settings, crate::app::station::Exam)| {
            let _ = exam::panel(ui, &tr, &mut st.0, &st.1);
        },
        (Settings::default(), Default::default()),
    );
    assert!(h.query_by_label(" 工作站考核 ").is_some());
}

#[test]
fn an_instructor_seed_must_be_a_number() {
    let tr = Tr::new(Lang::Zh);
    let cat = catalog();
    let case = cat.cases[0].clone();
    let mut h = Harness::new_ui_state(
        move |ui, st: &mut (String, Option<Command>)| {
            if let Some(c) = super::briefing::panel(ui, &tr, &case, Mode::Practice, Some(&mut st.0))
            {
                st.1 = Some(c);
            }
        },
        ("abc".to_string(), None),
    );
    h.run();
    assert!(h.query_by_label("种子须为非负整数，或留空").is_some());
    h.get_by_label("进入现场").click();
    h.run();
    assert_eq!(h.state().1, None);
    h.state_mut().0 = "42".into();
    h.run();
    h.get_by_label("进入现场").click();
    h.run();
    assert_eq!(h.state().1, Some(Command::Start { seed: Some(42) }));
}

#[test]
fn the_play_screen_has_a_way_out_asked_first() {
    let mut h = scene_harness(food_play());
    h.run();
    h.key_press(bevy_egui::egui::Key::Escape);
    h.run();
    assert!(h.state().0.quitting);
    h.get_by_label("继续办案").click();
    h.run();
    assert!(!h.state().0.quitting && h.state().1.is_none());
    h.key_press(bevy_egui::egui::Key::Escape);
    h.run();
    h.get_by_label("退出并保存").click();
    h.run();
    assert_eq!(h.state().1, Some(Command::Abandon));
}

#[test]
fn the_choices_stay_in_place_as_the_story_grows() {
    let mut h = scene_harness(food_play());
    h.run();
    let heading = h.get_by_label("你的选择").rect();
    let top = |h: &Harness<'_, (Play, Option<Command>)>| {
        h.query_all(egui_kittest::kittest::by().predicate(|n| {
            n.role() == bevy_egui::egui::accesskit::Role::Button
                && n.label().is_some_and(|l| l.contains(". "))
        }))
        .map(|n| n.rect().min.y)
        .fold(f32::MAX, f32::min)
    };
    let first = top(&h);
    for id in ["show_credentials", "count_goods", "check_record"] {
        let p = &mut h.state_mut().0;
        let before = p.events.len();
        let events = p.input(Input::Choose { id: id.into() }).unwrap();
        p.events.extend(events);
        p.since_input = before;
        h.run();
        assert_eq!(h.get_by_label("你的选择").rect(), heading, "after {id}");
        assert_eq!(top(&h), first, "the first choice moved after {id}");
    }
}

#[test]
fn chips_stay_with_their_items_and_errors_sit_beside_their_field() {
    let tr = Tr::new(Lang::Zh);
    let view = form_view();
    let state = FormState {
        measures: [Measure::Fine].into(),
        fine: "abc".into(),
        ..Default::default()
    };
    let h = Harness::builder()
        .with_size(bevy_egui::egui::vec2(560.0, 600.0))
        .build_ui_state(
            |ui, st: &mut FormState| {
                let _ = form::panel(ui, &tr, &view, st);
            },
            state,
        );
    // Each chip is on its checkbox's row, just left of it, at any width.
    for (chip, item) in [("柔性", "不予行政处罚"), ("刚性", "罚款")] {
        let item = h.get_by_label(item).rect();
        let chip = h
            .query_all_by_label(&format!(" {chip} "))
            .map(|n| n.rect())
            .filter(|r| r.max.x <= item.min.x + 1.0)
            .min_by(|a, b| (item.min.x - a.max.x).total_cmp(&(item.min.x - b.max.x)))
            .unwrap();
        assert!(
            item.min.x - chip.max.x < 30.0,
            "{chip:?} is far from {item:?}"
        );
        assert!((chip.center().y - item.center().y).abs() < item.height());
    }
    let field = h.get_by_label("罚款金额（元）").rect();
    let error = h.get_by_label("罚款金额须为数字，例如 5000").rect();
    assert!(
        (error.center().y - field.center().y).abs() < field.height(),
        "beside"
    );
}

#[test]
fn inputs_and_checkboxes_have_visible_borders() {
    let ctx = bevy_egui::egui::Context::default();
    crate::app::style::apply(&ctx, 1280.0, 800.0);
    let v = ctx.style_of(bevy_egui::egui::Theme::Light).visuals.clone();
    let bg = crate::app::style::PANEL;
    let border = v.widgets.inactive.bg_stroke;
    assert!(border.width >= 1.0);
    assert!(
        crate::app::style::contrast(border.color, bg) >= 3.0,
        "non-text contrast"
    );
    assert!(
        v.widgets.inactive.fg_stroke.width >= 2.0,
        "a tick you can see"
    );
    assert!(crate::app::style::contrast(v.widgets.inactive.fg_stroke.color, bg) >= 4.5);
}

#[test]
fn the_home_screen_fills_a_wide_window_with_case_cards() {
    let tr = Tr::new(Lang::Zh);
    let cat = catalog();
    let settings = Settings {
        trainee: "t01".into(),
        ..Default::default()
    };
    let h = Harness::builder()
        .with_size(bevy_egui::egui::vec2(1920.0, 1080.0))
        .build_ui_state(
            |ui, st: &mut Settings| {
                let _ = home::panel(ui, &tr, &cat, st);
            },
            settings,
        );
    let right = h
        .query_all_by_label("查看案情")
        .map(|n| n.rect().max.x)
        .fold(0.0, f32::max);
    assert!(right > 1500.0, "the cards stop at x = {right}");
    let rows: std::collections::BTreeSet<i32> = h
        .query_all_by_label("查看案情")
        .map(|n| n.rect().min.y as i32)
        .collect();
    assert!(rows.len() < cat.cases.len(), "cards side by side");
    // Practice and mock-assessment results kept apart on every card.
    assert_eq!(h.query_all_by_label("练习最佳：—").count(), cat.cases.len());
    assert_eq!(
        h.query_all_by_label("模拟考核最佳：—").count(),
        cat.cases.len()
    );
}

#[test]
fn a_resume_row_reads_as_a_title_and_a_time() {
    let cat = catalog();
    let u = crate::app::model::Unfinished {
        path: "x.jsonl".into(),
        scenario: "food.expired_yogurt".into(),
        trainee: "t01".into(),
        started: "2026-12-01T07:38:12.000Z".into(),
        inputs: 3,
        abandoned: true,
        mode: Mode::Practice,
    };
    let row = super::home::resume_row(&u, &cat, &Tr::new(Lang::Zh));
    assert_eq!(
        row,
        "社区便利店销售过期酸奶 · 练习模式 · 2026年12月1日 15:38 · 已完成 3 步 · 中途退出"
    );
    assert!(!internal_text(&row));
}

#[test]
fn the_authoring_strip_shows_the_file_and_the_graph_window_its_coverage() {
    use crate::app::authoring::Authoring;
    let dir = std::env::temp_dir().join(format!("cailiang-ui-author-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let file = dir.join("case.ron");
    std::fs::copy(root.join("tests/fixtures/minimal.ron"), &file).unwrap();
    let standards = Some(root.join("scenarios/standards"));
    let (mut a, play) = Authoring::open(&file, standards, 1, &dir.join("data")).unwrap();
    let case = std::sync::Arc::new(play.case().clone());
    let x = crate::explore::exhaustive(&case);
    a.graph = Some(crate::casegraph::build(
        &case.scenario,
        &crate::casegraph::coverage(&case, &x),
    ));
    a.error = Some("error[E0011]: no scene or ending has the id `decid`".into());
    let tr = Tr::new(Lang::Zh);
    let mut h = Harness::builder()
        .with_size(bevy_egui::egui::vec2(1280.0, 800.0))
        .build_ui_state(
            move |ui, a: &mut Authoring| {
                super::authoring::strip(ui, &tr, a);
                super::authoring::graph_window(ui.ctx(), &tr, a);
            },
            a,
        );
    h.run();
    assert!(h.query_by_label_contains("case.ron").is_some());
    assert!(h.query_by_label_contains("error[E0011]").is_some());
    assert!(
        h.query_by_label("■ 测试覆盖").is_none(),
        "the graph opens on request"
    );
    h.get_by_label("流程图").click();
    h.run();
    assert!(h.state().show_graph);
    assert!(h.query_by_label("■ 测试覆盖").is_some());
    assert!(h.query_by_label("■ 不可达").is_some());
    let _ = std::fs::remove_dir_all(&dir);
}
