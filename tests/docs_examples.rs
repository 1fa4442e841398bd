//! The complete examples in docs/STANDARDS.md and docs/SCENARIOS.md are real: each passes
//! `cailiang check` with no errors and no warnings, so the documentation cannot drift from the code.

use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The first ```ron block of a Markdown file.
fn first_ron_block(doc: &str) -> String {
    let text = std::fs::read_to_string(Path::new(ROOT).join(doc)).unwrap();
    let start = text
        .find("```ron\n")
        .unwrap_or_else(|| panic!("{doc} has no ```ron block"))
        + 7;
    let end = text[start..].find("\n```").unwrap() + start;
    text[start..end].to_string()
}

fn check_example(doc: &str, file_name: &str) {
    let dir = std::env::temp_dir().join(format!("cailiang-docs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(file_name);
    std::fs::write(&path, first_ron_block(doc)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .current_dir(ROOT)
        .env("NO_COLOR", "1")
        .args(["check", "--standards", "scenarios/standards"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{doc}'s example does not check:\n{stdout}"
    );
    assert!(
        stdout.contains("0 error(s), 0 warning(s)"),
        "{doc}'s example:\n{stdout}"
    );
}

#[test]
fn the_standard_format_example_checks_clean() {
    check_example("docs/STANDARDS.md", "example_standard.ron");
}

#[test]
fn the_scenario_format_example_checks_clean() {
    check_example("docs/SCENARIOS.md", "example_scenario.ron");
}
