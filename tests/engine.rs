//! Engine tests through the library API: loading, spans, the case graph, and what `assess`
//! reports beyond the JSON contract (the facts an outcome depends on).

use cailiang::content::{self, Library};
use cailiang::discretion::{assess, check_facts, FactError, Outcome};
use cailiang::facts::{FactValue, Facts};
use cailiang::scenario::graph::Graph;
use std::path::PathBuf;

fn shipped() -> Library {
    let lib = content::load(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios")]);
    assert_eq!(lib.errors(), 0, "{:?}", lib.diagnostics);
    lib
}

fn facts(json: &str, lib: &Library, item: &str) -> Result<Facts, FactError> {
    let (_, it) = lib.item(item).unwrap();
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    check_facts(it, v.as_object().unwrap())
}

const BASE: &str =
    r#""party":"organization","harm":"none","corrected":"late","years_since_act":0.5"#;

#[test]
fn all_eleven_catalogue_items_are_shipped() {
    let lib = shipped();
    let ids: Vec<&str> = lib.item_ids().into_iter().map(|s| s.as_str()).collect();
    for id in [
        "ads.absolute_terms",
        "ecommerce.license_not_displayed",
        "env.air.excess_emission",
        "env.air.voc_not_enclosed",
        "env.dust.materials_uncovered",
        "env.water.excess_discharge",
        "fire.equipment_faulty",
        "fire.exit_blocked",
        "food.expired_sale",
        "price.not_marked",
        "safety.hazard_records",
    ] {
        assert!(ids.contains(&id), "{id} is not shipped");
    }
}

#[test]
fn the_outcome_names_the_facts_it_depends_on() {
    let lib = shipped();
    let (std, item) = lib.item("food.expired_sale").unwrap();
    let f = facts(
        &format!("{{{BASE},\"first_violation\":false,\"goods_value\":800,\"months\":1}}"),
        &lib,
        "food.expired_sale",
    )
    .unwrap();
    let a = assess(std, item, &f);
    assert_eq!(a.outcome, Outcome::General);
    for k in [
        "goods_value",
        "months",
        "first_violation",
        "corrected",
        "harm",
        "years_since_act",
    ] {
        assert!(
            a.depends_on.iter().any(|d| d == k),
            "{k} missing from {:?}",
            a.depends_on
        );
    }
    assert_eq!(a.hearing_threshold, Some(100_000.0));
}

#[test]
fn a_missing_item_fact_is_named_only_where_it_matters() {
    let lib = shipped();
    let (std, item) = lib.item("food.expired_sale").unwrap();
    // The band needs the statutory range, which needs the goods value; whether the case is
    // serious (实施条例 Art. 67) needs it and how long the sale lasted.
    let f = facts(
        &format!("{{{BASE},\"first_violation\":false}}"),
        &lib,
        "food.expired_sale",
    )
    .unwrap();
    let a = assess(std, item, &f);
    assert_eq!(a.outcome, Outcome::Undetermined);
    assert_eq!(a.missing, ["goods_value", "months"]);
    // Time-barred cases need no goods value at all.
    let f = facts(
        r#"{"party":"organization","harm":"none","corrected":"late","years_since_act":3,"first_violation":false}"#,
        &lib,
        "food.expired_sale",
    )
    .unwrap();
    assert_eq!(assess(std, item, &f).outcome, Outcome::TimeBarred);
}

#[test]
fn facts_from_outside_are_type_checked() {
    let lib = shipped();
    let e = facts(r#"{"goods_valeu": 3}"#, &lib, "food.expired_sale").unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown fact key 'goods_valeu' for food.expired_sale; did you mean 'goods_value'?"
    );
    let e = facts(r#"{"age": 3.5}"#, &lib, "food.expired_sale").unwrap_err();
    assert!(e.to_string().contains("expects an integer"), "{e}");
    let e = facts(r#"{"blocked_width_ratio": 1.5}"#, &lib, "fire.exit_blocked").unwrap_err();
    assert!(e.to_string().contains("in [0, 1]"), "{e}");
    let f = facts(r#"{"catering": null}"#, &lib, "food.expired_sale").unwrap();
    assert!(f.is_empty(), "null counts as absent");
    let f = facts(r#"{"harm": "slight"}"#, &lib, "food.expired_sale").unwrap();
    assert_eq!(f["harm"], FactValue::Text("slight".into()));
}

#[test]
fn spans_point_into_the_source() {
    let lib = shipped();
    let (file, s) = lib
        .scenarios
        .iter()
        .find(|(_, s)| s.id.value == "food.expired_yogurt")
        .unwrap();
    let scene = s.scene("decide").unwrap();
    let text = lib.sources.text(*file);
    assert_eq!(&text[scene.id.span.start..scene.id.span.end], "\"decide\"");
    let (line, col) = lib.sources.line_col(*file, scene.id.span.start);
    assert!(line > 100 && col > 10, "{line}:{col}");
}

#[test]
fn starter_cases_reach_an_ending_from_every_scene() {
    let lib = shipped();
    for (_, s) in &lib.scenarios {
        let g = Graph::of(s);
        let reach = g.reachable();
        let finish = g.can_finish();
        for sc in &s.scenes {
            assert!(
                reach.contains(sc.id.value.as_str()),
                "{}: {} unreachable",
                s.id.value,
                sc.id.value
            );
            assert!(
                finish.contains(sc.id.value.as_str()),
                "{}: {} cannot finish",
                s.id.value,
                sc.id.value
            );
        }
        assert!(s
            .endings
            .iter()
            .all(|e| reach.contains(e.id.value.as_str())));
    }
}

#[test]
fn the_food_case_draws_goods_value_across_the_list_threshold() {
    use cailiang::scenario::Dist;
    let lib = shipped();
    let (_, s) = lib
        .scenarios
        .iter()
        .find(|(_, s)| s.id.value == "food.expired_yogurt")
        .unwrap();
    let dist = s
        .facts
        .iter()
        .find(|(k, _)| k.value == "goods_value")
        .unwrap()
        .1;
    match &dist.value {
        Dist::UniformNumber { min, max, .. } => assert!(*min < 500.0 && *max > 500.0),
        other => panic!("goods_value should be drawn uniformly, got {other:?}"),
    }
}

#[test]
fn one_bad_file_does_not_hide_the_others() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let lib = content::load(&[
        root.join("tests/fixtures/broken/syntax_missing_comma.ron"),
        root.join("tests/fixtures/broken/unknown_scene.ron"),
        root.join("scenarios/standards"),
    ]);
    let codes: Vec<&str> = lib.diagnostics.iter().map(|d| d.code).collect();
    assert!(
        codes.contains(&"E0002") && codes.contains(&"E0011"),
        "{codes:?}"
    );
    assert!(lib.standards.len() >= 5, "the shipped standards still load");
}
