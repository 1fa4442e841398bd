//! End to end: the real desktop app in a real window under Xvfb (software Vulkan), playing a
//! scripted case to the debrief in capture mode; the screenshot is not blank and the session
//! log the app wrote verifies. And a workshop: a real station on a socket, two apps sitting the
//! plan at it, the instructor's desk showing both live, every finished log certifiable. Needs Xvfb and Mesa's Vulkan driver: `scripts/test.sh` installs
//! them when missing (as CI does).
#![cfg(feature = "gui")]

#[cfg(feature = "station")]
mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

struct Xvfb {
    child: Child,
    display: String,
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh Xvfb on a display it picks itself (`-displayfd`), so tests in parallel never share one.
fn xvfb() -> Xvfb {
    use std::io::BufRead;
    let mut child = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("Xvfb is not installed: run `bash scripts/test.sh`, which installs it (apt package xvfb)");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let n: u32 = line
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("Xvfb did not start: {line:?}"));
    Xvfb {
        child,
        display: format!(":{n}"),
    }
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cailiang-e2e-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Distinct colours in a sample of the image's pixels.
fn colours(png_path: &Path) -> usize {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let bytes = &buf[..info.buffer_size()];
    let step = info.color_type.samples();
    let mut seen = std::collections::BTreeSet::new();
    for px in bytes.chunks(step).step_by(7) {
        seen.insert(px.to_vec());
    }
    seen.len()
}

#[test]
fn the_app_plays_a_case_to_the_debrief_in_a_real_window() {
    let x = xvfb();
    let dir = temp("play");
    let script = dir.join("inputs.ron");
    std::fs::write(
        &script,
        r#"[Choose("show_credentials"), Choose("count_goods"), Choose("check_invoices"), Choose("check_record"),
            Choose("order_removal"), Choose("go_decide"),
            Decide(measures: [NoPenalty, Education, OrderToRectify, SupervisedDestruction])]"#,
    )
    .unwrap();
    let shot = dir.join("debrief.png");
    let out = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .current_dir(ROOT)
        .env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .args([
            "app",
            "--size",
            "1280x800",
            "--scenario",
            "food.expired_yogurt",
            "--seed",
            "1",
            "--screen",
            "debrief",
            "--frames",
            "10",
        ])
        .arg("--capture")
        .arg(&shot)
        .arg("--input")
        .arg(&script)
        .arg("--data-dir")
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "app failed:\n{stdout}\n{stderr}");
    assert!(shot.exists(), "no screenshot:\n{stdout}\n{stderr}");
    let n = colours(&shot);
    assert!(n > 20, "the screenshot looks blank ({n} colours)");
    let log = stdout
        .lines()
        .find_map(|l| l.strip_prefix("session log: "))
        .expect("the app prints its log");
    let verify = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .current_dir(ROOT)
        .args(["verify", log])
        .output()
        .unwrap();
    let v = String::from_utf8_lossy(&verify.stdout);
    assert!(verify.status.success() && v.starts_with("OK"), "{v}");
    assert!(v.contains("(passed)"), "{v}");
}

