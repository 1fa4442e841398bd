//! Helpers for tests that run a workshop station over a real socket.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");
pub const BIN: &str = env!("CARGO_BIN_EXE_cailiang");
pub const PLAN: &str = "scenarios/plans/plan_workshop_intro.ron";

/// The first case of the example plan, played the same way whatever the seed.
pub const FULL: &str = r#"[
    Choose("show_credentials"), Choose("count_goods"), Choose("check_invoices"), Choose("check_record"),
    Choose("order_removal"), Choose("go_decide"),
    Decide(measures: [NoPenalty, Education, OrderToRectify, SupervisedDestruction]),
]"#;

pub fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cailiang-station-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub struct Running {
    pub child: Child,
    pub addr: String,
    pub code: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start_station(data: &Path) -> Running {
    start_station_on(data, &Path::new(ROOT).join("scenarios"))
}

pub fn start_station_on(data: &Path, content: &Path) -> Running {
    start_station_with(Path::new(PLAN), data, content, &[])
}

/// A station for `plan` on `data` with `content`, and `extra` arguments.
pub fn start_station_with(plan: &Path, data: &Path, content: &Path, extra: &[&str]) -> Running {
    let mut child = Command::new(BIN)
        .current_dir(ROOT)
        .args(["station", "--listen", "127.0.0.1:0", "--plan"])
        .arg(plan)
        .arg("--data-dir")
        .arg(data)
        .arg("--content")
        .arg(content)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let rest = line
        .trim()
        .strip_prefix("station listening on ")
        .unwrap_or_else(|| panic!("unexpected start line {line:?}"));
    let (addr, code) = rest.split_once(", join code ").unwrap();
    // Keep draining stdout so the station never blocks on a full pipe.
    std::thread::spawn(move || for _ in out.lines() {});
    Running {
        addr: addr.to_string(),
        code: code.to_string(),
        child,
    }
}

pub fn play(st: &Running, trainee: &str, script: &str, client: &Path) -> std::process::Output {
    let input = client.join(format!("{trainee}-{}.ron", script.len()));
    std::fs::write(&input, script).unwrap();
    Command::new(BIN)
        .current_dir(ROOT)
        .args([
            "play",
            "--lang",
            "en",
            "--station",
            &st.addr,
            "--code",
            &st.code,
        ])
        .args(["--trainee", trainee, "--input"])
        .arg(&input)
        .arg("--data-dir")
        .arg(client)
        .output()
        .unwrap()
}

pub fn script_prefix(n: usize) -> String {
    let inputs: Vec<&str> = FULL
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split("),")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let parts: Vec<String> = inputs
        .iter()
        .take(n)
        .map(|s| format!("{})", s.trim_end_matches(')')))
        .collect();
    format!("[{}]", parts.join(", "))
}

/// Join `st` as `trainee` (self-enrolment with its join code); the trainee's token.
pub fn join(st: &Running, trainee: &str) -> String {
    let r = cailiang::station::client::request(
        &st.addr,
        "POST",
        "/api/join",
        None,
        Some(&serde_json::json!({"code": st.code, "trainee": trainee})),
    )
    .unwrap();
    r.body["token"]
        .as_str()
        .unwrap_or_else(|| panic!("join as {trainee}: {}", r.body))
        .to_string()
}
