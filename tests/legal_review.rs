//! The findings of the legal review (issue "A scorer a legal reviewer would sign"), one test per
//! point, each on the shipped standards: what the v1 scorer got wrong and CATALOGUE.md v2.1 puts
//! right. Content points (the library cases) are covered by the cases' own embedded tests and by
//! `tests/model_answers.rs`.

use cailiang::content::{self, Library};
use cailiang::discretion::{assess, check_facts, Assessment, Coercion, FactError, Outcome};
use cailiang::scoring::{judge, Decision, Deduction};
use std::path::PathBuf;
use std::sync::OnceLock;

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| {
        let lib = content::load(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios")]);
        assert_eq!(lib.errors(), 0, "{:?}", lib.diagnostics);
        lib
    })
}

fn assessed(item: &str, facts: &str) -> Assessment {
    let (st, it) = lib().item(item).unwrap();
    let v: serde_json::Value = serde_json::from_str(facts).unwrap();
    assess(st, it, &check_facts(it, v.as_object().unwrap()).unwrap())
}

/// The assessment and the judgement of `decision` (JSON as `assess --decision` takes it).
fn judged(item: &str, facts: &str, decision: &str) -> (Assessment, Vec<Deduction>) {
    let (st, it) = lib().item(item).unwrap();
    let v: serde_json::Value = serde_json::from_str(facts).unwrap();
    let f = check_facts(it, v.as_object().unwrap()).unwrap();
    let a = assess(st, it, &f);
    let d: Decision = serde_json::from_str(decision).unwrap();
    let j = judge(st, it, &f, &a, &d);
    (a, j)
}

fn critical(ds: &[Deduction]) -> Vec<&str> {
    ds.iter()
        .filter(|d| d.critical)
        .map(|d| d.rule.as_str())
        .collect()
}

fn has(ds: &[Deduction], rule: &str) -> bool {
    ds.iter().any(|d| d.rule == rule)
}

const DUE: &str = r#""steps": ["NotifyRights", "HearDefence"]"#;
const FULL: &str = r#""steps": ["NotifyRights", "HearDefence", "NotifyHearing", "LegalReview"]"#;

#[test]
fn point_01_minors_and_apl32_grounds_are_lighter_whatever_aggravates() {
    // market.price_tags seed 18: a 16-year-old keeper who refused to correct.
    let facts = r#"{"party": "individual", "age": 16, "harm": "slight", "corrected": "refused",
        "refused_correction": true, "first_violation": false, "years_since_act": 0}"#;
    let a = assessed("price.not_marked", facts);
    assert_eq!(a.outcome, Outcome::Lighter);
    assert!(a.mitigation_permitted);
    let heavy =
        format!(r#"{{"measures": ["Fine", "OrderToRectify", "Education"], {DUE}, "fine": 4500}}"#);
    let (_, j) = judged("price.not_marked", facts, &heavy);
    assert_eq!(critical(&j), ["legality.not_lighter"]);
    let lenient =
        format!(r#"{{"measures": ["Fine", "OrderToRectify", "Education"], {DUE}, "fine": 800}}"#);
    let (_, j) = judged("price.not_marked", facts, &lenient);
    assert!(j.is_empty(), "{j:?}");
    // An adult with an APL 32 ground and an aggravating one: lighter too.
    let a = assessed(
        "env.air.excess_emission",
        r#"{"party": "organization", "harm": "slight", "corrected": "late", "first_violation": false,
            "years_since_act": 0, "coerced_or_induced": true, "vulnerable_victims": true}"#,
    );
    assert_eq!(a.outcome, Outcome::Lighter);
}

#[test]
fn point_02_a_fine_without_notice_and_defence_is_unlawful() {
    let facts = r#"{"party": "organization", "harm": "none", "corrected": "late", "first_violation": false, "years_since_act": 0}"#;
    let (_, j) = judged(
        "price.not_marked",
        facts,
        r#"{"measures": ["Fine", "OrderToRectify", "Education"], "fine": 2500}"#,
    );
    let mut c = critical(&j);
    c.sort();
    assert_eq!(
        c,
        ["legality.defence_not_heard", "legality.no_notice_of_rights"]
    );
}

