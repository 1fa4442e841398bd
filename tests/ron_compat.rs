//! Our content is real RON: every shipped file also parses with the `ron` crate, so authors can
//! use any RON tooling (formatters, editor plugins) on it.

use std::path::Path;

#[test]
fn shipped_files_parse_with_the_ron_crate() {
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")];
    let mut n = 0;
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "ron") {
                let text = std::fs::read_to_string(&p).unwrap();
                if let Err(e) = ron::from_str::<ron::Value>(&text) {
                    panic!("{} is not valid RON for the ron crate: {e}", p.display());
                }
                n += 1;
            }
        }
    }
    assert!(n >= 7, "found only {n} files");
}
