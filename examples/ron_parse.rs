//! The floor of the `check` benchmark (scripts/bench-cli.sh): a bare `ron` parse of every `.ron`
//! file under the directories given into `ron::Value` — reading and parsing, no validation.
//! Prints the files parsed and how many failed to parse.

fn main() {
    let mut files = Vec::new();
    for dir in std::env::args().skip(1) {
        collect(std::path::Path::new(&dir), &mut files);
    }
    let mut failed = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        if ron::from_str::<ron::Value>(&text).is_err() {
            failed += 1;
        }
    }
    println!("{} files parsed, {failed} failed", files.len());
}

fn collect(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "ron") {
            out.push(p);
        }
    }
}
