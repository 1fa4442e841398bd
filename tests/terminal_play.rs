//! Playing in the terminal as a trainee types: choice numbers that hold, a decision form that
//! says a contradiction at once, and a Chinese debrief without English or internal ids.

use std::io::Write;
use std::process::{Command, Stdio};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BIN: &str = env!("CARGO_BIN_EXE_cailiang");

/// `cailiang play food.expired_yogurt --seed 1 extra…` with `typed` as the keyboard; stdout.
fn play(typed: &str, extra: &[&str]) -> String {
    let data = std::env::temp_dir().join(format!("cailiang-terminal-{}", std::process::id()));
    let mut child = Command::new(BIN)
        .current_dir(ROOT)
        .args(["play", "food.expired_yogurt", "--seed", "1", "--data-dir"])
        .arg(&data)
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(typed.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_same_number_twice_never_picks_two_different_things() {
    // 2 is "count the goods"; typed again, it is gone, not the next choice moved up.
    let out = play("2\n2\n", &[]);
    assert_eq!(out.matches("> 清点过期酸奶，核算货值").count(), 1, "{out}");
    assert!(
        out.contains("编号 2 的选项已不再提供。可选编号：1、3、4、5、6、7、8。"),
        "{out}"
    );
    // The choices still offered keep their numbers.
    let after = out.rsplit("> 清点过期酸奶").next().unwrap();
    assert!(after.contains(" 3. ［调查］查看进货票据"), "{after}");
    assert!(after.contains(" 8. 回到所里，拟定处理意见"), "{after}");
    // A number never given, and not a number.
    let out = play("42\nabc\n", &["--lang", "en"]);
    assert_eq!(
        out.matches("Enter a number from the list: 1, 2, 3, 4, 5, 6, 7, 8.")
            .count(),
        2,
        "{out}"
    );
}

#[test]
fn a_contradictory_decision_is_refused_as_soon_as_the_measures_are_entered() {
    // To the office, open the form, then "no penalty" with a fine.
    let out = play("8\n1\n1,6\n1,2\n", &[]);
    let form = out.split("—— 处理决定 ——").nth(1).expect(&out);
    let refusal = "“不予行政处罚”不能与处罚措施同时选择。";
    let at = form.find(refusal).expect(form);
    // Refused before any other field was asked, and the measures asked again at once.
    assert!(!form[..at].contains("已履行的程序"), "{form}");
    assert!(!form[..at].contains("罚款金额"), "{form}");
    assert!(form[at..].contains("选择措施（编号"), "{form}");
    assert!(form[at..].contains("已履行的程序"), "{form}");
    // No one-item menu after it.
    assert!(!out.contains("1 到 1"), "{out}");
}

const DECIDE_BADLY: &str = "1\n2\n8\n1\n6\n\n3000\n";

#[test]
fn the_chinese_debrief_has_no_english_or_rule_ids_unless_asked() {
    let out = play(DECIDE_BADLY, &[]);
    let report = out.split("==== 评分报告 ====").nth(1).expect(&out);
    let report = report.split("会话日志：").next().unwrap();
    assert!(report.contains("扣分明细"), "{report}");
    assert!(report.contains("依据：食品安全法"), "{report}");
    for english in [
        "training convention",
        "unverified",
        "band.",
        "procedure.",
        "路径：",
        " → ",
    ] {
        assert!(!report.contains(english), "`{english}` in:\n{report}");
    }
    // No ASCII word at all: only digits, punctuation and Chinese.
    let words: Vec<&str> = report
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() > 1)
        .collect();
    assert!(words.is_empty(), "{words:?} in:\n{report}");

    // With --verbose, the ids and path are there for an instructor.
    let out = play(DECIDE_BADLY, &["--verbose"]);
    assert!(out.contains("路径："), "{out}");
    assert!(out.contains("(合法性; "), "{out}");
}

#[test]
fn yes_no_facts_read_as_prose_in_the_story() {
    // Seeds 1-5 draw both answers to "can the owner name her supplier?".
    let mut said = std::collections::BTreeSet::new();
    for seed in 1..=5 {
        let data = std::env::temp_dir().join(format!("cailiang-prose-{}", std::process::id()));
        let script = data.join("s.ron");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(&script, r#"[Choose("check_invoices")]"#).unwrap();
        let out = Command::new(BIN)
            .current_dir(ROOT)
            .args(["play", "food.expired_yogurt", "--seed", &seed.to_string()])
            .arg("--input")
            .arg(&script)
            .arg("--data-dir")
            .arg(&data)
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&out.stdout).into_owned();
        let line = out
            .lines()
            .find(|l| l.contains("陈女士翻出进货单据"))
            .expect(&out)
            .to_string();
        assert!(!line.contains("：是") && !line.contains("：否"), "{line}");
        said.insert(line.contains("如实说出了供货商"));
    }
    assert_eq!(said.len(), 2, "both wordings over five seeds");
}

#[test]
fn help_is_in_the_interface_language() {
    let help = |args: &[&str], env: Option<&str>| {
        let mut c = Command::new(BIN);
        c.args(args).env_remove("CAILIANG_LANG");
        if let Some(l) = env {
            c.env("CAILIANG_LANG", l);
        }
        String::from_utf8_lossy(&c.output().unwrap().stdout).into_owned()
    };
    let zh = help(&["play", "--help"], None);
    assert!(zh.contains("用法：cailiang play"), "{zh}");
    assert!(zh.contains("案例中随机事实和事件的种子"), "{zh}");
    assert!(zh.contains("［默认：practice］"), "{zh}");
    for english in [
        "Usage",
        "Options",
        "[default:",
        "possible values",
        "Print help",
    ] {
        assert!(!zh.contains(english), "`{english}` in:\n{zh}");
    }
    let top = help(&["--help"], None);
    assert!(top.contains("命令:") && top.contains("显示本帮助"), "{top}");
    // English on request: the option, or the environment.
    let en = help(&["play", "--lang", "en", "--help"], None);
    assert!(en.contains("Usage: cailiang play"), "{en}");
    let en = help(&["play", "--help"], Some("en"));
    assert!(en.contains("Seed for the case's random facts"), "{en}");
}

#[test]
fn check_and_play_say_which_content_they_use_and_skip_test_fixtures() {
    let run = |dir: &std::path::Path, args: &[&str]| {
        let out = Command::new(BIN)
            .current_dir(dir)
            .env_remove("CAILIANG_CONTENT")
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // The project's root stands for its scenarios/: the broken fixtures under tests/ stay out.
    let (code, out, err) = run(std::path::Path::new(ROOT), &["check", ROOT]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        err.contains(&format!(
            "checking {ROOT}/scenarios (the content of the project at {ROOT}"
        )),
        "{err}"
    );
    assert!(out.contains("0 error(s)"), "{out}");
    // Outside any project, the fallback is named.
    let elsewhere = std::env::temp_dir();
    let (code, _, err) = run(&elsewhere, &["check"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("(the project this program was built from: there is no scenarios/ here)"),
        "{err}"
    );
    // `play --content ROOT` plays, saying where the case came from.
    let data = std::env::temp_dir().join(format!("cailiang-content-{}", std::process::id()));
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("s.ron"), r#"[Choose("show_credentials")]"#).unwrap();
    let script = data.join("s.ron");
    let (_, out, err) = run(
        &elsewhere,
        &[
            "play",
            "food.expired_yogurt",
            "--content",
            ROOT,
            "--seed",
            "1",
            "--input",
            script.to_str().unwrap(),
            "--data-dir",
            data.to_str().unwrap(),
        ],
    );
    assert!(
        err.contains(&format!("案例内容：{ROOT}/scenarios（命令行指定）")),
        "{err}"
    );
    assert!(out.contains("社区便利店销售过期酸奶"), "{out}{err}");
}
