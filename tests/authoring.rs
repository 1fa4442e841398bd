//! Authoring tools: `cailiang new scenario` writes a template that checks and tests clean for
//! every shipped item, and refuses bad ids and overwrites.

use std::path::PathBuf;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn cailiang(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .current_dir(ROOT)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cailiang-authoring-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn the_template_checks_and_tests_clean_for_every_item() {
    let (code, list, _) = cailiang(&["assess", "--list"]);
    assert_eq!(code, 0);
    let dir = temp("items");
    for line in list.lines() {
        let item = line.split('\t').next().unwrap();
        let out = dir.join(format!("{}.ron", item.replace('.', "_")));
        let out_s = out.to_string_lossy().to_string();
        let (code, _, err) = cailiang(&[
            "new", "scenario", "tpl.case", "--item", item, "--out", &out_s, "--force",
        ]);
        assert_eq!(code, 0, "{item}: {err}");
        let (code, stdout, _) = cailiang(&["check", &out_s]);
        assert_eq!(code, 0, "{item}:\n{stdout}");
        assert!(
            stdout.contains("0 error(s), 0 warning(s)"),
            "{item}:\n{stdout}"
        );
        let (code, stdout, _) = cailiang(&["test", &out_s]);
        assert_eq!(code, 0, "{item}:\n{stdout}");
    }
}

#[test]
fn new_refuses_bad_ids_unknown_items_and_overwrites() {
    let dir = temp("refuse");
    let out = dir.join("x.ron").to_string_lossy().to_string();
    let (code, _, err) = cailiang(&["new", "scenario", "Bad Id", "--out", &out]);
    assert_eq!(code, 2);
    assert!(err.contains("not a valid id"), "{err}");
    let (code, _, err) = cailiang(&[
        "new",
        "scenario",
        "a.b",
        "--item",
        "food.expird_sale",
        "--out",
        &out,
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `food.expired_sale`"), "{err}");
    assert_eq!(cailiang(&["new", "scenario", "a.b", "--out", &out]).0, 0);
    let (code, _, err) = cailiang(&["new", "scenario", "a.b", "--out", &out]);
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
}
