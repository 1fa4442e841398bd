//! Oracle table for `cailiang assess`.
//!
//! The cases in `tests/data/assess_cases.json` were derived by hand from
//! `CATALOGUE.md` (rule order, item lists, statutory ranges and band schemes), independently of
//! the engine. Each case runs the real binary and compares only the keys its `expect` names.
//! All mismatches are collected and reported together at the end.
//!
//! Case shapes:
//! - success: `{ "name", "violation", "facts": {..}, "expect": { outcome?, fine?,
//!   statutory_fine?, coercion?, mitigation_permitted?, missing? } }`
//! - error: `{ "name", "args": [..], "expect_error": { "exit", "stderr_contains": [..] } }`

use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Output};

const CASES_FILE: &str = "tests/data/assess_cases.json";
const MIN_CASES: usize = 75;

struct Failure {
    name: String,
    invocation: String,
    problems: Vec<String>,
    stdout: String,
    stderr: String,
}

fn run_cli(args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run the cailiang binary: {e}"))
}

fn show(v: Option<&Value>) -> String {
    match v {
        None => "<absent>".to_string(),
        Some(v) => v.to_string(),
    }
}

fn same_number(expected: Option<&Value>, actual: Option<&Value>) -> bool {
    match (
        expected.and_then(Value::as_f64),
        actual.and_then(Value::as_f64),
    ) {
        (Some(e), Some(a)) => e == a,
        _ => false,
    }
}

/// `fine` / `statutory_fine`: `null`, or `{min, max}` compared numerically.
fn range_matches(expected: &Value, actual: Option<&Value>) -> bool {
    match (expected, actual) {
        (Value::Null, Some(Value::Null)) => true,
        (Value::Object(e), Some(Value::Object(a))) => {
            same_number(e.get("min"), a.get("min")) && same_number(e.get("max"), a.get("max"))
        }
        _ => false,
    }
}

fn string_set(v: &Value) -> Option<BTreeSet<String>> {
    let items = v.as_array()?;
    let mut set = BTreeSet::new();
    for item in items {
        set.insert(item.as_str()?.to_string());
    }
    Some(set)
}

/// `missing` compares as a sorted set of strings.
fn missing_matches(expected: &Value, actual: Option<&Value>) -> bool {
    match (string_set(expected), actual.and_then(string_set)) {
        (Some(e), Some(a)) => e == a,
        _ => false,
    }
}

/// Shape checks that hold for every successful assessment, whatever the case expects.
fn shape_problems(violation: &str, out: &Map<String, Value>) -> Vec<String> {
    let mut problems = Vec::new();
    if out.get("violation").and_then(Value::as_str) != Some(violation) {
        problems.push(format!(
            "violation: expected {:?} | actual {}",
            violation,
            show(out.get("violation"))
        ));
    }
    for key in ["fine", "statutory_fine"] {
        match out.get(key) {
            Some(Value::Null) => {}
            Some(Value::Object(range)) => {
                for end in ["min", "max"] {
                    let whole = range
                        .get(end)
                        .map(|n| n.is_i64() || n.is_u64())
                        .unwrap_or(false);
                    if !whole {
                        problems.push(format!(
                            "{key}.{end} is not a whole number of yuan: {}",
                            show(range.get(end))
                        ));
                    }
                }
            }
            other => problems.push(format!(
                "{key} must be null or {{min, max}}: actual {}",
                show(other)
            )),
        }
    }
    match out.get("grounds") {
        Some(Value::Array(grounds)) => {
            for (i, g) in grounds.iter().enumerate() {
                for field in ["rule", "basis"] {
                    let ok = g
                        .get(field)
                        .and_then(Value::as_str)
                        .map(|s| !s.trim().is_empty())
                        .unwrap_or(false);
                    if !ok {
                        problems.push(format!(
                            "grounds[{i}].{field} must be a non-empty string: ground is {g}"
                        ));
                    }
                }
            }
        }
        other => problems.push(format!("grounds must be an array: actual {}", show(other))),
    }
    problems
}

