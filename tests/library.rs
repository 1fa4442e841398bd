//! The shipped scenario library as a workshop needs it: at least twelve cases over the five
//! sectors, every catalogue item and every outcome reachable, English beside all Chinese, a test
//! for every ending and a critical-error path in every case, and docs/LIBRARY.md up to date.

use cailiang::content;
use cailiang::scenario::validate::texts;
use cailiang::standard::Sector;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Cases small enough to explore in a debug build within seconds; CI regenerates the whole
/// table with a release build (`.ci/run`) and fails when docs/LIBRARY.md differs.
const QUICK: [&str; 5] = [
    "fire_exit_blocked.ron",
    "food_expired_yogurt.ron",
    "market_price_tags.ron",
    "market_online_shop_licence.ron",
    "env_air_voc_print_shop.ron",
];

#[test]
fn docs_library_md_rows_are_what_exploring_finds() {
    let files: Vec<String> = QUICK.iter().map(|f| format!("scenarios/{f}")).collect();
    let out = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .current_dir(ROOT)
        .arg("library")
        .args(&files)
        .args(["--format", "markdown"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let generated = String::from_utf8(out.stdout).unwrap();
    let committed = std::fs::read_to_string(PathBuf::from(ROOT).join("docs/LIBRARY.md")).unwrap();
    let rows: Vec<&str> = generated.lines().filter(|l| l.starts_with("| `")).collect();
    assert_eq!(rows.len(), QUICK.len());
    for row in rows {
        assert!(
            committed.lines().any(|l| l == row),
            "docs/LIBRARY.md is stale: run `cargo run --release -- library > docs/LIBRARY.md`\nexplored: {row}"
        );
    }
}

#[test]
fn docs_library_md_covers_every_item_outcome_and_ending() {
    let committed = std::fs::read_to_string(PathBuf::from(ROOT).join("docs/LIBRARY.md")).unwrap();
    assert!(committed.contains("(each case explored exhaustively)"));
    assert!(
        committed.contains("- Outcomes not reached: none"),
        "{committed}"
    );
    for item in [
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
        assert!(
            committed.contains(&format!("| `{item}` |")),
            "{item} has no case"
        );
    }
    let rows: Vec<&str> = committed.lines().filter(|l| l.starts_with("| `")).collect();
    assert!(rows.len() >= 12);
    for line in rows {
        assert!(!line.contains("incomplete"), "{line}");
        let endings = line.trim_end_matches(" |").rsplit("| ").next().unwrap();
        let (reached, total) = endings.split_once('/').unwrap();
        assert_eq!(reached, total, "not every ending is reachable: {line}");
    }
}

#[test]
fn the_library_covers_five_sectors_with_tested_cases_in_two_languages() {
    let lib = content::load(&[PathBuf::from(ROOT).join("scenarios")]);
    assert_eq!(lib.errors(), 0);
    assert!(
        lib.scenarios.len() >= 12,
        "only {} cases",
        lib.scenarios.len()
    );
    let sectors: BTreeSet<Sector> = lib.scenarios.iter().map(|(_, s)| s.sector).collect();
    assert_eq!(sectors.len(), 5, "{sectors:?}");
    assert!(
        lib.scenarios.iter().any(|(_, s)| s.scenes.len() >= 20),
        "no long case (20+ scenes)"
    );
    let mut problems = Vec::new();
    for (_, s) in &lib.scenarios {
        let id = &s.id.value;
        for t in texts(s) {
            if t.value.en.as_deref().is_none_or(|e| e.trim().is_empty()) {
                problems.push(format!("{id}: no English for {:?}", t.value.zh));
            }
        }
        let notes = s
            .notes
            .iter()
            .chain(s.scenes.iter().filter_map(|x| x.note.as_ref()))
            .chain(s.choices().filter_map(|c| c.note.as_ref()))
            .chain(s.endings.iter().filter_map(|e| e.note.as_ref()));
        for n in notes {
            if n.en.as_deref().is_none_or(|e| e.trim().is_empty()) {
                problems.push(format!("{id}: a note has no English: {:?}", n.zh));
            }
        }
        if s.objectives.is_empty() || s.minutes == 0 {
            problems.push(format!(
                "{id}: objectives and minutes are required for the library"
            ));
        }
        let tested: BTreeSet<&str> = s
            .tests
            .iter()
            .map(|t| t.expect.ending.value.as_str())
            .collect();
        for e in &s.endings {
            if !tested.contains(e.id.value.as_str()) {
                problems.push(format!("{id}: no test ends in `{}`", e.id.value));
            }
        }
        if !s.tests.iter().any(|t| t.expect.passed == Some(false)) {
            problems.push(format!(
                "{id}: no critical-error test (expect passed: false)"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
