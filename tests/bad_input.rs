//! Hostile and careless input costs a clear error and nothing more: each class below ends within
//! a generous bound of time and memory (the figures measured on this machine are in
//! docs/PERFORMANCE.md), with an error that names what was wrong, and never echoes control
//! characters or a megabyte of the user's text back to the terminal.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BIN: &str = env!("CARGO_BIN_EXE_cailiang");

/// Generous: each case takes well under a second in a release build; tests run a debug build,
/// several at once.
const TIME: Duration = Duration::from_secs(10);
/// Peak resident memory allowed to any one run.
const MEMORY_KB: i64 = 300 * 1024;

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cailiang-bad-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// What a run printed, how it ended, and what it took.
struct Run {
    code: Option<i32>,
    out: String,
    err: String,
    took: Duration,
    peak_kb: i64,
}

/// Run `cailiang args…` with `stdin` fed to it, killed past `TIME`; its peak memory from wait4.
// The child is reaped by `wait4` (which also gives its peak memory), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn run(args: &[&str], stdin: &[u8], data: &Path) -> Run {
    use std::io::{Read, Write};
    use std::os::unix::process::ExitStatusExt;
    let mut child = Command::new(BIN)
        .current_dir(ROOT)
        .args(args)
        .env("CAILIANG_DATA_DIR", data)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let pid = child.id() as libc::pid_t;
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        // The program may stop reading early (an error): a broken pipe is expected then.
        let _ = input.write_all(&stdin);
    });
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out_pipe.read_to_end(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err_pipe.read_to_end(&mut s);
        s
    });
    let watchdog = std::thread::spawn(move || {
        while started.elapsed() < TIME {
            std::thread::sleep(Duration::from_millis(20));
            // SAFETY: signal 0 only asks whether the process still exists.
            if unsafe { libc::kill(pid, 0) } != 0 {
                return;
            }
        }
        // SAFETY: killing our own child, which has overrun its time.
        unsafe {
            libc::kill(pid, libc::SIGKILL);
        }
    });
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for our own child, with valid pointers to locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    let took = started.elapsed();
    let _ = feeder.join();
    let _ = watchdog.join();
    let status = std::process::ExitStatus::from_raw(status);
    Run {
        code: status.code(),
        out: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        err: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
        took,
        peak_kb: usage.ru_maxrss,
    }
}

/// The run ended by itself, within the bounds, with an error (exit 1 or 2) whose text says
/// `says`, and printed nothing raw that could steer a terminal or flood it.
fn refused(r: &Run, what: &str, says: &str) {
    let all = format!("{}{}", r.out, r.err);
    assert!(r.took < TIME, "{what}: took {:?}", r.took);
    assert!(r.peak_kb < MEMORY_KB, "{what}: peak {} KB", r.peak_kb);
    assert!(
        matches!(r.code, Some(1) | Some(2)),
        "{what}: exit {:?}\n{all}",
        r.code
    );
    assert!(all.contains(says), "{what}: no `{says}` in:\n{all}");
    quiet(&all, what);
}

/// No control character but line breaks and tabs, and no megabyte line.
fn quiet(all: &str, what: &str) {
    let raw: Vec<char> = all
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\t'))
        .collect();
    assert!(
        raw.is_empty(),
        "{what}: control characters printed: {raw:?}"
    );
    assert!(
        all.len() < 64 << 10,
        "{what}: {} bytes of output",
        all.len()
    );
}

/// `cailiang play` of the example case from `script`, in English, seed 1.
fn play_script(script: &Path, data: &Path) -> Run {
    run(
        &[
            "play",
            "food.expired_yogurt",
            "--seed",
            "1",
            "--lang",
            "en",
            "--input",
            script.to_str().unwrap(),
        ],
        b"",
        data,
    )
}

const SCRIPT: &str = r#"[
    Choose("show_credentials"), Choose("count_goods"), Choose("check_invoices"), Choose("check_record"),
    Choose("order_removal"), Choose("go_decide"),
    Decide(measures: [NoPenalty, Education, OrderToRectify, SupervisedDestruction]),
]"#;

#[test]
fn a_megabyte_fact_key_gets_no_suggestion_and_is_not_echoed_whole() {
    let d = temp_dir("fact-key");
    let facts = d.join("facts.json");
    // Just under the 1 MiB limit for a facts file.
    std::fs::write(&facts, format!("{{\"{}\": true}}", "x".repeat(1_000_000))).unwrap();
    let r = run(
        &[
            "assess",
            "--violation",
            "food.expired_sale",
            "--facts",
            &format!("@{}", facts.display()),
        ],
        b"",
        &d,
    );
    refused(&r, "assess, 1 MB key", "unknown fact key");
    assert!(r.err.contains("…(1000000 characters)"), "{}", r.err);
}

