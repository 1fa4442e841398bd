//! Session logs hold a case's hidden facts and decide a trainee's result, so they are private,
//! appear whole, survive a full disk, and `verify` prints what they say without letting it steer
//! the terminal.

use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BIN: &str = env!("CARGO_BIN_EXE_cailiang");

const SCRIPT: &str = r#"[
    Choose("show_credentials"), Choose("count_goods"), Choose("check_invoices"), Choose("check_record"),
    Choose("order_removal"), Choose("go_decide"),
    Decide(measures: [NoPenalty, Education, OrderToRectify, SupervisedDestruction]),
]"#;

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cailiang-hygiene-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `cailiang play` through `sh -c` (for umask and ulimit), with `prefix` run first.
fn play_with(prefix: &str, data: &Path, trainee: &str) -> std::process::Output {
    let input = data.join("input.ron");
    std::fs::write(&input, SCRIPT).unwrap();
    Command::new("sh")
        .current_dir(ROOT)
        .arg("-c")
        .arg(format!(
            "{prefix} exec \"$0\" play food.expired_yogurt --seed 1 --lang en --input \"$1\" --data-dir \"$2\" --trainee \"$3\""
        ))
        .arg(BIN)
        .arg(&input)
        .arg(data.join("data"))
        .arg(trainee)
        .output()
        .unwrap()
}

fn logs(data: &Path) -> Vec<PathBuf> {
    let dir = data.join("data/sessions");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[cfg(unix)]
#[test]
fn logs_are_private_even_under_umask_0() {
    use std::os::unix::fs::PermissionsExt;
    let d = temp_dir("umask");
    let out = play_with("umask 0;", &d, "t1");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = logs(&d);
    assert_eq!(files.len(), 1, "{files:?}");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&files[0]), 0o600);
    assert_eq!(mode(&d.join("data/sessions")), 0o700);
    // Created whole: no temporary file is left, and the log starts with its header.
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.starts_with("{") && text.contains("\"record\":\"header\""));
}

#[cfg(unix)]
#[test]
fn a_full_disk_is_a_clear_error_and_the_log_stays_verifiable() {
    let d = temp_dir("full");
    // A file-size limit of 12 KiB makes the log's writes fail part-way, as a full disk would.
    let out = play_with("ulimit -f 12; trap '' XFSZ;", &d, "t2");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot write the session log")
            && err.contains("intact up to its last acknowledged step"),
        "{err}"
    );
    let files = logs(&d);
    assert_eq!(files.len(), 1, "{files:?}");
    let v = Command::new(BIN)
        .current_dir(ROOT)
        .arg("verify")
        .arg(&files[0])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&v.stdout);
    assert!(report.starts_with("INCOMPLETE"), "{report}");
    assert_eq!(v.status.code(), Some(0));
}

#[test]
fn verify_takes_directories_and_escapes_what_the_log_says() {
    let d = temp_dir("escape");
    // A trainee id that would clear the screen and print a fake verdict.
    let out = play_with("", &d, "\u{1b}[2J\u{1b}[HOK passed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = Command::new(BIN)
        .current_dir(ROOT)
        .arg("verify")
        .arg(d.join("data"))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&v.stdout);
    assert!(v.status.success(), "{report}");
    assert!(!report.contains('\u{1b}'), "{report:?}");
    assert!(report.contains("\\u{1b}[2J"), "{report}");
    assert!(report.contains("case food.expired_yogurt"), "{report}");
    assert!(report.contains("mode practice"), "{report}");
    // An empty directory is an error, not silence.
    let empty = temp_dir("empty");
    let v = Command::new(BIN)
        .arg("verify")
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(v.status.code(), Some(2));
}

/// A log played against an edited copy of the content does not verify from inside that copy:
/// `verify` never takes the current directory's `scenarios/` unasked.
#[test]
fn verify_does_not_trust_the_current_directory() {
    let d = temp_dir("cwd");
    let copy = d.join("project/scenarios");
    std::fs::create_dir_all(d.join("project")).unwrap();
    let status = Command::new("cp")
        .arg("-r")
        .arg(Path::new(ROOT).join("scenarios"))
        .arg(&copy)
        .status()
        .unwrap();
    assert!(status.success());
    // An "easier" copy of the case: every ending's effects are left as they are, but the text
    // changes, which is enough to change the file's hash.
    let case = copy.join("food_expired_yogurt.ron");
    let text = std::fs::read_to_string(&case)
        .unwrap()
        .replace("社区便利店", "社区便利店（改）");
    std::fs::write(&case, text).unwrap();
    let input = d.join("input.ron");
    std::fs::write(&input, SCRIPT).unwrap();
    let out = Command::new(BIN)
        .current_dir(d.join("project"))
        .env_remove("CAILIANG_CONTENT")
        .args(["play", "food.expired_yogurt", "--seed", "1", "--input"])
        .arg(&input)
        .arg("--data-dir")
        .arg(d.join("data"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = Command::new(BIN)
        .current_dir(d.join("project"))
        .env_remove("CAILIANG_CONTENT")
        .arg("verify")
        .arg(d.join("data"))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&v.stdout);
    assert!(report.starts_with("FAILED"), "{report}");
    // Asked explicitly, the copy is used.
    let v = Command::new(BIN)
        .current_dir(d.join("project"))
        .env_remove("CAILIANG_CONTENT")
        .arg("verify")
        .arg("--scenarios")
        .arg(&copy)
        .arg(d.join("data"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&v.stdout).starts_with("OK"));
}

/// Run `cailiang` with `args`, failing the test if it has not finished within 30 s.
#[cfg(unix)]
fn bounded(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(BIN)
        .current_dir(ROOT)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut out = String::new();
            use std::io::Read;
            child
                .stdout
                .take()
                .unwrap()
                .read_to_string(&mut out)
                .unwrap();
            return (status.code(), out);
        }
        if started.elapsed().as_secs() > 30 {
            let _ = child.kill();
            panic!("`cailiang {}` did not finish in 30 s", args.join(" "));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[cfg(unix)]
#[test]
fn a_device_or_a_pipe_given_as_a_log_is_refused_at_once() {
    let dir = temp_dir("not-a-file");
    let fifo = dir.join("pipe.jsonl");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let fifo = fifo.to_str().unwrap().to_string();
    let (code, out) = bounded(&["verify", "/dev/zero", &fifo]);
    assert_eq!(code, Some(1), "{out}");
    let refused = out
        .lines()
        .filter(|l| l.starts_with("FAILED") && l.ends_with("not a regular file"))
        .count();
    assert_eq!(refused, 2, "{out}");
}