#[test]
fn without_a_display_the_app_points_to_the_terminal() {
    let out = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .current_dir(ROOT)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("cailiang play") && err.contains("没有可用的图形界面"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[cfg(feature = "station")]
#[test]
fn two_apps_sit_an_assessment_at_a_station_and_the_desk_sees_them() {
    let x = xvfb();
    let data = common::temp_dir("e2e-workshop");
    let st = common::start_station(&data);
    let enrolment: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(data.join("station/enrolment.json")).unwrap(),
    )
    .unwrap();
    let instructor = enrolment["instructor"].as_str().unwrap().to_string();
    let app = |args: &[&str], client: &Path, shot: &Path, script: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_cailiang"));
        c.current_dir(ROOT)
            .env("DISPLAY", &x.display)
            .env_remove("WAYLAND_DISPLAY")
            .args(["app", "--size", "1280x800", "--frames", "10"])
            .args(args)
            .arg("--capture")
            .arg(shot)
            .arg("--data-dir")
            .arg(client);
        if let Some(script) = script {
            let path = client.join("inputs.ron");
            std::fs::write(&path, script).unwrap();
            c.arg("--input").arg(path);
        }
        let out = c.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "app failed:\n{stdout}\n{stderr}");
        assert!(colours(shot) > 20, "the screenshot looks blank");
        stdout
    };
    // Trainee one sits the first case to its end; trainee two is mid-way.
    let ann = temp("ann");
    let out = app(
        &[
            "--station",
            &st.addr,
            "--code",
            &st.code,
            "--trainee",
            "ann",
            "--scenario",
            "food.expired_yogurt",
            "--screen",
            "debrief",
        ],
        &ann,
        &ann.join("debrief.png"),
        Some(common::FULL),
    );
    assert!(
        out.contains(
            "station attempt: food.expired_yogurt, 7 input(s) acknowledged, finished: true"
        ),
        "{out}"
    );
    let bo = temp("bo");
    let out = app(
        &[
            "--station",
            &st.addr,
            "--code",
            &st.code,
            "--trainee",
            "bo",
            "--scenario",
            "food.expired_yogurt",
            "--screen",
            "play",
        ],
        &bo,
        &bo.join("play.png"),
        Some(&common::script_prefix(3)),
    );
    assert!(
        out.contains("3 input(s) acknowledged, finished: false"),
        "{out}"
    );
    for client in [&ann, &bo] {
        assert!(
            !client.join("sessions").exists(),
            "no session log on a trainee's machine"
        );
    }
    // The instructor's desk shows both, one in an attempt.
    let desk = temp("desk");
    let out = app(
        &[
            "--desk",
            &st.addr,
            "--instructor-token",
            &instructor,
            "--screen",
            "desk",
        ],
        &desk,
        &desk.join("desk.png"),
        None,
    );
    assert!(out.contains("desk: 2 trainee(s), 1 in an attempt"), "{out}");
    // The finished attempt certifies with the station's key; the other is unfinished.
    let verify = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .current_dir(ROOT)
        .args(["verify", "--format", "json", "--trust"])
        .arg(data.join("station/station.pub"))
        .arg(data.join("sessions"))
        .output()
        .unwrap();
    let reports: serde_json::Value = serde_json::from_slice(&verify.stdout).unwrap();
    let reports = reports.as_array().unwrap();
    assert_eq!(reports.len(), 2);
    let certifiable = reports.iter().filter(|r| r["certifiable"] == true).count();
    assert_eq!(certifiable, 1, "{reports:?}");

    // The reviewer's desk (审核台) on a register of these logs, ann's session open at its
    // decision, this machine's reviewer key enrolled.
    let reviewer = temp("reviewer");
    let db = reviewer.join("register.sqlite");
    let cli = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_cailiang"))
            .current_dir(ROOT)
            .args(args)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "{args:?}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    };
    let (db_s, trust, sessions, rdir) = (
        db.to_str().unwrap(),
        data.join("station/station.pub"),
        data.join("sessions"),
        reviewer.to_str().unwrap(),
    );
    cli(&[
        "register",
        "import",
        "--db",
        db_s,
        "--trust",
        trust.to_str().unwrap(),
        sessions.to_str().unwrap(),
    ]);
    let key = cli(&["review", "key", "--data-dir", rdir]);
    cli(&[
        "review",
        "enrol",
        "r.li",
        "--name",
        "李审",
        "--key",
        key.trim(),
        "--db",
        db_s,
    ]);
    let listed: serde_json::Value = serde_json::from_str(&cli(&[
        "review",
        "list",
        "--format",
        "json",
        "--db",
        db_s,
        "--trainee",
        "ann",
    ]))
    .unwrap();
    let ann_log = listed[0]["log_sha256"].as_str().unwrap()[..16].to_string();
    let out = app(
        &[
            "--review-db",
            db_s,
            "--review-open",
            &ann_log,
            "--screen",
            "review",
        ],
        &reviewer,
        &reviewer.join("review.png"),
        None,
    );
    assert!(out.contains("review: 2 session(s) listed, open: "), "{out}");
}
