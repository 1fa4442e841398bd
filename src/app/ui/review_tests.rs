//! The reviewer's desk tested headless with egui_kittest: the list opens a session; the session
//! steps through the replay with the standard's verdict and legal basis beside the decision, and
//! its buttons give the sign-off, rejection and referral commands.

use super::{review, Command};
use crate::app::i18n::Tr;
use crate::app::review::{Opened, ReviewDesk};
use crate::log::recorder::Recorder;
use crate::log::Header;
use crate::register::query::{Listed, Stored};
use crate::register::review::Decision;
use crate::runtime::Mode;
use crate::text::{Lang, Text};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use std::path::PathBuf;

/// A real session of the yogurt case played with the model answer, read back as a reviewer would.
fn opened() -> Opened {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let cases = crate::catalog::load_all(&dir).unwrap();
    let loaded = cases
        .iter()
        .find(|c| c.case.scenario.id.value == "food.expired_yogurt")
        .unwrap();
    let header = Header {
        trainee: "ann".into(),
        workstation: "test".into(),
        mode: Mode::Assessment,
        seed: 1,
        scenario: loaded.scenario.clone(),
        standards: loaded.standards.clone(),
        scoring: Default::default(),
        plan: None,
    };
    let data = std::env::temp_dir().join(format!("cailiang-review-ui-{}", std::process::id()));
    let (mut rec, _) = Recorder::begin(loaded.case.clone(), &header, &data).unwrap();
    let model = crate::model_play::model_play(&loaded.case, 1).unwrap();
    for i in model.inputs {
        rec.input(i).unwrap();
    }
    let log = std::fs::read_to_string(rec.log_path()).unwrap();
    let replay = crate::log::steps::replay(&log).unwrap();
    let labels = crate::facts::common_facts()
        .into_iter()
        .map(|d| (d.key, d.label))
        .collect();
    Opened {
        stored: Stored {
            log_sha256: crate::log::sha256_hex(log.as_bytes()),
            session: "s1".into(),
            trainee: "ann".into(),
            name: "王安".into(),
            unit: "城东市场监管所".into(),
            scenario: "food.expired_yogurt".into(),
            plan: None,
            plan_sha256: None,
            attempt: None,
            started: "2026-12-01T09:00:00Z".into(),
            station: None,
            status: "intact".into(),
            total: Some(100.0),
            passed: Some(true),
            certifiable: true,
            reasons: vec![],
            log,
        },
        replay,
        reviews: vec![],
        texts: Some((
            Text::new("社区便利店销售过期酸奶", "Expired yogurt"),
            labels,
        )),
        step: 0,
    }
}

fn harness(desk: ReviewDesk, tr: Tr) -> Harness<'static, (ReviewDesk, Option<Command>)> {
    Harness::builder()
        .with_size(bevy_egui::egui::vec2(1280.0, 800.0))
        .build_ui_state(
            move |ui, st: &mut (ReviewDesk, Option<Command>)| {
                if let Some(c) = review::panel(ui, &tr, &mut st.0) {
                    st.1 = Some(c);
                }
            },
            (desk, None),
        )
}

#[test]
fn the_list_shows_sessions_and_opens_one() {
    let o = opened();
    let mut desk = ReviewDesk {
        listed: true,
        ..Default::default()
    };
    desk.rows.push(Listed {
        session: "s1".into(),
        log_sha256: o.stored.log_sha256.clone(),
        trainee: "ann".into(),
        name: "王安".into(),
        unit: "城东市场监管所".into(),
        scenario: "food.expired_yogurt".into(),
        plan: Some("plan.x".into()),
        attempt: Some(1),
        mode: "assessment".into(),
        started: "2026-12-01T09:00:00Z".into(),
        station: None,
        status: "intact".into(),
        total: Some(100.0),
        passed: Some(true),
        certifiable: true,
        reasons: vec![],
        review: Some(("rejected".into(), 1)),
    });
    desk.titles.insert(
        "food.expired_yogurt".into(),
        "社区便利店销售过期酸奶".into(),
    );
    let mut h = harness(desk, Tr::new(Lang::Zh));
    h.run();
    assert!(h.query_by_label("王安（ann）").is_some());
    assert!(h.query_by_label("社区便利店销售过期酸奶").is_some());
    assert!(h.query_by_label("不通过（第 1 轮）").is_some());
    assert!(
        h.query_by_label_contains("food.").is_none(),
        "no internal ids in the Chinese view"
    );
    h.get_by_label("打开").click();
    h.run();
    assert_eq!(h.state().1, Some(Command::ReviewOpen(o.stored.log_sha256)));
    h.get_by_label("已签核").click();
    h.run();
    assert_eq!(h.state().1, Some(Command::ReviewRefresh));
    assert_eq!(h.state().0.show, crate::app::review::Show::Reviewed);
}

#[test]
fn a_session_steps_to_its_decision_with_the_verdict_beside_it() {
    let o = opened();
    let n = o.replay.steps.len();
    let decided = o
        .replay
        .steps
        .iter()
        .position(|s| !s.decisions.is_empty())
        .expect("a step with the decision");
    let desk = ReviewDesk {
        open: Some(o),
        ..Default::default()
    };
    let mut h = harness(desk, Tr::new(Lang::Zh));
    h.run();
    assert!(h.query_by_label(&format!("第 1 步，共 {n} 步")).is_some());
    assert!(h.query_by_label("此步没有作出处理决定。").is_some());
    assert!(h
        .query_by_label(
            "本机没有已登记的审核员密钥：可以查看，签核前请先运行 cailiang review key 并登记。"
        )
        .is_some());
    for _ in 0..decided {
        h.get_by_label("下一步").click();
        h.run();
    }
    assert_eq!(h.state().0.open.as_ref().unwrap().step, decided);
    assert!(h.query_by_label("裁量基准的评判").is_some());
    assert!(h.query_by_label("合法且适当").is_some());
    assert!(
        h.query_all_by_label_contains("依据：").count() > 0,
        "the legal basis"
    );
    assert!(
        h.query_all_by_label_contains("处理决定：").count() > 0,
        "the trainee's decision"
    );
    h.get_by_label("签核通过").click();
    h.run();
    assert_eq!(h.state().1, Some(Command::ReviewDecide(Decision::Approved)));
    h.get_by_label("不通过").click();
    h.run();
    assert_eq!(h.state().1, Some(Command::ReviewDecide(Decision::Rejected)));
    h.get_by_label("提交复核").click();
    h.run();
    assert_eq!(h.state().1, Some(Command::ReviewDecide(Decision::Referred)));
    h.get_by_label("← 返回").click();
    h.run();
    assert_eq!(h.state().1, Some(Command::ReviewClose));
}

#[test]
fn the_desk_reads_in_english_too() {
    let desk = ReviewDesk {
        open: Some(opened()),
        ..Default::default()
    };
    let mut h = harness(desk, Tr::new(Lang::En));
    h.run();
    assert!(h.query_by_label("Sign off").is_some());
    assert!(h.query_by_label("Refer to a second reviewer").is_some());
    assert!(h.query_by_label("Expired yogurt").is_some());
}