fn check_success(case: &Map<String, Value>, name: &str) -> Option<Failure> {
    let violation = case
        .get("violation")
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("case {name:?}: `violation` must be a string"));
    let facts = case
        .get("facts")
        .unwrap_or_else(|| panic!("case {name:?}: `facts` is required"));
    let expect = case
        .get("expect")
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("case {name:?}: `expect` must be an object"));
    let facts_arg = serde_json::to_string(facts).expect("facts serialise");
    let args: Vec<String> = vec![
        "assess".into(),
        "--violation".into(),
        violation.into(),
        "--facts".into(),
        facts_arg.clone(),
    ];
    let output = run_cli(&args);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let mut problems = Vec::new();

    if output.status.code() != Some(0) {
        problems.push(format!(
            "exit code: expected 0 | actual {:?}",
            output.status.code()
        ));
    }
    match serde_json::from_str::<Value>(stdout.trim()) {
        Ok(Value::Object(out)) => {
            for (key, want) in expect {
                let got = out.get(key);
                let ok = match key.as_str() {
                    "fine" | "statutory_fine" => range_matches(want, got),
                    "missing" => missing_matches(want, got),
                    _ => got == Some(want),
                };
                if !ok {
                    problems.push(format!("{key}: expected {want} | actual {}", show(got)));
                }
            }
            problems.extend(shape_problems(violation, &out));
        }
        Ok(other) => problems.push(format!(
            "stdout must be one JSON object, got a different JSON value: {other}"
        )),
        Err(e) => problems.push(format!("stdout is not one JSON object: {e}")),
    }

    if problems.is_empty() {
        None
    } else {
        Some(Failure {
            name: name.to_string(),
            invocation: format!("cailiang assess --violation {violation} --facts '{facts_arg}'"),
            problems,
            stdout,
            stderr,
        })
    }
}

fn check_error(case: &Map<String, Value>, name: &str) -> Option<Failure> {
    let args: Vec<String> = case
        .get("args")
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("case {name:?}: `args` must be an array"))
        .iter()
        .map(|a| {
            a.as_str()
                .unwrap_or_else(|| panic!("case {name:?}: every arg must be a string"))
                .to_string()
        })
        .collect();
    let expect = case
        .get("expect_error")
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("case {name:?}: `expect_error` must be an object"));
    let want_exit = expect
        .get("exit")
        .and_then(Value::as_i64)
        .unwrap_or_else(|| panic!("case {name:?}: `expect_error.exit` must be an integer"));
    let want_contains: Vec<String> = expect
        .get("stderr_contains")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|s| {
                    s.as_str()
                        .expect("stderr_contains holds strings")
                        .to_string()
                })
                .collect::<Vec<String>>()
        })
        .unwrap_or_default();

    let output = run_cli(&args);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let mut problems = Vec::new();

    if output.status.code().map(i64::from) != Some(want_exit) {
        problems.push(format!(
            "exit code: expected {want_exit} | actual {:?}",
            output.status.code()
        ));
    }
    if !stdout.is_empty() {
        problems.push("stdout: expected empty | actual non-empty (see below)".to_string());
    }
    let line = stderr.strip_suffix('\n').unwrap_or(stderr.as_str());
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.trim().is_empty() || line.contains('\n') {
        problems.push(format!(
            "stderr: expected exactly one non-empty line | actual {} line(s)",
            if line.trim().is_empty() {
                0
            } else {
                line.lines().count()
            }
        ));
    }
    let lower = stderr.to_lowercase();
    for needle in &want_contains {
        if !lower.contains(&needle.to_lowercase()) {
            problems.push(format!(
                "stderr: expected to contain {needle:?} (case-insensitive) | actual {:?}",
                line
            ));
        }
    }

    if problems.is_empty() {
        None
    } else {
        Some(Failure {
            name: name.to_string(),
            invocation: format!("cailiang {}", args.join(" ")),
            problems,
            stdout,
            stderr,
        })
    }
}

fn load_cases() -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(CASES_FILE);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let value: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", path.display()));
    match value {
        Value::Array(cases) => cases,
        _ => panic!("{} must hold a JSON array of cases", path.display()),
    }
}

#[test]
fn assess_table() {
    let cases = load_cases();
    assert!(
        cases.len() >= MIN_CASES,
        "the table must hold at least {MIN_CASES} cases, it holds {}",
        cases.len()
    );

    let mut seen = HashSet::new();
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let case = case
            .as_object()
            .unwrap_or_else(|| panic!("case #{i} must be a JSON object"));
        let name = case
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("case #{i} needs a string `name`"));
        assert!(
            seen.insert(name.to_string()),
            "duplicate case name {name:?}"
        );
        let failure = match (
            case.contains_key("expect"),
            case.contains_key("expect_error"),
        ) {
            (true, false) => check_success(case, name),
            (false, true) => check_error(case, name),
            _ => panic!("case {name:?} must have exactly one of `expect` and `expect_error`"),
        };
        failures.extend(failure);
    }

    if !failures.is_empty() {
        let mut report = format!(
            "{} of {} assess cases failed:\n",
            failures.len(),
            cases.len()
        );
        for f in &failures {
            let _ = writeln!(report, "\n--- {}", f.name);
            let _ = writeln!(report, "    $ {}", f.invocation);
            for p in &f.problems {
                let _ = writeln!(report, "    {p}");
            }
            let _ = writeln!(report, "    stdout: {}", f.stdout.trim_end());
            if !f.stderr.trim().is_empty() {
                let _ = writeln!(report, "    stderr: {}", f.stderr.trim_end());
            }
        }
        panic!("{report}");
    }
}
