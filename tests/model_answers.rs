//! The model answer scores 100 on every seed (CATALOGUE.md: randomness may change the story, never
//! the score). For every shipped case and seeds 0..49, the model officer (`model_play`) submits
//! the model answer for the facts at each decision and must reach a perfect, passing session.

use cailiang::catalog::load_all;
use cailiang::model_play::{check_seeds, model_play};
use std::path::Path;

const SEEDS: u64 = 50;

#[test]
fn every_case_scores_100_with_the_model_answer_on_50_seeds() {
    let cases = load_all(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")).unwrap();
    assert!(cases.len() >= 17, "only {} cases loaded", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|l| {
            check_seeds(&l.case, SEEDS)
                .err()
                .map(|e| format!("{}:\n{e}", l.case.scenario.id.value))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The search is not vacuous: a decision that is not the model answer does not score 100.
#[test]
fn the_model_officer_really_decides() {
    let cases = load_all(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")).unwrap();
    let yogurt = cases
        .iter()
        .find(|l| l.case.scenario.id.value == "food.expired_yogurt")
        .expect("the yogurt case");
    let play = model_play(&yogurt.case, 1).expect("a finished session");
    assert_eq!(play.debrief.total, 100.0);
    assert!(play
        .inputs
        .iter()
        .any(|i| matches!(i, cailiang::runtime::Input::Decide(_))));
    // The same inputs with the decision stripped of its education are no longer perfect.
    let mut s = cailiang::runtime::Session::start(
        yogurt.case.clone(),
        1,
        cailiang::runtime::Mode::Assessment,
    );
    for i in &play.inputs {
        let i = match i {
            cailiang::runtime::Input::Decide(d) => {
                let mut d = d.clone();
                d.measures.retain(|m| !m.educates());
                cailiang::runtime::Input::Decide(d)
            }
            other => other.clone(),
        };
        s.input(i).unwrap();
    }
    assert!(s.debrief().unwrap().total < 100.0);
}
