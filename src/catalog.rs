//! Finding and loading scenarios with their standards, and pinning their content hashes (for
//! session logs). Used by `play`, `test`-like tools and the desktop app.

use crate::content;
use crate::log::{sha256_hex, Pinned};
use crate::runtime::Case;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A loaded case and the content it pins.
#[derive(Clone)]
pub struct Loaded {
    pub case: Arc<Case>,
    pub scenario: Pinned,
    pub standards: Vec<Pinned>,
}

/// `what` is a scenario file, or a scenario id looked up in the content directory.
pub fn load(what: &str, content_dir: Option<&Path>) -> Result<Loaded, String> {
    let dir = content_dir
        .map(content::content_root)
        .or_else(crate::paths::content_dir);
    let path = if Path::new(what).is_file() {
        PathBuf::from(what)
    } else {
        let Some(dir) = &dir else {
            return Err(format!(
                "no scenario file `{what}`, and no scenarios/ directory to look it up in"
            ));
        };
        let lib = content::load(std::slice::from_ref(dir));
        match lib.scenarios.iter().find(|(_, s)| s.id.value == what) {
            Some((f, _)) => lib.sources.path(*f).to_path_buf(),
            None => {
                let ids: Vec<&String> = lib.scenarios.iter().map(|(_, s)| &s.id.value).collect();
                let hint =
                    crate::suggest::did_you_mean(what, ids.iter().copied()).unwrap_or_else(|| {
                        format!(
                            "known scenarios: {}",
                            ids.iter()
                                .map(|s| s.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
                return Err(format!("no scenario file or id `{what}`; {hint}"));
            }
        }
    };
    let standards_dir = dir.map(|d| d.join("standards"));
    let lib = content::load_with_standards(std::slice::from_ref(&path), standards_dir.as_deref());
    if lib.errors() > 0 {
        return Err(format!(
            "{} has {} error(s); run `cailiang check {}` to see them",
            path.display(),
            lib.errors(),
            path.display()
        ));
    }
    pinned(&lib, &path)
}

/// One scenario file with the standards of `standards_dir`; on errors, the diagnostics rendered
/// as `cailiang check` prints them (file:line:col, without colour).
pub fn load_file(path: &Path, standards_dir: Option<&Path>) -> Result<Loaded, String> {
    let lib = content::load_with_standards(&[path.to_path_buf()], standards_dir);
    if lib.errors() > 0 {
        return Err(crate::diag::render(
            &lib.sources,
            &lib.diagnostics,
            false,
            100,
        ));
    }
    pinned(&lib, path)
}

/// The library's first scenario as a case, pinned to the files it was read from.
fn pinned(lib: &content::Library, path: &Path) -> Result<Loaded, String> {
    let (sfile, scenario) = lib
        .scenarios
        .first()
        .ok_or_else(|| format!("{} holds no scenario", path.display()))?;
    let standards: Vec<_> = lib.standards.iter().map(|(_, s)| s.clone()).collect();
    let case = Case::new(scenario.clone(), &standards)?;
    let pin = |file: usize, id: &str| Pinned {
        id: id.to_string(),
        sha256: sha256_hex(&std::fs::read(lib.sources.path(file)).unwrap_or_default()),
        file: crate::diag::display_path(lib.sources.path(file)),
    };
    let used: Vec<Pinned> = lib
        .standards
        .iter()
        .filter(|(_, s)| scenario.standards.iter().any(|id| id.value == s.id.value))
        .map(|(f, s)| pin(*f, &s.id.value))
        .collect();
    Ok(Loaded {
        scenario: pin(*sfile, &scenario.id.value),
        standards: used,
        case: Arc::new(case),
    })
}

/// Every scenario in the content directory that loads cleanly, sorted by sector, level and id.
pub fn load_all(content_dir: &Path) -> Result<Vec<Loaded>, String> {
    let lib = content::load(&[content_dir.to_path_buf()]);
    if lib.errors() > 0 {
        return Err(format!(
            "{} has {} error(s); run `cailiang check {}`",
            content_dir.display(),
            lib.errors(),
            content_dir.display()
        ));
    }
    let standards: Vec<_> = lib.standards.iter().map(|(_, s)| s.clone()).collect();
    let pin = |file: usize, id: &str| Pinned {
        id: id.to_string(),
        sha256: sha256_hex(&std::fs::read(lib.sources.path(file)).unwrap_or_default()),
        file: crate::diag::display_path(lib.sources.path(file)),
    };
    let mut out = Vec::new();
    for (f, s) in &lib.scenarios {
        let Ok(case) = Case::new(s.clone(), &standards) else {
            continue;
        };
        let used = lib
            .standards
            .iter()
            .filter(|(_, st)| s.standards.iter().any(|id| id.value == st.id.value))
            .map(|(sf, st)| pin(*sf, &st.id.value))
            .collect();
        out.push(Loaded {
            scenario: pin(*f, &s.id.value),
            standards: used,
            case: Arc::new(case),
        });
    }
    out.sort_by(|a, b| {
        let (x, y) = (&a.case.scenario, &b.case.scenario);
        (x.sector, x.difficulty, &x.id.value).cmp(&(y.sector, y.difficulty, &y.id.value))
    });
    Ok(out)
}