#[test]
fn point_03_penalty_types_carry_the_hearing_right_not_only_amounts() {
    let facts = r#"{"party": "organization", "harm": "none", "corrected": "refused", "refused_correction": true,
        "first_violation": true, "years_since_act": 0}"#;
    let (_, j) = judged(
        "safety.hazard_records",
        facts,
        &format!(
            r#"{{"measures": ["Fine", "SuspendBusiness", "OrderToRectify", "Education"], {DUE}, "fine": 150000}}"#
        ),
    );
    assert!(critical(&j).contains(&"legality.no_hearing_notice"));
    assert!(critical(&j).contains(&"legality.no_legal_review"));
    // Revocation with a fine under the threshold still carries it (food, serious).
    let (_, j) = judged(
        "food.expired_sale",
        r#"{"party": "individual", "age": 40, "harm": "none", "corrected": "on_spot", "first_violation": true,
            "years_since_act": 0, "goods_value": 800, "months": 1, "concealment": true}"#,
        &format!(
            r#"{{"measures": ["Fine", "ConfiscateProperty", "RevokeLicence", "OrderToRectify", "Education"], {DUE}, "fine": 90000}}"#
        ),
    );
    assert!(critical(&j).contains(&"legality.no_hearing_notice"));
}

#[test]
fn point_04_severe_types_need_their_statutory_condition() {
    let no_refusal = r#"{"party": "organization", "harm": "none", "corrected": "late", "first_violation": false, "years_since_act": 0}"#;
    let (_, j) = judged(
        "safety.hazard_records",
        no_refusal,
        &format!(
            r#"{{"measures": ["Fine", "SuspendBusiness", "OrderToRectify", "Education"], {FULL}, "fine": 50000}}"#
        ),
    );
    assert_eq!(critical(&j), ["legality.penalty_condition_unmet"]);
    // Closure: serious circumstances and the people's government's approval.
    let serious = r#"{"party": "organization", "harm": "serious", "corrected": "late", "first_violation": false,
        "years_since_act": 0, "serious": true}"#;
    let closure = |steps: &str| {
        format!(
            r#"{{"measures": ["Fine", "Closure", "OrderToRectify", "Education"], "steps": [{steps}], "fine": 800000}}"#
        )
    };
    let (_, j) = judged(
        "env.water.excess_discharge",
        serious,
        &closure(r#""NotifyRights", "HearDefence", "NotifyHearing", "LegalReview""#),
    );
    assert_eq!(critical(&j), ["legality.penalty_condition_unmet"]);
    let (_, j) = judged(
        "env.water.excess_discharge",
        serious,
        &closure(
            r#""NotifyRights", "HearDefence", "NotifyHearing", "LegalReview", "GovernmentApproval""#,
        ),
    );
    assert!(critical(&j).is_empty(), "{j:?}");
    let (_, j) = judged(
        "env.water.excess_discharge",
        &serious.replace(r#""serious": true"#, r#""serious": false"#),
        &closure(
            r#""NotifyRights", "HearDefence", "NotifyHearing", "LegalReview", "GovernmentApproval""#,
        ),
    );
    assert_eq!(critical(&j), ["legality.penalty_condition_unmet"]);
}

#[test]
fn point_05_mandatory_combined_measures_are_required() {
    // Safety: suspension after a refusal.
    let (_, j) = judged(
        "safety.hazard_records",
        r#"{"party": "organization", "harm": "none", "corrected": "refused", "refused_correction": true, "first_violation": false, "years_since_act": 0}"#,
        &format!(
            r#"{{"measures": ["Fine", "OrderToRectify", "Education"], {FULL}, "fine": 150000}}"#
        ),
    );
    assert_eq!(critical(&j), ["legality.mandatory_measure_omitted"]);
    // Food: confiscation of the food.
    let (_, j) = judged(
        "food.expired_sale",
        r#"{"party": "organization", "harm": "none", "corrected": "late", "first_violation": false, "years_since_act": 0, "goods_value": 2000, "months": 1}"#,
        &format!(
            r#"{{"measures": ["Fine", "OrderToRectify", "Education"], {DUE}, "fine": 75000}}"#
        ),
    );
    assert_eq!(critical(&j), ["legality.mandatory_measure_omitted"]);
    // Price: confiscation of the illegal gains, even where no fine is imposed.
    let (_, j) = judged(
        "price.not_marked",
        r#"{"party": "organization", "harm": "slight", "corrected": "late", "first_violation": false, "years_since_act": 0, "illegal_gains": 800}"#,
        r#"{"measures": ["NoPenalty", "Education", "OrderToRectify"]}"#,
    );
    assert_eq!(critical(&j), ["legality.mandatory_measure_omitted"]);
}

#[test]
fn point_06_optional_fines_may_lawfully_be_left_out() {
    let (a, j) = judged(
        "price.not_marked",
        r#"{"party": "organization", "harm": "none", "corrected": "on_spot", "first_violation": false, "repeat_offender": true, "years_since_act": 0}"#,
        r#"{"measures": ["NoPenalty", "Education", "OrderToRectify"]}"#,
    );
    assert_eq!(a.outcome, Outcome::Heavier);
    assert!(critical(&j).is_empty(), "{j:?}");
    assert!(has(&j, "discretion.no_fine"));
}

#[test]
fn point_07_a_warning_alone_where_the_statute_gives_none_is_unlawful() {
    for (item, facts) in [
        (
            "price.not_marked",
            r#"{"party": "organization", "harm": "none", "corrected": "late", "first_violation": false, "years_since_act": 0}"#,
        ),
        (
            "safety.hazard_records",
            r#"{"party": "organization", "harm": "none", "corrected": "late", "first_violation": false, "years_since_act": 0}"#,
        ),
    ] {
        let (_, j) = judged(
            item,
            facts,
            &format!(r#"{{"measures": ["Warning", "OrderToRectify", "Education"], {DUE}}}"#),
        );
        assert!(
            critical(&j).contains(&"legality.penalty_type_not_provided"),
            "{item}: {j:?}"
        );
    }
    // An individual blocking a fire exit may get a warning instead of the fine (消防法 60(2)).
    let (_, j) = judged(
        "fire.exit_blocked",
        r#"{"party": "individual", "age": 45, "harm": "none", "corrected": "late", "first_violation": false, "years_since_act": 0, "blocked_width_ratio": 0.5}"#,
        &format!(r#"{{"measures": ["Warning", "OrderToRectify", "Education"], {DUE}}}"#),
    );
    assert!(critical(&j).is_empty(), "{j:?}");
}

#[test]
fn point_08_confiscation_is_a_penalty() {
    let (a, j) = judged(
        "price.not_marked",
        r#"{"party": "organization", "harm": "none", "corrected": "on_spot", "first_violation": true, "years_since_act": 0, "illegal_gains": 300}"#,
        r#"{"measures": ["NoPenalty", "ConfiscateGains", "Education", "OrderToRectify"]}"#,
    );
    assert_eq!(a.outcome, Outcome::NoPenalty);
    assert!(critical(&j).contains(&"legality.penalty_where_none_lawful"));
    let (_, j) = judged(
        "quality.substandard_product",
        r#"{"party": "organization", "harm": "none", "corrected": "on_spot", "first_violation": true, "years_since_act": 0,
            "goods_value": 3000, "single_batch": true, "recalled": true}"#,
        r#"{"measures": ["NoPenalty", "ConfiscateProperty", "Education", "OrderToRectify"]}"#,
    );
    assert!(critical(&j).contains(&"legality.penalty_where_none_lawful"));
}

#[test]
fn point_09_sealing_is_permissive_under_acl_16_2_but_needs_the_heads_approval() {
    let facts = r#"{"party": "organization", "harm": "none", "corrected": "on_spot", "first_violation": true, "years_since_act": 0}"#;
    let a = assessed("env.dust.materials_uncovered", facts);
    assert_eq!(a.coercion, Coercion::Discouraged);
    let (_, j) = judged(
        "env.dust.materials_uncovered",
        facts,
        r#"{"measures": ["NoPenalty", "Seal", "Education", "OrderToRectify"], "steps": ["HeadApproval"]}"#,
    );
    assert!(critical(&j).is_empty(), "{j:?}");
    assert!(has(&j, "flexibility.coercion_discouraged"));
    let (_, j) = judged(
        "env.dust.materials_uncovered",
        facts,
        r#"{"measures": ["NoPenalty", "Seal", "Education", "OrderToRectify"]}"#,
    );
    assert_eq!(critical(&j), ["legality.coercion_without_approval"]);
    // A published no-coercion list binds (ads, Ningbo list).
    let (_, j) = judged(
        "ads.absolute_terms",
        r#"{"party": "organization", "harm": "none", "corrected": "on_spot", "first_violation": false, "years_since_act": 0, "own_channels_only": true}"#,
        r#"{"measures": ["Fine", "Seal", "OrderToRectify", "Education"], "steps": ["NotifyRights", "HearDefence", "HeadApproval"], "fine": 100000}"#,
    );
    assert!(critical(&j).contains(&"legality.coercion_not_applied"));
}

#[test]
fn point_10_the_refusal_is_weighed_once_in_safety() {
    let facts = r#"{"party": "organization", "harm": "none", "corrected": "refused", "refused_correction": true, "first_violation": false, "years_since_act": 0}"#;
    let a = assessed("safety.hazard_records", facts);
    assert_eq!(a.outcome, Outcome::General);
    assert_eq!((a.fine.unwrap().min, a.fine.unwrap().max), (130000, 170000));
    let (_, j) = judged(
        "safety.hazard_records",
        facts,
        &format!(
            r#"{{"measures": ["Fine", "SuspendBusiness", "OrderToRectify", "Education"], {FULL}, "fine": 150000}}"#
        ),
    );
    assert!(j.is_empty(), "{j:?}");
    let (_, j) = judged(
        "safety.hazard_records",
        facts,
        &format!(
            r#"{{"measures": ["Fine", "SuspendBusiness", "OrderToRectify", "Education"], {FULL}, "fine": 120000}}"#
        ),
    );
    assert!(critical(&j).is_empty(), "{j:?}");
}

#[test]
fn point_11_concealment_is_serious_in_food() {
    let a = assessed(
        "food.expired_sale",
        r#"{"party": "organization", "harm": "slight", "corrected": "on_spot", "first_violation": true, "years_since_act": 0,
            "goods_value": 600, "months": 1, "catering": true, "concealment": true,
            "purchase_inspection_done": true, "no_knowledge_proven": true, "source_stated": true}"#,
    );
    assert_eq!(a.serious, Some(true));
    assert_eq!(a.outcome, Outcome::Heavier);
    let (_, j) = judged(
        "food.expired_sale",
        r#"{"party": "organization", "harm": "slight", "corrected": "on_spot", "first_violation": true, "years_since_act": 0, "goods_value": 600, "months": 1, "concealment": true}"#,
        &format!(
            r#"{{"measures": ["Fine", "ConfiscateProperty", "OrderToRectify", "Education"], {FULL}, "fine": 90000}}"#
        ),
    );
    assert_eq!(critical(&j), ["legality.mandatory_measure_omitted"]);
}

#[test]
fn point_12_apl_33_1_first_sentence_is_a_mandatory_no_penalty() {
    let a = assessed(
        "ecommerce.license_not_displayed",
        r#"{"party": "organization", "harm": "none", "corrected": "on_spot", "first_violation": false, "minor": true, "years_since_act": 0}"#,
    );
    assert_eq!(a.outcome, Outcome::NoPenalty);
    assert!(a.grounds.iter().any(|g| g.rule == "apl33_1.minor"));
}

#[test]
fn point_13_any_educating_measure_meets_apl_33_3() {
    let facts = r#"{"party": "organization", "harm": "none", "corrected": "on_spot", "first_violation": true, "years_since_act": 0}"#;
    for m in [
        "Guidance",
        "WarningInterview",
        "CompliancePledge",
        "Reminder",
        "Education",
    ] {
        let (_, j) = judged(
            "price.not_marked",
            facts,
            &format!(r#"{{"measures": ["NoPenalty", "{m}", "OrderToRectify"]}}"#),
        );
        assert!(j.is_empty(), "{m}: {j:?}");
    }
    let (_, j) = judged(
        "price.not_marked",
        facts,
        r#"{"measures": ["NoPenalty", "OrderToRectify"]}"#,
    );
    assert!(has(&j, "flexibility.no_education"));
}

#[test]
fn point_14_chance_after_the_last_input_never_moves_the_score() {
    use cailiang::catalog::load;
    use cailiang::runtime::{DecisionInput, Input, Mode, Session};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let yogurt = load("food.expired_yogurt", Some(&root)).unwrap();
    // A fine far outside the band, with due process: what follows is chance (accepted or a
    // complaint), and the score weighs both endings instead of the one drawn.
    let mut totals = Vec::new();
    let mut endings = std::collections::BTreeSet::new();
    for seed in 0..40 {
        let mut s = Session::start(yogurt.case.clone(), seed, Mode::Assessment);
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
        let a = cailiang::scoring::model_answer_now(&s);
        if a.fine.is_none() {
            continue; // a no-penalty seed: the fine below would be a different mistake
        }
        s.input(Input::Decide(DecisionInput {
            measures: vec![
                cailiang::measures::Measure::Fine,
                cailiang::measures::Measure::ConfiscateProperty,
                cailiang::measures::Measure::OrderToRectify,
                cailiang::measures::Measure::Education,
            ],
            steps: vec![
                cailiang::measures::Step::NotifyRights,
                cailiang::measures::Step::HearDefence,
            ],
            fine: Some(99000.0),
            deadline: Some(5),
        }))
        .unwrap();
        let tail = s.tail_endings();
        assert_eq!(tail.len(), 2, "{tail:?}");
        let d = s.debrief().unwrap();
        endings.insert(d.ending.clone());
        let effects: Vec<&Deduction> = d
            .deductions
            .iter()
            .filter(|x| x.rule == "effects.ending")
            .collect();
        totals.push((
            effects.iter().map(|x| x.points).sum::<u32>(),
            d.decisions[0].assessment.outcome,
        ));
    }
    assert!(
        endings.len() == 2,
        "both random endings should occur: {endings:?}"
    );
    let points: std::collections::BTreeSet<u32> = totals.iter().map(|t| t.0).collect();
    assert_eq!(points.len(), 1, "the effects deduction varied: {totals:?}");
}

#[test]
fn point_15_the_waiver_deduction_cites_the_waiver_not_the_coercion_law() {
    let (a, j) = judged(
        "fire.exit_blocked",
        r#"{"party": "organization", "harm": "none", "corrected": "immediately", "first_violation": true, "years_since_act": 0, "blocked_width_ratio": 0.5}"#,
        &format!(r#"{{"measures": ["Fine", "OrderToRectify", "Education"], {DUE}, "fine": 8000}}"#),
    );
    assert_eq!(a.outcome, Outcome::MayWaive);
    let d = j
        .iter()
        .find(|d| d.rule == "flexibility.penalty_where_waiver_preferred")
        .expect("the waiver deduction");
    assert!(d.basis.contains("第三十三条第一款"), "{}", d.basis);
    assert!(!d.basis.contains("行政强制法"), "{}", d.basis);
}

#[test]
fn point_16_fire_equipment_covers_organisations_only() {
    let (_, it) = lib().item("fire.equipment_faulty").unwrap();
    let v: serde_json::Value = serde_json::from_str(
        r#"{"party": "individual", "age": 40, "harm": "none", "corrected": "late", "first_violation": false, "years_since_act": 0}"#,
    )
    .unwrap();
    assert!(matches!(
        check_facts(it, v.as_object().unwrap()),
        Err(FactError::PartyNotCovered { .. })
    ));
}

#[test]
fn point_17_a_fine_far_above_the_maximum_also_costs_discretion() {
    let (_, j) = judged(
        "fire.exit_blocked",
        r#"{"party": "organization", "harm": "none", "corrected": "late", "first_violation": false, "years_since_act": 0, "blocked_width_ratio": 0.5}"#,
        &format!(
            r#"{{"measures": ["Fine", "OrderToRectify", "Education"], {FULL}, "fine": 1000000}}"#
        ),
    );
    assert!(critical(&j).contains(&"legality.fine_outside_statutory_range"));
    let band = j
        .iter()
        .find(|d| d.rule == "discretion.fine_outside_band")
        .expect("a discretion deduction");
    assert_eq!(band.points, 80);
}

#[test]
fn point_19_the_second_review_of_the_catalogue() {
    // Art. 136: the food is confiscated without a penalty.
    let art136 = r#"{"party": "organization", "harm": "none", "corrected": "on_spot", "first_violation": false, "years_since_act": 0,
        "goods_value": 3000, "months": 1, "purchase_inspection_done": true, "no_knowledge_proven": true, "source_stated": true}"#;
    let (a, j) = judged(
        "food.expired_sale",
        art136,
        r#"{"measures": ["NoPenalty", "ConfiscateProperty", "Education", "OrderToRectify"]}"#,
    );
    assert_eq!(a.outcome, Outcome::MayWaive);
    assert!(j.is_empty(), "{j:?}");
    // Otherwise a no-penalty decision has the food destroyed under supervision.
    let (_, j) = judged(
        "food.expired_sale",
        r#"{"party": "organization", "harm": "none", "corrected": "on_spot", "first_violation": true, "years_since_act": 0,
            "goods_value": 300, "months": 0.1, "source_stated": true}"#,
        r#"{"measures": ["NoPenalty", "Education", "OrderToRectify"]}"#,
    );
    assert!(has(&j, "procedure.goods_not_disposed"));
    // Mass illness: serious, revocation mandatory.
    let a = assessed(
        "food.expired_sale",
        r#"{"party": "organization", "harm": "serious", "corrected": "on_spot", "first_violation": true, "years_since_act": 0, "goods_value": 300, "months": 0.1, "mass_illness": true}"#,
    );
    assert_eq!((a.serious, a.outcome), (Some(true), Outcome::Heavier));
    // Environmental 限制生产 carries the hearing right.
    let (_, j) = judged(
        "env.air.excess_emission",
        r#"{"party": "organization", "harm": "slight", "corrected": "late", "first_violation": false, "years_since_act": 0}"#,
        &format!(
            r#"{{"measures": ["Fine", "LimitProduction", "OrderToRectify", "Education"], {DUE}, "fine": 120000}}"#
        ),
    );
    assert!(critical(&j).contains(&"legality.no_hearing_notice"));
    // The air items' stop orders are mandatory on refusal.
    let (_, j) = judged(
        "env.air.voc_not_enclosed",
        r#"{"party": "organization", "harm": "slight", "corrected": "refused", "refused_correction": true, "first_violation": false, "years_since_act": 0}"#,
        &format!(
            r#"{{"measures": ["Fine", "OrderToRectify", "Education"], {FULL}, "fine": 150000}}"#
        ),
    );
    assert_eq!(critical(&j), ["legality.mandatory_measure_omitted"]);
    // The safety range turns on 逾期未改正, not only on a refusal.
    let a = assessed(
        "safety.hazard_records",
        r#"{"party": "organization", "harm": "none", "corrected": "late", "uncorrected_after_deadline": true, "first_violation": false, "years_since_act": 0}"#,
    );
    assert_eq!(a.statutory_fine.unwrap().min, 100000);
    // A hearing-right penalty without legal review is critical.
    let (_, j) = judged(
        "safety.hazard_records",
        r#"{"party": "organization", "harm": "none", "corrected": "late", "first_violation": false, "years_since_act": 0}"#,
        r#"{"measures": ["Fine", "OrderToRectify", "Education"], "steps": ["NotifyRights", "HearDefence", "NotifyHearing"], "fine": 50000}"#,
    );
    assert_eq!(critical(&j), ["legality.no_legal_review"]);
    // APL 31 and the guardian order of APL 30.
    let a = assessed(
        "price.not_marked",
        r#"{"party": "individual", "age": 30, "mental_incapacity": true, "harm": "none", "corrected": "late", "first_violation": false, "years_since_act": 0}"#,
    );
    assert_eq!(a.outcome, Outcome::NoPenalty);
    let (_, j) = judged(
        "price.not_marked",
        r#"{"party": "individual", "age": 12, "harm": "none", "corrected": "late", "first_violation": false, "years_since_act": 0}"#,
        r#"{"measures": ["NoPenalty", "Education", "OrderToRectify"]}"#,
    );
    assert!(has(&j, "procedure.no_guardian_order"));
    // The SAMR guide gives the ads no-penalty list a source.
    let a = assessed(
        "ads.absolute_terms",
        r#"{"party": "organization", "harm": "none", "corrected": "on_spot", "first_violation": false, "years_since_act": 0, "own_channels_only": true, "brief_or_small": true}"#,
    );
    assert_eq!(a.outcome, Outcome::NoPenalty);
    assert!(a
        .grounds
        .iter()
        .any(|g| g.basis.contains("广告绝对化用语执法指南")));
}

#[test]
fn point_20_hearing_thresholds_say_where_they_come_from() {
    for (_, st) in &lib().standards {
        let b = &st.hearing.basis.value;
        assert!(
            st.hearing.verified || b.contains("未核实") || b.contains("unverified"),
            "{}: {b}",
            st.id.value
        );
    }
    let safety = &lib()
        .standards
        .iter()
        .find(|(_, s)| s.id.value == "safety")
        .unwrap()
        .1;
    assert_eq!(safety.hearing.organization, 30000.0);
}