#[test]
fn a_megabyte_fact_name_in_a_case_is_checked_at_once() {
    let d = temp_dir("fact-name");
    let case = std::fs::read_to_string(Path::new(ROOT).join("scenarios/food_expired_yogurt.ron"))
        .unwrap()
        .replacen(
            r#"establishes: ["goods_value", "months"]"#,
            &format!(r#"establishes: ["{}", "months"]"#, "y".repeat(1 << 20)),
            1,
        );
    std::fs::write(d.join("case.ron"), case).unwrap();
    let r = run(&["check", d.join("case.ron").to_str().unwrap()], b"", &d);
    refused(&r, "check, 1 MB fact name", "characters)");
    // Located, not shown: the line would flood the terminal.
    assert!(r.out.contains("case.ron:91:"), "{}", r.out);
    assert!(r.out.contains("bytes here, not shown"), "{}", r.out);
}

#[test]
fn endless_or_huge_files_are_refused_naming_the_limit() {
    let d = temp_dir("endless");
    let fifo = d.join("pipe.ron");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let fifo = fifo.to_str().unwrap();
    let big = d.join("big.ron");
    std::fs::write(
        &big,
        "[".to_string() + &"Choose(\"a\"), ".repeat(3 << 20 >> 3) + "]",
    )
    .unwrap();
    let big = big.to_str().unwrap();
    let zero = "/dev/zero";
    for (what, args, says) in [
        (
            "verify /dev/zero",
            vec!["verify", zero],
            "not a regular file",
        ),
        ("check /dev/zero", vec!["check", zero], "not a regular file"),
        ("check a FIFO", vec!["check", fifo], "not a regular file"),
        (
            "play --input /dev/zero",
            vec!["play", "food.expired_yogurt", "--input", zero],
            "not a regular file",
        ),
        (
            "play --input a FIFO",
            vec!["play", "food.expired_yogurt", "--input", fifo],
            "not a regular file",
        ),
        (
            "play --input 3 MB",
            vec!["play", "food.expired_yogurt", "--input", big],
            "larger than 1 MiB, the limit for this kind of file",
        ),
        (
            "assess --facts @/dev/zero",
            vec![
                "assess",
                "--violation",
                "food.expired_sale",
                "--facts",
                "@/dev/zero",
            ],
            "not a regular file",
        ),
        (
            "assess --decision a FIFO",
            vec![
                "assess",
                "--violation",
                "food.expired_sale",
                "--facts",
                "{}",
                "--decision",
                &format!("@{fifo}"),
            ],
            "not a regular file",
        ),
    ] {
        let r = run(&args, b"", &d);
        refused(&r, what, says);
    }
    // A content file past its limit.
    let huge = d.join("huge.ron");
    std::fs::write(&huge, "/".repeat(5 << 20)).unwrap();
    let r = run(&["check", huge.to_str().unwrap()], b"", &d);
    refused(&r, "check 5 MB", "larger than 4 MiB");
}

#[test]
fn a_script_of_a_hundred_thousand_inputs_is_refused_in_bounded_memory() {
    let d = temp_dir("many-inputs");
    let script = d.join("many.ron");
    std::fs::write(
        &script,
        "[".to_string() + &"Choose(\"a\"),".repeat(80_000) + "]",
    )
    .unwrap();
    let r = run(
        &[
            "play",
            "food.expired_yogurt",
            "--seed",
            "1",
            "--input",
            script.to_str().unwrap(),
        ],
        b"",
        &d,
    );
    refused(&r, "80,000 inputs", "a script holds at most 10000");
}

#[test]
fn a_byte_order_mark_is_accepted_in_scripts_and_facts() {
    let d = temp_dir("bom");
    let script = d.join("bom.ron");
    std::fs::write(&script, format!("\u{feff}{SCRIPT}")).unwrap();
    let r = play_script(&script, &d);
    assert_eq!(r.code, Some(0), "{}{}", r.out, r.err);
    let facts = d.join("facts.json");
    std::fs::write(&facts, "\u{feff}{\"party\": \"individual\"}").unwrap();
    let r = run(
        &[
            "assess",
            "--violation",
            "food.expired_sale",
            "--facts",
            &format!("@{}", facts.display()),
        ],
        b"",
        &d,
    );
    assert_eq!(r.code, Some(0), "{}{}", r.out, r.err);
}

#[test]
fn control_characters_in_a_choice_id_or_a_content_file_are_shown_escaped() {
    let d = temp_dir("controls");
    let script = d.join("nul.ron");
    std::fs::write(&script, "[Choose(\"show\u{0}\u{1b}[2J\")]").unwrap();
    let r = play_script(&script, &d);
    refused(&r, "NUL in a choice id", "is not a choice here");
    assert!(r.err.contains("show\\u{0}\\u{1b}[2J"), "{}", r.err);

    let case = d.join("escape.ron");
    std::fs::write(&case, "Scenario(id: \"a\u{1b}]0;owned\u{7}\", nonsense: 1)").unwrap();
    let r = run(&["check", case.to_str().unwrap()], b"", &d);
    assert_eq!(r.code, Some(1), "{}{}", r.out, r.err);
    quiet(
        &format!("{}{}", r.out, r.err),
        "check of a file with escapes",
    );
}

#[test]
fn a_megabyte_line_at_the_terminal_is_refused_and_play_goes_on() {
    let d = temp_dir("long-line");
    let mut stdin = "9".repeat(1 << 20).into_bytes();
    stdin.extend_from_slice(b"\n");
    let r = run(
        &["play", "food.expired_yogurt", "--seed", "1", "--lang", "en"],
        &stdin,
        &d,
    );
    // Input then ends before the case does: exit 1, the log kept.
    assert!(
        r.took < TIME && r.peak_kb < MEMORY_KB,
        "{:?} {} KB",
        r.took,
        r.peak_kb
    );
    assert_eq!(r.code, Some(1), "{}{}", r.out, r.err);
    assert!(
        r.err.contains("longer than 64 KiB, the limit for one line"),
        "{}",
        r.err
    );
    assert!(
        r.err.contains("input ended before the case did"),
        "{}",
        r.err
    );
    quiet(&r.out, "play after a long line");
}
