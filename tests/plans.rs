//! Assessment plans: `cailiang new plan` writes one over the library's introductory cases,
//! `check --pin` pins its cases to their content, and editing a pinned case is reported until it
//! is pinned again.

use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Run the binary with `CAILIANG_CONTENT` pointing at `content`.
fn cailiang(content: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .current_dir(content)
        .env("CAILIANG_CONTENT", content)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A copy of the shipped content in a temporary directory.
fn content_copy(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cailiang-plans-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    copy_dir(&Path::new(ROOT).join("scenarios"), &d);
    d
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn a_new_plan_is_pinned_and_a_changed_case_is_reported() {
    let c = content_copy("new");
    let (code, out, err) = cailiang(&c, &["new", "plan", "plan.t1"]);
    assert_eq!(code, 0, "{out}{err}");
    let plan = c.join("plans/plan_t1.ron");
    let plan_s = plan.to_string_lossy().to_string();
    // Unpinned cases are warnings, not errors.
    let (code, out, _) = cailiang(&c, &["check", &plan_s]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning[W0104]"), "{out}");
    let (code, out, err) = cailiang(&c, &["check", "--pin", &plan_s]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("pinned 3 case(s)"), "{err}");
    assert!(out.contains("0 error(s), 0 warning(s)"), "{out}");
    let text = std::fs::read_to_string(&plan).unwrap();
    assert_eq!(text.matches("pin: \"sha256:").count(), 3, "{text}");
    // Editing a case after pinning is reported, with the line of its pin.
    let case = c.join("food_expired_yogurt.ron");
    let mut s = std::fs::read_to_string(&case).unwrap();
    s.push_str("// an edit after the plan was pinned\n");
    std::fs::write(&case, s).unwrap();
    let (code, out, _) = cailiang(&c, &["check", &plan_s]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[E0059]") && out.contains("food.expired_yogurt"),
        "{out}"
    );
    // So is a standard the case uses.
    let (code, _, _) = cailiang(&c, &["check", "--pin", &plan_s]);
    assert_eq!(code, 0);
    let std_file = c.join("standards/food.ron");
    let mut s = std::fs::read_to_string(&std_file).unwrap();
    s.push_str("// a changed standard\n");
    std::fs::write(&std_file, s).unwrap();
    let (code, out, _) = cailiang(&c, &["check", &plan_s]);
    assert_eq!(code, 1, "{out}");
    // Pinning again is idempotent once current.
    let (_, _, err) = cailiang(&c, &["check", "--pin", &plan_s]);
    assert!(err.contains("pinned 1 case(s)"), "{err}");
    let (_, _, err) = cailiang(&c, &["check", "--pin", &plan_s]);
    assert!(err.contains("pinned 0 case(s)"), "{err}");
}

#[test]
fn plan_values_are_checked() {
    let c = content_copy("values");
    let plan = c.join("plans/bad.ron");
    std::fs::write(
        &plan,
        r#"Plan(
    id: "plan.bad",
    title: (zh: "坏方案", en: "Bad plan"),
    cases: [Case(scenario: "food.expired_yogurt"), Case(scenario: "food.expired_yogurt")],
    attempts: 0,
    pass_mark: 0,
    weights: Weights(legality: 0, discretion: 0, procedure: 0, flexibility: 0, effects: 0),
    time_limit_minutes: 0,
)
"#,
    )
    .unwrap();
    let (code, out, _) = cailiang(&c, &["check", &plan.to_string_lossy()]);
    assert_eq!(code, 1, "{out}");
    for what in [
        "lists case `food.expired_yogurt` twice",
        "`attempts` must be at least 1",
        "pass mark 0 is not in (0, 100]",
        "weights must be numbers from 0 to 100, not all 0",
        "a time limit of 0 minutes",
    ] {
        assert!(out.contains(what), "{what}: {out}");
    }
}
