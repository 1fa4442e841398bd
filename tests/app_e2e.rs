//! End to end: the real desktop app in a real window under Xvfb (software Vulkan), playing a
//! scripted case to the debrief in capture mode; the screenshot is not blank and the session
//! log the app wrote verifies. Needs Xvfb and Mesa's Vulkan driver: `scripts/test.sh` installs
//! them when missing (as CI does).
#![cfg(feature = "gui")]

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

fn xvfb() -> Xvfb {
    let n = 70 + std::process::id() % 20;
    let child = Command::new("Xvfb")
        .args([&format!(":{n}"), "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        .spawn()
        .expect("Xvfb is not installed: run `bash scripts/test.sh`, which installs it (apt package xvfb)");
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
    for _ in 0..200 {
        if socket.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    assert!(socket.exists(), "Xvfb did not start on :{n}");
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
