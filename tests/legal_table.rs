//! Legal oracle for `cailiang assess --decision`: each row of `tests/data/legal_cases.json` is a
//! case (facts, decision) with the verdict the law gives it — lawful or not, and where certain the
//! exact set of critical rule ids and the outcome.
//!
//! The rows were written from the statutes (行政处罚法, 行政强制法 and the sector laws) and the
//! contract in CATALOGUE.md v2.1, independently of the implementation; each row names the
//! article(s) its verdict rests on. All mismatches are collected and reported together.

use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::process::Command;

const CASES_FILE: &str = "tests/data/legal_cases.json";
const MIN_ROWS: usize = 40;

fn str_field<'a>(row: &'a Value, key: &str, name: &str) -> &'a str {
    row.get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("row {name:?}: `{key}` must be a string"))
}

fn string_set(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// One line per deduction of the actual judgement: rule, points, critical flag, basis.
fn deductions(judgement: &Value) -> String {
    let mut out = String::new();
    for d in judgement
        .get("deductions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let _ = writeln!(
            out,
            "      - {} ({} pts{}) {}",
            d.get("rule").and_then(Value::as_str).unwrap_or("?"),
            d.get("points").map(Value::to_string).unwrap_or_default(),
            if d.get("critical") == Some(&Value::Bool(true)) {
                ", critical"
            } else {
                ""
            },
            d.get("basis").and_then(Value::as_str).unwrap_or(""),
        );
    }
    out
}

/// Runs one row; returns a report of its mismatches, or `None` when it agrees.
fn check(row: &Value) -> Option<String> {
    let name = str_field(row, "name", "?");
    let basis = str_field(row, "basis", name);
    let violation = str_field(row, "violation", name);
    let facts = row["facts"].to_string();
    let decision = row["decision"].to_string();
    let expect = &row["expect"];

    let output = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .args(["assess", "--violation", violation])
        .args(["--facts", facts.as_str(), "--decision", decision.as_str()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run the cailiang binary: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);

    let mut problems = Vec::new();
    let mut details = String::new();
    match serde_json::from_str::<Value>(stdout.trim()) {
        Ok(out) if output.status.success() => {
            let judgement = &out["judgement"];
            let want = expect["lawful"].as_bool().expect("expect.lawful is a bool");
            if judgement["lawful"].as_bool() != Some(want) {
                problems.push(format!(
                    "lawful: expected {want} | actual {}",
                    judgement["lawful"]
                ));
            }
            if let Some(want) = expect.get("critical") {
                let (want, got) = (string_set(want), string_set(&judgement["critical"]));
                if want != got {
                    problems.push(format!("critical: expected {want:?} | actual {got:?}"));
                }
            }
            if let Some(want) = expect.get("outcome") {
                if out.get("outcome") != Some(want) {
                    problems.push(format!(
                        "outcome: expected {want} | actual {}",
                        out["outcome"]
                    ));
                }
            }
            details = format!(
                "    band {} (statutory {}), coercion {}, mitigation_permitted {}\n    deductions:\n{}",
                out["fine"],
                out["statutory_fine"],
                out["coercion"],
                out["mitigation_permitted"],
                deductions(judgement)
            );
        }
        _ => problems.push(format!(
            "no judgement: exit {:?}, stderr {}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).trim()
        )),
    }

    if problems.is_empty() {
        return None;
    }
    let mut report = format!("  {name}\n    basis: {basis}\n");
    for p in &problems {
        let _ = writeln!(report, "    {p}");
    }
    let _ = writeln!(
        report,
        "{details}    cailiang assess --violation {violation} --facts '{facts}' --decision '{decision}'"
    );
    Some(report)
}

#[test]
fn legal_table() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(CASES_FILE);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let rows: Vec<Value> = serde_json::from_str(&text).expect("legal_cases.json is a JSON array");

    assert!(
        rows.len() >= MIN_ROWS,
        "the legal table has {} rows; at least {MIN_ROWS} expected",
        rows.len()
    );
    for row in &rows {
        let name = str_field(row, "name", "?");
        assert!(
            !str_field(row, "basis", name).trim().is_empty(),
            "row {name:?} has an empty `basis`"
        );
    }

    let failures: Vec<String> = rows.iter().filter_map(check).collect();
    assert!(
        failures.is_empty(),
        "{} of {} legal rows disagree with `cailiang assess`:\n\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}
