//! Every authoring mistake in tests/fixtures/broken/ gets its own diagnostic with file:line:col,
//! a stable code and a help line; the rendered messages are pinned as snapshots.
//!
//! Snapshots live beside each fixture as `<name>.snap`. After an intended change to a message,
//! regenerate them with `UPDATE_SNAPSHOTS=1 cargo test --test diagnostics` and review the diff.

use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// (fixture, expected code, expected exit code)
const CASES: &[(&str, &str, i32)] = &[
    ("syntax_missing_comma", "E0002", 1),
    ("syntax_unterminated_string", "E0002", 1),
    ("wrong_type", "E0003", 1),
    ("unknown_field", "E0004", 1),
    ("unknown_measure", "E0006", 1),
    ("wrong_struct_name", "E0008", 1),
    ("duplicate_scene_id", "E0010", 1),
    ("unknown_scene", "E0011", 1),
    ("unknown_fact", "E0012", 1),
    ("undeclared_fact_in_condition", "E0012", 1),
    ("unknown_placeholder", "E0012", 1),
    ("placeholder_form_mismatch", "E0060", 1),
    ("unknown_item", "E0013", 1),
    ("unknown_standard", "E0014", 1),
    ("distribution_out_of_type", "E0022", 1),
    ("distribution_out_of_range", "E0022", 1),
    ("probabilities_do_not_sum", "E0023", 1),
    ("unreachable_scene", "E0030", 1),
    ("dead_end", "E0031", 1),
    ("closed_cycle", "E0031", 1),
    ("missing_zh_text", "E0040", 1),
    ("test_unknown_choice", "E0041", 1),
    ("canned_fine_outside_range", "W0101", 0),
    ("standard_fact_type_mismatch", "E0020", 1),
    ("standard_enum_value", "E0020", 1),
    ("standard_play_state_in_rule", "E0021", 1),
    ("standard_bad_range", "E0050", 1),
    ("standard_missing_basis", "E0051", 1),
    ("missing_field", "E0005", 1),
    ("missing_field_then_more", "E0005", 1),
    ("duplicate_field", "E0007", 1),
    ("unknown_file_kind", "E0009", 1),
    ("condition_unknown_choice", "E0015", 1),
    ("test_measure_not_offered", "E0016", 1),
    ("bad_probability", "E0024", 1),
    ("scene_without_exit", "E0032", 1),
    ("scene_mixes_input_and_exit", "E0032", 1),
    ("branch_without_always", "E0032", 1),
    ("test_unknown_ending", "E0042", 1),
    ("decision_without_measures", "E0052", 1),
    ("standard_last_fine_conditional", "W0102", 0),
    ("standard_duplicate_item", "E0010", 1),
    ("standard_undeclared_fact", "E0012", 1),
    ("extra_fact_empty_enum", "E0050", 1),
    ("standard_not_a_penalty_type", "E0053", 1),
    ("standard_unknown_exempt_rule", "E0054", 1),
    ("test_unknown_critical_rule", "E0054", 1),
    ("standard_contradictory_flags", "E0055", 1),
    ("party_not_covered", "E0056", 1),
    ("form_cannot_express", "E0057", 1),
    ("standard_hearing_unverified", "W0103", 0),
    ("plan_unknown_scenario", "E0058", 1),
    ("plan_pin_mismatch", "E0059", 1),
    ("plan_not_pinned", "W0104", 0),
    ("empty_english_text", "W0105", 0),
    ("bad_date", "E0061", 1),
    ("fact_never_established", "W0106", 0),
    ("outcome_undetermined", "W0107", 0),
];

