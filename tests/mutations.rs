//! Robustness: `cailiang check` on 500 randomly mutated copies of the shipped content never
//! panics and always exits 0 (clean) or 1 (errors found). The mutations come from a fixed seed,
//! so a failure reproduces; the failing copy is left in the temp directory for inspection.

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const COPIES: usize = 500;
const SEED: u64 = 20_261_121;

/// Text a typo might insert: RON punctuation, digits, letters, names of real things, Chinese.
const INSERTS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "'",
    "/*",
    "//",
    "r#\"",
    "\\",
    "-",
    ".",
    "0",
    "1e999",
    "-1",
    "9999999999999999999999",
    "None",
    "Some(",
    "true",
    "x",
    "Scene",
    "goto: \"nowhere\"",
    "Fixed(",
    "UniformInt(min: 5, max: 1)",
    "中",
    "\u{feff}",
    "\n",
    "  ",
    "Is(\"harm\")",
    "Timely",
];

fn shipped_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![Path::new(ROOT).join("scenarios")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "ron") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate(rng: &mut ChaCha8Rng, text: &str) -> String {
    let mut s = text.to_string();
    for _ in 0..rng.random_range(1..=3) {
        let len = s.len().max(1);
        let at = char_boundary(&s, rng.random_range(0..len));
        match rng.random_range(0..7) {
            0 => {
                let end = char_boundary(&s, at + rng.random_range(1..40));
                s.replace_range(at..end, "");
            }
            1 => s.insert_str(at, INSERTS.choose(rng).unwrap()),
            2 => {
                let end = char_boundary(&s, at + rng.random_range(1..12));
                let piece = s[at..end].to_string();
                s.insert_str(end, &piece);
            }
            3 => s.truncate(at),
            4 => {
                let mut lines: Vec<&str> = s.lines().collect();
                if lines.len() > 2 {
                    let a = rng.random_range(0..lines.len());
                    let b = rng.random_range(0..lines.len());
                    lines.swap(a, b);
                }
                s = lines.join("\n");
            }
            5 => {
                // Flip a digit, so numbers, probabilities and ranges change.
                if let Some((i, c)) = s[at..].char_indices().find(|(_, c)| c.is_ascii_digit()) {
                    let d = char::from(b'0' + rng.random_range(0..10u8));
                    s.replace_range(at + i..at + i + c.len_utf8(), &d.to_string());
                }
            }
            _ => {
                // Misspell an identifier-like word.
                if let Some((i, c)) = s[at..]
                    .char_indices()
                    .find(|(_, c)| c.is_ascii_alphabetic())
                {
                    s.replace_range(at + i..at + i + c.len_utf8(), "q");
                }
            }
        }
    }
    s
}

#[test]
fn check_survives_500_mutated_copies() {
    let files = shipped_files();
    assert!(
        files.len() >= 7,
        "expected the shipped standards and scenarios"
    );
    let dir = std::env::temp_dir().join(format!("cailiang-mutations-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut failures = Vec::new();
    let (mut clean, mut flagged) = (0, 0);
    for n in 0..COPIES {
        let original = files.choose(&mut rng).unwrap();
        let text = std::fs::read_to_string(original).unwrap();
        let mutated = mutate(&mut rng, &text);
        let path = dir.join(format!(
            "{n:03}_{}",
            original.file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&path, &mutated).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_cailiang"))
            .current_dir(ROOT)
            .env("NO_COLOR", "1")
            .args(["check", "--standards", "scenarios/standards"])
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) if !stderr.contains("panicked") => clean += 1,
            Some(1) if !stderr.contains("panicked") => flagged += 1,
            code => failures.push(format!(
                "{} (from {}): exit {code:?}\n{stderr}",
                path.display(),
                original.display()
            )),
        }
        if failures.is_empty() {
            std::fs::remove_file(&path).ok();
        }
    }
    assert!(
        failures.is_empty(),
        "{} mutated file(s) broke `check`:\n{}",
        failures.len(),
        failures.join("\n")
    );
    std::fs::remove_dir_all(&dir).ok();
    // Most mutations must be caught; if almost none were, the checks have gone blind.
    assert!(
        flagged > COPIES / 2,
        "only {flagged} of {COPIES} mutations were flagged ({clean} clean)"
    );
}