fn check(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .current_dir(ROOT)
        .env_remove("CAILIANG_CONTENT")
        .env("NO_COLOR", "1")
        .arg("check")
        .args(args)
        .output()
        .expect("run cailiang");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fixture(name: &str) -> String {
    format!("tests/fixtures/broken/{name}.ron")
}

/// Every code in src/content/codes.rs is shown by some fixture.
#[test]
fn every_code_has_a_fixture() {
    let codes = std::fs::read_to_string(Path::new(ROOT).join("src/content/codes.rs")).unwrap();
    let declared: Vec<&str> = codes
        .lines()
        .filter_map(|l| l.split('"').nth(1))
        .filter(|c| c.starts_with('E') || c.starts_with('W'))
        .collect();
    assert!(declared.len() > 20);
    for code in declared {
        let shown = CASES.iter().any(|c| c.1 == code) || code == "E0001";
        assert!(shown, "code {code} has no fixture in tests/fixtures/broken");
    }
}

#[test]
fn every_fixture_is_listed() {
    let mut on_disk: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("tests/fixtures/broken"))
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "ron").then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| c.0.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "tests/fixtures/broken and CASES differ");
}

#[test]
fn minimal_fixtures_are_clean() {
    for f in [
        "tests/fixtures/minimal.ron",
        "tests/fixtures/minimal_standard.ron",
    ] {
        let (code, out, err) = check(&[f]);
        assert_eq!(code, 0, "{f}:\n{out}{err}");
        assert!(out.contains("0 error(s), 0 warning(s)"), "{f}:\n{out}");
    }
}

#[test]
fn broken_fixtures_give_their_diagnostic() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    for &(name, code, exit) in CASES {
        let file = fixture(name);
        let (status, out, err) = check(&[&file]);
        let mut problems = Vec::new();
        if status != exit {
            problems.push(format!("exit {status}, expected {exit}"));
        }
        if err.contains("panicked") {
            problems.push("panicked".into());
        }
        let tag = if code.starts_with('W') {
            "warning"
        } else {
            "error"
        };
        if !out.contains(&format!("{tag}[{code}]")) {
            problems.push(format!("no {tag}[{code}]"));
        }
        // A location `file:line:col` right after the fixture's path.
        let located = out.lines().any(|l| {
            l.split_once(&format!("{file}:")).is_some_and(|(_, rest)| {
                let mut parts = rest.split(':');
                parts
                    .next()
                    .is_some_and(|n| n.trim().parse::<u32>().is_ok())
                    && parts
                        .next()
                        .is_some_and(|n| n.trim().parse::<u32>().is_ok())
            })
        });
        if !located {
            problems.push("no file:line:col".into());
        }
        if !out.contains("= help: ") {
            problems.push("no help line".into());
        }
        // The summary line counts the shipped standards too; snapshots pin the messages only.
        let out: String = out
            .lines()
            .filter(|l| !l.starts_with("checked "))
            .map(|l| format!("{l}\n"))
            .collect();
        let snap: PathBuf = Path::new(ROOT).join(format!("tests/fixtures/broken/{name}.snap"));
        if update {
            std::fs::write(&snap, &out).unwrap();
        } else {
            match std::fs::read_to_string(&snap) {
                Ok(expected) if expected == out => {}
                Ok(expected) => problems.push(format!(
                    "output differs from {name}.snap\n--- expected\n{expected}\n--- actual\n{out}"
                )),
                Err(_) => problems.push(format!(
                    "missing snapshot {name}.snap; run with UPDATE_SNAPSHOTS=1"
                )),
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{name}: {}\n{out}{err}", problems.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn json_format_has_the_same_diagnostics() {
    let (code, out, _) = check(&["--format", "json", &fixture("unknown_scene")]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "E0011");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], fixture("unknown_scene"));
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(31), Some(75))
    );
    assert_eq!(d["help"], "did you mean `decide`?");
    assert!(v["errors"].as_u64().unwrap() >= 1);
}

#[test]
fn shipped_content_is_clean() {
    let (code, out, err) = check(&["scenarios/"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 error(s), 0 warning(s)"), "{out}");
    assert!(
        !out.contains(" 0 standard(s)") && !out.contains(" 0 scenario(s)"),
        "{out}"
    );
}

#[test]
fn a_missing_path_is_an_error_not_a_panic() {
    let (code, out, err) = check(&["tests/fixtures/does_not_exist.ron"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("error[E0001]: cannot read the file"), "{out}");
}
